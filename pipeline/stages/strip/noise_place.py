"""Where a line sits on the paper: in the text column, or out in its margin (grain's place).

Paper grain and a photocopy's blotchy edge are read as lines at the paper's edges (a strip
down the right edge, a band along the bottom, on the dev extreme tier, ``bench.ocr_tiers``:
16 of 16 such lines there lie 3.5 line heights or more outside the column). Typed text, however
damaged, sits in the column at the line pitch. The column is what the body lines read surely
span (not the furniture: a release stamp read surely at the top of d56 p1 has grain read among
its lines); both tests use word boxes only, in the page image's pixels (``Page.paper``'s frame,
if any).
"""

from __future__ import annotations

import statistics
from collections.abc import Collection
from dataclasses import dataclass

from pipeline.core.records import BBox, Line, Page

SURE_CONF = 70.0  # mean word confidence (0-100) of a line read surely
SURE_WORDS = 3  # words a surely read line has at least (a lone "SECRET" is no column)
MARGIN = 2.0  # line heights between the column and a line in the margin, at least
EDGE = 0.05  # share of the paper's width (height) a margin line reaches into at its edge


@dataclass(frozen=True, slots=True)
class Column:
    """The text column: ``box`` spans the surely read lines; ``line_height`` is their median
    box height (pixels)."""

    box: BBox
    line_height: float


def _sure(line: Line) -> bool:
    confs = [w.conf for w in line.words]
    if len(confs) < SURE_WORDS or any(c is None for c in confs):
        return False
    return sum(c or 0.0 for c in confs) / len(confs) >= SURE_CONF


def text_column(page: Page, furniture: Collection[int] = ()) -> Column | None:
    """The page's text column, spanned by its surely read lines but those at the indices
    ``furniture`` (of ``page.lines``); None without such lines (text input, a page of noise)."""
    boxes = [
        b
        for i, ln in enumerate(page.lines)
        if i not in furniture and _sure(ln) and (b := ln.bbox) is not None
    ]
    box = BBox.union(boxes)
    if box is None:
        return None
    return Column(box, statistics.median(b.height for b in boxes))


def margin_place(page: Page, column: Column | None, box: BBox | None) -> tuple[str, float] | None:
    """Where ``box`` (a line's) lies in the paper's margin: ``(side, distance)``, side one of
    "above", "below", "left of", "right of" (the text column), distance in the column's line
    heights; None when it does not: within ``MARGIN`` line heights of the column on every side,
    or not reaching the paper's outer ``EDGE`` on the side where it is outside. None without a
    column, a box or a page size (nothing to judge by)."""
    if column is None or box is None or not page.width or not page.height:
        return None
    paper = page.paper or BBox(0, 0, page.width, page.height)
    col, gap = column.box, MARGIN * column.line_height
    edge_x, edge_y = EDGE * paper.width, EDGE * paper.height
    sides = (
        ("above", col.top - box.bottom, box.top <= paper.top + edge_y),
        ("below", box.top - col.bottom, box.bottom >= paper.bottom - edge_y),
        ("left of", col.left - box.right, box.left <= paper.left + edge_x),
        ("right of", box.left - col.right, box.right >= paper.right - edge_x),
    )
    for side, distance, at_edge in sides:
        if distance >= gap and at_edge:
            return side, distance / column.line_height
    return None


def margin_side(page: Page, column: Column | None, box: BBox | None) -> str | None:
    """Why ``box`` lies in the paper's margin (``margin_place``), as evidence text; None when
    it does not."""
    place = margin_place(page, column, box)
    if place is None:
        return None
    side, lines = place
    return f"in the paper's margin: {lines:.0f} line heights {side} the text column"
