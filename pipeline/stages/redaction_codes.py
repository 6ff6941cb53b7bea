"""The exemption codes printed beside a redaction box, read from the page's OCR words.

A release prints a box's codes beside it on its row ("(b)(6)" after a bar, State's "B6" inside
its white box), stacked beside a block of lines, or — the FBI — as a column in the page margin
level with the paragraph's first line. The page's OCR reads these small codes badly, so a box
with no code read beside it, or only codes read through OCR confusions (``exemptions.read_codes``
with ``tolerant``: "Bt", "(fb)(1)", "B6é"), has its rows read again on their own, enlarged
(a 300-dpi page at its own size too), a white box its inside alone, a block the codes
stacked beside it line by line, and a margin column is read again as one block
(``stages.redaction_rereads``), as is a column with a line read as no code
(``uncoded_column_lines``). Each code keeps how it was read (``Codes.reads``).
``stages.redaction`` finds the boxes and asks here for their codes; the words beside a box are
read with the tolerant grammar (a code is expected there), every other word with the strict one.

A margin column (``_margin_blocks``: codes stacked flush left; in the page's right margin,
``in_margin``, however near a bar's end) is the codes of every box it stands beside; a box
beside none takes its paragraph's: a column level with any line of the paragraph
(``redaction_paragraphs``), else the nearest column above it, else one just under it; a mark
left of the text takes none.
Bars that touch are one passage withheld: a bar with no code read for it, or only its
paragraph's, takes those read beside a bar it touches (``share_touching``). Codes come in
the order printed.

Sizes are in inches (turned into pixels with the page's DPI); they were chosen on rendered
pages (``bench/redaction_render.py``, dev; ``fbi-column`` for the FBI's columns) and the real
FBI pages of ``tests/data/redactions/`` (dev: pages 1 to 3, 5 to 20, 22 to 25, 28 and 33 of the
Carter Page FISA release).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from pipeline.core.enums import CodeSource
from pipeline.core.records import BBox, CodeReading, Word
from pipeline.stages.exemptions import CodeRead, read_codes
from pipeline.stages.redaction_paragraphs import Paragraphs, on_row

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Codes:
    """A box's codes (normalised, in reading order), their box (page pixels), the least sure
    of their readings (0-1; 1.0 with none), how each was read (one ``CodeReading`` a code,
    in the order of ``codes``), and whether they were found only as the margin block of the
    box's paragraph, above or below it (``paragraph``), not beside it on its rows."""

    codes: tuple[str, ...] = ()
    box: BBox | None = None
    conf: float = 1.0
    reads: tuple[CodeReading, ...] = ()
    paragraph: bool = False


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
# A line of a margin column that the page's OCR read as no code ("(Dy) (1)" for "(b)(7)(E)",
# "D7E-1," for "b7E-1, 2": rendered fbi-column pages, dev) stands right above or below a block
# (BLOCK_STEP_IN), its left edge within COLUMN_ALIGN_IN (inches) of the block's: a column is
# set flush left.
COLUMN_ALIGN_IN = 0.1
# The right edge of a page's text: this quantile of its words' right edges (``_text_edge``).
TEXT_EDGE = 0.95
# A code printed alone is read as one text from the words of its row at most this far apart
# (inches): OCR cuts "(b)(7)(C)" in small type into "(b)" "(7)" "(C)" (rendered pages, dev).
CODE_GAP_IN = 0.15
# A code printed in a line right after its bar is about a word space (0.1 in) from it; a margin
# column's codes are further from any box than this (inches).
APART_IN = 0.15
# A bar with no code takes the margin column of a bar on the next line of its paragraph, one
# under the other with nothing printed between them and a gap narrower than this share of the
# shorter's height (double-spaced FBI text: a gap about as tall as a line's bar, 1.0-1.2 of
# it; Carter Page FISA release's page 19, dev; a line of words between is another paragraph's).
NEXT_LINE = 1.5
# A margin block is over or under a box (not beside it) when more than this share of its width
# stands over the box's columns: a bar drawn past the text's edge reaches a few pixels under
# the column beside it (6 of its 26-78 px on the Carter Page FISA release's page 2, dev).
OVER = 0.5
# Codes printed each level with its own box are as far apart as their boxes; a margin column's
# are set tighter (``_one_a_box``): the share of the boxes' step a code's step is at least.
IN_STEP = 0.75


def _inside(a: BBox, box: BBox) -> bool:
    """Whether ``a``'s middle is inside ``box``."""
    cx, cy = a.left + a.width / 2, a.top + a.height / 2
    return box.left <= cx <= box.right and box.top <= cy <= box.bottom


def _overlap(a: BBox, b: BBox) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


def _margin_blocks(words: list[Word], dpi: int, boxes: list[BBox] = ()) -> list[list[Word]]:  # type: ignore[assignment]
    """The words that are exemption codes ("b1-1", "(b)(6)"), grouped into blocks: stacked one
    under the other, their left edges aligned, as the FBI prints a paragraph's codes in the
    margin. Top to bottom. A block is found by its surely read codes (the strict grammar); a
    word right above or below it that the tolerant grammar reads as a code joins it. A code
    printed right beside one of ``boxes`` (the page's redaction boxes) is that box's, in no
    block (``_apart``)."""
    step, align = BLOCK_STEP_IN * dpi, BLOCK_ALIGN_IN * dpi
    blocks: list[list[Word]] = []
    margin = in_margin(words, boxes, dpi)
    coded = _apart(_code_words(words, dpi), boxes, dpi, margin)
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
    # A code of the column OCR misread ("(fb)(1)" over "(b)(3)") is still one of the block: a
    # word the tolerant grammar reads as a code, aligned with it right above or below it.
    loose = [
        w
        for w in _apart(_code_words(words, dpi, tolerant=True), boxes, dpi, margin)
        if not any(_overlap(w.bbox, c.bbox) for c in coded)  # type: ignore[arg-type]
    ]
    for block in blocks:
        grown = True
        while grown and loose:
            grown = False
            first, last = block[0].bbox, block[-1].bbox
            assert first is not None and last is not None
            for w in loose:
                b = w.bbox
                assert b is not None
                if abs(b.left - first.left) <= align and 0 <= first.top - b.bottom <= step:
                    block.insert(0, w)
                elif abs(b.left - last.left) <= align and 0 <= b.top - last.bottom <= step:
                    block.append(w)
                else:
                    continue
                loose.remove(w)
                grown = True
                break
    return blocks


def uncoded_column_lines(
    blocks: list[list[Word]], words: list[Word], boxes: Sequence[BBox], dpi: int
) -> list[Word]:
    """The words of ``words`` that are lines of a margin column (``blocks``: ``_margin_blocks``)
    read as no code: right above or below a block, flush with its left edge
    (``COLUMN_ALIGN_IN``), beside every box of ``boxes`` (over or under none), no code word.
    Where there is one, the page's OCR misread a code of the column, and the column is read
    again on its own (``redaction_rereads._reread_columns``)."""
    step, align = BLOCK_STEP_IN * dpi, COLUMN_ALIGN_IN * dpi
    held = [w.bbox for b in blocks for w in b]
    out: list[Word] = []
    for w in words:
        t = w.bbox
        assert t is not None
        if len(w.text.strip()) < 2 or any(_overlap(t, h) for h in held):  # type: ignore[arg-type]
            continue
        if any(t.left < b.right and b.left < t.right for b in boxes):
            continue
        for block in blocks:
            first, last = block[0].bbox, block[-1].bbox
            assert first is not None and last is not None
            if abs(t.left - first.left) > align:
                continue
            if 0 <= first.top - t.bottom <= step or 0 <= t.top - last.bottom <= step:
                out.append(w)
                break
    return out


def _right_beside(t: BBox, b: BBox, dpi: int) -> bool:
    """Is ``t`` printed in a line right beside box ``b``: on its row, within ``APART_IN`` of
    its left or right side?"""
    near = APART_IN * dpi
    return on_row(t, b) and (0 <= t.left - b.right <= near or 0 <= b.left - t.right <= near)


def _apart(
    codes: list[Word], boxes: list[BBox], dpi: int, margin: Callable[[BBox], bool]
) -> list[Word]:
    """The code words of ``codes`` that may be a margin column's: not printed in a line right
    beside a box (``_right_beside``), as CIA prints a bar's code ("[bar] (b)(3) and the"); the
    codes of two such bars on successive lines stand one under the other like a column's, but
    each is its own bar's. A code in the page's right margin (``margin``: ``in_margin``) is a
    column's however near a box's end it stands."""
    return [
        c
        for c in codes
        if margin(c.bbox) or not any(_right_beside(c.bbox, b, dpi) for b in boxes)  # type: ignore[arg-type]
    ]


def in_margin(words: list[Word], boxes: Sequence[BBox], dpi: int) -> Callable[[BBox], bool]:
    """Whether a box of the page (pixels) stands in its right margin: right of every box of
    ``boxes`` on its rows or within ``CODE_ABOVE_IN`` of them, and of the right edge of its
    text (the ``TEXT_EDGE`` quantile of the right edges of ``words`` that are no codes and
    start left of every box's right: a ragged edge, most lines end short of it), with no such
    word after it on its row. The FBI's
    column stands a few pixels right of bars drawn to the text's edge, within ``APART_IN`` of
    them (the Carter Page FISA release's page 11, dev, unlabelled: "b7A-1" "b7E-1, 2" beside
    two bars, both the paragraph's); a CIA code in the line after its bar has the line's
    words after it."""
    import numpy as np

    codes = [c.bbox for c in _code_words(words, dpi, tolerant=True)]
    plain = [
        w.bbox
        for w in words
        if w.bbox is not None and not any(_overlap(w.bbox, c) for c in codes)  # type: ignore[arg-type]
    ]
    right = max((b.right for b in boxes), default=0)
    text = [b.right for b in plain if b.left < right]
    edge = float(np.quantile(text, TEXT_EDGE)) if text else 0.0
    line = round(CODE_ABOVE_IN * dpi)

    def grown(c: BBox) -> BBox:
        return BBox(0, max(0, c.top - line), 10**9, c.height + 2 * line)

    def margin(c: BBox) -> bool:
        # Right of the boxes on its rows or a line above or below them (a code printed after a
        # bar just under another bar stands in the text: rendered pages, dev); a block further
        # up or down may reach past a column's left edge (the Carter Page FISA release's page
        # 28, dev: a block 0.2 in wider than the bars beside the next paragraph's column).
        level = max((b.right for b in boxes if _overlap(b, grown(c))), default=0)
        return c.left >= max(edge, level) and not any(
            on_row(b, c) and b.left >= c.right for b in plain
        )

    return margin


def _read_joined(
    words: Sequence[Word], *, classification: bool = True, tolerant: bool = False
) -> tuple[str, list[tuple[CodeRead, list[int]]]]:
    """The codes ``read_codes`` finds in ``words`` read as one text (joined by single spaces:
    OCR cuts one code into several words, "(b)" "(7)" "(C)"): that text, and each code with
    the indices into ``words`` of the words it was read from."""
    text, starts = "", []
    for w in words:
        starts.append(len(text))
        text += w.text + " "
    found = read_codes(text, classification=classification, tolerant=tolerant)
    return text, [
        (r, [i for i, at in enumerate(starts) if r.start < at + len(words[i].text) and at < r.end])
        for r in found
    ]


def _row_runs(words: list[Word], gap: float) -> list[list[Word]]:
    """``words`` (each with a box) cut into runs: taken left to right (then top to bottom), a
    word joins the first run made (in order of making) whose last word shares its row (half
    the smaller height at least) and ends at most ``gap`` pixels left of it, else starts a
    run. Runs are found through an index of their last words' rows (bands ``gap`` tall; two
    boxes that share a row share a band), not by asking every run, and a run whose last word
    ends too far left for the word at hand leaves the index (words come left to right: it is
    too far left for every later one too): asking every run made this quadratic (~24 ms a
    page with boxes, clean dev pages)."""
    band = max(1, int(gap))
    runs: list[list[Word]] = []
    lasts: list[tuple[int, int, int]] = []  # each run's last word: top, right, bottom
    index: dict[int, set[int]] = {}  # band -> the runs whose last word reaches into it
    for w in sorted(words, key=lambda w: (w.bbox.left, w.bbox.top)):  # type: ignore[union-attr]
        assert w.bbox is not None
        left, top, right, bottom = w.bbox.left, w.bbox.top, w.bbox.right, w.bbox.bottom
        mine = range(top // band, bottom // band + 1)
        near: set[int] = set()
        for k in mine:
            near.update(index.get(k, ()))
        for i in sorted(near):
            l_top, l_right, l_bottom = lasts[i]
            if l_right < left - gap:  # too far left for this word and every later one
                for k in range(l_top // band, l_bottom // band + 1):
                    index[k].discard(i)
                continue
            rows = min(bottom, l_bottom) - max(top, l_top)
            if rows >= 0.5 * min(bottom - top, l_bottom - l_top) and 0 <= left - l_right <= gap:
                for k in range(l_top // band, l_bottom // band + 1):
                    index[k].discard(i)
                runs[i].append(w)
                break
        else:
            i = len(runs)
            runs.append([w])
            lasts.append((0, 0, 0))
        lasts[i] = (top, right, bottom)
        for k in mine:
            index.setdefault(k, set()).add(i)
    return runs


def _code_words(words: list[Word], dpi: int, *, tolerant: bool = False) -> list[Word]:
    """One word for each exemption code (no level markings) read in ``words``, with the box and
    the lowest confidence of the words it was read from: OCR cuts a code printed alone
    ("(b)(7)(C)") into "(b)" "(7)" "(C)", so the words of a row at most ``CODE_GAP_IN`` apart
    are read as one text. ``tolerant``: ``read_codes``'s tolerant grammar too."""
    out: list[Word] = []
    for run in _row_runs(words, CODE_GAP_IN * dpi):
        for _r, idx in _read_joined(run, classification=False, tolerant=tolerant)[1]:
            held = [run[i] for i in idx]
            if not held:
                continue
            conf = min((w.conf for w in held if w.conf is not None), default=None)
            box = held[0].bbox if len(held) == 1 else BBox.union(w.bbox for w in held)
            out.append(
                held[0] if len(held) == 1 else Word("".join(w.text for w in held), conf, box)
            )
    return out


def _codes_beside(
    box: BBox,
    words: list[Word],
    dpi: int,
    blocks: list[list[Word]] = (),  # type: ignore[assignment]
    enlarged: Sequence[BBox] = (),
    others: Sequence[BBox] = (),
    paragraphs: Paragraphs | None = None,
) -> Codes:
    """The exemption codes of the OCR words inside the box, on its row within reach to the
    left or right, or just above or below it; and their box. With none there, the codes of a
    block of ``blocks`` beside the box (left or right of it, not over it): the FBI prints a
    paragraph's codes in the margin level with one of its lines, so the nearest block level
    with a line of the box's own paragraph (``paragraphs``: ``Paragraphs.level``), else the
    nearest that starts at or above the box's bottom and ends at most ``PARAGRAPH_IN`` above
    its top, else one that starts at most ``MARGIN_GAP_IN`` below it. A code found on the box's
    row brings the rest of its block, unless the block is codes each level with its own box
    (``_one_a_box``; ``others``: the page's other boxes). With how each was read
    (``_codes_near``; ``enlarged``: the boxes of the words read again, enlarged)."""
    found = _codes_near(box, words, dpi, enlarged)
    if found.codes:
        # A code on the box's row that heads or ends a margin block brings the whole block.
        near = [
            b
            for b in blocks
            if found.box is not None
            and any(_overlap(w.bbox, found.box) for w in b)  # type: ignore[arg-type]
            and not _one_a_box(b, [box, *others])
        ]
        if not near:
            return found
        more = _codes_near(
            BBox.union(w.bbox for b in near for w in b),  # type: ignore[arg-type]
            [w for b in near for w in b],
            dpi,
            enlarged,
        )
        # The block's codes in its order (its first code may be one read on the box's row),
        # after any of the row's that are not the block's.
        mine = dict(zip(found.codes, found.reads, strict=True))
        theirs = dict(zip(more.codes, more.reads, strict=True))
        order = [c for c in found.codes if c not in theirs] + list(more.codes)
        return Codes(
            tuple(order),
            BBox.union([found.box, more.box]),
            min(found.conf, more.conf),
            tuple(mine.get(c, theirs.get(c)) for c in order),  # type: ignore[misc]
        )
    above: list[tuple[int, list[Word]]] = []
    below: list[tuple[int, list[Word]]] = []
    if paragraphs is not None and paragraphs.left_of_text(box):
        return Codes()  # a mark in the left margin: beside no paragraph, no column's
    own: list[tuple[int, list[Word]]] = []  # level with a line of the box's paragraph
    for block in blocks:
        bb = BBox.union(w.bbox for w in block)
        assert bb is not None
        if min(bb.right, box.right) - max(bb.left, box.left) > OVER * bb.width:
            continue  # over or under the box: not beside it
        if paragraphs is not None and paragraphs.level(box, bb):
            own.append((abs(bb.top - box.top), block))
        elif paragraphs is not None and paragraphs.anothers(box, bb):
            continue  # beside another paragraph: that one's, however near the box
        if bb.top <= box.bottom and box.top - bb.bottom <= PARAGRAPH_IN * dpi:
            above.append((box.bottom - bb.top, block))
        elif box.bottom < bb.top <= box.bottom + MARGIN_GAP_IN * dpi:
            # Starting below the box (a block further above than PARAGRAPH_IN is no
            # candidate: the FBI Carter Page FISA release's page 10, dev, gave a bar after a
            # paragraph's last words the column 3.6 in above it, not the one under it).
            below.append((bb.top - box.bottom, block))
    pick = min(above or below, key=lambda t: t[0], default=None)
    # Every block level with the paragraph's lines (OCR breaks a column in two: rendered
    # fbi-paragraphs, dev; a box over two paragraphs takes both columns: FISA p10-14), but one
    # on the box's row is its alone, and one on another box's row that one's (a code printed
    # level with each bar: rendered black-code-beside, dev; a mark left of the text is none).
    level = [b for _, b in own if any(on_row(w.bbox, box) for w in b)]  # type: ignore[arg-type]
    near = [o for o in others if paragraphs is not None and not paragraphs.left_of_text(o)]
    own = [(d, b) for d, b in own if not any(on_row(w.bbox, o) for w in b for o in near)]  # type: ignore[arg-type]
    best = level or [b for _, b in sorted(own, key=lambda t: t[1][0].bbox.top)]  # type: ignore[union-attr]
    if not best and pick is None:
        return Codes()
    best = [w for b in best for w in b] or pick[1]  # type: ignore[index]
    found = _codes_near(BBox.union(w.bbox for w in best), best, dpi, enlarged)  # type: ignore[arg-type]
    # A block with a code level with the box, out of reach, is still the box's own (a bar
    # from a line's start to a word, its code in the margin: rendered touching-bars, dev).
    return replace(found, paragraph=not any(on_row(w.bbox, box) for w in best))  # type: ignore[arg-type]


def _one_a_box(block: list[Word], boxes: Sequence[BBox]) -> bool:
    """Is ``block`` (a margin block's code words) codes printed each level with its own box
    of ``boxes``: every code on the row of exactly one box, no two on the same box's row, and
    the codes in step with their boxes (each as far below the one above it as its box is
    below that one's, to ``IN_STEP``)? So a release prints a code beside each of two bars on
    successive lines, in the margin, the codes one under the other as a column's are
    (rendered touching-bars, dev: "(b)(3)" level with an upper bar, "(b)(6)" with the bar
    touching it under it). An FBI column is set tighter than the lines beside it: several of
    its codes stand on one bar's row, or some on none, or two codes on two bars' rows are
    half as far apart as the bars (FISA page 9, dev: "b7A-1" over "b7E-1, 2" beside
    "(U)(S//NF) [ ]" and the whole line under it)."""
    if len(block) < 2:
        return False
    rows: list[BBox] = []
    for w in block:
        on = [b for b in boxes if on_row(w.bbox, b)]  # type: ignore[arg-type]
        if len(on) != 1 or on[0] in rows:
            return False
        rows.append(on[0])

    def mid(b: BBox) -> float:
        return b.top + b.height / 2

    return all(
        abs(mid(a.bbox) - mid(b.bbox)) >= IN_STEP * abs(mid(ra) - mid(rb))  # type: ignore[arg-type]
        for (a, ra), (b, rb) in pairwise(zip(block, rows, strict=True))
    )


def _codes_near(box: BBox, words: list[Word], dpi: int, enlarged: Sequence[BBox] = ()) -> Codes:
    """The exemption codes of the OCR words inside the box, on its row within reach to the
    left or right, or just above or below it (a classification level only inside the box or
    on its row); their box; the least sure of their readings (``read_codes`` with
    ``tolerant``: a code is expected there, so OCR confusions within its grammar are undone;
    1.0 with none); and how each was read: read again enlarged when a word of it overlaps one
    of ``enlarged`` (the boxes of the words read again), else in the page's OCR."""
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
    text, found = _read_joined(near, tolerant=True)
    codes: list[str] = []
    reads: list[CodeReading] = []
    boxes: list[BBox | None] = []
    first: list[BBox] = []  # each code's first reading's box: the codes in reading order
    conf = 1.0
    for r, held in found:
        code, a, b = r.code, r.start, r.end
        # "(S)" just above or below a box heads the paragraph there (a portion marking); only
        # beside the box does it name the level withheld.
        if code.startswith("(") and not code.startswith("(b)") and not any(beside[i] for i in held):
            continue
        conf = min(conf, r.conf)
        boxes.extend(near[i].bbox for i in held)
        again = any(_overlap(near[i].bbox, e) for i in held for e in enlarged)  # type: ignore[arg-type]
        reading = CodeReading(
            code,
            r.conf,
            CodeSource.ENLARGED if again else CodeSource.DIRECT,
            text[a:b].strip(),
            min((near[i].conf for i in held if near[i].conf is not None), default=None),
        )
        if code not in codes:
            codes.append(code)
            reads.append(reading)
            first.append(BBox.union(near[i].bbox for i in held) or box)  # type: ignore[misc]
        else:  # read twice: the surer reading says how
            k = codes.index(code)
            if reading.conf > reads[k].conf:
                reads[k] = reading
    order = _reading_order(first)
    return Codes(
        tuple(codes[i] for i in order), BBox.union(boxes), conf, tuple(reads[i] for i in order)
    )


def _reading_order(boxes: Sequence[BBox]) -> list[int]:
    """The indices of ``boxes`` in reading order: rows top to bottom (a box whose middle is
    within half its height of a row's first box is on that row), left to right in a row. The
    words read again are added after the page's, so a margin column's first code read again
    ("bl-]" for "b1-1") would otherwise come last."""
    by_mid = sorted(range(len(boxes)), key=lambda i: boxes[i].top + boxes[i].height / 2)
    rows: list[list[int]] = []
    for i in by_mid:
        b = boxes[i]
        if rows:
            a = boxes[rows[-1][0]]
            apart = abs((b.top + b.height / 2) - (a.top + a.height / 2))
            if apart <= 0.5 * min(a.height, b.height):
                rows[-1].append(i)
                continue
        rows.append([i])
    return [i for row in rows for i in sorted(row, key=lambda i: boxes[i].left)]


def share_touching(
    coded: dict[BBox, Codes],
    bars: Sequence[BBox],
    dpi: int,
    slack_in: float,
    words: Sequence[Word] = (),
    paragraphs: Paragraphs | None = None,
) -> None:
    """Give each bar of ``bars`` with no code read for it, or only its paragraph's margin block
    above or below it (``Codes.paragraph``; ``coded``, changed in place), the codes read beside
    a bar it touches, and so on along a chain of touching bars. Bars that touch are one blot of
    ink taken apart (``redaction._rectangles``): one passage withheld, under one set of codes.
    The FBI prints them once, level with the larger part: a bar after a paragraph's last words
    over a block whose margin column stands level with the block's middle, far below the bar
    (real pages, dev: the Carter Page FISA release's pages 5, 9, 10, 11 and 12; on its pages
    10 and 11 such a bar stands nearer the column of the paragraph above). Touching: within
    ``slack_in`` (inches) of each other, one above the other sharing columns or side by side
    sharing rows. A bar with no code at all, not even its paragraph's, takes the codes of a
    bar just above or below it too, when those codes stand in a margin right of both, not
    printed after the other bar on its line (the FBI's "(S//NF) [ ]" leading a paragraph whose
    rest is a block just under it, the column level with the block: the Carter Page FISA
    release's page 14, dev; a CIA bar's code printed right after it is that bar's alone).
    Just above or below: the gap between them narrower than half the shorter one's height (no
    line of text fits there), or, with no word of ``words`` (the page's OCR words) in it over
    both bars' columns, than ``NEXT_LINE`` of it (the next line of a double-spaced paragraph:
    whole-line bars one under the other, the column level with the third to fifth; Carter Page
    FISA release's page 19, dev), and not when ``paragraphs`` (the page's) say those codes
    stand beside another paragraph than the bar's (a list item with no column of its own
    under the item with one: the Carter Page FISA release's page 56, dev)."""
    slack = max(2, round(slack_in * dpi))

    def touch(a: BBox, b: BBox) -> bool:
        cols = min(a.right, b.right) - max(a.left, b.left)
        rows = min(a.bottom, b.bottom) - max(a.top, b.top)
        stacked = cols > 0 and -slack <= rows <= slack
        beside = rows > 0 and -slack <= cols <= slack
        return stacked or beside

    def just_over(a: BBox, b: BBox) -> bool:
        """``b``'s codes a margin column right of both, ``a`` just above or below ``b``."""
        cols = min(a.right, b.right) - max(a.left, b.left)
        rows = min(a.bottom, b.bottom) - max(a.top, b.top)
        at = coded[b].box
        margin = at is not None and at.left >= max(a.right, b.right)
        if not margin or cols <= 0 or rows > 0:
            return False
        if paragraphs is not None and paragraphs.anothers(a, at):  # type: ignore[arg-type]
            return False
        shorter = min(a.height, b.height)
        if -rows <= max(slack, shorter // 2):
            return True
        if -rows > NEXT_LINE * shorter:
            return False
        gap = BBox(max(a.left, b.left), min(a.bottom, b.bottom), cols, -rows)
        return not any(w.bbox is not None and _overlap(w.bbox, gap) for w in words)

    grown = True
    while grown:
        grown = False
        for box in bars:
            mine = coded[box]
            if mine.codes and not mine.paragraph:
                continue
            bare = not mine.codes
            near = [
                o
                for o in bars
                if o != box and coded[o].codes and (touch(box, o) or (bare and just_over(box, o)))
            ]
            # Codes read beside a bar first; a bar with none takes a paragraph's too.
            donor = next((o for o in near if not coded[o].paragraph), None)
            if donor is None and not mine.codes:
                donor = next((o for o in near if coded[o] != mine), None)
            if donor is not None and coded[donor] != mine:
                coded[box] = coded[donor]
                grown = True
