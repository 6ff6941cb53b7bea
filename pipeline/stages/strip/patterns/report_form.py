"""The CIA information report's printed page head: its caption and the marking typed under it.

The CIA's field information reports (the "TDCS" and "CS" reports that the JFK Library's own
series ``176-…`` of the NARA JFK releases holds by the dozen) are typed on a form that prints,
at the head and the foot of every page, the caption "CLASSIFICATION — DISSEMINATION CONTROLS"
and, beside the level typed into it, "(When Filled In)"; under or over the caption the clerk
typed the level and the control markings ("CONFIDENTIAL NO FOREIGN DISSEM", letter-spaced as
"C-O-N-F-I-D-E-N-T-I-A-L", or "SECRET NOFORN/CONTINUED CONTROL"). All of it is page furniture by
the form's definition (``bench/furniture/README.md``: what a form prints on every copy, and the
classification banners at a page's head or foot).

The printed words come out of the photocopies badly ("TLASSIFICATION — DISSEMINATION ROUS",
"ee CLATIFEATION = ONSEMINATTON CONTROLS", "art — DISSEMINATION TONTROIS"), so each word is
matched fuzzily and two of the caption's three words, in order, on a short line with no word of a
sentence, make the caption (``report_caption``). The typed marking under it is damaged as much
("CONFIDENTIAL NQ-FOREIGH DISSE!", "8-E-C-R-E-I NO FOREIGN DISSEM/..."): ``report_marking``
reads it, but it is only furniture beside the caption (``form_evidence.report_heads``); a level
and a handling word alone on a line can be a sentence's fragment elsewhere.

Read from the dev documents of that series (bench/splits.json ``jfk-176``; e.g. 2022
``176-10036-10015``, ``176-10036-10090``, ``176-10036-10097``, ``176-10036-10141``).
"""

from __future__ import annotations

import logging
import re

from rapidfuzz import fuzz

from pipeline.core.text import FUNCTION_WORDS

log = logging.getLogger(__name__)

CAPTION = ("CLASSIFICATION", "DISSEMINATION", "CONTROLS")
_WORD_SCORE = 70  # rapidfuzz ratio of a damaged caption word to the printed one
MAX_CAPTION = 70  # characters: the caption line is short
MAX_OTHER = 3  # tokens on the caption's line that are none of its words (OCR debris, a stamp)
# Letters only: the caption's words are split by OCR's dashes, colons and slips of punctuation
# ("DISSEMINATION:CONTI", "CLASSIFICATION.—").
_TOKEN = re.compile(r"[A-Za-z]+")

# The level typed into the form's box, and the control markings typed beside it.
LEVELS = ("TOP SECRET", "SECRET", "CONFIDENTIAL", "UNCLASSIFIED")
MARKING_WORDS = (
    "NO",
    "FOREIGN",
    "DISSEM",
    "NOFORN",
    "CONTINUED",
    "CONTROL",
    "ABROAD",
    "BACKGROUND",
    "USE",
    "ONLY",
    "WNINTEL",
    "SENSITIVE",
)
_LEVEL_SCORE = 80  # rapidfuzz ratio of the (joined) first letters to a level
_MARK_SCORE = 75  # ... of a later word to a marking word of five letters or more
MAX_MARKING = 80  # characters
# A word OCR spelled letter by letter: "C-O-N-F-I-D-E-N-T-I-A-L", "S E C R E T", "8-E-C-R-E-I".
_SPELLED = re.compile(r"(?:[A-Z0-9](?:\s?[-=.]\s?|\s)){3,}[A-Z0-9](?![A-Z0-9])")
# A report's number or a date behind the marking ("TDCS -3/541,020"): the record's, kept.
_NUMBER = re.compile(r"\d{3}")


def _caption_word(token: str) -> int | None:
    """Which of the caption's words (0, 1, 2) a token reads as, or None.

    A cut-off word counts by its end or start ("SIFICATION", "CONTI").
    """
    word = token.upper()
    if len(word) < 5:
        return None
    for k, printed in enumerate(CAPTION):
        if fuzz.ratio(word, printed) >= _WORD_SCORE:
            return k
        if len(word) >= 7 and (printed.endswith(word) or printed.startswith(word)):
            return k
    return None


def report_caption(text: str) -> str | None:
    """ "caption" when the whole line is the report form's printed caption, through OCR slips.

    Two of the three words in order, at most ``MAX_OTHER`` other tokens, none of them a
    function word of two letters or more (a sentence about classification is no caption).

    >>> report_caption("TLASSIFICATION — DISSEMINATION ROUS"), report_caption("Hello")
    ('caption', None)
    >>> report_caption("The classification and dissemination controls were") is None
    True
    """
    stripped = text.strip()
    if len(stripped) > MAX_CAPTION:
        return None
    toks = _TOKEN.findall(stripped)
    found: list[int] = []
    other = 0
    for t in toks:
        k = _caption_word(t)
        if k is not None and (not found or k > found[-1]):
            found.append(k)
            continue
        if t.lower() in FUNCTION_WORDS and len(t) >= 2:
            return None
        other += 1
    if len(found) >= 2 and other <= MAX_OTHER:
        return "caption"
    return None


# A distribution list's name stamped on the caption's line ("—DINGEMAN": the names of the
# report's readers stamped down the page's right side, 2022 176-10036-10052 line 33, jfk-176
# dev): a dash and one word in capitals, no word of the caption.
_STAMPED_NAME = re.compile(r"\s*[-—–]+\s?([A-Z]{4,})\W{0,2}")


def caption_end(text: str) -> int | None:
    """Where the printed caption ends on a caption line (``report_caption``) that carries a
    stamped name after it, or None when there is no such name (the whole line is the caption).

    >>> caption_end("CLASSIFICATION — DISSEMINATION CONTROLS —DINGEMAN")
    39
    >>> caption_end("CLASSIFICATION — DISSEMINATION CONTROLS") is None
    True
    """
    last = None
    for m in _TOKEN.finditer(text):
        if _caption_word(m.group()) is not None:
            last = m
    if last is None:
        return None
    name = _STAMPED_NAME.fullmatch(text, last.end())
    if name is None or _caption_word(name.group(1)) is not None:
        return None
    return last.end()


def when_filled_in(text: str) -> bool:
    """Is the line the form's printed "(When Filled In)" beside its level box?

    >>> when_filled_in("(When Filled In)”"), when_filled_in("when it is filled in")
    (True, False)
    """
    words = _TOKEN.findall(text)
    if not 2 <= len(words) <= 4 or len(text.strip()) > 24:
        return False
    return fuzz.ratio(" ".join(words).upper(), "WHEN FILLED IN") >= 80


def classification_caption(text: str) -> bool:
    """Is the line the form's printed "(classification)" caption under its level box, alone
    ("(classification)" under the foot's level and notice of an information report: 2022
    124-10207-10417 line 182, bench/furniture/jfk-2022, dev)? The parentheses are the print's:
    a word of the text in them would have others beside it.

    The caption beside it, "(dissem controls)" under the dissemination box, is the same print
    ("_ (dissem controls)", a rule's speck in front: 2025 124-10279-10018 line 287,
    bench/furniture/jfk-series, dev).

    >>> classification_caption("(classification)"), classification_caption("classification")
    (True, False)
    >>> classification_caption("_ (dissem controls)"), classification_caption("(dissem them)")
    (True, False)
    """
    core = text.strip().lstrip("_-—– ")
    if not (core.startswith("(") and core.rstrip(".,;:").endswith(")")):
        return False
    words = " ".join(_TOKEN.findall(core)).upper()
    return any(fuzz.ratio(words, caption) >= 85 for caption in _CAPTIONS)


_CAPTIONS = ("CLASSIFICATION", "DISSEM CONTROLS")


def _level(head: str) -> str | None:
    """The level a line's first letters read as, once a letter-spaced word is joined."""
    letters = re.sub(r"[^A-Z0-9]", "", head.upper())
    letters = letters.replace("0", "O").replace("8", "S").replace("1", "I")
    for level in LEVELS:
        target = level.replace(" ", "")
        if len(letters) >= len(target) - 2 and fuzz.ratio(letters, target) >= _LEVEL_SCORE:
            return level
    return None


def _marking_word(word: str) -> bool:
    up = word.upper()
    if up in MARKING_WORDS:
        return True
    return len(up) >= 5 and any(
        fuzz.ratio(up, w) >= _MARK_SCORE or fuzz.partial_ratio(up, w) >= 90
        for w in MARKING_WORDS
        if len(w) >= 5
    )


def report_marking(text: str) -> str | None:
    """The level (or "markings") a line typed in the form's head reads as, or None.

    The line opens with a level, letter-spaced or not ("C-O-N-F-I-D-E-N-T-I-A-L", "SECRET"),
    or with a control marking; the rest is control markings ("NO FOREIGN DISSEM",
    "NOFORN/CONTINUED CONTROL", damaged ones too) and at most two short tokens of debris; no
    lower-case word of four letters or more, no function word other than the markings' "NO".

    >>> report_marking("C-O-N-F-I-D-E-N-T-I-A-L NO FOREIGN DISSEM")
    'CONFIDENTIAL'
    >>> report_marking("cog NOFORN/CONTINUED CONTROL"), report_marking("SECRET talks went on")
    ('markings', None)
    """
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_MARKING:
        return None
    level = None
    rest = stripped
    m = _SPELLED.match(stripped.upper().lstrip("|{[(‘'\"“:;. _~-"))
    lead = len(stripped) - len(stripped.upper().lstrip("|{[(‘'\"“:;. _~-"))
    if m is not None:
        level = _level(m.group(0))
        if level is not None:
            rest = stripped[lead + m.end() :]
    if level is None:
        words = _TOKEN.findall(stripped)
        top = len(words) >= 2 and words[0].upper() == "TOP"
        n = 2 if top else 1
        if words:
            lvl = _level(" ".join(words[:n]))
            if lvl is not None and (lvl == "TOP SECRET") == top:
                level = lvl
                cut = stripped.upper().find(words[n - 1].upper()) + len(words[n - 1])
                rest = stripped[cut:]
    if _NUMBER.search(rest):
        return None
    words = _TOKEN.findall(rest)
    marks = debris = long_debris = 0
    for w in words:
        if _marking_word(w):
            marks += 1
        elif (w.lower() in FUNCTION_WORDS and len(w) >= 2) or (w.islower() and len(w) >= 4):
            return None
        else:
            debris += 1
            long_debris += len(w) > 3
    # Debris is OCR's specks ("cog", "yp"); a longer unknown word is a field's ("COUNTRY
    # REPORT NO.", "7. FIELD DISSEM AMB ONLY": 2018 104-10308-10123, 104-10308-10307, dev),
    # allowed once beside a level ("SECRET : NEIGH DISSE").
    if debris > 2 or debris > marks or long_debris > (1 if level else 0):
        return None
    if level is not None and (marks or not words):
        return level
    if level is None and marks >= 2:
        return "markings"
    return None
