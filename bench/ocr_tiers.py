"""OCR stage vs plain Tesseract on generated scans of the dev split, per degradation tier.

    python -m bench.ocr_tiers cer [--docs N] [--pages N] [--modes auto,none,full]
    python -m bench.ocr_tiers speed [--tiers clean,medium] [--rounds 3] [--jobs 2] [--against DIR]
    python -m bench.ocr_tiers readings [--split dev] [--tiers clean,medium] [--json FILE] [--plain]

Renders gold texts of a split of ``bench/splits.json`` (``--split``, dev unless told: this is
what decisions are tuned on; ``make bench`` reports the test split) with ``bench.synth`` at
every tier.

``cer`` OCRs each page with plain ``tesseract page.png -`` (default settings) and with our OCR
stage in each preprocessing mode, and prints CER against everything printed on the page (body
and furniture, in reading order) with seconds per page: the measurement behind the
preprocessing decisions.

``speed`` measures CPU seconds per page, start-up included, of our OCR stage's local pool
(``stages.ocr``: the workers prepared and forked as a run does, ``run_page`` on every page)
against plain ``tesseract page.png -`` in a pool of as many workers, each in a fresh process
and interleaved (ours, plain, ours, plain, ...) so that a busy shared machine weighs on both
alike. Ours is counted twice: the workers alone (what ``bench.run``'s CPU column counts) and
with the main process's share (the work done once before the workers are forked). Prints each
round and the median ratio with its spread. ``--against DIR`` times another checkout's OCR
stage (the main branch's, say) in the same rounds, between ours and plain: two versions
compared on a busy machine.

``readings`` renders every page of the split's gold texts as ``make bench`` does (each text's
style, font, spacing and seed from ``bench.run.doc_plans``; PNG pages, not PDFs) and reads each
with our OCR stage (``auto``): per tier, how many pages took the hard search (more than one
reading), the readings made and the CER of the chosen reading against everything printed on the
page; and for each page that took the hard search, its first reading's evidence (words, letters,
unsure words and letters, mean confidence, word-like share): what the easy/hard decision
(``stages.reading``) is tuned on; and the pages flagged for manual transcription, with why.
Each tier's CPU seconds a page, easy pages and the hard search's apart (``--plain``: plain
``tesseract page.png -`` timed on the same pages, the ratio per group): what the hard search
costs and what it bought.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Annotated, Any

import typer

from bench import synth
from bench.material import split_of
from bench.metrics import cer, page_truth_text
from pipeline.core.config import OcrSettings
from pipeline.core.enums import DocKind, PreprocessMode
from pipeline.core.records import PageRef
from pipeline.engines import tesseract
from pipeline.stages.ocr import ocr_page

GOLD = Path(__file__).parent / "gold"
#: Rendered pages of ``speed``, reused while the generator and the options are the same.
SCANS = Path(__file__).parent / "scans" / "ocr-speed"
app = typer.Typer(add_completion=False, help=__doc__.split("\n\n")[0])


def _golds(split: str, docs: int) -> list[Path]:
    return [p for p in sorted(GOLD.glob("*.txt")) if split_of("gold", p.stem) == split][:docs]


@app.command("cer")
def cer_command(
    docs: Annotated[int, typer.Option(help="Gold documents to render.")] = 2,
    pages: Annotated[int, typer.Option(help="Pages per document at most.")] = 2,
    tiers: Annotated[
        str, typer.Option(help="Comma-separated tiers.")
    ] = "clean,medium,hard,extreme",
    modes: Annotated[str, typer.Option(help="Preprocessing modes.")] = "auto,none",
    style: Annotated[str, typer.Option(help="Furniture style.")] = "state-foia",
    split: Annotated[str, typer.Option(help="Split of bench/splits.json.")] = "dev",
    json_out: Annotated[Path | None, typer.Option("--json", help="Write results here.")] = None,
) -> None:
    """CER and seconds per page, ours in each preprocessing mode and plain Tesseract."""
    golds = _golds(split, docs)
    results: dict[str, dict[str, list[tuple[float, float]]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for tier in tiers.split(","):
            per: dict[str, list[tuple[float, float]]] = {"plain": []}
            for gold in golds:
                r = synth.render(gold.read_text(), style=style, tier=tier, seed=7)
                for page in r.pages[:pages]:
                    ref = page_truth_text(page.truth)
                    path = Path(tmp) / f"{gold.stem}-{tier}-{page.truth.number}.png"
                    page.image.save(path, dpi=(300, 300))
                    t0 = time.perf_counter()
                    plain = tesseract.plain_text(path)
                    per["plain"].append((cer(plain, ref), time.perf_counter() - t0))
                    pref = PageRef(gold.stem, 1, path, DocKind.IMAGE, 0)
                    for mode in modes.split(","):
                        t0 = time.perf_counter()
                        got = ocr_page(pref, OcrSettings(preprocess=PreprocessMode(mode)))
                        dt = time.perf_counter() - t0
                        per.setdefault(mode, []).append((cer(got.text, ref), dt))
            results[tier] = per
            typer.echo(f"\n{tier}")
            for name, vals in per.items():
                mean_cer = sum(c for c, _ in vals) / len(vals)
                mean_s = sum(s for _, s in vals) / len(vals)
                worst = max(c for c, _ in vals)
                typer.echo(
                    f"  {name:6s} CER {mean_cer:6.2%} (worst {worst:6.2%})  {mean_s:5.1f} s/page"
                    f"  n={len(vals)}"
                )
    if json_out:
        json_out.write_text(json.dumps(results, indent=2))


def _render(split: str, tier: str, docs: int, pages: int) -> list[Path]:
    """The tier's pages of the split's first ``docs`` gold texts (fonts alternating), as
    300-DPI PNG files under ``SCANS``, rendered where missing."""
    folder = SCANS / split / tier
    out = []
    for i, gold in enumerate(_golds(split, docs)):
        font = (synth.Font.FREEMONO, synth.Font.LIBERATION_MONO)[i % 2]
        done = sorted(folder.glob(f"{gold.stem}-*.png"))
        if len(done) >= pages:
            out += done[:pages]
            continue
        folder.mkdir(parents=True, exist_ok=True)
        r = synth.render(gold.read_text(), tier=tier, seed=7 + i, font=font)
        for page in r.pages[:pages]:
            path = folder / f"{gold.stem}-{page.truth.number:03d}.png"
            page.image.save(path, dpi=(300, 300))
            out.append(path)
    return out


def _cpu() -> tuple[float, float]:
    """(this process, its reaped children): CPU seconds, user and system."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def _ours(paths: list[str], jobs: int) -> dict[str, float]:
    """Fresh process: our OCR stage's local pool on ``paths`` (the workers prepared before the
    fork as ``Ocr.run_batch`` does). CPU seconds of the workers, and of this process."""
    from pipeline.executors import LocalExecutor
    from pipeline.stages import ocr

    settings = OcrSettings()
    todo = [(PageRef(Path(p).stem, 1, Path(p), DocKind.IMAGE, 0), "") for p in paths]
    failed: list[str] = []

    def done(ref: PageRef, key: str, outcome: Any) -> None:
        if outcome.page is None:
            failed.append(f"{ref.path}: {outcome.reason}")

    tesseract.check(settings.lang)  # as a run does first: its answers are kept (and forked)
    me0, kids0 = _cpu()
    prepare = getattr(ocr, "_prepare_workers", None)
    if prepare is not None:
        prepare(settings, local=True)
    else:  # the stage before the workers were prepared (to time the code before a change)
        import pipeline.stages.imaging  # noqa: F401
    ocr._run_pool(todo, LocalExecutor(jobs), settings, done)
    me1, kids1 = _cpu()
    if failed:
        raise RuntimeError("; ".join(failed))
    return {"workers": kids1 - kids0, "main": me1 - me0}


def _plain_page(path: str) -> None:
    tesseract.plain_text(Path(path))


def _plain(paths: list[str], jobs: int) -> dict[str, float]:
    """Fresh process: plain ``tesseract page.png -`` on ``paths`` in a pool of ``jobs``
    workers (as ``bench.systems.run_plain``). CPU seconds of the workers and their Tesseracts."""
    _, kids0 = _cpu()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(_plain_page, paths))
    _, kids1 = _cpu()
    return {"workers": kids1 - kids0, "main": 0.0}


def _ours_at(checkout: str, paths: list[str], jobs: int) -> dict[str, float]:
    """``_ours`` as another checkout's code runs it (``speed --against``): a fresh interpreter
    with that checkout first on its path, so two versions are timed on one busy machine in
    the same rounds."""
    code = (
        "import json, sys; from bench.ocr_tiers import _ours; "
        "print(json.dumps(_ours(sys.argv[2:], int(sys.argv[1]))))"
    )
    env = {**os.environ, "PYTHONPATH": checkout}
    done = subprocess.run(
        [sys.executable, "-c", code, str(jobs), *paths],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fresh(fn: Any, *args: Any) -> Any:
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        return pool.submit(fn, *args).result()


@app.command("speed")
def speed_command(
    tiers: Annotated[str, typer.Option(help="Comma-separated tiers.")] = "clean,medium",
    docs: Annotated[int, typer.Option(help="Gold documents to render.")] = 4,
    pages: Annotated[int, typer.Option(help="Pages per document at most.")] = 2,
    rounds: Annotated[int, typer.Option(help="Interleaved rounds (ours, plain) per tier.")] = 3,
    jobs: Annotated[int, typer.Option(help="Worker processes for both.")] = 2,
    split: Annotated[str, typer.Option(help="Split of bench/splits.json.")] = "dev",
    against: Annotated[
        str | None,
        typer.Option(
            help="Another checkout (a folder, e.g. the main branch's) whose OCR stage is "
            "timed in the same rounds (ours, theirs, plain), to compare two versions."
        ),
    ] = None,
) -> None:
    """CPU seconds per page, start-up included: our OCR stage vs plain Tesseract."""
    for tier in tiers.split(","):
        paths = [str(p) for p in _render(split, tier, docs, pages)]
        n = len(paths)
        typer.echo(f"{tier}: {n} pages of the {split} split, {jobs} workers, {rounds} rounds")
        ratios: dict[str, list[float]] = {}
        totals: dict[str, list[float]] = {}
        for i in range(rounds):
            runs: dict[str, dict[str, float]] = {}
            if against:
                # Both started alike (a fresh interpreter each: one started by this process's
                # spawn pool measured 13 % more CPU than the same code in a fresh interpreter,
                # in the same round, on a loaded machine) and first in turn.
                both = [("ours", str(Path(__file__).resolve().parent.parent)), (against, against)]
                for name, checkout in both[:: 1 if i % 2 == 0 else -1]:
                    runs[name] = _ours_at(checkout, paths, jobs)
            else:
                runs["ours"] = _fresh(_ours, paths, jobs)
            plain = _fresh(_plain, paths, jobs)
            for name, ours in runs.items():
                ratio = ours["workers"] / plain["workers"]
                total = (ours["workers"] + ours["main"]) / plain["workers"]
                ratios.setdefault(name, []).append(ratio)
                totals.setdefault(name, []).append(total)
                typer.echo(
                    f"  round {i + 1}: {name} {ours['workers'] / n:.3f} s/page in the workers "
                    f"(+ {ours['main'] / n:.3f} in the main process), plain "
                    f"{plain['workers'] / n:.3f}: x{ratio:.3f} (x{total:.3f} with the "
                    "main process)"
                )
        for name in ratios:
            r, t = ratios[name], totals[name]
            typer.echo(
                f"  {name}/plain CPU per page: median x{statistics.median(r):.3f} "
                f"(x{min(r):.3f}-x{max(r):.3f}); with the main process median "
                f"x{statistics.median(t):.3f} (x{min(t):.3f}-x{max(t):.3f})"
            )


#: Rendered pages of ``readings``: every page of each gold text, as ``make bench`` renders it.
READINGS_SCANS = Path(__file__).parent / "scans" / "ocr-readings"


def _bench_pages(split: str, tier: str, docs: int) -> list[tuple[str, str]]:
    """(PNG path, everything printed on it) for every page of the split's first ``docs`` gold
    texts rendered at ``tier`` with ``make bench``'s plans, rendered under ``READINGS_SCANS``
    where missing."""
    from bench.run import FULL, doc_plans

    folder = READINGS_SCANS / split / tier
    out = []
    plans = [p for p in doc_plans(FULL) if split_of("gold", p.name) == split][:docs]
    for plan in plans:
        truths = folder / f"{plan.name}.json"
        if not truths.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            r = synth.render(
                (synth.GOLD_DIR / plan.file).read_text(encoding="utf-8"),
                style=plan.style,
                tier=tier,
                font=plan.font,
                seed=plan.seed,
                spacing=plan.spacing,
            )
            for page in r.pages:
                page.image.save(folder / f"{plan.name}-{page.truth.number:03d}.png", dpi=(300, 300))
            truths.write_text(json.dumps([page_truth_text(pg.truth) for pg in r.pages]))
        for i, truth in enumerate(json.loads(truths.read_text())):
            out.append((str(folder / f"{plan.name}-{i + 1:03d}.png"), truth))
    return out


def _first_reading(lines: Any) -> dict[str, Any]:
    """A reading's evidence as the easy/hard decision sees it, with the counts behind it."""
    from pipeline.stages.reading import UNSURE_CONF, evidence

    words = [w for line in lines for w in line.words]
    unsure = [w for w in words if w.conf is not None and w.conf < UNSURE_CONF]
    n, conf, like, score, share, _ = evidence(lines)
    return {
        "words": n,
        "letters": sum(len(w.text) for w in words),
        "unsure_words": len(unsure),
        "unsure_letters": sum(len(w.text) for w in unsure),
        "unsure": round(share, 3),
        "conf": None if conf is None else round(conf, 1),
        "wordlike": round(like, 3),
        "score": score,
    }


def _read_recorded(path: str, truth: str, plain: bool = False) -> dict[str, Any]:
    """Worker: our OCR stage on one page, with its first reading's lines kept, and the CPU
    seconds it took (``cpu``: this worker's, Tesseract running in it through the API, or its
    children's where it runs the program; the first page of a worker pays its first-use loads
    too). ``plain``: plain ``tesseract page.png -`` on the page too (``plain_cpu``)."""
    from pipeline.stages import ocr, reading

    firsts: list[Any] = []

    class Recording(reading.Reader):
        def read(self, *args: Any, **kwargs: Any) -> Any:
            got = super().read(*args, **kwargs)
            if not firsts:
                firsts.append(got.lines)
            return got

    ocr.Reader = Recording  # type: ignore[misc]  # this worker reads only for the bench
    ref = PageRef(Path(path).stem, 1, Path(path), DocKind.IMAGE, 0)
    c0 = sum(_cpu())
    try:
        page = ocr.ocr_page(ref, OcrSettings())
    except Exception as exc:  # a page that fails is said, and the tier goes on
        return {"page": Path(path).stem, "readings": 0, "error": str(exc), "cer": 1.0}
    cpu = sum(_cpu()) - c0
    plain_cpu = None
    if plain:
        c0 = sum(_cpu())
        tesseract.plain_text(Path(path))
        plain_cpu = round(sum(_cpu()) - c0, 3)
    attempts = page.attempts or ()
    return {
        "page": Path(path).stem,
        "cpu": round(cpu, 3),
        "plain_cpu": plain_cpu,
        "readings": max(1, len(attempts)),
        "treatments": [a.treatment.value for a in attempts],
        "chosen": next((a.treatment.value for a in attempts if a.chosen), "auto"),
        "cer": round(cer(page.text, truth), 4),
        "status": page.status.value,
        "reason": page.reason,
        "first": _first_reading(firsts[0]) if firsts else None,
    }


def _cpu_line(got: list[dict[str, Any]]) -> str:
    """CPU seconds a page, the easy pages (one reading) and the hard search's apart, with plain
    Tesseract's on the same pages where timed: the share of the tier's CPU the hard search
    takes, and what it costs over plain."""
    parts = []
    for name, group in (
        ("all", [g for g in got if "error" not in g]),
        ("easy", [g for g in got if g["readings"] == 1]),
        ("hard search", [g for g in got if g["readings"] > 1]),
    ):
        if not group:
            continue
        ours = sum(g["cpu"] for g in group)
        text = f"{name} ({len(group)}): {ours / len(group):.2f} CPU-s/page"
        plains = [g["plain_cpu"] for g in group if g.get("plain_cpu") is not None]
        if len(plains) == len(group) and sum(plains) > 0:
            text += f", plain {sum(plains) / len(group):.2f}: x{ours / sum(plains):.2f}"
        parts.append(text)
    return "CPU: " + "; ".join(parts)


@app.command("readings")
def readings_command(
    tiers: Annotated[
        str, typer.Option(help="Comma-separated tiers.")
    ] = "clean,medium,hard,extreme",
    docs: Annotated[int, typer.Option(help="Gold documents of the split at most.")] = 99,
    split: Annotated[str, typer.Option(help="Split of bench/splits.json.")] = "dev",
    jobs: Annotated[int, typer.Option(help="Worker processes.")] = 2,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write pages here.")] = None,
    plain: Annotated[
        bool, typer.Option(help="Time plain Tesseract on each page too (CPU ratio).")
    ] = False,
) -> None:
    """Pages that took the hard search, readings made and CER, per tier (make bench's pages),
    with the CPU seconds a page the easy pages and the hard search took (and, with ``--plain``,
    plain Tesseract's on the same pages): what the hard search costs and what it bought."""
    results: dict[str, list[dict[str, Any]]] = {}
    ctx = multiprocessing.get_context("spawn")
    for tier in tiers.split(","):
        pages = _bench_pages(split, tier, docs)
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            paths, truths = zip(*pages, strict=True)
            got = list(pool.map(_read_recorded, paths, truths, [plain] * len(pages)))
        results[tier] = got
        for g in got:
            if "error" in g:
                typer.echo(f"  {g['page']}: failed: {g['error']}")
        hard = [g for g in got if g["readings"] > 1]
        flagged = [g for g in got if g.get("status") == "manual"]
        mean_cer = sum(g["cer"] for g in got) / max(len(got), 1)
        typer.echo(
            f"{tier}: {len(got)} pages, {len(hard)} took the hard search, "
            f"{sum(g['readings'] for g in got)} readings; CER {mean_cer:.2%} (mean per page); "
            f"{len(flagged)} flagged for manual transcription"
        )
        typer.echo("  " + _cpu_line(got))
        for g in flagged:
            typer.echo(f"  {g['page']}: flagged: {g['reason']}")
        for g in hard:
            f = g["first"]
            typer.echo(
                f"  {g['page']}: {g['readings']} readings ({g['cpu']:.2f} CPU-s"
                + (f", plain {g['plain_cpu']:.2f}" if g.get("plain_cpu") is not None else "")
                + f"), chosen {g['chosen']}, CER {g['cer']:.2%}; first: {f['words']} words, "
                f"{f['letters']} letters, "
                f"{f['unsure_words']} unsure words ({f['unsure']:.0%} of letters), "
                f"conf {f['conf']}, word-like {f['wordlike']:.0%}, score {f['score']}"
            )
    if json_out:
        json_out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    app()
