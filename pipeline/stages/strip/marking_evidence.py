"""Classification and handling markings that OCR damaged past the banner patterns' reading.

A page's head or foot marking ("CONFIDENTIAL NO FOREIGN DISSEM", "LIMITED OFFICIAL USE",
"NO FOREIGN DISSEM/NO DISSEM ABROAD", "BACKGROUND USE ONLY") is printed in capitals, often
stamped or letter-spaced, and on a worn copy OCR reads it as "CONFI Af de _ NO FOREIGN DISSEM",
"Ss E Cc R E T ns ry FOREN", "VANITED OFFICIAL USE HCF 695" (dev: ``bench/furniture/jfk-176``
2022 176-10036-10103 line 116 and 176-10036-10147 line 33, ``jfk-state`` 2018 104-10433-10178
line 475). The banner patterns (``patterns.banners``) read one word at a time and give up at the
first word they do not know. Here the line's letters are read as a whole, spaces dropped (so a
letter-spaced "S E C R E T" is one word again): a line whose letters are mostly one or two
phrases of the real vocabulary of markings (``patterns.markings``), each found with OCR slips
allowed (rapidfuzz's best partial alignment), is a damaged marking.

That is only the shape of a marking, not where it stands: the line gets a ``MEDIUM`` banner prior
(``damaged-marking``) and is removed only with position evidence, as a bare banner line is
(``decide``: a page's top or bottom band, the page edge, next to other furniture, or over a
telegram's page header with only specks between, ``_telegram_header_beside``). A sentence that
mentions a marking ("THE SECRET TALKS", "MARKED NO FOREIGN DISSEM BY THE STATION") keeps most of
its letters outside the phrase and is never one; a cable's protected header and a level that is a
form's value are left alone.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import MEDIUM, UNSURE_CONF
from pipeline.stages.strip.lines import WorkLine
from pipeline.stages.strip.patterns.base import DEBRIS, Prior
from pipeline.stages.strip.patterns.body import FUNCTION_WORDS
from pipeline.stages.strip.patterns.markings import PHRASES

log = logging.getLogger(__name__)

# A form's field or caption word for the classification ("CLASSIFICATION: Secret", NARA's
# identification form; "REPORT CLASS CONFIDENTIAL"): the level beside it is the field's value,
# and "CLASSIFICATION" is no damaged "UNCLASSIFIED" (2021 docid-32424016 line 64, dev).
_FIELD_WORD = re.compile(r"(?<!UN)CLASSIFICATION|\bCLASS\b")
# A section heading carried onto the next page ("ADMINISTRATIVE: (cont'd) -", an FBI report's
# cover page: 2018 docid-32989641 line 2653, jfk-more dev) is no damaged "ADMINISTRATIVE -
# INTERNAL USE ONLY".
_CONTINUED = re.compile(r"\bCONT'?D\b")

# A date-time group ("083328Z", OCR "0833282"): the line is a cable's own header line
# ("SE.CR ET! (0833282,"), which the README of bench/furniture leaves to the cable.
_DTG = re.compile(r"(?<!\d)\d{6}[Z27z](?!\w)")
# A report's serial number ("TDCS -3/541,020", "CS CI-316/00601-65") or a date ("5/19/54")
# beside the marking: the report's own number stays with the text (tests/test_strip_report_form.py),
# so the line is left to the report form's rules.
_SERIAL = re.compile(r"\d\s*/\s*\d{2}")
# A line of more letters than this is no marking line (the longest phrase with a caveat beside
# it); fewer than MIN_FOUND letters found of a marking is too little to tell.
MAX_LETTERS = 60
MIN_FOUND = 6
# Share of the line's letters that the marking phrases must explain.
COVERED = 0.7
# Share of the line's letters that must be capitals: markings are printed in capitals, and
# OCR damage turns few of them into small letters ("Ss E Cc R E T"); a sentence is in lower case.
CAPITALS = 0.6
# rapidfuzz similarity (0-100) of a phrase to the stretch of the line it is aligned with.
SCORE_LONG = 80.0  # phrases of 10 letters or more
SCORE_SHORT = 90.0  # shorter ones ("SECRET", "NOFORN")
# A line shorter than its phrase must hold at least this share of the phrase's letters.
SHORT_LINE = 0.6
# The phrases that may explain one line.
MAX_PHRASES = 2


@dataclass(frozen=True, slots=True)
class MarkingReading:
    """The marking phrases a line's letters are read as, the share of its letters they explain
    (0-1), and how many of the letters they leave are capitals (a word of the line's own beside
    the marking, "CONFIDENTIAL FUND"; stamp ink reads as small letters)."""

    phrases: tuple[str, ...]
    covered: float
    stray_capitals: int = 0


def read_marking(text: str) -> MarkingReading | None:
    """The marking phrases that explain most of ``text``'s letters under OCR damage, or None.

    Letters only, upper-cased, spaces and debris dropped; up to ``MAX_PHRASES`` phrases of
    ``patterns.markings.MARKINGS`` are aligned greedily (best score times length first), each
    where it fits best; the line is a marking when they explain ``COVERED`` of its letters,
    ``MIN_FOUND`` letters at least, and ``CAPITALS`` of its letters were printed as capitals.

    >>> read_marking("CONFI Af de _ NO FOREIGN DISSEM/No DISSHM-ABROAD").phrases
    ('NO FOREIGN DISSEM', 'NO DISSEM ABROAD')
    >>> read_marking("LIMITED OFFICIAL ust").phrases
    ('LIMITED OFFICIAL USE',)
    >>> read_marking("S-E-C-R-E-T").phrases
    ('SECRET',)
    >>> read_marking("THE SECRET TALKS WENT ON") is None, read_marking("SE.CR ET! (0833282,")
    (True, None)
    >>> read_marking("CONFIDENTIAL ; NO FOREIGN DISSEM | TDCS -3/541,020") is None
    True
    >>> read_marking("LIMITED TO OFFICIAL USE.") is None, read_marking("FYI AND BACKGROUND ONLY :")
    (True, None)
    """
    from rapidfuzz import fuzz

    letters = marking_letters(text)
    if len(letters) < MIN_FOUND or len(letters) > MAX_LETTERS:
        return None
    if _DTG.search(text) or _SERIAL.search(text) or _FIELD_WORD.search(text.upper()):
        return None
    if _CONTINUED.search(text.upper()):
        return None
    if sum(c.isupper() for c in letters) < CAPITALS * len(letters):
        return None
    whole = {(name, phrase): w for name, phrase, w in PHRASES}  # a name has several phrases

    def place(name: str, phrase: str, rest: str, free: list[bool]) -> tuple[float, int, int] | None:
        hit = fuzz.partial_ratio_alignment(phrase, rest)
        if hit is None:
            return None
        cutoff = SCORE_LONG if len(phrase) >= 10 else SCORE_SHORT
        start, end = hit.dest_start, hit.dest_end
        if len(phrase) > len(rest):
            # The line is the shorter: rapidfuzz aligned all of it inside the phrase, which
            # must then be most of the phrase ("LIMITED OFFICIAL ust"), not a word of it,
            # and the whole marking, not one with a word lost ("ADMINISTRATIVE", an FBI
            # report's section heading, is no "ADMINISTRATIVE USE ONLY").
            if not whole[name, phrase] or len(rest) < SHORT_LINE * len(phrase):
                return None
            start, end = 0, len(rest)
        # Only free letters count as found, and of the phrase at least MIN_FOUND.
        got = sum(free[start:end])
        if hit.score < cutoff or got < min(MIN_FOUND, len(phrase)):
            return None
        # A phrase found only in part ranks below one found whole: "S-E-C-R-E-T" is
        # SECRET, not TOP SECRET.
        return hit.score * got * min(1.0, got / len(phrase)), start, end

    line = "".join(letters).upper()
    found, covered, free = greedy_cover(line, [(n, p) for n, p, _ in PHRASES], place, MAX_PHRASES)
    if not found or covered < COVERED:
        return None
    # A word that ties words into a sentence and is no word of the markings found ("LIMITED TO
    # OFFICIAL USE.", "FYI AND BACKGROUND ONLY :", a cable's own opening, 2025 104-10063-10160
    # line 73, jfk-recent dev): a sentence's line.
    # A one-letter word at either end is a speck, not the article or pronoun ("a LIMETED
    # OFFICIAL USE [| ° cree Wo,", 2018 104-10433-10178 line 18, jfk-state dev).
    own = {w for name in found for w in name.split()}
    words = [w.strip(DEBRIS).lower() for w in text.split()]
    words = [w for w in words if w]
    while words and len(words[0]) == 1:
        words.pop(0)
    while words and len(words[-1]) == 1:
        words.pop()
    for w in words:
        if w in FUNCTION_WORDS and w.upper() not in own:
            return None
    stray = sum(1 for c, f in zip(letters, free, strict=True) if f and c.isupper())
    return MarkingReading(tuple(found), round(covered, 2), stray)


def greedy_cover(
    line: str,
    items: Sequence[tuple[str, str]],
    place: Callable[[str, str, str, list[bool]], tuple[float, int, int] | None],
    most: int,
) -> tuple[list[str], float, list[bool]]:
    """Read ``line`` (a marking's letters, upper case) as up to ``most`` of ``items``
    (``(name, text)``), greedily: each round, every item not yet found is placed on the letters
    not yet taken (``place(name, text, rest, free)``: ``rest`` the line with taken letters as
    ``#``, ``free`` which letters are not taken; it returns ``(rank, start, end)`` or None) and
    the best-ranked takes its letters. Returns (the names found, in order; the share of the
    line's letters they took; which letters no name took). The marking reader and the report
    head reader both read so."""
    free = [True] * len(line)
    found: list[str] = []
    for _ in range(most):
        rest = "".join(c if f else "#" for c, f in zip(line, free, strict=True))
        best: tuple[float, str, int, int] | None = None
        for name, text in items:
            if name in found:
                continue
            placed = place(name, text, rest, free)
            if placed is not None and (best is None or placed[0] > best[0]):
                best = (placed[0], name, placed[1], placed[2])
        if best is None:
            break
        _, name, start, end = best
        found.append(name)
        free[start:end] = [False] * (end - start)
    return found, (1.0 - sum(free) / len(line) if line else 0.0), free


def marking_letters(text: str) -> list[str]:
    """The line's letters, word by word: a capital read twice as itself and its small letter
    ("Ss E Cc R E T": a letter-spaced capital's two strokes) read once, and a word of three
    letters or fewer with a small letter in it left out: a stamp's ink or a speck read as a
    word beside the marking ("CONFI Af de", "CONFIDENTIAL W ict Oe"), which a marking, printed
    in capitals, never holds, and a word with a digit in it (a code) left out too.

    >>> "".join(marking_letters("Ss E Cc R E T ns"))
    'SECRET'
    >>> "".join(marking_letters("_ CONFIDENTIAL W ict Oe"))
    'CONFIDENTIALW'
    """
    out: list[str] = []
    for word in text.split():
        kept: list[str] = []
        for c in word:
            if not c.isalpha():
                continue
            if kept and c.islower() and kept[-1].isupper() and kept[-1].lower() == c:
                continue
            kept.append(c)
        if len(kept) <= 3 and any(c.islower() for c in kept):
            continue
        digits = sum(c.isdigit() for c in word)
        if digits and (digits > len(kept) or word.rstrip(DEBRIS)[-1:].isdigit()):
            # A code beside the marking: a communications center's message number ("HCM957",
            # "HCF 695" beside a State telegram's banner), a form number ("D-200-5-41"); not a
            # word OCR read digits into ("753SEM").
            continue
        out.extend(kept)
    return out


def damaged_markings(lines: Sequence[WorkLine]) -> None:
    """Give each line that no pattern knows (or only as a lone number or junk) and whose letters
    read as a damaged marking (``read_marking``) a ``MEDIUM`` banner prior, ``damaged-marking``
    with the phrases and the share of letters they explain as its detail. Protected lines (a
    cable's header), levels that are a form's value, lines with a stamp or banner span and
    pieces of another line's printed row are left alone. ``lines``: the document's work lines;
    changes their ``prior`` in place.
    """
    for ln in lines:
        # A piece of another line's printed row (``evidence._rows``: "UNCLASSIFIED U.S. De" of
        # a State release stamp OCR cut in two) goes with that row, as what the row is.
        if ln.protected or ln.form_level or ln.spans or ln.tail is not None or ln.row:
            continue
        if ln.prior is not None and ln.prior.weight >= MEDIUM:
            continue
        # OCR that was sure of every word read what is printed ("CONFIDENTIAL = sf. BLes ;" at
        # confidence 91 is no damaged banner): only a line with a word it was unsure of, or text
        # input without confidences, can be a marking damaged past the patterns.
        confs = [t.conf for t in ln.toks if t.conf is not None]
        if confs and min(confs) >= UNSURE_CONF:
            continue
        reading = read_marking(ln.text)
        spaced = letter_spaced_level(ln.text) if reading is None else None
        if reading is None and spaced is None:
            continue
        if reading is not None:
            detail = f"{' + '.join(reading.phrases)}, {reading.covered:.0%} of its letters"
        else:
            detail = f"{spaced}, letter-spaced, one letter worn"
        ln.prior = Prior("damaged-marking", FurnitureKind.BANNER, MEDIUM, detail)
        header = _telegram_header_beside(ln)
        if header is not None and not ln.cable:
            ln.cable = f"over the telegram's page header line {header.idx}"
        log.debug("damaged marking on page %d line %d: %s", ln.page, ln.idx, detail)


# A typed banner letter-spaced with dashes or spaces ("S-E-C-R-E-T", "S E C R E T"): single
# capitals (the last piece two: a letter and the next read as one) joined by dashes, spaces or
# full stops, four pieces at least.
_SPACED = re.compile(r"[A-Z](?:[-\s.]+[A-Z]{1,2}){3,}")
_SPACED_LEVELS = ("SECRET", "CONFIDENTIAL", "TOP SECRET", "UNCLASSIFIED")


def letter_spaced_level(text: str) -> str | None:
    """The level a letter-spaced banner with one letter worn is ("S-E-C-R-EP": 2022
    104-10130-10282 line 93, bench/furniture/jfk-2022, dev, where the document types
    "S-E-C-R-E-T" at two other page breaks), else None: the line (OCR's debris at its ends off)
    is single capitals joined by dashes, spaces or full stops, and its letters are within one
    edit of a level. The spacing is the typist's banner; no sentence is typed so.

    >>> letter_spaced_level("S-E-C-R-EP"), letter_spaced_level("S E C R E T")
    ('SECRET', 'SECRET')
    >>> letter_spaced_level("A-B-C-D"), letter_spaced_level("SECREP")
    (None, None)
    """
    from rapidfuzz.distance import Levenshtein

    core = text.strip(DEBRIS + " \t")
    if not _SPACED.fullmatch(core):
        return None
    letters = "".join(c for c in core if c.isalpha())
    for level in _SPACED_LEVELS:
        if Levenshtein.distance(letters, level.replace(" ", ""), score_cutoff=1) <= 1:
            return level
    return None


def spaced_whole(text: str) -> bool:
    """A letter-spaced level with every letter read ("C-O-N-F-I-D-E-N-T-I-A-L"): the typist's
    banner, nothing worn, so a sure reading even where the text has page breaks (2025
    124-10279-10018 lines 143, 281, 311: a CIA information cable's head and foot in an FBI copy,
    bench/furniture/jfk-series, dev).

    >>> spaced_whole("C-O-N-F-I-D-E-N-T-I-A-L"), spaced_whole("S-E-C-R-EP")
    (True, False)
    """
    level = letter_spaced_level(text)
    letters = "".join(c for c in text if c.isalpha())
    return level is not None and letters == level.replace(" ", "")


# Capitals beside a marking that may be a code, not a word of the line's own ("SECRET CG": the
# FBI office's code that heads its pages, 2022 104-10104-10271 line 76, jfk-2022 dev): at most
# this many. A heading's word beside a level ("CONFIDENTIAL FUND") is longer.
STRAY_CODE = 2


# Priors of a line that is a marking alone on its line (a banner, a handling caveat, a report's
# typed marking, a damaged one).
MARKING_LINES = frozenset(
    {
        "banner-line",
        "handling-line",
        "broken-banner",
        "damaged-level",
        "damaged-marking",
        "report-marking",
    }
)
# Damaged readings: where the text has page breaks, these need their place on the page.
_DAMAGED = frozenset({"damaged-level", "damaged-marking"})
# How many other lines must print a marking alone before a line that names it recurs.
RECUR_OTHERS = 2
# ... or at this many, where one of its lines is the level letter-spaced and read whole
# ("S-E-C-R-E-T" / "S-E-C-R-EP", a CIA name list's page breaks in a 120-line excerpt: 2022
# 104-10130-10282 lines 56 and 93, bench/furniture/jfk-2022, dev).
SPACED_OTHERS = 1


def marking_recurrence(lines: Sequence[WorkLine]) -> None:
    """A marking line whose marking the document prints alone on its line at ``RECUR_OTHERS``
    other places, read clean or damaged, gets that as its repetition (``repeat``: "marking
    LIMITED OFFICIAL USE alone on its line at 30 other places"): the recurrence that
    ``banner_evidence.banner_recurrence`` finds for lines read the same, found here through
    OCR damage and for a marking printed with another beside it ("CONFIDENTIAL ___- NO)
    FOREIGN DISSEM L" names CONFIDENTIAL too; "a LIMETED OFFICIAL USE [| ° cree Wo,", "_
    CONFIDENTIAL W ict Oe": 2018 104-10433-10178 line 18, jfk-state, 2022 176-10036-10135 line
    85, jfk-176 dev). Only in text without word boxes (``edge_ok``), as there, and a damaged
    reading only in text without page breaks (with them, its place decides); a level that is
    a form's value neither counts nor is counted; a line with a pattern's repetition keeps it.
    Run after ``damaged_markings``; ``lines``: the document's work lines, ``repeat`` set in
    place."""
    named: list[tuple[WorkLine, set[str]]] = []
    for ln in lines:
        p = ln.prior
        if p is None or p.name not in MARKING_LINES or not ln.edge_ok or ln.form_level:
            continue
        if ln.protected or ln.spans:
            continue
        marks = _marks(ln)
        if marks and _sure(ln):
            named.append((ln, marks))
    count: dict[str, int] = {}
    for _, marks in named:
        for m in marks:
            count[m] = count.get(m, 0) + 1
    paged = any(ln.page for ln in lines)
    # A level the typist letter-spaced, every letter read, is a banner by its shape (no form's
    # value, no heading is typed so): printed at one other place, it recurs.
    spaced = {m for ln, marks in named if spaced_whole(ln.text) for m in marks}
    for ln, marks in named:
        damaged = ln.prior is not None and ln.prior.name in _DAMAGED and not spaced_whole(ln.text)
        if ln.repeat or (paged and damaged):
            continue
        best = max(marks, key=lambda m: count[m])
        others = count[best] - 1
        if others >= (SPACED_OTHERS if best in spaced else RECUR_OTHERS):
            places = "place" if others == 1 else "places"
            ln.repeat = f"marking {best} alone on its line at {others} other {places}"


def _sure(ln: WorkLine) -> bool:
    """A marking line sure enough to count and be counted by recurrence: not a doubtful level
    (a real word near it, or one edit further off: ``damaged_levels``; "REPRES ;" is a cable's
    "DO NOT / REPRES[ENT]", 2018 104-10176-10005 line 7389, dev), and a damaged marking only with
    no digits (a file number, a date beside it) and no capital letters outside the marking
    ("CONFIDENTIAL FUND ACCOUNTING PROCEDURES", a heading: 2018 docid-32989712 line 7949, dev)."""
    assert ln.prior is not None
    if ln.prior.name == "damaged-level":
        return "edits off" not in ln.prior.detail
    if ln.prior.name == "damaged-marking":
        reading = read_marking(ln.text)
        clean = not any(c.isdigit() for c in ln.text)
        if reading is None:
            return clean and letter_spaced_level(ln.text) is not None
        return clean and reading.stray_capitals <= STRAY_CODE
    return True


def _marks(ln: WorkLine) -> set[str]:
    """The markings a marking line names: its reading as a whole line (``read_marking``), else
    its pattern's detail ("SECRET, with specks": SECRET; "CONFIDENTIAL/NO FOREIGN DISSEM": both).
    """
    reading = read_marking(ln.text)
    if reading is not None:
        return set(reading.phrases)
    spaced = letter_spaced_level(ln.text)
    if spaced is not None:
        return {spaced}
    assert ln.prior is not None
    head = ln.prior.detail.split(",")[0]
    if ln.prior.name == "damaged-marking":
        head = ""
    return {m.strip() for m in head.split("/") if m.strip()}


# A State telegram prints its classification right over its page header ("LIMITED OFFICIAL USE"
# / "PAGE 01 STATE 181198"), with at most this many speck lines between them as OCR reads a
# worn copy (2018 104-10433-10178 lines 211-213, jfk-state dev: "; - c" between).
HEADER_REACH = 2
# The header read whole, and worn (its page number past reading, or every field worn but of this
# telegram's shape: "PAGE Bi STAJE 331198" under "ES OFFICTAL USE HCM957 |.", 2018
# 104-10433-10178 lines 268-272, jfk-state dev; ``teletype_evidence``).
_HEADERS = frozenset({"teletype-page-header", "teletype-page-header-worn"})


def _telegram_header_beside(ln: WorkLine) -> WorkLine | None:
    """The teletype page header under ``ln`` on its page, with only junk or slight lines (none
    of them a sentence) between, within ``HEADER_REACH`` lines; else None."""
    other = ln.next
    for _ in range(HEADER_REACH):
        if other is None or other.page != ln.page:
            return None
        if other.prior is not None and other.prior.name in _HEADERS:
            return other
        junk = other.prior is not None and other.prior.kind == FurnitureKind.JUNK
        if not (junk or other.slight):
            return None
        other = other.next
    return None
