"""Image clean-up before OCR: rescue poor photocopies and faxes, leave good scans alone.

Each step runs only when a measurement of the page says it is needed (the ``auto`` treatment,
the cheap first pass), and every applied step is recorded with its parameters in the page's
JSON. Tesseract binarises with Otsu internally, which is right for a clean scan and wrong for
speckle and uneven backgrounds, so a clean page goes to Tesseract nearly untouched. The other
treatments (``Treatment``) are what the OCR stage tries on a page whose first reading was poor:
the page untouched, a median-5 or a Gaussian smoothing for grainy faint typewriting, the full
clean-up, for strokes barely darker than the grain around them a threshold set by the grain
measured on the page (``faint_ink``) instead of Otsu's (after a round smoothing, or, for thin
strokes broken under grain, one along each stroke's direction: ``stages.strokes``), and for
hairline strokes (measured by ``stroke_width``) every stroke widened by a pixel before
Tesseract thresholds it.

Every treatment but ``AS_IS`` ends by deskewing the page (``stages.skew``: checked, not
trusted), unless the page's 50-DPI copy shows it plainly upright.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from pipeline.core.enums import PreprocessMode, Treatment
from pipeline.stages.pageimage import as_image, grey_pixels
from pipeline.stages.pagememo import area_copy, ink_level, per_pixels
from pipeline.stages.skew import COARSE_DPI, deskew, looks_upright
from pipeline.stages.skew import rotate as rotate  # where stages.ocr turns the grey page
from pipeline.stages.strokes import ACROSS, ALONG, ORIENTATIONS, line_darkness
from pipeline.stages.typesize import GLYPH_TARGET as TYPE_GLYPH_TARGET

log = logging.getLogger(__name__)

# Pages run in parallel worker processes, one page per core, like Tesseract's one thread each:
# OpenCV's own thread pool would only add contention (and CPU seconds) on top.
cv2.setNumThreads(1)


@dataclass(frozen=True)
class PageStats:
    """What the measurements saw; decides the steps and is recorded for people to check."""

    background: float  # median gray level of the paper (255 = white)
    unevenness: float  # spread of the local paper level across the page (0 = flat)
    contrast: float  # paper minus darkest ink
    noise: float  # robust sigma of pixel noise (gray levels), from the median-filter residual
    speckle: float  # fraction of dark pixels in specks too small to be glyphs or punctuation
    glyphs: float = 0.0  # height in pixels of the marks holding most of the ink (0: none)


@dataclass(frozen=True)
class Preprocessed:
    image: Image.Image
    steps: tuple[str, ...]
    stats: PageStats
    #: Degrees the page was turned by before OCR (0.0 when it was not): word boxes are in the
    #: turned page's pixels, so whoever crops the scan turns it the same way.
    deskew: float = 0.0
    #: How much larger ``image`` is than the page (1.0: the same size): a page whose type is
    #: too small for Tesseract is enlarged, and its word boxes must be scaled back by this.
    scale: float = 1.0
    #: The resolution of ``image`` (the page's DPI times ``scale``).
    dpi: int = 0
    #: ``image``'s pixels as an array (what was made; converting back costs a copy).
    pixels: np.ndarray | None = None


# Thresholds chosen by measurement on bench.synth pages (python -m bench.ocr_tiers): a white
# page with black text is left to Tesseract; anything greyer, noisier or uneven is cleaned.
GREY_PAPER = 245  # paper darker than this: normalise the background, then Otsu
UNEVEN = 20  # paper level varies by more than this across the page
NOISY = 2.5  # noise sigma above this: median 3 before thresholding
VERY_NOISY = 15.0  # above this (fax/extreme tier): median 5 and despeckle after thresholding
SPECKLED = 0.05
#: Above this share of the dark pixels in specks (``PageStats.speckle``) a page is heavily
#: speckled: the ``auto`` treatment also removes specks after thresholding, which a median 3
#: leaves as dots that Tesseract reads as full stops ("who. will."). Dev sweep (FreeMono under
#: salt-and-pepper) measures 2 % of the pixels as 0.09, 4.5 % 0.19, 8 % 0.29, 12 % 0.38, 18 %
#: 0.48; its photocopy baseline 0.001. WER of 3 texts, auto -> auto and despeckle: 8 % 2.5 ->
#: 2.7, 12 % 7.9 -> 6.8, 18 % 9.3 -> 6.3.
SPECKS_HEAVY = 0.33
#: Type this small (median glyph height in pixels; 12-pt type at 300 DPI measures ~23) is
#: below what Tesseract reads well (a 110-DPI page: 9 px, 18 % WER; 130 DPI: 11 px, 5 %): the
#: page is enlarged so its glyphs are ``GLYPH_TARGET`` high, by at most ``MAX_UPSCALE``.
SMALL_GLYPHS = 12.0
GLYPH_TARGET = TYPE_GLYPH_TARGET  # also what a finely scanned page is read down to (typesize)
MAX_UPSCALE = 3.0
#: A page scanned below this resolution is enlarged towards ``UPSCALE_DPI`` whatever its
#: glyphs measure: at ~100 DPI the letters of typewriting touch, and the marks measured are
#: whole words, as tall as their tallest letter (Tesseract wants ~300 DPI). Measured on dev
#: gold pages (4 FRUS 1964-68 documents, medium photocopies from bench.synth), CER not
#: enlarged -> enlarged: 150 DPI 21.0 % -> 0.05 %, 175 DPI 2.5 % -> 0.2 %; 200 DPI reads
#: 1.0 % as it is (0.6 % enlarged, for 2.25 times Tesseract's pixels).
LOW_DPI = 200
UPSCALE_DPI = 300
#: The ``FAINT`` treatment: the page smoothed by a Gaussian about a stroke wide (this many
#: pixels at 300 DPI), and a pixel is ink where it is darker than the paper around it by
#: ``FAINT_SIGMAS`` times the grain left after smoothing (its robust sigma). Measured on the
#: dev sweep's faint cell (FreeMono, paper 160 / ink 140 under grain sigma 8; 2 texts, the
#: treatment alone): Otsu (the ``auto`` and ``clean`` treatments, and Tesseract's own) reads
#: nothing; sigma 2 with 3 sigmas reads 2.6 % WER, sigma 1.5 3.0 %, 4 sigmas 16.6 % (strokes
#: lost), 2.5 sigmas takes grain for ink. In the pipeline that cell reads 4.1 % (3 texts).
#: A pixel darker by ``FAINT_WEAK_SIGMAS`` grains is ink too when it touches one past
#: ``FAINT_SIGMAS`` (hysteresis: a stroke's faint ends stay joined to it, lone grain past the
#: weak cut does not). Dev sweep, FreeMono at paper 156 / ink 140, 2 texts, the treatment
#: alone: one cut at 3 sigmas 26 / 32 % WER (broken letters: "c" for "o", "i" for "l");
#: 2 and 3.5 sigmas 10 / 9 %, 1.5 and 3.5 10 / 9 %, 2 and 3 12 / 13 %.
FAINT_BLUR = 2.0
FAINT_SIGMAS = 3.5
FAINT_WEAK_SIGMAS = 2.0
#: Strokes thinner than this (pixels at 300 DPI; ``stroke_width``) are hairlines: the page's
#: Otsu threshold breaks letters apart ("1+" for "14") while Tesseract is still fairly sure of
#: them. Dev sweep measures Liberation Mono thinned 2.5 px at 2.2, FreeMono 2.2, FreeMono Bold
#: 4.4; the ``THICKEN`` treatment is read first on such a page once it is found hard.
THIN_STROKE = 2.6
#: ``THICKEN``: a Gaussian of this many pixels (at 300 DPI) over the grain, then a grey
#: minimum filter ``THICKEN_MIN`` pixels wide (every dark stroke a pixel wider). Dev sweep,
#: Liberation Mono thinned 2.5 px, 3 texts, on the grey page (Tesseract thresholding): as it
#: is 45 / 41 / 56 % WER, median 5 7 / 9 / 4 %, min 3 5 / 2 / 0 %, Gaussian 1 and min 2
#: 1.5 / 0.8 / 0 %; FreeMono thinned 1.5 px: median 5 46 %, min 3 19 %, Gaussian 1 and min 2
#: 15 %. Bold and plain faces read the same either way.
THICKEN_BLUR = 1.0
THICKEN_MIN = 2
#: The paper level under the ink is a median over this many inches (letters are smaller).
PAPER_WINDOW_IN = 0.18


def _odd(n: float) -> int:
    n = max(3, round(n))
    return n if n % 2 else n + 1


def measure(gray: np.ndarray, dpi: int) -> PageStats:
    """What the clean-up decides on (``PageStats``), measured once per page: every reading of
    the same pixels takes the first one's (``pageimage.per_pixels``)."""
    return per_pixels(gray, ("measure", dpi), lambda: _measure(gray, dpi))


def _measure(gray: np.ndarray, dpi: int) -> PageStats:
    # Statistics come from a downscaled copy and a pixel sample: cheap on a 300-DPI page.
    # The paper's level at 50 DPI: a median over a twelfth of the page sees paper, not ink
    # (the copy and the ink's level are picture search's own: made once a page).
    small = area_copy(gray, min(1.0, 50 / max(dpi, 1)))
    bg_map = cv2.medianBlur(small, _odd(min(small.shape) / 12))
    background = float(np.median(bg_map))
    lo, hi = np.percentile(bg_map, [5, 95])
    ink = ink_level(gray)
    # Noise and speckle at full resolution, on the middle of the page (a quarter of it): the
    # grain of a copy is the same all over, and this is most of the cost of measuring.
    h, w = gray.shape
    mid = gray[h // 4 : h - h // 4, w // 4 : w - w // 4] if min(h, w) >= 200 else gray
    residual = cv2.absdiff(mid, cv2.medianBlur(mid, 3))
    noise = 1.4826 * _median_u8(residual)
    _, binary = cv2.threshold(mid, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, _, stats, _ = components(binary)
    areas = stats[1:, cv2.CC_STAT_AREA] if n > 1 else np.zeros(0)
    dark = float(areas.sum()) or 1.0
    speck = areas <= _speck_area(dpi)
    speckle = float(areas[speck].sum()) / dark
    # The height of the mark holding the median inked pixel: letters, not the grain between.
    heights = stats[1:, cv2.CC_STAT_HEIGHT][~speck] if n > 1 else np.zeros(0)
    order = np.argsort(heights)
    weight = np.cumsum(areas[~speck][order]) if len(heights) else np.zeros(0)
    glyphs = float(heights[order][np.searchsorted(weight, weight[-1] / 2)]) if len(weight) else 0.0
    return PageStats(
        background=background,
        unevenness=float(hi - lo),
        contrast=background - ink,
        noise=noise,
        speckle=speckle,
        glyphs=glyphs,
    )


def components(binary: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """``cv2.connectedComponentsWithStats`` (8-connected) of a 0/non-0 8-bit image, with
    16-bit labels where they suffice: the same count, stats and centroids (labels as
    ``uint16``) for a third of the memory traffic (~10 ms less on a quarter of a 300-DPI
    page). A page of more than 65,535 marks gets 32-bit labels: OpenCV refuses the overflow
    (``_overflow_refused``); where it would not, 32-bit labels are always used."""
    if _overflow_refused():
        try:
            return cv2.connectedComponentsWithStats(binary, connectivity=8, ltype=cv2.CV_16U)
        except cv2.error:
            pass
    return cv2.connectedComponentsWithStats(binary, connectivity=8)


@functools.cache
def _overflow_refused() -> bool:
    """Whether this OpenCV raises when 16-bit labels overflow (tried once, on 65,536 isolated
    pixels) rather than wrapping them round."""
    dots = np.zeros((512, 512), np.uint8)
    dots[::2, ::2] = 1
    try:
        cv2.connectedComponentsWithStats(dots, connectivity=8, ltype=cv2.CV_16U)
    except cv2.error:
        return True
    return False


def _median_u8(values: np.ndarray) -> float:
    """The median of 8-bit values by their histogram (a sort of megapixels costs more)."""
    counts = cv2.calcHist([values], [0], None, [256], [0, 256]).ravel()
    half = counts.sum() / 2
    return float(np.searchsorted(np.cumsum(counts), half)) if half else 0.0


def _speck_area(dpi: int) -> int:
    # A full stop in 10-12 pt type at 300 DPI covers ~25-40 px; specks below ~8 px are noise.
    return max(2, int(8 * (dpi / 300) ** 2))


def preprocess(
    image: Image.Image,
    *,
    dpi: int,
    mode: PreprocessMode = PreprocessMode.AUTO,
    treatment: Treatment | None = None,
) -> Preprocessed:
    """Clean one grey page for OCR. ``treatment`` (default: ``mode``'s) says how: ``AUTO``
    measures and applies what the page needs, ``AS_IS`` nothing, ``SMOOTH`` a median-5 on the
    grey page, ``CLEAN`` every step. Every treatment but ``AS_IS`` first enlarges a page whose
    type is too small for Tesseract (``SMALL_GLYPHS``) or that was scanned below ``LOW_DPI``
    (``Preprocessed.scale`` says by how much). Returns the image, the steps applied and the
    measurements.
    """
    gray = grey_pixels(image)  # the loaded page's own array where it is one (no copy)
    steps = ["grayscale"]
    stats = measure(gray, dpi)
    page = gray  # its 50-DPI copy says whether it is plainly upright (``looks_upright``)
    if treatment is None:
        treatment = {
            PreprocessMode.NONE: Treatment.AS_IS,
            PreprocessMode.FULL: Treatment.CLEAN,
        }.get(mode, Treatment.AUTO)
    if treatment is Treatment.AS_IS:
        return Preprocessed(as_image(gray), tuple(steps), stats, dpi=dpi, pixels=gray)
    scale = 1.0
    if 0 < stats.glyphs < SMALL_GLYPHS:
        scale = min(MAX_UPSCALE, GLYPH_TARGET / stats.glyphs)
    if dpi < LOW_DPI:
        scale = max(scale, min(MAX_UPSCALE, UPSCALE_DPI / dpi))
    if scale > 1.0:
        scale = round(scale, 2)
        size = (round(gray.shape[1] * scale), round(gray.shape[0] * scale))
        gray = cv2.resize(gray, size, interpolation=cv2.INTER_CUBIC)
        dpi = round(dpi * scale)
        steps.append(f"upscale(x{scale:g} to {dpi} dpi: glyphs {stats.glyphs:.0f}px high)")

    def done(out: np.ndarray, turned: float) -> Preprocessed:
        return Preprocessed(as_image(out), tuple(steps), stats, turned, scale, dpi, out)

    def straightened(out: np.ndarray) -> tuple[np.ndarray, float]:
        # Every treatment keeps the page's geometry (an enlarged page aside): its skew is the
        # page's, told once from the page's own 50-DPI copy where it is plainly upright (on
        # flat paper: ``skew.looks_upright``).
        if scale == 1.0 and stats.unevenness <= UNEVEN and looks_upright(page, dpi):
            return out, 0.0
        return deskew(out, dpi, steps)

    if treatment is Treatment.SMOOTH:
        k = _odd(5 * dpi / 300) if dpi > 360 else 5
        out = cv2.medianBlur(gray, k)
        steps.append(f"denoise(median {k})")
        return done(*straightened(out))
    if treatment is Treatment.FAINT:
        sigma = round(FAINT_BLUR * dpi / 300, 2)
        smooth = cv2.GaussianBlur(gray.astype(np.float32), (0, 0), sigma)
        out, cut, grain = _faint_binarise(smooth, dpi)
        steps += [f"denoise(gaussian {sigma:g}px)", _faint_step(cut, grain)]
        return done(*straightened(out))
    if treatment is Treatment.LINES:
        out, cut, grain = _faint_binarise(line_darkness(gray, dpi), dpi)
        steps.append(
            f"smooth-along-strokes({ORIENTATIONS} directions, gaussian {ALONG:g} x {ACROSS:g}px "
            "at 300 dpi)"
        )
        steps.append(_faint_step(cut, grain))
        return done(*straightened(out))
    if treatment is Treatment.THICKEN:
        sigma = round(THICKEN_BLUR * dpi / 300, 2)
        k = max(2, round(THICKEN_MIN * dpi / 300))
        out = cv2.erode(cv2.GaussianBlur(gray, (0, 0), sigma), np.ones((k, k), np.uint8))
        steps.append(f"thicken(gaussian {sigma:g}px, minimum {k}px)")
        return done(*straightened(out))
    if treatment is Treatment.BLUR:
        # Grain finer than a stroke averages out under a Gaussian about a stroke wide (2 px at
        # 300 DPI), where a median keeps the grain's larger clumps; Tesseract thresholds after.
        sigma = round(2.0 * dpi / 300, 2)
        out = cv2.GaussianBlur(gray, (0, 0), sigma)
        steps.append(f"denoise(gaussian {sigma:g}px)")
        return done(*straightened(out))
    full = treatment is Treatment.CLEAN
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
        out = cv2.divide(out, np.maximum(_paper(out, k), 1), scale=255)
        steps.append(f"normalise-background(close {k}px)")
    out, turned = straightened(out)
    if grey:
        _, out = cv2.threshold(out, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        steps.append("binarise(otsu)")
    if very_noisy or (grey and stats.speckle > SPECKS_HEAVY):
        out = _despeckle(out, dpi)
        steps.append(f"despeckle(<= {_speck_area(dpi)}px)")
    return done(out, turned)


def paper_level(gray: np.ndarray, dpi: int) -> np.ndarray:
    """The paper's grey level under every pixel (float32, the page's shape): a median over
    ``PAPER_WINDOW_IN`` inches on a copy at ``COARSE_DPI``, scaled back up. Unlike a closing
    (``_paper``, the brightest level around) it is not lifted by the grain, so faint ink is
    measured against the paper's true level."""
    h, w = gray.shape
    f = min(1.0, COARSE_DPI / max(dpi, 1))
    small = cv2.resize(
        gray, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA
    )
    k = _odd(PAPER_WINDOW_IN * dpi * f)
    k = min(k, _odd(min(small.shape) - 2)) if min(small.shape) > 4 else 1
    level = cv2.medianBlur(small, k) if k >= 3 else small
    return cv2.resize(level, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)


def faint_ink(smooth: np.ndarray, dpi: int) -> tuple[np.ndarray, float, float]:
    """How much darker than its paper each pixel of a smoothed grey page (8-bit or float
    levels) is (float32 grey levels), with the cut above which it is ink (``FAINT_SIGMAS``
    times the grain) and the grain: the robust sigma (1.4826 x the median absolute deviation)
    of that darkness, which the paper, most of any page, decides."""
    levels = smooth if smooth.dtype == np.uint8 else np.clip(smooth + 0.5, 0, 255).astype(np.uint8)
    dark = paper_level(levels, dpi) - smooth.astype(np.float32)
    sample = dark[:: max(1, dark.shape[0] // 300), :: max(1, dark.shape[1] // 300)]
    mid = float(np.median(sample))
    grain = max(0.5, 1.4826 * float(np.median(np.abs(sample - mid))))
    return dark, mid + FAINT_SIGMAS * grain, grain


def _faint_binarise(smooth: np.ndarray, dpi: int) -> tuple[np.ndarray, float, float]:
    """A smoothed grey page thresholded by ``faint_ink`` with hysteresis: ink (0) where darker
    than the cut, and where darker than the weak cut (``FAINT_WEAK_SIGMAS``) in a mark that
    holds such a pixel; paper 255. Returns the image, the cut and the grain."""
    dark, cut, grain = faint_ink(smooth, dpi)
    weak = (dark > cut - (FAINT_SIGMAS - FAINT_WEAK_SIGMAS) * grain).astype(np.uint8)
    n, labels, _, _ = components(weak)
    keep = np.zeros(n, bool)
    keep[np.unique(labels[dark > cut])] = True
    keep[0] = False
    return np.where(keep[labels], 0, 255).astype(np.uint8), cut, grain


def _faint_step(cut: float, grain: float) -> str:
    """The record of a ``_faint_binarise``: both cuts and the grain they came from."""
    weak = cut - (FAINT_SIGMAS - FAINT_WEAK_SIGMAS) * grain
    return (
        f"binarise(paper - {cut:.1f}, joined to paper - {weak:.1f}: {FAINT_SIGMAS:g} and "
        f"{FAINT_WEAK_SIGMAS:g} x grain {grain:.1f})"
    )


def stroke_width(gray: np.ndarray, dpi: int) -> float:
    """The mean width in pixels of the page's strokes (0.0 with no ink), measured on the
    middle quarter of the page thresholded by Otsu, specks (``_speck_area``) left out: twice
    the ink's area over its edge pixels (ink pixels with paper among their 8 neighbours; a
    stroke ``w`` wide and ``L`` long has ``w L`` pixels and ``2 L`` edge pixels). A 1- or 2-px
    stroke measures 2."""
    h, w = gray.shape
    mid = gray[h // 4 : h - h // 4, w // 4 : w - w // 4] if min(h, w) >= 200 else gray
    _, binary = cv2.threshold(mid, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, labels, stats, _ = components(binary)
    if n <= 1:
        return 0.0
    keep = stats[:, cv2.CC_STAT_AREA] > _speck_area(dpi)
    keep[0] = False
    ink = keep[labels].astype(np.uint8)
    area = int(cv2.countNonZero(ink))
    edge = area - int(cv2.countNonZero(cv2.erode(ink, np.ones((3, 3), np.uint8))))
    return 2 * area / edge if edge else 0.0


def _paper(gray: np.ndarray, k: int) -> np.ndarray:
    """The paper's brightness under the ink: a closing wider than any stroke (``k`` pixels),
    smoothed. Computed at a quarter of the resolution (the paper varies over inches, not
    pixels) and scaled back up, at a sixteenth of the cost."""
    h, w = gray.shape
    f = 4 if min(h, w) >= 16 * k // 4 + 16 else 1
    small = cv2.resize(gray, (max(1, w // f), max(1, h // f)), interpolation=cv2.INTER_AREA)
    ks = _odd(k / f)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (ks, ks))
    bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    bg = cv2.GaussianBlur(bg, (0, 0), ks / 4)
    return bg if f == 1 else cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)


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
