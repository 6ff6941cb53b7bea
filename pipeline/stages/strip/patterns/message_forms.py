"""What NARA's 2022 release prints on an NSA message, and the page counter real message forms print.

Read in the 2022 JFK release (``bench/furniture/jfk-2022``, dev; noops888/jfk-files-text
@55840853), each form with the file and line it was read from, and each the printed or stamped
text of a form that recurs across the releases, not one copy's string:

* the NSA's 2022 release line at each page's foot, "Released on 08-12-2022 under the John F.
  Kennedy Assassination Records Act of 1992", as OCR cuts it: whole, its middle lost ("Released
  on 08-12-2022 under the John mation Records Act of 1992") or wrapped ("Released on 08-12-2022
  under the John F." with "F. Kenned:", "nation Recor¢", "1992" on lines of their own beside
  it): 2022 144-10001-10326_docid_6782908_sealed lines 68-70, 132-136 (``RELEASE_2022`` is the
  printed wording its pieces are read against, ``stamp_piece_evidence``);
* a SIGINT codeword banner with its level worn past the banner patterns: "—SEGREF MORAY",
  "SEGREFSABRE—", "SEGREF-SABRE-" (the same file, lines 66, 76, 130): the level within two
  edits of SECRET, the codeword read whole (``codeword_banner``);
* the message form's page counter, its blanks filled in by hand or typewriter and read with the
  blanks' underscores: "PAGE__1_ of __2__—~PAGE(s)", "Pace_2 of__2 _ PAGE(s)" (lines 128, 158),
  with the form's foot row in front of it, the downgrading group and the level ("GROUP 1 Ba
  CECRET & PAGE__2 of ___2 _PAGE(s)", line 153); and a CIA information report's "PAGE 1 OF 3.
  PAGES" (2022 124-10207-10417 line 66): a counter that says "PAGES" behind its numbers is the
  form's, never a sentence's (``COUNTER_LINES``).
"""

from __future__ import annotations

import logging
import re

from rapidfuzz.distance import Levenshtein

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import MEDIUM, STRONG
from pipeline.stages.strip.patterns.base import LinePattern, SpanPattern
from pipeline.stages.strip.patterns.markings import CODEWORDS

log = logging.getLogger(__name__)

# The NSA's 2022 release line as printed (2022 144-10001-10326_docid_6782908_sealed, jfk-2022
# dev): the wording a wrapped piece of it is read against.
RELEASE_2022 = "Released on 08-12-2022 under the John F. Kennedy Assassination Records Act of 1992"

RELEASE_2022_SPANS: tuple[SpanPattern, ...] = (
    SpanPattern(
        # The stamp's head, a release date and "under the John", is what no sentence prints; its
        # tail may be cut anywhere up to the Act's year ("... under the John mation Records Act
        # of 1992": the middle lost, line 70), or wrapped (line 136, "... the John F.").
        "nsa-2022-release-line",
        FurnitureKind.RELEASE_STAMP,
        re.compile(
            r"""Released\s+on\s+\d{2}-\d{2}-\d{4}\s+under\s+the\s+John\b
                (?:[^\n]{0,60}?\bAct\s+of\s+1992\b|\s+F\.?)?""",
            re.X,
        ),
        keys=("released on",),
    ),
)

_LEVEL_EDITS = 2  # a worn level word: within two edits of SECRET ("SEGREF", "SECREF")
_CAPS = re.compile(r"[A-Z]+")


def codeword_banner(text: str) -> str | None:
    """The banner ("SECRET MORAY") a line of a worn level and a codeword is, else None.

    The line's capitals, joined (spaces and OCR's dashes dropped, so "SEGREFSABRE—" and
    "—SEGREF MORAY" read alike), must be a word within two edits of SECRET (or TOP SECRET) and
    a codeword read whole behind it, and nothing else; a line with a small letter in it is no
    banner.

    >>> codeword_banner("—SEGREF MORAY"), codeword_banner("SEGREFSABRE—")
    ('SECRET MORAY', 'SECRET SABRE')
    >>> codeword_banner("The MORAY report"), codeword_banner("SECTION MORAY")
    (None, None)
    """
    if any(c.islower() for c in text):
        return None
    letters = "".join(_CAPS.findall(text))
    if not 9 <= len(letters) <= 18:
        return None
    for word in CODEWORDS:
        code = word.replace(" ", "")
        if not letters.endswith(code):
            continue
        level = letters[: -len(code)]
        for name, edits in (("TOP SECRET", _LEVEL_EDITS + 1), ("SECRET", _LEVEL_EDITS)):
            if Levenshtein.distance(level, name.replace(" ", ""), score_cutoff=edits) <= edits:
                return f"{name} {word}"
    return None


# A page word as OCR wears it ("Pace", "PAGE", "Page") and a form's blank around a number.
_PAGE = r"(?:PAGE|Page|P[a-z]{2}e|PA[A-Z]E)"
_BLANK = r"[\s_.,~—–-]*"

COUNTER_LINES: tuple[LinePattern, ...] = (
    LinePattern(
        # "PAGE__1_ of __2__—~PAGE(s)", "PAGE 1 OF 3. PAGES", with the message form's foot row
        # ("GROUP 1", the level) in front: its numbers, then "PAGES" or "PAGE(s)".
        "page-counter-form",
        FurnitureKind.PAGE_NUMBER,
        re.compile(
            rf"""(?:GROUP\s*[1-4]\s+(?:\S{{1,8}}\s+){{0,3}})?
                {_PAGE}{_BLANK}\d{{1,3}}{_BLANK}(?:of|OF){_BLANK}\d{{1,3}}{_BLANK}
                PAGE(?:S|\([sS]\)?)\.?""",
            re.X,
        ),
        STRONG,
    ),
    LinePattern(
        # A page label with its word worn ("Pago 2", a letter's continuation page: 2022
        # 104-10229-10423 line 65, jfk-2022 dev): only with its place on the page.
        "page-label-worn",
        FurnitureKind.PAGE_NUMBER,
        re.compile(r"P[a-z][gq][eo]\s+\d{1,3}"),
        MEDIUM,
    ),
)
