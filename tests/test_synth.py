"""The scan generator: determinism, truth, writers, and one real Tesseract read-back."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from bench import synth
from bench.synth import Font, FurnitureKind, Style, Tier

# A cable-like text long enough for two pages at any spacing: header lines, then paragraphs.
HEADER = "E.O. 12958: DECL: 08/04/02\nTAGS: PREL, RS, AZ, AM, GG\nSUBJECT: ALIYEV VISIT\n"
PARAGRAPH = (
    "The visit confirmed -- and may even have advanced -- the progress we have made in the "
    "last few months on the Nagorno-Karabakh conflict and the Minsk Group negotiations."
)
TEXT = HEADER + "\n" + "\n\n".join(f"{i}. {PARAGRAPH}" for i in range(1, 25))
LOW_DPI = 80  # whole pages at this resolution render in a few milliseconds


def digest(image: Image.Image) -> str:
    return hashlib.sha256(image.tobytes()).hexdigest()


def words(text: str) -> list[str]:
    return text.split()


# ------------------------------------------------------------------------------- determinism


def test_same_call_same_pixels() -> None:
    a = synth.render(TEXT, style=Style.STATE_FOIA, tier=Tier.HARD, seed=5, dpi=LOW_DPI)
    b = synth.render(TEXT, style="state-foia", tier="hard", seed=5, dpi=LOW_DPI)
    assert [digest(p.image) for p in a.pages] == [digest(p.image) for p in b.pages]
    assert a.to_dict() == b.to_dict()


def test_different_seeds_differ() -> None:
    a = synth.render_snippet(["EXDIS CEDAR"], tier=Tier.MEDIUM, seed=1)
    b = synth.render_snippet(["EXDIS CEDAR"], tier=Tier.MEDIUM, seed=2)
    assert digest(a.image) != digest(b.image)
    assert a.truth.degradation != b.truth.degradation


def test_seed_fixes_identity_across_tiers() -> None:
    clean = synth.render(TEXT, style=Style.CIA_CREST, tier=Tier.CLEAN, seed=9, dpi=LOW_DPI)
    hard = synth.render(TEXT, style=Style.CIA_CREST, tier=Tier.HARD, seed=9, dpi=LOW_DPI)
    assert clean.identity == hard.identity
    other = synth.render(TEXT, style=Style.CIA_CREST, tier=Tier.CLEAN, seed=10, dpi=LOW_DPI)
    assert other.identity != clean.identity


def test_clean_tier_is_undegraded() -> None:
    page = synth.render_snippet(["TAGS: PREL"], tier=Tier.CLEAN)
    assert page.truth.degradation == synth.Degradation()
    assert {0, 255} <= set(np.unique(np.asarray(page.image)).tolist())


# ------------------------------------------------------------------------------- layout truth


@pytest.mark.parametrize("spacing", list(synth.Spacing))
def test_body_lines_carry_all_the_text(spacing: synth.Spacing) -> None:
    r = synth.render(TEXT, style=Style.STATE_FOIA, seed=1, dpi=LOW_DPI, spacing=spacing)
    assert len(r.pages) >= 2
    drawn = [line.text for page in r.pages for line in page.truth.body]
    assert words("\n".join(drawn)) == words(r.body_text)
    assert max(len(t) for t in drawn) <= 66
    # Short header lines keep their own lines.
    assert drawn[:3] == HEADER.splitlines()


def test_double_spacing_needs_more_pages() -> None:
    single = synth.render(TEXT, style=Style.NONE, dpi=LOW_DPI)
    double = synth.render(TEXT, style=Style.NONE, dpi=LOW_DPI, spacing="double")
    assert len(double.pages) > len(single.pages)


def test_teletype_is_all_caps_and_typewriter_folding() -> None:
    r = synth.render("Zahedi's communiqu\u00e9 \u201cclear\u201d \u2014 yes", style=Style.TELETYPE)
    assert r.body_text == 'ZAHEDI\'S COMMUNIQUE "CLEAR" -- YES'
    assert r.pages[0].truth.body_text == r.body_text


def kinds(page: synth.Page) -> set[FurnitureKind]:
    return {f.kind for f in page.truth.furniture}


def texts(page: synth.Page, kind: FurnitureKind) -> list[str]:
    return [f.text for f in page.truth.furniture if f.kind is kind]


@pytest.mark.parametrize("style", [s for s in Style if s is not Style.NONE])
def test_every_style_has_banners_and_per_page_numbers(style: Style) -> None:
    r = synth.render(TEXT, style=style, seed=3, dpi=LOW_DPI)
    first, second = r.pages[0], r.pages[1]
    for page in (first, second):
        assert FurnitureKind.BANNER in kinds(page)
        for f in page.truth.furniture:
            assert f.text.strip() and f.box[2] > 0 and f.box[3] > 0
            left, top, width, height = f.box
            assert left >= 0 and top >= 0
            assert left + width <= page.truth.width and top + height <= page.truth.height
    # Whatever identifies the page changes from page to page, the document's ids do not.
    numbered = {
        Style.STATE_FOIA: FurnitureKind.PAGE_NUMBER,
        Style.TELETYPE: FurnitureKind.TELETYPE_HEADER,
        Style.CIA_CREST: FurnitureKind.PAGE_NUMBER,
        Style.JFK_NARA: FurnitureKind.CASE_STAMP,
        Style.FL_BATES: FurnitureKind.CASE_STAMP,
    }[style]
    assert texts(first, numbered) != texts(second, numbered)
    assert texts(second, numbered)


def test_state_foia_forms() -> None:
    r = synth.render(TEXT, style=Style.STATE_FOIA, seed=4, dpi=LOW_DPI)
    first, second = r.pages[0], r.pages[1]
    assert texts(first, FurnitureKind.RELEASE_STAMP)[0].startswith("RELEASE IN ")
    assert not texts(second, FurnitureKind.RELEASE_STAMP)
    assert FurnitureKind.PAGE_NUMBER not in kinds(first)  # a telegram's page 1 has none
    assert texts(second, FurnitureKind.PAGE_NUMBER)[0] in {"2", "- 2 -"}
    (footer,) = texts(second, FurnitureKind.CASE_STAMP)
    assert re.fullmatch(
        r"UNCLASSIFIED U\.S\. Department of State Case No\. F-\d{4}-\d{5} "
        r"Doc No\. C\d{8} Date: \d\d/\d\d/\d{4}",
        footer,
    )
    assert texts(first, FurnitureKind.CASE_STAMP) == [footer]


def test_teletype_crest_jfk_bates_forms() -> None:
    tt = synth.render(TEXT, style=Style.TELETYPE, seed=2, dpi=LOW_DPI).pages[1]
    assert re.fullmatch(
        r"\S.* +PAGE 02 +[A-Z]+ \d{5,6} \d{6}Z", texts(tt, FurnitureKind.TELETYPE_HEADER)[0]
    )
    crest = synth.render(TEXT, style=Style.CIA_CREST, seed=2, dpi=LOW_DPI)
    line = texts(crest.pages[0], FurnitureKind.RELEASE_STAMP)
    assert len(line) == 2 and line[0] == line[1]
    assert re.search(r"Release \d{4}/\d\d/\d\d : CIA-RDP\d\d[-A-Z]\d{5}[RA]\d{12}-\d$", line[0])
    assert texts(crest.pages[1], FurnitureKind.PAGE_NUMBER) == [f"Page 2 of {len(crest.pages)}"]
    jfk = synth.render(TEXT, style=Style.JFK_NARA, seed=2, dpi=LOW_DPI)
    assert any("Kennedy" in t for t in texts(jfk.pages[0], FurnitureKind.RELEASE_STAMP))
    assert re.fullmatch(
        r"NW \d{5} DocId:\d{8} Page \d+", texts(jfk.pages[1], FurnitureKind.CASE_STAMP)[0]
    )
    bates = synth.render(TEXT, style=Style.FL_BATES, seed=2, dpi=LOW_DPI)
    numbers = [
        int(re.search(r" [AB]-(\d{11}) ", texts(p, FurnitureKind.CASE_STAMP)[0]).group(1))
        for p in bates.pages
    ]
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def test_truth_serialises_to_json(tmp_path: Path) -> None:
    r = synth.render(TEXT, style=Style.JFK_NARA, tier=Tier.MEDIUM, seed=1, dpi=LOW_DPI)
    path = synth.write_truth(r, tmp_path / "truth.json")
    data = json.loads(path.read_text())
    assert data["options"]["style"] == "jfk-nara"
    assert data["pages"][0]["furniture"][0]["kind"] in {k.value for k in FurnitureKind}
    assert data["body_text"] == r.body_text


# ------------------------------------------------------------------------------- writers


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_writers_are_deterministic_and_readable(tmp_path: Path) -> None:
    r = synth.render(TEXT, style=Style.STATE_FOIA, tier=Tier.MEDIUM, seed=3, dpi=LOW_DPI)
    n = len(r.pages)
    outs = []
    for run in ("a", "b"):
        folder = tmp_path / run
        pngs = synth.write_pngs(r.images, folder / "pages")
        pdf = synth.write_pdf(r.images, folder / "doc.pdf")
        tif = synth.write_tiff(r.images, folder / "doc.tif")
        g4 = synth.write_tiff(r.images, folder / "g4.tif", bilevel_pages=True)
        bw = synth.write_pngs(r.images, folder / "bw", bilevel_pages=True)
        outs.append([sha(p) for p in [*pngs, pdf, tif, g4, *bw]])
    assert outs[0] == outs[1]

    assert [p.name for p in pngs] == [f"{i:04d}.png" for i in range(1, n + 1)]
    with Image.open(pngs[0]) as im:
        assert im.mode == "L" and round(im.info["dpi"][0]) == LOW_DPI
    with Image.open(bw[0]) as im:
        assert im.mode == "1" and im.size == r.images[0].size
    for tiff, mode in ((tif, "L"), (g4, "1")):
        with Image.open(tiff) as im:
            assert im.n_frames == n and im.mode == mode
    doc = pdfium.PdfDocument(str(pdf))
    try:
        assert len(doc) == n
        assert [round(x) for x in doc[0].get_size()] == [612, 792]  # US letter in points
    finally:
        doc.close()


def test_cli_render(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    gold = tmp_path / "doc.txt"
    gold.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    args = ["render", str(gold), "--out", str(out), "--style", "teletype", "--tier", "clean"]
    args += ["--dpi", str(LOW_DPI), "--pdf", "--tiff"]
    result = CliRunner().invoke(synth.app, args)
    assert result.exit_code == 0, result.output
    assert (out / "0001.png").is_file() and (out / "truth.json").is_file()
    assert (out / "doc.pdf").is_file() and (out / "doc.tif").is_file()


# ------------------------------------------------------------------------------- fonts, gold


def test_missing_font_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(synth._FONT_FILES, Font.NIMBUS_MONO, ("/nonexistent/NimbusMonoPS.otf",))
    with pytest.raises(synth.FontNotFoundError, match="apt-get install fonts-urw-base35"):
        synth.render("x", font=Font.NIMBUS_MONO)
    monkeypatch.setattr(synth, "FONT_PREFERENCE", ())
    with pytest.raises(synth.FontNotFoundError, match="no monospace font"):
        synth.default_font()


@pytest.mark.parametrize("font", synth.available_fonts())
def test_every_installed_face_gives_65_columns(font: Font) -> None:
    r = synth.render(TEXT, font=font, style=Style.NONE, dpi=LOW_DPI)
    assert 60 <= max(len(line.text) for line in r.pages[0].truth.body) <= 66


def test_gold_index_lists_every_gold_text() -> None:
    docs = synth.gold_documents()
    files = sorted(p.name for p in synth.GOLD_DIR.glob("*.txt"))
    assert sorted(d.file for d in docs) == files and len(files) >= 12
    for d in docs:
        text = d.text()
        assert text.isascii() and text == synth.typewriter_text(text) + "\n", d.file


# ------------------------------------------------------------------------------- tesseract


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_tesseract_reads_a_clean_snippet() -> None:
    from rapidfuzz import fuzz

    from pipeline.engines import tesseract

    lines = ["TAGS: PREL, RS, AZ, AM, GG", "The visit confirmed the progress we have made."]
    page = synth.render_snippet(lines, font=Font.FREEMONO, tier=Tier.CLEAN, seed=0, dpi=150)
    assert page.image.width < 1400 and page.image.height < 400  # a tight crop: fast
    text = "\n".join(ln.text for ln in tesseract.ocr_words(page.image, psm=6, dpi=150))
    assert fuzz.ratio(" ".join(text.split()), " ".join(lines)) > 95
