"""A speck in the space between two words read as an apostrophe
(``pipeline.stages.correct.gap_mark``).

Positives are in the wild: BLN600 dev OCR lines (``/work/shared/corpus/bln600/train.csv``,
Booth, Thomas and Gaizauskas 2024, MIT; the Sample ID in each comment, all in
``bench/splits.json``'s dev part). The negatives are contractions, elisions and names in
synthetic sentences, and BLN600 dev's broken words (3206218935 ``in'to``, 3206256436
``them'selves``) and a misread word beside the mark (3200812528 ``by'bis``).
"""

from __future__ import annotations

import pytest

from pipeline.core.results import APPLIED
from pipeline.lexicon import Lexicon
from pipeline.stages.correct import correct


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # 3200810145
        (
            "My house is large, well appointed, in the best part'of Oxford; and your lordship",
            "My house is large, well appointed, in the best part of Oxford; and your lordship",
        ),
        # 3200810296
        (
            "then pushed his fist in his jaw, saying he did'not want to have anything to do",
            "then pushed his fist in his jaw, saying he did not want to have anything to do",
        ),
        # 3200812528
        (
            "the prisoner was standing in order'to avoid the blows.",
            "the prisoner was standing in order to avoid the blows.",
        ),
    ],
)
def test_a_speck_between_two_words_becomes_a_space(lexicon: Lexicon, text: str, want: str) -> None:
    assert correct(text, None, lexicon).text == want


def test_the_record_spans_the_mark_alone(lexicon: Lexicon) -> None:
    text = "standing in order'to avoid the blows."
    result = correct(text, None, lexicon)
    [rec] = result.corrections
    assert (rec.original, rec.replacement, rec.decision) == ("'", " ", APPLIED)
    assert text[rec.start : rec.end] == "'"
    assert "order'to → order to" in rec.reason


@pytest.mark.parametrize(
    "text",
    [
        "He said he didn't know, and we'll see; they've gone and you're late.",
        "It was six o'clock when the constable came, and he said 'tis so, give'em the rest.",
        "Mr. O'Brien and Mrs. d'Arcy were called.",
        "the prisoner was in'to the room",
        "All present enrolled them'selves on the committee.",
        "the awakened by'bis teeth being knocked out.",
    ],
)
def test_a_meant_apostrophe_or_a_misread_word_stays(lexicon: Lexicon, text: str) -> None:
    result = correct(text, None, lexicon)
    assert not [c for c in result.corrections if "space between two words" in c.reason]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # 3200810882
        (
            "Harrow-road, was charged, at the Marylebone Police-court,with stealing a lady's",
            "Harrow-road, was charged, at the Marylebone Police-court, with stealing a lady's",
        ),
        # 3200813773
        (
            "A butcher's boy came up shortly afterwards,and the witness sent him for the police",
            "A butcher's boy came up shortly afterwards, and the witness sent him for the police",
        ),
    ],
)
def test_a_comma_between_two_words_gets_its_space(lexicon: Lexicon, text: str, want: str) -> None:
    """In the wild (BLN600 dev half A OCR, Sample ID in each comment): the space after a
    comma lost, two words one token."""
    result = correct(text, None, lexicon)
    assert result.text == want
    assert [(c.original, c.replacement, c.decision) for c in result.corrections] == [
        (",", ", ", APPLIED)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "TAGS: PGOV,PREL, IR",  # a code list in capitals (synthetic)
        "some 1,000 men were there",  # a number
        "the Smith,Jones report",  # a capital after the comma (synthetic): left
    ],
)
def test_a_comma_inside_a_code_or_number_is_kept(lexicon: Lexicon, text: str) -> None:
    assert correct(text, None, lexicon).text == text
