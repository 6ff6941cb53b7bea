"""The NARA JFK release band: its fixed wording matched fuzzily, its changing fields by shape.

Every page NARA released under the JFK Act carries one of two printed bands: the 2017-2021
stamp "Released under the John F. Kennedy Assassination Records Collection Act of 1992 (44 USC
2107 Note). Case#:NW 56792 Date: 04-11-2018" (wrapped over two to four lines, with the "NW ...
DocId:... Page N" footer) and the 2022-2025 header "(104-10000-10001) [2022 RELEASE UNDER THE
PRESIDENT JOHN F. KENNEDY ASSASSINATION RECORDS ACT OF 1992]" (the record number and the
release year in front). OCR damages the wording ("Heleased", "Kerinedy", "Assassinavon", "(44
USC 2107 Note]") and reads brackets, braces, parentheses and bars for one another ("{176-10036-
10002 {2022 ... 1992 |"), so a regex for one rendering fits one document. Here the wording is
found with rapidfuzz (``partial_ratio`` over the line, brackets folded), and the fields around it
by their shape - a record number 1xx-xxxxx-xxxxx, a year, "Case#:NW nnnnn Date: mm-dd-yyyy" - in
any brackets, OCR's digit misreadings allowed. A match with a field or the stamp's citation
("44 USC 2107 Note") is the stamp wherever it sits; one without is only (a piece of) the Act's
name, which a sentence or a memo's subject line can hold too: a phrase (``SpanHit.phrase``, kept
inside a sentence) of medium weight, taken only when it fills its line and something else - its
place on the page, the stamp's other lines beside it - says it is the stamp.

Sources of the forms (all dev material by ``bench/splits.json``, or the shared stamp list):
``shared/corpus/stamps.tsv`` rows ``jfk_nara`` (noops888/jfk-files-text @55840853: 2018
docid-32334042, 2025/0318 124-10271-10033, 2022 176-10036-10002 for the 2022 band's wording);
``shared/corpus/jfk/2021__docid-32379830.md``, ``2021__docid-32403819.md``,
``2021__docid-32424016.md`` (the wrapped stamp: "Heleased under the John F. Kennedy" /
"Assassination Records Collection Act of" / "1992 (44 USC 2107 Note]. Case#:NW" / "65440 Date:
10-29-2021"); the 2018 files there and in ``bench/furniture/jfk-more/`` (record numbers at page
tops as OCR read them: "104-10419-10056)", "180-10443-10214]", "{104-10256-10344").
"""

from __future__ import annotations

import logging
import re

from rapidfuzz import fuzz

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import MEDIUM, STRONG
from pipeline.stages.strip.patterns.base import OCR_DIGIT as _D
from pipeline.stages.strip.patterns.base import SpanHit

log = logging.getLogger(__name__)

NAME = "jfk-nara-release"
# A piece of the wording with no field: the Act's name, which a document about the Act prints
# again and again, so its recurrence says nothing (``evidence.recurrence``).
PHRASE = "jfk-nara-release-phrase"

# The band as printed, lower case, brackets as "(" and ")", digits as "0" (``_fold``): the fixed
# wording with the fields that stand beside it, so that a line holding both scores as one.
TEMPLATES: tuple[str, ...] = (
    # 2017-2021 releases (stamps.tsv: 2018 docid-32334042; jfk/2021__docid-32379830.md).
    "released under the john f. kennedy assassination records collection act of 0000 "
    "(00 usc 0000 note). case#:nw 00000 date: 00-00-0000",
    # 2022-2025 releases' header (stamps.tsv: 2022 176-10036-10002).
    "(000-00000-00000) (0000 release under the president john f. kennedy assassination "
    "records act of 0000)",
)
# rapidfuzz partial_ratio (0-100) at which a stretch of a line is the wording (or a piece of
# it, where OCR wrapped the band): OCR's damage on dev pieces scores 87-100 ("heleased under the
# john f. kennedy" 97, "assassination records collection act of" 100).
WORDING_SCORE = 86.0
# A piece of the wording must be this long and name this much of the band: "of 1992" or "the
# president john f. kennedy" alone is any sentence's.
MIN_CHARS = 18
KEY_WORDS = ("leased under", "lease under", "assassination records", "records collection", "00 usc")
# The stamp's opening, "Released under the John F. Kennedy": a stamp on a line of its own even
# without a field (``find_band``); inside a sentence it is kept like every phrase.
OPENING = ("leased under", "lease under")
# A cheap test before any fuzzy matching (case-folded).
_OPENING_AT = re.compile(r"\w{0,2}leased?\s+under\s+the\s")
_PROBE = re.compile(r"leased?\s+under|ssinat|kenn|collection|records\s+act|00\s+u")

_OPEN = r"[(\[{|]"
_CLOSE = r"[)\]}|]"
# The record identification number (RIF) 1xx-xxxxx-xxxxx, its digits as OCR reads them.
_RIF = rf"{_OPEN}?\s?1{_D}{{2}}\s?-\s?{_D}{{5}}\s?-\s?{_D}{{5}}\s?{_CLOSE}?"
_YEAR = rf"{_OPEN}?\s?(?:19|20){_D}{{2}}"
# "Case#:NW 56792 Date: 04-11-2018", OCR: "Case#iNU_56792", "Casef:NU", "Casett;NW", "Date."
_CASE = r"Case\S{0,3}\s*N[WUw]{1,2}(?:\s*_?\d{5}(?:\s+Dat\w\W?(?:\s*\d\d-\d\d-\d{4})?)?)?"
# Fields in front of the wording (read backwards from it) and after it.
_BEFORE = re.compile(rf"(?:(?:{_RIF}|{_OPEN}\s?(?:19|20){_D}{{2}}|{_OPEN})\s*)+$")
# The 2022 header's year may lose its bracket to OCR: "2022 RELEASE UNDER THE PRESIDENT".
_BEFORE_2022 = re.compile(rf"(?:(?:{_RIF}|{_YEAR}|{_OPEN})\s*)+$")
_AFTER = re.compile(rf"^(?:\s*(?:{_CASE}|{_CLOSE}|[.,:;]))+")
_FIELD = re.compile(rf"{_RIF}|{_CASE}")
_YEAR_FIELD = re.compile(_YEAR)


def _fold(text: str) -> str:
    """Lower case, brackets and digits folded, one character for one (offsets kept)."""
    out = []
    for c in text:
        low = c.lower()
        c = low if len(low) == 1 else c
        out.append("(" if c in "[{" else ")" if c in "]}" else "0" if c.isdigit() else c)
    return "".join(out)


# Words at either end of a line that the line's alignment may drop, and how much better the rest
# must score for them to go (OCR's damage to the band's first word costs about 3: "heleased").
TRIM_WORDS = 3
TRIM_GAIN = 5.0
# ... and one of them must be no word of the band: its rapidfuzz partial_ratio against the band
# below this.
FOREIGN_WORD = 70.0


def _trim(template: str, folded: str, start: int, end: int, score: float) -> tuple[int, int, float]:
    """The aligned stretch without the line's own words at either end: where a line is shorter
    than the band, rapidfuzz aligns all of it ("the records were released under the john f.
    kennedy ..."). Up to ``TRIM_WORDS`` words go at each end when the rest then scores
    ``TRIM_GAIN`` higher (the best such cut, the fewest words on a tie), and each end's cut
    holds a word that is no word of the band (``FOREIGN_WORD``)."""
    toks = [m.span() for m in re.finditer(r"\S+", folded[start:end])]
    n = len(toks)

    def foreign(a: int, b: int) -> bool:  # "were" is no word of the band; "heleased" is one
        words = (folded[start + x : start + y] for x, y in toks[a:b])
        return any(len(w) >= 3 and fuzz.partial_ratio(w, template) < FOREIGN_WORD for w in words)

    best = (score, 0, 0, n)
    for i in range(min(TRIM_WORDS, n - 1) + 1):
        if i and not foreign(0, i):
            continue
        for j in range(max(i + 1, n - TRIM_WORDS), n + 1):
            if (i, j) == (0, n) or (j < n and not foreign(j, n)):
                continue
            cand = fuzz.partial_ratio(template, folded[start + toks[i][0] : start + toks[j - 1][1]])
            if cand > best[0] or (cand == best[0] and i + n - j < best[1]):
                best = (cand, i + n - j, i, j)
    cand, _, i, j = best
    if (i, j) == (0, n) or cand < score + TRIM_GAIN:
        return start, end, score
    return start + toks[i][0], start + toks[j - 1][1], cand


def find_band(text: str) -> list[SpanHit]:
    """The JFK release band in a line: ``[SpanHit]`` (empty when there is none).

    The span runs from the first field in front of the wording (record number, year, an opening
    bracket) to the last after it ("Case#:NW ...", a closing bracket, punctuation); ``phrase``
    is set when it is only the Act's name (no field, no "44 USC"), which a sentence may hold.

    >>> line = "(104-10000-10001) [2022 RELEASE UNDER THE PRESIDENT JOHN F. KENNEDY ASSASSINATION RECORDS ACT OF 1992]"
    >>> [(h.start, h.end, h.phrase) for h in find_band(line)] == [(0, len(line), False)]
    True
    >>> [(h.start, h.end) for h in find_band("1992 (44 USC 2107 Note]. Case#:NW")]
    [(0, 33)]
    >>> find_band("the talks of 1992 went on"), find_band("Heleased under the John F. Kennedy")[0].phrase
    ([], True)
    """  # noqa: E501
    folded = _fold(text)
    if not _PROBE.search(folded):
        return []
    best = None
    # The whole line; failing that, the line from the stamp's opening on, where OCR ran more
    # words than ``_trim`` takes off into the line in front of it ("Best ava=-ab e -mage
    # deleased under the John F. Kennedy").
    opening = _OPENING_AT.search(folded)
    for lo in (0, opening.start()) if opening and opening.start() else (0,):
        for template in TEMPLATES:
            r = fuzz.partial_ratio_alignment(template, folded[lo:], score_cutoff=WORDING_SCORE)
            if r is None:
                continue
            a, b = lo + r.dest_start, lo + r.dest_end
            start, end, score = _trim(template, folded, a, b, r.score)
            r = fuzz.partial_ratio_alignment(template, folded[start:end])
            piece = template[r.src_start : r.src_end]
            if end - start < MIN_CHARS or not any(k in piece for k in KEY_WORDS):
                continue
            if best is None or score > best[0]:
                best = (score, start, end, piece, template is TEMPLATES[1])
        if best is not None:
            break
    if best is None:
        return []
    _, start, end, piece, header = best
    before = (_BEFORE_2022 if header else _BEFORE).search(text, 0, start)
    lead = before.start() if before and before.group().strip() else start
    after = _AFTER.match(text[end:])
    tail = end + after.end() if after else end
    # The Act's own year is in its name: only a year in front of the wording is the band's.
    fields = _FIELD.search(text, lead, tail) or _YEAR_FIELD.search(text, lead, start)
    bare = not fields and "00 usc" not in piece
    log.debug("JFK band %r (wording %r)", text[lead:tail], piece)
    if bare and not any(k in piece for k in OPENING):
        return [SpanHit(lead, tail, PHRASE, FurnitureKind.RELEASE_STAMP, "junk", True, MEDIUM)]
    return [SpanHit(lead, tail, NAME, FurnitureKind.RELEASE_STAMP, "junk", bare, STRONG)]
