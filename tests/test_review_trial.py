"""Defects a new user's trial of the review found (session 23), each pinned by a test.

Synthetic documents (``test_review.MEMO`` and a few lines written here) run through the real
pipeline with the fake engine; review, decide, forget and the sheets are driven through the CLI
as a user would. The main one: a reviewer who changes their mind on a place must leave only
the latest decision teaching (lexicon, ``forget --rules``, the next run), the log keeping both.
"""

from __future__ import annotations

import json
import logging

import pytest
from test_review import Batch, _read_csv, _write_csv, runner

from pipeline.cli import app
from pipeline.review import ReviewStore, rederive

#: Same neighbours as the memo's "Both sides said tbc meeting": a learned correction of
#: ``tbc`` reaches it; a kept ``tbc`` leaves it as read.
MINUTES = "MINUTES\n\nBoth sides said tbc meeting went well.\n"


@pytest.fixture
def batch(tmp_path) -> Batch:
    return Batch.memo_run(tmp_path)


def _ids(b: Batch) -> dict[str, str]:
    return {r["original"]: r["id"] for r in b.records("memo")}


def _forget_rules(b: Batch) -> list[list[str]]:
    result = runner.invoke(
        app, ["forget", "--rules", "--reviews", str(b.reviews), "--out", str(b.out)]
    )
    assert result.exit_code == 0, result.output
    return [row.split("\t") for row in result.stdout.splitlines()]


# -- 1. changing one's mind ------------------------------------------------------------------


def test_a_new_decision_on_a_place_supersedes_what_the_old_one_taught(batch: Batch) -> None:
    ids = _ids(batch)
    assert batch.decide("memo", ids["tbc"], "accept").exit_code == 0
    assert batch.lexicon() == ["tbc -> the"]
    result = batch.decide("memo", ids["tbc"], "reject")
    assert result.exit_code == 0, result.output
    assert batch.lexicon() == ["tbc"]  # the accept's line went with it
    log = batch.log("memo")
    assert [d["action"] for d in log] == ["accept", "reject"]  # the log keeps both
    assert log[1]["supersedes"] == [log[0]["id"]]
    rules = _forget_rules(batch)
    assert [(r[0], r[1]) for r in rules] == [(log[1]["id"], "tbc")]
    assert "said tbc meeting" in batch.clean("memo")

    batch.write("minutes", MINUTES)
    batch.run()
    # Kept: a confirmed word, not "confirmed correction in the user lexicon".
    assert not any(r["original"] == "tbc" for r in batch.records("minutes"))
    assert "said tbc meeting" in batch.clean("minutes")
    assert batch.lexicon() == ["tbc"]  # the run put nothing back

    # A candidate, then a typed replacement: only the typed one is a rule.
    assert batch.decide("memo", ids["Alayev"], "2").exit_code == 0
    assert batch.lexicon() == ["tbc", "Alayev -> Aliyev"]
    assert batch.decide("memo", ids["Alayev"], "--text", "Alaev").exit_code == 0
    assert batch.lexicon() == ["tbc", "Alayev -> Alaev"]
    assert sorted(r[1] for r in _forget_rules(batch)) == ["Alayev -> Alaev", "tbc"]
    assert "Ambassador Alaev met" in batch.clean("memo")


def test_undoing_the_new_decision_lets_the_old_one_stand_and_teach_again(batch: Batch) -> None:
    ids = _ids(batch)
    assert batch.decide("memo", ids["tbc"], "accept").exit_code == 0
    assert batch.decide("memo", ids["tbc"], "reject").exit_code == 0
    result = batch.review("memo", "u\nq\n")
    assert result.exit_code == 0, result.output
    assert "Undone: kept tbc" in result.output
    assert "accepted tbc → the stands again" in result.output.lower()
    assert batch.lexicon() == ["tbc -> the"]
    assert "said the meeting" in batch.clean("memo")
    assert [d["action"] for d in batch.log("memo")] == ["accept", "reject", "undo"]


def test_changing_one_s_mind_through_the_sheet(batch: Batch) -> None:
    sheet = batch.root / "memo.csv"
    for answer, lexicon in (("accept", ["tbc -> the"]), ("reject", ["tbc"])):
        assert batch.review("memo", "", "--export", str(sheet)).exit_code == 0
        rows = _read_csv(sheet)
        row = next(r for r in rows if r["original"] == "tbc")
        row["decision"], row["replacement"] = answer, ""
        _write_csv(sheet, rows)
        result = batch.review("memo", "", "--import", str(sheet))
        assert result.exit_code == 0, result.output
        assert batch.lexicon() == lexicon
    assert [r[1] for r in _forget_rules(batch)] == ["tbc"]


def test_a_reviews_folder_an_older_foia_clean_left_is_set_right_on_the_next_run(
    batch: Batch, caplog: pytest.LogCaptureFixture
) -> None:
    """Synthetic: the log and lexicon an accept then a reject left before supersession (both
    decisions teaching, no ``supersedes``)."""
    ids = _ids(batch)
    batch.decide("memo", ids["tbc"], "accept")
    batch.decide("memo", ids["tbc"], "reject")
    path = batch.reviews / "memo.jsonl"
    records = [json.loads(line) for line in path.read_text().splitlines()]
    records[1].pop("supersedes")
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    (batch.reviews / "lexicon.txt").write_text(
        (batch.reviews / "lexicon.txt").read_text() + "tbc -> the\n"
    )
    assert _forget_rules(batch)[0][1] == "tbc"
    batch.write("minutes", MINUTES)
    with caplog.at_level(logging.WARNING):
        batch.run()
    assert "removed 'tbc -> the'" in caplog.text
    assert batch.lexicon() == ["tbc"]
    assert "said tbc meeting" in batch.clean("minutes")
    assert rederive(ReviewStore(batch.reviews)) == []  # once


# -- 2, 3. the audit's sheet and screen speak the audit's words ------------------------------


@pytest.fixture
def audited(tmp_path) -> Batch:
    from test_review_audit import CABLE
    from test_review_audit import MEMO as AUDIT_MEMO

    b = Batch(tmp_path)
    b.write("memo", AUDIT_MEMO)
    b.write("cable", CABLE)
    b.run()
    return b


def _applied(b: Batch, *args: str, input: str | None = None):
    return runner.invoke(
        app, ["review", str(b.out), "--applied", "--reviews", str(b.reviews), *args], input=input
    )


def test_a_bad_row_of_the_audit_sheet_names_the_audit_s_words(audited: Batch) -> None:
    sheet = audited.root / "audit.csv"
    assert _applied(audited, "--export", str(sheet)).exit_code == 0
    rows = _read_csv(sheet)
    rows[0]["decision"] = "bogus"
    _write_csv(sheet, rows)
    result = _applied(audited, "--import", str(sheet))
    assert result.exit_code == 2
    assert "audit.csv:2: decision 'bogus': use keep, revert, or edit" in result.output
    assert "accept, reject" not in result.output


def test_the_audit_screen_without_colour_brackets_old_and_new(audited: Batch) -> None:
    result = _applied(audited, input="q\n")
    assert result.exit_code == 0, result.output
    assert "[negotations → negotiations]" in result.output
    assert "negotationsnegotiations" not in result.output


# -- 4, 5. listing the batch; places counted or said not to be --------------------------------


def test_list_on_the_batch_folder_lists_the_whole_batch(batch: Batch) -> None:
    batch.write("follow_up", "SUBJECT: FOLLOW-UP\n\nAmbassador Alayev will travel to Baku.\n")
    batch.run()
    args = ["--reviews", str(batch.reviews), "--list"]
    whole = runner.invoke(app, ["review", str(batch.out), *args])
    assert whole.exit_code == 0, whole.output
    keys = [line.split("\t")[0] for line in whole.stdout.splitlines()]
    memo = [
        f"memo/{line.split(chr(9))[0]}"
        for line in batch.review("memo", "", "--list").stdout.splitlines()
    ]
    assert sorted(k for k in keys if k.startswith("memo/")) == sorted(memo)
    assert any(k.startswith("follow_up/") for k in keys)
    # The interactive review takes one document; it says where the batch can be reviewed.
    bad = runner.invoke(app, ["review", str(batch.out), "--reviews", str(batch.reviews)])
    assert bad.exit_code == 2 and "--web" in bad.output and "--list" in bad.output


def test_forget_rules_counts_places_or_says_it_did_not(
    batch: Batch, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert batch.decide("memo", _ids(batch)["tbc"], "accept").exit_code == 0
    monkeypatch.chdir(batch.scans)  # no ./out here
    result = runner.invoke(app, ["forget", "--rules", "--reviews", str(batch.reviews)])
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith(
        "places not counted (give --out OUT, the batch's folder)"
    )
    (row,) = _forget_rules(batch)
    assert row[3] == "1 place"
    bad = runner.invoke(
        app, ["forget", "--rules", "--reviews", str(batch.reviews), "--out", str(batch.scans)]
    )
    assert bad.exit_code == 2 and "no document output folders" in bad.output


def test_the_audit_summary_counts_one_place_in_the_singular(audited: Batch) -> None:
    # Untick every place but the first of the first change, keep it, quit.
    result = _applied(audited, input="2\n3\nk\nq\n")
    assert result.exit_code == 0, result.output
    assert "1 place audited" in result.output


# -- 6. what a review brings up to date, and what the next run does ---------------------------


def test_the_end_of_a_review_says_what_is_up_to_date_and_what_the_next_run_does(
    batch: Batch,
) -> None:
    from pipeline.review.queue import ReviewQueue
    from pipeline.review.web.app import summary

    result = batch.review("memo", "r\nq\n")
    said = " ".join(result.output.split())
    assert "clean.txt, corrections.jsonl and metadata.json of" in said
    assert "The PDF, alto.xml, hocr.html and the search index (index.sqlite) take them in" in said
    assert "outputs are up to date" not in said
    queue = ReviewQueue(batch.out, ReviewStore(batch.reviews))
    nothing = f"Nothing decided: {batch.reviews}/ and the outputs are as they were."
    assert summary(queue).endswith(nothing)
    (item,) = [i for i in queue.items() if i.correction.original == "tbc"]
    queue.decide(item.key, "reject")
    web = summary(queue)
    assert "hocr.html" in web and "outputs are up to date" not in web


# -- 7. decide's words, and a damaged log warned about once ---------------------------------


def test_decide_help_names_the_audit_words_and_refuses_them_on_a_proposal(batch: Batch) -> None:
    help_ = runner.invoke(app, ["decide", "--help"], terminal_width=200)
    assert "keep" in help_.output and "revert" in help_.output
    result = batch.decide("memo", _ids(batch)["tbc"], "keep")
    assert result.exit_code == 2 and "for a change the run applied" in result.output
    assert batch.log("memo") == []  # never the replacement "keep"
    assert batch.decide("memo", _ids(batch)["tbc"], "--text", "keep").exit_code == 0


def test_a_damaged_log_line_is_warned_about_once_per_command(batch: Batch) -> None:
    ids = _ids(batch)
    assert batch.decide("memo", ids["Alayev"], "reject").exit_code == 0
    log = batch.reviews / "memo.jsonl"
    log.write_bytes(log.read_bytes() + b"<<<<<<< HEAD\n")
    for result in (
        batch.decide("memo", ids["tbc"], "accept"),
        batch.review("memo", "q\n"),
        runner.invoke(
            app, ["forget", "--rules", "--reviews", str(batch.reviews), "--out", str(batch.out)]
        ),
    ):
        assert result.exit_code == 0, result.output
        assert result.output.count("memo.jsonl:2") == 1, result.output


def test_decide_again_on_an_audited_change_is_still_its_audit(audited: Batch) -> None:
    """Keep, then revert through ``decide``: the revert is the audit's (a scoped rule, no
    lexicon word), and supersedes the keep."""
    record = next(r for r in audited.records("cable") if r["original"] == "govermment")
    assert audited.decide("cable", record["id"], "keep").exit_code == 0
    result = audited.decide("cable", record["id"], "revert")
    assert result.exit_code == 0, result.output
    assert "Reverted the automatic change of govermment" in result.stdout
    log = audited.log("cable")
    assert [(d["action"], d.get("applied")) for d in log] == [
        ("confirm", True),
        ("reject", True),
    ]
    assert log[1]["supersedes"] == [log[0]["id"]]
    assert audited.lexicon() == []  # not "govermment" as a word everywhere
    assert "The govermment thanked" in audited.clean("cable")


def test_the_web_undo_of_a_change_of_mind_says_the_earlier_decision_stands_again(
    batch: Batch,
) -> None:
    from starlette.testclient import TestClient

    from pipeline.review.queue import ReviewQueue
    from pipeline.review.web import make_app

    ids = _ids(batch)
    assert batch.decide("memo", ids["tbc"], "accept").exit_code == 0
    assert batch.decide("memo", ids["tbc"], "reject").exit_code == 0
    queue = ReviewQueue(batch.out, ReviewStore(batch.reviews))
    client = TestClient(make_app(queue, "t", {"testserver"}))
    reply = client.post("/api/undo", json={}, headers={"X-Token": "t"})
    assert reply.status_code == 200, reply.text
    assert reply.json()["said"] == "↶ Undone: Kept tbc; Accepted tbc → the stands again"
    assert batch.lexicon() == ["tbc -> the"]
    assert "said the meeting" in batch.clean("memo")
    said = client.post("/api/quit", json={}, headers={"X-Token": "t"}).json()["said"]
    assert "hocr.html" in said and "outputs are up to date" not in said


def test_batch_wide_decisions_change_their_mind_too(
    batch: Batch, caplog: pytest.LogCaptureFixture
) -> None:
    """``A`` then ``R`` on one word: the later rule is the rule; forgetting it (a batch-wide
    decision is undone) lets the earlier one stand and teach again, without a warning."""
    ids = _ids(batch)
    assert batch.decide("memo", ids["tbc"], "accept", "--batch").exit_code == 0
    assert batch.decide("memo", ids["tbc"], "reject", "--batch").exit_code == 0
    assert batch.lexicon() == ["tbc"]
    (row,) = _forget_rules(batch)
    assert row[1] == "tbc" and "every document of the batch" in row[2]
    result = runner.invoke(app, ["forget", row[0], "--reviews", str(batch.reviews)])
    assert result.exit_code == 0, result.output
    assert batch.lexicon() == ["tbc -> the"]
    with caplog.at_level(logging.WARNING):
        batch.run()
    assert "restored" not in caplog.text and batch.lexicon() == ["tbc -> the"]
    assert "said the meeting" in batch.clean("memo")
