"""Tesseract's word table read into ``Line``/``Word`` records, from either way in.

``engines.tesseract`` runs Tesseract (the only module that does); this reads what it found.
The program prints its TSV table (``lines_from_tsv``); through the API the same rows are read
from the result iterator (``api_rows``: the table itself, ``GetTSVText``, builds each word's
text symbol by symbol and costs ~50 ms of CPU a 300-DPI page, the iterator ~15 ms). Both go
through one reader of a row (``_word``) and one grouping into lines (``lines_from_rows``), so
the two ways in read a page alike (``tests/test_ocr.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from pipeline.core.records import BBox, Line, Word

log = logging.getLogger(__name__)


def api_rows(api: Any) -> Iterator[tuple[int, int, int, Word]]:
    """The word rows (block, paragraph, line, word) of ``GetTSVText``'s table, read as it
    walks the result iterator, but a word's text asked once, not symbol by symbol, and a block
    or paragraph start asked only at a line's start, where alone one can be
    (``ResultIterator::IsAtBeginningOf``): ~15 ms of CPU on a 300-DPI page, not ~50."""
    from tesserocr import RIL

    it = api.GetIterator()
    if it is None:
        return
    block = par = line = 0
    while not it.Empty(RIL.BLOCK):
        if it.Empty(RIL.WORD):
            it.Next(RIL.WORD)
            continue
        if it.IsAtBeginningOf(RIL.TEXTLINE):
            if it.IsAtBeginningOf(RIL.PARA):
                if it.IsAtBeginningOf(RIL.BLOCK):
                    block, par = block + 1, 0
                par, line = par + 1, 0
            line += 1
        box = it.BoundingBox(RIL.WORD)
        conf = f"{it.Confidence(RIL.WORD):f}"  # as the table prints it (std::to_string)
        if box is not None:
            left, top, right, bottom = box
            word = _word(it.GetUTF8Text(RIL.WORD), conf, left, top, right - left, bottom - top)
            if word is not None:
                yield block, par, line, word
        it.Next(RIL.WORD)


def lines_from_tsv(tsv: str) -> tuple[Line, ...]:
    r"""Tesseract's TSV (with or without its header) as lines of words, paragraphs separated by
    blank lines. Only word rows (level 5) are read. Confidences are truncated to whole numbers,
    as pytesseract did, so pages OCRed before and after read the same; -1 is None.

    >>> rows = "5\t1\t1\t1\t1\t1\t10\t20\t30\t12\t91.7\tThe\n"
    >>> rows += "5\t1\t1\t1\t1\t2\t45\t20\t40\t12\t-1\tcable\n"
    >>> [(w.text, w.conf, w.bbox.left) for w in lines_from_tsv(rows)[0].words]
    [('The', 91.0, 10), ('cable', None, 45)]
    """
    return lines_from_rows(_tsv_rows(tsv))


def _tsv_rows(tsv: str) -> Iterator[tuple[int, int, int, Word]]:
    """The word rows (level 5) of Tesseract's TSV: (block, paragraph, line, word)."""
    for row in tsv.split("\n"):
        if not row.startswith("5\t"):
            continue
        cells = row.split("\t")
        word = _word(cells[11] if len(cells) > 11 else "", cells[10], *cells[6:10])
        if word is not None:
            yield int(cells[2]), int(cells[3]), int(cells[4]), word


def _word(text: str, conf: str, *box: str | int) -> Word | None:
    """One word of the TSV table from its cells (text, confidence, left, top, width, height);
    None for a word with no text. Its confidence truncated to a whole number (-1: None)."""
    text = text.strip()
    if not text:
        return None
    whole = float(int(float(conf)))
    left, top, width, height = (max(0, int(float(v))) for v in box)
    return Word(text, whole if whole >= 0 else None, BBox(left, top, width, height))


def lines_from_rows(rows: Iterable[tuple[int, int, int, Word]]) -> tuple[Line, ...]:
    """Word rows (block, paragraph, line, word) in reading order as lines of words, a blank
    line between paragraphs."""
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for block, par, line_no, word in rows:
        groups.setdefault((block, par, line_no), []).append(word)
    lines: list[Line] = []
    prev_par: tuple[int, int] | None = None
    for (block, par, line_no), words in groups.items():  # in the order first seen
        if prev_par is not None and (block, par) != prev_par:
            lines.append(Line(text="", block=block, par=par, line=0))
        prev_par = (block, par)
        text = " ".join(w.text for w in words)
        lines.append(Line(text=text, words=tuple(words), block=block, par=par, line=line_no))
    return tuple(lines)
