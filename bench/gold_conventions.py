"""Where a corpus's gold cannot judge a correction record: two conventions of the gold itself.

``bench.metrics.judge_corrections`` judges a record by the gold text at its place. Two kinds of
record it calls wrong are ones the gold cannot judge, because of how the gold was written, not
because of what the record did; ``rejudge`` turns them neutral (counted apart, outside
precision, as ``NO_GOLD`` and ``GOLD_CASE`` are). They are the same rows ``bench.calibrate``'s
labels already leave out of the fitted model (``_label``: "differently broken gold", "the gold
place spans more words than the record"), so the figures and the model read the gold alike.

* ``GOLD_BREAK``: a record that joins the pieces of a word broken by a hyphen at a line end
  (``at- tended`` → ``attended``) where the gold has the same letters as two words
  (``at tended``). BLN600's gold drops such a hyphen and keeps the break (dev:
  ``re turned``, ``mea sure``, ``Ben jamin``, ``to wards``), so whether the join is right is
  not something it says; a join whose gold has other letters stays judged.
* ``GOLD_MORE_WORDS``: the gold at the record's place has more words than the replacement,
  one of them the replacement, and the original was not already that gold (``ITs`` → ``ITS``
  where the gold reads ``IN ITS``; ``it.`` → ``it``, gold ``result it``): OCR lost or garbled a
  neighbouring word that no word record touched, and the character alignment gave its place to
  this one. The record is right for its own word; the lost one is an untouched error.

Applied to BLN600 (``bench.bln600``) and the plain-text suite (``bench.plain_text``); both list
the records so judged apart from the wrong ones, so nothing is hidden.
"""

from __future__ import annotations

import dataclasses
import re

from bench.charalign import cores
from bench.metrics import APPLIED, Judged, Judgement

GOLD_BREAK = "gold keeps the break"
GOLD_MORE_WORDS = "gold place spans more words"

#: A hyphen followed by a space or a line break: a word broken at a line end.
_BROKEN = re.compile(r"[-‐‑]\s")


def gold_artefact(j: Judged) -> str:
    """Which convention of the gold (``GOLD_BREAK``, ``GOLD_MORE_WORDS``) makes the wrong-judged
    ``j`` unjudgeable, or "" (judged right, neutral already, unlocated, or simply wrong).

    >>> from bench.metrics import Record
    >>> rec = Record(0, 11, "at- tended", "attended", "applied")
    >>> gold_artefact(Judged(rec, "at tended", False, False))
    'gold keeps the break'
    >>> gold_artefact(Judged(Record(0, 3, "ITs", "ITS", "applied"), "IN ITS", False, False))
    'gold place spans more words'
    >>> gold_artefact(Judged(Record(0, 3, "tre", "the", "applied"), "COPPER", False, False))
    ''
    """
    if j.right or j.neutral or not j.located or not j.gold:
        return ""
    r, g = cores(j.record.replacement), j.gold
    rw, gw = r.split(), g.split()
    if (
        _BROKEN.search(j.record.original)
        and len(gw) > len(rw)
        and g.replace(" ", "").lower() == r.replace(" ", "").lower()
    ):
        return GOLD_BREAK
    if len(gw) > len(rw) and f" {r.lower()} " in f" {g.lower()} " and not j.original_ok:
        return GOLD_MORE_WORDS
    return ""


def rejudge(judgement: Judgement) -> tuple[Judgement, list[tuple[Judged, str]]]:
    """``judgement`` with every ``gold_artefact`` record made neutral (its counts moved from
    wrong to neutral), and those records with their convention, for listing apart."""
    moved: list[tuple[Judged, str]] = []
    judged: list[Judged] = []
    score = judgement.score
    for j in judgement.judged:
        why = gold_artefact(j)
        if why:
            moved.append((j, why))
            j = dataclasses.replace(j, neutral=why)
            if j.record.decision == APPLIED:
                score = dataclasses.replace(
                    score,
                    applied_wrong=score.applied_wrong - 1,
                    applied_neutral=score.applied_neutral + 1,
                )
            else:
                score = dataclasses.replace(
                    score,
                    proposed_wrong=score.proposed_wrong - 1,
                    proposed_neutral=score.proposed_neutral + 1,
                )
        judged.append(j)
    return Judgement(score, judged, judgement.untouched), moved


__all__ = ["GOLD_BREAK", "GOLD_MORE_WORDS", "gold_artefact", "rejudge"]
