"""The dictionaries the correct stage trusts, loaded, indexed and cached.

Sources, all plain text:

* symspellpy's shipped English frequency and bigram dictionaries (found with
  ``importlib.resources``): what counts as an English word, how common it is, and which words
  follow which;
* ``dictionaries/*.txt``: the domain lexicon (places, people, cable vocabulary), one entry per
  line, variants separated by ``|`` (``Stepanakert | Khankendi``), corrections as
  ``wrong -> right``. The first line of every file is ``# source: ...``; an optional
  ``# role: target`` (the default: protected and offered as a correction) or
  ``# role: protect`` (protected only: large gazetteers whose thousands of names would
  otherwise attract false corrections), ``# role: english`` (more English words, known in any
  case but never offered as corrections) and ``# match: any-case`` (entries protect a token in any
  case; by default a lowercase token is not protected by a capitalised entry, because a place
  name written in lowercase is more likely an English word with an OCR error);
* the user lexicon (``reviews/lexicon.txt`` by default, passed in): words and corrections that
  a person confirmed in review. It is read on every load, never cached, so a decision counts
  at once.

The SymSpell index over English plus the ``target`` entries takes seconds to build; it is cached
on disk keyed by the sha256 of every source file, the index settings and ``DATA_VERSION``, so a
warm load is a single unpickle.
"""

from __future__ import annotations

import gc
import importlib.resources
import logging
import os
import pickle
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from symspellpy import SymSpell, Verbosity
from symspellpy.editdistance import DistanceAlgorithm, EditDistance
from symspellpy.suggest_item import SuggestItem

from pipeline.core.errors import DictionaryError
from pipeline.core.fileio import sha256_bytes, write_bytes_atomic

log = logging.getLogger(__name__)

# Bump when the derived data's shape or meaning changes: old caches are then ignored.
DATA_VERSION = 2
MAX_EDIT_DISTANCE = 2
# SymSpell defaults to 7; 6 halves the index (warm load ~0.1 s less) for ~20 us more per lookup
# with Verbosity.CLOSEST, which the correct stage uses.
PREFIX_LENGTH = 6
# Frequency given to a lexicon word that is not also an English word: about the median English
# count, so a name neither dominates nor vanishes next to common words.
LEXICON_COUNT = 300_000
ENGLISH_DICTIONARY = "frequency_dictionary_en_82_765.txt"
BIGRAM_DICTIONARY = "frequency_bigramdictionary_en_243_342.txt"
USER_HEADER = "# source: user lexicon: words and corrections confirmed in review (foia-clean)"

ROLES = ("target", "protect", "english")
_FORBIDDEN = set("|<>\t#")
_MAX_ENTRY = 80

# Flags packed into one small int per lexicon form (keeps the cached index compact).
_TARGET = 1
_ANY_CASE = 2
_COMPONENT = 4  # a word of a multi-word or hyphenated entry, not a whole entry
# Each form is cached as one string: a code character (source index * 8 + flags) and then the
# written form. 150,000 strings unpickle in half the time of as many tuples.
_CODE_BASE = 0x100


def _pack(written: str, src: int, flags: int) -> str:
    return chr(_CODE_BASE + src * 8 + flags) + written


def _unpack(packed: str) -> tuple[str, int, int]:
    code = ord(packed[0]) - _CODE_BASE
    return packed[1:], code >> 3, code & 7


class _Deletes(dict):  # type: ignore[type-arg]
    """SymSpell's delete index with each bucket stored as one NUL-joined string.

    Half the objects of a dict of lists, so the cached index unpickles in about half the time;
    SymSpell only reads buckets with ``in`` and ``[]``, which this keeps.
    """

    __slots__ = ()

    def __getitem__(self, key: str) -> list[str]:
        return dict.__getitem__(self, key).split("\x00")


@dataclass(frozen=True, slots=True)
class LexEntry:
    """What the lexicon knows about one form (looked up lowercased)."""

    written: str  # as a dictionary file spells it: restores case in a correction
    source: str  # the file it came from, for the reason sentence
    target: bool  # offered as a correction, not only protected
    any_case: bool  # protects lowercase tokens too
    component: bool  # part of a longer entry (``Karabakh`` of ``Nagorno-Karabakh``)


@dataclass(frozen=True, slots=True)
class ParsedLine:
    """One entry line of a dictionary file."""

    line: int
    forms: tuple[str, ...] = ()
    correction: tuple[str, str] | None = None


@dataclass(slots=True)
class ParsedFile:
    path: Path
    source: str
    role: str = "target"
    any_case: bool = False
    entries: list[ParsedLine] = field(default_factory=list)


# Characters ``str.splitlines`` breaks a line at that are not control characters: an entry
# holding one would come back from the file as two lines.
_LINE_BREAKS = frozenset("\x85\u2028\u2029")
_EMPTY = "empty entry"


# The rules of the format, shared by the parser and the user-lexicon writers: what a writer
# accepts, the parser reads back.


def _char_problem(text: str) -> str | None:
    bad = sorted({ch for ch in text if ch in _FORBIDDEN or ord(ch) < 32 or ch in _LINE_BREAKS})
    return f"character {bad[0]!r} is not allowed in an entry" if bad else None


def form_problem(form: str) -> str | None:
    """What is wrong with ``form`` (stripped) as one entry or one side of a correction."""
    if not form:
        return _EMPTY
    if len(form) > _MAX_ENTRY:
        return f"entry longer than {_MAX_ENTRY} characters"
    if "->" in form:
        return "'->' more than once"
    return _char_problem(form)


def correction_problem(wrong: str, right: str) -> str | None:
    if wrong.casefold() == right.casefold():
        return "a correction must change the word"
    return None


def _check_form(path: Path, lineno: int, form: str) -> str:
    form = form.strip()
    problem = form_problem(form)
    if problem == _EMPTY:
        problem += " (two '|' in a row or a '|' at an end?)"
    if problem is not None:
        raise DictionaryError(path, lineno, problem)
    return " ".join(form.split())


def parse_file(path: Path, *, user: bool = False) -> ParsedFile:
    """Parse one dictionary file; a malformed line raises ``DictionaryError(path, line, what)``."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise DictionaryError(path, line, "not valid UTF-8") from exc
    lines = text.splitlines()
    if not lines or not lines[0].startswith("# source:") or not lines[0][9:].strip():
        raise DictionaryError(
            path, 1, "first line must be '# source: <where the entries come from>'"
        )
    parsed = ParsedFile(path=path, source=lines[0][9:].strip())
    for lineno, raw in enumerate(lines[1:], start=2):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            body = line[1:].strip()
            if body.startswith("role:"):
                role = body[5:].strip()
                if role not in ROLES:
                    raise DictionaryError(path, lineno, f"unknown role {role!r} (use {ROLES})")
                parsed.role = role
            elif body.startswith("match:"):
                if body[6:].strip() != "any-case":
                    raise DictionaryError(path, lineno, "the only match directive is 'any-case'")
                parsed.any_case = True
            continue
        if "->" in line:
            if "|" in line:
                raise DictionaryError(
                    path, lineno, "a line is variants (a | b) or a correction (a -> b), not both"
                )
            wrong, _, right = line.partition("->")
            if not wrong.strip() or not right.strip():
                raise DictionaryError(
                    path, lineno, "a correction needs both sides: 'wrong -> right'"
                )
            pair = (_check_form(path, lineno, wrong), _check_form(path, lineno, right))
            if problem := correction_problem(*pair):
                raise DictionaryError(path, lineno, problem)
            parsed.entries.append(ParsedLine(lineno, correction=pair))
            continue
        forms = tuple(_check_form(path, lineno, part) for part in line.split("|"))
        parsed.entries.append(ParsedLine(lineno, forms=forms))
    if user:
        parsed.role = "protect"
        parsed.any_case = True
    return parsed


# Letters that Unicode decomposition does not reduce to ASCII.
_FOLD = str.maketrans(
    {"ə": "e", "Ə": "E", "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
     "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ʼ": "'", "ʻ": "'", "’": "'",
     "‘": "'", "ʹ": "'"}
)  # fmt: skip


def ascii_fold(text: str) -> str:
    """Drop diacritics the way English-language cables do: ``Füzuli`` → ``Fuzuli``."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def dictionary_files(dict_dir: Path) -> list[Path]:
    return sorted(p for p in dict_dir.glob("*.txt") if p.is_file())


def _symspell_data() -> list[tuple[str, bytes]]:
    root = importlib.resources.files("symspellpy")
    return [(name, (root / name).read_bytes()) for name in (ENGLISH_DICTIONARY, BIGRAM_DICTIONARY)]


def _new_symspell() -> SymSpell:
    return SymSpell(
        max_dictionary_edit_distance=MAX_EDIT_DISTANCE,
        prefix_length=PREFIX_LENGTH,
        distance_comparer=EditDistance(DistanceAlgorithm.DAMERAU_OSA_FAST),
    )


def _components(form: str) -> list[str]:
    """The words of a multi-word or hyphenated entry worth protecting on their own."""
    parts = [p for p in form.replace("-", " ").split() if len(p) >= 3]
    return parts if len(parts) > 1 or parts != [form] else []


def default_cache_dir(dict_dir: Path) -> Path:
    """``$FOIA_CLEAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/foia-clean``, else ``.cache/foia-clean``
    beside ``dict_dir`` (the project root, ignored by git)."""
    if env := os.environ.get("FOIA_CLEAN_CACHE_DIR"):
        return Path(env)
    if xdg := os.environ.get("XDG_CACHE_HOME"):
        return Path(xdg) / "foia-clean"
    return dict_dir.resolve().parent / ".cache" / "foia-clean"


class Lexicon:
    """English plus the domain lexicon plus the user lexicon, with a SymSpell index."""

    def __init__(
        self,
        symspell: SymSpell,
        forms: dict[str, str],
        sources: list[str],
        english: frozenset[str] | set[str],
        corrections: dict[str, tuple[str, int]],
        compounds: list[str],
        *,
        proper: frozenset[str] = frozenset(),
        dictionaries_hash: str,
        files: dict[str, str],
        user_lexicon: Path | None = None,
        from_cache: bool = False,
    ) -> None:
        self.symspell = symspell
        self._words: dict[str, int] = symspell.words
        #: Indexed words (English and lexicon targets) with their counts: the candidates.
        self.words = self._words
        self._bigrams: dict[str, int] = symspell.bigrams
        self._forms = forms  # lower -> _pack(written, source index, flags)
        self._sources = sources
        self._english = english
        #: Every English word (lowercase): membership is the correct stage's fast path.
        self.english = english
        self._corrections = corrections  # lower wrong -> (right, source index)
        self.compounds = compounds  # lower forms with '-' or ' ', for fuzzy matching
        self._proper = proper
        self.dictionaries_hash = dictionaries_hash
        self.files = files
        self.from_cache = from_cache
        self.user_lexicon = user_lexicon
        self._user_words: set[str] = set()
        self._user_corrections: dict[str, str] = {}
        self.user_hash: str | None = None
        if user_lexicon is not None:
            self._load_user(user_lexicon)

    # -- loading ---------------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        dict_dir: Path,
        user_lexicon: Path | None = None,
        cache_dir: Path | None = None,
        *,
        use_cache: bool = True,
    ) -> Lexicon:
        """Load the dictionaries, from the cached index when its key still matches."""
        dict_dir = Path(dict_dir)
        if not dict_dir.is_dir():
            raise DictionaryError(dict_dir, 0, "dictionary folder not found")
        paths = dictionary_files(dict_dir)
        shipped = _symspell_data()
        files = {name: sha256_bytes(data) for name, data in shipped}
        files.update({p.name: sha256_bytes(p.read_bytes()) for p in paths})
        key_material = "\n".join(
            [
                f"data_version={DATA_VERSION}",
                f"max_edit={MAX_EDIT_DISTANCE} prefix={PREFIX_LENGTH} count={LEXICON_COUNT}",
                f"symspellpy={_version('symspellpy')} python={sys.version_info[:2]}",
                *(f"{name} {digest}" for name, digest in sorted(files.items())),
            ]
        )
        key = sha256_bytes(key_material.encode())
        cache_path: Path | None = None
        if use_cache:
            cache_path = (cache_dir or default_cache_dir(dict_dir)) / f"index-{key[:24]}.pickle"
            state = _read_cache(cache_path, key)
            if state is not None:
                log.debug("dictionary index from cache %s", cache_path)
                return cls._from_state(state, key, files, user_lexicon, from_cache=True)
        state = _build_state(paths, shipped)
        if cache_path is not None:
            _write_cache(cache_path, key, state)
        return cls._from_state(state, key, files, user_lexicon, from_cache=False)

    @classmethod
    def _from_state(
        cls,
        state: dict[str, object],
        key: str,
        files: dict[str, str],
        user_lexicon: Path | None,
        *,
        from_cache: bool,
    ) -> Lexicon:
        # The cache holds SymSpell's own pickled fields (see ``PickleMixin._save_pickle_stream``)
        # inside our state, so one unpickle restores everything.
        sym = _new_symspell()
        sym._deletes = state["deletes"]  # type: ignore[assignment]
        sym._words = state["words"]  # type: ignore[assignment]
        sym._max_length = state["max_length"]  # type: ignore[assignment]
        sym._bigrams = state["bigrams"]  # type: ignore[assignment]
        sym.bigram_count_min = state["bigram_min"]  # type: ignore[assignment]
        return cls(
            sym,
            state["forms"],  # type: ignore[arg-type]
            state["sources"],  # type: ignore[arg-type]
            state["english"],  # type: ignore[arg-type]
            state["corrections"],  # type: ignore[arg-type]
            state["compounds"],  # type: ignore[arg-type]
            proper=state.get("proper", frozenset()),  # type: ignore[arg-type]
            dictionaries_hash=key,
            files=files,
            user_lexicon=user_lexicon,
            from_cache=from_cache,
        )

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
        parsed = parse_file(path, user=True)
        for entry in parsed.entries:
            if entry.correction is not None:
                wrong, right = entry.correction
                self._user_corrections[wrong.casefold()] = right
            for form in entry.forms:
                self._user_words.add(form.casefold())
                for part in _components(form):
                    self._user_words.add(part.casefold())

    # -- identity --------------------------------------------------------------------------

    @property
    def hash(self) -> str:
        """Everything that decides a correction: dictionaries, settings and the user lexicon."""
        return sha256_bytes(f"{self.dictionaries_hash}\n{self.user_hash}".encode())

    def describe(self) -> dict[str, object]:
        """For ``metadata.json``: which dictionaries a result was made with."""
        return {
            "hash": self.hash,
            "dictionaries_hash": self.dictionaries_hash,
            "files": dict(sorted(self.files.items())),
            "user_lexicon": None if self.user_lexicon is None else self.user_lexicon.name,
            "user_lexicon_hash": self.user_hash,
            "symspellpy": _version("symspellpy"),
            "data_version": DATA_VERSION,
        }

    # -- queries ---------------------------------------------------------------------------

    def is_english(self, lower: str) -> bool:
        return lower in self._english

    def is_proper_noun(self, lower: str) -> bool:
        """An English-list word that English writes capitalised (``turin``, ``january``)."""
        return lower in self._proper

    def count(self, lower: str) -> int:
        """Corpus frequency (English) or ``LEXICON_COUNT`` (a target lexicon word), else 0."""
        return self._words.get(lower, 0)

    def bigram(self, first: str, second: str) -> int:
        return self._bigrams.get(f"{first} {second}", 0)

    @property
    def bigram_min(self) -> int:
        """Bigrams below this count were pruned from the bigram dictionary."""
        return int(self.symspell.bigram_count_min) if self._bigrams else 1

    def entry(self, word: str) -> LexEntry | None:
        found = self._forms.get(word.casefold())
        if found is None:
            return None
        written, src, flags = _unpack(found)
        return LexEntry(
            written=written,
            source=self._sources[src],
            target=bool(flags & _TARGET),
            any_case=bool(flags & _ANY_CASE),
            component=bool(flags & _COMPONENT),
        )

    def protects(self, word: str) -> str | None:
        """Why ``word`` (as written) must not be changed, or None.

        A lowercase token is protected only by English, the user lexicon and ``any-case``
        entries: ``tbe`` stays correctable even if some village is called Tbe.
        """
        low = word.casefold()
        if low in self._user_words:
            return "user lexicon"
        found = self._forms.get(low)
        if found is None:
            return None
        written, src, flags = _unpack(found)
        if word.islower() and not (flags & _ANY_CASE) and not written.islower():
            return None
        return self._sources[src]

    def is_person_name(self, word: str) -> bool:
        """Is ``word`` (as written) protected as a person's name: by the user lexicon or a
        dictionary of people's names? TEMP shim: the old file-name-prefix rule, until
        ``# kind: people`` lands."""
        why = self.protects(word)
        return why is not None and why.startswith(("user lexicon", "people", "names_"))

    def is_known(self, word: str) -> bool:
        return word.casefold() in self._english or self.protects(word) is not None

    def correction_for(self, word: str) -> tuple[str, str] | None:
        """A confirmed correction ``(right, source)`` for ``word``, or None."""
        low = word.casefold()
        if low in self._user_corrections:
            return self._user_corrections[low], "user lexicon"
        if low in self._corrections:
            right, src = self._corrections[low]
            return right, self._sources[src]
        return None

    def lookup(self, lower: str, max_distance: int = MAX_EDIT_DISTANCE) -> list[SuggestItem]:
        """Indexed words at the smallest OSA distance (at most ``max_distance``) from ``lower``."""
        if len(lower) - max_distance > self.symspell._max_length:
            return []
        return self.symspell.lookup(lower, Verbosity.CLOSEST, max_distance)

    # -- learning from review --------------------------------------------------------------

    def confirm_word(self, word: str) -> None:
        """Protect ``word`` from now on (and in the user lexicon file, if there is one)."""
        form = _user_word(word)  # what the file could not hold is not learned in memory either
        if self.user_lexicon is not None:
            add_user_words(self.user_lexicon, [form])
        self._user_words.add(form.casefold())

    def confirm_correction(self, wrong: str, right: str) -> None:
        """Apply ``wrong -> right`` automatically from now on."""
        wrong, right = _user_correction(wrong, right)
        if self.user_lexicon is not None:
            add_user_correction(self.user_lexicon, wrong, right)
        self._user_corrections[wrong.casefold()] = right


# -- building --------------------------------------------------------------------------------


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


def _build_state(paths: list[Path], shipped: list[tuple[str, bytes]]) -> dict[str, object]:
    sym = _new_symspell()
    data = dict(shipped)
    english: dict[str, int] = {}
    extra_english: set[str] = set()
    for lineno, raw in enumerate(data[ENGLISH_DICTIONARY].decode("utf-8").splitlines(), 1):
        parts = raw.split()
        if len(parts) != 2 or not parts[1].isdigit():
            raise DictionaryError(ENGLISH_DICTIONARY, lineno, "expected 'word count'")
        english[parts[0]] = int(parts[1])
    for word, count in list(english.items()):
        for variant in american_spellings(word):
            english.setdefault(variant, count)
    for word, count in english.items():
        sym.create_dictionary_entry(word, count)
    bigrams: dict[str, int] = {}
    for lineno, raw in enumerate(data[BIGRAM_DICTIONARY].decode("utf-8").splitlines(), 1):
        parts = raw.split()
        if len(parts) != 3 or not parts[2].isdigit():
            raise DictionaryError(BIGRAM_DICTIONARY, lineno, "expected 'word word count'")
        bigrams[f"{parts[0]} {parts[1]}"] = int(parts[2])
    sym._bigrams = bigrams
    sym.bigram_count_min = min(bigrams.values(), default=sys.maxsize)

    forms: dict[str, tuple[str, int, int]] = {}
    sources: list[str] = []
    corrections: dict[str, tuple[str, int]] = {}
    compounds: set[str] = set()
    targets: set[str] = set()
    for path in paths:
        parsed = parse_file(path)
        src = len(sources)
        sources.append(path.name)
        base = (_TARGET if parsed.role == "target" else 0) | (_ANY_CASE if parsed.any_case else 0)
        if parsed.role == "english":
            for entry in parsed.entries:
                extra_english.update(form.casefold() for form in entry.forms)
            continue
        for entry in parsed.entries:
            if entry.correction is not None:
                wrong, right = entry.correction
                corrections.setdefault(wrong.casefold(), (right, src))
                continue
            for form in entry.forms:
                low = form.casefold()
                _add_form(forms, low, form, src, base)
                if "-" in form or " " in form:
                    compounds.add(low)
                if base & _TARGET and " " not in form:
                    targets.add(low)
                for part in _components(form):
                    _add_form(forms, part.casefold(), part, src, base | _COMPONENT)
                    if base & _TARGET:
                        targets.add(part.casefold())
    for low in sorted(targets):
        if low not in english:
            sym.create_dictionary_entry(low, LEXICON_COUNT)
    # symspellpy's list is lowercased, names included: where a fuller English list is present,
    # a word it lacks in lowercase but has capitalised is a proper noun.
    proper = frozenset(
        w
        for w in english
        if extra_english and w not in extra_english and w in forms and not forms[w][0].islower()
    )
    deletes = _Deletes((k, "\x00".join(v)) for k, v in sym._deletes.items())
    log.info(
        "built dictionary index: %d English words, %d lexicon forms, %d deletes",
        len(english),
        len(forms),
        len(deletes),
    )
    return {
        "deletes": deletes,
        "words": sym._words,
        "max_length": sym._max_length,
        "bigrams": bigrams,
        "bigram_min": sym.bigram_count_min,
        "forms": {low: _pack(*value) for low, value in forms.items()},
        "sources": sources,
        "english": frozenset(english) | extra_english,
        "corrections": corrections,
        "compounds": sorted(compounds),
        "proper": proper,
    }


def _add_form(
    forms: dict[str, tuple[str, int, int]], low: str, written: str, src: int, flags: int
) -> None:
    old = forms.get(low)
    if old is None:
        forms[low] = (written, src, flags)
        return
    # A whole entry beats a component and a target beats a protect-only entry for the spelling
    # and source shown; being a target or case-insensitive is kept if any source says so.
    old_written, old_src, old_flags = old
    shared = (old_flags | flags) & (_TARGET | _ANY_CASE)
    if (old_flags & _COMPONENT and not flags & _COMPONENT) or (
        flags & _TARGET and not old_flags & _TARGET
    ):
        forms[low] = (written, src, (flags & _COMPONENT) | shared)
    else:
        forms[low] = (old_written, old_src, (old_flags & _COMPONENT) | shared)


# British -> American spelling correspondences. symspellpy's list leans British (it has
# ``labour`` and ``neighbours`` but not ``labor`` or ``neighbors``) while these records are
# American: without the variants every American spelling would be "corrected" to British.
_US_ENDINGS = (
    ("our", "or"), ("ours", "ors"), ("oured", "ored"), ("ouring", "oring"), ("ourable", "orable"),
    ("ourably", "orably"), ("ourite", "orite"), ("ourites", "orites"), ("ourful", "orful"),
    ("ourless", "orless"), ("ourer", "orer"), ("ourers", "orers"), ("ourism", "orism"),
    ("ise", "ize"), ("ised", "ized"), ("ises", "izes"), ("ising", "izing"), ("isation", "ization"),
    ("isations", "izations"), ("iser", "izer"), ("isers", "izers"),
    ("yse", "yze"), ("ysed", "yzed"), ("yses", "yzes"), ("ysing", "yzing"),
    ("tre", "ter"), ("tres", "ters"), ("bre", "ber"), ("bres", "bers"),
    ("elled", "eled"), ("elling", "eling"), ("eller", "eler"), ("ellers", "elers"),
    ("ellery", "elry"), ("ellous", "elous"),
    ("ence", "ense"), ("ences", "enses"),
    ("ogue", "og"), ("ogues", "ogs"),
    ("amme", "am"), ("ammes", "ams"),
    ("gement", "gment"), ("gements", "gments"),
    ("fil", "fill"), ("fils", "fills"),
)  # fmt: skip
# Words whose "our"/"ence" ending is not British spelling (four, hour, science …).
_US_EXCEPT_STEMS = frozenset(
    {
        *("dev", "cont", "param", "troubad", "det", "sci", "cred", "consci", "exist", "pres"),
        *("abs", "sil", "ess", "sent", "sequ", "refer", "hoth", "aud", "flo", "sco"),
    }
)


def american_spellings(word: str) -> list[str]:
    """American forms of a British spelling (``labour`` → ``labor``), by the regular
    correspondences; words that merely end alike (``four``, ``science``) are left alone.

    >>> american_spellings("neighbours"), american_spellings("four")
    (['neighbors'], [])
    """
    out = []
    for uk, us in _US_ENDINGS:
        if uk == us or not word.endswith(uk):
            continue
        stem = word[: -len(uk)]
        if len(stem) < 3 or stem in _US_EXCEPT_STEMS:
            continue
        if uk.startswith("ence") and not stem.endswith(("f", "c", "t")):
            continue  # defence, offence, licence, pretence; not presence, sentence
        out.append(stem + us)
    return out


# -- cache -----------------------------------------------------------------------------------


def _read_cache(path: Path, key: str) -> dict[str, object] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    enabled = gc.isenabled()
    gc.disable()  # the index is millions of small objects: collecting mid-load triples the time
    try:
        state = pickle.loads(data)  # nosec: our own cache file, keyed by content hash
    except Exception as exc:  # a truncated or foreign file: rebuild rather than fail
        log.warning("ignoring unreadable dictionary cache %s: %s", path, exc)
        return None
    finally:
        if enabled:
            gc.enable()
    if not isinstance(state, dict) or state.get("key") != key:
        return None
    return state


def _write_cache(path: Path, key: str, state: dict[str, object]) -> None:
    try:
        write_bytes_atomic(path, pickle.dumps({**state, "key": key}, protocol=5))
    except OSError as exc:  # a read-only cache folder only costs time
        log.warning("cannot write dictionary cache %s: %s", path, exc)


# -- the user lexicon file -------------------------------------------------------------------


def _user_form(word: str) -> str:
    """``word`` as the user lexicon writes it (whitespace runs made one space); a ``ValueError``
    naming the problem for what ``parse_file`` would refuse."""
    form = " ".join(word.split())
    # Characters are judged on the word as given too: normalising hides a tab or a line break.
    problem = form_problem(form) or _char_problem(word)
    if problem is not None:
        raise ValueError(f"{word!r} cannot go in the user lexicon: {problem}")
    return form


def _user_word(word: str) -> str:
    if "->" in word:  # the parser would read the line as a correction, not refuse it
        raise ValueError(f"{word!r} cannot go in the user lexicon: '->' would make it a correction")
    return _user_form(word)


def _user_correction(wrong: str, right: str) -> tuple[str, str]:
    pair = (_user_form(wrong), _user_form(right))
    if problem := correction_problem(*pair):
        raise ValueError(f"{wrong!r} -> {right!r} cannot go in the user lexicon: {problem}")
    return pair


def _append(path: Path, lines: Iterable[str]) -> None:
    """Append lines and fsync: a review killed right after a decision keeps it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        chunk = ""
        if os.fstat(fd).st_size == 0:
            chunk = USER_HEADER + "\n"
        chunk += "".join(f"{line}\n" for line in lines)
        os.write(fd, chunk.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def _existing(path: Path) -> Iterator[str]:
    if path.exists():
        yield from (line.strip() for line in path.read_text(encoding="utf-8").splitlines())


def add_user_words(path: Path, words: Iterable[str]) -> list[str]:
    """Append words confirmed correct to the user lexicon; returns those actually added.

    Raises ``ValueError`` (and writes none of them) if one is not an entry ``parse_file``
    would read back as that word."""
    have = {line.casefold() for line in _existing(path)}
    new: list[str] = []
    for word in words:
        form = _user_word(word)
        if form.casefold() not in have:
            have.add(form.casefold())
            new.append(form)
    if new:
        _append(path, new)
    return new


def add_user_correction(path: Path, wrong: str, right: str) -> bool:
    """Append a confirmed correction ``wrong -> right``; False if it was already there.

    Raises ``ValueError`` for a pair ``parse_file`` would refuse (a case-only change, an entry
    too long, a character the format forbids): such a line would stop the next run."""
    line = " -> ".join(_user_correction(wrong, right))
    if any(existing == line for existing in _existing(path)):
        return False
    _append(path, [line])
    return True
