"""A document's output folder, read back for review and written again after a decision.

The review tools work on what ``foia-clean run`` wrote (``OUT/<name>/``): ``stripped.txt``,
``corrections.jsonl`` and ``metadata.json``. Records a decision changed carry a ``review`` object
(what was done, by which decision, and what the correct stage had said), so the records as the
correct stage made them are always recoverable (``pristine``) and decisions can be re-applied
from scratch. ``write_reviewed`` writes the same bytes a run writes for the same decisions (no
timestamps go into outputs); every write holds the output folder's lock, as a run does.

Also here: which folders of a batch have corrections, how often each word recurs across the
batch, and the order a reviewer is asked in.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.enums import CorrectionDecision
from pipeline.core.errors import OutputBusyError, UsageError
from pipeline.core.fileio import (
    output_lock,
    read_jsonl_objects,
    sha256_bytes,
)
from pipeline.core.results import Correction, CorrectResult
from pipeline.review.resolve import BY_RULE, Reviewed, apply_decisions
from pipeline.review.store import ReviewStore
from pipeline.review.transcribe import FlaggedPage
from pipeline.stages.correct import apply_corrections

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocOutput:
    """One document's output folder, read back for review."""

    folder: Path
    stripped: str
    corrections: tuple[Correction, ...]  # as the correct stage made them (review undone)
    metadata: Mapping[str, Any]

    @property
    def name(self) -> str:
        """The document's output name (its folder's name; its reviews log's stem)."""
        return self.folder.name

    @property
    def batch_dir(self) -> Path:
        """The run's output folder (``OUT``)."""
        return self.folder.parent

    @property
    def source_sha256(self) -> str | None:
        """The source's sha256 (hex) from ``metadata.json``: the file's, or for a folder one
        hash over its pages' hashes; None when the metadata names no file."""
        files = self.metadata.get("source", {}).get("files") or []
        if len(files) == 1:
            return files[0].get("sha256")
        if files:  # a folder document: one hash over its pages' hashes
            joined = "\n".join(f"{f.get('path')} {f.get('sha256')}" for f in files)
            return sha256_bytes(joined.encode())
        return None

    @property
    def flagged(self) -> list[FlaggedPage]:
        """The pages flagged for manual transcription, with the digests the run wrote."""
        return flagged_from_metadata(self.metadata)

    def result(self) -> CorrectResult:
        """The correct stage's result as it was before any review."""
        return CorrectResult(apply_corrections(self.stripped, self.corrections), self.corrections)


def pristine(record: Mapping[str, Any]) -> Correction | None:
    """A ``corrections.jsonl`` line as the correct stage wrote it, before any review (None
    for a record that only a decision made). Raises ``KeyError``/``ValueError`` for a line that
    is not a correction record."""
    review = record.get("review")
    if review:
        if review.get("synthetic"):
            return None
        record = {
            **record,
            "decision": review["was"],
            "replacement": review["proposed"],
            "reason": review.get("reason", record["reason"]),
        }
        if review.get("action") in BY_RULE:  # the only reviews that set ``learned``
            record["learned"] = bool(review.get("learned", False))
        if "candidates" in review:  # a record the user lexicon applied, proposed again
            record["candidates"] = review["candidates"]
    return Correction.from_dict(dict(record))


def read_records(path: Path) -> list[Correction]:
    """The records of a ``corrections.jsonl`` as written (review fields not undone); an
    unreadable or missing file gives none, an unreadable line is skipped."""
    out = []
    for record in read_jsonl_objects(path):
        try:
            out.append(Correction.from_dict(record))
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return out


def load_output(folder: Path) -> DocOutput:
    """Read ``OUT/<name>/`` for review. Raises ``UsageError`` when it is not one (no
    ``metadata.json``, no ``stripped.txt``, a file that does not parse: ``file:line``)."""
    folder = Path(folder)
    meta_path = folder / "metadata.json"
    if not meta_path.is_file():
        # Say which of three things it is: a failed document's folder (there is nothing to
        # review), no folder at all (a mistyped OUT or name), or some other folder.
        if (folder / "error.json").is_file():
            raise UsageError(
                f"{folder}: the run failed on this document, so there is nothing to review "
                "(the reason is in its error.json; fix the input and run again)"
            )
        what = "no such folder" if not folder.exists() else "not a document output folder"
        raise UsageError(f"{folder}: {what}; give OUT/<name>, a folder written by 'foia-clean run'")
    stripped_path = folder / "stripped.txt"
    if not stripped_path.is_file():
        raise UsageError(
            f"{folder}: no stripped.txt (made by an older foia-clean); run 'foia-clean run' again"
        )
    try:
        metadata = json.loads(meta_path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise UsageError(f"{meta_path}: not valid JSON ({exc})") from exc
    corrections = []
    path = folder / "corrections.jsonl"
    if path.is_file():
        for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                record = pristine(json.loads(raw))
            except (ValueError, KeyError, TypeError) as exc:
                raise UsageError(f"{path}:{lineno}: not a correction record ({exc})") from exc
            if record is not None:
                corrections.append(record)
    stripped = stripped_path.read_text(encoding="utf-8")
    return DocOutput(folder, stripped, tuple(corrections), metadata)


#: What a decision rewrites at once in its document's folder (``write_reviewed``), for people.
REVIEW_WRITES = "clean.txt, corrections.jsonl and metadata.json"
#: What only the next ``foia-clean run`` brings up to date after a review, for people.
NEXT_RUN_WRITES = "the PDF, alto.xml, hocr.html and the search index (index.sqlite)"


def manual_pages(metadata: Mapping[str, Any]) -> list[tuple[int, str]]:
    """The pages a document's ``metadata.json`` says need manual transcription, as (page
    number from 1, reason) by page: its ``page_status`` entries ``manual`` (flagged by OCR) and
    its ``manual_transcription`` list (the correct stage's page check). Nothing on such a page
    is proposed, so a review's lists say them apart."""
    found: dict[int, str] = {}
    for number, status in (metadata.get("page_status") or {}).items():
        if isinstance(status, Mapping) and status.get("status") == "manual":
            found[int(number)] = str(status.get("reason") or "flagged")
    for check in metadata.get("manual_transcription") or ():
        if isinstance(check, Mapping) and check.get("manual", True) and "page" in check:
            found.setdefault(int(check["page"]), str(check.get("reason") or "flagged"))
    return sorted(found.items())


def flagged_from_metadata(metadata: Mapping[str, Any]) -> list[FlaggedPage]:
    """The pages OCR flagged for manual transcription, with the digests of their pixels, as the
    run wrote them in ``metadata.json`` (``review.flagged_pages``); a folder written by an
    older foia-clean gives its ``page_status`` pages with no digest (a transcription needs a
    new run first)."""
    review = metadata.get("review") or {}
    listed = review.get("flagged_pages") if isinstance(review, Mapping) else None
    if isinstance(listed, list):
        out = []
        for d in listed:
            try:
                out.append(FlaggedPage.from_dict(d))
            except (KeyError, TypeError, ValueError):
                continue
        return out
    return [
        FlaggedPage(int(n), str(status.get("reason") or "flagged"), None)
        for n, status in sorted(
            (metadata.get("page_status") or {}).items(), key=lambda kv: int(kv[0])
        )
        if isinstance(status, Mapping) and status.get("status") == "manual"
    ]


def logs_stamp(root: Path) -> tuple[tuple[str, int], ...]:
    """The reviews folder's logs as (file name, size in bytes), by name: a review that records
    anything (a decision, an undo) changes it, one that records nothing leaves it as it was
    (the logs are only ever appended to). Empty when the folder does not exist."""
    try:
        return tuple(sorted((p.name, p.stat().st_size) for p in Path(root).glob("*.jsonl")))
    except OSError:
        return ()


def next_run_command(argv0: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The batch command to name in a review's closing message, said the way this review was
    started: ``'make clean'`` under make (``MAKELEVEL`` set: ``make review``), ``'python -m
    pipeline run'`` for ``python -m pipeline`` (``argv0`` the package's ``__main__.py``),
    otherwise ``'foia-clean run'``. ``argv0``/``environ`` default to ``sys.argv[0]`` and
    ``os.environ``."""
    import os
    import sys

    environ = os.environ if environ is None else environ
    argv0 = (sys.argv[0] if sys.argv else "") if argv0 is None else argv0
    if environ.get("MAKELEVEL"):
        return "make clean"
    if Path(argv0).name == "__main__.py" and Path(argv0).parent.name == "pipeline":
        return "python -m pipeline run"
    return "foia-clean run"


def after_review(
    reviews: str,
    where: str = "of every document decided",
    recorded: bool = True,
    command: str | None = None,
) -> str:
    """What a review that ends has brought up to date and what waits for the next run, for
    people (the terminal, the audit and the web review say the same): ``reviews`` is the
    reviews folder as shown, ``where`` names the documents whose files were rewritten,
    ``recorded`` whether the review recorded anything (a decision, an undo: ``logs_stamp``
    changed); when it did not, nothing was rewritten and the message says only that.
    ``command`` is the batch command named (default ``next_run_command()``: as the user runs it).

    >>> print(after_review("reviews", "of memo", command="foia-clean run"))
    ... # doctest: +NORMALIZE_WHITESPACE
    Decisions are saved in reviews/; clean.txt, corrections.jsonl and metadata.json of memo are
    up to date. The PDF, alto.xml, hocr.html and the search index (index.sqlite) take them in
    on the next 'foia-clean run', which also lets the other documents learn from them.
    """
    if not recorded:  # no decision and no undo: nothing was rewritten
        return f"Nothing decided: {reviews}/ and the outputs are as they were."
    return (
        f"Decisions are saved in {reviews}/; {REVIEW_WRITES} {where} are up to date. "
        f"{NEXT_RUN_WRITES[:1].upper()}{NEXT_RUN_WRITES[1:]} take them in on the next "
        f"'{command or next_run_command()}', which also lets the other documents learn from them."
    )


def write_reviewed(out: DocOutput, reviewed: Reviewed) -> None:
    """Write ``clean.txt``, ``corrections.jsonl`` and the review part of ``metadata.json``:
    the bytes ``foia-clean run`` writes for the same decisions. Call under ``output_lock``."""
    from pipeline import outputs  # the one writer of output files

    outputs.write_files(out.folder, outputs.reviewed_files(dict(out.metadata), reviewed, out.name))


def refresh(folder: Path, store: ReviewStore) -> tuple[DocOutput, Reviewed]:
    """Apply the standing decisions to one output folder and write it.

    The folder is read again under the lock: a run may have rewritten it since it was loaded,
    and writing from an older copy would undo that run. Raises ``OutputBusyError`` when a run
    holds the output folder.
    """
    with output_lock(Path(folder).parent):
        out = load_output(folder)
        reviewed = apply_decisions(out.name, out.stripped, out.result(), store, out.flagged)
        write_reviewed(out, reviewed)
    return out, reviewed


def refresh_or_defer(out: DocOutput, store: ReviewStore) -> tuple[DocOutput, Reviewed, bool]:
    """``refresh``, or when a run holds the folder, the decisions applied in memory only (the
    next run applies them). Returns (output, reviewed, whether the folder was busy)."""
    try:
        fresh, reviewed = refresh(out.folder, store)
    except OutputBusyError:
        return out, apply_decisions(out.name, out.stripped, out.result(), store, out.flagged), True
    return fresh, reviewed, False


def refresh_others(out: DocOutput, store: ReviewStore, original: str) -> tuple[int, int]:
    """Refresh the batch's other documents that have the word ``original`` (any case).

    Returns (places of the word there, documents left unwritten because a run held them).
    A folder that is not a readable output is logged and skipped.
    """
    form = original.casefold()
    places = busy = 0
    for folder in batch_folders(out.batch_dir):
        if folder == out.folder:
            continue
        try:
            other = load_output(folder)
        except UsageError as exc:
            log.warning("not updated: %s", exc)
            continue
        hits = sum(c.original.casefold() == form for c in other.corrections)
        if hits:
            places += hits
            busy += refresh_or_defer(other, store)[2]
    return places, busy


def batch_folders(batch_dir: Path) -> list[Path]:
    """The document output folders of a batch (those with corrections to review), sorted."""
    if not batch_dir.is_dir():
        return []
    return sorted(
        p for p in batch_dir.iterdir() if p.is_dir() and (p / "corrections.jsonl").is_file()
    )


def pending_documents(batch_dir: Path) -> list[Path]:
    """The batch's output folders with at least one proposal nobody decided, sorted."""
    return [
        folder
        for folder in batch_folders(batch_dir)
        if any(
            c.decision == CorrectionDecision.PROPOSED
            for c in read_records(folder / "corrections.jsonl")
        )
    ]


def form_counts(batch_dir: Path) -> dict[str, tuple[int, int]]:
    """Word (casefolded original) -> (documents, places) among the batch's correction records."""
    docs: Counter[str] = Counter()
    places: Counter[str] = Counter()
    for folder in batch_folders(batch_dir):
        seen: set[str] = set()
        with (folder / "corrections.jsonl").open(encoding="utf-8") as fh:
            for raw in fh:
                try:
                    form = json.loads(raw)["original"].casefold()
                except (ValueError, KeyError, TypeError, AttributeError):
                    continue
                places[form] += 1
                seen.add(form)
        docs.update(seen)
    return {form: (docs[form], places[form]) for form in places}


def review_order(
    pending: Sequence[Correction], counts: Mapping[str, tuple[int, int]] | None = None
) -> list[Correction]:
    """Most consequential first: a word found in more documents, then in more places, before a
    one-off; the places of one word together; then in the order of the text; lines to
    transcribe by hand last.

    ``counts`` is ``form_counts`` of the batch (without it, this document's counts)."""
    local = Counter(c.original.casefold() for c in pending)
    first: dict[str, int] = {}
    for c in sorted(pending, key=lambda c: c.start):
        first.setdefault(c.original.casefold(), c.start)

    def key(c: Correction) -> tuple[bool, int, int, int, int]:
        form = c.original.casefold()
        docs, places = (counts or {}).get(form, (1, local[form]))
        # A line to transcribe by hand takes typing, not one key: those come last.
        return (c.is_line, -docs, -max(places, local[form]), first[form], c.start)

    return sorted(pending, key=key)
