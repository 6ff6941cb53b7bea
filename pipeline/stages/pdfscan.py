"""A PDF page that is a scan, read at the scan's own resolution.

Most PDFs in a release are scans: each page one image drawn over the whole page (a 300-dpi
office scan, a 200-dpi archive copy, a fax at 204x98, a 2400-dpi microfilm frame), perhaps
under an invisible OCR text layer. Rasterising every page at ``--dpi`` resamples such a page
twice (up or down to ``--dpi``, then its text at a size the scan never had): a 2400-dpi scan
on a 1.67x1.19-inch page became a 501x358-pixel image and lost lines. ``scan_image`` finds the
one image and its resolution on the rendered page (pixels over the inches of its placement,
across and down the page apart), and ``render_scan`` draws the page at exactly that
resolution, so the image's pixels come out (nearly) as stored (placement, rotation, flips,
masks and colour spaces applied by PDFium as for any render). A page with visible text, vector
drawing, several images or an image covering only part of it (a born-digital page, a form
with a scan pasted in) is not a scan: it is rendered at ``--dpi`` as before.
"""

from __future__ import annotations

import functools
import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: a text-only run never loads it
    import pypdfium2 as pdfium

log = logging.getLogger(__name__)

Matrix = tuple[float, float, float, float, float, float]  # a PDF matrix: a, b, c, d, e, f

#: An image is the page's scan when it covers at least this share of the page's visible area
#: (scanners and PDF makers leave a few points of border, or draw the image a little larger).
SCAN_COVER = 0.9
#: Placements whose axes lie within this (as a share of their length) of the page's own are
#: taken as axis-aligned: upright, turned by a quarter or flipped, not skewed.
AXIS_SLACK = 1e-3


@dataclass(frozen=True)
class ScanImage:
    """The one image a scanned PDF page is, seen on the page as PDFium renders it (its
    ``/Rotate`` applied, ``/UserUnit`` honoured): ``xdpi`` and ``ydpi`` are its pixels per inch
    across and down the page; ``bilevel`` says it has 1 bit a pixel (a fax or a CCITT/JBIG2
    scan); ``aligned`` that its pixel rows lie along the page's rows or columns (not skewed),
    so the page can be drawn at two resolutions (a fax) pixel for pixel."""

    xdpi: float
    ydpi: float
    bilevel: bool
    aligned: bool

    @property
    def square(self) -> bool:
        """Whether both resolutions are the same (within 1 %)."""
        return square(self.xdpi, self.ydpi)


def scan_image(page: pdfium.PdfPage, unit: float = 1.0) -> ScanImage | None:
    """The scan ``page`` is (``ScanImage``), or None when the page is not one scan: exactly one
    image among its objects (in form XObjects too), no other object but text drawn invisibly
    (an OCR layer), no annotation, the image covering ``SCAN_COVER`` of the page's visible
    area. ``unit`` is the page's ``/UserUnit`` (PDFium ignores it): inches are ``unit``/72 of a
    point."""
    import pypdfium2.raw as raw

    if raw.FPDFPage_GetAnnotCount(page.raw) != 0:
        return None
    image, matrix = None, None
    forms: list[Matrix] = []  # the matrices of the form XObjects around the object in hand
    for obj in page.get_objects():
        level = getattr(obj, "level", 0)
        del forms[level:]
        if obj.type == raw.FPDF_PAGEOBJ_FORM:  # a container: its objects are walked too
            forms.append(_then(obj.get_matrix().get(), forms[-1] if forms else None))
            continue
        if obj.type == raw.FPDF_PAGEOBJ_TEXT:
            if raw.FPDFTextObj_GetTextRenderMode(obj.raw) != raw.FPDF_TEXTRENDERMODE_INVISIBLE:
                return None
            continue
        if obj.type != raw.FPDF_PAGEOBJ_IMAGE or image is not None:
            return None
        image, matrix = obj, _then(obj.get_matrix().get(), forms[-1] if forms else None)
    if image is None or matrix is None:
        return None
    # The image's own unit square goes to the page by its matrix (its forms' included): its
    # pixel columns run along (a, b), its rows along (c, d), in points of user space.
    a, b, c, d, _, _ = matrix
    across, down = math.hypot(a, b), math.hypot(c, d)
    px_w, px_h = image.get_px_size()
    if min(across, down) <= 0 or min(px_w, px_h) <= 0:
        return None
    if _cover(page, matrix) < SCAN_COVER:
        return None
    res_w = px_w * 72 / (across * unit)  # along the image's width
    res_h = px_h * 72 / (down * unit)
    upright = abs(b) <= AXIS_SLACK * across and abs(c) <= AXIS_SLACK * down
    turned = abs(a) <= AXIS_SLACK * across and abs(d) <= AXIS_SLACK * down
    xdpi, ydpi = (res_w, res_h) if upright or not turned else (res_h, res_w)
    if page.get_rotation() in (90, 270):  # /Rotate turns the page's x into the drawing's y
        xdpi, ydpi = ydpi, xdpi
    bilevel = image.get_metadata().bits_per_pixel == 1
    return ScanImage(xdpi, ydpi, bilevel, upright or turned)


def _then(first: Matrix, then: Matrix | None) -> Matrix:
    """The PDF matrix ``first`` followed by ``then`` (None: none), as (a, b, c, d, e, f)."""
    if then is None:
        return first
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _cover(page: pdfium.PdfPage, matrix: Matrix) -> float:
    """The share (0-1) of the page's crop box that the bounds of the unit square drawn by
    ``matrix`` (an image's placement) cover."""
    a, b, c, d, e, f = matrix
    xs = (e, e + a, e + c, e + a + c)
    ys = (f, f + b, f + d, f + b + d)
    left, bottom, right, top = page.get_cropbox()
    w = max(0.0, min(right, max(xs)) - max(left, min(xs)))
    h = max(0.0, min(top, max(ys)) - max(bottom, min(ys)))
    area = (right - left) * (top - bottom)
    return w * h / area if area > 0 else 0.0


def render_scan(
    page: pdfium.PdfPage, xdpi: float, ydpi: float, unit: float, *, exact: bool
) -> pdfium.PdfBitmap:
    """``page`` drawn at ``xdpi`` across and ``ydpi`` down (its ``/Rotate`` applied; ``unit``
    its ``/UserUnit``), on white, as PDFium's B, G, R pixels. ``exact``: at an aligned scan's
    own resolution (``scan_image``), drawn without smoothing, so its pixels come out as
    stored (PDFium's smoothing greys a 1-bit scan's edges even at one pixel for one; without
    it a synthetic 204x98 fax still differs from its TIFF at 0.4 % of its pixels, edges
    shifted a pixel: ``tests/test_pdfscan.py``); otherwise smoothed, as a page is drawn at
    another scale. Raises ``PdfiumError``."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    sx, sy = xdpi * unit / 72, ydpi * unit / 72
    w_pt, h_pt = page.get_size()  # as displayed: /Rotate applied
    width, height = max(1, round(w_pt * sx)), max(1, round(h_pt * sy))
    bitmap = pdfium.PdfBitmap.new_native(width, height, raw.FPDFBitmap_BGR)
    bitmap.fill_rect((255, 255, 255, 255), 0, 0, width, height)
    matrix = raw.FS_MATRIX(sx, 0, 0, sy, 0, 0)
    clip = raw.FS_RECTF(0, 0, width, height)
    flags = raw.FPDF_ANNOT | (raw.FPDF_RENDER_NO_SMOOTHIMAGE if exact else 0)
    raw.FPDF_RenderPageBitmapWithMatrix(bitmap.raw, page.raw, matrix, clip, flags)
    return bitmap


def square(xdpi: float, ydpi: float) -> bool:
    """Whether two resolutions are the same within 1 %."""
    return abs(xdpi - ydpi) <= 0.01 * max(xdpi, ydpi)


def scan_dpi(scan: ScanImage) -> tuple[float, float]:
    """The resolution across and down a scan is drawn at: its own, or, for a skewed
    non-square placement (no pixel grid to keep), its larger both ways."""
    if not scan.aligned and not scan.square:
        return (max(scan.xdpi, scan.ydpi),) * 2
    return scan.xdpi, scan.ydpi


def scan_step(scan: ScanImage, xdpi: float, ydpi: float, fitted: int | None) -> str:
    """The step saying a scan was drawn at ``xdpi`` x ``ydpi``: ``scan-dpi(204x98)``, or,
    ``fitted`` into that many pixels, ``scan-dpi(1200 -> 805: the most that fits 60,000,000
    pixels)``."""
    own = f"{scan.xdpi:.4g}" if scan.square else f"{scan.xdpi:.4g}x{scan.ydpi:.4g}"
    drawn = f"{xdpi:.4g}" if square(xdpi, ydpi) else f"{xdpi:.4g}x{ydpi:.4g}"
    if fitted:
        return f"scan-dpi({own} -> {drawn}: the most that fits {fitted:,} pixels)"
    return f"scan-dpi({own})" if drawn == own else f"scan-dpi({own} -> {drawn})"


@functools.lru_cache(maxsize=8)
def _user_units(path: Path, size: int, mtime: float) -> tuple[float, ...]:
    """Each page's ``/UserUnit`` (1.0 unless set): PDFium reports sizes in points and ignores
    it, so a page drawn in larger units would be rasterised too small."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        return tuple(float(p.user_unit or 1.0) for p in reader.pages)
    except (PdfReadError, OSError, ValueError, TypeError, KeyError) as exc:
        log.debug("%s: cannot read /UserUnit (%s); assuming 1", path, exc)
        return ()


@functools.lru_cache(maxsize=8)
def _mentions_user_unit(path: Path, size: int, mtime: float) -> bool:
    """Whether the file holds ``/UserUnit`` at all (nearly no PDF does): read once per file and
    worker, not once per page (a 300-page release is read through once, not 300 times)."""
    with open(path, "rb") as fh:
        return b"/UserUnit" in fh.read()


def user_unit(path: Path, index: int) -> float:
    """The ``/UserUnit`` of page ``index`` (0-based) of the PDF at ``path``: 1.0 unless set
    to 0.1-100."""
    st = path.stat()
    if not _mentions_user_unit(path, st.st_size, st.st_mtime):
        return 1.0
    units = _user_units(path, st.st_size, st.st_mtime)
    unit = units[index] if index < len(units) else 1.0
    return unit if 0.1 <= unit <= 100 else 1.0
