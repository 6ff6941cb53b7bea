"""Redaction classes that held-out pages missed, fixed as classes (issue 14), without OCR.

- Bars over short words and initials, narrower than ``MIN_WIDTH_IN``, are found by their shape
  (solid, rectangular, one line tall, on a text line), and what has part of that shape is not
  a bar: a bold heading, an underline, a rule, a table's borders, a boxed stamp, a square
  bullet, a black square off any text line. Synthetic images (Pillow), read by
  ``find_bars`` only.
- Codes are read through OCR's confusions within their grammar, with a confidence
  (``exemptions.read_codes``), only where a code is expected; a code cut into words
  ("(b)" "(7)" "(C)") is read whole, and a misread code of a margin column joins its block.
  The OCR forms are those Tesseract gave on the dev pages of ``bench/redaction_render.py``.

The pages read end to end by Tesseract are ``tests/test_redaction_styles.py`` (style
``short-bar``, dev) and ``bench/redactions_eval.py``.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import ImageDraw, ImageFont

from pipeline.core.enums import CodeSource, RedactionStyle
from pipeline.core.records import BBox, Word
from pipeline.stages.exemptions import TOLERANT_CONF, exemption_codes, read_codes
from pipeline.stages.redaction import MIN_WIDTH_IN, find_bars
from pipeline.stages.redaction_codes import _code_words, _codes_near, _margin_blocks
from tests.conftest import _font, render_lines

DPI = 200
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def _word_box(text: str, line: int, before: str) -> tuple[int, int, int, int]:
    """The box (left, top, right, bottom) of ``text`` after ``before`` on ``render_lines``'s
    ``line`` at ``DPI``."""
    size = round(12 / 72 * DPI)
    font = _font(size)
    margin, lead = round(0.3 * DPI), round(size * 1.6)
    x = margin + font.getlength(before)
    x0, t, r, b = font.getbbox(text)
    y = margin + line * lead
    return round(x + x0), y + t, round(x + r), y + b


def _short_bar_page() -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """Three lines of 12-pt type at 200 dpi: bars over the word "a" and over the initial "J"
    (both narrower than ``MIN_WIDTH_IN``), and beside them what must not be taken for a bar."""
    lines = [
        "The minister met a friend of the envoy.",
        "Our source, J Smith, was not there.",
        "Tables and rules follow below the text.",
        "",
        "",
        "",
    ]
    img = render_lines(lines, dpi=DPI, width_in=7.0)
    draw = ImageDraw.Draw(img)
    bars = []
    for text, line, before in (("a", 0, "The minister met "), ("J", 1, "Our source, ")):
        x0, t, r, b = _word_box(text, line, before)
        box = (x0 - 3, t - 6, r + 3, b + 6)
        draw.rectangle(box, fill=0)
        bars.append(box)
    # An underline under "rules" and a thick rule under the text.
    x0, _, r, b = _word_box("rules", 2, "Tables and ")
    draw.rectangle([x0, b + 3, r, b + 6], fill=0)
    y = round(0.3 * DPI) + 3 * round(12 / 72 * DPI * 1.6)
    draw.rectangle([60, y, 1200, y + 5], fill=0)
    # A two-cell table's borders, a boxed stamp, a heavy bold heading in large type.
    draw.rectangle([60, y + 20, 400, y + 80], outline=0, width=4)
    draw.rectangle([400, y + 20, 740, y + 80], outline=0, width=4)
    draw.rectangle([800, y + 15, 1300, y + 120], outline=0, width=4)
    draw.text((820, y + 25), "RELEASE IN PART", font=_font(30), fill=0)
    draw.text((820, y + 70), "B6", font=_font(30), fill=0)
    heavy = ImageFont.truetype(BOLD, 60)
    draw.text((70, y + 100), "MINUTES", font=heavy, fill=0)
    # A square bullet before a line's first word (shorter than its capitals), and a black
    # square off any text line.
    draw.rectangle([30, 70, 45, 85], fill=0)
    draw.rectangle([1250, y + 150, 1273, y + 173], fill=0)
    return np.asarray(img), bars


def test_a_bar_over_a_short_word_or_an_initial_is_found_by_its_shape():
    gray, drawn = _short_bar_page()
    assert all(r - x0 < MIN_WIDTH_IN * DPI for x0, _, r, _ in drawn)  # narrower than before
    found = find_bars(gray, dpi=DPI)
    assert [s for _, s in found] == [RedactionStyle.BLACK_BAR] * 2
    for (box, _), (x0, t, r, b) in zip(found, drawn, strict=True):
        assert abs(box.left - x0) <= 2 and abs(box.right - r - 1) <= 2
        assert abs(box.top - t) <= 2 and abs(box.bottom - b - 1) <= 2


def test_what_has_part_of_a_bars_shape_is_not_a_short_bar():
    gray, drawn = _short_bar_page()
    # The page without its bars: heading, underline, rule, table, stamp, bullet, square.
    img = gray.copy()
    for x0, t, r, b in drawn:
        img[t : b + 1, x0 : r + 1] = 255
    assert find_bars(img, dpi=DPI) == []


@pytest.mark.parametrize(
    ("text", "codes", "conf"),
    [
        # OCR forms of small codes on the dev rendered pages (bench/redaction_render.py)
        ("Bt", ["B1"], TOLERANT_CONF),  # "B1" in a white box, FreeMono 300 dpi
        ("B6é", ["B6"], TOLERANT_CONF),  # "B6" in a white box, FreeMono 200 dpi
        ("(fb) (1)", ["(b)(1)"], TOLERANT_CONF),  # first code of a block, re-read
        ("(») (6)", ["(b)(6)"], TOLERANT_CONF),  # a margin code, re-read
        ("(1b) (7) (C)", ["(b)(7)(C)"], 1.0),  # strict already
        # the same confusions in the other families of the grammar
        ("(b(3)", ["(b)(3)"], TOLERANT_CONF),
        ("(b)(S)", ["(b)(5)"], TOLERANT_CONF),
        ("1,4(d)", ["1.4(D)"], TOLERANT_CONF),
        ("25Xl", ["25X1"], TOLERANT_CONF),
        ("25X1", ["25X1"], 1.0),
        # the FBI's margin form: "b1-1" read "bl-]" (real FISA page 5, dev: two confusions);
        # "b7A-1" read "bIA-1" (only (b)(7) has parts: tests/test_redaction_touching.py)
        ("bl-]", ["(b)(1)"], TOLERANT_CONF**2),
        ("bIA-1", ["(b)(7)(A)"], TOLERANT_CONF),
        # ")(" lost between "(b" and its digit: "(b)(7)(C)" stacked under "(b)(6)" beside a
        # block (C059 at 200 dpi, rendered tall-block, dev), not the level marking "(C)"
        ("(b7(C)", ["(b)(7)(C)"], TOLERANT_CONF**2),
    ],
)
def test_codes_are_read_through_ocr_confusions_with_a_confidence(text, codes, conf):
    got = read_codes(text, tolerant=True)
    assert [r.code for r in got] == codes
    assert min(r.conf for r in got) == pytest.approx(conf)


@pytest.mark.parametrize(
    "text",
    [
        *("Bt", "B6é", "(fb)(1)", "(b(3)", "1,4(d)", "25Xl", "Bravo B12", "bi-weekly"),
        *("bl-]", "bIA-1", "(b7(C)"),
    ],
)
def test_running_text_is_read_with_the_strict_grammar_only(text):
    assert exemption_codes(text, classification=False) == []
    assert [r.code for r in read_codes(text) if r.conf < 1.0] == []


def _w(text: str, left: int, top: int, width: int = 30, height: int = 20) -> Word:
    return Word(text, 90.0, BBox(left, top, width, height))


def test_a_code_cut_into_words_is_read_whole_and_a_misread_one_joins_its_block():
    # A block of codes stacked in the margin (as bench/redaction_render.py's "block" style
    # prints them): OCR cut the second into three words and misread the first.
    words = [
        _w("(fb)(1)", 1000, 200, 70),
        _w("(b)", 1000, 226),
        _w("(7)", 1036, 226),
        _w("(C)", 1072, 226),
        _w("the", 700, 226),  # body text on the row: not part of a code
    ]
    assert [w.text for w in _code_words(words, DPI)] == ["(b)(7)(C)"]
    (block,) = _margin_blocks(words, DPI)
    assert [w.text for w in block] == ["(fb)(1)", "(b)(7)(C)"]
    box = BBox(100, 195, 500, 60)
    found = _codes_near(BBox.union(w.bbox for w in block), block, DPI)
    assert found.codes == ("(b)(1)", "(b)(7)(C)") and found.conf == pytest.approx(TOLERANT_CONF)
    assert found.box is not None and found.box.left == 1000 and box.right < found.box.left
    # Each code says how it was read: the first through the grammar, the second as printed.
    assert [(r.code, r.read_as, r.corrected) for r in found.reads] == [
        ("(b)(1)", "(fb)(1)", True),
        ("(b)(7)(C)", "(b)(7)(C)", False),
    ]


def test_a_code_misread_inside_a_white_box_is_read_with_its_confidence():
    box = BBox(400, 100, 120, 40)
    found = _codes_near(box, [_w("end", 300, 110), _w("Bt", 440, 110, 26)], DPI)
    assert found.codes == ("B1",) and found.conf == pytest.approx(TOLERANT_CONF)
    (read,) = found.reads
    assert read.to_dict() == {
        "code": "B1",
        "conf": TOLERANT_CONF,
        "read": "direct",
        "corrected": True,
        "read_as": "Bt",
        "ocr_conf": 90.0,
    }
    # A word read again, enlarged, says so.
    again = _codes_near(box, [_w("Bt", 440, 110, 26)], DPI, enlarged=[BBox(440, 110, 26, 30)])
    assert again.reads[0].source is CodeSource.ENLARGED


def test_a_bullet_as_tall_as_the_capitals_is_not_a_bar():
    # Was a strict xfail: a bar covers its line's words, so it is taller than the letters
    # beside it; a bullet as tall as the capitals is not (redaction.LINE_COVER).
    img = render_lines(["The minister met a friend of the envoy."], dpi=DPI)
    ImageDraw.Draw(img).rectangle([26, 64, 47, 85], fill=0)  # 0.11 in, the capitals' height
    assert find_bars(np.asarray(img), dpi=DPI) == []


def test_letters_run_together_by_blur_are_not_a_bar():
    # Synthetic: a typed line blurred the way the sweep's blur rows blur a page (dev sigma 2.75
    # at 300 dpi) and binarised as the OCR stage prepares it: "mm", "om" turn into solid blobs
    # as wide as a short word's bar, but no taller than the letters around them.
    import cv2

    img = render_lines(
        ["The commission summoned Khomeini on immunities, commerce and summer camps."] * 3,
        dpi=300,
    )
    gray = cv2.GaussianBlur(np.asarray(img.convert("L")), (0, 0), 2.75)
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    assert find_bars(binary, dpi=300) == []


def test_a_band_read_at_two_sizes_keeps_the_surer_then_the_fuller_code(monkeypatch):
    # A 300-dpi page's band is read enlarged and at its own size (FreeMono at 300 dpi: the
    # enlarged reading gave "be(4) (7) (C)" where its own size gave "(b)(7)(C)"; rendered
    # pages, dev). Where the two overlap, the surer reading stands, then the fuller one.
    from pipeline.stages import redaction_rereads

    readings = {
        2: [
            (_w("be(4)", 1441, 593, 178), 0.64),
            (_w("(C)", 1708, 591, 55), 1.0),
            (_w("(b)(1)", 1572, 674, 120), 1.0),
        ],
        1: [(_w("(b)(7)(C)", 1572, 593, 192), 1.0), (_w("(b)(1)", 1572, 677, 120), 1.0)],
    }
    monkeypatch.setattr(
        redaction_rereads, "_band_codes", lambda g, t, b, k, dpi, grey=None: readings[k]
    )
    gray = np.full((900, 1800), 255, dtype=np.uint8)
    boxes = [BBox(234, 579, 72, 62), BBox(1074, 664, 72, 62)]
    got = redaction_rereads._reread_rows(gray, boxes, [], 300)
    assert sorted((w.text, w.bbox.top) for w in got) == [("(b)(1)", 674), ("(b)(7)(C)", 593)]  # type: ignore[union-attr]
