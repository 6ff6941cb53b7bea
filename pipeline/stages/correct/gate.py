"""The garbage gate: no automatic change stands on a line that is mostly no words, nor on a
non-word in small letters amid all-caps text, nor where the context prefers a word the
candidates missed (``evidence.context_rival``).

Why a module of its own: it is policy applied after every path has decided (``token_pass``
calls it last), reading whole lines (``lines.garbage_evidence``) rather than one word's
evidence as ``decide`` does.
"""

from __future__ import annotations

import bisect
import dataclasses
import logging
from collections.abc import Collection

from pipeline.core.results import APPLIED, PROPOSED, Correction
from pipeline.stages.correct import evidence
from pipeline.stages.correct.channel import CASE_TWINS
from pipeline.stages.correct.document import Doc, caps_context
from pipeline.stages.correct.lines import LineEvidence, garbage_evidence, line_run
from pipeline.stages.correct.tokens import Token
from pipeline.stages.correct.window import decisive

log = logging.getLogger(__name__)


def garbage_gate(
    doc: Doc, corrections: list[Correction], batch_read: Collection[int] = ()
) -> list[Correction]:
    """``corrections`` (any order) with every automatic change on a garbage line made a proposal
    that says why: a line whose other tokens (``CorrectConfig.garbage_min_tokens`` or more, bare
    symbols left out) are words by less than ``garbage_max_word_share`` of their weight, read
    as a person reads a line (``lines.line_evidence``). The line is the OCR line when there are
    word spans, else the text's line. So is a change of a non-word in small letters on an
    all-caps line (``_small_in_caps``). A person's own confirmed corrections and line items
    pass. ``batch_read``: the starts (offsets into ``doc.text``) of the batch-reading path's
    changes (``batchread``), for which no near rival is asked (``_rival``).

    Why: where plain Tesseract turned a line to garbage (``~ Ee ne ae rr a``), a word one edit
    from an English word is as likely a fragment of noise as a misread, and the neighbours the
    model reads as context are noise too; on the plain-text suite's hard tier (dev) such changes
    were where the wrong ones were."""
    cfg = doc.config
    starts = [t.start for t in doc.tokens]
    memo: dict[tuple[int, int, int, int], LineEvidence | None] = {}  # None: not garbage
    out: list[Correction] = []
    for c in corrections:
        if c.decision != APPLIED or c.learned or c.is_line or not doc.tokens:
            out.append(c)
            continue
        i = max(0, bisect.bisect_right(starts, c.start) - 1)
        lo, hi = line_run(doc, i)
        memo_key = (lo, hi, c.start, c.end)
        if memo_key not in memo:
            others = [
                doc.text[t.start - len(t.lead) : t.end + len(t.trail)]
                for t in doc.tokens[lo : hi + 1]
                if t.end <= c.start or t.start >= c.end
            ]
            memo[memo_key] = garbage_evidence(others, doc.lexicon, cfg, doc.readings)
        if (ev := memo[memo_key]) is not None:
            c = held_back(c, f"the rest of its line is mostly no words ({ev.describe()})")
        elif _small_in_caps(doc, doc.tokens[i], c):
            c = held_back(
                c,
                "a non-word in small letters amid all-caps text is more often noise read as "
                "letters than a misread word",
            )
        elif doc.config.rival_gate and (
            (rival := _rival(doc, doc.tokens[i], c, near=c.start not in batch_read)) is not None
        ):
            c = _held_for(c, rival)
        out.append(c)
    return out


def _rival(doc: Doc, tok: Token, c: Correction, near: bool = True) -> evidence.Rival | None:
    """The word the context prefers to ``c``'s replacement (``evidence.context_rival``), or
    failing it (with ``near`` and ``near_rival_gate``) one about as likely
    (``evidence.near_rival``), for a change of one word of four letters or more, all letters,
    into another word (not a change of case, a speck's mark taken out, or a split: a one-word
    rival is no rival to two words); else None."""
    if c.start < tok.start or c.end > tok.end + len(tok.trail) or " " in c.original:
        return None
    if not tok.core.isalpha():
        return None  # ``station'd``: an elision or a possessive, not a misread of letters
    low = "".join(ch for ch in c.original.lower() if ch.isalpha())
    target = c.replacement.lower()
    if c.original.lower() == target or low == target or " " in target:
        return None  # a change of case, a speck's mark, a split: no reading to rival
    if len(low) < evidence.RIVAL_MIN_LENGTH + 1 or not target.isalpha():
        return None
    found = evidence.context_rival(doc, tok, low, target)
    # Not for the batch-reading path's change (``wvas`` → was, as both neighbours read it at
    # other places of the batch): that is evidence from beyond this place's two neighbours, the
    # near-rival test's context. The short-word and real-word paths read only those two,
    # and stay asked (exempting them too applied 11 more on BLN600 dev's halves, 2 wrong).
    if found is None and near and doc.config.near_rival_gate:
        found = evidence.near_rival(doc, tok, low, target)
        rivals = [found.word, *evidence.near_words(doc, low)] if found is not None else []
        if found is not None and doc.config.triple_lift and decisive(doc, tok, low, target, rivals):
            # The triple around the word decides where one pair each side could not
            # (``window.decisive``; BLN600 dev: 4 such changes held back, all right).
            return None
    return found


def _held_for(c: Correction, rival: evidence.Rival) -> Correction:
    """``c`` made a proposal naming ``rival``, which joins its candidates second."""
    word = rival.word.title() if c.replacement[:1].isupper() else rival.word
    if c.replacement.isupper() and len(c.replacement) > 1:
        word = rival.word.upper()
    cands = [cand for cand in c.candidates if cand[0] != word]
    top = cands[:1] or [(c.replacement, 1.0)]
    rest = cands[1:]
    if rival.near:
        why = (
            f"'{word}', as near to what OCR read, is about as likely beside its neighbours "
            f"({rival.margin:+.1f} in log-probability)"
        )
    else:
        why = (
            f"its neighbours prefer '{word}', within two edits of what OCR read, which the "
            f"candidates missed (by {rival.margin:.1f} in log-probability)"
        )
    held = held_back(c, why)
    return dataclasses.replace(held, candidates=(*top, (word, 0.0), *rest))


#: How a path's reason names its own decision to apply (``records.reason``).
_APPLIED_CLAUSE = "; applied: "
#: What that clause becomes when a later check holds the change back: the word's own evidence
#: is still worth reading, but the record must not say both "applied" and "not applied".
_WOULD_APPLY_CLAUSE = "; on its own evidence it would be applied: "


def held_back(c: Correction, why: str) -> Correction:
    """``c``, an automatic change, made a proposal whose reason ends ``; proposed, not applied:
    why``. The path's own ``; applied: …`` clause, if any, is reworded as what the word's own
    evidence said (``_WOULD_APPLY_CLAUSE``), so that the reason does not contradict itself (JFK
    dev, ``reuson`` in 2022 104-10229-10423: "…; applied: no hand-set doubt, and the calibrated
    model agrees (0.988); proposed, not applied: the rest of its line is mostly no words").

    >>> from pipeline.core.enums import CorrectionDecision as D
    >>> c = Correction("i", 1, 1, 0, 6, None, "reuson", "reason", (), D.APPLIED,
    ...                "reuson → reason: u→a; applied: the model agrees", None, "")
    >>> for part in held_back(c, "a noisy line").reason.split("; ")[1:]:
    ...     print(part)
    on its own evidence it would be applied: the model agrees
    proposed, not applied: a noisy line
    """
    head, sep, tail = c.reason.rpartition(_APPLIED_CLAUSE)
    reason = f"{head}{_WOULD_APPLY_CLAUSE}{tail}" if sep else c.reason
    return dataclasses.replace(
        c, decision=PROPOSED, reason=f"{reason}; proposed, not applied: {why}"
    )


def _small_in_caps(doc: Doc, tok: Token, c: Correction) -> bool:
    """Is ``c`` (an automatic change starting at ``tok``) a change of a non-word written in
    small letters (``tre``) on an all-caps line, that is no case confusion (a small letter
    other than ``CASE_TWINS``: ``us`` for US is one, fixed by the case path)?

    Why: plain Tesseract reads a cable's capitals as capitals; where it wrote small letters
    that make no word, it was reading stamps, rules or broken type (the plain-text suite's
    hard tier, dev: ``OF tre DEVELOPMENT`` for ``OF COPPER DEVELOPMENT``, where the short-word
    path's ``the`` fitted its neighbours). A real word so written (``if`` for IT) stays with
    the real-word path's context."""
    core = tok.core
    if c.start != tok.start or not core.isalpha() or not core.islower():
        return False
    if CASE_TWINS.issuperset(core) or doc.lexicon.is_known(core):
        return False
    return caps_context(doc, tok)
