"""Furniture of CIA's 2022 and the FBI's 2025 JFK releases as OCR reads them (issue 14, session 29).

In the wild unless a test says synthetic: OCR lines of the documents held in
``bench/furniture/jfk-series`` (noops888/jfk-files-text @55840853, dev by the lead's decision,
``bench/splits.json``), each named with its file and line; the sentences around them are
synthetic. Classes: the export's title line with the file name's tail (``patterns.stamps``);
NARA's footer over three lines with its "NW" damaged (``nara_evidence``); FBI serial stamps
read "REG-", "REC 39", "EX-" (``patterns.notices.office_stamp``); CIA's no-objection stamp and
the FBI's declassification stamp a line to a line, read across a routing column, cut at the
margin, with a damaged date line (``block_evidence``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_strip_markings_evidence import strip_text

from pipeline.stages.strip.nara_evidence import cut_stamp_line
from pipeline.stages.strip.patterns.forms import form_number
from pipeline.stages.strip.patterns.match import match_line
from pipeline.stages.strip.patterns.office_stamps import office_stamp
from pipeline.stages.strip.patterns.report_form import classification_caption

# Synthetic body text.
BODY = [
    "The Prime Minister's itinerary was given to the embassy on the morning of the funeral.",
    "",
    "He will arrive in Chicago in the evening and leave for Washington the next morning.",
    "",
]


def _removed(tmp_path: Path, lines: list[str]) -> tuple[str, list[str]]:
    return strip_text(tmp_path, "\n".join(lines) + "\n")


# --- The export's title line ---------------------------------------------------------------------


def test_title_line_with_the_file_names_tail() -> None:
    # 2025 124-10276-10400 (c06716411) line 1: the title names the file, CIA's number with it.
    prior = match_line("# 124-10276-10400 (c06716411)")
    assert prior is not None and prior.name == "jfk-rif-number"
    assert match_line("# 124-10276-10400_redacted") is not None
    # Synthetic: a heading that only starts with a record number is not the title.
    assert match_line("# 124-10276-10400 (see the memo below)") is None


# --- NARA's footer over three lines ------------------------------------------------------------


def _foot(case: str, docid: str, page: int) -> list[str]:
    return [case, "", docid, "", f"Page {page}"]


def test_nara_footer_over_three_lines_with_its_nw_damaged(tmp_path: Path) -> None:
    # 2025 124-10180-10295 lines 79-83 and 219-223: "NH 50953" / "DocId:..." / "Page n", the
    # page label on a line of its own, the case number's "NW" read "NH".
    first, second = _foot("NH 50953", "DocId:32174879", 1), _foot("NH 50953", "DoeId:32174879", 2)
    text, removed = _removed(tmp_path, [*BODY, *first, "\f", *BODY, *second])
    assert removed.count("NH 50953") == 2
    assert "Chicago" in text


def test_nara_case_number_two_lines_over_the_id(tmp_path: Path) -> None:
    # 2025 124-90137-10230 lines 75-81 ("|TH 50953" / "14" / "DooId: 32337464" / "Page 1") and
    # 253-257 ("HH 50953" / "DooId:32337464" / "Page 2").
    first, second = _foot("14", "DooId: 32337464", 1), _foot("HH 50953", "DooId:32337464", 2)
    _, removed = _removed(tmp_path, [*BODY, "|TH 50953", "", *first, "\f", *BODY, *second])
    assert "|TH 50953" in removed and "HH 50953" in removed


def test_a_five_digit_number_in_a_sentence_stays(tmp_path: Path) -> None:
    # Synthetic: the document's case number inside a line of text is no footer.
    first, second = _foot("NH 50953", "DocId:32174879", 1), _foot("NH 50953", "DocId:32174879", 2)
    sentence = "Box 50953 was opened by the staff"
    text, _ = _removed(tmp_path, [*BODY, sentence, "", *first, "\f", *BODY, *second])
    assert "Box 50953 was opened by the staff" in text


# --- FBI serial stamps -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "REG- 57",  # 2025 124-10204-10004 line 157
        "REC 39",  # 2025 124-10279-10018 line 207
        "EX- 105",  # 2025 124-90137-10230 line 101
    ],
)
def test_fbi_serial_stamps_damaged(line: str) -> None:
    assert office_stamp(line) == "rec-serial"


@pytest.mark.parametrize(
    "line", ["REC 39 copies", "EX-husband", "REGION 5", "EX- 105 was sent to the field office"]
)
def test_words_like_a_serial_stamp_are_not_one(line: str) -> None:
    # Synthetic.
    assert office_stamp(line) is None


# --- Stamps a line to a line ---------------------------------------------------------------------

# 2025 124-10279-10046 lines 119-145: CIA's stamp read across the FBI's routing column.
CIA_ACROSS = [
    "SSSSS",
    "CIA HAS NO OBJECTION TO",
    "MAR 1 5 1976",
    "Inspection",
    "Intell Marti",
    "DECLASSIFICATION AND/OR,",
    "152017Z MAR 76",
    "Tit",
    "Labnratory",
    "RELEASE OF CIA INFORMATION-",
    "Plan. & Eval. -",
    "FM",
    "IN THIS DOCUMENT.",
    "ETYPE",
]


def test_cia_stamp_read_across_a_column(tmp_path: Path) -> None:
    text, removed = _removed(tmp_path, [*BODY, *CIA_ACROSS, "", *BODY])
    for line in ("CIA HAS NO OBJECTION TO", "DECLASSIFICATION AND/OR,", "IN THIS DOCUMENT."):
        assert line in removed
    assert "RELEASE OF CIA INFORMATION-" in removed
    assert "Inspection" in text  # the column's own lines are not the stamp's


def test_stamp_lines_out_of_order_across_a_column_stay_apart(tmp_path: Path) -> None:
    # Synthetic: the same lines in reverse order are no stamp read across a column.
    lines = [ln for ln in CIA_ACROSS if ln not in ("IN THIS DOCUMENT.", "CIA HAS NO OBJECTION TO")]
    text, _ = _removed(tmp_path, [*BODY, *reversed(lines), "", *BODY])
    assert "DECLASSIFICATION AND/OR," in text


def test_stamp_lines_with_sentences_between_stay_apart(tmp_path: Path) -> None:
    # Synthetic: long lines between two medium stamp lines are text, not a column read across.
    between = ["The agency has asked for the review of the files.", "It was sent on Monday."]
    text, _ = _removed(
        tmp_path, [*BODY, "DECLASSIFICATION AND/OR", *between, "RELEASE OF CIA INFORMATION", *BODY]
    )
    assert "DECLASSIFICATION AND/OR" in text


def test_stamp_line_cut_at_the_margin(tmp_path: Path) -> None:
    # 2025 124-90137-10230 lines 97-99: the stamp's first line and "DECI" ("DECL..." cut).
    _, removed = _removed(tmp_path, [*BODY, "CIA HAS NO CRIESTION TO", "", "DECI", "", *BODY])
    assert "DECI" in removed and "CIA HAS NO CRIESTION TO" in removed


FBI_STAMP = ["ALL IFORMATION CORTAISICS", "", "NERS IS UNCLASSIHIER", "", "EXCEPT WHERE SHOUG"]
FBI_ACROSS = ["AL INCORMATION CONTAINED", "SUBJECT :", "PAL OMERAN PEREZ, IGNAZIO."]
FBI_ACROSS += ["HEREN IS UNULASSIFIED", "UiS.a.", "C.", "- UASE 4-30-94 B15P", ""]


def test_fbi_stamp_a_line_to_a_line_with_its_date(tmp_path: Path) -> None:
    # 2025 124-10180-10295 lines 157-163; 124-10279-10046 lines 181-193 (its date line).
    text, removed = _removed(
        tmp_path, [*BODY, *FBI_STAMP, "", "OTHERWAR", "", *BODY, *FBI_ACROSS, *BODY]
    )
    for line in ("EXCEPT WHERE SHOUG", "OTHERWAR", "- UASE 4-30-94 B15P"):
        assert line in removed
    assert "PAL OMERAN PEREZ, IGNAZIO." in text


def test_a_date_line_alone_stays(tmp_path: Path) -> None:
    # Synthetic: a date line's shape is no stamp without the stamp's lines beside it.
    text, _ = _removed(tmp_path, [*BODY, "Date 4-30-94 received", "", *BODY])
    assert "Date 4-30-94 received" in text


# --- NARA's 2022 header wrapped at a page's top ------------------------------------------------


# 2022 104-10247-10033 lines 1-3; 2022 104-10112-10142 lines 1-7.
WRAPPED_1 = ["{2022 bs UNDER THE PRI", "ESIDENT JOHN F."]
WRAPPED_1 += ["TRE UD 1 Ui KENNEDY ASSASSINATION RECORDS ACT OF 1992 J"]
WRAPPED_2 = ["104-10112-10142} |", "", "st 2022 RELEASE UNDER THE", "", "‘aotittne PRESIDE!", ""]
WRAPPED_2 += ["ieee NT JOHN F. KENNEDY ASSASSINATION RECORDS ACT OF 1992]"]


@pytest.mark.parametrize("head", [WRAPPED_1, WRAPPED_2])
def test_release_header_wrapped_at_the_top(tmp_path: Path, head: list[str]) -> None:
    text, removed = _removed(tmp_path, [*head, "", *BODY])
    assert all(line in removed for line in head if line)
    assert "Chicago" in text


def test_a_sentence_naming_the_act_at_the_top_stays(tmp_path: Path) -> None:
    # Synthetic: the header's words with a sentence's around them, over two lines at the top.
    head = ["The 2022 release under the President John F. Kennedy Assassination", ""]
    head += ["Records Act of 1992 made public the files of the station in Mexico City."]
    text, _ = _removed(tmp_path, [*head, "", *BODY])
    assert "Records Act of 1992 made public the files" in text


# --- Form designations -------------------------------------------------------------------------


def test_designation_with_a_damaged_revision_date() -> None:
    # 2025 124-10204-10004 line 81: FD-36's revision date, "Rev." read "Rov.".
    assert form_number("FD-36 (Rov. 12-13-561") == "revision"


def test_optional_form_over_its_regulation_note(tmp_path: Path) -> None:
    # 2025 124-10180-10295 lines 95-99: Optional Form No. 10 (the FBI's memorandum form), its
    # stock number "5010-104" read "1iU00-9s", and GSA's regulation note under it.
    corner = ["OP FIONAL FORM NO. 10", "", "1iU00-9s", "", "ESA GEN. REG. NO. 27"]
    text, removed = _removed(tmp_path, [*BODY, *corner, "", "UNITED STATES GOVERNMENT", *BODY])
    assert all(line in removed for line in corner if line)
    assert "UNITED STATES GOVERNMENT" in text


def test_a_bare_designation_over_other_lines_stays(tmp_path: Path) -> None:
    # Synthetic: an inventory's form number with a line of text two lines under it.
    lines = ["FORM NO. 10", "", "1iU00-9s", "", "Sent to the field office on Monday."]
    text, _ = _removed(tmp_path, [*BODY, *lines, "", *BODY])
    assert "FORM NO. 10" in text
    # ... and the note two lines under with a long line between: no stock number, no corner.
    lines = [
        "FORM NO. 10",
        "",
        "Sent to all offices.",
        "",
        "GSA GEN. REG. NO. 27",
    ]
    text, _ = _removed(tmp_path, [*BODY, *lines, "", *BODY])
    assert "FORM NO. 10" in text


# --- A letter-spaced banner in text with page breaks -------------------------------------------


def _spaced_pages(banner: str) -> list[str]:
    # As the cable prints it: none on the identification form's page, once on the next page,
    # twice on the last, each among lines of text, away from the page's edge.
    text = BODY * 4
    once = [*text, banner, "", *text]
    return [*text, "\f", *once, "\f", *text, banner, "", *once]


def test_letter_spaced_banner_whole_recurs_in_paged_text(tmp_path: Path) -> None:
    # 2025 124-10279-10018 lines 143, 281, 311: the cable's "C-O-N-F-I-D-E-N-T-I-A-L" among its
    # head's lines and above its foot's, away from the page's edge.
    _, removed = _removed(tmp_path, _spaced_pages("C-O-N-F-I-D-E-N-T-I-A-L"))
    assert removed.count("C-O-N-F-I-D-E-N-T-I-A-L") == 3


def test_letter_spaced_banner_worn_needs_its_place_in_paged_text(tmp_path: Path) -> None:
    # Synthetic: a letter worn, the reading is a damaged one, and with page breaks its place
    # decides (``marking_evidence.marking_recurrence``).
    text, _ = _removed(tmp_path, _spaced_pages("C-O-N-F-I-D-E-N-T-I-A"))
    assert "C-O-N-F-I-D-E-N-T-I-A" in text


# --- The JFK Act stamp cut at both margins -------------------------------------------------------


def test_jfk_act_stamp_cut_at_both_margins(tmp_path: Path) -> None:
    # 2025 124-10204-10004 lines 65-75: the stamp's lines under the identification form, cut at
    # both margins, a speck glued in front of "ecords", over NARA's footer.
    stamp = ["hn F. Kennedy Assassinato", "", "tecords Collection Act of 199", "", "[R]", ""]
    _, removed = _removed(tmp_path, [*BODY, *stamp, "NW 78318 Docld:34489472 Page 1"])
    assert "hn F. Kennedy Assassinato" in removed
    assert "tecords Collection Act of 199" in removed


@pytest.mark.parametrize(
    "line",
    [
        "Records Collection Act of 1992",  # the word whole: its own letter, no speck
        "hn F. Kennedy Assassination",  # only its start cut: "hn" is too short a piece
    ],
)
def test_stamp_words_not_cut_at_the_margin(line: str) -> None:
    # Synthetic.
    assert cut_stamp_line(line) == ""


# --- A cable's continuation head: a varying part over the same marking -------------------------


def _headed(heads: list[str]) -> list[str]:
    text = BODY * 3
    out = [*text]
    for head in heads:
        out += ["\f", head, "", *text]
    return out


def test_cable_continuation_heads_by_their_marking(tmp_path: Path) -> None:
    # 2025 124-10206-10337 lines 175, 227, 277-279: each continuation page of the CIA cable in
    # the FBI's copy opens with its head read differently, the marking the same ("8.*" a speck
    # over the last).
    heads = ["PEKIRA 6389 SECRET NOFORN", "PAGE 3473- 95- 6380 SECRET NOFORN"]
    text, removed = _removed(tmp_path, _headed([*heads, "8.*\n\nPAGEARIA S38A SECRET NOFORN"]))
    assert all(h in removed for h in heads) and "PAGEARIA S38A SECRET NOFORN" in removed
    assert "Chicago" in text


@pytest.mark.parametrize(
    "heads",
    [
        ["THE 2 REPORTS ARE SECRET", "ALL 3 COPIES ARE SECRET"],  # a sentence in front
        ["PEKIRA SECRET NOFORN", "PAGEARIA SECRET NOFORN"],  # no number: no page's head
        ["PEKIRA 6389 SECRET NOFORN", "PAGE 3473 TOP SECRET"],  # two markings, once each
    ],
)
def test_lines_opening_pages_that_are_no_cable_head(tmp_path: Path, heads: list[str]) -> None:
    # Synthetic.
    text, _ = _removed(tmp_path, _headed(heads))
    assert all(h in text for h in heads)


# --- The information report's printed captions ---------------------------------------------------


def test_dissem_controls_caption_beside_the_classification_caption(tmp_path: Path) -> None:
    # 2025 124-10279-10018 lines 281-287: the report's head on its second page.
    head = ["C-O-N-F-I-D-E-N-T-I-A-L", "", "NO FOREIGN DISSEM", "", "(classification)", ""]
    _, removed = _removed(tmp_path, [*head, "_ (dissem controls)", "", *BODY])
    assert "_ (dissem controls)" in removed
    assert classification_caption("(dissem them)") is False  # synthetic: a word of the text


# --- Guards found by reading the removal diff on dev -------------------------------------------


def test_a_letters_date_beside_the_fbi_stamp_stays(tmp_path: Path) -> None:
    # 2018 docid-32989641 lines 7811-7814 (jfk-more dev): the stamp read over the letterhead,
    # the letter's date on the stamp's second line.
    lines = ["File No. ALL INFORMATION CONTAINED", "aie 15, 1975 HEREIN JS UNCLASSIFIED"]
    lines += ["a — DATELL/B3 py SP-27H [ABS"]
    text, _ = _removed(tmp_path, [*BODY, *lines, "", *BODY])
    # The date stays; since session 31 the stamp's line glued to it goes as a span
    # (``glued_stamp_evidence``), so the line is no longer kept whole.
    assert "aie 15, 1975" in text and "HEREIN JS UNCLASSIFIED" not in text


@pytest.mark.parametrize(
    ("stamp", "line"),
    [
        # 2018 docid-32989641 lines 9630-9633 (dev): the memo's "NOTE:" under the stamp.
        (["HERBINIS UNCLASSIF] .", "spTien eo DATE BY Apasalh", "(4)"], "NOTE:"),
        # 2021 docid-32340308 page 8 (jfk-state dev): a form's "Date" caption, no cut word.
        (["ALL INFORMATION CONTAINED", "HEREIN IS UNCLASSIFIED", "Report of:"], "•Dates"),
    ],
)
def test_words_under_a_stamp_that_are_no_cut_line_of_it(
    tmp_path: Path, stamp: list[str], line: str
) -> None:
    text, _ = _removed(tmp_path, [*BODY, *stamp, line, "Above based on the request of the", *BODY])
    assert line in text


def test_a_short_word_beside_a_banner_is_no_cut_cover_sheet_caption(tmp_path: Path) -> None:
    # 2018 104-10178-10001 lines 2303-2307 (jfk-more dev): "Secu" of a worn line of text next
    # to a banner; the cover sheet's caption needs its words nearly whole (``Block.low``).
    lines = ["IY VIA CUSTA RICAN EMBASSY, WASHINGTON), OER", "Secu", ": SECRET"]
    text, _ = _removed(tmp_path, [*BODY, *lines, "", *BODY])
    assert "Secu" in text


def test_ex_numbers_outside_the_fbi_stamps_range() -> None:
    # 2018 104-10063-10006 line 6 (dev): "EX-989" in a CIA form's corner.
    assert office_stamp("EX-989") is None


def test_nara_footer_half_over_its_labelled_line_once(tmp_path: Path) -> None:
    # 2025 124-10180-10295 lines 219-223 as a 120-line excerpt holds them: one footer only.
    _, removed = _removed(tmp_path, [*BODY, *_foot("NH 50953", "DoeId:32174879", 2)])
    assert "NH 50953" in removed


def test_text_over_a_single_footer_line_stays(tmp_path: Path) -> None:
    # Synthetic: the case number's digits in a line of text over the footer.
    text, _ = _removed(tmp_path, [*BODY, *_foot("Box 50953 opened", "DoeId:32174879", 2)])
    assert "Box 50953 opened" in text
