"""How ``bench.bln600`` times the correct stage (split from it by job): the stage over a list of
texts in fresh processes, everything it loads on first use loaded before the clock starts
(their CPU seconds apart); the median run's tokens per CPU-second with the slowest and the
fastest; and this checkout against another in interleaved runs, with whether the two gave the
same output (a speed change must change no decision).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

#: Fresh processes timing the stage over a split (``speed``), median and spread reported: 7, as
#: one quiet machine gave 14,213-19,364 tokens/s on dev in 8 (not the hash seed).
SPEED_RUNS = 7


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
    return summarise([fresh_run(texts) for _ in range(runs)])


def fresh_run(texts: list[str]) -> dict[str, float]:
    """``timed_run(texts)`` in a fresh (spawned) process of this checkout."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        return pool.submit(timed_run, texts).result()


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


#: What ``timed_run_in`` runs in another checkout: its own ``timed_run`` on the texts given.
_OTHER_RUN = (
    "import json, sys\n"
    "try:\n    from bench.correct_speed import timed_run\n"
    "except ImportError:  # a checkout from before this module: timed_run was bench.bln600's\n"
    "    from bench.bln600 import timed_run\n"
    "print(json.dumps(timed_run(json.loads(open(sys.argv[1], encoding='utf-8').read()))))"
)


def timed_run_in(checkout: Path, texts: list[str]) -> dict[str, float]:
    """``timed_run`` of another checkout (a folder with ``pipeline/`` and ``bench/``, such as
    main's) over ``texts``, in a fresh process importing that checkout's code first. Raises
    ``subprocess.CalledProcessError`` when it fails."""
    import os
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        (path := Path(tmp) / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(checkout)}
        done = subprocess.run([sys.executable, "-c", _OTHER_RUN, str(path)], cwd=checkout,
                              env=env, capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def speed_against(texts: list[str], other: Path, runs: int = SPEED_RUNS) -> dict[str, Any]:
    """This checkout's speed and ``other``'s over ``texts``, measured interleaved (run 1 here,
    run 1 there, run 2 here ...: a shared machine's load falls on both alike): ``summarise``'s
    figures for each, ``ratio`` (the other's median CPU seconds over this one's: above 1, this
    checkout is faster) and ``same_output`` (the two gave the same text and records)."""
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(fresh_run(texts))
        theirs.append(timed_run_in(other, texts))
    here, there = summarise(ours), summarise(theirs)
    return {
        "this": here,
        "other": there,
        "ratio": round(there["correct_cpu_seconds"] / here["correct_cpu_seconds"], 3),
        "same_output": ours[0]["digest"] == theirs[0]["digest"],
    }
