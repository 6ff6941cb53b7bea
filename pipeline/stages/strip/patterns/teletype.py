"""The teleprinter's page header: classification, PAGE nn, post, message number, date-time group.

Printed in fixed columns at the top of every page of a telegram; the header names the page, so
it is a strong pattern on its own.
"""

from __future__ import annotations

import re

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import MEDIUM, STRONG
from pipeline.stages.strip.patterns.base import LinePattern

# OCR debris in front of a field ("‘LONDON"), a speck read between two fields ("«ss", "|",
# "_": an underscore is a word character to ``\w`` but never a teleprinter's), a digit of a
# teleprinter's fields (also "@" and "©" for 0).
_MARK = r"(?:[^\w\s]|_)"
_X = rf"{_MARK}{{0,2}}"
_S = rf"\s+(?:{_MARK}\S{{0,3}}\s+)?"
_TD = r"[\dOoIl|@©]"
# The page and message numbers as a worn ribbon prints them: also B, G, S for 0, 6, 5 ("PAGE G1",
# "B1567", "S1813": 1968 State telegrams, bench/furniture/jfk-state 2018__104-10433-10178, dev),
# with real digits among them (the page number one, the message number three).
_TDX = r"[\dOoIl|@©BGS]"
_PAGE_NO = rf"(?=\S{{0,2}}\d){_TDX}{{2,3}}"
_MSG_NO = rf"(?=(?:\S{{0,5}}?\d){{3}}){_TDX}{{4,6}}"
# After the date-time group, the last field, up to three tokens of one or two characters: a
# stamp's ink or the ribbon's smudge read as letters ("PAGE 01. TEGUCI 02308 1416402 a6 | SO":
# 1968 State telegrams, bench/furniture/jfk-state 2018__104-10433-10178 line 70, dev).
_INK = r"(?:\s+\S{1,2}){0,3}"
# A full stop or dash stuck to a field ("PAGE 01.", "19017.", "16017-~181340Z").
_P = r"[.\-~]{0,2}"

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
                {_X}P[A4][GC][EF]\s*{_PAGE_NO}{_P}(?:\s+OF\s+{_TD}{{2,3}})?
                {_S}{_X}[A-Z][A-Z0-9]{{1,14}}(?:\s+{_X}[A-Z][A-Z0-9]{{0,14}})?\W?  # STATE, USUN N
                {_S}{_X}{_MSG_NO}{_P}
                (?:\s+{_TD}{{2}}\s+OF\s+{_TD}{{2}})?
                (?:(?:{_S}|(?<=[.\-~])){_X}{_TD}{{6}}[Z27z]?
                   (?:\s+[A-Z]{{3}}\s+{_TD}{{2}})?  # month and year: "281232Z MAR 94"
                   {_INK})?
            """,
            re.X,
        ),
        STRONG,
        level=True,
        caption=True,
    ),
    LinePattern(
        # The same header with its page number worn past reading ("PAGE ®Y LONDON
        # 16017-~181340Z": bench/furniture/jfk-state 2018__104-10433-10178 line 905, dev): the
        # post, the message number and the date-time group are all there, but without the page
        # number it needs its place on the page too.
        "teletype-page-header-worn",
        FurnitureKind.TELETYPE_HEADER,
        re.compile(
            rf"""{_X}P[A4][GC][EF]\s*\S{{1,3}}
                {_S}{_X}[A-Z][A-Z0-9]{{1,14}}\W?
                {_S}{_X}{_MSG_NO}{_P}
                (?:{_S}|(?<=[.\-~])){_X}{_TD}{{6}}[Z27z]{_INK}
            """,
            re.X,
        ),
        MEDIUM,
    ),
)
