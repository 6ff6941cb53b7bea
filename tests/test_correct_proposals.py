"""What a proposal offers first, and which proposals are worth a reviewer's screen.

Sentences are synthetic, each built around a word OCR gave in the wild (dev split: the JFK
releases judged in ``bench/labels/proposals-dev.tsv``, file and line named in each test), since
the real lines around them are too damaged to be proposed word by word; the dictionaries are
the project's own.
"""

from __future__ import annotations

from pipeline.lexicon import Lexicon
from pipeline.stages.correct import correct


def _proposal(text: str, word: str, lexicon: Lexicon):
    [rec] = [c for c in correct(text, None, lexicon).corrections if c.original == word]
    return rec


def test_a_last_e_or_a_read_for_s_offers_the_s_reading_first(lexicon: Lexicon) -> None:
    """``agente`` (bench/furniture/jfk-recent/2025__0318__104-10301-10010.md p2 l8) and
    ``requeste`` (p3 l32) were proposed as ``agent`` and ``request``; the paper has agents and
    requests (``dictionary.s_read_first``). Still proposals, never applied, with the reason
    naming the doubt."""
    for text, word, right in (
        (
            "The agent met the case officer. He had recruited three agente before leaving.\n",
            "agente",
            "agents",
        ),
        (
            "The station answered. It was to respond to requeste for support from the station.\n",
            "requeste",
            "requests",
        ),
    ):
        rec = _proposal(text, word, lexicon)
        assert rec.decision == "proposed"
        assert rec.replacement == right
        assert [c for c, _ in rec.candidates][:2] == [right, right[:-1]]
        assert "'s' read as 'e'" in rec.reason


def test_a_last_letter_no_s_is_read_as_keeps_its_ranking(lexicon: Lexicon) -> None:
    """Only an ``e`` or ``a`` is read for a final ``s`` (``dictionary.S_READS``): a speck read
    as ``x`` after ``agent`` is a letter too many, and ``agent`` stays first. And ``thea``
    (bench/furniture/jfk-more/2018__104-10167-10036.md p1 l44, the paper has "the") has no
    reading in ``s`` to put first."""
    text = "The agent met the case officer. He had recruited three agentx before leaving.\n"
    rec = _proposal(text, "agentx", lexicon)
    assert [c for c, _ in rec.candidates][:2] == ["agent", "agents"]
    text = "The senator asked him to testify before thea committee on Monday.\n"
    rec = _proposal(text, "thea", lexicon)
    assert "'s' read as" not in rec.reason
