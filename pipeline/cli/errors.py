"""The one mapping from the core's exceptions to a message on stderr and an exit code.

The core raises ``pipeline.core.errors.FoiaCleanError`` subclasses, each carrying its exit code;
commands run their work inside ``exit_on_error`` and nothing else turns exceptions into codes.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

import typer
from rich.console import Console

from pipeline.core.errors import FoiaCleanError

log = logging.getLogger(__name__)


@contextlib.contextmanager
def exit_on_error(console: Console) -> Iterator[None]:
    """Run a command's body: a ``FoiaCleanError`` becomes ``foia-clean: error: <message>`` on
    ``console`` (stderr) and ``typer.Exit`` with the error's exit code (``ExitCode``)."""
    try:
        yield
    except FoiaCleanError as exc:
        console.print(f"foia-clean: error: {exc}", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(exc.exit_code) from exc
