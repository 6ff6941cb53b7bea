"""``<name>.pdf``: the original page images with an invisible layer of the final words.

Search and copy in any viewer give the corrected text where it stands on the page. The page
images are never re-encoded: image files are embedded by img2pdf (JPEG and PNG data passed
through, TIFF G4 kept), a PDF keeps its own pages and content (less its earlier invisible OCR
layer, if any: ``oldlayer``), and the text layer is one more content stream on top (pikepdf,
qpdf underneath). The layer is drawn the way Tesseract's PDF renderer draws it: rendering mode
3 (invisible), a glyphless font (Tesseract's ``pdf.ttf``, Apache-2.0, shipped here as
``glyphless.ttf``) whose one glyph every character maps to, each word stretched (``Tz``) over
its box, placed where the word is on the stored image whatever OCR saw: deskewed, turned by
orientation detection, resampled from a fax's non-square resolution, transposed by an EXIF
orientation (``pipeline.exports.frames``). Body words come first, line by line, then the page
furniture, so text extraction reads the body in order and the stamps and banners after it.
An image with an EXIF orientation is shown the way viewers show it (img2pdf's ``/Rotate``), its
layer turned with it; a mirrored orientation, which ``/Rotate`` cannot show, is shown as stored,
each word drawn forward over its mirrored place.

An image document is written as PDF/A-2b (XMP identification, an sRGB output intent, the font
embedded, no timestamps: ``deterministic_id`` makes the file ID from the content). A PDF input
is not claimed as PDF/A: its own pages may not conform. Same inputs, same bytes.
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
from collections.abc import Iterator, Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import __version__
from pipeline.core.enums import DocKind
from pipeline.core.errors import DocumentError
from pipeline.core.records import BBox, PageRef
from pipeline.exports.frames import MIRRORED, Matrix, _num, stored_dpi, upright_to_image
from pipeline.exports.layout import FinalPage, FinalWord, on_image

if TYPE_CHECKING:
    import pikepdf

log = logging.getLogger(__name__)

FONT_NAME = "/FoiaGlyphLess"
#: The glyph's advance, in 1/1000 of the font size (the font's hmtx: 1024 of 2048 units).
GLYPH_WIDTH = 500
#: Image colour spaces an sRGB output intent covers (PDF/A-2 6.2.4.3).
PDFA_COLOURS = frozenset({"/DeviceGray", "/DeviceRGB", "/Indexed", "/ICCBased", "/CalGray"})

TO_UNICODE = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
1 beginbfrange
<0000> <FFFF> <0000>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


def unturn(page: FinalPage) -> Matrix:
    """Page PDF space with the boxes' frame turned back onto the image: OCR saw the image turned
    by ``page.deskew`` degrees about its centre (OpenCV's ``getRotationMatrix2D``, which turns
    counter-clockwise on screen for a positive angle); the text is drawn in that turned frame and
    this map puts it back where the words are on the untouched image.

    >>> from pipeline.core.enums import PageSource
    >>> unturn(FinalPage(1, 200, 100, 72, 0.0, PageSource.OCR)) == Matrix(1, 0, 0, 1, 0, 0)
    True
    """
    if not page.deskew or not page.width or not page.height:
        return Matrix(1, 0, 0, 1, 0, 0)
    s = 72 / (page.dpi or 72)
    cx, cy = page.width * s / 2, page.height * s / 2
    t = math.radians(page.deskew)
    # In PDF space (y up) OpenCV's turn is a counter-clockwise turn by t; undo it: turn by -t.
    cos, sin = math.cos(-t), math.sin(-t)
    to_origin = Matrix(1, 0, 0, 1, -cx, -cy)
    turn = Matrix(cos, sin, -sin, cos, 0, 0)
    back = Matrix(1, 0, 0, 1, cx, cy)
    return to_origin.then(turn).then(back)


def _hex(text: str) -> str:
    """The text as the font's 2-byte codes (UTF-16 code units; outside the BMP: U+FFFD)."""
    return "".join(f"{ord(ch) if ord(ch) <= 0xFFFF else 0xFFFD:04X}" for ch in text)


def _ordered(page: FinalPage) -> list[list[FinalWord]]:
    """The page's words as runs to draw: body lines in order, then furniture lines."""
    body = [[w for w in ln.words if w.furniture is None] for ln in page.lines]
    furniture = [[w for w in ln.words if w.furniture is not None] for ln in page.lines]
    return [run for run in (*body, *furniture) if run]


def layer_size(page: FinalPage) -> tuple[float, float]:
    """The text layer's page size in points: the stored image at its own (x, y) resolution."""
    f = page.frames
    if f is None:
        return 0.0, 0.0
    xdpi, ydpi = stored_dpi(f, page.dpi or 72)
    return f.stored[0] * 72 / xdpi, f.stored[1] * 72 / ydpi


def onto_image(page: FinalPage) -> Matrix:
    """PDF points of OCR's upright frame (deskew undone: ``unturn``) -> PDF points of the stored
    image (``layer_size``): the page's turn, the resampling and the EXIF orientation undone.
    The identity when OCR read the stored image as it is."""
    f = page.frames
    if f is None:
        return Matrix.identity()
    s = 72 / (page.dpi or 72)
    pixels = Matrix(1 / s, 0, 0, -1 / s, 0, f.ocr[1])  # y up in points -> y down in pixels
    width, height = layer_size(page)
    points = Matrix(width / f.stored[0], 0, 0, -height / f.stored[1], 0, height)
    return pixels.then(upright_to_image(f)).then(points)


def text_layer(page: FinalPage) -> bytes:
    """The content stream of one page's invisible text, in PDF points of the stored image's
    size (``layer_size``). Words without a box (text input) are not drawn.

    On a deskewed page each word is put where ``unturn`` takes its box, level: text turned by a
    degree or two along its line is split into pieces by text extractors (poppler), while level
    words a pixel or two off the slope are read whole. The page's other steps (a quarter turn,
    resampling, EXIF orientation) turn and stretch the whole layer (``onto_image``, one ``cm``),
    so on a page scanned sideways the words run along their lines. A line OCR read running
    down or up the image in place (Tesseract reads some sideways pages without turning them)
    is drawn running down or up (``_direction``).
    """
    if not page.width or not page.height:
        return b""
    f = page.frames
    if f is not None and f.orientation in MIRRORED:
        # A mirrored page is shown as stored (a flip is no /Rotate); glyphs mirrored with it
        # would read backwards, so each word is drawn forward over its box on that image.
        page = replace(on_image(page), deskew=0.0, rotation=0, frame=None)
    s = 72 / (page.dpi or 72)
    height = page.height * s
    back = unturn(page)
    place = onto_image(page)
    framed = place != Matrix.identity()
    ops = ["q", f"{place.cm()} cm"] if framed else []
    ops += ["BT", "3 Tr"]
    for run in _ordered(page):
        words = [w for w in run if w.bbox is not None and w.text]
        if words:
            ops += _draw_run(words, s, height, back)
    ops += ["ET", "Q"] if framed else ["ET"]
    return ("\n".join(ops) + "\n").encode("ascii")


def _direction(words: Sequence[FinalWord]) -> int:
    """Which way a line runs on OCR's image, clockwise from level: 0, 90 (down the page: a
    sideways page read in place) or 270 (up). Its words stacked one under the other (or one
    long word in a box much taller than wide) make it vertical."""
    boxes = [w.bbox for w in words if w.bbox is not None]
    if len(boxes) >= 2:
        dx = (boxes[-1].left + boxes[-1].right - boxes[0].left - boxes[0].right) / 2
        dy = (boxes[-1].top + boxes[-1].bottom - boxes[0].top - boxes[0].bottom) / 2
        if abs(dy) > 2 * abs(dx):
            return 90 if dy > 0 else 270
        return 0
    box = boxes[0] if boxes else None
    if box is not None and len(words[0].text) >= 3 and box.height > 1.5 * box.width:
        return 90
    return 0


def _draw_run(words: Sequence[FinalWord], s: float, height: float, back: Matrix) -> list[str]:
    """The operators drawing one line's words (each with a box) in OCR's frame: PDF points,
    ``s`` points per pixel, ``height`` the page's height in points, ``back`` the deskew undone
    (``unturn``) applied to each word's start."""
    line_box = BBox.union(w.bbox for w in words)
    assert line_box is not None
    direction = _direction(words)
    across = line_box.height if direction == 0 else line_box.width
    size = max(1.0, across * s)
    ops = [f"{FONT_NAME} {_num(size)} Tf"]
    for i, w in enumerate(words):
        box = w.bbox
        nxt = words[i + 1].bbox if i + 1 < len(words) else None
        assert box is not None
        text = w.text if i == len(words) - 1 else w.text + " "
        # The word and its space reach the next word's start (as Tesseract draws them); the
        # start is on the baseline: the line's bottom, or its left (down) or right (up) side.
        if direction == 0:
            end = nxt.left if nxt is not None and nxt.left > box.right else box.right
            length, start, turn = end - box.left, (box.left, line_box.bottom), "1 0 0 1"
        elif direction == 90:
            end = nxt.top if nxt is not None and nxt.top > box.bottom else box.bottom
            length, start, turn = end - box.top, (line_box.left, box.top), "0 -1 1 0"
        else:
            end = nxt.bottom if nxt is not None and nxt.bottom < box.top else box.top
            length, start, turn = box.bottom - end, (line_box.right, box.bottom), "0 1 -1 0"
        natural = len(text) * GLYPH_WIDTH / 1000 * size
        x, y = back.apply(start[0] * s, height - start[1] * s)
        ops.append(f"{_num(100 * max(1, length) * s / natural)} Tz {turn} {_num(x)} {_num(y)} Tm")
        ops.append(f"<{_hex(text)}> Tj")
    return ops


def _font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """The glyphless Type 0 font, made once per file."""
    from pikepdf import Array, Dictionary, Name, Stream

    data = resources.files("pipeline.exports").joinpath("glyphless.ttf").read_bytes()
    cid_to_gid = Stream(pdf, b"\x00\x01" * 65536)
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name("/GlyphLessFont"),
        Flags=5,
        FontBBox=Array([0, 0, GLYPH_WIDTH, 1000]),
        ItalicAngle=0,
        Ascent=1000,
        Descent=-1,
        CapHeight=1000,
        StemV=80,
        FontFile2=_font_file(pdf, data),
    )
    cid_font = Dictionary(
        Type=Name.Font,
        Subtype=Name.CIDFontType2,
        BaseFont=Name("/GlyphLessFont"),
        CIDSystemInfo=Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
        FontDescriptor=pdf.make_indirect(descriptor),
        DW=GLYPH_WIDTH,
        W=Array([0, Array([GLYPH_WIDTH])]),
        CIDToGIDMap=cid_to_gid,
    )
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type0,
            BaseFont=Name("/GlyphLessFont"),
            Encoding=Name("/Identity-H"),
            DescendantFonts=Array([pdf.make_indirect(cid_font)]),
            ToUnicode=Stream(pdf, TO_UNICODE),
        )
    )


def _font_file(pdf: pikepdf.Pdf, data: bytes) -> pikepdf.Stream:
    from pikepdf import Stream

    stream = Stream(pdf, data)
    stream.Length1 = len(data)  # required for an embedded TrueType program
    return stream


def _layer_page(pdf: pikepdf.Pdf, page: FinalPage, font: pikepdf.Object) -> pikepdf.Page:
    """A page (outside the page tree) holding only the text layer, the image's size in points."""
    from pikepdf import Array, Dictionary, Name, Page, Stream

    width, height = layer_size(page)
    return Page(
        pdf.make_indirect(
            Dictionary(
                Type=Name.Page,
                MediaBox=Array([0, 0, width, height]),
                Contents=Stream(pdf, text_layer(page)),
                Resources=Dictionary(Font=Dictionary({FONT_NAME: font})),
            )
        )
    )


def _place(pdf: pikepdf.Pdf, target: pikepdf.Page, layer: pikepdf.Page, *, rendered: bool) -> None:
    """Draw ``layer`` over ``target``'s crop box, after the page's own content, which is left as
    it is inside ``q``/``Q``. ``rendered``: the layer is in the frame of the page as rendered
    (a PDF input: its ``/Rotate`` and ``/UserUnit`` undone); otherwise in the page's own space
    (an embedded image: the ``/Rotate`` of its EXIF orientation turns image and layer alike).

    pikepdf's ``add_overlay`` does the same under a random resource name; a fixed name keeps the
    file the same from run to run.
    """
    import pikepdf
    from pikepdf import Name

    formx = pdf.make_indirect(layer.as_form_xobject())
    taken = target.resources.get(Name.XObject, pikepdf.Dictionary())
    n = 0
    while (name := Name(f"/FoiaTextLayer{n or ''}")) in taken:
        n += 1
    target.add_resource(formx, Name.XObject, name)
    placement = target.calc_form_xobject_placement(
        formx,
        name,
        pikepdf.Rectangle(target.cropbox),
        invert_transformations=rendered,
        allow_expand=True,
    )
    target.contents_add(b"q\n", prepend=True)
    target.contents_add(b"Q\n" + placement + b"\n")


def _image_pages(refs: Sequence[PageRef], pages: Sequence[FinalPage]) -> pikepdf.Pdf:
    """A PDF of the page images at their own (x, y) resolution as OCR took it (a fax keeps its
    page size), data passed through; an EXIF orientation shown as ``/Rotate``."""
    import img2pdf
    import pikepdf

    out = pikepdf.new()
    made: dict[Path, pikepdf.Pdf] = {}
    for ref, page in zip(refs, pages, strict=True):
        if ref.path not in made:
            f = page.frames
            # A page never read (no frame) is laid out at the resolution its file states.
            layout = (
                img2pdf.get_fixed_dpi_layout_fun(stored_dpi(f, page.dpi or 300))
                if f is not None
                else img2pdf.default_layout_fun
            )
            try:
                with _named_notes(ref.path):
                    data = img2pdf.convert(
                        str(ref.path),
                        layout_fun=layout,
                        # A mirrored EXIF orientation cannot be shown by /Rotate: as stored.
                        rotation=img2pdf.Rotation.none
                        if f is not None and f.orientation in MIRRORED
                        else img2pdf.Rotation.ifvalid,
                        nodate=True,
                    )
            except Exception as exc:  # img2pdf raises its own and Pillow's errors
                reason = f"cannot embed the page image in a PDF: {exc}"
                raise DocumentError(ref.path, reason) from exc
            made[ref.path] = pikepdf.open(io.BytesIO(data))
        out.pages.append(made[ref.path].pages[ref.index])
    return out


class _Renamed(logging.Handler):
    """Passes a library's log records on to this module's logger, naming the page image."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def emit(self, record: logging.LogRecord) -> None:
        log.log(record.levelno, "%s: searchable PDF: %s", self.path.name, record.getMessage())


@contextlib.contextmanager
def _named_notes(path: Path) -> Iterator[None]:
    """img2pdf's log records while it embeds ``path`` said through ``log``, naming the file:
    with no handler of its own, Python printed them bare on stderr ("Image contains an alpha
    channel. …"), naming no document, between the run's result lines. Outputs are written by
    one thread (the main process), so the logger is borrowed for the call."""
    lib = logging.getLogger("img2pdf")
    saved = lib.handlers[:], lib.propagate
    lib.handlers[:], lib.propagate = [_Renamed(path)], False
    try:
        yield
    finally:
        lib.handlers[:], lib.propagate = saved


def _colours_ok(pdf: pikepdf.Pdf) -> bool:
    """Whether every image's colour space is covered by an sRGB output intent."""
    import pikepdf

    for page in pdf.pages:
        for image in page.get_images().values():
            cs = image.get("/ColorSpace")
            name = str(cs[0]) if isinstance(cs, pikepdf.Array) else str(cs)
            if name not in PDFA_COLOURS:
                return False
    return True


def _srgb_profile() -> bytes:
    """An sRGB ICC profile (LittleCMS, through Pillow) with a fixed creation date."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = bytes([0x07, 0xD0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0])  # 2000-01-01 00:00:00
    return bytes(data)


def _make_pdfa(pdf: pikepdf.Pdf, title: str) -> None:
    from pikepdf import Array, Dictionary, Name, Stream

    icc = Stream(pdf, _srgb_profile())
    icc.N = 3
    pdf.Root.OutputIntents = Array(
        [
            Dictionary(
                Type=Name.OutputIntent,
                S=Name.GTS_PDFA1,
                OutputConditionIdentifier="sRGB IEC61966-2.1",
                Info="sRGB IEC61966-2.1",
                DestOutputProfile=pdf.make_indirect(icc),
            )
        ]
    )
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = title
        meta["pdf:Producer"] = f"foia-clean {__version__}"
        meta["xmp:CreatorTool"] = f"foia-clean {__version__}"
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"


def searchable_pdf(
    kind: DocKind, path: Path, refs: Sequence[PageRef], pages: Sequence[FinalPage], title: str
) -> bytes:
    """The searchable PDF of one document, as bytes.

    ``kind``/``path`` are the document's (a PDF keeps its own pages; image files are embedded),
    ``refs`` its page refs and ``pages`` its final pages, in the same order. Raises
    ``DocumentError`` naming the file when a page cannot be read or embedded.
    """
    import pikepdf

    if len(refs) != len(pages):
        raise DocumentError(path, f"{len(refs)} page images but {len(pages)} pages of text")
    pdfa = kind is not DocKind.PDF
    try:
        if kind is DocKind.PDF:
            from pipeline.exports.oldlayer import drop_invisible_text

            pdf = pikepdf.open(path)
            targets = [pdf.pages[ref.index] for ref in refs]
            for ref, target in zip(refs, targets, strict=True):
                if dropped := drop_invisible_text(pdf, target):
                    log.info("%s page %d: old text layer replaced", path.name, ref.number)
                    log.debug("%d invisible text operators removed", dropped)
        else:
            pdf = _image_pages(refs, pages)
            targets = list(pdf.pages)
            pdfa = _colours_ok(pdf)
        font = _font(pdf)
        for target, page in zip(targets, pages, strict=True):
            if not page.width or not page.height:
                continue
            _place(pdf, target, _layer_page(pdf, page, font), rendered=kind is DocKind.PDF)
        if pdfa:
            _make_pdfa(pdf, title)
        out = io.BytesIO()
        pdf.save(
            out,
            deterministic_id=True,
            fix_metadata_version=pdfa,
            min_version="1.7" if pdfa else "",
        )
    except pikepdf.PdfError as exc:
        raise DocumentError(path, f"cannot write the searchable PDF: {exc}") from exc
    return out.getvalue()
