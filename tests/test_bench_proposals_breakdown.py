"""``bench.proposals_breakdown``: judged proposal places by kind and outcome, and the floor
curve. Synthetic records in ``corrections.jsonl`` shape (judgements made up for the test)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.proposals_breakdown import floor_curve, places, report
from bench.proposals_dev import Judged


def _record(line: int, original: str, cands: list[tuple[str, float]], **extra: object) -> dict:
    return {
        "page": 1,
        "line": line,
        "original": original,
        "replacement": cands[0][0] if cands else original,
        "candidates": [list(c) for c in cands],
        "decision": "proposed",
        "reason": f"{original} → x: English dictionary, e→o; proposed, not applied: short word",
        **extra,
    }


def test_places_are_judged_and_the_floor_curve_counts_net_keys(tmp_path: Path) -> None:
    doc = tmp_path / "memo"
    doc.mkdir()
    records = [
        _record(1, "tbe", [("the", 0.9)]),  # right
        _record(2, "ony", [("any", 0.3), ("on", 0.2)]),  # among: the paper has "on"
        _record(3, "ee", [("me", 0.1)]),  # unreadable
        _record(4, "zzz", [("zaz", 0.5)]),  # no judgement
        {**_record(5, "a b", []), "kind": "line", "subsumed": [{"original": "b"}]},
    ]
    (doc / "corrections.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    judged = [
        Judged("x/memo.md", 1, 1, "tbe", "the", "right"),
        Judged("x/memo.md", 1, 2, "ony", "on", "among"),
        Judged("x/memo.md", 1, 3, "ee", "?", "unrecoverable"),
    ]
    found, lines = places(tmp_path, judged)
    assert [p.outcome for p in found] == ["right", "among", "unrecoverable", "unjudged"]
    assert lines == {"1": 1}
    assert {p.kind for p in found} == {"dictionary"} and {p.why for p in found} == {"short word"}
    curve = {f: (kept, right, net) for f, kept, right, net in floor_curve(found)}
    assert curve[0.0] == (3, 1, -1)  # one right, two keys wasted; the unjudged one left out
    assert curve[0.2] == (2, 1, 0)
    assert curve[0.95] == (0, 0, 0)
    assert curve[0.3] == (2, 1, 0) and curve[0.4] == (1, 1, 1)
    assert "best net at 0.40" in report(found, lines)  # the lowest floor of the best net
