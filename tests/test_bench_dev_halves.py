"""The dev halves of ``bench.dev_halves``: fixed by their salt, so figures measured on a half
(``bench.holdout``) stay comparable across sessions."""

from __future__ import annotations

from bench.dev_halves import split_halves
from bench.material import documents


def test_the_bln600_dev_halves_are_the_ones_measured() -> None:
    """Session 30 measured on halves of 203 and 189 BLN600 dev documents; a changed salt or
    rule would give other halves (and make the reported figures incomparable)."""
    halves = split_halves(documents("bln600", "dev"))
    assert (len(halves["A"]), len(halves["B"])) == (203, 189)
    assert halves["A"][:2] == ["3200797034", "3200801613"]
    assert halves["B"][:2] == ["3200797029", "3200801615"]
