"""Which prose excerpts of the 2022-2025 JFK releases the labelled set's dev split holds.

The labelled test split is scored on 120-line prose excerpts of the 2022, 2023 and 2025 releases
(``bench.labelled.jfk_candidates`` over the test years), but dev by release year holds only
2018 and 2021 files, so no dev document was like them. Session 30 (issue 15) added dev excerpts
of those releases from the ``jfk-prose`` slice of ``bench/splits.json``: documents of
noops888/jfk-files-text @55840853 drawn by a rule written before any was read
(``bench/furniture/pick_prose.py``, held in ``bench/furniture/jfk-prose/``). This module is the
labelled set's rule over that slice, and ``tests/test_bench_labels.py`` checks the files in
``bench/labels/jfk-prose/`` are exactly what it gives:

1. the slice's documents in the order the slice's own rule walked them, sha256(``furn14:`` +
   file name) (``pick_prose.rank``), not a choice made after reading;
2. from each, the excerpt of ``bench.labelled.excerpt`` (120 source lines from the first prose
   line), every line labelled;
3. documents taken in that order until the labelled excerpts hold at least
   ``bench.labelled.SPLIT_ERRORS`` marked OCR errors.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from bench.labelled import excerpt
from bench.material import REPO, documents

CORPUS = "jfk-prose"  # the bench/splits.json key, the label files' corpus and folder
FOLDER = REPO / "bench" / "furniture" / "jfk-prose"  # the slice's OCR text, one file a document
SALT = "furn14:"  # pick_prose's salt: its order is sha256(SALT + file name)


def rank(name: str) -> str:
    """The slice's order, sha256(``SALT`` + file name) in hex (as ``pick_prose.rank``)."""
    return hashlib.sha256((SALT + name).encode()).hexdigest()


def prose_candidates(folder: Path = FOLDER) -> list[tuple[str, int, int]]:
    """The ``jfk-prose`` dev documents in the order the labelled set takes them (``rank``), each
    as ``(file name, first line, last line)`` of its excerpt (``bench.labelled.excerpt``);
    documents that are not prose by the labelled set's test are left out (the slice's rule
    took only prose documents, so none is). Reads ``folder/<name>``; raises ``OSError`` when a
    file is missing."""
    out = []
    for name in sorted(documents(CORPUS, "dev"), key=rank):
        window = excerpt(folder / name)
        if window:
            out.append((name, *window))
    return out
