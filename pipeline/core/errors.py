"""Exit codes and the exceptions that carry them.

The core raises these; only ``pipeline.cli`` turns them into exit codes and messages.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    OK = 0  # every document done
    SOME_FAILED = 1  # the batch finished but at least one document failed
    USAGE = 2  # bad command line, conflicting inputs
    MISSING_DEPENDENCY = 3  # Tesseract, its language data or another program is missing
    BUSY = 4  # another run holds the output folder's lock
    CANNOT_WRITE = 5  # the output folder cannot be written (read-only, full, no permission)


class FoiaCleanError(Exception):
    """Base class: a message for people and the exit code it maps to."""

    exit_code: ExitCode = ExitCode.SOME_FAILED


class UsageError(FoiaCleanError):
    exit_code = ExitCode.USAGE


class MissingDependencyError(FoiaCleanError):
    exit_code = ExitCode.MISSING_DEPENDENCY


class OutputBusyError(FoiaCleanError):
    exit_code = ExitCode.BUSY


class OutputError(FoiaCleanError):
    """The output (or reviews) folder cannot be written at all: a read-only file system, a full
    disk, no permission. Every later document would fail the same way, so the run stops."""

    exit_code = ExitCode.CANNOT_WRITE


class DocumentError(FoiaCleanError):
    """One document cannot be processed; the batch goes on without it."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # Rebuilt from its own arguments when it crosses a process boundary (the default,
        # ``cls(*self.args)``, would call ``__init__`` with the one formatted message).
        return (type(self), (self.path, self.reason))


class OcrError(FoiaCleanError):
    """Tesseract failed or timed out on one page."""


class DictionaryError(FoiaCleanError):
    """A dictionary file is malformed: the message names ``file:line: what is wrong``, or
    ``file: what is wrong`` for a problem with no line (``line`` 0: a folder not found, a file
    that cannot be read)."""

    exit_code = ExitCode.USAGE

    def __init__(self, path: Path | str, line: int, what: str) -> None:
        super().__init__(f"{path}:{line}: {what}" if line else f"{path}: {what}")
        self.path = str(path)
        self.line = line
        self.what = what

    def __reduce__(self) -> tuple[type, tuple[str, int, str]]:
        return (type(self), (self.path, self.line, self.what))
