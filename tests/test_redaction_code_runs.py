"""``redaction_codes._row_runs`` (the runs of a row's words read as one text for codes) gives
the runs the plain quadratic search gave (each word asks every run made so before it), word
for word, on synthetic layouts: lines of words at random spacing, lines that overlap, boxes of
zero height, words that start at the same place (issue 13: cost only, identical output)."""

from __future__ import annotations

import random

import pytest

from pipeline.core.records import BBox, Word
from pipeline.stages.redaction_codes import _code_words, _row_runs


def _quadratic(words: list[Word], gap: float) -> list[list[Word]]:
    """The search before the index: every run asked in the order made."""
    runs: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.bbox.left, w.bbox.top)):  # type: ignore[union-attr]
        b = w.bbox
        assert b is not None
        for run in runs:
            last = run[-1].bbox
            assert last is not None
            rows = min(b.bottom, last.bottom) - max(b.top, last.top)
            if rows >= 0.5 * min(b.height, last.height) and 0 <= b.left - last.right <= gap:
                run.append(w)
                break
        else:
            runs.append([w])
    return runs


def _layout(seed: int) -> list[Word]:
    """Synthetic: rows of words at random heights, gaps and vertical jitter, some rows
    overlapping the one above, a few boxes of zero height and words sharing a left edge."""
    rng = random.Random(seed)
    words: list[Word] = []
    y = rng.randint(0, 40)
    for row in range(rng.randint(1, 16)):
        x = rng.randint(0, 200)
        height = rng.choice([0, 8, 30, 45, 60])
        for col in range(rng.randint(1, 14)):
            width = rng.randint(0, 120)
            top = max(0, y + rng.randint(-12, 12))
            h = max(0, height + rng.randint(-5, 5)) if height else 0
            words.append(Word(f"w{row}.{col}", 90.0, BBox(x, top, width, h)))
            x += width + rng.choice([0, 5, 20, 44, 45, 46, 90, -10 if width > 10 else 0])
            x = max(0, x)
        y += rng.choice([10, 25, 50, 70])
    rng.shuffle(words)
    return words


@pytest.mark.parametrize("seed", range(24))
def test_row_runs_as_the_quadratic_search(seed: int) -> None:
    words = _layout(seed)
    for gap in (0.0, 20.0, 45.0, 45.5):
        got = [[id(w) for w in run] for run in _row_runs(words, gap)]
        want = [[id(w) for w in run] for run in _quadratic(words, gap)]
        assert got == want


def test_code_words_joins_a_code_cut_into_words() -> None:
    """A code printed alone and cut by OCR into three words is one code word with their box
    and lowest confidence; the same words further apart than ``CODE_GAP_IN`` are not one code."""
    cut = [Word("(b)", 91.0, BBox(100, 50, 30, 20)), Word("(7)", 80.0, BBox(135, 50, 30, 20))]
    cut.append(Word("(C)", 85.0, BBox(170, 52, 30, 20)))
    (code,) = _code_words(cut, 300)
    assert (code.text, code.conf, code.bbox) == ("(b)(7)(C)", 80.0, BBox(100, 50, 100, 22))
    apart = [Word(w.text, w.conf, BBox(w.bbox.left * 3, 50, 30, 20)) for w in cut]  # type: ignore[union-attr]
    assert [w.text for w in _code_words(apart, 300)] != ["(b)(7)(C)"]
