"""Items of a list or table keep their own lines when the strip stage rejoins wrapped prose.

A line that begins with the leading shape of its neighbours (a time or time range, a date, the
next number or letter of a count, a bullet, a label and its value) is an item, never joined to
the line before it, however long that line is (``reflow.item_shape``, ``reflow.follows``).
Real text from the Talbott release (dev) and synthetic lines, each test saying which.
"""

from __future__ import annotations

import json
import re

import pytest
from test_strip import replay, strip_lines

from pipeline.core.records import Page
from pipeline.core.results import Removal, StripResult
from pipeline.stages.strip import StripConfig, strip
from pipeline.stages.strip.list_items import follows, item_shape

# Deputy Secretary Talbott's schedule, State Department release C06685800 (Talbott corpus, dev
# split), page 1 as the release's text gives it, its release stamps left out. Before, the long
# items "9:00 - 9:30 ASSISTANT SECRETARIES MEETING" and "14TH & F STR., NW -- BALLROOM/13TH FLR"
# ran on into the next item.
TALBOTT_SCHEDULE = [
    "DEPUTY SECRETARY TALBOTT'S SCHEDULE",
    "NOVEMBER 9, 1995",
    "9:00 - 9:30 ASSISTANT SECRETARIES MEETING",
    "9:30 - 10:00 BOSNIA MEETING",
    "10:00 - 11:00 STUDY TIME",
    "11:00 - 11:10 FLAVIO COTTI - (SWISS FORMIN) -- CC",
    "(W/AMB. CARLO JAGMETTI & KORNBLUM)",
    "11:45 - 12:00 PRESS GUIDANCE",
    "12:10 - 12:20 DEPART DOS W/VN, JL",
    "12:20 - 2:00 ADDRESS NAT'L PRESS CLUB LUNCHEON",
    "14TH & F STR., NW -- BALLROOM/13TH FLR",
    "2:00 - 2:15 RETURN DOS",
    "3:00 - 3:30 ROGER COHEN, NYTS",
    "3:45 - 3:55 LYNN DAVIS",
    "5:00 5:45 JOAN SPERO",
    "(W/TARNOFF, WATSON & TARULLO)",
    "5:45 - 6:00 TED MCNAMARA",
]


def test_a_schedules_times_each_keep_their_line():
    # Real (Talbott C06685800, dev): every entry that starts with a time starts a line.
    _, text = strip_lines(TALBOTT_SCHEDULE)
    out = text.split("\n")
    for line in TALBOTT_SCHEDULE:
        if item_shape(line) == ("time", None):
            assert any(o.startswith(line) for o in out), (line, out)
    assert "9:00 - 9:30 ASSISTANT SECRETARIES MEETING" in out
    assert "2:00 - 2:15 RETURN DOS" in out


def test_numbered_items_in_sequence_keep_their_lines_however_long():
    # Synthetic: a numbered list whose items each fill the line.
    items = [
        "1. THE DELEGATION WILL ARRIVE IN GENEVA ON MONDAY EVENING AND MEET THE",
        "2. THE MINISTER WILL HOST A WORKING DINNER FOR THE HEADS OF DELEGATION AT",
        "3. THE PLENARY SESSION OPENS ON TUESDAY MORNING WITH STATEMENTS BY THE",
        "4. THE WORKING GROUPS MEET IN THE AFTERNOON ON THE TEXT OF THE DRAFT",
    ]
    _, text = strip_lines(["SCHEDULE OF THE TALKS", "", *items])
    assert text.split("\n\n")[1].split("\n") == items


def test_a_count_out_of_sequence_is_a_wrapped_sentence():
    # Synthetic, the class the old list rule guards: in capitals a wrapped paragraph's next line
    # may begin with a day and a full stop; "12." does not follow "3.", so the lines join.
    lines = [
        "3. THE MINISTER SAID THE TALKS WOULD RESUME IN GENEVA AFTER THE RECESS ON JUNE",
        "12. YEREVAN HAS NOT YET REPLIED TO THE PROPOSAL OF THE CO-CHAIRMEN ON THE",
        "CORRIDOR AND THE DELEGATIONS WILL MEET AGAIN BEFORE THE END OF THE MONTH.",
    ]
    _, text = strip_lines(lines)
    assert text == " ".join(lines)


def test_a_time_at_the_start_of_one_wrapped_line_is_still_prose():
    # Synthetic: a time that begins one line of a paragraph has no neighbour of its shape.
    lines = [
        "The delegations met in the small conference room on the fourth floor at",
        "10:30 and talked for more than two hours about the withdrawal of forces",
        "from the occupied districts and the return of the displaced persons there.",
    ]
    _, text = strip_lines(lines)
    assert text == " ".join(lines)


def test_lettered_dated_and_bulleted_items_keep_their_lines():
    # Synthetic: three lists whose long items would otherwise read as wrapped prose.
    lettered = [
        "(a) the withdrawal of forces from the occupied districts around the enclave;",
        "(b) the return of the displaced persons to their homes under the monitors;",
        "(c) the reopening of the roads and the railway between the two republics;",
    ]
    dated = [
        "12/3/95 Minsk Group co-chairmen meet the parties in Helsinki about the text",
        "12/9/95 the Azerbaijani side answers the draft with its own set of proposals",
        "12/14/95 the co-chairmen report to the OSCE Permanent Council in Vienna now",
    ]
    bullets = [
        "- the parties confirm the ceasefire of May 1994 and the lines of contact as",
        "- the monitors report each week to the Chairman-in-Office about incidents",
        "- the co-chairmen will visit the region again before the end of the month",
    ]
    for items in (lettered, dated, bullets):
        _, text = strip_lines(["The proposal, in short:", "", *items])
        assert text.split("\n\n")[1].split("\n") == items


def test_item_shapes_mask_digits_and_count():
    # Synthetic: the shapes compared, the count followed.
    assert item_shape("5:00 5:45 JOAN SPERO") == item_shape("12:20 - 2:00 ADDRESS")
    assert item_shape("14TH & F STR., NW") is None
    assert item_shape("(W/TARNOFF, WATSON & TARULLO)") is None
    assert follows(item_shape("(a) the"), item_shape("(b) the"))
    assert not follows(item_shape("(a) the"), item_shape("(c) the"))
    assert not follows(item_shape("9:00 MEETING"), item_shape("12/3/95 MEETING"))


def test_a_stray_colon_after_a_function_word_is_not_a_label():
    # Real (JFK 2022 release 176-10036-10147, dev, lines 174-179): damaged capitals whose OCR put
    # colons after words; "WITH:", "AND:" and "BUT COULD COMMUN I CATE:" are not a table's labels.
    lines = [
        "WITH: THE “UNITED STATES-AND “IT WOULD’ BE AN “IMMORAL ACT! TO EXPLORE. .",
        "_MATTERS WITH THE DRV WITHOUT . AMER CAN‘:KNOWLEDGE ,..AND. THAT: COMMERCIAL",
        "RELATIONS WITH THE’ DRV. WOULD ENTAIL’ INEV.CTABLE POLITICAL. REPERCUSS!ONS",
        "AND: LEAD TO:A: WEAKENING “OF MORALE OF ‘THE: SOUTH ‘VIETNAMESE ARMED :.",
        'FORCES.”.” NHU* COMMENTED THAT. ‘HE HAD NO. "SECRET -CHANNEL".:TO THE ORV',
        "BUT COULD COMMUN I CATE: WITH ‘THE. DRV:AT ANY. TIME THROUGH",
    ]
    _, text = strip_lines(lines)
    assert "REPERCUSS!ONS AND: LEAD" in text
    assert "ORV BUT COULD" in text


def test_a_dash_after_a_bulleted_paragraph_is_not_its_next_item():
    # Real (JFK 2022 release 176-10036-10085, dev, its line 83 cut short, lines 89-92): a
    # paragraph that began "* AP" goes on with a dash that OCR put at a line's start.
    lines = [
        "* AP UPROLDING THE HARDSHIP-BEARING SPIRIT. . MEANWETLE, VC. ADMINISTRATIVE’",
        "SECONDARY AND BRING IN ONLY. SOME SUPPORT IN THE FORM OF “TAXES. THE VC ARE MEETING",
        ": GREAT DIFFICULTIES AT THE PRESENT <TIME,..BUT THE SVN PROBLEM WILL BE SOLVED BY",
        "- penerarroNA POLITICS AND INTERNAL MILITARY. MEASURES, I.E. STRONG ATTACKS. (SOURCE",
        '“COMMEND! ‘THE SOLUTION THROUGH’ "INTERNATIONAL FOLITICS" REFERS. 0 THE BELIEP THAT,',
    ]
    _, text = strip_lines(lines)
    assert "SOLVED BY - penerarroNA" in text


def test_speaker_labels_are_items_and_a_name_in_a_sentence_is_not_a_label():
    # Real (JFK 2022 release 176-10030-10085, dev, an interview transcript): speakers' turns
    # keep their lines; "Powell . Jack Bowles: was" carries a wrapped sentence on.
    turns = [
        "Send, vhet the hell was that called. ie Oe",
        "O'BRIEN: a ’ fbperations Coordinating Board le",
        "LANSDALE: Yes, the OCB9 I pointed out that the one good thing about it was that",
    ]
    _, text = strip_lines(turns)
    assert text.split("\n")[1:] == turns[1:]
    assert item_shape("Powell . Jack Bowles: was a Navy Captain") is None
    assert item_shape("MR. PEREIRA: I think") == ("label", None)


# ---------------------------------------------------------------------------------------------
# Joins and their records

WRAPPED = [
    "The co-chairmen met the two delegations in Helsinki and discussed the long-",
    "term arrangements for the corridor, the return of the displaced and the negoti-",
    "ations on the status of the region, which both sides agreed to continue in",
    "Vienna after the summit.",
]


def _kept_squashed(page: Page, result: StripResult) -> str:
    """The source with every removal cut out (hyphen records too), whitespace taken out."""
    kept = []
    for i, line in enumerate(page.lines):
        chars = list(line.text)
        for r in result.removals:
            if r.line == i:
                chars[r.start : r.end] = [""] * (r.end - r.start)
        kept.append("".join(chars))
    return re.sub(r"\s+", "", "".join(kept))


def test_every_hyphen_taken_out_at_a_join_is_recorded():
    # Synthetic, and the Talbott schedule (real, dev): the source less its removals is the
    # stripped text, whitespace aside; hyphens are compared too (test_strip's accounting check
    # lets hyphens differ), so a hyphen dropped at a join without a record fails here.
    for lines in (WRAPPED, TALBOTT_SCHEDULE):
        page = Page.from_text(1, "\n".join(lines))
        result = strip([page], StripConfig())
        assert _kept_squashed(page, result) == re.sub(r"\s+", "", result.text)
    assert "negotiations" in strip([Page.from_text(1, "\n".join(WRAPPED))]).text


def test_every_line_break_joined_is_recorded():
    # Synthetic: wrapped lines joined by a space, and two words broken at the line end joined
    # whole; the page's one line-join record lists each line whose break went, and the records
    # alone rebuild the stripped text (test_strip.replay).
    page = Page.from_text(1, "\n".join(WRAPPED))
    result = strip([page], StripConfig())
    assert "continue in Vienna" in result.text
    (join,) = result.joins
    assert join.kind == "line-join" and (join.page, join.line) == (1, 0)
    assert (join.start, join.end, join.text) == (len(WRAPPED[0]), len(WRAPPED[0]), "")
    assert join.space_lines == (2,) and join.word_lines == (0, 1)
    assert replay([page], result.records()) == result.text
    assert join not in result.removals  # a join removes no text: not counted as a removal
    assert Removal.from_dict(join.to_dict()) == join
    assert join.to_dict()["joins"] == {"space": [2], "word": [0, 1]}


def test_lines_joined_across_a_page_are_recorded_on_the_page_they_leave():
    # Synthetic: a paragraph cut by a page break goes on from page 1's last line (line 2; line
    # 1 ends its sentence and keeps its break); that line's break is on page 1's record.
    one = [*WRAPPED[2:], "We agreed that the talks would go on in Geneva in April, after the"]
    two = ["elections, with both delegations at the table and the mediators present."]
    pages = [Page.from_text(1, "\n".join(one)), Page.from_text(2, "\n".join(two))]
    result = strip(pages, StripConfig())
    assert "after the elections" in result.text
    assert [(j.page, j.space_lines) for j in result.joins] == [(1, (0, 2))]
    assert replay(pages, result.records()) == result.text


def test_keeping_line_joins_keeps_every_printed_line():
    # Synthetic: --keep-furniture line-join leaves the printed lines (and their hyphens) as
    # they were, and records no join.
    page = Page.from_text(1, "\n".join(WRAPPED))
    result = strip([page], StripConfig(keep_kinds=frozenset({"line-join"})))
    assert result.text == "\n".join(WRAPPED) and result.joins == ()
    assert [r for r in result.removals if r.kind == "line-end-hyphen"] == []


def test_raw_text_and_removed_jsonl_alone_give_the_stripped_text(tmp_path):
    # Synthetic text input over two pages (a form feed between), run as a user runs it: the
    # files alone rebuild stripped.txt, and the line joins are not counted as removals.
    from pipeline.core.config import RunConfig
    from pipeline.runner import run_batch

    one = [*WRAPPED, "We agreed that the talks would go on in Geneva in April, after the"]
    two = ["elections, with both delegations at the table and the mediators present."]
    source = tmp_path / "talks.txt"
    source.write_text("\n".join(one) + "\f" + "\n".join(two) + "\n", encoding="utf-8")
    report = run_batch([source], RunConfig(out_dir=tmp_path / "out", jobs=1, correct=False))
    assert not report.failed
    folder = tmp_path / "out" / "talks"
    raw = (folder / "raw.txt").read_text(encoding="utf-8").rstrip("\n")
    pages = [Page.from_text(n, text) for n, text in enumerate(raw.split("\f"), 1)]
    lines = (folder / "removed.jsonl").read_text(encoding="utf-8").splitlines()
    records = [Removal.from_dict(json.loads(x)) for x in lines]
    stripped = (folder / "stripped.txt").read_text(encoding="utf-8")
    assert replay(pages, records) + "\n" == stripped
    assert [r.kind for r in records].count("line-join") == 1
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    assert "line-join" not in meta["removed"]


def test_a_title_keeps_its_own_line_above_its_date_line():
    # Real (Talbott C06685800, dev): in a document of short lines the title is as long as the
    # lines around it and read as wrapped; it ran on into "NOVEMBER 9, 1995".
    _, text = strip_lines(TALBOTT_SCHEDULE)
    assert text.split("\n")[:2] == ["DEPUTY SECRETARY TALBOTT'S SCHEDULE", "NOVEMBER 9, 1995"]


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        # Synthetic: a sentence that runs into its date (a small word, a comma, a preposition)
        # or out of it (the next line in small letters) is joined as before.
        (["THE TWO DELEGATIONS SIGNED THE AGREEMENT ON", "NOVEMBER 9, 1995"], True),
        (["The ministers met in Baku and agreed to meet again", "November 9, 1995"], True),
        (["THE TALKS BETWEEN THE TWO DELEGATIONS WILL CONTINUE UNTIL", "NOVEMBER 9, 1995"], True),
        (["The ministers agreed to meet again in Baku on Tuesday,", "November 9, 1995"], True),
        # Synthetic: a place over a letter's date.
        (["EMBASSY OF THE UNITED STATES OF AMERICA, BAKU", "November 9, 1995"], False),
        (["Embassy of the United States of America, Baku", "Tuesday, 9 November 1995"], False),
    ],
)
def test_a_date_line_is_joined_only_where_a_sentence_runs_through_it(lines, joined):
    # Filler of the same length first, so the lines are as long as the document's lines.
    filler = ["THE MINISTERS MET IN BAKU AND AGREED TO MEET AGAIN SOON.", ""]
    _, text = strip_lines([*filler, *lines])
    assert (" ".join(lines) in text) is joined, text
