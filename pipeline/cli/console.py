"""What the commands draw on: stderr for people (logging, progress, errors), stdout for results.

The core never prints; every command sets up logging here for its own duration (and restores
what was there, since the commands also run inside other programs and tests) and draws progress
through ``RichProgress``, the rich implementation of the core's ``Progress`` protocol. Strings
and paths logged as arguments are escaped (``pipeline.core.names.printable``): a file name can
never move the cursor, erase a line or forge one.
"""

from __future__ import annotations

import contextlib
import logging
import shlex
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePath
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from pipeline.core.names import printable

#: The reviews folder a command reads when it is given no ``--reviews`` (``reviews/`` here).
DEFAULT_REVIEWS = Path("reviews")


def shell_word(value: str | PurePath) -> str:
    """A file or folder name as one word of a command printed as advice, to be pasted into a
    shell: escaped for the terminal (``printable``) and quoted (``shlex.quote``) where it holds
    a space or a shell character.

    >>> shell_word("out/memo"), shell_word(Path("out/memo with spaces"))
    ('out/memo', "'out/memo with spaces'")
    """
    return shlex.quote(printable(str(value)))


def reviews_option(root: PurePath) -> str:
    """`` --reviews DIR`` for a command printed as advice (``Next: foia-clean review …``, the
    ``--import`` after an ``--export``), or "" when ``root`` is the default reviews folder: the
    command, run as printed from the same folder, must read the same decisions as this one (a
    collection's own reviews folder, not ``reviews/`` here). ``DIR`` is relative to the current
    folder when inside it, escaped and quoted for a shell.

    >>> reviews_option(Path("reviews")), reviews_option(Path("/srv/state 1995/reviews"))
    ('', " --reviews '/srv/state 1995/reviews'")
    """
    path = Path(root)
    if path.resolve() == DEFAULT_REVIEWS.resolve():
        return ""
    with contextlib.suppress(ValueError):
        path = path.resolve().relative_to(Path.cwd())
    return f" --reviews {shell_word(path)}"


#: Everything for people goes to stderr: stdout carries only results (one line per document).
err_console = Console(stderr=True)


class _StderrHandler(logging.Handler):
    """Writes to whatever sys.stderr is at the time (a captured or replaced stream included),
    never to a stream that was closed since logging was set up."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            record.args = _escaped(record.args)
            sys.stderr.write(self.format(record) + "\n")
        except Exception:
            self.handleError(record)


def _escaped(args: Any) -> Any:
    """A log record's arguments with file names (strings, paths) made safe for a terminal: the
    message formats are ours, the names are not."""
    if isinstance(args, tuple):
        return tuple(_escaped_one(a) for a in args)
    if isinstance(args, Mapping):
        return {k: _escaped_one(v) for k, v in args.items()}
    return args


def _escaped_one(arg: Any) -> Any:
    if isinstance(arg, str):
        return printable(arg)
    if isinstance(arg, PurePath):
        return printable(str(arg))
    return arg


@contextlib.contextmanager
def stderr_logging(level: int) -> Iterator[None]:
    """The ``pipeline`` loggers at ``level`` to stderr for one command, then as they were."""
    root = logging.getLogger("pipeline")
    saved = (root.handlers[:], root.level, root.propagate)
    handler = _StderrHandler()
    # The module that logged is for developers (--verbose); a user reads the level and the words.
    fmt = (
        "%(levelname)s %(name)s: %(message)s"
        if level <= logging.DEBUG
        else "%(levelname)s: %(message)s"
    )
    handler.setFormatter(logging.Formatter(fmt))
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    try:
        yield
    finally:
        root.handlers[:], root.level, root.propagate = saved


def level_for(quiet: bool, verbose: bool) -> int:
    """``--quiet``: warnings and errors only; ``--verbose``: debug; else info."""
    return logging.WARNING if quiet else (logging.DEBUG if verbose else logging.INFO)


class _PerMinute(ProgressColumn):
    """The bar's rate in what it counts (the task's ``unit`` field: pages or documents)."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed * 60 if elapsed > 0 else 0.0
        unit = task.fields.get("unit", "pages")
        return Text(f"{rate:5.1f} {unit}/min", style="progress.data.speed")


class RichProgress:
    """Items done, their rate per minute and ETA on stderr; nothing on stdout.

    One bar per ``start`` (the OCR stage's; on a cluster executor every stage's), drawn by a
    rich ``Progress`` of its own: a display that kept the finished bars would print them all
    again at each stop when stderr is not a terminal, and draw them again at each start."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._progress: Progress | None = None
        self._task: int | None = None

    def start(self, total: int, description: str, unit: str = "pages") -> None:
        if total == 0:
            return
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _PerMinute(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self._console,
            transient=False,
        )
        self._progress.start()
        self._task = self._progress.add_task(description, total=total, unit=unit)

    def advance(self, n: int = 1) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, n)

    def finish(self) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.stop()
        self._progress, self._task = None, None
