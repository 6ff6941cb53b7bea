"""Proposals on damaged JFK typescript, judged by hand: a dev yardstick for issue 15's items.

The labelled test split's proposal figures are dominated by heavily damaged typescript (the JFK
Library's 176- series), which the labelled dev files hardly hold; the dev documents of that
series (``bench/furniture/jfk-176/``, bench/splits.json "about") are unlabelled OCR. Their
proposals were read in context and judged one by one into ``bench/labels/proposals-dev.tsv``
(``bench/labels/README.md`` says how): for each proposal place (source file, page, line, the
OCR token) the right text, ``?`` where the paper cannot be read from the OCR. This module runs
the current pipeline over those documents (text input, as a user would) and scores its
proposals against the judgements: reviewer items per 1,000 words (every place of one change is
one item, ``pipeline.review.keys.review_key``, and so is each "transcribe by hand" line), the
share of judged change items whose top candidate is right, the judged places that became line
items, were applied (and whether rightly), or were left, and the proposals no judgement covers
(new ones, to be judged before the figures are trusted). A line item of damaged text suggests
the line with its records' changes made: a judged place whose right word is in that suggestion
is not lost (``in a line item, suggested right``), and the line items that suggest a text are
counted with those whose judged places are all right in it (one key takes them).

``python -m bench.proposals_dev`` prints the figures (about 30 s on one core).
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.material import REPO
from bench.review_items import record_key
from pipeline.core.enums import TRANSCRIBE_KINDS

log = logging.getLogger(__name__)

LABELS = REPO / "bench" / "labels" / "proposals-dev.tsv"
COLUMNS = ("source", "page", "line", "original", "right", "judgement", "candidates", "context")
UNREADABLE = "?"


@dataclass(frozen=True)
class Judged:
    """One judged proposal place: ``right`` is the text the paper has there (the original
    itself when the word was right, ``?`` when it cannot be read)."""

    source: str
    page: int
    line: int
    original: str
    right: str
    judgement: str

    @property
    def key(self) -> tuple[str, int, int, str]:
        return (Path(self.source).stem, self.page, self.line, self.original)


@dataclass
class Figures:
    """The scores of one run against the judged file."""

    words: int = 0
    change_items: int = 0
    line_items: int = 0
    #: line items that suggest a text, and those whose judged proposals are all right in it
    #: (taken in one key, as far as the judgements say)
    suggested_lines: int = 0
    suggested_right: int = 0
    judged_items: int = 0
    right_items: int = 0
    among_items: int = 0
    unjudged: list[str] = field(default_factory=list)
    #: judged places no longer proposed as a word, by what became of them
    fate: Counter[str] = field(default_factory=Counter)
    #: the judged places whose right word was the top candidate (or among) and is proposed
    #: no more, with what became of them
    lost: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        items = self.change_items + self.line_items
        return {
            "words": self.words,
            "items": items,
            "items_per_1000_words": round(1000 * items / self.words, 2) if self.words else None,
            "change_items": self.change_items,
            "line_items": self.line_items,
            "suggested_lines": self.suggested_lines,
            "suggested_lines_right": self.suggested_right,
            "judged_change_items": self.judged_items,
            "top_right": round(self.right_items / self.judged_items, 4)
            if self.judged_items
            else None,
            "among_right": round(self.among_items / self.judged_items, 4)
            if self.judged_items
            else None,
            "unjudged_places": len(self.unjudged),
            "judged_places_now": dict(self.fate),
            "right_places_lost": len(self.lost),
        }


def read_judgements(path: Path = LABELS) -> list[Judged]:
    """The rows of ``path`` (TSV with the header ``COLUMNS``; a newline inside a token is
    written ``\\n``). Raises ValueError naming the file and line for a malformed row."""
    rows = path.read_text(encoding="utf-8").splitlines()
    if tuple(rows[0].split("\t")) != COLUMNS:
        raise ValueError(f"{path}:1: header must be {' '.join(COLUMNS)}")
    out = []
    for n, row in enumerate(rows[1:], 2):
        cells = row.split("\t")
        if len(cells) != len(COLUMNS):
            raise ValueError(f"{path}:{n}: {len(cells)} cells, want {len(COLUMNS)}")
        src, page, line, original, right, judgement = cells[:6]
        out.append(
            Judged(src, int(page), int(line), original.replace("\\n", "\n"), right, judgement)
        )
    return out


def verdict(right: str, original: str, candidates: list[str]) -> str:
    """How a proposal of ``candidates`` (best first) for ``original`` fares where the paper has
    ``right``: ``right`` (top candidate), ``among``, ``wrong``, ``word-right`` (the original was
    right) or ``unrecoverable`` (``right`` is ``?``).

    >>> verdict("the", "tbe", ["the", "tie"]), verdict("on", "ony", ["any", "on"])
    ('right', 'among')
    >>> verdict("?", "ee", ["me"]), verdict("Paret", "Paret", ["Part"])
    ('unrecoverable', 'word-right')
    """
    if right == UNREADABLE:
        return "unrecoverable"
    if right == original:
        return "word-right"
    low = [c.casefold() for c in candidates]
    if low and right.casefold() == low[0]:
        return "right"
    return "among" if right.casefold() in low else "wrong"


def score(batch: Path, judged: list[Judged]) -> Figures:
    """Score the documents' outputs under ``batch`` (one folder per document, named by the source
    file's stem) against ``judged``."""

    table = {j.key: j for j in judged}
    docs = sorted({Path(j.source).stem for j in judged})
    f = Figures()
    groups: dict[str, list[str]] = {}
    seen: set[tuple[str, int, int, str]] = set()
    for name in docs:
        folder = batch / name
        f.words += len((folder / "stripped.txt").read_text(encoding="utf-8").split())
        lines = (folder / "corrections.jsonl").read_text(encoding="utf-8").splitlines()
        for rec in (json.loads(x) for x in lines if x.strip()):
            key = (name, rec["page"], rec["line"], rec["original"])
            if rec.get("kind", "word") in TRANSCRIBE_KINDS:
                f.line_items += 1
                suggests = rec["replacement"] != rec["original"]
                ok: list[bool] = []
                for sub in rec.get("subsumed", ()):
                    if sub["decision"] == "applied":
                        continue  # still its own record, applied: counted there
                    _fate(f, table, seen, name, rec, sub, suggests)
                    j = table.get((name, *_place(rec, sub), sub["original"]))
                    if j is not None:
                        ok.append(sub["replacement"].casefold() == j.right.casefold())
                if suggests:
                    f.suggested_lines += 1
                    f.suggested_right += bool(ok) and all(ok)
                continue
            j = table.get(key)
            if rec["decision"] == "applied":
                if j is not None:
                    seen.add(key)
                    if j.right == UNREADABLE:
                        f.fate["applied where the paper cannot be read"] += 1
                    else:
                        ok = rec["replacement"] == j.right
                        f.fate["applied right" if ok else "applied wrong"] += 1
                continue
            item = record_key(rec)
            groups.setdefault(item, [])
            if j is None:
                f.unjudged.append(f"{name} p{rec['page']} l{rec['line']}: {rec['original']}")
                continue
            seen.add(key)
            f.fate["proposed"] += 1
            cands = [c for c, _ in rec["candidates"]]
            groups[item].append(verdict(j.right, j.original, cands))
    f.change_items = len(groups)
    for verdicts in groups.values():
        if verdicts:
            f.judged_items += 1
            f.right_items += all(v == "right" for v in verdicts)
            f.among_items += all(v in ("right", "among") for v in verdicts)
    for key, j in table.items():
        if key not in seen:
            f.fate["left"] += 1
            if j.judgement in ("right", "among"):
                f.lost.append(f"{key[0]} p{key[1]} l{key[2]}: {j.original} (right {j.right}) left")
    return f


def _place(rec: dict[str, Any], sub: dict[str, Any]) -> tuple[int, int]:
    """The page and line of a record (``sub``) an item (``rec``) took in: its own when the
    item spans several lines (a region keeps them, ``Subsumed.line``), else the item's."""
    if sub.get("line") is not None:
        return int(sub["page"]), int(sub["line"])
    return int(rec["page"]), int(rec["line"])


def _fate(
    f: Figures,
    table: dict[tuple[str, int, int, str], Judged],
    seen: set[tuple[str, int, int, str]],
    name: str,
    rec: dict[str, Any],
    sub: dict[str, Any],
    suggests: bool,
) -> None:
    """Count a word record (``sub``) a line item (``rec``) took in, when a judgement covers
    it. When the item suggests a text (``suggests``: its replacement is the line with its
    records' changes made) and this record's replacement is the right word, the fix is not
    lost: it rides in the suggestion (a one-key fix turned into a line taken as suggested,
    counted under ``in a line item, suggested right``)."""
    original = sub["original"]
    key = (name, *_place(rec, sub), original)
    j = table.get(key)
    if j is None or key in seen:
        return
    seen.add(key)
    if suggests and sub["replacement"].casefold() == j.right.casefold():
        f.fate["in a line item, suggested right"] += 1
        return
    f.fate["in a line item"] += 1
    if j.judgement in ("right", "among"):
        f.lost.append(f"{name} p{key[1]} l{key[2]}: {original} (right {j.right}) in a line item")


@dataclass(frozen=True)
class DocItems:
    """One document's reviewer items in a batch: its words (stripped text), its change items
    (distinct ``review_key``s of its pending proposals) and its "transcribe by hand" lines."""

    name: str
    words: int
    changes: int
    lines: int

    @property
    def per_1000(self) -> float:
        """Items per 1,000 words (0 for a document of no words)."""
        return 1000 * (self.changes + self.lines) / self.words if self.words else 0.0


def items_by_document(batch: Path) -> tuple[list[DocItems], int]:
    """The reviewer items of every document folder under ``batch`` (any batch, judged or not),
    densest first, and the batch's change items in all (one per ``review_key`` over the whole
    batch: a change two documents share is one screen, so the total is at most the sum)."""
    docs: list[DocItems] = []
    keys: set[str] = set()
    for folder in sorted(p for p in batch.iterdir() if (p / "corrections.jsonl").is_file()):
        words = len((folder / "stripped.txt").read_text(encoding="utf-8").split())
        own: set[str] = set()
        lines = 0
        for row in (folder / "corrections.jsonl").read_text(encoding="utf-8").splitlines():
            if not row.strip():
                continue
            rec = json.loads(row)
            if rec.get("kind", "word") in TRANSCRIBE_KINDS:
                lines += 1
            elif rec["decision"] == "proposed":
                own.add(record_key(rec))
        keys |= own
        docs.append(DocItems(folder.name, words, len(own), lines))
    docs.sort(key=lambda d: (-d.per_1000, d.name))
    return docs, len(keys)


def items_report(batch: Path, worst: int = 8) -> str:
    """``items_by_document(batch)`` as text: the ``worst`` densest documents and the total."""
    docs, changes = items_by_document(batch)
    words = sum(d.words for d in docs)
    lines = sum(d.lines for d in docs)
    out = [
        f"  {d.name:40s} words {d.words:6d} change {d.changes:4d} line {d.lines:3d} "
        f"{d.per_1000:5.1f}/1k"
        for d in docs[:worst]
    ]
    rate = 1000 * (changes + lines) / words if words else 0.0
    out.append(
        f"{batch.name}: documents {len(docs)}, words {words}, change items {changes}, "
        f"line items {lines}: {rate:.2f} items per 1,000 words"
    )
    return "\n".join(out)


def run(out: Path, judged: list[Judged], jobs: int = 1) -> Path:
    """Run the batch over the judged documents' source files into ``out`` (an empty reviews
    folder beside it); returns the batch folder."""
    from pipeline.core.config import RunConfig
    from pipeline.runner import run_batch

    sources = sorted({REPO / j.source for j in judged})
    batch = out / "batch"
    run_batch(
        sources,
        RunConfig(
            out_dir=batch, jobs=jobs, dictionaries=REPO / "dictionaries", reviews=out / "reviews"
        ),
    )
    return batch


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.proposals_dev [--show] [--out DIR | --batch DIR | --items BATCH...]``:
    the pipeline's proposals on the judged dev documents, scored (``--show`` lists unjudged
    proposals and right ones lost; ``--out`` keeps the batch, ``--batch`` scores a kept one;
    ``--items`` only counts reviewer items per document of any batch folders)."""
    import argparse

    parser = argparse.ArgumentParser(
        description=main.__doc__.splitlines()[0] if main.__doc__ else ""
    )
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--batch", type=Path, help="score this existing batch folder instead")
    parser.add_argument("--out", type=Path, help="run into this folder (emptied) and keep it")
    parser.add_argument(
        "--items",
        type=Path,
        nargs="+",
        metavar="BATCH",
        help="only count reviewer items per document in these batch folders (any run)",
    )
    args = parser.parse_args(argv)
    if args.items:
        for batch in args.items:
            print(items_report(batch))
        return 0
    judged = read_judgements()
    if args.batch:
        figures = score(args.batch, judged)
    elif args.out:
        shutil.rmtree(args.out, ignore_errors=True)
        figures = score(run(args.out, judged), judged)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            figures = score(run(Path(tmp), judged), judged)
    print(json.dumps(figures.as_json(), indent=1))
    if args.show:
        for line in figures.unjudged:
            print("unjudged   ", line)
        for line in figures.lost:
            print("right lost ", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
