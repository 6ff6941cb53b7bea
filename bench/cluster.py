"""Figures for docs/scale.md: the same batch on 1 and 2 Dask workers, and the scheduler's
throughput on synthetic short tasks.

    python -m bench.cluster workers            # test-split gold, medium tier, 1 and 2 workers
    python -m bench.cluster scheduler          # 10^4 tasks one by one, 10^5/10^6 chunked

``workers`` renders the test split's gold documents (``bench/splits.json``) once into
``bench/work/cluster/scans`` (as ``make bench`` would: their style, FreeMono, CRC-32 seeds,
medium tier, image-only PDFs), then runs the whole batch into a fresh output folder (cold cache)
on the local process pool and on a ``LocalCluster`` of 1 and 2 single-threaded workers, and
checks that every run wrote the same bytes. ``scheduler`` pushes no-op tasks through
``pipeline.executors.DaskExecutor`` (its bounded submission window) on a ``LocalCluster`` of two
workers: ``--runs TASKS:PER_DASK_TASK`` (default 10^4 one Dask task each, for the per-task
rate; 10^5 batched 100 and 10^6 batched 1000 to a Dask task, the way a 13-million-page run
must be). Results are printed as Markdown tables and not committed.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import time
import zlib
from pathlib import Path

from bench import synth

ROOT = Path(__file__).resolve().parent
WORK = ROOT / "work" / "cluster"


def _test_split_scans(tier: str) -> Path:
    """Render the test split's gold documents once (kept while the tier and names match)."""
    names = json.loads((ROOT / "splits.json").read_text())["gold"]["test"]
    scans = WORK / f"scans-{tier}"
    stamp = scans / ".rendered"
    want = json.dumps({"tier": tier, "names": names, "synth": synth.__file__ and _synth_hash()})
    if stamp.is_file() and stamp.read_text() == want:
        return scans
    shutil.rmtree(scans, ignore_errors=True)
    scans.mkdir(parents=True)
    docs = {Path(d.file).stem: d for d in synth.gold_documents()}
    for name in names:
        doc = docs[name]
        text = (synth.GOLD_DIR / doc.file).read_text(encoding="utf-8")
        rendering = synth.render(
            text,
            style=doc.style,
            tier=tier,
            font=synth.Font.FREEMONO,
            seed=zlib.crc32(doc.file.encode()) & 0x7FFFFFFF,
            spacing=doc.spacing,
        )
        synth.write_pdf(rendering.images, scans / f"{name}.pdf")
    stamp.write_text(want)
    return scans


def _synth_hash() -> str:
    return f"{zlib.crc32(Path(synth.__file__).read_bytes()):08x}"


def _snapshot(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.relative_to(out).as_posix().startswith(".")
    }


def workers(args: argparse.Namespace) -> None:
    from pipeline.core.config import RunConfig
    from pipeline.runner import run_batch

    scans = _test_split_scans(args.tier)
    runs = [("process pool", None, 1), ("process pool", None, 2)]
    runs += [("LocalCluster", "local", n) for n in args.workers]
    rows, snapshots = [], []
    for label, scheduler, n in runs:
        out = WORK / f"out-{scheduler or 'pool'}-{n}"
        shutil.rmtree(out, ignore_errors=True)
        config = RunConfig(
            out_dir=out, jobs=n, scheduler=scheduler, reviews=WORK / "reviews", correct=True
        )
        load = os.getloadavg()[0]
        t0 = time.perf_counter()
        report = run_batch([scans], config)
        wall = time.perf_counter() - t0
        pages = sum(d.pages for d in report.documents)
        ocr = report.seconds.get("ocr", 0.0)
        rows.append((label, n, pages, wall, ocr, load, len(report.failed)))
        snapshots.append(_snapshot(out))
    same = all(s == snapshots[0] for s in snapshots)
    print(f"\n{rows[0][2]} pages, tier {args.tier}; identical outputs: {same}\n")
    print("| executor | workers | pages | wall s | OCR s | s/page (wall) | load avg | failed |")
    print("|---|---|---|---|---|---|---|---|")
    for label, n, pages, wall, ocr, load, failed in rows:
        print(
            f"| {label} | {n} | {pages} | {wall:.1f} | {ocr:.1f} | {wall / pages:.2f} "
            f"| {load:.1f} | {failed} |"
        )


def _noop(i: int) -> int:
    return i


def _chunk(start: int, n: int) -> int:
    """``n`` synthetic short tasks run inside one Dask task (how pages are batched)."""
    return sum(_noop(i) for i in range(start, start + n))


def scheduler(args: argparse.Namespace) -> None:
    from distributed import LocalCluster

    from pipeline.executors import DaskExecutor

    logging.getLogger("distributed").setLevel(logging.ERROR)
    rows = []
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        for spec in args.runs:
            tasks, chunk = (int(x) for x in spec.split(":"))
            with DaskExecutor(cluster.scheduler_address, window=args.window) as ex:
                items = [(s, min(chunk, tasks - s)) for s in range(0, tasks, chunk)]
                t0 = time.perf_counter()
                if chunk == 1:
                    total = sum(r for _, r in ex.map(_noop, [(i,) for i in range(tasks)]))
                else:
                    total = sum(r for _, r in ex.map(_chunk, items))
                wall = time.perf_counter() - t0
                assert total == tasks * (tasks - 1) // 2
                rows.append((tasks, chunk, len(items), wall, os.getloadavg()[0]))
    print(f"\nLocalCluster, 2 workers x 1 thread, submission window {args.window}\n")
    print("| synthetic tasks | per Dask task | Dask tasks | wall s | Dask tasks/s | load avg |")
    print("|---|---|---|---|---|---|")
    for tasks, chunk, dask_tasks, wall, load in rows:
        print(
            f"| {tasks:,} | {chunk} | {dask_tasks:,} | {wall:.1f} | {dask_tasks / wall:,.0f} "
            f"| {load:.1f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("workers", help="the test-split batch on 1 and 2 workers")
    w.add_argument("--tier", default="medium")
    w.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    s = sub.add_parser("scheduler", help="scheduler throughput on synthetic short tasks")
    s.add_argument(
        "--runs",
        nargs="+",
        default=["10000:1", "100000:100", "1000000:1000"],
        help="TASKS:PER_DASK_TASK pairs",
    )
    s.add_argument("--window", type=int, default=2000)
    args = parser.parse_args()
    {"workers": workers, "scheduler": scheduler}[args.command](args)


if __name__ == "__main__":
    main()
