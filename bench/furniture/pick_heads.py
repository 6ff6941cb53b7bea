"""The rule that chose the ``jfk-heads`` dev documents (issue 14, session 35, helper heads).

The labelled test set's excerpts that start at a document's first line hold its first page's
head: routing and handling blocks, stamps, form headers, transmittal slips. ``jfk-opening``
(``pick_opening``) took openings too, but only of documents whose first prose line is within
their first 15 lines, so its heads are short. This rule takes the documents whose head is
*long*: the first prose line (``bench.labelled.is_prose``) comes after line
``HEAD_AT_LEAST`` and by line ``HEAD_AT_MOST``, so lines 1-``OPENING_LINES`` hold at least
15 lines of head and some of the body under it. Dev release years only (2018, 2021: dev by
the by-year rule of ``bench/splits.json``, no exception needed). ``bench/furniture/README.md``
(section "Long first-page heads") says what it is; it was written and committed before any
text of its documents was read. It gives the documents back from a local copy of
noops888/jfk-files-text @55840853:

    python -m bench.furniture.pick_heads /path/to/jfk-files-text.git

prints ``name<TAB>path in the repository<TAB>bytes`` per document. Like ``pick_prose`` it reads
the candidates' text by program only.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench.furniture import pick_prose, pick_recent

FOLDERS = ("extracted_text/releases/2018", "extracted_text/releases/2021")
HELD = (*pick_prose.HELD, "jfk-prose", "jfk-opening")
HEAD_AT_LEAST = 15  # no prose line among the file's first 15 lines
HEAD_AT_MOST = 45  # the first prose line is one of lines 16-45
OPENING_LINES = 60  # the excerpt labelled: lines 1-60 of the file
TAKE = 8
SEED = "heads35:"  # salt of the hash that orders the candidates


def rank(name: str) -> str:
    """The order candidates are taken in: sha256 of ``SEED`` + the file name, hex."""
    return pick_prose.salted_rank(SEED, name)


def has_long_head(text: str) -> bool:
    """A prose document (``pick_prose.is_prose_document``) whose first prose line
    (``bench.labelled.is_prose``) is line ``HEAD_AT_LEAST`` + 1 .. ``HEAD_AT_MOST`` (1-based)."""
    from bench.labelled import is_prose

    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if is_prose(line)), None)
    if first is None or not HEAD_AT_LEAST <= first < HEAD_AT_MOST:
        return False
    return pick_prose.is_prose_document(text)


def pick(repo: Path, corpus: Path) -> list[tuple[str, str, int]]:
    """The rule's documents as (name, path in the repository, bytes), in name order: the
    ``pick_prose.pool`` of the 2018 and 2021 releases (1,000-100,000 bytes, one file per record
    number, less the record numbers of the jfk test list, ``shared/corpus/jfk`` and the
    ``HELD`` folders), ordered by ``rank``, the first ``TAKE`` that ``has_long_head``.
    Raises ``CalledProcessError`` when git cannot read the commit."""
    ordered = sorted(pick_prose.pool(repo, corpus, HELD, FOLDERS), key=lambda c: rank(c[0]))
    return pick_prose.first_taken(repo, ordered, has_long_head, TAKE)


def main(argv: list[str] | None = None) -> int:
    """Print the rule's documents."""
    return pick_recent.main(argv, pick, __doc__ or "")


if __name__ == "__main__":
    sys.exit(main())
