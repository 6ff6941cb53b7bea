"""Short words read as the batch reads them elsewhere: OCR repeats its misreadings.

Why a module: a short non-word (``wvas``, ``anid``, ``ihe``, ``ot``) is read by its neighbours
(``realword.short_word_fix``), applied only where both neighbours decide and the edit is a
letter-shape slip. Many places have a neighbour on one side only (a comma, a name, a line's
end: ``statement, anid he``) or an edit that is no slip (``hmis``, ``nuot``): one side of
context was right about 85 times in 100 on BLN600 dev, too few to apply. Yet the same type
set by the same press, read by the same OCR, makes the same misreading again and again, and a
batch of documents holds the form at other places too. Where the batch's other places of the
form whose two neighbours decide its reading (both of the reading's pairs known,
``SHORT_APPLY_LOG_ODDS`` over the runner-up: as ``short_word_fix`` would apply it) all read it
as one word, and here the neighbours prefer that word by the same margin, that is evidence
beyond the edit and beyond this place: the form is that word's misreading in this batch.

The batch's places come from ``BatchVocabulary.short_contexts`` (the plain words either side
of each short lowercase word), each read with ``realword.short_reading``. A place whose own
neighbours decide is not counted for itself. The change goes through ``decide.confirm_path``
as ``ApplyPath.BATCH``.

A short real word its neighbours make a strong case against (``realword``: both neighbours,
one of the reading's pairs known, none of the word's, but not decisive: ``pledging tile
same``) is read likewise, where the batch's decisive places of the form (``realword``'s
``decisive``) all read it as that word, at least ``MIN_REAL_PLACES`` of them and no fewer than
the places where the model knows both of the word's own pairs (``lie`` is a word: ``to lie
down``); confirmed as a real-word change (``ApplyPath.REALWORD``). BLN600 dev: with two
places 42 of 43 such proposals right (the wrong one after a misread word: ``lie wore no``),
with three 37 of 37.

Measured on BLN600 dev before the path existed: of the short non-words left alone or proposed
whose reading had a margin of ``SHORT_APPLY_LOG_ODDS`` and a known pair, and a slip (or both
pairs known), those with at least one decisive place elsewhere in the batch and none for
another word were right 148 times in 153; with one neighbour only, 85 in 86. Applied, with the
calibrated model confirming (as a short word's change: the shipped model has no rows of the
path yet): short non-words 164 right of 167, real words 37 of 37; BLN600 dev WER 17.82 ->
17.72 %.
"""

from __future__ import annotations

import logging
from collections import Counter

from pipeline.core.results import APPLIED, Correction
from pipeline.lexicon import Lexicon
from pipeline.stages.correct.document import Doc
from pipeline.stages.correct.realword import (
    SHORT_APPLY_LOG_ODDS,
    SHORT_MAX,
    RealWordEvidence,
    best_reading,
    context_record,
    own_fit,
    shape_slip,
    short_evidence,
    short_reading,
)
from pipeline.stages.correct.tokens import Token
from pipeline.stages.correct.vocabulary import SHORT_CONTEXT_LENGTHS, BatchVocabulary

log = logging.getLogger(__name__)

#: Decisive places elsewhere in the batch that must read the form as the word (and none as
#: another word) …
MIN_PLACES = 1
#: … and for a form of two letters, one edit from many words (``il``: in, is, ill; BLN600 dev:
#: with one place 8 right and 2 wrong, with two or more 21 right and none wrong).
MIN_PLACES_TWO_LETTERS = 2
#: Forms whose batch readings are remembered, at most (then forgotten at once).
READINGS_MEMO = 1 << 14
#: (form, ids of the vocabulary and lexicon, the vocabulary's size, the channel weight) ->
#: (the vocabulary and lexicon, held and compared, and the readings).
_remembered: dict[tuple[object, ...], tuple[object, object, Counter[str]]] = {}


def decisive(ev: RealWordEvidence) -> bool:
    """Do both neighbours decide this reading of a short non-word: a neighbour on each side,
    both of the reading's pairs known, ``SHORT_APPLY_LOG_ODDS`` over the runner-up?"""
    return bool(ev.prev and ev.next) and ev.cand_known == 2 and ev.log_odds >= SHORT_APPLY_LOG_ODDS


def batch_readings(vocab: BatchVocabulary, lex: Lexicon, weight: float, low: str) -> Counter[str]:
    """How many places of the batch read the short form ``low`` decisively as each word: the
    form's contexts in ``vocab`` (``short_contexts``) whose two words the unigram list knows,
    each read by ``realword.short_reading`` with channel weight ``weight``. Remembered per
    form, vocabulary and lexicon."""
    key = (low, id(vocab), id(lex), vocab.documents, weight)
    held = _remembered.get(key)
    if held is not None and held[0] is vocab and held[1] is lex:
        return held[2]
    readings: Counter[str] = Counter()
    for context, n in vocab.short_contexts.get(low, Counter()).items():
        prev, nxt = context.split(" ")
        if lex.count(prev) <= 0 or lex.count(nxt) <= 0:
            continue
        found = short_reading(lex, weight, prev, low, nxt)
        if found is not None and decisive(found[0]):
            readings[found[0].candidate] += n
    if len(_remembered) >= READINGS_MEMO:
        _remembered.clear()
    _remembered[key] = (vocab, lex, readings)
    return readings


def batch_short_fix(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """The applied record for ``tok``, a short lowercase non-word, read as the word its
    neighbours prefer by ``SHORT_APPLY_LOG_ODDS`` (a pair of it known), where the edit is a
    ``shape_slip`` or both of the reading's pairs are known, and the batch's other decisive
    places of the form read it so (``MIN_PLACES``, none another word); else None."""
    low = tok.low
    vocab = doc.vocabulary
    lex = doc.lexicon
    if vocab is None or not 2 <= len(low) <= SHORT_MAX:
        return None
    if not tok.core.islower() or not tok.core.isalpha():
        return None
    if low not in vocab.short_contexts:
        return None  # nowhere in the batch between two plain words: no place to read it by
    if lex.is_english(low) or lex.is_known(tok.core):
        return None
    found = short_evidence(doc, tok)
    if found is None:
        return None
    ev, alignment = found
    if ev.log_odds < SHORT_APPLY_LOG_ODDS or ev.cand_known < 1:
        return None
    both = bool(ev.prev and ev.next)
    if not (shape_slip(alignment) or (both and ev.cand_known == 2)):
        return None
    readings = batch_readings(vocab, lex, doc.config.edit_weight, low).copy()
    if decisive(ev) and readings[ev.candidate] > 0:
        readings[ev.candidate] -= 1  # this place itself
    readings = +readings
    places = readings[ev.candidate]
    need = MIN_PLACES_TWO_LETTERS if len(low) == 2 else MIN_PLACES
    if places < need or len(readings) > 1:
        return None
    fits = " ".join(w for w in (ev.prev, ev.candidate, ev.next) if w)
    margin = "no other reading" if ev.log_odds >= 99 else f"{ev.log_odds:.1f} over the next"
    text = (
        f"{tok.core} → {ev.candidate}: short non-word, {alignment.describe()}, read as "
        f"'{ev.candidate}' at {places} other place{'s' if places > 1 else ''} of the batch "
        f"where both neighbours decide it, and '{fits}' fits here (context log-odds {margin})"
    )
    count = min(lex.count(w) for w in ev.candidate.split(" "))
    return context_record(
        doc, tok, ev.candidate, alignment, ev.log_odds, count, APPLIED, text, occurrences
    )


#: Decisive places elsewhere in the batch that must read a real word as the other word.
MIN_REAL_PLACES = 3
#: (form, ids of the vocabulary and lexicon, the vocabulary's size) -> (the vocabulary and
#: lexicon, held and compared; the decisive readings; the places where the word fits itself).
_real_remembered: dict[tuple[object, ...], tuple[object, object, Counter[str], int]] = {}


def real_readings(vocab: BatchVocabulary, lex: Lexicon, low: str) -> tuple[Counter[str], int]:
    """How many places of the batch read the short real word ``low`` decisively as each other
    word (``RealWordEvidence.decisive``), and at how many the model knows both of the word's
    own pairs (it fits there): the form's contexts in ``vocab`` whose two words the unigram
    list knows. Remembered per form, vocabulary and lexicon."""
    key = (low, id(vocab), id(lex), vocab.documents)
    held = _real_remembered.get(key)
    if held is not None and held[0] is vocab and held[1] is lex:
        return held[2], held[3]
    readings: Counter[str] = Counter()
    fits = 0
    for context, n in vocab.short_contexts.get(low, Counter()).items():
        prev, nxt = context.split(" ")
        if lex.count(prev) <= 0 or lex.count(nxt) <= 0:
            continue
        if own_fit(lex, prev, low, nxt):
            fits += n
            continue
        ev = best_reading(lex, prev, low, nxt)
        if ev is not None and ev.decisive:
            readings[ev.candidate] += n
    if len(_real_remembered) >= READINGS_MEMO:
        _real_remembered.clear()
    _real_remembered[key] = (vocab, lex, readings, fits)
    return readings, fits


def batch_realword(doc: Doc, tok: Token, ev: RealWordEvidence) -> str:
    """The evidence beyond the neighbours for reading ``tok``, a lowercase English word, as
    ``ev.candidate`` (``ev``: ``realword``'s strong but not decisive evidence), as the reason's
    words, or "": both neighbours, one of the reading's pairs known and none of the word's,
    and the batch's decisive places of the form all read it so (``MIN_REAL_PLACES``, and no
    fewer than the places where the word fits itself). ``realword.realword_fix`` applies the
    change when there is some."""
    vocab = doc.vocabulary
    if vocab is None or len(tok.low) not in SHORT_CONTEXT_LENGTHS:
        return ""
    if not (ev.prev and ev.next) or ev.word_known or ev.cand_known < 1:
        return ""
    if tok.low not in vocab.short_contexts:
        return ""
    readings, fits = real_readings(vocab, doc.lexicon, tok.low)
    places = readings[ev.candidate]
    if len(readings) > 1 or places < max(MIN_REAL_PLACES, fits):
        return ""
    return (
        f", and read as '{ev.candidate}' at {places} other places of the batch where both "
        f"neighbours decide it (the word itself fits at {fits})"
    )
