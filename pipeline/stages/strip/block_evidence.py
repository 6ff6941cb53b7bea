"""Stamps of several lines read as a block, and a repeated furniture line OCR wrapped in two.

A rubber stamp or a printed cover-sheet caption is several short lines in a fixed wording ("RETURN
TO CIA / Background Use Only / Do Not Reproduce"). OCR damages one line of it past what a
one-line pattern may accept on its own ("Bockground Was Cry", "DECLASSIEICATION ALTECEITE DEBIJED
ERDI:"), or cuts a line in two ("Do Not Res" / "roduce"). What a person goes by is the block: a
line that reads as another line of the same stamp, right beside a line already known to be that
stamp, is that stamp's too (``stamp_blocks``). Lines whose wording is also a sentence's ("has no
Objection to Release") are taken only as a block of two lines or more, each read nearly whole,
short lines each, as the stamp prints them.

A running header or footer the text export wrapped over two lines on one page ("For The President
Only - Top" / "Secret", where every other page prints it whole) is the repeated line too
(``wrapped_repeats``): the two lines joined are the line ``evidence.repetition`` found.

Every block comes from real releases, each with the dev file and lines it was read from
(``BLOCKS``); nothing here is from the test split.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import MEDIUM, POSITION, WEAK
from pipeline.stages.strip.evidence import repetition_key
from pipeline.stages.strip.lines import WorkLine
from pipeline.stages.strip.patterns.base import DEBRIS, Prior

log = logging.getLogger(__name__)


# rapidfuzz ratio (0-100) of a line against a block's line: beside a line known to be the block
# (``LOW``), or with no such line, every line of a block of two or more (``HIGH``).
LOW = 65.0
HIGH = 90.0
# A stamp's date line, its words damaged past a ratio ("- UASE 4-30-94 B15P"): read by shape
# (``_date_line``) where a block lists it.
DATE_LINE = "DATE ... BY ..."
_DATE_SHAPE = re.compile(r"[\W_]{0,3}(?P<word>[A-Za-z]{4})\s+\S*\d\S*(?:\s+\S+){0,2}")


@dataclass(frozen=True, slots=True)
class Block:
    """A stamp or printed caption of several lines: the prior ``name`` its lines get (the name
    its one-line patterns already give, where there are some), its ``kind``, its ``lines`` as
    printed, and ``anchors``: prior names that mark a line as already known to be this block."""

    name: str
    kind: FurnitureKind
    lines: tuple[str, ...]
    anchors: frozenset[str]
    # The reading a line beside an anchor needs (``LOW`` unless the block's words are also a
    # form's: "CLASSIFICATION", a field's caption, reads 72 as "(SECURITY CLASSIFICATION)").
    low: float = LOW


# The blocks, each read in NARA JFK releases (noops888/jfk-files-text @55840853; dev: held in
# bench/furniture/<folder>/).
BLOCKS: tuple[Block, ...] = (
    # CIA's handling stamp: jfk-recent 2025__0318__104-10162-10120 lines 145-151 ("Do Not Res" /
    # "roduce"), 2025__0318__104-10301-10010 lines 665-669 ("Bockground Was Cry").
    Block(
        "cia-handling-stamp",
        FurnitureKind.RELEASE_STAMP,
        ("RETURN TO CIA", "BACKGROUND USE ONLY", "DO NOT REPRODUCE"),
        frozenset({"cia-handling-stamp"}),
    ),
    # The FBI's declassification stamp of 2023: jfk-recent 2023__124-10332-10043 lines 85-91 and
    # 119-125.
    Block(
        "fbi-declass-stamp",
        FurnitureKind.RELEASE_STAMP,
        ("DECLASSIFICATION AUTHORITY DERIVED FROM:", "FBI AUTOMATIC DECLASSIFICATION GUIDE"),
        frozenset({"fbi-declass-stamp", "fbi-declass-fields"}),
    ),
    # CIA's release stamp on HSCA notes: jfk-recent 2025__0318__180-10145-10302 lines 33-39
    # ("Central Intelligence Agency" / "has no Objection to Release" / "Date." / "ASSANITIZED").
    Block(
        "cia-release-stamp",
        FurnitureKind.RELEASE_STAMP,
        ("CENTRAL INTELLIGENCE AGENCY", "HAS NO OBJECTION TO RELEASE", "AS SANITIZED"),
        frozenset({"cia-release-stamp"}),
    ),
    # The FBI/JFK task force's release box: jfk-state 2021__docid-32340308 lines 787-793
    # ("REVENED BY AOTA TASK FORCE" / "ON 10/2/57 cat" / "RELEASE IN FULL" / "RELEASE IS PART").
    Block(
        "task-force-box",
        FurnitureKind.RELEASE_STAMP,
        ("REVIEWED BY FBI/JFK TASK FORCE", "RELEASE IN FULL", "RELEASE IN PART", "TOTAL DENIAL"),
        frozenset({"task-force-box", "task-force-box-line", "state-release-stamp"}),
    ),
    # CIA's no-objection stamp a line to a line, as FBI copies of CIA reports print it, often
    # beside a routing column that OCR reads across it, so its lines come between the column's
    # (``WIDE``): 2025 jfk-series dev 124-10279-10046 lines 121-143 ("RELEASE OF CIA
    # INFORMATION-"), 124-10279-10018 lines 187-197 ("IN THIS DOCUMENT" / "AS SANITIZED"),
    # 124-90137-10230 lines 97-99 ("CIA HAS NO CRIESTION TO" / "DECI", cut at the margin).
    Block(
        "cia-release-stamp",
        FurnitureKind.RELEASE_STAMP,
        (
            "CIA HAS NO OBJECTION TO",
            "DECLASSIFICATION AND/OR",
            "RELEASE OF CIA INFORMATION",
            "IN THIS DOCUMENT",
            "AS SANITIZED",
        ),
        frozenset({"cia-release-stamp", "cia-release-stamp-line"}),
    ),
    # The FBI's declassification stamp of the 1990s, a line to a line, its date line last ("ALL
    # FBI INFORMATION CONTAINED" / "HEREIN IS UNCLASSIFIED" / "EXCEPT WHERE SHOWN" / "OTHERWISE"
    # / "DATE 1-18-95 BY 5668 SD/SADN"): 2025 jfk-series dev 124-10180-10295 lines 157-163
    # ("EXCEPT WHERE SHOUG" / "OTHERWAR"), 124-10206-10337 lines 145-147 ("DATE 41N194S85PEmA
    # fac"), 124-10279-10046 lines 181-193 ("- UASE 4-30-94 B15P", a column between).
    Block(
        "fbi-declass-stamp",
        FurnitureKind.RELEASE_STAMP,
        (
            "ALL INFORMATION CONTAINED",
            "ALL FBI INFORMATION CONTAINED",
            "HEREIN IS UNCLASSIFIED",
            "EXCEPT WHERE SHOWN",
            "OTHERWISE",
            DATE_LINE,
        ),
        frozenset({"fbi-declass-stamp", "fbi-declass-date"}),
    ),
    # A classified cover sheet's handling caption, a word to a line: jfk-recent
    # 2023__177-10002-10098 lines 129-133 ("Handle Via" / "COMINT" / "Channels"), above the
    # sheet's printed access notice.
    Block(
        "cover-sheet-caption",
        FurnitureKind.FORM,
        ("HANDLE VIA", "COMINT", "CHANNELS"),
        frozenset(),
    ),
    # The same cover sheet's foot: its level and the printed caption under it, jfk-recent
    # 2023__177-10002-10098 lines 143-145 ("TOP SECRET" / "(Security Classification)").
    Block(
        "cover-sheet-caption",
        FurnitureKind.FORM,
        ("(SECURITY CLASSIFICATION)",),
        frozenset({"banner-line"}),
        low=HIGH,
    ),
)

# A line cut at the margin ("DECI" for "DECL..."): at least this many letters, shorter than the
# word it starts, reading as its start at this rapidfuzz ratio (one letter in four misread).
CUT = 4
CUT_RATIO = 75.0
# Lines of a stamp read across a column beside it: at most this many other short lines between
# two of its lines, when they come in the stamp's printed order.
WIDE = 3
# A block line is short: the longest printed line of a block and this many characters more.
SLACK = 10
# Lines of a block lie together: at most this many other non-blank lines between two of them.
GAP = 1
# A line cut in two: the second piece is at most this many characters.
PIECE = 12
# Members of a block found together are the stamp by their place in it.
BLOCK = MEDIUM + POSITION


def _free(ln: WorkLine) -> bool:
    """A line the block may take: nothing decided or known of weight about it."""
    return not (ln.protected or ln.spans or ln.furniture or ln.weight > WEAK or ln.repeat)


def _read(text: str, block: Block) -> tuple[float, int]:
    """(ratio, index of the block's line) of the best match of ``text`` (upper-cased, OCR debris
    at its ends off); (0, -1) for a line too long or too short to be one. A line that is only
    the start of a block's first word (``CUT`` letters or more, its first letter whole, cut at
    the margin: "DECI") or, where the block lists ``DATE_LINE``, a date line by its shape reads
    ``LOW``: enough beside the block's other lines, never alone, and never for a block whose
    lines need more (``Block.low``). In such a block a line with a digit is only its date line
    (a letter's date beside the stamp's line, "aie 15, 1975 HEREIN JS UNCLASSIFIED", is the
    letter's: 2018 docid-32989641 line 7813, dev)."""
    core = " ".join(text.upper().split()).strip(DEBRIS + " ")
    longest = max(map(len, block.lines))
    if not 3 <= len(core) <= longest + SLACK:
        return 0.0, -1
    dated = DATE_LINE in block.lines
    if dated and any(c.isdigit() for c in core):
        return (LOW, block.lines.index(DATE_LINE)) if _date_line(core) else (0.0, -1)
    hit = process.extractOne(core, block.lines, scorer=fuzz.ratio)
    score, j = (hit[1], hit[2]) if hit else (0.0, -1)
    if score < LOW and len(core) >= CUT and core.isalpha():
        for k, line in enumerate(block.lines):
            word = line.split()[0]
            cut = len(core) < len(word) and core[0] == word[0]
            if cut and fuzz.ratio(core, word[: len(core)]) >= CUT_RATIO:
                return LOW, k
    return score, j


def _date_line(core: str) -> bool:
    """A stamp's date line by its shape: a four-letter word near "DATE" ("UASE", "PATE"), a
    token with digits, at most two more tokens."""
    m = _DATE_SHAPE.fullmatch(core)
    return m is not None and fuzz.ratio(m["word"], "DATE") >= 50


def _same_page(a: WorkLine, b: WorkLine | None) -> bool:
    return b is not None and b.page == a.page


def stamp_blocks(lines: list[WorkLine]) -> None:
    """Give the lines of every stamp block found (``BLOCKS``) the block's prior at weight
    ``BLOCK``, its evidence naming the block's other lines. ``lines``: the document's, in order,
    with their priors.

    A run is made of lines of one page, at most ``GAP`` other lines apart, each either an anchor
    (a line a one-line pattern already knows as this stamp) or a free line that reads as one of
    the block's lines at ``LOW`` or more (alone, or joined with the short next line it was cut
    from, both then taken). A run with an anchor gives its free lines the prior; a run with none
    needs two lines or more, all at ``HIGH`` or more, reading as two different lines of the block.
    """
    for block in BLOCKS:
        members: list[tuple[WorkLine, float, int]] = []  # (line, ratio, block line); -1: anchor
        taken: set[int] = set()
        for ln in lines:
            if id(ln) in taken:
                continue
            if ln.prior is not None and ln.prior.name in block.anchors and ln.weight >= MEDIUM:
                members.append((ln, 100.0, -1))
                continue
            if not _free(ln):
                continue
            score, j = _read(ln.text, block)
            nxt = ln.next
            if (
                _same_page(ln, nxt)
                and nxt is not None
                and _free(nxt)
                and len(nxt.text.strip()) <= PIECE
            ):
                joined, k = _read(f"{ln.text} {nxt.text}", block)
                if joined >= block.low and joined > max(score, _read(nxt.text, block)[0]) + 10:
                    members.append((ln, joined, k))
                    members.append((nxt, joined, k))
                    taken.add(id(nxt))
                    continue
            if score >= block.low:
                members.append((ln, score, j))
        for run in _runs(members, block):
            _take(block, run)


def _place(m: tuple[WorkLine, float, int], block: Block) -> int:
    """The block's line a member reads as (an anchor's by its own reading)."""
    return m[2] if m[2] >= 0 else _read(m[0].text, block)[1]


def _across(last: WorkLine, ln: WorkLine, block: Block) -> bool:
    """Every line between ``last`` and ``ln`` (at most ``WIDE``) is short: a column read across
    the stamp."""
    longest = max(map(len, block.lines)) + SLACK
    between = last.next
    for _ in range(WIDE):
        if between is None or between is ln:
            return True
        if len(between.text.strip()) > longest:
            return False
        between = between.next
    return between is ln


def _runs(
    members: list[tuple[WorkLine, float, int]], block: Block
) -> list[list[tuple[WorkLine, float, int]]]:
    """The members cut into runs: same page, at most ``GAP`` non-blank lines apart, or at most
    ``WIDE`` short lines apart when the later one is a later line of the block than the
    earlier (a stamp read across a column beside it, in its printed order)."""
    runs: list[list[tuple[WorkLine, float, int]]] = []
    for m in members:
        prev = runs[-1][-1] if runs else None
        last = prev[0] if prev is not None else None
        if last is not None and last.page == m[0].page:
            gap = m[0].order - last.order
            if gap <= GAP + 1 or (
                gap <= WIDE + 1
                and _place(m, block) > _place(prev, block) >= 0
                and _across(last, m[0], block)
            ):
                runs[-1].append(m)
                continue
        runs.append([m])
    return runs


def _order(ln: WorkLine) -> int:
    return ln.order


def _take(block: Block, run: list[tuple[WorkLine, float, int]]) -> None:
    """Give a run's lines the block's prior when the run is the block (``stamp_blocks``); the
    anchors of a run of two or more, of the block's kind, weigh ``BLOCK`` too (a damaged copy
    of one stamp line, known only at medium weight, beside another line of the same stamp)."""
    anchors = [ln for ln, _, j in run if j < 0]
    # Each printed line of the block once: the best reading of it (both pieces of a cut line
    # read joined), none where a line already known stands for it ("FYI AND BACKGROUND ONLY :",
    # a cable's own first line under the whole stamp, stays: 2025 104-10063-10160 line 72,
    # jfk-recent dev).
    readings = [_read(ln.text, block) for ln in anchors]
    covered = {j for score, j in readings if score >= block.low}
    best: dict[int, float] = {}
    for _, s, j in run:
        if j >= 0:
            best[j] = max(best.get(j, 0.0), s)
    free = [(ln, s, j) for ln, s, j in run if j >= 0 and j not in covered and s == best[j]]
    if not anchors:
        if len(free) < 2 or min(s for _, s, _ in free) < HIGH or len({j for *_, j in free}) < 2:
            return
    elif len(anchors) + len(free) < 2:
        return
    where = ", ".join(str(ln.idx) for ln in sorted([*anchors, *(f[0] for f in free)], key=_order))
    for ln, s, j in free:
        why = f"{block.lines[j]!r} (rapidfuzz {s:.0f}) in a block of its lines {where}"
        ln.prior = Prior(block.name, block.kind, BLOCK, why)
        log.debug("stamp block %s: page %d line %d", block.name, ln.page, ln.idx)
    for ln in anchors:
        assert ln.prior is not None
        # Only a line of the same kind: a banner over a caption keeps its own evidence (a level
        # may be a form's value).
        if ln.prior.weight < BLOCK and ln.prior.kind == block.kind:
            why = f"{ln.prior.detail}, in a block of the stamp's lines {where}".lstrip(", ")
            ln.prior = Prior(ln.prior.name, ln.prior.kind, BLOCK, why, ln.prior.number)


# A wrapped line's two pieces joined, against the repeated line: rapidfuzz ratio, digits masked.
WRAPPED = 95.0


def wrapped_repeats(lines: list[WorkLine]) -> None:
    """Two lines of one page that, joined, are a line found repeated near the edge of most
    pages (``WorkLine.repeat``, ``evidence.repetition``) get that evidence too: the export
    wrapped the running line there. ``lines``: the document's, in order, after ``repetition``.
    Only free lines with no pattern (``_free``); the first piece at least half the line."""
    repeated = {repetition_key(ln.text) for ln in lines if ln.repeat and ln.prior is None}
    repeated = {k for k in repeated if len(k) >= 12}
    if not repeated:
        return
    keys = tuple(repeated)
    for ln in lines:
        nxt = ln.next
        if nxt is None or not _same_page(ln, nxt) or not (_free(ln) and _free(nxt)):
            continue
        if ln.prior is not None or nxt.prior is not None:
            continue
        joined = repetition_key(f"{ln.text} {nxt.text}")
        hit = process.extractOne(joined, keys, scorer=fuzz.ratio, score_cutoff=WRAPPED)
        if hit is None or 2 * len(repetition_key(ln.text)) < len(hit[0]):
            continue
        note = f"with line {nxt.idx}, the repeated line {hit[0]!r} wrapped (rapidfuzz {hit[1]:.0f})"
        ln.repeat = note
        nxt.repeat = f"with line {ln.idx}, the repeated line {hit[0]!r} wrapped"
