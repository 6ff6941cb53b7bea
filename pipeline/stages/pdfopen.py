"""Open a PDF with PDFium, and say in plain words why one will not open.

Discovery (counting a document's pages), the OCR worker (rasterising a page) and the review
(showing one) open PDFs through ``open_pdf``; a file that will not open fails its document
with one reason (``DocumentError``): empty, no pages, encrypted, or PDFium's own error once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.core.errors import DocumentError

if TYPE_CHECKING:  # imported where used: a text-only run never loads it
    import pypdfium2 as pdfium


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """Open a PDF with PDFium. Raises ``DocumentError`` (empty, encrypted, unreadable)."""
    import pypdfium2 as pdfium

    if path.stat().st_size == 0:
        raise DocumentError(path, "empty file (0 bytes)")
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        raise DocumentError(path, _pdf_failure(path)) from exc


#: PDFium's load error codes (``FPDF_GetLastError``) in words; 2 (file) and 4 (password) have
#: their own sentences in ``_pdf_failure``.
_PDFIUM_ERRORS = {
    1: "unknown error",
    3: "data format error",
    5: "unsupported security",
    6: "page error",
}


def _pdf_failure(path: Path) -> str:
    """Why PDFium will not open ``path``. Its error code is process-wide and left unset by some
    failures (a PDF whose page tree is empty), so a message could name an earlier file's error:
    the code is set to a known value, "file access", and the load tried again."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        return f"cannot read file: {exc.strerror or exc}"
    raw.FPDF_LoadDocument(b"", None)  # no such file: FPDF_ERR_FILE
    try:
        pdfium.PdfDocument(path).close()
    except pdfium.PdfiumError:
        code = raw.FPDF_GetLastError()
        if code == raw.FPDF_ERR_FILE:
            return "PDF has no pages"
        if code == raw.FPDF_ERR_PASSWORD:
            return "PDF is encrypted (password required)"
        # PDFium's own words once (pypdfium2's message wraps them: "Failed to load document
        # (PDFium: Data format error).", which read doubled after "FAILED (not a readable PDF").
        return f"not a readable PDF (PDFium: {_PDFIUM_ERRORS.get(code, f'error {code}')})"
    return "not a readable PDF (PDFium failed to open it once)"


def grey_content(page: pdfium.PdfPage) -> bool:
    """Whether everything PDFium draws of ``page`` is grey: its objects are all images in the
    DeviceGray colour space (a scanned release: one grey scan a page) and it has no
    annotations (a stamp or a form field may be coloured). Such a page renders with equal
    channels, so ``pageimage.to_grey`` needs no search for coloured ink. False for anything
    else (text, paths, colour, indexed or image-mask images): the full search then runs."""
    import pypdfium2.raw as raw

    if raw.FPDFPage_GetAnnotCount(page.raw) != 0:
        return False
    found = False
    for obj in page.get_objects(max_depth=0):
        if obj.type != raw.FPDF_PAGEOBJ_IMAGE:
            return False
        if obj.get_metadata().colorspace != raw.FPDF_COLORSPACE_DEVICEGRAY:
            return False
        found = True
    return found
