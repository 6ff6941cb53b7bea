"""Classification and control markings in the format US agencies have printed since the 2000s.

Post-2001 FBI, DOJ, NSA, DHS and State releases print on every page a banner line such as
``SECRET//NOFORN``, ``TOP SECRET//SI//TK//NOFORN``, ``UNCLASSIFIED//FOR OFFICIAL USE ONLY`` or
``CONFIDENTIAL//REL TO USA, GBR``, and open each paragraph with a portion mark such as
``(U//FOUO)``, ``(S//NF)``, ``(TS//SI//REL TO USA, FVEY)``. The format is the Intelligence
Community's, kept by the Controlled Access Program Coordination Office (CAPCO):

    ODNI, "(U) Intelligence Community Authorized Classification and Control Markings Register
    and Manual", Volume 5, Edition 1 (Version 5.1), effective 30 December 2011 (CAPCO,
    Washington, DC 20511), and its successor, the "Intelligence Community Markings System
    Register and Manual" (effective 31 December 2013 and 31 December 2016, the latter released
    by ODNI under FOIA case DF-2019-00061). The portion marks' abbreviations as ODNI's ISM
    controlled value enumerations give them (CVEnumISMSCIControls, CVEnumISMDissem,
    CVEnumISMNonIC, CVEnumISMAtomicEnergyMarkings; MISP/misp-taxonomies dni-ism/machinetag.json).

The grammar this module parses (the register's "banner line" and "portion marking" rules):

    banner   = LEVEL ( "//" category )+
    portion  = "(" LEVEL-ABBR ( "//" category )+ ")"
    category = control ( "/" control )*      one category's markings: SCI control systems,
                                             a special access program, atomic energy act
                                             markings, foreign government information,
                                             dissemination controls, non-IC dissemination controls
    LEVEL    = TOP SECRET | SECRET | CONFIDENTIAL | UNCLASSIFIED
    LEVEL-ABBR = TS | S | C | U
    control  = a register entry, by its title ("NOT RELEASABLE TO FOREIGN NATIONALS"), its
               banner abbreviation ("NOFORN") or its portion mark ("NF"); an SCI system with
               compartments ("SI-G", "HCS-P"); "SAR-" and a program's name; "REL TO" or
               "DISPLAY ONLY" and a list of country codes ("USA, GBR"); "FGI" and codes

A level alone ("SECRET") or with the older single-slash caveats ("SECRET/NOFORN") is the older
banner patterns' (``patterns.banners``); here at least one control must follow the level. Only
the categories' order is not enforced: a banner that lists its controls out of the register's
order is still a banner.

OCR damage (synthetic check: the lines above rendered with ``bench.synth.render_snippet`` in
three monospaced faces, clean to hard, 150 and 300 dpi, read by Tesseract 5): the ``//`` is read
as ``/ /``, ``/``, `` //``, ``/7`` or ``/ {`` (and, on other scans, ``II``, ``ll``, ``\\``);
``SI`` as ``S1``, ``ST``; ``TK`` as ``1K``; ``NOFORN`` as ``NOFORE``, ``NOPORN``, ``NOEORN``;
``FOUO`` as ``FOU0``, ``FQUO``; ``TO`` as ``10``; ``NF`` as ``NE``; ``TS`` as ``T8``, ``1S``;
a level word letter-spaced or slipped (``UNCLASSIF IED``, ``CONEIDENTIAL``, the older patterns'
reading). Each part between separators must still read as a register entry within those slips.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

# Debris at a line's or a part's ends, as ``base.DEBRIS`` (repeated here: this module is data and
# grammar below every other pattern, so that ``banners`` and ``lines`` can read through it).
_ENDS = "-–—_'\"“”‘’`.,:;|*~()[]{}<>•·"

# The register's categories, in banner order; each entry: (banner form, other forms: its title
# and its portion mark where they differ). The banner form is what ``Marking.controls`` gives.
SCI = "sci"
SAP = "sap"
AEA = "aea"
FGI = "fgi"
DISSEM = "dissem"
NON_IC = "non-ic"
CONTROLS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    SCI: (
        ("SI", ("COMINT", "SPECIAL INTELLIGENCE")),
        ("TK", ("TALENT KEYHOLE",)),
        ("HCS", ()),
        ("KDK", ("KLONDIKE",)),
        ("RSV", ("RESERVE",)),
        ("EL", ("ENDSEAL",)),
        ("BUR", ("BUREAUCRAT",)),
    ),
    SAP: (("HVSACO", ("HANDLE VIA SPECIAL ACCESS CHANNELS ONLY",)),),
    AEA: (
        ("RD", ("RESTRICTED DATA",)),
        ("FRD", ("FORMERLY RESTRICTED DATA",)),
        ("CNWDI", ("CRITICAL NUCLEAR WEAPON DESIGN INFORMATION",)),
        ("DOD UCNI", ("DCNI", "DOD CONTROLLED NUCLEAR INFORMATION")),
        ("DOE UCNI", ("UCNI", "DOE CONTROLLED NUCLEAR INFORMATION")),
        ("TFNI", ("TRANSCLASSIFIED FOREIGN NUCLEAR INFORMATION",)),
    ),
    FGI: (("FGI", ("FOREIGN GOVERNMENT INFORMATION",)),),
    DISSEM: (
        ("RSEN", ("RISK SENSITIVE", "RS")),
        ("FOUO", ("FOR OFFICIAL USE ONLY",)),
        ("ORCON", ("ORIGINATOR CONTROLLED", "OC")),
        ("ORCON-USGOV", ("OC-USGOV",)),
        ("IMCON", ("CONTROLLED IMAGERY", "IMC")),
        ("SAMI", ("SOURCES AND METHODS INFORMATION",)),
        ("NOFORN", ("NOT RELEASABLE TO FOREIGN NATIONALS", "NF")),
        ("PROPIN", ("CAUTION-PROPRIETARY INFORMATION INVOLVED", "PR")),
        ("RELIDO", ("RELEASABLE BY INFORMATION DISCLOSURE OFFICIAL",)),
        ("DSEN", ("DEA SENSITIVE",)),
        ("FISA", ("FOREIGN INTELLIGENCE SURVEILLANCE ACT",)),
        ("REL", ()),  # a portion's "REL": the banner's country list applies
    ),
    NON_IC: (
        ("LIMDIS", ("LIMITED DISTRIBUTION", "DS")),
        ("EXDIS", ("EXCLUSIVE DISTRIBUTION", "XD")),
        ("NODIS", ("NO DISTRIBUTION", "ND")),
        ("SBU", ("SENSITIVE BUT UNCLASSIFIED",)),
        ("SBU NOFORN", ("SBU-NF", "SENSITIVE BUT UNCLASSIFIED NOFORN")),
        ("LES", ("LAW ENFORCEMENT SENSITIVE",)),
        ("LES NOFORN", ("LES-NF", "LAW ENFORCEMENT SENSITIVE NOFORN")),
        ("SSI", ("SENSITIVE SECURITY INFORMATION",)),
    ),
}
# Every form of every entry, upper case, single-spaced -> its banner form.
_FORMS: dict[str, str] = {
    form: banner
    for entries in CONTROLS.values()
    for banner, others in entries
    for form in (banner, *others)
}
# The SCI systems take compartments after a hyphen ("SI-G", "HCS-P", "SI-G ABCD").
_SCI_SYSTEMS = tuple(b for b, _ in CONTROLS[SCI])
_COMPARTMENTS = re.compile(r"(?:-[A-Z0-9]{1,10}(?: [A-Z0-9]{1,10})*)+")
# A special access program: "SAR-" (or the title) and its name or nickname.
_SAP = re.compile(r"(?:SAR|SPECIAL ACCESS REQUIRED)-[A-Z0-9][A-Z0-9 -]{0,30}")
# Atomic energy markings with a sigma number ("RD-SIGMA 14", "FRD-SIGMA 1 2") or CNWDI.
_AEA_SIGMA = re.compile(r"(?:RD|FRD)-(?:SIGMA(?: \d{1,2})+|CNWDI|N)")
# Controls that take a list of country codes (ISO 3166 trigraphs, tetragraphs such as FVEY, NATO):
# "REL TO USA, GBR" (USA first), "DISPLAY ONLY AFG", "FGI DEU".
_LISTED = re.compile(r"(REL TO|DISPLAY ONLY|FGI) (.+)")
_CODE = re.compile(r"[A-Z]{3,4}")

_PORTION_LEVELS = {"U": "UNCLASSIFIED", "C": "CONFIDENTIAL", "S": "SECRET", "TS": "TOP SECRET"}

# What OCR reads for a capital (rendered banners read by Tesseract, module docstring): a digit
# or a sign of the same shape. Applied to a part only to compare it with the register's forms.
_LOOKALIKE = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "S", "$": "S", "|": "I", "€": "E"})
# Letters OCR reads for another in these capitals (F/E/P, I/T, O/C/Q/D), for two-letter codes,
# where one slip is half the word: a code is read through one such slip, no other.
_SLIPS = {"I": "TL1|", "T": "I1", "F": "EP", "O": "CQD0", "S": "58$", "K": "X", "C": "G"}

# The separators OCR makes of "//" and "/": slashes with spaces, a backslash, a bar, "/7" and
# "/{" (the second stroke read as a figure or brace), and "II" / "ll" between capitals.
_SEP = re.compile(
    r"\s*(?:(?<=[A-Za-z])/7(?=[A-Z])|[/\\|]\s*[/\\|{]?|(?<=[A-Z])\s*(?:II|ll|Il|lI)\s*(?=[A-Z]))\s*"
)
_SPECKS = str.maketrans({"‘": None, "’": None, "'": None, "`": None, "~": "-"})


@dataclass(frozen=True, slots=True)
class Marking:
    """A classification marking read by the register's grammar.

    ``level``: "UNCLASSIFIED", "CONFIDENTIAL", "SECRET" or "TOP SECRET". ``controls``: the
    controls after it in the banner's abbreviation (``CONTROLS``'s first form: "NOFORN" for "NF",
    "FOUO" for "FOR OFFICIAL USE ONLY"; "SI-G", "SAR-BP", "REL TO USA, GBR" as written), in the
    order printed. ``portion``: read as a portion mark ("(S//NF)") rather than a banner line.
    """

    level: str
    controls: tuple[str, ...]
    portion: bool = False


def capco_line(text: str) -> Marking | None:
    """The marking a whole line is, in the register's format (level, "//", controls), or None.

    Debris at the line's ends is ignored; the line must be in capitals (a slip or two aside):

    >>> capco_line("TOP SECRET//SI//TK//NOFORN")
    Marking(level='TOP SECRET', controls=('SI', 'TK', 'NOFORN'), portion=False)
    >>> capco_line("- UNCLASSIFIED//FOR OFFICIAL USE ONLY -").controls
    ('FOUO',)
    >>> capco_line("CONFIDENTIAL//REL TO USA, GBR").controls
    ('REL TO USA, GBR',)

    Through OCR's slips (rendered lines read by Tesseract, module docstring):

    >>> capco_line("SECRET / /ORCON/NOFORN").controls, capco_line("SECRET//S1//NOFORE").controls
    (('ORCON', 'NOFORN'), ('SI', 'NOFORN'))
    >>> capco_line("UNCLASSIF IED//FOU0").level, capco_line("SECRETIINOFORN").level
    ('UNCLASSIFIED', 'SECRET')

    A level alone, an unknown word after the slashes, a sentence: None.

    >>> capco_line("SECRET"), capco_line("SECRET//MOSCOW"), capco_line("It was SECRET//NOFORN")
    (None, None, None)
    """
    core = text.strip(_ENDS + " \t")
    if not core or _lower_share(core) > 0.25:
        return None
    parts = _SEP.split(core)
    if len(parts) < 2 or not all(p.strip() for p in parts):
        return None
    level = _banner_level(parts[0])
    if level is None:
        return None
    controls = _controls(parts[1:])
    return Marking(level, controls) if controls else None


_PORTION_OPEN = re.compile(r"\s*[(\[{]([^()\[\]{}]{1,80}?)[)\]}]")


def portion_mark(text: str) -> tuple[Marking, int] | None:
    """The portion mark a line opens with, in the register's format, and where it ends (the
    offset after its closing bracket), or None. A level alone ("(S)") is not read here: the
    older patterns know it, and a list's "(a)" looks the same.

    >>> portion_mark("(S//NF) The source reported.")
    (Marking(level='SECRET', controls=('NOFORN',), portion=True), 7)
    >>> portion_mark("(TS//SI//REL TO USA, FVEY) Collection.")[0].controls
    ('SI', 'REL TO USA, FVEY')
    >>> portion_mark("(u/ /EOUO) The meeting")[0], portion_mark("(S) The talks") is None
    (Marking(level='UNCLASSIFIED', controls=('FOUO',), portion=True), True)
    >>> portion_mark("(see the report) for") is None
    True
    """
    m = _PORTION_OPEN.match(text)
    if m is None:
        return None
    parts = _SEP.split(m.group(1).strip())
    if len(parts) < 2 or not all(p.strip() for p in parts):
        return None
    level = _portion_level(parts[0])
    if level is None:
        return None
    controls = _controls(parts[1:])
    if not controls:
        return None
    return Marking(level, controls, True), m.end()


def _lower_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.islower() for c in letters) / len(letters) if letters else 1.0


def _banner_level(part: str) -> str | None:
    """The level a banner's first part names, and only a level ("SECRET NOFORN" is no first
    part): read through a slip per five letters (one for SECRET: "GECRET", "CONEIDENTIAL",
    "UNCLASSTFIED"; not "SECRETARY"), letter-spacing ("UNCLASSIF IED") and a "TOP" with one
    slip ("FOP SECRET": before "//" and a control the line is a banner)."""
    words = part.strip(_ENDS + " ").upper().replace("_", " ").split()
    if not words:
        return None
    top = len(words) >= 2 and len(words[0]) == 3 and Levenshtein.distance(words[0], "TOP") <= 1
    if top and _level_word("".join(words[1:])) == "SECRET":
        return "TOP SECRET"
    return _level_word("".join(words))


def _level_word(word: str) -> str | None:
    word = word.translate(_LOOKALIKE)
    for level in ("UNCLASSIFIED", "CONFIDENTIAL", "SECRET"):
        if Levenshtein.distance(word, level) <= max(1, len(level) // 5):
            return level
    return None


def _portion_level(part: str) -> str | None:
    """The level a portion mark's abbreviation names ("S", "TS"), read through one look-alike
    per letter ("8", "T8", "1S"; "u" and "0" for "U", a small "s" for "S")."""
    code = part.strip()
    if code in _PORTION_LEVELS:
        return _PORTION_LEVELS[code]
    if len(code) == 1:
        c = {"u": "U", "0": "U", "s": "S", "8": "S", "5": "S", "c": "C"}.get(code)
        return _PORTION_LEVELS.get(c) if c else None
    if len(code) == 2 and code[0] in "T1I7" and code[1] in "S58$":
        return "TOP SECRET"
    return None


def _controls(parts: list[str]) -> tuple[str, ...]:
    """The controls of a marking's parts after its level, each read as a register entry (the
    empty tuple when any part is not one)."""
    out: list[str] = []
    for part in parts:
        control = _control(" ".join(part.upper().split()))
        if control is None:
            return ()
        out.append(control)
    return tuple(out)


def _control(part: str) -> str | None:
    """One control, in its banner form, read through OCR's slips; None for anything else."""
    # A quote or tilde is a speck or a hyphen OCR read so ("REL ‘TO", "SI~G").
    part = part.translate(_SPECKS).strip(_ENDS + " ").replace(";", ",")
    if not part:
        return None
    listed = _listed(part)
    if listed is not None:
        return listed
    for form in (part, part.translate(_LOOKALIKE), part.replace(" ", "")):
        if form in _FORMS:
            return _FORMS[form]
    if _SAP.fullmatch(part) or _AEA_SIGMA.fullmatch(part):
        return part  # a program's name or a sigma number, as printed
    base = part.translate(_LOOKALIKE)
    sci = _sci(base)
    if sci is not None:
        return sci
    return _slipped(base)


def _sci(part: str) -> str | None:
    """An SCI control system with its compartments ("SI-G", "HCS-P", "S1-G" read "SI-G")."""
    m = re.fullmatch(r"([A-Z]{2,3})\s?(-.*)", part)
    if m is None:
        return None
    system = m.group(1) if m.group(1) in _SCI_SYSTEMS else _slipped_code(m.group(1), _SCI_SYSTEMS)
    rest = m.group(2).replace(" -", "-").replace("- ", "-")
    if system is None or not _COMPARTMENTS.fullmatch(rest):
        return None
    return system + rest


def _listed(part: str) -> str | None:
    """A control with its list of country codes: "REL TO USA, GBR" ("REL 10 USA; GBR" as OCR
    reads it), "DISPLAY ONLY AFG", "FGI DEU GBR"; the codes as printed, joined by ", "."""
    head = re.sub(r"^REL (?:TO|T0|10|IO|1O)\b", "REL TO", part)
    m = _LISTED.fullmatch(head)
    if m is None:
        return None
    codes = [c for c in re.split(r"[\s,.]+", m.group(2)) if c]
    if not codes or not all(_CODE.fullmatch(c) for c in codes):
        return None
    if m.group(1) == "REL TO" and codes[0] != "USA":
        return None  # the register puts USA first
    return f"{m.group(1)} {', '.join(codes)}"


def _slipped(part: str) -> str | None:
    """A form read with OCR's slips (``part`` in its look-alike reading): a word of four letters
    or more within ``_near`` of one form; a two- or three-letter code through one slip of
    ``_SLIPS`` only; a title of several words by rapidfuzz ratio 90 ("LAW ENFORCEMEND
    SENSITIVE")."""
    if " " in part:
        titles = [f for f in _FORMS if " " in f]
        best = max(titles, key=lambda f: fuzz.ratio(part, f))
        return _FORMS[best] if fuzz.ratio(part, best) >= 90 else None
    if len(part) <= 3:
        return _slipped_code(part, tuple(f for f in _FORMS if len(f) == len(part)))
    hits = [f for f in _FORMS if " " not in f and len(f) >= 4 and _near(part, f)]
    if len(hits) == 1 or len({_FORMS[f] for f in hits}) == 1:
        return _FORMS[hits[0]] if hits else None
    return None


def _near(word: str, form: str) -> bool:
    """Is ``word`` ``form`` read with OCR's slips: at most one edit per five letters, or, at the
    same length, that many other letters and look-alikes of ``_SLIPS`` ("NOEORE": E for F)
    together at most one letter in three? A word of four letters takes a look-alike only
    ("FOUC" is FOUO, "FOUR" is not)."""
    allowed = len(form) // 5
    if len(word) != len(form):
        return Levenshtein.distance(word, form) <= allowed
    diff = [(a, b) for a, b in zip(form, word, strict=True) if a != b]
    other = sum(1 for a, b in diff if b not in _SLIPS.get(a, ""))
    return other <= allowed and len(diff) <= max(allowed, len(form) // 3)


def _slipped_code(code: str, forms: tuple[str, ...]) -> str | None:
    """The one form of ``forms`` that ``code`` is with one letter read as a look-alike."""
    hits = []
    for form in forms:
        if len(form) != len(code):
            continue
        diff = [(a, b) for a, b in zip(form, code, strict=True) if a != b]
        if len(diff) == 1 and diff[0][1] in _SLIPS.get(diff[0][0], ""):
            hits.append(form)
    if len(hits) != 1:
        return None
    return _FORMS.get(hits[0], hits[0])
