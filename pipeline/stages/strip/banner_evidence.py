"""Banners in text without word boxes: found by their recurrence, not their place on the page.

A text file with no page breaks (a JFK release's OCR, one "page" of hundreds of lines) gives its
banners no position: "SECRET" at a page's foot and head sits between two paragraphs like a
heading. What gives it away is that the document prints it, alone on its line, again and again;
a level under a form's field for it or in a routing sheet's check-box column is a value, not a
banner. ``decide`` weighs the ``repeat`` this sets like any other repetition.

A cable form prints its classification inside its header and trailer too: "SECRET" between the
form's "CLASSIFIED MESSAGE" and the "FROM:" line, or under the last paragraph's "INDEX." above
the date-time group. A bare banner line right beside such a line is the form's marking, found
once as well as many times (``cable_banners``; ``decide`` weighs it like position).

OCR also breaks a banner word over lines of its own ("SE" / "CRET", "S" / "E" / "CRET" at the
top and foot of the pages of a 2021 JFK release): the pieces, joined, are the banner
(``broken_banners``), and each piece then needs its place on the page like any banner line.
"""

from __future__ import annotations

import logging
import re

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import MEDIUM
from pipeline.stages.strip.lines import WorkLine
from pipeline.stages.strip.patterns.banners import (
    LEVEL_WORDS,
    banner_line_level,
    banner_tokens,
    unspaced,
)
from pipeline.stages.strip.patterns.base import DEBRIS, Prior

log = logging.getLogger(__name__)

# A form's field for the classification ("CLASSIFICATION", "Class:"): a level under it is the
# field's value.
_CLASS_FIELD = re.compile(r"\bCLASS(?:IFICATION|IF\w*)?\b\W*$", re.I)
# The priors of a line that is a level alone: a banner line, or the pieces of one OCR broke
# over lines (``broken_banners``).
LEVEL_LINES = frozenset({"banner-line", "broken-banner"})
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
        if not ln.edge_ok or p is None or p.name not in (*LEVEL_LINES, "handling-line"):
            continue
        mark = p.detail.split(",")[0]  # "SECRET, with specks"
        if (ln.prev is not None and _CLASS_FIELD.search(ln.prev.text)) or (
            p.name in LEVEL_LINES and _checkbox(ln, mark)
        ):
            ln.form_level = True  # and no band through unrecognised lines (``decide``)
            continue
        if not ln.repeat and p.name != "broken-banner":  # its pieces are one place
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
            if p is not None and p.name in LEVEL_LINES and p.detail.split(",")[0] != level:
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


# A cable form's own header or trailer marking, as the CIA and State forms print them (2018 NARA
# JFK releases, dev): "CLASSIFIED MESSAGE" / "CLASS. MESSAGE" (104-10167-10396 line 5), the
# date-time group or "CITE", and the trailer's "INDEX" / "NO INDEX" (104-10016-10026 line 140,
# 104-10217-10227 line 11), "END OF MESSAGE", "C/S COMMENT". Only a cable prints these.
CABLE_LINE = re.compile(
    r"""CLASS(?:IFIED)?\.?\s+MESSAGE
        |\b\d{6}\s?Z\b|\bCITE\b
        |\bINDEX\W*$|END\s+OF\s+MESSAGE|\bC/S\s+COMMENT""",
    re.X,
)
# A field of the cable's header ("FROM: DIRECTOR", 104-10132-10144 line 16; "TO", "ACTION",
# "INFO"). Every routing sheet, memo and letter has "FROM:" and "TO:" fields too (the routing
# sheet's check-box column of levels right above its "FROM:", 2021 docid-32358513 page 3): a
# field counts only with a cable's own marking (``CABLE_LINE``) within ``FIELD_CONTEXT``
# non-blank lines of it on its page.
CABLE_FIELD = re.compile(r"^\W{0,3}(?:FROM|TO|ACTION|INFO)\s*[:.]")
FIELD_CONTEXT = 8
# How many non-blank lines either side the cable's line may be.
CABLE_REACH = 2


def cable_banners(lines: list[WorkLine]) -> None:
    """Mark a bare banner line (not a form's value or check box) with a cable form's header or
    trailer line among the ``CABLE_REACH`` lines either side on its page (``cable``: "beside the
    cable's header line 14"): a cable's own marking (``CABLE_LINE``), or a header field
    (``CABLE_FIELD``) that has such a marking near it (``_cable_field``). Run after
    ``banner_recurrence``, which finds the form values."""
    for ln in lines:
        p = ln.prior
        if p is None or p.name != "banner-line" or ln.form_level or ln.form or ln.protected:
            continue
        for step in (_prev, _next):
            other = step(ln)
            for _ in range(CABLE_REACH):
                if other is None or other.page != ln.page:
                    break
                if CABLE_LINE.search(other.text) or _cable_field(other):
                    ln.cable = f"beside the cable's header line {other.idx}"
                    break
                other = step(other)
            if ln.cable:
                break


def _prev(ln: WorkLine) -> WorkLine | None:
    return ln.prev


def _next(ln: WorkLine) -> WorkLine | None:
    return ln.next


def _cable_field(ln: WorkLine) -> bool:
    """A cable header's field: "FROM:" / "TO:" / "ACTION:" / "INFO:" with a cable's own
    marking within ``FIELD_CONTEXT`` non-blank lines on the same page."""
    if not CABLE_FIELD.search(ln.text):
        return False
    for step in (_prev, _next):
        other = step(ln)
        for _ in range(FIELD_CONTEXT):
            if other is None or other.page != ln.page:
                break
            if CABLE_LINE.search(other.text):
                return True
            other = step(other)
    return False


# A piece of a banner word broken over lines: one run of capitals, at most this many letters, on
# a line of its own; at most ``BROKEN_LINES`` such lines in a row make one word.
_PIECE = re.compile(r"[A-Z]{1,8}")
BROKEN_LINES = 4


def broken_banners(lines: list[WorkLine]) -> None:
    """Give the lines of a banner word that OCR broke over two to ``BROKEN_LINES`` lines of their
    own ("SE" / "CRET": 2021 NARA JFK docid-32397036 pages 11, 14, 26, 28; "S" / "E" / "CRET" page
    24) the prior ``broken-banner`` (kind banner, medium weight; detail "SECRET, broken over lines
    4-6"). The pieces are consecutive non-blank lines of one page, each one run of capitals that
    no pattern but junk took, and joined they are one level word within ``unspaced``'s OCR slips
    (no piece a whole level word). Run right after ``collect``, before the evidence; each piece
    still needs position like a banner line (``decide``). Not counted by ``banner_recurrence``:
    the pieces of one word are one banner, not several places."""
    i = 0
    while i < len(lines):
        run: list[WorkLine] = []
        ln: WorkLine | None = lines[i]
        while ln is not None and len(run) < BROKEN_LINES and _piece(ln):
            if run and ln.page != run[0].page:
                break
            run.append(ln)
            ln = ln.next
        for n in range(len(run), 1, -1):
            cores = [x.text.strip(DEBRIS + " \t") for x in run[:n]]
            word = unspaced(" ".join(cores))
            level = banner_line_level(word) if " " not in word else None
            if level is None:
                continue
            detail = f"{level}, broken over lines {run[0].idx}-{run[n - 1].idx}"
            for x in run[:n]:
                x.prior = Prior("broken-banner", FurnitureKind.BANNER, MEDIUM, detail)
                x.slight = False
            i += n - 1
            break
        i += 1


def _piece(ln: WorkLine) -> bool:
    # A damaged level word ("CRET", ``patterns.releases``) may be a piece of one too.
    unknown = ln.prior is None or ln.prior.kind == FurnitureKind.JUNK
    unknown = unknown or ln.prior.name == "damaged-level"
    core = ln.text.strip(DEBRIS + " \t")
    return unknown and not ln.protected and not ln.spans and bool(_PIECE.fullmatch(core))
