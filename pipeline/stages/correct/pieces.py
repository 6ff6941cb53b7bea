"""Words broken by a hyphen at a line end or before a space: ``in- terest``, ``communi-\\ncations``.

Why a module: the pieces of a broken word are not words, and correcting one alone makes a wrong
word (``terest`` → ``forest``, ``cations`` → ``cautions``): the fix is the join. So the pieces
are handled as a class before any word-level path: the first piece is never corrected on its
own, and the second is joined to it when the join is a common English word (applied when one
of the pieces is no word on its own, proposed when both are, since ``re- sign`` may be
``re-sign``), and otherwise left alone.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter

from pipeline.core.results import APPLIED, PROPOSED, Correction
from pipeline.stages.correct.candidates import Candidate
from pipeline.stages.correct.channel import EDIT_COST, Alignment, Edit
from pipeline.stages.correct.document import Doc
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
