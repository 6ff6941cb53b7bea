"""``hocr.html``: the final words in hOCR 1.2, the HTML form OCR tools and viewers exchange.

Pages (``ocr_page``), blocks (``ocr_carea``), paragraphs (``ocr_par``) and lines (``ocr_line``)
of words (``ocrx_word``) with their boxes and confidences (``x_wconf``). Boxes are pixels of the
page image the page names (``image``; a PDF's page as rendered at ``scan_res``), whatever OCR
turned or resampled to read it (``layout.on_image``); on a page whose lines are not level in
that image, ``textangle`` on each line says by how much they turn (counter-clockwise). A
corrected word is an hOCR alternatives group: ``<ins class="alt">`` the final word, ``<del
class="alt">`` what OCR read; a proposal nobody accepted is the other way round. Removed
furniture lines are ``ocr_header``/``ocr_footer`` (``ocr_pageno`` for page numbers), by where
they stand on the page, after the page's body, with their kind as ``x_furniture``. A redaction
box is a ``[REDACTED]`` word with ``x_redaction`` (what OCR read inside the box, if anything, as
its ``<del>`` alternative). No timestamps: the same document gives the same bytes."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from pipeline import __version__
from pipeline.core.enums import FurnitureKind
from pipeline.core.records import BBox
from pipeline.exports.frames import stored_dpi, text_angle
from pipeline.exports.layout import FinalLine, FinalPage, FinalWord, on_image


def _bbox(box: BBox | None) -> str:
    return "" if box is None else f"bbox {box.left} {box.top} {box.right} {box.bottom}"


def _title(*parts: str) -> str:
    return escape("; ".join(p for p in parts if p), quote=True)


def _word(w: FinalWord, wid: str) -> str:
    props = [_bbox(w.bbox)]
    if w.conf is not None:
        props.append(f"x_wconf {round(w.conf)}")
    if w.furniture is not None:
        props.append(f"x_furniture {w.furniture.value}")
    if w.decision is not None:
        props.append(f"x_correction {w.correction} {w.decision.value}")
    if w.redacted is not None:
        props.append("x_redaction")
    if w.changed or w.redacted:
        other = w.redacted or w.ocr
        inner = (
            f'<span class="alternatives"><ins class="alt">{escape(w.text)}</ins>'
            f'<del class="alt">{escape(other)}</del></span>'
        )
    elif w.proposal:
        inner = (
            f'<span class="alternatives"><ins class="alt">{escape(w.text)}</ins>'
            f'<del class="alt">{escape(w.proposal)}</del></span>'
        )
    else:
        inner = escape(w.text)
    return f'<span class="ocrx_word" id="{wid}" title="{_title(*props)}">{inner}</span>'


def _line(ln: FinalLine, words: Sequence[FinalWord], cls: str, lid: str, extra: str = "") -> str:
    box = BBox.union(w.bbox for w in words)
    spans = " ".join(_word(w, f"{lid}_w{i + 1}") for i, w in enumerate(words))
    return f'<span class="{cls}" id="{lid}" title="{_title(_bbox(box), extra)}">{spans}</span>'


def _furniture_class(kind: FurnitureKind, box: BBox | None, height: int | None) -> str:
    if kind is FurnitureKind.PAGE_NUMBER:
        return "ocr_pageno"
    if box is not None and height and box.top > height / 2:
        return "ocr_footer"
    return "ocr_header"


def _page(upright: FinalPage, image: str | None = None) -> list[str]:
    """One ``ocr_page``: ``upright`` (as OCR read it) decides headers from footers, its words
    are written where they stand on the stored image."""
    page = on_image(upright)
    f = upright.frames
    pid = f"page_{page.number}"
    box = (
        f"bbox 0 0 {page.width} {page.height}"
        if page.width is not None and page.height is not None
        else ""
    )
    props = [f'image "{image}"' if image else "", f"ppageno {page.number - 1}", box]
    if page.dpi:
        x, y = stored_dpi(f, page.dpi) if f is not None else (page.dpi, page.dpi)
        props.append(f"scan_res {round(x)} {round(y)}")
    if page.deskew:
        props.append(f"x_deskew {page.deskew:.2f}")
    angle = text_angle(f) if f is not None else 0.0
    turned = f"textangle {angle:g}" if angle else ""
    out = [f'<div class="ocr_page" id="{pid}" title="{_title(*props)}">']
    # Body: lines grouped into blocks and paragraphs by OCR's layout numbers.
    body = [ln for ln in page.lines if ln.body]
    block_key = None
    par_key = None
    nb = np_ = 0
    for i, ln in enumerate(body):
        if (ln.block,) != block_key:
            if par_key is not None:
                out.append("</p>")
            if block_key is not None:
                out.append("</div>")
            nb += 1
            block_key, par_key = (ln.block,), None
            blines = [x for x in body if x.block == ln.block]
            bbox = BBox.union(w.bbox for x in blines for w in x.body)
            out.append(f'<div class="ocr_carea" id="{pid}_b{nb}" title="{_title(_bbox(bbox))}">')
        if (ln.block, ln.par) != par_key:
            if par_key is not None:
                out.append("</p>")
            np_ += 1
            par_key = (ln.block, ln.par)
            plines = [x for x in body if (x.block, x.par) == par_key]
            pbox = BBox.union(w.bbox for x in plines for w in x.body)
            out.append(f'<p class="ocr_par" id="{pid}_p{np_}" title="{_title(_bbox(pbox))}">')
        out.append(_line(ln, ln.body, "ocr_line", f"{pid}_l{i + 1}", turned))
    if par_key is not None:
        out.append("</p>")
    if block_key is not None:
        out.append("</div>")
    # Furniture after the body, in page order: whole removed lines and removed spans alike.
    for j, (up, ln) in enumerate(zip(upright.lines, page.lines, strict=True)):
        words = [w for w in ln.words if w.furniture is not None]
        if not words:
            continue
        kind = words[0].furniture
        assert kind is not None
        where = BBox.union(w.bbox for w in up.words if w.furniture is not None)
        cls = _furniture_class(kind, where, upright.height)
        extra = "; ".join(p for p in (turned, f"x_furniture {kind.value}") if p)
        out.append(_line(ln, words, cls, f"{pid}_f{j + 1}", extra))
    out.append("</div>")
    return out


def hocr(pages: Sequence[FinalPage], title: str, images: Sequence[str] | None = None) -> str:
    """The document as one hOCR 1.2 HTML file (text, UTF-8 when written). ``images``: each
    page's image file relative to the hOCR file's folder (for ``image``; None for a PDF's
    pages)."""
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"',
        '    "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">',
        "<head>",
        f"<title>{escape(title)}</title>",
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>',
        f'<meta name="ocr-system" content="foia-clean {escape(__version__)}"/>',
        '<meta name="ocr-capabilities" content="ocr_page ocr_carea ocr_par ocr_line '
        'ocrx_word ocr_header ocr_footer ocr_pageno ocrp_wconf"/>',
        f'<meta name="ocr-number-of-pages" content="{len(pages)}"/>',
        "</head>",
        "<body>",
    ]
    body: list[str] = []
    for n, page in enumerate(pages):
        body.extend(_page(page, images[n] if images and n < len(images) else None))
    return "\n".join([*head, *body, "</body>", "</html>"]) + "\n"
