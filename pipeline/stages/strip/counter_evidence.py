"""Page counters: running headers carrying one in text without page breaks, stamped numbers.

A cable system prints a header line on each continuation page, the same but for its page counter
("MHFNO: 95-1447145 SENSIND: PAGE: 2", then "... PAGE: 3": a 1995 CIA cable, dev
``bench/furniture/jfk-state`` 2018__104-10326-10072 lines 62 and 141). Where the text keeps its
page breaks, ``evidence.repetition`` finds such lines near the edge of most pages; a JFK text
file without page markers is one page, so here the evidence is the line itself: the same line,
digits masked (as ``evidence.repetition_key`` masks them), at two places of the document or
more, each with a page counter ("PAGE 2", "PAGE: 3", "Page 4 of 9") and the counters going up.
That is a running header by repetition with its varying part, kind ``repeated``. A sentence
that names a page ("SEE THE TABLE ON PAGE 2", in a cable's capitals) has a word that ties it
into a sentence (``patterns.body.FUNCTION_WORDS``: "THE", "ON") and is left alone, and so is a
line a pattern already knows. The first page's header, printed in another shape, is known by
the page counter and the message number it shares with them (``_first_header``).

A numbering machine stamps a number at each page's foot that counts the pages ("013445",
"C10.3446", "000.3448": HSCA's copies); where the text keeps its page breaks, such numbers whose
last digits less the page's place agree on two pages or more are page numbers
(``stamped_numbers``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from itertools import pairwise

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import MEDIUM, POSITION
from pipeline.stages.strip.lines import WorkLine
from pipeline.stages.strip.patterns.base import DEBRIS, Prior
from pipeline.stages.strip.patterns.body import FUNCTION_WORDS, prose_words

log = logging.getLogger(__name__)

# "PAGE 2", "PAGE: 3", "Page 004", "PAGE NO. 5": the counter and its value.
_COUNTER = re.compile(
    r"\bPAGE\s*(?:NO\.?\s*)?[:#.]?\s*(\d{1,3})\b(?:\s*(?:of|OF|/)\s*\d{1,3}\b)?", re.I
)
# A header line is short: at most this many tokens.
MAX_TOKENS = 10
# Words of two letters or more besides PAGE in the header: a bare "PAGE 2" is a page label
# (``patterns.page_numbers``), not a running header.
MIN_WORDS = 1
_WORD = re.compile(r"[A-Za-z]{2,}")
_DIGITS = re.compile(r"\d(?:\s?\d)*")
_SPACES = re.compile(r"\s+")
_ALNUM = re.compile(r"[^\W_]")


def _key(text: str) -> str:
    """Upper case, runs of digits masked as one '#', spaces collapsed.

    >>> _key("MHFNO: 95-1447145 SENSIND: PAGE: 2")
    'MHFNO: #-# SENSIND: PAGE: #'
    """
    return _SPACES.sub(" ", _DIGITS.sub("#", text.upper())).strip()


def counted_headers(lines: Sequence[WorkLine]) -> None:
    """Mark running headers with a page counter (``lines``: the document's work lines).

    A line qualifies when it has a page counter (``_COUNTER``), at most ``MAX_TOKENS`` tokens,
    a word besides PAGE, does not read like a sentence, is not protected (a cable's own header),
    holds no stamp span (the NARA footer "DocId:32989712 Page 101" before a line's own words is
    removed as a span, its words kept), has no function word outside its counter and no pattern
    of ``MEDIUM`` weight or more knows it. Lines of one key (``_key``) at two places or more,
    whose counters differ and go up through the document, get a ``MEDIUM`` prior (kind
    ``repeated``) and their ``repeat`` evidence, which together remove them.
    """
    groups: dict[str, list[tuple[int, WorkLine]]] = {}
    loose: list[WorkLine] = []  # with one function word: only for ``_first_header``
    first: dict[int, int] = {}  # page -> order of its first line
    for ln in lines:
        if ln.protected or ln.repeat or ln.prose or ln.spans or len(ln.toks) > MAX_TOKENS:
            continue
        if ln.prior is not None and ln.prior.weight >= MEDIUM:
            continue
        m = _COUNTER.search(ln.text)
        if m is None or prose_words(ln.text) >= 2:
            continue
        rest = ln.text[: m.start()] + ln.text[m.end() :]
        words = _WORD.findall(rest)
        function = sum(1 for w in words if w.lower() in FUNCTION_WORDS)
        if len(words) < MIN_WORDS or function > 1:
            continue
        if function:
            if ln.order - first.setdefault(ln.page, _page_start(lines, ln.page)) < TOP_LINES:
                loose.append(ln)
            continue
        groups.setdefault(_key(ln.text), []).append((int(m.group(1)), ln))
    for same in groups.values():
        counters = [n for n, _ in same]
        if len(same) < 2 or any(b <= a for a, b in pairwise(counters)):
            continue
        note = f"the same line at {len(same)} places, its page counter going {counters}"
        for _, ln in same:
            ln.prior = Prior("counted-page-header", FurnitureKind.REPEATED, MEDIUM, "page counter")
            ln.repeat = note
            log.debug("running header with a page counter, page %d line %d", ln.page, ln.idx)
    _first_header(groups, loose)


# A first page's header with a function word in it ("IN 1447145") is among the page's first
# lines: at most this many non-blank lines from its top (a sentence naming a page and the
# cable's number, "SEE PAGE 5 OF 1447145", further down stays).
TOP_LINES = 15


# A header ends at its counter, or with the message number after it ("PAGE 001: IN 1447145"):
# at most this many tokens after the counter ("... Page 7 (See Burlid #63-117290)", a NARA
# footer with a reference run into it, 2018 docid-32989749 line 295, stays).
TAIL_TOKENS = 2


def _page_start(lines: Sequence[WorkLine], page: int) -> int:
    return min(ln.order for ln in lines if ln.page == page)


# The message number a cable's page headers carry: six digits or more.
_MESSAGE = re.compile(r"(?<!\d)\d{6,}(?!\d)")


def _first_header(groups: dict[str, list[tuple[int, WorkLine]]], loose: list[WorkLine]) -> None:
    """The first page's header, printed in another shape than the continuation pages' but with
    their page counter and their message number ("95 1447145 ASP PAGE 001: IN 1447145" over
    "MHFNO: 95-1447145 SENSIND: PAGE: 2" ...: 2018 104-10326-10072 line 10, jfk-state dev): a
    line of a group ``counted_headers`` left alone (one place only), or a ``loose`` line (one
    function word, the cable's "IN" message prefix; among its page's first ``TOP_LINES``),
    holding a message number (``_MESSAGE``) of the headers it found gets their prior and
    evidence."""
    found = [ln for same in groups.values() for _, ln in same if ln.repeat]
    numbers = {n: ln for ln in found for n in _MESSAGE.findall(ln.text)}
    if not numbers:
        return
    rest = [ln for same in groups.values() for _, ln in same if not ln.repeat]
    for ln in (*rest, *loose):
        hit = next((numbers[n] for n in _MESSAGE.findall(ln.text) if n in numbers), None)
        m = _COUNTER.search(ln.text)
        tail = [t for t in ln.text[m.end() :].split() if _ALNUM.search(t)] if m else []
        if hit is None or m is None or len(tail) > TAIL_TOKENS:
            continue
        ln.prior = Prior("counted-page-header", FurnitureKind.REPEATED, MEDIUM, "page counter")
        ln.repeat = f"the page counter and message number of the running header on line {hit.idx}"


# A number stamped at a page's foot by a numbering machine (the House Select Committee's stamp
# on its copies, "010.3446"), as OCR reads it: digits with O/C/o for 0 and I/l/| for 1, a dot or
# a space inside; five to eight of them.
_STAMPED = re.compile(r"[\dOoCcIl|][\dOoCcIl|.,\s]{3,9}[\dOoCcIl|]")
_AS_DIGIT = str.maketrans("OoCcIl|", "0000111")
# The machine's counter: the number's last digits, which go up by one a page.
COUNTER_DIGITS = 3
MIN_DIGITS = 5
# Pages whose stamped number keeps the same count against the page's place: at least this many.
STAMPED_PAGES = 2


def _stamped_value(text: str) -> int | None:
    """The counter of a stamped page number, or None (``_STAMPED``; three real digits at least).

    >>> _stamped_value("C10.3446"), _stamped_value("000.3448"), _stamped_value("1968")
    (446, 448, None)
    """
    core = text.strip(DEBRIS + " \t")
    if not _STAMPED.fullmatch(core) or sum(c.isdigit() for c in core) < 3:
        return None
    digits = "".join(c for c in core.translate(_AS_DIGIT) if c.isdigit())
    if len(digits) < MIN_DIGITS:
        return None
    return int(digits[-COUNTER_DIGITS:])


def stamped_numbers(by_page: Sequence[Sequence[WorkLine]]) -> None:
    """Numbers a numbering machine stamped at each page's foot, counting the pages: the last
    line of a page (``by_page``: the document's lines page by page, text with page breaks) that
    is a number of ``MIN_DIGITS`` digits or more (``_stamped_value``) is one when its last
    ``COUNTER_DIGITS`` digits less the page's place are the same on ``STAMPED_PAGES`` pages or
    more ("013445" on page 4, "C10.3446" on page 5, "000.3448" on page 7: 2025 NARA JFK
    180-10145-10302 lines 277, 347, 447, bench/furniture/jfk-recent, dev; HSCA's copies). It gets
    a ``MEDIUM`` page-number prior, its evidence naming the other pages; its place at the page's
    foot is the rest of the evidence (``decide``)."""
    found: dict[int, list[tuple[int, WorkLine]]] = {}
    for pi, mine in enumerate(by_page):
        for ln in reversed(mine):
            if ln.furniture or (ln.prior is not None and ln.prior.kind == FurnitureKind.JUNK):
                continue  # the export's page rule, specks under the stamp
            value = None if (ln.prior is not None or ln.protected) else _stamped_value(ln.text)
            if value is not None:
                found.setdefault(value - pi, []).append((pi, ln))
            break
    for same in found.values():
        pages = sorted({pi + 1 for pi, _ in same})
        if len(pages) < STAMPED_PAGES:
            continue
        for _, ln in same:
            why = f"stamped number counting the pages with pages {','.join(map(str, pages))}"
            ln.prior = Prior("stamped-page-number", FurnitureKind.PAGE_NUMBER, MEDIUM, why)


# A cable's continuation head in an FBI copy: the page's first line, its varying part (page and
# message numbers, the station, read "PAGE 3473- 95- 6380", "PEKIRA 6389", "PAGEARIA S38A") in
# front of the same marking on each page ("SECRET NOFORN"): 2025 124-10206-10337 lines 175, 227,
# 279, bench/furniture/jfk-series, dev. The repetition is the marking's, the varying part must
# hold a number and no sentence.
_MARKED_HEAD = re.compile(
    r"(?P<head>.*?\S)\s+(?P<mark>(?:TOP\s+)?(?:SECRET|CONFIDENTIAL)"
    r"(?:\s+(?:NOFORN|NO\s+FOREIGN\s+DISSEM|SENSITIVE|RYBAT|WNINTEL|EYES\s+ONLY))*)\W{0,3}"
)
HEAD_TOKENS = 4  # at most this many tokens in front of the marking
HEAD_PAGES = 2  # pages whose first line is such a head, with the same marking
SPECK = 4  # characters: a line over the head this short is passed over


def marked_heads(by_page: Sequence[Sequence[WorkLine]]) -> None:
    """Give each page's first line that is a varying head in front of a marking (``_MARKED_HEAD``:
    at most ``HEAD_TOKENS`` tokens, one with a digit, no sentence), when ``HEAD_PAGES`` pages or
    more open with the same marking so, the teletype header's prior at ``MEDIUM + POSITION``
    (kind teletype header), its evidence naming the pages. ``by_page``: each page's work lines,
    in order, with their priors."""
    found: dict[str, list[WorkLine]] = {}
    for page in by_page:
        tops = [ln for ln in page if not _marker(ln)][:2]
        # A speck or a stray number over it ("8.*": the same file, line 277).
        first = (
            tops[1]
            if len(tops) == 2 and len(tops[0].text.strip()) <= SPECK
            else tops[0]
            if tops
            else None
        )
        if first is None or first.protected or first.spans or first.weight >= MEDIUM + POSITION:
            continue
        m = _MARKED_HEAD.fullmatch(first.text.strip())
        if m is None:
            continue
        head = m["head"].split()
        if len(head) > HEAD_TOKENS or not _DIGITS.search(m["head"]) or _sentence(head):
            continue
        found.setdefault(" ".join(m["mark"].split()), []).append(first)
    for mark, heads in found.items():
        if len(heads) < HEAD_PAGES:
            continue
        where = ", ".join(str(ln.page + 1) for ln in heads)
        for ln in heads:
            if ln.weight >= MEDIUM or (
                ln.prior is not None and ln.prior.kind == FurnitureKind.BANNER
            ):
                continue
            why = f"a varying head over the marking {mark} opening pages {where}"
            ln.prior = Prior(
                "cable-page-head", FurnitureKind.TELETYPE_HEADER, MEDIUM + POSITION, why
            )
            log.debug("marked page head: page %d line %d", ln.page, ln.idx)


def _sentence(toks: list[str]) -> bool:
    """A word that ties the tokens into a sentence (``FUNCTION_WORDS``, in any case: cables are
    typed in capitals) or a word in lower case."""
    words = [t.strip(DEBRIS) for t in toks]
    return prose_words(" ".join(toks)) > 0 or any(w.lower() in FUNCTION_WORDS for w in words if w)


def _marker(ln: WorkLine) -> bool:
    """The export's page marker line ("## Page 3"), which stands over a page's first line."""
    return ln.text.lstrip().startswith("## Page")
