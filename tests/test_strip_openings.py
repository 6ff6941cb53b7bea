"""Furniture at a JFK document's opening and the pages right after it (issue 14, session 30).

In the wild: the lines come from ``bench/furniture/jfk-opening`` (noops888/jfk-files-text
@55840853, dev by the lead's exception in ``bench/splits.json``: documents whose first prose
line is near the top), each test naming its file and lines; the texts around them are cut down
or synthetic, as each test says. Every guard has a case that fails without it.
"""

from __future__ import annotations

from pathlib import Path

from test_strip_markings_evidence import strip_text

from pipeline.stages.strip.patterns.match import find_spans, match_line
from pipeline.stages.strip.patterns.office_stamps import office_stamp

FOOTER_PAGE = (
    "and back shot. He did not think there was anyone else in the picture\n"
    "files, pictures or would keep highly sensitive material in a special\n\n"
    "Dw 50955 Docid:32263528 Page 2\n\n\n"
    "600262\n\n"
    "{label}\n\n"
    "place. Mr. Watson answered that it would not surprise him if Win\n"
    "Scott had destroyed some files and pictures, He also stated that Scott\n"
)


def test_a_memos_small_page_label_under_the_footer_and_a_stamped_number_goes(
    tmp_path: Path,
) -> None:
    # 2022 180-10110-10123 lines 63-77 (jfk-opening dev): NARA's footer ends a page, a number
    # stamped at the next page's top, then the memo's own "page 2".
    kept, removed = strip_text(tmp_path, FOOTER_PAGE.format(label="page 2"))
    assert "page 2" in removed and "page 2" not in kept
    assert "600262" in kept  # the stamped number is not labelled: left to the reader


def test_a_small_page_label_needs_its_place(tmp_path: Path) -> None:
    # Synthetic: a sentence wrapped before its "page 2." in mid-page stays.
    text = (
        "The report gives the names of the officers who met him, as stated on\n"
        "page 2.\n"
        "He did not think there was anyone else in the picture at the time and\n"
        "thought that it was of Oswald. He could not recall what was on the tape.\n"
    )
    assert "page 2." in strip_text(tmp_path, text)[0]
    assert match_line("page 2") is not None and match_line("pages 2 and 3") is None


def test_the_footer_is_a_page_edge_only_read_whole(tmp_path: Path) -> None:
    # Synthetic, from the page above: a footer without its page field is no page break, so the
    # small label under it (behind the stamped number) stays.
    text = FOOTER_PAGE.format(label="page 2").replace(" Page 2\n", "\n")
    assert "page 2" in strip_text(tmp_path, text)[0]


def test_the_jfk_stamps_citation_with_the_year_cut_at_the_margin_goes_whole() -> None:
    # 2022 docid-32243328 line 6 (jfk-opening dev): the stamp's lines cut at the left margin
    # ("ennedy Assassination", "cords Collection Act of"), the year's "1" lost with them.
    line = "Sopa 992 (44 USC 2107 Note),"
    assert [(h.start, h.name) for h in find_spans(line)] == [(0, "jfk-nara-release")]
    # A year in a sentence is no margin's speck: the sentence's words stay.
    hits = find_spans("He cited 92 (44 USC 2107 Note)")
    assert hits and hits[0].start > len("He cited")


def test_a_rec_serial_with_the_stamps_ink_read_in_front_is_a_stamp() -> None:
    # 2022 124-10072-10413 line 78 (jfk-opening dev): the FBI's "REC-" stamp read twice.
    prior = match_line("BEC - Fei REC- 12 yy 016")
    assert prior is not None and prior.name == "office-stamp"
    # Words in small letters in front make a sentence's, not ink.
    assert office_stamp("see REC- 12") is None and office_stamp("per REC-12") is None
