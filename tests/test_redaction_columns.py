"""FBI margin columns of codes and the grey page the codes are read again from (issue 14).

- The FBI prints a block's codes as a column in the margin, several a box, stacked tight in
  small type ("b1-1", "b3 -1", "b7E-1, 2", "(b)(7)(E)"); the page's OCR misreads one of them
  ("(Dy) (1)", "D7E-1,") and the rest of the column is cut off from its box. A line of a
  column read as no code sends the column to be read again on its own
  (``redaction_codes.uncoded_column_lines``). Word records in the forms Tesseract gave on the
  dev pages of ``bench/redaction_render.py``'s ``fbi-column`` style (synthetic).
- A place read again is read from the page's grey pixels too where the page OCR read is
  binarised and the binarised crop reads no sure code (``redaction_rereads._sure``,
  ``_evidence``: "(b) (7) (EB)" is "(b)(7)" read short); the grey page is made in the
  chosen reading's frame (``stages.ocr._grey_frame``).
- Whose a column is: the block beside a box, or under a bar after a paragraph's last words
  (not one far above it); a bar with only its paragraph's block takes the codes read beside
  a bar it touches; a code in the page's right margin is a column's however near a bar's end
  (``redaction_codes.in_margin``). Word records with the FBI's coordinates (96 dpi).
- End to end, by the real Tesseract, the dev pages (synthetic, ``bench/redaction_render.py``)
  each of these classes was found on.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from bench.redaction_render import render
from bench.redactions_eval import placement, score
from pipeline.core.config import OcrSettings
from pipeline.core.records import BBox, Line, Word
from pipeline.stages import ingest
from pipeline.stages.ocr import _grey_frame, ocr_page
from pipeline.stages.redaction_codes import (
    Codes,
    _codes_beside,
    _margin_blocks,
    in_margin,
    share_touching,
    uncoded_column_lines,
)
from pipeline.stages.redaction_rereads import Shades, _evidence, _sure
from pipeline.stages.strip import StripConfig, strip

DPI = 200


def _w(text: str, left: int, top: int, width: int = 50, height: int = 14) -> Word:
    return Word(text, 90.0, BBox(left, top, width, height))


def _line(*texts: str) -> Line:
    words = tuple(_w(t, 1000 + 60 * i, 100) for i, t in enumerate(texts))
    return Line(" ".join(texts), words)


BOX = BBox(77, 413, 919, 98)  # a block over three lines; its column in the right margin


def test_a_column_line_read_as_no_code_is_found_beside_its_block():
    # FreeMono at 200 dpi (dev, seed 2): the column's last code, below the block, read
    # "(Dy) (1)"; the four above it read right.
    column = [_w(t, 1040, 421 + 28 * i) for i, t in enumerate(("b7C", "b6", "b3-1", "bi-1"))]
    misread = [_w("(Dy)", 1046, 529, 33, 37), _w("(1)", 1088, 529, 32, 37)]
    body = [_w("The", 775, 535, 55, 20), _w("Tuesday", 854, 591, 135, 26)]
    words = [*column, *misread, *body]
    blocks = _margin_blocks(words, DPI, [BOX])
    assert [[w.text for w in b] for b in blocks] == [["b7C", "b6", "b3-1", "bi-1"]]
    assert [w.text for w in uncoded_column_lines(blocks, words, [BOX], DPI)] == ["(Dy)"]


def test_a_column_read_whole_has_no_unread_line_and_body_text_is_none():
    column = [_w(t, 1040, 421 + 28 * i) for i, t in enumerate(("b7C", "b6", "b3-1", "bi-1"))]
    # A word of the text under the block, and one flush with the column but over the box's
    # columns (a line of text, not the margin), and one flush but far below: none of them.
    others = [_w("The", 775, 535), _w("outcome.", 1040, 300, 60), _w("note", 1040, 700)]
    box = BBox(77, 413, 1000, 98)
    blocks = _margin_blocks([*column, *others], DPI, [box])
    assert uncoded_column_lines(blocks, [*column, *others], [box], DPI) == []
    assert uncoded_column_lines(blocks, [*column, *others[2:]], [BOX], DPI) == []


def test_a_reading_is_sure_only_when_its_codes_take_in_every_letter_of_their_lines():
    assert _sure([_line("b7E-1,", "2")], codes_only=True)
    assert _sure([_line("(b)", "(7)", "(E)"), _line("b3", "-1")], codes_only=True)
    # "(EB)" left out of "(b)(7)": a code read short; a line read as no code; a code read
    # through a confusion ("bl-]").
    assert not _sure([_line("(b)", "(7)", "(EB)")], codes_only=True)
    assert not _sure([_line("b6-1"), _line("D7E-1,")], codes_only=True)
    assert not _sure([_line("bl-]")], codes_only=False)
    # A band of whole rows holds the text beside the codes: only the codes are judged.
    assert _sure([_line("the", "minister", "b6")], codes_only=False)
    assert not _sure([_line("the", "minister")], codes_only=False)


def test_the_reading_with_more_sure_codes_and_fewer_letters_left_out_is_preferred():
    short, whole = [_line("(b)", "(7)", "(EB)")], [_line("(b)", "(7)", "(E)")]
    assert _evidence(whole) > _evidence(short)
    assert _evidence([_line("b7C-1")]) > _evidence([_line("bl-]")])  # strict over tolerant
    assert _evidence([_line("b6"), _line("b1-1")]) > _evidence([_line("b6"), _line("D7E")])
    # Garbage the tolerant grammar bends into a code is no better than garbage that is none.
    assert not _evidence([_line("(BS", "(5)", "(cy")]) > _evidence([_line("(B}", "{93", "(cy")])


def test_the_grey_page_is_made_in_the_readings_frame_and_only_for_a_binarised_reading():
    img = Image.new("L", (300, 200), 255)
    img.paste(0, (40, 20, 60, 60))  # a mark near the top-left corner
    assert _grey_frame(img, ("grayscale", "denoise(median 3)"), 0, 0.0) is None
    make = _grey_frame(img, ("grayscale", "binarise(otsu)"), 90, 0.0)
    assert make is not None
    turned = make()
    assert turned.shape == (300, 200)  # turned a quarter clockwise: the mark top-right
    assert turned[40:60, 140:180].max() == 0 and turned[:, :100].min() == 255
    skewed = _grey_frame(img, ("grayscale", "binarise(otsu)"), 0, 2.0)
    assert skewed is not None and skewed().shape == (200, 300)


def test_a_grey_page_that_does_not_fit_the_page_is_not_used():
    page = np.full((100, 200), 255, np.uint8)
    made: list[int] = []

    def grey() -> np.ndarray:
        made.append(1)
        return np.full((90, 200), 255, np.uint8)

    shades = Shades(page, grey, lambda px: px.copy())
    assert shades.grey() is None and shades.grey_painted() is None
    assert shades.grey() is None and made == [1]  # made once, when first asked
    assert Shades(page, None, lambda px: px).grey_painted() is None


def _read(r, tmp_path):
    path = tmp_path / f"{r.name}.png"
    r.image.save(path, dpi=(r.dpi, r.dpi))
    return ocr_page(ingest.page_refs(ingest.discover([path])[0][0])[0], OcrSettings())


@pytest.mark.parametrize(
    ("style", "font", "dpi", "seed"),
    [
        # The column's last code below its block read "(Dy) (1)" by the page's OCR.
        ("fbi-column", "FreeMono", 200, 2),
        # "(b)(7)(E)" read "(b) (7) (EB)" from the binarised page, right from the grey one.
        ("fbi-column", "FreeMono", 200, 1),
        # The block's codes read "(bx 7 UC)" from the binarised page, right from the grey one.
        ("block-layout", "FreeSerif", 150, 10),
    ],
)
def test_the_codes_of_these_dev_pages_are_read_whole(style, font, dpi, seed, tmp_path):
    r = render(style, "dev", font, dpi, seed)
    page = _read(r, tmp_path)
    s = score(r.name, r.labels()["redactions"], page.redactions)
    assert (s.found, s.missed, s.false) == (len(r.truth), [], [])
    assert [list(x.codes) for x in page.redactions] == [t.codes for t in r.truth]
    assert placement(strip([page], StripConfig()).text, r.truth) == (len(r.truth), 0)


# The FBI's layout at 96 dpi, as the page's OCR gave it on pages 10 to 12 of the Carter Page
# FISA release (factful/ocr_testing, the dev pages after page 9; unlabelled, read by eye).
FBI_DPI = 96


def _column(left: int, top: int, *texts: str, step: int = 18) -> list[Word]:
    return [_w(t, left, top + step * i, 36, 12) for i, t in enumerate(texts)]


def test_a_bar_after_a_paragraphs_last_words_takes_the_column_under_it_not_one_far_above():
    # Page 10: "...emerging markets. [bar]" over a block; the block's column starts 0.28 in
    # under the bar; the column of the paragraph before ends 3.6 in above it.
    bar, block = BBox(539, 599, 157, 40), BBox(118, 639, 587, 168)
    words = [
        *_column(720, 182, "b3-1", "b7A-1", "b7D-1", "b7E-1,2"),
        *_column(714, 666, "b7A-1", "b7E-1,2"),
    ]
    blocks = _margin_blocks(words, FBI_DPI, [bar, block])
    got = _codes_beside(bar, words, FBI_DPI, blocks, others=[block])
    assert got.codes == ("(b)(7)(A)", "(b)(7)(E)") and got.paragraph
    assert not _codes_beside(block, words, FBI_DPI, blocks, others=[bar]).paragraph


def test_a_bar_with_only_its_paragraphs_codes_takes_those_read_beside_a_bar_it_touches():
    # Page 12: a footnote's bar on the line above a block (one L-shaped blot): the column of
    # the footnote above ends just over the bar; the block's own column is level with it.
    bar, block, other = BBox(247, 723, 373, 17), BBox(121, 740, 587, 144), BBox(137, 500, 50, 20)
    coded = {
        bar: Codes(("(b)(6)",), BBox(719, 614, 50, 104), paragraph=True),
        block: Codes(("(b)(1)", "(b)(3)"), BBox(714, 763, 63, 67)),
        other: Codes(("(b)(7)(C)",), BBox(719, 500, 50, 12), paragraph=True),
    }
    share_touching(coded, [bar, block, other], FBI_DPI, 0.03)
    assert coded[bar].codes == ("(b)(1)", "(b)(3)")
    assert coded[other].codes == ("(b)(7)(C)",)  # touching nothing: its own paragraph's
    assert coded[block].codes == ("(b)(1)", "(b)(3)")


def test_a_column_in_the_margin_next_to_bars_drawn_to_the_texts_edge_is_one_block():
    # Page 11: "b7A-1" and "b7E-1, 2" a few pixels right of two bars that end at the text's
    # edge, each level with one of them; both are the paragraph's, not one a bar.
    upper, lower = BBox(113, 304, 603, 41), BBox(546, 345, 170, 47)
    text = [_w("During", 505, 405, 60), _w("began", 640, 405, 57), _w("Gazprom", 230, 455, 90)]
    codes = [_w("b7A-1", 726, 328, 36, 12), _w("b7E-1,2", 726, 346, 50, 12)]
    words = [*text, *codes]
    margin = in_margin(words, [upper, lower], FBI_DPI)
    assert all(margin(c.bbox) for c in codes)
    blocks = _margin_blocks(words, FBI_DPI, [upper, lower])
    assert [[w.text for w in b] for b in blocks] == [["b7A-1", "b7E-1,2"]]
    got = _codes_beside(upper, words, FBI_DPI, blocks, others=[lower])
    assert got.codes == ("(b)(7)(A)", "(b)(7)(E)")


def test_a_code_in_the_line_after_its_bar_is_not_in_the_margin():
    # CIA prints a bar's code in the line right after it, the line's words after the code.
    bar = BBox(300, 100, 200, 30)
    code, after = _w("(b)(3)", 510, 104, 60, 22), _w("and", 580, 104, 40, 22)
    words = [_w("The", 100, 104, 40, 22), code, after, _w("talks", 100, 160, 60, 22)]
    assert not in_margin(words, [bar], DPI)(code.bbox)
    assert _margin_blocks(words, DPI, [bar]) == []
