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
