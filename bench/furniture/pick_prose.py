"""The rule that chose the ``jfk-prose`` dev documents (issue 14, session 30, helper furn14).

The labelled test set (``bench/labels``) is scored on prose *excerpts* of the 2022, 2023 and
2025 releases, each stripped alone: 120 lines from a document's first prose line, the rule of
``bench.labelled.jfk_candidates``. Dev held no such excerpt of those releases, so this rule
takes some, drawn the way the test part was drawn. ``bench/furniture/README.md`` (section
"Prose excerpts of the 2022-2025 releases") says what the rule is; it was written and committed
before any text of its documents was read. It gives the documents back from a local copy of
noops888/jfk-files-text @55840853:

    python -m bench.furniture.pick_prose /path/to/jfk-files-text.git

prints ``name<TAB>path in the repository<TAB>bytes`` per document. Unlike the earlier rules it
reads the candidates' text, by program only, to apply the labelled set's prose test
(``bench.labelled.is_prose``); the 176- series is in the pool, as it is in the test part.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from bench.furniture import pick_recent
from bench.furniture.pick_recent import COMMIT, excluded, record_id, record_number

FOLDERS = (
    "extracted_text/releases/2022",
    "extracted_text/releases/2023",
    "extracted_text/releases/2025",
)
HELD = ("jfk-more", "jfk-176", "jfk-state", "jfk-recent", "jfk-2022", "jfk-series")
SMALLEST, LARGEST = 1_000, 100_000  # bytes of the blob
# Documents taken: 6 first; 10 once the first 6, read and labelled, held only 29 furniture
# lines (ranks 7-10 of the same order, taken before any of their text was read).
TAKE = 10
SEED = "furn14:"  # salt of the hash that orders the candidates


def salted_rank(seed: str, name: str) -> str:
    """The order a slice's candidates are taken in (each slice's rule names its own salt):
    sha256 of ``seed`` + the file name, hex."""
    return hashlib.sha256((seed + name).encode()).hexdigest()


def rank(name: str) -> str:
    """The order candidates are taken in: ``salted_rank`` with ``SEED``."""
    return salted_rank(SEED, name)


def pool(
    repo: Path,
    corpus: Path,
    held: tuple[str, ...] = HELD,
    folders: tuple[str, ...] = FOLDERS,
) -> list[tuple[str, str, int]]:
    """Every file of ``folders`` (default ``FOLDERS``) the rule may take, as (name, path in
    the repository, bytes), in name order: less the record numbers of
    ``pick_recent.excluded(corpus, held)`` (the jfk test list, the shared corpus, the held
    dev folders), less blobs outside ``SMALLEST``..``LARGEST`` bytes or missing from the
    snapshot, and one file per record number (the first by name: the earliest release).
    Raises ``CalledProcessError`` when git cannot list the commit's tree."""
    tree = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "-r", "-l", COMMIT, *folders],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    skip = excluded(corpus, held)
    skip_ids = {record_id(n) for n in skip}
    found: list[tuple[str, str, int]] = []
    for row in tree.splitlines():
        meta, path = row.split("\t", 1)
        size = meta.split()[3]
        if not size.isdigit() or not SMALLEST <= int(size) <= LARGEST:
            continue
        parts = path.split("/")[2:]  # year, [folder], file
        stem = parts[-1].removesuffix(".md")
        if record_number(stem) in skip or record_id(stem) in skip_ids:
            continue
        found.append(("__".join(parts), path, int(size)))
    found.sort()
    seen: set[str] = set()
    out = []
    for c in found:
        rid = record_id(c[0].removesuffix(".md"))
        if rid not in seen:
            seen.add(rid)
            out.append(c)
    return out


def is_prose_document(text: str) -> bool:
    """The labelled set's rule (``bench.labelled.jfk_candidates``): at least ``PROSE_LINES``
    prose lines (``bench.labelled.is_prose``)."""
    from bench.labelled import PROSE_LINES, is_prose

    return sum(map(is_prose, text.split("\n"))) >= PROSE_LINES


def first_taken(
    repo: Path,
    ordered: list[tuple[str, str, int]],
    accept: Callable[[str], bool],
    take: int,
) -> list[tuple[str, str, int]]:
    """The first ``take`` of ``ordered`` candidates (name, path in the repository, bytes) whose
    text at ``COMMIT`` ``accept`` takes, in name order. Raises ``CalledProcessError`` when git
    cannot read a blob."""
    chosen: list[tuple[str, str, int]] = []
    for c in ordered:
        blob = subprocess.run(
            ["git", "-C", str(repo), "cat-file", "blob", f"{COMMIT}:{c[1]}"],
            capture_output=True, check=True,
        ).stdout  # fmt: skip
        if accept(blob.decode("utf-8", errors="replace")):
            chosen.append(c)
            if len(chosen) == take:
                break
    return sorted(chosen)


def pick(repo: Path, corpus: Path) -> list[tuple[str, str, int]]:
    """The rule's documents as (name, path in the repository, bytes), in name order: the
    ``pool`` ordered by ``rank``, the first ``TAKE`` that are prose documents."""
    ordered = sorted(pool(repo, corpus), key=lambda c: rank(c[0]))
    return first_taken(repo, ordered, is_prose_document, TAKE)


def main(argv: list[str] | None = None) -> int:
    """Print the rule's documents."""
    return pick_recent.main(argv, pick, __doc__ or "")


if __name__ == "__main__":
    sys.exit(main())
