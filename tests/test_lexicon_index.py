"""The candidate index answers exactly as symspellpy's ``lookup(..., Verbosity.CLOSEST)``: the
same words in the same order, ties included, whether its word table is in memory or read as
asked. Synthetic material: symspellpy's English list with random edits, and lexicon-like words
of one count."""

from __future__ import annotations

import importlib.resources
import random
from array import array

import pytest
from symspellpy import SymSpell, Verbosity
from symspellpy.editdistance import DistanceAlgorithm, EditDistance

from pipeline.lexicon import ENGLISH_DICTIONARY, MAX_EDIT_DISTANCE, PREFIX_LENGTH
from pipeline.lexicon.cache import pack_image, read_image
from pipeline.lexicon.index import CandidateIndex, pack_deletes
from pipeline.lexicon.tables import StringTable, pack_strings


def _words(equal_counts: bool = False) -> list[tuple[str, int]]:
    """symspellpy's first 12,000 English words and some lexicon-like ones; with
    ``equal_counts`` every word has the count 1, so every answer's order is its tie order."""
    root = importlib.resources.files("symspellpy")
    lines = (root / ENGLISH_DICTIONARY).read_text(encoding="utf-8").splitlines()[:12000]
    words = [(w, int(c)) for w, c in (line.split() for line in lines)]
    # Lexicon-like words: many with one count, so ties are ordered by indexing order.
    words += [(w, 300_000) for w in ("stepanakert", "khankendi", "karabakh", "kelbajar", "shusha")]
    words += [(w, 300_000) for w in ("lachin", "lachen", "lacin", "agdam", "aghdam", "ab", "ay")]
    return [(w, 1) for w, _ in words] if equal_counts else words


def _queries(words: list[str], n: int) -> list[str]:
    rng = random.Random(1997)
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = []
    for _ in range(n):
        w = list(rng.choice(words))
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            op = rng.randrange(4)
            i = rng.randrange(len(w) + 1)
            if op == 0 and w:
                del w[min(i, len(w) - 1)]
            elif op == 1:
                w.insert(i, rng.choice(letters))
            elif op == 2 and w:
                w[min(i, len(w) - 1)] = rng.choice(letters)
            elif len(w) > 1:
                j = min(i, len(w) - 2)
                w[j], w[j + 1] = w[j + 1], w[j]
        out.append("".join(w))
    return [*out, "", "a", "zz", "x" * 40, "negotations", "stepanakrt", "lachn", "aghadm"]


@pytest.fixture(scope="module")
def both() -> tuple[SymSpell, CandidateIndex]:
    return _both(_words())


@pytest.fixture(scope="module")
def tied_pair() -> tuple[SymSpell, CandidateIndex]:
    return _both(_words(equal_counts=True))


@pytest.fixture
def tied(tied_pair: tuple[SymSpell, CandidateIndex]) -> tuple[SymSpell, CandidateIndex]:
    """The equal-counts pair, its index new: nothing remembered, the word table not read."""
    sym, index = tied_pair
    views = index._sections
    fresh = CandidateIndex(
        StringTable.from_sections(views, "vocab"),
        views["vocab_count"],
        index._n,
        views,
        max_length=index.max_length,
        max_distance=MAX_EDIT_DISTANCE,
        prefix_length=PREFIX_LENGTH,
    )
    return sym, fresh


def _both(words: list[tuple[str, int]]) -> tuple[SymSpell, CandidateIndex]:
    sym = SymSpell(
        max_dictionary_edit_distance=MAX_EDIT_DISTANCE,
        prefix_length=PREFIX_LENGTH,
        distance_comparer=EditDistance(DistanceAlgorithm.DAMERAU_OSA_FAST),
    )
    for w, c in words:
        sym.create_dictionary_entry(w, c)
    terms = [w for w, _ in words]
    sections = {
        **pack_strings(terms, "vocab"),
        "vocab_count": array("q", [c for _, c in words]),
        **pack_deletes(terms, MAX_EDIT_DISTANCE, PREFIX_LENGTH),
    }
    # Through the cache file image: what a warm load reads is what was built.
    _, views = read_image(pack_image("k", 1, {}, sections), "k", 1)
    index = CandidateIndex(
        StringTable.from_sections(views, "vocab"),
        views["vocab_count"],
        len(terms),
        views,
        max_length=max(len(w) for w in terms),
        max_distance=MAX_EDIT_DISTANCE,
        prefix_length=PREFIX_LENGTH,
    )
    assert index.check() is None
    index._sections = views  # type: ignore[attr-defined]  # for ``tied``'s new index
    return sym, index


@pytest.mark.parametrize("distance", [0, 1, 2])
def test_lookup_matches_symspellpy(both: tuple[SymSpell, CandidateIndex], distance: int) -> None:
    sym, index = both
    queries = _queries([w for w, _ in _words()], 400)
    differing = []
    nonempty = 0
    for q in queries:
        want = [(s.term, s.distance, s.count) for s in sym.lookup(q, Verbosity.CLOSEST, distance)]
        got = [tuple(s) for s in index.lookup(q, distance)]
        nonempty += bool(want)
        if got != want:
            differing.append((q, want, got))
    assert not differing, differing[:5]
    assert nonempty > (60 if distance == 0 else 250)  # the queries do find words


@pytest.mark.parametrize("loaded", [False, True])
@pytest.mark.parametrize("distance", [1, 2])
def test_ties_come_in_symspellpy_order(
    tied: tuple[SymSpell, CandidateIndex], distance: int, loaded: bool
) -> None:
    """With every count equal, the order of an answer is the tie order alone (the order
    symspellpy meets the words in, which decides the ranking's ties); asked before and after
    the word table and the delete index are read into memory (two ways of reading a word's
    length and letters; buckets found by hash or by string, long ones sifted in C or not).
    Long queries are many here: past the prefix, a shortcut of the search skips by ending."""
    sym, index = tied
    words = [w for w, _ in _words()]
    queries = _queries(words, 300) + _queries([w for w in words if len(w) >= 8], 300)
    sifted = []
    if loaded:
        index._words.load()
        index.load()
        sift = index._sift
        index._sift = lambda *args: sifted.append(args) or sift(*args)  # type: ignore[method-assign]
    differing, ties, read_as_asked = [], 0, 0
    for q in queries:
        want = [(s.term, s.distance, s.count) for s in sym.lookup(q, Verbosity.CLOSEST, distance)]
        read_as_asked += index._words.loaded_strings() is None
        got = [tuple(s) for s in index._lookup(q, distance)]
        ties += len(want) > 1
        if got != want:
            differing.append((q, want, got))
    assert not differing, differing[:5]
    assert ties > 50  # the queries do meet ties
    # unloaded, the table is read whole once its queries outnumber half its words
    assert read_as_asked > 20 if not loaded else read_as_asked == 0
    # loaded, long buckets are sifted, at the prefix's limit by ending too
    assert not loaded or (len(sifted) > 40 and any(a[-1] is not None for a in sifted))


def test_sifted_lookup_matches_symspellpy_with_endings_a_byte_cannot_hold() -> None:
    """Words and queries ending in letters past U+00FE (``ending_code`` 255: the sift keeps
    them for the loop to decide) and words longer than the byte lengths' usual range: the
    loaded index (buckets by string, sifted in C) answers as symspellpy does."""
    words = _words()[:4000]
    odd = ["kahramanmaraş", "kahramanmaras", "kahramanmarae", "erzincanı", "erzincanş", "ışık"]
    odd += ["muſt", "muſs", "firſt", "firſe", "beſides", "beſidef"]
    odd += ["x" * n for n in range(290, 310)]  # one bucket, long enough to be sifted
    sym, index = _both(words + [(w, 5000) for w in odd])
    index._words.load()
    index.load()
    long = ["x" * 150 + "y" + "x" * 150, "x" * 149 + "yy" + "x" * 149, "x" * 298 + "y"]
    queries = [*_queries([w for w, _ in words] + odd * 40, 600), *long]
    for distance in (1, 2):
        for q in queries:
            want = [
                (s.term, s.distance, s.count) for s in sym.lookup(q, Verbosity.CLOSEST, distance)
            ]
            assert [tuple(s) for s in index.lookup(q, distance)] == want, q


@pytest.mark.parametrize("distance", [0, 1, 2])
def test_near_says_whether_lookup_finds_a_word(
    both: tuple[SymSpell, CandidateIndex], distance: int
) -> None:
    index = both[1]
    queries = _queries([w for w, _ in _words()], 400)
    want = [bool(index._lookup(q, distance)) for q in queries]
    assert [index.near(q, distance) for q in queries] == want  # the search stopped early
    assert [index.near(q, distance) for q in queries] == want  # remembered
    index.lookup(queries[0], distance)  # a remembered full answer is read too
    assert index.near(queries[0], distance) == want[0]
    assert 0 < sum(want) < len(want)  # both answers occur
    with pytest.raises(ValueError):
        index.near("word", MAX_EDIT_DISTANCE + 1)


def test_lookup_refuses_a_distance_above_the_index(both: tuple[SymSpell, CandidateIndex]) -> None:
    with pytest.raises(ValueError):
        both[1].lookup("word", MAX_EDIT_DISTANCE + 1)


def test_string_table_finds_exactly() -> None:
    strings = ["", "the", "The", "Füzuli", "minsk group", "a" * 80]
    table = StringTable.from_sections(dict(pack_strings(strings, "t")), "t")
    assert [table.find(s) for s in strings] == list(range(len(strings)))
    assert table.find("fuzuli") == -1 and table.find("the ") == -1
    assert list(table) == strings and table.check() is None
