"""What the correct stage remembers across a batch costs the garbage collector nothing it need not.

A full collection walks every object the collector tracks; the stage's memos grow over a batch,
and on BLN600 dev full collections were a tenth of its time while ``realword``'s lexicon-keyed
``lru_cache`` keys (tuples holding the lexicon), ``shape_variants``' own cache and the
candidate index's remembered ``Suggestion``s were half the tracked objects. These tests hold
the memos to answers the collector does not track (tuples of strings and numbers, keys without
the lexicon) and to the same answers as asking afresh. Texts: synthetic words and sentences.
"""

from __future__ import annotations

import gc
from pathlib import Path

from pipeline.lexicon import Lexicon
from pipeline.lexicon.index import Suggestion
from pipeline.lexicon.memo import lexicon_memo
from pipeline.stages.correct import realword
from pipeline.stages.correct.dictionary import preload

ROOT = Path(__file__).parent.parent


def test_remembered_lookup_answers_are_untracked_and_the_same() -> None:
    lexicon = Lexicon.load(ROOT / "dictionaries")
    words = ("negotations", "goverment", "rnodern", "delegation", "qqqqzz")
    first = [lexicon.lookup(w) for w in words]
    # The collector untracks a tuple of strings and ints when it meets it, and a tuple of
    # such tuples once they are (the next collection, when it met the outer one first).
    gc.collect()
    gc.collect()
    held = lexicon.index._answers
    assert all(not gc.is_tracked(held[(w, 2)]) for w in words)
    again = [lexicon.lookup(w) for w in words]
    assert again == first == [lexicon.index._lookup(w, 2) for w in words]
    assert all(type(s) is Suggestion for answer in again for s in answer)
    assert lexicon.index.near("negotations", 2) and not lexicon.index.near("qqqqzz", 1)


def test_lexicon_memo_keys_hold_no_lexicon_and_answers_are_the_functions() -> None:
    calls: list[tuple[str, str]] = []

    @lexicon_memo(3)
    def joined(lex: object, first: str, second: str) -> tuple[str, int]:
        calls.append((first, second))
        return f"{first} {second}", id(lex) % 7

    lex, other = object(), object()
    assert joined(lex, "of", "the") == joined(lex, "of", "the") == ("of the", id(lex) % 7)
    assert calls == [("of", "the")]
    assert joined(other, "of", "the") == ("of the", id(other) % 7)  # another lexicon: asked
    assert len(calls) == 2
    for k in range(4):  # past ``maxsize``: forgotten at once, then asked afresh
        joined(other, "w", str(k))
    assert joined(other, "w", "0") == ("w 0", id(other) % 7) and len(calls) == 7
    gc.collect()
    referents = [r for r in gc.get_referents(*gc.get_objects()) if isinstance(r, dict)]
    keys = [k for d in referents for k in d if k == ("w", "3")]
    assert keys and not any(gc.is_tracked(k) for k in keys)
    joined.cache_clear()  # type: ignore[attr-defined]
    joined(other, "w", "3")
    assert len(calls) == 8


def test_realword_memos_answer_as_asked_afresh() -> None:
    lexicon = Lexicon.load(ROOT / "dictionaries")
    preload(lexicon)
    for prev, word, nxt in (("he", "bad", "been"), ("the", "lie", "said"), (None, "ot", "the")):
        assert realword._pair_logp(lexicon, "had", "been") == realword._pair_logp.__wrapped__(
            lexicon, "had", "been"
        )
        assert realword._best(lexicon, prev, word, nxt) == realword._best.__wrapped__(
            lexicon, prev, word, nxt
        )
        assert realword._short_candidates(lexicon, word) == (
            realword._short_candidates.__wrapped__(lexicon, word)
        )
    assert ("he", realword.Edit("ocr", "li", "h")) in realword.shape_variants("lie")
    assert not hasattr(realword.shape_variants, "cache_info")  # its callers remember


def test_remembered_candidates_and_alignments_are_untracked_and_the_same() -> None:
    from pipeline.core.enums import WordClass
    from pipeline.stages.correct import dictionary
    from pipeline.stages.correct.candidates import candidates
    from pipeline.stages.correct.channel import _dp, align
    from pipeline.stages.correct.config import CorrectConfig
    from pipeline.stages.correct.document import make_doc

    lexicon = Lexicon.load(ROOT / "dictionaries")
    doc = make_doc("the rnodern goverment tlie negotations", None, lexicon, CorrectConfig(), None)
    asked = [(t, t.low) for t in doc.tokens[1:]]
    first = [dictionary.remembered_candidates(doc, t, low, WordClass.LOWER) for t, low in asked]
    for _ in range(4):  # a collection untracks a tuple whose items it has untracked: 4 levels
        gc.collect()
    answers = dictionary._remembered[4]
    assert answers and all(not gc.is_tracked(v) for v in answers.values())  # type: ignore[attr-defined]
    again = [dictionary.remembered_candidates(doc, t, low, WordClass.LOWER) for t, low in asked]
    assert again == first == [candidates(doc, t, low, WordClass.LOWER) for t, low in asked]
    assert any(c.alignment.edits for found in again for c in found)
    # ``_dp``'s scripts: (cost, ((kind, seen, meant), ...)), untracked; ``align`` builds on them
    assert align("rnodern", "modern").describe() == "OCR confusion rn→m"  # type: ignore[union-attr]
    for _ in range(4):
        gc.collect()
    script = _dp("rno", "mo")  # the middles ``align`` asked for: one letter kept each side
    assert not gc.is_tracked(script) and script == (0.35, (("ocr", "rn", "m"),))
    assert align("rnodern", "modern") == align("rnodern", "modern")
