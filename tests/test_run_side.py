"""What a new user of ``foia-clean run``/``check`` sees (session 23's trial of main): settings
recorded, words left alone made visible, page numbers of marked-up text, unchanged files left
alone, refused runs that leave nothing, the --dpi fallback said on stderr, hOCR image paths that
resolve, the Tesseract interface named by ``check``.

Every input here is synthetic (written by the test), text or tiny images read by the fake
engine, except where a test says otherwise.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import outputs
from pipeline.cli import app
from pipeline.stages import ingest

runner = CliRunner()

#: Synthetic cable-style text with one damaged word ("convinees") that nothing around it
#: supports: the correct stage leaves it (class "unsupported") rather than propose it.
LEFT_TEXT = (
    "SUBJECT: MEETING\n\n"
    "The officer convinees the station chief that the source is reliable.\n"
    "He met the delegation again on Tuesday.\n"
)


def _run(*args: str, **kwargs):
    return runner.invoke(app, list(args), catch_exceptions=False, **kwargs)


def _meta(out: Path, name: str) -> dict:
    return json.loads((out / name / "metadata.json").read_text(encoding="utf-8"))


def test_metadata_records_the_apply_policy(tmp_path: Path) -> None:
    doc = tmp_path / "memo.txt"
    doc.write_text(LEFT_TEXT)
    seen = {}
    for policy in ("rules", "confirmed", "calibrated"):
        out = tmp_path / policy
        result = _run("run", str(doc), "--out", str(out), "--quiet", "--apply", policy)
        assert result.exit_code == 0, result.output
        seen[policy] = _meta(out, "memo")["settings"]
    assert {k: v["apply"] for k, v in seen.items()} == {
        "rules": "rules",
        "confirmed": "confirmed",
        "calibrated": "calibrated",
    }
    out = tmp_path / "off"
    assert _run("run", str(doc), "--out", str(out), "--quiet", "--no-correct").exit_code == 0
    settings = _meta(out, "memo")["settings"]
    assert settings["correct"] is False and settings["apply"] is None
    # Strip asks the dictionaries too (line-end hyphens): they are recorded without correction.
    assert _meta(out, "memo")["dictionaries"]
    assert settings["pdf"] is None  # text input: no searchable PDF either way


def test_words_left_alone_are_listed_in_left_jsonl(tmp_path: Path) -> None:
    doc = tmp_path / "memo.txt"
    doc.write_text(LEFT_TEXT)
    out = tmp_path / "out"
    assert _run("run", str(doc), "--out", str(out), "--quiet").exit_code == 0
    folder = out / "memo"
    left = [json.loads(ln) for ln in (folder / "left.jsonl").read_text().splitlines()]
    stripped = (folder / "stripped.txt").read_text()
    word = next(w for w in left if w["original"] == "convinees")
    assert word["candidate"] == "convinces" and word["reason"] == "unsupported"
    assert word["why"] and word["page"] == 1 and word["line"] == 2
    for w in left:  # offsets into stripped.txt, like corrections.jsonl's
        assert stripped[w["start"] : w["end"]] == w["original"]
    # Every word metadata.json counts is listed, and none of them is a correction record.
    assert sum(_meta(out, "memo")["corrections_left"].values()) == len(left)
    records = (folder / "corrections.jsonl").read_text()
    assert "convinees" not in records
    assert outputs.read_manifest(out)["memo"]["outputs"]["left.jsonl"]


def test_left_words_of_an_ocred_page_have_their_box(tmp_path: Path, make_image, fake_ocr) -> None:
    make_image("scans/memo.png", ["x"])
    fake_ocr["memo.png"] = LEFT_TEXT.replace("\n\n", "\n")
    out = tmp_path / "out"
    result = _run("run", str(tmp_path / "scans"), "--out", str(out), "--quiet", "--engine", "fake")
    assert result.exit_code == 0, result.output
    left = [json.loads(ln) for ln in (out / "memo/left.jsonl").read_text().splitlines()]
    word = next(w for w in left if w["original"] == "convinees")
    assert word["bbox"] and len(word["bbox"]) == 4


def test_text_before_a_page_1_marker_is_page_1(tmp_path: Path) -> None:
    # Synthetic, in the form of the JFK releases' markdown: a title line, then "## Page 1".
    notes = tmp_path / "notes.md"
    notes.write_text("# Memo\n\n## Page 1\n\nthe delegation met\n\n## Page 2\n\nsecond page\n")
    pages = ingest.read_text_document(notes)
    assert len(pages) == 2
    assert pages[0].lines[0].text == "# Memo" and "## Page 2" in pages[1].text
    out = tmp_path / "out"
    assert _run("run", str(notes), "--out", str(out), "--quiet", "--no-correct").exit_code == 0
    assert _meta(out, "notes")["pages"] == 2
    hits = _run("search", "delegation", "--out", str(out))
    assert hits.exit_code == 0 and hits.stdout.split("\t")[:2] == ["notes", "p1"]
    # Markers that start at page 2 still make the unmarked text before them page 1.
    later = tmp_path / "later.txt"
    later.write_text("first page\n[Page 2]\nsecond\n[Page 3]\nthird\n")
    assert len(ingest.read_text_document(later)) == 3


def test_a_rerun_leaves_unchanged_files_alone(tmp_path: Path, make_image, fake_ocr) -> None:
    make_image("scans/memo.png", ["x"])
    fake_ocr["memo.png"] = "The delegation met on Tuesday.\nSecond line of the memo."
    (tmp_path / "scans/cable.txt").write_text(LEFT_TEXT)
    out = tmp_path / "out"
    args = ("run", str(tmp_path / "scans"), "--out", str(out), "--quiet", "--engine", "fake")
    assert _run(*args).exit_code == 0
    files = [p for p in out.glob("*/**/*") if p.is_file()]
    assert {"clean.txt", "raw.txt", "alto.xml", "hocr.html", "memo.pdf", "manifest.json"} <= {
        p.name for p in files
    }
    old = 1_000_000_000  # 2001: any rewrite would give the file the time of this run
    for p in files:
        os.utime(p, ns=(old, old))
    assert _run(*args).exit_code == 0
    assert [p for p in files if p.stat().st_mtime_ns != old] == []
    # A changed input rewrites its document's files, and metadata.json comes back last.
    (tmp_path / "scans/cable.txt").write_text(LEFT_TEXT + "One more line.\n")
    assert _run(*args).exit_code == 0
    assert (out / "cable/clean.txt").stat().st_mtime_ns != old
    assert (out / "cable/metadata.json").is_file()
    assert (out / "memo/clean.txt").stat().st_mtime_ns == old


def test_a_rerun_leaves_a_failed_documents_error_alone(tmp_path: Path) -> None:
    """A broken file that did not change fails again with the same reason: its error.json
    (and so its folder) is left as it was; a new reason rewrites it. Synthetic files: an
    empty PDF, then a PDF header with nothing after it."""
    scans = tmp_path / "scans"
    scans.mkdir()
    (scans / "memo.txt").write_text("The delegation met on Tuesday.\n")
    (scans / "broken.pdf").write_bytes(b"")
    out = tmp_path / "out"
    args = ("run", str(scans), "--out", str(out), "--quiet", "--no-correct")
    assert _run(*args).exit_code == 1
    error, folder = out / "broken/error.json", out / "broken"
    old = 1_000_000_000  # 2001: any rewrite would give them the time of this run
    for p in (error, folder):
        os.utime(p, ns=(old, old))
    assert _run(*args).exit_code == 1
    assert (error.stat().st_mtime_ns, folder.stat().st_mtime_ns) == (old, old)
    (scans / "broken.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert _run(*args).exit_code == 1
    assert error.stat().st_mtime_ns != old
    assert "empty file" not in json.loads(error.read_text())["reason"]


def test_a_refused_run_leaves_no_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "o10"
    result = _run("run", str(tmp_path / "nope.pdf"), "--out", str(out))
    assert result.exit_code == 2 and "no such file" in result.stderr
    assert not out.exists()
    (tmp_path / "a.txt").write_text("text\n")
    (tmp_path / "a.png").write_bytes(b"")
    result = _run("run", str(tmp_path), "--out", str(out))  # two documents named "a"
    assert result.exit_code == 2 and not out.exists()
    # Refused by an up-front check after the folder was made: what the run made goes again.
    result = _run(
        "run", str(tmp_path / "a.txt"), "--out", str(out), "--dictionaries", str(tmp_path / "no")
    )
    assert result.exit_code == 2 and not out.exists()
    line = result.stderr.strip()
    assert line.endswith("no: dictionary folder not found") and ":0:" not in line
    # A folder the user made is theirs: only the lock file goes.
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = _run(
        "run", str(tmp_path / "a.txt"), "--out", str(out), "--dictionaries", str(tmp_path / "no")
    )
    assert result.exit_code == 2 and sorted(p.name for p in out.iterdir()) == [
        ".foia-clean.lock",
        "notes.txt",
    ]


def test_dpi_fallback_is_said_on_stderr(tmp_path: Path, fake_ocr, monkeypatch) -> None:
    # A blank Letter page (8.5x11 in, no scan on it: drawn at --dpi) asked at 1200 DPI; the
    # pixel limit is lowered so the fitted page stays tiny (the real limit gives 801 DPI).
    from pypdf import PdfWriter

    from pipeline.stages import pageimage

    monkeypatch.setattr(pageimage, "MAX_PAGE_PIXELS", 1_000_000)
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    with (tmp_path / "big.pdf").open("wb") as fh:
        writer.write(fh)
    fake_ocr["big.pdf"] = "page text"
    out = tmp_path / "out"
    result = _run(
        "run", str(tmp_path / "big.pdf"), "--out", str(out), "--engine", "fake", "--dpi", "1200",
        "--jobs", "1", "--no-pdf",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = [ln for ln in result.stderr.splitlines() if "instead of 1200 (--dpi)" in ln]
    assert len(lines) == 1 and "big.pdf" in lines[0] and "page 1 at 103 DPI" in lines[0]
    warning = " ".join(_meta(out, "big")["page_warnings"]["1"])
    assert "8.5x11.0 inches" in warning and "rasterised at 103 DPI" in warning


def test_hocr_image_resolves_from_the_hocr_file(tmp_path: Path, make_image, fake_ocr) -> None:
    make_image("scans/memo.png", ["x"])
    fake_ocr["memo.png"] = "The delegation met."
    out = tmp_path / "results" / "out"
    result = _run("run", str(tmp_path / "scans"), "--out", str(out), "--quiet", "--engine", "fake")
    assert result.exit_code == 0, result.output
    hocr = html.unescape((out / "memo/hocr.html").read_text())
    image = hocr.split('image "', 1)[1].split('"', 1)[0]
    assert image == "../../../scans/memo.png"
    assert ((out / "memo") / image).resolve() == (tmp_path / "scans/memo.png").resolve()
    # metadata.json names the source relative to the folder the named input is in.
    assert _meta(out, "memo")["source"]["path"] == "scans/memo.png"


def test_check_names_the_interface_and_refuses_a_bad_setting(monkeypatch) -> None:
    monkeypatch.setenv("FOIA_CLEAN_TESSERACT", "bogus")
    result = _run("check")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "foia-clean: error: FOIA_CLEAN_TESSERACT=bogus: expected cli (always the tesseract "
        "program) or auto (tesserocr where it can be used; the same as leaving it unset)"
    ]
    monkeypatch.setenv("FOIA_CLEAN_TESSERACT", "cli")
    result = _run("check")
    assert result.exit_code == 0
    assert "pages go to the tesseract program (FOIA_CLEAN_TESSERACT=cli)" in result.stdout
    monkeypatch.delenv("FOIA_CLEAN_TESSERACT")
    result = _run("check")
    assert result.exit_code == 0 and "pages go to " in result.stdout


@pytest.mark.parametrize("value", ["CLI", "auto", ""])
def test_check_accepts_the_documented_values(monkeypatch, value: str) -> None:
    monkeypatch.setenv("FOIA_CLEAN_TESSERACT", value)
    assert _run("check").exit_code == 0
