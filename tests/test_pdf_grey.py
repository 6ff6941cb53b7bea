"""A PDF page whose content is grey only skips the coloured-ink search (``pdfopen.grey_content``,
``pageimage._grey``'s ``grey``): the same pixels and steps, checked on a sample of rows.

All fixtures synthetic: small pages made here with Pillow (a grey or an RGB JPEG image a page,
as a scanned release is) and pypdf (an annotation, a drawn rectangle added)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.core.enums import DocKind
from pipeline.core.records import PageRef
from pipeline.stages import pageimage
from pipeline.stages.pdfopen import grey_content, open_pdf


def _scan_pdf(path: Path, mode: str) -> Path:
    """A one-page PDF of one 100-dpi scan (grey ``L`` or ``RGB``): text-like dark strokes."""
    pixels = np.full((200, 300), 250, np.uint8)
    pixels[40:48, 20:280] = 30
    pixels[100:160, 50:58] = 60
    Image.fromarray(pixels).convert(mode).save(path, resolution=100.0, quality=95)
    return path


def _grey_of(path: Path) -> bool:
    pdf = open_pdf(path)
    try:
        return grey_content(pdf[0])
    finally:
        pdf.close()


def test_a_page_of_grey_scans_only_is_grey_content(tmp_path: Path) -> None:
    assert _grey_of(_scan_pdf(tmp_path / "grey.pdf", "L"))


def test_a_colour_scan_an_annotation_or_a_drawing_is_not(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import FreeText
    from pypdf.generic import ContentStream, FloatObject, NameObject

    assert not _grey_of(_scan_pdf(tmp_path / "rgb.pdf", "RGB"))  # DeviceRGB image
    grey = _scan_pdf(tmp_path / "grey.pdf", "L")
    writer = PdfWriter(clone_from=PdfReader(grey))
    writer.add_annotation(0, FreeText(text="stamp", rect=(10, 10, 80, 40)))
    writer.write(annotated := tmp_path / "annotated.pdf")
    assert not _grey_of(annotated)  # an annotation may be coloured
    writer = PdfWriter(clone_from=PdfReader(grey))
    page = writer.pages[0]
    content = ContentStream(page.get_contents(), writer)
    content.operations.append(([], b"q"))
    content.operations.append(([FloatObject(v) for v in (1, 0, 0)], b"rg"))
    content.operations.append(([FloatObject(v) for v in (5, 5, 20, 20)], b"re"))
    content.operations.append(([], b"f"))
    content.operations.append(([], b"Q"))
    page[NameObject("/Contents")] = writer._add_object(content)
    writer.write(drawn := tmp_path / "drawn.pdf")
    assert not _grey_of(drawn)  # a red rectangle beside the grey scan
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    writer.write(blank := tmp_path / "blank.pdf")
    assert not _grey_of(blank)  # nothing on it says anything


def test_a_grey_pdf_page_loads_as_the_colour_search_would_load_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _scan_pdf(tmp_path / "grey.pdf", "L")
    ref = PageRef("grey", 1, path, DocKind.PDF)
    fast = pageimage.load_page_image(ref, dpi=100)
    monkeypatch.setattr(pageimage, "grey_content", lambda page: False)
    full = pageimage.load_page_image(ref, dpi=100)
    assert fast.steps == full.steps and "grey" in fast.steps
    assert np.array_equal(np.asarray(fast.image), np.asarray(full.image))


def test_a_page_said_grey_that_shows_colour_takes_the_search() -> None:
    # The source's word is checked on every GREY_CHECK_STEP-th row: colour there is found.
    rgb = np.full((64, 40, 3), 250, np.uint8)
    rgb[0 : 64 : pageimage.GREY_CHECK_STEP, 5:30] = (255, 255, 0)  # a yellow stroke
    grey = np.asarray(pageimage.to_grey(rgb, steps := [], grey=True))
    assert steps[0].startswith("grey(darkest channel")
    assert grey[0, 10] == 0  # the darkest channel, not luminance's 226
