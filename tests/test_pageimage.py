"""Every kind of page image a real release holds reads like a plain upright scan.

Fixtures are synthetic: typewriter lines rendered here (``render_lines``), then turned, faxed,
made transparent, 16-bit, negative, coloured or oversized the way scanners and archives do it.
Real Tesseract reads each one (small crops: a fraction of a second each); the check is the
text, compared with the upright page's text.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from rapidfuzz import fuzz

from pipeline.core.config import OcrSettings
from pipeline.core.enums import DocKind, PageStatus, Treatment
from pipeline.core.records import Page, PageRef, manual_mark
from pipeline.stages import pageimage
from pipeline.stages.ocr import ocr_page
from pipeline.stages.reading import evidence
from tests.conftest import render_lines

LINES = [
    "SUBJECT: LETTER FROM DEPUTY SECRETARY TALBOTT",
    "The visit confirmed the progress we have made",
    "in the last few months on the negotiations.",
    "The Minsk Group met in Geneva in September.",
]
TRUTH = " ".join(" ".join(LINES).split())


def _words(page: Page) -> str:
    return " ".join(page.text.split())


def _page(path: Path, index: int = 0, kind: DocKind = DocKind.IMAGE) -> Page:
    return ocr_page(PageRef(path.stem, 1, path, kind, index), OcrSettings())


def _upright(dpi: int = 200) -> Image.Image:
    return render_lines(LINES, dpi=dpi)


def _reads(page: Page, least: float = 90) -> None:
    got = _words(page)
    assert fuzz.ratio(got, TRUTH) >= least, got
    assert page.status is PageStatus.OK, page.reason


# -- orientation ---------------------------------------------------------------------------


@pytest.mark.parametrize("clockwise", [90, 180, 270])
def test_a_turned_page_reads_like_an_upright_one(tmp_path: Path, clockwise: int) -> None:
    path = tmp_path / f"turned{clockwise}.png"
    pageimage.turn(_upright(), clockwise).save(path, dpi=(200, 200))
    page = _page(path)
    _reads(page)
    # Turned back: the page is upright again, and the page says how it got there. (Tesseract's
    # layout analysis reads some sideways pages in place, words running down the page: those
    # are turned upright too, so exports and review show them upright.)
    assert page.rotation == (360 - clockwise) % 360
    chosen = [a for a in page.attempts if a.chosen]
    assert len(chosen) == 1 and chosen[0].rotation == page.rotation
    assert page.attempts[0].rotation == 0 and not page.attempts[0].chosen
    assert "orientation detection" in chosen[0].reason
    assert (page.width, page.height) == _upright().size
    assert all(isinstance(a.treatment, Treatment) for a in page.attempts)
    assert Page.from_dict(page.to_dict()) == page  # the typed record survives the JSON


def test_without_the_api_the_program_turns_and_reads_a_page_alike(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("FOIA_CLEAN_TESSERACT", "cli")  # as on a machine without tesserocr
    path = tmp_path / "upside-down.png"
    pageimage.turn(_upright(), 180).save(path, dpi=(200, 200))
    page = _page(path)
    _reads(page)
    assert page.rotation == 180


def test_an_upright_page_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "upright.png"
    _upright().save(path, dpi=(200, 200))
    page = _page(path)
    _reads(page)
    assert page.attempts == () and page.rotation == 0  # the cheap path: one reading


def test_exif_orientation_is_honoured(tmp_path: Path) -> None:
    # A camera or scanner stores the pixels sideways and says so in the EXIF tag (6: turn
    # 90 degrees clockwise to view).
    path = tmp_path / "phone.jpg"
    stored = pageimage.turn(_upright(), 270)
    exif = Image.Exif()
    exif[0x0112] = 6
    stored.save(path, dpi=(200, 200), exif=exif, quality=95)
    loaded = pageimage.load_page_image(PageRef("phone", 1, path, DocKind.IMAGE), dpi=300)
    assert loaded.image.size == _upright().size
    assert "exif-orientation(6)" in loaded.steps
    page = _page(path)
    _reads(page)
    assert page.rotation == 0 and page.attempts == ()


# -- pixels --------------------------------------------------------------------------------


def test_a_standard_fax_is_resampled_to_square_pixels(tmp_path: Path) -> None:
    # Standard-resolution fax: 204 x 98 DPI, 1 bit. Render at 204 DPI, then halve the rows.
    full = _upright(dpi=204)
    fax = full.resize((full.width, round(full.height * 98 / 204)), Image.Resampling.LANCZOS)
    fax = fax.point(lambda v: 255 if v > 128 else 0).convert("1")
    path = tmp_path / "fax.tif"
    fax.save(path, dpi=(204, 98), compression="group4")
    loaded = pageimage.load_page_image(PageRef("fax", 1, path, DocKind.TIFF), dpi=300)
    assert loaded.dpi == 204
    assert abs(loaded.image.height - full.height) <= 2
    assert "square-dpi(204x98 -> 204)" in loaded.steps
    _reads(_page(path, kind=DocKind.TIFF), least=85)


def test_a_fax_from_a_machine_is_smoothed_when_its_lines_are_stretched(tmp_path: Path) -> None:
    # A fax machine scans at 300 DPI and sends 204 x 98, thresholded: every stroke edge of the
    # stretched page is in steps two pixels high, smoothed off before OCR (bench.classes: dev
    # faxes 8.0 % CER as they were, 1.9 % smoothed). On a crop this small Tesseract reads the
    # unsmoothed fax about as well: the test checks the step and that the smoothed fax reads.
    # FreeMono in a light photocopy, as the dev split's pages are; the fax made by the
    # benchmark's own fax class.
    from bench import classes, sweep

    if not (Path(sweep._FONTS) / sweep._FREEMONO).is_file():
        pytest.skip("FreeMono not installed")
    plain = sweep.render_cell(
        "\n".join(LINES), sweep.Cell(sweep._FREEMONO, degradation=classes.DEV.degradation), seed=1
    )
    path = tmp_path / "fax.tif"
    classes.VARIANTS["fax-98"].make(plain, classes.DEV, 1, path)
    loaded = pageimage.load_page_image(PageRef("fax", 1, path, DocKind.TIFF), dpi=300)
    assert loaded.steps[-1] == "smooth-stretched-bilevel(gaussian 1.04px)"
    grey = np.asarray(loaded.image)
    assert float(np.mean((grey > 0) & (grey < 255))) > 0  # no longer two levels: smoothed
    _reads(_page(path, kind=DocKind.TIFF), least=95)


def test_text_on_a_transparent_background_reads(tmp_path: Path) -> None:
    ink = 255 - np.asarray(_upright())
    rgba = np.zeros((*ink.shape, 4), dtype=np.uint8)
    rgba[..., 3] = ink  # black text drawn only by alpha: transparent everywhere else
    path = tmp_path / "alpha.png"
    Image.fromarray(rgba, "RGBA").save(path, dpi=(200, 200))
    loaded = pageimage.load_page_image(PageRef("alpha", 1, path, DocKind.IMAGE), dpi=300)
    assert "alpha-on-white" in loaded.steps
    _reads(_page(path))


def test_a_16_bit_grey_scan_is_scaled_not_clipped(tmp_path: Path) -> None:
    grey16 = (np.asarray(_upright()).astype(np.uint16) * 257).astype(np.uint16)
    path = tmp_path / "deep.png"
    Image.fromarray(grey16).save(path, dpi=(200, 200))
    loaded = pageimage.load_page_image(PageRef("deep", 1, path, DocKind.IMAGE), dpi=300)
    assert "scale-16-bit" in loaded.steps
    assert np.array_equal(np.asarray(loaded.image), np.asarray(_upright()))
    _reads(_page(path))


def test_a_negative_page_is_inverted(tmp_path: Path) -> None:
    path = tmp_path / "negative.png"
    Image.fromarray(255 - np.asarray(_upright())).save(path, dpi=(200, 200))
    loaded = pageimage.load_page_image(PageRef("neg", 1, path, DocKind.IMAGE), dpi=300)
    assert any(s.startswith("invert(") for s in loaded.steps)
    _reads(_page(path))


def test_a_page_mostly_under_a_redaction_block_is_no_negative(tmp_path: Path) -> None:
    # Synthetic, shaped like the Carter Page FISA release's page 3 (dev): a black block over
    # most of the page, its median grey black, its margins white paper.
    page = np.full((1055, 815), 255, np.uint8)
    page[145:882, 120:712] = 0
    path = tmp_path / "blocked.png"
    Image.fromarray(page).save(path, dpi=(96, 96))
    loaded = pageimage.load_page_image(PageRef("blocked", 1, path, DocKind.IMAGE), dpi=300)
    assert not any(s.startswith("invert(") for s in loaded.steps)
    assert np.asarray(loaded.image)[10, 10] > 200  # the paper stays white


def test_coloured_ink_survives_the_grey_conversion(tmp_path: Path) -> None:
    # A yellow stamp line and a red one: luminance makes yellow (255, 255, 0) nearly white.
    ink = np.asarray(_upright()) < 128
    rgb = np.full((*ink.shape, 3), 255, dtype=np.uint8)
    rows = np.arange(ink.shape[0])[:, None]
    half = ink.shape[0] // 2
    rgb[ink & (rows < half)] = (255, 255, 0)
    rgb[ink & (rows >= half)] = (220, 0, 0)
    path = tmp_path / "stamp.png"
    Image.fromarray(rgb, "RGB").save(path, dpi=(200, 200))
    loaded = pageimage.load_page_image(PageRef("stamp", 1, path, DocKind.IMAGE), dpi=300)
    assert any(s.startswith("grey(darkest channel") for s in loaded.steps)
    _reads(_page(path))


def test_a_highlighter_over_black_text_keeps_the_text(tmp_path: Path) -> None:
    # The opposite case: a large yellow area with black text on it must stay light.
    ink = np.asarray(_upright()) < 128
    rgb = np.full((*ink.shape, 3), 255, dtype=np.uint8)
    rgb[:, : ink.shape[1] * 3 // 4] = (255, 240, 60)
    rgb[ink] = (0, 0, 0)
    grey = pageimage.to_grey(rgb, steps := [])
    assert steps[0].startswith("grey(luminance")
    assert float(np.median(np.asarray(grey))) > 200


@pytest.mark.parametrize("mode", ["P", "CMYK", "LA", "1"])
def test_every_pillow_mode_becomes_an_8_bit_grey_page(tmp_path: Path, mode: str) -> None:
    img = _upright().convert("RGB").convert(mode)
    path = tmp_path / f"mode-{mode}.{'jpg' if mode == 'CMYK' else 'png' if mode != '1' else 'tif'}"
    img.save(path, dpi=(200, 200))
    kind = DocKind.TIFF if mode == "1" else DocKind.IMAGE
    loaded = pageimage.load_page_image(PageRef("m", 1, path, kind), dpi=300)
    assert loaded.image.mode == "L" and loaded.dpi == 200
    assert abs(float(np.asarray(loaded.image).mean()) - float(np.asarray(_upright()).mean())) < 8


def test_jpeg_2000_pages_come_in(tmp_path: Path) -> None:
    from pipeline.stages import ingest

    path = tmp_path / "archive.jp2"
    _upright().save(path, dpi=(200, 200))
    docs, errors = ingest.discover([path])
    assert not errors and docs[0].kind is DocKind.IMAGE
    _reads(_page(path), least=85)


# -- PDF page size ---------------------------------------------------------------------------


def _pdf(path: Path, width_pt: float, height_pt: float, user_unit: float | None = None) -> Path:
    from pypdf import PdfWriter
    from pypdf.generic import FloatObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=width_pt, height=height_pt)
    if user_unit is not None:
        page[NameObject("/UserUnit")] = FloatObject(user_unit)
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def test_an_oversize_pdf_page_is_rasterised_at_the_largest_dpi_that_fits(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(pageimage, "MAX_PAGE_PIXELS", 2_000_000)
    path = _pdf(tmp_path / "map.pdf", 10 * 72, 10 * 72)  # 10 x 10 inches
    loaded = pageimage.load_page_image(PageRef("map", 1, path, DocKind.PDF), dpi=300)
    assert loaded.dpi == 141  # floor(sqrt(2e6 / 100))
    assert loaded.image.size == (1410, 1410)
    assert "fit-dpi(141)" in loaded.steps
    assert "rasterised at 141 DPI" in loaded.warnings[0] and "--dpi" in loaded.warnings[0]


def test_a_page_too_large_even_at_the_least_dpi_fails_alone_with_the_reason(
    tmp_path: Path, monkeypatch
) -> None:
    from pipeline.core.errors import DocumentError

    monkeypatch.setattr(pageimage, "MAX_PAGE_PIXELS", 200_000)
    path = _pdf(tmp_path / "mural.pdf", 20 * 72, 20 * 72)
    with pytest.raises(DocumentError, match=r"page 1 is 20\.0x20\.0 inches: even at 100 DPI"):
        pageimage.load_page_image(PageRef("mural", 1, path, DocKind.PDF), dpi=300)


def test_pdf_user_unit_is_honoured(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "big.pdf", 2 * 72, 1 * 72, user_unit=2.0)  # 4 x 2 inches
    loaded = pageimage.load_page_image(PageRef("big", 1, path, DocKind.PDF), dpi=100)
    assert loaded.image.size == (400, 200)
    assert "user-unit(2)" in loaded.steps


def test_a_pdf_page_in_colour_becomes_grey_as_an_image_of_it_would(tmp_path: Path) -> None:
    # Synthetic: half the page orange (tinted paper: luminance is kept). PDFium renders B, G,
    # R; the page must come out as the same pixels in R, G, B order do (orange's luminance 170,
    # not the 123 of the channels read backwards), with the same coloured-ink evidence.
    rgb = np.full((200, 400, 3), 255, dtype=np.uint8)
    rgb[:, :200] = (255, 160, 0)
    path = tmp_path / "colour.pdf"
    Image.fromarray(rgb, "RGB").save(path, resolution=100.0, quality=100)
    loaded = pageimage.load_page_image(PageRef("colour", 1, path, DocKind.PDF), dpi=100)
    as_image = pageimage.to_grey(rgb, steps := [])
    assert loaded.image.size == (400, 200)
    assert loaded.steps[0] == "scan-dpi(100)"  # one scan over the page: read at its 100 DPI
    assert loaded.steps[1].split(":")[0] == steps[0].split(":")[0] == "grey(luminance"
    got, want = np.asarray(loaded.image).astype(int), np.asarray(as_image).astype(int)
    assert abs(got[100, 100] - want[100, 100]) <= 3 and abs(want[100, 100] - 170) <= 1


# -- evidence and unreadable pages ---------------------------------------------------------------


def test_a_page_that_reads_as_no_language_is_flagged_not_done(tmp_path: Path) -> None:
    # Synthetic: clear glyphs that make no words (consonant clusters and symbols), as OCR of a
    # photo, a chart or a script it does not know gives. Every reading is tried; none is text.
    junk = ["Xqzt bcdf #ghj klmn", "prst vwxz 7qq9 zzkt", "bbcd fghj klmm npqr"]
    path = tmp_path / "junk.png"
    render_lines(junk, dpi=200).save(path, dpi=(200, 200))
    page = _page(path)
    assert page.reading, "Tesseract read nothing: the fixture no longer tests the flag"
    assert page.status is PageStatus.MANUAL
    assert "no reading looks like text" in (page.reason or "")
    assert page.text == manual_mark(1, page.reason or "")  # its garbage is not its text
    assert page.warnings[0].startswith("manual transcription needed: ")
    assert len(page.attempts) >= 3 and sum(a.chosen for a in page.attempts) == 1


def test_evidence_tells_words_from_garbage() -> None:
    from pipeline.core.records import Line, Word

    text = ["The", "Minsk", "Group", "met", "in", "1994."]
    good = [Line("x", tuple(Word(w, 90.0) for w in text))]
    junk = [Line("x", tuple(Word(w, 30.0) for w in ["sdoi6", ",u|l", "lIl1", "~~", "xq"]))]
    assert evidence(good)[2] == 1.0 and evidence(good)[3] > 15
    assert evidence(junk)[2] < 0.3 and evidence(junk)[3] < 2


# -- the searchable PDF of a re-framed page ------------------------------------------------------


@pytest.fixture(scope="module")
def turned_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A batch of one upside-down page (synthetic), run with real Tesseract; its output folder."""
    from pipeline.core.config import RunConfig
    from pipeline.runner import run_batch

    root = tmp_path_factory.mktemp("turned")
    (root / "scans").mkdir()
    pageimage.turn(_upright(), 180).save(root / "scans/memo.png", dpi=(200, 200))
    out = root / "out"
    run_batch([root / "scans"], RunConfig(out_dir=out, jobs=1, reviews=root / "reviews"))
    return out / "memo"


def test_a_turned_page_is_read_turned_back(turned_batch: Path) -> None:
    import json

    page = json.loads((turned_batch / "pages/0001.json").read_text())
    assert page["rotation"] == 180 and "Minsk Group" in (turned_batch / "raw.txt").read_text()


def test_a_turned_page_has_a_searchable_pdf(turned_batch: Path) -> None:
    # Where its words land on the upside-down image: tests/test_reframed_exports.py.
    import pikepdf

    with pikepdf.open(turned_batch / "memo.pdf") as pdf:
        assert len(pdf.pages) == 1 and b"FoiaTextLayer" in pdf.pages[0].Contents[-1].read_bytes()


def test_a_png_at_100_dpi_keeps_its_dpi(tmp_path: Path) -> None:
    # PNG stores pixels per metre, so 100 DPI reads back as 99.9998: still 100, not "unknown".
    path = tmp_path / "p.png"
    _upright(dpi=100).save(path, dpi=(100, 100))
    assert pageimage.load_page_image(PageRef("p", 1, path, DocKind.IMAGE), dpi=300).dpi == 100


# -- faint typewriting ---------------------------------------------------------------------------

FAINT = [
    "few months. President Aliyev placed a resolution of the",
    "conflict at the top of his agenda in Washington and praised",
]


def _faint(path: Path, contrast: float, grain: float) -> Path:
    """Synthetic faint photocopy: thin monospace strokes only ``contrast`` grey levels below
    grey paper (205), under Gaussian grain of sigma ``grain``."""
    ink = 1 - np.asarray(render_lines(FAINT, dpi=300)).astype(float) / 255
    rng = np.random.default_rng(1)
    pixels = 205.0 - ink * contrast + rng.normal(0, grain, ink.shape)
    Image.fromarray(pixels.clip(0, 255).astype(np.uint8)).save(path, dpi=(300, 300))
    return path


def test_faint_grainy_typewriting_reads_after_the_first_pass_fails(tmp_path: Path) -> None:
    from pipeline.engines import tesseract

    path = _faint(tmp_path / "faint.png", contrast=45, grain=20)
    plain = " ".join(tesseract.plain_text(path).split())
    assert fuzz.ratio(plain, " ".join(FAINT)) < 30, plain  # plain Tesseract reads noise
    page = _page(path)
    assert fuzz.ratio(_words(page), " ".join(FAINT)) >= 75, _words(page)
    assert page.status is PageStatus.OK
    first, chosen = page.attempts[0], next(a for a in page.attempts if a.chosen)
    assert first.treatment is Treatment.AUTO and chosen is not first  # evidence chose another
    assert chosen.score > first.score


@pytest.fixture(scope="module")
def too_faint(tmp_path_factory: pytest.TempPathFactory) -> Page:
    """One reading of a page fainter than any treatment reads (shared: it tries them all)."""
    return _page(_faint(tmp_path_factory.mktemp("faint") / "fainter.png", contrast=20, grain=22))


def test_a_page_too_faint_for_any_treatment_is_flagged_not_done(too_faint: Page) -> None:
    # Its ink is barely told from the grain (0.1 % of it past 4 grains, blank paper 0.005 %):
    # flagged when a reading found something, else "no text found"; never garbage as text.
    assert too_faint.status is PageStatus.MANUAL or not too_faint.lines
    assert len(too_faint.attempts) >= 4  # every treatment was tried first
    if too_faint.status is PageStatus.MANUAL:
        assert too_faint.text == manual_mark(1, too_faint.reason or "")


@pytest.mark.xfail(strict=True, reason="contrast 20 under grain 22: no treatment reads it yet")
def test_the_faintest_page_reads(too_faint: Page) -> None:
    assert fuzz.ratio(_words(too_faint), " ".join(FAINT)) >= 75


def test_a_page_at_contrast_25_under_grain_22_reads(tmp_path: Path) -> None:
    # A strict xfail (as too faint for any treatment) until the strokes were smoothed along
    # their direction before the threshold at the grain (``Treatment.LINES``).
    page = _page(_faint(tmp_path / "faint25.png", contrast=25, grain=22))
    assert fuzz.ratio(_words(page), " ".join(FAINT)) >= 75, _words(page)
    assert next(a for a in page.attempts if a.chosen).treatment is Treatment.LINES


def test_a_fainter_page_reads(tmp_path: Path) -> None:
    # Contrast 35 under grain 22 (a strict xfail until the faint threshold joined a stroke's
    # weaker pixels to it: imaging.FAINT_WEAK_SIGMAS).
    page = _page(_faint(tmp_path / "fainter.png", contrast=35, grain=22))
    assert fuzz.ratio(_words(page), " ".join(FAINT)) >= 75, _words(page)
    chosen = next(a for a in page.attempts if a.chosen).treatment
    assert chosen in (Treatment.FAINT, Treatment.LINES)  # thresholded against the grain


def test_the_colour_check_is_the_channels_darkest_and_spread_pixel_by_pixel() -> None:
    # Synthetic: random colours, and the same pixels as a strided view (PDFium's bitmaps have
    # row padding). Grey is the darkest channel exactly where a pixel is coloured ink or, with
    # no such pixel, luminance: the definition, whichever way to_grey computes it.
    rng = np.random.default_rng(3)
    rgb = np.full((120, 90, 3), 250, dtype=np.uint8)
    rgb[10:20, 5:60] = rng.integers(0, 256, (10, 55, 3), dtype=np.uint8)
    padded = np.zeros((120, 100, 3), dtype=np.uint8)
    padded[:, :90] = rgb
    for pixels in (rgb, padded[:, :90]):
        a, b, c = (pixels[..., i].astype(int) for i in range(3))
        darkest = np.minimum(np.minimum(a, b), c)
        grey = np.asarray(pageimage.to_grey(pixels, steps := []))
        assert steps[0].startswith("grey(darkest channel")
        assert (grey == darkest).all()
    flat = np.repeat(rng.integers(0, 256, (50, 40, 1), dtype=np.uint8), 3, axis=2)
    assert (np.asarray(pageimage.to_grey(flat, steps := [])) == flat[..., 0]).all()
    assert steps == ["grey"]


def test_a_loaded_pages_pixels_are_handed_on_not_copied_and_never_stale(tmp_path: Path) -> None:
    # Synthetic page. Picture search and clean-up take the loaded page's own array back
    # (grey_pixels) instead of copying it out of Pillow; an image changed in place since, or
    # one not made from an array here, gives its own pixels (a copy).
    from PIL import ImageDraw

    path = tmp_path / "page.png"
    render_lines(LINES, dpi=150).save(path, dpi=(150, 150))
    loaded = pageimage.load_page_image(PageRef("page", 1, path, DocKind.IMAGE, 0), dpi=300)
    pixels = pageimage.grey_pixels(loaded.image)
    assert pageimage.grey_pixels(loaded.image) is pixels
    assert np.array_equal(pixels, np.asarray(loaded.image))
    with Image.open(path) as stored:
        assert np.array_equal(pixels, np.asarray(stored.convert("L")))
    other = loaded.image.copy()
    assert pageimage.grey_pixels(other) is not pixels
    assert np.array_equal(pageimage.grey_pixels(other), pixels)
    ImageDraw.Draw(loaded.image).rectangle([0, 0, 9, 9], fill=0)
    drawn = pageimage.grey_pixels(loaded.image)
    assert drawn is not pixels and drawn[:10, :10].max() == 0
    assert pixels[:10, :10].min() == 255  # the array it was made from is left alone


def test_a_page_fitted_below_dpi_is_warned_of_when_rasterised_not_when_reused(
    tmp_path: Path, monkeypatch, fake_ocr: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    # A re-run that took page 1 from the cache said again "rasterised page 1 at 141 DPI"
    # (runner._warn_fitted_dpi): only pages this run OCRed are named. Synthetic blank PDF.
    from pipeline.core.config import RunConfig
    from pipeline.runner import run_batch

    monkeypatch.setattr(pageimage, "MAX_PAGE_PIXELS", 2_000_000)
    (tmp_path / "scans").mkdir()
    _pdf(tmp_path / "scans" / "map.pdf", 10 * 72, 10 * 72)  # 10 x 10 inches
    config = RunConfig(
        out_dir=tmp_path / "out", ocr=OcrSettings(engine="fake"), jobs=1, correct=False
    )
    said = []
    for _ in range(2):
        caplog.clear()
        with caplog.at_level("WARNING", logger="pipeline.runner"):
            report = run_batch([tmp_path / "scans"], config)
        said.append([r.getMessage() for r in caplog.records if "rasterised" in r.getMessage()])
    assert report.documents[0].pages_reused == 1  # the second run reused the page
    assert len(said[0]) == 1 and "page 1 at 141 DPI instead of 300" in said[0][0], said
    assert said[1] == []
