"""Applying the standing decisions to one document's correction records: pure, no files.

This is what a run calls for every corrected document (``resolve``), and what the review tools
call before showing or writing anything (``apply_decisions`` reads the store first).

**Finding the word again.** A decision matches the new records by correction id, then by the
most similar context among records of the same word, then by looking for the word near that
context in the text itself (a rejected word the user lexicon now protects has no record any
more: the decision gets a record of its own, so ``corrections.jsonl`` keeps every rejection with
its decision). A decision that finds no word is *stale*: reported, never dropped silently.

**Precedence.** A decision on this place, then a batch-wide decision on this word, then a
revert of the same automatic change at a place with like neighbouring words (the word is kept
as read: ``Learned.keeper``), then the user lexicon (a confirmed correction before a confirmed
word, as in the correct stage). A
confirmed correction taught by decisions on single places holds only where the neighbouring
words are like theirs (``Learned.applies``); elsewhere the word is proposed again, never
changed on another place's say-so. Until the
next run, the user lexicon resolves proposals the way the correct stage will, so a session does
not ask about a word it has just learned.

**A typed line over applied words.** A line item can hold words the run changed on its own: they
stay applied (and in ``clean.txt``) until a person types the line; then the typed line replaces
the whole span and the word records inside it keep their own decisions, marked in their
``review`` object with ``covered_by`` (the line's id): ``apply_corrections`` leaves them out,
and an audit of the automatic changes no longer lists them. A decision on a line found again
by its text (not its id) lands on the same span only when no record reaches across its edges;
otherwise it is stale, and says so.

**Invariant.** ``Reviewed.text == apply_corrections(stripped, Reviewed.corrections, CHANGED)``;
records a decision changed carry a ``review`` object (``Reviewed.reviews``) from which the record
as the correct stage made it can be recovered (``outputs.pristine``).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from pipeline.core.enums import CorrectionDecision, CorrectionKind
from pipeline.core.results import Correction, CorrectResult
from pipeline.core.text import core_words, recase
from pipeline.review.decisions import CHANGED, Decision, Scope, place
from pipeline.review.store import BATCH_LOG, NOTHING_LEARNED, USER_LEXICON, Learned, ReviewStore
from pipeline.review.transcribe import FlaggedPage, apply_transcriptions
from pipeline.stages.correct import CorrectConfig, apply_corrections
from pipeline.stages.correct.records import covered

log = logging.getLogger(__name__)

APPLIED = CorrectionDecision.APPLIED
PROPOSED = CorrectionDecision.PROPOSED
REJECTED = CorrectionDecision.REJECTED

#: Lowest rapidfuzz ratio (0-100) between a decision's context and a record's for them to be
#: the same place. One neighbour re-read differently scores ~85; two different sentences with
#: the same word score under 60.
CONTEXT_MIN_SIMILARITY = 75.0
#: Words kept on each side of a word in a context (the correct stage's setting).
CONTEXT_WORDS = CorrectConfig().context_words
#: ``review.action`` of a record the user lexicon resolved (no person's decision on it).
BY_LEXICON = "lexicon"
#: ``review.action`` of a record kept as read because a reviewer reverted the same automatic
#: change at a place with like neighbouring words (``Learned.keeper``; ``decision`` names it).
BY_REVERT = "like-revert"
#: The ``review.action``s that a rule set, not a person's decision on this place.
BY_RULE = (BY_LEXICON, BY_REVERT)
#: The start of a left word's id (``review.left``): a decision on a word correction left alone.
LEFT_PREFIX = "left-"


@dataclass(frozen=True)
class Stale:
    """A decision whose word is no longer in the document (re-OCR read it differently)."""

    decision: Decision
    why: str

    def to_dict(self) -> dict[str, Any]:
        """For ``metadata.json`` ``review.stale``."""
        d = self.decision
        return {
            "decision": d.id,
            "correction": d.correction,
            "original": d.original,
            "context": d.context,
            "action": d.action.value,
            "replacement": d.replacement,
            "why": self.why,
        }


@dataclass(frozen=True)
class Reviewed:
    """A document's corrections with every standing decision applied."""

    text: str  # the stripped text with the CHANGED records applied: clean.txt
    corrections: tuple[Correction, ...]  # decisions set: applied/proposed/accepted/edited/rejected
    #: Correction id -> what review did to it (written as the record's ``review`` field).
    reviews: Mapping[str, Mapping[str, Any]]
    pending: tuple[Correction, ...]  # proposals nobody decided yet
    stale: tuple[Stale, ...]
    #: The pages flagged for manual transcription, with their pixels' digests
    #: (``transcribe.FlaggedPage``): what a transcription is checked against.
    flagged: tuple[FlaggedPage, ...] = ()

    def records(self) -> list[dict[str, Any]]:
        """The lines of ``corrections.jsonl``: each record's dict, with ``review`` where set."""
        out = []
        for c in self.corrections:
            d = c.to_dict()
            if c.id in self.reviews:
                d["review"] = dict(self.reviews[c.id])
            out.append(d)
        return out

    def audited(self, c: Correction) -> bool:
        """Did a person decide ``c`` (one of ``corrections``) where it had been changed
        automatically: confirmed, reverted or corrected in an audit?"""
        return bool(self.reviews.get(c.id, {}).get("applied"))

    def automatic(self) -> list[Correction]:
        """The automatic changes, as an audit sees them: records in ``clean.txt`` on the
        machine's say-so (``applied``, no person's decision on them) and those a person has
        audited (``audited``), in text order. A record a rule resolved is in neither, nor is
        one inside a line a person typed (``covered_by``: the typed line replaced it)."""
        return [
            c
            for c in self.corrections
            if (c.decision == APPLIED or self.audited(c))
            and "covered_by" not in self.reviews.get(c.id, {})
        ]

    def summary(self, document: str) -> dict[str, Any]:
        """For ``metadata.json`` (``review``): counts and stale decisions; no timestamps.

        ``automatic`` counts the audit of the changes the run made on its own: ``changes``
        (all of them, ``automatic()``), ``audited`` (a person decided), of which
        ``confirmed``, ``reverted`` (original back) and ``corrected`` (another word typed or
        chosen); ``not_audited`` (still applied, unchecked); ``kept_like_reverted`` (kept as
        read at a place like one where a reviewer reverted the change); only when there are
        any, ``covered_by_typed_lines``: changes inside a line a person typed (no longer in
        the text, left out of the other counts). Only when OCR flagged
        a page for manual transcription: ``transcribed_pages`` counts the pages typed by hand
        that apply (not counted as ``edited``), ``flagged_pages`` lists each flagged page with
        the sha256 of its pixels and the decision whose transcription applies there (or
        null)."""
        counts = Counter(c.decision for c in self.corrections if c.kind is not CorrectionKind.PAGE)
        actions = Counter(r.get("action") for r in self.reviews.values())
        audit = Counter(
            REJECTED if c.decision == REJECTED else str(self.reviews[c.id]["action"])
            for c in self.corrections
            if self.audited(c)
        )
        audited = sum(audit.values())
        covered = sum(
            c.decision == APPLIED and "covered_by" in self.reviews.get(c.id, {})
            for c in self.corrections
        )
        summary = {
            "log": f"{document}.jsonl",
            "accepted": counts[CorrectionDecision.ACCEPTED],
            "edited": counts[CorrectionDecision.EDITED],
            "rejected": counts[REJECTED],
            "resolved_by_user_lexicon": actions[BY_LEXICON],
            "pending": len(self.pending),
            "automatic": {
                "changes": counts[APPLIED] - covered + audited,
                "audited": audited,
                "confirmed": audit["confirm"],
                "reverted": audit[REJECTED],
                "corrected": audited - audit["confirm"] - audit[REJECTED],
                "not_audited": counts[APPLIED] - covered,
                "kept_like_reverted": actions[BY_REVERT],
            },
            "stale": [s.to_dict() for s in self.stale],
        }
        if covered:  # only then: the bytes of a review with no such line stay as they were
            summary["automatic"]["covered_by_typed_lines"] = covered
        if self.flagged:  # only then: a batch with no flagged page keeps its bytes
            typed = sum(c.kind is CorrectionKind.PAGE for c in self.corrections)
            summary["transcribed_pages"] = typed
            summary["flagged_pages"] = [
                {**p.to_dict(), "transcribed": self.reviews.get(p.id, {}).get("decision")}
                for p in self.flagged
            ]
        return summary

    def transcribed(self, page: int) -> Correction | None:
        """The record of page ``page``'s transcription when one applies, else None."""
        return next(
            (c for c in self.corrections if c.kind is CorrectionKind.PAGE and c.page == page), None
        )


def apply_decisions(
    doc_name: str,
    stripped_text: str,
    correct_result: CorrectResult,
    store: ReviewStore,
    flagged: Sequence[FlaggedPage] = (),
) -> Reviewed:
    """Apply the reviews kept in ``store`` to one document's correct-stage result.

    ``correct_result.corrections`` must be the records as the correct stage made them (spans in
    ``stripped_text``); ``flagged`` the pages flagged for manual transcription, with their
    digests. Reads the document's log, the batch log and the user lexicon; raises
    ``ReviewLogError`` or ``DictionaryError`` (file:line) when one of them is unreadable.
    """
    return resolve(
        doc_name,
        stripped_text,
        correct_result.corrections,
        store.standing(doc_name),
        store.standing_batch(),
        store.learned(),
        flagged,
    )


def resolve(
    doc_name: str,
    stripped: str,
    corrections: Sequence[Correction],
    decisions: Sequence[Decision],
    batch: Sequence[Decision] = (),
    learned: Learned = NOTHING_LEARNED,
    flagged: Sequence[FlaggedPage] = (),
) -> Reviewed:
    """``apply_decisions`` without the store: standing decisions in, reviewed records out.

    ``stripped`` is the document's stripped text; ``corrections`` the correct stage's records
    for it (character spans in ``stripped``); ``decisions`` the document's standing decisions
    (``store.standing(doc_name)``), ``batch`` the batch-wide ones
    (``store.standing_batch()``), ``learned`` the user lexicon (``store.learned()``);
    ``flagged`` the pages flagged for manual transcription, with their pixels' digests (a
    transcription applies only while its page's digest is the one it was typed from).
    Pure: reads and writes nothing.
    """
    pages = [d for d in decisions if d.transcription]
    decisions = [d for d in decisions if not d.transcription]
    records = list(corrections)
    chosen: dict[int, tuple[Decision, str | None]] = {}  # record index -> (decision, replacement)

    # 1. By correction id: the latest decision on each place stands (``decisions.place``: a
    # decision on an id a later run gave another word is still looked for by its context).
    latest: dict[tuple[str, ...], Decision] = {}
    for d in decisions:
        latest.pop(place(d), None)  # keep log order of the latest
        latest[place(d)] = d
    index = {c.id: i for i, c in enumerate(records)}
    unplaced: list[Decision] = []
    for d in latest.values():
        i = index.get(d.correction)
        if i is not None and records[i].original.casefold() == d.original.casefold():
            chosen[i] = (d, _replacement_for(d, records[i].original))
        else:
            unplaced.append(d)

    # 2. By context among records of the same word; 3. in the text; else stale.
    extra: list[Correction] = []
    reviews: dict[str, dict[str, Any]] = {}
    stale: list[Stale] = []
    for d in unplaced:
        free = [
            i
            for i, c in enumerate(records)
            if i not in chosen and c.original.casefold() == d.original.casefold()
        ]
        best = _best_by_context(d, [(i, records[i].context) for i in free])
        if best is not None:
            chosen[best] = (d, _replacement_for(d, records[best].original))
            continue
        # A line's words may hold records (applied changes the line keeps): only another line,
        # or a record reaching across the line's edge, takes its place.
        taken = [(c.start, c.end) for c in [*records, *extra] if c.is_line or not d.line]
        found = _find_in_text(stripped, d, taken)
        if found is None:
            stale.append(Stale(d, f"'{d.original}' is no longer in the text near '{d.context}'"))
            continue
        across = [c for c in records if _crosses(c, found[0], found[1])] if d.line else []
        if across:
            why = (
                f"the line '{d.original}' is in the text, but the record of "
                f"'{across[0].original}' reaches across its edge"
            )
            stale.append(Stale(d, why))
            continue
        start, end, context = found
        record = _synthetic(stripped, d, start, end, context, taken_ids=set(index))
        extra.append(record)
        reviews[record.id] = _review_of(d, record, synthetic=True)

    # 4. Batch-wide decisions, by word; 5. the user lexicon.
    rules: dict[str, Decision] = {}
    for d in batch:
        rules.pop(d.original.casefold(), None)
        rules[d.original.casefold()] = d
    # A batch-wide decision made on this document keeps its record here even when the next
    # run no longer proposes the word (a rejected word the user lexicon now protects).
    forms = {c.original.casefold() for c in records}
    for d in rules.values():
        if d.document != doc_name or d.original.casefold() in forms:
            continue
        taken = [(c.start, c.end) for c in records] + [(c.start, c.end) for c in extra]
        found = _find_in_text(stripped, d, taken)
        if found is not None:
            record = _synthetic(stripped, d, *found, taken_ids=set(index))
            extra.append(record)
            reviews[record.id] = _review_of(d, record, synthetic=True)
    out: list[Correction] = []
    for i, c in enumerate(records):
        decided = chosen.get(i)
        if decided is None and not c.is_line and c.original.casefold() in rules:
            rule = rules[c.original.casefold()]
            decided = (rule, _replacement_for(rule, c.original))
        if decided is not None:
            d, repl = decided
            new = dataclasses.replace(c, decision=d.outcome, replacement=repl or c.replacement)
            reviews[c.id] = _review_of(d, c)
            out.append(new)
            continue
        # A line to transcribe is a person's to type: the user lexicon does not decide it.
        out.append(c if c.is_line else _by_lexicon(c, learned, reviews))
    out.extend(extra)
    typed = apply_transcriptions(stripped, pages, flagged, [(c.start, c.end) for c in out])
    out.extend(typed.records)
    reviews.update({k: dict(v) for k, v in typed.reviews.items()})
    stale.extend(Stale(d, why) for d, why in typed.stale)
    out.sort(key=lambda c: c.start)
    over = covered(out, CHANGED)  # words inside a line a person typed: nothing to ask there
    for word, line in over.items():
        old = next(c for c in out if c.id == word)
        reviews[word] = {
            **reviews.get(word, {"was": old.decision, "proposed": old.replacement}),
            "covered_by": line,
        }
    text = apply_corrections(stripped, out, CHANGED)
    pending = tuple(c for c in out if c.decision == PROPOSED and c.id not in over)
    return Reviewed(text, tuple(out), reviews, pending, tuple(stale), tuple(flagged))


def _crosses(c: Correction, start: int, end: int) -> bool:
    """Does ``c``'s span reach across an edge of ``start:end`` (overlap, not inside it)?"""
    return c.start < end and start < c.end and not (start <= c.start and c.end <= end)


def _replacement_for(d: Decision, original: str) -> str | None:
    if d.replacement is None:
        return None
    return d.replacement if original == d.original or d.line else recase(d.replacement, original)


def _review_of(d: Decision, c: Correction, *, synthetic: bool = False) -> dict[str, Any]:
    review: dict[str, Any] = {
        "action": d.action.value,
        "decision": d.id,
        "scope": d.scope.value,
        "log": BATCH_LOG if d.scope is Scope.BATCH else f"{d.document}.jsonl",
        "was": c.decision,
        "proposed": c.replacement,
    }
    if d.candidate is not None:
        review["candidate"] = d.candidate
    if d.applied:
        review["applied"] = True  # an audit of a change the run made on its own
    if synthetic:
        review["synthetic"] = True  # no correct-stage record: made from the decision
    return review


def _by_lexicon(c: Correction, learned: Learned, reviews: dict[str, dict[str, Any]]) -> Correction:
    """What the next run's correct stage will do with this word, given the user lexicon.

    A record this changes gets ``learned`` as the correct stage would set it; its ``review``
    object keeps ``learned: true`` when the correct stage's record had it, so that
    ``outputs.pristine`` can give the record back as it was.
    """
    right = learned.correction_for(c.original)
    base: dict[str, Any] = {
        "action": BY_LEXICON,
        "log": USER_LEXICON,
        "was": c.decision,
        "proposed": c.replacement,
    }
    if c.learned:
        base["learned"] = True
    keeper = learned.keeper(c.original, c.context)
    if keeper is not None and c.decision in (APPLIED, PROPOSED):
        # A reviewer reverted this change at a place like this one: kept as read here too,
        # before any confirmed correction (the conservative reading of two rules that meet).
        reviews[c.id] = {**base, "action": BY_REVERT, "decision": keeper, "reason": c.reason}
        del reviews[c.id]["log"]
        note = (
            f"; kept as read: a reviewer reverted this change at a place with like "
            f"neighbouring words (decision {keeper})"
        )
        return dataclasses.replace(c, decision=REJECTED, learned=False, reason=c.reason + note)
    if right is not None and not learned.applies(c.original, c.context):
        # Taught at places unlike this one: a person decides here (issue: ``Alber`` → Albert
        # is right in one memo and wrong in the next).
        if c.decision == APPLIED and c.learned:
            note = "; learned at places with other neighbouring words: asked again"
            return _reopened(c, base, reviews, c.reason + note)
        return c
    if right is not None:
        repl = recase(right, c.original)
        if c.decision == APPLIED and c.replacement == repl:
            return c  # the correct stage already applied it
        reason = f"{c.original} → {repl}: confirmed correction in the user lexicon"
        reviews[c.id] = {**base, "reason": c.reason}
        return dataclasses.replace(
            c, decision=APPLIED, replacement=repl, reason=reason, learned=True
        )
    if learned.protects(c.original) and c.decision in (APPLIED, PROPOSED):
        reviews[c.id] = base
        return dataclasses.replace(c, decision=REJECTED, learned=False)
    if c.decision == APPLIED and c.learned:
        # Applied only because the user lexicon said so, and it no longer does (the decision
        # that taught it was undone, or this is another reviews folder): a person decides again.
        note = "; the user lexicon no longer confirms it: asked again"
        return _reopened(c, base, reviews, c.reason + note)
    return c


def _reopened(
    c: Correction, base: dict[str, Any], reviews: dict[str, dict[str, Any]], reason: str
) -> Correction:
    """``c``, a record the user lexicon applied in the run (``learned``), proposed again.

    Its candidate's probability (1.0) was the lexicon's, not the correct stage's, which the
    run never computed for this word: the proposal gets 0 (none; the queue shows it last,
    ``queue.Item.likelihood``) until the next run reads the word again. ``review`` keeps the
    record's own candidates and reason for ``outputs.pristine``."""
    reviews[c.id] = {**base, "reason": c.reason, "candidates": [list(x) for x in c.candidates]}
    unscored = tuple((text, 0.0) for text, _ in c.candidates)
    return dataclasses.replace(
        c, decision=PROPOSED, learned=False, candidates=unscored, reason=reason
    )


def _best_by_context(d: Decision, options: Sequence[tuple[int, str]]) -> int | None:
    best, best_score = None, CONTEXT_MIN_SIMILARITY
    target = d.context.casefold()
    for i, context in options:
        score = fuzz.ratio(target, context.casefold())
        if score >= best_score:
            best, best_score = i, score
    return best


def _find_in_text(
    text: str, d: Decision, taken: Sequence[tuple[int, int]]
) -> tuple[int, int, str] | None:
    """The place of ``d.original`` in ``text`` whose neighbours best match ``d.context``."""
    pattern = re.compile(r"(?<![\w])" + re.escape(d.original) + r"(?![\w])")
    best: tuple[int, int, str] | None = None
    best_score = CONTEXT_MIN_SIMILARITY
    target = d.context.casefold()
    for m in pattern.finditer(text):
        if any(m.start() < end and start < m.end() for start, end in taken):
            continue
        context = text_context(text, m.start(), m.end())
        score = fuzz.ratio(target, context.casefold())
        if score >= best_score:
            best, best_score = (m.start(), m.end(), context), score
    return best


def text_context(text: str, start: int, end: int, words: int = CONTEXT_WORDS) -> str:
    """The word at ``start:end`` (character offsets in ``text``) with ``words`` neighbours each
    side, punctuation stripped (the shape of ``Correction.context``).

    >>> text_context("He said: (tbe) meeting, was short.", 10, 13, words=2)
    'He said tbe meeting was'
    """
    before = core_words(text[max(0, start - 200) : start])
    after = core_words(text[end : end + 200])
    before = before[-words:] if words else []
    after = after[:words]
    return " ".join([*before, text[start:end], *after])


def _synthetic(
    text: str, d: Decision, start: int, end: int, context: str, taken_ids: set[str]
) -> Correction:
    """A record for a decision whose word is in the text but no longer proposed.

    Its line and box are those the decision kept (``Decision.page_line``, ``bbox``) when the
    word is found on the decision's page; otherwise (a log of before session 29, or the word
    found on another page) its line is counted in ``text`` and it has no box."""
    if "\f" in text:
        page = text.count("\f", 0, start) + 1
        line = text.count("\n", text.rfind("\f", 0, start) + 1, start)
    else:
        page = d.page or 1
        line = text.count("\n", 0, start)
    bbox = None
    if d.page_line is not None and page == (d.page or 1):
        line, bbox = d.page_line, d.bbox
    repl = _replacement_for(d, text[start:end]) or text[start:end]
    if d.line:
        did = "typed" if d.changes else "kept"
        reason = f"{d.original}: a line a reviewer {did} (no longer proposed)"
    elif d.correction.startswith(LEFT_PREFIX):
        did = f" → {repl}: changed" if d.changes else ": kept"
        reason = f"{d.original}{did} by a reviewer (a word correction had left alone)"
    elif d.changes:
        reason = f"{d.original} → {repl}: a reviewer's decision (no longer proposed)"
    else:  # kept: the record stays, so corrections.jsonl still says what was decided
        reason = f"{d.original}: kept by a reviewer (a confirmed word, no longer proposed)"
    rid = d.correction if d.correction not in taken_ids else f"{d.correction}-{d.id[:6]}"
    return Correction(
        id=rid,
        page=page,
        line=line,
        start=start,
        end=end,
        bbox=bbox,
        original=text[start:end],
        replacement=repl,
        candidates=() if d.line else ((repl, 1.0),),
        decision=d.outcome,
        reason=reason,
        conf=None,
        context=context,
        kind=CorrectionKind.LINE if d.line else CorrectionKind.WORD,
    )
