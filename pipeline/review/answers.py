"""What a reviewer's answer means, read in one place for ``decide``, the web API and the CSV sheet.

An answer is a decision word and, for a typed replacement, its text: ``accept``/``a``,
``reject``/``r``, a candidate number, or ``text`` (also ``edit``/``e``) with the replacement.
A "transcribe by hand" line item (``Correction.is_line``) takes the typed line or a rejection
(keep the OCR line): it has no candidates. A line item that suggests a text (the line with the
changes the run applied in it and its proposals' top candidates, ``linetext.has_suggestion``)
also takes ``accept``: the suggested line, recorded as typed (an edit with that text).
The typed form has its own field so that any replacement can be given, a year or ``a`` too:
``decide ID --text 1997``, ``{"decision": "text", "text": "1997"}``, a sheet's ``edit`` row.
Where there is no separate field (``decide ID Akhiyev``, ``{"decision": "Akhiyev"}``), a word
that is none of the others is still read as the replacement (``free_text``), as it always was.
An audit of a change the run applied on its own (``applied``) reads ``keep``/``confirm``/``k``
(and ``accept``/``a``) as a confirmation, ``revert``/``reject``/``r`` as taking it back, and a
typed word or a candidate number as usual.
The interactive review reads single keys (``pipeline.review.session``), not answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.core.results import Correction
from pipeline.review.decisions import Action
from pipeline.review.linetext import has_suggestion

#: The decision words of a typed replacement.
TYPED = ("text", "edit", "e")
#: The decision words that leave a proposal as it is (a sheet's empty cell).
SKIP = ("", "s", "skip")
#: The decision words that keep a change the run applied (an audit).
CONFIRM = ("keep", "k", "confirm")
#: The decision words that take a change back.
REJECT = ("r", "reject", "revert")


@dataclass(frozen=True)
class Answer:
    """A checked answer: the action, the candidate (1-based) for ``CANDIDATE``, the replacement
    for ``EDIT``; what ``learning.record_decision`` takes."""

    action: Action
    candidate: int | None = None
    text: str | None = None


def parse_answer(
    decision: str,
    c: Correction,
    text: str | None = None,
    *,
    free_text: bool = True,
    applied: bool = False,
) -> Answer | None:
    """What ``decision`` (with ``text``, the typed replacement, when there is one) means for
    ``c``; None for a skip (an empty decision with no text). An empty decision with ``text`` is
    the typed replacement. ``free_text``: any other word is itself the replacement.
    ``applied``: ``c`` is a change the run applied on its own (an audit).

    Raises ``ValueError`` for a number with no candidate, ``text`` without its replacement,
    ``accept`` with a different replacement, an audit's word (``keep``, ``revert``) said of a
    proposal, or (without ``free_text``) an unknown word.

    >>> from pipeline.core.enums import CorrectionDecision as D
    >>> c = Correction("i", 1, 0, 0, 3, None, "tbe", "the", (("the", 0.9), ("tube", 0.1)),
    ...                D.PROPOSED, "", None, "")
    >>> parse_answer("accept", c), parse_answer("2", c), parse_answer("thee", c)
    (Answer(action=<Action.ACCEPT: 'accept'>, candidate=None, text=None), \
Answer(action=<Action.CANDIDATE: 'candidate'>, candidate=2, text=None), \
Answer(action=<Action.EDIT: 'edit'>, candidate=None, text='thee'))
    >>> parse_answer("text", c, "1997")
    Answer(action=<Action.EDIT: 'edit'>, candidate=None, text='1997')
    >>> parse_answer("keep", c, applied=True), parse_answer("revert", c, applied=True)
    (Answer(action=<Action.CONFIRM: 'confirm'>, candidate=None, text=None), \
Answer(action=<Action.REJECT: 'reject'>, candidate=None, text=None))
    """
    word = decision.strip()
    low = word.lower()
    typed = (text or "").strip() or None
    if low in SKIP:
        return Answer(Action.EDIT, text=typed) if typed else None
    if c.is_line and low in ("a", "accept") and has_suggestion(c) and not typed:
        return Answer(Action.EDIT, text=c.replacement)  # the suggested line, taken as typed
    if c.is_line and (low in ("a", "accept") or (word.isascii() and word.isdigit())):
        raise ValueError(
            "this is a line to transcribe by hand: give the typed line (text), or reject to "
            "keep the OCR line"
        )
    if applied and low in (*CONFIRM, "a", "accept"):
        return Answer(Action.CONFIRM)
    if low in ("a", "accept"):
        if typed and typed != c.replacement:
            raise ValueError(f"accept takes {c.replacement!r}; to use {typed!r} say edit")
        return Answer(Action.ACCEPT)
    if low in ("r", "reject") or (applied and low in REJECT):
        return Answer(Action.REJECT)
    if not applied and low in (*CONFIRM, "revert") and not typed:
        # never the replacement "keep": an audit's word said of a proposal
        raise ValueError(
            f"{low} is for a change the run applied on its own (its audit); for this proposal "
            f"say accept, reject (keep the original), a candidate number, or text {low!r} as "
            "the replacement"
        )
    if low in TYPED:
        if not typed:
            raise ValueError(f"{low} needs the replacement text")
        return Answer(Action.EDIT, text=typed)
    if word.isascii() and word.isdigit():
        n, names = int(word), [t for t, _ in c.candidates]
        if not 1 <= n <= len(names):
            raise ValueError(f"there is no candidate {n} (1-{len(names)}): {' | '.join(names)}")
        return Answer(Action.CANDIDATE, candidate=n)
    if free_text and not typed:
        return Answer(Action.EDIT, text=word)  # record_decision reads a candidate's text as it
    if applied:
        raise ValueError(
            f"decision {word!r}: use keep, revert, or edit with the word in 'replacement'"
        )
    raise ValueError(
        f"decision {word!r}: use accept, reject, a candidate number, or edit (text) with the "
        "replacement"
    )
