"""Hairline typewriting: a page read "easily" with broken letters is tried harder, strokes widened.

Fixtures are synthetic: three sentences of our own (not a bench text) typed by
``bench.sweep.render_cell`` in the dev grid's faces under its light office photocopy (grey
paper, grain, a little blur), 8.5 x 2.5 inches at 300 DPI. Real Tesseract reads them.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from bench.sweep import DEV_GRID, Cell, render_cell
from pipeline.core.config import OcrSettings
from pipeline.core.enums import DocKind, Treatment
from pipeline.core.records import Attempt, Line, Page, PageRef, Word
from pipeline.stages.imaging import THIN_STROKE, preprocess, stroke_width
from pipeline.stages.ocr import ocr_page
from pipeline.stages.reading import EASY_UNSURE, UNSURE_CONF, _easy, evidence, unsure_bound

TEXT = (
    "The Ambassador met the Foreign Minister on October 14, 1964 and raised the\n"
    "status bill. The Minister said the government would hold its majority in the\n"
    "next vote and that 188 deputies were expected to attend the session."
)


def _cell(label: str) -> Cell:
    return dict(DEV_GRID["typeface"])[label]


def _page(cell: Cell, path: Path, seed: int = 1) -> Page:
    render_cell(TEXT, cell, seed=seed).save(path, dpi=(300, 300))
    return ocr_page(PageRef(path.stem, 1, path, DocKind.IMAGE), OcrSettings())


def _words(text: str) -> list[str]:
    return text.split()


def _read(words: int, unsure: int) -> Attempt:
    """A reading Tesseract is sure of on the whole, ``unsure`` of its ``words`` unsure."""
    return Attempt(Treatment.AUTO, words=words, conf=90.0, wordlike=0.95, unsure_words=unsure)


def test_unsure_words_make_a_reading_hard() -> None:
    sure, unsure = Word("cable", 95.0), Word("cabie", UNSURE_CONF - 1)
    n, _, _, _, share, doubted = evidence([Line("cable cabie", (sure, unsure))])
    assert n == 2 and share == 0.5 and doubted == 1
    assert _easy(_read(40, 0))
    assert not _easy(_read(130, 36))  # the dev sweep's least unsure hairline first pass


def test_a_few_unsure_words_on_a_short_page_prove_nothing() -> None:
    # make bench's dev last pages: a release stamp read unsure twice and a signature (6 of 41
    # words), a stamp and "Rusk" (1 of 8): easy. A full page with a quarter unsure is not.
    assert _easy(_read(41, 6)) and _easy(_read(8, 1))
    assert not _easy(_read(400, 100))
    # The bound grows to the share itself as the words grow, and never passes it.
    bounds = [unsure_bound(n // 4, n) for n in (8, 40, 400, 4000)]
    assert bounds == sorted(bounds) and bounds[-1] < 0.25 < bounds[-1] + 0.02
    assert unsure_bound(0, 0) == 0.0 and unsure_bound(0, 50) == 0.0
    assert unsure_bound(round(EASY_UNSURE * 10_000), 10_000) < EASY_UNSURE


@pytest.mark.parametrize("seed", [1, 2])
def test_a_hairline_page_is_read_with_its_strokes_widened(tmp_path: Path, seed: int) -> None:
    page = _page(_cell("Liberation hairline"), tmp_path / f"hairline-{seed}.png", seed)
    assert _words(page.text) == _words(TEXT)
    first, chosen = page.attempts[0], next(a for a in page.attempts if a.chosen)
    assert first.treatment is Treatment.AUTO and not _easy(first)
    assert unsure_bound(first.unsure_words or 0, first.words) > EASY_UNSURE
    assert chosen.treatment is Treatment.THICKEN and _easy(chosen)
    assert "hairline strokes" in chosen.reason
    assert re.search(r"\b\d+ of \d+ words \(\d+% of letters\) unsure", chosen.reason)
    assert any(s.startswith("thicken(") for s in chosen.steps)
    assert chosen.score == max(a.score for a in page.attempts)


def test_a_plain_photocopy_reads_once(tmp_path: Path) -> None:
    page = _page(_cell("FreeMono bold"), tmp_path / "bold.png")
    assert _words(page.text) == _words(TEXT)
    assert page.attempts == ()  # easy at the first pass: nothing else read


def test_stroke_width_tells_hairlines_from_bold_type() -> None:
    thin = np.asarray(render_cell(TEXT, _cell("Liberation hairline"), seed=1))
    bold = np.asarray(render_cell(TEXT, _cell("FreeMono bold"), seed=1))
    assert 0 < stroke_width(thin, 300) < THIN_STROKE < stroke_width(bold, 300)
    assert stroke_width(np.full((300, 300), 230, np.uint8), 300) == 0.0


def test_thicken_widens_hairline_strokes_past_the_hairline_width() -> None:
    thin = render_cell(TEXT, _cell("Liberation hairline"), seed=1)
    done = preprocess(thin, dpi=300, treatment=Treatment.THICKEN)
    assert done.scale == 1.0 and "thicken(gaussian 1px, minimum 2px)" in done.steps
    before, after = stroke_width(np.asarray(thin), 300), stroke_width(np.asarray(done.image), 300)
    assert before < THIN_STROKE < after < 2 * before  # a pixel or so wider, not blotted
