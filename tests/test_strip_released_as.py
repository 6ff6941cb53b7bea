"""The release stamp's level is the released copy's status (``released_as``), not the document's
own classification (issue 14, the lead's decision).

In the wild (dev): Talbott C06685800, whose only marking is the State release stamp
(``tests/data/strip/talbott_C06685800.txt``), and the seed cable (``seed_000_...``, the gold
set's dev cable), whose FL- stamp says UNCLASSIFIED and whose banners say CONFIDENTIAL.
Synthetic: a stamp OCR wore on every page, a banner with the stamp, and sentences that name a
level beside the words of a stamp without being one.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.core.records import Page
from pipeline.stages.strip import StripConfig, strip

DATA = Path(__file__).parent / "data" / "strip"
STAMP = "U.S. Department of State Case No. F-2017-13804 Doc No. C06685800 Date: 05/04/2021"


def fields(text: str) -> dict[str, object]:
    result = strip([Page.from_text(1, text)], StripConfig())
    return {name: f.value for name, f in result.fields.items()}


def test_a_release_stamp_alone_gives_released_as_and_no_classification():
    text = (DATA / "talbott_C06685800.txt").read_text(encoding="utf-8")
    result = strip([Page.from_text(1, text)], StripConfig())
    assert "classification" not in result.fields
    released = result.fields["released_as"]
    assert released.value == "UNCLASSIFIED"
    # Read where the stamp prints the word whole (the foot's row), not from the head's "FIED".
    assert (released.line, released.start, released.end) == (20, 0, 12)
    assert result.metadata()["released_as"]["value"] == "UNCLASSIFIED"


def test_the_fl_stamp_level_and_the_banners_level_are_two_fields():
    values = fields((DATA / "seed_000_e7f3cb81f3699479.txt").read_text(encoding="utf-8"))
    assert values["released_as"] == "UNCLASSIFIED"
    assert values["classification"] == "CONFIDENTIAL"


def test_a_worn_stamp_level_is_read_when_no_stamp_prints_it_whole():
    # Synthetic, in the form OCR gives the sideways stamp on the Talbott pages ("FIED").
    text = f"C 0 6 6 8 5 8 0 0 FIED {STAMP}\nSECRET\n\nThe talks went well today.\n\nSECRET\n"
    values = fields(text)
    assert values["released_as"] == "UNCLASSIFIED"
    assert values["classification"] == "SECRET"


def test_a_level_in_a_sentence_is_not_a_release_status():
    # Synthetic: a level beside "U.S. Department" in the body, with no stamp on the page.
    values = fields(
        "The cable stayed SECRET U.S. Department officials said, and was released in 2021.\n"
    )
    assert "released_as" not in values
