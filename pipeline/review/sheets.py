"""Spreadsheets of proposals: export a document's proposals as CSV, import a filled-in one.

For reviewers who would rather decide in a spreadsheet program than at the terminal. Export
writes every proposal of the document with its current decision; import checks every row first
(``file:line: what is wrong`` for each bad one) and records nothing unless all are good, and a
row that says what is already decided records nothing (a sheet imported twice is harmless).
Cells that start like a formula get a leading quote, so OCR text or a document's name is never
run as one.

With ``--applied`` the sheet is the audit of the changes the run made on its own
(``export_applied_csv``/``import_applied_csv``, over ``audit.Audit``): one row per automatic
change of the document or batch, ``changed_to`` what the run put there, ``decision`` empty
(unchecked), ``keep``, ``revert`` or ``edit`` with the word in ``replacement``.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.enums import CorrectionDecision
from pipeline.core.errors import UsageError
from pipeline.core.fileio import write_bytes_atomic
from pipeline.core.results import Correction
from pipeline.review.answers import Answer, parse_answer
from pipeline.review.audit import Audit, AuditState, Change
from pipeline.review.decisions import Action, Decision
from pipeline.review.learning import record_decision
from pipeline.review.linetext import offered
from pipeline.review.outputs import DocOutput
from pipeline.review.resolve import BY_RULE, Reviewed, apply_decisions
from pipeline.review.store import ReviewStore
from pipeline.review.transcribe import (
    PAGE_PREFIX,
    FlaggedPage,
    clean_transcription,
    page_span,
    record_transcription,
)

log = logging.getLogger(__name__)

#: A page to type's row id: ``page-N``.
PAGE_ID = re.compile(re.escape(PAGE_PREFIX) + r"[1-9]\d*")

CSV_COLUMNS = (
    "id",
    "document",
    "page",
    "original",
    "candidates",
    "reason",
    "context",
    "decision",
    "replacement",
)
#: The columns of the audit sheet (``--applied``).
APPLIED_COLUMNS = (
    "id",
    "document",
    "page",
    "original",
    "changed_to",
    "reason",
    "context",
    "decision",
    "replacement",
)
#: An audit state -> its ``decision`` cell.
_AUDIT_CELL = {"unchecked": "", "confirmed": "keep", "reverted": "revert", "corrected": "edit"}
#: What a spreadsheet program may read as the start of a formula (OWASP's list: tab and
#: carriage return too, which some programs skip before an ``=``).
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Planned:
    """One decision read from a spreadsheet, checked, not yet recorded."""

    line: int
    correction: Correction
    action: Action
    replacement: str | None = None
    candidate: int | None = None


def _cell(text: str) -> str:
    # A cell starting like a formula is run by spreadsheets: OCR text must not be.
    return "'" + text if text.startswith(_FORMULA) else text


def _uncell(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA) else text


def export_csv(out: DocOutput, reviewed: Reviewed) -> str:
    """Every proposal of the document with its current decision, as CSV text, then a row for
    each page flagged for manual transcription (id ``page-N``; ``replacement`` the page's text
    as typed, on several lines in one cell; empty until someone types it).

    ``candidates`` is a word's candidates (``a | b``), a line item's suggested line (what
    ``accept`` takes; empty for a line of noise). ``decision`` is empty (pending), ``accept``,
    ``reject``, ``edit`` or a candidate number;
    ``replacement`` is the chosen text (for ``edit``: type it; a replacement with an empty
    decision is an edit too).
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    by_id = {c.id: c for c in reviewed.corrections}
    for base in out.corrections:
        now_ = by_id.get(base.id, base)
        if CorrectionDecision.PROPOSED not in (base.decision, now_.decision):
            continue
        review = reviewed.reviews.get(base.id, {})
        decision, repl = _csv_state(now_, review)
        writer.writerow(
            [
                base.id,
                _cell(out.name),
                base.page,
                _cell(base.original),
                _cell(offered(base)),
                _cell(base.reason),
                _cell(base.context),
                decision,
                _cell(repl),
            ]
        )
    stale = {s.decision.page: s.why for s in reviewed.stale if s.decision.transcription}
    for page in out.flagged:  # pages to type: the page's text in ``replacement``
        typed = reviewed.transcribed(page.number)
        text = typed.replacement.split("\n", 1)[1] if typed is not None else ""
        why = f"flagged for manual transcription: {page.reason}"
        if page.number in stale:
            why += f" (a transcription is stale: {stale[page.number]})"
        writer.writerow(
            [
                page.id,
                _cell(out.name),
                page.number,
                _cell(typed.original if typed is not None else f"page {page.number}"),
                "",
                _cell(why),
                f"page {page.number}",
                "edit" if typed is not None else "",
                _cell(text),
            ]
        )
    return buf.getvalue()


def _csv_state(c: Correction, review: Mapping[str, Any]) -> tuple[str, str]:
    action = review.get("action")
    if action is None or action in BY_RULE:
        return "", ""  # nobody decided this row
    if c.decision == CorrectionDecision.REJECTED:
        return "reject", ""
    if action == Action.CANDIDATE.value:
        return str(review.get("candidate", "")), c.replacement
    if action == Action.EDIT.value:
        return "edit", c.replacement
    return "accept", c.replacement


def read_csv(path: Path, out: DocOutput, reviewed: Reviewed) -> list[Planned]:
    """Check a spreadsheet of decisions for ``out``; rows left as they are give nothing.

    Raises ``UsageError`` listing every bad row as ``file:line: what is wrong`` (nothing is
    recorded unless every row is good).
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("id", "decision", "replacement") if c not in (reader.fieldnames or [])]
    if missing:
        raise UsageError(f"{path}:1: missing column(s): {', '.join(missing)}")
    base = {c.id: c for c in out.corrections}
    current = {c.id: c for c in reviewed.corrections}
    errors: list[str] = []
    planned: list[Planned] = []
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num
        rid = (row.get("id") or "").strip()
        doc = _uncell((row.get("document") or "").strip())
        if PAGE_ID.fullmatch(rid):
            continue  # a page to type: ``read_page_rows``
        try:
            if not rid:
                raise ValueError("no id")
            if doc and doc != out.name:
                raise ValueError(
                    f"row of document {doc!r}: import it with foia-clean review OUT/{doc} --import"
                )
            if rid not in base:
                raise ValueError(f"no correction {rid!r} in {out.name}")
            if rid in seen:
                raise ValueError(f"correction {rid} appears twice")
            seen.add(rid)
            plan = _plan_row(
                line,
                base[rid],
                (row.get("decision") or "").strip().lower(),
                _uncell((row.get("replacement") or "").strip()),
            )
        except ValueError as exc:
            errors.append(f"{path}:{line}: {exc}")
            continue
        if plan is not None and not _unchanged(plan, current[rid], reviewed.reviews.get(rid, {})):
            planned.append(plan)
    if errors:
        raise UsageError("bad rows, nothing recorded:\n" + "\n".join(errors))
    return planned


def read_page_rows(
    path: Path, out: DocOutput, reviewed: Reviewed
) -> list[tuple[int, FlaggedPage, str]]:
    """The rows of pages to type (``page-N``) whose text differs from the transcription that
    applies, as (sheet line, page, text). Raises ``UsageError`` listing every bad row (a page
    not flagged, a document that is not ``out``, a decision other than ``edit`` or empty)."""
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    flagged = {p.id: p for p in out.flagged}
    planned: list[tuple[int, FlaggedPage, str]] = []
    errors: list[str] = []
    for row in reader:
        rid = (row.get("id") or "").strip()
        if not PAGE_ID.fullmatch(rid):
            continue
        doc = _uncell((row.get("document") or "").strip())
        typed = _uncell((row.get("replacement") or "").strip("\n"))
        decision = (row.get("decision") or "").strip().lower()
        if doc and doc != out.name:
            errors.append(f"{path}:{reader.line_num}: row of document {doc!r}")
        elif rid not in flagged:
            errors.append(
                f"{path}:{reader.line_num}: page {rid} of {out.name} is not flagged for "
                "manual transcription"
            )
        elif decision not in ("", "edit"):
            errors.append(f"{path}:{reader.line_num}: a page takes its text (decision edit)")
        elif typed.strip():
            page = flagged[rid]
            now_ = reviewed.transcribed(page.number)
            if now_ is None or now_.replacement.split("\n", 1)[1] != clean_transcription(typed):
                planned.append((reader.line_num, page, typed))
    if errors:
        raise UsageError("bad rows, nothing recorded:\n" + "\n".join(errors))
    return planned


def _plan_row(line: int, c: Correction, decision: str, repl: str) -> Planned | None:
    answer = parse_answer(decision, c, repl, free_text=False)  # the one reading of answers
    if answer is None:
        return None
    return Planned(line, c, answer.action, answer.text, answer.candidate)


def _unchanged(plan: Planned, now_: Correction, review: Mapping[str, Any]) -> bool:
    """Does the row say what is already decided (a sheet imported twice records nothing)?"""
    if not review or review.get("action") in BY_RULE:
        return False
    if plan.action is Action.REJECT:
        return now_.decision == CorrectionDecision.REJECTED
    names = [text for text, _ in plan.correction.candidates]
    if plan.action is Action.ACCEPT:
        wanted = plan.correction.replacement
    elif plan.action is Action.CANDIDATE and plan.candidate is not None:
        wanted = names[plan.candidate - 1]
    else:
        wanted = plan.replacement or ""
    return (
        now_.decision in (CorrectionDecision.ACCEPTED, CorrectionDecision.EDITED)
        and now_.replacement == wanted
    )


def write_csv(path: Path, text: str) -> None:
    """Write the sheet ``text`` to ``path`` atomically. Raises ``UsageError`` when ``path``'s
    folder does not exist: a sheet goes where the user named, and no folder is made for it."""
    if not path.parent.is_dir():
        raise UsageError(f"{path}: no folder {path.parent} to write the sheet in")
    # With a byte-order mark: spreadsheet programs then read UTF-8 names correctly.
    write_bytes_atomic(path, text.encode("utf-8-sig"))


def import_csv(path: Path, out: DocOutput, store: ReviewStore) -> list[Decision]:
    """Check the spreadsheet at ``path`` for ``out`` (``read_csv``), then record its decisions
    in ``store``; returns them, in row order. Raises ``UsageError`` (nothing recorded) for bad
    rows; the output folder is not written (``outputs.refresh`` does that)."""
    reviewed = apply_decisions(out.name, out.stripped, out.result(), store, out.flagged)
    recorded = []
    rows = read_csv(path, out, reviewed)
    pages = read_page_rows(path, out, reviewed)  # every row checked before anything is recorded
    for line, page, text in pages:
        span = page_span(out.stripped, page.number)
        original = out.stripped[span[0] : span[1]] if span else ""
        try:
            recorded.append(
                record_transcription(
                    store, out.name, page, original, text, source_sha256=out.source_sha256
                )
            )
        except ValueError as exc:
            raise UsageError(f"{path}:{line}: {exc}") from exc
    for p in rows:
        try:
            d = record_decision(
                store,
                out.name,
                p.correction,
                p.action,
                replacement=p.replacement,
                candidate=p.candidate,
                source_sha256=out.source_sha256,
            )
        except ValueError as exc:  # read_csv checked every row; this is a bug
            raise UsageError(f"{path}:{p.line}: {exc}") from exc
        recorded.append(d)
    return recorded


def export_applied_csv(audit: Audit) -> str:
    """Every automatic change of ``audit``'s documents with where its audit stands, as CSV
    text (``APPLIED_COLUMNS``; ``decision``: empty, keep, revert or edit)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(APPLIED_COLUMNS)
    for ch in audit.changes(done=True):
        c = ch.correction
        typed = c.replacement if ch.state is AuditState.CORRECTED else ""
        writer.writerow(
            [
                c.id,
                _cell(ch.document),
                c.page,
                _cell(c.original),
                _cell(ch.machine),
                _cell(c.reason),
                _cell(c.context),
                _AUDIT_CELL[ch.state.value],
                _cell(typed),
            ]
        )
    return buf.getvalue()


def read_applied_csv(path: Path, audit: Audit) -> list[tuple[Change, Answer]]:
    """Check an audit sheet against ``audit``'s changes; rows that say what already stands
    give nothing. Raises ``UsageError`` listing every bad row (nothing is recorded unless every
    row is good)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from exc
    reader = csv.DictReader(io.StringIO(text))
    need = ("id", "document", "decision", "replacement")
    missing = [c for c in need if c not in (reader.fieldnames or [])]
    if missing:
        raise UsageError(f"{path}:1: missing column(s): {', '.join(missing)}")
    changes = {ch.key: ch for ch in audit.changes(done=True)}
    errors: list[str] = []
    planned: list[tuple[Change, Answer]] = []
    seen: set[str] = set()
    for row in reader:
        key = f"{_uncell((row.get('document') or '').strip())}/{(row.get('id') or '').strip()}"
        decision = (row.get("decision") or "").strip().lower()
        typed = _uncell((row.get("replacement") or "").strip())
        try:
            ch = changes.get(key)
            if ch is None:
                raise ValueError(f"no automatic change {key!r} here")
            if key in seen:
                raise ValueError(f"change {key} appears twice")
            seen.add(key)
            answer = parse_answer(decision, ch.as_applied(), typed, free_text=False, applied=True)
        except ValueError as exc:
            errors.append(f"{path}:{reader.line_num}: {exc}")
            continue
        if answer is not None and not _audit_unchanged(ch, answer):
            planned.append((ch, answer))
    if errors:
        raise UsageError("bad rows, nothing recorded:\n" + "\n".join(errors))
    return planned


def _audit_unchanged(ch: Change, answer: Answer) -> bool:
    if answer.action is Action.CONFIRM:
        return ch.state is AuditState.CONFIRMED
    if answer.action is Action.REJECT:
        return ch.state is AuditState.REVERTED
    return ch.state is AuditState.CORRECTED and ch.correction.replacement == answer.text


def import_applied_csv(path: Path, audit: Audit) -> list[Decision]:
    """Check the audit sheet at ``path`` (``read_applied_csv``), then record its decisions
    and write the outputs they change; returns the decisions, in row order."""
    return audit.record(read_applied_csv(path, audit))
