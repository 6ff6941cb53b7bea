"""What a hostile or careless user hits: nothing outside --out, nothing executed, nothing lost.

One test (or a few) per class of issue 11: names that would leave ``--out`` or clash with
foia-clean's own files, links out of the input folder, links and users' files inside the output
folder, the output folder inside the input, unwritable output, oversized text, leaks and
terminal spoofing in messages, a 0-page PDF, cache entries of the wrong shape, OCR workers that
outlive their parent. All inputs are synthetic, made here. Pages are OCRed by the fake engine
(``fake_ocr``) where OCR is not the point; most documents are text, which needs none.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import outputs
from pipeline.cli import app
from pipeline.core.config import OcrSettings, RunConfig
from pipeline.core.errors import ExitCode, OutputError, UsageError
from pipeline.core.fileio import TMP_SUFFIX
from pipeline.core.stage import Stage
from pipeline.runner import STAGES, run_batch

FAKE = OcrSettings(engine="fake")
TEXT = "SUBJECT: TALKS IN GENEVA\n\nThe Minsk Group met in Geneva on Tuesday.\n"


def _config(out: Path, **kw) -> RunConfig:
    kw.setdefault("correct", False)  # correction is not under test here: faster without it
    return RunConfig(out_dir=out, ocr=FAKE, jobs=1, reviews=out.parent / "reviews", **kw)


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (links not followed), for "nothing else changed" checks."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if not p.is_symlink() else b"link")
        for p in sorted(folder.rglob("*"))
        if p.is_file() or p.is_symlink()
    }


def _statuses(out: Path) -> dict[str, str]:
    return {n: d["status"] for n, d in outputs.read_manifest(out).items()}


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """scans/ with two good text documents."""
    scans = tmp_path / "scans"
    scans.mkdir()
    (scans / "good-1.txt").write_text(TEXT)
    (scans / "good-2.txt").write_text(TEXT.replace("Tuesday", "Friday"))
    return scans


# --- names: found before any work, fail that document only ---------------------------------


@pytest.mark.parametrize(
    ("file_name", "why"),
    [
        ("_batch.txt", "reserved"),  # the batch-wide review log
        ("manifest.json.txt", "reserved"),  # OUT/manifest.json
        ("a" * 251 + ".txt", "bytes long"),  # a 255-byte name
        ("memo\x1b[2K\n.txt", "control characters"),
        ("memo\u202eTXT.txt", "control characters"),  # a direction override
    ],
)
def test_unusable_name_fails_that_document_alone(
    batch: Path, tmp_path: Path, file_name: str, why: str
) -> None:
    (tmp_path / "reviews").mkdir()  # a 255-byte name once stopped the run once reviews/ existed
    (batch / file_name).write_text(TEXT)
    outside = {p.name for p in tmp_path.iterdir()} | {"out"}
    errors = []
    report = run_batch([batch], _config(tmp_path / "out"), on_error=errors.append)
    assert _statuses(tmp_path / "out") == {"good-1": "done", "good-2": "done"}
    assert {p.name for p in tmp_path.iterdir()} == outside  # nothing next to --out
    assert [e.reason for e in errors] and why in errors[0].reason
    (bad,) = report.failed
    assert bad.rejected and why in (bad.reason or "")
    # No folder to hold a record: the run log lists it.
    run = outputs.read_run_log(tmp_path / "out")[0]["run"]
    assert [r["source"] for r in run["rejected"]] == [f"scans/{file_name}"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == [
        "good-1",
        "good-2",
        "index.sqlite",
    ]


@pytest.mark.parametrize(
    ("file_name", "why"),
    [
        ("...txt", "outside --out"),  # stem "..": once written into the folder above --out
        ("..txt", "outside --out"),  # stem "."
        (".hidden.txt", "starts with '.'"),
    ],
)
def test_dot_names_named_on_the_command_line_are_refused(
    tmp_path: Path, batch: Path, file_name: str, why: str
) -> None:
    """In a folder such names are hidden files and skipped; named as arguments they are read,
    and their names cannot be output folders."""
    (tmp_path / "elsewhere").mkdir()
    bad = tmp_path / "elsewhere" / file_name
    bad.write_text(TEXT)
    errors = []
    out = tmp_path / "elsewhere/out"
    report = run_batch([bad, batch / "good-1.txt"], _config(out), on_error=errors.append)
    assert report.failed[0].rejected and why in errors[0].reason
    assert _statuses(out) == {"good-1": "done"}
    assert sorted(p.name for p in (tmp_path / "elsewhere").iterdir()) == sorted([file_name, "out"])
    listing = sorted(p.name for p in out.iterdir())
    assert listing == [".cache", ".foia-clean.lock", ".runs", "good-1", "index.sqlite"]


def test_dotted_folder_document_fails_under_its_own_name(tmp_path: Path, batch: Path) -> None:
    (batch / "memo.v2").mkdir()
    (batch / "memo.v2/notes.doc").write_text("not a page")  # no page images: fails
    (tmp_path / "out/memo.v2").mkdir(parents=True)
    (tmp_path / "out/memo.v2/metadata.json").write_text("{}")  # an old run's, now stale
    run_batch([batch], _config(tmp_path / "out"))
    error = json.loads((tmp_path / "out/memo.v2/error.json").read_text())
    # The kinds a folder takes, as the README names them (JPEG 2000 pages are read too).
    assert error["reason"] == "folder holds no page images (PNG, JPEG, JPEG 2000 or TIFF)"
    assert error["source"] == "scans/memo.v2"
    assert not (tmp_path / "out/memo.v2/metadata.json").exists()
    assert not (tmp_path / "out/memo").exists()
    assert _statuses(tmp_path / "out")["memo.v2"] == "failed"


# --- links leaving the input folder ---------------------------------------------------------


def test_link_out_of_the_input_folder_is_refused_unless_follow_links(
    tmp_path: Path, batch: Path
) -> None:
    secret = tmp_path / "elsewhere/secret.txt"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (batch / "secret.txt").symlink_to(secret)
    (batch / "inside.txt").symlink_to(batch / "good-1.txt")  # a link within the folder is fine
    (batch / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    errors = []
    run_batch([batch], _config(tmp_path / "out"), on_error=errors.append)
    statuses = _statuses(tmp_path / "out")
    assert statuses == {
        "good-1": "done",
        "good-2": "done",
        "inside": "done",
        "secret": "failed",
        "broken": "failed",
    }
    reasons = {Path(e.path).name: e.reason for e in errors}
    assert "--follow-links" in reasons["secret.txt"]
    assert "broken symbolic link" in reasons["broken.txt"]
    assert not (tmp_path / "out/secret/raw.txt").exists()

    run_batch([batch], _config(tmp_path / "out", follow_links=True))
    assert _statuses(tmp_path / "out")["secret"] == "done"


def test_folder_document_with_a_page_linked_from_outside_is_refused(
    tmp_path: Path, batch: Path, blank_page, fake_ocr
) -> None:
    outside = blank_page("elsewhere/p-1.png")
    (batch / "memo").mkdir()
    (batch / "memo/p-1.png").symlink_to(outside)
    errors = []
    run_batch([batch], _config(tmp_path / "out"), on_error=errors.append)
    assert _statuses(tmp_path / "out")["memo"] == "failed"
    assert "p-1.png" in errors[0].reason and "--follow-links" in errors[0].reason


# --- links and users' files inside the output folder ----------------------------------------


def test_linked_pages_folder_is_never_written_through(tmp_path: Path, make_image, fake_ocr) -> None:
    scans = tmp_path / "scans"
    make_image("scans/memo.png", ["x"], dpi=100)
    make_image("scans/other.png", ["y"], dpi=100)
    fake_ocr.update({"memo.png": "The talks resumed.", "other.png": "Other text."})
    out = tmp_path / "out"
    run_batch([scans], _config(out))
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "0001.json").write_text("the user's own file")
    (victim / "keep.txt").write_text("keep")
    before = _tree(victim)

    shutil.rmtree(out / "memo/pages")
    (out / "memo/pages").symlink_to(victim)
    errors = []
    run_batch([scans], _config(out), on_error=errors.append)
    assert _tree(victim) == before
    assert _statuses(out) == {"memo": "failed", "other": "done"}
    assert "symbolic link" in errors[0].reason
    assert "symbolic link" in json.loads((out / "memo/error.json").read_text())["reason"]

    # The document folder itself a link: nothing written or deleted there either.
    shutil.rmtree(out / "other")
    (out / "other").symlink_to(victim)
    run_batch([scans], _config(out))
    assert _tree(victim) == before


@pytest.mark.parametrize("inside", [".cache", ".cache/strip", ".foia-clean.lock"])
def test_links_where_the_run_writes_its_own_files_stop_it(
    tmp_path: Path, batch: Path, inside: str
) -> None:
    out = tmp_path / "out"
    run_batch([batch], _config(out))
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "precious").write_text("keep")
    target = out / inside
    if target.is_dir():
        shutil.rmtree(target)
    else:
        target.unlink()
    target.symlink_to(victim if inside.startswith(".cache") else victim / "precious")
    with pytest.raises(UsageError, match="symbolic link"):
        run_batch([batch], _config(out))
    assert _tree(victim) == {"precious": b"keep"}


def test_only_own_files_are_deleted(tmp_path: Path, batch: Path) -> None:
    out = tmp_path / "out"
    run_batch([batch], _config(out))
    mine = [
        out / ".notes.tmp",  # a user's temporary files, of the shape ours once had
        out / "good-1/.draft.txt.abcd1234.tmp",
        out / "good-1/notes.txt",
        out / "good-1/pages/annotations.txt",
        out / ".cache/strip/.x.tmp",
    ]
    for p in mine:
        p.write_text("mine")
    ours = out / f"good-1/.raw.txt.k2j4h5g6{TMP_SUFFIX}"  # a killed run's temporary file
    ours.write_text("half")
    (batch / "good-1.txt").write_bytes(b"caf\xe9 not utf-8")  # now fails: outputs cleared
    run_batch([batch], _config(out))
    assert all(p.read_text() == "mine" for p in mine)
    assert not ours.exists()
    assert not (out / "good-1/raw.txt").exists() and (out / "good-1/error.json").is_file()


# --- output inside the input ----------------------------------------------------------------


def test_out_equal_to_an_input_folder_is_a_usage_error(batch: Path) -> None:
    before = _tree(batch)
    with pytest.raises(UsageError, match="output folder"):
        run_batch([batch], _config(batch))
    assert _tree(batch) == before  # not even a lock file left in the scans


def test_out_inside_the_input_folder_is_not_read_as_input(batch: Path) -> None:
    out = batch / "out"
    for _ in range(2):
        report = run_batch([batch], _config(out))
        assert not report.failed
        assert _statuses(out) == {"good-1": "done", "good-2": "done"}


def test_input_inside_out_is_a_usage_error(tmp_path: Path, batch: Path) -> None:
    out = tmp_path / "out"
    run_batch([batch], _config(out))
    with pytest.raises(UsageError, match="inside"):
        run_batch([out / "good-1"], _config(out))


# --- unwritable places ----------------------------------------------------------------------


runner = CliRunner()


def test_unwritable_out_is_one_line_and_exit_5(tmp_path: Path, batch: Path) -> None:
    target = Path("/sys/foia-clean-test-out")
    try:
        target.mkdir()
    except OSError:
        pass
    else:  # pragma: no cover - a machine where /sys takes new folders
        target.rmdir()
        pytest.skip("/sys is writable here")
    # Its own reviews folder: ./reviews (a README walk's decisions, say) adds a line of its own.
    reviews = str(tmp_path / "reviews")
    args = ["run", str(batch), "--out", str(target), "--reviews", reviews, "--quiet"]
    result = runner.invoke(app, args)
    assert result.exit_code == ExitCode.CANNOT_WRITE == 5
    assert isinstance(result.exception, SystemExit)  # no traceback: a clean exit
    assert len(result.output.strip().splitlines()) == 1
    assert "cannot create the output folder" in result.output


def test_full_disk_stops_the_run_and_leaves_nothing_stale(
    tmp_path: Path, batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    run_batch([batch], _config(out))
    (batch / "good-2.txt").write_text(TEXT.replace("Tuesday", "Sunday"))

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    result = runner.invoke(app, ["run", str(batch), "--out", str(out), "--quiet", "--no-correct"])
    assert result.exit_code == ExitCode.CANNOT_WRITE
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [
        f"foia-clean: error: cannot write {out / '.cache/strip'}: No space left on device"
    ]
    # No old output looks current: no metadata.json, no manifest claiming "done".
    assert not (out / "good-2/metadata.json").exists()
    assert not (out / "good-2/manifest.json").exists() or _statuses(out)["good-2"] == "failed"
    assert not [p for p in out.rglob("*") if p.name.endswith(TMP_SUFFIX)]

    monkeypatch.undo()
    assert not run_batch([batch], _config(out)).failed
    assert "Sunday" in (out / "good-2/clean.txt").read_text()


def test_full_disk_while_writing_a_document(
    tmp_path: Path, batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    run_batch([batch], _config(out))  # everything cached: only the outputs are written again
    (out / "good-1/metadata.json").unlink()
    # A file whose bytes are unchanged is not rewritten: this one differs, so it is.
    (out / "good-1/raw.txt").write_text("changed since the last run\n")
    real = os.replace

    def replace(src, dst):
        if Path(dst).name == "raw.txt":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError, match="No space left"):
        run_batch([batch], _config(out))
    monkeypatch.undo()
    for name in ("good-1", "good-2"):
        assert not (out / name / "metadata.json").exists()
    assert not [p for p in out.rglob("*") if p.name.endswith(TMP_SUFFIX)]


# --- resources ------------------------------------------------------------------------------


def test_text_over_the_limit_fails_with_the_option_to_raise_it(tmp_path: Path, batch: Path) -> None:
    (batch / "huge.txt").write_text(TEXT * 200)  # ~15 kB; the limit is set below it
    errors = []
    run_batch([batch], _config(tmp_path / "out", max_text_mb=0.01), on_error=errors.append)
    assert _statuses(tmp_path / "out") == {"good-1": "done", "good-2": "done", "huge": "failed"}
    assert "--max-text-mb" in errors[0].reason and "0.01 MB" in errors[0].reason
    run_batch([batch], _config(tmp_path / "out", max_text_mb=1))
    assert _statuses(tmp_path / "out")["huge"] == "done"


def test_the_text_limit_holds_for_markdown_too_and_its_help_says_so(
    tmp_path: Path, batch: Path
) -> None:
    # A JFK release's OCR text comes as .md: the limit is on every text document, and
    # `run --help` said ".txt document" alone.
    (batch / "huge.md").write_text(TEXT * 200)
    errors = []
    run_batch([batch], _config(tmp_path / "out", max_text_mb=0.01), on_error=errors.append)
    assert _statuses(tmp_path / "out")["huge"] == "failed"
    assert "--max-text-mb" in errors[0].reason
    result = runner.invoke(app, ["run", "--help"], terminal_width=200)
    assert ".md" in " ".join(result.output.split()).split("--max-text-mb", 1)[1][:200]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
@pytest.mark.parametrize("method", ["fork", "forkserver"])  # forkserver: Python 3.14's default
def test_ocr_workers_die_with_the_main_process(tmp_path: Path, method: str) -> None:
    script = tmp_path / "parent.py"
    script.write_text(
        textwrap.dedent(
            """
            import multiprocessing, os, sys, time
            from concurrent.futures import ProcessPoolExecutor
            from pipeline.executors import _worker_init

            def work(_):
                time.sleep(0.2)
                return os.getpid()

            if __name__ == "__main__":
                pool = ProcessPoolExecutor(
                    2,
                    mp_context=multiprocessing.get_context(sys.argv[1]),
                    initializer=_worker_init,
                    initargs=(os.getpid(),),
                )
                pids = sorted(set(pool.map(work, range(4))))
                print(" ".join(map(str, pids)), flush=True)
                pool.submit(time.sleep, 60)
                time.sleep(60)
            """
        )
    )
    proc = subprocess.Popen(
        [sys.executable, str(script), method],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    pids: list[int] = []
    try:
        assert proc.stdout is not None
        pids = [int(p) for p in proc.stdout.readline().split()]
        assert pids and all(_alive(p) for p in pids)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(p) for p in pids)
    finally:
        proc.kill()
        for pid in pids:  # a failed check leaves no orphans behind
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


# --- leaks and spoofing ---------------------------------------------------------------------


class _Leaky(Stage):
    """A stage that fails with the kind of OSError a library raises: absolute path, temp name."""

    name = "leaky"

    def run(self, state, ctx):
        tmp = ctx.config.out_dir.absolute() / state.name / f".raw.txt.k2j4h5g6{TMP_SUFFIX}"
        raise OSError(errno.EIO, "Input/output error", str(tmp))


def test_error_texts_hold_no_absolute_paths_or_temporary_names(tmp_path: Path, batch: Path) -> None:
    out = tmp_path / "out"
    run_batch([batch], _config(out), stages=(*STAGES[:1], _Leaky()))
    for text in (
        (out / "good-1/error.json").read_text(),
        (out / "good-1/manifest.json").read_text(),
    ):
        assert "Input/output error" in text
        assert str(tmp_path) not in text and "k2j4h5g6" not in text


def test_names_reach_the_terminal_escaped(tmp_path: Path, batch: Path) -> None:
    (batch / "x\x1b[1A\x1b[2Kforged\n.txt").write_text(TEXT)
    (batch / "pages").mkdir()
    (batch / "pages/p\x1b]0;title\x07.doc").write_text("")  # logged as an ignored entry
    result = runner.invoke(
        app,
        ["run", str(batch), "--out", str(tmp_path / "out"), "--no-correct", "--engine", "fake"],
    )
    assert result.exit_code == ExitCode.SOME_FAILED
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b[1A\\x1b[2Kforged\\n" in result.output
    assert not any(line.startswith(".txt") for line in result.output.splitlines())


# --- misreported ----------------------------------------------------------------------------


def test_zero_page_pdf_says_so(tmp_path: Path, batch: Path, fake_ocr) -> None:
    """PDFium leaves its error code unset for a PDF without pages: neither "Success" nor the
    error of the PDF before it (here an encrypted one) may be reported."""
    import pypdfium2 as pdfium
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.encrypt(user_password="secret", owner_password="owner")
    with (batch / "a-locked.pdf").open("wb") as fh:
        writer.write(fh)
    pdfium.PdfDocument.new().save(batch / "b-empty.pdf")
    errors = []
    run_batch([batch], _config(tmp_path / "out"), on_error=errors.append)
    assert {Path(e.path).name: e.reason for e in errors} == {
        "a-locked.pdf": "PDF is encrypted (password required)",
        "b-empty.pdf": "PDF has no pages",
    }


def test_cache_entries_of_the_wrong_shape_are_recomputed(
    tmp_path: Path, batch: Path, blank_page, fake_ocr
) -> None:
    blank_page("scans/memo.png")
    fake_ocr["memo.png"] = "The Minsk Group met in Geneva."
    out = tmp_path / "out"
    config = _config(out, correct=True)
    run_batch([batch], config)
    before = _tree(out)
    entries = [p for p in (out / ".cache").rglob("*.json")]
    assert {p.parent.name for p in entries} >= {"ocr", "strip", "correct"}
    shapes = [
        [],
        {},
        "x",
        None,
        {"lines": 3},
        {"page": 1, "lines": [{"text": 7}]},  # a page whose line text is a number
        {"text": 5, "spans": [], "removals": [], "fields": {}},  # strip's keys, wrong types
        {"text": 5, "corrections": [], "manual_pages": [], "tokens": 1},  # correct's
    ]
    for offset in (0, 3, 6):  # three runs, each entry a different shape in each
        for i, p in enumerate(sorted(entries)):
            p.write_text(json.dumps(shapes[(i + offset) % len(shapes)]))
        assert not run_batch([batch], config).failed
    assert {k: v for k, v in _tree(out).items() if not k.startswith((".", "manifest"))} == {
        k: v for k, v in before.items() if not k.startswith((".", "manifest"))
    }
    assert all(d.reused.get("strip") for d in run_batch([batch], config).documents)
