"""The records of the line breaks the rejoining took out: one ``line-join`` record a page.

A paragraph's wrapped lines are joined by a space and a word broken at a line end is joined
whole (``reflow._join_kind``); either way a line break of ``raw.txt`` is gone from
``stripped.txt``. One record per page lists those lines (``Removal.space_lines``,
``Removal.word_lines``) rather than one record per break, which would outnumber every other
record of a document; with them ``raw.txt`` and ``removed.jsonl`` alone rebuild
``stripped.txt`` (README, "Nothing is lost").
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.core.enums import FurnitureKind
from pipeline.core.records import Page
from pipeline.core.results import Removal


def line_join_records(pages: Sequence[Page], broke: list[tuple[int, int, bool]]) -> list[Removal]:
    """One ``line-join`` record per page (``Removal``'s ``space_lines`` and ``word_lines``)
    from ``broke``: (page number, line index, whether the break became a space) in text order.
    The record removes no text; it sits at the end of the first line listed."""
    lengths = {p.number: [len(ln.text) for ln in p.lines] for p in pages}
    by_page: dict[int, tuple[list[int], list[int]]] = {}
    for page, line, spaced in broke:
        by_page.setdefault(page, ([], []))[0 if spaced else 1].append(line)
    records = []
    for page, (space, word) in by_page.items():
        first = min(space + word)
        end = lengths[page][first]
        why = []
        if space:
            why.append(f"{_breaks(len(space))} inside a paragraph became a space")
        if word:
            why.append(f"{_breaks(len(word))} inside a word broken at the line end taken out")
        records.append(
            Removal(
                page,
                first,
                end,
                end,
                "",
                FurnitureKind.LINE_JOIN,
                tuple(why),
                1.0,
                None,
                tuple(space),
                tuple(word),
            )
        )
    return records


def _breaks(n: int) -> str:
    """ "1 line break", "3 line breaks"."""
    return f"{n} line break{'' if n == 1 else 's'}"
