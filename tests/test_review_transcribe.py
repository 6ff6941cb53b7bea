"""A page flagged for manual transcription, typed by a reviewer: kept as a decision, applied on
every run while the page's pixels are the same, stale when the scan changes, undone by
``forget``. Synthetic pages (``test_manual_pages._run``: drawn words the fake engine reads);
the browser test is ``test_review_web_transcribe.py``.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from test_manual_pages import GARBAGE, GOOD_1, GOOD_3, _run

from pipeline.review import ReviewStore
from pipeline.review.outputs import load_output, refresh
from pipeline.review.transcribe import record_transcription

TYPED = "The Embassy reports that the talks\nwill resume on Monday."


def _transcribe(doc: Path, reviews: Path, page: int = 2, text: str = TYPED):
    out = load_output(doc)
    (flagged,) = [p for p in out.flagged if p.number == page]
    return record_transcription(ReviewStore(reviews), out.name, flagged, "x", text)


def test_smoke(tmp_path: Path, fake_ocr: dict[str, str]) -> None:
    doc = _run(tmp_path, fake_ocr, [GOOD_1, GARBAGE, GOOD_3])
    meta = json.loads((doc / "metadata.json").read_text())
    print(meta["review"])
    d = _transcribe(doc, tmp_path / "reviews")
    refresh(doc, ReviewStore(tmp_path / "reviews"))
    print((doc / "clean.txt").read_text())
    print((doc / "corrections.jsonl").read_text()); print(json.loads((doc / "metadata.json").read_text())["review"]); print(repr((doc / "stripped.txt").read_text()))
