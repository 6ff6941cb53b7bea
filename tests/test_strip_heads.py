"""Furniture in a JFK document's long first-page head (issue 14, session 35, helper heads).

In the wild: the lines come from ``bench/furniture/jfk-heads`` (noops888/jfk-files-text
@55840853, 2018 and 2021 releases, dev by release year: documents whose first prose line is
line 16-45), each test naming its file and lines; the texts around them are cut down or
synthetic, as each test says. Every guard has a case that fails without it.
"""

from __future__ import annotations

from pathlib import Path

from test_strip_markings_evidence import strip_text

from pipeline.stages.strip.patterns.forms import printed_line
from pipeline.stages.strip.patterns.match import match_line

# 2018 docid-32330661 lines 28-50 (jfk-heads dev), cut down: NARA's identification form ends,
# the 2017-2021 JFK Act stamp wrapped over seven lines (". Kennedy" alone, the case field's "C"
# cut at the margin, its date on a line of its own), the footer, the record's first lines.
JFK_STAMP = (
    "COMMENTS : RPT\n\n"
    "Released under the John\n\n"
    ". Kennedy\n\n"
    "Assassination Records\n"
    "\u2018ollection Act of 1992\n\n"
    "(44 USC 2107 Note).\n"
    "ase#:NW 56792 Date:\n"
    "p4-09-2013\n\n"
    "v9.1\n\n"
    "| NW 56792 Docld:32330661 Page 1\n\n\n"
    "DL 166-102\n\n"
    "On 1/26/67, by communication of that date, the\n"
    "Oklahoma City Office furnished the following information:\n\n"
    "On 11/25/66, OC CS 489-C advised SA CLARK S, MILLER\n"
    "that telephone No. CE 9-9461 is a. nonpublished number listed\n"
)


def test_the_jfk_stamps_wrapped_pieces_and_its_date_go(tmp_path: Path) -> None:
    kept, removed = strip_text(tmp_path, JFK_STAMP)
    for piece in (". Kennedy", "ase#:NW 56792 Date:", "p4-09-2013"):
        assert piece in removed, piece
    assert "furnished the following information" in kept
    assert "v9.1" in kept  # the identification form's version: unlabelled, left


def test_a_date_or_a_word_of_the_stamp_away_from_it_stays(tmp_path: Path) -> None:
    # Synthetic: the same words in a memo with no stamp.
    text = (
        "MEMORANDUM FOR THE RECORD\n\n"
        "The interview was held at the office of Senator\n\n"
        ". Kennedy\n\n"
        "on the date below, and notes were made by the staff.\n"
        "p4-09-2013\n\n"
        "The notes were filed with the committee on the next day.\n"
    )
    kept, _ = strip_text(tmp_path, text)
    assert ". Kennedy" in kept and "p4-09-2013" in kept


def test_the_stamps_date_needs_the_field_above_it(tmp_path: Path) -> None:
    # Cut down from JFK_STAMP: the date line with the case field's line gone stays (a date
    # alone beside the stamp may be the record's).
    kept, _ = strip_text(tmp_path, JFK_STAMP.replace("ase#:NW 56792 Date:\n", ""))
    assert "p4-09-2013" in kept


def test_stamp_date_value_allows_one_misread_digit() -> None:
    from pipeline.stages.strip.stamp_piece_evidence import stamp_date_value

    assert stamp_date_value("p4-09-2013") and stamp_date_value("04-09-2013")
    assert stamp_date_value("4-06-2018")  # the first cut at the margin (2018 docid-32293695)
    assert not stamp_date_value("pa-09-2013")  # two misread
    assert not stamp_date_value("p-09-2013")  # one cut, one misread
    assert not stamp_date_value("1963")


def test_a_record_number_cut_at_the_margin_is_the_rif_number() -> None:
    # 2018 104-10110-10269 line 1 (jfk-heads dev): "04-10110-10289", the first digit lost.
    prior = match_line("04-10110-10289")
    assert prior is not None and prior.name == "jfk-rif-number"
    assert match_line("10110-10289") is None or match_line("10110-10289").name != "jfk-rif-number"


def test_a_printed_instruction_cut_at_the_margin() -> None:
    # 2018 104-10103-10142 line 3 (jfk-heads dev): an Official Routing Slip's "SENDER WILL"
    # lost at the left margin.
    line = "\\, CHECK CLASSI. _ATION TOP AND BOTTOM"
    assert printed_line(line) == "SENDER WILL CHECK CLASSIFICATION TOP AND BOTTOM"
    # Synthetic guards: a short stretch, or one from the middle, may be a sentence's.
    assert printed_line("RETURN TO SENDER") is None
    assert printed_line("CHECK CLASSIFICATION TOP AND") is None
    assert printed_line("He will check the classification at the top and bottom") is None


# 2018 104-10145-10418 lines 40-56 (jfk-heads dev), cut down: a page's foot with CIA's handling
# stamp between two damaged CONFIDENTIAL banners carrying specks of ink, the next page's text.
SPECKED = (
    "representatives. Other than these few references the balance of the history\n\n"
    "deals with operational and management developments over a year\n\n"
    "emeuTi 2232/\n"
    "{foot}\n"
    ". Background Use Only\n\n"
    "(Do Net Reproduce 0\n\n\n"
    "( \u2018GONFIRERTIAL \u00ab=\n\n"
    "period unrelated to the objective of your inquiry. In its entirety it\n"
    "constitutes a highly sensitive collection of information that should\n"
)


def test_a_specked_damaged_level_beside_the_handling_stamp_goes(tmp_path: Path, lexicon) -> None:
    kept, removed = strip_text(tmp_path, SPECKED.format(foot="CORRDENTIAL croanvo cn"), lexicon)
    assert "CORRDENTIAL croanvo cn" in removed and "( \u2018GONFIRERTIAL \u00ab=" in removed
    assert "period unrelated to the objective" in kept


def test_a_specked_level_needs_the_stamp_and_specks_that_are_no_words(
    tmp_path: Path, lexicon
) -> None:
    # Synthetic: with a word beside it ("report") it is a line of text; without the stamp the
    # specks leave it doubtful.
    kept, _ = strip_text(tmp_path, SPECKED.format(foot="CORRDENTIAL report"), lexicon)
    assert "CORRDENTIAL report" in kept
    no_stamp = SPECKED.replace(". Background Use Only\n\n(Do Net Reproduce 0\n", "text goes on\n")
    kept, _ = strip_text(tmp_path, no_stamp.format(foot="CORRDENTIAL croanvo cn"), lexicon)
    assert "CORRDENTIAL croanvo cn" in kept


def test_the_acts_name_under_the_stamp_alone_stays(tmp_path: Path) -> None:
    # Synthetic guard: "Kennedy Assassination" right under the stamp's last line, with no stamp
    # line below it, may be the record's heading.
    text = (
        "Released under the John F. Kennedy\n"
        "Assassination Records Collection Act of\n"
        "1992 (44 USC 2107 Note). Case#:NW 66000 Date: 11-01-2021\n\n"
        "Kennedy Assassination\n\n"
        "The committee met on the morning of the fourth to hear the witnesses.\n"
    )
    kept, _ = strip_text(tmp_path, text)
    assert "Kennedy Assassination\n" in kept or kept.startswith("Kennedy Assassination")
