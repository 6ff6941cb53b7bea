"""Reviewer items on damaged typed prose (issue 15): the ``jfk-damaged`` dev slice, no gold.

The slice (``bench/damaged/jfk-damaged/``) holds the excerpts ``bench.furniture.pick_damaged``
chose by a rule fixed before any was read: dev prose excerpts of the 2018 and 2021 JFK releases
with 20-45 % of their words of 4+ letters in no dictionary. Items per 1,000 words need no gold:
the batch is run on the excerpts as text input (as a user would), and its ``corrections.jsonl``
records are grouped as ``bench.review_items`` groups them (one item per pending review key,
``pipeline.review.keys.review_key``, across the batch; one per "transcribe by hand" line, region
or page item), per 1,000 words of ``stripped.txt``. Reported per ``bench.dev_halves`` half
("A" to choose on, "B" to judge on) and in all; ``--dump FILE`` writes every item as a TSV row
(half, document, kind, decision, original, top candidate, reason) to read what they are.

    python -m bench.damaged_items [--dump /tmp/items/items.tsv]

Runs in about a minute on one core.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.dev_halves import half
from bench.furniture.pick_damaged import unknown_share
from bench.material import REPO

SLICE = REPO / "bench" / "damaged" / "jfk-damaged"
#: pick_damaged's second list (``--heavy``): 45-60 % unknown
HEAVY = SLICE.parent / "jfk-damaged-heavy"


@dataclass(frozen=True)
class Excerpt:
    """One excerpt of the slice, in the shape ``bench.labelled.run_pipeline`` takes."""

    name: str
    path: Path

    def ocr_text(self) -> str:
        return self.path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Whole(Excerpt):
    """The whole file an excerpt of the slice was taken from, read from a git copy of
    noops888/jfk-files-text (``path``: that copy) at ``pick_recent.COMMIT``."""

    def ocr_text(self) -> str:
        import subprocess

        from bench.furniture.pick_recent import COMMIT

        year, file = self.name.split("__", 1)
        spec = f"{COMMIT}:extracted_text/releases/{year}/{file}.md"
        blob = subprocess.run(
            ["git", "-C", str(self.path), "cat-file", "blob", spec], capture_output=True, check=True
        ).stdout
        return blob.decode("utf-8", errors="replace")


def excerpts(folder: Path = SLICE, whole: Path | None = None) -> list[Excerpt]:
    """The slice's excerpts in name order (``name``: the file name less ``.md``); with
    ``whole`` (a git copy of noops888/jfk-files-text), the whole files instead (``Whole``):
    text input without page marks longer than a page."""
    names = [p for p in sorted(folder.glob("*.md"))]
    return [Whole(p.stem, whole) if whole else Excerpt(p.stem, p) for p in names]


def count_items(records: list[dict[str, Any]]) -> tuple[int, int]:
    """(change items, transcribe items) of ``corrections.jsonl`` records (dicts) of one batch:
    distinct review keys of pending word records, and every line, region or page item."""
    from bench.labelled import is_line_item
    from bench.review_items import record_key

    keys = {record_key(r) for r in records if not is_line_item(r) and r["decision"] != "applied"}
    return len(keys), sum(map(is_line_item, records))


def run(
    dump: Path | None = None,
    jobs: int = 1,
    keep: Path | None = None,
    folder: Path = SLICE,
    whole: Path | None = None,
) -> dict[str, Any]:
    """Run the batch over the slice and count its items per half; returns
    ``{half: {documents, words, change_items, transcribe_items, items_per_1000_words}}`` with
    "all" too, ``documents`` (each one's words, unknown share and items) and ``by_reason``
    (pending records by the first words of their reason). ``keep``: run in this folder (kept)
    rather than a temporary one."""
    from bench.labelled import run_pipeline
    from bench.material import REPO as repo

    docs = excerpts(folder, whole)
    with tempfile.TemporaryDirectory(prefix="damaged-") as tmp:
        results, _ = run_pipeline(docs, keep or Path(tmp), jobs, repo / "dictionaries")
        per: dict[str, tuple[int, list[dict[str, Any]]]] = {}
        for d in docs:
            folder = results / d.name
            words = len((folder / "stripped.txt").read_text(encoding="utf-8").split())
            lines = (folder / "corrections.jsonl").read_text(encoding="utf-8").splitlines()
            per[d.name] = (words, [json.loads(x) for x in lines if x.strip()])
    out: dict[str, Any] = {}
    for h in ("A", "B", "all"):
        names = [n for n in per if h == "all" or half(n) == h]
        words = sum(per[n][0] for n in names)
        changes, lines = count_items([r for n in names for r in per[n][1]])
        out[h] = {
            "documents": len(names),
            "words": words,
            "change_items": changes,
            "transcribe_items": lines,
            "items_per_1000_words": round(1000 * (changes + lines) / words, 2) if words else None,
        }
    out["documents"] = {
        n: {
            "half": half(n),
            "words": w,
            "unknown": round(unknown_share(d.ocr_text()), 3),
            "pages": len(d.ocr_text().split("\f")),
            "items": sum(count_items(recs)),
        }
        for d in docs
        for n, (w, recs) in [(d.name, per[d.name])]
    }
    reasons: Counter[str] = Counter()
    rows = []
    for n, (_, recs) in per.items():
        for r in recs:
            if r["decision"] == "applied" and r.get("kind", "word") == "word":
                continue
            reasons[" ".join(str(r.get("reason", "")).split()[:3])] += 1
            top = (r.get("candidates") or [[""]])[0][0]
            rows.append(
                [half(n), n, r.get("kind", "word"), r["decision"], r["original"], top,
                 str(r.get("reason", ""))]
            )  # fmt: skip
    out["by_reason"] = dict(reasons.most_common(25))
    if dump:
        text = "\n".join(
            "\t".join(x.replace("\t", " ").replace("\n", "⏎") for x in row) for row in rows
        )
        dump.write_text(text + "\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the slice's item figures as JSON."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--dump", type=Path, help="write every item as a TSV row here")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="run in this folder and keep its outputs")
    parser.add_argument(
        "--slice", default=SLICE.name, choices=[SLICE.name, HEAVY.name], help="which list"
    )
    parser.add_argument("--whole", type=Path, help="a git copy of noops888/jfk-files-text: "
                        "run the whole files the excerpts come from")  # fmt: skip
    args = parser.parse_args(argv)
    folder = SLICE.parent / args.slice
    print(json.dumps(run(args.dump, args.jobs, args.keep, folder, args.whole), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
