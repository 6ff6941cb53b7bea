"""The hard search on a page whose paper is uneven (deep shading, a dark edge) leaves out the
treatments that filter the page and hand it to Tesseract for one threshold over all of it
(``reading.GLOBAL_THRESHOLD``): that cut takes the shaded paper for ink and reads little or
nothing, and each such reading costs about a page of Tesseract's CPU. The page as scanned is
still read once, and on flat paper they all are.

Pages are synthetic (typed lines rendered by ``tests.conftest.render_lines``, small), shaded by
a gradient here; the engine is a fake that reads one unsure word, so the first pass is hard.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from pipeline.core.config import OcrSettings
from pipeline.core.enums import DocKind, Treatment
from pipeline.core.records import BBox, Line, PageRef, Word
from pipeline.stages import reading
from pipeline.stages.imaging import UNEVEN, measure
from tests.conftest import SAMPLE_LINES, render_lines


class _Unsure:
    """An engine that reads every page as one word it is unsure of (a hard first pass)."""

    name = "unsure"

    def recognize(self, image, *, dpi, settings, page):
        from pipeline.engines import Recognized

        word = Word("xq", 30.0, BBox(10, 10, 40, 20))
        return Recognized((Line("xq", (word,)),), ())


class _Recording(reading.Reader):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.treatments: list[Treatment] = []

    def read(self, image, treatment, rotation, reason, *, unless=None):
        got = super().read(image, treatment, rotation, reason, unless=unless)
        if got is not None:
            self.treatments.append(treatment)
        return got


def _shaded(depth: float) -> Image.Image:
    """The sample lines on paper darkened from nothing at the left to ``depth`` (0-1) of its
    level at the right, as a copier's shading does."""
    page = np.asarray(render_lines(SAMPLE_LINES, dpi=200)).astype(np.float32)
    shade = 1.0 - depth * np.linspace(0.0, 1.0, page.shape[1], dtype=np.float32)[None, :]
    return Image.fromarray(np.clip(page * shade, 0, 255).astype(np.uint8))


def _treatments(image: Image.Image, tmp_path: Path) -> list[Treatment]:
    ref = PageRef("p", 1, tmp_path / "p.png", DocKind.IMAGE, 0)
    reader = _Recording(_Unsure(), OcrSettings(), ref, 200)
    _, attempts = reading.read_page(reader, image, OcrSettings())
    assert len(attempts) == len(reader.treatments)
    return reader.treatments


def test_an_uneven_page_is_not_read_with_one_threshold_over_it(tmp_path: Path) -> None:
    page = _shaded(0.5)
    assert measure(np.asarray(page), 200).unevenness > UNEVEN
    read = _treatments(page, tmp_path)
    assert read[0] is Treatment.AUTO and len(read) > 1  # the hard search ran
    assert not set(read) & reading.GLOBAL_THRESHOLD
    assert Treatment.AS_IS in read  # the page as scanned is still read once


def test_flat_paper_still_reads_them(tmp_path: Path) -> None:
    page = _shaded(0.0)
    assert measure(np.asarray(page), 200).unevenness <= UNEVEN
    read = _treatments(page, tmp_path)
    assert {Treatment.SMOOTH, Treatment.BLUR} <= set(read)


def test_what_was_left_out_is_said() -> None:
    class Stats:
        unevenness = 51.0

    order = (Treatment.THICKEN, Treatment.LINES, Treatment.SMOOTH, Treatment.FAINT)
    kept, note = reading._levelled_only(order, Stats())
    assert kept == (Treatment.LINES, Treatment.FAINT)
    assert note is not None and "unevenness 51" in note and "thicken, smooth" in note
    Stats.unevenness = float(UNEVEN)
    assert reading._levelled_only(order, Stats()) == (order, None)


def _extreme_crop() -> Image.Image:
    """Five typed lines (``render_lines``, 300 dpi, 1950 x 580 px) degraded as ``bench.synth``
    degrades a page of its extreme tier (seed 2: paper shaded by 35-50 %, heavy grain, specks,
    JPEG): synthetic, the kind of page the rule was measured on."""
    from bench import synth

    lines = [
        *SAMPLE_LINES,
        "President Aliyev placed a resolution of the",
        "conflict at the top of his agenda in Washington.",
    ]
    params = synth.degradation_for("extreme", seed=2, page=1, dpi=300)
    return synth.degrade(render_lines(lines, dpi=300), params, 2)


def test_real_tesseract_on_shaded_paper_reads_less_with_one_threshold(tmp_path: Path) -> None:
    """The decision kept (``bench.uneven_rule``, dev extreme pages: none of the three left-out
    treatments was chosen on any hard-search page, see ``reading._levelled_only``): the hard
    search on an uneven page does not read them, and here each of them, read all the same,
    scores below the reading chosen (the one cut over the page takes shaded paper for ink)."""
    from pipeline import engines

    page = _extreme_crop()
    assert measure(np.asarray(page), 300).unevenness > UNEVEN
    ref = PageRef("p", 1, tmp_path / "p.png", DocKind.IMAGE, 0)
    reader = _Recording(engines.get("tesseract"), OcrSettings(), ref, 300)
    best, attempts = reading.read_page(reader, page, OcrSettings())
    assert len(attempts) > 1  # the first pass was hard
    assert not set(reader.treatments) & reading.GLOBAL_THRESHOLD
    for treatment in reading.GLOBAL_THRESHOLD:
        left_out = reader.read(page, treatment, 0, "left out")
        assert left_out is not None and left_out.attempt.score < best.attempt.score
