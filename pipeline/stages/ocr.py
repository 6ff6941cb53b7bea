"""The re-OCR stage: page images in, ``Page`` records of words with boxes and confidences out.

Pages, not documents, are the unit of work: every page of the batch that is not in the cache
goes to one process pool (``--jobs`` workers, one engine thread each), so a 300-page PDF and
fifty one-page memos keep every core busy alike. A worker loads its page itself (images never
cross a process boundary), cleans it up (``pipeline.stages.imaging``) and hands it to the engine
named in the settings (``pipeline.engines``). A worker never raises: it returns a
``PageOutcome`` carrying the page or the reason it failed, so a bad page fails its own document
with its real reason, and the pool goes on. Only a worker that *dies* (out of memory, a native
crash) costs a new pool, and then only its page's document fails. A worker never outlives the
run: when the main process dies (``kill -9`` included) its workers are killed too
(``_worker_init``).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import Any

from pipeline import engines
from pipeline.core.cache import cache_key, check_types, data_hash
from pipeline.core.config import OCR_CODE, OcrSettings, RunConfig
from pipeline.core.enums import DocKind, PageSource
from pipeline.core.errors import DocumentError, OcrError
from pipeline.core.fileio import code_hash
from pipeline.core.records import Page, PageRef
from pipeline.core.stage import DocState, RunContext, Stage, StageRun

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


def ocr_page(ref: PageRef, settings: OcrSettings) -> Page:
    """Load, clean up and OCR one page. Raises ``DocumentError`` naming the file and page."""
    from pipeline.stages.imaging import preprocess  # OpenCV: only where pages are OCRed
    from pipeline.stages.ingest import load_page_image
    from pipeline.stages.redaction import find_redactions

    image, dpi = load_page_image(ref, dpi=settings.pdf_dpi)
    if min(image.size) < MIN_PAGE_SIDE:
        raise DocumentError(
            ref.path,
            f"page {ref.number} is {image.width}x{image.height} pixels: too small to be a page",
        )
    prepared = preprocess(image, dpi=dpi, mode=settings.preprocess)
    try:
        engine = engines.get(settings.engine)
        found = engine.recognize(prepared.image, dpi=dpi, settings=settings, page=ref)
    except OcrError as exc:
        raise DocumentError(ref.path, f"page {ref.number}: {exc}") from exc
    warnings = found.warnings
    if not found.lines:
        warnings = ("no text found on this page", *warnings)
    s = prepared.stats
    steps = (
        *prepared.steps,
        f"measured(background {s.background:.0f}, unevenness {s.unevenness:.0f}, "
        f"contrast {s.contrast:.0f}, noise {s.noise:.1f}, speckle {s.speckle:.3f})",
    )
    return Page(
        number=ref.number,
        lines=found.lines,
        source=PageSource.OCR,
        width=image.width,
        height=image.height,
        dpi=dpi,
        preprocessing=steps,
        deskew=prepared.deskew,
        warnings=warnings,
        redactions=find_redactions(prepared.image, found.lines, dpi=dpi, page=ref.number),
    )


def run_page(ref: PageRef, settings: OcrSettings) -> PageOutcome:
    """``ocr_page`` that never raises: what both the serial and the pool path run, so a page
    fails its document the same way whichever path OCRed it."""
    try:
        return PageOutcome(page=ocr_page(ref, settings))
    except DocumentError as err:
        return PageOutcome(reason=err.reason, path=err.path)
    except Exception as exc:  # a library error (OpenCV, Pillow) on an odd image
        log.debug("unexpected error on %s page %d", ref.path, ref.number, exc_info=True)
        reason = f"page {ref.number}: cannot process: {type(exc).__name__}: {exc}"
        return PageOutcome(reason=reason, path=str(ref.path))


class Ocr(Stage):
    """Re-OCR every page image of the batch, reusing cached pages."""

    name = "ocr"
    code = OCR_CODE

    def check(self, states: Sequence[DocState], ctx: RunContext) -> None:
        if any(s.source.kind is not DocKind.TEXT for s in states):
            ctx.engine_info = engines.get(ctx.config.ocr.engine).check(ctx.config.ocr.lang)

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
        failed: dict[str, PageOutcome] = {}
        todo: list[tuple[PageRef, str]] = []
        t0 = time.perf_counter()
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
            if outcome.page is None:
                failed.setdefault(ref.doc, outcome)
                return
            ctx.cache.put(self.name, key, outcome.page.to_dict())
            pages[ref.doc][ref.number] = outcome.page
            counts[ref.doc][0] += 1

        ctx.progress.start(len(todo), "OCR")
        try:
            if ctx.config.jobs == 1 or len(todo) <= 1:
                for ref, key in todo:
                    if ref.doc in failed:
                        ctx.progress.advance()
                        continue
                    done(ref, key, run_page(ref, ctx.config.ocr))
            else:
                _run_pool(todo, ctx.config, done, lambda doc: doc in failed)
        finally:
            ctx.progress.finish()
        seconds = time.perf_counter() - t0

        out: list[DocState] = []
        for s in states:
            if s.name not in pages:
                out.append(s)
            elif s.name in failed:
                bad = failed[s.name]
                out.append(s.failed(bad.reason or "OCR failed", bad.path))
            else:
                doc_pages = tuple(pages[s.name][r.number] for r in s.refs)
                ocred, reused = counts[s.name]
                run = StageRun(
                    None,
                    data_hash([p.to_dict() for p in doc_pages]),
                    reused=ocred == 0,
                    seconds=seconds,
                    extra={"pages_ocred": ocred, "pages_reused": reused},
                )
                out.append(replace(by_name[s.name], pages=doc_pages, runs={**s.runs, "ocr": run}))
        return out


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


def _collect(
    futures: dict[Future[PageOutcome], int],
    pending: list[tuple[PageRef, str]],
    done: Callable[[PageRef, str, PageOutcome], None],
    finished: set[int],
) -> bool:
    """Hand each finished page to ``done``; cancel the rest of a failed document's pages.
    Returns True when a worker died (the pool is broken)."""
    for fut in as_completed(futures):
        i = futures[fut]
        if i in finished:  # cancelled after its document failed
            continue
        ref, key = pending[i]
        try:
            outcome = fut.result()
        except BrokenProcessPool:
            return True
        done(ref, key, outcome)
        finished.add(i)
        if outcome.page is None:
            for other, j in futures.items():
                if pending[j][0].doc == ref.doc and other.cancel():
                    finished.add(j)
                    done(pending[j][0], pending[j][1], PageOutcome(reason="cancelled"))
    return False


def _worker_init(main: int) -> None:
    """Run in each OCR worker as it starts: die with the main process (pid ``main``).

    A worker forked by the main process itself (Linux's default start method) asks the kernel
    for SIGKILL when its parent goes (``PR_SET_PDEATHSIG``). Otherwise (another platform, or a
    worker started by a fork server, which outlives the main process) a daemon thread polls for
    the main process every second. Either way a main process already gone is noticed at once.
    """
    if not _alive(main):
        os._exit(1)
    if sys.platform.startswith("linux") and os.getppid() == main:
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            if libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != main:  # it died between the check and the call
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_watch_main, args=(main,), daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but another user's: the pid was reused
        return False
    return True


def _watch_main(main: int, interval: float = 1.0) -> None:
    while _alive(main):
        time.sleep(interval)
    os._exit(1)


def _run_pool(
    todo: list[tuple[PageRef, str]],
    config: RunConfig,
    done: Callable[[PageRef, str, PageOutcome], None],
    doc_failed: Callable[[str], bool],
) -> None:
    """OCR pages in a process pool. Page errors come back as outcomes; pages of a document that
    has already failed are cancelled if they have not started. If a worker *dies*, the pool is
    rebuilt with one worker for the pages not yet done: there pages finish in order, so the
    first unfinished page is the one that killed it, and only its document fails."""
    pending = list(todo)
    workers = config.jobs
    while pending:
        finished: set[int] = set()
        with ProcessPoolExecutor(
            max_workers=workers, initializer=_worker_init, initargs=(os.getpid(),)
        ) as pool:
            futures: dict[Future[PageOutcome], int] = {
                pool.submit(run_page, ref, config.ocr): i for i, (ref, _) in enumerate(pending)
            }
            try:
                broken = _collect(futures, pending, done, finished)
            except BaseException:  # the run stops (a full disk): no more pages are started
                pool.shutdown(wait=True, cancel_futures=True)
                raise
        if not broken:
            return
        rest = [item for i, item in enumerate(pending) if i not in finished]
        rest = [item for item in rest if not doc_failed(item[0].doc)]
        if workers == 1 and rest:
            ref, key = rest.pop(0)
            done(ref, key, PageOutcome(reason=f"page {ref.number}: the OCR worker died"))
        log.warning("an OCR worker died; retrying %d pages one at a time", len(rest))
        workers = 1
        pending = rest
