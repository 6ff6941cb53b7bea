"""The body of ``foia-clean review OUT [DOC] --applied``: the audit of the changes the run made on
its own, in the terminal (one screen per change, every place of it in the batch) or as
``--list``/``--export``/``--import``. The core is ``pipeline.review.audit``; this module reads
keys (the terminal review's readers) and draws with rich on stderr, so ``--list`` output on
stdout stays clean. Imported only when it runs.
"""

from __future__ import annotations

import logging
from pathlib import Path

import typer
from rich.console import Console
from rich.rule import Rule
from rich.text import Text

from pipeline.cli.console import reviews_option, shell_word, stderr_logging
from pipeline.cli.errors import exit_on_error
from pipeline.cli.review_terminal import _keys, _shown_path, ends_like_quit
from pipeline.core.errors import UsageError
from pipeline.review import ReviewStore, ScanCropper, rederive, write_csv
from pipeline.review.audit import (
    AUDIT_HELP,
    AUDIT_KEYS_HELP,
    Audit,
    AuditSession,
    ChangeGroup,
)
from pipeline.review.outputs import after_review, logs_stamp
from pipeline.review.queue import ReviewQueue
from pipeline.review.session import count_places
from pipeline.review.sheets import export_applied_csv, import_applied_csv
from pipeline.review.store import new_command

log = logging.getLogger(__name__)


def audit_command(
    target: Path,
    doc: str | None,
    reviews: Path,
    list_: bool,
    export: Path | None,
    import_: Path | None,
    console: Console,
) -> None:
    """``foia-clean review OUT [DOC] --applied``: audit the automatic changes of the batch (or
    of one document), list them, export them to a sheet or import a filled-in one."""
    with stderr_logging(logging.WARNING), exit_on_error(console):
        new_command()  # an odd reviews-log line is warned about once per command
        if sum((list_, export is not None, import_ is not None)) > 1:
            raise UsageError("use one of --list, --export and --import at a time")
        if not target.is_dir():
            raise UsageError(
                f"{target}: no such folder (give OUT, the folder 'foia-clean run' wrote)"
            )
        if doc is None and (target / "metadata.json").is_file():
            target, doc = target.parent, target.name  # OUT/<name>: that document
        store = ReviewStore(reviews)
        rederive(store)
        audit = Audit(ReviewQueue(target, store, only=doc))
        if list_:
            for ch in audit.changes(done=True):
                c = ch.correction
                typer.echo(
                    f"{ch.key}\tp{c.page}\t{c.original}\t{ch.machine}\t{ch.state.value}\t{c.reason}"
                )
        elif export is not None:
            text = export_applied_csv(audit)
            write_csv(export, text)
            counts = audit.counts()
            console.print(
                f"Wrote {text.count(chr(10)) - 1} automatic changes to {export} "
                f"({counts['unchecked']} unchecked). Fill in 'decision' (keep, revert, or edit "
                f"with the word in 'replacement'), then: foia-clean review {shell_word(target)}"
                f"{' ' + shell_word(doc) if doc else ''} --applied --import {shell_word(export)}"
                f"{reviews_option(reviews)}",
                highlight=False,
                markup=False,
            )
        elif import_ is not None:
            recorded = import_applied_csv(import_, audit)
            console.print(
                f"Recorded {len(recorded)} audit decisions from {import_}; "
                f"{audit.counts()['unchecked']} automatic changes still unchecked.",
                highlight=False,
                markup=False,
            )
        else:
            AuditScreen(AuditSession(audit), console).run()


class AuditScreen:
    """Draws an ``AuditSession`` and feeds it the keys read; a kill ends it like ``q``."""

    def __init__(self, session: AuditSession, console: Console) -> None:
        self.session = session
        self.console = console
        self.keys = _keys(console)
        self._croppers: dict[str, ScanCropper] = {}
        #: The reviews logs as the audit starts: whether it recorded anything, at its end.
        self.stamp = logs_stamp(session.audit.queue.store.root)

    def run(self) -> None:
        session = self.session
        if session.current is None:
            self.console.print("Nothing to audit: no unchecked automatic change.", highlight=False)
            return
        with ends_like_quit(self.console):
            self._loop()
        counts = session.audit.counts()
        self.console.print(
            f"{count_places(session.decided)} audited; {counts['unchecked']} automatic change"
            f"{'' if counts['unchecked'] == 1 else 's'} still "
            f"unchecked ({counts['confirmed']} confirmed, {counts['reverted']} reverted, "
            f"{counts['corrected']} corrected in all). "
            + after_review(
                _shown_path(session.audit.queue.store.root),
                "of every document audited",
                logs_stamp(session.audit.queue.store.root) != self.stamp,
            ),
            highlight=False,
            markup=False,
        )

    def _loop(self) -> None:
        session = self.session
        while (g := session.current) is not None:
            self._show(g)
            while True:
                if session.typing:
                    answer = self.keys.line(self._prompt)
                else:
                    self.console.print("> ", end="")
                    answer = self.keys.key()
                moved, said = session.feed(answer)
                if session.typing:
                    self._prompt = said
                elif said:
                    self.console.print(said, markup=False, highlight=False)
                if moved or session.finished:
                    break

    _prompt = ""

    def _show(self, g: ChangeGroup) -> None:
        console = self.console
        left = len(self.session.audit.groups())
        docs = len(g.documents)
        title = (
            f"Changed automatically · {g.title} · {len(g.items)} place"
            f"{'' if len(g.items) == 1 else 's'} in {docs} document{'' if docs == 1 else 's'}"
            f" · {left} change{'' if left == 1 else 's'} unchecked"
        )
        console.print(Rule(title, style="dim", characters="─"))
        first = g.items[0].correction.reason
        console.print(Text("Why  ", style="bold") + Text(first))
        for n, ch in enumerate(g.items[:9], start=1):
            c = ch.correction
            tick = "[ ]" if ch.key in self.session.unticked else "[x]"
            line = Text(f" {tick} {n}  {ch.document} p{c.page} l{c.line + 1}  ")
            line.append(ch.before)
            if console.color_system is None:  # no colour: old and new still told apart
                line.append(f"[{c.original} → {ch.machine}]", style="bold")
            else:
                line.append(c.original, style="strike")
                line.append(ch.machine, style="bold black on yellow")
            line.append(ch.after)
            console.print(line)
            if c.reason != first:
                console.print(Text(f"        Why  {c.reason}", style="dim"))
            path, why = self._cropper(ch.document).crop(c)
            scan = _shown_path(path) if path else why or ""
            console.print(Text(f"        Scan  {scan}", style="dim"), soft_wrap=True)
        if len(g.items) > 9:
            more = count_places(len(g.items) - 9)
            console.print(f"  … and {more} more (decided with the ticked)")
        console.print(Text(AUDIT_KEYS_HELP, style="dim"))

    def _cropper(self, document: str) -> ScanCropper:
        if document not in self._croppers:
            self._croppers[document] = ScanCropper(self.session.audit.queue.doc(document))
        return self._croppers[document]


__all__ = ["AUDIT_HELP", "audit_command"]
