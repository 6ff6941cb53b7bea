"""What page furniture looks like: the priors of the strip stage.

Each pattern was written from real forms (``../shared/corpus/stamps.tsv`` and the real OCR texts
it names) and tolerates the OCR damage seen there: letter-spaced document numbers, ``O``/``0`` and
``l``/``1`` swaps, ``GIA-RDP`` for ``CIA-RDP``, ``Docld`` for ``DocId``, stray quotes and dashes.
A pattern on its own is only a prior: ``pipeline.stages.strip`` weighs it together with the
line's position on the page and its repetition across pages.

Weights: ``STRONG`` patterns are unmistakable stamps and remove their text on their own;
``MEDIUM`` ones (a bare banner line, one wrapped line of a stamp) need one more piece of evidence
(position or repetition); ``WEAK`` ones (a lone number, a junk line) need one too, and never lend
position to their neighbours.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from pipeline.core.enums import FurnitureKind

STRONG = 1.5
MEDIUM = 0.6
WEAK = 0.5

BANNER = FurnitureKind.BANNER
PAGE_NUMBER = FurnitureKind.PAGE_NUMBER
RELEASE_STAMP = FurnitureKind.RELEASE_STAMP
TELETYPE_HEADER = FurnitureKind.TELETYPE_HEADER
JUNK = FurnitureKind.JUNK
REPEATED = FurnitureKind.REPEATED

# A digit as OCR reads it inside stamps (O/o for 0, I/l/| for 1).
_D = r"[\dOoIl|]"
# UNCLASSIFIED as OCR reads the word when a stamp's row is cut: "CLASSIFIED", "SSIFIED".
_UNCLAS = r"(?:[A-Z]{0,4}CLAS[A-Z]*|[A-Z]{0,6}FIED)"


@dataclass(frozen=True, slots=True)
class SpanPattern:
    """A stamp that may sit anywhere in a line; its match is removed as a span.

    ``absorb`` says what else on the line goes with it: ``"junk"`` (only punctuation debris) or
    ``"debris"`` (any short upper-case remainder: the stamp fills the line, the rest is OCR of
    the stamp itself, like the seed's ``FLI BUTT INBB64 3-16-23 1``).
    """

    name: str
    kind: str
    regex: re.Pattern[str]
    weight: float = STRONG
    absorb: str = "junk"
    # Cheap pre-filter: the pattern is only tried when one of these occurs (case-folded) ...
    keys: tuple[str, ...] = ()
    # ... or, for patterns whose optional lead-in would be tried at every position of a long
    # line, when this simpler regex finds the stamp's core.
    probe: re.Pattern[str] | None = None
    # The stamp's own words that a skewed scan's OCR mixes into the line of another of its
    # lines ("of 1992 (44 Use nea Nong y Assassination Records Collection Act"): removed too,
    # but only from a line where the stamp itself was found.
    pieces: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class LinePattern:
    """Furniture that fills a whole line (after stripping OCR debris at either end)."""

    name: str
    kind: str
    regex: re.Pattern[str]
    weight: float
    # Match the line as it stands; otherwise OCR debris at either end is stripped first.
    raw: bool = False
    # The regex has a group "level": empty, or a classification banner as OCR reads it
    # (``banner_line_level``: "LIMITED OFFICIAL USE", "C0NFIDENTIAL", "SECRET/NOFORN") ...
    level: bool = False
    # ... which may end in a caption the banner words do not know ("CONFIDENTIAL STADIS"),
    # where the rest of the line is distinctive enough.
    caption: bool = False


# --- stamps that can land anywhere in a line ---------------------------------------------------

SPAN_PATTERNS: tuple[SpanPattern, ...] = (
    SpanPattern(
        # "C 6 6 8 5 7 6 3 1ED U.S. Department of State Case No. F-2017-13804 Doc No. C06685763
        # Date: 05/04/2021": the sideways UNCLASSIFIED stamp comes out as "1ED"/"FIED"/":IED";
        # also "US Deparmertf Slate ... Duc No," and "(06134372 UNCLASSIFIED ..." in the wild.
        # On a skewed scan OCR splits the stamp's row anywhere: "UN" / "CLASSIFIED U.S. ...",
        # "UNCLA" / "SSIFIED U.S. ...", "UNCLASSIFIED U.S. De" / "partment of State ...",
        # "... Doc No. C05121719 Dat" / "e: 09/23/2005"; the stamp is unmistakable from its
        # case and doc numbers (and the pieces go with it as the same printed row, see
        # ``strip._rows``).
        "state-foia-stamp",
        RELEASE_STAMP,
        re.compile(
            rf"""(?:[(C0O]\s?(?:{_D}\s?){{6,8}}(?:\S{{0,6}}\s+)?)?
                (?:["“]?{_UNCLAS}["”]?\s+)?
                (?:U\.?\s?S\.?\s+De\w{{5,10}}|\w{{0,3}}partm\w{{2,5}})\s+(?:o\w\s+)?S\w{{3,4}}\W?\s+
                [Cc]as\w\s*N\w\W?\s*\S+(?:\s\d+)?\s+
                D\wc\s*N\w\W?\s*\S+(?:\s\d+)?
                (?:\s+Da(?:t\w?)?\W?(?:\s*[\dOoIl/]+)?)?""",
            re.X,
        ),
        keys=("case n",),
    ),
    SpanPattern(
        # Newer FL- cases: 'FL-2017-13804 B-00002120060 "UNCLASSIFIED" 3/16/2023', with the date
        # doubled or the whole stamp duplicated by a second text layer, "fl-"/"f1-"/"FL- " for
        # "FL-".
        # Around it only the stamp's own dates and codes ("[3/28/2U24] 304 OU4", "3-16-23 1"),
        # never words; the case number FL-YYYY-NNNNN alone is distinctive enough.
        "state-fl-stamp",
        RELEASE_STAMP,
        re.compile(
            r"""(?:(?<!\S)["“]?UNCLASSIFIED["”]?(?:\s+\[?\d{1,2}/\d{1,2}/\d{4}\]?)?\s+)?
                (?:(?<!\S)(?:\[[\dOU/]{6,10}\]|\d{1,2}-\d{1,2}-\d{2,4})\s+){0,2}
                (?:(?<!\S)[\dOU]{1,3}\s+){0,2}
                [Ff][Ll1](?:\s?-\s?|\s)?\d{4}-\d{5}
                (?:\s+(?:[Ff][Ll1](?:\s?-\s?|\s)?\d{4}-\d{5}|[AB]-[\d_]{8,11}|\d{1,2}-\d{1,2}-\d{2,4}
                    |["“]?UNCLASSIFIED["”]?|\[?\d{1,2}/\d{1,2}/\d{4}\]?|[\dOU]{1,3}(?=\s|$)))*""",
            re.X,
        ),
        absorb="debris",
        probe=re.compile(r"[Ff][Ll1](?:\s?-\s?|\s)?\d{4}-\d{5}"),
    ),
    SpanPattern(
        # "RELEASE IN FULL", "RELEASE IN PART B6, 1.4(D)", "RELEASE IN PART DECAPTIONED
        # DECLASSIFIED B1,1": a rubber stamp that lands wherever there was room, mid-line too
        # (OCR: "RELEASE !IN PART", "RELEASE lN FULL").
        "state-release-stamp",
        RELEASE_STAMP,
        re.compile(
            r"""(?<![A-Za-z])R[EF]LEASE\s+[!|]?[I1l|!]N\s+(?:FULL|PART?)\b
                (?:\s+(?:DECAPTIONED|DECLASSIFIED))*
                (?:[\s,|]*(?:B\s?[1-9]\)?|B[GS]\b|1\.\d\s?\(\s?[A-Ha-h]\s?\)
                   |(?<=,)\s?\d(?:\.\d)?(?![\w:/(])))*""",
            re.X,
        ),
        keys=("elease",),
    ),
    SpanPattern(
        # House Benghazi production stamp.
        "state-benghazi-stamp",
        RELEASE_STAMP,
        re.compile(
            r"""(?:Date:\s*\S+\s+)?SUBJECT\s+TO\s+AGREEMENT\s+ON\s+SENSITIVE\s+INFORMATION
                \s*&\s*REDACTIONS\.?\s*NO\s+FOIA\s+WAIVER\.?(?:\s*STATE-SCB\d+)?
                |STATE-SCB\d{7}""",
            re.X,
        ),
        keys=("foia waiver", "state-scb"),
    ),
    SpanPattern(
        # The reviewer's marking on re-classified Clinton e-mails: "Classified by DAS, A/GIS, DoS
        # on 07/30/2015 ~ Class: CONFIDENTIAL ~ Reason: 1.4(D) ~ Declassify on: 08/14/2024".
        # The "~" separators tell it from a cable's own "Classified by:" line, which stays.
        "state-review-marking",
        RELEASE_STAMP,
        re.compile(
            r"""Classified\s+by\s+DAS,\s*A/GIS,\s*DoS\s+on\s+\S+
                (?:\s*~\s*Class:\s*[A-Z ]+?(?=\s*~|$))?
                |~?\s*Reason:\s*1\.4\s?\(\w\)(?:,\s*1\.4\s?\(\w\))*\s*~\s*Declassify\s+on:\s*\S+""",
            re.X,
        ),
        keys=("a/gis", "~"),
    ),
    SpanPattern(
        # CIA CREST: "Approved For Release 2003/09/10 : CIA-RDP96-00788R001700210016-5", also
        # "Declassified in Part - Sanitized Copy Approved for Release 2016/..."; OCR: "GIA-RDP",
        # "CIA~RDP", "Classified in Part", "aclassified in Part" (letters lost at the page edge).
        "cia-crest-stamp",
        RELEASE_STAMP,
        re.compile(
            rf"""(?:\w{{0,4}}lassified\s+in\s+Part\s*-\s*Sanitized\s+Copy\s+)?
                (?:Approved\s+for\s+Release\s*(?:{_D}{{4}}(?:/{_D}{{1,2}}/{_D}{{1,2}})?/?))
                (?:\s*:?\s*[A-Z]{{3}}[-~–—]RDP{_D}{{2}}[A-Z\d-]{_D}{{5}}[A-Z]{_D}{{9,12}}(?:-{_D})?)?
                |(?<![\w-])[A-Z]{{3}}[-~–—]RDP{_D}{{2}}[A-Z\d-]{_D}{{5}}[A-Z]{_D}{{9,12}}(?:-{_D})?""",
            re.X | re.I,
        ),
        keys=("rdp", "approved for release"),
    ),
    SpanPattern(
        # NARA JFK page footer "NW 50953 DocId:32281712 Page 5": "HW", "Docld", "Doclda",
        # "DogId", "Doeld", "Doc/d", "Docid", "Doctd", "NW.65990-Doc/d 32379830Page 5-" ...
        "jfk-nara-footer",
        RELEASE_STAMP,
        re.compile(
            r"""(?:\S{1,3}[.:]?\s*[\d§]{4,5}[.:]?[\s.\-•]*)?
                (?:Do[cegq]/?[IlL1|it]?[da]{1,2}\s*[:.]?\s*\d{8}|DOCID-\d{8})
                (?:[\s.\-•]*Page\W{0,2}\d{1,3}[^\w\s]{0,3})?""",
            re.X,
        ),
        probe=re.compile(r"Do[cegq]/?[IlL1|it]?[da]{1,2}\s*[:.]?\s*\d{8}|DOCID-\d"),
    ),
    SpanPattern(
        # JFK Act release stamp, usually wrapped over two to four lines; each line is caught here
        # or by the medium line patterns below. OCR: "Kerinedy", "John F, Kennedy", a line cut
        # inside the name ("John F." / "John F. Kenn"), "leased under", "1902", "2307", "(44 USG
        # nos Note)", "ot 1992 {44 USC 2107 Noite)", "cords Collection Act of 1952 (44 USt 21U/
        # Note)", "(44 Use", "Assassinavon", "Case#iNU_56792", "Casef:NU", "Cases:NW", "Casett;NW",
        # "Se#:NW", "Case#:NWw", "Date.".
        "jfk-nara-release",
        RELEASE_STAMP,
        re.compile(
            r"""\w{0,2}leased\s+under\s+the\s+John\s+F\b\W{0,2}
                (?:\s*K\w{1,8}(?:\s+\w{6,14}\s+Records\s+Collection\s+Act(?:\s+of)?)?)?
                |(?:o[ft]\s+)?(?:19\d2\s*)?[(|\[{]?\s?44\s+U\w{2}\s+\S{1,4}\s+N[o0]i?t[ec]l?\W{0,3}
                |(?:o[ft]\s+)?19\d2\s*[(|\[{]\s?44\s+U[SsCc][CcEeGg]\b
                |Case\S{0,3}\s*N[WUw]{1,2}(?:\s*_?\d{5}(?:\s+Dat\w\W?\s*\d\d-\d\d-\d{4})?)?
                |\S{0,6}[#:;]\s*N[WUw]\s*_?\d{5}\s+Dat\w\W?\s*\d\d-\d\d-\d{4}
                |(?:\{?\d{3}-\d{5}-\d{5}\s*)?(?:\{?\d{4}\s+)?RELEASE\s+UNDER\s+THE\s+PRESIDENT
                 \s+JOHN\s+F\.?\s+KENNEDY\s+ASSASSINATION\s+RECORDS\s+ACT\s+OF\s+1992\s*\|?""",
            re.X,
        ),
        probe=re.compile(
            r"under\s+the\s+John|KENNEDY|44\s+U|Case\S{0,3}\s*N[WUw]|N[WUw]\s*_?\d{5}\s+Date:"
        ),
        pieces=re.compile(r"(?:\w*ssinat\w*\s+)?\w*cords\s+Collection\s+Act(?:\s+of(?!\s+\d))?"),
    ),
)


# --- whole-line patterns -----------------------------------------------------------------------

# A FOIA exemption: B6, B7(C), 1.4(D); as OCR reads them: "BS" (B5), "BG" (B6), "Bl" (B1),
# "1.4 (d)", "14(D)", "1. A{D)"; the closing bracket may be lost (or taken off with the debris
# at a line's end).
_CODE = r"(?:B\s?[1-9SGIl|](?:\s?\([A-Fa-f]\)?)?|1[.,]?\s?[4A]\s?[({\[]\s?[A-Ha-h]\s?[)}\]]?)"
_CODES = rf"{_CODE}(?:\s*[,.;]?\s*{_CODE})*"  # "B1, B5", "B1. B5" (OCR), "B1,1.4(B)"

# OCR debris in front of a field ("‘LONDON"), a speck read between two fields ("«ss", "|"),
# a digit of a teleprinter's fields (also "@" and "©" for 0).
_X = r"[^\w\s]{0,2}"
_S = r"\s+(?:[^\w\s]\S{0,3}\s+)?"
_TD = r"[\dOoIl|@©]"

LINE_PATTERNS: tuple[LinePattern, ...] = (
    LinePattern(
        # The teleprinter's page header, in fixed columns: classification (any level, one word
        # or three, a caveat after it), PAGE nn (nn OF nn), the post and message number, the
        # section (01 OF 02) and the date-time group: "CONFIDENTIAL PAGE 02 STATE 214587
        # 141230Z", "LIMITED OFFICIAL USE PAGE 01 LONDON 00780 262253Z". OCR: "O1"/"O01"/"@1"
        # for 01, the DTG's Z read as 2 or 7, PACE/PAGF, a quote or dash stuck to a field, a
        # speck read between two fields ("SECRET | PAGE @1 PARIS ©3302", "PAGE 04 «ss PARIS.").
        "teletype-page-header",
        TELETYPE_HEADER,
        re.compile(
            rf"""(?:(?P<level>.*?)\s+)?
                {_X}P[A4][GC][EF]\s*{_TD}{{2,3}}(?:\s+OF\s+{_TD}{{2,3}})?
                {_S}{_X}[A-Z][A-Z0-9]{{1,14}}(?:\s+{_X}[A-Z][A-Z0-9]{{0,14}})?\W?  # STATE, USUN N
                {_S}{_X}{_TD}{{4,6}}
                (?:\s+{_TD}{{2}}\s+OF\s+{_TD}{{2}})?
                (?:{_S}{_X}{_TD}{{6}}[Z27z]?)?""",
            re.X,
        ),
        STRONG,
        level=True,
        caption=True,
    ),
    LinePattern(
        # "Page 2 of 4", "PAGE 02", "[Page 1]" (reading-room export), "## Page 3" (scraper).
        "page-label",
        PAGE_NUMBER,
        re.compile(
            rf"(?:#{{1,3}}\s*)?\[?(?:Page|PAGE|Pg\.)\s*{_D}{{1,3}}(?:\s*(?:of|OF|/)\s*\d{{1,3}})?\]?"
        ),
        STRONG,
    ),
    LinePattern(
        # "- 2 -", and as OCR reads it: "- 2? -", "~ 3 -", "—~ 3 -".
        "dashed-page-number",
        PAGE_NUMBER,
        re.compile(r"[-–—~]{1,2}\s*\d{1,3}[?'.,]?\s*[-–—~]{1,2}"),
        STRONG,
        raw=True,
    ),
    LinePattern("n-of-m", PAGE_NUMBER, re.compile(r"\d{1,3}\s+(?:of|OF)\s+\d{1,3}"), STRONG),
    # A lone number, with OCR debris in front (". 4", "- 2"); never "2." or "(2)", which number
    # paragraphs.
    LinePattern(
        "lone-number",
        PAGE_NUMBER,
        re.compile(r"[-.·•,'‘’|*:]{0,2}\s*(\d{1,3})\s*[-'|*]?"),
        WEAK,
        raw=True,
    ),
    LinePattern(
        # A wrapped piece of the JFK stamp: "Assassination Records Collection Act of",
        # "65990 Date: 11-01-2021" (also "B600d Date: 11-04-2021").
        "jfk-nara-release-piece",
        RELEASE_STAMP,
        re.compile(
            r"Assassination\s+Records\s+Collection\s+Act(?:\s+of)?"
            r"|[\dA-Za-z]{4,6}\s+Date:\s*\d\d-\d\d-\d{4}"
        ),
        MEDIUM,
    ),
    LinePattern(
        # The NARA footer split over two lines: "NW 78318" / "Docld:34489342 Page 4".
        "jfk-nara-footer-piece",
        RELEASE_STAMP,
        re.compile(r"[NH][WU][.:]?\s*\d{5}"),
        MEDIUM,
    ),
    LinePattern(
        # The RIF number alone ("104-10256-10344", "1104-10076-10400") or the "4-00000" batch mark
        # at the top of CIA JFK pages.
        "jfk-rif-number",
        RELEASE_STAMP,
        re.compile(r"#?\s*\{?\d{3,4}-\d{5}-\d{5}\|?|\d{1,2}-0{5}"),
        MEDIUM,
    ),
    LinePattern(
        # The release stamp's second line: the classification and the exemptions it was
        # released under ("CONFIDENTIAL B5, 1.4(B)"; OCR: "CONFIDENTIAL BS, BG, 1.4(D)").
        "state-release-exemptions",
        RELEASE_STAMP,
        re.compile(rf"\W?(?P<level>\S.*?)\s+{_CODES}\W?"),
        MEDIUM,
        raw=True,
        level=True,
    ),
    LinePattern(
        # The State FOIA stamp's row cut in two by OCR where no split piece keeps enough of it
        # for the span pattern: "UNCLASSIFIED U.S. Department of State case No." and
        # "F-2014-08513 Doc No. C06245507 Date: 04/24/2020".
        "state-foia-piece",
        RELEASE_STAMP,
        re.compile(
            rf"""(?:{_UNCLAS}\s+)?U\.?\s?S\.?\s+De\w{{5,10}}\s+(?:o\w\s+)?S\w{{3,4}}
                \W?\s+[Cc]as\w\W?(?:\s*N\w\W?)?
                |{_UNCLAS}\s+U\.?\s?S\.?\s+De\w{{5,10}}\s+(?:o\w\s+)?S\w{{3,4}}
                |(?:\S+\s+)?D[o0]c\s*N[o0]\W?\s*\S+\s+Dat\w?\W?\s*[\dOoIl/]+""",
            re.X,
        ),
        MEDIUM,
    ),
    LinePattern(
        # The CREST stamp broken over two lines by OCR: "sclassified in Part. ~" / "Sanitized
        # Copy Approved for Release ...".
        "cia-crest-piece",
        RELEASE_STAMP,
        re.compile(r"\w{0,3}classified\s+in\s+Part\W*(?:Sanitized\s+Copy)?", re.I),
        MEDIUM,
    ),
    LinePattern(
        # The wrapped pieces of a State release stamp: "RELEASE IN" / "FULL", "IN FULL", "B6",
        # "RELEASE" (the rest of the stamp lost to speckle).
        "state-release-piece",
        RELEASE_STAMP,
        re.compile(rf"(?:RELEASE(?:\s+IN)?|IN\s+(?:FULL|PART?)|FULL|PART)|{_CODES}"),
        MEDIUM,
    ),
    LinePattern(
        # FBI declassification stamp, second part: "DATE 10/3/97 BY SP2 ALM/JB".
        "fbi-declass-date",
        RELEASE_STAMP,
        re.compile(r"DATE\s+\S{4,10}\s+BY\s+\S+(?:\s+\S+){0,2}"),
        MEDIUM,
    ),
)


# Stamp lines whose OCR is too damaged for a regex ("ALI, INFORMATION CONTAINED", "HEREIN 1S os
# yLASSIFIED", "AISTORIGAL REVEM-PROGREM"): matched whole with rapidfuzz against the clean text.
FUZZY_LINES: dict[str, tuple[str, str]] = {
    "ALL INFORMATION CONTAINED": ("fbi-declass-stamp", RELEASE_STAMP),
    "HEREIN IS UNCLASSIFIED": ("fbi-declass-stamp", RELEASE_STAMP),
    "HEREIN IS UNCLASSIFIED EXCEPT WHERE SHOWN OTHERWISE": ("fbi-declass-stamp", RELEASE_STAMP),
    "APPROVED FOR RELEASE": ("cia-review-stamp", RELEASE_STAMP),
    "CIA HISTORICAL REVIEW PROGRAM": ("cia-review-stamp", RELEASE_STAMP),
    "RETURN TO CIA": ("cia-handling-stamp", RELEASE_STAMP),
    "BACKGROUND USE ONLY": ("cia-handling-stamp", RELEASE_STAMP),
    "DO NOT REPRODUCE": ("cia-handling-stamp", RELEASE_STAMP),
    "CLASSIFIED MESSAGE": ("cia-cable-form", BANNER),
    "ADMINISTRATIVE - INTERNAL USE ONLY": ("cia-control-marking", BANNER),
    "REPRODUCTION BY OTHER THAN THE ISSUING OFFICE IS PROHIBITED": ("cia-cable-form", BANNER),
}
_FUZZY_KEYS = tuple(FUZZY_LINES)
FUZZY_STRONG = 88.0  # at or above: the stamp itself
FUZZY_MEDIUM = 75.0  # at or above: a damaged copy, needs position too


def fuzzy_line(upper: str) -> tuple[str, str, float, float] | None:
    """(name, kind, weight, score) when an upper-cased line is a known stamp line."""
    if not 8 <= len(upper) <= 80:
        return None
    hit = process.extractOne(upper, _FUZZY_KEYS, scorer=fuzz.ratio, score_cutoff=FUZZY_MEDIUM)
    if hit is None:
        return None
    key, score, _ = hit
    name, kind = FUZZY_LINES[key]
    return name, kind, STRONG if score >= FUZZY_STRONG else MEDIUM, score


# --- classification banners --------------------------------------------------------------------

LEVELS = ("UNCLASSIFIED", "LIMITED OFFICIAL USE", "CONFIDENTIAL", "SECRET", "TOP SECRET")
_LEVEL_WORDS = ("UNCLASSIFIED", "UNCLAS", "CONFIDENTIAL", "SECRET")
_LOU_WORDS = ("LIMITED", "OFFICIAL", "USE")
_FUZZY_LEVEL_WORDS = (*_LEVEL_WORDS, "LIMITED", "OFFICIAL")
CAVEATS = frozenset(
    {
        *("NOFORN", "NOCONTRACT", "ORCON", "PROPIN", "NODIS", "EXDIS", "LIMDIS", "WNINTEL"),
        *("SPECAT", "SENSITIVE", "REL", "TO", "USA", "NATO", "FVEY", "EYES", "ONLY", "CHANNELS"),
        *("UMBRA", "GAMMA", "COMINT", "HCS", "TALENT", "KEYHOLE"),
    }
)
_DEBRIS = "-–—_'\"“”‘’`.,:;|*~()[]{}<>•·"


def _level_word(token: str) -> str | None:
    """The banner word an upper-case token stands for, tolerating one or two OCR slips."""
    if token in _LEVEL_WORDS or token in _LOU_WORDS or token == "TOP":
        return token
    if not 6 <= len(token) <= 14 or not token.isupper():
        return None
    # "CONFIDENTlAL", "C0NFIDENTIAL", "SECRFT", "LIMlTED": short words need a closer match.
    hit = process.extractOne(token, _FUZZY_LEVEL_WORDS, scorer=fuzz.ratio, score_cutoff=80)
    return hit[0] if hit else None


def banner_tokens(tokens: list[str]) -> list[str | None]:
    """For each token: its banner word ('SECRET', 'NOFORN' ...) or None."""
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
    return LEVELS.index(level)


# --- junk --------------------------------------------------------------------------------------


def _script(ch: str) -> str:
    try:
        return unicodedata.name(ch).split()[0]
    except ValueError:
        return "?"


# "V.", "Vi.", "D.": an outline number or letter, not speckle.
_ROMAN = re.compile(r"^\W*(?:[IVXivx]{1,4}|[A-Z])\.\W*$")


def is_junk(text: str) -> bool:
    """No text at all: lone punctuation, one or two letters, or letters from mixed scripts.

    ``YΥ`` (a Latin Y and a Greek Upsilon) is scanner speckle read as letters; a real two-letter
    line (``US``) is rare and would still need position evidence to go.
    """
    if len(text) > 24 and len("".join(text.split())) > 12:
        return False  # speckle is short; spares the character scan on ordinary lines
    alnum = [c for c in text if c.isalnum()]
    if len(alnum) > 4:
        return False
    if not alnum:
        return True
    if any(c.isdigit() for c in alnum) or _ROMAN.match(text):
        return False
    if len(alnum) == 2 and all("A" <= c <= "Z" for c in alnum):
        return False  # an abbreviation ("HQ", "US")
    if len(alnum) <= 2:
        return True
    return len(alnum) <= 4 and len({_script(c) for c in alnum}) > 1


# --- lines that are never furniture ------------------------------------------------------------

# The cable's own header and paragraph markings (issue 3, "What is not"). Weak evidence never
# removes these; only a strong stamp found inside them is cut out as a span.
PROTECTED = re.compile(
    r"""^\W{0,3}(?:
        (?:TAGS|SUBJECT|SUBJ|REF|REFS|APPR|DRAFT|DRAFTED|CLEAR|CLEARED|OTHER|FM|TO|INFO|ACTION)\s*:
        |[A-Z]?E\.?\s?O\.?\s?\d{4,6}
        |DECL\s*:
        |Classified\s+by\b|CLASSIFIED\s+BY\b|Reason\s*:
        |\d{1,2}\.\s*\(\s*[A-Za-z/]{1,5}\s*\)
        |\(\s*[A-Za-z]{1,3}\s*\)\s+\S
    )""",
    re.X,
)

# Paragraph and list starts: a line beginning like this starts something new.
# A "KEY: value" header counts only with its value: in capitals, a wrapped paragraph's last line
# can be one word and a colon ("OPPORTUNITY:").
LIST_START = re.compile(r"^\s*(?:\d{1,2}\.\s|\(\w{1,3}\)\s|[-•*]\s|[A-Z][A-Z /&.-]{1,20}:\s+\S)")


# --- metadata ----------------------------------------------------------------------------------

# Release fields are read from the furniture itself, cable fields from the kept header lines. Each
# regex has one non-empty group: the value. Tried in order; the first hit in the document wins.
RELEASE_FIELDS: dict[str, tuple[re.Pattern[str], ...]] = {
    "case_number": (
        re.compile(r"\bCase\s+No\.?\s*(F-\d{4}-\d{5})\b"),
        re.compile(r"(?<![\w-])(FL-\d{4}-\d{5})\b"),
        re.compile(r"Case\s*#\s*:?\s*(NW\s*\d{5})\b"),
    ),
    "doc_number": (
        re.compile(r"\bDoc\s+No\.?\s*(C\d{8})\b"),
        re.compile(r"(?<![\w-])([AB]-\d{11})\b"),
        re.compile(r"\bDocId:\s*(\d{8})\b"),
        re.compile(r"\b([A-Z]{3}-RDP\d{2}[A-Z\d-]\d{5}[A-Z]\d{12}-\d)\b"),
    ),
    "release_date": (
        re.compile(r"Doc\s+No\.?\s*\S+\s+Date:\s*(\d\d/\d\d/\d{4})\b"),
        re.compile(r"\"UNCLASSIFIED\"\s+\[?(\d{1,2}/\d{1,2}/\d{4})\b"),
        re.compile(r"Case\s*#\s*:?\s*NW\s*\d{5}\s+Date:\s*(\d\d-\d\d-\d{4})\b"),
        re.compile(r"Approved\s+for\s+Release\s+(\d{4}/\d\d/\d\d)\b", re.I),
    ),
    # Read through OCR damage ("RELEASE !IN PART"); the value is given in the stamp's words.
    "release_decision": (re.compile(r"\b(R[EF]LEASE\s+[!|]?[I1l|!]N\s+(?:FULL|PART))\b"),),
}
CABLE_FIELDS: dict[str, tuple[re.Pattern[str], ...]] = {
    # A speck read as a letter may stick to the front ("BE.O. 12958: ...").
    "declassification": (
        re.compile(r"^\W{0,3}[A-Z]?(E\.\s?O\.\s?\d{5}\s*:.*?)(?=\s+TAGS\s*:|\s*$)"),
    ),
    "tags": (re.compile(r"(?:^|\s)TAGS\s*:\s*(.+?)(?=\s+SUBJECT\s*:|\s*$)"),),
    "subject": (re.compile(r"(?:^|\s)SUBJECT\s*:\s*(.+?)\s*$"),),
    "ref": (re.compile(r"^\W{0,3}REFS?\s*:\s*(.+?)\s*$"),),
}
EXEMPTION = re.compile(r"(?<![\w.])(B\s?[1-9])\b|(1\.4\s?\(\s?[A-Ha-h]\s?\))")


def exemptions(text: str) -> list[tuple[str, int, int]]:
    """The FOIA exemption codes in a release stamp, normalised ("B6", "1.4(D)"), with offsets."""
    out = []
    for m in EXEMPTION.finditer(text):
        code = re.sub(r"\s", "", m.group()).upper()
        out.append((code, m.start(), m.end()))
    return out


# --- matching ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prior:
    """What a pattern says about a whole line."""

    name: str
    kind: str
    weight: float
    detail: str = ""  # e.g. the banner level or the fuzzy score
    number: int | None = None  # the value of a lone page number


@dataclass(frozen=True, slots=True)
class SpanHit:
    start: int
    end: int
    name: str
    kind: str
    absorb: str


def find_spans(text: str) -> list[SpanHit]:
    """Strong stamps anywhere in the line, left to right, not overlapping; then the pieces of
    the stamps found, where they do not overlap a stamp."""
    folded = text.casefold()
    hits: list[SpanHit] = []
    pieces: list[SpanHit] = []
    for pat in SPAN_PATTERNS:
        if pat.keys and not any(k in folded for k in pat.keys):
            continue
        if pat.probe is not None and not pat.probe.search(text):
            continue
        found = False
        for m in pat.regex.finditer(text):
            start, end = m.span()
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                hits.append(SpanHit(start, end, pat.name, pat.kind, pat.absorb))
                found = True
        if found and pat.pieces is not None:
            pieces.extend(
                SpanHit(m.start(), m.end(), f"{pat.name} piece", pat.kind, pat.absorb)
                for m in pat.pieces.finditer(text)
            )
    merged = _merge(hits)
    if pieces:
        free = [p for p in pieces if not any(p.start < h.end and h.start < p.end for h in merged)]
        merged = _merge(merged + free)
    return merged


def _merge(hits: list[SpanHit]) -> list[SpanHit]:
    hits = sorted(hits, key=lambda h: (h.start, -h.end))
    merged: list[SpanHit] = []
    for h in hits:
        if merged and h.start < merged[-1].end:
            continue  # overlaps an earlier, longer stamp
        merged.append(h)
    return merged


_ALNUM = re.compile(r"[^\W_]")


def banner_line_level(text: str) -> str | None:
    """The level of a line made only of banner words ("-CONFIDENTIAL", "SECRET/NOFORN")."""
    marks = []
    for w in text.split():  # one at a time: most lines fail on their first word
        if not _ALNUM.search(w):
            continue  # debris between banner words
        mark = banner_tokens([w])[0]
        if mark is None or len(marks) == 8:
            return None
        marks.append(mark)
    return banner_level(marks) if marks else None


def match_line(text: str) -> Prior | None:
    """The furniture pattern a whole line matches, strongest first; None for an ordinary line.

    Scanner specks read as tokens at either end ("SECRET ae", "Page 1 of 2 ; ‘ i a") do not
    hide a pattern: the line is tried again without them.
    """
    prior = _match_line(text)
    if prior is not None:
        return prior
    toks = text.split()
    lead = _speck_run(toks)
    trail = _speck_run(toks[::-1])
    # Fewest specks first: "Page 1 of 3 . 7 oe" is "Page 1 of 3", not "Page 1 of".
    for cut in sorted(
        ((i, j) for i in range(lead + 1) for j in range(trail + 1) if i + j), key=sum
    ):
        core = toks[cut[0] : len(toks) - cut[1]]
        prior = _match_line(" ".join(core)) if core else None
        # A damaged stamp (fuzzy, medium) is already a guess: no second guess about its ends.
        fuzzy = prior is not None and prior.detail.startswith("rapidfuzz") and prior.weight < STRONG
        if prior is not None and prior.kind != JUNK and not fuzzy:
            detail = f"{prior.detail}, " if prior.detail else ""
            return Prior(prior.name, prior.kind, prior.weight, f"{detail}with specks", prior.number)
    return None


def _speck_run(toks: list[str]) -> int:
    n = 0
    while n < min(4, len(toks) - 1) and is_speck(toks[n]):
        n += 1
    return n


def is_speck(token: str) -> bool:
    """A token that is scanner noise, not a word: at most two letters or digits, and not a
    capitalised abbreviation ("OF", "US")."""
    alnum = [c for c in token if c.isalnum()]
    return len(alnum) <= 2 and not (len(alnum) == 2 and token.strip(_DEBRIS).isupper())


def strip_specks(text: str) -> str:
    """The line without up to four speck tokens at each end."""
    toks = text.split()
    i, j = 0, len(toks)
    while i < j and i < 4 and is_speck(toks[i]):
        i += 1
    while j > i and len(toks) - j < 4 and is_speck(toks[j - 1]):
        j -= 1
    return " ".join(toks[i:j])


def _match_line(text: str) -> Prior | None:
    stripped = text.strip()
    # Whole-line furniture is short and not a sentence: this spares the patterns on body lines.
    # Stamps have a lower-case word or two ("Assassination Records Collection Act of", OCR's
    # "sclassified in Part", "State case No.").
    if len(stripped) > 120 or len(stripped.split()) > 13 or prose_words(stripped) >= 3:
        return None
    core = stripped.strip(_DEBRIS + " \t")
    for pat in LINE_PATTERNS:
        m = pat.regex.fullmatch(stripped if pat.raw else core)
        if m is None:
            continue
        detail = ""
        if pat.level and (m.group("level") or "").strip():
            detail = _header_level(m.group("level"), pat.caption) or ""
            if not detail:
                continue
        number = int(m.group(1)) if pat.name == "lone-number" else None
        return Prior(pat.name, pat.kind, pat.weight, detail, number)
    # Banners are capitals: a line with a lower-case word is not one (cheap test first).
    level = None if _LOWER_RUN.search(stripped) else banner_line_level(stripped)
    if level:
        return Prior("banner-line", BANNER, MEDIUM, level)
    fuzzy = fuzzy_line(core.upper()) if core and not _has_prose(core) else None
    if fuzzy:
        name, kind, weight, score = fuzzy
        return Prior(name, kind, weight, f"rapidfuzz {score:.0f}")
    if is_junk(stripped):
        return Prior("junk", JUNK, WEAK)
    return None


_LOWER_RUN = re.compile(r"[a-z]{2,}")
_CAPTION = re.compile(r"[A-Z]{4,10}")


def _header_level(text: str, caption: bool) -> str | None:
    """The classification in front of a teletype header or the exemptions: a banner, perhaps
    (``caption``) with a caption the banner words do not know ("CONFIDENTIAL STADIS")."""
    level = banner_line_level(text)
    if level is None and caption:
        words = [w for w in text.split() if _ALNUM.search(w)]
        if len(words) >= 2 and _CAPTION.fullmatch(words[-1]):
            level = banner_line_level(" ".join(words[:-1]))
    return level


def _has_prose(text: str) -> bool:
    """Several lower-case words: a sentence, not a stamp (stamps are capitals or Title Case)."""
    return sum(1 for t in text.split() if _LOWER_RUN.search(t) and t[0].islower()) >= 2


def prose_words(text: str) -> int:
    """Words that start in lower case: "the", "of", "would" - sentences have them, titles and
    running heads few."""
    return sum(1 for t in text.split() if t[0].islower() and _LOWER_RUN.search(t))


@dataclass(frozen=True, slots=True)
class BannerSpan:
    start: int
    end: int
    level: str
    words: int  # how many level words (2 = top and bottom banner run together)


_TERMINAL = ".!?:;\"')”’"


def banner_tail(text: str) -> BannerSpan | None:
    """Banner words run into the end of a paragraph: "...Minsk Conference. CONFIDENTIAL".

    Returned only when text precedes the run and either it ends a sentence or the run is a
    doubled banner; whether a single banner goes is the caller's call (it needs position).
    """
    last = text.rstrip().rsplit(None, 1)[-1] if text.strip() else ""
    if not banner_tokens([last])[0]:
        return None  # cheap test first: the line does not end in a banner word
    toks = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", text)]
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
    n_levels = sum(1 for m in marks if m and m.split("/")[0] in _LEVEL_WORDS)
    before = toks[i - 1][2]
    if n_levels < 2 and not before.endswith(tuple(_TERMINAL)):
        return None
    return BannerSpan(toks[i][0], toks[-1][1], level, n_levels)
