"""Redactions on a real released page: boxes found with their codes, against hand labels.

The page is in-the-wild: page 1 of the FBI's 2016 Carter Page FISA application as the FBI
released it in 2018 (``tests/data/redactions/SOURCE.md``), ten solid black bars and the FBI's
exemption codes ("b1-1", "b7A-1") in the right margin beside each paragraph; an untagged web
image of about 96 dpi. Its labels (``fbi-carter-page-fisa-2016-p1.json``) were made by hand
from the image. It is read once by the real Tesseract through the OCR stage, which runs the
redaction finder, and scored by ``bench.redactions_eval`` (the benchmark's own scorer).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.redactions_eval import PageScore, read_page, score
from pipeline.core.records import BBox, Redaction
from pipeline.stages.redaction import exemption_codes, page_dpi

DATA = Path(__file__).parent / "data" / "redactions"
FISA = DATA / "fbi-carter-page-fisa-2016-p1.json"


@pytest.fixture(scope="module")
def fisa() -> tuple[list[dict], tuple[Redaction, ...], PageScore]:
    labels, found = read_page(FISA)
    return labels["redactions"], found, score(FISA.stem, labels["redactions"], found)


def test_every_bar_of_the_real_page_is_found_and_nothing_else(fisa):
    _, found, s = fisa
    assert (s.found, s.labelled, s.missed, s.false) == (10, 10, [], [])
    assert all(r.style == "black-bar" for r in found)


def test_codes_read_beside_the_bars_are_the_labelled_ones(fisa):
    # Every code the finder gives a bar is one the page prints beside that bar's paragraph
    # (no wrong code), and most bars get at least their (b)(1) from the margin column.
    _, found, s = fisa
    assert s.codes_wrong == 0
    assert s.codes_right >= 14
    with_codes = [r for r in found if r.codes]
    assert len(with_codes) >= 7
    for r in with_codes:
        assert r.code_bbox is not None and r.code_bbox.left > 600  # the margin column


@pytest.mark.xfail(
    strict=True,
    reason="the margin codes are small at 96 dpi and Tesseract reads them as 'bl-1', '61', "
    "'vat 236 E-1,2,3,' or not at all ('et', 'brat' for the last block): no bar gets all its "
    "codes (14 of 35 right, measured by bench.redactions_eval)",
)
def test_every_bar_gets_all_its_codes(fisa):
    _, _, s = fisa
    assert s.codes_exact == s.coded


def test_fbi_margin_codes_are_read_in_their_ocr_forms():
    # As Tesseract read them on this page: "bl-1", "bi-1" for b1-1.
    text = "bl-1 bi-1 b3-1 b6-1 b7A-1 b7C-1 b7E-1, 2, 3, 6"
    assert [c for c, _, _ in exemption_codes(text)] == [
        "(b)(1)",
        "(b)(1)",
        "(b)(3)",
        "(b)(6)",
        "(b)(7)(A)",
        "(b)(7)(C)",
        "(b)(7)(E)",
    ]
    # Not codes: words that only look like them.
    assert exemption_codes("a bi-weekly report on the b52 and web6, bl") == []


def test_an_untagged_low_resolution_page_gets_its_dpi_from_its_size():
    # The real page has no DPI tag, so the run's 300 is declared: 1055 px would be 3.5 inches.
    assert page_dpi((1055, 815), 300) == 96
    assert page_dpi((3300, 2550), 300) == 300  # a real 300-dpi letter page keeps its DPI
    assert page_dpi((2200, 1700), 200) == 200


def test_the_labels_match_the_image():
    labels = json.loads(FISA.read_text(encoding="utf-8"))
    from PIL import Image

    with Image.open(DATA / labels["image"]) as im:
        w, h = im.size
    for lab in labels["redactions"]:
        b = BBox(*lab["bbox"])
        assert 0 <= b.left < b.right <= w and 0 <= b.top < b.bottom <= h
