"""Furniture of the JFK Library's series 176 that needs more than one line to be known (issue 14,
session 24): a printed notice OCR cut into a block of damaged lines, State's reproduction notice
over two lines, a banner under NARA's identification form (the record's first page top in a text
without page markers), banner debris in the stamp's ink, and a name stamped on the report form's
caption line.

In the wild: the lines are OCR lines of the NARA JFK releases (noops888/jfk-files-text
@55840853): the 2022 release's series 176, dev by the documented exception in bench/splits.json
(``jfk-176``, held in bench/furniture/jfk-176/), and 2018 files (dev by release year), each named
with its file and line. Documents are built from them with a page's body between (a synthetic
arrangement of real lines where a test says so).
"""

from __future__ import annotations

from test_strip import run

from pipeline.core.records import Page
from pipeline.stages.strip.patterns.banners import banner_line_level
from pipeline.stages.strip.patterns.notices import notice_align, notice_line
from pipeline.stages.strip.patterns.report_form import caption_end

# 176-10036-10090 lines 79-82 (dev): a report's body, capitals as the teletype typed them.
BODY = [
    "— 1, DO CAO MINH, SECRETARY GENERAL OF THE NATIONAL “ASSEMBLY,",
    "CONJECTURED IN LATE NOVEMBER 1962 THAT THE MOST SIGNIFICANT LONG",
    "TERM ASPECT OF THE STRATEGIC HAMLET PROGRAM MAY WELL BE THE CONCEPT",
    "OF FREE ELECTIONS AT THE HAMLET LEVEL, AND THE EVOLUTION OF THE",
]

# 176-10036-10168 lines 1-25 (dev): NARA's identification form, as the 2022 release prints it.
ID_FORM = [
    "{176-10036-10168| {2022 RELEASE UNDER THE PRESIDENT JOHN F. KENNEDY ASSASSINATION RECORDS "
    "ACT OF 1992 |",
    "JFK ASSASSINATION SYSTEM",
    "“IDENTIFICATION FORM",
    "AGENCY : NARA",
    "RECORD NUMBER : 176-10036-10168",
    "RECORD SERIES : National Security Files",
    "ORIGINATOR : DOS =",
    "FROM ; Ambassador Lodge",
    "TO : Rusk",
    "PAGES : 3",
    "CLASSIFICATION :",
    "DATE OF LAST REVIEW : 9/10/2000",
    "OPENING CRITERIA :",
    "COMMENTS : National Security Files, Box 201: Vietnam, 10/29/63-10/31/63, State\nCables. Box 2",
]


def _removed(lines: list[str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    result = run([Page.from_text(1, "\n\n".join(lines))])
    return {r.text: (r.kind, r.evidence) for r in result.removals}


def test_a_notice_cut_into_damaged_lines_goes_as_a_block() -> None:
    # 176-10036-10015 lines 30-32 (dev): neither line is read as the notice on its own (a word
    # lost, "Stator", "Perron"); together they hold eleven of its words, in order line by line.
    block = [
        "Information affecting the Nationa! Defense of Stator: within the moaning OR. DESTROY",
        "lation or revelation of which in any .manner to Perron Is prohibited by, law. tie . Mi.",
    ]
    assert [notice_line(b) for b in block] == [None, None]
    assert [notice_align(b, "espionage-laws")[0] for b in block] == [6, 5]
    removed = _removed([*BODY, "CENTRAL INTELLIGENCE AGENCY", *block, *BODY])
    for line in block:
        assert removed[line][0] == "form", line
        assert any("in a block of the printed notice" in e for e in removed[line][1])
    assert not any(b in removed for b in BODY)


def test_one_line_naming_the_notices_words_is_no_block() -> None:
    # One line of the block alone (synthetic arrangement) is too little; a memo's sentences
    # naming the notice's words among their own (synthetic) are text: a block's lines are
    # mostly the notice's words.
    lone = "Information affecting the Nationa! Defense of Stator: within the moaning OR. DESTROY"
    quote = [
        "THE STATION SAID THE INFORMATION AFFECTING THE NATIONAL DEFENSE WAS PASSED",
        "TO AN UNAUTHORIZED PERSON BY THE CONSUL, WHICH IS PROHIBITED BY LAW",
    ]
    removed = _removed([*BODY, lone, *BODY, *quote, *BODY])
    assert lone not in removed
    assert not any(q in removed for q in quote)


def test_states_reproduction_notice_goes_with_its_two_lines() -> None:
    # 176-10036-10021 lines 85-86 (dev); 2018 104-10308-10193 (the notice with the form's
    # "Classification" caption read into it).
    for notice in (
        ["s ET -REPRODUCTION FROM THIS COPY IS", "ER PROHIBITED UNLESS “UNCLASSIFIED”"],
        ["REPRODUCTION FROM THIS CoPY Is", "Classification PROHIBITED UNLESS “UNCLASSIFIED”."],
    ):
        removed = _removed([*BODY, *notice, *BODY])
        assert [removed[n][0] for n in notice] == ["form", "form"], notice
        assert not any(b in removed for b in BODY)
    # The notice's first line alone (synthetic arrangement) names no notice.
    assert "REPRODUCTION FROM THIS COPY IS" not in _removed(
        [*BODY, "REPRODUCTION FROM THIS COPY IS"]
    )


def test_a_banner_under_the_identification_form_heads_the_records_first_page() -> None:
    # 176-10036-10168 lines 25-29 (dev): no page marker, but the form's end is the record's
    # first page top; the form itself is release metadata and stays.
    removed = _removed([*ID_FORM, "TOP SECRET", "ECTION. TWO OF THREE", *BODY])
    assert removed["TOP SECRET"][0] == "banner"
    assert "under NARA's identification form" in " ".join(removed["TOP SECRET"][1])
    assert not any(f in removed for f in ID_FORM[1:])
    # 176-10036-10015 line 28: the report's typed markings there.
    removed = _removed([*ID_FORM, "[oer NOFORN/CONTINUED CONTROL", *BODY])
    assert removed["[oer NOFORN/CONTINUED CONTROL"][0] == "banner"
    # The same level inside the body, under a body line (synthetic arrangement), stays.
    assert "TOP SECRET" not in _removed([*ID_FORM, BODY[0], "TOP SECRET", *BODY])


def test_banner_debris_and_underscores() -> None:
    # 176-10033-10152 line 185 (dev): "_" read for the space.
    assert banner_line_level("TOP_SECRET") == "TOP SECRET"
    # 176-10036-10179 lines 426-431 (dev): the foot banner, the next page's head banner with
    # its stamp's ink read as "Hee", and the page number "-9-." between two pages' text.
    foot = ["CONFIDENTIAL", "1 SECRET Hee", "-9-."]
    removed = _removed([*BODY, *foot, *BODY])
    assert [removed[f][0] for f in foot] == ["banner", "banner", "page-number"]
    # A level in a sentence's words stays (synthetic).
    assert "SECRET Act" not in _removed([*BODY, "SECRET Act", *BODY])


def test_a_name_stamped_on_the_caption_line_stays() -> None:
    # 176-10036-10052 line 33 (dev): a reader's name stamped beside the printed caption.
    line = "CLASSIFICATION — DISSEMINATION CONTROLS —DINGEMAN"
    assert caption_end(line) == len("CLASSIFICATION — DISSEMINATION CONTROLS")
    result = run([Page.from_text(1, "\n\n".join([*BODY, line, "agian —DUNGAN", *BODY]))])
    cut = [(r.kind, r.text) for r in result.removals if r.text.startswith("CLASSIFICATION")]
    assert cut == [("form", "CLASSIFICATION — DISSEMINATION CONTROLS")]
    assert "—DINGEMAN" in result.text


def test_a_marking_damaged_past_reading_is_known_by_its_repeat() -> None:
    # 176-10036-10015 (dev): the report form's caption heads every page, the typed marking beside
    # it; on some pages it is read (lines 78, 200), on others OCR damaged it past reading (lines
    # 245, 447); beside the caption and like a marking read, it is that marking. A line with the
    # report's number beside it (line 367) is the record's identifier and stays.
    caption = "CLASSIFICATION — DISSEMINATION CONTROLS"
    pages = [
        [caption, "cog NOFORN/CONTINUED CONTROL", *BODY],
        [caption, "CONFDENTIL — NOFORN/CONTINUED CONTRO", *BODY],
        [caption, "CONFIDENTIAL NFORW/CONIED eoNTROR", *BODY],
        [*BODY, "ime rosin. NOFORN/CONIINUED CONTROL", caption],
        [caption, "CONFIDENTIAL: NOFORN/CONTINUED CONTROL “tBés'=3/519, 291 -", *BODY],
    ]
    removed = _removed([line for page in pages for line in page])
    for line in ("CONFIDENTIAL NFORW/CONIED eoNTROR", "ime rosin. NOFORN/CONIINUED CONTROL"):
        assert removed[line][0] == "banner", line
        assert any(
            e.startswith("pattern report-marking (like the marking") for e in removed[line][1]
        )
    assert "CONFIDENTIAL: NOFORN/CONTINUED CONTROL “tBés'=3/519, 291 -" not in removed
    assert not any(b in removed for b in BODY)
    # Without a marking read anywhere in the document (synthetic arrangement), nothing to be like.
    removed = _removed([caption, "CONFIDENTIAL NFORW/CONIED eoNTROR", *BODY])
    assert "CONFIDENTIAL NFORW/CONIED eoNTROR" not in removed
