"""A report form's page head damaged past the caption and marking readers, and a bare form
designation printed again over its form's title (issue 14, session 27).

In the wild unless a test says synthetic: OCR lines of NARA JFK releases (noops888/jfk-files-text
@55840853; dev: the ``jfk-176``, ``jfk-recent`` and ``jfk-more`` documents held in
``bench/furniture/``), each named with its file and line. Documents are built in the releases'
markdown export form ("## Page N", "---"), or as text without page markers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_strip_markings_evidence import strip_export, strip_text

from pipeline.stages.strip.marking_evidence import read_marking
from pipeline.stages.strip.report_head_evidence import read_head

SENTENCE = "The station reported that the meeting was held in the capital on Tuesday."
OTHER = "The ambassador asked for a copy of the minister's statement that evening."
# 2022 176-10036-10147 line 81 (jfk-176 dev): the report form's printed caption, read.
CAPTION = "‘CLASSIFICATION, — DISSEMINATION:CONTI"


def _strip(tmp_path: Path, pages: list[list[str]]) -> tuple[str, list[str]]:
    return strip_export(tmp_path, pages, record="176-00000-00000")


def _text(tmp_path: Path, lines: list[str]) -> tuple[str, list[str]]:
    return strip_text(tmp_path, "\n".join(lines) + "\n")


# --- Reading a damaged head line ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "words"),
    [
        # 2022 176-10036-10147 line 33 (jfk-176 dev): the typed SECRET and NO FOREIGN DISSEM run
        # into the caption's "CONTROLS".
        ("Ss E Cc R E T ns ry FOREN | it CONTROLS", {"SECRET", "FOREIGN", "CONTROLS"}),
        # Line 83: NO FOREIGN DISSEM under the caption.
        ("STN FOREDEN DISSE: :", {"FOREIGN", "DISSEM"}),
        # 2023 104-10171-10171 line 175 (jfk-recent dev): the caption itself.
        (
            "QASSANCATION - DECUMMLATION CONTRONS",
            {"CLASSIFICATION", "DISSEMINATION", "CONTROLS"},
        ),
    ],
)
def test_a_head_line_damaged_past_the_readers_is_read_word_by_word(line, words):
    reading = read_head(line)
    assert reading is not None and set(reading.words) == words
    # ... which the marking reader, judging a line of any document, does not read.
    assert read_marking(line) is None


@pytest.mark.parametrize(
    "line",
    [
        # Synthetic: sentences and headings with the head's words in them.
        "THE CONTROLS ON FOREIGN TRADE",
        "FOREIGN SECRET SERVICE",
        "CONTROL OF FOREIGN",
        "SECRET",
        # 2022 176-10036-10147 line 39 (jfk-176 dev): the form's first field row.
        "COUNTRY SOUTH ‘VIETNAM NORTH -VIETNAM REPORT NO. “Toes « oB- ~3/656,527",
        # 2022 176-10036-10135 line 125 (jfk-176 dev): the form's title on a continuation page
        # ("CONTINUATION OF TDCS INFORMATION REPORT"), the record's as a form's title is.
        "~r%@{INUATION.-OF TOCS INFORMATION REPO[ ©",
        # Synthetic: the report's number beside the marking is the record's.
        "SECRET NO FOREIGN DISSEM TDCS 3/656,527",
    ],
)
def test_what_is_no_head_line(line):
    assert read_head(line) is None


@pytest.mark.xfail(strict=True, reason="damaged past the head's words (issue 14)")
def test_known_unread_head_line():
    # 2022 176-10036-10147 line 84 (jfk-176 dev), under line 83: "DSS AAD NUE" is too far from
    # NO DISSEM ABROAD, or whatever was typed, for any reading.
    assert read_head("SECRET © DSS AAD NUE") is not None


# --- In the document ---------------------------------------------------------------------------


def _report(head: str) -> list[list[str]]:
    """Three pages of an information report (synthetic body), the damaged ``head`` line under
    the caption at page 2's head (2022 176-10036-10147 lines 81-83, jfk-176 dev)."""
    return [
        [CAPTION, "SECRET", SENTENCE, OTHER],
        [CAPTION, head, SENTENCE, OTHER],
        [SENTENCE, OTHER, CAPTION],
    ]


def test_a_damaged_head_line_beside_the_caption_goes(tmp_path):
    text, removed = _strip(tmp_path, _report("STN FOREDEN DISSE: :"))
    assert "STN FOREDEN DISSE: :" in removed
    assert SENTENCE in text and OTHER in text


def test_without_the_report_form_the_line_stays(tmp_path):
    # Synthetic: the same line in a document that prints no report caption is not read.
    pages = [
        ["SECRET", SENTENCE, OTHER],
        ["STN FOREDEN DISSE: :", SENTENCE, OTHER],
        [SENTENCE, OTHER],
    ]
    text, _ = _strip(tmp_path, pages)
    assert "STN FOREDEN DISSE: :" in text


def test_a_head_line_mid_page_stays(tmp_path):
    # Synthetic: read as the head's words, but in the middle of a page's text: no place.
    pages = _report("SECRET")
    pages[1] = [CAPTION, SENTENCE, "STN FOREDEN DISSE: :", OTHER, SENTENCE]
    text, _ = _strip(tmp_path, pages)
    assert "STN FOREDEN DISSE: :" in text


# --- A bare designation printed again over its form's title ------------------------------------

# 2018 docid-32989712 lines 8809-8814, 10043-10048, 11868-11873 (jfk-more dev): an FBI
# informant file's copies of Form FD-87, its number in the corner over its title.
FD87 = [
    ("FD-87", "@ crranation OF CHARGE FOR 1 @as ion", "(Name of Office) (ate)"),
    ("¥FD-37", "EXPLANATION OF CHARGE FOR INFORMATION", "Kansas City, Mo, 5/19/54"),
    ("FD-87", "eee @ervanarion OF CHARGE FOR neo i0x", "(Name of Office Date)"),
]


def test_a_bare_designation_over_its_form_title_printed_again_goes(tmp_path):
    lines: list[str] = []
    for number, title, field in FD87:
        lines += [SENTENCE, OTHER, "", number, "", title, "", field, ""]
    text, removed = _text(tmp_path, lines)
    assert removed.count("FD-87") == 2 and "¥FD-37" in removed
    assert "EXPLANATION OF CHARGE FOR INFORMATION" in text


def test_an_inventory_of_forms_by_number_stays(tmp_path):
    # Synthetic, in the shape of 2021 docid-32177405 pages 5-7 (dev): a file's inventory lists
    # its serials by form, a different entry under each.
    lines = [
        SENTENCE,
        "FD-302",
        "Interview of the witness at his home in Dallas",
        "FD-302",
        "Report of the agent on the search of the depository",
        OTHER,
    ]
    text, _ = _text(tmp_path, lines)
    assert text.count("FD-302") == 2


def test_one_bare_designation_alone_stays(tmp_path):
    # Synthetic: the form printed once is no repetition; a bare number says too little.
    number, title, field = FD87[1]
    text, _ = _text(tmp_path, [SENTENCE, "", number, "", title, "", field, "", OTHER])
    assert number in text
