"""Start-up cost: CPU seconds before the first page, in fresh interpreters with a warm cache.

Run as ``python -m bench.startup`` (``make bench`` runs it first). Measures, each in a new
subprocess (the median of ``--repeat`` runs, user + system CPU of the child as
``resource.getrusage(RUSAGE_CHILDREN)`` reports it, interpreter start-up included):

* ``python``: an empty interpreter, for reference;
* ``import pipeline.cli``: what every command pays;
* ``lexicon load``: ``import pipeline.lexicon`` plus ``Lexicon.load()`` of the shipped
  dictionaries from the warm index cache (warmed first, in the same cache folder);
* ``imports + dictionaries``: in one interpreter, import the CLI and the runner (with every
  stage of ``STAGES``) and load the dictionaries — issue 10's "imports and dictionary load
  before the first page", the budgeted figure;
* ``before the first page``: that plus the OCR engine's start-up check (``tesseract --version``,
  ``--list-langs``, the hash of the language data and the Tesseract API's version check: the
  child processes' CPU counts too), reported beside it;
* ``before the OCR workers fork``: that plus what the OCR stage does in this process before
  its local pool forks (``stages.ocr._prepare_workers``: the modules every page goes through
  and Tesseract's model, loaded once for the workers to inherit), reported beside it: the
  main process's share of a run's OCR CPU (``bench.ocr_tiers speed`` counts it per page).

Exits 1 when "imports + dictionaries" exceeds the budget (issue 10: 0.3 CPU-s on the reference
machine).
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

log = logging.getLogger(__name__)

BUDGET_S = 0.3
REPO = Path(__file__).resolve().parent.parent
CASES = {
    "python": "pass",
    "import pipeline.cli": "import pipeline.cli",
    "lexicon load": "from pipeline.lexicon import Lexicon; Lexicon.load()",
    "imports + dictionaries": (
        "import pipeline.cli, pipeline.runner; from pipeline.lexicon import Lexicon; Lexicon.load()"
    ),
    "before the first page": (
        "import pipeline.cli, pipeline.runner; from pipeline.lexicon import Lexicon; "
        "Lexicon.load(); from pipeline import engines; engines.get('tesseract').check('eng')"
    ),
    "before the OCR workers fork": (
        "import pipeline.cli, pipeline.runner; from pipeline.lexicon import Lexicon; "
        "Lexicon.load(); from pipeline import engines; engines.get('tesseract').check('eng'); "
        "from pipeline.core.config import OcrSettings; from pipeline.stages import ocr; "
        "ocr._prepare_workers(OcrSettings(), local=True)"
    ),
}
#: The budgeted case: issue 10's "imports and dictionary load before the first page".
BUDGETED = "imports + dictionaries"


def cpu_seconds(code: str, env: dict[str, str]) -> float:
    """User + system CPU seconds of one fresh ``python -c code`` (raises if it fails)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(repeat: int = 5) -> dict[str, float]:
    """Median CPU seconds of each case (``CASES``), after warming the index cache."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cpu_seconds(CASES["lexicon load"], env)  # builds the index if the cache is cold
    return {
        name: statistics.median(cpu_seconds(code, env) for _ in range(repeat))
        for name, code in CASES.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per case (the median)")
    args = parser.parse_args(argv)
    figures = measure(args.repeat)
    total = figures[BUDGETED]
    print(f"{'start-up (CPU s, median of ' + str(args.repeat) + ')':<34} {'s':>6}")
    for name, seconds in figures.items():
        budget = f"  (budget {BUDGET_S:.2f})" if name == BUDGETED else ""
        print(f"{name:<34} {seconds:6.3f}{budget}")
    if total > BUDGET_S:
        print(f"over budget by {total - BUDGET_S:.3f} CPU-s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
