"""The benchmark's suites beyond the rendered tiers, run and printed by ``bench.run`` in one go.

``bench.run`` renders gold texts in tiers and compares us with the peers; this module runs the
rest of what ``make bench`` reports, each from its own module: the labelled real FOIA OCR
(``bench.labelled``) and its review by a perfect reviewer (``bench.review_eval``), BLN600
(``bench.bln600``), the degradation sweep (``bench.sweep``), the page classes of issue 13
(``bench.classes``: turned, faxed, transparent, 16-bit, negative, colour, oversize, photo
pages against the same page scanned plainly) and the robustness suite of
OCRmyPDF's test scans (``bench.robustness``), the strip stage on issue 14's labelled furniture
lines (``bench.furniture_eval``) and the redaction finder on hand-labelled real pages
(``bench.redactions_eval``). The quick run does the test split of all but the robustness and
redaction suites (the sweep on the shortest test text only, the classes on the two
shortest); the full run all of it.
A suite whose material is missing (``shared/`` not on this machine) says so and is skipped.

The engineers' own evaluation scripts (``bench/correct_eval.py`` and the like) plug in here: a
suite is a name, a function ``(out, jobs, quick) -> dict`` and a function that turns that dict
into a printed table (``SUITES``).
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import bln600, classes, labelled, review_eval, robustness, sweep
from bench.material import REPO, shared_dir

DICTIONARIES = REPO / "dictionaries"
HEATMAP = REPO / "bench" / "sweep-test.png"  # the committed heat map of the last full run


@dataclass(frozen=True)
class Suite:
    name: str
    title: str
    run: Callable[[Path, int, bool], dict[str, Any] | None]
    table: Callable[[dict[str, Any]], str]
    in_quick: bool = True


def _labelled(out: Path, jobs: int, quick: bool) -> dict[str, Any]:
    splits = ("test",) if quick else ("dev", "test")
    return labelled.run_labelled(out / "labelled", jobs, DICTIONARIES, splits)


def _review(out: Path, jobs: int, quick: bool) -> dict[str, Any]:
    """``bench.review_eval``: screens per real error fixed, terminal and web, per split."""
    splits = ("test",) if quick else ("dev", "test")
    return review_eval.run_review_eval(out / "review", jobs, DICTIONARIES, splits)


def _bln600(out: Path, jobs: int, quick: bool) -> dict[str, Any] | None:
    return bln600.run_bln600(("test",) if quick else ("dev", "test"))


def _sweep(out: Path, jobs: int, quick: bool) -> dict[str, Any]:
    result = sweep.run_sweep("test", out, jobs, texts_limit=1 if quick else None)
    if not quick:
        shutil.copyfile(out / "sweep-test.png", HEATMAP)
    return result


def _classes(out: Path, jobs: int, quick: bool) -> dict[str, Any]:
    """``bench.classes``: issue 13's page classes on the test split (the quick run: its two
    shortest texts)."""
    return classes.run_classes("test", out, jobs, texts_limit=2 if quick else None)


def _robustness(out: Path, jobs: int, quick: bool) -> dict[str, Any]:
    return robustness.run_robustness(out, jobs)


def _furniture(out: Path, jobs: int, quick: bool) -> dict[str, Any] | None:
    """``bench.furniture_eval`` (issue 14's labelled lines, ``bench/furniture/``) per split."""
    from bench import furniture_eval

    shared = shared_dir()
    if shared is None:
        return None
    figures: dict[str, Any] = {}
    for split in ("test",) if quick else ("dev", "test"):
        tallies = furniture_eval.evaluate(split, shared / "corpus", show=False)
        figures[split] = {
            corpus: {
                "furniture_lines": t.furniture,
                "furniture_left": len(t.left),
                "body_lines": t.body,
                "body_lost": len(t.lost),
                "glued_spans": t.glued,
                "glued_left": len(t.glued_left),
                "examples": (t.left + t.glued_left + t.lost)[:10],
            }
            for corpus, t in sorted(tallies.items())
        }
    return figures


def _furniture_table(figures: dict[str, Any]) -> str:
    lines = ["furniture lines (bench/furniture, labelled real lines): left / all, body lost / all"]
    for split, by_corpus in figures.items():
        for corpus, f in by_corpus.items():
            lines.append(
                f"  {split:<5} {corpus:<9} furniture left {f['furniture_left']} / "
                f"{f['furniture_lines']}, glued spans left {f.get('glued_left', 0)} / "
                f"{f.get('glued_spans', 0)}, body lost {f['body_lost']} / {f['body_lines']}"
            )
    return "\n".join(lines)


def _plain_text(out: Path, jobs: int, quick: bool) -> dict[str, Any]:
    """``bench.plain_text``: our text stages over plain Tesseract's text of the tiers' scans."""
    from bench import plain_text

    return plain_text.run_plain_text(out / "plain-text", jobs)


def _plain_text_table(figures: dict[str, Any]) -> str:
    from bench import plain_text

    return plain_text.table(figures)


def _redactions(out: Path, jobs: int, quick: bool) -> dict[str, Any]:
    """``bench.redactions_eval``: boxes and codes on the hand-labelled real pages of
    ``tests/data/redactions/`` (per page split: dev and held-out test pages), and under
    ``rendered`` the rendered pages of ten styles per split and style (``bench.redaction_render``:
    dev tuned on, test held out)."""
    from bench import redactions_eval

    return redactions_eval.run_redactions() | {"rendered": redactions_eval.run_rendered()}


def _redactions_table(figures: dict[str, Any]) -> str:
    from bench import redactions_eval

    table = redactions_eval.table(figures)
    if "rendered" in figures:
        table += "\n" + redactions_eval.rendered_table(figures["rendered"])
    return table


SUITES = (
    Suite("labelled", "labelled real FOIA OCR", _labelled, labelled.table),
    Suite("review", "screens per real error fixed", _review, review_eval.table),
    Suite("bln600", "BLN600", _bln600, bln600.table),
    Suite("sweep", "degradation sweep", _sweep, sweep.table),
    Suite("classes", "page classes", _classes, classes.table),
    Suite("robustness", "OCRmyPDF's test scans", _robustness, robustness.table, in_quick=False),
    Suite("furniture", "labelled furniture lines", _furniture, _furniture_table),
    Suite(
        "plain-text",
        "text stages on plain Tesseract's text",
        _plain_text,
        _plain_text_table,
        in_quick=False,
    ),
    Suite(
        "redactions",
        "redactions on real and rendered pages",
        _redactions,
        _redactions_table,
        in_quick=False,
    ),
)


def run_suites(out: Path, jobs: int, quick: bool, only: set[str] | None = None) -> dict[str, Any]:
    """Run every suite (those ``in_quick`` when ``quick``; only the ``only`` names when given),
    print its table, and return ``{name: figures}`` (None for a skipped suite) with the
    seconds each took under ``"suite_seconds"``."""
    results: dict[str, Any] = {"suite_seconds": {}}
    if shared_dir() is None:
        print("shared/ not found: BLN600 is skipped", file=sys.stderr)
    for suite in SUITES:
        if (quick and not suite.in_quick) or (only is not None and suite.name not in only):
            continue
        t0 = time.perf_counter()
        figures = suite.run(out, jobs, quick)
        results["suite_seconds"][suite.name] = round(time.perf_counter() - t0, 1)
        results[suite.name] = figures
        if figures is not None:
            print(suite.table(figures), flush=True)
            print(flush=True)
    return results
