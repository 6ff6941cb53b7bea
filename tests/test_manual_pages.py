"""A page flagged for manual transcription puts no garbage into the text a reader searches.

OCR flags a page whose best reading does not look like text (``stages.ocr``: mean confidence
below ``MANUAL_CONF`` or too few word-like words). Such a page's text in raw.txt, stripped.txt,
clean.txt and the search index is one line naming the page and the reason
(``records.manual_mark``); what OCR read there is kept in ``pages/NNNN.json`` under
``reading`` and the page is listed in metadata.json. The pages here are synthetic: drawn words
read by the fake engine (``tests/fake_engine.py``) at the confidences the test gives; the real
Tesseract case (a page too faint for any treatment) is in ``test_pageimage.py``.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from PIL import ImageDraw
from test_review import ROOT
from test_review_web import draw_page

from pipeline.core.config import OcrSettings, RunConfig
from pipeline.core.enums import PageStatus
from pipeline.core.records import Line, Page, Word, manual_mark, pages_text
from pipeline.runner import run_batch

GOOD_1 = ["The Ambassador met the Foreign Minister on Tuesday", "to discuss the border talks."]
GOOD_3 = ["Both sides agreed to meet again next week", "in Geneva."]
# Garbage as OCR reads noise: every word at confidence 30 (below MANUAL_CONF, 45).
GARBAGE = ["~30 ".join(["sdoi6", ",u|l", "lIl1", "xq", "brnw", "tqe"]) + "~30"] * 2


def _run(tmp_path: Path, fake_ocr: dict[str, str], pages: list[list[str]], bar: int = 0) -> Path:
    """A document of one page image per entry of ``pages`` (a folder), run with the fake
    engine, a black bar drawn on page ``bar``; returns its output folder."""
    folder = tmp_path / "scans" / "cable"
    folder.mkdir(parents=True)
    for n, lines in enumerate(pages, 1):
        # Each page drawn with its own text, so no two page images (and OCR cache keys) agree.
        image = draw_page([*lines, f"p{n}"])
        if n == bar:
            ImageDraw.Draw(image).rectangle((100, 300, 400, 330), fill=0)
        image.save(folder / f"p-{n}.png", dpi=(100, 100))
        fake_ocr[f"p-{n}.png"] = "\n".join(lines)
    out = tmp_path / "out"
    report = run_batch(
        [tmp_path / "scans"],
        RunConfig(
            out_dir=out,
            reviews=tmp_path / "reviews",
            ocr=OcrSettings(engine="fake"),
            jobs=1,
            dictionaries=ROOT / "dictionaries",
        ),
    )
    assert [(d.name, d.status) for d in report.documents] == [("cable", "done")]
    return out / "cable"


def test_a_flagged_page_is_a_placeholder_in_every_text_and_its_reading_is_kept(
    tmp_path: Path, fake_ocr: dict[str, str]
) -> None:
    doc = _run(tmp_path, fake_ocr, [GOOD_1, GARBAGE, GOOD_3])
    page = json.loads((doc / "pages" / "0002.json").read_text())
    assert page["status"] == "manual"
    reason = page["reason"]
    assert reason.startswith("no reading looks like text")
    mark = manual_mark(2, reason)
    assert [line["text"] for line in page["lines"]] == [mark]
    assert [line["text"] for line in page["reading"]] == [g.replace("~30", "") for g in GARBAGE]

    raw = (doc / "raw.txt").read_text().split("\f")
    assert raw[1] == mark and "sdoi6" not in "".join(raw)
    for name in ("stripped.txt", "clean.txt"):
        text = (doc / name).read_text()
        assert f"\n\n{mark}\n\n" in text, name  # a paragraph of its own
        assert "sdoi6" not in text and "lIl1" not in text, name
        assert "Foreign Minister" in text and "Geneva" in text, name  # the good pages stay
    meta = json.loads((doc / "metadata.json").read_text())
    assert meta["page_status"] == {"2": {"status": "manual", "reason": reason}}
    (listed,) = meta["manual_transcription"]
    assert listed["page"] == 2 and listed["reason"] == f"flagged by OCR: {reason}"
    assert listed["words"] == 12  # the words OCR read there, not the placeholder's
    assert not any(r["page"] == 2 for r in map(json.loads, _lines(doc / "removed.jsonl")))
    assert _lines(doc / "corrections.jsonl") == []  # nothing proposed on the placeholder
    # The search index holds the placeholder, not the garbage.
    with sqlite3.connect(doc.parent / "index.sqlite") as db:
        found = db.execute("SELECT count(*) FROM pages WHERE pages MATCH 'sdoi6'").fetchone()
        flagged = db.execute("SELECT count(*) FROM pages WHERE pages MATCH 'TRANSCRIPTION'")
        assert found == (0,) and flagged.fetchone() == (1,)


def test_flagged_pages_in_a_row_each_keep_their_placeholder(
    tmp_path: Path, fake_ocr: dict[str, str]
) -> None:
    """Placeholders alike on most pages are not a running header for the strip stage."""
    doc = _run(tmp_path, fake_ocr, [GARBAGE, GARBAGE, GARBAGE, GOOD_3])
    stripped = (doc / "stripped.txt").read_text()
    paragraphs = stripped.split("\n\n")
    assert [p.split(":")[:2] for p in paragraphs[:3]] == [
        ["[MANUAL TRANSCRIPTION NEEDED", f" page {n}"] for n in (1, 2, 3)
    ]
    assert paragraphs[3].startswith("Both sides agreed")


def test_a_redaction_box_on_a_flagged_page_is_in_the_metadata_not_in_its_text(
    tmp_path: Path, fake_ocr: dict[str, str]
) -> None:
    doc = _run(tmp_path, fake_ocr, [GOOD_1, GARBAGE], bar=2)
    meta = json.loads((doc / "metadata.json").read_text())
    assert [r["style"] for r in meta["redactions"]["2"]] == ["black-bar"]
    stripped = (doc / "stripped.txt").read_text()
    assert "[REDACTED]" not in stripped  # the placeholder stands for the whole page
    assert stripped.endswith(
        "talks.\n\n" + manual_mark(2, meta["page_status"]["2"]["reason"]) + "\n"
    )


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text().splitlines() if line]


def test_a_flagged_page_record_round_trips_and_its_text_is_the_mark() -> None:
    read = (Line("sdoi6 ,u|l", (Word("sdoi6", 30.0), Word(",u|l", 20.0))),)
    page = Page(number=4, lines=read).flagged("no reading looks like text")
    assert page.status is PageStatus.MANUAL and page.reading == read
    assert page.text == "[MANUAL TRANSCRIPTION NEEDED: page 4: no reading looks like text]"
    assert pages_text([page]) == page.text
    assert Page.from_dict(json.loads(json.dumps(page.to_dict()))) == page
    assert "reading" not in Page(number=1, lines=read).to_dict()  # only flagged pages have one


def test_the_sweep_scores_a_flagged_page_as_empty_and_says_it_was_flagged() -> None:
    from bench.metrics import word_errors
    from bench.sweep import table, unflagged

    mark = manual_mark(2, "no reading looks like text (best of 9: mean confidence 30.0)")
    text, marks = unflagged(f"The talks began.\f{mark}\fThey ended.")
    assert marks == 1 and text == "The talks began.\f\fThey ended."
    # The flagged page's three words are missed; the mark adds no error of its own.
    assert word_errors(text, "The talks began. a b c They ended.").edits == 3
    assert unflagged("no marks here\n") == ("no marks here\n", 0)
    cell = {"level": "paper 155 ink 145", "ocr_wer": 1.0, "end_to_end_wer": 1.0}
    result = {
        "split": "dev",
        "texts": ["a", "b"],
        "words_per_text": 130,
        "baseline": {"ocr_wer": 0.01, "end_to_end_wer": 0.01},
        "rows": {"contrast": [{**cell, "failed": [], "flagged": ["a", "b"]}]},
    }
    assert "paper 155 ink 145: 100.0% / 100.0% (2 flagged)" in table(result)
