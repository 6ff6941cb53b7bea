"""How well the strip stage tells real page furniture from body text, on labelled real lines.

``bench/furniture/<split>.tsv`` holds lines of real OCR texts (``../shared/corpus``: NARA JFK
releases and the State reading room's Talbott texts, split by ``bench/splits.json``), each
labelled ``F`` (the whole line is page furniture: a release line, a scan mark, a page marker or
number, a classification or handling banner at a page's top or bottom, a footer) or ``B`` (the
whole line is the document's own text); ``bench/furniture/README.md`` says how they were
labelled. Each document is read as a run reads a text file (``ingest.read_text_document``) and
stripped with the shipped dictionaries; then:

* a furniture line is **left** when more than ``LEFT_SHARE`` of its non-space characters are
  still in the text;
* a body line is **lost** when any of its non-space characters was removed (a line-end hyphen
  undone does not count);
* a ``B`` row may mark furniture glued inside the body line as ``⟪...⟫`` (the labelled set's
  convention, ``bench/labels/README.md``: a page number run into a page's last words, a stamp's
  words on a body line): each such **glued span** is left when more than ``LEFT_SHARE`` of its
  non-space characters are still in the text, and the rest of the line is scored as a body line
  (lost when any of its non-space characters was removed). ``bench.labelled`` counts these spans
  as furniture too, so the summary gives lines, spans and both together.

The issue's bar (issue 14): furniture left at most 2 %, body lost 0, on the test split.

    python -m bench.furniture_eval                 # the test split, a summary
    python -m bench.furniture_eval --split dev --show   # and every miss, with its evidence
    python -m bench.furniture_eval --split dev --excerpt 120           # excerpts, stripped alone
    python -m bench.furniture_eval --split dev --excerpt 120 --every   # every 120-line window

The excerpt condition (``--excerpt N``) cuts each labelled document as ``bench.labelled`` cut
the labelled set's excerpts (N lines from its first prose line, ``bench.labelled.is_prose``)
and strips the excerpt alone, scoring the labels inside it: much evidence is the whole
document's (repetition across pages, a marking recurring, a page-number sequence), and short
documents, single pages and excerpts have little of it. ``--every`` also strips each further
window of N lines alone, so every label after the first prose line is scored once.

Standalone: ``bench/run.py`` does not call it. Exit code 0 whatever the numbers (2 without the
corpus folder; ``--corpus`` or ``FOIA_CLEAN_CORPUS`` name another).
"""

from __future__ import annotations

import argparse
import csv
import logging
import os
import re
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core.records import Page
from pipeline.core.results import Removal
from pipeline.lexicon import Lexicon
from pipeline.stages.ingest import read_text_document
from pipeline.stages.strip import StripConfig, strip

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "bench" / "furniture"
# ../shared/corpus next to the checkout (/work/main), or FOIA_CLEAN_CORPUS.
CORPUS = Path(os.environ.get("FOIA_CLEAN_CORPUS", "/work/shared/corpus"))
# A furniture line with more than this share of its characters kept was left in the text.
LEFT_SHARE = 0.2
NOT_A_LOSS = frozenset({"line-end-hyphen", "line-join"})


# A furniture span glued inside a body line, as bench/labels marks it.
_GLUED = re.compile(r"⟪([^⟪⟫]+)⟫")


@dataclass
class Label:
    corpus: str
    file: str
    line: int  # 1-based line number in the file
    label: str  # "F" or "B"
    text: str  # the line, stripped, without marks
    glued: tuple[tuple[int, int], ...] = ()  # B rows: (start, end) in ``text`` of ⟪furniture⟫


@dataclass
class Tally:
    furniture: int = 0
    left: list[str] = field(default_factory=list)
    body: int = 0
    lost: list[str] = field(default_factory=list)
    glued: int = 0  # furniture spans glued inside body lines
    glued_left: list[str] = field(default_factory=list)


def glued_spans(marked: str, where: str = "") -> tuple[str, tuple[tuple[int, int], ...]]:
    """A label's text with ``⟪...⟫`` marks -> (the text without them, the ``(start, end)``
    character spans of the marked furniture in it). Raises ``ValueError`` naming ``where`` for
    an unbalanced or empty mark.

    >>> glued_spans("would take place in ⟪2⟫")
    ('would take place in 2', ((20, 21),))
    """
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = at = 0
    for m in _GLUED.finditer(marked):
        out.append(marked[pos : m.start()])
        at += m.start() - pos
        spans.append((at, at + len(m.group(1))))
        out.append(m.group(1))
        at += len(m.group(1))
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    if "⟪" in text or "⟫" in text:
        raise ValueError(f"{where}: unbalanced or empty ⟪furniture⟫ mark in {marked!r}")
    return text, tuple(spans)


def read_labels(path: Path) -> list[Label]:
    """The labelled lines of one split: ``corpus file line label text`` rows, tab-separated;
    a ``B`` row's text may mark glued furniture ``⟪...⟫`` (``glued_spans``). Raises
    ``SystemExit`` for a mark that is unbalanced or outside a ``B`` row."""
    out: list[Label] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            where = f"{r['file']}:{r['line']}"
            try:
                text, spans = glued_spans(r["text"], where)
            except ValueError as e:
                raise SystemExit(str(e)) from None
            if spans and r["label"] != "B":
                raise SystemExit(f"{where}: ⟪furniture⟫ spans belong in B rows")
            out.append(Label(r["corpus"], r["file"], int(r["line"]), r["label"], text, spans))
    return out


def line_index(pages: list[Page]) -> list[tuple[int, int]]:
    """(page index, line index) of every line of the file, in order: page-marker splits leave
    each page but the last ending in a newline, that is an empty last ``Line`` that is no line
    of the file."""
    out: list[tuple[int, int]] = []
    for pi, page in enumerate(pages):
        n = len(page.lines)
        if pi + 1 < len(pages) and n and page.lines[-1].text == "":
            n -= 1
        out.extend((pi, li) for li in range(n))
    return out


def kept_share(
    text: str, removals: list[Removal], part: tuple[int, int] | None = None
) -> tuple[float, int]:
    """The share of the line's non-space characters kept, and how many were removed; with
    ``part`` (``start, end`` in ``text``), of that part of the line only."""
    chars = list(text)
    for r in removals:
        if r.kind in NOT_A_LOSS:
            continue
        for k in range(r.start, min(r.end, len(chars))):
            chars[k] = " "
    a, b = part or (0, len(text))
    total = sum(1 for c in text[a:b] if not c.isspace())
    kept = sum(1 for c in chars[a:b] if not c.isspace())
    return (kept / total if total else 1.0), total - kept


def body_removed(text: str, removals: list[Removal], glued: tuple[tuple[int, int], ...]) -> int:
    """How many non-space characters of a body line's ``text`` were removed outside its glued
    furniture spans (``(start, end)`` in ``text``)."""
    _, removed = kept_share(text, removals)
    return removed - sum(kept_share(text, removals, span)[1] for span in glued)


def source(corpus_dir: Path, corpus: str, name: str) -> Path:
    """The labelled text: held next to the labels (``bench/furniture/<corpus>/``, the texts
    labelled from outside the shared corpus, e.g. ``jfk-more``) or in the shared corpus."""
    held = LABELS / corpus / name
    return held if held.is_file() else corpus_dir / corpus / name


#: Slices whose excerpt is a document's opening, lines 1-N (``bench/furniture/pick_opening.py``:
#: documents whose first prose line is near the top, so the labelled set's excerpt would hold
#: the first page's head).
FROM_LINE_ONE = frozenset({"jfk-opening", "jfk-heads"})


def windows(
    lines: list[str], size: int, every: bool, from_top: bool = False
) -> list[tuple[int, int]]:
    """The excerpts of a file's ``lines`` stripped alone, as ``(first, last)`` 1-based inclusive
    line numbers: the ``size`` lines from its first prose line on (``bench.labelled.is_prose``,
    the rule ``bench.labelled`` cut its excerpts by; with ``from_top``, from line 1), and with
    ``every`` each further ``size`` lines to the file's end. None for a file without a prose
    line."""
    from bench.labelled import is_prose

    first = next((n for n, line in enumerate(lines, 1) if is_prose(line)), None)
    if first is not None and from_top:
        first = 1
    if first is None:
        return []
    out = [(first, min(first + size - 1, len(lines)))]
    while every and out[-1][1] < len(lines):
        a = out[-1][1] + 1
        out.append((a, min(a + size - 1, len(lines))))
    return out


def _score(
    pages: list[Page], removals: list[Removal], labs: list[Label], offset: int, tally: Tally
) -> None:
    """Score ``labs`` (whose file line ``n`` is line ``n - offset`` of ``pages``) into
    ``tally`` by the strip's ``removals``."""
    where = line_index(pages)
    cut: dict[tuple[int, int], list[Removal]] = defaultdict(list)
    for r in removals:
        cut[(r.page, r.line)].append(r)
    for lab in labs:
        pi, li = where[lab.line - offset - 1]
        line = pages[pi].lines[li]
        if line.text.strip() != lab.text:
            raise SystemExit(f"{lab.file}:{lab.line}: label text does not match the file")
        removed = cut.get((pages[pi].number, li), [])
        share, lost = kept_share(line.text, removed)
        what = f"{lab.file}:{lab.line}: {lab.text[:70]!r}"
        if lab.label == "F":
            tally.furniture += 1
            if share > LEFT_SHARE:
                tally.left.append(what)
        else:
            # The label is the stripped line: its spans sit after the line's leading space.
            lead = len(line.text) - len(line.text.lstrip())
            glued = tuple((lead + a, lead + b) for a, b in lab.glued)
            for a, b in glued:
                tally.glued += 1
                if kept_share(line.text, removed, (a, b))[0] > LEFT_SHARE:
                    tally.glued_left.append(f"{lab.file}:{lab.line}: {line.text[a:b]!r}")
            lost = body_removed(line.text, removed, glued)
            tally.body += 1
            if lost:
                why = "; ".join(f"{r.kind} {r.text!r} ({', '.join(r.evidence)})" for r in removed)
                tally.lost.append(f"{what} -- {why}")


def evaluate(
    split: str, corpus_dir: Path, show: bool, excerpt: int = 0, every: bool = False
) -> dict[str, Tally]:
    """Strip every labelled document of ``split`` and score its labelled lines, by corpus.

    ``excerpt`` 0: each document whole. ``excerpt`` N: each document cut as ``bench.labelled``
    cuts its excerpts (``windows``: N lines from the first prose line; with ``every``, each
    further N lines too), every window written to a file of its own and stripped alone, and
    only the labels inside a window scored (labels before the first prose line are not)."""
    labels = read_labels(LABELS / f"{split}.tsv")
    lexicon = Lexicon.load(ROOT / "dictionaries")
    by_file: dict[tuple[str, str], list[Label]] = defaultdict(list)
    for lab in labels:
        by_file[(lab.corpus, lab.file)].append(lab)
    tallies: dict[str, Tally] = defaultdict(Tally)
    with tempfile.TemporaryDirectory() as tmp:
        for (corpus, name), labs in sorted(by_file.items()):
            path = source(corpus_dir, corpus, name)
            if not excerpt:
                pages = read_text_document(path)
                result = strip(pages, StripConfig(), lexicon)
                _score(pages, result.removals, labs, 0, tallies[corpus])
                continue
            text = path.read_text(encoding="utf-8-sig")
            lines = text.split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            for a, b in windows(lines, excerpt, every, corpus in FROM_LINE_ONE):
                inside = [lab for lab in labs if a <= lab.line <= b]
                if not inside:
                    continue
                cut = Path(tmp) / name
                cut.write_text("\n".join(lines[a - 1 : b]) + "\n", encoding="utf-8")
                pages = read_text_document(cut)
                result = strip(pages, StripConfig(), lexicon)
                _score(pages, result.removals, inside, a - 1, tallies[corpus])
    if show:
        for corpus, t in sorted(tallies.items()):
            for w in t.left:
                print(f"furniture left  [{corpus}] {w}")
            for w in t.glued_left:
                print(f"glued left      [{corpus}] {w}")
            for w in t.lost:
                print(f"body lost       [{corpus}] {w}")
    return tallies


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.1f} %" if d else "n/a"


def main(argv: list[str] | None = None) -> int:
    """Furniture lines left and body lines lost on the labelled real lines of one split."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test"), default="test")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the shared corpus folder")
    parser.add_argument(
        "--show", action="store_true", help="print every furniture line left and body line lost"
    )
    parser.add_argument(
        "--excerpt",
        type=int,
        default=0,
        metavar="N",
        help="strip excerpts alone: N lines from each document's first prose line (as "
        "bench.labelled cuts its excerpts); 0 (default): whole documents",
    )
    parser.add_argument(
        "--every",
        action="store_true",
        help="with --excerpt: every further N lines of each document too, each stripped alone",
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"{args.corpus}: no such folder (the shared corpus)", file=sys.stderr)
        return 2
    split = args.split
    tallies = evaluate(split, args.corpus, args.show, args.excerpt, args.every)
    total = Tally()
    if args.excerpt:
        how = f"excerpts of {args.excerpt} lines" + (", every window" if args.every else "")
        top = ", ".join(sorted(FROM_LINE_ONE))
        print(f"{how} from each document's first prose line ({top}: line 1), each stripped alone")
    print(
        f"split {split}: {'corpus':<10} {'furniture':>9} {'left':>6} {'glued':>6} {'left':>5} "
        f"{'body':>6} {'lost':>5}"
    )
    for name, t in sorted(tallies.items()):
        print(
            f"{'':<{7 + len(split)}}{name:<10} {t.furniture:>9} {len(t.left):>6} {t.glued:>6} "
            f"{len(t.glued_left):>5} {t.body:>6} {len(t.lost):>5}"
        )
        total.furniture += t.furniture
        total.body += t.body
        total.left += t.left
        total.lost += t.lost
        total.glued += t.glued
        total.glued_left += t.glued_left
    both, both_left = total.furniture + total.glued, len(total.left) + len(total.glued_left)
    print(
        f"furniture lines left: {len(total.left)}/{total.furniture} "
        f"({_pct(len(total.left), total.furniture)}); "
        f"glued spans left: {len(total.glued_left)}/{total.glued} "
        f"({_pct(len(total.glued_left), total.glued)}); "
        f"together (as bench.labelled counts): {both_left}/{both} ({_pct(both_left, both)}); "
        f"body lines lost: {len(total.lost)}/{total.body} ({_pct(len(total.lost), total.body)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
