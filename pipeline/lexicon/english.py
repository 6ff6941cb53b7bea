"""English: symspellpy's shipped word and bigram lists, and the spellings derived from them.

Why a module of its own: these are the data the index is built from that do not come from a
dictionary file. symspellpy ships ``frequency_dictionary_en_82_765.txt`` (``word count`` per
line, a corpus frequency) and ``frequency_bigramdictionary_en_243_342.txt`` (``word word
count``); they are found beside the installed package without importing it. The list leans
British, so the American spellings SCOWL has are given its British words' counts here, and
``ascii_fold`` drops diacritics the way English-language cables do.
"""

from __future__ import annotations

import importlib.util
import logging
import unicodedata
from pathlib import Path

from pipeline.core.errors import DictionaryError

log = logging.getLogger(__name__)

ENGLISH_DICTIONARY = "frequency_dictionary_en_82_765.txt"
BIGRAM_DICTIONARY = "frequency_bigramdictionary_en_243_342.txt"


def symspell_folder() -> Path:
    """The folder of the installed symspellpy package, which holds its dictionaries.

    Found with ``importlib.util.find_spec`` (the package is not imported: that costs 15 ms of
    start-up); raises ``DictionaryError`` when symspellpy is not installed."""
    spec = importlib.util.find_spec("symspellpy")
    if spec is None or not spec.submodule_search_locations:
        raise DictionaryError("symspellpy", 0, "symspellpy is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def symspell_paths() -> list[Path]:
    """The English frequency list and the bigram list shipped with symspellpy."""
    root = symspell_folder()
    return [root / ENGLISH_DICTIONARY, root / BIGRAM_DICTIONARY]


def read_english(data: bytes, american: set[str] | frozenset[str] = frozenset()) -> dict[str, int]:
    """``word -> count`` from the English frequency list (file order), plus the American
    spelling of a British word at the British word's count (appended, in order) where
    ``american`` (the words of the English lists, SCOWL's American one) has that spelling: the
    rules alone would make words of ``managment`` and ``surprize``.

    Raises ``DictionaryError`` for a line that is not ``word count``."""
    english: dict[str, int] = {}
    for lineno, raw in enumerate(data.decode("utf-8").splitlines(), 1):
        parts = raw.split()
        if len(parts) != 2 or not parts[1].isdigit():
            raise DictionaryError(ENGLISH_DICTIONARY, lineno, "expected 'word count'")
        english[parts[0]] = int(parts[1])
    for word, count in list(english.items()):
        for variant in american_spellings(word):
            if variant in american:
                english.setdefault(variant, count)
    return english


def read_bigrams(data: bytes) -> dict[str, int]:
    """``"first second" -> count`` from the bigram list; ``DictionaryError`` for a bad line."""
    bigrams: dict[str, int] = {}
    for lineno, raw in enumerate(data.decode("utf-8").splitlines(), 1):
        parts = raw.split()
        if len(parts) != 3 or not parts[2].isdigit():
            raise DictionaryError(BIGRAM_DICTIONARY, lineno, "expected 'word word count'")
        bigrams[f"{parts[0]} {parts[1]}"] = int(parts[2])
    return bigrams


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
