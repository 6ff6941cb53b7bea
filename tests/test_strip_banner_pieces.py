"""Banners beside a cable's header, not beside any form's "FROM:" (issue 14, session 23).

In the wild: the lines are OCR lines of NARA JFK releases (noops888/jfk-files-text @55840853),
dev by release year (2018, 2021), each named with its file and page; "PARA" is real body text of
the same releases.
"""

from __future__ import annotations

from test_strip import run

from pipeline.core.records import Page

# 2021 docid-32354257 page 3 (dev): a cable's last paragraph.
PARA = "COOPERATIVE, AGREED TO INTERVIEW IN NEW YORK. SUGGEST HQS ARRANGE DEBRIEFING."


def _removed(lines: list[str]) -> list[str]:
    result = run([Page.from_text(1, "\n\n".join(lines))])
    return [r.text for r in result.removals]


def test_a_level_beside_a_cable_headers_from_field_is_its_banner():
    # 2018 104-10132-10144 page 1 lines 2-18: the cable's "CLASSIFIED MESSAGE" a few lines up
    # makes "FROM: DIRECTOR" the cable's header field.
    lines = [
        PARA,
        "J _,CLASSIFIED MESSAGE “1202",
        "J NO INDEX",
        "9: DAMASCES",
        "SECRET",
        "FROM: DIRECTOR... : atest Peict hos a a",
        PARA,
    ]
    assert "SECRET" in _removed(lines)


def test_a_level_beside_a_routing_sheets_from_field_stays():
    # 2021 docid-32358513 page 3 lines 2-28: a routing sheet's check-box column of levels over
    # its title and its "FROM:" / "TO:" fields; no cable marking anywhere near.
    lines = [
        PARA,
        "INTERNAL",
        "ROUTING AND RECORD SHEET",
        "SECRET",
        "SUBJECT: (Optional)",
        "FROM: - WAK/Mo/Eg C",
        "WH/C/COPS",
        "TO: (Officer designation..: room number, and",
        "building)",
        PARA,
    ]
    assert "SECRET" not in _removed(lines)
