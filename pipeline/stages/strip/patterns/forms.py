"""A form's printed classification boxes: the check-box row every copy of a form carries.

Agency forms print the classification as a menu of check boxes, the same on every copy: the CIA
routing and record sheet (Form 610) at its top "[ ] UNCLASSIFIED [ ] INTERNAL USE ONLY
[ ] CONFIDENTIAL [ ] SECRET" and at its foot "FORM 610 USE PREVIOUS EDITIONS [ ] SECRET ...";
transmittal slips and cover sheets the like ("SECRET CONFIDENTIAL RESTRICTED UNCLASSIFIED").
They are page furniture (``FurnitureKind.FORM``): printed by the form, not written by the
document (the values filled in, the subject, the names, the remarks are the document's and
stay). OCR reads the box as ``[]``, ``(]``, ``C]``, ``[7]``, ``LJ``, ``L2]``, ``=]`` ... and the
options with slips ("secreT", "{TERNAL", "UNCLASSI¥IED"); the shapes below come from the routing
sheets of the 2018 NARA JFK releases (noops888/jfk-files-text, e.g. ``104-10414-10150``).

A line is a check-box row when it names two options or more, or one option with a check box
beside it, and is no sentence (no function words tying the options together: "SECRET AND
CONFIDENTIAL DOCUMENTS" is a sentence).

The same forms print a few lines of instructions on every copy, word for word
(``PRINTED_LINES``): a line that is one of them, through OCR slips, is the form's too.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from pipeline.core.text import FUNCTION_WORDS
from pipeline.stages.strip.patterns.base import DEBRIS

log = logging.getLogger(__name__)

# The options of a form's classification menu ("INTERNAL USE ONLY" and "RESTRICTED" are options
# of the CIA and Army forms, never banners of their own).
OPTIONS = ("UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "INTERNAL", "RESTRICTED")
# Words of the printed row that are neither an option nor a box: "USE ONLY" after INTERNAL.
_ROW_WORDS = frozenset({"USE", "ONLY"})
# A check box as OCR reads it: a bracket or two with at most one letter or digit inside or beside
# it ("[]", "(]", "C]", "[7]", "(7)", "=]", "[[]", "CO)", "(1"), or the box's two strokes read as
# letters ("LJ", "L2]"); a lone bracket is a stamp's frame or debris, and a portion marking
# ("(S)", "(C)", "(U)", "(TS)") or a list item's letter ("(a)") is not a box.
_BOX = re.compile(
    r"[^\w\s]{0,2}[\w©°]?[\[\]\(\)\{\}][^\w\s]{0,2}[\w©°]?[\[\]\(\)\{\}_]?|LJ|L\w?\]|☐|□|☒"
)
_PORTION = re.compile(r"\((?:S|C|U|TS|LOU|FOUO|NF|[a-z])\)")
_SPLIT = re.compile(r"\s+|_{2,}")
_SLIP_SCORE = 80  # rapidfuzz ratio for an option read with a slip or two


# Instructions the forms print on every copy, each with where it was read (2018 NARA JFK releases,
# noops888/jfk-files-text, dev by release year; each recurs in several files of the 2018 release).
PRINTED_LINES = (
    # the "OFFICIAL ROUTING SLIP" (Form 237): 104-10414-10150 lines 881 and 918
    "SENDER WILL CHECK CLASSIFICATION TOP AND BOTTOM",
    "FOLD HERE TO RETURN TO SENDER",
    # the form number line of Forms 237, 610, 95: 104-10414-10150 line 924 ("Use pravious edi")
    "USE PREVIOUS EDITIONS",
)
_PRINTED_SCORE = 85  # rapidfuzz ratio, the line's letters and digits against the printed line
# "FORM 610", "FORM NO. 237" in front of the edition note.
_FORM_NUMBER = re.compile(r"^(?:FORM|FM|FOR?M)\W*(?:NO\W*)?\d{1,4}\W*")


def printed_line(text: str) -> str | None:
    """The form instruction a whole line is (``PRINTED_LINES``), through OCR slips; or None.

    >>> printed_line("{SENDER WILL CHECK CLASSIFICATION TOP ANO BOTTOM."), printed_line("Hello")
    ('SENDER WILL CHECK CLASSIFICATION TOP AND BOTTOM', None)
    >>> printed_line("FORM 95 USE PREVIOUS EDITIONS")
    'USE PREVIOUS EDITIONS'
    """
    core = " ".join(w.strip(DEBRIS + "{}") for w in text.upper().split())
    core = _FORM_NUMBER.sub("", " ".join(core.split()))
    if not 10 <= len(core) <= 60:
        return None
    hit = process.extractOne(core, PRINTED_LINES, scorer=fuzz.ratio, score_cutoff=_PRINTED_SCORE)
    return hit[0] if hit else None


@dataclass(frozen=True, slots=True)
class CheckboxRow:
    """What a check-box row line holds: the options it names (in order) and its boxes."""

    options: tuple[str, ...]
    boxes: int

    @property
    def detail(self) -> str:
        """Evidence text: "SECRET, CONFIDENTIAL; 2 check boxes"."""
        return f"{', '.join(self.options)}; {self.boxes} check box(es)"


def _option(token: str) -> str | None:
    """The menu option a token reads as ("secreT" -> SECRET, "{TERNAL" -> INTERNAL), or None.

    A word in Title Case is a sentence's ("Classified \"Secret\" because ..."), and
    "CLASSIFIED" is a word of its own, not a slip of UNCLASSIFIED.

    >>> _option("conFIoeNTIAL"), _option("Secret"), _option("CLASSIFIED"), _option("UNCLASSI¥IED")
    ('CONFIDENTIAL', None, None, 'UNCLASSIFIED')
    """
    word = token.strip(DEBRIS + "{}")
    if word.istitle():
        return None
    core = word.upper()
    if core in OPTIONS:
        return core
    if core.startswith("CLASSIF") or not 6 <= len(core) <= 14:
        return None
    if sum(c.isalpha() for c in core) < len(core) - 1:
        return None
    hit = process.extractOne(core, OPTIONS, scorer=fuzz.ratio, score_cutoff=_SLIP_SCORE)
    return hit[0] if hit else None


def is_box(token: str) -> bool:
    """Is the token a check box as OCR reads it?

    >>> [is_box(t) for t in ("[]", "(]", "C]", "[7]", "LJ", "L2]", "=]", "(S)", "(a)", "[", "AB")]
    [True, True, True, True, True, True, True, False, False, False, False]
    """
    return len(token) >= 2 and bool(_BOX.fullmatch(token)) and not _PORTION.fullmatch(token)


def checkbox_row(text: str) -> CheckboxRow | None:
    """The line as a form's check-box row, or None.

    Two options or more (distinct), or one with a check box beside it on a short line; a line
    with two function words, or one between two options, is a sentence.

    >>> checkbox_row("610 “tise [] SECRET [7] CONFIDENTIAL [-] INTERNAL 7 UNCLASSIFIED").detail
    'SECRET, CONFIDENTIAL, INTERNAL, UNCLASSIFIED; 3 check box(es)'
    >>> checkbox_row("LJ SECRET").options, checkbox_row("SECRET") is None
    (('SECRET',), True)
    >>> checkbox_row("ALL SECRET AND CONFIDENTIAL CABLES") is None
    True
    """
    toks = _SPLIT.split(text.strip())  # a box's underline glues it to its option: "E/]__UNCLASS"
    if not toks or not toks[0] or len(toks) > 16:
        return None
    options: list[str] = []
    boxes = 0
    function = 0
    between = False  # a function word right after an option ("SECRET OR CONFIDENTIAL")
    last_option = False
    for t in toks:
        opt = _option(t)
        if opt is not None:
            if opt not in options:
                options.append(opt)
            last_option = True
            continue
        word = t.strip(DEBRIS)
        if is_box(t):
            boxes += 1
        elif word.lower() in FUNCTION_WORDS and len(word) >= 2 and word.upper() not in _ROW_WORDS:
            function += 1
            between = between or last_option
        last_option = False
    if function >= 2 or (between and len(options) >= 2):
        return None
    if len(options) >= 2 or (options and boxes and len(toks) <= 4):
        return CheckboxRow(tuple(options), boxes)
    return None
