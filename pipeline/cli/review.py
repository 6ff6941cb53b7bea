"""``foia-clean review`` and ``foia-clean decide``: the terminal side of ``pipeline.review``.

A thin layer: it reads keys, draws one proposal at a time with rich (on stderr, so ``--list``
output on stdout stays clean) and calls the core, which records every decision the moment it is
made. On a terminal a key is one keystroke; when stdin is not a terminal each answer is one line,
so a review can be scripted: ``printf 'a\\nr\\ne\\nNewWord\\nq\\n' | foia-clean review out/doc``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console


def register(app: typer.Typer, err_console: Console) -> None:
    """Add ``review`` and ``decide`` to the ``foia-clean`` typer app."""

    @app.command()
    def review(
        doc: Annotated[Path, typer.Argument(help="A document's output folder: OUT/<name>.")],
        reviews: Annotated[
            Path, typer.Option("--reviews", help="Review decisions and user lexicon.")
        ] = Path("reviews"),
        list_: Annotated[
            bool, typer.Option("--list", help="Print the pending proposals, id first, and exit.")
        ] = False,
        export: Annotated[
            Path | None, typer.Option("--export", help="Write the proposals to a CSV file.")
        ] = None,
        import_: Annotated[
            Path | None, typer.Option("--import", help="Record the decisions in a CSV file.")
        ] = None,
    ) -> None:
        """Review a document's proposed corrections, one at a time, from the keyboard."""
        from pipeline.cli.review_terminal import review_command

        review_command(doc, reviews, list_, export, import_, err_console)

    @app.command()
    def decide(
        doc: Annotated[Path, typer.Argument(help="A document's output folder: OUT/<name>.")],
        correction_id: Annotated[
            str, typer.Argument(metavar="ID", help="Correction id (or a unique prefix).")
        ],
        choice: Annotated[
            str,
            typer.Argument(
                metavar="accept|reject|N|TEXT",
                help="accept, reject, a candidate number, or the replacement text.",
            ),
        ],
        reviews: Annotated[
            Path, typer.Option("--reviews", help="Review decisions and user lexicon.")
        ] = Path("reviews"),
        batch: Annotated[
            bool, typer.Option("--batch", help="Decide this change in every document.")
        ] = False,
    ) -> None:
        """Record one decision without the interactive review."""
        from pipeline.cli.review_terminal import decide_command

        decide_command(doc, correction_id, choice, reviews, batch, err_console)
