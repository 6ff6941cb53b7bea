"""Outlined boxes a release stamp runs over (issue 14).

The CIA's CREST releases stamp "Approved for Release: <date> C0<number>" over the top and bottom
of each page after it was redacted; its white ground hides part of the outlined box beside the
classification banner (its top corner, its middle, its bottom side) and its text runs into the
box, so neither the outer contours nor the strokes' holes close. Near the stamp's band the band
is taken as ink and the holes searched again, grown across the band to a side drawn beyond it
(``redaction_outlines.under_stamp``).

- In the wild: the CIA Current Intelligence Bulletin C02996965, page 10 (dev,
  ``tests/data/redactions/SOURCE.md``), with its stamp lines where the OCR stage read them: the
  stamp crosses the top box's middle and hides the bottom box's lower side. (The page read end
  to end: ``python -m bench.redactions_eval --real dev``.)
- Synthetic (Pillow, 200 dpi): boxes under a stamp band drawn the three ways, found from the ink
  alone; and a box with no stamp near it is not looked for there.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from bench.redactions_eval import iou
from pipeline.core.records import BBox, Word
from pipeline.stages.redaction import EMPTY, LINE_INK, SIDE_INKED
from pipeline.stages.redaction_outlines import outlined, stamp_bands, under_stamp
from tests.conftest import _font

DATA = Path(__file__).parent / "data" / "redactions"
DPI = 200


CIA = DATA / "cia-crest-cib-02996965-p10.json"


def test_the_banner_boxes_under_the_real_stamp_are_found():
    # The stamp lines as the OCR stage read this page ("Approved for Release: 2019/09/16
    # C02996965", top and bottom; their words' boxes joined); the boxes as labelled by hand
    # (SOURCE.md): the top one with the stamp across its middle, the bottom one with its lower
    # side under the stamp (estimated).
    labels = json.loads(CIA.read_text(encoding="utf-8"))
    gray = np.asarray(Image.open(CIA.with_name(labels["image"])).convert("L"))
    ink = (gray < LINE_INK).astype(np.uint8)
    text = ["Approved", "for", "Release:", "2019/09/16", "C02996965"]
    lines = [[Word(t, 90.0, BBox(868, y, 862, 38)) for t in text] for y in (61, 3033)]
    got = under_stamp(
        ink, stamp_bands(lines, 300), 300, min_size=(45, 24), side_inked=SIDE_INKED, empty=EMPTY
    )
    banner = [BBox(*r["bbox"]) for r in labels["redactions"] if "banner" in r["text_around"]]
    assert len(banner) == 2 and len(got) == 2
    for want in banner:
        assert any(iou(b, want) >= 0.9 for b in got), (want, [b.to_list() for b in got])
    # The ordinary search finds neither.
    ordinary = outlined(ink, 300, min_size=(45, 24), side_inked=SIDE_INKED, empty=EMPTY)
    assert not any(iou(b, w) >= 0.5 for b in ordinary for w in banner)


def _stamped(kind: str) -> tuple[np.ndarray, BBox, BBox]:
    """A 200-dpi strip with an outlined box and a stamp's white ground with text over it:
    ``kind`` "corner" (over its top left corner), "middle" (across it), "bottom" (over its
    lower side). Returns (the ink, 1 where dark; the box as drawn; the stamp's words' box)."""
    img = Image.new("L", (1400, 500), 255)
    draw = ImageDraw.Draw(img)
    box = (700, 150, 1000, 300)
    draw.rectangle(box, outline=0, width=2)
    font = _font(34)
    y = {"corner": 130, "middle": 200, "bottom": 280}[kind]
    text = "Approved for Release: 2019/09/16 C02996965"
    x = {"corner": 150, "middle": 300, "bottom": 300}[kind]
    left, top, right, bottom = draw.textbbox((x, y), text, font=font)
    draw.rectangle((left - 4, top - 4, right + 4, bottom + 4), fill=255)  # the stamp's ground
    draw.text((x, y), text, font=font, fill=0)
    ink = (np.asarray(img) < 170).astype(np.uint8)
    return ink, BBox(700, 150, 301, 151), BBox(left, top, right - left, bottom - top)


def test_boxes_under_a_stamp_band_are_found_whichever_part_it_hides():
    for kind in ("corner", "middle", "bottom"):
        ink, box, stamp = _stamped(kind)
        # The ordinary search does not close the outline.
        ordinary = outlined(ink, DPI, min_size=(30, 16), side_inked=SIDE_INKED, empty=EMPTY)
        assert not any(iou(b, box) >= 0.6 for b in ordinary), kind
        words = [Word(w, 90.0, stamp) for w in ("Approved", "for", "Release:")]
        bands = stamp_bands([words], DPI)
        got = under_stamp(ink, bands, DPI, min_size=(30, 16), side_inked=SIDE_INKED, empty=EMPTY)
        assert any(iou(b, box) >= 0.6 for b in got), (kind, [b.to_list() for b in got])


def test_no_stamp_band_no_search():
    ink, _, stamp = _stamped("middle")
    words = [Word(w, 90.0, stamp) for w in ("Received", "by", "the", "registry")]
    assert stamp_bands([words], DPI) == []
    assert under_stamp(ink, [], DPI, min_size=(30, 16), side_inked=SIDE_INKED, empty=EMPTY) == []
