"""The terminal review: key readers, the ``Screen`` that draws one proposal at a time with rich
(on stderr, so ``--list`` output on stdout stays clean) over ``pipeline.review.session``, and the
body of the ``review`` command (with ``--list``, ``--left``, ``--decided``, ``--export``,
``--import``). Imported only when
it runs, so other commands never pay for the review package.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import typer
from rich.console import Console
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from pipeline.cli.console import reviews_option, shell_word, stderr_logging
from pipeline.cli.errors import exit_on_error
from pipeline.cli.review_lists import (
    export_document,
    import_document,
    list_batch,
    list_decided,
    list_document,
    list_left_batch,
    pending_left,
)
from pipeline.cli.review_pages import type_pages, typed_lines
from pipeline.core.errors import UsageError
from pipeline.core.results import Correction
from pipeline.review import (
    ReviewStore,
    ScanCropper,
    batch_folders,
    load_output,
    rederive,
)
from pipeline.review.decisions import learned_note
from pipeline.review.linetext import has_suggestion, suggestion
from pipeline.review.outputs import (
    after_review,
    logs_stamp,
)
from pipeline.review.queue import Item
from pipeline.review.session import (
    GROUP_HELP,
    GROUP_KEYS_HELP,
    HELP,
    KEYS_HELP,
    LINE_HELP,
    LINE_KEYS_HELP,
    SUGGESTED_KEYS_HELP,
    Note,
    NoteKind,
    Reply,
    ReplyKind,
    Session,
)
from pipeline.review.store import new_command

log = logging.getLogger(__name__)

_CONTEXT_CHARS = 110  # of the word's line on each side: about three screen lines at 80 columns


def review_command(
    doc: Path,
    reviews: Path,
    list_: bool,
    export: Path | None,
    import_: Path | None,
    err_console: Console,
    *,
    left: bool = False,
    decided: bool = False,
) -> None:
    """``foia-clean review``: list (proposals, left words, decisions), export, import, or
    review interactively."""
    with stderr_logging(logging.WARNING), exit_on_error(err_console):
        new_command()  # an odd reviews-log line is warned about once per command
        if sum((list_, left, decided, export is not None, import_ is not None)) > 1:
            raise UsageError(
                "use one of --list, --left, --decided, --export and --import at a time"
            )
        store = ReviewStore(reviews)
        if doc.is_dir() and not (doc / "metadata.json").is_file() and batch_folders(doc):
            if not (list_ or left or decided):  # OUT itself: the whole batch
                raise UsageError(
                    f"{doc}: a batch's output folder; review one document (OUT/<name>, or "
                    "OUT NAME), or the whole batch with --web; --list, --left, --decided and "
                    "--applied take the whole batch, --export and --import one document"
                )
            if decided:
                list_decided(store, None)
            elif left:
                list_left_batch(doc, store)
            else:
                list_batch(doc, store, err_console)
            return
        out = load_output(doc)
        if list_:
            list_document(out, store, err_console)
        elif left:
            for item in pending_left(out, store):
                typer.echo(item.row())
        elif decided:
            list_decided(store, out)
        elif export is not None:
            export_document(out, store, export, err_console)
        elif import_ is not None:
            import_document(out, store, import_, err_console)
        else:
            rederive(store)
            Screen(Session(out, store), err_console, _keys(err_console)).run()


# -- keys ------------------------------------------------------------------------------------


class Keys(Protocol):
    def key(self) -> str | None:
        """One answer: a key (or word), None at the end of input."""

    def line(self, prompt: str) -> str | None:
        """A line of text (the replacement), None at the end of input."""


class LineKeys:
    """stdin is not a terminal: one answer per line."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def key(self) -> str | None:
        raw = sys.stdin.readline()
        if not raw:
            return None
        answer = raw.strip()
        self.console.print(answer, markup=False, highlight=False)
        return answer

    def line(self, prompt: str) -> str | None:
        self.console.print(prompt, end="", markup=False, highlight=False)
        raw = sys.stdin.readline()
        if not raw:
            return None
        self.console.print(raw.rstrip("\n"), markup=False, highlight=False)
        return raw.rstrip("\n")


class TerminalKeys:
    """A real terminal: single keystrokes, the terminal restored after each one."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.fd = sys.stdin.fileno()

    def key(self) -> str | None:
        import termios
        import tty

        old = termios.tcgetattr(self.fd)
        try:
            tty.setcbreak(self.fd)  # no echo, no line buffering; Ctrl-C still interrupts
            data = os.read(self.fd, 1)
            if data == b"\x1b":
                # An arrow or function key: drop the whole sequence, or its letters would be
                # read as answers ('A' is accept-everywhere).
                while select.select([self.fd], [], [], 0.05)[0]:
                    os.read(self.fd, 16)
                return ""
            if data and data[0] >= 0xC0:  # the first byte of a multi-byte UTF-8 character
                data += os.read(self.fd, 1 if data[0] < 0xE0 else 2 if data[0] < 0xF0 else 3)
        finally:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, old)
        if data in (b"", b"\x04"):  # Ctrl-D
            return None
        key = data.decode(errors="replace")
        if not key.isprintable() or key.isspace():
            key = ""  # Enter, Tab, other control keys: ask again
        self.console.print(key, markup=False, highlight=False)
        return key

    def line(self, prompt: str) -> str | None:
        try:
            return self.console.input(prompt, markup=False)
        except EOFError:
            return None


def _keys(console: Console) -> Keys:
    return TerminalKeys(console) if sys.stdin.isatty() else LineKeys(console)


# -- the session on screen -------------------------------------------------------------------


class Screen:
    """Draws a ``pipeline.review.session.Session`` and feeds it the keys read; the signals
    that end it (a closed terminal, a kill) end it like ``q``."""

    def __init__(self, session: Session, console: Console, keys: Keys) -> None:
        self.session = session
        self.console = console
        self.keys = keys
        self.cropper = ScanCropper(session.out)
        self.note: Note | None = None
        self._prompt = ""  # for the line of text the session asked for
        self.fullscreen = console.is_terminal and isinstance(keys, TerminalKeys)
        #: The reviews logs as the review starts: whether it recorded anything, at its end.
        self.stamp = logs_stamp(session.store.root)

    def run(self) -> None:
        stale = [s for s in self.session.stale if not s.decision.transcription]
        for s in self.session.stale:
            if s.decision.transcription:  # a page typed from pixels that have changed since
                folder = shell_word(self.session.out.folder)
                self.console.print(
                    f"Page {s.decision.page}'s transcription is not applied: {s.why} "
                    f"(foia-clean decide {folder} page-{s.decision.page} edit starts from it)",
                    style="yellow",
                    highlight=False,
                    markup=False,
                )
        if stale:
            self.console.print(
                f"[yellow]{len(stale)} earlier decision(s) no longer find their word "
                "(re-OCR read it differently):[/]"
            )
            for s in stale[:5]:
                self.console.print(
                    f"  {s.decision.action.value} {s.decision.original!r} near "
                    f"'{s.decision.context}' ({s.decision.id})",
                    markup=False,
                    highlight=False,
                )
        if self.session.current is None:
            self.console.print(
                f"Nothing to review in {self.session.out.name}: no pending proposals.",
                highlight=False,
            )
            with ends_like_quit(self.console):
                self._pages()
            return
        with ends_like_quit(self.console):
            if not self._loop():
                self._pages()
        self._goodbye()

    def _loop(self) -> bool:
        """Ask every pending proposal; True when the reviewer quit."""
        session = self.session
        while (c := session.current) is not None:
            self._show(c, *session.position)
            while True:
                if session.wants_text and c.is_region:  # several lines: their breaks kept
                    editor = isinstance(self.keys, TerminalKeys)
                    how = "in $EDITOR" if editor else "on the lines that follow, then a line '.'"
                    self.console.print(f"Type the lines the scan reads {how}:", markup=False)
                    reply = session.feed(typed_lines(self.keys, "", editor))  # empty: cancel
                elif session.wants_text:
                    reply = session.feed(self.keys.line(self._prompt))
                else:
                    self.console.print("> ", end="")
                    reply = session.feed(self.keys.key())
                if self._answered(reply):
                    break
            if reply.kind is ReplyKind.QUIT:
                return True
        return False

    def _pages(self) -> None:
        type_pages(self.session, self.console, self.keys, isinstance(self.keys, TerminalKeys))

    def _answered(self, reply: Reply) -> bool:
        """Show what ``reply`` says now; True when the current proposal is done with."""
        for warning in reply.warnings:
            self.console.print(f"[yellow]{warning}[/]")
        if reply.kind is ReplyKind.HELP:
            c = self.session.current
            text = LINE_HELP if c is not None and c.is_line else HELP
            text = GROUP_HELP if c is not None and self.session.group else text
            self.console.print(text, markup=False, highlight=False)
        elif reply.kind is ReplyKind.TEXT:
            self._prompt = reply.message
        elif reply.kind is ReplyKind.AGAIN and reply.message:
            self.console.print(reply.message, markup=False, highlight=False)
        elif reply.kind is ReplyKind.NEXT:
            self.note = reply.note
        return reply.kind in (ReplyKind.NEXT, ReplyKind.QUIT)

    def _goodbye(self) -> None:
        session = self.session
        if self.note is not None:  # what the last answer did
            self.console.print(_note(self.note))
        pending = len(session.reviewed.pending)
        left = f"{pending} still pending" if pending else "nothing left to review"
        self.console.print(
            f"{session.decided} decided, {len(session.skipped)} skipped; {left} in "
            f"{session.out.name}.\n"
            + after_review(
                _shown_path(session.store.root),
                f"of {_shown_path(session.out.folder)}",
                logs_stamp(session.store.root) != self.stamp,
            ),
            highlight=False,
            markup=False,
        )
        others = session.pending_elsewhere()
        if others:
            first = shell_word(_shown_path(others[0]))
            more = f" (and {len(others) - 1} more)" if len(others) > 1 else ""
            self.console.print(
                f"Next: foia-clean review {first}{reviews_option(session.store.root)}{more}",
                highlight=False,
                markup=False,
            )

    # -- drawing ---------------------------------------------------------------------------

    def _show(self, c: Correction, position: int, total: int) -> None:
        console = self.console
        if self.fullscreen:
            console.clear()
        if self.note is not None:
            console.print(_note(self.note))
            self.note = None
        title = (
            f"{self.session.out.name} · {position} of {total} · page {c.page}, line {c.line + 1}"
        )
        if c.is_line:
            title += " · transcribe the region by hand" if c.is_region else " · transcribe by hand"
        console.print(Rule(title, style="dim", characters="─"))
        console.print(self._context(c))
        console.print()
        console.print(self._line_details(c) if c.is_line else self._details(c))
        # Unbroken by rich, so the path can be copied even when the terminal wraps it.
        console.print(self._scan(c), soft_wrap=True, highlight=False)
        console.print()
        keys = KEYS_HELP
        if group := self.session.group:
            console.print(self._group(group))
            console.print()
            keys = GROUP_KEYS_HELP
        if c.is_line:
            keys = SUGGESTED_KEYS_HELP if has_suggestion(c) else LINE_KEYS_HELP
        console.print(Text(keys, style="dim"))

    def _context(self, c: Correction) -> Padding:
        text = self.session.out.stripped
        line_start = max(text.rfind("\n", 0, c.start), text.rfind("\f", 0, c.start)) + 1
        ends = [i for i in (text.find("\n", c.end), text.find("\f", c.end)) if i != -1]
        line_end = min(ends) if ends else len(text)
        lo = max(line_start, c.start - _CONTEXT_CHARS)
        hi = min(line_end, c.end + _CONTEXT_CHARS)
        # Cut at spaces so the context shows whole words.
        if lo > line_start:
            lo = text.find(" ", lo, c.start) + 1 or lo
        if hi < line_end:
            cut = text.rfind(" ", c.end, hi)
            hi = cut if cut != -1 else hi
        out = Text("… " if lo > line_start else "")
        out.append(text[lo : c.start])
        if self.console.color_system is None:
            out.append(f"[{c.original}]", style="bold")  # no colour: still findable
        else:
            out.append(c.original, style="bold black on yellow")
        out.append(text[c.end : hi])
        out.append(" …" if hi < line_end else "")
        return Padding(out, (0, 0, 0, 2))

    def _details(self, c: Correction) -> Table:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True, min_width=5)
        grid.add_column()
        word = Text(c.original, style="bold")
        conf = (
            "no OCR confidence (text input)" if c.conf is None else f"OCR confidence {c.conf:.0f}"
        )
        word.append(f"    {conf}", style="")
        docs, places = self.session.counts.get(c.original.casefold(), (1, 1))
        if places > 1:
            where = f"{places} places" + (f" in {docs} documents" if docs > 1 else "")
            word.append(f" · {where}")
        grid.add_row("Word", word)
        cands = Table.grid(padding=(0, 2))
        cands.add_column(justify="right", style="bold cyan")
        cands.add_column()
        cands.add_column(justify="right", style="dim")
        for n, (text, score) in enumerate(c.candidates[:9], start=1):
            cands.add_row(str(n), text, f"{score:.2f}")
        grid.add_row("Fix", cands)
        grid.add_row("Why", Text(c.reason))
        return grid

    def _group(self, group: tuple[Item, ...]) -> Text:
        """A word group's places, numbered as ``x`` takes them: each with its document (when
        another), page and line, its own reading in its line, and what ``a`` makes of it."""
        word = group[0].correction.replacement
        readings = {i.correction.original.casefold() for i in group}
        docs = {i.document for i in group}
        out = Text(
            f"{len(readings)} readings of {word} at {len(group)} places"
            + (f" in {len(docs)} documents" if len(docs) > 1 else "")
            + ": a accepts every one, r keeps every one",
            style="bold",
        )
        plain = self.console.color_system is None
        for n, i in enumerate(group, start=1):
            c = i.correction
            where = f"p{c.page} l{c.line + 1}"
            if i.document != self.session.out.name:
                where = f"{i.document} {where}"
            out.append(f"\n{n:>3}  {where}  ", style="")
            out.append(i.before, style="")
            out.append(f"[{c.original}]" if plain else c.original, style="bold black on yellow")
            out.append(i.after, style="")
            out.append(f"  → {c.replacement}", style="green")
        return out

    def _line_details(self, c: Correction) -> Table:
        """A line to transcribe by hand: the OCR line, its confidence, why; no candidates."""
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True, min_width=5)
        grid.add_column()
        conf = (
            "no OCR confidence (text input)"
            if c.conf is None
            else f"mean OCR confidence {c.conf:.0f}"
        )
        grid.add_row("Line", Text(f"{c.original}    {conf}"))
        what, it = ("lines", "them") if c.is_region else ("line", "it")
        do = f"type the {what} as the scan reads {it} (e), or keep {it} (r)"
        if has_suggestion(c):
            grid.add_row("Suggested", suggested_text(c))
            do = "take the suggested line (a), " + do
        grid.add_row("Do", Text(do))
        grid.add_row("Why", Text(c.reason))
        return grid

    def _scan(self, c: Correction) -> Text:
        path, why = self.cropper.crop(c)
        line = Text("Scan   ", style="bold")
        line.append(_shown_path(path) if path else why or "", style="" if path else "dim")
        return line


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def ends_like_quit(console: Console) -> Iterator[None]:
    """Run a review loop so that Ctrl-C, a closed terminal (SIGHUP) or a kill (SIGTERM) ends it
    like ``q``: answers are saved already, and the signal handlers are put back after."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGHUP)}
    for sig in saved:
        signal.signal(sig, _interrupt)
    try:
        yield
    except KeyboardInterrupt:
        console.print()
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _note(note: Note) -> Text:
    """What the last answer did, styled: a tick for a decision, the learning dimmed."""
    if note.kind is not NoteKind.DECIDED:
        return Text(note.text)
    text = Text("✓ ", style="green")
    text.append(note.text)
    if note.learned and note.decision is not None:
        text.append(f"; {learned_note(note.decision)}", style="dim")
    return text


def _shown_path(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.resolve().relative_to(Path.cwd()))
    return str(path)


def suggested_text(c: Correction) -> Text:
    """A line item's suggested text (``linetext.suggestion``): the changes the run applied
    in it marked ``{…}`` (in ``clean.txt`` until the line is typed), its proposals' top
    candidates ``[…]``; in colour, styled as well; then a key to the marks the line has.

    >>> from pipeline.core.enums import CorrectionDecision as D, CorrectionKind
    >>> from pipeline.core.results import Subsumed
    >>> sub = (Subsumed(0, 3, "tbe", "the", D.PROPOSED),)
    >>> line = Correction("l", 1, 0, 0, 7, None, "tbe cst", "the cst", (), D.PROPOSED, "",
    ...     None, "", kind=CorrectionKind.LINE, subsumed=sub)
    >>> suggested_text(line).plain
    '[the] cst    [proposed]'
    """
    out = Text()
    pieces = suggestion(c)
    for piece in pieces:
        if piece.decision is None:
            out.append(piece.text)
        elif piece.applied:
            out.append(f"{{{piece.text}}}", style="bold green")
        else:
            out.append(f"[{piece.text}]", style="bold yellow")
    key = [
        name  # a key only for the marks the line has
        for name, shown in (
            ("{applied by the run}", any(p.applied for p in pieces)),
            ("[proposed]", any(p.decision and not p.applied for p in pieces)),
        )
        if shown
    ]
    if key:
        out.append("    " + "  ".join(key), style="dim")
    return out
