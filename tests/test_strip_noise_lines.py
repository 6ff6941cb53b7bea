"""Lines of paper grain read as words (``strip.noise_evidence``), issue 13.

The grain lines are the shapes Tesseract read on the dev extreme tier (faint photocopy cables,
``bench.ocr_tiers``, dev docs d52 p4, d58; their word texts with confidences as read there);
the kept lines are real low-confidence lines of the same runs and of the sample (``scans/``:
"S/NIS/RA: PREMLER: MCK" read at 35, "_ FOLLOWERS." at 0). The pages are built by hand
(synthetic records), no image.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PIL import ImageDraw, ImageFilter

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


def _line(words: list[tuple[str, float | None]], top: int) -> Line:
    out, x = [], 150
    for text, conf in words:
        out.append(Word(text, conf, BBox(x, top, 20 * len(text), 30)))
        x += 20 * len(text) + 20
    return Line(" ".join(w for w, _ in words), tuple(out))


def _page(rows: list[list[tuple[str, float | None]]]) -> Page:
    lines = tuple(_line(r, 300 + 50 * i) for i, r in enumerate(rows))
    return Page(1, lines, PageSource.OCR, width=2550, height=3300, dpi=300)


def _body(text: str, conf: float = 93.0) -> list[tuple[str, float | None]]:
    return [(t, conf) for t in text.split()]


@pytest.mark.parametrize("row", GRAIN)
def test_grain_line_is_removed_as_junk_with_its_evidence(lex: Lexicon, row) -> None:
    page = _page([_body(BODY[0]), row, _body(BODY[1])])
    result = strip([page], lexicon=lex)
    junk = [r for r in result.removals if r.kind == FurnitureKind.JUNK]
    assert [r.text for r in junk] == [page.lines[1].text]
    assert any("OCR confidence" in e for e in junk[0].evidence)
    assert page.lines[1].text not in result.text
    for body in BODY:
        assert body.split()[0] in result.text


def test_removal_accounts_for_every_character(lex: Lexicon) -> None:
    page = _page([_body(BODY[0]), GRAIN[0], _body(BODY[1])])
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
    page = _page([_body(BODY[0]), row, _body(BODY[1])])
    result = strip([page], lexicon=lex)
    assert not [r for r in result.removals if r.kind == FurnitureKind.JUNK]


def test_without_lexicon_nothing_is_judged() -> None:
    page = _page([_body(BODY[0]), GRAIN[0], _body(BODY[1])])
    assert not strip([page]).removals


def test_figures_weigh_letters() -> None:
    """A long word read surely outweighs specks read badly (confidence per letter)."""
    lex = Lexicon.load(Path(__file__).parent.parent / "dictionaries")
    figs = figures([("GOVERNMENT", 90.0), ("a", 0.0)], lex)
    assert figs is not None and figs.conf > 80 and figs.text > 0.9
    assert figures([(".", 10.0), (",", 5.0)], lex) is None


# The typed lines of the rendered page.
TYPED = ["HAVE VOTED AGAINST GOVERNMENT, THIS BECAME", "OPPOSITION WAS SUCCESSFUL IN FORCING VOTE"]


def _grain_page(tmp_path: Path) -> Page:
    """A small rendered page (synthetic): two typed lines, a band of paper grain between them
    (blotches of grey dots, word-sized, seeded) and a faint typed line under them (its ink at half
    strength), blurred a little as a photocopy is; read by real Tesseract."""
    rng = random.Random(3)
    img = render_lines(
        [TYPED[0], "", "", TYPED[1], "the talks were held in Tehran on the day"], dpi=150
    )
    px = img.load()
    for y in range(200, min(img.height, 240)):  # the faint line: half its ink
        for x in range(img.width):
            px[x, y] = 255 - (255 - px[x, y]) // 2
    draw = ImageDraw.Draw(img)
    x = 60
    while x < img.width - 80:  # the grain band, where two blank lines were
        w = rng.randint(15, 60)
        for _ in range(w // 2):
            cx, cy, r = x + rng.randint(0, w), 125 + rng.randint(0, 22), rng.randint(1, 3)
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=rng.randint(60, 140))
        x += w + rng.randint(12, 30)
    path = tmp_path / "grain.png"
    img.filter(ImageFilter.GaussianBlur(0.6)).save(path, dpi=(150, 150))
    return ocr_page(PageRef(path.stem, 1, path, DocKind.IMAGE), OcrSettings())


def test_rendered_grain_band_goes_and_faint_line_stays(lex: Lexicon, tmp_path: Path) -> None:
    page = _grain_page(tmp_path)
    result = strip([page], lexicon=lex)
    junk = [r for r in result.removals if r.kind == FurnitureKind.JUNK]
    assert len(junk) == 1 and any("grain" in e for e in junk[0].evidence)
    for words in (TYPED[0], TYPED[1], "the talks were held in Tehran on the day"):
        assert words.split()[1] in result.text
    assert "Tehran" in result.text
