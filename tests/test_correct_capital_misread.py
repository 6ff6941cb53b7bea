"""``correct.dictionary.capital_misread``: a capital mid-sentence that the replacement replaces
or drops was the OCR's reading of a misread letter, so the replacement is written small; a
name's capital, and one in a title's run of capitals, stand.

Fixtures: lines of BLN600 dev (19th-century newspaper OCR with a human transcription; sample
ids named). Each test fails when the rule is taken out (the replacement then copies the OCR's
capital) or when it over-reaches (a name or a title written small).
"""

from __future__ import annotations

from pipeline.core.enums import WordClass
from pipeline.stages.correct import correct
from pipeline.stages.correct.candidates import Candidate
from pipeline.stages.correct.channel import EDIT_COST, Alignment
from pipeline.stages.correct.config import CorrectConfig
from pipeline.stages.correct.dictionary import capital_misread
from pipeline.stages.correct.document import make_doc


def _replacement(lexicon, text: str, original: str) -> str:
    (record,) = [c for c in correct(text, None, lexicon).corrections if c.original == original]
    return record.replacement


def test_a_misread_capital_mid_sentence_is_not_copied_onto_the_word(lexicon):
    # 3200810314 and 3206327966: the gold writes ``property``, ``prisoner``.
    assert _replacement(lexicon, "None oE the Rroperty was recovered.", "Rroperty") == "property"
    text = "Mr. Ansell still followed, and saw the Drisoner holding open the lid of the box."
    assert _replacement(lexicon, text, "Drisoner") == "prisoner"


def _misread(lexicon, text: str, original: str, word: str, written: str | None = None) -> bool:
    doc = make_doc(text, None, lexicon, CorrectConfig(), None)
    (tok,) = [t for t in doc.tokens if t.core == original]
    cand = Candidate(word, written, "English dictionary", Alignment(EDIT_COST, ()))
    return capital_misread(doc, tok, WordClass.NAME, original, cand)


def test_a_names_capital_a_titles_and_one_read_right_stand(lexicon):
    # Written small: the misread capital (3206226941, ``statement``).
    assert _misread(lexicon, "to make a further Gtatement if they", "Gtatement", "statement")
    # A proper noun (3200808400: ``Thursday``).
    assert not _misread(lexicon, "Brick-pit, Alford, on Vhursday the", "Vhursday", "thursday")
    # After a capitalised word: a title's run (3206237352 ``Central Criminal``, 3200813273
    # ``United Kingdom``; the gold keeps the capital).
    assert not _misread(lexicon, "At the Central Priminal court", "Priminal", "criminal")
    assert not _misread(lexicon, "resident in the United Eingdom, from", "Eingdom", "kingdom")
    # The first letter read right: its capital is the print's (``Inquest`` → Inquests).
    assert not _misread(lexicon, "at the Inqest held", "Inqest", "inquest")
    # A lexicon name keeps the lexicon's spelling.
    assert not _misread(lexicon, "to the Ealtic states", "Ealtic", "baltic", "Baltic")
    # The batch writes it capitalised mid-sentence more often than small.
    text = "the Court sat; the Court rose; and the Oourt went"
    assert not _misread(lexicon, text, "Oourt", "court")
