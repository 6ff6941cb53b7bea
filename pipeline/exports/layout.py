"""The final words of a document put back on its pages: what every export draws from.

The stages hand on the OCR pages (lines, words, boxes), the stripped text with one ``WordSpan``
per kept word (its page, line, box and confidence), the removed furniture (``Removal``: page,
line, character span, kind) and the correction records (spans in the stripped text; the ones
whose decision ``changes_text`` are in ``clean.txt``). ``final_pages`` walks every page line's
tokens and says for each what the final text reads there, what OCR read, and whether it is
furniture — so the searchable PDF, ALTO and hOCR all carry the same words on the same boxes.

A word broken at a line end and rejoined by the strip stage ("negoti-" / "ations") stays two
words on the page (``hyphen`` 1 and 2, ``whole`` the rejoined final word); a correction that
merges two tokens ("negoti ations" → "negotiations") makes one word over both boxes. A
redaction box is one ``[REDACTED]`` word on the box (``redacted``: the OCR noise it replaced),
as in the text.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from pipeline.core.enums import CorrectionDecision, FurnitureKind
from pipeline.core.records import BBox, ImageFrame, Page, PageSource, Word, is_redacted_mark
from pipeline.core.results import Correction, StripResult
from pipeline.core.text import TOKEN
from pipeline.exports.frames import Frames, Matrix, frames, image_box, to_image

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FinalWord:
    """One word on the page as the final text has it.

    ``text`` is the final form (corrections and review decisions applied), ``ocr`` what OCR read
    there; ``conf`` is OCR's 0-100 confidence; ``decision``/``correction`` name the correction
    record over the word (any decision), ``proposal`` its replacement when it was not applied.
    ``hyphen`` is 1 or 2 for the two parts of a word broken at a line end (``whole``: the whole
    final word); ``furniture`` the kind of page furniture the word was removed as.
    """

    text: str
    ocr: str
    bbox: BBox | None = None
    conf: float | None = None
    decision: CorrectionDecision | None = None
    correction: str | None = None
    proposal: str | None = None
    hyphen: int = 0
    whole: str | None = None
    furniture: FurnitureKind | None = None
    #: For a ``[REDACTED]`` mark: what OCR read inside the box ("" when nothing).
    redacted: str | None = None

    @property
    def changed(self) -> bool:
        return self.text != self.ocr


@dataclass(frozen=True, slots=True)
class FinalLine:
    """One non-blank line of a page: ``index`` into ``Page.lines`` and the OCR layout numbers."""

    index: int
    block: int
    par: int
    line: int
    words: tuple[FinalWord, ...]

    @property
    def bbox(self) -> BBox | None:
        return BBox.union(w.bbox for w in self.words)

    @property
    def furniture(self) -> FurnitureKind | None:
        """The kind when every word of the line is furniture (a removed line), else None."""
        kinds = {w.furniture for w in self.words}
        return next(iter(kinds)) if len(kinds) == 1 else None

    @property
    def body(self) -> tuple[FinalWord, ...]:
        return tuple(w for w in self.words if w.furniture is None)


@dataclass(frozen=True, slots=True)
class FinalPage:
    """One page: its size in pixels as OCR saw it, DPI, the deskew angle its boxes are turned
    by, its lines; ``rotation`` (the clockwise turn before OCR) and ``frame`` (the stored
    image's, when normalising changed it) say how OCR's frame came from the stored image
    (``pipeline.exports.frames``)."""

    number: int
    width: int | None
    height: int | None
    dpi: int | None
    deskew: float
    source: PageSource
    lines: tuple[FinalLine, ...] = field(default=())
    rotation: int = 0
    frame: ImageFrame | None = None

    @property
    def frames(self) -> Frames | None:
        """The page's frames (None without a size: a text page)."""
        if not self.width or not self.height:
            return None
        return frames(self.width, self.height, self.rotation, self.deskew, self.frame)

    def text(self) -> str:
        """The page's final body text: one line per page line, furniture left out, a word
        broken at a line end given whole on its first line."""
        out = []
        for ln in self.lines:
            words = [
                w.whole if w.hyphen == 1 and w.whole else w.text
                for w in ln.body
                if w.hyphen != 2 and w.text
            ]
            if words:
                out.append(" ".join(words))
        return "\n".join(out)


@dataclass(slots=True)
class _Tok:
    page: int
    line: int
    start: int
    end: int
    text: str
    bbox: BBox | None
    conf: float | None
    furniture: FurnitureKind | None = None


def _line_tokens(page: int, idx: int, text: str, words: Sequence[Word]) -> list[_Tok]:
    """The line's tokens with the box and lowest confidence of the OCR words in each."""
    toks = [
        _Tok(page, idx, m.start(), m.end(), m.group(), None, None) for m in TOKEN.finditer(text)
    ]
    if len(words) == len(toks) and all(w.text == t.text for w, t in zip(words, toks, strict=True)):
        for w, t in zip(words, toks, strict=True):
            t.bbox, t.conf = w.bbox, w.conf
        return toks
    pos = 0
    starts = [t.start for t in toks]
    for w in words:
        at = text.find(w.text, pos) if w.text else -1
        if at < 0:
            continue
        pos = at + len(w.text)
        i = bisect.bisect_right(starts, at) - 1
        if i < 0:
            continue
        t = toks[i]
        t.bbox = BBox.union((t.bbox, w.bbox))
        if w.conf is not None:
            t.conf = w.conf if t.conf is None else min(t.conf, w.conf)
    return toks


@dataclass(slots=True)
class _Final:
    """What the final text has over one span (or a merge of several)."""

    text: str
    ocr: str
    bbox: BBox | None
    conf: float | None
    correction: Correction | None = None


def _finals(strip: StripResult, corrections: Iterable[Correction]) -> list[_Final | None]:
    """Per span: the final text over it; None for a span merged into the one before."""
    text, spans = strip.text, strip.spans
    out: list[_Final | None] = [
        _Final(text[s.start : s.end], text[s.start : s.end], s.bbox, s.conf) for s in spans
    ]
    starts = [s.start for s in spans]
    for c in sorted(corrections, key=lambda c: -c.start):
        i = max(0, bisect.bisect_right(starts, c.start) - 1)
        j = i
        while j + 1 < len(spans) and spans[j + 1].start < c.end:
            j += 1
        if not spans or spans[i].end < c.start or spans[i].start > c.end:
            log.debug("correction %s covers no word of the map", c.id)
            continue
        first = out[i]
        if first is None:
            continue
        first.correction = c
        if not c.decision.changes_text:
            continue
        if i == j:
            a, b = c.start - spans[i].start, c.end - spans[i].start
            first.text = first.text[:a] + c.replacement + first.text[b:]
            continue
        last = out[j]
        tail = last.text[c.end - spans[j].start :] if last is not None else ""
        first.text = text[spans[i].start : c.start] + c.replacement + tail
        merged = [out[k] for k in range(i, j + 1) if out[k] is not None]
        first.ocr = " ".join(m.ocr for m in merged if m is not None)
        same_line = all(
            (spans[k].page, spans[k].line) == (spans[i].page, spans[i].line)
            for k in range(i, j + 1)
        )
        if same_line:
            first.bbox = BBox.union(m.bbox for m in merged if m is not None)
        confs = [m.conf for m in merged if m is not None and m.conf is not None]
        first.conf = min(confs) if confs else None
        for k in range(i + 1, j + 1):
            out[k] = None
    return out


def _hyphen_split(whole: str, first: str, second: str) -> tuple[str, str]:
    """The two printed parts of a rejoined word in its final form: the second part as printed
    when the word still ends with it, else the same number of letters; the first keeps its
    line-end hyphen.

    >>> _hyphen_split("negotiations", "negoti-", "ations")
    ('negoti-', 'ations')
    >>> _hyphen_split("negotiations", "negota-", "tions")
    ('negotia-', 'tions')
    >>> _hyphen_split("self-evident", "self-", "evident")
    ('self-', 'evident')
    """
    k = len(whole) - len(second) if whole.endswith(second) else len(first.rstrip("-"))
    k = max(1, min(k, len(whole) - 1))
    head, tail = whole[:k], whole[k:]
    if first.endswith("-") and not head.endswith("-"):
        head += "-"
    return head, tail


def final_pages(
    pages: Sequence[Page], strip: StripResult, corrections: Sequence[Correction] = ()
) -> tuple[FinalPage, ...]:
    """Every page with its final words (see the module docstring).

    ``pages`` are the OCR (or text-file) pages, ``strip`` the strip stage's result for them and
    ``corrections`` the final correction records (after review) with spans in ``strip.text``.
    Pure. A span that cannot be matched to a token (which the stages never make) leaves that
    token as OCR read it, logged at debug level.
    """
    removed: dict[tuple[int, int], list[tuple[int, int, FurnitureKind]]] = {}
    for r in strip.removals:
        if r.kind is not FurnitureKind.HYPHEN:  # an undone hyphen is a join, not furniture
            removed.setdefault((r.page, r.line), []).append((r.start, r.end, r.kind))
    by_line: dict[tuple[int, int], list[_Tok]] = {}
    kept: list[_Tok] = []
    for page in pages:
        for idx, line in enumerate(page.lines):
            if line.is_blank:
                continue
            toks = _line_tokens(page.number, idx, line.text, line.words)
            for t in toks:
                for a, b, kind in removed.get((page.number, idx), ()):
                    if t.start < b and a < t.end:
                        t.furniture = kind
                if t.furniture is None:
                    kept.append(t)
            by_line[(page.number, idx)] = toks

    finals = _finals(strip, corrections)
    # Token (by identity) -> (final of its span, hyphen part, the other part's text).
    assigned: dict[int, tuple[_Final | None, int, str]] = {}
    marks: dict[tuple[int, int], list[_Final]] = {}
    k = 0
    for s, fin in zip(strip.spans, finals, strict=True):
        key = (s.page, s.line)
        span_text = strip.text[s.start : s.end]
        while k < len(kept) and (kept[k].page, kept[k].line) < key:
            log.debug("token %r has no span in the stripped text", kept[k].text)
            k += 1
        t = kept[k] if k < len(kept) and (kept[k].page, kept[k].line) == key else None
        if is_redacted_mark(span_text) and (t is None or t.text != span_text):
            if fin is not None:
                marks.setdefault(key, []).append(fin)
            continue
        if t is None:
            log.debug("span %r has no token on its line", span_text)
            continue
        nxt = kept[k + 1] if k + 1 < len(kept) else None
        if (
            span_text != t.text
            and nxt is not None
            and (nxt.page, nxt.line) != key
            and span_text in (t.text[:-1] + nxt.text, t.text + nxt.text)
        ):
            assigned[id(t)] = (fin, 1, nxt.text)
            assigned[id(nxt)] = (fin, 2, t.text)
            k += 2
        else:
            assigned[id(t)] = (fin, 0, "")
            k += 1

    out: list[FinalPage] = []
    for page in pages:
        lines: list[FinalLine] = []
        for idx, line in enumerate(page.lines):
            toks = by_line.get((page.number, idx), [])
            spans = sorted(
                (a, b)
                for a, b, kind in removed.get((page.number, idx), ())
                if kind is FurnitureKind.REDACTION
            )
            words = _line_words(line.text, toks, assigned, spans, marks.get((page.number, idx), []))
            if words:
                lines.append(FinalLine(idx, line.block, line.par, line.line, tuple(words)))
        out.append(
            FinalPage(
                number=page.number,
                width=page.width,
                height=page.height,
                dpi=page.dpi,
                deskew=page.deskew,
                source=page.source,
                lines=tuple(lines),
                rotation=page.rotation,
                frame=page.frame,
            )
        )
    return tuple(out)


def _line_words(
    text: str,
    toks: Sequence[_Tok],
    assigned: dict[int, tuple[_Final | None, int, str]],
    redactions: Sequence[tuple[int, int]],
    marks: Sequence[_Final],
) -> list[FinalWord]:
    """One line's final words in order: its tokens (the noise inside a redaction box left out)
    and a ``[REDACTED]`` word where each box's removal was (in order; a mark without one goes
    by its box, or last)."""
    placed: list[tuple[float, int, FinalWord]] = []
    for t in toks:
        if t.furniture is FurnitureKind.REDACTION:
            continue
        placed.extend((t.start, 1, w) for w in _word(t, assigned))
    for n, fin in enumerate(marks):
        if n < len(redactions):
            a, b = redactions[n]
            at: float = a
            noise = " ".join(text[a:b].split())
        else:
            boxes = [t for t in toks if t.bbox is not None and fin.bbox is not None]
            after = [t.start for t in boxes if t.bbox and fin.bbox and t.bbox.left >= fin.bbox.left]
            at, noise = (min(after) if after else len(text) + 1), ""
        word = FinalWord(fin.text, fin.text, fin.bbox, None, redacted=noise)
        placed.append((at, 0, word))
    placed.sort(key=lambda p: (p[0], p[1]))
    return [w for _, _, w in placed]


def _word(t: _Tok, assigned: dict[int, tuple[_Final | None, int, str]]) -> list[FinalWord]:
    """The final word(s) of one token: none when a merge took it into the word before."""
    if t.furniture is not None or id(t) not in assigned:
        return [FinalWord(t.text, t.text, t.bbox, t.conf, furniture=t.furniture)]
    fin, part, other = assigned[id(t)]
    if fin is None:
        return []
    c = fin.correction
    extra = {
        "decision": c.decision if c else None,
        "correction": c.id if c else None,
        "proposal": c.replacement if c and not c.decision.changes_text else None,
    }
    if part == 0:
        return [FinalWord(fin.text, fin.ocr, fin.bbox, fin.conf, **extra)]
    first, second = (t.text, other) if part == 1 else (other, t.text)
    head, tail = _hyphen_split(fin.text, first, second)
    text = head if part == 1 else tail
    return [
        FinalWord(text, t.text, t.bbox, t.conf, hyphen=part, whole=fin.text, **extra)  # type: ignore[arg-type]
    ]


def on_image(page: FinalPage) -> FinalPage:
    """The page with every box moved onto the stored page image and the stored image's size
    (``frames.to_image``: deskew, turn, resampling and EXIF orientation undone): what ALTO and
    hOCR write, so their coordinates refer to the image file they name. Unchanged when OCR read
    the stored image as it is (or the page has no size)."""
    f = page.frames
    if f is None:
        return page
    m = to_image(f)
    if m == Matrix.identity() and f.stored == f.ocr:
        return page
    lines = tuple(
        replace(ln, words=tuple(replace(w, bbox=image_box(m, w.bbox, f.stored)) for w in ln.words))
        for ln in page.lines
    )
    return replace(page, width=f.stored[0], height=f.stored[1], lines=lines)
