"""Words broken by a hyphen at a line end or before a space: ``in- terest``, ``communi-\\ncations``.

Why a module: the pieces of a broken word are not words, and correcting one alone makes a wrong
word (``terest`` → ``forest``, ``cations`` → ``cautions``): the fix is the join. So the pieces
are handled as a class before any word-level path: the first piece is never corrected on its
own, and the second is joined to it when the join is a common English word (applied when one
of the pieces is no word on its own, proposed when both are, since ``re- sign`` may be
``re-sign``), and otherwise left alone.

Words broken where OCR lost a thin letter as a gap (``keep ng``, ``regu ating``) are the same
class without the hyphen: two pieces of two letters or more, one of them no word, that make
one common word with an ``i``, ``l``, ``t``, ``f`` or ``j`` in the gap (and with no other), or
with nothing in it when the first piece is a word (``ins pired``, which the dictionary path
never sees). The join is applied when the joined word fits a neighbour (a known pair) or
occurs elsewhere in the document, and left otherwise (BLN600 dev: right 1 time in 3).
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter

from pipeline.core.results import APPLIED, PROPOSED, Correction
from pipeline.stages.correct.candidates import Candidate
from pipeline.stages.correct.channel import EDIT_COST, Alignment, Edit
from pipeline.stages.correct.document import Doc
from pipeline.stages.correct.rank import context_prob, neighbour
from pipeline.stages.correct.records import cased, record
from pipeline.stages.correct.tokens import HYPHENS, WORDISH, Token

log = logging.getLogger(__name__)


def _broken_after(doc: Doc, tok: Token) -> bool:
    """Does ``tok`` end in a hyphen followed by whitespace and a word piece (``in-`` of
    ``in- terest``)?"""
    if not tok.trail or not HYPHENS.fullmatch(tok.trail[-1]) or len(tok.trail) != 1:
        return False
    if tok.index + 1 >= len(doc.tokens):
        return False
    nxt = doc.tokens[tok.index + 1]
    gap = doc.text[tok.end + 1 : nxt.start]
    return (
        0 < len(gap) <= 4
        and gap.isspace()
        and gap.count("\n") <= 2  # a blank line between lines (markdown OCR)
        and not nxt.lead
        and nxt.core[:1].islower()
        and bool(WORDISH.match(nxt.core))
    )


def first_piece(doc: Doc, tok: Token) -> bool:
    """Is ``tok`` the first piece of a broken word (never to be corrected on its own)?"""
    return bool(WORDISH.match(tok.core)) and _broken_after(doc, tok)


def second_piece(doc: Doc, tok: Token) -> bool:
    """Is ``tok`` the second piece of a broken word?"""
    if tok.index == 0:
        return False
    prev = doc.tokens[tok.index - 1]
    return bool(WORDISH.match(prev.core)) and _broken_after(doc, prev)


def join_pieces(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """The record joining ``tok`` (a second piece) to the piece before it, or None (leave both):
    applied when the join is a common English word and one piece is no word on its own,
    proposed when both pieces are words."""
    lex = doc.lexicon
    cfg = doc.config
    prev = doc.tokens[tok.index - 1]
    if len(prev.core) < 2 or len(tok.core) < 2:
        # Printers never leave one letter on either side of a line-end break: ``em- f``,
        # ``com- b`` are a line whose rest OCR lost, not ``emf``, ``comb`` (BLN600 dev: 9 of 9
        # such joins wrong).
        return None
    joined = prev.low + tok.low
    if not lex.is_english(joined) or lex.count(joined) < cfg.apply_min_count:
        return None
    if prev.core[1:] != prev.core[1:].lower():
        return None  # ``McCain-`` pieces of names are not this class
    both_words = lex.is_english(prev.low) and lex.is_english(tok.low)
    decision = PROPOSED if both_words else APPLIED
    original = doc.text[prev.start : tok.end]
    repl = cased(joined, prev.core + tok.core, None)
    edit = Edit("space-extra", f"{prev.core}- {tok.core}", joined)
    cand = Candidate(joined, None, "English dictionary", Alignment(EDIT_COST, (edit,)))
    cand.tokens = 2
    why = "a word broken by a hyphen at a line end or before a space"
    text = f"{original!r} → {repl}: English dictionary, {why}"
    if decision == PROPOSED:
        text += "; proposed, not applied: both pieces are words on their own"
    span = dataclasses.replace(prev, end=tok.end, core=original, low=original.lower())
    ranked = [(repl, 1.0)]
    return record(doc, span, tok.end, original, repl, ranked, decision, text, cand, occurrences)


#: Letters thin enough for OCR to lose as a gap between two pieces of a word (``keep ng``).
THIN_LETTERS = "iltfj"
#: A word joined across a lost thin letter must be this long: short joins are too easy to make.
THIN_MIN_LENGTH = 7


def thin_join(doc: Doc, tok: Token) -> str | None:
    """The one common English word ``tok`` + a thin letter + the next token make (``keep ng``
    → ``keeping``), when they are lowercase letters on one line one space apart and one of them
    is no English word; else None."""
    if tok.index + 1 >= len(doc.tokens) or tok.trail:
        return None
    nxt = doc.tokens[tok.index + 1]
    if nxt.lead or nxt.line != tok.line or doc.text[tok.end : nxt.start] != " ":
        return None
    first, second = tok.core, nxt.core
    if len(first) < 2 or len(second) < 2:
        return None  # a lone letter is a speck or another column's (``purpose s``)
    if len(first) + len(second) + 1 < THIN_MIN_LENGTH:
        return None
    if not (first.isalpha() and second.isalpha() and first.islower() and second.islower()):
        return None
    lex = doc.lexicon
    if lex.is_english(first) and lex.is_english(second):
        return None
    floor = doc.config.apply_min_count
    # A first piece that is a word on its own (``ins pired``) never reaches the dictionary
    # path's own merge: the plain join is tried here too.
    gaps = ("", *THIN_LETTERS) if lex.is_english(first) else THIN_LETTERS
    found = [
        first + c + second
        for c in gaps
        if lex.is_english(first + c + second) and lex.count(first + c + second) >= floor
    ]
    return found[0] if len(found) == 1 else None


def _fits(doc: Doc, tok: Token, word: str) -> bool:
    """Does ``word``, standing for ``tok`` and the token after it, make a known pair with a
    neighbour, or occur elsewhere in the document?"""
    if doc.forms.get(word, 0) > 0:
        return True
    lex = doc.lexicon
    prev = neighbour(doc, tok.index, -1)
    nxt = neighbour(doc, tok.index + 1, +1)
    if prev is not None and (lex.bigram(prev, word) or context_prob(doc, prev, word)):
        return True
    return nxt is not None and bool(lex.bigram(word, nxt) or context_prob(doc, word, nxt))


def join_lost_letter(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """The record joining ``tok`` and the next token across a lost thin letter (``keep ng`` →
    ``keeping``), or None."""
    joined = thin_join(doc, tok)
    if joined is None:
        return None
    nxt = doc.tokens[tok.index + 1]
    original = doc.text[tok.start : nxt.end]
    lost = joined[len(tok.core) : len(joined) - len(nxt.core)]
    edit = Edit("missing", "", lost) if lost else Edit("space-extra", original, joined)
    cand = Candidate(joined, None, "English dictionary", Alignment(EDIT_COST, (edit,)))
    cand.tokens = 2
    if not _fits(doc, tok, joined):
        return None  # BLN600 dev: such joins right 1 time in 3, not worth a reviewer's time
    why = f"a word split where OCR lost a thin letter ({lost!r})" if lost else "a word split"
    text = f"{original!r} → {joined}: English dictionary, {why}, fits the neighbouring words"
    span = dataclasses.replace(tok, end=nxt.end, core=original, low=original.lower())
    ranked = [(joined, 1.0)]
    return record(doc, span, nxt.end, original, joined, ranked, APPLIED, text, cand, occurrences)
