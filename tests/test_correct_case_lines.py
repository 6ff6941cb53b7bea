"""Case confusions where a line's end or a shape-twin initial decides (``stages/correct/case.py``).

Fixtures: synthetic texts shaped on BLN600 dev (in the wild, dev split): sample 3200810957
(``who did it⏎Was the prisoner there?``: a question after a short line, gold ``Was``) and
sample 3206276586 (``morning he SaW the prisoners``, gold ``saw``).
"""

from __future__ import annotations

import pytest

from pipeline.core.results import APPLIED
from pipeline.lexicon import Lexicon
from pipeline.stages.correct import correct
from pipeline.stages.correct.case import _long_line

LONG = (
    "The constable said that he was on duty in the street at the time and that he was "
    "called to the house by the landlord, who said the prisoner was there."
)


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load()


def _changes(text: str, lexicon: Lexicon) -> list[tuple[str, str, str]]:
    return [
        (c.original, c.replacement, c.decision) for c in correct(text, None, lexicon).corrections
    ]


def test_a_capital_after_a_short_line_may_start_a_sentence(lexicon: Lexicon) -> None:
    # The line before ends a paragraph (far shorter than the column): its full stop was lost.
    text = "\n".join(
        [LONG, LONG, "I could swear to the man who did it", "Was the prisoner there?", LONG]
    )
    assert _changes(text, lexicon) == []


def test_a_capital_after_a_wrapped_line_is_lowered(lexicon: Lexicon) -> None:
    # The same capital after a line that runs to the column's edge: mid-sentence, lowered.
    wrapped = LONG[:-1] + " He said the man who did it"
    text = "\n".join([LONG, LONG, wrapped, "Was the prisoner there?", LONG])
    assert _changes(text, lexicon) == [("Was", "was", APPLIED)]


def test_paragraph_end_needs_lines_to_measure() -> None:
    # the long line is the 90th percentile of the non-blank lines; too few lines: no measure
    assert _long_line("one\ntwo") is None
    assert _long_line("a\nabcdefghij\nabc\nabcdefghi") == 10


def test_a_twin_initial_mid_sentence_is_read_small(lexicon: Lexicon) -> None:
    # ``SaW``: the S is the same shape-twin as the W; between small words, where the batch
    # writes ``saw`` small, the word is ``saw``, not ``Saw``.
    text = f"{LONG}\nThe constable said that morning he SaW the prisoners, and he saw them."
    assert ("SaW", "saw", APPLIED) in _changes(text, lexicon)


def test_a_twin_initial_after_a_comma_is_read_small(lexicon: Lexicon) -> None:
    # BLN600 dev sample 3206212402: ``referred to, SayS that`` (gold ``says``). The word is
    # changed either way; after a comma it is far more often mid-sentence than a sentence's start.
    text = f"{LONG}\nThe witness before referred to, SayS that she says what she saw."
    assert ("SayS", "says", APPLIED) in _changes(text, lexicon)
