"""The correct stage on BLN600: real OCR of 19th-century British newspapers with human gold.

``shared/corpus/bln600/train.csv`` (Booth, Thomas and Gaizauskas 2024; MIT) holds one row per
passage: ``Sample ID``, ``OCR Text``, ``Ground Truth``. A document is one Sample ID, its
passages joined by newlines in file order. The split is ``bench/splits.json``'s ``bln600`` entry
(by hash of the id); figures are given per split, the test split being the held-out one.

The correct stage runs directly on the OCR text (``pipeline.stages.correct.correct``; no strip,
this is not page text), with the split's documents as the batch vocabulary, as a batch run would
have. Scored with ``bench.metrics``: WER before and after, applied precision, and what a reviewer
lives with (``reviewer_figures``). The gold normalises some things the corrector cannot know
(long s, hyphenation, quotes), so WER after is a floor, not a target. A word broken by a
hyphen at a line end is written in the gold as its two pieces (``at tended``): a join of such
pieces, and a record whose gold place spans a word OCR lost beside it, are judged neutral
(``bench.gold_conventions``) and listed apart (``gold_artefact_examples``).

As ``bench.labelled`` does, "transcribe by hand" line items (``kind`` ``line``: the replacement
is the line's own text) are not word proposals: they are left out of the judged records and
counted apart (``LineItems``: how many, the gold words they cover, and how many of those OCR
got wrong, i.e. whether the line was worth typing). Reviewer items (``bench.review_items``) are
reported as the labelled set reports them, and the proposals by class (``ProposalClass``: what
the change does and which path of the stage made it), each with its top-right share.

Speed (``speed``, from ``bench.correct_speed``) is measured apart from the scoring: the split
corrected in ``--runs`` fresh processes, each with the dictionaries, the batch vocabulary and
everything the stage loads on first use loaded before the clock starts (their CPU seconds
reported apart); the median run's tokens per CPU-second, with the slowest and the fastest.
``--against CHECKOUT`` times only, this checkout against another (main's, say) in interleaved
runs, and says whether the two gave the same output (a speed change must change no decision).

    python -m bench.bln600 [--split test] [--limit N] [--runs 7] [--against ../main]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from bench.charalign import CharMap, core
from bench.correct_speed import (
    SPEED_RUNS,
    speed,
    speed_against,
)
from bench.gold_conventions import rejudge
from bench.labelled import is_line_item, word_records
from bench.material import SPLIT_NAMES, documents, shared_dir
from bench.metrics import (
    APPLIED,
    REVIEWER_ROWS,
    CorrectionScore,
    ErrorCount,
    Judged,
    align,
    judge_corrections,
    pct,
    reviewer_figures,
    word_errors,
)
from bench.review_items import ITEM_ROWS, Verdict, items_json, review_items


@dataclass(frozen=True)
class Doc:
    sample_id: str
    ocr: str
    gold: str


def read_bln600(path: Path) -> dict[str, Doc]:
    """``train.csv`` -> ``{Sample ID: Doc}`` (passages joined with newlines, file order).
    Raises ``FileNotFoundError`` when the file is missing and ``KeyError`` for a missing
    column."""
    csv.field_size_limit(1 << 30)
    ocr: dict[str, list[str]] = defaultdict(list)
    gold: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            ocr[row["Sample ID"]].append(row["OCR Text"])
            gold[row["Sample ID"]].append(row["Ground Truth"])
    return {k: Doc(k, "\n".join(ocr[k]), "\n".join(gold[k])) for k in ocr}


def _csv_path() -> Path | None:
    shared = shared_dir()
    path = shared / "corpus" / "bln600" / "train.csv" if shared else None
    return path if path and path.is_file() else None


class ProposalClass(StrEnum):
    """What a proposal does, for the by-class figures (``proposal_class``). The record carries
    no path (``pipeline.core.enums.ApplyPath``), so the class is read from the change itself
    (case only, pieces joined, a word split) and else from the path its ``reason`` names."""

    CASE = "case"  # only case differs (``succeSs``)
    JOIN = "join"  # pieces joined: fewer words after (``Nor- mandy``, ``keep ng``)
    SPLIT = "split"  # words run together split: more words after (``mehome``)
    REALWORD = "real-word"  # a real word its neighbours say is a misread (``lie`` -> he)
    SHORT = "short"  # a short non-word its neighbours decide (``er`` -> or)
    BATCH = "batch"  # a short word read as the batch's other places read it (``wvas``)
    SPECK = "speck"  # a speck read as punctuation (``a,`` -> a)
    STRUCTURE = "structure"  # a cable structure token (E.O., portion marks, TAGS)
    DICTIONARY = "dictionary"  # any other: a word no dictionary knows, ranked candidates


# Markers of the path in a record's reason, as the correct stage words it
# (``stages/correct/realword.py``, ``structure.py``): the first found decides.
_REASON_CLASS = (
    ("other place of the batch", ProposalClass.BATCH),
    ("other places of the batch", ProposalClass.BATCH),
    ("real-word error", ProposalClass.REALWORD),
    ("short non-word", ProposalClass.SHORT),
    ("over the next reading", ProposalClass.SHORT),
    ("a speck read as", ProposalClass.SPECK),
    ("cable vocabulary", ProposalClass.STRUCTURE),
)


def proposal_class(c: dict[str, Any]) -> ProposalClass:
    """The class of one word record (a ``corrections.jsonl`` line as a dict: ``original``,
    ``replacement``, ``reason``): case, join or split by what the change does, else the path
    its reason names (``_REASON_CLASS``), else dictionary.

    >>> proposal_class({"original": "Nor- mandy", "replacement": "Normandy", "reason": ""})
    <ProposalClass.JOIN: 'join'>
    """
    original, replacement = c["original"], c["replacement"]
    if original != replacement and original.lower() == replacement.lower():
        return ProposalClass.CASE
    before, after = len(original.split()), len(replacement.split())
    if before != after:
        return ProposalClass.JOIN if before > after else ProposalClass.SPLIT
    # The text before "; " is the path's own account; what follows is the decision's.
    reason = str(c.get("reason", "")).split("; ")[0]
    return next((k for marker, k in _REASON_CLASS if marker in reason), ProposalClass.DICTIONARY)


@dataclass
class LineItems:
    """ "Transcribe by hand" line items of a text judged against its gold: ``items`` lines,
    covering ``gold_words`` words of the gold (``CharMap``: the gold text at the line's place),
    ``wrong_words`` of which OCR did not give (no aligned OCR word with the same ``core``): the
    share says whether the lines were worth typing."""

    items: int = 0
    gold_words: int = 0
    wrong_words: int = 0

    def __add__(self, other: LineItems) -> LineItems:
        return LineItems(
            self.items + other.items,
            self.gold_words + other.gold_words,
            self.wrong_words + other.wrong_words,
        )

    def to_json(self) -> dict[str, Any]:
        """``items``, ``gold_words``, ``wrong_words`` and ``wrong_share`` (0-1, None without
        gold words)."""
        share = round(self.wrong_words / self.gold_words, 4) if self.gold_words else None
        return {
            "items": self.items,
            "gold_words": self.gold_words,
            "wrong_words": self.wrong_words,
            "wrong_share": share,
        }


def line_items(before: str, gold: str, lines: Sequence[dict[str, Any]]) -> LineItems:
    """Judge the line items ``lines`` (records with ``start``/``end`` into ``before``, the text
    the stage was given) against ``gold``: the gold words at each line's place
    (``CharMap.span``) and how many of them the line's OCR words do not give (aligned word by
    word, ``align``, compared by ``core``). A line whose span does not hold its ``original``
    counts as an item covering nothing."""
    chars = CharMap(before, gold) if lines else None
    out = LineItems()
    for c in lines:
        start, end = c["start"], c["end"]
        if chars is None or before[start:end] != c["original"]:
            out += LineItems(1, 0, 0)
            continue
        g1, g2 = chars.span(start, end, before)
        want = [core(w) for w in gold[g1:g2].split()]
        have = [core(w) for w in before[start:end].split()]
        pairs = align(want, have)
        wrong = sum(1 for w, p in zip(want, pairs, strict=True) if p is None or have[p] != w)
        out += LineItems(1, len(want), wrong)
    return out


@dataclass
class ClassCount:
    """Proposal records of one ``ProposalClass``: judged right, neutral, or wrong (the rest),
    with the right word among the candidates, and up to ``EXAMPLES`` wrong ones."""

    proposals: int = 0
    right: int = 0
    among: int = 0
    neutral: int = 0
    wrong: list[str] = field(default_factory=list)

    def add(self, j: Judged, where: str) -> None:
        self.proposals += 1
        self.right += j.right
        self.among += j.among
        self.neutral += bool(j.neutral or not j.located)
        if not j.right and not j.neutral and j.located and len(self.wrong) < EXAMPLES:
            self.wrong.append(
                f"{where}: {j.record.original} -> {j.record.replacement} (gold {j.gold!r})"
            )


#: Wrong proposals kept per class in the figures (``by_class``).
EXAMPLES = 5


def _class_json(counts: dict[ProposalClass, ClassCount], words: int) -> dict[str, Any]:
    def share(n: int, d: int) -> float | None:
        return round(n / d, 4) if d else None

    return {
        k.value: {
            "proposals": c.proposals,
            "proposals_per_1000_words": round(1000 * c.proposals / words, 2) if words else None,
            "top_right": share(c.right, c.proposals),
            "among_right": share(c.among, c.proposals),
            "neutral": c.neutral,
            "wrong_examples": c.wrong,
        }
        for k in ProposalClass
        if (c := counts.get(k)) is not None
    }


def _applied_json(applied: dict[ProposalClass, list[int]]) -> dict[str, Any]:
    """Applied records by class (``proposal_class``): right, wrong, neutral and the precision
    (right over right and wrong, None without either)."""
    out = {}
    for k in ProposalClass:
        if k in applied:
            right, wrong, neutral = applied[k]
            judged = right + wrong
            precision = round(right / judged, 4) if judged else None
            out[k.value] = {"right": right, "wrong": wrong, "neutral": neutral,
                            "precision": precision}  # fmt: skip
    return out


@dataclass
class Score:
    """A split's scores, summed over its documents (``score_document``)."""

    before: ErrorCount = field(default_factory=ErrorCount)
    after: ErrorCount = field(default_factory=ErrorCount)
    correction: CorrectionScore = field(default_factory=CorrectionScore)
    lines: LineItems = field(default_factory=LineItems)
    classes: dict[ProposalClass, ClassCount] = field(default_factory=dict)
    places: list[tuple[str, Verdict]] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    #: Applied records the gold cannot judge by its own conventions (``bench.gold_conventions``).
    artefacts: list[str] = field(default_factory=list)
    #: Applied records by class: [right, wrong, neutral] (``applied_by_class``).
    applied: dict[ProposalClass, list[int]] = field(default_factory=dict)


def score_document(
    score: Score, sample_id: str, ocr: str, gold: str, clean: str, corrections: list[dict]
) -> None:
    """Add one document to ``score``: its OCR text, gold, corrected text and the correction
    records (``Correction.to_dict()``). Line items are judged apart (``line_items``), the
    word records by ``judge_corrections`` (records the gold cannot judge by its own
    conventions, ``bench.gold_conventions``, neutral and listed apart); each proposal goes to
    its class and its reviewer item (``keys.review_key``)."""
    from pipeline.review.keys import review_key

    words = [c for c in corrections if not is_line_item(c)]
    judgement, moved = rejudge(judge_corrections(ocr, gold, word_records(words)))
    score.correction += judgement.score
    for j, why in moved:
        if j.record.decision == APPLIED:
            score.artefacts.append(
                f"{sample_id}: {j.record.original} -> {j.record.replacement} "
                f"(gold {j.gold!r}: {why})"
            )
    score.before += word_errors(ocr, gold)
    score.after += word_errors(clean, gold)
    score.lines += line_items(ocr, gold, [c for c in corrections if is_line_item(c)])
    kinds = {(c["start"], c["original"]): proposal_class(c) for c in words}
    for j in judgement.judged:
        r = j.record
        kind = kinds[(r.start, r.original)]
        if r.decision == APPLIED:
            counts = score.applied.setdefault(kind, [0, 0, 0])
            counts[2 if (j.neutral or not j.located) else 0 if j.right else 1] += 1
        if r.decision != APPLIED:
            score.classes.setdefault(kind, ClassCount()).add(j, sample_id)
            verdict = Verdict(j.right, j.among, bool(j.neutral or not j.located))
            key = review_key(r.original, r.replacement, r.candidates, r.reason)
            score.places.append((key, verdict))
        elif j.located and not j.right and not j.neutral:
            score.wrong.append(f"{sample_id}: {r.original} -> {r.replacement} (gold {j.gold!r})")


def evaluate(docs: list[Doc]) -> dict[str, Any]:
    """Correct every document of ``docs`` and score it against its gold. Returns WER before
    and after (micro-averaged), the reviewer figures over the word records, the reviewer items
    (``items``, as ``bench.labelled``), the line items (``lines``: ``LineItems.to_json``), the
    proposals by class (``by_class``) and up to 20 wrong changes (speed is ``speed``'s,
    measured apart)."""
    from pipeline.lexicon import Lexicon
    from pipeline.stages.correct import BatchVocabulary, correct

    lexicon = Lexicon.load()
    vocab = BatchVocabulary.from_documents([d.ocr for d in docs])
    score = Score()
    for d in docs:
        result = correct(d.ocr, None, lexicon, vocabulary=vocab)
        records = [c.to_dict() for c in result.corrections]
        score_document(score, d.sample_id, d.ocr, d.gold, result.text, records)
    return figures(score, len(docs), sum(len(d.gold.split()) for d in docs)) | {
        "chars": sum(len(d.ocr) for d in docs)
    }


def figures(score: Score, documents: int, words: int) -> dict[str, Any]:
    """A split's ``Score`` over ``documents`` documents of ``words`` gold words as the results
    carry it (``evaluate``'s keys but ``chars``)."""
    return {
        "documents": documents,
        "wer_before": round(score.before.rate, 4),
        "wer_after": round(score.after.rate, 4),
        "reviewer": reviewer_figures(score.correction, words),
        "items": items_json(review_items(score.places, score.lines.items), words),
        "line_items": score.lines.items,
        "lines": score.lines.to_json(),
        "by_class": _class_json(score.classes, words),
        "applied_by_class": _applied_json(score.applied),
        "wrong_changes": score.wrong[:20],
        "applied_gold_artefacts": len(score.artefacts),
        "gold_artefact_examples": score.artefacts[:20],
    }


def run_bln600(
    splits: tuple[str, ...] = SPLIT_NAMES, limit: int | None = None, runs: int = SPEED_RUNS
) -> dict[str, Any] | None:
    """``{split: evaluate(...) | speed(...)}`` for ``splits`` (the first ``limit`` documents of
    each, in splits.json order, when given; ``runs`` timed runs, 0 for none); None when BLN600
    is not on this machine."""
    path = _csv_path()
    if path is None:
        print("BLN600: skipped (shared/corpus/bln600/train.csv not found)", file=sys.stderr)
        return None
    corpus = read_bln600(path)
    out: dict[str, Any] = {}
    for split in splits:
        ids = [i for i in documents("bln600", split) if i in corpus][:limit]  # type: ignore[arg-type]
        docs = [corpus[i] for i in ids]
        out[split] = evaluate(docs)
        if runs:
            out[split].update(speed([d.ocr for d in docs], runs))
        if limit:
            out[split]["limit"] = limit
    return out


def table(figures: dict[str, Any]) -> str:
    """BLN600 figures as a plain-text table, one column per split."""
    rows = [
        ("documents", lambda f: f["documents"]),
        ("WER before -> after", lambda f: f"{pct(f['wer_before'])} -> {pct(f['wer_after'])}"),
        *REVIEWER_ROWS,
        *ITEM_ROWS,
        ("transcribe-by-hand lines (apart)", lambda f: f["lines"]["items"]),
        ("  gold words they cover", lambda f: f["lines"]["gold_words"]),
        ("  of which OCR got wrong", lambda f: pct(f["lines"]["wrong_share"])),
        ("tokens/s (CPU, one core; median)", lambda f: f.get("tokens_per_s")),
        (
            "  slowest - fastest run",
            lambda f: f"{f.get('tokens_per_s_min')} - {f.get('tokens_per_s_max')}",
        ),
        ("  runs (fresh processes)", lambda f: f.get("runs")),
        ("  measured on", lambda f: f"{f.get('tokens', 0):,} tokens"),
        ("  of OCR text", lambda f: f"{f.get('chars', 0):,} chars"),
        ("  CPU seconds (median)", lambda f: f.get("correct_cpu_seconds")),
        ("  apart: warm-up CPU-s", lambda f: f.get("warmup_cpu_seconds")),
        ("  apart: vocabulary CPU-s", lambda f: f.get("vocabulary_cpu_seconds")),
        ("  apart: dictionary load CPU-s", lambda f: f.get("load_cpu_seconds")),
    ]
    splits = [s for s in SPLIT_NAMES if s in figures]
    width = max(len(r[0]) for r in rows) + 2
    out = ["BLN600 (real OCR, human gold)".ljust(width) + "".join(f"{s:>18}" for s in splits)]
    for label, get in rows:
        out.append(label.ljust(width) + "".join(f"{get(figures[s])!s:>18}" for s in splits))
    return "\n".join(out)


def class_table(figures: dict[str, Any]) -> str:
    """The proposals by class (``by_class``) as a plain-text table, a row per split and class:
    proposal records, per 1,000 words, top candidate right, right word among candidates; then
    the applied records by class (``applied_by_class``): right, wrong, neutral, precision."""
    head = f"{'proposals by class':<24}{'split':>6}{'records':>9}{'/1k words':>11}"
    out = [head + f"{'top right':>11}{'among':>9}"]
    for split in (s for s in SPLIT_NAMES if s in figures):
        for kind, c in figures[split]["by_class"].items():
            out.append(
                f"{kind:<24}{split:>6}{c['proposals']:>9}{c['proposals_per_1000_words']!s:>11}"
                f"{pct(c['top_right']):>11}{pct(c['among_right']):>9}"
            )
    if not any(figures[s].get("applied_by_class") for s in SPLIT_NAMES if s in figures):
        return "\n".join(out)
    out.append(f"{'applied by class':<24}{'split':>6}{'right':>9}{'wrong':>9}{'neutral':>9}"
               f"{'precision':>11}")  # fmt: skip
    for split in (s for s in SPLIT_NAMES if s in figures):
        for kind, c in figures[split].get("applied_by_class", {}).items():
            out.append(f"{kind:<24}{split:>6}{c['right']:>9}{c['wrong']:>9}{c['neutral']:>9}"
                       f"{pct(c['precision']):>11}")  # fmt: skip
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=[*SPLIT_NAMES, "both"], default="both")
    parser.add_argument("--limit", type=int, default=None, help="first N documents of each split")
    parser.add_argument(
        "--runs", type=int, default=SPEED_RUNS, help="timed runs (fresh processes); 0: none"
    )
    parser.add_argument(
        "--against", type=Path, default=None, metavar="CHECKOUT",
        help="speed only: this checkout against another (e.g. main's), runs interleaved",
    )  # fmt: skip
    args = parser.parse_args(argv)
    splits = SPLIT_NAMES if args.split == "both" else (args.split,)
    if args.against is not None:
        return _against(splits, args.limit, args.runs or SPEED_RUNS, args.against)
    figures = run_bln600(splits, args.limit, args.runs)
    if figures is None:
        return 1
    print(table(figures))
    print(class_table(figures))
    print(json.dumps(figures, indent=1, ensure_ascii=False), file=sys.stderr)
    return 0


def _against(splits: tuple[str, ...], limit: int | None, runs: int, other: Path) -> int:
    """``--against``: per split, tokens per CPU-second here and in ``other``, the ratio and
    whether the outputs are the same; exit status 1 when they are not (or BLN600 is absent)."""
    path = _csv_path()
    if path is None:
        print("BLN600: skipped (shared/corpus/bln600/train.csv not found)", file=sys.stderr)
        return 1
    corpus = read_bln600(path)
    same = True
    for split in splits:
        ids = [i for i in documents("bln600", split) if i in corpus][:limit]  # type: ignore[arg-type]
        f = speed_against([corpus[i].ocr for i in ids], other, runs)
        here, there = f["this"], f["other"]
        rates = [f"{g['tokens_per_s']} ({g['tokens_per_s_min']} - {g['tokens_per_s_max']})"
                 for g in (here, there)]  # fmt: skip
        print(f"{split}: {runs} interleaved runs, tokens/s (CPU, median; slowest - fastest): "
              f"this {rates[0]}, {other} {rates[1]}; ratio {f['ratio']}; same output: "
              f"{'yes' if f['same_output'] else 'NO'}")  # fmt: skip
        same = same and f["same_output"]
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
