"""The searchable PDF, ALTO and hOCR of pages OCR did not read as stored: every word lands on
that word in the stored image.

A page scanned sideways or upside down (turned upright by orientation detection), skewed
(deskewed), faxed at 204x98 DPI (resampled to square) or stored as a JPEG with an EXIF
orientation is read in another frame than the image the PDF embeds and ALTO/hOCR name; the
exports map every box back (``pipeline.exports.frames``).

Fixtures are synthetic: typewriter lines rendered here, then turned, skewed, squashed or tagged
with Pillow as scanners store them. Where each word stands in the stored image is known without
the code under test: a mask with only that word drawn goes through the same Pillow operations.
Real Tesseract reads each page (the whole pipeline runs); poppler's ``pdftotext -bbox`` reads the
PDF's text layer back.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from lxml import etree
from PIL import Image, ImageDraw

from pipeline.core.config import RunConfig
from pipeline.runner import run_batch
from pipeline.stages import pageimage
from tests.conftest import _font, render_lines

PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils)")

LINES = [
    "SUBJECT: LETTER FROM DEPUTY SECRETARY TALBOTT",
    "The visit confirmed the progress we have made",
    "in the last few months on the negotiations.",
    "The Minsk Group met in Geneva in September.",
]
ALTO = "{http://www.loc.gov/standards/alto/ns-v4#}"
Box = tuple[float, float, float, float]  # left, top, right, bottom


def _word_masks(dpi: int) -> dict[str, Image.Image]:
    """Each word that occurs once in ``LINES``, drawn alone where ``render_lines`` draws it."""
    page = render_lines(LINES, dpi=dpi)
    size = round(12 / 72 * dpi)
    lead, margin, font = round(size * 1.6), round(0.3 * dpi), _font(size)
    words = [w for line in LINES for w in line.split()]
    masks = {}
    for i, line in enumerate(LINES):
        for m in re.finditer(r"\S+", line):
            word = m.group().strip(".:")
            if words.count(m.group()) != 1 or len(word) < 3:
                continue
            mask = Image.new("L", page.size, 255)
            x = margin + font.getlength(line[: m.start()])
            ImageDraw.Draw(mask).text((x, margin + i * lead), m.group(), font=font, fill=0)
            masks[word] = mask
    return masks


def _ink(mask: Image.Image) -> Box:
    ys, xs = np.nonzero(np.asarray(mask) < 160)
    return float(xs.min()), float(ys.min()), float(xs.max() + 1), float(ys.max() + 1)


def _overlap(a: Box, b: Box) -> float:
    """The share of the smaller box that the two boxes share."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return w * h / smaller


@dataclass(frozen=True)
class Case:
    """How a scanner stored the page: ``store`` makes the stored image from the upright one;
    ``shown`` the page a PDF viewer shows from the stored one (its EXIF orientation applied)."""

    name: str
    file: str
    store: Callable[[Image.Image], Image.Image]
    save: dict
    dpi: int = 200
    shown: Callable[[Image.Image], Image.Image] | None = None
    #: Pixels of the image ALTO and hOCR name per stored pixel (a PDF page that is not one
    #: scan is rendered at --dpi for OCR; a scan at its own resolution: 1).
    rendered: float = 1.0


def _exif(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return exif


def _fax(img: Image.Image) -> Image.Image:
    return img.resize((img.width, round(img.height * 98 / 204)), Image.Resampling.LANCZOS)


CASES = [
    *(
        Case(f"turned{cw}", "memo.png", lambda im, cw=cw: pageimage.turn(im, cw), {})
        for cw in (90, 180, 270)
    ),
    Case(
        "skewed",
        "memo.png",
        lambda im: im.rotate(2.5, resample=Image.Resampling.BICUBIC, fillcolor=255),
        {},
    ),
    Case("fax", "memo.tif", _fax, {"dpi": (204, 98)}, dpi=204),
    Case(
        "pdf-turned180",
        "memo.pdf",
        lambda im: pageimage.turn(im, 180),
        {"resolution": 200.0},  # one scan a page: read at its own 200 DPI (pdfscan)
    ),
    Case(
        "exif",
        "memo.jpg",
        lambda im: im.transpose(Image.Transpose.ROTATE_90),
        {"exif": _exif(6), "quality": 92},
        shown=lambda im: im.transpose(Image.Transpose.ROTATE_270),
    ),
    # A mirrored orientation: the PDF shows the page as stored (mirrored), words forward.
    Case(
        "exif-mirrored",
        "memo.jpg",
        lambda im: im.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
        {"exif": _exif(2), "quality": 92},
    ),
]


@dataclass(frozen=True)
class Run:
    case: Case
    out: Path  # the document's output folder
    stored: Image.Image
    masks: dict[str, Image.Image]  # word -> mask in the stored image's frame


@pytest.fixture(scope="module", params=CASES, ids=lambda c: c.name)
def run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Run:
    case: Case = request.param
    root = tmp_path_factory.mktemp(case.name)
    (root / "scans").mkdir()
    stored = case.store(render_lines(LINES, dpi=case.dpi))
    stored.save(root / "scans" / case.file, **{"dpi": (case.dpi, case.dpi), **case.save})
    masks = {w: case.store(m) for w, m in _word_masks(case.dpi).items()}
    out = root / "out"
    report = run_batch([root / "scans"], RunConfig(out_dir=out, jobs=1, reviews=root / "rv"))
    assert not report.failed, report.failed
    return Run(case, out / "memo", stored, masks)


def _placed(found: dict[str, Box], want: dict[str, Box]) -> None:
    """Most words are found and every word found stands on its ink."""
    common = sorted(found.keys() & want.keys())
    assert len(common) >= 0.7 * len(want), (sorted(found), sorted(want))
    off = {w: (found[w], want[w]) for w in common if _overlap(found[w], want[w]) < 0.5}
    assert not off, off


def test_the_page_was_read_in_another_frame(run: Run) -> None:
    page = json.loads((run.out / "pages" / "0001.json").read_text())
    name = run.case.name
    if "turned" in name:
        # Turned back upright (a page stored turned 90 degrees clockwise, which Tesseract reads
        # in place, words running down the page, is turned upright and read again), so the
        # boxes are mapped through the turn. A turn of 270 is checked on the maps and the PDF
        # writer below, without OCR.
        clockwise = int(name.rpartition("turned")[2])
        assert page.get("rotation", 0) == 360 - clockwise
    elif name == "skewed":
        assert abs(page.get("deskew", 0)) >= 2
    elif name == "fax":
        assert page["frame"] == {
            "width": run.stored.width,
            "height": run.stored.height,
            "orientation": 1,
        }
        assert page["height"] > 2 * run.stored.height - 2
    else:
        assert page["frame"]["orientation"] == run.case.save["exif"][0x0112]
    assert "Minsk" in (run.out / "clean.txt").read_text()


def test_pdf_words_are_selectable_over_the_words_of_the_original_page(run: Run) -> None:
    assert PDFTOTEXT is not None
    xml = subprocess.run(
        [PDFTOTEXT, "-bbox", str(run.out / "memo.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    shown = run.case.shown or (lambda im: im)
    # Points to pixels of the page as shown (poppler gives boxes on the turned page): the
    # stored resolution (a fax's is 204 x 98).
    fx, fy = (v / 72 for v in run.case.save.get("dpi", (run.case.dpi, run.case.dpi)))
    found: dict[str, Box] = {}
    for m in re.finditer(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)<', xml
    ):
        word = m[5].strip(".:")
        found[word] = (float(m[1]) * fx, float(m[2]) * fy, float(m[3]) * fx, float(m[4]) * fy)
    _placed(found, {w: _ink(shown(mask)) for w, mask in run.masks.items()})


def test_alto_and_hocr_boxes_are_on_the_stored_image(run: Run) -> None:
    from tests.test_exports import _schema

    alto = etree.parse(str(run.out / "alto.xml"))
    assert _schema().validate(alto), _schema().error_log  # ROTATION included
    (page,) = alto.iter(f"{ALTO}Page")
    if run.case.name in ("turned180", "pdf-turned180", "skewed", "exif"):
        assert float(page.get("ROTATION")) != 0
    k = run.case.rendered
    size = (round(run.stored.width * k), round(run.stored.height * k))
    # (PDFium rounds the rendered page's size its own way.)
    assert int(page.get("WIDTH")) == pytest.approx(size[0], abs=1)
    assert int(page.get("HEIGHT")) == pytest.approx(size[1], abs=1)
    found: dict[str, Box] = {}
    for s in alto.iter(f"{ALTO}String"):
        x, y = float(s.get("HPOS")), float(s.get("VPOS"))
        box = (x, y, x + float(s.get("WIDTH")), y + float(s.get("HEIGHT")))
        found[s.get("CONTENT").strip(".:")] = box
    want = {w: tuple(v * k for v in _ink(mask)) for w, mask in run.masks.items()}
    _placed(found, want)
    hocr = (run.out / "hocr.html").read_text()
    # The image is named relative to hocr.html (OUT/memo/), so it resolves from there.
    named = f"image &quot;../../scans/{run.case.file}&quot;" in hocr
    assert named == (not run.case.file.endswith(".pdf"))  # a PDF's page is no image file
    assert f"bbox 0 0 {page.get('WIDTH')} {page.get('HEIGHT')}" in hocr
    words = re.findall(
        r'class="ocrx_word"[^>]*title="bbox (\d+) (\d+) (\d+) (\d+)[^>]*>([^<]+)<', hocr
    )
    hocr_boxes = {w.strip(".:"): tuple(float(v) for v in box) for *box, w in words}
    _placed(hocr_boxes, want)


# --- the maps, checked against Pillow without OCR ----------------------------------------------


@pytest.mark.parametrize("deskew", [0.0, 2.0])
@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_a_mark_on_the_ocr_image_maps_back_to_its_place_on_the_stored_image(
    orientation: int, rotation: int, deskew: float
) -> None:
    """A dark block on a stored 60x40 image at 100x50 DPI with an EXIF orientation goes through
    the real normalisation (transposed, resampled to 100x100 DPI), a turn and a deskew (OpenCV's
    turn about the centre, as clean-up does it); the map takes the block's centre on that image
    back to its centre on the stored one."""
    import cv2

    from pipeline.exports.frames import frames, to_image

    stored = Image.new("L", (60, 40), 255)
    stored.paste(0, (12, 8, 18, 12))  # the block: x 12-18, y 8-12, centre (15, 10)
    stored.info["dpi"] = (100, 50)
    stored.getexif()[0x0112] = orientation
    loaded = pageimage.normalise(stored, default_dpi=300)
    seen = np.asarray(pageimage.turn(loaded.image, rotation))
    h, w = seen.shape
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), deskew, 1.0)
    seen = cv2.warpAffine(seen, turn, (w, h), borderValue=255)
    ys, xs = np.nonzero(seen < 128)
    centre = ((xs.min() + xs.max() + 1) / 2, (ys.min() + ys.max() + 1) / 2)
    f = frames(w, h, rotation, deskew, loaded.frame)
    x, y = to_image(f).apply(*centre)
    assert (x, y) == pytest.approx((15, 10), abs=0.75)
    assert loaded.dpi == 100 and loaded.frame is not None


def test_a_deskewed_point_maps_back_where_opencv_took_it_from() -> None:
    import cv2

    from pipeline.exports.frames import frames, to_image

    width, height, angle = 800, 600, -3.5
    m = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    f = frames(width, height, 0, angle, None)
    for x, y in [(100.0, 50.0), (700.0, 500.0), (400.0, 300.0)]:
        seen = m @ np.array([x, y, 1.0])  # where OCR saw the point
        assert to_image(f).apply(*seen) == pytest.approx((x, y), abs=1e-6)


def test_a_page_turned_270_degrees_gets_its_pdf_words_on_the_stored_image(
    tmp_path: Path,
) -> None:
    """The PDF writer alone (Tesseract never asks for this turn on these fixtures): the stored
    image is the upright page turned 90 degrees clockwise; OCR read it turned 270 degrees more,
    upright, with each word's box where its mask is on the upright page."""
    from pipeline.core.enums import DocKind, PageSource
    from pipeline.core.records import BBox, PageRef
    from pipeline.exports.layout import FinalLine, FinalPage, FinalWord
    from pipeline.exports.pdf import searchable_pdf

    assert PDFTOTEXT is not None
    upright = render_lines(LINES, dpi=200)
    stored = pageimage.turn(upright, 90)
    path = tmp_path / "memo.png"
    stored.save(path, dpi=(200, 200))
    masks = _word_masks(200)
    words = []
    for word, mask in masks.items():
        left, top, right, bottom = (round(v) for v in _ink(mask))
        words.append(FinalWord(word, word, BBox(left, top, right - left, bottom - top), 90.0))
    words.sort(key=lambda w: (w.bbox.top // 40, w.bbox.left))
    lines = [
        FinalLine(n, 1, 1, n, tuple(w for w in words if w.bbox.top // 40 == row))
        for n, row in enumerate(sorted({w.bbox.top // 40 for w in words}))
    ]
    page = FinalPage(1, *upright.size, 200, 0.0, PageSource.OCR, tuple(lines), rotation=270)
    ref = PageRef("memo", 1, path, DocKind.IMAGE)
    (tmp_path / "memo.pdf").write_bytes(searchable_pdf(DocKind.IMAGE, path, [ref], [page], "m"))
    xml = subprocess.run(
        [PDFTOTEXT, "-bbox", str(tmp_path / "memo.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = {
        m[5]: (float(m[1]) / 0.36, float(m[2]) / 0.36, float(m[3]) / 0.36, float(m[4]) / 0.36)
        for m in re.finditer(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)<', xml
        )
    }
    _placed(found, {w: _ink(pageimage.turn(mask, 90)) for w, mask in masks.items()})
