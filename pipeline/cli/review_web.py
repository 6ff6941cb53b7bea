"""The body of ``foia-clean review --web``: argument checks, then the core
(``pipeline.review.queue``, ``pipeline.review.web``). Imported only when it runs, so other
commands never pay for Starlette or uvicorn.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from rich.console import Console

from pipeline.cli.console import stderr_logging
from pipeline.cli.errors import exit_on_error
from pipeline.core.errors import UsageError
from pipeline.review import ReviewStore, rederive
from pipeline.review.queue import ReviewQueue
from pipeline.review.store import new_command

log = logging.getLogger(__name__)


def web_command(
    target: Path,
    doc: str | None,
    reviews: Path,
    port: int,
    browser: bool,
    console: Console,
    applied: bool = False,
) -> None:
    """``foia-clean review OUT [DOC] --web``: serve the review until ``q`` in the page or
    Ctrl-C, then say in one line what was done (on ``console``, as the terminal review does).

    ``target`` is ``OUT`` (then ``doc`` picks one document, or none: the whole batch) or a
    document's folder ``OUT/<name>``. ``applied``: open on the audit of automatic changes."""
    with stderr_logging(logging.WARNING), exit_on_error(console):
        new_command()  # an odd reviews-log line is warned about once per command
        if not target.is_dir():
            raise UsageError(
                f"{target}: no such folder (give OUT, the folder 'foia-clean run' wrote)"
            )
        if doc is None and (target / "metadata.json").is_file():
            target, doc = target.parent, target.name  # OUT/<name>: that document
        if not 0 <= port <= 65535:
            raise UsageError(f"--port {port}: give a port from 1 to 65535 (0: any free one)")
        store = ReviewStore(reviews)
        rederive(store)
        queue = ReviewQueue(target, store, only=doc)
        from pipeline.review.web import serve
        from pipeline.review.web.app import summary

        console.print(
            "Serving the review on 127.0.0.1 only; q in the page or Ctrl-C stops it (every "
            "decision is saved as it is made).",
            highlight=False,
            soft_wrap=True,
        )
        # uvicorn finishes its requests and raises Ctrl-C again once it has stopped; as in
        # the terminal review, Ctrl-C is a way to end, not an error.
        with contextlib.suppress(KeyboardInterrupt):
            serve(queue, port=port, open_browser=browser, start="/applied" if applied else "/")
        console.print(summary(queue), highlight=False, markup=False, soft_wrap=True)
