"""Words run together: ``oflast``, ``hehad``, ``whereis`` split where the neighbours agree.

Why a module: OCR drops the narrow gap between two words far more often than it invents a
letter, and on BLN600 dev such tokens cost about two WER points. The dictionary path proposes
splits among its candidates, but it weighs them as it weighs any other reading of a non-word
and its doubts (a closed compound, a form that recurs in the batch) hold nearly all of them;
a split is a different claim, and it has its own, stronger evidence: both parts are common
words, the pair they make is one English makes, and each outer part makes a pair with the word
beside it. Where all of that holds and no one-word reading comes close, the split is applied
(through the calibrated confirmation, ``decide.confirm_path``, as ``ApplyPath.SPLIT``).

The readings weighed for a lowercase token no dictionary knows (``MIN_LENGTH`` letters or more):
every two-way split into common English words (a lone letter only ``a``), the segmentation of
``candidates.segment`` (``wordninja``) when every part is such a word, and the one-word
readings one edit away (``Lexicon.lookup``) or one OCR confusion away. Each is scored by the
bigram model with both neighbours (``realword._fit``: the inner pairs of a split must be known)
minus the channel's cost (``CorrectConfig.edit_weight`` per edit, ``SPLIT_COST`` per space).

Never split: a capitalised word (a name), a word with digits or marks (a code), a word the
lexicon knows whole (``Lexicon.is_known``), or one the batch writes whole as a form of its own
(``BatchVocabulary.established``, with the batch's count of the split pair as the rival: a paper
that writes ``publichouse`` in several documents means it) or hyphenated (``half-past``).
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from pipeline.core.enums import ApplyPath
from pipeline.core.results import APPLIED, Correction
from pipeline.lexicon import Lexicon
from pipeline.stages.correct import calibrate
from pipeline.stages.correct.candidates import SPLIT_COST, segment
from pipeline.stages.correct.channel import EDIT_COST, Alignment, Edit, align, ocr_variants
from pipeline.stages.correct.document import Doc
from pipeline.stages.correct.realword import _fit, _known_neighbours, context_record
from pipeline.stages.correct.tokens import Token

log = logging.getLogger(__name__)

#: Tokens shorter than this are the short-word path's (``realword.short_word_fix``: ``tobe``).
MIN_LENGTH = 5
#: Each part of a split must be an English word at least this common (symspellpy counts).
PART_MIN_COUNT = 1_000_000
#: One-word readings must be this common to compete (the dictionary path's proposal floor).
WORD_MIN_COUNT = 20_000
#: Natural-log margin of the split over the best other reading at which it is applied.
APPLY_MARGIN = 4.0


@dataclass(frozen=True, slots=True)
class SplitEvidence:
    """Why ``word`` reads as ``split`` between ``prev`` and ``next``: the split's fit minus the
    best other reading's (``margin``, natural log; ``math.inf`` with no other reading), that
    reading (``rival``, "" for none), and how many of the split's outer pairs the model knows
    (``known``, 0-2)."""

    word: str
    split: str
    prev: str
    next: str
    margin: float
    rival: str
    known: int

    @property
    def decisive(self) -> bool:
        """Context settles it: a neighbour on each side, both outer pairs known, and the split
        ``APPLY_MARGIN`` ahead of every other reading."""
        return bool(self.prev and self.next) and self.known == 2 and self.margin >= APPLY_MARGIN


def _part(lex: Lexicon, part: str) -> bool:
    """Is ``part`` a plausible word of a split: English, common, no lone letter but ``a``?"""
    if len(part) == 1 and part != "a":
        return False
    return lex.is_english(part) and lex.count(part) >= PART_MIN_COUNT


@lru_cache(maxsize=16384)
def readings(lex: Lexicon, low: str) -> tuple[tuple[str, float], ...]:
    """The readings of ``low`` weighed (see the module docstring), each with its channel cost
    in edits; splits have a space. Context-free, so cached per word."""
    out: dict[str, float] = {}
    for k in range(1, len(low)):
        left, right = low[:k], low[k:]
        if _part(lex, left) and _part(lex, right):
            out[f"{left} {right}"] = SPLIT_COST
    if out:
        parts = segment(low)
        if len(parts) > 2 and all(_part(lex, p) for p in parts):
            out.setdefault(" ".join(parts), SPLIT_COST * (len(parts) - 1))
    if not out:
        return ()
    words = [item.term for item in lex.lookup(low, 1)] + lex.indexed(ocr_variants(low))
    for term in words:
        if term in out or term == low or not lex.is_english(term) or lex.is_proper_noun(term):
            continue
        if lex.count(term) < WORD_MIN_COUNT:
            continue
        alignment = align(low, term)
        if alignment is not None and alignment.cost <= EDIT_COST:
            out[term] = alignment.cost
    return tuple(out.items())


def split_evidence(doc: Doc, tok: Token) -> SplitEvidence | None:
    """The best reading of ``tok`` when it is a split, with its evidence, or None (no split
    among the readings, no neighbour the model knows, or a one-word reading ahead)."""
    lex = doc.lexicon
    options = readings(lex, tok.low)
    if not options:
        return None
    prev, nxt = _known_neighbours(doc, tok)
    if prev is None and nxt is None:
        return None
    weight = doc.config.edit_weight
    scored = []
    for text, cost in options:
        fit, known = _fit(lex, prev, text, nxt)
        if fit > -math.inf:
            scored.append((fit - weight * cost, known, text))
    if not scored:
        return None
    scored.sort(key=lambda t: (-t[0], t[2]))
    top = scored[0]
    if " " not in top[2]:
        return None
    rival = scored[1] if len(scored) > 1 else None
    margin = top[0] - rival[0] if rival else math.inf
    return SplitEvidence(
        tok.low, top[2], prev or "", nxt or "", margin, rival[2] if rival else "", top[1]
    )


def _written_whole(doc: Doc, low: str, split: str) -> bool:
    """Does the batch write ``low`` as one word: whole, as a form of its own (``established``)
    more than a quarter as often as the split pair, or, for two parts, joined by a hyphen at
    least as often as apart (``half-past``, ``public-house``: a compound the paper hyphenates;
    the lexicon's hyphenated words count too)?"""
    vocab = doc.vocabulary
    parts = split.split(" ")
    pair = vocab.bigrams.get(split, 0) if vocab is not None and len(parts) == 2 else 0
    if len(parts) == 2:
        hyphenated = "-".join(parts)
        if doc.lexicon.is_known(hyphenated):
            return True
        if vocab is not None and vocab.counts.get(hyphenated, 0) > pair:
            return True
    if vocab is None or not vocab.established(low, doc.config):
        return False
    return pair <= 4 * vocab.counts.get(low, 0)


def run_together_fix(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """The applied record splitting ``tok`` (a lowercase word no dictionary knows) where the
    context decides (``SplitEvidence.decisive``), or None: the dictionary path then has it,
    splits among its candidates. The caller confirms the application (``ApplyPath.SPLIT``)."""
    low = tok.low
    if len(low) < MIN_LENGTH or not tok.core.islower() or not tok.core.isalpha():
        return None
    lex = doc.lexicon
    if lex.is_english(low) or lex.is_known(tok.core):
        return None
    if None in _known_neighbours(doc, tok):
        return None  # ``decisive`` needs both (the readings are not looked up)
    ev = split_evidence(doc, tok)
    if ev is None or not ev.decisive or _written_whole(doc, low, ev.split):
        return None
    spaces = ev.split.count(" ")
    alignment = Alignment(SPLIT_COST * spaces, (Edit("space-missing", low, ev.split),))
    rival = f"'{ev.rival}'" if ev.rival else "no other reading"
    text = (
        f"{tok.core} → {ev.split}: words run together, every part a common word and "
        f"'{ev.prev} {ev.split} {ev.next}' pairs the model knows (context log-odds "
        f"{min(ev.margin, 99.0):.1f} over {rival})"
    )
    count = min(lex.count(w) for w in ev.split.split(" "))
    return context_record(
        doc, tok, ev.split, alignment, ev.margin, count, APPLIED, text, occurrences
    )


def path_fitted(doc: Doc, path: ApplyPath) -> bool:
    """May ``path`` make changes in ``doc``'s run? Under the calibrated confirmation (the
    default, and ``--apply calibrated``) only when the shipped model was fitted with rows of
    that path (a ``path_<name>`` feature in ``calibration.json``): it cannot vouch for changes
    it has never seen, and the word is then the dictionary path's, as before the path existed.
    ``--apply rules`` runs every path on its own rules. Refitting (``python -m
    bench.calibrate``) gives a path its rows."""
    cfg = doc.config
    if not (cfg.calibrated or cfg.confirm):
        return True
    return f"path_{path.value}" in calibrate.load().names
