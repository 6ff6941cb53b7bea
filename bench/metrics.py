"""The benchmark's scores: pure functions of texts, no OCR, no files.

Normalisation is whitespace only: every run of whitespace (spaces, newlines, form feeds) becomes
one space and the ends are trimmed. Case, punctuation, hyphens and spelling all count, because
they are all things the pipeline can get wrong. Rates are micro-averages: edits summed over
documents divided by reference length summed (``ErrorCount`` adds up).

Three families of scores:

* **CER / WER** - Levenshtein distance over characters / whitespace-separated words.
* **Strip** - which truth lines are still in a text (``find_lines``): body lines in the whole
  output, furniture lines only in the output's *extra* text, the tokens that do not align with
  the gold body (``extra_text``), so a banner word that is also a body word is not counted twice.
* **Correct** - each correction record judged against the gold text at its place
  (``judge_corrections``): right, wrong, or neutral when the gold cannot say (it has no word
  there, or it writes the word in both cases itself). The place comes from a character-level
  alignment of the stripped text with the gold, so how either text cut its words (hyphenated
  compounds, merged or split words) does not decide the verdict.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from bench.charalign import UNREADABLE, CharMap, core, cores, mid_sentence_forms, verdict
from pipeline.core.records import is_manual_mark

# rapidfuzz scores (0-100) at which a truth line counts as present in a text. OCR damage on a
# 60-character body line costs ~5-15 points; a different line of the same document scores < 60.
BODY_SCORE = 80.0
FURNITURE_SCORE = 75.0
# Lines with this few letters and digits are looked up as whole tokens, exactly: a fuzzy "2"
# would be found inside any number.
SHORT_LINE = 3
# Largest unaligned stretch (before x after words) paired by similarity; larger stretches (a
# page of OCR noise) are paired by position, which costs nothing and changes little.
_MAX_PAIRING_CELLS = 250_000
_BLANK = "\x00"  # fills text already claimed by a line, and separates runs of extra text


def normalise(text: str) -> str:
    """Whitespace runs to one space, ends trimmed: the only normalisation applied."""
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# CER and WER


@dataclass(frozen=True)
class ErrorCount:
    """Edits against a reference of ``length`` units; sums over documents."""

    edits: int = 0
    length: int = 0

    @property
    def rate(self) -> float:
        return self.edits / self.length if self.length else 0.0

    def __add__(self, other: ErrorCount) -> ErrorCount:
        return ErrorCount(self.edits + other.edits, self.length + other.length)


def read_text(hyp: str) -> str:
    r"""``hyp`` without the lines that are a flagged page's placeholder (``records.manual_mark``,
    kept whole by the strip stage): that line says why the page's text is missing, it is not
    text the system read, so the page's words count as all lost and nothing as inserted.

    >>> read_text("a b\n[MANUAL TRANSCRIPTION NEEDED: page 2: too faint]\nc")
    'a b\nc'
    """
    if "[" not in hyp:
        return hyp
    return "\n".join(line for line in hyp.split("\n") if not is_manual_mark(line.strip()))


def char_errors(hyp: str, ref: str) -> ErrorCount:
    """Character edits of ``hyp`` (its placeholders left out: ``read_text``) against ``ref``."""
    h, r = normalise(read_text(hyp)), normalise(ref)
    return ErrorCount(Levenshtein.distance(h, r), len(r))


def word_errors(hyp: str, ref: str) -> ErrorCount:
    """Word edits of ``hyp`` (its placeholders left out: ``read_text``) against ``ref``."""
    h, r = read_text(hyp).split(), ref.split()
    return ErrorCount(Levenshtein.distance(h, r), len(r))


def cer(hyp: str, ref: str) -> float:
    """Character error rate of ``hyp`` against ``ref`` (whitespace normalised)."""
    return char_errors(hyp, ref).rate


def wer(hyp: str, ref: str) -> float:
    """Word error rate: word-level Levenshtein distance over the reference's word count."""
    return word_errors(hyp, ref).rate


class _TruthLine(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def box(self) -> tuple[int, int, int, int]: ...


class _PageTruth(Protocol):
    @property
    def body(self) -> Sequence[_TruthLine]: ...
    @property
    def furniture(self) -> Sequence[_TruthLine]: ...


def page_truth_text(truth: _PageTruth) -> str:
    """Everything printed on a page, body and furniture, top to bottom then left to right: the
    reference for OCR, which reads the furniture too."""
    lines = [(b.box[1], b.box[0], b.text) for b in truth.body]
    lines += [(f.box[1], f.box[0], f.text) for f in truth.furniture]
    return "\n".join(t for _, _, t in sorted(lines))


# ---------------------------------------------------------------------------------------------
# Word alignment


def align(a: Sequence[str], b: Sequence[str]) -> list[int | None]:
    """For each word of ``a``, the index of its counterpart in ``b`` (None: no counterpart).

    Equal stretches pair one to one. Between them, words pair by similarity, in order, so
    ``negoti ations`` -> ``negotiations`` pairs one piece and leaves the other unpaired; words
    left between two pairs with as many on each side pair by position (substitutions).
    """
    pairs: list[int | None] = [None] * len(a)
    region: list[int] | None = None  # i1, i2, j1, j2 of the current unaligned stretch
    for op in [*Levenshtein.opcodes(a, b), None]:
        if op is not None and op.tag != "equal":
            if region is None:
                region = [op.src_start, op.src_end, op.dest_start, op.dest_end]
            else:
                region[1], region[3] = op.src_end, op.dest_end
            continue
        if region is not None:
            i1, i2, j1, j2 = region
            for i, j in _pair_stretch(a[i1:i2], b[j1:j2]):
                pairs[i1 + i] = j1 + j
            region = None
        if op is not None:
            for k in range(op.src_end - op.src_start):
                pairs[op.src_start + k] = op.dest_start + k
    return pairs


def _pair_stretch(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    if not a or not b:
        return []
    n, m = len(a), len(b)
    if n * m > _MAX_PAIRING_CELLS:
        return [(k, k) for k in range(min(n, m))]
    # Monotone alignment maximising summed similarity (Levenshtein's own choice among equal-cost
    # alignments can pair "ations" with "and"); pairs below 0.4 are not worth making ...
    sim = [[fuzz.ratio(x, y) / 100 for y in b] for x in a]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = best[i + 1][j + 1] + sim[i][j] if sim[i][j] >= 0.4 else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    anchors: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        if sim[i][j] >= 0.4 and best[i][j] == best[i + 1][j + 1] + sim[i][j]:
            anchors.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    # ... except between two pairs with as many words left on each side: substitutions.
    out: list[tuple[int, int]] = []
    prev = (-1, -1)
    for nxt in [*anchors, (n, m)]:
        gap = nxt[0] - prev[0] - 1
        if gap > 0 and gap == nxt[1] - prev[1] - 1:
            out.extend((prev[0] + 1 + k, prev[1] + 1 + k) for k in range(gap))
        if nxt != (n, m):
            out.append(nxt)
        prev = nxt
    return out


# ---------------------------------------------------------------------------------------------
# Strip stage: lines present, furniture left, body lost


def find_lines(lines: Sequence[str], text: str, *, min_score: float) -> list[bool]:
    """Which ``lines`` occur in ``text``, each occurrence claimed by one line only.

    Case-insensitive. Longer lines are placed first so a stamp claims its own digits before a
    page number could; a line of at most ``SHORT_LINE`` letters/digits must match whole tokens
    exactly, a longer one fuzzily (rapidfuzz best partial alignment >= ``min_score``).
    """
    hay = normalise(text).lower()
    found = [False] * len(lines)
    order = sorted(range(len(lines)), key=lambda i: -len(normalise(lines[i])))
    for i in order:
        needle = normalise(lines[i]).lower()
        if not needle or not hay:
            continue
        span: tuple[int, int] | None = None
        if sum(c.isalnum() for c in needle) <= SHORT_LINE:
            pattern = r"\s+".join(re.escape(t) for t in needle.split())
            m = re.search(rf"(?<![^\s{_BLANK}]){pattern}(?![^\s{_BLANK}])", hay)
            span = (m.start(), m.end()) if m else None
        elif len(needle) > len(hay):
            # partial_ratio would slide the text along the line instead.
            if fuzz.ratio(needle, hay) >= min_score:
                span = (0, len(hay))
        else:
            res = fuzz.partial_ratio_alignment(needle, hay, score_cutoff=min_score)
            if res is not None:
                span = (res.dest_start, res.dest_end)
        if span is not None:
            found[i] = True
            hay = hay[: span[0]] + _BLANK * (span[1] - span[0]) + hay[span[1] :]
    return found


def extra_text(output: str, gold: str) -> str:
    """The words of ``output`` with no counterpart in ``gold``, runs kept together and runs
    separated, so furniture left in the text can be looked for without matching body words."""
    out_tokens = output.split()
    pairs = align(out_tokens, gold.split())
    runs: list[list[str]] = []
    previous = False
    for token, pair in zip(out_tokens, pairs, strict=True):
        if pair is None:
            if not previous:
                runs.append([])
            runs[-1].append(token)
        previous = pair is None
    return f" {_BLANK} ".join(" ".join(run) for run in runs)


@dataclass(frozen=True)
class LineCount:
    """Truth lines of one kind: how many there are and how many were found."""

    total: int = 0
    found: int = 0

    def __add__(self, other: LineCount) -> LineCount:
        return LineCount(self.total + other.total, self.found + other.found)


def furniture_found(furniture: Sequence[str], output: str, gold_body: str) -> list[bool]:
    """Which furniture lines are in ``output`` (outside the text that matches the gold body)."""
    return find_lines(furniture, extra_text(output, gold_body), min_score=FURNITURE_SCORE)


def body_found(body: Sequence[str], output: str) -> list[bool]:
    """Which gold body lines are in ``output``."""
    return find_lines(body, output, min_score=BODY_SCORE)


# ---------------------------------------------------------------------------------------------
# Correct stage: each record judged against the gold


APPLIED = "applied"
PROPOSED = "proposed"


@dataclass(frozen=True)
class Record:
    """A correction as the correct stage writes it: ``before[start:end]`` is ``original``."""

    start: int
    end: int
    original: str
    replacement: str  # the applied text, or a proposal's top candidate
    decision: str  # applied | proposed
    candidates: tuple[str, ...] = ()  # every candidate offered, best first (may be empty)
    reason: str = ""  # why the stage applied or proposed it (``keys.review_key`` reads it)

    @classmethod
    def from_dict(cls, c: dict[str, Any]) -> Record:
        """A line of ``corrections.jsonl``."""
        cands = tuple(str(t) for t, _ in c.get("candidates") or ())
        return cls(
            c["start"],
            c["end"],
            c["original"],
            c["replacement"],
            c["decision"],
            cands,
            str(c.get("reason", "")),
        )

    @classmethod
    def from_correction(cls, c: Any) -> Record:
        """A ``pipeline.core.results.Correction`` made in this process."""
        cands = tuple(t for t, _ in c.candidates)
        return cls(c.start, c.end, c.original, c.replacement, str(c.decision), cands, c.reason)


@dataclass(frozen=True)
class Judged:
    record: Record
    gold: str  # the gold words at the record's place, cores joined by spaces
    right: bool  # the replacement gives the gold words
    original_ok: bool  # the original was already the gold (a false alarm)
    located: bool = True
    among: bool = False  # the gold words are the replacement or one of the candidates
    neutral: str = ""  # why the record is neither right nor wrong (NO_GOLD, GOLD_CASE), or ""


@dataclass(frozen=True)
class CorrectionScore:
    applied_right: int = 0
    applied_wrong: int = 0
    applied_neutral: int = 0  # neither right nor wrong (``Judged.neutral``): not in precision
    applied_damaging: int = 0  # wrong ones that changed a word that was right
    proposed_right: int = 0
    proposed_wrong: int = 0
    proposed_neutral: int = 0
    proposed_on_correct: int = 0  # wrong ones proposed for a word that was right
    proposed_among: int = 0  # proposals with the gold word among their candidates (top included)
    errors_before: int = 0  # words the stage was given that differ from their gold word
    errors_untouched: int = 0  # ... of which no record touched
    unlocated: int = 0  # records whose span does not hold their original text

    @property
    def precision(self) -> float | None:
        """Share of automatic corrections that are right; None when there were none."""
        n = self.applied_right + self.applied_wrong
        return self.applied_right / n if n else None

    def __add__(self, other: CorrectionScore) -> CorrectionScore:
        return CorrectionScore(
            *(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__)
        )


@dataclass(frozen=True)
class _Tok:
    start: int
    end: int
    core: str


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.start(), m.end(), core(m.group())) for m in re.finditer(r"\S+", text)]


@dataclass(frozen=True)
class Judgement:
    score: CorrectionScore
    judged: list[Judged]  # one per record, in text order
    untouched: list[tuple[str, str]]  # (word, gold word) of the errors no record touched


def judge_corrections(
    before: str,
    gold: str,
    records: Iterable[Record],
    unreadable: Sequence[tuple[int, int]] = (),
) -> Judgement:
    """Score correction records against ``gold``.

    ``before`` is the text the records point into (the stripped text). Each record's place in
    the gold comes from one character-level alignment of ``before`` with ``gold``
    (``bench.charalign``), so how either text cut its words does not matter. A record is *right*
    when its replacement equals the gold text at its place (punctuation at word ends aside),
    *wrong* otherwise, except two cases judged *neutral* (counted apart, outside precision): the
    gold has no word there (``NO_GOLD``), or only case differs and the gold itself writes that
    word both ways in the middle of a sentence (``GOLD_CASE``; at a sentence start the capital
    is not in doubt). ``unreadable`` are ``(start, end)`` spans of ``gold`` whose right text is
    not known (the labelled set's ``⟦ocr|?⟧``: the gold keeps the OCR there); a record whose
    place overlaps one is neutral (``UNREADABLE``) too.
    ``errors_before``/``errors_untouched`` count whole words, aligned word by word (``align``).
    """
    btoks = _tokens(before)
    gtoks = [t.core for t in _tokens(gold)]
    pairs = align([t.core for t in btoks], gtoks)
    starts = [t.start for t in btoks]
    chars = CharMap(before, gold)
    mid = mid_sentence_forms(gold)
    touched: set[int] = set()
    judged: list[Judged] = []
    counts = dict.fromkeys(CorrectionScore.__dataclass_fields__, 0)
    for rec in sorted(records, key=lambda r: r.start):
        first = max(0, bisect.bisect_right(starts, rec.start) - 1)
        while first < len(btoks) and btoks[first].end <= rec.start:
            first += 1
        if before[rec.start : rec.end] != rec.original or first >= len(btoks):
            counts["unlocated"] += 1
            judged.append(Judged(rec, "", False, False, located=False))
            continue
        last = first
        while last + 1 < len(btoks) and btoks[last + 1].start < rec.end:
            last += 1
        touched.update(range(first, last + 1))
        g1, g2 = chars.span(rec.start, rec.end, before)
        want = cores(gold[g1:g2])
        place = g1 + len(gold[g1:g2]) - len(gold[g1:g2].lstrip())
        right_, neutral = verdict(cores(rec.replacement), want, gold, place, mid)
        if not right_ and any(a < max(g2, g1 + 1) and g1 < b for a, b in unreadable):
            neutral = UNREADABLE
        # The original was right: the gold's word is known and the original is it.
        ok = bool(want) and neutral != UNREADABLE and cores(rec.original) == want
        among = right_ or any(cores(c) == want for c in rec.candidates if want)
        judged.append(Judged(rec, want, right_, ok, among=among, neutral=neutral))
        kind = "applied" if rec.decision == APPLIED else "proposed"
        counts[f"{kind}_" + ("right" if right_ else "neutral" if neutral else "wrong")] += 1
        if rec.decision == APPLIED:
            counts["applied_damaging"] += int(ok and not right_)
        else:
            counts["proposed_on_correct"] += int(ok and not right_)
            counts["proposed_among"] += int(among)
    untouched: list[tuple[str, str]] = []
    for k, tok in enumerate(btoks):
        p = pairs[k]
        if p is not None and tok.core != gtoks[p]:
            counts["errors_before"] += 1
            if k not in touched:
                untouched.append((tok.core, gtoks[p]))
    counts["errors_untouched"] = len(untouched)
    return Judgement(CorrectionScore(**counts), judged, untouched)


def records_from_diff(before: str, after: str) -> list[Record]:
    """Applied corrections recovered from two texts (when no corrections.jsonl is written):
    each word of ``before`` whose aligned word in ``after`` differs."""
    btoks = list(re.finditer(r"\S+", before))
    atoks = [m.group() for m in re.finditer(r"\S+", after)]
    pairs = align([m.group() for m in btoks], atoks)
    return [
        Record(m.start(), m.end(), m.group(), atoks[p], APPLIED)
        for m, p in zip(btoks, pairs, strict=True)
        if p is not None and atoks[p] != m.group()
    ]


def pct(x: float | None) -> str:
    """A share as a percentage with one decimal, "-" when there is none.

    >>> pct(0.9134), pct(None)
    ('91.3%', '-')
    """
    return "-" if x is None else f"{100 * x:.1f}%"


#: Table rows of ``reviewer_figures`` (label, getter of a split's figures), for every suite's table.
REVIEWER_ROWS: list[tuple[str, Callable[[dict[str, Any]], object]]] = [
    (
        "applied (precision)",
        lambda f: f"{f['reviewer']['applied']} ({pct(f['reviewer']['applied_precision'])})",
    ),
    ("  of which neutral (gold cannot judge)", lambda f: f["reviewer"]["applied_neutral"]),
    ("  of which damaged a right word", lambda f: f["reviewer"]["applied_damaging"]),
    ("proposals per 1,000 words", lambda f: f["reviewer"]["proposals_per_1000_words"]),
    ("proposals: top candidate right", lambda f: pct(f["reviewer"]["top_right"])),
    ("proposals: right word among candidates", lambda f: pct(f["reviewer"]["among_right"])),
    (
        "real errors left untouched",
        lambda f: f"{pct(f['reviewer']['errors_untouched'])} of {f['reviewer']['errors']}",
    ),
]


def reviewer_figures(score: CorrectionScore, words: int) -> dict[str, float | int | None]:
    """What a person reviewing the corrections lives with, from one ``CorrectionScore`` over a
    text of ``words`` words (the gold's word count).

    Returns ``applied`` (every automatic change), ``applied_neutral`` (those judged neither
    right nor wrong: ``Judged.neutral``), ``applied_precision`` (right / (right + wrong); None
    when there are none), ``applied_damaging`` (wrong changes of a word that was right),
    ``proposals``, ``proposals_per_1000_words``, ``top_right`` (share of proposals whose top
    candidate is the gold word), ``among_right`` (share with the gold word anywhere among the
    candidates), ``errors`` (words given that differ from their gold word) and
    ``errors_untouched`` (share of those that no record touched). Shares are 0-1, None when
    their denominator is 0.
    """
    applied = score.applied_right + score.applied_wrong + score.applied_neutral
    proposed = score.proposed_right + score.proposed_wrong + score.proposed_neutral

    def share(n: int, d: int) -> float | None:
        return round(n / d, 4) if d else None

    return {
        "words": words,
        "applied": applied,
        "applied_neutral": score.applied_neutral,
        "applied_precision": share(score.applied_right, score.applied_right + score.applied_wrong),
        "applied_damaging": score.applied_damaging,
        "proposals": proposed,
        "proposals_per_1000_words": round(1000 * proposed / words, 2) if words else None,
        "top_right": share(score.proposed_right, proposed),
        "among_right": share(score.proposed_among, proposed),
        "errors": score.errors_before,
        "errors_untouched": share(score.errors_untouched, score.errors_before),
    }
