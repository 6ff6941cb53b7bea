"""The decision: evidence added up per line, furniture marked, and the removals it makes.

A line's score is its pattern's weight plus position, repetition and sequence (``_score``); at or
above ``StripConfig.threshold`` it is furniture. Furniture is itself position evidence for its
neighbours, so ``decide`` repeats until nothing changes. ``removals`` then lists every removed
line and span with the evidence that decided it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from pipeline.core.enums import FurnitureKind
from pipeline.core.records import Page
from pipeline.core.results import Removal
from pipeline.stages.strip.banner_evidence import LEVEL_LINES
from pipeline.stages.strip.config import (
    FORM_COLUMN,
    MEDIUM,
    POSITION,
    PROSE,
    REPETITION,
    ROW,
    STRONG,
    StripConfig,
)
from pipeline.stages.strip.lines import Span, WorkLine, box
from pipeline.stages.strip.page_marks import page_break

log = logging.getLogger(__name__)


def _anchor(other: WorkLine | None, ln: WorkLine, side: str) -> bool:
    """Does the neighbour ``other`` make ``ln`` sit among furniture?

    Only furniture of some weight counts: a stamp, a banner, a repeated line, or a span cut off
    the facing end of the neighbour. A lone number or a junk line does not pass its evidence on,
    or a column of numbers (a table of contents) would fall one after another.
    """
    if other is None:
        return False
    if other.furniture:
        return other.weight >= MEDIUM or other.kind == FurnitureKind.REPEATED
    if other.weight >= MEDIUM and ln.weight >= MEDIUM and not other.protected:
        # Two stamp or banner lines side by side back each other up; two banners naming
        # different levels are a form's check-box row ("CONFIDENTIAL" / "SECRET"), not banners;
        # the pieces of one banner word OCR broke over lines are one banner, no evidence for
        # each other.
        assert other.prior is not None and ln.prior is not None
        if other.prior.name in LEVEL_LINES and ln.prior.name in LEVEL_LINES:
            same = other.prior.detail == ln.prior.detail
            return same and other.prior.name != "broken-banner"
        return True
    return other.span_at_end() if side == "prev" else other.span_at_start()


# How many short unrecognised lines (``WorkLine.slight``) may lie in a page's band of furniture
# between a banner and the page edge.
BAND_SLIGHT = 3
# Page heads that have that band above them too, like a banner: a CIA cable's continuation head
# under a handwritten number ("14-00000" / "16-26" / "PAGE 2 SAN SALVADOR ORS8 SECRET": 2025
# 104-10186-10021 line 93, bench/furniture/jfk-recent, dev), and a memo's "page 2" under a number
# stamped at the page's top ("600262" / "page 2": 2022 180-10110-10123 line 73, jfk-opening dev).
PAGE_HEADS = frozenset({"cable-page-head", "page-label-lower"})
# How many such lines may lie between a page number in its dress ("= 5.", "- 2 -") or a page
# label ("• COVER PAGE") and the edge: one, a
# handwritten mark or a stamp's debris ("S RICAR. E" over "= 5." at a page's top: 2023
# 104-10102-10237 line 943; "CHEN" under "• COVER PAGE" above the foot banner: 2025
# 124-10332-10047 line 231; bench/furniture/jfk-recent, dev).
NUMBER_SLIGHT = 1
# Page-number patterns of a number alone, with nothing of a page number's dress: no such room.
BARE_NUMBERS = frozenset({"lone-number", "lone-number-word"})


def _at_edge(ln: WorkLine) -> str:
    """Only the page's band of furniture between the line and the top or bottom of its page
    (text input). The band is furniture, and for a banner line (or a page head,
    ``PAGE_HEADS``) also up to ``BAND_SLIGHT`` short unrecognised lines (a noise line, a
    stamp's debris, a handwritten number: none of them a sentence), as in a JFK page's
    "13-00000" / "( - + C [Eseouiva 5" / "ser" / "SECRET"; not for a level that is a form's
    value (``WorkLine.form_level``: the lines around it are the form's). A page number that is
    more than a bare number may have ``NUMBER_SLIGHT`` such lines there. Any other line needs
    furniture all the way to the edge."""
    if not ln.edge_ok:
        return ""
    banner = ln.prior is not None and (
        ln.prior.kind == FurnitureKind.BANNER or ln.prior.name in PAGE_HEADS
    )
    room = BAND_SLIGHT if banner and not ln.form_level else 0
    # Not a bare number ("14", "E 2" among specks): a field's or a table's piece as likely as a
    # page's number; only a number in a page number's dress or a page label.
    number = ln.prior is not None and ln.prior.kind == FurnitureKind.PAGE_NUMBER
    if number and not banner and ln.prior.name not in BARE_NUMBERS:
        room = NUMBER_SLIGHT
    # A level read clean, alone on its line, may also have one short line of the page's head
    # between it and the edge (``_head_line``).
    clean = bool(room) and ln.prior is not None and ln.prior.name == "banner-line"
    clean = clean and "," not in ln.prior.detail
    for step, edge, where in ((_up, "top", "below"), (_down, "bottom", "above")):
        other, furniture, slight, head = step(ln), 0, 0, 0
        while other is not None:
            if other.furniture or (_band_slight(other) and slight < room):
                slight += not other.furniture
            elif clean and not head and slight < room and not other.form_end and _head_line(other):
                head = slight = slight + 1
            else:
                break
            if page_break(other):
                break
            furniture += other.furniture
            other = step(other)
        mark = page_break(other) if other is not None else ""
        if other is not None and mark:
            # The scan mark heads each page of a JFK text without page markers: the lines under
            # it begin a page, the lines above it end the page before (2018 104-10433-10178 line
            # 515, "LIMITED OFFICIAL ust" over a speck line and the next page's "13-00000",
            # jfk-state dev); so does an export's page marker the text was not split at
            # (``page_marks``).
            side = "above" if step is _up else "below"
            edge, other = f"{edge} of a page (its {mark} line {other.idx} {side})", None
        elif other is not None and other.form_end and step is _up and room:
            # NARA's identification form ends where the record's first page begins: a banner
            # under it heads that page (text without page markers: 2022 176-10036-10168 line 28,
            # jfk-176 dev).
            edge, other = "top of the record's first page, under NARA's identification form", None
        elif other is None:
            edge = f"{edge} of page"
        if other is None:
            band = ["furniture"] if furniture else []
            band += [f"{slight} short unrecognised line(s)"] if slight else []
            return edge + (f", {where} {' and '.join(band)}" if band else "")
    return ""


def _band_slight(ln: WorkLine) -> bool:
    """A short unrecognised line, or a lone number the decision has not taken (yet): a stamped
    count or a page number between a banner and its page's edge ("13-00000" / "98" / "24" /
    "EGRET", 2025 104-10301-10010 lines 751-757, jfk-recent dev) is in the band like a speck."""
    return ln.slight or (ln.prior is not None and ln.prior.name == "lone-number")


# A page head's line: at most this many characters.
HEAD_CHARS = 40


def _head_line(ln: WorkLine) -> bool:
    """A short line of a page's head or foot that is no sentence and no stamp of its own: the
    FBI continuation page's reference line over its banner ("Re: CARLOS PRIO SOCARRAS" /
    "SECRET", 2023 124-10332-10043 lines 127-129, jfk-recent dev), a memo's routing line."""
    text = ln.text.strip()
    return (
        len(text) <= HEAD_CHARS
        and not ln.prose
        and not ln.protected
        and ln.weight < MEDIUM
        and not text.endswith((".", ",", ";", "-"))
    )


def _up(ln: WorkLine) -> WorkLine | None:
    return ln.prev


def _down(ln: WorkLine) -> WorkLine | None:
    return ln.next


def _position(ln: WorkLine) -> str:
    if ln.in_column:
        # One of a column of numbers (a table of contents): where it sits says nothing; a page
        # number is not printed next to another lone number.
        return ""
    if ln.band:
        return ln.band
    if ln.edge and not ln.form_level:
        return ln.edge
    edge = _at_edge(ln)
    if edge:
        return edge
    if _anchor(ln.prev, ln, "prev"):
        assert ln.prev is not None
        return f"next to furniture line {ln.prev.idx}"
    if _anchor(ln.next, ln, "next"):
        assert ln.next is not None
        return f"next to furniture line {ln.next.idx}"
    return ""


def _running_head_position(ln: WorkLine) -> str:
    """Band or page edge, for a line that is a paragraph of its own (blank lines, furniture or
    the page edge above and below it)."""
    up, down = ln.prev, ln.next
    alone = (up is None or up.furniture or ln.idx - up.idx > 1) and (
        down is None or down.furniture or down.idx - ln.idx > 1
    )
    return (ln.band or _at_edge(ln)) if alone else ""


def _score(ln: WorkLine) -> tuple[float, list[str]]:
    prior = ln.prior
    if prior is None and not ln.repeat:
        return 0.0, []
    if ln.protected and ln.weight < STRONG:
        return 0.0, []
    if ln.value:
        return 0.0, []
    score = 0.0
    why: list[str] = []
    if prior:
        score += prior.weight
        why.append(f"pattern {prior.name}" + (f" ({prior.detail})" if prior.detail else ""))
    # A running head is at the page edge itself, a paragraph of its own; a line with no pattern
    # gets no position from its neighbours (the first body line under a banner is not furniture)
    # and none inside a paragraph (a form letter's last line repeats on every page too).
    where = _position(ln) if prior else _running_head_position(ln)
    if where:
        score += POSITION
        why.append(where)
    if ln.form:
        score += FORM_COLUMN
        why.append(ln.form)
    if ln.cable and not where:
        score += POSITION
        why.append(ln.cable)
    if ln.repeat:
        score += REPETITION
        why.append(ln.repeat)
    if ln.sequence:
        score += ln.sequence
        why.append(ln.sequence_note)
    if prior is None and ln.prose:
        score -= PROSE
        why.append("reads like a sentence")
    return score, why


def _removed_kind(ln: WorkLine, k: int) -> str:
    """The furniture kind token ``k`` of a line is removed as, or ""."""
    if ln.furniture:
        strong = ln.weight >= MEDIUM or ln.kind == FurnitureKind.REPEATED
        return ln.kind if strong else ""
    t = ln.toks[k]
    for s in ln.spans:
        if s.decided and s.start <= t.start and t.end <= s.end:
            return s.kind
    return ""


def _row_evidence(ln: WorkLine) -> tuple[str, str]:
    """(kind, evidence) when the line is a piece of a removed line's printed row."""
    for other, k in ln.row:
        kind = _removed_kind(other, k)
        if kind:
            return kind, f"on the printed row of furniture line {other.idx} (OCR split the row)"
    return "", ""


def mark_furniture(lines: list[WorkLine], config: StripConfig) -> None:
    """Decide every line (``lines``: all of the document's, in order, with their evidence).

    A line scoring ``StripConfig.threshold`` or more becomes furniture (``furniture``, ``kind``,
    ``evidence``, ``score``); a short piece of a removed line's printed row goes with it; a
    banner at a paragraph's end with position (or doubled) becomes a span. Stamp spans found
    in ``collect`` are taken as they are.
    """
    for ln in lines:
        for s in ln.spans:
            s.decided = True
    # Furniture makes its neighbours' position evidence: repeat until nothing changes. Each pass
    # can only add furniture, so this ends; passes alternate direction so that evidence travels
    # down a page and up it alike, and two or three passes settle it.
    changed = True
    order = lines
    while changed:
        changed = False
        for ln in order:
            if ln.furniture or ln.redacted():
                continue
            score, why = _score(ln)
            if score >= config.threshold:
                ln.furniture, ln.score, ln.evidence = True, score, why
                ln.kind = ln.prior.kind if ln.prior else FurnitureKind.REPEATED
                changed = True
                continue
            if ln.row and not ln.spans:
                kind, where = _row_evidence(ln)
                if kind:
                    ln.furniture, ln.score, ln.kind = True, ROW, kind
                    ln.evidence = [where, ln.band]
                    changed = True
                    continue
            tail = ln.tail
            if tail is None or any(s.start < tail.end and tail.start < s.end for s in ln.spans):
                continue
            where = _position(ln)
            if tail.words >= 2 or where:
                why = [f"banner {tail.level} at end of paragraph"]
                why.append("doubled banner" if tail.words >= 2 else where)
                ln.spans.append(
                    Span(tail.start, tail.end, FurnitureKind.BANNER, why, MEDIUM + POSITION, True)
                )
                ln.tail = None
                changed = True
        order = order[::-1]
    # A piece of a stamp's row that also repeats from page to page is a piece of the stamp.
    for ln in lines:
        if ln.furniture and ln.kind == FurnitureKind.REPEATED and ln.row:
            kind, where = _row_evidence(ln)
            if kind:
                ln.kind = kind
                ln.evidence.append(where)


def list_removals(
    pages: Sequence[Page], lines: list[WorkLine], config: StripConfig
) -> tuple[Removal, ...]:
    """Every removed line and span, in document order, as ``Removal`` records: page number,
    line index, character offsets into the line, text, kind, evidence, score and box (page
    pixels, None without boxes). Kinds in ``StripConfig.keep_kinds`` are left out."""
    out: list[Removal] = []
    for ln in lines:
        number = pages[ln.page].number
        if ln.furniture:
            if ln.kind not in config.keep_kinds:
                out.append(
                    Removal(
                        number,
                        ln.idx,
                        0,
                        len(ln.text),
                        ln.text,
                        ln.kind,
                        tuple(ln.evidence),
                        ln.score,
                        box(ln, 0, len(ln.text)),
                    )
                )
            continue
        for s in sorted(ln.spans, key=lambda s: s.start):
            if s.kind in config.keep_kinds:
                continue
            out.append(
                Removal(
                    number,
                    ln.idx,
                    s.start,
                    s.end,
                    ln.text[s.start : s.end],
                    s.kind,
                    tuple(s.evidence),
                    s.score,
                    s.bbox or box(ln, s.start, s.end),
                    mark=s.mark,
                )
            )
    return tuple(out)
