"""Pages typed by hand: a reviewer's transcription of a page that could not be read, kept as a
decision, applied on every run while the page's pixels are the ones it was typed from.

A page OCR flagged for manual transcription (``Page.flagged``: its text one placeholder line,
``[MANUAL TRANSCRIPTION NEEDED: page N: reason]``, what OCR read kept in ``pages/NNNN.json``
``reading``) gets no proposals. A reviewer types its text instead (the web review beside the
page image, ``foia-clean decide OUT/<name> page-N``); the decision is a ``Decision`` with
``transcription`` set, in the document's reviews log like every other, keyed by its page
(``decisions.place``: ``page-N``) and by the sha256 of the page's pixels (``page_digest``). A
page the correct stage judged no text keeps OCR's text and has no placeholder to replace: it
is listed for manual transcription, not typed here.

**Applied**, the page's placeholder line in ``stripped.txt`` is replaced in ``clean.txt`` by a
record of kind ``page``: ``original`` is what stood there (``raw.txt`` and ``stripped.txt``
keep it: nothing is lost), ``replacement`` the typed text under a first line that tells a
citing reader a person typed it::

    [TRANSCRIBED BY HAND: page 3, 2026-11-30]
    the text as typed ...

(the date is the decision's, so a re-run writes the same bytes). The record's ``review`` names
the decision; the index and the exports take the text in as they take any correction.

**Stale.** A transcription holds only while the page's pixels are the same: a new scan of the
document (or another render of the page) gives another digest, and then the transcription is
not applied but reported stale (``metadata.json`` ``review.stale``) and offered again for
review beside the new image, as a correction decision whose word re-OCR no longer finds is. A
page that is no longer flagged (OCR reads it now) makes its transcription stale too.

**Digests.** The run computes the digest of every flagged page (``page_digest``: the decoded
pixels of the page's frame, or of the PDF page rendered at 72 dpi) and writes them in
``metadata.json`` (``review.flagged_pages``), which is where the review tools, working on the
output folder, read them from.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.enums import CorrectionDecision, CorrectionKind, DocKind, TranscriptionState
from pipeline.core.records import MANUAL_MARK, PageRef, is_manual_mark
from pipeline.core.results import Correction
from pipeline.review.decisions import Action, Decision, new_decision_id, now, place
from pipeline.review.learning import append_withdrawal
from pipeline.review.store import ReviewStore

log = logging.getLogger(__name__)

#: The first line of a transcribed page in ``clean.txt`` (and the index): a person typed it.
TRANSCRIBED_MARK = "[TRANSCRIBED BY HAND: page {page}, {date}]"
#: Correction id (and decision ``correction``) of page N's transcription.
PAGE_PREFIX = "page-"
#: Resolution the pixels of a PDF page are rendered at for their digest (cheap, and any change
#: a reader would see changes it).
DIGEST_PDF_DPI = 72


@dataclass(frozen=True)
class FlaggedPage:
    """A page OCR flagged for manual transcription: its number (from 1), why, and the sha256
    of its pixels (``page_digest``; None when its image cannot be read now)."""

    number: int
    reason: str
    sha256: str | None

    @property
    def id(self) -> str:
        """``page-N``: the id its transcription record and decisions carry."""
        return f"{PAGE_PREFIX}{self.number}"

    def to_dict(self) -> dict[str, Any]:
        return {"page": self.number, "reason": self.reason, "sha256": self.sha256}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> FlaggedPage:
        return cls(int(d["page"]), str(d.get("reason") or "flagged"), d.get("sha256"))


def transcribed_mark(page: int, decision: Decision) -> str:
    """The first line of page ``page``'s transcription in ``clean.txt``: the day it was typed.

    >>> d = Decision("i", "memo", "page-2", "[...]", "", Action.EDIT, "Text", page=2,
    ...              transcription=True, time="2026-11-30T13:05:00.000+00:00")
    >>> transcribed_mark(2, d)
    '[TRANSCRIBED BY HAND: page 2, 2026-11-30]'
    """
    when = decision.when
    return TRANSCRIBED_MARK.format(page=page, date=when.date().isoformat() if when else "undated")


def clean_transcription(text: str) -> str:
    """The typed text as ``clean.txt`` holds it: line ends made ``\\n``, no form feed (it
    would start a page), trailing spaces and blank lines at either end dropped. Raises
    ``ValueError`` when nothing is left.

    >>> clean_transcription("  First line  \\r\\nSecond\\fline\\n\\n")
    '  First line\\nSecond line'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", " ")
    lines = [ln.rstrip() for ln in text.split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise ValueError("a transcription needs the page's text (it is empty)")
    return "\n".join(lines)


def page_digest(ref: PageRef) -> str:
    """The sha256 (hex) of one page's pixels: the decoded frame ``ref.index`` of an image file
    (mode, size and pixel bytes), or the PDF page rendered at ``DIGEST_PDF_DPI``. Raises
    ``DocumentError`` when the file cannot be read (as OCR would have)."""
    from pipeline.stages.pageimage import open_image, open_pdf

    h = hashlib.sha256()
    if ref.kind is DocKind.PDF:
        pdf = open_pdf(ref.path)
        try:
            bitmap = pdf[ref.index].render(scale=DIGEST_PDF_DPI / 72)
            image = bitmap.to_pil()
        finally:
            pdf.close()
    else:
        image = open_image(ref.path)
    try:
        if ref.kind is not DocKind.PDF:
            image.seek(ref.index)
        image.load()
        h.update(f"{image.mode} {image.width}x{image.height}\n".encode())
        h.update(image.tobytes())
    finally:
        image.close()
    return h.hexdigest()


def page_span(stripped: str, page: int) -> tuple[int, int] | None:
    """Where page ``page``'s placeholder line (``records.manual_mark``) stands in ``stripped``
    (the strip stage keeps it whole, a paragraph of its own), or None.

    >>> text = "one\\n\\n[MANUAL TRANSCRIPTION NEEDED: page 2: too faint]\\n\\nthree"
    >>> a, b = page_span(text, 2); text[a:b]
    '[MANUAL TRANSCRIPTION NEEDED: page 2: too faint]'
    >>> page_span(text, 3) is None
    True
    """
    head = re.escape(MANUAL_MARK.split("{page}")[0]) + str(page) + ":"
    m = re.search(r"^[ \t]*(" + head + r"[^\n]*\])[ \t]*$", stripped, re.MULTILINE)
    if m is None or not is_manual_mark(m.group(1)):
        return None
    return m.start(1), m.end(1)


@dataclass(frozen=True)
class Transcribed:
    """What the standing transcriptions did to one document: the records made, their review
    objects by id, and the transcriptions that did not apply, with why."""

    records: tuple[Correction, ...] = ()
    reviews: Mapping[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict)
    stale: tuple[tuple[Decision, str], ...] = ()


def apply_transcriptions(
    stripped: str,
    decisions: Iterable[Decision],
    flagged: Sequence[FlaggedPage],
    taken: Sequence[tuple[int, int]] = (),
) -> Transcribed:
    """The ``page`` records of the standing transcription ``decisions`` (the latest on each
    page) over ``stripped``, for the ``flagged`` pages of the document as the run found them.
    ``taken`` are the character spans of the document's other records: a page one of them is
    on is not replaced (the correct stage proposes nothing on a flagged page; a hand-edited
    log could). Pure."""
    by_page = {p.number: p for p in flagged}
    latest: dict[tuple[str, ...], Decision] = {}
    for d in decisions:
        if d.transcription and d.changes:
            latest.pop(place(d), None)
            latest[place(d)] = d
    records: list[Correction] = []
    reviews: dict[str, dict[str, Any]] = {}
    stale: list[tuple[Decision, str]] = []
    for d in latest.values():
        n = d.page or 0
        page = by_page.get(n)
        if page is None:
            stale.append((d, f"page {n} is no longer flagged for manual transcription"))
            continue
        if page.sha256 is None:
            stale.append((d, f"page {n}'s image could not be read by this run to check it"))
            continue
        if page.sha256 != d.page_sha256:
            stale.append(
                (d, f"page {n}'s scan has changed since it was transcribed: type it again")
            )
            continue
        span = page_span(stripped, n)
        if span is None or any(span[0] < b and a < span[1] for a, b in taken):
            stale.append((d, f"page {n}'s text is not where the transcription can replace it"))
            continue
        start, end = span
        original = stripped[start:end]
        replacement = f"{transcribed_mark(n, d)}\n{d.replacement}"
        record = Correction(
            id=page.id,
            page=n,
            line=0,  # the placeholder is the page's one line
            start=start,
            end=end,
            bbox=None,
            original=original,
            replacement=replacement,
            candidates=(),
            decision=CorrectionDecision.EDITED,
            reason=(
                f"page {n} transcribed by hand (decision {d.id}): it was flagged for manual "
                f"transcription ({page.reason}); what OCR read is kept in pages/{n:04d}.json"
            ),
            conf=None,
            context=d.context,
            kind=CorrectionKind.PAGE,
        )
        records.append(record)
        reviews[record.id] = {
            "action": d.action.value,
            "decision": d.id,
            "scope": d.scope.value,
            "log": f"{d.document}.jsonl",
            "was": CorrectionDecision.PROPOSED,
            "proposed": original,
            "synthetic": True,  # no correct-stage record: made from the decision
            "transcription": True,
        }
    return Transcribed(tuple(records), reviews, tuple(stale))


def record_transcription(
    store: ReviewStore,
    document: str,
    page: FlaggedPage,
    original: str,
    text: str,
    *,
    source_sha256: str | None = None,
) -> Decision:
    """Record ``text`` as the transcription of ``page`` of ``document`` (``original``: what
    stands for the page in ``stripped.txt`` now). Returns the decision written. Raises
    ``ValueError`` for an empty text or a page whose pixels are unknown (an output folder of
    an older run: run again), ``OutputBusyError`` if the reviews lock cannot be had."""
    if page.sha256 is None:
        raise ValueError(
            f"page {page.number}: its image could not be read by the run, so a transcription "
            "could not be tied to it; run 'foia-clean run' again"
        )
    d = Decision(
        id=new_decision_id(),
        document=document,
        correction=page.id,
        original=original or f"page {page.number}",
        context=f"page {page.number}",
        action=Action.EDIT,
        replacement=clean_transcription(text),
        page=page.number,
        source_sha256=source_sha256,
        time=now(),
        transcription=True,
        page_sha256=page.sha256,
    )
    store.append(d)
    return d


def standing_transcriptions(store: ReviewStore, document: str) -> dict[int, Decision]:
    """Page number -> the standing transcription of that page of ``document`` (whether it
    applies or is stale)."""
    return {
        d.page: d
        for d in store.standing(document)
        if d.transcription and d.changes and d.page is not None
    }


def withdraw_transcription(store: ReviewStore, decision_id: str) -> Decision | None:
    """Undo the standing transcription ``decision_id`` (an ``undo`` record: the placeholder
    is back from the next refresh); returns it, or None when no standing transcription has
    that id. Raises ``OutputBusyError`` if the reviews lock cannot be had."""
    with store.locked():
        target = next(
            (d for d in store.all_standing() if d.id == decision_id and d.transcription), None
        )
        if target is None:
            return None
        append_withdrawal(store, target, Action.UNDO)
    return target


@dataclass(frozen=True)
class PageToType:
    """A flagged page as a review shows it: where it stands, and the standing transcription
    (applied, or stale with ``why``)."""

    document: str
    page: FlaggedPage
    state: TranscriptionState
    decision: Decision | None = None
    why: str | None = None

    @property
    def key(self) -> str:
        """``<document>/page-N``: the page's id in the web API and the lists."""
        return f"{self.document}/{self.page.id}"

    def to_dict(self) -> dict[str, Any]:
        """For ``GET /api/pages``."""
        d = self.decision
        return {
            "id": self.key,
            "document": self.document,
            **self.page.to_dict(),
            "state": self.state.value,
            "decision": None if d is None else d.id,
            "text": None if d is None else d.replacement,
            "time": None if d is None else d.time,
            "why": self.why,
        }


def pages_to_type(
    document: str,
    flagged: Sequence[FlaggedPage],
    stale: Iterable[Any],
    applied: Iterable[Correction],
    standing: Iterable[Decision],
) -> list[PageToType]:
    """The flagged pages of ``document`` with where each stands: ``applied`` are the document's
    final records (a ``page`` record: transcribed), ``stale`` its stale decisions
    (``resolve.Stale``), ``standing`` its standing decisions."""
    typed = {c.page for c in applied if c.kind is CorrectionKind.PAGE}
    stale_by_id = {s.decision.id: s.why for s in stale}
    by_page = {d.page: d for d in standing if d.transcription and d.changes}
    out = []
    for p in flagged:
        d = by_page.get(p.number)
        if p.number in typed:
            state, why = TranscriptionState.TRANSCRIBED, None
        elif d is not None and d.id in stale_by_id:
            state, why = TranscriptionState.STALE, stale_by_id[d.id]
        else:
            state, why, d = TranscriptionState.OPEN, None, None
        out.append(PageToType(document, p, state, d, why))
    return out


def ocr_reading(folder: Path, page: int) -> str:
    """What OCR read on flagged page ``page`` of the output folder ``folder`` (its
    ``pages/NNNN.json`` ``reading``), one line per line; empty when there is none."""
    path = Path(folder) / "pages" / f"{page:04d}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    lines = data.get("reading") or [] if isinstance(data, dict) else []
    return "\n".join(str(ln.get("text", "")) for ln in lines if isinstance(ln, dict))
