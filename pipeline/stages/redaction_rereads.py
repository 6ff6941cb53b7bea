"""Exemption codes beside a redaction box read again: crops of the page read by Tesseract alone.

The page's OCR reads the small codes beside a box badly, or not at all: it runs a margin column
of FBI codes into the text lines ("bl-1", "61", "vat 236 E-1,2,3,"), misreads a small "(b)(1)"
("(bo) (1)"), leaves out a code alone in the margin, reads nothing inside a white box, and reads
codes stacked so tight that their lines touch as one line. ``stages.redaction`` asks here for
those places read again on their own, enlarged: a margin column as one block
(``_reread_columns``), a box's rows (``_reread_rows``), a white box's inside (``_read_inside``),
the codes stacked beside a block line by line (``_read_stacked``). What is a code and whose it
is stays ``stages.redaction_codes``; each reading costs a Tesseract call (~0.1-0.2 s), made only
for a box with no code read beside it or only unsure ones.

Sizes are in inches (turned into pixels with the page's DPI); they were chosen on rendered
pages (``bench/redaction_render.py``, dev) and the real FBI pages of ``tests/data/redactions/``
(dev).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from pipeline.core.records import BBox, Line, Word
from pipeline.stages.exemptions import CodeRead, exemption_codes
from pipeline.stages.redaction_codes import (
    CODE_GAP_IN,
    CODE_REACH_IN,
    _code_words,
    _overlap,
    _read_joined,
)

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

# The page's OCR reads a margin column of small codes badly ("bl-1", "61", "vat 236 E-1,2,3,"):
# Tesseract's layout runs it into the text lines. When a box has no code within reach, the
# columns of the margin codes are read again on their own (as one block of text, at least at
# this DPI, scaled up as needed) and those words replace the page's there for reading codes.
# The column reaches this far (inches) left of its codes and right of them.
REREAD_DPI = 200
COLUMN_PAD_IN = (0.1, 0.6)
COLUMN_SPLIT_IN = 1.0  # code blocks further apart than this across the page: two columns
# A box with no code read beside it has its rows (and ROW_PAD_IN, inches, either way) read
# again on their own, enlarged REREAD_SCALE times at least: the page's OCR misreads small codes
# ("(bo) (1)" for "(b)(1)"), leaves out a code alone in the margin, or reads nothing inside a
# white box. At most REREAD_BANDS bands of rows a page (about 0.2 s each).
ROW_PAD_IN = 0.05
REREAD_SCALE = 2
REREAD_BANDS = 12
# A white box's inside is read on its own (``_read_inside``) set on this much paper (inches).
INSIDE_MARGIN_IN = 0.1
# Codes stacked beside a block are read line by line (``_read_stacked``) from APART_GAP_IN
# (inches) beside it; a piece of ink taller than STACK_GLYPH times the common glyph height is
# a bracket run through two lines, not a line's glyph (rendered pages, dev: NimbusMono at 300
# dpi stacks "(b)(1)" on "(b)(3)" with touching brackets, 58 px against 25 px glyphs).
APART_GAP_IN = 0.03
STACK_GLYPH = 1.5


class Shades:
    """The pixels a page's places are read again from, each made once, when first asked: the
    page as OCR read it (``gray``) and, where that is a binarised page, its grey pixels
    (``grey``, made by the caller: ``stages.ocr``; left out when its shape is not the page's),
    each also with the page's boxes painted out (``paint``: ``redaction.paint_out``)."""

    def __init__(
        self,
        gray: np.ndarray,
        grey: Callable[[], np.ndarray] | None,
        paint: Callable[[np.ndarray], np.ndarray],
    ) -> None:
        self.gray, self._make, self._paint = gray, grey, paint
        self._grey: np.ndarray | None = None
        self._painted: dict[bool, np.ndarray | None] = {}

    def grey(self) -> np.ndarray | None:
        """The grey page (None: the page is grey itself, or its grey page does not fit it)."""
        if self._make is not None:
            import numpy as np

            made, self._make = np.asarray(self._make()), None
            if made.ndim == 2 and made.shape == self.gray.shape:
                self._grey = made
            else:
                log.debug("grey page %s is not the page's %s", made.shape, self.gray.shape)
        return self._grey

    def painted(self) -> np.ndarray:
        """The page as OCR read it, its boxes painted out."""
        if False not in self._painted:
            self._painted[False] = self._paint(self.gray)
        out = self._painted[False]
        assert out is not None
        return out

    def grey_painted(self) -> np.ndarray | None:
        """The grey page, its boxes painted out (None with no grey page)."""
        if True not in self._painted:
            g = self.grey()
            self._painted[True] = None if g is None else self._paint(g)
        return self._painted[True]


def _read_enlarged(
    pixels: np.ndarray,
    scale: int,
    dpi: int,
    where: str,
    *,
    psm: int = 6,
    grey: np.ndarray | None = None,
    codes_only: bool = False,
) -> tuple[Line, ...] | None:
    """Tesseract's lines of a crop of the page (grey pixels) enlarged ``scale`` times, read as
    one block of text (``psm`` 6; 7: one line) at ``dpi * scale``; boxes in the enlarged
    crop's pixels. ``grey``: the same crop of the page's grey pixels where ``pixels`` are a
    binarised page's; read too when the crop's reading is not sure of its codes (``_sure``;
    ``codes_only``: every line of the crop holds codes), and its reading taken where it reads
    more codes surely, line by line (``_evidence``: binarising breaks small type, "(bx 7 UC)"
    for "(b)(7)(C)": FreeSerif at 150 dpi, rendered pages, dev; the grey page may break
    another line of the same column: "b7Cc-1"). None when Tesseract fails,
    logged with ``where`` (the rest of the page goes on)."""
    lines = _read_crop(pixels, scale, dpi, where, psm)
    if grey is None or (lines is not None and _sure(lines, codes_only)):
        return lines
    again = _read_crop(grey, scale, dpi, where + " (grey page)", psm)
    if again is None or lines is None:
        return lines if again is None else again
    # Line by line: each line of the crop read from the pixels that read it better.
    out = list(lines)
    for g in again:
        gb = g.bbox
        if gb is None:
            continue
        same = [i for i, ln in enumerate(out) if ln.bbox is not None and _one_row(ln.bbox, gb)]
        if not same:
            if _evidence([g])[0]:
                out.append(g)
            continue
        if _evidence([g]) > _evidence([out[i] for i in same]):
            log.debug("%s: %s read from the grey page", where, g.text)
            out = [ln for i, ln in enumerate(out) if i not in same] + [g]
    return tuple(sorted(out, key=lambda ln: ln.bbox.top if ln.bbox else 0))


def _one_row(a: BBox, b: BBox) -> bool:
    """Do ``a`` and ``b`` share half the height of the lower of them?"""
    return min(a.bottom, b.bottom) - max(a.top, b.top) >= 0.5 * min(a.height, b.height)


def _read_crop(
    pixels: np.ndarray, scale: int, dpi: int, where: str, psm: int
) -> tuple[Line, ...] | None:
    """Tesseract's lines of ``pixels`` enlarged ``scale`` times (``_read_enlarged``)."""
    from PIL import Image

    from pipeline.core.errors import OcrError
    from pipeline.engines import tesseract

    crop = Image.fromarray(pixels)
    if scale > 1:
        crop = crop.resize((crop.width * scale, crop.height * scale), Image.Resampling.LANCZOS)
    try:
        return tesseract.ocr_words(crop, psm=psm, dpi=dpi * scale, timeout=60)
    except OcrError as exc:
        log.warning("%s not read again: %s", where, exc)
        return None


def _line_codes(line: Line) -> tuple[list[CodeRead], int]:
    """The codes (tolerant grammar, no level markings) of one line's words read as one text,
    and how many of its letters, digits and brackets no code was read from ("(EB)" of
    "(b) (7) (EB)", read "(b)(7)": a code read short)."""
    words = [w for w in line.words if w.text.strip()]
    text, found = _read_joined(words, classification=False, tolerant=True)
    used = bytearray(len(text))
    for r, _ in found:
        used[r.start : r.end] = b"\x01" * (r.end - r.start)
    left = sum(
        1 for c, u in zip(text, used, strict=True) if not u and (c.isalnum() or c in "()[]{}")
    )
    return [r for r, _ in found], left


def _sure(lines: Sequence[Line], codes_only: bool) -> bool:
    """Does a reading hold codes, each read by the strict grammar (``read_codes``: no OCR
    confusion undone), and — ``codes_only``, a crop that holds codes and nothing else — a
    code on each line of two characters or more, every character of it read into a code?"""
    found = [_line_codes(ln) for ln in lines]
    if not any(rs for rs, _ in found) or any(r.conf < 1.0 for rs, _ in found for r in rs):
        return False
    return not codes_only or all(
        rs and not left
        for ln, (rs, left) in zip(lines, found, strict=True)
        if len(ln.text.strip()) >= 2
    )


def _evidence(lines: Sequence[Line]) -> tuple[int, int]:
    """How surely a reading reads codes: how many it reads by the strict grammar, then the
    fewer characters left out of its codes' lines the better (``_line_codes``). A code read
    only through OCR confusions counts for nothing: a grey page's reading is taken for a
    code that parses, not for garbage the tolerant grammar can bend into one ("(BS (5) (cy"
    as "B5": NimbusMono at 300 dpi, rendered pages, dev)."""
    found = [_line_codes(ln) for ln in lines]
    strict = sum(r.conf >= 1.0 for rs, _ in found for r in rs)
    return strict, -sum(n for rs, n in found if rs)


def _reread_columns(
    gray: np.ndarray,
    words: list[Word],
    blocks: list[list[Word]],
    dpi: int,
    *,
    grey: np.ndarray | None = None,
) -> list[Word]:
    """``words`` with those wholly inside the margin code columns (around ``blocks``) replaced by
    a reading of each column on its own (Tesseract, one block of text, at ``REREAD_DPI`` at
    least; from ``grey`` too, the page's grey pixels, where ``gray`` is binarised:
    ``_read_enlarged``). A column that cannot be read, or whose reading holds fewer codes than
    the page's words there, keeps the page's words (logged)."""
    boxes = sorted((w.bbox for b in blocks for w in b), key=lambda b: b.left)  # type: ignore[union-attr]
    columns: list[list[BBox]] = []
    for b in boxes:
        if columns and b.left - max(c.right for c in columns[-1]) <= COLUMN_SPLIT_IN * dpi:
            columns[-1].append(b)
        else:
            columns.append([b])
    width = gray.shape[1]
    scale = max(1, -(-REREAD_DPI // dpi))
    out = list(words)
    for col in columns:
        left = max(0, min(b.left for b in col) - round(COLUMN_PAD_IN[0] * dpi))
        right = min(width, max(b.right for b in col) + round(COLUMN_PAD_IN[1] * dpi))
        lines = _read_enlarged(
            gray[:, left:right],
            scale,
            dpi,
            f"margin codes at x {left}-{right}",
            grey=None if grey is None else grey[:, left:right],
            codes_only=True,
        )
        if lines is None:
            continue
        inside = [w for w in out if left <= w.bbox.left and w.bbox.right <= right]  # type: ignore[union-attr]
        again = [
            Word(w.text, w.conf, _unscaled(w.bbox, scale, left))
            for ln in lines
            for w in ln.words
            if w.bbox is not None and w.text.strip()
        ]
        if _n_codes(again, dpi) < _n_codes(inside, dpi):
            log.debug("margin codes at x %d-%d: the page's reading has more", left, right)
            continue
        out = [w for w in out if w not in inside] + again
    return out


def _reread_rows(
    gray: np.ndarray,
    boxes: list[BBox],
    words: list[Word],
    dpi: int,
    *,
    grey: np.ndarray | None = None,
) -> list[Word]:
    """The words holding exemption codes in a reading of the rows of ``boxes`` on their own.

    ``gray``: the page with its boxes painted out (``paint_out``). Each band of rows (a box's
    rows and ``ROW_PAD_IN`` more either way; bands that overlap are one, at most
    ``REREAD_BANDS`` a page) is cropped across the page, enlarged ``REREAD_SCALE`` times (and
    to ``REREAD_DPI`` at least) and read by Tesseract as a block of text. Returned in page
    pixels: one word for each code read (a code cut in two, "(b)" "(6)", joined: "(b)(6)"),
    but none over a code word of ``words``. A band that cannot be read is logged and skipped.
    ``grey``: the page's grey pixels (boxes painted out) where ``gray`` is binarised, read
    too where a band's reading is unsure (``_read_enlarged``).
    """
    pad = round(ROW_PAD_IN * dpi)
    bands: list[list[int]] = []
    for b in sorted(boxes, key=lambda b: b.top):
        top, bottom = max(0, b.top - pad), min(gray.shape[0], b.bottom + pad)
        if bands and top <= bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], bottom)
        else:
            bands.append([top, bottom])
    scale = max(REREAD_SCALE, -(-REREAD_DPI // dpi))
    have = [
        w.bbox
        for w in words
        if exemption_codes(w.text, classification=False) and w.bbox is not None
    ]
    out: list[Word] = []
    # A page at REREAD_DPI or finer is read again at its own size too: enlarged twice,
    # 300-dpi type is past Tesseract's best and small brackets go wrong ("(5) (3)", "(4) (7)
    # (C)" where 300 dpi reads "(b)(3)", "(b)(7)(C)": FreeMono at 300 dpi, rendered pages,
    # dev); where the two read a code at one place, the surer reading (the codes' grammar's
    # confidence), else the fuller one ("(b)(7)(C)" over the "(C)" of "be(4) (7) (C)"), else
    # the enlarged one stands.
    scales = (scale, 1) if dpi >= REREAD_DPI and scale > 1 else (scale,)
    for top, bottom in bands[:REREAD_BANDS]:
        read = [c for k in scales for c in _band_codes(gray, top, bottom, k, dpi, grey)]
        for w, _ in sorted(read, key=lambda c: (-c[1], -c[0].bbox.width)):  # type: ignore[union-attr]
            if not any(_overlap(w.bbox, h) for h in [*have, *(x.bbox for x in out)]):  # type: ignore[arg-type]
                out.append(w)
    return out


def _band_codes(
    gray: np.ndarray, top: int, bottom: int, scale: int, dpi: int, grey: np.ndarray | None
) -> list[tuple[Word, float]]:
    """The code words of one band of rows (``top`` to ``bottom``) read on its own, enlarged
    ``scale`` times, in page pixels, each with how sure the codes' grammar is of it (0-1,
    ``read_codes``); a code cut in two read as one word (``_reread_rows``)."""
    out: list[tuple[Word, float]] = []
    where = f"rows {top}-{bottom} by a box"
    lines = _read_enlarged(
        gray[top:bottom], scale, dpi, where, grey=None if grey is None else grey[top:bottom]
    )
    for ln in lines or ():
        line = [w for w in ln.words if w.bbox is not None and w.text.strip()]
        for r, idx in _read_joined(line, tolerant=True)[1]:
            held = [line[i] for i in idx]
            box = _unscaled(BBox.union(w.bbox for w in held), scale, 0, top)  # type: ignore[arg-type]
            conf = min((w.conf for w in held if w.conf is not None), default=None)
            out.append((Word("".join(w.text for w in held), conf, box), r.conf))
    return out


def _read_inside(
    gray: np.ndarray, boxes: list[BBox], dpi: int, *, grey: np.ndarray | None = None
) -> tuple[list[Word], dict[BBox, list[Word]]]:
    """The code words read inside each outlined box of ``boxes`` on its own: its inside (on
    ``gray``, the page with the boxes' sides painted out, ``paint_out``) set on
    ``INSIDE_MARGIN_IN`` of paper, enlarged like a row (``REREAD_SCALE``, ``REREAD_DPI``) and
    read as one line of text. In page pixels; only the words that read as codes (tolerant
    grammar), a code cut in two joined; and beside them each box's every word read (for
    ``redaction_outlines.is_stamp``: a box that holds printed words is no redaction). A box
    that cannot be read is logged and skipped. ``grey``: the page's grey pixels (sides painted
    out) where ``gray`` is binarised, read too where the inside's reading is unsure
    (``_read_enlarged``)."""
    margin = round(INSIDE_MARGIN_IN * dpi)
    scale = max(REREAD_SCALE, -(-REREAD_DPI // dpi))
    out: list[Word] = []
    held_in: dict[BBox, list[Word]] = {}
    for b in boxes:
        if b.width <= 0 or b.height <= 0:
            continue
        canvas, alt = (
            None if src is None else _on_paper(src[b.top : b.bottom, b.left : b.right], margin)
            for src in (gray, grey)
        )
        assert canvas is not None
        where = f"inside of the box at {b.to_list()}"
        lines = _read_enlarged(canvas, scale, dpi, where, psm=7, grey=alt, codes_only=True)
        held_in[b] = []
        for ln in lines or ():
            line = [w for w in ln.words if w.bbox is not None and w.text.strip()]
            held_in[b] += [
                Word(w.text, w.conf, _unscaled(w.bbox, scale, b.left - margin, b.top - margin))  # type: ignore[arg-type]
                for w in line
            ]
            for _r, idx in _read_joined(line, tolerant=True)[1]:
                held = [line[i] for i in idx]
                box = _unscaled(
                    BBox.union(w.bbox for w in held), scale, b.left - margin, b.top - margin
                )  # type: ignore[arg-type]
                conf = min((w.conf for w in held if w.conf is not None), default=None)
                out.append(Word("".join(w.text for w in held), conf, box))
    return out, held_in


def _read_stacked(
    gray: np.ndarray, box: BBox, dpi: int, ink_level: int, *, grey: np.ndarray | None = None
) -> list[Word]:
    """The code words of the codes stacked beside a block (``box``, several lines tall), each
    line of them read on its own. Codes stacked tight touch ("(b)(1)" over "(b)(3)": their
    brackets run into one another) and Tesseract reads the two lines as one ("1B} (33"); so
    the ink within ``CODE_REACH_IN`` left and right of the box, on its rows (``ROW_PAD_IN``
    more either way), is cut into lines by its glyphs (connected pieces of ink, those taller
    than ``STACK_GLYPH`` of the common height left out: a bracket run through two lines), each
    line cut from the next halfway between their middles, set on ``INSIDE_MARGIN_IN`` of paper,
    enlarged and read as one line. ``gray``: the page with its boxes painted out. None (an
    empty list) where a side holds one line or none: the rows' own reading (``_reread_rows``)
    serves it. Ink is darker than ``ink_level`` (0-255). In page pixels; a line that cannot
    be read is logged and skipped. ``grey``: the page's grey pixels (boxes painted out) where
    ``gray`` is binarised: each line cut from ``gray`` is read from them too where its reading
    is unsure (``_read_enlarged``)."""
    import cv2
    import numpy as np

    reach, gap, pad = round(CODE_REACH_IN * dpi), round(APART_GAP_IN * dpi), round(ROW_PAD_IN * dpi)
    top, bottom = max(0, box.top - pad), min(gray.shape[0], box.bottom + pad)
    margin = round(INSIDE_MARGIN_IN * dpi)
    scale = max(REREAD_SCALE, -(-REREAD_DPI // dpi))
    out: list[Word] = []
    inked = (gray[top:bottom] < ink_level).any(axis=0)
    sides = ((box.right + gap, box.right + reach), (box.left - reach, box.left - gap))
    for k, (x0, x1) in enumerate(sides):
        x0, x1 = max(0, x0), min(gray.shape[1], x1)
        if x1 - x0 < 4:
            continue
        # A code the reach cuts runs on to its end: to the first gap wider than CODE_GAP_IN.
        if k == 0:
            x1 = _run_on(inked, x1, 1, round(CODE_GAP_IN * dpi))
        else:
            x0 = _run_on(inked, x0 - 1, -1, round(CODE_GAP_IN * dpi)) + 1
        crop = np.ascontiguousarray(gray[top:bottom, x0:x1])
        ink = (crop < ink_level).astype(np.uint8)
        n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
        heights = sorted(int(h) for h in stats[1:, cv2.CC_STAT_HEIGHT] if h >= max(3, 0.03 * dpi))
        if len(heights) < 2:
            continue
        common = heights[len(heights) // 4]  # a letter's or digit's: brackets are taller
        mids = sorted(
            int(stats[i, cv2.CC_STAT_TOP]) + int(stats[i, cv2.CC_STAT_HEIGHT]) / 2
            for i in range(1, n)
            if max(3, 0.03 * dpi) <= stats[i, cv2.CC_STAT_HEIGHT] <= STACK_GLYPH * common
        )
        lines: list[list[float]] = []
        for m in mids:
            if lines and m - lines[-1][-1] <= 0.6 * common:
                lines[-1].append(m)
            else:
                lines.append([m])
        if len(lines) < 2:
            continue
        centres = [sum(ln) / len(ln) for ln in lines]
        cuts = [0, *(round((a + b) / 2) for a, b in pairwise(centres)), crop.shape[0]]
        for a, b in pairwise(cuts):
            piece = _on_paper(crop[a:b], margin)
            alt = None if grey is None else _on_paper(grey[top + a : top + b, x0:x1], margin)
            where = f"codes stacked beside the box at {box.to_list()}, rows {top + a}-{top + b}"
            read = _read_enlarged(piece, scale, dpi, where, psm=7, grey=alt, codes_only=True)
            for ln in read or ():
                for w in _code_words(
                    [w for w in ln.words if w.bbox and w.text.strip()], dpi * scale, tolerant=True
                ):
                    bb = _unscaled(w.bbox, scale, x0 - margin, top + a - margin)  # type: ignore[arg-type]
                    out.append(Word(w.text, w.conf, bb))
    return out


def _on_paper(pixels: np.ndarray, margin: int) -> np.ndarray:
    """``pixels`` set on ``margin`` pixels of white paper either side."""
    import numpy as np

    out = np.full((pixels.shape[0] + 2 * margin, pixels.shape[1] + 2 * margin), 255, pixels.dtype)
    out[margin : margin + pixels.shape[0], margin : margin + pixels.shape[1]] = pixels
    return out


def _run_on(inked: np.ndarray, x: int, step: int, gap: int) -> int:
    """From column ``x`` of a row of ``inked`` columns, stepping by ``step`` (1 or -1), the
    first column of the first run of ``gap`` blank columns (or the row's end)."""
    blank = 0
    while 0 <= x < len(inked) and blank < gap:
        blank = 0 if inked[x] else blank + 1
        x += step
    return max(0, min(len(inked), x - step * blank))


def _unscaled(b: BBox, scale: int, left: int, top: int = 0) -> BBox:
    """A box of a crop (at ``left``, ``top``) scaled up ``scale`` times, in the page's pixels."""
    return BBox(
        left + b.left // scale, top + b.top // scale, -(-b.width // scale), -(-b.height // scale)
    )


def _n_codes(words: list[Word], dpi: int) -> int:
    return len(_code_words(words, dpi))
