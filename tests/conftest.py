"""Shared fixtures: small real page images (rendered here) and a seed-text fixture."""

from __future__ import annotations

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
