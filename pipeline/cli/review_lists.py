"""The review command's jobs that print or file rather than ask: ``--list`` (one document's or
the batch's pending proposals), ``--left``, ``--decided``, ``--export`` and ``--import`` (a
spreadsheet's decisions). Split from ``review_terminal`` (the interactive screen) by job.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import typer
from rich.console import Console

from pipeline.cli.console import reviews_option, shell_word
from pipeline.cli.review_commands import refresh_quietly
from pipeline.cli.review_pages import say_manual, say_none_pending
from pipeline.core.enums import CorrectionKind, TranscriptionState
from pipeline.review import (
    DocOutput,
    ReviewStore,
    apply_decisions,
    batch_folders,
    export_csv,
    form_counts,
    import_csv,
    load_output,
    review_order,
    write_csv,
)
from pipeline.review.left import LeftItem, left_items, still_left
from pipeline.review.linetext import offered
from pipeline.review.outputs import flagged_from_metadata, manual_pages
from pipeline.review.queue import ReviewQueue
from pipeline.review.rules import decision_states


def list_document(out: DocOutput, store: ReviewStore, console: Console) -> None:
    """``review OUT/<name> --list``: one line per pending proposal on stdout (id, page, the word,
    what is offered, the reason), in review order; pages for manual transcription on ``console``."""
    reviewed = apply_decisions(out.name, out.stripped, out.result(), store, out.flagged)
    pending = review_order(reviewed.pending, form_counts(out.batch_dir))
    for c in pending:
        names = offered(c)  # a line item: its suggested line
        typer.echo(f"{c.id}\tp{c.page}\t{c.original}\t{names}\t{c.reason}")
    if not pending:
        say_none_pending(out.name, console)
    typed = {(out.name, c.page) for c in reviewed.corrections if c.kind is CorrectionKind.PAGE}
    say_manual(
        [(out.name, n, why) for n, why in manual_pages(out.metadata)],
        {(out.name, p.number) for p in out.flagged},
        out.folder.parent,
        console,
        typed,
        reviews=store.root,
    )


def list_batch(batch_dir: Path, store: ReviewStore, console: Console) -> None:
    """``review OUT --list``: the batch's pending items in the web queue's order, ``<name>/<id>``
    first; every document's pages for manual transcription on ``console``."""
    # The web review's order; the first column names the document: <name>/<id>.
    queue = ReviewQueue(batch_dir, store)
    typed = {
        (p.document, p.page.number)
        for p in queue.pages()
        if p.state is TranscriptionState.TRANSCRIBED
    }
    items = queue.items()
    for item in items:
        c = item.correction
        names = offered(c)  # a line item: its suggested line
        typer.echo(f"{item.key}\tp{c.page}\t{c.original}\t{names}\t{c.reason}")
    if not items:
        say_none_pending(str(batch_dir), console)
    flagged: list[tuple[str, int, str]] = []
    typeable: set[tuple[str, int]] = set()
    for folder in batch_folders(batch_dir):
        try:
            metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # the proposals' listing above has said what it could not read
        flagged += [(folder.name, n, why) for n, why in manual_pages(metadata)]
        typeable |= {(folder.name, p.number) for p in flagged_from_metadata(metadata)}
    say_manual(flagged, typeable, batch_dir, console, typed, reviews=store.root)


def pending_left(out: DocOutput, store: ReviewStore) -> list[LeftItem]:
    """The words of ``out`` the correct stage left (``left.jsonl``) that no decision has settled."""
    reviewed = apply_decisions(out.name, out.stripped, out.result(), store, out.flagged)
    return still_left(left_items(out.folder, out.stripped), reviewed)


def list_left_batch(batch_dir: Path, store: ReviewStore) -> None:
    """``review OUT --left``: ``pending_left`` of every document, in text order, on stdout."""
    # Document by document, in text order; the first column names the document: <name>/<id>.
    for folder in batch_folders(batch_dir):
        out = load_output(folder)
        for item in pending_left(out, store):
            typer.echo(item.row(out.name))


def list_decided(store: ReviewStore, out: DocOutput | None) -> None:
    """``--decided``: every decision standing (of ``out``, or the whole store when None), one line
    each, those ``out``'s outputs can no longer apply marked stale with why."""
    stale: dict[str, str] = {}
    if out is not None:  # what this document's outputs could not apply is stale, not standing
        reviewed = apply_decisions(out.name, out.stripped, out.result(), store, out.flagged)
        stale = {s.decision.id: s.why for s in reviewed.stale}
    for state in decision_states(store, out.name if out else None, stale):
        typer.echo(state.line())


def export_document(out: DocOutput, store: ReviewStore, path: Path, console: Console) -> None:
    """``--export PATH``: ``out``'s pending proposals and pages to type as a CSV spreadsheet at
    ``path`` (written atomically), and on ``console`` how to fill it in and import it."""
    reviewed = apply_decisions(out.name, out.stripped, out.result(), store, out.flagged)
    text = export_csv(out, reviewed)
    write_csv(path, text)
    # Rows, not lines: a page's typed text spans lines inside one cell.
    ids = [row[0] for row in csv.reader(io.StringIO(text.lstrip("\ufeff")))][1:]
    pages = sum(1 for i in ids if i.startswith("page-"))
    typing = f", {pages} of them page-N rows, a page to type each" if pages else ""
    rows = f"{len(ids)} row{'' if len(ids) == 1 else 's'}"
    console.print(
        f"Wrote {rows} of {out.name} to {path}{typing} ({len(reviewed.pending)} "
        "proposals pending). Fill in 'decision' (accept, reject, edit, a candidate number) "
        "and 'replacement' (a page row: the page's text), "
        f"then: foia-clean review {shell_word(out.folder)} --import {shell_word(path)}"
        f"{reviews_option(store.root)}",
        highlight=False,
        markup=False,
    )


def import_document(out: DocOutput, store: ReviewStore, path: Path, console: Console) -> None:
    """``--import PATH``: the filled-in spreadsheet's decisions recorded in ``store`` and ``out``'s
    outputs rewritten. Raises ``UsageError`` (from ``import_csv``) on a row it cannot read."""
    recorded = import_csv(path, out, store)
    _, reviewed = refresh_quietly(out, store, console)
    console.print(
        f"Recorded {len(recorded)} decisions from {path}; {len(reviewed.pending)} proposals "
        f"still pending in {out.name}.",
        highlight=False,
        markup=False,
    )
