"""A stamp's line run into a line of text beside it (issue 14, session 31): the stamp's words go
as a span, the text stays (``pipeline.stages.strip.glued_stamp_evidence``).

In the wild: each test names its dev file and lines (NARA JFK releases, noops888/jfk-files-text
@55840853, held in ``bench/furniture/<folder>/``); the texts around them are cut down or
synthetic, as each test says. Every guard has a case that fails without it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_strip_markings_evidence import strip_text

from pipeline.lexicon import Lexicon
from pipeline.stages.ingest import read_text_document
from pipeline.stages.strip import StripConfig, strip
from pipeline.stages.strip import glued_stamp_evidence as glued

ROOT = Path(__file__).resolve().parents[1]

# 2018 docid-32989641 lines 10653-10714 (jfk-more dev), cut down: the FBI's declassification
# stamp's three lines read into a letter's address block, line by line.
ADDRESS = (
    "Los Angeles, California 90024\n\n"
    "June 5, 1973\n\n"
    "District Director ALL INFORMATION CONTAINED\n"
    "Internal Revenue Service HERBIN |S UNCLASSIFIED: :\n"
    "Post Office Box 391 DATE iarem BY LAA\n"
    "Los Angeles, California 90053\n\n"
    "Dear Sir:\n\n"
    "Reference is made to your letter of May 21, 1973, in which you asked for the\n"
    "records of the investigation described there, and to our reply of last week.\n"
)


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load(ROOT / "dictionaries")


def test_the_stamps_lines_go_from_an_address_block_and_the_address_stays(tmp_path: Path) -> None:
    kept, removed = strip_text(tmp_path, ADDRESS)
    assert removed == ["ALL INFORMATION CONTAINED", "HERBIN |S UNCLASSIFIED:", "DATE iarem BY LAA"]
    for line in ("District Director", "Internal Revenue Service", "Post Office Box 391"):
        assert line in kept
    assert "INFORMATION" not in kept and "iarem" not in kept


def test_one_glued_line_alone_is_no_stamp(tmp_path: Path) -> None:
    # Synthetic, from the block above: only the first of the stamp's lines, nothing of the
    # stamp beside it, is a line of text that ends in those words.
    text = ADDRESS.replace(" HERBIN |S UNCLASSIFIED: :", "").replace(" DATE iarem BY LAA", "")
    assert "District Director ALL INFORMATION CONTAINED" in strip_text(tmp_path, text)[0]


def test_a_piece_beside_the_whole_stamp_line_goes(tmp_path: Path) -> None:
    # 2022 104-10112-10142 lines 12-17 (jfk-series dev): CIA's handling stamp, two lines of
    # its own and its third read into the memo's FROM line.
    text = (
        "TO : File DATE: 22 March 1961\n"
        "RETURN TO CIA\n"
        "Background Use Only\n\n"
        "FROM : Alien Affairs Officer Do Not Reproduce\n\n"
        "SUBJECT: CONTI Aguero, Luis Ernesto\n\n"
        "1. Mr. Roy Wade, State Visa Office, called me this morning concerning the\n"
        "subject. He stated that they have had this fellow before on another matter.\n"
    )
    kept, removed = strip_text(tmp_path, text)
    assert "Do Not Reproduce" in removed and "FROM : Alien Affairs Officer" in kept
    assert "TO : File DATE: 22 March 1961" in kept


def test_a_sentence_that_ends_in_the_stamps_words_stays_beside_the_stamp(tmp_path: Path) -> None:
    # Synthetic: the whole stamp a line above, a sentence whose last words read near one of
    # its lines ("THE INFORMATION CONTAINED", "FYI: INFORMATION CONTAINED ..."): they do not
    # open as the stamp's line does (``_opens``).
    text = (
        "ALL INFORMATION CONTAINED\n"
        "HEREIN IS UNCLASSIFIED\n"
        "THE BUREAU WILL SEND IN TWO WEEKS THE INFORMATION CONTAINED\n"
        "FYI: INFORMATION CONTAINED IN REFERENCE IS BEING PROVIDED\n"
        "IN THE REPORT OF THE NEW YORK OFFICE DATED JANUARY 3, 1967.\n"
    )
    kept = strip_text(tmp_path, text)[0]
    assert "THE BUREAU WILL SEND IN TWO WEEKS THE INFORMATION CONTAINED" in kept
    assert "FYI: INFORMATION CONTAINED IN REFERENCE" in kept
    assert glued._opens("FALL INFORMATION CONTAINED", "ALL INFORMATION CONTAINED")
    assert not glued._opens("FYI: INFORMATION CONTAINED", "ALL INFORMATION CONTAINED")


def test_a_word_glued_in_front_of_a_stamp_line_read_whole_stays(tmp_path: Path, lexicon) -> None:
    # 2018 docid-32989641 lines 9627-9631 (jfk-more dev): a teletype's END and the stamp's
    # first line read as one line, which the whole-line reading took for the stamp; the word
    # is known to the lexicon, so the stamp's words go and END stays.
    text = (
        "ASSIGNED TO YOUR OFFICE, SO STATE.\n\n"
        "END ALL INFORMATION CONTAINED\n"
        "HERBINIS UNCLASSIF] .\n"
        "spTien eo DATE BY Apasalh\n"
    )
    kept, removed = strip_text(tmp_path, text, lexicon)
    assert "ALL INFORMATION CONTAINED" in removed and "END" in kept.split()
    # Without a lexicon the word cannot be told from the stamp's ink: the line goes whole.
    kept, removed = strip_text(tmp_path, text)
    assert "END ALL INFORMATION CONTAINED" in removed


def test_a_stamp_line_cut_at_the_margin_is_read_as_far_as_it_goes() -> None:
    # 2018 docid-32989641 line 10712 (jfk-more dev) has "HEREIN IS UNCLASSIFI" at the line's
    # end; cut shorter here (synthetic), it reads whole only against as much of the line.
    block = next(b for b in glued.BLOCKS if "HEREIN IS UNCLASSIFIED" in b.lines)
    assert glued._reading("HEREIN IS UNCL", block, True)[0] == 100
    assert glued._reading("HEREIN IS UNCL", block, False)[0] < glued.GLUED


def test_a_short_piece_is_never_a_stamps_line() -> None:
    # Synthetic: "OTHERWISE", a line of the FBI stamp, is a word many sentences end in.
    block = next(b for b in glued.BLOCKS if "OTHERWISE" in b.lines)
    assert glued._reading("otherwise", block, True) == (0.0, -1)


def test_two_lines_glued_with_the_same_stamp_line_are_no_block(tmp_path: Path) -> None:
    # Synthetic, from ADDRESS: the stamp is its different lines; two lines that end in the
    # same one of them vouch for nothing.
    text = ADDRESS.replace("HERBIN |S UNCLASSIFIED: :", "ALL INFORMATION CONTAINED")
    text = text.replace(" DATE iarem BY LAA", "")
    kept = strip_text(tmp_path, text)[0]
    assert "District Director ALL INFORMATION CONTAINED" in kept
    assert "Internal Revenue Service ALL INFORMATION CONTAINED" in kept


@pytest.mark.parametrize(
    "stamp",
    [
        # 2025 124-10180-10295 lines 123-129 (jfk-series dev): CIA's release stamp, its last two
        # lines read as one ("IN THIS DOCUMENT" / "AS SANITIZED"): the rest of the line beside
        # the piece is the stamp's other line (``_stampish``), so the line goes whole.
        "CIA HAS NO OBJECTION TO\nDECLASOR CATION AND/OR,\nRELEASE OF CIA INFORMATION\n"
        "IN THIS DOCUMENTS SANITIZED.\n",
        # 2025 104-10106-10217 lines 15-19 (jfk-recent dev): CIA's handling stamp with its ink
        # read as words in front ("JuD RE us"): not words cased as words are (``_known``).
        "SWAS ONE\n\nJuD RE us Background Use Only\n\n•Do Not Reproduce\n",
        # 2018 104-10161-10093 lines 79-81 (jfk-more dev): "RET" is English, but a rare word
        # (``COMMON``), and "Sete ea" is none: the stamp's ink.
        "EMPHATICALLY DENIED THIS REPORT,\n\nRET RETURN TO CIA\nSete ea Background Use Only\n"
        "Do Not Reproduce\n",
        # 2018 180-10145-10347 line 566 (unlabelled dev release): the stamp's line with the
        # page's banner beside it, itself furniture (``match_line``): the line goes whole.
        "EMPHATICALLY DENIED THIS REPORT,\n\nRETURN TO CIA\nBackground Use Only SECRET\n"
        "Do Not Reproduce\n",
    ],
)
def test_a_stamp_line_with_the_stamps_own_rest_goes_whole(tmp_path, lexicon, stamp) -> None:
    text = stamp + (
        "\nReBulet to CIA dated 9/30/63 and Paris cable dated October 2, 1963, which\n"
        "reported the arrival of the subject in the city on the first of the month.\n"
    )
    last = stamp.strip().split("\n")[-1]
    starts = ("IN THIS", "JuD RE us Background", "RET RETURN", "Background Use Only SECRET")
    glued_line = next(t for t in starts if t in stamp)
    removed = strip_text(tmp_path, text, lexicon)[1]
    assert any(r.startswith(glued_line) for r in removed), (removed, last)


def test_a_line_with_a_word_of_the_stamp_line_missing_is_text(tmp_path: Path, lexicon) -> None:
    # 2025 104-10063-10160 lines 67-75 (jfk-recent dev): CIA's handling stamp whole, then the
    # cable's own first line, "FYI AND BACKGROUND ONLY :", whose last words read near the
    # stamp's "BACKGROUND USE ONLY" but lack its "USE" (``WHOLE``): the cable's text stays.
    text = (
        "RETURN TO CIA\n\nBackground Use Only\n\nDo Not Reproduce\n\n"
        "FYI AND BACKGROUND ONLY :\n\nGEORGE LORENZO MATTHEWS ALSO KNOWN AS\n"
    )
    assert "FYI AND BACKGROUND ONLY" in strip_text(tmp_path, text, lexicon)[0]
    # 2021 docid-32327396 line 463 (jfk-state dev): one word read as a cut stamp line's start.
    block = next(b for b in glued.BLOCKS if "DECLASSIFICATION AND/OR" in b.lines)
    assert glued._reading("grading ana declassification", block, True)[0] < glued.MATE
    assert glued._reading("declassification", block, True)[0] < glued.MATE


def test_the_evidence_names_the_end_a_piece_was_glued_to(tmp_path: Path) -> None:
    # Synthetic, from ADDRESS: the stamp's first line read at the start of its line after a
    # speck ("|"), passed over as debris; its evidence said "the line's end" (session 31
    # review: any character before the piece counted, debris too).
    text = ADDRESS.replace(
        "District Director ALL INFORMATION CONTAINED",
        "| ALL INFORMATION CONTAINED District Director",
    )
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    removals = strip(read_text_document(path), StripConfig()).removals
    where = {r.text: r.evidence[0].rsplit(" ", 1)[-1] for r in removals}
    assert where == {
        "ALL INFORMATION CONTAINED": "start",
        "HERBIN |S UNCLASSIFIED:": "end",
        "DATE iarem BY LAA": "end",
    }


@pytest.mark.parametrize(
    ("line", "stamp", "kept"),
    [
        # The date line as 2025 0318 124-10279-10018 line 167 (jfk-series dev) prints it, read
        # at the start of the address block's line: its initials went with it.
        (
            "DATE 1-18-95 BY 5668 SD/SADN Post Office Box 391",
            "DATE 1-18-95 BY 5668 SD/SADN",
            "Post Office Box 391",
        ),
        ("DATE 5-3-94 BY SP2 ALM Mr. Hoover", "DATE 5-3-94 BY SP2 ALM", "Mr. Hoover"),
        # A common word after the code is the text's (guard: "TO" is shaped as initials).
        (
            "DATE 1-18-95 BY 5668 TO Post Office Box 391",
            "DATE 1-18-95 BY 5668",
            "TO Post Office Box 391",
        ),
    ],
)
def test_a_date_line_at_a_lines_start_takes_the_stamps_initials(
    tmp_path: Path, lexicon, line: str, stamp: str, kept: str
) -> None:
    # Synthetic, from ADDRESS (the stamp's date line read at the start of its line, not the
    # end): the shortest reading of the date line's shape left the agent's initials.
    text = ADDRESS.replace("Post Office Box 391 DATE iarem BY LAA", line)
    kept_text, removed = strip_text(tmp_path, text, lexicon)
    assert removed[-1] == stamp
    assert kept in kept_text
