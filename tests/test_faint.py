"""Faint typewriting: ink barely darker than grey paper under grain reads, blank paper stays blank.

Fixtures are synthetic: two typewriter lines (``render_lines``) printed a few grey levels darker
than grey paper, under Gaussian grain, the way a faint photocopy of a faint carbon looks. Real
Tesseract reads them (small crops); the checks are the text and what each page records.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from rapidfuzz import fuzz

from pipeline.core.config import OcrSettings
from pipeline.core.enums import DocKind, Treatment
from pipeline.core.records import Page, PageRef
from pipeline.stages.imaging import preprocess
from pipeline.stages.ocr import ocr_page
from pipeline.stages.reading import _has_ink
from tests.conftest import render_lines

FAINT = [
    "few months. President Aliyev placed a resolution of the",
    "conflict at the top of his agenda in Washington and praised",
]


def _ink() -> np.ndarray:
    """Where the lines' ink is, 0..1 (antialiased edges in between)."""
    return 1 - np.asarray(render_lines(FAINT, dpi=300)).astype(float) / 255


def _pale(paper: float, contrast: float, grain: float, *, text: bool = True) -> np.ndarray:
    """Grey ``paper`` with the lines ``contrast`` levels darker (none when not ``text``) under
    grain of sigma ``grain``, as 8-bit grey."""
    ink = _ink() if text else np.zeros_like(_ink())
    noise = np.random.default_rng(3).normal(0, grain, ink.shape)
    return (paper - ink * contrast + noise).clip(0, 255).astype(np.uint8)


def _page(pixels: np.ndarray, path: Path) -> Page:
    Image.fromarray(pixels).save(path, dpi=(300, 300))
    return ocr_page(PageRef(path.stem, 1, path, DocKind.IMAGE), OcrSettings())


def test_faint_ink_lighter_than_mid_grey_is_read(tmp_path: Path) -> None:
    pixels = _pale(175, 16, 7)
    assert pixels.min() > 128  # no pixel is dark in absolute terms: only relative to the paper
    page = _page(pixels, tmp_path / "pale.png")
    text = " ".join(page.text.split())
    assert fuzz.ratio(text, " ".join(FAINT)) >= 90, text
    first, chosen = page.attempts[0], next(a for a in page.attempts if a.chosen)
    assert first.treatment is Treatment.AUTO and first.words == 0  # Otsu split the grain
    # A threshold at the grain, after a round smoothing or one along the strokes.
    assert chosen.treatment in (Treatment.FAINT, Treatment.LINES)
    assert "faint: ink" in chosen.reason  # why it was tried first is on the page
    assert any(s.startswith("binarise(paper - ") for s in chosen.steps)
    tried = [a.treatment for a in page.attempts]
    assert tried.index(Treatment.FAINT) > tried.index(Treatment.BLUR)  # the smoothings first


def test_a_faint_page_reads_the_faint_treatment_beside_the_smoothings(tmp_path: Path) -> None:
    page = _page(_pale(175, 18, 5), tmp_path / "lighter-grain.png")
    text = " ".join(page.text.split())
    assert fuzz.ratio(text, " ".join(FAINT)) >= 90, text
    tried = [a.treatment for a in page.attempts]
    # A smoothing reads this page easily, and the faint threshold is still read beside it.
    assert {Treatment.SMOOTH, Treatment.FAINT} <= set(tried)
    assert Treatment.AS_IS not in tried and Treatment.CLEAN not in tried  # then it stops
    chosen = next(a for a in page.attempts if a.chosen)
    assert chosen.score == max(a.score for a in page.attempts)
    assert "faint: ink" in chosen.reason


def test_blank_grainy_paper_is_not_tried_harder(tmp_path: Path) -> None:
    page = _page(_pale(175, 0, 5, text=False), tmp_path / "blank.png")
    assert not page.lines and page.attempts == ()  # one reading: nothing to try harder on


@pytest.mark.parametrize(("paper", "contrast", "grain"), [(175, 16, 7), (230, 25, 8)])
def test_faint_ink_is_found_relative_to_the_paper(paper: int, contrast: int, grain: int) -> None:
    assert _has_ink(Image.fromarray(_pale(paper, contrast, grain)), 300)
    assert not _has_ink(Image.fromarray(_pale(paper, 0, grain, text=False)), 300)


def test_the_faint_treatment_marks_the_strokes_not_the_grain() -> None:
    done = preprocess(Image.fromarray(_pale(175, 16, 7)), dpi=300, treatment=Treatment.FAINT)
    out = np.asarray(done.image)
    assert set(np.unique(out)) <= {0, 255}
    marked = out == 0
    # Within 3 px of a stroke: the smoothing (sigma 2 px) spreads a stroke's darkness that far,
    # and the weak cut of the hysteresis keeps the part joined to the stroke.
    near_strokes = cv2.dilate((_ink() > 0.3).astype(np.uint8), np.ones((7, 7), np.uint8)) > 0
    assert marked.sum() > 0.5 * (_ink() > 0.5).sum()  # most of the strokes are ink
    assert (marked & ~near_strokes).sum() < 0.02 * marked.sum()  # hardly any grain is
    assert any(s.startswith("binarise(paper - ") and "x grain" in s for s in done.steps)
    blank = preprocess(
        Image.fromarray(_pale(175, 0, 7, text=False)), dpi=300, treatment=Treatment.FAINT
    )
    assert (np.asarray(blank.image) == 0).mean() < 0.005


def test_holes_punched_in_a_blank_page_are_not_text_too_faint_to_read(tmp_path: Path) -> None:
    """Synthetic: the dark shadows of two punched holes on blank grey paper send the page to
    the hard search (ink darker than mid-grey) but are not faint: "no text found", not flagged."""
    pixels = _pale(200, 0, 5, text=False)
    for y in (60, 280):
        cv2.circle(pixels, (40, y), 18, 30, -1)
    page = _page(pixels, tmp_path / "punched.png")
    assert len(page.attempts) > 1  # tried harder: there is ink
    assert page.status.value == "ok" and page.reading == ()
    assert "no text found on this page" in page.warnings


def test_thin_typewriting_one_grain_darker_than_the_paper_reads(tmp_path: Path) -> None:
    """The dev sweep's faint class (``bench.sweep`` ``DEV_GRID``, FreeMono under the dev
    photocopy), two lines of it: synthetic, rendered as the sweep renders a cell. No pixel
    passes the ink test; its rows (``stages.textrows``) send it to the hard search."""
    from dataclasses import replace

    from bench.sweep import _FREEMONO, DEV_GRID, Cell, render_cell

    base = next(c for label, c in DEV_GRID["contrast"] if label == "paper 156 ink 140")
    cell = Cell(_FREEMONO, degradation=replace(base.degradation, paper=155, ink=145))
    page = _page(np.asarray(render_cell("\n".join(FAINT), cell, seed=7)), tmp_path / "p.png")
    assert fuzz.ratio(" ".join(page.text.split()), " ".join(FAINT)) >= 75
