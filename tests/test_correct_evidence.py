"""The context-rival gate (``stages/correct/evidence.py``): a change is held back where the
batch's word pairs offer a word within two edits of the OCR form that both neighbours pair with
and the ranking prefers. Synthetic sentences in the shape of BLN600 dev prose (``tlitle`` for
little, read as title: BLN600 dev sample 3206244438)."""

from __future__ import annotations

from pipeline.core.results import APPLIED, PROPOSED
from pipeline.lexicon import Lexicon
from pipeline.stages.correct import BatchVocabulary, CorrectConfig, correct

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
    # The batch never writes ``little girl``: nothing says the context prefers it.
    vocab = BatchVocabulary.from_documents([DOC, "the girl was there", "a tall girl ran home"])
    assert _change(lexicon, CorrectConfig(), vocab).decision == APPLIED
    # Nor without a batch vocabulary.
    assert _change(lexicon, CorrectConfig(), None).decision == APPLIED
