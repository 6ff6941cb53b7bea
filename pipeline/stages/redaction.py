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
then reads the codes from the OCR words around each box (a box with none, or only unsure
ones, gets its rows read again, enlarged, a white box its inside alone too, and a block the
codes stacked beside it line by line) and returns ``Redaction`` records for
``Page.redactions``, in the pixels of the word boxes, each code with how it was read
(``CodeReading``: its confidence, the page's OCR or a reading again, the text OCR gave).
It changes no OCR word: the strip stage puts ``[REDACTED:codes]`` at each box
by its position among the line's word boxes (``strip.redactions``), so the mark is recorded
like every other removal. Which words are a box's codes (beside it, in a margin column, those
of a bar it touches) is ``stages.redaction_codes``; the places read again, enlarged, are read
by ``stages.redaction_rereads``; the codes' grammar is ``stages.exemptions``.

Sizes are in inches, turned into pixels with the page's DPI (for an image that does not state
one, the DPI page normalisation estimated, ``pageimage.estimate_dpi``: one estimate for the
whole pipeline); they were chosen on rendered pages (``tests/test_redaction.py``, synthetic;
the dev pages of ``bench/redaction_render.py``, ten styles), the shapes of real ones (Talbott
manifest rows with "(b)(6)" labels, NARA JFK releases) and real released pages
(``tests/data/redactions/``, dev: the FBI's with ten bars and margin codes, two CIA pages with
outlined boxes; ``python -m bench.redactions_eval``; since, pages 5 and 9 of the same FBI
release: bars that touch share their codes; pages 10 to 20 and 22 to 24: a margin column
beside a bar is not the line it sits on; pages 2, 3, 6 to 8, 25, 28 and 33, chosen by
layout: bars side by side on a row are no line for each other). Outlined boxes:
``stages.redaction_outlines``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from pipeline.core.enums import RedactionStyle
from pipeline.core.records import BBox, Line, Redaction, Word
from pipeline.stages.redaction_blots import joined, level_with, line_beside, row_runs
from pipeline.stages.redaction_codes import (
    Codes,
    _codes_beside,
    _codes_near,
    _inside,
    _margin_blocks,
    _overlap,
    _right_beside,
    in_margin,
    share_touching,
    uncoded_column_lines,
)
from pipeline.stages.redaction_outlines import (
    in_text,
    is_stamp,
    outlined,
    released,
    side_strokes,
    stamp_bands,
    stamped,
)
from pipeline.stages.redaction_paragraphs import Paragraphs, on_row
from pipeline.stages.redaction_rereads import (
    Shades,
    _read_inside,
    _read_stacked,
    _reread_columns,
    _reread_rows,
)

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
# A bar over a short word or an initial ("of", "a", "J.") is narrower than MIN_WIDTH_IN (0.14
# in over "a" in 12-pt type: rendered pages, dev). Down to SHORT_WIDTH_IN it is taken on its
# shape (``_short_bar``): solid (SHORT_SOLID of it ink), at least SHORT_ASPECT as wide as tall,
# at most SHORT_HEIGHT_IN tall (one text line), and sitting on a text line: glyphs beside it
# on its row within SHORT_REACH_IN (inches), their line as tall as the bar to SHORT_LINE
# either way. Underlines, rules and table borders are too thin for a bar; a bold heading's
# strokes, a stamp's outline are not solid; a square bullet is shorter than its line. A bar
# over one narrow character ("l", ",") is about a third as wide as tall, less the pixel its
# edge loses to the opening (7 by 21 pixels after "Divyekin]," on the Carter Page FISA
# release's page 18, dev).
SHORT_WIDTH_IN = 0.06
SHORT_SOLID = 0.95
SHORT_ASPECT = 0.3
SHORT_HEIGHT_IN = 0.4
SHORT_REACH_IN = 0.5
SHORT_LINE = (0.5, 0.9)
# A bar one line tall at most whose line's ink beside it is this share of its height or taller
# is glyphs run together, not a bar (``_glyphs_run_together``); it also bounds SHORT_LINE.
LINE_COVER = 0.9
# An outlined box with this many words (3 letters or more, no code) inside is a boxed stamp or
# a table's cell, not a redaction: a white box holds its code, perhaps misread, and no more.
# Two, not three: State's boxed stamp "RELEASE IN PART" over its codes has two such words.
STAMP_WORDS = 2
# Codes read with less confidence than this (OCR confusions undone, ``exemptions.read_codes``)
# are read again, enlarged, like a box with none.
CODE_SURE = 1.0
# A grey bar (CIA/CREST releases) is darker than the paper by GREY_DROP at least and even: the
# middle half of it spreads by at most GREY_EVEN (standard deviation, 0-255). A bar is painted
# out before OCR with PAINT_PAD_IN (inches) around it.
GREY_DROP = 40
GREY_EVEN = 30.0
PAINT_PAD_IN = 0.01
# A blot's rows whose ink runs start and end within RUN_SLACK_IN (inches) of each other's are
# one rectangle; gaps in a row's run this narrow or narrower are a scan's specks, not paper.
RUN_SLACK_IN = 0.03
# An outline's sides: each inked along at least this share of its length.
SIDE_INKED = 0.85
# Ink is darker than this (0-255); an outline's thin sides, darker than LINE_INK (a one-pixel
# side turned with its page by deskewing is grey: CIA pages, dev).
INK = 110
LINE_INK = 170


def find_redactions(
    image: Image.Image | np.ndarray,
    lines: Sequence[Line],
    *,
    dpi: int,
    page: int,
    bars: Sequence[tuple[BBox, RedactionStyle]] | None = None,
    grey: Callable[[], np.ndarray] | None = None,
) -> tuple[Redaction, ...]:
    """The redaction boxes of one page image, top to bottom, with the codes beside them.

    ``image``: the page as OCR read it (any mode, or its grey pixels as an array; boxes in its
    pixels); ``lines``: the OCR lines with word boxes (codes are read from them); ``dpi``: the
    image's resolution; ``page``: the page number for the records. A black bar needs nothing
    more; an outlined empty box counts only with an exemption code beside or inside it (a
    form's empty field has none). ``bars``: the page's solid bars as ``find_bars`` found them
    before OCR (searched here when not given). ``grey``: where ``image`` is a binarised page,
    its grey pixels in the same frame, made when asked: a place read again is read from them
    too where the binarised page's crop reads no sure code (``redaction_rereads``). Raises
    nothing for an odd image: a page too small for any box has none.
    """
    gray = _gray(image)
    found_boxes = list(find_boxes(gray, dpi=dpi) if bars is None else bars)
    # A release stamp laid over a box hides part of its outline (CIA CREST pages, dev): the
    # boxes its band runs over are looked for on a page that says it was released.
    bands = stamp_bands([ln.words for ln in lines], dpi)
    if not found_boxes and not bands:  # most pages: no codes to look for (~10 ms spared)
        return ()
    min_size = (max(4, round(MIN_WIDTH_IN * dpi)), max(3, round(MIN_HEIGHT_IN * dpi)))
    found_boxes += stamped(gray, bands, found_boxes, dpi, min_size, SIDE_INKED, EMPTY, LINE_INK)
    if not found_boxes:
        return ()
    words = [w for ln in lines for w in ln.words if w.bbox is not None and w.text.strip()]
    page_words = words  # what the page's OCR read (the codes' words may be read again)
    solid = [(b, s) for b, s in found_boxes if s is not RedactionStyle.WHITE_BOX]
    outlines = [b for b, s in found_boxes if s is RedactionStyle.WHITE_BOX]
    stamps = {b for b in outlines if is_stamp(b, page_words, STAMP_WORDS)}
    if not solid and stamps.issuperset(outlines):
        return ()  # a boxed stamp is no redaction whatever its codes (below): none to look for
    bar_boxes = [b for b, _ in solid]
    every = [*bar_boxes, *outlines]
    shades = Shades(gray, grey, lambda pixels: paint_out(pixels, found_boxes, dpi))
    blocks = _margin_blocks(words, dpi, every)
    # A box with no code near it, or a line of a column read as no code: the columns again.
    bare = any(not _codes_near(box, words, dpi).codes for box in bar_boxes)
    if blocks and (bare or uncoded_column_lines(blocks, words, every, dpi)):
        words = _reread_columns(gray, words, blocks, dpi, grey=shades.grey())
        blocks = _margin_blocks(words, dpi, every)
    ours = {id(w) for w in page_words}
    margin = in_margin(words, every, dpi)  # a code there is a margin column's
    column = [w.bbox for b in blocks for w in b]
    paragraphs = Paragraphs(
        [
            w
            for w in page_words
            if not margin(w.bbox) and not any(_overlap(w.bbox, c) for c in column)
        ],  # type: ignore[arg-type]
        every,
        dpi,
    )

    def enlarged() -> list[BBox]:
        """The boxes of the words read again, enlarged (not the page's OCR's)."""
        return [w.bbox for w in words if id(w) not in ours]  # type: ignore[misc]

    def codes_of(box: BBox) -> Codes:
        # A code inside another box is that box's code, not this one's; so is a code printed
        # right beside another box on its row (CIA: "[bar] (b)(3) and"), though it stands
        # just above or below this one (two bars on successive lines: rendered pages, dev).
        others = [o for o in every if o != box]

        def theirs(w: Word) -> bool:
            b = w.bbox
            assert b is not None
            beside = not margin(b) and any(_right_beside(b, o, dpi) for o in others)
            if paragraphs.a_label(w):  # a line's portion marking or list label: no box's
                return True
            return any(_inside(b, o) for o in others) or (beside and not on_row(b, box))

        mine = [w for w in words if not theirs(w)]
        blocks_mine = [b for b in blocks if not any(map(theirs, b))]
        # A white box's codes are printed beside it or in it: a paragraph's column is no
        # evidence for an outline (a letter's loop or a form's field) being a redaction.
        par = None if box in outlines else paragraphs
        return _codes_beside(box, mine, dpi, blocks_mine, enlarged(), others, par)

    coded = {box: codes_of(box) for box in every}
    # A box with no code read beside it, or only codes read through OCR confusions ("Bt",
    # "B6é"): its rows read again on their own, enlarged (the page's OCR misreads small codes,
    # or leaves out a margin code or the code inside a white box), and a white box's inside
    # on its own too (a code inside it is read in its row with the words around it, and
    # misread: "Bo", "B6_"; alone it is read right: rendered pages, dev). A code read again
    # takes the place of the page's word under it; the inside's reading, of the row's.
    # A stamp's codes are read again nowhere (State's "RELEASE IN PART" box heads most of its
    # pages; ~0.1-0.2 s a reading). A white box's inside is read first: where it reads printed
    # words (``is_stamp``: a stamp the page's OCR left unread) its rows are not read again.
    unsure = [
        b for b, c in coded.items() if b not in stamps and (not c.codes or c.conf < CODE_SURE)
    ]
    if unsure:
        painted, grey_painted = shades.painted(), shades.grey_painted()
        outlined_unsure = [b for b in unsure if b in outlines]
        inner, read_in = _read_inside(painted, outlined_unsure, dpi, grey=grey_painted)
        stamps |= {b for b, held in read_in.items() if is_stamp(b, held, STAMP_WORDS)}
        inner = [i for i in inner if not any(_inside(i.bbox, b) for b in stamps)]  # type: ignore[arg-type]
        unsure = [b for b in unsure if b not in stamps]
        more = _reread_rows(painted, unsure, words, dpi, grey=grey_painted) if unsure else []
        more = [m for m in more if not any(_overlap(m.bbox, i.bbox) for i in inner)]  # type: ignore[arg-type]
        more += inner
        if more:
            mine = [m.bbox for m in more if m.bbox is not None]
            words = [w for w in words if not any(_overlap(w.bbox, m) for m in mine)]  # type: ignore[arg-type]
            words = [*words, *more]
            blocks = _margin_blocks(words, dpi, every)
            coded = {box: codes_of(box) if box in unsure else c for box, c in coded.items()}
    # A block's codes stacked beside it, read line by line (``_read_stacked``): where that
    # reads more codes than the page's or the rows' reading, each of theirs or one ending with
    # it ("(C)" for "(b)(7)(C)"), it stands (codes stacked so tight that their lines touch are
    # read as one line, or not at all: rendered pages, dev).
    for box in [b for b in every if b.height > SHORT_HEIGHT_IN * dpi and b not in stamps]:
        stacked = _read_stacked(shades.painted(), box, dpi, INK, grey=shades.grey_painted())
        again = _codes_near(box, stacked, dpi, [w.bbox for w in stacked])  # type: ignore[misc]
        mine = coded[box].codes
        if not set(again.codes) <= set(mine) and all(
            any(a.endswith(c) or a.startswith(c) for a in again.codes) for c in mine
        ):
            coded[box] = again
    share_touching(coded, bar_boxes, dpi, RUN_SLACK_IN, page_words, paragraphs)
    for box, c in coded.items():
        if c.codes and c.conf < CODE_SURE:
            log.debug(
                "page %d: box at %s: codes %s read at confidence %.2f", page, box, c.codes, c.conf
            )
    found: list[Redaction] = []
    for box, style in solid:
        c = coded[box]
        found.append(Redaction(page, style, box, c.codes, c.box, readings=c.reads))
    # A white box counts only with a code (a form's empty field has none), and with no more
    # than a misread code's words inside it (a boxed release stamp holds its codes too).
    for box in outlines:
        c = coded[box]
        if box in stamps:
            log.debug("page %d: box at %s holds printed words: not a redaction", page, box)
        elif c.codes:
            found.append(
                Redaction(page, RedactionStyle.WHITE_BOX, box, c.codes, c.box, readings=c.reads)
            )
        elif box not in stamps and released(page_words) and in_text(box, page_words, dpi):
            # A released page's box in running text, no code printed (CIA CREST pages, dev).
            found.append(Redaction(page, RedactionStyle.WHITE_BOX, box, ()))
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
    _, ink = cv2.threshold(gray, LINE_INK - 1, 1, cv2.THRESH_BINARY_INV)
    out = list(bars)
    for box in outlined(ink, dpi, min_size=(min_w, min_h), side_inked=SIDE_INKED, empty=EMPTY):
        if not any(_overlap(box, b) for b, _ in bars):
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

    gray = _gray(image)
    min_w, min_h = max(4, round(MIN_WIDTH_IN * dpi)), max(3, round(MIN_HEIGHT_IN * dpi))
    short_w = max(4, round(SHORT_WIDTH_IN * dpi))
    paper = _paper(gray)
    # A bar of either kind is darker than the paper by GREY_DROP at least (a black one is
    # darker than INK too); the cheap look spares a page without one (most pages).
    dark = min(paper - GREY_DROP, 250)
    levels = [(INK, RedactionStyle.BLACK_BAR)]
    if dark > INK:  # paper too dark for a grey bar to show: black bars only
        levels.append((dark, RedactionStyle.GREY_BAR))
    k = max(3, round(0.03 * dpi))  # an opening this wide leaves only solid ink, no pen strokes
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    # The opening's erosion at a level: a window's brightest pixel darker than the level. A
    # lower level's shapes lie within the highest's: none as large as a bar there, none at all.
    brightest, top, inv = cv2.dilate(gray, kernel), levels[-1][0], cv2.THRESH_BINARY_INV
    eroded_top = cv2.threshold(brightest, top - 1, 1, inv)[1]
    highest = _opened_boxes(eroded_top, kernel, k)
    big = any(w >= short_w and h >= min_h for _, _, w, h in highest)
    if not big or not _may_hold_a_bar(gray, short_w, min_h, grey=max(BAR_CELL_GREY, top)):
        return []
    out: list[tuple[BBox, RedactionStyle]] = []
    for level, style in levels:
        eroded = eroded_top if level == top else cv2.threshold(brightest, level - 1, 1, inv)[1]
        shapes = highest if level == top else _opened_boxes(eroded, kernel, k)
        # Every blot is taken apart into the rectangles it is made of (a bar is one): bars
        # that touch (an L, a step; ~0.9 of their box may be ink), a ragged block.
        blots = [
            _rectangles(gray, eroded, BBox(int(x), int(y), int(w), int(h)), k, level, dpi)
            for x, y, w, h in shapes
            if w >= short_w and h >= min_h
        ]
        sized = [b for parts in blots for b in parts if b.width >= short_w and b.height >= min_h]
        glyphs = _strokes(gray, blots, sized, dpi)
        sized = [b for b in sized if b not in glyphs]
        for parts in blots:
            for box in parts:
                if box.width < short_w or box.height < min_h or box in glyphs:
                    continue
                others = [p for p in sized if p != box]
                if box.width < min_w and not _short_bar(gray, box, level, dpi, others):
                    continue
                if any(_overlap(box, b) for b, _ in out):
                    continue  # a black bar is dark enough for the grey search too
                kind = _bar_kind(gray, box, style)
                if kind is not None:
                    out.append((box, kind))
    return sorted(out, key=lambda t: (t[0].top, t[0].left))


def _strokes(
    gray: np.ndarray, blots: Sequence[Sequence[BBox]], sized: Sequence[BBox], dpi: int
) -> set[BBox]:
    """The rectangles of ``blots`` (each blot's, top to bottom; ``sized``: those large enough
    for a bar) that are glyphs run together or strokes of bold type, not bars
    (``_glyphs_run_together``), found until none is left to find: a rectangle found to be
    glyphs is ink of its line, no longer another bar beside the rest. Bars level with each
    other on a row are not each other's line (several names barred on one line), but the
    strokes of a bold heading are level with each other too: with every stroke taken for a bar
    beside the others, "SECRET MEMORANDUM" in 24-point bold kept the strokes whose neighbours
    were all strokes as bars ("TOP SECR [REDACTED] …"; synthetic, eyes36); each stroke found
    to be text shows its neighbours their line."""
    glyphs: set[BBox] = set()
    found = True
    while found:
        found = False
        bars = [b for b in sized if b not in glyphs]
        for parts in blots:
            for box in parts:
                if box not in bars:
                    continue
                beside = [p for p in parts if p != box]  # its own blot's ink is no line
                if _glyphs_run_together(gray, box, dpi, beside + level_with(box, bars, dpi)):
                    glyphs.add(box)
                    found = True
    return glyphs


def _bar_kind(gray: np.ndarray, box: BBox, style: RedactionStyle) -> RedactionStyle | None:
    """The style of a bar found at ``style``'s level (None: a grey one not even, no bar)."""
    import numpy as np

    if style is not RedactionStyle.GREY_BAR:
        return style
    x, y, w, h = box.left, box.top, box.width, box.height
    inner = gray[y + h // 4 : y + h - h // 4, x + w // 4 : x + w - w // 4]
    if inner.size == 0 or float(inner.std()) > GREY_EVEN:
        return None  # not even: text or a picture, not a bar
    if float(np.median(inner)) < INK:
        return RedactionStyle.BLACK_BAR  # a black bar the first search missed
    return style


def _rectangles(
    gray: np.ndarray, eroded: np.ndarray, shape: BBox, k: int, level: int, dpi: int
) -> list[BBox]:
    """The solid rectangles (``SOLID`` ink darker than ``level``) one blot of ink is made of,
    top to bottom (``shape``: the box of a shape of the opened mask whose erosion is ``eroded``):
    its rows grouped by where their run of ink starts and ends (within ``RUN_SLACK_IN``), then
    joined one above the other where that leaves no ink uncovered (``redaction_blots.joined``:
    a block drawn line by line is one redaction; an L's upper bar and the words before it are
    not). Rendered pages, dev (``bench/redaction_render.py``: ``tall-block``, ``touching-bars``)."""
    import cv2
    import numpy as np

    x, y, w, h = shape.left, shape.top, shape.width, shape.height
    top, left = max(0, y - k), max(0, x - k)
    near = np.ascontiguousarray(eroded[top : y + h + k, left : x + w + k])
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    opened = cv2.dilate(near, kernel)[y - top : y - top + h, x - left : x - left + w]
    n, labels, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
    if n <= 1:
        return []
    biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    mask = labels == biggest
    slack = max(2, k, round(RUN_SLACK_IN * dpi))
    groups: list[list[int]] = []  # [left, right, first row, last row + 1]
    live: list[list[int]] = []  # the groups the row above continued
    for r in range(h):
        runs = row_runs(mask[r], slack)
        nxt = []
        for a, b in runs:
            near = (g for g in live if abs(g[0] - a) <= slack and abs(g[1] - b) <= slack)
            match = next(near, None)
            if match is not None:
                live.remove(match)
                match[3] = r + 1
                nxt.append(match)
            else:
                nxt.append([a, b, r, r + 1])
        groups.extend(live)
        live = nxt
    groups.extend(live)
    rects = [
        BBox(x + a, y + r0, b - a, r1 - r0)
        for a, b, r0, r1 in sorted(groups, key=lambda g: (g[2], g[0]))
        if r1 - r0 >= k and b - a >= k
    ]
    rects = [
        r
        for r in rects
        if float((gray[r.top : r.bottom, r.left : r.right] < level).mean()) >= SOLID
    ]
    return joined(gray, rects, mask, shape, slack, dpi, INK)


def _short_bar(
    gray: np.ndarray, box: BBox, level: int, dpi: int, others: Sequence[BBox] = ()
) -> bool:
    """Has ``box`` the shape of a bar over a short word: solid (darker than ``level``; inside
    its edge pixels, which the opening may put a pixel off), rectangular, one text line tall,
    sitting on a text line (``SHORT_WIDTH_IN`` and after)? ``others``: the page's other bars,
    no glyphs of that line (a bar at the next line's start under "(S)" beside a 14-px bar made
    its line 30 px tall: Carter Page FISA release page 33, dev)."""
    x, y, w, h = box.left, box.top, box.width, box.height
    if w < SHORT_ASPECT * h or h > SHORT_HEIGHT_IN * dpi:
        return False
    if float((gray[y + 1 : y + h - 1, x + 1 : x + w - 1] < level).mean()) < SHORT_SOLID:
        return False
    line, glyphs = line_beside(gray, box, dpi, others, ink=INK, reach_in=SHORT_REACH_IN)
    return SHORT_LINE[0] * h <= line <= SHORT_LINE[1] * h and glyphs >= 2


def _glyphs_run_together(gray: np.ndarray, box: BBox, dpi: int, blot: Sequence[BBox] = ()) -> bool:
    """Is ``box``, one text line tall at most, no taller than the ink of the line it sits on
    (``LINE_COVER``)? A bar covers the words of its line, so it stands taller than the glyphs
    beside it (0.48-0.67 of its height on every rendered dev style); letters run into one solid
    blob by blur, a heavy stroke or a binarised dark page ("mm" of "command": 1.04-1.9, dev
    sweep's blur rows) are as tall as their neighbours or shorter. ``blot``: the other bars of
    its blot of ink, no text beside it (a line-wide bar under "(S//NF) [ ]", touching it, made
    the line beside the upper bar look two lines tall: Carter Page FISA release page 10, dev)."""
    if box.height > SHORT_HEIGHT_IN * dpi:
        return False
    line, _ = line_beside(gray, box, dpi, blot, ink=INK, reach_in=SHORT_REACH_IN)
    return line >= LINE_COVER * box.height


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
        region = gray[b.top : b.bottom, b.left : b.right] < LINE_INK
        rows, cols = region.mean(axis=1) >= 0.5, region.mean(axis=0) >= 0.5
        t_top, t_bottom = _run(rows) + pad, _run(rows[::-1]) + pad
        t_left, t_right = _run(cols) + pad, _run(cols[::-1]) + pad
        out[top : b.top + t_top, left:right] = paper
        out[b.bottom - t_bottom : bottom, left:right] = paper
        out[top:bottom, left : b.left + t_left] = paper
        out[top:bottom, b.right - t_right : right] = paper
        # The sides of a turned box are inked along no row or column (``side_strokes``), their
        # edges, lighter than the paint's level, with them.
        inside = out[b.top : b.bottom, b.left : b.right]
        inside[side_strokes(inside < paper - GREY_DROP, max(2, round(0.02 * dpi)))] = paper
    return out


def _run(flags: np.ndarray) -> int:
    """How many of ``flags`` are true from its start."""
    return len(flags) if flags.all() else int(flags.argmin())


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
