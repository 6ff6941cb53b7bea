"""The bodies of the non-interactive review commands, ``foia-clean decide`` and ``foia-clean
forget``: argument checks, then the core (``pipeline.review``). For scripts: one decision, or
one rule taken back, per call, each answer read by ``pipeline.review.answers`` as the web API
and the CSV sheet read theirs. Imported only when one of them runs (``pipeline.cli.review``
registers them).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from pathlib import Path

import click
import typer
from rich.console import Console

from pipeline.cli.console import stderr_logging
from pipeline.cli.errors import exit_on_error
from pipeline.core.enums import CorrectionDecision
from pipeline.core.errors import UsageError
from pipeline.core.results import Correction
from pipeline.review import (
    DocOutput,
    Reviewed,
    ReviewStore,
    Scope,
    apply_decisions,
    batch_folders,
    describe,
    load_output,
    record_decision,
    rederive,
    refresh_or_defer,
    refresh_others,
)
from pipeline.review.answers import TYPED, parse_answer
from pipeline.review.decisions import Decision
from pipeline.review.learning import forget
from pipeline.review.left import left_items
from pipeline.review.outputs import manual_pages
from pipeline.review.resolve import LEFT_PREFIX
from pipeline.review.rules import learned_rules, scope_notes
from pipeline.review.session import BUSY, count_places
from pipeline.review.store import new_command
from pipeline.review.transcribe import (
    PAGE_PREFIX,
    ocr_reading,
    page_span,
    record_transcription,
    standing_transcriptions,
    withdraw_transcription,
)

log = logging.getLogger(__name__)

#: A page's id in ``decide``: ``page-N`` (a page flagged for manual transcription).
PAGE_ID = re.compile(re.escape(PAGE_PREFIX) + r"[1-9]\d*")


def decide_command(
    doc: Path,
    correction_id: str,
    choice: str | None,
    text: str | None,
    reviews: Path,
    batch: bool,
    err_console: Console,
) -> None:
    """``foia-clean decide OUT/<name> ID CHOICE`` or ``... ID --text TEXT``: record one decision
    and refresh the outputs it changes. ``--text`` is the typed replacement, whatever it looks
    like (``1997``, ``a``); ``CHOICE`` is accept, reject, a candidate number, or a replacement
    that is none of those. On a change the run applied that nobody decided yet, this is its
    audit: ``keep`` (or ``accept``) confirms it, ``reject``/``revert`` takes it back."""
    with stderr_logging(logging.WARNING), exit_on_error(err_console):
        new_command()  # an odd reviews-log line is warned about once per command
        if text is not None and choice is not None and choice.strip().lower() not in TYPED:
            raise UsageError(f"give {choice!r} or --text {text!r}, not both")
        if choice is None and text is None and not PAGE_ID.fullmatch(correction_id):
            # (page-N says what a page takes once its folder is read)
            raise UsageError("say accept, reject, a candidate number, or --text REPLACEMENT")
        out = load_output(doc)
        store = ReviewStore(reviews)
        rederive(store)
        if PAGE_ID.fullmatch(correction_id):
            if batch:
                raise UsageError("a page's transcription holds for that page only (no --batch)")
            _transcribe(
                out, store, int(correction_id[len(PAGE_PREFIX) :]), choice, text, err_console
            )
            return
        c = _find(out, correction_id)
        # A change the run made on its own: this is its audit, again if a person audited it
        # already (a change of mind). A proposal the user lexicon settles ahead of the next
        # run is still the proposal it was.
        reviewed = apply_decisions(out.name, out.stripped, out.result(), store, out.flagged)
        now_ = {r.id: r for r in reviewed.corrections}.get(c.id)
        applied = (
            now_ is not None
            and c.decision == CorrectionDecision.APPLIED
            and (now_.decision == CorrectionDecision.APPLIED or reviewed.audited(now_))
        )
        if applied and now_ is not None and now_.decision == CorrectionDecision.APPLIED:
            c = dataclasses.replace(c, replacement=now_.replacement)
        try:
            answer = parse_answer("text" if choice is None else choice, c, text, applied=applied)
        except ValueError as exc:
            raise UsageError(f"{c.id}: {exc}") from exc
        if answer is None:
            raise UsageError("say accept, reject, a candidate number, or --text REPLACEMENT")
        try:
            d = record_decision(
                store,
                out.name,
                c,
                answer.action,
                replacement=answer.text,
                candidate=answer.candidate,
                scope=Scope.BATCH if batch else Scope.THIS,
                source_sha256=out.source_sha256,
                applied=applied,
            )
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
        refresh_quietly(out, store, err_console)
        if batch and refresh_others(out, store, d.original)[1]:
            err_console.print(f"[yellow]{BUSY}[/]")
        typer.echo(f"{c.id}\t{describe(d)}")
        _say_other_scope(d, store, err_console)


def _transcribe(
    out: DocOutput,
    store: ReviewStore,
    number: int,
    choice: str | None,
    text: str | None,
    console: Console,
) -> None:
    """``decide OUT/<name> page-N``: type page N (flagged for manual transcription) with
    ``--text TEXT`` (``--text -``: read from stdin), ``edit`` (in ``$EDITOR``, starting from the
    page's current or stale transcription), ``ocr`` (in ``$EDITOR``, starting from OCR's
    reading), or ``undo`` (take the standing transcription back)."""
    import sys

    page = next((p for p in out.flagged if p.number == number), None)
    if page is None and number in dict(manual_pages(out.metadata)):
        raise UsageError(
            f"page {number} of {out.name} was judged not text by correction: its OCR text is "
            "kept in clean.txt, with no placeholder to type over (only a page OCR could not "
            "read is typed here)"
        )
    if page is None:
        raise UsageError(
            f"page {number} of {out.name} is not flagged for manual transcription "
            "(foia-clean review --list names those that are)"
        )
    standing = standing_transcriptions(store, out.name).get(number)
    what = (choice or "").strip().lower()
    if what == "undo":
        if standing is None or withdraw_transcription(store, standing.id) is None:
            raise UsageError(f"page {number} of {out.name} has no transcription to undo")
        refresh_quietly(out, store, console)
        typer.echo(f"{page.id}\tundone: {describe(standing)}")
        return
    if text == "-":
        text = sys.stdin.read()
    elif text is None and what in ("edit", "ocr"):
        start = (
            ocr_reading(out.folder, number)
            if what == "ocr"
            else (standing.replacement if standing is not None else "")
        )
        text = click.edit((start or "") + "\n", extension=".txt", require_save=True)
        if text is None:
            raise UsageError("nothing saved in the editor: nothing recorded")
    elif text is None:
        raise UsageError(
            f"{page.id}: give --text TEXT (--text - reads stdin), edit (in $EDITOR) or ocr "
            "($EDITOR with OCR's reading), or undo"
        )
    span = page_span(out.stripped, number)
    original = out.stripped[span[0] : span[1]] if span else ""
    try:
        d = record_transcription(
            store, out.name, page, original, text, source_sha256=out.source_sha256
        )
    except ValueError as exc:
        raise UsageError(f"{page.id}: {exc}") from exc
    refresh_quietly(out, store, console)
    typer.echo(f"{page.id}\t{describe(d)}\t{d.id}")


def _say_other_scope(d: Decision, store: ReviewStore, console: Console) -> None:
    """On stderr: the decision of the other scope ``d`` superseded, or the batch-wide decision
    it is an exception to."""
    for note in scope_notes(d, store):
        console.print(note, highlight=False, markup=False, soft_wrap=True)


def forget_command(
    decision: str | None, reviews: Path, out: Path | None, rules: bool, console: Console
) -> None:
    """``foia-clean forget``: list learned rules (``--rules``) or take one back, with every
    decision that taught the same lexicon line (``learning.forget``); on a page's
    transcription, undo it (its placeholder is back in ``clean.txt`` of ``--out``'s folder
    for the document, ``out/`` by default)."""
    with stderr_logging(logging.WARNING), exit_on_error(console):
        new_command()  # an odd reviews-log line is warned about once per command
        store = ReviewStore(reviews)
        if rules or decision is None:
            if decision is not None:
                raise UsageError("give a decision id or --rules, not both")
            batch = out or Path("out")  # the default OUT, when there is one here
            if out is not None and not batch_folders(out):
                raise UsageError(
                    f"--out {out}: no document output folders in it (give OUT, the folder "
                    "'foia-clean run' wrote)"
                )
            counted = bool(batch_folders(batch))
            for r in learned_rules(store, batch):
                lines = "; ".join(r.lines) or describe(r.decision)
                places = (
                    count_places(r.places)
                    if counted
                    else "places not counted (give --out OUT, the batch's folder)"
                )
                notes = "".join(f"\t{n}" for n in r.notes)  # superseded, exceptions
                typer.echo(f"{r.decision.id}\t{lines}\t{r.scope}\t{places}{notes}")
            return
        typed = withdraw_transcription(store, decision)
        if typed is not None:  # a page typed by hand: undone; its placeholder is back
            folder = (out or Path("out")) / typed.document
            if (folder / "metadata.json").is_file():
                refresh_quietly(load_output(folder), store, console)
            else:
                console.print(f"{folder}: not found; the next run puts the placeholder back")
            typer.echo(f"{typed.id}\tundone: {describe(typed)}")
            return
        try:
            withdrawn = forget(store, decision)
        except ValueError as exc:
            raise UsageError(
                f"{exc} (foia-clean forget --rules lists them; review OUT --decided lists every "
                "decision, transcriptions too, and which stand)"
            ) from exc
        for d in withdrawn:  # the one named first, then those that taught the same line
            typer.echo(f"{d.id}\tforgot what '{describe(d)}' taught")


def refresh_quietly(
    out: DocOutput, store: ReviewStore, console: Console
) -> tuple[DocOutput, Reviewed]:
    """Bring ``clean.txt`` up to date; if a run holds the folder, say the next run applies it.
    Returns the output as read again and the decisions applied."""
    fresh, reviewed, busy = refresh_or_defer(out, store)
    if busy:
        console.print(f"[yellow]{BUSY}[/]")
    return fresh, reviewed


def _find(out: DocOutput, prefix: str) -> Correction:
    """The correction record, or left word (``review --left``: ``left-…``), with id ``prefix``
    (or a unique prefix of 4+ characters of one)."""
    options = list(out.corrections)
    if prefix.startswith(LEFT_PREFIX):
        options = [i.as_correction() for i in left_items(out.folder, out.stripped)]
    hits = [c for c in options if c.id.startswith(prefix)] if len(prefix) >= 4 else []
    exact = [c for c in options if c.id == prefix]
    if exact:
        return exact[0]
    if len(hits) == 1:
        return hits[0]
    what = "left words" if prefix.startswith(LEFT_PREFIX) else "corrections"
    if hits:
        raise UsageError(f"{prefix!r} matches {len(hits)} {what} in {out.name}; give more")
    raise UsageError(
        f"no correction {prefix!r} in {out.name} (foia-clean review --list; --left lists the "
        "words correction left alone)"
    )
