"""Seconds a page per split: each split's tier table times its own documents' pages.

``bench.run`` times every system over a whole tier, and its split tables printed the tier's
figures in their "s/page" and "CPU s/page" columns (session 30: test and dev rows the same
numbers). Here each column is taken from the split's own documents: plain Tesseract and our OCR
from their side-by-side page records (``bench.paired``; ours' start-up shared out per page as
over the tier), OCRmyPDF from its process tree timed document by document (``run_timed``), strip
and correct from the text stages' per-document clocks (``bench.systems._text_stage_timings``'s
``per_document``; the batch vocabulary's build shared out by characters).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from typing import Any

from bench.paired import PairedPage


def run_timed(args: list[str], env: Mapping[str, str]) -> tuple[int, float, str]:
    """Run ``args`` (stdout discarded) and wait for it with ``wait4``: its exit status, the CPU
    seconds (user + system) of the process and of every descendant it waited for (a Tesseract,
    Ghostscript or unpaper of OCRmyPDF's), and its stderr. Each call counts only its own process
    tree, so documents run in threads side by side are timed apart."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, env=dict(env))
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return proc.returncode, usage.ru_utime + usage.ru_stime, text


def split_speed(
    names: set[str],
    pages: int,
    paired: Iterable[PairedPage],
    start_up_per_page: float,
    jobs: int,
    ocrmypdf: Mapping[str, tuple[float, float]] | None,
    timing: Mapping[str, Any],
) -> dict[str, float]:
    """The "s/page" (wall, as ``jobs`` workers take the pages) and "CPU s/page" figures of the
    documents ``names`` (``pages`` pages in all) for each system: ``plain_*``, ``ocr_*`` from
    ``paired`` (records of other documents are ignored), ``ocrmypdf_*`` from its documents'
    (wall, CPU) seconds, ``strip_*``, ``correct_*`` from ``timing`` (``_text_stage_timings``).
    A system without figures for these documents is left out.

    >>> recs = [PairedPage("a", 1, "plain", 2.0, 1.0, 2.0, 1.0, ""),
    ...         PairedPage("b", 1, "plain", 9.0, 9.0, 9.0, 9.0, "")]
    >>> got = split_speed({"a"}, 1, recs, 0.5, 2, {"a": (4.0, 3.0)}, {})
    >>> got["ocr_cpu_s_per_page"], got["plain_s_per_page"], got["ocrmypdf_cpu_s_per_page"]
    (2.5, 0.5, 3.0)
    """
    n = max(1, pages)
    own = [p for p in paired if p.doc in names]
    sp: dict[str, float] = {}
    if own:
        sp["plain_s_per_page"] = sum(p.plain_wall for p in own) / jobs / n
        sp["plain_cpu_s_per_page"] = sum(p.plain_cpu for p in own) / n
        sp["ocr_s_per_page"] = sum(p.ours_wall for p in own) / jobs / n
        sp["ocr_cpu_s_per_page"] = sum(p.ours_cpu for p in own) / n + start_up_per_page
    if ocrmypdf:
        timed = [ocrmypdf[name] for name in names if name in ocrmypdf]
        if timed:
            sp["ocrmypdf_s_per_page"] = sum(w for w, _ in timed) / jobs / n
            sp["ocrmypdf_cpu_s_per_page"] = sum(c for _, c in timed) / n
    per_doc = timing.get("per_document") or {}
    docs = [per_doc[name] for name in names if name in per_doc]
    if docs:
        chars = sum(d.get("chars", 0) for d in per_doc.values()) or 1
        share = sum(d.get("chars", 0) for d in docs) / chars
        text_pages = max(1, sum(d.get("pages", 0) for d in docs))
        for stage in ("strip", "correct"):
            wall = sum(d.get(f"{stage}_seconds", 0.0) for d in docs)
            cpu = sum(d.get(f"{stage}_cpu_seconds", 0.0) for d in docs)
            if stage == "correct":  # the batch vocabulary serves every document
                wall += share * timing.get("vocabulary_seconds", 0.0)
                cpu += share * timing.get("vocabulary_cpu_seconds", 0.0)
            sp[f"{stage}_s_per_page"] = wall / text_pages
            sp[f"{stage}_cpu_s_per_page"] = cpu / text_pages
    return sp
