"""A "transcribe by hand" line item over a word the run changed on its own.

Synthetic memo (the damaged line is modelled on a 2018 JFK dev memo's OCR,
``2018__104-10167-10036``): the stage applies ``corneetion`` → connection and proposes three
other words of the line; the line becomes one item that keeps the applied change (in the
text until a person types the line) and suggests the line with every change made. Here: the
item's shape, the explicit overlap rule of ``apply_corrections``, the review keys and screens
(terminal session, ``decide``, web), and what a rerun does with the decision.
"""

from __future__ import annotations

import csv
import dataclasses
import json

import pytest
from test_review import ROOT, Batch, runner
from test_review_web import _get, _serving

from pipeline.cli import app
from pipeline.core.enums import CorrectionDecision
from pipeline.core.results import Correction
from pipeline.lexicon import Lexicon
from pipeline.review import ReviewStore, apply_decisions, load_output
from pipeline.review.linetext import suggestion
from pipeline.review.resolve import resolve
from pipeline.review.session import ReplyKind, Session
from pipeline.stages.correct import apply_corrections, correct

DAMAGED = "walue in corneetion with our forthconing promgirda jrogran, ‘everol of our"
MEMO = f"""SUBJECT: Program review

1. The station has been asked to report on the program.
{DAMAGED}
officers have asked for guidance on the connection with the press.
"""
SUGGESTED = "value in connection with our forthcoming promgirda program, ‘everol of our"
TYPED = "value in connection with our forthcoming propaganda program, several of our"
D = CorrectionDecision


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load(ROOT / "dictionaries")


def _line_and_word(records) -> tuple[Correction, Correction]:
    line = next(c for c in records if c.is_line)
    word = next(c for c in records if c.original == "corneetion")
    return line, word


def test_the_line_item_keeps_the_applied_change_and_suggests_the_line(lexicon: Lexicon) -> None:
    result = correct(MEMO, None, lexicon)
    line, word = _line_and_word(result.corrections)
    assert line.original == DAMAGED and line.decision == D.PROPOSED
    assert line.replacement == SUGGESTED  # every change of its records made
    assert word.decision == D.APPLIED and word.replacement == "connection"
    # the proposals are dropped into the item; the applied record stays, listed there too
    assert [c.original for c in result.corrections if not c.is_line] == ["corneetion"]
    assert {(s.original, s.decision) for s in line.subsumed} == {
        ("walue", D.PROPOSED),
        ("corneetion", D.APPLIED),
        ("forthconing", D.PROPOSED),
        ("jrogran", D.PROPOSED),
    }
    assert "applied until the line is typed: corneetion → connection" in line.reason
    # the applied change is in the text while the line waits for a person
    assert "walue in connection with" in result.text
    assert apply_corrections(MEMO, result.applied) == result.text
    pieces = [(p.text, p.applied) for p in suggestion(line) if p.decision is not None]
    assert pieces == [("value", False), ("connection", True), ("forthcoming", False),
                      ("program", False)]  # fmt: skip


def test_a_typed_line_covers_the_applied_word_and_other_overlaps_are_refused(
    lexicon: Lexicon,
) -> None:
    result = correct(MEMO, None, lexicon)
    line, word = _line_and_word(result.corrections)
    typed = dataclasses.replace(line, decision=D.EDITED, replacement=TYPED)
    changed = (D.APPLIED, D.ACCEPTED, D.EDITED)
    text = apply_corrections(MEMO, [word, typed], changed)
    assert TYPED in text and "walue" not in text
    # kept as OCR read it (rejected): the applied change inside still applies
    kept = dataclasses.replace(line, decision=D.REJECTED)
    assert "walue in connection with" in apply_corrections(MEMO, [word, kept], changed)
    # a word reaching across the line's edge is an overlap no rule allows
    across = dataclasses.replace(word, id="x", start=line.end - 3, end=line.end + 3)
    across = dataclasses.replace(across, original=MEMO[across.start : across.end])
    with pytest.raises(ValueError, match="overlapping"):
        apply_corrections(MEMO, [typed, across], changed)


def _batch(tmp_path) -> Batch:
    b = Batch(tmp_path)
    b.write("memo", MEMO)
    b.run()
    return b


def test_taking_the_suggested_line_in_the_session_and_a_rerun(tmp_path) -> None:
    b = _batch(tmp_path)
    s = Session(load_output(b.doc("memo")), ReviewStore(b.reviews))
    assert s.current is not None and s.current.is_line
    reply = s.feed("a")  # the suggested line, in one key
    assert reply.kind is ReplyKind.NEXT, reply.message
    logged = b.log("memo")[-1]
    assert logged["action"] == "edit" and logged["replacement"] == SUGGESTED and logged["line"]
    assert SUGGESTED in b.clean("memo")
    b.check_invariant("memo")
    records = {r["original"]: r for r in b.records("memo")}
    word = records["corneetion"]
    assert word["decision"] == "applied"  # still on record, with the line that covers it
    assert word["review"]["covered_by"] == records[DAMAGED]["id"]
    b.run()  # the decision lands on the same line again
    assert SUGGESTED in b.clean("memo")
    b.check_invariant("memo")
    meta = json.loads((b.doc("memo") / "metadata.json").read_text())
    assert meta["review"]["stale"] == [] and meta["review"]["edited"] == 1
    automatic = meta["review"]["automatic"]
    assert automatic["covered_by_typed_lines"] == 1 and automatic["not_audited"] == 0
    # the covered word is counted once: apart, not as applied beside the typed line
    kinds = [r["decision"] for r in b.records("memo") if not r.get("review", {}).get("covered_by")]
    assert meta["corrections"] == {
        **{d: kinds.count(d) for d in set(kinds)},
        "covered_by_typed_lines": 1,
    }
    assert meta["corrections"].get("applied", 0) == automatic["changes"]


def test_typing_the_line_with_decide_and_the_audit_no_longer_lists_the_word(tmp_path) -> None:
    b = _batch(tmp_path)
    line = next(r for r in b.records("memo") if r.get("kind") == "line")
    result = b.decide("memo", line["id"], "accept")  # accept takes the suggestion
    assert result.exit_code == 0, result.output
    result = b.decide("memo", line["id"], "--text", TYPED)
    assert result.exit_code == 0, result.output
    assert TYPED in b.clean("memo") and b.log("memo")[-1]["replacement"] == TYPED
    b.check_invariant("memo")
    out = load_output(b.doc("memo"))
    reviewed = apply_decisions("memo", out.stripped, out.result(), ReviewStore(b.reviews))
    assert "corneetion" not in [c.original for c in reviewed.automatic()]
    assert reviewed.pending == ()


def test_a_line_decision_found_by_its_text_lands_only_where_no_record_crosses_it(
    lexicon: Lexicon,
) -> None:
    from pipeline.review.decisions import Action, Decision, Scope

    result = correct(MEMO, None, lexicon)
    line, _ = _line_and_word(result.corrections)
    d = Decision(
        id="d1", document="memo", correction="gone", original=DAMAGED, context=line.context,
        action=Action.EDIT, replacement=TYPED, candidate=None, scope=Scope.THIS, line=True,
    )  # fmt: skip
    # the next run made no line item: its words are records of their own
    words = [c for c in result.corrections if not c.is_line]
    words += [
        Correction("w", 1, 3, line.start, line.start + 5, None, "walue", "value", (),
                   D.PROPOSED, "", None, "")
    ]  # fmt: skip
    reviewed = resolve("memo", MEMO, words, [d])
    assert TYPED in reviewed.text and not reviewed.stale
    assert all(c.original != "walue" for c in reviewed.pending)  # inside the typed line
    # a record reaching across the line's end: the decision is stale, and says why
    edge = MEMO[line.end - 3 : line.end + 9]
    across = Correction(
        "x", 1, 3, line.end - 3, line.end + 9, None, edge, "y", (), D.PROPOSED, "", None, ""
    )
    reviewed = resolve("memo", MEMO, [*words, across], [d])
    assert TYPED not in reviewed.text and len(reviewed.stale) == 1
    assert "reaches across its edge" in reviewed.stale[0].why


def test_the_web_review_marks_the_applied_change_in_the_suggested_line(tmp_path) -> None:
    b = _batch(tmp_path)
    for server in _serving(b):
        status, body = _get(server.url)
        html = body.decode()
        assert status == 200
        assert 'data-suggested="yes"' in html
        assert '<ins class="applied" title="applied by the run: corneetion → connection' in html
        assert '<mark class="proposed" title="proposed: walue → value">value</mark>' in html
        assert 'value="value in connection with our forthcoming promgirda program,' in html
        assert "take the suggested line" in html


def test_the_terminal_review_marks_the_applied_change_and_takes_the_line_with_a(tmp_path) -> None:
    b = _batch(tmp_path)
    result = b.review("memo", "a\n")
    assert result.exit_code == 0, result.output
    shown = result.output
    assert "Suggested" in shown and "{connection}" in shown and "[value]" in shown
    assert "a take the suggested line" in shown
    assert SUGGESTED in b.clean("memo")


def test_forget_refuses_a_typed_line_which_taught_nothing(tmp_path) -> None:
    # Seen at the terminal on a jfk-2022 dev memo: `forget` on a typed line said "forgot what
    # … taught" and logged a forget record, and `--decided` then read "forgotten".
    b = _batch(tmp_path)
    line = next(r for r in b.records("memo") if r.get("kind") == "line")
    assert b.decide("memo", line["id"], "accept").exit_code == 0
    decision = b.log("memo")[-1]["id"]
    logged = len(b.log("memo"))
    result = runner.invoke(app, ["forget", decision, "--reviews", str(b.reviews)])
    assert result.exit_code == 2 and "taught nothing" in result.output, result.output
    assert len(b.log("memo")) == logged  # nothing recorded
    decided = b.review("memo", "", "--decided").stdout
    assert f"{decision}\tmemo/{line['id']}\tthis\tstands\t" in decided
    assert SUGGESTED in b.clean("memo")


def test_the_sheet_and_the_list_show_the_suggested_line(tmp_path) -> None:
    # Seen on a jfk-2022 dev memo: a line item's `candidates` cell (and --list's column) was
    # empty, so a spreadsheet's `accept` took a line the reviewer could not see.
    b = _batch(tmp_path)
    line = next(r for r in b.records("memo") if r.get("kind") == "line")
    sheet = tmp_path / "sheet.csv"
    assert b.review("memo", "", "--export", str(sheet)).exit_code == 0
    rows = {r["id"]: r for r in csv.DictReader(sheet.open(encoding="utf-8-sig"))}
    assert rows[line["id"]]["candidates"] == SUGGESTED
    listed = b.review("memo", "", "--list").stdout.splitlines()
    row = next(r.split("\t") for r in listed if r.startswith(line["id"]))
    assert row[3] == SUGGESTED


def test_the_terminal_key_names_only_the_marks_the_suggested_line_has() -> None:
    # Seen on a jfk-2022 dev memo: "{applied by the run}" in the key of a line with no change
    # the run applied. Synthetic line item: one proposal, nothing applied.
    from pipeline.cli.review_terminal import suggested_text
    from pipeline.core.enums import CorrectionKind
    from pipeline.core.results import Subsumed

    text = "wiil the cst"
    sub = (Subsumed(9, 12, "cst", "cat", D.PROPOSED),)
    line = Correction(
        "l",
        1,
        0,
        0,
        len(text),
        None,
        text,
        "wiil the cat",
        (),
        D.PROPOSED,
        "",
        None,
        "",
        kind=CorrectionKind.LINE,
        subsumed=sub,
    )
    shown = suggested_text(line).plain
    assert shown.startswith("wiil the [cat]") and "[proposed]" in shown
    assert "applied by the run" not in shown
    applied = dataclasses.replace(line, subsumed=(dataclasses.replace(sub[0], decision=D.APPLIED),))
    shown = suggested_text(applied).plain
    assert "{cat}" in shown and "{applied by the run}" in shown and "[proposed]" not in shown
