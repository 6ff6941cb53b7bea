"""A page image that does not say its resolution is read at the one it has, not at 300.

Screenshots, web images and phone photos carry no DPI, or a program's default (72, 96): page
normalisation estimates the page's DPI from its paper shape and type size, records it, and
that one DPI reaches Tesseract, the enlarging of small type, the redaction finder and the
searchable PDF. Fixtures are synthetic (``bench.synth`` letter pages, a few typed lines) and
read by the real Tesseract; the real FBI page without a DPI tag is tested in
``tests/test_redaction_real.py``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bench import synth
from bench.metrics import cer
from pipeline.core.config import OcrSettings
from pipeline.core.enums import DocKind
from pipeline.core.records import Page, PageRef
from pipeline.stages import pageimage
from pipeline.stages.ocr import ocr_page

TEXT = (
    "The Minsk Group met in Geneva in September to review the progress made on the "
    "negotiations since the visit of the Deputy Secretary.\n\n"
    "President Aliyev placed a resolution of the conflict at the top of his agenda."
)


def _letter(dpi: int) -> synth.Page:
    """A clean letter page (8.5 x 11 in) of ``TEXT`` rendered at ``dpi``, no furniture."""
    return synth.render(TEXT, style="none", dpi=dpi, seed=4).pages[0]


def _save(img: Image.Image, path: Path, dpi: tuple[float, float] | None) -> Path:
    plain = Image.frombytes(img.mode, img.size, img.tobytes())  # no info, no DPI tag
    if dpi is None:
        plain.save(path)
    else:
        plain.save(path, dpi=dpi)
    return path


def _read(path: Path) -> Page:
    return ocr_page(PageRef(path.stem, 1, path, DocKind.IMAGE), OcrSettings())


def _estimated(page: Page) -> str:
    return next(s for s in page.preprocessing if s.startswith("dpi-estimated("))


# -- the estimate -----------------------------------------------------------------------------


@pytest.mark.parametrize("dpi", [72, 100, 150, 300])
def test_a_letter_page_gets_its_dpi_from_its_size_and_type(dpi: int) -> None:
    got, why = pageimage.estimate_dpi(np.asarray(_letter(dpi).image), 300)
    assert got == dpi and "as Letter 11 in" in why


def test_an_a4_page_is_read_as_a4() -> None:
    letter = np.asarray(_letter(100).image)
    a4 = np.full((1169, 827), 255, np.uint8)
    a4[:1100, :827] = letter[:, :827]
    got, why = pageimage.estimate_dpi(a4, 300)
    assert got == 100 and "A4" in why


def test_a_clipping_keeps_the_run_dpi_when_its_type_fits_it() -> None:
    # Not a paper's shape (a crop of a 300-dpi page): the type, 30 px, fits 300 dpi.
    crop = np.asarray(synth.render_snippet(TEXT.split("\n")[:1], dpi=300).image)
    got, why = pageimage.estimate_dpi(crop, 300)
    assert got == 300 and "not a paper's shape" in why


def test_a_clipping_with_small_type_gets_its_dpi_from_the_type() -> None:
    crop = np.asarray(synth.render_snippet(["the visit confirmed the progress"] * 3, dpi=100).image)
    got, why = pageimage.estimate_dpi(crop, 300)
    # Type alone is rough: lower-case type measures its x-height (7 px here), capitals more.
    assert 70 <= got <= 140 and "11-pt type" in why


def test_a_blank_image_of_no_paper_shape_keeps_the_run_dpi() -> None:
    got, why = pageimage.estimate_dpi(np.full((400, 900), 255, np.uint8), 300)
    assert got == 300 and "no type to measure" in why


@pytest.mark.parametrize(
    ("tag", "believed"),
    [
        (None, None),
        ((72, 72), None),
        ((96, 96), None),
        ((1, 1), None),
        ((75, 75), (75, 75)),
        ((100, 100), (100, 100)),
        ((204, 98), (204, 98)),
    ],
)
def test_only_a_scanner_setting_is_believed(tmp_path: Path, tag, believed) -> None:
    path = _save(Image.new("L", (85, 110), 255), tmp_path / "p.png", tag)
    with Image.open(path) as img:
        assert pageimage._image_dpi(img) == believed


# -- end to end with the real Tesseract ------------------------------------------------------------


@pytest.fixture(scope="module")
def low(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Page]:
    """The 100-dpi letter page read three ways: tagged 100, untagged, tagged 72."""
    root = tmp_path_factory.mktemp("dpi")
    image = _letter(100).image
    return {
        name: _read(_save(image, root / f"{name}.png", tag))
        for name, tag in (("tagged", (100, 100)), ("untagged", None), ("placeholder", (72, 72)))
    }


def test_a_page_tagged_with_its_dpi_is_not_estimated(low: dict[str, Page]) -> None:
    page = low["tagged"]
    assert page.dpi == 100 and not any(s.startswith("dpi-") for s in page.preprocessing)


@pytest.mark.parametrize("name", ["untagged", "placeholder"])
def test_an_untagged_low_resolution_page_reads_like_a_tagged_one(
    low: dict[str, Page], name: str
) -> None:
    truth = " ".join(_letter(100).truth.body_text.split())
    page, tagged = low[name], low["tagged"]
    assert page.dpi == 100
    why = "no DPI tag" if name == "untagged" else "72 dpi tag is a software default"
    assert _estimated(page).startswith(f"dpi-estimated(100: {why}; long side 1100 px as Letter")
    assert any(s.startswith("upscale(x3 to 300 dpi") for s in page.preprocessing)
    assert cer(page.text, truth) <= cer(tagged.text, truth) + 0.03, page.text


def test_a_300_dpi_untagged_scan_stays_300(tmp_path: Path) -> None:
    path = _save(_letter(300).image, tmp_path / "scan.png", None)
    loaded = pageimage.load_page_image(PageRef("scan", 1, path, DocKind.IMAGE), dpi=300)
    assert loaded.dpi == 300
    assert loaded.steps[-1].startswith("dpi-estimated(300: no DPI tag; long side 3300 px")


def test_the_searchable_pdf_of_an_untagged_page_is_letter_size(tmp_path: Path) -> None:
    import pikepdf

    from pipeline.core.config import RunConfig
    from pipeline.runner import run_batch

    (tmp_path / "scans").mkdir()
    _save(_letter(100).image, tmp_path / "scans/web.png", None)
    out = tmp_path / "out"
    run_batch([tmp_path / "scans"], RunConfig(out_dir=out, jobs=1, reviews=tmp_path / "rev"))
    with pikepdf.open(out / "web/web.pdf") as pdf:
        box = [float(v) for v in pdf.pages[0].MediaBox]
    assert box[2] - box[0] == pytest.approx(612, abs=1) and box[3] - box[1] == pytest.approx(
        792, abs=1
    )


def test_a_page_of_letter_shape_with_type_of_another_size_says_so() -> None:
    # A letter-shaped image whose type is far too big for the size the shape gives (a 300-dpi
    # crop of large print, 1100 px long): the shape is not trusted, the type decides.
    big = np.asarray(synth.render_snippet(["THE MINSK GROUP MET"] * 12, dpi=300).image)
    img = np.full((1100, 850), 255, np.uint8)
    h, w = min(1100, big.shape[0]), min(850, big.shape[1])
    img[:h, :w] = big[:h, :w]
    got, why = pageimage.estimate_dpi(img, 300)
    assert got == 300 and why.startswith("Letter's shape but not its type at 100")


def test_image_dpi_is_taken_instead_of_the_estimate_and_only_where_no_dpi_is_stated(
    tmp_path: Path,
) -> None:
    """``--image-dpi``: the user's word for images that state no DPI; a stated one is kept."""
    image = _letter(100).image
    untagged = _save(image, tmp_path / "untagged.png", None)
    tagged = _save(image, tmp_path / "tagged.png", (100, 100))

    def load(path: Path) -> pageimage.LoadedPage:
        ref = PageRef(path.stem, 1, path, DocKind.IMAGE)
        return pageimage.load_page_image(ref, dpi=300, image_dpi=150)

    given = load(untagged)
    assert given.dpi == 150
    assert given.steps[-1] == "dpi-given(150: no DPI tag; --image-dpi)"
    kept = load(tagged)
    assert kept.dpi == 100 and not any(s.startswith("dpi-") for s in kept.steps)
    with pytest.raises(ValueError, match="--image-dpi"):
        OcrSettings(image_dpi=20)
