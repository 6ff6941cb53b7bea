"""The run's dictionaries, loaded once for every stage that asks for them.

The strip stage asks the lexicon whether a word broken at a line end is one word, the correct
stage corrects against it: whichever stage's ``check`` comes first loads it into
``RunContext.lexicon`` (before any OCR, so a malformed dictionary line stops the run at once),
and the other finds it there. Both put ``Lexicon.hash`` into their cache keys.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from pipeline.core.stage import RunContext

if TYPE_CHECKING:
    from pipeline.lexicon import Lexicon

log = logging.getLogger(__name__)


def run_lexicon(ctx: RunContext) -> Lexicon:
    """The run's ``Lexicon``: ``ctx.lexicon``, loaded on the first call from
    ``RunConfig.dictionaries`` and the user lexicon (``<reviews>/lexicon.txt``). Raises what
    ``Lexicon.load`` raises (a malformed dictionary, an unreadable folder)."""
    if ctx.lexicon is None:
        from pipeline.lexicon import Lexicon

        t0 = time.perf_counter()
        config = ctx.config
        ctx.lexicon = Lexicon.load(config.dictionaries, user_lexicon=config.reviews / "lexicon.txt")
        log.debug("dictionaries loaded in %.2f s", time.perf_counter() - t0)
    return ctx.lexicon
