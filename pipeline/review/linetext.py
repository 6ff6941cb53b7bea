"""A "transcribe by hand" line item's suggested text, in pieces the review screens can mark.

A line item (``Correction.is_line``) of damaged text carries a suggestion: the line with the
changes the run applied inside it (they stay in ``clean.txt`` until a person types the line)
and each dropped proposal's top candidate (``stages.correct.lines.suggested``). The terminal
and the web review show that suggestion with the applied changes and the proposals marked
apart, so a reviewer sees what the run already changed before taking or retyping the line.
One copy of the cutting, here; each screen draws the pieces its own way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from pipeline.core.enums import CorrectionDecision
from pipeline.core.results import Correction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Piece:
    """One piece of a suggested line: ``text`` as it would be taken, ``was`` the OCR text it
    replaces (None for a piece as OCR read it), ``decision`` the word record's (``applied``:
    the run changed it on its own; ``proposed``: a proposal's top candidate; None as read)."""

    text: str
    was: str | None = None
    decision: CorrectionDecision | None = None

    @property
    def applied(self) -> bool:
        """Is this a change the run applied (in ``clean.txt`` until the line is typed)?"""
        return self.decision is CorrectionDecision.APPLIED


def suggestion(c: Correction) -> list[Piece]:
    """``c``'s suggested text (its ``replacement``) cut at its word records (``subsumed``,
    offsets in the stripped text, ``c.start`` the line's). A line item without a suggestion (a
    line of noise: its replacement is its own text) is one piece as read; so is any record
    whose text no longer lines up (never raises: the screens show the line as it is).

    >>> from pipeline.core.enums import CorrectionKind
    >>> from pipeline.core.results import Subsumed
    >>> D = CorrectionDecision
    >>> line = Correction("l", 1, 0, 10, 22, None, "Iff tbe cst.", "Iff the cat.", (),
    ...     D.PROPOSED, "", None, "", kind=CorrectionKind.LINE,
    ...     subsumed=(Subsumed(14, 17, "tbe", "the", D.APPLIED),
    ...               Subsumed(18, 21, "cst", "cat", D.PROPOSED)))
    >>> [(p.text, p.decision and p.decision.value) for p in suggestion(line)]
    [('Iff ', None), ('the', 'applied'), (' ', None), ('cat', 'proposed'), ('.', None)]
    """
    if not c.is_line or not c.subsumed:
        return [Piece(c.replacement)]
    kept_as_read = c.replacement == c.original
    pieces: list[Piece] = []
    pos = 0
    for s in sorted(c.subsumed, key=lambda s: s.start):
        a, b = s.start - c.start, s.end - c.start
        if a < pos or b > len(c.original) or c.original[a:b] != s.original:
            log.debug("line item %s: a word record no longer lines up", c.id)
            return [Piece(c.replacement)]
        if a > pos:
            pieces.append(Piece(c.original[pos:a]))
        if kept_as_read and s.decision is not CorrectionDecision.APPLIED:
            pieces.append(Piece(s.original))  # a noise line: its proposals were guesses
        else:
            pieces.append(Piece(s.replacement, s.original, s.decision))
        pos = b
    if pos < len(c.original):
        pieces.append(Piece(c.original[pos:]))
    return pieces


def has_suggestion(c: Correction) -> bool:
    """Does line item ``c`` suggest a text other than the line as OCR read it (one key takes
    it)?"""
    return c.is_line and c.replacement != c.original


def offered(c: Correction) -> str:
    """What one key takes, as a listing's or a sheet's ``candidates`` cell shows it: a line
    item's suggested line (empty for a line of noise, which suggests nothing), a word's
    candidates joined by `` | ``.

    >>> from pipeline.core.enums import CorrectionKind
    >>> D = CorrectionDecision
    >>> word = Correction("w", 1, 0, 0, 3, None, "tbe", "the", (("the", 0.9), ("tube", 0.1)),
    ...     D.PROPOSED, "", None, "")
    >>> offered(word)
    'the | tube'
    >>> offered(Correction("l", 1, 0, 0, 7, None, "tbe cst", "the cat", (), D.PROPOSED, "",
    ...     None, "", kind=CorrectionKind.LINE))
    'the cat'
    """
    if c.is_line:
        return c.replacement if has_suggestion(c) else ""
    return " | ".join(text for text, _ in c.candidates)
