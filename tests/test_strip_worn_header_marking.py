"""A damaged marking over a State telegram's worn page header (issue 14, session 27).

In the wild unless a test says synthetic: OCR lines of the NARA JFK release 2018
104-10433-10178 (noops888/jfk-files-text @55840853; ``bench/furniture/jfk-state``, dev), each
named with its line. The document is text without page markers, as that file is.
"""

from __future__ import annotations

from pathlib import Path

from test_strip_markings_evidence import strip_text

SENTENCE = "The station reported that the meeting was held in the capital on Tuesday."
OTHER = "The ambassador asked for a copy of the minister's statement that evening."


def _text(tmp_path: Path, lines: list[str]) -> tuple[str, list[str]]:
    return strip_text(tmp_path, "\n".join(lines) + "\n")


def _telegram(marking: str, between: str) -> list[str]:
    """Two headers read whole (lines 213, 414: "PAGE 01 STATE 207764 ..."), then ``marking``
    over ``between`` over the worn header of line 272."""
    return [
        "PAGE 01 STATE 181198 181640Z",
        SENTENCE,
        OTHER,
        "PAGE 01 STATE 207764 271924Z",
        SENTENCE,
        OTHER,
        SENTENCE,
        marking,
        between,
        "PAGE Bi STAJE 331198",
        SENTENCE,
        OTHER,
    ]


def test_a_damaged_marking_over_a_worn_header_goes(tmp_path):
    # Lines 268-272: "ES OFFICTAL USE HCM957 |." / "pom" / "PAGE Bi STAJE 331198".
    text, removed = _text(tmp_path, _telegram("ES OFFICTAL USE HCM957 |.", "pom"))
    assert "PAGE Bi STAJE 331198" in removed
    assert "ES OFFICTAL USE HCM957 |." in removed
    assert SENTENCE in text


def test_a_sentence_over_a_worn_header_stays(tmp_path):
    # Synthetic: a sentence's line there is no marking.
    line = "THE OFFICIAL USE OF THE REPORT"
    text, _ = _text(tmp_path, _telegram(line, "pom"))
    assert line in text
