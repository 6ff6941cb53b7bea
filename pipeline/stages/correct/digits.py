"""Digits read for letters inside a word: ``c0untry`` → ``country``, ``5ome`` → ``some``.

A separate path because a token with a digit in it is usually a code, a date or a number, which
must never be touched: only a token that is mostly letters, whose digits all have a letter twin
(0 o, 1 l, 5 s, 8 b) and whose reading is an English word is a candidate at all; the reading
then goes through the same ranking and policy as any other word.
"""

from __future__ import annotations

import logging
from collections import Counter

from pipeline.core.enums import WordClass
from pipeline.core.results import APPLIED, PROPOSED, Correction
from pipeline.stages.correct.candidates import Candidate
from pipeline.stages.correct.channel import align, digit_reading
from pipeline.stages.correct.decide import decide
from pipeline.stages.correct.document import Doc, letters_class
from pipeline.stages.correct.rank import rank
from pipeline.stages.correct.records import cased, reason, record
from pipeline.stages.correct.tokens import Token

log = logging.getLogger(__name__)


def looks_misread(core: str) -> bool:
    """At least three letters, at least 60 % of the token, nothing but letters and digits, and
    the letters all one case: a word with digits in it, not a code.

    >>> [looks_misread(w) for w in ("c0untry", "5ome", "1990s", "B52", "cOuntry1")]
    [True, True, False, False, False]
    """
    letters = sum(ch.isalpha() for ch in core)
    if letters < 3 or letters < 0.6 * len(core) or not core.isalnum():
        return False
    alpha = [ch for ch in core if ch.isalpha()]
    return all(ch.islower() for ch in alpha) or all(ch.isupper() for ch in alpha)


def digits(doc: Doc, tok: Token, occurrences: Counter[str]) -> list[Correction] | None:
    """The record for ``tok`` read with its digits as letters, or None; codes, dates and numbers
    are never touched."""
    core = tok.core
    if not looks_misread(core):
        return None
    low = core.lower()
    reading = digit_reading(low)
    if reading is None or not doc.lexicon.is_english(reading):
        return None
    alignment = align(low, reading)
    if alignment is None:
        return None
    cand = Candidate(
        reading, None, "English dictionary", alignment, count=doc.lexicon.count(reading)
    )
    cands = [cand]
    probs = rank(doc, tok, cands)
    wclass = letters_class(doc, tok)
    if wclass == WordClass.ACRONYM:
        return None
    decision, why = decide(doc, tok, core, wclass, cands)
    if decision is None:
        return None
    if decision == APPLIED and core[0].isdigit() and wclass == WordClass.LOWER:
        # ``5ome``: the digit stood for a letter whose case is lost (Some or some?)
        decision, why = PROPOSED, "the first letter's case is unknown"
    repl = cased(reading, core, None)
    text = reason(doc, tok, core, repl, cand, decision, why)
    return [
        record(doc, tok, tok.end, core, repl, [(repl, probs[0])], decision, text, cand, occurrences)
    ]
