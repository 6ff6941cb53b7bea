"""CPU seconds a page, ours and plain Tesseract timed side by side on every page.

Issue 13 judges our OCR's CPU a page against plain ``tesseract page.png -``. This machine's
speed drifts over minutes (other work, CPU frequency, caches): plain Tesseract read the same
pages at 1.44 CPU-s a page in one bench and 2.15 in a re-run, so two passes timed one after the
other give a ratio that moves by tens of per cent. Here the two are timed page by page instead:
inside our batch's own OCR workers (``stages.ocr``'s pool, prepared and forked as a run does),
each page is read by plain ``tesseract page.png -`` and by our OCR stage (``ocr.run_page``) one
right after the other, which goes first alternating from page to page in each worker, and
the ratio is taken per page. A slow minute then weighs on both readings of the same page.

What is timed, per page, in the worker: CPU seconds (user + system) of the worker and of the
children it reaped (``getrusage`` SELF + CHILDREN, before and after), so plain's figure is its
whole ``tesseract`` process, start-up and model load included (that is what plain costs a
page), and ours is the page in a worker already started. Ours' start-up (the main process's
preparation of the workers, and what the workers spend beside their pages: their own start-up,
taking tasks, sending pages back) is what the pool's process tree cost in all less the pages'
own CPU; ``bench.run`` measures it and reports it apart (``summarise``'s ``start_up``).

The pairing is switched on around one batch (``pairing``): it replaces ``ocr.run_page`` for the
batch's workers (forked after it, so they inherit it) with ``paired_page``, which returns the
page's outcome unchanged and writes one ``PairedPage`` record a page into a folder (one JSON
lines file per worker process). Pages the batch takes from its cache are not read at all: they
have no record.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import resource
import statistics
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

#: Set by ``pairing`` before the workers are forked (they inherit it): (document, page number)
#: -> the page's PNG for plain Tesseract, and the folder the records go to.
_PLAIN: dict[tuple[str, int], str] = {}
_RECORDS: list[Path] = []
#: The OCR stage's own ``run_page`` while ``pairing`` has put ``paired_page`` in its place.
_RUN_PAGE: list[Any] = []
#: Pages this process has read so far: which system goes first alternates with it.
_DONE = [0]


#: What the CPU figures are, written into results.json (``benchmark.cpu``).
METHOD = (
    "CPU seconds (user+system) a page, ours and plain `tesseract page.png -` read side by side: "
    "in our batch's own OCR workers every page is read by both, one right after the other, "
    "plain first on every other page of a worker; each reading timed by getrusage SELF+CHILDREN "
    "in the worker (plain: its whole process, start-up included; ours: the page in a started "
    "worker). Ours' start-up apart: the main process's preparation of the workers (timed in a "
    "fresh process) plus the pool's process tree CPU less every page's own. Every page of the "
    "tier. cpu_ratio_median/q1/q3: ours/plain page by page (start-up apart); "
    "cpu_ratio_of_totals: summed; cpu_ratio_with_start_up: ours' start-up share added; "
    "cpu_ratio_median_low/high: the median's 95 % bootstrap interval over pages, cpu_verdict: "
    "x1.0 met (interval at or below), missed (above) or not decided. Per split over that "
    "split's pages, and on the clean and medium tiers also over cpu_extra_pages more renderings "
    "of the split's texts (other seeds and faces; benchmark.cpu_seeds each), read only to be "
    "timed (bench.cpu_pages). OCRmyPDF: its own pass, not side by side, timed document by "
    "document."
)


@dataclass(frozen=True)
class PairedPage:
    """One page read by both systems in one worker, one right after the other.

    ``ours_cpu``, ``plain_cpu``: CPU seconds (user + system, the worker's and its reaped
    children's); ``ours_wall``, ``plain_wall``: wall seconds; ``first``: ``"plain"`` or
    ``"ours"``; ``plain_text``: plain Tesseract's text ("" when it failed: ``plain_error``)."""

    doc: str
    page: int
    first: str
    ours_cpu: float
    plain_cpu: float
    ours_wall: float
    plain_wall: float
    plain_text: str
    plain_error: str | None = None


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(fn: Any, *args: Any) -> tuple[Any, float, float]:
    """``fn(*args)`` with the CPU and wall seconds it took; an exception is returned as the
    result (the caller decides what a failure means)."""
    c0, t0 = _cpu(), time.perf_counter()
    try:
        got = fn(*args)
    except Exception as exc:  # plain Tesseract failing on a page is a result, not a crash
        got = exc
    return got, _cpu() - c0, time.perf_counter() - t0


def _plain(path: str) -> str:
    from pipeline.engines import tesseract

    return tesseract.plain_text(Path(path))


def paired_page(ref: Any, settings: Any) -> Any:
    """Worker: ``ocr.run_page(ref, settings)`` and plain ``tesseract page.png -`` on the same
    page's PNG (``_PLAIN``), one right after the other, plain first on every other page this
    process reads. Returns ``run_page``'s ``PageOutcome`` unchanged (this never raises, as
    ``run_page`` does not) and appends the page's ``PairedPage`` to this process's file in the
    records folder."""
    from pipeline.stages import ocr

    run_page = _RUN_PAGE[0] if _RUN_PAGE else ocr.run_page
    image = _PLAIN.get((ref.doc, ref.number))
    plain_first = _DONE[0] % 2 == 0
    _DONE[0] += 1
    plain: tuple[Any, float, float] = (OSError(f"no plain image for {ref.doc} p{ref.number}"), 0, 0)
    if image is not None and plain_first:
        plain = _timed(_plain, image)
    outcome, ours_cpu, ours_wall = _timed(run_page, ref, settings)
    if image is not None and not plain_first:
        plain = _timed(_plain, image)
    text, plain_cpu, plain_wall = plain
    record = PairedPage(
        doc=ref.doc,
        page=ref.number,
        first="plain" if plain_first else "ours",
        ours_cpu=ours_cpu,
        plain_cpu=plain_cpu,
        ours_wall=ours_wall,
        plain_wall=plain_wall,
        plain_text=text if isinstance(text, str) else "",
        plain_error=None if isinstance(text, str) else str(text),
    )
    if _RECORDS:
        with open(_RECORDS[0] / f"{os.getpid()}.jsonl", "a", encoding="utf-8") as fh:
            fh.write(json.dumps(asdict(record)) + "\n")
    if isinstance(outcome, Exception):  # run_page never raises; if it ever did, say so here
        return ocr.PageOutcome(reason=f"page {ref.number}: {outcome}", path=str(ref.path))
    return outcome


@contextlib.contextmanager
def pairing(plain_images: dict[tuple[str, int], str], records: Path) -> Iterator[None]:
    """Within the block, the OCR stage reads every page it does not take from its cache with
    ``paired_page``: ``plain_images`` maps (document name, page number) to the page's PNG for
    plain Tesseract; the records go to ``records`` (emptied first; read them with
    ``read_records``). Only for the local pool and the serial path (forked workers inherit the
    switch; a Dask worker would not)."""
    from pipeline.stages import ocr

    if records.exists():
        for old in records.glob("*.jsonl"):
            old.unlink()
    records.mkdir(parents=True, exist_ok=True)
    saved = ocr.run_page
    _PLAIN.clear()
    _PLAIN.update(plain_images)
    _RECORDS[:] = [records]
    _DONE[0] = 0  # every worker, and this process, starts with plain first
    _RUN_PAGE[:] = [saved]
    ocr.run_page = paired_page  # type: ignore[assignment]  # what _run_pool sends the workers
    try:
        yield
    finally:
        ocr.run_page = saved  # type: ignore[assignment]
        _RUN_PAGE.clear()
        _PLAIN.clear()
        _RECORDS.clear()


def read_records(records: Path) -> list[PairedPage]:
    """Every ``PairedPage`` written into ``records``, ordered by document and page."""
    out = []
    for path in sorted(records.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line:
                out.append(PairedPage(**json.loads(line)))
    return sorted(out, key=lambda r: (r.doc, r.page))


def quartiles(values: list[float]) -> tuple[float, float, float]:
    """(lower quartile, median, upper quartile) of ``values`` (at least one), quartiles
    interpolated between the ordered values (``statistics.quantiles``' inclusive method).

    >>> quartiles([1.0, 2.0, 3.0, 4.0, 5.0])
    (2.0, 3.0, 4.0)
    >>> quartiles([2.0])
    (2.0, 2.0, 2.0)
    """
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


#: Resamples of the pages for the median's interval (``median_interval``), and its level.
RESAMPLES = 2000
LEVEL = 0.95


def median_interval(
    ratios: list[float], resamples: int = RESAMPLES, level: float = LEVEL, seed: int = 13
) -> tuple[float, float]:
    """A ``level`` bootstrap interval of the median of ``ratios`` (at least one): the pages
    drawn again with replacement ``resamples`` times (a fixed ``seed``: the same ratios give the
    same interval), the interval's ends the percentiles of the resampled medians. Pages are
    drawn one by one: a page's ratio is mostly the noise of its two readings (a page read twice
    moves by ~10 %, ``benchtime``), not the page's text.

    >>> median_interval([1.0] * 5)
    (1.0, 1.0)
    >>> lo, hi = median_interval([0.9, 0.95, 1.0, 1.05, 1.1] * 8)
    >>> 0.9 <= lo < 1.0 < hi <= 1.1
    True
    """
    rng = random.Random(seed)
    n = len(ratios)
    medians = sorted(statistics.median(rng.choices(ratios, k=n)) for _ in range(resamples))
    tail = (1.0 - level) / 2
    return medians[int(tail * resamples)], medians[min(resamples - 1, int((1 - tail) * resamples))]


def verdict(low: float, high: float, bar: float = 1.0) -> str:
    """ "met" when the whole interval lies at or below ``bar``, "missed" when it lies above,
    else "not decided" (the pages cannot tell the median from the bar).

    >>> verdict(0.91, 0.98), verdict(1.01, 1.06), verdict(0.97, 1.04)
    ('met', 'missed', 'not decided')
    """
    if high <= bar:
        return "met"
    if low > bar:
        return "missed"
    return "not decided"


def summarise(pages: list[PairedPage], start_up: float, all_pages: int) -> dict[str, Any]:
    """The CPU figures of ``pages`` (records with both readings timed; pages plain failed on are
    left out), with ours' ``start_up`` CPU seconds (for the whole batch of ``all_pages`` pages)
    shared out by pages:

    - ``cpu_pages``: pages compared;
    - ``cpu_ours_s_per_page``, ``cpu_plain_s_per_page``: CPU seconds a page, ours without its
      start-up, plain's process whole;
    - ``cpu_start_up_s_per_page``: ours' start-up shared out over every page of the batch;
    - ``cpu_ratio_median``, ``cpu_ratio_q1``, ``cpu_ratio_q3``: ours / plain page by page
      (start-up apart), the median and the quartiles (half the pages lie between them);
    - ``cpu_ratio_median_low``, ``cpu_ratio_median_high``: the median's 95 % bootstrap
      interval (``median_interval``), and ``cpu_verdict`` on the bar x1.0 (``verdict``);
    - ``cpu_ratio_of_totals``: ours' CPU on these pages / plain's;
    - ``cpu_ratio_with_start_up``: the same with ours' share of the start-up added;
    - ``cpu_ratio_median_plain_first``, ``cpu_ratio_median_ours_first``: the median ratio of
      the pages where that system was read first (whichever goes second may find the caches
      warm: alternating balances it; the two say how much it was).

    An empty dict when no page has both readings."""
    both = [p for p in pages if p.plain_error is None and p.plain_cpu > 0]
    if not both:
        return {}
    ours = sum(p.ours_cpu for p in both)
    plain = sum(p.plain_cpu for p in both)
    share = start_up * len(both) / max(all_pages, len(both))
    ratios = [p.ours_cpu / p.plain_cpu for p in both]
    q1, median, q3 = quartiles(ratios)
    low, high = median_interval(ratios)
    n = len(both)
    by_order = {
        f"cpu_ratio_median_{first}_first": statistics.median(
            p.ours_cpu / p.plain_cpu for p in both if p.first == first
        )
        for first in ("plain", "ours")
        if any(p.first == first for p in both)
    }
    return {
        **by_order,
        "cpu_pages": n,
        "cpu_ours_s_per_page": ours / n,
        "cpu_plain_s_per_page": plain / n,
        "cpu_start_up_s_per_page": share / n,
        "cpu_ratio_median": median,
        "cpu_ratio_q1": q1,
        "cpu_ratio_q3": q3,
        "cpu_ratio_median_low": low,
        "cpu_ratio_median_high": high,
        "cpu_verdict": verdict(low, high),
        "cpu_ratio_of_totals": ours / plain,
        "cpu_ratio_with_start_up": (ours + share) / plain,
    }


def cpu_line(speed: dict[str, Any], what: str) -> str:
    """One line for a tier table: the figures of ``summarise`` in ``speed``, for ``what``
    pages (e.g. "this split's"); "" when there are none."""
    if not speed.get("cpu_pages"):
        return ""
    extra = speed.get("cpu_extra_pages")
    pages = f"{speed['cpu_pages']} pages" + (
        f" ({extra} of them its texts rendered again, read for CPU only)" if extra else ""
    )
    return (
        f"cpu:     {what} {pages}, each read by both side by side: ours "
        f"{speed['cpu_ours_s_per_page']:.3f} CPU-s/page (+ start-up "
        f"{speed['cpu_start_up_s_per_page']:.3f}), plain {speed['cpu_plain_s_per_page']:.3f}; "
        f"ours/plain per page median x{speed['cpu_ratio_median']:.2f} (95 % interval "
        f"x{speed['cpu_ratio_median_low']:.2f}-x{speed['cpu_ratio_median_high']:.2f}: "
        f"x1.0 {speed['cpu_verdict']}; quartiles "
        f"x{speed['cpu_ratio_q1']:.2f}-x{speed['cpu_ratio_q3']:.2f}), of totals "
        f"x{speed['cpu_ratio_of_totals']:.2f}, with start-up "
        f"x{speed['cpu_ratio_with_start_up']:.2f}"
    )
