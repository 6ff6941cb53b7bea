"""Redactions on a real released page: boxes found with their codes, against hand labels.

The page is in-the-wild: page 1 of the FBI's 2016 Carter Page FISA application as the FBI
released it in 2018 (``tests/data/redactions/SOURCE.md``), ten solid black bars and the FBI's
exemption codes ("b1-1", "b7A-1") in the right margin beside each paragraph; an untagged web
image of about 96 dpi. Its labels (``fbi-carter-page-fisa-2016-p1.json``) were made by hand
from the image. It is read once by the real Tesseract through the OCR stage, which runs the
redaction finder, and scored by ``bench.redactions_eval`` (the benchmark's own scorer). The
page is dev material: it was tuned on (see SOURCE.md).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_strip import MARKS

from bench.redactions_eval import PageScore, read_page, score
from pipeline.core.enums import RedactionStyle
from pipeline.core.records import BBox, Page
from pipeline.stages.exemptions import exemption_codes
from pipeline.stages.strip import StripConfig, strip

DATA = Path(__file__).parent / "data" / "redactions"
FISA = DATA / "fbi-carter-page-fisa-2016-p1.json"


@pytest.fixture(scope="module")
def fisa() -> tuple[list[dict], Page, PageScore]:
    labels, page = read_page(FISA)
    return labels["redactions"], page, score(FISA.stem, labels["redactions"], page.redactions)


def test_every_bar_of_the_real_page_is_found_and_nothing_else(fisa):
    _, page, s = fisa
    assert (s.found, s.labelled, s.missed, s.false) == (10, 10, [], [])
    assert {r.style for r in page.redactions} == {RedactionStyle.BLACK_BAR}


def test_every_bar_gets_the_codes_printed_beside_its_paragraph(fisa):
    # The FBI prints a paragraph's codes as a column in the margin; the page's own OCR reads
    # that column as "bl-1", "61", "vat 236 E-1,2,3," or not at all, so the finder reads the
    # column again on its own. The one box without a code beside it (in the left margin) is
    # not scored for codes.
    _, page, s = fisa
    assert (s.codes_exact, s.coded, s.codes_wrong, s.codes_missed) == (9, 9, 0, 0)
    got = {r.bbox.to_list()[1]: r.codes for r in page.redactions if r.bbox is not None}
    assert got[432] == ("(b)(1)", "(b)(3)", "(b)(7)(A)", "(b)(7)(E)")  # "conduct [bar]"
    assert got[603] == ("(b)(1)", "(b)(3)", "(b)(6)", "(b)(7)(A)", "(b)(7)(C)", "(b)(7)(E)")
    for r in page.redactions:
        assert r.bbox is not None
        if r.bbox.right < 136:  # the mark in the left margin, beside no paragraph: no column
            assert (r.codes, r.code_bbox) == ((), None)
        else:
            assert r.code_bbox is not None and r.code_bbox.left > 650  # the margin column


def test_the_text_marks_each_bar(fisa):
    _, page, _ = fisa
    result = strip([page], StripConfig())
    marks = MARKS.findall(result.text)
    assert len(marks) == 10
    # Each mark names the codes printed beside its paragraph.
    assert "made by [REDACTED:(b)(1),(b)(3),(b)(6),(b)(7)(A),(b)(7)(C),(b)(7)(E)]" in result.text


def test_the_words_just_beside_a_bar_survive(fisa):
    # The bars are painted out before OCR: Tesseract read "[bar], as" as one word "is" and
    # "10-[bar]-2016" as "10-2016" when it saw them.
    _, page, _ = fisa
    text = " ".join(strip([page], StripConfig()).text.split())
    assert re.search(r"conduct \[REDACTED:[^\]]*\] ?, as described herein", text)
    assert re.search(r"made by \[REDACTED:[^\]]*\] ?, a Supervisory", text)
    assert re.search(r"dated 10- ?\[REDACTED:[^\]]*\] ?-2016", text)
    assert re.search(r"furnished to \[REDACTED:[^\]]*\]", text)


def test_fbi_margin_codes_are_read_in_their_ocr_forms():
    # As Tesseract read them on this page: "bl-1", "bi-1", "bl-l" for b1-1.
    text = "bl-1 bi-1 bl-l b3-1 b6-1 b7A-1 b7C-1 b7E-1, 2, 3, 6"
    assert [c for c, _, _ in exemption_codes(text)] == [
        "(b)(1)",
        "(b)(1)",
        "(b)(1)",
        "(b)(3)",
        "(b)(6)",
        "(b)(7)(A)",
        "(b)(7)(C)",
        "(b)(7)(E)",
    ]
    # Not codes: words that only look like them.
    assert exemption_codes("a bi-weekly report on the b52 and web6, bl, bl-left") == []


def test_the_untagged_page_is_read_at_the_dpi_estimated_from_its_size(fisa):
    # The real page has no DPI tag: normalisation estimates its DPI once, from its 1055-px
    # long side as a letter page with 11-px type, and that DPI is the page's everywhere
    # (Tesseract's hint, the enlarging, the redaction sizes, exports). Assuming the run's 300
    # made it 3.5 inches long and its type 2.6 points.
    _, page, _ = fisa
    assert page.dpi == 96
    assert any(s.startswith("dpi-estimated(96: no DPI tag;") for s in page.preprocessing)


def test_the_labels_match_the_image():
    from PIL import Image

    labels = json.loads(FISA.read_text(encoding="utf-8"))
    with Image.open(DATA / labels["image"]) as im:
        w, h = im.size
    for lab in labels["redactions"]:
        b = BBox(*lab["bbox"])
        assert 0 <= b.left < b.right <= w and 0 <= b.top < b.bottom <= h
