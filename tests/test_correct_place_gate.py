"""``correct.place_gate``: a line's last word that the same misreading continues elsewhere in the
document is proposed, never applied.

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


def test_a_cut_word_completed_at_its_end_stays_applied(lexicon):
    # 2018 docid-32989641 line 8398 (jfk-more dev): the change only adds the cut letters, though
    # the document writes ``authorities`` (which does not begin with ``authority``).
    text = "and its jurisdictional authorit\nfor conducting active\nthe authorities said\n"
    assert _gate(lexicon, text, "authorit", "authority").decision == APPLIED


def test_a_short_word_at_a_lines_end_is_no_sign_of_a_cut(lexicon):
    # 2022 104-10194-10016 line 113 (jfk-opening dev): ``ef`` begins ``effect``, no cut.
    text = "between the end ef\nthe school day and the effect of it\n"
    assert _gate(lexicon, text, "ef", "of").decision == APPLIED


# 2018 104-10185-10265 line 5681 (jfk-more dev): the page has *access*, the '@' its first
# letter; ``dcess`` → dress guesses the word without it.
SYMBOL = "“epiends” of Cuban’ Gov't, @dcess to. LECHUGA arid” other officials c\n"


def test_a_change_that_leaves_a_glued_symbol_for_a_letter_is_proposed(lexicon):
    out = _gate(lexicon, SYMBOL, "dcess", "dress")
    assert out.decision == PROPOSED
    assert "'@' glued before it may be its first letter" in out.reason


def test_a_change_that_puts_the_symbols_letter_back_or_takes_the_symbol_stays(lexicon):
    # 2018 104-10176-10005 line 712 (jfk-more dev): ``=eeting``, one letter put back in front.
    assert _gate(lexicon, "Tre second =eeting h\n", "eeting", "meeting").decision == APPLIED
    # A change whose span takes the symbol in judges it itself; a word with no symbol passes.
    assert _gate(lexicon, SYMBOL, "@dcess", "access").decision == APPLIED
    assert _gate(lexicon, SYMBOL.replace("@", ""), "dcess", "dress").decision == APPLIED


# BLN600 dev (19th-century newspaper OCR; sample ids named): what follows a word's first piece
# broken at a line end, with stray marks between or a speck in the second piece, that the
# stage applied and the gold says was the rest of that word.
PIECES = (
    # 3200811564: ``corroboration``
    ("The result was a material corro- ,?d' buration of the girl's testimony.", "buration",
     "duration", "corro-"),
    # 3206199353: ``Newington`` (a hyphen read low, as ``_``)
    ("at the Tiinity Arms tayern, News_ ingto, on the body of Susan Hobbs", "ingto", "into",
     "News_"),
    # 3206277734: ``forget them``
    ("counsel for.the accused made her for- get.them..\nMr. John W. Capewell", "get.them",
     "get them", "for-"),
)  # fmt: skip


def test_a_change_of_what_follows_a_broken_words_first_piece_is_proposed(lexicon):
    for text, original, replacement, piece in PIECES:
        out = _gate(lexicon, text, original, replacement)
        assert out.decision == PROPOSED, original
        assert f"it follows '{piece}'" in out.reason


def test_the_quote_after_a_broken_words_first_piece_stays_in_it(lexicon):
    # BLN600 dev 3200810212: ``witness``; the quote is a speck, not one that opens ``ness``.
    from pipeline.stages.correct import correct

    # A quote later on the line (added) makes it one that may open; without one the quote
    # is left unchanged (``quotes._closes_later``).
    text = 'in bed at this time.\nLater the wit- .] "  ness knocked at the breakfast-room door,'
    closed = f'{text} saying "Come in."'
    quote = [c for c in correct(closed, None, lexicon).corrections if c.original.startswith('"')]
    assert [c.decision for c in quote] == [PROPOSED]
    assert "it follows 'wit-'" in quote[0].reason
    assert not [c for c in correct(text, None, lexicon).corrections if c.original[0] == '"']


def test_a_word_after_a_compound_a_dash_or_a_join_of_pieces_stays_applied(lexicon):
    # A compound's hyphen is inside its token; a dash stands apart; a possessive glued to the
    # hyphen (``ansone-'s``, BLN600 dev 3206227018) is no stray mark between pieces.
    for text, original, replacement in (
        ("a well-known wonan of the town", "wonan", "woman"),
        ("he said - wonan of the town", "wonan", "woman"),
        ("said the ansone-'s victimvs were", "victimvs", "victims"),
        ("the corro- ,?d' Buration of it", "Buration", "Duration"),  # a capital: a word's start
    ):
        assert _gate(lexicon, text, original, replacement).decision == APPLIED, original
    # A join that starts at a first piece is the pieces' paths' own decision (``mak- any- os-
    # one``, BLN600 dev 3200812528).
    text = "he could not mak- any- os- one of them"
    assert _gate(lexicon, text, "any- os- one", "anyone").decision == APPLIED


# BLN600 dev (Booth et al. 2024, MIT): a word split by a speck, one piece misread.
def test_a_piece_whose_neighbour_makes_the_word_with_it_is_proposed(lexicon):
    text = "he kept a house in the nelghbour, hood of Uxbridge."
    out = _gate(lexicon, text, "nelghbour", "neighbour")
    assert out.decision == PROPOSED and "'neighbourhood'" in out.reason


def test_a_word_beside_a_word_with_no_mark_between_stays_applied(lexicon):
    # ``some time`` is two words English writes side by side; ``timne with`` no join at all.
    text = "she had been living for some timne with the man."
    assert _gate(lexicon, text, "timne", "time").decision == APPLIED
    # A comma between two words that make no word together.
    text = "he kept a house in the nelghbour, and of Uxbridge."
    assert _gate(lexicon, text, "nelghbour", "neighbour").decision == APPLIED
