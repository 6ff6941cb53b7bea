"""A speck at a word's edge read as a straight single quote
(``pipeline.stages.correct.apostrophes``, issue 15).

Positives are synthetic sentences in the shapes BLN600 dev half A's OCR gave
(``bench.dev_halves``: ``said that 'when the prisoner``, ``the constable 'struggling on``,
``he called' Meek``). Negatives are the apostrophes the module must keep, synthetic: elisions
(``'tis``, ``o'``, ``goin'``), a plural's possessive (``parents'``), a single-quoted term
(``'half a mutchkin.'``), a capitals possessive whose S OCR set apart (``GOVERNMENT' S``), and
marks beside a word that is itself misread or broken (shapes of dev halves A and B).
"""

from __future__ import annotations

import pytest

from pipeline.core.results import APPLIED, PROPOSED
from pipeline.lexicon import Lexicon
from pipeline.stages.correct import correct


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "He said that 'when the prisoner came in he was quite sober.",
            "He said that when the prisoner came in he was quite sober.",
        ),
        (
            "The prisoner asked the deceased and her 'aunt to drink with him.",
            "The prisoner asked the deceased and her aunt to drink with him.",
        ),
        (
            "He saw the prisoner and the constable 'struggling on the ground together.",
            "He saw the prisoner and the constable struggling on the ground together.",
        ),
        (
            "As he could not get his discharge, he called' Meek, and said he would not go.",
            "As he could not get his discharge, he called Meek, and said he would not go.",
        ),
        (
            "The prisoner was quite sober.' He then left the house and went home.",
            "The prisoner was quite sober. He then left the house and went home.",
        ),
    ],
)
def test_speck_read_as_straight_quote_goes(text: str, want: str, lexicon: Lexicon) -> None:
    result = correct(text, None, lexicon)
    assert result.text == want
    assert all(c.decision == APPLIED for c in result.corrections)


@pytest.mark.parametrize(
    "text",
    [
        "He said 'tis a hard case, and went out o' the house.",
        "She came with her parents' permission to the court.",
        "He was goin' home when the constable stopped him.",
        "They had drunk 'half a mutchkin.' and then left the house.",
        "THE GOVERNMENT' S REPLY WAS SENT ON MONDAY.",
        "He had seen 'em all in the yard before noon.",
        # The word beside the speck is itself misread: a small word opening a sentence, a
        # rare short word.
        "He went out at once. 'his induced them to follow.",
        "The medical evidence 'wad adduced to prove it.",
        "On asking him what he had done, 'be replied, I could not.",
        # A short word: the mark may stand for a lost letter (*she*).
        "The child was given to her and 'he was alone in the house.",
        # A closing quote after a stop inside a double quotation: a misread closing quote.
        "He said, \"I was not guilty.' and went home.",
        # A word broken at the mark.
        "If you are pretend' ing to be mad it will not help you.",
    ],
)
def test_apostrophes_kept(text: str, lexicon: Lexicon) -> None:
    result = correct(text, None, lexicon)
    assert result.text == text
    assert not any(
        c.original.startswith("'") or c.original.endswith("'") for c in result.corrections
    )


def test_capital_after_small_word_is_proposed(lexicon: Lexicon) -> None:
    text = "The jury then heard of 'Smith and his friends in the yard."
    result = correct(text, None, lexicon)
    quotes = [c for c in result.corrections if c.original == "'Smith"]
    assert [c.decision for c in quotes] == [PROPOSED]
    assert result.text == text
