"""The dictionaries the correct stage trusts: loaded, indexed, cached, and asked.

Why a package: the file format (:mod:`.format`), the English source (:mod:`.english`), string
tables (:mod:`.tables`), the candidate index (:mod:`.index`), building (:mod:`.builder`) and
the cache (:mod:`.cache`) change for different reasons; here is what the stages call: Lexicon.

Sources, all plain text:

* symspellpy's shipped English frequency and bigram lists: what counts as an English word, how
  common it is, and which words follow which;
* the dictionaries shipped in the package (``pipeline/dictionaries/`` once installed, the
  checkout's ``dictionaries/`` in a source tree; see :func:`shipped_folder`), then any extra
  folders a user passes (``--dictionaries DIR``), layered in that order;
* the user lexicon (``reviews/lexicon.txt`` by default, passed in): words and corrections a
  person confirmed in review. It is read on every load, never cached, so a decision counts
  at once.

Building the index takes seconds; it is cached (:mod:`.cache`, data only, memory-mapped) keyed
by the sha256 of every source file (memoised by ``stat`` beside the cache files, see
:func:`.cache.file_digests`), the index settings and ``DATA_VERSION``, so a warm load is a few
milliseconds.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from pipeline.core.enums import LexiconKind, LexiconRole
from pipeline.core.errors import DictionaryError
from pipeline.core.fileio import reviews_lock, sha256_bytes
from pipeline.lexicon import builder, cache
from pipeline.lexicon.builder import ANY_CASE, COMPONENT, ENGLISH, FORM, PROPER, TARGET
from pipeline.lexicon.cache import default_cache_dir
from pipeline.lexicon.english import (
    BIGRAM_DICTIONARY,
    ENGLISH_DICTIONARY,
    american_spellings,
    ascii_fold,
    symspell_paths,
)
from pipeline.lexicon.format import (
    ROLES,
    USER_HEADER,
    USER_SOURCE,
    ParsedFile,
    ParsedLine,
    add_user_correction,
    add_user_words,
    correction_problem,
    dictionary_files,
    form_problem,
    ngram_files,
    parse_file,
    read_user_lexicon,
    user_correction,
    user_word,
)
from pipeline.lexicon.index import CandidateIndex, StringTable, Suggestion

__all__ = [
    "BIGRAM_DICTIONARY",
    "DATA_VERSION",
    "ENGLISH_DICTIONARY",
    "LEXICON_COUNT",
    "MAX_EDIT_DISTANCE",
    "PREFIX_LENGTH",
    "ROLES",
    "USER_HEADER",
    "LexEntry",
    "Lexicon",
    "LexiconKind",
    "LexiconRole",
    "ParsedFile",
    "ParsedLine",
    "Suggestion",
    "add_user_correction",
    "add_user_words",
    "american_spellings",
    "ascii_fold",
    "correction_problem",
    "default_cache_dir",
    "dictionary_files",
    "form_problem",
    "parse_file",
    "shipped_folder",
]

log = logging.getLogger(__name__)

# Bump when the derived data's shape or meaning changes: old caches are then ignored.
DATA_VERSION = 6
MAX_EDIT_DISTANCE = 2
# SymSpell defaults to 7; 6 halves the index for ~20 us more per lookup with CLOSEST.
PREFIX_LENGTH = 6
# Frequency given to a lexicon word that is not also an English word: about the median English
# count, so a name neither dominates nor vanishes next to common words.
LEXICON_COUNT = 300_000
_USER = -1  # the "source index" of the user lexicon


@dataclass(frozen=True, slots=True)
class LexEntry:
    """What the lexicon knows about one form (looked up lowercased)."""

    written: str  # as a dictionary file spells it: restores case in a correction
    source: str  # the file it came from, for the reason sentence
    target: bool  # offered as a correction, not only protected
    any_case: bool  # protects lowercase tokens too
    component: bool  # part of a longer entry (``Karabakh`` of ``Nagorno-Karabakh``)


def shipped_folder() -> Path:
    """The dictionaries shipped with foia-clean, found beside the ``pipeline`` package:
    ``pipeline/dictionaries/`` in an installed wheel, else the checkout's ``dictionaries/``
    beside ``pipeline/`` (a source tree or an editable install). ``DictionaryError`` if
    neither exists. (Not ``importlib.resources``: its readers import ``zipfile`` and more,
    5 ms of every start-up, and the index needs real files on disk anyway.)"""
    root = Path(__file__).resolve().parent.parent
    for folder in (root / "dictionaries", root.parent / "dictionaries"):
        if folder.is_dir():
            return folder.resolve()
    raise DictionaryError(root / "dictionaries", 0, "shipped dictionaries not found")


def _folders(extra: Path | Iterable[Path] | None, shipped: bool) -> list[Path]:
    if extra is None:
        extras: list[Path] = []
    elif isinstance(extra, (str, Path)):
        extras = [Path(extra)]
    else:
        extras = [Path(p) for p in extra]
    folders = [shipped_folder()] if shipped else []
    for folder in extras:
        if not folder.is_dir():
            raise DictionaryError(folder, 0, "dictionary folder not found")
        if folder.resolve() in (f.resolve() for f in folders):
            log.debug("dictionary folder %s is already loaded", folder)
            continue
        folders.append(folder)
    return folders


class Lexicon:
    """English plus the dictionaries plus the user lexicon, with a candidate index.

    Words are looked up casefolded unless a method says "as written"."""

    def __init__(
        self,
        meta: dict[str, Any],
        sections: Mapping[str, Any],
        *,
        dictionaries_hash: str,
        files: dict[str, str],
        user_lexicon: Path | None = None,
        from_cache: bool = False,
    ) -> None:
        self._vocab = StringTable.from_sections(dict(sections), "vocab")
        # What the queries answer from once the tables are read into memory (``_ids``): the
        # vocabulary's string -> id dict, and a set or a dict probe where the correct stage
        # asks millions of times (``is_english``: 5 a token), not an id then an array's read.
        self._vocab_ids: dict[str, int] | None = None
        self._english_words: frozenset[str] | None = None
        self._word_counts: dict[str, int] | None = None
        self._flag_bytes: bytes | None = None
        self._bigram_count_of: dict[str, int] | None = None
        self._ngram_count_of: dict[str, int] | None = None
        self._flags = sections["vocab_flags"]
        self._codes = sections["form_code"]
        self._counts = sections["vocab_count"]
        self._written_blob = memoryview(sections["written_blob"])
        self._written_off = sections["written_off"]
        self._bigrams = StringTable.from_sections(dict(sections), "bigram")
        self._bigram_counts = sections["bigram_count"]
        self._compounds_blob = sections["compounds"]
        self._ngrams = StringTable.from_sections(dict(sections), "ngram")
        self._ngram_counts = sections["ngram_count"]
        #: Tokens of the n-gram files (``*.ngrams.tsv``): the domain model's corpus size.
        self.ngram_tokens: int = meta["ngram_tokens"]
        self._n_words: int = meta["n_words"]
        self._sources: list[str] = meta["sources"]
        self._kinds = [LexiconKind(k) for k in meta["kinds"]]
        self._corrections: dict[str, list[Any]] = meta["corrections"]
        self._bigram_min: int = meta["bigram_min"]
        self.index = CandidateIndex(
            self._vocab,
            self._counts,
            self._n_words,
            dict(sections),
            max_length=meta["max_length"],
            max_distance=meta["max_distance"],
            prefix_length=meta["prefix_length"],
        )
        problem = (
            self._vocab.check()
            or self._bigrams.check()
            or self._ngrams.check()
            or self.index.check()
        )
        if problem is None and not (
            len(self._flags) == len(self._codes) == self._vocab.size == len(self._written_off) - 1
            and len(self._counts) == self._n_words <= self._vocab.size
            and len(self._bigram_counts) == self._bigrams.size
            and len(self._ngram_counts) == self._ngrams.size
            and len(self._sources) == len(self._kinds)
        ):
            problem = "table lengths disagree"
        if problem is not None:
            raise cache.CacheError(problem)
        #: Every English word (lowercase): membership is the correct stage's fast path.
        self.english = _EnglishView(self)
        #: Indexed words (English and lexicon targets) with their counts: the candidates.
        self.words = _WordsView(self)
        self.dictionaries_hash = dictionaries_hash
        self.files = files
        self.from_cache = from_cache
        self.user_lexicon = user_lexicon
        self._user_words: set[str] = set()
        self._user_corrections: dict[str, str] = {}
        self.user_hash: str | None = None
        self.user_changes = 0  #: words confirmed since load (``confirm_word``): memos key by it
        if user_lexicon is not None:
            self._load_user(user_lexicon)

    # -- loading ---------------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        extra: Path | Iterable[Path] | None = None,
        user_lexicon: Path | None = None,
        cache_dir: Path | None = None,
        *,
        use_cache: bool = True,
        shipped: bool = True,
    ) -> Lexicon:
        """Load the shipped dictionaries, then the ``extra`` folder(s) layered on top (an
        earlier file wins a tie for a form's spelling and source; a folder that is the shipped
        one is skipped), then the user lexicon file (need not exist).

        The index comes from ``cache_dir`` (default :func:`default_cache_dir`) when a cache
        file for these exact sources exists and is sound, else it is built (seconds) and
        written there. Raises ``DictionaryError`` (``file:line: what``) for a missing folder or
        a malformed line; a damaged cache file is rebuilt, never an error."""
        folders = _folders(extra, shipped)
        paths = [p for folder in folders for p in dictionary_files(folder)]
        ngram_paths = [p for folder in folders for p in ngram_files(folder)]
        english_paths = symspell_paths()
        cache_dir = (cache_dir or default_cache_dir()) if use_cache else None
        sources = [*english_paths, *paths, *ngram_paths]
        # Digests memoised by stat in the cache folder: reading and hashing the ~5 MB of
        # sources was 16 of a warm Lexicon.load()'s 18 ms CPU.
        digests = cache.file_digests(sources, cache_dir)
        files: dict[str, str] = {}
        for path, digest in zip(sources, digests, strict=True):
            name = path.name if path.name not in files else f"{path.parent.name}/{path.name}"
            files[name] = digest
        key_material = "\n".join(
            [
                f"data_version={DATA_VERSION} cache_format={cache.FORMAT}",
                f"max_edit={MAX_EDIT_DISTANCE} prefix={PREFIX_LENGTH} count={LEXICON_COUNT}",
                *(f"{name} {digest}" for name, digest in files.items()),
            ]
        )
        key = sha256_bytes(key_material.encode())
        cache_path = None
        if cache_dir is not None:
            cache_path = cache_dir / f"index-{key[:24]}.bin"
            found = cache.read_cache(cache_path, key, DATA_VERSION)
            if found is not None:
                try:
                    lexicon = cls(
                        *found,
                        dictionaries_hash=key,
                        files=files,
                        user_lexicon=user_lexicon,
                        from_cache=True,
                    )
                except (cache.CacheError, KeyError, TypeError, ValueError) as exc:
                    log.warning("ignoring dictionary cache %s: %s", cache_path, exc)
                else:
                    log.debug("dictionary index from cache %s", cache_path)
                    return lexicon
        enabled = gc.isenabled()
        gc.disable()  # millions of small objects: collecting mid-build costs a tenth
        try:
            meta, sections = builder.build(
                paths,
                {path.name: path.read_bytes() for path in english_paths},
                lexicon_count=LEXICON_COUNT,
                max_distance=MAX_EDIT_DISTANCE,
                prefix_length=PREFIX_LENGTH,
                ngram_paths=ngram_paths,
            )
        finally:
            if enabled:
                gc.enable()
        image = cache.pack_image(key, DATA_VERSION, meta, sections)
        if cache_path is not None:
            cache.write_cache(cache_path, image)
        meta, views = cache.read_image(image, key, DATA_VERSION)
        return cls(meta, views, dictionaries_hash=key, files=files, user_lexicon=user_lexicon)

    @staticmethod
    def validate_dir(dict_dir: Path) -> None:
        """Parse every file of ``dict_dir``; raise ``DictionaryError`` at the first bad line."""
        for path in dictionary_files(dict_dir):
            parse_file(path)

    def _load_user(self, path: Path) -> None:
        if not path.exists():
            self.user_hash = None
            return
        self.user_hash = sha256_bytes(path.read_bytes())
        user = read_user_lexicon(path)
        self._user_words.update(user.words)
        self._user_corrections.update(user.corrections)

    # -- identity --------------------------------------------------------------------------

    @property
    def hash(self) -> str:
        """Everything that decides a correction: dictionaries, settings and the user lexicon."""
        return sha256_bytes(f"{self.dictionaries_hash}\n{self.user_hash}".encode())

    def describe(self) -> dict[str, object]:
        """For ``metadata.json``: which dictionaries a result was made with (file name ->
        sha256; the user lexicon by name, never by path)."""
        return {
            "hash": self.hash,
            "dictionaries_hash": self.dictionaries_hash,
            "files": dict(sorted(self.files.items())),
            "user_lexicon": None if self.user_lexicon is None else self.user_lexicon.name,
            "user_lexicon_hash": self.user_hash,
            "symspellpy": _version("symspellpy"),
            "data_version": DATA_VERSION,
        }

    def preload(self) -> None:
        """Read the word, bigram and n-gram tables and the delete strings into memory now, not
        when a batch's queries first outnumber a share of one (about 0.6 CPU-s in all; see
        ``tables.StringTable``, ``index.CandidateIndex.load``): the answers are the same.
        For a long run, and for ``bench`` timing the correct stage apart from its loads."""
        for table in (self._vocab, self._bigrams, self._ngrams):
            table.load()
        self._ids()
        self.index.load()

    # -- queries ---------------------------------------------------------------------------

    def _ids(self) -> None:
        """Take each table's in-memory dict once it is there (``StringTable.load``) and what
        the queries answer from (``_vocab_fast``; the pairs' counts by pair), about 0.1 CPU-s
        in all, paid with the tables' load."""
        if self._vocab_ids is None:
            ids = self._vocab_ids = self._vocab.loaded_ids()
            if ids is not None:
                self._vocab_fast(ids)
        if self._bigram_count_of is None:
            self._bigram_count_of = self._bigrams.loaded_values(self._bigram_counts)
        if self._ngram_count_of is None:
            self._ngram_count_of = self._ngrams.loaded_values(self._ngram_counts)

    def _vocab_fast(self, ids: dict[str, int]) -> None:
        """The English words, the indexed words' counts and the flags, read out of ``ids``
        (string -> id, as ``find`` answers) and the arrays: the same answers, one probe."""
        flags = self._flag_bytes = bytes(self._flags)
        self._english_words = frozenset(w for w, vid in ids.items() if flags[vid] & ENGLISH)
        counts, n = list(self._counts), self._n_words
        self._word_counts = {w: c for w, vid in ids.items() if vid < n and (c := counts[vid]) > 0}

    def _vid(self, lower: str) -> int:
        """The vocabulary id of ``lower``, or -1 (the path until the table is in memory)."""
        vid = self._vocab.find(lower)
        self._ids()
        return vid

    def _flag(self, lower: str, flag: int) -> bool:
        ids = self._vocab_ids
        vid = ids.get(lower, -1) if ids is not None else self._vid(lower)
        flags = self._flag_bytes if self._flag_bytes is not None else self._flags
        return vid >= 0 and bool(flags[vid] & flag)

    def is_english(self, lower: str) -> bool:
        """Whether ``lower`` is an English word (symspellpy's list, its American spellings,
        the ``role: english`` files)."""
        english = self._english_words
        if english is not None:
            return lower in english
        vid = self._vid(lower)
        return vid >= 0 and bool(self._flags[vid] & ENGLISH)

    def is_proper_noun(self, lower: str) -> bool:
        """An English-list word that English writes capitalised (``turin``, ``january``)."""
        return self._flag(lower, PROPER)

    def count(self, lower: str) -> int:
        """Corpus frequency (English) or ``LEXICON_COUNT`` (a target lexicon word), else 0."""
        counts = self._word_counts
        if counts is not None:
            return counts.get(lower, 0)
        vid = self._vid(lower)
        return self._counts[vid] if 0 <= vid < self._n_words else 0

    def indexed(self, words: Iterable[str]) -> list[str]:
        """The words of ``words`` that are indexed (``count`` above 0: English or a lexicon
        target), in their order: ``[w for w in words if count(w) > 0]`` in one call, for the
        candidate search's many variants."""
        counts = self._word_counts
        if counts is None:
            return [w for w in words if self.count(w) > 0]
        return [w for w in words if w in counts]

    def bigram(self, first: str, second: str) -> int:
        """How often ``first second`` occurs in symspellpy's bigram list (lowercase), else 0."""
        pair = f"{first} {second}"
        counts = self._bigram_count_of
        if counts is not None:
            return counts.get(pair, 0)
        bid = self._bigrams.find(pair)
        self._ids()
        return self._bigram_counts[bid] if bid >= 0 else 0

    def ngram(self, words: str) -> int:
        """How often ``words`` (one to three lowercase words joined by spaces) occurs in the
        domain n-gram files (``*.ngrams.tsv``: State Department prose, Victorian triples; see
        ``dictionaries/README.md``), else 0 (counts below 2 were dropped)."""
        counts = self._ngram_count_of
        if counts is not None:
            return counts.get(words, 0)
        nid = self._ngrams.find(words)
        self._ids()
        return self._ngram_counts[nid] if nid >= 0 else 0

    @property
    def bigram_min(self) -> int:
        """Bigrams below this count were pruned from the bigram dictionary."""
        return int(self._bigram_min) if self._bigrams.size else 1

    def _form(self, low: str) -> tuple[str, int, int] | None:
        ids = self._vocab_ids
        vid = ids.get(low, -1) if ids is not None else self._vid(low)
        flags = self._flag_bytes if self._flag_bytes is not None else self._flags
        if vid < 0 or not flags[vid] & FORM:
            return None
        code = self._codes[vid]
        written = self._written_blob[self._written_off[vid] : self._written_off[vid + 1]]
        return str(written, "utf-8"), code >> 3, code & 7

    def entry(self, word: str) -> LexEntry | None:
        """The lexicon form ``word`` (any case) is, or None."""
        found = self._form(word.casefold())
        if found is None:
            return None
        written, src, flags = found
        return LexEntry(
            written=written,
            source=self._sources[src],
            target=bool(flags & TARGET),
            any_case=bool(flags & ANY_CASE),
            component=bool(flags & COMPONENT),
        )

    def _protecting(self, word: str) -> int | None:
        low = word.casefold()
        if low in self._user_words:
            return _USER
        found = self._form(low)
        if found is None:
            return None
        written, src, flags = found
        if word.islower() and not (flags & ANY_CASE) and not written.islower():
            return None
        return src

    def protects(self, word: str) -> str | None:
        """Why ``word`` (as written) must not be changed: the source that protects it (a file
        name or ``"user lexicon"``), or None.

        A lowercase token is protected only by English, the user lexicon and ``any-case``
        entries: ``tbe`` stays correctable even if some village is called Tbe."""
        src = self._protecting(word)
        if src is None:
            return None
        return USER_SOURCE if src == _USER else self._sources[src]

    def is_person_name(self, word: str) -> bool:
        """Whether ``word`` (as written) is protected as a person's name: by a ``# kind:
        people`` file (the source :meth:`protects` names) or by the user lexicon."""
        src = self._protecting(word)
        return src == _USER or (src is not None and self._kinds[src] is LexiconKind.PEOPLE)

    def is_known(self, word: str) -> bool:
        """English (any case) or protected as written."""
        return self.is_english(word.casefold()) or self._protecting(word) is not None

    def correction_for(self, word: str) -> tuple[str, str] | None:
        """A confirmed correction ``(right, source)`` for ``word``, or None."""
        low = word.casefold()
        if low in self._user_corrections:
            return self._user_corrections[low], USER_SOURCE
        found = self._corrections.get(low)
        if found is not None:
            right, src = found
            return right, self._sources[src]
        return None

    def lookup(self, lower: str, max_distance: int = MAX_EDIT_DISTANCE) -> list[Suggestion]:
        """Indexed words at the smallest OSA distance (at most ``max_distance``) from ``lower``:
        ``Suggestion(term, distance, count)`` sorted by distance then count descending (what
        symspellpy's ``lookup(lower, Verbosity.CLOSEST, max_distance)`` returns)."""
        return self.index.lookup(lower, max_distance)

    def near(self, lower: str, max_distance: int = MAX_EDIT_DISTANCE) -> bool:
        """Is some indexed word within ``max_distance`` of ``lower`` (``lookup`` non-empty)?
        Cheaper than ``lookup`` when only that matters (``CandidateIndex.near``)."""
        return self.index.near(lower, max_distance)

    @cached_property
    def compounds(self) -> list[str]:
        """Lowercase forms with ``-`` or a space, sorted: for fuzzy matching of names."""
        blob = bytes(self._compounds_blob).decode("utf-8")
        return blob.split("\n") if blob else []

    # -- learning from review --------------------------------------------------------------

    def confirm_word(self, word: str) -> None:
        """Protect ``word`` from now on (and in the user lexicon file, if there is one);
        ``ValueError`` for what the file could not hold (then nothing is learned)."""
        form = user_word(word)
        if self.user_lexicon is not None:
            with reviews_lock(self.user_lexicon.parent):  # every write to reviews/ holds it
                add_user_words(self.user_lexicon, [form])
        self._user_words.add(form.casefold())
        self.user_changes += 1

    def confirm_correction(self, wrong: str, right: str) -> None:
        """Apply ``wrong -> right`` automatically from now on; ``ValueError`` as above."""
        wrong, right = user_correction(wrong, right)
        if self.user_lexicon is not None:
            with reviews_lock(self.user_lexicon.parent):
                add_user_correction(self.user_lexicon, wrong, right)
        self._user_corrections[wrong.casefold()] = right


class _EnglishView:
    """``lexicon.english``: ``word in english`` for lowercase words; iterable, sized."""

    __slots__ = ("_lex",)

    def __init__(self, lex: Lexicon) -> None:
        self._lex = lex

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._lex.is_english(word)

    def __iter__(self) -> Iterator[str]:
        lex = self._lex
        return (w for vid, w in enumerate(lex._vocab) if lex._flags[vid] & ENGLISH)

    def __len__(self) -> int:
        return sum(1 for f in self._lex._flags if f & ENGLISH)


class _WordsView(Mapping[str, int]):
    """``lexicon.words``: indexed word -> count, read-only."""

    def __init__(self, lex: Lexicon) -> None:
        self._lex = lex

    def __getitem__(self, word: str) -> int:
        count = self._lex.count(word) if isinstance(word, str) else 0
        if not count:
            raise KeyError(word)
        return count

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and 0 <= self._lex._vocab.find(word) < self._lex._n_words

    def __iter__(self) -> Iterator[str]:
        table = self._lex._vocab
        return (table.string(vid) for vid in range(self._lex._n_words))

    def __len__(self) -> int:
        return self._lex._n_words


def _version(package: str) -> str:
    from importlib import metadata  # costs 15 ms: only when metadata is written

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"
