"""What review decisions taught, listed: every learned rule, its scope and where it applied.

A decision teaches in two ways: a batch-wide decision (``A``/``R``) is itself a rule for every
document of the batch, and an accept, edit or reject of one place writes a line to the user
lexicon, which every later run that reads this reviews folder applies: a kept word everywhere,
a correction where the neighbouring words are like those of the place it was decided
(``store.Learned.applies``); and a reverted automatic change keeps the word as read at places
with like neighbouring words (``store.Learned.keeper``). People need to see all of them, with
the places they changed, and to take one back (``learning.forget``) without losing the
decision on the place it was made. A decision is listed while it stands behind a lexicon line,
the one that wrote it or a later one that implies it (``learning.rule_lines``), or while it is
a standing revert: every rule is listed and can be forgotten. A batch-wide decision and a
decision on one place of its word meet across two logs: each rule says what it superseded
(``Rule.notes``) and where a later decision on one place is an exception to it, and
``decision_states`` lists every decision with which one stands. Reads only.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.fileio import read_jsonl_objects
from pipeline.review.decisions import (
    Action,
    Decision,
    Scope,
    covers,
    describe,
    effective,
    forgotten,
    overridden,
)
from pipeline.review.learning import exception_to, lexicon_keys, rule_lines
from pipeline.review.outputs import batch_folders
from pipeline.review.resolve import BY_LEXICON
from pipeline.review.store import ReviewStore

log = logging.getLogger(__name__)

#: How far each kind of rule reaches, for people.
LEXICON_SCOPE = "every document of every run that reads this reviews folder (user lexicon)"
CONTEXT_SCOPE = (
    "places whose neighbouring words are like this one's, in every run that reads this "
    "reviews folder (user lexicon)"
)
BATCH_SCOPE = "every document of the batch (a batch-wide decision)"
REVERT_SCOPE = (
    "places whose neighbouring words are like this one's keep the word as read, in every run "
    "that reads this reviews folder (a reverted automatic change)"
)


#: The decisions of the other scope ``scope_notes`` names one by one before it counts the rest.
SAY_AT_MOST = 3


@dataclass(frozen=True)
class Rule:
    """One rule a standing decision made: the decision, the lexicon lines it added, its scope
    and the places it decides now (``applied``: document name -> places, from the batch's
    ``corrections.jsonl``)."""

    decision: Decision
    lines: tuple[str, ...]
    scope: str
    applied: dict[str, int]
    #: For people: the decisions of the other scope it superseded ("supersedes …"), and the
    #: later decisions on single places that are exceptions to it ("except at …").
    notes: tuple[str, ...] = ()

    @property
    def places(self) -> int:
        """Places the rule decides across the batch."""
        return sum(self.applied.values())

    def to_dict(self) -> dict[str, Any]:
        """For ``GET /api/rules``."""
        d = self.decision
        return {
            "decision": d.id,
            "document": d.document,
            "what": describe(d),
            "original": d.original,
            "replacement": d.replacement,
            "action": d.action.value,
            "lines": list(self.lines),
            "scope": self.scope,
            "applied": self.applied,
            "time": d.time,
            "notes": list(self.notes),
        }


def learned_rules(store: ReviewStore, batch_dir: Path) -> list[Rule]:
    """The rules standing decisions in ``store`` made, newest first, with the places in the
    batch at ``batch_dir`` (``OUT``) each one decides. Raises what the store raises."""
    by_decision: dict[str, Counter[str]] = {}
    by_form: dict[str, Counter[str]] = {}
    for folder in batch_folders(batch_dir):
        for record in read_jsonl_objects(folder / "corrections.jsonl"):
            review = record.get("review") or {}
            if record.get("decision") == "proposed":
                continue  # asked again (a rule learned elsewhere does not reach it)
            if review.get("decision"):
                by_decision.setdefault(review["decision"], Counter())[folder.name] += 1
            elif review.get("action") == BY_LEXICON or record.get("learned"):
                form = str(record.get("original", "")).casefold()
                by_form.setdefault(form, Counter())[folder.name] += 1
    rules = []
    have = lexicon_keys(store)
    records = {d.id: d for d in store.all_records()}
    standing = store.all_standing()
    for d in store.teaching():
        lines = rule_lines(d, have)  # a decision whose line an earlier one wrote counts too
        notes = _notes(d, records, standing)
        if d.scope is Scope.BATCH:
            rules.append(Rule(d, lines, BATCH_SCOPE, dict(by_decision.get(d.id, {})), notes))
        elif d.reverts and " " not in d.original.strip():
            rules.append(Rule(d, lines, REVERT_SCOPE, dict(by_decision.get(d.id, {})), notes))
        elif lines:
            applied = Counter(by_form.get(d.original.casefold(), {}))
            applied.update(by_decision.get(d.id, {}))
            scope = CONTEXT_SCOPE if d.changes else LEXICON_SCOPE
            rules.append(Rule(d, lines, scope, dict(applied), notes))
    rules.sort(key=lambda r: r.decision.time, reverse=True)
    return rules


def _where(d: Decision) -> str:
    return f"{d.document}/{d.correction}"


def _notes(d: Decision, records: dict[str, Decision], standing: list[Decision]) -> tuple[str, ...]:
    """What ``d`` superseded in the other log, and the exceptions to it (batch-wide ``d``)."""
    notes = [
        f"supersedes {o.id} ({describe(o)} at {_where(o)})"
        for o in (records.get(i) for i in d.supersedes)
        if o is not None and o.scope is not d.scope
    ]
    if d.scope is Scope.BATCH:
        notes += [
            f"except at {_where(e)}: {e.id} ({describe(e)})"
            for e in standing
            if exception_to(e, [d]) is d
        ]
    return tuple(notes)


def scope_notes(d: Decision, store: ReviewStore) -> list[str]:
    """For people, just after ``d`` was recorded: the decisions of the other scope it
    superseded, and the standing batch-wide decision it is an exception to."""
    records = {r.id: r for r in store.all_records()}
    others = [
        o
        for o in (records.get(i) for i in d.supersedes)
        if o is not None and o.scope is not d.scope
    ]
    notes = [f"This supersedes {describe(o)} (decision {o.id}, at {_where(o)})." for o in others]
    if len(notes) > SAY_AT_MOST:  # a rule over many places: the first few, then the count
        more = len(notes) - SAY_AT_MOST
        said = f"And {more} more decisions on single places (review --decided lists them)."
        notes = [*notes[:SAY_AT_MOST], said]
    if (b := exception_to(d, store.all_standing())) is not None:
        notes.append(
            f"An exception to {describe(b)} (decision {b.id}): it holds this place only, "
            "and the batch-wide decision every other place."
        )
    return notes


@dataclass(frozen=True)
class DecisionState:
    """One recorded decision and whether it stands: ``state`` is ``stands``, ``exception``
    (stands at its place; a standing batch-wide decision ``by`` holds every other place),
    ``superseded`` (by the later decision ``by``), ``undone``, ``stale`` (not applied by the
    last run, ``why``) or ``forgotten`` (stands at its
    place; a ``forget`` record withdrew what it taught)."""

    decision: Decision
    state: str
    by: Decision | None = None
    why: str = ""  # a stale decision: why the last run could not apply it

    def line(self) -> str:
        """``<decision id>\t<document>/<correction>\t<scope>\t<state>\t<what>``, where state
        names the other decision (``superseded by <id>``, ``stands (exception to <id>)``)."""
        d = self.decision
        state = {
            "superseded": f"superseded by {self.by.id if self.by else 'a later decision'}",
            "exception": f"stands (exception to {self.by.id if self.by else ''})",
            "forgotten": "stands (forgotten: teaches nothing)",
            "stale": f"stale, not applied ({self.why})",
        }.get(self.state, self.state)
        return f"{d.id}\t{_where(d)}\t{d.scope.value}\t{state}\t{describe(d)}"


def decision_states(
    store: ReviewStore, document: str | None = None, stale: dict[str, str] | None = None
) -> list[DecisionState]:
    """Every decision in ``store`` (undo and forget records aside) about ``document`` (None:
    all; a batch-wide decision is about every document), in time order, with whether it stands
    and, when not, which decision superseded it. ``stale`` maps the ids of decisions the last
    run could not apply (``Reviewed.stale``: the scan changed under a transcription, the word
    is gone) to why; they are listed ``stale``. Raises what the store raises."""
    records = store.all_records()
    undone = {d.undoes for d in records if d.action is Action.UNDO}
    withdrawn = forgotten(records)  # stand at their place, teach nothing
    gone = overridden(records)
    stands = {d.id for d in store.all_standing()}
    standing = [d for d in records if d.id in stands]
    by_log: dict[tuple[str, str], list[Decision]] = {}
    for d in records:
        key = (d.scope.value, d.document if d.scope is Scope.THIS else "")
        by_log.setdefault(key, []).append(d)
    in_log = {d.id for decisions in by_log.values() for d in effective(decisions)}
    out = []
    for d in sorted(records, key=lambda r: r.time):
        if d.action in (Action.UNDO, Action.FORGET):
            continue
        if document is not None and d.scope is Scope.THIS and d.document != document:
            continue
        if d.id in undone:
            out.append(DecisionState(d, "undone"))
        elif d.id in gone or d.id not in in_log:
            later = [r for r in records if d.id in r.supersedes and r.id not in undone]
            if not later:  # an older foia-clean named nothing: the next decision on its place
                later = [
                    r
                    for r in records
                    if r.action not in (Action.UNDO, Action.FORGET)
                    and r.time > d.time
                    and covers(r, d)
                ]
            out.append(DecisionState(d, "superseded", later[-1] if later else None))
        elif (b := exception_to(d, standing)) is not None and b.time < d.time:
            out.append(DecisionState(d, "exception", b))
        elif stale and d.id in stale:
            out.append(DecisionState(d, "stale", why=stale[d.id]))
        else:
            out.append(DecisionState(d, "forgotten" if d.id in withdrawn else "stands"))
    return out
