"""An input PDF's earlier invisible text layer, taken out before ours goes in.

Released PDFs often carry an OCR layer made when they were scanned: invisible text (rendering
mode 3) over the page image. Left in, every search would find each word twice, once as the old
OCR misread it; ``textlayer.txt`` keeps that old text for comparison. ``drop_invisible_text``
removes only the text-showing operators drawn in mode 3, in the page's content and in the form
XObjects it draws (where OCRmyPDF and others put their layer); visible text, images and
everything else stay, and a page with no invisible text is not rewritten at all.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pikepdf

log = logging.getLogger(__name__)

#: Operators that show text (PDF 32000-1, 9.4.3).
SHOW = frozenset({"Tj", "TJ", "'", '"'})
INVISIBLE = 3


def _filtered(instructions: list) -> tuple[list, int]:
    """The instructions without text shown in rendering mode 3, and how many were dropped.
    ``Tr`` is graphics state: saved by ``q`` and restored by ``Q``."""
    mode, saved = 0, []
    kept, dropped = [], 0
    for inst in instructions:
        op = str(inst.operator)
        if op == "q":
            saved.append(mode)
        elif op == "Q":
            mode = saved.pop() if saved else 0
        elif op == "Tr" and inst.operands:
            mode = int(inst.operands[0])
        elif op in SHOW and mode == INVISIBLE:
            dropped += 1
            continue
        kept.append(inst)
    return kept, dropped


def _clean_stream(pdf: pikepdf.Pdf, owner: pikepdf.Object | pikepdf.Page) -> int:
    import pikepdf

    instructions = list(pikepdf.parse_content_stream(owner))
    kept, dropped = _filtered(instructions)
    if not dropped:
        return 0
    data = pikepdf.unparse_content_stream(kept)
    if isinstance(owner, pikepdf.Page):
        owner.obj.Contents = pikepdf.Stream(pdf, data)
    else:
        owner.write(data)
    return dropped


def drop_invisible_text(pdf: pikepdf.Pdf, page: pikepdf.Page) -> int:
    """Remove the invisible text of ``page`` (of ``pdf``) and of the form XObjects it draws;
    returns how many text operators were removed (0: nothing was changed)."""
    import pikepdf

    dropped = _clean_stream(pdf, page)
    xobjects = page.resources.get("/XObject", pikepdf.Dictionary())
    for _, xobj in sorted(xobjects.items()):
        if isinstance(xobj, pikepdf.Stream) and xobj.get("/Subtype") == "/Form":
            dropped += _clean_stream(pdf, xobj)
    return dropped
