"""Faint typing found by its rows, not its ink: such a page is read or flagged, never "ok" and
empty; blank paper (grain, a punched hole, a dark edge, a fold) stays "no text found".

Fixtures are synthetic: crops of the dev sweep's faint FreeMono cell (``bench.sweep``
``DEV_GRID``, paper 155 / ink 145 under grain 8: hardly a pixel passes any ink cut), and blank
grey paper under Gaussian grain with a punched hole, a scanner edge or a fold drawn on it.
Real Tesseract reads the crops; the fake engine (``tests/fake_engine.py``) stands in for a
reading of a word or two.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from bench.sweep import _FREEMONO, DEV_GRID, Cell, render_cell
from pipeline.core.config import OcrSettings
from pipeline.core.enums import DocKind, PageStatus
from pipeline.core.records import Page, PageRef
from pipeline.stages.ocr import ocr_page
from pipeline.stages.textrows import row_rhythm, text_rows

TEXT = (
    "few months. President Aliyev placed a resolution of the conflict at the top of his "
    "agenda in Washington and praised the efforts of the co-chairmen of the Minsk group to "
    "find a settlement acceptable to both sides before the end of the year. The Embassy "
    "understands that the Foreign Minister will travel to Moscow and Ankara next month to "
    "discuss the talks, and that both governments have been told of the plan in advance."
)


def _faint(paper: int = 155, ink: int = 145, grain: float = 8) -> np.ndarray:
    """A 4 x 2 inch crop (6 lines) of the dev sweep's FreeMono cell at ``paper`` / ``ink``."""
    base = next(c for label, c in DEV_GRID["contrast"] if label == "paper 156 ink 140")
    d = replace(base.degradation, paper=paper, ink=ink, noise_sigma=grain)
    page = np.asarray(render_cell(TEXT, Cell(_FREEMONO, degradation=d), seed=7))
    return np.ascontiguousarray(page[170:770, 200:1400])


def _blank(paper: int = 200, grain: float = 8, shape: tuple[int, int] = (600, 1200)) -> np.ndarray:
    noise = np.random.default_rng(1).normal(0, grain, shape)
    return (paper + noise).clip(0, 255).astype(np.uint8)


def _holed(a: np.ndarray) -> np.ndarray:
    a = a.copy()
    for y in (150, 450):
        cv2.circle(a, (60, y), 38, 30, -1)
    return a


def _edged(a: np.ndarray) -> np.ndarray:
    a = a.copy()
    a[:, -60:] = 40
    return a


def _folded(a: np.ndarray, depth: int = 25) -> np.ndarray:
    a = a.astype(np.float32)
    y = a.shape[0] // 2
    for dy in range(-12, 13):
        a[y + dy] -= depth * (1 - abs(dy) / 13)
    return a.clip(0, 255).astype(np.uint8)


def _page(pixels: np.ndarray, path: Path, engine: str = "tesseract") -> Page:
    Image.fromarray(pixels).save(path, dpi=(300, 300))
    return ocr_page(PageRef(path.stem, 1, path, DocKind.IMAGE), OcrSettings(engine=engine))


@pytest.mark.parametrize(("paper", "ink", "grain"), [(155, 145, 8), (155, 145, 10), (150, 142, 8)])
def test_faint_typing_shows_rows_that_no_ink_cut_finds(paper: int, ink: int, grain: float) -> None:
    pixels = _faint(paper, ink, grain)
    rows = text_rows(pixels, 300)
    assert rows is not None
    assert abs(rows.pitch_in - 1 / 6) < 0.02  # the cell's 6 lines an inch
    assert rows.strips >= 2


@pytest.mark.parametrize("grain", [3, 8, 20, 30])
@pytest.mark.parametrize("paper", [150, 235])
def test_blank_grainy_paper_shows_no_rows(paper: int, grain: float) -> None:
    assert text_rows(_blank(paper, grain), 300) is None
    assert text_rows(_blank(paper, grain, (3300, 2550)), 300) is None  # a whole letter page


@pytest.mark.parametrize("mark", [_holed, _edged, _folded])
def test_a_hole_an_edge_or_a_fold_is_not_a_rhythm_of_rows(mark) -> None:  # type: ignore[no-untyped-def]
    pixels = mark(_blank())
    assert text_rows(pixels, 300) is None
    found = row_rhythm(pixels, 300)
    assert found is not None and found.strength < 0.12


def test_a_faint_typed_page_is_flagged_or_read_never_ok_and_empty(tmp_path: Path) -> None:
    page = _page(_faint(), tmp_path / "faint.png")
    assert len(page.attempts) > 1  # the rows sent it to the hard search
    if page.status is PageStatus.MANUAL:
        assert "rows of text at 6." in page.reason or "faint" in (page.reason or "")
    else:  # read: words, not an empty page marked done
        assert sum(len(line.words) for line in page.lines) >= 4, page.text


@pytest.mark.parametrize("mark", [_holed, _edged, _folded])
def test_blank_pages_stay_unflagged(tmp_path: Path, mark) -> None:  # type: ignore[no-untyped-def]
    page = _page(mark(_blank()), tmp_path / "blank.png")
    assert page.status is PageStatus.OK  # not flagged
    assert not any(w.startswith("manual transcription") for w in page.warnings)
    # (A dark edge sends the page to the hard search, which reads a grain or two as "a":
    # not this test's business.)


def test_rows_read_as_a_word_or_two_are_flagged_with_the_evidence(
    tmp_path: Path, fake_ocr: dict[str, str]
) -> None:
    fake_ocr["few.png"] = "ei 4"  # read easily (confidence 95), but two words of six rows
    page = _page(_faint(), tmp_path / "few.png", engine="fake")
    assert page.status is PageStatus.MANUAL
    assert page.reason is not None and page.reason.startswith("rows of text at 6.")
    assert "found only 2 words in them" in page.reason
    assert [w.text for line in page.reading for w in line.words] == ["ei", "4"]
    assert len(page.attempts) > 1  # tried harder first


def test_a_word_or_two_on_blank_paper_stays_as_read(
    tmp_path: Path, fake_ocr: dict[str, str]
) -> None:
    fake_ocr["two.png"] = "Page 2"
    page = _page(_blank(), tmp_path / "two.png", engine="fake")
    assert page.status is PageStatus.OK and page.text.strip() == "Page 2"


@pytest.mark.parametrize(("depth", "rows"), [(1, False), (5, True)])
def test_show_through_of_the_back_is_rows_once_a_few_levels_deep(depth: int, rows: bool) -> None:
    """The decision for a page's back showing through (mirrored typing, blurred by the paper):
    a grey level deep it is blank paper; a few levels deep it is rows like faint typing, and
    such a page that no reading reads is flagged (its reason names show-through)."""
    clean = np.asarray(render_cell(TEXT, Cell(_FREEMONO), seed=1)).astype(np.float32)
    ink = cv2.GaussianBlur(1 - clean[170:770, 200:1400][:, ::-1] / 255, (0, 0), 2.0)
    noise = np.random.default_rng(1).normal(0, 8, ink.shape)
    page = (200 + noise - depth * ink + 0.5).clip(0, 255).astype(np.uint8)
    assert (text_rows(page, 300) is not None) is rows
