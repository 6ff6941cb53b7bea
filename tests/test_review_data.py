"""Torn or odd review data: every reader warns and skips, every writer keeps line boundaries,
nothing learned is lost (synthetic cases, made here the way a crash or a hand edit makes them).

Run, review and decide are driven as a user would (``run_batch``, the CLI); each case checks
that there is no traceback, that the warning names the file and line, and that the person's
decisions survive.
"""

from __future__ import annotations

import json
import logging

import pytest
from test_review import MEMO, Batch

from pipeline.review import ReviewStore, rederive


@pytest.fixture
def batch(tmp_path) -> Batch:
    return Batch.memo_run(tmp_path)


def _ids(b: Batch) -> dict[str, str]:
    listed = b.review("memo", "", "--list").stdout.splitlines()
    return {line.split("\t")[2]: line.split("\t")[0] for line in listed}


ODD_LINES = {
    "torn inside a UTF-8 character": b'{"v": 1, "id": "x", "original": "Ra' + b"\xc3",
    "a JSON list": b'["not", "an", "object"]',
    "a JSON string": b'"hello"',
    "a merge-conflict marker": b"<<<<<<< HEAD",
    "an object that is not a decision": b'{"v": 1, "id": "y", "action": "shrug"}',
}


@pytest.mark.parametrize("what", sorted(ODD_LINES))
def test_odd_log_lines_are_warned_and_skipped_by_run_review_and_decide(
    batch: Batch, what: str, caplog: pytest.LogCaptureFixture
) -> None:
    ids = _ids(batch)
    assert batch.decide("memo", ids["Alayev"], "reject").exit_code == 0
    log = batch.reviews / "memo.jsonl"
    log.write_bytes(log.read_bytes() + ODD_LINES[what] + b"\n")

    with caplog.at_level(logging.WARNING):
        batch.run()  # no traceback; the good decision still applies
    assert "memo.jsonl:2: skipping" in caplog.text
    assert "Ambassador Alayev met" in batch.clean("memo")

    result = batch.review("memo", "a\nq\n")  # tbc: accepted
    assert result.exit_code == 0, result.output
    assert "memo.jsonl:2" in result.output

    result = batch.decide("memo", ids["Akiyev"], "Akhiyev")
    assert result.exit_code == 0, result.output
    actions = [d.action.value for d in ReviewStore(batch.reviews).read("memo")]
    assert actions == ["reject", "accept", "edit"]
    assert "Mr. Akhiyev agreed" in batch.clean("memo")


def test_a_hand_edited_lexicon_without_a_final_newline_keeps_both_lines(batch: Batch) -> None:
    batch.reviews.mkdir()
    lexicon = batch.reviews / "lexicon.txt"
    lexicon.write_text("# source: my own words\nEscudero")  # no final newline
    ids = _ids(batch)
    assert batch.decide("memo", ids["Akiyev"], "Akhiyev").exit_code == 0
    assert lexicon.read_text().splitlines()[1:] == ["Escudero", "Akiyev -> Akhiyev"]


def test_decide_with_a_malformed_lexicon_records_nothing(batch: Batch) -> None:
    ids = _ids(batch)
    batch.reviews.mkdir()
    (batch.reviews / "lexicon.txt").write_text("# source: mine\nfoo -> \n")
    result = batch.decide("memo", ids["Alayev"], "reject")
    assert result.exit_code != 0
    assert "lexicon.txt:2" in result.output and "Traceback" not in result.output
    assert not (batch.reviews / "memo.jsonl").exists()


def test_a_decision_whose_lexicon_line_was_never_written_is_relearned(batch: Batch) -> None:
    ids = _ids(batch)
    assert batch.decide("memo", ids["tbc"], "accept").exit_code == 0
    assert batch.decide("memo", ids["Alayev"], "reject").exit_code == 0
    # As if killed between the decision's log line and its lexicon line.
    lexicon = batch.reviews / "lexicon.txt"
    lexicon.write_text(lexicon.read_text().replace("Alayev\n", ""))
    assert batch.lexicon() == ["tbc -> the"]
    batch.run()
    assert batch.lexicon() == ["tbc -> the", "Alayev"]
    assert rederive(ReviewStore(batch.reviews)) == []  # nothing more to restore
    # The review restores it too, and an undone decision is not restored.
    batch.review("memo", "u\nq\n")  # undoes the rejection of Alayev
    assert batch.lexicon() == ["tbc -> the"]
    batch.run()
    assert batch.lexicon() == ["tbc -> the"]
    records = [json.loads(x) for x in (batch.reviews / "memo.jsonl").read_text().splitlines()]
    assert [r["action"] for r in records] == ["accept", "reject", "undo"]


def test_a_document_name_like_a_formula_is_defused_in_the_csv_and_imports_back(
    tmp_path,
) -> None:
    b = Batch(tmp_path)
    name = "=HYPERLINK(x)"
    b.write(name, MEMO)
    b.run()
    sheet = tmp_path / "memo.csv"
    assert b.review(name, "", "--export", str(sheet)).exit_code == 0
    text = sheet.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(x)" in text and ",=HYPERLINK" not in text
    sheet.write_text(text.replace(",,\n", ",reject,\n", 1), encoding="utf-8")
    result = b.review(name, "", "--import", str(sheet))
    assert result.exit_code == 0, result.output
    assert [d["action"] for d in b.log(name)] == ["reject"]


def test_forget_withdraws_the_rule_and_keeps_the_decision_here(batch: Batch) -> None:
    from test_review import FOLLOW_UP

    batch.write("follow_up", FOLLOW_UP)
    batch.run()
    ids = _ids(batch)
    assert batch.decide("memo", ids["tbc"], "accept").exit_code == 0
    listed = runner_invoke(
        ["forget", "--rules", "--reviews", str(batch.reviews), "--out", str(batch.out)]
    )
    (row,) = listed.stdout.splitlines()
    decision, line, scope, _ = row.split("\t")
    assert line == "tbc -> the" and "user lexicon" in scope
    result = runner_invoke(["forget", decision, "--reviews", str(batch.reviews)])
    assert result.exit_code == 0, result.output
    assert batch.lexicon() == []
    batch.run()  # not re-derived: the forget is a record too
    assert batch.lexicon() == []
    assert "said the meeting" in batch.clean("memo")  # the decision stands here
    assert "Later, tbc group" in batch.clean("follow_up")  # the rule no longer reaches it
    assert "tbc" in batch.pending("follow_up")
    bad = runner_invoke(["forget", "ffff", "--reviews", str(batch.reviews)])
    assert bad.exit_code == 2 and "forget --rules" in bad.output


def runner_invoke(args: list[str]):
    from typer.testing import CliRunner

    from pipeline.cli import app

    return CliRunner().invoke(app, args, catch_exceptions=False)


def test_forgetting_a_rule_withdraws_every_decision_that_taught_its_line(tmp_path) -> None:
    """Two accepts of ``tbcir`` in one document both teach ``tbcir -> their`` (the second adds
    nothing: the line is there). Forgetting either takes the line and both decisions back: no
    rule is left that ``forget --rules`` does not list, and the next run does not apply it.
    (``tbcir``, not ``tbc``: a fragment of three letters is proposed only at calibrated 0.75 or
    more, ``worth._SHORT_FLOOR``, and ``tbc`` → the here is under it.)"""
    b = Batch(tmp_path)
    b.write(
        "twice", "SUBJECT: TWICE\n\nThey said tbcir talks went well.\n\nThen tbcir group left.\n"
    )
    b.write("other", "SUBJECT: OTHER\n\nLater, tbcir delegation met in Baku.\n")
    b.run()
    ids = [r["id"] for r in b.records("twice") if r["original"] == "tbcir"]
    assert len(ids) == 2
    for cid in ids:
        assert b.decide("twice", cid, "accept").exit_code == 0
    first, second = (d["id"] for d in b.log("twice"))
    assert b.log("twice")[1].get("learned", []) == []
    listed = runner_invoke(["forget", "--rules", "--reviews", str(b.reviews), "--out", str(b.out)])
    rows = [row.split("\t") for row in listed.stdout.splitlines()]
    assert sorted(r[0] for r in rows) == sorted([first, second])
    assert {r[1] for r in rows} == {"tbcir -> their"}
    result = runner_invoke(["forget", first, "--reviews", str(b.reviews)])
    assert result.exit_code == 0, result.output
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == [first, second]
    assert b.lexicon() == []
    listed = runner_invoke(["forget", "--rules", "--reviews", str(b.reviews), "--out", str(b.out)])
    assert listed.stdout == ""
    b.run()
    assert b.lexicon() == []
    assert "Later, tbcir delegation" in b.clean("other")  # no rule reaches it
    assert "said their talks" in b.clean("twice") and "Then their group" in b.clean("twice")
