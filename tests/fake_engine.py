"""A fake OCR engine for tests that need pages but not real OCR (synthetic, by design).

OCRmyPDF's habit: swap the engine, not the world. The pages are real image files that go through
the real ingest, clean-up, runner, cache and outputs; only the recognition is replaced by text the
test supplies, keyed by the page's file name (``name.png``; ``name.tif#1`` for the second
frame of a TIFF or page of a PDF: ``#`` and the 0-based index). A page with no entry has no text.
A word written ``word~40`` gets OCR confidence 40 (default 95); a page whose text is ``!fail``
fails with an ``OcrError``, like a Tesseract crash; a line ``!warn <text>`` is not text but one
of the page's warnings (like Tesseract's stderr); a line ``!die-once <marker path>`` kills the
worker process outright the first time (an out-of-memory kill, a native crash), leaving the
marker file so that the retry reads the page's text. Word boxes are laid out on a grid in the page
image's pixels, so crops and positions have real boxes to work with.

Use it through the ``fake_ocr`` fixture (``tests/conftest.py``), which registers it as "fake"
for ``OcrSettings(engine="fake")``; OCR worker processes are forked, so ``--jobs 2`` sees it, and
the Dask executor registers it on its workers.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from PIL import Image

from pipeline.core.config import OcrSettings
from pipeline.core.errors import OcrError
from pipeline.core.records import BBox, Line, PageRef, Word
from pipeline.engines import EngineInfo, Recognized

DEFAULT_CONF = 95.0
WARN = "!warn "
DIE_ONCE = "!die-once "


class FakeEngine:
    name = "fake"

    def __init__(self, pages: Mapping[str, str]) -> None:
        self.pages = pages

    def check(self, lang: str) -> EngineInfo:
        return EngineInfo("fake", "1.0", tuple(lang.split("+")), {})

    def recognize(
        self, image: Image.Image, *, dpi: int, settings: OcrSettings, page: PageRef
    ) -> Recognized:
        key = page.path.name if page.index == 0 else f"{page.path.name}#{page.index}"
        text = self.pages.get(key, "")
        if text == "!fail":
            raise OcrError(f"fake engine: {key} fails")
        rows = text.split("\n")
        for row in rows:
            if row.startswith(DIE_ONCE):
                marker = Path(row[len(DIE_ONCE) :].strip())
                if not marker.exists():
                    marker.touch()
                    os._exit(1)
        rows = [r for r in rows if not r.startswith(DIE_ONCE)]
        warnings = tuple(r[len(WARN) :].strip() for r in rows if r.startswith(WARN))
        text = "\n".join(r for r in rows if not r.startswith(WARN))
        return Recognized(_layout(text, image.width, image.height), warnings)


def _layout(text: str, width: int, height: int) -> tuple[Line, ...]:
    """Lines of words on a grid: one text line per row, a blank line between paragraphs."""
    rows = [r for r in text.split("\n")]
    step = max(1, height // (len(rows) + 1))
    char = max(1, width // 100)
    lines: list[Line] = []
    block, par = 1, 1
    for i, row in enumerate(rows):
        if not row.strip():
            if lines and not lines[-1].is_blank:
                par += 1
                lines.append(Line(text="", block=block, par=par, line=0))
            continue
        words: list[Word] = []
        x = char
        for token in row.split():
            word, _, conf = token.partition("~")
            box = BBox(min(x, width - 1), min(i * step, height - 1), char * len(word), step // 2)
            words.append(Word(word, float(conf) if conf else DEFAULT_CONF, box))
            x += char * (len(word) + 1)
        lines.append(
            Line(" ".join(w.text for w in words), tuple(words), block=block, par=par, line=i)
        )
    return tuple(lines)
