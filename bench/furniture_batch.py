"""Would repetition across the documents of one batch find the furniture still left? (dev only)

Issue 14 names a kind of evidence the strip stage does not use: a release's documents share
stamps, headers and cover-sheet lines, so a line that other documents of the same batch print
may be furniture even where its own document prints it once. ``bench.furniture_eval`` cannot
measure this, since it strips each document alone. This module measures what such a pass could
win and what it would risk, before anything is built:

* the batch is a release: the JFK files of one release (``2018__``, ``2022__``,
  ``2025__0318__`` ...; ``release``), taken from every dev text this checkout can read (the
  labelled lines' files of ``bench/furniture/dev.tsv``, the ``bench/furniture/<slice>/`` dev
  files of ``bench/splits.json`` and the shared corpus's JFK dev files; no test file);
* a line is **printed elsewhere** when another document of its release has a line with the same
  ``line_key`` (digits masked, case and punctuation dropped) or one within ``SIMILAR`` of it
  (rapidfuzz ratio): OCR varies, numbers change;
* **won**: furniture lines the strip stage leaves (the labelled set's dev documents, judged at
  their place, and ``bench.furniture_eval``'s dev lines) that are printed elsewhere; a line that
  is only a number after masking (a year, a date, a scan mark's digits) is counted apart, since
  every document prints such numbers and their repetition says nothing;
* **risked**: body lines (``B`` rows of ``dev.tsv``, the labelled set's dev body lines) printed
  elsewhere: what a batch pass would have to tell apart (a memo's opening sentence, an
  approval's boilerplate paragraph, a ``SUBJECT:`` line are printed by many documents and are
  body).

    FOIA_SHARED=../shared python -m bench.furniture_batch [--show]

Prints the counts (and with ``--show`` every line counted). Standalone, dev only; about two CPU
minutes (``bench.furniture_eval``'s dev run is most of it). Exit code 0 whatever the numbers, 2
without the shared corpus.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from bench.furniture_eval import CORPUS, LABELS, evaluate, read_labels, source
from bench.material import documents

#: Two line keys this similar (rapidfuzz ratio, 0-100) are one printed line read twice.
SIMILAR = 85
#: Keys shorter than this (characters) are too short to say anything when repeated.
MIN_KEY = 4

_RELEASE = re.compile(r"^(\d{4}(?:__\d{4})?)__")
_FILE_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): ")


def release(name: str) -> str | None:
    """The release a JFK file belongs to, from its name: ``2022__104-...md`` -> ``2022``,
    ``2025__0318__124-...md`` -> ``2025__0318``; None for a name without one (Talbott).

    >>> release("2025__0318__124-10204-10101.md"), release("C06685763.txt")
    ('2025__0318', None)
    """
    m = _RELEASE.match(name)
    return m.group(1) if m else None


def line_key(text: str) -> str:
    """A line as repetition compares it: digits masked to ``#``, letters upper-cased, every other
    character a space, spaces collapsed.

    >>> line_key("REC- 48"), line_key("Rec 17.")
    ('REC ##', 'REC ##')
    """
    masked = re.sub(r"\d", "#", text.upper())
    return " ".join(re.sub(r"[^A-Z#]", " ", masked).split())


def number_only(key: str) -> bool:
    """True for a key with no letter (a year, a date, a scan mark's digits)."""
    return not re.search(r"[A-Z]", key)


def dev_files(corpus_dir: Path) -> dict[str, Path]:
    """Every dev JFK text this checkout can read, by file name (a file held twice is read
    once): the files of ``dev.tsv``'s labels, each ``bench/furniture/<slice>/`` slice's dev
    files and the shared corpus's JFK dev files."""
    out: dict[str, Path] = {}
    for lab in read_labels(LABELS / "dev.tsv"):
        out.setdefault(lab.file, source(corpus_dir, lab.corpus, lab.file))
    slices = [p.name for p in sorted(LABELS.iterdir()) if p.is_dir()]
    for corpus in ["jfk", *slices]:
        for name in documents(corpus, "dev"):
            path = source(corpus_dir, corpus, name)
            if path.is_file():
                out.setdefault(name, path)
    return {n: p for n, p in out.items() if release(n) is not None}


@dataclass
class Pool:
    """Each release's documents as sets of line keys: ``keys[release][file name]``."""

    keys: dict[str, dict[str, set[str]]] = field(default_factory=lambda: defaultdict(dict))

    @classmethod
    def read(cls, files: dict[str, Path]) -> Pool:
        """The pool of ``files`` (name -> path, UTF-8 text with an optional BOM)."""
        pool = cls()
        for name, path in sorted(files.items()):
            lines = path.read_text(encoding="utf-8-sig").split("\n")
            keys = {k for k in map(line_key, lines) if len(k) >= MIN_KEY}
            pool.keys[release(name) or ""][name] = keys
        return pool

    def elsewhere(self, name: str, text: str) -> list[str]:
        """The other documents of ``name``'s release that print ``text`` (``line_key`` equal or
        within ``SIMILAR``), sorted; [] for a key shorter than ``MIN_KEY`` or no release."""
        key, rel = line_key(text), release(name)
        if len(key) < MIN_KEY or rel is None:
            return []
        hits = []
        for other, keys in self.keys.get(rel, {}).items():
            if other == name:
                continue
            if key in keys or process.extractOne(
                key, keys, scorer=fuzz.ratio, score_cutoff=SIMILAR
            ):
                hits.append(other)
        return sorted(hits)


@dataclass
class Count:
    """Lines looked at, and those printed elsewhere (with the documents), numbers apart."""

    lines: int = 0
    hits: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (file, text, others)

    def add(self, pool: Pool, name: str, text: str) -> None:
        self.lines += 1
        others = pool.elsewhere(name, text)
        if others:
            self.hits.append((name, text, others))

    def summary(self) -> str:
        numbers = sum(number_only(line_key(t)) for _, t, _ in self.hits)
        return (
            f"{len(self.hits)}/{self.lines} printed elsewhere in their release "
            f"({numbers} of them numbers only)"
        )


def labelled_dev(pool: Pool) -> tuple[Count, Count]:
    """The labelled set's dev documents stripped alone: (furniture left at its place, body
    lines), each counted against ``pool``. A document's file is its label's ``source``."""
    import tempfile

    from bench.labelled import REPO, furniture_left_in_place, load_labels, source_lines
    from pipeline.lexicon import Lexicon
    from pipeline.stages.ingest import read_text_document
    from pipeline.stages.strip import StripConfig, strip

    lexicon = Lexicon.load(REPO / "dictionaries")
    left, body = Count(), Count()
    for d in load_labels():
        if d.split != "dev":
            continue
        name = Path(source_lines(d)[0]).name
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{d.name}.txt"
            path.write_text(d.ocr_text(), encoding="utf-8")
            pages = read_text_document(path)
            result = strip(pages, StripConfig(), lexicon)
        _, left_there = furniture_left_in_place(d, pages, result.removals)
        for text in left_there:
            left.add(pool, name, text)
        for text in d.body_lines():
            body.add(pool, name, text)
    return left, body


def furniture_dev(pool: Pool, corpus_dir: Path) -> tuple[Count, Count]:
    """``bench.furniture_eval``'s dev lines, documents stripped whole: (furniture lines left,
    ``B`` rows), each counted against ``pool``."""
    labels = {(lab.file, lab.line): lab for lab in read_labels(LABELS / "dev.tsv")}
    left, body = Count(), Count()
    for tally in evaluate("dev", corpus_dir, show=False).values():
        for what in tally.left:
            m = _FILE_LINE.match(what)
            if m:
                lab = labels[(m["file"], int(m["line"]))]
                left.add(pool, lab.file, lab.text)
    for lab in labels.values():
        if lab.label == "B":
            body.add(pool, lab.file, lab.text)
    return left, body


def main(argv: list[str] | None = None) -> int:
    """Won and risked by repetition across a release's documents, on the dev material."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the shared corpus folder")
    parser.add_argument("--show", action="store_true", help="print every line counted")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"{args.corpus}: no such folder (the shared corpus)", file=sys.stderr)
        return 2
    pool = Pool.read(dev_files(args.corpus))
    sizes = ", ".join(f"{r} {len(d)}" for r, d in sorted(pool.keys.items()))
    print(f"batches (dev documents by release): {sizes}")
    rows = [
        ("labelled dev, furniture left", *labelled_dev(pool)),
        ("furniture_eval dev, lines left", *furniture_dev(pool, args.corpus)),
    ]
    for what, left, body in rows:
        print(f"{what}: {left.summary()}; body lines: {body.summary()}")
        if args.show:
            for tag, count in (("won", left), ("risked", body)):
                for name, text, others in count.hits:
                    shown = ", ".join(others[:3]) + (" ..." if len(others) > 3 else "")
                    print(f"  {tag:<6} {name}: {text[:70]!r} <- {len(others)}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
