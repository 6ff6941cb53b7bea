"""The systems ``bench.run`` times over a tier: our batch (with plain ``tesseract page.png -``
beside it page by page, ``bench.paired``), plain Tesseract alone, OCRmyPDF, and the text stages
timed directly; the workers' CPU seconds and peak memory (``Workers``).

Moved out of ``bench.run`` (one module per job). The bench's paths (``OUT``, ``DICTIONARIES``,
``SHARED``) are here; ``bench.run`` re-exports those other modules take from it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import psutil

from bench.material import shared_dir
from bench.metrics import (
    Record,
    records_from_diff,
)
from bench.paired import PairedPage, pairing, read_records
from bench.scans import ScanDoc
from bench.split_speed import run_timed

log = logging.getLogger("bench")

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
OUT = BENCH / "out"
SHARED = shared_dir() or REPO.parent / "shared"
DICTIONARIES = REPO / "dictionaries"
JOBS = 2


# ---------------------------------------------------------------------------------------------
# Peak memory per worker


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _plain_tesseract(proc: psutil.Process) -> bool:
    """A ``tesseract page.png -`` process (plain's), not one of our engine's (``stdin``)."""
    cmd = proc.cmdline()
    return proc.name() == "tesseract" and len(cmd) > 1 and cmd[1] != "stdin"


class Workers:
    """Measures the child processes started inside the block: CPU seconds (all of them, with
    their own children, once reaped) and peak memory per worker.

    Memory is sampled every ``interval`` seconds; a worker's memory is its unique set size (USS)
    plus its descendants' (a worker and the Tesseract it runs). USS, not RSS: a forked worker's
    RSS counts the parent's pages it only shares. Descendants ``apart`` says are another
    system's (plain Tesseract run in our workers, ``bench.paired``) are left out of it and their
    peak kept apart (``apart_peak_mb``). CPU seconds do not depend on what else the
    machine is doing, wall-clock seconds do."""

    def __init__(self, interval: float = 0.1, apart: Any = None) -> None:
        self.interval = interval
        self.apart = apart
        self.peaks: dict[int, int] = {}
        self.apart_peak = 0
        self.cpu_seconds = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Workers:
        self._cpu0 = _children_cpu()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.cpu_seconds = _children_cpu() - self._cpu0

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for child in me.children():
                total = 0
                try:
                    tree = [child, *child.children(recursive=True)]
                except psutil.Error:
                    continue
                for proc in tree:
                    with contextlib.suppress(psutil.Error):
                        uss = proc.memory_full_info().uss
                        if self.apart is not None and proc is not child and self.apart(proc):
                            self.apart_peak = max(self.apart_peak, uss)
                        else:
                            total += uss
                self.peaks[child.pid] = max(self.peaks.get(child.pid, 0), total)
            self._stop.wait(self.interval)

    @property
    def worker_peak_mb(self) -> float | None:
        return max(self.peaks.values()) / 2**20 if self.peaks else None

    @property
    def apart_peak_mb(self) -> float | None:
        return self.apart_peak / 2**20 if self.apart_peak else None


# ---------------------------------------------------------------------------------------------
# The systems


@dataclass
class SystemRun:
    """One system's texts for a tier, with its timing and memory."""

    texts: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0  # wall clock for all pages, JOBS workers
    cpu_seconds: float = 0.0  # CPU of the workers and their Tesseracts
    pages: int = 0
    peak_mb: float | None = None
    failed: list[str] = field(default_factory=list)
    #: document -> (wall seconds, CPU seconds) where the system was timed document by document
    per_doc: dict[str, tuple[float, float]] = field(default_factory=dict)


def _plain_page(path: str) -> tuple[str, float]:
    from pipeline.engines import tesseract

    t0 = time.perf_counter()
    text = tesseract.plain_text(Path(path))
    return text, time.perf_counter() - t0


def run_plain(docs: list[ScanDoc], jobs: int) -> SystemRun:
    """Plain ``tesseract page.png -`` in a pool of ``jobs`` workers, one thread each, like ours:
    its own pass, for the pages ``run_ours`` did not read side by side (``--reuse-ocr``)."""
    pages = [(d.plan.name, str(p)) for d in docs for p in d.plain_images]
    run = SystemRun(pages=len(pages))
    with Workers() as mem:
        t0 = time.perf_counter()
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(_plain_page, [p for _, p in pages]))
        run.seconds = time.perf_counter() - t0
    run.peak_mb, run.cpu_seconds = mem.worker_peak_mb, mem.cpu_seconds
    by_doc: dict[str, list[str]] = {}
    for (name, _), (text, _) in zip(pages, results, strict=True):
        by_doc.setdefault(name, []).append(text)
    run.texts = {name: "\f".join(texts) for name, texts in by_doc.items()}
    return run


@dataclass
class OursRun:
    ocr: SystemRun
    stripped: dict[str, str]
    clean: dict[str, str]
    removals: dict[str, list[dict[str, Any]]]
    corrections: dict[str, list[Record]]
    text_seconds: float
    total_seconds: float  # the batch's, plain Tesseract's pages in its OCR workers included
    notes: list[str]
    ocr_seconds: float = 0.0  # the batch's elapsed OCR stage, plain's pages included
    #: Pages read by plain Tesseract and ours side by side in the batch's workers.
    paired: list[PairedPage] = field(default_factory=list)
    plain: SystemRun = field(default_factory=SystemRun)
    start_up_cpu: float = 0.0  # ours' CPU beside its pages: the workers' start-up and more
    prepare_cpu: float = 0.0  # of which the main process's preparation of the workers


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _read_removals(path: Path) -> list[dict[str, Any]]:
    """``removed.jsonl``'s removals: its ``line-join`` records (a page's line breaks taken out
    when lines were rejoined) remove no text and are not counted as removals."""
    return [r for r in _read_jsonl(path) if r.get("kind") != "line-join"]


def run_ours(docs: list[ScanDoc], out: Path, jobs: int, *, reuse_ocr: bool) -> OursRun:
    """Our batch on the tier's inputs, from a cold cache (so OCR is timed), into ``out``, with
    plain ``tesseract page.png -`` reading each page beside ours in the batch's OCR workers
    (``bench.paired``): ours' and plain's CPU seconds page by page, and plain's texts (pages
    the batch took from its cache, with ``reuse_ocr``, are read by plain in a pass of its own)."""
    from pipeline.core.config import RunConfig
    from pipeline.runner import run_batch

    cache = out / ".cache"
    if reuse_ocr:
        # Keep only the OCR cache: the text stages' keys hold a hand-bumped version number.
        for stage in ("strip", "correct"):
            shutil.rmtree(cache / stage, ignore_errors=True)
    else:
        shutil.rmtree(cache, ignore_errors=True)
    config = RunConfig(
        out_dir=out,
        jobs=jobs,
        dictionaries=DICTIONARIES,
        reviews=OUT / "reviews",  # empty: nobody's review decisions change the scores
    )
    plain_images = {
        (d.plan.name, i + 1): str(p) for d in docs for i, p in enumerate(d.plain_images)
    }
    records = out.parent / "paired"
    with Workers(apart=_plain_tesseract) as mem, pairing(plain_images, records):
        report = run_batch([docs[0].input.parent], config)
    paired = read_records(records)
    ours_cpu = sum(p.ours_cpu for p in paired)
    # The workers only OCR; the text stages run in this process and are timed apart. What this
    # process does once for the workers before forking them (``ocr._prepare_workers``: page
    # modules, Tesseract's model) is OCR's CPU too, measured apart in a fresh process; so is
    # what the workers spend beside their pages (their start-up, taking tasks, sending pages).
    prepare = _in_fresh_process(_worker_start_cpu)
    start_up = prepare + max(0.0, mem.cpu_seconds - ours_cpu - sum(p.plain_cpu for p in paired))
    ocr = SystemRun(
        seconds=sum(p.ours_wall for p in paired) / jobs,
        cpu_seconds=ours_cpu + start_up,
        peak_mb=mem.worker_peak_mb,
    )
    ours = OursRun(
        ocr,
        {},
        {},
        {},
        {},
        sum(report.seconds.get(s, 0.0) for s in ("strip", "correct", "review")),
        report.seconds["total"],
        [],
        ocr_seconds=report.seconds.get("ocr", 0.0),
        paired=paired,
        plain=_plain_of_pairs(docs, paired, jobs, mem.apart_peak_mb),
        start_up_cpu=start_up,
        prepare_cpu=prepare,
    )
    for d in report.documents:
        ocr.pages += d.pages
        if d.status != "done":
            ocr.failed.append(d.name)
            log.warning("ours failed on %s: %s", d.name, d.reason)
    for doc in docs:
        folder = out / doc.plan.name
        if not (folder / "raw.txt").is_file():
            continue
        raw = (folder / "raw.txt").read_text(encoding="utf-8")
        clean = (folder / "clean.txt").read_text(encoding="utf-8")
        ocr.texts[doc.plan.name] = raw
        ours.clean[doc.plan.name] = clean
        ours.removals[doc.plan.name] = _read_removals(folder / "removed.jsonl")
        if (folder / "stripped.txt").is_file():
            stripped = (folder / "stripped.txt").read_text(encoding="utf-8")
            ours.corrections[doc.plan.name] = [
                Record.from_dict(c) for c in _read_jsonl(folder / "corrections.jsonl")
            ]
        else:  # an older batch: the text after strip is what --no-correct writes
            stripped = ""
        ours.stripped[doc.plan.name] = stripped
    missing = [n for n, s in ours.stripped.items() if not s]
    if missing:
        ours.notes.append("no stripped.txt: strip stage scored from a --no-correct run")
        strip_out = out.parent / "ours-nocorrect"
        shutil.rmtree(strip_out, ignore_errors=True)
        shutil.copytree(cache / "ocr", strip_out / ".cache" / "ocr")
        run_batch([docs[0].input.parent], replace(config, out_dir=strip_out, correct=False))
        for name in missing:
            path = strip_out / name / "clean.txt"
            stripped = path.read_text(encoding="utf-8") if path.is_file() else ""
            ours.stripped[name] = stripped
            ours.corrections[name] = records_from_diff(stripped, ours.clean[name])
    return ours


def _plain_of_pairs(
    docs: list[ScanDoc], paired: list[PairedPage], jobs: int, peak_mb: float | None
) -> SystemRun:
    """Plain Tesseract's run from the pages read side by side with ours: its texts, its CPU
    (each page's process whole) and its wall seconds as ``jobs`` workers would take them; the
    pages without a record (taken from our cache) read in a pass of their own."""
    by_page = {(p.doc, p.page): p for p in paired}
    run = SystemRun(pages=sum(len(d.plain_images) for d in docs), peak_mb=peak_mb)
    missing = [
        d
        for d in docs
        if any((d.plan.name, i + 1) not in by_page for i in range(len(d.plain_images)))
    ]
    own = run_plain(missing, jobs) if missing else SystemRun()
    run.texts.update(own.texts)
    run.failed += own.failed
    for doc in docs:
        if doc in missing:
            continue
        got = [by_page[(doc.plan.name, i + 1)] for i in range(len(doc.plain_images))]
        if any(p.plain_error for p in got):
            run.failed.append(doc.plan.name)
            log.warning(
                "plain tesseract failed on %s: %s",
                doc.plan.name,
                next(p.plain_error for p in got if p.plain_error),
            )
            continue
        run.texts[doc.plan.name] = "\f".join(p.plain_text for p in got)
    run.cpu_seconds = sum(p.plain_cpu for p in paired) + own.cpu_seconds
    run.seconds = sum(p.plain_wall for p in paired) / jobs + own.seconds
    if own.peak_mb:
        run.peak_mb = max(run.peak_mb or 0.0, own.peak_mb)
    return run


def _worker_start_cpu() -> float:
    """CPU seconds of the OCR stage's one-off preparation of its local workers in the main
    process (``pipeline.stages.ocr._prepare_workers``), which the workers inherit instead of
    paying for; ``run_ours`` adds it to the workers' CPU."""
    from pipeline.core.config import OcrSettings
    from pipeline.stages.ocr import _prepare_workers

    c0 = time.process_time()
    _prepare_workers(OcrSettings(), local=True)
    return time.process_time() - c0


def _text_stage_timings(doc_dirs: list[str]) -> dict[str, float]:
    """Spawned process: strip and correct each document's OCR pages directly, timed per stage
    (the batch reports only their sum), with this process's peak memory. The correct stage's
    first-use loads are timed apart (``correct_warmup``). ``per_document``: each document's
    (folder name's) own strip and correct seconds and CPU seconds, pages and characters (the
    batch vocabulary's build, ``vocabulary_*``, is the batch's: ``bench.split_speed`` shares
    it out by characters)."""
    from pipeline.core.records import Page
    from pipeline.lexicon import Lexicon
    from pipeline.stages.correct import BatchVocabulary, CorrectConfig, correct
    from pipeline.stages.strip import StripConfig, strip

    clock: Counter[str] = Counter()
    per_document: dict[str, Counter[str]] = {Path(d).name: Counter() for d in doc_dirs}

    def timed(stage: str, fn: Any, *args: Any, doc: str | None = None) -> Any:
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn(*args)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        clock[f"{stage}_seconds"] += wall
        clock[f"{stage}_cpu_seconds"] += cpu
        if doc is not None:
            per_document[doc][f"{stage}_seconds"] += wall
            per_document[doc][f"{stage}_cpu_seconds"] += cpu
        return out

    stripped = []
    pages = 0
    for d in doc_dirs:
        doc_pages = [
            Page.from_dict(json.loads(p.read_text(encoding="utf-8")))
            for p in sorted(Path(d, "pages").glob("*.json"))
        ]
        pages += len(doc_pages)
        per_document[Path(d).name]["pages"] = len(doc_pages)
        stripped.append(timed("strip", strip, doc_pages, StripConfig(), doc=Path(d).name))
    lexicon = timed("dictionary_load", Lexicon.load, DICTIONARIES)
    # What the stage loads on first use (tables read into memory, wordninja, wordfreq, the
    # calibration model) is loaded before its clock and reported apart: a batch pays it once.
    from pipeline.stages.correct.dictionary import preload

    timed("correct_warmup", preload, lexicon)
    # Building the batch vocabulary is part of correcting a batch.
    c0, t0 = time.process_time(), time.perf_counter()
    vocabulary = timed(
        "correct", BatchVocabulary.from_documents, [(s.text, s.spans) for s in stripped]
    )
    clock["vocabulary_seconds"] = time.perf_counter() - t0
    clock["vocabulary_cpu_seconds"] = time.process_time() - c0
    tokens = 0
    for d, s in zip(doc_dirs, stripped, strict=True):
        per_document[Path(d).name]["chars"] = len(s.text)
        result = timed(
            "correct",
            correct,
            s.text,
            s.spans,
            lexicon,
            CorrectConfig(),
            vocabulary,
            doc=Path(d).name,
        )
        tokens += result.tokens
    return {
        **clock,
        "pages": pages,
        "tokens": tokens,
        "documents": len(stripped),
        "chars": sum(len(s.text) for s in stripped),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "per_document": {name: dict(c) for name, c in per_document.items()},
    }


#: Fresh processes that each time the text stages of a tier: the median correct run is reported.
CORRECT_RUNS = 3


def _median_timing(runs: list[dict[str, float]]) -> dict[str, Any]:
    """The run of ``runs`` (``_text_stage_timings``, one per fresh process) whose correct stage
    took the median CPU time, with every run's correct CPU seconds (``correct_cpu_runs``)."""
    ordered = sorted(runs, key=lambda r: r.get("correct_cpu_seconds", 0.0))
    return {
        **ordered[len(ordered) // 2],
        "correct_cpu_runs": [round(r.get("correct_cpu_seconds", 0.0), 3) for r in ordered],
    }


def _dictionary_load(cold: bool) -> float:
    """Spawned process: one dictionary load, from the word lists (cold) or the cached index."""
    from pipeline.lexicon import Lexicon

    t0 = time.perf_counter()
    Lexicon.load(DICTIONARIES, use_cache=not cold)
    return time.perf_counter() - t0


def _in_fresh_process(fn: Any, *args: Any) -> Any:
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        return pool.submit(fn, *args).result()


def ocrmypdf_command() -> list[str] | None:
    """How to run OCRmyPDF here, or None when it is not installed."""
    if importlib.util.find_spec("ocrmypdf") is not None:
        return [sys.executable, "-m", "ocrmypdf"]
    exe = shutil.which("ocrmypdf")
    return [exe] if exe else None


def ocrmypdf_version(cmd: list[str]) -> str:
    out = subprocess.run([*cmd, "--version"], capture_output=True, text=True, check=False)
    return out.stdout.strip() or out.stderr.strip()


def _peer_pdf(doc: ScanDoc) -> Path:
    """OCRmyPDF reads PDFs: a PDF document as it is, page images wrapped losslessly."""
    if doc.plan.fmt == "pdf":
        return doc.input
    import img2pdf  # installed with ocrmypdf

    path = doc.root / "peers" / doc.tier / f"{doc.plan.name}.pdf"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(img2pdf.convert([str(p) for p in doc.plain_images]))
    return path


def run_ocrmypdf(docs: list[ScanDoc], cmd: list[str], out: Path, jobs: int) -> SystemRun:
    """``ocrmypdf --force-ocr --deskew [--clean] --sidecar`` with one job per document and
    ``jobs`` documents at once: the same cores, and one process tree per worker."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    # Only the sidecar text is used, so no output PDF is made (less work, not more).
    options = ["--force-ocr", "--deskew", "--output-type", "none", "--jobs", "1", "--quiet"]
    if shutil.which("unpaper"):
        options.append("--clean")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    run = SystemRun(pages=sum(len(d.pages) for d in docs))
    inputs = {d.plan.name: _peer_pdf(d) for d in docs}

    def one(doc: ScanDoc) -> tuple[str, str | None]:
        sidecar = out / f"{doc.plan.name}.txt"
        args = [*cmd, *options, "--sidecar", str(sidecar)]
        args += [str(inputs[doc.plan.name]), "-"]
        t0 = time.perf_counter()
        status, cpu, stderr = run_timed(args, env)
        run.per_doc[doc.plan.name] = (time.perf_counter() - t0, cpu)
        if status != 0:
            log.warning("ocrmypdf failed on %s: %s", doc.plan.name, stderr.strip()[-500:])
            return doc.plan.name, None
        return doc.plan.name, sidecar.read_text(encoding="utf-8")

    order = sorted(docs, key=lambda d: -len(d.pages))  # longest first: less idle at the end
    with Workers() as mem:
        t0 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            for name, text in pool.map(one, order):
                if text is None:
                    run.failed.append(name)
                else:
                    run.texts[name] = text
        run.seconds = time.perf_counter() - t0
    run.peak_mb, run.cpu_seconds = mem.worker_peak_mb, mem.cpu_seconds
    return run
