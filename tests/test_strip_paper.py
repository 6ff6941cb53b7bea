"""Page bands measured on the paper, not the image (``pipeline.stages.paper``, ``Page.paper``).

All images here are synthetic: a page rendered with PIL and pasted onto a larger dark
background, as a phone photo of a page or a scan with a dark border shows it (the class found
by a new-user try in session 29: a photo's "CONFIDENTIAL" at 9 % of its paper but 12 % of the
image stayed in the text). The end-to-end test reads the page with the real Tesseract.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from pipeline.core.config import OcrSettings
from pipeline.core.records import BBox, Line, Page, PageSource, Word
from pipeline.stages import ingest
from pipeline.stages.ocr import ocr_page
from pipeline.stages.paper import paper_box, paper_in_frame
from pipeline.stages.strip import StripConfig, strip
from tests.conftest import _font

# -- paper_box on arrays ---------------------------------------------------------------------


def framed(h: int = 400, w: int = 300, frame: tuple[int, int, int, int] = (40, 20, 60, 30)):
    """A grey-70 image with white paper inside a frame (top, left, bottom, right in px)."""
    img = np.full((h, w), 70, np.uint8)
    top, left, bottom, right = frame
    img[top : h - bottom, left : w - right] = 235
    return img


def test_a_dark_frame_gives_the_papers_box():
    assert paper_box(framed()) == BBox(20, 40, 250, 300)


def test_paper_that_fills_the_image_gives_none():
    img = np.full((400, 300), 240, np.uint8)
    img[100:110, 40:260] = 0  # a line of type: ink is sparse in its rows
    assert paper_box(img) is None


def test_rows_of_ink_across_the_paper_do_not_cut_it():
    # Rules or dense type across the page: dark rows inside the paper, no long paper run.
    img = framed()
    img[60:340:12, 30:260] = 0
    assert paper_box(img) == BBox(20, 40, 250, 300)


def test_a_deskewed_photos_corner_wedges_are_not_paper():
    # Deskewing a photo turns its frame too; the corners it opens are filled black here (the
    # page's own deskew fills them with the paper's level: rows of "paper" above the frame).
    img = framed(h=600, w=475, frame=(15, 15, 35, 35))
    found = paper_in_frame(Image.fromarray(img), 0, 5.0)
    assert found is not None and 15 <= found.top <= 25 and 555 <= found.bottom <= 570


def test_a_redaction_block_under_the_pages_first_line_is_not_frame():
    # A release's page mostly withheld (the FBI's FISA pages 10-18 in tests/data/redactions):
    # a banner line of paper at the top, then a block wider than half the page.
    img = np.full((400, 300), 235, np.uint8)
    img[8:12, 100:200] = 0  # the banner's type
    img[30:250, 20:280] = 0
    assert paper_box(img) is None


def test_a_thin_dark_edge_is_the_scans_own_edge_not_a_frame():
    assert paper_box(framed(frame=(2, 0, 0, 0))) is None


def test_too_little_paper_is_no_page():
    assert paper_box(framed(frame=(150, 20, 150, 30))) is None


def test_colour_images_use_their_darkest_channel():
    # A red table top is bright in its red channel, dark in the others.
    rgb = np.stack([framed()] * 3, axis=2)
    rgb[rgb[..., 0] == 70] = (200, 40, 40)
    assert paper_box(rgb) == BBox(20, 40, 250, 300)


# -- the bands of the strip stage ------------------------------------------------------------


def boxed(text: str, top: int) -> Line:
    words, x = [], 200
    for token in text.split():
        words.append(Word(token, 92.0, BBox(x, top, 20 * len(token), 30)))
        x += 20 * len(token) + 20
    return Line(text, tuple(words))


def photo_page(frame_top: int, lines: list[tuple[str, int]], paper_h: int = 2000) -> Page:
    """A page image 3000 px high whose paper starts ``frame_top`` px down (lines: text and top
    in paper pixels)."""
    return Page(
        1,
        tuple(boxed(t, frame_top + y) for t, y in lines),
        PageSource.OCR,
        width=2400,
        height=3000,
        dpi=300,
        paper=BBox(100, frame_top, 2000, paper_h),
    )


BODY = [
    ("The ambassador met the minister on Tuesday and they went over the", 400),
    ("draft once more before the delegations arrived in the afternoon.", 460),
    ("Both sides agreed that the text would be released on Friday.", 520),
]


def test_a_banner_near_the_papers_top_goes_though_low_in_the_image():
    # 6 % of the paper, 18 % of the image: in the top band only when measured on the paper.
    result = strip([photo_page(420, [("CONFIDENTIAL", 120), *BODY])], StripConfig())
    assert [r.text for r in result.removals] == ["CONFIDENTIAL"]
    assert "top band 6%" in result.removals[0].evidence
    assert "ambassador met" in result.text


def test_the_band_is_a_share_of_the_papers_height_not_the_images():
    # 11 % of a 2,000-px paper, under a 420-px frame: out of the band (the image's 10 % of
    # 3,000 px counted from the paper's top would take it).
    page = photo_page(420, [("CONFIDENTIAL", 220), *BODY])
    assert "CONFIDENTIAL" in strip([page], StripConfig()).text


def test_a_page_number_near_the_papers_foot_goes_though_high_in_the_image():
    # The paper ends at 2,000 of 3,000 px: its foot is at 66 % of the image.
    lines = [*BODY, ("- 2 -", 1950)]
    result = strip([photo_page(0, lines)], StripConfig())
    assert "- 2 -" not in result.text
    assert result.removals[0].evidence == ("pattern dashed-page-number", "bottom band 99%")


# -- end to end: a rendered page on a dark background, read by Tesseract -------------------------


def render_photo(path: Path) -> None:
    """A 100-dpi page (850 x 1100 px paper) on a grey-60 background: 150 px above it, 200 below,
    80 at the sides. Banner at 5 % of the paper (14 % of the image), page number at 95 %
    of the paper (84 % of the image), the first body line at 12 % of the paper."""
    dpi, font = 100, _font(17)
    sheet = Image.new("L", (850, 1100), 240)
    draw = ImageDraw.Draw(sheet)
    draw.text((100, 55), "CONFIDENTIAL", font=font, fill=0)
    body = [
        "The first paragraph begins close to the top of the paper and",
        "goes on for several lines about the talks held in Geneva last",
        "week, which both delegations described as useful and frank.",
        "The second session will open in April if the drafts are ready.",
    ]
    for i, text in enumerate(body):
        draw.text((100, 130 + 30 * i), text, font=font, fill=0)
    draw.text((415, 1040), "2", font=font, fill=0)
    photo = Image.new("L", (850 + 160, 1100 + 350), 60)
    photo.paste(sheet, (80, 150))
    photo.save(path, dpi=(dpi, dpi))


@pytest.fixture(scope="module")
def photo_read(tmp_path_factory) -> Page:
    path = tmp_path_factory.mktemp("photo") / "photo.png"
    render_photo(path)
    ref = ingest.page_refs(ingest.discover([path])[0][0])[0]
    return ocr_page(ref, OcrSettings())


def test_the_ocr_stage_finds_the_paper_in_a_photo(photo_read: Page):
    # Read binarised: the box comes from the grey pixels, where the background is not paper.
    assert any(step.startswith("binarise") for step in photo_read.preprocessing)
    assert photo_read.paper is not None
    assert abs(photo_read.paper.top - 150) <= 8 and abs(photo_read.paper.bottom - 1250) <= 8
    assert Page.from_dict(photo_read.to_dict()).paper == photo_read.paper


def test_banner_and_page_number_go_and_the_first_body_line_stays(photo_read: Page):
    result = strip([photo_read], StripConfig())
    assert "CONFIDENTIAL" not in result.text
    assert not any(ln.strip() == "2" for ln in result.text.splitlines())
    assert "The first paragraph begins" in result.text
    assert "April" in result.text


def test_measured_on_the_image_the_banner_would_stay(photo_read: Page):
    # The guard's own test: the same page without its paper box keeps the banner.
    from dataclasses import replace

    assert "CONFIDENTIAL" in strip([replace(photo_read, paper=None)], StripConfig()).text


def turn_black(img: np.ndarray, deskew: float) -> np.ndarray:
    h, w = img.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), deskew, 1.0)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=0)


def test_the_paper_in_the_readings_frame_is_the_paper_of_the_turned_pixels():
    # Turned and deskewed at the sampled size: the same box as turning the whole page first.
    img = framed(h=1200, w=900, frame=(120, 60, 180, 90))
    for rotation, deskew in ((0, 0.0), (90, 0.0), (270, 1.5), (180, -2.0)):
        turned = np.ascontiguousarray(np.rot90(img, k=-(rotation // 90) % 4))
        whole = paper_box(turn_black(turned, deskew) if deskew else turned)
        found = paper_in_frame(Image.fromarray(img), rotation, deskew)
        assert whole is not None and found is not None
        for a, b in zip(found.to_list(), whole.to_list(), strict=True):
            assert abs(a - b) <= 6, (rotation, deskew, found, whole)
