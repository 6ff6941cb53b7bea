"""One document as the correct stage sees it: its tokens plus the signals read off the whole text.

Whether a word may be touched depends on more than the word: on whether its line (or the whole
text) is in all caps, on whether it starts a sentence, on how the document writes it elsewhere.
``Doc`` gathers these once, and ``word_class`` turns them into the ``WordClass`` every later
decision is keyed on.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pipeline.core.enums import TokenReading, WordClass
from pipeline.core.records import WordSpan
from pipeline.core.results import LeftWord
from pipeline.lexicon import Lexicon
from pipeline.stages.correct.channel import CASE_TWINS
from pipeline.stages.correct.config import CorrectConfig
from pipeline.stages.correct.tokens import (
    HYPHENS,
    SpanLocator,
    Token,
    case_forms,
    is_alpha_word,
    pages_from_spans,
    starts_sentence,
    tokenize,
)
from pipeline.stages.correct.vocabulary import BatchVocabulary

log = logging.getLogger(__name__)


@dataclass
class Doc:
    """The document being corrected and everything known about it while correcting."""

    text: str
    tokens: list[Token]
    lexicon: Lexicon
    config: CorrectConfig
    vocabulary: BatchVocabulary | None
    locator: SpanLocator
    #: lowercased token cores and how often each occurs
    forms: Counter[str]
    #: global line numbers whose words are all caps (there caps are the text's case)
    caps_lines: set[int]
    #: alphabetic words and all-caps words per line, and whether the text is mostly caps
    line_alpha: Counter[int] = field(default_factory=Counter)
    line_caps: Counter[int] = field(default_factory=Counter)
    caps_text: bool = False
    #: ``case_forms`` of this document
    title_mid: Counter[str] = field(default_factory=Counter)
    lower_forms: Counter[str] = field(default_factory=Counter)
    #: words a proposal was considered for and left, by the class that left them
    #: (``decide.LEFT_UNSUPPORTED``, ``worth.Unworthy`` names): ``metadata.json`` counts them
    left: Counter[str] = field(default_factory=Counter)
    #: the words ``left`` counts, with their places and best candidates (``left.jsonl``)
    left_words: list[LeftWord] = field(default_factory=list)
    #: what a line-wide question answered, kept for the line's next word (key: the asker's
    #: name and the line's first token index; see ``calibrate._line_words``)
    line_memo: dict[tuple[str, int], tuple[int, int]] = field(default_factory=dict)
    #: each OCR line's character pitch in pixels, None where not monospaced or unknown
    #: (``glued._line_pitch``), keyed by (page, line)
    pitches: dict[tuple[int, int], float | None] = field(default_factory=dict)
    #: how a person reads each distinct whitespace-separated token (``lines.token_reading``,
    #: keyed by the token with its punctuation): read once per batch (``word_memos``: the
    #: lexicon's memo, shared by its documents) and by every line-level test
    #: (``gate.garbage_gate``, ``lines.line_items`` and its job test)
    readings: dict[str, TokenReading] = field(default_factory=dict)
    #: whether a dictionary knows each distinct word core (``manual.known_share``'s test)
    known: dict[str, bool] = field(default_factory=dict)
    #: what ``token_pass`` needs to know of each distinct plain word (``token_pass.plain_facts``)
    plain: dict[str, int] = field(default_factory=dict)


#: Distinct tokens ``word_memos`` remembers for one lexicon, at most (then forgotten at once):
#: BLN600 dev's 392 documents have about 24,000 distinct tokens.
WORD_MEMO = 1 << 16
#: (the lexicon, its ``user_changes``, the readings memo, the known-words memo, the plain
#: words' memo), for the last lexicon asked: the lexicon is held and compared, so a memo is
#: never read for another one.
_word_memos: list[
    tuple[Lexicon, int, dict[str, TokenReading], dict[str, bool], dict[str, int]]
] = []


def word_memos(
    lexicon: Lexicon,
) -> tuple[dict[str, TokenReading], dict[str, bool], dict[str, int]]:
    """The memos of ``lexicon``'s context-free judgements of a token, shared by every document
    corrected with it (a batch): how a person reads a whitespace-separated token
    (``lines.token_reading``, keyed by the token with its punctuation), whether a dictionary
    knows a word core (``manual.known_share``) and what the token pass needs to know of a
    plain word (``token_pass.plain_facts``: flags). The answers depend on the token and the
    lexicon alone, and a batch repeats most tokens from document to document (BLN600 dev: a
    document's memo met one reading in three, the batch's two in three). New memos when the
    lexicon is another or its user lexicon changed (``Lexicon.user_changes``), and when a
    memo outgrows ``WORD_MEMO`` entries (bounded memory)."""
    held = _word_memos[0] if _word_memos else None
    if (
        held is None
        or held[0] is not lexicon
        or held[1] != lexicon.user_changes
        or len(held[2]) >= WORD_MEMO
        or len(held[3]) >= WORD_MEMO
        or len(held[4]) >= WORD_MEMO
    ):
        held = (lexicon, lexicon.user_changes, {}, {}, {})
        _word_memos[:] = [held]
    return held[2], held[3], held[4]


def make_doc(
    text: str,
    spans: Sequence[WordSpan] | None,
    lexicon: Lexicon,
    config: CorrectConfig,
    vocabulary: BatchVocabulary | None,
) -> Doc:
    """Tokenize ``text`` and read its document-level signals; with OCR ``spans`` (offsets into
    ``text``), tokens take their page and line from the spans."""
    tokens = tokenize(text)
    locator = SpanLocator(spans)
    if locator.spans:
        pages_from_spans(tokens, locator)
    doc = Doc(
        text=text,
        tokens=tokens,
        lexicon=lexicon,
        config=config,
        vocabulary=vocabulary,
        locator=locator,
        forms=Counter([t.low for t in tokens if t.core]),
        caps_lines=set(),
    )
    doc.readings, doc.known, doc.plain = word_memos(lexicon)
    # One pass for both counts of caps (``caps_lines`` and ``caps_counts(tokens, capsish)``).
    alpha: Counter[int] = Counter()
    upper: Counter[int] = Counter()
    caps: Counter[int] = Counter()
    for t in tokens:
        core = t.core
        if is_alpha_word(core):
            line = t.line
            alpha[line] += 1
            if core.isupper():
                upper[line] += 1
                caps[line] += 1  # capsish: all caps
            elif not core.islower() and capsish(core):  # small letters: never capsish
                caps[line] += 1
    total = sum(alpha.values())
    doc.caps_lines = _caps_lines(alpha, upper, total > 0 and sum(upper.values()) / total >= 0.7)
    doc.line_alpha, doc.line_caps = alpha, caps
    doc.caps_text = total > 0 and sum(caps.values()) / total >= 0.7
    doc.title_mid, doc.lower_forms, _ = case_forms(tokens)
    return doc


def context_words(doc: Doc, first: int, after: int) -> tuple[list[str], list[str]]:
    """The words a record quotes around its place: up to ``config.context_words`` token cores
    before token index ``first`` and from token index ``after`` on (empty cores skipped)."""
    k = doc.config.context_words
    before = [t.core for t in doc.tokens[max(0, first - k) : first] if t.core]
    return before, [t.core for t in doc.tokens[after : after + k] if t.core]


def caps_counts(
    tokens: list[Token], is_caps: Callable[[str], bool] = str.isupper
) -> tuple[Counter[int], Counter[int], bool]:
    """Alphabetic and all-caps words per line, and whether the text is mostly (≥ 70 %) caps.

    >>> alpha, caps, mostly = caps_counts(tokenize("THE TALKS\\nwent on"))
    >>> dict(alpha), dict(caps), mostly
    ({0: 2, 1: 2}, {0: 2}, False)
    """
    alpha: Counter[int] = Counter()
    caps: Counter[int] = Counter()
    for t in tokens:
        if is_alpha_word(t.core):
            alpha[t.line] += 1
            if is_caps(t.core):
                caps[t.line] += 1
    total = sum(alpha.values())
    return alpha, caps, total > 0 and sum(caps.values()) / total >= 0.7


def caps_lines(tokens: list[Token]) -> set[int]:
    """Lines whose words are all caps: there, caps are the text's case, not an acronym.

    >>> caps_lines(tokenize("THE TALKS WENT ON\\nwith NATO and the EU"))
    {0}
    """
    return _caps_lines(*caps_counts(tokens))


def _caps_lines(alpha: Counter[int], caps: Counter[int], doc_caps: bool) -> set[int]:
    """``caps_lines`` from ``caps_counts``' answer."""
    out = set()
    for line, a in alpha.items():
        c = caps[line]
        if (a >= 3 and c / a >= 0.8) or (doc_caps and c == a):
            out.add(line)
    return out


def capsish(core: str) -> bool:
    """All caps, or would be but for case confusions (``couLD``, ``OSWALD's``): for judging
    whether the text around a word is all caps, such words count with the caps.

    >>> capsish("COULD"), capsish("couLD"), capsish("OSWALD's"), capsish("Lachin")
    (True, True, True, False)
    """
    if core.isupper():
        return True
    # a word in small letters (most words) has no capital: answered without a letter's loop
    return not core.islower() and (
        any(ch.isupper() for ch in core) and all(ch in CASE_TWINS for ch in core if ch.islower())
    )


def caps_context(doc: Doc, tok: Token) -> bool:
    """Is the text around ``tok`` all caps (its other words on the line, or the document)?"""
    own = is_alpha_word(tok.core)
    others = doc.line_alpha[tok.line] - own
    caps = doc.line_caps[tok.line] - (own and capsish(tok.core))
    if others >= 2 and caps >= 0.8 * others:
        return True
    return doc.caps_text and caps >= 0.5 * others


def sentence_start(doc: Doc, tok: Token) -> bool:
    """Does ``tok`` begin a sentence of ``doc`` (see ``tokens.starts_sentence``)?"""
    return starts_sentence(doc.tokens, tok)


def word_class(doc: Doc, tok: Token) -> WordClass:
    """How ``tok`` is written where it stands: ``LOWER``, ``INITIAL`` (capitalised at a sentence
    start), ``NAME`` (capitalised mid-sentence, or a Title-Case hyphenated compound), ``CAPS``
    (all caps on an all-caps line), ``ACRONYM`` (all caps elsewhere) or ``MIXED``."""
    core = tok.core
    letters = [ch for ch in core if ch.isalpha()]
    if not letters:
        return WordClass.MIXED
    if all(ch.islower() for ch in letters):
        return WordClass.LOWER
    if all(ch.isupper() for ch in letters):
        return WordClass.CAPS if tok.line in doc.caps_lines else WordClass.ACRONYM
    if letters[0].isupper() and all(ch.islower() for ch in letters[1:] if ch.isalpha()):
        return WordClass.INITIAL if sentence_start(doc, tok) else WordClass.NAME
    # Title-case hyphenated compounds (``Nagorno-Karabkah``) are names too.
    parts = [p for p in HYPHENS.split(core) if p]
    if len(parts) > 1 and all(p[:1].isupper() and (p[1:].islower() or not p[1:]) for p in parts):
        return WordClass.NAME
    return WordClass.MIXED


def letters_class(doc: Doc, tok: Token) -> WordClass:
    """The class of a word whose letters are all one case (``LOWER``, ``CAPS`` or ``ACRONYM``),
    judged on its letters only (a word with digits in it, ``c0untry``)."""
    alpha = [ch for ch in tok.core if ch.isalpha()]
    if alpha[0].islower():
        return WordClass.LOWER
    return WordClass.CAPS if tok.line in doc.caps_lines else WordClass.ACRONYM
