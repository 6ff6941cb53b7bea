"""The context-rival gate (``stages/correct/evidence.py``): a change is held back where the
batch's word pairs offer a word within two edits of the OCR form that both neighbours pair with
and the ranking prefers; and, failing such a word, where a word as near to the OCR form is about
as likely (``near_rival``). Synthetic sentences in the shape of BLN600 dev prose (``tlitle`` for
little, read as title: BLN600 dev sample 3206244438)."""

from __future__ import annotations

from pipeline.core.results import APPLIED, PROPOSED
from pipeline.lexicon import Lexicon
from pipeline.stages.correct import BatchVocabulary, CorrectConfig, correct, evidence
from pipeline.stages.correct.document import make_doc
from pipeline.stages.correct.token_pass import DEFAULT_CONFIG

DOC = "He was found attempting to take liberties with the tlitle girl when she came in."
OTHERS = [
    "the little girl was there",
    "a little girl ran home",
    "the little girl said so",
    "and the little girl cried",
]


def _change(lexicon: Lexicon, config: CorrectConfig, vocab: BatchVocabulary | None):
    [c] = [c for c in correct(DOC, None, lexicon, config, vocabulary=vocab).corrections
           if c.original == "tlitle"]  # fmt: skip
    return c


def test_a_rival_both_neighbours_prefer_holds_the_change_back(lexicon: Lexicon) -> None:
    vocab = BatchVocabulary.from_documents([DOC, *OTHERS])
    held = _change(lexicon, CorrectConfig(), vocab)
    assert held.decision == PROPOSED
    assert held.replacement == "title"
    assert [w for w, _ in held.candidates[:2]] == ["title", "little"]
    assert "its neighbours prefer 'little'" in held.reason
    # Without the gate the model applies it: the gate is what holds it back.
    assert _change(lexicon, CorrectConfig(rival_gate=False), vocab).decision == APPLIED


def test_no_batch_pair_no_rival(lexicon: Lexicon) -> None:
    # The batch never writes ``little girl``: nothing in the batch says the context prefers it
    # (the near-rival search, which does not ask the batch, is off here).
    batch_only = CorrectConfig(near_rival_gate=False)
    vocab = BatchVocabulary.from_documents([DOC, "the girl was there", "a tall girl ran home"])
    assert _change(lexicon, batch_only, vocab).decision == APPLIED
    # Nor without a batch vocabulary.
    assert _change(lexicon, batch_only, None).decision == APPLIED


def test_a_near_rival_about_as_likely_holds_the_change_back(lexicon: Lexicon) -> None:
    # No batch pair, but ``little`` is two edits from ``tlitle`` (the candidates hold only
    # the closest, ``title``) and pairs with ``the`` and ``girl`` in the shipped bigrams.
    vocab = BatchVocabulary.from_documents([DOC, "the girl was there", "a tall girl ran home"])
    for v in (vocab, None):
        held = _change(lexicon, CorrectConfig(), v)
        assert held.decision == PROPOSED
        assert [w for w, _ in held.candidates[:2]] == ["title", "little"]
        assert "'little', as near to what OCR read, is about as likely" in held.reason
        # Without the near-rival search the change is applied: the search is what holds it.
        assert _change(lexicon, CorrectConfig(near_rival_gate=False), v).decision == APPLIED


def test_a_near_rival_needs_its_margin(lexicon: Lexicon) -> None:
    doc = make_doc(DOC, None, lexicon, DEFAULT_CONFIG, None)
    [tok] = [t for t in doc.tokens if t.low == "tlitle"]
    found = evidence.near_rival(doc, tok, "tlitle", "title")
    assert found is not None and found.word == "little" and found.near
    assert evidence.near_rival(doc, tok, "tlitle", "title", at_least=found.margin + 0.01) is None


def test_within_finds_every_word_in_reach_not_only_the_closest(lexicon: Lexicon) -> None:
    # ``lookup`` answers the closest words only (``title``, one edit); ``within`` every word
    # within two edits at the floor, as a scan of the whole word list finds them.
    index = lexicon.index
    assert "little" not in [s.term for s in lexicon.lookup("tlitle", 2)]
    found = index.within("tlitle", 2, 1_000_000)
    assert {"title", "little"} <= set(found)
    assert "tlitle" not in found
    from editdistpy import damerau_osa

    index._words.load()  # the word table in memory, as a batch has it
    strings, _, _ = index._shapes()
    scan = {
        w
        for wid, w in enumerate(strings[: index._n])
        if index._counts[wid] >= 1_000_000 and 0 < damerau_osa.distance("tlitle", w, 2) <= 2
    }
    assert set(found) == scan


def test_a_known_misreading_is_held_where_a_rival_is_at_least_as_likely(
    lexicon: Lexicon, monkeypatch
) -> None:
    # Synthetic, in the shape of BLN600 dev 3200811147 (``hest`` → best where the paper has
    # *chest*): one OCR confusion (h for b), and ``rest``, as near, at least as likely.
    text = "He said that he had heard the hest of the news."

    def hest(config: CorrectConfig = DEFAULT_CONFIG):
        [c] = [c for c in correct(text, None, lexicon, config).corrections
               if c.original == "hest"]  # fmt: skip
        return c

    held = hest()
    assert held.decision == PROPOSED
    assert [w for w, _ in held.candidates[:2]] == ["best", "rest"]
    assert "'rest', as near to what OCR read, is about as likely" in held.reason
    doc = make_doc(text, None, lexicon, DEFAULT_CONFIG, None)
    [tok] = [t for t in doc.tokens if t.low == "hest"]
    found = evidence.near_rival(doc, tok, "hest", "best")
    assert found is not None and found.margin >= 0
    # The confusion's own margin is what holds it: above the rival's margin, or not asked,
    # the change is applied.
    assert hest(CorrectConfig(near_rival_gate=False)).decision == APPLIED
    monkeypatch.setattr(evidence, "NEAR_CONFUSION_MARGIN", found.margin + 0.01)
    assert hest().decision == APPLIED
    monkeypatch.setattr(evidence, "NEAR_CONFUSION_MARGIN", None)
    assert hest().decision == APPLIED


def test_no_near_rival_for_a_known_misreading(lexicon: Lexicon, monkeypatch) -> None:
    # ``titie`` → title is one OCR confusion (i for l): the letters say which word it is, and
    # no rival as near is at least as likely (``NEAR_CONFUSION_MARGIN``). Nor is one asked
    # for diacritic noise, ``respondéd`` → responded (the shape of JFK dev 2018
    # 104-10422-10019, "Mexico City respondéd to DIR …").
    doc = make_doc(DOC, None, lexicon, DEFAULT_CONFIG, None)
    [tok] = [t for t in doc.tokens if t.low == "tlitle"]
    accented = make_doc("Mexico City respondéd to the cable.", None, lexicon, DEFAULT_CONFIG, None)
    [word] = [t for t in accented.tokens if t.low == "respondéd"]
    assert evidence.near_rival(doc, tok, "titie", "title") is None
    assert evidence.near_rival(accented, word, "respondéd", "responded") is None
    # Each guard is what stops them: with an OCR confusion counted as a full edit, or the
    # accent read as a letter of its own, a rival is found (``time``; ``respond``).
    with monkeypatch.context() as m:
        m.setattr(evidence, "EDIT_COST", 0.3)
        assert evidence.near_rival(doc, tok, "titie", "title") is not None
    monkeypatch.setattr(evidence, "_undotted", lambda low: low)
    assert evidence.near_rival(accented, word, "respondéd", "responded") is not None


def test_a_near_rival_must_pair_with_a_neighbour(lexicon: Lexicon, monkeypatch) -> None:
    # Between two non-words no rival pairs with a neighbour: none is asked, whatever the margin.
    doc = make_doc("He saw qzxv tlitle vqzx there.", None, lexicon, DEFAULT_CONFIG, None)
    [tok] = [t for t in doc.tokens if t.low == "tlitle"]
    assert evidence.near_rival(doc, tok, "tlitle", "title", at_least=-2.0) is None
    # One neighbour is enough (``little girl``).
    girl = make_doc("He saw qzxv tlitle girl there.", None, lexicon, DEFAULT_CONFIG, None)
    [at] = [t for t in girl.tokens if t.low == "tlitle"]
    assert evidence.near_rival(girl, at, "tlitle", "title") is not None
    # The pair test is what stops the first: without it ``little`` is found on its count.
    monkeypatch.setattr(evidence, "one_side", lambda *args: True)
    assert evidence.near_rival(doc, tok, "tlitle", "title", at_least=-2.0) is not None


def test_rival_and_change_are_judged_from_one_source_each_side(
    lexicon: Lexicon, monkeypatch
) -> None:
    # Synthetic (the shape of tests/test_correct.py's ``the policy chnage was made``): the
    # rival ``changes`` pairs with ``policy``, and on the right the shipped bigrams have
    # ``change was`` but not ``changes was``; the State n-grams' 2 of 100 ``changes`` give
    # ``changes was`` a higher estimate than the large list gives ``change was``.
    assert lexicon.bigram("change", "was") > 0 and lexicon.bigram("changes", "was") == 0
    assert lexicon.ngram("changes was") >= 2
    doc = make_doc("the policy chnage was made", None, lexicon, DEFAULT_CONFIG, None)
    [tok] = [t for t in doc.tokens if t.low == "chnage"]
    assert evidence.near_rival(doc, tok, "chnage", "change") is None
    # The list backs ``change was``, so the rival's right side is judged from the list too:
    # ``changes was`` scores its floor and the rival is far behind. The guard is what does
    # it: with each word's pair taken from whichever source has it, the rival is about as
    # likely and holds the change back.
    scored = evidence._against(doc, ("policy", "was"), "chnage", "change", ["changes"])
    assert scored["changes"][0] < -1.0
    mixed = evidence.context_score
    monkeypatch.setattr(
        evidence,
        "context_score",
        lambda d, p, t, n, c, shipped=(False, False): mixed(d, p, t, n, c),
    )
    found = evidence.near_rival(doc, tok, "chnage", "change")
    assert found is not None and found.word == "changes"
