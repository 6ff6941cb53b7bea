"""Lines of letter-sized marks on a page: the evidence that a page read as nothing holds text.

A page whose every reading is empty (or a word or two) is "no text found" only when it holds
no text. ``textrows`` finds faint typing by its rhythm of rows, which needs several lines at one
pitch; a signature page (a header, a marking, "3", "Rusk", a marking at the foot: dev extreme
renders of FRUS d269 and d55) has a handful of lines far apart, no rhythm, and dark specks
besides, so ``reading.faint_only`` fails too, and the page ended ``ok`` and empty. Here the
page is cut into ink against its own paper and grain (``imaging``'s ``FAINT`` binarisation:
levelled paper, so shading is not ink), and its marks kept when they are sized like letters
(``MIN_HEIGHT_IN``-``MAX_HEIGHT_IN`` tall, stroked not filled); marks standing side by side on
one line, close as letters of a word are (``GAP_HEIGHTS``), at least ``MIN_MARKS`` of them of
like height, make a line of type. Specks (too small, and scattered: never ``MIN_MARKS`` in a
row), a punched hole, a dark edge and a fold (one blob, or no marks at all once the paper is
levelled) make none; a picture is painted out before any reading (``stages.pictures``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.core.records import Line

#: A letter's mark is at least this tall (inches; a 10-pt x-height is ~0.06 in, capitals
#: ~0.1): toner specks grown by the blur (up to ~0.05 in at 37 specks a square inch, synthetic
#: test) are left out.
MIN_HEIGHT_IN = 0.05
#: ... and at most this tall: 24-pt capitals; taller marks are rules, blots, pictures.
MAX_HEIGHT_IN = 0.35
#: Letters run together by the blur or by the type itself make one mark up to this many
#: heights wide (a word); a wider mark is a rule or a smear.
MAX_WIDTH_HEIGHTS = 8.0
#: A letter is strokes: its ink fills at most this share of its box (a filled blob, a hole or
#: a speck cluster fills more).
MAX_FILL = 0.7
#: Marks of one line: vertical centres within this share of the taller one's height, and
#: heights within a factor of ``HEIGHT_RATIO`` ...
CENTRE_SHARE = 0.35
HEIGHT_RATIO = 2.0
#: ... and the gap to the next one at most this many heights (word spaces included).
GAP_HEIGHTS = 1.5
#: This many marks in a row are a line of type; grain and scattered specks never line up so.
MIN_MARKS = 3
#: A reading has not read the page's lines when they hold more than this many marks for each
#: letter it read (a mark is a letter, or several run together: a page read right has at most
#: about one mark a letter).
MARKS_PER_LETTER = 2.0


@dataclass(frozen=True)
class GlyphLine:
    """One line of letter-sized marks: its box (pixels of the page measured) and its marks."""

    left: int
    top: int
    right: int
    bottom: int
    marks: int


def glyph_lines(gray: Any, dpi: int) -> list[GlyphLine]:
    """The lines of letter-sized marks on an 8-bit grey page (2-D ``uint8`` array or a Pillow
    "L" image, ``dpi`` its resolution), top to bottom. Ink is cut as the ``FAINT`` treatment
    cuts it (``imaging._faint_binarise`` on the page smoothed by ``imaging.FAINT_BLUR``: paper
    levelled, cut at its grain), so faint and dark type alike are found and shading is not."""
    import numpy as np

    from pipeline.stages.pageimage import grey_pixels
    from pipeline.stages.pagememo import per_pixels

    page = gray if isinstance(gray, np.ndarray) else grey_pixels(gray)
    # Asked by the first reading's check and by the page's flag: measured once a page.
    return list(per_pixels(page, ("glyph_lines", dpi), lambda: tuple(_measure(page, dpi))))


def _measure(page: Any, dpi: int) -> list[GlyphLine]:
    import cv2
    import numpy as np

    from pipeline.stages.imaging import FAINT_BLUR, _faint_binarise

    smooth = cv2.GaussianBlur(page.astype(np.float32), (0, 0), FAINT_BLUR * dpi / 300)
    binary, _, _ = _faint_binarise(smooth, dpi)
    ink = (binary == 0).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    x, y, w, h, area = (stats[1:, i] for i in range(5))
    letter = (
        (h >= MIN_HEIGHT_IN * dpi)
        & (h <= MAX_HEIGHT_IN * dpi)
        & (w <= MAX_WIDTH_HEIGHTS * h)
        & (area <= MAX_FILL * w * h)
    )
    marks = sorted(
        zip(
            x[letter].tolist(),
            y[letter].tolist(),
            w[letter].tolist(),
            h[letter].tolist(),
            strict=True,
        )
    )
    return _lines(marks)


def unread_lines(gray: Any, dpi: int, letters: int) -> list[GlyphLine]:
    """The page's lines of letter-sized marks (``glyph_lines``) when a reading of ``letters``
    letters (characters other than spaces) has not read them: they hold more than
    ``MARKS_PER_LETTER`` marks for each letter read; otherwise (no lines, or a reading that
    may have read them) an empty list."""
    lines = glyph_lines(gray, dpi)
    return lines if sum(g.marks for g in lines) > MARKS_PER_LETTER * letters else []


def letters(lines: Sequence[Line]) -> int:
    """Characters other than spaces read in ``lines`` (a reading's)."""
    return sum(len(line.text.replace(" ", "")) for line in lines)


def describe(lines: list[GlyphLine]) -> str:
    """``lines`` in words, for a page's reason: how many, how many marks, where.

    >>> describe([GlyphLine(10, 90, 600, 120, 31), GlyphLine(300, 3040, 700, 3070, 7)])
    '2 lines of letter-sized marks (38 marks, the first 90 px from the top)'
    """
    n, marks = len(lines), sum(g.marks for g in lines)
    return (
        f"{n} line{'s' if n != 1 else ''} of letter-sized marks ({marks} marks, the first "
        f"{lines[0].top} px from the top)"
    )


def _lines(marks: list[tuple[int, int, int, int]]) -> list[GlyphLine]:
    """Marks (left, top, width, height; sorted by left) chained into lines: each mark joins
    the line whose last mark it stands beside (``CENTRE_SHARE``, ``HEIGHT_RATIO``,
    ``GAP_HEIGHTS``); chains of at least ``MIN_MARKS``, top to bottom."""
    chains: list[list[tuple[int, int, int, int]]] = []
    open_: list[list[tuple[int, int, int, int]]] = []  # chains a mark further right may join
    for m in marks:
        x, y, _, h = m
        # Marks come left to right: a chain ending further back than any mark it could take
        # may stand (at most ``HEIGHT_RATIO`` times its last one's height) is closed.
        open_ = [
            c for c in open_ if x - c[-1][0] - c[-1][2] <= GAP_HEIGHTS * HEIGHT_RATIO * c[-1][3]
        ]
        for chain in open_:
            px, py, pw, ph = chain[-1]
            big, small = max(h, ph), min(h, ph)
            if (
                abs((y + h / 2) - (py + ph / 2)) <= CENTRE_SHARE * big
                and big <= HEIGHT_RATIO * small
                and -small <= x - (px + pw) <= GAP_HEIGHTS * big
            ):
                chain.append(m)
                break
        else:
            chains.append([m])
            open_.append(chains[-1])
    lines = [
        GlyphLine(
            left=min(c[0] for c in chain),
            top=min(c[1] for c in chain),
            right=max(c[0] + c[2] for c in chain),
            bottom=max(c[1] + c[3] for c in chain),
            marks=len(chain),
        )
        for chain in chains
        if len(chain) >= MIN_MARKS
    ]
    return sorted(lines, key=lambda g: (g.top, g.left))
