"""A rubber stamp's date on the line beside its caption: the date is the stamp's too.

An office or records stamp is a caption and a date, and OCR often reads the two as lines of
their own ("MICROFILMED" / "SEP 3 1970"; "RECEIVED" / "6 OCT 30 1962"). The caption is found by
its words (``patterns.notices.office_stamp``); the date alone is no evidence of anything, since
a memo's own date line looks the same ("23 DEC 1964" under the banners is the memo's date, and
stays). So a bare date line is taken only right beside a stamp caption line, which is its
evidence (``stamp_dates``); ``decide`` weighs it like any medium pattern next to furniture.
"""

from __future__ import annotations

import logging
import re

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import MEDIUM
from pipeline.stages.strip.lines import WorkLine
from pipeline.stages.strip.patterns.base import DEBRIS, Prior
from pipeline.stages.strip.patterns.stamps import LIBRARY_LINE

log = logging.getLogger(__name__)

# A stamp's date: day, month, year in either order, the month in capitals as stamps print it,
# OCR's run-together digits included ("SEP 331970", "1FEB 55", "29 MAR 1966", "FEB 3 1966").
_MONTH = r"(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC)"
_D = r"[\dOoIl|]"
STAMP_DATE = re.compile(
    rf"""{_D}{{1,2}}\s*{_MONTH}\.?\s*,?\s*(?:19)?{_D}{{2}}
        |{_MONTH}\.?\s*{_D}{{1,2}}\s*,?\s*(?:19)?{_D}{{2}}
        |{_MONTH}\.?\s*{_D}{{5,6}}""",
    re.X,
)
# A stamp's date read as two lines: the month and day, then the year ("NOV8" / "1965", "FEB 23"
# / "19611" with OCR's extra digit).
_MONTH_DAY = re.compile(rf"{_MONTH}\.?\s*{_D}{{1,2}}|{_D}{{1,2}}\s*{_MONTH}\.?")
_YEAR = re.compile(rf"19{_D}{{2,3}}")
# The stamps whose caption may stand on a line of its own above or below the date: the office
# stamps, and the FBI mail room's "MAILED 19" over its date ("MAILED 19" / "JUN 14 1963" /
# "COMM-FBI": 118 "MAILED" lines in 49 records of the dev years of noops888/jfk-files-text
# @55840853, most with the date on the next line, ``bench.furniture.fbi_stamps``).
# Not the FBI teletype's "COMMUNICATIONS SECTION" block ("FEDERAL BUREAU OF INVESTIGATION /
# U.S. DEPARTMENT OF JUSTICE / COMMUNICATIONS SECTION / OCT 30 1962 / TELETYPE"): the labelled
# set reads it as the teletype's own heading, the date as its date of receipt (bench/furniture
# README, session 22), so it stays whole.
CAPTIONS = frozenset({"office-stamp", "fbi-mailed-stamp"})


def stamp_date(text: str) -> bool:
    """Is the whole line (OCR debris at its ends aside) a date as a stamp prints it?

    >>> stamp_date("SEP 331970"), stamp_date("29 MAR 1966"), stamp_date("29 March 1966")
    (True, True, False)
    """
    return bool(STAMP_DATE.fullmatch(text.strip(DEBRIS + " \t")))


def stamp_dates(lines: list[WorkLine]) -> None:
    """Give a bare date line right beside a stamp caption line (the next non-blank line up or
    down, on the same page) the stamp's prior at medium weight, its evidence naming the caption.
    ``lines``: the document's, in order, with their priors."""
    for ln in lines:
        if ln.prior is not None or ln.protected or ln.spans or not stamp_date(ln.text):
            continue
        for other in (ln.prev, ln.next):
            if other is None or other.page != ln.page or other.prior is None:
                continue
            if other.prior.name in CAPTIONS and abs(other.idx - ln.idx) <= 2:
                what = (
                    other.prior.detail if other.prior.name == "office-stamp" else other.prior.name
                )
                why = f"date of the {what} stamp on line {other.idx}"
                ln.prior = Prior("stamp-date", FurnitureKind.RELEASE_STAMP, MEDIUM, why)
                break
    for ln in lines:
        captioned = ln.prior is not None and ln.prior.name in CAPTIONS
        if captioned and not _split_date(ln, "next"):
            _split_date(ln, "prev")


def _bare(text: str, pattern: re.Pattern[str]) -> bool:
    """Is the whole line (OCR debris at its ends aside) ``pattern``?"""
    return bool(pattern.fullmatch(text.strip(DEBRIS + " \t")))


def _split_date(caption: WorkLine, side: str) -> bool:
    """A stamp's date read as two lines right beside its ``caption`` line on ``side`` ("next"
    or "prev"), on its page: the month and day, then the year ("MAILED 19" / "NOV8" / "1965":
    2025 124-10204-10101 lines 95-99, bench/furniture/jfk-prose, dev). Both lines get the
    stamp's date prior (medium weight), as ``stamp_dates`` gives a whole date; one piece alone
    is left (a month and day, or a year, may be anything). Returns whether it found them."""
    first = getattr(caption, side)
    second = None if first is None else getattr(first, side)
    if first is None or second is None:
        return False
    pair = (first, second) if side == "next" else (second, first)  # in reading order
    if not (_bare(pair[0].text, _MONTH_DAY) and _bare(pair[1].text, _YEAR)):
        return False
    for ln in pair:
        if ln.page != caption.page or ln.prior is not None or ln.protected or ln.spans:
            return False
    if abs(pair[0].idx - caption.idx) > 4 or abs(pair[1].idx - caption.idx) > 4:
        return False  # the next non-blank lines, one blank line between each at most
    what = caption.prior.detail if caption.prior.name == "office-stamp" else caption.prior.name
    why = f"date of the {what} stamp on line {caption.idx}, read as two lines"
    for ln in pair:
        ln.prior = Prior("stamp-date", FurnitureKind.RELEASE_STAMP, MEDIUM, why)
        log.debug("stamp date piece: page %d line %d", ln.page, ln.idx)
    return True


def stamp_names(lines: list[WorkLine]) -> None:
    """Give a library's name alone on its line ("Gerald Ford Library", "GR FORD LIBRARY",
    ``patterns.stamps.LIBRARY_LINE``) right beside a photocopy stamp's first line ("Photocopy
    from", the next non-blank line up or down on the same page) the stamp's prior at medium
    weight, its evidence naming that line. ``lines``: the document's, in order, with their
    priors."""
    for ln in lines:
        if ln.prior is not None or ln.protected or ln.spans:
            continue
        if not LIBRARY_LINE.fullmatch(ln.text.strip(DEBRIS + " \t")):
            continue
        for other in (ln.prev, ln.next):
            if other is None or other.page != ln.page or other.prior is None:
                continue
            if other.prior.name == "library-photocopy-caption" and abs(other.idx - ln.idx) <= 2:
                why = f"the library's name under the photocopy stamp's line {other.idx}"
                ln.prior = Prior("library-photocopy-name", FurnitureKind.RELEASE_STAMP, MEDIUM, why)
                break


# The NARA footer's first field with its "NW" lost: a bare record number ("30953", "00953").
_FOOTER_NUMBER = re.compile(r"[\dOo]{5}")
# The footer line's start when it has lost its first field: "DocId", "Docld", "DooId" ...
_FOOTER_START = re.compile(r"\W{0,2}Do\w{1,4}\s*[:.]?\s*\d")
_FOOTER = "jfk-nara-footer"


def _footer_line(ln: WorkLine | None) -> bool:
    """Does the line start with NARA's footer without its "NW" field ("DocId:32313769 Page 2"),
    as a prior or a span?"""
    if ln is None or not _FOOTER_START.match(ln.text):
        return False
    if ln.prior is not None and ln.prior.name == _FOOTER:
        return True
    return any(
        s.start <= len(ln.text) - len(ln.text.lstrip()) and s.evidence and _FOOTER in s.evidence[0]
        for s in ln.spans
    )


def footer_numbers(lines: list[WorkLine]) -> None:
    """Give a bare number of five digits right above NARA's footer line on the same page that
    lacks its first field ("30953" over "DooId: 32313769 Page 2": the footer's "NW 50953" with
    its "NW" lost; 2023
    124-10332-10043 lines 75 and 111, 2025 124-10332-10047 line 311, bench/furniture/jfk-recent,
    dev) the footer piece's prior at medium weight, its evidence naming the footer line.
    ``lines``: the document's, in order, with their priors and spans."""
    for ln in lines:
        if ln.prior is not None or ln.protected or ln.spans:
            continue
        if not _FOOTER_NUMBER.fullmatch(ln.text.strip(DEBRIS + " \t")):
            continue
        nxt = ln.next
        if nxt is not None and nxt.page == ln.page and _footer_line(nxt):
            why = f"the footer's record number over NARA's footer line {nxt.idx}"
            ln.prior = Prior("jfk-nara-footer-piece", FurnitureKind.RELEASE_STAMP, MEDIUM, why)
