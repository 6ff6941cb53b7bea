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
a standing revert: every rule is listed and can be forgotten. Reads only.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.fileio import read_jsonl_objects
from pipeline.review.decisions import Decision, Scope, describe
from pipeline.review.learning import lexicon_keys, rule_lines
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


@dataclass(frozen=True)
class Rule:
    """One rule a standing decision made: the decision, the lexicon lines it added, its scope
    and the places it decides now (``applied``: document name -> places, from the batch's
    ``corrections.jsonl``)."""

    decision: Decision
    lines: tuple[str, ...]
    scope: str
    applied: dict[str, int]

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
    for d in store.teaching():
        lines = rule_lines(d, have)  # a decision whose line an earlier one wrote counts too
        if d.scope is Scope.BATCH:
            rules.append(Rule(d, lines, BATCH_SCOPE, dict(by_decision.get(d.id, {}))))
        elif d.reverts and " " not in d.original.strip():
            rules.append(Rule(d, lines, REVERT_SCOPE, dict(by_decision.get(d.id, {}))))
        elif lines:
            applied = Counter(by_form.get(d.original.casefold(), {}))
            applied.update(by_decision.get(d.id, {}))
            scope = CONTEXT_SCOPE if d.changes else LEXICON_SCOPE
            rules.append(Rule(d, lines, scope, dict(applied)))
    rules.sort(key=lambda r: r.decision.time, reverse=True)
    return rules
