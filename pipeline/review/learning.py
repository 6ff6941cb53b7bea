"""Recording a decision, and what it teaches the user lexicon (and unlearning it on undo).

A rejection means the original is a real word: it is added to the user lexicon
(``add_user_words``), which protects it in every document from the next run on. An accepted,
chosen or edited change becomes a confirmed correction (``add_user_correction``), which the
correct stage then applies automatically everywhere (a record with ``learned`` set). Multi-word
originals (a proposed merge) teach nothing: a rejected merge says nothing about the words on
their own; nor does a "transcribe by hand" line item (typed or kept, ``Decision.line``).

An audit of a change the run applied on its own (``Decision.applied``) teaches differently:
``confirm`` teaches nothing (it holds its own place); a *revert* (reject) writes no lexicon
line, because the word the machine changed is often not a word either (``SLATEDY``): the
decision itself is a scoped rule, read by ``ReviewStore.learned`` (``Learned.keeper``), which
keeps the word as read at places whose neighbouring words are like the reverted place's, as a
learned correction is scoped. An edit or a candidate chosen there teaches the correction as
on a proposal.
A new decision on a place already decided (``decisions.place``) supersedes the old one: the
old one stays in the log, but its lexicon lines go (unless a standing decision implies them),
as an undo's would, so only the reviewer's latest word teaches (``record_decision``); undoing
the new one lets the old one stand again, with its lines. The same holds across the two logs
(``decisions.covers``): a batch-wide decision supersedes the decisions on single places of its
word, and a decision on the place a batch-wide decision was made supersedes that; a decision on
one place elsewhere is an exception to the batch-wide rule and teaches nothing. Undoing a
decision removes the lexicon lines that decision added, unless another standing decision also
implies them; forgetting a rule (``forget``) removes its lines and
withdraws every standing decision that implies them, so no decision is left to put them back.

The decision record is on disk before the user lexicon is touched: the decision is the person's
work, a lexicon line can be derived from it again. Both writes hold the reviews lock. The file
format of the lexicon belongs to ``pipeline.lexicon``; this module only calls it.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from pipeline.core.results import Correction
from pipeline.lexicon.format import (
    add_user_correction,
    add_user_words,
    correction_problem,
    form_problem,
    read_user_lexicon,
    remove_user_lines,
)
from pipeline.review.decisions import (
    Action,
    Decision,
    Scope,
    covers,
    new_decision_id,
    now,
    place,
    superseded,
)
from pipeline.review.store import ReviewStore

log = logging.getLogger(__name__)


def record_decision(
    store: ReviewStore,
    document: str,
    correction: Correction,
    action: Action,
    *,
    replacement: str | None = None,
    candidate: int | None = None,
    scope: Scope = Scope.THIS,
    source_sha256: str | None = None,
    applied: bool = False,
) -> Decision:
    """Record a decision on ``correction`` (a record as the correct stage made it) and learn.

    ``applied``: ``correction`` is a change the run made on its own, audited (``confirm``
    keeps it; ``reject`` reverts it); such a decision holds for its own place only.

    ``accept`` takes the proposal's best candidate; ``candidate`` takes candidate ``candidate``
    (1-based); ``edit`` takes ``replacement`` (an edit equal to a candidate is recorded as that
    candidate, one equal to the original as a rejection). A standing decision it covers
    (``decisions.covers``: the same place; with ``scope`` batch, every decision on one place of
    the word; on the place a batch-wide decision was made, that one) is superseded: it stays in
    the log, named in the new decision's ``supersedes``, and the lexicon lines it added go
    unless a standing decision implies them. A decision on one place elsewhere under a standing
    batch-wide decision on its word is an exception to it (``exception_to``): it holds its own
    place and teaches nothing.
    Returns the decision as logged (its ``learned`` lines are the ones it added). Raises
    ``ValueError`` on a bad choice, ``OutputBusyError`` if the reviews lock cannot be had,
    ``DictionaryError`` for a malformed user lexicon and ``ReviewLogError`` for a log of a
    newer foia-clean (both before anything is recorded).
    """
    if action in (Action.UNDO, Action.FORGET):
        raise ValueError("use undo_last() to undo, forget() to forget")
    if correction.is_line and action not in (Action.EDIT, Action.REJECT):
        raise ValueError("a line to transcribe by hand takes the typed line, or reject")
    if correction.is_line and scope is Scope.BATCH:
        raise ValueError("a line to transcribe by hand is decided for its own place only")
    if action is Action.CONFIRM and not applied:
        raise ValueError("confirm keeps a change the run applied; this one is a proposal")
    if applied and scope is Scope.BATCH:
        raise ValueError("an automatic change is audited place by place")
    names = [text for text, _ in correction.candidates]
    if action is Action.EDIT:
        tidy = _tidy_lines if correction.is_region else _tidy
        replacement = tidy(replacement or "")
        if not replacement:
            raise ValueError("an edit needs the replacement text")
        if replacement == tidy(correction.original):
            action, replacement = Action.REJECT, None  # the line (or word) as OCR read it
        elif replacement in names:
            action, candidate = Action.CANDIDATE, names.index(replacement) + 1
    if action in (Action.ACCEPT, Action.CONFIRM):
        replacement = correction.replacement
    elif action is Action.CANDIDATE:
        if candidate is None or not 1 <= candidate <= len(names):
            raise ValueError(f"there is no candidate {candidate} (1-{len(names)})")
        replacement = names[candidate - 1]
    elif action is Action.REJECT:
        replacement = None
    draft = Decision(
        id=new_decision_id(),
        document=document,
        correction=correction.id,
        original=correction.original,
        context=correction.context,
        action=action,
        replacement=replacement,
        candidate=candidate if action is Action.CANDIDATE else None,
        scope=scope,
        page=correction.page,
        source_sha256=source_sha256,
        time=now(),
        line=correction.is_line,
        applied=applied,
        page_line=correction.line,
        bbox=correction.bbox,
    )
    # Everything that could stop this decision is read before it is recorded: a malformed
    # user lexicon (``DictionaryError``) or a log of a newer foia-clean never leaves a
    # decision recorded and then an error.
    store.learned()
    store.read_batch() if scope is Scope.BATCH else store.read(document)
    with store.locked():
        standing = store.all_standing()
        before = [d for d in standing if covers(draft, d)]
        # A line the superseded decision added and this one implies is this one's now.
        theirs = {ln.casefold() for d in before for ln in d.learned}
        lines = [
            ln
            for ln in lexicon_lines(draft)
            if ln.casefold() in theirs or not _in_lexicon(store.lexicon_path, ln)
        ]
        if batch_rule(draft, standing) is not None:
            lines = []  # under a batch-wide rule: it holds its own place; the rule teaches
        decision = dataclasses.replace(
            draft, learned=tuple(lines), supersedes=tuple(d.id for d in before)
        )
        store.append(decision)
        _unlearn(store, before)
        _learn(store, decision)
    return decision


def batch_rule(d: Decision, standing: Sequence[Decision]) -> Decision | None:
    """The standing batch-wide decision on ``d``'s word that ``d``, a decision on one place
    made after it elsewhere, does not supersede (``decisions.covers``), or None: ``d`` holds
    its own place and teaches nothing, the batch-wide decision holds every other place.
    ``standing``: ``ReviewStore.all_standing()``."""
    if d.scope is not Scope.THIS or d.line:
        return None
    form = d.original.casefold()
    return next(
        (
            b
            for b in standing
            if b.scope is Scope.BATCH and b.original.casefold() == form and not covers(d, b)
        ),
        None,
    )


def exception_to(d: Decision, standing: Sequence[Decision]) -> Decision | None:
    """``batch_rule`` when ``d`` decides its place otherwise than the rule would (keeps what
    the rule changes, changes what it keeps, or puts another word there): an exception."""
    b = batch_rule(d, standing)
    if b is None:
        return None
    same = d.changes == b.changes and (
        not d.changes or (d.replacement or "").casefold() == (b.replacement or "").casefold()
    )
    return None if same else b


def lexicon_lines(decision: Decision) -> list[str]:
    """The user-lexicon lines a decision implies (none for what the lexicon cannot hold).

    >>> lexicon_lines(Decision("i", "doc", "c", "tbe", "", Action.ACCEPT, "the"))
    ['tbe -> the']
    >>> lexicon_lines(Decision("i", "doc", "c", "Raphel", "", Action.REJECT))
    ['Raphel']
    >>> lexicon_lines(Decision("i", "doc", "c", "negoti ations", "", Action.REJECT))
    []
    >>> lexicon_lines(Decision("i", "doc", "c", "tne", "", Action.REJECT, line=True))
    []
    >>> lexicon_lines(Decision("i", "doc", "c", "FROMA", "", Action.REJECT, applied=True))
    []
    """
    original = decision.original
    if decision.action is Action.CONFIRM or decision.reverts:
        return []  # an audit: its own place (a revert is a scoped rule of its own)
    if decision.line or not _lexicon_form_ok(original) or " " in original:
        # a transcribed line, a merge of two tokens, or characters a lexicon entry cannot have
        return []
    if decision.action is Action.REJECT:
        return [original]
    repl = decision.replacement
    if not decision.changes or repl is None or not _lexicon_form_ok(repl):
        return []
    if correction_problem(original, repl):
        return []  # e.g. a case-only change: the lexicon refuses ``x -> X``
    return [f"{original} -> {repl}"]


def _lexicon_form_ok(form: str) -> bool:
    # The lexicon's own rules, so a decision never implies a line the parser would refuse.
    return form_problem(form.strip()) is None


def _lexicon_keys(path: Path) -> set[str]:
    # One parser: the lexicon's own (pipeline.lexicon.format).
    return {ln.casefold() for ln in read_user_lexicon(path).lines}


def _in_lexicon(path: Path, line: str) -> bool:
    return line.casefold() in _lexicon_keys(path)


def _learn(store: ReviewStore, decision: Decision) -> None:
    path = store.lexicon_path
    try:
        with store.locked():
            if decision.action is Action.REJECT:
                if decision.learned:
                    add_user_words(path, decision.learned)
            else:
                for line in decision.learned:
                    wrong, _, right = line.partition(" -> ")
                    add_user_correction(path, wrong, right)
    except ValueError as exc:  # defensive: lexicon_lines already refuses what it cannot hold
        log.warning("not learned from decision %s: %s", decision.id, exc)


def last_decision(store: ReviewStore, document: str) -> Decision | None:
    """The latest standing decision made on ``document`` (its own log and the batch log),
    by decision time, or None."""
    own = store.standing(document)
    batch = [d for d in store.standing_batch() if d.document == document]
    standing = [(d, 0, i) for i, d in enumerate(own)] + [(d, 1, i) for i, d in enumerate(batch)]
    if not standing:
        return None

    def key(item: tuple[Decision, int, int]) -> tuple[datetime, int, int]:
        d, which, index = item
        return (d.when or datetime.min.astimezone(), which, index)

    return max(standing, key=key)[0]


def undo_last(store: ReviewStore, document: str) -> Decision | None:
    """Cancel the latest standing decision on ``document``; returns the decision undone (None
    when there is none).

    The undo is a new record in the same log. Lexicon lines the decision added are removed
    unless another standing decision implies them too. Raises ``OutputBusyError`` if the reviews
    lock cannot be had.
    """
    if last_decision(store, document) is None:
        return None  # checked before locking: never create a reviews folder to say so
    with store.locked():
        target = last_decision(store, document)
        if target is None:
            return None
        _withdraw(store, target, Action.UNDO)
    return target


def standing_at(store: ReviewStore, d: Decision) -> Decision | None:
    """The standing decision on ``d``'s place (``decisions.place``) now, or None: after an undo
    of ``d``, the decision it had superseded, which stands again (of another scope: one that
    ``d`` names in its ``supersedes``)."""
    standing = store.all_standing()
    return next((s for s in standing if place(s) == place(d)), None) or next(
        (s for s in standing if s.id in d.supersedes), None
    )


def forget(store: ReviewStore, decision_id: str) -> list[Decision]:
    """Take back the rule the standing decision ``decision_id`` stands behind: its lexicon lines
    go, and so does every other standing decision that implies one of them (two accepts of
    ``tbe`` in two places both teach ``tbe -> the``; leaving one would keep the line, or put it
    back). Returns the decisions withdrawn, ``decision_id``'s first.

    A decision on one place keeps standing for that place (a ``forget`` record names it); a
    batch-wide decision is a rule by nature, so forgetting it undoes it. Raises ``ValueError``
    when no standing decision has that id, or when it taught nothing (no lexicon line, not
    batch-wide, no revert: a typed line, an audit's keep; nothing is recorded),
    ``OutputBusyError`` if the reviews lock cannot be had.
    """
    with store.locked():
        teaching = store.teaching()
        target = next((d for d in teaching if d.id == decision_id), None)
        if target is None:
            raise ValueError(f"no standing decision {decision_id!r} that taught anything")
        lines = [*target.learned, *lexicon_lines(target)]
        rule = target.scope is Scope.BATCH or (
            target.reverts and " " not in target.original.strip()
        )
        if not lines and not rule:  # a typed line, an audit's keep: its own place only
            raise ValueError(
                f"decision {decision_id!r} taught nothing: it decides its own place only "
                "(a new decision there changes it)"
            )
        keys = {ln.casefold() for ln in lines}
        withdrawn = [target] + [
            d
            for d in teaching
            if d.id != target.id
            and keys & {ln.casefold() for ln in (*d.learned, *lexicon_lines(d))}
        ]
        for d in withdrawn:
            append_withdrawal(store, d, Action.UNDO if d.scope is Scope.BATCH else Action.FORGET)
        # An undone batch-wide decision lets the one it superseded stand again: one behind a
        # line forgotten here goes too (else it would put the line back); another teaches again.
        undone = {i for d in withdrawn if d.scope is Scope.BATCH for i in d.supersedes}
        for d in store.teaching():
            if d.id in undone and keys & {ln.casefold() for ln in (*d.learned, *lexicon_lines(d))}:
                append_withdrawal(store, d, Action.UNDO)
                withdrawn.append(d)
        remove_user_lines(store.lexicon_path, _unique(lines))
        _relearn(store, undone)
    return withdrawn


def rule_lines(decision: Decision, have: set[str]) -> tuple[str, ...]:
    """The lexicon lines a standing decision stands behind: those it added (``learned``) and
    those it implies that the lexicon holds (``have``: its lines, casefolded), added by an
    earlier decision or by hand. A rule is listed while any decision stands behind its line,
    and ``forget`` takes the line and all of them back together."""
    implied = [ln for ln in lexicon_lines(decision) if ln.casefold() in have]
    return tuple(_unique([*decision.learned, *implied]))


def lexicon_keys(store: ReviewStore) -> set[str]:
    """The lines of the reviews folder's user lexicon, casefolded (``rule_lines``'s ``have``).
    Raises ``DictionaryError`` for a malformed lexicon."""
    return _lexicon_keys(store.lexicon_path)


def _unique(lines: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for ln in lines:
        if ln.casefold() not in seen:
            seen.add(ln.casefold())
            out.append(ln)
    return out


def append_withdrawal(store: ReviewStore, target: Decision, action: Action) -> None:
    """Append an undo or forget record naming ``target`` (a word decision or a page's
    transcription: the record is of the same kind). Call under the reviews lock."""
    store.append(
        Decision(
            id=new_decision_id(),
            document=target.document,
            correction=target.correction,
            original=target.original,
            context=target.context,
            action=action,
            scope=target.scope,
            undoes=target.id,
            page=target.page,
            source_sha256=target.source_sha256,
            time=now(),
            transcription=target.transcription,
        )
    )


def _withdraw(store: ReviewStore, target: Decision, action: Action) -> None:
    """Append an undo or forget record naming ``target`` and remove the lexicon lines it
    added that no other teaching decision implies (undo: the others keep standing behind
    them). A decision ``target`` superseded stands again and teaches its lines again.
    Call under the reviews lock."""
    append_withdrawal(store, target, action)
    _unlearn(store, [target])
    if action is Action.UNDO:
        _relearn(store, set(target.supersedes))


def _relearn(store: ReviewStore, ids: set[str]) -> None:
    """Write again the lexicon lines that the teaching decisions among ``ids`` (standing again:
    the decision that superseded them was undone) added and the lexicon lacks. Call under the
    reviews lock."""
    if not ids:
        return
    have = _lexicon_keys(store.lexicon_path)
    for d in store.teaching():
        missing = [ln for ln in d.learned if ln.casefold() not in have]
        if d.id in ids and missing:
            _learn(store, dataclasses.replace(d, learned=tuple(missing)))


def _unlearn(store: ReviewStore, gone: Sequence[Decision]) -> list[str]:
    """Remove the lexicon lines the decisions ``gone`` (no longer teaching: undone, forgotten
    or superseded) added that no teaching decision implies; returns the lines removed. Call
    under the reviews lock."""
    added = _unique([ln for d in gone for ln in d.learned])
    if not added:
        return []
    still = set()
    for d in store.teaching():
        still.update(ln.casefold() for ln in lexicon_lines(d))
    have = _lexicon_keys(store.lexicon_path)
    drop = [ln for ln in added if ln.casefold() not in still and ln.casefold() in have]
    remove_user_lines(store.lexicon_path, drop)
    return drop


def rederive(store: ReviewStore) -> list[str]:
    """Write back the user-lexicon lines that standing decisions learned and the lexicon lacks.

    A decision is on disk before its lexicon lines (``record_decision``): a review killed
    between the two keeps the decision, and this puts its lines back. Only lines a decision
    says it added (``Decision.learned``) are restored, so an entry that was already in the
    lexicon when the decision was made and later removed by hand stays removed; ``forget``
    (an undo) is the way to drop what a decision taught.

    It also takes out the lines of decisions an older foia-clean left teaching although a
    later decision on the same place superseded them (``Decision.supersedes`` does not name
    them): a reviewer's ``accept`` then ``reject`` of one place left both ``preace -> peace``
    and ``preace``. Reads without the lock and takes it only when something is to be done;
    returns the lines written. Raises ``DictionaryError`` for a malformed user lexicon,
    ``OutputBusyError`` if the reviews lock cannot be had.
    """
    if not store.root.is_dir():
        return []
    if _unsettled(store):
        with store.locked():
            for line in _unlearn(store, _unsettled(store)):
                log.warning(
                    "%s: removed '%s': a later decision on the same place superseded the one "
                    "that learned it",
                    store.lexicon_path,
                    line,
                )
    missing = _missing_lines(store)
    if not missing:
        return []
    with store.locked():
        written = []
        for d, line in _missing_lines(store):
            if _in_lexicon(store.lexicon_path, line):
                continue  # two decisions implying one line
            _learn(store, dataclasses.replace(d, learned=(line,)))
            written.append(line)
    for line in written:
        log.warning(
            "%s: restored '%s', learned by a decision (a review was cut short)",
            store.lexicon_path,
            line,
        )
    return written


def _unsettled(store: ReviewStore) -> list[Decision]:
    """Superseded decisions that no decision says it superseded (an older foia-clean kept them
    teaching) with a line still in the lexicon that no teaching decision implies."""
    records = store.all_records()
    settled = {i for d in records for i in d.supersedes}
    by_log: dict[tuple[str, str], list[Decision]] = {}
    for d in records:
        key = ("batch", "") if d.scope is Scope.BATCH else ("this", d.document)
        by_log.setdefault(key, []).append(d)
    have = _lexicon_keys(store.lexicon_path)
    have -= {ln.casefold() for d in store.teaching() for ln in lexicon_lines(d)}
    return [
        d
        for decisions in by_log.values()
        for d in superseded(decisions)
        if d.id not in settled and any(ln.casefold() in have for ln in d.learned)
    ]


def _missing_lines(store: ReviewStore) -> list[tuple[Decision, str]]:
    have = _lexicon_keys(store.lexicon_path)
    out = []
    for d in store.teaching():
        out.extend((d, line) for line in d.learned if line.casefold() not in have)
    return out


def _tidy(text: str) -> str:
    """Typed text on one line, single spaces."""
    return " ".join(text.split())


def _tidy_lines(text: str) -> str:
    r"""Typed text for a region of lines: single spaces in each line, its line breaks kept (a
    region's text runs over several lines of the page).

    >>> _tidy_lines("  one  two \n\nthree\t four\n")
    'one two\n\nthree four'
    """
    return "\n".join(_tidy(line) for line in text.strip().split("\n"))
