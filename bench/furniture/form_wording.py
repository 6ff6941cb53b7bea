"""Build the lexicon of forms' printed wording (``pipeline/stages/strip/patterns/form_wording``)
from the JFK releases of the dev years (issue 14, session 32, helper forms14).

A form prints the same wording on every copy; what is typed or written into it differs from
copy to copy. So two *different* records that are copies of one form share its printed lines,
in the same order, with lines between them that the two do not share (the answers). This finds
such pairs in a git copy of noops888/jfk-files-text @55840853 and writes what they share:

1. the files of the 2018 and 2021 releases (dev by release year, ``bench/splits.json``), one
   per record number, less every record number of the jfk test list and of
   ``../shared/corpus/jfk`` (``pick_recent.excluded`` with no held folder): nothing is read
   from a test document;
2. each line of ``MIN_WORDS`` words or more (``key``: lower case, letters and digits) indexes
   its records; a line in more than ``MAX_RECORDS`` records is boilerplate the strip stage
   knows otherwise (NARA's stamps) and is left out;
3. a pair of records sharing ``MIN_SHARED`` such lines or more is a form's two copies when,
   aligned in order (``difflib``), the shared lines stand in runs with ``MIN_ANSWERS`` gaps or
   more between them where both records hold long lines and none of one reads as any of the
   other (rapidfuzz under ``SAME_SCORE``): the answers, which differ from copy to copy. A
   second copy of one document (two scans, two OCR readings) differs only by OCR slips, so
   its gaps hold the same lines read differently; a quoted cable paragraph is one run;
4. the two copies are then aligned line by line (rapidfuzz ``LINE_SCORE`` on the keys, in
   order, so lines OCR read differently in the two copies are found too), and each aligned
   pair's wording is taken from the copy whose reading has more known English words
   (``dictionaries/english_scowl.txt``): the lines of one run become one passage;
5. only pairs a person read and accepted as two copies of one form (``ACCEPTED``, each with
   what was read) go into the lexicon: the pairs step 3 finds (``--pairs`` lists them) hold
   documents that share text for other reasons too (962 in @55840853 by a first version of
   step 3, which counted answers among long lines only), and a wrong entry would take body
   lines; a pair of ``ACCEPTED`` that step 3 would not find is refused;
6. a passage's key words (what the strip stage's cheap pre-filter looks for) are its words of
   ``KEY_LEN`` letters or more found in at most ``KEY_SHARE`` of the records.

    python -m bench.furniture.form_wording /work/.mirror/noops888+jfk-files-text/repo \
        > pipeline/stages/strip/patterns/form_wording.py
    python -m bench.furniture.form_wording REPO --pairs   # the candidate pairs, to read

What it found in @55840853 is in that module's docstring. Deterministic: the same snapshot
gives the same module, byte for byte.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise
from pathlib import Path

from bench.furniture.pick_recent import COMMIT, excluded, record_id

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("extracted_text/releases/2018", "extracted_text/releases/2021")
MIN_WORDS = 5  # words of a line that may be a form's printed line
MAX_RECORDS = 20  # records a line may be in before it counts as boilerplate
MIN_SHARED = 8  # long lines two copies of a form share, read the same
MIN_ANSWERS = 2  # gaps between the shared runs holding different lines in both copies
SAME_SCORE = 60  # rapidfuzz ratio at or above which two gap lines are one line read twice
LINE_SCORE = 85  # rapidfuzz ratio of two keys that are one printed line read twice
MIN_PASSAGE = 2  # aligned lines a passage needs
KEY_LEN = 8  # letters of a key word
KEY_SHARE = 0.05  # share of the records a key word may be in
_WORD = re.compile(r"[A-Za-z0-9]+")
# Candidate pairs read and accepted as two filled copies of one form: (record, record, what was
# read). Session 32 read two (forms14 the first, forms14b the second, each on its own
# candidate list); the other candidates are unread.
ACCEPTED: tuple[tuple[str, str, str], ...] = (
    (
        "104-10110-10306",
        "104-10128-10251",
        "CIA's outline questionnaire on a former officer (Agee), answered by two officers in"
        " 1972: the same printed questions and footnote, different typed answers and memos",
    ),
    (
        "docid-32556684",
        "docid-32576576",
        "FBI form FD-143 (Rev. 4-2-63), a field office's justification for continuing a"
        " technical or microphone surveillance, filed by Chicago (Gus Alex, 5/19/65) and"
        " Philadelphia (PH 705-C, 2/10/65): the same numbered printed questions, different"
        " typed answers",
    ),
)


@dataclass(frozen=True)
class Copy:
    """One record's text: its record number, release file, and lines."""

    record: str
    path: str
    lines: tuple[str, ...]


def key(line: str) -> str:
    """A line as its lower-case words of letters and digits, one space apart."""
    return " ".join(w.lower() for w in _WORD.findall(line))


def long_keys(c: Copy) -> list[tuple[int, str]]:
    """(line index, key) of the record's lines of ``MIN_WORDS`` words or more."""
    out = []
    for i, line in enumerate(c.lines):
        k = key(line)
        if k.count(" ") + 1 >= MIN_WORDS:
            out.append((i, k))
    return out


def read_copies(repo: Path, corpus: Path) -> list[Copy]:
    """The dev years' files, one per record number (the first by path), less the test list's
    and the shared corpus's record numbers."""
    tree = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "-r", COMMIT, *FOLDERS],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    skip = {record_id(n) for n in excluded(corpus, ())}
    chosen: dict[str, tuple[str, str]] = {}
    for row in sorted(tree.splitlines(), key=lambda r: r.split("\t", 1)[1]):
        meta, path = row.split("\t", 1)
        number = record_id(path.rsplit("/", 1)[-1].removesuffix(".md"))
        if number in skip or number in chosen or not path.endswith(".md"):
            continue
        chosen[number] = (meta.split()[2], path)
    blobs = "\n".join(sha for sha, _ in chosen.values()) + "\n"
    out = subprocess.run(
        ["git", "-C", str(repo), "cat-file", "--batch"],
        input=blobs.encode(), capture_output=True, check=True,
    ).stdout  # fmt: skip
    copies, pos = [], 0
    for number, (_, path) in chosen.items():
        head_end = out.index(b"\n", pos)
        head = out[pos:head_end].split()
        if head[-1] == b"missing":  # a blob the snapshot copy lacks
            pos = head_end + 1
            continue
        size = int(head[2])
        text = out[head_end + 1 : head_end + 1 + size].decode("utf-8", "replace")
        pos = head_end + 1 + size + 1
        copies.append(Copy(number, path, tuple(text.splitlines())))
    return copies


def answer_gaps(a: Copy, b: Copy) -> int:
    """How many gaps between the runs of long lines two records share (in order) hold, in
    both, a line of three letters or more that reads as no line of the other's gap
    (``SAME_SCORE``): an answer, however short ("See attached memo")."""
    from rapidfuzz import fuzz

    la, lb = long_keys(a), long_keys(b)
    blocks = SequenceMatcher(None, [k for _, k in la], [k for _, k in lb], autojunk=False)
    runs = [m for m in blocks.get_matching_blocks() if m.size]
    gaps = 0
    for x, y in pairwise(runs):
        ga = _gap(a, la[x.a + x.size - 1][0], la[y.a][0])
        gb = _gap(b, lb[x.b + x.size - 1][0], lb[y.b][0])
        if _unmatched(ga, gb, fuzz.ratio) and _unmatched(gb, ga, fuzz.ratio):
            gaps += 1
    return gaps


def _gap(c: Copy, after: int, before: int) -> list[str]:
    """The keys of the record's lines strictly between two line indices, three letters or
    more."""
    keys = (key(line) for line in c.lines[after + 1 : before])
    return [k for k in keys if sum(ch.isalpha() for ch in k) >= 3]


def _unmatched(ga: list[str], gb: list[str], ratio: Callable[[str, str], float]) -> bool:
    """Does a line of ``ga`` read as none of ``gb``'s lines?"""
    return any(all(ratio(p, q) < SAME_SCORE for q in gb) for p in ga)


def form_pairs(copies: list[Copy]) -> list[tuple[Copy, Copy]]:
    """The pairs of records that read as two copies of one form (step 3), in record order."""
    keyed = [[k for _, k in long_keys(c)] for c in copies]
    index: dict[str, list[int]] = defaultdict(list)
    for n, keys in enumerate(keyed):
        for k in set(keys):
            index[k].append(n)
    shared: Counter[tuple[int, int]] = Counter()
    for members in index.values():
        if 2 <= len(members) <= MAX_RECORDS:
            for a in range(len(members)):
                for b in range(a + 1, len(members)):
                    shared[(members[a], members[b])] += 1
    log.info("%d pairs share a long line", len(shared))
    return [
        (copies[a], copies[b])
        for (a, b), count in sorted(shared.items())
        if count >= MIN_SHARED and is_form_pair(copies[a], copies[b])
    ]


def is_form_pair(a: Copy, b: Copy) -> bool:
    """Step 3's test on two records (the shared count aside)."""
    return answer_gaps(a, b) >= MIN_ANSWERS


def shared_count(a: Copy, b: Copy) -> int:
    """How many distinct long-line keys two records share."""
    return len({k for _, k in long_keys(a)} & {k for _, k in long_keys(b)})


def known_share(line: str, english: frozenset[str]) -> float:
    """Share of the line's words of letters that are known English words."""
    words = [w.lower() for w in _WORD.findall(line) if w.isalpha()]
    return sum(w in english for w in words) / len(words) if words else 0.0


def passages(a: Copy, b: Copy, english: frozenset[str]) -> list[list[str]]:
    """The printed passages two copies share (step 4): aligned long lines, in runs."""
    from rapidfuzz import fuzz

    la, lb = long_keys(a), long_keys(b)
    matcher = SequenceMatcher(None, [k for _, k in la], [k for _, k in lb], autojunk=False)
    pairs: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += [(i1 + d, j1 + d) for d in range(i2 - i1)]
        elif tag == "replace":
            j = j1
            for i in range(i1, i2):  # in order, each line of b used once
                for jj in range(j, j2):
                    if fuzz.ratio(la[i][1], lb[jj][1]) >= LINE_SCORE:
                        pairs.append((i, jj))
                        j = jj + 1
                        break
    out: list[list[str]] = []
    last = -2
    for i, j in pairs:
        text_a, text_b = a.lines[la[i][0]], b.lines[lb[j][0]]
        if caption(text_a) or caption(text_b):
            continue  # a caption names the record's field: the record's own text
        first = known_share(text_a, english) >= known_share(text_b, english)
        best, other = (text_a, text_b) if first else (text_b, text_a)
        if i != last + 1:
            out.append([])
        out[-1].append(printed_words(best, other))
        last = i
    return [p for p in out if len(p) >= MIN_PASSAGE]


WORD_SCORE = 75  # rapidfuzz ratio of two readings of one printed word


def printed_words(best: str, other: str) -> str:
    """The words of ``best`` (one copy's reading of a printed line) that the other copy's
    reading holds too, in order (one word for one, OCR slips allowed): a word typed into the
    printed line ("Yes or No yes . If you were ...") is in one copy only, and goes."""
    from rapidfuzz import fuzz

    wb, wo = best.split(), other.split()
    kb, ko = [key(w) for w in wb], [key(w) for w in wo]
    keep = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, kb, ko, autojunk=False).get_opcodes():
        if tag == "equal":
            keep += wb[i1:i2]
        elif tag == "replace" and i2 - i1 == j2 - j1:
            pairs = zip(range(i1, i2), range(j1, j2), strict=True)
            keep += [wb[i] for i, j in pairs if _one_word(kb[i], ko[j], fuzz.ratio)]
    return " ".join(keep)


def _one_word(a: str, b: str, ratio: Callable[[str, str], float]) -> bool:
    """Are ``a`` and ``b`` (keys) one printed word read twice: a short word with one letter
    changed ("you", "vou"), a longer one at ``WORD_SCORE``?"""
    if not a:
        return False
    if len(a) <= 3 or len(b) <= 3:
        return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    return ratio(a, b) >= WORD_SCORE


def caption(line: str) -> bool:
    """Is the line a form's caption: its letters all capitals ("OTHER U. S. GOVERNMENT
    PERSONNEL")? The labels keep a form's captions as the record's text
    (``bench/furniture/README.md``, forms decision), so no passage holds one."""
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def key_words(text: str, df: Counter[str], records: int) -> list[str]:
    """The passage's words of ``KEY_LEN`` letters or more found in at most ``KEY_SHARE`` of the
    records (upper case, sorted)."""
    words = {w.upper() for w in _WORD.findall(text) if w.isalpha() and len(w) >= KEY_LEN}
    return sorted(w for w in words if df[w.lower()] <= KEY_SHARE * records)


def build(repo: Path, corpus: Path) -> str:
    """The source text of ``patterns/form_wording.py`` for the snapshot in ``repo``."""
    copies = read_copies(repo, corpus)
    log.info("%d records read", len(copies))
    english = frozenset(
        w.strip().lower()
        for w in (ROOT / "dictionaries" / "english_scowl.txt").read_text().splitlines()
        if w.strip() and not w.startswith("#")
    )
    df: Counter[str] = Counter()
    for c in copies:
        df.update({w.lower() for line in c.lines for w in _WORD.findall(line) if w.isalpha()})
    by_record = {c.record: c for c in copies}
    forms = []
    for ra, rb, _ in ACCEPTED:
        a, b = by_record[ra], by_record[rb]
        if shared_count(a, b) < MIN_SHARED or not is_form_pair(a, b):
            raise ValueError(f"{ra} and {rb} do not read as two copies of one form")
        for n, lines in enumerate(passages(a, b, english), 1):
            text = " ".join(lines)
            forms.append((f"{a.record}/{b.record}#{n}", a.path, b.path, text))
    return render(forms, df, len(copies))


def render(forms: list[tuple[str, str, str, str]], df: Counter[str], records: int) -> str:
    """The module's source: ``FORMS`` (name -> wording) and ``KEYS``."""
    head = (
        '"""Forms\' printed wording found by ``bench.furniture.form_wording`` (generated: do\n'
        "not edit; rebuild with that script). Each entry is the wording two different records\n"
        f"of the JFK releases' dev years print alike (noops888/jfk-files-text @{COMMIT},\n"
        f"{records} records read, none of the jfk test list or of shared/corpus/jfk), named by\n"
        "the two record numbers and the passage's number; the two files are named beside it.\n"
        '"""\n\n'
        "from __future__ import annotations\n\n"
        "FORMS: dict[str, str] = {\n"
    )
    body, keys = [], set()
    for name, path_a, path_b, text in forms:
        body.append(f"    # {path_a}\n    # {path_b}\n    {json.dumps(name)}: (\n")
        for chunk in _chunks(text):
            body.append(f"        {json.dumps(chunk, ensure_ascii=False)}\n")
        body.append("    ),\n")
        keys.update(key_words(text, df, records))
    tail = "}\n# Rare words of the passages: the cheap pre-filter's keys.\n"
    tail += "KEYS = frozenset(\n    {\n"
    tail += "".join(f"        {json.dumps(k)},\n" for k in sorted(keys)) + "    }\n)\n"
    return head + "".join(body) + tail


def _chunks(text: str, width: int = 80) -> list[str]:
    """The text cut at spaces into pieces of about ``width`` characters (each keeps its
    leading space), for a readable module."""
    out, cur = [], ""
    for w in text.split(" "):
        if cur and len(cur) + len(w) + 1 > width:
            out.append(cur)
            cur = " " + w
        else:
            cur = f"{cur} {w}" if cur else w
    return [*out, cur]


def main(argv: list[str] | None = None) -> int:
    """Print the generated module for a git copy of noops888/jfk-files-text."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path, help="a git copy of noops888/jfk-files-text")
    parser.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus"))
    parser.add_argument("--pairs", action="store_true", help="list step 3's candidate pairs")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.pairs:
        for a, b in form_pairs(read_copies(args.repo, args.corpus)):
            print(f"{a.record}\t{b.record}\t{a.path}\t{b.path}")
        return 0
    sys.stdout.write(build(args.repo, args.corpus))
    return 0


if __name__ == "__main__":
    sys.exit(main())
