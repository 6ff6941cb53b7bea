"""The correct stage's shortcuts change no answer: the same records with and without them.

The shortcuts (``pipeline/lexicon/index.py``, ``stages/correct/candidates.py``): a string table
read into a dict and list once asked often (or up front: ``preload``), the lexicon's queries
answered from a set or dicts read out of them, the delete-bucket memo of the candidate index
and its delete hashes read into a dict, its search
stopped at the first word when only whether there is one matters (``near``), the pre-check
that spares the word segmenter, the candidates of an unknown word remembered across the batch
(``dictionary.remembered_candidates``), matching compounds only among those near in length
and among those with the word's initial first (``_closest_same_initial``), the alignment's
relaxation written out in its loop, and the lexicon's memos of token readings and known words
shared by a batch's documents and their line- and page-level tests (``document.word_memos``,
``Doc.readings`` and ``Doc.known``; the line tests stop reading a line once it is settled as
mostly words). Texts: the seed cable (in
the wild, ``scans/``), synthetic sentences with the error classes the shortcuts touch (unknown
words, run-together words, a misspelt compound) and a synthetic memo with an in-the-wild noise
line and an in-the-wild line too damaged to fix word by word (``tests/test_correct_lines.py``).
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest
from rapidfuzz import process
from rapidfuzz.distance import OSA

from pipeline.core.enums import TRANSCRIBE_KINDS, WordClass
from pipeline.lexicon import Lexicon
from pipeline.lexicon import index as index_module
from pipeline.lexicon.index import CandidateIndex
from pipeline.lexicon.tables import StringTable, pack_strings
from pipeline.stages.correct import candidates as candidates_module
from pipeline.stages.correct import correct
from pipeline.stages.correct import dictionary as dictionary_module
from pipeline.stages.correct import manual as manual_module
from pipeline.stages.correct import token_pass as token_pass_module
from pipeline.stages.correct.candidates import Candidate
from pipeline.stages.correct.channel import Alignment, _dp, align
from pipeline.stages.correct.dictionary import preload
from pipeline.stages.correct.document import make_doc
from pipeline.stages.correct.token_pass import DEFAULT_CONFIG

ROOT = Path(__file__).parent.parent

ERRORS = (
    "The rnodern negotations went on whereis the delegation wasalsogiven a note.",
    "Talks on Nagorno-Karabkah resumed in Stepanakrt; the Minsk Groupe met in Lachn.",
    "He had statedithat the well-knwon plan was inthecity of Baku, examina tion aside.",
    "Goverment officals discused the proposl with the Presidnet and the Ambassadro.",
)
PROSE = (
    "The delegation met the minister in the morning and the talks went on until the evening. "
    "Both sides said that the meeting had been useful and that they would meet again soon."
)
SYNTHETIC = "\n\n".join(f"{line}\n{PROSE}\n{PROSE}" for line in ERRORS)
#: Lines the line-level tests read (``garbage_gate``, ``line_items`` and its job test): a noise
#: line and a damaged line, both in the wild (``tests/test_correct_lines.py`` says where from).
LINES = """SUBJECT: TALKS ON THE CONFLICT

1. Both sides said tbc meeting was short and friendly.
ewier. tbc ts0/ctAa
2. Subject visited Moscow in the summer and met members of the
uf Soiunces and tre Sovlot Acadeny of Scienoes.
3. Mr. Akiyev agreed to continue the talks next month; tbe talks went on.
"""


class _Forgetful(dict):  # type: ignore[type-arg]
    """A memo that never keeps an answer: every question is asked afresh."""

    def __setitem__(self, key: object, value: object) -> None:
        pass

    def setdefault(self, key: object, default: object = None) -> object:
        return default


def _records(text: str) -> list[dict[str, object]]:
    # A fresh lexicon: its tables start unread, as in a new process.
    result = correct(text, None, Lexicon.load(ROOT / "dictionaries"))
    return [result.text, *(c.to_dict() for c in result.corrections)]  # type: ignore[list-item]


def _without_shortcuts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(StringTable, "_asked", lambda self: False)  # never read into memory
    monkeypatch.setattr(CandidateIndex, "load", lambda self: None)  # binary search every time
    monkeypatch.setattr(index_module, "_BUCKET_MEMO", 0)  # forgets every bucket at once
    monkeypatch.setattr(
        CandidateIndex,
        "lookup",
        lambda self, p, d=None: (
            self._lookup(p, self.max_distance) if d is None else self._lookup(p, d)
        ),
    )  # no remembered answers
    monkeypatch.setattr(
        CandidateIndex, "near", lambda self, p, d: bool(self._lookup(p, d))
    )  # the whole search, not stopped at the first word found
    monkeypatch.setattr(candidates_module, "_may_segment", lambda doc, low: True)
    monkeypatch.setattr(candidates_module, "_near_length", lambda compounds, n, d: compounds)
    monkeypatch.setattr(dictionary_module, "remembered_candidates", candidates_module.candidates)
    make_doc = token_pass_module.make_doc

    def forgetful_doc(*args: object, **kwargs: object) -> object:
        doc = make_doc(*args, **kwargs)  # type: ignore[arg-type]
        doc.readings = _Forgetful()
        doc.known = _Forgetful()
        return doc

    monkeypatch.setattr(token_pass_module, "make_doc", forgetful_doc)


def _all_read_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every string table read into memory at its first query."""
    original = StringTable._asked

    def asked(self: StringTable) -> bool:
        self._queries = self.size
        return original(self)

    monkeypatch.setattr(StringTable, "_asked", asked)
    bucket = CandidateIndex._bucket

    def loaded_bucket(self: CandidateIndex, delete: str) -> object:
        self.load()  # the delete hashes read into a dict at the first search
        return bucket(self, delete)

    monkeypatch.setattr(CandidateIndex, "_bucket", loaded_bucket)


@pytest.mark.parametrize("source", ["seed", "synthetic", "lines"])
def test_same_records_with_and_without_the_shortcuts(
    monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    texts = {"synthetic": SYNTHETIC, "lines": LINES}
    text = texts.get(source) or (ROOT / "scans" / "seed-cable-1997.txt").read_text()
    with monkeypatch.context() as m:
        _all_read_in(m)
        fast = _records(text)
    with monkeypatch.context() as m:
        _without_shortcuts(m)
        slow = _records(text)
    assert fast == slow
    if source == "lines":  # line items made: the line-level tests read the lines' tokens
        # (the two lines stand together: one region item for both, ``correct.regions``)
        kinds = {r.get("kind") for r in fast[1:]}  # type: ignore[attr-defined]
        assert kinds & TRANSCRIBE_KINDS
    else:
        # the text does get corrections (word records, some of them inside a line item)
        words = sum(1 + len(r.get("subsumed", ())) for r in fast[1:])  # type: ignore[attr-defined]
        assert words > (0 if source == "seed" else 8)


def test_string_table_answers_the_same_once_read_into_memory() -> None:
    # two equal strings: the lower id is found, in both forms of the table
    strings = ["the", "The", "Füzuli", "", "minsk group", "the", "a\udcff", "x" * 80]
    queries = [*strings, "fuzuli", "the ", "b", "\udcff"]
    table = StringTable.from_sections(dict(pack_strings(strings, "t")), "t")
    before_find = [table.find(q) for q in queries[:3]]  # under half the size: still mapped
    assert table.loaded_strings() is None
    before = before_find + [table.find(q) for q in queries[3:]]
    assert table.loaded_strings() is not None  # read in once queries passed half the size
    after = [table.find(q) for q in queries]
    assert before == after == [0, 1, 2, 3, 4, 0, 6, 7, -1, -1, -1, -1]
    assert [table.string(i) for i in range(len(strings))] == strings == list(table)
    with pytest.raises(IndexError):
        table.string(len(strings))


def test_lexicon_queries_answer_the_same_once_the_tables_are_read_into_memory() -> None:
    # a word of each kind: common English, a proper noun, a lexicon name and code, noise,
    # a pair symspellpy knows, a State Department pair, nothing at all
    words = ["the", "minister", "turin", "january", "lachin", "exdis", "tbe", "xqzt", ""]
    pairs = [("of", "the"), ("the", "minister"), ("foreign", "minister"), ("tbe", "xqzt")]
    deletes = ["the", "th", "negot", "negotat", "zzzzz", ""]

    def answers(lexicon: Lexicon) -> list[object]:
        index = lexicon.index
        return [
            [lexicon.is_english(w) for w in words],
            [lexicon.count(w) for w in words],
            [lexicon.is_proper_noun(w) for w in words],
            [lexicon.entry(w) for w in words],
            lexicon.indexed(words),
            [lexicon.bigram(a, b) for a, b in pairs],
            [lexicon.ngram(f"{a} {b}") for a, b in pairs] + [lexicon.ngram(w) for w in words],
            [list(index._bucket(d)) for d in deletes],
        ]

    mapped = Lexicon.load(ROOT / "dictionaries")
    before = answers(mapped)
    assert mapped._vocab.loaded_ids() is None and mapped.index._by_delete is None  # still mapped
    loaded = Lexicon.load(ROOT / "dictionaries")
    loaded.preload()
    assert loaded._english_words is not None and loaded.index._by_delete is not None
    assert answers(loaded) == before
    assert before[0][:4] == [True, True, True, True] and before[5][0] > 0  # a real test


def test_a_candidates_copy_has_every_field_and_is_its_own() -> None:
    # every field away from its default, so a field the copy forgot would show
    values = {
        "text": "of the", "written": "Of", "source": "lexicon x", "alignment": Alignment(0.5, ()),
        "score": -3.5, "in_doc": True, "bigram_support": True, "count": 7, "tokens": 2,
    }  # fmt: skip
    assert set(values) == {f.name for f in dataclasses.fields(Candidate)}
    cand = Candidate(**values)  # type: ignore[arg-type]
    twin = cand.copy()
    assert twin == cand == dataclasses.replace(cand) and twin is not cand
    twin.score = 0.0  # the ranking scores its own copy
    assert cand.score == -3.5


def test_near_length_keeps_every_compound_an_edit_can_reach_in_order() -> None:
    compounds = ["nagorno-karabakh", "al-asad", "minsk-group", "ab-cd", "nagorno-karabag"]
    near = candidates_module._near_length(compounds, len("nagorno-karabkah"), 2)
    assert near == ["nagorno-karabakh", "nagorno-karabag"]
    assert candidates_module._near_length(compounds, 5, 2) == ["al-asad", "ab-cd"]


def test_a_remembered_lookup_is_a_new_list_with_the_same_answer() -> None:
    lexicon = Lexicon.load(ROOT / "dictionaries")
    first = lexicon.lookup("negotations")
    first.sort(key=lambda s: s.term, reverse=True)  # callers sort their own list in place
    first.append(first[0])
    second = lexicon.lookup("negotations")
    assert second == lexicon.index._lookup("negotations", 2)
    assert second is not lexicon.lookup("negotations")


def test_preloaded_gives_the_same_records_as_no_shortcuts(monkeypatch: pytest.MonkeyPatch) -> None:
    lexicon = Lexicon.load(ROOT / "dictionaries")
    preload(lexicon)  # every table read in and every first-use model loaded before the text
    assert lexicon._vocab.loaded_ids() is not None
    result = correct(SYNTHETIC, None, lexicon)
    loaded = [result.text, *(c.to_dict() for c in result.corrections)]
    with monkeypatch.context() as m:
        _without_shortcuts(m)
        slow = _records(SYNTHETIC)
    assert loaded == slow


def test_indexed_keeps_the_indexed_words_in_order_read_in_or_not() -> None:
    words = ["modern", "rnodern", "the", "", "minsk", "negotiations", "zzzq", "the", "Modern"]
    lexicon = Lexicon.load(ROOT / "dictionaries")
    expected = [w for w in words if lexicon.count(w) > 0]
    assert lexicon._vocab.loaded_ids() is None  # a few queries: the table is still mapped
    assert lexicon.indexed(words) == expected
    lexicon.preload()
    assert lexicon.indexed(words) == expected == ["modern", "the", "minsk", "negotiations", "the"]


def test_word_memos_are_the_batchs_for_one_lexicon_and_forget_a_changed_one() -> None:
    lexicon = Lexicon.load(ROOT / "dictionaries")
    docs = [make_doc(t, None, lexicon, DEFAULT_CONFIG, None) for t in ("the talks", "a Qzxvbn")]
    assert docs[0].readings is docs[1].readings and docs[0].known is docs[1].known
    assert manual_module.known_share(["talks", "Qzxvbn"], lexicon, docs[0].known) == 0.5
    assert docs[1].known == {"talks": True, "Qzxvbn": False}
    lexicon.confirm_word("Qzxvbn")  # no file: the lexicon in memory learns the word
    after = make_doc("a Qzxvbn", None, lexicon, DEFAULT_CONFIG, None)
    assert after.known is not docs[1].known and not after.known  # asked afresh
    assert manual_module.known_share(["talks", "Qzxvbn"], lexicon, after.known) == 1.0
    other = make_doc("the talks", None, Lexicon.load(ROOT / "dictionaries"), DEFAULT_CONFIG, None)
    assert other.readings is not after.readings and other.known is not after.known


def test_remembered_candidates_are_fresh_copies_for_their_own_lexicon() -> None:
    lexicon = Lexicon.load(ROOT / "dictionaries")
    doc = make_doc("the rnodern talks", None, lexicon, DEFAULT_CONFIG, None)
    tok = doc.tokens[1]
    first = dictionary_module.remembered_candidates(doc, tok, tok.low, WordClass.LOWER)
    assert [c.text for c in first] == [
        c.text for c in candidates_module.candidates(doc, tok, tok.low, WordClass.LOWER)
    ] and "modern" in [c.text for c in first]
    first[0].score = 99.0  # the ranking scores its own copies
    again = dictionary_module.remembered_candidates(doc, tok, tok.low, WordClass.LOWER)
    assert again == candidates_module.candidates(doc, tok, tok.low, WordClass.LOWER)
    assert all(a is not b for a, b in zip(first, again, strict=True)) and again[0].score == 0.0
    # another lexicon object (loaded again): its own answer, held apart from the first one
    other = make_doc(
        "the rnodern talks", None, Lexicon.load(ROOT / "dictionaries"), DEFAULT_CONFIG, None
    )
    held = dictionary_module._remembered
    assert (
        dictionary_module.remembered_candidates(other, other.tokens[1], "rnodern", WordClass.LOWER)
        == again
    )
    # held for one lexicon at a time, compared by identity: the first one's answers are gone
    assert held[0] is other.lexicon and list(held[4]) == [("rnodern", "lower")]  # type: ignore[call-overload]


#: Edit scripts of ``channel.align`` as the alignment gave them before its relaxation step was
#: written out in the loop (synthetic pairs: OCR confusions of one and two letters, a
#: transposition, and ties between scripts of one cost, which the order of relaxation decides).
ALIGNED = [
    ("rnodern", "modern", 0.35, "OCR confusion rn→m"),
    ("tbe", "the", 0.35, "OCR confusion b→h"),
    ("ofiice", "office", 1.0, "i→f"),
    ("govermnent", "government", 1.0, "transposition mn→nm"),
    ("cornrnittee", "committee", 0.7, "OCR confusion rn→m, OCR confusion rn→m"),
    ("teh", "the", 1.0, "transposition eh→he"),
    ("aa", "a", 1.0, "extra letter 'a'"),
    ("abba", "baab", 2.0, "transposition ab→ba, transposition ba→ab"),
    ("iiation", "nation", 0.35, "OCR confusion ii→n"),
    ("clifference", "difference", 0.35, "OCR confusion cl→d"),
    ("h0use", "house", 0.35, "OCR confusion 0→o"),
    ("tlie", "the", 0.35, "OCR confusion li→h"),
    ("mmm", "nnn", 3.0, "m→n, m→n, m→n"),
]


@pytest.mark.parametrize(("seen", "meant", "cost", "script"), ALIGNED)
def test_alignment_scripts_are_unchanged(seen: str, meant: str, cost: float, script: str) -> None:
    _dp.cache_clear()  # computed afresh, not the remembered script
    found = align(seen, meant)
    assert found is not None and (found.cost, found.describe()) == (cost, script)


def _extract_one_closest(low: str, choices: list[str], cutoff: int) -> tuple[str, int] | None:
    """``compound_candidate``'s search as it was: rapidfuzz over every choice, then the tests."""
    hit = process.extractOne(low, choices, scorer=OSA.distance, score_cutoff=cutoff)
    if hit is None or hit[1] == 0 or hit[0][:1] != low[:1]:
        return None
    return hit[0], int(hit[1])


def test_closest_compound_is_found_as_by_searching_them_all() -> None:
    """Synthetic: the lexicon's compounds with random edits, and a list where a string with
    another initial ties with (before the initial's stretch) or beats (after it) the best one
    with the query's initial."""
    compounds = Lexicon.load(ROOT / "dictionaries").compounds
    rng = random.Random(58)
    queries = []
    for _ in range(300):
        w = list(rng.choice(compounds))
        for _ in range(rng.choice((0, 1, 2, 3))):
            i = rng.randrange(len(w))
            w[i : i + 1] = rng.choice(([], [rng.choice("aeiou-")], [w[i], rng.choice("nrst")]))
        queries.append("".join(w) or "a")
    found = 0
    for q in queries:
        near = candidates_module._near_length(compounds, len(q), 2)
        want = _extract_one_closest(q, near, 2)
        assert candidates_module._closest_same_initial(q, near, 2) == want, q
        found += want is not None
    assert 50 < found < len(queries)  # both answers occur
    ties = ["ab-cdz", "bb-cdx", "bb-cdy", "cb-cd"]  # sorted
    # as near and before the initial's stretch; closer and after it; the first of a tie in it
    for q, want in [("bb-cdz", None), ("bc-cd", None), ("bb-cdxy", ("bb-cdx", 1))]:
        assert _extract_one_closest(q, ties, 2) == want
        assert candidates_module._closest_same_initial(q, ties, 2) == want
