"""The run's dictionaries, loaded once for every stage that asks for them.

The strip stage asks the lexicon whether a word broken at a line end is one word, the correct
stage corrects against it: whichever stage's ``check`` comes first loads it into
``RunContext.lexicon`` (before any OCR, so a malformed dictionary line stops the run at once),
and the other finds it there. Both put ``Lexicon.hash`` into their cache keys.

On a Dask worker (``RunContext.for_workers``: no memory-mapped index travels) the dictionaries
are loaded once per worker process from the same paths, and refused unless their hash is the
client's: a worker that sees other dictionaries would silently strip and correct differently.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING

from pipeline.core.errors import DictionaryError
from pipeline.core.stage import LEXICON_HASH, RunContext

if TYPE_CHECKING:
    from pipeline.lexicon import Lexicon

log = logging.getLogger(__name__)


def run_lexicon(ctx: RunContext) -> Lexicon:
    """The run's ``Lexicon``: ``ctx.lexicon``, loaded on the first call from
    ``RunConfig.dictionaries`` and the user lexicon (``<reviews>/lexicon.txt``). Raises what
    ``Lexicon.load`` raises (a malformed dictionary, an unreadable folder), and on a worker
    ``DictionaryError`` when its dictionaries are not the client's."""
    if ctx.lexicon is not None:
        return ctx.lexicon
    expected = ctx.shared.get(LEXICON_HASH)
    if expected is None:
        ctx.lexicon = _load(ctx)
        return ctx.lexicon
    with _worker_lock:  # a worker's threads share one copy
        lexicon = _worker_lexicons.get(expected)
        if lexicon is None:
            lexicon = _load(ctx)
            if lexicon.hash != expected:
                raise DictionaryError(
                    "this worker's dictionaries differ from the client's: --dictionaries and "
                    "--reviews must be the same files on every worker"
                )
            _worker_lexicons[expected] = lexicon
    return lexicon


_worker_lexicons: dict[str, Lexicon] = {}
_worker_lock = threading.Lock()


def _load(ctx: RunContext) -> Lexicon:
    from pipeline.lexicon import Lexicon

    t0 = time.perf_counter()
    config = ctx.config
    lexicon = Lexicon.load(config.dictionaries, user_lexicon=config.reviews / "lexicon.txt")
    log.debug("dictionaries loaded in %.2f s", time.perf_counter() - t0)
    return lexicon
