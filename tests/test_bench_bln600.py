"""BLN600's scoring (``bench.bln600``): "transcribe by hand" line items are counted apart, not
judged as word proposals (as ``bench.labelled`` does), and proposals are counted by class. Texts
are synthetic, hand-made; the reasons are the correct stage's wording, copied from records it
wrote on BLN600 dev documents (their sample ids named)."""

from __future__ import annotations

import pytest

from bench.bln600 import (
    LineItems,
    ProposalClass,
    Score,
    class_table,
    figures,
    line_items,
    proposal_class,
    score_document,
    table,
)
from bench.labelled import is_line_item, word_records

OCR = "tbe cat sat\nxx;q the lne ~~\nat tbe end\n"
GOLD = "the cat sat\non the line\nat the end\n"
LINE = "xx;q the lne ~~"


def _rec(start: int, original: str, replacement: str, decision: str, **extra: object) -> dict:
    return {
        "start": start,
        "end": start + len(original),
        "original": original,
        "replacement": replacement,
        "decision": decision,
        "candidates": [[replacement, 0.9]],
        "reason": "",
        **extra,
    }


def _line() -> dict:
    start = OCR.index(LINE)
    rec = _rec(start, LINE, LINE, "proposed", kind="line", subsumed=[])
    rec["candidates"] = []
    return rec


def test_a_line_item_is_counted_apart_not_as_a_wrong_proposal() -> None:
    first_tbe, last_tbe = OCR.index("tbe"), OCR.rindex("tbe")
    records = [
        _rec(first_tbe, "tbe", "the", "applied"),
        _rec(last_tbe, "tbe", "the", "proposed"),
        _line(),
    ]
    score = Score()
    clean = OCR.replace("tbe", "the", 1)
    score_document(score, "s1", OCR, GOLD, clean, records)
    f = figures(score, 1, len(GOLD.split()))
    # One word proposal, right: the line (its replacement is its own text) is not judged.
    assert f["reviewer"]["proposals"] == 1
    assert f["reviewer"]["top_right"] == 1.0
    assert f["reviewer"]["applied"] == 1
    # The line: one item over "on the line", of which OCR got "on" and "line" wrong.
    assert f["lines"] == {"items": 1, "gold_words": 3, "wrong_words": 2, "wrong_share": 0.6667}
    assert f["line_items"] == 1
    # Reviewer items as the labelled set counts them: the change and the line.
    assert (f["items"]["change_items"], f["items"]["line_items"], f["items"]["items"]) == (1, 1, 2)
    assert f["by_class"]["dictionary"]["proposals"] == 1
    assert f["by_class"]["dictionary"]["top_right"] == 1.0
    assert "lines" in table({"dev": f | {"chars": len(OCR)}})


def test_a_line_item_whose_span_does_not_hold_its_text_covers_nothing() -> None:
    rec = _line() | {"original": "something else"}
    assert line_items(OCR, GOLD, [rec]) == LineItems(1, 0, 0)
    assert line_items(OCR, GOLD, []) == LineItems()


def test_a_line_of_right_words_is_not_worth_typing() -> None:
    ocr = gold = "one line\nthe same words here\nend\n"
    start = ocr.index("the same")
    rec = _rec(start, "the same words here", "the same words here", "proposed", kind="line")
    assert line_items(ocr, gold, [rec]) == LineItems(1, 4, 0)


def test_labelled_and_bln600_split_records_the_same_way() -> None:
    records = [_rec(0, "tbe", "the", "proposed"), _line()]
    assert [is_line_item(r) for r in records] == [False, True]
    assert [r.original for r in word_records(records)] == ["tbe"]


# (original, replacement, the reason's account) from records the correct stage wrote on BLN600
# dev documents (sample ids in the comments), reasons cut after the path's own words.
CLASSED = [
    (  # 3200803382
        "waS",
        "was",
        "waS → was: OCR case confusion S→s; proposed, not applied: 'waS' recurs in 3 documents",
        ProposalClass.CASE,
    ),
    (  # 3200797029
        "Nor- mandy",
        "Normandy",
        "'Nor- mandy' → Normandy: English dictionary, a word broken by a hyphen at a line end",
        ProposalClass.JOIN,
    ),
    (  # 3200811428
        "mehome",
        "me home",
        "mehome → me home: English dictionary, words run together, fits the neighbouring words",
        ProposalClass.SPLIT,
    ),
    (  # 3200801630
        "ha",
        "he",
        "ha → he: real-word error, OCR confusion a→e, 'could he ' fits where 'could ha ' does "
        "not (context log-odds 8.3, pairs known 1 vs 0); proposed, not applied: short word",
        ProposalClass.REALWORD,
    ),
    (  # 3200811765
        "er",
        "or",
        "er → or: English dictionary, OCR confusion e→o, 'one or that' fits the neighbouring "
        "words (context log-odds 7.7 over the next reading, pairs known 2 vs 0)",
        ProposalClass.SHORT,
    ),
    (  # 3200807886
        "a,",
        "a",
        "a, → a: a speck read as ',': 'a and' is one phrase; proposed, not applied: a short word",
        ProposalClass.SPECK,
    ),
    (  # 3200810742
        "bhoken",
        "broken",
        "bhoken → broken: English dictionary, h→r, 'broken' also occurs in this document; "
        "proposed, not applied: 2 of the neighbouring words are damaged too",
        ProposalClass.DICTIONARY,
    ),
]


@pytest.mark.parametrize(("original", "replacement", "reason", "want"), CLASSED)
def test_proposal_class(original: str, replacement: str, reason: str, want: ProposalClass) -> None:
    rec = {"original": original, "replacement": replacement, "reason": reason}
    assert proposal_class(rec) is want


def test_the_decision_part_of_a_reason_does_not_decide_the_class() -> None:
    # Synthetic: a dictionary proposal whose decision note happens to use a path's words.
    reason = (
        "wvere → were: English dictionary, extra letter 'v'; proposed, not applied: "
        "a real-word error may be near"
    )
    rec = {"original": "wvere", "replacement": "were", "reason": reason}
    assert proposal_class(rec) is ProposalClass.DICTIONARY


def test_the_class_table_has_a_row_per_class_seen() -> None:
    records = [
        _rec(OCR.index("tbe"), "tbe", "the", "proposed", reason="tbe → the: English dictionary"),
        _rec(OCR.index("cat"), "cat", "cot", "proposed", reason="cat → cot: real-word error"),
    ]
    score = Score()
    score_document(score, "s1", OCR, GOLD, OCR, records)
    f = figures(score, 1, len(GOLD.split()))
    assert f["by_class"]["real-word"]["top_right"] == 0.0
    assert f["by_class"]["real-word"]["wrong_examples"] == ["s1: cat -> cot (gold 'cat')"]
    rows = class_table({"dev": f}).splitlines()[1:]
    assert [r.split()[0] for r in rows] == ["real-word", "dictionary"]


def test_applied_records_are_counted_by_class() -> None:
    # Synthetic: one right application of the dictionary path, one wrong real-word one.
    records = [
        _rec(OCR.index("tbe"), "tbe", "the", "applied", reason="tbe → the: English dictionary"),
        _rec(OCR.index("cat"), "cat", "cot", "applied", reason="cat → cot: real-word error"),
    ]
    score = Score()
    score_document(score, "s1", OCR, GOLD, OCR, records)
    f = figures(score, 1, len(GOLD.split()))
    assert f["applied_by_class"] == {
        "real-word": {"right": 0, "wrong": 1, "neutral": 0, "precision": 0.0},
        "dictionary": {"right": 1, "wrong": 0, "neutral": 0, "precision": 1.0},
    }
    rows = class_table({"dev": f}).splitlines()
    at = rows.index(next(r for r in rows if r.startswith("applied by class")))
    assert [r.split()[0] for r in rows[at + 1 :]] == ["real-word", "dictionary"]
