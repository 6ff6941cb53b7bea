"""What keeps the OCR stage's CPU per page near plain Tesseract's, without changing a record:
a page's measurements and boxes worked out once per array of pixels (``stages.pagememo``),
Tesseract's bytes taken from the page's array, a reading of pixels already read not made again,
and workers that inherit everything a page needs instead of importing it on their first page.

Pages are synthetic (typed lines rendered by ``tests.conftest.render_lines``, small); the worker
test reads one with real Tesseract in a fresh interpreter.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.core.config import OcrSettings
from pipeline.core.enums import DocKind, Treatment
from pipeline.core.records import PageRef
from pipeline.engines import tesseract
from pipeline.executors import _frozen_heap
from pipeline.stages import imaging, pagememo
from pipeline.stages.pageimage import as_image, grey_pixels, pixels_behind
from pipeline.stages.pictures import find_pictures
from pipeline.stages.reading import Reader
from tests.conftest import SAMPLE_LINES, render_lines


def _page(dpi: int = 200) -> np.ndarray:
    return np.array(render_lines(SAMPLE_LINES, dpi=dpi))


def test_a_result_is_worked_out_once_per_array_and_key_and_goes_with_the_array() -> None:
    calls: list[str] = []
    a, b = _page(), _page()

    def make(name: str):
        return lambda: calls.append(name) or len(calls)

    assert pagememo.per_pixels(a, ("f", 1), make("a1")) == 1
    assert pagememo.per_pixels(a, ("f", 1), make("again")) == 1  # not worked out again
    assert pagememo.per_pixels(a, ("f", 2), make("a2")) == 2  # another key
    assert pagememo.per_pixels(b, ("f", 1), make("b1")) == 3  # equal pixels, another array
    assert calls == ["a1", "a2", "b1"]
    with pytest.raises(ValueError):  # nothing changes the pixels under a result
        a[0, 0] = 0
    held = len(pagememo._DERIVED)
    del a
    gc.collect()
    assert len(pagememo._DERIVED) == held - 1


def test_picture_search_and_the_measurements_share_the_small_copy_and_ink_level() -> None:
    gray = _page(300)
    f = 50 / 300
    assert find_pictures(gray, 300) == []
    small = pagememo.area_copy(gray, f)
    # What each made for itself before: the same values.
    assert np.array_equal(small, _page_small(gray, f))
    assert pagememo.ink_level(gray) == float(np.percentile(gray[:: gray.shape[0] // 400, ::4], 1))
    stats = imaging.measure(gray, 300)
    assert pagememo.area_copy(gray, f) is small
    assert imaging.measure(gray, 300) is stats  # once a page
    assert imaging._measure(gray.copy(), 300) == stats


def _page_small(gray: np.ndarray, f: float) -> np.ndarray:
    import cv2

    return cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)


@pytest.mark.parametrize("mode", ["L", "RGB"])
def test_tesseract_gets_the_same_bytes_from_the_array_as_from_pillow(mode: str) -> None:
    gray = _page()
    shared = as_image(gray)
    assert pixels_behind(shared) is gray
    assert tesseract._raw_pixels(shared) == shared.tobytes() == gray.tobytes()
    other = Image.fromarray(gray).convert(mode)  # not made by as_image: Pillow's own bytes
    assert pixels_behind(other) is None
    assert tesseract._raw_pixels(other) == other.tobytes()


def test_preprocessed_pages_are_views_of_their_arrays() -> None:
    gray = _page()
    for treatment in (Treatment.AS_IS, Treatment.AUTO, Treatment.SMOOTH):
        done = imaging.preprocess(as_image(gray), dpi=200, treatment=treatment)
        assert grey_pixels(done.image) is done.pixels


class _Counting:
    """An engine that reads nothing and counts the pages it was given."""

    name = "counting"

    def __init__(self) -> None:
        self.read = 0

    def recognize(self, image, *, dpi, settings, page):
        from pipeline.engines import Recognized

        self.read += 1
        return Recognized((), ())


def test_a_treatment_that_leaves_the_pixels_as_a_reading_already_made_is_not_read(
    tmp_path: Path,
) -> None:
    engine = _Counting()
    ref = PageRef("p", 1, tmp_path / "p.png", DocKind.IMAGE, 0)
    reader = Reader(engine, OcrSettings(), ref, 200)
    page = as_image(_page())
    first = reader.read(page, Treatment.AS_IS, 0, "first")
    assert first is not None and engine.read == 1
    assert reader.read(page, Treatment.AS_IS, 0, "again", unless=first.attempt.steps) is None
    assert engine.read == 1
    other = reader.read(page, Treatment.SMOOTH, 0, "smooth", unless=first.attempt.steps)
    assert other is not None and engine.read == 2


def test_the_heap_is_frozen_while_workers_fork_and_thawed_after() -> None:
    assert gc.get_freeze_count() == 0
    with _frozen_heap():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    gc.freeze()  # someone else's freeze is left as it was
    try:
        with _frozen_heap():
            pass
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_worker_imports_nothing_on_its_first_page(tmp_path: Path) -> None:
    # A run imports the runner, checks the engine and prepares the workers before it forks
    # them: whatever a page then imports, every worker imports again (CPU per worker). Without
    # the preparation the same page imports modules, so the check can fail.
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        import pipeline.cli, pipeline.runner
        from pipeline import engines
        from pipeline.core.config import OcrSettings
        from pipeline.core.enums import DocKind
        from pipeline.core.records import PageRef
        from pipeline.stages import ocr
        from tests.conftest import SAMPLE_LINES, render_lines
        path = Path(sys.argv[1]) / "p.png"
        lines = [*SAMPLE_LINES, "(b)(6) withheld under B6 and (b)(7)(C)"]
        render_lines(lines, dpi=200).save(path, dpi=(200, 200))
        settings = OcrSettings()
        engines.get(settings.engine).check(settings.lang)
        if sys.argv[2] == "prepared":
            ocr._prepare_workers(settings, local=True)
        before = set(sys.modules)
        page = ocr.ocr_page(PageRef("p", 1, path, DocKind.IMAGE, 0), settings)
        assert "Nagorno" in page.text, page.text
        print(" ".join(sorted(set(sys.modules) - before)))
        """
    )
    found = {}
    for how in ("prepared", "bare"):
        done = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path), how],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=Path(__file__).resolve().parents[1],
        )
        assert done.returncode == 0, done.stderr[-2000:]
        found[how] = done.stdout.split()
    assert found["prepared"] == []
    assert found["bare"]  # the page does import modules: the preparation is what spares them
