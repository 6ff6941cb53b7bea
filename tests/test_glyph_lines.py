"""A page of a few lines of type that reads as nothing is flagged with the reason, whatever
specks and dark shading it has; blank paper with the same specks stays "no text found".

Fixtures are synthetic: a signature page's lines ("CONFIDENTIAL", "Dean Rusk", "CONFIDENTIAL",
far apart: too few for ``textrows``' rhythm of rows, like the dev extreme renders of FRUS d269's
and d55's signature pages that ended ``ok`` and empty) drawn at low contrast on grey paper
under Gaussian grain, with toner specks and a dark shaded foot (so the page is not "all faint":
``reading.faint_only`` fails), and the same paper without the lines. Real Tesseract reads them.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from pipeline.core.config import OcrSettings
from pipeline.core.enums import DocKind, PageStatus
from pipeline.core.records import Line, PageRef
from pipeline.stages.glyphlines import glyph_lines, unread_lines
from pipeline.stages.ocr import ocr_page
from pipeline.stages.reading import INK_SHARE, ink_shares, shows_rows
from tests.conftest import render_lines

LINES = ["CONFIDENTIAL", "", "", "Dean Rusk", "", "", "", "CONFIDENTIAL"]


def _page(ink: int | None, specks: int = 100, seed: int = 1) -> np.ndarray:
    """A 4-inch-wide 300-DPI page of ``LINES`` at ``ink`` on paper 200 (None: no lines),
    grain sigma 10, ``specks`` dark specks of 1-3 px radius and a shaded foot."""
    rng = np.random.default_rng(seed)
    clean = np.asarray(render_lines(LINES, dpi=300, width_in=4)).astype(np.float32) / 255
    a = np.full(clean.shape, 200.0, np.float32)
    if ink is not None:
        a -= (200 - ink) * (1 - clean)
    a = cv2.GaussianBlur(a, (0, 0), 1.0) + rng.normal(0, 10, a.shape).astype(np.float32)
    h, w = a.shape
    a[h - 60 :] -= np.linspace(0, 140, 60, dtype=np.float32)[:, None]  # the scan's dark foot
    for _ in range(specks):
        centre = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        cv2.circle(a, centre, int(rng.integers(1, 4)), 30, -1)
    return a.clip(0, 255).astype(np.uint8)


def _read(pixels: np.ndarray, path: Path):  # type: ignore[no-untyped-def]
    Image.fromarray(pixels).save(path, dpi=(300, 300))
    return ocr_page(PageRef(path.stem, 1, path, DocKind.IMAGE), OcrSettings())


def test_lines_of_type_read_as_nothing_are_flagged_whatever_specks(tmp_path: Path) -> None:
    pixels = _page(ink=185)
    image = Image.fromarray(pixels)
    # What left such a page "ok" and empty: no rhythm of rows, and dark ink besides the faint.
    assert shows_rows(image, 300) is None
    assert ink_shares(image, 300)[0] > INK_SHARE
    page = _read(pixels, tmp_path / "signature.png")
    assert page.status is PageStatus.MANUAL, page.text
    assert page.reason is not None and "lines of letter-sized marks" in page.reason
    assert "text too faint or damaged to read" in page.reason


@pytest.mark.parametrize("specks", [0, 100, 400])
def test_blank_paper_with_specks_stays_no_text_found(tmp_path: Path, specks: int) -> None:
    assert glyph_lines(_page(ink=None, specks=specks), 300) == []
    if specks == 100:  # one page read whole: the rest is the same measurement
        page = _read(_page(ink=None, specks=specks), tmp_path / "blank.png")
        assert page.status is PageStatus.OK and page.text == ""
        assert "no text found on this page" in page.warnings


def test_the_lines_are_found_one_a_line_and_a_reading_of_them_is_not_doubted() -> None:
    pixels = _page(ink=150)
    lines = glyph_lines(pixels, 300)
    assert len({round(g.top / 100) for g in lines}) == 3  # three lines of type, apart
    marks = sum(g.marks for g in lines)
    assert unread_lines(pixels, 300, letters=0) == lines
    # A reading of the page's own letters has read them: nothing to flag.
    read = [Line.from_text(t) for t in ("CONFIDENTIAL", "Dean Rusk", "CONFIDENTIAL")]
    assert sum(len(ln.text.replace(" ", "")) for ln in read) * 2 >= marks
    assert unread_lines(pixels, 300, letters=32) == []
