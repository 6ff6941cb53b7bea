"""One tokenizer and one recaser for every stage.

A *token* is a maximal run of non-whitespace (``Line.text`` and the stripped text are
authoritative; OCR words are matched onto tokens, never the other way round). Its *core* is the
token without the punctuation at its edges (``"(Lachin),"`` → ``Lachin``): the part that is looked
up, corrected and recased.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

#: English grammar's closed classes (articles, pronouns, prepositions, conjunctions, auxiliaries):
#: words that tie a phrase into a sentence but say nothing about what it is about. Strip asks
#: them whether a stamp's phrase runs on into a sentence; review does not let them scope a
#: learned correction ("will" beside two places does not make them the same context).
FUNCTION_WORDS = frozenset(
    {
        *("a", "an", "the", "this", "that", "these", "those", "its", "his", "her", "their"),
        *("our", "your", "my", "all", "any", "some", "no", "not", "who", "which"),
        *("to", "of", "for", "by", "on", "in", "at", "with", "from", "under", "as"),
        *("and", "or", "but", "nor", "will", "would", "shall", "should", "may", "might"),
        *("can", "could", "must", "did", "does", "do", "is", "are", "was", "were", "be"),
        *("been", "has", "have", "had"),
    }
)

#: A token: a maximal run of non-whitespace characters.
TOKEN = re.compile(r"\S+")

#: Punctuation stripped from both ends of a token to find its core.
EDGE = "\"'`‘’“”«»()[]{}<>.,;:!?*_-–—/\\|…·•§¶°~^=+@#$%&"


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a text: ``start``/``end`` are the *core's* character offsets in the text;
    ``lead`` and ``trail`` are the punctuation around it (``core`` may be empty for a token that
    is all punctuation, and then ``lead`` holds all of it)."""

    start: int
    end: int
    core: str
    lead: str
    trail: str


def split_edges(raw: str) -> tuple[str, str, str]:
    """``raw`` as (lead, core, trail) punctuation.

    >>> split_edges('"(Lachin),"'), split_edges("--"), split_edges("U.S.")
    (('"(', 'Lachin', '),"'), ('--', '', ''), ('', 'U.S', '.'))
    """
    core = raw.strip(EDGE)
    if not core:
        return raw, "", ""
    lead_len = len(raw) - len(raw.lstrip(EDGE))
    return raw[:lead_len], core, raw[lead_len + len(core) :]


def tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text`` in order, with core offsets.

    >>> [(t.start, t.end, t.core) for t in tokens("Talks (in Lachin).")]
    [(0, 5, 'Talks'), (7, 9, 'in'), (10, 16, 'Lachin')]
    """
    for m in TOKEN.finditer(text):
        lead, core, trail = split_edges(m.group())
        start = m.start() + len(lead)
        yield Token(start, start + len(core), core, lead, trail)


def core_words(text: str) -> list[str]:
    """The non-empty token cores of ``text``: the words a person would read.

    >>> core_words("on 12 March, (the) -- talks")
    ['on', '12', 'March', 'the', 'talks']
    """
    return [t.core for t in tokens(text) if t.core]


def is_all_caps(word: str) -> bool:
    """More than one letter, all of them capitals (``EXDIS``, ``U.S.``; not ``A``, ``Lachin``).

    >>> is_all_caps("EXDIS"), is_all_caps("U.S."), is_all_caps("A"), is_all_caps("McCurry")
    (True, True, False, False)
    """
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) > 1 and all(ch.isupper() for ch in letters)


def recase(word: str, like: str) -> str:
    """``word`` in the case of ``like``: ALL CAPS, Capitalised or lowercase; a word with
    capitals of its own inside (``McCurry``, ``Nagorno-Karabakh``) keeps them unless ``like``
    is all caps. An all-caps ``word`` has no case of its own (it came from an all-caps text).

    >>> recase("the", "TBE"), recase("the", "Tbe"), recase("Negotiations", "negotations")
    ('THE', 'The', 'negotiations')
    >>> recase("INBORN", "Einhorn"), recase("McCurry", "Mccurry")
    ('Inborn', 'McCurry')
    """
    if is_all_caps(like):
        return word.upper()
    if any(ch.isupper() for ch in word[1:]) and not word.isupper():
        return word
    if word.isupper():
        word = word.lower()
    letters = [ch for ch in like if ch.isalpha()]
    if letters and letters[0].isupper():
        return word[:1].upper() + word[1:]
    return word[:1].lower() + word[1:]
