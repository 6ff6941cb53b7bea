"""Hand-set doubts lifted where evidence beyond the edit corroborates the change
(``pipeline/stages/correct/corroborate.py``). Synthetic sentences; the OCR forms are those of the
judged JFK dev proposals (bench/labels/proposals-dev.tsv: ``politiorl``, ``sctivitios``,
``concerneds``, ``objectiveson``, ``the Palenques``)."""

from __future__ import annotations

import pytest

from pipeline.core.results import APPLIED, PROPOSED
from pipeline.lexicon import Lexicon
from pipeline.stages.correct import CorrectConfig, correct
from pipeline.stages.correct.corroborate import boundary


def _changes(text: str, lexicon: Lexicon, config: CorrectConfig | None = None) -> dict:
    result = correct(text, None, lexicon, config or CorrectConfig())
    return {c.original: (c.replacement, c.decision, c.reason) for c in result.corrections}


@pytest.mark.parametrize(
    ("text", "word", "right"),
    [
        (
            "The political situation was tense. The politiorl parties met to discuss the "
            "political crisis.",
            "politiorl",
            "political",
        ),
        (
            "The activities of the group grew. Their sctivitios included meetings and other "
            "activities.",
            "sctivitios",
            "activities",
        ),
    ],
)
def test_two_edits_to_a_word_the_document_writes_are_applied(
    lexicon: Lexicon, text: str, word: str, right: str
) -> None:
    replacement, decision, reason = _changes(text, lexicon)[word]
    assert (replacement, decision) == (right, APPLIED)
    assert f"more than one edit, but '{right}' is written in this document" in reason
    # The hand-set rules alone (no model to confirm) keep the doubt.
    rules = _changes(text, lexicon, CorrectConfig(confirm=False))[word]
    assert rules[:2] == (right, PROPOSED) and rules[2].endswith("more than one edit")


def test_a_word_run_on_to_its_candidate_stays_proposed(lexicon: Lexicon) -> None:
    text = "The objectives were clear. The objectiveson the table were discussed and agreed."
    replacement, decision, reason = _changes(text, lexicon)["objectiveson"]
    assert (replacement, decision) == ("objectives", PROPOSED)
    assert reason.endswith("more than one edit")


def test_a_derived_form_written_small_is_applied(lexicon: Lexicon) -> None:
    text = "The committee was concerned about costs. They were concerneds about the future."
    replacement, decision, reason = _changes(text, lexicon)["concerneds"]
    assert (replacement, decision) == ("concerned", APPLIED)
    assert "it may be a derived form, but it is written small" in reason


def test_a_capitalised_plural_is_never_applied(lexicon: Lexicon) -> None:
    """A name's plural is right as written (``the Palenques``, JFK dev): the doubt is not lifted,
    so it is at most proposed (with ``propose_worth`` off), and by default not even that
    (``worth.Unworthy.PLURAL``: left, and counted)."""
    from dataclasses import replace

    text = "The Palenque family lives here. The Palenques live in the same building."
    off = replace(CorrectConfig(), propose_worth=False)
    replacement, decision, reason = _changes(text, lexicon, off)["Palenques"]
    assert (replacement, decision) == ("Palenque", PROPOSED)
    assert reason.endswith("may be a derived form of a known word")
    result = correct(text, None, lexicon, CorrectConfig())
    assert "Palenques" not in {c.original for c in result.corrections}
    assert result.left.get("plural") == 1


@pytest.mark.parametrize(
    ("low", "target", "shape"),
    [
        ("tablishment", "establishment", "fragment"),  # the end of a longer word
        ("nspiracy", "conspiracy", "fragment"),
        ("objectiveson", "objectives", "run-on"),
        ("anmilitary", "military", "run-on"),
        ("highnesses", "highness", "ending"),  # a plural the dictionary lacks
        ("covernnent", "government", ""),
        ("governmentey", "government", ""),  # noise after the word, no ending
    ],
)
def test_word_boundary_shapes(low: str, target: str, shape: str) -> None:
    assert boundary(low, target) == shape
