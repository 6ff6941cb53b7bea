"""The leading shape of a line that may be an item of a list or table, and whether one line's
shape comes as the next item after another's.

``reflow`` never joins such a line to the line before it when its shape follows the shape its
paragraph began with, or leads into the next line's: a schedule's times ("9:00 - 9:30" /
"9:30 - 10:00"), a chronology's dates, a count ("2)" / "3)"), the same bullet, a form's or a
transcript's labels ("RECORD NUMBER :", "MR. PEREIRA:"). Pure; no state.
"""

from __future__ import annotations

import re

from pipeline.core.text import FUNCTION_WORDS

# The leading shapes of a list's or a table's items, digits masked by the classes: a time or
# time range ("9:00 - 9:30", "5:00 5:45", "1430"), a date ("12/3/95", "NOVEMBER 9", "9 Nov"),
# an enumerator ("3.", "12)", "(b)", "a.", "iv)"), a bullet, a label and its value ("Tel: 555").
# Each alone is weak (a wrapped sentence may start "10:00 the talks"); shared with a neighbour
# it is a list (``item_shape``). Sources: the Talbott release's daily schedules (C06685800,
# dev), numbered and lettered paragraphs of State cables.
_MONTH = r"(?:JAN|FEB|MAR|APR|MAY|JUNE?|JULY?|AUG|SEPT?|OCT|NOV|DEC)[A-Z]*\.?"
_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("time", re.compile(r"\d{1,2}[:.]\d\d(?:\s*(?:[AaPp]\.?[Mm]\.?))?(?=[\s,;-]|$)")),
    ("time", re.compile(r"[012]\d[0-5]\d(?:\s*(?:-|–|to)\s*[012]\d[0-5]\d|\s*hrs?\b)")),
    ("date", re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?(?=[\s,:;-]|$)")),
    ("date", re.compile(rf"(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})(?=[\s,:;-]|$)", re.I)),
    ("number", re.compile(r"\d{1,3}[.)](?=\s)")),
    ("number()", re.compile(r"\(\d{1,3}\)(?=\s)")),
    ("letter", re.compile(r"[A-Za-z][.)](?=\s)")),
    ("letter()", re.compile(r"\([A-Za-z]{1,4}\)(?=\s)")),
    ("bullet", re.compile(r"[-•*·o■□>](?=\s)")),
    # One to four words, then a colon and the value ("MR. PEREIRA:", "RECORD NUMBER :").
    ("label", re.compile(r"[A-Z][A-Za-z/&'-]*\.?(?: [A-Za-z/&'-]+\.?){0,3} ?:(?=\s+\S)")),
)


def item_shape(text: str) -> tuple[str, int | None] | None:
    """The leading shape of a line that may be an item of a list or table (``_SHAPES``: "time",
    "date", "number", "number()", "letter", "letter()", "bullet" and its mark, "label" not led
    by a function word) and, for a number or a single letter, its place in the count (1 for
    "1.", "a)" and "(A)"); None for no shape.

    >>> [item_shape(t) for t in ("9:30 - 10:00 BOSNIA", "(b) the", "12. YY", "said")]
    [('time', None), ('letter()', 2), ('number', 12), None]
    >>> item_shape("NOVEMBER 9, 1995"), item_shape("1995. The"), item_shape("Tel: 555")
    (('date', None), None, ('label', None))
    """
    text = text.lstrip()
    for name, pattern in _SHAPES:
        m = pattern.match(text)
        if m:
            core = m.group().strip("().")
            if name.startswith("number"):
                return name, int(core)
            if name.startswith("letter") and len(core) == 1:
                return name, ord(core.lower()) - ord("a") + 1
            if name == "bullet":  # the same mark: "*" then "-" is a list then a dash
                return f"bullet {core}", None
            if name == "label" and core.split()[0].lower().rstrip(".:") in FUNCTION_WORDS:
                return None  # damaged capitals' stray colon: "AND: LEAD TO", "BUT COULD ... :"
            return name, None
    return None


# A line that is a date and nothing else: a schedule's, memo's or letter's date line
# ("NOVEMBER 9, 1995", "Tuesday, 5 September 1995", "12/3/95"). Months spelled out or
# abbreviated (no "[A-Z]*" tail: "Maybe 5" is no date).
_FULL_MONTH = (
    r"(?:JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?"
    r"|SEPT?(?:EMBER)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)\.?"
)
_DAY = r"\d{1,2}(?:ST|ND|RD|TH)?"
_DATE_LINE = re.compile(
    r"(?:(?:MON|TUES|WEDNES|THURS|FRI|SATUR|SUN)DAY,?\s+)?"
    rf"(?:{_FULL_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?|{_DAY}\s+{_FULL_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_FULL_MONTH},?\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})",
    re.I,
)


def is_date_line(text: str) -> bool:
    """Is the line a date and nothing else (a title's, memo's or letter's date line), which
    keeps its own line? A date that ends a sentence ("... on November 9, 1995.") has its
    full stop and is not one.

    >>> [is_date_line(t) for t in ("NOVEMBER 9, 1995", "Tuesday, 5 September 1995", "12/3/95")]
    [True, True, True]
    >>> [is_date_line(t) for t in ("November 9, 1995.", "Maybe 5", "9:00 - 9:30 BOSNIA")]
    [False, False, False]
    """
    return _DATE_LINE.fullmatch(text.strip()) is not None


# Words after which a date carries the sentence on ("held until / NOVEMBER 9, 1995").
_BEFORE_DATE = frozenset(("until", "till", "since", "before", "after", "through", "dated"))


def date_line_apart(a: str, b: str) -> bool:
    """Is one of the two lines a date line of its own (``is_date_line``) that no
    sentence runs into or out of: a title over its date ("DEPUTY SECRETARY TALBOTT'S SCHEDULE" /
    "NOVEMBER 9, 1995", Talbott C06685800, dev), a place over a letter's date, a date over the
    first entry? In a document of short lines such a title is as long as its lines and would
    read as wrapped. A line that runs on into the date (ending in a comma, a small word or a
    function word: "met on" / "November 9, 1995") or out of it (the next line in small
    letters) is joined as before.

    >>> date_line_apart("DEPUTY SECRETARY TALBOTT'S SCHEDULE", "NOVEMBER 9, 1995")
    True
    >>> date_line_apart("The delegation met on", "November 9, 1995")
    False
    >>> date_line_apart("NOVEMBER 9, 1995", "9:00 - 9:30 ASSISTANT SECRETARIES MEETING")
    True
    >>> date_line_apart("Tuesday, November 9, 1995", "was the day the talks ended")
    False
    """
    if is_date_line(b):
        last = a.rstrip().rsplit(None, 1)[-1] if a.strip() else ""
        word = last.strip(".,;:!?()[]'\"“”‘’").lower()
        runs_on = (
            last.endswith((",", "-"))
            or last[:1].islower()
            or word in FUNCTION_WORDS
            or word in _BEFORE_DATE
        )
        return not runs_on
    return is_date_line(a) and not b.lstrip()[:1].islower()


def follows(first: tuple[str, int | None] | None, then: tuple[str, int | None] | None) -> bool:
    """Does a line of shape ``then`` come as the next item after one of shape ``first``: the
    same shape, and for a count the next number or letter ("3." then "4.", not "3." then "12.",
    which is a wrapped sentence's "JUNE" / "12. YY")?

    >>> follows(("time", None), ("time", None)), follows(("number", 3), ("number", 4))
    (True, True)
    >>> follows(("number", 3), ("number", 12)), follows(None, None)
    (False, False)
    """
    if first is None or then is None or first[0] != then[0]:
        return False
    return first[1] is None or then[1] == first[1] + 1
