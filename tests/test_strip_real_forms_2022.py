"""Real forms of NARA's 2022 JFK release, damaged as OCR reads them (issue 14, session 28).

In the wild unless a test says synthetic: OCR lines of the 2022 release held in
``bench/furniture/jfk-2022`` (noops888/jfk-files-text @55840853, dev by the lead's decision,
``bench/splits.json``), each named with its file and line; the sentences around them are
synthetic. Classes: the NSA's release line and its wrapped pieces, worn "Doc Ref ID" heads and
codeword banners, the message form's page counter (``patterns.message_forms``,
``stamp_piece_evidence``); a CIA information report's printed control notices and CIA's
no-objection stamp in an FBI copy (``patterns.notices``, ``patterns.stamps``); letter-spaced
banners, a banner with an office code, a form designation over its revision note
(``marking_evidence``, ``designation_evidence``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_strip_markings_evidence import strip_text

from pipeline.stages.strip.marking_evidence import letter_spaced_level
from pipeline.stages.strip.patterns.match import match_line
from pipeline.stages.strip.patterns.message_forms import RELEASE_2022, codeword_banner
from pipeline.stages.strip.patterns.notices import notice_line
from pipeline.stages.strip.stamp_piece_evidence import stamp_piece

# Synthetic body text.
BODY = [
    "The Prime Minister's itinerary was given to the embassy on the morning of the funeral.",
    "",
    "He will arrive in Chicago in the evening and leave for Washington the next morning.",
]
OTHER = [
    "The station reported that the commission had finished its inquiry into the crash.",
    "",
    "Its chairman said that the report would be printed in Canada within the month.",
]


def _kept(text: str, line: str) -> bool:
    return line.strip() in text


# --- The NSA message of the 2022 release (2022 144-10001-10326_docid_6782908_sealed) ----------


def test_nsa_release_line_its_pieces_and_the_page_marks_beside_it(tmp_path: Path) -> None:
    # Lines 66-76 and 128-140 of the file, between synthetic body paragraphs.
    foot_and_head = [
        "—SEGREF MORAY",
        "",
        "F. Kenned:",
        "",
        "Released on 08-12-2022 under the John mation Records Act of 1992",
        "",
        "",
        "",
        "Doc Ref ID: A4269348",
        "",
        "SEGREFSABRE—",
    ]
    second = [
        "PAGE__1_ of __2__—~PAGE(s)",
        "",
        "SEGREF-SABRE-",
        "",
        "nation Recor¢",
        "",
        "1992",
        "",
        "Released on 08-12-2022 under the John F.",
        "",
        "",
        "",
        "Doc RE ID: 44269348",
    ]
    first = ["Doc Ref 1D: AA269548 —-SECREF -MORAY—", "", *BODY, "", *foot_and_head, "", *OTHER]
    text = "\n".join([*first, "", *second, "", *BODY, "", "Pace_2 of__2 _ PAGE(s)", ""])
    kept, removed = strip_text(tmp_path, text)
    for line in [*foot_and_head, *second, "Pace_2 of__2 _ PAGE(s)"]:
        if line.strip():
            assert line in removed, line
    assert "Doc Ref 1D: AA269548 —-SECREF -MORAY—" in removed
    for line in [*BODY, *OTHER]:
        assert _kept(kept, line)


def test_a_piece_of_the_release_line_needs_the_line_beside_it(tmp_path: Path) -> None:
    # Synthetic: "1992" and "F. Kennedy" away from any release line are the text's own.
    text = "\n".join([*BODY, "", "1992", "", *OTHER, "", "F. Kennedy", "", *BODY, ""])
    kept, removed = strip_text(tmp_path, text)
    assert removed == []
    assert "1992" in kept and "F. Kennedy" in kept


def test_release_line_in_a_sentence_is_not_the_stamp(tmp_path: Path) -> None:
    # Synthetic: a sentence about the release, its date not in the stamp's place.
    line = "The message was released on 08-12-2022 with the other records of the agency."
    kept, removed = strip_text(tmp_path, "\n".join([*BODY, "", line, "", *OTHER, ""]))
    assert removed == [] and line in kept


@pytest.mark.parametrize(
    "line",
    [  # synthetic sentences quoting NARA's release wording, the sentence ending with it
        "The memo was released under the John F. Kennedy Assassination Records Collection Act "
        "of 1992 in 2017.",
        "The Board said the file should be released under the President John F. Kennedy "
        "Assassination Records Act.",
    ],
)
def test_release_wording_ending_a_sentence_stays(line: str, tmp_path: Path) -> None:
    kept, removed = strip_text(tmp_path, "\n".join([*BODY, "", line, "", *OTHER, ""]))
    assert removed == [] and line in kept


@pytest.mark.parametrize(
    ("text", "banner"),
    [
        ("—SEGREF MORAY", "SECRET MORAY"),  # line 66
        ("SEGREFSABRE—", "SECRET SABRE"),  # line 76
        ("SEGREF-SABRE-", "SECRET SABRE"),  # line 130
        ("The MORAY file", None),  # synthetic
        ("SECTION MORAY", None),  # synthetic: no level
        ("MORAY", None),
    ],
)
def test_codeword_banner_worn(text: str, banner: str | None) -> None:
    assert codeword_banner(text) == banner


@pytest.mark.parametrize(
    "line",
    [
        "PAGE__1_ of __2__—~PAGE(s)",  # 144-10001-10326_docid_6782908_sealed line 128
        "Pace_2 of__2 _ PAGE(s)",  # line 158
        "GROUP 1 Ba CECRET & PAGE__2 of ___2 _PAGE(s)",  # line 153
        "PAGE 1 OF 3. PAGES",  # 2022 124-10207-10417 line 66
    ],
)
def test_page_counter_of_a_form(line: str) -> None:
    prior = match_line(line)
    assert prior is not None and prior.name == "page-counter-form"


def test_page_counter_words_in_a_sentence_stay() -> None:
    # Synthetic.
    assert match_line("The report ran to page 2 of 3 pages in all, with annexes") is None


@pytest.mark.parametrize(
    "line", ["Doc Ref ID: A4269348", "Doc RE ID: 44269348", "Doc Ref 1D: AA269548 —-SECREF -MORAY—"]
)
def test_nsa_doc_id_worn(line: str) -> None:
    prior = match_line(line)
    assert prior is not None and prior.name == "nsa-doc-id"


def test_stamp_piece_reading() -> None:
    assert stamp_piece("nation Recor¢", RELEASE_2022) >= 85
    assert stamp_piece("Urgent", RELEASE_2022) < 85


# --- An FBI copy of a CIA information report (2022 124-10207-10417) ---------------------------


@pytest.mark.parametrize(
    ("line", "notice"),
    [
        ("FURTHER DISSEMINATION AND USE OF THIS INrw:", "dissemination-controls"),  # line 52
        ("CONTROLS STATED AT BEGINNING AND END’ OF REPORT.", "dissemination-controls"),  # 73
        (
            "SECRET : FURTHER DISSEMINATION AND USE OF THIS INFORMATION SUBJECT TO.",  # line 179
            "dissemination-controls",
        ),
        (
            "THIS IS AN INFORMATION REPORT, NOT FINALLY EVALUATED INTELLIGENCE",  # line 75
            "not-finally-evaluated",
        ),
    ],
)
def test_report_control_notices(line: str, notice: str) -> None:
    assert notice_line(line) == notice


@pytest.mark.parametrize(
    "line",
    [
        # Synthetic sentences quoting the notices.
        "the report said further dissemination is subject to controls",
        "The cable was marked this is an information report, not finally evaluated intelligence,"
        " by the station.",
    ],
)
def test_notice_words_in_a_sentence_stay(line: str, tmp_path: Path) -> None:
    assert notice_line(line) is None
    kept, removed = strip_text(tmp_path, "\n".join([*BODY, "", line, "", *OTHER, ""]))
    assert removed == [] and line in kept


def test_cia_no_objection_stamp_damaged(tmp_path: Path) -> None:
    # Lines 110-116 of the file; the body lines around them are synthetic.
    stamp = [
        'CIA HAS "NO-OBJECTHON-T0',
        "DECLASSIFICATION AND/OR,",
        "",
        "RELEASE OF C!A INFORMATION Bein",
        "IN THIS DOCU WS SAnvriZED",
    ]
    kept, removed = strip_text(tmp_path, "\n".join([*BODY, "", *stamp, "", *OTHER, ""]))
    assert [s for s in stamp if s] == removed
    for line in [*BODY, *OTHER]:
        assert _kept(kept, line)


def test_no_objection_words_alone_stay(tmp_path: Path) -> None:
    # Synthetic: the stamp's first line's words with no stamp beside them.
    text = "\n".join([*BODY, "", "CIA has no objection to", "", *OTHER, ""])
    kept, removed = strip_text(tmp_path, text)
    assert removed == [] and "CIA has no objection to" in kept


def test_rec_serial_read_with_a_full_stop() -> None:
    prior = match_line("REC. 2 2/73")  # line 139
    assert prior is not None and prior.name == "office-stamp"
    assert match_line("REC. 2 The committee recommended a second reading") is None


# --- Banners and form corners ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("S-E-C-R-EP", "SECRET"),  # 2022 104-10130-10282 line 93
        ("S-E-C-R-E-T", "SECRET"),  # line 7
        ("A-B-C-D", None),
        ("SECREP", None),  # not letter-spaced
    ],
)
def test_letter_spaced_level(text: str, level: str | None) -> None:
    assert letter_spaced_level(text) == level


def test_letter_spaced_banners_recur(tmp_path: Path) -> None:
    # 2022 104-10130-10282 lines 7, 56, 93: the typed banner at three page breaks of a text
    # without page markers, one copy worn; the paragraphs between are synthetic.
    text = "\n".join(
        ["S-E-C-R-E-T", "", *BODY, "", "S-E-C-R-E-T", "", *OTHER, "", "S-E-C-R-EP", "", *BODY]
    )
    kept, removed = strip_text(tmp_path, text + "\n")
    assert removed == ["S-E-C-R-E-T", "S-E-C-R-E-T", "S-E-C-R-EP"]
    assert "S-E-C" not in kept


def test_letter_spaced_banner_once_in_mid_text_stays(tmp_path: Path) -> None:
    # Synthetic: no recurrence and no page edge.
    text = "\n".join([*BODY, "", "S-E-C-R-EP", "", *OTHER, ""])
    kept, removed = strip_text(tmp_path, text)
    assert removed == [] and "S-E-C-R-EP" in kept


def test_banner_with_an_office_code_recurs(tmp_path: Path) -> None:
    # 2022 104-10104-10271 lines 76, 81, 146: "SECRET CG" among the document's banners.
    text = "\n".join(
        [*BODY, "", "SECRET CG", "", *OTHER, "", "SECRET, _", "", *BODY, "", "SECRET", "", *OTHER]
    )
    kept, removed = strip_text(tmp_path, text + "\n")
    assert "SECRET CG" in removed and "SECRET" not in kept


def test_form_designation_over_its_revision_note(tmp_path: Path) -> None:
    # 2022 104-10183-10196 lines 43-44.
    text = "\n".join([*BODY, "", "Form 60-1 (IN) : : ;", "Revised Feb. 1963 SECRET", "", *OTHER])
    kept, removed = strip_text(tmp_path, text + "\n")
    assert removed == ["Form 60-1 (IN) : : ;", "Revised Feb. 1963 SECRET"]
    assert "Form 60-1" not in kept


def test_revision_note_without_a_designation_stays(tmp_path: Path) -> None:
    # Synthetic: a memo's line about a revised form, and a date line alone.
    text = "\n".join([*BODY, "", "Revised Feb. 1963", "", *OTHER, ""])
    kept, removed = strip_text(tmp_path, text)
    assert removed == [] and "Revised Feb. 1963" in kept


def test_report_foot_notice_wrapped_and_its_caption(tmp_path: Path) -> None:
    # 2022 124-10207-10417 lines 71-75 (the notice's line cut in the word "INFORMATION") and
    # 179-182 (the foot's notice and the printed "(classification)" under it).
    head = [
        '"AMATION SUBJECT TO',
        "",
        "CONTROLS STATED AT BEGINNING AND END’ OF REPORT.",
        "",
        "THIS IS AN INFORMATION REPORT, NOT FINALLY EVALUATED INTELLIGENCE",
    ]
    foot = [
        "SECRET : FURTHER DISSEMINATION AND USE OF THIS INFORMATION SUBJECT TO.",
        "CONTROLS STATED AT BEGINNING AND END OF REPORT.",
        "",
        "(classification)",
    ]
    text = "\n".join([*BODY, "", *head, "", *OTHER, "", *foot, "", *BODY, ""])
    kept, removed = strip_text(tmp_path, text)
    assert removed == [line for line in [*head, *foot] if line]
    for line in [*BODY, *OTHER]:
        assert _kept(kept, line)


def test_classification_in_parentheses_alone_in_text_stays(tmp_path: Path) -> None:
    # Synthetic: the caption's word with no furniture beside it.
    text = "\n".join([*BODY, "", "(classification)", "", *OTHER, ""])
    kept, removed = strip_text(tmp_path, text)
    assert removed == [] and "(classification)" in kept
