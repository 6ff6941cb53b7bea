"""A page's time limit counted in the CPU it got, not in the seconds the machine took.

Tesseract is stopped after ``--timeout`` seconds of the wall clock (the API's deadline, the
program's ``subprocess`` timeout): the only limits either offers. On a loaded machine a reading
gets a fraction of a core, so a page that needs 40 CPU-seconds failed its 300-second limit at a
load of 15 on 2 cores (session 30: ``bench.uneven_rule`` lost pages so). ``within_limit`` keeps
the wall-clock limit as a first try and, when it runs out, asks how much CPU the reading got
meanwhile: a reading that had less than ``STARVED`` of a core was waiting for the machine, not
working, and is read once more with its limit stretched by the share it got (so that at the same
share it gets ``timeout`` CPU-seconds), at most ``MAX_STRETCH`` times. A reading that had the
CPU and still ran out is a page too heavy: it fails as before. The limit a page may spend is then
about ``timeout`` CPU-seconds whatever the load (up to a load of ``MAX_STRETCH`` per core),
and an idle machine behaves exactly as before (no retry: the reading had a whole core).

Why a retry and not a CPU limit of the kernel's (``RLIMIT_CPU``): the API path reads in the
worker's own process, which such a limit would kill; one mechanism serves both paths. The cost is
the starved first attempt's CPU, paid only where the wall clock ran out.
"""

from __future__ import annotations

import logging
import resource
import time
from collections.abc import Callable
from typing import TypeVar

from pipeline.core.errors import OcrError

log = logging.getLogger(__name__)

T = TypeVar("T")

#: A reading that got less than this share of one core while its wall clock ran out was
#: starved by other work on the machine (an idle machine gives a reading ~1.0).
STARVED = 0.5
#: The retry's limit is at most this many times the first: a load of 16 per core still reads;
#: beyond it, a page fails after ``timeout * (1 + MAX_STRETCH)`` wall seconds in all.
MAX_STRETCH = 16.0


class TimedOut(OcrError):
    """A reading stopped by its wall-clock limit (``within_limit`` decides whether it retries)."""


def process_cpu() -> float:
    """CPU seconds (user + system) of this process: an in-process reading's clock (the API)."""
    return time.process_time()


def children_cpu() -> float:
    """CPU seconds (user + system) of this process's reaped children: a program's clock
    (``subprocess.run`` reaps the child it killed on a timeout, so its CPU is counted)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def within_limit(
    read: Callable[[float], T], timeout: float, cpu: Callable[[], float], what: str
) -> T:
    """``read(limit)`` with ``limit = timeout`` wall seconds; when it raises ``TimedOut`` having
    got less than ``STARVED`` of a core (``cpu``: the clock its CPU seconds are counted on,
    ``process_cpu`` or ``children_cpu``), ``read`` once more with the limit stretched by
    1 / that share (at most ``MAX_STRETCH``). Raises ``OcrError`` naming ``what`` when the
    reading had the CPU and ran out, or the retry ran out too; other errors pass through.

    A clock shared with other work (threads of a threaded worker) over-counts the reading's CPU:
    it then looks unstarved and fails as a plain wall-clock limit would, never the reverse."""
    t0, c0 = time.perf_counter(), cpu()
    try:
        return read(timeout)
    except TimedOut:
        wall, used = time.perf_counter() - t0, cpu() - c0
    share = used / wall if wall > 0 else 1.0
    if share >= STARVED:
        raise OcrError(f"{what} timed out after {timeout:g} s ({used:.0f} CPU-s used)")
    stretch = min(MAX_STRETCH, 1.0 / max(share, 1.0 / MAX_STRETCH))
    log.info(
        "%s ran out of %g s with %.0f%% of a core (a loaded machine): reading again with %g s",
        what,
        timeout,
        100 * share,
        timeout * stretch,
    )
    try:
        return read(timeout * stretch)
    except TimedOut as exc:
        raise OcrError(
            f"{what} timed out after {timeout:g} s and again after {timeout * stretch:g} s "
            f"(the machine gave it {share:.0%} of a core)"
        ) from exc
