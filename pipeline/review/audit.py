"""The audit of automatic changes: what the run changed on its own, shown so a person can check
it, keep it or take it back, grouped by the same change across the batch.

A historian who cites ``clean.txt`` needs to see every word the machine changed without asking
(``applied`` records) beside the page, and to undo a wrong one in one key. The proposals queue
(``queue``) never shows those; this module does, over the same ``ReviewQueue`` (the same
documents, refreshed the same way) and through the same ``record_decision``:

* **keep** (``k``) records a ``confirm`` decision (``Decision.applied``): the change is checked,
  its record becomes ``accepted`` with ``review.action: confirm``, and every later run keeps it
  at this place even if a later version of the correct stage would only propose it. It teaches
  nothing elsewhere.
* **revert** (``r``) records a ``reject`` on the applied record: the original is back in
  ``clean.txt`` at every run, and the word is kept as read at places whose neighbouring words
  are like this place's (``store.Learned.keeper``: the scoping of learned corrections); other
  places keep the machine's change, still listed here. No lexicon line is written.
* **type** (``e``) puts another word there (an ``edit``; it teaches the correction as an edit of
  a proposal does, scoped the same way).

One screen is one group (``Audit.groups``): every unchecked place of the same change
(``negotations → negotiations``) in the batch, each with its line; unticked places are left
unchecked. No web and no terminal in here: ``pipeline.review.web`` and
``pipeline.cli.review_audit`` draw it.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pipeline.core.enums import CorrectionDecision
from pipeline.core.results import Correction
from pipeline.review.answers import Answer, parse_answer
from pipeline.review.decisions import Action, Decision, describe
from pipeline.review.learning import record_decision
from pipeline.review.outputs import DocOutput, refresh_or_defer, refresh_others
from pipeline.review.queue import ReviewQueue, line_context
from pipeline.review.resolve import Reviewed

log = logging.getLogger(__name__)


class AuditState(StrEnum):
    """Where an automatic change stands in the audit."""

    UNCHECKED = "unchecked"  # in clean.txt on the machine's say-so; nobody looked
    CONFIRMED = "confirmed"  # a person kept it
    REVERTED = "reverted"  # a person took it back: the original is in clean.txt
    CORRECTED = "corrected"  # a person put another word there


@dataclass(frozen=True)
class Change:
    """One automatic change of the batch, with what a person needs to audit it."""

    document: str
    correction: Correction  # the record as it stands now (decisions applied)
    machine: str  # what the run put there (the replacement it applied)
    state: AuditState
    before: str  # the line up to the word
    after: str  # the line after it

    @property
    def key(self) -> str:
        """The change's id in the API: ``<document>/<correction id>``."""
        return f"{self.document}/{self.correction.id}"

    def as_applied(self) -> Correction:
        """The record as the run applied it: what an audit decision is made on."""
        return dataclasses.replace(
            self.correction, decision=CorrectionDecision.APPLIED, replacement=self.machine
        )

    @property
    def change(self) -> str:
        """The group it belongs to: ``negotations → negotiations`` (casefolded)."""
        return f"{self.correction.original.casefold()} → {self.machine.casefold()}"

    def to_dict(self) -> dict[str, Any]:
        """For ``GET /api/applied``."""
        c = self.correction
        return {
            "id": self.key,
            "document": self.document,
            "correction": c.id,
            "page": c.page,
            "line": c.line + 1,
            "bbox": None if c.bbox is None else c.bbox.to_list(),
            "original": c.original,
            "replacement": self.machine,
            "now": c.replacement if c.decision.changes_text else c.original,
            "reason": c.reason,
            "conf": c.conf,
            "context": {"before": self.before, "word": c.original, "after": self.after},
            "state": self.state.value,
            "change": self.change,
        }


@dataclass(frozen=True)
class ChangeGroup:
    """The places of one automatic change (``key``: ``change:<change>``), most places first."""

    key: str
    title: str
    items: tuple[Change, ...]

    @property
    def documents(self) -> list[str]:
        """The documents the group touches, sorted."""
        return sorted({i.document for i in self.items})

    def to_dict(self) -> dict[str, Any]:
        """For ``GET /api/applied/groups``."""
        return {
            "key": self.key,
            "title": self.title,
            "places": len(self.items),
            "documents": self.documents,
            "items": [i.to_dict() for i in self.items],
        }


@dataclass
class Audit:
    """The audit of ``queue``'s documents. ``skipped``: group keys skipped, asked last."""

    queue: ReviewQueue
    skipped: dict[str, int] = field(default_factory=dict)

    def changes(self, *, done: bool = False) -> list[Change]:
        """The unchecked automatic changes (with ``done``, the audited ones too), by document
        and text order."""
        out = []
        for name in self.queue.documents():
            doc, reviewed = self.queue.doc(name), self.queue.reviewed(name)
            for c in reviewed.automatic():
                state = audit_state(c, reviewed)
                if done or state is AuditState.UNCHECKED:
                    out.append(_change(doc, reviewed, c, state))
        return out

    def counts(self) -> dict[str, int]:
        """How many automatic changes there are in each state (``AuditState`` values)."""
        counts = dict.fromkeys((s.value for s in AuditState), 0)
        for c in self.changes(done=True):
            counts[c.state.value] += 1
        return counts

    def groups(self, *, done: bool = False) -> list[ChangeGroup]:
        """The changes grouped by change: most places first, skipped groups last."""
        by_change: dict[str, list[Change]] = defaultdict(list)
        for c in self.changes(done=done):
            by_change[c.change].append(c)
        out = [
            ChangeGroup(f"change:{k}", f"{v[0].correction.original} → {v[0].machine}", tuple(v))
            for k, v in by_change.items()
        ]
        out.sort(key=lambda g: (self.skipped.get(g.key, 0), -len(g.items), g.key))
        return out

    def group(self, key: str) -> ChangeGroup:
        """The unchecked group ``key``, or the group of the one change ``key``
        (``<document>/<id>``). Raises ``KeyError``."""
        for g in self.groups():
            if g.key == key:
                return g
        for c in self.changes():
            if key in (c.key, c.correction.id):
                title = f"{c.correction.original} → {c.machine}"
                return ChangeGroup(f"change:{c.change}", title, (c,))
        raise KeyError(f"no unchecked automatic change {key!r}")

    def decide(
        self, key: str, choice: str, exclude: Collection[str] = (), text: str | None = None
    ) -> list[Decision]:
        """Audit every place of group (or change) ``key`` but those in ``exclude`` (left
        unchecked): ``keep``, ``revert``, or ``text`` with the word to put there in ``text``
        (``answers.parse_answer`` with ``applied``). One decision per place, in group order;
        the outputs are written again. Raises ``KeyError`` for nothing unchecked by that key,
        ``ValueError`` for a bad choice, a stray excluded key or nothing left to decide."""
        group = self.group(key)
        keys = {i.key for i in group.items}
        if stray := sorted(set(exclude) - keys):
            raise ValueError(f"not in {key!r}: {', '.join(stray)}")
        chosen = [i for i in group.items if i.key not in set(exclude)]
        if not chosen:
            raise ValueError("every place is left out: nothing to decide")
        answers = [
            parse_answer(choice, i.as_applied(), text, free_text=False, applied=True)
            for i in chosen
        ]
        if any(a is None for a in answers):
            raise ValueError("say keep, revert, or text with the word to put there")
        if len(chosen) > 1 and any(a and a.action is Action.CANDIDATE for a in answers):
            raise ValueError("a candidate number is for one place; say keep, revert or text")
        return self.record([(i, a) for i, a in zip(chosen, answers, strict=True) if a])

    def record(self, plan: list[tuple[Change, Answer]]) -> list[Decision]:
        """Record each answer on its change (checked already), then write the outputs of the
        documents touched again; returns the decisions in order."""
        made, touched = [], {}
        for change, a in plan:
            out = self.queue.doc(change.document)
            made.append(
                record_decision(
                    self.queue.store,
                    out.name,
                    change.as_applied(),
                    a.action,
                    replacement=a.text,
                    candidate=a.candidate,
                    source_sha256=out.source_sha256,
                    applied=True,
                )
            )
            self.queue.history.append(out.name)
            touched[out.name] = out
        for out in touched.values():
            refresh_or_defer(out, self.queue.store)
        # A revert keeps the word at like places of other documents too: write them now.
        reverted = {d.original.casefold(): d.original for d in made if d.reverts}
        if reverted:
            anchor = next(iter(touched.values()))
            for original in reverted.values():
                refresh_others(anchor, self.queue.store, original)
        self.queue.refresh()
        return made

    def skip(self, key: str) -> ChangeGroup:
        """Ask group ``key`` last (``KeyError`` when it is not unchecked)."""
        group = self.group(key)
        self.skipped[group.key] = max(self.skipped.values(), default=0) + 1
        return group


def audit_state(c: Correction, reviewed: Reviewed) -> AuditState:
    """Where automatic change ``c`` (a record of ``reviewed.automatic()``) stands."""
    if not reviewed.audited(c):
        return AuditState.UNCHECKED
    action = reviewed.reviews[c.id].get("action")
    if c.decision == CorrectionDecision.REJECTED:
        return AuditState.REVERTED
    return AuditState.CONFIRMED if action == Action.CONFIRM.value else AuditState.CORRECTED


def _change(doc: DocOutput, reviewed: Reviewed, c: Correction, state: AuditState) -> Change:
    review = reviewed.reviews.get(c.id, {})
    machine = str(review.get("proposed") or c.replacement) if review else c.replacement
    before, after = line_context(doc.stripped, c.start, c.end)
    return Change(doc.name, c, machine, state, before, after)


#: The keys of the audit, for the bottom of a screen.
AUDIT_KEYS_HELP = "k keep  r revert  e type  1-9 tick/untick a place  s skip  u undo  q quit"
AUDIT_HELP = """\
  These changes were made by the run on its own. Check each against the scan.
  k      keep the ticked places as changed (recorded as checked; teaches nothing)
  r      revert the ticked places: the original is back (and is kept as read at places
         with like neighbouring words, from the next run on)
  e      type the word the scan has, for the ticked places
  1-9    tick or untick place N (an unticked place stays unchecked)
  s      skip this change for now
  u      undo the last decision
  q      quit (every answer so far is already saved)"""


@dataclass
class AuditSession:
    """The audit as a state machine fed one key at a time (the terminal draws it): the current
    group (``current``), its unticked places (``unticked``), what was decided and skipped."""

    audit: Audit
    unticked: set[str] = field(default_factory=set)
    skipped: set[str] = field(default_factory=set)
    decided: int = 0
    finished: bool = False
    typing: bool = False  # the next input is the word to put there (after ``e``)

    @property
    def current(self) -> ChangeGroup | None:
        """The group being asked; None when the audit is over (quit, or nothing left)."""
        if self.finished:
            return None
        return next((g for g in self.audit.groups() if g.key not in self.skipped), None)

    def ticked(self, group: ChangeGroup) -> list[Change]:
        """The places of ``group`` a decision now would cover."""
        return [i for i in group.items if i.key not in self.unticked]

    def feed(self, answer: str | None) -> tuple[bool, str]:
        """Act on one key (or after ``e`` the word typed); None is the end of input. Returns
        (whether the screen moves on to what is current now, what to tell the person)."""
        if answer is None or (answer == "q" and not self.typing):
            self.finished = True
            return True, ""
        if answer == "u" and not self.typing:
            target = self.audit.queue.undo()
            if target is None:
                return True, "Nothing to undo."
            self.skipped.clear()
            self.decided = max(0, self.decided - 1)
            return True, f"↶ Undone: {describe(target)}"
        g = self.current
        if g is None:
            self.finished = True
            return True, ""
        if self.typing:
            self.typing = False
            if not answer.strip():
                return False, "Cancelled."
            return self._decide(g, "text", answer)
        if answer in ("?", "h"):
            return False, AUDIT_HELP
        if answer in ("k", "a"):
            return self._decide(g, "keep")
        if answer == "r":
            return self._decide(g, "revert")
        if answer == "e":
            self.typing = True
            return False, f"The word the scan has, for {g.title.split(' → ')[0]} (Enter cancels): "
        if answer == "s":
            self.skipped.add(g.key)
            self.audit.skip(g.key)
            return True, f"Skipped {g.title}: still unchecked."
        if answer.isdigit() and len(answer) == 1 and answer != "0":
            n = int(answer)
            if n > len(g.items):
                return False, f"There is no place {n} (1-{len(g.items)})."
            key = g.items[n - 1].key
            self.unticked.symmetric_difference_update({key})
            return True, f"Place {n} {'left out' if key in self.unticked else 'ticked'}."
        return False, f"Unknown key {answer!r}. {AUDIT_KEYS_HELP}  ? help" if answer else ""

    def _decide(self, g: ChangeGroup, choice: str, text: str | None = None) -> tuple[bool, str]:
        left_out = [i.key for i in g.items if i.key in self.unticked]
        try:
            made = self.audit.decide(g.key, choice, left_out, text)
        except ValueError as exc:
            return False, f"Not recorded: {exc}"
        self.decided += len(made)
        self.unticked.difference_update(i.key for i in g.items)  # left out: asked again next
        said = audit_note(made)
        if left_out:
            said += f"; {len(left_out)} left out, still unchecked"
        return True, said


def audit_note(made: list[Decision]) -> str:
    """What an audit decision on one or more places did, for people.

    >>> d = Decision("i", "doc", "c", "FROMA", "", Action.REJECT, applied=True)
    >>> audit_note([d]), audit_note([d, d])
    ('Reverted the automatic change of FROMA: the original is back', \
'Reverted FROMA at 2 places: the original is back')
    """
    if len(made) == 1:
        return describe(made[0])
    d, n = made[0], len(made)
    if d.action is Action.CONFIRM:
        return f"Confirmed {d.original} → {d.replacement} at {n} places"
    if d.reverts:
        return f"Reverted {d.original} at {n} places: the original is back"
    return f"Put {d.replacement} for {d.original} at {n} places"
