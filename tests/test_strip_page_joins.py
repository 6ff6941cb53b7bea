"""How the strip stage joins body lines at a page break and beside kept furniture.

Two defects a fresh user found (session 34): a page whose last line ended a sentence was run on
into the next page's first line when that last line was long (a full line is no evidence that
the paragraph goes on), and ``--keep-furniture banner`` changed the joins between body lines (a
banner kept at a line's end hid the sentence's end, so a ``line-join`` record appeared that a
normal run does not make). Synthetic pages (``test_strip.ocr_line``'s boxes) and the seed cable
(``tests/data/strip``, State Department release FL-2017-13804, dev).
"""

from __future__ import annotations

from test_strip import HEIGHT, SEED, ocr_line, run

from pipeline.core.records import Line, Page, PageSource
from pipeline.stages.strip import StripConfig


def banner_page(n: int, body: list[str]) -> Page:
    """A page of ``body`` lines (one printed line each), a banner over it and a page number and
    banner under it, with word boxes."""
    lines = [ocr_line("CONFIDENTIAL", 60), Line("")]
    lines += [ocr_line(t, 400 + 60 * i) for i, t in enumerate(body)]
    lines += [Line(""), ocr_line(str(n), HEIGHT - 200), ocr_line("CONFIDENTIAL", HEIGHT - 140)]
    return Page(n, tuple(lines), PageSource.OCR, width=2550, height=HEIGHT, dpi=300)


FIRST = [
    "THE DELEGATION MET ON MONDAY TO CONSIDER THE PROPOSALS THAT",
    "THE MINISTER HAD BROUGHT FROM THE CAPITAL AFTER THE TALKS IN",
]


def test_a_full_last_line_ending_a_sentence_ends_the_paragraph():
    """Before: the full line's "TOO." ran on into "THE TALKS RESUMED" with a space."""
    p1 = banner_page(1, [*FIRST, "GENEVA LAST WEEK WITH THE PARTIES AND THEIR NEIGHBOURS TOO."])
    p2 = banner_page(
        2,
        [
            "THE TALKS RESUMED IN GENEVA ON TUESDAY WITH THE SAME AGENDA",
            "AS BEFORE AND NO NEW PROPOSALS FROM EITHER SIDE.",
        ],
    )
    result = run([p1, p2])
    assert "NEIGHBOURS TOO.\n\nTHE TALKS RESUMED" in result.text
    assert [(j.page, j.space_lines) for j in result.joins] == [(1, (2, 3)), (2, (2,))]


def test_a_stop_before_small_letters_at_a_page_break_goes_on():
    """An abbreviation's stop at a page's end ("the U.S." / "delegation said"): the next page
    goes on in small letters, the sentence with it (before: a new paragraph)."""
    p1 = banner_page(1, ["The minister met the delegation on Monday and he spoke with the U.S."])
    p2 = banner_page(2, ["delegation about the proposals that it had made to the parties."])
    result = run([p1, p2])
    assert "with the U.S. delegation about" in result.text


def test_a_page_that_goes_on_mid_sentence_is_still_joined():
    p1 = banner_page(1, [*FIRST, "GENEVA LAST WEEK WITH THE PARTIES AND THEIR NEIGHBOURS AND"])
    p2 = banner_page(2, ["THE TALKS RESUMED IN GENEVA ON TUESDAY."])
    assert "NEIGHBOURS AND THE TALKS RESUMED" in run([p1, p2]).text


def join_records(config: StripConfig | None = None) -> set[tuple[int, int, str]]:
    """The seed's line breaks taken out: (page, line, "space" or "word")."""
    result = run([Page.from_text(1, SEED)], config)
    return {
        (j.page, line, how)
        for j in result.joins
        for how, lines in (("space", j.space_lines), ("word", j.word_lines))
        for line in lines
    }


def test_keeping_a_banner_adds_no_join_between_body_lines():
    """The seed's line 38 ends "... Minsk Conference. CONFIDENTIAL CONFIDENTIAL" (a banner
    glued to the line, a span). Kept, it hid the stop: line 38 was run on into line 42 over the
    page number (before: a line-join record for line 38 that a normal run does not make)."""
    kept = join_records(StripConfig(keep_kinds=frozenset({"banner"})))
    assert kept <= join_records()
    text = run([Page.from_text(1, SEED)], StripConfig(keep_kinds=frozenset({"banner"}))).text
    assert "Minsk Conference. CONFIDENTIAL CONFIDENTIAL\n\nThe visit confirmed" in text


def test_keeping_a_page_number_adds_no_join_between_body_lines():
    assert join_records(StripConfig(keep_kinds=frozenset({"page-number"}))) <= join_records()
