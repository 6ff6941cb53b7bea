"""The judge's gold conventions (``bench.gold_conventions``): what the gold cannot judge is neutral.

Synthetic texts in the shapes of BLN600 dev's gold (``re- turned`` written ``re turned``) and
of the plain-text suite's hard tier (dev, ``frus1964-68v22_d52``: ``HEDGE ITs EXPLANATIONS``,
gold ``HEDGE IN ITS EXPLANATIONS``).
"""

from __future__ import annotations

from bench.gold_conventions import GOLD_BREAK, GOLD_MORE_WORDS, gold_artefact, rejudge
from bench.metrics import APPLIED, Record, judge_corrections


def _judge(before: str, gold: str, original: str, replacement: str):
    start = before.index(original)
    rec = Record(start, start + len(original), original, replacement, APPLIED)
    return judge_corrections(before, gold, [rec])


def test_a_join_the_gold_keeps_broken_is_neutral_and_moved_out_of_wrong() -> None:
    judged = _judge("a verdict was re- turned by the jury", "a verdict was re turned by the jury",
                    "re- turned", "returned")  # fmt: skip
    assert judged.score.applied_wrong == 1
    again, moved = rejudge(judged)
    assert [why for _, why in moved] == [GOLD_BREAK]
    assert (again.score.applied_wrong, again.score.applied_neutral) == (0, 1)
    assert again.judged[0].neutral == GOLD_BREAK


def test_a_join_into_other_letters_stays_wrong() -> None:
    judged = _judge("on go- ing into the house", "on going into the house", "go- ing", "gong")
    again, moved = rejudge(judged)
    assert not moved and again.score == judged.score


def test_a_right_word_beside_a_word_ocr_lost_is_neutral_a_wrong_one_is_not() -> None:
    before = "DID NOT HEDGE ITs EXPLANATIONS AT ALL"
    gold = "DID NOT HEDGE IN ITS EXPLANATIONS AT ALL"
    judged = _judge(before, gold, "ITs", "ITS")
    assert judged.score.applied_wrong == 1 and judged.judged[0].gold == "IN ITS"
    assert gold_artefact(judged.judged[0]) == GOLD_MORE_WORDS
    assert rejudge(judged)[0].score.applied_neutral == 1
    wrong = _judge(before, gold, "ITs", "IF")
    assert not rejudge(wrong)[1] and wrong.score.applied_wrong == 1
