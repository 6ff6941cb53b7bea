"""Does the correct stage's precision hold on documents its fitted parts never saw? Dev only.

Usage: ``python -m bench.holdout [--refit] [--batch N] [--wrong FILE]``.

BLN600 dev is cut in two by ``bench.dev_halves`` (a fixed-salt hash). Each half is corrected as
its own batch (as a user's release, and as the test split, is), and scored as ``bench.bln600``
scores a split: applied changes, precision (right over right and wrong; neutral apart), WER.

- Without ``--refit``: the shipped calibration (fitted on all of dev) on each half: what the
  halves differ by chance.
- With ``--refit``: the calibration refitted as ``bench.calibrate`` fits it (the same rows,
  out-of-fold threshold and confirm point, coefficients on every row), but on one half's BLN600
  rows (with the labelled FOIA dev rows, as shipped) and used on both: precision on the half
  it was fitted on against the half it never saw, each way round. Only the calibration is
  refitted; hand-set thresholds in ``pipeline/stages/correct/`` stay as they are.
- ``--batch N``: each half corrected in batches of N documents (the test split is 88 documents,
  dev 392: the batch's evidence grows with its size).
- ``--wrong FILE``: every wrong automatic change on the unseen half, with its reason (the path
  and evidence the record carries), one a line, for reading.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from bench import calibrate as fitting
from bench.bln600 import Score, figures, proposal_class, score_document
from bench.correct_eval import bln600_documents
from bench.dev_halves import Half, half
from bench.gold_conventions import rejudge
from bench.labelled import is_line_item, word_records
from bench.metrics import APPLIED, judge_corrections
from pipeline.lexicon import Lexicon
from pipeline.stages.correct import BatchVocabulary, correct
from pipeline.stages.correct import calibrate as cal

Docs = list[tuple[str, str, str]]  # (sample id, OCR text, gold)


@contextmanager
def using(model: cal.Model | None) -> Iterator[None]:
    """The correct stage decides with ``model`` inside the block (the shipped one when None)."""
    if model is None:
        yield
        return
    real = cal.load
    cal.load = lambda path=cal.CALIBRATION: model  # type: ignore[assignment]
    try:
        yield
    finally:
        cal.load = real  # type: ignore[assignment]


def score(docs: Docs, lexicon: Lexicon, batch: int | None = None) -> tuple[dict[str, Any], list]:
    """Correct ``docs`` (in batches of ``batch`` documents, all as one when None) and score them:
    (``bench.bln600.figures``, the wrong automatic changes as dicts with their reason)."""
    total = Score()
    wrong: list[dict[str, str]] = []
    size = batch or len(docs)
    for lo in range(0, len(docs), size):
        part = docs[lo : lo + size]
        vocab = BatchVocabulary.from_documents([t for _, t, _ in part])
        for sid, text, gold in part:
            result = correct(text, None, lexicon, vocabulary=vocab)
            records = [c.to_dict() for c in result.corrections]
            score_document(total, sid, text, gold, result.text, records)
            words = [c for c in records if not is_line_item(c)]
            why = {(c["start"], c["original"]): c for c in words}
            judged, _ = rejudge(judge_corrections(text, gold, word_records(words)))
            for j in judged.judged:
                r = j.record
                if r.decision == APPLIED and j.located and not j.right and not j.neutral:
                    c = why[(r.start, r.original)]
                    wrong.append({"doc": sid, "change": f"{r.original} -> {r.replacement}",
                                  "gold": j.gold, "class": proposal_class(c).value,
                                  "reason": c.get("reason", "")})  # fmt: skip
    words = sum(len(g.split()) for _, _, g in docs)
    return figures(total, len(docs), words), wrong


def refit(
    rows: list[fitting.Row], by_rules: list[bool], name: str, groups: bool = True
) -> cal.Model:
    """The calibration ``bench.calibrate`` would fit on ``rows`` (with ``by_rules``: whether the
    hand-set rules applied each row): out-of-fold threshold at its ``--target`` default 0.99,
    confirm point at ``CONFIRM_TARGET`` among the rules' rows, and with ``groups`` the groups'
    own confirm points (``group_confirm``)."""
    x = np.array([[r[1][n] for n in cal.FEATURES] for r in rows], dtype=float)
    y = np.array([r[2] for r in rows], dtype=float)
    p = fitting.out_of_fold([r[0] for r in rows], x, y, 5)
    t = fitting.threshold(p, y, 0.99)[0]
    ruled = np.array(by_rules, dtype=bool)
    tc = fitting.threshold(p[ruled], y[ruled], fitting.CONFIRM_TARGET)[0]
    by_group = fitting.group_confirm(rows, p, ruled, tc, fitting.CONFIRM_TARGET) if groups else {}
    return fitting.fitted_model(rows, t, tc, {"made_by": f"bench.holdout, {name}"}, by_group)


def half_rows(docs: Docs, lexicon: Lexicon) -> tuple[list[fitting.Row], list[bool]]:
    """``bench.calibrate``'s judged rows of ``docs`` corrected as one batch, with ``BY_RULES``."""
    vocab = BatchVocabulary.from_documents([t for _, t, _ in docs])
    before = len(fitting.BY_RULES)
    rows = fitting._collect([(f"bln600/{s}", t, g) for s, t, g in docs], lexicon, vocab)
    return rows, fitting.BY_RULES[before:]


def _line(label: str, fig: dict[str, Any]) -> str:
    r = fig["reviewer"]
    judged = r["applied"] - r["applied_neutral"]
    wrong = round(judged * (1 - r["applied_precision"])) if judged else 0
    by = " ".join(
        f"{k}:{v['right']}/{v['wrong']}" for k, v in fig["applied_by_class"].items() if v["wrong"]
    )
    return (f"{label:34s} docs {fig['documents']:3d}  applied {r['applied']:5d}  wrong {wrong:3d}  "
            f"precision {r['applied_precision']:.4f}  WER {fig['wer_before']:.4f} -> "
            f"{fig['wer_after']:.4f}  wrong by class {by}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refit", action="store_true", help="refit the calibration per half")
    parser.add_argument(
        "--one-confirm", action="store_true", help="refit without the groups' own confirm points"
    )
    parser.add_argument("--batch", type=int, help="correct in batches of N documents")
    parser.add_argument("--wrong", type=Path, help="write the unseen half's wrong changes here")
    args = parser.parse_args(argv)
    lexicon = Lexicon.load()
    docs = bln600_documents("dev")
    halves: dict[Half, Docs] = {"A": [], "B": []}
    for d in docs:
        halves[half(d[0])].append(d)
    wrong_out: list[dict[str, str]] = []
    if not args.refit:
        for h, part in halves.items():
            fig, wrong = score(part, lexicon, args.batch)
            print(_line(f"shipped model, half {h}", fig), flush=True)
            wrong_out += [w | {"half": h} for w in wrong]
    else:
        before = len(fitting.BY_RULES)
        foia = fitting.labelled_rows(lexicon, fitting.REPO / "dictionaries")[0]
        foia_rules = fitting.BY_RULES[before:]
        rows = {h: half_rows(part, lexicon) for h, part in halves.items()}
        for h, other in (("A", "B"), ("B", "A")):
            model = refit(rows[h][0] + foia, rows[h][1] + foia_rules, f"fitted on half {h}",
                          not args.one_confirm)  # fmt: skip
            print(f"fitted on {h}: threshold {model.threshold:.4f}, confirm {model.confirm:.4f}, "
                  f"by group {model.confirm_by_group}")  # fmt: skip
            with using(model):
                for target in (h, other):
                    fig, wrong = score(halves[target], lexicon, args.batch)
                    seen = "seen" if target == h else "UNSEEN"
                    print(_line(f"fit {h}, on {target} ({seen})", fig), flush=True)
                    if target != h:
                        wrong_out += [w | {"half": target, "fit": h} for w in wrong]
    if args.wrong:
        args.wrong.write_text("".join(json.dumps(w) + "\n" for w in wrong_out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
