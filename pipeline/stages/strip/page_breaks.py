"""Page numbers at the page breaks of a text without page markers: where a sentence was cut.

A JFK release's OCR text is one "page" of hundreds of lines; its page numbers have no page edge
to stand at, and a document that numbers only some of its pages gives no sequence to follow. What
still gives a page number away is the sentence it interrupts: the page ended in the middle of a
sentence, the number stands alone after it, and the next page goes on in lower case.
"""

from __future__ import annotations

import itertools
import logging
import re

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import SEQUENCE
from pipeline.stages.strip.lines import WorkLine

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
        above, below = _past_debris(ln, "prev"), _past_debris(ln, "next")
        if above is None or below is None or not (above.prose and below.prose):
            continue
        first = below.text.lstrip()
        if _SENTENCE_END.search(above.text.rstrip()) or not first[:1].islower():
            continue
        chain = [above]
        while chain[-1] is not below and chain[-1].next is not None:
            chain.append(chain[-1].next)
        if above.page != below.page or all(
            b.idx - a.idx <= PAGE_GAP for a, b in itertools.pairwise(chain)
        ):
            continue
        ln.sequence, ln.sequence_note = SEQUENCE, "between the halves of a sentence cut by a page"


def _past_debris(ln: WorkLine, side: str) -> WorkLine | None:
    """The first line on ``side`` that is not junk or a short unrecognised line, within reach."""
    other = getattr(ln, side)
    for _ in range(CUT_REACH + 1):
        if other is None:
            return None
        junk = other.prior is not None and other.prior.kind == FurnitureKind.JUNK
        if not (junk or other.slight):
            return other
        other = getattr(other, side)
    return None
