"""How large a page's type is, and what that says about its resolution.

A typed page's type has a size people type in (10-12 pt) and Tesseract reads best at a size in
pixels (``GLYPH_TARGET``). From the height of the marks holding most of its ink
(``type_height``), a page that does not say its resolution gets one (``estimate_dpi``) and a
page scanned finer than OCR needs is read at as little as keeps its type that high
(``reading_dpi``). Used by ``pageimage.normalise`` and ``imaging``'s enlargement of small type.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: a text-only run never loads it
    import numpy as np

#: Paper a page can be, by long and short side in inches: the page's long side read as the
#: paper whose shape it has gives its DPI when the image does not say it.
PAPERS = (("Letter", 11.0, 8.5), ("A4", 11.69, 8.27), ("Legal", 14.0, 8.5))
#: An image is a whole page of a paper when its sides' ratio is within this of the paper's
#: (scanners crop a few millimetres, or add them): Letter 1.29, A4 1.41, Legal 1.65 apart.
PAPER_SHAPE = 0.045
#: The height of the marks holding most of the ink on a typed page, in inches, from the
#: x-height of 10-pt type (0.06) to the cap height of 12-pt (0.12) and, where letters touch
#: at low resolutions, whole words with their ascenders and descenders (0.17).
TYPE_IN = (0.05, 0.17)
TYPE_TYPICAL_IN = 0.09  # 11-pt typewriting, the middle of that range
MIN_MARKS = 30  # fewer marks than this are no evidence of the type size
TYPE_SIDE = 1650  # type is measured on a copy of the page at most this long (pixels)
#: Resolutions scanners and screens use: an estimate within ``SNAP`` of one is taken as it.
COMMON_DPI = (72, 75, 96, 100, 120, 150, 200, 240, 300, 400, 600, 1200)
SNAP = 0.05
#: A page scanned finer than this (DPI) is read at less (``reading_dpi``): on dev pages
#: (bench.sweep's FreeMono photocopy, 4 FRUS 1964-68 openings, 12-pt) scanned at 600 and 1200
#: DPI, CER against the gold read as they are 0.10 % and 0.30 %, brought down to 300 DPI 0.03
#: and 0.00 %, for 65 % and 25 % of the CPU (/tmp/pdfres, session 36).
READ_DPI = 300
#: A page is not resampled for less than this share of its resolution.
REDUCE_SLACK = 0.1
#: The height in pixels (median glyph height, as ``imaging.measure`` takes it) Tesseract reads
#: type best at: ``imaging`` enlarges smaller type to it, ``reading_dpi`` reduces no further.
GLYPH_TARGET = 24.0


def reading_dpi(dpi: float, glyphs: float | None) -> float:
    """The resolution a page scanned at ``dpi`` whose type measures ``glyphs`` pixels
    (``type_height``; None: none to measure) is read at: its own up to ``READ_DPI``; above,
    as little as keeps its type ``GLYPH_TARGET`` high (the height imaging enlarges small
    type to), but never below ``READ_DPI``. Tiny type scanned at 2400 DPI keeps what it needs;
    typewriting at 600 or 1200 is read at about 300."""
    if dpi <= READ_DPI:
        return dpi
    need = dpi * GLYPH_TARGET / glyphs if glyphs else READ_DPI
    return min(dpi, max(READ_DPI, need))


def estimate_dpi(gray: np.ndarray, default: int) -> tuple[int, str]:
    """The resolution of a page image (8-bit grey, dark text on light paper) that does not say
    its own, with what it was read from: ``(dpi, reason)``.

    A whole page (its sides in the ratio of a paper in ``PAPERS``) is that paper: its long
    side in pixels over the paper's in inches, kept when its type then measures 10-12 pt
    (``TYPE_IN``, the marks holding most of the ink) or when there is too little type to
    measure. Otherwise (a clipping, a screenshot, type of another size) ``default`` is kept
    when the type fits it, else the type alone gives the DPI (as 11-pt type). An estimate near
    a common resolution (``COMMON_DPI``) is taken as it. A 96-dpi web image of a letter page
    (815x1055 px) is 96, a 300-dpi scan (2550x3300) stays 300.
    """
    h, w = gray.shape[:2]
    long_side, short_side = max(h, w), max(1, min(h, w))
    glyphs = type_height(gray)

    def fits(dpi: float) -> bool:
        return glyphs is None or TYPE_IN[0] <= glyphs / dpi <= TYPE_IN[1]

    type_note = "no type to measure" if glyphs is None else f"type {glyphs:.0f} px"
    ratio = long_side / short_side
    shape = "not a paper's shape"
    for name, paper_long, paper_short in sorted(
        PAPERS, key=lambda p: abs(math.log(ratio * p[2] / p[1]))
    ):
        if abs(math.log(ratio * paper_short / paper_long)) > PAPER_SHAPE:
            break
        dpi = _snap(long_side / paper_long)
        if fits(dpi):
            return dpi, f"long side {long_side} px as {name} {paper_long:g} in, {type_note}"
        shape = f"{name}'s shape but not its type at {dpi}"
    if glyphs is None:
        return default, f"{shape}, {type_note}: assumed {default}"
    if fits(default):
        return default, f"{shape}, {type_note} fits {default}: assumed {default}"
    dpi = _snap(glyphs / TYPE_TYPICAL_IN)
    return dpi, f"{shape}, {type_note} read as 11-pt type"


def _snap(dpi: float) -> int:
    """``dpi`` as the common resolution within ``SNAP`` of it, else rounded."""
    near = min(COMMON_DPI, key=lambda c: abs(c - dpi))
    return near if abs(near - dpi) <= SNAP * near else max(1, round(dpi))


def type_height(gray: np.ndarray) -> float | None:
    """The height in pixels of the marks holding the median inked pixel of the page's type
    (letters, or whole words where letters touch), or None with fewer than ``MIN_MARKS``
    marks. Left out: specks (under 3 px tall), rules and bars (solid, wider than twice their
    height), blots (a 5-px erosion leaves a quarter of their ink, of type's strokes none:
    touching redaction bars, FISA release, dev) and marks taller than a twentieth of the page.
    A large page is measured on a copy at most ``TYPE_SIDE`` px long (type ~15 px), scaled back."""
    import cv2
    import numpy as np

    f = min(1.0, TYPE_SIDE / max(gray.shape))
    if f < 1.0:
        gray = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    hs, ws, areas = stats[1:, [cv2.CC_STAT_HEIGHT, cv2.CC_STAT_WIDTH, cv2.CC_STAT_AREA]].T
    core = np.bincount(labels[cv2.erode(ink, np.ones((5, 5), np.uint8)) > 0], minlength=n)[1:]
    solid = ((areas > 0.8 * hs * ws) & (ws > 2 * hs)) | (core > areas / 4)
    keep = (hs >= 3) & (hs <= max(gray.shape) / 20) & ~solid
    hs, areas = hs[keep], areas[keep]
    if len(hs) < MIN_MARKS:
        return None
    order = np.argsort(hs)
    weight = np.cumsum(areas[order])
    return float(hs[order][np.searchsorted(weight, weight[-1] / 2)]) / f
