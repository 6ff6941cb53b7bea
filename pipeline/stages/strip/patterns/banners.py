"""Classification banners: the level printed at the top and bottom of every page.

Banner words are read through OCR damage ("C0NFIDENTIAL", "SECRFT", "CONFIDENTlAL"); a banner
line names one level (with caveats: "SECRET/NOFORN"); a line naming several is a form's check-box
row. Banners also run into the end of a paragraph when OCR joins the bottom banner to the last
body line (``banner_tail``).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from pipeline.core.text import TOKEN
from pipeline.stages.strip.patterns.base import DEBRIS as _DEBRIS
from pipeline.stages.strip.patterns.capco import capco_line

log = logging.getLogger(__name__)

LEVELS = ("UNCLASSIFIED", "LIMITED OFFICIAL USE", "CONFIDENTIAL", "SECRET", "TOP SECRET")
LEVEL_WORDS = ("UNCLASSIFIED", "UNCLAS", "CONFIDENTIAL", "SECRET")
_LOU_WORDS = ("LIMITED", "OFFICIAL", "USE")
_FUZZYLEVEL_WORDS = (*LEVEL_WORDS, "LIMITED", "OFFICIAL")
CAVEATS = frozenset(
    {
        *("NOFORN", "NOCONTRACT", "ORCON", "PROPIN", "NODIS", "EXDIS", "LIMDIS", "WNINTEL"),
        *("SPECAT", "SENSITIVE", "REL", "TO", "USA", "NATO", "FVEY", "EYES", "ONLY", "CHANNELS"),
        *("UMBRA", "GAMMA", "COMINT", "HCS", "TALENT", "KEYHOLE"),
    }
)


def _level_word(token: str) -> str | None:
    """The banner word an upper-case token stands for, tolerating one or two OCR slips."""
    if token in LEVEL_WORDS or token in _LOU_WORDS or token == "TOP":
        return token
    if not 6 <= len(token) <= 14 or not token.isupper():
        return None
    # "CONFIDENTlAL", "C0NFIDENTIAL", "SECRFT", "LIMlTED": short words need a closer match.
    hit = process.extractOne(token, _FUZZYLEVEL_WORDS, scorer=fuzz.ratio, score_cutoff=80)
    return hit[0] if hit else None


def banner_tokens(tokens: list[str]) -> list[str | None]:
    """For each token: its banner word ('SECRET', 'NOFORN' ...) or None.

    Debris at the token's ends is ignored, a lower-case l is read as an I, a level word may
    carry one or two OCR slips, and caveats joined by "/" are kept joined:

    >>> banner_tokens(["-C0NFIDENTIAL", "SECRET/NOFORN", "Secret", "MINISTER", "--"])
    ['CONFIDENTIAL', 'SECRET/NOFORN', None, None, None]
    """
    out: list[str | None] = []
    for raw in tokens:
        core = raw.strip(_DEBRIS)
        if not core or not any(c.isalpha() for c in core):
            out.append(None)
            continue
        parts = [p for p in core.split("/") if p]
        words = []
        for p in parts:
            # OCR reads a capital I as a lower-case l: "CONFIDENTlAL", "LIMlTED".
            p_core = p.strip(_DEBRIS).replace("l", "I")
            if not p_core.isupper():
                words = []
                break
            w = _level_word(p_core) or (p_core if p_core in CAVEATS else None)
            if w is None:
                words = []
                break
            words.append(w)
        out.append("/".join(words) if words else None)
    return out


def banner_level(words: list[str]) -> str | None:
    """The one classification level of a run of banner words, or None.

    A banner states one level (possibly twice: top and bottom banners OCRed together); a line
    naming several ("UNCLASSIFIED CONFIDENTIAL SECRET") is a form's check-box row, not a banner.

    >>> banner_level(["SECRET/NOFORN", "SECRET"]), banner_level(["LIMITED", "OFFICIAL", "USE"])
    ('SECRET', 'LIMITED OFFICIAL USE')
    >>> banner_level(["UNCLASSIFIED", "CONFIDENTIAL"]) is None
    True
    """
    flat = " ".join(w.replace("/", " ") for w in words).split()
    levels: set[str] = set()
    i = 0
    while i < len(flat):
        w = flat[i]
        if w == "TOP" and i + 1 < len(flat) and flat[i + 1] == "SECRET":
            levels.add("TOP SECRET")
            i += 2
            continue
        if w == "LIMITED" and flat[i + 1 : i + 3] == ["OFFICIAL", "USE"]:
            levels.add("LIMITED OFFICIAL USE")
            i += 3
            continue
        if w in ("UNCLASSIFIED", "UNCLAS"):
            levels.add("UNCLASSIFIED")
        elif w in ("CONFIDENTIAL", "SECRET"):
            levels.add(w)
        elif w not in CAVEATS:
            return None  # a stray TOP/LIMITED/OFFICIAL/USE
        i += 1
    return levels.pop() if len(levels) == 1 else None


def level_rank(level: str) -> int:
    """The level's place in ``LEVELS``, lowest first (``ValueError`` for an unknown level).

    >>> level_rank("UNCLASSIFIED") < level_rank("LIMITED OFFICIAL USE") < level_rank("SECRET")
    True
    """
    return LEVELS.index(level)


_ALNUM = re.compile(r"[^\W_]")


def damaged_caps(text: str) -> str:
    """The line with each word that OCR set in mixed case but is mostly capitals ("SeeReT",
    "SEcRET": a capital's stroke read as a small letter) put back in capitals; words in Title
    Case or lower case are left as they are (they are a sentence's).

    >>> damaged_caps("* ‘SeeReT"), damaged_caps("Secret talks"), damaged_caps("McCONE")
    ('* ‘SEERET', 'Secret talks', 'MCCONE')
    """
    out = []
    for w in text.split(" "):
        letters = [c for c in w if c.isalpha()]
        upper = sum(c.isupper() for c in letters)
        if upper >= 2 and 2 * upper >= len(letters) and not w.isupper():
            w = w.upper()
        out.append(w)
    return " ".join(out)


# "_" read for a space between two capitals ("TOP_SECRET").
_UNDERSCORE = re.compile(r"(?<=[A-Z])_+(?=[A-Z])")


def banner_line_level(text: str) -> str | None:
    """The level of a line made only of banner words ("-CONFIDENTIAL", "SECRET/NOFORN"), or of
    a banner line in the register's format (``capco``: "TOP SECRET//SI//TK//NOFORN",
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY"), or None.

    >>> banner_line_level("- CONFIDENTIAL -"), banner_line_level("SECRET DRAFT")
    ('CONFIDENTIAL', None)
    >>> banner_line_level("UNCLASSIFIED//FOR OFFICIAL USE ONLY")
    'UNCLASSIFIED'
    """
    level = plain_line_level(text)
    if level is None:
        marking = capco_line(text)
        level = marking.level if marking else None
    return level


def plain_line_level(text: str) -> str | None:
    """``banner_line_level`` without the register's format: banner words only.

    A space OCR read as "_" between capitals is a space ("TOP_SECRET", 2022 176-10033-10152
    line 185, jfk-176 dev):

    >>> plain_line_level("TOP_SECRET"), plain_line_level("TOP_MEETING")
    ('TOP SECRET', None)
    """
    level = _line_level(text)
    if level is None and "_" in text:
        level = _line_level(_UNDERSCORE.sub(" ", text))
    return level


def _line_level(text: str) -> str | None:
    """``banner_line_level`` as the line stands ("LH_SECRET": one token, debris glued on)."""
    top = _top_secret(text)
    if top:
        return top
    marks = []
    for w in text.split():  # one at a time: most lines fail on their first word
        if not _ALNUM.search(w):
            continue  # debris between banner words
        mark = banner_tokens([w])[0]
        if mark is None or len(marks) == 8:
            return None
        marks.append(mark)
    return banner_level(marks) if marks else None


# After "TOP" a banner prints only "SECRET": a damaged second word is read as it when it starts
# with S and is this close to it (rapidfuzz ratio; "TOP SECRE", "TOP SEGR", "TOP STORET": 2018
# and 2021 NARA JFK releases, dev), not "TOP SPEED" (54).
TOP_SECRET_SCORE = 60
_TOP = re.compile(r"TOP\s+(S[A-Z]{3,6})")


def _top_secret(text: str) -> str | None:
    """ "TOP SECRET" for a line that is "TOP" and a damaged "SECRET" (debris at the ends aside).

    >>> _top_secret("• TOP SECRE"), _top_secret("TOP STORET"), _top_secret("TOP SPEED")
    ('TOP SECRET', 'TOP SECRET', None)
    """
    m = _TOP.fullmatch(text.strip(_DEBRIS + " \t"))
    if m is None or fuzz.ratio(m.group(1), "SECRET") < TOP_SECRET_SCORE:
        return None
    return "TOP SECRET"


_SPACED_PIECES = 12  # pieces of one word at most: "C O N F I D E N T I A L"


def unspaced(text: str) -> str:
    """The line with a banner word OCR broke with spaces put back together ("S ECRET/SENSITIVE",
    "CONFIDENT IAL", "S E C R E T", "SEC RET"): runs of capital pieces whose letters joined are a
    banner word (``banner_tokens``, OCR slips allowed), none of the pieces a whole level word
    already (a check box's "LJ" beside "SECRET" is no broken word). Lower-case debris glued to the
    first piece goes with the join ("aS ECRET" -> "SECRET"). Other words are left as they are; a
    line with no such run comes back unchanged.

    >>> unspaced("S ECRET/SENSITIVE"), unspaced("CONFIDENT IAL FBB374"), unspaced("S E C R E T")
    ('SECRET/SENSITIVE', 'CONFIDENTIAL FBB374', 'SECRET')
    >>> unspaced("aS ECRET"), unspaced("THE SEC RETURNED"), unspaced("LJ SECRET")
    ('SECRET', 'THE SEC RETURNED', 'LJ SECRET')
    >>> unspaced("CLASSIFIED FAX"), unspaced("CONFUDENT IAL")
    ('CLASSIFIED FAX', 'CONFUDENTIAL')
    """
    toks = text.split()
    out: list[str] = []
    i = 0
    while i < len(toks):
        joined = None
        for j in range(min(len(toks), i + _SPACED_PIECES), i + 1, -1):
            pieces = [t.strip(_DEBRIS) for t in toks[i:j]]
            pieces[0] = pieces[0].lstrip("abcdefghijklmnopqrstuvwxyz")
            word = "".join(pieces)
            head = word.split("/")[0]
            if not all(p and p.isupper() for p in pieces) or not 6 <= len(head) <= 14:
                continue
            if all(banner_tokens([p])[0] for p in pieces) or any(p in LEVEL_WORDS for p in pieces):
                continue  # a whole level word already ("LJ SECRET", "TOP SECRET"): not broken
            level = banner_tokens([head])[0]
            if level in LEVEL_WORDS and _close(head, level) and banner_tokens([word])[0]:
                joined = (word, j)
                break
        if joined is None:
            out.append(toks[i])
            i += 1
        else:
            out.append(joined[0])
            i = joined[1]
    return " ".join(out)


def _close(word: str, level: str) -> bool:
    """At most one OCR slip per five letters of the level word from it ("CONFUDENTIAL"), so
    that a joined caption ("CLASSIFIED FAX") is not read as a level."""
    return Levenshtein.distance(word, level) <= max(1, len(level) // 5)


# Dissemination and handling controls printed beside or under the banner on every page, as
# whole lines: the closed vocabulary of US control markings (DCID 1/7, E.O. 12356 era) as the
# JFK releases print them ("NO FOREIGN DISSEM", "CONTROLLED DISSEM", "WARNING NOTICE",
# "NOT RELEASABLE TO FOREIGN NATIONALS": 2018 CIA and Army files, noops888/jfk-files-text).
HANDLING = (
    "NO FOREIGN DISSEM",
    "NO FOREIGN DISSEMINATION",
    "NO FORN DISSEM",
    "NO DISSEM ABROAD",
    "CONTROLLED DISSEM",
    "NOT RELEASABLE TO FOREIGN NATIONALS",
    "WARNING NOTICE",
    "WARNING NOTICE - SENSITIVE INTELLIGENCE SOURCES AND METHODS INVOLVED",
    "FOR OFFICIAL USE ONLY",
    "EYES ONLY",
    "LIMITED DISTRIBUTION",
)
_HANDLING_KEYS = tuple(" ".join(h.replace("-", " ").split()) for h in HANDLING)


def handling_line(text: str) -> str | None:
    """The handling marking a whole line is, in capitals, perhaps behind its banner and with an
    OCR slip or two ("NOT RELEASABLE TO FOREIGH NATIONALS"); None for anything else.

    >>> handling_line("NO FOREIGN DiSSEM"), handling_line("SECRET - NO FOREIGN DISSEM")
    ('NO FOREIGN DISSEM', 'NO FOREIGN DISSEM')
    >>> handling_line("NO FOREIGN TRAVEL") is None, handling_line("Eyes only") is None
    (True, True)
    """
    words = [w.strip(_DEBRIS) for w in text.split()]
    words = [w for w in words if w]
    # A banner in front ("SECRET NO FOREIGN DISSEM"): the marking is what follows it.
    while len(words) > 2 and banner_tokens([words[0]])[0]:
        words = words[1:]
    if not words or sum(1 for w in words if w[:1].islower()) > 0:
        return None
    core = " ".join(words).upper()
    if len(core) < 9 or len(core) > 70:
        return None
    hit = process.extractOne(core, _HANDLING_KEYS, scorer=fuzz.ratio, score_cutoff=88)
    return HANDLING[hit[2]] if hit else None


_CAPTION = re.compile(r"[A-Z]{4,10}")


def header_level(text: str, caption: bool) -> str | None:
    """The classification in front of a teletype header or the exemptions: a banner, perhaps
    (``caption``) with a caption the banner words do not know ("CONFIDENTIAL STADIS").

    >>> header_level("CONFIDENTIAL STADIS", True), header_level("CONFIDENTIAL STADIS", False)
    ('CONFIDENTIAL', None)
    """
    level = banner_line_level(text)
    if level is None and caption:
        words = [w for w in text.split() if _ALNUM.search(w)]
        if len(words) >= 2 and _CAPTION.fullmatch(words[-1]):
            level = banner_line_level(" ".join(words[:-1]))
    return level


@dataclass(frozen=True, slots=True)
class BannerSpan:
    """A banner run at a line's end: character offsets into the line, and the level it names."""

    start: int
    end: int
    level: str
    words: int  # how many level words (2 = top and bottom banner run together)


_TERMINAL = ".!?:;\"')”’"


def banner_tail(text: str) -> BannerSpan | None:
    """Banner words run into the end of a paragraph: "...Minsk Conference. CONFIDENTIAL".

    Returned only when text precedes the run and either it ends a sentence or the run is a
    doubled banner; whether a single banner goes is the caller's call (it needs position).

    >>> banner_tail("the Minsk Conference. CONFIDENTIAL")
    BannerSpan(start=22, end=34, level='CONFIDENTIAL', words=1)
    >>> banner_tail("the Minsk CONFIDENTIAL") is None  # no sentence end, single banner
    True
    >>> banner_tail("the Minsk SECRET SECRET").words
    2
    >>> banner_tail("(] secret (] CONFIDENTIAL [] INTERNAL =) UNCLASSIFIED") is None
    True

    A banner in the register's format (``capco``) likewise, after a sentence's end only:

    >>> banner_tail("in the afternoon. UNCLASSIFIED//FOR OFFICIAL USE ONLY")
    BannerSpan(start=18, end=53, level='UNCLASSIFIED', words=1)
    >>> banner_tail("it was classified TOP SECRET//SI//TK//NOFORN") is None
    True
    """
    span = _plain_tail(text)
    if span is None and ("/" in text or "\\" in text):
        span = _capco_tail(text)
    return span


def _plain_tail(text: str) -> BannerSpan | None:
    """``banner_tail`` for the older banner words."""
    last = text.rstrip().rsplit(None, 1)[-1] if text.strip() else ""
    if not banner_tokens([last])[0]:
        return None  # cheap test first: the line does not end in a banner word
    toks = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    i = len(toks)
    marks: list[str] = []
    while i > 0:
        mark = banner_tokens([toks[i - 1][2]])[0]
        if mark is None:
            if any(c.isalnum() for c in toks[i - 1][2]):
                break
            mark = ""  # debris between banners ("CONFIDENTIAL - CONFIDENTIAL")
        marks.append(mark)
        i -= 1
    if i == 0 or i == len(toks):
        return None  # a whole banner line, or no banner at the end
    # Debris in front of the run stays with the text.
    while i < len(toks) and not marks[len(toks) - 1 - i]:
        i += 1
    level = banner_level([m for m in marks if m])
    if level is None:
        return None
    # A row of levels ("(] SECRET (] CONFIDENTIAL [] UNCLASSIFIED") is a form's check boxes;
    # a sentence naming the banner's own level ("THE REPORT IS SECRET. SECRET") is not.
    upper = [t[2].upper() for t in toks[:i] if len(t[2]) >= 6]
    named = {m.split("/")[0] for m in banner_tokens(upper) if m}
    if any(w in LEVEL_WORDS and w not in level.split() for w in named):
        return None
    n_levels = sum(1 for m in marks if m and m.split("/")[0] in LEVEL_WORDS)
    before = toks[i - 1][2]
    if n_levels < 2 and not before.endswith(tuple(_TERMINAL)):
        return None
    return BannerSpan(toks[i][0], toks[-1][1], level, n_levels)


# At most this many tokens of a banner in the register's format at a line's end
# ("SECRET//REL TO USA, AUS, CAN, GBR, NZL").
_CAPCO_TAIL_TOKENS = 10


def _capco_tail(text: str) -> BannerSpan | None:
    """``banner_tail`` for a banner in the register's format: the longest run of the line's
    last tokens that ``capco_line`` reads, after a token that ends a sentence."""
    toks = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    for i in range(max(1, len(toks) - _CAPCO_TAIL_TOKENS), len(toks)):
        marking = capco_line(text[toks[i][0] :])
        if marking is None:
            continue
        if not toks[i - 1][2].endswith(tuple(_TERMINAL)):
            return None
        return BannerSpan(toks[i][0], toks[-1][1], marking.level, 1)
    return None
