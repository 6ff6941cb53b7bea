"""Preprocessing rescues bad copies and leaves good scans alone (real Tesseract, small crops)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rapidfuzz import fuzz

from bench import synth
from pipeline.core.config import OcrSettings
from pipeline.engines import tesseract
from pipeline.stages import ingest
from pipeline.stages.imaging import PreprocessMode, estimate_skew, preprocess
from pipeline.stages.ocr import ocr_page

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
