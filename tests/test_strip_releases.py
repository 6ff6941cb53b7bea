"""What NARA's 2023 and 2025 JFK releases print beside the record is taken, and body text stays.

In the wild (dev): the ``jfk-recent`` documents of bench/splits.json (noops888/jfk-files-text
@55840853, held in bench/furniture/jfk-recent/, each line named with its file and line there),
and two 2018 and 2021 files (dev by release year) the same classes turned up in. Synthetic: the
negatives (body sentences and words near the stamps' words) and the small pages that show a
damaged level goes only at a page's head or foot.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.stages.ingest import read_text_document
from pipeline.stages.strip import strip
from pipeline.stages.strip.patterns.match import find_spans, match_line
from pipeline.stages.strip.patterns.releases import damaged_level

IN_THE_WILD = [
    # (line, pattern name)
    ("RFK, AND THE REV. DR. MLK, JR.", "eo-release-piece"),  # 2025 144-10001-10286 line 79
    ("Doc Ref ID: A4268791", "nsa-doc-id"),  # 2025 144-10001-10286 line 89
    ("Doc ID: 6878935", "nsa-doc-id"),  # 2025 144-10001-10286 line 5
    ("TOP SECRET DINAR", "codeword-banner"),  # 2025 144-10001-10286 line 91
    ("TOP SECRET UMBRA", "codeword-banner"),  # 2025 144-10001-10286 line 73
    ("DATE 00-16-2023", "fbi-declass-fields"),  # 2023 124-10332-10043 line 89
    ("BY: F51493442", "fbi-declass-fields"),  # 2023 124-10332-10043 line 91
    ("FBI AUTOMATIC DECLASSIDICATION CULLE", "fbi-declass-stamp"),  # 2023 124-10332-10043:87
    ("REVIEWED BY FBIJFK TASK FORCE", "task-force-box"),  # 2023 104-10063-10429 line 11
    ("TOTAL DENIAL/", "task-force-box"),  # 2023 104-10063-10429 line 21
    ("PAGE 2 HONG KONG 1046 SECRET", "cable-page-head"),  # 2023 104-10063-10429 line 113
    ("PAGE 2 SAN SALVADOR ORS8 SECRET", "cable-page-head"),  # 2025 104-10186-10021 line 93
    ("- COVER PAGE -", "cover-page-label"),  # 2025 124-10332-10047 line 301
    ("13$00000", "jfk-rif-damaged"),  # 2025 104-10301-10010 line 847
    ("-00000", "jfk-rif-damaged"),  # 2025 104-10186-10021 line 5
    ("104-10 123-10302/17", "jfk-rif-damaged"),  # 2023 104-10123-10302 line 5
    ("• 16 .", "marked-page-number"),  # 2025 104-10301-10010 line 661
    ("= 5.", "marked-page-number"),  # 2023 104-10102-10237 line 943
    ("BBCRET", "damaged-level"),  # 2025 104-10301-10010 line 183
    ("BECRIT", "damaged-level"),  # 2025 104-10301-10010 line 743
    ("I CRET", "damaged-level"),  # 2023 104-10102-10237 line 167
    ("-COHPIDENTTAL", "damaged-level"),  # 2022 176-10033-10152 line 360 (jfk-176)
    ("REPRODUET INN PROMIDITES", "cia-cable-form"),  # 2025 104-10186-10021 line 77
    ("CIA HAS NO OBJECTION TO", "cia-release-stamp"),  # 2021 docid-32340308 line 1829
]


@pytest.mark.parametrize(("line", "name"), IN_THE_WILD)
def test_release_furniture_is_read(line: str, name: str) -> None:
    prior = match_line(line)
    assert prior is not None and prior.name == name, (line, prior)


NOTICE_LINES = [
    # 2025 104-10063-10160 lines 119, 137, 141: CIA's restricted handling message form
    "THIS FORM FOR USE BY AUTHORIZED RESTRICTED HANDLING MESSAGE USERS ONLY!",
    "RESTRI\u00c9TEO HAMOLIMO MESSAGES MUST BE DELIVERED DIREETY TO SPECIAL SIGMAR CENTER.",
    "iTERS PER LIME, INCLUDING SPACES.",
    # 2023 177-10002-10098 lines 135-141: a classified cover sheet's notice
    "Access to this document will be restricted to",
    "those approved for the following specific activities:",
    "Unauthorized Disclosure Subject to Criminal Sanctions",
    # 2025 104-10162-10120 line 133: a CIA form's printed instructions
    "\u2022 INSERT CARSON: FILL OUT FORMS COMPLETELY..",
]


@pytest.mark.parametrize("line", NOTICE_LINES)
def test_printed_notices_of_the_recent_releases(line: str) -> None:
    prior = match_line(line)
    assert prior is not None and prior.name == "printed-notice", (line, prior)


def test_release_line_and_damaged_footers_are_spans() -> None:
    # 2025 144-10001-10286 line 75; 2023 124-10332-10043 line 227; 2025 124-10332-10047 line 313.
    line = (
        "Released pursuant to Executive Order 14176, DECLASS. OF RECORDS CONC. THE "
        "ASSASSINATIONS OF PRES. JFK, SEN"
    )
    hits = find_spans(line)
    assert [(h.name, h.start, h.end) for h in hits] == [("eo-release-line", 0, len(line))]
    for footer in ("50953 DooId: 32313769 Page 3", "Doold: 32313773"):
        hits = find_spans(footer)
        assert [(h.name, h.start, h.end) for h in hits] == [("jfk-nara-footer", 0, len(footer))]


TAKEN = {name for _, name in IN_THE_WILD} | {"printed-notice", "lone-number"}


@pytest.mark.parametrize(
    "line",
    [
        # Synthetic: sentences and words near the stamps' words stay the document's.
        "The records were released pursuant to Executive Order 11652 of 1972.",
        "Released pursuant to the agreement, he left the country.",
        "Doc ID numbers were assigned later",
        "PAGE 2 OF THE REPORT WAS MISSING",
        "the TOP SECRET UMBRA material was handled separately by the staff",
        "2.",
        "(2)",
        "As Stated",  # a memo's "Attachments / As Stated" (2018 104-10312-10021 line 79)
        "The station was authorized to use restricted handling for these messages.",
        "Access to the building is restricted after six in the evening.",
    ],
)
def test_body_lines_are_not_release_furniture(line: str) -> None:
    prior = match_line(line)
    assert prior is None or prior.name not in TAKEN, (line, prior)
    assert not find_spans(line), line


@pytest.mark.parametrize(
    ("word", "level"),
    [
        ("BBCRES", None),  # three edits: too far from the word (left: 2025 104-10301-10010)
        ("SECRE", "SECRET"),
        ("EGRET", "SECRET"),
        ("CRET", "SECRET"),
        ("SECRETARY", None),
        ("SECTION", None),
        ("Secret", None),  # not in capitals
        ("THE SECRET", None),  # two words
        ("CONFERENCE", None),
        ("CONFIDENT", "CONFIDENTIAL"),  # a banner cut short; taken only at a page's head or foot
    ],
)
def test_damaged_level(word: str, level: str | None) -> None:
    assert damaged_level(word) == level


def _page(tmp_path: Path, body: str) -> str:
    # Synthetic three-page export in the releases' markdown form.
    path = tmp_path / "doc.md"
    path.write_text(body, encoding="utf-8")
    result = strip(read_text_document(path))
    return result.text


SENTENCE = "The station reported that the meeting was held in the capital on Tuesday."


def test_a_damaged_level_goes_at_a_page_foot_and_stays_mid_page(tmp_path: Path) -> None:
    text = _page(
        tmp_path,
        "# 104-00000-00000\n\n## Page 1\n\n"
        f"{SENTENCE}\n\nBBCRET\n\n{SENTENCE}\n\nBECRIT\n\n---\n\n## Page 2\n\n"
        f"EGRET\n\n{SENTENCE}\n\n• 2 .\n\nSECRE\n\n---\n",
    )
    # The word between two sentences is no banner by its place: it stays.
    assert "BBCRET" in text
    for gone in ("BECRIT", "EGRET", "SECRE", "• 2 ."):
        assert gone not in text, gone
    assert text.count("The station reported") == 3
