"""The correct stage's speed paths give the answers of the plain code they replace.

Each fast path (session 29, helper "speed17") is held here against an oracle: the code it
replaced, kept in this file, asked the same questions. Inputs are synthetic: every word shape
the paths branch on (small letters, capitals, twins, titlecase and non-Latin letters, marks),
plus random strings over the letters of the OCR confusions, where the searches find most.
"""

from __future__ import annotations

import random

import pytest

from pipeline.core.text import EDGE, split_edges
from pipeline.lexicon import Lexicon
from pipeline.stages.correct.channel import (
    _MULTI,
    _PAIR_LIST,
    _PAIRS_BY_FIRST,
    _SECOND_STEP,
    CASE_TWINS,
    _dp,
    _multi_at,
    ocr_variants,
)
from pipeline.stages.correct.config import CorrectConfig
from pipeline.stages.correct.document import capsish, make_doc
from pipeline.stages.correct.pieces import second_piece, thin_join
from pipeline.stages.correct.tokens import WORDISH

#: Letters of the OCR confusions (both sides), digits among them, and a few others.
LETTERS = "rnmclidhbvwuaeosjtf0158xy"


def _random_words(n: int, seed: int, longest: int = 12) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(LETTERS) for _ in range(rng.randint(0, longest))) for _ in range(n)]


# -- the oracles: the code before the fast paths ---------------------------------------------


def _capsish_oracle(core: str) -> bool:
    return core.isupper() or (
        any(ch.isupper() for ch in core) and all(ch in CASE_TWINS for ch in core if ch.islower())
    )


def _multi_at_oracle(a: str) -> dict[int, list[tuple[str, str]]]:
    multi_at: dict[int, list[tuple[str, str]]] = {}
    for x, y in _MULTI:
        k = a.find(x)
        while k != -1:
            multi_at.setdefault(k, []).append((x, y))
            k = a.find(x, k + 1)
    return multi_at


def _one_step_oracle(word: str) -> list[str]:
    out: list[str] = []
    at: list[int] = []
    for ch in set(word):
        at += _PAIRS_BY_FIRST.get(ch, ())
    at.sort()
    for k in at:
        x, y = _PAIR_LIST[k]
        start = word.find(x)
        while start != -1:
            out.append(word[:start] + y + word[start + len(x) :])
            start = word.find(x, start + 1)
    return out


def _ocr_variants_oracle(word: str, limit: int = 64) -> list[str]:
    first = _one_step_oracle(word)
    out = list(first)
    seen = set(out)
    seen.add(word)
    if len(out) < limit:
        for v in first[:_SECOND_STEP]:
            for w in _one_step_oracle(v):
                if w not in seen:
                    seen.add(w)
                    out.append(w)
                    if len(out) >= limit:
                        return out
    return out


# -- the tests -------------------------------------------------------------------------------


def test_capsish_answers_as_before_on_every_shape() -> None:
    words = ["COULD", "couLD", "OSWALD's", "Lachin", "the", "tO", "ǅemal", "ǆx", "straße"]
    words += ["STRASSE", "µs", "Δelta", "δέλτα", "12", "x1", "", "-", "i.e", "uSG", "McCain"]
    words += _random_words(3000, 1) + [w.upper() for w in _random_words(500, 2)]
    words += ["".join(ch.upper() if i % 3 == 0 else ch for i, ch in enumerate(w))
              for w in _random_words(2000, 3)]  # fmt: skip
    assert [capsish(w) for w in words] == [_capsish_oracle(w) for w in words]
    assert sum(map(capsish, words)) > 100  # both answers are asked for


def test_make_doc_counts_the_caps_words_as_capsish_does() -> None:
    text = "THE TALKS went on\nCONSULATE couLD tO bE\nthe Consul SAID sO\nǅemal ǄEMAL straße"
    doc = make_doc(text, None, Lexicon.load(), CorrectConfig(), None)
    expected: dict[int, int] = {}
    for t in doc.tokens:
        if len(t.core) >= 2 and t.core.isalpha() and _capsish_oracle(t.core):
            expected[t.line] = expected.get(t.line, 0) + 1
    assert dict(doc.line_caps) == expected == {0: 2, 1: 2, 2: 2, 3: 1}


def test_multi_letter_confusions_are_found_in_the_order_of_a_search_pair_by_pair() -> None:
    words = ["rni", "iiii", "vvv", "mrnm", "clcl", "lhli", "", "nin", *_random_words(1500, 4)]
    assert [_multi_at(w) for w in words] == [_multi_at_oracle(w) for w in words]


def test_remembered_alignments_are_the_ones_computed_afresh() -> None:
    pairs = list(zip(_random_words(800, 5, 6), _random_words(800, 6, 6), strict=True))
    first = [_dp(a, b) for a, b in pairs]
    _dp.cache_clear()
    assert [_dp.__wrapped__(a, b) for a, b in pairs] == first == [_dp(a, b) for a, b in pairs]


@pytest.mark.parametrize("limit", [64, 5, 1])
def test_ocr_variants_are_the_same_strings_in_the_same_order(limit: int) -> None:
    words = ["rnodern", "iiii", "rnrnrn", "vvvv", "", "a", "c0untry", *_random_words(600, 7)]
    assert [ocr_variants(w, limit) for w in words] == [
        _ocr_variants_oracle(w, limit) for w in words
    ]


def test_a_core_stripped_of_its_edges_is_split_edges_core() -> None:
    raws = ['"(Lachin),"', "--", "U.S.", "", "word", "(a)", "…x…", "“quoted”", "'s", "§12."]
    raws += [f"{p}{w}{q}" for w, p, q in zip(_random_words(500, 8), "(\"'[-" * 100,
             ".,;:)]\"'" * 70, strict=False)]  # fmt: skip
    assert [r.strip(EDGE) for r in raws] == [split_edges(r)[1] for r in raws]


def test_second_piece_and_thin_join_read_the_gaps_as_before() -> None:
    lex = Lexicon.load()
    text = (
        "The com- mittee met. In- terest and keep ng the peace, keep  ng it\n"
        "keep\nng here; in-\nterest, kee- ping, sav- ings a- b (in- ) side"
    )
    doc = make_doc(text, None, lex, CorrectConfig(), None)
    toks = doc.tokens
    oracle_second = [
        t.index > 0
        and bool(WORDISH.match(toks[t.index - 1].core))
        and second_piece.__globals__["_broken_after"](doc, toks[t.index - 1])
        for t in toks
    ]
    assert [second_piece(doc, t) for t in toks] == oracle_second
    assert sum(oracle_second) >= 3
    joins = [(t.index, thin_join(doc, t)) for t in toks if thin_join(doc, t)]
    assert joins == [(7, "keeping")]  # one space only: not across two, nor a line end
