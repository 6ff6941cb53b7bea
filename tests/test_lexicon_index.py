"""The candidate index answers exactly as symspellpy's ``lookup(..., Verbosity.CLOSEST)``."""

from __future__ import annotations

import importlib.resources
import random
from array import array

import pytest
from symspellpy import SymSpell, Verbosity
from symspellpy.editdistance import DistanceAlgorithm, EditDistance

from pipeline.lexicon import ENGLISH_DICTIONARY, MAX_EDIT_DISTANCE, PREFIX_LENGTH
from pipeline.lexicon.cache import pack_image, read_image
from pipeline.lexicon.index import CandidateIndex, StringTable, pack_deletes, pack_strings


def _words() -> list[tuple[str, int]]:
    root = importlib.resources.files("symspellpy")
    lines = (root / ENGLISH_DICTIONARY).read_text(encoding="utf-8").splitlines()[:12000]
    words = [(w, int(c)) for w, c in (line.split() for line in lines)]
    # Lexicon-like words: many with one count, so ties are ordered by indexing order.
    words += [(w, 300_000) for w in ("stepanakert", "khankendi", "karabakh", "kelbajar", "shusha")]
    words += [(w, 300_000) for w in ("lachin", "lachen", "lacin", "agdam", "aghdam", "ab", "ay")]
    return words


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
    words = _words()
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
