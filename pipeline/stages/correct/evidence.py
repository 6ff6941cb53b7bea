"""Evidence against an automatic change: a word the context prefers that the candidates missed.

Why: the candidate index answers with the words at the *closest* edit distance only (SymSpell's
``CLOSEST``), so where OCR damaged a word by two letters and a third word lies one letter away,
the ranking never sees the word that was printed: ``seie`` → see where the paper has "at the
same time", ``prieo`` → price for "removed to prison", ``confirsed`` → confirmed for "being
confined", ``tlitle`` → title for "the little girl", ``thte`` → the for "twenty three". On
BLN600 dev, 19 of the 72 wrong automatic changes were a wrong word where the context was
decisive (the second class after damage no reading undoes, 24; then gold errors, 14, and
changes of case, tokenisation, names). Nothing about the edit itself tells them from right
changes: the evidence is the neighbours'.

``context_rival`` asks the batch (a release is its own best context) for the words it writes
after the word before and before the word after (``BatchVocabulary.bigrams``, pairs seen at
least ``rank.BATCH_MIN`` times), keeps those within two edits of what OCR read, and scores
each against the candidate with the ranking's context model (``rank.rank``: the bigram models),
each edit costing ``RIVAL_EDIT_WEIGHT``. A rival preferred by ``RIVAL_MARGIN`` or more is
evidence the candidate is a misreading of the context, when the rival pairs with both
neighbours and the candidate does not (``gate.garbage_gate`` then proposes the change, the
rival as the next candidate). Only applications are asked, so the cost stays small.

Measured (``python -m bench.rival_gate``, BLN600 dev, 20 halvings by document): 8 changes have
such a rival (5 wrong, 3 right); the margin chosen on one half holds back, on the other, 0 to 2
more wrong changes than right ones (median 1, never fewer wrong than right). A small class
closed: most wrong rivals (``seie``/same, ``prieo``/prison) lack a pair on one side in the
batch, and where the pair test is dropped the rivals of right changes (``thom`` → them, rival
the) outnumber them.

``near_rival`` asks the dictionary instead (every common English word within two edits of what
OCR read, ``CandidateIndex.within``) and holds a change back where such a word, pairing with
one neighbour, is about as likely: the larger class on unseen documents (``bench.near_rivals``).
"""

from __future__ import annotations

import logging
import math
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from pipeline.stages.correct.channel import EDIT_COST, align
from pipeline.stages.correct.document import Doc
from pipeline.stages.correct.rank import BATCH_MIN, context_prob, context_score, neighbour
from pipeline.stages.correct.tokens import Token
from pipeline.stages.correct.vocabulary import BatchVocabulary

log = logging.getLogger(__name__)

#: How much better (in the ranking's log-probability units, natural log) a rival's score must
#: be than the candidate's for the change to be held back: the median of the margins chosen
#: out of fold on BLN600 dev (``python -m bench.rival_gate``: chosen on half of the documents,
#: judged on the other half, 20 halvings; chosen -2 to +4).
RIVAL_MARGIN = 1.0
#: What an edit costs a rival against the candidate, in the same units (the ranking's own
#: ``CorrectConfig.edit_weight`` is 4, which buries every two-edit rival): set on BLN600 dev
#: rows (0, 0.5, 1, 2 and 4 tried; with the pair test, 0 to 2 hold back the same changes).
RIVAL_EDIT_WEIGHT = 1.0
#: The most edits (OSA distance) between what OCR read and a rival.
RIVAL_DISTANCE = 2
#: Rivals no shorter than this: a short word has too many neighbours two edits away.
RIVAL_MIN_LENGTH = 3
#: Near rivals (``near_rival``) no rarer than this (symspellpy's counts): a rarer word seldom
#: beats a common one in context (BLN600 dev: at 1,000,000 the same wrong changes were held,
#: and 4 more right ones), and the all-within search is the costly part of the gate.
NEAR_MIN_COUNT = 5_000_000
#: How much *less* likely than the change's word (natural log) a near rival may be and still
#: hold the change back: "about as likely". Chosen on BLN600 dev's hard half A (``python -m
#: bench.near_rivals``: a wrong change held back weighed as 49 right ones, the bar's 0.98) and
#: judged on half B, where it raises precision 0.9880 -> 0.9887 (62 right, 2 wrong held); 20
#: random halvings choose -4 to 0 (median -1.5; -2 holds about 30 more right changes on each
#: half for 0 to 2 more wrong ones).
NEAR_MARGIN = -1.0
#: The same for a change by OCR confusions alone (``prieo`` → price for *prison*, rival +0.55;
#: ``hest`` → best for *chest*); None: such a change is not asked. A known misreading is
#: stronger evidence than an arbitrary edit, so its rival must be at least as likely, not
#: about as likely. Chosen out of fold (``python -m bench.near_rivals --kind confusion``,
#: the edit changes held at ``NEAR_MARGIN``): chosen on half A, 0.0, holds back 18 right and
#: 1 wrong change on half B (precision 0.9893 -> 0.9897); chosen on B, 0.0, holds 16 right
#: and 1 wrong on A (0.9853 -> 0.9856); 20 random halvings chose 0.0 (median; one chose
#: none) and held 209 right and 8 wrong on the judged halves, one wrong per 26 right against
#: the bar's 49. A right change held back is proposed with its word first.
NEAR_CONFUSION_MARGIN: float | None = 0.0


@dataclass(frozen=True)
class Rival:
    """A word the context prefers to the candidate: ``word`` (lowercase) and ``margin``, how
    much higher its ranking score is (natural log units)."""

    word: str
    margin: float
    #: found by ``near_rival`` (the dictionary's words near what OCR read), not the batch's
    near: bool = False


class _Neighbours:
    """The batch's word pairs as lookup tables: the words written after a word, and before
    one, each seen ``rank.BATCH_MIN`` times or more (built once per batch vocabulary)."""

    def __init__(self, vocab: BatchVocabulary) -> None:
        after: dict[str, list[str]] = defaultdict(list)
        before: dict[str, list[str]] = defaultdict(list)
        for pair, n in vocab.bigrams.items():
            if n < BATCH_MIN:
                continue
            first, _, second = pair.partition(" ")
            if len(second) >= RIVAL_MIN_LENGTH:
                after[first].append(second)
            if len(first) >= RIVAL_MIN_LENGTH:
                before[second].append(first)
        self.after = dict(after)
        self.before = dict(before)


#: The last batch vocabulary's tables (one batch at a time is corrected), with the vocabulary
#: itself, so its ``id`` cannot be reused while the entry stands.
_LAST: list[tuple[BatchVocabulary, _Neighbours]] = []


def _neighbours(vocab: BatchVocabulary) -> _Neighbours:
    if not _LAST or _LAST[0][0] is not vocab:
        _LAST[:] = [(vocab, _Neighbours(vocab))]
    return _LAST[0][1]


def context_rival(
    doc: Doc, tok: Token, low: str, target: str, at_least: float | None = None
) -> Rival | None:
    """The word the context prefers most to ``target`` (the change's replacement, lowercase,
    a space in a split) as the reading of ``low`` (what OCR read at token ``tok``, lowercase),
    when its ranking score beats ``target``'s by ``at_least`` (default ``RIVAL_MARGIN``) or
    more; else None. Rivals: English words within ``RIVAL_DISTANCE`` edits of ``low``, of
    ``RIVAL_MIN_LENGTH`` letters or more, that the batch writes after the word before or before
    the word after and that pair with both (``both_sides``), where ``target`` does not (no
    batch vocabulary, or no plain word either side: None)."""
    vocab = doc.vocabulary
    if vocab is None or not vocab.bigrams:
        return None
    prev_low = neighbour(doc, tok.index, -1)
    next_low = neighbour(doc, tok.index, +1)
    if prev_low is None or next_low is None or both_sides(doc, prev_low, target, next_low):
        return None  # a rival must pair with both neighbours, and the candidate must not
    tables = _neighbours(vocab)
    pool = set(tables.after.get(prev_low, ()))
    pool.update(tables.before.get(next_low, ()))
    lex = doc.lexicon
    size = len(low)
    words = [
        w
        for w in pool
        if w != target
        and w != low
        and abs(len(w) - size) <= RIVAL_DISTANCE
        and OSA.distance(low, w, score_cutoff=RIVAL_DISTANCE) <= RIVAL_DISTANCE
        and lex.is_english(w)
    ]
    if not words:
        return None
    scored = _against(doc, (prev_low, next_low), low, target, words)
    best: Rival | None = None
    for w, (ctx, cost) in scored.items():
        if not both_sides(doc, prev_low, w, next_low):
            continue
        margin = ctx - RIVAL_EDIT_WEIGHT * cost
        if best is None or (margin, w) > (best.margin, best.word):
            best = Rival(w, margin)
    if best is None or best.margin < (RIVAL_MARGIN if at_least is None else at_least):
        return None
    return best


def near_rival(
    doc: Doc, tok: Token, low: str, target: str, at_least: float | None = None
) -> Rival | None:
    """The word about as likely as ``target`` (lowercase) as the reading of ``low`` (what OCR
    read at ``tok``, lowercase) that beats it most, when its margin is ``at_least`` (default
    ``NEAR_MARGIN``) or more, ``NEAR_CONFUSION_MARGIN`` when ``target`` is reached by OCR
    confusions alone (costing less than one arbitrary edit, ``channel.EDIT_COST``: a known
    misreading is stronger evidence); else None (also for diacritic noise alone). Rivals:
    every English word within two edits of ``low`` of count ``NEAR_MIN_COUNT`` or more
    (``CandidateIndex.within``: the candidates hold only the closest; one OCR confusion is
    two edits at most), that pair with at least one neighbour (``one_side``). Margin: the
    ranking's context score (``rank.context_score``, both neighbours; a side the shipped
    bigrams back ``target`` on judges the rival from them alone: ``_against``) over
    ``target``'s, each edit more costing ``RIVAL_EDIT_WEIGHT``, plus the log of how much
    more often the batch writes the rival than ``target`` (add-one counts; the document's own
    without a batch): a release is its own best prior.

    Why: on BLN600 dev's hard half most wrong changes were such a rival (``gtive`` → give
    for *gave*, ``halnd`` → hand for *band*, ``montl`` → month for *months*): nothing in the
    edit tells them from right changes, and one neighbour each side often cannot either, so
    a change with such a rival is proposed with the rival second, at the cost of right
    changes that had one (``bench.near_rivals`` at ``NEAR_MARGIN``: 52 right and 13 wrong held
    on the hard half A, 62 and 2 on B). Changes by OCR confusions alone have their own,
    higher margin: among those with such a rival, right changes outnumbered wrong ones 17 to
    1 on dev, against 8 to 1 for the rest."""
    prev_low = neighbour(doc, tok.index, -1)
    next_low = neighbour(doc, tok.index, +1)
    if prev_low is None and next_low is None:
        return None
    plain = _undotted(low)
    alignment = align(plain, target)
    if plain == target or alignment is None:
        return None  # diacritic noise (``respondéd``)
    confusion = alignment.cost < EDIT_COST  # OCR confusions alone
    floor = at_least
    if floor is None:
        floor = NEAR_CONFUSION_MARGIN if confusion else NEAR_MARGIN
    if floor is None:
        return None
    words = [
        w for w in near_words(doc, low) if w != target and one_side(doc, prev_low, w, next_low)
    ]
    if not words:
        return None
    scored = _against(doc, (prev_low, next_low), low, target, words)
    counts = doc.vocabulary.counts if doc.vocabulary is not None else doc.forms
    base_prior = math.log(counts.get(target, 0) + 1)
    best: Rival | None = None
    for w, (ctx, cost) in scored.items():
        margin = ctx - RIVAL_EDIT_WEIGHT * cost + math.log(counts.get(w, 0) + 1) - base_prior
        if best is None or (margin, w) > (best.margin, best.word):
            best = Rival(w, margin, near=True)
    if best is None or best.margin < floor:
        return None
    return best


def is_confusion(low: str, target: str) -> bool:
    """Is ``target`` (lowercase) reached from ``low`` (what OCR read, lowercase, marks and
    all) by OCR confusions alone, cheaper than one arbitrary edit (``channel.EDIT_COST``)?
    Diacritic noise alone (``respondéd``) is not.

    >>> is_confusion("tlie", "the"), is_confusion("gtive", "give"), is_confusion("sé", "se")
    (True, False, False)
    """
    plain = _undotted(low)
    alignment = align(plain, target)
    return plain != target and alignment is not None and alignment.cost < EDIT_COST


def _undotted(low: str) -> str:
    """``low`` without combining marks (``respondéd`` → ``responded``): the letters OCR read.

    >>> _undotted("séction")
    'section'
    """
    return "".join(ch for ch in unicodedata.normalize("NFD", low) if not unicodedata.combining(ch))


#: ``low`` -> its near words (``near_words``), for the lexicon they were found in.
_NEAR: dict[str, tuple[str, ...]] = {}
_NEAR_OF: list[object] = []


def near_words(doc: Doc, low: str) -> tuple[str, ...]:
    """English words within two edits of ``low`` (common ones), ``RIVAL_MIN_LENGTH`` letters
    or more, not ``low`` (remembered per lexicon). One OCR confusion is at most two edits
    (``rn`` → m, ``li`` → h), so its variants are among them."""
    lex = doc.lexicon
    if not _NEAR_OF or _NEAR_OF[0] is not lex or len(_NEAR) > 1 << 14:
        _NEAR.clear()
        _NEAR_OF[:] = [lex]
    found = _NEAR.get(low)
    if found is None:
        pool = lex.index.within(low, RIVAL_DISTANCE, NEAR_MIN_COUNT)
        found = _NEAR[low] = tuple(
            w for w in pool if len(w) >= RIVAL_MIN_LENGTH and lex.is_english(w)
        )
    return found


def one_side(doc: Doc, prev_low: str | None, word: str, next_low: str | None) -> bool:
    """Does ``word`` make a known pair with the word before or the word after: in the shipped
    bigrams, or seen ``rank.BATCH_MIN`` times in the batch? (Not the State n-grams, which
    ``both_sides`` also asks: a look-up there costs ten dictionary probes, and most of the
    near words pair with nothing; the ranking still reads them.)"""
    lex = doc.lexicon
    pairs = doc.vocabulary.bigrams if doc.vocabulary is not None else {}
    return (
        prev_low is not None
        and (lex.bigram(prev_low, word) > 0 or pairs.get(f"{prev_low} {word}", 0) >= BATCH_MIN)
    ) or (
        next_low is not None
        and (lex.bigram(word, next_low) > 0 or pairs.get(f"{word} {next_low}", 0) >= BATCH_MIN)
    )


def _against(
    doc: Doc, around: tuple[str | None, str | None], low: str, target: str, words: list[str]
) -> dict[str, tuple[float, float]]:
    """``word -> (context score over target's, edits over target's)`` for each of ``words``
    that aligns with ``low`` (what OCR read, lowercase), as its reading between ``around``'s
    words (lowercase or None): ``rank.context_score`` (natural log) less ``target``'s, and
    the alignments' costs in edits (``channel.align``); empty when ``target`` does not align.

    Like with like: a side the shipped bigrams back ``target`` on (its pair with that
    neighbour is in the list) judges the rival from the list alone too: a pair the list lacks
    is rarer than its floor, and a small corpus's count (the State n-grams' 2 of 100
    ``changes was``) must not outscore the list's ``change was``. Where ``target``'s pair
    has only the smaller sources, both are scored as the ranking scores them (from the list
    alone on such sides too, BLN600 dev held 9 more right changes back, no wrong one)."""
    lex = doc.lexicon
    base = align(low, target)
    if base is None:
        return {}
    prev_low, next_low = around
    t_count = lex.count(target)
    t_left = prev_low is not None and lex.bigram(prev_low, target) > 0
    t_right = next_low is not None and lex.bigram(target, next_low) > 0
    base_ctx, _ = context_score(doc, prev_low, target, next_low, t_count)
    found: dict[str, tuple[float, float]] = {}
    for w in words:
        alignment = align(low, w)
        if alignment is None:
            continue
        ctx, _ = context_score(doc, prev_low, w, next_low, lex.count(w), (t_left, t_right))
        found[w] = (ctx - base_ctx, alignment.cost - base.cost)
    return found


def both_sides(doc: Doc, prev_low: str | None, word: str, next_low: str | None) -> bool:
    """Does ``word`` make a known pair (the shipped bigrams, or the State and batch context:
    ``rank.context_prob``) with the word before and with the word after (both present)?"""
    if prev_low is None or next_low is None:
        return False
    lex = doc.lexicon
    words = word.split(" ")
    left = lex.bigram(prev_low, words[0]) > 0 or context_prob(doc, prev_low, words[0]) is not None
    return left and (
        lex.bigram(words[-1], next_low) > 0 or context_prob(doc, words[-1], next_low) is not None
    )
