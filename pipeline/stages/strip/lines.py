"""The working model of a document: its non-blank lines, their tokens and what patterns say.

``collect`` turns the ``Page`` records into ``WorkLine``s (one per non-blank line, linked to
their neighbours on the page), each with its tokens (``core.text.TOKEN`` over ``Line.text``, the
OCR words' boxes and confidences mapped onto them), its whole-line prior (``patterns.match``),
the strong stamps found inside it (as spans snapped to whole tokens) and a banner run at its end.
Every later step (evidence, decision, fields, reflow) reads and annotates these records.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.core.enums import FurnitureKind
from pipeline.core.records import BBox, Line, Page, is_manual_mark
from pipeline.core.text import TOKEN
from pipeline.stages.strip.config import MEDIUM, POSITION, STRONG
from pipeline.stages.strip.patterns.banners import BannerSpan, banner_line_level, banner_tail
from pipeline.stages.strip.patterns.base import Prior, SpanHit
from pipeline.stages.strip.patterns.body import PROTECTED, in_sentence, prose_words
from pipeline.stages.strip.patterns.capco import portion_mark
from pipeline.stages.strip.patterns.junk import is_junk, strip_specks
from pipeline.stages.strip.patterns.match import find_spans, match_line
from pipeline.stages.strip.patterns.report_form import caption_end

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Tok:
    """One token of a line: character offsets into the line's text, and the box (page pixels)
    and lowest confidence (0-100) of the OCR words inside it (None for text input)."""

    start: int
    end: int
    bbox: BBox | None
    conf: float | None


@dataclass(slots=True)
class Span:
    """A piece of a line removed on its own (a stamp inside the line, a banner at its end):
    character offsets, kind, evidence and score; ``decided`` once the decision has taken it."""

    start: int
    end: int
    kind: str
    evidence: list[str]
    score: float
    decided: bool = False
    # Text put in the span's place (the ``[REDACTED]`` mark of a redaction box; "" for none),
    # and the box it stands for (page pixels).
    mark: str = ""
    bbox: BBox | None = None


@dataclass(slots=True, eq=False)
class WorkLine:
    """One non-blank source line and everything the stage finds out about it, filled in step by
    step: its prior and spans here, its position, repetition and sequence (``evidence``), and
    the decision (``decide``: ``furniture``, ``kind``, ``evidence``, ``score``)."""

    page: int  # index into pages
    idx: int  # index into Page.lines
    text: str
    order: int  # position among the document's non-blank lines
    offset: int  # characters of non-blank text before this line in the document
    toks: list[Tok] = field(default_factory=list)
    prior: Prior | None = None
    spans: list[Span] = field(default_factory=list)  # strong stamps inside the line
    tail: BannerSpan | None = None  # banner run at the end, needs evidence
    protected: bool = False
    prose: bool = False
    # A short line no pattern knows that is no sentence: noise, a stamp's debris, a handwritten
    # number; it may lie in a page's band of furniture (``decide._at_edge``).
    slight: bool = False
    band: str = ""
    edge_ok: bool = False  # no boxes on this page: the text's first and last lines are the edges
    # A banner outside the bands that is its boxed page's first or last line, centred and set
    # apart: its position (``edge_banners``).
    edge: str = ""
    repeat: str = ""
    in_column: bool = False  # a lone number next to another lone number
    value: bool = False  # a lone number right under a form label ("PAGES:" / "17")
    # A classification level that is a form's value: under its field, among check boxes.
    form_level: bool = False
    # The last line of NARA's identification form (its "COMMENTS :" field and the field's
    # wrapped rest): the record's first page starts under it (``form_evidence.id_form_ends``).
    form_end: bool = False
    # Another line of a form's check-box menu nearby ("check-box column with line 12").
    form: str = ""
    # A banner line beside a cable's header or trailer line ("beside the cable's header line 14").
    cable: str = ""
    sequence: float = 0.0
    sequence_note: str = ""
    prev: WorkLine | None = None
    next: WorkLine | None = None
    # (line, token index) of the words that continue this short line's printed row in another
    # OCR line of the page (see ``evidence._rows``).
    row: list[tuple[WorkLine, int]] = field(default_factory=list)
    furniture: bool = False
    kind: str = ""
    evidence: list[str] = field(default_factory=list)
    score: float = 0.0

    @property
    def weight(self) -> float:
        """The prior's pattern weight, 0 for a line no pattern matched."""
        return self.prior.weight if self.prior else 0.0

    def span_at_start(self) -> bool:
        """A removed span of furniture starts the line (only space before it)."""
        return any(
            s.decided and not s.mark and not self.text[: s.start].strip() for s in self.spans
        )

    def span_at_end(self) -> bool:
        """A removed span of furniture ends the line (only space after it)."""
        return any(s.decided and not s.mark and not self.text[s.end :].strip() for s in self.spans)

    def redacted(self) -> bool:
        """All the line's words are OCR noise inside a redaction box: no furniture to judge."""
        marked = [s for s in self.spans if s.mark]
        return bool(marked) and all(
            any(s.start <= t.start and t.end <= s.end for s in marked) for t in self.toks
        )


def line_tokens(line_text: str, words: Sequence[Any]) -> list[Tok]:
    """The line's whitespace-separated tokens (``Line.text`` is authoritative), each carrying the
    box and confidence of the OCR words found inside it.

    ``words``: the line's OCR words (``Word``: ``text``, ``bbox``, ``conf``), in reading order;
    a word whose text is not found in the line is logged and its box dropped. Without boxes or
    confidences the tokens carry None.
    """
    toks = [Tok(m.start(), m.end(), None, None) for m in TOKEN.finditer(line_text)]
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


# What may stand before a paragraph's portion mark: a speck or two, a paragraph's number.
_BEFORE_PORTION = re.compile(r"[^\w(\[{]{0,3}(?:\d{1,2}\.\s*)?")


def protected(text: str) -> bool:
    """Does the line open with the cable's own header or a paragraph's marking (``PROTECTED``),
    or with a portion mark in the register's format (``capco.portion_mark``: "(U//FOUO) The
    meeting", "2. (S//NF) The source", "(TS//SI//REL TO USA, FVEY) Collection")?

    >>> protected("(U//FOUO) The meeting was held."), protected("3. (C) The talks")
    (True, True)
    >>> protected("(see below) the talks"), protected("The (S//NF) report")
    (False, False)
    """
    if PROTECTED.match(text):
        return True
    lead = _BEFORE_PORTION.match(text)
    return portion_mark(text[lead.end() if lead else 0 :]) is not None


# A list item's small letter in brackets ("(a) your identity as an intelligence officer"): the
# portion-marking start of ``PROTECTED`` takes it too, but a portion marking is in capitals.
_ITEM_LETTER = re.compile(r"\W{0,3}\(\s*[a-z]\s*\)\s+\S")


def _printed_item(prior: Prior | None, text: str) -> bool:
    """Is a line ``PROTECTED`` would keep only for its list letter a printed notice's or form's
    wording, read whole (prior ``printed-notice``: the wording's words covering the line, no
    answer typed into it)? A form prints its questions' items so: "(a) your identity as an
    intelligence officer or employee," (2022 104-10110-10306 lines 50-51, the CIA outline
    questionnaire of ``form_wording``, bench/furniture/jfk-prose, dev). A body list item reads
    as no form's wording, and stays protected."""
    return prior is not None and prior.name == "printed-notice" and bool(_ITEM_LETTER.match(text))


def collect(pages: Sequence[Page]) -> tuple[list[WorkLine], list[list[WorkLine]]]:
    """The document's non-blank lines, in order and grouped by page (same objects in both).

    Each line gets its tokens, its whole-line prior (``match_line``), whether it is part of the
    cable's own header (``PROTECTED``) or reads like prose, the strong stamps inside it (spans
    snapped to whole tokens; a stamp that fills the line makes the line the stamp) and a banner
    run at its end. Blank lines are left out; ``WorkLine.idx`` keeps the index into
    ``Page.lines``.
    """
    lines: list[WorkLine] = []
    by_page: list[list[WorkLine]] = []
    offset = 0
    for pi, page in enumerate(pages):
        mine: list[WorkLine] = []
        for idx, line in enumerate(page.lines):
            if line.is_blank:
                continue
            ln = WorkLine(pi, idx, line.text, len(lines), offset)
            offset += len(line.text)
            ln.toks = line_tokens(line.text, line.words)
            # A flagged page's placeholder (``manual_mark``) is ours, not the page's: never
            # furniture, nor a stamp inside it.
            mark = is_manual_mark(line.text)
            ln.prior = None if mark else match_line(line.text)
            ln.protected = mark or (protected(line.text) and not _printed_item(ln.prior, line.text))
            # Prose: several lower-case words, or a long line (cables are all capitals).
            ln.prose = prose_words(line.text) >= 3 or len(ln.toks) >= 10
            hits = [] if mark else _stamps_apart(find_spans(line.text), page.lines, idx)
            if hits:
                snapped = [(*_snap(ln.toks, h.start, h.end), h) for h in hits]
                rest = list(line.text)
                for a, b, _ in snapped:
                    rest[a:b] = " " * (b - a)
                absorb = "debris" if any(h.absorb == "debris" for h in hits) else "junk"
                weight = max(h.weight for h in hits)
                if _absorbed("".join(rest), absorb) and ln.weight < STRONG:
                    # The stamp fills the line: the line is the stamp (a piece of one that needs
                    # more evidence keeps a stronger whole-line pattern it has).
                    if weight > ln.weight:
                        ln.prior = Prior(hits[0].name, hits[0].kind, weight)
                else:
                    for a, b, h in snapped:
                        if h.weight < STRONG:
                            continue  # a piece of a stamp inside other text: no evidence alone
                        if ln.spans and a < ln.spans[-1].end:
                            continue  # snapped onto the same token as the stamp before it
                        ln.spans.append(Span(a, b, h.kind, [f"pattern {h.name}"], STRONG))
                    ln.spans.extend(_banner_beside(line.text, ln.spans))
            if ln.prior is not None and ln.prior.name == "report-caption":
                _caption_beside_name(ln)
            if ln.prior is None or ln.prior.kind != FurnitureKind.BANNER:
                ln.tail = banner_tail(line.text)
            unknown = ln.prior is None or ln.prior.kind == FurnitureKind.JUNK
            ln.slight = unknown and not ln.protected and not ln.spans and slight(line.text)
            if mine:
                ln.prev = mine[-1]
                mine[-1].next = ln
            mine.append(ln)
            lines.append(ln)
        by_page.append(mine)
    return lines, by_page


# A slight line: at most this many characters ...
SLIGHT_CHARS = 30
_WORDLIKE = re.compile(r"[A-Za-z][a-z]{2,}[,.;:]?|[A-Z]{3,}[,.;:]?")


def slight(text: str) -> bool:
    """A short line that reads as no text (whether a pattern knows it is the caller's
    question): at most ``SLIGHT_CHARS`` characters, at most one lower-case word, and either one
    or two tokens or fewer word-like tokens (letters only, three or more) than others.

    >>> slight("( - + C [Eseouiva 5"), slight("ser"), slight("XQ-77 8813")
    (True, True, True)
    >>> slight("the new ambassador."), slight("Director of Central Intelligence")
    (False, False)
    """
    stripped = text.strip()
    if not stripped or len(stripped) > SLIGHT_CHARS or prose_words(stripped) > 1:
        return False
    toks = stripped.split()
    if len(toks) <= 2:
        return True
    return 2 * sum(1 for t in toks if _WORDLIKE.fullmatch(t)) < len(toks)


# The evidence of the report form's printed caption cut off a name stamped beside it.
CAPTION_SPAN = "pattern report-caption (printed caption)"


def _caption_beside_name(ln: WorkLine) -> None:
    """The report form's caption with a name stamped after it on its line ("CLASSIFICATION —
    DISSEMINATION CONTROLS —DINGEMAN"): the caption goes as a span and the name, a reader
    on the report's distribution, stays (``report_form.caption_end``)."""
    assert ln.prior is not None
    end = caption_end(ln.text)
    if end is None:
        return
    why = [CAPTION_SPAN, "a name stamped beside it stays"]
    ln.spans.append(Span(0, end, FurnitureKind.FORM, why, ln.prior.weight))
    ln.prior = None


def _neighbour(lines: Sequence[Line], idx: int) -> str:
    return lines[idx].text if 0 <= idx < len(lines) else ""


def _stamps_apart(hits: list[SpanHit], lines: Sequence[Line], idx: int) -> list[SpanHit]:
    """The hits without a stamp's bare phrase that sits inside a sentence ("THE GOVERNMENT WILL
    RELEASE IN FULL THE NAMES ..."): that is the document's text (``body.in_sentence``). Other
    stamps on the line are cut out of its neighbouring words first."""
    if not any(h.phrase for h in hits):
        return hits
    text = lines[idx].text
    kept = []
    for i, h in enumerate(hits):
        if h.phrase:
            lo = hits[i - 1].end if i else 0
            hi = hits[i + 1].start if i + 1 < len(hits) else len(text)
            before, after = text[lo : h.start], text[h.end : hi]
            prev, nxt = _neighbour(lines, idx - 1), _neighbour(lines, idx + 1)
            closes = bool(_SENTENCE_END.search(text[h.start : h.end]))
            if in_sentence(before, after, prev, nxt, closes):
                log.debug("%r in a sentence: body text", text[h.start : h.end])
                continue
        kept.append(h)
    return kept


def _banner_beside(text: str, spans: list[Span]) -> list[Span]:
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
    level = banner_line_level(" ".join(text[a:b] for a, b in pieces)) if pieces else None
    if level is None:
        return []
    why = [f"pattern banner-line ({level})", "on one line with a stamp"]
    return [Span(a, b, FurnitureKind.BANNER, list(why), MEDIUM + POSITION) for a, b in pieces]


def _snap(toks: list[Tok], start: int, end: int) -> tuple[int, int]:
    """Widen a span to whole tokens, so every word is either kept or removed entire.

    >>> toks = [Tok(0, 6, None, None), Tok(7, 12, None, None)]  # "FIED:U U.S.D"
    >>> _snap(toks, 4, 9)
    (0, 12)
    """
    for t in toks:
        if t.start <= start < t.end:
            start = t.start
        if t.start < end <= t.end:
            end = t.end
    return start, end


_LONE_NUMBER = re.compile(r"\W*\d{1,3}\W*")
# A phrase whose span ends with a sentence's full stop (``in_sentence``'s ``closes``).
_SENTENCE_END = re.compile(r"[^\W_][.!?][\"')\]”’]*\s*$")
_NONBLANK = re.compile(r"\S(?:.*\S)?")


def _absorbed(rest: str, absorb: str) -> bool:
    """Is what the stamps leave of a line (``rest``, stamps blanked) the stamp's own debris?

    Then the line is the stamp. ``absorb`` is the stamp's ``SpanPattern.absorb``.

    >>> _absorbed(" ; ' ", "junk"), _absorbed(" 2", "junk"), _absorbed(" i oe a", "junk")
    (True, True, True)
    >>> _absorbed("FLI BUTT INBB64 1", "junk"), _absorbed("FLI BUTT INBB64 1", "debris")
    (False, True)
    >>> _absorbed("TAGS: PREL", "debris"), _absorbed("the minister said", "debris")
    (False, False)
    """
    if is_junk(rest) and not any(c.isdigit() for c in rest):
        return True
    if _LONE_NUMBER.fullmatch(rest):
        return True  # a page number run into the stamp ("... Date: 11/04/2022 2")
    toks = rest.split()
    if len(toks) <= 3 and not strip_specks(rest):
        return True  # scanner specks read as letters next to the stamp ("... Page 1 CS Lo")
    if absorb != "debris":
        return False
    # The stamp's own debris: a few tokens, no lower-case word, nothing of the cable header.
    return len(toks) <= 6 and prose_words(rest) == 0 and not protected(rest.strip())


def box(ln: WorkLine, start: int, end: int) -> BBox | None:
    """The union of the boxes of the line's tokens that overlap ``[start, end)`` (None without
    boxes)."""
    return BBox.union(t.bbox for t in ln.toks if t.start < end and start < t.end)
