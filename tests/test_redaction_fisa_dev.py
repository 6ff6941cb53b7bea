"""More real FBI pages (Carter Page FISA release, pages 10 to 14, dev) and the two classes they
showed (issue 14).

- A bar leading a paragraph ("(S//NF) [ ]") just above a block that is the paragraph's rest,
  a few pixels apart, not touching: the paragraph's margin column stands level with the block,
  far below the bar, so nothing is read beside the bar; it takes the block's codes (no line of
  text fits in a gap narrower than half a bar, and the codes are a margin column right of
  both, not a code printed after the block: ``redaction_codes.share_touching``). Page 14.
- A bar over a footnote's first line after "(S//NF)", touching a line-wide bar under it (one
  blot of ink): the lower bar's ink beside the upper one was taken for the text line beside
  it, two lines tall, and the upper bar for glyphs run together (``redaction.
  _glyphs_run_together``); the blot's own bars are no text. Page 10.

Synthetic boxes for the rules alone; the real dev pages (``tests/data/redactions/SOURCE.md``,
labelled by hand from the image) read by the real Tesseract through the OCR stage.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bench.redactions_eval import read_page, score
from pipeline.core.records import BBox
from pipeline.stages.redaction import find_bars
from pipeline.stages.redaction_codes import Codes, share_touching

DATA = Path(__file__).parent / "data" / "redactions"
SIX = ("(b)(1)", "(b)(3)", "(b)(6)", "(b)(7)(A)", "(b)(7)(C)", "(b)(7)(E)")


def test_a_bare_bar_just_above_a_block_takes_its_codes_and_only_then():
    bar, block = BBox(237, 240, 439, 20), BBox(120, 266, 580, 456)  # 5 px apart (96 dpi)
    far_bar = BBox(237, 200, 439, 20)  # 46 px above: a line of text fits between
    coded_bar = BBox(237, 240, 439, 20)
    block_codes = Codes(SIX, BBox(707, 335, 55, 105))  # the margin column, level with the block
    coded = {bar: Codes(), block: block_codes}
    share_touching(coded, [bar, block], 96, 0.03)
    assert coded[bar] == block_codes
    coded = {far_bar: Codes(), block: block_codes}
    share_touching(coded, [far_bar, block], 96, 0.03)
    assert coded[far_bar].codes == ()
    # A code printed right after the block on its line, not in a margin right of both bars,
    # is the block's alone (CIA: each bar's code after it).
    inline = Codes(("(b)(3)",), BBox(690, 600, 40, 14))
    coded = {bar: Codes(), block: inline}
    share_touching(coded, [bar, block], 96, 0.03)
    assert coded[bar].codes == ()
    # A bar with a code of its own keeps it; one with only its paragraph's keeps that too,
    # the gap not touching.
    own = Codes(("(b)(6)",))
    coded = {coded_bar: own, block: block_codes}
    share_touching(coded, [coded_bar, block], 96, 0.03)
    assert coded[coded_bar] == own
    para = Codes(("(b)(6)",), paragraph=True)
    coded = {coded_bar: para, block: block_codes}
    share_touching(coded, [coded_bar, block], 96, 0.03)
    assert coded[coded_bar] == para


def test_a_bar_over_a_line_wide_bar_it_touches_is_no_glyphs():
    # 96 dpi: "(S//NF)"-like glyphs left of an upper bar on a line; a line-wide bar under it
    # touching it, reaching further left (under the glyphs), so that beside the upper bar
    # the ink runs two lines tall.
    gray = np.full((200, 815), 255, np.uint8)
    for x in range(178, 236, 6):  # glyphs' strokes 2 px wide, the last down to the line
        gray[42 : 59 if x > 225 else 56, x : x + 2] = 0
    gray[39:59, 244:683] = 0  # the upper bar
    gray[59:79, 134:671] = 0  # the line under it, touching it
    found = [b for b, _ in find_bars(gray, dpi=96)]
    assert BBox(244, 39, 439, 20) in found
    assert BBox(134, 59, 537, 20) in found


def test_fisa_page_14_leading_bar_takes_the_blocks_column():
    f = DATA / "fbi-carter-page-fisa-2016-p14.json"
    labels, page = read_page(f)
    s = score(f.stem, labels["redactions"], page.redactions, page)
    assert (s.found, s.labelled, s.false) == (2, 2, [])
    assert [r.codes for r in page.redactions] == [SIX, SIX]


def test_fisa_page_10_footnote_bar_found_and_every_code_right():
    f = DATA / "fbi-carter-page-fisa-2016-p10.json"
    labels, page = read_page(f)
    s = score(f.stem, labels["redactions"], page.redactions, page)
    assert (s.found, s.labelled, s.false, s.missed) == (8, 8, [], [])
    assert (s.codes_exact, s.coded, s.codes_wrong, s.codes_missed) == (8, 8, 0, 0)
