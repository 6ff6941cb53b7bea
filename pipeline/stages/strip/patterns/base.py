"""The records every pattern family is written in, and OCR's character classes they share.

Kept apart from the families so that each of them (and ``match``, which applies them) depends on
this module only, never on one another's internals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.stages.strip.config import STRONG

# A digit as OCR reads it inside stamps (O/o for 0, I/l/| for 1).
OCR_DIGIT = r"[\dOoIl|]"
# Punctuation OCR leaves around a stamp or banner word (stripped before matching).
DEBRIS = "-–—_'\"“”‘’`.,:;|*~()[]{}<>•·"


_DIGITS = re.compile(r"\d(?:[\s.,/:-]*\d)*")
_SPACES = re.compile(r"\s+")


def repetition_key(text: str) -> str:
    """Upper case, every run of digits (letter-spaced or not) masked as one '#': how lines are
    compared across pages (``evidence.repetition``, ``banner_evidence.split_repeats``).

    >>> repetition_key("Page 2 of  14"), repetition_key("C 0 6 6 8 5 7 6 3 Date: 05/04/2021")
    ('PAGE # OF #', 'C # DATE: #')
    """
    return _SPACES.sub(" ", _DIGITS.sub("#", text.upper())).strip()


@dataclass(frozen=True, slots=True)
class SpanPattern:
    """A stamp that may sit anywhere in a line; its match is removed as a span.

    ``absorb`` says what else on the line goes with it: ``"junk"`` (only punctuation debris) or
    ``"debris"`` (any short upper-case remainder: the stamp fills the line, the rest is OCR of
    the stamp itself, like the seed's ``FLI BUTT INBB64 3-16-23 1``).
    """

    name: str
    kind: str
    regex: re.Pattern[str]
    weight: float = STRONG
    absorb: str = "junk"
    # Cheap pre-filter: the pattern is only tried when one of these occurs (case-folded) ...
    keys: tuple[str, ...] = ()
    # ... or, for patterns whose optional lead-in would be tried at every position of a long
    # line, when this simpler regex finds the stamp's core.
    probe: re.Pattern[str] | None = None
    # The stamp's own words that a skewed scan's OCR mixes into the line of another of its
    # lines ("of 1992 (44 Use nea Nong y Assassination Records Collection Act"): removed too,
    # but only from a line where the stamp itself was found.
    pieces: re.Pattern[str] | None = None
    # The stamp's bare words are also ordinary words ("RELEASE IN FULL"): a match that is only
    # these words is a stamp when it stands apart, body text inside a sentence
    # (``body.in_sentence``).
    phrase: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class LinePattern:
    """Furniture that fills a whole line (after stripping OCR debris at either end)."""

    name: str
    kind: str
    regex: re.Pattern[str]
    weight: float
    # Match the line as it stands; otherwise OCR debris at either end is stripped first.
    raw: bool = False
    # The regex has a group "level": empty, or a classification banner as OCR reads it
    # (``banner_line_level``: "LIMITED OFFICIAL USE", "C0NFIDENTIAL", "SECRET/NOFORN") ...
    level: bool = False
    # ... which may end in a caption the banner words do not know ("CONFIDENTIAL STADIS"),
    # where the rest of the line is distinctive enough.
    caption: bool = False


@dataclass(frozen=True, slots=True)
class Prior:
    """What a pattern says about a whole line."""

    name: str
    kind: str
    weight: float
    detail: str = ""  # e.g. the banner level or the fuzzy score
    number: int | None = None  # the value of a lone page number


@dataclass(frozen=True, slots=True)
class SpanHit:
    start: int
    end: int
    name: str
    kind: str
    absorb: str
    # Only the stamp's bare words, which a sentence can hold too (``SpanPattern.phrase``).
    phrase: bool = False
    # STRONG: removed wherever it sits; MEDIUM: a piece that needs more evidence (position),
    # taken only when it fills its line (``lines.collect``).
    weight: float = STRONG
