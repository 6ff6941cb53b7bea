"""A release stamp OCR broke into pieces on lines of their own, read against its printed wording.

A stamp printed at a page's foot in small type over two or three lines is read by OCR as its
first line and a few short pieces beside it, each a stretch of the stamp's wording cut anywhere:
the NSA's 2022 release line "Released on 08-12-2022 under the John F." with "F. Kenned:",
"nation Recor¢" and "1992" on lines of their own (2022 144-10001-10326_docid_6782908_sealed lines
66-70 and 130-136, ``bench/furniture/jfk-2022``, dev). No one-line pattern may take "1992" or
"F. Kenned:" alone; what a person goes by is that each is a stretch of the wording of the stamp
right beside it. So a short line that is no sentence, within ``REACH`` lines of a line the
stamp's pattern read (``PRINTED``: the stamp's name and its wording, as printed), on the same
page, with only other such pieces or furniture candidates between, whose letters and digits are
a stretch of the stamp's wording (rapidfuzz's partial ratio ``PIECE_SCORE`` or more), gets the
prior ``release-stamp-piece`` at ``MEDIUM``: the stamp beside it (furniture) then gives it its
place (``decide._anchor``).

The JFK Act stamp of the 2017-2021 releases ("Released under the John F. Kennedy / Assassination
Records Collection Act of 1992 / (44 USC 2107 Note). Case#:NW 56792 Date: / 04-09-2013") is read
the same way (``jfk_band.TEMPLATES``' first), by its letters only: its digits differ on every
copy, and a number alone beside it may be anything. Its pieces need ``LETTERS_JFK`` letters
("Note:", "Date:" alone may be a memo's); ". Kennedy" between two of its lines and "ase#:NW 56792
Date:" with its "C" cut at the margin are pieces (2018 docid-32330661 lines 32 and 38,
``bench/furniture/jfk-heads``, dev). Its date wrapped onto a line of its own under the field's
"Date:" ("p4-09-2013", line 39) is the stamp's too (``_wrapped_dates``): a date in the stamp's
shape, one character of it misread at most.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import MEDIUM, STRONG
from pipeline.stages.strip.lines import WorkLine
from pipeline.stages.strip.patterns.base import DEBRIS, Prior
from pipeline.stages.strip.patterns.jfk_band import NAME, PHRASE, TEMPLATES
from pipeline.stages.strip.patterns.message_forms import RELEASE_2022

log = logging.getLogger(__name__)

# The stamps read so: pattern name -> the stamp's wording as printed.
PRINTED: dict[str, str] = {
    "nsa-2022-release-line": RELEASE_2022,
    NAME: TEMPLATES[0],
    PHRASE: TEMPLATES[0],
    "jfk-nara-release-piece": TEMPLATES[0],
}
# The stamps whose pieces are read by their letters only, and the letters a piece needs.
LETTERS_ONLY = frozenset({NAME, PHRASE, "jfk-nara-release-piece"})
LETTERS_JFK = 6
# The JFK stamp's date, "04-09-2013", as it wraps onto a line of its own; ``_wrapped_dates``
# allows one of its eight digits misread ("p4-09-2013") or its first cut at the margin ("4-06-2018":
# 2018 docid-32293695 line 31, dev).
_STAMP_DATE = re.compile(r"(\w{1,2})-(\w\w)-(\w{4})")
_DATE_FIELD = re.compile(r"Dat\w\W?$")
# Non-blank lines from the stamp's line a piece may stand at.
REACH = 3
# A piece is short: at most this many characters, and at least MIN_ALNUM letters and digits.
MAX_CHARS = 24
MIN_ALNUM = 4
# rapidfuzz partial ratio (0-100) of the piece against the stamp's wording.
PIECE_SCORE = 85.0
# Priors a piece may carry already: none, or the weak ones OCR's remnants get.
_FREE_PRIORS = frozenset({"junk", "lone-number"})
_NON_ALNUM = re.compile(r"[^A-Z0-9]+")
_DIGITS = re.compile(r"\d+")


def _norm(text: str) -> str:
    """Upper case, every run of other characters one space."""
    return _NON_ALNUM.sub(" ", text.upper()).strip()


def stamp_piece(text: str, printed: str) -> float:
    """rapidfuzz's partial ratio (0-100) of a short line against a stamp's printed wording, 0 for
    a line too long or with too few letters and digits to tell.

    >>> stamp_piece("F. Kenned:", RELEASE_2022), stamp_piece("1992", RELEASE_2022)
    (100.0, 100.0)
    >>> stamp_piece("The Prime Minister left", RELEASE_2022) < PIECE_SCORE
    True
    >>> stamp_piece("19", RELEASE_2022)
    0.0
    """
    core = text.strip()
    if len(core) > MAX_CHARS or sum(c.isalnum() for c in core) < MIN_ALNUM:
        return 0.0
    return fuzz.partial_ratio(_norm(core), _norm(printed))


def letters_piece(text: str, printed: str) -> float:
    """``stamp_piece`` by letters only (every digit out of both), 0 for a line with fewer than
    ``LETTERS_JFK`` letters.

    >>> letters_piece("ase#:NW 56792 Date:", TEMPLATES[0]), letters_piece(". Kennedy", TEMPLATES[0])
    (100.0, 100.0)
    >>> letters_piece("Note:", TEMPLATES[0]), letters_piece("Mr. Neiscuir said", TEMPLATES[0]) < 85
    (0.0, True)
    """
    core = _DIGITS.sub(" ", text.strip())
    if sum(c.isalpha() for c in core) < LETTERS_JFK:
        return 0.0
    return stamp_piece(core, _DIGITS.sub(" ", printed))


def stamp_date_value(text: str) -> bool:
    """Is the whole line (debris at its ends aside) a date in the JFK stamp's shape,
    "mm-dd-yyyy", one of its digits misread or its first cut at the margin, at most?

    >>> stamp_date_value("p4-09-2013"), stamp_date_value("04-09-2013.")
    (True, True)
    >>> stamp_date_value("4-06-2018")
    True
    >>> stamp_date_value("ab-09-2013")
    False
    """
    m = _STAMP_DATE.fullmatch(text.strip(DEBRIS + " \t").replace(" ", ""))
    if m is None:
        return False
    return sum(not c.isdigit() for c in "".join(m.groups())) + 2 - len(m.group(1)) <= 1


def _free(ln: WorkLine) -> bool:
    """A line no pattern of weight has read, no sentence, no part of a cable's header."""
    if ln.protected or ln.spans or ln.prose or ln.repeat:
        return False
    return ln.prior is None or ln.prior.name in _FREE_PRIORS


def stamp_pieces(lines: Sequence[WorkLine]) -> None:
    """Give the wrapped pieces of each stamp in ``PRINTED`` the prior ``release-stamp-piece``
    (kind release stamp, ``MEDIUM``), its detail naming the stamp's line. ``lines``: the
    document's work lines, in order, with their priors; changed in place."""
    steps: tuple[Callable[[WorkLine], WorkLine | None], ...] = (
        lambda x: x.prev,
        lambda x: x.next,
    )
    for ln in lines:
        if ln.prior is None or ln.prior.name not in PRINTED or ln.weight < STRONG:
            continue
        printed = PRINTED[ln.prior.name]
        for step in steps:
            other = step(ln)
            for _ in range(REACH):
                if other is None or other.page != ln.page:
                    break
                score = (letters_piece if ln.prior.name in LETTERS_ONLY else stamp_piece)(
                    other.text, printed
                )
                held = ln.prior.name not in LETTERS_ONLY or _held(other, step)
                if _free(other) and score >= PIECE_SCORE and held:
                    detail = f"a piece of the stamp {ln.prior.name} on line {ln.idx}"
                    other.prior = Prior(
                        "release-stamp-piece", FurnitureKind.RELEASE_STAMP, MEDIUM, detail
                    )
                    log.debug("stamp piece: page %d line %d", other.page, other.idx)
                elif other.weight < MEDIUM:
                    break
                other = step(other)
    _wrapped_dates(lines)


def _held(piece: WorkLine, step: Callable[[WorkLine], WorkLine | None]) -> bool:
    """Is a JFK stamp's piece held as one: on no printed row of another line (``evidence``
    reads that row), and either holding the stamp's field marks ("#", digits: "ase#:NW 56792
    Date:") or with another of the stamp's lines on its far side (``step`` away from the line
    that found it) within ``REACH`` non-blank lines? Words of the Act's name alone under the
    stamp ("Kennedy Assassination") may be the record's heading; between two of its lines they
    are the stamp's."""
    if piece.row:
        return False
    if "#" in piece.text or any(c.isdigit() for c in piece.text):
        return True
    other = step(piece)
    for _ in range(REACH):
        if other is None or other.page != piece.page:
            return False
        if other.prior is not None and other.prior.name in LETTERS_ONLY:
            return True
        other = step(other)
    return False


def _wrapped_dates(lines: Sequence[WorkLine]) -> None:
    """Give the JFK stamp's date wrapped onto the next non-blank line under the stamp's line or
    piece that ends in its field "Date:" (same page, at most one blank line between) the prior
    ``release-stamp-piece`` (``MEDIUM``), when it is a date in the stamp's shape
    (``stamp_date_value``) no pattern of weight has read."""
    for ln in lines:
        p = ln.prior
        if p is None or not _DATE_FIELD.search(ln.text.rstrip()):
            continue
        if p.name not in LETTERS_ONLY and not (
            p.name == "release-stamp-piece" and any(n in p.detail for n in LETTERS_ONLY)
        ):
            continue
        other = ln.next
        if other is None or other.page != ln.page or other.idx - ln.idx > 2:
            continue
        if _free(other) and stamp_date_value(other.text):
            detail = f"the date of the stamp's field on line {ln.idx}"
            other.prior = Prior("release-stamp-piece", FurnitureKind.RELEASE_STAMP, MEDIUM, detail)
            log.debug("stamp date: page %d line %d", other.page, other.idx)
