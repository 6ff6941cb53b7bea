"""The rest of a strip of grain: margin fragments beside lines already removed as grain.

A strip of grain down the paper's edge is read by Tesseract sideways, as a stack of tiny
"lines" of one or two short words each ("bree)", "ee", "teh", "a a ha", "ar"; dev extreme
tier, d52 p3, x 2465-2550 of 2550 px). ``noise_evidence`` judges a line on its own words, and
most of these are too small to judge (fewer than ``MIN_LETTERS`` letters or ``MIN_TOKENS``
words) or hold a chance common word ("eats on eet A etre"): they stayed, and were even joined to
the body line above as its continuation. Their place is the same as their removed neighbours':
out in the paper's margin, on the same side of the text column, touching the strip.

So a line goes with the strip when all of these hold:

* it lies in the paper's margin (``noise_place.margin_place``, measured in the text column's
  median line height, not in the fragments' own boxes) on the same side as a line removed as
  grain on its page, and within ``REACH`` column line heights of that line or of another line
  that goes with it (the strip is followed link by link);
* Tesseract is unsure of it: letter-weighted mean confidence below ``NOISE_CONF``, or below
  ``SURE_CONF`` (not read surely) when every letter of it is in fragments ("teh" read at 51);
* what a reader needs is not in it: no exemption code and no number of 3+ digits; not a line of
  capitals only (a margin stamp or drafting line);
* the strip's lines together (the removed grain and these) read as grain by ``figures``.

A line in the column is never touched, however faint (damaged type stays for a person). Lines
without letters are left to ``patterns.junk``. Each removal is recorded as kind ``junk`` with
the strip's figures and its place as evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pipeline.core.enums import FurnitureKind
from pipeline.core.records import BBox, Page
from pipeline.stages.strip.noise_evidence import (
    GRAIN,
    NOISE_CONF,
    NOISE_SCORE,
    figures,
    reader_needs,
)
from pipeline.stages.strip.noise_place import SURE_CONF, Column, margin_place, text_column

if TYPE_CHECKING:
    from pipeline.lexicon import Lexicon
    from pipeline.stages.strip.lines import WorkLine

# Column line heights between two boxes of one strip, at most (d52 p3's fragments: 0.3-1.2).
REACH = 2.0


def _gap(a: BBox, b: BBox) -> int:
    """Pixels between two boxes along the axis they are apart on (0 when they overlap)."""
    dx = max(a.left - b.right, b.left - a.right, 0)
    dy = max(a.top - b.bottom, b.top - a.bottom, 0)
    return max(dx, dy)


def _candidate(ln: WorkLine, page: Page, lexicon: Lexicon) -> bool:
    """An undecided OCR line that may be part of a strip: unsure (faint, or all fragments and
    not read surely), letters in it, nothing a reader needs, not all capitals."""
    if ln.furniture or ln.spans or ln.protected or ln.tail is not None or ln.redacted():
        return False
    words = page.lines[ln.idx].words
    if not words or any(w.conf is None for w in words):
        return False
    if reader_needs(ln.text):
        return False
    figs = figures([(w.text, float(w.conf or 0.0)) for w in words], lexicon)
    if figs is None or figs.capitals:
        return False
    # Faint; or not read surely and nothing in it but fragments ("teh" read at 51 on d52 p3).
    return figs.conf < NOISE_CONF or (figs.conf < SURE_CONF and figs.fragments == 1.0)


def strip_rests(pages: Sequence[Page], lines: list[WorkLine], lexicon: Lexicon | None) -> None:
    """Mark the undecided margin lines that continue a strip of grain (lines removed by
    ``noise_evidence.noise_lines``) as furniture of kind junk. Run after ``noise_lines``;
    without a lexicon, or on a page without grain lines or a text column, nothing is marked."""
    if lexicon is None:
        return
    for number in sorted({ln.page for ln in lines}):
        on_page = [ln for ln in lines if ln.page == number]
        seeds = [ln for ln in on_page if ln.furniture and ln.evidence[:1] == [GRAIN]]
        if not seeds:
            continue
        page = pages[number]
        furniture = {ln.idx for ln in on_page if ln.furniture}
        column = text_column(page, furniture)
        _follow(page, column, seeds, on_page, lexicon)


def _follow(
    page: Page,
    column: Column | None,
    seeds: list[WorkLine],
    on_page: list[WorkLine],
    lexicon: Lexicon,
) -> None:
    """Grow each side's strip from its grain lines over the candidates within reach; mark the
    candidates taken when the whole strip reads as grain."""
    if column is None:
        return
    reach = REACH * column.line_height
    sides: dict[str, list[WorkLine]] = {}
    for ln in seeds:
        place = margin_place(page, column, page.lines[ln.idx].bbox)
        if place is not None:
            sides.setdefault(place[0], []).append(ln)
    for side, strip in sides.items():
        rest: list[tuple[WorkLine, BBox, float]] = []
        for ln in on_page:
            box = page.lines[ln.idx].bbox
            place = margin_place(page, column, box)
            if box and place and place[0] == side and _candidate(ln, page, lexicon):
                rest.append((ln, box, place[1]))
        boxes = [b for ln in strip if (b := page.lines[ln.idx].bbox) is not None]
        taken: list[tuple[WorkLine, float]] = []
        grown = True
        while grown:  # link by link: a fragment within reach of the strip joins it
            grown = False
            for item in list(rest):
                ln, box, lines_out = item
                if any(_gap(box, b) <= reach for b in boxes):
                    boxes.append(box)
                    taken.append((ln, lines_out))
                    rest.remove(item)
                    grown = True
        if not taken:
            continue
        words = [
            (w.text, float(w.conf or 0.0))
            for ln in [*strip, *(t for t, _ in taken)]
            for w in page.lines[ln.idx].words
        ]
        figs = figures(words, lexicon)
        if figs is None or not figs.is_noise():
            continue
        for ln, lines_out in taken:
            ln.furniture, ln.kind, ln.score = True, FurnitureKind.JUNK, NOISE_SCORE
            ln.evidence = [
                "the rest of a strip of grain read as words",
                f"beside {len(strip)} grain line(s) in the same margin",
                *(f"the strip's {e}" for e in figs.evidence()),
                f"in the paper's margin: {lines_out:.0f} line heights {side} the text column",
            ]
