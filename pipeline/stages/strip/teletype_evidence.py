"""A teleprinter page header worn past the header patterns, known by the document's own headers.

A telegram's every page starts with the teleprinter's header, in fixed columns: PAGE, the page
number, the post, the message number, the date-time group ("PAGE 01 TEGUCI 02308 141640Z").
A worn ribbon or a bad scan damages every field ("paGE 01 TEGUCL o2ses 14re4oZ f", "PAGE Bi
STAJE 331198": 1968 State telegrams in the NARA JFK release 2018 104-10433-10178 lines 19 and
272, bench/furniture/jfk-state, dev), past what ``patterns.teletype`` may accept of a line on its
own. But a telegram's pages share their header: where the same document has headers read
whole, a line in the header's shape whose post is one of theirs is another page's header
(``worn_headers``).
"""

from __future__ import annotations

import logging
import re

from rapidfuzz import fuzz, process

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import MEDIUM, POSITION, WEAK
from pipeline.stages.strip.lines import WorkLine
from pipeline.stages.strip.patterns.base import DEBRIS, Prior

log = logging.getLogger(__name__)

# rapidfuzz ratio (0-100): a token read as PAGE ("PACE", "paGE", "PAGF"), a post read as one of
# the document's ("TEGUCL" for TEGUCI, "STAJE" for STATE).
PAGE_SCORE = 75.0
POST_SCORE = 75.0
# Headers read whole in the document needed before a worn one is taken.
MIN_KNOWN = 2
# Tokens after the message number: the date-time group and a stamp's ink, at most this many.
MAX_TAIL = 3
_MSG = re.compile(r"(?=\S*\d)\S{4,7}")
_HEADER = "teletype-page-header"


def _fields(text: str) -> list[str] | None:
    """The line's tokens from its PAGE on (at most one token of debris in front), upper-cased,
    debris off their ends; None when no PAGE starts it."""
    toks = [t.strip(DEBRIS + ".-~") for t in text.upper().split()]
    toks = [t for t in toks if t]
    for start in (0, 1):
        if len(toks) > start and fuzz.ratio(toks[start], "PAGE") >= PAGE_SCORE:
            return toks[start:]
    return None


def _post(fields: list[str]) -> str:
    """The post field of a header's fields (after PAGE and the page number)."""
    return fields[2] if len(fields) > 2 else ""


def worn_headers(lines: list[WorkLine]) -> None:
    """Give a worn page header the header's prior at ``MEDIUM + POSITION`` (``lines``: the
    document's, in order, with their priors).

    The document must have ``MIN_KNOWN`` lines or more that ``patterns.teletype`` read as the
    header whole; a candidate is a free line (no pattern but a weak one, unprotected, no spans)
    whose tokens are PAGE (``PAGE_SCORE``), a page number of at most three characters, a post
    within ``POST_SCORE`` of a known header's post, a message number (four to seven characters,
    one a digit), and at most ``MAX_TAIL`` tokens more.
    """
    known = [ln for ln in lines if ln.prior is not None and ln.prior.name == _HEADER]
    if len(known) < MIN_KNOWN:
        return
    posts: dict[str, WorkLine] = {}
    for ln in known:
        fields = _fields(ln.text)
        if fields is not None and _post(fields).isalpha():
            posts.setdefault(_post(fields), ln)
    if not posts:
        return
    names = tuple(posts)
    for ln in lines:
        if ln.protected or ln.spans or ln.weight > WEAK or ln.repeat:
            continue
        fields = _fields(ln.text)
        if fields is None or not 4 <= len(fields) <= 4 + MAX_TAIL:
            continue
        if len(fields[1]) > 3 or not _MSG.fullmatch(fields[3]):
            continue
        hit = process.extractOne(fields[2], names, scorer=fuzz.ratio, score_cutoff=POST_SCORE)
        if hit is None:
            continue
        other = posts[hit[0]]
        why = f"a page header of this telegram's shape and post, like line {other.idx} ({hit[0]})"
        ln.prior = Prior(_HEADER + "-worn", FurnitureKind.TELETYPE_HEADER, MEDIUM + POSITION, why)
        log.debug("worn teletype header: page %d line %d", ln.page, ln.idx)
