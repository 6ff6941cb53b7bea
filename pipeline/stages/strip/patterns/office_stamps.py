"""Office stamps: what mail rooms and file rooms stamp on a record when it comes in.

The FBI's "REC-37" (recorded, with the serial), "SEARCHED", "INDEXED", "SERIALIZED", "FILED",
"RECEIVED 6 OCT 30 1962", and CIA's records office's "RECORD COPY", "CS COPY", "MICROFILMED",
"DESENSITIZED" (``HANDLING_STAMPS``). Moved out of ``notices`` when that module reached its
size limit; ``notices``' docstring says what a stamp is. Every form is copied from real
releases: 2018 NARA JFK releases, noops888/jfk-files-text @55840853, dev by release year, unless
named otherwise beside it.
"""

from __future__ import annotations

import re

from pipeline.stages.strip.patterns.base import DEBRIS
from pipeline.stages.strip.patterns.body import prose_words

# A CIA records stamp, its words alone on the line (any case: OCR reads the stamp's letters
# "[RECORD cOPY_|"): the file copy ("RECORD COPY", 104-10169-10007 line 32, 104-10162-10242 line
# 615; "CS COPY", 104-10071-10027 line 181, 104-10050-10228 lines 7120, 7182), a document cleared
# of its sources ("DESENSITIZED", 104-10216-10148 line 627, 104-10163-10173 line 5455), filmed
# ("MICROFILMED", 104-10162-10242 line 2143).
HANDLING_STAMPS = (("RECORD", "COPY"), ("CS", "COPY"), ("DESENSITIZED",), ("MICROFILMED",))


def _handling(toks: list[str]) -> str | None:
    """ "handling-stamp" when the tokens are a ``HANDLING_STAMPS`` stamp (one of its words in
    capitals) with at most two tokens around it: OCR debris of two characters in front, number
    fields or debris behind ("201-0285412 (record copy)", a list's item, is no stamp); else
    None."""
    upper = [t.upper() for t in toks]
    for words in HANDLING_STAMPS:
        n = len(words)
        for i in range(min(3, len(upper) - n + 1)):
            if tuple(upper[i : i + n]) != words:
                continue
            # A word in capitals: OCR may read the stamp's letters in part as small ones ("Record
            # COPY_|", 2018 104-10433-10178 line 355, dev); "Record copy" is a list's.
            if not any(t.isupper() and len(t) >= 2 for t in toks[i : i + n]):
                continue
            lead, rest = toks[:i], toks[i + n :]
            debris = all(len(t) <= 2 and not t.isdigit() for t in lead)
            fields = all(_FIELD.fullmatch(t) or len(t) <= 2 for t in rest)
            if debris and fields and len(lead + rest) <= 2:
                return "handling-stamp"
    return None


# The stamp words: FBI "REC-37" (recorded, with its serial) and the file room's words.
# OCR reads the stamp's hyphen as a full stop too ("REC. 2 2/73", 2022 124-10207-10417 line 139,
# jfk-2022 dev), its C as G ("REG- 57") or loses the hyphen ("REC 39", then only the serial may
# follow); the FBI's "EX-105" stamp beside it is the same kind, numbered from 100 (2025
# jfk-series dev: 124-10204-10004 line 157, 124-10279-10018 line 207, 124-90137-10230 line 101;
# "EX-989" in a CIA form's corner is something else, 2018 104-10063-10006 line 6).
_REC = re.compile(
    r"RE[CG]\s?[-.]\s?[\dOoIl|]{1,3}\b|REC\s?-\s*$|REC\s[\dOoIl|]{2,3}$|EX\s?-\s?1\d\d\b"
)
_STAMP_WORDS = frozenset({"SEARCHED", "INDEXED", "SERIALIZED", "FILED", "RECEIVED"})
_MONTH = re.compile(r"(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\.?", re.I)
_FIELD = re.compile(r"[\W\d_]*|[\dOoIl|]{1,4}\W*|" + _MONTH.pattern + r"\W*", re.I)
MAX_STAMP = 40  # characters: a stamp is a short line


def _rec_lead(lead: str) -> bool:
    """True when ``lead``, what stands in front of a "REC-" serial, is nothing or OCR's reading
    of the stamp's ink: at most three tokens of three characters or fewer, none a word in small
    letters ("BEC - Fei REC- 12 yy 016", the stamp read twice: 2022 124-10072-10413 line 78,
    bench/furniture/jfk-opening, dev; "to REC-12 files" is a sentence's)."""
    toks = lead.split()
    return len(toks) <= 3 and all(len(t) <= 3 and not t.islower() for t in toks)


def office_stamp(text: str) -> str | None:
    """The office stamp a whole line is ("REC-37 : TB Sep 10 1975", "SEARCHED ... SERIALIZED",
    "RECEIVED 6 OCT 30 1962"), or None.

    "REC-" with its serial may carry OCR's reading of the stamp's ink ("REC-37 62 ffoorn Gos")
    but no sentence; "SEARCHED", "INDEXED", "SERIALIZED", "FILED" stand alone, or with other
    stamp words or a date and number fields only (a cable's "FILED 1717052" is its header's
    field); "RECEIVED" only with a date (a month and a number).

    >>> office_stamp("REC-37 : TB Sep 10 1975"), office_stamp("SEARCHED INDEXED")
    ('rec-serial', 'file-room')
    >>> office_stamp("RECEIVED 6 OCT 30 1962"), office_stamp("RECEIVED FROM")
    ('received-date', None)
    >>> office_stamp("REC- 24 copies were sent to the field offices"), office_stamp("FILED 1619")
    (None, None)
    """
    core = text.strip(DEBRIS + " \t")
    if not core or len(core) > MAX_STAMP:
        return None
    rec = _REC.search(core)
    if rec and _rec_lead(core[: rec.start()]):
        stamp = core[rec.start() :]
        return "rec-serial" if prose_words(core) < 2 and len(stamp.split()) <= 6 else None
    toks = [t.strip(DEBRIS) for t in core.split()]
    toks = [t for t in toks if t]
    handling = _handling(toks)
    if handling:
        return handling
    words = [t for t in toks if t in _STAMP_WORDS]
    if not words or toks[0] not in _STAMP_WORDS:
        return None
    fields = [t for t in toks if t not in _STAMP_WORDS]
    if not all(_FIELD.fullmatch(t) for t in fields):
        return None
    dated = any(_MONTH.fullmatch(t) for t in fields) and any(c.isdigit() for c in core)
    if "RECEIVED" in words:
        return "received-date" if dated and ":" not in text else None
    # A number after one word alone is a cable's field ("FILED 1717052": the time it was filed).
    if fields and len(words) < 2 and not dated:
        return None
    return "file-room"
