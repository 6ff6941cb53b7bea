"""The re-OCR stage: page images in, ``Page`` records of words with boxes and confidences out.

Pages, not documents, are the unit of work: every page of the batch that is not in the cache
goes to the run's executor (``pipeline.executors``: a process pool of ``--jobs`` workers, one
engine thread each, or a Dask cluster), so a 300-page PDF and fifty one-page memos keep every
core busy alike. A worker loads its page itself (images never
cross a process boundary), cleans it up (``pipeline.stages.imaging``) and hands it to the engine
named in the settings (``pipeline.engines``). A worker never raises: it returns a
``PageOutcome`` carrying the page or the reason it failed. A page that fails fails alone: it
becomes an empty placeholder ``Page`` (status ``failed``, its reason) and the rest of its
document is kept (the document is then ``partial``); only a document none of whose pages could
be read fails. A worker that *dies* (out of memory, a native crash) has its pages retried; only
a page that kills its worker every time fails. A worker never outlives the run: when the main
process dies (``kill -9`` included) its workers are killed too (``pipeline.executors``).

Each page is read cheaply first; only where the evidence of that reading (Tesseract's word
confidences, the share of word-like words) says the page is hard does ``read_page`` try the
page's orientation (the engine's OSD) and other clean-up treatments, keeping the best reading.
Every reading is recorded in the page's ``attempts``. Photographs on a page are painted out
before any reading (``stages.pictures``), each with a warning saying where it was. A page whose
best reading does not look like text, whose ink is all faint (``reading.faint_only``) and
no reading found text in, or that shows rows of text (``reading.shows_rows``) but read as
fewer than ``MANUAL_MIN_WORDS`` words, or that holds lines of letter-sized marks
(``glyphlines.unread_lines``: too few lines for rows, specks and dark ink beside them) that its
best reading read as nothing or a fragment, or whose best reading is mostly words Tesseract is
unsure of (``legible.unsure_page``: a faint page's strokes drawn into word shapes by a
treatment, not read), is flagged for manual transcription: its text is one line naming the
page and the reason (``Page.flagged``), never the garbage, which is kept in its record.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pipeline import engines
from pipeline.core.cache import cache_key, check_types, data_hash
from pipeline.core.config import OCR_CODE, OcrSettings
from pipeline.core.enums import DocKind, PageSource, PageStatus
from pipeline.core.errors import DocumentError, MissingDependencyError, OcrError
from pipeline.core.fileio import code_hash
from pipeline.core.records import Page, PageRef
from pipeline.core.stage import DocState, RunContext, Stage, StageRun
from pipeline.engines import EngineInfo
from pipeline.executors import Executor, WorkerLost
from pipeline.stages.glyphlines import describe as describe_lines
from pipeline.stages.glyphlines import letters, unread_lines
from pipeline.stages.legible import unsure_page
from pipeline.stages.reading import (
    FAINT_RATIO,
    FEW_WORDS,
    Reader,
    faint_only,
    ink_shares,
    read_page,
    shows_rows,
)

log = logging.getLogger(__name__)

# Smaller than this (in pixels, either side) is a spacer or an icon, not a page to read.
MIN_PAGE_SIDE = 16


@dataclass(frozen=True)
class PageOutcome:
    """What a worker sends back for one page: the page, or why it failed."""

    page: Page | None = None
    reason: str | None = None
    #: The file the failure is about (the page image's file).
    path: str | None = None
    #: Wall seconds the page took in its worker (loading, imaging, every reading): summed per
    #: document into the run log's ``seconds.ocr``.
    seconds: float = 0.0


# A best reading below either of these is not text we can vouch for: manual transcription.
MANUAL_CONF = 45.0
MANUAL_WORDLIKE = 0.45
MANUAL_MIN_WORDS = FEW_WORDS  # fewer words than this are judged by the page, not by words


#: A page read as no text is a photo or drawing, not a blank page, when at least this share of
#: its inner part (``INNER_MARGIN`` of each side left out: a scan's dark edge, punched holes,
#: a fold's shadow at the margin) is dark ink (``reading.ink_shares``: darker than mid-grey
#: once smoothed over the grain; show-through and grain are fainter). A blank page has none;
#: lichtenstein.pdf p1 (OCRmyPDF's test files) at 300 dpi, grey or 1-bit, 0.04, its 267-pixel
#: copy 0.12.
PICTURE_DARK = 0.02
INNER_MARGIN = 0.1


def inner_dark_share(image: Any, dpi: int) -> float:
    """The share (0-1) of the grey page ``image`` (``dpi``) inside ``INNER_MARGIN`` of each
    side that is dark ink (``reading.ink_shares``)."""
    dx, dy = round(image.width * INNER_MARGIN), round(image.height * INNER_MARGIN)
    return ink_shares(image.crop((dx, dy, image.width - dx, image.height - dy)), dpi)[0]


def ocr_page(ref: PageRef, settings: OcrSettings) -> Page:
    """Load, normalise, clean up and OCR one page, trying harder only where the first reading
    says the page is hard (``read_page``). A page whose best reading still does not look like
    text, or that holds only faint ink and read as nothing, is flagged ``MANUAL`` with the
    reason (``Page.flagged``: its text a placeholder naming the page and the reason, the
    reading kept beside it). Raises ``DocumentError`` naming
    the file and page."""
    from pipeline.stages.pageimage import load_page_image
    from pipeline.stages.paper import paper_in_frame  # numpy: not at start-up (bench.startup)
    from pipeline.stages.redaction import find_redactions

    loaded = load_page_image(ref, dpi=settings.pdf_dpi, image_dpi=settings.image_dpi)
    image, dpi = loaded.image, loaded.dpi
    if min(image.size) < MIN_PAGE_SIDE:
        raise DocumentError(
            ref.path,
            f"page {ref.number} is {image.width}x{image.height} pixels: too small to be a page",
        )
    image, pictures = _without_pictures(image, dpi)
    engine = engines.get(settings.engine)
    best, attempts = read_page(Reader(engine, settings, ref, dpi), image, settings)
    chosen = best.attempt
    warnings = (*loaded.warnings, *pictures, *best.warnings)
    status, reason = PageStatus.OK, None
    s = best.stats
    # Rows of text (not only ink: a fold or an edge's shadow is faint ink too) on a page read
    # as no or almost no words.
    rows = shows_rows(image, dpi) if chosen.words < MANUAL_MIN_WORDS else None
    if not best.lines and len(attempts) > 1 and rows is not None and faint_only(image, dpi):
        # Ink sent the page to the hard search and all of it is faint: text too faint to
        # read, not a blank page (no ink, or a dark hole, edge or fold: "no text found").
        status = PageStatus.MANUAL
        reason = (
            f"faint ink on the page (ink {s.contrast:.0f} over grain {s.noise:.1f}) but no "
            f"reading of {len(attempts)} found text in it: too faint to read"
        )
        warnings = (f"manual transcription needed: {reason}", *warnings)
    elif rows is not None:
        # Rows of text that no reading read (or read as a word or two): too faint to read, or
        # the back's typing showing through; a person tells which at a glance.
        status = PageStatus.MANUAL
        reason = (
            f"{rows.describe()} but {_found(chosen.words, len(attempts))} in them: text too "
            "faint to read (or the back's typing showing through)"
        )
        warnings = (f"manual transcription needed: {reason}", *warnings)
    elif unread := (
        unread_lines(image, dpi, letters(best.lines)) if chosen.words < MANUAL_MIN_WORDS else []
    ):
        # Lines of type too few for a rhythm of rows (a signature page: a marking, a name, a
        # page number), dark ink and specks beside them, read as nothing or a fragment.
        status = PageStatus.MANUAL
        reason = (
            f"{describe_lines(unread)} but {_found(chosen.words, len(attempts))} in them: "
            "text too faint or damaged to read"
        )
        warnings = (f"manual transcription needed: {reason}", *warnings)
    elif not best.lines and (pictures or (dark := inner_dark_share(image, dpi)) >= PICTURE_DARK):
        # Ink over much of the page (or a picture left out of OCR) and no text read: a photo or
        # a drawing, as the same picture read as a few garbage words is flagged below (one
        # rule whatever the scan's depth: a 1-bit copy of OCRmyPDF's lichtenstein.pdf p1 read
        # as nothing, its grey page as six words at confidence 30).
        status = PageStatus.MANUAL
        what = "a picture was left out of OCR" if pictures else f"{dark:.0%} of it is dark ink"
        reason = f"no text read, but {what}: a photo or drawing, or a page too damaged to read"
        warnings = (f"manual transcription needed: {reason}", *warnings)
    elif not best.lines:
        warnings = ("no text found on this page", *warnings)
    elif chosen.words >= MANUAL_MIN_WORDS and (
        (chosen.conf is not None and chosen.conf < MANUAL_CONF)
        or (chosen.wordlike or 0.0) < MANUAL_WORDLIKE
    ):
        status = PageStatus.MANUAL
        reason = (
            f"no reading looks like text (best of {len(attempts)}: mean confidence "
            f"{chosen.conf if chosen.conf is not None else '-'}, {chosen.wordlike or 0:.0%} "
            "word-like): "
            + (
                f"ink {s.contrast:.0f} over grain {s.noise:.1f}, a page too faint to read"
                if s.contrast < FAINT_RATIO * max(s.noise, 1.0)
                else "a photo, handwriting or a page too damaged to read"
            )
        )
        warnings = (f"manual transcription needed: {reason}", *warnings)
    elif chosen.words >= MANUAL_MIN_WORDS and (
        doubted := unsure_page(best.lines, chosen, len(attempts))
    ):
        # Shaped like words but doubted by Tesseract word after word: a faint page's strokes
        # drawn by a treatment, not read (``stages.legible``).
        status = PageStatus.MANUAL
        reason = doubted + (
            f"; ink {s.contrast:.0f} over grain {s.noise:.1f}, a page too faint to read"
            if s.contrast < FAINT_RATIO * max(s.noise, 1.0)
            else ""
        )
        warnings = (f"manual transcription needed: {reason}", *warnings)
    steps = (
        *loaded.steps,
        *(["pictures-blanked"] if pictures else []),
        *chosen.steps,
        f"measured(background {s.background:.0f}, unevenness {s.unevenness:.0f}, "
        f"contrast {s.contrast:.0f}, noise {s.noise:.1f}, speckle {s.speckle:.3f})",
    )
    width, height = (image.height, image.width) if chosen.rotation in (90, 270) else image.size
    page = Page(
        number=ref.number,
        lines=best.lines,
        source=PageSource.OCR,
        width=width,
        height=height,
        dpi=dpi,
        preprocessing=steps,
        deskew=best.deskew,
        warnings=warnings,
        redactions=find_redactions(
            best.image,
            best.lines,
            dpi=dpi,
            page=ref.number,
            bars=best.bars,
            grey=_grey_frame(image, best.attempt.steps, chosen.rotation, best.deskew),
        ),
        rotation=chosen.rotation,
        attempts=tuple(attempts) if len(attempts) > 1 else (),
        frame=loaded.frame,
        # The paper inside a photo's background or a scan's dark border.
        paper=paper_in_frame(image, chosen.rotation, best.deskew),
    )
    # A flagged page's garbage is kept in its record, out of the text that is searched.
    return page.flagged(reason) if status is PageStatus.MANUAL and reason else page


def _found(words: int, readings: int) -> str:
    """What the page's readings found, for its reason: "the best of 9 readings found only 2
    words", "the reading found no text"."""
    found = f"only {words} word{'s' if words != 1 else ''}" if words else "no text"
    which = f"the best of {readings} readings" if readings > 1 else "the reading"
    return f"{which} found {found}"


def _grey_frame(
    image: Any, steps: Sequence[str], rotation: int, deskew: float
) -> Callable[[], Any] | None:
    """The page's grey pixels (``image``, as it came to the readings) in the frame of the
    chosen reading's image (turned ``rotation`` degrees clockwise, deskewed by ``deskew``
    degrees), made when asked; None when that reading's image is grey already (``steps``
    binarised nothing). The codes beside a redaction box are read again from its crop where
    the binarised page's reads worse (``stages.redaction_rereads``: FreeSerif at 150 dpi,
    rendered pages, dev)."""
    if not any(step.startswith("binarise") for step in steps):
        return None

    def grey() -> Any:
        from pipeline.stages.imaging import rotate
        from pipeline.stages.pageimage import grey_pixels, turn

        pixels = grey_pixels(turn(image, rotation))
        return rotate(pixels, deskew) if deskew else pixels

    return grey


def _without_pictures(image: Any, dpi: int) -> tuple[Any, tuple[str, ...]]:
    """The page with its pictures (``stages.pictures``) painted out, and a warning for each
    saying where it was: OCR reads a photograph as garbage words."""
    from pipeline.stages.pageimage import grey_pixels
    from pipeline.stages.pictures import blank_pictures, describe, find_pictures

    boxes = find_pictures(grey_pixels(image), dpi)
    notes = tuple(
        f"a picture ({describe(b, dpi)}) was left out of OCR: a photograph or drawing, not text"
        for b in boxes
    )
    return blank_pictures(image, boxes), notes


def run_page(ref: PageRef, settings: OcrSettings) -> PageOutcome:
    """``ocr_page`` that never raises: what both the serial and the pool path run, so a page
    fails its document the same way whichever path OCRed it. ``seconds``: the page's wall time
    in the worker."""
    t0 = time.perf_counter()
    try:
        outcome = PageOutcome(page=ocr_page(ref, settings))
    except DocumentError as err:
        outcome = PageOutcome(reason=err.reason, path=err.path)
    except Exception as exc:  # a library error (OpenCV, Pillow) on an odd image
        log.debug("unexpected error on %s page %d", ref.path, ref.number, exc_info=True)
        reason = f"page {ref.number}: cannot process: {type(exc).__name__}: {exc}"
        outcome = PageOutcome(reason=reason, path=str(ref.path))
    return replace(outcome, seconds=time.perf_counter() - t0)


class Ocr(Stage):
    """Re-OCR every page image of the batch, reusing cached pages."""

    name = "ocr"
    code = OCR_CODE

    def check(self, states: Sequence[DocState], ctx: RunContext) -> None:
        if any(s.source.kind is not DocKind.TEXT for s in states):
            ctx.engine_info = engines.get(ctx.config.ocr.engine).check(ctx.config.ocr.lang)
            if ctx.executor is not None and ctx.executor.remote:
                _check_workers(ctx.executor, ctx.engine_info, ctx.config.ocr)

    def page_key(self, ref: PageRef, image_sha256: str, ctx: RunContext) -> str:
        """What a page's OCR depends on: the page image, the engine and the settings."""
        import pypdfium2

        info = ctx.engine_info
        basis = {
            "image": {"sha256": image_sha256, "index": ref.index, "kind": ref.kind.value},
            "ocr": ctx.config.ocr.to_dict(),
            "engine": {info.name: info.to_dict()} if info else None,
            "pdfium": pypdfium2.PDFIUM_INFO.version if ref.kind is DocKind.PDF else None,
            "code": code_hash(*self.code),
        }
        return cache_key(basis)

    def run_batch(self, states: Sequence[DocState], ctx: RunContext) -> list[DocState]:
        by_name = {s.name: s for s in states}
        pages: dict[str, dict[int, Page]] = {}
        counts: dict[str, list[int]] = {}  # name -> [OCRed, reused]
        fresh: dict[str, list[int]] = {}  # name -> numbers of the pages OCRed (not reused)
        failed: dict[str, list[PageOutcome]] = {}
        todo: list[tuple[PageRef, str]] = []
        spent: dict[str, float] = {}  # name -> wall seconds of its pages in the workers
        for s in states:
            if not s.alive or s.source.kind is DocKind.TEXT:
                continue
            pages[s.name], counts[s.name] = {}, [0, 0]
            for ref in s.refs:
                key = self.page_key(ref, s.inputs[s.source.display(ref.path)], ctx)
                cached = ctx.cache.get(self.name, key)
                page = _page_from_cache(cached, ref.number)
                if page is not None:
                    pages[s.name][ref.number] = page
                    counts[s.name][1] += 1
                else:
                    todo.append((ref, key))

        def done(ref: PageRef, key: str, outcome: PageOutcome) -> None:
            ctx.progress.advance()
            spent[ref.doc] = spent.get(ref.doc, 0.0) + outcome.seconds
            if outcome.page is None:
                # The page fails alone: a placeholder keeps its place, never cached.
                failed.setdefault(ref.doc, []).append(outcome)
                where = by_name[ref.doc].source.display(ref.path)
                reason = outcome.reason or "OCR failed"
                pages[ref.doc][ref.number] = replace(
                    Page.placeholder(ref.number, reason), warnings=(f"{where}: {reason}",)
                )
                return
            ctx.cache.put(self.name, key, outcome.page.to_dict())
            pages[ref.doc][ref.number] = outcome.page
            counts[ref.doc][0] += 1
            fresh.setdefault(ref.doc, []).append(ref.number)

        ctx.progress.start(len(todo), "OCR")
        try:
            executor = ctx.executor
            here = executor is None or not executor.remote
            if here and (executor is None or executor.workers == 1 or len(todo) <= 1):
                for ref, key in todo:
                    done(ref, key, run_page(ref, ctx.config.ocr))
            else:
                if todo:
                    _prepare_workers(ctx.config.ocr, local=here)
                _run_pool(todo, executor, ctx.config.ocr, done)
        finally:
            ctx.progress.finish()

        out: list[DocState] = []
        for s in states:
            if s.name not in pages:
                out.append(s)
                continue
            bad = failed.get(s.name, [])
            doc_pages = tuple(pages[s.name][r.number] for r in s.refs)
            ocred, reused = counts[s.name]
            run = StageRun(
                None,
                data_hash([p.to_dict() for p in doc_pages]),
                reused=ocred == 0 and not bad,
                # This document's own pages (their wall seconds in the workers, summed: pages
                # OCRed side by side add up to more than the time they took); the batch's
                # elapsed OCR time is the run log's header ``seconds.ocr``.
                seconds=spent.get(s.name, 0.0),
                extra={
                    "pages_ocred": ocred,
                    "pages_reused": reused,
                    "pages_failed": len(bad),
                    # What this run rasterised: the runner warns of a page fitted below
                    # --dpi only then, not again on each run that reuses it.
                    "ocred_pages": tuple(sorted(fresh.get(s.name, ()))),
                },
            )
            if bad and len(bad) == len(s.refs):  # nothing of the document could be read
                # Its run stays on record: the summary counts its failed pages as the bar did.
                failed_doc = s.failed(bad[0].reason or "OCR failed", bad[0].path)
                out.append(replace(failed_doc, runs={**s.runs, "ocr": run}))
                continue
            out.append(replace(by_name[s.name], pages=doc_pages, runs={**s.runs, "ocr": run}))
        return out


def _prepare_workers(settings: OcrSettings, *, local: bool) -> None:
    """Done once here before any worker is forked. OpenCV is set to one thread when imaging is
    imported; a forked worker that did that itself while this process had OpenCV's thread
    pool running would hang on the pool's lock. For the ``local`` pool, also what every
    worker needs, so each inherits it instead of paying for it again (a worker's start-up is
    part of the OCR's CPU per page): the modules a page goes through (with those its
    libraries import on first use), Pillow's common image plugins, and the engine's model
    (its ``warm_up``, where it has one: ~0.1 s of CPU per worker for Tesseract's). An engine
    that cannot warm up is left to fail (or not) page by page in the workers."""
    import pipeline.stages.imaging

    if not local:
        return
    import numpy.ma  # what numpy.percentile imports on its first call (~20 ms)
    import rapidfuzz.distance.Levenshtein  # exemption codes read tolerantly (~12 ms)
    from PIL import Image, ImageOps

    import pipeline.stages.pageimage
    import pipeline.stages.paper
    import pipeline.stages.pictures
    import pipeline.stages.pngread
    import pipeline.stages.redaction  # noqa: F401

    del numpy, rapidfuzz, ImageOps  # imported for the workers to inherit, not used here
    Image.preinit()  # PNG, JPEG, PPM, BMP, GIF: what Image.open tries first
    warm = getattr(engines.get(settings.engine), "warm_up", None)
    if warm is not None:
        try:
            warm(settings)
        except OcrError as exc:
            log.debug("the OCR engine did not warm up before the workers: %s", exc)


def _page_from_cache(data: Any, number: int) -> Page | None:
    if data is None:
        return None
    try:
        page = Page.from_dict(data)
        check_types(page)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        log.warning("ignoring unreadable OCR cache entry: %s", exc)
        return None
    # The same image may be page 3 of one document and page 1 of another.
    return replace(page, number=number)


def _engine_info(engine: str, lang: str) -> dict[str, object]:
    """The engine's check as a worker sees it (run on every worker)."""
    return engines.get(engine).check(lang).to_dict()


def _check_workers(executor: Executor, info: EngineInfo, settings: OcrSettings) -> None:
    """Every connected worker runs the OCR engine and language data this machine checked (they
    key the cache and are recorded in every document): otherwise outputs would silently
    differ. Raises ``MissingDependencyError`` naming the first worker that differs."""
    want = info.to_dict()
    found = executor.on_every_worker(_engine_info, settings.engine, settings.lang)
    for worker, theirs in sorted(found.items()):
        if theirs != want:
            key = sorted(k for k in want.keys() | theirs.keys() if want.get(k) != theirs.get(k))[0]
            raise MissingDependencyError(
                f"worker {worker}: {info.name} {key} {theirs.get(key)!r} differs from this "
                f"machine's {want.get(key)!r}; every worker needs the same OCR engine version "
                "and language data"
            )


def _run_pool(
    todo: list[tuple[PageRef, str]],
    executor: Executor,
    settings: OcrSettings,
    done: Callable[[PageRef, str, PageOutcome], None],
) -> None:
    """OCR pages as tasks of ``executor`` (``pipeline.executors``: the local process pool or a
    Dask cluster). Page errors come back as outcomes; a failed page fails alone, the other pages
    of its document go on. A page whose worker died every time it ran it fails."""
    # Leaving the block early (a full disk stops the run) starts no more pages.
    with executor.map(run_page, [(ref,) for ref, _ in todo], settings) as tasks:
        for i, result in tasks:
            ref, key = todo[i]
            if isinstance(result, WorkerLost):
                result = PageOutcome(reason=f"page {ref.number}: the OCR worker died")
            done(ref, key, result)
