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
the edge (further than ``EDGE_IN``) starts a paragraph, but the lines of a list item hung under
its text (``HANG_IN``) continue it; a line opened by a label (a portion marking "(S)" or a list
label "(C)", ``LABEL``) starts one. A line led by a bar or block drawn past the edge starts at
the edge; a block of whole lines is lines of its own. A box left of the text's edge (a mark in
the left margin) stands in no paragraph and takes no column by this rule.

A column stands beside the paragraph whose lines it is level with: one level with another
paragraph's lines and none of the box's is that paragraph's (``Paragraphs.anothers``), so a
box whose paragraph has no column takes none, however near a neighbour's (the FBI prints a
column beside every paragraph with a passage withheld). A label that opens a line is the
line's, no box's code (``Paragraphs.a_label``). Sizes in inches; pixels are the page's
(``dpi``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from statistics import median

from pipeline.core.records import BBox, Word
from pipeline.stages.exemptions import read_codes

# A line starts at the text's left edge when within EDGE_IN of it; one further right is
# indented (a paragraph's first line: FBI paragraphs are indented about 0.5 in, a typewritten
# one five spaces, 0.5 in at 10 pitch); words' left edges wander a few pixels on a scan.
EDGE_IN = 0.08
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
# A list item's lines after its first hang under its text, right of its label ("[ ] (S)" at
# x=176, the lines under it at x=204 on the Carter Page FISA release's page 56, dev: 0.29 in):
# a line further right than the line above by at most this much (inches), neither at the
# text's edge, continues its paragraph.
HANG_IN = 0.5
# A paragraph's label opens its first line: a portion marking ("(S)", "(S//NF)", "(U)") or a
# list item's label ("(A)", "(C)"), as OCR reads them (a struck "(S)" is read "(8)", "(%",
# "(X)", "(SAKE)": the Carter Page FISA release, dev), alone or after a section number ("VI.",
# "9", "1°") or a bar over one (a square bullet); a line it opens starts a paragraph. At the
# text's edge a word in brackets may open any line of running text ("(USDOT) announced"), so
# there only a label after a section number opens one.
LABEL = re.compile(r"^[(\[][^\s()\[\]]{1,6}[)\]]?[.,:;]?$")
SECTION = re.compile(r"^(?:[IVXL]{1,5}|[A-Z]|\d{1,3})[.°]?$")


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
        self.dpi, self.line_h = dpi, line_h
        # A bar on a line (not a block of lines) is part of it: where most lines start with a
        # bar, their words start further right (the Carter Page FISA release's page 33, dev).
        bars = [b for b in boxes if b.height <= 2 * line_h]
        self.edge = _edge([r.left for r in _rows(held + bars)], EDGE_IN * dpi)
        # A mark left of the text is in no line.
        boxed = [b for b in boxes if not self.left_of_text(b)]
        # A word a few pixels tall is a speck or a rule read as a word, no line.
        rows = _rows(
            [b for b in held if b.height >= 0.3 * line_h]
            + [b for b in bars if not self.left_of_text(b)]
        )
        # The labels that open a line (``LABEL``), and the lines they open.
        self.labels: list[BBox] = []
        opened: set[BBox] = set()
        for r in rows:
            on = [w for w in words if w.bbox is not None and on_row(w.bbox, r)]
            label = self._label(r, on, [b for b in bars if not self.left_of_text(b)])
            if label is not None:
                self.labels.append(label)
                opened.add(r)
        self.rows, self.opened = rows, opened
        gaps = [b.top - a.bottom for a, b in zip(self.rows, self.rows[1:], strict=False)]
        gaps = [g for g in gaps if g > 0]
        self.gap = BREAK * median(gaps) + line_h / 2 if gaps else line_h
        # The page's paragraphs, each the box around its lines: the rows top to bottom, and
        # the blocks of whole lines among them (a block's rows are its own), each continuing
        # the paragraph above it or starting one (``_continues``).
        blocks = [b for b in boxed if b.height > 2 * line_h]
        # The lines that start with a box, and the blocks: a box may reach past the edge.
        self.boxed = {r for r in self.rows if any(b.left == r.left for b in boxed)} | set(blocks)
        self.spans: list[BBox] = []
        prev: BBox | None = None
        for r in sorted([*self.rows, *blocks], key=lambda r: r.top):
            if prev is not None and self._continues(prev, r):
                self.spans[-1] = BBox.union([self.spans[-1], r])  # type: ignore[assignment]
            else:
                self.spans.append(r)
            prev = r

    def _label(self, row: BBox, words: Sequence[Word], bars: Sequence[BBox]) -> BBox | None:
        """The box of the label that opens line ``row`` (``LABEL``; ``words``: the page's
        words on its row, ``bars``: the page's bars), or None."""
        items = sorted(
            [*((w.bbox, w.text) for w in words), *((b, "") for b in bars if on_row(b, row))],
            key=lambda t: t[0].left,
        )  # type: ignore[misc]
        if not items:
            return None
        (first, text), rest = items[0], items[1:]
        if LABEL.match(text) and not self._starts_at_edge(first):
            return first
        # After a section number, or a bar over one (as wide as a line is tall at most).
        section = SECTION.match(text) if text else first.width <= 1.5 * self.line_h
        if section and rest and LABEL.match(rest[0][1]):
            return rest[0][0]
        return None

    def a_label(self, word: Word) -> bool:
        """Is ``word`` a label that opens a line (``LABEL``): a paragraph's portion marking or
        a list item's label read as a level marking ("(C)", "(S)"), not a code printed beside
        a box (the Carter Page FISA release's page 55, dev: "(C) (U) The foreign
        intelligence…" on the row of a block in the left margin)?"""
        b = word.bbox
        if b is None or not any(
            on_row(b, a) and min(b.right, a.right) > max(b.left, a.left) for a in self.labels
        ):
            return False
        codes = read_codes(word.text, tolerant=True)
        return bool(codes) and all(c.code[:1] == "(" and c.code[:3] != "(b)" for c in codes)

    def _starts_at_edge(self, r: BBox) -> bool:
        return self.edge is not None and abs(r.left - self.edge) <= EDGE_IN * self.dpi

    def _at_edge(self, r: BBox) -> bool:
        """Does line ``r`` start at the text's edge? A line that starts with a box does too
        where the box reaches left past the edge (FBI bars and blocks are drawn 0.1-0.3 in
        past it: the Carter Page FISA release's pages 10, 14 and 33, dev)."""
        if self._starts_at_edge(r):
            return True
        return r in self.boxed and self.edge is not None and r.left <= self.edge

    def _continues(self, above: BBox, r: BBox) -> bool:
        """Does line ``r`` continue the paragraph of line ``above`` (the line over it)? No
        blank line between them, and ``r`` starts at the text's edge, or ``above`` is a line
        (not a block of lines), both stand off the edge and ``r`` starts where ``above`` does
        or right of it by at most ``HANG_IN``: the next line of a list item hung under its
        text, or of an indented block (the Carter Page FISA release's page 56, dev). An
        indented line under a line at the edge starts a paragraph; so does a line left of
        the line above it (the next item's label)."""
        if r.top - above.bottom > self.gap or r in self.opened:
            return False
        if self._at_edge(r):
            return True
        near = EDGE_IN * self.dpi
        return (
            above.height <= 2 * self.line_h
            and self.edge is not None
            and not self._at_edge(above)
            and above.left - near <= r.left <= above.left + HANG_IN * self.dpi
        )

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
        mine = [r for r in self.rows if on_row(r, box)]
        first = min(mine, key=lambda r: r.top, default=box)
        # Up: while the line at hand continues the paragraph of the line above it.
        above = [r for r in self.rows if r.bottom <= box.top and not on_row(r, box)]
        at = first
        for r in reversed(above):
            if not self._continues(r, at):
                break
            top, at = r.top, r
        # Down: while each next line continues the paragraph of the line above it.
        below = [r for r in self.rows if r.top >= box.bottom and not on_row(r, box)]
        at = max([*mine, box], key=lambda r: r.bottom)
        for r in below:
            if not self._continues(at, r):
                break
            bottom, at = r.bottom, r
        return BBox(box.left, top, box.width, bottom - top)

    def level(self, box: BBox, column: BBox) -> bool:
        """Does ``column`` (a margin column's box) stand level with a line of ``box``'s
        paragraph: its first line within the paragraph's rows?"""
        par = self.of(box)
        # A column's first code may stand a few pixels higher than the line it is level with.
        return par is not None and par.top <= column.top + LEVEL_IN * self.dpi < par.bottom

    def anothers(self, box: BBox, column: BBox) -> bool:
        """Is ``column`` (a margin column's box) another paragraph's than ``box``'s: level with
        the lines of another of the page's paragraphs (``spans``; a block of whole lines is
        its paragraph's lines), and with no line of ``box``'s (half a line's height of its
        rows at most)? The FBI prints a column beside every paragraph with a passage withheld
        and none beside one without (the Carter Page FISA release's pages 28, 33, 34 and 56,
        dev: a heading or a list item whose neighbour's column stands a line or two away); a
        column level with two paragraphs' lines is either's (page 17, dev). False when
        ``box`` stands in no paragraph found."""
        par = self.of(box)
        least = 0.5 * self.line_h
        if par is None or _rows_shared(par, column) >= least:
            return False
        return any(
            _rows_shared(s, column) >= least
            and _rows_shared(s, par) < 0.5 * min(s.height, par.height)
            for s in self.spans
        )


def on_row(a: BBox, b: BBox) -> bool:
    """Do ``a`` and ``b`` share a row (half the smaller height at least)?"""
    return _rows_shared(a, b) >= 0.5 * min(a.height, b.height)


def _rows_shared(a: BBox, b: BBox) -> int:
    """How many pixel rows ``a`` and ``b`` share (negative: the gap between them)."""
    return min(a.bottom, b.bottom) - max(a.top, b.top)


def _edge(lefts: Sequence[int], near: float) -> int | None:
    """The leftmost of ``lefts`` that ``EDGE_SHARE`` of them at least are within ``near`` of
    (pixels); None for fewer than three lines."""
    if len(lefts) < 3:
        return None
    for x in sorted(lefts):
        if sum(abs(o - x) <= near for o in lefts) >= EDGE_SHARE * len(lefts):
            return x
    return None
