"""A block of lines recurring a page apart in text without page breaks, and the page numbers at
the boundaries it marks (issue 14; ``pipeline.stages.strip.recurring_block``).

In the wild: ``bench/furniture/jfk-2022/2022__104-10330-10057.md`` (noops888/jfk-files-text
@55840853, the Review Board's 1996 hearing transcript; dev by the ``jfk-2022`` exception in
``bench/splits.json``), read as a run reads a text file (one page: no page markers). The other
cases are synthetic and say so: the guards against body text that repeats.
"""

from __future__ import annotations

from pathlib import Path

from test_strip import run
from test_strip import strip_lines as _strip

from pipeline.stages.ingest import read_text_document
from pipeline.stages.strip.recurring_block import line_key

HEARING = Path(__file__).parents[1] / "bench/furniture/jfk-2022/2022__104-10330-10057.md"


def test_the_court_reporters_footer_goes_on_every_page_of_the_hearing():
    result = run(read_text_document(HEARING))
    lines = HEARING.read_text(encoding="utf-8").splitlines()
    removed = {(r.line, r.text) for r in result.removals}
    footer_lines = [i for i, t in enumerate(lines) if t.strip().startswith("MILLER REPORTING")]
    assert len(footer_lines) == 17
    for first in footer_lines:
        for i in range(first, first + 4):  # its four lines, OCR damage and all ("S07", "S46")
            assert (i, lines[i]) in removed, (i + 1, lines[i])
    # The page numbers beside it that no other evidence took: "21." under the next page's scan
    # mark, "34" and "36" under the footer (file lines 101, 639, 717).
    for number in (101, 639, 717):
        assert (number - 1, lines[number - 1]) in removed, lines[number - 1]
    for kept in (
        "CHAIRMAN TUNHEIM: Thank you very much,",
        "for some reason or other, there was a means for",
        "MR. PEREIRA: There was an arrangement",
    ):
        assert kept in result.text
    evidence = next(r.evidence for r in result.removals if r.text == "S07 C STREET, N.E.")
    assert any("a block of 4 lines recurring 17 times" in e for e in evidence)


def test_lines_compare_with_digits_masked_and_marks_dropped():
    assert line_key("WASHINGTON, D.C. .20002") == line_key("Washington, D.C. 20515")
    assert line_key("(202) 546-6666") == line_key("(202) 724-0088")


def _pages(body: list[list[str]], block: list[str], numbers: bool = True) -> list[str]:
    """Synthetic pages: each page's body, a blank line, the block, a blank line, the next
    page's number (``numbers``)."""
    out: list[str] = []
    for k, page in enumerate(body, start=1):
        out += [*page, "", *block, ""]
        if numbers:
            out += [str(k + 1), ""]
    return out


def _body(k: int, n: int = 12) -> list[str]:
    return [
        f"The witness answered question {k}.{i} about the records and the files." for i in range(n)
    ]


def test_a_firms_footer_with_page_numbers_goes():
    # Synthetic: a transcript's footer with no scan marks, only its page numbers beside it.
    block = ["ACME STENOGRAPHY LTD.", "12 HIGH STREET", "SPRINGFIELD 01103"]
    lines = _pages([_body(k) for k in range(5)], block)
    removed, text = _strip(lines)
    assert removed.count("ACME STENOGRAPHY LTD.") == 5
    assert removed.count("SPRINGFIELD 01103") == 5
    assert [r for r in removed if r.isdigit()] == ["2", "3", "4", "5", "6"]
    assert "The witness answered question 4.11" in text


def test_a_quotation_repeated_in_the_text_stays():
    # Synthetic: a short quoted passage the text prints three times, a page apart, with page
    # numbers: its lines read as sentences.
    block = ['"We shall not fail or falter;', 'we shall not weaken or tire."']
    lines = _pages([_body(k) for k in range(4)], block)
    removed, text = _strip(lines)
    assert not any("falter" in r for r in removed)
    assert text.count("We shall not fail or falter;") == 4


def test_rows_of_a_table_that_repeat_close_together_stay():
    # Synthetic: a ledger whose numbered two-line entries repeat every few lines: beside
    # numbers like a footer beside page numbers, but not a page apart.
    lines = ["PAYROLL LEDGER", ""]
    for k in range(1, 7):
        lines += [f"{k}", "", f"Staff Investigator {k}", "Salary $24,090", ""]
    removed, text = _strip(lines)
    assert not any("Salary" in r for r in removed)
    assert text.count("Salary $24,090") == 6


def test_a_memos_continuation_head_stays():
    # Synthetic, modelled on 2018 docid-32989641 lines 13521-13524 (jfk-more, dev, labelled
    # body): an addressee and a subject line of six words at the head of each continuation page.
    block = ["Legal Counsel to Mr. Adams", "RE: STATUS OF RESPONSES TO CONGRESSIONAL"]
    lines = _pages([_body(k) for k in range(4)], block)
    removed, text = _strip(lines)
    assert "RE: STATUS OF RESPONSES TO CONGRESSIONAL" not in removed
    assert text.count("RE: STATUS OF RESPONSES TO CONGRESSIONAL") == 4


def test_a_signature_block_at_irregular_places_and_apart_from_furniture_stays():
    # Synthetic: three letters of different lengths in one file, each signed the same way, with
    # no page numbers or stamps beside the signature.
    block = ["Sincerely,", "John Smith", "General Counsel"]
    lines: list[str] = []
    for n in (4, 30, 11):
        lines += ["Dear Sir:", "", *_body(n, n), "", *block, "", "Enclosure", "cc: File", ""]
    removed, _text = _strip(lines)
    assert removed == []


def test_a_signature_closing_some_of_the_pages_of_a_file_of_letters_stays():
    # Synthetic, modelled on 2018 104-10418-10172 (an FBI file of letters to the HSCA, dev, where
    # the addressee heads each letter): each letter's signature at the foot of its last page,
    # over the next page's scan mark, four letters over nine pages.
    block = ["Sincerely yours,", "Clarence M. Kelley", "Director"]
    lines: list[str] = []
    for page in range(9):
        lines += ["13-00000", "", *_body(page, 14), ""]
        if page % 2 == 1:
            lines += [*block, ""]
    removed, text = _strip(lines)
    assert "Clarence M. Kelley" not in removed
    assert text.count("Clarence M. Kelley") == 4


def test_speakers_names_recurring_in_an_interview_stay():
    # Synthetic, modelled on 2022 176-10030-10085 (an interview, jfk-176 dev): two speakers'
    # names one under the other where an answer was lost, again and again.
    block = ["O'BRIEN:", "LANSDALE:"]
    lines = _pages([_body(k, 14) for k in range(5)], block)
    removed, text = _strip(lines)
    assert "LANSDALE:" not in removed
    assert text.count("LANSDALE:") == 5


def test_a_block_heading_the_pages_stays_with_the_memos_subject_of_the_same_words():
    # Synthetic, modelled on 2018 docid-32989641 (jfk-more, dev): an FBI memo whose subject heads
    # every continuation page under the scan mark, and stands under its date on the first page
    # (and under the page break where a memo begins on a new page). Only footers are taken: the
    # running head stays with the subject, which nothing in the text tells apart from it.
    head = ["U.S. SENATE SELECT COMMITTEE ON", "INTELLIGENCE ACTIVITIES (SSC)"]
    letterhead = ["UNITED STATES DEPARTMENT OF JUSTICE", "FEDERAL BUREAU OF INVESTIGATION"]
    lines = [*letterhead, "", "File No. August 13, 1975", "", "Re", "", *head, "", *_body(0, 14)]
    for page in range(1, 6):
        lines += ["", "13-00000", "", *head, "", *_body(page, 14)]
    removed, text = _strip(lines)
    assert "U.S. SENATE SELECT COMMITTEE ON" not in removed
    assert text.count("U.S. SENATE SELECT COMMITTEE ON") == 6


def test_a_footer_mid_page_is_not_taken_where_no_page_break_is_below_it():
    # Synthetic: the footer at five pages' feet (the next page's scan mark under it), and the
    # same lines once more inside the text, a paragraph of their own with text under them.
    block = ["ACME STENOGRAPHY LTD.", "12 HIGH STREET", "SPRINGFIELD 01103"]
    lines: list[str] = []
    for page in range(5):
        lines += [*_body(page, 14), "", *block, "", "13-00000", ""]
    lines += [*_body(9, 6), "", *block, "", *_body(10, 6)]
    removed, text = _strip(lines)
    assert removed.count("ACME STENOGRAPHY LTD.") == 5
    assert text.count("ACME STENOGRAPHY LTD.") == 1
