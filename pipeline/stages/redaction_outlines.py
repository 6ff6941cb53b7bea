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

A release stamp laid over the page after it was redacted ("Approved for Release: 2019/09/16
C02996965") hides the parts of a box under its white ground and runs its text into the box:
near each stamp's band the band is taken as ink, the holes searched again and grown across the
band to a side drawn beyond it (``stamp_bands``, ``under_stamp``; the CIA pages' boxes beside
the classification banner, dev).

A white box counts as a redaction with an exemption code beside or inside it (a form's empty
field has none); the CIA's CREST pages print none beside most boxes. So one without a code is
a redaction on a page that says it was released (``released``: "Approved for Release",
"Release in Part", "Sanitized Copy", "Declassified") and in running text (``in_text``: a word
on its row close beside it); an empty box on a form, or in a table, is neither.

A box that holds printed words is a stamp (or a form's cell), never a redaction, whatever codes
it holds (``is_stamp``: "RELEASE IN PART" over its codes, "DECLASSIFIED", a boxed "SECRET").
A stamp put on by hand is turned on the page, so its sides are inked along no row or column
and the paint-out left them: run into its words, they made Tesseract read none of them and the
box pass for an empty one. ``side_strokes`` finds those sides for ``redaction.paint_out``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pipeline.core.enums import RedactionStyle
from pipeline.core.records import BBox, Word
from pipeline.stages.exemptions import exemption_codes
from pipeline.stages.redaction_codes import _inside, _overlap

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
        if w + 2 < min_w or h + 2 < min_h:
            continue  # a letter (~2,000 a page): no record made for it
        box = BBox(int(x), int(y), int(w), int(h))
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


#: A release stamp's band: its line's words and this much paper around them (inches; the
#: stamp's own white ground). Outlines are looked for this far (inches) above and below it.
STAMP_PAD_IN = 0.03
STAMP_REACH_IN = 0.8


def stamped(
    gray: np.ndarray,
    bands: Sequence[BBox],
    found: Sequence[tuple[BBox, RedactionStyle]],
    dpi: int,
    min_size: tuple[int, int],
    side_inked: float,
    empty: float,
    line_ink: int,
) -> list[tuple[BBox, RedactionStyle]]:
    """The outlined boxes the release stamps' ``bands`` run over (``under_stamp``; ``gray``
    the page's grey pixels, ink darker than ``line_ink``) that overlap none of the boxes
    ``found`` already, as ``WHITE_BOX``."""
    if not bands:
        return []
    import cv2

    _, ink = cv2.threshold(gray, line_ink - 1, 1, cv2.THRESH_BINARY_INV)
    boxes = under_stamp(ink, bands, dpi, min_size=min_size, side_inked=side_inked, empty=empty)
    return [
        (b, RedactionStyle.WHITE_BOX) for b in boxes if not any(_overlap(b, o) for o, _ in found)
    ]


def is_stamp(box: BBox, words: Sequence[Word], least: int) -> bool:
    """Does the outlined ``box`` hold printed words, so that it is a stamp (or a form's cell),
    no redaction? ``words``: OCR words (the page's, or those read inside the box alone), in
    the box's pixels. A white redaction box is empty or holds its code, perhaps misread; a
    box holds words when ``least`` of them or more are words of three letters or more that are
    no code (``stamp_words``: "RELEASE", "PART"), or when its words say the page was released
    or name a classification level or caveat (``RELEASED``; ``markings.MARKINGS``, six
    letters or more: "DECLASSIFIED", "SECRET", "CONFIDENTIAL" boxed on their own)."""
    # The strip stage's vocabulary, imported only where a page has an outlined box.
    from pipeline.stages.strip.patterns.markings import MARKINGS

    inside = stamp_words(box, words)
    if len(inside) >= least:
        return True
    text = " ".join(w.text for w in inside)
    named = re.sub(r"[^A-Z]+", " ", text.upper()).split()
    return RELEASED.search(text) is not None or any(m in MARKINGS for m in named)


#: An outline's side that painting its inked rows and columns leaves (a box turned on the
#: page: a stamp put on by hand, a page deskewed since) spans this share of the box at least.
SIDE_SPAN = 0.6


def side_strokes(ink: np.ndarray, t: int) -> np.ndarray:
    """The pixels of ``ink`` (1 where dark: an outlined box's region) that are its sides: the
    pieces of ink along an edge they reach (within ``t``, a side's thickness, generously) that
    span ``SIDE_SPAN`` of the region, or run from a corner (reach two edges that meet), or lie
    within ``t`` of the edge, ``3 t`` long at least, and are ``t`` pixels thick or thinner on
    the mean along it (a side turned, with a stub of the side it meets). A glyph of a code
    inside is shorter, or thicker, or away from the edges. A bool array of ``ink``'s shape, a
    pixel more around each piece (its blurred edge): ``redaction.paint_out`` paints them,
    since the sides of a turned box, left on the page, run into the words inside it and
    Tesseract reads none of them (a turned "RELEASE IN FULL" stamp, ``bench/synth.py``'s
    clean tier, dev)."""
    import cv2
    import numpy as np

    h, w = ink.shape
    out = np.zeros(ink.shape, dtype=np.uint8)
    if h == 0 or w == 0:
        return out.astype(bool)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    for i in range(1, n):
        x, y, cw, ch, area = (int(v) for v in stats[i, :5])
        top, bottom, left, right = y <= t, y + ch >= h - t, x <= t, x + cw >= w - t
        # Along an edge: across a corner, or within the edge's band (a stub between two
        # painted stretches of a side).
        corner = (top or bottom) and (left or right)
        in_flat_band, in_upright_band = y + ch <= t or y >= h - t, x + cw <= t or x >= w - t
        flat = (
            area <= t * cw and (top or bottom) and (cw >= SIDE_SPAN * w or corner or in_flat_band)
        )
        upright = (
            area <= t * ch
            and (left or right)
            and (ch >= SIDE_SPAN * h or corner or in_upright_band)
        )
        if (flat or upright) and max(cw, ch) >= 3 * t:
            out[labels == i] = 1
    # A pixel around them: a side's blurred edge.
    return cv2.dilate(out, np.ones((3, 3), np.uint8)).astype(bool)


def stamp_words(box: BBox, words: Sequence[Word]) -> list[Word]:
    """The words of ``words`` inside ``box`` with three letters or more that are no exemption
    code: a boxed stamp's ("RELEASE", "PART"), not a misread code's."""
    return [
        w
        for w in words
        if _inside(w.bbox, box)  # type: ignore[arg-type]
        and sum(c.isalpha() for c in w.text) >= 3
        and not exemption_codes(w.text)
    ]


def stamp_bands(lines: Sequence[Sequence[Word]], dpi: int) -> list[BBox]:
    """The bands of the release stamps of a page (``lines``: each line's OCR words): the box
    of each line that says the page was released (``RELEASED``), ``STAMP_PAD_IN`` more each
    way. A stamp laid over the page after it was redacted hides what is under its ground."""
    pad = round(STAMP_PAD_IN * dpi)
    out: list[BBox] = []
    for words in lines:
        boxes = [w.bbox for w in words if w.bbox is not None]
        if boxes and RELEASED.search(" ".join(w.text for w in words)):
            b = BBox.union(boxes)
            assert b is not None
            out.append(
                BBox(
                    max(0, b.left - pad), max(0, b.top - pad), b.width + 2 * pad, b.height + 2 * pad
                )
            )
    return out


def under_stamp(
    ink: np.ndarray,
    bands: Sequence[BBox],
    dpi: int,
    *,
    min_size: tuple[int, int],
    side_inked: float,
    empty: float,
) -> list[BBox]:
    """The outlined boxes a release stamp's band (``bands``, ``stamp_bands``) runs over: their
    sides cut where the stamp's ground hides them, its text run into them, so neither the
    outer contours nor the strokes' holes (``outlined``) close (CIA CREST pages, dev: a box
    beside the classification banner with the stamp over its top corner, across its middle,
    or over its bottom side). Near each band (``STAMP_REACH_IN`` above and below) the band is
    taken as ink and the holes searched again (``outlined``); a hole that touches the band
    stands for a box whose hidden part lies under it, and is grown across the band to a side
    drawn on its other side (a top side above the band, over the hole's columns, with its
    upright sides down to the band). Boxes in ``ink``'s pixels; only those touching a band."""
    height, width = ink.shape
    reach = round(STAMP_REACH_IN * dpi)
    t = max(2, round(0.02 * dpi))
    out: list[BBox] = []
    for band in bands:
        # The band's rows are ink from ``reach`` left of it to ``reach`` right of it: a box the
        # stamp runs over at a corner keeps a rectangular hole below (or above) them.
        x0, x1 = max(0, band.left - reach), min(width, band.right + reach)
        wide = BBox(x0, band.top, x1 - x0, band.height)
        top, bottom = max(0, band.top - reach), min(height, band.bottom + reach)
        crop = ink[top:bottom].copy()
        crop[band.top - top : band.bottom - top, x0:x1] = 1
        for b in outlined(crop, dpi, min_size=min_size, side_inked=side_inked, empty=empty):
            box = BBox(b.left, b.top + top, b.width, b.height)
            if box.right <= x0 or box.left >= x1:
                continue
            if abs(box.top - wide.bottom) <= 2 * t:
                box = _across(ink, box, wide, up=True, side_inked=side_inked, t=t, reach=reach)
            elif abs(box.bottom - wide.top) <= 2 * t:
                box = _across(ink, box, wide, up=False, side_inked=side_inked, t=t, reach=reach)
            else:
                continue
            if not any(_same(box, o) for o in out):
                out.append(box)
    return sorted(out, key=lambda b: (b.top, b.left))


def _across(
    ink: np.ndarray, box: BBox, band: BBox, *, up: bool, side_inked: float, t: int, reach: int
) -> BBox:
    """``box`` (a hole's box that touches ``band`` at its top, ``up``, or bottom) grown across
    the band to the first row beyond it inked along ``side_inked`` of the box's width, with
    the box's left and right sides inked from there to the band; ``box`` when there is none
    within ``reach`` pixels."""
    left, right = box.left, box.right
    rows = (
        range(band.top - 1, max(-1, band.top - 1 - reach), -1)
        if up
        else range(band.bottom, min(ink.shape[0], band.bottom + reach))
    )
    for r in rows:
        if float(ink[r, left:right].mean()) < side_inked:
            continue
        a, b = (r, band.top) if up else (band.bottom, r + 1)
        sides = [ink[a:b, max(0, x - t) : x + t + 1].any(axis=1).mean() for x in (left, right - 1)]
        if b > a and min(sides) >= side_inked:
            return (
                BBox(left, r, right - left, box.bottom - r)
                if up
                else BBox(left, box.top, right - left, r + 1 - box.top)
            )
        break
    return box
