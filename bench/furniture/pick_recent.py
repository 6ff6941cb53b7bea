"""The rule that chose the ``jfk-recent`` dev documents (issue 14, session 25, lead's decision).

The dev split held no document of NARA's 2023 or 2025 JFK releases; ``bench/furniture/README.md``
(section "The 2023 and 2025 releases") says why and what the rule is. This gives the rule's
documents back from a local copy of noops888/jfk-files-text @55840853 (names and blob sizes
from the tree; no text is read):

    python -m bench.furniture.pick_recent /path/to/jfk-files-text.git

prints ``name<TAB>path in the repository<TAB>bytes`` per document.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMMIT = "55840853"
FOLDERS = ("extracted_text/releases/2023", "extracted_text/releases/2025")
HELD = ("jfk-more", "jfk-176", "jfk-state")
SMALLEST, LARGEST = 1_000, 40_000  # bytes of the blob
EVERY, FIRST = 180, 90  # every 180th from the 90th (1-based)
TAIL = re.compile(r"(_redacted)?\s*[\[(].*$|_redacted$")
SEALED = re.compile(r"_docid_\d+(_sealed)?$")


def record_number(stem: str) -> str:
    """``104-10105-10290[c00551619]`` -> ``104-10105-10290``; a ``2025__0318__`` prefix goes.

    This is the match the written rules ran with: it keeps a sealed file's ``_docid_…_sealed``
    tail, so the 2022 candidate ``144-10001-10286_docid_6782167_sealed`` stayed in the list
    beside jfk-recent's dev ``2025__0318__144-10001-10286`` (both dev). Changing it would move
    the rules' picks; ``record_id`` is the full match for checks."""
    return TAIL.sub("", stem.split("__")[-1])


def record_id(stem: str) -> str:
    """NARA's record number of a file stem, every tail gone: ``record_number`` less a sealed
    file's ``_docid_6782908_sealed``, e.g. ``2022__144-10001-10326_docid_6782908_sealed`` ->
    ``144-10001-10326``."""
    return SEALED.sub("", record_number(stem))


def excluded(corpus: Path, held: tuple[str, ...] = HELD) -> set[str]:
    """Record numbers never taken: the jfk test list, the shared corpus, the ``held`` dev
    folders of ``bench/furniture/``."""
    names = list(json.loads((ROOT / "bench" / "splits.json").read_text())["jfk"]["test"])
    names += [p.name for p in (corpus / "jfk").glob("*.md")]
    for folder in held:
        names += [p.name for p in (ROOT / "bench" / "furniture" / folder).glob("*.md")]
    return {record_number(n.removesuffix(".md")) for n in names}


def candidates(
    repo: Path, corpus: Path, folders: tuple[str, ...] = FOLDERS, held: tuple[str, ...] = HELD
) -> list[tuple[str, str, int]]:
    """Every file of ``folders`` a rule of this kind may take, as (name, path in the repository,
    bytes), in name order: less the record numbers of ``excluded(corpus, held)`` and of the 176-
    series, less blobs outside ``SMALLEST``..``LARGEST`` bytes or missing from the snapshot.
    ``repo`` is a git copy of noops888/jfk-files-text holding commit ``COMMIT``. Raises
    ``CalledProcessError`` when git cannot list the commit's tree."""
    tree = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "-r", "-l", COMMIT, *folders],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    skip = excluded(corpus, held)
    found: list[tuple[str, str, int]] = []
    for row in tree.splitlines():
        meta, path = row.split("\t", 1)
        size = meta.split()[3]
        if not size.isdigit():  # a blob the snapshot copy lacks
            continue
        parts = path.split("/")[2:]  # year, [folder], file
        number = record_number(parts[-1].removesuffix(".md"))
        if number in skip or number.startswith("176-"):
            continue
        if SMALLEST <= int(size) <= LARGEST:
            found.append(("__".join(parts), path, int(size)))
    found.sort()
    return found


def pick(repo: Path, corpus: Path) -> list[tuple[str, str, int]]:
    """The rule's documents as (name, path in the repository, bytes), in name order."""
    return candidates(repo, corpus)[FIRST - 1 :: EVERY]


def main(
    argv: list[str] | None = None,
    rule: Callable[[Path, Path], list[tuple[str, str, int]]] = pick,
    about: str = __doc__ or "",
) -> int:
    """Print the documents of ``rule`` (this module's ``pick``, or another pick script's)."""
    parser = argparse.ArgumentParser(description=about.splitlines()[0])
    parser.add_argument("repo", type=Path, help="a git copy of noops888/jfk-files-text")
    parser.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus"))
    args = parser.parse_args(argv)
    for name, path, size in rule(args.repo, args.corpus):
        print(f"{name}\t{path}\t{size}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
