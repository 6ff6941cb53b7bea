"""Robustness on real scans from OCRmyPDF's test suite: does every file come out, or fail with
one clear line?

``bench/robustness/`` holds a few small files of ``tests/resources/`` of OCRmyPDF
(github.com/ocrmypdf/OCRmyPDF; each file's source and licence in that folder's README): a
typewriter page, a two-column brochure page skewed, rotated, CCITT G4 and JBIG2 encoded, a page
at 200x100 DPI, an old book page, an invalid PDF and a page with no content stream. They are
not FOIA material and none of them was used to decide any rule of the pipeline; they test what
a mature OCR tool must survive. Expected: every valid file is read; ``invalid.pdf`` fails with a
reason naming the file. The LinnSequencer pages are scored against ``linn.txt``, OCRmyPDF's own
reference text (itself OCR, not gold: a similarity, not an accuracy).

    python -m bench.robustness [--jobs 2]
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path
from typing import Any

from bench.material import REPO
from bench.metrics import word_errors

SUITE = REPO / "bench" / "robustness"
OUT = REPO / "bench" / "out"
INPUT_EXTS = {".pdf", ".png", ".jpg", ".tif", ".tiff"}
LINN = ("skew", "rotated_skew", "ccitt", "jbig2")  # pages made from linn.png
EXPECT_FAIL = {"invalid"}  # not a PDF: must fail with a reason, never crash the batch


def suite_files(suite: Path = SUITE) -> list[Path]:
    """The input files of the suite (PDFs and images), sorted by name."""
    return sorted(p for p in suite.iterdir() if p.suffix.lower() in INPUT_EXTS)


def run_robustness(out: Path, jobs: int, suite: Path = SUITE) -> dict[str, Any]:
    """Run our batch over the suite into ``out/robustness``; per file: ``status``, ``reason``,
    ``pages``, ``words`` out, ``as_expected`` and, for the LinnSequencer pages, ``wer_vs_reference``
    (against ``linn.txt``). Also ``seconds`` for the batch."""
    from pipeline.core.config import RunConfig
    from pipeline.runner import run_batch

    root = out / "robustness"
    inputs, results = root / "inputs", root / "batch"
    shutil.rmtree(root, ignore_errors=True)
    inputs.mkdir(parents=True)
    for f in suite_files(suite):
        shutil.copyfile(f, inputs / f.name)
    t0 = time.perf_counter()
    report = run_batch(
        [inputs],
        RunConfig(
            out_dir=results, jobs=jobs, dictionaries=REPO / "dictionaries", reviews=root / "reviews"
        ),
    )
    seconds = time.perf_counter() - t0
    reference = (suite / "linn.txt").read_text(encoding="utf-8")
    files: dict[str, Any] = {}
    for d in report.documents:
        done = str(d.status) == "done"
        clean = results / d.name / "clean.txt"
        text = clean.read_text(encoding="utf-8") if done and clean.is_file() else ""
        row: dict[str, Any] = {
            "status": str(d.status),
            "reason": d.reason,
            "pages": d.pages,
            "words": len(text.split()),
            "as_expected": (not done) if d.name in EXPECT_FAIL else done,
        }
        if d.name in LINN:
            row["wer_vs_reference"] = round(word_errors(text, reference).rate, 4)
        files[d.name] = row
    return {"files": files, "seconds": round(seconds, 1)}


def table(figures: dict[str, Any]) -> str:
    """One line per file: status, pages, words, WER against the reference where there is one."""
    lines = ["robustness (OCRmyPDF's test files, real scans; ours)"]
    for name, row in figures["files"].items():
        ref = row.get("wer_vs_reference")
        extra = f", WER vs linn.txt {100 * ref:.1f}%" if ref is not None else ""
        mark = "ok " if row["as_expected"] else "BAD"
        why = f": {row['reason']}" if row["reason"] else ""
        lines.append(
            f"  {mark} {name:<14} {row['status']}{why}; "
            f"{row['pages']} p, {row['words']} words{extra}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    figures = run_robustness(args.out, args.jobs)
    print(table(figures))
    return 0 if all(r["as_expected"] for r in figures["files"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
