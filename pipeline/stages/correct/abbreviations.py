"""The short forms written with a stop, one list for every rule that asks whether a stop ends a
word's abbreviation rather than a sentence or a speck.

``structure`` keeps a stop read before a small word after one of them (``approx. two``: no
speck), and ``glued`` keeps a stop after one before a small word (``Jackson, Miss. and``: the
state, not a stray mark). Forms are lower case, without the stop; only one-word forms
(``N.Y.`` is a code to both rules already). A month's or a state's short form is a proper
noun's, written with a capital: written small, the word is the English word (``miss. the``,
``wash. the``: a speck after the verb).
"""

from __future__ import annotations

#: General abbreviations, titles and references, in any case (BLN600 dev's 19th-century prose
#: and older cables write them with a stop: ``per cent. of``, ``Mr. and``).
_GENERAL = (
    "approx", "etc", "viz", "incl", "esp", "cf", "vs", "dept", "govt", "gov", "mil", "st",
    "mr", "mrs", "ms", "dr", "gen", "col", "sen", "rep", "inc", "ltd", "co", "corp", "jr",
    "sr", "ft", "hon", "rev", "art", "sec", "para", "ref", "cont", "encl", "fig", "vol",
    "nos", "no", "pp", "op", "cit", "ibid", "al", "cent", "prof", "supt", "assn", "bros",
)  # fmt: skip
#: Months as letters and cables shorten them.
_MONTHS = ("jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec")
#: US states as the GPO Style Manual's traditional abbreviations write them (one word; Maine,
#: Iowa, Ohio, Utah, Alaska, Hawaii and Idaho are not shortened), with ``Penn.`` and ``Wisc.``
#: of older and news usage. Several are English words too (``Mass.``, ``Wash.``, ``Miss.``):
#: after one, a stop is the state's as often as a speck, and neither rule takes it.
_STATES = (
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kans",
    "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "nebr", "nev", "okla",
    "oreg", "pa", "penn", "tenn", "tex", "vt", "va", "wash", "wis", "wisc", "wyo",
)  # fmt: skip

_ANY_CASE = frozenset(_GENERAL)
_PROPER = frozenset((*_MONTHS, *_STATES))


def is_abbreviation(core: str) -> bool:
    """Is ``core`` (a word without its stop) a short form written with a stop: one of the
    general forms in any case, or a month's or a state's written with a capital?

    >>> [is_abbreviation(w) for w in ("approx", "Miss", "MASS", "miss", "Sept", "Boston")]
    [True, True, True, False, True, False]
    """
    low = core.lower()
    return low in _ANY_CASE or (low in _PROPER and not core.islower())
