"""Corrections a person (or a dictionary file) already confirmed: applied before anything else.

A confirmed correction (``wrong -> right`` in the user lexicon, written by the review tool, or
in a dictionary file) is not evidence to weigh but a decision already taken, so it applies to a
word of any length, English or not, and to the stem of a possessive or a part of a hyphenated
word. Records applied because of the *user lexicon* are marked ``learned=True``: review re-opens
them when that confirmation is undone.
"""

from __future__ import annotations

import logging
import re
from collections import Counter

from pipeline.core.results import APPLIED, Correction
from pipeline.core.text import recase
from pipeline.lexicon.format import USER_SOURCE
from pipeline.stages.correct.candidates import Candidate
from pipeline.stages.correct.channel import EDIT_COST, Alignment, align
from pipeline.stages.correct.document import Doc
from pipeline.stages.correct.records import record
from pipeline.stages.correct.tokens import HYPHENS, Token

log = logging.getLogger(__name__)

#: ``Lexicon.correction_for``'s source for a correction a reviewer confirmed.
USER_LEXICON = USER_SOURCE  # the source name the lexicon gives confirmed corrections


def learned_hits(doc: Doc, tok: Token) -> list[tuple[int, str, str, str]]:
    """Confirmed corrections ``(start, wrong, right, source)`` for the token: the whole word,
    else the stem of a possessive (``Raphel's``), else parts of a hyphenated word. ``start`` is
    the offset of ``wrong`` in the text; ``source`` the dictionary that confirmed it."""
    lex = doc.lexicon
    core = tok.core
    hit = lex.correction_for(core)
    if hit is not None:
        return [(tok.start, core, *hit)]
    if core.isalpha():
        return []
    possessive = core.endswith(("'s", "’s", "'S", "’S"))
    if not (possessive or HYPHENS.search(core)):
        return []
    if lex.is_english(tok.low) or lex.protects(core) is not None:
        return []  # a word in its own right: its parts are not for a correction to change
    base = core[:-2] if possessive else core
    if possessive and (hit := lex.correction_for(base)) is not None:
        return [(tok.start, base, *hit)]
    out = []
    for m in re.finditer(r"[^-‐‑–—]+", base):
        if m.end() - m.start() < len(base) and (hit := lex.correction_for(m.group())):
            out.append((tok.start + m.start(), m.group(), *hit))
    return out


def confirmed(
    doc: Doc,
    tok: Token,
    start: int,
    wrong: str,
    right: str,
    source: str,
    occurrences: Counter[str],
) -> Correction:
    """The applied record for a confirmed correction of ``wrong`` (the token's text at
    ``start``) to ``right``, confirmed by ``source`` (see ``learned_hits``)."""
    if (start, start + len(wrong)) != (tok.start, tok.end):
        tok = tok.part(start, wrong)
    # In the word's case (``Tbe`` → ``The`` even if ``tbe -> the`` was learned), unless the
    # learned spelling has capitals of its own inside (``McDonald``, ``Nagorno-Karabakh``):
    # exactly ``core.text.recase``.
    repl = recase(right, wrong)
    alignment = align(tok.low, right.lower()) or Alignment(EDIT_COST, ())
    cand = Candidate(right.lower(), right, source, alignment, score=0.0)
    reason = f"{wrong} → {repl}: confirmed correction in the {source}"
    return record(
        doc,
        tok,
        tok.end,
        wrong,
        repl,
        [(repl, 1.0)],
        APPLIED,
        reason,
        cand,
        occurrences,
        learned=source == USER_LEXICON,
    )
