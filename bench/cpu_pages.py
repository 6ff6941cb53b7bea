"""More pages for issue 13's CPU comparison: the texts rendered again, read only to be timed.

A tier's test split has 13 pages: a per-page ratio moves by ~10 % between two readings of the
same page, so the median of 13 cannot tell x1.05 from x1.0 (session 30's bench: medium x1.05,
quartiles x0.95-x1.08). Here each text of the split is rendered ``seeds`` more times at the
tier (``cpu_plans``: another seed, so other noise, other typing and other document ids, and the
next face of the bench's rotation; the same style, spacing and format), and our batch reads them
with plain Tesseract beside it page by page (``bench.paired``) as the scored pages are read. Their
text is not scored: they add pages to the CPU figures of their split only (``bench.run``'s
``cpu_*`` keys, ``cpu_extra_pages`` of them).

Scans go to ``bench/scans/<profile>-cpu/`` (``bench.scans.ensure_scans``: rendered once, reused),
outputs to ``bench/out/<profile>/<tier>/cpu-extra/``. Only the OCR stage is needed: the batch
runs without strip and correct.
"""

from __future__ import annotations

import shutil
import time
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

from bench import synth
from bench.paired import PairedPage, pairing, read_records
from bench.scans import DocPlan, Profile, ensure_scans

#: Extra renderings of each text of the split, per tier of ``TIERS`` (``--cpu-seeds``).
SEEDS = 2
#: The tiers issue 13's bar "CPU ratio <= 1.0 per page" is judged on.
TIERS = ("clean", "medium")
#: A rendering's name: the text's, then this and its number.
MARK = "_cpu"


@dataclass
class ExtraRun:
    """The extra renderings' paired records, and what they cost the bench (wall seconds:
    rendering, the batch with plain beside it)."""

    paired: list[PairedPage]
    render_seconds: float
    batch_seconds: float


def source(name: str) -> str:
    """The text a rendering was made from: ``d288_cpu2`` -> ``d288``; a scored page's name
    as it is.

    >>> source("frus1969-76ve04_d288_cpu2"), source("frus1969-76ve04_d288")
    ('frus1969-76ve04_d288', 'frus1969-76ve04_d288')
    """
    head, mark, tail = name.rpartition(MARK)
    return head if mark and tail.isdigit() else name


def for_split(extra: ExtraRun, names: set[str]) -> ExtraRun | None:
    """The part of ``extra`` that belongs to a split whose documents are ``names``: its pages
    (``source`` in ``names``) and the bench's seconds in the share of the pages that are its
    own; None when none is (the extra renderings are one split's texts: the other split's
    figures carry none of their pages nor their seconds)."""
    mine = [p for p in extra.paired if source(p.doc) in names]
    if not mine:
        return None
    share = len(mine) / len(extra.paired)
    return ExtraRun(mine, extra.render_seconds * share, extra.batch_seconds * share)


def cpu_plans(plans: list[DocPlan], seeds: int) -> list[DocPlan]:
    """``seeds`` renderings of each of ``plans``: rendering k (1..seeds) has the name
    ``<name>_cpu<k>``, a seed from the file name and k, and the face k steps on in the bench's
    rotation (``bench.scans.doc_plans``' faces; Nimbus Mono is the sweep's held-out face)."""
    fonts = [f.value for f in synth.available_fonts() if f is not synth.Font.NIMBUS_MONO]
    out = []
    for k in range(1, seeds + 1):
        for plan in plans:
            at = fonts.index(plan.font) if plan.font in fonts else None
            font = plan.font if at is None else fonts[(at + k) % len(fonts)]
            out.append(
                replace(
                    plan,
                    name=f"{plan.name}{MARK}{k}",
                    seed=zlib.crc32(f"{plan.file}#cpu{k}".encode()) & 0x7FFFFFFF,
                    font=font,
                )
            )
    return out


def run_extra(
    profile: Profile, tier: str, plans: list[DocPlan], seeds: int, out: Path, jobs: int
) -> ExtraRun:
    """Render ``seeds`` more of each of ``plans`` at ``tier`` and read them with our batch
    (OCR only, from a cold cache) and plain Tesseract side by side. ``out``: the batch's
    folder (emptied first). Returns their ``PairedPage`` records (names ``<text>_cpu<k>``)."""
    from pipeline.core.config import RunConfig
    from pipeline.runner import run_batch

    t0 = time.perf_counter()
    extra = replace(profile, name=f"{profile.name}-cpu")
    docs = ensure_scans(extra, tier, cpu_plans(plans, seeds), jobs)
    rendered = time.perf_counter()
    shutil.rmtree(out, ignore_errors=True)
    config = RunConfig(
        out_dir=out,
        jobs=jobs,
        strip=False,
        correct=False,
        reviews=out.parent / "cpu-extra-reviews",  # none: nothing here is reviewed
    )
    images = {(d.plan.name, i + 1): str(p) for d in docs for i, p in enumerate(d.plain_images)}
    records = out.parent / "paired-cpu-extra"
    with pairing(images, records):
        run_batch([docs[0].input.parent], config)
    return ExtraRun(
        read_records(records),
        render_seconds=rendered - t0,
        batch_seconds=time.perf_counter() - rendered,
    )
