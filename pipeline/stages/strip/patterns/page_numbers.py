"""Page numbers: labels ("Page 2 of 4"), dashed numbers ("- 2 -"), "n of m", lone numbers.

A lone number is a weak pattern: whether it is a page number is decided by its position and by
the sequence it makes with the others (``evidence.sequence``).
"""

from __future__ import annotations

import re

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import MEDIUM, STRONG, WEAK
from pipeline.stages.strip.patterns.base import OCR_DIGIT as _D
from pipeline.stages.strip.patterns.base import LinePattern

# A page's number in words, two to ninety-nine ("TWO", "TWENTY-ONE", "Thirty"), in capitals or
# with a capital first letter.
_UNITS = ["ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"]
_TEENS = [
    "TEN",
    "ELEVEN",
    "TWELVE",
    "THIRTEEN",
    "FOURTEEN",
    "FIFTEEN",
    "SIXTEEN",
    "SEVENTEEN",
    "EIGHTEEN",
    "NINETEEN",
]
_TENS = ["TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY"]


def _number_words(case: str) -> str:
    def alt(words: list[str]) -> str:
        return "|".join(getattr(w, case)() for w in words)

    return rf"(?:(?:{alt(_TENS)})(?:[-\s](?:{alt(_UNITS)}))?|{alt(_TEENS)}|{alt(_UNITS[1:])})"


_WORDS = rf"(?:PAGE\s+{_number_words('upper')}|Page\s+{_number_words('title')})"

PAGE_NUMBER_LINES: tuple[LinePattern, ...] = (
    LinePattern(
        # "Page 2 of 4", "PAGE 02", "[Page 1]" (reading-room export), "## Page 3" (scraper).
        "page-label",
        FurnitureKind.PAGE_NUMBER,
        re.compile(
            rf"(?:#{{1,3}}\s*)?\[?(?:Page|PAGE|Pg\.)\s*{_D}{{1,3}}(?:\s*(?:of|OF|/)\s*\d{{1,3}})?\]?"
        ),
        STRONG,
    ),
    LinePattern(
        # The number spelled out, as FBI teletypes head their continuation pages: "PAGE TWO",
        # "- PAGE FOUR" (2021 NARA JFK docid-32174445 pages 7-9, docid-32176515 pages 24-38, dev).
        "page-label-words",
        FurnitureKind.PAGE_NUMBER,
        re.compile(_WORDS),
        STRONG,
    ),
    LinePattern(
        # "- 2 -", and as OCR reads it: "- 2? -", "~ 3 -", "—~ 3 -", "-9-." (a speck read as a
        # full stop behind it: 2022 176-10036-10179 line 431, jfk-176 dev).
        "dashed-page-number",
        FurnitureKind.PAGE_NUMBER,
        re.compile(r"[-–—~]{1,2}\s*\d{1,3}[?'.,]?\s*[-–—~]{1,2}[.,]?"),
        STRONG,
        raw=True,
    ),
    LinePattern(
        # A dashed number worn: "=" for a dash, or the closing dash read as a full stop ("= 7=",
        # "- 14.": 2021 NARA JFK docid-32340308 pages 14 and 21, over the page's foot banner,
        # bench/furniture/jfk-state, dev). A list's item can look like that too, so it needs its
        # place on the page.
        "dashed-page-number-worn",
        FurnitureKind.PAGE_NUMBER,
        # (A mark in front and a full stop behind, "= 5.", is ``releases``' marked page number.)
        re.compile(r"[-–—~=]{1,2}\s*\d{1,3}\s*[-–—~=]{1,2}[.,]?|[-–—]{1,2}\s*\d{1,3}\s*[.,]"),
        MEDIUM,
        raw=True,
    ),
    LinePattern(
        # The label typed in small letters ("page 2", "page 3." at the top of an HSCA staff
        # memo's continuation pages: 2022 180-10110-10123 lines 73, 113, bench/furniture/
        # jfk-opening, dev). A sentence wrapped before its "page 2." reads the same, so it needs
        # its place on the page.
        "page-label-lower",
        FurnitureKind.PAGE_NUMBER,
        re.compile(rf"page\s*{_D}{{1,3}}[.,]?"),
        MEDIUM,
    ),
    LinePattern(
        "n-of-m", FurnitureKind.PAGE_NUMBER, re.compile(r"\d{1,3}\s+(?:of|OF)\s+\d{1,3}"), STRONG
    ),
    LinePattern(
        # The number in words alone, in capitals, where a message form prints PAGE in a box of
        # its own ("THREE" under the form's banner: 2025 NARA JFK 104-10063-10160 line 269,
        # bench/furniture/jfk-recent, dev). Weak like a lone number: its place decides.
        "lone-number-word",
        FurnitureKind.PAGE_NUMBER,
        re.compile(_number_words("upper")),
        WEAK,
    ),
    # A lone number, with OCR debris in front (". 4", "- 2"); never "2." or "(2)", which number
    # paragraphs.
    LinePattern(
        "lone-number",
        FurnitureKind.PAGE_NUMBER,
        re.compile(r"[-.·•,'‘’|*:]{0,2}\s*(\d{1,3})\s*[-'|*]?"),
        WEAK,
        raw=True,
    ),
)
