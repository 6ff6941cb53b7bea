"""Preprocessing rescues bad copies and leaves good scans alone (real Tesseract, small crops)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from rapidfuzz import fuzz

from bench import synth
from pipeline.core.config import OcrSettings
from pipeline.core.enums import Treatment
from pipeline.engines import tesseract
from pipeline.stages import ingest
from pipeline.stages.imaging import PreprocessMode, preprocess
from pipeline.stages.ocr import ocr_page
from pipeline.stages.skew import estimate_skew

LINES = [
    "The visit confirmed the progress we have made in the last",
    "few months. President Aliyev placed a resolution of the",
    "conflict at the top of his agenda in Washington and praised",
    "the Co-chair effort as the path to resolution.",
]
TRUTH = " ".join(LINES)


def _words(text: str) -> str:
    return " ".join(text.split())


def _ocr(path: Path, mode: PreprocessMode) -> str:
    ref = ingest.page_refs(ingest.discover([path])[0][0])[0]
    return _words(ocr_page(ref, OcrSettings(preprocess=mode)).text)


def test_heavy_noise_that_plain_tesseract_cannot_read_comes_back(tmp_path: Path) -> None:
    page = synth.render_snippet(LINES, tier="extreme", seed=3, dpi=300)
    path = tmp_path / "fax.png"
    page.image.save(path, dpi=(300, 300))
    plain = _words(tesseract.plain_text(path))
    assert fuzz.ratio(plain, TRUTH) < 30, f"plain Tesseract read it: {plain!r}"
    ours = _ocr(path, PreprocessMode.AUTO)
    assert fuzz.ratio(ours, TRUTH) > 85, ours


def test_clean_scan_is_left_to_tesseract(tmp_path: Path) -> None:
    page = synth.render_snippet(LINES, tier="clean", seed=3, dpi=200)
    result = preprocess(page.image, dpi=200)
    assert result.steps == ("grayscale",)
    assert np.array_equal(np.asarray(result.image), np.asarray(page.image.convert("L")))


def test_every_applied_step_is_recorded(tmp_path: Path) -> None:
    page = synth.render_snippet(LINES, tier="hard", seed=5, dpi=200)
    result = preprocess(page.image, dpi=200)
    assert "binarise(otsu)" in result.steps
    assert any(s.startswith("denoise(") for s in result.steps)
    none = preprocess(page.image, dpi=200, mode=PreprocessMode.NONE)
    assert none.steps == ("grayscale",)


@pytest.mark.parametrize("angle", [-2.0, 1.5])
def test_skew_is_measured(angle: float) -> None:
    import cv2

    page = synth.render_snippet(LINES * 3, tier="clean", seed=1, dpi=150)
    gray = np.asarray(page.image.convert("L"))
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rotated = cv2.warpAffine(gray, m, (w, h), borderValue=255)
    assert estimate_skew(rotated, 150) == pytest.approx(-angle, abs=0.3)


# -- skews a person still reads (issue 13: the sweep broke at 9 deg when deskew looked +-5) -----


def _turned(angle: float, dpi: int = 150) -> np.ndarray:
    """A clean snippet turned by ``angle`` degrees on a canvas grown to hold it (synthetic)."""
    page = synth.render_snippet(LINES * 3, tier="clean", seed=1, dpi=dpi)
    return np.asarray(page.image.convert("L").rotate(angle, expand=True, fillcolor=255))


@pytest.mark.parametrize("angle", [-9.0, 12.5, 20.0, -27.0])
def test_skews_far_beyond_a_few_degrees_are_measured(angle: float) -> None:
    assert estimate_skew(_turned(angle), 150) == pytest.approx(-angle, abs=0.3)


def test_an_upright_page_pays_for_the_narrow_search_only(monkeypatch) -> None:
    from pipeline.stages import skew

    seen: list[float] = []
    score = skew._Profiles.score

    def spy(self, angle: float) -> float:
        seen.append(angle)
        return score(self, angle)

    monkeypatch.setattr(skew._Profiles, "score", spy)
    angle, gain = skew.skew_evidence(_turned(0.0), 150)
    assert (angle, gain) == (0.0, 1.0)
    assert max(abs(a) for a in seen) <= skew.NARROW_SKEW
    seen.clear()
    assert skew.skew_evidence(_turned(14.0), 150)[0] == pytest.approx(-14.0, abs=0.3)
    assert max(abs(a) for a in seen) == skew.MAX_SKEW  # turned further: the whole range


@pytest.mark.parametrize("angle", [0.0, 0.2, 0.35, -0.6, 1.0])
def test_deskew_stops_the_search_where_no_angle_it_could_find_is_used(monkeypatch, angle) -> None:
    # Synthetic snippets. _deskew turns a page only by MIN_SKEW or more: a search whose
    # quarter-degree step ends upright is not refined (the tenth-degree step moves it by 0.2
    # at most); any angle it would use comes out as before.
    from pipeline.stages import skew

    page = _turned(angle)
    full = skew.skew_evidence(page, 150)
    seen: list[float] = []
    score = skew._Profiles.score

    def spy(self, a: float) -> float:
        seen.append(round(float(a), 2))
        return score(self, a)

    monkeypatch.setattr(skew._Profiles, "score", spy)
    quick = skew.skew_evidence(page, 150, least=skew.MIN_SKEW)
    if abs(full[0]) >= skew.MIN_SKEW:
        assert quick == full
    else:  # stopped early, or searched to the end as before: either way not turned
        assert quick in ((0.0, 1.0), full)
    if angle == 0.0:  # no tenth-degree angle scored
        assert all(round(a * 4) == a * 4 for a in seen), seen


def test_a_page_without_lines_is_not_turned() -> None:
    rng = np.random.default_rng(0)
    speckle = np.where(rng.random((400, 600)) < 0.02, 0, 255).astype(np.uint8)
    result = preprocess(Image.fromarray(speckle), dpi=150, mode=PreprocessMode.FULL)
    assert result.deskew == 0.0
    assert not any(s.startswith("deskew(") for s in result.steps)


@pytest.mark.parametrize("angle", [10.0, -15.0])
def test_a_page_turned_as_far_as_a_crooked_copy_reads(tmp_path: Path, angle: float) -> None:
    """Real Tesseract on a page fed 10 and 15 degrees crooked: the page is turned back, its
    angle recorded, and it reads like the upright page."""
    from PIL import Image

    path = tmp_path / "crooked.png"
    Image.fromarray(_turned(angle, dpi=200)).save(path, dpi=(200, 200))
    ref = ingest.page_refs(ingest.discover([path])[0][0])[0]
    page = ocr_page(ref, OcrSettings())
    assert page.deskew == pytest.approx(-angle, abs=0.3)
    assert any(s.startswith("deskew(") for s in page.preprocessing)
    assert fuzz.ratio(_words(page.text), " ".join([TRUTH] * 3)) > 90, page.text


# -- low resolution: type too small for Tesseract is enlarged first --------------------------


def test_a_low_resolution_page_is_enlarged_and_its_boxes_stay_in_its_pixels(
    tmp_path: Path,
) -> None:
    """A 100-DPI photocopy (synthetic) is enlarged before OCR, the step recorded; the words'
    boxes come back in the page's own pixels, and the page keeps its own size and DPI."""
    page = synth.render_snippet(LINES, tier="medium", seed=2, dpi=100)
    path = tmp_path / "low.png"
    page.image.save(path, dpi=(100, 100))
    ref = ingest.page_refs(ingest.discover([path])[0][0])[0]
    got = ocr_page(ref, OcrSettings())
    assert any(s.startswith("upscale(x") for s in got.preprocessing), got.preprocessing
    assert (got.width, got.height, got.dpi) == (*page.image.size, 100)
    boxes = [w.bbox for line in got.lines for w in line.words if w.bbox is not None]
    assert boxes and all(b.right <= got.width and b.bottom <= got.height for b in boxes)
    first = got.lines[0].words[0].bbox
    assert first is not None and first.top < 0.3 * got.height  # not at the enlarged page's scale
    assert fuzz.ratio(_words(got.text), TRUTH) > 90, got.text


def test_a_page_with_type_large_enough_is_not_enlarged() -> None:
    page = synth.render_snippet(LINES, tier="medium", seed=2, dpi=300)
    assert not any(s.startswith("upscale") for s in preprocess(page.image, dpi=300).steps)


@pytest.mark.parametrize(("dpi", "enlarged"), [(150, True), (175, True), (200, False)])
def test_a_page_scanned_below_200_dpi_is_enlarged(dpi: int, enlarged: bool) -> None:
    # A 150-dpi medium photocopy's glyphs measure 12-15 px, enough by size, yet it read at
    # 21 % CER as it was and 0.05 % enlarged (dev gold pages; see imaging.LOW_DPI).
    page = synth.render_snippet(LINES, tier="medium", seed=2, dpi=dpi)
    steps = preprocess(page.image, dpi=dpi).steps
    assert any(s.startswith("upscale(") for s in steps) is enlarged


def test_component_stats_are_those_of_32_bit_labels_past_65535_marks_too() -> None:
    # Synthetic: sparse random ink, and 90,000 isolated dots (more marks than 16-bit labels
    # hold: OpenCV refuses, and 32-bit labels are used).
    import cv2

    from pipeline.stages.imaging import components

    ink = (np.random.default_rng(5).random((300, 400)) > 0.93).astype(np.uint8)
    dots = np.zeros((600, 600), np.uint8)
    dots[::2, ::2] = 255
    for binary in (ink, dots):
        n, _, stats, centroids = components(binary)
        want = cv2.connectedComponentsWithStats(binary, connectivity=8)
        assert n == want[0] and (stats == want[2]).all() and np.allclose(centroids, want[3])
    assert components(dots)[0] == 300 * 300 + 1


# -- the deskew search spared a plainly upright page (issue 13: CPU per page) --------------------


@pytest.mark.parametrize("angle", [0.0, 0.1, -0.2, 0.35, -0.6, 1.0, 2.5, -9.0])
@pytest.mark.parametrize("edge", [False, True])
def test_a_page_told_upright_on_its_small_copy_is_one_the_search_leaves_upright(
    angle: float, edge: bool
) -> None:
    # Synthetic snippets, turned; ``edge``: a copier's dark edge drawn straight across the top
    # of the turned page (sharpest upright whatever the lines do, for the full search too; on
    # such uneven paper the clean-up does not ask). The 50-DPI look may send a page to the
    # full search for nothing, never spare it one that would turn it.
    from pipeline.stages import skew

    page = _turned(angle).copy()
    if edge:
        page[:25] = 40
    upright = skew.looks_upright(page, 150)
    full = skew.skew_evidence(page, 150)
    if upright:
        assert abs(full[0]) < skew.MIN_SKEW, full
    if angle == 0.0 and not edge:
        assert upright  # the plain upright page is spared the search
    if abs(angle) >= 0.5 and not edge:
        assert not upright


def test_an_upright_page_is_not_searched_for_skew(monkeypatch) -> None:
    # Synthetic snippets. Every treatment of an upright page takes the answer of its 50-DPI copy
    # (asked once); a turned page is searched and deskewed as before.
    from pipeline.stages import imaging, skew

    searched: list[float] = []
    evidence = skew.skew_evidence

    def spy(gray, dpi, max_angle=skew.MAX_SKEW, *, least=0.0):
        found = evidence(gray, dpi, max_angle, least=least)
        searched.append(found[0])
        return found

    monkeypatch.setattr(skew, "skew_evidence", spy)
    # At 300 DPI: a page enlarged first (below 200 DPI) is searched as before.
    upright = Image.fromarray(_turned(0.0, dpi=300))
    for treatment in (Treatment.AUTO, Treatment.SMOOTH, Treatment.CLEAN):
        assert imaging.preprocess(upright, dpi=300, treatment=treatment).deskew == 0.0
    assert searched == []
    page = Image.fromarray(_turned(2.0, dpi=300))
    turned = imaging.preprocess(page, dpi=300, treatment=Treatment.AUTO)
    assert turned.deskew == pytest.approx(-2.0, abs=0.3)
    assert searched == [turned.deskew]
