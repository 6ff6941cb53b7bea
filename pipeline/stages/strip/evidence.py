"""The evidence on each line before the decision: position, rows, repetition, page sequence.

* **position** - a line in the top or bottom band of a page with word boxes (``positions``),
  where speckle next to furniture is also taken off (``unsure_words``) and short pieces of a
  printed row that OCR cut in two are linked to the rest of the row (``_rows``);
* **repetition** - the same line near the edge of most pages, digits masked (``repetition``),
  or a stamp piece seen three times in the document (``recurrence``; a banner standing alone
  at several places of a text without word boxes: ``banner_evidence``);
* **sequence** - lone numbers that count up through the document (``sequence``).

Each function annotates the ``WorkLine``s in place; ``decide`` adds the evidence up.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from pipeline.core.enums import FurnitureKind
from pipeline.core.records import Page
from pipeline.stages.strip.config import (
    MEDIUM,
    SEQUENCE,
    SEQUENCE_GAP,
    SEQUENCE_PAIR,
    STRONG,
    UNSURE_CONF,
    StripConfig,
)
from pipeline.stages.strip.lines import Span, Tok, WorkLine
from pipeline.stages.strip.patterns.base import DEBRIS, Prior, repetition_key
from pipeline.stages.strip.patterns.body import prose_words
from pipeline.stages.strip.patterns.junk import is_speck
from pipeline.stages.strip.patterns.match import match_line

log = logging.getLogger(__name__)

_ALNUM = re.compile(r"[^\W_]")


def noise_token(ln: WorkLine, t: Tok) -> bool:
    """A token that is no word: a speck, or one the OCR engine was unsure of."""
    return (t.conf is not None and t.conf < UNSURE_CONF) or is_speck(ln.text[t.start : t.end])


def unsure_words(ln: WorkLine) -> None:
    """Speckle beside furniture in a band, read as words the OCR engine was unsure of.

    * A line with no pattern may have one without the unsure words at its ends ("CONFIDENTIAL
      = =— sf. BLes ;"); only a stamp or banner counts (a lone number is too weak a guess).
    * A line holding a stamp whose other words are all specks or unsure ("of 1992 (44 Use nea
      Nong y Assassination Records Collection Act": a skewed stamp's two lines read as one) is
      the stamp.

    Plain specks are ``match_line``'s and ``lines._absorbed``'s own business.
    """
    toks = ln.toks
    if ln.prior is None and not ln.spans:
        i, j = 0, len(toks)
        while i < j and noise_token(ln, toks[i]):
            i += 1
        while j > i and noise_token(ln, toks[j - 1]):
            j -= 1
        dropped = toks[:i] + toks[j:]
        if i == j or not any(t.conf is not None and t.conf < UNSURE_CONF for t in dropped):
            return
        prior = match_line(ln.text[toks[i].start : toks[j - 1].end])
        if prior is None or prior.weight < MEDIUM or prior.detail.startswith("rapidfuzz"):
            return
        detail = f"{prior.detail}, " if prior.detail else ""
        ln.prior = Prior(prior.name, prior.kind, prior.weight, f"{detail}with unsure OCR words")
    elif ln.spans and ln.weight < STRONG:
        left = [t for t in toks if not any(s.start <= t.start and t.end <= s.end for s in ln.spans)]
        words = [t for t in left if _ALNUM.search(ln.text, t.start, t.end)]
        if left and len(words) <= 4 and all(noise_token(ln, t) for t in left):
            first = ln.spans[0]
            if first.kind != FurnitureKind.BANNER:
                name = first.evidence[0].removeprefix("pattern ").removesuffix(" piece")
                ln.prior = Prior(name, first.kind, STRONG, "with unsure OCR words")
                ln.spans = []


def positions(pages: Sequence[Page], by_page: list[list[WorkLine]], config: StripConfig) -> None:
    """Mark each line's place on its page (``by_page``: ``collect``'s lines, page by page).

    On a page with a height and word boxes, a line whose top is in the top band or whose bottom
    is in the bottom band (``StripConfig.top_band``/``bottom_band``, shares of the paper's
    height: ``Page.paper`` when the image shows a frame around the paper, else ``Page.height``,
    in pixels) gets ``band`` ("top band 4%"), loses its unsure speckle (``unsure_words``) and is
    linked to the printed row it continues (``_rows``). On a page without boxes (text input)
    every line may be at an edge (``edge_ok``): ``decide`` looks at what lies between it and the
    edge.
    """
    for page, mine in zip(pages, by_page, strict=True):
        if not mine:
            continue
        height = page.height
        boxed = bool(height) and any(t.bbox is not None for ln in mine for t in ln.toks)
        if boxed:
            assert height is not None
            # Shares of the paper, not of the image: a photo's background or a scan's dark
            # border around the page is no part of its bands.
            paper = page.paper
            start, height = (paper.top, paper.height) if paper else (0, height)
            for ln in mine:
                boxes = [t.bbox for t in ln.toks if t.bbox is not None]
                if not boxes:
                    continue
                top = min(b.top for b in boxes) - start
                bottom = max(b.bottom for b in boxes) - start
                if top < config.top_band * height:
                    ln.band = f"top band {100 * top / height:.0f}%"
                elif bottom > (1 - config.bottom_band) * height:
                    ln.band = f"bottom band {100 * bottom / height:.0f}%"
                if ln.band:
                    unsure_words(ln)
            _rows(mine)
        else:
            for ln in mine:
                ln.edge_ok = True


# A row piece: a short line (at most this many tokens and characters) ...
ROW_PIECE_TOKENS = 4
ROW_PIECE_CHARS = 30


def _rows(mine: list[WorkLine]) -> None:
    """Short band lines that continue another line's printed row.

    On a skewed or crowded page OCR can cut one printed row into two lines ("UN" / "CLASSIFIED
    U.S. Department of State ...", "... Doc No. C06245507 Date" / ": 04/24/2020") or read a
    stamp's garbled words as a line of their own between its lines. Such a piece sits on the
    row of a word of another line (vertical overlap of at least half the smaller height) and
    touches it (horizontal gap at most the taller height, about two characters); it is
    furniture if that word is removed (``_row_evidence``).
    """
    pieces = [
        ln
        for ln in mine
        if ln.band
        and len(ln.toks) <= ROW_PIECE_TOKENS
        and len(ln.text) <= ROW_PIECE_CHARS
        and not ln.protected
        and prose_words(ln.text) <= 1
    ]
    for ln in pieces:
        mine_boxes = [t.bbox for t in ln.toks if t.bbox is not None]
        for other in mine:
            if other is ln or not other.band:
                continue
            for k, t in enumerate(other.toks):
                b = t.bbox
                if b is None:
                    continue
                for f in mine_boxes:
                    overlap = min(f.bottom, b.bottom) - max(f.top, b.top)
                    gap = max(f.left - b.right, b.left - f.right)
                    if overlap >= 0.5 * min(f.height, b.height) and gap <= max(f.height, b.height):
                        ln.row.append((other, k))
                        break


_LETTERS = re.compile(r"[^\W\d_]")
_SPACES = re.compile(r"\s+")


def repetition(pages: Sequence[Page], by_page: list[list[WorkLine]], config: StripConfig) -> None:
    """Mark lines found near the edge of most pages (``repeat``: "on 3/4 pages (rapidfuzz 95)").

    Candidates are the first and last ``StripConfig.edge_lines`` lines of each page and every
    band line, with three letters at least; two are the same line when the rapidfuzz ratio of
    their ``repetition_key``s reaches ``fuzzy_score``. A line repeats when it is found on
    ``repeat_fraction`` of the pages, and on two at least. A document of one page has none.
    """
    n = len(pages)
    if n < 2:
        return
    cands: list[WorkLine] = []
    for mine in by_page:
        k = config.edge_lines
        chosen = {id(ln): ln for ln in (*mine[:k], *mine[-k:])}
        chosen.update({id(ln): ln for ln in mine if ln.band})
        # With digits masked every number looks alike ("204-97852", "1800" -> "#"): a line needs
        # some letters for its repetition to mean anything. Numbers have the page sequence.
        cands.extend(ln for ln in chosen.values() if len(_LETTERS.findall(ln.text)) >= 3)
    if len(cands) < 2:
        return
    keys = [repetition_key(ln.text) for ln in cands]
    # Banners and masked numbers make most keys identical: compare each distinct key once.
    uniq, inverse = np.unique(np.array(keys, dtype=object), return_inverse=True)
    scores_u = cdist(
        list(uniq),
        list(uniq),
        scorer=fuzz.ratio,
        score_cutoff=config.fuzzy_score,
        dtype="uint8",
        workers=1,
    )
    scores = scores_u[np.ix_(inverse, inverse)]
    need = max(2, math.ceil(config.repeat_fraction * n))
    # Candidates come page by page: the best match of each line on each page, in one pass.
    page_of = np.array([ln.page for ln in cands])
    starts = np.flatnonzero(np.r_[True, page_of[1:] != page_of[:-1]])
    best = np.maximum.reduceat(scores, starts, axis=1)
    best[np.arange(len(cands)), np.searchsorted(starts, np.arange(len(cands)), "right") - 1] = 0
    seen = (best > 0).sum(axis=1) + 1
    for i in np.flatnonzero(seen >= need):
        row = best[i]
        cands[i].repeat = f"on {seen[i]}/{n} pages (rapidfuzz {row[row > 0].min()})"
    _varying(by_page, need, n)


# A repeated part of a running header: at least this many words, and this many characters.
PART_WORDS = 3
PART_CHARS = 12


def _varying(by_page: list[list[WorkLine]], need: int, n: int) -> None:
    """Running headers whose one half repeats and whose other half changes from page to page
    ("MEMORANDUM FOR THE RECORD | Vienna, second day"; the title in front, a date behind).

    Only a page's first or last line (or a band line) counts, a line the whole-line comparison
    left alone; its first (or last) ``PART_WORDS`` words, digits masked, must recur at the same
    end of ``need`` pages, and the words all those lines share at that end must come to
    ``PART_CHARS`` characters with two words of letters. A numbered paragraph ("#. THE ...")
    is no header.
    """
    groups: dict[tuple[str, str, tuple[str, ...]], list[WorkLine]] = {}
    for mine in by_page:
        if not mine:
            continue
        ends = (("top", mine[0]), ("bottom", mine[-1]))
        banded = [("top" if ln.band.startswith("top") else "bottom", ln) for ln in mine if ln.band]
        for where, ln in {id(ln): (w, ln) for w, ln in (*ends, *banded)}.values():
            words = repetition_key(ln.text).split()
            if ln.repeat or len(words) <= PART_WORDS or words[0].startswith("#"):
                continue
            groups.setdefault((where, "prefix", tuple(words[:PART_WORDS])), []).append(ln)
            groups.setdefault((where, "suffix", tuple(words[-PART_WORDS:])), []).append(ln)
    for (_, side, _), same in groups.items():
        pages = {ln.page for ln in same}
        if len(pages) < need:
            continue
        split = [repetition_key(ln.text).split() for ln in same]
        if side == "suffix":
            split = [w[::-1] for w in split]
        common: list[str] = []
        for column in zip(*split, strict=False):
            if len(set(column)) > 1:
                break
            common.append(column[0])
        if side == "suffix":
            common.reverse()
        part = " ".join(common)
        letters = sum(1 for w in common if len(_LETTERS.findall(w)) >= 2)
        if len(part) < PART_CHARS or letters < 2 or len(common) == min(map(len, split)):
            continue  # too little shared, or one line is all shared (then it is no half)
        for ln in same:
            if not ln.repeat:
                ln.repeat = f"repeated {side} {part!r} on {len(pages)}/{n} pages, the rest changes"


def recurrence(lines: list[WorkLine]) -> None:
    """A stamp piece seen three times or more in one document (the "13-00000" scan mark and
    the RIF number at the top of every page of a JFK text file) is repeated furniture, even where
    the text has no page breaks to compare across; a scan mark needs only two, digit for
    digit. Banners are left out: a lone "SECRET" can be
    a form's value, and banners have page breaks around them to go by."""
    counts: dict[str, list[WorkLine]] = {}
    for ln in lines:
        weak = ln.prior is not None and ln.prior.weight < STRONG
        if (
            weak
            and ln.prior.kind
            not in (FurnitureKind.BANNER, FurnitureKind.JUNK, FurnitureKind.PAGE_NUMBER)
            and ln.prior.name not in PHRASES
            and not ln.repeat
        ):
            counts.setdefault(repetition_key(ln.text), []).append(ln)
    for same in counts.values():
        if len(same) >= 3:
            for ln in same:
                ln.repeat = f"seen {len(same)} times in the document"
    # A scan mark ("13-00000", the batch a JFK page was scanned in) printed alone on its line
    # twice, digit for digit, is the pages' mark. (Not a record number: the document's own
    # number is also its cover form's value.)
    exact: dict[str, list[WorkLine]] = {}
    for ln in lines:
        core = _SPACES.sub("", ln.text.strip(DEBRIS + " "))
        if ln.prior is not None and _SCAN_MARK.fullmatch(core) and not ln.repeat:
            exact.setdefault(core, []).append(ln)
    for mark, same in exact.items():
        if len(same) >= 2:
            for ln in same:
                ln.repeat = f"scan mark {mark} alone on its line at {len(same)} places"


# Stamp wording that a document's own text can print as often as it likes (the JFK Act's name in
# a memo about the Act): never furniture by recurrence.
PHRASES = frozenset({"jfk-nara-release-phrase"})
# The scan mark at the top of a JFK release's pages ("13-00000", "14-00000").
_SCAN_MARK = re.compile(r"\d{1,2}-0{5}")

_PAGE_LABEL = re.compile(r"^\W*PAGE\s*:?$", re.I)


def sequence(lines: list[WorkLine]) -> None:
    """Lone numbers that count up through the document, a page apart, are page numbers."""
    for ln in lines:
        if ln.prior and ln.prior.number is not None:
            ln.in_column = any(
                n is not None and n.prior is not None and n.prior.number is not None
                for n in (ln.prev, ln.next)
            )
    cands = [ln for ln in lines if ln.prior and ln.prior.number is not None]
    for ln in cands:
        label = ln.prev.text.strip() if ln.prev else ""
        ln.value = label.endswith(":") and not _PAGE_LABEL.match(label)
    cands = [ln for ln in cands if not ln.value]
    if len(cands) < 2:
        return
    best = [1] * len(cands)
    back = [-1] * len(cands)
    for j, b in enumerate(cands):
        assert b.prior is not None
        for i in range(j):
            a = cands[i]
            assert a.prior is not None
            far = a.page != b.page or b.offset - a.offset >= SEQUENCE_GAP
            if a.prior.number == b.prior.number - 1 and far and best[i] + 1 > best[j]:
                best[j], back[j] = best[i] + 1, i
    end = max(range(len(cands)), key=lambda k: best[k])
    if best[end] < 2:
        return
    chain: list[WorkLine] = []
    k = end
    while k >= 0:
        chain.append(cands[k])
        k = back[k]
    chain.reverse()
    values = [c.prior.number for c in chain if c.prior]
    bonus = SEQUENCE if len(chain) >= 3 else SEQUENCE_PAIR
    note = f"page sequence {','.join(str(v) for v in values)}"
    members = {id(c) for c in chain}
    by_value = {c.prior.number: c for c in chain if c.prior}
    for c in cands:
        assert c.prior is not None
        anchor = by_value.get(c.prior.number)
        # A second copy of the same number next to the chain's (". 4" and "4") counts too.
        if id(c) in members or (
            anchor is not None and anchor.page == c.page and abs(anchor.order - c.order) <= 3
        ):
            c.sequence, c.sequence_note = bonus, note


_GLUED_START = re.compile(r"^\s*(\d{1,3})\s+(?=\S)")
_GLUED_END = re.compile(r"(?<=\S)\s+(\d{1,3})\s*$")


def glued_numbers(by_page: list[list[WorkLine]]) -> None:
    """Page numbers that OCR or the text export ran into a body line: the number at the start
    of a page's first line or at the end of its last ("... WOULD TAKE PLACE IN 2", the next
    page going on "GENEVA IN APRIL").

    A number there is a page number only when it keeps the document's page numbering: its
    value minus its page's place in the document is the same offset as that of a page number
    on another page (a lone number at a page's first or last two lines, or another glued one).
    Then it becomes a removed span of its line (``WorkLine.spans``) with that evidence; a
    number at a sentence's end with no numbering behind it stays.
    """
    # (offset, page index, the glued line and its match, or None for a lone number; where)
    found: list[tuple[int, int, WorkLine | None, re.Match[str] | None, str]] = []
    for pi, mine in enumerate(by_page):
        if not mine:
            continue
        for ln in (*mine[:2], *mine[-2:]):
            if ln.prior is not None and ln.prior.number is not None and not ln.value:
                found.append((ln.prior.number - (pi + 1), pi, None, None, ""))
        for ln, rx, where in ((mine[0], _GLUED_START, "start"), (mine[-1], _GLUED_END, "end")):
            if ln.prior is not None or ln.protected or ln.spans:
                continue
            m = rx.search(ln.text)
            if m:
                found.append((int(m.group(1)) - (pi + 1), pi, ln, m, where))
    pages_by_offset: dict[int, set[int]] = {}
    for offset, pi, *_ in found:
        pages_by_offset.setdefault(offset, set()).add(pi)
    for offset, _, ln, m, where in found:
        if ln is None or m is None:
            continue
        others = sorted(p + 1 for p in pages_by_offset[offset] if p != ln.page)
        if not others:
            continue
        side = "top" if where == "start" else "bottom"
        why = [
            f"number glued to the {where} of the page's {side} line",
            f"keeps the page numbering of page(s) {','.join(map(str, others[:5]))}",
        ]
        ln.spans.append(Span(m.start(1), m.end(1), FurnitureKind.PAGE_NUMBER, why, SEQUENCE))
