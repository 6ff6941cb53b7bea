"""An opening quotation mark OCR set off from its word: ``said, " I am not``, ``" Guilty."``.

Why a module: print sets an opening quote against the word it opens, and OCR of old type often
reads a space after it, so the quote stands alone as a token (BLN600 dev: 387 lone straight
quotes, about 210 of them the gold writes against the next word). No word path sees such a
token (it has no letters), and the space costs two word errors. A lone quote is an opening one
when it is a curly opening quote, or a straight one preceded by an even number of quotes on its
line (quotes alternate, open and close; counted over the line, since one quote OCR lost would
turn every later one in a paragraph, and a BLN600 line is a paragraph) and followed by one
later on its line that closes it (``_closes_later``); the space after it is removed when the
next word follows on the same line. A closing quote set off from the word
before it (``Guilty "``) is left: parity says less there (BLN600 dev: the gold wrote it against
the word before 24 times of 34).

The record spans the quote and the space only (``" `` → ``"``), so the word after it is still
corrected on its own; it is applied, with the parity as its evidence.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter

from pipeline.core.results import APPLIED, Correction
from pipeline.stages.correct.candidates import Candidate
from pipeline.stages.correct.channel import EDIT_COST, Alignment, Edit
from pipeline.stages.correct.document import Doc
from pipeline.stages.correct.records import record
from pipeline.stages.correct.tokens import Token

log = logging.getLogger(__name__)

#: Quotes that only ever open (German and English curly forms).
OPENING = frozenset("“„")
#: Straight quotes, which open or close by their place.
STRAIGHT = frozenset('"')
#: Every double quote counted for the parity (straight and curly, both ways).
DOUBLE_QUOTES = frozenset('"“”„')
#: The furthest back (in tokens) the parity looks for its paragraph's start.
PARITY_REACH = 400


def _quotes_before(doc: Doc, tok: Token) -> int | None:
    """How many double quotes stand before ``tok`` on its line (of the text), or None when the
    line's start is further than ``PARITY_REACH`` tokens back."""
    tokens = doc.tokens
    j = tok.index
    while j > 0 and tokens[j - 1].line == tok.line:
        if tok.index - j >= PARITY_REACH:
            return None
        j -= 1
    first = tokens[j]
    return _count(doc.text[first.start - len(first.lead) : tok.start - len(tok.lead)])


def _closes_later(doc: Doc, tok: Token) -> bool:
    """Does a double quote follow the quote ``tok`` on its line (of the text), to close it?

    Why: a straight quote that opens by parity but never closes in its paragraph is as
    likely a small word OCR read as a mark (``purchased " quantity`` for *a quantity*,
    ``evening, " little after`` for *a little*): BLN600 dev, of 34 such applied records 2
    were wrong and none right, the rest neutral (the gold has no word there to judge); of
    the 224 that close, 1 wrong. A quotation run on over paragraphs, which opens each and
    closes the last, keeps its space (two word errors where it was a quote: 32 on dev)."""
    line_end = doc.text.find("\n", tok.end)
    return _count(doc.text[tok.end : len(doc.text) if line_end < 0 else line_end]) > 0


def _count(text: str) -> int:
    return sum(ch in DOUBLE_QUOTES for ch in text)


def _inside_word(doc: Doc, prev: Token, tok: Token, nxt: Token) -> bool:
    """Do the words either side of the quote ``tok`` make one English word with nothing but
    the quote and spaces between (``wit " ness``)? Then the quote is a speck in a broken word
    (BLN600 dev: 1 of the 4 wrong quote records)."""
    between = doc.text[prev.end : nxt.start]
    if prev.trail or between.replace(tok.lead, "", 1).strip():
        return False
    joined = prev.low + nxt.low
    return prev.core.isalpha() and nxt.core.isalpha() and doc.lexicon.is_english(joined)


def detached_quote(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """The record removing the space after ``tok`` when it is a lone opening quote followed on
    the same line by a word (``" I`` → ``"I``), or None. Offsets are into ``doc.text``; the
    record's ``original`` is the quote and the spaces after it."""
    if tok.core or tok.trail or len(tok.lead) != 1 or tok.index + 1 >= len(doc.tokens):
        return None
    quote = tok.lead
    if quote not in OPENING and quote not in STRAIGHT:
        return None
    nxt = doc.tokens[tok.index + 1]
    gap = doc.text[tok.start : nxt.start - len(nxt.lead)]
    if nxt.lead or not nxt.core[:1].isalnum() or not gap or gap.strip(" "):
        return None  # a mark between, another line, or no word after it
    if tok.index > 0 and _inside_word(doc, doc.tokens[tok.index - 1], tok, nxt):
        return None  # ``wit " ness``: a speck inside a broken word, not a quote
    if quote in STRAIGHT:
        before = _quotes_before(doc, tok)
        if before is None or before % 2:
            return None  # a closing quote, or a paragraph too long to tell
        if not _closes_later(doc, tok):
            return None  # ``purchased " quantity``: a mark read for a word, as likely
        why = f"{before} quote{'s' if before != 1 else ''} before it on its line: it opens"
    else:
        why = "an opening quote"
    start = tok.start - 1
    original = doc.text[start : nxt.start]
    cand = Candidate(quote, None, "print", Alignment(EDIT_COST, (Edit("space-extra", gap, ""),)))
    text = f"{original!r} → {quote!r}: a quotation mark set off from its word ({why})"
    span = dataclasses.replace(tok, start=start, end=nxt.start, core=original, low=original)
    ranked = [(quote, 1.0)]
    return record(doc, span, nxt.start, original, quote, ranked, APPLIED, text, cand, occurrences)
