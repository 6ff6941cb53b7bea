"""The web queue's order: most likely fixed by one key first (``review.queue.queue_order``).

Synthetic records. The short-word doubt (``SHORT_WORD_DOUBT``) was chosen on one half of the
judged dev proposals (``bench.proposals_dev``) and checked on the other (see its comment).
"""

from __future__ import annotations

from pipeline.core.enums import CorrectionDecision, CorrectionKind
from pipeline.core.results import Correction
from pipeline.review.queue import SHORT_WORD_DOUBT, Item, queue_order


def item(original: str, top: float, places: int = 1, kind: CorrectionKind = CorrectionKind.WORD):
    cands = () if kind is not CorrectionKind.WORD else (("x", top),)
    c = Correction(
        original, 1, 0, 0, len(original), None, original, "x", cands,
        CorrectionDecision.PROPOSED, "", None, "", kind=kind,
    )  # fmt: skip
    return Item("memo", c, top, 1, places, "", "", f"{original} → x", None)


def test_a_short_word_is_less_likely_fixed_in_one_key_than_its_score_says() -> None:
    assert item("tbc", 0.95).one_key == 0.95 - SHORT_WORD_DOUBT
    assert item("Subjeot", 0.95).one_key == 0.95
    assert item("tbc", 0.1).one_key == 0.0  # never below nothing
    # a line to transcribe has no likelihood, whatever its length
    assert item("ee", 0.0, kind=CorrectionKind.LINE).one_key == 0.0


def test_the_queue_asks_the_likely_one_key_fixes_first() -> None:
    items = [
        item("tbc", 0.95),  # short: 0.65
        item("Subjeot", 0.8),
        item("Hexico", 0.6, places=3),
        item("Goverment", 0.6),
        item("uf Soiunces and tre", 0.0, kind=CorrectionKind.LINE),
    ]
    order = [i.correction.original for i in sorted(items, key=queue_order)]
    assert order == ["Subjeot", "tbc", "Hexico", "Goverment", "uf Soiunces and tre"]
