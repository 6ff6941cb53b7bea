"""Runs of damaged lines: one "transcribe the region by hand" item, not a screen per fragment.

Between the damaged line (``lines``: one item) and the damaged page (``page_items``: one item)
lies the damaged stretch of a page that is otherwise readable: a smudged paragraph of a
photocopy where line after line has half its longer words unknown (``vith a limited muber of
peoplo``), some lines made items, the others left with a proposal or two each. The page as a
whole does not meet ``page_items``' evidence, the lines are not all next to each other as
``regions`` needs, and the reviewer pays a screen per line item and per proposal there while
the one sensible job is to type that stretch from the scan. Here such a run becomes one record
of kind ``REGION`` (``regions.region_record``: its text span, page, first line and box, in
``subsumed`` every word record of its line and region items and every proposal on its lines,
each with its own page and line: nothing is lost); changes applied on it stay applied and its
``replacement`` suggests the stretch with every suggestion made.

The evidence is the lines' own text, as ``page_items`` reads a page, never single words: a line
is damaged when at least ``damage_line_unknown`` of its words of 4+ letters are in no
dictionary (``manual.known_share``), when it is a line of noise (``damage_noise_lines``: mostly
no words as ``gate.garbage_gate`` reads a line, ``lines.garbage_evidence``; such a line often
has no word of 4+ letters at all, ``whL asx . : ™``, and used to break the run it stands in),
or when a line or region item holds it; damaged lines with at
most ``damage_max_gap`` undamaged lines between them on one page make a run, and the run
becomes one item when it has ``damage_min_lines`` lines, ``damage_min_longer`` words of 4+
letters, ``damage_min_unknown`` of them unknown, and ``damage_min_screens`` review screens on
it (distinct pending changes, line and region items: one item must save screens). Thresholds
are ``CorrectConfig``'s ``damage_*`` fields, chosen on dev material (``bench.proposals_dev``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from pipeline.core.results import Correction
from pipeline.stages.correct.document import Doc
from pipeline.stages.correct.lines import TextLine, document_lines, garbage_evidence, raw_token
from pipeline.stages.correct.manual import known_share
from pipeline.stages.correct.page_items import page_damage
from pipeline.stages.correct.regions import fold_in, take_in
from pipeline.stages.correct.tokens import is_alpha_word

log = logging.getLogger(__name__)


def longer_words(line: TextLine) -> list[str]:
    """The alphabetic word cores of 4+ letters on ``line``, in text order."""
    return [t.core for t in line.tokens if is_alpha_word(t.core) and len(t.core) >= 4]


def damaged_line(doc: Doc, line: TextLine, items: Sequence[Correction]) -> bool:
    """Is ``line`` damaged: held by one of ``items`` (line, region or page items), at least
    ``doc.config.damage_line_unknown`` of its words of 4+ letters (one at least) in no
    dictionary, or (``damage_noise_lines``) a line of noise: ``garbage_min_tokens`` tokens or
    more (bare symbols left out) that are words by less than ``garbage_max_word_share`` of
    their weight (``lines.garbage_evidence``)?

    Why the last: in a damaged stretch of typescript OCR reads some lines as fragments only,
    with no word of 4+ letters for the unknown share to count; such a line broke the run of
    damaged lines around it (JFK dev ``2018__104-10167-10036``: ``whL asx . : ™`` between two
    damaged paragraphs, whose second one's proposal ``fince`` (for finca) stayed a screen of
    its own)."""
    if any(c.start < line.end and c.end > line.start for c in items):
        return True
    config = doc.config
    longer = longer_words(line)
    if longer and 1 - known_share(longer, doc.lexicon, doc.known) >= config.damage_line_unknown:
        return True
    if not config.damage_noise_lines:
        return False
    raws = [raw_token(doc, t) for t in line.tokens]
    return garbage_evidence(raws, doc.lexicon, config, doc.readings) is not None


def damaged_runs(
    doc: Doc, lines: Sequence[TextLine], items: Sequence[Correction]
) -> list[tuple[int, int]]:
    """The runs of damaged lines of ``lines`` (``damaged_line``) as (first, last) indexes into
    ``lines``, both damaged, on one page, with at most ``damage_max_gap`` undamaged lines
    between two damaged neighbours."""
    gap = doc.config.damage_max_gap
    runs: list[tuple[int, int]] = []
    for n, line in enumerate(lines):
        if not damaged_line(doc, line, items):
            continue
        page = line.tokens[0].page
        if runs:
            first, last = runs[-1]
            if n - last - 1 <= gap and lines[last].tokens[0].page == page:
                runs[-1] = (first, n)
                continue
        runs.append((n, n))
    return runs


def damage_regions(
    doc: Doc, kept: Sequence[Correction], items: Sequence[Correction], skip_pages: set[int]
) -> tuple[list[Correction], list[Correction]]:
    """(the word records kept, the line, region and page items) after making each run of
    damaged lines that meets ``doc.config``'s ``damage_*`` thresholds one region item.

    ``kept`` and ``items`` are ``page_items.page_items``' answer for ``doc``; offsets are into
    ``doc.text``. The items on the run and its proposals are taken into the new item, applied
    changes there stay among the records kept. A run that an item or a kept record reaches
    past (a page item, a join over its first or last line break) stays as it is.
    """
    config = doc.config
    if config.damage_line_unknown > 1:
        return list(kept), list(items)
    lines = document_lines(doc, skip_pages)
    folded: set[str] = set()
    regions: list[Correction] = []
    seen: dict[str, int] = {}
    for first, last in damaged_runs(doc, lines, items):
        span = lines[first : last + 1]
        if len(span) < config.damage_min_lines:
            continue
        start, end = span[0].start, span[-1].end
        on_items = [c for c in items if c.start < end and c.end > start]
        inside = [c for c in kept if c.end > start and c.start < end]
        if any(c.start < start or c.end > end for c in [*on_items, *inside]):
            continue  # a record or an item reaching past the run: leave it as it is
        damage = page_damage(doc, span, [*on_items, *inside])
        if not (
            damage.longer >= config.damage_min_longer
            and damage.unknown >= config.damage_min_unknown
            and damage.screens >= config.damage_min_screens
        ):
            continue
        top, bottom = span[0].tokens[0], span[-1].tokens[-1]
        where = (
            f"lines {top.page_line + 1}-{bottom.page_line + 1} of page {damage.page}"
            if doc.locator.spans
            else f"{len(span)} lines of page {damage.page}"
        )
        reason = (
            f"{where}: {damage.unknown:.0%} of their {damage.longer} words of 4+ letters are "
            f"in no dictionary, {damage.screens} review items on them; "
            "transcribe the region by hand"
        )
        regions.append(take_in(doc, span, on_items, inside, seen, reason, folded))
    if regions:
        log.debug("%d runs of damaged lines made one item each", len(regions))
    return fold_in(kept, items, regions, folded)
