"""Regions of damaged lines: one "transcribe by hand" item for nearby line items of one page.

``pipeline.stages.correct.regions``. The damaged lines are in the wild, dev split: four lines of
page 5 of the JFK release ``2025__0318__104-10301-10010`` (``bench/furniture/jfk-recent/``,
bench/splits.json ``jfk-recent`` dev), a badly damaged photocopy; the first two become line
items on their own (the other two hold changes the stage applies and are text). The memo around
them is synthetic, and so is the sentence with ``tbc`` (``test_review.MEMO``'s word the stage
proposes everywhere).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_review import Batch

from pipeline.core.enums import CorrectionDecision, CorrectionKind
from pipeline.core.records import BBox, WordSpan
from pipeline.core.results import Correction
from pipeline.lexicon import Lexicon
from pipeline.review import ReviewStore, load_output
from pipeline.review.queue import ReviewQueue
from pipeline.review.session import ReplyKind, Session
from pipeline.stages.correct import CorrectConfig, apply_corrections, correct
from pipeline.stages.correct.document import make_doc
from pipeline.stages.correct.regions import region_items

#: In the wild (see the docstring): two lines the line test makes items, then two of text.
DAMAGED = [
    "and In Canado-by the Roynl Canstion Norated Polloe]",
    "nel 11 Hezloo thas bave a trados of sovement unid factlitates the",
]
TEXTY = [
    "conduot of classestion operation targeted sot only against the U.s.",
    "bart also sgainst other latin Anaticon countates there there 18 do",
]
HEAD = "SUBJECT: STATION ACTIVITIES\n\n1. The station reported on the work of the service.\n\n"
TAIL = "\n\n2. The chief of station will report again next month.\n"
BETWEEN = "Both sides said tbc meeting was short and friendly."  # synthetic, ``tbc`` proposed
#: Neither nearby line items nor runs of damaged lines (``damage_regions``) made one item.
NO_REGIONS = CorrectConfig(region_min_lines=0, damage_line_unknown=2.0)


def memo(*lines: str) -> str:
    return HEAD + "\n\n".join(lines) + TAIL


def spans(text: str) -> list[WordSpan]:
    """One span per token, each text line an OCR line of its page, boxes on a grid (the
    damaged lines read at 40, the others at print's 93)."""
    out = []
    offset = 0
    for page, body in enumerate(text.split("\f"), start=1):
        for n, line in enumerate(body.split("\n")):
            pos = 0
            for word in line.split():
                i = line.index(word, pos)
                pos = i + len(word)
                conf = 40.0 if line in DAMAGED else 93.0
                box = BBox(10 + 9 * i, 20 * n, 9 * len(word), 12)
                out.append(WordSpan(offset + i, offset + pos, page, n, box, conf))
            offset += len(line) + 1
    return out


def items(result_corrections: tuple[Correction, ...]) -> list[Correction]:
    return [c for c in result_corrections if c.is_line]


def test_nearby_damaged_lines_become_one_region_item_with_its_box(lexicon: Lexicon) -> None:
    text = memo(*DAMAGED)
    alone = correct(text, spans(text), lexicon, config=NO_REGIONS)
    lines = items(alone.corrections)
    assert [c.original for c in lines] == DAMAGED  # two screens without the rule
    result = correct(text, spans(text), lexicon)
    (region,) = items(result.corrections)
    assert region.kind is CorrectionKind.REGION and region.is_line and region.is_region
    assert region.decision is CorrectionDecision.PROPOSED and region.candidates == ()
    assert region.original == text[region.start : region.end] == "\n\n".join(DAMAGED)
    # its page box is the union of its words' boxes, its line the first one's
    first = text.split("\n").index(DAMAGED[0])
    assert (region.page, region.line) == (1, first)
    assert region.bbox == BBox.union([c.bbox for c in lines if c.bbox is not None])
    # nothing lost: every word record of the line items, each with its own page and line
    held = [(s.original, s.replacement, s.page, s.line) for s in region.subsumed]
    expect = [(s.original, s.replacement, c.page, c.line) for c in lines for s in c.subsumed]
    assert held == expect and len(held) >= 3
    assert {s.line for s in region.subsumed} == {c.line for c in lines}
    # the suggestion is the line items' suggestions together
    assert region.replacement == "\n\n".join(c.replacement for c in lines)
    assert "transcribe the region by hand" in region.reason
    assert all(c.reason in region.reason for c in lines)
    # the rest is as it was: the same applied changes, the same text
    assert [c for c in result.corrections if not c.is_line] == [
        c for c in alone.corrections if not c.is_line
    ]
    assert result.text == alone.text == apply_corrections(text, result.applied)
    assert Correction.from_dict(json.loads(json.dumps(region.to_dict()))) == region
    assert region.to_dict()["kind"] == "region"
    # a one-line item's records are written as before: no page and line of their own
    assert all("line" not in s for s in lines[0].to_dict()["subsumed"])


def test_lines_farther_apart_or_on_two_pages_stay_line_items(lexicon: Lexicon) -> None:
    far = memo(DAMAGED[0], *TEXTY, DAMAGED[1])  # two lines between: over the gap
    assert [c.kind for c in items(correct(far, None, lexicon).corrections)] == [
        CorrectionKind.LINE,
        CorrectionKind.LINE,
    ]
    wider = CorrectConfig(region_max_gap=2)
    (region,) = items(correct(far, None, lexicon, config=wider).corrections)
    assert region.is_region and region.original.endswith(DAMAGED[1])
    two_pages = memo(DAMAGED[0] + "\f" + DAMAGED[1])
    assert [c.kind for c in items(correct(two_pages, None, lexicon).corrections)] == [
        CorrectionKind.LINE,
        CorrectionKind.LINE,
    ]
    three = CorrectConfig(region_min_lines=3)
    adjacent = memo(*DAMAGED)
    assert len(items(correct(adjacent, None, lexicon, config=three).corrections)) == 2


def test_a_proposal_on_a_line_between_is_taken_in_with_its_place(lexicon: Lexicon) -> None:
    text = memo(DAMAGED[0], BETWEEN, DAMAGED[1])
    alone = correct(text, None, lexicon, config=NO_REGIONS)
    (tbc,) = [c for c in alone.corrections if c.original == "tbc"]
    assert tbc.decision is CorrectionDecision.PROPOSED
    result = correct(text, None, lexicon)
    (region,) = items(result.corrections)
    assert BETWEEN in region.original and not any(c.original == "tbc" for c in result.corrections)
    (held,) = [s for s in region.subsumed if s.original == "tbc"]
    assert (held.start, held.page, held.line, held.replacement) == (
        tbc.start,
        tbc.page,
        tbc.line,
        "the",
    )
    assert "Both sides said the meeting" in region.replacement
    assert "1 proposal on the others" in region.reason


def test_a_record_reaching_past_the_region_leaves_its_lines_alone(lexicon: Lexicon) -> None:
    text = memo(*DAMAGED)
    config = CorrectConfig()
    doc = make_doc(text, None, lexicon, config, None)
    records = list(correct(text, None, lexicon, config=NO_REGIONS).corrections)
    kept = [c for c in records if not c.is_line]
    made = [c for c in records if c.is_line]
    assert len(made) == 2
    folded = region_items(doc, kept, made, set())[1]
    assert [c.kind for c in folded] == [CorrectionKind.REGION]
    at = text.index(DAMAGED[0])
    join = Correction(
        "j", 1, 0, at - 6, at + 3, None, text[at - 6 : at + 3], "x", (), "applied", "", None, ""
    )
    assert region_items(doc, [*kept, join], made, set()) == ([*kept, join], made)


# -- review: terminal, web, outputs -----------------------------------------------------------


@pytest.fixture
def damaged(tmp_path: Path) -> Batch:
    b = Batch(tmp_path)
    b.write("report", memo(*DAMAGED, *TEXTY))
    b.run()
    return b


TYPED = "and in Canada by the Royal Canadian Mounted Police\nin Mexico there is a freedom"


def test_a_region_is_typed_in_the_terminal_and_counted_in_metadata(damaged: Batch) -> None:
    (rec,) = [r for r in damaged.records("report") if r.get("kind") == "region"]
    meta = json.loads((damaged.doc("report") / "metadata.json").read_text())
    assert meta["transcribe_regions"] == {"items": 1, "word_records": len(rec["subsumed"])}
    assert all(s["line"] is not None for s in rec["subsumed"])
    s = Session(load_output(damaged.doc("report")), ReviewStore(damaged.reviews))
    while s.current is not None and not s.current.is_region:
        assert s.feed("s").kind is ReplyKind.NEXT
    assert s.current is not None and s.current.original == rec["original"]
    assert s.feed("e").kind is ReplyKind.TEXT
    assert s.feed(TYPED + "  \n").kind is ReplyKind.NEXT
    # the typed lines take the region's place, line breaks kept
    assert TYPED in damaged.clean("report") and "Roynl" not in damaged.clean("report")
    damaged.run()  # re-applied on every run
    assert TYPED in damaged.clean("report")
    (rec,) = [r for r in damaged.records("report") if r.get("kind") == "region"]
    assert rec["decision"] == "edited"


def test_the_terminal_and_web_screens_of_a_region(damaged: Batch) -> None:
    from starlette.testclient import TestClient

    from pipeline.review.web import make_app

    words = [r for r in damaged.records("report") if r["decision"] == "proposed"]
    words = [r for r in words if "kind" not in r]
    result = damaged.review("report", "s\n" * len(words) + "s\n")
    assert result.exit_code == 0, result.output
    assert "transcribe the region by hand" in result.output
    queue = ReviewQueue(damaged.out, ReviewStore(damaged.reviews))
    for item in queue.items():
        if not item.correction.is_region:
            queue.decide(item.key, "reject")
    page = TestClient(make_app(queue, "t", {"testserver"})).get("/", headers={"X-Token": "t"})
    html = page.text
    assert 'data-kind="region"' in html and "transcribe the region by hand" in html
    assert '<textarea id="edit-text"' in html and "Ctrl+Enter saves" in html


def test_the_dev_scorer_finds_a_region_record_at_its_own_line(tmp_path: Path) -> None:
    """``bench.proposals_dev.score`` judges a record a region took in at that record's own line
    (``Subsumed.line``), not the region's first line. Synthetic batch folder."""
    from bench.proposals_dev import Judged, score

    folder = tmp_path / "doc"
    folder.mkdir()
    (folder / "stripped.txt").write_text("uf tre\n\nsaid tbc meeting\n", encoding="utf-8")
    sub = {"start": 13, "end": 16, "original": "tbc", "replacement": "the"}
    region = {
        "id": "r", "page": 1, "line": 0, "start": 0, "end": 24, "original": "x",
        "replacement": "y", "candidates": [], "decision": "proposed", "reason": "",
        "kind": "region", "subsumed": [{**sub, "decision": "proposed", "page": 1, "line": 2}],
    }  # fmt: skip
    (folder / "corrections.jsonl").write_text(json.dumps(region) + "\n", encoding="utf-8")
    judged = [Judged("bench/x/doc.md", 1, 2, "tbc", "the", "right")]
    f = score(tmp_path, judged)
    assert f.line_items == 1 and f.fate["in a line item, suggested right"] == 1
    assert f.suggested_lines == f.suggested_right == 1 and not f.lost


def test_the_terminal_review_types_a_region_on_several_lines(damaged: Batch) -> None:
    """From the terminal (piped here), ``e`` on a region reads its lines up to a line ``.``, as
    a page to type does: one prompt line would lose every line break of the stretch."""
    words = [r for r in damaged.records("report") if r["decision"] == "proposed"]
    words = [r for r in words if "kind" not in r]
    result = damaged.review("report", "s\n" * len(words) + "e\n" + TYPED + "\n.\nq\n")
    assert result.exit_code == 0, result.output
    assert "on the lines that follow, then a line '.'" in result.output
    assert TYPED in damaged.clean("report") and "Roynl" not in damaged.clean("report")
