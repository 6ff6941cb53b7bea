"""Lines of paper grain read as words (``strip.noise_evidence``), issue 13.

The grain lines are the shapes Tesseract read on the dev extreme tier (faint photocopy cables,
``bench.ocr_tiers``, dev docs d52 p4, d58; their word texts with confidences as read there);
the kept lines are real low-confidence lines of the same runs and of the sample (``scans/``:
"S/NIS/RA: PREMLER: MCK" read at 35, "_ FOLLOWERS." at 0). The pages are built by hand
(synthetic records), no image: the grain sits where it sat there, at the paper's edge (the
bottom band of d52 p4, the right edge of d268 p1); damaged type sits in the column (the JFK dev
line of ``tests/test_review_web.py``, 2018__104-10119-10056). The last tests render pages
(synthetic) and read them with real Tesseract.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter

from pipeline.core.config import OcrSettings
from pipeline.core.enums import DocKind, FurnitureKind, PageSource
from pipeline.core.records import BBox, Line, Page, PageRef, Word
from pipeline.lexicon import Lexicon
from pipeline.stages.ocr import ocr_page
from pipeline.stages.strip import strip
from pipeline.stages.strip.noise_evidence import figures
from tests.conftest import render_lines

# (word, conf) as Tesseract read them on the dev extreme tier.
GRAIN = [
    [("Mey", 20), ("os", 15), ("Sag", 22), ("fle", 18), ("eh", 14), ("cee", 19), ("Petia", 17)],
    [("tet.", 31), ("bet", 29)],
    [("Satede®", 16), ("Rede", 18), ("rae", 15), ("Ro", 20), ("Fae", 12), ("tte", 17), ("RT", 9)],
]
BODY = [
    "HAVE VOTED AGAINST GOVERNMENT, THIS BECAME EASIER FOR THEM WHEN",
    "OPPOSITION WAS SUCCESSFUL IN FORCING SECRET VOTE, WHICH IS HIGHLY",
]


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon.load(Path(__file__).parent.parent / "dictionaries")


Row = list[tuple[str, float | None]]
# A letter-size page at 300 dpi; its lines 30 px high at a 50 px pitch from y 300, x 150.
WIDTH, HEIGHT = 2550, 3300
BOTTOM_EDGE = 3220  # a line's top in the paper's bottom band (d52 p4's grain: 3208-3257)


def _line(words: Row, top: int, left: int = 150) -> Line:
    out, x = [], left
    for text, conf in words:
        out.append(Word(text, conf, BBox(x, top, 20 * len(text), 30)))
        x += 20 * len(text) + 20
    return Line(" ".join(w for w, _ in words), tuple(out))


def _page(rows: list[Row], *, at: tuple[int, int] | None = None) -> Page:
    """Rows down the column; with ``at`` (top, left) the second row is placed there instead
    (the first and third stay in the column)."""
    lines = [_line(r, 300 + 50 * i) for i, r in enumerate(rows)]
    if at is not None:
        lines[1] = _line(rows[1], *at)
    return Page(1, tuple(lines), PageSource.OCR, width=WIDTH, height=HEIGHT, dpi=300)


def _at_edge(row: Row) -> Page:
    return _page([_body(BODY[0]), row, _body(BODY[1])], at=(BOTTOM_EDGE, 150))


def _body(text: str, conf: float = 93.0) -> list[tuple[str, float | None]]:
    return [(t, conf) for t in text.split()]


@pytest.mark.parametrize("row", GRAIN)
def test_grain_line_is_removed_as_junk_with_its_evidence(lex: Lexicon, row) -> None:
    page = _at_edge(row)
    result = strip([page], lexicon=lex)
    junk = [r for r in result.removals if r.kind == FurnitureKind.JUNK]
    assert [r.text for r in junk] == [page.lines[1].text]
    assert any("OCR confidence" in e for e in junk[0].evidence)
    assert any("line heights below the text column" in e for e in junk[0].evidence)
    assert page.lines[1].text not in result.text
    for body in BODY:
        assert body.split()[0] in result.text


def test_removal_accounts_for_every_character(lex: Lexicon) -> None:
    page = _at_edge(GRAIN[0])
    result = strip([page], lexicon=lex)
    removed = "".join(r.text for r in result.removals)
    kept = "".join(result.text.split())
    raw = "".join("".join(ln.text for ln in page.lines).split())
    assert sorted(kept + "".join(removed.split())) == sorted(raw)


@pytest.mark.parametrize(
    "row",
    [
        # A cable's drafting line: short capitals fragments, read at 35 in the sample.
        [("S/NIS/RA:", 35), ("PREMLER:", 35), ("MCK", 35)],
        # A body line Tesseract was unsure of: common words.
        _body("it was to be at the end of", 30),
        # One faint word.
        [("_", 0), ("FOLLOWERS.", 0)],
        # One faint word shaped like no English word (a name, mixed case).
        [("McKeownz,", 10)],
        # Names the lexicon does not know, faint.
        [("Petia", 25), ("Valenko", 25), ("met", 25)],
        # FBI exemption codes beside redactions, faint (tests/data/redactions, FISA pages).
        [("bl-1", 30), ("b3-1", 25), ("b7A-1", 20)],
        # A CIA release stamp read through grain (tests/data/redactions, CREST cib-02989919).
        [("WMyywwywwwcooon", 37), ("for", 37), ("Release.", 37), ("2020/02/21", 37), ("W/W", 37)],
        # A line read surely, whatever its words.
        [("Mey", 80), ("os", 80), ("Sag", 80), ("fle", 80), ("eh", 80), ("cee", 80)],
        # Text input: no confidences, old behaviour.
        [(w, None) for w, _ in GRAIN[0]],
    ],
    ids=[
        "capitals",
        "common-words",
        "one-word",
        "one-name",
        "names",
        "codes",
        "number",
        "sure",
        "text-input",
    ],
)
def test_real_or_unjudged_line_is_kept(lex: Lexicon, row) -> None:
    """Each kept at the paper's edge, where grain goes: its words keep it."""
    page = _at_edge(row)
    result = strip([page], lexicon=lex)
    assert not [r for r in result.removals if r.kind == FurnitureKind.JUNK]


def test_without_lexicon_nothing_is_judged() -> None:
    page = _at_edge(GRAIN[0])
    assert not strip([page]).removals


# The JFK dev line (2018__104-10119-10056) as tests/test_review_web.py has it, read at 30.
DAMAGED = [("ewier.", 30.0), ("tbc", 30.0), ("ts0/ctAa", 30.0)]


@pytest.mark.parametrize("row", [DAMAGED, *GRAIN], ids=["jfk", "grain0", "grain1", "grain2"])
def test_a_line_in_the_column_is_damaged_type_and_stays(lex: Lexicon, row) -> None:
    """In the column at the line pitch, a line whose words look like grain is damaged type: it
    stays for a person to type. Its words alone say noise (so only its place keeps it)."""
    figs = figures([(w, float(c or 0.0)) for w, c in row], lex)
    assert figs is not None and figs.is_noise()
    page = _page([_body(BODY[0]), row, _body(BODY[1])])
    result = strip([page], lexicon=lex)
    assert not result.removals and page.lines[1].text in result.text


@pytest.mark.parametrize(
    "at",
    [
        (1800, 150),  # far below the column but mid-page: not the paper's edge
        (460, 150),  # at the paper's edge? no: one line pitch under the column's last line
        (340, 1700),  # right of the column, short of the paper's right edge
    ],
    ids=["mid-page", "next-line", "short-of-the-right-edge"],
)
def test_grain_words_outside_the_margin_stay(lex: Lexicon, at: tuple[int, int]) -> None:
    page = _page([_body(BODY[0]), GRAIN[0], _body(BODY[1])], at=at)
    assert not strip([page], lexicon=lex).removals


def test_grain_words_near_the_column_at_the_edge_stay(lex: Lexicon) -> None:
    """A column running down to the paper's bottom band: the next line there is within
    ``MARGIN`` line heights of it (a last line of type, not grain)."""
    rows = [_body(BODY[i % 2]) for i in range(59)] + [GRAIN[0]]
    page = _page(rows)  # the grain row's top at 300 + 59 * 50 = 3250
    assert page.lines[-1].bbox is not None and page.lines[-1].bbox.bottom >= 0.95 * HEIGHT
    assert not strip([page], lexicon=lex).removals


def test_a_strip_down_the_right_edge_goes(lex: Lexicon) -> None:
    """d268 p1's shape: grain read down the paper's right edge, beside the column."""
    page = _page([_body(BODY[0]), GRAIN[1], _body(BODY[1])], at=(340, 2440))
    junk = [r for r in strip([page], lexicon=lex).removals if r.kind == FurnitureKind.JUNK]
    assert [r.text for r in junk] == [page.lines[1].text]
    assert "right of the text column" in junk[0].evidence[-1]


STAMP = (
    "Released under the John F. Kennedy Assassination Records Collection Act of 1992 "
    "(44 USC 2107 Note). Case#:NW 53244 Date: 06-15-2017"
)


def test_a_stamp_read_surely_is_not_the_column(lex: Lexicon) -> None:
    """d56 p1's shape: grain read among a release stamp's lines at the paper's top; the stamp,
    read surely, is furniture, not the text column the grain is placed by."""
    stamp = _line(_body(STAMP, 85), 45)
    rows = [_line(_body(BODY[i]), 300 + 50 * i) for i in range(2)]
    page = Page(1, (_line(GRAIN[0], 10), stamp, *rows), PageSource.OCR, width=WIDTH, height=HEIGHT)
    result = strip([page], lexicon=lex)
    assert STAMP.split()[0] not in result.text  # the stamp is furniture
    junk = [r for r in result.removals if r.kind == FurnitureKind.JUNK]
    assert [r.text for r in junk] == [page.lines[0].text]
    assert "above the text column" in junk[0].evidence[-1]


def test_without_a_column_nothing_is_judged(lex: Lexicon) -> None:
    """No line read surely (a page of noise): no column to place a line by."""
    page = _page([GRAIN[0], GRAIN[1], GRAIN[2]], at=(BOTTOM_EDGE, 150))
    assert not strip([page], lexicon=lex).removals


def test_figures_weigh_letters() -> None:
    """A long word read surely outweighs specks read badly (confidence per letter)."""
    lex = Lexicon.load(Path(__file__).parent.parent / "dictionaries")
    figs = figures([("GOVERNMENT", 90.0), ("a", 0.0)], lex)
    assert figs is not None and figs.conf > 80 and figs.text > 0.9
    assert figures([(".", 10.0), (",", 5.0)], lex) is None


# The typed lines of the rendered pages.
TYPED = ["HAVE VOTED AGAINST GOVERNMENT, THIS BECAME", "OPPOSITION WAS SUCCESSFUL IN FORCING VOTE"]
FAINT = "the talks were held in Tehran on the day"
DPI = 150  # render_lines: 25 px type at a 40 px pitch, a 45 px margin


def _read(img: Image.Image, path: Path) -> Page:
    """``img`` blurred a little as a photocopy is, saved and read by real Tesseract."""
    img.filter(ImageFilter.GaussianBlur(0.6)).save(path, dpi=(DPI, DPI))
    return ocr_page(PageRef(path.stem, 1, path, DocKind.IMAGE), OcrSettings())


def _grain_page(tmp_path: Path) -> Page:
    """A small rendered page (synthetic): two typed lines, a faint typed line under them (its
    ink at half strength), blank lines, and a band of paper grain along the paper's bottom edge
    (blotches of grey dots, word-sized, seeded: d52 p4's place)."""
    rng = random.Random(3)
    img = render_lines([TYPED[0], TYPED[1], FAINT, "", "", ""], dpi=DPI)
    px = img.load()
    for y in range(125, 165):  # the faint line: half its ink
        for x in range(img.width):
            px[x, y] = 255 - (255 - px[x, y]) // 2
    draw = ImageDraw.Draw(img)
    x = 60
    while x < img.width - 80:  # the grain band, in the bottom margin
        w = rng.randint(15, 60)
        for _ in range(w // 2):
            cx, cy, r = (
                x + rng.randint(0, w),
                img.height - 40 + rng.randint(0, 22),
                rng.randint(1, 3),
            )
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=rng.randint(60, 140))
        x += w + rng.randint(12, 30)
    return _read(img, tmp_path / "grain.png")


def test_rendered_grain_band_goes_and_faint_line_stays(lex: Lexicon, tmp_path: Path) -> None:
    page = _grain_page(tmp_path)
    result = strip([page], lexicon=lex)
    junk = [r for r in result.removals if r.kind == FurnitureKind.JUNK]
    assert len(junk) == 1 and any("grain" in e for e in junk[0].evidence)
    assert any("below the text column" in e for e in junk[0].evidence)
    for words in (TYPED[0], TYPED[1], FAINT):
        assert words.split()[1] in result.text
    assert "Tehran" in result.text


def test_rendered_damaged_type_in_the_column_stays(lex: Lexicon, tmp_path: Path) -> None:
    """The JFK dev line typed between two lines and worn (most of its ink gone, seeded): Tesseract
    reads fragments, unsure, that its words alone would call grain; in the column, it stays."""
    rng = random.Random(3)
    img = render_lines([TYPED[0], "ewier. tbc ts0/ctAa", TYPED[1]], dpi=DPI)
    px = img.load()
    for y in range(85, 117):  # the middle line: 55 % of its ink pixels gone
        for x in range(img.width):
            if px[x, y] < 128 and rng.random() > 0.45:
                px[x, y] = 255
    page = _read(img, tmp_path / "damaged.png")
    damaged = [ln for ln in page.lines if ln.words and ln.bbox and 80 < ln.bbox.top < 120]
    assert len(damaged) == 1
    figs = figures([(w.text, float(w.conf or 0.0)) for w in damaged[0].words], lex)
    assert figs is not None and figs.is_noise()  # the words alone say grain
    result = strip([page], lexicon=lex)
    assert not [r for r in result.removals if r.kind == FurnitureKind.JUNK]
    assert damaged[0].text in result.text
