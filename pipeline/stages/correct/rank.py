"""The language-model half of the noisy channel: how likely each candidate is where it stands.

A candidate's score is the log-probability of the word in its context — its unigram frequency,
or better the bigrams it makes with its neighbours in the same sentence — minus the channel's
cost of the edits that turn it into what OCR read (``channel.align``). Frequencies are
symspellpy's shipped English unigram and bigram lists, read through ``Lexicon.count`` and
``Lexicon.bigram``; where they lack a pair, the domain n-grams (State Department prose,
``Lexicon.ngram``) and then the batch's own word pairs (``BatchVocabulary.bigrams``) give it.
"""

from __future__ import annotations

import itertools
import logging
import math

from pipeline.stages.correct.candidates import Candidate
from pipeline.stages.correct.document import Doc
from pipeline.stages.correct.tokens import SENTENCE_END, WORDISH, Token

log = logging.getLogger(__name__)

BIGRAM_SCALE = 45.0  # the bigram file's counts run ~45x the unigram file's (measured)
BIGRAM_BACKOFF = 0.4
UNIGRAM_TOTAL = 541_808_760_578  # sum of the shipped unigram counts
DOMAIN_MIN = 2  # a domain bigram seen this often is context (the file keeps counts >= 2)
BATCH_MIN = 2  # a word pair the batch has this often (elsewhere too) is context
CONTEXT_DISCOUNT = 0.5  # the domain and batch corpora are small: their estimates run high


def rank(
    doc: Doc,
    tok: Token,
    cands: list[Candidate],
    around: tuple[str | None, str | None] | None = None,
) -> list[float]:
    """Score ``cands`` in place, sort them best first and keep ``config.max_candidates``; return
    their probabilities (softmax of the scores over all candidates, rounded to 3 places).

    ``around`` (lowercase words or None) replaces the token's neighbours: a piece of a
    hyphenated word stands beside the other pieces (``pre`` in ``a pre-selected value``
    has ``a`` before it and ``selected`` after), not beside the compound's neighbours."""
    cfg = doc.config
    prev_low = neighbour(doc, tok.index, -1) if around is None else around[0]
    for c in cands:
        next_low = neighbour(doc, tok.index + c.tokens - 1, +1) if around is None else around[1]
        score, support = context_score(doc, prev_low, c.text, next_low, c.count)
        c.in_doc = doc.forms.get(c.text, 0) > 0
        c.bigram_support = support
        c.score = score - cfg.edit_weight * c.alignment.cost
    cands.sort(key=lambda c: (-c.score, c.alignment.cost, c.text))
    top = cands[0].score
    weights = [math.exp(c.score - top) for c in cands]
    z = sum(weights)
    del cands[cfg.max_candidates :]
    return [round(w / z, 3) for w in weights[: len(cands)]]


def context_score(
    doc: Doc,
    prev_low: str | None,
    text: str,
    next_low: str | None,
    count: int,
    shipped: tuple[bool, bool] = (False, False),
) -> tuple[float, bool]:
    """``(score, support)``: the log-probability (natural log) of ``text`` (lowercase, a space
    in a split; its unigram count ``count``) between ``prev_low`` and ``next_low`` (lowercase
    words or None), without the edit cost, and whether a known pair backs it either side.

    Each side's pair comes from the shipped bigrams, failing them from the State and batch
    context (``context_prob``), failing both a back-off bounded by the shipped list's floor.
    ``shipped`` (left, right) asks that side's shipped bigrams alone: a pair they lack scores
    the floor's bound, as when no source has it (the list keeps every pair above its floor,
    so a pair it lacks is rarer than that, whatever a small corpus's count says)."""
    lex = doc.lexicon
    words = text.split(" ")
    first, last = words[0], words[-1]
    p = max(count, 1) / UNIGRAM_TOTAL
    score = math.log(p)
    support = False
    bmin = lex.bigram_min
    if prev_low is not None:
        b = lex.bigram(prev_low, first)
        cp = max(lex.count(prev_low), 1)
        ctx = None if b or shipped[0] else context_prob(doc, prev_low, first)
        if b:
            score = math.log(b / (BIGRAM_SCALE * cp))
            support = True
        elif ctx is not None:
            score = math.log(ctx)
            support = True
        else:
            score = math.log(min(p, BIGRAM_BACKOFF * bmin / (BIGRAM_SCALE * cp)))
    for left, right in itertools.pairwise(words):  # a split's inner pairs
        b = lex.bigram(left, right)
        score += math.log(max(b, 1) / (BIGRAM_SCALE * max(lex.count(left), 1)))
    if next_low is not None:
        p_next = max(lex.count(next_low), 1) / UNIGRAM_TOTAL
        b = lex.bigram(last, next_low)
        ctx = None if b or shipped[1] else context_prob(doc, last, next_low)
        if b:
            score += math.log(b / (BIGRAM_SCALE * max(lex.count(last), 1)) / p_next)
            support = True
        elif ctx is not None:
            score += math.log(ctx / p_next)
            support = True
        else:
            bound = BIGRAM_BACKOFF * bmin / (BIGRAM_SCALE * max(lex.count(last), 1))
            score += math.log(min(p_next, bound) / p_next)
    return score, support


def context_prob(doc: Doc, first: str, second: str) -> float | None:
    """P(``second`` | ``first``) from the domain n-grams (State Department prose, counts of at
    least ``DOMAIN_MIN``) or, failing them, from the batch's own word pairs (at least
    ``BATCH_MIN`` occurrences), discounted by ``CONTEXT_DISCOUNT`` since these corpora are small;
    None when neither has the pair."""
    lex = doc.lexicon
    pair = f"{first} {second}"
    n = lex.ngram(pair)
    if n >= DOMAIN_MIN:
        return CONTEXT_DISCOUNT * n / max(lex.ngram(first), n)
    vocab = doc.vocabulary
    if vocab is not None:
        n = vocab.bigrams.get(pair, 0)
        if n >= BATCH_MIN:
            return CONTEXT_DISCOUNT * n / max(vocab.counts.get(first, 0), n)
    return None


def with_chance(probs: list[float], chance: float) -> list[float]:
    """``probs`` (the candidates' probabilities, best first) with the top one replaced by
    ``chance``, the calibrated probability that it is right, and the others sharing the rest in
    their proportions (rounded to 3 places), none above the top: the list stays in the ranking's
    order, as the review shows it (a low chance leaves the rest to the original, not to the
    second candidate: "Non-lexican" → "Non-lexicon" 0.49 was shown above "Non-lexical" 0.51).
    The ranking's softmax orders candidates; on
    development rows the calibrated chance orders proposals far better (area under the ROC
    curve 0.90 against 0.71 for the ranking's margin, ``bench/calibrate.py`` rows the rules do
    not apply), so a proposal's top probability, which the review queue sorts by, is that.

    >>> with_chance([0.6, 0.3, 0.1], 0.9)
    [0.9, 0.075, 0.025]
    >>> with_chance([1.0], 0.4)
    [0.4]
    >>> with_chance([0.9, 0.1], 0.3)
    [0.3, 0.3]
    """
    rest = sum(probs[1:])
    top = round(chance, 3)
    others = [min(top, round((1 - chance) * p / rest, 3)) if rest else 0.0 for p in probs[1:]]
    return [top, *others]


def rank_single(cands: list[Candidate]) -> list[float]:
    """Probabilities for candidates that are not ranked against each other (a lexicon compound):
    1.0 each.

    >>> rank_single([])
    []
    """
    return [1.0 for _ in cands]


def neighbour(doc: Doc, index: int, step: int) -> str | None:
    """The adjacent word (``step`` -1 or +1) in the same sentence, lowercased, or None at a
    boundary: punctuation between, a blank line, or a neighbour that is not a plain word."""
    j = index + step
    if j < 0 or j >= len(doc.tokens):
        return None
    here, there = doc.tokens[index], doc.tokens[j]
    if step < 0 and (there.trail.endswith(SENTENCE_END) or here.lead or there.trail):
        return None
    if step > 0 and (here.trail or there.lead):
        return None
    if there.line != here.line and doc.text[here.end : there.start].count("\n") > 1:
        return None
    return there.low if WORDISH.match(there.core) else None
