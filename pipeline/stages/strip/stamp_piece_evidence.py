"""A release stamp OCR broke into pieces on lines of their own, read against its printed wording.

A stamp printed at a page's foot in small type over two or three lines is read by OCR as its
first line and a few short pieces beside it, each a stretch of the stamp's wording cut anywhere:
the NSA's 2022 release line "Released on 08-12-2022 under the John F." with "F. Kenned:",
"nation Recor¢" and "1992" on lines of their own (2022 144-10001-10326_docid_6782908_sealed lines
66-70 and 130-136, ``bench/furniture/jfk-2022``, dev). No one-line pattern may take "1992" or
"F. Kenned:" alone; what a person goes by is that each is a stretch of the wording of the stamp
right beside it. So a short line that is no sentence, within ``REACH`` lines of a line the
stamp's pattern read (``PRINTED``: the stamp's name and its wording, as printed), on the same
page, with only other such pieces or furniture candidates between, whose letters and digits are
a stretch of the stamp's wording (rapidfuzz's partial ratio ``PIECE_SCORE`` or more), gets the
prior ``release-stamp-piece`` at ``MEDIUM``: the stamp beside it (furniture) then gives it its
place (``decide._anchor``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import MEDIUM, STRONG
from pipeline.stages.strip.lines import WorkLine
from pipeline.stages.strip.patterns.base import Prior
from pipeline.stages.strip.patterns.message_forms import RELEASE_2022

log = logging.getLogger(__name__)

# The stamps read so: pattern name -> the stamp's wording as printed.
PRINTED: dict[str, str] = {"nsa-2022-release-line": RELEASE_2022}
# Non-blank lines from the stamp's line a piece may stand at.
REACH = 3
# A piece is short: at most this many characters, and at least MIN_ALNUM letters and digits.
MAX_CHARS = 24
MIN_ALNUM = 4
# rapidfuzz partial ratio (0-100) of the piece against the stamp's wording.
PIECE_SCORE = 85.0
# Priors a piece may carry already: none, or the weak ones OCR's remnants get.
_FREE_PRIORS = frozenset({"junk", "lone-number"})
_NON_ALNUM = re.compile(r"[^A-Z0-9]+")


def _norm(text: str) -> str:
    """Upper case, every run of other characters one space."""
    return _NON_ALNUM.sub(" ", text.upper()).strip()


def stamp_piece(text: str, printed: str) -> float:
    """rapidfuzz's partial ratio (0-100) of a short line against a stamp's printed wording, 0 for
    a line too long or with too few letters and digits to tell.

    >>> stamp_piece("F. Kenned:", RELEASE_2022), stamp_piece("1992", RELEASE_2022)
    (100.0, 100.0)
    >>> stamp_piece("The Prime Minister left", RELEASE_2022) < PIECE_SCORE
    True
    >>> stamp_piece("19", RELEASE_2022)
    0.0
    """
    core = text.strip()
    if len(core) > MAX_CHARS or sum(c.isalnum() for c in core) < MIN_ALNUM:
        return 0.0
    return fuzz.partial_ratio(_norm(core), _norm(printed))


def _free(ln: WorkLine) -> bool:
    """A line no pattern of weight has read, no sentence, no part of a cable's header."""
    if ln.protected or ln.spans or ln.prose or ln.repeat:
        return False
    return ln.prior is None or ln.prior.name in _FREE_PRIORS


def stamp_pieces(lines: Sequence[WorkLine]) -> None:
    """Give the wrapped pieces of each stamp in ``PRINTED`` the prior ``release-stamp-piece``
    (kind release stamp, ``MEDIUM``), its detail naming the stamp's line. ``lines``: the
    document's work lines, in order, with their priors; changed in place."""
    steps: tuple[Callable[[WorkLine], WorkLine | None], ...] = (
        lambda x: x.prev,
        lambda x: x.next,
    )
    for ln in lines:
        if ln.prior is None or ln.prior.name not in PRINTED or ln.weight < STRONG:
            continue
        printed = PRINTED[ln.prior.name]
        for step in steps:
            other = step(ln)
            for _ in range(REACH):
                if other is None or other.page != ln.page:
                    break
                if _free(other) and stamp_piece(other.text, printed) >= PIECE_SCORE:
                    detail = f"a piece of the stamp {ln.prior.name} on line {ln.idx}"
                    other.prior = Prior(
                        "release-stamp-piece", FurnitureKind.RELEASE_STAMP, MEDIUM, detail
                    )
                    log.debug("stamp piece: page %d line %d", other.page, other.idx)
                elif other.weight < MEDIUM:
                    break
                other = step(other)
