"""Review: people's decisions on proposed corrections, kept for good and re-applied on every run.

A reviewer accepts, rejects or edits the correct stage's proposals (``foia-clean review``). Each
decision is a ``Decision`` record appended to a plain-text log the moment it is made (one JSON
object a line, fsynced), in a reviews folder that no generated output lives in:

* ``<reviews>/<document>.jsonl``: decisions about one place in one document;
* ``<reviews>/_batch.jsonl``: batch-wide decisions (``A``/``R``: this change everywhere);
* ``<reviews>/lexicon.txt``: the user lexicon the correct stage reads (``pipeline.lexicon``).

Nothing is ever erased: an undo is itself a record naming the decision it cancels.

**Finding the word again.** A decision names the correction id it was made on, and also keeps
the word and its neighbours (``context``), because re-OCR may move the word or change a
neighbour (and with it the id). ``apply_decisions`` matches a decision to the new records by id,
then by the most similar context among records of the same word, then by looking for the word
near that context in the text itself (a rejected word the user lexicon now protects has no
record any more, and that is fine). A decision that finds no word is *stale*: reported, never
dropped silently.

**Learning.** A rejection means the original is a real word: it is added to the user lexicon
(``add_user_words``), which protects it in every document from the next run on. An accepted,
chosen or edited change becomes a confirmed correction (``add_user_correction``), which the
correct stage then applies automatically everywhere (shown as ``applied`` with the reason
"confirmed correction in the user lexicon"). Multi-word originals (a proposed merge) teach
nothing: a rejected merge says nothing about the words on their own. Undoing a decision removes
the lexicon lines that decision added, unless another standing decision also implies them.
Until the next run, ``apply_decisions`` resolves proposals the user lexicon now covers the way
the correct stage will, so a session does not ask about a word it has just learned.

**Outputs.** Records in ``corrections.jsonl`` that a decision changed carry a ``review`` object
(what was done, by which decision, and what the correct stage had said, so the state before review
can always be recovered). Decisions: ``applied`` (automatic), ``proposed`` (pending),
``accepted`` (a candidate the tool offered), ``edited`` (a replacement a person typed),
``rejected`` (the original kept). ``clean.txt`` is the stripped text with the ``CHANGED``
records applied, exactly. No timestamps go into outputs (only into the reviews log, which is a
person's work record), so re-runs still give identical bytes.

The core never prints; ``pipeline.cli.review`` is the terminal interface.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import logging
import os
import re
import secrets
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from pipeline import __version__
from pipeline.core.errors import DocumentError, UsageError
from pipeline.core.fileio import (
    dumps_json,
    output_lock,
    sha256_bytes,
    sha256_file,
    write_bytes_atomic,
    write_jsonl_atomic,
    write_text_atomic,
)
from pipeline.core.text import recase
from pipeline.lexicon.format import (
    add_user_correction,
    add_user_words,
    correction_problem,
    form_problem,
    read_user_lexicon,
    remove_user_lines,
)
from pipeline.stages.correct import (
    APPLIED,
    PROPOSED,
    CorrectConfig,
    Correction,
    CorrectResult,
    apply_corrections,
)

if TYPE_CHECKING:
    from PIL import Image

    from pipeline.core.config import RunConfig
    from pipeline.textstages import TextResult

log = logging.getLogger(__name__)

#: Version of the decision record's shape (``v`` in every line of a reviews log).
FORMAT_VERSION = 1
BATCH_LOG = "_batch.jsonl"
USER_LEXICON = "lexicon.txt"
ACCEPTED = "accepted"
EDITED = "edited"
REJECTED = "rejected"
#: Record decisions whose replacement is in ``clean.txt``.
CHANGED = (APPLIED, ACCEPTED, EDITED)

#: Lowest rapidfuzz ratio (0-100) between a decision's context and a record's for them to be
#: the same place. One neighbour re-read differently scores ~85; two different sentences with
#: the same word score under 60.
CONTEXT_MIN_SIMILARITY = 75.0
#: Words kept on each side of a word in a context (the correct stage's setting).
CONTEXT_WORDS = CorrectConfig().context_words
# The user lexicon refuses these (``pipeline.lexicon.parse_file``); checked before writing so a
# decision can never leave a file that stops the next run.
# How the correct stage ends the reason of a correction the user lexicon confirmed.
_CONFIRMED = ": confirmed correction in the user lexicon"
_EDGE = "\"'`‘’“”«»()[]{}<>.,;:!?*_-–—/\\|…·•§¶°~^=+@#$%&"


class Action(StrEnum):
    ACCEPT = "accept"  # the proposal's best candidate
    REJECT = "reject"  # keep the original
    EDIT = "edit"  # a replacement typed by the reviewer
    CANDIDATE = "candidate"  # candidate N of the proposal
    UNDO = "undo"  # cancels an earlier decision (``undoes``)


class Scope(StrEnum):
    THIS = "this"  # this place in this document
    BATCH = "batch"  # this change (this original) everywhere in the batch


class ReviewLogError(UsageError):
    """A reviews log line that is not a decision record: ``file:line: what is wrong``."""

    def __init__(self, path: Path, line: int, what: str) -> None:
        super().__init__(f"{path}:{line}: {what}")
        self.path = path
        self.line = line


# -- decision records ------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """One reviewer decision (or the undo of one), as written to a reviews log."""

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

    def __post_init__(self) -> None:
        if self.changes and not (self.replacement or "").strip():
            raise ValueError(f"a {self.action.value} decision needs a replacement")
        if self.action is Action.CANDIDATE and (self.candidate is None or self.candidate < 1):
            raise ValueError("a candidate decision needs its 1-based candidate number")
        if self.action is Action.UNDO and not self.undoes:
            raise ValueError("an undo names the decision it undoes")
        if not self.document or not self.original:
            raise ValueError("a decision needs its document and original word")

    @property
    def changes(self) -> bool:
        """Does the word change (accept, candidate, edit)?"""
        return self.action in (Action.ACCEPT, Action.EDIT, Action.CANDIDATE)

    @property
    def outcome(self) -> str:
        """The record decision this decision gives: accepted, edited or rejected."""
        if self.action is Action.EDIT:
            return EDITED
        return ACCEPTED if self.changes else REJECTED

    @property
    def when(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self.time)
        except ValueError:
            return None

    def to_dict(self) -> dict[str, Any]:
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
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Decision:
        if d.get("v", 1) > FORMAT_VERSION:
            raise ValueError(f"made by a newer foia-clean (record version {d['v']})")
        return cls(
            id=str(d["id"]),
            document=str(d["document"]),
            correction=str(d["correction"]),
            original=str(d["original"]),
            context=str(d.get("context", "")),
            action=Action(d["action"]),
            replacement=d.get("replacement"),
            candidate=d.get("candidate"),
            scope=Scope(d.get("scope", Scope.THIS.value)),
            undoes=d.get("undoes"),
            page=d.get("page"),
            source_sha256=d.get("source_sha256"),
            time=str(d.get("time", "")),
            tool=str(d.get("tool", "")),
            learned=tuple(d.get("learned", ())),
        )


def new_decision_id() -> str:
    return secrets.token_hex(8)


def now() -> str:
    """The reviewer's local time, to the millisecond (orders decisions across two logs)."""
    return datetime.now().astimezone().isoformat(timespec="milliseconds")


def effective(decisions: Iterable[Decision]) -> list[Decision]:
    """The decisions that stand: not undo records, and not undone."""
    decisions = list(decisions)
    undone = {d.undoes for d in decisions if d.action is Action.UNDO}
    return [d for d in decisions if d.action is not Action.UNDO and d.id not in undone]


# -- the store -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Learned:
    """What the user lexicon says: confirmed words and confirmed corrections (casefolded keys)."""

    words: frozenset[str] = frozenset()
    corrections: Mapping[str, str] = field(default_factory=dict)

    def correction_for(self, word: str) -> str | None:
        return self.corrections.get(word.casefold())

    def protects(self, word: str) -> bool:
        return word.casefold() in self.words


class ReviewStore:
    """The reviews folder: append-only decision logs and the user lexicon."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @property
    def lexicon_path(self) -> Path:
        return self.root / USER_LEXICON

    def log_path(self, document: str, scope: Scope = Scope.THIS) -> Path:
        if scope is Scope.BATCH:
            return self.root / BATCH_LOG
        if not document or "/" in document or document.startswith(".") or document == "_batch":
            raise UsageError(f"{document!r} cannot be a document name in a reviews folder")
        return self.root / f"{document}.jsonl"

    def append(self, decision: Decision) -> None:
        """Write one record: append, fsync. Once this returns the decision survives a crash."""
        path = self.log_path(decision.document, decision.scope)
        self.root.mkdir(parents=True, exist_ok=True)
        line = json.dumps(decision.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"
        created = not path.exists()
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            size = os.fstat(fd).st_size
            if size and _last_byte(path, size) != b"\n":
                line = "\n" + line  # a record torn by a crash: never glue ours onto it
            data = line.encode("utf-8")
            while data:
                data = data[os.write(fd, data) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if created:
            _fsync_dir(self.root)

    def read(self, document: str) -> list[Decision]:
        """Every record of one document's log, in the order written."""
        return _read_log(self.log_path(document))

    def read_batch(self) -> list[Decision]:
        return _read_log(self.root / BATCH_LOG)

    def learned(self) -> Learned:
        # The lexicon's own reader: a bad line raises DictionaryError(file:line).
        user = read_user_lexicon(self.lexicon_path)
        return Learned(user.words, user.corrections)


def _last_byte(path: Path, size: int) -> bytes:
    with path.open("rb") as fh:
        fh.seek(size - 1)
        return fh.read(1)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # not every file system syncs folders
    finally:
        os.close(fd)


def _read_log(path: Path) -> list[Decision]:
    if not path.is_file():
        return []
    out: list[Decision] = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            if line.startswith("{") and not line.endswith("}"):
                # The tail of a record a crash cut short: it was never a decision.
                log.warning("%s:%d: skipping a record cut short by a crash", path, lineno)
                continue
            raise ReviewLogError(path, lineno, f"not a JSON record ({exc})") from exc
        try:
            out.append(Decision.from_dict(data))
        except (KeyError, ValueError, TypeError) as exc:
            raise ReviewLogError(path, lineno, f"not a decision record: {exc}") from exc
    return out


# -- recording and learning ------------------------------------------------------------------


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
) -> Decision:
    """Record a decision on ``correction`` (a record as the correct stage made it) and learn.

    ``accept`` takes the proposal's best candidate; ``candidate`` takes candidate ``candidate``
    (1-based); ``edit`` takes ``replacement`` (an edit equal to a candidate is recorded as that
    candidate, one equal to the original as a rejection). Raises ``ValueError`` on a bad choice.
    The record is on disk before the user lexicon is touched: the decision is the person's work,
    the lexicon line can be derived from it again.
    """
    if action is Action.UNDO:
        raise ValueError("use undo_last() to undo")
    names = [text for text, _ in correction.candidates]
    if action is Action.EDIT:
        replacement = " ".join((replacement or "").split())
        if not replacement:
            raise ValueError("an edit needs the replacement text")
        if replacement == correction.original:
            action, replacement = Action.REJECT, None
        elif replacement in names:
            action, candidate = Action.CANDIDATE, names.index(replacement) + 1
    if action is Action.ACCEPT:
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
    )
    lines = [ln for ln in lexicon_lines(draft) if not _in_lexicon(store.lexicon_path, ln)]
    decision = dataclasses.replace(draft, learned=tuple(lines))
    store.append(decision)
    _learn(store, decision)
    return decision


def lexicon_lines(decision: Decision) -> list[str]:
    """The user-lexicon line a decision implies (none for what the lexicon cannot hold)."""
    original = decision.original
    if not _lexicon_form_ok(original) or " " in original:
        return []  # a merge of two tokens, or characters a lexicon entry cannot have
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
    return {ln.casefold() for ln in read_user_lexicon(path).lines}


def _in_lexicon(path: Path, line: str) -> bool:
    return line.casefold() in _lexicon_keys(path)


def _learn(store: ReviewStore, decision: Decision) -> None:
    path = store.lexicon_path
    try:
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
    """The latest standing decision made on ``document`` (its own log and the batch log)."""
    own = effective(store.read(document))
    batch = [d for d in effective(store.read_batch()) if d.document == document]
    standing = [(d, 0, i) for i, d in enumerate(own)] + [(d, 1, i) for i, d in enumerate(batch)]
    if not standing:
        return None

    def key(item: tuple[Decision, int, int]) -> tuple[datetime, int, int]:
        d, which, index = item
        return (d.when or datetime.min.astimezone(), which, index)

    return max(standing, key=key)[0]


def undo_last(store: ReviewStore, document: str) -> Decision | None:
    """Cancel the latest standing decision on ``document``; returns the decision undone.

    The undo is a new record in the same log. Lexicon lines the decision added are removed
    unless another standing decision implies them too.
    """
    target = last_decision(store, document)
    if target is None:
        return None
    undo = Decision(
        id=new_decision_id(),
        document=document,
        correction=target.correction,
        original=target.original,
        context=target.context,
        action=Action.UNDO,
        scope=target.scope,
        undoes=target.id,
        page=target.page,
        source_sha256=target.source_sha256,
        time=now(),
    )
    store.append(undo)
    if target.learned:
        still = set()
        for d in _all_standing(store):
            still.update(ln.casefold() for ln in lexicon_lines(d))
        _remove_lexicon_lines(
            store.lexicon_path, [ln for ln in target.learned if ln.casefold() not in still]
        )
    return target


def _all_standing(store: ReviewStore) -> list[Decision]:
    out = effective(store.read_batch())
    if store.root.is_dir():
        for path in sorted(store.root.glob("*.jsonl")):
            if path.name != BATCH_LOG:
                out.extend(effective(_read_log(path)))
    return out


def _remove_lexicon_lines(path: Path, lines: Sequence[str]) -> None:
    """Rewrite the user lexicon without ``lines`` (first match of each, compared casefolded)."""
    remove_user_lines(path, lines)


# -- applying decisions ----------------------------------------------------------------------


@dataclass(frozen=True)
class Stale:
    """A decision whose word is no longer in the document (re-OCR read it differently)."""

    decision: Decision
    why: str

    def to_dict(self) -> dict[str, Any]:
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
    #: Standing decisions of this document whose word is there but has no record (the user
    #: lexicon now protects it): nothing to do, and not stale.
    settled: tuple[Decision, ...] = ()

    def records(self) -> list[dict[str, Any]]:
        """The lines of ``corrections.jsonl``."""
        out = []
        for c in self.corrections:
            d = c.to_dict()
            if c.id in self.reviews:
                d["review"] = dict(self.reviews[c.id])
            out.append(d)
        return out

    def summary(self, document: str) -> dict[str, Any]:
        """For ``metadata.json`` (``review``): deterministic, no timestamps."""
        counts = Counter(c.decision for c in self.corrections)
        by_lexicon = sum(1 for r in self.reviews.values() if r.get("action") == "lexicon")
        return {
            "log": f"{document}.jsonl",
            "accepted": counts[ACCEPTED],
            "edited": counts[EDITED],
            "rejected": counts[REJECTED],
            "resolved_by_user_lexicon": by_lexicon,
            "pending": len(self.pending),
            "settled": len(self.settled),
            "stale": [s.to_dict() for s in self.stale],
        }


def apply_decisions(
    doc_name: str, stripped_text: str, correct_result: CorrectResult, store: ReviewStore
) -> Reviewed:
    """Apply the reviews kept in ``store`` to one document's correct-stage result.

    ``correct_result.corrections`` must be the records as the correct stage made them (spans in
    ``stripped_text``). Invariant: ``apply_corrections(stripped_text, result.corrections,
    CHANGED) == result.text``.
    """
    return resolve(
        doc_name,
        stripped_text,
        correct_result.corrections,
        effective(store.read(doc_name)),
        effective(store.read_batch()),
        store.learned(),
    )


def resolve(
    doc_name: str,
    stripped: str,
    corrections: Sequence[Correction],
    decisions: Sequence[Decision],
    batch: Sequence[Decision] = (),
    learned: Learned = Learned(),
) -> Reviewed:
    """``apply_decisions`` without the store: standing decisions in, reviewed records out.

    Precedence: a decision on this place, then a batch-wide decision on this word, then the user
    lexicon (a confirmed correction before a confirmed word, as in the correct stage).
    """
    records = list(corrections)
    chosen: dict[int, tuple[Decision, str]] = {}  # record index -> (decision, replacement)

    # 1. By correction id: the latest decision on each id stands.
    latest: dict[str, Decision] = {}
    for d in decisions:
        latest.pop(d.correction, None)  # keep log order of the latest
        latest[d.correction] = d
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
    settled: list[Decision] = []
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
        taken = [(c.start, c.end) for c in records] + [(c.start, c.end) for c in extra]
        found = _find_in_text(stripped, d, taken)
        if found is None:
            stale.append(Stale(d, f"'{d.original}' is no longer in the text near '{d.context}'"))
            continue
        start, end, context = found
        if not d.changes:
            settled.append(d)
            continue
        record = _synthetic(stripped, d, start, end, context, taken_ids=set(index))
        extra.append(record)
        reviews[record.id] = _review_of(d, record, synthetic=True)

    # 4. Batch-wide decisions, by word; 5. the user lexicon.
    rules: dict[str, Decision] = {}
    for d in batch:
        rules.pop(d.original.casefold(), None)
        rules[d.original.casefold()] = d
    out: list[Correction] = []
    for i, c in enumerate(records):
        decided = chosen.get(i)
        if decided is None and c.original.casefold() in rules:
            rule = rules[c.original.casefold()]
            decided = (rule, _replacement_for(rule, c.original))
        if decided is not None:
            d, repl = decided
            new = dataclasses.replace(c, decision=d.outcome, replacement=repl or c.replacement)
            reviews[c.id] = _review_of(d, c)
            out.append(new)
            continue
        out.append(_by_lexicon(c, learned, reviews))
    out.extend(extra)
    out.sort(key=lambda c: c.start)
    text = apply_corrections(stripped, out, CHANGED)
    pending = tuple(c for c in out if c.decision == PROPOSED)
    return Reviewed(text, tuple(out), reviews, pending, tuple(stale), tuple(settled))


def _replacement_for(d: Decision, original: str) -> str | None:
    if d.replacement is None:
        return None
    return d.replacement if original == d.original else recase(d.replacement, original)


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
    if synthetic:
        review["synthetic"] = True  # no correct-stage record: made from the decision
    return review


def _by_lexicon(c: Correction, learned: Learned, reviews: dict[str, dict[str, Any]]) -> Correction:
    """What the next run's correct stage will do with this word, given the user lexicon."""
    right = learned.correction_for(c.original)
    base = {"action": "lexicon", "log": USER_LEXICON, "was": c.decision, "proposed": c.replacement}
    if right is not None:
        repl = recase(right, c.original)
        if c.decision == APPLIED and c.replacement == repl:
            return c  # the correct stage already applied it
        reason = f"{c.original} → {repl}{_CONFIRMED}"
        reviews[c.id] = {**base, "reason": c.reason}
        return dataclasses.replace(c, decision=APPLIED, replacement=repl, reason=reason)
    if learned.protects(c.original) and c.decision in (APPLIED, PROPOSED):
        reviews[c.id] = base
        return dataclasses.replace(c, decision=REJECTED)
    if c.decision == APPLIED and c.reason.endswith(_CONFIRMED):
        # Applied only because the user lexicon said so, and it no longer does (the decision
        # that taught it was undone): a person decides again.
        reviews[c.id] = base
        return dataclasses.replace(c, decision=PROPOSED)
    return c


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
    """The word at ``start:end`` with ``words`` neighbours each side, punctuation stripped
    (the shape of ``Correction.context``)."""
    before = [w.strip(_EDGE) for w in text[max(0, start - 200) : start].split()]
    after = [w.strip(_EDGE) for w in text[end : end + 200].split()]
    before = [w for w in before if w][-words:] if words else []
    after = [w for w in after if w][:words]
    return " ".join([*before, text[start:end], *after])


def _synthetic(
    text: str, d: Decision, start: int, end: int, context: str, taken_ids: set[str]
) -> Correction:
    """A record for a decision whose word is in the text but no longer proposed."""
    if "\f" in text:
        page = text.count("\f", 0, start) + 1
        line = text.count("\n", text.rfind("\f", 0, start) + 1, start)
    else:
        page = d.page or 1
        line = text.count("\n", 0, start)
    repl = _replacement_for(d, text[start:end]) or d.original
    rid = d.correction if d.correction not in taken_ids else f"{d.correction}-{d.id[:6]}"
    return Correction(
        id=rid,
        page=page,
        line=line,
        start=start,
        end=end,
        bbox=None,
        original=text[start:end],
        replacement=repl,
        candidates=((repl, 1.0),),
        decision=d.outcome,
        reason=f"{d.original} → {repl}: a reviewer's decision (no longer proposed)",
        conf=None,
        context=context,
    )


# -- output folders --------------------------------------------------------------------------


@dataclass(frozen=True)
class DocOutput:
    """One document's output folder, read back for review."""

    folder: Path
    stripped: str
    corrections: tuple[Correction, ...]  # as the correct stage made them (review undone)
    metadata: Mapping[str, Any]

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def batch_dir(self) -> Path:
        return self.folder.parent

    @property
    def source_sha256(self) -> str | None:
        files = self.metadata.get("source", {}).get("files") or []
        if len(files) == 1:
            return files[0].get("sha256")
        if files:  # a folder document: one hash over its pages' hashes
            joined = "\n".join(f"{f.get('path')} {f.get('sha256')}" for f in files)
            return sha256_bytes(joined.encode())
        return None

    def result(self) -> CorrectResult:
        return CorrectResult(apply_corrections(self.stripped, self.corrections), self.corrections)


def pristine(record: Mapping[str, Any]) -> Correction | None:
    """A ``corrections.jsonl`` line as the correct stage wrote it, before any review (None
    for a record that only a decision made)."""
    review = record.get("review")
    if review:
        if review.get("synthetic"):
            return None
        record = {
            **record,
            "decision": review["was"],
            "replacement": review["proposed"],
            "reason": review.get("reason", record["reason"]),
        }
    return Correction.from_dict(dict(record))


def load_output(folder: Path) -> DocOutput:
    """Read ``OUT/<name>/`` for review. Raises ``UsageError`` when it is not one."""
    folder = Path(folder)
    meta_path = folder / "metadata.json"
    if not meta_path.is_file():
        hint = " (it failed: see error.json)" if (folder / "error.json").is_file() else ""
        raise UsageError(
            f"{folder}: not a document output folder{hint}; give OUT/<name>, "
            "a folder written by 'foia-clean run'"
        )
    stripped_path = folder / "stripped.txt"
    if not stripped_path.is_file():
        raise UsageError(
            f"{folder}: no stripped.txt (made by an older foia-clean); run 'foia-clean run' again"
        )
    try:
        metadata = json.loads(meta_path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise UsageError(f"{meta_path}: not valid JSON ({exc})") from exc
    corrections = []
    path = folder / "corrections.jsonl"
    if path.is_file():
        for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                record = pristine(json.loads(raw))
            except (ValueError, KeyError, TypeError) as exc:
                raise UsageError(f"{path}:{lineno}: not a correction record ({exc})") from exc
            if record is not None:
                corrections.append(record)
    stripped = stripped_path.read_text(encoding="utf-8")
    return DocOutput(folder, stripped, tuple(corrections), metadata)


def write_reviewed(out: DocOutput, reviewed: Reviewed) -> None:
    """Write ``clean.txt``, ``corrections.jsonl`` and the review part of ``metadata.json``:
    the bytes ``foia-clean run`` writes for the same decisions. Call under ``output_lock``."""
    text = reviewed.text if reviewed.text.endswith("\n") else reviewed.text + "\n"
    write_jsonl_atomic(out.folder / "corrections.jsonl", reviewed.records())
    write_text_atomic(out.folder / "clean.txt", text)
    metadata = dict(out.metadata)
    counts = Counter(c.decision for c in reviewed.corrections)
    metadata["corrections"] = dict(sorted(counts.items()))
    metadata["review"] = reviewed.summary(out.name)
    write_text_atomic(out.folder / "metadata.json", dumps_json(metadata))


def refresh(folder: Path, store: ReviewStore) -> tuple[DocOutput, Reviewed]:
    """Apply the standing decisions to one output folder and write it.

    The folder is read again under the lock: a run may have rewritten it since it was loaded,
    and writing from an older copy would undo that run.
    """
    with output_lock(Path(folder).parent):
        out = load_output(folder)
        reviewed = apply_decisions(out.name, out.stripped, out.result(), store)
        write_reviewed(out, reviewed)
    return out, reviewed


def batch_folders(batch_dir: Path) -> list[Path]:
    """The document output folders of a batch (those with corrections to review)."""
    if not batch_dir.is_dir():
        return []
    return sorted(
        p for p in batch_dir.iterdir() if p.is_dir() and (p / "corrections.jsonl").is_file()
    )


def form_counts(batch_dir: Path) -> dict[str, tuple[int, int]]:
    """Word (casefolded original) -> (documents, places) among the batch's correction records."""
    docs: Counter[str] = Counter()
    places: Counter[str] = Counter()
    for folder in batch_folders(batch_dir):
        seen: set[str] = set()
        with (folder / "corrections.jsonl").open(encoding="utf-8") as fh:
            for raw in fh:
                try:
                    form = json.loads(raw)["original"].casefold()
                except (ValueError, KeyError, TypeError, AttributeError):
                    continue
                places[form] += 1
                seen.add(form)
        docs.update(seen)
    return {form: (docs[form], places[form]) for form in places}


def review_order(
    pending: Sequence[Correction], counts: Mapping[str, tuple[int, int]] | None = None
) -> list[Correction]:
    """Most consequential first: a word found in more documents, then in more places, before a
    one-off; the places of one word together; then in the order of the text."""
    local = Counter(c.original.casefold() for c in pending)
    first: dict[str, int] = {}
    for c in sorted(pending, key=lambda c: c.start):
        first.setdefault(c.original.casefold(), c.start)

    def key(c: Correction) -> tuple[int, int, int, int]:
        form = c.original.casefold()
        docs, places = (counts or {}).get(form, (1, local[form]))
        return (-docs, -max(places, local[form]), first[form], c.start)

    return sorted(pending, key=key)


# -- the run ---------------------------------------------------------------------------------


def apply_to_batch(results: Mapping[str, TextResult], config: RunConfig) -> None:
    """Re-apply the decisions in ``config.reviews`` to every corrected document of a run.

    Sets each result's ``clean``, ``corrections`` (with ``review`` fields) and ``review`` (the
    metadata summary, with stale decisions); logs a warning for each stale decision.
    """
    if not config.correct:
        return
    store = ReviewStore(config.reviews)
    batch = effective(store.read_batch())
    learned = store.learned()
    for name in sorted(results):
        r = results[name]
        if r.error:
            continue
        records = tuple(Correction.from_dict(c) for c in r.corrections)
        reviewed = resolve(name, r.stripped, records, effective(store.read(name)), batch, learned)
        r.clean = reviewed.text
        r.corrections = reviewed.records()
        r.review = reviewed.summary(name)
        for s in reviewed.stale:
            log.warning("%s: review decision %s is stale: %s", name, s.decision.id, s.why)


# -- spreadsheets ----------------------------------------------------------------------------

CSV_COLUMNS = (
    "id",
    "document",
    "page",
    "original",
    "candidates",
    "reason",
    "context",
    "decision",
    "replacement",
)
_FORMULA = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Planned:
    """One decision read from a spreadsheet, checked, not yet recorded."""

    line: int
    correction: Correction
    action: Action
    replacement: str | None = None
    candidate: int | None = None


def _cell(text: str) -> str:
    # A cell starting like a formula is run by spreadsheets: OCR text must not be.
    return "'" + text if text.startswith(_FORMULA) else text


def _uncell(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA) else text


def export_csv(out: DocOutput, reviewed: Reviewed) -> str:
    """Every proposal of the document with its current decision, as CSV text.

    ``decision`` is empty (pending), ``accept``, ``reject``, ``edit`` or a candidate number;
    ``replacement`` is the chosen text (for ``edit``: type it; a replacement with an empty
    decision is an edit too).
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    by_id = {c.id: c for c in reviewed.corrections}
    for base in out.corrections:
        now_ = by_id.get(base.id, base)
        if PROPOSED not in (base.decision, now_.decision):
            continue
        review = reviewed.reviews.get(base.id, {})
        decision, repl = _csv_state(now_, review)
        writer.writerow(
            [
                base.id,
                out.name,
                base.page,
                _cell(base.original),
                _cell(" | ".join(text for text, _ in base.candidates)),
                _cell(base.reason),
                _cell(base.context),
                decision,
                _cell(repl),
            ]
        )
    return buf.getvalue()


def _csv_state(c: Correction, review: Mapping[str, Any]) -> tuple[str, str]:
    action = review.get("action")
    if action is None or action == "lexicon":
        return "", ""  # nobody decided this row
    if c.decision == REJECTED:
        return "reject", ""
    if action == Action.CANDIDATE.value:
        return str(review.get("candidate", "")), c.replacement
    if action == Action.EDIT.value:
        return "edit", c.replacement
    return "accept", c.replacement


def read_csv(path: Path, out: DocOutput, reviewed: Reviewed) -> list[Planned]:
    """Check a spreadsheet of decisions for ``out``; rows left as they are give nothing.

    Raises ``UsageError`` listing every bad row as ``file:line: what is wrong`` (nothing is
    recorded unless every row is good).
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read: {exc}") from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("id", "decision", "replacement") if c not in (reader.fieldnames or [])]
    if missing:
        raise UsageError(f"{path}:1: missing column(s): {', '.join(missing)}")
    base = {c.id: c for c in out.corrections}
    current = {c.id: c for c in reviewed.corrections}
    errors: list[str] = []
    planned: list[Planned] = []
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num
        rid = (row.get("id") or "").strip()
        doc = (row.get("document") or "").strip()
        try:
            if not rid:
                raise ValueError("no id")
            if doc and doc != out.name:
                raise ValueError(
                    f"row of document {doc!r}: import it with foia-clean review OUT/{doc} --import"
                )
            if rid not in base:
                raise ValueError(f"no correction {rid!r} in {out.name}")
            if rid in seen:
                raise ValueError(f"correction {rid} appears twice")
            seen.add(rid)
            plan = _plan_row(
                line,
                base[rid],
                (row.get("decision") or "").strip().lower(),
                _uncell((row.get("replacement") or "").strip()),
            )
        except ValueError as exc:
            errors.append(f"{path}:{line}: {exc}")
            continue
        if plan is not None and not _unchanged(plan, current[rid], reviewed.reviews.get(rid, {})):
            planned.append(plan)
    if errors:
        raise UsageError("bad rows, nothing recorded:\n" + "\n".join(errors))
    return planned


def _plan_row(line: int, c: Correction, decision: str, repl: str) -> Planned | None:
    names = [text for text, _ in c.candidates]
    if decision in ("", "s", "skip"):
        return Planned(line, c, Action.EDIT, repl) if repl else None
    if decision in ("a", "accept"):
        if repl and repl != c.replacement:
            raise ValueError(f"accept takes {c.replacement!r}; to use {repl!r} write edit")
        return Planned(line, c, Action.ACCEPT)
    if decision in ("r", "reject"):
        return Planned(line, c, Action.REJECT)
    if decision in ("e", "edit"):
        if not repl:
            raise ValueError("edit needs the replacement column")
        return Planned(line, c, Action.EDIT, repl)
    if decision.isdigit():
        n = int(decision)
        if not 1 <= n <= len(names):
            raise ValueError(f"no candidate {n} (1-{len(names)})")
        return Planned(line, c, Action.CANDIDATE, candidate=n)
    raise ValueError(
        f"decision {decision!r}: use accept, reject, edit, a candidate number or leave it empty"
    )


def _unchanged(plan: Planned, now_: Correction, review: Mapping[str, Any]) -> bool:
    """Does the row say what is already decided (a sheet imported twice records nothing)?"""
    if not review or review.get("action") == "lexicon":
        return False
    if plan.action is Action.REJECT:
        return now_.decision == REJECTED
    names = [text for text, _ in plan.correction.candidates]
    if plan.action is Action.ACCEPT:
        wanted = plan.correction.replacement
    elif plan.action is Action.CANDIDATE and plan.candidate is not None:
        wanted = names[plan.candidate - 1]
    else:
        wanted = plan.replacement or ""
    return now_.decision in (ACCEPTED, EDITED) and now_.replacement == wanted


def write_csv(path: Path, text: str) -> None:
    # With a byte-order mark: spreadsheet programs then read UTF-8 names correctly.
    write_bytes_atomic(path, text.encode("utf-8-sig"))


# -- page images -----------------------------------------------------------------------------


class ScanCropper:
    """Crops of a word from the page image, for a reviewer to see what the paper says.

    The source is found from ``metadata.json`` (``source.path`` is relative to the folder the
    run's argument was in): relative to the current folder, then beside the output folder's
    parent. A file whose sha256 differs from the run's is not used. ``why_not`` says why there
    is no page image at all.
    """

    #: Padding around a word's box, in word heights: a word or two each side, half a line
    #: above and below.
    pad_x = 5.0
    pad_y = 0.6

    def __init__(self, out: DocOutput, cwd: Path | None = None) -> None:
        self.out = out
        self.cwd = cwd or Path.cwd()
        self._files: list[Path] = []
        self._kind = ""
        self._refs: dict[int, Any] | None = None
        self._cache: dict[int, Image.Image] = {}
        self.why_not: str | None = self._find()

    @property
    def available(self) -> bool:
        return self.why_not is None

    def _find(self) -> str | None:
        source = self.out.metadata.get("source", {})
        self._kind = source.get("kind") or ""
        if self._kind not in ("pdf", "tiff", "image", "folder"):
            return "none: the input was a text file"
        files = source.get("files") or []
        if not files:
            return "none: metadata.json names no source file"
        for f in files:
            rel = Path(f.get("path", ""))
            places = [self.cwd / rel, self.out.batch_dir.parent / rel]
            hit = next((p for p in places if p.is_file()), None)
            if hit is None:
                return f"scan not found: {rel} (not in {self.cwd} nor {self.out.batch_dir.parent})"
            if f.get("sha256") and sha256_file(hit) != f["sha256"]:
                return f"{hit} has changed since the run"
            self._files.append(hit)
        return None

    def _ref(self, page: int) -> Any:
        from pipeline.stages import ingest

        if self._refs is None:
            kind = ingest.DocKind(self._kind)
            folder = kind is ingest.DocKind.FOLDER
            path = self._files[0].parent if folder else self._files[0]
            doc = ingest.DocumentSource(
                self.out.name, path, kind, files=tuple(self._files) if folder else ()
            )
            self._refs = {r.number: r for r in ingest.page_refs(doc)}
        return self._refs.get(page)

    def _page_image(self, page: int) -> Image.Image | None:
        from PIL import Image

        from pipeline.stages import ingest

        if page in self._cache:
            return self._cache[page]
        ref = self._ref(page)
        if ref is None:
            return None
        info_path = self.out.folder / "pages" / f"{page:04d}.json"
        info = json.loads(info_path.read_text(encoding="utf-8")) if info_path.is_file() else {}
        settings = self.out.metadata.get("settings", {}).get("ocr") or {}
        image, _ = ingest.load_page_image(ref, dpi=info.get("dpi") or settings.get("pdf_dpi", 300))
        # OCR saw the page deskewed: turn the scan the same way so the word boxes fit it.
        for step in info.get("preprocessing", ()):
            m = re.match(r"deskew\(([-+]?\d+(?:\.\d+)?) deg\)", step)
            if m:
                image = image.rotate(
                    float(m.group(1)), resample=Image.Resampling.BICUBIC, fillcolor=255
                )
        width, height = info.get("width"), info.get("height")
        if width and height and (width, height) != image.size:
            image = image.resize((width, height))
        self._cache = {page: image}  # one page at a time: a page is megapixels
        return image

    def crop(self, c: Correction) -> tuple[Path | None, str | None]:
        """Write ``OUT/<name>/crops/<id>.png`` for ``c``: (its path, None) or (None, why not)."""
        if self.why_not is not None:
            return None, self.why_not
        if c.bbox is None:
            return None, "none: OCR gave this word no box"
        try:
            image = self._page_image(c.page)
        except (DocumentError, OSError, ValueError) as exc:
            return None, f"cannot read the page image: {exc}"
        if image is None:
            return None, f"the scan has no page {c.page}"
        b = c.bbox
        px, py = round(self.pad_x * b.height), round(self.pad_y * b.height)
        box = (
            max(0, b.left - px),
            max(0, b.top - py),
            min(image.width, b.right + px),
            min(image.height, b.bottom + py),
        )
        buf = io.BytesIO()
        image.crop(box).save(buf, format="PNG")
        path = self.out.folder / "crops" / f"{c.id}.png"
        write_bytes_atomic(path, buf.getvalue())
        return path, None
