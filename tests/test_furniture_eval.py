"""bench/furniture_eval.py: labelled lines scored against what the strip stage removed.

The document is synthetic (a two-page text with a release line, banners and page numbers,
written here); the labels file is the benchmark's format.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import furniture_eval

DOC = "\n".join(
    [
        "## Page 1",
        "2022 RELEASE UNDER THE PRESIDENT JOHN F. KENNEDY ASSASSINATION RECORDS ACT OF 1992",
        "SECRET",
        "The station reported that the source had left the country in May and",
        "would not come back before the end of the year, as he had said.",
        "SECRET",
        "## Page 2",
        "SECRET",
        "The second page went on with the story of the meeting at the embassy,",
        "and the source asked whether the files could be checked at all.",
        "SECRET",
    ]
)


def _labels(tmp_path: Path, rows: list[tuple[int, str]]) -> Path:
    lines = DOC.split("\n")
    out = ["corpus\tfile\tline\tlabel\ttext"]
    out += [f"jfk\tdoc.md\t{n}\t{lab}\t{lines[n - 1]}" for n, lab in rows]
    path = tmp_path / "labels" / "dev.tsv"
    path.parent.mkdir()
    path.write_text("\n".join(out) + "\n")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "corpus" / "jfk").mkdir(parents=True)
    (tmp_path / "corpus" / "jfk" / "doc.md").write_text(DOC + "\n")
    return tmp_path / "corpus"


def test_furniture_gone_and_body_kept_are_counted(tmp_path, corpus, monkeypatch):
    labels = _labels(tmp_path, [(1, "F"), (2, "F"), (3, "F"), (4, "B"), (9, "B"), (11, "F")])
    monkeypatch.setattr(furniture_eval, "LABELS", labels.parent)
    tallies = furniture_eval.evaluate("dev", corpus, show=False)
    t = tallies["jfk"]
    assert (t.furniture, t.body) == (4, 2)
    assert t.left == [] and t.lost == []


def test_a_mislabelled_line_shows_as_lost_or_left(tmp_path, corpus, monkeypatch):
    # The release line labelled as body is "lost"; a body line labelled furniture is "left".
    labels = _labels(tmp_path, [(2, "B"), (4, "F")])
    monkeypatch.setattr(furniture_eval, "LABELS", labels.parent)
    t = furniture_eval.evaluate("dev", corpus, show=False)["jfk"]
    assert len(t.lost) == 1 and "RELEASE UNDER" in t.lost[0]
    assert len(t.left) == 1 and "station reported" in t.left[0]


def test_a_label_that_is_not_the_files_line_stops_the_run(tmp_path, corpus, monkeypatch):
    labels = _labels(tmp_path, [(4, "B")])
    labels.write_text(labels.read_text().replace("station", "embassy"))
    monkeypatch.setattr(furniture_eval, "LABELS", labels.parent)
    with pytest.raises(SystemExit, match="does not match"):
        furniture_eval.evaluate("dev", corpus, show=False)


def test_kept_share():
    from pipeline.core.enums import FurnitureKind
    from pipeline.core.results import Removal

    cut = Removal(1, 0, 0, 6, "SECRET", FurnitureKind.BANNER, ("x",), 1.0)
    hyphen = Removal(1, 0, 10, 11, "-", FurnitureKind.HYPHEN, ("x",), 1.0)
    assert furniture_eval.kept_share("SECRET", [cut]) == (0.0, 6)
    assert furniture_eval.kept_share("SECRET abc-", [cut, hyphen]) == (0.4, 6)


def test_the_bench_counts_no_line_join_as_a_removal(tmp_path):
    # Synthetic removed.jsonl: a banner and a page's line-join record (no text removed); the
    # bench's removal counts (bench.run, results' removed_by_kind) take the banner only.
    from bench.run import _read_removals
    from pipeline.core.enums import FurnitureKind
    from pipeline.core.results import Removal

    banner = Removal(1, 0, 0, 6, "SECRET", FurnitureKind.BANNER, ("x",), 1.0)
    join = Removal(1, 1, 40, 40, "", FurnitureKind.LINE_JOIN, ("y",), 1.0, None, (1, 2), ())
    path = tmp_path / "removed.jsonl"
    path.write_text("".join(json.dumps(r.to_dict()) + "\n" for r in (banner, join)))
    assert [r["kind"] for r in _read_removals(path)] == ["banner"]


def test_a_text_held_next_to_the_labels_is_read_from_there(tmp_path, corpus, monkeypatch):
    # jfk-more: texts labelled from outside the shared corpus live in bench/furniture/<corpus>/.
    labels = _labels(tmp_path, [(3, "F"), (4, "B")])
    labels.write_text(labels.read_text().replace("jfk\t", "jfk-more\t"))
    (labels.parent / "jfk-more").mkdir()
    (labels.parent / "jfk-more" / "doc.md").write_text(DOC + "\n")
    monkeypatch.setattr(furniture_eval, "LABELS", labels.parent)
    t = furniture_eval.evaluate("dev", corpus, show=False)["jfk-more"]
    assert (t.furniture, t.body, t.left, t.lost) == (1, 1, [], [])


def test_windows_start_at_the_first_prose_line():
    # Synthetic lines: two lines of a form, then prose.
    lines = ["FORM 610", "SECRET"] + [
        f"The station reported the news on day {n} of it." for n in range(7)
    ]
    assert furniture_eval.windows(lines, 3, every=False) == [(3, 5)]
    assert furniture_eval.windows(lines, 3, every=True) == [(3, 5), (6, 8), (9, 9)]
    assert furniture_eval.windows(["SECRET", "12"], 3, every=True) == []


def test_an_excerpt_is_stripped_alone_and_scored_on_its_own_labels(tmp_path, corpus, monkeypatch):
    # The release line (line 2) is the first line that reads as prose, so the excerpt of 4
    # lines holds lines 2-5: the label before it and those after it are not scored.
    labels = _labels(tmp_path, [(1, "F"), (2, "F"), (3, "F"), (4, "B"), (6, "F"), (9, "B")])
    monkeypatch.setattr(furniture_eval, "LABELS", labels.parent)
    t = furniture_eval.evaluate("dev", corpus, show=False, excerpt=4)["jfk"]
    assert (t.furniture, t.body) == (2, 1)
    # Every window: lines 2-5, 6-9 and 10-11, each stripped alone.
    t = furniture_eval.evaluate("dev", corpus, show=False, excerpt=4, every=True)["jfk"]
    assert (t.furniture, t.body) == (3, 2)
    assert t.left == [] and t.lost == []
