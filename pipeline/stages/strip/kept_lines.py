"""A source line's kept part, as the rejoining reads it: its text, words and boxes.

``reflow`` joins these into the document's text. Each kept line (furniture and removed spans
cut out) is an ``Out`` with its words, each pointing back to its page, line, box and confidence;
where ``--keep-furniture`` keeps a span inside a line, ``Out.body`` is the line without it, what
the joins are decided on (so keeping a kind changes no join between body lines).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.core.records import BBox
from pipeline.stages.strip.config import StripConfig
from pipeline.stages.strip.lines import Span, WorkLine


@dataclass(slots=True)
class Out:
    """The kept part of one source line: its text and its words, each
    ``[start, end, page, line, bbox, conf]`` with offsets into ``text`` (lists: cheap to shift)."""

    text: str
    words: list[list[Any]]
    tab: bool
    page: int = 0  # page number
    line: int = 0  # index into Page.lines
    end: int = 0  # offset in the source line just past the last kept character
    #: Furniture kept on request (``--keep-furniture``): it keeps a line of its own.
    furniture: bool = False
    #: The line as a run that keeps no furniture would have it (its kept furniture spans cut
    #: out, ``assemble``): what the joins are decided on, so that keeping a kind changes no
    #: join between body lines. None: the same as ``text``.
    body: str | None = None
    #: Kept furniture spans at the line's start and at its end: that edge joins no neighbour.
    kept_edges: tuple[bool, bool] = (False, False)

    @property
    def plain(self) -> str:
        """The text the joins are decided on (``body``, else ``text``)."""
        return self.text if self.body is None else self.body


def kept_line(page_number: int, ln: WorkLine, removed: list[Span]) -> Out:
    """The line without its ``removed`` spans: the pieces left, stripped and joined by one
    space, with the words wholly inside them (offsets shifted onto the new text). A span with
    a ``mark`` (``[REDACTED]``) leaves the mark in its place, as a word of its own whose box is
    the redaction box."""
    cuts = sorted((s.start, s.end) for s in removed)
    ranges: list[tuple[int, int]] = []
    pos = 0
    for a, b in cuts:
        if a > pos:
            ranges.append((pos, a))
        pos = max(pos, b)
    if pos < len(ln.text):
        ranges.append((pos, len(ln.text)))
    # Kept ranges and marks in the order of the line (a mark before a range starting there).
    items: list[tuple[int, int, int, Span | None]] = [(a, 1, b, None) for a, b in ranges]
    items.extend((s.start, 0, s.end, s) for s in removed if s.mark)
    items.sort(key=lambda it: (it[0], it[1]))
    parts: list[str] = []
    words: list[list[Any]] = []
    out_len = 0
    end = 0
    after_mark = False
    for a, _, b, mark in items:
        if mark is not None:
            # One space where a span was cut out, none after "(" or a word's hyphen ("10-").
            sep = " " if parts and not attaches_before(parts[-1]) else ""
            out_len += len(sep)
            words.append([out_len, out_len + len(mark.mark), page_number, ln.idx, mark.bbox, None])
            parts.append(sep + mark.mark)
            out_len += len(mark.mark)
            after_mark = True
            continue
        seg = ln.text[a:b]
        lead = len(seg) - len(seg.lstrip())
        seg = seg.strip()
        if not seg:
            continue
        end = a + lead + len(seg)
        # One space where a span was cut out; none before punctuation that closes onto a
        # redaction mark as onto a word ("[REDACTED], as", "[REDACTED]-2016").
        sep = " " if parts and not (after_mark and attaches_after(seg)) else ""
        out_len += len(sep)
        base = out_len - (a + lead)
        for t in ln.toks:
            if a <= t.start and t.end <= b:
                words.append([t.start + base, t.end + base, page_number, ln.idx, t.bbox, t.conf])
            elif t.start < end and a + lead < t.end:  # a word a span cut: its piece kept here
                x, y, n = max(t.start, a + lead), min(t.end, end), t.end - t.start
                box = _piece_box(t.bbox, (x - t.start) / n, (y - t.start) / n)
                words.append([x + base, y + base, page_number, ln.idx, box, t.conf])
        parts.append(sep + seg)
        out_len += len(seg)
        after_mark = False
    text = "".join(parts)
    return Out(text, words, "\t" in text, page_number, ln.idx, end)


def kept_out(page_number: int, ln: WorkLine, config: StripConfig) -> Out:
    """The kept part of ``ln`` (``kept_line``): a furniture line of a kept kind whole, a body
    line without its decided spans of kinds not kept. Where spans of a kept kind stay in the
    line, ``Out.body`` is the line without them too (what the joins are decided on) and
    ``Out.kept_edges`` says whether they stand at its start or end; a line that is nothing but
    kept spans is kept furniture, a line of its own."""
    if ln.furniture:
        out = kept_line(page_number, ln, [])
        out.furniture = True
        return out
    decided = [s for s in ln.spans if s.decided]
    removed = [s for s in decided if s.kind not in config.keep_kinds]
    out = kept_line(page_number, ln, removed)
    if len(removed) == len(decided) or not out.text:
        return out
    body = kept_line(page_number, ln, decided)
    if not body.text:
        out.furniture = True
        return out
    out.body = body.text
    kept = [s for s in decided if s.kind in config.keep_kinds]
    start = next(i for i, c in enumerate(ln.text) if not c.isspace() and _outside(i, decided))
    end = max(i for i, c in enumerate(ln.text) if not c.isspace() and _outside(i, decided))
    out.kept_edges = (
        any(s.end <= start for s in kept),
        any(s.start > end for s in kept),
    )
    return out


def _outside(i: int, spans: list[Span]) -> bool:
    """Is character ``i`` of a line outside every one of ``spans``?"""
    return all(not (s.start <= i < s.end) for s in spans)


def _piece_box(box: BBox | None, a: float, b: float) -> BBox | None:
    """The part of a word's ``box`` that its characters from share ``a`` to share ``b`` (0-1)
    of its text cover, taking its characters as equally wide: the kept piece of a word a
    span cut ("week." of "(b)(6)week.", whose code went into a redaction mark)."""
    if box is None:
        return None
    left = box.left + round(a * box.width)
    return BBox(left, box.top, max(1, box.left + round(b * box.width) - left), box.height)


#: Punctuation that closes onto the word before it, and opens onto the word after it.
_CLOSING = frozenset(",.;:!?)]}%’”")
_OPENING = frozenset("([{‘“$")


def attaches_after(seg: str) -> bool:
    """Does kept text ``seg`` start with punctuation that closes onto a redaction mark before
    it, as onto a word: ", as", ").", "-2016" (a hyphen before a word, not a dash)?

    >>> [attaches_after(s) for s in (", as", "-2016", "- as", "as")]
    [True, True, False, False]
    """
    return seg[0] in _CLOSING or (seg[0] == "-" and len(seg) > 1 and seg[1].isalnum())


def attaches_before(seg: str) -> bool:
    """Does kept text ``seg`` end with punctuation that opens onto a redaction mark after it:
    "(", "10-" (a word's hyphen, not a dash)?

    >>> attaches_before("on 10-"), attaches_before("talks ("), attaches_before("talks -")
    (True, True, False)
    """
    return seg[-1] in _OPENING or (seg[-1] == "-" and len(seg) > 1 and seg[-2].isalnum())
