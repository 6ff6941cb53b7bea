"""The review queue's groups (``pipeline.review.queue.group_items``): what one key can settle.

Synthetic items, made here: the words are the kind of misreadings a typewriter's face gives
(``Subjeot`` for Subject, a ``c`` read as ``o``), not taken from any document.
"""

from __future__ import annotations

from pipeline.core.enums import CorrectionDecision, CorrectionKind
from pipeline.core.results import Correction
from pipeline.review.queue import Item, change_key, confusion, group_items


def _item(n: int, original: str, replacement: str, document: str = "memo", **kw: object) -> Item:
    c = Correction(
        id=f"{n:016x}", page=1, line=n, start=10 * n, end=10 * n + len(original), bbox=None,
        original=original, replacement=replacement, candidates=((replacement, 0.5),),
        decision=CorrectionDecision.PROPOSED, reason="", conf=None, context="", **kw,  # type: ignore[arg-type]
    )  # fmt: skip
    return Item(
        document, c, 0.5, 1, 1, "", "", change_key(original, replacement),
        confusion(original, replacement),
    )  # fmt: skip


def test_one_change_at_several_places_is_one_group_across_documents() -> None:
    items = [_item(0, "Subjeot", "Subject"), _item(1, "SUBJEOT", "SUBJECT", "cable")]
    items.append(_item(2, "tbe", "the"))
    (group,) = group_items(items)
    assert group.key == "change:subjeot → subject"
    assert group.documents == ["cable", "memo"] and len(group.items) == 2


def test_a_confusion_is_a_group_only_across_three_different_words() -> None:
    two = [_item(0, "faot", "fact"), _item(1, "sinoe", "since")]
    assert group_items(two) == []  # two words: asked one by one
    three = [*two, _item(2, "oalled", "called")]
    (group,) = group_items(three)
    assert group.key == "pattern:o → c" and len(group.items) == 3
    assert group.title == "OCR read 'c' as 'o'"  # the typeface's c, read as o


def test_lines_to_transcribe_are_never_grouped() -> None:
    line = {"kind": CorrectionKind.LINE}
    items = [_item(0, "soe dheonremt9", "soe dheonremt9", **line)]
    items.append(_item(1, "soe dheonremt9", "soe dheonremt9", "cable", **line))
    assert group_items(items) == []
