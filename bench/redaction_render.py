"""Rendered redaction pages of the styles real releases use, with their truth, for the benchmark.

One real page (``tests/data/redactions/``) shows one agency's style; releases use several, and
the redaction finder (``pipeline.stages.redaction``) and the marks (``strip.redactions``) must
hold for each. This draws small typewritten pages (synthetic: Pillow, the sentences below) with
one style each, knowing every box, its codes and the words on either side of it:

- ``black-code-beside``: black bars over a word or two, the code ("(b)(6)") printed in the
  margin on the bar's line (FBI, DOJ);
- ``white-code-inside``: the words taken out and a thin outlined white box left in their place
  with the code inside it ("B6", "1.4(D)"; State Department releases);
- ``grey-code-beside``: even grey bars, the code ("(b)(3)") right after the bar (CIA CREST);
- ``inline-bar``: a black bar mid-line, no code (NARA JFK releases);
- ``block``: a black block over whole lines, its codes beside its first line;
- ``short-bar``: black bars over a word of one or two letters ("of", "a"), narrower than the
  smallest bar elsewhere, the code in the margin; on the same page what must not be taken for
  a bar: a bold heading, an underlined word, a rule, a table's borders and State's boxed
  "RELEASE IN PART" stamp with its code;
- ``tall-block``: a block over three or four whole lines drawn line by line, each line's bar
  as long as its words and touching the next (a ragged right edge: no rectangle), its codes
  stacked beside its first line, and on some pages white scanner specks in it;
- ``touching-bars``: two bars that touch and form one blot of ink that is no rectangle, each
  with its code in the margin: an L (a bar from a word to the line's end over one on the
  whole next line) or a step (a bar from a word to the line's end over one from the next
  line's start to a word);
- ``block-layout``: the ``block`` style's block (two or three whole lines, codes stacked
  beside it) in other layouts: tighter or looser line spacing, 10- or 12-pt type, the block
  at the top or the bottom of the text, and the line above it a short one (a paragraph's
  end).
- ``fbi-column``: the FBI's FOIPA layout: two blocks over whole lines (two or three each), and
  beside each, in the right margin, a column of two to five codes stacked tight in small type
  in the FBI's forms ("b1-1", "b3 -1", "b7A-1", "b7E-1, 2", "b6", "(b)(7)(E)"), level with
  the block's first line or with its middle, often taller than the block (as on the FBI's
  Carter Page FISA release, ``tests/data/redactions/``, dev pages 1, 5 and 9; the column's
  forms also from the brief of issue 14: ``b6``, ``b7C``, ``b7D``, ``b3 -1``, ``(b)(7)(E)``);
  on half the pages the second block is led by a bar from a word to the end of the line above
  it (one L of ink with the block, its column level with the block's middle: the FBI prints
  one passage's codes once; the release's pages 5, 9 and 10).
- ``fbi-paragraphs`` (dev only, ``bench/redaction_render_paragraphs.py``): three indented,
  double-spaced paragraphs, each with its margin column level with its first, a middle or its
  last line (the release's page 55), bars in one or two of them.

Each style has dev pages (tuned on: FreeMono at 200 and 300 dpi, DejaVu Serif at 150 dpi, and —
added for the classes the first six pages never showed — FreeSerif at 150 dpi, Nimbus Mono
(a Courier) at 300 dpi and C059 (a Century Schoolbook) at 200 dpi: a white box whose code
the page's OCR misreads in its row, a grey bar's code run into the next word or standing
under the bar above, codes stacked beside a block so tight their brackets touch, a margin
code laid out as a line of its own; and — for a block's codes that the page's OCR reads as
garbage lines in the margin ("—s," "lomey") — DejaVu Sans Mono at 300 dpi and Nimbus Roman
(a Times) at 150 dpi; seeds below 100) and test pages (held out: Liberation
Mono at 300 dpi and Liberation Serif at 150 dpi, other sentences, codes and seeds).
It is separate from ``bench/synth.py`` (which renders every tier of the benchmark) so that
changing it re-renders nothing else. ``bench/redactions_eval.py`` scores the pages.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

STYLES = (
    "black-code-beside",
    "white-code-inside",
    "grey-code-beside",
    "inline-bar",
    "block",
    "short-bar",
    "tall-block",
    "touching-bars",
    "block-layout",
    "fbi-column",
    "fbi-paragraphs",
)
#: What ``find_redactions`` should call each style's boxes.
STYLE_KIND = {
    "black-code-beside": "black-bar",
    "white-code-inside": "white-box",
    "grey-code-beside": "grey-bar",
    "inline-bar": "black-bar",
    "block": "black-bar",
    "short-bar": "black-bar",
    "tall-block": "black-bar",
    "touching-bars": "black-bar",
    "block-layout": "black-bar",
    "fbi-column": "black-bar",
    "fbi-paragraphs": "black-bar",
}
#: Styles rendered for the dev split only (no held-out pages: their shapes come from a dev page).
DEV_ONLY = ("fbi-paragraphs",)

_URW = "/usr/share/fonts/opentype/urw-base35/"
_FONTS = {
    "FreeMono": "/usr/share/fonts/truetype/freefont/FreeMono.ttf",
    "FreeSerif": "/usr/share/fonts/truetype/freefont/FreeSerif.ttf",
    "NimbusMono": _URW + "NimbusMonoPS-Regular.otf",
    "C059": _URW + "C059-Roman.otf",
    "LiberationMono": "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
    "LiberationSerif": "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "DejaVuSerif": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "NimbusRoman": _URW + "NimbusRoman-Regular.otf",
    "P052": _URW + "P052-Roman.otf",
    "DejaVuSansMono": "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
}
#: The bold face of each font (the ``short-bar`` page's heading).
_BOLD = {
    "FreeMono": "/usr/share/fonts/truetype/freefont/FreeMonoBold.ttf",
    "FreeSerif": "/usr/share/fonts/truetype/freefont/FreeSerifBold.ttf",
    "NimbusMono": _URW + "NimbusMonoPS-Bold.otf",
    "C059": _URW + "C059-Bold.otf",
    "LiberationMono": "/usr/share/fonts/truetype/liberation/LiberationMono-Bold.ttf",
    "LiberationSerif": "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf",
    "DejaVuSerif": "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
    "NimbusRoman": _URW + "NimbusRoman-Bold.otf",
    "P052": _URW + "P052-Bold.otf",
    "DejaVuSansMono": "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
}
#: (font, dpi, seeds) of each split.
SPLITS: dict[str, tuple[tuple[str, int, tuple[int, ...]], ...]] = {
    "dev": (
        ("FreeMono", 200, (1, 2, 3)),
        ("FreeMono", 300, (4, 21)),
        ("DejaVuSerif", 150, (5, 6)),
        ("FreeSerif", 150, (10, 11, 12, 13)),
        ("NimbusMono", 300, (14, 15, 31)),
        ("C059", 200, (11, 12)),
        ("DejaVuSansMono", 300, (40, 41)),
        ("NimbusRoman", 150, (42, 43)),
    ),
    "test": (("LiberationMono", 300, (101, 102)), ("LiberationSerif", 150, (103, 104))),
}
# Sentences of the kind a cable holds; dev and test draw from different ones.
_DEV_TEXT = (
    "The ambassador met the foreign minister on Tuesday and raised the question of the "
    "detained journalists, who were moved to a prison outside the capital last week. The "
    "minister said the cases would be reviewed by a special commission before the end of the "
    "month and that the embassy would be told of the outcome. Our source in the ministry, a "
    "senior official who has been reliable in the past, believes the review is a formality and "
    "that the journalists will be released only after the elections."
)
_TEST_TEXT = (
    "During the second round of talks in Geneva the delegation proposed a freeze on the "
    "deployment of new missiles, to be verified by inspectors from both sides. The other side "
    "asked for time to consult its government and promised an answer within ten days. A member "
    "of their delegation told our deputy privately that the military opposes any inspection on "
    "its territory and that the offer will probably be refused after the holiday."
)
_CODES = {
    "dev": ("(b)(6)", "(b)(1)", "(b)(3)", "(b)(7)(C)"),
    "test": ("(b)(6)", "(b)(1)", "(b)(3)", "(b)(7)(D)"),
}
_STATE_CODES = {"dev": ("B6", "B1", "1.4(D)"), "test": ("B6", "B1", "1.4(B)")}
#: The FBI's margin codes as printed (its FOIPA forms), each with its normalised code.
_FBI_CODES = {
    "dev": (
        ("b1-1", "(b)(1)"),
        ("b3-1", "(b)(3)"),
        ("b6-1", "(b)(6)"),
        ("b7A-1", "(b)(7)(A)"),
        ("b7C-1", "(b)(7)(C)"),
        ("b7E-1, 2", "(b)(7)(E)"),
        ("b3 -1", "(b)(3)"),
        ("(b)(7)(E)", "(b)(7)(E)"),
        ("b6", "(b)(6)"),
        ("b7C", "(b)(7)(C)"),
    ),
    "test": (
        ("b1", "(b)(1)"),
        ("b3 -1", "(b)(3)"),
        ("b6", "(b)(6)"),
        ("b7C", "(b)(7)(C)"),
        ("b7D-1", "(b)(7)(D)"),
        ("b7E-2, 3", "(b)(7)(E)"),
        ("(b)(7)(D)", "(b)(7)(D)"),
        ("b7A-1", "(b)(7)(A)"),
    ),
}
LINES = 5


@dataclass
class Truth:
    """One box drawn on a page: its box (pixels), the codes printed for it (None: none), and
    the words just before and after it in reading order (None at a line's edge)."""

    bbox: list[int]
    codes: list[str] | None
    before: str | None
    after: str | None


@dataclass
class Rendered:
    """One rendered page: its style, split, image and DPI, and its boxes' truth."""

    name: str
    style: str
    split: str
    image: Image.Image
    dpi: int
    truth: list[Truth] = field(default_factory=list)

    def labels(self) -> dict[str, Any]:
        """The truth as ``tests/data/redactions`` labels it (``bench.redactions_eval.score``)."""
        return {"redactions": [{"bbox": t.bbox, "codes": t.codes} for t in self.truth]}


def _font(name: str, size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = (_BOLD if bold else _FONTS)[name]
    return ImageFont.truetype(path, size) if Path(path).is_file() else ImageFont.load_default(size)


def render(style: str, split: str, font_name: str, dpi: int, seed: int) -> Rendered:
    """One page of ``style`` (``STYLES``): ``LINES`` lines of 12-pt type in ``font_name`` at
    ``dpi`` (``tall-block``: seven; ``block-layout``: six, of 10- or 12-pt type and leading
    ``seed`` picks), its words from ``split``'s sentences from a place ``seed`` picks, one or
    two redactions drawn on it as that style draws them. Deterministic for its arguments."""
    if style == "fbi-paragraphs":  # the paragraphs' columns (dev only): its own module
        from bench.redaction_render_paragraphs import render_paragraphs

        return render_paragraphs(split, font_name, dpi, seed)
    rnd = random.Random(f"{style}:{split}:{seed}")
    text = (_DEV_TEXT if split == "dev" else _TEST_TEXT).split()
    nlines, points, leading = LINES, 12, 1.7
    where = "middle"
    if style == "tall-block":
        nlines = 7
    elif style == "fbi-column":
        nlines = 10
    elif style == "block-layout":
        nlines = 6
        points = rnd.choice((10, 12))
        leading = rnd.choice((1.2, 1.45, 1.7))
        where = rnd.choice(("top", "middle", "short-above", "bottom"))
    size = round(points / 72 * dpi)
    lead = round(size * leading)
    margin = round(0.4 * dpi)
    width_in = 6.0
    body = round(4.6 * dpi)  # the text column; the right margin is left for codes
    font = _font(font_name, size)
    small = _font(font_name, round(size * 0.8))
    # The short-bar page has a band above the text (a bold heading, the boxed stamp) and one
    # below it (a rule, a table's borders).
    extra = style == "short-bar"
    top = margin + (round(0.7 * dpi) if extra else 0)
    height = top + lead * nlines + margin + (round(0.6 * dpi) if extra else 0)
    img = Image.new("L", (round(width_in * dpi), height), 255)
    draw = ImageDraw.Draw(img)
    space = draw.textlength(" ", font=font)
    # Where each line ends: the column's width, less on the lines a style makes short.
    limits = [float(body)] * nlines
    block_at, block_n = 0, 0
    if style == "tall-block":
        block_n = rnd.choice((3, 4))
        block_at = rnd.randrange(1, nlines - block_n)
        for r in range(block_at, block_at + block_n):
            limits[r] = body * rnd.uniform(0.55, 1.0)  # a ragged right edge
    elif style == "block-layout":
        block_n = rnd.choice((2, 3))
        block_at = {"top": 0, "bottom": nlines - block_n}.get(where, 0)
        if where in ("middle", "short-above"):
            block_at = rnd.randrange(1, nlines - block_n)
        if where == "short-above":
            limits[block_at - 1] = body * rnd.uniform(0.2, 0.4)  # a paragraph's last line
    elif style == "fbi-column":
        # Two blocks, each two or three lines, with two text lines at least between them and
        # one above the first (the column of the first may run down beside them).
        first_n, second_n = rnd.choice((2, 3)), rnd.choice((2, 3))
        first_at = rnd.choice((0, 1))
        second_at = rnd.randrange(first_at + first_n + 3, nlines - second_n + 1)
        block_at, block_n = first_at, first_n
    # Lay the words out in lines, keeping each word's box.
    start = rnd.randrange(0, len(text) - 60)
    lines: list[list[tuple[str, list[int]]]] = []
    k = start
    for i in range(nlines):
        x, row = float(margin), []
        y = top + i * lead
        while k < len(text):
            w = text[k]
            wl = draw.textlength(w, font=font)
            if x + wl > margin + limits[i] and row:
                break
            _, t_, _, b_ = draw.textbbox((x, y), w, font=font)
            row.append((w, [round(x), round(t_), round(wl), round(b_ - t_)]))
            x += wl + space
            k += 1
            if k == len(text):
                k = 0  # the sentences again from the start: every line has words
        lines.append(row)
    ascent, descent = font.getmetrics()
    pad = max(2, round(0.02 * dpi))

    def line_box(i: int, a: int, b: int) -> list[int]:
        """The box over words a..b-1 of line i: the type's full height, a little wider."""
        y = top + i * lead
        x0 = lines[i][a][1][0] - pad
        x1 = lines[i][b - 1][1][0] + lines[i][b - 1][1][2] + pad
        return [x0, y - pad, x1 - x0, ascent + descent + 2 * pad]

    def neighbours(i: int, a: int, b: int) -> tuple[str | None, str | None]:
        before = lines[i][a - 1][0] if a > 0 else None
        after = lines[i][b][0] if b < len(lines[i]) else None
        return before, after

    hidden: set[tuple[int, int]] = set()  # words not drawn (under a white box)
    specks: list[list[int]] = []  # white specks in a bar's ink (a scan's)
    draws: list[tuple[str, list[int], str | None, tuple[float, float] | None]] = []
    column: list[tuple[str, tuple[float, float], Any]] = []  # margin codes in their own type
    truth: list[Truth] = []
    codes = _CODES[split]
    if style == "block":
        i = rnd.randrange(1, LINES - 2)
        n = 2
        x0, y0 = margin - pad, top + i * lead - pad
        x1 = max(r[-1][1][0] + r[-1][1][2] for r in lines[i : i + n]) + pad
        box = [x0, y0, x1 - x0, (n - 1) * lead + ascent + descent + 2 * pad]
        cs = [codes[1], codes[2]]
        draws.append(("bar", box, "\n".join(cs), (margin + body + 0.2 * dpi, y0 + pad)))
        truth.append(Truth(box, cs, lines[i - 1][-1][0], lines[i + n][0][0]))
    elif style == "tall-block":
        # Each line's bar as long as its words, down to the next line's bar: one blot.
        rows = range(block_at, block_at + block_n)
        x0 = margin - pad
        parts = []
        for r in rows:
            y0 = top + r * lead - pad
            y1 = top + (r + 1) * lead - pad if r < rows[-1] else y0 + ascent + descent + 2 * pad
            x1 = lines[r][-1][1][0] + lines[r][-1][1][2] + pad
            parts.append([x0, y0, x1 - x0, y1 - y0])
        right = max(p[0] + p[2] for p in parts)
        box = [x0, parts[0][1], right - x0, parts[-1][1] + parts[-1][3] - parts[0][1]]
        cs = [codes[0], codes[3]] if rnd.random() < 0.5 else [codes[1], codes[2]]
        at = (margin + body + 0.2 * dpi, parts[0][1] + pad)
        draws.extend(("bar", p, None, None) for p in parts)
        draws.append(("code", box, "\n".join(cs), at))
        if rnd.random() < 0.5:  # a scan's white specks in the ink
            for _ in range(max(3, box[2] * box[3] // (40 * 40))):
                sx = rnd.randrange(box[0] + 2, box[0] + min(p[2] for p in parts) - 4)
                sy = rnd.randrange(box[1] + 2, box[1] + box[3] - 4)
                specks.append([sx, sy, rnd.choice((1, 2)), rnd.choice((1, 2))])
        truth.append(Truth(box, cs, lines[block_at - 1][-1][0], lines[block_at + block_n][0][0]))
    elif style == "touching-bars":
        # A bar from a word to the line's end, down to a bar on the next line: an L (over the
        # whole next line) or a step (from its start to a word).
        i = rnd.randrange(0, LINES - 2)
        nw = len(lines[i])
        a = rnd.randrange(1, nw - 2)
        first = line_box(i, a, nw)
        first[3] = lead  # down to the next line's bar
        step = rnd.random() < 0.5
        b = rnd.randrange(2, len(lines[i + 1]) - 1) if step else len(lines[i + 1])
        second = line_box(i + 1, 0, b)
        after = lines[i + 1][b][0] if step else lines[i + 2][0][0]
        c1, c2 = rnd.sample(codes, 2)
        x_code = margin + body + 0.2 * dpi
        draws.append(("bar", first, c1, (x_code, top + i * lead)))
        draws.append(("bar", second, c2, (x_code, top + (i + 1) * lead)))
        truth.append(Truth(first, [c1], lines[i][a - 1][0], None))
        truth.append(Truth(second, [c2], None, after))
    elif style == "block-layout":
        i, n = block_at, block_n
        x0, y0 = margin - pad, top + i * lead - pad
        x1 = max(r[-1][1][0] + r[-1][1][2] for r in lines[i : i + n]) + pad
        box = [x0, y0, x1 - x0, (n - 1) * lead + ascent + descent + 2 * pad]
        cs = rnd.sample(codes, 2)
        draws.append(("bar", box, "\n".join(cs), (margin + body + 0.2 * dpi, y0 + pad)))
        before = lines[i - 1][-1][0] if i > 0 else None
        after = lines[i + n][0][0] if i + n < nlines else None
        truth.append(Truth(box, cs, before, after))
    elif style == "fbi-column":
        small_fbi = _font(font_name, round(size * rnd.uniform(0.65, 0.8)))
        led = rnd.random() < 0.5  # the second block led by a bar after a paragraph's end
        step = round(small_fbi.size * rnd.uniform(1.05, 1.25))
        for i, n in ((first_at, first_n), (second_at, second_n)):
            x0, y0 = margin - pad, top + i * lead - pad
            x1 = max(r[-1][1][0] + r[-1][1][2] for r in lines[i : i + n]) + pad
            box = [x0, y0, x1 - x0, (n - 1) * lead + ascent + descent + 2 * pad]
            k = rnd.randrange(2, 6)
            printed, cs = [], []
            for form, code in rnd.sample(_FBI_CODES[split], len(_FBI_CODES[split])):
                if code not in cs and len(cs) < k:
                    printed.append(form)
                    cs.append(code)
            # Level with the block's first line, or the column's middle with the block's.
            y = y0 + pad
            if rnd.random() < 0.5 or (i == second_at and led):
                y = max(y0 + pad, y0 + box[3] // 2 - step * len(printed) // 2)
            x = margin + body + rnd.uniform(0.15, 0.3) * dpi
            for j, form in enumerate(printed):
                column.append((form, (x, y + j * step), small_fbi))
            draws.append(("bar", box, None, None))
            before = lines[i - 1][-1][0] if i > 0 else None
            after = lines[i + n][0][0] if i + n < nlines else None
            if i == second_at and led:
                # A bar after the paragraph's last words down to the block (one L of ink),
                # under the block's codes: the column is level with the block's middle.
                a = rnd.randrange(1, len(lines[i - 1]) - 1)
                bar = line_box(i - 1, a, len(lines[i - 1]))
                bar[3] = y0 - bar[1]
                draws.append(("bar", bar, None, None))
                truth.append(Truth(bar, cs, lines[i - 1][a - 1][0], None))
                before = None
            truth.append(Truth(box, cs, before, after))
    elif style == "short-bar":
        # Two bars, each over a word of one or two letters inside a line (not at its edges).
        short = [
            (i, j)
            for i in range(LINES)
            for j in range(1, len(lines[i]) - 1)
            if len(lines[i][j][0].strip(".,;")) <= 2
        ]
        picks = sorted(rnd.sample(short, 2))
        while picks[0][0] == picks[1][0]:  # one a line
            picks = sorted(rnd.sample(short, 2))
        for i, j in picks:
            box = line_box(i, j, j + 1)
            before, after = neighbours(i, j, j + 1)
            code = rnd.choice(codes)
            draws.append(("bar", box, code, (margin + body + 0.2 * dpi, top + i * lead)))
            truth.append(Truth(box, [code], before, after))
        _not_bars(draw, rnd, font_name, size, dpi, margin, top, top + lead * LINES, lines, picks)
    else:
        picks = rnd.sample(range(LINES), 2)
        for i in sorted(picks):
            nw = len(lines[i])
            a = rnd.randrange(1, nw - 3)
            b = a + rnd.choice((1, 2))
            box = line_box(i, a, b)
            before, after = neighbours(i, a, b)
            y = top + i * lead
            if style == "black-code-beside":
                code = rnd.choice(codes)
                draws.append(("bar", box, code, (margin + body + 0.2 * dpi, y)))
                truth.append(Truth(box, [code], before, after))
            elif style == "grey-code-beside":
                # The code goes right after the bar, in the line: the words after it move on.
                code = rnd.choice(codes)
                cw = draw.textlength(code + " ", font=small)
                for j in range(b, nw):
                    w, wb = lines[i][j]
                    lines[i][j] = (w, [round(wb[0] + cw), *wb[1:]])
                draws.append(("grey", box, code, (box[0] + box[2] + space, y + 0.1 * size)))
                truth.append(Truth(box, [code], before, after))
            elif style == "white-code-inside":
                code = rnd.choice(_STATE_CODES[split])
                hidden.update((i, j) for j in range(a, b))
                # The box is at least wide enough for its code.
                cw = draw.textlength(code, font=small)
                if box[2] < cw + 4 * pad:  # wider: the words after it move on
                    extra = round(cw + 4 * pad) - box[2]
                    box[2] += extra
                    for j in range(b, nw):
                        w, wb = lines[i][j]
                        lines[i][j] = (w, [wb[0] + extra, *wb[1:]])
                cx = box[0] + (box[2] - cw) / 2
                draws.append(("white", box, code, (cx, y + 0.1 * size)))
                truth.append(Truth(box, [code], before, after))
            else:  # inline-bar
                draws.append(("bar", box, None, None))
                truth.append(Truth(box, None, before, after))
    for i, row in enumerate(lines):
        for j, (w, wb) in enumerate(row):
            if (i, j) not in hidden:
                draw.text((wb[0], top + i * lead), w, font=font, fill=0)
    for kind, box, code, at in draws:
        x0, y0, w, h = box
        if kind == "bar":
            draw.rectangle([x0, y0, x0 + w - 1, y0 + h - 1], fill=0)
        elif kind == "code":
            pass  # only its code: its box is drawn in parts
        elif kind == "grey":
            draw.rectangle([x0, y0, x0 + w - 1, y0 + h - 1], fill=rnd.choice((150, 170, 185)))
        else:
            draw.rectangle([x0, y0, x0 + w - 1, y0 + h - 1], outline=0, width=max(1, dpi // 150))
        if code and at:
            draw.text(at, code, font=small, fill=0)
    for code, at, face in column:
        draw.text(at, code, font=face, fill=0)
    for sx, sy, sw, sh in specks:
        draw.rectangle([sx, sy, sx + sw - 1, sy + sh - 1], fill=255)
    name = f"{style}-{split}-{font_name}-{dpi}-{seed}"
    return Rendered(name, style, split, img, dpi, truth)


def _not_bars(
    draw: ImageDraw.ImageDraw,
    rnd: random.Random,
    font_name: str,
    size: int,
    dpi: int,
    margin: int,
    top: int,
    bottom: int,
    lines: list[list[tuple[str, list[int]]]],
    picks: list[tuple[int, int]],
) -> None:
    """What a bar finder must leave alone, drawn around the ``short-bar`` page's text (``top``
    to ``bottom``): a bold heading and State's boxed release stamp above it, one word of a line
    without a bar underlined, a rule and a two-cell table's borders below it."""
    bold = _font(font_name, size, bold=True)
    draw.text((margin, margin), "MEMORANDUM OF CONVERSATION", font=bold, fill=0)
    small = _font(font_name, round(size * 0.8))
    x0, y0 = round(4.4 * dpi), round(0.15 * dpi)
    draw.rectangle(
        [x0, y0, x0 + round(1.45 * dpi), y0 + round(0.55 * dpi)],
        outline=0,
        width=max(2, dpi // 100),
    )
    draw.text((x0 + 0.1 * dpi, y0 + 0.06 * dpi), "RELEASE IN PART", font=small, fill=0)
    draw.text((x0 + 0.1 * dpi, y0 + 0.3 * dpi), "B6", font=small, fill=0)
    free = [i for i in range(len(lines)) if i not in {p[0] for p in picks} and len(lines[i]) > 2]
    if free:
        i = rnd.choice(free)
        _, (x, y, wl, h) = lines[i][rnd.randrange(1, len(lines[i]) - 1)]
        base = y + h + max(2, dpi // 100)
        draw.rectangle([x, base, x + wl, base + max(2, dpi // 100)], fill=0)
    rule = bottom + round(0.1 * dpi)
    draw.rectangle([margin, rule, margin + round(4.6 * dpi), rule + max(3, dpi // 60)], fill=0)
    t0, t1 = rule + round(0.15 * dpi), rule + round(0.45 * dpi)
    mid = margin + round(1.5 * dpi)
    for box in ([margin, t0, mid, t1], [mid, t0, margin + round(3.0 * dpi), t1]):
        draw.rectangle(box, outline=0, width=max(2, dpi // 100))
    draw.text((margin + 0.1 * dpi, t0 + 0.05 * dpi), "Moscow", font=small, fill=0)
    draw.text((mid + 0.1 * dpi, t0 + 0.05 * dpi), "Tbilisi", font=small, fill=0)


def pages(split: str | None = None, styles: tuple[str, ...] = STYLES) -> list[Rendered]:
    """Every rendered page of ``split`` ("dev", "test"; None: both) and ``styles``."""
    out = []
    for sp, variants in SPLITS.items():
        if split not in (None, sp):
            continue
        for style in styles:
            if sp != "dev" and style in DEV_ONLY:
                continue
            for font_name, dpi, seeds in variants:
                out.extend(render(style, sp, font_name, dpi, s) for s in seeds)
    return out
