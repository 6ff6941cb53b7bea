"""A cable's header field keeps its own line above the first numbered paragraph (issue 14,
session 35: a fresh user's finding).

Synthetic: a State cable's header as the seed cable prints it (E.O., TAGS, SUBJECT), its
SUBJECT line long enough to read as a wrapped line, then "1. The Ambassador ...".
"""

from __future__ import annotations

from pathlib import Path

from test_strip_markings_evidence import strip_text

HEAD = (
    "E.O. 12958: DECL: 05/04/2007\n"
    "TAGS: PREL, AJ\n"
    "SUBJECT: AMBASSADOR'S MEETING WITH PRESIDENT ALIYEV\n"
    "{next}\n"
    "pipeline and the talks on Nagorno-Karabakh.\n\n"
    "2. Aliyev said that he would go on with the talks.\n"
)


def test_the_subject_line_is_not_joined_to_paragraph_one(tmp_path: Path) -> None:
    first = "1. The Ambassador met President Aliyev on May 3"
    kept, _ = strip_text(tmp_path, HEAD.format(next=first))
    assert "PRESIDENT ALIYEV\n1. The Ambassador" in kept


def test_a_long_line_of_text_still_carries_on_into_a_number(tmp_path: Path) -> None:
    # Synthetic guard: a line of text that stopped mid-sentence carries on over a number at the
    # next line's start, as before.
    text = HEAD.replace(
        "SUBJECT: AMBASSADOR'S MEETING WITH PRESIDENT ALIYEV",
        "THE AMBASSADOR SAID THE MEETING WITH PRESIDENT ALIYEV WOULD BE ON JUNE",
    ).format(next="12. THE TALKS WENT ON AFTER THE MEETING WITH THE PRESIDENT ON THE")
    kept, _ = strip_text(tmp_path, text)
    assert "ON JUNE 12. THE TALKS" in kept
