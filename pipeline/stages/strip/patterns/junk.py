"""Junk: scanner speckle that OCR read as characters, as whole lines and as tokens at a line's ends.

A junk line is a weak pattern (it needs position too); a speck token never hides a pattern
(``match.match_line`` tries the line again without them).
"""

from __future__ import annotations

import logging
import re
import unicodedata

from pipeline.stages.strip.patterns.base import DEBRIS as _DEBRIS

log = logging.getLogger(__name__)


def _script(ch: str) -> str:
    try:
        return unicodedata.name(ch).split()[0]
    except ValueError:
        return "?"


# "V.", "Vi.", "D.": an outline number or letter, not speckle.
_ROMAN = re.compile(r"^\W*(?:[IVXivx]{1,4}|[A-Z])\.\W*$")
# A sentence's last word wrapped onto a line of its own ("... I will cover" / "it.": 2021 NARA
# JFK docid-32112724 pages 22, 28, 73, 113 "tO.", dev): a two-letter English word with its full
# stop, in any case.
_LAST_WORD = re.compile(r"\s*([A-Za-z]{2})[.?!][\"”’')]?\s*")
# A memorandum's or airtel's field caption over its value on the next line ("To:" / "SAC,
# Chicago", "Re:", "cc:": 2025 124-10204-10101 line 101, bench/furniture/jfk-prose, dev, `B`);
# three letters and a colon are no speckle.
_CAPTION = re.compile(r"\s*(?:To|TO|Re|RE|cc|CC|Cc)\s?:\s*")
_TWO_LETTER_WORDS = frozenset(
    [
        "am",
        "an",
        "as",
        "at",
        "be",
        "by",
        "do",
        "go",
        "he",
        "if",
        "in",
        "is",
        "it",
        "me",
        "my",
        "no",
        "of",
        "on",
        "or",
        "so",
        "to",
        "up",
        "us",
        "we",
    ]
)


def is_junk(text: str) -> bool:
    """No text at all: lone punctuation, one or two letters, or letters from mixed scripts.

    ``YΥ`` (a Latin Y and a Greek Upsilon) is scanner speckle read as letters; a real two-letter
    line (``US``) is rare and would still need position evidence to go.

    >>> [is_junk(t) for t in ("~ ;", "YΥ", "ae", "US", "V.", "12", "Minsk", "it.", "ae.")]
    [True, True, True, False, False, False, False, False, True]
    >>> is_junk("To:"), is_junk("cc:"), is_junk("t:")
    (False, False, True)
    """
    if len(text) > 24 and len("".join(text.split())) > 12:
        return False  # speckle is short; spares the character scan on ordinary lines
    alnum = [c for c in text if c.isalnum()]
    if len(alnum) > 4:
        return False
    if not alnum:
        return True
    if any(c.isdigit() for c in alnum) or _ROMAN.match(text):
        return False
    if len(alnum) == 2 and all("A" <= c <= "Z" for c in alnum):
        return False  # an abbreviation ("HQ", "US")
    if _CAPTION.fullmatch(text):
        return False  # a memorandum's field caption
    last = _LAST_WORD.fullmatch(text)
    if last is not None and last.group(1).lower() in _TWO_LETTER_WORDS:
        return False  # a sentence's last word
    if len(alnum) <= 2:
        return True
    return len(alnum) <= 4 and len({_script(c) for c in alnum}) > 1


def speck_run(toks: list[str]) -> int:
    """How many of the first tokens (at most four, never all) are specks (``is_speck``).

    >>> speck_run(["ae", ";", "SECRET"]), speck_run([";", "a"])
    (2, 1)
    """
    n = 0
    while n < min(4, len(toks) - 1) and is_speck(toks[n]):
        n += 1
    return n


def is_speck(token: str) -> bool:
    """A token that is scanner noise, not a word: at most two letters or digits, and not a
    capitalised abbreviation ("OF", "US").

    >>> [is_speck(t) for t in ("ae", "‘i", "1", "US", "(OF)", "Lo", "BLes")]
    [True, True, True, False, False, True, False]
    """
    alnum = [c for c in token if c.isalnum()]
    return len(alnum) <= 2 and not (len(alnum) == 2 and token.strip(_DEBRIS).isupper())


def strip_specks(text: str) -> str:
    """The line without up to four speck tokens at each end.

    >>> strip_specks("Page 1 of 2 ; ‘i a"), strip_specks("Page 1 CS Lo")
    ('Page 1 of', 'Page 1 CS')
    """
    toks = text.split()
    i, j = 0, len(toks)
    while i < j and i < 4 and is_speck(toks[i]):
        i += 1
    while j > i and len(toks) - j < 4 and is_speck(toks[j - 1]):
        j -= 1
    return " ".join(toks[i:j])
