"""Page furniture in short texts and excerpts (issue 14, session 27): a scan mark standing apart
is a page's top by its own form, and an export's page marker the text was not split at is a page
break for the banners beside it (``pipeline.stages.strip.page_marks``).

In the wild unless a test says synthetic: 120-line windows of NARA JFK releases
(noops888/jfk-files-text @55840853), dev by release year, as ``python -m bench.furniture_eval
--split dev --excerpt 120 --every`` cuts them; each names its file (under bench/furniture/) and
lines. Each window is one page, as ``ingest.read_text_document`` reads it: its one "## Page N"
marker is not taken for a page break.
"""

from __future__ import annotations

from test_strip import run

from pipeline.core.records import Page


def _strip(lines: list[str]) -> tuple[list[str], str]:
    """(the removed lines' texts, the kept text) of one page of text input."""
    result = run([Page.from_text(1, "\n".join(lines))])
    return [r.text for r in result.removals], result.text


# jfk-state/2018__104-10332-10013.md lines 40-56 (dev): a memo's distribution list, the next
# page's scan mark between blank lines, and the printed hearings' title page.
DISTRIBUTION = [
    "DCI/CSI/HRG/JFPereira:hfs/x30335 (22 Jun 93)",
    "",
    "Distribution:",
    "Original - Addressee",
    "1 - D/CSI",
    "1 - C/HRG",
    "",
    "1-- HRG files",
    "",
    "",
    "13-00000",
    "",
    "“APPENDIX TO.",
    'HEARINGS S"',
    "",
    "BEFORE THE",
]


def test_a_scan_mark_standing_apart_is_a_pages_top_without_its_repetition():
    removed, text = _strip(DISTRIBUTION)
    assert removed == ["13-00000"]
    assert "Original - Addressee" in text and "BEFORE THE" in text


def test_a_scan_mark_with_specks_standing_apart_goes_too():
    # jfk-state/2018__104-10332-10013.md lines 1062-1071 (dev).
    lines = [
        "AGREE WITH RECOMMENDATION:",
        "",
        "CONCUR WITH HRG'S INITIAL POSITION:",
        "",
        "",
        "",
        "13-00000 ,..",
        "",
        "A Binder of materials related to the Bayo-Pawley/ Operation Red",
        "Cross.",
    ]
    removed, text = _strip(lines)
    assert removed == ["13-00000 ,.."]
    assert "Operation Red Cross." in text


def test_a_scan_mark_inside_a_column_of_numbers_stays():
    # Synthetic: the same form inside a list, a line above and below it with no blank between,
    # is no page's top.
    lines = [
        "The accounts named in the ledger were:",
        "12-40312",
        "13-00000",
        "14-21877",
        "and none of them was closed before 1964.",
    ]
    removed, text = _strip(lines)
    assert removed == []
    assert "13-00000" in text


# jfk-recent/2023__104-10102-10237.md lines 923-949 (dev): the foot of page 6 (a banner, the
# page's number "14" with a speck), the export's rule and marker, and the top of page 7.
PAGE_BREAK = [
    "He was the mayor. of",
    "",
    "Santa Cru",
    "",
    "-Nor te",
    "",
    ", in 1954.",
    "",
    "He owns a jeep.",
    "",
    "SECRET",
    "",
    "14 - '",
    "",
    "---",
    "",
    "## Page 7",
    "",
    "S RICAR. E",
    "",
    "= 5.",
    "",
    "Another contact of A/3 is",
    "",
    "grade education.",
]


def test_a_banner_over_a_page_marker_the_text_was_not_split_at_is_at_its_pages_foot():
    result = run([Page.from_text(1, "\n".join(PAGE_BREAK))])
    removed = {r.text: r.evidence for r in result.removals}
    assert "SECRET" in removed
    assert any("page marker line 16 below" in e for e in removed["SECRET"])
    assert "He owns a jeep." in result.text and "Another contact of A/3 is" in result.text


def test_a_banner_under_a_page_marker_the_text_was_not_split_at_is_at_its_pages_top():
    # jfk-state/2021__docid-32340308.md lines 713-727 (dev): an FBI report's page 7 head, its
    # file number and banner over the informant's entry.
    lines = [
        "his associates in the Chicago area.",
        "",
        "---",
        "",
        "## Page 7",
        "",
        "CG 105-13149",
        "",
        "SECRET",
        "",
        "REGIOL",
        "",
        "Source",
    ]
    removed, text = _strip(lines)
    assert "SECRET" in removed
    assert "his associates in the Chicago area." in text and "Source" in text


def test_a_heading_under_a_page_marker_stays():
    # Synthetic: a level word in a sentence-like heading under a marker is not a banner.
    lines = [
        "The meeting closed at noon.",
        "",
        "## Page 3",
        "",
        "SECRET TALKS WITH THE DELEGATION WERE HELD IN VIENNA ON TUESDAY",
        "",
        "The delegation asked for a second day.",
    ]
    removed, text = _strip(lines)
    assert removed == ["## Page 3"]
    assert "SECRET TALKS WITH THE DELEGATION" in text


def test_a_number_over_a_short_line_at_a_pages_end_stays():
    # jfk-recent/2023__104-10418-10103.md lines 119-131 (dev): a cable's trailer, its exemption
    # line "E 2 IMPDET" read over two lines, at the end of the page.
    lines = [
        "CI/OG - R. HOLMS ETELECOORDI",
        "",
        "SA/DO/O - E- VIDAL SFOR INFO}",
        "",
        "AUTHENTICATIME OFFICER",
        "",
        "E 2",
        "",
        "IMPDET",
    ]
    removed, _ = _strip(lines)
    assert "E 2" not in removed
    # jfk-more/2018__104-10185-10265.md lines 112-119 (dev): a distribution list's last line
    # at the end of an excerpt.
    lines = [
        "Distribution: :",
        "TFW, w/encls (Ic: : -",
        "2= Wi, w/encls ¢ Ws\\ +",
        "",
        "2 WAVE, wfencls 123 Seema",
        "",
        "1 cy ea! :",
        "(ley ea) HMMA - 20439",
    ]
    removed, _ = _strip(lines)
    assert "1 cy ea! :" not in removed
