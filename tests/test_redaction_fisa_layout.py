"""FBI pages of the Carter Page FISA release laid out like its held-out page 4 (dev pages 2, 3,
6, 7, 8, 25, 28 and 33, chosen by layout: ``tests/data/redactions/SOURCE.md``) and the classes
they showed (issue 14).

- A page half under redaction blocks: its median grey is black, so it was taken for a negative
  and inverted, its paper read as 34 bars and its four bars lost (page 3). A negative's
  margins are dark too; this page's are white paper (``pageimage._uninvert``).
- A margin column whose left edge stands a few pixels left of the end of the bar beside it (a
  bar drawn past the text's edge) was taken for a column over or under the bar, not beside
  it, and the bar and the block it touches had no code (page 2; ``redaction_codes.OVER``).
- A margin column's code level with a bar's end, a word space from it, was read as that bar's
  own code printed after it ("[bar] (b)(3)", CIA), because a block further up the page reaches
  further right than the column's left edge; the column broke in two and its last codes went
  one to a bar (page 28). The margin is judged against the boxes on the code's rows.
- A page with little text and a blot of touching bars (an L, 500 by 41 px) had its DPI
  estimated from the blot as type 41 px tall: 300 dpi, not 96, and its bars, 20 px tall, were
  too short for a bar at 300 (page 33; 8 of the release's 82 dev pages were read so).
  ``pageimage._type_height`` leaves out blots, a quarter of whose ink outlasts an erosion.
- Two bars side by side on one row, a few pixels of paper between them, were each the other's
  text line, so both were taken for glyphs run together (page 28: 3 and 8 px apart;
  ``redaction_blots.level_with``).
- A bar too narrow for a bar's width, judged by its shape, had the bar at the next line's start
  counted as glyphs of its line (page 33); still missed: one 13 px of paper from its "(S)"
  (page 34, a strict xfail).

Synthetic pixels, boxes and words for the rules; the real dev pages (labelled by hand from the
image) through ``find_bars`` (pixels only) and two pages read by the real Tesseract through the
OCR stage.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bench.redactions_eval import iou, read_page, score
from pipeline.core.records import BBox, Word
from pipeline.stages.pageimage import estimate_dpi
from pipeline.stages.redaction import find_bars
from pipeline.stages.redaction_blots import level_with
from pipeline.stages.redaction_codes import _codes_beside, in_margin

DATA = Path(__file__).parent / "data" / "redactions"
FOUR = ("(b)(1)", "(b)(3)", "(b)(7)(A)", "(b)(7)(E)")


def _column(left: int, top: int) -> list[Word]:
    """An FBI margin column (96 dpi): "b1-1" "b3-1" "b7A-1" "b7E-1, 2" stacked 18 px apart."""
    texts = ("b1-1", "b3-1", "b7A-1", "b7E-1,2")
    return [Word(t, 90.0, BBox(left, top + 18 * i, 8 * len(t), 11)) for i, t in enumerate(texts)]


def test_bars_side_by_side_on_one_row_are_both_bars():
    # 96 dpi, nothing else on the rows: two bars 3 px apart on one line, a long bar and a
    # short one 8 px apart on the next (page 28's first lines).
    gray = np.full((200, 815), 255, np.uint8)
    bars = [BBox(136, 40, 121, 21), BBox(260, 40, 387, 21), BBox(136, 81, 506, 21)]
    bars.append(BBox(650, 81, 24, 21))
    for b in bars:
        gray[b.top : b.bottom, b.left : b.right] = 0
    found = [b for b, _ in find_bars(gray, dpi=96)]
    for b in bars:
        assert any(iou(b, f) > 0.8 for f in found), b


def test_only_a_bar_level_with_a_box_is_its_twin():
    box = BBox(136, 40, 121, 21)
    twin, lower, taller = BBox(260, 40, 387, 21), BBox(260, 46, 387, 21), BBox(260, 36, 30, 30)
    over = BBox(140, 40, 50, 21)  # the same columns: part of it, not beside it
    assert level_with(box, [box, twin, lower, taller, over], 96) == [twin]


def test_a_column_a_few_pixels_over_a_bars_end_is_beside_it():
    # Page 2: the bar ends at x=704; the column starts at 698, 6 px left of that end, and
    # stands above it (the paragraph's first lines).
    bar = BBox(419, 234, 285, 40)
    column = _column(698, 139)
    got = _codes_beside(bar, column, 96, [column])
    assert got.codes == FOUR
    # A column over the box's columns (its whole width over them) is not beside it.
    wide = BBox(600, 234, 200, 40)
    assert _codes_beside(wide, column, 96, [column]).codes == ()


def test_the_margin_is_judged_against_the_boxes_on_its_rows():
    # Page 28: a block reaching x=714 on rows 352-677; a column at x=700 beside bars ending at
    # 688 further down is in the margin there, not on the block's rows.
    block, bar = BBox(116, 352, 598, 325), BBox(135, 810, 553, 20)
    words = [Word("withheld", 90.0, BBox(136, 700 + 40 * i, 520, 14)) for i in range(3)]
    margin = in_margin(words, [block, bar], 96)
    assert margin(BBox(700, 812, 40, 11))
    assert not margin(BBox(700, 500, 40, 11))


def test_fisa_page_28_bars_side_by_side_are_found():
    labels = json.loads((DATA / "fbi-carter-page-fisa-2016-p28.json").read_text())
    gray = np.asarray(Image.open(DATA / labels["image"]).convert("L"))
    found = [b for b, _ in find_bars(gray, dpi=96)]
    for lab in labels["redactions"]:
        want = BBox(*lab["bbox"])
        assert any(iou(want, f) >= 0.5 for f in found), lab["text_around"]


def test_fisa_page_3_half_under_blocks_is_read_as_a_positive_page():
    f = DATA / "fbi-carter-page-fisa-2016-p3.json"
    labels, page = read_page(f)
    assert not any(s.startswith("invert(") for s in page.preprocessing)
    s = score(f.stem, labels["redactions"], page.redactions, page)
    assert (s.found, s.labelled, s.false) == (4, 4, [])
    assert (s.codes_exact, s.codes_wrong) == (4, 0)


def test_fisa_page_2_blot_takes_the_column_over_its_bars_end():
    f = DATA / "fbi-carter-page-fisa-2016-p2.json"
    labels, page = read_page(f)
    s = score(f.stem, labels["redactions"], page.redactions, page)
    assert (s.found, s.labelled, s.false) == (5, 5, [])
    assert (s.coded, s.codes_exact, s.codes_wrong) == (2, 2, 0)


def test_fisa_page_33_blot_is_no_type_for_the_dpi_estimate():
    gray = np.asarray(Image.open(DATA / "fbi-carter-page-fisa-2016-p33.png").convert("L"))
    dpi, reason = estimate_dpi(gray, 300)
    assert dpi == 96, reason
    # A page of blots alone (42 L-shaped pairs of touching bars, no type) has no type to
    # measure: its long side gives its DPI (the blots, 40 px tall, gave 300 dpi).
    blots = np.full((1055, 815), 255, np.uint8)
    for top in range(100, 900, 60):
        for x in (60, 310, 560):
            blots[top : top + 20, x + 60 : x + 200] = 0
            blots[top + 20 : top + 40, x : x + 100] = 0
    assert estimate_dpi(blots, 300) == (96, "long side 1055 px as Letter 11 in, no type to measure")


def _bars_enlarged(page: str, top: int, bottom: int) -> list[BBox]:
    """``find_bars`` on rows ``top`` to ``bottom`` of a dev page, enlarged three times as the
    OCR stage enlarges a 96-dpi page (boxes in the enlarged crop's pixels)."""
    gray = np.asarray(Image.open(DATA / f"fbi-carter-page-fisa-2016-{page}.png").convert("L"))
    crop = Image.fromarray(np.ascontiguousarray(gray[top:bottom]))
    big = np.asarray(crop.resize((crop.width * 3, crop.height * 3), Image.Resampling.LANCZOS))
    return [b for b, _ in find_bars(big, dpi=288)]


def test_fisa_page_33_small_bar_over_a_bar_below_sits_on_its_line():
    # Page 33 (dev), its rows 480-560 enlarged three times as the OCR stage enlarges a 96-dpi
    # page: a bar 14 px wide (42 enlarged, under MIN_WIDTH_IN, so judged by its shape) before
    # "(S)", a bar at the next line's start touching nothing of it but standing under "(S)".
    # That lower bar is no glyph of the small bar's line: counted in, the line was 30 px tall
    # with one glyph, and the small bar was lost. Other bars are left out of its line now.
    small = BBox(162 * 3, (501 - 480) * 3, 14 * 3, 21 * 3)
    found = _bars_enlarged("p33", 480, 560)
    assert max((iou(small, b) for b in found), default=0.0) >= 0.8, found


@pytest.mark.xfail(
    strict=True,
    reason="page 34's 11-px bar stands 13 px of paper from '(S)', past NEAR_GAP_IN (0.12 in "
    "= 11.5 px at 96 dpi): no text line beside it, so no short bar",
)
def test_fisa_page_34_small_bar_far_from_its_s_is_found():
    # Page 34 (dev, labelled by layout in session 29), rows 100-170 enlarged three times: an
    # 11 by 20 px bar before "(S)", 13 px of paper between them.
    small = BBox(164 * 3, (118 - 100) * 3, 11 * 3, 20 * 3)
    found = _bars_enlarged("p34", 100, 170)
    assert max((iou(small, b) for b in found), default=0.0) >= 0.8, found
