"""Form designations, CIA records stamps, a stamp's date and Form 610's instructions (issue 14).

In the wild: every furniture line below is a line of a 2018 NARA JFK release (noops888/
jfk-files-text @55840853, dev by release year), named with its file and line; the must-stay
lines are real body lines of the same release year, named the same way, or synthetic where
said. The paragraphs around them are real cable text of the same releases.
"""

from __future__ import annotations

import pytest
from test_strip import run

from pipeline.core.records import Page
from pipeline.stages.strip.patterns.forms import form_number
from pipeline.stages.strip.patterns.notices import notice_line, notice_piece
from pipeline.stages.strip.patterns.office_stamps import office_stamp
from pipeline.stages.strip.stamp_evidence import stamp_date

# 104-10176-10005 line 2620 and 104-10178-10001 line 599 (dev): body text around the furniture.
PARA = "MEXICAN POLICE HAD TWICE SEARCHED HER HOUSE SINCE HER SON'S RELEASE."
PARA_2 = "SAID THAT POSADA HAS CLOSE CONTACT WITH HIGH RANKING VENEZUELAN OFFICIALS."


@pytest.mark.parametrize(
    ("line", "what"),
    [
        ("FD-36 (Rev. 12-13-56)", "revision"),  # docid-32288036 line 74
        ("FD-221a (Rev. 7-15-70) : -", "revision"),  # docid-32989712 line 13792
        ("FD-272 “Rew. 363-59)", "revision"),  # docid-32567998 line 168
        ("Form 40-94] REPLACES FORM 36-8 om", "edition"),  # 104-10121-10400 line 28
        ("1FEB 55 WHICH MAY BE USED.", "edition-tail"),  # 104-10121-10400 line 29
        ("FORM 2096", "bare"),  # 104-10308-10008 line 146
        ("¥FD-37", "bare"),  # docid-32989712 line 10043
    ],
)
def test_a_forms_designation_through_ocr(line, what):
    assert form_number(line) == what


@pytest.mark.parametrize(
    "line",
    [
        # docid-32989712 line 7074
        "FD-209 may be used in recording contacts with approved and potential",
        "FD-221 has been revised to be used together with FD-221a",  # docid-32989712 line 13237
        "“FD-221, A copy of the form should be added to the FBI Form Book.",  # ... line 9021
        "Form 1234 to subject personally or if you desire",  # synthetic
        "Formosa 12",  # synthetic
    ],
)
def test_a_sentence_naming_a_form_is_no_designation(line):
    assert form_number(line) is None


def test_a_bare_form_number_in_a_files_inventory_stays():
    # 2021 NARA JFK docid-32177405 page 5 (dev): an inventory of serials by form and date.
    rows = ["FD- 340A", "08/01/78", "FD-340", "SI", "07/31/78", "FD-340", "08/02/78", "FD-340"]
    result = run([Page.from_text(1, "\n\n".join([PARA, *rows, "08/02/78", PARA_2]))])
    assert [r.text for r in result.removals if r.kind == "form"] == []
    assert result.text.count("FD-340") == 3


def test_a_form_designation_goes_and_the_sentence_naming_it_stays():
    text = "\n\n".join([PARA, "FD-36 (Rev. 12-13-56)", PARA_2, "FD-221 has been revised", PARA])
    result = run([Page.from_text(1, text)])
    assert [(r.kind, r.text) for r in result.removals] == [("form", "FD-36 (Rev. 12-13-56)")]
    assert "FD-221 has been revised" in result.text


@pytest.mark.parametrize(
    "line",
    [
        "[RECORD cOPY_|",  # 104-10169-10007 line 32
        "CS copy",  # 104-10518-10302 line 78
        "DESENSITIZED",  # 104-10216-10148 line 627
        "__MICROFILMED",  # 104-10050-10228 line 4991
    ],
)
def test_cia_records_stamps(line):
    assert office_stamp(line) == "handling-stamp"


@pytest.mark.parametrize(
    "line",
    [
        "201-0285412 (record copy)",  # 104-10061-10000 line 82: which copy a list item is
        "(CS copy attached)",  # 104-10059-10326 line 163
        "CS COPY ATTACHED.",  # 104-10006-10096 line 312
        "Desensitized",  # synthetic: a word, not the stamp's capitals
    ],
)
def test_records_stamp_words_in_a_note_are_no_stamp(line):
    assert office_stamp(line) is None


def test_a_stamps_date_goes_with_its_caption_and_a_memos_date_stays():
    # 104-10050-10228 lines 4329-4330 ("DEC 4 1974" / "MICROFILMED"); a memo's own date line
    # (104-10438-10237 line 971, "22 APR 1977" under its banner) stays, and so does the FBI
    # teletype's heading with its date of receipt (124-90107-10131 lines 152-153,
    # "COMMUNICATIONS SECTION" / "JUN 15 1963": the teletype's own, stamp_evidence.CAPTIONS).
    first = [PARA, "", "DEC 4 1974", "MICROFILMED", "", PARA_2, "", "22 APR 1977", "", PARA]
    text = "\n".join([*first, "", "COMMUNICATIONS SECTION", "JUN 15 1963", "", PARA_2])
    result = run([Page.from_text(1, text)])
    assert [r.text for r in result.removals] == ["DEC 4 1974", "MICROFILMED"]
    assert "22 APR 1977" in result.text
    assert "COMMUNICATIONS SECTION\nJUN 15 1963" in result.text
    assert stamp_date("SEP 331970") and not stamp_date("29 March 1966")


def test_form_610_instructions_go_and_its_title_stays():
    # 104-10165-10079 lines 243-246: the routing sheet's title (the record's, it stays) and its
    # printed instructions (the form's).
    title = "ROUTING AND RECORD SHEET -"
    lines = [
        "end each comment numbered to correspond with. the na~cer in the “TO” ecuma. Each "
        "eHeer should",
        "before further routing. This Routing and Record Sheer should be retured to Registry, "
        "=> eet",
    ]
    assert notice_line(title) is None and notice_line("“ROUTING ANO RECORD SHEET") is None
    # 104-10143-10088 line 348: a records manual's sentence naming the form.
    sentence = "(6) Routing slips, routing and record sheets (Form 610) aad dispatch"
    assert notice_line(sentence) is None
    assert {notice_line(ln) for ln in lines} == {"routing-sheet-instructions"}
    result = run([Page.from_text(1, "\n".join([PARA, "", title, "", *lines, "", PARA_2]))])
    assert [r.text for r in result.removals] == lines
    assert title.rstrip(" -") in result.text


def test_a_wrapped_notices_two_words_go_only_beside_the_notice():
    # 179-40006-10119 lines 107-108; alone, the same words are a heading (synthetic).
    assert notice_piece("SENSITIVE SOURCES") == "sensitive-sources-warning"
    beside = run([Page.from_text(1, "\n".join([PARA, "", "WARNING NOTICE", "SENSITIVE SOURCES"]))])
    assert "SENSITIVE SOURCES" in [r.text for r in beside.removals]
    alone = run([Page.from_text(1, "\n".join([PARA, "", "SENSITIVE SOURCES", "", PARA_2]))])
    assert alone.removals == ()


def test_a_banner_inside_a_cable_header_goes_and_a_banner_alone_in_the_text_stays():
    # 104-10132-10144 lines 3-16 ("NO INDEX" ... "9: DAMASCES" / "y SECRET" / "FROM: DIRECTOR"):
    # the cable form's marking in its header (its "FROM:" a cable's field by the cable's own
    # "NO INDEX" above it); the same word once between two paragraphs, with nothing of a cable
    # beside it, is left (synthetic).
    header = ["mf ROUTING", "J NO INDEX", "ote eater", "9: DAMASCES", "y SECRET", "FROM: DIRECTOR"]
    result = run([Page.from_text(1, "\n".join([PARA, "", *header, "", PARA_2]))])
    assert [(r.kind, r.text) for r in result.removals] == [("banner", "y SECRET")]
    alone = run([Page.from_text(1, "\n".join([PARA, "", "SECRET", "", PARA_2, "", PARA]))])
    assert alone.removals == ()
