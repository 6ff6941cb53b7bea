"""The OCR-confusion candidates found by the prefix walk (``variants.indexed_variants``) are
every indexed word a brute-force enumeration finds, in the order it promises.

Inputs are synthetic: random strings over the letters of the OCR confusions, and shipped
dictionary words damaged by one or two confusions at random places (seeded).
"""

from __future__ import annotations

import itertools
import random

import pytest

from pipeline.lexicon import Lexicon
from pipeline.stages.correct.channel import _one_step, ocr_variants
from pipeline.stages.correct.variants import (
    _STEPS_BY_FIRST,
    MAX_CONFUSIONS,
    WordPrefixes,
    indexed_variants,
)

#: Letters of the OCR confusions (both sides), digits among them, and a few others.
LETTERS = "rnmclidhbvwuaeosjtf0158xy"
#: (meant, seen) of a few confusions, to damage a dictionary word with.
_DAMAGE = {"m": "rn", "d": "cl", "h": "li", "w": "vv", "n": "ri", "u": "ii", "o": "c", "a": "o"}
_DAMAGE |= {"e": "c", "l": "1", "s": "5", "b": "8", "i": "l"}
#: step key -> (key, seen, meant, confusions)
_STEPS = {step[0]: step for steps in _STEPS_BY_FIRST.values() for step in steps}


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon.load()


def _words(lex: Lexicon) -> list[str]:
    rng = random.Random(3)
    out = ["rnodern", "hcnd", "iiii", "rnrnrn", "", "a", "c0untry", "modern"]
    out += ["".join(rng.choice(LETTERS) for _ in range(rng.randint(0, 11))) for _ in range(400)]
    for word in rng.sample(sorted(lex.words), 400):
        damaged = list(word)
        for _ in range(rng.randint(1, 2)):
            k = rng.randrange(len(damaged))
            damaged[k] = _DAMAGE.get(damaged[k], damaged[k])
        out.append("".join(damaged))
    return out


def _brute(lex: Lexicon, word: str) -> dict[str, tuple[int, ...]]:
    """Every step at every place, alone and in non-overlapping pairs within the budget."""
    places = [(k, i) for k in _STEPS for i in range(len(word)) if word.startswith(_STEPS[k][1], i)]

    def made(steps: list[tuple[int, int]]) -> str:
        out, last = [], 0
        for k, i in steps:
            out += [word[last:i], _STEPS[k][2]]
            last = i + len(_STEPS[k][1])
        return "".join([*out, word[last:]])

    found: dict[str, tuple[int, ...]] = {}
    for k, i in places:
        found.setdefault(made([(k, i)]), (_STEPS[k][3], k, i))
    for (ka, ia), (kb, ib) in itertools.combinations(sorted(places, key=lambda p: p[1]), 2):
        cost = _STEPS[ka][3] + _STEPS[kb][3]
        if ia + len(_STEPS[ka][1]) <= ib and cost <= MAX_CONFUSIONS:
            key = (cost, ka, ia, kb, ib)
            text = made([(ka, ia), (kb, ib)])
            found[text] = min(found.get(text, key), key)
    found.pop(word, None)
    return {w: key for w, key in found.items() if w in set(lex.indexed([w]))}


def test_the_walk_finds_every_word_the_enumeration_finds_and_nothing_else(lex: Lexicon) -> None:
    words = _words(lex)
    got = [indexed_variants(lex, w) for w in words]
    assert [set(g) for g in got] == [set(_brute(lex, w)) for w in words]
    assert all(len(g) == len(set(g)) for g in got)  # each word once
    assert sum(map(len, got)) > 300  # the damaged words are found again


def test_the_walk_finds_every_word_two_successive_confusions_make(lex: Lexicon) -> None:
    """Independent of the walk's step table: ``ocr_variants`` without its cap (one confusion,
    then one more anywhere in the result). The second may overlap the first's letters and run
    past them onto the word's own (``canje``: ``j``→``i``, then ``ni``→``m``; ``uvad``:
    ``u``→``v``, then ``vv``→``w``), which a table of chains inside one meant side missed."""
    words = [*_words(lex), "canje", "uvad", "hoilse", "superih", "nie", "hiil"]
    for w in words:
        first = _one_step(w)
        two = {v for f in first for v in [f, *_one_step(f)]} - {w}
        assert set(indexed_variants(lex, w)) == set(lex.indexed(two)), w
    assert {"came", "wad", "house", "superb", "rue", "hin"} <= {
        v for w in words[-6:] for v in indexed_variants(lex, w)
    }


def test_one_confusion_words_come_first_in_ocr_variants_order(lex: Lexicon) -> None:
    for w in _words(lex):
        one = [v for v in dict.fromkeys(lex.indexed(_one_step(w))) if v != w]
        assert indexed_variants(lex, w)[: len(one)] == one


def test_no_cap_and_chained_confusions(lex: Lexicon) -> None:
    assert "modern" in indexed_variants(lex, "rnodern")
    assert "hand" in indexed_variants(lex, "hcnd")  # c→o→a, chained at one place
    # a long word with many confusable letters: the capped enumeration stops before its end
    word = "rniscellaneous"
    assert "miscellaneous" in indexed_variants(lex, word)
    assert len(ocr_variants(word)) == 64


def test_prefixes_are_every_start_of_every_word() -> None:
    assert WordPrefixes(["ab", "ac"]).prefixes == {"a", "ab", "ac"}
