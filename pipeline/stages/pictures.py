"""Photographs on a page: found before OCR, left out of it, and said.

Releases hold photocopied snapshots, maps and letterhead pictures beside their typing. Tesseract
reads a picture as lines of garbage (``atmanneeetiate,|``, ``oye``, ``®``) that land in the text
as if the page said them, and the clean-up's thresholding turns the picture into blobs that
make it worse. ``find_pictures`` finds the regions of a page that are continuous tone: large,
covered almost wholly by marks off the paper's level (typing covers at most ~40 % of its
block, even bold), with a good share of mid-tones (a black redaction bar is solid ink, and is
left alone for ``stages.redaction``), whose tone changes from one fraction of an inch to the
next (a copier's shadow or shading over typing changes over inches). ``blank_pictures``
paints them in the paper's level before any reading, and the OCR stage warns on the page
where each picture was, so a reader knows something was there that OCR did not read. A page
that is one picture then reads as no text, and the OCR stage flags it for manual transcription
(``ocr.ocr_page``: as it flags a page read as nothing with dark ink over its inner part).

The search runs on a copy at ``PICTURE_DPI`` (the candidates) and checks each candidate on the
page's own pixels, averaged over a few pixels so that grain never counts as tone.
"""

from __future__ import annotations

import logging

import cv2
import numpy as np
from PIL import Image

from pipeline.core.records import BBox
from pipeline.stages.pageimage import as_image, grey_pixels
from pipeline.stages.pagememo import area_copy, ink_level

log = logging.getLogger(__name__)

PICTURE_DPI = 50  # candidates are looked for on a copy at this resolution
#: A picture is at least this wide and this tall (inches): a passport photo is 1.4 x 1.8.
MIN_PICTURE_IN = 0.75
#: A pixel is off the paper when it differs from the paper's level by this share of the page's
#: contrast (paper minus darkest ink).
OFF_PAPER = 0.25
#: A picture has at least this share of its pixels off the paper (typing: 10-40 %).
MIN_COVER = 0.7
#: ... and at least this share in mid-tones (between ink and paper by ``OFF_PAPER`` either
#: side): a solid black bar has none.
MIN_MIDTONE = 0.25
#: ... and the level under its marks changes within a third of an inch by at least this
#: share of the contrast (``_roughness``). Measured: a photocopied snapshot (``bench.classes``'
#: photo page) 0.11; a copier-lid shadow or deep shading with typing on it (``bench.synth``'s
#: hard and extreme tiers, dev texts), which pass the tests above, 0.02-0.04.
MIN_ROUGH = 0.07
MIN_CONTRAST = 40  # grey levels: a page flatter than this has no picture to find
CHECK_DPI = 100  # candidates are checked on the page averaged to this resolution


def find_pictures(gray: np.ndarray, dpi: int) -> list[BBox]:
    """The picture regions of a page (8-bit grey, dark on light, ``dpi``), as boxes in its
    pixels, largest first; none on a page of text."""
    h, w = gray.shape
    if min(h, w) < MIN_PICTURE_IN * dpi:
        return []
    f = min(1.0, PICTURE_DPI / max(dpi, 1))
    small = area_copy(gray, f)  # made once: the clean-up measures the page on it too
    paper = float(np.percentile(small, 90))
    ink = ink_level(gray)
    contrast = paper - ink
    if contrast < MIN_CONTRAST:
        return []
    off = (np.abs(small.astype(np.float32) - paper) > OFF_PAPER * contrast).astype(np.uint8)
    side = max(3, round(MIN_PICTURE_IN * PICTURE_DPI / 3))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (side, side))
    solid = cv2.morphologyEx(off, cv2.MORPH_OPEN, kernel)  # text lines are thinner than this
    _, _, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    g = min(1.0, CHECK_DPI / max(dpi, 1))
    check = None  # the page at CHECK_DPI, made only for a candidate (most pages have none)
    found = []
    for x, y, bw, bh, _ in stats[1:]:
        if min(bw, bh) < MIN_PICTURE_IN * PICTURE_DPI:
            continue
        if check is None:
            check = cv2.resize(gray, None, fx=g, fy=g, interpolation=cv2.INTER_AREA)
        box = BBox(round(x / f), round(y / f), round(bw / f), round(bh / f))
        region = check[
            round(box.top * g) : round(box.bottom * g), round(box.left * g) : round(box.right * g)
        ]
        if region.size == 0:
            continue
        r = region.astype(np.float32)
        cover = float((np.abs(r - paper) > OFF_PAPER * contrast).mean())
        mid = float(((r > ink + OFF_PAPER * contrast) & (r < paper - OFF_PAPER * contrast)).mean())
        rough = _roughness(r) / contrast
        log.debug("picture %s: cover %.2f, mid-tones %.2f, rough %.3f", box, cover, mid, rough)
        if cover >= MIN_COVER and mid >= MIN_MIDTONE and rough >= MIN_ROUGH:
            found.append(box)
    return sorted(found, key=lambda b: -b.width * b.height)


def _roughness(region: np.ndarray) -> float:
    """How much the level under the marks (the brightest pixel within a tenth of an inch)
    changes from one tenth of an inch to the next, in grey levels, on a region at
    ``CHECK_DPI``: paper, shaded or not, is smooth under typing; a picture's tone is not."""
    k = max(3, round(0.1 * CHECK_DPI))
    under = cv2.dilate(region, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    return float(np.abs(under - cv2.GaussianBlur(under, (0, 0), 0.3 * CHECK_DPI)).mean())


def blank_pictures(image: Image.Image, boxes: list[BBox]) -> Image.Image:
    """``image`` (mode ``L``) with every box painted in the paper's level (its 90th
    percentile), a margin of a few pixels included; ``image`` itself when there is none."""
    if not boxes:
        return image
    arr = np.array(grey_pixels(image))
    paper = int(np.percentile(arr[:: max(1, arr.shape[0] // 400), ::4], 90))
    pad = max(2, round(0.02 * max(arr.shape)))
    for b in boxes:
        arr[max(0, b.top - pad) : b.bottom + pad, max(0, b.left - pad) : b.right + pad] = paper
    return as_image(arr)


def describe(box: BBox, dpi: int) -> str:
    """Where a picture is, for a person: ``3.9 x 3.0 in at 0.8, 3.7 in from the top left``."""
    return (
        f"{box.width / dpi:.1f} x {box.height / dpi:.1f} in at {box.left / dpi:.1f}, "
        f"{box.top / dpi:.1f} in from the top left"
    )
