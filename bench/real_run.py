"""The readable run over real OCR text without gold (``run_real``): what our strip and correct
stages do to real FOIA OCR text from ``shared/corpus``, counted and shown as examples.

Moved out of ``bench.run`` (one module per job).
"""

from __future__ import annotations

import json
import logging
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

from bench.metrics import (
    APPLIED,
)
from bench.scans import Profile
from bench.systems import DICTIONARIES, OUT, REPO, SHARED, _read_jsonl, _read_removals

log = logging.getLogger("bench")


# ---------------------------------------------------------------------------------------------
# Real OCR text without gold


def real_inputs(profile: Profile) -> list[Path]:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    talbott = sorted((SHARED / "corpus" / "talbott").glob("*.txt"))[: profile.talbott]
    jfk = [SHARED / "corpus" / "jfk" / n for n in profile.jfk]
    return [p for p in [*seeds, *talbott, *jfk] if p.is_file()]


def run_real(profile: Profile, jobs: int) -> dict[str, Any] | None:
    """Run the batch over real OCR text and write ``bench/out/real-report.md``."""
    from pipeline.core.config import RunConfig
    from pipeline.runner import run_batch

    sources = real_inputs(profile)
    if not sources:
        print(f"real OCR text: skipped ({SHARED} not found)")
        return None
    inputs = OUT / profile.name / "real-inputs"
    out = OUT / profile.name / "real"
    shutil.rmtree(inputs, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    inputs.mkdir(parents=True)
    for src in sources:  # the batch reads .txt; the JFK texts come as .md
        shutil.copyfile(src, inputs / f"{src.stem}.txt")
    report = run_batch(
        [inputs],
        RunConfig(out_dir=out, jobs=jobs, dictionaries=DICTIONARIES, reviews=OUT / "reviews"),
    )
    summary: dict[str, Any] = {}
    lines = [
        "# Real OCR text: what the pipeline removed and proposed",
        "",
        f"Written by `python -m bench.run` ({profile.name}). No gold: these are real OCR texts "
        "(the seed cable, Talbott FOIA documents, JFK releases) run through the batch without OCR "
        "(text input), for a person to judge what was removed and what was corrected.",
        "",
        "| document | source | pages | chars in | chars out | removed | applied | proposed | "
        "manual pages |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    details: list[str] = []
    for src in sources:
        name = src.stem
        folder = out / name
        doc = next((d for d in report.documents if d.name == name), None)
        if doc is None or doc.status != "done":
            reason = doc.reason if doc else "not run"
            lines.append(f"| {name} | {_short(src)} | - | - | - | failed: {reason} | | | |")
            summary[name] = {"status": "failed", "reason": reason}
            continue
        removed = _read_removals(folder / "removed.jsonl")
        corrections = _read_jsonl(folder / "corrections.jsonl")
        meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
        manual = [p.get("page") for p in meta.get("manual_transcription") or []]
        kinds = Counter(r.get("kind", "?") for r in removed)
        applied = [c for c in corrections if c["decision"] == APPLIED]
        proposed = [c for c in corrections if c["decision"] != APPLIED]
        chars_in = len(src.read_text(encoding="utf-8"))
        chars_out = len((folder / "clean.txt").read_text(encoding="utf-8"))
        kinds_s = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) or "nothing"
        lines.append(
            f"| {name} | {_short(src)} | {doc.pages} | {chars_in} | {chars_out} | {kinds_s} | "
            f"{len(applied)} | {len(proposed)} | {', '.join(map(str, manual)) or '-'} |"
        )
        summary[name] = {
            "pages": doc.pages,
            "chars_in": chars_in,
            "chars_out": chars_out,
            "removed": dict(sorted(kinds.items())),
            "applied": len(applied),
            "proposed": len(proposed),
            "manual_pages": manual,
        }
        details += [f"## {name}", "", f"Source: `{_short(src)}`", ""]
        details.append(f"### Removed ({len(removed)})")
        details += [
            f"- p{r.get('page')} l{r.get('line')} **{r.get('kind')}** `{_cut(r.get('text', ''))}`"
            f" - {r.get('evidence', '')}"
            for r in removed[:60]
        ]
        if len(removed) > 60:
            details.append(f"- ... and {len(removed) - 60} more (see {folder}/removed.jsonl)")
        details += ["", f"### Applied corrections ({len(applied)})"]
        details += [
            f"- `{c['original']}` -> `{c['replacement']}` ({c.get('reason', '')}): "
            f"_{_cut(c.get('context', ''))}_"
            for c in applied
        ]
        details += ["", f"### Proposed for review ({len(proposed)})"]
        details += [
            f"- `{c['original']}` -> "
            + " / ".join(f"`{t}`" for t, _ in c.get("candidates", [])[:3])
            + f" ({c.get('reason', '')})"
            for c in proposed[:60]
        ]
        if len(proposed) > 60:
            details.append(f"- ... and {len(proposed) - 60} more")
        if manual:
            details += ["", f"Pages flagged for manual transcription: {manual}"]
        details.append("")
    path = OUT / "real-report.md"
    path.write_text("\n".join([*lines, "", *details]), encoding="utf-8")
    print(f"real OCR text: {len(sources)} documents, report in {path.relative_to(REPO)}")
    return summary


def _short(path: Path) -> str:
    try:
        return str(path.relative_to(SHARED.parent))
    except ValueError:
        return path.name


def _cut(text: str, n: int = 120) -> str:
    text = " ".join(str(text).split()).replace("`", "'")
    return text if len(text) <= n else text[: n - 3] + "..."
