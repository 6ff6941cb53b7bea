"""The rule that chose the ``jfk-2022`` dev documents (issue 14, session 27, lead's decision).

The dev split held no document of NARA's 2022 JFK release outside the JFK Library's 176- series;
``bench/furniture/README.md`` (section "The 2022 release") says why and what the rule is. This
gives the rule's documents back from a local copy of noops888/jfk-files-text @55840853 (names
and blob sizes from the tree; no text is read):

    python -m bench.furniture.pick_2022 /path/to/jfk-files-text.git

prints ``name<TAB>path in the repository<TAB>bytes`` per document.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench.furniture import pick_recent
from bench.furniture.pick_recent import candidates, record_number

FOLDER = "extracted_text/releases/2022"
HELD = ("jfk-more", "jfk-176", "jfk-state", "jfk-recent")
EVERY, FIRST = 700, 350  # every 700th from the 350th (1-based) of the 8,493 files: 12
FBI = "124-"  # the FBI's series: taken apart when the pick above holds none of it
FBI_EVERY, FBI_FIRST = 200, 100  # of the FBI files of the same list: 3


def pick(repo: Path, corpus: Path) -> list[tuple[str, str, int]]:
    """The rule's documents as (name, path in the repository, bytes), in name order: every
    ``EVERY``-th candidate from the ``FIRST``-th, and the FBI's every ``FBI_EVERY``-th from the
    ``FBI_FIRST``-th when those hold no FBI file."""
    found = candidates(repo, corpus, (FOLDER,), HELD)
    chosen = found[FIRST - 1 :: EVERY]
    if not any(record_number(name[6:-3]).startswith(FBI) for name, _, _ in chosen):
        fbi = [c for c in found if record_number(c[0][6:-3]).startswith(FBI)]
        chosen = sorted(chosen + fbi[FBI_FIRST - 1 :: FBI_EVERY])
    return chosen


def main(argv: list[str] | None = None) -> int:
    """Print the rule's documents."""
    return pick_recent.main(argv, pick, __doc__ or "")


if __name__ == "__main__":
    sys.exit(main())
