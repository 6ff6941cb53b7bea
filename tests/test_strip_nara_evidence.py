"""NARA's JFK footer split or damaged by OCR, known by the document's own recurring id and case
number, and the JFK Act stamp cut at the margin (issue 14; ``pipeline.stages.strip.nara_evidence``).

In the wild unless a test says synthetic: ``bench/furniture/jfk-2022/2022__docid-32243327.md``
(noops888/jfk-files-text @55840853, the 2022 release's HSCA payroll file; dev by the
``jfk-2022`` exception in ``bench/splits.json``), read as a run reads a text file (one page: the
file has no page markers).
"""

from __future__ import annotations

from pathlib import Path

from test_strip import run
from test_strip import strip_lines as _strip

from pipeline.stages.ingest import read_text_document
from pipeline.stages.strip.nara_evidence import cut_stamp_line

PAYROLL = Path(__file__).parents[1] / "bench/furniture/jfk-2022/2022__docid-32243327.md"


def test_split_and_damaged_footers_of_the_payroll_file_go():
    result = run(read_text_document(PAYROLL))
    removed = {r.text for r in result.removals}
    lines = PAYROLL.read_text(encoding="utf-8").splitlines()
    # Every footer piece (file lines, 1-based), as labelled in bench/furniture/dev.tsv.
    for number in (152, 153, 161, 162, 170, 172, 194, 195, 209, 210, 269, 270, 275):
        assert lines[number - 1].strip() in removed, (number, lines[number - 1])
    # The letters and forms between them stay.
    for kept in ("Select Committee on Assassinations", "WASHINGTON, D.C, 20515", "MEMORANDUM"):
        assert kept in result.text
    evidence = {r.text: r.evidence for r in result.removals}
    assert "the document's id 32243327" in evidence["ocld:32243327 Page 4"][0]
    assert "NW 68261" in evidence["W 68261"][0]


def test_the_stamp_cut_at_the_margin_goes_with_its_legible_line():
    # 2022__docid-32243327.md lines 1-7.
    removed, text = _strip(
        [
            "atts ennedy Assassination",
            "ecords Collection Act of",
            "",
            "‘992 [44 USC 2107 Note}.",
            "",
            "Assassination Records Review Board",
            "Final Determination Notification",
        ]
    )
    assert removed == [
        "atts ennedy Assassination",
        "ecords Collection Act of",
        "‘992 [44 USC 2107 Note}.",
    ]
    assert "Assassination Records Review Board" in text


def test_a_cut_line_is_only_the_stamp_where_its_words_follow_the_stamp():
    # Synthetic: the Act's name whole, a cut word followed by other words, a word of the stamp.
    assert cut_stamp_line("atts ennedy Assassination")
    assert cut_stamp_line("ecords Collection Act of")
    assert not cut_stamp_line("Kennedy Assassination Records")  # whole: jfk_band's to read
    assert not cut_stamp_line("ecords of the committee were")
    assert not cut_stamp_line("ennedy")  # one word: too little to align


def test_a_cut_piece_inside_the_text_stays():
    # Synthetic: a piece that reads like the cut stamp, in a paragraph mid-page.
    lines = [
        "MEMORANDUM FOR THE RECORD",
        "",
        "The staff reviewed the files and sent them on to the",
        "ecords Collection Act of",
        "1992 office for a decision, as agreed with the Board.",
        "",
        "The next meeting is set for Tuesday.",
    ]
    removed, _text = _strip(lines)
    assert removed == []


def test_a_five_digit_number_without_the_documents_footers_stays():
    # Synthetic: "W 20515" twice over short lines, but no NARA footer line with a document id
    # anywhere: no evidence that the digits are the footer's.
    lines = [
        "House of Representatives",
        "W 20515",
        "Washington, D.C.",
        "",
        "Dear Mr. Grant:",
        "",
        "Your appointment is confirmed as of July 28, 1977.",
        "",
        "House of Representatives",
        "W 20515",
        "Washington, D.C.",
    ]
    removed, text = _strip(lines)
    assert "W 20515" not in removed
    assert text.count("W 20515") == 2


def test_the_case_number_in_a_sentence_stays():
    # Synthetic: the footers give the digits; a line that says more than the number stays.
    footer = ["NW 68261", "DocId:32243327 Page {}"]
    lines: list[str] = []
    for page in (1, 2, 3):
        lines += ["The committee's payroll record for the month was filed.", ""]
        lines += [footer[0], footer[1].format(page), ""]
    lines += ["The case file NW 68261 was closed in 1979 by the clerk.", ""]
    removed, text = _strip(lines)
    assert removed.count("NW 68261") == 3
    assert "The case file NW 68261 was closed in 1979 by the clerk." in text


def test_a_section_heading_continued_is_no_damaged_marking():
    # 2018 docid-32989641 line 2653 (jfk-more, dev): an FBI report's cover page continued, its
    # section heading under NARA's footer piece; read as "ADMINISTRATIVE - INTERNAL USE ONLY" it
    # went with the footer beside it (marking_evidence, changed for it).
    from pipeline.stages.strip.marking_evidence import read_marking

    assert read_marking("ADMINISTRATIVE: (cont'd) -") is None
    assert read_marking("ADMINISTRATIVE CONT'D") is None
