"""Specks of grain read as a lone mark between words: ``. ; | - — _ ~ ,`` standing alone.

On a faint photocopy (issue 13's extreme tier) a speck of grain beside or between typed words
is read by Tesseract as a token of its own made of marks only: "Septel. End FYI. . .",
"Eliot also present. ; ;", "to, Secretary | on oil]", "_ tranche.". On the dev extreme tier
such lone marks were most of the words inserted into the text (about 90 of 130 word edits of
that class); the gold text of those pages has only ``--`` and ``&`` as lone marks.

What tells a speck from a typed mark is its ink box against the type around it, not its text:
on a typewriter a typed mark is a character of the typeface, a dash or an ampersand nearly a
whole character cell wide, a quote or a stop a clear part of a letter's height; a speck is a
dot of grain. On the dev extreme pages the lone marks that stand where no typed character is
are, in 60-odd cases of 95, under ``SPECK`` of the line's word height both ways (the ``--``
dashes there: 0.17-0.27 high but 1.3-1.5 wide; a ``&``: 0.88 x 0.71); the larger noise
(grain that happens to look like a glyph) is left.

So a token is taken out of its line when all of these hold:

* it has no letter and no digit (a speck inside a word is ``correct.glued``'s);
* its box is under ``SPECK`` of the line's word height in width and in height; the word
  height is the median box height of the line's words of ``REF_CHARS`` letters or digits or
  more (``REF_WORDS`` of them at least), else of the page's such words;
* it is not the word before it's own mark split off: a stop, comma, colon or semicolon starting
  within ``SPLIT_GAP`` of a word height after a word that ends in a letter or digit may be
  that word's stop read apart (``word .``), and it stays;
* it is not one of a row of stops (``. . .`` may be a typed ellipsis) unless its word height
  says every one of them is a speck and the word before already ended in a stop.

Text input (no boxes) is never judged. Each removal is a span of its line, kind ``junk``, with
its size against the word height as evidence (``removed.jsonl``), so the stripped text and the
removals still account for every character.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.lines import Span, Tok, WorkLine

#: A lone mark's box under this share of the word height, in width and in height, is a speck
#: (dev extreme: specks 0.05-0.29 both ways; typed dashes 1.3-1.5 wide, an ampersand 0.88 high).
SPECK = 0.25
#: Words that give the line's word height: this many letters or digits at least, and at least
#: ``REF_WORDS`` of them on the line (else the page's such words are used).
REF_CHARS, REF_WORDS = 3, 2
#: A stop or comma starting within this share of the word height after a word's box may be that
#: word's own mark read apart: it stays.
SPLIT_GAP = 0.5
#: Marks that end a word (its own mark read apart stays: ``SPLIT_GAP``).
WORD_END = frozenset(".,:;")
#: The score a removed speck is given (reported, not compared with anything).
SPECK_SCORE = 3.0


def _alnum(text: str) -> int:
    return sum(c.isalnum() for c in text)


def _word_height(toks: Sequence[Tok], text: str) -> float | None:
    """The median box height (pixels) of the tokens with ``REF_CHARS`` letters or digits or
    more; None with fewer than ``REF_WORDS`` of them."""
    heights = [
        t.bbox.height
        for t in toks
        if t.bbox is not None and _alnum(text[t.start : t.end]) >= REF_CHARS
    ]
    return float(statistics.median(heights)) if len(heights) >= REF_WORDS else None


def speck_tokens(lines: list[WorkLine]) -> None:
    """Add a decided ``junk`` span to each undecided line for every lone mark in it that its
    box says is a speck (module docstring); lines without boxes (text input) are left alone."""
    page_heights: dict[int, float | None] = {}
    for number in sorted({ln.page for ln in lines}):
        heights = [
            t.bbox.height
            for ln in lines
            if ln.page == number and not ln.furniture
            for t in ln.toks
            if t.bbox is not None and _alnum(ln.text[t.start : t.end]) >= REF_CHARS
        ]
        page_heights[number] = float(statistics.median(heights)) if heights else None
    for ln in lines:
        if ln.furniture or ln.protected or not ln.toks:
            continue
        height = _word_height(ln.toks, ln.text) or page_heights.get(ln.page)
        if not height:
            continue
        for k, tok in enumerate(ln.toks):
            why = _speck(ln, k, height)
            if why is None:
                continue
            ln.spans.append(
                Span(tok.start, tok.end, FurnitureKind.JUNK, why, SPECK_SCORE, decided=True)
            )


def _speck(ln: WorkLine, k: int, height: float) -> list[str] | None:
    """The evidence that ``ln.toks[k]`` is a speck read as a lone mark, or None."""
    tok = ln.toks[k]
    text = ln.text[tok.start : tok.end]
    box = tok.bbox
    if box is None or _alnum(text) or not text.strip():
        return None
    if any(s.start < tok.end and tok.start < s.end for s in ln.spans):
        return None  # already part of a removed or marked span
    w, h = box.width / height, box.height / height
    if w >= SPECK or h >= SPECK:
        return None
    prev = ln.toks[k - 1] if k else None
    prev_text = ln.text[prev.start : prev.end] if prev else ""
    if prev is not None and prev.bbox is not None and text[0] in WORD_END:
        near = box.left - prev.bbox.right < SPLIT_GAP * height
        if near and prev_text[-1:].isalnum():
            return None  # the word's own stop read apart ("word .")
    if set(text) == {"."} and _ellipsis(ln, k):
        return None  # ". . ." may be a typed ellipsis
    return [
        "a speck read as a lone mark",
        f"its box {w:.2f} x {h:.2f} of the line's word height ({height:.0f} px)",
        f"under {SPECK} both ways: smaller than any typed character",
    ]


def _ellipsis(ln: WorkLine, k: int) -> bool:
    """Whether the lone stop at ``k`` is one of a row of lone stops (``. . .``) after a word that
    does not end in a stop: it may be a typed ellipsis."""

    def stop(j: int) -> bool:
        t = ln.toks[j]
        return set(ln.text[t.start : t.end]) == {"."}

    first, last = k, k
    while first > 0 and stop(first - 1):
        first -= 1
    while last + 1 < len(ln.toks) and stop(last + 1):
        last += 1
    if first == last:
        return False
    before = ln.toks[first - 1] if first else None
    return before is None or not ln.text[before.start : before.end].endswith(".")
