"""Lines of paper grain read as words: removed as junk on the OCR's own evidence.

A faint photocopy's grain (or a blotchy margin) is read by Tesseract as a line of short, odd
"words" ("Mey os Sag fle eh cee Petia 2s"): too many letters for the text-only junk rule
(``patterns.junk.is_junk``) and no pattern, so it stayed in the text. Such a line carries
several kinds of evidence a person would use, and it goes only when all agree:

* **confidence** - Tesseract is unsure of it: the letter-weighted mean word confidence is below
  ``NOISE_CONF`` (grain on the dev extreme tier reads 14-38; real furniture 52-60; body text
  80-96, its faint lines, "_ FOLLOWERS." at 0, kept by the next two);
* **words** - few of its letters are in tokens that read as text (a common English word, a
  known word of 5+ letters, a capitals word of 4+) and at least ``FRAGMENT_SHARE`` are in
  fragments: a rare or unknown word of 3 letters or fewer ("tet", "fle", "eh"), an unknown
  4-letter word, a word with case mixed inside it ("hEad") or with no vowel; a known 4-letter
  word or a regular unknown word of 5+ ("Petia") may be a name, and counts for neither side;
* **what a reader needs** - no exemption code ("b7A-1") and no number of 3+ digits in it;
* **shape of the line** - two words or more, ``MIN_LETTERS`` letters or more (fewer is a speck,
  ``patterns.junk`` judges those), and not all capitals (a cable's drafting line "S/NIS/RA:
  PREMLER: MCK" is read at 35 in the sample, ``scans/``);
* **place** - it lies in the paper's margin (``noise_place``): outside the text column of the
  lines read surely, by ``MARGIN`` line heights or more, and reaching the paper's outer
  ``EDGE`` on that side. Damaged type looks like grain on its words alone (a JFK line "ewier.
  tbc ts0/ctAa" read at 30, ``tests/test_review_web.py``), but it sits in the column at the
  line pitch: it stays, for a person to type (``correct`` offers it as a whole line).

A line from text input (no confidences or boxes) is never judged: text input keeps the old
behaviour. A line already decided (furniture, a stamp or redaction inside it, a protected cable
header) is left alone. The removal is recorded as kind ``junk`` with its figures and place as
evidence, so the stripped text and ``removed.jsonl`` still account for every character of
``raw.txt``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.core.enums import FurnitureKind
from pipeline.core.records import Page
from pipeline.stages.exemptions import exemption_codes
from pipeline.stages.strip.noise_place import Column, margin_side, text_column

if TYPE_CHECKING:
    from pipeline.lexicon import Lexicon
    from pipeline.stages.strip.lines import WorkLine

NOISE_CONF = 40.0  # letter-weighted mean Tesseract confidence (0-100) below which a line may go
# At least this share of its letters in fragments (so at most the rest in text-like words).
FRAGMENT_SHARE = 0.5
COMMON = 100_000_000  # corpus count of a common English word ("end" 2.2e8, "kong" 3.6e7)
MIN_TOKENS = 2  # a line of one word is a word, however faint
MIN_LETTERS = 5  # fewer letters is a speck: ``patterns.junk`` judges those
# The score a removed noise line is given: a pattern's weight plus position (it is reported, not
# compared with anything).
NOISE_SCORE = 3.0
#: The first evidence item of a grain line (``noise_strip`` finds a strip's seed lines by it).
GRAIN = "grain read as words"

_VOWELS = frozenset("aeiouyAEIOUY")
_LETTERS = re.compile(r"[^\W\d_]+")
# A number of three digits or more: a date, a document or case number ("2020/02/21" in a CIA
# release stamp read through grain, tests/data/redactions); grain reads as one or two digits.
_NUMBER = re.compile(r"\d{3}")


@dataclass(frozen=True, slots=True)
class NoiseFigures:
    """What one OCR line's words say: ``conf``, the letter-weighted mean confidence (0-100);
    ``letters``, its letters; ``text``, the share of them in text-like words; ``fragments``,
    the share in fragments (0-1 each)."""

    conf: float
    letters: int
    text: float
    fragments: float
    tokens: int = 0  # words with letters
    capitals: bool = False  # every letter a capital: a cable's line ("S/NIS/RA: PREMLER:MCK")

    def is_noise(self) -> bool:
        """All three kinds of evidence agree the line is not text."""
        return (
            self.letters >= MIN_LETTERS
            and self.tokens >= MIN_TOKENS
            and not self.capitals
            and self.conf < NOISE_CONF
            and self.fragments >= FRAGMENT_SHARE
        )

    def evidence(self) -> list[str]:
        return [
            f"OCR confidence {self.conf:.0f} (below {NOISE_CONF:.0f})",
            f"{self.text:.0%} of its letters in words",
            f"{self.fragments:.0%} of its letters in fragments",
        ]


def _text_like(core: str, lexicon: Lexicon) -> bool:
    """A token that reads as text: a capitals word of 4+ letters, a known word of 5+, or a
    common word (``COMMON`` or more in the corpus counts: "the", "was", "of"). Grain reads as
    rare short English words too ("tet", "sag", "ate"), so those are not evidence of text."""
    if len(core) >= 4 and core.isupper():
        return True
    if len(core) >= 5 and lexicon.is_known(core):
        return True
    return lexicon.count(core.lower()) >= COMMON


def _noise_like(core: str, lexicon: Lexicon) -> bool:
    """A token (not text-like) shaped like no word: a rare or unknown word of 3 letters or
    fewer ("tet", "fle", "eh"), case mixed inside it, no vowel, or an unknown 4-letter word.
    A known word of 4+ letters ("eats", "Iran") or a regular unknown one of 5+ ("Petia") may be
    a name or a faint real word: neither text nor noise."""
    if len(core) <= 3 or not any(c in _VOWELS for c in core):
        return True
    rest = core[1:]
    if not (core.isupper() or core.islower() or (core[0].isupper() and rest.islower())):
        return True
    return len(core) == 4 and not lexicon.is_known(core)


def figures(words: Sequence[tuple[str, float]], lexicon: Lexicon) -> NoiseFigures | None:
    """The figures of a line's words (``(text, conf)`` pairs, conf 0-100); None without letters.

    Each token's letter runs count separately ("Satede®" is "Satede"); the confidence of a word
    counts once per letter, so a long word read surely outweighs a speck read badly.
    """
    total = conf_sum = text = frag = 0.0
    tokens = 0
    capitals = True
    for word, conf in words:
        cores = _LETTERS.findall(word)
        tokens += bool(cores)
        for core in cores:
            capitals = capitals and core.isupper()
            n = len(core)
            total += n
            conf_sum += n * conf
            if _text_like(core, lexicon):
                text += n
            elif _noise_like(core, lexicon):
                frag += n
    if not total:
        return None
    return NoiseFigures(conf_sum / total, int(total), text / total, frag / total, tokens, capitals)


def reader_needs(text: str) -> bool:
    """Whether a line's text holds what a reader needs though it is fragments by shape: an
    exemption code ("bl-1 b3-1 b7A-1" beside FBI redactions, read at 14-49) or a number of 3+
    digits."""
    return bool(_NUMBER.search(text) or exemption_codes(text, classification=False))


def noise_lines(pages: Sequence[Page], lines: list[WorkLine], lexicon: Lexicon | None) -> None:
    """Mark the undecided OCR lines that are grain read as words as furniture of kind junk
    (``furniture``, ``kind``, ``score``, ``evidence``). Without a lexicon, or for lines without
    word confidences (text input), nothing is marked."""
    if lexicon is None:
        return
    columns: dict[int, Column | None] = {}  # by page index, made when first needed
    for ln in lines:
        if ln.furniture or ln.spans or ln.protected or ln.tail is not None or ln.redacted():
            continue
        words = pages[ln.page].lines[ln.idx].words
        if not words or any(w.conf is None for w in words):
            continue
        if reader_needs(ln.text):
            continue
        figs = figures([(w.text, float(w.conf or 0.0)) for w in words], lexicon)
        if figs is None or not figs.is_noise():
            continue
        page = pages[ln.page]
        if ln.page not in columns:
            furniture = {o.idx for o in lines if o.page == ln.page and o.furniture}
            columns[ln.page] = text_column(page, furniture)
        place = margin_side(page, columns[ln.page], pages[ln.page].lines[ln.idx].bbox)
        if place is None:  # in the column (or no column to judge by): damaged type, kept
            continue
        ln.furniture, ln.kind, ln.score = True, FurnitureKind.JUNK, NOISE_SCORE
        ln.evidence = [GRAIN, *figs.evidence(), place]
