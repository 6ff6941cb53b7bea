"""The terminal review's last step: typing the pages OCR flagged for manual transcription.

The interactive review (``review_terminal.Screen``) asks the proposals one key at a time; a
flagged page has none, its text is typed whole. After the proposals (or at once when there are
none) each such page that no transcription covers is offered: on a terminal the text is typed
in ``$EDITOR`` (empty, from OCR's reading, or from the earlier transcription when the scan has
changed since); piped, it is the lines that follow, up to a line holding only ``.``, so a
review can still be scripted. The decision goes through ``pipeline.review.transcribe``.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from pathlib import Path
from typing import Any

from rich.console import Console

from pipeline.cli.console import DEFAULT_REVIEWS, reviews_option, shell_word
from pipeline.cli.review_commands import refresh_quietly
from pipeline.core.enums import CorrectionKind
from pipeline.core.names import printable
from pipeline.core.results import manual_note
from pipeline.review.decisions import describe
from pipeline.review.session import Session
from pipeline.review.transcribe import (
    ocr_reading,
    page_span,
    record_transcription,
    standing_transcriptions,
)

log = logging.getLogger(__name__)


def type_pages(session: Session, console: Console, keys: Any, editor: bool) -> None:
    """Offer each flagged page of ``session``'s document that no transcription covers (or
    one typed from pixels that changed since) to type; ``keys`` is the review's key reader
    (``key()``, ``line(prompt)``), ``editor`` whether the text is typed in ``$EDITOR``
    (a terminal) or read as lines up to ``.`` (piped). ``q`` or the end of input stops."""
    out = session.out
    typed = {c.page for c in session.reviewed.corrections if c.kind is CorrectionKind.PAGE}
    earlier = standing_transcriptions(session.store, out.name)
    for page in out.flagged:
        if page.number in typed or page.sha256 is None:
            continue
        # Piped, the text is the lines that follow whatever the key: o and e only help an editor.
        how = "in $EDITOR" if editor else "on the lines that follow, then a line '.'"
        starts = "; o: start from OCR's reading" if editor else ""
        if editor and page.number in earlier:
            starts += "; e: start from the earlier transcription"
        console.print(
            f"Page {page.number} of {out.name} needs manual transcription ({page.reason}). "
            f"t: type it {how}{starts}; s: skip; q: quit",
            markup=False,
            highlight=False,
        )
        key = keys.key()
        if key in (None, "q"):
            return
        if key not in ("t", "o", "e"):
            continue
        start = ""
        if key == "o":
            start = ocr_reading(out.folder, page.number)
        elif key == "e" and page.number in earlier:
            start = earlier[page.number].replacement or ""
        text = typed_lines(keys, start, editor)
        if not text or not text.strip():
            console.print("Nothing typed: nothing recorded.", highlight=False)
            continue
        span = page_span(out.stripped, page.number)
        original = out.stripped[span[0] : span[1]] if span else ""
        d = record_transcription(
            session.store, out.name, page, original, text, source_sha256=out.source_sha256
        )
        session.decided += 1
        refresh_quietly(out, session.store, console)
        console.print(
            f"{describe(d)}: clean.txt carries it ({d.id}).", markup=False, highlight=False
        )


def typed_lines(keys: Any, start: str, editor: bool) -> str | None:
    """Text of several lines typed by the reviewer: in ``$EDITOR`` from ``start`` (a terminal,
    ``editor``), else the lines that follow up to one holding only ``.`` (piped input; the end
    of input ends it too). None when the editor was closed without saving."""
    if editor:
        import click

        return click.edit(start + "\n", extension=".txt", require_save=False)
    lines = []
    while (line := keys.line("")) is not None and line.strip() != ".":
        lines.append(line)
    return "\n".join(lines)


def say_none_pending(where: str, console: Console) -> None:
    """Say on ``console`` (stderr) that ``review --list`` found no proposal pending in
    ``where`` (a document's name or the batch's output folder): stdout stays empty for
    scripts, and a person is not left guessing whether the listing ran at all."""
    console.print(f"No proposals pending in {printable(where)}.", markup=False, highlight=False)


def say_manual(
    pages: list[tuple[str, int, str]],
    typeable: Collection[tuple[str, int]],
    batch_dir: Path,
    console: Console,
    typed: Collection[tuple[str, int]] = (),
    *,
    reviews: Path = DEFAULT_REVIEWS,
) -> None:
    """Say on ``console`` (stderr, after ``review --list``'s proposals, so stdout's rows stay
    as scripts read them) the pages flagged for manual transcription, ``pages`` as (document,
    page number from 1, reason). ``typeable`` are the (document, page) pairs OCR flagged, whose
    placeholder a transcription replaces (the others the correct stage judged not text: their
    OCR text stays, nothing is typed over it); ``typed`` those a standing transcription covers,
    said apart. ``batch_dir`` is the run's output folder, named in the advice, and
    ``reviews`` the reviews folder in use (named there when it is not the default)."""
    done = [(d, n) for d, n, _ in pages if (d, n) in typed]
    pages = [(d, n, why) for d, n, why in pages if (d, n) not in done]
    said = {"markup": False, "highlight": False, "soft_wrap": True}
    if done:
        listed = ", ".join(f"{printable(d)} p{n}" for d, n in done)
        console.print(f"Transcribed by hand (clean.txt carries the typed text): {listed}", **said)
    note = manual_note(pages, typeable)
    if not note:
        return
    console.print(note, **said)
    if any((d, n) in typeable for d, n, _ in pages):
        out, opt = shell_word(batch_dir), reviews_option(reviews)
        console.print(
            f"Type a flagged page beside its scan with 'foia-clean review {out} --web{opt}' "
            f"(Pages to type), or: foia-clean decide {out}/<name> page-N edit{opt} (in "
            "$EDITOR; ocr starts from OCR's reading; --text - reads stdin).",
            **said,
        )
