"""``foia-clean run`` (the batch) and ``foia-clean check`` (is the OCR engine ready?).

A thin layer: options become a ``RunConfig``, ``pipeline.runner.run_batch`` does the work, and
results go to stdout (one line per document: name, status, output folder) while progress, errors
and the summary go to stderr. Every file name printed is escaped (``printable``): a name holding
a newline or a terminal escape can neither start a line nor rewrite one.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.console import RichProgress, err_console, level_for, stderr_logging
from pipeline.cli.errors import exit_on_error
from pipeline.cli.flags import FlagCommand
from pipeline.core.config import OcrSettings, RunConfig
from pipeline.core.enums import ApplyPolicy, DocStatus, FurnitureKind, PreprocessMode
from pipeline.core.errors import DocumentError, ExitCode, FoiaCleanError, UsageError
from pipeline.core.names import printable

log = logging.getLogger(__name__)


def run(
    inputs: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="INPUTS",
            help="Files (one document each) or folders (collections). Default: scans/",
            show_default=False,
        ),
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
        typer.Option(
            "--keep-furniture",
            metavar="KIND",
            help="Keep one kind of furniture in the text (repeatable): "
            + ", ".join(k.value for k in FurnitureKind)
            + ".",
        ),
    ] = None,
    no_correct: Annotated[
        bool, typer.Option("--no-correct", help="Skip spell correction.")
    ] = False,
    apply: Annotated[
        ApplyPolicy,
        typer.Option(
            "--apply",
            help="How a correction is applied rather than proposed: confirmed (the default: "
            "hand-set doubts, each application confirmed by a model fitted on dev material), "
            "rules (the hand-set doubts alone: more applied, more wrong) or calibrated (the "
            "model alone: far fewer applied, the rest proposed for review).",
        ),
    ] = ApplyPolicy.CONFIRMED,
    no_pdf: Annotated[
        bool, typer.Option("--no-pdf", help="No searchable PDF (OUT/<name>/<name>.pdf).")
    ] = False,
    lang: Annotated[
        str, typer.Option("--lang", "-l", help="OCR language(s), e.g. eng+rus.")
    ] = "eng",
    dpi: Annotated[
        int,
        typer.Option(
            "--dpi",
            help="Rasterisation DPI for PDF pages that are not one scan, 72-1200 (a scanned "
            "page is read at its scan's own resolution), and the DPI of a page image that "
            "states none when its paper shape and type give no estimate. A page too large for "
            "it is rasterised at the most that fits 60,000,000 pixels, with a warning.",
        ),
    ] = 300,
    image_dpi: Annotated[
        int | None,
        typer.Option(
            "--image-dpi",
            help="The DPI of page images that state none (or a software default such as 72 or "
            "96), 50-2400, instead of estimating it from each page.",
        ),
    ] = None,
    preprocess: Annotated[
        PreprocessMode, typer.Option("--preprocess", help="Image clean-up before OCR.")
    ] = PreprocessMode.AUTO,
    engine: Annotated[
        str, typer.Option("--engine", help="OCR engine (`foia-clean check` lists them).")
    ] = "tesseract",
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
        float,
        typer.Option(
            "--timeout",
            help="CPU seconds a page reading may take in Tesseract (a loaded machine gets "
            "more wall time).",
        ),
    ] = 300.0,
    follow_links: Annotated[
        bool,
        typer.Option(
            "--follow-links", help="Read symbolic links that lead out of an input folder."
        ),
    ] = False,
    max_text_mb: Annotated[
        float,
        typer.Option(
            "--max-text-mb", help="Largest text document (.txt, .md) read, in MB (0: no limit)."
        ),
    ] = 5.0,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Run on a Dask cluster: tcp://HOST:8786 (a running `dask scheduler`), or "
            "'local' to start one here with --jobs workers. Default: a process pool here.",
        ),
    ] = None,
    cache: Annotated[
        str | None,
        typer.Option(
            "--cache",
            help="Stage cache folder or fsspec URL every worker sees (default OUT/.cache).",
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only errors and the summary.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging.")] = False,
) -> None:
    """Process a batch of scans into OUT/<name>/ folders."""
    from pipeline.runner import run_batch

    with stderr_logging(level_for(quiet, verbose)), exit_on_error(err_console):
        try:
            config = RunConfig(
                out_dir=out,
                ocr=OcrSettings(
                    engine=engine,
                    lang=lang,
                    pdf_dpi=dpi,
                    image_dpi=image_dpi,
                    preprocess=preprocess,
                    timeout=timeout,
                ),
                strip=not no_strip,
                keep_furniture=frozenset(keep_furniture or ()),
                correct=not no_correct,
                apply=apply,
                pdf=not no_pdf,
                dictionaries=dictionaries,
                reviews=reviews,
                jobs=jobs or (os.cpu_count() or 1),
                follow_links=follow_links,
                max_text_mb=max_text_mb or None,
                scheduler=scheduler,
                cache=cache,
            )
        except ValueError as exc:
            raise UsageError(str(exc)) from exc

        def on_error(err: DocumentError) -> None:
            err_console.print(
                f"foia-clean: failed: {printable(err.path)}: {printable(err.reason)}",
                highlight=False,
                markup=False,
                soft_wrap=True,
            )

        _say_foreign_reviews(inputs or [Path("scans")], config)
        progress = None if quiet else RichProgress(err_console)
        started = time.perf_counter()
        report = run_batch(inputs or [Path("scans")], config, progress=progress, on_error=on_error)
        for doc in report.documents:
            status = {DocStatus.DONE: "done", DocStatus.PARTIAL: f"partial ({doc.reason})"}.get(
                doc.status, f"FAILED ({doc.reason})"
            )
            folder = "-" if doc.rejected else str(out / doc.name)
            typer.echo("\t".join(printable(part) for part in (doc.name, status, folder)))
        err_console.print(report.summary(), highlight=False, soft_wrap=True)
        manual = report.manual_summary()
        if manual:
            err_console.print(manual, highlight=False, markup=False, soft_wrap=True)
        log.debug("wall time %.2f s", time.perf_counter() - started)
    raise typer.Exit(ExitCode.SOME_FAILED if report.failed else ExitCode.OK)


def _say_foreign_reviews(inputs: list[Path], config: RunConfig) -> None:
    """Say on stderr, before any work, which reviews folder the run applies when it holds
    decisions made on documents that are not in this run's inputs: a reviews folder belongs to
    one collection, and ``--reviews`` defaults to ``./reviews`` wherever the run starts. Its
    batch-wide decisions apply to every document, so those are named apart. Silent when the
    folder holds no decision, or only decisions on this run's documents; a problem reading the
    inputs or the folder is left to the run, which reports it."""
    from pipeline.review import ReviewStore
    from pipeline.review.decisions import Scope
    from pipeline.stages.ingest import discover

    store = ReviewStore(config.reviews)
    if not store.root.is_dir():
        return
    try:
        standing = store.all_standing()
        if not standing:
            return
        docs, errors = discover(
            inputs, out_dir=config.out_dir, skip=[config.reviews], follow_links=config.follow_links
        )
    except (FoiaCleanError, OSError):
        return
    here = {d.name for d in docs} | {e.name for e in errors if e.name}
    foreign = [d for d in standing if d.document not in here]
    if not foreign:
        return
    names = sorted({d.document for d in foreign})
    shown = ", ".join(printable(n) for n in names[:3]) + (
        f" and {len(names) - 3} more" if len(names) > 3 else ""
    )
    batch = sum(d.scope is Scope.BATCH for d in foreign)
    err_console.print(
        f"foia-clean: reviews folder {printable(str(config.reviews))}/ holds {len(standing)} "
        f"decision{'' if len(standing) == 1 else 's'}, {len(foreign)} of them on documents "
        f"not in this run ({shown})"
        + (f"; {batch} batch-wide, applied to every document here" if batch else "")
        + ": a reviews folder belongs to one collection (--reviews names this one's)",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )


def check(
    lang: Annotated[str, typer.Option("--lang", "-l", help="OCR language(s).")] = "eng",
    engine: Annotated[str, typer.Option("--engine", help="OCR engine to check.")] = "tesseract",
) -> None:
    """Check that the OCR engine and its language data are installed, and say how pages will
    reach it (Tesseract: tesserocr in process, or the tesseract program, which
    FOIA_CLEAN_TESSERACT=cli forces)."""
    from pipeline import engines

    with exit_on_error(err_console):
        chosen = engines.get(engine)
        info = chosen.check(lang)
        note = getattr(chosen, "interface_note", None)
        how = note() if note is not None else None
    typer.echo(
        f"{info.name} {info.version}, languages: {', '.join(info.languages)} "
        f"(engines available: {', '.join(engines.names())})"
    )
    if how:
        typer.echo(how)


def register(app: typer.Typer) -> None:
    """Add ``run`` and ``check`` to the ``foia-clean`` command."""
    app.command(cls=FlagCommand)(run)
    app.command(
        cls=FlagCommand, short_help="Check that the OCR engine and its language data are installed."
    )(check)
