"""The teleprinter's page header: classification, PAGE nn, post, message number, date-time group.

Printed in fixed columns at the top of every page of a telegram; the header names the page, so
it is a strong pattern on its own.
"""

from __future__ import annotations

import re

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import STRONG
from pipeline.stages.strip.patterns.base import LinePattern

# OCR debris in front of a field ("‘LONDON"), a speck read between two fields ("«ss", "|"),
# a digit of a teleprinter's fields (also "@" and "©" for 0).
_X = r"[^\w\s]{0,2}"
_S = r"\s+(?:[^\w\s]\S{0,3}\s+)?"
_TD = r"[\dOoIl|@©]"

TELETYPE_LINES: tuple[LinePattern, ...] = (
    LinePattern(
        # The teleprinter's page header, in fixed columns: classification (any level, one word
        # or three, a caveat after it), PAGE nn (nn OF nn), the post and message number, the
        # section (01 OF 02) and the date-time group: "CONFIDENTIAL PAGE 02 STATE 214587
        # 141230Z", "LIMITED OFFICIAL USE PAGE 01 LONDON 00780 262253Z". OCR: "O1"/"O01"/"@1"
        # for 01, the DTG's Z read as 2 or 7, PACE/PAGF, a quote or dash stuck to a field, a
        # speck read between two fields ("SECRET | PAGE @1 PARIS ©3302", "PAGE 04 «ss PARIS.").
        # The DTG may carry month and year ("PAGE 01 MOSCOW 8427 281232Z MAR 94": Talbott
        # release manifest, ../shared/corpus/talbott/manifest_enriched.csv, dev row C09000022).
        "teletype-page-header",
        FurnitureKind.TELETYPE_HEADER,
        re.compile(
            rf"""(?:(?P<level>.*?)\s+)?
                {_X}P[A4][GC][EF]\s*{_TD}{{2,3}}(?:\s+OF\s+{_TD}{{2,3}})?
                {_S}{_X}[A-Z][A-Z0-9]{{1,14}}(?:\s+{_X}[A-Z][A-Z0-9]{{0,14}})?\W?  # STATE, USUN N
                {_S}{_X}{_TD}{{4,6}}
                (?:\s+{_TD}{{2}}\s+OF\s+{_TD}{{2}})?
                (?:{_S}{_X}{_TD}{{6}}[Z27z]?
                   (?:\s+[A-Z]{{3}}\s+{_TD}{{2}})?)?  # month and year: "281232Z MAR 94"
            """,
            re.X,
        ),
        STRONG,
        level=True,
        caption=True,
    ),
)
