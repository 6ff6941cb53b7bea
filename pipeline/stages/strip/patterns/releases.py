"""What NARA's 2023 and 2025 JFK releases print beside the record: their stamps, heads and marks.

The dev split held no document of those releases until issue 14's ``jfk-recent`` folder
(``bench/furniture/jfk-recent``, 20 dev documents of the 2023 and 2025/0318 releases taken by a
rule fixed before any was read; ``bench/furniture/README.md``). Every form below was read there,
each named with its file and line, and each is a class of the releases' furniture, not one
document's string:

* the NSA's 2025 release line ("Released pursuant to Executive Order 14176, DECLASS. OF RECORDS
  CONC. THE ASSASSINATIONS OF PRES. JFK, SEN" / "RFK, AND THE REV. DR. MLK, JR.") and the NSA
  document identifiers it heads each page with ("Doc ID: 6878935", "Doc Ref ID: A4268791");
* SIGINT codeword banners ("TOP SECRET DINAR", "TOP SECRET UMBRA"), a level with the control
  system's codeword behind it;
* the FBI's automatic declassification stamp of 2023 on each page's head (its caption is a
  fuzzy stamp line, ``stamps.FUZZY_LINES``; its date and reviewer lines are here);
* a CIA cable's continuation head ("PAGE 2 HONG KONG 1046 SECRET": page, station, message number,
  level), an FBI report's "- COVER PAGE -", and page numbers with a speck or dash in front and a
  full stop behind ("•9.", "• 16 .", "= 5.");
* a scan mark or record number as OCR damaged it ("13$00000", "-00000", "104-10 123-10302/17");
* a level word OCR damaged past the banner patterns' reading ("BBCRET", "BECRIT", "SECRE",
  "CRET", "EGRET"): one word of capitals within two edits of SECRET (``damaged_level``).

All but the release line are only priors of medium or weak weight: they are removed with the
evidence of their place (a page's head or foot band, beside other furniture) like a banner.
"""

from __future__ import annotations

import logging
import re

from rapidfuzz.distance import Levenshtein

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import MEDIUM, WEAK
from pipeline.stages.strip.patterns.base import LinePattern, SpanPattern
from pipeline.stages.strip.patterns.markings import CODEWORDS

log = logging.getLogger(__name__)

RELEASE_SPANS: tuple[SpanPattern, ...] = (
    SpanPattern(
        # The 2025 release line of the NSA's records, at each page's foot, often wrapped: "Released
        # pursuant to Executive Order 14176, DECLASS. OF RECORDS CONC. THE ASSASSINATIONS OF PRES.
        # JFK, SEN" (2025 144-10001-10286 lines 75, 191, 227, jfk-recent dev). The order's number
        # and the fixed words behind it are the stamp; a sentence citing an order has no number
        # right behind "Released pursuant to".
        "eo-release-line",
        FurnitureKind.RELEASE_STAMP,
        re.compile(
            r"""Released\s+pursuant\s+to\s+(?:Executive\s+Order|E\.?\s?O\.?)\s+\d{5}
                (?:,?\s+DECLASS\.?(?:\s+OF\s+RECORDS)?(?:\s+CONC\.?)?(?:\s+THE\s+ASSASSINATIONS?)?
                   (?:\s+OF\s+PRES\.?)?(?:\s+JFK,?)?(?:\s+SEN\.?)?)?""",
            re.X,
        ),
        keys=("pursuant to",),
    ),
)

# A level and a SIGINT control system's codeword (``markings.CODEWORDS``).
_CODEWORDS = "(?:" + "|".join(w.replace(" ", r"\s+") for w in CODEWORDS) + ")"

RELEASE_LINES: tuple[LinePattern, ...] = (
    LinePattern(
        # The release line's wrapped rest: "RFK, AND THE REV. DR. MLK, JR." (OCR "REK,"; 2025
        # 144-10001-10286 lines 79, 193, 229, jfk-recent dev).
        "eo-release-piece",
        FurnitureKind.RELEASE_STAMP,
        re.compile(r"R[FE]K,?\s+AND\s+THE\s+REV\.?\s+DR\.?\s+MLK,?\s+JR\.?"),
        MEDIUM,
    ),
    LinePattern(
        # The NSA's document identifiers at each page's head: "Doc ID: 6878935", "Doc Ref ID:
        # A4268791" (2025 144-10001-10286 lines 5, 85, 89, 199, 201, jfk-recent dev).
        "nsa-doc-id",
        FurnitureKind.RELEASE_STAMP,
        # Worn as the 2022 release's OCR reads it: "Doc RE ID: 44269348", "Doc Ref 1D: AA269548"
        # with the page's codeword banner beside it ("—-SECREF -MORAY—"; 2022
        # 144-10001-10326_docid_6782908_sealed lines 1, 140, jfk-2022 dev).
        re.compile(
            r"""Doc\s+(?:R[A-Za-z]{1,2}\s+)?[I1l]D\s*[:.]?\s*(?:[A-Z]{1,2}\d{6,7}|\d{7,8})
                (?:\W{1,4}[A-Z]{4,8}\W{1,3}"""
            + _CODEWORDS
            + r"""\W{0,2})?""",
            re.X,
        ),
        MEDIUM,
    ),
    LinePattern(
        # "TOP SECRET DINAR" at a page's head and foot, "TOP SECRET UMBRA" (2025 144-10001-10286
        # lines 73, 91, 189, 203, 225, jfk-recent dev); "TOP SECRET UMBRA/NOFORN".
        "codeword-banner",
        FurnitureKind.BANNER,
        re.compile(rf"(?:TOP\s*)?SECRET\s*[-/ ]\s*{_CODEWORDS}(?:\s*[-/]\s*[A-Z]+)*"),
        MEDIUM,
    ),
    LinePattern(
        # The FBI's automatic declassification stamp of 2023, its date and reviewer lines under
        # its caption: "DATE 06-16-2023" (OCR "00-16-2023"), "BY: F51493442" (2023
        # 124-10332-10043 lines 89-91, 123-125, jfk-recent dev). A date alone could be a form's
        # field: medium, beside the caption or at the page's head.
        "fbi-declass-fields",
        FurnitureKind.RELEASE_STAMP,
        re.compile(r"DATE\W{0,2}\s*\d\d-\d\d-(?:19|20)\d\d|BY\W{0,2}\s*F\d{7,10}"),
        MEDIUM,
    ),
    LinePattern(
        # A CIA cable's continuation head: page, station, message number, level ("PAGE 2 HONG
        # KONG 1046 SECRET", 2023 104-10063-10429 line 113; "PAGE 2 SAN SALVADOR ORS8 SECRET",
        # 2025 104-10186-10021 line 93, jfk-recent dev).
        "cable-page-head",
        FurnitureKind.PAGE_NUMBER,
        re.compile(
            r"""PAGE\s+\d{1,3}\s+(?:[A-Z][A-Z.]*\s+){1,3}[A-Z\d]{2,7}\s+
                (?:TOP\s+SECRET|SECRET|CONFIDENTIAL)\b.{0,12}""",
            re.X,
        ),
        MEDIUM,
    ),
    LinePattern(
        # An FBI report's cover pages are marked at the foot: "- COVER PAGE -", "• COVER PAGE"
        # (2025 124-10332-10047 lines 147, 231, 301, jfk-recent dev).
        "cover-page-label",
        FurnitureKind.PAGE_NUMBER,
        re.compile(r"COVER\s+PAGE"),
        MEDIUM,
    ),
    LinePattern(
        # A scan mark or record number as OCR damaged it: "13$00000", "-00000" (2025
        # 104-10301-10010 line 847, 104-10186-10021 line 5), "104-10 123-10302/17", "1104-10063-
        # 1042." (2023 104-10123-10302 line 5, 104-10063-10429 line 5, jfk-recent dev).
        "jfk-rif-damaged",
        FurnitureKind.RELEASE_STAMP,
        re.compile(r"\d{0,2}[$§-]?0{5}|1?\d{3}-\d{2}\s?\d{3}-\d{4,5}\W?(?:/\d{1,3})?"),
        MEDIUM,
    ),
    LinePattern(
        # A page number with a speck or dash in front and a full stop behind, as OCR reads a
        # CIA report's "- 9 -" at the foot: "•9.", "• 16 .", "• 22.", "= 5." (2025
        # 104-10301-10010 lines 95, 447, 661, 741; 2023 104-10102-10237 line 943, jfk-recent
        # dev). Weak like a lone number: "2." numbers a paragraph; only the mark in front and
        # the page's foot make it a page number. The mark may be read as a sign with a speck
        # behind it and a quote after the number ("∞. 18.\"" between a foot banner and NARA's
        # footer: 2021 docid-32340308 line 3155, jfk-state dev).
        "marked-page-number",
        FurnitureKind.PAGE_NUMBER,
        re.compile(r"(?:[•·=_~]|∞\.?)\s*(\d{1,3})\s*[.,]?\s*[.,]?[\"”]?"),
        WEAK,
        raw=True,
    ),
)

# The levels a damaged word is measured against; CONFIDENTIAL is long enough for three edits.
_LEVELS = (("SECRET", 2), ("CONFIDENTIAL", 3))
_CAPS_WORD = re.compile(r"[A-Z]{4,13}")


def damaged_level(core: str) -> str | None:
    """The level a line of one damaged word in capitals stands for, else None.

    ``core``: the line without OCR debris at its ends. The word (a one-letter speck in front
    joined to it: "I CRET", "B CRET") is in capitals, at least four letters, and within two
    edits of SECRET (three of CONFIDENTIAL, for words of nine letters or more): "BBCRET",
    "BECRIT", "SECRE", "CRET", "SCRES" (2025 104-10301-10010, 2023 104-10102-10237,
    104-10222-10046, jfk-recent dev). Only a prior: the line is removed only where its place on
    the page says banner (a page's head or foot); a real word this near ("EGRET", "SECT",
    "CONFIDENT") is taken only where the document prints the level as a banner elsewhere too
    (``marking_evidence.damaged_levels``).

    >>> damaged_level("BBCRET"), damaged_level("I CRET"), damaged_level("CONFIDEATIALI")
    ('SECRET', 'SECRET', 'CONFIDENTIAL')
    >>> damaged_level("SECTION"), damaged_level("Secret"), damaged_level("SECRETARY")
    (None, None, None)
    """
    near = nearest_level(core)
    return near[0] if near is not None else None


def nearest_level(core: str, slack: int = 0) -> tuple[str, int] | None:
    """(level, edits) of the level a line of one word in capitals is within reach of, else None.

    ``core`` as for ``damaged_level``; ``slack``: edits allowed beyond ``damaged_level``'s (2 for
    SECRET, 3 for CONFIDENTIAL). ``edits`` is the Levenshtein distance (0 for the level itself).

    >>> nearest_level("BBCRES"), nearest_level("BBCRES", slack=1)
    (None, ('SECRET', 3))
    """
    toks = core.split()
    if len(toks) == 2 and len(toks[0]) == 1:
        toks = [toks[0] + toks[1]]
    if len(toks) != 1 or not _CAPS_WORD.fullmatch(toks[0]):
        return None
    word = toks[0]
    for level, edits in _LEVELS:
        if len(level) > 8 and len(word) < 9:
            continue
        reach = edits + slack
        if abs(len(word) - len(level)) <= reach:
            d = Levenshtein.distance(word, level, score_cutoff=reach)
            if d <= reach:
                return level, d
    return None
