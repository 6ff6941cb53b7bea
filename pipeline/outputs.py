"""The one writer of a batch's output folder.

``document_files`` turns a finished ``DocState`` into the text of every file of ``OUT/<name>/``
(pure: no I/O but reading a PDF's old text layer), and ``pipeline.exports`` adds ALTO, hOCR and
the searchable PDF (bytes); ``write_document`` writes them atomically, ``metadata.json`` last,
leaves a file whose bytes are unchanged alone (a re-run that changes nothing touches no file of
the folder), and removes files of earlier runs that this run did not make; ``write_failure``
leaves only ``error.json``; ``write_manifest`` puts each document's record (inputs, stage keys,
output hashes) in its folder as ``manifest.json`` and ``write_index`` brings
``OUT/index.sqlite`` up to date. Outputs hold no timestamps and no absolute paths: the same
inputs give the same bytes. What a run reused and how long it took goes to its run log under
``OUT/.runs/`` (``write_run_log``), the one file with a time in its name.

It touches nothing it did not make: it never follows a symbolic link inside the output folder
(a linked document or ``pages`` folder fails that document instead), deletes only its own files
(``MANAGED``, page records ``pages/NNNN.json``, its own temporary files), and a document folder
is complete only while it has ``metadata.json``: that file is removed before any other file of
the folder is rewritten and written last, so an interrupted or failed write never leaves old
outputs looking current.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.core.enums import CorrectionKind, DocKind, DocStatus, PageStatus
from pipeline.core.errors import DocumentError
from pipeline.core.fileio import (
    dumps_json,
    dumps_jsonl,
    is_own_temporary,
    output_errors,
    sha256_bytes,
    write_bytes_atomic,
    write_json_atomic,
)
from pipeline.core.names import name_problem, scrub
from pipeline.core.records import pages_text
from pipeline.core.stage import DocState, RunContext

log = logging.getLogger(__name__)

#: Files and folders this module writes into a document folder; anything else there (a
#: person's notes, review crops) is never deleted by a re-run.
MANAGED = (
    "pages",
    "raw.txt",
    "textlayer.txt",
    "stripped.txt",
    "removed.jsonl",
    "corrections.jsonl",
    "left.jsonl",
    "clean.txt",
    "metadata.json",
    "error.json",
    "alto.xml",
    "hocr.html",
)


def _managed(folder: Path) -> tuple[str, ...]:
    """``MANAGED`` and the searchable PDF, which is named after the document."""
    from pipeline.exports import pdf_name

    return (*MANAGED, pdf_name(folder.name))


#: A page record in ``pages/``: the only files deleted there.
_PAGE_FILE = re.compile(r"\d{4,}\.json")


def document_folder(out_dir: Path, name: str, *, pages: bool = True) -> Path:
    """``OUT/<name>``, checked: a safe name, and no symbolic link where foia-clean writes.

    Raises ``DocumentError`` (about the folder) when the name cannot be a folder name under
    ``out_dir`` or the folder or (with ``pages``) its ``pages/`` is a link: writing through it
    would write, and tidying would delete, outside the output folder.
    """
    problem = name_problem(name)
    if problem is not None:
        raise DocumentError(name, problem)
    folder = out_dir / name
    for path in (folder, folder / "pages") if pages else (folder,):
        if path.is_symlink():
            raise DocumentError(
                _relative(path, out_dir),
                "is a symbolic link; foia-clean never writes through links in its output "
                "folder: remove the link and run again",
            )
    if folder.exists() and not folder.is_dir():
        raise DocumentError(_relative(folder, out_dir), "exists and is not a folder")
    return folder


def _relative(path: Path, out_dir: Path) -> str:
    return f"{out_dir.name or out_dir}/{path.relative_to(out_dir).as_posix()}"


def remove_stale_temporaries(out_dir: Path) -> int:
    """Delete the temporary files a killed run left in the folders this module manages
    (``OUT``, ``OUT/<doc>``, ``OUT/<doc>/pages``, ``OUT/<doc>/crops``, ``OUT/.cache/<stage>``),
    never following a link; only names of ``pipeline.core.fileio``'s own pattern. Returns how
    many were removed."""
    removed = 0
    for folder in _managed_folders(out_dir):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if is_own_temporary(entry.name) and entry.is_file(follow_symlinks=False):
                try:
                    os.unlink(entry.path)
                    removed += 1
                except FileNotFoundError:
                    pass
    return removed


def _managed_folders(out_dir: Path) -> list[Path]:
    def subfolders(folder: Path) -> list[Path]:
        try:
            return [Path(e.path) for e in os.scandir(folder) if e.is_dir(follow_symlinks=False)]
        except OSError:
            return []

    folders = [out_dir]
    for sub in subfolders(out_dir):
        folders.append(sub)
        if sub.name == ".cache":
            folders.extend(subfolders(sub))
        else:
            folders.extend(f for f in subfolders(sub) if f.name in ("pages", "crops"))
    return folders


def _ends_with_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def document_files(
    state: DocState, ctx: RunContext, folder: Path | None = None
) -> dict[str, str | bytes]:
    """Every output file of one finished document: relative path -> text (UTF-8 when written)
    or bytes (the PDF). ``folder`` is the document's output folder, where an unchanged PDF is
    reused from (``pipeline.exports.export_files``).

    ``stripped.txt`` is the text that ``removed.jsonl`` takes away from and whose offsets
    ``corrections.jsonl`` and ``left.jsonl`` give; ``clean.txt`` is ``stripped.txt`` with the
    changing records (applied, accepted, edited) replayed.
    """
    from pipeline.stages import ingest

    config = ctx.config
    doc = state.source
    pages = state.pages
    stripped = state.output("strip")
    corrected = state.outputs.get("correct")
    reviewed = state.outputs.get("review")

    files: dict[str, str | bytes] = {}
    for page in pages:
        files[f"pages/{page.number:04d}.json"] = dumps_json(page.to_dict())
    files["raw.txt"] = _ends_with_newline(pages_text(pages))
    if doc.kind is DocKind.PDF and config.keep_text_layer:
        try:
            layer = ingest.pdf_text_layer(doc.path)
        except DocumentError as err:  # only kept for comparison: not worth failing the document
            log.warning("%s: no textlayer.txt: %s", doc.path.name, err.reason)
            layer = []
        if any(t.strip() for t in layer):
            files["textlayer.txt"] = "\f".join(ingest.normalise_text(t) for t in layer) + "\n"
    removals = [r.to_dict() for r in stripped.removals]
    files["stripped.txt"] = _ends_with_newline(stripped.text)
    files["removed.jsonl"] = dumps_jsonl([r.to_dict() for r in stripped.records()])
    metadata = _metadata(state, ctx, removals)  # counts removals: a line join removes no text
    # The words correction left alone (counted in metadata.json "corrections_left"), one record
    # each: never in corrections.jsonl, whose records are what was proposed or applied.
    files["left.jsonl"] = dumps_jsonl(
        [w.to_dict() for w in corrected.left_words] if corrected is not None else []
    )
    if reviewed is not None:
        files.update(reviewed_files(metadata, reviewed, state.name))
    elif corrected is not None:
        files.update(
            corrected_files(metadata, [c.to_dict() for c in corrected.corrections], corrected.text)
        )
    else:
        files.update(corrected_files(metadata, [], stripped.text))
    from pipeline.exports import export_files

    files.update(export_files(state, ctx, folder))
    return files


def corrected_files(
    metadata: dict[str, Any], records: list[dict[str, Any]], clean: str
) -> dict[str, str]:
    """``corrections.jsonl``, ``clean.txt`` and ``metadata.json`` (with the decision counts) for
    a document's correction records and final text.

    A record inside a line a person typed (its ``review`` has ``covered_by``) keeps its own
    decision in ``corrections.jsonl`` but is counted apart, as ``covered_by_typed_lines``: the
    typed line (``edited``) replaced it in ``clean.txt``, so counting it as ``applied`` too would
    count one place twice. A document with "transcribe by hand" regions (``correct.regions``)
    says how many, and how many word records they hold, under ``transcribe_regions`` (they
    are counted by decision with the rest)."""
    covered = [bool(r.get("review", {}).get("covered_by")) for r in records]
    counts = Counter(r["decision"] for r, c in zip(records, covered, strict=True) if not c)
    if any(covered):  # only then: a document with no such line keeps its bytes
        counts["covered_by_typed_lines"] = sum(covered)
    metadata = {**metadata, "corrections": dict(sorted(counts.items()))}
    regions = [r for r in records if r.get("kind") == CorrectionKind.REGION.value]
    if regions:  # only then: a document with none keeps its bytes
        taken = sum(len(r.get("subsumed", ())) for r in regions)
        metadata["transcribe_regions"] = {"items": len(regions), "word_records": taken}
    return {
        "corrections.jsonl": dumps_jsonl(records),
        "clean.txt": _ends_with_newline(clean),
        "metadata.json": dumps_json(metadata),
    }


def reviewed_files(metadata: dict[str, Any], reviewed: Any, name: str) -> dict[str, str]:
    """The files review decisions decide, from a ``pipeline.review.Reviewed``: what a run
    writes, and what ``foia-clean review``/``decide`` write again after each decision, from one
    place (``metadata`` is the document's metadata; its review summary is replaced)."""
    metadata = {**metadata, "review": reviewed.summary(name)}
    return corrected_files(metadata, reviewed.records(), reviewed.text)


def _bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def linked_part(folder: Path, rel: str) -> Path | None:
    """The first symbolic link on the way to ``folder / rel``: ``folder`` itself or a folder of
    ``rel`` inside it (``crops``, ``pages``); None when there is none. A file that is itself a
    link is not counted: the atomic rename replaces the link, never writes through it."""
    path = folder
    for part in (None, *Path(rel).parts[:-1]):
        if part is not None:
            path = path / part
        if path.is_symlink():
            return path
    return None


def write_files(folder: Path, files: Mapping[str, str | bytes]) -> None:
    """Write some files of a document folder atomically, ``metadata.json`` last (the output
    lock must be held); a file that already has these bytes is left alone (compared first).
    ``files`` maps a path relative to ``folder`` (``crops/x.png``) to its text or bytes.

    Raises ``DocumentError`` before writing anything when the folder or a folder on the way to
    a file is a symbolic link (``linked_part``): nothing is written through a link inside the
    output tree. ``OutputError``/``OSError`` as ``output_errors`` says."""
    _write_files(folder, files)
    _update_manifest(folder, files)


def _write_files(folder: Path, files: Mapping[str, str | bytes]) -> None:
    for rel in files:
        link = linked_part(folder, rel)
        if link is not None:
            raise DocumentError(
                _relative(link, folder.parent),
                "is a symbolic link; foia-clean never writes through links in its output "
                "folder: remove the link",
            )
    with output_errors(folder):
        for rel in sorted(files, key=lambda r: (r == "metadata.json", r)):
            path, data = folder / rel, _bytes(files[rel])
            if _same(path, data):
                continue  # the same bytes: left alone, its time stamps too
            write_bytes_atomic(path, data)


def _update_manifest(folder: Path, files: Mapping[str, str | bytes]) -> None:
    """Bring the output hashes of the folder's ``manifest.json`` record up to date for the files
    just rewritten (a review decision's ``clean.txt``, ``corrections.jsonl``, ``metadata.json``),
    so the record never names stale bytes. Files the record does not list (crops) change
    nothing; a folder without a readable record is left without one (the next run writes it)."""
    path = folder / MANIFEST
    if path.is_symlink() or not path.is_file():
        return
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("not updating unreadable manifest record %s: %s", path, exc)
        return
    listed = record.get("outputs") if isinstance(record, dict) else None
    if not isinstance(listed, dict):
        return
    fresh = {rel: sha256_bytes(_bytes(data)) for rel, data in files.items() if rel in listed}
    if all(listed[rel] == digest for rel, digest in fresh.items()):
        return
    record["outputs"] = dict(sorted({**listed, **fresh}.items()))
    with output_errors(folder):
        write_json_atomic(path, record)


def _same(path: Path, data: bytes) -> bool:
    try:
        return (
            not path.is_symlink() and path.stat().st_size == len(data) and path.read_bytes() == data
        )
    except OSError:
        return False


def _metadata(state: DocState, ctx: RunContext, removals: list[dict[str, Any]]) -> dict[str, Any]:
    config = ctx.config
    doc = state.source
    ocred = doc.kind is not DocKind.TEXT
    corrected = state.outputs.get("correct")
    info = ctx.engine_info
    metadata: dict[str, Any] = {
        "tool": {"name": "foia-clean", "version": __version__},
        "source": {
            "path": doc.display(),
            "kind": doc.kind.value,
            "files": [
                {
                    "path": doc.display(f),
                    "sha256": state.inputs[doc.display(f)],
                    "size": f.stat().st_size,
                }
                for f in doc.input_files
            ],
        },
        "pages": len(state.pages),
        "settings": {
            "ocr": config.ocr.to_dict() if ocred else None,
            "strip": config.strip,
            "keep_furniture": sorted(config.keep_furniture),
            "correct": config.correct,
            # --apply decides which corrections are applied and which only proposed.
            "apply": config.apply.value if config.correct else None,
            # --no-pdf: whether the searchable PDF is made (documents of page images).
            "pdf": config.pdf if ocred else None,
        },
        # Strip asks the dictionaries too (line-end hyphens), so they count with --no-correct.
        "dictionaries": (
            ctx.lexicon.describe()
            if ctx.lexicon is not None and (corrected is not None or config.strip)
            else None
        ),
        "page_warnings": {str(p.number): list(p.warnings) for p in state.pages if p.warnings},
        # Pages whose text cannot be trusted: failed (empty placeholders) or flagged by OCR for
        # manual transcription, each with its reason.
        "page_status": {
            str(p.number): {"status": p.status.value, "reason": p.reason}
            for p in state.pages
            if p.status is not PageStatus.OK
        },
        # What the furniture and the cable header say (FOIA case, classification, TAGS ...),
        # each with where it was read; a field not found is absent.
        "release": state.output("strip").metadata(),
        # Where text was withheld, by page, under which exemption (boxes and labels).
        "redactions": state.output("strip").redactions_by_page(),
        "removed": dict(sorted(Counter(r["kind"] for r in removals).items())),
        # Proposals considered and left (not worth a reviewer's screen), by class: none silent.
        "corrections_left": dict(corrected.left) if corrected is not None else {},
        "manual_transcription": (
            [p.to_dict() for p in corrected.manual_pages] if corrected is not None else []
        ),
        "review": {},  # the review stage's summary, when it ran (reviewed_metadata)
    }
    # The engine's own record, under its name ("tesseract": version, languages, data hashes).
    engine = info.name if info is not None else config.ocr.engine
    metadata[engine] = info.to_dict() if info is not None and ocred else None
    return metadata


def write_document(out_dir: Path, name: str, files: Mapping[str, str | bytes]) -> dict[str, str]:
    """Write every file of ``OUT/<name>`` atomically, ``metadata.json`` last, then drop files of
    earlier runs (only this module's own). The old ``metadata.json`` goes first, so a write
    that fails half-way (a full disk) leaves a folder visibly incomplete, not stale.

    Returns relative path -> sha256 of what was written (for the manifest). Raises
    ``DocumentError`` for an unsafe folder (``document_folder``), ``OutputError`` on a full disk
    or read-only file system, ``OSError`` otherwise.
    """
    folder = document_folder(out_dir, name)
    with output_errors(folder):
        folder.mkdir(parents=True, exist_ok=True)
    keep = {folder / rel for rel in files}
    # A re-run that changes nothing touches nothing: metadata.json goes (and comes back last)
    # only when some file is to be written or removed.
    if any(not _same(folder / rel, _bytes(data)) for rel, data in files.items()) or any(
        _stale_managed(folder, keep)
    ):
        _unlink(folder / "metadata.json")
        _write_files(folder, files)  # the run writes the manifest record after
        _remove_managed(folder, keep)
    return {rel: sha256_bytes(_bytes(data)) for rel, data in files.items()}


def _unlink(path: Path) -> None:
    if path.is_file() and not path.is_symlink():
        path.unlink()


def _stale_managed(folder: Path, keep: set[Path]) -> Iterable[Path]:
    """This module's files in ``folder`` that are not in ``keep`` (files of an earlier run that
    this run did not make): never through a link, never a file of a name it does not write."""
    for name in _managed(folder):
        path = folder / name
        if path.is_symlink():
            continue
        if path.is_dir():
            for old in path.iterdir():
                if old not in keep and _PAGE_FILE.fullmatch(old.name) and not old.is_symlink():
                    yield old
        elif path.is_file() and path not in keep:
            yield path


def _remove_managed(folder: Path, keep: set[Path]) -> None:
    """Delete this module's files in ``folder`` that are not in ``keep`` (``_stale_managed``),
    and its ``pages/`` folder when that leaves it empty."""
    for path in list(_stale_managed(folder, keep)):
        path.unlink()
    pages = folder / "pages"
    if pages.is_dir() and not pages.is_symlink() and not any(pages.iterdir()):
        pages.rmdir()


def write_failure(out_dir: Path, name: str, source: str, reason: str) -> None:
    """Clear a failed document's earlier outputs (nothing stale is trusted) and leave only
    ``error.json`` with the reason (absolute paths and temporary names scrubbed from it); an
    ``error.json`` that already says the same is left alone, its time stamps too (a re-run of
    a batch whose broken file did not change touches no folder).

    Raises ``DocumentError`` when the folder itself is unsafe (then nothing is touched; a linked
    ``pages/`` is only left alone), and ``OutputError``/``OSError`` when ``error.json`` cannot
    be written (the old outputs are gone by then)."""
    folder = document_folder(out_dir, name, pages=False)
    path = folder / "error.json"
    data = dumps_json({"source": source, "reason": scrub(reason), "tool_version": __version__})
    same = _same(path, data.encode("utf-8"))
    if folder.is_dir():
        _remove_managed(folder, {path} if same else set())
    if not same:
        with output_errors(folder):
            write_bytes_atomic(path, data.encode("utf-8"))


#: Each document's manifest record, in its own folder: ``OUT/<name>/manifest.json``.
MANIFEST = "manifest.json"
#: Run logs: ``OUT/.runs/<UTC time>-<pid>.jsonl``, one per run, never rewritten.
RUNS_DIR = ".runs"


def manifest_entry(state: DocState, outputs: dict[str, str]) -> dict[str, Any]:
    """One document's manifest record: inputs, status, and each stage's cache key and output
    hash. Deterministic: what this run reused or recomputed, and how long it took, goes to the
    run log (``write_run_log``), never here."""
    entry: dict[str, Any] = {
        "source": state.source.display(),
        "status": state.status.value,
        "inputs": [{"path": p, "sha256": h} for p, h in sorted(state.inputs.items())],
        "pages": len(state.pages),
    }
    if state.reason:
        entry["reason"] = scrub(state.reason)
    if state.status in (DocStatus.DONE, DocStatus.PARTIAL):
        entry["stages"] = {
            name: {"key": run.key, "output_sha256": run.output_sha256}
            if run.key is not None
            else {"output_sha256": run.output_sha256}
            for name, run in state.runs.items()
        }
        entry["outputs"] = dict(sorted(outputs.items()))
    return entry


def write_manifest(out_dir: Path, entries: dict[str, dict[str, Any]]) -> None:
    """Each document's record as ``OUT/<name>/manifest.json``: one small file per document of
    this run, so a run of a million documents rewrites no million-entry file, a document's
    record goes when its folder goes, and ``read_manifest`` gathers them. The bytes depend only
    on the inputs and the outputs. A document without a safe folder of its own gets no record
    (its failure says why); inputs whose name cannot be a folder are in the run log. A
    ``manifest.json`` file at the top of ``out_dir`` (the one-file manifest of earlier versions)
    is removed: it would go stale."""
    tool = {"name": "foia-clean", "version": __version__}
    for name, entry in sorted(entries.items()):
        try:
            folder = document_folder(out_dir, name, pages=False)
        except DocumentError as err:
            log.warning("no manifest record for %s: %s", name, err.reason)
            continue
        if not folder.is_dir():
            continue
        data = dumps_json({"tool": tool, "document": name, **entry}).encode()
        if not _same(folder / MANIFEST, data):
            with output_errors(folder):
                write_bytes_atomic(folder / MANIFEST, data)
    legacy = out_dir / MANIFEST
    if legacy.is_file() and not legacy.is_symlink():
        log.info("removing %s: the manifest is now one record per document folder", legacy)
        legacy.unlink()


def read_manifest(out_dir: Path) -> dict[str, dict[str, Any]]:
    """Every document's manifest record in ``out_dir``: name -> record, sorted by name (a
    folder without a readable record is left out)."""
    records: dict[str, dict[str, Any]] = {}
    for path in sorted(out_dir.glob(f"*/{MANIFEST}")):
        try:
            records[path.parent.name] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable manifest record %s: %s", path, exc)
    return records


def write_run_log(out_dir: Path, run: dict[str, Any], documents: list[dict[str, Any]]) -> Path:
    """What one run did — per document and stage, reused or recomputed, and the seconds — as
    ``OUT/.runs/<UTC time>-<pid>.jsonl``: a ``{"run": ...}`` line, then one line per document.
    Written once, at the end of the run; never read back by the pipeline (``read_run_log``
    is for people and tests). Returns its path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    path = out_dir / RUNS_DIR / f"{stamp}-{os.getpid()}.jsonl"
    with output_errors(path.parent):
        write_bytes_atomic(path, dumps_jsonl([{"run": run}, *documents]).encode())
    return path


def read_run_log(out_dir: Path, which: int = -1) -> list[dict[str, Any]]:
    """The lines of a run log of ``out_dir``: the last run's by default (``which`` indexes the
    logs in time order). ``FileNotFoundError`` when there is none."""
    logs = sorted((out_dir / RUNS_DIR).glob("*.jsonl"))
    if not logs:
        raise FileNotFoundError(f"no run log in {out_dir / RUNS_DIR}")
    text = logs[which].read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def write_index(out_dir: Path, states: Iterable[DocState]) -> None:
    """Bring ``OUT/index.sqlite`` up to date: this run's finished documents (``states``) in, and
    out any document whose manifest record no longer says done (write the manifest first).
    Incremental; a run that changes nothing writes nothing (``pipeline.exports.index``). Raises
    ``OutputError`` when the index cannot be written (a full disk, a read-only folder)."""
    import sqlite3

    from pipeline.core.errors import OutputError
    from pipeline.exports import indexed_document
    from pipeline.exports.index import INDEX_NAME, update

    keep = [n for n, e in read_manifest(out_dir).items() if e.get("status") in ("done", "partial")]
    index = out_dir / INDEX_NAME
    if index.is_symlink():
        raise OutputError(f"{index} is a symbolic link; foia-clean never writes through links")
    try:
        with output_errors(out_dir):
            update(index, [indexed_document(s) for s in states], keep)
    except sqlite3.Error as exc:
        raise OutputError(f"cannot write {index}: {exc}") from exc
