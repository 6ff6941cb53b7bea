"""The words the correct stage left alone (``left.jsonl``), read back so a reviewer can see them
and decide one.

The correct stage leaves a word it thinks damaged when nothing supports changing it (classes
``unsupported``, ``name``, ``known_name``, ``code``, ``foreign``, ``unlikely``), and neither
applies nor proposes it: that is where OCR damage no one was asked about hides. A reviewer lists
them (``foia-clean review OUT --left``) and may decide one like a proposal (``foia-clean decide
OUT/<name> left-… accept|reject|N|--text WORD``): the left word is given the shape of a
proposal (``as_correction``: its best candidate, its context in ``stripped.txt``), the decision is
recorded like any other, and ``resolve`` finds the word in the text by that context and writes
it into ``corrections.jsonl`` as a record of its own. A left word a decision covers is no longer
listed.

Ids are stable across runs: ``left-`` and a hash of the word, its neighbours and its occurrence
among identical ones (like correction ids), so a decision outlives a re-run that moves the word.
Reads only.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.enums import CorrectionDecision, CorrectionKind
from pipeline.core.fileio import read_jsonl_objects
from pipeline.core.results import Correction, LeftWord
from pipeline.review.resolve import LEFT_PREFIX, Reviewed, text_context

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LeftItem:
    """One left word of one document: its stable ``id``, the record, and its context (the word
    with its neighbours in ``stripped.txt``)."""

    id: str
    word: LeftWord
    context: str

    def as_correction(self) -> Correction:
        """The word as a proposal of its best candidate, for ``record_decision``: same place,
        ``reason`` the sentence that says why it was left."""
        w = self.word
        return Correction(
            id=self.id,
            page=w.page,
            line=w.line,
            start=w.start,
            end=w.end,
            bbox=w.bbox,
            original=w.original,
            replacement=w.candidate,
            candidates=((w.candidate, w.score),),
            decision=CorrectionDecision.PROPOSED,
            reason=f"left alone ({w.reason}): {w.why}",
            conf=None,
            context=self.context,
            kind=CorrectionKind.WORD,
        )

    def row(self, document: str | None = None) -> str:
        """One line of ``review --left``: ``<id>  p<page>:<line>  <box x,y,w,h or ->  <word>
        <best candidate>  <class>  <why>``, tab-separated, the line 1-based as the terminal
        review shows it (``left.jsonl``'s is 0-based); ``document`` prefixes the id
        (``<name>/<id>``) when the whole batch is listed."""
        w = self.word
        box = ",".join(str(v) for v in w.bbox.to_list()) if w.bbox is not None else "-"
        key = f"{document}/{self.id}" if document else self.id
        cols = (key, f"p{w.page}:{w.line + 1}", box, w.original, w.candidate, w.reason, w.why)
        return "\t".join(cols)


def left_items(folder: Path, stripped: str) -> list[LeftItem]:
    """The left words of the output folder ``folder`` (``left.jsonl``; none when it is missing),
    in text order, with their ids; ``stripped`` is the folder's ``stripped.txt``. A line that
    is not a left-word record is skipped with a warning naming the file."""
    items = []
    seen: Counter[tuple[str, str]] = Counter()
    path = Path(folder) / "left.jsonl"
    for record in read_jsonl_objects(path):
        try:
            word = LeftWord.from_dict(record)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            log.warning("%s: skipping a record that is not a left word (%s)", path, exc)
            continue
        context = text_context(stripped, word.start, word.end)
        n = seen[(word.original, context)]
        seen[(word.original, context)] += 1
        digest = hashlib.sha256(f"{word.original}\n{context}\n{n}".encode()).hexdigest()
        items.append(LeftItem(LEFT_PREFIX + digest[:12], word, context))
    items.sort(key=lambda i: i.word.start)
    return items


def still_left(items: list[LeftItem], reviewed: Reviewed) -> list[LeftItem]:
    """The items no record of ``reviewed`` (the document with its decisions applied) covers:
    a decided left word has a record of its own there."""
    spans = [(c.start, c.end) for c in reviewed.corrections]
    return [i for i in items if not any(s < i.word.end and i.word.start < e for s, e in spans)]
