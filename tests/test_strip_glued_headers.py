"""A telegram's page header read into one line with body words or specks (issue 14, session 32):
the header goes as a recorded span, the body words stay
(``pipeline.stages.strip.glued_header_evidence``).

The header lines are Tesseract's readings of the generator's extreme dev tier render of
frus1964-68v22_d52 (``bench.extreme_dev``, dev): "SECRET ce - PAGE 02. ~~: ~PARES 03302 2612012",
"SECRET PAGE 04 _ PARIS 03302 2612012", and the page-4 header read with the body line before it.
The body text around them is synthetic. Every guard has a case that fails without it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_strip_markings_evidence import strip_text

BODY = (
    "THE MINISTER SAID THE GOVERNMENT WOULD NOT ACCEPT THE PROPOSAL\n"
    "AS IT STOOD AND WOULD ASK FOR A FURTHER MEETING NEXT WEEK.\n"
)


def _cable(headers: list[str]) -> str:
    """Pages of one telegram, each a header line and the same two body lines, ``\\f`` between."""
    return "\f".join(f"{h}\n\n{BODY}" for h in headers)


def test_a_header_with_specks_between_its_fields_goes(tmp_path: Path) -> None:
    text = _cable(
        [
            "SECRET PAGE 01 PARIS 03302 2612012",
            "SECRET ce - PAGE 02. ~~: ~PARES 03302 2612012",
            "SECRET PAGE 03 PARIS 03302 2612012",
            "SECRET PAGE 04 _ PARIS 03302 2612012",
        ]
    )
    kept, removed = strip_text(tmp_path, text)
    assert "PAGE" not in kept and "PARES" not in kept and "03302" not in kept
    assert kept.count("THE MINISTER SAID") == 4
    assert "SECRET ce - PAGE 02. ~~: ~PARES 03302 2612012" in removed


def test_a_header_glued_after_body_words_goes_and_the_words_stay(tmp_path: Path) -> None:
    text = _cable(
        [
            "SECRET PAGE 01 PARIS 03302 2612012",
            "SECRET PAGE 02 PARIS 03302 2612012",
            "SECRET PAGE 03 PARIS 03302 2612012",
            "EMBASSY OFFICER WHO WAS ALLEGED TO BE SECRET PAGE 04 _ PARIS 03302 2612012",
        ]
    )
    kept, removed = strip_text(tmp_path, text)
    assert "EMBASSY OFFICER WHO WAS ALLEGED TO BE" in kept
    assert "PAGE 04" not in kept
    assert "SECRET PAGE 04 _ PARIS 03302 2612012" in removed


@pytest.mark.parametrize(
    ("header", "left"),
    [
        # Synthetic: a line on page 4 naming page 09 of the same telegram (out of sequence).
        ("SECRET PAGE 09 _ PARIS 03302 2612012", "PAGE 09"),
        # Synthetic: the telegram's post, another telegram's message number.
        ("SECRET PAGE 04 _ PARIS 07719 2612012", "07719"),
    ],
)
def test_a_header_not_this_telegrams_page_stays(tmp_path: Path, header: str, left: str) -> None:
    text = _cable(
        [
            "SECRET PAGE 01 PARIS 03302 2612012",
            "SECRET PAGE 02 PARIS 03302 2612012",
            "SECRET PAGE 03 PARIS 03302 2612012",
            f"EMBASSY OFFICER WHO WAS ALLEGED TO BE {header}",
        ]
    )
    assert left in strip_text(tmp_path, text)[0]


def test_one_header_read_whole_is_not_enough(tmp_path: Path) -> None:
    line = "EMBASSY OFFICER WHO WAS ALLEGED TO BE SECRET PAGE 02 _ PARIS 03302 2612012"
    text = _cable(["SECRET PAGE 01 PARIS 03302 2612012", line])
    assert "EMBASSY OFFICER WHO WAS ALLEGED TO BE SECRET PAGE 02" in strip_text(tmp_path, text)[0]


def test_a_header_below_the_pages_top_is_no_header(tmp_path: Path) -> None:
    # Synthetic: the glued line is the page's fourth line, under three body lines.
    line = "EMBASSY OFFICER WHO WAS ALLEGED TO BE SECRET PAGE 04 _ PARIS 03302 2612012"
    pages = [
        "SECRET PAGE 01 PARIS 03302 2612012\n\n" + BODY,
        "SECRET PAGE 02 PARIS 03302 2612012\n\n" + BODY,
        "SECRET PAGE 03 PARIS 03302 2612012\n\n" + BODY,
        BODY + "THE TALKS WENT ON.\n" + line + "\n",
    ]
    assert "PARIS 03302" in strip_text(tmp_path, "\f".join(pages))[0].split("THE TALKS WENT ON.")[1]
