"""The benchmark: our pipeline against plain Tesseract (and OCRmyPDF) on generated scans of gold
texts, stage by stage, per split, then the suites of ``bench.suites`` (labelled real FOIA OCR,
its review by a perfect reviewer, BLN600, the degradation sweep, OCRmyPDF's test scans) and a
readable run over real OCR text.

    python -m bench.run            # make bench: everything, peers side by side
    python -m bench.run --quick    # make bench-quick: the test split (held out), a few minutes

Per tier it renders the gold texts (cached in ``bench/scans/``), OCRs them with our batch
(``pipeline.runner.run_batch``, ``bench/out/``) and, in the batch's own OCR workers, with plain
``tesseract page.png -`` beside ours page by page (``bench.paired``: CPU a page timed side by
side), scores every stage against the gold
(``bench.metrics``) for each split of ``bench/splits.json`` and prints one table per split. The
full run writes ``bench/results.json``; a quick run writes ``bench/out/results-quick.json``.
``bench/README.md`` says what every number means and which are held out.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from bench import synth
from bench.cpu_pages import SEEDS as CPU_SEEDS
from bench.cpu_pages import TIERS as CPU_TIERS
from bench.cpu_pages import ExtraRun, for_split, run_extra
from bench.material import split_of
from bench.paired import METHOD as PAIRED_METHOD
from bench.paired import PairedPage, summarise
from bench.real_run import run_real
from bench.scans import (  # noqa: F401  (re-exported: other bench modules import them here)
    DPI,
    FULL,
    QUICK,
    SCANS,
    DocPlan,
    PageGold,
    Profile,
    ScanDoc,
    TruthLine,
    doc_plans,
    ensure_scans,
    kept_typos,
)
from bench.split_speed import split_speed
from bench.suites import SUITES, run_suites
from bench.systems import (  # noqa: F401  (re-exported: other bench modules import them here)
    CORRECT_RUNS,
    DICTIONARIES,
    JOBS,
    OUT,
    REPO,
    SystemRun,
    _dictionary_load,
    _in_fresh_process,
    _median_timing,
    _text_stage_timings,
    ocrmypdf_command,
    ocrmypdf_version,
    run_ocrmypdf,
    run_ours,
)
from bench.tier_report import (
    LABELS,
    TierScore,
    error_sources,
    score_tier,
    tier_json,
    tier_speed,
    tier_table,
)

log = logging.getLogger("bench")

RESULTS = REPO / "bench" / "results.json"
PEERS_HINT = (
    "make bench-peers installs it (pip install ocrmypdf; apt-get install ghostscript unpaper)"
)


# ---------------------------------------------------------------------------------------------
# The run


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True)
    except OSError:
        return None
    return out.stdout if out.returncode == 0 else None


def _environment(cmd: list[str] | None) -> dict[str, Any]:
    from pipeline.engines import tesseract

    # The numbers measure the working tree: say which measured files differ from the commit.
    dirty = _git("status", "--porcelain", "--", "pipeline", "dictionaries", "bench/synth.py")
    return {
        "commit": (_git("rev-parse", "--short", "HEAD") or "").strip() or None,
        "uncommitted": sorted(line[3:] for line in (dirty or "").splitlines()),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "tesseract": tesseract.check("eng").to_dict(),
        "ocrmypdf": ocrmypdf_version(cmd) if cmd else None,
        "unpaper": shutil.which("unpaper") is not None,
    }


def _cpu_extra(
    profile: Profile, tier: str, plans: list[DocPlan], seeds: int, tier_out: Path, jobs: int
) -> ExtraRun | None:
    """``seeds`` more renderings of the test split's texts at ``tier`` (the dev split's when
    the profile has no test text) read side by side for the CPU figures only
    (``bench.cpu_pages``); None for other tiers or no seeds."""
    if seeds <= 0 or tier not in CPU_TIERS:
        return None
    test = [p for p in plans if split_of("gold", p.name) == "test"]
    log.info("%s: %d more renderings of %d texts, for CPU", tier, seeds, len(test or plans))
    return run_extra(profile, tier, test or plans, seeds, tier_out / "cpu-extra", jobs)


def _with_extra(paired: list[PairedPage], extra: ExtraRun, per_page: float) -> dict[str, Any]:
    """The side-by-side CPU figures (``summarise``) over ``paired`` and the extra renderings'
    pages together, ours' start-up ``per_page`` as over the tier; ``cpu_extra_pages`` of them
    extra and what the extra pages cost the bench in wall seconds."""
    both = paired + extra.paired
    return {
        **summarise(both, per_page * len(both), len(both)),
        "cpu_extra_pages": len(extra.paired),
        "cpu_extra_render_seconds": extra.render_seconds,
        "cpu_extra_batch_seconds": extra.batch_seconds,
    }


def run(
    profile: Profile,
    *,
    jobs: int,
    peers: bool,
    real: bool,
    reuse_ocr: bool,
    suites: set[str] | None = None,
    cpu_seeds: int = 0,
) -> dict[str, Any]:
    """The whole bench over ``profile``; ``cpu_seeds`` more renderings of each text of the test
    split (the dev split's in a dev-only profile) at the tiers of ``bench.cpu_pages.TIERS`` are
    read only for the CPU figures of their split."""
    started = time.perf_counter()
    plans = doc_plans(profile)
    cmd = ocrmypdf_command() if peers else None
    if peers and cmd is None:
        print(f"OCRmyPDF: skipped (not installed); {PEERS_HINT}")
    results: dict[str, Any] = {
        "benchmark": {
            "profile": profile.name,
            "jobs": jobs,
            "tiers": list(profile.tiers),
            "dpi": DPI,
            "normalisation": "whitespace runs to one space, ends trimmed; nothing else",
            "cpu": PAIRED_METHOD,
            "cpu_seeds": cpu_seeds,
            "documents": [{k: v for k, v in p.__dict__.items() if k != "file"} for p in plans],
            "environment": _environment(cmd),
        },
        "tiers": {},
    }
    env = results["benchmark"]["environment"]
    dirty = f" + uncommitted {', '.join(env['uncommitted'])}" if env["uncommitted"] else ""
    print(
        f"foia-clean benchmark ({profile.name}) at {env['commit']}{dirty}; tesseract "
        f"{env['tesseract'].get('version')}; OCRmyPDF {env['ocrmypdf'] or 'not run'}; "
        f"{jobs} workers on {env['cpus']} CPUs\n"
    )
    scores: list[TierScore] = []
    for tier in profile.tiers:
        docs = ensure_scans(profile, tier, plans, jobs)
        pages = sum(len(d.pages) for d in docs)
        tier_out = OUT / profile.name / tier
        runs: dict[str, SystemRun] = {}
        if cmd:
            log.info("%s: OCRmyPDF on %d documents", tier, len(docs))
            runs["ocrmypdf"] = run_ocrmypdf(docs, cmd, tier_out / "ocrmypdf", jobs)
        log.info("%s: our batch on %d pages, plain tesseract beside it", tier, pages)
        ours = run_ours(docs, tier_out / "ours", jobs, reuse_ocr=reuse_ocr)
        runs = {"plain": ours.plain, **runs, "ocr": ours.ocr}
        log.info("%s: text stages timed directly", tier)
        done = [str(tier_out / "ours" / d.plan.name) for d in docs if d.plan.name in ours.stripped]
        timing = _median_timing(
            [_in_fresh_process(_text_stage_timings, done) for _ in range(CORRECT_RUNS)]
        )
        ts = score_tier(tier, docs, runs, ours)
        ts.notes += ours.notes
        if reuse_ocr:
            ts.notes.append("--reuse-ocr: our OCR came from the cache, its times mean nothing")
        for name, r in runs.items():
            if r.failed:
                ts.notes.append(f"{LABELS[name]} failed on {', '.join(sorted(r.failed))}")
        ts.speed = tier_speed(pages, runs, ours, timing)
        extra = _cpu_extra(profile, tier, plans, cpu_seeds, tier_out, jobs)
        if extra is not None:
            ts.speed.update(_with_extra(ours.paired, extra, ours.start_up_cpu / max(1, pages)))
        results["tiers"][tier] = {"all": tier_json(ts, runs)}
        # Per split: the test split is held out (bench/splits.json); dev is what was tuned on.
        for split in ("test", "dev"):
            part = [d for d in docs if split_of("gold", d.plan.name) == split]
            if not part:
                continue
            ps = score_tier(f"{tier}, {split} split", part, runs, ours)
            # The side-by-side CPU figures and the seconds a page of this split's own pages
            # (and of its texts' extra renderings); the rest the tier's.
            names = {d.plan.name for d in part}
            own = [p for p in ours.paired if p.doc in names]
            per_page = ours.start_up_cpu / max(1, pages)
            split_pages = sum(len(d.pages) for d in part)
            ps.speed = {
                **ts.speed,
                **split_speed(
                    names,
                    split_pages,
                    own,
                    per_page,
                    jobs,
                    runs["ocrmypdf"].per_doc if "ocrmypdf" in runs else None,
                    timing,
                ),
                **summarise(own, per_page * len(own), len(own)),
            }
            for key in [k for k in ps.speed if k.startswith("cpu_extra")]:
                del ps.speed[key]
            # Only this split's extra pages and its share of their seconds (the extra
            # renderings are the test split's texts: dev's figures carry none of them).
            mine = None if extra is None else for_split(extra, names)
            if mine is not None:
                ps.speed.update(_with_extra(own, mine, per_page))
            ps.notes = ts.notes
            print(tier_table(ps, runs), flush=True)
            print(flush=True)
            results["tiers"][tier][split] = tier_json(ps, runs)
        scores.append(ts)

    cold = _in_fresh_process(_dictionary_load, True)
    warm = _in_fresh_process(_dictionary_load, False)
    results["dictionary_load_seconds"] = {"cold": round(cold, 3), "warm": round(warm, 3)}
    print(
        f"dictionary load: cold {cold:.2f} s (index built from dictionaries/), warm {warm:.2f} s "
        "(cached index), each in a fresh process"
    )
    if real:
        results["real"] = run_real(profile, jobs)
    results.update(run_suites(OUT, jobs, quick=profile.name.split("-")[0] == "quick", only=suites))
    (OUT / "error-sources.md").write_text(error_sources(scores), encoding="utf-8")
    print(f"error sources by stage and kind: {(OUT / 'error-sources.md').relative_to(REPO)}")
    results["benchmark"]["seconds"] = round(time.perf_counter() - started, 1)
    return results


app = typer.Typer(add_completion=False, help=__doc__.split("\n\n")[0])


@app.command()
def main(
    quick: Annotated[
        bool, typer.Option("--quick", help="The test split in minutes: 3 texts, 3 tiers, suites.")
    ] = False,
    jobs: Annotated[int, typer.Option(help="Worker processes for every system.")] = JOBS,
    peers: Annotated[
        bool | None,
        typer.Option(
            help="Run OCRmyPDF when installed (default: in the full run, not in --quick)."
        ),
    ] = None,
    real: Annotated[bool, typer.Option(help="Report on real OCR text in ../shared.")] = True,
    tiers: Annotated[
        str | None, typer.Option(help="Development: only these tiers (comma-separated).")
    ] = None,
    reuse_ocr: Annotated[
        bool, typer.Option(help="Development: reuse our OCR cache (times become meaningless).")
    ] = False,
    suites: Annotated[
        str | None,
        typer.Option(
            help=f"Only these suites (comma-separated: {', '.join(s.name for s in SUITES)}; "
            "none: no suite)."
        ),
    ] = None,
    split: Annotated[
        str | None,
        typer.Option(help="Development: only the gold texts of this split (dev or test)."),
    ] = None,
    cpu_seeds: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="More renderings of each test text (dev with --split dev) at the clean and "
            f"medium tiers, read only for the CPU figures (default {CPU_SEEDS}; 0 in --quick).",
        ),
    ] = None,
) -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    logging.getLogger("pipeline").setLevel(logging.WARNING)
    profile = QUICK if quick else FULL
    if tiers:
        unknown = set(tiers.split(",")) - {t.value for t in synth.Tier}
        if unknown:
            raise typer.BadParameter(f"unknown tier(s): {', '.join(sorted(unknown))}")
        profile = replace(profile, tiers=tuple(tiers.split(",")))
    if split:
        if split not in ("dev", "test"):
            raise typer.BadParameter(f"unknown split: {split}")
        docs = [
            d.file for d in synth.gold_documents() if split_of("gold", Path(d.file).stem) == split
        ]
        wanted = [f for f in docs if profile.docs is None or f in profile.docs]
        if not wanted:
            raise typer.BadParameter(f"no gold text of the {split} split in this profile")
        # Its own scans and outputs folder: the full profile's stay as they are.
        profile = replace(profile, name=f"{profile.name}-{split}", docs=tuple(wanted))
    OUT.mkdir(parents=True, exist_ok=True)
    if peers is None:
        peers = not quick
        if quick:
            # OCRmyPDF with unpaper takes ~10 s a page here: it would break the 3-minute budget.
            print("OCRmyPDF: not run by --quick (make bench runs it; add --peers to include it)")
    only = (set() if suites == "none" else set(suites.split(","))) if suites else None
    if only and only - {s.name for s in SUITES}:
        raise typer.BadParameter(
            f"unknown suite(s): {', '.join(sorted(only - {s.name for s in SUITES}))}"
        )
    seeds = (0 if quick else CPU_SEEDS) if cpu_seeds is None else cpu_seeds
    results = run(
        profile,
        jobs=jobs,
        peers=peers,
        real=real,
        reuse_ocr=reuse_ocr,
        suites=only,
        cpu_seeds=seeds,
    )
    # Only a complete full run replaces the committed results.
    complete = (
        not quick
        and not tiers
        and not split
        and not reuse_ocr
        and peers
        and real
        and only is None
        and seeds == CPU_SEEDS
    )
    target = RESULTS if complete else OUT / f"results-{profile.name}.json"
    with tempfile.NamedTemporaryFile("w", dir=target.parent, delete=False, suffix=".tmp") as fh:
        fh.write(json.dumps(results, indent=1, sort_keys=True) + "\n")
    Path(fh.name).replace(target)
    print(f"results: {target.relative_to(REPO)} ({results['benchmark']['seconds']:.0f} s)")


if __name__ == "__main__":
    app()
