"""Furniture in prose excerpts of the 2022-2025 JFK releases (issue 14, session 30).

In the wild: the lines come from ``bench/furniture/jfk-prose`` (noops888/jfk-files-text
@55840853, dev by the lead's exception in ``bench/splits.json``), each test naming its file and
line; the texts around them are cut down or synthetic, as each test says. Every guard has a
case that fails without it.
"""

from __future__ import annotations

from pathlib import Path

from test_strip_markings_evidence import strip_text


def test_a_banner_cutting_a_sentence_at_a_page_break_goes(tmp_path: Path) -> None:
    # 2022 104-10067-10388 lines 44-53 (jfk-prose dev): the banner printed once in the excerpt.
    text = (
        "For the purposes of perspective, Harvey came to the Cuban\n"
        "operation late in the game. The point is he was not involved in the\n"
        "Bay of Pigs operation and any personal attitude he held on that\n\n\n\n"
        "SECRET |\n\n"
        "activity was removed in time from the actual event. In fact, he was\n"
        "the second man to run the Cuban Task Force subsequent to the Bay of\n"
    )
    kept, removed = strip_text(tmp_path, text)
    assert removed == ["SECRET |"] and "SECRET" not in kept
    assert "he held on that activity was removed" in " ".join(kept.split())


def test_a_banner_with_no_sentence_cut_around_it_stays_without_other_evidence(
    tmp_path: Path,
) -> None:
    # Synthetic, the same lines: a sentence's end above, a capital below, or no page gap.
    cases = (
        "any personal attitude he held on that matter.\n\n\n\nSECRET |\n\n"
        "activity was removed in time from the actual event. In fact, he was\n",
        "any personal attitude he held on that matter and\n\n\n\nSECRET |\n\n"
        "Activity was removed in time from the actual event. In fact, he was\n",
        "any personal attitude he held on that matter and\n\nSECRET |\n\n"
        "activity was removed in time from the actual event. In fact, he was\n",
    )
    for text in cases:
        assert "SECRET |" not in strip_text(tmp_path, text)[1], text


def test_nara_footer_with_a_bar_before_its_page_goes_whole(tmp_path: Path) -> None:
    # 2022 180-10112-10390 lines 100-110 (jfk-prose dev), cut.
    text = (
        "' he could have pulled off the rifle fire in Dealey Plaza, as LHO was\n"
        "terribly nervous and disorganized.*\n\n\n\n"
        "HW 50955 DocId:32264764 | Page 2\n\n\n\n"
        'Believes LHO worked -both sides of the "Cuban street,\n'
    )
    kept, removed = strip_text(tmp_path, text)
    assert removed == ["HW 50955 DocId:32264764 | Page 2"] and "Page" not in kept


def test_jfk_stamp_with_its_citation_wrapped_in_front_of_the_case_goes(tmp_path: Path) -> None:
    # 2022 docid-34530609 lines 72-83 (jfk-prose dev): the 2017-2021 stamp's last two lines
    # under the identification form's values, the Army form's title under them.
    text = (
        "RELSASED WITH DELETIONS\n03/07/95\n\nREGRADED UNCLASSIFIED ON 2 SEP 94\n\n"
        "dy Assassination Records\nNote]. Caset:Nw 64954]\n\n\n\nAGENT REPORT\n\n"
        "On 1 February 1972, Peter D. Herpst, PFC, was interviewed at his place of duty\n"
    )
    kept, _ = strip_text(tmp_path, text)
    assert "Caset" not in kept and "Note]" not in kept and "Assassination" not in kept
    assert "REGRADED UNCLASSIFIED ON 2 SEP 94" in kept and "AGENT REPORT" in kept
    # "Note" is the stamp's only before its case number: a note in a sentence stays.
    kept, _ = strip_text(tmp_path, "See the Note. Case files were sent to the station.\n")
    assert "See the Note. Case files" in kept


def test_an_army_forms_proponent_note_goes_and_a_sentence_like_it_stays(tmp_path: Path) -> None:
    # 2022 docid-34530609 lines 82-84 (jfk-prose dev): DA Form 341's printed note.
    note = (
        "For use of this form, see FM 30-17(C); AR 381-130; the proponent agency is the Office "
        "of the Assistont Chief of Staff for Intelligence."
    )
    text = f"AGENT REPORT\n{note}\n1. NAME OF SUBJECT OR TITLE OF INCIDENT 2. DATE SUBMITTED\n"
    kept, removed = strip_text(tmp_path, text)
    assert removed == [note] and "AGENT REPORT" in kept and "NAME OF SUBJECT" in kept
    # Synthetic: the first words alone are a sentence's.
    line = "For use of this form, see the attached memorandum of the Office of Security."
    assert strip_text(tmp_path, f"AGENT REPORT\n{line}\n")[1] == []


def test_a_form_designation_with_its_revision_read_bev_goes(tmp_path: Path) -> None:
    # 2022 docid-32305309 lines 99-113 (jfk-prose dev), cut: FD-36's corner, "Rev." read "Bev.".
    from pipeline.stages.strip.patterns.forms import form_number

    assert form_number("FD-36 (Bev. 5-22-64) i") == "revision"
    text = "\n\nFD-36 (Bev. 5-22-64) i\n\n\n\nDate: Dec 12 1966\n\nTransmit the following in\n"
    kept, removed = strip_text(tmp_path, text)
    assert removed == ["FD-36 (Bev. 5-22-64) i"] and "Date: Dec 12 1966" in kept


def test_a_banner_with_its_authority_on_one_line_goes(tmp_path: Path) -> None:
    # 2022 104-10213-10000 lines 251-263 and 312 (jfk-prose dev), cut: a CIA file content
    # list's page foot, banner and authority on one line, once each in the excerpt.
    for foot in (
        "S-E-C-RaE-T £2 IMPDET CL BY ohist",
        ": wee S-E-C-R-E-T : : oo, _ €2 fMPDET CL BY 912982_",
    ):
        text = (
            "POSSIBLY C2O0SS REFERENCED «SINCE JULY 19700\n\n"
            f"{foot}\n\n\n"
            "o * 23/14/63 MONT-08398 AC 201-0299248 wAS 200-905-041\n"
        )
        kept, removed = strip_text(tmp_path, text)
        assert removed == [foot] and "MONT-08398" in kept
    # Synthetic: a sentence naming the level and the order is no marking.
    line = "SECRET under E2 IMPDET, as CL BY 012982 said."
    assert strip_text(tmp_path, f"They wrote.\n\n{line}\n\nThe end came.\n")[1] == []


def test_a_page_counter_behind_a_word_goes_beside_another_counter(tmp_path: Path) -> None:
    # 2022 104-10110-10306 lines 58-81 and 111-121 (jfk-prose dev), cut: "sort Page 1 of 3",
    # the questionnaire's next page "Page 2 of 3".
    first = "failure.)\n\nSee memo attached\nsort Page 1 of 3\n\nner ey\n\n"
    second = "1 know of none.\n\nPage 2 of 3\n\n\n\nH\ni\n"
    body = "List other Agency personnel who, on the basis of your own personal knowledge or\n\n"
    kept, removed = strip_text(tmp_path, first + body + second)
    assert "sort Page 1 of 3" in removed and "Page 2 of 3" in removed and "Page" not in kept
    # Guards (synthetic): no other counter, or one of another total, leaves it.
    for other in ("", "Page 2 of 4\n"):
        kept, removed = strip_text(tmp_path, first + body + other)
        assert "sort Page 1 of 3" not in removed, other


def test_a_banner_and_a_page_number_together_between_sentence_halves_go(tmp_path: Path) -> None:
    # 2022 104-10170-10022 lines 72-89 (bench/furniture/jfk-2022, dev): the foot's debris, its
    # banner and the next page's number between the halves of one sentence.
    text = (
        "3. Mr. Helma inforned tocha he was changing the Agency\n"
        "contact for the DRE in Miami. He also stated the new co-\n\n"
        "tact would be able to cone to Mr. Helas for any clarification\n\n"
        "\u201cET\n\nStu co\n\n\n\nSECRET\n\n\u2018 3\n\n"
        "needed regarding the relationship. As for a future\n"
        "operational progras for the DRE, Mr. Helms stated he pre-\n"
    )
    kept, removed = strip_text(tmp_path, text)
    assert "SECRET" in removed and "\u2018 3" in removed
    assert "for any clarification" in kept and "needed regarding the relationship" in kept
    # Guard (synthetic): three marks between the halves are no page break's (read on the
    # stage's own evidence, before other evidence removes the marks beside each other).
    from pipeline.stages.ingest import read_text_document
    from pipeline.stages.strip.lines import collect
    from pipeline.stages.strip.page_breaks import cut_sentences

    for marks, cut in (("SECRET\n\n", True), ("SECRET\n\n7\n\nSECRET\n\n", False)):
        path = tmp_path / "marks.txt"
        path.write_text(text.replace("SECRET\n\n", marks), encoding="utf-8")
        lines, _ = collect(read_text_document(path))
        cut_sentences(lines)
        number = next(ln for ln in lines if ln.text == "\u2018 3")
        assert bool(number.sequence) is cut, marks


def test_a_letter_spaced_level_printed_twice_in_an_excerpt_goes(tmp_path: Path) -> None:
    # 2022 104-10130-10282 lines 52-97 (bench/furniture/jfk-2022, dev), cut (the handling stamp
    # above the second banner left out): a CIA name list's page breaks, its banner letter-spaced,
    # twice in the 120-line excerpt.
    names = "3 [EBY,] Dorothy\nEGERTER, Ann G.\n\n3 [FIT Ann M,\n2[ FORD,] Mozelia\n\n"
    text = (
        "DORMINY, Jeok Fe\n(DRURY, P.\n3 (DzuGAN,} Basil\n\nS-E-C-R-E-T\n\n"
        + names
        + "Fy\n\n\nS-E-C-R-EP\n\n"
        "Subject: CI Staff - Negative Replies\n\nCAULEY) Nina L.. 3 Grtcor} audrey P.\n"
    )
    kept, removed = strip_text(tmp_path, text)
    assert {"S-E-C-R-E-T", "S-E-C-R-EP"} <= set(removed) and "S-E-C" not in kept
    assert "EGERTER, Ann G." in kept and "Subject: CI Staff" in kept
    # Guard (synthetic): a level not letter-spaced, printed twice, is no recurrence (read on
    # the recurrence's own evidence; other evidence may still take it).
    from pipeline.stages.ingest import read_text_document
    from pipeline.stages.strip import StripConfig
    from pipeline.stages.strip.evidence import positions
    from pipeline.stages.strip.lines import collect
    from pipeline.stages.strip.marking_evidence import damaged_markings, marking_recurrence

    plain = text.replace("S-E-C-R-E-T", "SECRET").replace("S-E-C-R-EP", "SECRET")
    for body, recurs in ((text, True), (plain, False)):
        path = tmp_path / "list.txt"
        path.write_text(body, encoding="utf-8")
        pages = read_text_document(path)
        lines, by_page = collect(pages)
        positions(pages, by_page, StripConfig())
        damaged_markings(lines)
        marking_recurrence(lines)
        marks = [ln for ln in lines if ln.text.startswith("S")]
        marks = [ln for ln in marks if ln.text in ("S-E-C-R-E-T", "S-E-C-R-EP", "SECRET")]
        assert len(marks) == 2 and all(bool(ln.repeat) is recurs for ln in marks), body
