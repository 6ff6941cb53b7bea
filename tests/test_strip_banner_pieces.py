"""Damaged and broken furniture of the 2017-2021 JFK releases (issue 14, session 23): banners
beside a cable's header (not beside any form's "FROM:"), a banner word broken over lines, "TOP"
and a damaged "SECRET", a presidential library's photocopy stamp, markings joined by "/".

In the wild unless a test says synthetic: the lines are OCR lines of NARA JFK releases
(noops888/jfk-files-text @55840853), dev by release year (2018, 2021), each named with its file
and page or line; "PARA", "BODY" and "TESTIMONY" are real body text of the same releases.
"""

from __future__ import annotations

import pytest
from test_strip import run

from pipeline.core.records import Page
from pipeline.stages.strip.patterns.match import match_line

# 2021 docid-32354257 page 3 (dev): a cable's last paragraph.
PARA = "COOPERATIVE, AGREED TO INTERVIEW IN NEW YORK. SUGGEST HQS ARRANGE DEBRIEFING."


def _removed(lines: list[str]) -> list[str]:
    result = run([Page.from_text(1, "\n\n".join(lines))])
    return [r.text for r in result.removals]


def test_a_level_beside_a_cable_headers_from_field_is_its_banner():
    # 2018 104-10132-10144 page 1 lines 2-18: the cable's "CLASSIFIED MESSAGE" a few lines up
    # makes "FROM: DIRECTOR" the cable's header field.
    lines = [
        PARA,
        "J _,CLASSIFIED MESSAGE “1202",
        "J NO INDEX",
        "9: DAMASCES",
        "SECRET",
        "FROM: DIRECTOR... : atest Peict hos a a",
        PARA,
    ]
    assert "SECRET" in _removed(lines)


def test_a_level_beside_a_routing_sheets_from_field_stays():
    # 2021 docid-32358513 page 3 lines 2-28: a routing sheet's check-box column of levels over
    # its title and its "FROM:" / "TO:" fields; no cable marking anywhere near.
    lines = [
        PARA,
        "INTERNAL",
        "ROUTING AND RECORD SHEET",
        "SECRET",
        "SUBJECT: (Optional)",
        "FROM: - WAK/Mo/Eg C",
        "WH/C/COPS",
        "TO: (Officer designation..: room number, and",
        "building)",
        PARA,
    ]
    assert "SECRET" not in _removed(lines)


# 2021 docid-32397036 pages 11, 18 and 24 (dev): "SECRET" at a page's top and foot read as
# two or three lines of its own.
BODY = [
    "it in New Orleans - must be considered of",
    "great significance in the light of the",
    "by memorandum, 31 March 1964. SANTOS was reported to have",
]


def test_a_banner_broken_over_lines_at_a_page_top_and_foot_goes():
    top = Page.from_text(1, "\n\n".join(["SE", "CRET", *BODY]))
    foot = Page.from_text(2, "\n\n".join([*BODY, "SEC", "RET", "NW 65990 Docld:32397036 Page 17"]))
    split = Page.from_text(3, "\n\n".join(["S", "E", "CRET", *BODY]))
    result = run([top, foot, split])
    banners = [(r.page, r.text) for r in result.removals if r.kind == "banner"]
    assert banners == [
        (1, "SE"),
        (1, "CRET"),
        (2, "SEC"),
        (2, "RET"),
        (3, "S"),
        (3, "E"),
        (3, "CRET"),
    ]
    assert all(
        r.evidence[0].startswith("pattern broken-banner (SECRET")
        for r in result.removals
        if r.kind == "banner"
    )
    assert all(line in result.text for line in BODY)


def test_short_capital_lines_that_join_to_no_level_stay():
    # Synthetic: initials and a code word, one to a line, at a page's top.
    lines = ["SE", "CR", "ET AL", "NO", "DIS", *BODY]
    result = run([Page.from_text(1, "\n\n".join(lines))])
    assert [r.text for r in result.removals if r.kind == "banner"] == []


def test_the_pieces_of_one_broken_banner_are_no_evidence_for_each_other():
    # 2021 docid-32354957 page 3 lines 8-14 (dev): a routing sheet's check-box column, its
    # "CONFIDENTIAL" read as two lines, "SECRET" under it, the sheet's title below: the levels
    # of a form's menu, not a banner (no line of furniture beside them).
    lines = [*BODY, "CONFE", "ENTIAL", "SECRET", "ROUTING AND RECORD SHEET", *BODY]
    result = run([Page.from_text(1, "\n\n".join(lines))])
    assert [r.text for r in result.removals] == []


# 2021 docid-32112724 (dev): Senate committee testimony photocopied at the Ford Library, the
# library's stamp at the foot of most of its 120 pages, read as two lines.
TESTIMONY = [
    "Mr. Colby. Right. In our lexicon it doesn't count as a",
    "covert action but that is all right, no problem, I will cover",
    "it.",
]


def test_a_library_photocopy_stamp_read_as_two_lines_goes_and_the_sentence_end_stays():
    # Page 22 lines 86-94: the sentence's last word "it." on a line of its own right above.
    page = Page.from_text(1, "\n\n".join([*TESTIMONY, "Photocopy from", "Gerald Ford Library"]))
    result = run([page])
    assert [(r.kind, r.text) for r in result.removals] == [
        ("release-stamp", "Photocopy from"),
        ("release-stamp", "Gerald Ford Library"),
    ]
    assert result.text.endswith("I will cover\n\nit.")


def test_a_librarys_name_alone_is_no_stamp():
    # Synthetic: a library's letterhead at a page's top, no photocopy stamp beside it.
    page = Page.from_text(1, "\n\n".join(["Gerald R. Ford Library", *TESTIMONY]))
    assert run([page]).removals == ()


def test_the_whole_stamp_on_one_line_goes_on_its_own():
    # "PHOTOCOPY FROM THE GERALD R. FORD LIBPARY": 7 lines of the 2018 and 2021 releases.
    lines = [TESTIMONY[0], "PHOTOCOPY FROM THE GERALD R. FORD LIBPARY", TESTIMONY[1]]
    result = run([Page.from_text(1, "\n\n".join(lines))])
    assert [r.text for r in result.removals] == ["PHOTOCOPY FROM THE GERALD R. FORD LIBPARY"]


def test_top_and_a_damaged_secret_is_the_top_secret_banner():
    # 2021 docid-32112724 page 107 lines 106-112 (dev): "TOP STORET" under the library's stamp.
    page = Page.from_text(
        1, "\n\n".join([*TESTIMONY, "Photocopy from", "Gerald Ford Library", "TOP STORET"])
    )
    removed = [(r.kind, r.text, r.evidence[0]) for r in run([page]).removals]
    assert ("banner", "TOP STORET", "pattern banner-line (TOP SECRET)") in removed


def test_top_and_another_word_is_no_banner():
    # Synthetic: a heading at a page's top.
    page = Page.from_text(1, "\n\n".join(["TOP SPEED", *TESTIMONY]))
    assert run([page]).removals == ()


@pytest.mark.parametrize(
    ("line", "marks"),
    [
        # 2018 NARA JFK releases (dev): 104-10172-10260 line 89, 104-10193-10160 line 1231,
        # 104-10216-10071 line 111, bench/furniture/jfk-more 104-10178-10001 line 7957.
        ("SECRET/NO FOREIGN DISSEM", "SECRET/NO FOREIGN DISSEM"),
        ("S ECR E T/NO FOREIGN DISSEM", "SECRET/NO FOREIGN DISSEM"),
        ("NO _DISSEM ABROAD/BACKGROUND USE ONLY", "NO DISSEM ABROAD/cia-handling-stamp"),
        (
            "T/ AND METHODS INVOLVED/NO FOREIGN DISSEM",
            "sensitive-sources-warning/NO FOREIGN DISSEM",
        ),
    ],
)
def test_markings_joined_by_a_slash(line, marks):
    prior = match_line(line)
    assert prior is not None and prior.name == "handling-line" and prior.detail == marks


@pytest.mark.parametrize("line", ["US/USSR", "EUR/SOV", "SECRET/Moscow talks", "NOFORN/CONTINUED"])
def test_slashes_between_other_words_are_no_marking(line):
    prior = match_line(line)
    assert prior is None or prior.name != "handling-line"


def test_a_joined_marking_at_a_page_foot_goes():
    # 2018 104-10172-10260 lines 89-91 (dev): the marking and the page number under it; the
    # sentence above is synthetic.
    lines = [
        "2. SOURCE REPORTED THAT THE MEETING HAD BEEN POSTPONED UNTIL THE NEXT WEEK.",
        "SECRET/NO FOREIGN DISSEM",
        "2",
    ]
    removed = [r.text for r in run([Page.from_text(1, "\n\n".join(lines))]).removals]
    assert removed == ["SECRET/NO FOREIGN DISSEM", "2"]


def test_a_routing_slips_level_under_its_printed_instruction_is_the_forms():
    # 2018 104-10308-10153 lines 97-102 (dev): the foot of an "OFFICIAL ROUTING SLIP", its
    # checked classification box read as a bare level, the form's number under it.
    lines = [
        "SIGNATURE",
        "DISPATCH",
        "FOLD HERE TO RETURN TO SENDER",
        "FROM: NAME, ADDRESS AND PHONE NO.",
        "UNCLASSIFIED",
        "237",
        "FORM NO.",
    ]
    removed = [(r.kind, r.text) for r in run([Page.from_text(1, "\n\n".join(lines))]).removals]
    assert ("form", "UNCLASSIFIED") in removed
    assert ("form", "FOLD HERE TO RETURN TO SENDER") in removed


@pytest.mark.parametrize(
    ("line", "page"),
    [
        ("PAGE TWO", True),  # 2021 docid-32174445 page 7 line 2 (dev)
        ("- PAGE FOUR", True),  # 2021 docid-32176515 page 26 line 2 (dev)
        ("Page Twenty-One", True),  # synthetic
        ("PAGE TWO OF THE REPORT", False),  # synthetic
        ("Page two", False),  # synthetic: a sentence's words
    ],
)
def test_a_page_number_in_words(line, page):
    prior = match_line(line)
    assert (prior is not None and prior.name == "page-label-words") is page
