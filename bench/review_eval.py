"""Screens per real error fixed: a perfect reviewer through the terminal and the web review.

Issue 16 judges the review by what a person pays for each real OCR error it fixes. This module
runs the pipeline on the labelled real FOIA OCR (``bench/labels/``, through
``bench.labelled.run_pipeline``: one batch per split, as a user would run a release) and lets a
reviewer who knows the labels work through the proposals with the real review code:

* **terminal**: ``pipeline.review.session.Session``, one document after another, fed keys;
* **web**: ``pipeline.review.queue.ReviewQueue`` (what the web app drives): the groups first,
  then the queue in its order.

On every screen the reviewer does what a person who knows the right answer would do
(``Oracle.answer``): accept when the top candidate gives the labelled word, pick candidate k
when it is among them, type the word when it is not (one screen too), reject when the word is
right as it is (labelled correct-but-unusual, or an unmarked word of a body line: the labels
mark every OCR error), skip when the place cannot be known (a noise or cover-form line, an
error labelled unreadable, furniture left in the text, a spurious token a reviewer cannot type
away). A line to transcribe by hand is typed as far as it can be read: an unreadable word in it
as OCR gave it (as the gold keeps it), the rest right; it counts every wrong word it fixed.
``A``/``R`` (the word in every document) only when every pending place of the word in the batch
wants the same answer. A group costs one screen when the reviewer reads it, whether they
then decide it or not. The page lets them untick places: they accept (or keep) the larger set of
places that want the same accept (or reject), the others left out stay in the queue; a group
with no such place is a screen spent for nothing.

*Real errors fixed* are counted from the output, not from the reviewer's intentions: once the
review's decisions (and what they taught the user lexicon) are applied to every document, as
the next run applies them (``settle``), the records of ``corrections.jsonl`` are judged against
the gold body (``bench.metrics``), minus those right before the review; wrong changes the review
made (a right decision can teach a rule that is wrong elsewhere) are reported as well.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.charalign import cores
from bench.label_files import _MARK, UNKNOWN, LabelledDoc, load_labels
from bench.labelled import run_pipeline
from bench.material import SPLIT_NAMES
from bench.metrics import Record, align, core, judge_corrections

GOAL = 1.2  # issue 16: screens per real error fixed
MODES = ("terminal", "web")
# Kinds of a gold token, the strongest first (a token made of several keeps the strongest).
_KINDS = ("unknown", "noise", "error", "unusual", "body")


@dataclass(frozen=True)
class Answer:
    """What the perfect reviewer does on one screen: ``accept``, ``candidate`` (``k``),
    ``text`` (``text``), ``reject`` or ``skip``; ``why`` says what the labels say."""

    kind: str
    why: str
    k: int = 0
    text: str = ""


@dataclass(frozen=True)
class _Gold:
    text: str
    core: str
    kind: str


def gold_tokens(doc: LabelledDoc) -> list[_Gold]:
    """The tokens of ``doc.gold_body()``, each with what the labels say of it: ``body`` (an
    unmarked word of a body line), ``error`` (the right word of an OCR error), ``unusual``
    (correct-but-unusual), ``unknown`` (an error whose right word cannot be read), ``noise``
    (a noise or cover-form line, not labelled word by word)."""
    raw = doc.path.read_text(encoding="utf-8").split("\n")
    body = [r for r in raw if not (r.startswith("# ") or r == "")]
    out: list[_Gold] = []
    for row in body:
        tag, _, text = row.partition("\t")
        if tag in "NM":
            segments = [(_unmark(text), "noise")]
        elif tag == "B":
            segments = _segments(text)
        else:
            continue
        chars = "".join(s for s, _ in segments)
        kinds = [k for s, k in segments for _ in s]
        for m in re.finditer(r"\S+", chars):
            ks = set(kinds[m.start() : m.end()])
            kind = next(k for k in _KINDS if k in ks)
            out.append(_Gold(m.group(), core(m.group()), kind))
    want = [core(t) for t in doc.gold_body().split()]
    if [g.core for g in out] != want:  # the reader and this walk disagree: a bug here
        raise ValueError(f"{doc.path}: gold tokens do not match gold_body()")
    return out


def _unmark(text: str) -> str:
    return "".join(s for s, _ in _segments(text, keep_furniture=True))


def _segments(text: str, keep_furniture: bool = False) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _MARK.finditer(text):
        out.append((text[pos : m.start()], "body"))
        bad, right, odd, furn = m.groups()
        if bad is not None:
            out.append((bad, "unknown") if right == UNKNOWN else (right, "error"))
        elif odd is not None:
            out.append((odd, "unusual"))
        elif keep_furniture:
            out.append((furn, "body"))
        pos = m.end()
    out.append((text[pos:], "body"))
    return out


class Oracle:
    """The labels of one document, read against its ``stripped.txt``: the answer a person who
    knows them gives to a proposal (``answer``)."""

    def __init__(self, doc: LabelledDoc, stripped: str) -> None:
        self.doc = doc
        self.stripped = stripped
        self.gold = gold_tokens(doc)
        self.toks = list(re.finditer(r"\S+", stripped))
        self.pairs = align([core(t.group()) for t in self.toks], [g.core for g in self.gold])

    def _place(self, start: int, end: int) -> tuple[int, int, list[int], list[int]] | None:
        """(first token, last token, the gold indices its tokens align to one for one (empty
        when one does not align), the gold indices between the nearest aligned neighbours) of
        ``stripped[start:end]``; None when it covers no token."""
        ks = [k for k, t in enumerate(self.toks) if t.end() > start and t.start() < end]
        if not ks:
            return None
        first, last = ks[0], ks[-1]
        one = [p for k in ks if (p := self.pairs[k]) is not None]
        one = one if len(one) == len(ks) else []
        left = max((p for p in self.pairs[:first] if p is not None), default=-1)
        right = min((p for p in self.pairs[last + 1 :] if p is not None), default=len(self.gold))
        return first, last, one, list(range(left + 1, right))

    def answer(self, c: Any) -> Answer:
        """The answer to ``c`` (a ``Correction`` pointing into ``stripped``)."""
        place = self._place(c.start, c.end)
        if place is None or self.stripped[c.start : c.end] != c.original:
            return Answer("skip", "not found in the text")
        first, last, one, between = place
        s, e = self.toks[first].start(), self.toks[last].end()
        span = self.stripped[s:e]
        pre, post = span[: c.start - s], span[c.end - s :]

        def cores(x: str) -> str:
            return " ".join(w for w in (core(t) for t in x.split()) if w)

        def want(new: str) -> tuple[str, list[int]]:
            idx = one if one and len(new.split()) == last - first + 1 else between
            return " ".join(self.gold[i].core for i in idx if self.gold[i].core), idx

        right_text, idx = want(pre + c.original + post)
        kinds = {self.gold[i].kind for i in idx}
        if "noise" in kinds:
            return Answer("skip", "not labelled word by word")
        if "unknown" in kinds and not c.is_line:
            return Answer("skip", "unreadable")
        # A line typed by hand is typed as far as it can be read: its unreadable words as OCR
        # gave them (the gold keeps them so), the rest right.
        if cores(span) == right_text:
            return Answer("reject", "unusual" if "unusual" in kinds else "right as it is")
        if c.is_line and c.replacement != c.original:
            new = pre + c.replacement + post  # the line item's suggested line, one key
            if cores(new) == want(new)[0]:
                return Answer("accept", "the suggested line")
        names = [t for t, _ in c.candidates]
        for k, name in enumerate(names, 1):
            new = pre + name + post
            if cores(new) == want(new)[0]:
                return Answer("accept", "top candidate") if k == 1 else Answer("candidate", "", k)
        typed = self._typed(pre, post, idx)
        if typed and cores(pre + typed + post) == want(pre + typed + post)[0]:
            return Answer("text", "not among the candidates", text=typed)
        return Answer("skip", "furniture or a token a reviewer cannot type away")

    def _typed(self, pre: str, post: str, idx: Sequence[int]) -> str:
        gold = " ".join(self.gold[i].text for i in idx)
        if gold.startswith(pre) and gold.endswith(post) and len(gold) > len(pre) + len(post):
            return gold[len(pre) : len(gold) - len(post)]
        return gold


# ---------------------------------------------------------------------------------------------
# The two reviews


@dataclass
class Tally:
    """One simulated review: screens by what was done on them, and what the output gained."""

    screens: Counter[str] = field(default_factory=Counter)
    fixed: int = 0  # real errors right after the review that were not right before
    wrong: int = 0  # changes the review made that do not give the gold words
    errors: int = 0  # real errors in the text given to the correct stage
    proposals: int = 0  # proposal records pending before the review (one per place)
    items: int = 0  # ... as reviewer items: one per recurring change or line (``_items``)
    #: Screens that changed nothing (a reject, a skip, a group read for nothing), described.
    idle: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """For results.json."""
        total = sum(self.screens.values())
        return {
            "screens": total,
            "by_action": dict(sorted(self.screens.items())),
            "errors_fixed": self.fixed,
            "wrong_changes": self.wrong,
            "errors": self.errors,
            "proposals": self.proposals,
            "items": self.items,
            "screens_per_error_fixed": round(total / self.fixed, 3) if self.fixed else None,
            "idle_screens": self.idle[:30],
        }


def _batch_scope(answer: Answer, original: str, places: Iterable[tuple[str, Any, Answer]]) -> bool:
    """``A``/``R``: the word is pending in another document too (``places``: every pending
    proposal of the batch as (document, correction, answer)) and every place of it wants the
    same accept or reject."""
    same = [(d, a) for d, c, a in places if c.original.casefold() == original.casefold()]
    return (
        answer.kind in ("accept", "reject")
        and len({d for d, _ in same}) >= 2
        and all(a.kind == answer.kind for _, a in same)
    )


def terminal_review(
    batch: Path, reviews: Path, oracles: dict[str, Oracle], idle: list[str] | None = None
) -> Counter[str]:
    """The terminal review of every document of ``batch`` in turn (``Session``), fed the keys
    the oracle's answers call for. Returns screens by answer; the screens that change nothing
    are described in ``idle``."""
    from pipeline.review import ReviewStore
    from pipeline.review.outputs import load_output, pending_documents
    from pipeline.review.session import Session

    store = ReviewStore(reviews)
    screens: Counter[str] = Counter()
    visited: set[str] = set()
    while todo := [f for f in pending_documents(batch) if f.name not in visited]:
        folder = todo[0]
        visited.add(folder.name)
        oracle = oracles.get(folder.name)
        session = Session(load_output(folder), store)
        while (c := session.current) is not None:
            if (group := session.group) and (
                what := _terminal_group(session, group, oracles, idle)
            ):
                screens[what] += 1
                continue
            a = Answer("skip", "not labelled") if oracle is None else oracle.answer(c)
            batchwide = not c.is_line and _batch_scope(
                a, c.original, _pending(batch, store, oracles)
            )
            keys = {
                "accept": ["A" if batchwide else "a"],
                "reject": ["R" if batchwide else "r"],
                "candidate": [str(a.k)] if a.k <= 9 else ["e", ""],
                "text": ["e", a.text],
                "skip": ["s"],
            }[a.kind]
            if a.kind == "candidate" and a.k > 9:
                keys = ["e", c.candidates[a.k - 1][0]]
            for key in keys:
                session.feed(key)
            if c.id not in session.handled:  # refused (asked again): never loop on it
                session.feed("s")
                a = Answer("skip", "refused")
            screens[a.kind + (" (all documents)" if batchwide else "")] += 1
            _idle(idle, folder.name, c, a)
    return screens


def _terminal_group(
    session: Any, group: Sequence[Any], oracles: dict[str, Oracle], idle: list[str] | None
) -> str:
    """A word group's screen in the terminal (``Session.group``: the place asked first): as
    on the web page, the larger set of places that want the same accept or reject is decided
    with one key, the others left out (``x``); the place asked cannot be left out, so when it
    wants otherwise every other place is left out and it is answered alone on this screen.
    Returns what the screen counts as; empty when the place asked is to be answered alone
    (the screen is counted by that answer)."""

    def answer(item: Any) -> Answer:
        oracle = oracles.get(item.document)
        return oracle.answer(item.correction) if oracle else Answer("skip", "not labelled")

    kinds = [answer(i).kind for i in group]
    votes = Counter(k for k in kinds if k in ("accept", "reject"))
    choice = max(votes, key=lambda k: (votes[k], k == "accept")) if votes else ""
    if kinds[0] != choice:  # the place asked wants otherwise: the others go on their own
        session.feed("x")
        session.feed(" ".join(str(n) for n in range(2, len(group) + 1)))
        return ""
    out = [str(n) for n, k in enumerate(kinds, 1) if k != choice]
    if out:
        session.feed("x")
        session.feed(" ".join(out))
    session.feed("a" if choice == "accept" else "r")
    if idle is not None and choice == "reject":
        idle.append(f"group {group[0].correction.replacement}: reject")
    return f"group {choice}" + (", some places left out" if out else "")


def _idle(idle: list[str] | None, document: str, c: Any, a: Answer) -> None:
    if idle is not None and a.kind in ("reject", "skip"):
        idle.append(f"{document}: {c.original} → {c.replacement}: {a.kind} ({a.why})")


def _pending(batch: Path, store: Any, oracles: dict[str, Oracle]) -> list[tuple[str, Any, Answer]]:
    """Every pending proposal of the batch as (document, correction, answer)."""
    from pipeline.review.outputs import batch_folders, load_output
    from pipeline.review.resolve import apply_decisions

    places = []
    for folder in batch_folders(batch):
        out = load_output(folder)
        oracle = oracles.get(out.name)
        for c in apply_decisions(out.name, out.stripped, out.result(), store).pending:
            places.append(
                (out.name, c, oracle.answer(c) if oracle else Answer("skip", "not labelled"))
            )
    return places


def web_review(
    batch: Path, reviews: Path, oracles: dict[str, Oracle], idle: list[str] | None = None
) -> Counter[str]:
    """The web review of ``batch`` through ``ReviewQueue``: every group read once (its largest
    set of places that want the same accept or reject decided at once, the others left out),
    then the queue in its order. Returns screens by answer; the screens that change nothing
    are described in ``idle``."""
    from pipeline.review import ReviewStore
    from pipeline.review.decisions import Scope
    from pipeline.review.queue import ReviewQueue

    queue = ReviewQueue(batch, ReviewStore(reviews))
    screens: Counter[str] = Counter()

    def answer(item: Any) -> Answer:
        oracle = oracles.get(item.document)
        return oracle.answer(item.correction) if oracle else Answer("skip", "not labelled")

    read: set[str] = set()
    while group := next((g for g in queue.groups() if g.key not in read), None):
        read.add(group.key)
        kinds = {i.key: answer(i).kind for i in group.items}
        votes = Counter(k for k in kinds.values() if k in ("accept", "reject"))
        if not votes:
            screens["group read, nothing to decide at once"] += 1
            if idle is not None:
                idle.append(f"group {group.title}: nothing to decide at once")
            continue
        choice = max(votes, key=lambda k: (votes[k], k == "accept"))
        left_out = [key for key, kind in kinds.items() if kind != choice]
        queue.decide_group(group.key, choice, left_out)
        screens[f"group {choice}" + (", some places left out" if left_out else "")] += 1
    while items := queue.items(skipped=False):
        item = items[0]
        a = answer(item)
        pending = [(i.document, i.correction, answer(i)) for i in queue.items()]
        batchwide = not item.correction.is_line and _batch_scope(
            a, item.correction.original, pending
        )
        scope = Scope.BATCH if batchwide else Scope.THIS
        try:
            if a.kind == "skip":
                queue.skip(item.key)
            elif a.kind == "text":
                queue.decide(item.key, "text", text=a.text)
            elif a.kind == "candidate":
                queue.decide(item.key, str(a.k))
            else:
                queue.decide(item.key, a.kind, scope)
        except ValueError:
            queue.skip(item.key)
            a = Answer("skip", "refused")
        screens[a.kind + (" (all documents)" if batchwide else "")] += 1
        _idle(idle, item.document, item.correction, a)
    return screens


# ---------------------------------------------------------------------------------------------
# Measuring


def settle(batch: Path, reviews: Path) -> None:
    """Apply the review's decisions and what they taught to every document of ``batch``, as
    the next run would: the web review rewrites only the documents it decided on, the terminal
    the ones it visited, and a learned correction may change other documents too."""
    from pipeline.review import ReviewStore
    from pipeline.review.outputs import batch_folders, refresh

    store = ReviewStore(reviews)
    for folder in batch_folders(batch):
        refresh(folder, store)


def fixed_and_wrong(batch: Path, docs: Sequence[LabelledDoc], before: Path) -> tuple[int, int]:
    """(real errors fixed, wrong changes made) between the records in ``before`` (a copy of the
    batch as the run left it) and ``batch`` after the review."""
    from pipeline.review.decisions import CHANGED
    from pipeline.review.outputs import read_records

    def score(folder: Path, doc: LabelledDoc) -> tuple[int, int]:
        stripped = (folder / "stripped.txt").read_text(encoding="utf-8")
        corrections = read_records(folder / "corrections.jsonl")
        records = [
            Record(
                c.start,
                c.end,
                c.original,
                c.replacement,
                "applied" if c.decision in CHANGED else "proposed",
            )
            for c in corrections
        ]
        judgement = judge_corrections(stripped, doc.gold_body(), records)
        s = judgement.score
        # A line typed by hand fixes every wrong word of its line, not one: count its words.
        lines = {(c.start, c.original) for c in corrections if c.is_line and c.decision in CHANGED}
        extra = sum(
            _line_fixes(j.record.original, j.record.replacement, j.gold) - (1 if j.right else 0)
            for j in judgement.judged
            if (j.record.start, j.record.original) in lines and j.located and not j.neutral
        )
        return s.applied_right + extra, s.applied_wrong

    fixed = wrong = 0
    for doc in docs:
        if not (batch / doc.name / "stripped.txt").is_file():
            continue
        r1, w1 = score(before / doc.name, doc)
        r2, w2 = score(batch / doc.name, doc)
        fixed, wrong = fixed + r2 - r1, wrong + w2 - w1
    return fixed, wrong


def _line_fixes(original: str, typed: str, gold: str) -> int:
    """Real errors a line typed by hand fixed: the word edits from its OCR ``original`` to the
    ``gold`` words at its place, less those left from the ``typed`` line (0 or more).

    >>> _line_fixes("visite to Sngpect pregreas as", "visits to Suspect progress as",
    ...             "visits to Suspect progress as")
    3
    """
    from rapidfuzz.distance import Levenshtein

    want = cores(gold).split()
    before = Levenshtein.distance(cores(original).split(), want)
    after = Levenshtein.distance(cores(typed).split(), want)
    return max(0, before - after)


def run_review_eval(
    out: Path, jobs: int, dictionaries: Path, splits: Iterable[str] = SPLIT_NAMES
) -> dict[str, Any]:
    """For each split: the pipeline on its labelled documents (one batch), then the perfect
    reviewer through the terminal and through the web queue, each on a copy of the batch with
    an empty reviews folder. Returns ``{split: {"terminal": Tally.to_dict(), "web": ...}}``."""
    from pipeline.review.outputs import load_output

    results: dict[str, Any] = {}
    for split in splits:
        docs = [d for d in load_labels() if d.split == split]
        base = out / split
        batch, status = run_pipeline(docs, base / "run", jobs, dictionaries)
        done = [d for d in docs if d.name in status and status[d.name].status == "done"]
        oracles = {}
        for d in done:
            if (batch / d.name / "corrections.jsonl").is_file():
                oracles[d.name] = Oracle(d, load_output(batch / d.name).stripped)
        figures: dict[str, Any] = {"documents": len(docs)}
        for mode in MODES:
            work = base / mode
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(batch, work / "batch")
            review = terminal_review if mode == "terminal" else web_review
            tally = Tally()
            tally.proposals = sum(_proposed(batch / n) for n in oracles)
            tally.items = _items([batch / n for n in oracles])
            tally.screens = review(work / "batch", work / "reviews", oracles, tally.idle)
            settle(work / "batch", work / "reviews")
            tally.fixed, tally.wrong = fixed_and_wrong(work / "batch", done, batch)
            tally.errors = _errors(batch, done)
            figures[mode] = tally.to_dict()
        results[split] = figures
    return results


def _proposed(folder: Path) -> int:
    from pipeline.core.enums import CorrectionDecision
    from pipeline.review.outputs import read_records

    records = read_records(folder / "corrections.jsonl")
    return sum(c.decision == CorrectionDecision.PROPOSED for c in records)


def _items(folders: Sequence[Path]) -> int:
    """Reviewer items pending in ``folders`` (``bench.labelled.Items``): one per review key
    (``keys.review_key``) across the folders, one per "transcribe by hand" line."""
    from pipeline.core.enums import CorrectionDecision
    from pipeline.review.keys import review_key
    from pipeline.review.outputs import read_records

    changes: set[str] = set()
    lines = 0
    for folder in folders:
        for c in read_records(folder / "corrections.jsonl"):
            if c.decision != CorrectionDecision.PROPOSED:
                continue
            if c.is_line:
                lines += 1
            else:
                cands = [t for t, _ in c.candidates]
                changes.add(review_key(c.original, c.replacement, cands, c.reason))
    return len(changes) + lines


def _errors(batch: Path, docs: Sequence[LabelledDoc]) -> int:
    total = 0
    for d in docs:
        stripped = (batch / d.name / "stripped.txt").read_text(encoding="utf-8")
        total += judge_corrections(stripped, d.gold_body(), []).score.errors_before
    return total


def table(figures: dict[str, Any]) -> str:
    """Screens per real error fixed, terminal and web, one row per split."""
    lines = [
        f"review: screens per real error fixed, perfect reviewer (bench/labels; goal <= {GOAL})"
    ]
    for split in [s for s in SPLIT_NAMES if s in figures]:
        f = figures[split]
        for mode in MODES:
            t = f[mode]
            ratio = t["screens_per_error_fixed"]
            lines.append(
                f"  {split:<5} {mode:<8} {t['screens']:>3} screens, {t['errors_fixed']:>3} of "
                f"{t['errors']} real errors fixed ({t['proposals']} proposal records, "
                f"{t['items']} items), "
                f"{t['wrong_changes']} wrong: "
                f"{'-' if ratio is None else f'{ratio:.2f}'} screens per error fixed"
            )
            acts = ", ".join(f"{k} {v}" for k, v in t["by_action"].items())
            lines.append(f"        {acts}")
    return "\n".join(lines)


def main() -> None:
    """``python -m bench.review_eval [dev|test ...]``: run and print (default: dev)."""
    import json
    import sys

    from bench.material import REPO

    splits = sys.argv[1:] or ["dev"]
    figures = run_review_eval(REPO / "bench" / "out" / "review", 2, REPO / "dictionaries", splits)
    print(table(figures))
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
