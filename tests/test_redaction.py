"""Redactions: boxes found on rendered pages, ``[REDACTED]`` where they were, codes read.

The page images here are synthetic (drawn with Pillow: typewritten lines, a black bar over a
word, an outlined white box with "(b)(6)" printed beside it, as State and CIA releases draw
them) and read by the real Tesseract. The strip-stage cases build their pages directly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from test_strip import MARKS, check_accounting, check_spans, ocr_line

from bench.redaction_render import render
from bench.redactions_eval import score
from pipeline.core.config import OcrSettings, RunConfig
from pipeline.core.enums import CodeSource, RedactionStyle
from pipeline.core.records import REDACTED_MARK, BBox, Line, Page, PageSource, Redaction, Word
from pipeline.core.results import Removal
from pipeline.runner import run_batch
from pipeline.stages import ingest
from pipeline.stages.exemptions import exemption_codes
from pipeline.stages.ocr import ocr_page
from pipeline.stages.redaction import find_redactions
from pipeline.stages.strip import StripConfig, strip
from tests.conftest import _font, render_lines

DPI = 200
SIZE = round(12 / 72 * DPI)
LEAD = round(SIZE * 1.6)
MARGIN = round(0.3 * DPI)
LINES = [
    "SUBJECT: LETTER FROM DEPUTY SECRETARY TALBOTT",
    "The visit was made by the ambassador and",
    "his deputy on Monday and they met the",
    "minister of foreign affairs in the capital.",
    "",
]


# The bar covers "by the ambassador" whole, as a release's bar covers whole words.
_FONT = _font(SIZE)
BAR_LEFT = MARGIN + round(_FONT.getlength("The visit was made ")) - 4
BAR_RIGHT = MARGIN + round(_FONT.getlength("The visit was made by the ambassador")) + 4


def redacted_page() -> Image.Image:
    """A black bar over "by the ambassador" (line 2) and a white box on a row of its own
    (line 5) with "(b)(6)" beside it. Synthetic."""
    img = render_lines(LINES, dpi=DPI)
    draw = ImageDraw.Draw(img)
    y = MARGIN + LEAD
    draw.rectangle([BAR_LEFT, y - 4, BAR_RIGHT, y + SIZE + 6], fill=0)
    y = MARGIN + 4 * LEAD
    draw.rectangle([MARGIN + 20, y - 4, MARGIN + 420, y + SIZE + 6], outline=0, width=3)
    draw.text((MARGIN + 440, y), "(b)(6)", font=_font(SIZE), fill=0)
    return img


@pytest.fixture(scope="module")
def scanned(tmp_path_factory) -> tuple[Path, Page]:
    path = tmp_path_factory.mktemp("red") / "redacted.png"
    redacted_page().save(path, dpi=(DPI, DPI))
    ref = ingest.page_refs(ingest.discover([path])[0][0])[0]
    return path, ocr_page(ref, OcrSettings())


def test_boxes_found_on_a_rendered_page_with_their_codes(scanned):
    _, page = scanned
    bar, box = page.redactions
    assert bar.style is RedactionStyle.BLACK_BAR and bar.codes == ()
    assert box.style is RedactionStyle.WHITE_BOX and box.codes == ("(b)(6)",)
    assert bar.bbox is not None and box.bbox is not None and box.code_bbox is not None
    # The bar covers "by the ambassador" on the second line; the code sits right of the box.
    assert (
        abs(bar.bbox.left - BAR_LEFT) <= 3 and abs(bar.bbox.width - (BAR_RIGHT - BAR_LEFT + 1)) <= 4
    )
    assert box.code_bbox.left > box.bbox.right
    # The page record keeps them, and reads them back.
    assert Page.from_dict(json.loads(json.dumps(page.to_dict()))).redactions == page.redactions


def test_the_text_says_where_text_was_withheld(scanned):
    _, page = scanned
    result = strip([page], StripConfig())
    check_accounting([page], result)
    check_spans([page], result)
    assert "The visit was made [REDACTED] and his deputy" in " ".join(result.text.split())
    # The white box's code is in its mark: a reader sees under which exemption.
    assert MARKS.findall(result.text) == [REDACTED_MARK, "[REDACTED:(b)(6)]"]
    marks = [r for r in result.removals if r.kind == "redaction"]
    assert len(marks) == 2
    assert any("exemption (b)(6) beside it" in e for e in marks[1].evidence)
    assert all(r.bbox is not None for r in marks)
    by_page = result.redactions_by_page()
    assert [r["style"] for r in by_page["1"]] == ["black-bar", "white-box"]
    assert by_page["1"][1]["codes"] == ["(b)(6)"]
    # The [REDACTED] word carries the box it stands for.
    mark = next(s for s in result.spans if result.text[s.start : s.end] == REDACTED_MARK)
    assert mark.bbox == page.redactions[0].bbox


def test_a_page_without_redactions_has_none(tmp_path):
    img = render_lines(LINES[:3], dpi=DPI)
    draw = ImageDraw.Draw(img)
    # An empty form field without a code beside it, and a rule under the text: no redactions.
    y = MARGIN + 3 * LEAD
    draw.rectangle([MARGIN, y, MARGIN + 300, y + SIZE + 8], outline=0, width=3)
    draw.line([MARGIN, y - 10, MARGIN + 800, y - 10], fill=0, width=4)
    assert find_redactions(img, [], dpi=DPI, page=1) == ()


def test_metadata_and_clean_text_of_a_run(scanned, tmp_path):
    path, _ = scanned
    out = tmp_path / "out"
    report = run_batch([path], RunConfig(out_dir=out, jobs=1, correct=False))
    assert not report.failed
    folder = out / "redacted"
    meta = json.loads((folder / "metadata.json").read_text())
    assert [r["codes"] for r in meta["redactions"]["1"]] == [[], ["(b)(6)"]]
    assert meta["removed"]["redaction"] == 2
    clean = (folder / "clean.txt").read_text()
    assert "[REDACTED]" in clean and "[REDACTED:(b)(6)]" in clean
    removed = [json.loads(x) for x in (folder / "removed.jsonl").read_text().splitlines()]
    assert [r["kind"] for r in removed].count("redaction") == 2


def _boxed_page(texts: list[str], redactions: tuple[Redaction, ...]) -> Page:
    lines = tuple(ocr_line(t, 400 + 60 * i) for i, t in enumerate(texts))
    return Page(1, lines, PageSource.OCR, 2550, 3300, 300, redactions=redactions)


def test_noise_inside_a_box_goes_and_a_box_between_words_is_marked():
    # ocr_line puts words 22 px a character, 22 px apart, from x=150; rows 60 px apart.
    texts = ["THE TALKS WITH XX#@ WENT ON", "THE DELEGATES MET AND AGREED"]
    noise = BBox(480, 400, 88, 40)  # over "XX#@" (480-568)
    gap = BBox(528, 460, 14, 40)  # between "MET" (458-524) and "AND" (546-612): nothing read
    page = _boxed_page(
        texts,
        (
            Redaction(1, RedactionStyle.BLACK_BAR, noise),
            Redaction(1, RedactionStyle.WHITE_BOX, gap, ("(b)(1)",)),
        ),
    )
    result = strip([page], StripConfig())
    check_accounting([page], result)
    check_spans([page], result)
    assert "THE TALKS WITH [REDACTED] WENT ON" in result.text
    assert "THE DELEGATES MET [REDACTED:(b)(1)] AND AGREED" in result.text
    first, second = (r for r in result.removals if r.kind == "redaction")
    assert first.text == "XX#@" and second.text == "" and second.start == second.end


def test_each_redaction_record_names_its_mark_and_where_the_text_has_it():
    # Two boxes on one line (the second with a code) and one on the next: each record says the
    # mark written for it and its offsets in the stripped text; the record round-trips, and a
    # record of another kind gains no field. Synthetic (ocr_line's grid, as above).
    texts = ["SECRET", "THE TALKS WITH XX#@ WENT ON YY% TODAY", "THE DELEGATES MET AND AGREED"]
    # A paragraph's wrapped line gives a line-join record: no mark on it.
    first, second = BBox(480, 460, 88, 40), BBox(766, 460, 66, 40)  # over "XX#@", "YY%"
    gap = BBox(528, 520, 14, 40)  # between "MET" and "AND"
    page = _boxed_page(
        texts,
        (
            Redaction(1, RedactionStyle.BLACK_BAR, first),
            Redaction(1, RedactionStyle.BLACK_BAR, second, ("(b)(3)",)),
            Redaction(1, RedactionStyle.WHITE_BOX, gap, ("(b)(1)",)),
        ),
    )
    result = strip([page], StripConfig())
    records = [r for r in result.removals if r.kind == "redaction"]
    assert [r.mark for r in records] == ["[REDACTED]", "[REDACTED:(b)(3)]", "[REDACTED:(b)(1)]"]
    for r in records:
        d = r.to_dict()
        assert result.text[d["mark"]["start"] : d["mark"]["end"]] == r.mark
        assert Removal.from_dict(d) == r
    assert len({r.mark_at for r in records}) == 3
    assert all("mark" not in r.to_dict() for r in result.removals if r.kind != "redaction")


def test_marks_ocr_read_from_a_bars_edge_into_the_word_beside_it_go_with_the_bar():
    # OCR read the bar's edge as "—_" run into the next word ("—_journalists"; Nimbus Roman
    # at 150 dpi: rendered pages, dev), or as "|" run onto the word before it. Synthetic.
    texts = ["AND THAT QQ —_JOURNALISTS WILL", "THE TALKS|| QQ (AS AGREED)"]
    bars = (BBox(340, 400, 60, 40), BBox(392, 460, 60, 40))  # over each "QQ"
    page = _boxed_page(texts, tuple(Redaction(1, RedactionStyle.BLACK_BAR, b) for b in bars))
    result = strip([page], StripConfig())
    check_accounting([page], result)
    check_spans([page], result)
    assert "AND THAT [REDACTED] JOURNALISTS WILL" in result.text
    assert "THE TALKS [REDACTED] (AS AGREED)" in result.text


def _token_box(texts: list[str], line: int, token: str) -> BBox:
    """The box ``ocr_line`` gives ``token`` on ``line`` of ``_boxed_page``."""
    (word,) = [w for w in ocr_line(texts[line], 400 + 60 * line).words if w.text == token]
    assert word.bbox is not None
    return word.bbox


def test_punctuation_and_hyphens_close_onto_a_mark_as_onto_a_word():
    # Synthetic: a bar over a word before a comma, over the month of a date, after "(".
    texts = ["THE TALKS WITH XX , AS AGREED", "SIGNED ON 10- YY -2016 AT", "THE ENVOY ( ZZ ) LEFT"]
    boxes = [_token_box(texts, i, t) for i, t in enumerate(("XX", "YY", "ZZ"))]
    page = _boxed_page(texts, tuple(Redaction(1, RedactionStyle.BLACK_BAR, b) for b in boxes))
    result = strip([page], StripConfig())
    check_accounting([page], result)
    check_spans([page], result)
    assert "THE TALKS WITH [REDACTED], AS AGREED" in result.text
    assert "SIGNED ON 10-[REDACTED]-2016 AT" in result.text
    assert "THE ENVOY ([REDACTED]) LEFT" in result.text
    # The mark and the punctuation are still words of their own, with their own boxes.
    spans = {result.text[s.start : s.end]: s for s in result.spans}
    assert spans["[REDACTED]"].bbox in boxes and spans["-2016"].bbox is not None


def test_a_dash_apart_stays_apart_from_a_mark():
    texts = ["THE TALKS - XX - WENT ON"]
    page = _boxed_page(texts, (Redaction(1, RedactionStyle.BLACK_BAR, _token_box(texts, 0, "XX")),))
    assert "THE TALKS - [REDACTED] - WENT ON" in strip([page], StripConfig()).text


def test_a_box_on_a_row_of_its_own_is_marked_after_the_line_above():
    texts = ["THE TALKS WENT ON.", "THE DELEGATES MET."]
    own_row = BBox(150, 520, 600, 40)  # below both lines
    page = _boxed_page(texts, (Redaction(1, RedactionStyle.BLACK_BAR, own_row),))
    result = strip([page], StripConfig())
    check_accounting([page], result)
    assert result.text.endswith("THE DELEGATES MET. [REDACTED]")


def test_exemption_labels_in_text_input_are_read_per_page():
    # Talbott manifest, dev rows (C09000012 and others): "(b)(6)" where a name was withheld.
    pages = [
        Page.from_text(1, "TO: Strobe Talbott\nFROM: Betsey Wright\nRE: (b)(6)"),
        Page.from_text(2, "Attached is the resume of l(b)(6) a new attorney.\n(C) The talks."),
    ]
    result = strip(pages, StripConfig())
    got = [(r.page, r.style, r.codes, r.line) for r in result.redactions]
    assert got == [
        (1, RedactionStyle.LABEL, ("(b)(6)",), 2),
        (2, RedactionStyle.LABEL, ("(b)(6)",), 0),
    ]
    assert result.removals == ()  # the labels stay in the text


def test_stamp_codes_are_not_labels():
    result = strip([Page.from_text(1, "RELEASE IN PART B6\n\nThe talks (b)(6) went on.")])
    assert [r.codes for r in result.redactions] == [("(b)(6)",)]
    assert result.fields["exemptions"].value == ("B6",)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("(b)(6)", ["(b)(6)"]),
        ("!rb)(6)", ["(b)(6)"]),  # OCR, Talbott manifest
        ("(b) (7)(C)", ["(b)(7)(C)"]),
        ("B1,1.4(B),1.4(D)", ["B1", "1.4(B)", "1.4(D)"]),  # State stamp, stamps.tsv
        ("(S)", ["(S)"]),
        ("B52 bombers", []),
    ],
)
def test_exemption_codes(text, codes):
    assert [c for c, _, _ in exemption_codes(text)] == codes


def fbi_page(dpi: int = 150) -> Image.Image:
    """A paragraph with two black bars and the FBI's margin codes beside it ("b6-1", "b7C-1"
    stacked in a column 1.3 in right of the text), as the FBI's releases print them (the real
    page is tests/data/redactions/; this one is synthetic: other text, face and sizes)."""
    size, small = round(12 / 72 * dpi), round(9 / 72 * dpi)
    lead, margin = round(size * 2), round(0.5 * dpi)
    text = [
        "The source advised that the meeting took place at",
        "the residence of the subject on the evening of the",
        "tenth and that the subject was accompanied by",
        "two associates whose names are not known to him.",
    ]
    img = Image.new("L", (round(8.5 * dpi), margin * 2 + lead * len(text)), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(text):
        draw.text((margin, margin + i * lead), line, font=_font(size), fill=0)
    for row, (a, b) in ((1, (0.5, 2.4)), (3, (0.0, 1.2))):  # bars on the 2nd and 4th lines
        y = margin + row * lead
        draw.rectangle([margin + a * dpi, y - 2, margin + b * dpi, y + size + 4], fill=0)
    x = round(7.0 * dpi)
    for i, code in enumerate(("b6-1", "b7C-1")):
        draw.text((x, margin + i * round(small * 1.4)), code, font=_font(small), fill=0)
    return img


def test_fbi_margin_codes_go_to_the_bars_of_their_paragraph(tmp_path):
    path = tmp_path / "fbi.png"
    fbi_page().save(path, dpi=(150, 150))
    page = ocr_page(ingest.page_refs(ingest.discover([path])[0][0])[0], OcrSettings())
    assert [r.style for r in page.redactions] == [RedactionStyle.BLACK_BAR] * 2
    assert [r.codes for r in page.redactions] == [("(b)(6)", "(b)(7)(C)")] * 2


def test_the_cheap_look_for_a_bar_spares_plain_pages_and_never_misses_a_bar() -> None:
    """The full black-bar search runs only where a cheap look at 1/4 resolution sees a run of
    solid cells as large as a bar: never skipped on a page with one (a smallest bar, a grey
    photocopied one), skipped on a typed page."""
    import numpy as np

    from pipeline.stages.redaction import MIN_HEIGHT_IN, MIN_WIDTH_IN, _may_hold_a_bar

    least = round(MIN_WIDTH_IN * DPI), round(MIN_HEIGHT_IN * DPI)

    def gray(img: Image.Image):
        return np.asarray(img.convert("L"))

    plain = render_lines(LINES, dpi=DPI)
    assert not _may_hold_a_bar(gray(plain), *least)
    assert _may_hold_a_bar(gray(redacted_page()), *least)
    # The smallest bar below the text: over a text line it would be shorter than the line's
    # letters, which is glyphs run together, not a bar (redaction.LINE_COVER).
    top = plain.height - MARGIN + 5
    for fill in (0, 90):  # black, and a photocopy's dark grey
        small = plain.copy()
        ImageDraw.Draw(small).rectangle(
            [MARGIN + 3, top, MARGIN + 3 + least[0], top + least[1]], fill=fill
        )
        assert _may_hold_a_bar(gray(small), *least)
        found = find_redactions(small, [], dpi=DPI, page=1)
        assert [r.style for r in found] == [RedactionStyle.BLACK_BAR]


def test_the_bar_search_opens_only_around_what_the_erosion_left_with_the_same_shapes() -> None:
    """``_opened_boxes`` (erosion as one grey dilation, dilation and contours only around what
    it left) gives the boxes, in the order, of opening the whole mask and finding its outer
    contours: on a typed page with bars and an outline (synthetic), at both levels, for odd
    and even kernels, with shapes touching the page's edges."""
    import cv2
    import numpy as np

    from pipeline.stages.redaction import _opened_boxes

    page = np.asarray(redacted_page().convert("L")).copy()
    page[:12, 40:200] = 0  # a bar cut by the top edge
    page[-30:, -25:] = 150  # a grey block in the corner
    page[300:304, 20:400] = 0  # a rule: too thin to survive the opening
    page[400:460, 500:503] = 0
    blank = np.full((60, 80), 255, np.uint8)
    for gray in (page, blank, np.zeros((20, 20), np.uint8)):
        for k in (3, 4, 6, 9):
            kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
            for level in (110, 215):
                mask = cv2.threshold(gray, level - 1, 1, cv2.THRESH_BINARY_INV)[1]
                opened = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
                contours = cv2.findContours(opened, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]
                want = [tuple(int(v) for v in cv2.boundingRect(c)) for c in contours]
                eroded = cv2.threshold(
                    cv2.dilate(gray, kernel), level - 1, 1, cv2.THRESH_BINARY_INV
                )
                got = [tuple(int(v) for v in b) for b in _opened_boxes(eroded[1], kernel, k)]
                assert got == want, (gray.shape, k, level)
    assert want == [(0, 0, 20, 20)]  # the all-black page: one shape, the whole of it


def test_a_portion_marking_under_a_bar_is_not_its_code_but_one_beside_it_is():
    # Synthetic, after the real FBI page: "(S) IN RE ..." heads the paragraph just under the
    # "Declassify On: [bar]" line; beside a bar (CIA releases) "(S)" names the level withheld.
    import numpy as np

    from pipeline.core.records import Line, Word

    dpi = 100
    gray = np.full((400, 850), 255, np.uint8)
    gray[100:120, 200:300] = 0  # the bar
    below = Line(
        "(S) IN RE",
        (Word("(S)", 90, BBox(205, 140, 20, 14)), Word("IN", 90, BBox(230, 140, 15, 14))),
    )
    got = find_redactions(gray, [below], dpi=dpi, page=1)
    assert [r.codes for r in got] == [()]
    beside = Line("(S)", (Word("(S)", 90, BBox(310, 102, 20, 14)),))
    got = find_redactions(gray, [below, beside], dpi=dpi, page=1)
    assert [r.codes for r in got] == [("(S)",)]


def test_a_code_ocr_ran_into_the_next_word_keeps_that_word():
    # CIA prints a grey bar's code right after it; OCR reads "(b)(6)week." as one word, or
    # misreads the code in it, "(b)()reliable" (FreeSerif at 150 dpi: rendered pages, dev).
    texts = ["THE CAPITAL XX (b)(6)week. THE MINISTER", "THE OFFICIAL YY (b)()reliable IN"]
    reds = tuple(
        Redaction(
            1,
            RedactionStyle.GREY_BAR,
            _token_box(texts, i, bar),
            ("(b)(6)",) if i == 0 else ("(b)(1)",),
            _token_box(texts, i, code),
        )
        for i, (bar, code) in enumerate((("XX", "(b)(6)week."), ("YY", "(b)()reliable")))
    )
    page = _boxed_page(texts, reds)
    result = strip([page], StripConfig())
    check_accounting([page], result)
    check_spans([page], result)
    assert MARKS.sub("#", result.text).split() == [
        *["THE", "CAPITAL", "#", "week.", "THE", "MINISTER"],
        *["THE", "OFFICIAL", "#", "reliable", "IN"],
    ]


def test_a_white_box_cuts_no_word_however_close_or_unsure_its_neighbour():
    # A white box stands where the release took words out: the word 3 px from its outline,
    # read unsure, is the sentence's (a bar there may cut a word: that piece goes).
    def page(style: RedactionStyle) -> Page:
        words = (
            Word("OF", 91.0, BBox(150, 400, 44, 40)),
            Word("THE", 91.0, BBox(216, 400, 66, 40)),
            Word("B6", 62.0, BBox(330, 405, 40, 30)),
            Word("—_", 18.0, BBox(400, 404, 16, 30)),
            Word("JOURNALISTS,", 18.0, BBox(423, 400, 264, 40)),
            Word("WHO", 91.0, BBox(709, 400, 66, 40)),
        )
        line = Line("OF THE B6 —_ JOURNALISTS, WHO", words)
        red = Redaction(1, style, BBox(300, 398, 120, 44), ("B6",), BBox(330, 405, 40, 30))
        return Page(1, (line,), PageSource.OCR, 2550, 3300, 300, redactions=(red,))

    white = page(RedactionStyle.WHITE_BOX)
    result = strip([white], StripConfig())
    check_accounting([white], result)
    assert result.text.strip() == "OF THE [REDACTED:B6] JOURNALISTS, WHO"
    assert "JOURNALISTS" not in strip([page(RedactionStyle.BLACK_BAR)], StripConfig()).text


def test_a_bars_mark_goes_in_the_line_its_words_flank_not_a_margin_codes_own_line():
    # OCR may lay a margin code out as a line of its own level with the bar (Nimbus Mono at
    # 300 dpi: rendered pages, dev); the mark goes between the words around the bar.
    body = ocr_line("MOVED TO A PRISON THE CAPITAL", 400)
    words = list(body.words)
    words[4:] = [
        Word(w.text, w.conf, BBox(w.bbox.left + 300, 400, w.bbox.width, 40)) for w in words[4:]
    ]  # type: ignore[union-attr]
    body = Line(body.text, tuple(words))
    code = Line(
        "(b) (7) (C)",
        tuple(
            Word(t, 90.0, BBox(1500 + 80 * i, 405, 60, 30))
            for i, t in enumerate(("(b)", "(7)", "(C)"))
        ),
    )
    bar = BBox(540, 396, 280, 48)  # between "PRISON" (ends 524) and "THE" (starts 846)
    red = Redaction(1, RedactionStyle.BLACK_BAR, bar, ("(b)(7)(C)",), BBox(1500, 405, 220, 30))
    page = Page(1, (body, code), PageSource.OCR, 2550, 3300, 300, redactions=(red,))
    result = strip([page], StripConfig())
    check_accounting([page], result)
    assert "PRISON [REDACTED:(b)(7)(C)] THE CAPITAL" in result.text
    assert "(b)" not in MARKS.sub("", result.text)


def _blank(width_in: float, height_in: float, dpi: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("L", (round(width_in * dpi), round(height_in * dpi)), 255)
    return img, ImageDraw.Draw(img)


def test_a_code_right_beside_the_bar_below_is_not_the_bar_aboves():
    # CIA prints each grey bar's code right after it; the lower bar's code stands just under
    # the upper bar (FreeSerif at 150 dpi: rendered pages, dev). The codes are read surely,
    # so nothing is read again: no OCR here.
    img, draw = _blank(4, 1, 150)
    upper, lower = BBox(100, 30, 120, 31), BBox(40, 72, 90, 31)
    for b in (upper, lower):
        draw.rectangle([b.left, b.top, b.right - 1, b.bottom - 1], fill=170)
    code = Word("(b)(3)", 92.0, BBox(138, 78, 70, 17))  # 8 px after the lower bar
    found = find_redactions(img, [Line("(b)(3)", (code,))], dpi=150, page=1)
    assert [r.codes for r in found] == [(), ("(b)(3)",)]
    for r, b in zip(found, (upper, lower), strict=True):
        assert (
            r.bbox is not None and abs(r.bbox.left - b.left) <= 2 and abs(r.bbox.top - b.top) <= 2
        )


def test_a_white_boxs_code_misread_in_its_row_is_read_inside_it_alone(tmp_path):
    # The dev page where the page's OCR, and its row read again enlarged, read "B6" inside a
    # thin white box as "Bo" (FreeSerif at 150 dpi, bench/redaction_render.py, synthetic);
    # its inside read alone, enlarged, is B6. Real Tesseract, a 900 x 200 page.
    r = render("white-code-inside", "dev", "FreeSerif", 150, 10)
    path = tmp_path / "white.png"
    r.image.save(path, dpi=(150, 150))
    page = ocr_page(ingest.page_refs(ingest.discover([path])[0][0])[0], OcrSettings())
    s = score(r.name, r.labels()["redactions"], page.redactions)
    assert (s.found, s.missed, s.codes_exact) == (2, [], 2)
    first = page.redactions[0]
    assert first.codes == ("B6",) and first.style is RedactionStyle.WHITE_BOX
    (read,) = first.readings
    assert (read.source, read.corrected, read.read_as) == (CodeSource.ENLARGED, False, "B6")


@pytest.mark.parametrize("code_left", [600, 840])
def test_codes_stacked_so_tight_their_brackets_touch_are_read_line_by_line(code_left):
    # A block over two lines, its codes stacked beside it with no lead between them: their
    # brackets run through both lines and Tesseract reads the two as one ("1B} (33"). Nimbus
    # Mono (a Courier) at 300 dpi, as on rendered pages (dev); at 840 px the codes run past
    # CODE_REACH_IN from the block and are read to their end. Real Tesseract, a tiny image.
    img, draw = _blank(3.6, 0.9, 300)
    block = BBox(30, 60, 500, 150)
    draw.rectangle([block.left, block.top, block.right - 1, block.bottom - 1], fill=0)
    mono = ImageFont.truetype("/usr/share/fonts/opentype/urw-base35/NimbusMonoPS-Regular.otf", 40)
    draw.multiline_text((code_left, 70), "(b)(1)\n(b)(3)", font=mono, fill=0)
    (red,) = find_redactions(img, [], dpi=300, page=1)
    assert red.bbox == block and red.codes == ("(b)(1)", "(b)(3)")
    assert {r.source for r in red.readings} == {CodeSource.ENLARGED}


def test_a_box_under_a_row_read_as_two_lines_is_marked_after_the_rows_last_word():
    # OCR read the row's last word as a line of its own ("The"), and the row's other line
    # reaches lower (a descender): the block under the row is marked after "The" (FreeMono at
    # 300 dpi: rendered pages, dev).
    first = ocr_line("PRISON OUTSIDE THE CAPITAL", 400)
    first = Line(
        first.text,
        tuple(Word(w.text, w.conf, BBox(w.bbox.left, 400, w.bbox.width, 46)) for w in first.words),
    )  # type: ignore[union-attr]
    last = Line("THE", (Word("THE", 91.0, BBox(900, 400, 66, 40)),))
    after = ocr_line("AND THAT THE EMBASSY", 560)
    block = BBox(150, 470, 900, 70)
    page = Page(
        1,
        (first, last, after),
        PageSource.OCR,
        2550,
        3300,
        300,
        redactions=(Redaction(1, RedactionStyle.BLACK_BAR, block),),
    )
    result = strip([page], StripConfig())
    check_accounting([page], result)
    words = result.text.split()
    assert words[words.index("[REDACTED]") - 1 :][:3] == ["THE", "[REDACTED]", "AND"]


def test_a_page_whose_only_unsure_boxes_are_stamps_reads_no_rows_again(monkeypatch) -> None:
    # Synthetic: drawn outlines and the words OCR read in them (no OCR here). A boxed stamp is
    # no redaction whatever its codes, so nothing is read again (~0.1-0.2 s of Tesseract each
    # reading); an empty box beside it, a possible redaction without its code, still is.
    from pipeline.core.records import Line, Word
    from pipeline.stages import redaction

    img = Image.new("L", (1300, 400), 255)
    draw = ImageDraw.Draw(img)
    draw.rectangle([700, 20, 1200, 190], outline=0, width=3)
    stamp = Line(
        "RELEASE IN PART",
        (
            Word("RELEASE", 95.0, BBox(745, 40, 200, 45)),
            Word("IN", 95.0, BBox(960, 40, 40, 45)),
            Word("PART", 95.0, BBox(1015, 40, 120, 45)),
        ),
    )
    read: dict[str, list[list[BBox]]] = {"rows": [], "inside": [], "stacked": []}

    def reread(gray, boxes, words, dpi, grey=None):
        read["rows"].append(list(boxes))
        return []

    def inside(gray, boxes, dpi, grey=None):
        read["inside"].append(list(boxes))
        return [], {b: [] for b in boxes}

    def stacked(gray, box, dpi, ink, grey=None):
        read["stacked"].append([box])
        return []

    monkeypatch.setattr(redaction, "_reread_rows", reread)
    monkeypatch.setattr(redaction, "_read_inside", inside)
    monkeypatch.setattr(redaction, "_read_stacked", stacked)
    assert find_redactions(img, [stamp], dpi=DPI, page=1) == ()
    assert read == {"rows": [], "inside": [], "stacked": []}
    draw.rectangle([80, 260, 420, 340], outline=0, width=3)  # an empty box: no code read
    assert find_redactions(img, [stamp], dpi=DPI, page=1) == ()
    # Only the empty box is read again, its inside and its rows: the stamp beside it is not.
    assert [[b.top for b in r] for r in read["rows"]] == [[260]]
    assert [[b.top for b in r] for r in read["inside"]] == [[260]]
    # The stamp's codes are not read line by line either; the empty box's are.
    assert [b.top for (b,) in read["stacked"]] == [260]


def test_a_page_whose_every_box_is_a_stamp_looks_for_no_codes(monkeypatch) -> None:
    # Synthetic: a drawn outline and the words OCR read in it (no OCR here). A boxed stamp is
    # no redaction whatever its codes: a page whose only box is one has none, found without
    # the margin search or any box's codes (~15 ms a page). A bar beside it is looked at.
    from pipeline.stages import redaction

    img = Image.new("L", (1300, 400), 255)
    draw = ImageDraw.Draw(img)
    draw.rectangle([700, 20, 1200, 190], outline=0, width=3)
    stamp = Line(
        "RELEASE IN PART B5",
        (
            Word("RELEASE", 95.0, BBox(745, 40, 200, 45)),
            Word("IN", 95.0, BBox(960, 40, 40, 45)),
            Word("PART", 95.0, BBox(1015, 40, 120, 45)),
            Word("B5", 95.0, BBox(900, 110, 60, 45)),
        ),
    )
    searched: list[int] = []
    blocks = redaction._margin_blocks

    def spy(words, dpi, boxes=()):
        searched.append(len(boxes))
        return blocks(words, dpi, boxes)

    monkeypatch.setattr(redaction, "_margin_blocks", spy)
    assert find_redactions(img, [stamp], dpi=DPI, page=1) == ()
    assert searched == []
    draw.rectangle([80, 260, 420, 330], fill=0)  # a black bar: a redaction, codes or not
    found = find_redactions(img, [stamp], dpi=DPI, page=1)
    assert [r.style for r in found] == [RedactionStyle.BLACK_BAR]
    assert searched
