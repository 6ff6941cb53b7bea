"""Image clean-up before OCR: rescue poor photocopies and faxes, leave good scans alone.

Each step runs only when a measurement of the page says it is needed (``auto`` mode), and every
applied step is recorded with its parameters in the page's JSON. Tesseract binarises with Otsu
internally, which is right for a clean scan and wrong for speckle and uneven backgrounds, so a
clean page goes to Tesseract nearly untouched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from pipeline.core.enums import PreprocessMode

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageStats:
    """What the measurements saw; decides the steps and is recorded for people to check."""

    background: float  # median gray level of the paper (255 = white)
    unevenness: float  # spread of the local paper level across the page (0 = flat)
    contrast: float  # paper minus darkest ink
    noise: float  # robust sigma of pixel noise (gray levels), from the median-filter residual
    speckle: float  # fraction of dark pixels in specks too small to be glyphs or punctuation


@dataclass(frozen=True)
class Preprocessed:
    image: Image.Image
    steps: tuple[str, ...]
    stats: PageStats
    #: Degrees the page was turned by before OCR (0.0 when it was not): word boxes are in the
    #: turned page's pixels, so whoever crops the scan turns it the same way.
    deskew: float = 0.0


# Thresholds chosen by measurement on bench.synth pages (python -m bench.ocr_tiers): a white
# page with black text is left to Tesseract; anything greyer, noisier or uneven is cleaned.
GREY_PAPER = 245  # paper darker than this: normalise the background, then Otsu
UNEVEN = 20  # paper level varies by more than this across the page
NOISY = 2.5  # noise sigma above this: median 3 before thresholding
VERY_NOISY = 15.0  # above this (fax/extreme tier): median 5 and despeckle after thresholding
SPECKLED = 0.05
MIN_SKEW = 0.3  # degrees; smaller skews cost Tesseract nothing


def _odd(n: float) -> int:
    n = max(3, round(n))
    return n if n % 2 else n + 1


def measure(gray: np.ndarray, dpi: int) -> PageStats:
    # Statistics come from a downscaled copy and a pixel sample: cheap on a 300-DPI page.
    scale = min(1.0, 100 / max(dpi, 1))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    bg_map = cv2.medianBlur(small, _odd(min(small.shape) / 12))
    background = float(np.median(bg_map))
    lo, hi = np.percentile(bg_map, [5, 95])
    ink = float(np.percentile(gray[:: max(1, gray.shape[0] // 400), ::4], 1))
    residual = gray.astype(np.int16) - cv2.medianBlur(gray, 3).astype(np.int16)
    noise = 1.4826 * float(np.median(np.abs(residual)))
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    areas = stats[1:, cv2.CC_STAT_AREA] if n > 1 else np.zeros(0)
    dark = float(areas.sum()) or 1.0
    speckle = float(areas[areas <= _speck_area(dpi)].sum()) / dark
    return PageStats(
        background=background,
        unevenness=float(hi - lo),
        contrast=background - ink,
        noise=noise,
        speckle=speckle,
    )


def _speck_area(dpi: int) -> int:
    # A full stop in 10-12 pt type at 300 DPI covers ~25-40 px; specks below ~8 px are noise.
    return max(2, int(8 * (dpi / 300) ** 2))


def preprocess(
    image: Image.Image, *, dpi: int, mode: PreprocessMode = PreprocessMode.AUTO
) -> Preprocessed:
    gray = np.asarray(image.convert("L"))
    steps = ["grayscale"]
    stats = measure(gray, dpi)
    if mode is PreprocessMode.NONE:
        return Preprocessed(Image.fromarray(gray), tuple(steps), stats)
    full = mode is PreprocessMode.FULL
    very_noisy = full or stats.noise > VERY_NOISY
    noisy = very_noisy or stats.noise > NOISY or stats.speckle > SPECKLED
    grey = full or noisy or stats.background < GREY_PAPER or stats.unevenness > UNEVEN
    out = gray
    if noisy:
        # Median filtering removes speckle and grain while keeping stroke edges; heavy fax
        # noise needs the 5x5 window (3x3 leaves enough grain for Otsu to read as ink).
        k = 5 if very_noisy else 3
        out = cv2.medianBlur(out, k)
        steps.append(f"denoise(median {k})")
    if grey:
        # Divide by the paper's own brightness so grey, stained or dark-cornered copies
        # become white paper before a global threshold.
        k = _odd(dpi / 6)
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
        bg = cv2.morphologyEx(out, cv2.MORPH_CLOSE, kernel)
        bg = cv2.GaussianBlur(bg, (0, 0), k / 4)
        out = cv2.divide(out, np.maximum(bg, 1), scale=255)
        steps.append(f"normalise-background(close {k}px)")
    angle = estimate_skew(out, dpi)
    turned = 0.0
    if abs(angle) >= MIN_SKEW:
        turned = angle
        out = _rotate(out, angle)
        steps.append(f"deskew({angle:+.2f} deg)")
    if grey:
        _, out = cv2.threshold(out, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        steps.append("binarise(otsu)")
    if very_noisy:
        out = _despeckle(out, dpi)
        steps.append(f"despeckle(<= {_speck_area(dpi)}px)")
    return Preprocessed(Image.fromarray(out), tuple(steps), stats, turned)


def estimate_skew(gray: np.ndarray, dpi: int, max_angle: float = 5.0) -> float:
    """Skew in degrees (positive = text rises to the right... corrected by rotating by it).

    Projection-profile search on a downscaled binarised copy: the angle whose horizontal
    projection is sharpest (largest variance) aligns the text lines.
    """
    scale = min(1.0, 100 / max(dpi, 1))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    _, binary = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if binary.mean() < 0.5:  # (almost) nothing on the page
        return 0.0
    h, w = binary.shape
    centre = (w / 2, h / 2)

    def score(a: float) -> float:
        m = cv2.getRotationMatrix2D(centre, a, 1.0)
        rot = cv2.warpAffine(binary, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        return float(np.var(rot.sum(axis=1, dtype=np.float64)))

    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.5)
    best = max(coarse, key=score)
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.1)
    best = max(fine, key=score)
    return float(round(best, 2))


def _rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    border = int(np.median(gray[:: max(1, h // 50), :: max(1, w // 50)]))
    return cv2.warpAffine(
        gray, m, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_CONSTANT, borderValue=border
    )


def _despeckle(binary: np.ndarray, dpi: int) -> np.ndarray:
    """Remove isolated dark components too small to be glyphs or punctuation."""
    inv = 255 - binary
    n, labels, stats, _ = cv2.connectedComponentsWithStats(inv, connectivity=8)
    if n <= 1:
        return binary
    small = stats[:, cv2.CC_STAT_AREA] <= _speck_area(dpi)
    small[0] = False
    out = binary.copy()
    out[small[labels]] = 255
    return out
