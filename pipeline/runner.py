"""The batch runner: documents in, one output folder per document out.

``run_batch`` discovers the documents (clashing names stop the run before any work; a name
that cannot be an output folder, a link out of the input folder, fails that document alone,
before any work), runs every enabled stage's up-front ``check`` (the OCR engine, the
dictionaries), then moves the batch's immutable ``DocState``s through ``STAGES`` in order. A
document that fails at any stage gets its ``error.json`` at once and is carried along untouched;
the rest of the batch goes on. At the end ``pipeline.outputs`` writes each finished document, its
manifest record, and the run log. An output folder that cannot be written at all (read-only,
full, no permission) stops the run with ``OutputError``; documents not written by then lose
their ``metadata.json`` (and manifest record), so no old output is taken for this run's.

Where the work runs is the run's executor (``pipeline.executors``, from ``--jobs`` and
``--scheduler``): the OCR stage's pages are its tasks, and on a Dask cluster so is each
document's run of every later stage; this process keeps the states and writes every output.

``STAGES`` is the whole pipeline: a new stage is one module with a ``Stage`` subclass and one
line here.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import outputs
from pipeline.core.cache import CACHE_DIR, StageCache
from pipeline.core.config import RunConfig
from pipeline.core.enums import DocStatus, PageStatus
from pipeline.core.errors import (
    DictionaryError,
    DocumentError,
    MissingDependencyError,
    OutputError,
    UsageError,
)
from pipeline.core.fileio import LOCK_NAME, output_lock
from pipeline.core.names import printable, scrub
from pipeline.core.progress import NullProgress, Progress
from pipeline.core.records import DocumentSource, Page
from pipeline.core.results import manual_note
from pipeline.core.stage import DocState, RunContext, Stage
from pipeline.executors import Executor, make_executor
from pipeline.stages import pageimage
from pipeline.stages.correct.stage import Correct
from pipeline.stages.ingest import Ingest, InputError, check_output_folder, discover
from pipeline.stages.ocr import Ocr
from pipeline.stages.review import Review
from pipeline.stages.strip.stage import Strip

log = logging.getLogger(__name__)

#: The pipeline, in order.
STAGES: tuple[Stage, ...] = (Ingest(), Ocr(), Strip(), Correct(), Review())


@dataclass(frozen=True)
class DocReport:
    """What happened to one document: for the summary line, the CLI and the exit code."""

    name: str
    source: str
    status: DocStatus
    reason: str | None = None
    pages: int = 0
    pages_ocred: int = 0
    pages_reused: int = 0
    #: Pages OCR was run on and could not read (placeholders; the progress bar counts them).
    pages_failed: int = 0
    #: Pages flagged for manual transcription: (page number from 1, reason), by page.
    manual: tuple[tuple[int, str], ...] = ()
    #: Those of ``manual`` OCR could not read (a placeholder to type over); the others the
    #: correct stage judged not text (``manual_note`` says them apart).
    typeable: tuple[int, ...] = ()
    #: Seconds per stage (reported, never written into outputs).
    seconds: dict[str, float] = field(default_factory=dict)
    #: Stage name -> whether its output came from the cache (cached stages only).
    reused: dict[str, bool] = field(default_factory=dict)
    #: True when the input's name cannot be an output folder: it has none (``name`` is then
    #: the source).
    rejected: bool = False


@dataclass(frozen=True)
class BatchReport:
    documents: list[DocReport]
    #: Wall seconds per stage over the whole batch, and "total".
    seconds: dict[str, float]

    @property
    def failed(self) -> list[DocReport]:
        """Documents not wholly done: failed ones, and partial ones (some pages failed)."""
        return [d for d in self.documents if d.status is not DocStatus.DONE]

    def summary(self) -> str:
        """One line saying what was done and what was reused."""
        done = sum(d.status is DocStatus.DONE for d in self.documents)
        partial = sum(d.status is DocStatus.PARTIAL for d in self.documents)
        failed = len(self.failed) - partial
        parts = [
            f"{done} of {len(self.documents)} documents done, "
            + (f"{partial} partial, " if partial else "")
            + f"{failed} failed",
            f"pages OCRed {sum(d.pages_ocred for d in self.documents)}, "
            + (f"failed {bad}, " if (bad := sum(d.pages_failed for d in self.documents)) else "")
            + f"reused from cache {sum(d.pages_reused for d in self.documents)}",
        ]
        for stage in ("strip", "correct"):
            runs = [d.reused[stage] for d in self.documents if stage in d.reused]
            if runs:
                again = sum(runs)
                parts.append(f"{stage} {len(runs) - again} run, {again} reused")
        parts.append(f"{self.seconds.get('total', 0.0):.1f} s")
        return "; ".join(parts)

    def manual_summary(self, shown: int = 5) -> str | None:
        """One line naming the pages flagged for manual transcription (``manual_note``), at
        most ``shown`` of them, or None when there are none."""
        pages = [(d.name, n, why) for d in self.documents for n, why in d.manual]
        typeable = {(d.name, n) for d in self.documents for n in d.typeable}
        return manual_note(pages, typeable, shown)


def run_batch(
    inputs: Sequence[Path],
    config: RunConfig,
    *,
    progress: Progress | None = None,
    on_error: Callable[[DocumentError], None] | None = None,
    stages: Sequence[Stage] = STAGES,
) -> BatchReport:
    """Run the whole batch into ``config.out_dir``.

    Raises ``UsageError`` (missing input, clashing names), ``MissingDependencyError`` (no OCR
    engine or language data), ``DictionaryError`` and ``OutputBusyError`` (another run holds the
    output folder) before any work; per-document problems go to ``on_error`` and the report and
    are never raised.
    """
    started = time.perf_counter()
    out = config.out_dir
    # The inputs are checked before anything is made in the output folder: a refused run
    # (a missing input, clashing names) leaves no folder and no lock file behind.
    check_output_folder(inputs, out)
    found = discover(
        inputs,
        out_dir=out,
        skip=[config.reviews],
        follow_links=config.follow_links,
    )
    if not found[0] and not found[1]:
        # Not an error (an inbox folder may be empty today), but a mistyped or wrong folder
        # would otherwise pass as a batch done: "0 of 0 documents done", exit 0.
        shown = ", ".join(str(p) for p in inputs)
        log.warning(
            "%s: no documents in it (PDF, TIFF, PNG, JPEG, JPEG 2000, .txt or .md files, or "
            "folders of page images); nothing to do",
            shown,
        )
    made = _prepare_output_folder(out)
    try:
        with output_lock(out):
            outputs.remove_stale_temporaries(out)
            cache = StageCache(config.cache or out / CACHE_DIR)
            ctx = RunContext(config, cache, progress or NullProgress())
            return _run(found, ctx, stages, on_error or (lambda e: None), started)
    except (UsageError, MissingDependencyError, DictionaryError):
        # Refused by an up-front check (the OCR engine, the dictionaries, the scheduler):
        # a folder this run made holds nothing of use; what it made there goes again.
        if made:
            _tidy_refused(out)
        raise


def _tidy_refused(out: Path) -> None:
    """Remove what a refused run made in the output folder it created: the lock file, then
    every folder left empty (deepest first); never a file it did not make."""
    with contextlib.suppress(OSError):
        (out / LOCK_NAME).unlink(missing_ok=True)
    for folder in sorted((p for p in out.rglob("*") if p.is_dir() and not p.is_symlink()),
                         key=lambda p: len(p.parts), reverse=True):  # fmt: skip
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty
    with contextlib.suppress(OSError):
        out.rmdir()


def _prepare_output_folder(out: Path) -> bool:
    """Create ``out`` and make sure it can be written: ``OutputError`` (one line, its own exit
    code) if not; ``UsageError`` if foia-clean's cache folders or lock file in it are links.
    Returns whether this call created it."""
    made = not out.exists() and not out.is_symlink()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise UsageError(f"{out}: --out exists and is not a folder") from exc
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the output folder: {exc.strerror}") from exc
    if not os.access(out, os.W_OK | os.X_OK):
        raise OutputError(f"{out}: cannot write the output folder: {os.strerror(errno.EACCES)}")
    cache = out / CACHE_DIR
    linked = [p for p in (cache, out / LOCK_NAME) if p.is_symlink()]
    if cache.is_dir() and not linked:
        linked = [p for p in cache.iterdir() if p.is_symlink()]
    if linked:
        raise UsageError(
            f"{linked[0]}: is a symbolic link; foia-clean never writes through links in its "
            "output folder: remove it"
        )
    return made


def _run(
    found: tuple[list[DocumentSource], list[InputError]],
    ctx: RunContext,
    stages: Sequence[Stage],
    on_error: Callable[[DocumentError], None],
    started: float,
) -> BatchReport:
    config = ctx.config
    docs, discover_errors = found
    reports: dict[str, DocReport] = {}
    entries: dict[str, dict[str, Any]] = {}
    rejected: list[dict[str, str]] = []
    states = [DocState(source=d) for d in docs]
    seconds: dict[str, float] = {}
    try:
        active = [s for s in stages if s.enabled(config)]
        with _executor(config) as ctx.executor:
            for stage in active:  # the OCR engine of every worker too
                stage.check(states, ctx)
            # Only once the checks pass: a refused run writes no error.json.
            for err in discover_errors:
                reports.update(_discovery_failure(config, err, entries, rejected, on_error))
            for stage in active:
                before = {s.name: s.alive for s in states}
                t0 = time.perf_counter()
                states = stage.run_batch(states, ctx)
                seconds[stage.name] = time.perf_counter() - t0
                for s in states:
                    if before[s.name] and not s.alive:
                        _fail(config, s.name, s.source.display(), _error(s), on_error)
            where = ctx.executor.describe
            workers = ctx.executor.workers
        ctx.executor = None
        _warn_fitted_dpi(states, config.ocr.pdf_dpi)

        done: list[DocState] = []
        for i, s in enumerate(states):
            written: dict[str, str] = {}
            if s.alive:
                try:
                    files = outputs.document_files(s, ctx, config.out_dir / s.name)
                    written = outputs.write_document(config.out_dir, s.name, files)
                    s = _written(s, on_error)
                    done.append(s)
                except DocumentError as err:
                    s = s.failed(err.reason, err.path)
                except OSError as err:
                    s = s.failed(f"cannot write output: {err.strerror or err}")
                if not s.alive:
                    _fail(config, s.name, s.source.display(), _error(s), on_error)
                    written = {}
            states[i] = s
            entries[s.name] = outputs.manifest_entry(s, written)
            reports[s.name] = _report(s)
        outputs.write_manifest(config.out_dir, entries)
        outputs.write_index(config.out_dir, done)
    except OutputError as exc:
        _abandon(config.out_dir, states, entries, exc)
        raise
    ordered = [reports[k] for k in sorted(reports)]
    seconds["total"] = time.perf_counter() - started
    report = BatchReport(ordered, seconds)
    outputs.write_run_log(
        config.out_dir,
        {
            "scheduler": where,
            "workers": workers,
            "summary": report.summary(),
            "seconds": {k: round(v, 3) for k, v in seconds.items()},
            # Inputs whose name cannot be an output folder: they have no folder to hold a record.
            **(
                {"rejected": [{**r, "reason": scrub(r["reason"])} for r in rejected]}
                if rejected
                else {}
            ),
        },
        [_log_entry(d) for d in ordered],
    )
    return report


def _executor(config: RunConfig) -> Executor:
    """The run's executor; a scheduler that does not answer is a usage error, before any OCR."""
    try:
        return make_executor(config.scheduler, config.jobs)
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {config.scheduler}: {exc}") from exc


#: The preprocessing step of a PDF page rasterised below --dpi (``pageimage``): ``fit-dpi(801)``.
_FIT_DPI_STEP = re.compile(r"fit-dpi\((\d+)\)")


def _warn_fitted_dpi(states: Sequence[DocState], asked: int) -> None:
    """One warning line per document whose PDF pages were too large for ``--dpi`` and were
    rasterised at less by this run (the pages' own warnings in ``metadata.json`` say the
    sizes); a page reused from the cache was not rasterised, and is not named again."""
    for s in states:
        ocr = s.runs.get("ocr")
        ocred = set(ocr.extra.get("ocred_pages", ())) if ocr is not None else set()
        fitted: dict[int, list[int]] = {}
        for page in (p for p in s.pages if p.number in ocred):
            for step in page.preprocessing:
                m = _FIT_DPI_STEP.fullmatch(step)
                if m:
                    fitted.setdefault(int(m.group(1)), []).append(page.number)
        if not fitted:
            continue
        parts = [
            f"{'page' if len(pages) == 1 else 'pages'} {', '.join(map(str, pages))} at {dpi} DPI"
            for dpi, pages in sorted(fitted.items(), reverse=True)
        ]
        log.warning(
            "%s: rasterised %s instead of %d (--dpi): the most that keeps a page within "
            "%s pixels (metadata.json page_warnings gives each page's size)",
            s.source.path.name,
            "; ".join(parts),
            asked,
            f"{pageimage.MAX_PAGE_PIXELS:,}",
        )


def _log_entry(doc: DocReport) -> dict[str, Any]:
    """One document's line of the run log: what this run did for it."""
    entry: dict[str, Any] = {"document": doc.name, "status": doc.status.value}
    if doc.reason:
        entry["reason"] = doc.reason
    if doc.pages_ocred or doc.pages_reused:
        entry["pages_ocred"], entry["pages_reused"] = doc.pages_ocred, doc.pages_reused
    entry["reused"] = dict(sorted(doc.reused.items()))
    entry["seconds"] = {k: round(v, 3) for k, v in sorted(doc.seconds.items())}
    return entry


def _written(s: DocState, on_error: Callable[[DocumentError], None]) -> DocState:
    """A written document: done, or partial when some of its pages are placeholders for pages
    that could not be read (said on stderr like a failure, naming the first bad page's file)."""
    bad = [p for p in s.pages if p.status is PageStatus.FAILED]
    if not bad:
        return s.replace(status=DocStatus.DONE)
    why = (
        f"{len(bad)} of {len(s.pages)} pages could not be read and were left empty "
        f"(document partial): {bad[0].reason}"
    )
    files = {r.number: r.path for r in s.refs}
    on_error(DocumentError(files.get(bad[0].number, s.source.path), why))
    return s.replace(status=DocStatus.PARTIAL, reason=why)


def _discovery_failure(
    config: RunConfig,
    err: InputError,
    entries: dict[str, dict[str, Any]],
    rejected: list[dict[str, str]],
    on_error: Callable[[DocumentError], None],
) -> dict[str, DocReport]:
    """Record an input that failed discovery: ``error.json`` in its folder, or, when its name
    cannot be a folder, only the run log's ``rejected`` list and stderr."""
    if err.name is None:
        on_error(err)
        rejected.append({"source": err.source, "reason": err.reason})
        report = DocReport(err.source, err.source, DocStatus.FAILED, err.reason, rejected=True)
        return {err.source: report}
    _fail(config, err.name, err.source, err, on_error)
    entries[err.name] = {"source": err.source, "status": "failed", "reason": err.reason}
    return {err.name: DocReport(err.name, err.source, DocStatus.FAILED, err.reason)}


def _abandon(
    out: Path,
    states: list[DocState],
    entries: dict[str, dict[str, Any]],
    exc: OutputError,
) -> None:
    """The output folder cannot be written: documents of this batch not written yet lose their
    ``metadata.json`` (their old outputs are not this run's) and the manifest says so, as far
    as the folder still takes either: a manifest that cannot be rewritten is removed (a read-only
    folder takes neither, and keeps the last run's consistent record)."""
    reason = f"not written: {exc}"
    for s in states:
        written = (DocStatus.DONE.value, DocStatus.PARTIAL.value)
        if s.name in entries and entries[s.name].get("status") in written:
            continue
        try:
            folder = outputs.document_folder(out, s.name)
            (folder / "metadata.json").unlink(missing_ok=True)
        except (DocumentError, OSError):
            pass
        entries[s.name] = outputs.manifest_entry(s.failed(reason), {})
    try:
        outputs.write_manifest(out, entries)
    except (OutputError, OSError):
        for s in states:  # an old record would claim old outputs current
            with contextlib.suppress(DocumentError, OSError):
                folder = outputs.document_folder(out, s.name, pages=False)
                (folder / outputs.MANIFEST).unlink(missing_ok=True)


def _error(state: DocState) -> DocumentError:
    return DocumentError(state.failed_file or state.source.path, state.reason or "failed")


def _fail(
    config: RunConfig,
    name: str,
    source: str,
    err: DocumentError,
    on_error: Callable[[DocumentError], None],
) -> None:
    """Leave ``error.json`` for a failed document and report it; when even that cannot be
    written (a linked folder, a folder that is a file), say so on the log."""
    try:
        outputs.write_failure(config.out_dir, name, source, err.reason)
    except DocumentError as unsafe:
        log.warning("no error.json for %s: %s %s", printable(name), unsafe.path, unsafe.reason)
    except OSError as exc:
        log.warning("no error.json for %s: %s", printable(name), exc.strerror or exc)
    on_error(err)


def _report(state: DocState) -> DocReport:
    ocr = state.runs.get("ocr")
    extra = dict(ocr.extra) if ocr is not None else {}
    return DocReport(
        name=state.name,
        source=state.source.display(),
        status=state.status if state.status is not DocStatus.PENDING else DocStatus.DONE,
        reason=state.reason,
        pages=len(state.pages) or len(state.refs),
        pages_ocred=int(extra.get("pages_ocred", 0)),
        pages_reused=int(extra.get("pages_reused", 0)),
        pages_failed=int(extra.get("pages_failed", 0)),
        manual=(manual := manual_pages(state)),
        typeable=tuple(n for n, _ in manual if n in _ocr_flagged(state)),
        seconds={name: run.seconds for name, run in state.runs.items()},
        reused={name: run.reused for name, run in state.runs.items() if run.key is not None},
    )


def manual_pages(state: DocState) -> tuple[tuple[int, str], ...]:
    """The pages of ``state`` flagged for manual transcription, (number from 1, reason) by
    page: flagged by OCR (``PageStatus.MANUAL``) or by the correct stage's page check (its
    ``manual_pages``, as metadata.json's ``manual_transcription`` lists them). A page a
    reviewer's transcription now stands for (the review stage's ``transcribed``) is left out:
    it needs nothing more."""
    found = {n: p.reason or "flagged" for n, p in _ocr_flagged(state).items()}
    corrected = state.outputs.get("correct")
    for check in getattr(corrected, "manual_pages", ()):
        if check.manual:
            found.setdefault(check.page, check.reason)
    typed = getattr(state.outputs.get("review"), "transcribed", None)
    if typed is not None:
        found = {n: why for n, why in found.items() if typed(n) is None}
    return tuple(sorted(found.items()))


def _ocr_flagged(state: DocState) -> dict[int, Page]:
    """The pages of ``state`` OCR flagged for manual transcription (``PageStatus.MANUAL``: a
    placeholder for their text), by number."""
    return {p.number: p for p in state.pages if p.status is PageStatus.MANUAL}
