"""Printed notices, office stamps and letter-spaced banners as real releases print them (issue 14).

In the wild: every furniture line below is a line of a 2018 NARA JFK release (noops888/
jfk-files-text @55840853, dev by release year), named with its file and line; the paragraphs
around them are real cable text of the same releases. The must-stay lines are real body lines of
the same release year, named the same way, or synthetic where said.
"""

from __future__ import annotations

import pytest
from test_strip import run

from pipeline.core.records import Page
from pipeline.stages.strip.patterns.notices import notice_line
from pipeline.stages.strip.patterns.office_stamps import office_stamp

# 104-10176-10005 line 2620 and 104-10178-10001 line 599 (dev): body text around the furniture.
PARA = "MEXICAN POLICE HAD TWICE SEARCHED HER HOUSE SINCE HER SON'S RELEASE."
PARA_2 = "SAID THAT POSADA HAS CLOSE CONTACT WITH HIGH RANKING VENEZUELAN OFFICIALS."


@pytest.mark.parametrize(
    ("line", "notice"),
    [
        # 104-10178-10001 line 2925: the caption's OCR glued in front, the authority line behind.
        (
            "esseresron REPRODUCTION BY OTHER THAN THE ISSUING OFFICE IS PRONIBITED £ 2  {MPDET",
            "reproduction-prohibited",
        ),
        # 104-10161-10093 line 88: the notice wrapped, debris in front.
        ("Sees ee Ae REPRODUCTION BY OTHER THAP", "reproduction-prohibited"),
        # 124-10284-10175 line 76: the Espionage Laws notice, its first line.
        (
            "~ National Defense of the United States within the meaning of the Espionage Laws, "
            "Title",
            "espionage-laws",
        ),
        # 104-10186-10200 line 9: the same, badly read.
        (
            "‘Tis shatertal contains informatica affecting the Naticnal Defense of the United "
            "States sttnia the meaning of the Espionage Laws, Tite",
            "espionage-laws",
        ),
        # 104-10185-10265 line 3164.
        (
            "Thi 1s UNEVALUATED INFORMATION, SOURCE GRADINGS ARE DEFINITIVE. APPRAISAL OF "
            "CONTENT 1b TENTATIVE,",
            "unevaluated-information",
        ),
        # 104-10178-10001 line 7956.
        ("WARNING NOTICE-SENSITIVE INTELLIGENCE SOURCES", "sensitive-sources-warning"),
    ],
)
def test_printed_notices_are_read_through_ocr_damage(line, notice):
    assert notice_line(line) == notice


@pytest.mark.parametrize(
    "line",
    [
        # 104-10217-10221 line 1942, a secrecy agreement's own sentence.
        "2, I have read and understand the provisions of the espionage laws of our",
        # 104-10121-10101 line 15.
        "stand the provisions of the Act of Congress of June 15, 1917 (Espionage Act),",
        # 104-10300-10205 line 30.
        "e Files contain a raw, unevaluated report",
        # 104-10408-10078 line 783 (labelled B in bench/furniture/dev.tsv).
        "All standard. listings are cumulative; previous editions must. be destroyed :",
        # 104-10172-10106 line 2631.
        "ALRAYS REiURI THIS FORM WITH COPYFLO CF CARD REPRODUCTIONS... IF YOU RAVE REQUESTED",
        # Synthetic: a sentence quoting the warning.
        "THE CABLE CARRIED A WARNING NOTICE ABOUT SENSITIVE SOURCES, WHICH THE STATION IGNORED.",
    ],
)
def test_sentences_mentioning_a_notices_words_are_no_notice(line):
    assert notice_line(line) is None


def test_a_notice_goes_as_form_and_the_body_stays():
    # 124-10284-10175 line 76 between the cable's paragraphs; 104-10217-10221 line 1942 stays.
    notice = (
        "~ National Defense of the United States within the meaning of the Espionage Laws, Title"
    )
    quote = "2, I have read and understand the provisions of the espionage laws of our"
    text = "\n\n".join([PARA, notice, PARA_2, quote, PARA])
    result = run([Page.from_text(1, text)])
    assert [(r.kind, r.text) for r in result.removals] == [("form", notice)]
    assert quote in result.text and result.text.count(PARA) == 2


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("REC-37 : TB Sep 10 1975", "rec-serial"),  # docid-32989641 line 9639
        ("; REC- 44 abasy 107", "rec-serial"),  # docid-32576387 line 52
        ("REC-IO OX -//6F75~-b¢", "rec-serial"),  # docid-32989641 line 13499
        ("SEARCHED", "file-room"),  # docid-32989641 line 10689
        ("SEARCHED INDEXED SERIALIZED FILED", "file-room"),  # synthetic: the FBI stamp's row
        ("RECEIVED 6 OCT 30 1962", "received-date"),  # issue 14's brief
    ],
)
def test_office_stamps_by_their_shape(line, name):
    assert office_stamp(line) == name


@pytest.mark.parametrize(
    "line",
    [
        "RECEIVED: 6:41 PM RADIO",  # 124-90137-10211 line 106: a teletype form's field
        "RECEIVED LONG DISTANCE TELEPHONE CALL FROM NEW YORK FROM",  # 104-10178-10001 line 6568
        "RECEIVED FROM",  # a form's caption (several 2018 files)
        # 104-10163-10083 line 21.
        "MILITARY UNIFORM SEARCHED HIS HOUSE THAT MORNING, QUESTIONED WIFE ABOUT",
        "FILED IN 72-2.",  # docid-32303202 line 93: a word between, no stamp shape
        "REC- 24 copies were sent to the field offices",  # synthetic: a sentence after a REC-
    ],
)
def test_stamp_words_in_a_sentence_or_a_field_are_no_stamp(line):
    assert office_stamp(line) is None


def test_an_office_stamp_goes_and_the_sentence_with_its_word_stays():
    text = "\n\n".join([PARA_2, "REC-37 : TB Sep 10 1975", PARA, "SEARCHED", PARA_2])
    result = run([Page.from_text(1, text)])
    assert [r.text for r in result.removals] == ["REC-37 : TB Sep 10 1975", "SEARCHED"]
    assert PARA in result.text  # "... TWICE SEARCHED HER HOUSE ..."


def test_a_banner_broken_with_spaces_goes_with_the_others():
    # 157-10011-10066 line 736 "S ECRET/SENSITIVE" at a page foot, the file's other banners
    # "SECRET/SENSITIVE"; "CONFIDENT IAL" (a 2018 file's "CONFIDENT IAL FBB374") and "S E C R E T"
    # are the same break. A check box beside a level ("LJ SECRET") is no broken word.
    text = "\n\n".join(
        [PARA, "SECRET/SENSITIVE", PARA_2, "S ECRET/SENSITIVE", PARA, "S E C R E T", PARA_2]
    )
    result = run([Page.from_text(1, text)])
    assert [r.text for r in result.removals] == [
        "SECRET/SENSITIVE",
        "S ECRET/SENSITIVE",
        "S E C R E T",
    ]
    assert [r.kind for r in result.removals] == ["banner"] * 3


@pytest.mark.parametrize(
    ("line", "notice"),
    [
        # 104-10177-10135 lines 9-10 and 104-10185-10265 line 29: a retired file's folder notice.
        ("THIS FILE HAS BEEN PROCESSED AND RETIRED, DO NOT", "file-retired-notice"),
        ("ADD ANY DOCUMENTS TO THIS FOLDER. FORWARD CS", "file-retired-notice"),
        ("as ‘THIS FILE HAS BEEN PROCESSED AND RETIRED. DO NOT", "file-retired-notice"),
        # 104-10185-10265 lines 6776-6782: the file request form's instructions, OCR damage.
        ("D.ITENS 7 AND 8-USE FIRST THREE LETTERS OF DISPATCH iu", "file-request-instructions"),
        ("ANY FILES, SUCH AS 201 OR PROJECT FILEG THAT ARE RE-", "file-request-instructions"),
        ("i ALSO BE USED 70 GIVE REASONS FoA THE ACTION BEING RE- :", "file-request-instructions"),
    ],
)
def test_a_file_request_forms_print_is_read(line, notice):
    assert notice_line(line) == notice


@pytest.mark.parametrize(
    "line",
    [
        # Synthetic sentences with the notices' words.
        "The station processed the request and retired the old file last week.",
        "Please give reasons for the action you propose in your next dispatch.",
    ],
)
def test_a_sentence_with_the_file_forms_words_is_no_notice(line):
    assert notice_line(line) is None
