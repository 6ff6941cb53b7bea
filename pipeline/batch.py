"""The batch: documents in, one output folder per document out.

Order of work: discover documents (fail fast on clashing names), OCR every page that is not
already cached (in parallel, one Tesseract per worker), then per document strip, correct and write.
Every file is written atomically; a document that fails leaves only ``error.json`` and the rest of
the batch goes on.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2

from pipeline import __version__, textstages
from pipeline.core.config import RunConfig
from pipeline.core.errors import DocumentError
from pipeline.core.fileio import (
    dumps_json,
    dumps_jsonl,
    output_lock,
    sha256_bytes,
    sha256_file,
    write_json_atomic,
    write_text_atomic,
)
from pipeline.core.progress import NullProgress, Progress
from pipeline.core.records import Page, pages_text
from pipeline.engines import tesseract
from pipeline.stages import ingest
from pipeline.stages.ingest import DocKind, DocumentSource, PageRef
from pipeline.stages.ocr import run_page, worker_init
from pipeline.textstages import TextResult

log = logging.getLogger(__name__)

CACHE_DIR = ".cache"


@dataclass
class DocResult:
    """What happened to one document; feeds the summary, the manifest and the exit code."""

    name: str
    source: str
    status: str = "pending"  # done | failed
    reason: str | None = None
    pages: int = 0
    pages_ocred: int = 0
    pages_reused: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    stages: dict[str, dict[str, Any]] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)  # input file -> sha256
    outputs: dict[str, str] = field(default_factory=dict)  # output file -> sha256

    def manifest_entry(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "source": self.source,
            "status": self.status,
            "inputs": [{"path": p, "sha256": h} for p, h in sorted(self.inputs.items())],
            "pages": self.pages,
        }
        if self.reason:
            entry["reason"] = self.reason
        if self.status == "done":
            ocr = {"pages_ocred": self.pages_ocred, "pages_reused": self.pages_reused}
            if "raw.txt" in self.outputs:
                ocr["output_sha256"] = self.outputs["raw.txt"]
            entry["stages"] = {"ocr": ocr, **self.stages}
            entry["outputs"] = dict(sorted(self.outputs.items()))
        return entry


@dataclass
class BatchReport:
    documents: list[DocResult]
    seconds: dict[str, float]

    @property
    def failed(self) -> list[DocResult]:
        return [d for d in self.documents if d.status != "done"]

    def summary(self) -> str:
        """One line saying what was done and what was reused."""
        done = sum(d.status == "done" for d in self.documents)
        ocred = sum(d.pages_ocred for d in self.documents)
        reused = sum(d.pages_reused for d in self.documents)
        parts = [
            f"{done} of {len(self.documents)} documents done, {len(self.failed)} failed",
            f"pages OCRed {ocred}, reused from cache {reused}",
        ]
        for stage in ("strip", "correct"):
            runs = [d.stages[stage] for d in self.documents if stage in d.stages]
            if runs:
                again = sum(bool(r.get("reused")) for r in runs)
                parts.append(f"{stage} {len(runs) - again} run, {again} reused")
        parts.append(f"{self.seconds.get('total', 0.0):.1f} s")
        return "; ".join(parts)


def run_batch(
    inputs: Sequence[Path],
    config: RunConfig,
    *,
    progress: Progress | None = None,
    on_error: Callable[[DocumentError], None] | None = None,
) -> BatchReport:
    """Run the whole batch. Raises UsageError/MissingDependencyError/OutputBusyError up front;
    per-document problems are reported through ``on_error`` and the report, never raised."""
    progress = progress or NullProgress()
    started = time.perf_counter()
    out = config.out_dir
    out.mkdir(parents=True, exist_ok=True)
    with output_lock(out):
        _remove_stale_temporaries(out)
        return _run_locked(inputs, config, progress, on_error or (lambda e: None), started)


def _remove_stale_temporaries(out: Path) -> None:
    """Temporary files of a run that was killed: never trusted, so just tidied away."""
    for tmp in out.rglob(".*.tmp"):
        tmp.unlink(missing_ok=True)


def _run_locked(
    inputs: Sequence[Path],
    config: RunConfig,
    progress: Progress,
    on_error: Callable[[DocumentError], None],
    started: float,
) -> BatchReport:
    docs, discover_errors = ingest.discover(inputs)
    results: dict[str, DocResult] = {}
    for err in discover_errors:
        name = Path(err.path).stem
        results[name] = DocResult(name=name, source=Path(err.path).name)
        _fail(config, results[name], err, on_error)

    needs_ocr = any(d.kind is not DocKind.TEXT for d in docs)
    info = tesseract.check(config.ocr.lang) if needs_ocr else None
    # Dictionaries are checked before any OCR: a malformed line stops the run at once.
    lexicon = textstages.load_lexicon(config) if docs else None

    # 1. Page lists and input hashes (cheap, in the parent).
    refs: dict[str, list[PageRef]] = {}
    by_name = {d.name: d for d in docs}
    hashes: dict[str, dict[str, str]] = {}
    text_pages: dict[str, list[Page]] = {}
    for doc in docs:
        res = results[doc.name] = DocResult(name=doc.name, source=doc.display())
        try:
            hashes[doc.name] = {doc.display(f): sha256_file(f) for f in doc.input_files}
            res.inputs = hashes[doc.name]
            if doc.kind is DocKind.TEXT:
                text_pages[doc.name] = ingest.read_text_document(doc.path)
            else:
                refs[doc.name] = ingest.page_refs(doc)
        except DocumentError as err:
            _fail(config, res, err, on_error)
        except OSError as err:
            reason = f"cannot read: {err.strerror or err}"
            _fail(config, res, DocumentError(doc.path, reason), on_error)

    # 2. OCR, reusing cached pages.
    t0 = time.perf_counter()
    ocr_pages = _ocr_all(refs, by_name, hashes, config, info, results, progress, on_error)
    ocr_seconds = time.perf_counter() - t0

    # 3. The text stages: strip each document, then correct the batch (the correction of one
    # document leans on the vocabulary of all of them), then re-apply review decisions.
    t0 = time.perf_counter()
    cache = config.out_dir / CACHE_DIR
    texts: dict[str, TextResult] = {}
    doc_pages: dict[str, list[Page]] = {}
    for doc in docs:
        res = results[doc.name]
        pages = text_pages.get(doc.name) or ocr_pages.get(doc.name)
        if res.status == "failed" or pages is None:
            continue
        doc_pages[doc.name] = pages
        try:
            texts[doc.name] = textstages.run_strip(pages, config, cache)
        except Exception as exc:  # a bug on one document must not stop the batch
            log.exception("strip failed on %s", doc.name)
            _fail(config, res, DocumentError(doc.path, f"strip stage failed: {exc}"), on_error)
    dictionaries = textstages.run_correct(texts, lexicon, cache)
    textstages.apply_reviews(texts, config)
    text_seconds = time.perf_counter() - t0

    # 4. Outputs, one document at a time.
    for doc in docs:
        res = results[doc.name]
        text = texts.get(doc.name)
        if res.status == "failed" or text is None:
            continue
        if text.error:
            _fail(config, res, DocumentError(doc.path, text.error), on_error)
            continue
        try:
            _finish_document(
                doc, doc_pages[doc.name], hashes[doc.name], config, info, res, text, dictionaries
            )
            res.status = "done"
        except DocumentError as err:
            _fail(config, res, err, on_error)
        except OSError as err:
            reason = f"cannot write output: {err.strerror or err}"
            _fail(config, res, DocumentError(doc.path, reason), on_error)

    ordered = [results[k] for k in sorted(results)]
    report = BatchReport(
        documents=ordered,
        seconds={
            "ocr": ocr_seconds,
            "text_stages": text_seconds,
            "total": time.perf_counter() - started,
        },
    )
    _write_manifest(config, report)
    return report


def _fail(
    config: RunConfig,
    res: DocResult,
    err: DocumentError,
    on_error: Callable[[DocumentError], None],
) -> None:
    """Record a failed document: clear any earlier outputs, leave only error.json."""
    res.status = "failed"
    res.reason = err.reason
    folder = config.out_dir / res.name
    for name in _MANAGED:
        path = folder / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.is_file():
            path.unlink()
    write_json_atomic(
        folder / "error.json",
        {"source": res.source, "reason": err.reason, "tool_version": __version__},
    )
    on_error(err)


# ---------------------------------------------------------------------------------------------
# OCR with a page cache


def _page_key(ref: PageRef, file_hash: str, config: RunConfig, info: Any) -> str:
    """What a page's OCR depends on: the page image, the engine and the settings."""
    basis = {
        "image": {"sha256": file_hash, "index": ref.index, "kind": ref.kind.value},
        "ocr": config.ocr.to_dict(),
        "tesseract": info.to_dict() if info else None,
        "pdfium": pypdfium2.PDFIUM_INFO.version if ref.kind is DocKind.PDF else None,
    }
    return sha256_bytes(dumps_json(basis).encode())


def _ocr_all(
    refs: dict[str, list[PageRef]],
    docs: dict[str, DocumentSource],
    hashes: dict[str, dict[str, str]],
    config: RunConfig,
    info: Any,
    results: dict[str, DocResult],
    progress: Progress,
    on_error: Callable[[DocumentError], None],
) -> dict[str, list[Page]]:
    cache = config.out_dir / CACHE_DIR / "ocr"
    pages: dict[str, dict[int, Page]] = {name: {} for name in refs}
    todo: list[tuple[PageRef, Path]] = []
    for name, doc_refs in refs.items():
        for ref in doc_refs:
            key = _page_key(ref, hashes[name][docs[name].display(ref.path)], config, info)
            cached = cache / f"{key}.json"
            page = _load_cached_page(cached, ref.number)
            if page is not None:
                pages[name][ref.number] = page
                results[name].pages_reused += 1
            else:
                todo.append((ref, cached))

    def done(ref: PageRef, cached: Path, page: Page) -> None:
        write_json_atomic(cached, page.to_dict())
        pages[ref.doc][ref.number] = page
        results[ref.doc].pages_ocred += 1
        progress.advance()

    def failed(ref: PageRef, err: DocumentError) -> None:
        if results[ref.doc].status != "failed":
            _fail(config, results[ref.doc], err, on_error)
        progress.advance()

    progress.start(len(todo), "OCR")
    try:
        if config.jobs == 1 or len(todo) <= 1:
            worker_init_env = os.environ.get("OMP_THREAD_LIMIT")
            os.environ["OMP_THREAD_LIMIT"] = "1"
            try:
                for ref, cached in todo:
                    if results[ref.doc].status == "failed":
                        progress.advance()
                        continue
                    try:
                        done(ref, cached, run_page(ref, config.ocr))
                    except DocumentError as err:
                        failed(ref, err)
            finally:
                if worker_init_env is None:
                    os.environ.pop("OMP_THREAD_LIMIT", None)
                else:
                    os.environ["OMP_THREAD_LIMIT"] = worker_init_env
        else:
            _ocr_parallel(todo, config, done, failed)
    finally:
        progress.finish()

    out: dict[str, list[Page]] = {}
    for name, doc_refs in refs.items():
        if results[name].status == "failed":
            continue
        out[name] = [pages[name][r.number] for r in doc_refs]
        results[name].pages = len(doc_refs)
    return out


def _ocr_parallel(
    todo: list[tuple[PageRef, Path]],
    config: RunConfig,
    done: Callable[[PageRef, Path, Page], None],
    failed: Callable[[PageRef, DocumentError], None],
) -> None:
    """OCR pages in a process pool. If a worker dies (out of memory, a native crash), the pool
    is rebuilt with one worker for the pages not yet done: there pages finish in order, so the
    first unfinished page is the one that killed it, and only its document fails."""
    pending = list(todo)
    workers = config.jobs
    while pending:
        finished: set[int] = set()
        broken = False
        with ProcessPoolExecutor(max_workers=workers, initializer=worker_init) as pool:
            futures: dict[Future[Page], int] = {
                pool.submit(run_page, ref, config.ocr): i for i, (ref, _) in enumerate(pending)
            }
            for fut in as_completed(futures):
                i = futures[fut]
                ref, cached = pending[i]
                try:
                    page = fut.result()
                except DocumentError as err:
                    failed(ref, err)
                except BrokenProcessPool:
                    broken = True
                    break
                else:
                    done(ref, cached, page)
                finished.add(i)
        if not broken:
            return
        rest = [item for i, item in enumerate(pending) if i not in finished]
        if workers == 1:
            ref, _ = rest.pop(0)
            failed(ref, DocumentError(ref.path, f"page {ref.number}: the OCR worker died"))
        log.warning("an OCR worker died; retrying %d pages one at a time", len(rest))
        workers = 1
        pending = rest


def _load_cached_page(path: Path, number: int) -> Page | None:
    if not path.is_file():
        return None
    try:
        page = Page.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("ignoring unreadable cache entry %s: %s", path, exc)
        return None
    # The same image may be page 3 of one document and page 1 of another.
    return dataclasses.replace(page, number=number)


# ---------------------------------------------------------------------------------------------
# The text stages and the outputs of one document


def _finish_document(
    doc: DocumentSource,
    pages: list[Page],
    hashes: dict[str, str],
    config: RunConfig,
    info: Any,
    res: DocResult,
    text: TextResult,
    dictionaries: dict[str, Any] | None,
) -> None:
    res.pages = len(pages)
    res.stages = {name: run.to_dict() for name, run in text.stages.items()}
    # Timings go to the report (for the summary and the benchmark), never into outputs.
    res.seconds.update({name: run.seconds for name, run in text.stages.items()})
    folder = config.out_dir / doc.name
    raw = pages_text(pages)

    files: dict[str, str] = {}
    for page in pages:
        files[f"pages/{page.number:04d}.json"] = dumps_json(page.to_dict())
    files["raw.txt"] = _ends_with_newline(raw)
    if doc.kind is DocKind.PDF and config.keep_text_layer:
        try:
            layer = ingest.pdf_text_layer(doc.path)
        except DocumentError as err:  # only kept for comparison: not worth failing the document
            log.warning("%s: no textlayer.txt: %s", doc.path.name, err.reason)
            layer = []
        if any(t.strip() for t in layer):
            files["textlayer.txt"] = "\f".join(ingest.normalise_text(t) for t in layer) + "\n"
    # stripped.txt is the text that removed.jsonl takes away from and corrections.jsonl's
    # spans point into; clean.txt is stripped.txt with the applied corrections.
    files["stripped.txt"] = _ends_with_newline(text.stripped)
    files["removed.jsonl"] = dumps_jsonl(text.removals)
    files["corrections.jsonl"] = dumps_jsonl(text.corrections)
    files["clean.txt"] = _ends_with_newline(text.clean)

    kinds: dict[str, int] = {}
    for r in text.removals:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    decisions: dict[str, int] = {}
    for c in text.corrections:
        decisions[c["decision"]] = decisions.get(c["decision"], 0) + 1
    warnings = {str(p.number): list(p.warnings) for p in pages if p.warnings}
    metadata: dict[str, Any] = {
        "tool": {"name": "foia-clean", "version": __version__},
        "source": {
            "path": doc.display(),
            "kind": doc.kind.value,
            "files": [
                {"path": doc.display(f), "sha256": hashes[doc.display(f)], "size": f.stat().st_size}
                for f in doc.input_files
            ],
        },
        "pages": len(pages),
        "settings": {
            "ocr": config.ocr.to_dict() if doc.kind is not DocKind.TEXT else None,
            "strip": config.strip,
            "keep_furniture": sorted(config.keep_furniture),
            "correct": config.correct,
        },
        "tesseract": info.to_dict() if info and doc.kind is not DocKind.TEXT else None,
        "dictionaries": dictionaries,
        "page_warnings": warnings,
        # What the furniture and the cable header say (FOIA case, classification, TAGS ...),
        # each with where it was read; a field not found is absent.
        "release": text.fields,
        "removed": dict(sorted(kinds.items())),
        "corrections": dict(sorted(decisions.items())),
        "manual_transcription": text.manual_pages,
        "review": text.review,
    }
    files["metadata.json"] = dumps_json(metadata)
    _write_document(folder, files)
    res.outputs = {rel: sha256_bytes(data.encode()) for rel, data in files.items()}


def _ends_with_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


# Files and folders this module writes into a document folder; anything else there (a person's
# notes, review crops) is never deleted by a re-run.
_MANAGED = (
    "pages",
    "raw.txt",
    "textlayer.txt",
    "stripped.txt",
    "removed.jsonl",
    "corrections.jsonl",
    "clean.txt",
    "metadata.json",
    "error.json",
)


def _write_document(folder: Path, files: dict[str, str]) -> None:
    """Write every file atomically, metadata.json last, then drop files of earlier runs."""
    folder.mkdir(parents=True, exist_ok=True)
    for rel in sorted(files, key=lambda r: (r == "metadata.json", r)):
        write_text_atomic(folder / rel, files[rel])
    keep = {folder / rel for rel in files}
    for name in _MANAGED:
        path = folder / name
        if path.is_dir():
            for old in path.iterdir():
                if old not in keep:
                    old.unlink()
        elif path.is_file() and path not in keep:
            path.unlink()


def _write_manifest(config: RunConfig, report: BatchReport) -> None:
    """out/manifest.json: every document in the folder, this run's and earlier runs' alike."""
    path = config.out_dir / "manifest.json"
    documents: dict[str, Any] = {}
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
        documents = {
            name: entry
            for name, entry in old.get("documents", {}).items()
            if (config.out_dir / name).is_dir()
        }
    except (OSError, ValueError, AttributeError):
        pass
    for d in report.documents:
        documents[d.name] = d.manifest_entry()
    write_json_atomic(
        path,
        {
            "tool": {"name": "foia-clean", "version": __version__},
            "documents": dict(sorted(documents.items())),
        },
    )
