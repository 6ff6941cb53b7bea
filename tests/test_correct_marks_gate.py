"""``correct.marks_gate``: stamp and marking wording, NARA's identification form and splits of
words that are words whole are proposed, never applied.

Fixtures: lines of real OCR text (in-the-wild), each naming its source; the dev labelled
excerpts of the 2022 JFK release (``bench/labels/jfk-prose/``, NARA via noops888/jfk-files-text,
US Government work) and the seed cable's kind of text. Each guard's test hands the gate an
applied change (``_applied``) so that it fails when the guard is taken out, whatever the paths
before it decide.
"""

from __future__ import annotations

from collections import Counter

import pytest

from pipeline.core.enums import CorrectionDecision
from pipeline.core.results import APPLIED, PROPOSED, Correction
from pipeline.stages.correct.config import CorrectConfig
from pipeline.stages.correct.document import make_doc
from pipeline.stages.correct.marks_gate import id_form_spans, marks_gate, whole_word
from pipeline.stages.correct.token_pass import correct
from pipeline.stages.correct.vocabulary import BatchVocabulary


def _applied(text: str, original: str, replacement: str) -> Correction:
    start = text.index(original)
    return Correction(
        "x", 1, 0, start, start + len(original), None, original, replacement,
        ((replacement, 1.0),), CorrectionDecision.APPLIED,
        f"{original} → {replacement}: English dictionary; applied: the model agrees", None, "",
    )  # fmt: skip


def _gate(lexicon, text: str, original: str, replacement: str, vocabulary=None) -> Correction:
    doc = make_doc(text, None, lexicon, CorrectConfig(), vocabulary)
    (out,) = marks_gate(doc, [_applied(text, original, replacement)])
    return out


# 2022 docid-34530609 lines 68-70 (jfk-prose dev): the values of NARA's identification form,
# read after its footer, the form's "CURRENT STATUS" value damaged.
FORM_VALUES = "PAPER, TEXTUAL DOCUMENT\nUNCLASSIFIED\n\nRELSASED WITH DELETIONS\n03/07/95\n"
# 2022 docid-32305309 lines 112-113 (jfk-prose dev): the FBI's declassification stamp read
# beside an airtel's caption, its lines joined to the caption's.
FBI_STAMP = ", NEUTRALITY MATTERS ALL INFORMATION CONTAINE!\n00: Miami HEREIN |S UNCLASSIFIEG,\n"


@pytest.mark.parametrize(
    ("text", "original", "replacement", "phrase"),
    [
        (FORM_VALUES, "RELSASED", "RELEASED", "RELEASED WITH DELETIONS"),
        (FBI_STAMP, "CONTAINE", "CONTAINED", "ALL INFORMATION CONTAINED"),
        (FBI_STAMP, "UNCLASSIFIEG", "UNCLASSIFIED", "HEREIN IS UNCLASSIFIED"),
        # 2018 104-10332-10013 line 536 (jfk-state dev): State's release stamp on its own.
        ("RELEASK IN FULL\n", "RELEASK", "RELEASE", "RELEASE IN FULL"),
    ],
)
def test_a_change_inside_a_stamps_wording_is_proposed(lexicon, text, original, replacement, phrase):
    out = _gate(lexicon, text, original, replacement)
    assert out.decision == PROPOSED
    assert phrase in out.reason and "proposed, not applied" in out.reason


@pytest.mark.parametrize(
    ("text", "original", "replacement"),
    [
        # 2018 104-10178-10001 line 6583 (jfk-more dev): the word in a cable's own sentence.
        ("ARGENTINE AUTHOR RELPASED FROM URUGUAYAN PRISON\n", "RELPASED", "RELEASED"),
        # 2018 docid-32989712 line 6707 (jfk-more dev): a level's word inside a phrase.
        ("AND CONFIDEINTILL SOURCES\n", "CONFIDEINTILL", "CONFIDENTIAL"),
        # The same word in small letters is no marking (a stamp prints capitals).
        ("the author was relsased with deletions of names\n", "relsased", "released"),
    ],
)
def test_the_same_words_in_the_records_own_text_stay_applied(lexicon, text, original, replacement):
    assert _gate(lexicon, text, original, replacement).decision == APPLIED


def test_a_level_alone_on_its_line_is_a_marking_and_beside_words_is_not(lexicon):
    assert _gate(lexicon, "text\nSECRFT\nmore text\n", "SECRFT", "SECRET").decision == PROPOSED
    text = "THE SECRFT SERVICE AGENT\n"
    assert _gate(lexicon, text, "SECRFT", "SECRET").decision == APPLIED


# NARA's identification form as the 2022 releases print it (jfk-176 dev documents' shape): the
# title, fields, the COMMENTS field wrapped onto a second line, then the record.
ID_FORM = (
    "JFK ASSASSINATION SYSTEM\nIDENTIFICATION FORM\n\nAGENCY : CIA\nRECORD NUMBER : 104-10185\n"
    "TITLE : MEXICO CITY STATLON\nCOMMENTS : JFK64-28 : F15 : 1998.06.04.09:57:03:653107 :\n"
    "National Security Files\n\nThe statlon reported on the visit.\n"
)


def test_a_change_on_narays_identification_form_is_proposed(lexicon):
    out = _gate(lexicon, ID_FORM, "STATLON", "STATION")
    assert out.decision == PROPOSED and "identification form" in out.reason
    # The record's own text under the form is not the form.
    assert _gate(lexicon, ID_FORM, "statlon", "station").decision == APPLIED


def test_the_form_ends_at_its_comments_field_and_its_wrapped_rest():
    (span,) = id_form_spans(ID_FORM)
    assert ID_FORM[span[0] : span[1]].endswith("National Security Files")
    assert id_form_spans("IDENTIFICATION FORM\nAGENCY : CIA\n") == []  # no field: no form


def test_a_split_of_a_word_english_writes_whole_is_proposed(lexicon):
    # 2022 docid-32305309 line 100 (jfk-prose dev): the FBI airtel form's printed line.
    text = "Transmit the following in\n(Type in plaintext or code)\n"
    out = _gate(lexicon, text, "plaintext", "plain text")
    assert out.decision == PROPOSED and "word as written" in out.reason
    # ... and the whole stage proposes it (the run-together path would apply it).
    (rec,) = [c for c in correct(text, None, lexicon).corrections if c.original == "plaintext"]
    assert rec.decision == PROPOSED


def test_a_split_with_a_function_word_stays_applied_however_common_the_run_on(lexicon):
    # ``ofthe`` is in wordfreq's web list (Zipf 3.3): still an OCR slip.
    doc = make_doc("an Officer ofthe House\n", None, lexicon, CorrectConfig(), None)
    assert not whole_word(doc, "ofthe", "of the")


def test_a_split_of_a_form_the_batch_writes_whole_is_proposed(lexicon):
    vocab = BatchVocabulary()
    doc = make_doc("the glassriver was\n", None, lexicon, CorrectConfig(), vocab)
    assert not whole_word(doc, "glassriver", "glass river")  # no word whole: a split
    vocab.counts = Counter({"glassriver": 2})
    assert whole_word(doc, "glassriver", "glass river")


def test_a_split_with_an_auxiliary_or_a_pronoun_is_an_ocr_slip(lexicon):
    # BLN600 dev (3200811428, 3206238868): right splits, the whole forms in wordfreq's list.
    doc = make_doc("has beenmade a young man whohad been\n", None, lexicon, CorrectConfig(), None)
    assert not whole_word(doc, "beenmade", "been made")
    assert not whole_word(doc, "whohad", "who had")
