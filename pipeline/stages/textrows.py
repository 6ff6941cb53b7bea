"""Rows of text on a page, found without deciding which pixels are ink.

Faint thin typing (FreeMono at paper 155 / ink 145 under grain of sigma 8-10, which a person
still reads) has hardly a pixel past any per-pixel ink cut: the first reading finds nothing,
the ink test (``reading.ink_shares``) finds nothing, and the page would end "no text found".
Its lines still darken the page a little, row after row, at one line pitch, across the page.
``text_rows`` measures that rhythm: the page averaged to ``ROWS_DPI`` (the grain averages
away), each ``STRIP_IN``-inch column strip averaged along its rows into a profile, the
profile's slow drift (shading, a fold's gradient) taken off, and the autocorrelation of all
strips' profiles at line pitches of ``MIN_PITCH_IN`` to ``MAX_PITCH_IN`` inches. Text lines
give a peak at their pitch after a dip (dark row, light gap, dark row); grain gives none;
a punched hole, a dark scanner edge or a fold is one blob, not a rhythm: its autocorrelation
only falls from lag zero (clipped at ``CLIP_SIGMAS`` so no blob outweighs faint rows). The
OCR stage asks only about pages that read as no or almost no words: such a page that shows
rows is tried harder and, when nothing reads, flagged for manual transcription.

Show-through of a page's back (mirrored rows of its typing, blurred by the paper) is rows
too: from 2-3 grey levels deep under grain 8 it shows the rhythm as faint typing does (dev:
1 level 0.09, 2 levels 0.17-0.21, 3 levels 0.27-0.34). Decided: such a page, where no reading
finds text, is flagged, its reason saying the rows may be the back's typing showing through;
a person dismisses it in a glance, where "no text found" on a faint typed page would lose
the page unseen.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.stages.pagememo import area_copy, per_pixels

log = logging.getLogger(__name__)

#: The rhythm is measured on a copy at this resolution: a 12-pt line pitch is 8 pixels, and
#: each pixel averages 36 of a 300-DPI page (its grain a sixth as strong).
ROWS_DPI = 50
#: Each column strip this many inches wide gives one row profile.
STRIP_IN = 1.0
#: A profile's drift over this many inches (shading, a fold, an edge's gradient) is taken off.
DETREND_IN = 1.0
#: Levels further than this many grain sigmas (of the small copy) from the paper are clipped:
#: a hole or an edge counts no more than a faint row.
CLIP_SIGMAS = 4.0
#: The rhythm is measured in bands of rows this many inches tall (overlapping by half), and
#: the strongest band is the page's: a short memo's few faint lines are not drowned by the
#: blank paper below them.
BAND_IN = 2.0
#: Line pitches looked for (inches): 10 lines an inch to double spacing at 2 an inch.
MIN_PITCH_IN = 0.1
MAX_PITCH_IN = 0.5
#: A page shows text rows when the strips' autocorrelation at its best pitch, in its best
#: band, is at least this (or ``NOISE_BOUND`` over the square root of the band's rows times
#: strips, where the grain's own autocorrelation spreads wider), rises by ``MIN_RISE`` from its
#: dip at a shorter lag, and reaches ``STRIP_R`` in at least ``MIN_STRIPS`` strips on their
#: own. Dev: the dev sweep's FreeMono at paper 155 / ink 145, 150 / 142 (grain 8-10) and
#: FreeMono thinned 1.5 px at 156 / 140, 3 dev texts, as rendered, at the top of a letter page
#: and as 4 x 2 inch crops: 0.28-0.68, 4-7 strips (2.3 x 1.5 inch crops: 0.49-0.64, 2 strips;
#: the thinned face there 0.24-0.29 in one strip, missed); blank paper at 150, 200 and 235
#: under grain 3-30, letter pages and crops: at most 0.13 (bound 0.18 and up); punched holes,
#: a dark edge, a fold (and all three): a falling autocorrelation (strength 0), no strip.
MIN_R = 0.12
NOISE_BOUND = 5.0
MIN_RISE = 0.2
STRIP_R = 0.2
MIN_STRIPS = 2


@dataclass(frozen=True)
class TextRows:
    """The row rhythm of a page's most rhythmic band of rows: its strength (autocorrelation
    at the pitch, 0-1), the line pitch in inches and how many column strips show it on their
    own."""

    strength: float
    pitch_in: float
    strips: int
    #: Rows times strips of the band measured (``BAND_IN``): the grain's own autocorrelation
    #: spreads as one over its square root.
    cells: int = 0

    def describe(self) -> str:
        """The evidence in words, for a page's reason."""
        return (
            f"rows of text at {1 / self.pitch_in:.1f} lines an inch across {self.strips} "
            f"inch-wide strips (rhythm {self.strength:.2f})"
        )


def row_rhythm(gray: np.ndarray, dpi: int) -> TextRows | None:
    """The row rhythm of a grey page (8-bit, dark on light, ``dpi`` its resolution): the
    strongest line pitch between ``MIN_PITCH_IN`` and ``MAX_PITCH_IN`` inches in its most
    rhythmic band of rows (``BAND_IN``), or None when the page is too short to hold three rows
    at the shortest pitch. A few milliseconds for a
    300-DPI letter page (half of it the averaging to ``ROWS_DPI``, shared with ``pictures``)."""
    f = min(1.0, ROWS_DPI / max(dpi, 1))
    # The page at 50 DPI is made once a page (``pagememo.area_copy``): pictures and the
    # clean-up's measurements look at it too.
    small = area_copy(gray, f).astype(np.float32)
    d = dpi * f
    sample = small[::2, ::2]
    # The grain left on the small copy: neighbouring pixels' differences (a row of text
    # changes slowly along itself), robustly.
    diff = sample[:, 1:] - sample[:, :-1]
    grain = max(0.25, 1.4826 * float(np.median(np.abs(diff))) / np.sqrt(2))
    dev = np.clip(small - float(np.median(sample)), -CLIP_SIGMAS * grain, CLIP_SIGMAS * grain)
    width = max(2, round(STRIP_IN * d))
    strips = max(1, dev.shape[1] // width)
    used = dev[:, : strips * width] if dev.shape[1] >= width else dev
    profile = used.reshape(dev.shape[0], strips, -1).mean(axis=2)
    k = int(DETREND_IN * d) | 1
    rows = profile - cv2.blur(profile, (1, k), borderType=cv2.BORDER_REFLECT)
    lo = max(2, round(MIN_PITCH_IN * d))
    band = max(3 * lo, round(BAND_IN * d))
    hi = min(round(MAX_PITCH_IN * d), min(band, rows.shape[0]) // 3)
    if hi < lo:
        return None
    step = max(1, band // 2)
    bands = [
        _rhythm(rows[top : top + band], lo, hi, d)
        for top in range(0, max(1, rows.shape[0] - band + step), step)
        if top == 0 or rows.shape[0] - top >= 3 * hi
    ]
    # The band that stands out most from its own grain (a short band's spreads wider).
    return max(bands, key=lambda b: (b.strips >= MIN_STRIPS, b.strength - _bound(b.cells)))


def _bound(cells: int) -> float:
    """The least strength that is a rhythm in a band of ``cells`` rows times strips."""
    return max(MIN_R, NOISE_BOUND / float(np.sqrt(max(cells, 1))))


def _rhythm(rows: np.ndarray, lo: int, hi: int, d: float) -> TextRows:
    """The rhythm of one band of row profiles (rows x strips, drift taken off) at lags
    ``lo`` to ``hi`` rows of a copy at ``d`` DPI."""
    cov = np.array([(rows[:-lag] * rows[lag:]).sum(axis=0) for lag in range(1, hi + 1)])
    var = (rows * rows).sum(axis=0)
    total = cov.sum(axis=1) / max(float(var.sum()), 1e-9)
    best = lo + int(np.argmax(total[lo - 1 : hi]))
    alone = cov[best - 1] / np.maximum(var, 1e-9)
    strength = float(total[best - 1])
    rise = strength - float(total[: best - 1].min())
    if rise < MIN_RISE:
        strength = min(strength, 0.0)  # falling from lag zero: one blob, not a rhythm
    cells = rows.shape[0] * rows.shape[1]
    return TextRows(round(strength, 3), round(best / d, 2), int((alone >= STRIP_R).sum()), cells)


def text_rows(gray: np.ndarray, dpi: int) -> TextRows | None:
    """The page's row rhythm (``row_rhythm``) when it is text rows by ``MIN_R``,
    ``NOISE_BOUND``, ``MIN_RISE`` and ``MIN_STRIPS``; None on a blank page (paper, grain, a
    hole, an edge, a fold)."""
    found = per_pixels(gray, ("row_rhythm", dpi), lambda: row_rhythm(gray, dpi))
    if found is None:
        return None
    if found.strength >= _bound(found.cells) and found.strips >= MIN_STRIPS:
        return found
    return None
