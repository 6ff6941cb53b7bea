"""The decision record: what a reviewer said about one proposed correction, as written to a log.

Kept apart from the store and from the logic that applies decisions because it is the one shape
everything else agrees on: the reviews logs (``Decision.to_dict`` is a log line), the session,
the spreadsheets and the run all read and write it. Nothing here touches a file.

A decision names the correction id it was made on and also keeps the word and its neighbours
(``context``): re-OCR may move the word or change a neighbour, and with it the id. An undo is a
record of its own (``Action.UNDO``, ``undoes``) and nothing is ever erased, so the decisions that
*stand* are computed (``effective``), not stored. A reviewer may change their mind: a later
decision on the same place (``place``) supersedes the earlier one, which stays in the log but
no longer stands, so only a person's latest word on a place decides it and teaches. A batch-wide
decision and a decision on one place live in different logs; which one a later decision
supersedes across them (``covers``) is named in its ``supersedes``, and ``overridden`` reads it
back: a later batch-wide decision on a word supersedes the decisions on single places of that
word, and a later decision on the very place a batch-wide decision was made on supersedes that
(elsewhere, a decision on one place is an exception to a standing batch-wide decision).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from pipeline import __version__
from pipeline.core.enums import CorrectionDecision
from pipeline.core.records import BBox

log = logging.getLogger(__name__)

#: Version of the decision record's shape (``v`` in every line of a reviews log).
FORMAT_VERSION = 1
#: Record decisions whose replacement is in ``clean.txt``.
CHANGED = (CorrectionDecision.APPLIED, CorrectionDecision.ACCEPTED, CorrectionDecision.EDITED)


class Action(StrEnum):
    """What a reviewer did (``action`` in a log line)."""

    ACCEPT = "accept"  # the proposal's best candidate
    REJECT = "reject"  # keep the original
    EDIT = "edit"  # a replacement typed by the reviewer
    CANDIDATE = "candidate"  # candidate N of the proposal
    UNDO = "undo"  # cancels an earlier decision (``undoes``)
    #: Withdraws what an earlier decision taught the user lexicon (``undoes``); the decision
    #: itself still stands for its own place.
    FORGET = "forget"
    #: Keeps a change the run made on its own (an audit of ``applied``): checked by a person,
    #: held at this place from now on, teaches nothing.
    CONFIRM = "confirm"


class Scope(StrEnum):
    """Where a decision holds (``scope`` in a log line)."""

    THIS = "this"  # this place in this document
    BATCH = "batch"  # this change (this original) everywhere in the batch


@dataclass(frozen=True)
class Decision:
    """One reviewer decision (or the undo of one), as written to a reviews log.

    Raises ``ValueError`` when built inconsistent: a changing action without a replacement, a
    candidate decision without its 1-based number, an undo naming nothing, no document or word.
    """

    id: str
    document: str  # the document's output name
    correction: str  # the correction id it was made on
    original: str  # the word as OCR read it
    context: str  # the word with its neighbours: finds the word again after re-OCR
    action: Action
    replacement: str | None = None  # what the word becomes (None for reject and undo)
    candidate: int | None = None  # 1-based candidate number (action candidate)
    scope: Scope = Scope.THIS
    undoes: str | None = None  # the decision an undo cancels
    page: int | None = None  # for people reading the log
    source_sha256: str | None = None  # the document's source, for information
    time: str = ""  # local time with offset: when the reviewer decided
    tool: str = __version__
    #: Lines this decision added to the user lexicon (removed again by its undo).
    learned: tuple[str, ...] = ()
    #: Made on a "transcribe by hand" line item: ``original`` is the OCR line, ``replacement``
    #: the typed line. It holds for its own place only and teaches the lexicon nothing.
    line: bool = False
    #: Made on a change the run had applied on its own (an audit): ``confirm`` keeps it,
    #: ``reject`` reverts it (a *revert*: the original kept at places with like neighbouring
    #: words, not a known word everywhere), an edit or a candidate puts another word there.
    applied: bool = False
    #: Ids of the standing decisions on the same place this one superseded when it was made
    #: (their lexicon lines were taken back then); for people, and so that
    #: ``learning.rederive`` tells them from those an older foia-clean left teaching.
    supersedes: tuple[str, ...] = ()
    #: Made on a page flagged for manual transcription (``pipeline.review.transcribe``):
    #: ``correction`` is ``page-N``, ``original`` what stood for the page in ``stripped.txt``
    #: (the placeholder line), ``replacement`` the page's text as a person typed it. It holds
    #: for its own page while the page's pixels are those it was typed from (``page_sha256``)
    #: and teaches the lexicon nothing.
    transcription: bool = False
    #: The sha256 of the page's pixels a transcription was typed from
    #: (``transcribe.page_digest``); the page's text for a text input.
    page_sha256: str | None = None
    #: Where the word was when decided: its 0-based line on its page (``page_line``) and its
    #: box on the page image in pixels (``bbox``), as the record decided on said. A record made
    #: from the decision when the run no longer proposes the word (``resolve``) takes them:
    #: ``stripped.txt`` does not keep a page's lines. None in logs of before session 29.
    page_line: int | None = None
    bbox: BBox | None = None

    def __post_init__(self) -> None:
        if self.changes and not (self.replacement or "").strip():
            raise ValueError(f"a {self.action.value} decision needs a replacement")
        if self.action is Action.CANDIDATE and (self.candidate is None or self.candidate < 1):
            raise ValueError("a candidate decision needs its 1-based candidate number")
        if self.action in (Action.UNDO, Action.FORGET) and not self.undoes:
            raise ValueError(f"an {self.action.value} names the decision it applies to")
        if not self.document or not self.original:
            raise ValueError("a decision needs its document and original word")
        if self.line and (
            self.scope is Scope.BATCH or self.action in (Action.ACCEPT, Action.CANDIDATE)
        ):
            raise ValueError("a line item takes the typed line or reject, for its own place")
        if self.action is Action.CONFIRM and (not self.applied or self.scope is Scope.BATCH):
            raise ValueError("confirm keeps a change the run applied, at its own place")
        if self.transcription and (
            self.scope is Scope.BATCH
            or self.action not in (Action.EDIT, Action.UNDO, Action.FORGET)
            or self.page is None
            or self.line
            or self.applied
        ):
            raise ValueError("a transcription is the typed text of one page, for that page")

    @property
    def changes(self) -> bool:
        """Does the word change (accept, candidate, edit, confirm)?"""
        return self.action in (Action.ACCEPT, Action.EDIT, Action.CANDIDATE, Action.CONFIRM)

    @property
    def reverts(self) -> bool:
        """Is this a revert: a rejection of a change the run applied on its own?"""
        return self.applied and self.action is Action.REJECT

    @property
    def outcome(self) -> CorrectionDecision:
        """The record decision this decision gives: accepted, edited or rejected.

        >>> Decision("i", "doc", "c", "tbe", "", Action.CANDIDATE, "the", candidate=1).outcome
        <CorrectionDecision.ACCEPTED: 'accepted'>
        """
        if self.action is Action.EDIT:
            return CorrectionDecision.EDITED
        return CorrectionDecision.ACCEPTED if self.changes else CorrectionDecision.REJECTED

    @property
    def when(self) -> datetime | None:
        """``time`` as a datetime, None when it is empty or unreadable."""
        try:
            return datetime.fromisoformat(self.time)
        except ValueError:
            return None

    def to_dict(self) -> dict[str, Any]:
        """The log line's object (optional fields only when set)."""
        d: dict[str, Any] = {
            "v": FORMAT_VERSION,
            "id": self.id,
            "document": self.document,
            "correction": self.correction,
            "original": self.original,
            "context": self.context,
            "action": self.action.value,
            "scope": self.scope.value,
            "time": self.time,
            "tool": self.tool,
        }
        optional = {
            "replacement": self.replacement,
            "candidate": self.candidate,
            "undoes": self.undoes,
            "page": self.page,
            "source_sha256": self.source_sha256,
        }
        d.update({k: v for k, v in optional.items() if v is not None})
        if self.learned:
            d["learned"] = list(self.learned)
        if self.line:
            d["line"] = True
        if self.applied:
            d["applied"] = True
        if self.supersedes:
            d["supersedes"] = list(self.supersedes)
        if self.transcription:
            d["transcription"] = True
        if self.page_sha256 is not None:
            d["page_sha256"] = self.page_sha256
        if self.page_line is not None:
            d["page_line"] = self.page_line
        if self.bbox is not None:
            d["bbox"] = self.bbox.to_list()
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Decision:
        """Read a log line's object. Raises ``ValueError`` for a record of a newer format,
        ``KeyError``/``ValueError``/``TypeError`` for one that is not a decision."""
        if d.get("v", 1) > FORMAT_VERSION:
            raise ValueError(f"made by a newer foia-clean (record version {d['v']})")
        learned = d.get("learned", [])
        if not isinstance(learned, list) or not all(isinstance(x, str) for x in learned):
            raise TypeError("'learned' is not a list of lexicon lines")
        supersedes = d.get("supersedes", [])
        if not isinstance(supersedes, list) or not all(isinstance(x, str) for x in supersedes):
            raise TypeError("'supersedes' is not a list of decision ids")
        page_line = d.get("page_line")
        if page_line is not None and (
            isinstance(page_line, bool) or not isinstance(page_line, int)
        ):
            raise TypeError("'page_line' is not a number")
        candidate = d.get("candidate")
        if candidate is not None and (
            isinstance(candidate, bool) or not isinstance(candidate, int)
        ):
            raise TypeError("'candidate' is not a number")
        return cls(
            id=str(d["id"]),
            document=str(d["document"]),
            correction=str(d["correction"]),
            original=str(d["original"]),
            context=str(d.get("context", "")),
            action=Action(d["action"]),
            replacement=d.get("replacement"),
            candidate=candidate,
            scope=Scope(d.get("scope", Scope.THIS.value)),
            undoes=d.get("undoes"),
            page=d.get("page"),
            source_sha256=d.get("source_sha256"),
            time=str(d.get("time", "")),
            tool=str(d.get("tool", "")),
            learned=tuple(learned),
            line=d.get("line") is True,
            applied=d.get("applied") is True,
            supersedes=tuple(supersedes),
            transcription=d.get("transcription") is True,
            page_sha256=d.get("page_sha256"),
            page_line=page_line,
            bbox=BBox.from_list(d.get("bbox")),
        )


def new_decision_id() -> str:
    """A fresh random decision id: 16 hex digits."""
    return secrets.token_hex(8)


def now() -> str:
    """The reviewer's local time, to the millisecond (orders decisions across two logs)."""
    return datetime.now().astimezone().isoformat(timespec="milliseconds")


def place(d: Decision) -> tuple[str, ...]:
    """Where ``d`` decides, as a key: a batch-wide decision its word (casefolded) in every
    document, any other its correction (id and word) in its document. Two decisions with one
    key are a reviewer changing their mind: the later one stands (``effective``), as
    ``resolve`` applies the latest decision on a correction and the latest batch-wide one on a
    word.

    >>> place(Decision("i", "memo", "c1", "Tbe", "", Action.REJECT, scope=Scope.BATCH))
    ('batch', 'tbe')
    >>> place(Decision("i", "memo", "c1", "Tbe", "", Action.REJECT))
    ('this', 'memo', 'c1', 'tbe')

    A transcription's place is its page, whatever stood there when it was typed:

    >>> place(Decision("i", "memo", "page-2", "[MANUAL]", "", Action.EDIT, "Text", page=2,
    ...                transcription=True))
    ('page', 'memo', 'page-2')
    """
    if d.transcription:
        return ("page", d.document, d.correction)
    if d.scope is Scope.BATCH:
        return ("batch", d.original.casefold())
    return ("this", d.document, d.correction, d.original.casefold())


def covers(later: Decision, earlier: Decision) -> bool:
    """Does ``later``, made after ``earlier``, supersede it? When both decide one place
    (``place``); when ``later`` is batch-wide and ``earlier`` a decision on one place of the
    same word (not a line to transcribe, which no batch-wide decision reaches); and when
    ``later`` decides the very place (document and correction) a batch-wide ``earlier`` was made
    on: the reviewer changed their mind where they made the rule.

    >>> one = Decision("a", "memo", "c1", "tbe", "", Action.REJECT)
    >>> everywhere = Decision("b", "cable", "c7", "Tbe", "", Action.ACCEPT, "the",
    ...                       scope=Scope.BATCH)
    >>> covers(everywhere, one), covers(one, everywhere)
    (True, False)
    >>> covers(Decision("c", "cable", "c7", "tbe", "", Action.REJECT), everywhere)
    True
    """
    if place(later) == place(earlier):
        return True
    same_word = later.original.casefold() == earlier.original.casefold()
    if later.scope is Scope.BATCH and earlier.scope is Scope.THIS:
        return same_word and not earlier.line and not earlier.transcription
    if later.scope is Scope.THIS and earlier.scope is Scope.BATCH:
        return (
            same_word
            and later.document == earlier.document
            and later.correction == earlier.correction
        )
    return False


def overridden(records: Iterable[Decision]) -> set[str]:
    """Ids that a decision nobody undid names in its ``supersedes``: superseded across logs
    (``effective`` sees one log only). Give it every log a superseding decision can be in:
    a document's log with the batch log, the batch log with the logs of the documents its
    decisions were made on.

    >>> a = Decision("a", "memo", "c1", "tbe", "", Action.REJECT)
    >>> b = Decision("b", "memo", "c1", "tbe", "", Action.ACCEPT, "the", scope=Scope.BATCH,
    ...              supersedes=("a",))
    >>> overridden([a, b]), overridden([a, b, Decision("u", "memo", "c1", "tbe", "",
    ...     Action.UNDO, scope=Scope.BATCH, undoes="b")])
    ({'a'}, set())
    """
    return {i for d in _standing(list(records)) for i in d.supersedes}


def _standing(decisions: list[Decision]) -> list[Decision]:
    undone = {d.undoes for d in decisions if d.action is Action.UNDO}
    return [
        d for d in decisions if d.action not in (Action.UNDO, Action.FORGET) and d.id not in undone
    ]


def effective(decisions: Iterable[Decision]) -> list[Decision]:
    """The decisions that stand, in log order: not undo or forget records, not undone, and not
    superseded by a later decision on the same place (``place``; it stays in the log).

    >>> a = Decision("a", "doc", "c", "tbe", "", Action.REJECT)
    >>> b = Decision("b", "doc", "c", "tbe", "", Action.UNDO, undoes="a")
    >>> effective([a, b]), effective([a]) == [a]
    ([], True)
    >>> c = Decision("c", "doc", "c", "tbe", "", Action.ACCEPT, "the")
    >>> [d.id for d in effective([c, a])], [d.id for d in effective([c, a, b])]
    (['a'], ['c'])
    """
    standing = _standing(list(decisions))
    last = {place(d): i for i, d in enumerate(standing)}
    return [d for i, d in enumerate(standing) if last[place(d)] == i]


def superseded(decisions: Iterable[Decision]) -> list[Decision]:
    """The decisions of one log that nobody undid but a later decision on the same place
    superseded (``effective`` leaves them out), in log order.

    >>> a = Decision("a", "doc", "c", "tbe", "", Action.ACCEPT, "the")
    >>> [d.id for d in superseded([a, Decision("b", "doc", "c", "tbe", "", Action.REJECT)])]
    ['a']
    """
    decisions = list(decisions)
    stand = {d.id for d in effective(decisions)}
    return [d for d in _standing(decisions) if d.id not in stand]


def forgotten(decisions: Iterable[Decision]) -> set[str]:
    """Ids of decisions whose teaching a standing ``forget`` record withdrew.

    >>> a = Decision("a", "doc", "c", "tbe", "", Action.ACCEPT, "the")
    >>> f = Decision("f", "doc", "c", "tbe", "", Action.FORGET, undoes="a")
    >>> forgotten([a, f]), forgotten([a, f, Decision("u", "doc", "c", "tbe", "", Action.UNDO,
    ...     undoes="f")])
    ({'a'}, set())
    """
    decisions = list(decisions)
    undone = {d.undoes for d in decisions if d.action is Action.UNDO}
    return {
        d.undoes
        for d in decisions
        if d.action is Action.FORGET and d.id not in undone and d.undoes is not None
    }


def describe(d: Decision) -> str:
    """One line for people: ``Kept RAPHEL``, ``Accepted tbe → the``, ``Edited Mallott → Malott``.

    >>> describe(Decision("i", "doc", "c", "tbe", "", Action.ACCEPT, "the", scope=Scope.BATCH))
    'Accepted tbe → the in every document'
    >>> describe(Decision("i", "doc", "c", "Raphel", "", Action.CANDIDATE, "Raphael", candidate=2))
    'Chose Raphel → Raphael (candidate 2)'
    >>> describe(Decision("i", "doc", "c", "ewier sce", "", Action.EDIT, "Ewer Street", line=True))
    "Transcribed the line 'ewier sce' as 'Ewer Street'"
    >>> describe(Decision("i", "doc", "page-3", "[MANUAL]", "", Action.EDIT, "A\\nB", page=3,
    ...                   transcription=True))
    'Transcribed page 3 by hand (2 lines)'
    >>> describe(Decision("i", "doc", "c", "FROMA", "", Action.REJECT, applied=True))
    'Reverted the automatic change of FROMA: the original is back'
    >>> describe(Decision("i", "doc", "c", "negotations", "", Action.CONFIRM, "negotiations",
    ...                   applied=True))
    'Confirmed the automatic change negotations → negotiations'
    """
    where = " in every document" if d.scope is Scope.BATCH else ""
    if d.transcription and d.changes:
        lines = len((d.replacement or "").strip().splitlines())
        return f"Transcribed page {d.page} by hand ({lines} line{'' if lines == 1 else 's'})"
    if d.action is Action.CONFIRM:
        return f"Confirmed the automatic change {d.original} → {d.replacement}"
    if d.reverts:
        return f"Reverted the automatic change of {d.original}: the original is back"
    if d.line and d.action is Action.REJECT:
        return f"Kept the OCR line {d.original!r}"
    if d.line and d.changes:
        return f"Transcribed the line {d.original!r} as {d.replacement!r}"
    if d.action is Action.FORGET:
        return f"Forgot what was learned from {d.original}"
    if d.action is Action.REJECT:
        return f"Kept {d.original}{where}"
    if d.action is Action.CANDIDATE:
        return f"Chose {d.original} → {d.replacement} (candidate {d.candidate}){where}"
    verb = "Edited" if d.action is Action.EDIT else "Accepted"
    return f"{verb} {d.original} → {d.replacement}{where}"


def learned_note(d: Decision) -> str:
    """What a decision taught, for people (empty when it taught nothing new).

    >>> learned_note(Decision("i", "doc", "c", "Raphel", "", Action.REJECT, learned=("Raphel",)))
    'learned for every document'
    >>> learned_note(Decision("i", "doc", "c", "tbe", "", Action.ACCEPT, "the",
    ...                       learned=("tbe -> the",)))
    'learned for places with like neighbouring words (A: every document)'
    >>> learned_note(Decision("i", "doc", "c", "FROMA", "", Action.REJECT, applied=True))
    'kept as read at places with like neighbouring words'
    """
    if d.reverts and d.scope is Scope.THIS and " " not in d.original.strip():
        return "kept as read at places with like neighbouring words"
    if not d.learned:
        return ""
    if d.changes and d.scope is Scope.THIS:
        return "learned for places with like neighbouring words (A: every document)"
    return "learned for every document"
