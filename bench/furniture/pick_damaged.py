"""The rule that chose the ``jfk-damaged`` dev excerpts (issue 15, session 36, helper items).

Issue 15's item figure on the labelled test split leans on badly damaged typescript
(``bench/labels/README.md``), which the labelled dev files hardly hold, so dev-side item work
could not be seen to carry there. This rule takes dev excerpts of damaged typed prose: the
labelled set's excerpt (``bench.labelled.excerpt``: 120 source lines from the first prose line)
of prose documents (``pick_prose.is_prose_document``) of the 2018 and 2021 releases (dev by
the by-year rule of ``bench/splits.json``, no exception needed) whose excerpt has between
``LOW`` and ``HIGH`` of its words of 4+ letters in no dictionary (``unknown_share``: the count
``correct.manual`` and ``correct.page_items`` judge a page by; ``HIGH`` is where
``page_items`` already makes a page one item, ``CorrectConfig.page_item_min_unknown``). It was
written and committed before any text of its documents was read; it reads the candidates' text
by program only. It gives the documents back from a local copy of noops888/jfk-files-text
@55840853:

    python -m bench.furniture.pick_damaged /path/to/jfk-files-text.git

prints ``name<TAB>path in the repository<TAB>bytes`` per document; ``--write DIR`` also writes
each excerpt to ``DIR/<name>`` (the copies ``bench/damaged_items`` reads).

A second list (``--heavy``, written and committed after the first list was drawn but before any
text of either was read, session 36): the same pool and order, the first ``TAKE_HEAVY`` prose
excerpts with ``HIGH`` .. ``HEAVY_HIGH`` of their words of 4+ letters unknown, the band where
``page_items`` makes a page one item but only for a page of at most
``CorrectConfig.page_item_max_words`` words (text input without page marks is one "page" per
document, so a long damaged excerpt is never one), up to where ``correct.manual`` skips a
page as no text (``1 - CorrectConfig.manual_min_known``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from functools import cache
from pathlib import Path

from bench.furniture import pick_heads, pick_prose
from bench.furniture.pick_recent import COMMIT

FOLDERS = pick_heads.FOLDERS  # the 2018 and 2021 releases
HELD = (*pick_heads.HELD, "jfk-heads")
LOW, HIGH = 0.20, 0.45  # share of the excerpt's words of 4+ letters in no dictionary
TAKE = 16
HEAVY_HIGH, TAKE_HEAVY = 0.60, 8  # the second list (``--heavy``)
SEED = "items36:"  # salt of the hash that orders the candidates


def rank(name: str) -> str:
    """The order candidates are taken in: ``pick_prose.salted_rank`` with ``SEED``."""
    return pick_prose.salted_rank(SEED, name)


@cache
def _lexicon():  # pipeline.lexicon.Lexicon, imported late (slow to import)
    from bench.material import REPO
    from pipeline.lexicon import Lexicon

    return Lexicon.load(REPO / "dictionaries")


def excerpt_text(text: str) -> str | None:
    """The excerpt ``bench.labelled.excerpt`` takes of a file's ``text`` (its lines a-b), or
    None when the text is no prose document."""
    from bench.labelled import EXCERPT_LINES, PROSE_LINES, is_prose

    lines = text.split("\n")
    prose = [n for n, line in enumerate(lines) if is_prose(line)]
    if len(prose) < PROSE_LINES:
        return None
    return "\n".join(lines[prose[0] : prose[0] + EXCERPT_LINES])


def unknown_share(text: str) -> float:
    """The share (0-1) of ``text``'s alphabetic word cores of 4+ letters that no shipped
    dictionary knows (``correct.manual.known_share``); 0 when it has none."""
    from pipeline.core.text import EDGE
    from pipeline.stages.correct.manual import known_share
    from pipeline.stages.correct.tokens import is_alpha_word

    cores = [w.strip(EDGE) for w in text.split()]
    longer = [w for w in cores if is_alpha_word(w) and len(w) >= 4]
    return 1 - known_share(longer, _lexicon()) if longer else 0.0


def is_damaged_prose(text: str) -> bool:
    """A prose document whose excerpt's ``unknown_share`` is in ``LOW`` .. ``HIGH``."""
    part = excerpt_text(text)
    return part is not None and LOW <= unknown_share(part) < HIGH


def is_heavily_damaged_prose(text: str) -> bool:
    """A prose document whose excerpt's ``unknown_share`` is in ``HIGH`` .. ``HEAVY_HIGH``."""
    part = excerpt_text(text)
    return part is not None and HIGH <= unknown_share(part) < HEAVY_HIGH


def pick_heavy(repo: Path, corpus: Path) -> list[tuple[str, str, int]]:
    """The second list: as ``pick``, the first ``TAKE_HEAVY`` that are
    ``is_heavily_damaged_prose``."""
    ordered = sorted(pick_prose.pool(repo, corpus, HELD, FOLDERS), key=lambda c: rank(c[0]))
    return pick_prose.first_taken(repo, ordered, is_heavily_damaged_prose, TAKE_HEAVY)


def pick(repo: Path, corpus: Path) -> list[tuple[str, str, int]]:
    """The rule's documents as (name, path in the repository, bytes), in name order: the
    ``pick_prose.pool`` of the 2018 and 2021 releases (1,000-100,000 bytes, one file per record
    number, less the record numbers of the jfk test list, ``shared/corpus/jfk`` and the
    ``HELD`` folders), ordered by ``rank``, the first ``TAKE`` that are ``is_damaged_prose``.
    Raises ``CalledProcessError`` when git cannot read the commit."""
    ordered = sorted(pick_prose.pool(repo, corpus, HELD, FOLDERS), key=lambda c: rank(c[0]))
    return pick_prose.first_taken(repo, ordered, is_damaged_prose, TAKE)


def main(argv: list[str] | None = None) -> int:
    """Print the rule's documents (and with ``--write``, write their excerpts)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("repo", type=Path, help="a git copy of noops888/jfk-files-text")
    parser.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus"))
    parser.add_argument("--write", type=Path, help="write each excerpt to this folder")
    parser.add_argument("--heavy", action="store_true", help="the second list (pick_heavy)")
    args = parser.parse_args(argv)
    for name, path, size in (pick_heavy if args.heavy else pick)(args.repo, args.corpus):
        print(f"{name}\t{path}\t{size}")
        if args.write:
            blob = subprocess.run(
                ["git", "-C", str(args.repo), "cat-file", "blob", f"{COMMIT}:{path}"],
                capture_output=True, check=True,
            ).stdout  # fmt: skip
            part = excerpt_text(blob.decode("utf-8", errors="replace")) or ""
            args.write.mkdir(parents=True, exist_ok=True)
            (args.write / name).write_text(part + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
