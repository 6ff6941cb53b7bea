"""Real-word errors: an English word OCR made out of another by a letter-shape confusion.

Why a module: the dictionary path never sees these (``lie`` for ``he``, ``bad`` for ``had``,
``tho`` for ``the``, ``chan`` for ``than`` are all English words), yet on BLN600 dev they are the
largest class of single-word errors after non-words (1.5 WER points). Only context can tell them:
``lie said`` and ``bad been`` are pairs English does not make, ``he said`` and ``had been`` are.

For a lowercase English word with a plain word on each side in the same sentence, the candidates
are the English words one letter-shape confusion away (the channel's ``OCR_CONFUSIONS`` and the
shapes that make real words of real words on BLN600 dev: ``b``/``h``, ``e``/``a``, ``a``/``u``,
``i``/``h``), at least as common as the word read, a tenth of it. Each is weighed by the
bigram model (symspellpy's bigrams, then the State Department n-grams and the batch's pairs,
``rank.context_prob``) on both sides:

    log-odds = [log P(cand | prev) + log P(next | cand)] - [log P(word | prev) + log P(next | word)]

A pair the model lacks is given the pruned list's upper bound, so an unknown pair never counts
against what OCR read more than the list can say. The evidence is a ``RealWordEvidence`` (the
log-odds, which sides the model knows, the channel's edit); the change is applied only when the
context is decisive (both pairs of the candidate known, neither of the word's, log-odds at least
``APPLY_LOG_ODDS``) and proposed when it is strong (``PROPOSE_LOG_ODDS``), else left.

Short non-words (``tbe``, ``wvas``, ``thle``, ``ot``) go the same way, read against the
commonest English words (``SHORT_MIN_COUNT``) one edit or one letter-shape confusion away, or
two of them run together: the form itself is no word, so the question is only which reading the
neighbours prefer, by how much (the log-odds over the runner-up, channel cost included), and
whether the edit is one OCR makes of print (``shape_slip``: a letter-shape confusion, a thin
stroke read as a letter, a letter read as another of its shape family). A two-letter one read by
a slip measured to make the commonest two-letter words non-words (``SHORT_PAIR_SLIPS``: ``oi``,
``ot`` for of, ``en`` for on, ``ia`` for in) needs only a margin over the runner-up, whose pairs
the model may know too (``pair_slip``).
"""

from __future__ import annotations

import itertools
import logging
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from pipeline.core.enums import CorrectionDecision
from pipeline.core.results import APPLIED, PROPOSED, Correction
from pipeline.lexicon import Lexicon
from pipeline.lexicon.memo import lexicon_memo
from pipeline.stages.correct.candidates import SPLIT_COST, Candidate
from pipeline.stages.correct.channel import (
    EDIT_COST,
    OCR_CONFUSIONS,
    OCR_COST,
    Alignment,
    Edit,
    align,
)
from pipeline.stages.correct.document import Doc, caps_context
from pipeline.stages.correct.rank import (
    BIGRAM_BACKOFF,
    BIGRAM_SCALE,
    CONTEXT_DISCOUNT,
    DOMAIN_MIN,
    UNIGRAM_TOTAL,
    neighbour,
)
from pipeline.stages.correct.records import cased, record
from pipeline.stages.correct.tokens import Token

log = logging.getLogger(__name__)

#: Shapes OCR confuses that turn one real word into another (what OCR printed, what the paper
#: says; used both ways): the channel's confusions and, measured on BLN600 dev's real-word
#: errors, ``e``/``a`` (``end`` for and), ``a``/``u`` (``bat`` for but), ``i``/``h`` and
#: ``il``/``h`` (``tie``, ``tile`` for the: an ``h`` whose bowl is lost), ``c``/``t`` (``chan``).
SHAPES: tuple[tuple[str, str], ...] = (
    *((a, b) for a, b in OCR_CONFUSIONS if a.isalpha() and b.isalpha()),
    ("e", "a"),
    ("a", "u"),
    ("i", "h"),
    ("il", "h"),
    ("c", "t"),
)
#: A candidate must be at least this share as common as the word read: OCR turns a common word
#: into a rarer one far more often than the reverse (and it spares the look-ups for most words).
MIN_COUNT_RATIO = 0.1
#: Candidates must be this common (symspellpy counts): rare words are not worth the risk.
MIN_CANDIDATE_COUNT = 1_000_000
#: Log-odds (natural log) at which context decides, with both of the candidate's pairs known
#: and neither of the word's: applied (e^7 ≈ 1,100 : 1; BLN600 dev: 172 right, 3 wrong) …
APPLY_LOG_ODDS = 7.0
#: … and with one of the word's pairs known too (e^8 ≈ 3,000 : 1; dev: 46 right, none wrong) …
APPLY_LOG_ODDS_ONE_KNOWN = 8.0
#: … and proposed (e^6 ≈ 400 : 1; dev: top candidate right 4 times in 5; at 5, 1 in 2).
PROPOSE_LOG_ODDS = 6.0
#: Words this short are left to the reviewer (``be``/``he``, ``in``/``is``: each a common word
#: where the other is), except an application, which needs decisive context anyway.
MIN_LENGTH = 2


@dataclass(frozen=True, slots=True)
class RealWordEvidence:
    """What the language model says about reading ``word`` as ``candidate`` where it stands.

    ``log_odds`` is the natural-log ratio of the two readings' bigram probabilities with their
    neighbours ``prev`` and ``next`` (positive: the candidate fits better); ``cand_known`` and
    ``word_known`` count the sides (0-2) on which the model knows the pair; ``edit`` is the
    letter-shape confusion between them.
    """

    word: str
    candidate: str
    prev: str
    next: str
    log_odds: float
    cand_known: int
    word_known: int
    edit: Edit

    @property
    def decisive(self) -> bool:
        """Context alone settles it: a neighbour on each side, the candidate's pairs both known,
        and the odds at least ``APPLY_LOG_ODDS`` (``APPLY_LOG_ODDS_ONE_KNOWN`` when one of the
        word's pairs is known too)."""
        if not (self.prev and self.next) or self.cand_known < 2 or self.word_known > 1:
            return False
        need = APPLY_LOG_ODDS if self.word_known == 0 else APPLY_LOG_ODDS_ONE_KNOWN
        return self.log_odds >= need

    @property
    def strong(self) -> bool:
        """Worth a reviewer's look: the model knows more of the candidate's pairs than of the
        word's, and the odds are at least ``PROPOSE_LOG_ODDS``."""
        return self.cand_known > self.word_known and self.log_odds >= PROPOSE_LOG_ODDS


def shape_variants(low: str) -> tuple[tuple[str, Edit], ...]:
    """The strings one letter-shape confusion (``SHAPES``, both ways) from ``low``, with the
    edit; not filtered by any dictionary. Not remembered: its callers remember their own
    answers (``_candidates``, ``_short_candidates``), and a cache of its own met one ask in 25
    on BLN600 dev while holding some 120k objects the collector walked in every full
    collection (about 3 % of the stage's time).

    >>> ("he", Edit("ocr", "li", "h")) in shape_variants("lie")
    True
    """
    out: dict[str, Edit] = {}
    for seen, meant, edit in _SHAPE_EDITS:
        k = low.find(seen)
        while k != -1:
            v = low[:k] + meant + low[k + len(seen) :]
            if v != low and v not in out:
                out[v] = edit
            k = low.find(seen, k + 1)
    return tuple(out.items())


#: ``SHAPES`` both ways, in ``shape_variants``' order, each with its edit (made once: an
#: ``Edit`` is a value, and making one per variant was a third of the function's cost).
_SHAPE_EDITS = tuple(
    (seen, meant, Edit("ocr", seen, meant)) for x, y in SHAPES for seen, meant in ((x, y), (y, x))
)


# ``lru_cache`` (in C) here, not ``lexicon_memo``: asked for every English word (BLN600 dev:
# 150k asks, 8k answers), a Python wrapper costs more than the collector saves on its keys.
@lru_cache(maxsize=16384)
def _candidates(lex: Lexicon, low: str) -> tuple[tuple[str, Edit], ...]:
    """The ``shape_variants`` of ``low`` that are common English words (not names), at least
    ``MIN_COUNT_RATIO`` as common as ``low``: context-free, so cached per word (most of a
    text's words are its few hundred commonest)."""
    floor = max(MIN_CANDIDATE_COUNT, MIN_COUNT_RATIO * lex.count(low))
    return tuple(
        (v, e)
        for v, e in shape_variants(low)
        if lex.count(v) >= floor and lex.is_english(v) and not lex.is_proper_noun(v)
    )


@lexicon_memo(65536)
def _pair_logp(lex: Lexicon, first: str, second: str) -> tuple[float, bool]:
    """log P(second | first) from the bigram model (symspellpy's bigrams, then the State
    Department n-grams), and whether the model knows the pair; an unknown pair gets the pruned
    list's upper bound, capped by the unigram probability. The batch's own pairs are not asked:
    they hold OCR's misreadings too (``bad been`` twice in a batch is no evidence for it).
    Cached: the same pairs recur."""
    b = lex.bigram(first, second)
    cf = max(lex.count(first), 1)
    if b:
        return math.log(b / (BIGRAM_SCALE * cf)), True
    n = lex.ngram(f"{first} {second}")
    if n >= DOMAIN_MIN:
        return math.log(CONTEXT_DISCOUNT * n / max(lex.ngram(first), n)), True
    bound = BIGRAM_BACKOFF * lex.bigram_min / (BIGRAM_SCALE * cf)
    return math.log(min(bound, max(lex.count(second), 1) / UNIGRAM_TOTAL)), False


def _fit(lex: Lexicon, prev: str | None, word: str, nxt: str | None) -> tuple[float, int]:
    """log P(word | prev) + log P(next | word) - log P(next) (a side with no neighbour: log
    P(word) for the left, 0 for the right), and how many of the two outer pairs the model
    knows. ``word`` may be two words (a split, ``a few``): their inner pair is scored too and
    must be known, else the fit is -inf."""
    words = word.split(" ")
    first, last = words[0], words[-1]
    known = 0
    if prev is None:
        score = math.log(max(lex.count(first), 1) / UNIGRAM_TOTAL)
    else:
        score, k = _pair_logp(lex, prev, first)
        known += k
    for left, right in itertools.pairwise(words):
        inner, k = _pair_logp(lex, left, right)
        if not k:
            return -math.inf, known
        score += inner
    if nxt is not None:
        right, k = _pair_logp(lex, last, nxt)
        score += right - math.log(max(lex.count(nxt), 1) / UNIGRAM_TOTAL)
        known += k
    return score, known


def evidence(doc: Doc, tok: Token) -> RealWordEvidence | None:
    """The best real-word reading of ``tok`` (a lowercase English word with a plain word on
    each side in its sentence) with its evidence, or None when there is none to weigh (no
    candidate, no neighbour the model knows, or both of the word's pairs known: ``_best``)."""
    low = tok.low
    lex = doc.lexicon
    cands = _candidates(lex, low)
    if not cands:
        return None
    prev, nxt = _known_neighbours(doc, tok)
    if prev is None and nxt is None:
        return None
    return _best(lex, prev, low, nxt)


def _known_neighbours(doc: Doc, tok: Token) -> tuple[str | None, str | None]:
    """The plain words before and after ``tok`` in its sentence, each None when there is none
    or the unigram list does not know it (a name, OCR noise says nothing)."""
    lex = doc.lexicon
    prev = neighbour(doc, tok.index, -1)
    nxt = neighbour(doc, tok.index, +1)
    return (
        prev if prev is not None and lex.count(prev) > 0 else None,
        nxt if nxt is not None and lex.count(nxt) > 0 else None,
    )


@lexicon_memo(65536)
def _best(lex: Lexicon, prev: str | None, low: str, nxt: str | None) -> RealWordEvidence | None:
    """``evidence`` for ``low`` between ``prev`` and ``nxt``: cached, the same three words
    recur. None when the model knows both of the word's own pairs: no reading can then know
    more pairs than the word, so none could be ``strong`` (the candidates are not scored)."""
    base, base_known = _fit(lex, prev, low, nxt)
    if base_known == 2:
        return None
    best: RealWordEvidence | None = None
    for v, e in _candidates(lex, low):
        score, known = _fit(lex, prev, v, nxt)
        ev = RealWordEvidence(low, v, prev or "", nxt or "", score - base, known, base_known, e)
        if best is None or ev.log_odds > best.log_odds:
            best = ev
    return best


def best_reading(lex: Lexicon, prev: str, low: str, nxt: str) -> RealWordEvidence | None:
    """``evidence`` for the word ``low`` between the words ``prev`` and ``nxt`` (lowercase,
    read by the caller: past a speck, ``structure``; ``batchread``: the batch's other places),
    or None: no candidate, or the model knows both of the word's pairs."""
    return _best(lex, prev, low, nxt) if _candidates(lex, low) else None


def has_readings(lex: Lexicon, low: str) -> bool:
    """Has the English word ``low`` (small letters) readings ``realword_fix`` weighs at all? Not
    when it is shorter than ``MIN_LENGTH`` or no common word is one letter-shape confusion
    from it (``_candidates``): then ``realword_fix`` is None wherever it stands."""
    return len(low) >= MIN_LENGTH and bool(_candidates(lex, low))


def realword_fix(
    doc: Doc,
    tok: Token,
    occurrences: Counter[str],
    beyond: Callable[[Doc, Token, RealWordEvidence], str] | None = None,
) -> Correction | None:
    """The record for a real-word error at ``tok`` (applied when the context is decisive,
    proposed when it is strong), or None. ``beyond`` may turn a proposal into an application:
    asked for the evidence beyond the neighbours (``batchread.batch_realword``), it returns
    the reason's words for it, "" for none."""
    if len(tok.low) < MIN_LENGTH or not tok.core.islower() or not tok.core.isalpha():
        return None
    ev = evidence(doc, tok)
    if ev is None or not ev.strong:
        return None
    if ev.decisive:
        return realword_record(doc, tok, ev, APPLIED, "", occurrences)
    more = beyond(doc, tok, ev) if beyond is not None else ""
    return realword_record(doc, tok, ev, APPLIED if more else PROPOSED, more, occurrences)


#: The chance shown for a real-word proposal (its top candidate right): the share right of the
#: real-word proposals judged on the JFK dev documents of ``bench.proposals_dev``
#: (``python -m bench.proposals_breakdown``, session 30: 32 of 39 places, "real-word"), the
#: calibrated model having no rows of them to judge one by one.
PROPOSED_CHANCE = 0.82


def realword_record(
    doc: Doc,
    tok: Token,
    ev: RealWordEvidence,
    decision: CorrectionDecision,
    more: str,
    occurrences: Counter[str],
) -> Correction:
    """The record reading ``tok`` as ``ev.candidate`` with ``decision``; ``more`` is evidence
    beyond the neighbours, added to the reason after them ("" for none)."""
    repl = cased(ev.candidate, tok.core, None)
    if caps_context(doc, tok):
        repl = repl.upper()  # ``WHETHER if WILL``: the small letters are a misread too
    cand = Candidate(
        ev.candidate,
        None,
        "English dictionary",
        Alignment(OCR_COST, (ev.edit,)),
        score=ev.log_odds,
        bigram_support=True,
        count=doc.lexicon.count(ev.candidate),
    )
    fits = (
        f"'{ev.prev} {ev.candidate} {ev.next}' fits where '{ev.prev} {ev.word} {ev.next}' does not"
    )
    text = (
        f"{tok.core} → {repl}: real-word error, {ev.edit.describe()}, {fits} "
        f"(context log-odds {ev.log_odds:.1f}, pairs known {ev.cand_known} vs {ev.word_known})"
        f"{more}"
    )
    if decision == PROPOSED:
        # Not the sigmoid of the log-odds (1.00 for ``roosted`` → roasted where the context
        # is not decisive): the calibrated model has no rows of real-word proposals (only of
        # the path's applications, ``bench/calibrate.py``), so the chance shown is their kind's
        # share right on judged dev material.
        text += (
            "; proposed, not applied: context is not decisive (likelihood "
            f"{PROPOSED_CHANCE:.2f}: real-word proposals' share right on dev, not this word's)"
        )
        p = PROPOSED_CHANCE
    else:
        p = 1 / (1 + math.exp(-ev.log_odds))
    ranked = [(repl, round(p, 3)), (tok.core, round(1 - p, 3))]
    return record(doc, tok, tok.end, tok.core, repl, ranked, decision, text, cand, occurrences)


def own_fit(lex: Lexicon, prev: str, low: str, nxt: str) -> bool:
    """Does the model know both of the word ``low``'s own pairs with ``prev`` and ``nxt``?"""
    return _fit(lex, prev, low, nxt)[1] == 2


#: Short non-words read by context have at most this many letters (``ot``, ``tbe``, ``wvas``).
SHORT_MAX = 4
#: … and their candidates must be this common (symspellpy counts; ``the``, ``was``, ``of``).
SHORT_MIN_COUNT = 10_000_000
#: Log-odds over the runner-up (channel cost included) at which the neighbours decide the
#: reading of a short non-word of the dictionary path's length (three letters or more), both
#: of the reading's pairs known and the edit a ``shape_slip`` (BLN600 dev: three letters 109
#: right of 110, four letters 131 of 137, several of the rest splits the gold aligns apart).
SHORT_APPLY_LOG_ODDS = 4.0
#: Letters thin enough that a speck or a stroke of the next letter is read as one (``thle``,
#: ``anid``, ``tlie``), and ``v``, the second stroke of a ``w`` read apart (``wvas``).
THIN_GLYPHS = frozenset("iltrfj1'v")
#: Families of letters OCR reads as one another on worn type: ascenders (``ber``/``her``,
#: ``tle``/``the``), round letters (``wes``/``was``, ``en``/``on``), arches (``au``/``an``) and
#: the v-shapes.
SHAPE_FAMILIES = ("bhltfik", "eocas", "nuarmh", "vyw")


#: Letter-shape slips that make the commonest two-letter words non-words (what OCR printed, what
#: the paper says; one way only): ``oi``/``ot`` for of (an ``f`` whose crossbar or hook is lost),
#: ``en``/``ef`` for on/of, ``ia`` for in. Measured on BLN600 dev half A (``bench.dev_halves``):
#: of the single edits of two-letter non-words whose top reading had both pairs known, the
#: letter-shape ones (a channel confusion or a ``SHAPE_FAMILIES`` pair) right at least twice and
#: never wrong there: right 4, 5, 4 and 2 times; half B, unseen: 12 right, none wrong. Others
#: (``d``/``o``, ``a``/``o``, ``u``/``n``) were wrong there: left to the decisive rule.
SHORT_PAIR_SLIPS = frozenset({("i", "f"), ("t", "f"), ("e", "o"), ("a", "n")})
#: Log-odds over the runner-up (channel cost included) at which a ``SHORT_PAIR_SLIPS`` reading
#: of a two-letter non-word is applied though the runner-up's pairs are known too (``en``: on
#: or in?): on half A every such reading was right from 1.6 up; 2 (about 7 : 1) keeps a margin.
SHORT_PAIR_LOG_ODDS = 2.0


def pair_slip(ev: RealWordEvidence, alignment: Alignment) -> bool:
    """Do the neighbours decide a two-letter non-word read by a ``SHORT_PAIR_SLIPS`` edit: a
    neighbour each side, both of the reading's pairs known, ``SHORT_PAIR_LOG_ODDS`` over the
    runner-up? (``short_word_fix``'s second way to apply, the runner-up's pairs known or not.)

    >>> e = RealWordEvidence("en", "on", "it", "the", 3.0, 2, 2, Edit("ocr", "e", "o"))
    >>> pair_slip(e, Alignment(OCR_COST, (e.edit,)))
    True
    >>> pair_slip(e, Alignment(OCR_COST, (Edit("ocr", "a", "o"),)))
    False
    """
    if len(ev.word) != 2 or len(alignment.edits) != 1 or not (ev.prev and ev.next):
        return False
    e = alignment.edits[0]
    if e.kind not in ("ocr", "substitution") or (e.seen, e.meant) not in SHORT_PAIR_SLIPS:
        return False
    return ev.cand_known == 2 and ev.log_odds >= SHORT_PAIR_LOG_ODDS


def shape_slip(alignment: Alignment) -> bool:
    """Is ``alignment`` one edit OCR makes of print: a letter-shape confusion (the channel's
    ``ocr``), words run together, a ``THIN_GLYPHS`` letter too many, or a letter read as
    another of its ``SHAPE_FAMILIES``?

    >>> shape_slip(Alignment(1.0, (Edit("extra", "l", ""),)))
    True
    >>> shape_slip(Alignment(1.0, (Edit("substitution", "g", "e"),)))
    False
    """
    if len(alignment.edits) != 1:
        return False
    e = alignment.edits[0]
    if alignment.ocr_only or e.kind == "space-missing":
        return True
    if e.kind == "extra":
        return e.seen in THIN_GLYPHS
    if e.kind == "substitution":
        return any(e.seen in f and e.meant in f for f in SHAPE_FAMILIES)
    return False


@lexicon_memo(16384)
def _short_candidates(lex: Lexicon, low: str) -> tuple[tuple[str, Alignment], ...]:
    """Very common English words one edit or one letter-shape confusion from ``low``, with the
    channel's alignment (cost in arbitrary edits, an OCR confusion ``OCR_COST``)."""
    found: dict[str, Alignment] = {}
    terms = [item.term for item in lex.lookup(low, 1)]
    terms += [v for v, _ in shape_variants(low)]
    for term in terms:
        if term in found or term == low or lex.count(term) < SHORT_MIN_COUNT:
            continue
        if not lex.is_english(term) or lex.is_proper_noun(term):
            continue
        alignment = align(low, term)
        if alignment is None or alignment.cost > EDIT_COST:
            continue
        found[term] = alignment
    for k in range(1, len(low)):
        # ``afew``, ``wasa``: two very common words run together (a lone letter only ``a``).
        left, right = low[:k], low[k:]
        if (len(left) == 1 and left != "a") or (len(right) == 1 and right != "a"):
            continue
        if all(lex.is_english(w) and lex.count(w) >= SHORT_MIN_COUNT for w in (left, right)):
            edit = Edit("space-missing", low, f"{left} {right}")
            found[f"{left} {right}"] = Alignment(SPLIT_COST, (edit,))
    return tuple(found.items())


def short_evidence(doc: Doc, tok: Token) -> tuple[RealWordEvidence, Alignment] | None:
    """The best reading of ``tok``, a short lowercase non-word, with its evidence against the
    runner-up (``word_known``: the runner-up's known pairs; ``log_odds``: top over runner-up,
    channel cost included, 99 when there is no runner-up), or None."""
    lex = doc.lexicon
    if not _short_candidates(lex, tok.low):
        return None
    prev, nxt = _known_neighbours(doc, tok)
    if prev is None and nxt is None:
        return None
    return short_reading(lex, doc.config.edit_weight, prev, tok.low, nxt)


@lexicon_memo(65536)
def short_reading(
    lex: Lexicon, weight: float, prev: str | None, low: str, nxt: str | None
) -> tuple[RealWordEvidence, Alignment] | None:
    """``short_evidence`` for the short non-word ``low`` between the words ``prev`` and ``nxt``
    (lowercase, each None for no neighbour the unigram list knows; not both None), a channel
    cost weighing ``weight``; None when ``low`` has no candidate. Cached: the same three words
    recur, and ``batchread`` reads a form at each of its places in the batch."""
    cands = _short_candidates(lex, low)
    if not cands:
        return None
    scored = []
    for term, alignment in cands:
        fit, known = _fit(lex, prev, term, nxt)
        scored.append((fit - weight * alignment.cost, known, term, alignment))
    scored.sort(key=lambda t: (-t[0], t[2]))
    top = scored[0]
    odds, rival_known = (top[0] - scored[1][0], scored[1][1]) if len(scored) > 1 else (99.0, 0)
    edit = top[3].edits[0] if len(top[3].edits) == 1 else Edit("substitution", low, top[2])
    ev = RealWordEvidence(low, top[2], prev or "", nxt or "", odds, top[1], rival_known, edit)
    return ev, top[3]


def short_word_fix(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """The record for a short lowercase non-word (``tbe``, ``wvas``, ``ot``) whose reading
    context decides (applied: decisive with a letter-shape confusion, or a ``pair_slip``) or
    strongly suggests (proposed, below the dictionary path's ``min_length`` only), or None
    (the dictionary path then has it)."""
    low = tok.low
    if not 2 <= len(low) <= SHORT_MAX:
        return None
    if not tok.core.islower() or not tok.core.isalpha():
        return None
    if len(low) >= doc.config.min_length:
        # The dictionary path's length: it proposes such a word on its own policy (a
        # reviewer's one key); this path only applies, where the neighbours decide.
        return _short_applied(doc, tok, occurrences)
    found = short_evidence(doc, tok)
    if found is None:
        return None
    ev, alignment = found
    slip = pair_slip(ev, alignment)
    if not slip and (not ev.strong or ev.cand_known < 2):
        return None  # the dictionary path's own policy for short words decides
    # A plain letter substitution or deletion in a short word is as likely another word
    # (``esch`` was such, ``thic`` the; BLN600 dev: 6 of 8 wrong applications): applied only
    # for a letter-shape confusion or two words run together, or a measured two-letter slip.
    shape = alignment.ocr_only or alignment.edits[0].kind == "space-missing"
    decision = APPLIED if slip or (ev.decisive and shape) else PROPOSED
    repl = ev.candidate
    text = (
        f"{tok.core} → {repl}: English dictionary, {alignment.describe()}, "
        f"'{ev.prev} {ev.candidate} {ev.next}' fits the neighbouring words "
        f"(context log-odds {ev.log_odds:.1f} over the next reading, "
        f"pairs known {ev.cand_known} vs {ev.word_known})"
    )
    if decision == PROPOSED:
        text += "; proposed, not applied: context is not decisive"
    elif slip and not (ev.decisive and shape):
        text += f"; {alignment.describe()} is a slip that makes common two-letter words non-words"
    count = doc.lexicon.count(ev.candidate)
    return context_record(
        doc, tok, repl, alignment, ev.log_odds, count, decision, text, occurrences
    )


def _short_applied(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """The applied record for ``tok``, a short non-word of the dictionary path's length, when
    its neighbours decide its reading: both of the reading's pairs known, ``SHORT_APPLY_LOG_ODDS``
    over the runner-up, and a ``shape_slip``; else None. A word the lexicon knows (a name, a
    code) is not read."""
    lex = doc.lexicon
    if lex.is_english(tok.low) or lex.is_known(tok.core):
        return None
    if None in _known_neighbours(doc, tok):
        return None  # one side of evidence is not enough (the candidates are not looked up)
    found = short_evidence(doc, tok)
    if found is None:
        return None
    ev, alignment = found
    if not (ev.prev and ev.next) or ev.cand_known < 2 or ev.log_odds < SHORT_APPLY_LOG_ODDS:
        return None
    if not shape_slip(alignment):
        return None
    rival = (
        f"{min(ev.log_odds, 99.0):.1f} over the next reading"
        if ev.log_odds < 99
        else ("no other reading")
    )
    text = (
        f"{tok.core} → {ev.candidate}: short non-word, {alignment.describe()}, "
        f"'{ev.prev} {ev.candidate} {ev.next}' are pairs the model knows (context log-odds "
        f"{rival})"
    )
    count = min(lex.count(w) for w in ev.candidate.split(" "))
    return context_record(
        doc, tok, ev.candidate, alignment, ev.log_odds, count, APPLIED, text, occurrences
    )


def context_record(
    doc: Doc,
    tok: Token,
    repl: str,
    alignment: Alignment,
    log_odds: float,
    count: int,
    decision: CorrectionDecision,
    text: str,
    occurrences: Counter[str],
) -> Correction:
    """The record of reading ``tok`` as ``repl`` because its neighbours say so: the candidate
    (English dictionary, ``alignment``, bigram support, scored and ranked by ``log_odds``, the
    natural-log margin over the next reading, as a probability) with ``decision`` and the
    reason ``text``. ``count``: the candidate's (or its rarest part's) symspellpy count."""
    cand = Candidate(
        repl, None, "English dictionary", alignment, score=log_odds, bigram_support=True,
        count=count,
    )  # fmt: skip
    p = 1 / (1 + math.exp(-min(log_odds, 30.0)))
    return record(doc, tok, tok.end, tok.core, repl, [(repl, round(p, 3))], decision, text, cand,
                  occurrences)  # fmt: skip
