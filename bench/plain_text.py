"""Issue 15's "unseen cables read by plain Tesseract": our text stages over another reader's OCR.

Many archives already hold OCR text made by plain Tesseract; foia-clean takes such text as input
(strip and correct, no re-OCR). This suite measures what the text stages do to it. For every
tier, the benchmark's generated scans of the gold cables (``bench.run``'s full profile, the same
pages) are read with plain ``tesseract page.png -`` (cached by image checksum in
``bench/out/plain-text/cache``), the pages of a document joined with form feeds into one
``<name>.txt``, and the batch run on that folder of texts. Scored against the gold body text:

* WER/CER of plain Tesseract's text, of ``stripped.txt`` (furniture out, lines rejoined) and of
  ``clean.txt`` (corrected); the correct stage's own part is stripped → clean;
* every correction record judged against the gold at its place (``bench.metrics``), so the
  automatic changes' precision is the issue's "right ≥ 99 in 100". A fix of the typist's own
  typo that the gold keeps as printed (``index.tsv`` notes, ``DocPlan.kept``) is counted apart,
  as ``bench.run`` does. A record the gold cannot judge by its own conventions (its place spans a
  word OCR lost beside it: ``ITs`` → ``ITS``, gold ``IN ITS``; ``bench.gold_conventions``) is
  neutral, listed apart.

Per split (``bench/splits.json``): dev was tuned on, test is held out.

    python -m bench.plain_text [--tiers clean,medium] [--split test]
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.gold_conventions import rejudge
from bench.material import split_of
from bench.metrics import (
    APPLIED,
    CorrectionScore,
    ErrorCount,
    Record,
    char_errors,
    judge_corrections,
    word_errors,
)

log = logging.getLogger("bench")

REPO = Path(__file__).resolve().parent.parent
TIERS = ("clean", "medium", "hard")


def _plain_cached(args: tuple[str, str]) -> str:
    """Worker: plain Tesseract's text of one page image, from the cache when the pixels match."""
    from pipeline.engines import tesseract

    image, cache_dir = args
    digest = hashlib.sha256(Path(image).read_bytes()).hexdigest()[:24]
    cached = Path(cache_dir) / f"{digest}.txt"
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    text = tesseract.plain_text(Path(image))
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(cached)
    return text


def _read_records(path: Path) -> list[Record]:
    """The word records of a ``corrections.jsonl`` (line items left out, as every suite does)."""
    from bench.labelled import word_records
    from bench.systems import _read_jsonl

    return word_records(_read_jsonl(path))


def run_tier(tier: str, out: Path, jobs: int, splits: tuple[str, ...]) -> dict[str, Any]:
    """Plain Tesseract then our text stages on one tier's scans; figures per split.

    Returns ``{split: {"documents", "wer"/"cer": {"plain", "stripped", "clean"},
    "correct": CorrectionScore fields}}``. Renders the tier's scans first when they are missing
    (``bench.run.ensure_scans``)."""
    from bench import run as bench_run
    from pipeline.core.config import RunConfig
    from pipeline.runner import run_batch

    # Every plan of the profile: ensure_scans keeps the tier's input folder to exactly the
    # plans it is given (the batch reads the whole folder), so a subset would delete the rest.
    docs = bench_run.ensure_scans(bench_run.FULL, tier, bench_run.doc_plans(bench_run.FULL), jobs)
    docs = [d for d in docs if split_of("gold", d.plan.name) in splits]
    texts_dir = out / "texts" / tier
    shutil.rmtree(texts_dir, ignore_errors=True)
    texts_dir.mkdir(parents=True)
    pages = [(d.plan.name, str(p)) for d in docs for p in d.plain_images]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        read = list(pool.map(_plain_cached, [(p, str(out / "cache")) for _, p in pages]))
    plain: dict[str, list[str]] = {}
    for (name, _), text in zip(pages, read, strict=True):
        plain.setdefault(name, []).append(text)
    for name, page_texts in plain.items():
        (texts_dir / f"{name}.txt").write_text("\f".join(page_texts), encoding="utf-8")
    batch = out / "batch" / tier
    shutil.rmtree(batch, ignore_errors=True)
    config = RunConfig(
        out_dir=batch,
        jobs=jobs,
        dictionaries=REPO / "dictionaries",
        reviews=out / "reviews",  # empty: nobody's review decisions change the scores
    )
    run_batch([texts_dir], config)
    figures: dict[str, Any] = {}
    for split in splits:
        wer = dict.fromkeys(("plain", "stripped", "clean"), ErrorCount())
        cer = dict(wer)
        score = CorrectionScore()
        wrong: list[str] = []
        artefacts: list[str] = []
        kept = 0
        part = [d for d in docs if split_of("gold", d.plan.name) == split]
        for doc in part:
            name, gold = doc.plan.name, doc.body_text
            folder = batch / name
            hyps = {"plain": "\f".join(plain.get(name, []))}
            for stage in ("stripped", "clean"):
                path = folder / f"{stage}.txt"
                hyps[stage] = path.read_text(encoding="utf-8") if path.is_file() else ""
            for stage, hyp in hyps.items():
                wer[stage] += word_errors(hyp, gold)
                cer[stage] += char_errors(hyp, gold)
            judgement, moved = rejudge(
                judge_corrections(
                    hyps["stripped"], gold, _read_records(folder / "corrections.jsonl")
                )
            )
            artefacts += [
                f"{name}: {j.record.original!r} -> {j.record.replacement!r}, gold {j.gold!r} "
                f"({why})"
                for j, why in moved
                if j.record.decision == APPLIED
            ]
            for j in judgement.judged:
                if j.record.decision != APPLIED or j.right or j.neutral:
                    continue
                if j.original_ok and j.gold.lower() in doc.plan.kept:
                    # The typist's own typo, which the gold keeps as printed (index.tsv notes):
                    # the fix is what a reader wants, so it is counted apart, as bench.run does.
                    kept += 1
                    continue
                wrong.append(
                    f"{name}: {j.record.original!r} -> {j.record.replacement!r}, gold {j.gold!r}"
                )
            score += judgement.score
        if kept:
            score = replace(
                score,
                applied_wrong=score.applied_wrong - kept,
                applied_damaging=score.applied_damaging - kept,
            )
        figures[split] = {
            "documents": len(part),
            "wer": {k: round(v.rate, 4) for k, v in wer.items()},
            "cer": {k: round(v.rate, 4) for k, v in cer.items()},
            "words": wer["plain"].length,
            "correct": score.__dict__,
            "applied_on_kept_typos": kept,
            "applied_wrong_examples": wrong[:15],
            "applied_gold_artefacts": artefacts,
        }
    return figures


def run_plain_text(
    out: Path, jobs: int, splits: tuple[str, ...] = ("dev", "test"), tiers: tuple[str, ...] = TIERS
) -> dict[str, Any]:
    """Every tier of ``tiers``: ``{tier: run_tier(...)}``."""
    return {tier: run_tier(tier, out, jobs, splits) for tier in tiers}


def _pct(x: float) -> str:
    return f"{100 * x:.2f}%"


def table(figures: dict[str, Any]) -> str:
    """Plain text: per tier and split, WER plain → stripped → clean, and the applied changes."""
    lines = [
        "our text stages on plain Tesseract's text (bench.plain_text): WER plain -> stripped -> "
        "clean (CER), applied right/wrong, proposals"
    ]
    for tier, by_split in figures.items():
        for split, f in by_split.items():
            w, c, s = f["wer"], f["cer"], f["correct"]
            applied = s["applied_right"] + s["applied_wrong"]
            prec = f"{100 * s['applied_right'] / applied:.1f}%" if applied else "-"
            down = 1 - w["clean"] / w["plain"] if w["plain"] else 0.0
            lines.append(
                f"  {tier:<7} {split:<5} {f['documents']:>2} docs {f['words']:>6} words: WER "
                f"{_pct(w['plain'])} -> {_pct(w['stripped'])} -> {_pct(w['clean'])} "
                f"(down {100 * down:.0f}%; CER {_pct(c['plain'])} -> {_pct(c['clean'])}); "
                f"applied {s['applied_right']} right / {s['applied_wrong']} wrong ({prec}), "
                f"proposed {s['proposed_right'] + s['proposed_wrong']}"
                + (
                    f"; {f['applied_on_kept_typos']} typist's typos fixed (kept in the gold)"
                    if f["applied_on_kept_typos"]
                    else ""
                )
            )
            lines += [f"      applied wrong: {e}" for e in f["applied_wrong_examples"]]
            lines += [f"      neutral (gold): {e}" for e in f.get("applied_gold_artefacts", [])]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiers", default=",".join(TIERS))
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "plain-text")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    splits = ("dev", "test") if args.split == "both" else (args.split,)
    figures = run_plain_text(args.out, args.jobs, splits, tuple(args.tiers.split(",")))
    print(table(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
