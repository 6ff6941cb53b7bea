"""The correct stage's view of a document: tokens that know their page, line and paragraph.

Everything else in the stage asks questions of these tokens (is this word at a sentence start?
which OCR spans lie under it? how is it written elsewhere?), so they are built once per document
here. Splitting a token into punctuation and core is ``core.text.split_edges``: the one tokenizer
every stage shares, so a word's offsets agree between strip, correct and review.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.core.records import WordSpan
from pipeline.core.text import EDGE, TOKEN, split_edges

log = logging.getLogger(__name__)

#: Trailing punctuation that ends a sentence (or a clause a capital may follow).
SENTENCE_END = (".", "!", "?", ":", ";")
#: Hyphens and dashes that join the parts of a compound (``Nagorno-Karabakh``).
HYPHENS = re.compile(r"[-‐‑–—]+")
#: A plain word: letters, with at most one apostrophe inside (``don't``, ``Raphel's``).
WORDISH = re.compile(r"^[^\W\d_]+(?:['’][^\W\d_]+)?$")


@dataclass(slots=True)
class Token:
    """One whitespace-separated token of the stripped text.

    ``start``/``end`` are the core's character offsets in the text (``core`` is the token without
    its edge punctuation, ``low`` its lowercase); ``line`` counts lines over the whole text (for
    the case style of a line), ``page``/``page_line`` locate it on its page (1-based page,
    0-based line, from form feeds or, when there are OCR spans, from them); ``lead``/``trail``
    are the punctuation around the core; ``para_start`` marks the first token after a blank line,
    a page break or at the start of the text.
    """

    index: int
    start: int
    end: int
    core: str
    low: str
    line: int
    page_line: int
    page: int
    lead: str
    trail: str
    para_start: bool

    def part(self, start: int, text: str) -> Token:
        """A piece of this token (a hyphenated word's part, a possessive's stem) at ``start``,
        with no punctuation of its own; index, page and line are the token's."""
        return Token(
            index=self.index, start=start, end=start + len(text), core=text, low=text.lower(),
            line=self.line, page_line=self.page_line, page=self.page, lead="", trail="",
            para_start=False,
        )  # fmt: skip


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text`` in order; form feeds (``\\f``) start a new page.

    >>> [(t.core, t.page, t.page_line, t.para_start) for t in tokenize("A (b).\\n\\nc\\fd")]
    [('A', 1, 0, True), ('b', 1, 0, False), ('c', 1, 2, True), ('d', 2, 0, True)]
    """
    tokens: list[Token] = []
    append = tokens.append
    line = 0
    page = 1
    page_line = 0
    prev_end = 0
    for i, m in enumerate(TOKEN.finditer(text)):
        mstart = m.start()
        gap = text[prev_end:mstart]
        newlines = gap.count("\n")
        if "\f" in gap:
            feeds = gap.count("\f")
            page += feeds
            page_line = gap.rsplit("\f", 1)[1].count("\n")
        else:
            feeds = 0
            page_line += newlines
        line += newlines + feeds
        raw = m.group()
        core = raw.strip(EDGE)
        if core == raw:  # no punctuation at either edge: the common case, split_edges' answer
            lead = trail = ""
            start = mstart
        else:
            lead, core, trail = split_edges(raw)
            start = mstart + len(lead)
        # positional: Token(index, start, end, core, low, line, page_line, page, lead, trail,
        # para_start)
        append(
            Token(
                i, start, start + len(core), core, core.lower(), line, page_line, page, lead,
                trail, i == 0 or newlines >= 2 or feeds > 0,
            )
        )  # fmt: skip
        prev_end = m.end()
    return tokens


def is_alpha_word(core: str) -> bool:
    """Two or more letters, with hyphens and apostrophes allowed inside.

    >>> [is_alpha_word(w) for w in ("Nagorno-Karabakh", "don't", "a", "c0untry")]
    [True, True, False, False]
    """
    if len(core) < 2:
        return False
    return core.isalpha() or core.replace("-", "").replace("'", "").replace("’", "").isalpha()


def starts_sentence(tokens: Sequence[Token], tok: Token) -> bool:
    """Does ``tok`` begin a sentence (a paragraph, a quotation, after a full stop, a list marker
    or a number)? A capital there says nothing about whether the word is a name.

    >>> toks = tokenize("He said so. Then 2. Talks and Lachin")
    >>> [t.core for t in toks if starts_sentence(toks, t)]
    ['He', 'Then', 'Talks']
    """
    if tok.para_start or tok.lead.startswith(('"', "“", "'", "‘", "(")):
        return True
    prev = tokens[tok.index - 1]
    if prev.trail.endswith(SENTENCE_END) or prev.trail.endswith((".)", '."', ".”", ")")):
        return True
    # list markers (``2.``, ``(c)``, ``A.``) and digits-only tokens start a sentence too
    return not prev.core or not any(ch.isalpha() for ch in prev.core) or len(prev.core) == 1


def case_forms(tokens: Sequence[Token]) -> tuple[Counter[str], Counter[str], set[str]]:
    """Capitalised words mid-sentence and words written small (as written), and the words with
    capitals inside (``FonOff``).

    >>> title, lower, mixed = case_forms(tokenize("The Situation and the FonOff situation"))
    >>> dict(title), dict(lower), mixed
    ({'Situation': 1}, {'and': 1, 'the': 1, 'situation': 1}, {'FonOff'})
    """
    title: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    mixed: set[str] = set()
    for t in tokens:
        core = t.core
        if len(core) < 2 or not core.isalpha():
            continue
        if core.islower():
            lower[core] += 1
        elif core[1:].islower():
            if core[0].isupper() and not starts_sentence(tokens, t):
                title[core] += 1
        elif not core.isupper():
            mixed.add(core)
    return title, lower, mixed


class SpanLocator:
    """The OCR spans under a stretch of the text (binary search on start offsets).

    ``spans`` are the strip stage's ``WordSpan``s (character offsets into the same text); with
    none (a text input), every query finds nothing and confidences are ``None``.
    """

    def __init__(self, spans: Sequence[WordSpan] | None) -> None:
        self.spans = sorted(spans or (), key=lambda s: s.start)
        self.starts = [s.start for s in self.spans]

    def covering(self, start: int, end: int) -> list[WordSpan]:
        """The spans overlapping ``[start, end)``, in text order."""
        if not self.spans:
            return []
        i = max(0, bisect.bisect_right(self.starts, start) - 1)
        out = []
        while i < len(self.spans) and self.spans[i].start < end:
            if self.spans[i].end > start:
                out.append(self.spans[i])
            i += 1
        return out

    def conf(self, start: int, end: int) -> float | None:
        """The lowest Tesseract confidence (0-100) under ``[start, end)``, or None if unknown."""
        confs = [s.conf for s in self.covering(start, end) if s.conf is not None]
        return min(confs) if confs else None


def pages_from_spans(tokens: list[Token], locator: SpanLocator) -> None:
    """Page and line of each token from the OCR spans (the stripped text has no page breaks);
    a token with no span under it keeps the previous token's."""
    page, line = 1, 0
    for tok in tokens:
        covering = locator.covering(tok.start, max(tok.end, tok.start + 1))
        if covering:
            page, line = covering[0].page, covering[0].line
        tok.page, tok.page_line = page, line
