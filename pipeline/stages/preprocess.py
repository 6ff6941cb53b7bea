"""Image clean-up before OCR: rescue poor photocopies and faxes, leave good scans alone.

Each step runs only when a measurement of the page says it is needed (``auto`` mode), and every
applied step is recorded with its parameters in the page's JSON. Tesseract binarises with Otsu
internally, which is right for a clean scan and wrong for speckle and uneven backgrounds, so a
clean page goes to Tesseract nearly untouched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum

import cv2
import numpy as np
from PIL import Image

log = logging.getLogger(__name__)


class PreprocessMode(str, Enum):
    AUTO = "auto"  # measure, then apply what the page needs
    NONE = "none"  # hand the image to Tesseract as it is (grayscale only)
    FULL = "full"  # every step regardless of measurement (for comparison)


@dataclass(frozen=True)
class PageStats:
    """What the measurements saw; decides the steps and is recorded for people to check."""

    background: float  # median gray level of the page (255 = white paper)
    unevenness: float  # spread of the local background level (0 = flat)
    contrast: float  # background minus ink level
    speckle: float  # fraction of dark pixels in tiny isolated components


@dataclass(frozen=True)
class Preprocessed:
    image: Image.Image
    steps: tuple[str, ...]
    stats: PageStats


def _odd(n: float) -> int:
    n = max(3, round(n))
    return n if n % 2 else n + 1


def measure(gray: np.ndarray, dpi: int) -> PageStats:
    # Work on a small copy: these are statistics, not pixels for OCR.
    scale = min(1.0, 100 / max(dpi, 1))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    bg_map = cv2.medianBlur(small, _odd(min(small.shape) / 12))
    background = float(np.median(bg_map))
    lo, hi = np.percentile(bg_map, [5, 95])
    ink = float(np.percentile(gray[:: max(1, gray.shape[0] // 400), ::4], 1))
    # Speckle: dark specks too small to be any glyph or punctuation at this DPI.
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    areas = stats[1:, cv2.CC_STAT_AREA] if n > 1 else np.zeros(0)
    tiny = _speck_area(dpi)
    dark = float(areas.sum()) or 1.0
    speckle = float(areas[areas <= tiny].sum()) / dark
    return PageStats(
        background=background,
        unevenness=float(hi - lo),
        contrast=background - ink,
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
    noisy = full or stats.speckle > 0.05
    uneven = full or stats.unevenness > 25 or stats.background < 200 or stats.contrast < 120
    out = gray
    if noisy:
        # Median keeps strokes' edges while removing salt-and-pepper speckle.
        out = cv2.medianBlur(out, 3)
        steps.append("denoise(median 3)")
    if uneven:
        # Divide by the paper's own brightness so grey, stained or dark-cornered copies
        # become white paper with dark text before thresholding.
        k = _odd(dpi / 6)
        bg = cv2.morphologyEx(
            out, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
        )
        bg = cv2.GaussianBlur(bg, (0, 0), k / 4)
        out = cv2.divide(out, np.maximum(bg, 1), scale=255)
        steps.append(f"normalise-background(close {k}px)")
    angle = estimate_skew(out, dpi)
    if abs(angle) >= 0.3:
        out = _rotate(out, angle)
        steps.append(f"deskew({angle:+.2f} deg)")
    if noisy or uneven:
        # Local (Sauvola-like) thresholding survives what is left of gradients and stains.
        block = _odd(dpi / 10)
        out = cv2.adaptiveThreshold(
            out, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, 15
        )
        steps.append(f"binarise(adaptive {block}px)")
        out = _despeckle(out, dpi)
        steps.append(f"despeckle(<= {_speck_area(dpi)}px)")
    return Preprocessed(Image.fromarray(out), tuple(steps), stats)


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
