"""Two halves of a dev split, fixed by a hash: a held-out inside dev.

Why: the test split is held out (never read), so when a figure falls from dev to test the reason
cannot be looked for there. Split dev in two by a rule fixed before any figure is seen, fit what
is fitted (``bench.calibrate``) on one half and measure on the other: if the unseen half falls
as test does, the fall can be read on material we may read.

The rule (written before any measurement, session 30, helper bln5): a document is in half "A"
when the first hex digit of ``sha256(SALT + name)`` is 0-7, else in "B". ``name`` is the
document's name in ``bench/splits.json`` (a BLN600 Sample ID, say).
"""

from __future__ import annotations

import hashlib
from typing import Literal

Half = Literal["A", "B"]

#: Fixed once; changing it makes another pair of halves (and old figures incomparable).
SALT = "bln5-dev-halves:"


def half(name: str) -> Half:
    """``"A"`` or ``"B"`` for the document ``name``.

    >>> half("x") in ("A", "B")
    True
    """
    first = hashlib.sha256((SALT + name).encode("utf-8")).hexdigest()[0]
    return "A" if first in "01234567" else "B"


def split_halves(names: list[str]) -> dict[Half, list[str]]:
    """``names`` (order kept) by half."""
    out: dict[Half, list[str]] = {"A": [], "B": []}
    for n in names:
        out[half(n)].append(n)
    return out
