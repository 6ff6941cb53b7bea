"""Redaction boxes on a page image, and the FOIA exemption codes printed beside them.

A release withholds text in three ways: a solid black bar over it (FBI, NARA), an even grey
bar (CIA CREST), or an outlined white box where it was with the exemption code ("(b)(6)", "B1",
"1.4(D)", "(S)") printed beside or inside it (State). OCR reads a bar as noise, runs it into
the word beside it ("[bar], as" read as one word "is"), and reads a white box as nothing:
without this a reader of the text never learns that something was withheld, nor under which
exemption, and loses the words beside a bar.

``find_boxes`` runs on each prepared page image before the engine reads it
(``reading.Reader``); ``paint_out`` paints its bars, and the sides of its outlined boxes, the
colour of the paper, so the engine reads the text around them as text. ``find_redactions``
then reads the codes from the OCR words around each box (a box with none gets its rows read
again, enlarged) and returns ``Redaction`` records for ``Page.redactions``, in the pixels of
the word boxes. It changes no OCR word: the strip stage puts ``[REDACTED:codes]`` at each box
by its position among the line's word boxes (``strip.redactions``), so the mark is recorded
like every other removal. The codes are read by ``stages.exemptions.exemption_codes``.

The FBI prints a paragraph's codes ("b1-1", "b7A-1") as a column in the page margin level
with the paragraph's first line, often beyond reach of the bars; a bar without a code beside it
takes the margin block of its paragraph. The page's OCR reads such a column badly (Tesseract
runs it into the text lines), so when it is needed it is read again on its own with
``engines.tesseract`` (one block of text, scaled up to ``REREAD_DPI``): about 0.5 s on such a
page, nothing on others.

Sizes are in inches, turned into pixels with the page's DPI (for an image that does not state
one, the DPI page normalisation estimated, ``pageimage.estimate_dpi``: one estimate for the
whole pipeline); they were chosen on rendered pages
(``tests/test_redaction.py``, synthetic; the dev pages of ``bench/redaction_render.py``, five
styles), the shapes of real ones (Talbott manifest rows with
"(b)(6)" labels, NARA JFK releases) and one real released page with ten bars and FBI margin
codes (``tests/data/redactions/``, dev; ``python -m bench.redactions_eval``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pipeline.core.enums import RedactionStyle
from pipeline.core.records import BBox, Line, Redaction, Word
from pipeline.stages.exemptions import exemption_codes

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

log = logging.getLogger(__name__)

# A box is at least this wide and this tall (inches): smaller dark blobs are glyphs, rules or
# specks. A box is solid when this share of it is ink (a black bar), empty inside when at most
# this share is (a white box; a code printed inside a box just wide enough for it is allowed
# for: "1.4(D)" in a tight box inks about a fifth of its inside).
MIN_WIDTH_IN = 0.15
MIN_HEIGHT_IN = 0.08
SOLID = 0.85
EMPTY = 0.3
# An outlined box with this many words (3 letters or more, no code) inside is a boxed stamp or
# a table's cell, not a redaction: a white box holds its code, perhaps misread, and no more.
# Two, not three: State's boxed stamp "RELEASE IN PART" over its codes has two such words.
STAMP_WORDS = 2
# A grey bar (CIA/CREST releases) is darker than the paper by GREY_DROP at least and even: the
# middle half of it spreads by at most GREY_EVEN (standard deviation, 0-255). A bar is painted
# out before OCR with PAINT_PAD_IN (inches) around it.
GREY_DROP = 40
GREY_EVEN = 30.0
PAINT_PAD_IN = 0.01
# An outline's sides: each inked along at least this share of its length.
SIDE_INKED = 0.85
# Ink is darker than this (0-255).
INK = 110
# Codes are looked for this far (inches) beside a box, left or right, and above or below.
CODE_REACH_IN = 1.2
CODE_ABOVE_IN = 0.25
# FBI releases print a paragraph's codes as a column in the page margin ("b1-1", "b3-1",
# "b7A-1" stacked) level with its first line: a box with no code within reach takes the
# nearest margin block that starts at or above it and ends at most PARAGRAPH_IN above it, or
# one that starts at most MARGIN_GAP_IN below it. Codes of one block are stacked at most
# BLOCK_STEP_IN apart, their left edges at most BLOCK_ALIGN_IN apart (inches).
PARAGRAPH_IN = 2.0
MARGIN_GAP_IN = 0.3
# The FBI stacks a block's codes about 0.07 in apart (the FISA page); codes printed each
# level with its own bar on successive lines are about 0.2 in apart (rendered pages, dev).
BLOCK_STEP_IN = 0.15
BLOCK_ALIGN_IN = 0.5
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


def find_redactions(
    image: Image.Image | np.ndarray,
    lines: Sequence[Line],
    *,
    dpi: int,
    page: int,
    bars: Sequence[tuple[BBox, RedactionStyle]] | None = None,
) -> tuple[Redaction, ...]:
    """The redaction boxes of one page image, top to bottom, with the codes beside them.

    ``image``: the page as OCR read it (any mode, or its grey pixels as an array; boxes in its
    pixels); ``lines``: the OCR lines with word boxes (codes are read from them); ``dpi``: the
    image's resolution; ``page``: the page number for the records. A black bar needs nothing
    more; an outlined empty box counts only with an exemption code beside or inside it (a
    form's empty field has none). ``bars``: the page's solid bars as ``find_bars`` found them
    before OCR (searched here when not given). Raises nothing for an odd image: a page too
    small for any box has none.
    """
    gray = _gray(image)
    words = [w for ln in lines for w in ln.words if w.bbox is not None and w.text.strip()]
    found_boxes = find_boxes(gray, dpi=dpi) if bars is None else bars
    solid = [(b, s) for b, s in found_boxes if s is not RedactionStyle.WHITE_BOX]
    outlines = [b for b, s in found_boxes if s is RedactionStyle.WHITE_BOX]
    bar_boxes = [b for b, _ in solid]
    blocks = _margin_blocks(words, dpi)
    if blocks and any(not _codes_near(box, words, dpi)[0] for box in bar_boxes):
        words = _reread_columns(gray, words, blocks, dpi)
        blocks = _margin_blocks(words, dpi)
    every = [*bar_boxes, *outlines]

    def codes_of(box: BBox) -> tuple[tuple[str, ...], BBox | None]:
        # A code inside another box is that box's code, not this one's.
        others = [o for o in every if o != box]
        theirs = {id(w) for w in words if any(_inside(w.bbox, o) for o in others)}  # type: ignore[arg-type]
        mine = [w for w in words if id(w) not in theirs]
        return _codes_beside(
            box, mine, dpi, [b for b in blocks if not any(id(w) in theirs for w in b)]
        )

    coded = [(box, *codes_of(box)) for box in every]
    # A box with no code read beside it: its rows read again on their own, enlarged (the page's
    # OCR misreads small codes, or leaves out a margin code or the code inside a white box).
    bare = [box for box, codes, _ in coded if not codes]
    if bare:
        more = _reread_rows(paint_out(gray, found_boxes, dpi), bare, words, dpi)
        if more:
            words = [*words, *more]
            blocks = _margin_blocks(words, dpi)
            coded = [
                (box, codes, cb) if codes else (box, *codes_of(box)) for box, codes, cb in coded
            ]
    found: list[Redaction] = []
    for (box, codes, code_box), style in zip(
        coded[: len(solid)], (s for _, s in solid), strict=True
    ):
        found.append(Redaction(page, style, box, codes, code_box))
    # A white box counts only with a code (a form's empty field has none), and with no more
    # than a misread code's words inside it (a boxed release stamp holds its codes too).
    for box, codes, code_box in coded[len(solid) :]:
        inside = [
            w
            for w in words
            if _inside(w.bbox, box)  # type: ignore[arg-type]
            and sum(c.isalpha() for c in w.text) >= 3
            and not exemption_codes(w.text)
        ]
        if codes and len(inside) >= STAMP_WORDS:
            log.debug("page %d: box at %s holds words %s: not a redaction", page, box, inside)
        elif codes:
            found.append(Redaction(page, RedactionStyle.WHITE_BOX, box, codes, code_box))
        else:
            log.debug("page %d: empty box at %s without a code: not a redaction", page, box)
    return _in_order(found)


def find_boxes(image: Image.Image | np.ndarray, *, dpi: int) -> list[tuple[BBox, RedactionStyle]]:
    """Every box of one page image that may be a redaction, top to bottom: its solid bars
    (``find_bars``) and the outlined rectangles empty inside but for a code (style
    ``WHITE_BOX``: a redaction only with a code, which ``find_redactions`` reads). Raises
    nothing for an odd image."""
    import cv2

    gray = _gray(image)
    bars = find_bars(gray, dpi=dpi)
    min_w, min_h = max(4, round(MIN_WIDTH_IN * dpi)), max(3, round(MIN_HEIGHT_IN * dpi))
    _, ink = cv2.threshold(gray, INK - 1, 1, cv2.THRESH_BINARY_INV)  # 1 where darker than INK
    contours, _ = cv2.findContours(ink, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out = list(bars)
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        if w < min_w or h < min_h:
            continue
        box = BBox(int(x), int(y), int(w), int(h))
        if not any(_overlap(box, b) for b, _ in bars) and _outline(ink, box, dpi):
            out.append((box, RedactionStyle.WHITE_BOX))
    return sorted(out, key=lambda t: (t[0].top, t[0].left))


def _gray(image: Image.Image | np.ndarray) -> np.ndarray:
    """The grey pixels of an image or array."""
    import cv2
    import numpy as np

    if isinstance(image, np.ndarray):
        return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    return np.asarray(image if image.mode == "L" else image.convert("L"))


def find_bars(image: Image.Image | np.ndarray, *, dpi: int) -> list[tuple[BBox, RedactionStyle]]:
    """The solid bars of one page image (black, or an even grey darker than the paper by
    ``GREY_DROP`` at least), top to bottom, as (box in its pixels, style).

    The OCR stage looks for them before the engine reads the page (``reading.Reader``), paints
    them out (``paint_out``) so the engine reads no noise from them nor runs a bar into the
    word beside it, and hands them on to ``find_redactions``. Raises nothing for an odd image.
    """
    import cv2
    import numpy as np

    gray = _gray(image)
    min_w, min_h = max(4, round(MIN_WIDTH_IN * dpi)), max(3, round(MIN_HEIGHT_IN * dpi))
    paper = _paper(gray)
    # A bar of either kind is darker than the paper by GREY_DROP at least (a black one is
    # darker than INK too); the cheap look spares a page without one (most pages).
    dark = min(paper - GREY_DROP, 250)
    levels = [(INK, RedactionStyle.BLACK_BAR)]
    if dark > INK:  # paper too dark for a grey bar to show: black bars only
        levels.append((dark, RedactionStyle.GREY_BAR))
    k = max(3, round(0.03 * dpi))  # an opening this wide leaves only solid ink, no pen strokes
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    # The opening's erosion at every level: a window's brightest pixel darker than the level.
    # A lower level's shapes lie within the highest's: none as large as a bar there, none at all.
    brightest = cv2.dilate(gray, kernel)
    eroded = {lv: cv2.threshold(brightest, lv - 1, 1, cv2.THRESH_BINARY_INV)[1] for lv, _ in levels}
    highest = _opened_boxes(eroded[levels[-1][0]], kernel, k)
    big = any(w >= min_w and h >= min_h for _, _, w, h in highest)
    if not big or not _may_hold_a_bar(gray, min_w, min_h, grey=max(BAR_CELL_GREY, levels[-1][0])):
        return []
    out: list[tuple[BBox, RedactionStyle]] = []
    for level, style in levels:
        shapes = highest if level == levels[-1][0] else _opened_boxes(eroded[level], kernel, k)
        for x, y, w, h in shapes:
            if w < min_w or h < min_h or float((gray[y : y + h, x : x + w] < level).mean()) < SOLID:
                continue
            box = BBox(int(x), int(y), int(w), int(h))
            if any(_overlap(box, b) for b, _ in out):
                continue  # a black bar is dark enough for the grey search too
            kind = style
            if style is RedactionStyle.GREY_BAR:
                inner = gray[y + h // 4 : y + h - h // 4, x + w // 4 : x + w - w // 4]
                if inner.size == 0 or float(inner.std()) > GREY_EVEN:
                    continue  # not even: text or a picture, not a bar
                if float(np.median(inner)) < INK:
                    kind = RedactionStyle.BLACK_BAR  # a black bar the first search missed
            out.append((box, kind))
    return sorted(out, key=lambda t: (t[0].top, t[0].left))


def _opened_boxes(eroded: np.ndarray, kernel: np.ndarray, k: int) -> list[tuple[int, ...]]:
    """The boxes (x, y, w, h) of the outer contours of a 0/1 mask opened with ``kernel`` (``k``
    pixels), given its erosion with it, in ``cv2.findContours`` order: only the rectangle around
    what the erosion left is dilated and searched (tests/test_redaction.py)."""
    import cv2
    import numpy as np

    x0, y0, w0, h0 = cv2.boundingRect(eroded)  # of its non-zero pixels; all 0 when none
    if w0 == 0:
        return []
    top, left = max(0, y0 - k - 1), max(0, x0 - k - 1)
    near = eroded[top : y0 + h0 + k + 1, left : x0 + w0 + k + 1]
    opened = cv2.dilate(np.ascontiguousarray(near), kernel)
    contours, _ = cv2.findContours(opened, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return [(x + left, y + top, w, h) for x, y, w, h in map(cv2.boundingRect, contours)]


def paint_out(
    gray: np.ndarray, bars: Sequence[tuple[BBox, RedactionStyle]], dpi: int
) -> np.ndarray:
    """A copy of ``gray`` (a page's grey pixels) with each bar's box, and ``PAINT_PAD_IN``
    around it (its blurred edge), painted the colour of the paper; of an outlined box
    (``WHITE_BOX``) only its sides, so the code inside it stays to be read."""
    out = gray.copy()
    pad = max(1, round(PAINT_PAD_IN * dpi))
    paper = _paper(gray)
    for b, style in bars:
        top, left = max(0, b.top - pad), max(0, b.left - pad)
        bottom, right = b.bottom + pad, b.right + pad
        if style is not RedactionStyle.WHITE_BOX:
            out[top:bottom, left:right] = paper
            continue
        # An outline's sides: the rows (columns) from each edge that are mostly ink, and a
        # pixel's pad, so that a code close to a side keeps its strokes.
        region = gray[b.top : b.bottom, b.left : b.right] < INK
        rows, cols = region.mean(axis=1) >= 0.5, region.mean(axis=0) >= 0.5
        t_top, t_bottom = _run(rows) + pad, _run(rows[::-1]) + pad
        t_left, t_right = _run(cols) + pad, _run(cols[::-1]) + pad
        out[top : b.top + t_top, left:right] = paper
        out[b.bottom - t_bottom : bottom, left:right] = paper
        out[top:bottom, left : b.left + t_left] = paper
        out[top:bottom, b.right - t_right : right] = paper
    return out


def _run(flags: np.ndarray) -> int:
    """How many of ``flags`` are true from its start."""
    n = 0
    for f in flags:
        if not f:
            break
        n += 1
    return n


def _paper(gray: np.ndarray) -> int:
    """The paper's grey level: the brightest common level (90th percentile of a sample)."""
    import numpy as np

    sample = gray[:: max(1, gray.shape[0] // 200), :: max(1, gray.shape[1] // 200)]
    return int(np.percentile(sample, 90))


#: The cheap look for a black bar: the page at 1/``BAR_CELL`` of its resolution, a cell inked
#: when its mean grey is darker than ``BAR_CELL_GREY`` (a bar is at least ``SOLID`` ink darker
#: than ``INK``: its cells average at most ~135 even with its paper showing through), opened
#: like the full search, then runs of cells at least half filled and about as large as a bar.
BAR_CELL = 4
BAR_CELL_GREY = 150


def _may_hold_a_bar(gray: np.ndarray, min_w: int, min_h: int, grey: int = BAR_CELL_GREY) -> bool:
    """Whether the page may hold a black bar (``min_w`` x ``min_h`` pixels at least). Costs a
    sixteenth of the full search, which a page without one (most pages) is spared; a page with
    a bar always passes (tests/test_redaction.py)."""
    import cv2
    import numpy as np

    h, w = gray.shape
    if h < 4 * BAR_CELL or w < 4 * BAR_CELL:
        return True
    cells = cv2.resize(gray, (w // BAR_CELL, h // BAR_CELL), interpolation=cv2.INTER_AREA)
    _, inked = cv2.threshold(cells, grey, 1, cv2.THRESH_BINARY_INV)
    inked = cv2.morphologyEx(inked, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(inked, connectivity=8)
    if n <= 1:
        return False
    bw, bh = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    # A cell on the bar's edge may be mostly paper: two cells of slack either way.
    big = (bw >= min_w // BAR_CELL - 2) & (bh >= max(1, min_h // BAR_CELL - 2))
    filled = stats[1:, cv2.CC_STAT_AREA] >= 0.5 * bw * bh
    return bool(np.any(big & filled))


def _in_order(found: list[Redaction]) -> tuple[Redaction, ...]:
    """Top to bottom, left to right."""
    return tuple(sorted(found, key=lambda r: (r.bbox.top, r.bbox.left) if r.bbox else (0, 0)))


def _outline(ink: np.ndarray, box: BBox, dpi: int) -> bool:
    """Is ``box`` an outlined rectangle, empty inside but for a code?"""
    t = max(2, round(0.02 * dpi))  # the outline's thickness, generously
    x, y, w, h = box.left, box.top, box.width, box.height
    if w <= 3 * t or h <= 3 * t:
        return False
    region = ink[y : y + h, x : x + w]
    sides = (
        region[:t].any(axis=0).mean(),
        region[-t:].any(axis=0).mean(),
        region[:, :t].any(axis=1).mean(),
        region[:, -t:].any(axis=1).mean(),
    )
    inside = region[2 * t : h - 2 * t, 2 * t : w - 2 * t]
    return min(sides) >= SIDE_INKED and (inside.size == 0 or float(inside.mean()) <= EMPTY)


def _inside(a: BBox, box: BBox) -> bool:
    """Whether ``a``'s middle is inside ``box``."""
    cx, cy = a.left + a.width / 2, a.top + a.height / 2
    return box.left <= cx <= box.right and box.top <= cy <= box.bottom


def _overlap(a: BBox, b: BBox) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


def _margin_blocks(words: list[Word], dpi: int) -> list[list[Word]]:
    """The words that are exemption codes ("b1-1", "(b)(6)"), grouped into blocks: stacked one
    under the other, their left edges aligned, as the FBI prints a paragraph's codes in the
    margin. Top to bottom."""
    step, align = BLOCK_STEP_IN * dpi, BLOCK_ALIGN_IN * dpi
    blocks: list[list[Word]] = []
    coded = [w for w in words if exemption_codes(w.text, classification=False)]
    for w in sorted(coded, key=lambda w: (w.bbox.top, w.bbox.left)):  # type: ignore[union-attr]
        b = w.bbox
        assert b is not None
        for block in blocks:
            last = block[-1].bbox
            assert last is not None
            if abs(b.left - last.left) <= align and b.top - last.bottom <= step:
                block.append(w)
                break
        else:
            blocks.append([w])
    return blocks


def _read_enlarged(pixels: np.ndarray, scale: int, dpi: int, where: str) -> tuple[Line, ...] | None:
    """Tesseract's lines of a crop of the page (grey pixels) enlarged ``scale`` times, read as
    one block of text at ``dpi * scale``; boxes in the enlarged crop's pixels. None when
    Tesseract fails, logged with ``where`` (the rest of the page goes on)."""
    from PIL import Image

    from pipeline.core.errors import OcrError
    from pipeline.engines import tesseract

    crop = Image.fromarray(pixels)
    if scale > 1:
        crop = crop.resize((crop.width * scale, crop.height * scale), Image.Resampling.LANCZOS)
    try:
        return tesseract.ocr_words(crop, psm=6, dpi=dpi * scale, timeout=60)
    except OcrError as exc:
        log.warning("%s not read again: %s", where, exc)
        return None


def _reread_columns(
    gray: np.ndarray, words: list[Word], blocks: list[list[Word]], dpi: int
) -> list[Word]:
    """``words`` with those wholly inside the margin code columns (around ``blocks``) replaced by
    a reading of each column on its own (Tesseract, one block of text, at ``REREAD_DPI`` at
    least). A column that cannot be read, or whose reading holds fewer codes than the page's
    words there, keeps the page's words (logged)."""
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
        lines = _read_enlarged(gray[:, left:right], scale, dpi, f"margin codes at x {left}-{right}")
        if lines is None:
            continue
        inside = [w for w in out if left <= w.bbox.left and w.bbox.right <= right]  # type: ignore[union-attr]
        again = [
            Word(w.text, w.conf, _unscaled(w.bbox, scale, left))
            for ln in lines
            for w in ln.words
            if w.bbox is not None and w.text.strip()
        ]
        if _n_codes(again) < _n_codes(inside):
            log.debug("margin codes at x %d-%d: the page's reading has more", left, right)
            continue
        out = [w for w in out if w not in inside] + again
    return out


def _reread_rows(gray: np.ndarray, boxes: list[BBox], words: list[Word], dpi: int) -> list[Word]:
    """The words holding exemption codes in a reading of the rows of ``boxes`` on their own.

    ``gray``: the page with its boxes painted out (``paint_out``). Each band of rows (a box's
    rows and ``ROW_PAD_IN`` more either way; bands that overlap are one, at most
    ``REREAD_BANDS`` a page) is cropped across the page, enlarged ``REREAD_SCALE`` times (and
    to ``REREAD_DPI`` at least) and read by Tesseract as a block of text. Returned in page
    pixels: one word for each code read (a code cut in two, "(b)" "(6)", joined: "(b)(6)"),
    but none over a code word of ``words``. A band that cannot be read is logged and skipped.
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
    have = [w.bbox for w in words if exemption_codes(w.text) and w.bbox is not None]
    out: list[Word] = []
    for top, bottom in bands[:REREAD_BANDS]:
        lines = _read_enlarged(gray[top:bottom], scale, dpi, f"rows {top}-{bottom} by a box")
        if lines is None:
            continue
        for ln in lines:
            line = [w for w in ln.words if w.bbox is not None and w.text.strip()]
            text, starts = "", []
            for w in line:
                starts.append(len(text))
                text += w.text + " "
            for _, a, b in exemption_codes(text):
                held = [
                    w for at, w in zip(starts, line, strict=True) if a < at + len(w.text) and at < b
                ]
                box = _unscaled(BBox.union(w.bbox for w in held), scale, 0, top)  # type: ignore[arg-type]
                if not any(_overlap(box, h) for h in [*have, *(x.bbox for x in out)]):
                    conf = min((w.conf for w in held if w.conf is not None), default=None)
                    out.append(Word("".join(w.text for w in held), conf, box))
    return out


def _unscaled(b: BBox, scale: int, left: int, top: int = 0) -> BBox:
    """A box of a crop (at ``left``, ``top``) scaled up ``scale`` times, in the page's pixels."""
    return BBox(
        left + b.left // scale, top + b.top // scale, -(-b.width // scale), -(-b.height // scale)
    )


def _n_codes(words: list[Word]) -> int:
    return sum(len(exemption_codes(w.text, classification=False)) for w in words)


def _codes_beside(
    box: BBox,
    words: list[Word],
    dpi: int,
    blocks: list[list[Word]] = (),  # type: ignore[assignment]
) -> tuple[tuple[str, ...], BBox | None]:
    """The exemption codes of the OCR words inside the box, on its row within reach to the
    left or right, or just above or below it; and their box. With none there, the codes of a
    block of ``blocks`` beside the box (left or right of it, not over it): the FBI prints a
    paragraph's codes in the margin level with its first line, so the nearest block that starts
    at or above the box's bottom and ends at most ``PARAGRAPH_IN`` above its top, else one that
    starts at most ``MARGIN_GAP_IN`` below it. A code found on the box's row brings the rest of
    its block."""
    codes, code_box = _codes_near(box, words, dpi)
    if codes:
        # A code on the box's row that heads or ends a margin block brings the whole block.
        near = [
            b
            for b in blocks
            if code_box is not None and any(_overlap(w.bbox, code_box) for w in b)  # type: ignore[arg-type]
        ]
        if not near:
            return codes, code_box
        more, more_box = _codes_near(
            BBox.union(w.bbox for b in near for w in b), [w for b in near for w in b], dpi
        )  # type: ignore[arg-type]
        return (*codes, *(c for c in more if c not in codes)), BBox.union([code_box, more_box])
    above: list[tuple[int, list[Word]]] = []
    below: list[tuple[int, list[Word]]] = []
    for block in blocks:
        bb = BBox.union(w.bbox for w in block)
        assert bb is not None
        if bb.left < box.right and box.left < bb.right:
            continue  # over or under the box: not beside it
        if bb.top <= box.bottom and box.top - bb.bottom <= PARAGRAPH_IN * dpi:
            above.append((box.bottom - bb.top, block))
        elif bb.top - box.bottom <= MARGIN_GAP_IN * dpi:
            below.append((bb.top - box.bottom, block))
    pick = min(above or below, key=lambda t: t[0], default=None)
    if pick is None:
        return (), None
    best = pick[1]
    return _codes_near(BBox.union(w.bbox for w in best), best, dpi)  # type: ignore[arg-type]


def _codes_near(box: BBox, words: list[Word], dpi: int) -> tuple[tuple[str, ...], BBox | None]:
    """The exemption codes of the OCR words inside the box, on its row within reach to the
    left or right, or just above or below it (a classification level only inside the box or
    on its row); and their box."""
    reach, above = CODE_REACH_IN * dpi, CODE_ABOVE_IN * dpi
    near: list[Word] = []
    beside: list[bool] = []  # on the box's row (a level marking counts only there)
    for w in words:
        b = w.bbox
        assert b is not None
        rows = min(b.bottom, box.bottom) - max(b.top, box.top)
        cols = min(b.right, box.right) - max(b.left, box.left)
        on_row = rows >= 0.3 * min(b.height, box.height) and (
            cols > 0 or (box.left - b.right <= reach and b.left - box.right <= reach)
        )
        stacked = cols > 0 and (
            0 <= box.top - b.bottom <= above or 0 <= b.top - box.bottom <= above
        )
        if on_row or stacked:
            near.append(w)
            beside.append(on_row)
    # OCR may cut a code in two ("(b) (6)"): read the nearby words as one text.
    text, starts = "", []
    for w in near:
        starts.append(len(text))
        text += w.text + " "
    codes: list[str] = []
    boxes: list[BBox | None] = []
    for code, a, b in exemption_codes(text):
        held = [i for i, at in enumerate(starts) if a < at + len(near[i].text) and at < b]
        # "(S)" just above or below a box heads the paragraph there (a portion marking); only
        # beside the box does it name the level withheld.
        if code.startswith("(") and not code.startswith("(b)") and not any(beside[i] for i in held):
            continue
        if code not in codes:
            codes.append(code)
        boxes.extend(near[i].bbox for i in held)
    return tuple(codes), BBox.union(boxes)
