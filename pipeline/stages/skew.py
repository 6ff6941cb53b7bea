"""How far a page is turned, and turning it back: deskew that is checked, not trusted.

Split from ``stages.imaging`` (the clean-up), which calls ``deskew`` on each prepared page. The
skew is found by projection profiles (``skew_evidence``), coarse to fine; the page is turned
only when the best angle's profile is clearly sharper than the upright one's
(``MIN_SKEW_GAIN``): a flat search (no real lines, a spurious fraction of a degree) leaves the
page alone and says so. Most pages need nothing: one plainly upright on the 50-DPI copy the
measurements already made (``looks_upright``) is spared the search (issue 13: the OCR stage's
CPU per page at or below plain Tesseract's).
"""

from __future__ import annotations

import logging

import cv2
import numpy as np

from pipeline.stages.pagememo import area_copy, per_pixels

log = logging.getLogger(__name__)

MIN_SKEW = 0.3  # degrees; smaller skews cost Tesseract nothing
#: The best angle's profile variance over the upright page's: below this the "skew" is a
#: flat search, not lines (a spurious -0.3 deg turn once cost a page four body lines).
MIN_SKEW_GAIN = 1.15
#: How far the deskew looks (degrees either way). A sheet fed crooked through a copier or laid
#: by hand on a flatbed is off by up to ~15-20 degrees and still easy to read for a person;
#: 30 leaves room beyond that while staying far from the 90-degree turns that orientation
#: detection (OSD) handles. Wider than ``NARROW_SKEW`` is searched only when needed.
MAX_SKEW = 30.0
NARROW_SKEW = 5.0  # the first, cheap search; most scans are within a few degrees
#: The narrow search found a peak when its best score is this much over its median; below,
#: the page's lines are turned further than it looked (or there are no lines) and the whole
#: range is searched.
NARROW_PEAK = 1.3

COARSE_DPI = 50  # whole-degree steps on a copy at this resolution
FINE_DPI = 100  # then quarter and tenth degrees at this one
#: The deskew search is spared a page that is plainly upright on its 50-DPI copy (the one the
#: measurements made, ``pagememo.area_copy``; ``looks_upright``): the upright profile at least
#: ``UPRIGHT_PEAK`` times as sharp as at ``UPRIGHT_NEAR`` degrees either way, the peak those
#: three angles place (a parabola through them) within ``UPRIGHT_VERTEX`` degrees of upright,
#: and ``UPRIGHT_PEAK`` times as sharp as at every other whole degree of the narrow search
#: (``NARROW_SKEW``), ``NARROW_PEAK`` over their median (a rule or a scanner's edge drawn
#: straight on a page whose lines are turned further is not taken for upright lines; nor is
#: shading or a dark edge on uneven paper, ``imaging.UNEVEN``: not asked). Dev pages of
#: ``make bench`` (``bench.ocr_tiers readings``' renders), the copy's profile: clean tier (32 pages,
#: upright) 1.08-1.56 as sharp, peak -0.07 to +0.01 deg; medium tier (skew 0.15-1 deg), pages
#: the full search turns (0.4-1 deg) 0.63-0.92, never sharpest upright; its pages left
#: upright (under ``MIN_SKEW``) 0.99-1.08, peak -0.28 to +0.18 deg. A page that passes is
#: left as the full search would leave it (``MIN_SKEW``: no step recorded) for ~1 ms instead
#: of ~13 ms; any other page is searched as before.
UPRIGHT_PEAK = 1.05
UPRIGHT_NEAR = 0.5
UPRIGHT_VERTEX = 0.1


def looks_upright(gray: np.ndarray, dpi: int) -> bool:
    """Whether a page (8-bit grey, ``dpi``) is plainly upright on its 50-DPI copy
    (``pagememo.area_copy``, shared with the measurements and picture search), once a page
    (``pagememo.per_pixels``): its text lines' projection profile sharpest upright by
    ``UPRIGHT_PEAK`` against ``UPRIGHT_NEAR`` degrees either way, the peak there within
    ``UPRIGHT_VERTEX`` degrees, and no whole degree of the narrow search sharper. False for a
    page with (almost) nothing on it and whenever in doubt: then the full search
    (``skew_evidence``) decides. Asked only of a page on flat paper (``imaging.preprocess``:
    shading or a copier's dark edge straight across a turned page is ink to Otsu on the page
    as it is, and sharpest upright: dev, hard tier, pages turned 1.4 and 2.15 deg; the full
    search reads the page with its paper levelled). ~1 ms on a 300-DPI page."""

    def make() -> bool:
        small = area_copy(gray, min(1.0, COARSE_DPI / max(dpi, 1)))
        _, binary = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
        if binary.mean() < 0.5 / 255:
            return False
        profiles = _Profiles(binary, NARROW_SKEW)
        upright = profiles.score(0.0)
        left, right = profiles.score(-UPRIGHT_NEAR), profiles.score(UPRIGHT_NEAR)
        if upright <= 0 or upright < UPRIGHT_PEAK * max(left, right):
            return False
        # The parabola through the three scores has its top this far from upright (degrees);
        # its curvature is negative, upright being the sharpest of the three.
        vertex = 0.5 * UPRIGHT_NEAR * (left - right) / (left - 2 * upright + right)
        if abs(vertex) > UPRIGHT_VERTEX:
            return False
        # Whole degrees, as the full search's first step scores them: upright the sharpest
        # by as much again, and a peak (``NARROW_PEAK``) over their median.
        whole = np.arange(-NARROW_SKEW, NARROW_SKEW + 1e-9, 1.0)
        turned = max(profiles.score(a) for a in whole if a)
        median = float(np.median([profiles.score(a) for a in whole]))
        return upright >= UPRIGHT_PEAK * turned and upright >= NARROW_PEAK * median

    return per_pixels(gray, ("looks_upright", dpi), make)


def deskew(gray: np.ndarray, dpi: int, steps: list[str]) -> tuple[np.ndarray, float]:
    """Turn the page by its skew when the evidence is clear; record either way."""
    angle, gain = skew_evidence(gray, dpi, least=MIN_SKEW)
    if abs(angle) < MIN_SKEW:
        return gray, 0.0
    if gain < MIN_SKEW_GAIN:
        steps.append(f"deskew-skipped({angle:+.2f} deg: profile gain {gain:.2f})")
        return gray, 0.0
    steps.append(f"deskew({angle:+.2f} deg, profile gain {gain:.2f})")
    return _rotate(gray, angle), angle


def estimate_skew(gray: np.ndarray, dpi: int, max_angle: float = MAX_SKEW) -> float:
    """Skew in degrees (the page is corrected by rotating it by this angle); see
    ``skew_evidence`` for how sure it is."""
    return skew_evidence(gray, dpi, max_angle)[0]


def skew_evidence(
    gray: np.ndarray, dpi: int, max_angle: float = MAX_SKEW, *, least: float = 0.0
) -> tuple[float, float]:
    """The skew angle in degrees (within ±``max_angle``) and its gain: the best angle's
    projection variance over the upright page's (1.0 = no better than not turning).
    ``least``: a smaller angle is of no use to the caller (``deskew``: ``MIN_SKEW``), so a
    search that can no longer end there stops and says (0.0, 1.0) (an upright page is spared
    the tenth-degree step, ~4 ms).

    Projection-profile search, coarse to fine: the angle whose horizontal projection is
    sharpest (largest variance) aligns the text lines. Whole degrees on a binarised copy at
    ``COARSE_DPI``, first within ±``NARROW_SKEW``; only when that search ends at its edge or
    finds no peak (the lines are turned further) over the whole ±``max_angle``. Then quarter
    and tenth degrees around the best on a copy at ``FINE_DPI``. An upright or slightly
    turned page pays for the narrow search only (a few milliseconds).
    """
    binary = _binarised(gray, dpi, FINE_DPI)
    if binary.mean() < 0.5 / 255:  # (almost) nothing on the page
        return 0.0, 1.0
    fine = _Profiles(binary, max_angle)
    coarse = fine.smaller() if min(dpi, FINE_DPI) >= 2 * COARSE_DPI else fine
    narrow = min(NARROW_SKEW, max_angle)
    angles = np.arange(-narrow, narrow + 1e-9, 1.0)
    scores = np.array([coarse.score(a) for a in angles])
    k = int(scores.argmax())
    at_edge = k in (0, len(angles) - 1)
    flat = scores[k] < NARROW_PEAK * float(np.median(scores))
    if max_angle > narrow and (at_edge or flat):
        wide = np.concatenate(
            (np.arange(-max_angle, -narrow - 0.5, 1.0), np.arange(narrow + 1, max_angle + 1e-9))
        )
        angles = np.concatenate((angles, wide))
        scores = np.concatenate((scores, [coarse.score(a) for a in wide]))
    best = float(angles[int(scores.argmax())])
    for step, reach, left in ((0.25, 0.5, 0.7), (0.1, 0.2, 0.2)):
        if abs(best) + left < least:  # this step and the next move it by ``left`` at most
            return 0.0, 1.0
        around = np.round(np.arange(best - reach, best + reach + 1e-9, step), 2)
        around = around[np.abs(around) <= max_angle + 0.5]
        best = float(max(around, key=fine.score))
    base = fine.score(0.0)
    gain = fine.score(best) / base if base > 0 else 1.0
    return float(round(best, 2)), gain


class _Profiles:
    """Horizontal projection profiles of a binarised page image (ink 1, paper 0).

    The profile of the page turned by an angle is, up to a stretch of 1/cos(angle), the profile
    of the page sheared by it (each column shifted up or down): one affine warp of a small
    8-bit image, no rotation. ``score`` is the profile's variance over a fixed length with the
    stretch taken out, so every angle compares fairly with every other.
    """

    def __init__(self, binary: np.ndarray, max_angle: float) -> None:
        self.binary = binary
        self.length = binary.shape[0] + 2 * self._pad(max_angle)
        self.mean = float(binary.sum()) / self.length
        self._scores: dict[float, float] = {}

    def _pad(self, angle: float) -> int:
        return int(np.ceil(self.binary.shape[1] / 2 * abs(np.tan(np.radians(angle))))) + 1

    def smaller(self) -> _Profiles:
        """The same page at half the resolution (a pixel is inked if any of its four was)."""
        h, w = self.binary.shape
        b = self.binary[: h // 2 * 2, : w // 2 * 2]
        half = b[0::2, 0::2] | b[1::2, 0::2] | b[0::2, 1::2] | b[1::2, 1::2]
        return _Profiles(half, 0.0)

    def score(self, angle: float) -> float:
        """The profile's sharpness at ``angle`` degrees (remembered: each angle costs once)."""
        angle = round(float(angle), 2)
        if angle not in self._scores:
            self._scores[angle] = self._score(angle)
        return self._scores[angle]

    def _score(self, angle: float) -> float:
        h, w = self.binary.shape
        pad = self._pad(angle)
        t = float(np.tan(np.radians(angle)))
        shear = np.float32([[1, 0, 0], [-t, 1, t * w / 2 + pad]])
        out = cv2.warpAffine(self.binary, shear, (w, h + 2 * pad), flags=cv2.INTER_NEAREST)
        profile = cv2.reduce(out, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32F).ravel()
        n = max(self.length, h + 2 * pad)
        stretch = float(np.cos(np.radians(angle)))
        return float(np.dot(profile, profile)) / n / stretch - (self.mean * self.length / n) ** 2


def _binarised(gray: np.ndarray, dpi: int, target: int) -> np.ndarray:
    """A copy of the page at ``target`` DPI (or its own, if lower), ink 1 and paper 0 (Otsu)."""
    scale = min(1.0, target / max(dpi, 1))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    _, binary = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return binary


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """``gray`` (a page's grey pixels) turned ``angle`` degrees about its middle, as deskewing
    turns it (the same size; corners the paper's level): what ``preprocess`` did to a page,
    done to its grey pixels (``stages.ocr``: the codes beside a redaction box read from them)."""
    return _rotate(gray, angle)


def _rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    border = int(np.median(gray[:: max(1, h // 50), :: max(1, w // 50)]))
    return cv2.warpAffine(
        gray, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=border
    )
