"""The review queue's groups (``pipeline.review.queue.group_items``): what one key can settle.

Synthetic items, made here: the words are the kind of misreadings a typewriter's face gives
(``Subjeot`` for Subject, a ``c`` read as ``o``; ``Reglatry``, ``Regiatty`` for Registry, as
the JFK 176- series' damaged typescript reads it, ``bench/labels/proposals-dev.tsv``), not
taken from any document. The last tests run the real pipeline on a small text made here.
"""

from __future__ import annotations

from pathlib import Path

from test_review import Batch

from pipeline.core.enums import CorrectionDecision, CorrectionKind
from pipeline.core.results import Correction
from pipeline.review import ReviewStore
from pipeline.review.queue import (
    Item,
    ReviewQueue,
    change_key,
    confusion,
    group_items,
    review_key,
)


def _item(
    n: int,
    original: str,
    replacement: str,
    document: str = "memo",
    candidates: tuple[str, ...] = (),
    reason: str = "",
    **kw: object,
) -> Item:
    cands = tuple((t, 0.5) for t in candidates or (replacement,))
    c = Correction(
        id=f"{n:016x}", page=1, line=n, start=10 * n, end=10 * n + len(original), bbox=None,
        original=original, replacement=replacement, candidates=cands,
        decision=CorrectionDecision.PROPOSED, reason=reason, conf=None, context="", **kw,  # type: ignore[arg-type]
    )  # fmt: skip
    return Item(
        document, c, 0.5, 1, 1, "", "", change_key(original, replacement),
        confusion(original, replacement),
        review_key(original, replacement, [t for t, _ in cands], reason),
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


def test_different_misreadings_of_a_long_word_are_one_group() -> None:
    """``Reglatry``, ``Regiatty`` (twice, two documents) and ``REGLOTRY`` → Registry: one
    screen, every place with its own reading; a lone other word stays out."""
    items = [
        _item(0, "Reglatry", "Registry"),
        _item(1, "Regiatty", "Registry"),
        _item(2, "Regiatty", "Registry", "cable"),
        _item(3, "REGLOTRY", "REGISTRY", "cable"),
        _item(4, "Cembodien", "Cambodian"),
    ]
    (group,) = group_items(items)
    assert group.key == "word:registry" and len(group.items) == 4
    assert group.title == "3 readings of Registry: Reglatry, Regiatty, REGLOTRY → Registry"
    assert [i["original"] for i in group.to_dict()["items"]] == [
        "Reglatry", "Regiatty", "Regiatty", "REGLOTRY",
    ]  # fmt: skip


def test_what_may_be_another_word_keeps_a_group_of_its_own() -> None:
    """Short words (``tho``, ``fhe`` → the), a real word the stage proposes to change (listed
    among its own candidates), a doubt about names or rare words, a code, a misreading more
    than two edits away, and a right word with a mark on it each keep their own change key."""
    cases = [
        [("tho", "the", ()), ("fhe", "the", ())],
        [("Presidents", "President", ("President", "Presidents")), ("Hresident", "President", ())],
        [("Sibanouk", "Sihanouk", ()), ("Sihenouk", "Sihanouk", ())],
        [("SE0RET12", "SECRET12", ()), ("SBCRET12", "SECRET12", ())],
        [("Rgtry", "Registry", ()), ("Reglatry", "Registry", ())],
        [("Vietnam.", "Vietnam", ()), ("Vietnan", "Vietnam", ())],
    ]
    rare = "not in the English dictionary; proposed, not applied: rare word"
    for n, pair in enumerate(cases):
        items = [
            _item(10 * n + k, o, r, candidates=c, reason=rare if n == 2 else "")
            for k, (o, r, c) in enumerate(pair)
        ]
        keys = {i.group_key for i in items}
        assert len(keys) == 2, pair
        assert all(g.key.startswith("change:") for g in group_items(items * 2)), pair


DAMAGED = """SUBJECT: MEETING
1. The Ambassador met the Bresident on Tuesday in the palace.
2. The Rresident said the talks were useful and should go on.
3. Later the Reglatry clerk and the Regiatty clerk told the delegation.
4. The Reglotry copies were sent.
"""


def test_one_key_accepts_every_reading_of_a_word_each_learned_and_one_can_be_left_out(
    tmp_path: Path,
) -> None:
    """The real pipeline proposes ``Bresident``/``Rresident`` → President and three readings
    of Registry (synthetic text, made here). The queue offers each word as one group; accepting
    Registry's records a decision per place and teaches each reading its correction; leaving
    ``Rresident`` out of President's keeps it pending, to be decided on its own."""
    b = Batch(tmp_path)
    b.write("cable", DAMAGED)
    b.run()
    queue = ReviewQueue(b.out, ReviewStore(b.reviews))
    groups = {g.key: g for g in queue.groups()}
    assert {"word:president", "word:registry"} <= set(groups)
    registry = groups["word:registry"]
    assert {i.correction.original for i in registry.items} >= {"Reglatry", "Reglotry"}
    made = queue.decide_group(registry.key, "accept")
    assert len(made) == len(registry.items)
    learned = {line.split(" -> ")[0] for line in b.lexicon()}
    assert {i.correction.original for i in registry.items} <= learned
    president = groups["word:president"]
    left = next(i.key for i in president.items if i.correction.original == "Rresident")
    queue.decide_group(president.key, "accept", [left])
    assert [i.correction.original for i in queue.items()] == ["Rresident"]
    assert "word:president" not in {g.key for g in queue.groups()}


def test_a_name_from_a_lexicon_keeps_a_change_key_of_its_own() -> None:
    """Two readings that the stage takes to one name of a lexicon (``Alayev``, ``Akiyev`` →
    Akayev beside Aliyev: the memo of ``test_review``, synthetic, both right as printed) may be
    two people: asked one by one, in the web queue and the terminal alike (``review_key``).
    The same readings to an English word would be one group."""

    def two(source: str) -> list[Item]:
        return [
            _item(n, o, "Akayev", candidates=("Akayev", "Aliyev"), reason=f"{o} → Akayev: {source}")
            for n, o in ((1, "Alayev"), (2, "Akiyev"))
        ]

    names = two("lexicon people.txt, l→k; proposed, not applied: 'aliyev' is nearly as likely")
    assert names[0].group_key != names[1].group_key and group_items(names) == []
    assert [g.key for g in group_items(two("English dictionary"))] == ["word:akayev"]


def test_case_confusions_in_all_caps_text_are_one_group() -> None:
    """``FoR``, ``AuG`` (two documents) and ``ouT`` → capitals, as the correct stage proposes
    them on a damaged all-caps cable (its reasons' wording, ``correct.case``; the words made
    here): one screen, each place with its own reading. A case confusion outside all-caps text
    (``poOr`` → poor) and a change of letters keep their own keys."""
    caps = "OCR case confusion {}, in all-caps text; proposed, not applied: small letters amid"
    items = [
        _item(0, "FoR", "FOR", reason="FoR → FOR: " + caps.format("o→O")),
        _item(1, "AuG", "AUG", reason="AuG → AUG: " + caps.format("u→U")),
        _item(2, "AuG", "AUG", "cable", reason="AuG → AUG: " + caps.format("u→U")),
        _item(3, "ouT", "OUT", "cable", reason="ouT → OUT: " + caps.format("o→O, u→U")),
        _item(4, "poOr", "poor", reason="poOr → poor: OCR case confusion O→o; proposed"),
        _item(5, "ouR", "OUT", reason="ouR → OUT: " + caps.format("o→O, u→U")),
    ]
    (group,) = group_items(items)
    assert group.key == "word:… capitals" and len(group.items) == 4
    assert group.title == "3 words in small letters amid capitals: FoR, AuG, ouT → capitals"
    assert group.documents == ["cable", "memo"]
