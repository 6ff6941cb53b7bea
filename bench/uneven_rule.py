"""Evidence for the uneven-paper rule of the hard search (``reading._levelled_only``), dev only.

    python -m bench.uneven_rule [--seeds 6] [--jobs 2] [--json FILE]

Renders the dev split's gold texts (``bench/splits.json``) at the ``extreme`` tier as ``make
bench`` does (style, spacing) with ``make bench``'s seed (``k = 0``) and with new seeds
(``k = 1 .. seeds - 1``: the plan's seed plus ``7919 k``, the face turned with ``k`` among the
dev faces: Nimbus Mono is held out for the test grid), and reads every page with our OCR stage.
Each page that takes the hard search is read once per variant of the rule:

- ``off``: every treatment of the hard search read (the rule undone);
- ``on``: the rule as it stands (``thicken``, ``smooth``, ``blur`` left out on uneven paper);
- ``keep-thicken`` / ``keep-smooth`` / ``keep-blur``: only the other two left out.

The variants share one cache of readings per page (the same treatment of the same pixels is
read once; ``reading.Reader.read`` is deterministic), so a variant's CPU seconds are those of the
readings it made, as first timed, plus what its own run spent outside them (orientation
detection, the checks of ``ocr_page``). Per page and variant: the chosen treatment, readings,
CPU, words read, the share of them the lexicon knows, WER and CER of the page's text against
everything printed on it; and every reading's own words, dictionary share and WER (which
treatment would have won). Prints a table per page and the totals (word errors over the pages'
words, a page flagged for manual transcription counted as all its words lost: its text is a
placeholder); ``--json`` keeps it all.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from bench import synth
from bench.material import split_of
from bench.metrics import cer, page_truth_text, wer
from bench.ocr_tiers import _cpu

SCANS = Path(__file__).parent / "scans" / "uneven-rule"
#: Each page's record as it is read (a run stopped half way keeps what it read; a page with a
#: record is not read again: delete the folder after changing the code).
RECORDS = Path(__file__).parent / "out" / "uneven-rule"
#: Dev faces only (Nimbus Mono PS is the sweep's held-out test face).
FACES = ("freemono", "liberation-mono", "dejavu-mono")
SEED_STEP = 7919
VARIANTS = ("off", "on", "keep-thicken", "keep-smooth", "keep-blur")
_EDGE = re.compile(r"^\W+|\W+$")
app = typer.Typer(add_completion=False, help=__doc__.split("\n\n")[0])


@dataclass(frozen=True)
class PageJob:
    """One rendered page: its PNG, everything printed on it, and where it came from."""

    path: str
    truth: str
    text: str  # gold file
    seed: int
    face: str


def _render(plan: Any, k: int, face: str, tier: str = "extreme", scans: Path = SCANS) -> list[str]:
    """Everything printed on each page of ``plan``'s text rendered at ``tier`` with seed ``k``
    in ``face``, its pages written under ``scans`` where missing."""
    stem = f"{plan.name}-k{k}"
    truths = scans / f"{stem}.json"
    if not truths.is_file():
        scans.mkdir(parents=True, exist_ok=True)
        r = synth.render(
            (synth.GOLD_DIR / plan.file).read_text(encoding="utf-8"),
            style=plan.style,
            tier=tier,
            font=face,
            seed=plan.seed + SEED_STEP * k,
            spacing=plan.spacing,
        )
        for pg in r.pages:
            pg.image.save(scans / f"{stem}-{pg.truth.number:03d}.png", dpi=(300, 300))
        truths.write_text(json.dumps([page_truth_text(pg.truth) for pg in r.pages]))
    return list(json.loads(truths.read_text()))


def pages(seeds: int, pool: Any, first: int = 0) -> list[PageJob]:
    """Every page of the dev gold texts at the extreme tier, for seeds ``k = first .. seeds - 1``,
    rendered under ``SCANS`` where missing (by ``pool``'s workers)."""
    from bench.run import FULL, doc_plans

    plans = [p for p in doc_plans(FULL) if split_of("gold", p.name) == "dev"]
    todo = [
        (plan, k, plan.font if k == 0 else FACES[(i + k) % len(FACES)])
        for k in range(first, seeds)
        for i, plan in enumerate(plans)
    ]
    jobs = []
    for (plan, k, face), truths in zip(
        todo, pool.map(_render, *zip(*todo, strict=True)), strict=True
    ):
        for n, truth in enumerate(truths):
            path = str(SCANS / f"{plan.name}-k{k}-{n + 1:03d}.png")
            jobs.append(PageJob(path, truth, plan.file, plan.seed + SEED_STEP * k, face))
    return jobs


def _dictionary_share(text: str, lexicon: Any) -> float:
    """Share of the text's tokens holding a letter that the lexicon knows (``is_known``)."""
    words = [_EDGE.sub("", w) for w in text.split()]
    words = [w for w in words if any(c.isalpha() for c in w)]
    return sum(lexicon.is_known(w) for w in words) / len(words) if words else 0.0


def _variant(name: str) -> Any:
    """A replacement for ``reading._levelled_only`` that is variant ``name``."""
    from pipeline.stages import reading
    from pipeline.stages.reading import GLOBAL_THRESHOLD, Treatment

    rule = reading._levelled_only
    if name == "on":
        return rule
    if name == "off":
        return lambda order, stats: (order, None)
    kept = Treatment(name.removeprefix("keep-"))

    def narrowed(order: Any, stats: Any) -> Any:
        cut, note = rule(order, stats)
        if note is None:
            return order, None
        # ``kept`` back in its place in the order; the other two still left out.
        return tuple(t for t in order if t in cut or t is kept), note

    assert kept in GLOBAL_THRESHOLD
    return narrowed


def read_page(job: PageJob) -> dict[str, Any]:
    """Worker: ``job`` read by our OCR stage under every variant (``VARIANTS``) through one
    cache of readings; easy pages (one reading) once. Returns the record printed and kept
    (also written to ``RECORDS``, and read from there when it is)."""
    kept = RECORDS / f"{Path(job.path).stem}.json"
    if kept.is_file():
        return dict(json.loads(kept.read_text()))
    from pipeline.core.config import OcrSettings
    from pipeline.core.enums import DocKind
    from pipeline.core.records import PageRef
    from pipeline.lexicon import Lexicon
    from pipeline.stages import ocr, reading

    lexicon = Lexicon.load()
    cache: dict[tuple[Any, ...], tuple[Any, float]] = {}
    used: list[tuple[Any, ...]] = []
    fresh = [0.0]

    class Cached(reading.Reader):
        def read(self, image: Any, treatment: Any, rotation: int, *a: Any, **kw: Any) -> Any:
            key = (treatment, rotation, image.size, kw.get("unless"))
            used.append(key)
            if key not in cache:
                c0 = sum(_cpu())
                got = super().read(image, treatment, rotation, *a, **kw)
                spent = sum(_cpu()) - c0
                fresh[0] += spent
                cache[key] = (got, spent)
            return cache[key][0]

    ocr.Reader = Cached  # type: ignore[misc]  # this worker reads only for the bench
    rule = reading._levelled_only
    ref = PageRef(Path(job.path).stem, 1, Path(job.path), DocKind.IMAGE, 0)
    out: dict[str, Any] = {
        "page": Path(job.path).stem,
        "face": job.face,
        "truth_words": len(job.truth.split()),
        "variants": {},
    }
    for name in VARIANTS:
        reading._levelled_only = _variant(name)
        used.clear()
        fresh[0] = 0.0
        c0, w0 = sum(_cpu()), time.monotonic()
        try:
            page = ocr.ocr_page(ref, OcrSettings())
        except Exception as exc:  # a page that fails (a busy machine's timeout) is said, not kept
            reading._levelled_only = rule
            return {"page": out["page"], "error": str(exc), "variants": {}}
        outside = sum(_cpu()) - c0 - fresh[0]
        reading._levelled_only = rule
        attempts = page.attempts or ()
        out["variants"][name] = {
            "cpu": round(outside + sum(cache[k][1] for k in set(used)), 3),
            "wall": round(time.monotonic() - w0, 2),
            "readings": max(1, len(attempts)),
            "chosen": next((a.treatment.value for a in attempts if a.chosen), "auto"),
            "words": len(page.text.split()),
            "dictionary": round(_dictionary_share(page.text, lexicon), 3),
            "wer": round(wer(page.text, job.truth), 4),
            "cer": round(cer(page.text, job.truth), 4),
            "status": page.status.value,
        }
        if len(attempts) <= 1:
            break
    first = next(iter(cache.values()))[0]
    out["unevenness"] = round(float(first.stats.unevenness), 1)
    out["readings"] = []
    for (treatment, rotation, _, _), (got, spent) in cache.items():
        if got is None:
            continue
        text = "\n".join(line.text for line in got.lines)
        out["readings"].append(
            {
                "treatment": treatment.value,
                "rotation": rotation,
                "cpu": round(spent, 3),
                "words": got.attempt.words,
                "score": got.attempt.score,
                "dictionary": round(_dictionary_share(text, lexicon), 3),
                "wer": round(wer(text, job.truth), 4),
            }
        )
    RECORDS.mkdir(parents=True, exist_ok=True)
    kept.write_text(json.dumps(out))
    return out


def _row(name: str, v: dict[str, Any]) -> str:
    return (
        f"{name:>13}: {v['chosen']:>8} of {v['readings']:>2}, {v['cpu']:6.1f} CPU-s, "
        f"{v['words']:>4} words, dict {v['dictionary']:.0%}, WER {v['wer']:.1%}, "
        f"CER {v['cer']:.1%} {v['status']}"
    )


@app.command()
def main(
    seeds: Annotated[
        int, typer.Option(help="Renders of each dev text (k = 0 is make bench's).")
    ] = 6,
    first: Annotated[int, typer.Option(help="First seed k (0: make bench's pages).")] = 0,
    jobs: Annotated[int, typer.Option(help="Worker processes.")] = 2,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write pages here.")] = None,
) -> None:
    """Each dev extreme page that takes the hard search, read under each variant of the rule."""
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        todo = pages(seeds, pool, first)
        got = list(pool.map(read_page, todo))
    for g in got:
        if "error" in g:
            typer.echo(f"{g['page']}: failed: {g['error']}")
    hard = [g for g in got if len(g["variants"]) > 1]
    typer.echo(f"{len(got)} dev extreme pages, {len(hard)} took the hard search")
    for g in hard:
        typer.echo(f"{g['page']} ({g['face']}, unevenness {g['unevenness']}):")
        for name, v in g["variants"].items():
            typer.echo("  " + _row(name, v))
        for r in g["readings"]:
            typer.echo(
                f"    {r['treatment']:>8}@{r['rotation']}: {r['words']:>4} words, "
                f"score {r['score']:7.1f}, dict {r['dictionary']:.0%}, WER {r['wer']:.1%}, "
                f"{r['cpu']:.1f} CPU-s"
            )
    for g in hard:  # a flagged page's text is a placeholder line: its words are all lost
        for v in g["variants"].values():
            v["lost"] = 1.0 if v["status"] == "manual" else v["wer"]
    for name in VARIANTS:
        vs = [{**g["variants"][name], "wer": g["variants"][name]["lost"]} for g in hard]
        if not vs:
            continue
        off = [{"wer": g["variants"]["off"]["lost"]} for g in hard]
        n = sum(g["truth_words"] for g in hard)
        pairs = list(zip(vs, hard, strict=True))
        worse = sum(v["wer"] > o["wer"] + 1e-9 for v, o in zip(vs, off, strict=True))
        better = sum(v["wer"] < o["wer"] - 1e-9 for v, o in zip(vs, off, strict=True))
        worst = max(v["wer"] - o["wer"] for v, o in zip(vs, off, strict=True))
        typer.echo(
            f"{name:>13}: {sum(v['cpu'] for v in vs):7.1f} CPU-s, "
            f"{sum(v['status'] == 'manual' for v in vs)} flagged, "
            f"WER {sum(v['wer'] * g['truth_words'] for v, g in pairs) / n:.2%}, "
            f"vs off: {better} better, {worse} worse (worst +{worst:.1%})"
        )
    if json_out:
        json_out.write_text(json.dumps(got, indent=1))


if __name__ == "__main__":
    app()
