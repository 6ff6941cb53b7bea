"""``bench.reading_choice``: its halves are fixed, its three kinds of word error add up to the
bench's WER, and its column test leaves out words outside the text column (synthetic records:
made-up word boxes, nothing read)."""

from __future__ import annotations

from typing import Any

from bench.metrics import word_errors
from bench.reading_choice import column_easy, half, word_ops


def test_the_halves_are_the_ones_measured() -> None:
    """Session 31 reported figures by these halves; another salt or rule would give others."""
    assert half("frus1964-68v22_d52-k0-003") == "A"
    assert half("frus1964-68v22_d52-k0-004") == "B"


def test_word_ops_add_up_to_the_word_errors() -> None:
    pairs = [
        ("THE CABLE xx SENT", "THE CABLE WAS SENT TODAY"),
        ("ee THE CABLE a", "THE CABLE"),
        ("", "A B C"),
        ("A B C", ""),
    ]
    for text, truth in pairs:
        assert sum(word_ops(text, truth)) == word_errors(text, truth).edits


def _record(grain_left: int) -> dict[str, Any]:
    """Ten sure lines of five words in a column at x 300-1500, and twenty unsure one-word
    "lines" of grain at ``grain_left``."""
    body = [
        [["WORD", 95.0, [300 + 250 * i, 300 + 60 * n, 200, 40]] for i in range(5)]
        for n in range(10)
    ]
    grain = [[["ee", 20.0, [grain_left, 300 + 30 * n, 20, 25]]] for n in range(20)]
    return {"lines": body + grain}


def test_grain_outside_the_column_is_left_out_of_the_easy_test() -> None:
    assert column_easy(_record(grain_left=2450))
    # The same grain inside the column counts: 20 of 70 words unsure is not easy.
    assert not column_easy(_record(grain_left=800))
