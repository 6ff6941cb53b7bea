"""Choose the context-rival gate's margin out of fold (``stages/correct/evidence.py``).

Usage: ``python -m bench.rival_gate [--halvings 20]`` (development material only).

The BLN600 dev split is corrected as one batch with the gate asking but never holding back: every
automatic change the gate would look at is recorded with its rival's margin
(``evidence.context_rival`` with no floor) and judged against the gold
(``bench.metrics.judge_corrections``, gold conventions neutral); the near-rival gate, asked
after this one (``evidence.near_rival``, chosen by ``bench.near_rivals``), is off. Then, for
each of ``--halvings`` random halvings of the documents, the margin is chosen on one half (the
grid value that holds back the most wrong changes net of right ones; on a tie the higher, fewer
held) and judged on the other: right and wrong changes held back there. The spread over
halvings is printed, and the held-back changes of the whole split at the shipped
``RIVAL_MARGIN``.
"""

from __future__ import annotations

import argparse
import random
import statistics
from collections.abc import Iterator
from contextlib import contextmanager

from bench.bln600 import _csv_path, read_bln600
from bench.gold_conventions import rejudge
from bench.labelled import word_records
from bench.material import documents
from bench.metrics import APPLIED, judge_corrections

#: Margins tried (natural-log units of the ranking's score).
GRID = (-4.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0, 6.0)

Row = tuple[str, str, str, str, float, str]  # doc, original, replacement, rival, margin, verdict
Seen = dict[tuple[str, str], tuple[str, float]]  # (OCR form, replacement) -> (rival, margin)


@contextmanager
def recording(gate: str) -> Iterator[Seen]:
    """Inside the block the rival test ``evidence.<gate>`` (``context_rival``, ``near_rival``)
    holds nothing back and records the best rival it finds with no floor, in the dict yielded
    (the caller clears it between documents)."""
    from pipeline.stages.correct import evidence

    real = getattr(evidence, gate)
    seen: Seen = {}

    def record(doc, tok, low, target, at_least=None):  # type: ignore[no-untyped-def]
        found = real(doc, tok, low, target, at_least=float("-inf"))
        if found is not None:
            seen[(low, target)] = (found.word, found.margin)
        return None

    setattr(evidence, gate, record)
    try:
        yield seen
    finally:
        setattr(evidence, gate, real)


def collect(split: str = "dev") -> list[Row]:
    """Every automatic change the gate asks about on BLN600 ``split``, with its best rival's
    margin and the verdict (right, wrong, neutral)."""
    from pipeline.lexicon import Lexicon
    from pipeline.stages.correct import BatchVocabulary, CorrectConfig, correct

    corpus = read_bln600(_csv_path())  # type: ignore[arg-type]
    docs = [corpus[i] for i in documents("bln600", split) if i in corpus]  # type: ignore[arg-type]
    lexicon = Lexicon.load()
    vocab = BatchVocabulary.from_documents([d.ocr for d in docs])
    rows: list[Row] = []
    batch_only = CorrectConfig(near_rival_gate=False)
    with recording("context_rival") as seen:
        for d in docs:
            seen.clear()
            result = correct(d.ocr, None, lexicon, batch_only, vocabulary=vocab)
            recs = [c.to_dict() for c in result.corrections]
            judgement, _ = rejudge(judge_corrections(d.ocr, d.gold, word_records(recs)))
            for j in judgement.judged:
                r = j.record
                low = "".join(ch for ch in r.original.lower() if ch.isalpha())
                hit = seen.get((low, r.replacement.lower()))
                if r.decision != APPLIED or hit is None:
                    continue
                verdict = (
                    "neutral" if (j.neutral or not j.located) else ("right" if j.right else "wrong")
                )
                rows.append((d.sample_id, r.original, r.replacement, hit[0], hit[1], verdict))
    return rows


def held(rows: list[Row], margin: float) -> tuple[int, int]:
    """(right, wrong) changes of ``rows`` held back at ``margin``."""
    sel = [r for r in rows if r[4] >= margin]
    return sum(r[5] == "right" for r in sel), sum(r[5] == "wrong" for r in sel)


def choose(rows: list[Row]) -> float:
    """The grid margin holding back the most wrong changes net of right ones (a tie: the
    higher margin); ``max(GRID)`` when none gains."""

    def gain(m: float) -> tuple[int, float]:
        right, wrong = held(rows, m)
        return wrong - right, m

    best = max(GRID, key=gain)
    return best if gain(best)[0] > 0 else max(GRID)


def main(argv: list[str] | None = None) -> int:
    from pipeline.stages.correct.evidence import RIVAL_MARGIN

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--halvings", type=int, default=20)
    args = parser.parse_args(argv)
    rows = collect("dev")
    docs = sorted({r[0] for r in rows} | set(documents("bln600", "dev")))  # type: ignore[arg-type]
    print(f"changes the gate asks about with a rival: {len(rows)} "
          f"(right {sum(r[5] == 'right' for r in rows)}, "
          f"wrong {sum(r[5] == 'wrong' for r in rows)})")  # fmt: skip
    rng = random.Random(15)
    chosen, gains = [], []
    for k in range(args.halvings):
        fit = set(rng.sample(docs, len(docs) // 2))
        m = choose([r for r in rows if r[0] in fit])
        right, wrong = held([r for r in rows if r[0] not in fit], m)
        chosen.append(m)
        gains.append(wrong - right)
        print(f"  halving {k:2d}: margin {m:+.1f}; held back on the other half: "
              f"{right} right, {wrong} wrong")  # fmt: skip
    print(
        f"margins chosen: median {statistics.median(chosen):+.1f} "
        f"(min {min(chosen):+.1f}, max {max(chosen):+.1f}); net wrong held back on the "
        f"judged halves: median {statistics.median(gains)}, min {min(gains)}, max {max(gains)}"
    )
    right, wrong = held(rows, RIVAL_MARGIN)
    print(
        f"shipped RIVAL_MARGIN {RIVAL_MARGIN:+.1f} on the whole split: {right} right, "
        f"{wrong} wrong held back"
    )
    for r in sorted(rows, key=lambda r: -r[4]):
        if r[4] >= RIVAL_MARGIN:
            print(f"    {r[5]:7s} {r[1]} -> {r[2]} (rival {r[3]}, {r[4]:+.2f}) {r[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
