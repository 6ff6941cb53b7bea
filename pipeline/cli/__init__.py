"""The ``foia-clean`` command: a thin typer layer over the pipeline.

This is the only module that configures logging, draws progress, prints results and turns
exceptions into exit codes (documented in the README): 0 all documents done, 1 some failed,
2 usage error, 3 missing dependency, 4 output folder busy.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from pipeline import __version__
from pipeline.cli import review as review_cli
from pipeline.core.config import OcrSettings, RunConfig
from pipeline.core.enums import PreprocessMode
from pipeline.core.errors import DocumentError, ExitCode, FoiaCleanError

app = typer.Typer(
    name="foia-clean",
    help="Turn scanned FOIA releases into clean, searchable, explainable text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)
log = logging.getLogger("pipeline")


class _StderrHandler(logging.Handler):
    """Writes to whatever sys.stderr is at the time (a captured or replaced stream included),
    never to a stream that was closed since logging was set up."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
        except Exception:
            self.handleError(record)


def _setup_logging(quiet: bool, verbose: bool) -> None:
    level = logging.WARNING if quiet else (logging.DEBUG if verbose else logging.INFO)
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("pipeline")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


class _PagesPerMinute(ProgressColumn):
    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed * 60 if elapsed > 0 else 0.0
        return Text(f"{rate:5.1f} pages/min", style="progress.data.speed")


class RichProgress:
    """Pages done, pages/min and ETA on stderr; nothing on stdout."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _PagesPerMinute(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self._task: int | None = None

    def start(self, total: int, description: str) -> None:
        if total == 0:
            return
        self._progress.start()
        self._task = self._progress.add_task(description, total=total)

    def advance(self, n: int = 1) -> None:
        if self._task is not None:
            self._progress.advance(self._task, n)

    def finish(self) -> None:
        if self._task is not None:
            self._progress.stop()
            self._task = None


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


@app.command()
def run(
    inputs: Annotated[
        list[Path] | None,
        typer.Argument(help="Files (one document each) or folders (collections). Default: scans/"),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Pages OCRed in parallel (default: all cores)."),
    ] = None,
    no_strip: Annotated[
        bool, typer.Option("--no-strip", help="Skip page-furniture stripping.")
    ] = False,
    keep_furniture: Annotated[
        list[str] | None,
        typer.Option("--keep-furniture", help="Keep one kind of furniture (repeatable)."),
    ] = None,
    no_correct: Annotated[
        bool, typer.Option("--no-correct", help="Skip spell correction.")
    ] = False,
    lang: Annotated[str, typer.Option("--lang", "-l", help="Tesseract language(s).")] = "eng",
    dpi: Annotated[int, typer.Option("--dpi", help="Rasterisation DPI for PDF pages.")] = 300,
    preprocess: Annotated[
        PreprocessMode, typer.Option("--preprocess", help="Image clean-up before OCR.")
    ] = PreprocessMode.AUTO,
    dictionaries: Annotated[
        Path | None,
        typer.Option(
            "--dictionaries", help="Extra folder of lexicon files, on top of the shipped."
        ),
    ] = None,
    reviews: Annotated[
        Path, typer.Option("--reviews", help="Review decisions and user lexicon (never deleted).")
    ] = Path("reviews"),
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds per page for Tesseract.")
    ] = 300.0,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only errors and the summary.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging.")] = False,
) -> None:
    """Process a batch of scans into OUT/<name>/ folders."""
    from pipeline.runner import run_batch

    _setup_logging(quiet, verbose)
    try:
        config = RunConfig(
            out_dir=out,
            ocr=OcrSettings(lang=lang, pdf_dpi=dpi, preprocess=preprocess, timeout=timeout),
            strip=not no_strip,
            keep_furniture=frozenset(keep_furniture or ()),
            correct=not no_correct,
            dictionaries=dictionaries,
            reviews=reviews,
            jobs=jobs or (os.cpu_count() or 1),
        )
    except ValueError as exc:
        err_console.print(f"foia-clean: error: {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(ExitCode.USAGE) from exc

    def on_error(err: DocumentError) -> None:
        err_console.print(
            f"foia-clean: failed: {err.path}: {err.reason}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )

    progress = None if quiet else RichProgress(err_console)
    started = time.perf_counter()
    try:
        report = run_batch(inputs or [Path("scans")], config, progress=progress, on_error=on_error)
    except FoiaCleanError as exc:
        err_console.print(
            f"foia-clean: error: {exc}", highlight=False, markup=False, soft_wrap=True
        )
        raise typer.Exit(exc.exit_code) from exc
    for doc in report.documents:
        status = "done" if doc.status == "done" else f"FAILED ({doc.reason})"
        typer.echo(f"{doc.name}\t{status}\t{out / doc.name}")
    err_console.print(report.summary(), highlight=False, soft_wrap=True)
    log.debug("wall time %.2f s", time.perf_counter() - started)
    raise typer.Exit(ExitCode.SOME_FAILED if report.failed else ExitCode.OK)


@app.command()
def check(
    lang: Annotated[str, typer.Option("--lang", "-l", help="Tesseract language(s).")] = "eng",
) -> None:
    """Check that Tesseract and its language data are installed."""
    from pipeline.engines import tesseract

    try:
        info = tesseract.check(lang)
    except FoiaCleanError as exc:
        err_console.print(
            f"foia-clean: error: {exc}", highlight=False, markup=False, soft_wrap=True
        )
        raise typer.Exit(exc.exit_code) from exc
    typer.echo(f"tesseract {info.version} ({info.path}), languages: {', '.join(info.languages)}")


# The review commands live in their own module: their terminal UI is bigger than the rest.
review_cli.register(app, err_console)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
