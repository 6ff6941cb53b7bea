"""Strip page furniture, rejoin the document's text and keep a record of every removal.

Page furniture is what the release process, the classification system or the page layout put on
every page: classification banners, page numbers, release stamps, teletype page headers, junk
lines. The stage decides line by line, on the evidence a person would use (issue 3):

* **pattern** - the known kinds as priors (``strip_patterns``): a strong stamp removes its text on
  its own, a bare banner line, a stamp piece, a lone number or a junk line needs one more piece
  of evidence (and the last two never count as evidence for their neighbours);
* **position** - in the top or bottom band of the page (word boxes and page height), or, for text
  input without boxes, at the top or bottom of the page with only furniture between the line and
  the edge; and for both, next to a stamp, banner or repeated line (the furniture between two
  halves of a paragraph sits together, as in the seed, whose four pages are one text page);
* **repetition** - the same line near the edge of most pages, matched with rapidfuzz after
  digits are masked, so OCR variation and changing numbers still match; lone numbers that count
  up through the document (1, 2, 3 ...) are a page-number sequence.

The evidence is added up per line (``_score``); a line at or above ``StripConfig.threshold`` is
furniture, and its ``Removal`` lists the evidence that decided it. The cable's own header
(``TAGS:``, ``E.O. 12958: DECL:``, portion markings) is protected from everything but a strong
stamp. Banners run into the end of a paragraph and release stamps inside a line are removed as
spans; the rest of the line stays.

The kept text is then rejoined: a paragraph cut by a page break becomes one again, line-end
hyphenation is undone (without a dictionary: see ``_hyphen_join``), and printed lines are reflowed
into paragraphs while header lines keep their own lines. Every word of the result maps back to its
page and line (``WordSpan``), and every removal says what it was and why (``Removal``), so the
source text is exactly the kept text plus the removals.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from pipeline.core.enums import FurnitureKind
from pipeline.core.records import BBox, Page, WordSpan
from pipeline.core.results import Field, Removal, StripResult
from pipeline.stages import strip_patterns as fp
from pipeline.stages.strip_patterns import (
    BANNER,
    JUNK,
    MEDIUM,
    PAGE_NUMBER,
    RELEASE_STAMP,
    REPEATED,
    STRONG,
    TELETYPE_HEADER,
)

log = logging.getLogger(__name__)

FURNITURE_KINDS = tuple(FurnitureKind)

# Evidence weights (patterns carry their own: STRONG 1.5, MEDIUM 0.6, WEAK 0.5).
POSITION = 0.5  # in a band, at the page edge, or next to other furniture
REPETITION = 0.6  # near the edge of most pages
SEQUENCE = 0.6  # a lone number in a page-number sequence of three or more
SEQUENCE_PAIR = 0.3  # ... of two
PROSE = 0.5  # taken off a line with no pattern that reads like a sentence
ROW = 1.0  # a piece of a removed stamp's printed row that OCR made a line of its own
# Two lone numbers a page apart are at least this many characters apart in text input.
SEQUENCE_GAP = 200
# An OCR word below this confidence (0-100) is one the engine was unsure of: speckle read as
# letters ("BLes" 18, "nea" 35), but also real words in bold or damaged print ("SECRET /NOFORN"
# at 0, "soldiers." at 3). So it only counts as a speck beside furniture in a page's top or
# bottom band, never on its own (``_unsure_words``).
UNSURE_CONF = 40.0


@dataclass(frozen=True)
class StripConfig:
    """How the strip stage weighs its evidence. Every default is what the tests and the corpus
    runs use; ``threshold`` is on the same scale as the weights above."""

    # Furniture kinds to leave in the text (--keep-furniture KIND); still recorded as evidence.
    keep_kinds: frozenset[str] = frozenset()
    # Share of the page height, from the top and from the bottom, that counts as the page's
    # header and footer band (OCR input with word boxes and a page height).
    top_band: float = 0.10
    bottom_band: float = 0.10
    # A line counts as repeated when it is found near the edge of at least this share of the
    # pages (and on two at least).
    repeat_fraction: float = 0.5
    # rapidfuzz ratio (0-100) at which two lines, digits masked, are the same line.
    fuzzy_score: float = 90.0
    # How many non-blank lines at each end of a page are compared across pages.
    edge_lines: int = 4
    # Evidence at or above this removes a line.
    threshold: float = 1.0

    def __post_init__(self) -> None:
        if not isinstance(self.keep_kinds, frozenset):
            raise TypeError("keep_kinds must be a frozenset of furniture kinds")
        unknown = sorted(self.keep_kinds - set(FURNITURE_KINDS))
        if unknown:
            raise ValueError(
                f"unknown furniture kind(s) {', '.join(unknown)}; "
                f"expected one of {', '.join(FURNITURE_KINDS)}"
            )
        for name in ("top_band", "bottom_band"):
            if not 0.0 <= getattr(self, name) <= 0.5:
                raise ValueError(f"{name} must be between 0 and 0.5 (a share of the page height)")
        if not 0.0 < self.repeat_fraction <= 1.0:
            raise ValueError("repeat_fraction must be in (0, 1]")
        if not 50.0 <= self.fuzzy_score <= 100.0:
            raise ValueError("fuzzy_score must be between 50 and 100")
        if self.edge_lines < 1:
            raise ValueError("edge_lines must be at least 1")
        if self.threshold <= 0:
            raise ValueError("threshold must be positive")


# ---------------------------------------------------------------------------------------------
# Working records


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    bbox: BBox | None
    conf: float | None


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    kind: str
    evidence: list[str]
    score: float
    decided: bool = False


@dataclass(slots=True, eq=False)
class _Line:
    page: int  # index into pages
    idx: int  # index into Page.lines
    text: str
    order: int  # position among the document's non-blank lines
    offset: int  # characters of non-blank text before this line in the document
    toks: list[_Tok] = field(default_factory=list)
    prior: fp.Prior | None = None
    spans: list[_Span] = field(default_factory=list)  # strong stamps inside the line
    tail: fp.BannerSpan | None = None  # banner run at the end, needs evidence
    protected: bool = False
    prose: bool = False
    band: str = ""
    edge_ok: bool = False  # no boxes on this page: the text's first and last lines are the edges
    repeat: str = ""
    in_column: bool = False  # a lone number next to another lone number
    value: bool = False  # a lone number right under a form label ("PAGES:" / "17")
    sequence: float = 0.0
    sequence_note: str = ""
    prev: _Line | None = None
    next: _Line | None = None
    # (line, token index) of the words that continue this short line's printed row in another
    # OCR line of the page (see ``_rows``).
    row: list[tuple[_Line, int]] = field(default_factory=list)
    furniture: bool = False
    kind: str = ""
    evidence: list[str] = field(default_factory=list)
    score: float = 0.0

    @property
    def weight(self) -> float:
        return self.prior.weight if self.prior else 0.0

    def span_at_start(self) -> bool:
        return any(s.decided and not self.text[: s.start].strip() for s in self.spans)

    def span_at_end(self) -> bool:
        return any(s.decided and not self.text[s.end :].strip() for s in self.spans)


# ---------------------------------------------------------------------------------------------
# Public entry point


def strip(pages: Sequence[Page], config: StripConfig | None = None) -> StripResult:
    """Remove the page furniture from a document; return its text, word map, removals, metadata."""
    config = config or StripConfig()
    lines, by_page = _collect(pages)
    _positions(pages, by_page, config)
    _repetition(pages, by_page, config)
    _recurrence(lines)
    _sequence(lines)
    _decide(lines, config)
    removals = _removals(pages, lines, config)
    fields = _fields(pages, lines)
    text, spans = _assemble(pages, lines, config)
    log.debug(
        "strip: %d pages, %d removals, %d characters kept", len(pages), len(removals), len(text)
    )
    return StripResult(text=text, spans=spans, removals=removals, fields=fields)


# ---------------------------------------------------------------------------------------------
# Evidence


_TOKEN = re.compile(r"\S+")


def _tokens(line_text: str, words: Sequence[Any]) -> list[_Tok]:
    """The line's whitespace-separated tokens (``Line.text`` is authoritative), each carrying the
    box and confidence of the OCR words found inside it."""
    toks = [_Tok(m.start(), m.end(), None, None) for m in _TOKEN.finditer(line_text)]
    if not toks or not any(w.bbox is not None or w.conf is not None for w in words):
        return toks
    if len(words) == len(toks) and all(
        w.text == line_text[t.start : t.end] for w, t in zip(words, toks, strict=True)
    ):
        # The usual OCR line: its text is its words joined by spaces.
        for w, t in zip(words, toks, strict=True):
            t.bbox, t.conf = w.bbox, w.conf
        return toks
    pos = 0
    ti = 0
    for w in words:
        at = line_text.find(w.text, pos) if w.text else -1
        if at < 0:
            log.debug("word %r not found in line %r; its box is dropped", w.text, line_text)
            continue
        pos = at + len(w.text)
        while ti < len(toks) and toks[ti].end <= at:
            ti += 1
        if ti == len(toks):
            break
        tok = toks[ti]
        tok.bbox = BBox.union((tok.bbox, w.bbox))
        if w.conf is not None:
            tok.conf = w.conf if tok.conf is None else min(tok.conf, w.conf)
    return toks


def _collect(pages: Sequence[Page]) -> tuple[list[_Line], list[list[_Line]]]:
    lines: list[_Line] = []
    by_page: list[list[_Line]] = []
    offset = 0
    for pi, page in enumerate(pages):
        mine: list[_Line] = []
        for idx, line in enumerate(page.lines):
            if line.is_blank:
                continue
            ln = _Line(pi, idx, line.text, len(lines), offset)
            offset += len(line.text)
            ln.toks = _tokens(line.text, line.words)
            ln.prior = fp.match_line(line.text)
            ln.protected = bool(fp.PROTECTED.match(line.text))
            # Prose: several lower-case words, or a long line (cables are all capitals).
            ln.prose = fp.prose_words(line.text) >= 3 or len(ln.toks) >= 10
            hits = fp.find_spans(line.text)
            if hits:
                snapped = [(*_snap(ln.toks, h.start, h.end), h) for h in hits]
                rest = list(line.text)
                for a, b, _ in snapped:
                    rest[a:b] = " " * (b - a)
                absorb = "debris" if any(h.absorb == "debris" for h in hits) else "junk"
                if _absorbed("".join(rest), absorb) and ln.weight < STRONG:
                    # The stamp fills the line: the line is the stamp.
                    ln.prior = fp.Prior(hits[0].name, hits[0].kind, STRONG)
                else:
                    for a, b, h in snapped:
                        if ln.spans and a < ln.spans[-1].end:
                            continue  # snapped onto the same token as the stamp before it
                        ln.spans.append(_Span(a, b, h.kind, [f"pattern {h.name}"], STRONG))
                    ln.spans.extend(_banner_beside(line.text, ln.spans))
            if ln.prior is None or ln.prior.kind != BANNER:
                ln.tail = fp.banner_tail(line.text)
            if mine:
                ln.prev = mine[-1]
                mine[-1].next = ln
            mine.append(ln)
            lines.append(ln)
        by_page.append(mine)
    return lines, by_page


def _noise(ln: _Line, t: _Tok) -> bool:
    """A token that is no word: a speck, or one the OCR engine was unsure of."""
    return (t.conf is not None and t.conf < UNSURE_CONF) or fp.is_speck(ln.text[t.start : t.end])


def _unsure_words(ln: _Line) -> None:
    """Speckle beside furniture in a band, read as words the OCR engine was unsure of.

    * A line with no pattern may have one without the unsure words at its ends ("CONFIDENTIAL
      = =— sf. BLes ;"); only a stamp or banner counts (a lone number is too weak a guess).
    * A line holding a stamp whose other words are all specks or unsure ("of 1992 (44 Use nea
      Nong y Assassination Records Collection Act": a skewed stamp's two lines read as one) is
      the stamp.

    Plain specks are ``match_line``'s and ``_absorbed``'s own business.
    """
    toks = ln.toks
    if ln.prior is None and not ln.spans:
        i, j = 0, len(toks)
        while i < j and _noise(ln, toks[i]):
            i += 1
        while j > i and _noise(ln, toks[j - 1]):
            j -= 1
        dropped = toks[:i] + toks[j:]
        if i == j or not any(t.conf is not None and t.conf < UNSURE_CONF for t in dropped):
            return
        prior = fp.match_line(ln.text[toks[i].start : toks[j - 1].end])
        if prior is None or prior.weight < MEDIUM or prior.detail.startswith("rapidfuzz"):
            return
        detail = f"{prior.detail}, " if prior.detail else ""
        ln.prior = fp.Prior(prior.name, prior.kind, prior.weight, f"{detail}with unsure OCR words")
    elif ln.spans and ln.weight < STRONG:
        left = [t for t in toks if not any(s.start <= t.start and t.end <= s.end for s in ln.spans)]
        words = [t for t in left if _ALNUM.search(ln.text, t.start, t.end)]
        if left and len(words) <= 4 and all(_noise(ln, t) for t in left):
            first = ln.spans[0]
            if first.kind != BANNER:
                name = first.evidence[0].removeprefix("pattern ").removesuffix(" piece")
                ln.prior = fp.Prior(name, first.kind, STRONG, "with unsure OCR words")
                ln.spans = []


def _banner_beside(text: str, spans: list[_Span]) -> list[_Span]:
    """A banner sharing a line with a stamp ("Case#:NW 19836 Date: 12-15-2022 SECRET": OCR
    read the stamp's last line and the banner beside it as one line): when everything the
    stamps leave is banner words, those go too, as banner spans."""
    pieces: list[tuple[int, int]] = []
    pos = 0
    for a, b in [*sorted((sp.start, sp.end) for sp in spans), (len(text), len(text))]:
        m = _NONBLANK.search(text, pos, a) if a > pos else None
        if m:
            pieces.append(m.span())
        pos = max(pos, b)
    level = fp.banner_line_level(" ".join(text[a:b] for a, b in pieces)) if pieces else None
    if level is None:
        return []
    why = [f"pattern banner-line ({level})", "on one line with a stamp"]
    return [_Span(a, b, BANNER, list(why), MEDIUM + POSITION) for a, b in pieces]


def _snap(toks: list[_Tok], start: int, end: int) -> tuple[int, int]:
    """Widen a span to whole tokens, so every word is either kept or removed entire."""
    for t in toks:
        if t.start <= start < t.end:
            start = t.start
        if t.start < end <= t.end:
            end = t.end
    return start, end


_LONE_NUMBER = re.compile(r"\W*\d{1,3}\W*")
_ALNUM = re.compile(r"[^\W_]")
_NONBLANK = re.compile(r"\S(?:.*\S)?")


def _absorbed(rest: str, absorb: str) -> bool:
    if fp.is_junk(rest) and not any(c.isdigit() for c in rest):
        return True
    if _LONE_NUMBER.fullmatch(rest):
        return True  # a page number run into the stamp ("... Date: 11/04/2022 2")
    toks = rest.split()
    if len(toks) <= 3 and not fp.strip_specks(rest):
        return True  # scanner specks read as letters next to the stamp ("... Page 1 CS Lo")
    if absorb != "debris":
        return False
    # The stamp's own debris: a few tokens, no lower-case word, nothing of the cable header.
    return len(toks) <= 6 and fp.prose_words(rest) == 0 and not fp.PROTECTED.match(rest.strip())


def _positions(pages: Sequence[Page], by_page: list[list[_Line]], config: StripConfig) -> None:
    for page, mine in zip(pages, by_page, strict=True):
        if not mine:
            continue
        height = page.height
        boxed = bool(height) and any(t.bbox is not None for ln in mine for t in ln.toks)
        if boxed:
            assert height is not None
            for ln in mine:
                boxes = [t.bbox for t in ln.toks if t.bbox is not None]
                if not boxes:
                    continue
                top = min(b.top for b in boxes)
                bottom = max(b.bottom for b in boxes)
                if top < config.top_band * height:
                    ln.band = f"top band {100 * top / height:.0f}%"
                elif bottom > (1 - config.bottom_band) * height:
                    ln.band = f"bottom band {100 * bottom / height:.0f}%"
                if ln.band:
                    _unsure_words(ln)
            _rows(mine)
        else:
            for ln in mine:
                ln.edge_ok = True


# A row piece: a short line (at most this many tokens and characters) ...
ROW_PIECE_TOKENS = 4
ROW_PIECE_CHARS = 30


def _rows(mine: list[_Line]) -> None:
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
        and fp.prose_words(ln.text) <= 1
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
_DIGITS = re.compile(r"\d(?:[\s.,/:-]*\d)*")
_SPACES = re.compile(r"\s+")


def _repetition_key(text: str) -> str:
    """Upper case, every run of digits (letter-spaced or not) masked as one '#'."""
    return _SPACES.sub(" ", _DIGITS.sub("#", text.upper())).strip()


def _repetition(pages: Sequence[Page], by_page: list[list[_Line]], config: StripConfig) -> None:
    n = len(pages)
    if n < 2:
        return
    cands: list[_Line] = []
    for mine in by_page:
        k = config.edge_lines
        chosen = {id(ln): ln for ln in (*mine[:k], *mine[-k:])}
        chosen.update({id(ln): ln for ln in mine if ln.band})
        # With digits masked every number looks alike ("204-97852", "1800" -> "#"): a line needs
        # some letters for its repetition to mean anything. Numbers have the page sequence.
        cands.extend(ln for ln in chosen.values() if len(_LETTERS.findall(ln.text)) >= 3)
    if len(cands) < 2:
        return
    keys = [_repetition_key(ln.text) for ln in cands]
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


def _recurrence(lines: list[_Line]) -> None:
    """A stamp piece seen three times or more in one document (the "13-00000" scan mark and
    the RIF number at the top of every page of a JFK text file) is repeated furniture, even where
    the text has no page breaks to compare across. Banners are left out: a lone "SECRET" can be
    a form's value, and banners have page breaks around them to go by."""
    counts: dict[str, list[_Line]] = {}
    for ln in lines:
        weak = ln.prior is not None and ln.prior.weight < STRONG
        if weak and ln.prior.kind not in (BANNER, JUNK, PAGE_NUMBER) and not ln.repeat:
            counts.setdefault(_repetition_key(ln.text), []).append(ln)
    for same in counts.values():
        if len(same) >= 3:
            for ln in same:
                ln.repeat = f"seen {len(same)} times in the document"


_PAGE_LABEL = re.compile(r"^\W*PAGE\s*:?$", re.I)


def _sequence(lines: list[_Line]) -> None:
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
    chain: list[_Line] = []
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


def _anchor(other: _Line | None, ln: _Line, side: str) -> bool:
    """Does the neighbour ``other`` make ``ln`` sit among furniture?

    Only furniture of some weight counts: a stamp, a banner, a repeated line, or a span cut off
    the facing end of the neighbour. A lone number or a junk line does not pass its evidence on,
    or a column of numbers (a table of contents) would fall one after another.
    """
    if other is None:
        return False
    if other.furniture:
        return other.weight >= MEDIUM or other.kind == REPEATED
    if other.weight >= MEDIUM and ln.weight >= MEDIUM and not other.protected:
        # Two stamp or banner lines side by side back each other up; two banners naming
        # different levels are a form's check-box row ("CONFIDENTIAL" / "SECRET"), not banners.
        return not (
            other.prior
            and ln.prior
            and other.prior.kind == ln.prior.kind == BANNER
            and other.prior.detail != ln.prior.detail
        )
    return other.span_at_end() if side == "prev" else other.span_at_start()


def _at_edge(ln: _Line) -> str:
    """Only furniture between the line and the top or bottom of its page (text input)."""
    if not ln.edge_ok:
        return ""
    above = ln.prev
    while above is not None and above.furniture:
        above = above.prev
    if above is None:
        return "top of page" if ln.prev is None else "top of page, below furniture"
    below = ln.next
    while below is not None and below.furniture:
        below = below.next
    if below is None:
        return "bottom of page" if ln.next is None else "bottom of page, above furniture"
    return ""


def _position(ln: _Line) -> str:
    if ln.in_column:
        # One of a column of numbers (a table of contents): where it sits says nothing; a page
        # number is not printed next to another lone number.
        return ""
    if ln.band:
        return ln.band
    edge = _at_edge(ln)
    if edge:
        return edge
    if _anchor(ln.prev, ln, "prev"):
        assert ln.prev is not None
        return f"next to furniture line {ln.prev.idx}"
    if _anchor(ln.next, ln, "next"):
        assert ln.next is not None
        return f"next to furniture line {ln.next.idx}"
    return ""


def _running_head_position(ln: _Line) -> str:
    """Band or page edge, for a line that is a paragraph of its own (blank lines, furniture or
    the page edge above and below it)."""
    up, down = ln.prev, ln.next
    alone = (up is None or up.furniture or ln.idx - up.idx > 1) and (
        down is None or down.furniture or down.idx - ln.idx > 1
    )
    return (ln.band or _at_edge(ln)) if alone else ""


def _score(ln: _Line) -> tuple[float, list[str]]:
    prior = ln.prior
    if prior is None and not ln.repeat:
        return 0.0, []
    if ln.protected and ln.weight < STRONG:
        return 0.0, []
    if ln.value:
        return 0.0, []
    score = 0.0
    why: list[str] = []
    if prior:
        score += prior.weight
        why.append(f"pattern {prior.name}" + (f" ({prior.detail})" if prior.detail else ""))
    # A running head is at the page edge itself, a paragraph of its own; a line with no pattern
    # gets no position from its neighbours (the first body line under a banner is not furniture)
    # and none inside a paragraph (a form letter's last line repeats on every page too).
    where = _position(ln) if prior else _running_head_position(ln)
    if where:
        score += POSITION
        why.append(where)
    if ln.repeat:
        score += REPETITION
        why.append(ln.repeat)
    if ln.sequence:
        score += ln.sequence
        why.append(ln.sequence_note)
    if prior is None and ln.prose:
        score -= PROSE
        why.append("reads like a sentence")
    return score, why


def _removed_kind(ln: _Line, k: int) -> str:
    """The furniture kind token ``k`` of a line is removed as, or ""."""
    if ln.furniture:
        strong = ln.weight >= MEDIUM or ln.kind == REPEATED
        return ln.kind if strong else ""
    t = ln.toks[k]
    for s in ln.spans:
        if s.decided and s.start <= t.start and t.end <= s.end:
            return s.kind
    return ""


def _row_evidence(ln: _Line) -> tuple[str, str]:
    """(kind, evidence) when the line is a piece of a removed line's printed row."""
    for other, k in ln.row:
        kind = _removed_kind(other, k)
        if kind:
            return kind, f"on the printed row of furniture line {other.idx} (OCR split the row)"
    return "", ""


def _decide(lines: list[_Line], config: StripConfig) -> None:
    for ln in lines:
        for s in ln.spans:
            s.decided = True
    # Furniture makes its neighbours' position evidence: repeat until nothing changes. Each pass
    # can only add furniture, so this ends; passes alternate direction so that evidence travels
    # down a page and up it alike, and two or three passes settle it.
    changed = True
    order = lines
    while changed:
        changed = False
        for ln in order:
            if ln.furniture:
                continue
            score, why = _score(ln)
            if score >= config.threshold:
                ln.furniture, ln.score, ln.evidence = True, score, why
                ln.kind = ln.prior.kind if ln.prior else REPEATED
                changed = True
                continue
            if ln.row and not ln.spans:
                kind, where = _row_evidence(ln)
                if kind:
                    ln.furniture, ln.score, ln.kind = True, ROW, kind
                    ln.evidence = [where, ln.band]
                    changed = True
                    continue
            tail = ln.tail
            if tail is None or any(s.start < tail.end and tail.start < s.end for s in ln.spans):
                continue
            where = _position(ln)
            if tail.words >= 2 or where:
                why = [f"banner {tail.level} at end of paragraph"]
                why.append("doubled banner" if tail.words >= 2 else where)
                ln.spans.append(_Span(tail.start, tail.end, BANNER, why, MEDIUM + POSITION, True))
                ln.tail = None
                changed = True
        order = order[::-1]
    # A piece of a stamp's row that also repeats from page to page is a piece of the stamp.
    for ln in lines:
        if ln.furniture and ln.kind == REPEATED and ln.row:
            kind, where = _row_evidence(ln)
            if kind:
                ln.kind = kind
                ln.evidence.append(where)


def _removals(
    pages: Sequence[Page], lines: list[_Line], config: StripConfig
) -> tuple[Removal, ...]:
    out: list[Removal] = []
    for ln in lines:
        number = pages[ln.page].number
        if ln.furniture:
            if ln.kind not in config.keep_kinds:
                out.append(
                    Removal(
                        number,
                        ln.idx,
                        0,
                        len(ln.text),
                        ln.text,
                        ln.kind,
                        tuple(ln.evidence),
                        ln.score,
                        _box(ln, 0, len(ln.text)),
                    )
                )
            continue
        for s in sorted(ln.spans, key=lambda s: s.start):
            if s.kind in config.keep_kinds:
                continue
            out.append(
                Removal(
                    number,
                    ln.idx,
                    s.start,
                    s.end,
                    ln.text[s.start : s.end],
                    s.kind,
                    tuple(s.evidence),
                    s.score,
                    _box(ln, s.start, s.end),
                )
            )
    return tuple(out)


def _box(ln: _Line, start: int, end: int) -> BBox | None:
    return BBox.union(t.bbox for t in ln.toks if t.start < end and start < t.end)


# ---------------------------------------------------------------------------------------------
# Metadata


def _field(
    pages: Sequence[Page], ln: _Line, value: str | tuple[str, ...], start: int, end: int
) -> Field:
    return Field(value, pages[ln.page].number, ln.idx, start, end, _box(ln, start, end))


def _furniture_texts(ln: _Line) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the furniture found in a line, kept or not."""
    if ln.furniture:
        return [(0, len(ln.text), ln.kind)]
    return [(s.start, s.end, s.kind) for s in ln.spans if s.decided]


def _fields(pages: Sequence[Page], lines: list[_Line]) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    codes: list[str] = []
    codes_at: Field | None = None
    top: tuple[int, Field] | None = None
    for ln in lines:
        pieces = _furniture_texts(ln)
        for start, end, kind in pieces:
            part = ln.text[start:end]
            if kind in (BANNER, TELETYPE_HEADER):
                level = _level_in(part)
                if level is None and ln.furniture and ln.prior and ln.prior.detail in fp.LEVELS:
                    level = ln.prior.detail  # read by the pattern through OCR damage
                if level and (top is None or fp.level_rank(level) > top[0]):
                    top = (fp.level_rank(level), _field(pages, ln, level, start, end))
            if kind != RELEASE_STAMP:
                continue
            for name, regexes in fp.RELEASE_FIELDS.items():
                if name in fields:
                    continue
                for rx in regexes:
                    m = rx.search(part)
                    if m:
                        gi = next(g for g in range(1, (m.lastindex or 0) + 1) if m.group(g))
                        value = _SPACES.sub(" ", m.group(gi))
                        if name == "release_decision":
                            value = "RELEASE IN " + value.rsplit(None, 1)[-1]
                        fields[name] = _field(
                            pages, ln, value, start + m.start(gi), start + m.end(gi)
                        )
                        break
            # Exemptions are read from a RELEASE IN PART stamp or the stamp's own second line.
            second_line = ln.prior is not None and ln.prior.name == "state-release-exemptions"
            if second_line or re.search(r"[I1l|!]N\s+PART\b", part):
                for code, s, e in fp.exemptions(part):
                    if code not in codes:
                        codes.append(code)
                        if codes_at is None:
                            codes_at = _field(pages, ln, (), start + s, start + e)
        if ln.furniture:
            continue
        kept = _kept_text(ln)
        if ":" not in kept:
            continue  # every cable field is "KEY: value"
        for name, regexes in fp.CABLE_FIELDS.items():
            if name in fields:
                continue
            for rx in regexes:
                m = rx.search(kept)
                if m:
                    fields[name] = _field(pages, ln, m.group(1).strip(), m.start(1), m.end(1))
                    break
    if top is not None:
        fields["classification"] = top[1]
    if codes and codes_at is not None:
        fields["exemptions"] = Field(
            tuple(codes), codes_at.page, codes_at.line, codes_at.start, codes_at.end, codes_at.bbox
        )
    return dict(sorted(fields.items()))


def _level_in(text: str) -> str | None:
    level = fp.banner_line_level(text)
    if level:
        return level
    m = re.match(r"\W*(TOP\s+SECRET|SECRET|CONFIDENTIAL|LIMITED\s+OFFICIAL\s+USE|UNCLAS)", text)
    if not m:
        return None
    word = _SPACES.sub(" ", m.group(1))
    return "UNCLASSIFIED" if word == "UNCLAS" else word


def _kept_text(ln: _Line) -> str:
    """The line with its removed spans blanked out (offsets unchanged)."""
    chars = list(ln.text)
    for s in ln.spans:
        if s.decided:
            chars[s.start : s.end] = " " * (s.end - s.start)
    return "".join(chars)


# ---------------------------------------------------------------------------------------------
# Rejoin and reflow


@dataclass(slots=True)
class _Out:
    """The kept part of one source line: its text and its words, each
    ``[start, end, page, line, bbox, conf]`` with offsets into ``text`` (lists: cheap to shift)."""

    text: str
    words: list[list[Any]]
    tab: bool


def _kept_line(page_number: int, ln: _Line, removed: list[_Span]) -> _Out:
    cuts = sorted((s.start, s.end) for s in removed)
    ranges: list[tuple[int, int]] = []
    pos = 0
    for a, b in cuts:
        if a > pos:
            ranges.append((pos, a))
        pos = max(pos, b)
    if pos < len(ln.text):
        ranges.append((pos, len(ln.text)))
    parts: list[str] = []
    words: list[list[Any]] = []
    out_len = 0
    for a, b in ranges:
        seg = ln.text[a:b]
        lead = len(seg) - len(seg.lstrip())
        seg = seg.strip()
        if not seg:
            continue
        if parts:
            out_len += 1  # one space where a span was cut out
        base = out_len - (a + lead)
        for t in ln.toks:
            if a <= t.start and t.end <= b:
                words.append([t.start + base, t.end + base, page_number, ln.idx, t.bbox, t.conf])
        parts.append(seg)
        out_len += len(seg)
    text = " ".join(parts)
    return _Out(text, words, "\t" in text)


_TERMINAL_END = re.compile(r"[.!?:;][\"')\]”’]*$")
_HYPHEN_END = re.compile(r"[A-Za-z]-$")
# Prefixes that keep their hyphen before a lower-case word (self-evident, non-aligned ...).
HYPHEN_PREFIXES = frozenset(
    {
        *("self", "non", "ex", "co", "mid", "well", "all", "half", "quasi", "cross", "vice"),
        *("anti", "pro", "post", "pre", "semi", "multi"),
    }
)


def _hyphen_join(prefix: str, suffix: str, vocab: set[str]) -> bool:
    """Keep the hyphen of ``prefix-`` / ``suffix`` (True) or undo the line-end hyphenation?

    No dictionary is available in this stage, so the rules are simple and explainable:
    a capital or digit after the break keeps it (Nagorno-Karabakh, mid-September, 1990-91), and
    so do the usual hyphenating prefixes (self-, non-, co- ...); otherwise the document itself
    decides (the joined word or the hyphenated form found elsewhere in it); failing that the
    hyphen goes, since a line-end hyphen before a lower-case letter is nearly always a break.
    """
    stem = prefix[:-1]
    head = re.sub(r"\W+$", "", suffix)
    if not head or not head[0].isalpha() or head[0].isupper():
        return True
    word = re.sub(r"^\W+", "", stem).lower()
    if word in HYPHEN_PREFIXES:
        return True
    if (word + head.lower()) in vocab:
        return False
    return f"{word}-{head.lower()}" in vocab


def _is_full(text: str, width: int | None, share: float = 0.75) -> bool:
    """Does the line run (nearly) to the right margin, i.e. was it wrapped?"""
    return width is not None and len(text) >= share * width


def _header_like(text: str, width: int | None) -> bool:
    if "\t" in text:
        return True
    if _is_full(text, width):
        return False
    return bool(fp.PROTECTED.match(text) or fp.LIST_START.match(text)) or len(text.split()) < 4


def _join_kind(a: _Out, b: _Out, width: int | None, broken: bool, vocab: set[str]) -> str:
    """How line ``b`` follows line ``a``: "hyphen", "keep-hyphen", "space" or "" (a new line).

    ``broken``: furniture or a page boundary stood between them (a page break).
    """
    if a.tab or b.tab or fp.PROTECTED.match(b.text):
        return ""  # the telegram form, and the cable's own header lines and portion marks
    ends_sentence = bool(_TERMINAL_END.search(a.text))
    header = _header_like(a.text, width)
    mid_sentence = not ends_sentence and not header
    if fp.LIST_START.match(b.text) and not (
        # In capitals "FOLLOWS: 1. MONDAY'S" or "JUNE" / "12. YY" look like a header or a
        # numbered paragraph; after a line that stopped mid-sentence they carry it on.
        mid_sentence and (_is_full(a.text, width) or (broken and len(a.text.split()) >= 6))
    ):
        return ""
    if broken and header:
        return ""
    if broken and ends_sentence and not _is_full(a.text, width, 0.9):
        # A page that ends on a full line ending a sentence may go on with the same paragraph;
        # one that ends on a shorter line ended its paragraph there.
        return ""
    if _HYPHEN_END.search(a.text) and b.text[:1].isalpha():  # "negoti-", not "--"
        last = a.text.rsplit(None, 1)[-1]
        return "keep-hyphen" if _hyphen_join(last, b.text.split(None, 1)[0], vocab) else "hyphen"
    if b.text[:1].islower() and not ends_sentence:
        return "space"
    if broken:
        return "space" if len(a.text.split()) >= 6 or _is_full(a.text, width) else ""
    if header:
        return ""
    return "space" if _is_full(a.text, width) else ""


def _vocab(outs: list[_Out]) -> set[str]:
    """The document's own words, for deciding line-end hyphens."""
    return {w.strip(_PUNCT).lower() for o in outs for w in o.text.split()}


_PUNCT = "!\"#$%&'()*+,./:;<=>?@[\\]^_`{|}~“”‘’«»…•·"  # not "-": "mid-September" stays whole


def _typical_width(outs_in_blocks: list[list[_Out]]) -> int | None:
    """The printed line width: the 90th percentile of the kept lines' lengths (in text whose
    lines are whole paragraphs, like the seed, that is a paragraph's length: nothing is full)."""
    lengths = sorted(len(o.text) for block in outs_in_blocks for o in block)
    if len(lengths) < 3:
        return None
    return lengths[min(len(lengths) - 1, int(0.9 * len(lengths)))]


def _assemble(
    pages: Sequence[Page], lines: list[_Line], config: StripConfig
) -> tuple[str, tuple[WordSpan, ...]]:
    by_key = {(ln.page, ln.idx): ln for ln in lines}
    # The document as a stream: kept lines, blank lines (paragraph breaks) and breaks (removed
    # furniture or a page boundary: where a paragraph may have been cut).
    stream: list[_Out | str] = []
    for pi, page in enumerate(pages):
        if pi:
            stream.append("page")
        for idx in range(len(page.lines)):
            ln = by_key.get((pi, idx))
            if ln is None:
                stream.append("blank")
                continue
            if ln.furniture and ln.kind not in config.keep_kinds:
                stream.append("break")
                continue
            removed = (
                []
                if ln.furniture
                else [s for s in ln.spans if s.decided and s.kind not in config.keep_kinds]
            )
            out = _kept_line(page.number, ln, removed)
            stream.append(out if out.text else "break")
    outs = [o for o in stream if isinstance(o, _Out)]
    blocks: list[list[_Out]] = [[]]
    for item in stream:
        if isinstance(item, _Out):
            blocks[-1].append(item)
        elif blocks[-1]:
            blocks.append([])
    width = _typical_width(blocks)
    vocab = _vocab(outs)

    text_parts: list[str] = []
    words: list[list[Any]] = []
    length = 0
    prev: _Out | None = None
    seen: set[str] = set()
    for item in stream:
        if isinstance(item, str):
            seen.add(item)
            continue
        shift = length
        if prev is not None:
            broken = bool(seen & {"break", "page"})
            # A blank line with nothing removed around it is the document's own paragraph break.
            how = (
                ""
                if "blank" in seen and not broken
                else _join_kind(prev, item, width, broken, vocab)
            )
            if how in ("hyphen", "keep-hyphen"):
                if how == "hyphen":
                    text_parts[-1] = text_parts[-1][:-1]
                    length -= 1
                    words[-1][1] -= 1
                shift = length
                first = item.words[0] if item.words else None
                if first is not None and words:
                    # One word from two pieces: first piece's line, both boxes, the lower conf.
                    last = words[-1]
                    last[1] = first[1] + shift
                    if last[2] == first[2]:
                        last[4] = BBox.union((last[4], first[4]))
                    if first[5] is not None:
                        last[5] = first[5] if last[5] is None else min(last[5], first[5])
                    rest = item.words[1:]
                else:
                    rest = item.words
            else:
                sep = " " if how == "space" else ("\n\n" if seen & {"blank", "page"} else "\n")
                text_parts.append(sep)
                length += len(sep)
                shift = length
                rest = item.words
        else:
            rest = item.words
        for w in rest:
            w[0] += shift
            w[1] += shift
        words.extend(rest)
        text_parts.append(item.text)
        length += len(item.text)
        prev = item
        seen = set()
    text = "".join(text_parts)
    spans = tuple(WordSpan(*w) for w in words)
    return text, spans
