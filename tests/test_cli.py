"""The command line: outputs per document, exit codes, errors on stderr, results on stdout.

The first test runs the whole command with real Tesseract; the others that need pages but not
real OCR run it with ``--engine fake`` (the ``fake_ocr`` fixture, told what each page says).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rapidfuzz import fuzz
from typer.testing import CliRunner

from pipeline import outputs
from pipeline.cli import app
from tests.conftest import SAMPLE_LINES

runner = CliRunner()

SEED_EXCERPT = (
    "EXDIS CEDAR\n\nE.O. 12958: DECL: 08/04/02\n\nTAGS: PREL, RS, AZ, AM, GG\n\n"
    "2. (c) Action addressees are requested to pass letter from the Deputy Secretary.\n"
)


def _run(*args: str, **kwargs):
    return runner.invoke(app, list(args), catch_exceptions=False, **kwargs)


def test_run_writes_one_folder_per_document(tmp_path: Path, make_image) -> None:
    scans = tmp_path / "scans"
    make_image("scans/memo.png", SAMPLE_LINES)
    (scans / "cable.txt").write_text(SEED_EXCERPT + "\f" + "Second page text.\n")
    out = tmp_path / "out"
    result = _run("run", str(scans), "--out", str(out), "--jobs", "1", "--quiet", "--no-correct")
    assert result.exit_code == 0, result.output
    for name in ("memo", "cable"):
        folder = out / name
        for f in ("raw.txt", "clean.txt", "metadata.json", "pages/0001.json"):
            assert (folder / f).is_file(), f"{name}/{f} missing"
    page = json.loads((out / "memo/pages/0001.json").read_text())
    assert page["dpi"] == 200 and page["width"] > 0 and page["preprocessing"]
    word = page["lines"][0]["words"][0]
    assert set(word) == {"text", "conf", "bbox"} and len(word["bbox"]) == 4
    assert {"block", "par", "line"} <= set(page["lines"][0])
    raw = (out / "memo/raw.txt").read_text()
    assert fuzz.partial_ratio("The visit confirmed the progress", raw) > 90
    cable_raw = (out / "cable/raw.txt").read_text()
    assert cable_raw.count("\f") == 1 and "E.O. 12958: DECL: 08/04/02" in cable_raw
    meta = json.loads((out / "memo/metadata.json").read_text())
    assert meta["pages"] == 1
    assert meta["source"]["files"][0]["sha256"]
    assert meta["tesseract"]["version"].startswith("5")
    assert meta["settings"]["ocr"]["lang"] == "eng"
    assert str(tmp_path) not in (out / "memo/metadata.json").read_text()  # no absolute paths
    manifest = outputs.read_manifest(out)
    assert {n: d["status"] for n, d in manifest.items()} == {"cable": "done", "memo": "done"}
    log = {d["document"]: d for d in outputs.read_run_log(out)[1:]}
    assert log["memo"]["pages_ocred"] == 1
    # stdout carries only the results, one line per document.
    assert sorted(ln.split("\t")[0] for ln in result.stdout.splitlines()) == ["cable", "memo"]


def test_bad_documents_fail_alone(tmp_path: Path, make_image, fake_ocr) -> None:
    scans = tmp_path / "scans"
    make_image("scans/good.png", SAMPLE_LINES)
    fake_ocr["good.png"] = "\n".join(SAMPLE_LINES)
    (scans / "broken.pdf").write_bytes(b"%PDF-1.4 nothing here")
    (scans / "empty.png").write_bytes(b"")
    out = tmp_path / "out"
    result = _run(
        "run", str(scans), "--out", str(out), "--jobs", "2", "--quiet", "--engine", "fake"
    )
    assert result.exit_code == 1
    assert (out / "good/clean.txt").is_file()
    for bad in ("broken", "empty"):
        err = json.loads((out / bad / "error.json").read_text())
        assert err["reason"]
        # Only the reason, and the manifest record that says it failed.
        assert sorted(p.name for p in (out / bad).iterdir()) == ["error.json", "manifest.json"]
    stderr_lines = [ln for ln in result.stderr.splitlines() if "failed:" in ln]
    assert len(stderr_lines) == 2
    assert any("broken.pdf" in ln and "not a readable PDF" in ln for ln in stderr_lines)


def test_failed_document_replaces_stale_output(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("first version\n")
    out = tmp_path / "out"
    assert _run("run", str(doc), "--out", str(out), "--quiet").exit_code == 0
    doc.write_bytes(b"caf\xe9 bad\n")  # Latin-1: not UTF-8 (\xff\xfe is a UTF-16 mark)
    assert _run("run", str(doc), "--out", str(out), "--quiet").exit_code == 1
    assert sorted(p.name for p in (out / "doc").iterdir()) == ["error.json", "manifest.json"]
    assert outputs.read_manifest(out)["doc"]["status"] == "failed"


def test_pdf_text_layer_is_kept_for_comparison(tmp_path: Path, make_image, fake_ocr) -> None:
    img = make_image("page.png", SAMPLE_LINES)
    # Tesseract itself makes a searchable PDF: a real text layer to compare with.
    subprocess.run(
        ["tesseract", str(img), str(tmp_path / "searchable"), "pdf"],
        check=True,
        capture_output=True,
    )
    fake_ocr["searchable.pdf"] = "\n".join(SAMPLE_LINES)  # what the re-OCR reads (fake)
    out = tmp_path / "out"
    pdf = str(tmp_path / "searchable.pdf")
    result = _run("run", pdf, "--out", str(out), "--quiet", "--engine", "fake")
    assert result.exit_code == 0, result.output
    layer = (out / "searchable/textlayer.txt").read_text()
    assert "Nagorno-Karabakh" in layer
    assert (out / "searchable/pages/0001.json").is_file()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    result = _run("run", str(tmp_path / "missing"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "no such file" in result.stderr
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "a.png").write_bytes(b"")
    result = _run("run", str(tmp_path), "--out", str(tmp_path / "out2"))
    assert result.exit_code == 2 and "same output folder" in result.stderr
    assert _run("run", "--jobs", "0").exit_code == 2
    result = _run("run", str(tmp_path / "a.txt"), "--keep-furniture", "banerr")
    assert result.exit_code == 2 and "banerr" in result.stderr


def test_missing_tesseract_exits_3(tmp_path: Path, make_image, monkeypatch) -> None:
    make_image("s/p.png", ["x"])
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    result = _run("run", str(tmp_path / "s"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 3
    assert "Tesseract" in result.stderr and "install" in result.stderr


def test_python_dash_m_pipeline_is_the_same_command() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "pipeline", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("foia-clean ")


def test_run_log_gives_each_document_its_own_ocr_seconds(
    tmp_path: Path, blank_page, fake_ocr
) -> None:
    """A document's ``seconds.ocr`` in the run log is its own pages' time, not the batch's:
    with pages OCRed one after another (``--jobs 1``) the documents' figures add up to no more
    than the batch's elapsed OCR time in the header, and a text document (no OCR) has none."""
    blank_page("scans/one.png")
    blank_page("scans/three.tif", frames=3)
    (tmp_path / "scans/notes.txt").write_text("A page of existing OCR text.\n")
    fake_ocr.update({"one.png": "one page", "three.tif": "first", "three.tif#1": "second"})
    out = tmp_path / "out"
    result = _run(
        "run", str(tmp_path / "scans"), "--out", str(out), "--jobs", "1", "--quiet",
        "--engine", "fake", "--no-correct", "--no-pdf",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    first, *docs = outputs.read_run_log(out)
    header = first["run"]
    ocr = {d["document"]: d["seconds"].get("ocr") for d in docs}
    assert ocr["notes"] in (None, 0.0)
    assert ocr["one"] > 0 and ocr["three"] > 0
    assert ocr["one"] + ocr["three"] <= header["seconds"]["ocr"] + 0.002  # rounding to ms
    assert header["seconds"]["total"] >= header["seconds"]["ocr"]


def test_command_list_gives_each_command_one_line() -> None:
    # The command list shows each command's short help; a docstring's line breaks there
    # broke the table into ragged half-lines (check, review, forget, decide).
    result = _run("--help", terminal_width=100)
    assert result.exit_code == 0
    panel = result.stdout.split("Commands")[1].split("╰")[0]
    rows = [line for line in panel.splitlines() if line.startswith("│ ")]
    short = {"run", "check", "review", "forget", "decide"}  # search wraps at 100 columns
    named = {row.split()[1] for row in rows if row[2] != " "}
    assert named == short | {"search"}
    continued = [row for row in rows if row[2] == " "]
    assert len(continued) <= 1, continued  # only search's own long line may wrap
    forget = _run("forget", "--help", terminal_width=100).stdout
    assert "without one, the" in forget and "rules are listed" in forget


def test_review_of_a_batch_folder_says_what_takes_the_batch(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "memo").mkdir(parents=True)
    (out / "memo" / "corrections.jsonl").write_text("")
    result = _run("review", str(out), "--export", str(tmp_path / "p.csv"))
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "a batch's output folder" in line and "--export and --import one document" in line
    assert not (tmp_path / "p.csv").exists()


def test_sheet_that_cannot_be_read_names_the_file_once(tmp_path: Path) -> None:
    from pipeline.core.errors import UsageError
    from pipeline.review.sheets import read_applied_csv, read_csv

    missing = tmp_path / "decisions.csv"
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"id,\xff\xfe\n")
    for read in (read_csv, read_applied_csv):
        for path, reason in ((missing, "No such file or directory"), (binary, "can't decode")):
            try:
                read(path, None, None) if read is read_csv else read(path, None)
            except UsageError as err:
                message = str(err)
            else:
                raise AssertionError(f"{read.__name__} read {path}")
            assert message.count(str(path)) == 1 and reason in message, message


def test_help_shows_on_off_options_as_plain_flags() -> None:
    # typer 0.29's rich help printed `--version <bool>`, `--quiet <bool>`, as if each flag took
    # a value (pipeline.cli.flags); options that take one keep their type.
    for command in ((), ("run",), ("check",), ("review",), ("decide",), ("forget",), ("search",)):
        result = _run(*command, "--help", terminal_width=200)
        assert result.exit_code == 0, result.output
        assert "<bool>" not in result.stdout, command
    assert "--dpi" in (run_help := _run("run", "--help", terminal_width=200).stdout)
    assert "<int>" in run_help
    assert _run("--version").stdout.startswith("foia-clean ")


def test_one_file_named_twice_is_told_to_be_named_once(tmp_path: Path) -> None:
    """``run scans/ scans/memo.txt`` reaches memo.txt twice: the refusal says it is one file
    named more than once, not two documents to rename (synthetic text inputs)."""
    scans = tmp_path / "scans"
    scans.mkdir()
    (scans / "memo.txt").write_text("The Embassy reports.\n")
    result = _run("run", str(scans), str(scans / "memo.txt"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "the same file, named more than once: name it once" in result.stderr
    assert not (tmp_path / "out").exists()
    (tmp_path / "other").mkdir()
    (tmp_path / "other/memo.txt").write_text("Another memo.\n")  # two files: rename one
    result = _run("run", str(scans), str(tmp_path / "other"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "rename one" in result.stderr
    assert "named more than once" not in result.stderr


def test_a_folder_with_no_documents_says_so(tmp_path: Path) -> None:
    """An empty input folder (or one holding only hidden files) ran as "0 of 0 documents
    done", exit 0, and nothing else: a mistyped folder passed for a batch done (eyes36).
    Still exit 0 (an inbox may be empty today), with a warning naming the folder."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / ".DS_Store").write_bytes(b"\0")
    result = _run("run", str(inbox), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert f"WARNING: {inbox}: no documents in it (PDF, TIFF" in result.stderr
    (inbox / "memo.txt").write_text("The Embassy reports.\n")
    result = _run("run", str(inbox), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0 and "no documents" not in result.stderr


def test_reviews_naming_a_file_is_a_usage_error(tmp_path: Path) -> None:
    """``--reviews`` naming a file: the run refuses before any work (it would otherwise read no
    decision there, silently) and ``decide`` says so instead of a traceback (synthetic text
    input)."""
    (tmp_path / "memo.txt").write_text("The Embassy reports tbe talks.\n")
    (tmp_path / "reviews").write_text("")  # a file where the reviews folder should be
    out = tmp_path / "out"
    said = "--reviews exists and is not a folder"
    result = _run(
        "run", str(tmp_path / "memo.txt"), "--out", str(out), "--reviews", str(tmp_path / "reviews")
    )
    assert result.exit_code == 2 and said in result.stderr
    assert not out.exists()
    ok = _run(
        "run", str(tmp_path / "memo.txt"), "--out", str(out), "--reviews", str(tmp_path / "r")
    )
    assert ok.exit_code == 0, ok.output
    for args in (
        ("decide", str(out / "memo"), "anything", "accept"),
        ("review", str(out), "--list"),
        ("forget", "--out", str(out)),
    ):
        result = _run(*args, "--reviews", str(tmp_path / "reviews"))
        assert result.exit_code == 2 and said in result.stderr, (args, result.output)


def test_review_says_why_a_folder_cannot_be_reviewed(tmp_path: Path) -> None:
    """``review OUT/<name>`` of a document the run failed on says so, and of a name with no
    folder says there is none, rather than asking for the OUT/<name> it was given (synthetic
    inputs: an empty page image and a text)."""
    scans = tmp_path / "scans"
    scans.mkdir()
    (scans / "blank.png").write_bytes(b"")  # fails: empty file
    (scans / "memo.txt").write_text("The Embassy reports.\n")
    out, reviews = tmp_path / "out", str(tmp_path / "reviews")
    assert _run("run", str(scans), "--out", str(out), "--reviews", reviews).exit_code == 1
    result = _run("review", str(out / "blank"), "--list", "--reviews", reviews)
    assert result.exit_code == 2 and "the run failed on this document" in result.stderr
    result = _run("review", str(out), "memoo", "--list", "--reviews", reviews)
    assert result.exit_code == 2 and "memoo: no such folder" in result.stderr
