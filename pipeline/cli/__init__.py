"""The ``foia-clean`` command: a thin typer layer over the pipeline.

``run.py`` (the batch and the engine check), ``review.py`` (the terminal review) and
``search.py`` (the batch's search index) add their commands here. Only this package configures
logging, draws progress, prints results and turns exceptions into exit codes
(``errors.exit_on_error``; the codes are in the README): 0 all documents done, 1 some failed,
2 usage error, 3 missing dependency, 4 output folder busy.
"""

from __future__ import annotations

from typing import Annotated

import typer

from pipeline import __version__
from pipeline.cli import review, run, search
from pipeline.cli.console import err_console
from pipeline.cli.flags import FlagGroup

app = typer.Typer(
    name="foia-clean",
    cls=FlagGroup,
    help="Turn scanned FOIA releases into clean, searchable, explainable text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"foia-clean {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Show version."),
    ] = False,
) -> None:
    """foia-clean: re-OCR, strip page furniture, spell-correct and review FOIA releases."""


run.register(app)
review.register(app, err_console)
search.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
