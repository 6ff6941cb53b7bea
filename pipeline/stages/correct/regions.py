"""Regions of damaged lines: one "transcribe by hand" item for a run of lines, not one per line.

A badly damaged photocopy gives line after line that ``lines.line_items`` turns into items of
their own (``Yarona wae shocked over tha ‘Senate Internal jecarity``): a reviewer pays a screen
per line, and between two such lines a proposal or two on a line that just missed the line
test, while the one sensible job is to type that stretch of the page from the scan. Here the
line items that stand near each other on one page (at least ``CorrectConfig.region_min_lines``
of them, no more than ``region_max_gap`` other lines between two of them) become one record of
kind ``LINE`` for the whole stretch: its text span from the first line's start to the last
line's end (line breaks and all), its page, first line and box (the union of its words' boxes
when there is OCR), and in ``subsumed`` every word record of its line items and the proposals
on the lines between, each with its own page and line (``Subsumed.page``/``line``: nothing is
lost, each stays findable). Changes applied on those lines stay applied, as in a line item,
and the region's ``replacement`` suggests the stretch with every line item's suggestion and
every proposal's top candidate made. The decision is the line items' own evidence (a line of
noise, or a line too damaged to fix a word at a time), so a region needs nothing the line test
did not already see; it only stops a reviewer paying one screen per line of one damaged place.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from pipeline.core.enums import CorrectionKind
from pipeline.core.results import APPLIED, PROPOSED, Correction, Subsumed
from pipeline.stages.correct.document import Doc, context_words
from pipeline.stages.correct.lines import TextLine, document_lines, item_place, suggested

log = logging.getLogger(__name__)


def region_items(
    doc: Doc, kept: Sequence[Correction], items: Sequence[Correction], skip_pages: set[int]
) -> tuple[list[Correction], list[Correction]]:
    """(the word records kept, the line and region items) after folding runs of line items.

    ``kept`` and ``items`` are ``lines.line_items``' answer for ``doc``; offsets are into
    ``doc.text``. A run of line items on one page (``doc.config.region_min_lines`` or more,
    at most ``region_max_gap`` lines between neighbours, the lines as ``lines.document_lines``
    makes them) becomes one region item; the proposals on the lines between are taken into it
    and dropped, applied changes there stay among the records kept. A run that a kept record
    crosses (a join over its first or last line break) stays as it is.
    """
    config = doc.config
    if config.region_min_lines < 2 or len(items) < config.region_min_lines:
        return list(kept), list(items)
    lines = document_lines(doc, skip_pages)
    index = {line.start: n for n, line in enumerate(lines)}
    placed = sorted((index[c.start], c) for c in items if c.start in index)
    runs: list[list[tuple[int, Correction]]] = []
    for n, c in placed:
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and n - last[0] - 1 <= config.region_max_gap
            and lines[n].tokens[0].page == lines[last[0]].tokens[0].page
        ):
            runs[-1].append((n, c))
        else:
            runs.append([(n, c)])
    folded: set[str] = set()
    dropped: set[str] = set()
    regions: list[Correction] = []
    seen: dict[str, int] = {}
    for run in runs:
        if len(run) < config.region_min_lines:
            continue
        span = lines[run[0][0] : run[-1][0] + 1]
        start, end = span[0].start, span[-1].end
        inside = [c for c in kept if c.end > start and c.start < end]
        if any(c.start < start or c.end > end for c in inside):
            continue  # a record reaching past the region: leave its lines as they are
        line_recs = [c for _, c in run]
        # applied changes inside a line item are its own (listed in its ``subsumed``)
        inside = [c for c in inside if not any(holds(r, c) for r in line_recs)]
        region = region_record(doc, span, line_recs, inside, seen)
        regions.append(region)
        folded.update(c.id for c in line_recs)
        dropped.update(c.id for c in inside if c.decision != APPLIED)
    if not regions:
        return list(kept), list(items)
    log.debug("%d regions took in %d line items", len(regions), len(folded))
    out_items = [c for c in items if c.id not in folded] + regions
    return [c for c in kept if c.id not in dropped], sorted(out_items, key=lambda c: c.start)


def fold_in(
    kept: Sequence[Correction],
    items: Sequence[Correction],
    made: Sequence[Correction],
    folded: set[str],
) -> tuple[list[Correction], list[Correction]]:
    """``kept`` (word records) and ``items`` (line items) without the records whose ids are in
    ``folded`` (taken into the new items ``made``, which list them in ``subsumed``), and the new
    items joined to ``items`` in text order. Unchanged copies when nothing was made."""
    if not made:
        return list(kept), list(items)
    out_items = [c for c in items if c.id not in folded] + list(made)
    return [c for c in kept if c.id not in folded], sorted(out_items, key=lambda c: c.start)


def take_in(
    doc: Doc,
    lines: Sequence[TextLine],
    on_items: list[Correction],
    inside: list[Correction],
    seen: dict[str, int],
    reason: str,
    folded: set[str],
) -> Correction:
    """The item of ``lines`` (``region_record``) taking in the line items ``on_items`` and the
    word records ``inside`` no line item holds; the ids of what it takes from review (all but
    applied changes, which stay applied) are added to ``folded`` for ``fold_in``."""
    between = [c for c in inside if not any(holds(r, c) for r in on_items)]
    folded.update(c.id for c in [*on_items, *between] if c.decision != APPLIED)
    return region_record(doc, lines, on_items, between, seen, reason)


def holds(item: Correction, c: Correction) -> bool:
    """Does the span of ``item`` hold the record ``c``?"""
    return item.start <= c.start and c.end <= item.end


def region_record(
    doc: Doc,
    span: Sequence[TextLine],
    line_recs: Sequence[Correction],
    between: Sequence[Correction],
    seen: dict[str, int],
    reason: str | None = None,
) -> Correction:
    """The ``REGION`` record of the lines ``span`` (in text order, one page): ``line_recs`` the
    line (or region) items on them, ``between`` the word records on its other lines (proposals
    are taken in, applied changes stay applied). ``reason`` replaces the sentence that opens
    the record's reason (default: the lines and how many are to transcribe; the line items'
    own reasons always follow). Its id hashes the text and its occurrence index among
    identical regions, like a line item's."""
    start, end = span[0].start, span[-1].end
    text, digest, covering, bbox = item_place(doc, start, end, "region", seen)
    top = span[0].tokens[0]
    page, line_no = (covering[0].page, covering[0].line) if covering else (top.page, top.page_line)
    subsumed: list[Subsumed] = []
    for c in line_recs:
        subsumed += [
            Subsumed(
                s.start,
                s.end,
                s.original,
                s.replacement,
                s.decision,
                c.page if s.line is None else s.page,
                c.line if s.line is None else s.line,
            )
            for s in c.subsumed
        ]
    subsumed += [
        Subsumed(c.start, c.end, c.original, c.replacement, c.decision, c.page, c.line)
        for c in between
    ]
    subsumed.sort(key=lambda s: s.start)
    last_line = max(c.line for c in [*line_recs, *between])
    proposals = sum(c.decision == PROPOSED for c in between)
    if reason is None:
        reason = (
            f"{len(span)} lines of page {page} (lines {line_no + 1}-{last_line + 1}), "
            f"{len(line_recs)} of them to transcribe by hand"
        )
        if proposals:
            reason += f", {proposals} proposal{'s' if proposals != 1 else ''} on the others"
        reason += "; transcribe the region by hand"
    if line_recs:
        reason += ". The lines: " + " | ".join(c.reason for c in line_recs)
    confs = [c.conf for c in line_recs if c.conf is not None]
    before, after = context_words(doc, span[0].tokens[0].index, span[-1].tokens[-1].index + 1)
    return Correction(
        id=digest,
        page=page,
        line=line_no,
        start=start,
        end=end,
        bbox=bbox,
        original=text,
        replacement=suggested(text, start, [*line_recs, *between]),
        candidates=(),
        decision=PROPOSED,
        reason=reason,
        conf=sum(confs) / len(confs) if confs else None,
        context=" ".join([*before, text, *after]),
        kind=CorrectionKind.REGION,
        subsumed=tuple(subsumed),
    )
