"""Thin broken strokes: smoothed along their direction, their breaks bridged, grain left behind.

Fixtures are synthetic: a dashed hairline (1 px wide, a 2-px break every 6 px) drawn 20 grey
levels under grey paper, in each of several directions, with and without Gaussian grain; and a
worn Courier-like page (``bench.sweep``'s dev FreeMono thinned 1.5 px, whose test counterpart is
the sweep's Courier hairline) read by real Tesseract.
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
from pipeline.core.records import PageRef
from pipeline.stages.imaging import preprocess
from pipeline.stages.ocr import ocr_page
from pipeline.stages.strokes import ACROSS, line_darkness

PAPER, INK = 200.0, 180.0


def _dashed(angle: float, grain: float = 0.0, size: int = 121) -> tuple[np.ndarray, np.ndarray]:
    """A dashed 1-px line through the middle of a ``size``-square grey page at ``angle``
    degrees, and the mask of the line's whole course (dashes and breaks)."""
    course = np.zeros((size, size), np.uint8)
    c, r = size // 2, size // 2 - 10
    dx, dy = r * np.cos(np.radians(angle)), -r * np.sin(np.radians(angle))
    p0 = (round(c - dx), round(c - dy))
    p1 = (round(c + dx), round(c + dy))
    cv2.line(course, p0, p1, 1, 1)
    ys, xs = np.nonzero(course)
    along = (xs - p0[0]) * np.cos(np.radians(angle)) - (ys - p0[1]) * np.sin(np.radians(angle))
    dashes = np.zeros_like(course)
    on = (np.round(along).astype(int) % 6) < 4  # 4 px of ink, 2 px broken
    dashes[ys[on], xs[on]] = 1
    noise = np.random.default_rng(7).normal(0, grain, course.shape) if grain else 0.0
    page = (PAPER - (PAPER - INK) * dashes + noise).clip(0, 255).astype(np.uint8)
    return page, course.astype(bool)


@pytest.mark.parametrize("angle", [0, 30, 45, 90, 120, 157.5])
def test_the_breaks_of_a_dashed_hairline_are_bridged_in_any_direction(angle: float) -> None:
    page, course = _dashed(angle)
    out = line_darkness(page, 300)
    inner = course.copy()
    inner[:, :20] = inner[:, -20:] = inner[:20] = inner[-20:] = False  # away from the ends
    gaps, dashes = inner & (page >= PAPER), inner & (page < PAPER)
    assert gaps.any() and dashes.any()
    # Every break is at least 0.6 as dark as the dashes are: the stroke reads as one line,
    # where a round smoothing as narrow (sigma ACROSS) leaves the breaks at under 0.4 of them.
    out_dash = float(np.median(PAPER - out[dashes]))
    assert (PAPER - out[gaps]).min() > 0.6 * out_dash > 0
    round_ = cv2.GaussianBlur(page.astype(np.float32), (0, 0), ACROSS)
    assert (PAPER - round_[gaps]).min() < 0.4 * float(np.median(PAPER - round_[dashes]))
    far = cv2.dilate(course.astype(np.uint8), np.ones((9, 9), np.uint8)) == 0
    assert np.allclose(out[far], PAPER, atol=0.5)  # paper away from the stroke stays paper


def test_grain_is_averaged_away_and_a_flat_page_is_unchanged() -> None:
    page, course = _dashed(30, grain=8.0)
    out = line_darkness(page, 300)
    far = cv2.dilate(course.astype(np.uint8), np.ones((15, 15), np.uint8)) == 0
    assert out[far].std() < 0.5 * page[far].std()  # grain much smoother off the stroke
    flat = np.full((50, 60), 190, np.uint8)
    assert np.allclose(line_darkness(flat, 300), 190.0, atol=1e-3)
    assert line_darkness(flat, 600).shape == flat.shape


def test_the_lines_treatment_records_its_steps_and_binarises() -> None:
    page, course = _dashed(0, grain=6.0, size=301)
    done = preprocess(Image.fromarray(page), dpi=300, treatment=Treatment.LINES)
    out = np.asarray(done.image)
    assert set(np.unique(out)) <= {0, 255}
    assert any(s.startswith("smooth-along-strokes(8 directions") for s in done.steps)
    assert any(s.startswith("binarise(paper - ") and "x grain" in s for s in done.steps)
    inner = course.copy()
    inner[:, :60] = inner[:, -60:] = False
    assert (out[inner] == 0).mean() > 0.9  # the course of the line, breaks included, is ink
    far = cv2.dilate(course.astype(np.uint8), np.ones((9, 9), np.uint8)) == 0
    assert (out[far] == 0).mean() < 0.01  # the grain hardly is


TEXT = (
    "The Ambassador met the Foreign Minister on October 14, 1964 and raised the\n"
    "status bill. The Minister said the government would hold its majority in the\n"
    "next vote and that 188 deputies were expected to attend the session."
)


def test_a_worn_thin_face_is_read_smoothed_along_its_strokes(tmp_path: Path) -> None:
    from bench.sweep import DEV_GRID, render_cell

    cell = dict(DEV_GRID["typeface"])["FreeMono -1.5"]
    path = tmp_path / "worn.png"
    render_cell(TEXT, cell, seed=3).save(path, dpi=(300, 300))
    page = ocr_page(PageRef(path.stem, 1, path, DocKind.IMAGE), OcrSettings())
    assert fuzz.ratio(" ".join(page.text.split()), " ".join(TEXT.split())) >= 93, page.text
    chosen = next(a for a in page.attempts if a.chosen)
    assert chosen.treatment is Treatment.LINES
    assert "hairline strokes" in chosen.reason
    assert chosen.score == max(a.score for a in page.attempts)
