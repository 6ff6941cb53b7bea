"""The paragraph a redaction box stands in, from the page's OCR word boxes: which margin column
of exemption codes is that paragraph's.

The FBI prints a paragraph's codes once, as a column in the right margin level with one of the
paragraph's lines: most often its first, but also its middle or its last (the Carter Page FISA
release's page 55, dev: "with regard to the [ ]" two lines above its paragraph's column, which
stands level with "…a foreign power, as follows:"). A box takes the column level with any line
of its own paragraph (``Paragraphs.level``), however far up or down in the paragraph the column
stands; ``stages.redaction_codes._codes_beside`` asks here before it falls back on the nearest
column above or just below the box.

A paragraph is found by the page's lines alone (no Tesseract paragraph numbers: its blocks break
at every bar): lines top to bottom, each line (its words, and the bars on its row) starting at
the text's left edge continues the paragraph of the line above it, unless the gap between them
is wider than the page's usual gap between lines (``BREAK``: a blank line); a line indented from
the edge (``INDENT_IN``) starts a paragraph. A box left of the text's edge (a mark in the left
margin) stands in no paragraph and takes no column by this rule. Sizes in inches; pixels are
the page's (``dpi``).
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median

from pipeline.core.records import BBox, Word

# A line starts at the text's left edge when within EDGE_IN of it, and is indented (a
# paragraph's first line) when further right than INDENT_IN; between the two nothing is said
# (no paragraph is joined across it). FBI paragraphs are indented about 0.5 in, a typewritten
# one five spaces (0.5 in at 10 pitch); words' left edges wander a few pixels on a scan.
EDGE_IN = 0.08
INDENT_IN = 0.2
# The text's left edge: the leftmost left edge that at least this share of lines start at
# (within EDGE_IN): headings and indented first lines start further right.
EDGE_SHARE = 0.3
# Two lines are one paragraph's only when the gap between them is at most this many times
# the page's usual gap (the median between successive lines) plus half a line: a blank line
# between paragraphs is wider.
BREAK = 1.5
# A column is level with a line when its first code's top is at most this far (inches) above
# the line's top (about half a line of the column's small type).
LEVEL_IN = 0.06


def _rows(items: Sequence[BBox]) -> list[BBox]:
    """``items`` (word and bar boxes) grouped into lines, top to bottom: an item joins the line
    whose box it shares half the smaller height of, else starts one."""
    rows: list[BBox] = []
    for b in sorted(items, key=lambda b: b.top + b.height / 2):
        for i, r in enumerate(rows):
            if min(r.bottom, b.bottom) - max(r.top, b.top) >= 0.5 * min(r.height, b.height):
                rows[i] = BBox.union([r, b])  # type: ignore[assignment]
                break
        else:
            rows.append(b)
    return sorted(rows, key=lambda r: r.top)


class Paragraphs:
    """The lines of one page's text and the paragraphs they make.

    ``words``: the page's OCR words with boxes, less the margin columns' codes (a column's line
    is no text line); ``boxes``: the page's redaction boxes (a bar at a line's start is where
    that line starts; one taller than a line is a block of whole lines, its own rows); ``dpi``
    the page's. Builds nothing costly: one pass over the words."""

    def __init__(self, words: Sequence[Word], boxes: Sequence[BBox], dpi: int) -> None:
        held = [w.bbox for w in words if w.bbox is not None]
        line_h = median(b.height for b in held) if held else dpi / 6
        self.dpi = dpi
        # A bar on a line (not a block of lines) is part of it: where most lines start with a
        # bar, their words start further right (the Carter Page FISA release's page 33, dev).
        bars = [b for b in boxes if b.height <= 2 * line_h]
        self.edge = _edge([r.left for r in _rows(held + bars)], EDGE_IN * dpi)
        # A mark left of the text is in no line.
        self.rows = _rows(held + [b for b in bars if not self.left_of_text(b)])
        gaps = [b.top - a.bottom for a, b in zip(self.rows, self.rows[1:], strict=False)]
        gaps = [g for g in gaps if g > 0]
        self.gap = BREAK * median(gaps) + line_h / 2 if gaps else line_h

    def _starts_at_edge(self, r: BBox) -> bool:
        return self.edge is not None and abs(r.left - self.edge) <= EDGE_IN * self.dpi

    def _indented(self, r: BBox) -> bool:
        return self.edge is not None and r.left - self.edge > INDENT_IN * self.dpi

    def left_of_text(self, box: BBox) -> bool:
        """Does ``box`` stand wholly left of the text's left edge (a mark in the left margin,
        beside no paragraph: the Carter Page FISA release's pages 2, 33, 34 and 55, dev)?"""
        return self.edge is not None and box.right <= self.edge

    def of(self, box: BBox) -> BBox | None:
        """The paragraph ``box`` stands in, as the box around its lines (and ``box``); None for
        a box left of the text's edge (a left-margin mark) or a page with no edge found."""
        if self.edge is None or self.left_of_text(box):
            return None
        top, bottom = box.top, box.bottom
        mine = [r for r in self.rows if _shares_rows(r, box)]
        first = min(mine, key=lambda r: r.top, default=box)
        # Up: while the line at hand continues a paragraph (at the edge, no blank line above).
        above = [r for r in self.rows if r.bottom <= box.top and not _shares_rows(r, box)]
        at = first
        for r in reversed(above):
            if self._indented(at) or not self._starts_at_edge(at) or at.top - r.bottom > self.gap:
                break
            top, at = r.top, r
        # Down: each next line continues it when it starts at the edge, no blank line between.
        below = [r for r in self.rows if r.top >= box.bottom and not _shares_rows(r, box)]
        last = max([*mine, box], key=lambda r: r.bottom).bottom
        for r in below:
            if not self._starts_at_edge(r) or r.top - last > self.gap:
                break
            bottom = last = r.bottom
        return BBox(box.left, top, box.width, bottom - top)

    def level(self, box: BBox, column: BBox) -> bool:
        """Does ``column`` (a margin column's box) stand level with a line of ``box``'s
        paragraph: its first line within the paragraph's rows?"""
        par = self.of(box)
        # A column's first code may stand a few pixels higher than the line it is level with.
        return par is not None and par.top <= column.top + LEVEL_IN * self.dpi < par.bottom


def _shares_rows(a: BBox, b: BBox) -> bool:
    return min(a.bottom, b.bottom) - max(a.top, b.top) >= 0.5 * min(a.height, b.height)


def _edge(lefts: Sequence[int], near: float) -> int | None:
    """The leftmost of ``lefts`` that ``EDGE_SHARE`` of them at least are within ``near`` of
    (pixels); None for fewer than three lines."""
    if len(lefts) < 3:
        return None
    for x in sorted(lefts):
        if sum(abs(o - x) <= near for o in lefts) >= EDGE_SHARE * len(lefts):
            return x
    return None
