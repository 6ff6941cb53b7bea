"""Every automatic change on the real dev OCR texts, listed for judging by reading (issue 15).

The labelled set judges the changes on its excerpts against gold; most dev real OCR has no
gold. This module runs the batch (text input, as a user would, one batch) over every dev real
text — the JFK and Talbott dev files of ``shared/corpus`` (``bench/splits.json``), the seed
cable, and every dev file held in ``bench/furniture/<folder>/`` (``dev.tsv`` names them, or
the folder's ``dev`` list in splits.json) — and lists each *applied* change with its source
line, the words around it and the reason the stage recorded (its path and evidence). The
judgements, made by reading each line in its file, are kept in
``bench/labels/applied-dev.tsv`` (``COLUMNS``; ``right`` / ``wrong`` / ``unsure``), keyed by
(document, original, replacement, context), so that ``--score`` re-judges a later run: judged
changes still applied, changes no longer applied (by judgement) and new, unjudged ones.

    python -m bench.applied_audit --out /tmp/audit            # run, list every applied change
    python -m bench.applied_audit --batch /tmp/audit/batch --score   # against the judgements

Dev only: no test file is ever listed (``dev_sources`` refuses a test name).
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.material import REPO, documents, shared_dir, splits
from pipeline.core.enums import TRANSCRIBE_KINDS

JUDGED = REPO / "bench" / "labels" / "applied-dev.tsv"
COLUMNS = ("document", "line", "original", "replacement", "judgement", "note", "context", "reason")
FURNITURE = REPO / "bench" / "furniture"
SEED = "seeds/000_e7f3cb81f3699479.txt"


@dataclass(frozen=True)
class Applied:
    """One applied change as the audit lists it: ``line`` is the 1-based line of the input
    file (page markers and form feeds counted as the file has them), ``text`` that line."""

    document: str
    line: int
    original: str
    replacement: str
    context: str
    reason: str
    text: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.document, self.original, self.replacement, self.context)


def dev_sources() -> list[tuple[str, Path]]:
    """``(input name, path)`` of every dev real OCR text, in a fixed order: the name is
    ``<corpus>__<file>`` so that files of two folders never share an output folder."""
    shared = shared_dir()
    test = {n for c in splits().values() for n in c.get("test", ())}
    out: list[tuple[str, Path]] = []
    if shared is not None:
        for corpus in ("jfk", "talbott"):
            out += [
                (f"{corpus}__{n}", shared / "corpus" / corpus / n) for n in documents(corpus, "dev")
            ]
        out.append(("seed__" + Path(SEED).name, shared / SEED))
    listed: dict[str, set[str]] = {}
    with (FURNITURE / "dev.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            listed.setdefault(row["corpus"], set()).add(row["file"])
    for folder in sorted(p for p in FURNITURE.iterdir() if p.is_dir()):
        names = listed.get(folder.name, set()) | set(documents(folder.name, "dev"))
        for path in sorted(folder.iterdir()):
            if path.name in names and path.suffix in (".md", ".txt"):
                out.append((f"{folder.name}__{path.name}", path))
    for name, _ in out:
        if name.split("__", 1)[1] in test:
            raise SystemExit(f"{name}: a test document among the dev sources")
    return out


def run(out: Path, jobs: int = 1) -> Path:
    """Run one batch over ``dev_sources`` (copied to ``out/inputs``) into ``out/batch``, with an
    empty reviews folder; returns the batch folder."""
    from pipeline.core.config import RunConfig
    from pipeline.runner import run_batch

    shutil.rmtree(out, ignore_errors=True)
    inputs = out / "inputs"
    inputs.mkdir(parents=True)
    for name, path in dev_sources():
        shutil.copyfile(path, inputs / name)
    batch = out / "batch"
    run_batch(
        [inputs],
        RunConfig(
            out_dir=batch, jobs=jobs, dictionaries=REPO / "dictionaries", reviews=out / "reviews"
        ),
    )
    return batch


def applied(batch: Path) -> list[Applied]:
    """The applied word changes of every document of ``batch``, in document and text order,
    each with its line of the stripped text (where the change is)."""
    out: list[Applied] = []
    for folder in sorted(p for p in batch.iterdir() if p.is_dir()):
        records = folder / "corrections.jsonl"
        if not records.is_file():
            continue
        stripped = (folder / "stripped.txt").read_text(encoding="utf-8")
        for raw in records.read_text(encoding="utf-8").splitlines():
            c = json.loads(raw)
            if c["decision"] != "applied" or c.get("kind") in TRANSCRIBE_KINDS:
                continue
            lo = stripped.rfind("\n", 0, c["start"]) + 1
            hi = stripped.find("\n", c["end"])
            out.append(
                Applied(
                    document=folder.name,
                    line=stripped.count("\n", 0, c["start"]) + 1,
                    original=c["original"],
                    replacement=c["replacement"],
                    context=c["context"],
                    reason=c["reason"],
                    text=stripped[lo : hi if hi >= 0 else len(stripped)],
                )
            )
    return out


def read_judgements(path: Path = JUDGED) -> dict[tuple[str, str, str, str], str]:
    """``{Applied.key: judgement}`` from the judged table."""
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader((x for x in f if not x.startswith("#")), delimiter="\t"))
    return {
        (r["document"], r["original"], r["replacement"], r["context"]): r["judgement"] for r in rows
    }


def write_table(
    changes: list[Applied], path: Path, old: dict[tuple[str, str, str, str], str]
) -> None:
    """Write ``changes`` as a judgement table (``COLUMNS``), judgements kept from ``old``."""
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(COLUMNS)
        for a in changes:
            w.writerow(
                (
                    a.document,
                    a.line,
                    a.original,
                    a.replacement,
                    old.get(a.key, ""),
                    "",
                    a.context,
                    a.reason,
                )
            )


def score(changes: list[Applied], judged: dict[tuple[str, str, str, str], str]) -> str:
    """Applied changes by judgement, the judged changes no longer applied, and the unjudged."""
    now = {a.key for a in changes}
    counts = Counter(judged.get(a.key, "unjudged") for a in changes)
    gone = Counter(v for k, v in judged.items() if k not in now)
    right, wrong = counts["right"], counts["wrong"]
    lines = [
        f"applied changes on dev real OCR text: {len(changes)}",
        "  " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())),
        f"  right among judged right+wrong: {right}/{right + wrong}"
        + (f" ({100 * right / (right + wrong):.1f} %)" if right + wrong else ""),
        "judged changes no longer applied: "
        + (", ".join(f"{k} {v}" for k, v in sorted(gone.items())) or "none"),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.applied_audit [--out DIR | --batch DIR] [--score] [--table FILE]
    [--show]``: every applied change on the dev real OCR texts."""
    p = argparse.ArgumentParser(description=main.__doc__.splitlines()[0] if main.__doc__ else "")
    p.add_argument("--out", type=Path, help="run the batch into this folder (emptied)")
    p.add_argument("--batch", type=Path, help="list the changes of this existing batch folder")
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--score", action="store_true", help="count them by the judged table")
    p.add_argument("--table", type=Path, help="write them as a judgement table here")
    p.add_argument("--show", action="store_true", help="print each change with its line")
    a = p.parse_args(argv)
    if (a.out is None) == (a.batch is None):
        p.error("give --out or --batch")
    batch = a.batch if a.batch is not None else run(a.out, a.jobs)
    changes = applied(batch)
    judged = read_judgements() if JUDGED.is_file() else {}
    if a.show:
        for c in changes:
            mark = judged.get(c.key, "unjudged")
            print(f"{mark:9} {c.document}:{c.line}: {c.original!r} -> {c.replacement!r}")
            print(f"            | {c.text.strip()[:110]}")
            print(f"            = {c.reason[:160]}")
    if a.table is not None:
        write_table(changes, a.table, judged)
    print(score(changes, judged))
    return 0


if __name__ == "__main__":
    sys.exit(main())
