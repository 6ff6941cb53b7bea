"""``bench.review_items``: how line items that suggest a text are judged (synthetic records).

A line item of damaged text suggests the line with its records' changes made; a reviewer who
finds it right takes it in one key. The labelled set's figures count such an item right only
when the suggestion is the gold at the line's place, and wrong otherwise (issue 15).
"""

from __future__ import annotations

import json

from bench.review_items import Verdict, items_json, line_suggestions, review_items

BEFORE = "Tbe cst sat.\nOn tbe nat it slept.\n"
GOLD = "The cat sat.\nOn the mat it slept.\n"


def _line(start: int, end: int, suggestion: str | None = None) -> dict:
    text = BEFORE[start:end]
    return {
        "kind": "line",
        "start": start,
        "end": end,
        "original": text,
        "replacement": text if suggestion is None else suggestion,
        "decision": "proposed",
        "candidates": [],
    }


def test_a_suggested_line_is_right_only_when_it_is_the_gold() -> None:
    first = BEFORE.index("\n")
    second = (first + 1, len(BEFORE) - 1)
    lines = [
        _line(0, first, "The cat sat."),  # the gold: one key
        _line(*second, "On the nat it slept."),  # a word still wrong: typed by hand after all
        _line(0, first),  # no suggestion: a line to type, not judged
    ]
    assert line_suggestions(BEFORE, GOLD, lines) == [True, False]
    assert line_suggestions(BEFORE, GOLD, [_line(0, first)]) == []


def test_suggested_lines_join_the_one_key_share_apart_from_the_word_items() -> None:
    ok, bad = Verdict(True, True, False), Verdict(False, False, False)
    items = review_items([("a → b", ok), ("c → d", bad)], 3, [True, False])
    figures = items_json(items, 1000)
    assert figures["top_right"] == 0.5  # word items only, as before
    assert (figures["line_suggestions"], figures["line_suggestions_right"]) == (2, 1)
    assert figures["top_right_with_lines"] == 0.5  # (1 + 1) / (2 + 2)
    assert figures["items"] == 5


def _proposal(original: str, replacement: str, *candidates: str) -> dict:
    return {
        "original": original,
        "replacement": replacement,
        "decision": "proposed",
        "candidates": [[c, 0.5] for c in (candidates or (replacement,))],
        "reason": "fits the neighbouring words; proposed, not applied: more than one edit",
    }


def test_the_item_count_follows_the_pipelines_review_key(tmp_path) -> None:
    """Three readings of Registry (two documents) are one item, as the web queue groups them
    (``keys.review_key``); ``tie``/``tho`` → the stay two (short words, ``tie`` a word the
    stage lists among its own candidates). Synthetic records, made here."""
    from bench.proposals_dev import items_by_document
    from bench.review_items import record_key
    from pipeline.review.keys import review_key

    docs = {
        "memo": [_proposal("Reglatry", "Registry"), _proposal("tie", "the", "the", "tie")],
        "cable": [_proposal("Regiatty", "Registry"), _proposal("REGLOTRY", "REGISTRY")],
        "note": [_proposal("tho", "the", "the", "tho")],
    }
    for name, records in docs.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "stripped.txt").write_text("word " * 100, encoding="utf-8")
        rows = "".join(json.dumps(r) + "\n" for r in records)
        (tmp_path / name / "corrections.jsonl").write_text(rows, encoding="utf-8")
    _, changes = items_by_document(tmp_path)
    assert changes == 3  # Registry, tie → the, tho → the
    r = docs["memo"][0]
    assert record_key(r) == review_key("Reglatry", "Registry", ["Registry"], r["reason"])
