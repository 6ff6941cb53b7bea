"""The words correction left alone (``left.jsonl``): listed for a reviewer and decided like a
proposal. Synthetic documents (``test_review.MEMO`` with a line written here) through the real
pipeline with the fake engine; listing and deciding through the CLI as a user would.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_review import MEMO, Batch, runner

from pipeline.cli import app

#: "Qwertz" is near "Qwerty" and nothing around it supports the change: left ``unsupported``.
LEFT_LINE = "\n4. Mr. Qwertz said the talks would go on.\n"


@pytest.fixture
def batch(tmp_path) -> Batch:
    b = Batch(tmp_path)
    b.write("memo", MEMO + LEFT_LINE)
    b.run()
    return b


def _left(b: Batch, where) -> list[list[str]]:
    result = runner.invoke(app, ["review", str(where), "--left", "--reviews", str(b.reviews)])
    assert result.exit_code == 0, result.output
    return [row.split("\t") for row in result.stdout.splitlines()]


def test_left_words_are_listed_for_the_batch_and_one_document(batch: Batch) -> None:
    (row,) = _left(batch, batch.out)
    key, where, box, word, candidate, klass, why = row
    assert (
        key.startswith("memo/left-") and where == "p1:9" and box == "-"
    )  # line 9, 1-based; text input
    assert (word, candidate, klass) == ("Qwertz", "Qwerty", "unsupported")
    assert why == "nothing around the word supports it"
    assert _left(batch, batch.doc("memo")) == [[key.removeprefix("memo/"), *row[1:]]]
    # Stable across runs: the id is the word's and its neighbours', not an offset's.
    batch.run()
    assert _left(batch, batch.out)[0][0] == key


def test_a_decision_on_a_left_word_changes_the_text_and_is_kept(batch: Batch) -> None:
    (row,) = _left(batch, batch.doc("memo"))
    result = batch.decide("memo", row[0], "accept")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"{row[0]}\tAccepted Qwertz → Qwerty"
    assert "Mr. Qwerty said" in batch.clean("memo")
    record = next(r for r in batch.records("memo") if r["original"] == "Qwertz")
    assert record["decision"] == "accepted"
    assert "a word correction had left alone" in record["reason"]
    assert _left(batch, batch.doc("memo")) == []  # decided: no longer left alone
    batch.check_invariant("memo")
    batch.run()
    assert "Mr. Qwerty said" in batch.clean("memo")
    assert _left(batch, batch.out) == []


def test_a_typed_word_for_a_left_word_and_a_bad_id(batch: Batch) -> None:
    (row,) = _left(batch, batch.doc("memo"))
    assert batch.decide("memo", row[0][:9], "--text", "Quartz").exit_code == 0  # a prefix
    assert "Mr. Quartz said" in batch.clean("memo")
    bad = batch.decide("memo", "left-000000000000", "accept")
    assert bad.exit_code == 2
    assert "no correction 'left-000000000000' in memo" in bad.output


def test_the_bundled_sample_text_has_what_the_readme_walk_through_reviews(tmp_path) -> None:
    """``scans/jfk-2018-docid-32326189.md`` (real OCR, JFK 2018 release, dev split) gives the
    proposals and the left word the README's "A walk through the sample" decides, by the ids
    it prints: when the correct stage changes what it proposes there, the README must follow."""
    root = Path(__file__).resolve().parent.parent
    b = Batch(tmp_path)
    name = "jfk-2018-docid-32326189"
    (b.scans / f"{name}.md").write_bytes((root / "scans" / f"{name}.md").read_bytes())
    b.run()
    proposed = {r["id"]: r["original"] for r in b.records(name) if r["decision"] == "proposed"}
    assert proposed == {"00c8e1d9dfa3d206": "cach"}
    left = {row[0]: row[3] for row in _left(b, b.doc(name))}
    assert left["left-225a2be13238"] == "endlosed" and left["left-40d04cc6ee98"] == "Buf"
    assert len(left) == 11
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert all(i in readme for i in (*proposed, "left-225a2be13238"))
    # ... and the reason it prints for it, calibrated figures included (`review --list`).
    (reason,) = [r["reason"] for r in b.records(name) if r["id"] == "00c8e1d9dfa3d206"]
    assert f"\t{reason}\n" in readme


def test_a_kept_left_word_says_so_in_one_sentence(batch: Batch) -> None:
    """The record a kept left word gets reads "Qwertz: kept by a reviewer …", its word and
    the colon together, as "Qwertz → Qwerty: changed …" does for a changed one."""
    (row,) = _left(batch, batch.doc("memo"))
    assert batch.decide("memo", row[0], "reject").exit_code == 0
    (record,) = [r for r in batch.records("memo") if r["original"] == "Qwertz"]
    assert record["reason"] == "Qwertz: kept by a reviewer (a word correction had left alone)"


def _scanned_left_word(tmp_path: Path, fake_ocr: dict[str, str]) -> tuple[Batch, str, dict]:
    """A page image whose three lines strip rejoins into one paragraph, with the left word
    "Qwertz" on its second line: the batch, the word's left id and its left.jsonl record."""
    from test_review_web import draw_page

    lines = [
        "The Ambassador met the Foreign Minister on Tuesday",
        "to discuss the border talks, and Mr. Qwertz said",
        "the talks would go on.",
    ]
    b = Batch(tmp_path)
    draw_page(lines).save(b.scans / "memo.png", dpi=(100, 100))
    fake_ocr["memo.png"] = "\n".join(lines)
    b.run()
    (row,) = _left(b, b.doc("memo"))
    left = json.loads((b.doc("memo") / "left.jsonl").read_text(encoding="utf-8"))
    assert (left["original"], left["line"]) == ("Qwertz", 1) and left["bbox"] is not None
    assert "\n" not in (b.doc("memo") / "stripped.txt").read_text().strip()  # one paragraph
    return b, row[0], left


def test_a_decided_left_word_keeps_its_page_line_and_box(tmp_path, fake_ocr) -> None:
    """The record a decision on a left word gets in ``corrections.jsonl`` says where the word
    is as every other record does: the 0-based line on its page and its box on the page image,
    not a line counted in ``stripped.txt`` (where the page's lines are one paragraph) and no
    box. Synthetic page (fake engine: ``tests/fake_engine.py``); after ``decide`` and after a
    re-run, which write the record each on its own path (the same bytes)."""
    b, left_id, left = _scanned_left_word(tmp_path, fake_ocr)
    assert b.decide("memo", left_id, "reject").exit_code == 0
    after_decide = b.records("memo")
    b.run()
    assert b.records("memo") == after_decide
    (record,) = [r for r in after_decide if r["original"] == "Qwertz"]
    assert (record["page"], record["line"], record["bbox"]) == (1, 1, left["bbox"])


def test_a_decision_keeps_its_place_in_the_log_and_an_old_log_still_reads() -> None:
    """``page_line`` and ``bbox`` travel in the log line; a log line of before session 29 has
    neither, and the record made from it counts its line in the text, with no box, as before;
    so does a decision whose word is found on another page than the one it was made on.
    Synthetic text."""
    from pipeline.core.records import BBox
    from pipeline.review.decisions import Action, Decision
    from pipeline.review.resolve import _synthetic

    d = Decision(
        "d1", "memo", "left-3", "Qwertz", "Mr. Qwertz said", Action.REJECT, page=2,
        page_line=4, bbox=BBox(10, 20, 30, 12),
    )  # fmt: skip
    line = d.to_dict()
    assert (line["page_line"], line["bbox"]) == (4, [10, 20, 30, 12])
    assert Decision.from_dict(json.loads(json.dumps(line))) == d
    old = Decision.from_dict({k: v for k, v in line.items() if k not in ("page_line", "bbox")})
    assert (old.page_line, old.bbox) == (None, None)

    text = "a first page\fthe talks\nMr. Qwertz said"
    start = text.index("Qwertz")
    args = (start, start + 6, "Mr. Qwertz said")
    made = _synthetic(text, d, *args, taken_ids=set())
    assert (made.page, made.line, made.bbox) == (2, 4, BBox(10, 20, 30, 12))
    made = _synthetic(text, old, *args, taken_ids=set())
    assert (made.page, made.line, made.bbox) == (2, 1, None)
    moved = "the talks\nMr. Qwertz said\fa second page"  # the word is on page 1 now
    start = moved.index("Qwertz")
    made = _synthetic(moved, d, start, start + 6, "Mr. Qwertz said", taken_ids=set())
    assert (made.page, made.line, made.bbox) == (1, 1, None)
