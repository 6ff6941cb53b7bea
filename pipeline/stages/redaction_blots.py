"""Taking one blot of ink apart: its rows' runs of ink, rectangles joined into blocks, and the
text line a bar sits on.

Split out of ``redaction`` (which finds the bars and stays under the module size limit): the
helpers ``redaction._rectangles`` uses to take a blot into the bars it is made of and join a
block drawn line by line back into one redaction, and ``line_beside``, the line of glyphs
beside a bar, by which a short bar is told from a square bullet and a bar from letters run
together (a margin column of codes further off is no part of it). No state; numpy/OpenCV on
one page's pixels.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pipeline.core.records import BBox

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)


def row_runs(row: np.ndarray, slack: int) -> list[tuple[int, int]]:
    """The runs of true in ``row`` as (start, end), gaps of ``slack`` or fewer closed."""
    import numpy as np

    edges = np.flatnonzero(np.diff(np.concatenate(([0], row.astype(np.int8), [0]))))
    runs: list[tuple[int, int]] = []
    for a, b in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
        if runs and a - runs[-1][1] <= slack:
            runs[-1] = (runs[-1][0], b)
        else:
            runs.append((a, b))
    return runs


def joined(
    gray: np.ndarray,
    rects: list[BBox],
    blot: np.ndarray,
    at: BBox,
    slack: int,
    dpi: int,
    ink: int,
) -> list[BBox]:
    """``rects`` (top to bottom) with each joined to the one above it when they touch (within
    ``slack`` pixels) and the box around both leaves no ink uncovered: fewer ink pixels
    (darker than ``ink``, 0-255) than a full stop has more than ``slack`` away from the blot's
    (``blot``: its opened mask, in the pixels of its box ``at``)."""
    import cv2
    import numpy as np

    dot = max(4, round((0.02 * dpi) ** 2))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * slack + 1, 2 * slack + 1))
    near = cv2.dilate(blot.astype(np.uint8), kernel).astype(bool)
    stray = (gray[at.top : at.bottom, at.left : at.right] < ink) & ~near
    out: list[BBox] = []
    for r in rects:
        for i, box in enumerate(out):
            if abs(r.top - box.bottom) > slack or r.left >= box.right or box.left >= r.right:
                continue
            u = BBox.union([box, r])
            assert u is not None
            y, x = u.top - at.top, u.left - at.left
            if int(np.count_nonzero(stray[y : y + u.height, x : x + u.width])) < dot:
                out[i] = u
                break
        else:
            out.append(r)
    return out


# Ink across more paper than this (inches) from a bar, on its row, is not the line the bar sits
# on: a margin column of codes printed beside a paragraph's last bar (FBI pages: 0.18-0.41 in
# from the bar), a table's next column. Words beside a bar are a word space and the bar's own
# margin away (0.03-0.08 in on the same pages; Carter Page FISA release pages 15-19, dev).
NEAR_GAP_IN = 0.12


def _near(ink: np.ndarray, gap: int, rows: slice) -> np.ndarray:
    """``ink`` (rows by columns, the first column next to the bar) with every column from the
    first run of ``gap`` or more columns of paper in ``rows`` (the bar's own) on set to paper
    (rows above or below the bar's may hold a bar of the line before or after it)."""
    paper = 0
    for c, inked in enumerate(ink[rows].any(axis=0).tolist()):
        paper = 0 if inked else paper + 1
        if paper >= gap:
            out = ink.copy()
            out[:, c:] = False
            return out
    return ink


def line_beside(
    gray: np.ndarray,
    box: BBox,
    dpi: int,
    blot: Sequence[BBox] = (),
    *,
    ink: int,
    reach_in: float,
) -> tuple[int, int]:
    """The text line ``box`` sits on, from the ink (darker than ``ink``, 0-255) in strips left
    and right of it (past its blurred edge, ``reach_in`` inches wide, each cut where
    ``NEAR_GAP_IN`` of paper stands between it and the bar), in a band of rows half its height
    more either way: ``(height of the ink rows joined to its middle row, in pixels; glyphs
    counted in them)``; ``(0, 0)`` when nothing is level with its middle. ``blot``: the other
    bars of its blot of ink (and their blurred edges), which are not the line's glyphs."""
    import numpy as np

    x, y, w, h = box.left, box.top, box.width, box.height
    gap, reach = max(2, round(0.02 * dpi)), round(reach_in * dpi)
    far = max(gap + 1, round(NEAR_GAP_IN * dpi))
    top, bottom = max(0, y - h // 2), min(gray.shape[0], y + h + h // 2)
    lx, rx = max(0, x - gap - reach), x + w + gap
    ink_map = gray[top:bottom] < ink
    ys = np.arange(top, bottom)
    for o in blot:  # ``blot``'s bars (other bars of the same ink) are not the line's glyphs
        rows = (ys >= o.top - gap) & (ys < o.bottom + gap)
        ink_map[rows, max(0, o.left - gap) : o.right + gap] = False
    own = slice(y - top, y - top + h)
    left = _near(ink_map[:, lx : max(0, x - gap)][:, ::-1], far, own)[:, ::-1]
    right = _near(ink_map[:, rx : rx + reach], far, own)
    both = np.concatenate([left, right], axis=1)
    if both.size == 0:
        return 0, 0
    rows_inked = both.any(axis=1)
    mid = y + h // 2 - top
    if mid >= len(rows_inked) or not rows_inked[mid]:
        return 0, 0  # nothing level with its middle: not on a text line
    a = mid
    while a > 0 and rows_inked[a - 1]:
        a -= 1
    b = mid
    while b + 1 < len(rows_inked) and rows_inked[b + 1]:
        b += 1
    cols = both[a : b + 1].any(axis=0).astype(np.int8)
    glyphs = int(np.count_nonzero(np.diff(cols) == 1)) + int(cols[0])
    return b - a + 1, glyphs


# Two bars side by side on one row, a few pixels of paper between them (two passages of one
# line withheld, or a bar and a bar over one word), have the same top and bottom to this many
# inches: neither is the text line the other sits on (the Carter Page FISA release's page 28,
# dev: 121 and 386 px bars 3 px apart, a 506 px bar and a 24 px one 8 px apart, all 20-21 px
# tall). Letters run together are no such twin: their line's other letters stand beside them.
LEVEL_IN = 0.02


def level_with(box: BBox, bars: Sequence[BBox], dpi: int) -> list[BBox]:
    """The rectangles of ``bars`` (solid ones of the page, pixels) other than ``box`` that
    stand level with it on its row: their top and their bottom each within ``LEVEL_IN`` of
    its own, their columns apart from its."""
    tol = max(1, round(LEVEL_IN * dpi))
    return [
        b
        for b in bars
        if b != box
        and abs(b.top - box.top) <= tol
        and abs(b.bottom - box.bottom) <= tol
        and (b.right <= box.left or box.right <= b.left)
    ]
