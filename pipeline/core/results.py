"""The records the later stages hand on: what stripping removed and read, what correction did.

They live in the core so that every stage, the review tools and the output writer agree on one
shape; each serialises with ``to_dict`` (the form written to ``removed.jsonl``,
``corrections.jsonl`` and ``metadata.json``) and, where a later stage reads it back,
``from_dict``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.core.enums import CorrectionDecision, CorrectionKind, FurnitureKind
from pipeline.core.names import printable
from pipeline.core.records import BBox, Redaction, WordSpan

APPLIED = CorrectionDecision.APPLIED
PROPOSED = CorrectionDecision.PROPOSED


@dataclass(frozen=True)
class Removal:
    """One removed line or span: where it was, what it said, what it was and why it went.

    ``page`` is the page number, ``line`` the index into ``Page.lines``, ``start``/``end`` character
    offsets in that line's text (a whole line is ``0..len(text)``); ``text`` is exactly that slice.
    ``score`` is the summed evidence; ``bbox`` the removed words' box on the page (OCR input).

    A ``line-join`` record (one per page with a join) removes no text: it lists the page's
    lines whose line break the rejoining took out, ``space_lines`` where the break became one
    space (a paragraph's wrapped lines) and ``word_lines`` where it became nothing (a word broken
    at the line end, its hyphen kept or undone by a ``line-end-hyphen`` record). Its ``line``
    is the first line listed and ``start`` = ``end`` that line's length (where its break is);
    a break after the page's last line joins it to the next page's first kept line.

    A ``redaction`` record says what was written in its span's place: ``mark``, the exact
    text (``[REDACTED]``, ``[REDACTED:(b)(1)]``: ``records.redacted_mark``), and ``mark_at``,
    its offset in the stripped text (None when the mark is not in it). ``to_dict`` writes them
    as ``"mark": {"text", "start", "end"}`` (end = start + length; offsets in ``stripped.txt``,
    as ``corrections.jsonl``'s); other records have no ``mark`` and keep their shape.
    """

    page: int
    line: int
    start: int
    end: int
    text: str
    kind: FurnitureKind
    evidence: tuple[str, ...]
    score: float
    bbox: BBox | None = None
    space_lines: tuple[int, ...] = ()
    word_lines: tuple[int, ...] = ()
    mark: str = ""
    mark_at: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "page": self.page,
            "line": self.line,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "evidence": "; ".join(self.evidence),
            "score": round(self.score, 2),
            "bbox": None if self.bbox is None else self.bbox.to_list(),
        }
        if self.kind == FurnitureKind.LINE_JOIN:  # only here: other records keep their shape
            d["joins"] = {"space": list(self.space_lines), "word": list(self.word_lines)}
        if self.mark:  # only a redaction's: other records keep their shape
            at = self.mark_at
            d["mark"] = {
                "text": self.mark,
                "start": at,
                "end": None if at is None else at + len(self.mark),
            }
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Removal:
        """The inverse of ``to_dict`` (evidence items are joined by "; " there)."""
        return cls(
            page=int(d["page"]),
            line=int(d["line"]),
            start=int(d["start"]),
            end=int(d["end"]),
            text=d["text"],
            kind=FurnitureKind(d["kind"]),
            evidence=tuple(d["evidence"].split("; ")) if d["evidence"] else (),
            score=float(d["score"]),
            bbox=BBox.from_list(d.get("bbox")),
            space_lines=tuple(d.get("joins", {}).get("space", ())),
            word_lines=tuple(d.get("joins", {}).get("word", ())),
            mark=d.get("mark", {}).get("text", ""),
            mark_at=d.get("mark", {}).get("start"),
        )


@dataclass(frozen=True)
class Field:
    """One metadata value and where it was read: page number, line index, character offsets."""

    value: str | tuple[str, ...]
    page: int
    line: int
    start: int
    end: int
    bbox: BBox | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": list(self.value) if isinstance(self.value, tuple) else self.value,
            "page": self.page,
            "line": self.line,
            "start": self.start,
            "end": self.end,
            "bbox": None if self.bbox is None else self.bbox.to_list(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Field:
        value = d["value"]
        return cls(
            value=tuple(value) if isinstance(value, list) else value,
            page=int(d["page"]),
            line=int(d["line"]),
            start=int(d["start"]),
            end=int(d["end"]),
            bbox=BBox.from_list(d.get("bbox")),
        )


@dataclass(frozen=True)
class StripResult:
    text: str
    spans: tuple[WordSpan, ...]
    removals: tuple[Removal, ...]
    fields: dict[str, Field]
    #: Where text was withheld, page by page: boxes found on the page images and exemption
    #: labels read in text input, each with its codes.
    redactions: tuple[Redaction, ...] = ()
    #: The ``line-join`` records, one per page whose line breaks the rejoining took out: not
    #: removals of text (``removals`` is what went), but ``removed.jsonl`` carries them too.
    joins: tuple[Removal, ...] = ()

    def records(self) -> list[Removal]:
        """``removed.jsonl``'s records: the removals and the line joins, in page, line and
        offset order (a page's ``line-join`` record at the end of the first line it lists)."""
        return sorted((*self.removals, *self.joins), key=lambda r: (r.page, r.line, r.start))

    def metadata(self) -> dict[str, Any]:
        """The fields for metadata.json; absent fields are simply not there."""
        return {name: f.to_dict() for name, f in self.fields.items()}

    def redactions_by_page(self) -> dict[str, list[dict[str, Any]]]:
        """``metadata.json`` ``redactions``: page number -> the page's redactions (style, box,
        exemption codes and their box; line and offsets for a label in text input)."""
        out: dict[str, list[dict[str, Any]]] = {}
        for r in self.redactions:
            d = r.to_dict()
            del d["page"]
            out.setdefault(str(r.page), []).append(d)
        return out


@dataclass(frozen=True)
class Subsumed:
    """A word record a transcription line item replaced: what the correct stage would have
    applied or proposed for a word of that line (``Correction.subsumed``), kept so that nothing
    it decided is lost silently. ``start``/``end`` are offsets in the stripped text."""

    start: int
    end: int
    original: str
    replacement: str
    decision: CorrectionDecision
    #: The record's own page and line (``Correction.page``/``line``), kept when the item spans
    #: several lines (a region, ``correct.regions``), so the record stays findable; None in a
    #: one-line item, whose page and line are the item's.
    page: int | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        where = {} if self.line is None else {"page": self.page, "line": self.line}
        return {
            "start": self.start,
            "end": self.end,
            "original": self.original,
            "replacement": self.replacement,
            "decision": self.decision.value,
            **where,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Subsumed:
        return cls(
            start=int(d["start"]),
            end=int(d["end"]),
            original=str(d["original"]),
            replacement=str(d["replacement"]),
            decision=CorrectionDecision(d["decision"]),
            page=None if d.get("page") is None else int(d["page"]),
            line=None if d.get("line") is None else int(d["line"]),
        )


@dataclass(frozen=True)
class Correction:
    """One applied or proposed change, self-explaining and replayable.

    ``start``/``end`` delimit ``original`` in the stripped text (punctuation around a word is not
    part of it); ``replacement`` is what goes there when the change is applied (the best
    candidate, in the word's case). ``line`` is the 0-based index of the line in its page, as in
    ``WordSpan.line``. ``id`` is stable across runs and documents: a hash of the word, its
    neighbours and its occurrence index among identical contexts, never of a line number.

    A ``kind`` ``LINE`` record is a "transcribe by hand" item: ``original`` is a whole line of
    OCR noise (its box the union of its words' boxes), ``replacement`` the same text and
    ``candidates`` empty until a person types the line (``EDITED``) or keeps it (``REJECTED``);
    ``subsumed`` lists the word records of that line it replaced; its ``conf`` is the mean OCR
    confidence of the line's words. ``kind`` and ``subsumed`` are written to
    ``corrections.jsonl`` only for a line item.
    """

    id: str
    page: int
    line: int
    start: int
    end: int
    bbox: BBox | None
    original: str
    replacement: str
    candidates: tuple[tuple[str, float], ...]
    decision: CorrectionDecision
    reason: str
    conf: float | None
    context: str
    #: Applied because a person confirmed this correction in review (the user lexicon), not
    #: on the dictionaries' evidence: review re-opens it when that confirmation is undone.
    learned: bool = False
    kind: CorrectionKind = CorrectionKind.WORD
    subsumed: tuple[Subsumed, ...] = ()

    @property
    def is_line(self) -> bool:
        """Is this a "transcribe by hand" line item (typed text for the whole line), or a region
        of such lines (``is_region``), which review takes the same way?"""
        return self.kind is CorrectionKind.LINE or self.kind is CorrectionKind.REGION

    @property
    def is_region(self) -> bool:
        """Is this a "transcribe by hand" item for several lines (``correct.regions``)?"""
        return self.kind is CorrectionKind.REGION

    def to_dict(self) -> dict[str, Any]:
        line: dict[str, Any] = (
            {"kind": self.kind.value, "subsumed": [s.to_dict() for s in self.subsumed]}
            if self.is_line
            else {}
        )
        if self.kind is CorrectionKind.PAGE:  # a page typed by hand (``review.transcribe``)
            line = {"kind": self.kind.value}
        return {
            "id": self.id,
            "page": self.page,
            "line": self.line,
            "start": self.start,
            "end": self.end,
            "bbox": None if self.bbox is None else self.bbox.to_list(),
            "original": self.original,
            "replacement": self.replacement,
            "candidates": [[text, score] for text, score in self.candidates],
            "decision": self.decision,
            "reason": self.reason,
            "conf": self.conf,
            "context": self.context,
            **({"learned": True} if self.learned else {}),
            **line,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Correction:
        return cls(
            id=d["id"],
            page=int(d["page"]),
            line=int(d["line"]),
            start=int(d["start"]),
            end=int(d["end"]),
            bbox=BBox.from_list(d.get("bbox")),
            original=d["original"],
            replacement=d["replacement"],
            candidates=tuple((str(t), float(s)) for t, s in d["candidates"]),
            decision=CorrectionDecision(d["decision"]),
            reason=d["reason"],
            conf=d.get("conf"),
            context=d["context"],
            learned=bool(d.get("learned", False)),
            kind=CorrectionKind(d.get("kind", CorrectionKind.WORD.value)),
            subsumed=tuple(Subsumed.from_dict(s) for s in d.get("subsumed", ())),
        )


@dataclass(frozen=True)
class PageCheck:
    """Whether a page's OCR is real text or needs a person to transcribe it."""

    page: int
    manual: bool
    reason: str
    words: int
    known_share: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "manual": self.manual,
            "reason": self.reason,
            "words": self.words,
            "known_share": round(self.known_share, 3),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PageCheck:
        return cls(
            page=int(d["page"]),
            manual=bool(d["manual"]),
            reason=d["reason"],
            words=int(d["words"]),
            known_share=float(d["known_share"]),
        )


def manual_note(
    pages: Sequence[tuple[str, int, str]],
    typeable: Collection[tuple[str, int]],
    shown: int = 5,
) -> str | None:
    """One line for people naming the pages listed for a person, ``pages`` as (document name,
    page number from 1, reason), in two groups said apart, at most ``shown`` of each and then
    how many more; None when there are none. The one definition the run's summary, ``review
    --list``, ``decide page-N`` and the web review share: a page of ``typeable`` (document,
    page) OCR could not read, its text a placeholder a person types over (``decide page-N``,
    the web's "Pages to type"); any other the correct stage judged not text (another language,
    a photo, handwriting): OCR's reading stays in clean.txt, nothing on it is proposed and
    there is nothing to type over. Names are escaped for a terminal (``printable``).

    >>> manual_note([("memo", 3, "too faint"), ("memo", 4, "French")], {("memo", 3)})
    ... # doctest: +NORMALIZE_WHITESPACE
    "1 page to type by hand (OCR could not read it): memo p3 (too faint); 1 page judged not
    text by correction (OCR's reading kept in clean.txt, nothing proposed, nothing to type):
    memo p4 (French); each document's metadata.json lists them (manual_transcription)"
    """
    if not pages:
        return None

    def listed(group: Sequence[tuple[str, int, str]]) -> str:
        names = ", ".join(f"{printable(name)} p{n} ({why})" for name, n, why in group[:shown])
        return names + (f" and {len(group) - shown} more" if len(group) > shown else "")

    def count(n: int) -> str:
        return f"{n} page{'' if n == 1 else 's'}"

    to_type = [p for p in pages if (p[0], p[1]) in typeable]
    not_text = [p for p in pages if (p[0], p[1]) not in typeable]
    parts = []
    if to_type:
        it = "it" if len(to_type) == 1 else "them"
        parts.append(f"{count(len(to_type))} to type by hand (OCR could not read {it}): "
                     f"{listed(to_type)}")  # fmt: skip
    if not_text:
        parts.append(
            f"{count(len(not_text))} judged not text by correction (OCR's reading kept in "
            f"clean.txt, nothing proposed, nothing to type): {listed(not_text)}"
        )
    return "; ".join([*parts, "each document's metadata.json lists them (manual_transcription)"])


@dataclass(frozen=True)
class LeftWord:
    """A word the correct stage thought damaged and left alone, neither applied nor proposed
    (``left.jsonl``): where it is (``page``, 1-based, and ``line``, 0-based on that page;
    ``start``/``end`` character offsets in ``stripped.txt``; ``bbox`` on the page image when
    there are OCR boxes), the ``original`` word, its best ``candidate`` and that candidate's
    ``score`` (log-probability), and why it was left: ``reason`` is the class counted in
    ``metadata.json`` ``corrections_left`` (``unsupported``: nothing around the word supports
    the change; ``name``, ``known_name``, ``code``, ``foreign``, ``unlikely``,
    ``title_case``, ``code_lowercase``, ``lower_name``, ``repeated_code``, ``case_fragment``:
    correct/worth.py; ``compound_piece``, ``prefixed``: correct/dictionary.py),
    ``why`` the sentence."""

    page: int
    line: int
    start: int
    end: int
    original: str
    candidate: str
    score: float
    reason: str
    why: str
    bbox: BBox | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "line": self.line,
            "start": self.start,
            "end": self.end,
            "bbox": self.bbox.to_list() if self.bbox is not None else None,
            "original": self.original,
            "candidate": self.candidate,
            "score": round(self.score, 4),
            "reason": self.reason,
            "why": self.why,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LeftWord:
        return cls(
            page=int(d["page"]),
            line=int(d["line"]),
            start=int(d["start"]),
            end=int(d["end"]),
            bbox=BBox.from_list(d.get("bbox")),
            original=str(d["original"]),
            candidate=str(d["candidate"]),
            score=float(d["score"]),
            reason=str(d["reason"]),
            why=str(d["why"]),
        )


@dataclass(frozen=True)
class CorrectResult:
    text: str
    corrections: tuple[Correction, ...]
    #: Pages flagged for manual transcription; nothing on them is corrected or proposed.
    manual_pages: tuple[PageCheck, ...] = ()
    tokens: int = 0
    #: Words a proposal was considered for and left, by class (``unsupported``: nothing around
    #: the word supports it; ``name``, ``code``, ``foreign``, ``unlikely``: correct/worth.py):
    #: counted in ``metadata.json`` so that no drop is silent.
    left: dict[str, int] = field(default_factory=dict)
    #: The words ``left`` counts, each with its place, best candidate and reason (in text order).
    left_words: tuple[LeftWord, ...] = ()

    @property
    def applied(self) -> tuple[Correction, ...]:
        return tuple(c for c in self.corrections if c.decision == APPLIED)

    @property
    def proposed(self) -> tuple[Correction, ...]:
        return tuple(c for c in self.corrections if c.decision == PROPOSED)
