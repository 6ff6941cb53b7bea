"""Batch behaviour: reproducible bytes, incremental re-runs, crash safety, one run at a time."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock

from pipeline.batch import LOCK_NAME, run_batch
from pipeline.config import RunConfig
from pipeline.errors import OutputBusyError

LINES = [
    ["SUBJECT: AZERBAIJAN AND ARMENIA", "The Minsk Group met in Geneva."],
    ["2. (C) Ambassador met with the Foreign Minister.", "He agreed to the proposal."],
    ["3. The talks will resume in September.", "End of text."],
]


def _snapshot(out: Path) -> dict[str, bytes]:
    """Every document output, byte for byte (the manifest and caches are run records)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.relative_to(out).as_posix().startswith((".", "manifest"))
    }


@pytest.fixture
def scans(tmp_path: Path, make_image) -> Path:
    for i, lines in enumerate(LINES):
        make_image(f"scans/doc{i}.png", lines, dpi=150)
    make_image("scans/folder/p-1.png", LINES[0], dpi=150)
    make_image("scans/folder/p-2.png", LINES[1], dpi=150)
    (tmp_path / "scans/typed.txt").write_text("CONFIDENTIAL\n\nThe talks resumed.\n")
    return tmp_path / "scans"


def _config(out: Path, **kw) -> RunConfig:
    return RunConfig(out_dir=out, jobs=kw.pop("jobs", 1), **kw)


def test_two_runs_give_identical_bytes_and_the_second_reuses_everything(
    scans: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = run_batch([scans], _config(out, jobs=2))
    assert not first.failed
    before = _snapshot(out)
    second = run_batch([scans], _config(out, jobs=2))
    assert _snapshot(out) == before
    assert sum(d.pages_ocred for d in second.documents) == 0
    assert sum(d.pages_reused for d in second.documents) == 5
    assert "reused from cache 5" in second.summary()


def test_new_scan_is_the_only_new_ocr_work(scans: Path, tmp_path: Path, make_image) -> None:
    out = tmp_path / "out"
    run_batch([scans], _config(out))
    make_image("scans/new.png", ["A new release arrived today."], dpi=150)
    report = run_batch([scans], _config(out))
    ocred = {d.name: d.pages_ocred for d in report.documents if d.pages_ocred}
    assert ocred == {"new": 1}


def test_changed_ocr_setting_redoes_ocr(scans: Path, tmp_path: Path) -> None:
    from pipeline.config import OcrSettings
    from pipeline.stages.preprocess import PreprocessMode

    out = tmp_path / "out"
    run_batch([scans], _config(out))
    report = run_batch([scans], _config(out, ocr=OcrSettings(preprocess=PreprocessMode.NONE)))
    assert sum(d.pages_ocred for d in report.documents) == 5


def test_second_run_on_same_output_stops_with_clear_message(scans: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with FileLock(str(out / LOCK_NAME)), pytest.raises(OutputBusyError, match="another"):
        run_batch([scans], _config(out))


def test_kill_9_mid_batch_then_rerun_matches_uninterrupted(scans: Path, tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    run_batch([scans], _config(reference))

    out = tmp_path / "out"
    cache = out / ".cache" / "ocr"
    cmd = [sys.executable, "-m", "pipeline", "run", str(scans), "--out", str(out)]
    proc = subprocess.Popen(
        [*cmd, "--jobs", "1", "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # so the kill takes Tesseract with it
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if cache.is_dir() and len(list(cache.glob("*.json"))) >= 2:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the batch finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()

    # Whatever the killed run left is either whole or absent: every JSON file parses.
    for path in out.rglob("*.json"):
        json.loads(path.read_text())

    rerun = subprocess.run([*cmd, "--jobs", "2", "--quiet"], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert _snapshot(out) == _snapshot(reference)
    assert not list(out.rglob("*.tmp"))
