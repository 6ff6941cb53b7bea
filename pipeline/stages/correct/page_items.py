"""Pages of text too damaged to review a word at a time: one "transcribe the page by hand" item.

Between a page that is no text at all (``manual.needs_manual_transcription``: fewer than
``manual_min_known`` of its longer words in a dictionary, skipped whole) and a page a reviewer
can mend word by word lies the badly damaged photocopy: typed text, but half its words of four
letters or more unknown to every dictionary (``vith a limited muber of peoplo. He bellove``).
The stage still proposes a word here and there and ``lines``/``regions`` make some lines items
of their own, and the reviewer pays a screen for each of them on a page they have to type from
the scan anyway. Here such a page becomes one record of kind ``REGION`` spanning the whole page
(its text from the first line's start to the last line's end, its page box, in ``subsumed``
every word record of its line and region items and every proposal on it, each with its own page
and line: nothing is lost); changes applied on it stay applied and its ``replacement``
suggests the page with every suggestion made, as a region's does.

The evidence is the page's own text and the records already made on it, never single words:
the share of its words of 4+ letters no dictionary knows (``page_item_min_unknown``, the same
count ``manual`` judges a page by, so the two bands meet), enough screens on it for one item to
take the place of (``page_item_min_items``: review screens, one per pending review key as the
review counts them, ``review.keys.review_key``, and one per line and region item),
and a page a person can type from one scan (``page_item_max_words``: text input without page
marks is one "page" per document, which is no such job). Thresholds are ``CorrectConfig``'s
``page_item_*`` fields, chosen on dev material (bench/splits.json).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.core.enums import TRANSCRIBE_KINDS
from pipeline.core.results import APPLIED, Correction
from pipeline.stages.correct.document import Doc
from pipeline.stages.correct.lines import TextLine, document_lines
from pipeline.stages.correct.manual import known_share
from pipeline.stages.correct.regions import fold_in, take_in
from pipeline.stages.correct.tokens import is_alpha_word

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageDamage:
    """What one page's text says about its damage: ``words`` its tokens, ``longer`` its
    alphabetic words of 4+ letters, ``unknown`` the share of those no dictionary knows (0-1),
    ``screens`` the review items on it (one per pending review key, ``review.keys.review_key``:
    a change, or a long word's different misreadings; one per line and region item)."""

    page: int
    words: int
    longer: int
    unknown: float
    screens: int


def page_damage(doc: Doc, lines: Sequence[TextLine], records: Sequence[Correction]) -> PageDamage:
    """The ``PageDamage`` of the page whose ``lines`` (one page, text order) are given;
    ``records`` are the stage's records on that page (applied ones count no screen)."""
    toks = [t for line in lines for t in line.tokens]
    longer = [t.core for t in toks if is_alpha_word(t.core) and len(t.core) >= 4]
    unknown = 1 - known_share(longer, doc.lexicon, doc.known) if longer else 0.0
    items = sum(c.kind.value in TRANSCRIBE_KINDS for c in records)
    # Imported here: ``pipeline.review`` imports this stage (it applies corrections).
    from pipeline.review.keys import review_key

    # one screen per review key, as review groups them (``review.keys.review_key``)
    changes = {
        review_key(c.original, c.replacement, [t for t, _ in c.candidates], c.reason)
        for c in records
        if c.decision != APPLIED and c.kind.value not in TRANSCRIBE_KINDS
    }
    page = lines[0].tokens[0].page
    return PageDamage(page, len(toks), len(longer), unknown, items + len(changes))


def page_items(
    doc: Doc, kept: Sequence[Correction], items: Sequence[Correction], skip_pages: set[int]
) -> tuple[list[Correction], list[Correction]]:
    """(the word records kept, the line and region items) after making each badly damaged page
    one item (``page_damage`` against ``doc.config``'s ``page_item_*`` thresholds).

    ``kept`` and ``items`` are ``regions.region_items``' answer for ``doc``; offsets are into
    ``doc.text``. The page's line and region items and its proposals are taken into the page's
    item; applied changes on it stay among the records kept. A page that a kept record
    crosses (a join over the page break) stays as it is.
    """
    config = doc.config
    if config.page_item_min_unknown > 1:
        return list(kept), list(items)
    by_page: dict[int, list[TextLine]] = {}
    for line in document_lines(doc, skip_pages):
        by_page.setdefault(line.tokens[0].page, []).append(line)
    folded: set[str] = set()
    pages: list[Correction] = []
    seen: dict[str, int] = {}
    for page, lines in sorted(by_page.items()):
        start, end = lines[0].start, lines[-1].end
        on_items = [c for c in items if start <= c.start and c.end <= end]
        inside = [c for c in kept if c.end > start and c.start < end]
        if any(c.start < start or c.end > end for c in inside):
            continue  # a record reaching past the page: leave it as it is
        damage = page_damage(doc, lines, [*on_items, *inside])
        if not (
            damage.words <= config.page_item_max_words
            and damage.longer >= config.manual_min_words
            and damage.unknown >= config.page_item_min_unknown
            and damage.screens >= config.page_item_min_items
        ):
            continue
        reason = (
            f"page {page}: {damage.unknown:.0%} of its {damage.longer} words of 4+ letters are "
            f"in no dictionary, {damage.screens} review items on it; "
            "transcribe the page by hand"
        )
        pages.append(take_in(doc, lines, on_items, inside, seen, reason, folded))
    if pages:
        log.debug("%d damaged pages made one item each", len(pages))
    return fold_in(kept, items, pages, folded)
