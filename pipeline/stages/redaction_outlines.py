"""Outlined white boxes on a page image, and when one without a code is a redaction.

Where a release took words out and drew a thin box in their place (State's white boxes, the
CIA's CREST releases), the box is all that says something was withheld. Found as an outer
contour of the ink (``stages.redaction.find_boxes``) it is lost wherever a letter, a release
stamp or a banner touches its outline, and two boxes that share a side are one contour that is
no rectangle; so the outlines are also found as the holes of the page's long straight strokes
(``outlined``): ink kept by an opening with a long flat kernel and a long upright one, each
rectangular hole empty but for a code a box around it. Real CIA pages, dev
(``tests/data/redactions/``, ``cia-crest-cib-*``, SOURCE.md): a box whose side touches "local",
one under the "Approved for Release" stamp, two that share a side.

A white box counts as a redaction with an exemption code beside or inside it (a form's empty
field has none); the CIA's CREST pages print none beside most boxes. So one without a code is
a redaction on a page that says it was released (``released``: "Approved for Release",
"Release in Part", "Sanitized Copy", "Declassified") and in running text (``in_text``: a word
on its row close beside it); an empty box on a form, or in a table, is neither.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pipeline.core.records import BBox, Word

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

#: A hole of the strokes is a box when this share of the rectangle around it (turned by at
#: most MAX_TURN degrees) is hole; strokes are STROKE_IN (inches) long at least.
HOLE_FILL = 0.9
MAX_TURN = 3.0
STROKE_IN = 0.05
#: A word beside a box on its row, this close (inches), puts the box in running text.
BESIDE_IN = 0.4
#: What a page that was released says of itself (its release or declassification stamp).
RELEASED = re.compile(
    r"approved\s+for\s+release|release\s+in\s+(?:part|full)|sanitized\s+copy|declassified",
    re.IGNORECASE,
)


def outlined(
    ink: np.ndarray, dpi: int, *, min_size: tuple[int, int], side_inked: float, empty: float
) -> list[BBox]:
    """The outlined rectangles of a page's ink (``ink``: 1 where dark, 0 elsewhere), empty
    inside but for a code: outer contours whose four sides are inked along ``side_inked`` of
    their length at least and whose inside is at most ``empty`` ink, and the rectangular
    holes of the page's long strokes (see the module docstring) whose inside is as empty.
    ``min_size``: (width, height) in pixels at least. Boxes in pixels, top to bottom; a box
    found both ways once."""
    import cv2

    min_w, min_h = min_size
    out: list[BBox] = []
    # A stroke's hole lies inside an ink shape at least as large as the hole's outline, or in
    # one nested in such a shape: only those shapes' places are searched for strokes (most
    # pages have a few, the size of two letters run together: ~1% of the page).
    places: list[BBox] = []
    contours, _ = cv2.findContours(ink, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        box = BBox(int(x), int(y), int(w), int(h))
        if w + 2 >= min_w and h + 2 >= min_h:
            places.append(box)
        if w >= min_w and h >= min_h and _outline(ink, box, dpi, side_inked, empty):
            out.append(box)
    # Strokes: runs of ink STROKE_IN long at least, flat or upright. A side drawn straight on
    # a page deskewed since (a box drawn on the scan, the page turned 1.25 degrees: dev) steps
    # a pixel every ~50, so the runs are short, and its hole is a rectangle turned as much.
    run = max(3, round(STROKE_IN * dpi))
    if run % 2 == 0:
        # An even kernel's opening keeps a run's ink moved a pixel right (flat) or down
        # (upright), and may join shapes a pixel apart: the places are the shapes of the ink
        # and of the ink so moved.
        moved = ink.copy()
        moved[:, 1:] |= ink[:, :-1]
        moved[1:, :] |= ink[:-1, :]
        contours, _ = cv2.findContours(moved, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        places = [BBox(*map(int, cv2.boundingRect(c))) for c in contours]
        places = [p for p in places if p.width + 2 >= min_w and p.height + 2 >= min_h]
    t = max(2, round(0.02 * dpi))  # a side's thickness, generously
    for hole, strokes in _holes(ink, places, run):
        x, y, w, h = cv2.boundingRect(hole)
        if w + 2 < min_w or h + 2 < min_h:
            continue
        (_, _), (rw, rh), angle = cv2.minAreaRect(hole)
        turned = min(abs(angle) % 90, 90 - abs(angle) % 90)
        if turned > MAX_TURN or cv2.contourArea(hole) < HOLE_FILL * rw * rh:
            continue
        inside = ink[y + t : y + h - t, x + t : x + w - t]
        if inside.size and float(inside.mean()) > empty:
            continue
        box = _sides_out(strokes, BBox(int(x), int(y), int(w), int(h)), t)
        if not any(_same(box, b) for b in out):
            out.append(box)
    return sorted(out, key=lambda b: (b.top, b.left))


def _holes(
    ink: np.ndarray, places: Sequence[BBox], run: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The holes of the long strokes of ``ink`` (1 where dark) that lie in ``places`` (boxes
    in its pixels), as (contour in the page's pixels, the strokes about it: an array of the
    page's shape, exact around that hole), place by place in the order of ``places``, in each
    in the order ``cv2.findContours`` lists them (``outlined`` keeps the first of two holes
    found as one box: of a box in a box, the one the whole page's search kept). Strokes:
    ink kept by an opening with a flat ``run``-pixel kernel or an upright one. Each place's
    strokes are made from its ink and ``run`` pixels around it (an opening reaches no
    further), so they are the page's there; a shape of strokes that reaches a place's edge
    is left to the place that holds it whole."""
    import cv2
    import numpy as np

    height, width = ink.shape
    flat_k = cv2.getStructuringElement(cv2.MORPH_RECT, (run, 1))
    upright_k = cv2.getStructuringElement(cv2.MORPH_RECT, (1, run))
    strokes = np.zeros_like(ink)
    found: dict[tuple[int, int, int, int], np.ndarray] = {}
    for p in places:
        # The place one pixel wider each way (its shape's outline then touches no edge), and
        # ``run`` more for the opening.
        x0, y0 = max(0, p.left - 1), max(0, p.top - 1)
        x1, y1 = min(width, p.right + 1), min(height, p.bottom + 1)
        ox0, oy0 = max(0, x0 - run), max(0, y0 - run)
        ox1, oy1 = min(width, x1 + run), min(height, y1 + run)
        crop = ink[oy0:oy1, ox0:ox1]
        opened = cv2.bitwise_or(
            cv2.morphologyEx(crop, cv2.MORPH_OPEN, flat_k),
            cv2.morphologyEx(crop, cv2.MORPH_OPEN, upright_k),
        )[y0 - oy0 : y1 - oy0, x0 - ox0 : x1 - ox0]
        strokes[y0:y1, x0:x1] = opened
        contours, tree = cv2.findContours(
            np.ascontiguousarray(opened),
            cv2.RETR_CCOMP,
            cv2.CHAIN_APPROX_SIMPLE,
            offset=(x0, y0),
        )
        if tree is None:
            continue
        cut = [
            (x <= x0 and x0 > 0)
            or (y <= y0 and y0 > 0)
            or (x + w >= x1 and x1 < width)
            or (y + h >= y1 and y1 < height)
            for x, y, w, h in map(cv2.boundingRect, contours)
        ]
        for c, (_, _, _, parent) in zip(contours, tree[0], strict=True):
            if parent < 0 or cut[parent]:
                continue
            px, py = contours[parent][0, 0]
            hx, hy = c[0, 0]
            found.setdefault((int(py), int(px), int(hy), int(hx)), c)
    return [(c, strokes) for c in found.values()]


def _sides_out(strokes: np.ndarray, hole: BBox, t: int) -> BBox:
    """The box whose inside is ``hole``: out to the outer edge of the strokes around it (up
    to ``t`` pixels each way)."""
    h, w = strokes.shape
    top, left, bottom, right = hole.top, hole.left, hole.bottom, hole.right
    mid_x, mid_y = (left + right) // 2, (top + bottom) // 2
    while top > 0 and hole.top - top < t and strokes[top - 1, mid_x]:
        top -= 1
    while bottom < h and bottom - hole.bottom < t and strokes[bottom, mid_x]:
        bottom += 1
    while left > 0 and hole.left - left < t and strokes[mid_y, left - 1]:
        left -= 1
    while right < w and right - hole.right < t and strokes[mid_y, right]:
        right += 1
    return BBox(left, top, right - left, bottom - top)


def _same(a: BBox, b: BBox) -> bool:
    """Do ``a`` and ``b`` cover most of each other (one box found twice)?"""
    w = min(a.right, b.right) - max(a.left, b.left)
    h = min(a.bottom, b.bottom) - max(a.top, b.top)
    return w > 0 and h > 0 and w * h >= 0.8 * min(a.width * a.height, b.width * b.height)


def _outline(ink: np.ndarray, box: BBox, dpi: int, side_inked: float, empty: float) -> bool:
    """Is ``box`` an outlined rectangle of ``ink``, empty inside but for a code?"""
    t = max(2, round(0.02 * dpi))  # the outline's thickness, generously
    x, y, w, h = box.left, box.top, box.width, box.height
    if w <= 3 * t or h <= 3 * t:
        return False
    region = ink[y : y + h, x : x + w]
    sides = (
        region[:t].any(axis=0).mean(),
        region[-t:].any(axis=0).mean(),
        region[:, :t].any(axis=1).mean(),
        region[:, -t:].any(axis=1).mean(),
    )
    inside = region[2 * t : h - 2 * t, 2 * t : w - 2 * t]
    return min(sides) >= side_inked and (inside.size == 0 or float(inside.mean()) <= empty)


def released(words: Sequence[Word]) -> bool:
    """Does the page whose OCR ``words`` these are say it was released (``RELEASED``)?"""
    return RELEASED.search(" ".join(w.text for w in words)) is not None


def in_text(box: BBox, words: Sequence[Word], dpi: int) -> bool:
    """Is ``box`` in running text: a word of two letters or more at most ``BESIDE_IN`` from
    its left or right side on its row (overlapping half the word's height), or from its top
    or bottom side in its columns (a box over a whole line, above the paragraph it heads)?"""
    reach = BESIDE_IN * dpi
    for w in words:
        b = w.bbox
        if b is None or sum(c.isalpha() for c in w.text) < 2:
            continue
        row = min(b.bottom, box.bottom) - max(b.top, box.top) >= 0.5 * b.height
        column = min(b.right, box.right) - max(b.left, box.left) > 0
        beside = 0 <= box.left - b.right <= reach or 0 <= b.left - box.right <= reach
        over = 0 <= box.top - b.bottom <= reach or 0 <= b.top - box.bottom <= reach
        if (row and beside) or (column and not row and over):
            return True
    return False
