"""A page of text too damaged to review a word at a time: one "transcribe the page by hand" item.

``pipeline.stages.correct.page_items``. The damaged page is in the wild, dev split: page 7 of
the JFK release ``2025__0318__104-10301-10010`` (``bench/furniture/jfk-recent/``,
bench/splits.json ``jfk-recent`` dev), a badly damaged photocopy, as its OCR text reads (the
release's ``13-00000`` header and the classification line ``BRORET`` left out). The memo page
before it is synthetic.
"""

from __future__ import annotations

import json
from dataclasses import replace

from pipeline.core.enums import CorrectionDecision, CorrectionKind
from pipeline.core.results import Correction
from pipeline.lexicon import Lexicon
from pipeline.stages.correct import CorrectConfig, correct

#: In the wild (see the docstring).
DAMAGED_PAGE = """[action to counter thase activities) as they alett aspent D.s.

zulastion and 1808518t101

ma tales, si invision, and al

& Highly the seri

Lot operatiom !

be contidented at

sta Probably the sant sigalficant contral

Son which the

InE TO MAnt fOX ONE rANtOs or another to estabilan contact ulti

he Bortete, Through ita techalol] corerage of the Soviet Day, a

ironet the LIKATAK PrOfeet. The MEN repulte of these operettons

have been fortread beats to loedgertent. The Hosted Gity Station

as so espability for the translation of the materiel. do of th

ime of the impertion, the fratson had beard nothing soon Heedguer"""

#: Synthetic: a page of sound text with one typo the stage proposes (``tbc``).
MEMO = """SUBJECT: STATION ACTIVITIES

1. The station reported on the work of the service during the month.
Both sides said tbc meeting was short and friendly.

2. The chief of station will report again next month."""

#: No page item, nor a region of its damaged lines (``damage_regions``) in its place.
NEVER = CorrectConfig(page_item_min_unknown=2.0, damage_line_unknown=2.0)


def page_of(records: tuple[Correction, ...], text: str, page: int) -> list[Correction]:
    """The records whose start lies on ``page`` (1-based) of ``text`` (pages split at form
    feeds), pending ones only."""
    bounds = [0]
    for n, ch in enumerate(text):
        if ch == "\f":
            bounds.append(n + 1)
    bounds.append(len(text) + 1)
    lo, hi = bounds[page - 1], bounds[page]
    return [c for c in records if lo <= c.start < hi and c.decision == CorrectionDecision.PROPOSED]


def test_a_badly_damaged_page_becomes_one_item_and_loses_nothing(lexicon: Lexicon) -> None:
    text = MEMO + "\f" + DAMAGED_PAGE
    alone = correct(text, None, lexicon, config=NEVER)
    before = page_of(alone.corrections, text, 2)
    assert len(before) >= 3  # that many screens on the page without the rule
    result = correct(text, None, lexicon)
    (item,) = page_of(result.corrections, text, 2)
    assert item.kind is CorrectionKind.REGION and item.is_line and item.candidates == ()
    assert item.page == 2 and "transcribe the page by hand" in item.reason
    # the whole page, first line to last
    assert item.original == text[item.start : item.end] == DAMAGED_PAGE
    # nothing lost: every proposal of the page, and every word record of its line items
    held = {(s.start, s.original, s.replacement) for s in item.subsumed}
    for c in before:
        subs = c.subsumed if c.is_line else [c]
        assert {(s.start, s.original, s.replacement) for s in subs} <= held
    assert all(s.page == 2 and s.line is not None for s in item.subsumed)
    # the sound page and the text are as they were
    assert page_of(result.corrections, text, 1) == page_of(alone.corrections, text, 1)
    assert [c.original for c in page_of(result.corrections, text, 1)] == ["tbc"]
    assert result.text == alone.text
    assert Correction.from_dict(json.loads(json.dumps(item.to_dict()))) == item


def test_each_piece_of_evidence_is_needed(lexicon: Lexicon) -> None:
    text = MEMO + "\f" + DAMAGED_PAGE
    kinds = {c.kind for c in page_of(correct(text, None, lexicon).corrections, text, 2)}
    assert kinds == {CorrectionKind.REGION}
    for config in (
        CorrectConfig(page_item_min_unknown=0.9),  # not that much of it unknown
        CorrectConfig(page_item_min_items=40),  # not that many screens to save
        CorrectConfig(page_item_max_words=50),  # more than a typed page holds
    ):
        config = replace(config, damage_line_unknown=2.0)  # no region in the page's place
        records = page_of(correct(text, None, lexicon, config=config).corrections, text, 2)
        assert len(records) >= 3
        assert not any("transcribe the page" in c.reason for c in records)


def test_a_sound_page_with_proposals_is_no_page_item(lexicon: Lexicon) -> None:
    text = (MEMO + "\n") * 3
    one = CorrectConfig(page_item_min_items=1)  # its share of unknown words alone decides
    records = correct(text, None, lexicon, config=one).corrections
    assert [c.original for c in records if c.decision == CorrectionDecision.PROPOSED] == ["tbc"] * 3


def test_a_word_groups_readings_count_as_one_screen(lexicon: Lexicon) -> None:
    """A page item takes the place of review screens, counted as the review counts them
    (``review.keys.review_key``): different misreadings of one long word are one screen.
    Synthetic records (``Reglatry``, ``Reglotry``, ``Regiatry`` → Registry, the JFK 176-
    series' kind of misreading), on a page of three synthetic words."""
    from types import SimpleNamespace

    from pipeline.stages.correct.page_items import page_damage

    def proposal(n: int, original: str) -> Correction:
        return Correction(
            id=f"{n:016x}", page=1, line=n, start=10 * n, end=10 * n + len(original),
            bbox=None, original=original, replacement="Registry",
            candidates=(("Registry", 0.9),), decision=CorrectionDecision.PROPOSED,
            reason="", conf=None, context="",
        )  # fmt: skip

    tokens = [SimpleNamespace(core=w, page=1) for w in ("the", "Reglatry", "clerk")]
    doc = SimpleNamespace(lexicon=lexicon, known={})
    records = [proposal(1, "Reglatry"), proposal(2, "Reglotry"), proposal(3, "Regiatry")]
    damage = page_damage(doc, [SimpleNamespace(tokens=tokens)], records)  # type: ignore[arg-type]
    assert damage.screens == 1


def test_a_long_damaged_text_without_page_marks_is_judged_in_windows(lexicon: Lexicon) -> None:
    """Text input without page marks is one "page" per document; longer than a typed page
    (``page_item_max_words``) it is judged in windows of consecutive lines, each a page of
    its own (``page_items.windows``), not left as a screen per line item and proposal. The
    in-the-wild damaged page twice over, one "page" of twice the limit's words less a few."""
    text = DAMAGED_PAGE + "\n\n" + DAMAGED_PAGE
    limit = len(DAMAGED_PAGE.split()) + 5
    config = CorrectConfig(page_item_max_words=limit)
    result = correct(text, None, lexicon, config=config)
    pending = page_of(result.corrections, text, 1)
    assert [c.kind for c in pending] == [CorrectionKind.REGION] * 2
    assert all("transcribe the lines by hand" in c.reason for c in pending)
    assert pending[0].reason.startswith("page 1, lines 1-")  # where the window is
    assert all(len(c.original.split()) <= limit for c in pending)
    # without windows (the limit below any window: the words alone decide), a screen each
    alone = correct(text, None, lexicon, config=replace(NEVER, page_item_max_words=limit))
    assert len(page_of(alone.corrections, text, 1)) >= 6
