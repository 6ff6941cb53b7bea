"""Codes of touching bars, codes in reading order, and the benchmark's frame (issue 14).

- Bars that touch are one blot of ink taken apart, one passage withheld: a bar with no code
  read for it takes the codes of the bar it touches. The FBI prints a paragraph's codes once,
  as a margin column level with the larger part: on its Carter Page FISA release (page 5, dev,
  ``tests/data/redactions/SOURCE.md``) a bar after a paragraph's last words touches a block
  under it whose column stands level with the block's middle, too far below the bar to be
  its own. A synthetic page in that layout (Pillow, DejaVu Sans Mono 12 pt at 200 dpi) and the
  real dev page, both read by the real Tesseract through the OCR stage.
- The codes of a box come in the order printed, top to bottom: a margin column's first code
  that only a reading again could read ("bl-]" for "b1-1", the same page) is not put last.
- ``bench.redactions_eval`` scores labels drawn on the stored image against boxes found on the
  deskewed page: the labels go through the page's recorded turn (synthetic pixels turned by
  the pipeline's own ``skew._rotate``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from bench.redactions_eval import in_ocr_frame, iou, read_page, score
from pipeline.core.config import OcrSettings
from pipeline.core.records import BBox, Page
from pipeline.stages import ingest
from pipeline.stages.ocr import ocr_page
from pipeline.stages.skew import _rotate
from tests.conftest import _font

DPI = 200
DATA = Path(__file__).parent / "data" / "redactions"
FOUR = ("(b)(1)", "(b)(3)", "(b)(7)(A)", "(b)(7)(E)")


def _touching_page(path: Path) -> tuple[BBox, BBox, BBox]:
    """A page of seven 12-pt lines at ``DPI``: on line 2 a bar from after its words to the
    text's right edge, touching a block over lines 3-5 under it (one L-shaped blot); the
    block's codes stacked in the right margin level with its middle (line 4), more than
    ``MARGIN_GAP_IN`` below the bar; and a bar on line 0 that touches nothing. Saved to
    ``path``; returns (the lone bar, the upper bar, the block) as drawn."""
    size, margin = round(12 / 72 * DPI), round(0.3 * DPI)
    lead = round(size * 1.7)
    font = _font(size)
    lines = [
        "The minister met the envoy on",
        "Tuesday and the two talked of",
        "the new trade terms; they met",
        "",
        "",
        "",
        "and the talks will go on.",
    ]
    img = Image.new("L", (round(6.5 * DPI), 2 * margin + lead * len(lines)), 255)
    draw = ImageDraw.Draw(img)
    for i, text in enumerate(lines):
        draw.text((margin, margin + i * lead), text, font=font, fill=0)
    right = margin + round(4.4 * DPI)
    x_lone = margin + round(font.getlength(lines[0])) + round(0.08 * DPI)
    lone = (x_lone, margin - 4, x_lone + round(0.6 * DPI), margin + size + 6)
    x_bar = margin + round(font.getlength(lines[2])) + round(0.08 * DPI)
    top = margin + 2 * lead - 4
    bar = (x_bar, top, right, top + lead)
    block = (margin - 4, top + lead, right, margin + 6 * lead - 8)
    for b in (lone, bar, block):
        draw.rectangle((b[0], b[1], b[2] - 1, b[3] - 1), fill=0)
    codes = ("b1-1", "b3-1", "b7A-1", "b7E-1, 2")
    small = _font(round(9 / 72 * DPI))
    for k, code in enumerate(codes):
        draw.text((right + round(0.1 * DPI), margin + 4 * lead + k * 28), code, font=small, fill=0)
    img.save(path, dpi=(DPI, DPI))
    return tuple(BBox(b[0], b[1], b[2] - b[0], b[3] - b[1]) for b in (lone, bar, block))  # type: ignore[return-value]


def _read(path: Path) -> Page:
    ref = ingest.page_refs(ingest.discover([path])[0][0])[0]
    return ocr_page(ref, OcrSettings())


def _at(page: Page, want: BBox):
    return max(page.redactions, key=lambda r: iou(r.bbox, want))  # type: ignore[arg-type]


def test_a_bar_touching_a_block_takes_the_blocks_margin_codes(tmp_path):
    lone, bar, block = _touching_page(tmp_path / "touching.png")
    page = _read(tmp_path / "touching.png")
    assert len(page.redactions) == 3
    got_block, got_bar, got_lone = _at(page, block), _at(page, bar), _at(page, lone)
    assert iou(got_block.bbox, block) > 0.8 and iou(got_bar.bbox, bar) > 0.8  # type: ignore[arg-type]
    assert got_block.codes == FOUR
    # Too far above the column for it to be its own; it touches the block: one passage.
    assert got_bar.codes == FOUR
    assert got_bar.code_bbox == got_block.code_bbox
    # A bar that touches no other keeps what is printed beside it: nothing.
    assert got_lone.codes == ()


def test_real_fbi_page_bar_over_block_and_column_read_again_in_order():
    # Page 5 of the Carter Page FISA release (dev): the top block's column starts with "b1-1",
    # which the page's OCR reads "bl-]" (read again enlarged, it comes first still); the bar
    # after "...in the same effort." touches the block under it, whose column is level with
    # its middle.
    f = DATA / "fbi-carter-page-fisa-2016-p5.json"
    labels, page = read_page(f)
    s = score(f.stem, labels["redactions"], page.redactions, page)
    assert (s.found, s.labelled, s.false) == (3, 3, [])
    assert (s.codes_exact, s.coded, s.codes_wrong) == (3, 3, 0)
    assert [r.codes for r in page.redactions] == [FOUR, FOUR, FOUR]


def test_labels_are_taken_through_the_pages_deskew():
    # A bar drawn on the stored image far left of the page's middle; the page turned by 1.5
    # degrees as the OCR stage's deskew turns it (``skew._rotate``): the bar moves ~17 px
    # down there, half its height. The label, taken through the recorded turn, lands on the
    # turned bar; as drawn it misses it.
    w, h = 1700, 2200
    gray = np.full((h, w), 255, np.uint8)
    label = BBox(40, 1080, 300, 30)
    gray[label.top : label.bottom, label.left : label.right] = 0
    turned = _rotate(gray, 1.5)
    ys, xs = np.nonzero(turned < 128)
    ink = BBox(int(xs.min()), int(ys.min()), int(np.ptp(xs)) + 1, int(np.ptp(ys)) + 1)
    page = Page(1, (), width=w, height=h, deskew=1.5)
    mapped = in_ocr_frame(label, page)
    assert abs(mapped.left + mapped.width / 2 - float(xs.mean())) < 2
    assert abs(mapped.top + mapped.height / 2 - float(ys.mean())) < 2
    assert (mapped.width, mapped.height) == (label.width, label.height)
    assert iou(mapped, ink) > 0.5 > iou(label, ink)
    # A page that was not turned: the label as it is.
    assert in_ocr_frame(label, Page(1, (), width=w, height=h)) == label


def test_codes_each_level_with_its_own_bar_are_not_one_column():
    from pipeline.core.records import Word
    from pipeline.stages.redaction_codes import _one_a_box

    def w(text: str, top: int, height: int) -> Word:
        return Word(text, 90.0, BBox(1568, top, 120, height))

    # Two touching bars of 12-pt lines at 300 dpi, a code level with each in the margin, as
    # far apart as the bars (rendered touching-bars, dev): each code is its own bar's.
    upper, lower = BBox(566, 284, 915, 85), BBox(114, 369, 1276, 71)
    assert _one_a_box([w("(b)(3)", 292, 57), w("(b)(6)", 375, 59)], [upper, lower])
    # An FBI column beside two bars of 96-dpi lines: one code on each bar's row, but set at
    # half the bars' step (FISA page 9, dev): one column, both bars' codes.
    upper, lower = BBox(234, 808, 436, 38), BBox(115, 846, 556, 43)
    assert not _one_a_box([w("b7A-1", 831, 11), w("b7E-1, 2", 849, 12)], [upper, lower])
    # Several codes on one bar's row (FISA page 21's column): one column.
    bar = BBox(581, 681, 114, 40)
    assert not _one_a_box([w("b1-1", 681, 11), w("b3-1", 699, 11)], [bar])
