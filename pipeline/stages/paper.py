"""The paper's extent inside a page image: where a photo's background or a scan's dark border ends.

A phone photo of a page, a scan with a black border, a page on a larger platen or under a dark
scanner lid shows the paper inside a darker frame. The strip stage's position tests (top and
bottom bands: ``strip.evidence.positions``) are shares of the *paper's* height, not the image's:
a banner at 9 % of the paper sat at 12 % of such a photo's height and stayed in the text.

``paper_box`` finds the frame as the rows (columns) from each image edge in which paper
pixels are a minority; everything inside is the paper. A page whose paper fills the image
(every scan the project has read so far) gets None, and its bands stay shares of the image.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pipeline.core.records import BBox

#: Pixels are looked at on a copy about this many pixels on its long side (speed; a frame is
#: tens of pixels wide at 300 DPI, several at this scale).
SAMPLE_LONG = 400
#: A pixel is paper when it is at least this share of the paper's level (the image's 90th
#: percentile grey): paper at 236 and a photo's table at 80 are far apart; ink is dark but
#: sparse, so a row of text is still mostly paper.
PAPER_SHARE = 0.75
#: A row (column) is frame when fewer than this share of its pixels are paper. So paper that
#: is less than this share of the other side is no page at all (a dark photo): None.
FRAME_ROW = 0.5
#: A frame thinner than this share of the image's side is not told from the scan's own edge
#: (a dark line, a shadow): the paper is taken to fill the image there.
MIN_FRAME = 0.01


def paper_box(image: Any) -> BBox | None:
    """The paper's box in ``image``'s pixels (a PIL image or a 2-D/3-D uint8 array; word boxes
    are in the same pixels), or None when the paper fills the image (no dark frame at least
    ``MIN_FRAME`` of a side on any edge) or no row or column is mostly paper.

    >>> page = np.full((200, 100), 60, np.uint8)
    >>> page[30:180, 10:90] = 240
    >>> paper_box(page)
    BBox(left=10, top=30, width=80, height=150)
    >>> paper_box(np.full((200, 100), 240, np.uint8)) is None
    True
    """
    pixels = np.asarray(image)
    if pixels.ndim == 3:
        pixels = pixels.min(axis=2) if pixels.shape[2] >= 3 else pixels[..., 0]
    if pixels.ndim != 2 or min(pixels.shape) < 8:
        return None
    step = _step(pixels.shape)
    return _frame(pixels[::step, ::step], step, pixels.shape)


def paper_in_frame(image: Any, rotation: int, deskew: float) -> BBox | None:
    """``paper_box`` of a page image (PIL, as it came to the readings) in the frame of the
    chosen reading: turned ``rotation`` degrees clockwise (0/90/180/270), then ``deskew``
    degrees as ``skew.rotate`` turns it (its corners black). Measured on its grey pixels, not
    the reading's binarised copy (binarising may make a grey background paper or ink), and
    turned at the sampled size: a few milliseconds, not a full-page rotation."""
    import cv2

    from pipeline.stages.pageimage import grey_pixels

    grey = grey_pixels(image)
    if grey.ndim != 2 or min(grey.shape) < 8:
        return None
    step = _step(grey.shape)
    small = np.ascontiguousarray(np.rot90(grey[::step, ::step], k=-(rotation // 90) % 4))
    h, w = grey.shape if rotation in (0, 180) else grey.shape[::-1]
    if deskew:
        # Turned as deskewing turns the page, but its corners filled black, not with the
        # paper's level: those wedges are outside the photo, never paper.
        sh, sw = small.shape
        m = cv2.getRotationMatrix2D((sw / 2, sh / 2), deskew, 1.0)
        small = cv2.warpAffine(small, m, (sw, sh), flags=cv2.INTER_LINEAR, borderValue=0)
    return _frame(small, step, (h, w))


def _step(shape: tuple[int, ...]) -> int:
    return max(1, max(shape[:2]) // SAMPLE_LONG)


def _frame(small: np.ndarray, step: int, size: tuple[int, int]) -> BBox | None:
    """The paper's box in full pixels (``size``: height, width) from ``small``, the grey page
    sampled every ``step`` pixels."""
    h, w = size
    level = float(np.percentile(small, 90))
    if level <= 0:
        return None
    paper = small >= PAPER_SHARE * level
    rows = paper.mean(axis=1) >= FRAME_ROW
    cols = paper.mean(axis=0) >= FRAME_ROW
    if not rows.any() or not cols.any():
        return None
    top, bottom = _inside(rows)
    left, right = _inside(cols)
    # Back to full pixels: the frame's run ends on a sampled row, the paper starts after it.
    top, left = top * step, left * step
    bottom, right = min(h, bottom * step), min(w, right * step)
    if top < MIN_FRAME * h:
        top = 0
    if h - bottom < MIN_FRAME * h:
        bottom = h
    if left < MIN_FRAME * w:
        left = 0
    if w - right < MIN_FRAME * w:
        right = w
    if (top, left, bottom, right) == (0, 0, h, w):
        return None
    return BBox(left, top, right - left, bottom - top)


def _inside(paper: np.ndarray) -> tuple[int, int]:
    """First and one-past-last index of paper (``paper``: one bool per sampled row or column,
    True where paper is the majority): the frame is what lies between them and the image's
    edges, so a redaction block inside the page, under a line of paper, is never frame."""
    where = np.flatnonzero(paper)
    return int(where[0]), int(where[-1]) + 1
