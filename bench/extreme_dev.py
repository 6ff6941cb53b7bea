"""Dev-only end to end on one tier (issue 13's extreme tier): our batch over the dev gold texts
rendered at the tier, scored per document, and the words it still gets wrong by class.

Why: ``make bench`` gives the extreme tier's end to end only as a figure per split, with plain
Tesseract and OCRmyPDF beside it; tuning the text stages on it needs a loop that redoes only
strip and correct over the same OCR (the OCR stage's cache is kept, the text stages' dropped)
and says which errors are left. Dev texts only (``bench/splits.json``): never run it on test.

The classes come from ``bench.error_sources`` (its stretches, groups and shapes) with the
glued-mark class split out first: a one-to-one group whose OCR token is the gold word with extra
marks (non-letters, or one of the letters a speck is read as: ``i l I``) at its start, end or
inside (``'word``, ``word.``, ``wo:rd``, ``iword``) is ``glued mark start/end/inside``; a gold
mark the output lacks (``word.`` read ``word``) is ``mark lost``.

    python -m bench.extreme_dev [--tier extreme] [--out /tmp/extreme-dev/base]
        [--scans bench/scans] [--jobs 2] [--show CLASS]

Prints CER/WER per stage (raw, stripped, clean) over the tier's dev texts, WER per document,
and the class table (word edits per class, and as a share of gold words); ``--show`` lists one
class's groups with each OCR word's confidence and box height against its line's median.
Writes ``score.json`` in the out folder.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import shutil
import statistics
from collections import Counter, defaultdict
from pathlib import Path

import bench.run as bench_run
from bench.error_sources import classify, decompose, stretches
from bench.material import split_of
from bench.metrics import char_errors, read_text, word_errors

log = logging.getLogger("bench")

#: Letters a speck or grain is commonly read as when it touches a word.
SPECK_LETTERS = frozenset("ilI")
_MARK = re.compile(r"[^\w\s]")


def _extra(hyp: str, gold: str) -> tuple[str, str] | None:
    """Where ``hyp`` is ``gold`` with marks added: ``(place, marks)`` with place ``start``,
    ``end`` or ``inside``; None otherwise. Case is ignored (case is its own class)."""
    h, g = hyp.lower(), gold.lower()
    if len(h) <= len(g) or not g:
        return None
    # The gold's characters in order inside hyp, the rest being marks.
    i = 0
    extra: list[tuple[int, str]] = []
    for k, c in enumerate(h):
        if i < len(g) and c == g[i]:
            i += 1
        else:
            extra.append((k, hyp[k]))
    if i < len(g):
        return None
    if not all(_MARK.match(c) or c in SPECK_LETTERS for _, c in extra):
        return None
    n = len(extra)
    if all(k == j for j, (k, _) in enumerate(extra)):
        place = "start"
    elif all(k == len(h) - n + j for j, (k, _) in enumerate(extra)):
        place = "end"
    elif all(k < n or k >= len(h) - n for k, _ in extra) and not _inside(h, g, extra):
        place = "start+end"
    else:
        place = "inside"
    return place, "".join(c for _, c in extra)


def _inside(h: str, g: str, extra: list[tuple[int, str]]) -> bool:
    """Whether any extra mark stands between two of the gold's characters in ``h``."""
    marks = {k for k, _ in extra}
    kept = [k for k in range(len(h)) if k not in marks]
    return any(kept[0] < k < kept[-1] for k in marks)


def word_class(hyp: list[str], ref: list[str]) -> str:
    """The class of one group: glued mark / mark lost first, else ``error_sources.classify``."""
    if len(hyp) == 1 and len(ref) == 1:
        got = _extra(hyp[0], ref[0])
        if got:
            return f"glued mark {got[0]}"
        if _extra(ref[0], hyp[0]):
            return "mark lost"
    return classify(hyp, ref, lambda w: False)


def groups(hyp_text: str, gold: str) -> list[tuple[list[str], list[str]]]:
    """The differing groups of ``hyp_text`` against ``gold`` (whitespace tokens)."""
    out = []
    for h, r in stretches(read_text(hyp_text).split(), gold.split()):
        out.extend(decompose(h, r))
    return out


def _word_boxes(folder: Path) -> dict[str, list[tuple[float, int, int]]]:
    """OCR words of a document folder's pages: text -> [(conf, height, line median height)]."""
    found: dict[str, list[tuple[float, int, int]]] = defaultdict(list)
    for page in sorted((folder / "pages").glob("*.json")):
        data = json.loads(page.read_text(encoding="utf-8"))
        for line in data.get("lines", []):
            words = line.get("words", [])
            heights = [w["bbox"][3] for w in words if w.get("bbox")]
            med = int(statistics.median(heights)) if heights else 0
            for w in words:
                if w.get("bbox"):
                    found[w["text"]].append((w.get("conf", -1), w["bbox"][3], med))
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tier", default="extreme")
    ap.add_argument("--out", type=Path, default=Path("/tmp/extreme-dev/base"))
    ap.add_argument("--scans", type=Path, default=bench_run.SCANS)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--show", action="append", default=[], help="list this class's groups")
    ap.add_argument("--stage", default="correct", choices=("ocr", "strip", "correct"))
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    from pipeline.core.config import RunConfig
    from pipeline.runner import run_batch

    full = bench_run.doc_plans(bench_run.FULL)
    dev = tuple(p.file for p in full if split_of("gold", p.name) == "dev")
    profile = bench_run.Profile("devx", (args.tier,), dev, None, talbott=0, jfk=())
    docs = bench_run.ensure_scans(
        profile, args.tier, bench_run.doc_plans(profile), args.jobs, args.scans
    )
    out = args.out / args.tier
    for stage in ("strip", "correct"):  # keep only the OCR stage's cache
        shutil.rmtree(out / ".cache" / stage, ignore_errors=True)
    config = RunConfig(
        out_dir=out,
        jobs=args.jobs,
        dictionaries=bench_run.DICTIONARIES,
        reviews=args.out / "reviews",  # empty: nobody's review decisions change the scores
    )
    run_batch([docs[0].input.parent], config)

    files = {"ocr": "raw.txt", "strip": "stripped.txt", "correct": "clean.txt"}
    totals = {s: [char_errors("", ""), word_errors("", "")] for s in files}
    per_doc: dict[str, dict[str, float]] = {}
    classes: Counter[str] = Counter()
    shown: list[str] = []
    gold_words = 0
    for doc in docs:
        folder = out / doc.plan.name
        gold = doc.body_text
        gold_words += len(gold.split())
        texts = {
            s: (folder / f).read_text(encoding="utf-8") if (folder / f).is_file() else ""
            for s, f in files.items()
        }
        for s, text in texts.items():
            c, w = char_errors(text, gold), word_errors(text, gold)
            totals[s] = [totals[s][0] + c, totals[s][1] + w]
            per_doc.setdefault(doc.plan.name, {})[s] = round(w.rate, 4)
        boxes = _word_boxes(folder) if args.show else {}
        for h, r in groups(texts[args.stage], gold):
            cls = word_class(h, r)
            classes[cls] += max(len(h), len(r))
            if cls in args.show:
                ev = [f"{t}{boxes.get(t, [])[:2]}" for t in h]
                shown.append(f"{doc.plan.name}: {' '.join(h)!r} <- gold {' '.join(r)!r}  {ev}")
    print(f"{args.tier} dev: {len(docs)} texts, {sum(len(d.pages) for d in docs)} pages")
    for s in files:
        c, w = totals[s]
        print(f"  {s:8} CER {c.rate:6.2%}  WER {w.rate:6.2%}  ({w.edits} / {w.length} words)")
    for name, per in per_doc.items():
        print(f"  {name:28} " + "  ".join(f"{s} {v:6.2%}" for s, v in per.items()))
    print(f"word edits left after {args.stage}, by class (share of {gold_words} gold words):")
    for cls, n in classes.most_common():
        print(f"  {cls:22} {n:5}  {n / gold_words:6.2%}")
    for line in shown:
        print("  " + line)
    (out / "score.json").write_text(
        json.dumps(
            {
                "per_doc": per_doc,
                "wer": {s: totals[s][1].rate for s in files},
                "cer": {s: totals[s][0].rate for s in files},
                "classes": dict(classes),
                "gold_words": gold_words,
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
