"""Spell correction of the stripped text: fix what OCR broke, never a correct name.

Token by token (whitespace-separated, punctuation, spacing and case kept), each word gets one of
three decisions: **applied** automatically (only on strong evidence), **proposed** for review, or
left alone (no record). Every applied or proposed change is a ``Correction`` that explains itself;
``apply_corrections(stripped, applied)`` replays them to give exactly the corrected text.

Ranking is a noisy channel: a candidate's score is its language-model probability in context
(word frequency, and the bigrams with its neighbours) plus the log-probability that OCR turned it
into what we see (``correct_channel``: OCR confusions are cheap, arbitrary edits dear). Whether to
apply is not a score threshold alone: the shape of the word (capitalised mid-sentence is a name,
all caps in mixed-case text is an acronym), its length, the runner-up's score, Tesseract's
confidence, and whether the document or the batch keeps spelling it the same way all decide, and
every doubt turns an application into a proposal. The goal is precision: at most one wrong
automatic change in a hundred.

Before the dictionary path, OCR case confusions are caught by shape: a small letter whose capital
is the same shape bigger (c o s u v w x z) read in the wrong case inside a word (``succeSs``,
``tO``; ``TwO`` in an all-caps cable), or a common word capitalised mid-sentence (``Cannot``)
that the batch otherwise writes small. Their lower-cased forms are English words, which the
dictionary path skips.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from pipeline.core.records import BBox, WordSpan
from pipeline.core.results import (
    APPLIED,
    PROPOSED,
    Correction,
    CorrectResult,
    PageCheck,
)
from pipeline.lexicon import Lexicon, ascii_fold
from pipeline.stages.correct_channel import (
    CASE_TWINS,
    EDIT_COST,
    OCR_COST,
    Alignment,
    Edit,
    align,
    case_edits,
    case_reading,
    digit_reading,
    ocr_variants,
)

log = logging.getLogger(__name__)


# Punctuation stripped from a token's ends (the rest is its core).
_EDGE = "\"'`‘’“”«»()[]{}<>.,;:!?*_-–—/\\|…·•§¶°~^=+@#$%&"
_SENTENCE_END = (".", "!", "?", ":", ";")
_ROMAN = re.compile(r"^(?=[MDCLXVI])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$", re.I)
_PROTECTED_CHARS = re.compile(r"[/\\:@_=+&%$#<>\[\]{}]|\.\w|www|https?")
_HYPHENS = re.compile(r"[-‐‑–—]+")
_WORDISH = re.compile(r"^[^\W\d_]+(?:['’][^\W\d_]+)?$")
# Productive affixes: an unknown word that is a known word plus one of these is probably a real
# word the dictionary lacks (``re-negotiated``, ``Azerbaijanis``), not an OCR error.
_SUFFIXES = (
    "s", "es", "ed", "d", "ing", "ly", "er", "ers", "est", "ism", "isms", "ist", "ists", "ian",
    "ians", "ize", "ized", "izes", "ization", "ise", "ised", "ment", "ments", "ness", "able",
    "ability", "al", "ally", "ity", "ive", "ship", "hood", "wise", "ward", "i", "is",
)  # fmt: skip
_PREFIXES = (
    "un", "non", "re", "pre", "anti", "pro", "counter", "inter", "intra", "over", "under", "sub",
    "super", "co", "de", "dis", "mis", "ex", "post", "semi", "multi", "bi", "tri", "trans",
    "neo", "pseudo", "ultra", "mid", "pan", "quasi", "self", "vice",
)  # fmt: skip
# A word run together with one of these (``ofthe``, ``tobe``) is an OCR slip; two content
# words run together may be a closed compound (``drawnout``, ``stopgap``): proposed only.
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "and",
        "or",
        "but",
        "as",
        "is",
        "be",
        "are",
        "was",
        "were",
        "it",
        "its",
        "that",
        "this",
        "he",
        "she",
        "they",
        "we",
        "you",
        "not",
    ]
)
# Closed-class words with a shape-twin initial: capitalised mid-sentence, between small words,
# and nowhere else capitalised in the batch, such a word is an OCR case confusion (``Cannot``,
# ``Over``, ``Such``), applied; content words (``Situation``, ``Statement``) may be a title or a
# name and are proposed. Words that are also given names (``Will``) or all-caps words when every
# letter is a twin (``Us``/``US``, ``So``/``SO``) are left out.
_CASE_FUNCTION_WORDS = frozenset(
    [
        "can",
        "cannot",
        "could",
        "of",
        "off",
        "on",
        "once",
        "only",
        "onto",
        "or",
        "other",
        "others",
        "otherwise",
        "ought",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "several",
        "shall",
        "she",
        "should",
        "since",
        "some",
        "somewhat",
        "such",
        "under",
        "unless",
        "until",
        "upon",
        "very",
        "via",
        "was",
        "we",
        "were",
        "what",
        "whatever",
        "when",
        "whenever",
        "where",
        "whereas",
        "whether",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "with",
        "within",
        "without",
        "would",
    ]
)
# Lexicon sources that name people: a capitalised word they hold mid-sentence stays.
_PERSON_SOURCES = ("user lexicon", "people", "names_")
_BIGRAM_SCALE = 45.0  # the bigram file's counts run ~45x the unigram file's (measured)
_BIGRAM_BACKOFF = 0.4
_UNIGRAM_TOTAL = 541_808_760_578  # sum of the shipped unigram counts
_MAX_LOOKUP = 8  # SymSpell suggestions aligned per word


@dataclass(frozen=True)
class CorrectConfig:
    """How bold the correct stage is. Every default is chosen for precision (≥ 0.99)."""

    #: Maximum edit distance of a candidate (SymSpell index and fuzzy lexicon matches).
    max_edit_distance: int = 2
    #: Words shorter than this get candidates at most one edit away.
    two_edit_min_length: int = 7
    #: Words shorter than this are left alone: too many real words lie one edit apart.
    min_length: int = 3
    #: Shortest word changed automatically by an arbitrary edit …
    apply_min_length: int = 5
    #: … and by OCR confusions only (``tbe`` is proposed, ``rnodern`` applied).
    apply_min_length_ocr: int = 4
    #: An all-caps word in all-caps text may be a name; arbitrary edits need this length.
    caps_min_length: int = 8
    #: Weighted edit cost allowed for an automatic change (1 = one arbitrary edit, an OCR
    #: confusion costs 0.35) …
    apply_max_cost: float = 1.0
    #: … and for a proposal.
    propose_max_cost: float = 2.0
    #: Log-odds by which the best candidate must beat the runner-up to be applied (e^3 ≈ 20:1).
    apply_min_margin: float = 3.0
    #: An English candidate rarer than this (counts of symspellpy's frequency list, whose median
    #: word has ~230,000) is only proposed.
    apply_min_count: int = 100_000
    #: Proposals need at least this frequency for English candidates (avoids junk proposals).
    propose_min_count: int = 20_000
    #: Words shorter than the apply lengths are proposed only as OCR misreads of a word this
    #: common (``tbe`` → ``the``); otherwise left.
    short_min_count: int = 10_000_000
    #: Capitalised mid-sentence words (names) are proposed only with a candidate this common.
    name_propose_min_count: int = 1_000_000
    #: A hyphenated or multi-word name this long, one edit from a lexicon entry, is applied even
    #: when the right form does not occur elsewhere in the document.
    long_name_length: int = 10
    #: Tesseract confidence at or above which only OCR-confusion fixes are applied: the page
    #: probably says what OCR read, and a missing, extra or swapped letter there is the typist's
    #: (``ALLEDGED``, ``magniture``), to be proposed, not silently changed. Tesseract 5 gives
    #: cleanly read words 88-96; the originals' own typos in the benchmark read 90-92, while
    #: real misreads that are not OCR confusions mostly read below 85 (bench/results.json).
    high_conf: float = 85.0
    #: A word with this many unknown words among its four neighbours is only proposed: the
    #: OCR around it is too damaged to trust a one-edit reading.
    max_damaged_neighbours: int = 2
    #: Log-probability weight of one arbitrary edit in the channel model.
    edit_weight: float = 4.0
    #: A form seen in at least this many documents of the batch …
    established_min_docs: int = 3
    #: … with at least this mean OCR confidence (or none recorded) is taken as a real word.
    established_min_conf: float = 85.0
    #: Pages where fewer than this share of the words of 4+ letters are in a dictionary need a
    #: person (typed pages with heavy OCR damage measure ≥ 0.45, handwriting ≤ 0.37) …
    manual_min_known: float = 0.40
    #: … as do pages up to 0.1 above that where more than this share of the tokens are
    #: fragments shorter than 4 letters.
    manual_max_fragments: float = 0.65
    #: … judged only on pages with at least this many words; fewer is a blank page.
    manual_min_words: int = 8
    #: Pages whose mean OCR confidence is below this need a person.
    manual_max_conf: float = 40.0
    #: OCR case confusions (``succeSs``): a word read with less confidence than this may have
    #: more wrong than its case (``BoY`` for ``BUY``, read at 53; the benchmark's real case
    #: confusions read 60-91, the noise around them 0-35): short ones are left, longer proposed.
    case_min_conf: float = 60.0
    #: Candidates kept in each record.
    max_candidates: int = 5
    #: Words of context on each side kept in ``Correction.context``.
    context_words: int = 3

    def __post_init__(self) -> None:
        if self.max_edit_distance not in (1, 2):
            raise ValueError("max_edit_distance must be 1 or 2 (the index is built for 2)")
        if not 0 < self.apply_max_cost <= self.propose_max_cost:
            raise ValueError("need 0 < apply_max_cost <= propose_max_cost")
        if self.min_length < 2 or self.apply_min_length < self.min_length:
            raise ValueError("need 2 <= min_length <= apply_min_length")
        if not 0 <= self.manual_min_known <= 1:
            raise ValueError("manual_min_known is a share between 0 and 1")


# -- tokens ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Token:
    index: int
    start: int  # core span in the text
    end: int
    core: str
    low: str
    line: int  # global line number (for case style)
    page_line: int  # line index within its page
    page: int
    lead: str  # punctuation before the core
    trail: str  # punctuation after the core
    para_start: bool  # first token after a blank line (or of the text)


_TOKEN = re.compile(r"\S+")


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    line = 0
    page = 1
    page_line = 0
    prev_end = 0
    for i, m in enumerate(_TOKEN.finditer(text)):
        raw = m.group()
        gap = text[prev_end : m.start()]
        newlines = gap.count("\n")
        feeds = gap.count("\f")
        if feeds:
            page += feeds
            page_line = gap.rsplit("\f", 1)[1].count("\n")
        else:
            page_line += newlines
        line += newlines + feeds
        stripped = raw.strip(_EDGE)
        if stripped:
            lead_len = len(raw) - len(raw.lstrip(_EDGE))
            core = stripped
        else:
            lead_len = len(raw)
            core = ""
        start = m.start() + lead_len
        end = start + len(core)
        tokens.append(
            _Token(
                index=i,
                start=start,
                end=end,
                core=core,
                low=core.lower(),
                line=line,
                page_line=page_line,
                page=page,
                lead=raw[:lead_len],
                trail=raw[lead_len + len(core) :],
                para_start=i == 0 or newlines >= 2 or feeds > 0,
            )
        )
        prev_end = m.end()
    return tokens


def _is_alpha_word(core: str) -> bool:
    return len(core) >= 2 and core.replace("-", "").replace("'", "").replace("’", "").isalpha()


# -- batch vocabulary ------------------------------------------------------------------------


@dataclass
class BatchVocabulary:
    """Forms (lowercased words) across all documents of a batch, built before correcting.

    A form that recurs across documents, read with high confidence, is probably right even if no
    dictionary has it (a name, a term of art); a form that is rare next to a close, common one is
    probably an error of it.
    """

    counts: Counter[str] = field(default_factory=Counter)
    docs: Counter[str] = field(default_factory=Counter)
    conf_sum: dict[str, float] = field(default_factory=dict)
    conf_n: Counter[str] = field(default_factory=Counter)
    documents: int = 0
    #: Capitalised words (``Situation``) mid-sentence, as written, and words written small.
    title_mid: Counter[str] = field(default_factory=Counter)
    lower_forms: Counter[str] = field(default_factory=Counter)
    #: Documents in which a word with capitals inside (``FonOff``) occurs, as written.
    mixed_docs: Counter[str] = field(default_factory=Counter)

    def add_document(self, text: str, spans: Sequence[WordSpan] = ()) -> None:
        tokens = _tokenize(text)
        locator = _SpanLocator(spans)
        seen: set[str] = set()
        for tok in tokens:
            if not _is_alpha_word(tok.core):
                continue
            low = tok.low
            self.counts[low] += 1
            seen.add(low)
            conf = locator.conf(tok.start, tok.end)
            if conf is not None:
                self.conf_sum[low] = self.conf_sum.get(low, 0.0) + conf
                self.conf_n[low] += 1
        for low in seen:
            self.docs[low] += 1
        title, lower, mixed = _case_forms(tokens)
        self.title_mid.update(title)
        self.lower_forms.update(lower)
        self.mixed_docs.update(mixed)
        self.documents += 1

    @classmethod
    def from_documents(
        cls, documents: Iterable[tuple[str, Sequence[WordSpan]] | str]
    ) -> BatchVocabulary:
        vocab = cls()
        for doc in documents:
            if isinstance(doc, str):
                vocab.add_document(doc)
            else:
                vocab.add_document(doc[0], doc[1])
        return vocab

    def mean_conf(self, low: str) -> float | None:
        n = self.conf_n.get(low, 0)
        return None if n == 0 else self.conf_sum[low] / n

    def established(self, low: str, config: CorrectConfig, rival: str | None = None) -> bool:
        """Is ``low`` a consistent form of the batch (and not dwarfed by ``rival``)?"""
        if self.docs.get(low, 0) < config.established_min_docs:
            return False
        conf = self.mean_conf(low)
        if conf is not None and conf < config.established_min_conf:
            return False
        return not (rival is not None and self.counts.get(rival, 0) > 4 * self.counts[low])


# -- spans -----------------------------------------------------------------------------------


class _SpanLocator:
    """Finds the OCR spans under a stretch of text (binary search on start offsets)."""

    def __init__(self, spans: Sequence[WordSpan] | None) -> None:
        self.spans = sorted(spans or (), key=lambda s: s.start)
        self.starts = [s.start for s in self.spans]

    def covering(self, start: int, end: int) -> list[WordSpan]:
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
        confs = [s.conf for s in self.covering(start, end) if s.conf is not None]
        return min(confs) if confs else None


# -- the stage -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Candidate:
    text: str  # lowercase candidate (may contain a space for a split)
    written: str | None  # the lexicon's spelling, for names
    source: str
    alignment: Alignment
    score: float = 0.0
    in_doc: bool = False
    bigram_support: bool = False
    count: int = 0
    tokens: int = 1  # how many tokens the original spans (2 for a merge)


@dataclass
class _Doc:
    text: str
    tokens: list[_Token]
    lexicon: Lexicon
    config: CorrectConfig
    vocabulary: BatchVocabulary | None
    locator: _SpanLocator
    forms: Counter[str]
    caps_lines: set[int]
    #: alphabetic words and all-caps words per line, and whether the text is mostly caps
    line_alpha: Counter[int] = field(default_factory=Counter)
    line_caps: Counter[int] = field(default_factory=Counter)
    caps_text: bool = False
    #: ``_case_forms`` of this document
    title_mid: Counter[str] = field(default_factory=Counter)
    lower_forms: Counter[str] = field(default_factory=Counter)


def needs_manual_transcription(
    words: Sequence[str],
    lexicon: Lexicon,
    confs: Sequence[float | None] = (),
    config: CorrectConfig | None = None,
    page: int = 1,
) -> PageCheck:
    """Is this page's OCR no text at all (handwriting, a photo, a blank)?

    ``words`` are the page's whitespace-separated tokens. A page of real text has most of its
    alphabetic words in a dictionary even with heavy OCR damage; handwriting OCRed as print
    gives short fragments that are mostly not words, and a blank gives none.
    """
    config = config or CorrectConfig()
    alpha = [w.strip(_EDGE) for w in words]
    alpha = [w for w in alpha if _is_alpha_word(w)]
    real = [c for c in confs if c is not None and c >= 0]
    if len(alpha) < config.manual_min_words:
        manual = len(alpha) < 3 and sum(len(w) for w in words) < 40
        reason = "no text: a blank page or a picture" if manual else "too few words to judge"
        known = _known(alpha, lexicon) if alpha else 1.0
        return PageCheck(page, manual, reason, len(alpha), known)
    # Judge on words of 4+ letters: handwriting OCRed as print is mostly short fragments, and
    # the short ones (``an``, ``ee``, ``or``) are often words by chance.
    longer = [w for w in alpha if len(w) >= 4] or alpha
    known = _known(longer, lexicon)
    fragments = 1 - len(longer) / max(1, len(words))
    if known < config.manual_min_known or (
        known < config.manual_min_known + 0.1 and fragments > config.manual_max_fragments
    ):
        return PageCheck(
            page,
            True,
            f"only {known:.0%} of {len(longer)} longer words are in a dictionary: "
            "handwriting, an image or not English",
            len(alpha),
            known,
        )
    if real and sum(real) / len(real) < config.manual_max_conf:
        mean = sum(real) / len(real)
        return PageCheck(page, True, f"mean OCR confidence {mean:.0f}", len(alpha), known)
    return PageCheck(page, False, "text", len(alpha), known)


def _known(alpha: list[str], lexicon: Lexicon) -> float:
    hits = 0
    for w in alpha:
        base = w[:-2] if w.endswith(("'s", "’s")) else w
        if lexicon.is_known(base) or all(lexicon.is_known(p) for p in base.split("-") if p):
            hits += 1
    return hits / len(alpha)


def correct(
    text: str,
    spans: Sequence[WordSpan] | None,
    lexicon: Lexicon,
    config: CorrectConfig = CorrectConfig(),
    vocabulary: BatchVocabulary | None = None,
) -> CorrectResult:
    """Correct ``text`` (the stripped document); see the module docstring."""
    tokens = _tokenize(text)
    locator = _SpanLocator(spans)
    if locator.spans:
        _pages_from_spans(tokens, locator)
    doc = _Doc(
        text=text,
        tokens=tokens,
        lexicon=lexicon,
        config=config,
        vocabulary=vocabulary,
        locator=locator,
        forms=Counter(t.low for t in tokens if t.core),
        caps_lines=_caps_lines(tokens),
    )
    doc.line_alpha, doc.line_caps, doc.caps_text = _caps_counts(tokens, _capsish)
    doc.title_mid, doc.lower_forms, _ = _case_forms(tokens)
    manual = _manual_pages(doc)
    skip_pages = {p.page for p in manual}
    corrections: list[Correction] = []
    occurrences: Counter[str] = Counter()
    english = lexicon.english
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.page in skip_pages or not tok.core:
            i += 1
            continue
        # A confirmed correction applies to a word of any length, English or not.
        learned = _learned(doc, tok)
        if learned:
            corrections.extend(_confirmed(doc, tok, *hit, occurrences) for hit in learned)
            i += 1
            continue
        case = _case_confusion(doc, tok, occurrences) or _initial_capital(doc, tok, occurrences)
        if case is not None:
            corrections.append(case)
            i += 1
            continue
        if len(tok.core) < config.min_length or tok.low in english:
            i += 1
            continue
        record, used = _correct_token(doc, i, occurrences)
        if record is not None:
            corrections.extend(record)
        i += used
    corrections.sort(key=lambda c: c.start)
    applied = [c for c in corrections if c.decision == APPLIED]
    out = apply_corrections(text, applied)
    log.debug(
        "corrected %d tokens: %d applied, %d proposed, %d manual pages",
        n,
        len(applied),
        len(corrections) - len(applied),
        len(manual),
    )
    return CorrectResult(out, tuple(corrections), tuple(manual), n)


def apply_corrections(
    text: str, corrections: Iterable[Correction], decisions: Sequence[str] = (APPLIED,)
) -> str:
    """Replace each record's span by its replacement (records with a decision in ``decisions``).

    Raises ``ValueError`` if a record does not match the text (a stale record) or two overlap.
    """
    chosen = sorted((c for c in corrections if c.decision in decisions), key=lambda c: c.start)
    parts: list[str] = []
    pos = 0
    for c in chosen:
        if c.start < pos:
            raise ValueError(f"overlapping corrections at offset {c.start} ({c.id})")
        if text[c.start : c.end] != c.original:
            raise ValueError(
                f"correction {c.id} expects {c.original!r} at {c.start}, "
                f"text has {text[c.start : c.end]!r}"
            )
        parts.append(text[pos : c.start])
        parts.append(c.replacement)
        pos = c.end
    parts.append(text[pos:])
    return "".join(parts)


def _pages_from_spans(tokens: list[_Token], locator: _SpanLocator) -> None:
    """Page and line of each token from the OCR spans (the stripped text has no page breaks)."""
    page, line = 1, 0
    for tok in tokens:
        covering = locator.covering(tok.start, max(tok.end, tok.start + 1))
        if covering:
            page, line = covering[0].page, covering[0].line
        tok.page, tok.page_line = page, line


# -- document-level signals ------------------------------------------------------------------


def _caps_counts(
    tokens: list[_Token], is_caps: Callable[[str], bool] = str.isupper
) -> tuple[Counter[int], Counter[int], bool]:
    """Alphabetic and all-caps words per line, and whether the text is mostly caps."""
    alpha: Counter[int] = Counter()
    caps: Counter[int] = Counter()
    for t in tokens:
        if _is_alpha_word(t.core):
            alpha[t.line] += 1
            if is_caps(t.core):
                caps[t.line] += 1
    total = sum(alpha.values())
    return alpha, caps, total > 0 and sum(caps.values()) / total >= 0.7


def _caps_lines(tokens: list[_Token]) -> set[int]:
    """Lines whose words are all caps: there, caps are the text's case, not an acronym."""
    alpha, caps, doc_caps = _caps_counts(tokens)
    out = set()
    for line, a in alpha.items():
        c = caps[line]
        if (a >= 3 and c / a >= 0.8) or (doc_caps and c == a):
            out.add(line)
    return out


def _manual_pages(doc: _Doc) -> list[PageCheck]:
    by_page: dict[int, list[_Token]] = {}
    for t in doc.tokens:
        by_page.setdefault(t.page, []).append(t)
    flagged = []
    for page, toks in sorted(by_page.items()):
        confs = [doc.locator.conf(t.start, t.end) for t in toks] if doc.locator.spans else []
        check = needs_manual_transcription(
            [t.lead + t.core + t.trail for t in toks], doc.lexicon, confs, doc.config, page
        )
        if check.manual:
            flagged.append(check)
    return flagged


# -- OCR case confusions ----------------------------------------------------------------------
#
# Tesseract on a degraded scan reads a small letter whose capital has the same shape as a capital
# (``succeSs``, ``WaShington``, ``tO``; in all-caps cables ``TwO``). The lower-cased word is an
# English word, so the dictionary path never looks at it: these are caught by shape first.


def _case_forms(tokens: Sequence[_Token]) -> tuple[Counter[str], Counter[str], set[str]]:
    """Capitalised words mid-sentence and words written small (as written), and the words with
    capitals inside (``FonOff``)."""
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
            if core[0].isupper() and not _starts_sentence(tokens, t):
                title[core] += 1
        elif not core.isupper():
            mixed.add(core)
    return title, lower, mixed


def _capsish(core: str) -> bool:
    """All caps, or would be but for case confusions (``couLD``, ``OSWALD's``): for judging
    whether the text around a word is all caps, such words count with the caps."""
    return core.isupper() or (
        any(ch.isupper() for ch in core) and all(ch in CASE_TWINS for ch in core if ch.islower())
    )


def _caps_context(doc: _Doc, tok: _Token) -> bool:
    """Is the text around ``tok`` all caps (its other words on the line, or the document)?"""
    own = _is_alpha_word(tok.core)
    others = doc.line_alpha[tok.line] - own
    caps = doc.line_caps[tok.line] - (own and _capsish(tok.core))
    if others >= 2 and caps >= 0.8 * others:
        return True
    return doc.caps_text and caps >= 0.5 * others


def _case_confusion(doc: _Doc, tok: _Token, occurrences: Counter[str]) -> Correction | None:
    """``succeSs`` → ``success``, ``WaShington`` → ``Washington``; ``TwO`` → ``TWO`` in caps."""
    core = tok.core
    if len(core) < 2 or core.isupper():
        return None
    if core.islower() or core[1:].islower():
        # a small or capitalised word: a confusion only in all-caps text, all its small letters
        # twins (``us``, ``Two``)
        small = core if core.islower() else core[1:]
        if not CASE_TWINS.issuperset(small) or not _caps_context(doc, tok):
            return None
        caps_text = True
    else:
        small = "".join(ch for ch in core if ch.islower())
        if not small or not core.replace("'", "").replace("’", "").isalpha():
            return None
        caps_text = _caps_context(doc, tok)
    reading = case_reading(core, caps_text)
    if reading is None:
        return None
    lex = doc.lexicon
    cfg = doc.config
    possessive = len(reading) > 3 and reading[-2] in "'’" and reading[-1] in "sS"
    base = reading[:-2] if possessive else reading
    seen = core[: len(base)]
    low = base.lower()
    alt = None
    if caps_text:
        english = lex.is_english(low)
        if not (english or lex.protects(base) is not None):
            return None
        # ``Ro``, ``Jo`` in a caps line are more often OCR debris than RO and JO: a short word
        # with one capital is upper-cased only into a very common word (``To``, ``oF``)
        if (
            len(base) < cfg.apply_min_length_ocr
            and sum(ch.isupper() for ch in seen) < 2
            and (not english or lex.count(low) < cfg.short_min_count)
        ):
            return None
    elif base != seen:
        if lex.protects(seen) == "user lexicon":
            return None  # a reviewer confirmed this word in some case: not for us to recase
        entry = lex.entry(seen)
        if entry is not None and entry.written == seen:
            return None  # the lexicon's own spelling (``McCain``, ``LaSalle``)
        code = entry is not None and any(ch.isupper() for ch in entry.written[1:])
        if base[0].isupper():
            # ``PolOff`` is POLOFF, not "Poloff"; ``WaShington`` is the lexicon's Washington
            known = lex.is_english(low) and not code
            known = known or (entry is not None and entry.written == base)
        else:
            known = lex.is_english(low) and not lex.is_proper_noun(low)
        if not known:
            return None
        if all(ch in CASE_TWINS for ch in small):
            # every small letter a twin: an all-caps word misread letter by letter is as likely
            upper = seen.upper()
            if lex.is_english(upper.lower()) or lex.protects(upper) is not None:
                alt = upper + core[len(seen) :]
    conf = doc.locator.conf(tok.start, tok.end)
    short = len(base) < cfg.apply_min_length_ocr
    english = lex.is_english(low)
    vocab = doc.vocabulary
    why = ""
    if conf is not None and conf < cfg.case_min_conf:
        if short:
            return None  # OCR noise (``eS``, ``oF`` read at 0-35), not a word to fix
        why = f"OCR was unsure of the word (confidence {conf:.0f}): more than its case may be wrong"
    elif alt is not None:
        why = f"{alt!r} is as likely"
    elif short and base[0].isupper() and not caps_text:
        why = "a short capitalised word may be an abbreviation (DoS, CoS)"
    elif caps_text and seen[0].isupper() and seen[1:].islower():
        # Never seen misread in the benchmark, and caps lines hold mixed-case labels (``Copy No``)
        why = "a capitalised word in all-caps text may be a label or an abbreviation (Copy No)"
    elif english and lex.count(low) < cfg.apply_min_count:
        why = "rare word"
    elif short and english and not caps_text and lex.count(low) < cfg.short_min_count:
        why = "short word"
    elif vocab is not None and vocab.mixed_docs[core] >= cfg.established_min_docs:
        why = f"'{core}' recurs in {vocab.mixed_docs[core]} documents of the batch"
    ranked = [(reading, 1.0)] if alt is None else [(reading, 0.5), (alt, 0.5)]
    notes = ["in all-caps text"] if caps_text else []
    return _case_record(doc, tok, reading, ranked, why, notes, occurrences)


def _initial_capital(doc: _Doc, tok: _Token, occurrences: Counter[str]) -> Correction | None:
    """``political Situation in`` → ``situation``: a common word capitalised mid-sentence, with a
    shape-twin initial, between small words, written small elsewhere in the batch and nowhere
    else capitalised mid-sentence. Closed-class words are applied, the rest proposed (a title
    or a name may stand there: ``the Court``)."""
    core = tok.core
    if (
        len(core) < 2
        or not core[0].isupper()
        or core[0].lower() not in CASE_TWINS
        or not core[1:].islower()
        or not core.isalpha()
    ):
        return None
    low = tok.low
    lex = doc.lexicon
    if not lex.is_english(low) or lex.is_proper_noun(low):
        return None
    if _sentence_start(doc, tok) or _caps_context(doc, tok):
        return None
    protected = lex.protects(core)
    if protected is not None and protected.startswith(_PERSON_SOURCES):
        return None  # ``Will``, ``Strobe``: a name the lexicon knows
    if not doc.tokens[tok.index - 1].core[:1].islower():
        return None  # after ``U.S.``, a number or a capitalised word: a title may run on
    following = doc.tokens[tok.index + 1] if tok.index + 1 < len(doc.tokens) else None
    if not tok.trail and following is not None and following.core[:1].isupper():
        return None  # ``Security Council``, ``Status Bill``
    if _piece_of_split_word(doc, tok):
        return None  # ``Memo of Under standing``: the capital belongs to the whole word
    if _in_title_phrase(doc, tok):
        return None  # ``Chief of Customs``, ``the Voice of Cuba``
    vocab = doc.vocabulary
    title = (vocab.title_mid if vocab is not None else doc.title_mid)[core]
    lower = (vocab.lower_forms if vocab is not None else doc.lower_forms)[low]
    function_word = low in _CASE_FUNCTION_WORDS
    # The same misreading can happen twice in a batch (``Cannot``): a closed-class word may be
    # capitalised a second time when it is written small at least twice as often.
    if lower == 0 or (title > 1 and not (function_word and 2 * title <= lower)):
        return None
    cfg = doc.config
    conf = doc.locator.conf(tok.start, tok.end)
    alt = None
    if all(ch in CASE_TWINS for ch in low) and lex.protects(core.upper()) is not None:
        alt = core.upper()  # ``So`` may be SO, ``Us`` US
    if alt is not None:
        why = f"{alt!r} is as likely"
    elif not function_word:
        why = "a capitalised word mid-sentence may be a title or a name"
    elif conf is not None and conf < cfg.case_min_conf:
        why = f"OCR was unsure of the word (confidence {conf:.0f})"
    else:
        why = ""
    where = "the batch" if vocab is not None else "this document"
    elsewhere = "nowhere else" if title <= 1 else f"{title} times against {lower} written small"
    notes = [
        f"capitalised mid-sentence between small words; '{low}' is written small elsewhere in "
        f"{where}, '{core}' {elsewhere} mid-sentence"
    ]
    ranked = [(low, 1.0)] if alt is None else [(low, 0.5), (alt, 0.5)]
    return _case_record(doc, tok, low, ranked, why, notes, occurrences)


_TITLE_LINKS = frozenset(["of", "for", "and", "on", "de"])


def _in_title_phrase(doc: _Doc, tok: _Token) -> bool:
    """Is ``tok`` joined to a capitalised word by ``of``/``for``/``and`` (``Chief of Customs``,
    ``Voice of Cuba``, ``Director for Support``)?"""
    i = tok.index
    tokens = doc.tokens
    if i >= 2 and tokens[i - 1].low in _TITLE_LINKS and not tokens[i - 1].lead:
        before = tokens[i - 2]
        if not before.trail and before.core[:1].isupper():
            return True
    if i + 2 < len(tokens) and not tok.trail and tokens[i + 1].low in _TITLE_LINKS:
        after = tokens[i + 2]
        if not tokens[i + 1].trail and after.core[:1].isupper():
            return True
    return False


def _piece_of_split_word(doc: _Doc, tok: _Token) -> bool:
    """Does ``tok`` make a known word with the word before or after it (OCR split it)?"""
    lex = doc.lexicon
    i = tok.index
    if i + 1 < len(doc.tokens) and not tok.trail:
        following = doc.tokens[i + 1]
        if not following.lead and following.core and lex.is_known(tok.low + following.low):
            return True
    if i > 0 and not tok.lead:
        before = doc.tokens[i - 1]
        if not before.trail and before.core and lex.is_known(before.low + tok.low):
            return True
    return False


def _case_record(
    doc: _Doc,
    tok: _Token,
    reading: str,
    ranked: list[tuple[str, float]],
    why: str,
    notes: list[str],
    occurrences: Counter[str],
) -> Correction:
    core = tok.core
    edits = case_edits(core, reading)
    cost = round(OCR_COST * len(edits), 4)
    cand = _Candidate(reading.lower(), None, "OCR case confusion", Alignment(cost, edits))
    parts = ["OCR case confusion " + ", ".join(f"{e.seen}→{e.meant}" for e in edits), *notes]
    conf = doc.locator.conf(tok.start, tok.end)
    if conf is not None:
        parts.append(f"OCR confidence {conf:.0f}")
    decision = PROPOSED if why else APPLIED
    reason = f"{core} → {reading}: " + ", ".join(parts)
    if why:
        reason += f"; proposed, not applied: {why}"
    return _record(doc, tok, tok.end, core, reading, ranked, decision, reason, cand, occurrences)


# -- one token -------------------------------------------------------------------------------


def _word_class(doc: _Doc, tok: _Token) -> str:
    """``lower``, ``initial`` (capitalised at a sentence start), ``name`` (capitalised
    mid-sentence), ``caps`` (all caps in all-caps text), ``acronym`` or ``mixed``."""
    core = tok.core
    letters = [ch for ch in core if ch.isalpha()]
    if not letters:
        return "mixed"
    if all(ch.islower() for ch in letters):
        return "lower"
    if all(ch.isupper() for ch in letters):
        return "caps" if tok.line in doc.caps_lines else "acronym"
    if letters[0].isupper() and all(ch.islower() for ch in letters[1:] if ch.isalpha()):
        return "initial" if _sentence_start(doc, tok) else "name"
    # Title-case hyphenated compounds (``Nagorno-Karabkah``) are names too.
    parts = [p for p in _HYPHENS.split(core) if p]
    if len(parts) > 1 and all(p[:1].isupper() and (p[1:].islower() or not p[1:]) for p in parts):
        return "name"
    return "mixed"


def _sentence_start(doc: _Doc, tok: _Token) -> bool:
    return _starts_sentence(doc.tokens, tok)


def _starts_sentence(tokens: Sequence[_Token], tok: _Token) -> bool:
    if tok.para_start or tok.lead.startswith(('"', "“", "'", "‘", "(")):
        return True
    prev = tokens[tok.index - 1]
    if prev.trail.endswith(_SENTENCE_END) or prev.trail.endswith((".)", '."', ".”", ")")):
        return True
    # list markers (``2.``, ``(c)``, ``A.``) and digits-only tokens start a sentence too
    return not prev.core or not any(ch.isalpha() for ch in prev.core) or len(prev.core) == 1


def _protected(doc: _Doc, tok: _Token, wclass: str) -> str | None:
    core = tok.core
    if wclass in ("acronym", "mixed"):
        return wclass
    if _PROTECTED_CHARS.search(core) or (_ROMAN.match(core) and wclass != "lower"):
        return "code"
    why = doc.lexicon.protects(core)
    if why is None and core.lower().endswith(("'s", "’s")):
        why = doc.lexicon.protects(core[:-2])
    return why


def _learned(doc: _Doc, tok: _Token) -> list[tuple[int, str, str, str]]:
    """Confirmed corrections (``start, wrong, right, source``) for the token: the whole word,
    else the stem of a possessive (``Raphel's``), else parts of a hyphenated word."""
    lex = doc.lexicon
    core = tok.core
    hit = lex.correction_for(core)
    if hit is not None:
        return [(tok.start, core, *hit)]
    if core.isalpha():
        return []
    possessive = core.endswith(("'s", "’s", "'S", "’S"))
    if not (possessive or _HYPHENS.search(core)):
        return []
    if lex.is_english(tok.low) or lex.protects(core) is not None:
        return []  # a word in its own right: its parts are not for a correction to change
    base = core[:-2] if possessive else core
    if possessive and (hit := lex.correction_for(base)) is not None:
        return [(tok.start, base, *hit)]
    out = []
    for m in re.finditer(r"[^-‐‑–—]+", base):
        if m.end() - m.start() < len(base) and (hit := lex.correction_for(m.group())):
            out.append((tok.start + m.start(), m.group(), *hit))
    return out


def _confirmed(
    doc: _Doc,
    tok: _Token,
    start: int,
    wrong: str,
    right: str,
    source: str,
    occurrences: Counter[str],
) -> Correction:
    """Apply a confirmed correction to ``wrong`` (the token's text at ``start``)."""
    if (start, start + len(wrong)) != (tok.start, tok.end):
        tok = _Token(
            index=tok.index, start=start, end=start + len(wrong), core=wrong, low=wrong.lower(),
            line=tok.line, page_line=tok.page_line, page=tok.page, lead="", trail="",
            para_start=False,
        )  # fmt: skip
    # In the word's case (``Tbe`` → ``The`` even if ``tbe -> the`` was learned), unless the
    # learned spelling has capitals of its own inside (``McDonald``, ``Nagorno-Karabakh``).
    own_case = any(ch.isupper() for ch in right[1:]) and not right.isupper()
    repl = _cased(right.lower(), wrong, written=right if own_case else None)
    alignment = align(tok.low, right.lower()) or Alignment(EDIT_COST, ())
    cand = _Candidate(right.lower(), right, source, alignment, score=0.0)
    reason = f"{wrong} → {repl}: confirmed correction in the {source}"
    rec = _record(doc, tok, tok.end, wrong, repl, [(repl, 1.0)], APPLIED, reason, cand, occurrences)
    return dataclasses.replace(rec, learned=source == "user lexicon")  # TEMP (review helper)


def _correct_token(
    doc: _Doc, i: int, occurrences: Counter[str]
) -> tuple[list[Correction] | None, int]:
    tok = doc.tokens[i]
    core = tok.core
    if any(ch.isdigit() for ch in core):
        if doc.lexicon.protects(core) is not None:
            return None, 1  # a word a person confirmed (or a lexicon entry) with a digit in it
        return _digits(doc, tok, occurrences), 1
    wclass = _word_class(doc, tok)
    if _protected(doc, tok, wclass) is not None:
        return None, 1
    # possessive: correct the base, keep 's outside the span
    base_end = tok.end
    base = core
    if core.lower().endswith(("'s", "’s")) and len(core) > 4:
        base = core[:-2]
        base_end = tok.end - 2
    if _HYPHENS.search(base):
        return _compound(doc, tok, base, base_end, wclass, occurrences), 1
    if not _WORDISH.match(base):
        return None, 1
    low = base.lower()
    if doc.lexicon.is_english(low):
        return None, 1
    folded = ascii_fold(base)
    if folded != base and doc.lexicon.is_known(folded):
        return None, 1  # ``communiqué``: the accented spelling of a known word
    # merged with the next token? (``negoti ations``)
    merged = _merge_candidate(doc, i, low)
    cands = _candidates(doc, tok, low, wclass)
    if merged is not None:
        cands.append(merged)
    if not cands:
        return None, 1
    best = _rank(doc, tok, cands)
    decision, why = _decide(doc, tok, base, wclass, cands)
    if decision is None:
        return None, 1
    top = cands[0]
    end = base_end
    used = 1
    original = base
    if top.tokens == 2:
        nxt = doc.tokens[i + 1]
        end = nxt.end
        original = doc.text[tok.start : end]
        used = 2  # a proposed merge covers the next word too
    ranked = [(_cased(c.text, original, c.written), p) for c, p in zip(cands, best, strict=True)]
    repl = ranked[0][0]
    reason = _reason(doc, tok, original, repl, top, decision, why)
    return [
        _record(doc, tok, end, original, repl, ranked, decision, reason, top, occurrences)
    ], used


def _candidates(doc: _Doc, tok: _Token, low: str, wclass: str) -> list[_Candidate]:
    lex = doc.lexicon
    cfg = doc.config
    found: dict[str, _Candidate] = {}
    if wclass in ("caps", "acronym") and len(low) < cfg.apply_min_length:
        return []  # short all-caps tokens are initials and codes: never changed or proposed
    if len(low) >= cfg.apply_min_length_ocr:
        # Two edits only for longer words: a short word two edits from a dictionary word is as
        # likely noise as an error, and the distance-2 search is the slow part of a lookup.
        distance = cfg.max_edit_distance if len(low) >= cfg.two_edit_min_length else 1
        items = lex.lookup(low, distance)
        # Align only the likeliest few: the rest cannot win and alignment is the costly step.
        items.sort(key=lambda it: (it.distance, -it.count))
        for item in items[:_MAX_LOOKUP]:
            _add(doc, found, low, item.term, wclass)
    for variant in ocr_variants(low):
        if variant in lex.words:
            _add(doc, found, low, variant, wclass)
    if wclass == "lower" and len(low) >= 5:
        for split in _splits(doc, low):
            found.setdefault(split.text, split)
    return list(found.values())


def _add(doc: _Doc, found: dict[str, _Candidate], low: str, term: str, wclass: str) -> None:
    if term in found or term == low:
        return
    lex = doc.lexicon
    if wclass == "lower" and lex.is_proper_noun(term):
        return  # a lowercase word is not a misread name (``nurin`` is not ``Turin``)
    english = lex.is_english(term)
    if english and lex.count(term) < doc.config.propose_min_count:
        return  # too rare to propose, let alone apply
    alignment = align(low, term)
    if alignment is None or alignment.cost > doc.config.propose_max_cost:
        return
    entry = None if english else lex.entry(term)
    if not english and (entry is None or not entry.target):
        return
    source = "English dictionary" if english else f"lexicon {entry.source}"  # type: ignore[union-attr]
    written = None if english else entry.written  # type: ignore[union-attr]
    found[term] = _Candidate(term, written, source, alignment, count=lex.count(term))


def _splits(doc: _Doc, low: str) -> list[_Candidate]:
    """``ofthe`` → ``of the``: two common words with a known bigram."""
    lex = doc.lexicon
    out = []
    for k in range(1, len(low)):
        left, right = low[:k], low[k:]
        if (len(left) == 1 and left not in ("a", "i")) or (len(right) == 1 and right != "a"):
            continue
        if lex.count(left) < 1_000_000 or lex.count(right) < 1_000_000:
            continue
        if not lex.is_english(left) or not lex.is_english(right) or not lex.bigram(left, right):
            continue
        edit = Edit("space-missing", low, f"{left} {right}")
        out.append(
            _Candidate(
                f"{left} {right}",
                None,
                "English dictionary",
                Alignment(EDIT_COST, (edit,)),
                count=min(lex.count(left), lex.count(right)),
            )
        )
    return out


def _merge_candidate(doc: _Doc, i: int, low: str) -> _Candidate | None:
    """``negoti ations`` → ``negotiations``: this token and the next one make a common word."""
    if i + 1 >= len(doc.tokens):
        return None
    tok, nxt = doc.tokens[i], doc.tokens[i + 1]
    if tok.trail or nxt.lead or nxt.line != tok.line or doc.text[tok.end : nxt.start] != " ":
        return None
    if not _WORDISH.match(nxt.core) or nxt.low.endswith(("'s", "’s")):
        return None
    joined = low + nxt.low
    lex = doc.lexicon
    if not lex.is_english(joined) or lex.count(joined) < doc.config.apply_min_count:
        return None
    edit = Edit("space-extra", f"{low} {nxt.low}", joined)
    cand = _Candidate(
        joined, None, "English dictionary", Alignment(EDIT_COST, (edit,)), count=lex.count(joined)
    )
    cand.tokens = 2
    return cand


def _rank(doc: _Doc, tok: _Token, cands: list[_Candidate]) -> list[float]:
    """Score candidates in place (sorted best first); return their probabilities."""
    lex = doc.lexicon
    cfg = doc.config
    prev_low = _neighbour(doc, tok.index, -1)
    total = _UNIGRAM_TOTAL
    bmin = lex.bigram_min
    for c in cands:
        next_low = _neighbour(doc, tok.index + c.tokens - 1, +1)
        words = c.text.split(" ")
        first, last = words[0], words[-1]
        count = max(c.count, 1)
        p = count / total
        score = math.log(p)
        support = False
        if prev_low is not None:
            b = lex.bigram(prev_low, first)
            cp = max(lex.count(prev_low), 1)
            if b:
                score = math.log(b / (_BIGRAM_SCALE * cp))
                support = True
            else:
                score = math.log(min(p, _BIGRAM_BACKOFF * bmin / (_BIGRAM_SCALE * cp)))
        if len(words) == 2:
            b = lex.bigram(first, last)
            score += math.log(max(b, 1) / (_BIGRAM_SCALE * max(lex.count(first), 1)))
        if next_low is not None:
            p_next = max(lex.count(next_low), 1) / total
            b = lex.bigram(last, next_low)
            if b:
                score += math.log(b / (_BIGRAM_SCALE * max(lex.count(last), 1)) / p_next)
                support = True
            else:
                bound = _BIGRAM_BACKOFF * bmin / (_BIGRAM_SCALE * max(lex.count(last), 1))
                score += math.log(min(p_next, bound) / p_next)
        c.in_doc = doc.forms.get(c.text, 0) > 0
        c.bigram_support = support
        c.score = score - cfg.edit_weight * c.alignment.cost
    cands.sort(key=lambda c: (-c.score, c.alignment.cost, c.text))
    top = cands[0].score
    weights = [math.exp(c.score - top) for c in cands]
    z = sum(weights)
    del cands[cfg.max_candidates :]
    return [round(w / z, 3) for w in weights[: len(cands)]]


def _neighbour(doc: _Doc, index: int, step: int) -> str | None:
    """The adjacent word in the same sentence, lowercased, or None at a boundary."""
    j = index + step
    if j < 0 or j >= len(doc.tokens):
        return None
    here, there = doc.tokens[index], doc.tokens[j]
    if step < 0 and (there.trail.endswith(_SENTENCE_END) or here.lead or there.trail):
        return None
    if step > 0 and (here.trail or there.lead):
        return None
    if there.line != here.line and doc.text[here.end : there.start].count("\n") > 1:
        return None
    return there.low if _WORDISH.match(there.core) else None


def _joins_previous(doc: _Doc, tok: _Token) -> str | None:
    """``clear ance``: the previous word and this one make a common word."""
    if tok.index == 0 or tok.lead:
        return None
    prev = doc.tokens[tok.index - 1]
    if prev.trail or doc.text[prev.end : tok.start] != " " or not _WORDISH.match(prev.core):
        return None
    joined = prev.low + tok.low
    if doc.lexicon.is_english(joined) and doc.lexicon.count(joined) >= doc.config.apply_min_count:
        return joined
    return None


def _damaged_neighbours(doc: _Doc, tok: _Token) -> int:
    """Unknown words among the two before and the two after: where OCR garbled the words
    around, a word one edit from a dictionary word is as likely a worse misreading of another."""
    lex = doc.lexicon
    n = 0
    for j in (tok.index - 2, tok.index - 1, tok.index + 1, tok.index + 2):
        if 0 <= j < len(doc.tokens):
            core = doc.tokens[j].core
            if len(core) >= 3 and _WORDISH.match(core) and not lex.is_known(core):
                n += 1
    return n


def _derived(doc: _Doc, low: str) -> bool:
    """Is ``low`` a known word plus a productive affix (a real word the dictionary lacks)?"""
    lex = doc.lexicon
    for suf in _SUFFIXES:
        if low.endswith(suf) and len(low) - len(suf) >= 4:
            stem = low[: -len(suf)]
            if lex.is_english(stem) or lex.is_english(stem + "e") or lex.protects(stem.title()):
                return True
    for pre in _PREFIXES:
        if low.startswith(pre) and len(low) - len(pre) >= 4:
            stem = low[len(pre) :].lstrip("-")
            if lex.is_english(stem):
                return True
    return False


def _decide(
    doc: _Doc, tok: _Token, base: str, wclass: str, cands: list[_Candidate]
) -> tuple[str | None, str]:
    """APPLIED / PROPOSED / None (leave), with what decided it for the reason sentence."""
    cfg = doc.config
    top = cands[0]
    cost = top.alignment.cost
    english = top.written is None
    if cost > cfg.propose_max_cost:
        return None, ""
    if english and top.count < cfg.propose_min_count:
        return None, ""
    if wclass == "name" and english and top.count < cfg.name_propose_min_count and not top.in_doc:
        return None, ""  # a name with a rare English neighbour: not worth a reviewer's time
    if wclass == "name" and not english and cost > EDIT_COST:
        return None, ""
    low = base.lower()
    margin = top.score - cands[1].score if len(cands) > 1 else math.inf
    ocr_only = top.alignment.ocr_only
    letters = len(low)
    conf = doc.locator.conf(tok.start, tok.end)

    def propose(why: str) -> tuple[str, str]:
        return PROPOSED, why

    short = letters < (cfg.apply_min_length_ocr if ocr_only else cfg.apply_min_length)
    if short or (wclass == "caps" and letters < cfg.apply_min_length):
        # Short words: initials, codes and abbreviations abound; only an obvious misread of a
        # very common lowercase word is worth a reviewer's look (``tbe`` → ``the``).
        if wclass not in ("lower", "initial") or not ocr_only or top.count < cfg.short_min_count:
            return None, ""
        return propose("short word")
    if cost > cfg.apply_max_cost:
        return propose("more than one edit")
    if margin < cfg.apply_min_margin:
        return propose(f"{cands[1].text!r} is nearly as likely")
    if english and top.count < cfg.apply_min_count:
        return propose("rare word")
    if conf is not None and conf >= cfg.high_conf and not ocr_only:
        return propose(f"OCR was sure of this reading (confidence {conf:.0f})")
    vocab = doc.vocabulary
    if vocab is not None and vocab.established(low, cfg, rival=top.text):
        return propose(f"'{base}' recurs in {vocab.docs[low]} documents of the batch")
    if not english and top.written and top.written.isupper() and letters < cfg.caps_min_length:
        return propose("acronyms one letter apart are often both real (OPEC, OAPEC)")
    if _derived(doc, low):
        return propose("may be a derived form of a known word")
    if top.tokens == 2 and doc.lexicon.is_english(doc.tokens[tok.index + 1].low):
        return propose("the second part is a word on its own")
    if top.text.count(" ") and (
        wclass != "lower" or not any(w in _FUNCTION_WORDS for w in top.text.split(" "))
    ):
        return propose("may be a closed compound (drawnout)")
    joined = _joins_previous(doc, tok)
    if joined is not None:
        return propose(f"may be the end of a split word ({joined!r})")
    damaged = _damaged_neighbours(doc, tok)
    if damaged >= cfg.max_damaged_neighbours:
        return propose(f"{damaged} of the neighbouring words are damaged too")
    support = top.in_doc or top.bigram_support
    if wclass == "lower":
        return APPLIED, ""
    if wclass == "initial":
        if letters >= cfg.caps_min_length or ocr_only or support:
            return APPLIED, ""
        return propose("capitalised word at a sentence start, may be a name")
    if wclass == "caps":
        if top.in_doc or (support and (ocr_only or letters >= cfg.caps_min_length)):
            return APPLIED, ""
        return propose("all-caps word, may be a name")
    if wclass == "name":
        if not english and (top.in_doc or letters >= cfg.long_name_length):
            return APPLIED, ""
        if english and ocr_only and support and letters >= 6:
            return APPLIED, ""
        return propose("capitalised word, may be a name")
    return None, ""


def _compound(
    doc: _Doc, tok: _Token, base: str, base_end: int, wclass: str, occurrences: Counter[str]
) -> list[Correction] | None:
    """Hyphenated words: a lexicon compound (``Nagorno-Karabakh``) or part by part."""
    lex = doc.lexicon
    cfg = doc.config
    low = base.lower()
    parts = [p for p in _HYPHENS.split(low) if p]
    if all(lex.is_known(p) or len(p) < cfg.min_length for p in _HYPHENS.split(base) if p):
        return None
    if any(not p.isalpha() for p in parts):
        return None
    hit = None
    if wclass in ("name", "caps"):
        hit = process.extractOne(
            low, lex.compounds, scorer=OSA.distance, score_cutoff=cfg.max_edit_distance
        )
    if hit is not None and hit[1] > 0 and hit[0][:1] == low[:1]:
        target = hit[0]
        entry = lex.entry(target)
        if entry is not None:
            alignment = align(low, target) or Alignment(float(hit[1]), ())
            cand = _Candidate(
                target, entry.written, f"lexicon {entry.source}", alignment, count=lex.count(target)
            )
            cand.in_doc = doc.forms.get(target, 0) > 0
            cands = [cand]
            probs = _rank_single(cands)
            decision, why = _decide(doc, tok, base, "name" if wclass != "caps" else "caps", cands)
            if decision is None:
                return None
            repl = _cased(target, base, entry.written)
            reason = _reason(doc, tok, base, repl, cand, decision, why)
            return [
                _record(
                    doc,
                    tok,
                    base_end,
                    base,
                    repl,
                    [(repl, probs[0])],
                    decision,
                    reason,
                    cand,
                    occurrences,
                )
            ]
    # Part by part: ``well-knwon`` → ``well-known``; each part is corrected as a lowercase word.
    records: list[Correction] = []
    offset = tok.start
    for m in re.finditer(r"[^-‐‑–—]+", base):
        part = m.group()
        pstart = offset + m.start()
        plow = part.lower()
        if len(part) < cfg.min_length or lex.is_known(part) or not part.isalpha():
            continue
        sub = _Token(
            index=tok.index, start=pstart, end=pstart + len(part), core=part, low=plow,
            line=tok.line, page_line=tok.page_line, page=tok.page, lead="", trail="",
            para_start=False,
        )  # fmt: skip
        pclass = "lower" if part.islower() else ("caps" if part.isupper() else "name")
        if pclass == "caps" and wclass != "caps":
            continue
        cands = _candidates(doc, sub, plow, pclass)
        if not cands:
            continue
        probs = _rank(doc, tok, cands)
        decision, why = _decide(doc, sub, part, pclass, cands)
        if decision is None:
            continue
        top = cands[0]
        ranked = [(_cased(c.text, part, c.written), p) for c, p in zip(cands, probs, strict=True)]
        reason = _reason(doc, sub, part, ranked[0][0], top, decision, why)
        records.append(
            _record(
                doc, sub, sub.end, part, ranked[0][0], ranked, decision, reason, top, occurrences
            )
        )
    return records or None


def _rank_single(cands: list[_Candidate]) -> list[float]:
    return [1.0 for _ in cands]


def _digits(doc: _Doc, tok: _Token, occurrences: Counter[str]) -> list[Correction] | None:
    """``c0untry`` → ``country``; codes, dates and numbers are never touched."""
    core = tok.core
    letters = sum(ch.isalpha() for ch in core)
    if letters < 3 or letters < 0.6 * len(core) or not core.isalnum():
        return None
    low = core.lower()
    reading = digit_reading(low)
    if reading is None or not doc.lexicon.is_english(reading):
        return None
    alpha = [ch for ch in core if ch.isalpha()]
    if not (all(ch.islower() for ch in alpha) or all(ch.isupper() for ch in alpha)):
        return None
    alignment = align(low, reading)
    if alignment is None:
        return None
    cand = _Candidate(
        reading, None, "English dictionary", alignment, count=doc.lexicon.count(reading)
    )
    cands = [cand]
    probs = _rank(doc, tok, cands)
    wclass = (
        "lower" if alpha[0].islower() else ("caps" if tok.line in doc.caps_lines else "acronym")
    )
    if wclass == "acronym":
        return None
    decision, why = _decide(doc, tok, core, wclass, cands)
    if decision is None:
        return None
    if decision == APPLIED and core[0].isdigit() and wclass == "lower":
        # ``5ome``: the digit stood for a letter whose case is lost (Some or some?)
        decision, why = PROPOSED, "the first letter's case is unknown"
    repl = _cased(reading, core, None)
    reason = _reason(doc, tok, core, repl, cand, decision, why)
    return [
        _record(
            doc, tok, tok.end, core, repl, [(repl, probs[0])], decision, reason, cand, occurrences
        )
    ]


# -- output ----------------------------------------------------------------------------------


def _cased(candidate: str, original: str, written: str | None) -> str:
    """The candidate in the original's case: ``Negotations`` → ``Negotiations``, all caps stays
    all caps; a lexicon name keeps the lexicon's spelling (``Nagorno-Karabakh``)."""
    letters = [ch for ch in original if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters) and len(letters) > 1:
        return candidate.upper()
    if written is not None and not (written.isupper() and len(written) > 1):
        return written  # a name keeps the lexicon's spelling; a caps code takes the text's case
    if letters and letters[0].isupper():
        return candidate[:1].upper() + candidate[1:]
    return candidate


def _reason(
    doc: _Doc,
    tok: _Token,
    original: str,
    repl: str,
    cand: _Candidate,
    decision: str,
    why: str,
) -> str:
    parts = [cand.source, cand.alignment.describe()]
    conf = doc.locator.conf(tok.start, tok.end)
    if conf is not None:
        parts.append(f"OCR confidence {conf:.0f}")
    if cand.in_doc:
        parts.append(f"'{repl}' also occurs in this document")
    elif cand.bigram_support:
        parts.append("fits the neighbouring words")
    text = f"{original} → {repl}: " + ", ".join(p for p in parts if p)
    if decision == PROPOSED and why:
        text += f"; proposed, not applied: {why}"
    return text


def _record(
    doc: _Doc,
    tok: _Token,
    end: int,
    original: str,
    repl: str,
    ranked: list[tuple[str, float]],
    decision: str,
    reason: str,
    cand: _Candidate,
    occurrences: Counter[str],
) -> Correction:
    start = tok.start
    k = doc.config.context_words
    before = [t.core for t in doc.tokens[max(0, tok.index - k) : tok.index] if t.core]
    after_index = tok.index + cand.tokens
    after = [t.core for t in doc.tokens[after_index : after_index + k] if t.core]
    key_ctx = "|".join(
        [
            original.lower(),
            " ".join(w.lower() for w in before[-2:]),
            " ".join(w.lower() for w in after[:2]),
        ]
    )
    occurrences[key_ctx] += 1
    digest = hashlib.sha256(f"{key_ctx}|{occurrences[key_ctx]}".encode()).hexdigest()[:16]
    covering = doc.locator.covering(start, end)
    bbox = BBox.union(s.bbox for s in covering) if covering else None
    page, line = (covering[0].page, covering[0].line) if covering else (tok.page, tok.page_line)
    return Correction(
        id=digest,
        page=page,
        line=line,
        start=start,
        end=end,
        bbox=bbox,
        original=original,
        replacement=repl,
        candidates=tuple(ranked),
        decision=decision,
        reason=reason,
        conf=doc.locator.conf(start, end),
        context=" ".join([*before, original, *after]),
    )
