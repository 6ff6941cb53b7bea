"""``foia-clean search``: find words in a batch's final text, page by page.

A thin layer over ``pipeline.exports.index.search`` and ``OUT/index.sqlite`` (written by every
run). One hit per line on stdout: document name, tab, ``p<page>``, tab, a snippet with each hit
between ``**``; ``--json`` prints one JSON object per line instead, with the release metadata.
Exit code 0 when something was found, 1 when nothing was (as grep), 2 for a usage error (no
index in that folder, a query that cannot be read).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.console import err_console, shell_word
from pipeline.cli.errors import exit_on_error
from pipeline.cli.flags import FlagCommand
from pipeline.core.errors import ExitCode, UsageError


def search(
    query: Annotated[
        str,
        typer.Argument(
            metavar="QUERY", help='Words, a "quoted phrase" or a prefix* (SQLite FTS5 syntax).'
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="The batch's output folder.")] = Path(
        "out"
    ),
    tags: Annotated[
        list[str] | None,
        typer.Option("--tags", help="Only documents with this TAGS entry (repeatable)."),
    ] = None,
    case: Annotated[
        str | None, typer.Option("--case", help="Only documents of this FOIA case number.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per hit.")] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="At most this many hits.")
    ] = None,
) -> None:
    """Search the final text of a batch (OUT/index.sqlite); one hit per line."""
    from pipeline.exports.index import INDEX_NAME
    from pipeline.exports.index import search as run_search

    with exit_on_error(err_console):
        index = out / INDEX_NAME
        try:
            hits = run_search(index, query, tags=tags or (), case=case, limit=limit)
        except FileNotFoundError as exc:
            advice = f"run foia-clean run --out {shell_word(out)}"
            raise UsageError(f"{index}: no search index ({advice})") from exc
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
    for hit in hits:
        if as_json:
            typer.echo(json.dumps(hit.to_dict(), ensure_ascii=False, sort_keys=True))
        else:
            typer.echo(f"{hit.name}\tp{hit.page}\t{hit.snippet}")
    raise typer.Exit(ExitCode.OK if hits else ExitCode.SOME_FAILED)


def register(app: typer.Typer) -> None:
    """Add ``search`` to the ``foia-clean`` command."""
    app.command(cls=FlagCommand)(search)
