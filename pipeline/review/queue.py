"""The batch's review queue: every pending proposal of every document, in the order that fixes
the most with the fewest keys, and the groups one key can decide at once.

The terminal review walks one document; a reviewer with a whole release wants the batch: the
proposals whose first candidate is most probably right first (one key, ``a``, fixes them), the
same change in many documents as one group, and recurring OCR confusions (a typewriter's ``e``
read as ``c``) as groups too, each shown with every place it would touch before anything is
recorded. No web in here: ``pipeline.review.web`` draws it, and tests drive it directly.

Decisions go through the same functions as the terminal (``record_decision``, ``undo_last``,
``refresh_or_defer``): the same locked append-only store, the same output files. The queue keeps
each document's reviewed state and reads a document again when its files or the reviews folder
changed (a run finished, a ``decide`` from a script).
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.core.errors import UsageError
from pipeline.core.results import Correction
from pipeline.review.answers import parse_answer
from pipeline.review.decisions import Action, Decision, Scope
from pipeline.review.keys import CAPITALS_KEY, change_key, confusion, review_key
from pipeline.review.learning import last_decision, record_decision, undo_last
from pipeline.review.outputs import (
    DocOutput,
    batch_folders,
    form_counts,
    load_output,
    logs_stamp,
    manual_pages,
    refresh_or_defer,
    refresh_others,
)
from pipeline.review.resolve import Reviewed, apply_decisions
from pipeline.review.store import BATCH_LOG, USER_LEXICON, ReviewStore
from pipeline.review.transcribe import (
    PageToType,
    page_span,
    pages_to_type,
    record_transcription,
)

log = logging.getLogger(__name__)

#: How much less likely one key fixes a word of at most ``SHORT_WORD_CHARS`` characters than its
#: top candidate's probability says: every short string lies near some word, and on the judged
#: dev proposals (``bench.proposals_dev``) such words' top candidates were right about 2 times in
#: 3 whatever that probability (longer words: 0.91 at 0.9 and over, 0.79 at 0.7-0.9). Chosen on
#: one half of those documents (``bench.proposals_breakdown.half``; the share of right-before-
#: wrong pairs in the queue's order, 0.685 → 0.781 at 0.3) and checked on the other (0.633 →
#: 0.684); it orders the queue only, the likelihood shown is the stage's.
SHORT_WORD_DOUBT = 0.3
SHORT_WORD_CHARS = 4
#: Characters of the word's line shown on each side of it.
CONTEXT_CHARS = 110
#: Fewest different changes a confusion group holds (``subjeot``, ``faot``, ``sinoe``: a
#: typeface's ``c`` read as ``o``). A group costs a screen of its own and a reviewer must read
#: every place in it; with two words it saves at most one key and wastes one when either is
#: wrong (on the labelled JFK dev set the one two-word group, an ``e`` dropped from
#: ``materiale`` and ``visite``, held no place a key could settle), so two different words that
#: share an edit are asked one by one.
PATTERN_MIN_CHANGES = 3


@dataclass(frozen=True)
class Item:
    """One pending proposal in the queue, with what a reviewer needs to decide it."""

    document: str
    correction: Correction
    #: Probability (0-1) that ``a`` (the first candidate) is right: the correct stage's
    #: in-context probability of that candidate; 0 when there is none (it must be typed, as a
    #: "transcribe by hand" line item is: those come last).
    likelihood: float
    docs: int  # documents of the batch where the same word was flagged
    places: int  # places of the batch where the same word was flagged
    before: str  # the line up to the word (cut at a word boundary)
    after: str  # the line after the word
    change: str  # the group of identical changes: ``tbe → the``
    pattern: str | None  # the OCR confusion of the change (``e → c``), if it is one
    #: The item's review key (``review_key``): ``change``, or for a long replacement's
    #: misreading the key it shares with the other misreadings of that word (``… → registry``);
    #: empty for ``change`` (items made by hand in tests).
    review: str = ""

    @property
    def group_key(self) -> str:
        """The key of the screen this item is decided on with others: ``review`` or ``change``."""
        return self.review or self.change

    @property
    def scored(self) -> bool:
        """Does the proposal carry a likelihood? Not a line item (no candidates), nor a word
        the user lexicon applied and no longer confirms (``resolve._reopened``: every candidate
        at 0, where the correct stage's probabilities sum to 1): the queue says "no
        likelihood" for it rather than "0 % likely"."""
        return any(score for _, score in self.correction.candidates)

    @property
    def one_key(self) -> float:
        """How likely one key fixes it, for the queue's order (0-1): ``likelihood``, less
        ``SHORT_WORD_DOUBT`` for a word of at most ``SHORT_WORD_CHARS`` characters."""
        short = not self.correction.is_line and len(self.correction.original) <= SHORT_WORD_CHARS
        return max(0.0, self.likelihood - SHORT_WORD_DOUBT) if short else self.likelihood

    @property
    def key(self) -> str:
        """The item's id in the API: ``<document>/<correction id>``."""
        return f"{self.document}/{self.correction.id}"

    def to_dict(self) -> dict[str, Any]:
        """For ``GET /api/proposals``."""
        c = self.correction
        return {
            "id": self.key,
            "kind": c.kind.value,
            "document": self.document,
            "correction": c.id,
            "page": c.page,
            "line": c.line + 1,
            "bbox": None if c.bbox is None else c.bbox.to_list(),
            "original": c.original,
            "replacement": c.replacement,
            "candidates": [[text, score] for text, score in c.candidates],
            "reason": c.reason,
            "conf": c.conf,
            "context": {"before": self.before, "word": c.original, "after": self.after},
            "likelihood": round(self.likelihood, 3),
            "batch": {"documents": self.docs, "places": self.places},
            "change": self.change,
            "review": self.group_key,
            "pattern": self.pattern,
        }


def queue_order(item: Item) -> tuple[float, int, str, int]:
    """The queue's sort key: most likely fixed by one key first (``Item.one_key``), then the
    word found in more places of the batch, then document and text order."""
    return (-item.one_key, -item.places, item.document, item.correction.start)


@dataclass(frozen=True)
class Group:
    """Items one decision can settle at once: the same change, different misreadings of one
    long word (``review_key``), or the same OCR confusion."""

    key: str  # ``change:<change>``, ``word:<replacement>`` or ``pattern:<pattern>``
    title: str
    items: tuple[Item, ...]

    @property
    def documents(self) -> list[str]:
        """The documents the group touches, sorted."""
        return sorted({i.document for i in self.items})

    def to_dict(self) -> dict[str, Any]:
        """For ``GET /api/groups``: the group and a preview of every place."""
        return {
            "key": self.key,
            "title": self.title,
            "places": len(self.items),
            "documents": self.documents,
            "items": [
                {
                    "id": i.key,
                    "before": i.before,
                    "original": i.correction.original,
                    "replacement": i.correction.replacement,
                    "after": i.after,
                }
                for i in self.items
            ],
        }


@dataclass
class _Doc:
    stamp: tuple[int, ...]
    out: DocOutput
    reviewed: Reviewed


@dataclass
class ReviewQueue:
    """The review of a batch (``batch_dir`` is ``OUT``), or of one document in it (``only``).

    Raises ``UsageError`` when ``batch_dir`` has no document to review, and what the store
    raises (``ReviewLogError``, ``DictionaryError``) when reading it.
    """

    batch_dir: Path
    store: ReviewStore
    only: str | None = None
    #: Keys of the items skipped, in the order skipped: asked again last, in that order.
    skipped: dict[str, int] = field(default_factory=dict)
    #: Documents of the decisions made through this queue, latest last: what ``u`` undoes.
    history: list[str] = field(default_factory=list)
    _docs: dict[str, _Doc] = field(default_factory=dict)
    #: The reviews logs as the queue was made (``logs_stamp``): what the review recorded.
    stamp: tuple[tuple[str, int], ...] = field(default=(), init=False)

    def __post_init__(self) -> None:
        self.batch_dir = Path(self.batch_dir)
        self.stamp = logs_stamp(self.store.root)
        if not self.folders():
            what = f"document {self.only!r}" if self.only else "document with corrections"
            raise UsageError(
                f"{self.batch_dir}: no {what} in it (give OUT, the folder 'foia-clean run' wrote)"
            )
        self.refresh()

    # -- reading -----------------------------------------------------------------------------

    def folders(self) -> list[Path]:
        """The output folders reviewed."""
        folders = batch_folders(self.batch_dir)
        return [f for f in folders if f.name == self.only] if self.only else folders

    def _stamp(self, folder: Path) -> tuple[int, ...]:
        paths = (
            folder / "corrections.jsonl",
            folder / "metadata.json",
            self.store.root / f"{folder.name}.jsonl",
            self.store.root / BATCH_LOG,
            self.store.root / USER_LEXICON,
        )
        return tuple(p.stat().st_mtime_ns if p.exists() else 0 for p in paths)

    def refresh(self) -> None:
        """Read again every document whose files or decisions changed since last read."""
        seen = set()
        for folder in self.folders():
            seen.add(folder.name)
            stamp = self._stamp(folder)
            doc = self._docs.get(folder.name)
            if doc is not None and doc.stamp == stamp:
                continue
            try:
                out = load_output(folder)
            except UsageError as exc:
                log.warning("not reviewed: %s", exc)
                continue
            reviewed = apply_decisions(
                out.name, out.stripped, out.result(), self.store, out.flagged
            )
            self._docs[folder.name] = _Doc(stamp, out, reviewed)
        for gone in set(self._docs) - seen:
            del self._docs[gone]
        self.counts = form_counts(self.batch_dir)

    def doc(self, name: str) -> DocOutput:
        """A reviewed document's output (``KeyError`` for one not in the queue)."""
        return self._docs[name].out

    def reviewed(self, name: str) -> Reviewed:
        """A document's records with the standing decisions applied (``KeyError``)."""
        return self._docs[name].reviewed

    def documents(self) -> list[str]:
        """The names of the documents in the queue, sorted."""
        return sorted(self._docs)

    def overview(self) -> dict[str, dict[str, int]]:
        """Document -> how many of its correction records are in each state (``applied`` by
        the run, ``proposed``, ``accepted``, ``edited``, ``rejected``), decisions applied; for
        the page that says what there is when nothing is left to ask."""
        return {
            name: dict(Counter(str(c.decision) for c in doc.reviewed.corrections))
            for name, doc in sorted(self._docs.items())
        }

    def manual(self) -> list[tuple[str, int, str]]:
        """The pages flagged for manual transcription, as (document, page from 1, reason), by
        document and page: nothing on them is proposed, so the page that says what there is
        names them apart (``outputs.manual_pages``)."""
        return [
            (name, n, why)
            for name, doc in sorted(self._docs.items())
            for n, why in manual_pages(doc.out.metadata)
        ]

    def manual_apart(self) -> tuple[list[tuple[str, int, str]], list[tuple[str, int, str]]]:
        """``manual``'s pages said apart as ``manual_note`` says them: those OCR could not read
        (to type: each is one of ``pages``) and those the correct stage judged not text."""
        typeable = {(p.document, p.page.number) for p in self.pages()}
        pages = self.manual()
        return (
            [p for p in pages if (p[0], p[1]) in typeable],
            [p for p in pages if (p[0], p[1]) not in typeable],
        )

    def pages(self) -> list[PageToType]:
        """The pages OCR flagged for manual transcription, by document and page, each with
        where it stands (open, transcribed, stale: typed from pixels that changed)."""
        out = []
        for name, doc in sorted(self._docs.items()):
            r = doc.reviewed
            out += pages_to_type(name, r.flagged, r.stale, r.corrections, self.store.standing(name))
        return out

    def page(self, document: str, number: int) -> PageToType:
        """One flagged page (``KeyError`` when ``document`` has no such page flagged; its
        message says so apart for a page the correct stage judged not text, as ``decide``
        does: there is no placeholder on it to type over)."""
        for p in self.pages():
            if p.document == document and p.page.number == number:
                return p
        if any((d, n) == (document, number) for d, n, _ in self.manual()):
            raise KeyError(
                f"page {number} of {document!r} was judged not text by correction: its OCR "
                "text is kept in clean.txt, with no placeholder to type over (only a page OCR "
                "could not read is typed here)"
            )
        raise KeyError(f"page {number} of {document!r} is not flagged for manual transcription")

    def transcribe(self, document: str, number: int, text: str) -> tuple[Decision, bool]:
        """Record ``text`` as the transcription of page ``number`` of ``document`` and write
        the document's outputs again. Returns (the decision, whether a run held the output
        folder). Raises ``KeyError`` for a page not flagged, ``ValueError`` for an empty text
        or a page whose pixels the run could not read."""
        p = self.page(document, number)
        out = self.doc(document)
        span = page_span(out.stripped, number)
        original = out.stripped[span[0] : span[1]] if span else ""
        d = record_transcription(
            self.store, out.name, p.page, original, text, source_sha256=out.source_sha256
        )
        self.history.append(out.name)
        return d, self._write(out, d)

    def items(self, *, skipped: bool = True) -> list[Item]:
        """The pending proposals, most likely fixed by one key first (``Item.one_key``: the
        first candidate's probability, a short word's less), then how often the word recurs in
        the batch, then document and text order; skipped ones last, in the order skipped (left
        out when ``skipped`` is False)."""
        out = []
        for name in sorted(self._docs):
            doc = self._docs[name]
            out.extend(self._item(doc.out, c) for c in doc.reviewed.pending)
        out.sort(key=queue_order)
        later = sorted((i for i in out if i.key in self.skipped), key=lambda i: self.skipped[i.key])
        now = [i for i in out if i.key not in self.skipped]
        return now + later if skipped else now

    def item(self, key: str) -> Item:
        """The pending item ``<document>/<correction id>`` (a unique correction id alone will
        do). Raises ``KeyError`` naming what is not there."""
        hits = [i for i in self.items() if key in (i.key, i.correction.id)]
        if len(hits) != 1:
            raise KeyError(f"no pending proposal {key!r}" if not hits else f"{key!r} is ambiguous")
        return hits[0]

    def _item(self, out: DocOutput, c: Correction) -> Item:
        docs, places = self.counts.get(c.original.casefold(), (1, 1))
        before, after = line_context(out.stripped, c.start, c.end)
        top = c.candidates[0][1] if c.candidates else 0.0
        return Item(
            document=out.name,
            correction=c,
            likelihood=max(0.0, min(1.0, float(top))),
            docs=docs,
            places=places,
            before=before,
            after=after,
            change=change_key(c.original, c.replacement),
            pattern=confusion(c.original, c.replacement),
            review=review_key(c.original, c.replacement, [t for t, _ in c.candidates], c.reason),
        )

    def groups(self) -> list[Group]:
        """The pending items' groups (``group_items``)."""
        return group_items(self.items())

    def group(self, key: str) -> Group:
        """The group ``key`` (``KeyError`` when no such group is pending)."""
        for g in self.groups():
            if g.key == key:
                return g
        raise KeyError(f"no pending group {key!r}")

    # -- deciding ----------------------------------------------------------------------------

    def decide(
        self, key: str, choice: str, scope: Scope = Scope.THIS, text: str | None = None
    ) -> tuple[Decision, bool]:
        """Record ``choice`` on item ``key``: ``accept``, ``reject``, a candidate number,
        ``text`` with the replacement in ``text``, or (the short form) the replacement itself
        (``answers.parse_answer``). Writes the document's outputs again (and with
        ``Scope.BATCH`` those of every document with the word). Returns (the decision, whether
        a run held an output folder so that the next run applies it). Raises ``KeyError`` for
        an unknown item, ``ValueError`` for a bad choice."""
        item = self.item(key)
        answer = parse_answer(choice, item.correction, text)
        if answer is None:
            raise ValueError("say accept, reject, a candidate number or text (the replacement)")
        out = self.doc(item.document)
        d = record_decision(
            self.store,
            out.name,
            item.correction,
            answer.action,
            replacement=answer.text,
            candidate=answer.candidate,
            scope=scope,
            source_sha256=out.source_sha256,
        )
        self.history.append(out.name)
        busy = self._write(out, d)
        return d, busy

    def decide_group(self, key: str, choice: str, exclude: Collection[str] = ()) -> list[Decision]:
        """Accept or reject every item of group ``key`` but those whose keys are in
        ``exclude`` (they stay pending, to be decided one by one), each as a decision on its
        own place (no batch-wide rule is made). Returns the decisions in queue order. Raises
        ``KeyError`` for a group not pending, ``ValueError`` for a bad choice, an excluded key
        not in the group, or nothing left to decide."""
        group = self.group(key)
        if choice not in ("accept", "reject"):
            raise ValueError("a group takes accept or reject")
        keys = {i.key for i in group.items}
        if stray := sorted(set(exclude) - keys):
            raise ValueError(f"not in group {key!r}: {', '.join(stray)}")
        chosen = [i for i in group.items if i.key not in set(exclude)]
        if not chosen:
            raise ValueError("every place of the group is left out: nothing to decide")
        action = Action.ACCEPT if choice == "accept" else Action.REJECT
        made = []
        touched: dict[str, DocOutput] = {}
        for i in chosen:
            out = self.doc(i.document)
            made.append(
                record_decision(
                    self.store, out.name, i.correction, action, source_sha256=out.source_sha256
                )
            )
            self.history.append(out.name)
            touched[out.name] = out
        for out in touched.values():
            refresh_or_defer(out, self.store)
        self.refresh()
        return made

    def skip(self, key: str) -> Item:
        """Leave item ``key`` pending and ask it last (``KeyError`` for an unknown item)."""
        item = self.item(key)
        self.skipped.pop(item.key, None)
        self.skipped[item.key] = max(self.skipped.values(), default=0) + 1
        return item

    def undo(self) -> Decision | None:
        """Undo the latest standing decision on the document last decided here (walking back
        through the documents decided; with none decided here, the latest decision on any
        document of the queue, so ``u`` works after a restart too); None when there is nothing
        to undo."""
        while self.history or (name := self._latest_decided()):
            name = self.history.pop() if self.history else name
            target = undo_last(self.store, name)
            if target is None:
                continue
            self.skipped.pop(f"{name}/{target.correction}", None)
            if name in self._docs:
                self._write(self.doc(name), target)
            return target
        return None

    def _latest_decided(self) -> str | None:
        """The document of the queue with the latest standing decision, or None."""
        latest = [(d.time, name) for name in self._docs if (d := last_decision(self.store, name))]
        return max(latest)[1] if latest else None

    def rewrite(self, document: str) -> bool:
        """Write ``document``'s outputs again from the standing decisions (after a decision
        made outside the queue, such as a transcription undone). Returns whether a run held
        the folder (the next run writes them)."""
        busy = refresh_or_defer(self.doc(document), self.store)[2]
        self.refresh()
        return busy

    def _write(self, out: DocOutput, d: Decision) -> bool:
        busy = refresh_or_defer(out, self.store)[2]
        if d.scope is Scope.BATCH or d.reverts:  # a revert keeps like places elsewhere too
            busy |= bool(refresh_others(out, self.store, d.original)[1])
        self.refresh()
        return busy


def group_items(items: list[Item]) -> list[Group]:
    """Groups of ``items`` one key can settle: one review key (``Item.group_key``: an identical
    change, or different misreadings of one long word, ``review_key``) at two or more places,
    and an OCR confusion (``Item.pattern``) that recurs across ``PATTERN_MIN_CHANGES`` or more
    different changes; the most places first, then by key. A review key that holds one change
    is that change's group (``change:<change>``), one that holds several is ``word:<the
    replacement>`` (``word:… capitals`` for case confusions in all-caps text,
    ``keys.in_capitals``): each place is shown with its own reading and context, and may be
    left out. "Transcribe by hand" lines are typed place by place and never grouped."""
    by_key: dict[str, list[Item]] = defaultdict(list)
    by_pattern: dict[str, list[Item]] = defaultdict(list)
    for i in items:
        if i.correction.is_line:
            continue
        by_key[i.group_key].append(i)
        if i.pattern is not None:
            by_pattern[i.pattern].append(i)
    out = []
    for v in by_key.values():
        if len(v) < 2:
            continue
        changes = {i.change for i in v}
        if len(changes) == 1:
            out.append(Group(f"change:{v[0].change}", _change_title(v[0].correction), tuple(v)))
        elif v[0].group_key == CAPITALS_KEY:
            title = (
                f"{len(changes)} words in small letters amid capitals: {_readings(v)} → capitals"
            )
            out.append(Group("word:… capitals", title, tuple(v)))
        else:
            word = v[0].correction.replacement
            title = f"{len(changes)} readings of {word}: {_readings(v)} → {word}"
            out.append(Group(f"word:{word.casefold()}", title, tuple(v)))
    out += [
        Group(f"pattern:{k}", f"OCR read {_side(k, 1)} as {_side(k, 0)}", tuple(v))
        for k, v in by_pattern.items()
        if len({i.change for i in v}) >= PATTERN_MIN_CHANGES
    ]
    out.sort(key=lambda g: (-len(g.items), g.key))
    return out


def _readings(items: list[Item]) -> str:
    """The different readings of a word group's places, as first met, joined for a title."""
    seen: dict[str, str] = {}
    for i in items:
        seen.setdefault(i.correction.original.casefold(), i.correction.original)
    return ", ".join(seen.values())


def _change_title(c: Correction) -> str:
    return f"{c.original} → {c.replacement}"


def _side(pattern: str, which: int) -> str:
    """One side of a ``read → meant`` pattern, quoted for people."""
    side = pattern.split(" → ")[which]
    return "nothing" if side == "∅" else f"'{side}'"


def line_context(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The word's line in ``text`` around ``start:end``: (before, after), at most ``chars``
    each side, cut at spaces with ``…`` where cut.

    >>> line_context("one\\nHe said tbe meeting.\\nx", 12, 15)
    ('He said ', ' meeting.')
    """
    line_start = max(text.rfind("\n", 0, start), text.rfind("\f", 0, start)) + 1
    ends = [i for i in (text.find("\n", end), text.find("\f", end)) if i != -1]
    line_end = min(ends) if ends else len(text)
    lo, hi = max(line_start, start - chars), min(line_end, end + chars)
    if lo > line_start:
        lo = text.find(" ", lo, start) + 1 or lo
    if hi < line_end:
        cut = text.rfind(" ", end, hi)
        hi = cut if cut != -1 else hi
    before = ("… " if lo > line_start else "") + text[lo:start]
    after = text[end:hi] + (" …" if hi < line_end else "")
    return before, after
