"""A one-page scan's banner below the top band (above the bottom band) goes by how it is set:
the page's first (last) line by its boxes, a level alone, centred, set apart (``edge_banners``);
and a banner in the band that shares its row with a control number or date goes as a span
(``row_banners``).

The class was found by a fresh user in session 35 (a one-page image kept its "UNCLASSIFIED"),
not from any corpus document. All pages here are synthetic: word boxes made by hand for the
guards, and one page rendered with PIL and read by the real Tesseract for the whole path.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from pipeline.core.config import OcrSettings
from pipeline.core.records import BBox, Line, Page, PageSource, Word
from pipeline.stages import ingest
from pipeline.stages.ocr import ocr_page
from pipeline.stages.strip import StripConfig, strip
from tests.conftest import _font

HEIGHT, WIDTH = 3300, 2550  # letter at 300 dpi
CHAR = 25  # px per character of the boxed lines


def boxed(text: str, top: int, left: int | None = None) -> Line:
    """A line of words with boxes; centred on the page when ``left`` is None."""
    if left is None:
        left = (WIDTH - CHAR * len(text)) // 2
    words, x = [], left
    for token in text.split():
        words.append(Word(token, 91.0, BBox(x, top, CHAR * len(token), 40)))
        x += CHAR * (len(token) + 1)
    return Line(text, tuple(words))


BODY = [
    "MEMORANDUM FOR THE RECORD",
    "The ambassador met the minister on Tuesday and they went over the",
    "draft once more before the delegations arrived in the afternoon.",
    "Both sides agreed that the text would be released on Friday.",
]


def page(head: list[Line], body_top: int = 600, foot: list[Line] = ()) -> Page:
    body = [boxed(t, body_top + 70 * i, left=300) for i, t in enumerate(BODY)]
    lines = (*head, *body, *foot)
    return Page(1, tuple(lines), PageSource.OCR, width=WIDTH, height=HEIGHT, dpi=300)


def kept(p: Page) -> str:
    return strip([p], StripConfig()).text


def test_a_centred_level_set_apart_above_the_text_goes_below_the_band():
    # 12 % down: out of the 10 % band; 4.5 lines of space above the memo's first line.
    result = strip([page([boxed("UNCLASSIFIED", 400)])], StripConfig())
    assert [r.text for r in result.removals if r.kind == "banner"] == ["UNCLASSIFIED"]
    assert "first line of the page by its boxes, 12% down" in result.removals[0].evidence[1]
    assert result.text.startswith("MEMORANDUM FOR THE RECORD")


def test_the_foot_banner_goes_too():
    result = strip([page([], foot=[boxed("SECRET", 2900)])], StripConfig())
    assert [r.text for r in result.removals if r.kind == "banner"] == ["SECRET"]
    assert "last line of the page" in result.removals[0].evidence[1]


def test_a_level_at_the_texts_left_margin_stays():
    assert "UNCLASSIFIED" in kept(page([boxed("UNCLASSIFIED", 400, left=300)]))


def test_a_level_with_no_space_under_it_stays():
    # At the body's own line pitch: one line of the text, not a banner set apart.
    assert "SECRET" in kept(page([boxed("SECRET", 560)]))


def test_a_level_deep_in_the_page_stays():
    # 40 % down: the first line of a short page, but no longer at the page's edge.
    assert "SECRET" in kept(page([boxed("SECRET", 1320)], body_top=1500))


def test_a_level_under_another_line_stays():
    # A heading line above it: the level is not the page's first line.
    head = [boxed("OFFICE OF THE DEPUTY SECRETARY", 300), boxed("SECRET", 420)]
    assert "SECRET" in kept(page(head, body_top=560))


def test_a_level_as_a_forms_value_stays():
    head = [boxed("CLASSIFICATION", 300, left=300), boxed("SECRET", 420)]
    assert "SECRET" in kept(page(head, body_top=560))


def row(level: str, other: str, top: int, left: int | None = None, right: int = 2000) -> Line:
    """A band row: ``level`` centred (or at ``left``), ``other`` at the right margin (from x
    ``right``)."""
    x = (WIDTH - CHAR * len(level)) // 2 if left is None else left
    words = []
    for token in level.split():
        words.append(Word(token, 91.0, BBox(x, top, CHAR * len(token), 40)))
        x += CHAR * (len(token) + 1)
    x = right
    for token in other.split():
        words.append(Word(token, 91.0, BBox(x, top, CHAR * len(token), 40)))
        x += CHAR * (len(token) + 1)
    return Line(f"{level} {other}", tuple(words))


def test_a_banner_sharing_its_row_with_a_control_number_goes_and_the_number_stays():
    result = strip([page([row("CONFIDENTIAL", "S/S 8820372", 150)])], StripConfig())
    (r,) = [r for r in result.removals if r.kind == "banner"]
    assert (r.text, r.start, r.end) == ("CONFIDENTIAL", 0, 12)
    assert "sharing its row" in r.evidence[2]
    assert result.text.startswith("S/S 8820372\n")
    assert result.fields["classification"].value == "CONFIDENTIAL"


def test_a_level_at_the_left_margin_sharing_its_row_stays():
    assert "SECRET 7712345" in kept(page([row("SECRET", "7712345", 150, left=300)]))


def test_a_level_that_opens_a_phrase_stays():
    # Synthetic: "SECRET TALKS" typed as one phrase, a space apart, centred in the band.
    assert "SECRET TALKS WITH THE SOVIETS" in kept(
        page([boxed("SECRET TALKS WITH THE SOVIETS", 150)])
    )


# -- end to end: a rendered page read by Tesseract ----------------------------------------------


def render(path: Path) -> None:
    """A 100-dpi letter page: "UNCLASSIFIED" centred at 12 % and 88 % of the height, the memo
    between 18 % and 40 %."""
    dpi, font = 100, _font(17)
    sheet = Image.new("L", (850, 1100), 245)
    draw = ImageDraw.Draw(sheet)
    for y in (132, 968):
        w = draw.textlength("UNCLASSIFIED", font=font)
        draw.text(((850 - w) / 2, y), "UNCLASSIFIED", font=font, fill=0)
    body = [
        "MEMORANDUM FOR THE RECORD",
        "",
        "The Deputy Foreign Minister received the delegation on Tuesday",
        "and went over the draft communique line by line. He said his",
        "government could accept the second paragraph if the reference",
        "to the border commission were dropped.",
    ]
    for i, text in enumerate(body):
        draw.text((100, 200 + 30 * i), text, font=font, fill=0)
    sheet.save(path, dpi=(dpi, dpi))


@pytest.fixture(scope="module")
def read(tmp_path_factory) -> Page:
    path = tmp_path_factory.mktemp("edge") / "memo.png"
    render(path)
    ref = ingest.page_refs(ingest.discover([path])[0][0])[0]
    return ocr_page(ref, OcrSettings())


def render_row(path: Path) -> None:
    """A 100-dpi letter page: "UNCLASSIFIED" centred at 4 % with a date at the right margin
    on the same row (Tesseract reads them as one line), the memo under it."""
    dpi, font = 100, _font(17)
    sheet = Image.new("L", (850, 1100), 245)
    draw = ImageDraw.Draw(sheet)
    w = draw.textlength("UNCLASSIFIED", font=font)
    draw.text(((850 - w) / 2, 44), "UNCLASSIFIED", font=font, fill=0)
    draw.text((620, 44), "March 3, 1995", font=font, fill=0)
    body = [
        "MEMORANDUM FOR THE RECORD",
        "",
        "The Deputy Foreign Minister received the delegation on Tuesday",
        "and went over the draft communique line by line.",
    ]
    for i, text in enumerate(body):
        draw.text((100, 130 + 30 * i), text, font=font, fill=0)
    sheet.save(path, dpi=(dpi, dpi))


def test_a_rendered_banner_sharing_its_row_with_a_date_goes(tmp_path: Path):
    path = tmp_path / "row.png"
    render_row(path)
    read = ocr_page(ingest.page_refs(ingest.discover([path])[0][0])[0], OcrSettings())
    result = strip([read], StripConfig())
    assert [r.text for r in result.removals if r.kind == "banner"] == ["UNCLASSIFIED"]
    assert "March 3, 1995" in result.text


def test_a_rendered_one_page_memo_loses_both_banners(read: Page):
    result = strip([read], StripConfig())
    assert [r.text for r in result.removals if r.kind == "banner"] == ["UNCLASSIFIED"] * 2
    assert result.text.startswith("MEMORANDUM FOR THE RECORD")
    assert "commission were dropped." in result.text
