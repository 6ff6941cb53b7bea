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
and a page a person can type from one scan (``page_item_max_words``). A longer "page" (text
input without page marks is one page per document: an OCR text file of a whole release, or an
excerpt of one) is judged in windows (``windows``): consecutive lines of about equal words,
as few as keep each within ``page_item_max_words``, each window a page of its own. Before
that, a long damaged text was never one item, and the reviewer paid a screen per line item
and proposal on text that had to be typed from the scan anyway (session 36, the dev slice
``bench/damaged/jfk-damaged-heavy``: excerpts of 45-60 % unknown words, 2.7 items per 1,000
words as pages, 18.1 when each is judged as a page longer than the limit). Thresholds are
``CorrectConfig``'s ``page_item_*`` fields, chosen on dev material (bench/splits.json).
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
    ``doc.text``. A page of more than ``page_item_max_words`` tokens is judged in ``windows``,
    each a page of its own. The page's line and region items and its proposals are taken into
    the page's item; applied changes on it stay among the records kept. A page that a kept
    record crosses (a join over the page break) stays as it is.
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
    for _, whole in sorted(by_page.items()):
        for lines in windows(whole, config.page_item_max_words):
            made = _page_item(doc, lines, len(lines) < len(whole), kept, items, seen, folded)
            if made is not None:
                pages.append(made)
    if pages:
        log.debug("%d damaged pages made one item each", len(pages))
    return fold_in(kept, items, pages, folded)


def _page_item(
    doc: Doc,
    lines: Sequence[TextLine],
    part: bool,
    kept: Sequence[Correction],
    items: Sequence[Correction],
    seen: dict[str, int],
    folded: set[str],
) -> Correction | None:
    """The item of ``lines`` (a page, or with ``part`` a window of one) when its damage meets
    ``doc.config``'s ``page_item_*`` thresholds, else None (``page_items`` says the rest)."""
    config = doc.config
    start, end = lines[0].start, lines[-1].end
    on_items = [c for c in items if start <= c.start and c.end <= end]
    inside = [c for c in kept if c.end > start and c.start < end]
    if any(c.start < start or c.end > end for c in inside):
        return None  # a record reaching past the page: leave it as it is
    damage = page_damage(doc, lines, [*on_items, *inside])
    if not (
        damage.words <= config.page_item_max_words
        and damage.longer >= config.manual_min_words
        and damage.unknown >= config.page_item_min_unknown
        and damage.screens >= config.page_item_min_items
    ):
        return None
    first, last = lines[0].tokens[0].page_line + 1, lines[-1].tokens[0].page_line + 1
    where = f"page {damage.page}" + (f", lines {first}-{last}" if part else "")
    reason = (
        f"{where}: {damage.unknown:.0%} of its {damage.longer} words of 4+ letters are "
        f"in no dictionary, {damage.screens} review items on it; "
        f"transcribe the {'lines' if part else 'page'} by hand"
    )
    return take_in(doc, lines, on_items, inside, seen, reason, folded)


def windows(
    lines: Sequence[TextLine], max_words: int, window: int | None = None
) -> list[Sequence[TextLine]]:
    """``lines`` (one page, text order) as they are when the page has at most ``max_words``
    tokens (or ``max_words`` is not positive), else cut into as few runs of consecutive lines
    as keep each within ``window`` tokens (default ``max_words``; ``page_items`` uses the
    default), of about equal tokens (a run ends at the first line that reaches its share of
    the page). A line longer than the share is a run of its own.

    >>> from pipeline.stages.correct.tokens import Token
    >>> def line(n, words):
    ...     return TextLine(tuple(Token(i, 0, 1, "word", "word", n, n, 1, "", "", False)
    ...                           for i in range(words)))
    >>> [len(w) for w in windows([line(n, 100) for n in range(10)], 800)]
    [5, 5]
    >>> [len(w) for w in windows([line(n, 100) for n in range(10)], 1000)]
    [10]
    >>> [len(w) for w in windows([line(n, 100) for n in range(10)], 800, 300)]
    [3, 2, 3, 2]
    """
    words = sum(len(line.tokens) for line in lines)
    if max_words <= 0 or words <= max_words:
        return [lines]
    size = max(1, window or max_words)
    share = words / -(-words // size)  # ceil: the fewest runs within the window
    out: list[Sequence[TextLine]] = []
    run: list[TextLine] = []
    count = 0
    for line in lines:
        run.append(line)
        count += len(line.tokens)
        if count >= share * (len(out) + 1) - 1e-9:
            out.append(run)
            run = []
    if run:
        out.append(run)
    return out
