"""A form's check boxes back each other up: the lines of one printed menu a few lines apart.

OCR often reads a form's classification menu as a column, one box and option to a line
("L2] UNCLASSIFIED" / "UC Sout:" / "LJ SECRET", the top of a CIA routing sheet), with debris in
between. One such line alone is only a prior (``patterns.forms``); another line of the menu
within ``COLUMN_REACH`` lines is the evidence that it is the form's (``WorkLine.form``, weighed
in ``decide`` like position). A bare level line ("SECRET") in the same column is one of the
menu's options too, and becomes a ``form`` line instead of a banner; so is a bare level a few
lines from the form's printed instruction (a routing slip's boxes beside "FOLD HERE TO RETURN TO
SENDER").

The CIA information report's form prints its caption "CLASSIFICATION — DISSEMINATION CONTROLS"
at each page's head and foot (``patterns.report_form``); the level and control markings typed
beside it, and its printed "(When Filled In)", are the page's head or foot too
(``report_heads``), where no page marker or word box says where a page ends.

NARA's identification form, the cover sheet of every JFK release, is release metadata and stays;
but where the text has no page markers its end is the one sign of where the record's first page
begins (``id_form_ends``): a banner right under it heads that page (``decide``).
"""

from __future__ import annotations

import logging
import re

from rapidfuzz import fuzz, process

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import MEDIUM
from pipeline.stages.strip.lines import CAPTION_SPAN, WorkLine
from pipeline.stages.strip.patterns.base import Prior
from pipeline.stages.strip.patterns.notices import (
    FORM_WORDING,
    keyed,
    notice_align,
    notice_candidates,
    notice_run,
)
from pipeline.stages.strip.patterns.report_form import report_marking

log = logging.getLogger(__name__)

# How many lines either side another line of the menu may be.
COLUMN_REACH = 3
# How many lines either side of the report form's caption its typed marking may be.
CAPTION_REACH = 3
_MARKING_PRIORS = frozenset({"banner-line", "handling-line", "report-print"})
# A printed notice wraps over a few lines, which OCR damages and cuts unevenly: a line within
# ``NOTICE_REACH`` lines of a line of the notice that holds three of its words (not function
# words) in order covering ``NOTICE_COVER`` of the line, or two covering ``PAIR_COVER`` of it,
# is another of its lines ("WARNING NOTICE IN 031722" keeps the cable's number: 0.62).
NOTICE_REACH = 2
NOTICE_COVER = 0.5
PAIR_COVER = 0.75
# A printed notice that OCR cut into a block of damaged lines, none of them read as the notice on
# its own (the Espionage Laws notice of a CIA information report, scanned narrow or in two
# columns: 2022 176-10036-10015 lines 31-32, 176-10036-10147 lines 30-37, jfk-176 dev): lines
# each aligning with the notice (``notices.notice_align``: two content words or more, the
# matched words ``BLOCK_COVER`` of the line's letters), at most ``BLOCK_REACH`` lines apart on
# one page, with a line holding a key word of the notices among them, are the notice's when
# together they hold ``BLOCK_CONTENT`` of its content words.
BLOCK_REACH = 4
# A line of a form's printed wording read elsewhere in the document (``form_wording_lines``):
# as many content words, and as much of the line, as ``notices.notice_line`` asks of a line
# read on its own (``MIN_CONTENT``, ``SURE_COVER``).
FORM_CONTENT = 3
FORM_COVER = 0.85
BLOCK_CONTENT = 8
BLOCK_COVER = 0.6
# A form's field with its value ("Appraisal of Content: 2.", the information report's grade,
# whose words are the unevaluated-information notice's; 2018 104-10073-10356 line 51, dev).
_FIELD_VALUE = re.compile(r"[:!;]\s*\d")


# NARA's identification form: its title, and its last field ("COMMENTS : National Security
# Files, Box 201: ...", wrapped over a line or two), within ``ID_FORM_REACH`` lines of the title
# (2022 NARA JFK releases, the jfk-176 dev documents).
_ID_FORM = re.compile(r"IDENTIFICATION\s+FORM\b", re.I)
_LAST_FIELD = re.compile(r"\W{0,3}COMMENTS\s?[:;]")
ID_FORM_REACH = 40


def id_form_ends(lines: list[WorkLine]) -> None:
    """Mark the last line of each NARA identification form (``WorkLine.form_end``): the form's
    "COMMENTS :" field within ``ID_FORM_REACH`` lines under its title on the same page, with
    the field's wrapped rest (the lines right under it, no blank line between, none that a
    pattern knows). ``lines``: the document's, in order."""
    for title in lines:
        if not _ID_FORM.search(title.text):
            continue
        ln: WorkLine | None = title.next
        for _ in range(ID_FORM_REACH):
            if ln is None or _ID_FORM.search(ln.text):
                break
            if _LAST_FIELD.match(ln.text):
                while ln.next is not None and ln.next.idx == ln.idx + 1 and ln.next.prior is None:
                    ln = ln.next
                ln.form_end = True
                _marking_under(ln.next)
                break
            ln = ln.next


def _marking_under(ln: WorkLine | None) -> None:
    """The first line under the identification form, when it reads as the level and control
    markings typed at an information report's head (``report_form.report_marking``: "[oer
    NOFORN/CONTINUED CONTROL", 2022 176-10036-10015 line 28, jfk-176 dev), is that page head's
    banner (prior ``report-marking``); ``decide`` still wants its place at the page's top."""
    if ln is None or ln.prior is not None or ln.protected or ln.spans:
        return
    level = report_marking(ln.text)
    if level is not None:
        ln.prior = Prior("report-marking", FurnitureKind.BANNER, MEDIUM, level)


def form_columns(lines: list[WorkLine]) -> None:
    """Mark the lines of a form's check-box menu that have another of its lines nearby
    (``form``: "check-box column with line 12"); a banner line among them becomes one of the
    menu's options (its prior a ``checkbox-column`` of kind ``form``). ``lines``: the
    document's, in order, with their priors."""
    for ln in lines:
        if not _row(ln) and not _bare_level(ln):
            continue
        other = _neighbour(ln)
        printed = _printed_instruction(ln) if _bare_level(ln) else None
        if printed is not None and (other is None or not _printed_row(other)):
            # The routing slip's classification boxes, read as one bare level under its
            # printed "FOLD HERE TO RETURN TO SENDER" (2018 104-10165-10017 line 22,
            # 104-10308-10153 line 100, dev).
            ln.form = f"beside the form's printed line {printed.idx}"
        elif other is None or (not _printed_row(ln) and not _printed_row(other)):
            continue  # two bare levels side by side: banners, or a field's values; left alone
        else:
            ln.form = f"check-box column with line {other.idx}"
        if _bare_level(ln):
            assert ln.prior is not None
            ln.prior = Prior(
                "checkbox-column", FurnitureKind.FORM, ln.prior.weight, ln.prior.detail
            )


def _row(ln: WorkLine) -> bool:
    return ln.prior is not None and ln.prior.name in ("checkbox-row", "checkbox-column")


def _printed_row(ln: WorkLine) -> bool:
    """A line the form pattern itself took (not a level taken for an option by its column)."""
    return ln.prior is not None and ln.prior.name == "checkbox-row"


def _bare_level(ln: WorkLine) -> bool:
    return ln.prior is not None and ln.prior.name == "banner-line"


def _printed_instruction(ln: WorkLine) -> WorkLine | None:
    """A form's printed instruction line (``patterns.forms.printed_line``: "SENDER WILL CHECK
    CLASSIFICATION TOP AND BOTTOM", "FOLD HERE TO RETURN TO SENDER") within ``COLUMN_REACH``
    lines on the same page."""
    for step in (lambda x: x.prev, lambda x: x.next):
        other = step(ln)
        for _ in range(COLUMN_REACH):
            if other is None or other.page != ln.page:
                break
            if other.prior is not None and other.prior.name == "form-print":
                return other
            other = step(other)
    return None


def _neighbour(ln: WorkLine) -> WorkLine | None:
    """The nearest line of a check-box menu within ``COLUMN_REACH`` lines on the same page."""
    for step in (lambda x: x.prev, lambda x: x.next):
        other = step(ln)
        for _ in range(COLUMN_REACH):
            if other is None:
                break
            if _printed_row(other) or _bare_level(other):
                return other
            other = step(other)
    return None


def report_heads(lines: list[WorkLine]) -> None:
    """Mark the lines beside a CIA information report's printed caption (prior
    ``report-caption``) within ``CAPTION_REACH`` lines on the same page: its "(When Filled In)",
    a banner or handling line, and a line ``report_form.report_marking`` reads as the typed
    level and control markings (given the prior ``report-marking``, kind banner). Each gets
    ``form``: "beside the report form's printed caption line 12". Then, the marking being
    typed at every page's head, a line beside a caption that OCR damaged past reading is the
    marking when it is like one read in the document (``_like_marking``). ``lines``: the
    document's, in order, with their priors."""
    beside: list[tuple[WorkLine, WorkLine]] = []
    for cap in lines:
        caption = cap.prior is not None and cap.prior.name == "report-caption"
        if not caption and not any(s.evidence[0] == CAPTION_SPAN for s in cap.spans):
            continue
        for step in (lambda x: x.prev, lambda x: x.next):
            other = step(cap)
            for _ in range(CAPTION_REACH):
                if other is None or other.page != cap.page:
                    break
                _beside_caption(other, cap)
                beside.append((other, cap))
                other = step(other)
    read = {
        _letters(ln.text): ln
        for ln in lines
        if ln.prior is not None and ln.prior.name == "report-marking"
    }
    for ln, cap in beside if read else ():
        _like_marking(ln, cap, read)


def _beside_caption(ln: WorkLine, cap: WorkLine) -> None:
    if ln.form or ln.protected:
        return
    if ln.prior is None:
        level = report_marking(ln.text)
        if level is None:
            return
        ln.prior = Prior("report-marking", FurnitureKind.BANNER, MEDIUM, level)
    elif ln.prior.name not in _MARKING_PRIORS:
        return
    ln.form = f"beside the report form's printed caption line {cap.idx}"


# The typed marking repeats at every page's head, its words damaged differently each time
# ("CONFIDENTIAL NFORW/CONIED eoNTROR", "ime rosin. NOFORN/CONIINUED CONTROL" beside "cog
# NOFORN/CONTINUED CONTROL" read on another page: 2022 176-10036-10015 lines 245, 447, 78,
# jfk-176 dev): rapidfuzz ratio of the lines' letters, in capitals, at which they are one line.
MARKING_LIKE = 75
_WORD = re.compile(r"[A-Za-z]+")
# A report's number beside the marking ("CONFIDENTIAL: NOFORN/CONTINUED CONTROL “tBés'=3/519,
# 291"): the record's identifier, kept as ``report_form.report_marking`` keeps it.
_NUMBER = re.compile(r"\d{3}")


def _letters(text: str) -> str:
    return " ".join(_WORD.findall(text)).upper()


def _like_marking(ln: WorkLine, cap: WorkLine, read: dict[str, WorkLine]) -> None:
    """Give a line beside the caption that no pattern read (or OCR junk) the prior
    ``report-marking`` when its letters are like a marking read elsewhere in the document
    (``MARKING_LIKE``) and it holds no report number."""
    if ln.form or ln.protected or ln.spans or _NUMBER.search(ln.text):
        return
    if ln.prior is not None and ln.prior.name != "junk":
        return
    hit = process.extractOne(_letters(ln.text), list(read), scorer=fuzz.ratio)
    if hit is None or hit[1] < MARKING_LIKE:
        return
    like = read[hit[0]]
    assert like.prior is not None
    detail = f"like the marking of line {like.idx}"
    ln.prior = Prior("report-marking", FurnitureKind.BANNER, MEDIUM, detail)
    ln.form = f"beside the report form's printed caption line {cap.idx}"


def notice_blocks(lines: list[WorkLine]) -> None:
    """Mark the wrapped lines of a printed notice beside a line that is the notice (prior
    ``printed-notice``, its detail the notice's name): a line with no prior (or OCR junk's)
    within ``NOTICE_REACH`` lines on the same page whose words run along the same notice
    (``notices.notice_run``), and is no field with its value, gets the prior
    ``printed-notice-piece`` (kind form) and ``form``: "beside the printed notice line 12".
    A line so marked is beside the notice for the next (the notice's three lines, one read
    whole). ``lines``: the document's, in order."""
    todo = [ln for ln in lines if ln.prior is not None and ln.prior.name == "printed-notice"]
    while todo:
        anchor = todo.pop()
        assert anchor.prior is not None
        name = anchor.prior.detail
        for step in (lambda x: x.prev, lambda x: x.next):
            other = step(anchor)
            for _ in range(NOTICE_REACH):
                if other is None or other.page != anchor.page:
                    break
                if _notice_piece(other, name):
                    other.prior = Prior("printed-notice-piece", FurnitureKind.FORM, MEDIUM, name)
                    other.form = f"beside the printed notice line {anchor.idx}"
                    todo.append(other)
                other = step(other)


def form_wording_lines(lines: list[WorkLine]) -> None:
    """Mark the other lines of a form's printed wording (a ``form_wording`` passage) that a line
    of the document was read as (prior ``printed-notice``, its detail the passage's name):
    anywhere in the document, a line with no prior of its own whose words run along that
    passage (``notices.notice_run``: ``FORM_CONTENT`` of its words that are not function words,
    covering ``FORM_COVER`` of the line's letters) gets the prior ``printed-notice-piece``
    (kind form) and ``form``: "the printed wording of the form read at line 12". Such a line
    may hold no rare word (the pre-filter's keys, ``notices.keyed``) and stand far from the
    line that had one (a form's footnote under the answers: 2022 104-10110-10306 lines
    134-141, bench/furniture/jfk-prose, dev): the form read elsewhere in the document is the
    evidence. A typed answer in the line (``notices.filled_in``) keeps it. ``lines``: the
    document's, in order."""
    read: dict[str, WorkLine] = {}
    for ln in lines:
        p = ln.prior
        if p is not None and p.name == "printed-notice" and p.detail.startswith(FORM_WORDING):
            read.setdefault(p.detail, ln)
    if not read:
        return
    for ln in lines:
        if not _blockable(ln):
            continue
        for name, anchor in read.items():
            content, cover = notice_run(ln.text, name)
            if content >= FORM_CONTENT and cover >= FORM_COVER:
                ln.prior = Prior("printed-notice-piece", FurnitureKind.FORM, MEDIUM, name)
                ln.form = f"the printed wording of the form read at line {anchor.idx}"
                break


def notice_block_lines(by_page: list[list[WorkLine]]) -> None:
    """Mark the lines of a printed notice found as a block (``BLOCK_REACH``, ``BLOCK_CONTENT``):
    each line of the block that no pattern read as the notice gets the prior
    ``printed-notice-piece`` (kind form) and ``form``: "in a block of the printed notice, lines
    12-18". A line already read as the notice (prior ``printed-notice``) belongs to a block of
    its notice too. ``by_page``: the document's lines by page, in order."""
    for page in by_page:
        near = _near_keys(page)
        found: dict[str, list[tuple[int, WorkLine, int]]] = {}
        for pos, ln in enumerate(page):
            if pos not in near:
                continue
            if ln.prior is not None and ln.prior.name == "printed-notice":
                names = frozenset({ln.prior.detail})
            elif _blockable(ln):
                names = notice_candidates(ln.text)
            else:
                continue
            for name in names:
                content, cover = notice_align(ln.text, name)
                if content >= 2 and cover >= BLOCK_COVER:
                    found.setdefault(name, []).append((pos, ln, content))
        for name, members in found.items():
            for block in _chains(members):
                if len(block) < 2 or sum(c for _, _, c in block) < BLOCK_CONTENT:
                    continue
                where = (
                    f"in a block of the printed notice, lines {block[0][1].idx}-{block[-1][1].idx}"
                )
                for _, ln, _ in block:
                    if ln.prior is None or ln.prior.name != "printed-notice":
                        ln.prior = Prior("printed-notice-piece", FurnitureKind.FORM, MEDIUM, name)
                        ln.form = where


def _near_keys(page: list[WorkLine]) -> set[int]:
    """Positions on the page within ``BLOCK_REACH`` lines of a line holding a notice's key word."""
    near: set[int] = set()
    for pos, ln in enumerate(page):
        if keyed(ln.text):
            near.update(range(pos - BLOCK_REACH, pos + BLOCK_REACH + 1))
    return near


def _chains(
    members: list[tuple[int, WorkLine, int]],
) -> list[list[tuple[int, WorkLine, int]]]:
    """The members (position on the page, line, content words) in runs at most
    ``BLOCK_REACH`` positions apart."""
    chains: list[list[tuple[int, WorkLine, int]]] = []
    for m in members:
        if chains and m[0] - chains[-1][-1][0] <= BLOCK_REACH:
            chains[-1].append(m)
        else:
            chains.append([m])
    return chains


def _blockable(ln: WorkLine) -> bool:
    """A line with no pattern of its own (or OCR junk's), free to be a notice's line."""
    if ln.form or ln.protected or ln.spans:
        return False
    if ln.prior is not None and ln.prior.name != "junk":
        return False
    return not _FIELD_VALUE.search(ln.text)


def _notice_piece(ln: WorkLine, name: str) -> bool:
    if ln.form or ln.protected or ln.spans:
        return False
    if ln.prior is not None and ln.prior.name != "junk":
        return False
    if _FIELD_VALUE.search(ln.text):
        return False
    content, cover = notice_run(ln.text, name)
    return (content >= 3 and cover >= NOTICE_COVER) or (content == 2 and cover >= PAIR_COVER)
