"""Page numbers and banners at the page breaks of a text without page markers: where a
sentence was cut.

A JFK release's OCR text is one "page" of hundreds of lines; its page numbers have no page edge
to stand at, and a document that numbers only some of its pages gives no sequence to follow. What
still gives a page number away is the sentence it interrupts: the page ended in the middle of a
sentence, the number stands alone after it, and the next page goes on in lower case. A bare
classification banner ("SECRET") alone between the halves of a sentence is at that page break
too: in an excerpt it may be printed only once, with no recurrence to count.
"""

from __future__ import annotations

import itertools
import logging
import re

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import POSITION, SEQUENCE
from pipeline.stages.strip.lines import WorkLine
from pipeline.stages.strip.patterns.match import COUNTER_AFTER_WORD, COUNTER_NAME

log = logging.getLogger(__name__)

# How many short unrecognised or junk lines may lie between a lone number and the sentence
# halves around it (the debris of the page's foot and head).
CUT_REACH = 2
# Blank lines in a row that a page break leaves in a text export with no page markers (the
# NARA JFK texts put three or more between pages; a paragraph break is one).
PAGE_GAP = 3
_BARE_NUMBER = re.compile(r"\W*\d{1,3}\W*")
_SENTENCE_END = re.compile(r"[.!?:;][\"')\]”’]*$")


def cut_sentences(lines: list[WorkLine]) -> None:
    """A lone number between the two halves of one sentence is the page number of the page break
    that cut it ("... stored at a reactivated Naval depot" / "8" / "and completely under Agency
    control"): the line before ends with no sentence end, the line after goes on in lower case,
    both are prose, only junk or short unrecognised lines lie between (``CUT_REACH``), and
    somewhere between the halves ``PAGE_GAP`` blank lines in a row mark the page break. Adds
    page-number evidence (``sequence``) to a number that has none from a numbering."""
    for ln in lines:
        if ln.prior is None or ln.prior.number is None or ln.value or ln.sequence:
            continue
        if not _BARE_NUMBER.fullmatch(ln.text):
            continue  # a number among specks or other figures ("25 40 30.") may be a table's
        if _cuts_a_sentence(ln):
            ln.sequence, ln.sequence_note = SEQUENCE, _CUT_NOTE


_CUT_NOTE = "between the halves of a sentence cut by a page"


# The bare banner's prior (``patterns.match``): a level alone on its line, specks allowed.
_BANNER_LINE = "banner-line"


def cut_banners(lines: list[WorkLine]) -> None:
    """A bare banner line ("SECRET |") between the two halves of one sentence, a page break
    between them (as ``cut_sentences`` reads it), is the page's foot or head banner: position
    evidence (``WorkLine.sequence``, ``POSITION``), which with the banner's medium prior removes
    it. A level a form prints as a field's value (``WorkLine.form_level``) or a protected line is
    left; a heading "SECRET" over a paragraph has a sentence's end or no sentence above it.
    Written from 2022 104-10067-10388 line 50 (bench/furniture/jfk-prose, dev): "... any
    personal attitude he held on that" / three blank lines / "SECRET |" / "activity was removed
    in time ...", the banner printed once in the document's 120-line excerpt."""
    for ln in lines:
        p = ln.prior
        if p is None or p.name != _BANNER_LINE or ln.protected or ln.form_level or ln.sequence:
            continue
        if _cuts_a_sentence(ln):
            ln.sequence, ln.sequence_note = POSITION, "a banner between the halves of a sentence"
            log.debug("banner cutting a sentence: page %d line %d", ln.page, ln.idx)


# A page counter alone on its line ("Page 2 of 3", "PAGE 2 OF 3 PAGES"): number and total.
_COUNTER = re.compile(
    r"\W{0,2}(?:Page|PAGE)\s*(\d{1,3})\s*(?:of|OF)\s*(\d{1,3})(?:\s*PAGES)?\W{0,2}"
)


def counter_mates(lines: list[WorkLine]) -> None:
    """A page counter behind a short word ("sort Page 1 of 3", ``patterns.match``: medium) is
    the page's counter when the document prints another counter alone on its line with the same
    total and another number ("Page 2 of 3"): sequence evidence (``SEQUENCE``). Written from 2022
    104-10110-10306 lines 61 and 113 (a CIA questionnaire's pages, bench/furniture/jfk-prose,
    dev). ``lines``: the document's, in order, with their priors."""
    counters = []
    for ln in lines:
        m = _COUNTER.fullmatch(ln.text.strip())
        if m is not None and ln.prior is not None and ln.prior.kind == FurnitureKind.PAGE_NUMBER:
            counters.append((ln, int(m.group(1)), int(m.group(2))))
    for ln in lines:
        if ln.prior is None or ln.prior.name != COUNTER_NAME or ln.sequence:
            continue
        m = COUNTER_AFTER_WORD.fullmatch(ln.text.strip())
        assert m is not None
        number, total = int(m.group(1)), int(m.group(2))
        for other, k, t in counters:
            if t == total and k != number and number <= total:
                ln.sequence = SEQUENCE
                ln.sequence_note = f"page counter of {total} beside another at line {other.idx}"
                log.debug("page counter after a word: page %d line %d", ln.page, ln.idx)
                break


def _cuts_a_sentence(ln: WorkLine) -> bool:
    """Does ``ln`` stand between the halves of a sentence cut by a page: the line before (past
    debris, ``CUT_REACH``) ends with no sentence end, the line after goes on in lower case, both
    are prose, and somewhere between them ``PAGE_GAP`` blank lines in a row mark the break."""
    above, below = _past_debris(ln, "prev"), _past_debris(ln, "next")
    if above is None or below is None or not (above.prose and below.prose):
        return False
    first = below.text.lstrip()
    if _SENTENCE_END.search(above.text.rstrip()) or not first[:1].islower():
        return False
    chain = [above]
    while chain[-1] is not below and chain[-1].next is not None:
        chain.append(chain[-1].next)
    return above.page == below.page and any(
        b.idx - a.idx > PAGE_GAP for a, b in itertools.pairwise(chain)
    )


def _past_debris(ln: WorkLine, side: str) -> WorkLine | None:
    """The first line on ``side`` that is not junk or a short unrecognised line (at most
    ``CUT_REACH`` of them), nor a page break's other mark (``_break_mark``: at most
    ``BREAK_MARKS``), or None."""
    other = getattr(ln, side)
    debris = marks = 0
    while other is not None:
        junk = other.prior is not None and other.prior.kind == FurnitureKind.JUNK
        if junk or other.slight:
            debris += 1
        elif _break_mark(other):
            marks += 1
        else:
            return other
        if debris > CUT_REACH or marks > BREAK_MARKS:
            return None
        other = getattr(other, side)
    return None


# How many other marks of a page break (a bare banner, a lone number) may lie between a line
# and the sentence halves: the foot's banner and the next page's number ("... for any
# clarification" / "SECRET" / "' 3" / "needed regarding ...": 2022 104-10170-10022 lines 75-87,
# bench/furniture/jfk-2022, dev).
BREAK_MARKS = 2


def _break_mark(ln: WorkLine) -> bool:
    """A line that marks a page break as the line in question may: a bare banner line or a
    bare lone number."""
    p = ln.prior
    if p is None or ln.protected:
        return False
    if p.name == _BANNER_LINE:
        return True
    return p.number is not None and _BARE_NUMBER.fullmatch(ln.text) is not None
