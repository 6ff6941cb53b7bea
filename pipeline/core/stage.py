"""What a stage is, and the immutable state of one document that the runner moves through them.

A stage is one class with a ``name`` and a ``run(state, ctx) -> output``. The runner
(``pipeline.runner``) calls the stages of ``STAGES`` in order; for each document it checks the
cache, times the work, turns an exception into that document's failure and records a
``StageRun`` for the manifest — so a new stage is one module plus one line in ``STAGES`` and gets
all of that for nothing. A stage that needs the whole batch at once (OCR pages go to a process
pool across documents; correction leans on the batch's vocabulary) overrides ``prepare`` or
``run_batch``.

A ``DocState`` is never changed in place: a stage's result is a new state
(``state.with_output(...)``, ``state.failed(...)``), so a stage cannot disturb what another
stage made.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from pipeline.core.cache import StageCache, cache_key, check_types, data_hash
from pipeline.core.config import RunConfig
from pipeline.core.enums import DocStatus
from pipeline.core.errors import DocumentError, OutputError
from pipeline.core.fileio import code_hash
from pipeline.core.progress import NullProgress, Progress
from pipeline.core.records import DocumentSource, Page, PageRef

if TYPE_CHECKING:
    from pipeline.engines import EngineInfo
    from pipeline.executors import Executor
    from pipeline.lexicon import Lexicon

log = logging.getLogger(__name__)

#: ``RunContext.shared`` key on a worker: the hash of the client's dictionaries, which the
#: worker loads itself (``pipeline.stages.dictionaries``).
LEXICON_HASH = "lexicon.hash"


@dataclass(frozen=True)
class StageRun:
    """What one stage did for one document: its cache key (None when the stage is not cached),
    the hash of its output, whether the output came from the cache, and its CPU-independent
    wall time in seconds (reported, never written into outputs)."""

    key: str | None
    output_sha256: str
    reused: bool
    seconds: float = 0.0
    #: Stage-specific figures for the manifest (OCR: pages OCRed and reused).
    extra: Mapping[str, Any] = field(default_factory=dict)

    def manifest_entry(self) -> dict[str, Any]:
        entry: dict[str, Any] = dict(self.extra)
        if self.key is not None:
            entry.update(key=self.key, reused=self.reused)
        entry["output_sha256"] = self.output_sha256
        return entry


@dataclass(frozen=True)
class DocState:
    """One document on its way through the stages."""

    source: DocumentSource
    status: DocStatus = DocStatus.PENDING
    reason: str | None = None
    #: The file the failure is about when it is not the document's own path (a page image of a
    #: folder document): error messages name it.
    failed_file: str | None = None
    #: Input file (as displayed in outputs) -> sha256.
    inputs: Mapping[str, str] = field(default_factory=dict)
    #: The page images to OCR (image and PDF documents), in page order.
    refs: tuple[PageRef, ...] = ()
    #: The document's pages: read from a text file at ingest, or made by OCR.
    pages: tuple[Page, ...] = ()
    #: Each later stage's typed output, by stage name.
    outputs: Mapping[str, Any] = field(default_factory=dict)
    runs: Mapping[str, StageRun] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def alive(self) -> bool:
        return self.status is not DocStatus.FAILED

    def output(self, stage: str) -> Any:
        """The output of an earlier stage (``KeyError`` if that stage did not run)."""
        return self.outputs[stage]

    def with_output(self, stage: str, value: Any, run: StageRun | None = None) -> DocState:
        runs = dict(self.runs) if run is None else {**self.runs, stage: run}
        return dataclasses.replace(self, outputs={**self.outputs, stage: value}, runs=runs)

    def replace(self, **changes: Any) -> DocState:
        return dataclasses.replace(self, **changes)

    def failed(self, reason: str, file: str | Path | None = None) -> DocState:
        """The state of this document failed for ``reason`` (about ``file``, if not its own)."""
        return dataclasses.replace(
            self,
            status=DocStatus.FAILED,
            reason=reason,
            failed_file=None if file is None else str(file),
        )


@dataclass
class RunContext:
    """What every stage of one run can see: the settings, the cache, the progress display, and
    what the up-front checks found (the OCR engine, the loaded dictionaries)."""

    config: RunConfig
    cache: StageCache
    progress: Progress = field(default_factory=NullProgress)
    engine_info: EngineInfo | None = None
    lexicon: Lexicon | None = None
    #: Batch-wide values a stage computes in ``prepare`` for its per-document ``run``.
    shared: dict[str, Any] = field(default_factory=dict)
    #: Where tasks run (``pipeline.executors``); None runs everything in this process.
    executor: Executor | None = None

    def for_workers(self) -> RunContext:
        """This context as a worker gets it: no progress display, no executor, no loaded
        dictionaries (memory-mapped: a stage that needs them loads them on the worker), and
        every path absolute (a worker's working folder is its own)."""
        c = self.config
        config = dataclasses.replace(
            c,
            out_dir=c.out_dir.absolute(),
            reviews=c.reviews.absolute(),
            dictionaries=None if c.dictionaries is None else c.dictionaries.absolute(),
        )
        shared = dict(self.shared)
        if self.lexicon is not None:
            shared[LEXICON_HASH] = self.lexicon.hash
        return dataclasses.replace(
            self,
            config=config,
            progress=NullProgress(),
            executor=None,
            lexicon=None,
            shared=shared,
        )


class Stage:
    """A step of the pipeline. Subclasses set ``name`` and implement ``run``; the rest has
    defaults that suit a per-document stage."""

    #: The stage's name: its key in ``DocState.outputs``, its cache folder, its manifest entry.
    name: ClassVar[str]
    #: Modules whose source is part of the cache key, so results of older code are never reused.
    code: ClassVar[tuple[str, ...]] = ()

    def enabled(self, config: RunConfig) -> bool:
        """Whether this run uses the stage at all (``--no-strip``, ``--no-correct``)."""
        return True

    def check(self, states: Sequence[DocState], ctx: RunContext) -> None:
        """Up-front checks before any stage runs (a missing program or a malformed dictionary
        stops the run at once, not after an hour of OCR). Raises ``FoiaCleanError``s."""

    def prepare(self, states: Sequence[DocState], ctx: RunContext) -> None:
        """Batch-wide work before the per-document runs (only documents still alive)."""

    def basis(self, state: DocState, ctx: RunContext) -> dict[str, Any] | None:
        """What the output depends on, for the cache key; None for a stage not worth caching."""
        return None

    def run(self, state: DocState, ctx: RunContext) -> Any:
        """The stage's output for one document. Raise ``DocumentError`` to fail it."""
        raise NotImplementedError

    def _decoded(self, data: Any, key: str) -> Any | None:
        """A cache entry decoded, or None (recompute) when it is valid JSON of the wrong shape:
        a foreign or hand-edited entry is ignored, never the document's failure."""
        try:
            output = self.decode(data)
            if dataclasses.is_dataclass(output):
                check_types(output)
            return output
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            log.warning("ignoring %s cache entry %s of the wrong shape (%s)", self.name, key, exc)
            return None

    def encode(self, output: Any) -> Any:
        """The output as JSON-able data (for the cache and the output hash)."""
        return output

    def decode(self, data: Any) -> Any:
        """The inverse of ``encode``."""
        return data

    def apply(self, state: DocState, output: Any, run: StageRun) -> DocState:
        """The new state carrying the output (by default under the stage's name)."""
        return state.with_output(self.name, output, run)

    def run_batch(self, states: Sequence[DocState], ctx: RunContext) -> list[DocState]:
        """Run the stage over the batch: ``prepare``, then each live document through the cache:
        in this process, or as one task per document on a cluster executor (the stage and the
        document's state go to the worker, the new state comes back). A document whose run
        raises, or whose worker keeps dying, fails alone; the others go on."""
        live = [s for s in states if s.alive]
        self.prepare(live, ctx)
        ex = ctx.executor
        if ex is None or not ex.remote or not live:
            return [self._run_one(s, ctx) if s.alive else s for s in states]
        done: dict[str, DocState] = {}
        ctx.progress.start(len(live), self.name, unit="documents")
        try:
            for i, result in ex.map(run_document, [(self, s) for s in live], ctx.for_workers()):
                state = live[i]
                reason = getattr(result, "reason", None)
                if not isinstance(result, DocState):
                    result = state.failed(f"{self.name} stage: {reason or 'worker lost'}")
                done[state.name] = result
                ctx.progress.advance()
        finally:
            ctx.progress.finish()
        return [done[s.name] if s.alive else s for s in states]

    def _run_one(self, state: DocState, ctx: RunContext) -> DocState:
        t0 = time.perf_counter()
        try:
            basis = self.basis(state, ctx)
            if basis is None:
                output = self.run(state, ctx)
                data, key, reused = self.encode(output), None, False
            else:
                key = cache_key({"stage": self.name, **basis, "code": code_hash(*self.code)})
                data = ctx.cache.get(self.name, key)
                output = self._decoded(data, key) if data is not None else None
                reused = output is not None
                if output is None:
                    output = self.run(state, ctx)
                    data = self.encode(output)
                    ctx.cache.put(self.name, key, data)
        except DocumentError as err:
            return state.failed(err.reason, err.path)
        except OutputError:  # the output folder cannot be written: the run stops
            raise
        except Exception as exc:  # a bug on one document must not stop the batch
            log.exception("%s stage failed on %s", self.name, state.name)
            return state.failed(f"{self.name} stage failed: {exc}")
        run = StageRun(key, data_hash(data), reused, time.perf_counter() - t0)
        return self.apply(state, output, run)


def run_document(stage: Stage, state: DocState, ctx: RunContext) -> DocState:
    """One per-document stage run as a task (on a worker): the new state of the document."""
    return stage._run_one(state, ctx)
