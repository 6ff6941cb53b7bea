"""OCR stage vs plain Tesseract on generated scans, per degradation tier.

    python -m bench.ocr_tiers [--docs N] [--pages N] [--modes auto,none,full]

Renders gold texts with ``bench.synth`` at every tier, OCRs each page with plain
``tesseract page.png -`` (default settings) and with our OCR stage in each preprocessing mode, and
prints CER against everything printed on the page (body and furniture, in reading order) with
seconds per page. This is the measurement behind the preprocessing decisions.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer

from bench import synth
from bench.metrics import cer, page_truth_text
from pipeline.core.config import OcrSettings
from pipeline.core.enums import PreprocessMode
from pipeline.engines import tesseract
from pipeline.stages import ingest
from pipeline.stages.ocr import ocr_page, worker_init

GOLD = Path(__file__).parent / "gold"
app = typer.Typer(add_completion=False)


@app.command()
def main(
    docs: Annotated[int, typer.Option(help="Gold documents to render.")] = 2,
    pages: Annotated[int, typer.Option(help="Pages per document at most.")] = 2,
    tiers: Annotated[
        str, typer.Option(help="Comma-separated tiers.")
    ] = "clean,medium,hard,extreme",
    modes: Annotated[str, typer.Option(help="Preprocessing modes.")] = "auto,none",
    style: Annotated[str, typer.Option(help="Furniture style.")] = "state-foia",
    json_out: Annotated[Path | None, typer.Option("--json", help="Write results here.")] = None,
) -> None:
    worker_init()
    golds = sorted(p for p in GOLD.glob("*.txt"))[:docs]
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
                    pref = ingest.PageRef(gold.stem, 1, path, ingest.DocKind.IMAGE, 0)
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


if __name__ == "__main__":
    app()
