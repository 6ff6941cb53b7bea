"""Where tasks run: one small interface, a local process pool and a Dask cluster behind it.

The OCR stage's pages and (on a cluster) the per-document stages are *tasks*: a picklable
function applied to a list of argument tuples. ``Executor.map`` runs them and yields
``(index, result)`` as they complete, so the caller (and its progress bar) follows the work as it
finishes; ``TaskRun.cancel`` drops tasks nobody needs any more (the other pages of a document
that has already failed). A task whose worker *dies* (out of memory, a native crash, a killed
machine) is retried by the executor; one that keeps killing workers comes back as ``WorkerLost``
instead of a result, and only its own document fails.

- ``LocalExecutor``: a ``ProcessPoolExecutor`` on this machine (``--jobs``). A broken pool is
  rebuilt with one worker for the tasks not yet done; there tasks run one at a time, so the
  first to break it again is the culprit. Its workers never outlive the run: they die with the
  main process, ``kill -9`` included (``_worker_init``).
- ``DaskExecutor``: a Dask ``distributed`` cluster (``--scheduler tcp://HOST:8786``, or
  ``local`` for a ``LocalCluster`` started here). Dask's scheduler retries a task whose worker
  died (``distributed.scheduler.allowed-failures``, default 3) and then raises ``KilledWorker``.
  Tasks are submitted in a bounded window, so a batch of millions of pages never puts millions
  of tasks on the scheduler at once. OCR engines registered in this process
  (``pipeline.engines.register``) are registered on every worker, present and future.

OCRmyPDF's ``_concurrent.py`` keeps its concurrency behind one small interface the same way.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import signal
import sys
import threading
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

#: ``--scheduler local``: a ``LocalCluster`` on this machine.
LOCAL = "local"


@dataclass(frozen=True)
class WorkerLost:
    """The result of a task whose worker died every time it ran it (retries exhausted)."""

    reason: str


class TaskRun(ABC):
    """The tasks of one ``Executor.map`` call, as they complete. Use as a context manager:
    leaving the block (a ``break``, an exception such as a full disk) starts no more tasks."""

    _stream: Iterator[tuple[int, Any]] | None = None

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        """``(index into the items, result or WorkerLost)``, in completion order; every task
        not cancelled comes out exactly once. Exceptions raised by a task propagate."""
        if self._stream is None:
            self._stream = self._results()
        return self._stream

    @abstractmethod
    def _results(self) -> Iterator[tuple[int, Any]]: ...

    def close(self) -> None:
        """Stop: tasks not started are dropped (the local pool waits for those running)."""
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.close()  # type: ignore[attr-defined]

    def __enter__(self) -> TaskRun:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abstractmethod
    def cancel(self, index: int) -> None:
        """Drop task ``index``: it will not be yielded (stopped if it has not started)."""


class Executor(ABC):
    """Runs tasks somewhere. Use as a context manager; ``close`` releases the workers."""

    #: How many tasks can run at once.
    workers: int
    #: Whether tasks run off this machine's process pool, on a cluster: there the per-document
    #: stages are tasks too, and even a single page goes to a worker. On the local pool they run
    #: in this process, where the dictionaries are already loaded.
    remote: bool = False
    #: What ``--scheduler`` said (for the run log): "processes", "local" or the address.
    describe: str = ""

    @abstractmethod
    def map(
        self, fn: Callable[..., Any], items: Sequence[tuple[Any, ...]], context: Any = None
    ) -> TaskRun:
        """Run ``fn(*item, context)`` for every item (``fn(*item)`` when ``context`` is None).

        ``fn`` must be a module-level function; items, ``context`` and results are pickled.
        ``context`` travels with each task (keep it small: settings, not data)."""

    def on_every_worker(self, fn: Callable[..., Any], *args: Any) -> dict[str, Any]:
        """``fn(*args)`` once on every worker now connected (an up-front check): worker ->
        result. On this machine's pool the workers are this machine: run here once."""
        return {"local": fn(*args)}

    def close(self) -> None:  # noqa: B027 (nothing to release by default)
        """Release the workers."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _call(fn: Callable[..., Any], item: tuple[Any, ...], context: Any) -> Any:
    return fn(*item) if context is None else fn(*item, context)


# -- on this machine -----------------------------------------------------------------------


class LocalExecutor(Executor):
    """A process pool of ``workers`` processes on this machine (forked: they see every engine
    registered in this process)."""

    describe = "processes"

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)

    def map(
        self, fn: Callable[..., Any], items: Sequence[tuple[Any, ...]], context: Any = None
    ) -> TaskRun:
        return _LocalRun(fn, list(items), context, self.workers)


class _LocalRun(TaskRun):
    def __init__(
        self, fn: Callable[..., Any], items: list[tuple[Any, ...]], context: Any, workers: int
    ) -> None:
        self.fn, self.items, self.context, self.workers = fn, items, context, workers
        self.cancelled: set[int] = set()
        self.futures: dict[int, Future[Any]] = {}

    def cancel(self, index: int) -> None:
        self.cancelled.add(index)
        fut = self.futures.get(index)
        if fut is not None:
            fut.cancel()

    def _results(self) -> Iterator[tuple[int, Any]]:
        pending = list(range(len(self.items)))
        workers = self.workers
        while pending:
            finished: set[int] = set()
            broken = False
            with ProcessPoolExecutor(
                max_workers=workers, initializer=_worker_init, initargs=(os.getpid(),)
            ) as pool:
                with _frozen_heap():  # the workers are forked at the first submit
                    self.futures = {
                        i: pool.submit(_call, self.fn, self.items[i], self.context)
                        for i in pending
                        if i not in self.cancelled
                    }
                index = {fut: i for i, fut in self.futures.items()}
                for fut in as_completed(index):
                    i = index[fut]
                    if i in self.cancelled:
                        continue
                    try:
                        result = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        break
                    finished.add(i)
                    try:
                        yield i, result
                    except BaseException:  # closed early: no more tasks are started
                        pool.shutdown(wait=True, cancel_futures=True)
                        raise
            if not broken:
                return
            rest = [i for i in pending if i not in finished and i not in self.cancelled]
            if workers == 1 and rest:
                yield rest.pop(0), WorkerLost("the worker process died")
            log.warning("a worker process died; retrying %d tasks one at a time", len(rest))
            workers = 1
            pending = rest


@contextlib.contextmanager
def _frozen_heap() -> Iterator[None]:
    """While workers are forked: every object of this process moved to the garbage
    collector's permanent generation (``gc.freeze``), so that a worker's collections never
    walk the objects it inherited (the modules, the loaded OCR model's wrappers, the run's
    documents and dictionaries). A walk writes to each object it visits and so copies every
    page of them the worker shares with this process (copy on write): CPU and memory per
    worker for nothing, since no inherited object becomes garbage in a worker that only
    reads pages. Thawed again here after the fork (unless something else froze them first)."""
    import gc

    mine = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        yield
    finally:
        if mine:
            gc.unfreeze()


# -- on a Dask cluster ---------------------------------------------------------------------


class DaskExecutor(Executor):
    """Tasks on a Dask ``distributed`` cluster: ``address`` is ``tcp://HOST:PORT`` of a running
    scheduler (``dask scheduler``), or ``"local"`` to start a ``LocalCluster`` of ``workers``
    single-threaded worker processes here.

    Raises ``OSError`` (from ``distributed``) when no scheduler answers at ``address``."""

    remote = True

    def __init__(self, address: str, workers: int = 2, *, window: int | None = None) -> None:
        from distributed import Client, LocalCluster

        self.describe = address
        self._cluster = None
        if address == LOCAL:
            self._cluster = LocalCluster(
                n_workers=max(1, workers),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            self.client = Client(self._cluster)
        else:
            self.client = Client(address, timeout="20s")
        self.workers = max(1, sum(self.client.nthreads().values()))
        #: Tasks in flight at most: enough to keep every worker busy, few enough for the
        #: scheduler (see docs/scale.md).
        self.window = window or max(64, 16 * self.workers)
        self._register_engines()

    def _register_engines(self) -> None:
        from pipeline import engines

        registered = engines.registered()
        if registered:
            self.client.register_plugin(_engine_plugin(registered), name="foia-clean-engines")

    def map(
        self, fn: Callable[..., Any], items: Sequence[tuple[Any, ...]], context: Any = None
    ) -> TaskRun:
        # The context travels by value inside each task, not scattered: scattered data lives
        # only on the workers, and a worker that dies while it holds the only copy (one worker
        # still starting when the scatter ran) takes it along, cancelling every task that needs it.
        return _DaskRun(self, fn, list(items), context)

    def on_every_worker(self, fn: Callable[..., Any], *args: Any) -> dict[str, Any]:
        return dict(self.client.run(fn, *args))

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


class _DaskRun(TaskRun):
    def __init__(
        self, ex: DaskExecutor, fn: Callable[..., Any], items: list[tuple[Any, ...]], shared: Any
    ) -> None:
        self.ex, self.fn, self.items, self.shared = ex, fn, items, shared
        self.cancelled: set[int] = set()
        self.futures: dict[int, Any] = {}
        self.prefix = f"{getattr(fn, '__name__', 'task')}-{uuid.uuid4().hex[:12]}"

    def cancel(self, index: int) -> None:
        self.cancelled.add(index)
        fut = self.futures.pop(index, None)
        if fut is not None:
            fut.cancel()

    def _submit(self, indices: list[int]) -> list[Any]:
        """One ``client.map``: one graph update on the scheduler for the lot, not one each."""
        if not indices:
            return []
        futures = self.ex.client.map(
            _call,
            [self.fn] * len(indices),
            [self.items[i] for i in indices],
            [self.shared] * len(indices),
            key=[f"{self.prefix}-{i}" for i in indices],
            pure=False,
        )
        self.futures.update(zip(indices, futures, strict=True))
        return futures

    def close(self) -> None:
        super().close()
        if self.futures:
            self.ex.client.cancel(list(self.futures.values()))
            self.futures.clear()

    def _results(self) -> Iterator[tuple[int, Any]]:
        from distributed import as_completed as dask_completed
        from distributed.scheduler import KilledWorker

        todo = (i for i in range(len(self.items)) if i not in self.cancelled)
        index: dict[str, int] = {}

        def submit(n: int) -> list[Any]:
            indices = list(itertools.islice(todo, n))
            new = self._submit(indices)
            index.update((fut.key, i) for i, fut in zip(indices, new, strict=True))
            return new

        window = self.ex.window
        # Results come with the futures (gathered in the background, not one round trip each).
        running = dask_completed(submit(window), with_results=True, raise_errors=False)
        in_flight = len(index)
        for fut, result in running:
            i = index.pop(fut.key)
            self.futures.pop(i, None)
            in_flight -= 1
            if in_flight < window // 2:  # refill in bulk, not one submission per result
                new = submit(window - in_flight)
                in_flight += len(new)
                running.update(new)
            if i in self.cancelled:
                continue
            if fut.status == "cancelled":  # the cluster gave it up (lost data, scheduler gone)
                result = WorkerLost(f"the cluster cancelled it ({result!r})")
            elif fut.status == "error":  # the result is (type, exception, traceback)
                exc = result[1] if isinstance(result, tuple) else result
                if not isinstance(exc, KilledWorker):
                    raise exc
                result = WorkerLost(f"its worker died every time it ran it ({exc})")
            yield i, result


def _engine_plugin(factories: dict[str, Any]) -> Any:
    """A Dask worker plugin that registers this process's extra OCR engines on every worker,
    present and future (a worker process does not inherit them as a forked pool worker does).
    Factories travel by value (cloudpickle) or as "module:attr" names."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class EnginePlugin(WorkerPlugin):
        def __init__(self, factories: dict[str, Any]) -> None:
            self.factories = factories

        def setup(self, worker: Any) -> None:
            from pipeline import engines

            for name, factory in self.factories.items():
                engines.register(name, factory)

    return EnginePlugin(factories)


def _worker_init(main: int) -> None:
    """Run in each local worker process as it starts: die with the main process (pid ``main``).

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


def make_executor(scheduler: str | None, jobs: int) -> Executor:
    """The executor a run asks for: ``scheduler`` None is the local process pool of ``jobs``
    workers; ``"local"`` a ``LocalCluster`` of ``jobs`` workers; else a scheduler address."""
    if scheduler is None:
        return LocalExecutor(jobs)
    return DaskExecutor(scheduler, jobs)
