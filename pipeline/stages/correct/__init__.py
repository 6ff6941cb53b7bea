"""Spell correction of the stripped text: fix what OCR broke, never a correct name.

Token by token (whitespace-separated, punctuation, spacing and case kept), each word gets one of
three decisions: **applied** automatically (only on strong evidence), **proposed** for review, or
left alone (no record). Every applied or proposed change is a ``Correction`` that explains itself;
``apply_corrections(stripped, applied)`` replays them to give exactly the corrected text.

Ranking is a noisy channel: a candidate's score is its language-model probability in context
(word frequency, and the bigrams with its neighbours) plus the log-probability that OCR turned it
into what we see (``channel``: OCR confusions are cheap, arbitrary edits dear). Whether to
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

The package, by job (each module's docstring says why it is there): ``config`` (the thresholds),
``tokens`` and ``document`` (the document model), ``vocabulary`` (the batch's forms), ``channel``
(what OCR confuses), ``candidates`` (with ``variants``: the words OCR confusions make), ``rank``
(the language model: symspellpy's bigrams, the State Department n-grams, the batch's word pairs),
``window`` (word triples that decide a proposal between near rivals), ``calibrate`` (the
fitted probability that a top candidate is right, for
``CorrectConfig.calibrated``), ``corroborate`` (hand-set doubts lifted where evidence beyond the
edit supports the change), ``decide`` (apply, propose or leave),
``case``, ``digits``, ``learned`` (confirmed corrections), ``pieces`` (words broken by a hyphen,
with or without a stray fragment between the pieces, or where a thin letter was lost), ``quotes``
(an opening quote OCR set off from its word), ``setoff`` (a closing ``; : ? !`` set off from
the word before it), ``gap_mark`` (a speck in the space between two words read as an
apostrophe: ``part'of``; a comma's lost space, ``inspection,and``), ``abbreviations``
(the short forms written with a stop), ``structure`` (specks read as punctuation, cable
structure tokens and TAGS codes), ``glued`` (a speck glued to a word's edge read as a mark:
``‘expressed``, ``AND.``), ``apostrophes`` (a speck at a word's edge read as a straight
single quote: ``'when``, ``had'``), ``realword`` (real-word errors and short non-words, decided by
both neighbours' bigrams), ``batchread`` (a short non-word read as the batch's other places of
it read it), ``runtogether`` (words run together, split where both neighbours
agree), ``dictionary`` (the path for an unknown word, diacritic noise), ``compounds`` (a
hyphenated word judged whole: ``pre-selected`` is no error, ``prc-selected`` is proposed whole),
``manual`` (pages, and lines too damaged to fix a word at a time, for a person), ``lines`` (a
line with no recoverable word or too damaged: one "transcribe by hand" item instead of its word
records), ``regions`` (nearby line items of one page: one item for the stretch), ``page_items``
(a page of text mostly in no dictionary: one item for the page), ``damage_regions`` (a run of
damaged lines of a page: one item for the stretch), ``worth`` (whether a
proposal is worth a screen: correct-but-unusual words are left), ``gate`` (no
automatic change on a garbage line, nor where ``evidence`` finds a word the context prefers
that the candidates missed), ``marks_gate`` (stamp and marking wording, NARA's
identification form, splits of words written whole: proposed), ``place_gate`` (a line's last
word the document continues: proposed),
``records`` (building and replaying ``Correction``s),
``token_pass`` (``correct`` itself) and ``stage`` (the pipeline stage: caching key, batch
vocabulary, dictionaries loaded up front).
Imports flow one way, from ``config``/``tokens`` to ``token_pass``.

Evidence beyond the edit: a change is applied, and proposed, only when something around the word
supports the candidate (it occurs elsewhere in the document, or makes a known pair with a
neighbour), except a long word (few neighbours one edit away) and a near miss of a lexicon name
(proposed, never applied).

By default (``CorrectConfig.confirm``) an application of the hand-set doubts must also be
confirmed by that model (its fitted ``confirm`` probability), else it is proposed with the
model's doubt; ``confirm=False`` is the rules alone (``--apply rules``).
With ``CorrectConfig(calibrated=True)`` the hand-set doubts of the last step give way to one
logistic model over the same evidence (``calibrate``, fitted on development material by
``python -m bench.calibrate``, threshold at cross-validated precision 0.99); the gates that are
policy (short words, confident OCR, acronyms, near-miss names, the word's class) stay.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from pipeline.core.results import APPLIED, PROPOSED, Correction, CorrectResult, PageCheck
from pipeline.stages.correct.config import CorrectConfig

if TYPE_CHECKING:
    from pipeline.stages.correct.manual import needs_manual_transcription
    from pipeline.stages.correct.records import apply_corrections
    from pipeline.stages.correct.token_pass import correct
    from pipeline.stages.correct.vocabulary import BatchVocabulary

log = logging.getLogger(__name__)

# The runner imports this package at start-up; the modules that do the work (and rapidfuzz) load
# on first use of one of these names (PEP 562), once the first document reaches the stage.
_LAZY = {
    "BatchVocabulary": "pipeline.stages.correct.vocabulary",
    "apply_corrections": "pipeline.stages.correct.records",
    "correct": "pipeline.stages.correct.token_pass",
    "needs_manual_transcription": "pipeline.stages.correct.manual",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "APPLIED",
    "PROPOSED",
    "BatchVocabulary",
    "CorrectConfig",
    "CorrectResult",
    "Correction",
    "PageCheck",
    "apply_corrections",
    "correct",
    "needs_manual_transcription",
]
