"""Pieces of words and marks OCR set apart: line-end breaks with a stray fragment between the
pieces, breaks into two words the batch settles, and opening quotes set off from their word.

Sentences are synthetic, written for these tests in the shape of BLN600 dev errors
(``pri- e- soners``, ``de- of clared``, ``de- ceased``, ``" I am``); the error classes come
from ``bench.error_sources``, whose stretch decomposition is tested at the end.
"""

from __future__ import annotations

from bench.error_sources import classify, decompose, stretches
from pipeline.lexicon import Lexicon
from pipeline.stages.correct import (
    APPLIED,
    PROPOSED,
    BatchVocabulary,
    CorrectResult,
    apply_corrections,
    correct,
)


def _changes(result: CorrectResult) -> list[tuple[str, str, str]]:
    return [(c.original, c.replacement, c.decision) for c in result.corrections]


def _replays(text: str, result: CorrectResult) -> None:
    assert apply_corrections(text, result.applied) == result.text


# -- a stray fragment between the pieces of a line-end break -----------------------------------


def test_a_fragment_between_the_pieces_is_removed_in_the_join(lexicon: Lexicon) -> None:
    text = "The pri- e- soners were then de- of clared guilty by the jury."
    result = correct(text, None, lexicon)
    assert _changes(result) == [
        ("pri- e- soners", "prisoners", APPLIED),
        ("de- of clared", "declared", APPLIED),
    ]
    assert result.text == "The prisoners were then declared guilty by the jury."
    assert "stray fragment 'e-'" in result.corrections[0].reason
    _replays(text, result)


def test_a_prefix_and_a_word_join_over_a_fragment(lexicon: Lexicon) -> None:
    # ``dis`` and ``orderly`` are both words, but ``dis-`` is a prefix's length.
    text = "He was drunk and dis- Le orderly in the street."
    result = correct(text, None, lexicon)
    assert _changes(result) == [("dis- Le orderly", "disorderly", APPLIED)]
    _replays(text, result)


def test_a_compound_over_a_fragment_is_not_joined(lexicon: Lexicon) -> None:
    # Two words of a compound (``house keeper``): the print and the gold often keep them apart.
    text = "The house- X keeper came to the door."
    result = correct(text, None, lexicon)
    assert not any(c.replacement.lower() == "housekeeper" for c in result.corrections)


def test_a_fragment_that_makes_a_word_with_a_piece_is_no_fragment(lexicon: Lexicon) -> None:
    # ``sta- r ted``: the join over the ``r`` would be ``stated``, but with it the pieces make
    # ``started``: the letter may be the word's own, so no join over it is made.
    text = "The train sta- r ted at noon."
    result = correct(text, None, lexicon)
    assert not any(c.replacement == "stated" for c in result.corrections)


def test_a_long_fragment_is_no_fragment(lexicon: Lexicon) -> None:
    text = "The pri- and soners were taken down."
    result = correct(text, None, lexicon)
    assert not any(c.replacement == "prisoners" for c in result.corrections)


def test_a_hyphen_read_as_a_full_stop_is_a_break(lexicon: Lexicon) -> None:
    text = "The pri. soners were taken down in the morn, ing by the constable."
    result = correct(text, None, lexicon)
    assert _changes(result) == [
        ("pri. soners", "prisoners", APPLIED),
        ("morn, ing", "morning", APPLIED),
    ]
    _replays(text, result)


def test_a_hyphen_read_as_a_full_stop_after_no_word_is_a_break(lexicon: Lexicon) -> None:
    # ``gaged`` and ``ton`` are words on their own, but no sentence ends on ``en`` or ``Isling``.
    text = "They were immediately en. gaged in the matter at Isling. ton that day."
    result = correct(text, None, lexicon)
    assert _changes(result) == [
        ("en. gaged", "engaged", APPLIED),
        ("Isling. ton", "Islington", APPLIED),
    ]
    _replays(text, result)


def test_a_break_with_a_letter_misread_joins_when_neither_piece_is_a_word(lexicon: Lexicon):
    text = "After they had atrug. gled some time, he was in the en. ployment of the firm."
    result = correct(text, None, lexicon)
    assert _changes(result) == [
        ("atrug. gled", "struggled", APPLIED),
        ("en. ployment", "employment", APPLIED),
    ]
    # A possessive: the apostrophe is one edit from a plural, not a misread letter.
    text = "He asked for the pri. soner's discharge."
    assert not any(c.replacement == "prisoners" for c in correct(text, None, lexicon).corrections)


def test_two_pieces_that_are_no_words_join_into_the_word_they_make(lexicon: Lexicon) -> None:
    text = "Several having subse quently stated it, he was sent to the Wor khouse that day."
    result = correct(text, None, lexicon)
    assert _changes(result) == [
        ("subse quently", "subsequently", APPLIED),
        ("Wor khouse", "Workhouse", APPLIED),
    ]
    _replays(text, result)
    # A letter misread too: joined when the word fits a neighbour (``no evidence``) ...
    text = "There was no eni dence of it."
    assert _changes(correct(text, None, lexicon)) == [("eni dence", "evidence", APPLIED)]
    # ... and left when nothing corroborates the nearest word (``fron dant`` → fondant).
    text = "The fron dant was there."
    assert not any(c.replacement == "fondant" for c in correct(text, None, lexicon).corrections)
    # One piece a word (``post mortem``, ``liber ated``): not this class.
    text = "The post mortem showed that he was liber ated on Monday."
    assert not any(c.decision == APPLIED for c in correct(text, None, lexicon).corrections)


def test_a_full_stop_before_a_word_is_a_full_stop(lexicon: Lexicon) -> None:
    # ``ness`` is a word (a headland): after a full stop the sentence may go on with it.
    text = "He spoke of his wit. ness and cape were both named."
    assert not any(c.replacement == "witness" for c in correct(text, None, lexicon).corrections)


# -- a break into two words the batch settles -----------------------------------------------------


def _batch(*texts: str) -> BatchVocabulary:
    return BatchVocabulary.from_documents(list(texts))


def test_two_words_join_when_the_batch_writes_the_word_whole(lexicon: Lexicon) -> None:
    text = "The de- ceased was a farmer of some means."
    others = ("The deceased left a will.", "Friends of the deceased came.")
    batch = _batch(text, *others)
    assert _changes(correct(text, None, lexicon, vocabulary=batch)) == [
        ("de- ceased", "deceased", APPLIED)
    ]
    # Alone, nothing says the printer broke it: proposed, as before.
    assert _changes(correct(text, None, lexicon)) == [("de- ceased", "deceased", PROPOSED)]


def test_two_words_stay_proposed_when_the_batch_writes_them_hyphenated(lexicon: Lexicon) -> None:
    text = "The de- ceased was a farmer of some means."
    batch = _batch(text, "The deceased left a will.", "The deceased came.", "a de-ceased man")
    assert _changes(correct(text, None, lexicon, vocabulary=batch)) == [
        ("de- ceased", "deceased", PROPOSED)
    ]


def test_a_compound_stays_proposed_however_the_batch_writes_it(lexicon: Lexicon) -> None:
    text = "They sat down to break- fast at eight."
    batch = _batch(text, "After breakfast they left.", "The breakfast was cold.")
    assert _changes(correct(text, None, lexicon, vocabulary=batch)) == [
        ("break- fast", "breakfast", PROPOSED)
    ]


# -- the case of a joined word ------------------------------------------------------------------


def test_a_joined_word_capitalised_mid_sentence_is_written_small(lexicon: Lexicon) -> None:
    # Synthetic, in the shape of BLN600 dev ``thirteen Sove- reigns``: the batch writes
    # ``influence`` small, and nowhere capitalised mid-sentence.
    texts = [
        "He was then under the In- fluence of drink when he came in.",
        "The influence of the man was great, and his influence grew.",
    ]
    vocab = BatchVocabulary.from_documents(texts)
    result = correct(texts[0], None, lexicon, vocabulary=vocab)
    joined = [c for c in result.corrections if c.original == "In- fluence"]
    assert [(c.replacement, c.decision) for c in joined] == [("influence", APPLIED)]
    assert "written small" in joined[0].reason
    _replays(texts[0], result)


def test_a_joined_word_keeps_its_capital_where_the_batch_writes_it_so(lexicon: Lexicon) -> None:
    # ``Inspector`` before a name, at a sentence start, or one the batch capitalises: kept.
    texts = [
        "He was seen by the In- spector on duty that night.",
        "The man told Inspector Smith and then Inspector Brown what he saw.",
        "The inspector came.",
    ]
    vocab = BatchVocabulary.from_documents(texts)
    result = correct(texts[0], None, lexicon, vocabulary=vocab)
    assert [c.replacement for c in result.corrections if c.original == "In- spector"] == [
        "Inspector"
    ]
    alone = correct("In- fluence was great.", None, lexicon)
    assert [c.replacement for c in alone.corrections] == ["Influence"]


# -- an opening quote set off from its word ------------------------------------------------------


def test_an_opening_quote_set_off_from_its_word_is_rejoined(lexicon: Lexicon) -> None:
    text = 'The prisoner said, " I am not guilty," and the jury said " Guilty " at once.'
    result = correct(text, None, lexicon)
    assert _changes(result) == [('" ', '"', APPLIED), ('" ', '"', APPLIED)]
    # The closing quote after ``Guilty`` (three quotes before it on its line) is left.
    assert result.text == (
        'The prisoner said, "I am not guilty," and the jury said "Guilty " at once.'
    )
    assert "it opens" in result.corrections[0].reason
    _replays(text, result)


def test_a_quote_inside_a_broken_word_is_no_opening_quote(lexicon: Lexicon) -> None:
    # Synthetic, in the shape of BLN600 dev ``the wit "  ness knocked``: a speck, not a quote.
    text = 'Then the wit "  ness knocked at the door of the house.'
    assert not [c for c in correct(text, None, lexicon).corrections if c.original.startswith('"')]


def test_a_closing_quote_is_not_joined_to_the_next_word(lexicon: Lexicon) -> None:
    text = 'He said "nothing at all " and then he left the court.'
    assert correct(text, None, lexicon).corrections == ()


def test_a_curly_opening_quote_opens_wherever_it_stands(lexicon: Lexicon) -> None:
    text = "The witness then said to the court that “ Yes, he was there all the time."
    result = correct(text, None, lexicon)
    assert _changes(result) == [("“ ", "“", APPLIED)]
    _replays(text, result)


def test_a_straight_quote_that_never_closes_on_its_line_is_left(
    lexicon: Lexicon, monkeypatch
) -> None:
    # Synthetic, in the shape of BLN600 dev 3206211275 (``pnr'oased " gpatrel o theological
    # books`` for *purchased a quantity of*): the lone mark was a small word, and no quote
    # after it on its line closes it.
    from pipeline.stages.correct import quotes

    text = 'He purchased " quantity of old books at a stall in the market.'
    assert not [c for c in correct(text, None, lexicon).corrections if c.original.startswith('"')]
    # A quote that closes later on the line is rejoined as before.
    closed = 'He said he had bought " old books," at a stall in the market.'
    assert _changes(correct(closed, None, lexicon)) == [('" ', '"', APPLIED)]
    # The closing test is what leaves the first.
    monkeypatch.setattr(quotes, "_closes_later", lambda doc, tok: True)
    assert _changes(correct(text, None, lexicon)) == [('" ', '"', APPLIED)]


def test_a_quote_at_a_line_end_is_left(lexicon: Lexicon) -> None:
    text = 'The witness then said to the court "\nYes, he was there all the time.'
    assert correct(text, None, lexicon).corrections == ()


# -- bench.error_sources: stretches cut into classes -------------------------------------------


def test_a_stretch_is_cut_into_a_split_a_fragment_and_a_merge() -> None:
    hyp = ["he", "was", "keep", "ng", "it", "e", "tothe", "last"]
    ref = ["he", "was", "keeping", "it", "to", "the", "last"]
    groups = [g for s in stretches(hyp, ref) for g in decompose(*s)]
    assert groups == [(["keep", "ng"], ["keeping"]), (["e"], []), (["tothe"], ["to", "the"])]
    classes = [classify(h, r, lambda w: w in {"keep", "it"}) for h, r in groups]
    assert classes == ["split", "inserted fragment", "merged"]


def test_a_garbled_word_beside_a_fragment_is_not_read_as_a_split() -> None:
    assert decompose(["vas", "e"], ["was"]) == [(["vas"], ["was"]), (["e"], [])]


def test_a_merge_at_a_mark_is_told_from_a_lost_gap() -> None:
    english = {"she", "was", "by", "the"}.__contains__
    assert classify(["she-was"], ["she", "was"], english) == "merged at a mark"
    assert classify(["by'the"], ["by", "the"], english) == "merged at a mark"
    assert classify(["hehad"], ["he", "had"], english) == "merged"
