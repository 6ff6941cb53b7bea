"""Registration of ``foia-clean review``, ``decide`` and ``forget``: the typer signatures only.

The bodies are imported when a command runs: ``review_terminal`` (the interactive review and
``--list``/``--left``/``--decided``/``--export``/``--import``), ``review_audit``
(``--applied``: the audit of automatic changes), ``review_web`` (``--web``),
``review_commands`` (``decide``, ``forget``). The terminal review reads keys, draws one proposal
at a time with rich (on stderr, so ``--list`` output on stdout stays clean) and calls the core,
which records every decision the moment it is made. On a terminal a key is one keystroke; when
stdin is not a terminal each answer is one line, so a review can be scripted:
``printf 'a\\nr\\ne\\nNewWord\\nq\\n' | foia-clean review out/doc``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from pipeline.cli.flags import FlagCommand


def register(app: typer.Typer, err_console: Console) -> None:
    """Add ``review`` and ``decide`` to the ``foia-clean`` typer app."""

    @app.command(
        cls=FlagCommand,
        short_help="Review corrections and type flagged pages, by keyboard or browser.",
    )
    def review(
        target: Annotated[
            Path,
            typer.Argument(
                metavar="OUT",
                help="The run's output folder (the whole batch, or one document with DOC), or "
                "one document's output folder OUT/<name>.",
            ),
        ],
        doc: Annotated[
            str | None,
            typer.Argument(metavar="DOC", help="A document's name in OUT.", show_default=False),
        ] = None,
        reviews: Annotated[
            Path, typer.Option("--reviews", help="Review decisions and user lexicon.")
        ] = Path("reviews"),
        list_: Annotated[
            bool,
            typer.Option(
                "--list",
                help="Print the pending proposals, id first, and exit; on stderr after them, the "
                "pages that need manual transcription.",
            ),
        ] = False,
        left: Annotated[
            bool,
            typer.Option(
                "--left",
                help="Print the words correction left alone (left.jsonl: neither applied nor "
                "proposed), id first, and exit; 'foia-clean decide' takes their ids.",
            ),
        ] = False,
        decided: Annotated[
            bool,
            typer.Option(
                "--decided",
                help="Print the decisions recorded (for OUT or one document), with which one "
                "stands and what superseded the others, and exit.",
            ),
        ] = False,
        export: Annotated[
            Path | None,
            typer.Option(
                "--export",
                help="Write one document's proposals, and a page-N row for each page to type by "
                "hand, to a CSV file (with --applied: the automatic changes, for OUT or one "
                "document).",
            ),
        ] = None,
        import_: Annotated[
            Path | None,
            typer.Option("--import", help="Record the decisions in a CSV file (from --export)."),
        ] = None,
        web: Annotated[
            bool,
            typer.Option("--web", help="Review in the browser, beside the page image."),
        ] = False,
        port: Annotated[
            int, typer.Option("--port", help="Port for --web on 127.0.0.1 (0: any free one).")
        ] = 0,
        no_browser: Annotated[
            bool, typer.Option("--no-browser", help="With --web: only print the URL.")
        ] = False,
        applied: Annotated[
            bool,
            typer.Option(
                "--applied",
                help="Audit the changes the run made on its own (keep or revert each; with "
                "--list/--export/--import, those changes), for OUT or one document.",
            ),
        ] = False,
    ) -> None:
        """Review proposed corrections: one at a time from the keyboard, or with --web in the
        browser beside the page image (the URL, with its access token, is the first line on
        stdout). Pages flagged for manual transcription are offered to type after the
        proposals (the web review: Pages to type). OUT alone (the batch) takes --web, --list,
        --left, --decided and --applied; --export and --import take one document (OUT/<name>,
        or OUT NAME), or the batch with --applied."""
        if web:
            from pipeline.cli.review_web import web_command

            web_command(target, doc, reviews, port, not no_browser, err_console, applied)
            return
        if applied:
            from pipeline.cli.review_audit import audit_command

            audit_command(target, doc, reviews, list_, export, import_, err_console)
            return
        from pipeline.cli.review_terminal import review_command

        review_command(
            target / doc if doc else target,
            reviews,
            list_,
            export,
            import_,
            err_console,
            left=left,
            decided=decided,
        )

    @app.command(
        cls=FlagCommand, short_help="Take back what a review decision taught, or list the rules."
    )
    def forget(
        decision: Annotated[
            str | None,
            typer.Argument(
                metavar="DECISION",
                help="A decision id (--rules lists those that taught something; review OUT "
                "--decided lists every decision, a page transcribed by hand too); without one, "
                "the rules are listed.",
            ),
        ] = None,
        reviews: Annotated[
            Path, typer.Option("--reviews", help="Review decisions and user lexicon.")
        ] = Path("reviews"),
        out: Annotated[
            Path | None,
            typer.Option(
                "--out",
                help="The batch's output folder: whose places --rules counts, and where an "
                "undone transcription's clean.txt is rewritten (default: out).",
            ),
        ] = None,
        rules: Annotated[
            bool, typer.Option("--rules", help="List what decisions taught, and exit.")
        ] = False,
    ) -> None:
        """Take back what a review decision taught the user lexicon (the decision itself stands
        for its own place), or undo a page transcribed by hand (the earlier transcription, or
        the placeholder, is back in OUT/<name>/clean.txt); --rules, or no DECISION, lists every
        learned rule with its scope."""
        from pipeline.cli.review_commands import forget_command

        forget_command(decision, reviews, out, rules, err_console)

    @app.command(cls=FlagCommand, short_help="Record one decision without the interactive review.")
    def decide(
        doc: Annotated[
            Path,
            typer.Argument(metavar="OUT/NAME", help="A document's output folder: OUT/<name>."),
        ],
        correction_id: Annotated[
            str,
            typer.Argument(
                metavar="ID",
                help="Correction id (review --list), or a left word's (review --left: "
                "left-…); a unique prefix will do. page-N: page N, flagged for manual "
                "transcription: give its text (--text, --text - for stdin), edit (type it in "
                "$EDITOR, from the standing transcription if any), ocr ($EDITOR from OCR's "
                "reading) or undo (take the standing transcription back).",
            ),
        ],
        choice: Annotated[
            str | None,
            typer.Argument(
                metavar="ANSWER",
                help="On a proposal: accept, reject (keep the original), a candidate number, "
                "or the replacement text (a replacement that is a number, a, r, keep or "
                "revert: give it with --text). On a change the run applied on its own (its "
                "audit): keep (or accept), revert (or reject), or the word typed. On page-N: "
                "edit, ocr or undo.",
                show_default=False,
            ),
        ] = None,
        text: Annotated[
            str | None,
            typer.Option(
                "--text",
                help="The replacement, typed: read as text whatever it looks like (1997, a). "
                "On page-N: the page's text, lines apart (-: read from stdin).",
            ),
        ] = None,
        reviews: Annotated[
            Path, typer.Option("--reviews", help="Review decisions and user lexicon.")
        ] = Path("reviews"),
        batch: Annotated[
            bool, typer.Option("--batch", help="Decide this change in every document.")
        ] = False,
    ) -> None:
        """Record one decision without the interactive review. A decision on a place already
        decided supersedes the earlier one (both stay in the reviews log; only the latest
        teaches the user lexicon). With ID page-N, type a page flagged for manual
        transcription: clean.txt carries the text under a [TRANSCRIBED BY HAND] line."""
        from pipeline.cli.review_commands import decide_command

        decide_command(doc, correction_id, choice, text, reviews, batch, err_console)
