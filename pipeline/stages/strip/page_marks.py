"""Where a page begins when the text does not say so: evidence for excerpts and short texts.

Much of the strip stage's evidence is the whole document's: a line repeated on most pages, a
scan mark seen twice, a banner recurring at several places. A short document, a single page or
an excerpt (the 120-line excerpts of the labelled set, a user's pasted page) has little of it,
and an export's page markers may not split it at all: ``ingest.split_pages`` takes one lone
"## Page 7" line for a heading, so an excerpt holding one marker is one page. What is left is
each line's own form and its place among the page marks the text still prints:

* a **scan mark** ("13-00000", the batch a JFK page was scanned in, printed at the top of every
  page of NARA's texts) alone on its line and standing apart from the text (a blank line or the
  text's edge above and below it) is the top of a page by its own form (``lone_scan_marks``);
  where it is seen twice, ``evidence.recurrence`` already says so;
* an **export's page marker** ("## Page 7", "[Page 7]") left inside a page, like a scan mark,
  is where one page ends and the next begins (``page_break``), so a banner between it and the
  page's text is at its page's edge (``decide._at_edge``) as it is when the pages are split.

Written from the dev lines ``python -m bench.furniture_eval --split dev --excerpt 120 --every``
left that the whole documents' strip removes (bench/furniture/jfk-state, jfk-recent, jfk-more
and the shared jfk texts); nothing of the test split.
"""

from __future__ import annotations

import logging
import re

from pipeline.stages.strip.lines import WorkLine
from pipeline.stages.strip.patterns.base import DEBRIS

log = logging.getLogger(__name__)

# The scan mark at the top of each page of a JFK release ("13-00000", "14-00000"), with OCR's
# specks beside it ("13-00000 ||", "13-00000 ,..": 2018 104-10332-10013 lines 1068 and 1120,
# jfk-state dev).
_SCAN_MARK = re.compile(r"\d{1,2}-0{5}")
# The scan mark as a page edge: the mark alone, two marks of debris at most on either side.
_EDGE_MARK = re.compile(r"\W{0,2}\d{1,2}-0{5}\W{0,2}")
# A page marker of a text export, alone on its line ("## Page 7": noops888/jfk-files-text;
# "[Page 7]": the reading room's texts): the form ``ingest.split_pages`` splits pages at.
_PAGE_MARKER = re.compile(r"(?:\[Page\s+\d+\]|#{1,3}\s*Page\s+\d+)", re.I)
# NARA's footer read whole, alone on its line, as the foot of each page of a 2017-2022 release
# ("HW 50955 Docld:32263528 Page 2"; "Dw 50955 Docid:..."): all its fields, the case number, the
# document id and the page, so that it is no piece of the stamp quoted in a line of text. Lines
# under it begin the next page (the page's own "page 2" under a stamped number: 2022
# 180-10110-10123 lines 68-73, bench/furniture/jfk-opening, dev).
_FOOTER = re.compile(
    r"\W{0,2}[A-Za-z]{1,3}\s*\d{5}\s+Do[a-z]{2,3}\s*[:.]\s*\d{8}\W{0,3}\s*Page\s*\d{1,3}\W{0,2}"
)


def _standing_apart(ln: WorkLine) -> bool:
    """A blank line, or the page's edge, above and below the line: a paragraph of its own."""
    up, down = ln.prev, ln.next
    return (up is None or ln.idx - up.idx > 1) and (down is None or down.idx - ln.idx > 1)


def lone_scan_marks(lines: list[WorkLine]) -> None:
    """A scan mark alone on its line (OCR's specks beside it allowed), standing apart from the
    text, that no other evidence has placed: the top of its page (``WorkLine.band``, position
    evidence; with the mark's pattern prior that removes it). ``lines``: the document's work
    lines, annotated in place.

    A scan mark printed twice is the pages' mark by repetition (``evidence.recurrence``); once,
    in an excerpt or a single page of text without page markers ("13-00000" between the end of
    one page's text and a memo's heading: 2018 104-10332-10013 line 50, jfk-state dev), only
    its form says so, and its form is unmistakable: two digits, a hyphen and five zeros alone on
    a line of their own are no sentence, no table row and no record number."""
    for ln in lines:
        if ln.prior is None or ln.repeat or ln.band or not ln.edge_ok:
            continue
        core = re.sub(r"\s+", "", ln.text.strip(DEBRIS + " "))
        if _SCAN_MARK.fullmatch(core) and _standing_apart(ln):
            ln.band = f"scan mark {core} standing apart: the top of a page"


def page_break(ln: WorkLine) -> str:
    """How a removed line marks a page break in text the export did not split, or "": a scan
    mark alone on its line ("scan mark"), an export's page marker ("page marker") or NARA's
    footer read whole ("NARA footer"). Lines above
    it end a page, lines under it begin the next (``decide._at_edge``)."""
    if not ln.furniture:
        return ""
    text = ln.text.strip()
    if _EDGE_MARK.fullmatch(text):
        return "scan mark"
    if ln.prev is not None and _PAGE_MARKER.fullmatch(text):
        # Inside a page only: a marker the pages were split at heads its page, and the page's
        # top is its edge already.
        return "page marker"
    if _FOOTER.fullmatch(text):
        return "NARA footer"
    return ""
