"""A banner outside the page's bands on a page with word boxes: placed by its type, not its depth.

A classification banner is found by its place: a page's top or bottom band (``evidence.positions``,
10 % of the paper) or the same line on most pages (``evidence.repetition``). A page of one page
has no repetition, and a scan whose paper has a wide margin, or a page typed low on the sheet,
puts its banner below the band ("UNCLASSIFIED" at 12 % of the paper, the memo's first line under
it at 18 %), so it stayed in the text. What still gives such a banner away is how it is set:

* it is the page's first (or last) line by its word boxes, nothing but specks above (below) it
  (a line whose every word is a speck or one the OCR engine was unsure of);
* it is a level alone on its line, read clean (the ``banner-line`` pattern);
* it is centred on the page's text or on the paper (its middle near the middle of the other
  lines' extent, or of the paper);
* it is set apart: at least a line's height of space between it and the text beside it;
* it lies in the outer third of the paper.

A line with all of that gets ``WorkLine.edge`` ("first line of the page by its boxes, 12% down,
centred, set apart"), which ``decide`` weighs as position, like a band. A level that is a form's
value (``WorkLine.form_level``) gets none there. Text input has its own page-edge evidence
(``decide._at_edge``).

A banner can also share its printed row with other words: a State memo's control number at the
top right ("CONFIDENTIAL          S/S 8820372"), a date, which Tesseract reads as one line with
the banner (``row_banners``). In a page's band, a level at the line's start or end, centred,
with a wide gap between it and the rest of the row, is a banner span of its own; the rest of
the row stays. A banner in the register's format ("SECRET//NOFORN", ``patterns.capco``) is a
banner here as a level alone is, on its own line or sharing its row.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from pipeline.core.enums import FurnitureKind
from pipeline.core.records import BBox, Page
from pipeline.stages.strip.config import MEDIUM, POSITION
from pipeline.stages.strip.evidence import noise_token
from pipeline.stages.strip.lines import Span, WorkLine
from pipeline.stages.strip.patterns.banners import banner_line_level
from pipeline.stages.strip.patterns.capco import capco_line

log = logging.getLogger(__name__)

# The banner lies within this share of the paper's height from its top (bottom) edge.
OUTER = 1 / 3
# Its middle is at most this share of the text's width from the middle of the text.
CENTRE = 0.08
# Space between it and the nearest line towards the page's middle: at least this many times its
# own height (a blank line's worth).
APART = 1.0
# Lines of specks (``_specks``) that may lie between it and the paper's edge.
SPECKS = 2
# Lines of text the page needs besides the banner, to have a middle to be centred on.
OTHERS = 2
# A banner sharing its row: the gap between it and the row's other words, in characters of the
# banner's own width (a typist's tab or a stamp's margin; words of one phrase are one apart).
ROW_GAP_CHARS = 4
# At most this many words of a level at the row's end ("TOP SECRET", "SECRET NOFORN"), and of
# a banner in the register's format ("CONFIDENTIAL//REL TO USA, GBR", ``patterns.capco``).
ROW_WORDS = 3
CAPCO_ROW_WORDS = 8


def edge_banners(pages: Sequence[Page], by_page: list[list[WorkLine]]) -> None:
    """Mark the banner that is a boxed page's first or last line, centred and set apart
    (``WorkLine.edge``); see the module docstring. ``by_page``: ``collect``'s lines, page by
    page; pages without a height or word boxes are left alone. Boxes are page pixels."""
    for page, mine in zip(pages, by_page, strict=True):
        if not page.height:
            continue
        boxed = [(ln, b) for ln in mine if (b := BBox.union(t.bbox for t in ln.toks))]
        if len(boxed) < OTHERS + 1:
            continue
        start, height = (page.paper.top, page.paper.height) if page.paper else (0, page.height)
        down = sorted(boxed, key=lambda lb: lb[1].top)
        up = sorted(boxed, key=lambda lb: -lb[1].bottom)
        for side, order in (("first", down), ("last", up)):
            k = 0
            while k < len(order) and k < SPECKS and _specks(order[k][0]):
                k += 1
            if k >= len(order):
                continue
            ln, b = order[k]
            if ln.band or ln.prior is None or ln.prior.name != "banner-line":
                continue
            depth = (b.top - start) / height if side == "first" else (b.bottom - start) / height
            outer = depth < OUTER if side == "first" else depth > 1 - OUTER
            rest = [ob for other, ob in order[k + 1 :] if not _specks(other)]
            if not outer or len(rest) < OTHERS:
                continue
            gap = rest[0].top - b.bottom if side == "first" else b.top - rest[0].bottom
            if gap < APART * b.height or not _centred(b, rest, page):
                continue
            ln.edge = (
                f"{side} line of the page by its boxes, {100 * depth:.0f}% down, centred, set apart"
            )
            log.debug("edge banner on page %d line %d: %s", page.number, ln.idx, ln.edge)


def _specks(ln: WorkLine) -> bool:
    """A line of specks: every word one the OCR engine was unsure of, or no word at all."""
    return all(noise_token(ln, t) for t in ln.toks)


def _centred(b: BBox, rest: list[BBox], page: Page) -> bool:
    """Is the box's middle near the middle of the text (the other lines' extent) or of the
    paper? A typist centres on the typing line, a stamp on the sheet, and a ragged right edge
    pulls the text's middle left of the sheet's."""
    middle = (b.left + b.right) / 2
    left, right = min(o.left for o in rest), max(o.right for o in rest)
    if abs(middle - (left + right) / 2) <= CENTRE * (right - left):
        return True
    paper = page.paper or (BBox(0, 0, page.width, page.height or 0) if page.width else None)
    return paper is not None and abs(middle - (paper.left + paper.right) / 2) <= CENTRE * (
        paper.width
    )


def row_banners(pages: Sequence[Page], by_page: list[list[WorkLine]]) -> None:
    """Mark a banner that shares its printed row with other words as a span of its line (a
    decided ``Span`` of kind banner); see the module docstring. Only lines in a page's band
    (``WorkLine.band``) of pages with word boxes, with no pattern of their own and no span."""
    for page, mine in zip(pages, by_page, strict=True):
        boxes = {id(ln): BBox.union(t.bbox for t in ln.toks) for ln in mine}
        for ln in mine:
            if not ln.band or ln.prior is not None or ln.spans or ln.protected:
                continue
            if any(t.bbox is None for t in ln.toks) or len(ln.toks) < 2:
                continue
            rest = [b for other in mine if other is not ln and (b := boxes[id(other)])]
            span = _row_banner(ln, rest, page)
            if span is not None:
                ln.spans.append(span)
                log.debug("row banner on page %d line %d: %s", page.number, ln.idx, span)


def _word(token: str) -> bool:
    """A word, not a speck: two letters or digits at least ("S/S", "8820372"; not "=", ";")."""
    return sum(c.isalnum() for c in token) >= 2


def _row_banner(ln: WorkLine, rest: list[BBox], page: Page) -> Span | None:
    """The banner span at the start or end of a band line, set apart and centred, or None."""
    n = len(ln.toks)
    for k in range(1, min(CAPCO_ROW_WORDS, n - 1) + 1):
        for run, other, gap_at in (
            (ln.toks[:k], ln.toks[k:], lambda r, o: o[0].bbox.left - r[-1].bbox.right),
            (ln.toks[n - k :], ln.toks[: n - k], lambda r, o: r[0].bbox.left - o[-1].bbox.right),
        ):
            start, end = run[0].start, run[-1].end
            if not all(_word(ln.text[t.start : t.end]) for t in (*run, other[0])):
                continue  # debris beside the level ("CONFIDENTIAL =") is no row of words
            level = banner_line_level(ln.text[start:end])
            if level is None or (k > ROW_WORDS and capco_line(ln.text[start:end]) is None):
                continue
            b = BBox.union(t.bbox for t in run)
            assert b is not None
            char = b.width / max(1, end - start)
            gap = gap_at(run, other)
            if gap < ROW_GAP_CHARS * char or len(rest) < OTHERS or not _centred(b, rest, page):
                continue
            why = [
                f"pattern banner-line ({level})",
                ln.band,
                f"sharing its row, {gap} px ({gap / char:.0f} characters) from its other words",
            ]
            return Span(start, end, FurnitureKind.BANNER, why, MEDIUM + POSITION, True)
    return None
