"""A redaction box takes the margin column of exemption codes level with any line of its own
paragraph (``stages.redaction_paragraphs``; issue 14).

The FBI prints a paragraph's codes once, in the right margin, most often level with its first
line; on the Carter Page FISA release's page 55 (dev, ``tests/data/redactions/SOURCE.md``) the
column of the certification's first paragraph stands level with its last line, two lines below
the bar "with regard to the [ ]", too far below for the rule "the column above, or one just
under it", so that bar had no code. A paragraph is found from the page's lines: each line at
the text's left edge continues the one above it, an indented line or a blank line starts one.
A mark left of the text (page 55's stepped blots in the left margin) is beside no paragraph and
takes no column.

Synthetic word boxes (96 dpi, the release's double-spaced layout: lines 41 px apart, 12 px
tall, text edge at x=137, first lines indented to x=183), and the real dev page 55 read by the
real Tesseract through the OCR stage.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from bench.redaction_render import render
from bench.redactions_eval import read_page, score
from pipeline.core.config import OcrSettings
from pipeline.core.records import BBox, Word
from pipeline.stages import ingest
from pipeline.stages.ocr import ocr_page
from pipeline.stages.redaction_codes import _codes_beside
from pipeline.stages.redaction_paragraphs import Paragraphs

DATA = Path(__file__).parent / "data" / "redactions"
FOUR = ("(b)(1)", "(b)(3)", "(b)(7)(A)", "(b)(7)(E)")
EDGE, INDENT, STEP = 137, 183, 41


def _line(i: int, left: int = EDGE, right: int = 660) -> Word:
    """The words of text line ``i`` as one word box (a line's left edge is what counts)."""
    return Word("text", 90.0, BBox(left, 100 + STEP * i, right - left, 12))


def _column(top: int, left: int = 695) -> list[Word]:
    """An FBI margin column: "b1-1" "b3-1" "b7A-1" "b7E-1,2" stacked 18 px apart."""
    texts = ("b1-1", "b3-1", "b7A-1", "b7E-1,2")
    return [Word(t, 90.0, BBox(left, top + 18 * i, 8 * len(t), 11)) for i, t in enumerate(texts)]


def _page(starts: dict[int, int], n: int = 9) -> list[Word]:
    """``n`` lines, line ``i`` starting at ``starts.get(i, EDGE)``."""
    return [_line(i, starts.get(i, EDGE)) for i in range(n)]


def test_a_bar_takes_the_column_level_with_its_paragraphs_last_line():
    # Page 55's layout: a paragraph of lines 0-4 (line 0 indented), a bar at line 2's end,
    # the column level with line 4 (its last), the next paragraph indented at line 5.
    lines = _page({0: INDENT, 5: INDENT})
    bar = BBox(626, 100 + STEP * 2 - 4, 67, 20)
    column = _column(100 + STEP * 4 - 3)
    words = lines + column
    paragraphs = Paragraphs(lines, [bar], 96)
    got = _codes_beside(bar, words, 96, [column], paragraphs=paragraphs)
    assert got.codes == FOUR and got.paragraph
    # Without the paragraph, the column 0.6 in below the bar is out of reach (the old rule).
    assert _codes_beside(bar, words, 96, [column]).codes == ()


def test_a_column_level_with_the_next_paragraph_is_not_the_bars():
    # The column stands level with line 5, an indented first line: the next paragraph's.
    lines = _page({0: INDENT, 5: INDENT})
    bar = BBox(626, 100 + STEP * 2 - 4, 67, 20)
    column = _column(100 + STEP * 5 - 3)
    got = _codes_beside(bar, lines + column, 96, [column], paragraphs=Paragraphs(lines, [bar], 96))
    assert got.codes == ()


def test_a_blank_line_ends_a_paragraph_of_unindented_lines():
    # Block paragraphs (no indent): lines 0-2, a blank line, lines 3-5 (so the line after the
    # gap stands 2 steps below); the column level with line 3 is the second paragraph's.
    lines = [_line(i) for i in (0, 1, 2)] + [_line(i + 1) for i in (3, 4, 5)]
    bar = BBox(400, 100 + STEP - 4, 100, 20)
    column = _column(100 + STEP * 4 - 3)
    paragraphs = Paragraphs(lines, [bar], 96)
    assert _codes_beside(bar, lines + column, 96, [column], paragraphs=paragraphs).codes == ()
    # The same column one line up, level with line 2, is the bar's paragraph's.
    column = _column(100 + STEP * 2 - 3)
    got = _codes_beside(bar, lines + column, 96, [column], paragraphs=paragraphs)
    assert got.codes == FOUR


def test_a_bar_at_a_lines_start_is_where_its_line_starts():
    # Page 55's "[ ] requested in this verified application": the words start at x=356, the
    # bar at the text's edge; the line continues the paragraph, so the column below is its.
    lines = _page({0: INDENT, 5: INDENT})
    lines[3] = _line(3, 356)
    bar = BBox(136, 100 + STEP * 3 - 4, 218, 21)
    column = _column(100 + STEP * 4 - 3)
    paragraphs = Paragraphs(lines, [bar], 96)
    assert paragraphs.level(bar, BBox(695, 100 + STEP * 4 - 3, 60, 65))
    assert not Paragraphs(lines, [], 96).level(
        BBox(626, 100 + STEP * 2 - 4, 67, 20), column[0].bbox
    )  # type: ignore[arg-type]


def test_a_mark_left_of_the_text_takes_no_column():
    # Page 55's stepped blots in the left margin (x 38-108, the text at 137): a column 0.3 in
    # above them was theirs by the "column above" rule.
    lines = _page({0: INDENT, 5: INDENT})
    blot = BBox(38, 100 + STEP * 5 - 3, 70, 55)
    column = _column(100 + STEP * 4 - 3)
    words = lines + column
    assert _codes_beside(blot, words, 96, [column]).codes == FOUR
    got = _codes_beside(blot, words, 96, [column], paragraphs=Paragraphs(lines, [blot], 96))
    assert got.codes == ()


def test_the_texts_edge_is_found_where_most_lines_start_with_a_bar():
    # Page 33's layout: most lines start with a bar, so their words start further right, each
    # line at another place; the bars on the lines give the text's edge, and the blot in the
    # left margin (27 px tall, under two lines' height) is still left of it.
    lines = [_line(i, left) for i, left in enumerate((158, 182, 258, 286, 333, 405, 187))]
    bars = [
        BBox(EDGE - 1, 100 + STEP * i - 4, left - EDGE - 8, 20)
        for i, left in enumerate((158, 182, 258, 286, 333, 405, 187))
    ]
    blot = BBox(38, 100 + STEP * 6 - 4, 66, 27)
    paragraphs = Paragraphs(lines, [*bars, blot], 96)
    assert abs(paragraphs.edge - (EDGE - 1)) <= 2  # type: ignore[operator]
    assert paragraphs.left_of_text(blot) and not paragraphs.left_of_text(bars[6])
    assert Paragraphs(lines, [blot], 96).edge is None  # the words alone give none


def test_fisa_page_55_both_bars_take_their_paragraphs_column():
    f = DATA / "fbi-carter-page-fisa-2016-p55.json"
    labels, page = read_page(f)
    s = score(f.stem, labels["redactions"], page.redactions, page)
    assert (s.found, s.labelled, s.false) == (5, 5, [])
    assert (s.coded, s.codes_exact, s.codes_wrong) == (2, 2, 0)
    # The stepped blots and the block in the left margin take no column, and the block no
    # "(C)" of the list label on its row (labelled null).
    left = [r for r in page.redactions if r.bbox is not None and r.bbox.right < 120]
    assert len(left) == 3 and [r.codes for r in left] == [(), (), ()]


@pytest.mark.xfail(
    strict=True,
    reason="the column's 'b1-1' is read as no code, and no reading again finds it: a reading "
    "miss, not the paragraph's (3 of the 4 codes found)",
)
def test_rendered_paragraph_column_every_code_read():
    # bench/redaction_render.py's fbi-paragraphs (synthetic, dev): DejaVu Serif 150 dpi, seed 5,
    # a bar at a paragraph's last line's start, its column level with the paragraph's first.
    r = render("fbi-paragraphs", "dev", "DejaVuSerif", 150, 5)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{r.name}.png"
        r.image.save(path, dpi=(r.dpi, r.dpi))
        page = ocr_page(ingest.page_refs(ingest.discover([path])[0][0])[0], OcrSettings())
    s = score(r.name, r.labels()["redactions"], page.redactions, page)
    assert s.found == s.labelled == 1
    assert (s.codes_exact, s.codes_wrong) == (1, 0)
