"""The CIA information report's printed page head (issue 14, session 23): its caption
"CLASSIFICATION — DISSEMINATION CONTROLS", "(When Filled In)" and the level and control markings
typed beside it; and the Espionage Laws notice found through a damaged key word.

In the wild: the lines are OCR lines of the JFK Library's series 176 in the NARA JFK 2022
release (noops888/jfk-files-text @55840853), dev by the documented exception in
bench/splits.json (``jfk-176``, held in bench/furniture/jfk-176/), each named with its file and
line. Documents are built from them with the page's body between (synthetic arrangement of real
lines where a test says so).
"""

from __future__ import annotations

import pytest
from test_strip import run

from pipeline.core.records import Page
from pipeline.stages.strip.patterns.notices import notice_line
from pipeline.stages.strip.patterns.report_form import (
    report_caption,
    report_marking,
    when_filled_in,
)

# 176-10036-10090 lines 79-90 (dev): the report's body, capitals as the teletype typed them.
BODY = [
    "— 1, DO CAO MINH, SECRETARY GENERAL OF THE NATIONAL “ASSEMBLY,",
    "CONJECTURED IN LATE NOVEMBER 1962 THAT THE MOST SIGNIFICANT LONG",
    "TERM ASPECT OF THE STRATEGIC HAMLET PROGRAM MAY WELL BE THE CONCEPT",
    "OF FREE ELECTIONS AT THE HAMLET LEVEL, AND THE EVOLUTION OF THE",
]


def _removed(lines: list[str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    result = run([Page.from_text(1, "\n\n".join(lines))])
    return {r.text: (r.kind, r.evidence) for r in result.removals}


@pytest.mark.parametrize(
    "line",
    [
        "CLASSIFICATION — DISSEMINATION CONTROLS",  # 176-10036-10090 line 92
        ": TLASSIFICATION — DISSEMINATION ROUS",  # 176-10036-10090 line 57
        "ee CLATIFEATION = ONSEMINATTON CONTROLS",  # 176-10036-10085 line 99
        "sca iaai a DISSEMINATION CONTROLS",  # 176-10036-10135 line 97
        "‘CLASSIFICATION, — DISSEMINATION:CONTI",  # 176-10036-10147 line 81
        "art — DISSEMINATION TONTROIS",  # 176-10036-10147 line 155
    ],
)
def test_the_report_forms_caption_is_read_through_ocr_damage(line: str) -> None:
    assert report_caption(line) == "caption"


@pytest.mark.parametrize(
    "line",
    [
        # synthetic sentences naming the caption's words
        "THE CLASSIFICATION AND DISSEMINATION CONTROLS OF THIS REPORT",
        "Dissemination controls were discussed at length",
        "CLASSIFICATION",
    ],
)
def test_a_sentence_or_one_word_of_the_caption_is_no_caption(line: str) -> None:
    assert report_caption(line) is None


def test_the_typed_marking_reads_letter_spaced_and_damaged_levels() -> None:
    # 176-10036-10097 line 33, 176-10036-10141 line 90, 176-10036-10090 line 101,
    # 176-10036-10015 line 78.
    assert report_marking("C-O-N-F-I-D-E-N-T=I-A-L NO FOREIGN DISSEM") == "CONFIDENTIAL"
    assert report_marking("8-E-C-R-E-I NO FOREIGN DISSEM/NO DISSEM ABROAD/BACKGROUND USE") == (
        "SECRET"
    )
    assert report_marking("|CONFIDENTIAL NQ-FOREIGH DISSE!") == "CONFIDENTIAL"
    assert report_marking("cog NOFORN/CONTINUED CONTROL") == "markings"
    # The report's number behind the marking (176-10036-10103 line 122) is the record's.
    assert report_marking("CONFIDENTIAL ; NO FOREIGN DISSEM | TDCS -3/541,020") is None
    # A sentence's start (synthetic).
    assert report_marking("SECRET talks with the Katanga leaders") is None
    assert when_filled_in("(When Filled“In)") and not when_filled_in("when it is filled in")


def test_the_page_head_goes_and_the_body_and_the_report_number_stay() -> None:
    # 176-10036-10090 lines 89-109 (a page's foot and the next page's head; synthetic: the
    # distribution row between them left out), body around it.
    lines = [
        *BODY,
        "CLASSIFICATION — DISSEMINATION CONTROLS",
        "CONFIDENTIAL NO FORE IGN DISSEM",
        "|CONFIDENTIAL NQ-FOREIGH DISSE!",
        "(When Filled“In)",
        "‘CLASSIFICATION — DISSEMINATION CONTROLS",
        "CONFIDENTIAL ; NO FOREIGN DISSEM | TDCS -3/541,020",  # 176-10036-10103 line 122
        *BODY,
    ]
    removed = _removed(lines)
    assert removed["CLASSIFICATION — DISSEMINATION CONTROLS"][0] == "form"
    assert removed["(When Filled“In)"][0] == "form"
    kind, evidence = removed["|CONFIDENTIAL NQ-FOREIGH DISSE!"]
    assert kind == "banner"
    assert any("report form's printed caption" in e for e in evidence)
    assert "CONFIDENTIAL NO FORE IGN DISSEM" in removed
    assert not any("TDCS" in t for t in removed)
    assert not any(b in removed for b in BODY)


def test_a_damaged_marking_without_the_caption_stays() -> None:
    # The same typed marking in the middle of a page with no caption near it (synthetic): too
    # little evidence alone.
    lines = [*BODY, "|CONFIDENTIAL NQ-FOREIGH DISSE!", *BODY]
    assert "|CONFIDENTIAL NQ-FOREIGH DISSE!" not in _removed(lines)


def test_a_notice_line_whose_key_words_ocr_damaged_is_the_notice() -> None:
    # 176-10036-10085 line 31: no key word of the Espionage Laws notice came through whole
    # ("Esplonage", "Dotenta").
    line = (
        "Ls This materlat contains Information. affecting ths National Dotenta of the United” "
        "States within .tho mosning of tho Esplonage Law,"
    )
    assert notice_line(line) == "espionage-laws"
    # A sentence with a damaged key word (synthetic) is still a sentence.
    assert notice_line("The transmision of the report was delayed by two days") is None


def test_a_notices_wrapped_lines_go_with_it_and_a_sentence_beside_it_stays() -> None:
    # 176-10036-10141 lines 40-44 (dev): the Espionage Laws notice cut into narrow pieces; the
    # last line is read whole, the pieces beside it hold two or three of its words each.
    notice = [
        "the Nationst Detonse of tho United",
        "which in any manner fo an unauthor",
        "Tait material contains information",
        "793 and 794, the transminion or re",
    ]
    lines = [*BODY, *notice, "Espionage Laws, Title 18, U.S.C. Secs. 793 and 794", *BODY]
    removed = _removed(lines)
    for piece in notice:
        assert removed[piece][0] == "form", piece
    assert not any(b in removed for b in BODY)
    # A sentence beside the notice that names a few of its words (synthetic) stays.
    lines = [*BODY, "Espionage Laws, Title 18, U.S.C. Secs. 793 and 794", "THE DEFENSE OF THE"]
    lines += ["HAMLETS IS IN THE HANDS OF THE UNITED STATES ADVISERS AND THE ARMY", *BODY]
    removed = _removed(lines)
    assert "HAMLETS IS IN THE HANDS OF THE UNITED STATES ADVISERS AND THE ARMY" not in removed
