"""A block of lines printed on every page, found by its recurrence where the text has no page
breaks to compare across; and the page numbers standing beside it.

A court reporter prints its name and address at the foot of every transcript page ("MILLER
REPORTING CO., INC." / "507 C STREET, N.E." / "WASHINGTON, D.C. 20002" / "(202) 546-6666": 2022
104-10330-10057, the Review Board's 1996 hearing, ``bench/furniture/jfk-2022``, dev); a firm's or
an office's footer does the same. In a text file without page markers the page edges that
``evidence.repetition`` compares are gone, and no one of these lines looks like furniture by
itself (an address is the document's own text in a letter). What gives them away is the block:
the same lines, one under the other, again and again through the document, about a page apart.

``recurring_blocks`` finds them as a class, never by their words:

* lines are compared with digits masked and case folded, letters and digits only, and then
  fuzzily (rapidfuzz ``ratio`` ``SAME``), so OCR damage ("S07" for "507", "S46-6666", a trailing
  mark) still matches;
* a block is two lines or more, one right under the other (no blank line between), whose pairs of
  neighbours recur together ``MIN_TIMES`` times or more;
* each occurrence stands apart from the text (a blank line, furniture or the page's edge above
  and below it), and every one of its lines is short: no sentence, at most ``MAX_WORDS`` words
  (a quotation repeated in the text is prose, a memo's subject line repeated at the head of its
  continuation pages is six words or more);
* the occurrences are a page apart: never closer than ``MIN_GAP`` non-blank lines, at a roughly
  regular spacing (most gaps within half to twice the median gap, the median at most
  ``MAX_GAP``), and on different pages where the text has pages;
* and they are at a page's foot: two thirds of them have other furniture evidence below them
  (the next page's scan mark, a page number, NARA's footer) within ``NEAR`` lines, or the
  text's end, and only those are taken; and where the text shows its pages (scan marks, page
  markers) the block is on half of them at least (``PAGE_SHARE``: a letter's addressee heads
  some pages of a file of letters, not all).

Only footers: a block heading the pages may also be a document's own heading on its first page
(a memo's subject under the page break, where it heads the continuation pages of the memos
before it: 2018 docid-32989641, jfk-more dev), and nothing in the text tells the two apart. A
running head at the top of the pages stays here (``evidence.repetition`` compares page heads
where the text has pages).

A block found so gets the ``recurring-block`` prior (medium) and the repetition evidence, which
together decide it (``decide``). A bare number standing at the boundaries the blocks mark, with
only furniture or specks between it and the block ("21." at the next page's top under the scan
mark, "34" right under the footer), and whose value goes up by one from one boundary to the
next, is the page number: a lone number's prior with sequence evidence (a paragraph's "21." is
never such a number elsewhere: ``patterns.page_numbers``).
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import defaultdict
from statistics import median

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import MEDIUM, SEQUENCE, WEAK
from pipeline.stages.strip.lines import WorkLine
from pipeline.stages.strip.patterns.base import Prior

log = logging.getLogger(__name__)

NAME = "recurring-block"
# A line of a block: at most this many characters (a footer's line, not a
# paragraph's), and at least this many letters or digits.
MAX_CHARS = 60
MIN_CHARS = 4
# ... and at most this many words (two letters or more): a name, an address, a telephone number.
# A line of six words or more reads as the text's own (a memo's subject line repeated at the head
# of its continuation pages: "RE: STATUS OF RESPONSES TO CONGRESSIONAL", 2018 docid-32989641
# line 13523, bench/furniture/jfk-more, dev, labelled body).
MAX_WORDS = 5
# rapidfuzz ratio (0-100) at which two lines' keys are the same line.
SAME = 85.0
# A block recurs at least this many times ...
MIN_TIMES = 3
# ... never closer than this many non-blank lines (a page is longer), their median gap no more
# than this many (a page is shorter: speakers' names recurring every 560 lines of an interview,
# 2022 176-10030-10085, jfk-176 dev, are the text's own) ...
MIN_GAP = 10
MAX_GAP = 150
# ... and this share of the gaps between occurrences lie within half to twice their median.
REGULAR_SHARE = 2 / 3
# Furniture evidence within this many non-blank lines of an occurrence puts it at a page
# boundary; this share of the occurrences must be so.
NEAR = 3
BOUNDARY_SHARE = 2 / 3
# Where the text shows its pages (scan marks, page markers), a block printed on every page is on
# at least this share of them: a letter's addressee at the head of each letter in a file of
# letters is on some pages only (4 of 9: 2018 104-10418-10172, an FBI file of letters to the
# HSCA, dev).
PAGE_SHARE = 0.5
# A scan mark alone on its line ("13-00000"): a page's top in a JFK text without page markers.
_SCAN_MARK = re.compile(r"\W{0,2}\d{1,2}-0{5}\W{0,2}")

_KEEP = re.compile(r"[^\W_]+")
_WORD = re.compile(r"[^\W\d_]{2,}")
_DIGIT = re.compile(r"\d")
# A bare page number at a boundary: "21.", "34", "- 7 -" less its marks.
_NUMBER = re.compile(r"[^\w]{0,3}(\d{1,3})[^\w]{0,3}")


def line_key(text: str) -> str:
    """How two lines of a block are compared: case folded, digits masked, letters and digits
    only (OCR's stray marks and spacing dropped).

    >>> line_key("WASHINGTON, D.C. .20002"), line_key("(202) S46-6666")
    ('washington d c 00000', '000 s00 0000')
    """
    return " ".join(_KEEP.findall(_DIGIT.sub("0", text.lower())))


def _candidate(ln: WorkLine) -> bool:
    """A line that may belong to a block: no pattern knows it, not the cable's header, short,
    not a sentence, not a label introducing what follows ("LANSDALE:", a field name)."""
    text = ln.text.strip()
    return (
        ln.prior is None
        and not ln.protected
        and not ln.spans
        and not ln.prose
        and len(line_key(text).replace(" ", "")) >= MIN_CHARS
        and len(text) <= MAX_CHARS
        and len(_WORD.findall(text)) <= MAX_WORDS
        and not text.endswith(":")
    )


def _clusters(lines: list[WorkLine]) -> dict[int, int]:
    """Line order -> cluster id, for candidate lines whose key recurs (``MIN_TIMES`` with the
    fuzzy matches): keys seen twice or more exactly are the clusters' representatives; a key seen
    once joins the representative it matches best at ``SAME`` or more."""
    from rapidfuzz import fuzz, process

    keys: dict[int, str] = {ln.order: line_key(ln.text) for ln in lines if _candidate(ln)}
    exact: dict[str, list[int]] = defaultdict(list)
    for order, key in keys.items():
        exact[key].append(order)
    reps = [k for k, v in exact.items() if len(v) >= 2]
    if not reps:
        return {}
    # Representatives that match each other are one line read two ways ("s00 c street n e" and
    # "000 c street n e"): the first of them stands for all.
    rep_id: dict[str, int] = {}
    for i, key in enumerate(reps):
        best = process.extractOne(key, reps[:i], scorer=fuzz.ratio, score_cutoff=SAME)
        rep_id[key] = rep_id[best[0]] if best is not None else i
    members: dict[int, list[int]] = defaultdict(list)
    for key, i in rep_id.items():
        members[i].extend(exact[key])
    singles = [k for k, v in exact.items() if len(v) == 1]
    for key in singles:
        best = process.extractOne(key, reps, scorer=fuzz.ratio, score_cutoff=SAME)
        if best is not None:
            members[rep_id[best[0]]].extend(exact[key])
    frequent = {cid: orders for cid, orders in members.items() if len(orders) >= MIN_TIMES}
    return {order: cid for cid, orders in frequent.items() for order in orders}


def _under(a: WorkLine, b: WorkLine | None) -> bool:
    """Is ``b`` the line right under ``a`` (same page, no blank line between)?"""
    return b is not None and b.page == a.page and b.idx == a.idx + 1


def _apart(first: WorkLine, last: WorkLine) -> bool:
    """Does the run ``first``..``last`` stand apart: a blank line, a line a pattern knows, or the
    page's edge above it and below it?"""
    up, down = first.prev, last.next
    above = up is None or up.page != first.page or first.idx - up.idx > 1 or up.prior is not None
    below = (
        down is None or down.page != last.page or down.idx - last.idx > 1 or down.prior is not None
    )
    return above and below


def _page_foot(last: WorkLine) -> bool:
    """Is the run ending at ``last`` at a page's foot: furniture evidence (a line with a
    pattern's prior: the next page's scan mark, a page number, NARA's footer; not a junk line,
    which any damaged line can be) or the page's edge within ``NEAR`` non-blank lines below it?

    Only below: a block at a page's head that furniture stands over may be the next document's
    own heading (a memo's subject on its first page, under the page break, where the block heads
    the continuation pages of the memos before: 2018 docid-32989641 lines 6855, 8570, jfk-more
    dev), so running heads are left to ``evidence.repetition`` in text with pages."""
    other = last.next
    for _ in range(NEAR):
        if other is None or other.page != last.page:
            return True
        if other.prior is not None and other.prior.kind != FurnitureKind.JUNK:
            return True
        other = other.next
    return False


def _regular(orders: list[int]) -> str:
    """Why the occurrences at line orders ``orders`` are a page apart, or "" when they are not."""
    gaps = [b - a for a, b in itertools.pairwise(orders)]
    if not gaps or min(gaps) < MIN_GAP:
        return ""
    mid = median(gaps)
    if mid > MAX_GAP:
        return ""
    regular = sum(mid / 2 <= g <= mid * 2 for g in gaps)
    if regular < REGULAR_SHARE * len(gaps):
        return ""
    return f"about every {mid:.0f} lines"


def recurring_blocks(lines: list[WorkLine]) -> None:
    """Find the blocks of lines that recur a page apart (see the module docstring) and give
    their lines the ``recurring-block`` prior and repetition evidence; then the page numbers at
    the boundaries they mark (``boundary_numbers``).

    ``lines``: the document's non-blank lines, in order, with their priors."""
    cluster = _clusters(lines)
    if not cluster:
        return
    # Pairs of neighbours (a line and the one right under it) by their clusters.
    pairs: dict[tuple[int, int], list[WorkLine]] = defaultdict(list)
    for ln in lines:
        nxt = ln.next
        if ln.order in cluster and _under(ln, nxt):
            assert nxt is not None
            if nxt.order in cluster:
                pairs[cluster[ln.order], cluster[nxt.order]].append(ln)
    recurring = {p: firsts for p, firsts in pairs.items() if len(firsts) >= MIN_TIMES}
    if not recurring:
        return
    pages = _page_count(lines)
    # The runs of lines joined by recurring pairs: each is one occurrence of a block.
    joined = {ln.order for firsts in recurring.values() for ln in firsts}
    runs: list[list[WorkLine]] = []
    for ln in lines:
        if ln.order not in joined:
            continue
        if runs and runs[-1][-1] is ln:
            pass
        else:
            runs.append([ln])
        nxt = ln.next
        assert nxt is not None
        runs[-1].append(nxt)
    # Occurrences grouped by the block they are: their sequence of clusters.
    blocks: dict[tuple[int, ...], list[list[WorkLine]]] = defaultdict(list)
    for run in runs:
        if _apart(run[0], run[-1]):
            blocks[tuple(cluster[ln.order] for ln in run)].append(run)
    # A block damaged in one place splits its pairs; the occurrences of one block share a pair.
    found: list[list[WorkLine]] = []
    for pair in recurring:
        occ = [run for sig, runs_ in blocks.items() for run in runs_ if _has_pair(sig, pair)]
        occ.sort(key=lambda run: run[0].order)
        if len(occ) < MIN_TIMES or not _pages_apart(occ):
            continue
        spacing = _regular([run[0].order for run in occ])
        near = sum(_page_foot(run[-1]) for run in occ)
        if not spacing or near < BOUNDARY_SHARE * len(occ) or len(occ) < PAGE_SHARE * pages:
            continue
        why = (
            f"a block of {len(occ[0])} lines recurring {len(occ)} times, {spacing}, standing "
            f"apart, {near} of them at a page's foot"
        )
        for run in occ:
            if not _page_foot(run[-1]):
                # Not at a page's foot: the same words, but maybe the text's own.
                continue
            for ln in run:
                if ln.prior is None:
                    ln.prior = Prior(NAME, FurnitureKind.REPEATED, MEDIUM, f"line {run[0].idx}")
                    ln.repeat = why
        found.extend(occ)
    if found:
        log.debug("recurring blocks: %d occurrences", len(found))
        boundary_numbers(sorted(_unique(found), key=lambda run: run[0].order))


def _page_count(lines: list[WorkLine]) -> int:
    """How many pages the text shows: its pages, and a page more at each scan mark alone on its
    line inside one."""
    marks = sum(1 for ln in lines if ln.prev is not None and _SCAN_MARK.fullmatch(ln.text.strip()))
    return (lines[-1].page + 1 if lines else 0) + marks


def _has_pair(sig: tuple[int, ...], pair: tuple[int, int]) -> bool:
    return any(sig[i : i + 2] == pair for i in range(len(sig) - 1))


def _pages_apart(occ: list[list[WorkLine]]) -> bool:
    """Where the text has pages, one occurrence per page."""
    pages = [run[0].page for run in occ]
    return len(set(pages)) == len(pages) or len(set(pages)) == 1


def _unique(runs: list[list[WorkLine]]) -> list[list[WorkLine]]:
    seen: dict[int, list[WorkLine]] = {}
    for run in runs:
        seen.setdefault(run[0].order, run)
    return list(seen.values())


def _beyond(run: list[WorkLine], step: str) -> WorkLine | None:
    """The first line past the run on ``step``'s side ("prev" or "next") that is no furniture
    by a pattern (a scan mark, a speck) and within ``NEAR`` lines: where a page number stands."""
    other = getattr(run[0] if step == "prev" else run[-1], step)
    for _ in range(NEAR):
        if other is None:
            return None
        if other.prior is None or other.prior.name == "lone-number":
            return other
        if other.prior.weight > MEDIUM or other.prior.kind in (
            FurnitureKind.JUNK,
            FurnitureKind.RELEASE_STAMP,
        ):
            other = getattr(other, step)
            continue
        return None
    return None


def boundary_numbers(occ: list[list[WorkLine]]) -> None:
    """A bare number beside each block occurrence (``_beyond``, on one side for all of them)
    whose value rises by one from each boundary to the next is a page number: a lone number's
    prior (if it had none) and sequence evidence. ``occ``: the occurrences, in order."""
    for step in ("next", "prev"):
        found: list[tuple[int, int, WorkLine]] = []
        for k, run in enumerate(occ):
            ln = _beyond(run, step)
            m = _NUMBER.fullmatch(ln.text.strip()) if ln is not None else None
            if ln is not None and m and not ln.in_column:
                found.append((k, int(m[1]), ln))
        for i, (k, n, ln) in enumerate(found):
            if ln.sequence:
                continue  # a page-number sequence of the document's has it already
            mates = [
                other
                for j, (k2, n2, other) in enumerate(found)
                if j != i and 0 < abs(k2 - k) <= 2 and n2 - n == k2 - k
            ]
            if not mates:
                continue
            if ln.prior is None:
                ln.prior = Prior("lone-number", FurnitureKind.PAGE_NUMBER, WEAK, number=n)
            ln.sequence = SEQUENCE
            ln.sequence_note = (
                f"page number at the recurring block's page boundary, in sequence with line "
                f"{mates[0].idx}"
            )
