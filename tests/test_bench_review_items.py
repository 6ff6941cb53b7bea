"""``bench.review_items``: how line items that suggest a text are judged (synthetic records).

A line item of damaged text suggests the line with its records' changes made; a reviewer who
finds it right takes it in one key. The labelled set's figures count such an item right only
when the suggestion is the gold at the line's place, and wrong otherwise (issue 15).
"""

from __future__ import annotations

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
