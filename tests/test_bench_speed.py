"""How the benchmark times the correct stage (``bench.correct_speed``, for ``bench.bln600``):
loads apart from the timed work, runs that must agree, the median with its spread. Texts:
synthetic sentences with OCR errors (the same classes as ``test_correct_caches``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench import correct_speed
from pipeline.lexicon import Lexicon
from pipeline.stages.correct import correct

ROOT = Path(__file__).parent.parent
_PYCACHE = shutil.ignore_patterns("__pycache__")
TEXTS = [
    "The rnodern negotations went on whereis the delegation wasalsogiven a note.",
    "Goverment officals discused the proposl with the Presidnet and the Ambassadro.",
]


def test_a_timed_run_counts_every_token_and_times_the_loads_apart() -> None:
    first = correct_speed.timed_run(TEXTS)
    lexicon = Lexicon.load()
    assert first["tokens"] == sum(correct(t, None, lexicon).tokens for t in TEXTS)
    assert first["warmup"] > 0 and first["correct"] > 0 and first["load"] > 0
    again = correct_speed.timed_run(TEXTS)  # in this process: everything already loaded
    assert again["digest"] == first["digest"]
    assert correct_speed.timed_run(TEXTS[:1])["digest"] != first["digest"]


def _run(correct_s: float, digest: str = "d") -> dict[str, object]:
    return {"load": 0.05, "vocabulary": 0.1, "warmup": 0.6, "correct": correct_s, "tokens": 1000,
            "digest": digest}  # fmt: skip


def test_the_median_run_is_reported_with_the_slowest_and_fastest() -> None:
    figures = correct_speed.summarise([_run(0.2), _run(0.05), _run(0.1)])
    assert figures["tokens_per_s"] == 10_000
    assert (figures["tokens_per_s_min"], figures["tokens_per_s_max"]) == (5_000, 20_000)
    assert figures["runs"] == 3 and figures["warmup_cpu_seconds"] == 0.6


def test_runs_that_disagree_are_an_error() -> None:
    with pytest.raises(RuntimeError, match="different outputs"):
        correct_speed.summarise([_run(0.1), _run(0.1, "other")])


def test_a_checkout_is_timed_against_another_interleaved(tmp_path: Path) -> None:
    """The other checkout's code is what runs there: a copy of this one gives the same output;
    the copy changed to digest its output otherwise gives another, and is said to."""
    other = tmp_path / "other"
    shutil.copytree(ROOT / "pipeline", other / "pipeline", ignore=_PYCACHE)
    shutil.copytree(ROOT / "bench", other / "bench", ignore=_PYCACHE)
    shutil.copytree(ROOT / "dictionaries", other / "dictionaries")
    same = correct_speed.speed_against(TEXTS[:1], other, runs=1)
    assert same["same_output"] and same["this"]["tokens"] == same["other"]["tokens"]
    assert same["ratio"] > 0 and same["this"]["runs"] == same["other"]["runs"] == 1
    (other / "bench" / "correct_speed.py").write_text(
        (other / "bench" / "correct_speed.py")
        .read_text()
        .replace("digest.update(result.text.encode", "digest.update(result.text.upper().encode")
    )
    assert not correct_speed.speed_against(TEXTS[:1], other, runs=1)["same_output"]
