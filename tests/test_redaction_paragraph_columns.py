"""A margin column is the paragraph's it stands beside, no neighbour's; a label that opens a
line is no box's code (``stages.redaction_paragraphs``; issue 14).

The FBI prints a column of exemption codes beside every paragraph with a passage withheld and
none beside a paragraph without. Boxes of a paragraph with no column took a neighbour's by the
rule "the nearest column above, or one just under": 14 boxes labelled "no codes" on the Carter
Page FISA release's dev pages 28, 33, 34, 55 and 56 (``tests/data/redactions/SOURCE.md``). The
layouts below are those pages' (positions from their OCR word boxes, 96 dpi, lines 41 px apart),
as synthetic word boxes; page 56 is also read by the real Tesseract through the OCR stage.
"""

from __future__ import annotations

from pathlib import Path

from bench.redactions_eval import read_page, score
from pipeline.core.records import BBox, Word
from pipeline.stages.redaction_codes import Codes, _codes_beside, share_touching
from pipeline.stages.redaction_paragraphs import Paragraphs

DATA = Path(__file__).parent / "data" / "redactions"
FOUR = ("(b)(1)", "(b)(3)", "(b)(7)(A)", "(b)(7)(E)")
EDGE, STEP, TOP = 137, 41, 122


def _y(i: int) -> int:
    return TOP + STEP * i


def _text(i: int, left: int = EDGE, right: int = 690, text: str = "text") -> Word:
    """Line ``i``'s words as one word box, 16 px tall (the release's)."""
    return Word(text, 90.0, BBox(left, _y(i), right - left, 16))


def _bar(i: int, left: int, right: int) -> BBox:
    """A bar over line ``i`` from ``left`` to ``right``, 20 px tall (the release's)."""
    return BBox(left, _y(i) - 2, right - left, 20)


def _column(top: int, left: int = 698) -> list[Word]:
    """An FBI margin column: "b1-1" "b3-1" "b7A-1" "b7E-1,2" stacked 18 px apart."""
    texts = ("b1-1", "b3-1", "b7A-1", "b7E-1,2")
    return [Word(t, 90.0, BBox(left, top + 18 * i, 8 * len(t), 11)) for i, t in enumerate(texts)]


def _codes(box: BBox, words: list[Word], column: list[Word], boxes: list[BBox]) -> Codes:
    return _codes_beside(box, words + column, 96, [column], paragraphs=Paragraphs(words, boxes, 96))


def _list_page() -> tuple[list[Word], list[BBox], dict[str, BBox], list[Word]]:
    """Page 56: a paragraph (lines 0-2, the first indented); then three list items of three
    lines under bars: the first "(S) [ ]" with its lines at the edge, the second and third
    "[ ] (S) [ ]" (a square bar over one character, then the label) with their lines hung
    under the text at x=204; the column only beside the second item (its top 16 px above the
    item's first line)."""
    words = [_text(0, 183), _text(1), _text(2, right=540)]
    words += [_text(3, 183, 204, "(8)"), _text(6, 200, 222, "(8)"), _text(9, 200, 222, "(8)")]
    named = {
        "item1": _bar(3, 207, 678),
        "item1-2": _bar(4, 135, 690),
        "item1-3": _bar(5, 135, 529),
        "square2": _bar(6, 176, 194),
        "item2": _bar(6, 230, 686),
        "item2-2": _bar(7, 204, 664),
        "item2-3": _bar(8, 204, 524),
        "square3": _bar(9, 176, 195),
        "item3": _bar(9, 229, 687),
        "item3-2": _bar(10, 204, 653),
        "item3-3": _bar(11, 204, 266),
    }
    return words, list(named.values()), named, _column(_y(6) - 16)


def test_a_list_item_with_no_column_takes_none_of_its_neighbours():
    words, boxes, named, column = _list_page()
    for name in ("item1", "item1-2", "item1-3", "square3", "item3", "item3-2", "item3-3"):
        assert _codes(named[name], words, column, boxes).codes == (), name
    # Without the page's paragraphs, the nearest column is taken (the old rule).
    assert _codes_beside(named["item3-2"], words + column, 96, [column]).codes == FOUR


def test_a_list_items_lines_hung_under_its_text_take_its_column():
    words, boxes, named, column = _list_page()
    for name in ("square2", "item2", "item2-2", "item2-3"):
        assert _codes(named[name], words, column, boxes).codes == FOUR, name
    par = Paragraphs(words, boxes, 96).of(named["item2-3"])
    assert par is not None and par.top == named["square2"].top


def test_a_bar_just_under_another_paragraphs_bar_takes_none_of_its_codes():
    # Item 3's first line stands just under item 2's last (one line's gap, nothing between):
    # with no code of its own it took item 2's by the touching bars' rule.
    words, boxes, named, column = _list_page()
    given = Codes(FOUR, BBox.union(w.bbox for w in column))  # type: ignore[arg-type]
    bars = [named["item2-3"], named["item3"]]
    coded = {named["item2-3"]: given, named["item3"]: Codes()}
    share_touching(coded, bars, 96, 0.03, words, Paragraphs(words, boxes, 96))
    assert coded[named["item3"]].codes == ()
    coded = {named["item2-3"]: given, named["item3"]: Codes()}
    share_touching(coded, bars, 96, 0.03, words)
    assert coded[named["item3"]].codes == FOUR  # the page's paragraphs unknown: as before


def test_a_label_opens_a_paragraph_under_lines_it_would_hang_under():
    # Page 33: "[ ] (S) [ ]" and a bar at the next line's start (x=185), with no column; the
    # next paragraph's label "(%" (a struck "(S)") stands at x=182, where a hung line would,
    # its bar just above a block, their column level with them.
    words = [_text(0, 183), _text(1), _text(2, right=420)]
    words += [_text(3, 187, 208, "(X)"), _text(5, 182, 200, "(%")]
    mine = [_bar(3, 162, 176), _bar(3, 211, 685), _bar(4, 185, 272)]
    theirs = [_bar(5, 206, 664), BBox(112, _y(5) + 25, 581, 290)]
    column = _column(_y(5) - 20)
    for bar in mine:
        assert _codes(bar, words, column, mine + theirs).codes == (), bar
    for bar in theirs:
        assert _codes(bar, words, column, mine + theirs).codes == FOUR, bar
    # A word in brackets at the text's edge opens no paragraph: running text.
    par = Paragraphs([_text(0, 183), _text(1, EDGE, text="(USDOT)"), _text(2)], [], 96)
    assert not par.opened and par.of(BBox(300, _y(2), 50, 16)).top == _y(0)  # type: ignore[union-attr]


def test_a_heading_opened_by_a_label_at_the_edge_after_a_block():
    # Page 28: "VI. (S) [ ]" at the text's edge right under a block of whole lines, whose
    # column stands beside the block; the heading is no line of the block's paragraph.
    block = BBox(116, _y(0), 598, 326)
    words = [
        _text(8, EDGE, 160, "VI."),
        _text(8, 182, 204, "(8)"),
        _text(9, 183),
        _text(10),
        _text(11),
    ]
    heading = _bar(8, 205, 367)
    column = _column(_y(2))
    assert _codes(heading, words, column, [block, heading]).codes == ()
    assert _codes(block, words, column, [block, heading]).codes == FOUR


def test_a_bar_over_a_line_drawn_past_the_edge_starts_it_at_the_edge():
    # Page 14: "(S//NF) [ ]" over a block of whole lines drawn 16 px left of the text's edge,
    # the column level with the block's middle: one paragraph, its column the bar's too.
    words = [_text(0), _text(1), _text(2, right=420), _text(3, 183, 230, "(SAKE)")]
    bar = _bar(3, 237, 676)
    block = BBox(121, _y(3) + 27, 578, 454)
    column = _column(_y(8), left=712)
    # The block's codes beside it; the bar just above it (9 px) shares them (share_touching).
    assert _codes(block, words, column, [bar, block]).codes == FOUR
    given = Codes(FOUR, BBox.union(w.bbox for w in column))  # type: ignore[arg-type]
    coded = {bar: Codes(), block: given}
    share_touching(coded, [bar, block], 96, 0.03, words, Paragraphs(words, [bar, block], 96))
    assert coded[bar].codes == FOUR


def test_a_speck_read_as_a_word_breaks_no_paragraph():
    # Page 33: a "|" 0 px tall read left of a line's bar stood as a line of its own, off the
    # edge, and cut the paragraph in two; the column beside its upper half was then the
    # lower half's neighbour's.
    words = [_text(0, 183), _text(1), _text(2, right=300), _text(3, right=250)]
    speck = Word("|", 40.0, BBox(258, _y(3) - 3, 4, 0))  # a pixel over the bar
    bar = _bar(3, 257, 690)
    column = _column(_y(1))
    assert _codes(bar, [*words, speck], column, [bar]).codes == FOUR


def test_a_label_opening_a_line_is_no_code_of_a_box_beside_it():
    # Page 55: "(C) (U) The foreign intelligence…" on the row of a block in the left margin:
    # "(C)" is the list item's label, not the level withheld.
    words = [_text(0, 183, 203, "(C)"), _text(0, 210, 690), _text(1)]
    par = Paragraphs(words, [BBox(32, _y(0) - 20, 85, 189)], 96)
    assert par.a_label(words[0])
    assert not par.a_label(Word("(C)", 90.0, BBox(400, _y(1), 20, 16)))  # mid-line
    assert not par.a_label(words[1])


def test_fisa_page_56_list_items_without_a_column_are_given_no_codes():
    f = DATA / "fbi-carter-page-fisa-2016-p56.json"
    labels, page = read_page(f)
    s = score(f.stem, labels["redactions"], page.redactions, page)
    assert (s.found, s.labelled, s.false) == (12, 12, [])
    assert (s.coded, s.codes_exact, s.codes_wrong, s.null_coded) == (4, 4, 0, 0)
