"""Word triples (``stages/correct/window.py``) and the n-gram files that hold them.

The triples come from the shipped files (``dictionaries/state.ngrams.tsv``,
``english19.ngrams.tsv``: real public-domain text, ``dictionaries/README.md``). The sentences
are synthetic, in the shape of BLN600 dev prose: ``broie`` for *broke* after ``and``,
``natise`` for *native* (dev sample rows the study of ``window.py`` read), ``thlnk`` for
*think* (a dev change the triples do not decide: ``i thank you`` is a phrase too).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dictionaries.tools.books import book_paragraphs
from dictionaries.tools.lm import count_ngrams
from pipeline.core.results import APPLIED, PROPOSED
from pipeline.lexicon import Lexicon
from pipeline.lexicon.builder import read_ngrams
from pipeline.lexicon.format import DictionaryError
from pipeline.stages.correct import BatchVocabulary, CorrectConfig, correct, window
from pipeline.stages.correct.document import make_doc
from pipeline.stages.correct.token_pass import DEFAULT_CONFIG

DICTIONARIES = Path(__file__).parent.parent / "dictionaries"


def _change(lexicon: Lexicon, text: str, word: str, config: CorrectConfig):
    [c] = [c for c in correct(text, None, lexicon, config).corrections if c.original == word]
    return c


def test_the_shipped_files_hold_word_triples(lexicon: Lexicon) -> None:
    # Victorian prose (english19) and State Department prose (state) each give triples;
    # the State file's words and pairs are still there for the ranking.
    assert lexicon.ngram("and broke the") >= 2
    assert lexicon.ngram("the secretary of") >= 2
    assert lexicon.ngram("the inevitability") >= 2
    # No triple crosses a sentence end; none below the files' floor of 2 is kept.
    assert lexicon.ngram("zebra quokka sanctuary") == 0
    lines = (DICTIONARIES / "english19.ngrams.tsv").read_text(encoding="utf-8").splitlines()
    body = [line.split("\t") for line in lines if not line.startswith("#")]
    assert body and all(k.count(" ") == 2 and int(n) >= 2 for k, n in body)


def test_a_word_triple_decides_a_proposal(lexicon: Lexicon) -> None:
    text = "he went into the house and broie the door open"
    off = _change(lexicon, text, "broie", CorrectConfig(triple_lift=False))
    assert (off.replacement, off.decision) == ("broke", PROPOSED)
    on = _change(lexicon, text, "broie", CorrectConfig())
    assert (on.replacement, on.decision) == ("broke", APPLIED)
    assert "'and broke the' is a phrase of the n-gram corpora" in on.reason


def test_a_triple_lets_no_near_rival_hold_the_change_back(lexicon: Lexicon) -> None:
    # ``notice`` is as near to ``natise`` and about as likely beside one neighbour each side;
    # ``a native of`` is a phrase, ``a notice of`` is not.
    text = "he was a natise of ireland and came over to england"
    held = _change(lexicon, text, "natise", CorrectConfig(triple_lift=False))
    assert held.decision == PROPOSED
    assert "as near to what OCR read, is about as likely" in held.reason
    assert _change(lexicon, text, "natise", CorrectConfig()).decision == APPLIED


def test_a_rival_that_makes_a_triple_too_decides_nothing(lexicon: Lexicon) -> None:
    doc = make_doc("and he said that i thlnk you are right", None, lexicon, DEFAULT_CONFIG, None)
    tok = next(t for t in doc.tokens if t.core == "thlnk")
    assert window.window(doc, tok) == window.Window(("i", "that"), ("you", "are"))
    assert window.decisive(doc, tok, "thlnk", "think", []) == "i think you"
    assert window.decisive(doc, tok, "thlnk", "think", ["thank"]) == ""  # ``i thank you``


def test_no_triple_without_both_neighbours(lexicon: Lexicon) -> None:
    doc = make_doc("Broie the door. He ran", None, lexicon, DEFAULT_CONFIG, None)
    tok = doc.tokens[0]
    assert window.window(doc, tok).before == (None, None)
    assert window.decisive(doc, tok, "broie", "broke", []) == ""


def test_the_counts_never_cross_a_sentence_end() -> None:
    uni, bi, tri = count_ngrams(["It was the best of times. It was the worst"])
    assert tri["it was the"] == 2
    assert tri["of times it"] == 0 and bi["times it"] == 0
    assert uni["was"] == 2


def test_book_paragraphs_are_cut_at_blank_lines() -> None:
    text = "CHAPTER I\n\nIt was the best\nof times,\n\n\nit was the worst"
    assert book_paragraphs(text) == ["CHAPTER I", "It was the best of times,", "it was the worst"]


def test_the_ngram_reader_takes_triples_and_no_longer_runs(tmp_path: Path) -> None:
    good = tmp_path / "x.ngrams.tsv"
    good.write_text("# tokens: 9\na\t3\na b\t2\na b c\t2\n", encoding="utf-8")
    counts, tokens = read_ngrams([good])
    assert counts == {"a": 3, "a b": 2, "a b c": 2} and tokens == 9
    bad = tmp_path / "y.ngrams.tsv"
    bad.write_text("a b c d\t2\n", encoding="utf-8")
    with pytest.raises(DictionaryError):
        read_ngrams([bad])


def test_the_batch_is_its_own_source_of_triples(lexicon: Lexicon) -> None:
    # ``quokka sanctuary opened`` is in no corpus; the batch writes it twice (``BATCH_MIN``),
    # ``the quokka sanctuary`` once.
    vocab = BatchVocabulary.from_documents(
        ["the quokka sanctuary opened today", "a quokka sanctuary opened. Quokka sanctuary"]
    )
    assert vocab.trigrams["quokka sanctuary opened"] == 2
    assert vocab.trigrams["opened quokka sanctuary"] == 0  # not across a sentence end
    doc = make_doc("the quokka sanctuery opened", None, lexicon, DEFAULT_CONFIG, vocab)
    assert window.seen(doc, "quokka sanctuary opened")
    assert not window.seen(doc, "the quokka sanctuary")
    alone = make_doc("the quokka sanctuery opened", None, lexicon, DEFAULT_CONFIG, None)
    assert not window.seen(alone, "quokka sanctuary opened")
