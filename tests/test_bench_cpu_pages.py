"""Issue 13's CPU comparison with more pages and per-split speed columns: the median's bootstrap
interval and verdict (``bench.paired``), the extra renderings' plans (``bench.cpu_pages``), each
split's seconds a page from its own documents and OCRmyPDF timed document by document
(``bench.split_speed``). Hand-made records; no timing is asserted beyond a process burning CPU."""

from __future__ import annotations

import doctest
import sys

from bench import cpu_pages, paired, split_speed
from bench.cpu_pages import ExtraRun, cpu_plans, for_split, source
from bench.paired import PairedPage, cpu_line, median_interval, summarise, verdict
from bench.scans import FULL, doc_plans
from bench.split_speed import run_timed


def _page(doc: str, ours: float, plain: float = 1.0) -> PairedPage:
    return PairedPage(doc, 1, "plain", ours, plain, ours, plain, "text")


def test_the_bench_modules_examples_hold() -> None:
    for module in (cpu_pages, paired, split_speed):
        assert doctest.testmod(module).failed == 0


def test_more_pages_narrow_the_medians_interval_enough_to_call_it() -> None:
    # Ratios spread as session 30's medium test pages (quartiles x0.95-x1.08), centred at 0.96:
    # 13 pages cannot call x1.0, three times as many can.
    spread = [0.88, 0.91, 0.93, 0.95, 0.96, 0.96, 0.97, 0.98, 1.0, 1.02, 1.04, 1.06, 1.08]
    lo13, hi13 = median_interval([r - 0.01 for r in spread])
    lo39, hi39 = median_interval([r + d for r in spread for d in (-0.02, -0.01, 0.0)])
    assert verdict(lo13, hi13) == "not decided"
    assert hi39 - lo39 < hi13 - lo13
    assert verdict(lo39, hi39) == "met"


def test_the_verdict_and_interval_are_in_the_figures_and_the_line() -> None:
    got = summarise([_page("a", 1.2), _page("b", 1.3), _page("c", 1.25)], 0.0, 3)
    assert got["cpu_ratio_median_low"] <= got["cpu_ratio_median"] <= got["cpu_ratio_median_high"]
    assert got["cpu_verdict"] == "missed"
    got["cpu_extra_pages"] = 2
    line = cpu_line(got, "this split's")
    assert "3 pages (2 of them its texts rendered again, read for CPU only)" in line
    assert "95 % interval x1.20-x1.30: x1.0 missed" in line


def test_extra_renderings_are_new_seeds_and_faces_of_the_same_texts() -> None:
    plans = doc_plans(FULL)[:4]
    extra = cpu_plans(plans, 2)
    assert len(extra) == 8
    assert [source(p.name) for p in extra] == [p.name for p in plans] * 2
    assert len({p.seed for p in extra} | {p.seed for p in plans}) == 12
    for p, e in zip(plans, extra, strict=False):
        assert e.font != p.font and (e.style, e.fmt, e.file) == (p.style, p.fmt, p.file)


def test_each_split_times_its_own_documents() -> None:
    records = [_page("dev1", 2.0, 2.0), _page("test1", 1.0, 4.0)]
    timing = {
        "per_document": {
            "dev1": {"pages": 1, "chars": 300, "strip_cpu_seconds": 0.3, "correct_cpu_seconds": 1},
            "test1": {"pages": 1, "chars": 100, "strip_cpu_seconds": 0.1, "correct_cpu_seconds": 2},
        },
        "vocabulary_cpu_seconds": 0.4,
    }
    ocrmypdf = {"dev1": (10.0, 6.0), "test1": (20.0, 12.0)}
    dev = split_speed.split_speed({"dev1"}, 1, records, 0.0, 2, ocrmypdf, timing)
    test = split_speed.split_speed({"test1"}, 1, records, 0.0, 2, ocrmypdf, timing)
    assert (dev["ocr_cpu_s_per_page"], test["ocr_cpu_s_per_page"]) == (2.0, 1.0)
    assert (dev["plain_s_per_page"], test["plain_s_per_page"]) == (1.0, 2.0)
    assert (dev["ocrmypdf_cpu_s_per_page"], test["ocrmypdf_cpu_s_per_page"]) == (6.0, 12.0)
    assert dev["strip_cpu_s_per_page"] == 0.3
    assert dev["correct_cpu_s_per_page"] == 1.0 + 0.3  # three quarters of the vocabulary


def test_a_program_is_timed_with_its_own_process_tree() -> None:
    burn = "import subprocess, sys; subprocess.run([sys.executable, '-c', 'sum(range(10**7))'])"
    status, cpu, err = run_timed([sys.executable, "-c", burn + "; sys.exit(3)"], {})
    assert status == 3 and err == ""
    assert cpu > 0.05  # the grandchild's work is counted


def test_each_split_carries_only_its_own_extra_pages_and_seconds() -> None:
    # The extra renderings are the test split's texts: the dev split's figures got their
    # render and batch seconds all the same (session 31's note: bench/run.py, dev CPU figures).
    extra = ExtraRun([_page(d, 1.0) for d in ("t1_cpu1", "t1_cpu2", "t2_cpu1")], 6.0, 3.0)
    assert for_split(extra, {"d1", "d2"}) is None
    whole = for_split(extra, {"t1", "t2"})
    assert whole is not None and (whole.render_seconds, whole.batch_seconds) == (6.0, 3.0)
    part = for_split(extra, {"t1"})
    assert part is not None and len(part.paired) == 2
    assert (part.render_seconds, part.batch_seconds) == (4.0, 2.0)
