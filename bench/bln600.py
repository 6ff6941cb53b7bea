"""The correct stage on BLN600: real OCR of 19th-century British newspapers with human gold.

``shared/corpus/bln600/train.csv`` (Booth, Thomas and Gaizauskas 2024; MIT) holds one row per
passage: ``Sample ID``, ``OCR Text``, ``Ground Truth``. A document is one Sample ID, its
passages joined by newlines in file order. The split is ``bench/splits.json``'s ``bln600`` entry
(by hash of the id); figures are given per split, the test split being the held-out one.

The correct stage runs directly on the OCR text (``pipeline.stages.correct.correct``; no strip,
this is not page text), with the split's documents as the batch vocabulary, as a batch run would
have. Scored with ``bench.metrics``: WER before and after, applied precision, and what a reviewer
lives with (``reviewer_figures``). The gold normalises some things the corrector cannot know
(long s, hyphenation, quotes), so WER after is a floor, not a target.

Speed (``speed``) is measured apart from the scoring: the split corrected in ``--runs`` fresh
processes, each with the dictionaries, the batch vocabulary and everything the stage loads on
first use loaded before the clock starts (their CPU seconds reported apart); the median run's
tokens per CPU-second, with the slowest and the fastest.

    python -m bench.bln600 [--split test] [--limit N] [--runs 3]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.material import SPLIT_NAMES, documents, shared_dir
from bench.metrics import (
    APPLIED,
    REVIEWER_ROWS,
    CorrectionScore,
    ErrorCount,
    Record,
    judge_corrections,
    pct,
    reviewer_figures,
    word_errors,
)


@dataclass(frozen=True)
class Doc:
    sample_id: str
    ocr: str
    gold: str


def read_bln600(path: Path) -> dict[str, Doc]:
    """``train.csv`` -> ``{Sample ID: Doc}`` (passages joined with newlines, file order).
    Raises ``FileNotFoundError`` when the file is missing and ``KeyError`` for a missing
    column."""
    csv.field_size_limit(1 << 30)
    ocr: dict[str, list[str]] = defaultdict(list)
    gold: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            ocr[row["Sample ID"]].append(row["OCR Text"])
            gold[row["Sample ID"]].append(row["Ground Truth"])
    return {k: Doc(k, "\n".join(ocr[k]), "\n".join(gold[k])) for k in ocr}


def _csv_path() -> Path | None:
    shared = shared_dir()
    path = shared / "corpus" / "bln600" / "train.csv" if shared else None
    return path if path and path.is_file() else None


def evaluate(docs: list[Doc]) -> dict[str, Any]:
    """Correct every document of ``docs`` and score it against its gold. Returns WER before
    and after (micro-averaged), the reviewer figures and up to 20 wrong changes (speed is
    ``speed``'s, measured apart)."""
    from pipeline.lexicon import Lexicon
    from pipeline.stages.correct import BatchVocabulary, correct

    lexicon = Lexicon.load()
    vocab = BatchVocabulary.from_documents([d.ocr for d in docs])
    before = after = ErrorCount(0, 0)
    score = CorrectionScore()
    wrong: list[str] = []
    for d in docs:
        result = correct(d.ocr, None, lexicon, vocabulary=vocab)
        records = [Record.from_correction(c) for c in result.corrections]
        judgement = judge_corrections(d.ocr, d.gold, records)
        score += judgement.score
        before += word_errors(d.ocr, d.gold)
        after += word_errors(result.text, d.gold)
        wrong += [
            f"{d.sample_id}: {j.record.original} -> {j.record.replacement} (gold {j.gold!r})"
            for j in judgement.judged
            if j.record.decision == APPLIED and j.located and not j.right and not j.neutral
        ]
    words = sum(len(d.gold.split()) for d in docs)
    return {
        "documents": len(docs),
        "wer_before": round(before.rate, 4),
        "wer_after": round(after.rate, 4),
        "reviewer": reviewer_figures(score, words),
        "chars": sum(len(d.ocr) for d in docs),
        "wrong_changes": wrong[:20],
    }


#: Fresh processes that each time the correct stage over a split (``speed``): the median is
#: reported, with the spread.
SPEED_RUNS = 3


def timed_run(texts: list[str]) -> dict[str, float]:
    """Spawned process: the correct stage over ``texts`` (one batch) as a batch run meets it,
    its CPU seconds (process time: one core, whatever else the machine does) in parts. ``load``:
    the dictionaries (``Lexicon.load``, cached index); ``vocabulary``: the batch vocabulary;
    ``warmup``: importing the stage and what it loads on first use (``dictionary.preload``:
    tables read into memory, wordninja, wordfreq, the calibration model); ``correct``: every
    ``correct`` call, with nothing left to load. Also the tokens and a digest of the output
    (runs must agree)."""
    import hashlib

    clock = time.process_time
    t0 = clock()
    from pipeline.lexicon import Lexicon

    lexicon = Lexicon.load()
    t1 = clock()
    from pipeline.stages.correct import BatchVocabulary, correct
    from pipeline.stages.correct.dictionary import preload

    vocab = BatchVocabulary.from_documents(texts)
    t2 = clock()
    preload(lexicon)
    t3 = clock()
    tokens = 0
    digest = hashlib.sha256()
    for text in texts:
        result = correct(text, None, lexicon, vocabulary=vocab)
        tokens += result.tokens
        digest.update(result.text.encode("utf-8"))
        digest.update(repr([c.to_dict() for c in result.corrections]).encode("utf-8"))
    t4 = clock()
    return {
        "load": t1 - t0,
        "vocabulary": t2 - t1,
        "warmup": t3 - t2,
        "correct": t4 - t3,
        "tokens": tokens,
        "digest": digest.hexdigest(),
    }


def speed(texts: list[str], runs: int = SPEED_RUNS) -> dict[str, Any]:
    """Tokens per CPU-second of the correct stage over ``texts``, each of ``runs`` runs in a
    fresh process (``timed_run``: no cache of an earlier run helps, no other work's memory
    slows the collector): ``summarise``'s figures."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")
    done = []
    for _ in range(runs):
        with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            done.append(pool.submit(timed_run, texts).result())
    return summarise(done)


def summarise(done: list[dict[str, Any]]) -> dict[str, Any]:
    """``speed``'s figures from its runs (``timed_run`` results, at least one): the median
    run's tokens per CPU-second, the slowest and the fastest, the loads apart. Raises
    ``RuntimeError`` when two runs' outputs differ."""
    import statistics

    runs = len(done)
    if len({r["digest"] for r in done}) > 1:
        raise RuntimeError("the correct stage gave different outputs in two runs")
    tokens = done[0]["tokens"]
    rates = sorted(tokens / r["correct"] for r in done if r["correct"])
    return {
        "tokens_per_s": round(statistics.median(rates)) if rates else None,
        "tokens_per_s_min": round(rates[0]) if rates else None,
        "tokens_per_s_max": round(rates[-1]) if rates else None,
        "runs": runs,
        # what the speed was measured on: CPU seconds of ``correct`` (process time, one core,
        # everything loaded first) over these tokens; the loads' CPU seconds apart
        "correct_cpu_seconds": round(statistics.median(r["correct"] for r in done), 3),
        "tokens": tokens,
        "load_cpu_seconds": round(statistics.median(r["load"] for r in done), 3),
        "vocabulary_cpu_seconds": round(statistics.median(r["vocabulary"] for r in done), 3),
        "warmup_cpu_seconds": round(statistics.median(r["warmup"] for r in done), 3),
    }


def run_bln600(
    splits: tuple[str, ...] = SPLIT_NAMES, limit: int | None = None, runs: int = SPEED_RUNS
) -> dict[str, Any] | None:
    """``{split: evaluate(...) | speed(...)}`` for ``splits`` (the first ``limit`` documents of
    each, in splits.json order, when given; ``runs`` timed runs, 0 for none); None when BLN600
    is not on this machine."""
    path = _csv_path()
    if path is None:
        print("BLN600: skipped (shared/corpus/bln600/train.csv not found)", file=sys.stderr)
        return None
    corpus = read_bln600(path)
    out: dict[str, Any] = {}
    for split in splits:
        ids = [i for i in documents("bln600", split) if i in corpus][:limit]  # type: ignore[arg-type]
        docs = [corpus[i] for i in ids]
        out[split] = evaluate(docs)
        if runs:
            out[split].update(speed([d.ocr for d in docs], runs))
        if limit:
            out[split]["limit"] = limit
    return out


def table(figures: dict[str, Any]) -> str:
    """BLN600 figures as a plain-text table, one column per split."""
    rows = [
        ("documents", lambda f: f["documents"]),
        ("WER before -> after", lambda f: f"{pct(f['wer_before'])} -> {pct(f['wer_after'])}"),
        *REVIEWER_ROWS,
        ("tokens/s (CPU, one core; median)", lambda f: f.get("tokens_per_s")),
        (
            "  slowest - fastest run",
            lambda f: f"{f.get('tokens_per_s_min')} - {f.get('tokens_per_s_max')}",
        ),
        ("  runs (fresh processes)", lambda f: f.get("runs")),
        ("  measured on", lambda f: f"{f.get('tokens', 0):,} tokens"),
        ("  of OCR text", lambda f: f"{f.get('chars', 0):,} chars"),
        ("  CPU seconds (median)", lambda f: f.get("correct_cpu_seconds")),
        ("  apart: warm-up CPU-s", lambda f: f.get("warmup_cpu_seconds")),
        ("  apart: vocabulary CPU-s", lambda f: f.get("vocabulary_cpu_seconds")),
        ("  apart: dictionary load CPU-s", lambda f: f.get("load_cpu_seconds")),
    ]
    splits = [s for s in SPLIT_NAMES if s in figures]
    width = max(len(r[0]) for r in rows) + 2
    out = ["BLN600 (real OCR, human gold)".ljust(width) + "".join(f"{s:>18}" for s in splits)]
    for label, get in rows:
        out.append(label.ljust(width) + "".join(f"{get(figures[s])!s:>18}" for s in splits))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=[*SPLIT_NAMES, "both"], default="both")
    parser.add_argument("--limit", type=int, default=None, help="first N documents of each split")
    parser.add_argument(
        "--runs", type=int, default=SPEED_RUNS, help="timed runs (fresh processes); 0: none"
    )
    args = parser.parse_args(argv)
    splits = SPLIT_NAMES if args.split == "both" else (args.split,)
    figures = run_bln600(splits, args.limit, args.runs)
    if figures is None:
        return 1
    print(table(figures))
    print(json.dumps(figures, indent=1, ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
