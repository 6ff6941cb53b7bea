"""Classification and handling markings damaged past the banner patterns (issue 14, session 25):
a line read as a whole against the real vocabulary of markings (``marking_evidence``).

In the wild unless a test says synthetic: OCR lines of NARA JFK releases
(noops888/jfk-files-text @55840853) held in ``bench/furniture/`` (dev: ``jfk-176`` 2022 series
176 documents, ``jfk-more`` and ``jfk-state`` 2018 releases), each named with its file and line.
"""

from __future__ import annotations

import pytest
from test_strip import boxed_line, page_with_rows, run, words_at

from pipeline.core.records import Page
from pipeline.stages.strip.marking_evidence import read_marking
from pipeline.stages.strip.patterns.match import match_line


def _removed(lines: list[str]) -> list[str]:
    result = run([Page.from_text(1, "\n\n".join(lines))])
    return [r.text for r in result.removals]


@pytest.mark.parametrize(
    ("line", "phrases"),
    [
        # jfk-176 2022__176-10036-10141.md line 100: a report page's foot marking.
        ("‘NO: FOREIGN DISSEM/No DISSHM-ABROAD. |", ("NO FOREIGN DISSEM", "NO DISSEM ABROAD")),
        # jfk-state 2018__104-10433-10178.md line 475: a State telegram's worn banner with its
        # caption code.
        ("_/ VANITED OFFICIAL USE HCF 695", ("LIMITED OFFICIAL USE",)),
        # jfk-state 2018__104-10433-10178.md line 515: the telegram's foot banner.
        ("LIMITED OFFICIAL ust", ("LIMITED OFFICIAL USE",)),
        # jfk-more 2018__104-10186-10298.md line 135.
        ("NO POREIGN PISSEN", ("NO FOREIGN DISSEM",)),
        # jfk-more 2018__104-10071-10375.md line 33: typed letter-spaced.
        ("S-E-C-R-E-T", ("SECRET",)),
        # jfk-more 2018__104-10102-10071.md line 122.
        (
            "H crates moO FOREIGN DISSEY/CONTROLLED 753SEM i",
            ("NO FOREIGN DISSEM", "CONTROLLED DISSEM"),
        ),
        # jfk-more 2018__179-40006-10119.md line 109: the warning notice's wrapped last words.
        ("METHODS: INVOLY!", ("METHODS INVOLVED",)),
        # jfk-state 2018__104-10433-10178.md line 268: the banner's start lost, the message
        # number beside it a code.
        ("ES OFFICTAL USE HCM957 |.", ("OFFICIAL USE ONLY",)),
        # Synthetic: a stamped capital's two strokes read as the capital and its small letter.
        ("Ss E Cc R E T", ("SECRET",)),
    ],
)
def test_a_damaged_marking_is_read_as_its_phrases(line, phrases):
    reading = read_marking(line)
    assert reading is not None
    assert reading.phrases == phrases


@pytest.mark.parametrize(
    "line",
    [
        # Synthetic: sentences and headings that name a marking keep most of their letters
        # outside it.
        "THE SECRET TALKS WENT ON FOR TWO DAYS",
        "MARKED NO FOREIGN DISSEM BY THE STATION",
        "NO FOREIGN DISSEM TO ALL",
        "LIMITED TO OFFICIAL USE.",
        # jfk-recent 2025__0318__104-10063-10160.md line 73: the cable's own opening.
        "FYI AND BACKGROUND ONLY :",
        "SECRET SERVICE",
        "CONFIDENTIAL INFORMANT",
        "EYES ONLY FOR THE SECRETARY",
        "SOURCES OF THE REPORT",
        # Synthetic: in lower case it is a sentence's, not a stamp's.
        "no foreign dissem",
        # jfk-more 2018__104-10181-10042.md line 70: the cable's own header line with its
        # date-time group, left to the cable (bench/furniture/README.md).
        "SE.CR ET! (0833282,",
        # Too few letters to tell.
        "SECR",
    ],
)
def test_what_is_no_damaged_marking(line):
    assert read_marking(line) is None


def test_damaged_markings_at_a_reports_page_foot_are_removed():
    # jfk-176 2022__176-10036-10141.md lines 95-106: the report form's print line, then the
    # page's foot marking in two damaged lines, then the next page's paragraph.
    lines = [
        "INFORMATION REPORT Migauaeny-Wum",
        "FORM 1Kb  osSOLETE PREVIOUS EDITIONS. a",
        "‘NO: FOREIGN DISSEM/No DISSHM-ABROAD. |",
        "BACKGROUND.USE ONLY = 9: -:",
        "-2.._.MAJOR TU STATED THAT FOR SOME MONTHS HE HAD “BEEN INVOLVED IN .COUP",
        "D'ETAT PLANNING WITH DANG DUC KHOI, ASSISTANT DIRECTOR GENERAL, -DIRECTORATE",
    ]
    removed = _removed(lines)
    assert "‘NO: FOREIGN DISSEM/No DISSHM-ABROAD. |" in removed
    assert "BACKGROUND.USE ONLY = 9: -:" in removed
    assert not any("MAJOR TU" in r or "PLANNING" in r for r in removed)


def test_a_damaged_banner_over_a_telegrams_page_header_is_removed():
    # jfk-state 2018__104-10433-10178.md lines 470-481 (a State telegram's page top).
    lines = [
        "FLERE, wey Z 2 Ea",
        "i BLE, BLED CH hee RES AER 2, CBELZ, LEB £",
        "TLS F CAL, :",
        "_/ VANITED OFFICIAL USE HCF 695",
        "i PAGE 81 STATE 207764",
        "! 46",
        "ORIGIN L 23",
        "i INFO EUR 15,8CS 04,SCA 2,55 20,NSC 10,JUS 02, INR O7,CIAE a3,NSA a2,",
    ]
    assert "_/ VANITED OFFICIAL USE HCF 695" in _removed(lines)


def test_a_damaged_marking_inside_the_body_stays():
    # Synthetic: a marking-like line with body text above and below, no furniture near it and
    # no page edge: its shape alone is no evidence.
    lines = [
        "THE AMBASSADOR SAID THAT THE REPORT WOULD BE SENT TO THE DEPARTMENT AT ONCE.",
        "NO FOREIGN DISSEM TO ALL",
        "THE STATION AGREED AND ASKED FOR A COPY OF THE MINISTER'S STATEMENT TODAY.",
    ]
    text = "\n".join(lines)
    result = run([Page.from_text(1, "\n\n".join(["BODY OPENING LINE OF THE PAGE.", text, "END."]))])
    assert "NO FOREIGN DISSEM TO ALL" in result.text


def test_a_body_sentence_naming_a_marking_beside_a_banner_stays():
    # Synthetic: the sentence sits right under the page's top banner.
    lines = [
        "SECRET",
        "THE CABLE WAS MARKED NO FOREIGN DISSEM AND SENT TO THE EMBASSY AT NOON.",
        "THE MINISTER WAS NOT TOLD OF IT UNTIL THE NEXT DAY, AS THE STATION HAD ASKED.",
    ]
    result = run([Page.from_text(1, "\n\n".join(lines))])
    assert "MARKED NO FOREIGN DISSEM" in result.text


# A State telegram's page header, worn (jfk-state 2018__104-10433-10178, 1968 telegrams, dev).


def test_a_teletype_header_with_ink_after_its_date_time_group_is_one():
    # Line 70: a smudge read as "a6 | SO" after the date-time group.
    prior = match_line("PAGE 01. TEGUCI 02308 1416402 a6 | SO")
    assert prior is not None and prior.name == "teletype-page-header"


def test_a_teletype_header_with_its_page_number_worn_needs_its_place():
    # Line 905, under the page's banner (line 903): removed with it; the same header alone
    # inside a paragraph is only a medium prior.
    line = "PAGE ®Y LONDON 16017-~181340Z"
    prior = match_line(line)
    assert prior is not None and prior.name == "teletype-page-header-worn"
    assert prior.weight < 1.0
    lines = [
        "WHICH HE WAS EXTRADITED. RUSK",
        "“LIMITED OFFICIAL “USE-",
        line,
        "INFO EUR. 15, ScS 64, Sch; 02; JUS 62,PPT 62,55_ 28, NSC 1B, 880. 80, SCE 05,",
    ]
    assert line in _removed(lines)


@pytest.mark.parametrize(
    "line",
    [
        # Synthetic: a sentence about a page, and a header without its date-time group.
        "PAGE 12 OF THE REPORT 123456Z",
        "PAGE Bi STAJE 331198",
    ],
)
def test_what_is_no_worn_teletype_header(line):
    prior = match_line(line)
    assert prior is None or not prior.name.startswith("teletype")


# Release stamps' lines, damaged (jfk-state 2021 docid-32327396 page 3, docid-32340308 pages 7
# and 16, dev).


def test_the_task_force_review_stamps_damaged_lines_go_with_the_stamp():
    lines = [
        "the informant advised on that date.",
        "REVIEWED BY FBI/JFK TASK FORCE",
        "ON 9/27/97 P. B./RT",
        "FELLASE IN FULL",
        "RELEASE IN PART",
        "• TOTAL DENIAL",
        "COVER PAGE",
    ]
    removed = _removed(lines)
    assert "FELLASE IN FULL" in removed
    assert "• TOTAL DENIAL" in removed


def test_a_worn_dashed_page_number_over_the_foot_banner_goes():
    # docid-32340308 page 14: "= 7=" above the page's foot banner and NARA's footer.
    lines = [
        "since the publication of this newspaper,",
        "= 7=",
        "SECRET",
        "NW 66000",
        "Docld:32340308 Page 14",
    ]
    assert "= 7=" in _removed(lines)


# A running header with a page counter in text without page markers.

# jfk-state 2018__104-10326-10072 (a 1995 CIA cable, dev): lines 56-68 and 135-146.
CABLE = [
    "C. CIRYL ((WECHT)). MEDICAL DOCTOR AND PROFESSOR. PRESIDENT",
    "OF THE AMERICAN FORUM OF SCIENCES, MEMBER OF THE MEDICAL PANEL WHICH",
    "SECRET",
    "MHFNO: 95-1447145 SENSIND: PAGE: 2",
    "ANALYZED KENNEDY'S BODY, MEMBER OF THE DIRECTORS' COUNSEL OF THE",
    "COALITION ON POLITICAL ASSASSINATIONS (COPA) .",
    '0900 - "PARALLEL OPERATIONS: THE LETELIER AND KENNEDY CASES,"',
    "LANDAU",
    "SECRET",
    "MHFNO: 95-1447145 SENSIND: PAGE: 3",
    "\\ PLS ADVISE IF WE SHOULD PASS .OUGH",
]


def test_a_running_header_with_a_page_counter_goes():
    result = run([Page.from_text(1, "\n".join(CABLE))])
    removed = [r.text for r in result.removals]
    assert "MHFNO: 95-1447145 SENSIND: PAGE: 2" in removed
    assert "MHFNO: 95-1447145 SENSIND: PAGE: 3" in removed
    assert "COALITION ON POLITICAL ASSASSINATIONS" in result.text


def test_a_header_with_a_page_counter_once_stays():
    # Synthetic: the same line once is no running header.
    lines = [line for line in CABLE if not line.endswith("PAGE: 3")]
    result = run([Page.from_text(1, "\n".join(lines))])
    assert "MHFNO: 95-1447145 SENSIND: PAGE: 2" in result.text


def test_sentences_naming_pages_stay():
    # Synthetic: two sentences that differ only in the page they name read as sentences.
    lines = [
        "The figures for the first quarter were never published by the ministry at all.",
        "SEE THE TABLE ON PAGE 2",
        "The figures for the second quarter were never published by the ministry either.",
        "SEE THE TABLE ON PAGE 3",
        "The committee asked for both of them in its letter to the minister in April.",
    ]
    result = run([Page.from_text(1, "\n".join(lines))])
    assert "SEE THE TABLE ON PAGE 2" in result.text
    assert "SEE THE TABLE ON PAGE 3" in result.text


# OCR input with word boxes and confidences (synthetic pages, ``test_strip.page_with_rows``).


@pytest.mark.parametrize(("conf", "removed"), [(20.0, True), (91.0, False)])
def test_a_damaged_marking_in_the_top_band_goes_where_ocr_was_unsure(conf, removed):
    # "CONFI Af de _ NO FOREIGN DISSEM" (jfk-176 2022__176-10036-10103.md line 116) at a page's
    # top: with the ink words read unsure it is a damaged marking; read with confidence 91 in
    # every word, the OCR read what is printed there, and it stays.
    words = words_at("CONFI Af de _ NO FOREIGN DISSEM", 400, 120)
    words = [
        (t, x, y, w, h, conf if t in ("CONFI", "Af", "de") else 91.0) for t, x, y, w, h, _ in words
    ]
    page = page_with_rows(1, [[boxed_line(words)]], [])
    result = run([page])
    texts = [r.text for r in result.removals]
    assert ("CONFI Af de _ NO FOREIGN DISSEM" in texts) is removed


# The scan mark heads each page of a JFK text without page markers.

# jfk-state 2018__104-10433-10178.md lines 508-523: a telegram's last lines, its foot banner,
# a speck line, the next page's scan mark and heading.
PAGE_END = [
    "2. TENNESSEE AUTHORITIES WILL ANSWER PRESS QUERIES WITH SIMPLE",
    "STATEMENT THAT THEY HAVE BEEN INFORMED WEAPONS CHARGE IS",
    "NOT EXTRADITABLE OFFENSE UNDER EXTRADITION TREATY WITH GREAT",
    "BRITAIN AND THAT RAY CAN BE PROSECUTED ONLY FOR OFFENSES FOR",
    "WHICH HE WAS EXTRADITED. RUSK",
    "LIMITED OFFICIAL ust",
    ": [Reson co",
    "13-00000",
    "Depariment of Staté ......",
]


def test_a_banner_over_the_next_pages_scan_mark_ends_its_page():
    # The scan mark recurs (its evidence); a second page follows.
    lines = [*PAGE_END, "THE EMBASSY REPORTS THAT THE HEARING WAS HELD ON MONDAY.", *PAGE_END]
    removed = _removed(lines)
    assert "LIMITED OFFICIAL ust" in removed
    assert not any("RUSK" in r or "EMBASSY" in r for r in removed)


def test_a_sentence_over_the_scan_mark_stays():
    # Synthetic: a body line with no pattern at the page's end is not furniture by its place.
    lines = [
        line if line != "LIMITED OFFICIAL ust" else "LIMITED TO OFFICIAL USE." for line in PAGE_END
    ]
    result = run([Page.from_text(1, "\n\n".join([*lines, "THE EMBASSY AGREED.", *lines]))])
    assert "LIMITED TO OFFICIAL USE." in result.text


def test_a_damaged_banner_over_a_telegrams_header_past_a_speck_line_goes():
    # jfk-state 2018__104-10433-10178.md lines 201-217: the telegram form's heading, the
    # banner, a speck line, the header.
    lines = [
        'Pee Department ¢ of State "te TELEGRAM',
        "CABLE SECRETARIAT DISSEM BY FER haat Caries,",
        "MDice. CR Eve 3 : Secure 7 KE",
        "i ( a",
        "¥",
        ". i . LIMA TED OFFICTAL USE HCM957 i { :",
        "; - c",
        "PAGE @1 STATE - 181198 bad t",
        ": JM. |",
        "44 (a",
        "ORIGIN L a3 ; AY *\\",
    ]
    result = run([Page.from_text(1, "\n".join(lines))])
    removed = [r for r in result.removals if r.text.startswith(". i . LIMA TED")]
    assert removed and "over the telegram's page header" in removed[0].evidence[-1]


def test_a_marking_over_a_sentence_and_a_header_stays():
    # Synthetic: a body line between the marking and the header breaks the evidence.
    lines = [
        "THE TALKS WENT ON.",
        "LIMITED OFFICIAL ust",
        "THE AMBASSADOR REPORTED THAT THE MINISTER HAD AGREED TO MEET HIM ON MONDAY.",
        "PAGE 01 STATE 181198 141640Z",
        "THE TALKS WENT ON.",
    ]
    result = run([Page.from_text(1, "\n".join(lines))])
    assert "LIMITED OFFICIAL ust" in result.text
