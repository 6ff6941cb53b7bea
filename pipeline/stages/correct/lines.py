"""Lines with no recoverable word: one "transcribe by hand" item instead of a proposal per fragment.

Handwriting, stamp debris and form rules read as print give lines like ``soe, dheonremt9, ake``:
the dictionary path would propose a word for each fragment, and every proposal would be wrong
(a reviewer's key spent per fragment, on real JFK OCR about one proposal in five). A person can
read such a line off the scan in one go, so the line becomes one record of kind ``LINE``
(``core.results.Correction``): its text span, page, line and box (the union of its words' boxes
when there is OCR), nothing applied, and the word records the stage made for it kept in the
item's ``subsumed`` list. Review takes typed text for the whole line, or keeps the OCR line.

A line of damaged text (``manual.transcription_job``: damage spread over the line, or a run of
adjacent damaged words) becomes such an item too, and there the item may hold words the stage
changed on its own: those records stay applied (the text keeps the fix while the line waits)
and are listed in ``subsumed`` as well; the item's ``replacement`` suggests the line with every
change of its records made (``suggested``), so that right proposals folded into it are not
lost and a right suggestion is taken in one key. A typed line covers the applied records
inside it (``records.apply_corrections``).

The judgement is per line (the OCR line when there are word spans, else the stripped text's
line) and reads what a person would (``line_evidence``): how many tokens are words — known to a
dictionary, numbers and codes (``1995``, ``104-10185-10111``, ``E.O.``), initials, all-caps or
capitalised words that look like names — and how many are fragments: letters mixed with digits
or symbols, single letters, unknown words with no dictionary word within reach, bare symbols;
and, with OCR, the words' mean confidence (print reads 85-96, such fragments mostly under 50).
A line of codes, names and numbers (a TAGS line, a distribution list, a table row) is words,
not noise. The thresholds are ``CorrectConfig``'s ``noise_*`` fields, tuned on dev material
only (``bench/labels`` dev files, whose ``N`` lines are noise, and the JFK dev releases).
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.core.enums import CorrectionKind, TokenReading
from pipeline.core.records import BBox, WordSpan
from pipeline.core.results import APPLIED, PROPOSED, Correction, LeftWord, Subsumed
from pipeline.core.text import EDGE, split_edges
from pipeline.lexicon import Lexicon
from pipeline.stages.correct.config import CorrectConfig
from pipeline.stages.correct.document import Doc, context_words
from pipeline.stages.correct.manual import transcription_job
from pipeline.stages.correct.tokens import Token, is_alpha_word
from pipeline.stages.correct.worth import LEFT_FOR_WANT_OF_EVIDENCE, LEFT_UNPAIRED, Unworthy

log = logging.getLogger(__name__)

#: A number, date, reference or code made of digits and separators (``5/28/64``, ``12.5``,
#: ``104-10185-10111``, ``1,234``, ``2(a)``).
NUMBER = re.compile(r"^[#$£]?\d[\d.,:/\-]*(?:\(?[a-zA-Z]\)?|st|nd|rd|th|ST|ND|RD|TH|%)?$")
#: An all-caps code with digits after its letters (``B1``, ``DDO2``), dotted (``E.O``, ``U.S``),
#: a file number (``FL-2017-13804``) or an exemption code as its core reads (``b)(1``,
#: ``b)(7)(C``).
CODE = re.compile(
    r"^(?:[A-Z]{1,6}\d{1,4}|(?:[A-Z]\.){1,4}[A-Z]?|[A-Z]{1,4}-\d[\d\-]*"
    r"|[a-zA-Z0-9]{1,2}\)(?:\([a-zA-Z0-9]{1,2}\)?)+)$"
)
#: A short all-caps abbreviation a cable or a schedule writes (``NW``, ``FLR``, ``WH``): a code
#: as far as its shape says, counted half.
SHORT_CAPS = re.compile(r"^[A-Z]{2,5}$")
#: One letter standing for a word: the article, the pronoun.
ONE_LETTER_WORDS = frozenset("aAI")
VOWELS = frozenset("aeiouyAEIOUY")


@dataclass(frozen=True)
class LineEvidence:
    """What one line's tokens say about it (bare symbols left out): how many tokens, their
    summed ``TokenReading.weight`` (``words``), how many are ``LOST`` and ``DAMAGED``, the
    longest ``WORD`` token's length, and the mean OCR confidence (0-100) of its words, None
    without OCR."""

    tokens: int
    words: float
    lost: int
    damaged: int
    longest_known: int
    conf: float | None

    @property
    def word_share(self) -> float:
        """Share of the tokens that are words, by weight (0-1)."""
        return self.words / self.tokens if self.tokens else 1.0

    @property
    def lost_share(self) -> float:
        """Share of the tokens with no recoverable word (0-1)."""
        return self.lost / self.tokens if self.tokens else 0.0

    def describe(self) -> str:
        """The evidence for people: ``4 of 5 tokens no word, mean OCR confidence 23``."""
        text = f"{self.lost} of {self.tokens} tokens are no word within reach"
        if self.damaged:
            text += f", {self.damaged} more unknown"
        if self.conf is not None:
            text += f", mean OCR confidence {self.conf:.0f}"
        return text


def token_reading(raw: str, lexicon: Lexicon) -> TokenReading:
    """How a person would read the whitespace-separated token ``raw`` (with its punctuation).

    An unknown word of five letters or more with a dictionary word within reach (one edit,
    two from six letters) is ``DAMAGED``; a shorter unknown one is ``LOST``: every string of
    two to four letters lies near some word, and handwriting read as print is mostly such
    fragments (a line of damaged prose keeps its longer words, see ``is_noise``).

    >>> from pipeline.lexicon import Lexicon
    >>> lex = Lexicon.load()
    >>> [token_reading(t, lex).value for t in ("meeting,", "1995", "f2-2-9/", "J.", "NW")]
    ['word', 'word', 'lost', 'word', 'likely']
    """
    _, core, trail = split_edges(raw)
    if not core:
        return TokenReading.LOST  # a bare symbol (``line_evidence`` leaves those out)
    if "/" in core and not NUMBER.match(core):
        # ``W/TARNOFF``, ``BALLROOM/13TH``: as good as its worst part
        parts = [token_reading(p, lexicon) for p in core.split("/") if p]
        return min(parts, key=lambda r: r.weight) if parts else TokenReading.LOST
    if NUMBER.match(core) or CODE.match(core):
        return TokenReading.WORD
    if SHORT_CAPS.match(core) and not lexicon.is_known(core):
        return TokenReading.LIKELY  # ``NW``, ``FLR``: an abbreviation, as far as its shape says
    if len(core) == 1:
        if core in ONE_LETTER_WORDS or (core.isupper() and trail.startswith(".")):
            return TokenReading.WORD  # ``a``, ``I``, an initial or a list marker ``B.``
        # ``F STR.``, ``Annex B``: a capital may name something; a small letter alone is lost
        return TokenReading.LIKELY if core.isupper() else TokenReading.LOST
    if not is_alpha_word(core):
        return TokenReading.LOST  # letters mixed with digits or symbols: ``dheonremt9``
    base = core[:-2] if core.endswith(("'s", "’s")) else core
    if lexicon.is_known(base) or all(lexicon.is_known(p) for p in base.split("-") if p):
        return TokenReading.WORD if len(base) >= 3 else TokenReading.LIKELY
    name_shaped = base.isupper() or (base[0].isupper() and base[1:].islower())
    if len(base) >= 4 and name_shaped and _pronounceable(base):
        return TokenReading.LIKELY  # a name or a code, as far as its shape says
    low = base.lower()
    if len(low) < 5:
        # Every string of two to four letters lies near some word: no evidence of one.
        return TokenReading.LOST
    return (
        TokenReading.DAMAGED if lexicon.near(low, 1 if len(low) < 6 else 2) else TokenReading.LOST
    )


def _pronounceable(word: str) -> bool:
    """Vowels in a name's proportions and no run of four consonants or three of one letter.

    >>> _pronounceable("MANNARINO"), _pronounceable("Septéesbungs"), _pronounceable("Mrkvt")
    (True, True, False)
    """
    low = word.lower()
    vowels = sum(ch in VOWELS for ch in low)
    if not 0.2 <= vowels / len(low) <= 0.7:
        return False
    if re.search(r"(.)\1\1", low):
        return False
    return not re.search(r"[^aeiouyé\W]{5,}", low)


def line_evidence(
    raws: Sequence[str],
    lexicon: Lexicon,
    confs: Sequence[float | None] = (),
    readings: dict[str, TokenReading] | None = None,
) -> LineEvidence:
    """The evidence of one line: ``raws`` its whitespace-separated tokens, ``confs`` their OCR
    confidences (0-100; None or negative unknown; empty for a text input). Bare symbols
    (``&``, ``--``, ``|``) are left out: they stand between real words too. ``readings``: a
    caller's memo of ``token_reading`` for this ``lexicon`` (filled as tokens are read)."""
    words = 0.0
    counts = {r: 0 for r in TokenReading}
    longest = 0
    raws = [r for r in raws if r.strip(EDGE)]  # with a core: no bare symbol
    for raw in raws:
        reading = _reading(raw, lexicon, readings)
        words += reading.weight
        counts[reading] += 1
        if reading is TokenReading.WORD:
            longest = max(longest, len(split_edges(raw)[1]))
    real = [c for c in confs if c is not None and c >= 0]
    conf = sum(real) / len(real) if real else None
    return LineEvidence(
        len(raws), words, counts[TokenReading.LOST], counts[TokenReading.DAMAGED], longest, conf
    )


def garbage_evidence(
    raws: Sequence[str],
    lexicon: Lexicon,
    config: CorrectConfig,
    readings: dict[str, TokenReading] | None = None,
) -> LineEvidence | None:
    """``line_evidence(raws, lexicon, readings=readings)`` when it says the line is mostly no
    words (``config.garbage_min_tokens`` tokens or more, bare symbols left out, and a
    ``word_share`` under ``garbage_max_word_share``), else None: ``gate.garbage_gate``'s
    question, answered reading the tokens in order only until the answer is certain. Every
    token weighs zero or more, so once the words read so far make ``garbage_max_word_share`` of
    all the tokens, no token after them can bring the share under it (most lines are text, and
    are settled by their first few words)."""
    raws = [r for r in raws if r.strip(EDGE)]  # with a core: no bare symbol
    share = config.garbage_max_word_share
    if len(raws) < config.garbage_min_tokens or mostly_words(raws, lexicon, share, readings):
        return None
    ev = line_evidence(raws, lexicon, readings=readings)
    return ev if ev.word_share < share else None


def mostly_words(
    raws: Sequence[str],
    lexicon: Lexicon,
    share: float,
    readings: dict[str, TokenReading] | None = None,
) -> bool:
    """Is ``line_evidence(raws, lexicon).word_share`` at least ``share``? ``raws`` are a line's
    tokens without its bare symbols. Read in order only until the answer is certain: every
    token weighs zero or more, so once the words read so far make ``share`` of all the tokens,
    no token after them can bring the share under it (the same sum, added in the same order:
    the same answer as reading them all). ``readings``: as ``line_evidence`` takes it."""
    n = len(raws)
    if not n:
        return share <= 1.0  # ``LineEvidence.word_share`` of no tokens
    words = 0.0
    for raw in raws:
        words += _reading(raw, lexicon, readings).weight
        if words / n >= share:
            return True
    return False


def _reading(raw: str, lexicon: Lexicon, readings: dict[str, TokenReading] | None) -> TokenReading:
    """``token_reading(raw, lexicon)``, through the caller's memo ``readings`` when given."""
    if readings is None:
        return token_reading(raw, lexicon)
    reading = readings.get(raw)
    if reading is None:
        reading = readings[raw] = token_reading(raw, lexicon)
    return reading


def is_noise(ev: LineEvidence, config: CorrectConfig) -> bool:
    """Is a line with evidence ``ev`` unrecoverable OCR noise (``CorrectConfig.noise_*``)?"""
    if ev.tokens < config.noise_min_tokens or ev.lost < config.noise_min_lost:
        return False
    if ev.conf is not None and ev.conf >= config.noise_max_conf:
        return False  # read with confidence: the page says what OCR read
    if ev.longest_known >= config.noise_max_known_length:
        return False  # a long known word is recoverable text
    return (
        ev.lost_share >= config.noise_min_lost_share and ev.word_share < config.noise_max_word_share
    )


@dataclass(frozen=True)
class TextLine:
    """One line of the document as the judgement sees it: its tokens, in text order."""

    tokens: tuple[Token, ...]

    @property
    def start(self) -> int:
        first = self.tokens[0]
        return first.start - len(first.lead)

    @property
    def end(self) -> int:
        last = self.tokens[-1]
        return last.end + len(last.trail)


def document_lines(doc: Doc, skip_pages: set[int]) -> list[TextLine]:
    """The lines of ``doc``: runs of tokens on one OCR line (page and line of the word spans),
    or on one line of the text without OCR; pages in ``skip_pages`` left out."""
    by_ocr = bool(doc.locator.spans)
    out: list[TextLine] = []
    run: list[Token] = []
    key: tuple[int, int] | None = None
    for tok in doc.tokens:
        k = (tok.page, tok.page_line) if by_ocr else (tok.page, tok.line)
        if k != key and run:
            out.append(TextLine(tuple(run)))
            run = []
        key = k
        if tok.page not in skip_pages:
            run.append(tok)
    if run:
        out.append(TextLine(tuple(run)))
    return out


def line_run(doc: Doc, i: int) -> tuple[int, int]:
    """The first and last index of the tokens of ``doc`` on token ``i``'s line, as
    ``document_lines`` makes lines (the OCR line with word spans, else the text's line): the
    run of neighbours with its page and line."""
    tokens = doc.tokens
    by_ocr = bool(doc.locator.spans)
    t = tokens[i]
    key = (t.page, t.page_line if by_ocr else t.line)
    lo = hi = i
    while lo > 0 and (tokens[lo - 1].page, _line(tokens[lo - 1], by_ocr)) == key:
        lo -= 1
    while hi + 1 < len(tokens) and (tokens[hi + 1].page, _line(tokens[hi + 1], by_ocr)) == key:
        hi += 1
    return lo, hi


def _line(t: Token, by_ocr: bool) -> int:
    return t.page_line if by_ocr else t.line


def line_items(
    doc: Doc, corrections: Sequence[Correction], skip_pages: set[int]
) -> tuple[list[Correction], list[Correction]]:
    """Split off the noise lines of ``doc``: (the word records kept, the line items).

    A noise line (``is_noise``) holding at least one of the stage's proposals becomes one
    ``LINE`` record, proposed, with those records in its ``subsumed`` list; they are dropped.
    A noise line nobody would have been asked about stays as it is (an item there would add a
    reviewer's screen, not save one), and so does a line where the stage recovered a word
    (``_recovered``: on JFK dev, proposals for unknown words of five letters or more in such
    lines were mostly right, ``Accoxding`` → According, those for shorter ones were not,
    ``pcp`` → pop). A line of text damaged past word-by-word repair
    (``manual.transcription_job``: most of its tokens unknown, proposed or applied, or a run
    of adjacent damaged words) becomes such an item too, whatever its records; its changes
    applied stay among the records kept, applied (the item lists them too, and its suggested
    text, ``replacement``, is the line with every change of its records made: a reviewer who
    finds it right takes it in one key), and its proposals are dropped. ``corrections`` are in
    any order; offsets are into ``doc.text``.
    """
    records = sorted(corrections, key=lambda c: c.start)
    starts = [c.start for c in records]
    dropped: set[int] = set()
    items: list[Correction] = []
    seen: dict[str, int] = {}
    memo = doc.readings  # each distinct token read once a batch (``document.word_memos``)
    left = {w.start: w for w in doc.left_words if w.reason in LEFT_FOR_WANT_OF_EVIDENCE}
    for line in document_lines(doc, skip_pages):
        start, end = line.start, line.end
        lo = bisect.bisect_left(starts, start)
        inside = []
        k = max(0, lo - 1)
        while k < len(records) and records[k].start < end:
            if records[k].end > start and k not in dropped:
                inside.append(k)
            k += 1
        if not inside:
            item = _left_noise_item(doc, line, memo, left, seen)
            if item is not None:
                items.append(item)
            continue
        if any(records[k].start < start or records[k].end > end for k in inside):
            continue  # a record reaching past the line (a join across the break): a word
        noise = None  # the line's evidence when it is noise
        if not any(_recovered(records[k], doc.config) for k in inside):
            noise = _noise(doc, line, memo)
        suggest = noise is None
        if noise is None:
            job = _job(doc, line, [records[k] for k in inside], memo, left)
            if job is None:
                continue
            why = f"too damaged to fix a word at a time: {job}"
            hints = [left[t.start] for t in line.tokens if t.start in left]
            if hints:
                seen_words = ", ".join(f"{w.original} → {w.candidate}" for w in hints)
                why += f" (left for want of evidence: {seen_words})"
            ev = _evidence(doc, line, memo)
        else:
            ev = noise
            why = f"no recoverable word: {ev.describe()}"
        dropped.update(k for k in inside if records[k].decision != APPLIED)
        on_line = [records[k] for k in inside]
        items.append(_item(doc, line, start, end, ev, on_line, seen, why, suggest=suggest))
    kept = [c for k, c in enumerate(records) if k not in dropped]
    if items:
        log.debug("%d noise lines became line items (%d word records)", len(items), len(dropped))
    return kept, items


def _left_noise_item(
    doc: Doc,
    line: TextLine,
    memo: dict[str, TokenReading],
    left: dict[int, LeftWord],
    seen: dict[str, int],
) -> Correction | None:
    """The line item of a noise line (``is_noise``) with no record on it, when the stage left a
    fragment there only for the short floor (``worth.Unworthy.SHORT``) or for want of a pair
    (``worth.LEFT_UNPAIRED``): before those rules it would have been proposed, and the line made
    an item; they take the word's screen, not the line's. None otherwise (a line where nothing
    would have been proposed stays as it is: an item there would add a screen)."""
    floors = (Unworthy.SHORT.name.lower(), LEFT_UNPAIRED)
    hints = [
        left[t.start] for t in line.tokens if t.start in left and left[t.start].reason in floors
    ]
    if not hints:
        return None
    ev = _noise(doc, line, memo)
    if ev is None:
        return None
    words = ", ".join(f"{w.original} → {w.candidate}" for w in hints)
    rule = "the short floor" if any(w.reason == floors[0] for w in hints) else "want of a pair"
    why = f"no recoverable word: {ev.describe()} (left under {rule}: {words})"
    return _item(doc, line, line.start, line.end, ev, [], seen, why)


def _recovered(c: Correction, config: CorrectConfig) -> bool:
    """Did the stage find a word in this record: an applied change (evidence beyond the edit),
    or a proposal for an unknown word long enough (``noise_max_record_length``) that a
    dictionary word within reach is evidence of one? Then its line is recoverable text."""
    if c.decision == APPLIED:
        return True
    letters = sum(ch.isalpha() for ch in c.original)
    return letters > config.noise_max_record_length


def _job(
    doc: Doc,
    line: TextLine,
    records: Sequence[Correction],
    memo: dict[str, TokenReading],
    left: dict[int, LeftWord],
) -> str | None:
    """``manual.transcription_job`` for ``line`` and the stage's ``records`` on it (``memo``:
    ``token_reading`` of the tokens read so far; ``left``: the words the stage left for want
    of evidence, ``worth.LEFT_FOR_WANT_OF_EVIDENCE``, by start offset). A change of case
    alone (``uS`` → us, ``MrS`` → Mrs) is no damage: the letters were read right, one key
    fixes it, and its token counts as a word."""

    def read_once(word: str) -> bool:
        return doc.forms.get(word.lower(), 0) < 2

    cased = [c for c in records if c.original.casefold() == c.replacement.casefold()]
    records = [c for c in records if c not in cased]
    proposals = sum(c.decision == PROPOSED and read_once(c.original) for c in records)
    if proposals < 1:
        return None
    readings: list[TokenReading] = []
    found: list[bool] = []
    fixed: list[bool] = []
    once = 0
    for t in line.tokens:
        raw = raw_token(doc, t)
        if not split_edges(raw)[1]:
            continue  # a bare symbol, as ``line_evidence`` leaves it out
        reading = memo.get(raw)
        if reading is None:
            reading = memo[raw] = token_reading(raw, doc.lexicon)
        if any(c.start < t.end and c.end > t.start for c in cased):
            reading = TokenReading.WORD
        readings.append(reading)
        proposed = [c for c in records if c.start < t.end and c.end > t.start]
        word = left.get(t.start)
        found.append(bool(proposed) or word is not None)
        fixed.append(bool(proposed))
        if word is not None and not proposed and read_once(word.original):
            once += 1
    once += proposals
    applied = sum(c.decision == APPLIED for c in records)
    return transcription_job(readings, found, once, proposals, applied, doc.config, fixed)


def _noise(doc: Doc, line: TextLine, memo: dict[str, TokenReading]) -> LineEvidence | None:
    """The evidence of ``line`` when it is noise (``is_noise``), else None; a line that is
    mostly words (most lines) is settled by its first words (``mostly_words``)."""
    raws = [raw for raw in (raw_token(doc, t) for t in line.tokens) if split_edges(raw)[1]]
    if mostly_words(raws, doc.lexicon, doc.config.noise_max_word_share, memo):
        return None  # ``is_noise`` asks for a share of words under this
    ev = _evidence(doc, line, memo)
    return ev if is_noise(ev, doc.config) else None


def raw_token(doc: Doc, t: Token) -> str:
    """``t`` as ``doc.text`` has it, with its punctuation: a whitespace-separated token."""
    return doc.text[t.start - len(t.lead) : t.end + len(t.trail)]


def _evidence(doc: Doc, line: TextLine, memo: dict[str, TokenReading]) -> LineEvidence:
    raws = [raw_token(doc, t) for t in line.tokens]
    confs: list[float | None] = []
    if doc.locator.spans:
        confs = [doc.locator.conf(t.start, max(t.end, t.start + 1)) for t in line.tokens]
    return line_evidence(raws, doc.lexicon, confs, readings=memo)


def _item(
    doc: Doc,
    line: TextLine,
    start: int,
    end: int,
    ev: LineEvidence,
    subsumed: list[Correction],
    seen: dict[str, int],
    why: str,
    *,
    suggest: bool = False,
) -> Correction:
    """The ``LINE`` record of ``doc.text[start:end]``; its id hashes the line's text and its
    occurrence index among identical lines (stable across runs, like word records' ids). With
    ``suggest`` its ``replacement`` is the line with every ``subsumed`` record's replacement
    made (``suggested``), else the line as it is (a line of noise: its proposals were
    guesses)."""
    text, digest, covering, bbox = item_place(doc, start, end, "line", seen)
    first = line.tokens[0]
    page, line_no = (
        (covering[0].page, covering[0].line) if covering else (first.page, first.page_line)
    )
    reason = f"{why}; transcribe the line by hand"
    dropped = [c for c in subsumed if c.decision != APPLIED]
    kept = [c for c in subsumed if c.decision == APPLIED]
    if dropped:
        what = ", ".join(f"{c.original} → {c.replacement} ({c.decision.value})" for c in dropped)
        plural = "s" if len(dropped) != 1 else ""
        reason += f" ({len(dropped)} word record{plural} replaced: {what})"
    if kept:
        what = ", ".join(f"{c.original} → {c.replacement}" for c in kept)
        reason += f" (applied until the line is typed: {what})"
    before, after = context_words(doc, first.index, line.tokens[-1].index + 1)
    return Correction(
        id=digest,
        page=page,
        line=line_no,
        start=start,
        end=end,
        bbox=bbox,
        original=text,
        replacement=suggested(text, start, subsumed) if suggest else text,
        candidates=(),
        decision=PROPOSED,
        reason=reason,
        conf=ev.conf,
        context=" ".join([*before, text, *after]),
        kind=CorrectionKind.LINE,
        subsumed=tuple(
            Subsumed(c.start, c.end, c.original, c.replacement, c.decision) for c in subsumed
        ),
    )


def item_place(
    doc: Doc, start: int, end: int, salt: str, seen: dict[str, int]
) -> tuple[str, str, list[WordSpan], BBox | None]:
    """Where an item of ``doc.text[start:end]`` stands: that text, the item's id (a hash of
    ``salt``, the text and its occurrence index among identical texts so far, counted in
    ``seen``: stable across runs), the word spans covering it and the union of their boxes
    (None without OCR boxes)."""
    text = doc.text[start:end]
    seen[text] = seen.get(text, 0) + 1
    digest = hashlib.sha256(f"{salt}|{text}|{seen[text]}".encode()).hexdigest()[:16]
    covering = doc.locator.covering(start, end)
    boxes = [s.bbox for s in covering if s.bbox is not None]
    return text, digest, covering, BBox.union(boxes) if boxes else None


def suggested(text: str, start: int, records: Sequence[Correction]) -> str:
    """``text`` (the document's text from offset ``start``) with each of ``records`` (word
    records inside it, offsets into the document's text, not overlapping) replaced by its
    replacement: what a line item suggests the reviewer take (the applied changes and each
    proposal's top candidate).

    >>> from pipeline.core.enums import CorrectionDecision as D
    >>> w = Correction("w", 1, 0, 14, 17, None, "tbe", "the", (), D.APPLIED, "", None, "")
    >>> p = Correction("p", 1, 0, 18, 22, None, "cst.", "cat.", (), D.PROPOSED, "", None, "")
    >>> suggested("Iff tbe cst.", 10, [p, w])
    'Iff the cat.'
    """
    out: list[str] = []
    pos = 0
    for c in sorted(records, key=lambda c: c.start):
        a, b = c.start - start, c.end - start
        if a < pos or b > len(text) or text[a:b] != c.original:
            raise ValueError(f"record {c.id} ({c.original!r}) is not inside the line {text!r}")
        out += [text[pos:a], c.replacement]
        pos = b
    out.append(text[pos:])
    return "".join(out)
