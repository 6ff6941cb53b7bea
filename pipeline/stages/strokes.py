"""Thin, broken, faint strokes found by their direction: the ``LINES`` treatment's filter.

A faint photocopy of thin typewriting (a worn ribbon, a Courier-like face at a pixel or two)
loses pieces of every stroke: the diagonal of an N, the leg of an R, the bowl of a P break into
dashes barely darker than the grain around them. A round smoothing (a median, a Gaussian)
averages each dash with the paper on both sides of it and either keeps the grain or washes the
dash out; a person reading the page follows the stroke along its direction instead. This module
does the same: the page is smoothed by a Gaussian elongated along one direction and narrow across
it, at ``ORIENTATIONS`` directions, and every pixel keeps the darkest of them. Along a stroke the
long axis averages the grain away and bridges short breaks; across it the narrow axis keeps the
stroke's width and the counters of letters open. What is left is thresholded like a faint page
(``imaging``'s ``FAINT``: against the paper by the grain, with hysteresis).

Measured on the dev sweep (``python -m bench.sweep --split dev``'s cells read one treatment at a
time; Tesseract's WER of the reading alone, no correction): FreeMono thinned 1.5 px, 6 texts,
the round Gaussian of ``FAINT`` 12 %, this filter 8 % (along 3 px 9 %; 4 directions, 2 texts,
15 % where 8 read 11 %); paper 156 / ink 140, 3 texts, 13 % and 12 %; Liberation Mono thinned
2.5 px, 3 texts, 5 % either way (``THICKEN`` 2 %). It is not better everywhere: at paper 160 /
ink 140 (full-width strokes, 5 texts) ``FAINT`` reads 3.5 % and this 8 % (grain joined into
marks read as ``: . >``), so both are read and the score (``reading.evidence``) chooses. Cost:
about 1 CPU-second on a full 300-DPI page (8 filters of 13 x 13), on hard pages only.

Below that the page is flagged, not read (``stages.legible``). Tried for FreeMono at paper
155 / ink 145 and 150 / 142 under grain 8 (dev face and texts, 4 full pages each; Tesseract's
WER of one treatment's reading, no correction; this filter reads 95-160 %), none adopted:
non-local means (``cv2.fastNlMeansDenoising``, h 1-2 x the grain, before this filter or
instead of it) 99-170 %; a Gaussian of 1.5-3 px then a contrast stretch, or median 5 and a
Gaussian, or a bilateral filter, binarised or as grey for Tesseract's Otsu, adaptive Otsu or
Sauvola (``thresholding_method`` 0/1/2) 98-345 %, psm 6 worse; x2 upscaling before smoothing
(and reading at 600 DPI) no better. Best: this filter wider (sigma 3 x 1.2 px), marks under
40 px dropped, 56-76 % at 155 / 145 (109-136 % at 150 / 142); as grey inside the lines it
found, or those lines read one by one (psm 7), 49-59 % (2 pages). Not adopted: letters are
still misread ("Tehrab", "c" for "e") and it would lower the pages' unsure-word bound to
0.34-0.47, under ``legible.MANUAL_UNSURE`` on two of four: wrong text no longer flagged.

Tried again for the sweep's contrast cliff (issue 13), none adopted: FreeMono at paper 150 /
ink 142 under grain 8 (dev; per-pixel SNR about 1, the test cell's), the first 6 lines of 2
dev texts, Tesseract's CER of one treatment's reading (psm 3, no correction). As read now:
untouched 100 % (nothing read), ``FAINT`` 88 %, this filter 79 %. Grey for Tesseract's own
threshold and its LSTM (the filter's output stretched by the grain): 94 % at 2 x 0.8 px,
133 % at 3 x 1.2 px, 281 % enlarged x2 (the grain's maxima over 8 directions are worm-like
marks, read as letters). Binarised as here: 3 x 1.2 px 60 %, 4 x 1.2 px 58 %. A matched-filter
bank (each kernel's response over its own grain sigma, max over directions and lengths 2 /
3 / 5 px, hysteresis at 3.5 / 2, marks under 80 px dropped) 62-70 %. Non-local means
(``cv2.fastNlMeansDenoising`` on the page stretched by the grain, template 15 / search 25,
h 40) 91 %; template 21, h 30 read nothing. Each line read alone (psm 7, its rows given) as
grey (raw, Gaussian 1-2 px, this filter; x1 or x2) 204-329 %: the blank paper after a line
is read as letters. Glyph-sized non-local averaging (48 x 32 px patches matched on 24
principal components of a half-scale copy, the 12 nearest patches that do not overlap the
query averaged): 69-73 % binarised, 92-95 % grey, 60-160 CPU-seconds for 6 lines, and it
draws letter fragments onto blank paper (grain matched to letter patches): a hazard, not a
reading. Blanking the paper outside text regions (a 41-px box mean darker than the page's
90th percentile by 3 grains over 41, regions under 41 x 41 px dropped, grown 15 px): this
filter 83 %, the matched-filter bank 63 %, 3 x 1.2 px 64 %: the background's worms go, the
letters' shapes stay wrong. What fails is the letters, not the page around them: no local or
patch filter here brings SNR 1 strokes to shapes Tesseract reads. (That blanking does help
this filter where strokes are readable: 4 dev texts x 6 lines, paper 156 / ink 140 2.4 ->
1.5 % CER, 160 / 140 2.1 -> 1.1 %; ``FAINT`` 3.7 -> 3.5 % and 0.7 -> 0.8 %. Not yet measured
in the pipeline nor on short marks far from text; not adopted.)
"""

from __future__ import annotations

import functools
import logging

import cv2
import numpy as np

log = logging.getLogger(__name__)

cv2.setNumThreads(1)  # one page per core, as in ``imaging``

#: Directions the elongated smoothing is taken in (evenly over 180 degrees): 8 follow the
#: diagonals of typewriter faces (4 lose them: see the module docstring).
ORIENTATIONS = 8
#: The smoothing's sigma along a stroke and across it, in pixels at 300 DPI: along, about the
#: breaks of a worn stroke (and less than the gap between two letters, ~6 px at 10 pitch);
#: across, under a hairline's width, so the stroke is not spread into the counters.
ALONG = 2.0
ACROSS = 0.8


def line_darkness(gray: np.ndarray, dpi: int) -> np.ndarray:
    """The page smoothed along its strokes: for every pixel of an 8-bit grey page (2-D
    ``uint8``, ``dpi`` its resolution), the darkest of its ``ORIENTATIONS`` elongated Gaussian
    smoothings (sigma ``ALONG`` by ``ACROSS`` pixels at 300 DPI, scaled to ``dpi``). Returns
    float32 grey levels (0 black, 255 white) of the page's shape; a page of one level comes
    back unchanged."""
    page = gray.astype(np.float32)
    out: np.ndarray | None = None
    for kernel in _kernels(dpi):
        smooth = cv2.filter2D(page, -1, kernel, borderType=cv2.BORDER_REPLICATE)
        out = smooth if out is None else np.minimum(out, smooth, out=out)
    assert out is not None
    return out


@functools.cache
def _kernels(dpi: int) -> tuple[np.ndarray, ...]:
    """The elongated Gaussians, one per direction (float32, each summing to 1), at ``dpi``."""
    along, across = ALONG * dpi / 300, ACROSS * dpi / 300
    r = max(1, int(np.ceil(3 * along)))
    yy, xx = np.mgrid[-r : r + 1, -r : r + 1].astype(np.float32)
    kernels = []
    for i in range(ORIENTATIONS):
        theta = np.pi * i / ORIENTATIONS
        u = xx * np.cos(theta) + yy * np.sin(theta)
        v = -xx * np.sin(theta) + yy * np.cos(theta)
        k = np.exp(-0.5 * ((u / along) ** 2 + (v / across) ** 2)).astype(np.float32)
        kernels.append(k / k.sum())
    return tuple(kernels)
