"""How the strip stage weighs its evidence: every weight, threshold and option in one place.

The pattern weights (``STRONG``, ``MEDIUM``, ``WEAK``) are the priors the patterns carry
(``patterns``); the evidence weights are what position, repetition and a page-number sequence
add to them (``evidence``, ``decide``). ``StripConfig`` holds what a run may change; the module
constants are the fixed scale its ``threshold`` is measured on.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.core.enums import FurnitureKind

FURNITURE_KINDS = tuple(FurnitureKind)

# Pattern weights. STRONG patterns are unmistakable stamps and remove their text on their own;
# MEDIUM ones (a bare banner line, one wrapped line of a stamp) need one more piece of evidence
# (position or repetition); WEAK ones (a lone number, a junk line) need one too, and never lend
# position to their neighbours.
STRONG = 1.5
MEDIUM = 0.6
WEAK = 0.5

# Evidence weights: what each piece of evidence adds to a line's pattern weight.
POSITION = 0.5  # in a band, at the page edge, or next to other furniture
REPETITION = 0.6  # near the edge of most pages
SEQUENCE = 0.6  # a lone number in a page-number sequence of three or more
SEQUENCE_PAIR = 0.3  # ... of two
PROSE = 0.5  # taken off a line with no pattern that reads like a sentence
FORM_SHAPE = 0.5  # a form's line of unmistakable shape: options with boxes, three options, or
# one of the instructions a form prints on every copy (``patterns.forms``)
FORM_COLUMN = 0.5  # another line of the form's check boxes a few lines away
ROW = 1.0  # a piece of a removed stamp's printed row that OCR made a line of its own
# Two lone numbers a page apart are at least this many characters apart in text input.
SEQUENCE_GAP = 200
# An OCR word below this confidence (0-100) is one the engine was unsure of: speckle read as
# letters ("BLes" 18, "nea" 35), but also real words in bold or damaged print ("SECRET /NOFORN"
# at 0, "soldiers." at 3). So it only counts as a speck beside furniture in a page's top or
# bottom band, never on its own (``evidence.unsure_words``).
UNSURE_CONF = 40.0


@dataclass(frozen=True)
class StripConfig:
    """How the strip stage weighs its evidence. Every default is what the tests and the corpus
    runs use; ``threshold`` is on the same scale as the weights above."""

    # Furniture kinds to leave in the text (--keep-furniture KIND); still recorded as evidence.
    keep_kinds: frozenset[str] = frozenset()
    # Share of the page height, from the top and from the bottom, that counts as the page's
    # header and footer band (OCR input with word boxes and a page height; the paper's height
    # and top when the image shows a frame around the paper, ``Page.paper``).
    top_band: float = 0.10
    bottom_band: float = 0.10
    # A line counts as repeated when it is found near the edge of at least this share of the
    # pages (and on two at least).
    repeat_fraction: float = 0.5
    # rapidfuzz ratio (0-100) at which two lines, digits masked, are the same line.
    fuzzy_score: float = 90.0
    # How many non-blank lines at each end of a page are compared across pages.
    edge_lines: int = 4
    # Evidence at or above this removes a line.
    threshold: float = 1.0

    def __post_init__(self) -> None:
        if not isinstance(self.keep_kinds, frozenset):
            raise TypeError("keep_kinds must be a frozenset of furniture kinds")
        unknown = sorted(self.keep_kinds - set(FURNITURE_KINDS))
        if unknown:
            raise ValueError(
                f"unknown furniture kind(s) {', '.join(unknown)}; "
                f"expected one of {', '.join(FURNITURE_KINDS)}"
            )
        for name in ("top_band", "bottom_band"):
            if not 0.0 <= getattr(self, name) <= 0.5:
                raise ValueError(f"{name} must be between 0 and 0.5 (a share of the page height)")
        if not 0.0 < self.repeat_fraction <= 1.0:
            raise ValueError("repeat_fraction must be in (0, 1]")
        if not 50.0 <= self.fuzzy_score <= 100.0:
            raise ValueError("fuzzy_score must be between 50 and 100")
        if self.edge_lines < 1:
            raise ValueError("edge_lines must be at least 1")
        if self.threshold <= 0:
            raise ValueError("threshold must be positive")
