"""Review: decisions recorded at once, never lost, re-applied on every run and learned.

Fixtures run the real pipeline (``run_batch``) on small text documents with OCR errors the
correct stage proposes rather than applies (``Alayev``, ``tbc``, ``Akiyev``), then drive
``foia-clean review`` through piped stdin as a person would. A scanned page is OCRed by the fake
engine (``fake_ocr``), told what the page says.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.core.config import OcrSettings, RunConfig
from pipeline.core.text import recase
from pipeline.lexicon import Lexicon
from pipeline.review import (
    CHANGED,
    Action,
    Decision,
    ReviewLogError,
    ReviewStore,
    Scope,
    apply_decisions,
    load_output,
    record_decision,
    resolve,
    review_order,
)
from pipeline.review.queue import ReviewQueue
from pipeline.runner import run_batch
from pipeline.stages.correct import apply_corrections, correct

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent

# ``Alayev`` and ``Akiyev`` are near misses of lexicon names (Akayev, Aliyev in people.txt):
# the correct stage proposes such names, never applies them. (Until issue 15 the fixture used
# ``Raphel``, a US ambassador now protected by people_pocom.txt, and ``Mallott``, whose
# proposal nothing in the text supports: neither is proposed any more.)
MEMO = """SUBJECT: TALKS ON THE CONFLICT

1. Ambassador Alayev met the delegation in Geneva on Tuesday.

2. Both sides said tbc meeting was short and friendly.

3. Mr. Akiyev agreed to continue the talks next month.
"""
FOLLOW_UP = """SUBJECT: FOLLOW-UP

The delegation thanked Ambassador Alayev for his work. Later, tbc group met
Mr. Akiyev again. Ambassador Alayev will travel to Baku.
"""


class Batch:
    """A scans/ folder, its out/ and reviews/ in a temporary folder.

    Page images are OCRed by the fake engine: a test with one asks for the ``fake_ocr`` fixture
    and tells it what the page says.
    """

    @classmethod
    def memo_run(cls, root: Path) -> Batch:
        """A batch of the one document ``memo`` (``MEMO``), already run: most review tests'
        starting point."""
        b = cls(root)
        b.write("memo", MEMO)
        b.run()
        return b

    def __init__(self, root: Path) -> None:
        self.root = root
        self.scans = root / "scans"
        self.out = root / "out"
        self.reviews = root / "reviews"
        self.scans.mkdir()

    def write(self, name: str, text: str) -> Path:
        path = self.scans / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        return path

    def run(self, *names: str) -> None:
        paths = [self.scans / f"{n}.txt" for n in names] if names else [self.scans]
        report = run_batch(
            paths,
            RunConfig(
                out_dir=self.out,
                reviews=self.reviews,
                ocr=OcrSettings(engine="fake"),
                jobs=1,
                dictionaries=ROOT / "dictionaries",
            ),
        )
        assert not report.failed, report.documents

    def doc(self, name: str) -> Path:
        return self.out / name

    def records(self, name: str) -> list[dict]:
        lines = (self.doc(name) / "corrections.jsonl").read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line]

    def clean(self, name: str) -> str:
        return (self.doc(name) / "clean.txt").read_text(encoding="utf-8")

    def log(self, name: str) -> list[dict]:
        path = self.reviews / f"{name}.jsonl"
        if not path.is_file():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line]

    def lexicon(self) -> list[str]:
        path = self.reviews / "lexicon.txt"
        return path.read_text().splitlines()[1:] if path.is_file() else []

    def review(self, name: str, answers: str, *args: str):
        return runner.invoke(
            app,
            ["review", str(self.doc(name)), "--reviews", str(self.reviews), *args],
            input=answers,
            catch_exceptions=False,
        )

    def decide(self, name: str, *args: str):
        return runner.invoke(
            app,
            ["decide", str(self.doc(name)), *args, "--reviews", str(self.reviews)],
            catch_exceptions=False,
        )

    def pending(self, name: str) -> list[str]:
        result = self.review(name, "", "--list")
        assert result.exit_code == 0, result.output
        return [line.split("\t")[2] for line in result.stdout.splitlines()]

    def check_invariant(self, name: str) -> None:
        """Applying the records that mean "changed" to stripped.txt gives clean.txt exactly."""
        out = load_output(self.doc(name))
        from pipeline.stages.correct import Correction

        records = [Correction.from_dict(r) for r in self.records(name)]
        clean = apply_corrections(out.stripped, records, CHANGED)
        assert (clean if clean.endswith("\n") else clean + "\n") == self.clean(name)


@pytest.fixture
def batch(tmp_path: Path) -> Batch:
    return Batch.memo_run(tmp_path)


def _line(text: str, word: str) -> str:
    return next(line for line in text.splitlines() if word in line)


# -- the whole review through piped stdin ----------------------------------------------------


def test_piped_review_accept_reject_edit_quit_then_rerun(batch: Batch) -> None:
    assert batch.pending("memo") == ["Alayev", "tbc", "Akiyev"]
    result = batch.review("memo", "r\na\ne\nAkhiyev\nq\n")
    assert result.exit_code == 0, result.output
    assert "1 of 3" in result.output and "3 of 3" in result.output
    assert "3 decided" in result.output

    # In reviews/: one record per answer, in order, with the key that finds the word again.
    log = batch.log("memo")
    assert [(d["action"], d["original"], d.get("replacement")) for d in log] == [
        ("reject", "Alayev", None),
        ("accept", "tbc", "the"),
        ("edit", "Akiyev", "Akhiyev"),
    ]
    assert all(d["context"] and d["document"] == "memo" and d["time"] for d in log)
    assert "Ambassador Alayev met" in log[0]["context"]
    # In the user lexicon: the rejected word, the accepted and the edited corrections.
    assert batch.lexicon() == ["Alayev", "tbc -> the", "Akiyev -> Akhiyev"]
    # In clean.txt at once (the review updates the output).
    clean = batch.clean("memo")
    assert "Ambassador Alayev met" in clean
    assert "said the meeting" in clean
    assert "Mr. Akhiyev agreed" in clean
    batch.check_invariant("memo")
    assert batch.pending("memo") == []

    # A re-run re-applies every decision: the same clean.txt, nothing pending.
    batch.run()
    assert batch.clean("memo") == clean
    batch.check_invariant("memo")
    assert batch.pending("memo") == []
    by_original = {r["original"]: r for r in batch.records("memo")}
    # A confirmed word, no longer proposed: its record stays, with the decision.
    assert by_original["Alayev"]["decision"] == "rejected"
    assert by_original["Alayev"]["review"]["decision"] == log[0]["id"]
    assert by_original["tbc"]["decision"] == "accepted"
    assert by_original["Akiyev"]["decision"] == "edited"
    assert by_original["Akiyev"]["review"]["decision"] == log[2]["id"]
    meta = json.loads((batch.doc("memo") / "metadata.json").read_text())
    assert meta["review"]["stale"] == [] and meta["review"]["pending"] == 0

    # And a second re-run writes identical bytes.
    files = {f: (batch.doc("memo") / f).read_bytes() for f in ("clean.txt", "corrections.jsonl")}
    files["metadata.json"] = (batch.doc("memo") / "metadata.json").read_bytes()
    batch.run()
    for f, data in files.items():
        assert (batch.doc("memo") / f).read_bytes() == data, f


def test_a_second_document_gets_no_proposal_for_a_rejected_word(batch: Batch) -> None:
    batch.write("follow_up", FOLLOW_UP)
    batch.run("follow_up")
    assert "Alayev" in batch.pending("follow_up")  # proposed before anyone decided
    batch.review("memo", "r\nq\n")  # reject Alayev in the memo
    batch.run()
    assert "Alayev" not in batch.pending("follow_up")
    assert "Ambassador Alayev will travel" in batch.clean("follow_up")


def test_an_accepted_change_is_applied_elsewhere_only_where_the_context_is_alike(
    batch: Batch,
) -> None:
    batch.write("follow_up", FOLLOW_UP)  # "Later, tbc group met": other neighbours
    batch.write("minutes", "MINUTES\n\nBoth sides said tbc meeting went well.\n")
    batch.review("memo", "s\na\nq\n")  # accept tbc -> the ("Both sides said tbc meeting")
    batch.run()
    rec = next(r for r in batch.records("minutes") if r["original"] == "tbc")
    assert rec["decision"] == "applied"
    assert "confirmed correction in the user lexicon" in rec["reason"]
    assert "said the meeting went well" in batch.clean("minutes")
    # Not on another place's say-so: a person decides there.
    rec = next(r for r in batch.records("follow_up") if r["original"] == "tbc")
    assert rec["decision"] == "proposed"
    assert "Later, tbc group met" in batch.clean("follow_up")
    assert "tbc" in batch.pending("follow_up")
    # A batch-wide accept is the rule for every document, and says so.
    listed = batch.review("follow_up", "", "--list").stdout.splitlines()
    tbc = next(line.split("\t")[0] for line in listed if line.split("\t")[2] == "tbc")
    result = batch.decide("follow_up", tbc, "accept", "--batch")
    assert "in every document" in result.output
    assert "Later, the group met" in batch.clean("follow_up")


def test_undo_is_a_record_and_unlearns(batch: Batch) -> None:
    result = batch.review("memo", "r\nu\n2\nq\n")
    assert result.exit_code == 0, result.output
    assert "Undone" in result.output
    log = batch.log("memo")
    assert [d["action"] for d in log] == ["reject", "undo", "candidate"]
    assert log[1]["undoes"] == log[0]["id"]
    assert batch.lexicon() == ["Alayev -> Aliyev"]  # the rejection's word line is gone
    assert "Ambassador Aliyev met" in batch.clean("memo")
    # Undo walks back; with nothing left it says so.
    result = batch.review("memo", "u\nu\nq\n")
    assert "Nothing to undo" in result.output
    assert [d["action"] for d in batch.log("memo")] == ["reject", "undo", "candidate", "undo"]
    assert batch.lexicon() == []
    assert batch.pending("memo") == ["Alayev", "tbc", "Akiyev"]


def test_undo_after_a_rerun_takes_back_what_the_lexicon_applied(batch: Batch) -> None:
    batch.review("memo", "s\na\nq\n")  # accept tbc -> the
    batch.run()  # now the correct stage applies it from the user lexicon
    rec = next(r for r in batch.records("memo") if r["original"] == "tbc")
    assert rec["decision"] == "accepted" and "user lexicon" in rec["reason"]
    result = batch.review("memo", "u\nq\n")
    assert "Undone: accepted tbc → the" in result.output
    assert "said tbc meeting" in batch.clean("memo")
    assert "tbc" in batch.pending("memo")
    assert batch.lexicon() == []
    batch.run()
    assert "tbc" in batch.pending("memo")


def test_skip_leaves_it_pending_and_quit_at_end_of_input(batch: Batch) -> None:
    result = batch.review("memo", "s\n")  # input ends: quit safely
    assert result.exit_code == 0
    assert batch.log("memo") == []
    assert batch.pending("memo") == ["Alayev", "tbc", "Akiyev"]


def test_unknown_keys_and_bad_candidates_ask_again(batch: Batch) -> None:
    result = batch.review("memo", "x\n9\ne\n\nq\n")
    assert "Unknown key 'x'" in result.output
    assert "There is no candidate 9" in result.output
    assert "Cancelled" in result.output
    assert batch.log("memo") == []


# -- batch-wide decisions --------------------------------------------------------------------


def test_batch_wide_reject_and_accept_apply_to_every_document_at_once(batch: Batch) -> None:
    batch.write("follow_up", FOLLOW_UP)
    batch.run()
    # Alayev recurs in 2 documents (3 places): asked first; then tbc (2 documents).
    assert batch.pending("memo")[:2] == ["Alayev", "tbc"]
    result = batch.review("memo", "R\nA\nq\n")
    assert result.exit_code == 0, result.output
    assert "in every document" in result.output
    batch_log = [json.loads(x) for x in (batch.reviews / "_batch.jsonl").read_text().splitlines()]
    assert [(d["action"], d["scope"]) for d in batch_log] == [
        ("reject", "batch"),
        ("accept", "batch"),
    ]
    # The other document's output reflects them without a re-run.
    follow = {r["original"]: r for r in batch.records("follow_up")}
    assert follow["tbc"]["decision"] == "accepted"
    assert follow["tbc"]["review"]["scope"] == "batch"
    assert follow["Alayev"]["decision"] == "rejected"
    assert "Later, the group met" in batch.clean("follow_up")
    assert batch.pending("follow_up") == ["Akiyev"]
    batch.check_invariant("follow_up")
    # Undo in the memo takes the batch-wide accept back everywhere.
    batch.review("memo", "u\nq\n")
    assert "Later, tbc group met" in batch.clean("follow_up")
    assert "tbc" in batch.pending("follow_up")


# -- never lost ------------------------------------------------------------------------------


def _wait_for_lines(path: Path, n: int, timeout: float = 30.0) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.is_file():
            lines = [x for x in path.read_text().splitlines() if x.endswith("}")]
            if len(lines) >= n:
                return lines
        time.sleep(0.02)
    raise AssertionError(f"{path} did not reach {n} records")


def test_killing_the_review_between_answers_loses_nothing(batch: Batch) -> None:
    cmd = [
        sys.executable,
        "-m",
        "pipeline",
        "review",
        str(batch.doc("memo")),
        "--reviews",
        str(batch.reviews),
    ]
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        assert proc.stdin is not None
        log = batch.reviews / "memo.jsonl"
        proc.stdin.write(b"r\n")
        proc.stdin.flush()
        _wait_for_lines(log, 1)
        proc.stdin.write(b"a\n")
        proc.stdin.flush()
        _wait_for_lines(log, 2)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    assert [d["action"] for d in batch.log("memo")] == ["reject", "accept"]
    # Restarted, the review goes on where it stopped: neither answer is asked again.
    result = batch.review("memo", "q\n")
    assert "Akiyev" in result.output
    assert "[Alayev]" not in result.output and "[tbc]" not in result.output
    assert batch.pending("memo") == ["Akiyev"]


def test_a_record_torn_by_a_crash_is_skipped_and_never_glued_to(batch: Batch) -> None:
    batch.reviews.mkdir()
    log = batch.reviews / "memo.jsonl"
    log.write_text('{"v": 1, "id": "x", "document": "memo", "corr')  # cut short, no newline
    result = batch.review("memo", "r\nq\n")
    assert result.exit_code == 0, result.output
    assert "cut short" in result.output
    lines = log.read_text().splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["action"] == "reject"


def test_a_log_of_a_newer_foia_clean_stops_with_file_and_line(batch: Batch) -> None:
    batch.reviews.mkdir()
    (batch.reviews / "memo.jsonl").write_text('{"v": 99, "id": "x"}\n')
    result = batch.review("memo", "", "--list")
    assert result.exit_code == 2
    assert "memo.jsonl:1:" in result.output and "newer foia-clean" in result.output
    with pytest.raises(ReviewLogError):
        ReviewStore(batch.reviews).read("memo")


def test_a_decision_while_a_run_holds_the_output_is_kept_for_the_next_run(batch: Batch) -> None:
    from filelock import FileLock

    listed = batch.review("memo", "", "--list").stdout.splitlines()
    with FileLock(str(batch.out / ".foia-clean.lock")):
        result = batch.decide("memo", listed[1].split("\t")[0], "accept")
        assert result.exit_code == 0, result.output
        assert "the next run" in " ".join(result.output.split())
        assert "said tbc meeting" in batch.clean("memo")  # not written under a run's feet
    assert batch.log("memo")[0]["action"] == "accept"
    batch.run()
    assert "said the meeting" in batch.clean("memo")


# -- --list and decide -----------------------------------------------------------------------


def test_list_and_decide(batch: Batch) -> None:
    listed = batch.review("memo", "", "--list").stdout.splitlines()
    ids = [line.split("\t")[0] for line in listed]
    assert len(ids) == 3 and all(len(i) == 16 for i in ids)
    assert listed[0].split("\t")[1] == "p1"

    assert batch.decide("memo", ids[0][:6], "reject").exit_code == 0  # a unique prefix will do
    result = batch.decide("memo", ids[1], "1")
    assert result.exit_code == 0 and result.stdout.startswith(ids[1])
    result = batch.decide("memo", ids[2], "Akhiyev")
    assert result.exit_code == 0
    assert [d["action"] for d in batch.log("memo")] == ["reject", "candidate", "edit"]
    assert batch.pending("memo") == []
    assert "Mr. Akhiyev agreed" in batch.clean("memo")

    bad = batch.decide("memo", "ffffffffffffffff", "accept")
    assert bad.exit_code == 2 and "no correction" in bad.output
    bad = batch.decide("memo", ids[1], "7")
    assert bad.exit_code == 2 and "no candidate 7" in bad.output
    bad = runner.invoke(app, ["review", str(batch.root), "--reviews", str(batch.reviews)])
    assert bad.exit_code == 2 and "not a document output folder" in bad.output


def test_decide_with_the_text_of_a_candidate_records_that_candidate(batch: Batch) -> None:
    listed = batch.review("memo", "", "--list").stdout.splitlines()
    raphel = listed[0].split("\t")[0]
    assert batch.decide("memo", raphel, "Aliyev").exit_code == 0
    assert batch.log("memo")[0]["action"] == "candidate"
    assert batch.log("memo")[0]["candidate"] == 2


# -- spreadsheets ----------------------------------------------------------------------------


def _read_csv(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_a_sheet_is_never_written_into_a_folder_that_does_not_exist(batch: Batch) -> None:
    sheet = batch.root / "no-such-folder" / "memo.csv"
    result = batch.review("memo", "", "--export", str(sheet))
    assert result.exit_code != 0
    assert "no-such-folder" in result.output and "no folder" in result.output
    assert not sheet.parent.exists()


def test_csv_round_trip(batch: Batch) -> None:
    sheet = batch.root / "memo.csv"
    result = batch.review("memo", "", "--export", str(sheet))
    assert result.exit_code == 0, result.output
    rows = _read_csv(sheet)
    assert list(rows[0]) == [
        "id",
        "document",
        "page",
        "original",
        "candidates",
        "reason",
        "context",
        "decision",
        "replacement",
    ]
    assert [r["original"] for r in rows] == ["Alayev", "tbc", "Akiyev"]
    assert rows[0]["candidates"].startswith("Akayev | Aliyev")
    rows[0]["decision"] = "reject"
    rows[1]["decision"] = "1"
    rows[2]["replacement"] = "Akhiyev"  # a replacement alone is an edit
    _write_csv(sheet, rows)
    result = batch.review("memo", "", "--import", str(sheet))
    assert result.exit_code == 0, result.output
    assert [d["action"] for d in batch.log("memo")] == ["reject", "candidate", "edit"]
    assert "Mr. Akhiyev agreed" in batch.clean("memo")

    # Exported again, the sheet shows the decisions; importing it again records nothing.
    batch.review("memo", "", "--export", str(sheet))
    again = _read_csv(sheet)
    assert [(r["decision"], r["replacement"]) for r in again] == [
        ("reject", ""),
        ("1", "the"),
        ("edit", "Akhiyev"),
    ]
    assert batch.review("memo", "", "--import", str(sheet)).exit_code == 0
    assert len(batch.log("memo")) == 3


def test_csv_import_reports_every_bad_row_and_records_nothing(batch: Batch) -> None:
    sheet = batch.root / "memo.csv"
    batch.review("memo", "", "--export", str(sheet))
    rows = _read_csv(sheet)
    rows[0]["decision"] = "maybe"
    rows[1]["decision"] = "5"
    rows[2]["decision"] = "edit"
    rows.append({**rows[2], "id": "0000000000000000", "decision": "accept"})
    _write_csv(sheet, rows)
    result = batch.review("memo", "", "--import", str(sheet))
    assert result.exit_code == 2
    for line, what in (
        (2, "maybe"),
        (3, "no candidate 5"),
        (4, "edit needs"),
        (5, "no correction"),
    ):
        assert f"memo.csv:{line}:" in result.output and what in result.output
    assert batch.log("memo") == []


def test_csv_cells_that_look_like_formulas_are_defused(tmp_path: Path) -> None:
    b = Batch(tmp_path)
    b.write("memo", "Notes:\n\n-- the tbc meeting was short. =SUM(A1) was not.\n")
    b.run()
    sheet = tmp_path / "memo.csv"
    b.review("memo", "", "--export", str(sheet))
    rows = _read_csv(sheet)
    assert rows and all(not r["context"].startswith(("=", "-")) for r in rows)


# -- re-OCR: finding the word again, and stale decisions -------------------------------------


def test_a_decision_finds_its_word_after_the_text_shifts(batch: Batch) -> None:
    batch.review("memo", "s\ns\ne\nAkhiyev\nq\n")
    shifted = MEMO.replace("SUBJECT:", "UNCLASSIFIED\n\nSUBJECT:").replace(
        "to continue the talks", "to resume the talks"
    )
    batch.write("memo", shifted)
    batch.run()
    assert "Mr. Akhiyev agreed to resume" in batch.clean("memo")
    meta = json.loads((batch.doc("memo") / "metadata.json").read_text())
    assert meta["review"]["stale"] == []
    batch.check_invariant("memo")


def test_a_decision_whose_word_is_gone_is_reported_stale(
    batch: Batch, caplog: pytest.LogCaptureFixture
) -> None:
    batch.review("memo", "s\nr\nq\n")  # reject tbc: the lexicon now protects it
    batch.write("memo", MEMO.replace("said tbc meeting", "said the meeting"))
    batch.run()
    meta = json.loads((batch.doc("memo") / "metadata.json").read_text())
    stale = meta["review"]["stale"]
    assert len(stale) == 1 and stale[0]["original"] == "tbc" and "no longer" in stale[0]["why"]
    assert "stale" in caplog.text
    assert len(batch.log("memo")) == 1  # kept in the log, never dropped


def test_a_rejected_word_the_lexicon_protects_keeps_its_record_and_is_not_stale(
    batch: Batch,
) -> None:
    batch.write("follow_up", FOLLOW_UP)
    batch.run()
    batch.review("memo", "r\nR\nq\n")  # Alayev kept here; tbc kept in every document
    batch.run()
    meta = json.loads((batch.doc("memo") / "metadata.json").read_text())
    assert meta["review"]["stale"] == [] and meta["review"]["rejected"] == 2
    kept = {r["original"]: r for r in batch.records("memo") if r["decision"] == "rejected"}
    assert set(kept) == {"Alayev", "tbc"}
    assert kept["Alayev"]["review"]["decision"] == batch.log("memo")[0]["id"]
    assert kept["tbc"]["review"]["scope"] == "batch"
    batch.check_invariant("memo")
    assert "Ambassador Alayev met" in batch.clean("memo")


# -- the core, without the terminal ----------------------------------------------------------


def test_resolve_keeps_the_replay_invariant_and_precedence(lexicon: Lexicon) -> None:
    result = correct(FOLLOW_UP, None, lexicon)
    raphels = [c for c in result.corrections if c.original == "Alayev"]
    assert len(raphels) == 2

    def decision(c, action, repl=None, scope=Scope.THIS, i="d1") -> Decision:
        return Decision(
            id=i,
            document="f",
            correction=c.id,
            original=c.original,
            context=c.context,
            action=action,
            replacement=repl,
            scope=scope,
            candidate=2 if action is Action.CANDIDATE else None,
        )

    # Batch-wide: reject Alayev everywhere; one place overruled by a decision on that place.
    rule = decision(raphels[0], Action.REJECT, scope=Scope.BATCH, i="b1")
    here = decision(raphels[1], Action.CANDIDATE, "Aliyev", i="d2")
    out = resolve("f", FOLLOW_UP, result.corrections, [here], [rule])
    got = {c.id: c.decision for c in out.corrections}
    assert got[raphels[0].id] == "rejected" and got[raphels[1].id] == "accepted"
    assert apply_corrections(FOLLOW_UP, out.corrections, CHANGED) == out.text
    assert "Ambassador Aliyev will travel" in out.text
    assert "thanked Ambassador Alayev for" in out.text
    assert [c.original for c in out.pending] == ["tbc", "Akiyev"]


def test_review_order_puts_recurring_words_first(lexicon: Lexicon) -> None:
    result = correct(FOLLOW_UP, None, lexicon)
    ordered = review_order(result.proposed, {"akiyev": (4, 9)})
    assert [c.original for c in ordered] == ["Akiyev", "Alayev", "Alayev", "tbc"]


def test_a_case_only_edit_is_recorded_but_not_learned(batch: Batch) -> None:
    out = load_output(batch.doc("memo"))
    store = ReviewStore(batch.reviews)
    raphel = next(c for c in out.corrections if c.original == "Alayev")
    d = record_decision(store, "memo", raphel, Action.EDIT, replacement="ALAYEV")
    assert d.action is Action.EDIT and d.learned == ()
    assert batch.lexicon() == []  # the lexicon refuses "x -> X": it must never hold one
    batch.run()  # and the run still works
    assert "Ambassador ALAYEV met" in batch.clean("memo")


def test_a_merge_rejected_teaches_no_words() -> None:
    from pipeline.review import lexicon_lines

    d = Decision("i", "doc", "c", "negoti ations", "ctx", Action.REJECT)
    assert lexicon_lines(d) == []
    d = Decision("i", "doc", "c", "tbc", "ctx", Action.ACCEPT, replacement="the")
    assert lexicon_lines(d) == ["tbc -> the"]


def test_decision_records_round_trip_and_validate() -> None:
    d = Decision("i", "doc", "c", "tbc", "a tbc b", Action.CANDIDATE, "the", candidate=1)
    assert Decision.from_dict(json.loads(json.dumps(d.to_dict()))) == d
    with pytest.raises(ValueError):
        Decision("i", "doc", "c", "tbc", "", Action.ACCEPT)  # no replacement
    with pytest.raises(ValueError):
        Decision("i", "doc", "c", "tbc", "", Action.UNDO)  # undoes nothing
    with pytest.raises(ValueError):
        Decision.from_dict({**d.to_dict(), "v": 99})


def test_recase() -> None:
    assert recase("the", "TBE") == "THE"
    assert recase("the", "Tbe") == "The"
    assert recase("INBORN", "Einhorn") == "Inborn"
    assert recase("Nagorno-Karabakh", "nagorno-karabkah") == "Nagorno-Karabakh"


def test_apply_decisions_reads_the_store(batch: Batch) -> None:
    out = load_output(batch.doc("memo"))
    store = ReviewStore(batch.reviews)
    tbc = next(c for c in out.corrections if c.original == "tbc")
    record_decision(store, "memo", tbc, Action.ACCEPT)
    reviewed = apply_decisions("memo", out.stripped, out.result(), store)
    assert "said the meeting" in reviewed.text
    assert [c.original for c in reviewed.pending] == ["Alayev", "Akiyev"]
    assert reviewed.summary("memo")["accepted"] == 1


def test_a_learned_correction_takes_the_case_of_the_word(tmp_path: Path) -> None:
    user = tmp_path / "lexicon.txt"
    from pipeline.lexicon import add_user_correction

    add_user_correction(user, "tbc", "the")
    lex = Lexicon.load(ROOT / "dictionaries", user_lexicon=user)
    assert correct("Tbc meeting was short.\n", None, lex).text.startswith("The meeting")


# -- the page image --------------------------------------------------------------------------


def test_the_review_writes_a_crop_of_the_word_from_the_scan(
    tmp_path: Path, make_image, fake_ocr: dict[str, str]
) -> None:
    b = Batch(tmp_path)
    lines = ["The visit of Ambassador Alayev was a", "success for all."]
    make_image("scans/letter.png", lines)
    fake_ocr["letter.png"] = "\n".join(lines)
    b.run()
    assert "Alayev" in b.pending("letter")
    result = b.review("letter", "q\n")
    crops = list((b.doc("letter") / "crops").glob("*.png"))
    assert len(crops) == 1 and crops[0].name in result.output
    from PIL import Image

    with Image.open(crops[0]) as img:
        assert 40 < img.width < 800 and 20 < img.height < 200
    # The scan moved away: the review says so instead of failing.
    (b.scans / "letter.png").rename(tmp_path / "elsewhere.png")
    result = b.review("letter", "q\n")
    assert result.exit_code == 0 and "scan not found" in result.output


def test_a_linked_crops_folder_is_never_written_through(
    tmp_path: Path, make_image, fake_ocr: dict[str, str]
) -> None:
    """``OUT/<doc>/crops`` a symbolic link (issue 11's class): the review goes on, the crop is
    unavailable and says why, one warning, and the link's target is untouched."""
    b = Batch(tmp_path)
    lines = ["The visit of Ambassador Alayev was a", "success for Akiyev and all."]
    make_image("scans/letter.png", lines)
    fake_ocr["letter.png"] = "\n".join(lines)
    b.run()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "notes.txt").write_text("mine\n")
    (b.doc("letter") / "crops").symlink_to(elsewhere, target_is_directory=True)
    result = b.review("letter", "s\ns\nq\n")
    assert result.exit_code == 0, result.output
    assert "symbolic link" in result.output
    assert sorted(p.name for p in elsewhere.iterdir()) == ["notes.txt"]
    assert (elsewhere / "notes.txt").read_text() == "mine\n"
    # Each proposal says why it has no crop; the warning comes once.
    assert result.output.count("crops not written") == 2, result.output
    assert result.output.count("no word crops are written") == 1, result.output


def test_the_output_writer_refuses_every_link_on_the_way(tmp_path: Path) -> None:
    """``outputs.write_files`` (crops, review rewrites) writes nothing through a linked document
    folder or subfolder; a file that is a link is replaced, its target left alone."""
    from pipeline import outputs
    from pipeline.core.errors import DocumentError

    out, target = tmp_path / "out", tmp_path / "target"
    target.mkdir()
    (out / "real").mkdir(parents=True)
    (out / "linked").symlink_to(target, target_is_directory=True)
    (out / "real" / "crops").symlink_to(target, target_is_directory=True)
    for folder, rel in ((out / "linked", "clean.txt"), (out / "real", "crops/a.png")):
        with pytest.raises(DocumentError, match="symbolic link"):
            outputs.write_files(folder, {rel: b"x", "metadata.json": "{}"})
    assert list(target.iterdir()) == [] and not (out / "real" / "metadata.json").exists()
    (target / "clean.txt").write_text("theirs\n")
    (out / "real" / "clean.txt").symlink_to(target / "clean.txt")
    outputs.write_files(out / "real", {"clean.txt": "ours\n"})
    assert (target / "clean.txt").read_text() == "theirs\n"
    assert (out / "real" / "clean.txt").read_text() == "ours\n"


def test_a_decision_keeps_the_manifest_record_current(batch: Batch) -> None:
    """The files a decision rewrites have their sha256 in ``OUT/<doc>/manifest.json`` at once;
    the other outputs' hashes are kept."""
    from pipeline.core.fileio import sha256_file
    from pipeline.outputs import read_manifest

    tbc = next(r for r in batch.records("memo") if r["original"] == "tbc")
    before = read_manifest(batch.out)["memo"]["outputs"]
    assert batch.decide("memo", tbc["id"], "accept").exit_code == 0
    after = read_manifest(batch.out)["memo"]["outputs"]
    assert after.keys() == before.keys()
    assert after == {rel: sha256_file(batch.doc("memo") / rel) for rel in after}
    assert after["clean.txt"] != before["clean.txt"]


def test_a_typed_replacement_that_looks_like_a_number_or_a_key(batch: Batch) -> None:
    """``decide ID 1997`` is candidate 1997; ``--text 1997`` (or ``--text a``) is the typed
    replacement, whatever it looks like. The old short forms keep working."""
    ids = [line.split("\t")[0] for line in batch.review("memo", "", "--list").stdout.splitlines()]
    bad = batch.decide("memo", ids[0], "1997")
    assert bad.exit_code == 2 and "no candidate 1997" in bad.output
    assert batch.decide("memo", ids[0], "--text", "1997").exit_code == 0
    assert batch.decide("memo", ids[1], "text", "--text", "a").exit_code == 0
    assert [(d["action"], d["replacement"]) for d in batch.log("memo")] == [
        ("edit", "1997"),
        ("edit", "a"),
    ]
    both = batch.decide("memo", ids[2], "accept", "--text", "x")
    assert both.exit_code == 2 and "not both" in both.output
    neither = batch.decide("memo", ids[2])
    assert neither.exit_code == 2 and "--text" in neither.output
    assert len(batch.log("memo")) == 2


def test_one_reader_of_answers_for_decide_the_api_and_sheets() -> None:
    """``pipeline.review.answers`` is the only parser of answers: the old three are gone."""
    import pipeline.cli.review_terminal as terminal
    import pipeline.review.queue as queue

    assert not hasattr(terminal, "_parse_choice") and not hasattr(queue, "parse_choice")
    source = (ROOT / "pipeline/review/sheets.py").read_text(encoding="utf-8")
    assert "parse_answer(" in source and ".isdigit()" not in source


def test_a_printed_follow_up_command_names_the_reviews_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command the review prints as advice (``Next: foia-clean review …``, the ``--import``
    after an ``--export``) reads the same decisions when run as printed: it names a reviews
    folder that is not the default ``reviews/`` here, and says nothing when it is."""
    for folder, option in (("state-1995", " --reviews state-1995"), ("reviews", "")):
        root = tmp_path / folder
        root.mkdir()
        monkeypatch.chdir(root)
        b = Batch(root)
        b.reviews = root / folder  # the collection's own folder, or ./reviews
        b.write("memo", MEMO)
        b.write("follow_up", FOLLOW_UP)
        b.run()
        said = b.review("memo", "q\n").output.splitlines()
        assert f"Next: foia-clean review out/follow_up{option}" in said
        said = " ".join(b.review("memo", "", "--export", "memo.csv").output.split())
        assert said.endswith(f"--import memo.csv{option}")


def test_a_printed_follow_up_command_quotes_names_with_spaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Synthetic memos named with spaces (eyes36: ``--export`` of "memo with spaces é" advised
    ``then: foia-clean review o2/memo with spaces é --import …``, four words to a shell). Each
    name in a printed command is one shell word, as ``--reviews`` already was."""
    monkeypatch.chdir(tmp_path)
    b = Batch(tmp_path)
    b.reviews = tmp_path / "state 1995"
    b.write("the memo", MEMO)
    b.write("follow up", FOLLOW_UP)
    b.run()
    said = b.review("the memo", "q\n").output.splitlines()
    assert "Next: foia-clean review 'out/follow up' --reviews 'state 1995'" in said
    said = " ".join(b.review("the memo", "", "--export", "my sheet.csv").output.split())
    words = shlex.split(said.split("then: ")[1])
    assert words[:2] == ["foia-clean", "review"] and words[2].endswith("out/the memo")
    assert words[3:] == ["--import", "my sheet.csv", "--reviews", "state 1995"]


def test_a_word_the_user_lexicon_applied_is_not_one_key_sure_in_another_reviews_folder(
    tmp_path: Path,
) -> None:
    """Run with a user lexicon that confirms ``tbc -> the``, then review the same output with
    another reviews folder (no re-run): the word is proposed again, but its candidate's 1.0
    was the lexicon's, not the correct stage's, so the queue has no likelihood for it (0,
    last) and ``corrections.jsonl`` still gives back the run's record. Synthetic memo
    (``MEMO``)."""
    b = Batch(tmp_path)
    b.write("memo", MEMO)
    b.reviews.mkdir(parents=True)
    (b.reviews / "lexicon.txt").write_text("# source: user lexicon\ntbc -> the\n")
    b.run()
    run_record = next(r for r in b.records("memo") if r["original"] == "tbc")
    assert run_record["learned"] and run_record["candidates"] == [["the", 1.0]]

    other = ReviewStore(tmp_path / "other-reviews")
    items = {i.correction.original: i for i in ReviewQueue(b.out, other).items()}
    assert items["tbc"].likelihood == 0.0
    assert "no longer confirms" in items["tbc"].correction.reason
    assert items["tbc"].correction.candidates == (("the", 0.0),)
    assert {i.likelihood for o, i in items.items() if o != "tbc"} != {0.0}

    # A decision on another word writes the outputs with the other folder: the run's record
    # of tbc is given back from its ``review`` object (``outputs.pristine``).
    b.reviews = tmp_path / "other-reviews"
    assert b.decide("memo", items["Alayev"].correction.id, "reject").exit_code == 0
    written = next(r for r in b.records("memo") if r["original"] == "tbc")
    assert written["decision"] == "proposed" and written["candidates"] == [["the", 0.0]]
    restored = next(c for c in load_output(b.doc("memo")).corrections if c.original == "tbc")
    assert restored.candidates == (("the", 1.0),) and restored.learned
    assert restored.decision == "applied"


def test_list_with_nothing_pending_says_so_on_stderr_only(batch: Batch) -> None:
    """An empty ``review --list`` leaves stdout empty for scripts, and says on stderr that
    nothing is pending (a silent listing reads as one that did not run)."""
    whole = ["review", str(batch.out), "--reviews", str(batch.reviews), "--list"]
    listed = batch.review("memo", "", "--list")
    assert listed.stdout.strip() and "No proposals pending" not in listed.stderr
    for row in listed.stdout.splitlines():
        assert batch.decide("memo", row.split("\t")[0], "reject").exit_code == 0
    empty = batch.review("memo", "", "--list")
    assert empty.exit_code == 0 and empty.stdout == ""
    assert "No proposals pending in memo." in empty.stderr
    empty_batch = runner.invoke(app, whole, catch_exceptions=False)
    assert empty_batch.exit_code == 0 and empty_batch.stdout == ""
    assert f"No proposals pending in {batch.out}." in " ".join(empty_batch.stderr.split())
