"""Release stamps: what the releasing agency stamped on every page, whole or in pieces.

State FOIA and FL- case stamps, RELEASE IN FULL/PART, the Benghazi production stamp, the
reviewer's re-classification marking, CIA CREST, and the NARA JFK release stamp and footer: as
span patterns (the stamp may sit anywhere in a line) and as whole-line pieces of a stamp that OCR
wrapped or cut (which need one more piece of evidence). Stamp lines too damaged for a regex are
matched whole with rapidfuzz (``fuzzy_line``).
"""

from __future__ import annotations

import logging
import re

from rapidfuzz import fuzz, process

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import FORM_SHAPE, MEDIUM, STRONG
from pipeline.stages.strip.patterns.base import OCR_DIGIT as _D
from pipeline.stages.strip.patterns.base import LinePattern, SpanPattern

# The FBI declassification stamp's date line, "DATE 10/3/97 BY SP2 ALM/JB" (OCR's misread date
# included, "DATE {21M BY SSPLNY"): a whole line here, a line's end in ``glued_stamp_evidence``.
FBI_DECLASS_DATE = re.compile(r"DATE\s+\S{4,10}\s+BY\s+\S+(?:\s+\S+){0,2}")

log = logging.getLogger(__name__)

# UNCLASSIFIED as OCR reads the word when a stamp's row is cut: "CLASSIFIED", "SSIFIED".
UNCLAS_WORN = r"(?:[A-Z]{0,4}CLAS[A-Z]*|[A-Z]{0,6}FIED)"


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
        # ``evidence._rows``).
        "state-foia-stamp",
        FurnitureKind.RELEASE_STAMP,
        re.compile(
            rf"""(?:[(C0O]\s?(?:{_D}\s?){{6,8}}(?:\S{{0,6}}\s+)?)?
                (?:["“]?{UNCLAS_WORN}["”]?\s+)?
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
        FurnitureKind.RELEASE_STAMP,
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
        FurnitureKind.RELEASE_STAMP,
        re.compile(
            r"""(?<![A-Za-z])R[EF]LEASE\s+[!|]?[I1l|!]N\s+(?:FULL|PART?)\b
                (?:\s+(?:DECAPTIONED|DECLASSIFIED))*
                (?:[\s,|]*(?:B\s?[1-9]\)?|B[GS]\b|1\.\d\s?\(\s?[A-Ha-h]\s?\)
                   |(?<=,)\s?\d(?:\.\d)?(?![\w:/(])))*""",
            re.X,
        ),
        keys=("elease",),
        # The words alone, no exemption code: "THE GOVERNMENT WILL RELEASE IN FULL THE NAMES".
        phrase=re.compile(r"R[EF]LEASE\s+[!|]?[I1l|!]N\s+(?:FULL|PART?)"),
    ),
    SpanPattern(
        # House Benghazi production stamp.
        "state-benghazi-stamp",
        FurnitureKind.RELEASE_STAMP,
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
        FurnitureKind.RELEASE_STAMP,
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
        FurnitureKind.RELEASE_STAMP,
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
        # "DooId", "Doold" (2023 124-10332-10043 line 77, 2025 124-10332-10047 line 313,
        # bench/furniture/jfk-recent, dev); page one read "Page l" (2025 180-10060-10465 line 223);
        # a bar before the page ("HW 50955 DocId:32264764 | Page 2": 2022 180-10112-10390 line
        # 104, bench/furniture/jfk-prose, dev)
        "jfk-nara-footer",
        FurnitureKind.RELEASE_STAMP,
        re.compile(
            r"""(?:\S{1,3}[.:]?\s*[\d§]{4,5}[.:]?[\s.\-•]*)?
                (?:Do[cegqo]/?[IlL1|it]?[da]{1,2}\s*[:.]?\s*\d{8}|DOCID-\d{8})
                (?:[\s.\-•|]*Page\W{0,2}(?:\d{1,3}|[lI|](?!\w))[^\w\s]{0,3})?""",
            re.X,
        ),
        probe=re.compile(r"Do[cegqo]/?[IlL1|it]?[da]{1,2}\s*[:.]?\s*\d{8}|DOCID-\d"),
    ),
    SpanPattern(
        # JFK Act release stamp, usually wrapped over two to four lines; its wording and the
        # fields around it are found by ``jfk_band`` (rapidfuzz), the damaged pieces its fuzzy
        # match cannot score here, the rest by the medium line patterns below. OCR: "1902",
        # "2307", "(44 USG
        # nos Note)", "ot 1992 {44 USC 2107 Noite)", "cords Collection Act of 1952 (44 USt 21U/
        # Note)", "(44 Use", "Assassinavon", "Case#iNU_56792", "Casef:NU", "Cases:NW", "Casett;NW",
        # "Se#:NW", "Case#:NWw", "Date."; the citation's last word wrapped in front of the case
        # ("Note]. Caset:Nw 64954]": 2022 docid-34530609 line 78, bench/furniture/jfk-prose, dev);
        # the Act's year cut at the scan's margin as the stamp's first words are ("ennedy"),
        # with a speck of the margin in front, at the line's start ("Sopa 992 (44 USC 2107
        # Note),": 2022 docid-32243328 line 6, bench/furniture/jfk-opening, dev).
        "jfk-nara-release",
        FurnitureKind.RELEASE_STAMP,
        re.compile(
            r"""(?:o[ft]\s+)?(?:19\d2\s*|^\W*(?:[^\W\d]{1,4}\W+)?\d?9\d\s*(?=[(|\[{]))?
                [(|\[{]?\s?44\s+U\w{2}\s+\S{1,4}\s+N[o0]i?t[ec]l?\W{0,3}
                |(?:o[ft]\s+)?19\d2\s*[(|\[{]\s?44\s+U[SsCc][CcEeGg]\b
                |(?:N[o0]i?t[ec]l?\W{0,3}\s*)?
                 Case\S{0,3}\s*N[WUw]{1,2}(?:\s*_?\d{5}(?:\s+Dat\w\W?(?:\s*\d\d-\d\d-\d{4})?)?)?
                |\S{0,6}[#:;]\s*N[WUw]\s*_?\d{5}\s+Dat\w\W?\s*\d\d-\d\d-\d{4}""",
            re.X,
        ),
        probe=re.compile(r"44\s+U|Case\S{0,3}\s*N[WUw]|N[WUw]\s*_?\d{5}\s+Date:"),
        pieces=re.compile(r"(?:\w*ssinat\w*\s+)?\w*cords\s+Collection\s+Act(?:\s+of(?!\s+\d))?"),
    ),
)


# A banner in front of a stamp on the same line ("SEC RET PHOTOCOPY FROM", "SECRET GERALD FORD
# LIBRARY").
_LEVEL = r"(?:TOP\s+)?S\s?E\s?C\s?R\s?E\s?T|CONFIDENTIAL"
# A presidential library's name as its photocopy stamp prints it: "Gerald Ford Library", "GR FORD
# LIBRARY", "G R FORD LIBRARY", "Gerald R. Ford Library", "GERAID FORD LIBRARY" (2018, 2021
# releases, dev), "Lyndon B. Johnson Library"; at most three words before "Library".
_LIBRARY = r"(?:[A-Z][\w.,]*\s+){1,3}(?i:LIB\w{3,5})\W?"
# The name alone, the stamp's second line: needs its first line beside it (``stamp_evidence``).
LIBRARY_LINE = re.compile(rf"(?:(?:{_LEVEL})\W{{0,3}}\s*)?(?:THE\s+)?{_LIBRARY}")

# --- stamp lines, whole ------------------------------------------------------------------------

# A FOIA exemption: B6, B7(C), 1.4(D); as OCR reads them: "BS" (B5), "BG" (B6), "Bl" (B1),
# "1.4 (d)", "14(D)", "1. A{D)"; the closing bracket may be lost (or taken off with the debris
# at a line's end).
_CODE = r"(?:B\s?[1-9SGIl|](?:\s?\([A-Fa-f]\)?)?|1[.,]?\s?[4A]\s?[({\[]\s?[A-Ha-h]\s?[)}\]]?)"
_CODES = rf"{_CODE}(?:\s*[,.;]?\s*{_CODE})*"  # "B1, B5", "B1. B5" (OCR), "B1,1.4(B)"

# Tried after the teletype header and the page numbers (``match.LINE_PATTERNS``).
STAMP_LINES: tuple[LinePattern, ...] = (
    LinePattern(
        # The JFK stamp's last line when it wraps: "65990 Date: 11-01-2021" (also "B600d Date:
        # 11-04-2021", "Б6OПО Date: 11-04-2021"); its wording's pieces are ``jfk_band``'s.
        "jfk-nara-release-piece",
        FurnitureKind.RELEASE_STAMP,
        re.compile(r"[^\W_]{4,6}\s+Date:\s*\d\d-\d\d-\d{4}"),
        MEDIUM,
    ),
    LinePattern(
        # The Government Printing Office's imprint a printed form carries at its foot: "GPO :
        # 1975 O - 575-255", "U.S. GOVERNMENT PRINTING OFFICE : 1963 O-690-140"; OCR: "¡GPO:
        # 1975 O÷ 57-255" (2025 NARA JFK 180-10060-10465 line 663, the House payroll form,
        # bench/furniture/jfk-recent, dev).
        "gpo-imprint",
        FurnitureKind.FORM,
        re.compile(
            r"""\W{0,2}(?:U\.?\s?S\.?\s+)?(?:GOVERNMENT\s+PRINTING\s+OFFICE|GPO)\s*[:;.]?\s*
                (?:19|20)\d\d\s*[,.]?\s*(?:[O0]\s*\S?\s*)?[\dO]{1,3}\s?[-–—]\s?[\dO]{2,6}""",
            re.X | re.I,
        ),
        STRONG,
    ),
    LinePattern(
        # The NARA footer split over two lines: "NW 78318" / "Docld:34489342 Page 4".
        "jfk-nara-footer-piece",
        FurnitureKind.RELEASE_STAMP,
        re.compile(r"[NH][WU][.:]?\s*\d{5}"),
        MEDIUM,
    ),
    LinePattern(
        # The RIF number alone ("104-10256-10344", "1104-10076-10400") or the "4-00000" batch mark
        # at the top of CIA JFK pages; the export's title line names the file, so it may carry
        # the file name's tail: CIA's document number or "_redacted" ("# 124-10276-10400
        # (c06716411)", jfk-series dev 2025 124-10276-10400 line 1; ``pick_recent.TAIL``; the
        # closing bracket is matched as debris). Its first digit may be cut at the scan's
        # margin ("04-10110-10289" for 104-10110-10269: 2018 104-10110-10269 line 1,
        # bench/furniture/jfk-heads, dev); the two dashed runs of five digits are the shape.
        "jfk-rif-number",
        FurnitureKind.RELEASE_STAMP,
        re.compile(
            r"#?\s*\{?\d{2,4}-\d{5}-\d{5}(?:\s*[(\[][cC]\d{6,9}[)\]]?|_redacted)?\|?|\d{1,2}-0{5}"
        ),
        MEDIUM,
    ),
    LinePattern(
        # The release stamp's second line: the classification and the exemptions it was
        # released under ("CONFIDENTIAL B5, 1.4(B)"; OCR: "CONFIDENTIAL BS, BG, 1.4(D)").
        "state-release-exemptions",
        FurnitureKind.RELEASE_STAMP,
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
        FurnitureKind.RELEASE_STAMP,
        re.compile(
            rf"""(?:{UNCLAS_WORN}\s+)?U\.?\s?S\.?\s+De\w{{5,10}}\s+(?:o\w\s+)?S\w{{3,4}}
                \W?\s+[Cc]as\w\W?(?:\s*N\w\W?)?
                |{UNCLAS_WORN}\s+U\.?\s?S\.?\s+De\w{{5,10}}\s+(?:o\w\s+)?S\w{{3,4}}
                |(?:\S+\s+)?D[o0]c\s*N[o0]\W?\s*\S+\s+Dat\w?\W?\s*[\dOoIl/]+""",
            re.X,
        ),
        MEDIUM,
    ),
    LinePattern(
        # The CREST stamp broken over two lines by OCR: "sclassified in Part. ~" / "Sanitized
        # Copy Approved for Release ...".
        "cia-crest-piece",
        FurnitureKind.RELEASE_STAMP,
        re.compile(r"\w{0,3}classified\s+in\s+Part\W*(?:Sanitized\s+Copy)?", re.I),
        MEDIUM,
    ),
    LinePattern(
        # The wrapped pieces of a State release stamp: "RELEASE IN" / "FULL", "IN FULL", "B6",
        # "RELEASE" (the rest of the stamp lost to speckle).
        "state-release-piece",
        FurnitureKind.RELEASE_STAMP,
        re.compile(rf"(?:RELEASE(?:\s+IN)?|IN\s+(?:FULL|PART?)|FULL|PART)|{_CODES}"),
        MEDIUM,
    ),
    LinePattern(
        # The banner and the authority on one line, the foot of a CIA machine listing's page:
        # "S-E-C-R-E-T E2 IMPDET CL BY 012982"; OCR: "S-E-C-RaE-T £2 IMPDET CL BY ohist", ": wee
        # S-E-C-R-E-T : : oo, _ €2 fMPDET CL BY 912982_" (2022 104-10213-10000 lines 253 and
        # 312, a file content list, bench/furniture/jfk-prose, dev). Both together are no
        # sentence and no value of a form: the page's marking by its shape.
        "marked-authority",
        FurnitureKind.BANNER,
        re.compile(
            r"""(?:\W*\s*[a-z]{1,4}\s+)?
                (?:TOP\W?\s?)?(?:S\W?E\W?C\W?R\W?\w?\W?E\W?T|C\W?O\W?N\W?F\W?I\W?D\W?E\W?N\W?T\W?I\W?A\W?L)
                [\W_]*(?:\s+[\W_]*(?:[a-z]{1,3}\W*)?)*\s*
                [E£€]\s?[1-4]\W{0,2}\s*[IJl1|f]MPDET\W{0,2}\s+[Cc][Ll]\.?\s+[Bb][Yy]\W?\s*\S{1,8}""",
            re.X,
        ),
        MEDIUM + FORM_SHAPE,
    ),
    LinePattern(
        # The classification authority line a CIA page carries at its foot beside the banner
        # (Executive Order 11652, 1972-78): "E2 IMPDET CL BY 003820", or on two lines "E2 IMPDET"
        # / "SECRET CL BY 063994"; OCR: "E2, IMPDET", "E2 IMPDET™", "E2 JMPDET", "cSEURE CL BY
        # 055636", "cL By 628912)". Sources (dev): jfk/2018__104-10133-10041.md lines 105-107,
        # jfk/2018__104-10414-10150.md lines 136-137, 813, 857, bench/furniture/jfk-more/
        # 2018__104-10331-10180.md line 40. A marking like a banner: it needs its place too.
        "classification-authority",
        FurnitureKind.BANNER,
        re.compile(
            r"""(?:\S{1,12}\s+)?
                (?:E\s?[1-4]\W{0,2}\s*[IJl1|]MPDET\W{0,2}(?:\s+[Cc][Ll]\.?\s+[Bb][Yy]\W?\s*\S{1,8})?
                  |[Cc][Ll]\.?\s+[Bb][Yy]\W?\s*[\dOoIl|]{6})""",
            re.X,
        ),
        MEDIUM,
    ),
    LinePattern(
        # FBI file stamps on a memo's page, around its foot: "NOT RECORDED", the serial with
        # the date received "98 APR 12 1961" (OCR "5 APR 131961"), "ORIGINAL FILED IN". Source
        # (dev): jfk/2018__docid-32296167.md lines 80-89. A date alone is a letter's date line:
        # only a serial in front of it and the day behind the month make it the stamp.
        "fbi-file-stamp",
        FurnitureKind.RELEASE_STAMP,
        re.compile(
            r"""NOT\s+RECORDED|ORIGINAL\s+FILED\s+IN
                |\d{1,3}\s+(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\s*\d{1,2}\s*,?\s*19\d\d""",
            re.X,
        ),
        MEDIUM,
    ),
    LinePattern(
        # FBI declassification stamp, second part: "DATE 10/3/97 BY SP2 ALM/JB".
        "fbi-declass-date",
        FurnitureKind.RELEASE_STAMP,
        FBI_DECLASS_DATE,
        MEDIUM,
    ),
    LinePattern(
        # A presidential library's photocopy stamp, whole on one line: "Photocopy from the
        # Gerald R. Ford Library" (OCR "LIBPARY"), the page's banner perhaps in front. Source
        # (dev): 2018 and 2021 NARA JFK releases, noops888/jfk-files-text @55840853 (2021
        # docid-32112724: the stamp on most of its 120 pages; "PHOTOCOPY FROM THE GERALD R. FORD
        # LIBPARY" 7 lines in the 2018 and 2021 releases).
        "library-photocopy-stamp",
        FurnitureKind.RELEASE_STAMP,
        re.compile(
            rf"(?:(?:{_LEVEL})\W{{0,3}}\s*)?(?i:PHOTOCOPY\s+FR\w{{1,2}}\W?\s+(?:THE\s+)?){_LIBRARY}"
        ),
        STRONG,
    ),
    LinePattern(
        # The same stamp's first line when it wraps ("Photocopy from" / "Gerald Ford Library";
        # 506 lines "PHOTOCOPY FROM" in the 2018 and 2021 releases, "SEC RET PHOTOCOPY FROM" 21,
        # "PHOTOCOPY" alone 66): needs its place or its second line beside it
        # (``stamp_evidence.stamp_captions``).
        "library-photocopy-caption",
        FurnitureKind.RELEASE_STAMP,
        re.compile(rf"(?:(?:{_LEVEL})\W{{0,3}}\s*)?(?i:PHOTOCOPY(?:\s+FR\w{{0,2}}(?:\s+THE)?)?)"),
        MEDIUM,
    ),
)


# Stamp lines whose OCR is too damaged for a regex ("ALI, INFORMATION CONTAINED", "HEREIN 1S os
# yLASSIFIED", "AISTORIGAL REVEM-PROGREM"): matched whole with rapidfuzz against the clean text.
FUZZY_LINES: dict[str, tuple[str, str]] = {
    "ALL INFORMATION CONTAINED": ("fbi-declass-stamp", FurnitureKind.RELEASE_STAMP),
    "HEREIN IS UNCLASSIFIED": ("fbi-declass-stamp", FurnitureKind.RELEASE_STAMP),
    "HEREIN IS UNCLASSIFIED EXCEPT WHERE SHOWN OTHERWISE": (
        "fbi-declass-stamp",
        FurnitureKind.RELEASE_STAMP,
    ),
    "APPROVED FOR RELEASE": ("cia-review-stamp", FurnitureKind.RELEASE_STAMP),
    "CIA HISTORICAL REVIEW PROGRAM": ("cia-review-stamp", FurnitureKind.RELEASE_STAMP),
    "RETURN TO CIA": ("cia-handling-stamp", FurnitureKind.RELEASE_STAMP),
    "BACKGROUND USE ONLY": ("cia-handling-stamp", FurnitureKind.RELEASE_STAMP),
    "DO NOT REPRODUCE": ("cia-handling-stamp", FurnitureKind.RELEASE_STAMP),
    "CLASSIFIED MESSAGE": ("cia-cable-form", FurnitureKind.BANNER),
    "ADMINISTRATIVE - INTERNAL USE ONLY": ("cia-control-marking", FurnitureKind.BANNER),
    "REPRODUCTION BY OTHER THAN THE ISSUING OFFICE IS PROHIBITED": (
        "cia-cable-form",
        FurnitureKind.BANNER,
    ),
    # Read in NARA's 2023 and 2025 releases (bench/furniture/jfk-recent, dev): the message
    # form's foot (2025 104-10186-10021 line 77, "REPRODUET INN PROMIDITES"); the FBI's
    # declassification stamp of 2023 at each page's head (2023 124-10332-10043 lines 85-87,
    # 119-121); the FBI/JFK task force's release box (2023 104-10063-10429 lines 11-21); CIA's
    # release stamp on HSCA notes (2025 180-10145-10302 line 35; its "AS SANITIZED" is too short
    # a key: "As Stated" under a memo's "Attachments" came within reach, 2018 104-10312-10021).
    "REPRODUCTION PROHIBITED": ("cia-cable-form", FurnitureKind.BANNER),
    "DECLASSIFICATION AUTHORITY DERIVED FROM:": ("fbi-declass-stamp", FurnitureKind.RELEASE_STAMP),
    "FBI AUTOMATIC DECLASSIFICATION GUIDE": ("fbi-declass-stamp", FurnitureKind.RELEASE_STAMP),
    "REVIEWED BY FBI/JFK TASK FORCE": ("task-force-box", FurnitureKind.RELEASE_STAMP),
    "TOTAL DENIAL": ("task-force-box", FurnitureKind.RELEASE_STAMP),
    "HAS NO OBJECTION TO RELEASE": ("cia-release-stamp", FurnitureKind.RELEASE_STAMP),
    # The same task force box's other lines, and the CIA release stamp's lines under its first
    # ("CIA HAS NO OBJECTION TO" / "DECLASSIFICATION AND/OR" / "RELEASE OF CIA INFORMATION"):
    # 2021 NARA JFK docid-32327396 pages 3 and 5, docid-32340308 pages 7 and 16
    # (bench/furniture/jfk-state, dev), read "FELLASE IN FULL", "RELEASE IS PART",
    # "DECLASSIRCATION AND/OR,", "RELLAGE OF CIA INFORMATION". Their words are also a
    # sentence's or a form's, so they are never more than a damaged copy
    # (``FUZZY_MEDIUM_ONLY``): the stamp's other lines beside them, or the page's edge, decide.
    "RELEASE IN FULL": ("task-force-box-line", FurnitureKind.RELEASE_STAMP),
    "RELEASE IN PART": ("task-force-box-line", FurnitureKind.RELEASE_STAMP),
    "DECLASSIFICATION AND/OR": ("cia-release-stamp-line", FurnitureKind.RELEASE_STAMP),
    "RELEASE OF CIA INFORMATION": ("cia-release-stamp-line", FurnitureKind.RELEASE_STAMP),
    # The same stamp's first and last lines, as an FBI copy of a CIA report in NARA's 2022
    # release prints and OCR reads them ('CIA HAS "NO-OBJECTHON-T0', "IN THIS DOCU WS
    # SAnvriZED": 2022 124-10207-10417 lines 112, 116, bench/furniture/jfk-2022, dev).
    "CIA HAS NO OBJECTION TO": ("cia-release-stamp", FurnitureKind.RELEASE_STAMP),
    "IN THIS DOCUMENT AS SANITIZED": ("cia-release-stamp", FurnitureKind.RELEASE_STAMP),
}
FUZZY_MEDIUM_ONLY = frozenset({"task-force-box-line", "cia-release-stamp-line"})
# Stamp lines whose words a sentence's line can be too (an all-capitals cable's "CIA HAS NO
# OBJECTION TO" / "THE PROPOSED TRIP."): a damaged copy only, like ``FUZZY_MEDIUM_ONLY``.
FUZZY_MEDIUM_KEYS = frozenset({"CIA HAS NO OBJECTION TO", "IN THIS DOCUMENT AS SANITIZED"})
_FUZZY_KEYS = tuple(FUZZY_LINES)
FUZZY_STRONG = 88.0  # at or above: the stamp itself
FUZZY_MEDIUM = 75.0  # at or above: a damaged copy, needs position too
# ... and for the review stamps' lines, whose words a form prints too ("CLASSIFICATION", 76 to
# "DECLASSIFICATION AND/OR": a CIA document's field, tests/test_strip_real_forms.py).
FUZZY_REVIEW = 80.0


def fuzzy_line(upper: str) -> tuple[str, str, float, float] | None:
    """(name, kind, weight, score) when an upper-cased line is a known stamp line, else None.

    ``upper``: the line, upper-cased, 8 to 80 characters (others are never a stamp line); the
    score is rapidfuzz's ratio (0-100) against the clean text in ``FUZZY_LINES``.

    >>> fuzzy_line("ALI, INFORMATION CONTAINED")[:3]
    ('fbi-declass-stamp', <FurnitureKind.RELEASE_STAMP: 'release-stamp'>, 1.5)
    >>> fuzzy_line("THE MINISTER SAID") is None
    True
    """
    if not 8 <= len(upper) <= 80:
        return None
    hit = process.extractOne(upper, _FUZZY_KEYS, scorer=fuzz.ratio, score_cutoff=FUZZY_MEDIUM)
    if hit is None:
        return None
    key, score, _ = hit
    name, kind = FUZZY_LINES[key]
    medium_only = name in FUZZY_MEDIUM_ONLY or key in FUZZY_MEDIUM_KEYS
    if medium_only and score < FUZZY_REVIEW:
        return None
    strong = score >= FUZZY_STRONG and not medium_only
    return name, kind, STRONG if strong else MEDIUM, score
