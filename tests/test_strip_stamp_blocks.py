"""Furniture known by the lines around it (issue 14, session 26): stamps of several lines read as
a block, a repeated footer wrapped over two lines, NARA's footer record number without its "NW",
page numbers a numbering machine stamped, a form's designation cut into short lines, a worn
teletype page header known by the telegram's other headers, a cable's page head under a
handwritten number.

In the wild: the lines are OCR lines of NARA JFK releases (noops888/jfk-files-text @55840853),
dev: the 2023 and 2025 files held in bench/furniture/jfk-recent/ (the documented exception in
bench/splits.json), the 2018 and 2021 files by release year (bench/furniture/jfk-state/ or the
release itself), each named with its file and line. Documents are built from them with a body
between (a synthetic arrangement of real lines); the negatives are synthetic where they say so.
"""

from __future__ import annotations

from test_strip import run

from pipeline.core.records import Page

# 2025 104-10063-10160 lines 273-279 (jfk-recent, dev): a cable's body.
BODY = [
    "WOULD APPRECIATE STATION CONFIRMATION THAT",
    "WRIGHT AND HOLDER HAVE TRAVELED OUTSIDE ALGIERS AND",
    "ANY OTHER COMMENTS/ OBSERVATIONS RE ABOVE ALLEGED TRAVELS,",
    "ETC. E2 IMPDET WN-SISM.",
]
# 2023 124-10332-10043 lines 95-109 (jfk-recent, dev): an FBI memorandum's body.
PROSE = [
    "Informants utilized in the letterhead memorandum",
    "AT MIAMI, FLORIDA",
    "Will, through appropriate sources and informants,",
    "continue to investigate the activities of PRIO,",
]


def _page(number: int, lines: list[str]) -> Page:
    return Page.from_text(number, "\n\n".join(lines))


def _removed(pages: list[Page]) -> dict[str, tuple[str, tuple[str, ...]]]:
    result = run(pages)
    return {r.text: (r.kind, r.evidence) for r in result.removals}


def test_a_damaged_line_of_the_cia_handling_stamp_goes_with_the_stamp() -> None:
    # 2025 104-10301-10010 lines 665-669: "Bockground Was Cry" reads as no stamp line alone.
    stamp = ["RETURNTO CIA", "Bockground Was Cry", "Do Not Rope tuce"]
    removed = _removed([_page(1, [*BODY, *stamp])])
    assert set(stamp) <= set(removed)
    assert "block" in " ".join(removed["Bockground Was Cry"][1])
    assert not set(BODY) & set(removed)


def test_a_stamp_line_cut_in_two_goes_as_its_two_pieces() -> None:
    # 2025 104-10162-10120 lines 145-151: "Do Not Reproduce" read as "Do Not Res" / "roduce".
    stamp = ["RETURN TO CIA", "Background Jse Only", "Do Not Res", "roduce"]
    removed = _removed([_page(1, [*BODY, *stamp])])
    assert {"Do Not Res", "roduce"} <= set(removed)


def test_the_cia_release_stamp_is_known_as_a_block_of_its_lines() -> None:
    # 2025 180-10145-10302 lines 29-43: the stamp's lines, its date field between them.
    stamp = ["Central Intelligence Agency", "has no Objection to Release", "Date.", "ASSANITIZED"]
    around = ["terconality ile Request", *stamp, "2003", "Befortedly.an agent. of DIER"]
    removed = _removed([_page(1, [*PROSE, *around, *PROSE])])
    assert {"Central Intelligence Agency", "has no Objection to Release", "ASSANITIZED"} <= set(
        removed
    )
    assert "Befortedly.an agent. of DIER" not in removed


def test_the_agency_named_in_a_letter_is_no_stamp() -> None:
    # Synthetic: the agency's name as a letter's line, a sentence about release under it.
    letter = [
        "Central Intelligence Agency",
        "Washington, D.C. 20505",
        "The Agency has no objection to release of the enclosed",
        "documents to the Committee.",
    ]
    removed = _removed([_page(1, [*letter, *PROSE])])
    assert not set(letter) & set(removed)


def test_the_fbi_stamps_first_line_damaged_goes_with_its_second() -> None:
    # 2023 124-10332-10043 lines 85-91: the caption read past the one-line fuzzy match.
    stamp = [
        "DECLASSIEICATION ALTECEITE DEBIJED ERDI:",
        "FBI AUTOMATIC DECLASSIDICATION CULLE",
        "DATE 00-16-2023",
        "BY: F51493442",
    ]
    removed = _removed([_page(1, PROSE), _page(2, [*stamp, "MM 2-165", *PROSE])])
    assert set(stamp) <= set(removed)
    assert removed[stamp[0]][0] == "release-stamp"


def test_the_task_force_box_with_its_head_damaged() -> None:
    # 2021 docid-32340308 lines 783-797 (jfk-state, dev).
    box = ["REVENED BY AOTA TASK FORCE", "ON 10/2/57 cat", "RELEASE IN FULL", "RELEASE IS PART"]
    kept = ["Security Division,", "U, S. Department of State"]
    removed = _removed([_page(1, [*PROSE, *kept, *box, "Location", *PROSE])])
    assert {"REVENED BY AOTA TASK FORCE", "RELEASE IN FULL", "RELEASE IS PART"} <= set(removed)
    assert not set(kept) & set(removed)


def test_the_cover_sheets_handling_caption_a_word_to_a_line() -> None:
    # 2023 177-10002-10098 lines 125-141 (jfk-recent, dev).
    sheet = [
        "DATE",
        "VM/15",
        "Handle Via",
        "COMINT",
        "Channels",
        "Access to this document will be restricted to",
        "those approved for the following specific activities:",
    ]
    removed = _removed([_page(1, [*PROSE, *sheet])])
    assert {"Handle Via", "COMINT", "Channels"} <= set(removed)
    assert "VM/15" not in removed


def test_a_repeated_footer_wrapped_over_two_lines_goes_too() -> None:
    # 2023 177-10002-10098 (jfk-recent, dev): the footer whole on every page (line 263 ...) but
    # one, where the export wrapped it (lines 1105-1107).
    foot = "For The President Only - Top Secret"
    pages = [_page(n, [*PROSE, foot]) for n in range(1, 4)]
    pages.append(_page(4, [*PROSE, "For The President Only - Top", "Secret"]))
    removed = _removed(pages)
    assert {"For The President Only - Top", "Secret"} <= set(removed)
    assert not set(PROSE) & set(removed)


def test_the_footers_record_number_without_nw() -> None:
    # 2025 124-10332-10047 lines 311-315 (jfk-recent, dev): "NW 50953" read "30953".
    removed = _removed([_page(1, [*PROSE, "30953", "Doold: 32313773", "Page 1"])])
    assert "30953" in removed


def test_a_year_over_a_whole_footer_stays() -> None:
    # 2021 docid-32348683 lines 132-138 (2021 release, dev): a dispatch's date field over a
    # footer that has its NW number.
    lines = ["DATE DESPATCHED", "MAN 5", "1965", "N365924 Docld:32348683 Page 2"]
    removed = _removed([_page(1, [*PROSE, *lines])])
    assert "1965" not in removed


def test_stamped_page_numbers_counting_the_pages() -> None:
    # 2025 180-10145-10302 lines 277, 347, 447 (jfk-recent, dev): HSCA's numbering machine at
    # the foot of pages 4, 5 and 7.
    feet = {4: "013445", 5: "C10.3446", 7: "000.3448"}
    pages = [_page(n, [*PROSE, *([feet[n]] if n in feet else [])]) for n in range(1, 8)]
    removed = _removed(pages)
    assert set(feet.values()) <= set(removed)
    assert removed["C10.3446"][0] == "page-number"


def test_numbers_at_page_feet_that_do_not_count_the_pages_stay() -> None:
    # Synthetic: a table's totals at two page feet.
    pages = [_page(1, [*PROSE, "104,220"]), _page(2, [*PROSE, "99,871"]), _page(3, PROSE)]
    removed = _removed(pages)
    assert not {"104,220", "99,871"} & set(removed)


def test_a_designation_cut_into_short_lines() -> None:
    # 2025 104-10063-10160 lines 209-219 (jfk-recent, dev), and the same form's foot on its last
    # page with the edition note cut off (lines 305-315): the bare designation goes too, its
    # number printed with the note on page 1.
    notice = "THIS FORM FOR USE BY AUTHORIZED RESTRICTED HANDLING MESSAGE USERS ONLY!"
    page1 = [*BODY, "EZ, UAPDET CL BY: -", notice, "jORM", "0.72 3205 USE PREVIOUS", "EDITIONS"]
    page2 = [*BODY, "E-2, IMPDET CL BY:", notice, "FORM", "10-72 3205", "USE", "(20-44)"]
    removed = _removed([_page(1, page1), _page(2, page2)])
    assert {"jORM", "0.72 3205 USE PREVIOUS", "EDITIONS", "FORM", "10-72 3205", "USE"} <= set(
        removed
    )
    assert "EZ, UAPDET CL BY: -" not in removed


def test_an_address_over_the_edition_note_stays() -> None:
    # 2018 104-10161-10443 lines 57-61 (2018 release, dev): a form's address field.
    lines = ['"ADORESS OF RECIPIENT', "119DSt., N. E.", "\u2018USE PREVIOUS EDITIONS"]
    removed = _removed([_page(1, [*PROSE, *lines])])
    assert "119DSt., N. E." not in removed


# 2018 104-10433-10178 (jfk-state, dev): 1968 State telegrams, one text page; headers read whole
# (lines 70, 213) and worn (lines 19, 272).
HEAD_1 = "PAGE 01. TEGUCI 02308 1416402 a6 | SO"
HEAD_2 = "PAGE @1 STATE - 181198 bad t"
WORN = ["\u201c paGE 01 TEGUCL o2ses 14re4oZ f", "PAGE Bi STAJE 331198"]


def test_a_worn_teletype_header_known_by_the_telegrams_headers() -> None:
    lines = [HEAD_1, *BODY, WORN[0], *BODY, HEAD_2, *BODY, WORN[1], *BODY]
    removed = _removed([_page(1, lines)])
    assert set(WORN) <= set(removed)
    assert removed[WORN[1]][0] == "teletype-header"


def test_a_worn_header_alone_or_a_sentence_naming_a_page_stays() -> None:
    # Without headers read whole in the document, the worn one is left; a sentence with a page
    # number (synthetic) is no header either way.
    sentence = "PAGE 12 OF THE REPORT 1234"
    removed = _removed([_page(1, [*BODY, WORN[1], *BODY])])
    assert WORN[1] not in removed
    removed = _removed([_page(1, [HEAD_1, *BODY, HEAD_2, *BODY, sentence, *BODY])])
    assert sentence not in removed


def test_a_cables_page_head_under_a_handwritten_number() -> None:
    # 2025 104-10186-10021 lines 87-95 (jfk-recent, dev).
    head = "PAGE 2 SAN SALVADOR ORS8 SECRET"
    pages = [_page(1, PROSE), _page(2, ["14-00000", "16-26", head, *BODY])]
    removed = _removed(pages)
    assert head in removed
    assert not set(BODY) & set(removed)


def test_the_cover_sheets_caption_under_its_level() -> None:
    # 2023 177-10002-10098 lines 141-145 (jfk-recent, dev).
    foot = ["Unauthorized Disclosure Subject to Criminal Sanctions", "TOP SECRET"]
    removed = _removed([_page(1, [*PROSE, *foot, "(Security Classification)"])])
    assert "(Security Classification)" in removed


def test_the_government_printing_offices_imprint() -> None:
    # 2025 180-10060-10465 line 663 (jfk-recent, dev), at the House payroll form's head; a
    # sentence naming the GPO (synthetic) stays.
    sentence = "The GPO printed 1975 copies of the report for the Committee."
    removed = _removed(
        [_page(1, PROSE), _page(2, ["\u00a1GPO: 1975 O\u00f7 57-255", *PROSE, sentence])]
    )
    assert "\u00a1GPO: 1975 O\u00f7 57-255" in removed
    assert sentence not in removed


def test_a_page_number_in_words_beside_the_forms_banner() -> None:
    # 2025 104-10063-10160 lines 265-273 (jfk-recent, dev): the message form's PAGE box.
    head = ["CLASSIFIED MESSAGE", "SECRET", "THREE"]
    removed = _removed([_page(1, PROSE), _page(2, [*head, "2.", *BODY])])
    assert "THREE" in removed
    removed = _removed([_page(1, [*BODY, "THREE", *PROSE])])
    assert "THREE" not in removed  # a number word inside the text, nothing beside it


def test_the_first_pages_header_with_the_running_headers_number() -> None:
    # 2018 104-10326-10072 lines 10, 62, 141 (jfk-state, dev): a 1995 CIA cable.
    first = "95 1447145 ASP PAGE 001: IN 1447145"
    lines = [first, "TOR: 231724Z AUG 95 61839", *BODY]
    lines += ["MHFNO: 95-1447145 SENSIND: PAGE: 2", *PROSE, "MHFNO: 95-1447145 SENSIND: PAGE: 3"]
    removed = _removed([_page(1, [*lines, *BODY])])
    assert first in removed
    assert "TOR: 231724Z AUG 95 61839" not in removed


def test_the_footer_with_page_one_read_as_a_letter() -> None:
    # 2025 180-10060-10465 lines 221-223 (jfk-recent, dev).
    result = run([_page(1, [*PROSE, "NW 88326", "Docid: 32239473 Page l\u2022 bmb."])])
    cut = [r.text for r in result.removals]
    assert "Docid: 32239473 Page l\u2022" in cut


def test_a_cables_opening_under_the_whole_stamp_stays() -> None:
    # 2025 104-10063-10160 lines 66-74 (jfk-recent, dev): the stamp read whole, then the cable's
    # own first line, which reads a little like the stamp's second line.
    stamp = ["RETURN TO CIA", "Background Use Only", "Do Not Reproduce"]
    opening = "FYI AND BACKGROUND ONLY :"
    removed = _removed([_page(1, [*stamp, opening, "GEORGE LORENZO MAT THE W S ALSO KNOWN AS"])])
    assert set(stamp) <= set(removed)
    assert opening not in removed


def test_a_sentence_naming_a_page_and_the_cables_number_stays() -> None:
    # Synthetic, beside the 1995 cable's running headers (2018 104-10326-10072, jfk-state dev).
    sentence = "SEE PAGE 5 OF 1447145"
    lines = ["MHFNO: 95-1447145 SENSIND: PAGE: 2", *BODY, *PROSE, *BODY, *PROSE, *BODY]
    lines += [*PROSE, sentence, *BODY, "MHFNO: 95-1447145 SENSIND: PAGE: 3", *PROSE]
    removed = _removed([_page(1, lines)])
    assert "MHFNO: 95-1447145 SENSIND: PAGE: 2" in removed
    assert sentence not in removed


def test_a_reference_run_into_a_footer_is_not_taken_as_a_header() -> None:
    # 2018 docid-32989749 (2018 release, dev): NARA's footers, OCR-damaged past the footer
    # pattern, one with a file reference run into it (line 295).
    footers = ["NW 55951 DoolId:32989749 Page 70", "\u2018NW 55051 DoclId:32989749 Page 95 ~"]
    run_in = "Nw 550 FEL 32989749 Page 7 (See Burlid #63-117290)"
    lines = [*PROSE, run_in, *BODY, footers[0], *PROSE, footers[1], *BODY]
    removed = _removed([_page(1, lines)])
    assert run_in not in removed
