"""One tier's scores and tables: every system's text against the gold by stage (``score_tier``),
seconds and CPU a page (``tier_speed``), the printed table and the JSON of ``bench/results.json``
(``tier_table``, ``tier_json``) and the error sources by stage and kind (``error_sources``).

Moved out of ``bench.run`` (one module per job).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bench.metrics import (
    APPLIED,
    CorrectionScore,
    ErrorCount,
    LineCount,
    body_found,
    char_errors,
    furniture_found,
    judge_corrections,
    word_errors,
)
from bench.paired import cpu_line, summarise
from bench.scans import ScanDoc
from bench.systems import JOBS, OursRun, SystemRun

log = logging.getLogger("bench")

SYSTEMS = ("plain", "ocrmypdf", "ocr", "strip", "correct")
SYSTEMS = ("plain", "ocrmypdf", "ocr", "strip", "correct")
LABELS = {
    "plain": "plain tesseract",
    "ocrmypdf": "OCRmyPDF --sidecar",
    "ocr": "ours: OCR (raw.txt)",
    "strip": "ours: + strip",
    "correct": "ours: + correct",
}


# ---------------------------------------------------------------------------------------------
# Scores of one tier


@dataclass
class TierScore:
    tier: str
    docs: list[ScanDoc]
    chars: dict[str, ErrorCount] = field(default_factory=dict)
    words: dict[str, ErrorCount] = field(default_factory=dict)
    page_chars: dict[str, ErrorCount] = field(default_factory=dict)
    per_doc: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    furniture: dict[str, LineCount] = field(default_factory=dict)  # kind -> (total, read by OCR)
    furniture_left: Counter[str] = field(default_factory=Counter)
    body: LineCount = field(default_factory=LineCount)  # (total, found in raw)
    body_lost_by_strip: int = 0
    removed: Counter[str] = field(default_factory=Counter)
    correction: CorrectionScore = field(default_factory=CorrectionScore)
    applied_on_kept: int = 0  # wrong automatic changes of the originals' own typos
    proposed_on_kept: int = 0
    examples: dict[str, list[str]] = field(default_factory=dict)
    untouched: Counter[tuple[str, str]] = field(default_factory=Counter)
    speed: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def example(self, kind: str, text: str, limit: int = 15) -> None:
        bucket = self.examples.setdefault(kind, [])
        if len(bucket) < limit:
            bucket.append(text)


def score_tier(
    tier: str, docs: list[ScanDoc], runs: dict[str, SystemRun], ours: OursRun
) -> TierScore:
    ts = TierScore(tier, docs)
    texts = {name: run.texts for name, run in runs.items()}
    texts["strip"], texts["correct"] = ours.stripped, ours.clean
    for doc in docs:
        name, gold = doc.plan.name, doc.body_text
        per = ts.per_doc.setdefault(name, {})
        for system, by_doc in texts.items():
            hyp = by_doc.get(name, "")  # a failed document scores as empty text
            c, w = char_errors(hyp, gold), word_errors(hyp, gold)
            ts.chars[system] = ts.chars.get(system, ErrorCount()) + c
            ts.words[system] = ts.words.get(system, ErrorCount()) + w
            per[system] = {"cer": round(c.rate, 4), "wer": round(w.rate, 4)}
            if system in ("plain", "ocrmypdf", "ocr"):
                p = char_errors(hyp, doc.page_text)
                ts.page_chars[system] = ts.page_chars.get(system, ErrorCount()) + p
                per[system]["cer_page"] = round(p.rate, 4)

        raw, stripped = ours.ocr.texts.get(name, ""), ours.stripped.get(name, "")
        # Strip: furniture the OCR read and the strip left; body the OCR read and the strip lost.
        furniture = doc.furniture
        texts_f = [f.text for f in furniture]
        read = furniture_found(texts_f, raw, gold)
        left = furniture_found(texts_f, stripped, gold)
        for f, r, lf in zip(furniture, read, left, strict=True):
            ts.furniture[f.kind] = ts.furniture.get(f.kind, LineCount()) + LineCount(1, int(r))
            if lf:
                ts.furniture_left[f.kind] += 1
                ts.example(f"furniture left ({f.kind})", f"{name}: {f.text!r}")
        in_raw = body_found(doc.body_lines, raw)
        in_stripped = body_found(doc.body_lines, stripped)
        ts.body += LineCount(len(in_raw), sum(in_raw))
        for line, r, s in zip(doc.body_lines, in_raw, in_stripped, strict=True):
            if r and not s:
                ts.body_lost_by_strip += 1
                ts.example("body line lost by strip", f"{name}: {line!r}")
        for rem in ours.removals.get(name, []):
            ts.removed[rem.get("kind", "?")] += 1

        # Correct: every record judged against the gold word at its place.
        judgement = judge_corrections(stripped, gold, ours.corrections.get(name, []))
        ts.correction += judgement.score
        for j in judgement.judged:
            r = j.record
            if j.right or j.neutral:
                continue
            kind = "applied wrong" if r.decision == APPLIED else "proposed wrong"
            if j.original_ok and j.gold.lower() in doc.plan.kept:
                kind += " (the original's own typo, kept in the gold)"
                if r.decision == APPLIED:
                    ts.applied_on_kept += 1
                else:
                    ts.proposed_on_kept += 1
            elif j.original_ok:
                kind += " (word was right)"
            elif not j.gold:
                kind += " (no gold word there: OCR noise or furniture)"
            ts.example(kind, f"{name}: {r.original!r} -> {r.replacement!r}, gold {j.gold!r}")
        ts.untouched.update(judgement.untouched)
    return ts


def tier_speed(
    pages: int, runs: dict[str, SystemRun], ours: OursRun, timing: dict[str, float]
) -> dict[str, Any]:
    """Seconds per page per system and stage (wall clock with the workers, and CPU), pages per
    minute end to end, the correct stage's tokens per second."""
    n = max(1, pages)
    sp: dict[str, Any] = {}
    for name, r in runs.items():
        sp[f"{name}_s_per_page"] = r.seconds / n
        sp[f"{name}_cpu_s_per_page"] = r.cpu_seconds / n
    # Side by side, page by page (bench.paired): the figures the CPU target is judged by.
    sp.update(summarise(ours.paired, ours.start_up_cpu, pages))
    sp["ocr_start_up_cpu_seconds"] = ours.start_up_cpu
    sp["ocr_prepare_cpu_seconds"] = ours.prepare_cpu
    tp = max(1, int(timing["pages"]))
    for stage in ("strip", "correct"):
        sp[f"{stage}_s_per_page"] = timing.get(f"{stage}_seconds", 0.0) / tp
        sp[f"{stage}_cpu_s_per_page"] = timing.get(f"{stage}_cpu_seconds", 0.0) / tp
    # CPU time of the process that ran correct: what the stage costs, whatever else the machine
    # is doing (wall time under other work is not the stage's speed).
    correct_s = timing.get("correct_cpu_seconds", 0.0)
    spread = timing.get("correct_cpu_runs") or [correct_s]
    plain_s = runs["plain"].seconds
    # Plain read its pages in our OCR workers: the batch less its OCR stage, plus ours' pages
    # as the workers took them, is the batch's time without plain.
    total_s = ours.total_seconds - ours.ocr_seconds + runs["ocr"].seconds
    sp.update(
        {
            "plain_pages_per_minute": 60 * n / plain_s if plain_s else None,
            "pages_per_minute": 60 * n / total_s if total_s else None,
            "end_to_end_seconds": total_s,
            "batch_seconds_with_plain": ours.total_seconds,
            "batch_text_stages_s_per_page": ours.text_seconds / n,
            "tokens_per_second": timing["tokens"] / correct_s if correct_s else None,
            "correct_tokens": timing["tokens"],
            "correct_cpu_seconds": correct_s,
            # the slowest and the fastest of the fresh-process runs (the figure is the median)
            "tokens_per_second_min": timing["tokens"] / spread[-1] if spread[-1] else None,
            "tokens_per_second_max": timing["tokens"] / spread[0] if spread[0] else None,
            "correct_runs": len(spread),
            "correct_warmup_cpu_seconds": timing.get("correct_warmup_cpu_seconds"),
            "correct_documents": timing.get("documents"),
            "correct_chars": timing.get("chars"),
            "dictionary_load_seconds": timing.get("dictionary_load_seconds"),
            "text_stages_peak_mb": timing["peak_mb"],
        }
    )
    return sp


# ---------------------------------------------------------------------------------------------
# Output


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.2f}%"


def _num(x: float | None, fmt: str = ".2f") -> str:
    return "-" if x is None else format(x, fmt)


def _ratio(x: float | None, base: float | None) -> str:
    return "-" if x is None or not base else f"x{x / base:.2f}"


def tier_table(ts: TierScore, runs: dict[str, SystemRun]) -> str:
    sp = ts.speed
    pages = sum(len(d.pages) for d in ts.docs)
    fmts = Counter(d.plan.fmt.upper() for d in ts.docs)
    head = (
        f"== tier {ts.tier}: {len(ts.docs)} documents, {pages} pages "
        f"({', '.join(f'{k} {v}' for k, v in sorted(fmts.items()))}; "
        f"fonts {', '.join(sorted({d.plan.font for d in ts.docs}))}; "
        f"styles {', '.join(sorted({d.plan.style for d in ts.docs}))}) =="
    )
    plain_s, plain_cpu = sp.get("plain_s_per_page"), sp.get("plain_cpu_s_per_page")
    rows = [("", "CER", "WER", "CER page", "s/page", "/plain", "CPU s/page", "/plain", "MB/worker")]
    for system in SYSTEMS:
        if system not in ts.chars:
            continue
        s_page, cpu = sp.get(f"{system}_s_per_page"), sp.get(f"{system}_cpu_s_per_page")
        ocr = system in ("ocr", "ocrmypdf")
        mem = runs[system].peak_mb if system in runs else None
        rows.append(
            (
                LABELS[system],
                _pct(ts.chars[system].rate),
                _pct(ts.words[system].rate),
                _pct(ts.page_chars[system].rate) if system in ts.page_chars else "-",
                _num(s_page, ".3f"),
                _ratio(s_page, plain_s) if ocr else "",
                _num(cpu, ".3f"),
                _ratio(cpu, plain_cpu) if ocr else "",
                _num(mem, ".0f"),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [head]
    for r in rows:
        lines.append(
            "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r))
        )
    if sp.get("cpu_pages"):
        lines.append(cpu_line(sp, "this table's"))
    fur_total = sum(c.total for c in ts.furniture.values())
    fur_read = sum(c.found for c in ts.furniture.values())
    by_kind = ", ".join(
        f"{k} {ts.furniture_left[k]}/{c.found}" for k, c in sorted(ts.furniture.items())
    )
    lines.append(
        f"strip:   furniture lines {fur_total}, read by OCR {fur_read}, left after strip "
        f"{sum(ts.furniture_left.values())} (left/read: {by_kind or 'none'}); body lines "
        f"{ts.body.total}, lost by OCR {ts.body.total - ts.body.found}, lost by strip "
        f"{ts.body_lost_by_strip}"
    )
    c = ts.correction
    # Precision without the originals' own typos: the gold keeps them, a spelling corrector
    # cannot know they were on the paper; both numbers are honest, they answer different questions.
    typos = c.applied_wrong - ts.applied_on_kept
    fair = c.applied_right / (c.applied_right + typos) if c.applied_right + typos else None
    lines.append(
        f"correct: applied {c.applied_right + c.applied_wrong + c.applied_neutral}: right "
        f"{c.applied_right}, neutral {c.applied_neutral}, wrong {c.applied_wrong} (on right "
        f"words {c.applied_damaging}, of which the originals' own typos {ts.applied_on_kept}); "
        f"precision {_pct(c.precision)} ({_pct(fair)} leaving the originals' typos out)"
    )
    lines.append(
        f"         proposed {c.proposed_right + c.proposed_wrong + c.proposed_neutral}: right "
        f"{c.proposed_right}, neutral {c.proposed_neutral}, wrong {c.proposed_wrong} (on right "
        f"words {c.proposed_on_correct}, of which the originals' own typos "
        f"{ts.proposed_on_kept}); word errors given {c.errors_before}, untouched "
        f"{c.errors_untouched}" + (f"; {c.unlocated} records unlocated" if c.unlocated else "")
    )
    lines.append(
        f"speed:   end to end {_num(sp.get('pages_per_minute'), '.1f')} pages/min, plain "
        f"tesseract {_num(sp.get('plain_pages_per_minute'), '.1f')} (time ours/plain "
        f"{_ratio(sp.get('plain_pages_per_minute'), sp.get('pages_per_minute'))}); correct "
        f"{_num(sp.get('tokens_per_second'), ',.0f')} tokens/s (CPU time, one core, median of "
        f"{sp.get('correct_runs', 1)} fresh processes, slowest "
        f"{_num(sp.get('tokens_per_second_min'), ',.0f')}, fastest "
        f"{_num(sp.get('tokens_per_second_max'), ',.0f')}: "
        f"{sp.get('correct_tokens', 0):,} tokens, {sp.get('correct_chars') or 0:,} characters of "
        f"this tier's stripped text, {sp.get('correct_documents') or 0} documents, in "
        f"{_num(sp.get('correct_cpu_seconds'), '.2f')} s; first-use loads apart, "
        f"{_num(sp.get('correct_warmup_cpu_seconds'), '.2f')} s); dictionary load "
        f"{_num(sp.get('dictionary_load_seconds'), '.2f')} s (cached index); text stages "
        f"peak {_num(sp.get('text_stages_peak_mb'), '.0f')} MB (one process); {JOBS} workers"
    )
    for note in ts.notes:
        lines.append(f"note:    {note}")
    return "\n".join(lines)


def tier_json(ts: TierScore, runs: dict[str, SystemRun]) -> dict[str, Any]:
    systems = {}
    for system in ts.chars:
        entry: dict[str, Any] = {
            "cer": round(ts.chars[system].rate, 5),
            "wer": round(ts.words[system].rate, 5),
            "char_edits": ts.chars[system].edits,
            "word_edits": ts.words[system].edits,
        }
        if system in ts.page_chars:
            entry["cer_page"] = round(ts.page_chars[system].rate, 5)
        if system in runs:
            entry["failed"] = sorted(runs[system].failed)
            entry["peak_mb_per_worker"] = _round(runs[system].peak_mb)
        systems[system] = entry
    c = ts.correction
    return {
        "documents": len(ts.docs),
        "pages": sum(len(d.pages) for d in ts.docs),
        "reference_chars": ts.chars["ocr"].length if "ocr" in ts.chars else 0,
        "reference_words": ts.words["ocr"].length if "ocr" in ts.words else 0,
        "systems": systems,
        "strip": {
            "furniture_lines": {k: v.total for k, v in sorted(ts.furniture.items())},
            "furniture_read_by_ocr": {k: v.found for k, v in sorted(ts.furniture.items())},
            "furniture_left": {k: ts.furniture_left[k] for k in sorted(ts.furniture)},
            "body_lines": ts.body.total,
            "body_lines_lost_by_ocr": ts.body.total - ts.body.found,
            "body_lines_lost_by_strip": ts.body_lost_by_strip,
            "removed_by_kind": dict(sorted(ts.removed.items())),
        },
        "correct": {
            **c.__dict__,
            "applied_on_kept_typos": ts.applied_on_kept,
            "proposed_on_kept_typos": ts.proposed_on_kept,
            "precision": _round(c.precision, 4),
        },
        "speed": {k: _round(v) for k, v in sorted(ts.speed.items())},
        "per_document": ts.per_doc,
        "notes": ts.notes,
    }


def _round(x: Any, digits: int = 3) -> Any:
    """A number rounded to ``digits``; anything else (a verdict, None) as it is."""
    return round(x, digits) if isinstance(x, float) else x


def error_sources(scores: list[TierScore]) -> str:
    """Markdown for people: what is still wrong, by stage and kind, with examples."""
    out = [
        "# Remaining error sources",
        "",
        "Written by `python -m bench.run`; the first few examples of each kind, per tier.",
        "",
    ]
    for ts in scores:
        out += [f"## {ts.tier}", ""]
        worst = sorted(ts.per_doc.items(), key=lambda kv: -kv[1].get("correct", {}).get("cer", 0))
        out.append(
            "Worst documents (CER after correct): "
            + ", ".join(f"{n} {_pct(v.get('correct', {}).get('cer'))}" for n, v in worst[:5])
        )
        out.append("")
        for kind, items in sorted(ts.examples.items()):
            out.append(f"### {kind}")
            out += [f"- {i}" for i in items]
            out.append("")
        if ts.untouched:
            out.append("### word errors the correct stage did not touch (most frequent)")
            out += [f"- {a!r} (gold {b!r}) x{n}" for (a, b), n in ts.untouched.most_common(25)]
            out.append("")
    return "\n".join(out) + "\n"
