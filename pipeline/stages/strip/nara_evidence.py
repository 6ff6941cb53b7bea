"""NARA's JFK footer and stamp where OCR split, cut or damaged them, known by the document's own
record numbers and by the stamp's wording with letters lost at a line's start.

Every page NARA released under the JFK Act carries the footer "NW 68261 DocId:32243327 Page 4":
the case number (five digits) and the document's id (eight), the same digits on every page of a
document. ``patterns.stamps`` reads the footer when its "DocId" is legible. OCR often splits it
over two lines and damages the pieces past any pattern: "W 68261" / "ocld:32243327 Page 4",
"tw 68261 a", "|| nw 68261", "HW 68261" / "locld:32243327 Page 8" (2022 docid-32243327, the HSCA
payroll file of ``bench/furniture/jfk-2022``, dev). What does not change is the digits, so they
are the evidence (``nara_footers``):

* the document's id is the eight digits read in the footer's shape ("<label>:<8 digits> Page
  <n>", the label's letters damaged or cut) on two lines or more; every line of that shape with
  those digits is the footer;
* the document's case number is the five digits read on the footer's line in front of the id, or
  on the line right above a footer line, twice or more; a line that is those digits behind at
  most a damaged "NW" ("W", "tw", "nw", "HW", "|| nw"), with no more than a speck's letters
  after them, is the footer's first half, wherever the page break left it.

The JFK Act stamp printed at the top of a page ("Released under the John F. Kennedy /
Assassination Records Collection Act of / 1992 (44 USC 2107 Note). Case#:NW ...") is read by
``patterns.jfk_band`` when its words are whole. A scan that cut the stamp at the margin loses the
first letters of each line: "atts ennedy Assassination" / "ecords Collection Act of" (the same
document, lines 1-2). ``cut_stamp_lines`` aligns such a line to the stamp's wording: its first
word (after at most one short speck) must be a word of the stamp with one to three letters
lost, and the rest of the line must follow the wording. That is only a piece of the Act's name,
which a sentence can hold too ("the Kennedy assassination records"), so it gets the medium prior
of the stamp's pieces and still needs its place (the page's edge, the stamp's other lines).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from typing import TypeGuard

from rapidfuzz import fuzz

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import MEDIUM, STRONG
from pipeline.stages.strip.lines import WorkLine
from pipeline.stages.strip.patterns.base import DEBRIS, Prior
from pipeline.stages.strip.patterns.jfk_band import NAME, PHRASE, TEMPLATES, WORDING_SCORE
from pipeline.stages.strip.patterns.jfk_band import _fold as fold

log = logging.getLogger(__name__)

FOOTER = "jfk-nara-footer"
FOOTER_PIECE = "jfk-nara-footer-piece"

# The footer's second half in its shape, its label damaged or cut ("DocId", "Docld", "ocld",
# "locld", "| Docld"), the first half maybe in front of it: "<5 digits> <label>:<8 digits> Page
# <n>". The label may be lost; the digits are the evidence.
_DOCID_LINE = re.compile(
    r"""\W{0,4}
        (?:[A-Za-z]{0,3}\W{0,2}\s*(?P<case>\d{5})\W{0,3}\s*)?
        (?:[A-Za-z/|]{1,6}\s*[:.;]?\s*)?
        (?P<doc>\d{8})\s*[.\-•]*\s*
        Page\W{0,2}(?:\d{1,3}|[lI|](?!\w))[\W_]{0,4}""",
    re.X,
)
# The footer's first half: the case number behind at most a damaged "NW" ("W", "tw", "nw",
# "HW", "NU", "NH", "HH", "|TH": 2025 jfk-series dev, 124-10180-10295 line 79, 124-90137-10230
# lines 75 and 253), specks after it. Only the document's own case number counts (``SEEN``).
_CASE_LINE = re.compile(r"[\W_]{0,4}(?:[A-Za-z]{1,3})?[\W_]{0,2}\s*(?P<case>\d{5})\b")
# The footer's page label on a line of its own, under the id's line ("DocId:32174879" / "Page
# 1": 2025 jfk-series dev, 124-10180-10295 lines 81-83).
_PAGE_LINE = re.compile(r"Page\W{0,2}\d{1,3}[\W_]{0,4}")
# The case number may stand this many non-blank lines over the id's line (a stray number
# between: "|TH 50953" / "14" / "DooId: 32337464", 124-90137-10230 lines 75-79).
CASE_ABOVE = 2
# A document id or case number must be seen this often before its digits are evidence.
SEEN = 2
# After the case number, a speck's worth: at most this many letters, no word of four letters.
REST_LETTERS = 6
_WORD4 = re.compile(r"[^\W\d_]{4,}")
_LETTER = re.compile(r"[^\W\d_]")


def _free(ln: WorkLine) -> bool:
    """Not yet known as anything of weight (a junk line's or a lone number's prior, or the
    footer piece's own medium one, may be replaced), not taken by another reading (a running
    header's ``repeat``), nor part of the cable's protected header."""
    if ln.protected or ln.spans or ln.repeat:
        return False
    return ln.prior is None or ln.prior.weight < MEDIUM or ln.prior.name == FOOTER_PIECE


def _above(ln: WorkLine) -> WorkLine | None:
    """The non-blank line above ``ln`` on its page."""
    prev = ln.prev
    return prev if prev is not None and prev.page == ln.page else None


def _same_page(ln: WorkLine, other: WorkLine | None) -> TypeGuard[WorkLine]:
    return other is not None and other.page == ln.page


def nara_footers(lines: list[WorkLine]) -> None:
    """Give NARA's footer lines that OCR split or damaged the footer's strong prior, on the
    evidence of the document's own recurring id and case number (see the module docstring).

    ``lines``: the document's, in order, with their priors and spans. A line's evidence names
    the digits and how often the document prints them in the footer's place."""
    docs: Counter[str] = Counter()
    shaped: list[tuple[WorkLine, re.Match[str]]] = []
    for ln in lines:
        m = _DOCID_LINE.fullmatch(ln.text.strip())
        nxt = ln.next
        if m is None and _same_page(ln, nxt) and _PAGE_LINE.fullmatch(nxt.text.strip()):
            m = _DOCID_LINE.fullmatch(f"{ln.text.strip()} {nxt.text.strip()}")
        if m:
            docs[m["doc"]] += 1
            shaped.append((ln, m))
    ids = {d for d, n in docs.items() if n >= SEEN}
    _labelled_halves(shaped)
    if not ids:
        return
    cases: Counter[str] = Counter()
    for ln, m in shaped:
        if m["doc"] not in ids:
            continue
        if m["case"]:
            # The footer whole on its line: a number over it is something else (a cable's
            # number stamped at the page's foot, "15322" over "NW 65924 Docld:32422155 Page 2":
            # 2021 docid-32422155 line 199, dev).
            cases[m["case"]] += 1
            continue
        above = _above(ln)
        for _ in range(CASE_ABOVE):
            if above is None:
                break
            c = _CASE_LINE.match(above.text.strip())
            if c is not None:
                cases[c["case"]] += 1
                break
            above = _above(above)
    for ln, m in shaped:
        if m["doc"] in ids and _free(ln):
            why = f"NARA's footer with the document's id {m['doc']} (on {docs[m['doc']]} lines)"
            ln.prior = Prior(FOOTER, FurnitureKind.RELEASE_STAMP, STRONG, why)
    known = {c: n for c, n in cases.items() if n >= SEEN}
    for ln in lines:
        if not _free(ln):
            continue
        text = ln.text.strip()
        c = _CASE_LINE.match(text)
        if c is None or c["case"] not in known:
            continue
        rest = text[c.end() :]
        if _WORD4.search(rest) or len(_LETTER.findall(rest)) > REST_LETTERS:
            continue
        why = (
            f"NARA's footer case number NW {c['case']}, printed over the document's footer line "
            f"{known[c['case']]} times"
        )
        ln.prior = Prior(FOOTER_PIECE, FurnitureKind.RELEASE_STAMP, STRONG, why)


# The footer's id with its label legible ("DocId", "Docld", "DooId", "DoeId"), and its first half
# as a line of its own: the case number behind a damaged "NW" and nothing else.
_LABEL = re.compile(r"\W{0,3}D[o0][cegqo][IlL1|]?[dl]\s*[:.;]")
_HALF = re.compile(r"[\W_]{0,4}[A-Za-z]{1,3}[\W_]{0,2}\s*\d{5}[\W_]{0,4}")


def _labelled_halves(shaped: list[tuple[WorkLine, re.Match[str]]]) -> None:
    """The footer's first half over a footer line whose "DocId" label is legible, even once (an
    excerpt or a short document has no second page to repeat the digits: 2025 124-10180-10295
    lines 219-223, "NH 50953" / "DoeId:32174879" / "Page 2", read in a 120-line excerpt of
    ``bench/furniture/jfk-series``, dev): a line of the case number behind letters, nothing
    else, at most ``CASE_ABOVE`` lines over it."""
    for ln, m in shaped:
        if m["case"] or not _LABEL.match(ln.text.strip()):
            continue
        above = _above(ln)
        for _ in range(CASE_ABOVE):
            if above is None or not _free(above):
                break
            if _HALF.fullmatch(above.text.strip()):
                why = f"NARA's footer case number over its labelled footer line {ln.idx}"
                above.prior = Prior(FOOTER_PIECE, FurnitureKind.RELEASE_STAMP, STRONG, why)
                break
            above = _above(above)


# The stamp's wording (the 2017-2021 stamp, ``jfk_band.TEMPLATES``'s first), its words.
_STAMP = fold(TEMPLATES[0])
_STAMP_WORDS = frozenset(w for w in re.findall(r"[a-z]+", _STAMP) if len(w) >= 6)
# At most this many letters lost at the line's start, and this many kept of the cut word.
CUT_LETTERS = 3
CUT_KEPT = 4
# Every word of the stamp (the year as "0000"), for a line cut at both margins: its last word
# must keep this many letters.
_STAMP_ALL = frozenset(re.findall(r"[a-z0]+", _STAMP))
CUT_TAIL_KEPT = 3
TAIL_READ = 80.0  # rapidfuzz ratio of the kept letters against the word's start
# A speck in front of the cut word: one token of at most this many characters.
SPECK_CHARS = 4
# The aligned part: at least this long (``jfk_band.MIN_CHARS``'s measure).
CUT_MIN_CHARS = 18


def _cut_word(word: str) -> str:
    """The stamp's word ``word`` is the end of, with one to ``CUT_LETTERS`` letters lost, or "".

    >>> _cut_word("ennedy"), _cut_word("ecords"), _cut_word("records"), _cut_word("edy")
    ('kennedy', 'records', '', '')
    """
    if len(word) < CUT_KEPT or word in _STAMP_WORDS:
        return ""
    for full in sorted(_STAMP_WORDS):
        if full.endswith(word) and 1 <= len(full) - len(word) <= CUT_LETTERS:
            return full
    return ""


def _cut_tail(word: str) -> bool:
    """Is ``word`` the start of a word of the stamp (``_STAMP_ALL``) with one to ``CUT_LETTERS``
    letters lost at the right margin ("assassinato" for "assassinati[on]", its last letter
    misread: ``TAIL_READ``; the year "000" folded)?

    >>> _cut_tail("assassinato"), _cut_tail("000"), _cut_tail("assassination"), _cut_tail("ab")
    (True, True, False, False)
    """
    if len(word) < CUT_TAIL_KEPT or word in _STAMP_ALL:
        return False
    return any(
        1 <= len(full) - len(word) <= CUT_LETTERS
        and fuzz.ratio(word, full[: len(word)]) >= TAIL_READ
        for full in _STAMP_ALL
    )


def _cut_head(word: str) -> str:
    """The stamp's word ``word`` ends, cut at the left margin: ``_cut_word``'s, or, for a line
    cut at both margins, the end of any word of the stamp of four letters or more with two
    kept ("hn" of "john")."""
    if _cut_word(word):
        return _cut_word(word)
    for full in sorted(_STAMP_ALL):
        cut = 1 <= len(full) - len(word) <= CUT_LETTERS
        if len(full) >= 4 and len(word) >= 2 and full.endswith(word) and cut:
            return full
    return ""


def cut_stamp_line(text: str) -> str:
    """Is ``text`` a line of the JFK Act stamp with its first letters cut off at the margin?
    Returns the evidence ("" for no): the cut word and the wording the line aligns to.

    >>> bool(cut_stamp_line("atts ennedy Assassination")), bool(cut_stamp_line("ecords Collection Act of"))
    (True, True)
    >>> cut_stamp_line("Kennedy Assassination Records"), cut_stamp_line("ecords of the committee")
    ('', '')
    >>> bool(cut_stamp_line("hn F. Kennedy Assassinato")), bool(cut_stamp_line("tecords Collection Act of 199"))
    (True, True)
    >>> cut_stamp_line("Records Collection Act of 1992"), cut_stamp_line("hn F. Kennedy Assassination")
    ('', '')
    """  # noqa: E501
    folded = fold(text.strip())
    toks = [(m.start(), m.group()) for m in re.finditer(r"\S+", folded)]
    if len(toks) < 2:
        return ""
    # Cut at both margins ("hn F. Kennedy Assassinato": 2025 124-10204-10004 line 65,
    # bench/furniture/jfk-series, dev): a shorter word of the stamp may be the cut one.
    head = _cut_head if _cut_tail(toks[-1][1].strip(DEBRIS)) else _cut_word
    speck = len(toks) >= 2 and len(toks[0][1]) <= SPECK_CHARS
    if speck and not head(toks[0][1].strip(DEBRIS)):
        toks = toks[1:]  # one speck in front ("atts")
    if len(toks) < 2:
        return ""
    start, first = toks[0][0], toks[0][1].strip(DEBRIS)
    full = head(first)
    glued = _cut_word(first[1:]) if len(first) > CUT_KEPT else ""
    if not full and glued and first[0] != glued[0]:
        # A speck glued in front of the cut word ("tecords Collection Act of 199": the same
        # file, line 67); not the word's own lost letter ("Records" is the word whole).
        start, first, full = start + 1, first[1:], glued
    if not full:
        return ""
    rest = folded[start:]
    restored = full[: len(full) - len(first)] + rest
    if len(restored) < CUT_MIN_CHARS:
        return ""
    r = fuzz.partial_ratio_alignment(restored, _STAMP, score_cutoff=WORDING_SCORE)
    if r is None or not _STAMP[r.dest_start : r.dest_end].lstrip().startswith(full[:2]):
        return ""
    return f"{first!r} is the stamp's {full!r} cut at the margin ({r.score:.0f})"


def cut_stamp_lines(lines: list[WorkLine]) -> None:
    """Give a line of the JFK Act stamp cut at the margin (``cut_stamp_line``) the medium prior of
    the stamp's pieces (``jfk_band.PHRASE``): it still needs its place. ``lines``: the
    document's, in order, with their priors."""
    for ln in lines:
        if ln.prior is not None or ln.protected or ln.spans or (ln.prose and len(ln.toks) > 6):
            continue
        why = cut_stamp_line(ln.text)
        if why:
            ln.prior = Prior(PHRASE, FurnitureKind.RELEASE_STAMP, MEDIUM, why)


# The 2022-2025 header's wording (``jfk_band.TEMPLATES``' second), with the record number in
# front and without it (OCR often puts the number on a line of its own).
_HEADER = TEMPLATES[1]
_HEADERS = (_HEADER, _HEADER[_HEADER.index("(0000") :])
# The header wrapped over this many lines at most, found among a page's first ``TOP`` lines.
WRAP = 3
TOP = 6
# rapidfuzz ratio (0-100, whole against whole) of the wrapped lines joined against the header:
# the dev headers read 86-89 ("{2022 bs UNDER THE PRI" / "ESIDENT JOHN F." / "TRE UD 1 Ui KENNEDY
# ASSASSINATION RECORDS ACT OF 1992 J"); a line of the header with a sentence's words joined to
# it scores far below.
WRAPPED_SCORE = 85.0


def _header_score(run: list[WorkLine]) -> float:
    """rapidfuzz ratio (0-100) of the lines of ``run`` joined against the header, with or
    without its record number."""
    joined = fold(" ".join(ln.text.strip() for ln in run))
    return max(fuzz.ratio(joined, h) for h in _HEADERS)


def wrapped_headers(lines: list[WorkLine]) -> None:
    """Give the lines of NARA's 2022-2025 release header that OCR wrapped over two or three
    lines at a page's top, with pieces too damaged for ``jfk_band`` to read alone ("‘aotittne
    PRESIDE!" / "ieee NT JOHN F. KENNEDY ASSASSINATION RECORDS ACT OF 1992]": 2022
    104-10112-10142 lines 3-7; "{2022 bs UNDER THE PRI" / "ESIDENT JOHN F." / "TRE UD 1 Ui
    KENNEDY ...": 2022 104-10247-10033 lines 1-3; ``bench/furniture/jfk-series``, dev), the
    header's strong prior: the lines joined are the header whole (``WRAPPED_SCORE``), among the
    page's first ``TOP`` non-blank lines. ``lines``: the document's, in order, with priors."""
    pages: dict[int, list[WorkLine]] = {}
    for ln in lines:
        top = pages.setdefault(ln.page, [])
        if len(top) < TOP:
            top.append(ln)
    for top in pages.values():
        best: tuple[float, list[WorkLine]] | None = None
        for i in range(len(top)):
            for n in range(2, WRAP + 1):
                run = top[i : i + n]
                if len(run) < n or any(ln.protected for ln in run):
                    continue
                score = _header_score(run)
                # Each end line must be the header's: without it the rest reads worse (a header
                # read whole on its line over "JFK ASSASSINATION SYSTEM", the identification
                # form's title, reads better alone: tests/test_strip_notice_blocks.py).
                if score < WRAPPED_SCORE or score <= max(
                    _header_score(run[1:]), _header_score(run[:-1])
                ):
                    continue
                if best is None or score > best[0]:
                    best = (score, run)
        if best is None:
            continue
        score, run = best
        where = ", ".join(str(ln.idx) for ln in run)
        for ln in run:
            if ln.prior is None or ln.prior.weight < STRONG:
                why = f"NARA's release header wrapped over lines {where} (rapidfuzz {score:.0f})"
                ln.prior = Prior(NAME, FurnitureKind.RELEASE_STAMP, STRONG, why)
