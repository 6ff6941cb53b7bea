"""Reviewer items: proposal records grouped into what a reviewer pays a key for.

Issue 15 judges "proposals per 1,000 words" by a reviewer's keys, not by the lines of
``corrections.jsonl``: every pending place of one review key
(``pipeline.review.keys.review_key``: one change, or the different misreadings of one long
word, as the web queue groups them) is one item, and so is each "transcribe by hand" line. The
benches take that key from the pipeline, never a copy of it (``record_key`` for a record as a
dict). ``bench.labelled`` judges the records against its gold and reports both counts with the
functions here (``bench/README.md``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bench.metrics import REVIEWER_ROWS, Record, judge_corrections, pct


@dataclass(frozen=True)
class Verdict:
    """One proposal record as the gold judges it: its top candidate right, the right word among
    its candidates, or neither right nor wrong (``Judged.neutral``: the gold cannot say)."""

    right: bool
    among: bool
    neutral: bool


@dataclass(frozen=True)
class Items:
    """What a reviewer pays: proposal records grouped into reviewer items.

    A reviewer item is one screen, decided with one key: every pending place of one review key
    (``keys.review_key``: the same word, case aside, to the same top candidate, in any document
    of the batch; or any misreading of one long word, ``keys.shares_word``, to that word) is
    one item, because the web queue offers it as one group (each place with its own reading and
    context, each accepted as its own decision that teaches its correction); a "transcribe by
    hand" line is one item too. ``right`` counts the change items whose top candidate is
    right at every place the gold can judge (one key fixes them all); ``among`` those with the
    right word among the candidates at every such place; ``neutral`` those the gold cannot
    judge at any place (neither right nor among)."""

    changes: int
    lines: int
    right: int
    among: int
    neutral: int
    #: line items that suggest a text (the line with their records' changes made), and those
    #: whose suggestion is the gold text at the line's place (taken in one key, right)
    suggested: int = 0
    suggested_right: int = 0

    @property
    def total(self) -> int:
        """Reviewer items: change items and line items."""
        return self.changes + self.lines


def record_key(rec: dict[str, Any]) -> str:
    """The reviewer item of a ``corrections.jsonl`` word record, as a dict: the pipeline's
    ``keys.review_key`` of its original, top candidate, candidates and reason.

    >>> r = {"original": "Reglatry", "replacement": "Registry", "candidates": [["Registry", 0.6]]}
    >>> record_key(r) == record_key({**r, "original": "Regiatty"})
    True
    """
    from pipeline.review.keys import review_key

    cands = [str(t) for t, _ in rec.get("candidates") or ()]
    return review_key(rec["original"], rec["replacement"], cands, str(rec.get("reason", "")))


def review_items(
    places: Iterable[tuple[str, Verdict]], line_items: int, suggestions: Iterable[bool] = ()
) -> Items:
    """Group judged proposal records (``(review key, verdict)``) into reviewer ``Items``;
    ``suggestions`` says, for each line item that suggests a text, whether that text is the
    gold (``line_suggestions``).

    >>> ok, bad = Verdict(True, True, False), Verdict(False, True, False)
    >>> i = review_items([("a → b", ok), ("a → b", ok), ("c → d", ok), ("c → d", bad)], 1)
    >>> (i.total, i.changes, i.right, i.among)
    (3, 2, 1, 2)
    """
    groups: dict[str, list[Verdict]] = {}
    for key, v in places:
        groups.setdefault(key, []).append(v)
    right = among = neutral = 0
    for verdicts in groups.values():
        judged = [v for v in verdicts if not v.neutral]
        if not judged:
            neutral += 1
            continue
        right += all(v.right for v in judged)
        among += all(v.among for v in judged)
    verdicts = list(suggestions)
    return Items(len(groups), line_items, right, among, neutral, len(verdicts), sum(verdicts))


def line_suggestions(
    before: str,
    gold: str,
    lines: Iterable[dict[str, Any]],
    unreadable: Sequence[tuple[int, int]] = (),
) -> list[bool]:
    """For each line item of ``lines`` (``corrections.jsonl`` records of kind ``line``) that
    suggests a text (its replacement is not its own text), whether that suggestion is the gold
    at the line's place (``metrics.judge_corrections``, as a word record is judged: a key that
    takes the suggestion fixes the line). A suggestion that is wrong anywhere, or where the gold
    cannot judge (an unreadable word, no gold), is not right: a line item a reviewer must still
    type is not fixed in one key. ``before`` is the text the records point into."""
    records = [Record.from_dict(c) for c in lines if c["replacement"] != c["original"]]
    if not records:
        return []
    return [j.right for j in judge_corrections(before, gold, records, unreadable).judged]


def items_json(items: Items, words: int) -> dict[str, Any]:
    """Reviewer items as results.json carries them: ``items`` (screens: change items and line
    items), ``items_per_1000_words`` (per word of the gold body), ``change_items``,
    ``line_items``, ``neutral_items``, ``top_right`` and ``among_right`` (shares 0-1 of all
    change items, neutral ones counted as not right, as ``reviewer_figures`` counts records;
    None when there is none)."""
    judged = items.changes
    return {
        "items": items.total,
        "items_per_1000_words": round(1000 * items.total / words, 2) if words else None,
        "change_items": items.changes,
        "line_items": items.lines,
        "neutral_items": items.neutral,
        "top_right": round(items.right / judged, 4) if judged else None,
        "among_right": round(items.among / judged, 4) if judged else None,
        "line_suggestions": items.suggested,
        "line_suggestions_right": items.suggested_right,
        "top_right_with_lines": round(
            (items.right + items.suggested_right) / (judged + items.suggested), 4
        )
        if judged + items.suggested
        else None,
    }


#: Rows of reviewer items (``items_json``): the issue-15 figures, a key press per item.
ITEM_ROWS: list[tuple[str, Any]] = [
    (
        "review items per 1,000 words (a key each)",
        lambda f: f"{f['items']['items_per_1000_words']}",
    ),
    (
        "  change items + transcribe-by-hand lines",
        lambda f: f"{f['items']['change_items']} + {f['items']['line_items']}",
    ),
    ("items: top candidate right (every place)", lambda f: pct(f["items"]["top_right"])),
    ("items: right word among candidates", lambda f: pct(f["items"]["among_right"])),
    (
        "  line items whose suggested line is the gold",
        lambda f: (
            f"{f['items']['line_suggestions_right']} of {f['items']['line_suggestions']}"
            if f["items"].get("line_suggestions")
            else "none judged"
        ),
    ),
    (
        "items: right in one key, suggested lines judged too",
        lambda f: pct(f["items"].get("top_right_with_lines")),
    ),
]


def reviewer_rows() -> list[tuple[str, Any]]:
    """``REVIEWER_ROWS`` with its proposal rows named for what they count (records: one per
    place) and ``ITEM_ROWS`` right after them, for the labelled set's table."""
    rows = [(label.replace("proposals", "proposal records"), get) for label, get in REVIEWER_ROWS]
    at = next(i for i, (label, _) in enumerate(rows) if "among" in label) + 1
    return rows[:at] + ITEM_ROWS + rows[at:]
