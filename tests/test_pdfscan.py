"""A PDF page that is a scan is read at the scan's own resolution (``pdfscan``, issue 13).

All fixtures synthetic: typewriter lines rendered here (``tests.conftest.render_lines``) at 200,
300, 600 DPI and as a 204x98 fax, wrapped in one-page PDFs by img2pdf (the image embedded as
it is, the page its size at its DPI) or pikepdf (a placement turned a quarter, a visible or an
invisible text line beside it, an image over part of the page). Real Tesseract reads the pages
(small crops: a fraction of a second each).
"""

from __future__ import annotations

import io
from pathlib import Path

import img2pdf
import numpy as np
import pikepdf
import pytest
from PIL import Image
from rapidfuzz import fuzz

from pipeline.core.config import OcrSettings
from pipeline.core.enums import DocKind
from pipeline.core.records import PageRef
from pipeline.stages import pageimage, typesize
from pipeline.stages.ocr import ocr_page
from pipeline.stages.pdfopen import open_pdf
from pipeline.stages.pdfscan import scan_image
from tests.conftest import render_lines

LINES = [
    "SUBJECT: LETTER FROM DEPUTY SECRETARY TALBOTT",
    "The visit confirmed the progress we have made",
    "in the last few months on the negotiations.",
]
TRUTH = " ".join(" ".join(LINES).split())


def _wrapped(image: Image.Image, path: Path, dpi: tuple[int, int]) -> Path:
    """``image`` as a one-page PDF at ``dpi`` (img2pdf: the page the image's size at it)."""
    buf = io.BytesIO()
    image.save(buf, format="TIFF" if image.mode == "1" else "PNG", dpi=dpi)
    layout = img2pdf.get_fixed_dpi_layout_fun(dpi)
    path.write_bytes(img2pdf.convert(buf.getvalue(), layout_fun=layout))
    return path


def _load(path: Path, dpi: int = 300) -> pageimage.LoadedPage:
    return pageimage.load_page_image(PageRef(path.stem, 1, path, DocKind.PDF), dpi=dpi)


def _text(path: Path, kind: DocKind) -> str:
    page = ocr_page(PageRef(path.stem, 1, path, kind), OcrSettings())
    return " ".join(page.text.split())


@pytest.mark.parametrize("dpi", [200, 300])
def test_a_scan_is_read_at_its_own_resolution_as_its_image_would_be(
    tmp_path: Path, dpi: int
) -> None:
    image = render_lines(LINES, dpi=dpi)
    path = _wrapped(image, tmp_path / f"scan{dpi}.pdf", (dpi, dpi))
    loaded = _load(path, dpi=300)
    assert loaded.dpi == dpi and loaded.steps[0] == f"scan-dpi({dpi})"
    assert np.array_equal(np.asarray(loaded.image), np.asarray(image))  # pixels as stored
    image.save(png := tmp_path / f"scan{dpi}.png", dpi=(dpi, dpi))
    as_pdf, as_png = _text(path, DocKind.PDF), _text(png, DocKind.IMAGE)
    assert as_pdf == as_png and fuzz.ratio(as_pdf, TRUTH) >= 90, (as_pdf, as_png)


def test_a_fine_scan_is_brought_down_by_the_rule_images_follow(tmp_path: Path) -> None:
    # 600 DPI: the type ~50 px high, read at 300 (typesize.reading_dpi), as the PNG is.
    image = render_lines(LINES, dpi=600)
    path = _wrapped(image, tmp_path / "fine.pdf", (600, 600))
    image.save(png := tmp_path / "fine.png", dpi=(600, 600))
    loaded = _load(path)
    from_png = pageimage.load_page_image(PageRef("fine", 1, png, DocKind.IMAGE), dpi=300)
    assert loaded.steps[0] == "scan-dpi(600)"
    assert loaded.dpi == from_png.dpi == 300
    assert loaded.steps[-1] == from_png.steps[-1] and loaded.steps[-1].startswith("reduce-dpi(600")
    assert np.array_equal(np.asarray(loaded.image), np.asarray(from_png.image))
    assert fuzz.ratio(_text(path, DocKind.PDF), TRUTH) >= 90


def test_reading_dpi_keeps_small_type_large_enough() -> None:
    # Typewriting at 1200 DPI (marks ~100 px) comes down to 300; type 58 px high at 2400 DPI
    # (OCRmyPDF's 2400dpi.pdf measures so) only to where it is GLYPH_TARGET (24 px) high.
    assert typesize.reading_dpi(1200, 100.0) == 300
    assert typesize.reading_dpi(2400, 58.0) == pytest.approx(2400 * 24 / 58)
    assert typesize.reading_dpi(600, None) == 300  # no type to measure: the working DPI
    assert typesize.reading_dpi(200, 5.0) == 200  # never enlarged here (imaging does that)


def test_a_fax_in_a_pdf_stays_204x98_until_normalised_as_a_fax_tiff_is(tmp_path: Path) -> None:
    full = render_lines(LINES, dpi=204)
    fax = full.resize((full.width, round(full.height * 98 / 204)), Image.Resampling.LANCZOS)
    fax = fax.point(lambda v: 255 if v > 128 else 0).convert("1")
    path = _wrapped(fax, tmp_path / "fax.pdf", (204, 98))
    fax.save(tif := tmp_path / "fax.tif", dpi=(204, 98), compression="group4")
    loaded = _load(path)
    from_tif = pageimage.load_page_image(PageRef("fax", 1, tif, DocKind.TIFF), dpi=300)
    assert loaded.steps[0] == "scan-dpi(204x98)"
    assert loaded.dpi == from_tif.dpi == 204
    assert (
        loaded.steps[-2:]
        == from_tif.steps[-2:]
        == (
            "square-dpi(204x98 -> 204)",
            "smooth-stretched-bilevel(gaussian 1.04px)",
        )
    )
    # PDFium draws a 1-bit image one pixel for one with a few edges a pixel off (0.4 % of the
    # pixels of this page before smoothing): nearly the same page, read the same.
    got, want = np.asarray(loaded.image).astype(int), np.asarray(from_tif.image).astype(int)
    assert np.abs(got - want).mean() < 3  # grey levels of 255, on average
    as_pdf, as_tif = _text(path, DocKind.PDF), _text(tif, DocKind.TIFF)
    assert fuzz.ratio(as_pdf, TRUTH) >= fuzz.ratio(as_tif, TRUTH) - 2, (as_pdf, as_tif)


def _placed(
    path: Path, image: Image.Image, media: tuple[float, float], cm: str, text: str = ""
) -> Path:
    """A one-page PDF (pikepdf) of a grey ``image`` drawn by the matrix ``cm`` on a media box
    of ``media`` points, with ``text`` content appended (a text object)."""
    pdf = pikepdf.new()
    xobj = pikepdf.Stream(
        pdf,
        image.tobytes(),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=image.width,
        Height=image.height,
        ColorSpace=pikepdf.Name.DeviceGray,
        BitsPerComponent=8,
    )
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Courier
    )
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, *media],
        Resources=pikepdf.Dictionary(
            XObject=pikepdf.Dictionary(Im0=xobj), Font=pikepdf.Dictionary(F1=font)
        ),
        Contents=pikepdf.Stream(pdf, f"q {cm} cm /Im0 Do Q {text}".encode()),
    )
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)
    return path


def _scan_of(path: Path):
    pdf = open_pdf(path)
    try:
        return scan_image(pdf[0])
    finally:
        pdf.close()


def test_a_placement_turned_a_quarter_gives_the_page_its_axes_resolutions(tmp_path: Path) -> None:
    # A 100x50-pixel image drawn turned 90 degrees over a 36x72-point page: 50 px across
    # half an inch (100 DPI), 100 px down one inch (100 DPI); at 2 x 1 inch, 50 and 50.
    image = Image.new("L", (100, 50), 255)
    turned = _placed(tmp_path / "turned.pdf", image, (36, 72), "0 72 -36 0 36 0")
    scan = _scan_of(turned)
    assert scan is not None and scan.aligned
    assert (scan.xdpi, scan.ydpi) == pytest.approx((100, 100))
    stretched = _placed(tmp_path / "stretched.pdf", image, (36, 144), "0 144 -36 0 36 0")
    scan = _scan_of(stretched)
    assert scan is not None and (scan.xdpi, scan.ydpi) == pytest.approx((100, 50))


def test_a_page_that_is_not_one_scan_is_drawn_at_dpi(tmp_path: Path) -> None:
    image = render_lines(LINES, dpi=200)
    w, h = image.width * 72 / 200, image.height * 72 / 200
    visible = "BT /F1 10 Tf 10 10 Td (Form field) Tj ET"
    hidden = "BT 3 Tr /F1 10 Tf 10 10 Td (OCR layer) Tj ET"
    full = f"{w:.3f} 0 0 {h:.3f} 0 0"
    ocred = _placed(tmp_path / "ocred.pdf", image, (w, h), full, hidden)
    assert _load(ocred).steps[0] == "scan-dpi(200)"  # an invisible OCR layer: still a scan
    form = _placed(tmp_path / "form.pdf", image, (w, h), full, visible)
    pasted = _placed(tmp_path / "pasted.pdf", image, (w * 2, h), full)  # half the page
    for path in (form, pasted):
        assert _scan_of(path) is None
        loaded = _load(path, dpi=300)
        assert loaded.dpi == 300 and not any(s.startswith("scan-dpi") for s in loaded.steps)
        assert abs(loaded.image.height - round(h / 72 * 300)) <= 1


def test_an_image_inside_a_form_xobject_is_measured_through_the_form(tmp_path: Path) -> None:
    # A 100x50-pixel image drawn as the unit square of a form XObject that the page scales to
    # 72x36 points: 100 DPI both ways (the image's own matrix alone would say 7200).
    pdf = pikepdf.new()
    image = pikepdf.Stream(
        pdf,
        bytes([200]) * (100 * 50),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=100,
        Height=50,
        ColorSpace=pikepdf.Name.DeviceGray,
        BitsPerComponent=8,
    )
    form = pikepdf.Stream(
        pdf,
        b"q 1 0 0 1 0 0 cm /Im0 Do Q",
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Form,
        BBox=[0, 0, 1, 1],
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)),
    )
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 72, 36],
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm0=form)),
        Contents=pikepdf.Stream(pdf, b"q 72 0 0 36 0 0 cm /Fm0 Do Q"),
    )
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path := tmp_path / "form.pdf")
    scan = _scan_of(path)
    assert scan is not None and (scan.xdpi, scan.ydpi) == pytest.approx((100, 100))
