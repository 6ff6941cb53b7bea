"""A page whose final reading is mostly words Tesseract doubts is flagged; good pages are not.

Fixtures are synthetic. The doubted reading is the dev sweep's faint class (``bench.sweep``'s
``DEV_GRID`` face, FreeMono, under the dev photocopy at paper 155 / ink 145: a full page of it
ended "ok" at 81 % WER), four lines rendered as the sweep renders a cell and read by the real
Tesseract after the ``LINES`` treatment, the one that page's hard search chose. The good page is
typed cable header lines full of codes, tags, names and numbers (``render_lines``), read by the
real Tesseract. The batch wiring (placeholder, reading kept, a page with a few bad lines left
to the correction stage) uses the fake engine at the confidences each test gives.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from test_manual_pages import GOOD_1, _run

from pipeline import engines
from pipeline.core.config import OcrSettings
from pipeline.core.enums import DocKind, Treatment
from pipeline.core.records import PageRef, manual_mark
from pipeline.stages.legible import MANUAL_UNSURE, doubt, unsure_page
from pipeline.stages.ocr import ocr_page
from pipeline.stages.reading import Reader
from tests.conftest import render_lines

FAINT = """The Ambassador called on the Foreign Minister this morning to
review the state of the border talks and the schedule for the next
round in Geneva. The Minister said his government would send a
delegation led by the deputy minister and asked that our side name"""

CODES = [
    "E.O. 12958: DECL: 08/04/02",
    "TAGS: PREL, PGOV, AJ, AM, OSCE",
    "REF: (A) STATE 123456 (B) BAKU 02117",
    "Ter-Petrossian met Aliyev in Lachin and Shusha;",
    "CIA-RDP99T00225A000603440017 / 104-10185-10111",
]


def test_a_faint_page_read_into_word_shapes_is_flagged_with_what_was_measured(
    tmp_path: Path,
) -> None:
    from bench.sweep import _FREEMONO, DEV_GRID, Cell, render_cell

    base = next(c for label, c in DEV_GRID["contrast"] if label == "paper 156 ink 140")
    cell = Cell(_FREEMONO, degradation=replace(base.degradation, paper=155, ink=145))
    image = render_cell(FAINT, cell, seed=2).convert("L")
    path = tmp_path / "faint.png"
    image.save(path, dpi=(300, 300))
    ref = PageRef("faint", 1, path, DocKind.IMAGE)
    reader = Reader(engines.get("tesseract"), OcrSettings(), ref, 300)
    reading = reader.read(image, Treatment.LINES, 0, "test")
    assert reading is not None and reading.attempt.words >= 20  # shaped like words
    d = doubt(reading.lines)
    assert d.bound > MANUAL_UNSURE, d
    reason = unsure_page(reading.lines, reading.attempt, 7)
    assert reason is not None
    assert reason.startswith(
        f"Tesseract is unsure of {d.unsure} of the {d.words} words it read (best of 7 "
        "readings; below confidence 70)"
    )
    assert f"at least {d.bound:.0%} by the Wilson bound" in reason
    assert f"{d.bad_lines} of {d.lines} lines" in reason and "word-like" in reason


def test_a_good_page_of_names_codes_and_numbers_is_not_flagged(tmp_path: Path) -> None:
    path = tmp_path / "codes.png"
    render_lines(CODES, dpi=300).save(path, dpi=(300, 300))
    page = ocr_page(PageRef("codes", 1, path, DocKind.IMAGE), OcrSettings())
    assert page.status.value == "ok" and page.reason is None, page.reason
    assert "Petrossian" in page.text and "Lachin" in page.text and "12958" in page.text
    assert doubt(page.lines).bound <= MANUAL_UNSURE / 2


# Word-shaped words, as a faint page's strokes drawn by a treatment read: each at confidence
# 55 (above the older test's 45, word-like), most of a page.
def _at(text: str, conf: int) -> str:
    """``text`` as the fake engine's line of words each read at ``conf``."""
    return " ".join(f"{w}~{conf}" for w in text.split(" "))


DOUBTED = [
    _at("The Ambassador cailed on tbe Foreign Minister this", 55),
    _at("morning to revlew tne state of the border talks", 62),
    _at("and the scheduie fer the next round in Genewa", 58),
]


def test_a_page_mostly_doubted_is_a_placeholder_and_its_reading_is_kept(
    tmp_path: Path, fake_ocr: dict[str, str]
) -> None:
    doc = _run(tmp_path, fake_ocr, [GOOD_1, DOUBTED])
    page = json.loads((doc / "pages" / "0002.json").read_text())
    assert page["status"] == "manual"
    reason = page["reason"]
    assert reason.startswith("Tesseract is unsure of 26 of the 26 words it read")
    assert "3 of 3 lines mostly such words" in reason
    assert [line["text"] for line in page["lines"]] == [manual_mark(2, reason)]
    assert page["reading"][0]["text"].startswith("The Ambassador cailed")
    raw = (doc / "raw.txt").read_text().split("\f")
    assert raw[1].strip() == manual_mark(2, reason) and "revlew" not in "".join(raw)
    assert "Foreign Minister" in raw[0]  # the good page stays

    # The sweep scores the flagged page as empty and, beside it, what its reading was.
    from bench.sweep import readings, table

    kept = readings(doc).split("\f")
    assert kept[1].startswith("The Ambassador cailed") and "Foreign Minister" in kept[0]
    cell = {"level": "paper 155 ink 145", "ocr_wer": 1.0, "end_to_end_wer": 1.0}
    cell |= {"failed": [], "flagged": ["a"], "read_wer": 0.81}
    result = {"split": "dev", "texts": ["a"], "words_per_text": 130, "rows": {"c": [cell]}}
    result["baseline"] = {"ocr_wer": 0.01, "end_to_end_wer": 0.01}
    assert "paper 155 ink 145: 100.0% / 100.0% (1 flagged; read 81.0%)" in table(result)


def test_a_page_with_a_few_doubted_lines_among_good_ones_is_kept(
    tmp_path: Path, fake_ocr: dict[str, str]
) -> None:
    """Long stretches of good text are what a historian cites: the page is not flagged (its
    bad line is the correction stage's, one "transcribe by hand" item)."""
    good = [
        "The Ambassador met the Foreign Minister on Tuesday to discuss",
        "the border talks and the schedule for the next round in Geneva.",
        "Both sides agreed to meet again next week in Geneva, and the",
        "Minister asked that our side name its delegation by Friday.",
    ]
    doc = _run(tmp_path, fake_ocr, [[*good[:2], DOUBTED[0], *good[2:]]])
    page = json.loads((doc / "pages" / "0001.json").read_text())
    assert page.get("status", "ok") == "ok", page.get("reason")
    assert "Ambassador cailed" in (doc / "raw.txt").read_text()
