"""Building the lexicon's tables from the dictionary files and symspellpy's English lists.

Why a module of its own: this is the slow, cold path (seconds), run only when the cache key
changes; the warm path (``pipeline.lexicon``) only maps its result. The result is data only:
named arrays (:mod:`pipeline.lexicon.cache` sections) and a small JSON-able ``meta``.

The vocabulary table holds every string a query may ask about (English words, lexicon forms
and their components), with ids in this order: first the *indexed* words in the order they are
indexed (English by frequency-list order, then the ``target`` lexicon words not in English,
sorted), then the rest. Per id: ``vocab_count`` (indexed words only), ``vocab_flags``
(:data:`ENGLISH`, :data:`PROPER`, :data:`FORM`), ``form_code`` (source index * 8 + form flags)
and the written form (``written_*``, empty unless a form).
"""

from __future__ import annotations

import logging
import sys
from array import array
from pathlib import Path
from typing import Any

from pipeline.core.enums import LexiconRole
from pipeline.core.errors import DictionaryError
from pipeline.lexicon.english import (
    BIGRAM_DICTIONARY,
    ENGLISH_DICTIONARY,
    read_bigrams,
    read_english,
)
from pipeline.lexicon.format import components, parse_file
from pipeline.lexicon.index import pack_deletes
from pipeline.lexicon.tables import BYTE, I64, U32, pack_strings

log = logging.getLogger(__name__)

# Vocabulary flags (``vocab_flags``).
ENGLISH = 1  # an English word (symspellpy's list, SCOWL's American spellings, ``english`` files)
PROPER = 2  # an English-list word that English writes capitalised
FORM = 4  # a lexicon form: ``form_code`` and the written form apply
# Form flags (the low 3 bits of ``form_code``; the rest is the source index).
TARGET = 1
ANY_CASE = 2
COMPONENT = 4  # a word of a multi-word or hyphenated entry, not a whole entry


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
    shared = (old_flags | flags) & (TARGET | ANY_CASE)
    if (old_flags & COMPONENT and not flags & COMPONENT) or (
        flags & TARGET and not old_flags & TARGET
    ):
        forms[low] = (written, src, (flags & COMPONENT) | shared)
    else:
        forms[low] = (old_written, old_src, (old_flags & COMPONENT) | shared)


def build(
    paths: list[Path],
    symspell: dict[str, bytes],
    *,
    lexicon_count: int,
    max_distance: int,
    prefix_length: int,
    ngram_paths: list[Path] = (),  # type: ignore[assignment]
) -> tuple[dict[str, Any], dict[str, array | bytes]]:
    """``(meta, sections)`` for the dictionary files ``paths`` (in order: an earlier file wins
    a tie for a form's spelling and source) and symspellpy's lists (name -> bytes).

    Raises ``DictionaryError`` for a malformed line of any of them."""
    bigrams = read_bigrams(symspell[BIGRAM_DICTIONARY])
    extra_english: set[str] = set()
    forms: dict[str, tuple[str, int, int]] = {}
    sources: list[str] = []
    kinds: list[str] = []
    corrections: dict[str, tuple[str, int]] = {}
    compounds: set[str] = set()
    targets: set[str] = set()
    for path in paths:
        parsed = parse_file(path)
        src = len(sources)
        sources.append(path.name)
        kinds.append(parsed.kind.value)
        target = parsed.role is LexiconRole.TARGET
        base = (TARGET if target else 0) | (ANY_CASE if parsed.any_case else 0)
        if parsed.role is LexiconRole.ENGLISH:
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
                if target and " " not in form:
                    targets.add(low)
                for part in components(form):
                    _add_form(forms, part.casefold(), part, src, base | COMPONENT)
                    if target:
                        targets.add(part.casefold())

    # American spellings of symspellpy's British words only where an English list (SCOWL) has
    # them: derived by rule, ``managment`` and ``surprize`` would become words.
    english = read_english(symspell[ENGLISH_DICTIONARY], american=extra_english)
    # The indexed words, in symspellpy's order: English as listed (a count of 0 is not
    # indexed, as ``create_dictionary_entry`` refuses it), then the targets English lacks.
    indexed = [w for w, c in english.items() if c > 0]
    counts = array(I64, [english[w] for w in indexed])
    for low in sorted(targets):
        if low not in english:
            indexed.append(low)
            counts.append(lexicon_count)
    n_words = len(indexed)
    vocab = list(indexed)
    seen = set(vocab)
    for group in (english, extra_english, forms):
        for word in group if group is not extra_english else sorted(extra_english):
            if word not in seen:
                seen.add(word)
                vocab.append(word)
    # symspellpy's list is lowercased, names included: where a fuller English list is present,
    # a word it lacks in lowercase but has capitalised is a proper noun.
    flags = array(BYTE, bytes(len(vocab)))
    codes = array(U32, bytes(4 * len(vocab)))
    written: list[str] = []
    for vid, word in enumerate(vocab):
        f = ENGLISH if word in english or word in extra_english else 0
        form = forms.get(word)
        if form is not None:
            f |= FORM
            codes[vid] = form[1] * 8 + form[2]
            if extra_english and word in english and word not in extra_english:
                f |= PROPER if not form[0].islower() else 0
        flags[vid] = f
        written.append(form[0] if form is not None else "")
    sections: dict[str, array | bytes] = {}
    sections.update(pack_strings(vocab, "vocab"))
    sections["vocab_count"] = counts
    sections["vocab_flags"] = flags
    sections["form_code"] = codes
    written_sections = pack_strings(written, "written")
    sections["written_blob"] = written_sections["written_blob"]
    sections["written_off"] = written_sections["written_off"]
    bigram_keys = list(bigrams)
    sections.update(pack_strings(bigram_keys, "bigram"))
    sections["bigram_count"] = array(I64, [bigrams[k] for k in bigram_keys])
    ngrams, ngram_tokens = read_ngrams(ngram_paths)
    ngram_keys = list(ngrams)
    sections.update(pack_strings(ngram_keys, "ngram"))
    sections["ngram_count"] = array(I64, [ngrams[k] for k in ngram_keys])
    sections["compounds"] = "\n".join(sorted(compounds)).encode("utf-8")
    sections.update(pack_deletes(indexed, max_distance, prefix_length))
    max_length = max((len(w) for w in indexed), default=0)
    meta = {
        "sources": sources,
        "kinds": kinds,
        "corrections": {k: list(v) for k, v in corrections.items()},
        "n_words": n_words,
        "max_length": max_length,
        "bigram_min": min(bigrams.values(), default=sys.maxsize),
        "ngram_tokens": ngram_tokens,
        "max_distance": max_distance,
        "prefix_length": prefix_length,
    }
    log.info(
        "built dictionary index: %d English words, %d lexicon forms, %d deletes",
        len(english),
        len(forms),
        len(sections["del_hash"]),
    )
    return meta, sections


def read_ngrams(paths: list[Path]) -> tuple[dict[str, int], int]:
    """Counts of the n-gram files (``*.bigrams.tsv``, ``*.ngrams.tsv``: ``word<TAB>count``,
    ``word word<TAB>count`` and ``word word word<TAB>count`` lines, ``#`` comments, one
    ``# tokens: N`` line), summed over the files, and their total tokens. Raises
    ``DictionaryError`` for a malformed line."""
    counts: dict[str, int] = {}
    tokens = 0
    for path in paths:
        for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if raw.startswith("# tokens:"):
                tokens += int(raw.split(":", 1)[1])
                continue
            if not raw.strip() or raw.startswith("#"):
                continue
            key, sep, count = raw.partition("\t")
            if not sep or not count.isdigit() or not key or key.count(" ") > 2:
                raise DictionaryError(path, lineno, "expected 'word[ word[ word]]<TAB>count'")
            counts[key] = counts.get(key, 0) + int(count)
    return counts, tokens
