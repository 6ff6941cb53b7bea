"""``correct.place_gate``: a change among words of another language, and a line's last word that
the same misreading continues elsewhere in the document, are proposed, never applied.

Fixtures: lines of real OCR text (in-the-wild), each naming its source: dev files of the JFK
releases (``shared/corpus`` via ``bench.applied_audit.dev_sources``; NARA, US Government work).
Each guard's test hands the gate an applied change so that it fails when the guard is taken out,
whatever the paths before it decide; each has a negative that a near case stays applied.
"""

from __future__ import annotations

from pipeline.core.enums import CorrectionDecision
from pipeline.core.results import APPLIED, PROPOSED, Correction
from pipeline.stages.correct.config import CorrectConfig
from pipeline.stages.correct.document import make_doc
from pipeline.stages.correct.place_gate import place_gate


def _applied(text: str, original: str, replacement: str, at: int = 0) -> Correction:
    start = text.index(original, at)
    return Correction(
        "x", 1, 0, start, start + len(original), None, original, replacement,
        ((replacement, 1.0),), CorrectionDecision.APPLIED,
        f"{original} → {replacement}: English dictionary; applied: the model agrees", None, "",
    )  # fmt: skip


def _gate(lexicon, text: str, original: str, replacement: str, at: int = 0) -> Correction:
    doc = make_doc(text, None, lexicon, CorrectConfig(), None)
    (out,) = place_gate(doc, [_applied(text, original, replacement, at)])
    return out


# 2018 104-10178-10001 lines 9588-9590 (jfk-more dev): a CIA cable's Caracas address, "Puente
# Hierro", read PUENTO; PUERTO is another word.
CARACAS = (
    "2, GARACAS NUNGER LISTED To GENARO\nGAT AL DO SATURNO, PUENTO HIERRO,\n"
    "AVDA, 3s LAS FLORES, CHECKING DETERMINE\n"
)


def test_a_change_among_words_of_one_other_language_is_proposed(lexicon):
    out = _gate(lexicon, CARACAS, "PUENTO", "PUERTO")
    assert out.decision == PROPOSED and "another language (es)" in out.reason


def test_one_foreign_looking_neighbour_is_not_a_run(lexicon):
    # The same cable's line with one Spanish word (HIERRO) beside the change: OCR garbage reads
    # as one foreign word often; one is no evidence.
    text = "CHECKING PUENTO HIERRO FOR THE STATION\n"
    assert _gate(lexicon, text, "PUENTO", "PUERTO").decision == APPLIED
    # Short words (``AL``, ``DO``, ``LAS``) do not count, however Spanish.
    text = "GAT AL DO LAS PUENTO OF THE\n"
    assert _gate(lexicon, text, "PUENTO", "PUERTO").decision == APPLIED


def test_foreign_words_on_another_line_do_not_count(lexicon):
    text = "SATURNO HIERRO\nTHE PUENTO WAS\n"
    assert _gate(lexicon, text, "PUENTO", "PUERTO").decision == APPLIED


# 2018 docid-32989712 lines 8494-8495 and 8521 (jfk-more dev): an FBI letter whose right part is
# damaged; the page's other lines read the word whole.
CUT = (
    "It is desired thet effective 3\nks hendling your corfident\nAgert in Charge cen write checks\n"
    "peyments from the corfidentiel fund.\n"
)


def test_a_lines_last_word_the_document_continues_is_proposed(lexicon):
    out = _gate(lexicon, CUT, "corfident", "confident")
    assert out.decision == PROPOSED and "'corfidentiel'" in out.reason


def test_a_word_inside_its_line_or_completed_by_its_replacement_stays_applied(lexicon):
    # Not at the line's end: the word is whole as read.
    text = "your corfident Agert\npeyments from the corfidentiel fund.\n"
    assert _gate(lexicon, text, "corfident", "confident").decision == APPLIED
    # 2022 176-10036-10015 line 90 (jfk-176 dev): the longer form is the replacement itself.
    text = "ARE P. RACOMMANDOS * INCLUDIN\nRECRUITS including\n"
    assert _gate(lexicon, text, "INCLUDIN", "INCLUDING").decision == APPLIED
    # No longer form in the document: nothing says it was cut.
    text = "ks hendling your corfident\nAgert in Charge\n"
    assert _gate(lexicon, text, "corfident", "confident").decision == APPLIED
