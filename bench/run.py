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

import contextlib
import importlib.util
import json
import logging
import multiprocessing
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any

import psutil
import typer

from bench import synth
from bench.cpu_pages import SEEDS as CPU_SEEDS
from bench.cpu_pages import TIERS as CPU_TIERS
from bench.cpu_pages import ExtraRun, for_split, run_extra
from bench.material import shared_dir, split_of
from bench.metrics import (
    APPLIED,
    CorrectionScore,
    ErrorCount,
    LineCount,
    Record,
    body_found,
    char_errors,
    furniture_found,
    judge_corrections,
    records_from_diff,
    word_errors,
)
from bench.paired import METHOD as PAIRED_METHOD
from bench.paired import PairedPage, cpu_line, pairing, read_records, summarise
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
from bench.split_speed import run_timed, split_speed
from bench.suites import SUITES, run_suites

log = logging.getLogger("bench")

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
OUT = BENCH / "out"
RESULTS = BENCH / "results.json"
SHARED = shared_dir() or REPO.parent / "shared"
DICTIONARIES = REPO / "dictionaries"
JOBS = 2
SYSTEMS = ("plain", "ocrmypdf", "ocr", "strip", "correct")
LABELS = {
    "plain": "plain tesseract",
    "ocrmypdf": "OCRmyPDF --sidecar",
    "ocr": "ours: OCR (raw.txt)",
    "strip": "ours: + strip",
    "correct": "ours: + correct",
}
PEERS_HINT = (
    "make bench-peers installs it (pip install ocrmypdf; apt-get install ghostscript unpaper)"
)


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


# ---------------------------------------------------------------------------------------------
# Scores of one tier


@dataclass
class TierScore:
    tier: str
    docs: list[ScanDoc]
    chars: dict[str, ErrorCount] = field(default_factory=dict)
    words: dict[str, ErrorCount] = field(default_factory=dict)
    page_chars: dict[str, ErrorCount] = field(default_factory=dict)
    per_doc: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    furniture: dict[str, LineCount] = field(default_factory=dict)  # kind -> (total, read by OCR)
    furniture_left: Counter[str] = field(default_factory=Counter)
    body: LineCount = field(default_factory=LineCount)  # (total, found in raw)
    body_lost_by_strip: int = 0
    removed: Counter[str] = field(default_factory=Counter)
    correction: CorrectionScore = field(default_factory=CorrectionScore)
    applied_on_kept: int = 0  # wrong automatic changes of the originals' own typos
    proposed_on_kept: int = 0
    examples: dict[str, list[str]] = field(default_factory=dict)
    untouched: Counter[tuple[str, str]] = field(default_factory=Counter)
    speed: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def example(self, kind: str, text: str, limit: int = 15) -> None:
        bucket = self.examples.setdefault(kind, [])
        if len(bucket) < limit:
            bucket.append(text)


def score_tier(
    tier: str, docs: list[ScanDoc], runs: dict[str, SystemRun], ours: OursRun
) -> TierScore:
    ts = TierScore(tier, docs)
    texts = {name: run.texts for name, run in runs.items()}
    texts["strip"], texts["correct"] = ours.stripped, ours.clean
    for doc in docs:
        name, gold = doc.plan.name, doc.body_text
        per = ts.per_doc.setdefault(name, {})
        for system, by_doc in texts.items():
            hyp = by_doc.get(name, "")  # a failed document scores as empty text
            c, w = char_errors(hyp, gold), word_errors(hyp, gold)
            ts.chars[system] = ts.chars.get(system, ErrorCount()) + c
            ts.words[system] = ts.words.get(system, ErrorCount()) + w
            per[system] = {"cer": round(c.rate, 4), "wer": round(w.rate, 4)}
            if system in ("plain", "ocrmypdf", "ocr"):
                p = char_errors(hyp, doc.page_text)
                ts.page_chars[system] = ts.page_chars.get(system, ErrorCount()) + p
                per[system]["cer_page"] = round(p.rate, 4)

        raw, stripped = ours.ocr.texts.get(name, ""), ours.stripped.get(name, "")
        # Strip: furniture the OCR read and the strip left; body the OCR read and the strip lost.
        furniture = doc.furniture
        texts_f = [f.text for f in furniture]
        read = furniture_found(texts_f, raw, gold)
        left = furniture_found(texts_f, stripped, gold)
        for f, r, lf in zip(furniture, read, left, strict=True):
            ts.furniture[f.kind] = ts.furniture.get(f.kind, LineCount()) + LineCount(1, int(r))
            if lf:
                ts.furniture_left[f.kind] += 1
                ts.example(f"furniture left ({f.kind})", f"{name}: {f.text!r}")
        in_raw = body_found(doc.body_lines, raw)
        in_stripped = body_found(doc.body_lines, stripped)
        ts.body += LineCount(len(in_raw), sum(in_raw))
        for line, r, s in zip(doc.body_lines, in_raw, in_stripped, strict=True):
            if r and not s:
                ts.body_lost_by_strip += 1
                ts.example("body line lost by strip", f"{name}: {line!r}")
        for rem in ours.removals.get(name, []):
            ts.removed[rem.get("kind", "?")] += 1

        # Correct: every record judged against the gold word at its place.
        judgement = judge_corrections(stripped, gold, ours.corrections.get(name, []))
        ts.correction += judgement.score
        for j in judgement.judged:
            r = j.record
            if j.right or j.neutral:
                continue
            kind = "applied wrong" if r.decision == APPLIED else "proposed wrong"
            if j.original_ok and j.gold.lower() in doc.plan.kept:
                kind += " (the original's own typo, kept in the gold)"
                if r.decision == APPLIED:
                    ts.applied_on_kept += 1
                else:
                    ts.proposed_on_kept += 1
            elif j.original_ok:
                kind += " (word was right)"
            elif not j.gold:
                kind += " (no gold word there: OCR noise or furniture)"
            ts.example(kind, f"{name}: {r.original!r} -> {r.replacement!r}, gold {j.gold!r}")
        ts.untouched.update(judgement.untouched)
    return ts


def tier_speed(
    pages: int, runs: dict[str, SystemRun], ours: OursRun, timing: dict[str, float]
) -> dict[str, Any]:
    """Seconds per page per system and stage (wall clock with the workers, and CPU), pages per
    minute end to end, the correct stage's tokens per second."""
    n = max(1, pages)
    sp: dict[str, Any] = {}
    for name, r in runs.items():
        sp[f"{name}_s_per_page"] = r.seconds / n
        sp[f"{name}_cpu_s_per_page"] = r.cpu_seconds / n
    # Side by side, page by page (bench.paired): the figures the CPU target is judged by.
    sp.update(summarise(ours.paired, ours.start_up_cpu, pages))
    sp["ocr_start_up_cpu_seconds"] = ours.start_up_cpu
    sp["ocr_prepare_cpu_seconds"] = ours.prepare_cpu
    tp = max(1, int(timing["pages"]))
    for stage in ("strip", "correct"):
        sp[f"{stage}_s_per_page"] = timing.get(f"{stage}_seconds", 0.0) / tp
        sp[f"{stage}_cpu_s_per_page"] = timing.get(f"{stage}_cpu_seconds", 0.0) / tp
    # CPU time of the process that ran correct: what the stage costs, whatever else the machine
    # is doing (wall time under other work is not the stage's speed).
    correct_s = timing.get("correct_cpu_seconds", 0.0)
    spread = timing.get("correct_cpu_runs") or [correct_s]
    plain_s = runs["plain"].seconds
    # Plain read its pages in our OCR workers: the batch less its OCR stage, plus ours' pages
    # as the workers took them, is the batch's time without plain.
    total_s = ours.total_seconds - ours.ocr_seconds + runs["ocr"].seconds
    sp.update(
        {
            "plain_pages_per_minute": 60 * n / plain_s if plain_s else None,
            "pages_per_minute": 60 * n / total_s if total_s else None,
            "end_to_end_seconds": total_s,
            "batch_seconds_with_plain": ours.total_seconds,
            "batch_text_stages_s_per_page": ours.text_seconds / n,
            "tokens_per_second": timing["tokens"] / correct_s if correct_s else None,
            "correct_tokens": timing["tokens"],
            "correct_cpu_seconds": correct_s,
            # the slowest and the fastest of the fresh-process runs (the figure is the median)
            "tokens_per_second_min": timing["tokens"] / spread[-1] if spread[-1] else None,
            "tokens_per_second_max": timing["tokens"] / spread[0] if spread[0] else None,
            "correct_runs": len(spread),
            "correct_warmup_cpu_seconds": timing.get("correct_warmup_cpu_seconds"),
            "correct_documents": timing.get("documents"),
            "correct_chars": timing.get("chars"),
            "dictionary_load_seconds": timing.get("dictionary_load_seconds"),
            "text_stages_peak_mb": timing["peak_mb"],
        }
    )
    return sp


# ---------------------------------------------------------------------------------------------
# Output


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.2f}%"


def _num(x: float | None, fmt: str = ".2f") -> str:
    return "-" if x is None else format(x, fmt)


def _ratio(x: float | None, base: float | None) -> str:
    return "-" if x is None or not base else f"x{x / base:.2f}"


def tier_table(ts: TierScore, runs: dict[str, SystemRun]) -> str:
    sp = ts.speed
    pages = sum(len(d.pages) for d in ts.docs)
    fmts = Counter(d.plan.fmt.upper() for d in ts.docs)
    head = (
        f"== tier {ts.tier}: {len(ts.docs)} documents, {pages} pages "
        f"({', '.join(f'{k} {v}' for k, v in sorted(fmts.items()))}; "
        f"fonts {', '.join(sorted({d.plan.font for d in ts.docs}))}; "
        f"styles {', '.join(sorted({d.plan.style for d in ts.docs}))}) =="
    )
    plain_s, plain_cpu = sp.get("plain_s_per_page"), sp.get("plain_cpu_s_per_page")
    rows = [("", "CER", "WER", "CER page", "s/page", "/plain", "CPU s/page", "/plain", "MB/worker")]
    for system in SYSTEMS:
        if system not in ts.chars:
            continue
        s_page, cpu = sp.get(f"{system}_s_per_page"), sp.get(f"{system}_cpu_s_per_page")
        ocr = system in ("ocr", "ocrmypdf")
        mem = runs[system].peak_mb if system in runs else None
        rows.append(
            (
                LABELS[system],
                _pct(ts.chars[system].rate),
                _pct(ts.words[system].rate),
                _pct(ts.page_chars[system].rate) if system in ts.page_chars else "-",
                _num(s_page, ".3f"),
                _ratio(s_page, plain_s) if ocr else "",
                _num(cpu, ".3f"),
                _ratio(cpu, plain_cpu) if ocr else "",
                _num(mem, ".0f"),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [head]
    for r in rows:
        lines.append(
            "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r))
        )
    if sp.get("cpu_pages"):
        lines.append(cpu_line(sp, "this table's"))
    fur_total = sum(c.total for c in ts.furniture.values())
    fur_read = sum(c.found for c in ts.furniture.values())
    by_kind = ", ".join(
        f"{k} {ts.furniture_left[k]}/{c.found}" for k, c in sorted(ts.furniture.items())
    )
    lines.append(
        f"strip:   furniture lines {fur_total}, read by OCR {fur_read}, left after strip "
        f"{sum(ts.furniture_left.values())} (left/read: {by_kind or 'none'}); body lines "
        f"{ts.body.total}, lost by OCR {ts.body.total - ts.body.found}, lost by strip "
        f"{ts.body_lost_by_strip}"
    )
    c = ts.correction
    # Precision without the originals' own typos: the gold keeps them, a spelling corrector
    # cannot know they were on the paper; both numbers are honest, they answer different questions.
    typos = c.applied_wrong - ts.applied_on_kept
    fair = c.applied_right / (c.applied_right + typos) if c.applied_right + typos else None
    lines.append(
        f"correct: applied {c.applied_right + c.applied_wrong + c.applied_neutral}: right "
        f"{c.applied_right}, neutral {c.applied_neutral}, wrong {c.applied_wrong} (on right "
        f"words {c.applied_damaging}, of which the originals' own typos {ts.applied_on_kept}); "
        f"precision {_pct(c.precision)} ({_pct(fair)} leaving the originals' typos out)"
    )
    lines.append(
        f"         proposed {c.proposed_right + c.proposed_wrong + c.proposed_neutral}: right "
        f"{c.proposed_right}, neutral {c.proposed_neutral}, wrong {c.proposed_wrong} (on right "
        f"words {c.proposed_on_correct}, of which the originals' own typos "
        f"{ts.proposed_on_kept}); word errors given {c.errors_before}, untouched "
        f"{c.errors_untouched}" + (f"; {c.unlocated} records unlocated" if c.unlocated else "")
    )
    lines.append(
        f"speed:   end to end {_num(sp.get('pages_per_minute'), '.1f')} pages/min, plain "
        f"tesseract {_num(sp.get('plain_pages_per_minute'), '.1f')} (time ours/plain "
        f"{_ratio(sp.get('plain_pages_per_minute'), sp.get('pages_per_minute'))}); correct "
        f"{_num(sp.get('tokens_per_second'), ',.0f')} tokens/s (CPU time, one core, median of "
        f"{sp.get('correct_runs', 1)} fresh processes, slowest "
        f"{_num(sp.get('tokens_per_second_min'), ',.0f')}, fastest "
        f"{_num(sp.get('tokens_per_second_max'), ',.0f')}: "
        f"{sp.get('correct_tokens', 0):,} tokens, {sp.get('correct_chars') or 0:,} characters of "
        f"this tier's stripped text, {sp.get('correct_documents') or 0} documents, in "
        f"{_num(sp.get('correct_cpu_seconds'), '.2f')} s; first-use loads apart, "
        f"{_num(sp.get('correct_warmup_cpu_seconds'), '.2f')} s); dictionary load "
        f"{_num(sp.get('dictionary_load_seconds'), '.2f')} s (cached index); text stages "
        f"peak {_num(sp.get('text_stages_peak_mb'), '.0f')} MB (one process); {JOBS} workers"
    )
    for note in ts.notes:
        lines.append(f"note:    {note}")
    return "\n".join(lines)


def tier_json(ts: TierScore, runs: dict[str, SystemRun]) -> dict[str, Any]:
    systems = {}
    for system in ts.chars:
        entry: dict[str, Any] = {
            "cer": round(ts.chars[system].rate, 5),
            "wer": round(ts.words[system].rate, 5),
            "char_edits": ts.chars[system].edits,
            "word_edits": ts.words[system].edits,
        }
        if system in ts.page_chars:
            entry["cer_page"] = round(ts.page_chars[system].rate, 5)
        if system in runs:
            entry["failed"] = sorted(runs[system].failed)
            entry["peak_mb_per_worker"] = _round(runs[system].peak_mb)
        systems[system] = entry
    c = ts.correction
    return {
        "documents": len(ts.docs),
        "pages": sum(len(d.pages) for d in ts.docs),
        "reference_chars": ts.chars["ocr"].length if "ocr" in ts.chars else 0,
        "reference_words": ts.words["ocr"].length if "ocr" in ts.words else 0,
        "systems": systems,
        "strip": {
            "furniture_lines": {k: v.total for k, v in sorted(ts.furniture.items())},
            "furniture_read_by_ocr": {k: v.found for k, v in sorted(ts.furniture.items())},
            "furniture_left": {k: ts.furniture_left[k] for k in sorted(ts.furniture)},
            "body_lines": ts.body.total,
            "body_lines_lost_by_ocr": ts.body.total - ts.body.found,
            "body_lines_lost_by_strip": ts.body_lost_by_strip,
            "removed_by_kind": dict(sorted(ts.removed.items())),
        },
        "correct": {
            **c.__dict__,
            "applied_on_kept_typos": ts.applied_on_kept,
            "proposed_on_kept_typos": ts.proposed_on_kept,
            "precision": _round(c.precision, 4),
        },
        "speed": {k: _round(v) for k, v in sorted(ts.speed.items())},
        "per_document": ts.per_doc,
        "notes": ts.notes,
    }


def _round(x: Any, digits: int = 3) -> Any:
    """A number rounded to ``digits``; anything else (a verdict, None) as it is."""
    return round(x, digits) if isinstance(x, float) else x


def error_sources(scores: list[TierScore]) -> str:
    """Markdown for people: what is still wrong, by stage and kind, with examples."""
    out = [
        "# Remaining error sources",
        "",
        "Written by `python -m bench.run`; the first few examples of each kind, per tier.",
        "",
    ]
    for ts in scores:
        out += [f"## {ts.tier}", ""]
        worst = sorted(ts.per_doc.items(), key=lambda kv: -kv[1].get("correct", {}).get("cer", 0))
        out.append(
            "Worst documents (CER after correct): "
            + ", ".join(f"{n} {_pct(v.get('correct', {}).get('cer'))}" for n, v in worst[:5])
        )
        out.append("")
        for kind, items in sorted(ts.examples.items()):
            out.append(f"### {kind}")
            out += [f"- {i}" for i in items]
            out.append("")
        if ts.untouched:
            out.append("### word errors the correct stage did not touch (most frequent)")
            out += [f"- {a!r} (gold {b!r}) x{n}" for (a, b), n in ts.untouched.most_common(25)]
            out.append("")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# Real OCR text without gold


def real_inputs(profile: Profile) -> list[Path]:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    talbott = sorted((SHARED / "corpus" / "talbott").glob("*.txt"))[: profile.talbott]
    jfk = [SHARED / "corpus" / "jfk" / n for n in profile.jfk]
    return [p for p in [*seeds, *talbott, *jfk] if p.is_file()]


def run_real(profile: Profile, jobs: int) -> dict[str, Any] | None:
    """Run the batch over real OCR text and write ``bench/out/real-report.md``."""
    from pipeline.core.config import RunConfig
    from pipeline.runner import run_batch

    sources = real_inputs(profile)
    if not sources:
        print(f"real OCR text: skipped ({SHARED} not found)")
        return None
    inputs = OUT / profile.name / "real-inputs"
    out = OUT / profile.name / "real"
    shutil.rmtree(inputs, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    inputs.mkdir(parents=True)
    for src in sources:  # the batch reads .txt; the JFK texts come as .md
        shutil.copyfile(src, inputs / f"{src.stem}.txt")
    report = run_batch(
        [inputs],
        RunConfig(out_dir=out, jobs=jobs, dictionaries=DICTIONARIES, reviews=OUT / "reviews"),
    )
    summary: dict[str, Any] = {}
    lines = [
        "# Real OCR text: what the pipeline removed and proposed",
        "",
        f"Written by `python -m bench.run` ({profile.name}). No gold: these are real OCR texts "
        "(the seed cable, Talbott FOIA documents, JFK releases) run through the batch without OCR "
        "(text input), for a person to judge what was removed and what was corrected.",
        "",
        "| document | source | pages | chars in | chars out | removed | applied | proposed | "
        "manual pages |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    details: list[str] = []
    for src in sources:
        name = src.stem
        folder = out / name
        doc = next((d for d in report.documents if d.name == name), None)
        if doc is None or doc.status != "done":
            reason = doc.reason if doc else "not run"
            lines.append(f"| {name} | {_short(src)} | - | - | - | failed: {reason} | | | |")
            summary[name] = {"status": "failed", "reason": reason}
            continue
        removed = _read_removals(folder / "removed.jsonl")
        corrections = _read_jsonl(folder / "corrections.jsonl")
        meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
        manual = [p.get("page") for p in meta.get("manual_transcription") or []]
        kinds = Counter(r.get("kind", "?") for r in removed)
        applied = [c for c in corrections if c["decision"] == APPLIED]
        proposed = [c for c in corrections if c["decision"] != APPLIED]
        chars_in = len(src.read_text(encoding="utf-8"))
        chars_out = len((folder / "clean.txt").read_text(encoding="utf-8"))
        kinds_s = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) or "nothing"
        lines.append(
            f"| {name} | {_short(src)} | {doc.pages} | {chars_in} | {chars_out} | {kinds_s} | "
            f"{len(applied)} | {len(proposed)} | {', '.join(map(str, manual)) or '-'} |"
        )
        summary[name] = {
            "pages": doc.pages,
            "chars_in": chars_in,
            "chars_out": chars_out,
            "removed": dict(sorted(kinds.items())),
            "applied": len(applied),
            "proposed": len(proposed),
            "manual_pages": manual,
        }
        details += [f"## {name}", "", f"Source: `{_short(src)}`", ""]
        details.append(f"### Removed ({len(removed)})")
        details += [
            f"- p{r.get('page')} l{r.get('line')} **{r.get('kind')}** `{_cut(r.get('text', ''))}`"
            f" - {r.get('evidence', '')}"
            for r in removed[:60]
        ]
        if len(removed) > 60:
            details.append(f"- ... and {len(removed) - 60} more (see {folder}/removed.jsonl)")
        details += ["", f"### Applied corrections ({len(applied)})"]
        details += [
            f"- `{c['original']}` -> `{c['replacement']}` ({c.get('reason', '')}): "
            f"_{_cut(c.get('context', ''))}_"
            for c in applied
        ]
        details += ["", f"### Proposed for review ({len(proposed)})"]
        details += [
            f"- `{c['original']}` -> "
            + " / ".join(f"`{t}`" for t, _ in c.get("candidates", [])[:3])
            + f" ({c.get('reason', '')})"
            for c in proposed[:60]
        ]
        if len(proposed) > 60:
            details.append(f"- ... and {len(proposed) - 60} more")
        if manual:
            details += ["", f"Pages flagged for manual transcription: {manual}"]
        details.append("")
    path = OUT / "real-report.md"
    path.write_text("\n".join([*lines, "", *details]), encoding="utf-8")
    print(f"real OCR text: {len(sources)} documents, report in {path.relative_to(REPO)}")
    return summary


def _short(path: Path) -> str:
    try:
        return str(path.relative_to(SHARED.parent))
    except ValueError:
        return path.name


def _cut(text: str, n: int = 120) -> str:
    text = " ".join(str(text).split()).replace("`", "'")
    return text if len(text) <= n else text[: n - 3] + "..."


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
