"""Photographs on a page are painted out before OCR and said; typing, shading and redaction
bars are not pictures.

Fixtures are synthetic: typewriter lines (``render_lines``), a photograph-like picture
(``bench.classes.photograph``: shading at several scales, hard-edged shapes, grain), a shaded
copy with a copier-lid shadow (``bench.synth.degrade``) and a black bar. Real Tesseract reads the
photo page (a small crop, under a second).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image
from rapidfuzz import fuzz

from bench.classes import photograph
from bench.synth import Degradation, degrade
from pipeline.core.config import OcrSettings
from pipeline.core.enums import DocKind, PageStatus
from pipeline.core.records import PageRef
from pipeline.stages.ocr import ocr_page
from pipeline.stages.pictures import blank_pictures, find_pictures
from tests.conftest import render_lines

LINES = [
    "The visit confirmed the progress we have made",
    "in the last few months on the negotiations.",
]
DPI = 200


def _photo_page() -> Image.Image:
    text = render_lines(LINES, dpi=DPI)
    page = Image.new("L", (text.width, text.height + round(1.4 * DPI)), 255)
    page.paste(text, (0, 0))
    page.paste(
        Image.fromarray(photograph(round(1.6 * DPI), round(1.2 * DPI), 3)), (60, text.height)
    )
    return page


def test_a_photograph_is_found_where_it_is() -> None:
    page = np.asarray(_photo_page())
    [box] = find_pictures(page, DPI)
    text_height = render_lines(LINES, dpi=DPI).height
    assert abs(box.top - text_height) <= 0.1 * DPI and abs(box.left - 60) <= 0.1 * DPI
    assert abs(box.width - 1.6 * DPI) <= 0.15 * DPI and abs(box.height - 1.2 * DPI) <= 0.15 * DPI
    blanked = np.asarray(blank_pictures(Image.fromarray(page), [box]))
    assert blanked[box.top : box.bottom, box.left : box.right].min() > 200
    assert np.array_equal(blanked[: box.top - 10], page[: box.top - 10])  # the text untouched


def test_a_page_with_a_photograph_reads_its_text_and_says_the_picture_was_left_out(
    tmp_path: Path,
) -> None:
    path = tmp_path / "snapshot.png"
    _photo_page().save(path, dpi=(DPI, DPI))
    page = ocr_page(PageRef("snapshot", 1, path, DocKind.IMAGE, 0), OcrSettings())
    words = " ".join(page.text.split())
    assert fuzz.ratio(words, " ".join(LINES)) >= 95, words
    assert len(words.split()) == len(" ".join(LINES).split()), words  # no garbage from the photo
    assert page.status is PageStatus.OK
    assert "pictures-blanked" in page.preprocessing
    assert any(w.startswith("a picture (1.6 x 1.2 in") for w in page.warnings), page.warnings


def test_typing_on_shaded_paper_and_black_bars_are_not_pictures() -> None:
    lines = render_lines(LINES * 4, dpi=DPI)
    shaded = degrade(
        lines, Degradation(paper=225, ink=40, shading=0.5, edge_shadow=0.6, noise_sigma=12), 5
    )
    assert find_pictures(np.asarray(shaded), DPI) == []
    barred = np.array(lines)
    barred[40:300, 300:900] = 20  # a redaction bar over several lines: solid ink, no tone
    assert find_pictures(barred, DPI) == []
    bold = np.array(render_lines(["WWWWMMMM" * 8] * 12, dpi=DPI))  # the densest typing
    assert find_pictures(bold, DPI) == []
