"""Build the State Department language model and the pocom people list from public sources.

Run as ``python -m dictionaries.tools.lm [--out DICT_DIR] [--mirror DIR]`` (part of ``make
dictionaries``). Sources, all US Government works in the public domain, read from git snapshots
of HistoryAtState's repositories (a bare or checked-out clone of
``https://github.com/HistoryAtState/NAME`` per name, at ``MIRROR/HistoryAtState+NAME/repo``;
``--mirror`` defaults to ``.cache/sources``, where ``make dictionaries`` clones them):

* ``frus-history`` (the history of the FRUS series, the Historical Advisory Committee's minutes)
  and ``other-publications`` (Secretaries' biographies, the short history of the Department,
  education modules, the FAQ): the prose of ``<p>``, ``<head>``, ``<item>`` and ``<note>`` of
  every TEI file, cut into sentences, counted as lowercase unigrams, bigrams and trigrams. Any
  paragraph sharing an 8-word shingle with a benchmark gold document (``bench/gold``,
  ``shared/corpus/frus``) is dropped, so no gold text reaches the model.
* ``pocom`` (every US chief of mission and principal officer): surnames, written as
  ``people_pocom.txt`` (``role: protect``, ``kind: people``), so the names of US officials are
  known and never "corrected".
* wordfreq (a build-time dependency, the ``dictionaries`` extra): the words with diacritics
  that English uses, ``english_accented.txt`` (``role: english``).

Output: ``state.ngrams.tsv`` (``word<TAB>count``, ``word word<TAB>count`` and ``word word
word<TAB>count``, counts ≥ 2, sorted;
read into the dictionary index cache at build time, never at start-up) and ``people_pocom.txt``.
Deterministic: the same snapshots give byte-identical files.
"""

from __future__ import annotations

import argparse
import io
import itertools
import logging
import re
import subprocess
import tarfile
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

from pipeline.core.enums import LexiconKind, LexiconRole
from pipeline.core.fileio import write_text_atomic

log = logging.getLogger(__name__)

DEFAULT_DIR = Path(__file__).resolve().parent.parent
REPO = DEFAULT_DIR.parent
MIRROR = REPO / ".cache" / "sources"
PROSE_REPOS = ("frus-history", "other-publications")
MIN_COUNT = 2
SHINGLE = 8
_TEI = "{http://www.tei-c.org/ns/1.0}"
_PROSE_TAGS = {f"{_TEI}{t}" for t in ("p", "head", "item", "note", "quote", "cell")}
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")
_SENTENCE = re.compile(r"[.!?;:()\[\]\"“”]+\s|\n")


def repo_files(path: Path, suffix: str = ".xml") -> Iterator[tuple[str, bytes]]:
    """``(name, contents)`` of the files ending in ``suffix`` of the HEAD of the git repository
    at ``path`` (bare or not), sorted by name; ``RuntimeError`` if git fails."""
    try:
        data = subprocess.run(
            ["git", "--git-dir", str(_git_dir(path)), "archive", "--format=tar", "HEAD"],
            check=True,
            capture_output=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise RuntimeError(f"{path}: cannot read the repository ({exc})") from exc
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile()), key=lambda m: m.name)
        for m in members:
            if m.name.endswith(suffix) and "/.last-modified/" not in f"/{m.name}":
                fh = tar.extractfile(m)
                if fh is not None:
                    yield m.name, fh.read()


def _git_dir(path: Path) -> Path:
    return path / ".git" if (path / ".git").exists() else path


def paragraphs(xml: bytes) -> list[str]:
    """The prose of a TEI file: the whole text of each prose element (``<p>``, ``<head>`` …)
    that holds no other prose element, whitespace collapsed; [] for a file that does not parse
    or is not TEI."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError:
        return []
    out = []
    for el in root.iter():
        inner = (c for c in el.iter() if c is not el)
        if el.tag in _PROSE_TAGS and not any(c.tag in _PROSE_TAGS for c in inner):
            text = " ".join("".join(el.itertext()).split())
            if text:
                out.append(text)
    return out


def shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    """The ``n``-word runs of ``text`` (lowercase words)."""
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def gold_shingles(folders: Iterable[Path]) -> set[tuple[str, ...]]:
    """Shingles of every benchmark gold text (``*.txt`` under ``folders``)."""
    out: set[tuple[str, ...]] = set()
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*.txt")):
                out |= shingles(path.read_text(encoding="utf-8", errors="replace"))
    return out


def count_ngrams(texts: Iterable[str]) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Lowercase unigram, bigram and trigram counts of ``texts``; no n-gram crosses a sentence
    or clause boundary (``. ; : ( )`` and quotes)."""
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    tri: Counter[str] = Counter()
    for text in texts:
        for sentence in _SENTENCE.split(text.lower() + " "):
            words = _WORD.findall(sentence.replace("’", "'"))
            uni.update(words)
            bi.update(f"{a} {b}" for a, b in itertools.pairwise(words))
            tri.update(" ".join(words[i : i + 3]) for i in range(len(words) - 2))
    return uni, bi, tri


def build_ngrams(mirror: Path, out_dir: Path, gold: set[tuple[str, ...]]) -> Path:
    """Write ``state.ngrams.tsv`` from the prose repositories; returns its path."""
    texts: list[str] = []
    dropped = 0
    for name in PROSE_REPOS:
        for _file, xml in repo_files(mirror / f"HistoryAtState+{name}" / "repo"):
            for para in paragraphs(xml):
                if gold and shingles(para) & gold:
                    dropped += 1
                    continue
                texts.append(para)
    uni, bi, tri = count_ngrams(texts)
    lines = [
        "# source: HistoryAtState frus-history and other-publications (US Government works, "
        "public domain): TEI prose, lowercase words, word pairs and triples; counts >= 2; "
        "paragraphs sharing an "
        f"{SHINGLE}-word run with a benchmark gold text dropped ({dropped})",
        f"# tokens: {sum(uni.values())}",
    ]
    for counts in (uni, bi, tri):
        lines += [f"{w}\t{c}" for w, c in sorted(counts.items()) if c >= MIN_COUNT]
    path = out_dir / "state.ngrams.tsv"
    write_text_atomic(path, "\n".join(lines) + "\n")
    log.info("%s: %d tokens, %d paragraphs dropped as gold", path, sum(uni.values()), dropped)
    return path


def pocom_surnames(mirror: Path) -> list[str]:
    """Surnames of every person in pocom (``people/*.xml``), as written, sorted."""
    names: set[str] = set()
    for name, xml in repo_files(mirror / "HistoryAtState+pocom" / "repo"):
        if not name.startswith("people/"):
            continue
        try:
            root = ET.fromstring(xml)
        except ET.ParseError:
            continue
        surname = " ".join("".join(root.findtext("persName/surname") or "").split())
        for part in re.split(r"[ ]+", surname):
            if len(part) >= 3 and part[0].isupper() and re.fullmatch(r"[\w'’.-]+", part):
                names.add(part.rstrip("."))
    return sorted(names)


def build_pocom(mirror: Path, out_dir: Path) -> Path:
    """Write ``people_pocom.txt``; returns its path."""
    names = pocom_surnames(mirror)
    header = [
        "# source: HistoryAtState/pocom (US chiefs of mission and principal officers, US "
        "Government work, public domain): surnames",
        f"# role: {LexiconRole.PROTECT}",
        f"# kind: {LexiconKind.PEOPLE}",
    ]
    path = out_dir / "people_pocom.txt"
    write_text_atomic(path, "\n".join([*header, *names]) + "\n")
    log.info("%s: %d surnames", path, len(names))
    return path


ACCENTED_MIN_ZIPF = 1.0  # wordfreq's Zipf scale: 1.0 is once per 100 million words


def build_accented(out_dir: Path) -> Path | None:
    """Write ``english_accented.txt``: the words with diacritics English text uses
    (``communiqué``, ``démarche``, ``naïve``), from wordfreq's large English list at Zipf ≥
    ``ACCENTED_MIN_ZIPF``, so that a diacritic on any other word that is English without it
    (``Présidential``) can be taken for OCR noise. None (and a warning) without wordfreq."""
    try:
        import wordfreq
    except ImportError:
        log.warning("wordfreq not installed: keeping the committed english_accented.txt")
        return None
    from pipeline.lexicon.english import ascii_fold

    words = []
    for word in wordfreq.iter_wordlist("en", wordlist="large"):
        if wordfreq.zipf_frequency(word, "en", wordlist="large") < ACCENTED_MIN_ZIPF:
            break
        folded = ascii_fold(word)
        if word.isascii() or folded == word or len(folded) < 3:
            continue
        if folded.isascii() and all(p.isalpha() for p in re.split(r"[ '-]", folded) if p):
            words.append(word)
    version = metadata.version("wordfreq")
    header = [
        f"# source: wordfreq {version} (large English list, Zipf >= {ACCENTED_MIN_ZIPF}): "
        "words with diacritics used in English; wordfreq data CC BY-SA 4.0",
        f"# role: {LexiconRole.ENGLISH}",
    ]
    path = out_dir / "english_accented.txt"
    write_text_atomic(path, "\n".join([*header, *sorted(set(words))]) + "\n")
    log.info("%s: %d words", path, len(words))
    return path


def build(out_dir: Path = DEFAULT_DIR, mirror: Path = MIRROR) -> list[Path]:
    """Write the language model, the pocom people file and the accented English words into
    ``out_dir``."""
    accented = build_accented(out_dir)
    if accented is not None:
        accented.chmod(0o644)
    missing = [
        name
        for name in (*PROSE_REPOS, "pocom")
        if not (mirror / f"HistoryAtState+{name}" / "repo").exists()
    ]
    if missing:
        log.warning(
            "%s: no snapshot of %s; keeping the committed state.ngrams.tsv and people_pocom.txt",
            mirror,
            ", ".join(missing),
        )
        return [accented] if accented is not None else []
    gold = gold_shingles([REPO / "bench" / "gold", REPO.parent / "shared" / "corpus" / "frus"])
    written = [build_ngrams(mirror, out_dir, gold), build_pocom(mirror, out_dir)]
    if accented is not None:
        written.append(accented)
    for path in written:
        path.chmod(0o644)
    return written


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
