"""State's teleprinter page header as a worn ribbon and a stamp beside it leave it.

In the wild (dev): 1968 State Department telegrams in the NARA JFK release 2018
``104-10433-10178`` (noops888/jfk-files-text @55840853, held in bench/furniture/jfk-state/,
dev by release year): page numbers and message numbers with B/G/S for 0/6/5, a full stop or dash
stuck to a field, a stamp's ink read as short words after the header. Synthetic negatives: body
sentences that name a page.
"""

from __future__ import annotations

import pytest

from pipeline.stages.strip.patterns.match import match_line

WORN = [
    "PAGE @1 OTTAWA S1813 @817985Z Ct pte \\",  # line 128
    "PAGE @1 STATE - 181198 bad t",  # line 213
    "\u2018PAGE G1 ~ LONDON 10376 2719242",  # line 326
    "PAGE 01 STATE\u201d 207764 ee aes",  # line 414
    "PAGE @1- LISBON @1567 . 141828Z rs ib et,",  # line 665
    "PACE 02 LISBON B1567 1418282",  # line 722
    "PAGE @1 LONDON 19017. 181340Z",  # line 789
]


@pytest.mark.parametrize("line", WORN)
def test_worn_teletype_header_is_the_header(line):
    prior = match_line(line)
    assert prior is not None and prior.name == "teletype-page-header", line


@pytest.mark.parametrize(
    "line",
    [
        "see PAGE 12 of the report for the list",
        "PAGE 12 BOSS GOBS",  # letters only where the message number stands
        "The cable on page 01 of the file was dated",
        "PAGE 01 STATE 207764 and the rest of the sentence went on",
    ],
)
def test_body_naming_a_page_is_no_header(line):
    prior = match_line(line)
    assert prior is None or prior.name != "teletype-page-header", line


@pytest.mark.parametrize(
    "line",
    [
        "ai LIMITED OFFICIAL USE HCG869 gig",  # line 126
        "(\\ LIMITED OFFICIAL USE HCMN308",  # line 372
        "\u2014 CONFIDENTIAL HeIWa29",  # line 528
        "CONFIDENTIAL. HeM429 - ve",  # line 664
    ],
)
def test_banner_with_its_message_number_stamped_beside_it(line):
    prior = match_line(line)
    assert prior is not None and prior.kind == "banner", line


@pytest.mark.parametrize(
    "line",
    [
        "CONFIDENTIAL LISBON 1567",  # the telegram's own classification line: left as doubtful
        "SECRET Mar94",  # a month is a stamp's date, not a message number
        "CONFIDENTIAL BOOK12 was sent",
    ],
)
def test_banner_with_other_words_is_not_taken_as_debris(line):
    prior = match_line(line)
    assert prior is None or prior.kind != "banner", line
