"""The rest of a strip of grain (``strip.noise_strip``), issue 13.

The shapes are those Tesseract read on the dev extreme tier (d52 p3: a strip of grain down the
paper's right edge, x 2465-2550 of 2550 px, read sideways as a stack of tiny "lines" of tall,
narrow word boxes; the word texts and confidences as read there). The pages are built by hand
(synthetic records), no image. The line that must stay in the column is the in-the-wild JFK dev
line of ``tests/test_review_web.py`` (2018__104-10119-10056, read at 30).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.enums import FurnitureKind, PageSource
from pipeline.core.records import BBox, Line, Page, Word
from pipeline.lexicon import Lexicon
from pipeline.stages.strip import strip

Row = list[tuple[str, float]]
WIDTH, HEIGHT = 2550, 3300
BODY = [
    "HAVE VOTED AGAINST GOVERNMENT, THIS BECAME EASIER FOR THEM WHEN",
    "OPPOSITION WAS SUCCESSFUL IN FORCING SECRET VOTE, WHICH IS HIGHLY",
]
# The column: 40 body lines 35 px high at a 60 px pitch from y 300, x 300 to about 2300.
PITCH, TOP, ROWS = 60, 300, 40
# The grain line ``noise_evidence`` removes on its own words (d52 p3 line 48).
SEED = [("le", 50), ("COR", 30), ("SL", 25), ("Bae", 20), ("ue", 14), ("a", 10), ("oe", 20)]
# The fragments it leaves beside it, each too small (or too wordy) to judge alone.
REST = [
    [("bree)", 35)],
    [("ee", 14)],
    [("teh", 51)],  # not read surely, all fragments
    [("a", 11), ("a", 8), ("ha", 20)],
    [("eats", 20), ("on", 30), ("eet", 15), ("A", 20), ("etre", 22), ("studt", 18), ("ld", 10)],
]
# The JFK dev line (tests/test_review_web.py), damaged type read at 30.
DAMAGED = [("ewier.", 30.0), ("tbc", 30.0), ("ts0/ctAa", 30.0)]


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon.load(Path(__file__).parent.parent / "dictionaries")


def _row(words: Row, top: int, left: int = 300) -> Line:
    """Words left to right, 30 px per letter, 35 px high."""
    out, x = [], left
    for text, conf in words:
        out.append(Word(text, conf, BBox(x, top, 30 * len(text), 35)))
        x += 30 * len(text) + 25
    return Line(" ".join(w for w, _ in words), tuple(out))


def _sideways(words: Row, top: int, left: int) -> Line:
    """Words read down a strip: tall, narrow boxes (20 px wide, 18 px per letter high)."""
    out, y = [], top
    for text, conf in words:
        out.append(Word(text, conf, BBox(left, y, 20, 18 * len(text))))
        y += 18 * len(text) + 10
    return Line(" ".join(w for w, _ in words), tuple(out))


def _body() -> list[Line]:
    return [_row([(t, 93.0) for t in BODY[i % 2].split()], TOP + PITCH * i) for i in range(ROWS)]


def _page(*extra: Line) -> Page:
    return Page(1, (*_body(), *extra), PageSource.OCR, width=WIDTH, height=HEIGHT, dpi=300)


def _strip(at: int = 900, left: int = 2505, rest: list[Row] = REST) -> list[Line]:
    """The seed at ``at`` down the right edge, the rest stacked under it 30 px apart."""
    lines = [_sideways(SEED, at, left)]
    y = lines[0].bbox.bottom + 30  # type: ignore[union-attr]
    for row in rest:
        lines.append(_sideways(row, y, left + 5))
        y = lines[-1].bbox.bottom + 30  # type: ignore[union-attr]
    return lines


def _junk(page: Page, lex: Lexicon) -> list[str]:
    return [r.text for r in strip([page], lexicon=lex).removals if r.kind == FurnitureKind.JUNK]


def test_the_rest_of_a_strip_goes_with_its_evidence(lex: Lexicon) -> None:
    lines = _strip()
    page = _page(*lines)
    result = strip([page], lexicon=lex)
    junk = {r.text: r for r in result.removals if r.kind == FurnitureKind.JUNK}
    assert set(junk) == {ln.text for ln in lines}
    rest = junk[lines[-1].text].evidence
    assert rest[0] == "the rest of a strip of grain read as words"
    assert "right of the text column" in rest[-1]
    for ln in lines:
        assert ln.text not in result.text
    assert BODY[0] in result.text and BODY[1] in result.text


def test_fragments_alone_are_not_judged(lex: Lexicon) -> None:
    """Without a grain line removed beside them, the fragments stay (each too small alone)."""
    lines = _strip()[1:]
    assert _junk(_page(*lines), lex) == []


def test_a_fragment_out_of_reach_stays(lex: Lexicon) -> None:
    """A fragment farther down the margin than ``REACH`` column line heights is no part of it."""
    lines = _strip(rest=[])
    far = _sideways(REST[2], lines[0].bbox.bottom + 400, 2510)  # type: ignore[union-attr]
    assert _junk(_page(*lines, far), lex) == [lines[0].text]


def test_a_fragment_on_another_side_stays(lex: Lexicon) -> None:
    """A fragment in the bottom margin, within reach of the strip's foot, lies on another
    side (below the column; the strip is right of it)."""
    lines = _strip(at=2700, rest=[])  # the seed starts level with the column's last line
    foot = _row(REST[2], lines[0].bbox.bottom + 70, 2300)  # type: ignore[union-attr]
    page = _page(*lines, foot)
    assert _junk(page, lex) == [lines[0].text]


def test_damaged_type_in_the_column_beside_a_strip_stays(lex: Lexicon) -> None:
    """The JFK line at the column's right end, within reach of the strip: in the column, it
    stays."""
    lines = _strip()
    damaged = _row(DAMAGED, lines[0].bbox.top + 100, 1880)  # type: ignore[union-attr]
    assert damaged.bbox is not None and damaged.bbox.right >= 2440
    page = _page(*lines, damaged)
    result = strip([page], lexicon=lex)
    assert damaged.text in result.text
    assert damaged.text not in {r.text for r in result.removals}


@pytest.mark.parametrize(
    "row",
    [
        [("SECRET", 30)],  # capitals only: a stamp or marking
        [("b7A-1", 20), ("a", 10)],  # an exemption code
        [("2612012", 25), ("ee", 10)],  # a number
        [("ee", 80), ("ar", 80)],  # read surely (the strip as a whole still reads as grain)
        [("Iran", 55)],  # not read surely, but a known word, no fragment
    ],
    ids=["capitals", "code", "number", "sure", "word"],
)
def test_what_a_reader_needs_stays(lex: Lexicon, row: Row) -> None:
    lines = _strip(rest=[row])
    assert _junk(_page(*lines), lex) == [lines[0].text]


def test_a_strip_that_reads_as_text_takes_nothing(lex: Lexicon) -> None:
    """Lines of common words beside a small grain line: together they read as text, so only
    the grain line (judged alone) goes."""
    words = [("it", 30), ("was", 30), ("to", 30), ("be", 30), ("at", 30), ("the", 30)]
    lines = _strip(rest=[words, words, words])
    assert _junk(_page(*lines), lex) == [lines[0].text]
