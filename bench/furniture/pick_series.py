"""The rule that chose the ``jfk-series`` dev documents (issue 14, session 29, helper furn13).

The labelled test side's misses sit in documents of CIA's 104- series of the 2022 release and
the FBI's 124- series of the 2025 release; ``jfk-2022`` holds eight 2022 CIA documents and one
FBI copy, ``jfk-recent`` no 2025 FBI document, so this rule takes more of both series.
``bench/furniture/README.md`` (section "CIA 2022 and FBI 2025 series") says what the rule is.
It gives the documents back from a local copy of noops888/jfk-files-text @55840853 (names and
blob sizes from the tree; no text is read):

    python -m bench.furniture.pick_series /path/to/jfk-files-text.git

prints ``name<TAB>path in the repository<TAB>bytes`` per document.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench.furniture import pick_prose, pick_recent
from bench.furniture.pick_recent import candidates, record_number

FOLDERS = ("extracted_text/releases/2022", "extracted_text/releases/2025")
HELD = ("jfk-more", "jfk-176", "jfk-state", "jfk-recent", "jfk-2022")
SERIES = (("2022__", "104-"), ("2025__", "124-"))  # (release prefix of the name, series)
EACH = 8  # documents per series (4 first; 8 once the 4 showed as 1-5 kB, before any text was read)
SEED = "furn13:"  # salt of the hash that orders each series' candidates


def rank(name: str) -> str:
    """The order a series' candidates are taken in: sha256 of ``SEED`` + the file name, hex."""
    return pick_prose.salted_rank(SEED, name)


def pick(repo: Path, corpus: Path) -> list[tuple[str, str, int]]:
    """The rule's documents as (name, path in the repository, bytes), in name order: of each
    ``SERIES`` the ``EACH`` candidates (``pick_recent.candidates``: not in the jfk test list,
    the shared corpus or the ``HELD`` folders, 1,000 to 40,000 bytes) first by ``rank``."""
    found = candidates(repo, corpus, FOLDERS, HELD)
    chosen: list[tuple[str, str, int]] = []
    for release, series in SERIES:
        pool = [c for c in found if c[0].startswith(release)]
        pool = [c for c in pool if record_number(c[0].removesuffix(".md")).startswith(series)]
        chosen += sorted(pool, key=lambda c: rank(c[0]))[:EACH]
    return sorted(chosen)


def main(argv: list[str] | None = None) -> int:
    """Print the rule's documents."""
    return pick_recent.main(argv, pick, __doc__ or "")


if __name__ == "__main__":
    sys.exit(main())
