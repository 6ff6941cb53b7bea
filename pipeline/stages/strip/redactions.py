"""Withheld text marked where it was: ``[REDACTED:codes]`` at each redaction box, labels read.

The OCR stage found the boxes on the page image (``pipeline.stages.redaction``), painted them
out before the engine read the page, and read the codes beside them. Here each box becomes a
span of the line on its row, placed by the box's position among the line's word boxes: any
noise read inside it, the pieces of a word it cuts and its code printed right beside it are
removed (kind ``redaction``, with the box, its style and its codes as evidence) and the mark
``[REDACTED]`` — ``[REDACTED:(b)(6)]`` with the box's codes — is put in their place; a box on
a row of its own gets it at the end of the line above (the start of the first line). The box's
codes read elsewhere (a margin code on its row, code lines beside a block) are removed too
(kind ``exemption-code``): they are in its mark. So a reader of the text sees where something
was withheld and under which exemption, and ``removed.jsonl`` says what was taken and why.

In text input the release's own labels ("(b)(6)" where a name was) are the redactions: they
stay in the text and are read into the same records (``labels``).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from dataclasses import replace

from pipeline.core.enums import FurnitureKind, RedactionStyle
from pipeline.core.records import (
    REDACTED_MARK,
    BBox,
    Page,
    Redaction,
    WordSpan,
    is_manual_mark,
    redacted_mark,
)
from pipeline.core.results import Removal
from pipeline.stages.exemptions import exemption_codes
from pipeline.stages.strip.config import UNSURE_CONF
from pipeline.stages.strip.lines import Span, Tok, WorkLine

log = logging.getLogger(__name__)

# The evidence of a box: enough to remove the noise inside it on its own.
REDACTION_SCORE = 1.0
# A box's codes read apart from the text are a column this wide at most (inches; "b7E-1, 2,
# 3, 6" is ~1.2 in): only lines inside such a column are its codes' lines whatever they read
# (a union of codes read on both sides of a block would hold the text between them).
CODE_COLUMN_IN = 2.0


def _centre_in(t: Tok, box: BBox) -> bool:
    b = t.bbox
    if b is None:
        return False
    cx, cy = b.left + b.width / 2, b.top + b.height / 2
    return box.left <= cx <= box.right and box.top <= cy <= box.bottom


def _on_row(ln: WorkLine, box: BBox) -> bool:
    """The line's words share the box's row (half the smaller height at least)."""
    for t in ln.toks:
        b = t.bbox
        if b is not None:
            overlap = min(b.bottom, box.bottom) - max(b.top, box.top)
            if overlap >= 0.5 * min(b.height, box.height):
                return True
    return False


def _code_column(red: Redaction, dpi: int | None) -> BBox | None:
    """The box of ``red``'s codes when they are a column (``CODE_COLUMN_IN`` wide at most at
    ``dpi``, 300 when unknown), else None."""
    code = red.code_bbox
    return code if code is not None and code.width <= CODE_COLUMN_IN * (dpi or 300) else None


def _codes_apart(red: Redaction, mine: list[WorkLine], dpi: int | None) -> None:
    """The box's codes where OCR read them apart from its mark (in the margin on its row, or as
    lines of their own beside a block): removed (kind ``exemption-code``), as they are in the
    box's mark."""
    code = red.code_bbox
    if code is None or red.bbox is None:
        return
    for ln in mine:
        runs: list[list[Tok]] = []
        # A line of the code's column only is the code as OCR read it, however misread.
        column = _code_column(red, dpi)
        whole = column is not None and _codes_only(ln, [column])
        for t in ln.toks:
            free = not any(s.start < t.end and t.start < s.end for s in ln.spans)
            if free and _centre_in(t, code) and (whole or _code_like(ln.text[t.start : t.end])):
                if runs and runs[-1][-1] is ln.toks[ln.toks.index(t) - 1]:
                    runs[-1].append(t)
                else:
                    runs.append([t])
        for run in runs:
            a, b = run[0].start, run[-1].end
            span = Span(a, b, FurnitureKind.EXEMPTION_CODE, [], REDACTION_SCORE, True, "", None)
            read = ln.text[a:b]
            what = "exemption code" if _code_like(read) else "OCR's misreading of the codes"
            span.evidence = [
                f"{what} {read!r} printed beside the {red.style.value} "
                f"redaction box at {red.bbox.to_list()}",
                f"in its mark {redacted_mark(red.codes)}",
            ]
            _add(ln, span)


def mark_redactions(pages: Sequence[Page], by_page: list[list[WorkLine]]) -> None:
    """A ``[REDACTED]`` span (``Span.mark``) on a line of the page for each redaction box of
    ``Page.redactions`` (``by_page``: ``lines.collect``'s lines, page by page). A page with
    boxes but no text at all keeps its boxes in the metadata only, and so does a page flagged
    for manual transcription (its text the placeholder, ``records.manual_mark``)."""
    for page, mine in zip(pages, by_page, strict=True):
        if is_manual_mark(page.text):
            continue
        # The lines OCR read inside a box's codes only (in the margin beside it, or garbage
        # where the page's OCR misread them and they were read again: "—s," "lomey" for
        # "(b)(1)" "(b)(3)" stacked beside a block; rendered pages, dev: DejaVu Sans Mono at
        # 300 dpi) are no place for a mark: it goes among the text's lines.
        codes = [c for r in page.redactions if (c := _code_column(r, page.dpi)) is not None]
        text = [ln for ln in mine if not _codes_only(ln, codes)] or mine
        for red in page.redactions:
            if red.bbox is None:
                continue
            if not mine:
                log.debug("page %d: redaction box with no text line to mark", page.number)
                continue
            _mark_one(red, red.bbox, text)
        for red in page.redactions:
            _codes_apart(red, mine, page.dpi)


def _codes_only(ln: WorkLine, codes: list[BBox]) -> bool:
    """Is every token of ``ln`` inside one of ``codes`` (redaction boxes' codes' boxes)?"""
    return bool(ln.toks) and any(all(_centre_in(t, c) for t in ln.toks) for c in codes)


def _evidence(red: Redaction, box: BBox, noise: str) -> list[str]:
    why = [f"{red.style.value} redaction box at {box.to_list()}"]
    if red.codes:
        why.append(f"exemption {', '.join(red.codes)} beside it")
    why.append(
        f"OCR noise inside the box or its code beside it: {noise!r}"
        if noise
        else "nothing read inside the box"
    )
    why.append(f"marked {redacted_mark(red.codes)}")
    return why


# Punctuation that stands beside a box as the sentence's own ("[bar], as", "([bar])"): kept.
_PUNCT = frozenset(",.;:!?()'\"-")


def _word_space(ln: WorkLine, box: BBox) -> float:
    """The line's space between words (pixels): the lower median gap between its tokens'
    boxes on either side of ``box`` (not across it), at most their median height; else a
    third of that height."""
    boxes = sorted(_boxes(ln), key=lambda b: b.left)
    heights = sorted(b.height for b in boxes)
    height = float(heights[(len(heights) - 1) // 2]) if heights else 0.0
    gaps = sorted(
        b.left - a.right
        for a, b in itertools.pairwise(boxes)
        if b.left > a.right and not (a.right <= box.left and box.right <= b.left)
    )
    return min(float(gaps[(len(gaps) - 1) // 2]), height) if gaps else height / 3


def _fragment(ln: WorkLine, t: Tok, box: BBox, space: float, *, cuts: bool = True) -> bool:
    """A token beside the box that is a piece of what the box half covers, not a word of the
    sentence: one whose letter or digit touches the box (a word the box cuts, "b[bar]dor"), or
    one the OCR engine was unsure of less than half the line's word ``space`` from it, or a mark
    that is no punctuation ("> Ec °") at most the box's height away. Punctuation beside the
    box is the sentence's ("[bar], as", "10-[bar]-2016"). A word a space or less from a bar is
    a word: proportional type at 150 dpi leaves a few pixels between a bar and its neighbour.
    ``cuts`` False (an outlined white box: the release took the words out and drew the box in
    their place, so it covers no piece of a word): only the marks are pieces (what OCR read
    of its outline, "—_"); a word beside it is the sentence's however close or unsure (a
    serif word 3 px from the outline read at confidence 18: rendered pages, dev)."""
    b = t.bbox
    if b is None:
        return False
    left = b.right <= box.left + box.width / 2  # the token is left of the box
    gap = box.left - b.right if left else b.left - box.right
    text = ln.text[t.start : t.end]
    if not any(c.isalnum() for c in text):
        return gap <= box.height and not set(text) <= _PUNCT
    if not cuts:
        return False
    facing = text[-1] if left else text[0]
    if not facing.isalnum():
        return False
    if box.width < space:
        return False  # a box narrower than a word space stands in one and cuts no word
    if gap <= max(1.0, 0.05 * b.height):
        return True  # its ink runs on under the box
    # A piece of a cut word lies closer to the box than a neighbour word does: a bar over a
    # whole short word ("of") leaves its neighbours a word space less its pad away, and OCR is
    # often unsure of them too (rendered pages, dev).
    return t.conf is not None and t.conf < UNSURE_CONF and gap < space / 2


def _code_end(text: str) -> int:
    """Where a code at the start of ``text`` ends: the strict grammar's reading there, else
    after the last bracket of a code-like start ("(b)()" of "(b)()reliable", a code OCR
    misread and ran into the next word); 0 when ``text`` does not start with one."""
    codes = exemption_codes(text)
    if codes and codes[0][1] == 0:
        return codes[0][2]
    if not text.startswith(("(", "[", "{")):
        return 0
    return max(text.rfind(")"), text.rfind("]"), text.rfind("}")) + 1


def _word_after(rest: str) -> bool:
    """Is ``rest``, what follows a code OCR ran into the next word ("(b)(6)week."), that word:
    letters, with the sentence's punctuation after them at most?"""
    core = rest.rstrip("".join(_PUNCT))
    return core.isalpha() and not set(rest[len(core) :]) - _PUNCT


def _code_like(text: str) -> bool:
    """A code or a piece of one as OCR reads it ("(b)(3)", "(bo)", "(1)", "B6"), not a word."""
    if exemption_codes(text):
        return True
    return any(c in "()[]{}" for c in text) and any(c.isalnum() for c in text)


def _mark_one(red: Redaction, box: BBox, mine: list[WorkLine]) -> None:
    """One box's ``[REDACTED]`` span: on the line of its row that has words inside it, else
    the row's line nearest its middle (the mark between the words left and right of the box,
    by their boxes), else at the end of the line above it (the start of the first line). The
    span takes the pieces of words the box cuts and its code printed right beside it."""
    row = [ln for ln in mine if _on_row(ln, box)]
    hit = [ln for ln in row if any(_centre_in(t, box) for t in ln.toks)]
    mid = box.top + box.height / 2
    if hit or row:
        ln = hit[0] if hit else min(row, key=lambda x: _row_rank(x, red, box, mid))
        inside = [k for k, t in enumerate(ln.toks) if _centre_in(t, box)]
        if inside:
            i, j = inside[0], inside[-1] + 1
        else:  # by position: after the tokens whose middle is left of the box's
            centre = box.left + box.width / 2
            i = j = sum(
                1 for t in ln.toks if t.bbox is not None and t.bbox.left + t.bbox.width / 2 < centre
            )
        space = _word_space(ln, box)
    else:
        above = [ln for ln in mine if _bottom(ln) is not None and _bottom(ln) <= box.top]
        if above:
            ln = _row_end(above)
            i = j = len(ln.toks)
        else:
            ln = mine[0] if not _tops(mine) else min(mine, key=lambda x: _top(x) or 0)
            i = j = 0
        space = -1.0  # not on the box's row: no piece of a word it cuts
    code = red.code_bbox
    cuts = red.style is not RedactionStyle.WHITE_BOX

    def taken(t: Tok) -> bool:
        # A piece of what the box half covers, or its code printed right beside it (CIA
        # releases: "[bar] (b)(3) and"; a block's code level with its top): in the mark.
        if space >= 0 and _fragment(ln, t, box, space, cuts=cuts):
            return True
        return code is not None and _centre_in(t, code) and _code_like(ln.text[t.start : t.end])

    while i > 0 and taken(ln.toks[i - 1]):
        i -= 1
    while j < len(ln.toks) and taken(ln.toks[j]):
        j += 1
    if i < j:
        a, b = ln.toks[i].start, ln.toks[j - 1].end
        last = ln.text[ln.toks[j - 1].start : b]
        end = _code_end(last)
        if end and _word_after(last[end:]):
            b = ln.toks[j - 1].start + end  # "(b)(6)commission", "(b)()reliable": the word stays
    elif space < 0 and i == len(ln.toks):
        a = b = len(ln.text.rstrip())
    elif space < 0 or not ln.toks:
        a = b = len(ln.text) - len(ln.text.lstrip()) if i == 0 else ln.toks[i - 1].end
    else:
        a = b = ln.toks[i - 1].end if i > 0 else ln.toks[0].start
    if space >= 0:
        a, b = _edge_noise(ln, box, i, j, a, b)
    span = Span(
        a, b, FurnitureKind.REDACTION, [], REDACTION_SCORE, True, redacted_mark(red.codes), box
    )
    span.evidence = _evidence(red, box, ln.text[a:b])
    _add(ln, span)


def _edge_noise(ln: WorkLine, box: BBox, i: int, j: int, a: int, b: int) -> tuple[int, int]:
    """The span ``a``-``b`` of the box's mark (over tokens ``i`` to ``j`` of ``ln``) widened
    over the marks OCR read from the box's edge and ran into the word beside it ("—_" of
    "—_journalists"; rendered pages, dev: Nimbus Roman at 150 dpi): a run of marks that are
    no punctuation (``_PUNCT``) at the end of the word just before it or the start of the word
    just after it, that word no further from the box than its height."""
    if (
        j < len(ln.toks)
        and (t := ln.toks[j]).bbox is not None
        and t.bbox.left - box.right <= box.height
    ):
        text = ln.text[t.start : t.end]
        n = len(text) - len(text.lstrip("".join(c for c in set(text) if _edge_mark(c))))
        if 0 < n < len(text) and text[n].isalnum():
            b = t.start + n
    if i > 0 and (t := ln.toks[i - 1]).bbox is not None and box.left - t.bbox.right <= box.height:
        text = ln.text[t.start : t.end]
        n = len(text) - len(text.rstrip("".join(c for c in set(text) if _edge_mark(c))))
        if 0 < n < len(text) and text[-n - 1].isalnum():
            a = t.end - n
    return a, b


def _edge_mark(c: str) -> bool:
    """A character OCR reads from a box's edge: no letter, digit, space or punctuation."""
    return not c.isalnum() and not c.isspace() and c not in _PUNCT


def _row_rank(ln: WorkLine, red: Redaction, box: BBox, mid: float) -> tuple[bool, float, float]:
    """How a line on the box's row ranks as the one the box stands in, lowest first: a line of
    the box's codes only last (OCR may lay a margin code out as a line of its own level with
    the bar: rendered pages, dev), then the line whose words come nearest the box's sides,
    then the one whose middle is nearest the box's."""
    code = red.code_bbox
    only_codes = code is not None and all(
        _centre_in(t, code) and _code_like(ln.text[t.start : t.end]) for t in ln.toks
    )
    gaps = [max(b.left - box.right, box.left - b.right, 0) for b in _boxes(ln)]
    return only_codes, float(min(gaps, default=float("inf"))), abs(_mid_y(ln) - mid)


def _row_end(above: list[WorkLine]) -> WorkLine:
    """The line that ends the lowest row of ``above`` (lines with word boxes): of the lines on
    the row of the one reaching lowest, the one reaching furthest right. OCR may read a row's
    last word as a line of its own ("The" after "... last week."), and the row's other line
    reaches lower ("prison"): a mark after the row goes after its last word (rendered pages,
    dev: FreeMono at 300 dpi, a block under a line)."""
    low = max(above, key=lambda x: _bottom(x) or 0)
    mid = _mid_y(low)
    row = [ln for ln in above if (_top(ln) or 0) <= mid <= (_bottom(ln) or 0)]
    return max(row, key=lambda x: max(b.right for b in _boxes(x)))


def _add(ln: WorkLine, span: Span) -> None:
    """Add the span unless it overlaps a span already there (two boxes read as one)."""
    for s in ln.spans:
        if s.start < span.end and span.start < s.end:
            return
    ln.spans.append(span)
    ln.spans.sort(key=lambda s: (s.start, s.end))


def _boxes(ln: WorkLine) -> list[BBox]:
    return [t.bbox for t in ln.toks if t.bbox is not None]


def _bottom(ln: WorkLine) -> int | None:
    boxes = _boxes(ln)
    return max(b.bottom for b in boxes) if boxes else None


def _top(ln: WorkLine) -> int | None:
    boxes = _boxes(ln)
    return min(b.top for b in boxes) if boxes else None


def _tops(mine: list[WorkLine]) -> bool:
    return any(_top(ln) is not None for ln in mine)


def _mid_y(ln: WorkLine) -> float:
    boxes = _boxes(ln)
    return sum(b.top + b.height / 2 for b in boxes) / len(boxes) if boxes else 0.0


def labels(pages: Sequence[Page], lines: list[WorkLine]) -> tuple[Redaction, ...]:
    """Every page's redactions: its boxes (``Page.redactions``) and the FOIA exemption labels in
    its kept text ("(b)(6)", "(b)(7)(C)" where a release printed them in place of the text; a
    bare "B1" or "1.4(D)" in running text is a bomber or a classification reason), each label
    a ``Redaction`` of style ``label`` with its line, offsets and box.

    Labels inside removed furniture (a "RELEASE IN PART B6" stamp's codes are the stamp's) are
    not read, nor a label that is a box's code already; portion markings ("(C)", "(S)") are
    never labels in running text.
    """
    out: list[Redaction] = []
    code_boxes = {
        pages[i].number: [r.code_bbox for r in p.redactions if r.code_bbox is not None]
        for i, p in enumerate(pages)
    }
    by_page: dict[int, list[WorkLine]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    for pi, page in enumerate(pages):
        out.extend(page.redactions)
        for ln in by_page.get(pi, []):
            if ln.furniture:
                continue
            text = list(ln.text)
            for s in ln.spans:
                if s.decided:
                    text[s.start : s.end] = " " * (s.end - s.start)
            for code, a, b in exemption_codes("".join(text), classification=False):
                if not code.startswith("(b)"):
                    continue  # "B1", "1.4(D)" in running text name other things too
                toks = [t for t in ln.toks if t.start < b and a < t.end]
                box = BBox.union(t.bbox for t in toks)
                if box is not None and any(_overlaps(box, c) for c in code_boxes[page.number]):
                    continue
                out.append(
                    Redaction(page.number, RedactionStyle.LABEL, None, (code,), box, ln.idx, a, b)
                )
    return tuple(out)


def _overlaps(a: BBox, b: BBox) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


def place_marks(
    removals: Sequence[Removal], spans: Sequence[WordSpan], text: str
) -> tuple[Removal, ...]:
    """``removals`` with each mark's place in the stripped ``text`` (``Removal.mark_at``), so a
    reader finds the ``[REDACTED:…]`` written for a record from the record. A mark is a word of
    the text (``spans``: each with its page number, line index and box) with no confidence, on
    its record's page and line, whose box is the record's (the redaction box) and whose text
    starts with the record's mark; a line's marks go to its records in order. A record whose
    mark is not found (not expected) keeps ``mark_at`` None and is logged."""
    words: dict[tuple[int, int], list[WordSpan]] = {}
    for w in spans:
        if w.conf is None and text.startswith(REDACTED_MARK[:-1], w.start):
            words.setdefault((w.page, w.line), []).append(w)
    out: list[Removal] = []
    for r in removals:
        if not r.mark:
            out.append(r)
            continue
        line = words.get((r.page, r.line), [])
        hit = next((w for w in line if w.bbox == r.bbox and text.startswith(r.mark, w.start)), None)
        if hit is None:
            log.warning("page %d line %d: mark %s not found in the text", r.page, r.line, r.mark)
            out.append(r)
            continue
        line.remove(hit)
        out.append(replace(r, mark_at=hit.start))
    return tuple(out)
