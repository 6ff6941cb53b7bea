"""The held dev documents of the by-year exceptions (``jfk-recent``, ``jfk-2022``,
``jfk-prose``: issue 14, bench/furniture/README.md) are the ones their written rule gives, and
none shares a record number with a test document.

In the wild: noops888/jfk-files-text @55840853, held in ``bench/furniture/<key>/``. The rule is
checked against a git copy of that repository when this machine has one (``$JFK_FILES_TEXT_GIT``,
else the mirror path below); without it only the held files and ``bench/splits.json`` are
checked.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from bench.furniture import pick_2022, pick_heads, pick_opening, pick_prose, pick_recent
from bench.material import REPO, shared_dir, splits

FOLDERS = REPO / "bench" / "furniture"
SNAPSHOT = Path(os.environ.get("JFK_FILES_TEXT_GIT", "/work/.mirror/noops888+jfk-files-text/repo"))
RULES = {
    "jfk-recent": pick_recent,
    "jfk-2022": pick_2022,
    "jfk-prose": pick_prose,
    "jfk-opening": pick_opening,
    "jfk-heads": pick_heads,
}


@pytest.mark.parametrize("key", sorted(RULES))
def test_held_files_are_the_split_list_and_share_no_test_record(key: str) -> None:
    held = sorted(p.name for p in (FOLDERS / key).glob("*.md"))
    assert held and held == sorted(splits()[key]["dev"])
    test = {pick_recent.record_id(n.removesuffix(".md")) for n in splits()["jfk"]["test"]}
    mine = {pick_recent.record_id(n.removesuffix(".md")) for n in held}
    assert not mine & test
    if key not in ("jfk-prose", "jfk-opening"):  # these keep the 176- series in, as the test has
        assert not any(n.startswith("176-") for n in mine)


def test_the_2022_pick_is_of_the_2022_release() -> None:
    held = splits()["jfk-2022"]["dev"]
    assert all(n.startswith("2022__") for n in held) and len(held) == 12


@pytest.mark.parametrize("key", sorted(RULES))
def test_the_written_rule_gives_the_held_files_back(key: str) -> None:
    shared = shared_dir()
    if not (SNAPSHOT / "objects").is_dir() or shared is None:
        pytest.skip("no copy of noops888/jfk-files-text or no shared corpus on this machine")
    picked = RULES[key].pick(SNAPSHOT, shared / "corpus")
    assert [name for name, _, _ in picked] == sorted(splits()[key]["dev"])
    for name, path, size in picked:
        blob = subprocess.run(
            ["git", "-C", str(SNAPSHOT), "cat-file", "blob", f"{pick_recent.COMMIT}:{path}"],
            capture_output=True, check=True,
        ).stdout  # fmt: skip
        assert len(blob) == size and (FOLDERS / key / name).read_bytes() == blob, name


def test_record_id_drops_every_file_name_tail() -> None:
    assert pick_recent.record_id("2022__144-10001-10326_docid_6782908_sealed") == "144-10001-10326"
    assert pick_recent.record_id("2025__0318__104-10105-10290[c00551619]") == "104-10105-10290"
    assert pick_recent.record_id("104-10105-10290_redacted") == "104-10105-10290"


def test_the_opening_pick_opens_with_prose_and_shares_no_held_document() -> None:
    """Each ``jfk-opening`` file's first prose line is within its first 15 lines, and no record
    of it is held in another slice (``jfk-prose`` included)."""
    held = splits()["jfk-opening"]["dev"]
    assert len(held) == pick_opening.TAKE
    for name in held:
        text = (FOLDERS / "jfk-opening" / name).read_text(encoding="utf-8")
        assert pick_opening.opens_with_prose(text), name
    others = {
        pick_recent.record_id(n.removesuffix(".md"))
        for key in pick_opening.HELD
        for n in splits().get(key, {}).get("dev", [])
    }
    assert not {pick_recent.record_id(n.removesuffix(".md")) for n in held} & others


def test_opens_with_prose_wants_the_prose_near_the_top() -> None:
    prose = "The following report is one of a series of reports on the matter."
    assert pick_opening.opens_with_prose("\n".join([prose] * 25))
    assert not pick_opening.opens_with_prose("\n".join(["SECRET"] * 15 + [prose] * 25))
    assert not pick_opening.opens_with_prose("\n".join([prose] * 5))


def test_the_heads_pick_has_long_heads_of_dev_years_and_shares_no_held_document() -> None:
    """Each ``jfk-heads`` file is of a dev release year (2018, 2021), its first prose line is
    line 16-45, and no record of it is held in another slice."""
    held = splits()["jfk-heads"]["dev"]
    assert len(held) == pick_heads.TAKE
    for name in held:
        assert name.startswith(("2018__", "2021__")), name
        text = (FOLDERS / "jfk-heads" / name).read_text(encoding="utf-8")
        assert pick_heads.has_long_head(text), name
    others = {
        pick_recent.record_id(n.removesuffix(".md"))
        for key in pick_heads.HELD
        for n in splits().get(key, {}).get("dev", [])
    }
    assert not {pick_recent.record_id(n.removesuffix(".md")) for n in held} & others


def test_has_long_head_wants_the_prose_after_line_15() -> None:
    prose = "The following report is one of a series of reports on the matter."
    assert pick_heads.has_long_head("\n".join(["SECRET"] * 15 + [prose] * 25))
    assert not pick_heads.has_long_head("\n".join([prose] * 25))
    assert not pick_heads.has_long_head("\n".join(["SECRET"] * 45 + [prose] * 25))
