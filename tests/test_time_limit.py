"""Tesseract's time limit counts the CPU a reading got (``pipeline.engines.time_limit``): a
reading starved by a loaded machine is read again with a longer wall-clock limit; a reading that
had the CPU and ran out fails as before. Synthetic: a reading that waits without working stands
for one starved by other work (session 30: ``bench.uneven_rule`` lost pages to the 300 s
wall-clock limit at a load of 12-17 on 2 cores)."""

from __future__ import annotations

import os
import shutil
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.core.errors import OcrError
from pipeline.engines import tesseract, time_limit
from pipeline.engines.time_limit import TimedOut, within_limit
from tests.conftest import SAMPLE_LINES, render_lines


def _no_cpu() -> float:
    """A CPU clock that never moves: the reading got no CPU at all (deterministic under load)."""
    return 0.0


def _waits_then_reads(wait: float) -> tuple[list[float], Callable[[float], str]]:
    """A reading that sleeps ``wait`` seconds (no CPU: as a starved process) before it is done;
    past its limit it raises ``TimedOut`` when the limit is reached."""
    limits: list[float] = []

    def read(limit: float) -> str:
        limits.append(limit)
        if limit < wait:
            time.sleep(limit)
            raise TimedOut(f"timed out after {limit:g} s")
        time.sleep(wait)
        return "text"

    return limits, read


def test_a_starved_reading_is_read_again_with_a_longer_limit() -> None:
    limits, read = _waits_then_reads(0.3)
    assert within_limit(read, 0.1, _no_cpu, "tesseract") == "text"
    assert limits[0] == 0.1
    assert limits[1] == pytest.approx(0.1 * time_limit.MAX_STRETCH)  # no CPU: stretched most


def test_a_reading_that_had_the_cpu_fails_without_a_retry() -> None:
    calls: list[float] = []

    def busy(limit: float) -> str:
        calls.append(limit)
        time.sleep(limit)
        raise TimedOut("timed out")

    # The clock says the reading had a whole core all along (the wall clock itself): a page
    # too heavy, not a loaded machine.
    with pytest.raises(OcrError, match=r"timed out after 0\.2 s \(0 CPU-s used\)"):
        within_limit(busy, 0.2, time.perf_counter, "tesseract")
    assert calls == [0.2]


def test_a_second_timeout_fails_with_both_limits_named() -> None:
    limits, read = _waits_then_reads(100.0)
    with pytest.raises(OcrError, match=r"timed out after 0\.05 s and again after 0\.8 s"):
        within_limit(read, 0.05, _no_cpu, "tesseract")
    assert limits == [0.05, 0.05 * time_limit.MAX_STRETCH]


def test_other_errors_pass_through_untouched() -> None:
    def broken(limit: float) -> str:
        raise OcrError("tesseract failed (status 1)")

    with pytest.raises(OcrError, match="status 1"):
        within_limit(broken, 1.0, _no_cpu, "tesseract")


def test_the_program_slowed_by_the_machine_still_reads_its_page(monkeypatch, tmp_path) -> None:
    # Real Tesseract behind a start that waits 1.5 s (as a process waiting for a core would):
    # a 1 s wall-clock limit stopped it and failed the page; the retry reads it.
    real = shutil.which("tesseract")
    slow = tmp_path / "tesseract"
    slow.write_text(f'#!/bin/sh\nsleep 1.5\nexec "{real}" "$@"\n')
    slow.chmod(slow.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    image = render_lines(SAMPLE_LINES[:2], dpi=150)
    got = tesseract.recognize_cli(image, dpi=150, timeout=1.0)
    assert "visit" in " ".join(w.text for line in got.lines for w in line.words).lower()


def test_plain_text_gets_the_same_limit(monkeypatch, tmp_path: Path) -> None:
    real = shutil.which("tesseract")
    slow = tmp_path / "tesseract"
    slow.write_text(f'#!/bin/sh\nsleep 1.5\nexec "{real}" "$@"\n')
    slow.chmod(slow.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    page = tmp_path / "p.png"
    render_lines(SAMPLE_LINES[:2], dpi=150).save(page, dpi=(150, 150))
    assert "visit" in tesseract.plain_text(page, timeout=1.0).lower()


def test_the_retry_is_stretched_by_the_share_of_a_core_the_reading_got() -> None:
    limits, read = _waits_then_reads(0.3)

    def quarter() -> float:  # a quarter of a core: a load of 8 on 2 cores
        return 0.25 * time.perf_counter()

    assert within_limit(read, 0.1, quarter, "tesseract") == "text"
    assert limits[1] == pytest.approx(0.4, rel=0.05)


@pytest.mark.skipif(tesseract.interface() == "cli", reason="tesserocr not in use here")
def test_the_api_reads_a_starved_page_again_to_the_same_words(monkeypatch) -> None:
    # The API's reading stopped by its deadline, read again on the same API: the same words as
    # a reading never stopped. "Starved": its CPU clock stands still (deterministic under load).
    image = render_lines(SAMPLE_LINES[:2], dpi=150)
    want = tesseract.recognize_api(image, dpi=150).lines
    monkeypatch.setattr(tesseract, "process_cpu", _no_cpu)
    monkeypatch.setattr(time_limit, "MAX_STRETCH", 100_000.0)  # the retry: 100 s
    got = tesseract.recognize_api(image, dpi=150, timeout=0.001)
    assert [w.text for line in got.lines for w in line.words] == [
        w.text for line in want for w in line.words
    ]
