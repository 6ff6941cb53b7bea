"""Banners in text without word boxes: found by their recurrence, not their place on the page.

A text file with no page breaks (a JFK release's OCR, one "page" of hundreds of lines) gives its
banners no position: "SECRET" at a page's foot and head sits between two paragraphs like a
heading. What gives it away is that the document prints it, alone on its line, again and again;
a level under a form's field for it or in a routing sheet's check-box column is a value, not a
banner. ``decide`` weighs the ``repeat`` this sets like any other repetition.
"""

from __future__ import annotations

import logging
import re

from pipeline.stages.strip.lines import WorkLine
from pipeline.stages.strip.patterns.banners import LEVEL_WORDS, banner_tokens

log = logging.getLogger(__name__)

# A form's field for the classification ("CLASSIFICATION", "Class:"): a level under it is the
# field's value.
_CLASS_FIELD = re.compile(r"\bCLASS(?:IFICATION|IF\w*)?\b\W*$", re.I)
# How many lines either side of a banner a banner of another level makes it a form's check-box
# column ("UNCLASSIFIED" / "CONFIDENTIAL" / "SECRET").
CHECKBOX_REACH = 3


def banner_recurrence(lines: list[WorkLine]) -> None:
    """A banner or handling marking standing alone on its line at two places or more of a text
    without word boxes is the document's banner (``repeat``: "banner SECRET alone on its line
    at 3 places"): where a text has no page breaks (a JFK file as one page), the banners of its
    pages sit between paragraphs like headings, and only their recurrence tells them apart.

    Left out: a level right under a form's field for it ("CLASSIFICATION" / "SECRET") and a
    level among other levels (a routing sheet's check-box column); a banner found once stays
    unless position says otherwise. Pages with word boxes have their bands instead.
    """
    by_mark: dict[str, list[WorkLine]] = {}
    for ln in lines:
        p = ln.prior
        if not ln.edge_ok or p is None or p.name not in ("banner-line", "handling-line"):
            continue
        mark = p.detail.split(",")[0]  # "SECRET, with specks"
        if (ln.prev is not None and _CLASS_FIELD.search(ln.prev.text)) or (
            p.name == "banner-line" and _checkbox(ln, mark)
        ):
            ln.form_level = True  # and no band through unrecognised lines (``decide``)
            continue
        if not ln.repeat:
            by_mark.setdefault(mark, []).append(ln)
    for mark, same in by_mark.items():
        if len(same) >= 2:
            for ln in same:
                ln.repeat = f"banner {mark} alone on its line at {len(same)} places"


def _checkbox(ln: WorkLine, level: str) -> bool:
    """Another level among the ``CHECKBOX_REACH`` lines either side of a banner line, on a
    banner line of its own or in a row of levels ("( ] SECRET ( ] CONFIDENTIAL [] INTERNAL
    =) UNCLASSIFIED", a routing sheet's row with its value under it)."""
    for step in (lambda x: x.prev, lambda x: x.next):
        other = step(ln)
        for _ in range(CHECKBOX_REACH):
            if other is None:
                break
            p = other.prior
            if p is not None and p.name == "banner-line" and p.detail.split(",")[0] != level:
                return True
            if len(_levels_named(other.text)) >= 2:
                return True
            other = step(other)
    return False


def _levels_named(text: str) -> set[str]:
    """The classification levels a line's capitalised words name."""
    words = [w for w in text.upper().split() if len(w) >= 6]
    marks = banner_tokens(words) if words else []
    return {m.split("/")[0] for m in marks if m and m.split("/")[0] in LEVEL_WORDS}
