"""A run of damaged lines on a readable page: one "transcribe the region by hand" item.

``pipeline.stages.correct.damage_regions``. The damaged lines are in the wild, dev split:
page 7 of the JFK release ``2025__0318__104-10301-10010`` (``bench/furniture/jfk-recent/``,
bench/splits.json ``jfk-recent`` dev, the page ``tests/test_correct_page_items.py`` reads
whole), set here between two synthetic paragraphs of sound text so that the page as a whole
is no page item.
"""

from __future__ import annotations

import json

from test_correct_page_items import DAMAGED_PAGE

from pipeline.core.enums import CorrectionDecision, CorrectionKind
from pipeline.core.results import Correction
from pipeline.lexicon import Lexicon
from pipeline.stages.correct import CorrectConfig, correct

#: In the wild (see the docstring): the page that test reads whole.
DAMAGED = DAMAGED_PAGE


#: Synthetic: sound text, one typo the stage proposes (``tbc``).
BEFORE = """SUBJECT: STATION ACTIVITIES

1. The station reported on the work of the service during the month.
Both sides said tbc meeting was short and friendly. The chief of station
will report again next month on the results of the meetings held with
the local officials, and on the plans for the coming year."""

AFTER = """2. The station has no further comment on the matter at this time. The
officials of the embassy were told of the meeting and of its results, and
they agreed that the work should continue through the summer months."""

TEXT = BEFORE + "\n\n" + DAMAGED + "\n\n" + AFTER

NEVER = CorrectConfig(damage_line_unknown=2.0)


def pending(records: tuple[Correction, ...]) -> list[Correction]:
    return [c for c in records if c.decision == CorrectionDecision.PROPOSED]


def regions(records: tuple[Correction, ...]) -> list[Correction]:
    return [c for c in records if "transcribe the region by hand" in c.reason]


def test_a_run_of_damaged_lines_becomes_one_item_and_loses_nothing(lexicon: Lexicon) -> None:
    alone = correct(TEXT, None, lexicon, config=NEVER)
    lo = TEXT.index(DAMAGED)
    hi = lo + len(DAMAGED)
    assert not any("transcribe the page" in c.reason for c in alone.corrections)
    result = correct(TEXT, None, lexicon)
    (item,) = regions(result.corrections)
    assert item.kind is CorrectionKind.REGION and item.is_line and item.candidates == ()
    # within the damaged stretch, not the sound lines around it, and most of it
    assert lo <= item.start and item.end <= hi and item.end - item.start > len(DAMAGED) / 2
    assert item.original == TEXT[item.start : item.end]
    inside = [c for c in pending(alone.corrections) if item.start <= c.start < item.end]
    assert len(inside) >= 3  # that many screens there without the rule
    # nothing lost: every proposal there, and every word record of its line items
    held = {(s.start, s.original, s.replacement) for s in item.subsumed}
    for c in inside:
        subs = c.subsumed if c.is_line else [c]
        assert {(s.start, s.original, s.replacement) for s in subs} <= held
    # elsewhere all is as it was: the sound text's proposal (``tbc``) and the one on the
    # damaged page's last lines, which are mostly words (``espability``), stay screens of
    # their own
    outside = [c for c in pending(result.corrections) if c is not item]
    assert outside == [c for c in pending(alone.corrections) if c not in inside]
    assert [c.original for c in outside] == ["tbc", "espability"]
    assert result.text == alone.text
    assert Correction.from_dict(json.loads(json.dumps(item.to_dict()))) == item


def test_each_piece_of_evidence_is_needed(lexicon: Lexicon) -> None:
    assert len(regions(correct(TEXT, None, lexicon).corrections)) == 1
    for config in (
        CorrectConfig(damage_line_unknown=0.95),  # no line that damaged
        CorrectConfig(damage_min_lines=12),  # not that many lines
        CorrectConfig(damage_min_longer=60),  # not that many words
        CorrectConfig(damage_min_unknown=0.95),  # not that much of it unknown
        CorrectConfig(damage_min_screens=40),  # not that many screens to save
    ):
        assert regions(correct(TEXT, None, lexicon, config=config).corrections) == []


def test_sound_text_with_proposals_makes_no_region(lexicon: Lexicon) -> None:
    text = (BEFORE + "\n\n" + AFTER + "\n\n") * 3
    records = correct(text, None, lexicon, config=CorrectConfig(damage_min_screens=1))
    assert regions(records.corrections) == []
    assert [c.original for c in pending(records.corrections)] == ["tbc"] * 3


#: In the wild, dev split: two lines of OCR noise from the JFK release ``2018__104-10167-10036``
#: (``bench/furniture/jfk-more/``, bench/splits.json ``jfk-more`` dev), the first between two
#: damaged paragraphs there; neither has a word of 4+ letters for the unknown share to count.
NOISE = "whL asx . : ™\n\nre o i ink s | iis)"


def test_lines_of_noise_do_not_break_a_damaged_run(lexicon: Lexicon) -> None:
    parts = DAMAGED.split("\n\n")
    text = "\n\n".join([BEFORE, *parts[:6], NOISE, *parts[6:], AFTER])
    noise = text.index(NOISE)
    # without the noise lines counted as damage, the two undamaged lines split the stretch
    # into two runs, each too small to be an item: a screen per line item and proposal
    split = correct(text, None, lexicon, config=CorrectConfig(damage_noise_lines=False))
    assert regions(split.corrections) == []
    result = correct(text, None, lexicon)
    (item,) = regions(result.corrections)
    assert item.start < noise < item.end
    assert len(pending(result.corrections)) < len(pending(split.corrections))
    # the proposals outside the damaged stretch stay; the one inside (``seri``) is taken in
    words = [c.original for c in pending(result.corrections) if not c.is_line]
    assert words == ["tbc", "espability"]
    assert "seri" in {s.original for s in item.subsumed}
    assert result.text == split.text
