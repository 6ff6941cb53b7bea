"""What native libraries in this process write to its stderr (file descriptor 2), captured.

Tesseract, Leptonica and libpng print their warnings to fd 2 themselves, past Python's
``sys.stderr``: in an OCR worker they would land on the user's terminal between progress
lines. ``captured_stderr`` collects them for the caller to interpret (``engines.tesseract``
turns Tesseract's into page warnings) or log (``stages.pngread``: libpng's).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass
class Said:
    """What was written to fd 2 inside a ``captured_stderr`` block (filled when it ends)."""

    text: str = ""


# fd 2 belongs to the whole process: one capture at a time (an OCR worker reads one page at a
# time anyway; a Dask worker with several threads reads its pages one after another here).
_STDERR_LOCK = threading.Lock()


@contextlib.contextmanager
def captured_stderr() -> Iterator[Said]:
    """Collect what anything in this process writes to its stderr (file descriptor 2) inside
    the block, instead of printing it: Tesseract and Leptonica write their messages there
    directly, past Python. The text is in the yielded ``Said`` when the block ends (also when
    it raises; then it is logged at debug level). fd 2 goes to an unlinked temporary file (no
    pipe to fill and block on) and is put back however the block ends. Blocks run one at a
    time per process; a line another thread writes to stderr meanwhile is collected too."""
    said = Said()
    with _STDERR_LOCK, tempfile.TemporaryFile() as sink:
        _flush_stderr()
        saved = os.dup(2)
        ok = False
        try:
            os.dup2(sink.fileno(), 2)
            yield said
            ok = True
        finally:
            _flush_stderr()
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            said.text = sink.read().decode("utf-8", "replace")
            if not ok and said.text.strip():
                log.debug("said on stderr: %s", said.text.strip())


def _flush_stderr() -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.flush()
