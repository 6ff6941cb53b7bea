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
(``PRINTED_LINES``): a line that is one of them, through OCR slips, is the form's too. And each
prints its own designation in a corner, alone on its line (``form_number``): the number with
its revision date ("FD-302 (Rev. 1-25-60)"), or with the note about older editions ("Form 40-94
REPLACES FORM 36-8 WHICH MAY BE USED", "FORM 1329 OBSOLETE PREVIOUS EDITIONS"), or bare
("FORM 610": said, but no evidence in ``match``, since a file's inventory lists its serials by
form one to a line); a sentence that names a form ("FD-209 may be used in recording contacts")
is no designation.
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
# A printed line cut at the scan's margin (``_cut_printed``): the share of the instruction's
# characters it must hold, its least length, and the characters the cut end may miss.
_CUT_SHARE = 2 / 3
_CUT_CHARS = 20
_CUT_SLACK = 2
# The form's designation in front of the edition note: "FORM 610", "FORM NO. 237", and as OCR
# reads a CIA form's "FORM 10-72 3205" (its number and the stock number beside it), the word
# FORM with its first letter lost or misread ("•ORM", "jORM", "ID-72": 2023 104-10102-10237
# line 339, 2025 104-10063-10160 lines 121 and 213, bench/furniture/jfk-recent, dev): the word
# and up to three numbers (digits, OCR's O/I/L for 0/1, dashes and dots; a letter behind).
FORM_WORD = r"(?:FORM|FM|FOR?M|\W?[A-Z]?ORM|[FI]D)"
FORM_TOKEN = r"[\dOIL|.,:/()\-]*\d[\dOIL|.,:/()\-]*[A-Z]?"
_FORM_NUMBER = re.compile(rf"^(?:{FORM_WORD}\W*(?:NO\W*)?)?(?:{FORM_TOKEN}\s+){{1,3}}")


def printed_score(text: str) -> tuple[str, float] | None:
    """(instruction, rapidfuzz ratio 0-100) of the form instruction a whole line is
    (``PRINTED_LINES``; a designation in front of the edition note taken off first), through
    OCR slips, or None.

    >>> line, score = printed_score("ID-72 3205 USE PREYIOUS EDITIONS")
    >>> line, round(score)
    ('USE PREVIOUS EDITIONS', 95)
    """
    core = " ".join(w.strip(DEBRIS + "{}") for w in text.upper().split())
    core = _FORM_NUMBER.sub("", " ".join(core.split()) + " ").strip()
    if not 10 <= len(core) <= 60:
        return None
    hit = process.extractOne(core, PRINTED_LINES, scorer=fuzz.ratio, score_cutoff=_PRINTED_SCORE)
    if hit:
        return hit[0], hit[1]
    return _cut_printed(core)


def _cut_printed(core: str) -> tuple[str, float] | None:
    """(instruction, rapidfuzz ratio) of a printed line whose first or last words the scan cut
    at the margin ("\\, CHECK CLASSI. _ATION TOP AND BOTTOM", "SENDER WILL" lost: 2018
    104-10103-10142 line 3, bench/furniture/jfk-heads, dev), or None: the line (upper case,
    debris off) aligns at ``_PRINTED_SCORE`` with a stretch of the instruction that runs to its
    end or from its start, and holds ``_CUT_SHARE`` of it and ``_CUT_CHARS`` characters or more
    (a short stretch, "RETURN TO SENDER", "PREVIOUS EDITIONS", may be a sentence's end)."""
    best: tuple[str, float] | None = None
    for printed in PRINTED_LINES:
        if len(core) < max(_CUT_CHARS, _CUT_SHARE * len(printed)) or len(core) > len(printed):
            continue
        a = fuzz.partial_ratio_alignment(core, printed, score_cutoff=_PRINTED_SCORE)
        if a is None:
            continue
        at_edge = a.dest_start <= _CUT_SLACK or a.dest_end >= len(printed) - _CUT_SLACK
        if at_edge and (best is None or a.score > best[1]):
            best = (printed, a.score)
    return best


def printed_line(text: str) -> str | None:
    """The form instruction a whole line is (``printed_score``), or None.

    >>> printed_line("{SENDER WILL CHECK CLASSIFICATION TOP ANO BOTTOM."), printed_line("Hello")
    ('SENDER WILL CHECK CLASSIFICATION TOP AND BOTTOM', None)
    >>> printed_line("FORM 95 USE PREVIOUS EDITIONS")
    'USE PREVIOUS EDITIONS'
    """
    hit = printed_score(text)
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
    if len(options) >= 2:
        return CheckboxRow(tuple(options), boxes)
    # One option: beside its box only specks, never a field's value with digits (a cable's
    # header "SECRET 291410Z" with a speck read as a box: "SECRET z91a10z r] 0", 2018
    # 104-10165-10175 line 12, dev).
    field = any(_option(t) is None and _FIELD.fullmatch(t.strip(DEBRIS)) for t in toks)
    if options and boxes and len(toks) <= 4 and not field:
        return CheckboxRow(tuple(options), boxes)
    return None


_FIELD = re.compile(r"(?=\w*\d)\w{4,}")


# A form's designation at the start of its line: "FORM 610", "Form 40-94]", "FORM NO. 10",
# "OPTIONAL FORM NO. 10", "FD-302", "FD-209a"; OCR: "FORM 61 Q" (610), "¥FD-37", "‘ FD-9P", "OP
# FIONAL FORM NO. 10" (2025 124-10180-10295 line 95, bench/furniture/jfk-series, dev).
_DESIGNATION = re.compile(
    r"""(?:(?:OPTIONAL|STANDARD|O\S{0,2}\s?[A-Z]{4,6})\s+)?(?:FORM|FD)\s*[-.]?\s*(?:NO\W{0,2}\s*)?
        [\dOoIl|]{1,5}[a-zA-Z]?(?:\s?[-–]\s?[\dOoIl|]{1,4}[a-zA-Z]?)?
        (?:\s[\dOoIlQ]\b)?""",
    re.X | re.I,
)
# The revision date printed after it: "(Rev. 12-13-56)", OCR "(Rev, 5-22-64)", "(RF. 10-12-56)",
# "“Rew. 1-25-60)", "fev. 11-15-43)", "(Rov. 12-13-561" (2025 124-10204-10004 line 81,
# jfk-series dev), "(Bev. 5-22-64)" (2022 docid-32305309 line 101, bench/furniture/jfk-prose,
# dev).
_REVISION = re.compile(
    r"""\W{0,2}\s*\W?\s*[RrFfBb][EeFfOo][VvWw]?\w?\s*[.,]?\s*[\dOoIl§|]{1,3}(?:\s?[-–/.]\s?[\dOoIl|]{1,3}){1,2}
        \s*[)\]}]?""",
    re.X,
)
# The edition note: "REPLACES FORM 36-8 ... WHICH MAY BE USED", "OBSOLETE PREVIOUS EDITIONS".
_EDITION = re.compile(
    r"REPLACES|PREVIOUS|EDITIONS?|OBSOLETE|WHICH\s+MAY\s+BE\s+USED|MAY\s+BE\s+USED", re.I
)
# The edition note wrapped onto the next line: "1FEB 55 WHICH MAY BE USED." (the date of the
# edition it replaces in front); only beside the designation line is it the form's.
_EDITION_TAIL = re.compile(r"(?:\S{1,8}\s+){0,2}WHICH\s+(?:MAY|ARE\s+TO)\s+BE\s+USED\W*", re.I)
MAX_FORM_LINE = 60  # characters: a designation line is short


def form_number(text: str) -> str | None:
    """What a line that is a form's printed designation holds ("revision", "edition", "bare"),
    "edition-tail" for the edition note's wrapped rest, or None.

    The line starts with the designation; behind it only the revision date, the edition note,
    or at most three tokens of OCR debris with no word of a sentence (``_rest_is_debris``).

    >>> form_number("FD-36 (Rev. 12-13-56)"), form_number("Form 40-94] REPLACES FORM 36-8 om")
    ('revision', 'edition')
    >>> form_number("FORM 610"), form_number("FD-209 may be used in recording contacts with")
    ('bare', None)
    """
    core = text.strip(DEBRIS + "{}¥$ \t")
    if not core or len(core) > MAX_FORM_LINE:
        return None
    if _EDITION_TAIL.fullmatch(core):
        return "edition-tail"
    m = _DESIGNATION.match(core)
    if m is None or not (m.end() == len(core) or not core[m.end()].isalnum()):
        return None
    rest = core[m.end() :]
    rev = _REVISION.match(rest)
    printed = rev is not None and bool(rest[: rev.end()].strip(DEBRIS + " "))
    if printed and rev is not None and _rest_is_debris(rest[rev.end() :]):
        return "revision"
    if _EDITION.search(rest) and not _sentence_words(rest):
        return "edition"
    if _rest_is_debris(rest):
        return "bare"
    return None


def _sentence_words(text: str) -> bool:
    """Two function words or more: the rest reads as a sentence."""
    words = [w.strip(DEBRIS).lower() for w in text.split()]
    return sum(1 for w in words if w in FUNCTION_WORDS and len(w) >= 2) >= 2


def _rest_is_debris(text: str) -> bool:
    """At most three short tokens and no word of two lower-case letters in a row (OCR of the
    form's rules and boxes: "om", "ria", "= =" pass, "may be used" does not)."""
    toks = [t for t in text.split() if t.strip(DEBRIS)]
    if len(toks) > 3:
        return False
    return all(len(t) <= 4 and not (t[:1].islower() and len(t) > 3) for t in toks) and not (
        _sentence_words(text)
    )


# The note a US Army (DA) form prints under its title: "For use of this form, see FM 30-17(C); AR
# 381-130; the proponent agency is the Office of the Assistant Chief of Staff for Intelligence."
# (DA Form 341, Agent Report: 2022 docid-34530609 line 83, bench/furniture/jfk-prose, dev; the
# wording is the Army's for every form: "For use of this form, see AR 380-5; the proponent agency
# is ODCSOPS"). The regulation and the agency vary; the two fixed phrases do not.
_PROPONENT = re.compile(
    r"""\W?For\s+use\s+of\s+this\s+form\W{0,2}\s*see\s+\S.{0,80}?
        [;,.]?\s*the\s+proponent\s+agency\s+is\s+\S.{0,120}""",
    re.X | re.I,
)


def proponent_note(text: str) -> bool:
    """Is the whole line an Army form's printed note naming its regulation and proponent
    agency (``_PROPONENT``)?

    >>> proponent_note("For use of this form, see AR 380-5; the proponent agency is ODCSOPS.")
    True
    >>> proponent_note("For use of this form, see the attached memorandum.")
    False
    """
    return _PROPONENT.fullmatch(text.strip()) is not None
