"""Specks read as a lone mark between words (``strip.speck_tokens``), issue 13.

Synthetic records built by hand (no image), with the shapes Tesseract read on the dev extreme
tier: a line of typed words 35 px high at 30 px per letter, and lone marks whose boxes are
those measured there against the line's word height (specks 0.05-0.29 of it both ways, e.g.
d269 p1 "Eliot also present. ; ;" at 2 x 2 px of 35; typed ``--`` 0.2 high but 1.4 wide).
"""

from __future__ import annotations

from pipeline.core.enums import FurnitureKind, PageSource
from pipeline.core.records import BBox, Line, Page, Word
from pipeline.stages.strip import strip

H = 35  # word height, px


def _line(items: list[tuple[str, tuple[int, int] | None]], top: int = 300) -> Line:
    """Tokens left to right: a word (None: 30 px per letter, ``H`` high, on the line) or a
    lone mark with its own ``(width, height)`` box sitting on the baseline, 25 px apart."""
    words, x = [], 300
    for text, size in items:
        w, h = size if size else (30 * len(text), H)
        words.append(Word(text, 60.0 if size else 93.0, BBox(x, top + H - h, w, h)))
        x += w + 25
    return Line(" ".join(t for t, _ in items), tuple(words))


def _strip(line: Line) -> tuple[str, list[str]]:
    page = Page(1, (line,), PageSource.OCR, width=2550, height=3300, dpi=300)
    result = strip([page])
    return result.text, [r.text for r in result.removals if r.kind == FurnitureKind.JUNK]


def _words(text: str) -> list[tuple[str, tuple[int, int] | None]]:
    return [(t, None) for t in text.split()]


def test_specks_between_words_go_with_their_evidence() -> None:
    line = _line([*_words("Eliot also present."), (";", (2, 2)), (";", (3, 4))])
    page = Page(1, (line,), PageSource.OCR, width=2550, height=3300, dpi=300)
    result = strip([page])
    assert result.text.strip() == "Eliot also present."
    junk = [r for r in result.removals if r.kind == FurnitureKind.JUNK]
    assert [r.text for r in junk] == [";", ";"]
    assert junk[0].evidence[0] == "a speck read as a lone mark"
    assert "of the line's word height" in junk[0].evidence[1]


def test_a_speck_inside_the_line_goes() -> None:
    text, junk = _strip(_line([*_words("to, Secretary"), ("|", (3, 4)), *_words("on oil and")]))
    assert text.strip() == "to, Secretary on oil and"
    assert junk == ["|"]


def test_typed_marks_stay() -> None:
    """A typed dash is nearly a cell wide, an ampersand nearly a letter high: they stay."""
    line = _line([*_words("confirmed"), ("--", (49, 7)), *_words("and R"), ("&", (25, 31))])
    text, junk = _strip(line)
    assert junk == []
    assert "confirmed -- and R &" in text


def test_a_mark_as_wide_as_a_quarter_of_a_letter_stays() -> None:
    """Just over ``SPECK`` of the word height one way is not a speck."""
    text, junk = _strip(_line([*_words("the more"), ("~", (9, 3)), *_words("plans here")]))
    assert junk == []
    assert "~" in text


def test_a_word_s_own_stop_read_apart_stays() -> None:
    """A stop close after a word that ends in a letter may be that word's stop."""
    words = [Word("Gulf", 93.0, BBox(300, 300, 120, H)), Word(".", 60.0, BBox(428, 330, 5, 5))]
    words.append(Word("He", 93.0, BBox(480, 300, 60, H)))
    words.append(Word("said", 93.0, BBox(565, 300, 120, H)))
    text, junk = _strip(Line("Gulf . He said", tuple(words)))
    assert junk == []
    assert "Gulf . He" in text


def test_a_row_of_stops_after_a_word_stays() -> None:
    """``. . .`` after a word without a stop may be a typed ellipsis."""
    line = _line([*_words("he said"), (".", (5, 5)), (".", (5, 5)), (".", (5, 5))])
    text, junk = _strip(line)
    assert junk == []
    assert "said . . ." in text


def test_stops_after_a_stop_go() -> None:
    """``End FYI. . .``: the sentence had its stop; the row after it is grain."""
    line = _line([*_words("Septel. End FYI."), (".", (4, 4)), (".", (4, 4))])
    text, junk = _strip(line)
    assert junk == [".", "."]
    assert text.strip() == "Septel. End FYI."


def test_text_input_is_not_judged() -> None:
    page = Page(1, (Line("Eliot also present. ; ;", ()),), PageSource.TEXT)
    result = strip([page])
    assert "; ;" in result.text
