"""Rendered pages of the FBI's paragraph layout, dev only: where a paragraph's margin column
stands (``bench.redaction_render``'s ``fbi-paragraphs`` style).

The FBI prints a paragraph's exemption codes once, as a column in the right margin level with
one of its lines: its first most often, but also a middle one or its last (the Carter Page FISA
release, ``tests/data/redactions/``: page 55, dev, a column level with its paragraph's last
line, two lines below the bar). A page here is three paragraphs of double-spaced 12-pt type,
their first lines indented half an inch; one or two of them hold a bar (over one to three words
at a line's start, middle or end), and every paragraph has its column (two to four FBI codes,
``redaction_render._FBI_CODES``) level with its first, a middle or its last line, so a bar's
codes are its own paragraph's, not a neighbour's. Dev only (``redaction_render.DEV_ONLY``): the
shapes come from a dev page; the held-out rendered pages keep their ten styles.
"""

from __future__ import annotations

import random

from PIL import Image, ImageDraw

from bench import redaction_render as rr


def render_paragraphs(split: str, font_name: str, dpi: int, seed: int) -> rr.Rendered:
    """One ``fbi-paragraphs`` page of ``split``'s sentences in ``font_name`` at ``dpi``,
    deterministic for its arguments; its truth is each bar with its paragraph's codes."""
    rnd = random.Random(f"fbi-paragraphs:{split}:{seed}")
    text = (rr._DEV_TEXT if split == "dev" else rr._TEST_TEXT).split()
    size = round(12 / 72 * dpi)
    lead = round(size * 2.0)  # double-spaced, as the FBI's filings are
    margin, body, indent = round(0.4 * dpi), round(4.6 * dpi), round(0.5 * dpi)
    font = rr._font(font_name, size)
    small = rr._font(font_name, round(size * rnd.uniform(0.65, 0.8)))
    step = round(small.size * rnd.uniform(1.05, 1.25))
    counts = [rnd.choice((3, 4)) for _ in range(3)]
    gap = round(0.15 * dpi)  # a little more between paragraphs than between lines
    height = 2 * margin + lead * sum(counts) + gap * 2
    img = Image.new("L", (round(6.0 * dpi), height), 255)
    draw = ImageDraw.Draw(img)
    space = draw.textlength(" ", font=font)
    k = rnd.randrange(0, len(text) - 60)
    lines: list[tuple[int, list[tuple[str, list[int]]]]] = []  # (paragraph, words)
    y = margin
    tops: list[int] = []
    for p, n in enumerate(counts):
        for i in range(n):
            x, row = float(margin + (indent if i == 0 else 0)), []
            while True:
                w = text[k % len(text)]
                wl = draw.textlength(w, font=font)
                if x + wl > margin + body and row:
                    break
                _, t_, _, b_ = draw.textbbox((x, y), w, font=font)
                row.append((w, [round(x), round(t_), round(wl), round(b_ - t_)]))
                x += wl + space
                k += 1
            lines.append((p, row))
            tops.append(y)
            y += lead
        y += gap
    ascent, descent = font.getmetrics()
    pad = max(2, round(0.02 * dpi))
    for (_, row), top in zip(lines, tops, strict=True):
        for w, wb in row:
            draw.text((wb[0], top), w, font=font, fill=0)
    truth: list[rr.Truth] = []
    barred = rnd.sample(range(3), rnd.choice((1, 2)))
    free = 0  # where the column printed last ends (pixels down the page)
    for p in range(3):
        mine = [i for i, (q, _) in enumerate(lines) if q == p]
        printed, cs = [], []
        for form, code in rnd.sample(rr._FBI_CODES[split], len(rr._FBI_CODES[split])):
            if code not in cs and len(cs) < rnd.randrange(2, 5):
                printed.append(form)
                cs.append(code)
        level = rnd.choice((mine[0], mine[len(mine) // 2], mine[-1]))
        # A column is not printed over the one before it: it moves down a line or more.
        while tops[level] < free and level < mine[-1]:
            level += 1
        x = margin + body + rnd.uniform(0.15, 0.3) * dpi
        for j, form in enumerate(printed):
            draw.text((x, tops[level] + j * step), form, font=small, fill=0)
        free = tops[level] + len(printed) * step + step // 2
        if p not in barred:
            continue
        i = rnd.choice(mine)
        row = lines[i][1]
        a = rnd.choice((0, rnd.randrange(1, len(row) - 2), len(row) - 2))
        b = min(len(row), a + rnd.randrange(1, 4))
        x0, x1 = row[a][1][0] - pad, row[b - 1][1][0] + row[b - 1][1][2] + pad
        box = [x0, tops[i] - pad, x1 - x0, ascent + descent + 2 * pad]
        draw.rectangle([x0, box[1], x1 - 1, box[1] + box[3] - 1], fill=0)
        before = row[a - 1][0] if a > 0 else (lines[i - 1][1][-1][0] if i > 0 else None)
        after = (
            row[b][0] if b < len(row) else (lines[i + 1][1][0][0] if i + 1 < len(lines) else None)
        )
        truth.append(rr.Truth(box, cs, before, after))
    truth.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    name = f"fbi-paragraphs-{split}-{font_name}-{dpi}-{seed}"
    return rr.Rendered(name, "fbi-paragraphs", split, img, dpi, truth)
