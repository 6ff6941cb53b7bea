"""The real vocabulary of classification and handling markings, as data.

``marking_evidence`` reads a line OCR damaged past the banner patterns as a whole against these
phrases; each marking is also looked for with one inner word lost to wear (``PHRASES``).
"""

from __future__ import annotations

# The real vocabulary of US classification and handling markings (levels, dissemination and
# handling caveats as State, CIA and FBI documents of the 1950s-1990s print them; EO 12958 and
# the DCID 1/7 control markings). Only phrases of six letters or more: a shorter one is found by
# chance in any capital word.
MARKINGS: tuple[str, ...] = (
    "TOP SECRET",
    "SECRET",
    "CONFIDENTIAL",
    "UNCLASSIFIED",
    "LIMITED OFFICIAL USE",
    "OFFICIAL USE ONLY",
    "ADMINISTRATIVE INTERNAL USE ONLY",
    "NO FOREIGN DISSEM",
    "NOFORN",
    "NO DISSEM ABROAD",
    "CONTROLLED DISSEM",
    "DISSEMINATION CONTROLS",
    "BACKGROUND USE ONLY",
    "WARNING NOTICE",
    "SENSITIVE INTELLIGENCE SOURCES AND METHODS INVOLVED",
    # ... whose wrapped rest stands on lines of its own ("SENSITIVE SOURCES" / "METHODS
    # INVOLVED": 2018 179-40006-10119 lines 107-109, jfk-more dev).
    "METHODS INVOLVED",
    "SOURCES AND METHODS INVOLVED",
    "NOCONTRACT",
    "EYES ONLY",
    "SENSITIVE",
    "SPECAT",
    "WNINTEL",
)

# The codewords of the SIGINT control systems printed beside a level in a codeword banner ("TOP
# SECRET DINAR", "SECRET SABRE"): the public names of the COMINT and TALENT KEYHOLE systems and
# compartments of the 1960s-1990s (read in 2025 144-10001-10286, ``bench/furniture/jfk-recent``;
# SABRE and MORAY beside SECRET in 2022 144-10001-10326_docid_6782908_sealed lines 1, 66, 76, 130,
# ``bench/furniture/jfk-2022``; dev).
CODEWORDS: tuple[str, ...] = (
    *("UMBRA", "DINAR", "SPOKE", "MORAY", "TRINE", "GAMMA", "SABRE", "RUFF", "ZARF", "HCO"),
    *("TALENT KEYHOLE", "COMINT"),
)


def _variants(marking: str) -> list[str]:
    """The marking and, for one of three words or more, the marking with one inner word lost
    (OCR dropped "OFFICIAL" from a worn "LIMITED OFFICIAL USE": "LY LIMITED ani USE", 2018
    104-10433-10178 line 412, jfk-state dev); the first and last words always stay."""
    words = marking.split()
    out = [marking]
    out += [" ".join(words[:i] + words[i + 1 :]) for i in range(1, len(words) - 1)]
    return out


# (the marking's name, the letters it is looked for by, whether they are all of its letters):
# each marking and its variants.
PHRASES = tuple(
    (m, "".join(c for c in v if c.isalpha()), v == m) for m in MARKINGS for v in _variants(m)
)
