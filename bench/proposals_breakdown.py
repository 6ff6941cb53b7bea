"""The judged dev proposals broken down: by kind, by outcome, by calibrated likelihood.

Issue 15 asks for proposals worth a reviewer's key. Before a class of proposals is left (recorded
in ``left.jsonl`` instead of asked), this says how often each kind's top candidate is right on
the judged dev documents of ``bench.proposals_dev`` (``bench/labels/proposals-dev.tsv``), and
what a likelihood floor for asking would cost. Counts are proposal places (records of
``corrections.jsonl``), not reviewer items; line items are counted apart, by how many word
records they took in.

The floor is judged by a rule written before looking (session 30): a screen is worth asking
when one key on it is more likely to fix the word than to be wasted, so a floor is worth
having only where it raises ``net`` = right − not right (a right top candidate saves the key a
reviewer would spend typing the word; any other outcome costs one key), on both halves of the
documents (split by the parity of sha256 of the document's name), not on the whole alone.

``python -m bench.proposals_breakdown [--batch DIR]`` (DIR: a batch ``bench.proposals_dev
--out`` kept; else the documents are run in a temporary folder, about 30 s).
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bench.proposals_dev import Judged, read_judgements, run, verdict
from pipeline.core.enums import TRANSCRIBE_KINDS

#: Outcomes of ``proposals_dev.verdict``, plus ``unjudged`` (no judgement covers the place).
OUTCOMES = ("right", "among", "wrong", "unrecoverable", "word-right", "unjudged")
#: Likelihood floors the curve is drawn at.
FLOORS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
#: The paths a reason sentence opens with (``records.reason``: "<word> → <candidate>: <path>,
#: ..."), folded into kinds.
_KINDS = (
    ("real-word error", "real-word"),
    ("short non-word", "short non-word"),
    ("OCR case confusion", "case"),
    ("words run together", "run-together"),
    ("a speck read as", "speck"),
    ("a damaged piece of a compound", "compound"),
    ("lexicon ", "lexicon name"),
    ("English dictionary", "dictionary"),
)


@dataclass(frozen=True)
class Place:
    """One proposed word record: its document, kind (``_KINDS``), the doubt that kept it a
    proposal (``why``, quoted words and figures blanked), its top candidate's likelihood (0-1,
    the queue's ``Item.likelihood``), the original's length and the judged outcome."""

    document: str
    kind: str
    why: str
    likelihood: float
    letters: int
    outcome: str


def kind_of(reason: str) -> str:
    """The kind of a proposal from its reason sentence.

    >>> kind_of("tbe → the: English dictionary, OCR confusion b→h; proposed, not applied: x")
    'dictionary'
    >>> kind_of("ho → he: real-word error, OCR confusion o→e; proposed, not applied: x")
    'real-word'
    """
    path = reason.split(": ", 1)[1] if ": " in reason else reason
    return next((k for opening, k in _KINDS if path.startswith(opening)), "other")


def why_of(reason: str) -> str:
    """The doubt that kept a record a proposal, quoted words and bracketed figures blanked.

    >>> why_of("a → b: English dictionary; proposed, not applied: 'bee' is nearly as likely")
    "'X' is nearly as likely"
    """
    why = reason.rsplit("proposed, not applied: ", 1)[-1] if "not applied" in reason else "?"
    why = re.sub(r"'[^']*'", "'X'", why)
    return re.sub(r"\s*\([^)]*\)", "", why).strip()


def places(batch: Path, judged: Iterable[Judged]) -> tuple[list[Place], Counter[str]]:
    """The proposed word records of ``batch`` (one folder per judged document) with their
    outcomes, and the line items counted by the word records each took in (``"1"``, ``"2"``,
    ``"3+"``; ``"0"`` for a line with none)."""
    table = {j.key: j for j in judged}
    out: list[Place] = []
    lines: Counter[str] = Counter()
    for folder in sorted(p for p in batch.iterdir() if (p / "corrections.jsonl").is_file()):
        rows = (folder / "corrections.jsonl").read_text(encoding="utf-8").splitlines()
        for rec in (json.loads(x) for x in rows if x.strip()):
            if rec.get("kind", "word") in TRANSCRIBE_KINDS:
                n = len(rec.get("subsumed", ()))
                lines[str(n) if n < 3 else "3+"] += 1
                continue
            if rec["decision"] != "proposed":
                continue
            j = table.get((folder.name, rec["page"], rec["line"], rec["original"]))
            cands = [c for c, _ in rec["candidates"]]
            outcome = verdict(j.right, j.original, cands) if j else "unjudged"
            top = rec["candidates"][0][1] if rec["candidates"] else 0.0
            out.append(
                Place(
                    folder.name,
                    kind_of(rec["reason"]),
                    why_of(rec["reason"]),
                    float(top),
                    len(rec["original"]),
                    outcome,
                )
            )
    return out, lines


def half(document: str) -> int:
    """The half of the documents ``document`` falls in (0 or 1: sha256 of its name, parity)."""
    return int(hashlib.sha256(document.encode()).hexdigest(), 16) % 2


def floor_curve(found: list[Place]) -> list[tuple[float, int, int, int]]:
    """For each of ``FLOORS``: (floor, judged places kept at or above it, right among them,
    ``net`` = right − not right). Unjudged places are left out."""
    judged = [p for p in found if p.outcome != "unjudged"]
    out = []
    for floor in FLOORS:
        kept = [p for p in judged if p.likelihood >= floor]
        right = sum(p.outcome == "right" for p in kept)
        out.append((floor, len(kept), right, 2 * right - len(kept)))
    return out


def _table(title: str, found: list[Place], key: str, ordered: bool = False) -> list[str]:
    groups: dict[str, Counter[str]] = defaultdict(Counter)
    for p in found:
        groups[str(getattr(p, key))][p.outcome] += 1
    out = [f"{title}: places, then " + " / ".join(OUTCOMES) + ", share right"]
    # by size, or in the groups' own order (bands, lengths) when ``ordered``
    order = sorted(groups.items(), key=lambda kv: kv[0] if ordered else -sum(kv[1].values()))
    for name, c in order:
        n = sum(c.values())
        cells = " ".join(f"{c[o]:4d}" for o in OUTCOMES)
        out.append(f"  {n:4d} {cells}  {c['right'] / n:4.0%}  {name[:70]}")
    return out


def report(found: list[Place], lines: Counter[str]) -> str:
    """The breakdown as text: by kind, by doubt, by likelihood band, by length, line items,
    and the floor curve on the whole and on each half."""

    def band(p: Place) -> Place:
        lo = max(f for f in FLOORS if f <= p.likelihood)
        return Place(p.document, p.kind, p.why, lo, p.letters, p.outcome)

    def size(p: Place) -> Place:
        n = (
            "1-3"
            if p.letters <= 3
            else "4"
            if p.letters == 4
            else "5-6"
            if p.letters <= 6
            else "7+"
        )
        return Place(p.document, p.kind, n, p.likelihood, p.letters, p.outcome)

    out = _table("by kind", found, "kind")
    out += _table("by doubt", found, "why")
    out += _table("by likelihood band (from)", [band(p) for p in found], "likelihood", True)
    out += _table("by letters", [size(p) for p in found], "why", True)
    out.append(
        "line items by word records taken in: "
        + ", ".join(f"{k}: {v}" for k, v in sorted(lines.items()))
    )
    for name, part in (
        ("all", found),
        ("half 0", [p for p in found if half(p.document) == 0]),
        ("half 1", [p for p in found if half(p.document) == 1]),
    ):
        curve = floor_curve(part)
        best = max(curve, key=lambda row: (row[3], -row[0]))
        out.append(f"floor curve, {name} (floor kept right net); best net at {best[0]:.2f}")
        out += [f"  {f:.2f} {k:4d} {r:4d} {n:4d}" for f, k, r, n in curve]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.proposals_breakdown [--batch DIR]``: the judged dev proposals by kind,
    doubt, likelihood and length, and the likelihood floor's curve."""
    import argparse

    parser = argparse.ArgumentParser(
        description=main.__doc__.splitlines()[0] if main.__doc__ else ""
    )
    parser.add_argument("--batch", type=Path, help="a batch folder bench.proposals_dev kept")
    args = parser.parse_args(argv)
    judged = read_judgements()
    if args.batch:
        print(report(*places(args.batch, judged)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        print(report(*places(run(Path(tmp), judged), judged)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
