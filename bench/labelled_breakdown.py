"""What the pipeline does on the labelled set's documents, record by record and by kind.

``bench.labelled`` gives a split's totals; this gives, for the labelled documents of a split
(or of one corpus of it, e.g. ``jfk-prose``), each document's reviewer items per 1,000 words
and top-right share, every correction record judged against the labels' gold (applied right
or wrong, proposed right, among, wrong, on a right word, or neutral where the gold cannot
judge), and the proposals by kind (``bench.proposals_breakdown.kind_of``: the reason's path) and
by doubt (``why_of``): what a session tuning on dev needs to see which class to work on.

``python -m bench.labelled_breakdown --split dev [--corpus jfk-prose] [--show]`` (``--show``
lists every record with its gold). Dev only by intent: never read test records one by one.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

from bench.label_files import LabelledDoc, load_labels
from bench.labelled import REPO, run_pipeline, score_document, split_json, word_records
from bench.metrics import APPLIED, Judged, judge_corrections
from bench.proposals_breakdown import kind_of, why_of
from pipeline.core.enums import TRANSCRIBE_KINDS

#: Outcomes of a proposal record, as ``outcome`` names them.
OUTCOMES = ("right", "among", "wrong", "word-right", "neutral")


def outcome(j: Judged) -> str:
    """A judged record's outcome: ``right`` (its replacement is the gold), ``word-right`` (the
    original was the gold: a false alarm), ``neutral`` (the gold cannot judge the place, or
    the record was not found there), ``among`` (the gold is a lower candidate) or ``wrong``."""
    if j.neutral or not j.located:
        return "neutral"
    if j.right:
        return "right"
    if j.original_ok:
        return "word-right"
    return "among" if j.among else "wrong"


def error_class(word: str, gold: str) -> str:
    """The class of an OCR error no record touched (``word`` as OCR left it, ``gold`` the
    labels' word): ``case``, ``marks`` (letters and digits agree: a stray or lost mark),
    ``part`` (one holds the other: a word joined or split, often a line-end hyphen joined
    by strip against a gold that keeps the two lines, which the word alignment counts as an
    error), ``one letter`` (one edit of letters or digits) or ``letters`` (more).

    >>> error_class("YoU", "YOU"), error_class("‘this", "this"), error_class("Hexico", "Mexico")
    ('case', 'marks', 'one letter')
    """
    if word.lower() == gold.lower():
        return "case"
    a, b = ("".join(c for c in w if c.isalnum()) for w in (word, gold))
    if a == b:
        return "marks"
    if a.lower() == b.lower():
        return "case"
    if a and b and len(a) != len(b) and (a.lower() in b.lower() or b.lower() in a.lower()):
        return "part"
    return "one letter" if Levenshtein.distance(a, b) == 1 else "letters"


def judged_records(
    doc: LabelledDoc, folder: Path
) -> tuple[dict[str, Any], list[tuple[dict[str, Any], Judged]], list[tuple[str, str]]]:
    """One document's figures (``split_json`` of ``score_document``), its word records (as
    ``corrections.jsonl`` dicts) each with its judgement, and the ``(word, gold word)`` of the
    errors no record touched, from the batch's ``folder``."""
    stripped = (folder / "stripped.txt").read_text(encoding="utf-8")
    clean = (folder / "clean.txt").read_text(encoding="utf-8")
    rows = (folder / "corrections.jsonl").read_text(encoding="utf-8").splitlines()
    corrections = [json.loads(x) for x in rows if x.strip()]
    gold, unreadable = doc.gold_body_unreadable()
    words = [c for c in corrections if c.get("kind", "word") not in TRANSCRIBE_KINDS]
    judgement = judge_corrections(stripped, gold, word_records(corrections), unreadable)
    figures = split_json(score_document(doc, stripped, clean, corrections))
    return figures, list(zip(words, judgement.judged, strict=True)), judgement.untouched


def report(docs: list[LabelledDoc], batch: Path, show: bool = False) -> str:
    """The breakdown as text: per document, applied records, proposals by kind and by doubt."""
    out = ["per document: words, items/1k, change+line items, top right, applied (wrong)"]
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    whys: dict[str, Counter[str]] = defaultdict(Counter)
    applied: list[str] = []
    listed: list[str] = []
    untouched: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        figures, records, left = judged_records(d, batch / d.name)
        for word, gold in left:
            untouched[error_class(word, gold)].append(f"{word}->{gold}")
        it = figures["items"]
        bad = sum(j.record.decision == APPLIED and outcome(j) not in ("right", "neutral")
                  for _, j in records)  # fmt: skip
        top = "-" if it["top_right"] is None else f"{it['top_right']:.0%}"
        n_applied = sum(j.record.decision == APPLIED for _, j in records)
        out.append(
            f"  {d.name[:52]:52} {figures['reviewer']['words']:5d} "
            f"{it['items_per_1000_words']:6.2f} {it['change_items']:3d}+{it['line_items']:<3d}"
            f" {top:>5} {n_applied:3d} ({bad})"
        )
        for rec, j in records:
            o = outcome(j)
            line = f"{d.name}: {rec['original']!r} -> {rec['replacement']!r} (gold {j.gold!r})"
            if j.record.decision == APPLIED:
                applied.append(f"  applied {o:10} {line}")
                continue
            kinds[kind_of(rec["reason"])][o] += 1
            whys[why_of(rec["reason"])][o] += 1
            cands = ", ".join(c for c, _ in rec["candidates"][:3])
            listed.append(f"  {o:10} {kind_of(rec['reason']):14} {line} [{cands}]")
    for title, groups in (("proposals by kind", kinds), ("proposals by doubt", whys)):
        out.append(f"{title}: records, then " + " / ".join(OUTCOMES))
        for name, c in sorted(groups.items(), key=lambda kv: -sum(kv[1].values())):
            cells = " ".join(f"{c[o]:4d}" for o in OUTCOMES)
            out.append(f"  {sum(c.values()):4d} {cells}  {name[:70]}")
    out.append("applied records not right: " + str(sum("applied right" not in a and
                                                        "applied neutral" not in a
                                                        for a in applied)))  # fmt: skip
    out += [a for a in applied if "applied right" not in a] if not show else applied
    out.append("errors no record touched, by class:")
    for name, found in sorted(untouched.items(), key=lambda kv: -len(kv[1])):
        out.append(f"  {len(found):4d} {name}: " + ", ".join(found[: None if show else 12]))
    if show:
        out += ["proposal records:", *listed]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.labelled_breakdown --split dev [--corpus C] [--show]``."""
    import argparse

    parser = argparse.ArgumentParser(description="the labelled set's records, judged, by kind")
    parser.add_argument("--split", default="dev", choices=("dev", "test"))
    parser.add_argument("--corpus", help="only the label files of this corpus (jfk-prose, ...)")
    parser.add_argument("--show", action="store_true", help="list every record with its gold")
    args = parser.parse_args(argv)
    docs = [
        d
        for d in load_labels()
        if d.split == args.split and args.corpus in (None, d.header["corpus"])
    ]
    with tempfile.TemporaryDirectory() as tmp:
        batch, _ = run_pipeline(docs, Path(tmp), 2, REPO / "dictionaries")
        print(report(docs, batch, args.show))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
