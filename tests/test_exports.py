"""The outputs archivists use: searchable PDF, ALTO, hOCR and the batch search index.

Most tests run the real pipeline on small rendered page images read by the fake OCR engine
(``fake_ocr``; synthetic text written here), so the stages, the runner and the writer are real
and only recognition is replaced. One test OCRs with real Tesseract and reads the PDF back with
``pdftotext`` (poppler-utils, which ``make test`` installs).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pikepdf
import pytest
from lxml import etree
from PIL import Image
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.core.config import OcrSettings, RunConfig
from pipeline.core.enums import CorrectionDecision, DocStatus, PageSource
from pipeline.core.records import BBox, Line, Page, Word
from pipeline.core.results import Correction
from pipeline.exports.layout import FinalPage, final_pages
from pipeline.exports.pdf import unturn
from pipeline.runner import run_batch
from pipeline.stages.strip.stage import unstripped
from tests.conftest import render_lines

ALTO_XSD = Path(__file__).parent / "data" / "alto" / "alto-4-4.xsd"
ALTO = "{http://www.loc.gov/standards/alto/ns-v4#}"
PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils)")

# Synthetic two-page memo: a banner and a page label on each page (furniture), a word OCR
# misread with low confidence (corrected), a word broken at a line end, place names to find.
MEMO = {
    "p-1.png": "UNCLASSIFIED\n"
    "The negotations~40 in Lachin continued with the\n"
    "Foreign Minister of Armenia and his col-\n"
    "leagues from Baku.\n\nPage 1 of 2",
    "p-2.png": "UNCLASSIFIED\n"
    "The delegation left for Shusha on Monday.\n"
    "End of text.\n\nPage 2 of 2",
}
CABLE = (
    'FL-2017-13804\tB-00002120060\t"UNCLASSIFIED"\t3/16/2023 FLI\n\n'
    "UNCLASSIFIED\n\n"
    "TAGS: PREL, AM, AJ\nSUBJECT: TALKS ON NAGORNO-KARABAKH\n\n"
    "1. The talks in Stepanakert went well.\n"
)


def _schema() -> etree.XMLSchema:
    """ALTO 4.4 with its xlink import read from the copy beside it (no network)."""

    class Local(etree.Resolver):
        def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
            if url.endswith("xlink.xsd"):
                return self.resolve_filename(str(ALTO_XSD.parent / "xlink.xsd"), context)
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Local())
    return etree.XMLSchema(etree.parse(str(ALTO_XSD), parser))


@pytest.fixture
def batch(tmp_path: Path, fake_ocr: dict[str, str]) -> Path:
    """scans/: memo/ (two page images, one document) and cable.txt (text, no images)."""
    scans = tmp_path / "scans"
    (scans / "memo").mkdir(parents=True)
    for name, text in MEMO.items():
        # Different pictures: the OCR cache is keyed by the image, not the file name.
        image = render_lines(text.split("\n"), dpi=100)
        image.save(scans / "memo" / name, dpi=(100, 100))
        fake_ocr[name] = text
    (scans / "cable.txt").write_text(CABLE)
    return scans


def _run(scans: Path, out: Path, **kw) -> None:
    config = RunConfig(
        out_dir=out,
        ocr=kw.pop("ocr", OcrSettings(engine="fake")),
        jobs=1,
        reviews=out.parent / "reviews",
        **kw,
    )
    report = run_batch([scans], config)
    assert not report.failed, report.failed


def _partial(scans: Path, out: Path) -> None:
    """Run the fake engine; the one document is partial (a page failed alone)."""
    config = RunConfig(
        out_dir=out, ocr=OcrSettings(engine="fake"), jobs=1, reviews=out.parent / "reviews"
    )
    (doc,) = run_batch([scans], config).documents
    assert doc.status is DocStatus.PARTIAL, doc.reason


def _snapshot(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.relative_to(out).as_posix().startswith((".", "manifest"))
    }


def _pdftotext(pdf: Path, *args: str) -> str:
    assert PDFTOTEXT is not None
    return subprocess.run(
        [PDFTOTEXT, *args, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


# --- the final words -------------------------------------------------------------------------


def test_final_words_replay_clean_txt_and_keep_what_ocr_read(batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(batch, out)
    con = sqlite3.connect(out / "index.sqlite")
    for name in ("memo", "cable"):
        pages = [
            t for (t,) in con.execute("SELECT text FROM pages WHERE name=? ORDER BY page", (name,))
        ]
        clean = (out / name / "clean.txt").read_text()
        assert " ".join(pages).split() == clean.split()
    memo = (out / "memo" / "clean.txt").read_text()
    assert "negotiations" in memo and "colleagues" in memo  # the pipeline did correct and rejoin


def test_alto_is_valid_and_carries_corrections_hyphens_and_furniture(
    batch: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _run(batch, out)
    schema = _schema()
    for name in ("memo", "cable"):
        doc = etree.parse(str(out / name / "alto.xml"))
        assert schema.validate(doc), schema.error_log
    doc = etree.parse(str(out / "memo" / "alto.xml"))
    pages = doc.findall(f".//{ALTO}Page")
    assert len(pages) == 2
    (word,) = doc.findall(f".//{ALTO}String[@CONTENT='negotiations']")
    assert word.find(f"{ALTO}ALTERNATIVE").text == "negotations"
    assert word.get("WC") == "0.40" and word.get("HPOS") is not None
    first, second = doc.findall(f".//{ALTO}String[@SUBS_CONTENT='colleagues']")
    assert (first.get("CONTENT"), first.get("SUBS_TYPE")) == ("col-", "HypPart1")
    assert (second.get("CONTENT"), second.get("SUBS_TYPE")) == ("leagues", "HypPart2")
    # Furniture is margin content, tagged with its kind; the body has none of it.
    for page in pages:
        top = page.find(f"{ALTO}TopMargin")
        assert [s.get("CONTENT") for s in top.iter(f"{ALTO}String")] == ["UNCLASSIFIED"]
        assert top.find(f"{ALTO}TextBlock").get("TAGREFS") == "furniture-banner"
        bottom = page.find(f"{ALTO}BottomMargin")
        assert " ".join(s.get("CONTENT") for s in bottom.iter(f"{ALTO}String")).startswith("Page")
        space = page.find(f"{ALTO}PrintSpace")
        body = " ".join(s.get("CONTENT") for s in space.iter(f"{ALTO}String"))
        assert "UNCLASSIFIED" not in body


def test_hocr_has_words_boxes_confidences_and_alternatives(batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(batch, out)
    root = etree.parse(str(out / "memo" / "hocr.html"))
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    assert len(root.findall(".//h:div[@class='ocr_page']", ns)) == 2
    word = root.xpath(".//h:span[@class='ocrx_word'][.//h:ins='negotiations']", namespaces=ns)[0]
    assert word.xpath("string(.//h:del)", namespaces=ns) == "negotations"
    assert "x_wconf 40" in word.get("title") and word.get("title").startswith("bbox ")
    headers = root.findall(".//h:span[@class='ocr_header']", ns)
    assert [h.xpath("string(.)", namespaces=ns).strip() for h in headers] == ["UNCLASSIFIED"] * 2
    assert len(root.findall(".//h:span[@class='ocr_pageno']", ns)) == 2


def test_merged_correction_is_one_word_over_both_boxes() -> None:
    """A correction over two tokens ("negoti ations") becomes one word; a proposal is kept."""
    words = [("The", 0), ("negoti", 40), ("ations", 120), ("resume", 220)]
    line = Line(
        "The negoti ations resume",
        tuple(Word(t, 90.0, BBox(x, 10, len(t) * 10, 20)) for t, x in words),
        block=1,
        par=1,
        line=1,
    )
    page = Page(1, (line,), PageSource.OCR, width=400, height=100, dpi=100)
    strip = unstripped([page])

    def record(start: int, end: int, new: str, decision: CorrectionDecision) -> Correction:
        original = strip.text[start:end]
        return Correction(
            "c" + original, 1, 0, start, end, None, original, new, (), decision, "", None, ""
        )

    merged = record(4, 17, "negotiations", CorrectionDecision.ACCEPTED)
    proposed = record(18, 24, "resumed", CorrectionDecision.PROPOSED)
    (final,) = final_pages([page], strip, [merged, proposed])
    texts = [(w.text, w.ocr) for w in final.lines[0].words]
    assert texts == [
        ("The", "The"),
        ("negotiations", "negoti ations"),
        ("resume", "resume"),
    ]
    merged_word = final.lines[0].words[1]
    assert merged_word.bbox == BBox(40, 10, 140, 20)
    assert final.lines[0].words[2].proposal == "resumed"
    assert final.text() == "The negotiations resume"


def test_deskewed_boxes_are_turned_back_onto_the_image() -> None:
    """A point OpenCV's turn moved (what OCR saw) lands where it is on the untouched image."""
    width, height, dpi, angle = 800, 600, 144, 2.5
    page = FinalPage(1, width, height, dpi, angle, PageSource.OCR)
    m = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    scale = 72 / dpi
    for x, y in [(100.0, 50.0), (700.0, 500.0), (400.0, 300.0)]:
        tx, ty = m @ np.array([x, y, 1.0])  # where OCR saw the point, in pixels
        px, py = unturn(page).apply(tx * scale, (height - ty) * scale)
        assert px == pytest.approx(x * scale, abs=1e-6)
        assert py == pytest.approx((height - y) * scale, abs=1e-6)


# --- the searchable PDF ----------------------------------------------------------------------


@needs_pdftotext
def test_pdf_has_the_corrected_words_on_their_pages_furniture_last(
    batch: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _run(batch, out)
    pdf = out / "memo" / "memo.pdf"
    assert not (out / "cable" / "cable.pdf").exists()  # text input: no page images
    page1 = _pdftotext(pdf, "-raw", "-f", "1", "-l", "1")
    page2 = _pdftotext(pdf, "-raw", "-f", "2", "-l", "2")
    assert "negotiations" in page1.split() and "negotations" not in page1
    assert "Shusha" in page2 and "Shusha" not in page1
    lines = [ln for ln in page1.splitlines() if ln.strip()]
    assert lines[0].startswith("The negotiations in Lachin")
    assert lines[-2:] == ["UNCLASSIFIED", "Page 1 of 2"]  # in the layer, after the body
    with pikepdf.open(pdf) as doc:
        assert len(doc.pages) == 2


def test_pdf_embeds_the_page_images_untouched_as_pdfa(batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(batch, out)
    with pikepdf.open(out / "memo" / "memo.pdf") as doc:
        for n, page in enumerate(doc.pages, start=1):
            (image,) = page.get_images().values()
            embedded = pikepdf.PdfImage(image).as_pil_image()
            original = Image.open(batch / "memo" / f"p-{n}.png")
            assert embedded.size == original.size
            assert embedded.tobytes() == original.convert(embedded.mode).tobytes()
            # The page is the image's size at its DPI (100): points = pixels * 72 / 100.
            assert float(page.mediabox[2]) == pytest.approx(original.width * 0.72)
        with doc.open_metadata() as meta:
            assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
        assert doc.Root.OutputIntents[0].S == "/GTS_PDFA1"
        fonts = [
            f for f in doc.objects if isinstance(f, pikepdf.Dictionary) and f.get("/FontFile2")
        ]
        assert fonts and all(int(f.FontFile2.Length1) > 0 for f in fonts)  # embedded
        assert doc.trailer.ID is not None
        assert "/CreationDate" not in doc.docinfo and "/ModDate" not in doc.docinfo


def test_a_pdf_input_keeps_its_own_pages_and_gets_a_text_layer(
    tmp_path: Path, fake_ocr: dict[str, str]
) -> None:
    scans = tmp_path / "scans"
    scans.mkdir()
    render_lines(["x"] * 3, dpi=100).save(scans / "scan.pdf", resolution=100)
    fake_ocr["scan.pdf"] = "The talks in Lachin resumed today."
    with pikepdf.open(scans / "scan.pdf") as src:
        before = [c.read_bytes() for c in [src.pages[0].Contents]]
    out = tmp_path / "out"
    _run(scans, out)
    with pikepdf.open(out / "scan" / "scan.pdf") as doc:
        contents = doc.pages[0].Contents
        streams = [c.read_bytes() for c in contents]
        assert streams[1] == before[0]  # the page's own drawing, untouched, between q and Q
        assert b"FoiaTextLayer" in streams[-1]
        with doc.open_metadata() as meta:
            assert "pdfaid:part" not in meta  # its own pages may not conform: not claimed
    if PDFTOTEXT:
        assert "Lachin" in _pdftotext(out / "scan" / "scan.pdf")


@needs_pdftotext
def test_a_page_that_could_not_be_read_is_in_the_pdf_without_text(
    tmp_path: Path, fake_ocr: dict[str, str], caplog, monkeypatch
) -> None:
    """Synthetic: memo/ with a good page and a 4x4-pixel image (too small to be a page: it
    fails alone, the document is partial); then the same when img2pdf cannot embed it."""
    scans = tmp_path / "scans"
    (scans / "memo").mkdir(parents=True)
    render_lines(["The talks in Lachin resumed."], dpi=100).save(scans / "memo" / "p-1.png")
    Image.new("L", (4, 4), 255).save(scans / "memo" / "p-2.png")
    fake_ocr["p-1.png"] = "The talks in Lachin resumed."
    out = tmp_path / "out"
    _partial(scans, out)
    pdf = out / "memo" / "memo.pdf"
    with pikepdf.open(pdf) as doc:
        assert len(doc.pages) == 2  # the page count of the source
    assert "Lachin" in _pdftotext(pdf, "-f", "1", "-l", "1")
    assert _pdftotext(pdf, "-f", "2", "-l", "2").strip() == ""

    # When the failed page's image cannot be embedded either (img2pdf refuses the file):
    import img2pdf

    convert = img2pdf.convert

    def refuse(path, **kw):  # type: ignore[no-untyped-def]
        if str(path).endswith("p-2.png"):
            raise img2pdf.ImageOpenError("cannot read input image")
        return convert(path, **kw)

    monkeypatch.setattr(img2pdf, "convert", refuse)
    out = tmp_path / "out2"
    _partial(scans, out)
    assert not (out / "memo" / "memo.pdf").exists()  # rather none than one with a page missing
    assert (out / "memo" / "alto.xml").is_file()
    assert any("no searchable PDF" in r.getMessage() for r in caplog.records)


def test_img2pdf_notes_name_the_page_image(tmp_path: Path, caplog) -> None:
    """Synthetic RGBA page (OCRmyPDF's baiona_alpha.png, a real transparent PNG, printed
    "Image contains an alpha channel. …" bare on stderr between a run's result lines, naming
    no file: eyes36). img2pdf's notes are said by the PDF writer, with the file's name."""
    from pipeline.core.enums import DocKind
    from pipeline.core.records import PageRef
    from pipeline.exports.pdf import searchable_pdf

    page_image = render_lines(["The talks in Lachin resumed."], dpi=100).convert("RGBA")
    page_image.putpixel((0, 0), (255, 255, 255, 0))  # one transparent pixel: a real alpha
    path = tmp_path / "memo.png"
    page_image.save(path, dpi=(100, 100))
    page = FinalPage(1, *page_image.size, 100, 0.0, PageSource.OCR)
    ref = PageRef("memo", 1, path, DocKind.IMAGE)
    caplog.set_level("INFO")
    assert searchable_pdf(DocKind.IMAGE, path, [ref], [page], "memo").startswith(b"%PDF")
    notes = [r for r in caplog.records if "alpha channel" in r.getMessage()]
    assert notes, "img2pdf says nothing of the alpha channel any more: test needs a new note"
    assert all(r.name == "pipeline.exports.pdf" for r in notes)
    assert all(r.getMessage().startswith("memo.png: searchable PDF: ") for r in notes)


def test_no_pdf_skips_it_and_removes_an_earlier_one(batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(batch, out)
    assert (out / "memo" / "memo.pdf").is_file()
    _run(batch, out, pdf=False)
    assert not (out / "memo" / "memo.pdf").exists()
    assert (out / "memo" / "alto.xml").is_file()


def test_rerun_changes_no_byte_and_a_fresh_folder_gives_the_same_bytes(
    batch: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _run(batch, out)
    before = _snapshot(out)
    kept = [p for p in before if p.endswith(".pdf") or p == "index.sqlite"]
    stamps = {p: (out / p).stat().st_mtime_ns for p in kept}
    _run(batch, out)
    assert _snapshot(out) == before
    assert {p: (out / p).stat().st_mtime_ns for p in kept} == stamps  # not even rewritten
    assert len(kept) == 2
    again = tmp_path / "again"
    _run(batch, again)
    fresh = _snapshot(again)
    assert fresh["memo/memo.pdf"] == before["memo/memo.pdf"]
    assert fresh["memo/alto.xml"] == before["memo/alto.xml"]
    assert fresh["memo/hocr.html"] == before["memo/hocr.html"]


# --- the search index ------------------------------------------------------------------------


def _search(out: Path, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(app, ["search", *args, "--out", str(out)])
    return result.exit_code, [ln for ln in result.stdout.splitlines() if ln]


def test_search_finds_words_phrases_and_prefixes_on_the_right_page(
    batch: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _run(batch, out)
    code, lines = _search(out, "shusha")
    assert code == 0
    assert [ln.split("\t")[:2] for ln in lines] == [["memo", "p2"]]
    assert "**Shusha**" in lines[0].split("\t")[2]
    assert [ln.split("\t")[:2] for ln in _search(out, '"minister of armenia"')[1]] == [
        ["memo", "p1"]
    ]
    assert {ln.split("\t")[0] for ln in _search(out, "negotiat*")[1]} == {"memo"}
    assert _search(out, "negotations")[0] == 1  # the OCR misreading is not in the final text
    assert _search(out, "UNCLASSIFIED")[0] == 1  # nor is the furniture
    assert _search(out, "stepanakert")[1][0].split("\t")[:2] == ["cable", "p1"]


def test_search_filters_by_tags_and_case_and_prints_json(batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(batch, out)
    assert len(_search(out, "talks", "--tags", "PREL")[1]) == 1
    assert _search(out, "talks", "--tags", "PGOV")[0] == 1
    assert len(_search(out, "talks", "--case", "FL-2017-13804")[1]) == 1
    assert _search(out, "talks", "--case", "F-2000-00001")[0] == 1
    lines = _search(out, "lachin OR stepanakert", "--json")[1]
    hits = [json.loads(ln) for ln in lines]
    assert {h["name"] for h in hits} == {"cable", "memo"}
    cable = next(h for h in hits if h["name"] == "cable")
    assert cable["case_number"] == "FL-2017-13804" and cable["tags"] == "PREL AM AJ"
    # Odd characters are searched as words, not read as FTS5 syntax.
    assert _search(out, "nagorno-karabakh")[1][0].startswith("cable\tp1\t")
    assert _search(tmp_path / "nowhere", "talks")[0] == 2  # no index there: a usage error


def test_index_is_incremental(batch: Path, tmp_path: Path, fake_ocr: dict[str, str]) -> None:
    out = tmp_path / "out"
    _run(batch, out)
    index = out / "index.sqlite"
    first = index.read_bytes()
    _run(batch, out)
    assert index.read_bytes() == first
    changed = MEMO["p-2.png"].replace("Shusha", "Goris")
    render_lines(changed.split("\n"), dpi=100).save(batch / "memo" / "p-2.png", dpi=(100, 100))
    fake_ocr["p-2.png"] = changed
    _run(batch, out)
    assert _search(out, "goris")[1][0].startswith("memo\tp2")
    assert _search(out, "shusha")[0] == 1
    (batch / "cable.txt").unlink()
    shutil.rmtree(out / "cable")
    _run(batch, out)
    with sqlite3.connect(index) as con:
        assert {n for (n,) in con.execute("SELECT name FROM documents")} == {"memo"}


# --- real OCR --------------------------------------------------------------------------------


@needs_pdftotext
def test_real_tesseract_pdf_gives_the_corrected_words_on_the_right_pages(
    tmp_path: Path,
) -> None:
    """Two rendered pages of a TIFF, one with a misspelling the corrector fixes."""
    scans = tmp_path / "scans"
    scans.mkdir()
    pages = [
        render_lines(["The negotations in Lachin continued", "with the Foreign Minister."]),
        render_lines(["The delegation left for Shusha", "on Monday morning."]),
    ]
    pages[0].save(scans / "cable.tif", save_all=True, append_images=pages[1:], dpi=(200, 200))
    out = tmp_path / "out"
    _run(scans, out, ocr=OcrSettings())
    # Tesseract reads the misspelling confidently, so the corrector only proposes the fix; a
    # reviewer accepts it, and the next run applies the decision everywhere.
    (proposal,) = [
        json.loads(ln)
        for ln in (out / "cable" / "corrections.jsonl").read_text().splitlines()
        if json.loads(ln)["original"] == "negotations"
    ]
    decided = CliRunner().invoke(
        app,
        [
            "decide",
            str(out / "cable"),
            proposal["id"],
            "accept",
            "--reviews",
            str(tmp_path / "reviews"),
        ],
    )
    assert decided.exit_code == 0, decided.output
    _run(scans, out, ocr=OcrSettings())
    clean = (out / "cable" / "clean.txt").read_text()
    pdf = out / "cable" / "cable.pdf"
    page1 = _pdftotext(pdf, "-f", "1", "-l", "1")
    page2 = _pdftotext(pdf, "-f", "2", "-l", "2")
    assert "negotiations" in clean  # the review decision is in the text ...
    assert "negotiations" in page1.split() and "negotations" not in page1  # ... and the PDF
    assert "Shusha" in page2 and "Shusha" not in page1
    with pikepdf.open(pdf) as doc:
        assert len(doc.pages) == 2
    words = page1.split() + page2.split()
    assert words == clean.split()


@needs_pdftotext
def test_an_earlier_invisible_layer_is_replaced_not_doubled(
    tmp_path: Path, fake_ocr: dict[str, str]
) -> None:
    """A PDF whose scan already carries OCR text (``Lachim``, misread) gets ours instead."""
    scans = tmp_path / "scans"
    scans.mkdir()
    render_lines(["x"] * 3, dpi=100).save(scans / "scan.pdf", resolution=100)
    with pikepdf.open(scans / "scan.pdf", allow_overwriting_input=True) as src:
        page = src.pages[0]
        font = src.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
            )
        )
        page.add_resource(font, pikepdf.Name.Font, pikepdf.Name.F9)
        page.contents_add(b"BT /F9 12 Tf 3 Tr 20 20 Td (Lachim) Tj ET\n")
        page.contents_add(b"BT /F9 12 Tf 0 Tr 20 60 Td (Stamped) Tj ET\n")  # visible: kept
        src.save(scans / "scan.pdf")
    fake_ocr["scan.pdf"] = "The talks in Lachin resumed today."
    out = tmp_path / "out"
    _run(scans, out)
    text = _pdftotext(out / "scan" / "scan.pdf")
    assert "Lachin" in text and "Lachim" not in text and "Stamped" in text
    assert "Lachim" in (out / "scan" / "textlayer.txt").read_text()  # kept for comparison


def test_a_font_only_the_old_layer_used_leaves_with_it(tmp_path: Path) -> None:
    """An OCR layer's own font (OCRmyPDF's GlyphLessFont) stayed in the output PDF beside ours
    once its text was gone; a font visible text is shown in stays, on the page and in a form.
    Synthetic page; the form without resources of its own uses the page's fonts."""
    from pipeline.exports.oldlayer import drop_invisible_text

    path = tmp_path / "scan.pdf"
    render_lines(["x"], dpi=100).save(path, resolution=100)
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        for name in ("/Old", "/Seen", "/Both"):
            font = pikepdf.Dictionary(
                Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name(name)
            )
            page.add_resource(pdf.make_indirect(font), pikepdf.Name.Font, pikepdf.Name(name))
        page.contents_add(b"q BT /Old 9 Tf 3 Tr 9 9 Td (misread) Tj ET Q\n")
        page.contents_add(b"BT /Seen 9 Tf 0 Tr 9 40 Td (Stamped) Tj ET\n")
        page.contents_add(b"BT /Both 9 Tf 3 Tr 9 60 Td (again) Tj ET\n")
        form = pdf.make_stream(
            b"BT /Both 9 Tf 0 Tr 9 80 Td (Form) Tj ET", Type=pikepdf.Name.XObject
        )
        form.Subtype, form.BBox = pikepdf.Name.Form, [0, 0, 100, 100]
        page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name.Fm1)
        page.contents_add(b"q /Fm1 Do Q\n")
        pdf.pages.append(page)  # a second page sharing the first's resources ...
        second = pdf.pages[1]
        page.obj.Resources = second.obj.Resources = pdf.make_indirect(page.obj.Resources)
        second.obj.Contents = pdf.make_stream(b"BT /Old 9 Tf 9 9 Td (visible) Tj ET")
        assert drop_invisible_text(pdf, page) == 2
        assert sorted(page.resources.Font.keys()) == ["/Both", "/Seen"]
        left = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(page))
        assert b"/Old" not in left and b"misread" not in left and b"Stamped" in left
        assert "/Old" in second.resources.Font  # ... where /Old shows visible text: it stays


def test_a_malformed_font_selection_beside_an_old_layer_is_kept_not_fatal() -> None:
    """Synthetic: a ``Tf`` with no operands (a damaged content stream) on a page with an old
    layer. Dropping the layer's font read every kept ``Tf``'s first operand and failed with an
    IndexError (session 31 review); the old layer goes and the rest stays as it stood."""
    from pipeline.exports.oldlayer import drop_invisible_text

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(100, 100))
    page = pdf.pages[0]
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(Old=font))
    page.obj.Contents = pdf.make_stream(b"BT /Old 9 Tf 3 Tr 9 9 Td (misread) Tj ET BT Tf 0 Tr ET")
    assert drop_invisible_text(pdf, page) == 1
    left = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(page))
    assert b"misread" not in left and b"/Old" not in left and b"Tf" in left
    assert "/Old" not in page.resources.Font


def test_redaction_boxes_are_redacted_words_in_every_export() -> None:
    """The strip stage's ``[REDACTED]`` marks (noise inside a box, a box between words) become
    words on their boxes; the noise OCR read under a bar is kept only as an alternative."""
    from test_strip import ocr_line

    from pipeline.core.enums import RedactionStyle
    from pipeline.core.records import Redaction
    from pipeline.exports.alto import alto
    from pipeline.exports.hocr import hocr
    from pipeline.exports.pdf import text_layer
    from pipeline.stages.strip import StripConfig, strip

    texts = ["THE TALKS WITH XX#@ WENT ON", "THE DELEGATES MET AND AGREED"]
    noise = BBox(480, 400, 88, 40)  # over "XX#@" (ocr_line: 22 px a character from x=150)
    gap = BBox(528, 460, 14, 40)  # between "MET" and "AND": nothing read there
    lines = tuple(ocr_line(t, 400 + 60 * i) for i, t in enumerate(texts))
    redactions = (
        Redaction(1, RedactionStyle.BLACK_BAR, noise),
        Redaction(1, RedactionStyle.WHITE_BOX, gap, ("(b)(1)",)),
    )
    page = Page(1, lines, PageSource.OCR, 2550, 3300, 300, redactions=redactions)
    result = strip([page], StripConfig())
    (final,) = final_pages([page], result)
    words = [[(w.text, w.bbox, w.redacted) for w in ln.words] for ln in final.lines]
    assert words[0][3] == ("[REDACTED]", noise, "XX#@")
    assert words[1][3] == ("[REDACTED:(b)(1)]", gap, "")  # the white box's code in its mark
    assert " ".join(final.text().split()) == " ".join(result.text.split())
    doc = etree.fromstring(alto([final], ["page.png"]).encode())
    assert _schema().validate(doc)
    marked = doc.findall(f".//{ALTO}String[@TAGREFS='redaction']")
    assert [(s.get("CONTENT"), s.get("HPOS")) for s in marked] == [
        ("[REDACTED]", "480"),
        ("[REDACTED:(b)(1)]", "528"),
    ]
    assert marked[0].find(f"{ALTO}ALTERNATIVE").text == "XX#@"
    assert "XX#@" not in [s.get("CONTENT") for s in doc.iter(f"{ALTO}String")]
    assert hocr([final], "page").count("x_redaction") == 2
    layer = text_layer(final).decode()
    assert layer.count("".join(f"{ord(c):04X}" for c in "[REDACTED")) == 2


def test_an_index_of_another_shape_is_rebuilt(batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with sqlite3.connect(out / "index.sqlite") as con:
        con.execute("CREATE TABLE documents (name TEXT, pages INTEGER)")
        con.execute("PRAGMA user_version = 1")
    _run(batch, out)
    assert _search(out, "shusha")[1][0].startswith("memo\tp2\t")
    (out / "index.sqlite").write_bytes(b"not a database at all")
    _run(batch, out)
    assert _search(out, "shusha")[1][0].startswith("memo\tp2\t")
