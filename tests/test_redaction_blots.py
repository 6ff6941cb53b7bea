"""Bars that touch and form one blot of ink that is no rectangle, and blocks drawn line by line.

Real releases draw a bar from a word to the line's end touching a bar over the whole next line
(an L), or one over the next line's start (a step), and blocks several lines tall whose right
edge follows each line's words (the FBI's Carter Page release, described in
``tests/data/redactions/SOURCE.md``). ``find_bars`` takes a blot apart into the rectangles it
is made of and joins those one above the other that leave no ink uncovered. Synthetic images
(Pillow: ``tests.conftest.render_lines`` and rectangles drawn on them) read by ``find_bars``
only; end to end by Tesseract, one dev page of each new style of ``bench/redaction_render.py``.
Outlined white boxes that a letter touches or that share a side, on a real CIA page (dev), and
an empty box without a code on a page that says it was released.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from test_strip import MARKS, check_accounting, ocr_line

from bench.redaction_render import render
from bench.redactions_eval import iou, placement, score
from pipeline.core.config import OcrSettings
from pipeline.core.enums import RedactionStyle
from pipeline.core.records import BBox, Line, Page, PageSource, Redaction, Word
from pipeline.stages import ingest
from pipeline.stages.ocr import ocr_page
from pipeline.stages.redaction import find_bars, find_boxes, find_redactions
from pipeline.stages.strip import StripConfig, strip
from tests.conftest import _font, render_lines

DPI = 200
LINES = [
    "The minister met the envoy on Tuesday and said that",
    "the cases of the detained journalists would be heard",
    "by a special commission before the end of the month.",
    "Our source in the ministry believes this is a formality.",
]
SIZE = round(12 / 72 * DPI)
LEAD = round(SIZE * 1.6)
MARGIN = round(0.3 * DPI)


def _row(i: int) -> tuple[int, int]:
    """The top and bottom (pixels) of a bar over ``render_lines``'s line ``i``, down to the
    next line's bar."""
    top = MARGIN + i * LEAD - 4
    return top, top + LEAD


def _boxes(img) -> list[tuple[int, int, int, int]]:
    return [(b.left, b.top, b.right, b.bottom) for b, _ in find_bars(np.asarray(img), dpi=DPI)]


def _near(got: tuple[int, ...], want: tuple[int, ...], slack: int = 4) -> bool:
    return all(abs(a - b) <= slack for a, b in zip(got, want, strict=True))


@pytest.mark.parametrize("shape", ["L", "step"])
def test_touching_bars_are_taken_apart_into_the_bars_they_are(shape):
    img = render_lines(LINES, dpi=DPI)
    draw = ImageDraw.Draw(img)
    t0, b0 = _row(1)
    upper = (700, t0, 1150, b0 - 1)  # from "journalists" to past the line's end
    lower = (50, b0, 1150 if shape == "L" else 600, b0 + SIZE + 8)
    draw.rectangle(upper, fill=0)
    draw.rectangle(lower, fill=0)
    got = _boxes(img)
    assert len(got) == 2, got
    # The boxes are the bars (right and bottom edges exclusive), not the box around both:
    # that would take in "the cases of the detained" before the upper bar.
    assert _near(got[0], (upper[0], upper[1], upper[2] + 1, upper[3] + 1))
    assert _near(got[1], (lower[0], lower[1], lower[2] + 1, lower[3] + 1))


def test_a_block_drawn_line_by_line_with_a_ragged_edge_is_one_box():
    # Each line's bar as long as its words (the lines end at 0.6, 0.8 and 0.5 of the column).
    img = render_lines([LINES[0][:30], LINES[1][:40], LINES[2][:25], LINES[3]], dpi=DPI)
    draw = ImageDraw.Draw(img)
    font = _font(SIZE)
    ends = [
        MARGIN + round(font.getlength(t)) + 6 for t in (LINES[0][:30], LINES[1][:40], LINES[2][:25])
    ]
    for i, end in enumerate(ends):
        top, bottom = _row(i)
        draw.rectangle((50, top, end, bottom - 1), fill=0)
    # White specks a scan leaves in the ink.
    for x, y in ((200, 70), (480, 120), (620, 150), (300, 190)):
        draw.rectangle((x, y, x + 1, y + 1), fill=255)
    got = _boxes(img)
    assert len(got) == 1, got
    assert _near(got[0], (50, _row(0)[0], max(ends) + 1, _row(2)[1]))


def test_a_bar_over_a_line_and_a_short_one_under_it_keep_the_words_beside_it_apart():
    # A bar over a whole line over a bar at the start of the next: the box around both would
    # take in the words after the lower bar ("would be heard"), so they stay two boxes.
    img = render_lines(LINES, dpi=DPI)
    draw = ImageDraw.Draw(img)
    t0, b0 = _row(0)
    draw.rectangle((50, t0, 1150, b0 - 1), fill=0)
    draw.rectangle((50, b0, 700, b0 + SIZE + 8), fill=0)
    got = _boxes(img)
    assert len(got) == 2, got
    assert got[1][2] <= 705


@pytest.mark.parametrize("style", ["touching-bars", "tall-block"])
def test_each_blot_style_is_found_with_its_codes_and_marked(style, tmp_path):
    # Dev pages of bench/redaction_render.py (synthetic): DejaVu Serif at 150 dpi, seed 5.
    r = render(style, "dev", "DejaVuSerif", 150, 5)
    path = tmp_path / f"{r.name}.png"
    r.image.save(path, dpi=(r.dpi, r.dpi))
    page = ocr_page(ingest.page_refs(ingest.discover([path])[0][0])[0], OcrSettings())
    s = score(r.name, r.labels()["redactions"], page.redactions)
    assert (s.found, s.missed, s.false) == (len(r.truth), [], [])
    assert (s.codes_exact, s.codes_wrong) == (s.coded, 0)
    text = strip([page], StripConfig()).text
    assert placement(text, r.truth) == (len(r.truth), 0)
    want = [f"[REDACTED:{','.join(t.codes)}]" for t in r.truth if t.codes]
    assert MARKS.findall(text) == want


def test_a_blocks_codes_misread_as_garbage_lines_take_no_mark_and_are_removed():
    # Synthetic records (no OCR): the page's OCR read the codes stacked beside a block over
    # whole lines as garbage lines of their own ("—s," "lomey"), which it put after the text;
    # the codes were read again (``code_bbox``). The mark goes after the line above the block
    # and the garbage goes as the codes' misreading (DejaVu Sans Mono at 300 dpi: rendered
    # pages, dev).
    above = ocr_line("MOVED TO A PRISON OUTSIDE THE CAPITAL LAST", 130)
    after = ocr_line("END OF THE MONTH AND THAT THE EMBASSY", 385)
    codes = BBox(1568, 213, 128, 78)
    garbage = [
        Line(t, (Word(t, 40.0, BBox(x, 213, 9, 78)),))
        for t, x in (("—s,", 1568), ("lomey", 1588), ("——", 1615))
    ]
    block = BBox(114, 199, 1306, 156)
    red = Redaction(1, RedactionStyle.BLACK_BAR, block, ("(b)(1)", "(b)(3)"), codes)
    page = Page(1, (above, after, *garbage), PageSource.OCR, 2550, 3300, 300, redactions=(red,))
    result = strip([page], StripConfig())
    check_accounting([page], result)
    words = result.text.split()
    assert words == [*above.text.split(), "[REDACTED:(b)(1),(b)(3)]", *after.text.split()]


CIA = Path(__file__).parent / "data" / "redactions" / "cia-crest-cib-02996965-p10.json"


def test_outlined_boxes_a_letter_touches_or_that_share_a_side_are_found_on_a_real_page():
    # A real CIA page (dev; tests/data/redactions/SOURCE.md): thin outlined boxes, one
    # touching "local", two sharing a side. find_boxes only (no OCR).
    labels = json.loads(CIA.read_text(encoding="utf-8"))
    gray = np.asarray(Image.open(CIA.with_name(labels["image"])).convert("L"))
    got = [b for b, s in find_boxes(gray, dpi=300) if s is RedactionStyle.WHITE_BOX]
    body = [BBox(*r["bbox"]) for r in labels["redactions"] if "banner" not in r["text_around"]]
    assert len(body) == 6
    for want in body:
        assert any(iou(want, b) >= 0.9 for b in got), want
    assert len(got) == len(body)


def _boxed_words(release: bool) -> tuple[Image.Image, list[Line]]:
    """A page with an empty outlined box between two words of a line, and (``release``) a
    release stamp line above; the OCR's lines as Tesseract would give them (synthetic)."""
    img = Image.new("L", (1400, 500), 255)
    draw = ImageDraw.Draw(img)
    draw.rectangle([500, 200, 760, 250], outline=0, width=2)
    lines = [ocr_line("MUHIEDDIN", 205), ocr_line("BELIEVES THE USSR", 205)]
    lines[1] = Line(
        lines[1].text,
        tuple(
            Word(w.text, w.conf, BBox(w.bbox.left + 640, 205, w.bbox.width, 40))  # type: ignore[union-attr]
            for w in lines[1].words
        ),
    )
    if release:
        lines.insert(0, ocr_line("Approved for Release: 2019/09/16 C02996965", 20))
    return img, lines


def test_an_empty_box_in_the_text_of_a_released_page_is_a_redaction_without_a_code():
    img, lines = _boxed_words(release=True)
    (red,) = find_redactions(img, lines, dpi=DPI, page=1)
    assert red.style is RedactionStyle.WHITE_BOX and red.codes == ()
    # The same box on a page that does not say it was released (a form's empty field) is not.
    img, lines = _boxed_words(release=False)
    assert find_redactions(img, lines, dpi=DPI, page=1) == ()
