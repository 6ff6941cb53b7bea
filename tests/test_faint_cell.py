"""The dev sweep's faintest typing, scored by WER: read right, or flagged; never read wrong.

Fixtures are synthetic: six short lines of a dev gold text (``cable-1997-aliyev``) typed in
the dev sweep's face (FreeMono, ``bench.sweep.DEV_GRID``) under the dev photocopy (grain
sigma 8, blur 0.6) at three contrasts, cropped to the typing (4.5 x 1.5 inches): paper 156 /
ink 140 (the dev contrast row's fourth cell, which reads), paper 155 / ink 145 (the contrast
of the test sweep's faintest cell, at dev's face, text and seed) and paper 150 / ink 142 (the
dev row's faintest). Real Tesseract reads each once (about 2-3 CPU-seconds each: the hard
search's nine readings of a small crop).

What a person can still read there, the pipeline does not (issue 13): every treatment of the
hard search, and those tried beside it (non-local means, wider Gaussians with a contrast
stretch, Tesseract's own Sauvola and adaptive Otsu on the smoothed grey page, x2 upscaling,
psm 6, a wider stroke filter: ``stages.strokes``' docstring), reads the two faintest at 49 %
WER or worse. So the one promise kept is the honest one: such a page is flagged for manual
transcription, and a page left unflagged reads within WER 0.05 of its text. Reading the
paper 155 / ink 145 crop is a strict xfail: the day a treatment reads it, this says so.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bench.metrics import word_errors
from bench.sweep import _FREEMONO, DEV_GRID, Cell, render_cell
from pipeline.core.config import OcrSettings
from pipeline.core.enums import DocKind, PageStatus
from pipeline.core.records import Page, PageRef
from pipeline.stages.ocr import ocr_page

TEXT = """few months. President Aliyev placed a
resolution of the conflict at the top
of his agenda in Washington and praised
the efforts of the co-chairmen of the
Minsk group to find a settlement that
both sides can accept before the end of"""

#: Within this WER of its text a page counts as read (issue 13's bar for faint cables).
READ_WER = 0.05


@cache
def _read(paper: int, ink: int, folder: Path) -> Page:
    """The crop at ``paper`` / ``ink`` (grain 8) read by the OCR stage, once per session."""
    base = next(c for label, c in DEV_GRID["contrast"] if label == "paper 156 ink 140")
    cell = Cell(_FREEMONO, degradation=replace(base.degradation, paper=paper, ink=ink))
    page = np.asarray(render_cell(TEXT, cell, seed=7))
    crop = np.ascontiguousarray(page[150:-150, 150:1500])  # the six lines and a margin
    path = folder / f"faint-{paper}-{ink}.png"
    Image.fromarray(crop).save(path, dpi=(300, 300))
    return ocr_page(PageRef(path.stem, 1, path, DocKind.IMAGE), OcrSettings())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("faint-cell")


def _wer(page: Page) -> float:
    return word_errors(page.text, TEXT).rate


def test_the_readable_neighbour_reads_unflagged(folder: Path) -> None:
    page = _read(156, 140, folder)
    assert page.status is PageStatus.OK
    assert _wer(page) <= READ_WER, page.text


@pytest.mark.parametrize(("paper", "ink"), [(155, 145), (150, 142)])
def test_the_faintest_cells_are_read_right_or_flagged(paper: int, ink: int, folder: Path) -> None:
    page = _read(paper, ink, folder)
    if page.status is PageStatus.MANUAL:
        assert page.reason  # says why
        kept = " ".join(line.text for line in page.reading)
        assert word_errors(kept, TEXT).rate > READ_WER  # the flag hid a wrong reading
    else:
        assert _wer(page) <= READ_WER, page.text  # never unflagged and wrong


@pytest.mark.xfail(
    strict=True,
    reason="issue 13: no treatment found reads FreeMono at paper 155 / ink 145 under grain 8 "
    "(best tried: 49-76 % WER; see stages.strokes); the page is flagged instead",
)
def test_the_faint_cell_is_read(folder: Path) -> None:
    page = _read(155, 145, folder)
    assert page.status is PageStatus.OK
    assert _wer(page) <= READ_WER, page.text
