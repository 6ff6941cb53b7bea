"""An input PDF's earlier invisible text layer, taken out before ours goes in.

Released PDFs often carry an OCR layer made when they were scanned: invisible text (rendering
mode 3) over the page image. Left in, every search would find each word twice, once as the old
OCR misread it; ``textlayer.txt`` keeps that old text for comparison. ``drop_invisible_text``
removes only the text-showing operators drawn in mode 3, in the page's content and in the form
XObjects it draws (where OCRmyPDF and others put their layer), and the fonts no text is shown
in any more; visible text, images and everything else stay, and a page with no invisible text
is not rewritten at all.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pikepdf

log = logging.getLogger(__name__)

#: Operators that show text (PDF 32000-1, 9.4.3).
SHOW = frozenset({"Tj", "TJ", "'", '"'})
INVISIBLE = 3


def _filtered(instructions: list) -> tuple[list, int, set[str], set[str]]:
    """The instructions without text shown in rendering mode 3; how many were dropped; the
    fonts (resource names, ``/F9``) that dropped text and kept text were shown in. ``Tr`` and
    ``Tf`` are graphics state: saved by ``q`` and restored by ``Q``."""
    mode, font, saved = 0, "", []
    kept, dropped = [], 0
    dropped_fonts: set[str] = set()
    kept_fonts: set[str] = set()
    for inst in instructions:
        op = str(inst.operator)
        if op == "q":
            saved.append((mode, font))
        elif op == "Q":
            mode, font = saved.pop() if saved else (0, "")
        elif op == "Tr" and inst.operands:
            mode = int(inst.operands[0])
        elif op == "Tf" and inst.operands:
            font = str(inst.operands[0])
        elif op in SHOW:
            if mode == INVISIBLE:
                dropped += 1
                dropped_fonts.add(font)
                continue
            kept_fonts.add(font)
        kept.append(inst)
    return kept, dropped, dropped_fonts, kept_fonts


def drop_invisible_text(pdf: pikepdf.Pdf, page: pikepdf.Page) -> int:
    """Remove the invisible text of ``page`` (of ``pdf``) and of the form XObjects it draws,
    and the fonts only that text was shown in (their resource entries and ``Tf`` selections:
    an OCR layer's GlyphLessFont would otherwise stay in the PDF beside ours); returns how
    many text operators were removed (0: nothing was changed).

    A font is kept when any text left on the page or in its forms is shown in it (by resource
    name, across all of them: a form without resources of its own uses the page's)."""
    import pikepdf

    xobjects = page.resources.get("/XObject", pikepdf.Dictionary())
    forms = [
        xobj
        for _, xobj in sorted(xobjects.items())
        if isinstance(xobj, pikepdf.Stream) and xobj.get("/Subtype") == "/Form"
    ]
    owners: list = [page, *forms]
    filtered = [_filtered(list(pikepdf.parse_content_stream(owner))) for owner in owners]
    dropped = sum(f[1] for f in filtered)
    if not dropped:
        return 0
    gone = set().union(*(f[2] for f in filtered)) - set().union(*(f[3] for f in filtered))
    for owner, (kept, count, _, _) in zip(owners, filtered, strict=True):
        unselected = [i for i in kept if not (str(i.operator) == "Tf" and _font_of(i) in gone)]
        if count or len(unselected) < len(kept):
            _write(pdf, owner, unselected)
    # The page's resources may be shared with other pages (or inherited from the page tree),
    # where the same font may show visible text: the page gets its own copy to drop fonts from.
    fonts = page.resources.get("/Font")
    if isinstance(fonts, pikepdf.Dictionary) and gone & set(fonts.keys()):
        own = pikepdf.Dictionary(page.resources)
        own.Font = pikepdf.Dictionary({k: v for k, v in fonts.items() if k not in gone})
        page.obj.Resources = own
    for form in forms:  # a form's text is the same wherever it is drawn: its own fonts go
        fonts = form.get("/Resources", {}).get("/Font")
        if isinstance(fonts, pikepdf.Dictionary):
            for name in sorted(gone & set(fonts.keys())):
                del fonts[name]
    return dropped


def _font_of(inst: Any) -> str | None:
    """The font resource name a ``Tf`` instruction selects; None for a malformed one with no
    operands (it selects no font: kept as it stands, as ``_filtered`` passes it over)."""
    return str(inst.operands[0]) if inst.operands else None


def _write(pdf: pikepdf.Pdf, owner: pikepdf.Object | pikepdf.Page, instructions: list) -> None:
    """Replace the content stream of a page or a form XObject with ``instructions``."""
    import pikepdf

    data = pikepdf.unparse_content_stream(instructions)
    if isinstance(owner, pikepdf.Page):
        owner.obj.Contents = pikepdf.Stream(pdf, data)
    else:
        owner.write(data)
