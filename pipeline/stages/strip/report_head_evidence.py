"""A CIA information report's page head damaged past both the caption and the marking readers.

The information report form prints "CLASSIFICATION — DISSEMINATION CONTROLS" at each page's head
and foot, and the clerk types the level and control markings under or over it
(``patterns.report_form``). On a worn photocopy OCR runs the two together or damages every word
of them: "Ss E Cc R E T ns ry FOREN | it CONTROLS" (the typed SECRET and NO FOREIGN DISSEM run
into the caption's last word), "STN FOREDEN DISSE: :" (NO FOREIGN DISSEM), "QASSANCATION -
DECUMMLATION CONTRONS" (the caption; dev: ``bench/furniture/jfk-176`` 2022 176-10036-10147
lines 33 and 83, ``jfk-recent`` 2023 104-10171-10171 line 175). No one word of them is read
well enough for ``report_form`` or ``marking_evidence``, which must judge a line of any document.

Here the evidence is the document's: only where the report form's caption is read on another
line of the document (the form prints it on every page) is a short line read, word by word,
against the words of the form's head (``HEAD_WORDS``: the caption's words, the levels and the
control markings), with more OCR damage allowed than anywhere else. A line whose letters are
mostly two such words or more, in capitals, with no word of a sentence and no number of the
report, gets a ``MEDIUM`` prior (``report-head``), and still needs its place from ``decide``: a
page's head or foot band, or furniture beside it (the caption, the notice printed under it).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import MEDIUM
from pipeline.stages.strip.lines import CAPTION_SPAN, WorkLine
from pipeline.stages.strip.marking_evidence import greedy_cover, marking_letters
from pipeline.stages.strip.patterns.base import Prior
from pipeline.stages.strip.patterns.body import FUNCTION_WORDS

log = logging.getLogger(__name__)

# The printed caption's words, and the levels and control markings typed beside it (as
# ``patterns.report_form`` has them; words of five letters or more: a shorter one is found by
# chance in any capital word).
CAPTION_WORDS = ("CLASSIFICATION", "DISSEMINATION", "CONTROLS")
HEAD_WORDS = (
    *CAPTION_WORDS,
    "SECRET",
    "CONFIDENTIAL",
    "UNCLASSIFIED",
    "FOREIGN",
    "DISSEM",
    "NOFORN",
    "CONTROL",
    "CONTINUED",
    "ABROAD",
    "BACKGROUND",
    "WNINTEL",
)
# rapidfuzz similarity (0-100) of a head word to the stretch of the line it is aligned with: a
# long word keeps its shape through more slips ("QASSANCATION" is CLASSIFICATION at 69, and
# "DECUMMLATION" beside it DISSEMINATION at 61).
SCORE_LONG = 60.0  # words of twelve letters or more
SCORE_MID = 70.0  # seven to eleven ("FOREDEN" is FOREIGN at 71)
SCORE_SHORT = 80.0  # five or six
# Of the line's letters, the share the head words found must explain, and how many words.
COVERED = 0.7
MIN_WORDS = 2
MAX_WORDS = 4
# A line of the head is short: at most this many letters.
MAX_LETTERS = 45
MIN_LETTERS = 10
CAPITALS = 0.8
# A report's number, a date: the record's, kept (as ``report_form`` keeps it).
_NUMBER = re.compile(r"\d{3}|\d\s*/\s*\d")
_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True, slots=True)
class HeadReading:
    """The head words a line's letters are read as, in the order found, and the share of its
    letters (0-1) they explain."""

    words: tuple[str, ...]
    covered: float


def _cutoff(word: str) -> float:
    if len(word) >= 12:
        return SCORE_LONG
    return SCORE_MID if len(word) >= 7 else SCORE_SHORT


def read_head(text: str) -> HeadReading | None:
    """The words of a report form's head that explain most of ``text``'s letters, or None.

    Letters as ``marking_evidence.marking_letters`` reads them (spaces dropped, a letter-spaced
    capital's doubled stroke read once, short lower-case ink and codes left out), upper-cased;
    up to ``MAX_WORDS`` of ``HEAD_WORDS`` aligned greedily (rapidfuzz's best partial alignment,
    score times letters found first), each on letters no other word took. The line is a head
    line when ``MIN_WORDS`` words or more explain ``COVERED`` of its letters, ``CAPITALS`` of
    them were printed as capitals, and no word of it ties a sentence together.

    >>> read_head("Ss E Cc R E T ns ry FOREN | it CONTROLS").words
    ('CONTROLS', 'SECRET', 'FOREIGN')
    >>> read_head("QASSANCATION - DECUMMLATION CONTRONS").words
    ('CLASSIFICATION', 'DISSEMINATION', 'CONTROLS')
    >>> read_head("THE CONTROLS ON FOREIGN TRADE") is None, read_head("SECRET") is None
    (True, True)
    """
    from rapidfuzz import fuzz

    if _NUMBER.search(text):
        return None
    # Words split at any mark too: "~r%@{INUATION.-OF TOCS INFORMATION REPO[" is the form's
    # printed title for a continuation page ("CONTINUATION OF TDCS INFORMATION REPORT", 2022
    # 176-10036-10135 line 125, jfk-176 dev), the record's, as a form's title is.
    for w in _WORD.findall(text):
        w = w.lower()
        if len(w) >= 2 and w in FUNCTION_WORDS and w != "no":
            return None
    letters = marking_letters(text)
    if not MIN_LETTERS <= len(letters) <= MAX_LETTERS:
        return None
    if sum(c.isupper() for c in letters) < CAPITALS * len(letters):
        return None

    def place(word: str, _: str, rest: str, free: list[bool]) -> tuple[float, int, int] | None:
        if len(word) > len(rest):
            return None
        hit = fuzz.partial_ratio_alignment(word, rest)
        if hit is None or hit.score < _cutoff(word):
            return None
        got = sum(free[hit.dest_start : hit.dest_end])
        if got < min(5, len(word) - 1):
            return None
        return hit.score * got, hit.dest_start, hit.dest_end

    line = "".join(letters).upper()
    found, covered, _ = greedy_cover(line, [(w, w) for w in HEAD_WORDS], place, MAX_WORDS)
    if len(found) < MIN_WORDS or covered < COVERED:
        return None
    return HeadReading(tuple(found), round(covered, 2))


def _has_caption(lines: Sequence[WorkLine]) -> WorkLine | None:
    """A line of the document read as the report form's printed caption, or None."""
    for ln in lines:
        if ln.prior is not None and ln.prior.name == "report-caption":
            return ln
        if any(s.evidence and s.evidence[0] == CAPTION_SPAN for s in ln.spans):
            return ln
    return None


def damaged_report_heads(lines: Sequence[WorkLine]) -> None:
    """In a document that prints the report form's caption (read on one of its lines), give
    each line that no pattern read (or only as junk or a lone number) and ``read_head`` reads
    as the form's head a ``MEDIUM`` prior ``report-head``: kind ``form`` when a caption word is
    among its words, else ``banner`` (the typed marking). Protected lines, lines with spans and
    a level that is a form's value are left alone. ``lines``: the document's work lines, in
    order; their ``prior`` is set in place. Run after the marking readers."""
    caption = _has_caption(lines)
    if caption is None:
        return
    for ln in lines:
        if ln.protected or ln.spans or ln.form_level or ln.row or ln.tail is not None:
            continue
        if ln.prior is not None and ln.prior.weight >= MEDIUM:
            continue
        reading = read_head(ln.text)
        if reading is None:
            continue
        printed = any(w in CAPTION_WORDS for w in reading.words)
        kind = FurnitureKind.FORM if printed else FurnitureKind.BANNER
        detail = (
            f"{' + '.join(reading.words)}, {reading.covered:.0%} of its letters; the report"
            f" form's caption read on line {caption.idx}"
        )
        ln.prior = Prior("report-head", kind, MEDIUM, detail)
        log.debug("damaged report head on page %d line %d: %s", ln.page, ln.idx, detail)
