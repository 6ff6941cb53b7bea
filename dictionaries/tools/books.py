"""Build the 19th-century English n-gram model from Project Gutenberg books.

Run as ``python -m dictionaries.tools.books [--out DICT_DIR] [--mirror DIR]`` (part of ``make
dictionaries``). Why: BLN600 and the older FOIA releases are printed English of another
century, and symspellpy's bigrams (web text) and the State Department prose of
``state.ngrams.tsv`` (634k tokens) lack most of its word triples, which decide between near
rivals in the correct stage (``pipeline.stages.correct.window``).

Sources: the plain-text files of Project Gutenberg books as the GITenberg project keeps them
on GitHub, one book per repository (``MIRROR/GITenberg+NAME/repo``, a bare or checked-out
clone; ``make dictionaries`` clones them into ``.cache/sources``). The books (``BOOKS``) were
fixed by a rule written before any figure was measured: British novels first published
1847-1874 (the decades of the BLN600 newspapers), the best-known book of each of eight
major authors of the period, two of Dickens; their texts are public domain in the USA.

Text: between Project Gutenberg's ``*** START OF`` and ``*** END OF`` lines, cut into
paragraphs at blank lines; a paragraph sharing an 8-word run with any benchmark gold text
(``bench/gold``, ``shared/corpus/frus``, the Ground Truth column of
``shared/corpus/bln600/train.csv``: dev and test alike) is dropped. Counted as lowercase
unigrams, bigrams and trigrams (never across ``. ; : ( )`` or quotes: ``lm.count_ngrams``),
each kept at ``MIN_COUNT`` or more, into ``english19.ngrams.tsv``. Deterministic: the same
snapshots give a byte-identical file.
"""

from __future__ import annotations

import argparse
import csv
import logging
import os
import re
import subprocess
from pathlib import Path

from dictionaries.tools.lm import (
    DEFAULT_DIR,
    MIRROR,
    REPO,
    SHINGLE,
    count_ngrams,
    gold_shingles,
    shingles,
)
from pipeline.core.fileio import write_text_atomic

log = logging.getLogger(__name__)

#: GITenberg repository names (``GITenberg/NAME``), by the rule of the module docstring.
BOOKS = (
    "A-Tale-of-Two-Cities_98",  # Dickens 1859
    "Bleak-House_1023",  # Dickens 1853
    "Vanity-Fair_599",  # Thackeray 1848
    "Jane-Eyre_1260",  # Charlotte Brontë 1847
    "North-and-South_4276",  # Gaskell 1855
    "Barchester-Towers_3409",  # Trollope 1857
    "The-Moonstone_155",  # Collins 1868
    "Middlemarch_145",  # George Eliot 1871-72
    "Far-from-the-Madding-Crowd_107",  # Hardy 1874
    "Great-Expectations_1400",  # Dickens 1861
)
#: n-grams seen fewer times are dropped (one occurrence says little and most are names).
MIN_COUNT = 2
OUT_NAME = "english19.ngrams.tsv"
_START = re.compile(r"^\*\*\* ?START OF (THE|THIS) PROJECT GUTENBERG.*$", re.M)
_END = re.compile(r"^\*\*\* ?END OF (THE|THIS) PROJECT GUTENBERG.*$", re.M)


def book_text(repo: Path, name: str) -> str:
    """The body of the book in the GITenberg repository ``repo`` (``name``: ``Title_ID``):
    its ``ID.txt`` (else ``ID-0.txt``, ``ID-8.txt``) between the Gutenberg start and end
    lines, line ends normalised. ``FileNotFoundError`` when it has no such file."""
    number = name.rsplit("_", 1)[1]
    git_dir = repo / ".git" if (repo / ".git").exists() else repo
    for candidate in (f"{number}.txt", f"{number}-0.txt", f"{number}-8.txt"):
        # One file, not ``git archive``: a snapshot may lack the books' large images.
        shown = subprocess.run(
            ["git", "--git-dir", str(git_dir), "show", f"HEAD:{candidate}"],
            capture_output=True,
            check=False,
        )
        if shown.returncode == 0:
            raw = shown.stdout
            break
    else:
        raise FileNotFoundError(f"{repo}: no {number}.txt")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    start, end = _START.search(text), _END.search(text)
    return text[start.end() if start else 0 : end.start() if end else len(text)]


def book_paragraphs(text: str) -> list[str]:
    """``text`` cut at blank lines, each paragraph's lines joined with spaces.

    >>> book_paragraphs("It was the best\\nof times.\\n\\n\\nCHAPTER I")
    ['It was the best of times.', 'CHAPTER I']
    """
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def bln600_gold_shingles(csv_path: Path) -> set[tuple[str, ...]]:
    """Shingles of the Ground Truth column of a BLN600 ``train.csv`` (empty if missing)."""
    out: set[tuple[str, ...]] = set()
    if not csv_path.is_file():
        log.warning("%s missing: BLN600 gold not excluded", csv_path)
        return out
    csv.field_size_limit(1 << 30)
    with csv_path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out |= shingles(row["Ground Truth"])
    return out


def _shared_corpus() -> Path:
    """``shared/corpus``: ``$FOIA_SHARED`` first, then beside the checkout or its worktree
    folder (as ``bench.material.shared_dir`` looks)."""
    env = os.environ.get("FOIA_SHARED")
    for base in [Path(env)] if env else [REPO.parent / "shared", REPO.parent.parent / "shared"]:
        if (base / "corpus").is_dir():
            return base / "corpus"
    return REPO.parent / "shared" / "corpus"


def build(out_dir: Path = DEFAULT_DIR, mirror: Path = MIRROR) -> Path | None:
    """Write ``english19.ngrams.tsv`` into ``out_dir`` from the ``BOOKS`` snapshots under
    ``mirror``; None (and a warning, the committed file kept) when one is missing."""
    missing = [b for b in BOOKS if not (mirror / f"GITenberg+{b}" / "repo").exists()]
    if missing:
        log.warning("%s: no snapshot of %s; keeping the committed %s", mirror, missing, OUT_NAME)
        return None
    shared = _shared_corpus()
    gold = gold_shingles([REPO / "bench" / "gold", shared / "frus"])
    gold |= bln600_gold_shingles(shared / "bln600" / "train.csv")
    texts: list[str] = []
    dropped = 0
    for name in BOOKS:
        for para in book_paragraphs(book_text(mirror / f"GITenberg+{name}" / "repo", name)):
            if shingles(para) & gold:
                dropped += 1
                continue
            texts.append(para)
    uni, _, tri = count_ngrams(texts)
    lines = [
        "# source: Project Gutenberg books (public domain in the USA) from the GITenberg "
        f"repositories {', '.join(BOOKS)}: lowercase word triples; counts >= "
        f"{MIN_COUNT}; paragraphs sharing an {SHINGLE}-word run with a benchmark gold text "
        f"dropped ({dropped})",
        f"# tokens: {sum(uni.values())}",
    ]
    # Triples only: the pairs and words of novels would change what the ranking's State and
    # batch context (``rank.context_prob``) reads, which was measured without them.
    lines += [f"{w}\t{c}" for w, c in sorted(tri.items()) if c >= MIN_COUNT]
    path = out_dir / OUT_NAME
    write_text_atomic(path, "\n".join(lines) + "\n")
    path.chmod(0o644)
    log.info("%s: %d tokens, %d paragraphs dropped as gold", path, sum(uni.values()), dropped)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--mirror", type=Path, default=MIRROR)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    build(args.out, args.mirror)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
