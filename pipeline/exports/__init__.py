"""Outputs for archivists: the searchable PDF, ALTO, hOCR and the batch search index.

Modules, in import order: ``frames`` (OCR's frame of a page mapped back onto the stored page
image), ``layout`` (the final words put back on their pages and boxes: what every export draws
from), ``hocr``, ``alto``, ``oldlayer`` and ``pdf`` (pure functions from
final pages to text or bytes; ``oldlayer`` takes an input PDF's earlier OCR text out) and
``index`` (the SQLite FTS5 index and its search). This module is what ``pipeline.outputs``
calls: ``export_files`` for one finished document's files and ``indexed_document`` for its rows
in ``OUT/index.sqlite``. pikepdf and img2pdf load only when a PDF is made.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict
from pathlib import Path

from pipeline.core.cache import cache_key
from pipeline.core.enums import DocKind, PageStatus
from pipeline.core.errors import DocumentError
from pipeline.core.fileio import code_hash, sha256_bytes, sha256_file
from pipeline.core.results import Correction
from pipeline.core.stage import DocState, RunContext
from pipeline.exports.index import IndexedDocument, release_values
from pipeline.exports.layout import FinalPage, final_pages

log = logging.getLogger(__name__)

ALTO_NAME = "alto.xml"
HOCR_NAME = "hocr.html"
#: The PDF cache's folder in ``OUT/.cache``: the hash of the PDF made from each basis.
PDF_CACHE = "pdf"


def pdf_name(name: str) -> str:
    """The searchable PDF's file name in ``OUT/<name>/``."""
    return f"{name}.pdf"


def final_corrections(state: DocState) -> tuple[Correction, ...]:
    """The correction records after review (or as the correct stage made them; none when
    correction did not run)."""
    reviewed = state.outputs.get("review")
    if reviewed is not None:
        return tuple(reviewed.corrections)
    corrected = state.outputs.get("correct")
    return tuple(corrected.corrections) if corrected is not None else ()


def document_pages(state: DocState) -> tuple[FinalPage, ...]:
    """The document's final pages (``layout.final_pages`` over its stage outputs)."""
    return final_pages(state.pages, state.output("strip"), final_corrections(state))


def export_files(
    state: DocState, ctx: RunContext, folder: Path | None = None
) -> dict[str, str | bytes]:
    """ALTO, hOCR and (for a document made of page images, unless ``--no-pdf``) the searchable
    PDF of one finished document: relative path -> text or bytes. A page that could not be read
    is in the PDF without a text layer (no PDF when its image cannot be embedded either). The
    hOCR names each page image relative to ``folder`` (where ``hocr.html`` is written).

    ``folder`` is the document's output folder: when the PDF's basis (inputs, final words,
    code) is the one its last PDF was made from and that file is still there unchanged, its
    bytes are reused instead of made again. Raises ``DocumentError`` when a page image cannot
    be embedded.
    """
    pages = document_pages(state)
    doc = state.source
    sources = [doc.display(f) for f in doc.input_files]
    from pipeline.exports.alto import alto
    from pipeline.exports.hocr import hocr

    images = None
    if state.refs and doc.kind is not DocKind.PDF:  # a PDF's pages are rendered, not files
        images = [_image_path(ref.path, folder, doc.display(ref.path)) for ref in state.refs]
    files: dict[str, str | bytes] = {
        ALTO_NAME: alto(pages, sources),
        HOCR_NAME: hocr(pages, state.name, images),
    }
    if ctx.config.pdf and doc.kind is not DocKind.TEXT and state.refs:
        try:
            files[pdf_name(state.name)] = _pdf(state, ctx, pages, folder)
        except DocumentError as err:
            # A page that could not be read is in the PDF without text when its image can be
            # embedded; when it cannot either (a corrupt file), the document has no PDF rather
            # than a page missing, and the text outputs are unaffected.
            if not any(p.status is PageStatus.FAILED for p in state.pages):
                raise
            log.warning("%s: no searchable PDF: %s", doc.display(), err.reason)
    return files


def _image_path(image: Path, folder: Path | None, shown: str) -> str:
    """A page's image file as hOCR's ``image`` names it: relative to the hOCR file's folder
    (``folder``, ``OUT/<name>``), so that it resolves from ``hocr.html`` as the hOCR spec asks
    of a file in a directory hierarchy (``../../scans/memo.png``); without ``folder``, the
    input-relative name ``shown``."""
    if folder is None:
        return shown
    return Path(os.path.relpath(image.absolute(), folder.absolute())).as_posix()


def _pdf(
    state: DocState, ctx: RunContext, pages: tuple[FinalPage, ...], folder: Path | None
) -> bytes:
    from pipeline.exports.pdf import searchable_pdf

    key = cache_key(
        {
            "stage": PDF_CACHE,
            "inputs": dict(sorted(state.inputs.items())),
            "name": state.name,
            "pages": json.loads(json.dumps([asdict(p) for p in pages], default=str)),
            "code": code_hash("pipeline.exports"),
        }
    )
    old = folder / pdf_name(state.name) if folder is not None else None
    made = ctx.cache.get(PDF_CACHE, key)
    if old is not None and isinstance(made, dict) and old.is_file():
        try:
            if sha256_file(old) == made.get("sha256"):
                return old.read_bytes()
        except OSError:
            pass
    doc = state.source
    data = searchable_pdf(doc.kind, doc.path, state.refs, pages, state.name)
    ctx.cache.put(PDF_CACHE, key, {"sha256": sha256_bytes(data)})
    return data


def indexed_document(state: DocState) -> IndexedDocument:
    """One finished document as the search index holds it."""
    pages = document_pages(state)
    return IndexedDocument(
        name=state.name,
        source=state.source.display(),
        release=release_values(state.output("strip").metadata()),
        texts=tuple(p.text() for p in pages),
    )
