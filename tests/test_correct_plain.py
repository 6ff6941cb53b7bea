"""The correct stage's plain-word path (``token_pass.plain_word``) changes no answer.

A plain word (small letters, no mark around it) is not offered to the paths that start from a
mark, a dot or a capital. Two checks: each of those paths, asked anyway, returns nothing for
every plain word of the texts; and ``correct`` gives the same records with the path and without
it. Texts: the seed cable and the 2018 JFK release in ``scans/`` (in the wild), synthetic
sentences with the error classes of those paths (a broken hyphen with and without a fragment, a
hyphen read as a stop, specks, cable structure tokens, case confusions in mixed-case and
all-caps text, twin-letter words in caps text), and a synthetic memo with an in-the-wild noise
line (``tests/test_correct_caches.py``'s ``LINES``).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pipeline.lexicon import Lexicon
from pipeline.stages.correct import correct
from pipeline.stages.correct import token_pass as token_pass_module
from pipeline.stages.correct.case import case_confusion, initial_capital
from pipeline.stages.correct.channel import CASE_TWINS
from pipeline.stages.correct.document import make_doc
from pipeline.stages.correct.glued import glued_mark
from pipeline.stages.correct.learned import learned_hits
from pipeline.stages.correct.pieces import (
    first_piece,
    join_across_fragment,
    join_misread_hyphen,
    join_plain_split,
)
from pipeline.stages.correct.realword import realword_fix
from pipeline.stages.correct.structure import structure_fix
from pipeline.stages.correct.token_pass import (
    DEFAULT_CONFIG,
    ENGLISH,
    LEARNED,
    READINGS,
    plain_facts,
    plain_word,
)
from tests.test_correct_caches import LINES, SYNTHETIC

ROOT = Path(__file__).parent.parent

SHAPES = """SUBJECT: TALKS WITH US ON THE so CALLED PLAN; THE us DELEGATION AND ox
The pri- e- soners were held in con- ut victed cells, and the pri. soner said the, talks
went on. E.0. 12958: DECL: 1.5 TAGS: PREL PGOV {C) The Foreign.Minister said the
succeSs of the WaShington talks was the political Situation in the region; TwO sides met.
The dis- Le orderly meeting was a com- mittee of the house- X keeper and keep ng the peace.
"""


def _texts() -> dict[str, str]:
    return {
        "seed": (ROOT / "scans" / "seed-cable-1997.txt").read_text(encoding="utf-8"),
        "jfk": (ROOT / "scans" / "jfk-2018-docid-32326189.md").read_text(encoding="utf-8"),
        "synthetic": SYNTHETIC,
        "shapes": SHAPES,
        "lines": LINES,
    }


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load(ROOT / "dictionaries")


@pytest.mark.parametrize("source", ["seed", "jfk", "synthetic", "shapes", "lines"])
def test_the_paths_a_plain_word_skips_have_nothing_for_it(lexicon: Lexicon, source: str) -> None:
    doc = make_doc(_texts()[source], None, lexicon, DEFAULT_CONFIG, None)
    occurrences: Counter[str] = Counter()
    plain = [tok for tok in doc.tokens if plain_word(tok)]
    assert len(plain) > 20  # the text has plain words, and others
    assert len(plain) < len(doc.tokens)
    for tok in plain:
        assert join_across_fragment(doc, tok, occurrences) is None, tok
        assert join_misread_hyphen(doc, tok, occurrences) is None, tok
        assert not first_piece(doc, tok), tok
        assert structure_fix(doc, tok, occurrences) is None, tok
        assert glued_mark(doc, tok, occurrences) is None, tok
        assert initial_capital(doc, tok, occurrences) is None, tok
        if not CASE_TWINS.issuperset(tok.core):
            assert case_confusion(doc, tok, occurrences) is None, tok
    assert not occurrences  # and nothing was counted for them


@pytest.mark.parametrize("source", ["seed", "jfk", "synthetic", "shapes", "lines"])
def test_the_paths_a_plain_words_facts_skip_have_nothing_for_it(
    lexicon: Lexicon, source: str
) -> None:
    """``plain_facts``, remembered for the batch, says what the lexicon says of the word, and
    the paths ``correct`` skips on it (the confirmed corrections without ``LEARNED``, the
    split join for an English word, the real-word path without ``READINGS``) return nothing."""
    doc = make_doc(_texts()[source], None, lexicon, DEFAULT_CONFIG, None)
    occurrences: Counter[str] = Counter()
    seen: Counter[int] = Counter()
    for tok in (t for t in doc.tokens if plain_word(t)):
        facts = plain_facts(doc, tok.core)
        assert bool(facts & ENGLISH) == lexicon.is_english(tok.core), tok
        if not facts & LEARNED:
            assert learned_hits(doc, tok) == [], tok
        if facts & ENGLISH:
            assert join_plain_split(doc, tok, occurrences) is None, tok
            if not facts & READINGS:
                assert realword_fix(doc, tok, occurrences) is None, tok
        seen[facts] += 1
    assert seen[ENGLISH] and seen[ENGLISH | READINGS] and seen[0]  # each kind is asked
    assert not occurrences


@pytest.mark.parametrize("source", ["seed", "jfk", "synthetic", "shapes", "lines"])
def test_same_records_with_and_without_the_plain_word_path(
    monkeypatch: pytest.MonkeyPatch, lexicon: Lexicon, source: str
) -> None:
    text = _texts()[source]

    def records() -> list[object]:
        result = correct(text, None, lexicon)
        return [result.text, *(c.to_dict() for c in result.corrections)]

    fast = records()
    with monkeypatch.context() as m:
        # no plain-word path, and so no ``plain_facts`` either: every path asked at every place
        m.setattr(token_pass_module, "plain_word", lambda tok: False)
        slow = records()
    assert fast == slow
    assert len(fast) > 1  # the text does get records
