"""Turning a decision into a ``Correction`` a reviewer can read and a replay can apply.

Every path of the stage (case confusions, digits, learned corrections, the dictionary path) ends
here, so the records agree on one shape: the replacement in the original's case, a reason
sentence naming the evidence, a stable id, and where on the page the word was. The same module
replays records onto a text (``apply_corrections``), the inverse of building them.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Iterable, Sequence

from pipeline.core.enums import CorrectionDecision
from pipeline.core.records import BBox
from pipeline.core.results import APPLIED, PROPOSED, Correction, LeftWord
from pipeline.core.text import is_all_caps, recase
from pipeline.stages.correct.candidates import Candidate
from pipeline.stages.correct.document import Doc, context_words
from pipeline.stages.correct.tokens import Token

log = logging.getLogger(__name__)


def cased(candidate: str, original: str, written: str | None) -> str:
    """The lowercase ``candidate`` in the case of ``original`` (``core.text.recase``), except that
    a lexicon word keeps the lexicon's ``written`` spelling (``Nagorno-Karabakh``, ``McCain``)
    unless the original is all caps or ``written`` is an all-caps code (which takes the text's
    case).

    >>> cased("negotiations", "Negotations", None), cased("the", "TBE", None)
    ('Negotiations', 'THE')
    >>> cased("nagorno-karabakh", "nagorno-karabkah", "Nagorno-Karabakh")
    'Nagorno-Karabakh'
    >>> cased("opec", "Opcc", "OPEC"), cased("lachin", "LACHLN", "Lachin")
    ('Opec', 'LACHIN')
    >>> cased("letter", "Ictter", None)
    'letter'
    """
    if is_all_caps(original):
        return candidate.upper()
    if original[:1] == "I" and candidate[:1] == "l" and original[1:].islower() and not written:
        return candidate  # ``Ictter``: the capital was the OCR's reading of a small l
    if written is not None and not (written.isupper() and len(written) > 1):
        return written  # a name keeps the lexicon's spelling; a caps code takes the text's case
    return recase(candidate, original)


def reason(
    doc: Doc,
    tok: Token,
    original: str,
    repl: str,
    cand: Candidate,
    decision: CorrectionDecision,
    why: str,
) -> str:
    """The reason sentence of a dictionary-path record: ``original → repl: evidence, …`` and, for
    a proposal, ``; proposed, not applied: why`` (for an application, ``; applied: why``)."""
    parts = [cand.source, cand.alignment.describe()]
    conf = doc.locator.conf(tok.start, tok.end)
    if conf is not None:
        parts.append(f"OCR confidence {conf:.0f}")
    if cand.in_doc:
        parts.append(f"'{repl}' also occurs in this document")
    elif cand.bigram_support:
        parts.append("fits the neighbouring words")
    text = f"{original} → {repl}: " + ", ".join(p for p in parts if p)
    if decision == PROPOSED and why:
        text += f"; proposed, not applied: {why}"
    elif decision == APPLIED and why:
        text += f"; applied: {why}"
    return text


def record(
    doc: Doc,
    tok: Token,
    end: int,
    original: str,
    repl: str,
    ranked: list[tuple[str, float]],
    decision: CorrectionDecision,
    reason: str,
    cand: Candidate,
    occurrences: Counter[str],
    *,
    learned: bool = False,
) -> Correction:
    """The ``Correction`` replacing ``doc.text[tok.start:end]`` (``original``) by ``repl``.

    ``ranked`` are the candidates as written with their probabilities; ``occurrences`` counts the
    contexts seen so far in the document (updated here) so that the id — a hash of the word, two
    words each side and the occurrence index — is stable across runs. Page, line and box come
    from the OCR spans under the word, else from the token.
    """
    start = tok.start
    before, after = context_words(doc, tok.index, tok.index + cand.tokens)
    key_ctx = "|".join(
        [
            original.lower(),
            " ".join(w.lower() for w in before[-2:]),
            " ".join(w.lower() for w in after[:2]),
        ]
    )
    occurrences[key_ctx] += 1
    digest = hashlib.sha256(f"{key_ctx}|{occurrences[key_ctx]}".encode()).hexdigest()[:16]
    covering = doc.locator.covering(start, end)
    bbox = BBox.union(s.bbox for s in covering) if covering else None
    page, line = (covering[0].page, covering[0].line) if covering else (tok.page, tok.page_line)
    return Correction(
        id=digest,
        page=page,
        line=line,
        start=start,
        end=end,
        bbox=bbox,
        original=original,
        replacement=repl,
        candidates=tuple(ranked),
        decision=decision,
        reason=reason,
        conf=doc.locator.conf(start, end),
        context=" ".join([*before, original, *after]),
        learned=learned,
    )


def leave(
    doc: Doc, tok: Token, base: str, candidate: str, score: float, reason: str, why: str
) -> None:
    """Count ``base`` (``tok``'s word) as left alone under ``reason`` (``metadata.json``
    ``corrections_left``) and keep it, with its place, its best ``candidate`` as it would have
    been written and that candidate's ``score`` (log-probability; 0 for a change of case,
    which is not ranked), for ``left.jsonl``: nothing the stage considered vanishes."""
    doc.left[reason] += 1
    end = tok.start + len(base)
    covering = doc.locator.covering(tok.start, end)
    page, line = (covering[0].page, covering[0].line) if covering else (tok.page, tok.page_line)
    doc.left_words.append(
        LeftWord(
            page=page,
            line=line,
            start=tok.start,
            end=end,
            bbox=BBox.union(s.bbox for s in covering) if covering else None,
            original=base,
            candidate=candidate,
            score=score,
            reason=reason,
            why=why,
        )
    )


def covered(
    corrections: Iterable[Correction], decisions: Sequence[str] = (APPLIED,)
) -> dict[str, str]:
    """The word records a line overrides when ``decisions`` are applied: word record id (of
    any decision) -> the id of the ``LINE`` record (``Correction.is_line``) whose span holds
    it, for each line record whose decision is in ``decisions`` (a line a reviewer typed,
    ``EDITED``). The typed
    line replaces its whole span, the changes already applied inside it included (the
    reviewer's text is what the scan says there); those word records stay in the records with
    their own decisions, they just no longer reach the text. Offsets as ``apply_corrections``.

    >>> from pipeline.core.enums import CorrectionKind
    >>> D = CorrectionDecision
    >>> w = Correction("w", 1, 0, 4, 7, None, "tbe", "the", (), D.APPLIED, "", None, "")
    >>> line = Correction("l", 1, 0, 0, 12, None, "Iff tbe cat.", "If the cat.", (),
    ...                   D.EDITED, "", None, "", kind=CorrectionKind.LINE)
    >>> covered([w, line], (D.APPLIED, D.EDITED)), covered([w, line])
    ({'w': 'l'}, {})
    """
    records = list(corrections)
    lines = [c for c in records if c.is_line and c.decision in decisions]
    out: dict[str, str] = {}
    for c in records if lines else ():
        if c.is_line:
            continue
        for line in lines:
            if line.start <= c.start and c.end <= line.end:
                out[c.id] = line.id
                break
    return out


def apply_corrections(
    text: str, corrections: Iterable[Correction], decisions: Sequence[str] = (APPLIED,)
) -> str:
    """``text`` with each record's span replaced by its replacement, for the records whose
    decision is in ``decisions`` (offsets are into ``text``, the stripped text).

    One overlap is allowed, and it is explicit: a line record (``Correction.is_line``) in
    ``decisions`` replaces its whole span, and the word records inside it are not applied
    (``covered``: the typed line includes whatever they changed). Raises ``ValueError`` if a
    record does not match the text (a stale record) or two records overlap otherwise (a word
    reaching across a line's edge, two words, two lines).
    """
    chosen = [c for c in corrections if c.decision in decisions]
    over = covered(chosen, decisions)
    chosen = sorted((c for c in chosen if c.id not in over), key=lambda c: c.start)
    parts: list[str] = []
    pos = 0
    for c in chosen:
        if c.start < pos:
            raise ValueError(f"overlapping corrections at offset {c.start} ({c.id})")
        if text[c.start : c.end] != c.original:
            raise ValueError(
                f"correction {c.id} expects {c.original!r} at {c.start}, "
                f"text has {text[c.start : c.end]!r}"
            )
        parts.append(text[pos : c.start])
        parts.append(c.replacement)
        pos = c.end
    parts.append(text[pos:])
    return "".join(parts)
