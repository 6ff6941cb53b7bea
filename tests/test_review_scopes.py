"""A decision on one place and a batch-wide decision on the same word: the later one wins.

They live in different logs (``OUT``'s ``<doc>.jsonl`` and ``_batch.jsonl``), so the
supersession that holds within one log (``test_review_trial``) is named in the later decision's
``supersedes`` and read back across both. Synthetic documents (``test_review.MEMO`` and
``FOLLOW_UP``) through the real pipeline; decisions made through the CLI as a user would.
"""

from __future__ import annotations

import json

import pytest
from test_review import FOLLOW_UP, MEMO, Batch, runner

from pipeline.cli import app


@pytest.fixture
def batch(tmp_path) -> Batch:
    b = Batch(tmp_path)
    b.write("memo", MEMO)
    b.write("follow_up", FOLLOW_UP)
    b.run()
    return b


def _id(b: Batch, doc: str, word: str) -> str:
    return next(r["id"] for r in b.records(doc) if r["original"] == word)


def _batch_log(b: Batch) -> list[dict]:
    path = b.reviews / "_batch.jsonl"
    return [json.loads(x) for x in path.read_text().splitlines()] if path.is_file() else []


def _rules(b: Batch) -> list[list[str]]:
    result = runner.invoke(
        app, ["forget", "--rules", "--reviews", str(b.reviews), "--out", str(b.out)]
    )
    assert result.exit_code == 0, result.output
    return [row.split("\t") for row in result.stdout.splitlines()]


def _decided(b: Batch, *where: str) -> dict[str, str]:
    result = runner.invoke(app, ["review", *where, "--decided", "--reviews", str(b.reviews)])
    assert result.exit_code == 0, result.output
    return {row.split("\t")[0]: row.split("\t")[3] for row in result.stdout.splitlines()}


def test_a_later_batch_wide_decision_supersedes_the_one_place_decision(batch: Batch) -> None:
    memo_tbc = _id(batch, "memo", "tbc")
    assert batch.decide("memo", memo_tbc, "reject").exit_code == 0
    assert batch.lexicon() == ["tbc"]
    result = batch.decide("memo", memo_tbc, "accept", "--batch")
    assert result.exit_code == 0, result.output
    one = batch.log("memo")[0]
    everywhere = _batch_log(batch)[0]
    assert everywhere["supersedes"] == [one["id"]]
    assert f"This supersedes Kept tbc (decision {one['id']}" in result.stderr
    assert batch.lexicon() == ["tbc -> the"]  # the keep's word went with it
    assert "said the meeting" in batch.clean("memo")
    assert "Later, the group met" in batch.clean("follow_up")
    (rule,) = [r for r in _rules(batch) if "tbc" in r[1]]
    assert rule[0] == everywhere["id"] and rule[1] == "tbc -> the"
    assert rule[4].startswith(f"supersedes {one['id']} (Kept tbc at memo/{memo_tbc})")
    assert _decided(batch, str(batch.out)) == {
        one["id"]: f"superseded by {everywhere['id']}",
        everywhere["id"]: "stands",
    }
    batch.run()  # the next run agrees
    assert "said the meeting" in batch.clean("memo") and batch.lexicon() == ["tbc -> the"]

    # Undo the batch-wide decision: the keep stands again, and teaches again.
    result = batch.review("memo", "u\nq\n")
    assert result.exit_code == 0, result.output
    assert batch.lexicon() == ["tbc"]
    assert "said tbc meeting" in batch.clean("memo")
    assert _decided(batch, str(batch.doc("memo")))[one["id"]] == "stands"


def test_a_later_decision_where_the_batch_wide_one_was_made_supersedes_it(batch: Batch) -> None:
    memo_tbc = _id(batch, "memo", "tbc")
    assert batch.decide("memo", memo_tbc, "accept", "--batch").exit_code == 0
    assert "Later, the group met" in batch.clean("follow_up")
    result = batch.decide("memo", memo_tbc, "reject")  # a change of mind on that place
    assert result.exit_code == 0, result.output
    everywhere, one = _batch_log(batch)[0], batch.log("memo")[0]
    assert one["supersedes"] == [everywhere["id"]]
    assert batch.lexicon() == ["tbc"]
    assert "said tbc meeting" in batch.clean("memo")
    batch.run()
    assert "Later, tbc group met" in batch.clean("follow_up")  # the rule no longer stands
    assert [r[0] for r in _rules(batch) if "tbc" in r[1]] == [one["id"]]
    assert _decided(batch, str(batch.out))[everywhere["id"]] == f"superseded by {one['id']}"


def test_a_later_decision_elsewhere_is_an_exception_to_the_batch_wide_one(batch: Batch) -> None:
    assert batch.decide("memo", _id(batch, "memo", "tbc"), "accept", "--batch").exit_code == 0
    follow_tbc = next(
        r["id"] for r in batch.records("follow_up") if r["original"] == "tbc"
    )  # decided by the rule: the record is there, with its review
    result = batch.decide("follow_up", follow_tbc, "reject")
    assert result.exit_code == 0, result.output
    everywhere, one = _batch_log(batch)[0], batch.log("follow_up")[0]
    assert "An exception to Accepted tbc → the in every document" in result.stderr
    assert "supersedes" not in one and one.get("learned") is None  # it teaches nothing
    assert batch.lexicon() == ["tbc -> the"]
    batch.run()
    assert "said the meeting" in batch.clean("memo")
    assert "Later, tbc group met" in batch.clean("follow_up")
    (rule,) = [r for r in _rules(batch) if "tbc" in r[1]]
    assert rule[0] == everywhere["id"]
    assert rule[4] == f"except at follow_up/{follow_tbc}: {one['id']} (Kept tbc)"
    assert _decided(batch, str(batch.out)) == {
        everywhere["id"]: "stands",
        one["id"]: f"stands (exception to {everywhere['id']})",
    }


def test_the_terminal_review_says_what_a_batch_wide_key_superseded(batch: Batch) -> None:
    follow_tbc = _id(batch, "follow_up", "tbc")
    # An edit there teaches "tbc -> this" for places like it only: the memo's is still asked.
    assert batch.decide("follow_up", follow_tbc, "--text", "this").exit_code == 0
    assert batch.pending("memo")[:2] == ["Alayev", "tbc"]
    result = batch.review("memo", "s\nA\nq\n")  # skip Alayev; tbc → the in every document
    assert result.exit_code == 0, result.output
    one = batch.log("follow_up")[0]
    said = f"This supersedes Edited tbc → this (decision {one['id']}, at follow_up/{follow_tbc})"
    assert said in (" ".join(result.output.split()))
    assert "Later, the group met" in batch.clean("follow_up")
    assert batch.lexicon() == ["tbc -> the"]


def test_the_web_review_says_what_a_batch_wide_decision_superseded(batch: Batch) -> None:
    from test_review_web import _post, _serving

    follow_tbc = _id(batch, "follow_up", "tbc")
    assert batch.decide("follow_up", follow_tbc, "--text", "this").exit_code == 0
    one = batch.log("follow_up")[0]
    serving = _serving(batch)
    server = next(serving)
    try:
        body = {"id": f"memo/{_id(batch, 'memo', 'tbc')}", "decision": "accept", "scope": "batch"}
        status, reply = _post(server, "/api/decide", body)
    finally:
        serving.close()
    assert status == 200, reply
    said = f"This supersedes Edited tbc → this (decision {one['id']}, at follow_up/{follow_tbc})"
    assert said in reply["said"]
    assert reply["decision"]["supersedes"] == [one["id"]]


def test_a_decision_that_agrees_with_the_batch_wide_one_is_no_exception(batch: Batch) -> None:
    assert batch.decide("memo", _id(batch, "memo", "tbc"), "accept", "--batch").exit_code == 0
    follow_tbc = _id(batch, "follow_up", "tbc")
    result = batch.decide("follow_up", follow_tbc, "accept")  # the same change, here too
    assert result.exit_code == 0, result.output
    assert "exception" not in result.stderr and "supersedes" not in result.stderr
    one = batch.log("follow_up")[0]
    assert one.get("learned") is None  # the batch-wide decision teaches the line
    assert batch.lexicon() == ["tbc -> the"]
    assert _decided(batch, str(batch.out))[one["id"]] == "stands"


def test_many_superseded_decisions_are_named_three_then_counted(tmp_path) -> None:
    """Synthetic records written straight into a reviews folder (no batch needed)."""
    from pipeline.review import Action, Decision, ReviewStore, Scope
    from pipeline.review.rules import scope_notes

    store = ReviewStore(tmp_path / "reviews")
    ones = [
        Decision(f"d{i}", f"doc{i}", f"c{i}", "tbc", "", Action.REJECT, time=f"2026-01-0{i + 1}")
        for i in range(5)
    ]
    for d in ones:
        store.append(d)
    rule = Decision(
        "b", "doc0", "c0", "tbc", "", Action.ACCEPT, "the", scope=Scope.BATCH,
        time="2026-02-01", supersedes=tuple(d.id for d in ones),
    )  # fmt: skip
    store.append(rule)
    notes = scope_notes(rule, store)
    assert [n.split(" (")[0] for n in notes[:3]] == ["This supersedes Kept tbc"] * 3
    assert notes[3] == "And 2 more decisions on single places (review --decided lists them)."
    assert len(notes) == 4
    assert not {d.id for d in ones} & {d.id for d in store.all_standing()}


def test_a_forgotten_decision_is_listed_as_such_not_superseded_by_its_forget(
    batch: Batch,
) -> None:
    """forget on a one-place decision withdraws what it taught; the decision keeps standing
    at its place. --decided says so, and does not name the forget record as a later decision."""
    memo_tbc = _id(batch, "memo", "tbc")
    assert batch.decide("memo", memo_tbc, "reject").exit_code == 0
    keep = batch.log("memo")[0]
    assert batch.lexicon() == ["tbc"]
    result = runner.invoke(
        app, ["forget", keep["id"], "--reviews", str(batch.reviews), "--out", str(batch.out)]
    )
    assert result.exit_code == 0, result.output
    forget = batch.log("memo")[-1]
    assert forget["action"] == "forget" and forget["undoes"] == keep["id"]
    assert batch.lexicon() == []
    decided = _decided(batch, str(batch.out))
    assert decided == {keep["id"]: "stands (forgotten: teaches nothing)"}
