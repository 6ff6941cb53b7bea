"""A built wheel carries the dictionaries, and the installed package corrects text from any folder.

The user's path: ``pip install .``, then ``foia-clean run`` somewhere that is not the checkout.
The wheel is built from a copy of the sources (the build writes ``build/`` beside them) and
installed with ``--target`` into a temporary folder; the run uses the same index cache as the
rest of the suite (the shipped files are the same bytes, so the same key), so it stays quick.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pipeline.lexicon import Lexicon

ROOT = Path(__file__).parent.parent


def _pip(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pip", *args, "--quiet", "--disable-pip-version-check"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    for name in ("pipeline", "dictionaries"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    # The venv's own setuptools builds it (no download): the check runs offline too.
    built = _pip("wheel", str(src), "--no-deps", "--no-build-isolation", "-w", str(out), cwd=src)
    assert built.returncode == 0, built.stderr[-2000:]
    (path,) = out.glob("*.whl")
    return path


def test_the_wheel_carries_the_dictionaries(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = sorted(p.name for p in (ROOT / "dictionaries").glob("*.txt"))
    assert shipped and "pipeline/dictionaries/README.md" in names
    assert {f"pipeline/dictionaries/{n}" for n in shipped} <= names
    assert "pipeline/lexicon/__init__.py" in names
    # The web review's pages, script and style are package data: no build step, no CDN.
    web = "pipeline/review/web/"
    assert {
        f"{web}templates/queue.html",
        f"{web}static/review.js",
        f"{web}static/review.css",
    } <= names
    assert "pipeline/exports/glyphless.ttf" in names  # the searchable PDF's font
    # Dev tools stay in the checkout: the dictionary builder, the benchmark, the tests.
    assert not [
        n for n in names if n.startswith(("pipeline/dictionaries/tools", "bench/", "tests/"))
    ]
    assert not [n for n in names if n.startswith("pipeline/dictionaries/") and n.endswith(".py")]


def test_the_installed_package_corrects_from_an_empty_folder(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    installed = _pip("install", "--no-deps", "--target", str(site), str(wheel), cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr
    Lexicon.load()  # warm the shared cache (a no-op after the other lexicon tests)
    empty = tmp_path / "empty"
    empty.mkdir()
    text = tmp_path / "cable.txt"
    text.write_text("The negotations continued in Geneva.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run(
        [sys.executable, "-c", "import pipeline.lexicon as L; print(L.shipped_folder())"],
        cwd=empty,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()) == (site / "pipeline" / "dictionaries").resolve()
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(text), "--out", str(tmp_path / "out")],
        cwd=empty,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    clean = (tmp_path / "out" / "cable" / "clean.txt").read_text(encoding="utf-8")
    assert "negotiations" in clean and "negotations" not in clean
    assert not list(empty.iterdir())  # nothing written into the working folder
