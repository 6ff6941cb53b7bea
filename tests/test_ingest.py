"""Discovery of documents and loading of pages, including every class of bad input."""

from __future__ import annotations

import codecs
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from pipeline.core.enums import DocKind
from pipeline.core.errors import DocumentError, UsageError
from pipeline.stages import ingest
from pipeline.stages.pageimage import load_page_image
from tests.conftest import SAMPLE_LINES, render_lines


def test_folder_is_a_collection_and_subfolders_are_documents(tmp_path: Path, make_image) -> None:
    make_image("scans/a.png", SAMPLE_LINES)
    (tmp_path / "scans/b.txt").write_text("hello\fworld\n")
    for n in (10, 2, 1):
        make_image(f"scans/pages/page-{n}.png", [f"page {n}"])
    (tmp_path / "scans/.hidden.png").write_bytes(b"")
    docs, errors = ingest.discover([tmp_path / "scans"])
    assert errors == []
    by_name = {d.name: d for d in docs}
    assert set(by_name) == {"a", "b", "pages"}
    assert by_name["a"].kind is DocKind.IMAGE
    assert by_name["b"].kind is DocKind.TEXT
    folder = by_name["pages"]
    assert folder.kind is DocKind.FOLDER
    # Natural order: page-2 before page-10.
    assert [f.name for f in folder.files] == ["page-1.png", "page-2.png", "page-10.png"]
    assert [r.number for r in ingest.page_refs(folder)] == [1, 2, 3]


def test_text_document_splits_at_form_feeds(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("page one\r\nline two  \fpage two\n\f", encoding="utf-8")
    pages = ingest.read_text_document(path)
    assert [p.text for p in pages] == ["page one\nline two", "page two\n"]
    assert pages[1].number == 2
    assert all(w.bbox is None and w.conf is None for p in pages for w in p.words)


# Synthetic text; Windows' Notepad saves "Unicode" text as UTF-16 with a byte-order mark, and
# such a file was refused as "not UTF-8" with advice to convert from cp1252 (eyes36).
_TWO_PAGES = "UNCLASSIFIED\nRELEASE IN FULL\nMinsk Group caf\u00e9\fpage two\n"


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-16"),
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: t.encode("utf-32"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    ],
    ids=["utf-16le-bom", "utf-16be-bom", "utf-32-bom", "utf-8-bom"],
)
def test_text_document_in_the_encoding_its_byte_order_mark_names(tmp_path: Path, encode) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(encode(_TWO_PAGES))
    pages = ingest.read_text_document(path)
    assert [p.text for p in pages] == [
        "UNCLASSIFIED\nRELEASE IN FULL\nMinsk Group caf\u00e9",
        "page two\n",
    ]


@pytest.mark.parametrize("order", ["le", "be"])
def test_utf16_without_a_mark_is_refused_with_its_conversion(tmp_path: Path, order) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(_TWO_PAGES.encode(f"utf-16-{order}"))
    with pytest.raises(DocumentError) as info:
        ingest.read_text_document(path)
    assert info.value.reason == (
        "UTF-16 text without a byte-order mark, not UTF-8; convert it first, "
        f"e.g. iconv -f utf-16{order} -t utf-8"
    )


def test_text_whose_mark_lies_is_refused_naming_the_mark(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8a\x00")  # a lone surrogate
    with pytest.raises(DocumentError, match="not UTF-16 text, though it begins with UTF-16's"):
        ingest.read_text_document(path)


def _load(ref, *, dpi: int):
    loaded = load_page_image(ref, dpi=dpi)
    return loaded.image, loaded.dpi


def test_multipage_tiff_is_one_document(tmp_path: Path) -> None:
    frames = [render_lines([f"page {i}"], dpi=100) for i in range(3)]
    path = tmp_path / "scan.tiff"
    frames[0].save(path, save_all=True, append_images=frames[1:], dpi=(100, 100))
    docs, _ = ingest.discover([path])
    refs = ingest.page_refs(docs[0])
    assert len(refs) == 3
    image, dpi = _load(refs[2], dpi=300)
    assert dpi == 100 and image.mode == "L"


def test_scanned_pdf_pages_are_read_at_their_scans_resolution(tmp_path: Path) -> None:
    # Each page one 100-DPI scan (Pillow's PDF): read at 100 DPI whatever --dpi asks, its
    # pixels as stored (a page that is not a scan is drawn at --dpi: tests/test_pdfscan.py).
    img = render_lines(SAMPLE_LINES, dpi=100)
    path = tmp_path / "doc.pdf"
    img.save(path, save_all=True, append_images=[img], resolution=100)
    docs, _ = ingest.discover([path])
    refs = ingest.page_refs(docs[0])
    assert len(refs) == 2
    page, dpi = _load(refs[1], dpi=200)
    assert dpi == 100
    assert page.size == img.size


def test_clashing_names_are_reported_before_any_work(tmp_path: Path, make_image) -> None:
    make_image("in/report.png", ["x"])
    (tmp_path / "in/report.txt").write_text("x")
    with pytest.raises(UsageError, match="report"):
        ingest.discover([tmp_path / "in"])


def test_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        ingest.discover([tmp_path / "nope"])


# --- bad input: each fails alone with a reason naming the file -------------------------------


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge image: the shape of a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _encrypted_pdf(path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.encrypt(user_password="secret", owner_password="owner")
    with path.open("wb") as fh:
        writer.write(fh)


def _load_all(path: Path) -> None:
    docs, errors = ingest.discover([path])
    if errors:
        raise errors[0]
    doc = docs[0]
    if doc.kind is DocKind.TEXT:
        ingest.read_text_document(doc.path)
        return
    for ref in ingest.page_refs(doc):
        load_page_image(ref, dpi=100)


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("empty.png", lambda p: p.write_bytes(b""), "empty file"),
        ("empty.pdf", lambda p: p.write_bytes(b""), "empty file"),
        ("empty.txt", lambda p: p.write_bytes(b""), "empty file"),
        (
            "garbage.png",
            lambda p: p.write_bytes(b"not an image at all" * 10),
            "not a readable image",
        ),
        ("broken.pdf", lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj garbage"), "not a readable PDF"),
        ("locked.pdf", _encrypted_pdf, "encrypted"),
        ("latin1.txt", lambda p: p.write_bytes("caf\xe9 cable".encode("latin-1")), "not UTF-8"),
        ("bomb.png", lambda p: p.write_bytes(_png_header_only(40000, 40000)), "too large"),
        ("notes.docx", lambda p: p.write_bytes(b"PK\x03\x04"), "unknown file type"),
    ],
)
def test_bad_input_fails_with_a_named_reason(tmp_path: Path, name, make, reason) -> None:
    path = tmp_path / name
    make(path)
    with pytest.raises(DocumentError) as info:
        _load_all(path)
    assert reason in info.value.reason
    assert name in str(info.value)


def test_broken_pdf_gives_pdfiums_words_once(tmp_path: Path) -> None:
    # The reason read "not a readable PDF (Failed to load document (PDFium: Data format
    # error).)": pypdfium2's wrapper around PDFium's words, inside ours (pipeline.stages.pdfopen).
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    with pytest.raises(DocumentError) as info:
        _load_all(path)
    assert info.value.reason == "not a readable PDF (PDFium: data format error)"


def test_truncated_image_fails_cleanly(tmp_path: Path) -> None:
    full = tmp_path / "full.png"
    render_lines(SAMPLE_LINES, dpi=100).save(full)
    data = full.read_bytes()
    cut = tmp_path / "cut.png"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(DocumentError, match=r"cut\.png"):
        _load_all(cut)


def test_unreadable_folder_is_a_document_error(tmp_path: Path, make_image, monkeypatch) -> None:
    make_image("scans/pages/1.png", ["x"])
    locked = tmp_path / "scans/pages"
    real_iterdir = Path.iterdir

    def iterdir(self: Path):
        # Running as root ignores chmod, so the OS refusal is simulated for this one folder.
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    docs, errors = ingest.discover([tmp_path / "scans"])
    assert docs == []
    assert len(errors) == 1 and "cannot read folder" in errors[0].reason


def test_image_without_dpi_uses_default(tmp_path: Path) -> None:
    path = tmp_path / "nodpi.png"
    Image.new("L", (50, 20), 255).save(path)
    docs, _ = ingest.discover([path])
    _, dpi = _load(ingest.page_refs(docs[0])[0], dpi=300)
    assert dpi == 300


def test_page_markers_split_text_without_form_feeds(tmp_path: Path) -> None:
    # The State reading room marks pages "[Page N]", the JFK releases "## Page N".
    path = tmp_path / "release.txt"
    path.write_text("[Page 1]\nSUBJECT: TALKS\nbody one\n[Page 2]\nbody two\n")
    pages = ingest.read_text_document(path)
    assert [p.lines[0].text for p in pages] == ["[Page 1]", "[Page 2]"]
    assert "".join(p.text for p in pages) == path.read_text()
    one = tmp_path / "one.txt"
    one.write_text("A paragraph that mentions [Page 3] in passing.\n## Page 1\ntext\n")
    assert len(ingest.read_text_document(one)) == 1  # one marker is no pagination


def test_one_page_2_marker_after_an_unmarked_first_page_splits(tmp_path: Path) -> None:
    # Synthetic, in the reading room's form: the first page is not marked, the second is.
    path = tmp_path / "release.txt"
    path.write_text("SUBJECT: TALKS\nbody one\n[Page 2]\nbody two\n")
    pages = ingest.read_text_document(path)
    assert [p.lines[0].text for p in pages] == ["SUBJECT: TALKS", "[Page 2]"]
