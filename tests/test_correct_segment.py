"""Words run together: the segmentation competes with one-word readings in the ranking.

Sentences are synthetic, written for these tests in the shape of BLN600 dev errors
(``whereis``, ``wasalsogiven``, ``statedithat``, ``examina tion``).
"""

from __future__ import annotations

from pathlib import Path

from pipeline.lexicon import Lexicon
from pipeline.stages.correct import APPLIED, correct
from pipeline.stages.correct.candidates import segment

ROOT = Path(__file__).parent.parent


def _changes(text: str, lexicon: Lexicon) -> list[tuple[str, str, str]]:
    result = correct(text, None, lexicon)
    return [(c.original, c.replacement, c.decision) for c in result.corrections]


def test_segment_splits_into_english_words() -> None:
    assert segment("wasalsogiven") == ("was", "also", "given")
    assert segment("whereis") == ("where", "is")


def test_a_split_beats_a_one_letter_edit_and_is_not_taken_for_a_derived_word(lexicon) -> None:
    # ``whereis`` used to be proposed as ``whereas``-or-``where is`` ("may be a derived form":
    # ``where`` + ``-is``): a split ending in a function word is no derived word.
    assert _changes("I do not know whereis the money now.", lexicon) == [
        ("whereis", "where is", APPLIED)
    ]


def test_three_words_run_together_are_split(lexicon) -> None:
    assert _changes("A sum of money wasalsogiven to the widow.", lexicon) == [
        ("wasalsogiven", "was also given", APPLIED)
    ]


def test_a_lowercase_i_is_not_a_word_of_a_split(lexicon) -> None:
    # ``statedithat``: the ``i`` is a speck or a broken letter, not the pronoun.
    for _, repl, _ in _changes("The witness statedithat he saw the man.", lexicon):
        assert " i " not in f" {repl} "


def test_a_split_does_not_strand_the_next_piece_of_a_broken_word(lexicon) -> None:
    # ``examina tion``: the merge is the reading; ``exam in a`` (which outranked it on BLN600
    # dev) would leave ``tion`` alone, so it is not a candidate at all.
    result = correct("After a careful examina tion of the body the doctor left.", None, lexicon)
    (record,) = result.corrections
    assert (record.original, record.replacement) == ("examina tion", "examination")
    assert all(" " not in text for text, _ in record.candidates)


def test_a_stop_inside_a_broken_word_or_after_an_abbreviation_stays(lexicon) -> None:
    # BLN600 dev: ``your. self`` and ``near. by`` are one word broken at a mark (dropping the
    # stop left two words), ``per cent.`` is the period's abbreviation; ``who. will`` is still
    # a speck between two words.
    text = "You must consider your. self in custody, and sixty per cent. of them who. will go."
    assert _changes(text, lexicon) == [("who.", "who", APPLIED)]


def test_a_stop_inside_a_compound_the_batch_hyphenates_stays(lexicon) -> None:
    # BLN600 dev (in the wild, sample 3206197135): ``Lieutenant.Colonel Baldwin`` (gold
    # ``Lieutenant-Colonel``) where another document of the batch prints ``Lieutenant-Colonel``
    # and none ``Lieutenant Colonel``: the mark is the paper's hyphen, not a speck between words.
    from pipeline.stages.correct import BatchVocabulary

    text = "Jan. 8, at Dover, Lieutenant.Colonel Baldwin, aged 77."
    other = "The regiment was inspected by Lieutenant-Colonel Grey on Monday."
    alone = BatchVocabulary.from_documents([text])
    assert _changes_with(text, lexicon, alone) == [
        ("Lieutenant.Colonel", "Lieutenant Colonel", APPLIED)
    ]
    batch = BatchVocabulary.from_documents([text, other])
    assert _changes_with(text, lexicon, batch) == []
    # A stop before a space is still a speck where the batch hyphenates the pair: the space is
    # the page's (BLN600 dev: ``public. house`` where the batch prints ``public-house``).
    spaced = "He went into the public. house and sat down with the men."
    hyphens = "The public-house was shut, and the public-house keeper left."
    batch = BatchVocabulary.from_documents([spaced, hyphens])
    assert _changes_with(spaced, lexicon, batch) == [("public.", "public", APPLIED)]


def _changes_with(text, lexicon, vocabulary) -> list[tuple[str, str, str]]:
    result = correct(text, None, lexicon, vocabulary=vocabulary)
    return [(c.original, c.replacement, c.decision) for c in result.corrections]
