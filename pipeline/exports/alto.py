"""``alto.xml``: the final words in ALTO v4, the XML libraries exchange OCR in (LoC, Europeana).

One ``Page`` per page with its size in pixels (``MeasurementUnit`` pixel, the page image as
stored in the file named in ``sourceImageInformation``; a PDF's page as rendered for OCR): every
box is where the word stands on that image, whatever OCR turned or resampled to read it
(``layout.on_image``), and a page whose lines are not level in it says by how much they turn
(``ROTATION``, counter-clockwise); body lines in ``PrintSpace`` as ``TextBlock``s (OCR's blocks)
of ``TextLine``s of ``String``s with boxes and word confidence (``WC``, 0-1). A corrected word's
``CONTENT`` is the final word, with what OCR read kept as ``<ALTERNATIVE PURPOSE="ocr">``; a
proposal nobody accepted is an ``<ALTERNATIVE PURPOSE="proposed">``. A word broken at a line end
is two ``String``s with ``SUBS_TYPE`` HypPart1/HypPart2 and the whole word as ``SUBS_CONTENT``,
and a ``HYP`` after the first. Removed furniture lines are ``TextBlock``s in ``TopMargin`` or
``BottomMargin`` (by where they stand), tagged with their kind (``Tags``/``TAGREFS``); a
furniture span inside a kept line stays in its line, tagged the same way. A redaction box is a
``[REDACTED]`` ``String`` on the box, tagged ``redaction``, with any OCR noise read inside it as
``<ALTERNATIVE PURPOSE="ocr-under-redaction">``. Valid against the published ALTO 4.4 schema
(``tests/data/alto/``). No timestamps: same document, same bytes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from pipeline import __version__
from pipeline.core.enums import FurnitureKind
from pipeline.core.records import BBox
from pipeline.exports.frames import text_angle
from pipeline.exports.layout import FinalLine, FinalPage, FinalWord, on_image

NS = "http://www.loc.gov/standards/alto/ns-v4#"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://www.loc.gov/alto/v4/alto-4-4.xsd"
#: The tag of a ``[REDACTED]`` word (a redaction box on the page).
REDACTION_TAG = "redaction"


def _tag(kind: FurnitureKind) -> str:
    return f"furniture-{kind.value}"


def _box(el: ET.Element, box: BBox | None) -> None:
    if box is not None:
        el.set("HPOS", str(box.left))
        el.set("VPOS", str(box.top))
        el.set("WIDTH", str(box.width))
        el.set("HEIGHT", str(box.height))


def _sub(parent: ET.Element, name: str, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, name, attrs)


def _string(line: ET.Element, w: FinalWord, sid: str) -> None:
    s = _sub(line, "String", ID=sid)
    if w.furniture is not None:
        s.set("TAGREFS", _tag(w.furniture))
    elif w.redacted is not None:
        s.set("TAGREFS", REDACTION_TAG)
    _box(s, w.bbox)
    s.set("CONTENT", w.text)
    if w.hyphen:
        s.set("SUBS_TYPE", f"HypPart{w.hyphen}")
        s.set("SUBS_CONTENT", w.whole or w.text)
    if w.conf is not None:
        s.set("WC", f"{max(0.0, min(1.0, w.conf / 100)):.2f}")
    if w.changed:
        _sub(s, "ALTERNATIVE", PURPOSE="ocr").text = w.ocr
    if w.proposal:
        _sub(s, "ALTERNATIVE", PURPOSE="proposed").text = w.proposal
    if w.redacted:
        _sub(s, "ALTERNATIVE", PURPOSE="ocr-under-redaction").text = w.redacted


def _textline(parent: ET.Element, words: Sequence[FinalWord], lid: str) -> None:
    line = _sub(parent, "TextLine", ID=lid)
    box = BBox.union(w.bbox for w in words)
    _box(line, box)
    for i, w in enumerate(words):
        if i:
            _sub(line, "SP")
        _string(line, w, f"{lid}_w{i + 1}")
        if w.hyphen == 1 and w.text.endswith("-"):
            _sub(line, "HYP", CONTENT="-")


def _block(
    parent: ET.Element,
    lines: Sequence[tuple[FinalLine, Sequence[FinalWord]]],
    bid: str,
    tag: str | None = None,
) -> None:
    block = _sub(parent, "TextBlock", ID=bid)
    if tag:
        block.set("TAGREFS", tag)
    _box(block, BBox.union(w.bbox for _, words in lines for w in words))
    for n, (_, words) in enumerate(lines):
        _textline(block, words, f"{bid}_l{n + 1}")


def _page(layout: ET.Element, upright: FinalPage) -> None:
    """One ``Page``: ``upright`` (as OCR read it) decides top from bottom margin, its words are
    written where they stand on the stored image."""
    page = on_image(upright)
    pid = f"p{page.number}"
    el = _sub(layout, "Page", ID=pid, PHYSICAL_IMG_NR=str(page.number))
    if page.width is not None and page.height is not None:
        el.set("WIDTH", str(page.width))
        el.set("HEIGHT", str(page.height))
    f = upright.frames
    if f is not None and (angle := text_angle(f)):
        el.set("ROTATION", f"{angle:g}")
    top: list[tuple[FinalLine, Sequence[FinalWord], FurnitureKind]] = []
    bottom: list[tuple[FinalLine, Sequence[FinalWord], FurnitureKind]] = []
    for up, ln in zip(upright.lines, page.lines, strict=True):
        kind = ln.furniture
        if kind is None:
            continue
        box = up.bbox
        height = upright.height
        lower = box is not None and height is not None and box.top > height / 2
        (bottom if lower else top).append((ln, ln.words, kind))
    for name, group in (("TopMargin", top), ("BottomMargin", bottom)):
        if not group:
            continue
        margin = _sub(el, name, ID=f"{pid}_{name.lower()}")
        _box(margin, BBox.union(w.bbox for _, words, _ in group for w in words))
        for n, (ln, words, kind) in enumerate(group):
            _block(margin, [(ln, words)], f"{pid}_{name[0].lower()}m{n + 1}", _tag(kind))
    space = _sub(el, "PrintSpace", ID=f"{pid}_ps")
    body = [ln for ln in page.lines if ln.furniture is None]
    _box(space, BBox.union(w.bbox for ln in body for w in ln.words))
    blocks: list[list[FinalLine]] = []
    for ln in body:
        if not blocks or blocks[-1][-1].block != ln.block or (ln.block == 0 and _gap(blocks, ln)):
            blocks.append([])
        blocks[-1].append(ln)
    for n, lines in enumerate(blocks):
        _block(space, [(ln, ln.words) for ln in lines], f"{pid}_b{n + 1}")


def _gap(blocks: list[list[FinalLine]], ln: FinalLine) -> bool:
    """Text input has no layout numbers: a blank line (a skipped index) starts a new block."""
    return ln.index != blocks[-1][-1].index + 1


def alto(pages: Sequence[FinalPage], source_files: Sequence[str]) -> str:
    """The document as one ALTO v4 file (text, UTF-8 when written).

    ``source_files`` are the input files as named in ``metadata.json`` (for ``fileName``).
    """
    ET.register_namespace("", NS)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(f"{{{NS}}}alto", {f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION})
    q = lambda name: f"{{{NS}}}{name}"  # noqa: E731
    desc = ET.SubElement(root, q("Description"))
    ET.SubElement(desc, q("MeasurementUnit")).text = "pixel"
    info = ET.SubElement(desc, q("sourceImageInformation"))
    ET.SubElement(info, q("fileName")).text = ", ".join(source_files)
    proc = ET.SubElement(desc, q("Processing"), {"ID": "foia-clean"})
    ET.SubElement(proc, q("processingCategory")).text = "contentGeneration"
    ET.SubElement(
        proc, q("processingStepDescription")
    ).text = "re-OCR, page furniture removal, spell correction and human review"
    sw = ET.SubElement(proc, q("processingSoftware"))
    ET.SubElement(sw, q("softwareName")).text = "foia-clean"
    ET.SubElement(sw, q("softwareVersion")).text = __version__
    kinds = sorted({w.furniture for p in pages for ln in p.lines for w in ln.words if w.furniture})
    redacted = any(w.redacted is not None for p in pages for ln in p.lines for w in ln.words)
    if kinds or redacted:
        tags = ET.SubElement(root, q("Tags"))
        for kind in kinds:
            ET.SubElement(
                tags,
                q("LayoutTag"),
                {"ID": _tag(kind), "TYPE": "furniture", "LABEL": kind.value},
            )
        if redacted:
            ET.SubElement(
                tags,
                q("LayoutTag"),
                {"ID": REDACTION_TAG, "TYPE": "redaction", "LABEL": "withheld text"},
            )
    layout = ET.SubElement(root, q("Layout"))
    for page in pages:
        _page(layout, page)
    # Elements made by ``_sub`` have local names: put them in the ALTO namespace.
    for el in root.iter():
        if not el.tag.startswith("{"):
            el.tag = q(el.tag)
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
