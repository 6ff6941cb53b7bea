"""Batch behaviour: reproducible bytes, incremental re-runs, crash safety, one run at a time.

The pages are real images OCRed by the fake engine (``fake_ocr``), told what each one says;
the kill -9 test runs the command in a subprocess, so it OCRs with real Tesseract.
"""

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

from pipeline import outputs
from pipeline.core.config import OcrSettings, RunConfig
from pipeline.core.errors import OutputBusyError
from pipeline.core.fileio import LOCK_NAME
from pipeline.runner import run_batch

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


FAKE = OcrSettings(engine="fake")
TESSERACT = OcrSettings()


@pytest.fixture
def scans(tmp_path: Path, make_image, fake_ocr: dict[str, str]) -> Path:
    """Rendered pages (Tesseract can read them too); the fake engine reads the same text."""
    for i, lines in enumerate(LINES):
        make_image(f"scans/doc{i}.png", lines, dpi=150)
        fake_ocr[f"doc{i}.png"] = "\n".join(lines)
    make_image("scans/folder/p-1.png", LINES[0], dpi=150)
    make_image("scans/folder/p-2.png", LINES[1], dpi=150)
    fake_ocr["p-1.png"] = "\n".join(LINES[0])
    fake_ocr["p-2.png"] = "\n".join(LINES[1])
    (tmp_path / "scans/typed.txt").write_text("CONFIDENTIAL\n\nThe talks resumed.\n")
    return tmp_path / "scans"


def _config(out: Path, **kw) -> RunConfig:
    return RunConfig(out_dir=out, ocr=kw.pop("ocr", FAKE), jobs=kw.pop("jobs", 1), **kw)


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


def test_new_scan_is_the_only_new_ocr_work(
    scans: Path, tmp_path: Path, make_image, fake_ocr: dict[str, str]
) -> None:
    out = tmp_path / "out"
    run_batch([scans], _config(out))
    make_image("scans/new.png", ["A new release arrived today."], dpi=150)
    fake_ocr["new.png"] = "A new release arrived today."
    report = run_batch([scans], _config(out))
    ocred = {d.name: d.pages_ocred for d in report.documents if d.pages_ocred}
    assert ocred == {"new": 1}


def test_changed_ocr_setting_redoes_ocr(scans: Path, tmp_path: Path) -> None:
    from pipeline.core.enums import PreprocessMode

    out = tmp_path / "out"
    run_batch([scans], _config(out))
    none = OcrSettings(engine="fake", preprocess=PreprocessMode.NONE)
    report = run_batch([scans], _config(out, ocr=none))
    assert sum(d.pages_ocred for d in report.documents) == 5


def test_second_run_on_same_output_stops_with_clear_message(scans: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with FileLock(str(out / LOCK_NAME)), pytest.raises(OutputBusyError, match="another"):
        run_batch([scans], _config(out))


def test_kill_9_mid_batch_then_rerun_matches_uninterrupted(scans: Path, tmp_path: Path) -> None:
    # Real Tesseract throughout: the killed run is a subprocess, where the fake is unknown.
    reference = tmp_path / "reference"
    run_batch([scans], _config(reference, ocr=TESSERACT))

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


REPO = Path(__file__).resolve().parents[1]


def _stage_runs(report, stage: str) -> tuple[int, int]:
    runs = [d.reused[stage] for d in report.documents if stage in d.reused]
    reused = sum(runs)
    return len(runs) - reused, reused


def test_each_change_reruns_exactly_the_stages_it_affects(tmp_path: Path) -> None:
    import shutil

    scans = tmp_path / "scans"
    scans.mkdir()
    (scans / "a.txt").write_text("CONFIDENTIAL\n\nThe negotations continued in Geneva.\n")
    (scans / "b.txt").write_text("The Minsk Group met again.\n\n- 2 -\n")
    dicts = tmp_path / "dictionaries"
    shutil.copytree(REPO / "dictionaries", dicts)
    out = tmp_path / "out"

    def run(**kw):
        return run_batch([scans], _config(out, dictionaries=dicts, reviews=tmp_path / "rv", **kw))

    first = run()
    assert _stage_runs(first, "strip") == (2, 0) and _stage_runs(first, "correct") == (2, 0)
    again = run()
    assert _stage_runs(again, "strip") == (0, 2) and _stage_runs(again, "correct") == (0, 2)
    assert "strip 0 run, 2 reused" in again.summary()

    # A lexicon edit: stripping (line-end hyphens ask the lexicon) and correction again.
    people = dicts / "people.txt"
    people.write_text(people.read_text() + "Zzyzxqwert\n")
    edited = run()
    assert _stage_runs(edited, "strip") == (2, 0) and _stage_runs(edited, "correct") == (2, 0)

    # A strip setting: strip (and so correct, whose input changed) again.
    kept = run(keep_furniture=frozenset({"banner"}))
    assert _stage_runs(kept, "strip") == (2, 0)
    assert "CONFIDENTIAL" in (out / "a/clean.txt").read_text()
    manifest = outputs.read_manifest(out)
    assert manifest["a"]["stages"]["strip"]["key"]
    assert manifest["a"]["outputs"]["clean.txt"]
    log = {d["document"]: d for d in outputs.read_run_log(out)[1:]}
    assert log["a"]["reused"] == {"correct": False, "strip": False}


def test_failed_document_is_retried_on_the_next_run(
    tmp_path: Path, make_image, fake_ocr: dict[str, str]
) -> None:
    scans = tmp_path / "scans"
    make_image("scans/good.png", LINES[0], dpi=150)
    fake_ocr["good.png"] = "\n".join(LINES[0])
    fake_ocr["late.png"] = "\n".join(LINES[2])
    (scans / "late.png").write_bytes(b"\x89PNG\r\n\x1a\n truncated upload")
    out = tmp_path / "out"
    first = run_batch([scans], _config(out))
    assert [d.name for d in first.failed] == ["late"]
    assert (out / "good/clean.txt").is_file()
    make_image("scans/late.png", LINES[2], dpi=150)  # the upload is finished
    second = run_batch([scans], _config(out))
    assert not second.failed
    assert {d.name: d.pages_ocred for d in second.documents} == {"good": 0, "late": 1}
    assert not (out / "late/error.json").exists()
    assert outputs.read_manifest(out)["late"]["status"] == "done"


def test_an_odd_image_fails_its_document_not_the_batch(tmp_path: Path, fake_ocr) -> None:
    from PIL import Image

    scans = tmp_path / "scans"
    scans.mkdir()
    Image.new("L", (1, 1), 255).save(scans / "spacer.png")
    (scans / "memo.txt").write_text("The talks resumed.\n")
    out = tmp_path / "out"
    report = run_batch([scans], _config(out, jobs=1))  # the serial path
    assert [d.name for d in report.failed] == ["spacer"]
    assert "too small" in (report.failed[0].reason or "")
    assert (out / "memo/clean.txt").is_file()


def test_outputs_follow_the_umask(scans: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        run_batch([scans], _config(tmp_path / "out"))
    finally:
        os.umask(old)
    assert ((tmp_path / "out/typed/clean.txt").stat().st_mode & 0o777) == 0o644
