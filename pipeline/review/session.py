"""One interactive review of one document, as a state machine fed one answer at a time.

No terminal, no drawing, no signals: ``pipeline.cli.review_terminal`` reads keys and draws,
this module decides what a key means. That keeps the review's behaviour testable by feeding it
keys::

    session = Session(load_output(folder), ReviewStore(reviews))
    while session.current is not None:
        reply = session.feed(read_line() if session.wants_text else read_key())

A "transcribe by hand" line item (``Correction.is_line``) takes ``e`` and the typed line, or
``r`` to keep the OCR line; ``a`` takes its suggested line when it has one (the changes the run
applied in it and its proposals' top candidates: recorded as the typed line); the keys that
pick a candidate say so instead.

State: the queue of pending proposals in review order (``review_order``: recurring words first),
the proposal being asked (``current``), what was answered or skipped. An answer is recorded the
moment it is given (``record_decision``) and the output folder is written again at once
(``refresh_or_defer``); an undo asks its proposal again, first. A run that rewrote the output
meanwhile may bring new proposals: they join the end of the queue.

Different misreadings of one long word (``Reglatry``, ``Regiatty`` → Registry) are one screen, as
in the web queue: when the proposal asked belongs to such a group (``queue.group_items``, a
``word:`` group: one source of truth for what may be grouped), ``group`` lists every pending
place of it, in this document and in the batch's others, and ``a``/``r`` decide every place
listed, each as a decision on its own place (recorded and learned as one key on it would be:
``ReviewQueue.decide_group``). ``x`` leaves places out (asked on their own afterwards); the keys
that pick a candidate or type a word decide the place asked only, and ``u`` undoes the whole
group's decisions.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pipeline.core.results import Correction
from pipeline.review.decisions import Action, Decision, Scope, describe
from pipeline.review.keys import in_capitals, shares_word
from pipeline.review.learning import record_decision, standing_at, undo_last
from pipeline.review.linetext import has_suggestion
from pipeline.review.outputs import (
    DocOutput,
    form_counts,
    pending_documents,
    refresh_or_defer,
    refresh_others,
    review_order,
)
from pipeline.review.queue import Item, ReviewQueue, group_items
from pipeline.review.resolve import Reviewed, Stale, apply_decisions
from pipeline.review.rules import scope_notes
from pipeline.review.store import ReviewStore

log = logging.getLogger(__name__)

KEYS_HELP = "a accept  r reject  1-9 pick  e edit  s skip  A/R all documents  u undo  q quit"
HELP = """\
  a      accept the first candidate
  r      reject: keep the word as it is (and as a known word from now on)
  1-9    take that candidate
  e      type the replacement yourself
  s      skip for now (it stays pending)
  A / R  accept / reject this same change in every document of the batch
  u      undo the last decision
  q      quit (every answer so far is already saved)"""
#: The keys of a screen that decides a word group (``Session.group``).
GROUP_KEYS_HELP = (
    "a accept all listed  r reject all listed  x leave places out  1-9 pick / e edit (this place)"
    "  s skip  u undo  q quit"
)
GROUP_HELP = """\
  This screen holds different misreadings of one word, at every place listed (1 is the one
  asked; the others are in this document or in others of the batch).
  a      accept every place listed: each takes its own first candidate (the word in the
         title), each is recorded as its own decision and its correction is learned
  r      reject every place listed: each keeps its reading (learned as a known word)
  x      leave places out (type their numbers): they are asked on their own afterwards
  1-9    take that candidate, for place 1 only (the others are asked next)
  e      type the replacement of place 1 yourself
  s      skip place 1 for now (it stays pending)
  u      undo the last decision (a whole group's decisions after a group)
  q      quit (every answer so far is already saved)"""
#: Said when ``A``/``R`` is pressed on a group screen.
GROUP_NO_BATCH = (
    "This screen decides the places listed: a / r decide them all (each reading's correction "
    "is learned, so it holds in the other documents too); x leaves places out."
)
#: The keys of a "transcribe by hand" line item (``Correction.is_line``).
LINE_KEYS_HELP = "e type the line  r keep the OCR line  s skip  u undo  q quit"
#: … and of one that suggests a text (``linetext.has_suggestion``).
SUGGESTED_KEYS_HELP = (
    "a take the suggested line  e type the line  r keep the OCR line  s skip  u undo  q quit"
)
LINE_HELP = """\
  This line has no recoverable word (OCR noise), or is text too damaged to fix a word at a
  time: read it off the scan. A suggested line marks {the run's changes} and [proposals].
  a      take the suggested line, when there is one (it replaces the OCR line, the
         changes the run applied in it included)
  e      type the whole line as the scan reads it (it replaces the OCR line)
  r      keep the line as OCR read it
  s      skip for now (it stays pending)
  u      undo the last decision
  q      quit (every answer so far is already saved)"""
#: Said when a key that picks a candidate is pressed on a line item.
LINE_ONLY = (
    "This line has no word to fix: e types the whole line as the scan reads it, r keeps the "
    "line as OCR read it."
)
#: Said when a run holds the output folder while a decision is made.
BUSY = "A run is writing this output: decision saved; the next run applies it."


class ReplyKind(StrEnum):
    """What the interface does after an answer."""

    NEXT = "next"  # the answer is done with: show ``note``, then the (new) current proposal
    AGAIN = "again"  # ask the same proposal again; ``message`` says why (may be empty)
    HELP = "help"  # show ``HELP``, ask again
    TEXT = "text"  # read a line of text next (the replacement); ``message`` is the prompt
    QUIT = "quit"  # the session is over (every answer is saved already)


class NoteKind(StrEnum):
    """What an answer did."""

    DECIDED = "decided"
    SKIPPED = "skipped"
    UNDONE = "undone"
    LEFT_OUT = "left out"  # places left out of a group: the same proposal, drawn again
    NOTHING = "nothing"  # nothing to undo


@dataclass(frozen=True)
class Note:
    """What an answer did, for the top of the next screen: ``text`` for people, ``learned``
    when the decision taught the user lexicon (``decisions.learned_note`` says what)."""

    kind: NoteKind
    text: str
    decision: Decision | None = None
    learned: bool = False


@dataclass(frozen=True)
class Reply:
    """The session's answer to one input. ``warnings`` are things to tell the reviewer now
    (e.g. a run holds the output folder)."""

    kind: ReplyKind
    message: str = ""
    note: Note | None = None
    warnings: tuple[str, ...] = ()


class Session:
    """The review of one document's pending proposals.

    ``out`` is the document's output folder (``load_output``), ``store`` the reviews folder.
    Reads the store and the batch's correction records on creation; writes a decision log line,
    the user lexicon and the output folder on every decision. Raises what the store raises
    (``ReviewLogError``, ``DictionaryError``, ``OutputBusyError`` for a held reviews lock).
    """

    def __init__(self, out: DocOutput, store: ReviewStore) -> None:
        self.out = out
        self.store = store
        self.base = {c.id: c for c in out.corrections}
        self.reviewed: Reviewed = apply_decisions(
            out.name, out.stripped, out.result(), store, out.flagged
        )
        #: Casefolded word -> (documents, places) in the batch: the order, and for drawing.
        self.counts = form_counts(out.batch_dir)
        self.order = [c.id for c in review_order(self.reviewed.pending, self.counts)]
        self.handled: list[str] = []  # ids answered or skipped, in order
        self.skipped: set[str] = set()
        self.decided = 0
        self.finished = False
        self._editing: str | None = None  # the id whose replacement text comes next
        self._leaving = False  # the next input is the numbers of places to leave out
        #: Queue keys (``<document>/<id>``) of places left out of groups: asked on their own.
        self.apart: set[str] = set()
        #: Decisions per answer, latest last: 0 for one place, n for a group of n (what ``u``
        #: undoes).
        self._answers: list[int] = []
        self._queue: ReviewQueue | None = None  # the batch, read when a group may be asked

    # -- state --------------------------------------------------------------------------------

    @property
    def stale(self) -> tuple[Stale, ...]:
        """Earlier decisions that no longer find their word (re-OCR read it differently)."""
        return self.reviewed.stale

    def todo(self) -> list[str]:
        """Ids still to ask, in order: pending, not skipped."""
        pending = {c.id for c in self.reviewed.pending}
        return [i for i in self.order if i in pending and i not in self.skipped]

    @property
    def current(self) -> Correction | None:
        """The proposal being asked (as the correct stage made it); None when the session is
        over (quit, end of input, or nothing left)."""
        if self.finished:
            return None
        todo = self.todo()
        return self.base[todo[0]] if todo else None

    @property
    def position(self) -> tuple[int, int]:
        """(1-based number of the current proposal, proposals in this session so far)."""
        left = len(self.todo())
        return len(self.handled) + 1, len(self.handled) + left

    @property
    def wants_text(self) -> bool:
        """Is the next input a line of text (the replacement after ``e``, the places to leave
        out after ``x``)?"""
        return self._editing is not None or self._leaving

    @property
    def group(self) -> tuple[Item, ...]:
        """The places the current proposal is decided with: its word group (``group_items``'
        ``word:`` group, different misreadings of one long word, ``keys.review_key``) in the
        whole batch, the current first, then this document's places in text order, then the
        other documents'; places left out (``apart``) or skipped here are not in it. Empty
        when the current proposal is asked alone (no group, or fewer than two readings left)."""
        c = self.current
        if c is None or c.is_line or not shares_word_of(c):
            return ()
        queue = self._batch()
        mine = f"{self.out.name}/{c.id}"
        if mine in self.apart:
            return ()
        out = set(self.skipped)
        for g in group_items(queue.items()):
            keys = {i.key for i in g.items}
            if not g.key.startswith("word:") or mine not in keys:
                continue
            places = [
                i
                for i in g.items
                if i.key not in self.apart
                and not (i.document == self.out.name and i.correction.id in out)
            ]
            places.sort(
                key=lambda i: (i.key != mine, i.document != self.out.name, i.document,
                               i.correction.start)
            )  # fmt: skip
            if len({i.correction.original.casefold() for i in places}) < 2:
                return ()
            return tuple(places)
        return ()

    def _batch(self) -> ReviewQueue:
        """The batch's review queue (read once, then read again where files changed)."""
        if self._queue is None:
            self._queue = ReviewQueue(self.out.batch_dir, self.store)
        else:
            self._queue.refresh()
        return self._queue

    def pending_elsewhere(self) -> list[Path]:
        """The batch's other output folders with pending proposals: where to go next."""
        return [f for f in pending_documents(self.out.batch_dir) if f != self.out.folder]

    # -- answers ------------------------------------------------------------------------------

    def feed(self, answer: str | None) -> Reply:
        """Act on one answer: a key (``a r 1-9 e s A R u q ? h``), or after ``e`` the
        replacement text; ``None`` is the end of input (like ``q``)."""
        c = self.current
        if c is None:
            self.finished = True
            return Reply(ReplyKind.QUIT)
        if self._leaving:
            self._leaving = False
            return self._leave_out(answer or "")
        if self._editing is not None:
            self._editing = None
            if answer is None or not answer.strip():
                return Reply(ReplyKind.AGAIN, "Cancelled.")
            return self._decide(c, Action.EDIT, replacement=answer)
        if answer is None or answer == "q":
            self.finished = True
            return Reply(ReplyKind.QUIT)
        return self._key(c, answer)

    def _key(self, c: Correction, key: str) -> Reply:
        names = [text for text, _ in c.candidates]
        if key in ("?", "h"):
            return Reply(ReplyKind.HELP)
        if key == "s":
            self.skipped.add(c.id)
            self.handled.append(c.id)
            note = Note(NoteKind.SKIPPED, f"Skipped {c.original}: still pending.")
            return Reply(ReplyKind.NEXT, note=note)
        if key == "u":
            return self._undo()
        if c.is_line:
            return self._line_key(c, key)
        if key in ("a", "r", "A", "R", "x") and (group := self.group):
            return self._group_key(group, key)
        if key in ("a", "r", "A", "R"):
            action = Action.ACCEPT if key.lower() == "a" else Action.REJECT
            scope = Scope.BATCH if key.isupper() else Scope.THIS
            return self._decide(c, action, scope=scope)
        if key.isdigit() and len(key) == 1 and key != "0":
            if int(key) > len(names):
                return Reply(ReplyKind.AGAIN, f"There is no candidate {key} (1-{len(names)}).")
            return self._decide(c, Action.CANDIDATE, candidate=int(key))
        if key == "e":
            self._editing = c.id
            return Reply(ReplyKind.TEXT, f"Replacement for {c.original} (Enter to cancel): ")
        if key:
            return Reply(ReplyKind.AGAIN, f"Unknown key {key!r}. {KEYS_HELP}  ? help")
        return Reply(ReplyKind.AGAIN)

    def _group_key(self, group: tuple[Item, ...], key: str) -> Reply:
        """``a``/``r`` decide every place of ``group``; ``x`` asks which to leave out."""
        if key == "x":
            self._leaving = True
            return Reply(
                ReplyKind.TEXT,
                f"Places to leave out, 2-{len(group)} (e.g. 2 3; Enter to cancel): ",
            )
        if key in ("A", "R"):
            return Reply(ReplyKind.AGAIN, GROUP_NO_BATCH)
        queue = self._batch()
        keys = {i.key for i in group}
        pending = next(
            g for g in queue.groups() if g.key.startswith("word:") and group[0] in g.items
        )
        exclude = [i.key for i in pending.items if i.key not in keys]
        choice = "accept" if key == "a" else "reject"
        try:
            made = queue.decide_group(pending.key, choice, exclude)
        except ValueError as exc:
            return Reply(ReplyKind.AGAIN, f"Not recorded: {exc}")
        warnings = self._refresh()
        self.handled.append(group[0].correction.id)
        self.decided += 1
        self._answers.append(len(made))
        docs = {i.document for i in group}
        readings = {i.correction.original.casefold() for i in group}
        word = group[0].correction.replacement
        elsewhere = sum(i.document != self.out.name for i in group)
        text = (
            f"{'Accepted' if key == 'a' else 'Kept'} {len(readings)} readings of {word}: "
            f"{count_places(len(group))}"
        )
        if elsewhere:
            text += f" ({elsewhere} in {len(docs - {self.out.name})} other document"
            text += "s)" if len(docs - {self.out.name}) > 1 else ")"
        learned = any(d.learned for d in made)
        if learned:  # said here: ``learned_note`` of one decision offers A, refused on groups
            where = "places with like neighbouring words" if key == "a" else "every document"
            text += f"; each reading learned for {where}"
        note = Note(NoteKind.DECIDED, text, learned=learned)
        return Reply(ReplyKind.NEXT, note=note, warnings=warnings)

    def _leave_out(self, answer: str) -> Reply:
        """The numbers typed after ``x``: those places of the group are asked on their own
        (the same proposal stays current: the reply is NEXT with a ``LEFT_OUT`` note, so that
        the screen is drawn again)."""
        group = self.group
        if not answer.strip():
            return Reply(ReplyKind.AGAIN, "Cancelled.")
        try:
            numbers = {int(n) for n in answer.replace(",", " ").split()}
        except ValueError:
            return Reply(ReplyKind.AGAIN, f"Not numbers: {answer!r}. Nothing left out.")
        if stray := sorted(n for n in numbers if not 2 <= n <= len(group)):
            return Reply(
                ReplyKind.AGAIN,
                f"No place {', '.join(map(str, stray))} to leave out (2-{len(group)}; 1 is the "
                "one asked: to decide it on its own, leave the others out). Nothing left out.",
            )
        self.apart |= {group[n - 1].key for n in numbers}
        said = f"Left out {count_places(len(numbers))}: asked on their own."
        said += "" if self.group else " Place 1 is now asked alone."
        # NEXT, not AGAIN: the screen is drawn again, with the places still in the group.
        return Reply(ReplyKind.NEXT, note=Note(NoteKind.LEFT_OUT, said))

    def _line_key(self, c: Correction, key: str) -> Reply:
        """A key on a line item: ``e`` types the line, ``r`` keeps it; no candidates."""
        if key == "r":
            return self._decide(c, Action.REJECT)
        if key == "a" and has_suggestion(c):
            return self._decide(c, Action.EDIT, replacement=c.replacement)
        if key == "e":
            self._editing = c.id
            return Reply(ReplyKind.TEXT, "The line as the scan reads it (Enter to cancel): ")
        if key in ("a", "A", "R") or (key.isdigit() and len(key) == 1):
            return Reply(ReplyKind.AGAIN, LINE_ONLY)
        if key:
            return Reply(ReplyKind.AGAIN, f"Unknown key {key!r}. {LINE_KEYS_HELP}  ? help")
        return Reply(ReplyKind.AGAIN)

    def _decide(
        self,
        c: Correction,
        action: Action,
        *,
        candidate: int | None = None,
        replacement: str | None = None,
        scope: Scope = Scope.THIS,
    ) -> Reply:
        try:
            d = record_decision(
                self.store,
                self.out.name,
                c,
                action,
                candidate=candidate,
                replacement=replacement,
                scope=scope,
                source_sha256=self.out.source_sha256,
            )
        except ValueError as exc:
            return Reply(ReplyKind.AGAIN, f"Not recorded: {exc}")
        before = len(self.todo())
        warnings = self._refresh()
        self.handled.append(c.id)
        self.decided += 1
        self._answers.append(1)
        text = describe(d)
        # The user lexicon has learned the word: its other places here are settled too.
        here = before - len(self.todo())
        if scope is Scope.BATCH:
            places, busy = refresh_others(self.out, self.store, d.original)
            warnings += (BUSY,) if busy else ()
            text += f": {count_places(here)} here, {count_places(places)} in other documents"
        elif here > 1:
            text += f" ({count_places(here)} here)"
        # A decision of the other scope it superseded, or the batch-wide one it is an
        # exception to: said, as ``decide`` says it.
        text += "".join(f". {n.rstrip('.')}" for n in scope_notes(d, self.store))
        note = Note(NoteKind.DECIDED, text, d, learned=bool(d.learned))
        return Reply(ReplyKind.NEXT, note=note, warnings=warnings)

    def _refresh(self) -> tuple[str, ...]:
        self.out, self.reviewed, busy = refresh_or_defer(self.out, self.store)
        # A run may have rewritten the output meanwhile: ask about its new proposals too.
        self.base = {c.id: c for c in self.out.corrections}
        known = set(self.order)
        ordered = review_order(self.reviewed.pending, self.counts)
        self.order += [c.id for c in ordered if c.id not in known]
        return (BUSY,) if busy else ()

    def _undo(self) -> Reply:
        if self._answers and self._answers[-1] > 1 and self._queue is not None:
            return self._undo_group(self._answers.pop())
        if self._answers:
            self._answers.pop()
        target = undo_last(self.store, self.out.name)
        if target is None:
            return Reply(ReplyKind.NEXT, note=Note(NoteKind.NOTHING, "Nothing to undo."))
        warnings = self._refresh()
        if target.scope is Scope.BATCH:
            busy = refresh_others(self.out, self.store, target.original)[1]
            warnings += (BUSY,) if busy else ()
        cid = target.correction
        if cid in self.handled:
            self.handled.remove(cid)
        self.skipped.discard(cid)
        if cid in self.base:  # ask it again, first
            self.order = [cid, *(i for i in self.order if i != cid)]
        self.decided = max(0, self.decided - 1)
        undone = describe(target)
        text = f"↶ Undone: {undone[:1].lower()}{undone[1:]}"
        if (back := standing_at(self.store, target)) is not None:
            again = describe(back)  # the decision the undone one had superseded
            text += f"; {again[:1].lower()}{again[1:]} stands again"
        elif cid not in self.base:  # decided before the last run, which no longer proposed it
            text += "; the next 'foia-clean run' proposes it again"
        return Reply(ReplyKind.NEXT, note=Note(NoteKind.UNDONE, text, target), warnings=warnings)

    def _undo_group(self, n: int) -> Reply:
        """Undo the ``n`` decisions of the last group answer (each place asked again)."""
        assert self._queue is not None
        undone = [d for _ in range(n) if (d := self._queue.undo()) is not None]
        warnings = self._refresh()
        ids = {d.correction for d in undone}
        mine = [i for i in self.handled if i in ids]
        for cid in mine:
            self.handled.remove(cid)
        first = [i for i in self.order if i in ids and i in self.base]
        self.order = first + [i for i in self.order if i not in ids]
        self.decided = max(0, self.decided - 1)
        readings = sorted({d.original for d in undone})
        text = f"↶ Undone: the group's {count_places(len(undone))} ({', '.join(readings)})"
        return Reply(ReplyKind.NEXT, note=Note(NoteKind.UNDONE, text), warnings=warnings)


def shares_word_of(c: Correction) -> bool:
    """Might ``c`` be in a word group (``keys.shares_word`` or ``keys.in_capitals`` on its own
    record)? Saves reading the batch for every other proposal."""
    cands = [t for t, _ in c.candidates]
    return in_capitals(c.original, c.replacement, c.reason) or shares_word(
        c.original, c.replacement, cands, c.reason
    )


def count_places(n: int) -> str:
    """``n place(s)``, for people.

    >>> count_places(1), count_places(3)
    ('1 place', '3 places')
    """
    return f"{n} place{'' if n == 1 else 's'}"
