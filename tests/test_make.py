"""The Makefile a new user starts from: the Python version check and which extras each target
installs (the batch's dependencies for ``make clean``, the dev extra on top for ``make test``).

The install logic is checked with ``make -n`` (what make would run, nothing run) on a copy of
the three files it reads, with the venv's stamps given times by hand; the Python check runs
for real against a stand-in interpreter (a shell script that prints an old version).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="no make on this machine")


def _make(where: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(where), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "MAKEFLAGS": ""},
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in ("Makefile", "pyproject.toml", "setup.py"):
        shutil.copy2(ROOT / name, tmp_path / name)
    old = 1_600_000_000
    for name in ("pyproject.toml", "setup.py"):
        os.utime(tmp_path / name, (old, old))
    return tmp_path


def _stamp(project: Path, name: str, when: int) -> None:
    path = project / ".venv" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    os.utime(path, (when, when))


def _installs(dry_run: str) -> tuple[bool, bool]:
    """(the package alone installed, the dev extra installed) in a ``make -n`` listing."""
    lines = [ln.strip() for ln in dry_run.splitlines()]
    batch = any(ln.endswith("pip install --quiet -e .") for ln in lines)
    dev = any("-e '.[dev]'" in ln for ln in lines)
    return batch, dev


def test_make_clean_installs_only_what_the_batch_needs(project: Path) -> None:
    listing = _make(project, "-n", "clean", "PYTHON=" + sys.executable)
    assert listing.returncode == 0, listing.stderr
    assert _installs(listing.stdout) == (True, False)
    assert "foia-clean run scans --out out" in listing.stdout


def test_make_test_adds_the_dev_extra_after_make_clean(project: Path) -> None:
    fresh = _make(project, "-n", "test", "PYTHON=" + sys.executable)
    assert _installs(fresh.stdout) == (True, True)
    _stamp(project, ".installed-stamp", 1_700_000_000)  # `make clean` ran: the batch set up
    after_clean = _make(project, "-n", "test", "PYTHON=" + sys.executable)
    assert _installs(after_clean.stdout) == (False, True)
    assert "-m venv" not in after_clean.stdout
    _stamp(project, ".dev-installed-stamp", 1_700_000_100)  # `make test` ran
    assert _installs(_make(project, "-n", "test").stdout) == (False, False)
    assert _installs(_make(project, "-n", "clean").stdout) == (False, False)
    os.utime(project / "pyproject.toml", (1_800_000_000, 1_800_000_000))  # a new dependency
    assert _installs(_make(project, "-n", "test").stdout) == (True, True)
    assert _installs(_make(project, "-n", "clean").stdout) == (True, False)


def test_too_old_a_python_stops_make_with_one_line(project: Path, tmp_path: Path) -> None:
    old = tmp_path / "python3.9"
    old.write_text("#!/bin/sh\necho 3.9\n")
    old.chmod(0o755)
    result = _make(project, "clean", f"PYTHON={old}")
    assert result.returncode != 0
    said = [ln for ln in result.stderr.splitlines() if ln.strip() and not ln.startswith("make")]
    assert said == [
        f"foia-clean needs Python 3.11 or newer; {old} is Python 3.9: install a newer one and "
        "run make PYTHON=/path/to/python3.11 (or newer)"
    ]
    assert not (project / ".venv").exists()
    missing = _make(project, "python-check", "PYTHON=/nonexistent/python3")
    assert missing.returncode != 0 and "no '/nonexistent/python3'" in missing.stderr
    assert _make(project, "python-check", "PYTHON=" + sys.executable).returncode == 0


def test_pip_refuses_an_old_python_too() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert meta["project"]["requires-python"] == ">=3.11"
