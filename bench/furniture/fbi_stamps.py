"""Count the FBI file stamps of ``pipeline/stages/strip/patterns/fbi_stamps`` in the JFK
releases' dev years (issue 14, session 34, helper furniture2): the source of that module's
figures.

Reads the files of the 2018 and 2021 releases of a git copy of noops888/jfk-files-text
@55840853, one per record number, less the jfk test list's and ``../shared/corpus/jfk``'s
record numbers (``form_wording.read_copies``: nothing is read from a test document), and for
each pattern counts the whole lines (stripped) it takes and the records holding one, with the
most frequent readings. ``--candidates`` lists instead the short lines (digits masked,
``repetition_key``) that the strip stage's ``match_line`` does not know and that recur in 20
records or more: where the families were read from.

    python -m bench.furniture.fbi_stamps /work/.mirror/noops888+jfk-files-text/repo
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from bench.furniture.form_wording import read_copies
from pipeline.stages.strip.patterns.base import DEBRIS, repetition_key
from pipeline.stages.strip.patterns.fbi_stamps import FBI_STAMP_LINES, savings_footer
from pipeline.stages.strip.patterns.match import match_line

MIN_RECORDS = 20  # records a candidate line recurs in
MAX_WORDS = 8  # words of a candidate line


def family(line: str) -> str | None:
    """The ``fbi_stamps`` family a stripped line is, or None."""
    if savings_footer(line):
        return "fbi-savings-footer"
    core = line.strip(DEBRIS + " \t")
    for pat in FBI_STAMP_LINES:
        if pat.regex.fullmatch(core):
            return pat.name
    return None


def main(argv: list[str] | None = None) -> None:
    """Print each family's lines and records (or the candidates) for the mirror at REPO."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("repo", type=Path)
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    ap.add_argument("--candidates", action="store_true")
    args = ap.parse_args(argv)
    copies = read_copies(args.repo, args.corpus)
    if args.candidates:
        records: Counter[str] = Counter()
        for c in copies:
            records.update({repetition_key(ln).strip(DEBRIS + " ") for ln in c.lines})
        for k, n in records.most_common():
            if n < MIN_RECORDS:
                break
            short = k and len(k.split()) <= MAX_WORDS and re.search("[A-Z]{2}", k)
            if short and match_line(k) is None:
                print(n, repr(k))
        return
    lines: Counter[str] = Counter()
    held: Counter[str] = Counter()
    readings: dict[str, Counter[str]] = {}
    for c in copies:
        seen = set()
        for ln in c.lines:
            name = family(ln.strip())
            if name is not None:
                lines[name] += 1
                seen.add(name)
                readings.setdefault(name, Counter())[ln.strip()] += 1
        held.update(seen)
    print(f"{len(copies)} records read")
    for name in sorted(lines):
        top = ", ".join(f"{t!r} {n}" for t, n in readings[name].most_common(4))
        print(f"{name}: {lines[name]} lines in {held[name]} records ({top})")


if __name__ == "__main__":
    main()
