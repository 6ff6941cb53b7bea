"""What a run and a review say at their ends (and a run at its start) so nothing goes unnoticed.

* pages flagged for manual transcription are named after the run's summary and after
  ``review --list`` (on stderr: stdout keeps one row per proposal);
* a page OCR could not read is counted in the summary as the progress bar counted it;
* a reviews folder holding decisions on documents not in this run is named at the start;
* a review ended with nothing decided does not claim to have brought outputs up to date.

Pages are synthetic, read by the fake engine (``tests/fake_engine.py``): garbage at
confidence 30 is what OCR reads off a photo or a too-faint page (``test_manual_pages``).
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from rich.console import Console
from test_manual_pages import GARBAGE, GOOD_1, GOOD_3
from test_review import ROOT, Batch
from test_review_web import draw_page
from typer.testing import CliRunner

import pipeline
from pipeline.cli import app
from pipeline.cli.console import RichProgress
from pipeline.core.cache import StageCache
from pipeline.core.config import OcrSettings, RunConfig
from pipeline.core.enums import DocKind
from pipeline.core.records import DocumentSource
from pipeline.core.stage import DocState, RunContext, Stage
from pipeline.executors import Executor, TaskRun
from pipeline.review import Action, Decision, ReviewStore, Scope
from pipeline.review.outputs import after_review
from pipeline.review.queue import ReviewQueue
from pipeline.runner import run_batch

runner = CliRunner()


def _scans(tmp_path: Path, fake_ocr: dict[str, str], docs: dict[str, list[list[str]]]) -> Path:
    """One folder document per entry of ``docs``, one page image per entry of its list."""
    scans = tmp_path / "scans"
    for name, pages in docs.items():
        folder = scans / name
        folder.mkdir(parents=True)
        for n, lines in enumerate(pages, 1):
            draw_page([*lines, f"{name} p{n}"]).save(folder / f"{name}-{n}.png", dpi=(100, 100))
            fake_ocr[f"{name}-{n}.png"] = "\n".join(lines)
    return scans


def _run(tmp_path: Path, scans: Path, *args: str):
    cmd = ["run", str(scans), "--out", str(tmp_path / "out"), "--engine", "fake", "--jobs", "1"]
    cmd += ["--reviews", str(tmp_path / "reviews"), "--dictionaries", str(ROOT / "dictionaries")]
    return runner.invoke(app, [*cmd, *args], catch_exceptions=False)


def test_pages_for_manual_transcription_are_named_after_the_run_and_the_list(
    tmp_path: Path, fake_ocr: dict[str, str]
) -> None:
    scans = _scans(
        tmp_path, fake_ocr, {"cable": [GOOD_1, GARBAGE, GOOD_3], "memo": [GARBAGE, GOOD_3]}
    )
    result = _run(tmp_path, scans, "--quiet")
    assert result.exit_code == 0, result.output
    stderr = " ".join(result.stderr.split())
    assert "2 pages to type by hand (OCR could not read them): cable p2 (no reading looks" in stderr
    assert "judged not text" not in stderr
    assert ", memo p1 (no reading looks like text" in stderr
    assert "metadata.json lists them (manual_transcription)" in stderr
    # stdout keeps one line per document, done.
    assert [ln.split("\t")[:2] for ln in result.stdout.splitlines()] == [
        ["cable", "done"],
        ["memo", "done"],
    ]

    out = tmp_path / "out"
    reviews = ["--reviews", str(tmp_path / "reviews")]
    listed = runner.invoke(app, ["review", str(out), "--list", *reviews])
    assert listed.exit_code == 0, listed.output
    assert "2 pages to type by hand (OCR could not read them): cable p2" in " ".join(
        listed.stderr.split()
    )
    assert "manual" not in listed.stdout  # proposals only: scripts read these rows
    one = runner.invoke(app, ["review", str(out / "memo"), "--list", *reviews])
    assert "1 page to type by hand (OCR could not read it): memo p1" in " ".join(one.stderr.split())
    # The advice names this run's output folder, not a placeholder OUT.
    # The advice names the reviews folder in use (not ./reviews), so it reads these decisions.
    opt = f" --reviews {tmp_path / 'reviews'}"
    assert f"'foia-clean review {out} --web{opt}'" in " ".join(listed.stderr.split())
    assert f"foia-clean decide {out}/<name> page-N edit{opt}" in " ".join(one.stderr.split())

    # The web review's last page (nothing to ask) names them too.
    from starlette.testclient import TestClient

    from pipeline.review.web import make_app

    queue = ReviewQueue(out, ReviewStore(tmp_path / "reviews"))
    assert [(name, n) for name, n, _ in queue.manual()] == [("cable", 2), ("memo", 1)]
    page = TestClient(make_app(queue, "t", {"testserver"})).get("/", headers={"X-Token": "t"})
    assert "2 pages to type by hand" in page.text and "judged not text" not in page.text
    assert "<li>cable p2: no reading looks like text" in page.text


def test_a_page_correction_judged_not_text_is_named_but_not_offered_to_type(
    tmp_path: Path,
) -> None:
    """Synthetic text input: page 2 is made-up letter strings that no dictionary knows. The
    correct stage lists it under manual_transcription and keeps its text (no placeholder), so
    the review names it without advising to type it, and ``decide page-2`` says why not."""
    scans = tmp_path / "scans"
    scans.mkdir()
    made_up = " ".join(["qwrtzp", "vbnmxl", "zzkqrt", "plmnbv", "xkcdqw", "trwqzx"] * 4)
    (scans / "memo.txt").write_text("\n".join(GOOD_1) + "\f" + made_up + "\n", encoding="utf-8")
    assert _run(tmp_path, scans, "--quiet").exit_code == 0
    out, reviews = tmp_path / "out", ["--reviews", str(tmp_path / "reviews")]
    assert "qwrtzp" in (out / "memo" / "clean.txt").read_text()
    listed = runner.invoke(app, ["review", str(out), "--list", *reviews])
    said = " ".join(listed.stderr.split())
    # one definition, said alike by the run's summary, the list, decide and the web
    not_text = "1 page judged not text by correction (OCR's reading kept in clean.txt, nothing"
    assert not_text in said and "to type by hand" not in said
    assert "nothing proposed, nothing to type): memo p2 (" in said
    run = " ".join(_run(tmp_path, scans, "--quiet").stderr.split())
    assert not_text in run and "to type by hand" not in run
    assert "Type a flagged page" not in said and "placeholder line" not in said
    r = runner.invoke(app, ["decide", str(out / "memo"), "page-2", "--text", "x", *reviews])
    assert r.exit_code == 2 and "judged not text by correction" in " ".join(r.stderr.split())
    assert not (tmp_path / "reviews" / "memo.jsonl").exists()
    from starlette.testclient import TestClient

    from pipeline.review.web import make_app

    queue = ReviewQueue(out, ReviewStore(tmp_path / "reviews"))
    client = TestClient(make_app(queue, "t", {"testserver"}))
    page = client.get("/", headers={"X-Token": "t"})
    assert "1 page judged not text by correction" in page.text
    assert "to type by hand" not in page.text and "Pages to type (" not in page.text
    # The JSON API refuses to type it with decide's reason, not a bare "not flagged".
    typed = client.post(
        "/api/transcribe",
        json={"document": "memo", "page": 2, "text": "x"},
        headers={"X-Token": "t"},
    )
    assert typed.status_code == 404
    assert "judged not text by correction" in typed.json()["error"]
    other = client.post(
        "/api/transcribe",
        json={"document": "memo", "page": 1, "text": "x"},
        headers={"X-Token": "t"},
    )
    assert other.status_code == 404 and "is not flagged" in other.json()["error"]


def test_no_pages_flagged_no_line(tmp_path: Path, fake_ocr: dict[str, str]) -> None:
    result = _run(tmp_path, _scans(tmp_path, fake_ocr, {"cable": [GOOD_1]}), "--quiet")
    assert result.exit_code == 0, result.output
    assert "manual transcription" not in result.stderr
    listed = runner.invoke(app, ["review", str(tmp_path / "out"), "--list"])
    assert "manual transcription" not in listed.stderr


class _Counted:
    """A ``Progress`` that counts what the OCR bar was advanced by."""

    def __init__(self) -> None:
        self.bars: dict[str, list[int]] = {}
        self._current = ""

    def start(self, total: int, description: str, unit: str = "pages") -> None:
        self._current = description
        self.bars[description] = [total, 0]

    def advance(self, n: int = 1) -> None:
        self.bars[self._current][1] += n

    def finish(self) -> None:
        pass


def test_the_summary_counts_failed_pages_as_the_bar_does(
    tmp_path: Path, fake_ocr: dict[str, str]
) -> None:
    # "lost": its one page cannot be read (the document fails); "part": one of two pages.
    scans = _scans(tmp_path, fake_ocr, {"lost": [GOOD_1], "part": [GOOD_1, GOOD_3]})
    fake_ocr["lost-1.png"] = fake_ocr["part-2.png"] = "!fail"
    progress = _Counted()
    config = RunConfig(
        out_dir=tmp_path / "out",
        reviews=tmp_path / "reviews",
        ocr=OcrSettings(engine="fake"),
        jobs=1,
        dictionaries=ROOT / "dictionaries",
    )
    report = run_batch([scans], config, progress=progress)
    assert progress.bars["OCR"] == [3, 3]  # every page OCR was run on
    by_name = {d.name: d for d in report.documents}
    assert (by_name["lost"].pages_ocred, by_name["lost"].pages_failed) == (0, 1)
    assert (by_name["part"].pages_ocred, by_name["part"].pages_failed) == (1, 1)
    assert "pages OCRed 1, failed 2, reused from cache 0" in report.summary()
    # Again: the page read is reused, the failed ones are tried (and counted) again.
    progress = _Counted()
    again = run_batch([scans], config, progress=progress)
    assert progress.bars["OCR"] == [2, 2]
    assert "pages OCRed 0, failed 2, reused from cache 1" in again.summary()


def _decision(document: str, scope: Scope = Scope.THIS) -> Decision:
    return Decision(
        id=f"d-{document}-{scope.value}",
        document=document,
        correction="c1",
        original="Foriegn",
        context="the Foriegn Minister",
        action=Action.REJECT,
        scope=scope,
    )


def test_a_reviews_folder_of_another_collection_is_named_at_the_start(
    tmp_path: Path, fake_ocr: dict[str, str]
) -> None:
    scans = _scans(tmp_path, fake_ocr, {"cable": [GOOD_1]})
    store = ReviewStore(tmp_path / "reviews")
    store.append(_decision("cable"))
    result = _run(tmp_path, scans, "--quiet")
    assert result.exit_code == 0, result.output
    assert "reviews folder" not in result.stderr  # only this run's documents: nothing to say

    store.append(_decision("telegram"))
    store.append(_decision("telegram", Scope.BATCH))
    result = _run(tmp_path, scans, "--quiet")
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert (
        f"reviews folder {tmp_path / 'reviews'}/ holds 3 decisions, 2 of them on documents not "
        "in this run (telegram); 1 batch-wide, applied to every document here: a reviews "
        "folder belongs to one collection" in said
    )
    assert said.index("reviews folder") < said.index("documents done")  # at the start


def test_a_review_ended_with_nothing_decided_says_nothing_changed(tmp_path: Path) -> None:
    batch = Batch.memo_run(tmp_path)
    result = batch.review("memo", "q\n")
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    nothing = f"Nothing decided: {batch.reviews}/ and the outputs are as they were."
    assert f"0 decided, 0 skipped; 3 still pending in memo. {nothing}" in said
    assert "up to date" not in said
    from pipeline.review.web.app import summary

    queue = ReviewQueue(batch.out, ReviewStore(batch.reviews))
    web = summary(queue)
    assert web.startswith("0 decided") and "up to date" not in web and "Nothing decided" in web
    # A decision, then its undo: 0 decided, but the files were rewritten (twice): it says so.
    queue.decide(queue.items()[0].key, "reject")
    assert queue.undo() is not None
    web = summary(queue)
    assert web.startswith("0 decided") and "are up to date" in web
    assert after_review("reviews", "of memo", recorded=False) == (
        "Nothing decided: reviews/ and the outputs are as they were."
    )


def test_a_review_names_the_batch_command_the_way_the_user_runs_it(tmp_path: Path) -> None:
    # The closing message said "'foia-clean run' (make clean)" to someone who had typed
    # `python -m pipeline run`: it names the command the way this review was started.
    from pipeline.review.outputs import next_run_command

    main = str(Path(pipeline.__file__).with_name("__main__.py"))
    assert next_run_command(main, {}) == "python -m pipeline run"
    assert next_run_command(".venv/bin/foia-clean", {}) == "foia-clean run"
    assert next_run_command(".venv/bin/foia-clean", {"MAKELEVEL": "1"}) == "make clean"
    said = after_review("reviews", "of memo", command="python -m pipeline run")
    assert "on the next 'python -m pipeline run'," in said and "make clean" not in said


def test_warnings_name_no_module_unless_verbose(capsys: pytest.CaptureFixture[str]) -> None:
    """A user reads `WARNING: …`; the logging module's name only with --verbose (debug)."""

    from pipeline.cli.console import stderr_logging

    log = logging.getLogger("pipeline.stages.review")
    with stderr_logging(logging.WARNING):
        log.warning("review decision %s is stale: %s", "d1", "page 2 changed")
    with stderr_logging(logging.DEBUG):
        log.warning("again")
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "WARNING: review decision d1 is stale: page 2 changed",
        "WARNING pipeline.stages.review: again",
    ]


def test_each_stage_bar_is_printed_once_when_stderr_is_not_a_terminal() -> None:
    """On a cluster executor every stage draws a bar (``Stage.run_batch``): with stderr not a
    terminal (a log file, CI), each bar is printed once, not the whole group again at every
    stage's end."""
    buf = io.StringIO()
    progress = RichProgress(Console(file=buf, force_terminal=False, width=100))
    for stage in ("OCR", "strip", "correct", "review"):
        progress.start(3, stage)
        progress.advance(3)
        progress.finish()
    lines = [ln.split()[0] for ln in buf.getvalue().splitlines() if ln.strip()]
    assert lines == ["OCR", "strip", "correct", "review"]


class _InThisProcess(Executor):
    """A cluster executor as ``Stage.run_batch`` sees one (``remote``), running here."""

    workers = 1
    remote = True

    def map(self, fn, items, context=None) -> TaskRun:
        return _Done([fn(*item, context) for item in items])


class _Done(TaskRun):
    def __init__(self, results: list[object]) -> None:
        self._done = results

    def _results(self):
        yield from enumerate(self._done)

    def cancel(self, index: int) -> None:
        pass


class _Echo(Stage):
    name = "echo"

    def run(self, state: DocState, ctx: RunContext) -> str:
        return state.name


def test_a_stage_bar_on_a_cluster_counts_documents_per_minute(tmp_path: Path) -> None:
    """On a cluster every per-document stage draws a bar of one task per document: its rate is
    in documents per minute (the OCR bar's in pages), not pages it never counted."""
    buf = io.StringIO()
    progress = RichProgress(Console(file=buf, force_terminal=False, width=120))
    ctx = RunContext(
        config=RunConfig(out_dir=tmp_path / "out"),
        cache=StageCache(tmp_path / "cache"),
        progress=progress,
        executor=_InThisProcess(),
    )
    states = [DocState(DocumentSource(n, tmp_path / n, DocKind.TEXT)) for n in ("a", "b")]
    after = _Echo().run_batch(states, ctx)
    assert [s.output("echo") for s in after] == ["a", "b"]
    bar = [ln for ln in buf.getvalue().splitlines() if ln.startswith("echo")]
    assert len(bar) == 1 and "2/2" in bar[0] and "documents/min" in bar[0]
    assert "pages/min" not in buf.getvalue()
    progress.start(3, "OCR")  # the OCR bar keeps counting pages
    progress.advance(3)
    progress.finish()
    assert "pages/min" in buf.getvalue().splitlines()[-1]
