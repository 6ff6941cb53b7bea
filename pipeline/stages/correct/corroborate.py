"""Hand-set doubts lifted where evidence beyond the edit corroborates the change.

The hand-set rules (``decide._rules``) hold back whole classes of change: a capitalised word
mid-sentence (it may be a name), an edit of more than one step, a word that may be a known word
plus an affix. Each class holds many right changes and a few wrong ones, and the wrong ones have
shapes of their own. Here each doubt is lifted only where the evidence the class's wrong
changes lack is there, and the calibrated model (``calibrate.py``) is sure; the rules then run
again without the lifted doubt, so every other doubt still stands, and the model must confirm.

- A name's doubt (``NAME_DOUBT``): the document writes the candidate elsewhere, capitalised
  mid-sentence more often than small (``written_in_document``).
- More than one edit (``COST_DOUBT``): on the judged JFK dev proposals (bench/labels/
  proposals-dev.tsv, damaged typescript) the English candidates of 6 letters or more that the
  model rated 0.98 or more were right 19 times in 19 where the paper can be read (``Covernnent``
  → Government, ``sctivitios`` → activities); on BLN600 dev (bench/calibrate.py rows,
  cross-validated) 94 in 98. The wrong ones are word-boundary damage, not misreadings: the
  OCR form is the candidate with a word or an affix run on (``objectiveson``, ``anmilitary``,
  ``Highnesses`` → Highness where the gold keeps the plural), or the end of a longer word
  (``tablishment`` → establishment where the gold has disestablishment), or a rarer real word
  the dictionary lacks whose candidate is not written elsewhere in the document
  (``importunities`` → opportunities). Lifted where none of those shapes is there
  (``boundary``) and the document writes the candidate elsewhere: BLN600 dev rows 70 in 71
  (``engagenlent`` → engagement, where the paper had engagements, the one wrong); applied so
  on the JFK dev documents (``python -m bench.proposals_dev``), 14 changes, every one right.
- A derived form (``DERIVED_DOUBT``): a word in small letters whose candidate is an English
  word (``concerneds`` → concerned, ``prisis`` → crisis): on BLN600 dev rated 0.98 or more,
  18 in 18; applied so on the JFK dev documents, 7 right and one where the paper cannot be
  read (``thats``). Not a capitalised word: a name's plural
  is right as written (``the Palenques``, JFK dev).

And one class the other way: a change the rules apply and the model confirms, of a word that
may be part of a longer one (``broken_word``), needs the higher ``BROKEN_CONFIRM``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from pipeline.core.enums import WordClass
from pipeline.stages.correct.candidates import Candidate
from pipeline.stages.correct.document import Doc
from pipeline.stages.correct.tokens import Token

log = logging.getLogger(__name__)

#: The hand-set doubt of a capitalised word mid-sentence (``decide._rules``).
NAME_DOUBT = "capitalised word, may be a name"
#: The hand-set doubt of an edit costlier than ``CorrectConfig.apply_max_cost``.
COST_DOUBT = "more than one edit"
#: The hand-set doubt of a known word plus a productive affix.
DERIVED_DOUBT = "may be a derived form of a known word"
#: The doubts ``lifted`` may lift.
LIFTABLE = frozenset({NAME_DOUBT, COST_DOUBT, DERIVED_DOUBT})

#: The least calibrated probability (0-1) at which a doubt is lifted. On the judged JFK dev
#: proposals, every name of 6 letters or more rated 0.98 or more whose candidate the document
#: writes was right (21 of 21: ``Bresident`` → President, ``Pefense`` → Defense); under it stood
#: the wrong ones (``Ffties`` 0.93, ``Serre`` 0.75). The other doubts use the same bar.
SURE = 0.98
#: The least letters of a word whose name or cost doubt is lifted: a short word has many
#: neighbours two edits away.
MIN_LETTERS = 6

#: Words that run on to another word in OCR text (``objectiveson``, ``anmilitary``): a form that
#: is its candidate plus one of these is two words, not a misreading.
_RUN_ON_WORDS = frozenset((
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or",
    "but", "as", "is", "be", "are", "was", "were", "it", "its", "that", "this", "he", "she",
    "they", "we", "you", "not", "i",
))  # fmt: skip
#: Endings a real word adds to its stem (``Highnesses``, ``prisoners``): a form that is its
#: candidate plus one of these is as likely a word the dictionary lacks.
_ENDINGS = ("s", "es", "ed", "d", "ing", "ly", "er", "ers", "est", "al", "ally", "ness", "ment")


#: The least calibrated probability (0-1) at which the model confirms the rules' change of a
#: word that may be part of a longer one (``broken_word``). BLN600 dev (bench/calibrate.py
#: rows, the rules' applications, probabilities out of fold): such changes under 0.95 were
#: right 43 times in 51 (``aftern`` → after for afternoon, ``regimr nt`` → regime for
#: regiment), from 0.95 on 73 in 74.
BROKEN_CONFIRM = 0.95


def broken_word(x: dict[str, float]) -> str:
    """The sign, in the calibrated model's features ``x`` (``calibrate.features``), that the
    word is part of a longer one, or "": it runs on past its candidate (``overrun``) or the
    next token is a fragment (``next_fragment``)."""
    if x.get("overrun"):
        return "the word as read runs on past the candidate (a longer word?)"
    if x.get("next_fragment"):
        return "the next token looks like the rest of a longer word"
    return ""


def boundary(low: str, target: str) -> str:
    """The word-boundary damage the change from ``low`` (the OCR form, lowercase) to ``target``
    (the candidate, lowercase) would be, or "": ``fragment`` (the form is the start or the end
    of the candidate: the rest of a broken word, whose other piece may hold more), ``run-on``
    (the form is the candidate with a word run on), ``ending`` (the candidate with an ending
    added: a real word the dictionary lacks as often as a misreading).

    >>> boundary("tablishment", "establishment"), boundary("objectiveson", "objectives")
    ('fragment', 'run-on')
    >>> boundary("highnesses", "highness"), boundary("covernnent", "government")
    ('ending', '')
    """
    if target.endswith(low) or target.startswith(low):
        return "fragment"
    for word in _RUN_ON_WORDS:
        if low in (word + target, target + word):
            return "run-on"
    if any(low == target + e for e in _ENDINGS):
        return "ending"
    return ""


def lifted(
    doc: Doc,
    tok: Token,
    base: str,
    wclass: WordClass,
    cands: list[Candidate],
    doubt: str,
    probability: Callable[[], float],
) -> str:
    """Why the hand-set ``doubt`` (one of ``LIFTABLE``) about the top of ranked ``cands`` for
    ``tok`` (word ``base``, of class ``wclass``) is lifted, or "": the evidence the doubt's
    wrong changes lack is there (see the module docstring) and ``probability()`` (the
    calibrated probability, 0-1, asked only when the rest holds) is ``SURE`` or more. The
    caller runs the rules again without the doubt; this says nothing of the others."""
    top = cands[0]
    if doubt == NAME_DOUBT:
        return written_in_document(doc, base, wclass, top, probability)
    if top.written is not None or " " in top.text or top.tokens != 1:
        return ""  # a lexicon name, a split or a merge: not these classes
    low = base.lower()
    if doubt == COST_DOUBT:
        if len(low) < MIN_LETTERS or not top.in_doc or boundary(low, top.text):
            return ""
        why = f"more than one edit, but '{top.text}' is written in this document"
    elif doubt == DERIVED_DOUBT:
        if wclass != WordClass.LOWER or not (top.in_doc or top.bigram_support):
            return ""
        why = "it may be a derived form, but it is written small and its candidate fits"
    else:
        return ""
    p = probability()
    if p < SURE:
        return ""
    return f"{why}, and the calibrated model is sure ({p:.3f})"


def written_in_document(
    doc: Doc, base: str, wclass: WordClass, top: Candidate, probability: Callable[[], float]
) -> str:
    """Why a capitalised word mid-sentence that the hand-set rules held back only as a
    possible name (``NAME_DOUBT``) is applied after all, or "": an English candidate ``top``
    the document itself writes elsewhere, capitalised mid-sentence more often than small (so
    the capital is the word's, not OCR's), ``MIN_LETTERS`` letters or more, that the
    calibrated model rates ``SURE`` or more (a name a dictionary lacks is rarely one edit from
    a word its own document uses, and the model weighs the context)."""
    if wclass != WordClass.NAME or top.written is not None or not top.in_doc:
        return ""
    if len(base) < MIN_LETTERS or " " in top.text:
        return ""
    if doc.title_mid[top.text.title()] <= doc.lower_forms[top.text]:
        # The capital may be OCR's (``Gharacterised`` for characterised, BLN600 dev): only a
        # word the document writes capitalised mid-sentence more often than small is sure.
        return ""
    p = probability()
    if p < SURE:
        return ""
    return (
        f"capitalised, but '{top.text}' is written in this document and the calibrated "
        f"model is sure ({p:.3f})"
    )
