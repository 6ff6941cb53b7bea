"""The re-OCR stage: one page image in, one ``Page`` of words with boxes and confidences out.

``ocr_page`` runs in a worker process: it loads the page itself (so images never cross a process
boundary), preprocesses it and hands it to Tesseract through ``pipeline.engines.tesseract``.
"""

from __future__ import annotations

import logging
import os

from pipeline.core.config import OcrSettings
from pipeline.core.errors import DocumentError, OcrError
from pipeline.core.records import Page, PageSource
from pipeline.engines import tesseract
from pipeline.stages.imaging import preprocess
from pipeline.stages.ingest import PageRef, load_page_image

log = logging.getLogger(__name__)


def worker_init() -> None:
    """Each worker runs one Tesseract at a time on one core: no oversubscription."""
    os.environ["OMP_THREAD_LIMIT"] = "1"


# Smaller than this (in pixels, either side) is a spacer or an icon, not a page to read.
MIN_PAGE_SIDE = 16


def run_page(ref: PageRef, settings: OcrSettings) -> Page:
    """``ocr_page`` with every failure as a DocumentError naming the file and page.

    Both the serial and the pool path call this, so a page fails its document the same way
    whichever path OCRed it, and never the batch.
    """
    try:
        return ocr_page(ref, settings)
    except DocumentError:
        raise
    except Exception as exc:  # a library error (OpenCV, Pillow) on an odd image
        log.debug("unexpected error on %s page %d", ref.path, ref.number, exc_info=True)
        raise DocumentError(
            ref.path, f"page {ref.number}: cannot process: {type(exc).__name__}: {exc}"
        ) from exc


def ocr_page(ref: PageRef, settings: OcrSettings) -> Page:
    image, dpi = load_page_image(ref, dpi=settings.pdf_dpi)
    if min(image.size) < MIN_PAGE_SIDE:
        raise DocumentError(
            ref.path,
            f"page {ref.number} is {image.width}x{image.height} pixels: too small to be a page",
        )
    prepared = preprocess(image, dpi=dpi, mode=settings.preprocess)
    try:
        lines = tesseract.ocr_words(
            prepared.image,
            lang=settings.lang,
            psm=settings.psm,
            dpi=dpi,
            timeout=settings.timeout,
        )
    except OcrError as exc:
        raise DocumentError(ref.path, f"page {ref.number}: {exc}") from exc
    warnings: tuple[str, ...] = ()
    if not lines:
        warnings = ("no text found on this page",)
    s = prepared.stats
    steps = (
        *prepared.steps,
        f"measured(background {s.background:.0f}, unevenness {s.unevenness:.0f}, "
        f"contrast {s.contrast:.0f}, noise {s.noise:.1f}, speckle {s.speckle:.3f})",
    )
    return Page(
        number=ref.number,
        lines=lines,
        source=PageSource.OCR,
        width=image.width,
        height=image.height,
        dpi=dpi,
        preprocessing=steps,
        deskew=prepared.deskew,
        warnings=warnings,
    )
