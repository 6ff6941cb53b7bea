"""The rule that chose the ``jfk-opening`` dev documents (issue 14, session 30, helper furn15).

The labelled test set's excerpts (``bench.labelled``) start at a document's first prose line;
where that line is near the top, the excerpt holds the first page's head (NARA's release lines,
routing or cover matter, the document number, banners, the title block). Every dev excerpt so
far (``jfk-prose``) starts after such a head, so dev held hardly any document opening of the
2022-2025 releases. This rule takes some. ``bench/furniture/README.md`` (section "Document
openings") says what it is; it was written and committed before any text of its documents was
read. It gives the documents back from a local copy of noops888/jfk-files-text @55840853:

    python -m bench.furniture.pick_opening /path/to/jfk-files-text.git

prints ``name<TAB>path in the repository<TAB>bytes`` per document. Like ``pick_prose`` it reads
the candidates' text by program only, for the labelled set's prose test.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench.furniture import pick_prose, pick_recent

HELD = (*pick_prose.HELD, "jfk-prose")
FIRST_PROSE = 15  # the first prose line must be one of the file's first 15 lines
OPENING_LINES = 120  # the excerpt labelled: lines 1-120 of the file
TAKE = 8
SEED = "furn15:"  # salt of the hash that orders the candidates


def rank(name: str) -> str:
    """The order candidates are taken in: sha256 of ``SEED`` + the file name, hex."""
    return pick_prose.salted_rank(SEED, name)


def opens_with_prose(text: str) -> bool:
    """A prose document (``pick_prose.is_prose_document``) whose first prose line
    (``bench.labelled.is_prose``) is within its first ``FIRST_PROSE`` lines."""
    from bench.labelled import is_prose

    lines = text.split("\n")
    head = any(is_prose(line) for line in lines[:FIRST_PROSE])
    return head and pick_prose.is_prose_document(text)


def pick(repo: Path, corpus: Path) -> list[tuple[str, str, int]]:
    """The rule's documents as (name, path in the repository, bytes), in name order: the
    ``pick_prose.pool`` of the 2022, 2023 and 2025 releases less the ``HELD`` folders
    (``jfk-prose`` too), ordered by ``rank``, the first ``TAKE`` that ``opens_with_prose``.
    Raises ``CalledProcessError`` when git cannot read the commit."""
    ordered = sorted(pick_prose.pool(repo, corpus, HELD), key=lambda c: rank(c[0]))
    return pick_prose.first_taken(repo, ordered, opens_with_prose, TAKE)


def main(argv: list[str] | None = None) -> int:
    """Print the rule's documents."""
    return pick_recent.main(argv, pick, __doc__ or "")


if __name__ == "__main__":
    sys.exit(main())
