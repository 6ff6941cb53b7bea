"""FBI pages 15 to 24 of the Carter Page FISA release (dev) and the classes they showed (issue 14).

- A bar after "(TS//NF)" or after a paragraph's last words, touching the block or line under
  it, with the paragraph's margin column of codes ("b1-1", "b3-1" stacked) 0.2-0.4 in right
  of its end: the column was taken for the text line the bar sits on, two lines tall, and the
  bar for glyphs run together, so the bar was lost (pages 16 to 19: seven bars). Ink across
  more than ``redaction_blots.NEAR_GAP_IN`` of paper from a bar is no line beside it.
- Whole-line bars of a double-spaced paragraph, one under the other, its column level with
  the third to fifth: the first bar, more than ``MARGIN_GAP_IN`` above the column, had no
  code; it takes the column of the bar on the next line, nothing printed between them
  (``redaction_codes.share_touching``, ``NEXT_LINE``; page 19).
- A bar over one narrow character, a third as wide as tall (page 18, ``SHORT_ASPECT``).

Synthetic pixels and boxes for the rules; the real dev pages (``tests/data/redactions/
SOURCE.md``, labelled by hand from the image) through ``find_bars`` (pixels only, no OCR) and
one page read by the real Tesseract through the OCR stage.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bench.redactions_eval import iou, read_page, score
from pipeline.core.records import BBox, Word
from pipeline.stages.redaction import find_bars
from pipeline.stages.redaction_codes import Codes, share_touching

DATA = Path(__file__).parent / "data" / "redactions"
FIVE = ("(b)(1)", "(b)(3)", "(b)(7)(A)", "(b)(7)(D)", "(b)(7)(E)")


def _page(glyphs_left: bool = True, column_gap: int = 24) -> tuple[np.ndarray, BBox, BBox]:
    """96 dpi: '(TS//NF)'-like glyphs, a bar after them touching a line-wide bar under it, and
    two stacked margin codes ``column_gap`` pixels right of the upper bar, level with it."""
    gray = np.full((200, 815), 255, np.uint8)
    if glyphs_left:
        for x in range(178, 236, 6):  # glyph strokes 2 px wide, 12 px tall
            gray[44:56, x : x + 2] = 0
    upper, lower = BBox(257, 40, 424, 16), BBox(119, 56, 571, 29)
    gray[upper.top : upper.bottom, upper.left : upper.right] = 0
    gray[lower.top : lower.bottom, lower.left : lower.right] = 0
    x0 = upper.right + column_gap
    for top in (36, 53):  # "b1-1" over "b3-1": strokes 2 px wide, 11 px tall, 6 px apart
        for x in range(x0, x0 + 30, 6):
            gray[top : top + 11, x : x + 2] = 0
    return gray, upper, lower


@pytest.mark.parametrize("gap", [17, 24, 39])
def test_a_margin_column_beside_a_bar_is_not_its_line(gap):
    gray, upper, lower = _page(column_gap=gap)
    found = [b for b, _ in find_bars(gray, dpi=96)]
    assert upper in found
    assert lower in found


def test_glyphs_run_together_beside_their_words_are_still_no_bar():
    # A blob no taller than the glyphs right beside it (a word space away) is letters run
    # together, whatever stands in the margin.
    gray = np.full((120, 815), 255, np.uint8)
    for x in range(100, 300, 6):
        gray[40:56, x : x + 2] = 0  # a line of glyphs 16 px tall
    gray[40:56, 304:360] = 0  # a solid run as tall as them, 2 px after the last
    for x in range(385, 415, 6):  # codes 25 px further right
        gray[36:47, x : x + 2] = 0
    assert find_bars(gray, dpi=96) == []


def test_a_bare_line_bar_takes_the_column_of_the_next_line_of_its_paragraph():
    first, second = BBox(138, 120, 539, 19), BBox(138, 160, 536, 20)  # 21 px apart (96 dpi)
    column = Codes(FIVE, BBox(721, 195, 50, 80), paragraph=True)  # level with lower bars
    coded = {first: Codes(), second: column}
    share_touching(coded, [first, second], 96, 0.03, [])
    assert coded[first] == column
    # A line of words between them: another paragraph's line, not the next line of this one.
    between = [Word("released", 90.0, BBox(200, 142, 60, 14))]
    coded = {first: Codes(), second: column}
    share_touching(coded, [first, second], 96, 0.03, between)
    assert coded[first].codes == ()
    # Further apart than one and a half bars: not the next line.
    far = BBox(138, 100, 539, 19)  # 41 px above
    coded = {far: Codes(), second: column}
    share_touching(coded, [far, second], 96, 0.03, [])
    assert coded[far].codes == ()


def test_a_one_character_bar_is_a_bar():
    gray = np.full((80, 400), 255, np.uint8)
    for x in range(100, 200, 6):
        gray[34:47, x : x + 2] = 0  # the line's glyphs, 13 px tall
    gray[30:51, 206:214] = 0  # a bar 8 by 21 px after them
    for x in range(222, 300, 6):
        gray[34:47, x : x + 2] = 0
    found = [b for b, _ in find_bars(gray, dpi=96)]
    assert len(found) == 1 and abs(found[0].left - 206) <= 1 and found[0].height == 21


@pytest.mark.parametrize("n", [15, 16, 17, 18, 19, 20, 22, 23, 24])
def test_fisa_dev_pages_every_labelled_bar_found_and_nothing_else(n):
    # Pixels only: the bars found before OCR against the hand labels (no turn on these pages).
    labels = json.loads((DATA / f"fbi-carter-page-fisa-2016-p{n}.json").read_text())
    gray = np.asarray(Image.open(DATA / labels["image"]).convert("L"))
    found = [b for b, _ in find_bars(gray, dpi=96)]
    want = [BBox(*r["bbox"]) for r in labels["redactions"]]
    matched = {i for w in want for i, b in enumerate(found) if iou(w, b) >= 0.5}
    assert all(any(iou(w, b) >= 0.5 for b in found) for w in want)
    assert len(matched) == len(found) == len(want)


def test_fisa_page_19_every_bar_found_with_its_paragraphs_codes():
    f = DATA / "fbi-carter-page-fisa-2016-p19.json"
    labels, page = read_page(f)
    s = score(f.stem, labels["redactions"], page.redactions, page)
    assert (s.found, s.labelled, s.false, s.missed) == (17, 17, [], [])
    assert (s.codes_exact, s.coded, s.codes_wrong, s.codes_missed) == (17, 17, 0, 0)
