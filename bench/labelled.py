"""The labelled set of real FOIA OCR (``bench/labels/``): reading it and scoring the pipeline.

Real OCR text of JFK releases, Talbott documents and the seed cable, labelled by careful reading:
every line is body, page furniture, release metadata (a cover form) or unreadable noise; inside
the lines, OCR errors carry their right word and correct-but-unusual words (names, codes,
abbreviations, foreign words) are marked, and so is furniture inside a body line. The format is
in ``bench/labels/README.md`` and read by ``bench.label_files``. Each file names its source and
split; the split must agree with ``bench/splits.json`` (``bench.material``), and figures are
reported per split.

The pipeline runs on the unlabelled OCR text as a user would run it (``run_batch`` on ``.txt``
input), and is scored on what a reviewer lives with: furniture left and body lost by strip, and
for correct the applied precision, proposals per 1,000 words, the share of proposals whose top
candidate is right, the share with the right word among the candidates (each counted per record
and per reviewer item, ``bench.review_items``), the real errors left untouched, and the
unusual-but-correct words that were changed or proposed.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from bench.label_files import LabelError, LabelledDoc, load_labels
from bench.material import REPO, SPLIT_NAMES, documents
from bench.metrics import (
    APPLIED,
    CorrectionScore,
    LineCount,
    Record,
    body_found,
    core,
    furniture_found,
    judge_corrections,
    pct,
    reviewer_figures,
    word_errors,
)
from bench.review_items import (
    Verdict,
    items_json,
    line_suggestions,
    review_items,
    reviewer_rows,
)
from pipeline.core.enums import TRANSCRIBE_KINDS

# ---------------------------------------------------------------------------------------------
# Which JFK documents are labelled: a fixed rule, never a choice

# The JFK files the first labelling session took (before the rule below); every later JFK label
# file is the next document the rule gives for its split.
FIRST_JFK = frozenset(
    {
        "2018__docid-32296167.md",
        "2022__104-10185-10111.md",
        "2023__176-10036-10012.md",
        "2025__0318__124-10223-10071.md",
    }
)
PROSE_WORDS = 5  # a prose line has at least this many words of letters ...
PROSE_ENGLISH = 0.8  # ... and at least this share of them in the English word list
PROSE_LINES = 20  # a document with fewer prose lines is a form, a cover sheet or handwriting
EXCERPT_LINES = 120  # source lines labelled from a document's first prose line on
SPLIT_ERRORS = 150  # documents are added to a split until it holds this many OCR errors
_WORD = re.compile(r"[A-Za-z]+")


@cache
def english_words() -> frozenset[str]:
    """The lower-case words of ``dictionaries/english_scowl.txt`` (SCOWL size 50)."""
    path = REPO / "dictionaries" / "english_scowl.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def is_prose(line: str) -> bool:
    """True for a line of running English text: ``PROSE_WORDS`` or more words of letters, at
    least ``PROSE_ENGLISH`` of them English words.

    >>> is_prose("The following report is one of a series"), is_prose("DIR 84608, 22 November")
    (True, False)
    """
    words = _WORD.findall(line)
    english = english_words()
    return len(words) >= PROSE_WORDS and sum(
        w.lower() in english for w in words
    ) >= PROSE_ENGLISH * len(words)


def jfk_candidates(folder: Path, split: str) -> list[tuple[str, int, int]]:
    """The JFK documents of ``split`` in the order the labelled set takes them: sorted by file
    name, not among ``FIRST_JFK``, with at least ``PROSE_LINES`` prose lines; each as
    ``(file name, first line, last line)`` (1-based, inclusive) of its excerpt, the
    ``EXCERPT_LINES`` source lines from its first prose line (fewer at the file's end)."""
    out = []
    for name in sorted(documents("jfk", split)):  # type: ignore[arg-type]
        if name in FIRST_JFK:
            continue
        window = excerpt(folder / name)
        if window:
            out.append((name, *window))
    return out


def excerpt(path: Path) -> tuple[int, int] | None:
    """``(first line, last line)`` (1-based, inclusive) of the excerpt the labelled set takes
    of a JFK file: the ``EXCERPT_LINES`` source lines from its first prose line (fewer at the
    file's end); None when it has fewer than ``PROSE_LINES`` prose lines (not a prose
    document)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    prose = [n for n, line in enumerate(lines, 1) if is_prose(line)]
    if len(prose) < PROSE_LINES:
        return None
    return prose[0], min(prose[0] + EXCERPT_LINES - 1, len(lines))


def source_lines(doc: LabelledDoc) -> tuple[str, int, int | None]:
    """``(path under shared/, first line, last line or None)`` of a label file's ``source``
    header (``shared/corpus/jfk/X.md lines 12-131`` for an excerpt, else the whole file)."""
    parts = doc.header["source"].split()
    path = parts[0].removeprefix("shared/")
    if len(parts) == 3 and parts[1] == "lines":
        a, _, b = parts[2].partition("-")
        return path, int(a), int(b)
    return path, 1, None


# ---------------------------------------------------------------------------------------------
# Measuring the pipeline on the labelled set


@dataclass
class SplitScore:
    documents: int = 0
    furniture: LineCount = field(default_factory=LineCount)  # found = left after strip
    body: LineCount = field(default_factory=LineCount)  # found = kept by strip
    metadata: LineCount = field(default_factory=LineCount)  # found = kept by strip
    correction: CorrectionScore = field(default_factory=CorrectionScore)
    words: int = 0
    wer_before: tuple[int, int] = (0, 0)  # (edits, reference words) stripped vs gold body
    wer_after: tuple[int, int] = (0, 0)  # clean vs gold body
    unusual: int = 0
    unusual_applied: int = 0  # correct-but-unusual words changed automatically
    unusual_proposed: int = 0  # ... proposed for review
    examples: list[str] = field(default_factory=list)
    line_items: int = 0  # "transcribe by hand" items: one screen each, no candidate
    #: Every proposal record judged: (its review key, ``keys.review_key``: the reviewer item it
    #: belongs to, and its verdict). ``review_items`` groups them.
    places: list[tuple[str, Verdict]] = field(default_factory=list)
    #: per line item that suggests a text: is it the gold (``review_items.line_suggestions``)
    suggestions: list[bool] = field(default_factory=list)


def is_line_item(c: dict[str, Any]) -> bool:
    """Is this ``corrections.jsonl`` record (as a dict) a "transcribe by hand" line item
    (``kind`` ``line``: its replacement is the line's own text, no candidate)? Such an item is
    not a word proposal: every suite leaves it out of the judged records and counts it apart."""
    return c.get("kind", "word") in TRANSCRIBE_KINDS


def word_records(corrections: Iterable[dict[str, Any]]) -> list[Record]:
    """The word records of ``corrections`` (``corrections.jsonl`` lines as dicts) as ``Record``s
    for ``judge_corrections``; line items (``is_line_item``) left out."""
    return [Record.from_dict(c) for c in corrections if not is_line_item(c)]


def score_document(
    doc: LabelledDoc, stripped: str, clean: str, corrections: list[dict]
) -> SplitScore:
    """One document's scores from the batch's ``stripped.txt``, ``clean.txt`` and
    ``corrections.jsonl`` records (as dicts)."""
    from pipeline.review.keys import review_key

    gold, unreadable = doc.gold_body_unreadable()
    s = SplitScore(documents=1)
    furn = doc.furniture_lines()
    s.furniture = LineCount(len(furn), sum(furniture_found(furn, stripped, gold)))
    body = doc.body_lines()
    s.body = LineCount(len(body), sum(body_found(body, stripped)))
    meta = doc.metadata_lines()
    s.metadata = LineCount(len(meta), sum(body_found(meta, stripped)))
    judgement = judge_corrections(stripped, gold, word_records(corrections), unreadable)
    s.correction = judgement.score
    s.line_items = sum(map(is_line_item, corrections))
    lines = [c for c in corrections if is_line_item(c)]
    s.suggestions = line_suggestions(stripped, gold, lines, unreadable)
    s.words = len(gold.split())
    before, after = word_errors(stripped, gold), word_errors(clean, gold)
    s.wer_before = (before.edits, before.length)
    s.wer_after = (after.edits, after.length)
    odd = {core(w) for w in doc.unusual}
    s.unusual = len(doc.unusual)
    for j in judgement.judged:
        if j.record.decision != APPLIED:
            r = j.record
            key = review_key(r.original, r.replacement, r.candidates, r.reason)
            s.places.append((key, Verdict(j.right, j.among, bool(j.neutral or not j.located))))
        if j.original_ok and core(j.record.original) in odd:
            if j.record.decision == APPLIED:
                s.unusual_applied += 1
            else:
                s.unusual_proposed += 1
        if j.located and not j.right and not j.neutral and j.record.decision == APPLIED:
            s.examples.append(
                f"{doc.name}: {j.record.original} -> {j.record.replacement} (gold {j.gold!r})"
            )
    return s


def _add(a: SplitScore, b: SplitScore) -> SplitScore:
    return SplitScore(
        a.documents + b.documents,
        a.furniture + b.furniture,
        a.body + b.body,
        a.metadata + b.metadata,
        a.correction + b.correction,
        a.words + b.words,
        (a.wer_before[0] + b.wer_before[0], a.wer_before[1] + b.wer_before[1]),
        (a.wer_after[0] + b.wer_after[0], a.wer_after[1] + b.wer_after[1]),
        a.unusual + b.unusual,
        a.unusual_applied + b.unusual_applied,
        a.unusual_proposed + b.unusual_proposed,
        a.examples + b.examples,
        a.line_items + b.line_items,
        a.places + b.places,
        a.suggestions + b.suggestions,
    )


def split_json(s: SplitScore) -> dict[str, Any]:
    """A split's figures as results.json carries them."""

    def rate(pair: tuple[int, int]) -> float | None:
        return round(pair[0] / pair[1], 4) if pair[1] else None

    return {
        "documents": s.documents,
        "furniture_lines": s.furniture.total,
        "furniture_left": s.furniture.found,
        "body_lines": s.body.total,
        "body_lost": s.body.total - s.body.found,
        "metadata_lines": s.metadata.total,
        "metadata_kept": s.metadata.found,
        "wer_stripped": rate(s.wer_before),
        "wer_clean": rate(s.wer_after),
        "reviewer": reviewer_figures(s.correction, s.words),
        "items": items_json(review_items(s.places, s.line_items, s.suggestions), s.words),
        "line_items": s.line_items,
        "unusual_words": s.unusual,
        "unusual_changed": s.unusual_applied,
        "unusual_proposed": s.unusual_proposed,
        "wrong_changes": s.examples[:20],
    }


def run_pipeline(
    docs: Iterable[LabelledDoc], out: Path, jobs: int, dictionaries: Path
) -> tuple[Path, dict[str, Any]]:
    """Run the batch on the OCR text of ``docs`` as a user would (``.txt`` input) in a fresh
    ``out`` (``out/inputs``, ``out/batch``, an empty ``out/reviews``). Returns (the batch's
    output folder, ``{document name: its DocumentReport}``); a document's output folder is
    ``batch/<LabelledDoc.name>``."""
    from pipeline.core.config import RunConfig
    from pipeline.runner import run_batch

    inputs, results = out / "inputs", out / "batch"
    shutil.rmtree(out, ignore_errors=True)
    inputs.mkdir(parents=True)
    for d in docs:
        (inputs / f"{d.name}.txt").write_text(d.ocr_text(), encoding="utf-8")
    report = run_batch(
        [inputs],
        RunConfig(out_dir=results, jobs=jobs, dictionaries=dictionaries, reviews=out / "reviews"),
    )
    return results, {d.name: d for d in report.documents}


def run_labelled(
    out: Path, jobs: int, dictionaries: Path, splits: Iterable[str] = SPLIT_NAMES
) -> dict[str, Any]:
    """Run the batch over the labelled documents of ``splits`` (text input) into ``out`` and
    score them; returns ``{split: split_json(...)}`` plus ``"documents"`` per document."""
    from pipeline.stages.ingest import read_text_document

    docs = [d for d in load_labels() if d.split in set(splits)]
    results, status = run_pipeline(docs, out, jobs, dictionaries)
    totals = {name: SplitScore() for name in splits}
    in_place = {name: LineCount() for name in splits}
    per_doc: dict[str, Any] = {}
    for d in docs:
        folder = results / d.name
        done = status.get(d.name)
        if done is None or done.status != "done":
            per_doc[d.name] = {
                "split": d.split,
                "status": "failed",
                "reason": getattr(done, "reason", ""),
            }
            stripped = clean = ""
            corrections: list[dict] = []
        else:
            stripped = (folder / "stripped.txt").read_text(encoding="utf-8")
            clean = (folder / "clean.txt").read_text(encoding="utf-8")
            lines = (folder / "corrections.jsonl").read_text(encoding="utf-8").splitlines()
            corrections = [json.loads(x) for x in lines if x.strip()]
            removed = (folder / "removed.jsonl").read_text(encoding="utf-8").splitlines()
            pages = read_text_document(out / "inputs" / f"{d.name}.txt")
            placed, _ = furniture_left_in_place(
                d, pages, [json.loads(x) for x in removed if x.strip()]
            )
            in_place[d.split] += placed
        score = score_document(d, stripped, clean, corrections)
        per_doc.setdefault(d.name, {"split": d.split, **split_json(score)})
        totals[d.split] = _add(totals[d.split], score)
    # The furniture figure again, each line judged at its own place (furniture_left_in_place).
    return {
        **{
            k: {**split_json(v), "furniture_left_in_place": in_place[k].found}
            for k, v in totals.items()
        },
        "documents": per_doc,
    }


def table(figures: dict[str, Any]) -> str:
    """The labelled set's figures as a plain-text table, one column per split."""
    rows = [
        ("documents", lambda f: f["documents"]),
        ("furniture lines left / all", lambda f: f"{f['furniture_left']} / {f['furniture_lines']}"),
        ("body lines lost / all", lambda f: f"{f['body_lost']} / {f['body_lines']}"),
        ("cover-form lines kept / all", lambda f: f"{f['metadata_kept']} / {f['metadata_lines']}"),
        ("WER stripped -> clean", lambda f: f"{pct(f['wer_stripped'])} -> {pct(f['wer_clean'])}"),
        *reviewer_rows(),
        (
            "unusual words changed / proposed",
            lambda f: f"{f['unusual_changed']} / {f['unusual_proposed']} of {f['unusual_words']}",
        ),
    ]
    splits = [s for s in SPLIT_NAMES if s in figures]
    width = max(len(r[0]) for r in rows) + 2
    out = [
        "labelled real FOIA OCR (bench/labels, in-the-wild)".ljust(width)
        + "".join(f"{s:>18}" for s in splits)
    ]
    for label, get in rows:
        out.append(label.ljust(width) + "".join(f"{get(figures[s])!s:>18}" for s in splits))
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# The strip stage alone, from the command line


def furniture_left_in_place(
    doc: LabelledDoc, pages: list[Any], removals: Iterable[Any]
) -> tuple[LineCount, list[str]]:
    """The furniture of ``doc`` left by the strip stage, judged at its own place: ``pages`` are
    the pages ingest read from ``doc.ocr_text()`` (``read_text_document``), ``removals`` the
    strip's removals (``Removal``s, or ``removed.jsonl`` lines as dicts: ``page``, ``line``,
    ``start``, ``end``, ``kind``). A furniture line (or a furniture span inside a body line) is
    left when more than ``bench.furniture_eval.LEFT_SHARE`` of its characters were not removed
    there, the rule ``bench.furniture_eval`` scores its labels by. Unlike ``furniture_found``
    (the line's words looked for anywhere in the output's text the gold body does not explain,
    fuzzily), a furniture line cannot be "found" in OCR noise or a damaged body word elsewhere.
    Returns (the count, the lines left)."""
    from bench.furniture_eval import LEFT_SHARE, kept_share, line_index

    cut: dict[tuple[int, int], list[Any]] = {}
    for r in removals:
        get = r.get if isinstance(r, dict) else (lambda k, r=r: getattr(r, k))
        cut.setdefault((int(get("page")), int(get("line"))), []).append(
            _Cut(int(get("start")), int(get("end")), str(get("kind")))
        )
    where = line_index(pages)
    total, left = 0, []
    for k, ln in enumerate(doc.lines):
        spans: list[tuple[int, int]] = []
        if ln.tag == "F" and ln.ocr.strip():
            spans.append((0, len(ln.ocr)))
        at = 0
        for piece in ln.furniture:
            a = ln.ocr.find(piece, at)
            if a >= 0:
                spans.append((a, a + len(piece)))
                at = a + len(piece)
        if not spans:
            continue
        pi, li = where[k]
        text = pages[pi].lines[li].text  # ingest trims a line's trailing blanks
        if text.strip() != ln.ocr.strip() or not ln.ocr.startswith(text):
            raise LabelError(f"{doc.path}:{k + 1}: ingest read another line: {text!r}")
        removed = cut.get((pages[pi].number, li), [])
        for a, b in spans:
            b = min(b, len(text))
            total += 1
            inside = [_Cut(max(r.start, a) - a, min(r.end, b) - a, r.kind) for r in removed]
            share, _ = kept_share(text[a:b], [r for r in inside if r.start < r.end])
            if share > LEFT_SHARE:
                left.append(text[a:b])
    return LineCount(total, len(left)), left


@dataclass(frozen=True)
class _Cut:
    """A removal's span on its line (``kept_share`` reads ``start``, ``end``, ``kind``)."""

    start: int
    end: int
    kind: str


def strip_figures(
    split: str, show: bool = False
) -> tuple[LineCount, LineCount, LineCount, LineCount]:
    """The strip stage alone on the labelled documents of ``split`` (text input, the shipped
    dictionaries): (furniture lines left, body lines lost, cover-form lines kept, furniture
    left judged at its place: ``furniture_left_in_place``), each as a ``LineCount`` whose
    ``found`` is that count. ``show`` prints every line left or lost."""
    import tempfile

    from pipeline.lexicon import Lexicon
    from pipeline.stages.ingest import read_text_document
    from pipeline.stages.strip import StripConfig, strip

    lexicon = Lexicon.load(REPO / "dictionaries")
    left = lost = kept = placed = LineCount()
    for d in load_labels():
        if d.split != split:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{d.name}.txt"
            path.write_text(d.ocr_text(), encoding="utf-8")
            pages = read_text_document(path)
            result = strip(pages, StripConfig(), lexicon)
            stripped = result.text
        furn, body, meta = d.furniture_lines(), d.body_lines(), d.metadata_lines()
        f_left = furniture_found(furn, stripped, d.gold_body())
        in_place, left_there = furniture_left_in_place(d, pages, result.removals)
        placed += in_place
        if show:
            for line in left_there:
                print(f"left in place   {d.name}: {line!r}")
        b_kept = body_found(body, stripped)
        left += LineCount(len(furn), sum(f_left))
        lost += LineCount(len(body), len(body) - sum(b_kept))
        kept += LineCount(len(meta), sum(body_found(meta, stripped)))
        if show:
            for line in (x for x, hit in zip(furn, f_left, strict=True) if hit):
                print(f"furniture left  {d.name}: {line!r}")
            for line in (x for x, hit in zip(body, b_kept, strict=True) if not hit):
                print(f"body lost       {d.name}: {line!r}")
    return left, lost, kept, placed


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.labelled --split dev [--show] [--correct]``: the strip stage's figures on
    the labelled set (furniture left, body lost, cover-form lines kept); with ``--correct``, the
    whole pipeline's figures (``run_labelled``, as ``make bench`` reports them: correction,
    proposal records and reviewer items) in a temporary folder."""
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(
        description=main.__doc__.splitlines()[0] if main.__doc__ else ""
    )
    parser.add_argument("--split", choices=SPLIT_NAMES, default="test")
    parser.add_argument("--show", action="store_true", help="print every line left or lost")
    parser.add_argument(
        "--correct", action="store_true", help="run the whole pipeline: correction figures too"
    )
    args = parser.parse_args(argv)
    if args.correct:
        with tempfile.TemporaryDirectory() as tmp:
            figures = run_labelled(Path(tmp), 2, REPO / "dictionaries", [args.split])
        print(table(figures))
        return 0
    left, lost, kept, placed = strip_figures(args.split, args.show)
    print(
        f"split {args.split}: furniture lines left {left.found}/{left.total} "
        f"(at their place: {placed.found}/{placed.total}), "
        f"body lines lost {lost.found}/{lost.total}, "
        f"cover-form lines kept {kept.found}/{kept.total}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
