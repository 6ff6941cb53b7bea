"""Taking one blot of ink apart: its rows' runs of ink, and rectangles joined into blocks.

Split out of ``redaction`` (which finds the bars and stays under the module size limit): the
helpers ``redaction._rectangles`` uses to take a blot into the bars it is made of and join a
block drawn line by line back into one redaction. No state; numpy/OpenCV on one page's pixels.
"""

from __future__ import annotations

import logging
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
