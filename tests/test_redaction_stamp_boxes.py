"""A bordered box that holds printed words is a stamp, not a redaction (issue 14).

A white redaction box is empty or holds its exemption code; a release stamp, a declassification
stamp or a classification box drawn round its words is page furniture. Before, a stamp put on
turned ("RELEASE IN FULL", ``bench/synth.py``'s clean tier, page 1 of ``cable-1997-aliyev``,
dev) kept its sides on the page after the paint-out (inked along no row or column), Tesseract
read none of its words, and the box was taken for a redaction with a code bent out of the
rows read again ("BS" as B5), at three extra readings. Now its sides are painted out
(``redaction_outlines.side_strokes``), the page's OCR reads its words, and a box holding such
words is a stamp (``is_stamp``); where the page's OCR still reads none, the box's inside read
on its own says so, and its rows are not read again.

Fixtures:
- Synthetic (Pillow, 300 dpi), the real Tesseract reading them: boxed stamps drawn turned by
  1 to 3 degrees, their wording from real releases as ``../shared/corpus/stamps.tsv`` records
  it: State's "RELEASE IN FULL" (therealjameswilson/strobe-talbott-foia C06685764) and
  "RELEASE IN PART" over its codes "B1,1.4(B),1.4(D)" (its manifest), the CIA's "APPROVED FOR
  RELEASE 1993" / "CIA HISTORICAL REVIEW PROGRAM" and the FBI's "ALL INFORMATION CONTAINED" /
  "HEREIN IS UNCLASSIFIED" (noops888/jfk-files-text, 2018 104-10049-10230 and
  docid-32193892), a classification box ("SECRET", the banners there) and "DECLASSIFIED" (the
  State stamp "RELEASE IN PART DECAPTIONED DECLASSIFIED B1,1"); beside them a white box over
  withheld words with its code inside, which stays a redaction.
- Synthetic arrays for ``side_strokes``: a turned outline's sides, and a code in a tight box.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.core.enums import RedactionStyle
from pipeline.core.records import BBox, Word
from pipeline.stages import redaction
from pipeline.stages.redaction import find_boxes, find_redactions, paint_out
from pipeline.stages.redaction_outlines import is_stamp, side_strokes

DPI = 300
SANS_BOLD = "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"
MONO = "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf"


def _stamp(lines: tuple[str, ...], angle: float, size: int = 40) -> Image.Image:
    """A boxed stamp: ``lines`` in bold sans, a 3-pixel border, turned ``angle`` degrees."""
    font = ImageFont.truetype(SANS_BOLD, size)
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    width = max(round(probe.textlength(t, font=font)) for t in lines) + 50
    height = len(lines) * round(size * 1.3) + 40
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, width - 1, height - 1], outline=60, width=3)
    for i, text in enumerate(lines):
        w = draw.textlength(text, font=font)
        draw.text(((width - w) / 2, 20 + i * round(size * 1.3)), text, font=font, fill=60)
    return img.rotate(angle, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC)


def _page(stamps: list[tuple[tuple[str, ...], float]], code_box: bool) -> Image.Image:
    """A strip of page 2400 px wide: the stamps side by side at its top, under them two typed
    lines, the second with a white box over two words and "B6" inside it (``code_box``)."""
    img = Image.new("L", (2400, 700), 255)
    x = 60
    for lines, angle in stamps:
        s = _stamp(lines, angle)
        img.paste(s, (x, 40))
        x += s.width + 60
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(MONO, 42)
    draw.text((150, 440), "The minister said the cases would be reviewed soon.", font=font, fill=0)
    if code_box:
        draw.text((150, 540), "Our source in the", font=font, fill=0)
        draw.rectangle([610, 532, 990, 595], outline=0, width=3)
        draw.text((770, 545), "B6", font=ImageFont.truetype(MONO, 34), fill=0)
        draw.text((1010, 540), "believes the review is a formality.", font=font, fill=0)
    return img


def _read(img: Image.Image):
    """The page read as the OCR stage reads it: boxes found and painted out, then Tesseract."""
    from pipeline.engines import tesseract

    gray = np.asarray(img)
    boxes = find_boxes(gray, dpi=DPI)
    painted = Image.fromarray(paint_out(gray, boxes, DPI))
    return boxes, tesseract.recognize(painted, dpi=DPI).lines


PAGES = {
    "state": [(("RELEASE IN FULL",), 1.4), (("RELEASE IN PART", "B1,1.4(B),1.4(D)"), -2.0)],
    "cia-fbi": [
        (("APPROVED FOR RELEASE 1993", "CIA HISTORICAL REVIEW PROGRAM"), 1.0),
        (("ALL INFORMATION CONTAINED", "HEREIN IS UNCLASSIFIED"), -1.5),
    ],
    "one-word": [(("SECRET",), 2.5), (("DECLASSIFIED",), -1.2)],
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_turned_stamp_boxes_are_read_and_are_no_redactions(name: str, monkeypatch) -> None:
    img = _page(PAGES[name], code_box=True)
    boxes, lines = _read(img)
    outlines = [b for b, s in boxes if s is RedactionStyle.WHITE_BOX]
    assert len(outlines) == len(PAGES[name]) + 1  # each stamp's border, and the code's box
    text = " ".join(ln.text for ln in lines)
    for stamp_lines, _ in PAGES[name]:
        assert stamp_lines[0].split()[0] in text  # the stamp's words are on the page's text
    reread: list[int] = []
    rows = redaction._reread_rows

    def spy(gray, boxes, words, dpi, grey=None):
        reread.append(len(boxes))
        return rows(gray, boxes, words, dpi, grey=grey)

    monkeypatch.setattr(redaction, "_reread_rows", spy)
    found = find_redactions(img, lines, dpi=DPI, page=1, bars=boxes)
    # Only the white box over the withheld words, with its code; no stamp's rows read again.
    assert [(r.style, r.codes) for r in found] == [(RedactionStyle.WHITE_BOX, ("B6",))]
    assert found[0].bbox is not None and found[0].bbox.top > 500
    assert all(n == 1 for n in reread)


def test_a_stamp_the_pages_ocr_missed_is_known_by_its_inside_read_alone(monkeypatch) -> None:
    # No page words at all: the box's inside, read on its own, holds "RELEASE IN FULL"; its
    # rows are not read again and no code is bent out of them.
    img = _page([(("RELEASE IN FULL",), 1.4)], code_box=False)
    called: list[str] = []
    for fn in ("_reread_rows", "_read_stacked"):
        monkeypatch.setattr(redaction, fn, lambda *a, _n=fn, **k: called.append(_n) or [])
    assert find_redactions(img, [], dpi=DPI, page=1) == ()
    assert called == []


@pytest.mark.parametrize(
    ("texts", "stamp"),
    [
        (["RELEASE", "IN", "FULL"], True),
        (["SECRET"], True),  # a classification box
        (["CONFIDENTIAL"], True),
        (["DECLASSIFIED"], True),
        (["B6"], False),  # a code
        (["(b)(6)"], False),
        (["1.4(D)"], False),
        (["Bo"], False),  # a misread code
        (["B5,", "1.4(B)"], False),
        (["Moscow"], False),  # one word in a form's cell: not enough alone
    ],
)
def test_what_a_box_holds_makes_it_a_stamp(texts: list[str], stamp: bool) -> None:
    box = BBox(100, 100, 600, 120)
    words = [Word(t, 90.0, BBox(120 + 150 * i, 130, 120, 40)) for i, t in enumerate(texts)]
    assert is_stamp(box, words, 2) is stamp


def _outline(angle: float, width: int = 500, height: int = 130) -> np.ndarray:
    img = Image.new("L", (width + 80, height + 80), 0)
    ImageDraw.Draw(img).rectangle([40, 40, 40 + width, 40 + height], outline=1, width=3)
    return np.asarray(img.rotate(angle, expand=False, fillcolor=0))


def test_a_turned_outlines_sides_are_found_whole() -> None:
    ink = _outline(1.5)
    ys, xs = np.nonzero(ink)
    region = ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].copy()
    # As paint_out leaves it: the rows and columns inked along half their length painted.
    rows, cols = region.mean(axis=1) >= 0.5, region.mean(axis=0) >= 0.5
    region[rows] = 0
    region[:, cols] = 0
    sides = side_strokes(region, 6)
    assert region.any() and not (region.astype(bool) & ~sides).any()


def test_a_codes_glyphs_in_a_tight_box_are_no_sides() -> None:
    # "1.4(D)" in a box just wide enough for it: its tall narrow glyphs stand away from the
    # edges (and are shorter than the box), so none is painted.
    img = Image.new("L", (170, 60), 0)
    ImageDraw.Draw(img).text((14, 12), "1.4(D)", font=ImageFont.truetype(MONO, 34), fill=1)
    ink = np.asarray(img)
    assert ink.any() and not side_strokes(ink, 6).any()
