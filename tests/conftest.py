"""Shared fixtures: small real page images (rendered here, or blank), the fake OCR engine."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

DATA = Path(__file__).parent / "data"

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/freefont/FreeMono.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONT_CANDIDATES:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def render_lines(lines: list[str], *, dpi: int = 200, width_in: float = 6.5) -> Image.Image:
    """A tight crop of typewritten lines: small enough for Tesseract to read in a second."""
    size = round(12 / 72 * dpi)  # 12 pt
    lead = round(size * 1.6)
    margin = round(0.3 * dpi)
    img = Image.new("L", (round(width_in * dpi), margin * 2 + lead * len(lines)), 255)
    draw = ImageDraw.Draw(img)
    font = _font(size)
    for i, text in enumerate(lines):
        draw.text((margin, margin + i * lead), text, font=font, fill=0)
    return img


@pytest.fixture
def make_image(tmp_path: Path):
    """Write a small page image with the given lines; returns its path."""

    def make(name: str, lines: list[str], *, dpi: int = 200, fmt: str | None = None) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        img = render_lines(lines, dpi=dpi)
        img.save(path, format=fmt, dpi=(dpi, dpi))
        return path

    return make


SAMPLE_LINES = [
    "SUBJECT: LETTER FROM DEPUTY SECRETARY TALBOTT",
    "The visit confirmed the progress we have made",
    "in the last few months on Nagorno-Karabakh.",
]


@pytest.fixture
def fake_ocr() -> Iterator[dict[str, str]]:
    """The fake OCR engine (``tests/fake_engine.py``) registered as "fake" for this test.

    Yields the page texts the engine "reads", keyed by page file name (``memo.png``,
    ``scan.tif#1`` for a TIFF's second frame); fill it in before the run. Select the engine with
    ``RunConfig(ocr=OcrSettings(engine="fake"))``. OCR worker processes are forked from the test
    process, so ``jobs=2`` uses it too; a subprocess (``python -m pipeline``) does not.
    """
    from pipeline import engines
    from tests.fake_engine import FakeEngine

    pages: dict[str, str] = {}
    engines.register("fake", lambda: FakeEngine(pages))
    try:
        yield pages
    finally:
        engines.unregister("fake")


@pytest.fixture
def blank_page(tmp_path: Path):
    """Write a small blank (white) page image; returns its path. For the fake engine, which
    only needs a real image file to ingest, clean up and lay its words out on.

    ``frames`` > 1 writes a multi-frame TIFF (name it ``*.tif``). Every page carries a faint
    mark made from its name and frame: the OCR cache is keyed by the image, not its name, and
    two identical blanks would share one cache entry (and so one fake text).
    """

    def make(
        name: str, *, size: tuple[int, int] = (300, 200), frames: int = 1, dpi: int = 150
    ) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        images = []
        for frame in range(frames):
            img = Image.new("L", size, 255)
            mark = hashlib.sha256(f"{name}#{frame}".encode()).digest()
            for x in range(min(size[0], len(mark))):
                img.putpixel((x, 0), 250 + mark[x] % 5)
            images.append(img)
        images[0].save(path, dpi=(dpi, dpi), save_all=frames > 1, append_images=images[1:])
        return path

    return make


@pytest.fixture(scope="session")
def lexicon():
    """The project's real dictionaries (``dictionaries/``) and its default index cache
    (``.cache/foia-clean``): loaded once for the whole test session."""
    from pipeline.lexicon import Lexicon

    return Lexicon.load(Path(__file__).parent.parent / "dictionaries")
