"""The stamps and form print every FBI file of the JFK releases carries, as whole lines.

An FBI serial's page is stamped by the file room when it is recorded and mailed ("REC- 48",
"EX-115", "ST-101", "MAILED 19"; ``office_stamps`` reads "REC-" and "EX-") and, on the
Bureau's memorandum form (Optional Form No. 10, whose designation in the corner
``designation_evidence`` reads), printed with a savings-bond footer at the foot ("Buy U.S.
Savings Bonds Regularly on the Payroll Savings Plan"). Each family was mined from the dev
release years of the JFK text mirror (noops888/jfk-files-text @55840853, 2018 and 2021, less the
jfk test list's and ``shared/corpus/jfk``'s record numbers): ``bench/furniture/fbi_stamps.py``
counts the whole lines each pattern takes there and in how many records (the counts in the
comments below are its output). A stamp is taken only as a line of its own (``match_line``): a
sentence holding the words ("the letter was mailed 19 May") keeps them.

Dates stamped beside them ("NOV 8 1965", "JAN 4 1967") are left: a memorandum's own date line
reads the same.
"""

from __future__ import annotations

import re

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import FORM_SHAPE, MEDIUM
from pipeline.stages.strip.patterns.base import LinePattern

FBI_STAMP_LINES: tuple[LinePattern, ...] = (
    LinePattern(
        # The file room's "ST-" stamp beside the serial's "REC-" number, numbered from 100 like
        # "EX-": 18 lines in 13 records of the dev years ("ST-113", "ST-106", "ST-101").
        "fbi-st-stamp",
        FurnitureKind.RELEASE_STAMP,
        re.compile(r"ST\s?[-–—]\s?[12]\d\d"),
        MEDIUM + FORM_SHAPE,
    ),
    LinePattern(
        # The mail room's stamp with its day ("MAILED 2", "MAILED 19"): 118 lines in 49
        # records of the dev years.
        "fbi-mailed-stamp",
        FurnitureKind.RELEASE_STAMP,
        re.compile(r"MAILED\s?\d{1,2}"),
        MEDIUM + FORM_SHAPE,
    ),
)

# The memorandum form's footer is worded as a sentence (lower-case words), so it is tried before
# ``match_line``'s sentence test, on the whole line: 203 lines in 95 records of the dev years,
# OCR "Bay U.S.", "US.", "on she", a received-date stamp's digits in front ("2 8 1975 Buy ...",
# "IS 4 3 42 2 WB avings Bonds ...": 2022 docid-32305309 line 94, bench/furniture/jfk-prose,
# dev), the line cut before "Plan".
SAVINGS_FOOTER = re.compile(
    r"""[^a-z]{0,24}?                          # a date stamp's digits, specks
        (?:[A-Za-z‘']{1,4}\s+U\.?\s?S\.?,?\s+)?  # "Buy U.S." as OCR reads it
        \W?S?avings\s+Bonds\s+Regularly\s?on\W?\s+(?:on\s+)?(?:the|she)\W?\s+
        Payroll\s+Savings(?:\W?\s?Plan)?\W{0,3}""",
    re.X,
)


def savings_footer(text: str) -> bool:
    """Is the stripped line the memorandum form's savings-bond footer (``SAVINGS_FOOTER``)?

    >>> savings_footer("Buy U.S. Savings Bonds Regularly on the Payroll Savings Plan")
    True
    >>> savings_footer("He said to buy U.S. Savings Bonds Regularly on the Payroll Savings Plan")
    False
    """
    return SAVINGS_FOOTER.fullmatch(text) is not None
