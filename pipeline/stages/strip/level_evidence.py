"""Damaged level words weighed against the document's own banners.

OCR reads a page's "SECRET" as "BBCRET", "EGRET", "BBCRES", "BRORET" (2025 104-10301-10010,
``bench/furniture/jfk-recent``, dev). ``patterns.releases.damaged_level`` reads a one-word line
within two edits of a level as a damaged level, and the banner patterns read a word within their
fuzzy reach of one as the level; both also reach real words ("EGRET", "SECT", "SECRETS",
"CONFIDENT", "SECRETARY"), and a word one edit further off is as often a banner as noise. What
settles it is the document: one that prints the level as a banner on other lines makes a
doubtful reading a banner, still only at its place on the page (``decide``); one that does not
leaves the word alone. The lexicon says which readings are real words.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import MEDIUM
from pipeline.stages.strip.lines import WorkLine, slight
from pipeline.stages.strip.patterns.base import DEBRIS, Prior
from pipeline.stages.strip.patterns.releases import nearest_level

if TYPE_CHECKING:
    from pipeline.lexicon import Lexicon

log = logging.getLogger(__name__)


# How many other lines of the document must print a level as a banner (alone on its line, read
# or damaged) before a doubtful damaged reading of it counts: a real word near the level
# ("EGRET", "SECT", "CONFIDENT") or a word one edit further off than ``patterns.releases``
# allows ("BBCRES", "BRORET": 2025 104-10301-10010 lines 353, 533, 895, jfk-recent dev).
CORROBORATE = 2


def damaged_levels(lines: Sequence[WorkLine], lexicon: Lexicon | None) -> None:
    """Weigh the one-word lines read as a damaged level against the document's own banners.

    A line ``patterns.releases.damaged_level`` read as a level that is itself an English word
    (``lexicon``; without one that cannot be told, and nothing is changed) keeps its prior
    ``damaged-level`` only where ``CORROBORATE`` other lines print that level as a banner; else
    it loses it (a heading "EGRET" of a paper on birds, a "SECT" alone on its line, stay); the
    same for a real word the banner patterns read as a level ("SECRETS"), and one beyond two
    edits ("SECRETARY", a signature's title) is no level at all. A word of capitals
    one edit further off (three of SECRET, four of CONFIDENTIAL), no English word and about as
    long as the level, gets the prior on the same condition, detail saying so. Each still needs
    its place on the page (``decide``). Run right after ``collect``; ``lines``: the document's
    work lines, changed in place (``prior``, ``slight``).
    """
    by_level: dict[str, list[WorkLine]] = {}
    doubtful: list[tuple[WorkLine, str, int]] = []
    for ln in lines:
        if ln.protected or ln.spans:
            continue
        core = ln.text.strip().strip(DEBRIS + " \t")
        p = ln.prior
        if p is not None and p.name == "damaged-level":
            near = nearest_level(core)
            if near is not None and lexicon is not None and lexicon.is_known(_word(core)):
                doubtful.append((ln, near[0], near[1]))
                continue
        elif p is not None and p.name == "banner-line" and lexicon is not None:
            # The banner patterns read a word within their fuzzy reach of a level as the level
            # ("SECRETARY", ratio 80 to SECRET): a real word is one only as a doubtful level,
            # and one further off than ``damaged_level`` reaches is none.
            word = _word(core)
            level = p.detail.split(",")[0]
            if level in _DOUBTED and word.upper() != level and lexicon.is_known(word):
                near = nearest_level(core)
                if near is not None:
                    doubtful.append((ln, near[0], near[1]))
                else:
                    _no_level(ln)
                continue
        elif p is None or p.kind == FurnitureKind.JUNK:
            near = nearest_level(core, slack=1)
            if near is not None and nearest_level(core) is None:
                word = _word(core)
                level = near[0]
                known = lexicon is None or lexicon.is_known(word)
                if not known and _in_place(word.upper(), level):
                    doubtful.append((ln, level, near[1]))
                continue
            near = _broken_level(core)
            if near is not None and lexicon is not None and not lexicon.is_known(_word(core)):
                doubtful.append((ln, near[0], near[1]))
                continue
        level = _banner_level(ln)
        if level:
            by_level.setdefault(level, []).append(ln)
    for ln, level, edits in doubtful:
        others = len(by_level.get(level, []))
        if others >= CORROBORATE:
            detail = f"{level}, {edits} edits off, the level a banner at {others} other lines"
            ln.prior = Prior("damaged-level", FurnitureKind.BANNER, MEDIUM, detail)
            ln.slight = False
        elif ln.prior is not None:
            _no_level(ln)


# The levels a one-word banner line may be a real word's fuzzy reading of.
_DOUBTED = frozenset({"SECRET", "CONFIDENTIAL"})


def _no_level(ln: WorkLine) -> None:
    """Take a doubtful level reading off a line: it is an unrecognised line again."""
    ln.prior = None
    ln.slight = not ln.protected and not ln.spans and slight(ln.text)
    log.debug("page %d line %d: %r is no level here", ln.page, ln.idx, ln.text)


# A level word OCR broke inside its line: two or three runs of capitals, none longer than this.
_PIECE = re.compile(r"[A-Z]{1,5}")


def _broken_level(core: str) -> tuple[str, int] | None:
    """(level, edits) of a line whose two or three runs of capitals, joined, are a damaged level
    (``nearest_level``): "ECR EX'" (2023 104-10102-10237 line 637, jfk-recent dev), the banner
    word broken inside its line as ``banner_evidence.broken_banners`` finds it broken over lines.

    >>> _broken_level("ECR EX'"), _broken_level("SE CRET"), _broken_level("NO ONE")
    (('SECRET', 2), ('SECRET', 0), None)
    """
    pieces = [t.strip(DEBRIS) for t in core.split()]
    if not 2 <= len(pieces) <= 3 or not all(_PIECE.fullmatch(t) for t in pieces):
        return None
    return nearest_level("".join(pieces))


def _in_place(word: str, level: str) -> bool:
    """A word one edit further off than a damaged level may be must still be as long as the
    level and hold half its letters in their places, counted from its start or from its end
    ("BBCRES": C, R, E; "BRORET": R, E, T), not a short word that shares a few ("ECAST", "PEARE",
    2021 docid-32374797, dev).

    >>> _in_place("BBCRES", "SECRET"), _in_place("ECAST", "SECRET"), _in_place("PECUE", "SECRET")
    (True, False, False)
    """
    if len(word) < len(level):
        return False
    ahead = sum(a == b for a, b in zip(word, level, strict=False))
    behind = sum(a == b for a, b in zip(word[::-1], level[::-1], strict=False))
    return 2 * max(ahead, behind) >= len(level)


def _word(core: str) -> str:
    """The one word of a damaged level's line, a one-letter speck in front joined to it."""
    return "".join(core.split()).lower()


def _banner_level(ln: WorkLine) -> str:
    """The level a banner line prints, alone on its line ("SECRET", "TOP SECRET": SECRET), or
    ""."""
    p = ln.prior
    if p is None or p.kind != FurnitureKind.BANNER:
        return ""
    if p.name not in ("banner-line", "broken-banner", "damaged-level"):
        return ""
    mark = p.detail.split(",")[0].split("/")[0].strip()
    for level in ("SECRET", "CONFIDENTIAL"):
        if mark.endswith(level):
            return level
    return ""


# A handling or release stamp's line beside a specked level (``specked_levels``): the patterns
# and block pieces that read the CIA's stamps.
_STAMP_PRIORS = frozenset({"cia-handling-stamp", "stamp-block", "release-stamp-piece"})
# Non-blank lines from the stamp's line the level may stand at, and the specks it may carry.
SPECK_REACH = 2
MAX_SPECKS = 2
_SPECK = re.compile(r"[a-z]{1,7}|[^\w\s]{1,3}")


def specked_level(core: str, lexicon: Lexicon | None) -> tuple[str, int] | None:
    """(level, edits) of a line that is one damaged level word in capitals (``nearest_level``)
    with at most ``MAX_SPECKS`` specks of the stamp's or the margin's ink beside it: debris, or
    lower-case runs of up to seven letters that are no English word (``lexicon``; without one
    nothing is read). "CORRDENTIAL croanvo cn", "( ‘GONFIRERTIAL «=" (2018 104-10145-10418 lines
    46 and 52, bench/furniture/jfk-heads, dev: the page's foot and the next page's top beside
    CIA's handling stamp).

    >>> specked_level("CORRDENTIAL croanvo cn", None)
    >>> specked_level("SECRET report", None)
    """
    if lexicon is None:
        return None
    tokens = core.split()
    words = [t for t in tokens if t.strip(DEBRIS)]
    caps = [t for t in words if t.strip(DEBRIS).isupper() and len(t.strip(DEBRIS)) >= 4]
    rest = [t for t in tokens if t not in caps]
    if len(caps) != 1 or not rest or len(rest) > MAX_SPECKS:
        return None
    for t in rest:
        bare = t.strip(DEBRIS)
        if not _SPECK.fullmatch(t) and not (bare and _SPECK.fullmatch(bare)):
            return None
        if bare.isalpha() and lexicon.is_known(bare):
            return None
    return nearest_level(caps[0].strip(DEBRIS))


def specked_levels(lines: Sequence[WorkLine], lexicon: Lexicon | None) -> None:
    """Give a ``specked_level`` line within ``SPECK_REACH`` non-blank lines of a CIA handling
    or release stamp's line (``_STAMP_PRIORS``) on its page the prior ``damaged-level``
    (``MEDIUM``), its detail naming the stamp's line: the specks make the word doubtful alone;
    the stamp beside it is where a banner stands. It still needs its place (``decide``).
    ``lines``: the document's work lines, in order; changed in place."""
    for ln in lines:
        if ln.prior is not None or ln.protected or ln.spans or ln.prose:
            continue
        near = specked_level(ln.text.strip(), lexicon)
        if near is None:
            continue
        for step in ("prev", "next"):
            other = getattr(ln, step)
            for _ in range(SPECK_REACH):
                if other is None or other.page != ln.page:
                    break
                if other.prior is not None and other.prior.name in _STAMP_PRIORS:
                    detail = f"{near[0]}, {near[1]} edits off, specks beside it, by the stamp's "
                    detail += f"line {other.idx}"
                    ln.prior = Prior("damaged-level", FurnitureKind.BANNER, MEDIUM, detail)
                    ln.slight = False
                    log.debug("specked level: page %d line %d", ln.page, ln.idx)
                    break
                other = getattr(other, step)
            if ln.prior is not None:
                break
