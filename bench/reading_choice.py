"""Which reading the OCR stage's hard search keeps, against the best one by the gold (dev only).

    python -m bench.reading_choice read --tier extreme --seeds 0,1,2 [--jobs 2]
    python -m bench.reading_choice report [--tier extreme]

``read`` renders the dev split's gold texts (``bench/splits.json``) at a tier as
``bench.uneven_rule`` does (``k = 0``: make bench's pages; ``k >= 1``: new seeds over the dev
faces) and reads every page once with our OCR stage as it stands, recording each reading the
page's search made (``reading.Reader.read``): its treatment, the parts of its score
(``reading.evidence``: words, mean confidence, word-like share, unsure words, score), CPU
seconds, every word (text, confidence, box) and its errors against everything printed on the
page. One JSON record per page under ``RECORDS/<tier>`` (a run stopped half way keeps what it
read; delete the folder after changing the OCR code).

``report`` prints, for every page that took the hard search, each reading's score parts and its
word errors split three ways (``word_ops``): gold words read wrong (S), gold words missed (D),
words read where the gold has none (I: grain read as words, mostly), and whether the chosen
reading is the best one. Two measures of "best": WER (S + D + I) and gold-word errors (S + D).
The pages fall in two halves by a rule fixed before any record was read (``half``): a change to
the score is chosen on half A and checked on half B.

``gate`` asks the records, without reading anything again, what judging the first pass "easy" on
the words of its text column alone would do (``column_easy``: the column as the strip stage
finds it, ``strip.noise_place.text_column``): which pages would then skip the hard search,
whether the first pass was the reading kept there anyway (the text would not change), and the
CPU seconds the search cost them. An estimate from records, not a run of changed code.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from bench.material import split_of
from bench.metrics import wer
from bench.ocr_tiers import _cpu
from bench.uneven_rule import FACES, _render

SCANS = Path(__file__).parent / "scans" / "reading-choice"
RECORDS = Path(__file__).parent / "out" / "reading-choice"
#: Fixed before any record was read (session 31, helper score13); changing it makes other halves.
SALT = "score13:"
app = typer.Typer(add_completion=False, help=__doc__.split("\n\n")[0])


def half(page: str) -> Literal["A", "B"]:
    """``"A"`` when the first byte of ``sha256(SALT + page)`` is even, else ``"B"``; ``page`` is
    the rendered page's stem (``frus1964-68v22_d52-k0-003``).

    >>> half("x") in ("A", "B")
    True
    """
    return "A" if hashlib.sha256((SALT + page).encode()).digest()[0] % 2 == 0 else "B"


def word_ops(text: str, truth: str) -> tuple[int, int, int]:
    """Word edits turning ``text`` into ``truth``: (gold words read wrong, gold words missed,
    words read that the gold does not have). Their sum is ``bench.metrics.word_errors``.

    >>> word_ops("THE CABLE xx SENT", "THE CABLE WAS SENT TODAY")
    (1, 1, 0)
    >>> word_ops("THE ee CABLE", "THE CABLE")
    (0, 0, 1)
    """
    from rapidfuzz.distance import Levenshtein

    count = {"replace": 0, "insert": 0, "delete": 0}
    for op in Levenshtein.editops(text.split(), truth.split()):
        count[op.tag] += 1
    # Edits from the reading to the gold: an "insert" adds a gold word the reading missed, a
    # "delete" takes out a word the reading has and the gold does not.
    return count["replace"], count["insert"], count["delete"]


def page_jobs(tier: str, seeds: list[int], pool: Any) -> list[tuple[str, str, str, str]]:
    """(page image, everything printed on it, face, tier) for every page of the dev gold texts
    rendered at ``tier`` with each seed ``k`` in ``seeds`` (rendered by ``pool``'s workers)."""
    from bench.run import FULL, doc_plans

    plans = [p for p in doc_plans(FULL) if split_of("gold", p.name) == "dev"]
    todo = [
        (plan, k, plan.font if k == 0 else FACES[(i + k) % len(FACES)], tier)
        for k in seeds
        for i, plan in enumerate(plans)
    ]
    jobs = []
    for (plan, k, face, _), truths in zip(
        todo,
        pool.map(_render, *zip(*todo, strict=True), [SCANS / tier] * len(todo)),
        strict=True,
    ):
        for n, truth in enumerate(truths):
            path = SCANS / tier / f"{plan.name}-k{k}-{n + 1:03d}.png"
            jobs.append((str(path), truth, face, tier))
    return jobs


def read_one(job: tuple[str, str, str, str]) -> dict[str, Any]:
    """Worker: the page of ``job`` read by our OCR stage, every reading it made recorded (see
    the module docstring); the record is written under ``RECORDS`` and read from there when it
    is. A page that fails is returned with its error and not kept."""
    path, truth, face, tier = job
    kept = RECORDS / tier / f"{Path(path).stem}.json"
    if kept.is_file():
        return dict(json.loads(kept.read_text()))
    from pipeline.core.config import OcrSettings
    from pipeline.core.enums import DocKind
    from pipeline.core.records import PageRef
    from pipeline.stages import ocr, reading

    made: list[dict[str, Any]] = []

    class Recording(reading.Reader):
        def read(self, image: Any, treatment: Any, rotation: int, *a: Any, **kw: Any) -> Any:
            c0 = sum(_cpu())
            got = super().read(image, treatment, rotation, *a, **kw)
            if got is not None:
                a_ = got.attempt
                made.append(
                    {
                        "treatment": treatment.value,
                        "rotation": rotation,
                        "cpu": round(sum(_cpu()) - c0, 3),
                        "attempt": {
                            k: getattr(a_, k)
                            for k in ("words", "conf", "wordlike", "score", "unsure_words")
                        },
                        "lines": [
                            [[w.text, w.conf, w.bbox and w.bbox.to_list()] for w in line.words]
                            for line in got.lines
                        ],
                    }
                )
            return got

    ocr.Reader = Recording  # type: ignore[misc]  # this worker reads only for the bench
    ref = PageRef(Path(path).stem, 1, Path(path), DocKind.IMAGE, 0)
    c0 = sum(_cpu())
    try:  # a loaded machine must not fail a page for the bench: a long timeout
        page = ocr.ocr_page(ref, OcrSettings(timeout=3000.0))
    except Exception as exc:
        return {"page": Path(path).stem, "error": str(exc)}
    attempts = page.attempts or ()
    out = {
        "page": Path(path).stem,
        "face": face,
        "truth": truth,
        "cpu": round(sum(_cpu()) - c0, 3),
        "status": page.status.value,
        "chosen": next((i for i, a in enumerate(attempts) if a.chosen), 0),
        "readings": made,
    }
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text(json.dumps(out))
    return out


def text_of(reading: dict[str, Any]) -> str:
    """A recorded reading's text, a line per line."""
    return "\n".join(" ".join(w[0] for w in line) for line in reading["lines"])


def _lines(reading: dict[str, Any]) -> tuple[Any, ...]:
    """A recorded reading's lines as ``Line`` records (word boxes in the page's pixels)."""
    from pipeline.core.records import BBox, Line, Word

    return tuple(
        Line(
            " ".join(w[0] for w in ws),
            tuple(Word(t, c, None if b is None else BBox(*b)) for t, c, b in ws),
        )
        for ws in reading["lines"]
    )


def column_easy(reading: dict[str, Any]) -> bool:
    """Whether a recorded reading is easy (``reading._easy``) on the words whose box centre lies
    in its text column (the box of its surely read lines: ``noise_place.text_column``); False
    without a column."""
    from pipeline.core.enums import PageSource, Treatment
    from pipeline.core.records import Attempt, Line, Page
    from pipeline.stages.reading import _easy, evidence
    from pipeline.stages.strip.noise_place import text_column

    lines = _lines(reading)
    col = text_column(Page(1, lines, PageSource.OCR))
    if col is None:
        return False
    box = col.box
    inside = tuple(
        Line("", kept)
        for line in lines
        if (
            kept := tuple(
                w
                for w in line.words
                if w.bbox is not None
                and box.left <= w.bbox.left + w.bbox.width / 2 <= box.right
                and box.top <= w.bbox.top + w.bbox.height / 2 <= box.bottom
            )
        )
    )
    n, conf, like, _, _, doubted = evidence(inside)
    return _easy(Attempt(Treatment.AUTO, words=n, conf=conf, wordlike=like, unsure_words=doubted))


def records(tier: str) -> list[dict[str, Any]]:
    """The pages read at ``tier`` that took the hard search (more than one reading)."""
    out = []
    for f in sorted((RECORDS / tier).glob("*.json")):
        r = json.loads(f.read_text())
        if len(r.get("readings", ())) > 1:
            out.append(r)
    return out


@app.command()
def read(
    tier: Annotated[str, typer.Option(help="synth tier of the renders.")] = "extreme",
    seeds: Annotated[str, typer.Option(help="Seeds k, comma-separated (0: make bench's).")] = "0",
    jobs: Annotated[int, typer.Option(help="Worker processes.")] = 2,
) -> None:
    """Render and read the dev pages; one record per page under ``RECORDS``."""
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        todo = page_jobs(tier, [int(k) for k in seeds.split(",")], pool)
        for got in pool.map(read_one, todo):
            if "error" in got:
                typer.echo(f"{got['page']}: failed: {got['error']}")
    typer.echo(f"{len(todo)} pages; {len(records(tier))} took the hard search")


@app.command()
def report(tier: Annotated[str, typer.Option(help="synth tier.")] = "extreme") -> None:
    """Each hard-search page's readings, the chosen one against the best; totals by half (pages
    flagged for manual transcription apart)."""
    totals: dict[str, list[int]] = {}
    for r in records(tier):
        rd, c = r["readings"], r["chosen"]
        ops = [word_ops(text_of(x), r["truth"]) for x in rd]
        gold = [s + d for s, d, _ in ops]
        errs = [sum(o) for o in ops]
        h = half(r["page"])
        words = len(r["truth"].split())
        typer.echo(f"{r['page']} (half {h}, {r['face']}, {words} words, {r['status']}):")
        for i, (x, (s, d, ins)) in enumerate(zip(rd, ops, strict=True)):
            a = x["attempt"]
            conf = "-" if a["conf"] is None else f"{a['conf']:.0f}"
            typer.echo(
                f"  {'*' if i == c else ' '}{x['treatment']:>8}@{x['rotation']:<3} "
                f"{a['words']:4} words, conf {conf:>3}, word-like {a['wordlike']:.2f}, "
                f"unsure {a['unsure_words']:3}, score {a['score']:7.1f} | S {s:3} D {d:3} "
                f"I {ins:3}, WER {wer(text_of(x), r['truth']):.1%} | {x['cpu']:.1f} CPU-s"
            )
        # A flagged page's text is its placeholder whichever reading stands: counted apart.
        t = totals.setdefault(f"{h}, flagged" if r["status"] == "manual" else h, [0] * 6)
        t[0] += 1
        t[1] += words
        t[2] += errs[c] - min(errs)
        t[3] += gold[c] - min(gold)
        t[4] += errs[c] != min(errs)
        t[5] += gold[c] != min(gold)
    for h, (pages, words, gap, gold_gap, off, gold_off) in sorted(totals.items()):
        typer.echo(
            f"half {h}: {pages} pages, {words} gold words; chosen not the best by WER on {off} "
            f"(gap {gap} word errors), by gold-word errors on {gold_off} (gap {gold_gap})"
        )


@app.command()
def gate(tier: Annotated[str, typer.Option(help="synth tier.")] = "extreme") -> None:
    """Hard-search pages whose first pass is easy on its text column's words (``column_easy``)."""
    pages, cpu, skipped, saved, changed = 0, 0.0, 0, 0.0, 0
    for r in records(tier):
        pages += 1
        cpu += r["cpu"]
        first = r["readings"][0]
        if not column_easy(first):
            continue
        skipped += 1
        saved += r["cpu"] - first["cpu"]
        changed += r["chosen"] != 0
        kept = r["readings"][r["chosen"]]["treatment"]
        typer.echo(f"{r['page']} (half {half(r['page'])}): easy in its column; kept {kept}")
    typer.echo(
        f"{pages} hard-search pages, {cpu:.1f} CPU-s; {skipped} would skip the search "
        f"({saved:.1f} CPU-s), {changed} of them kept another reading than the first pass"
    )


if __name__ == "__main__":
    app()
