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
    from bench.systems import _read_removals
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


def test_glued_spans_are_read_from_the_marks():
    assert furniture_eval.glued_spans("in ⟪2⟫ and ⟪SECRET⟫") == (
        "in 2 and SECRET",
        ((3, 4), (9, 15)),
    )
    assert furniture_eval.glued_spans("no marks") == ("no marks", ())
    with pytest.raises(ValueError, match="unbalanced"):
        furniture_eval.glued_spans("in ⟪2 and")
    with pytest.raises(ValueError, match="unbalanced"):
        furniture_eval.glued_spans("in ⟪⟫ and")


# Synthetic: a page number glued to a page's last words and a banner glued to the next page's
# first words; the second page's own banner line too.
GLUED_DOC = "\n".join(
    [
        "## Page 1",
        "The station reported that the source had left the country in May and",
        "would not come back before the end of the year, as he said 2",
        "## Page 2",
        "SECRET",
        "SECRET He went on with the story of the meeting at the embassy,",
        "and the source asked whether the files could be checked at all.",
    ]
)


def _glued_labels(tmp_path: Path, rows: list[tuple[int, str, str]]) -> Path:
    out = ["corpus\tfile\tline\tlabel\ttext"] + [
        f"jfk\tg.md\t{n}\t{lab}\t{t}" for n, lab, t in rows
    ]
    path = tmp_path / "labels" / "dev.tsv"
    path.parent.mkdir()
    path.write_text("\n".join(out) + "\n")
    (tmp_path / "corpus" / "jfk").mkdir(parents=True)
    (tmp_path / "corpus" / "jfk" / "g.md").write_text(GLUED_DOC + "\n")
    return path


def _strip_removing(monkeypatch, spans: dict[int, tuple[int, int]]) -> None:
    """The strip stage replaced by one that removes ``spans`` ((page number, line index) ->
    (start, end)), so the scoring is tested apart from what strip does."""
    from pipeline.core.enums import FurnitureKind
    from pipeline.core.results import Removal

    class Result:
        def __init__(self, removals):
            self.removals = removals

    def fake(pages, config, lexicon):
        out = []
        for (page, li), (a, b) in spans.items():
            text = pages[page - 1].lines[li].text[a:b]
            out.append(Removal(page, li, a, b, text, FurnitureKind.BANNER, ("x",), 1.0))
        return Result(out)

    monkeypatch.setattr(furniture_eval, "strip", fake)


def test_a_glued_span_left_is_counted_and_its_body_kept(tmp_path, monkeypatch):
    labels = _glued_labels(
        tmp_path,
        [
            (3, "B", "would not come back before the end of the year, as he said ⟪2⟫"),
            (6, "B", "⟪SECRET⟫ He went on with the story of the meeting at the embassy,"),
        ],
    )
    monkeypatch.setattr(furniture_eval, "LABELS", labels.parent)
    _strip_removing(monkeypatch, {})
    t = furniture_eval.evaluate("dev", tmp_path / "corpus", show=False)["jfk"]
    assert (t.glued, t.body, t.lost) == (2, 2, [])
    assert [w.split(": ", 1)[1] for w in t.glued_left] == ["'2'", "'SECRET'"]


def test_a_glued_span_removed_is_gone_and_the_body_part_is_what_can_be_lost(tmp_path, monkeypatch):
    line6 = "SECRET He went on with the story of the meeting at the embassy,"
    labels = _glued_labels(
        tmp_path,
        [
            (3, "B", "would not come back before the end of the year, as he said ⟪2⟫"),
            (6, "B", "⟪SECRET⟫ He went on with the story of the meeting at the embassy,"),
        ],
    )
    monkeypatch.setattr(furniture_eval, "LABELS", labels.parent)
    said = "would not come back before the end of the year, as he said 2"
    # Page 1 line 2: the "2" only; page 2 line 2: "SECRET He" (the span and a body word).
    _strip_removing(monkeypatch, {(1, 2): (len(said) - 1, len(said)), (2, 2): (0, 9)})
    t = furniture_eval.evaluate("dev", tmp_path / "corpus", show=False)["jfk"]
    assert (t.glued, t.glued_left) == (2, [])
    assert len(t.lost) == 1 and "g.md:6" in t.lost[0] and line6[:20] in t.lost[0]


def test_a_glued_mark_outside_a_body_row_stops_the_run(tmp_path, monkeypatch):
    labels = _glued_labels(tmp_path, [(5, "F", "⟪SECRET⟫")])
    monkeypatch.setattr(furniture_eval, "LABELS", labels.parent)
    with pytest.raises(SystemExit, match="B rows"):
        furniture_eval.evaluate("dev", tmp_path / "corpus", show=False)
