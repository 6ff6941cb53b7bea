"""Page numbers: labels ("Page 2 of 4"), dashed numbers ("- 2 -"), "n of m", lone numbers.

A lone number is a weak pattern: whether it is a page number is decided by its position and by
the sequence it makes with the others (``evidence.sequence``).
"""

from __future__ import annotations

import re

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import STRONG, WEAK
from pipeline.stages.strip.patterns.base import OCR_DIGIT as _D
from pipeline.stages.strip.patterns.base import LinePattern

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
        # "- 2 -", and as OCR reads it: "- 2? -", "~ 3 -", "—~ 3 -".
        "dashed-page-number",
        FurnitureKind.PAGE_NUMBER,
        re.compile(r"[-–—~]{1,2}\s*\d{1,3}[?'.,]?\s*[-–—~]{1,2}"),
        STRONG,
        raw=True,
    ),
    LinePattern(
        "n-of-m", FurnitureKind.PAGE_NUMBER, re.compile(r"\d{1,3}\s+(?:of|OF)\s+\d{1,3}"), STRONG
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
