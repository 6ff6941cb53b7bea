"""OCR engines: the registry, and what reaches the user when an engine fails or warns on a page.

Most of it runs the real pipeline with the fake engine (``tests/fake_engine.py``): real page
images, real ingest, runner, process pool, cache and outputs; only recognition is scripted
(``foia-clean run --engine fake`` in-process, too). The last test is the whole command in a
subprocess with real Tesseract: a bad page among good ones, ``--jobs 2``.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from pipeline import engines, outputs
from pipeline.core.config import OcrSettings, RunConfig
from pipeline.core.errors import DocumentError, UsageError
from pipeline.engines import EngineInfo, Recognized
from pipeline.runner import run_batch
from tests.fake_engine import FakeEngine

FAKE = OcrSettings(engine="fake")
REPO = Path(__file__).resolve().parents[1]


def _config(out: Path, **kw) -> RunConfig:
    return RunConfig(out_dir=out, ocr=kw.pop("ocr", FAKE), jobs=kw.pop("jobs", 1), **kw)


# -- the registry ----------------------------------------------------------------------------


def test_the_registry_names_gets_registers_and_unregisters(fake_ocr: dict[str, str]) -> None:
    assert engines.names() == ["fake", "tesseract"]
    assert isinstance(engines.get("fake"), FakeEngine)
    assert engines.get("fake") is not engines.get("fake")  # a new instance each time

    class Other:
        name = "other-1"

        def check(self, lang: str) -> EngineInfo:
            return EngineInfo("other-1", "0", (lang,))

        def recognize(self, image, *, dpi, settings, page) -> Recognized:
            return Recognized(())

    engines.register("other-1", Other)
    try:
        assert engines.names() == ["fake", "other-1", "tesseract"]
        assert isinstance(engines.get("other-1"), Other)
        with pytest.raises(UsageError) as info:
            engines.get("abbyy")
        assert str(info.value) == (
            "unknown OCR engine 'abbyy'; available: fake, other-1, tesseract"
        )
    finally:
        engines.unregister("other-1")
    assert engines.names() == ["fake", "tesseract"]
    with pytest.raises(UsageError, match="unknown OCR engine 'other-1'; available: fake, tess"):
        engines.get("other-1")

    engines.unregister("tesseract")  # a built-in engine stays
    engines.unregister("never-registered")  # and forgetting nothing is fine
    assert "tesseract" in engines.names()
    for bad in ("", "a b", "x/y", "../up"):
        with pytest.raises(ValueError, match="engine names"):
            engines.register(bad, FakeEngine)


def test_the_fake_engine_is_gone_after_its_test() -> None:
    assert "fake" not in engines.names()


def test_an_unknown_engine_is_a_usage_error_before_any_work(tmp_path: Path, blank_page) -> None:
    blank_page("scans/memo.png")
    with pytest.raises(UsageError, match="unknown OCR engine 'nope'; available: tesseract"):
        run_batch([tmp_path / "scans"], _config(tmp_path / "out", ocr=OcrSettings(engine="nope")))
    assert not (tmp_path / "out/memo").exists()


# -- a page the engine fails on --------------------------------------------------------------

GOOD = "The Minsk Group met in Geneva.\nThe talks will resume in September."


@pytest.mark.parametrize("jobs", [1, 2], ids=["serial", "pool"])
def test_a_page_the_engine_fails_on_fails_alone_with_the_engines_reason(
    jobs: int,
    tmp_path: Path,
    blank_page,
    fake_ocr: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A folder document whose second page the engine fails on, among good documents; one
    # good document is a two-frame TIFF, so the pool has pages of several documents at once.
    for name in ("folder/p-1.png", "folder/p-2.png", "folder/p-3.png", "a.png", "b.png"):
        blank_page(f"scans/{name}")
    blank_page("scans/c.tif", frames=2)
    fake_ocr.update(
        {
            "p-1.png": GOOD,
            "p-2.png": "!fail",
            "p-3.png": GOOD,
            "a.png": GOOD,
            "b.png": "Ambassador Talbott arrived.",
            "c.tif": GOOD,
            "c.tif#1": "End of text.",
        }
    )
    # Which processes recognised pages: the pool's workers are forked from this one, so they
    # see the engine registered here.
    pids = tmp_path / "pids"

    def factory() -> FakeEngine:
        with pids.open("a") as fh:
            fh.write(f"{os.getpid()}\n")
        return FakeEngine(fake_ocr)

    engines.register("fake", factory)
    errors: list[DocumentError] = []
    out = tmp_path / "out"
    caplog.set_level(logging.WARNING, logger="pipeline")
    report = run_batch([tmp_path / "scans"], _config(out, jobs=jobs), on_error=errors.append)

    # The page fails alone: the document is written, partial, with a placeholder page 2.
    reason = "page 2: fake engine: p-2.png fails"
    why = f"1 of 3 pages could not be read and were left empty (document partial): {reason}"
    assert [(d.name, d.status, d.reason) for d in report.failed] == [("folder", "partial", why)]
    # The callback (what the command prints) names the page's own file, not just the folder.
    assert [(Path(e.path).name, e.reason) for e in errors] == [("p-2.png", why)]
    assert not (out / "folder/error.json").exists()
    assert (out / "folder/raw.txt").read_text() == f"{GOOD}\f\f{GOOD}\n"
    page2 = json.loads((out / "folder/pages/0002.json").read_text())
    assert (page2["status"], page2["reason"], page2["lines"]) == ("failed", reason, [])
    meta = json.loads((out / "folder/metadata.json").read_text())
    assert meta["page_status"] == {"2": {"status": "failed", "reason": reason}}
    manifest = outputs.read_manifest(out)
    assert {n: d["status"] for n, d in manifest.items()} == {
        "a": "done",
        "b": "done",
        "c": "done",
        "folder": "partial",
    }
    assert {d.name: d.pages_ocred for d in report.documents} == {
        "a": 1,
        "b": 1,
        "c": 2,
        "folder": 2,
    }
    assert (out / "b/raw.txt").read_text() == "Ambassador Talbott arrived.\n"
    assert (out / "c/raw.txt").read_text() == GOOD + "\fEnd of text.\n"
    assert "worker died" not in caplog.text  # a page error never costs the pool
    workers = {int(pid) for pid in pids.read_text().split()} - {os.getpid()}
    assert (jobs == 1 and not workers) or (jobs == 2 and 1 <= len(workers) <= 2)

    # The next run retries only the failed page (a placeholder is never cached).
    fake_ocr["p-2.png"] = "He agreed to the proposal."
    again = run_batch([tmp_path / "scans"], _config(out, jobs=jobs))
    assert not again.failed
    counts = {d.name: (d.pages_ocred, d.pages_reused) for d in again.documents}
    assert counts == {"folder": (1, 2), "a": (0, 1), "b": (0, 1), "c": (0, 2)}
    assert (out / "folder/raw.txt").read_text() == f"{GOOD}\fHe agreed to the proposal.\f{GOOD}\n"
    assert "page_status" in json.loads((out / "folder/metadata.json").read_text())
    assert not json.loads((out / "folder/metadata.json").read_text())["page_status"]


def test_a_bad_page_of_a_folder_document_is_named_by_its_file(
    tmp_path: Path, blank_page, fake_ocr: dict[str, str]
) -> None:
    blank_page("scans/folder/p-1.png")
    blank_page("scans/folder/p-2.png", size=(4, 4))
    fake_ocr["p-1.png"] = GOOD
    errors: list[DocumentError] = []
    run_batch([tmp_path / "scans"], _config(tmp_path / "out"), on_error=errors.append)
    assert len(errors) == 1
    assert Path(errors[0].path) == tmp_path / "scans/folder/p-2.png"
    assert errors[0].reason.endswith(
        "(document partial): page 2 is 4x4 pixels: too small to be a page"
    )


def test_the_command_runs_the_engine_it_is_given_and_says_why_a_page_failed(
    tmp_path: Path, blank_page, fake_ocr: dict[str, str]
) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    for name in ("folder/p-1.png", "folder/p-2.png", "a.png", "b.png"):
        blank_page(f"scans/{name}")
    fake_ocr.update({"p-1.png": GOOD, "p-2.png": "!fail", "a.png": GOOD, "b.png": GOOD})
    out = tmp_path / "out"
    args = ["run", str(tmp_path / "scans"), "--out", str(out), "--reviews", str(tmp_path / "rv")]
    result = CliRunner().invoke(
        app, [*args, "--jobs", "2", "--quiet", "--engine", "fake"], catch_exceptions=False
    )
    assert result.exit_code == 1, result.output
    failed = [ln for ln in result.stderr.splitlines() if "failed:" in ln]
    why = (
        "1 of 2 pages could not be read and were left empty (document partial): "
        "page 2: fake engine: p-2.png fails"
    )
    assert failed == [f"foia-clean: failed: {tmp_path / 'scans/folder/p-2.png'}: {why}"]
    assert sorted(ln.split("\t")[:2] for ln in result.stdout.splitlines()) == [
        ["a", "done"],
        ["b", "done"],
        ["folder", f"partial ({why})"],
    ]

    unknown = CliRunner().invoke(app, [*args, "--engine", "nope"], catch_exceptions=False)
    assert unknown.exit_code == 2
    assert "unknown OCR engine 'nope'; available: fake, tesseract" in unknown.stderr
    check = CliRunner().invoke(app, ["check", "--engine", "fake"], catch_exceptions=False)
    assert check.exit_code == 0
    assert check.stdout.startswith("fake 1.0, languages: eng")


# -- warnings --------------------------------------------------------------------------------


def test_an_engines_page_warnings_are_kept_per_page(
    tmp_path: Path, blank_page, fake_ocr: dict[str, str]
) -> None:
    blank_page("scans/memo.tif", frames=3)
    fake_ocr.update(
        {
            "memo.tif": "SUBJECT: TALKS\n!warn Estimating resolution as 71\nThe talks resumed.",
            "memo.tif#1": "End of text.",
            # frame 2 has no text at all
        }
    )
    out = tmp_path / "out"
    report = run_batch([tmp_path / "scans"], _config(out))
    assert not report.failed
    page1 = json.loads((out / "memo/pages/0001.json").read_text())
    assert page1["warnings"] == ["Estimating resolution as 71"]
    assert [ln["text"] for ln in page1["lines"] if ln["text"]] == [
        "SUBJECT: TALKS",
        "The talks resumed.",
    ]
    assert json.loads((out / "memo/pages/0002.json").read_text())["warnings"] == []
    page3 = json.loads((out / "memo/pages/0003.json").read_text())
    assert page3["warnings"] == ["no text found on this page"]
    meta = json.loads((out / "memo/metadata.json").read_text())
    assert meta["page_warnings"] == {
        "1": ["Estimating resolution as 71"],
        "3": ["no text found on this page"],
    }
    assert "Estimating" not in (out / "memo/raw.txt").read_text()

    # Warnings are part of the cached page: a re-run reuses the page and keeps them.
    again = run_batch([tmp_path / "scans"], _config(out))
    assert again.documents[0].pages_reused == 3
    assert json.loads((out / "memo/metadata.json").read_text()) == meta


# -- the command, with real Tesseract --------------------------------------------------------


def test_a_bad_page_among_good_ones_in_parallel_names_its_reason_on_stderr(
    tmp_path: Path, make_image
) -> None:
    make_image("scans/folder/p-1.png", ["The Minsk Group met in Geneva."], dpi=150)
    Image.new("L", (4, 4), 255).save(tmp_path / "scans/folder/p-2.png")
    make_image("scans/good1.png", ["2. (C) Ambassador met with the Minister."], dpi=150)
    make_image("scans/good2.png", ["3. The talks will resume in September."], dpi=150)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline", "run", str(tmp_path / "scans"), "--out", str(out)]
    result = subprocess.run(
        [*cmd, "--jobs", "2", "--quiet", "--reviews", str(tmp_path / "reviews")],
        capture_output=True,
        text=True,
        cwd=REPO,  # this checkout's pipeline, whatever is installed
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    failed = [ln for ln in result.stderr.splitlines() if "failed:" in ln]
    assert len(failed) == 1, result.stderr
    assert str(tmp_path / "scans/folder/p-2.png") in failed[0]
    assert "page 2 is 4x4 pixels: too small to be a page" in failed[0]
    assert "Traceback" not in result.stderr and "worker died" not in result.stderr
    why = (
        "1 of 2 pages could not be read and were left empty (document partial): "
        "page 2 is 4x4 pixels: too small to be a page"
    )
    assert sorted(result.stdout.splitlines()) == [
        f"folder\tpartial ({why})\t{out / 'folder'}",
        f"good1\tdone\t{out / 'good1'}",
        f"good2\tdone\t{out / 'good2'}",
    ]
    assert "Minister" in (out / "good1/clean.txt").read_text()
    assert "September" in (out / "good2/clean.txt").read_text()
    manifest = outputs.read_manifest(out)
    assert "Geneva" in (out / "folder/raw.txt").read_text()  # the good page is kept
    assert {n: d["status"] for n, d in manifest.items()} == {
        "folder": "partial",
        "good1": "done",
        "good2": "done",
    }
