"""Render text as FOIA-style page scans, with exact ground truth.

The tests, the bundled sample in ``scans/`` and the benchmark all use this one generator:
``render()`` lays text out on letter pages in a typewriter/teletype face, adds the *furniture*
of a release style (classification banners, page numbers, release and case stamps copied from
real forms in ``/work/shared/corpus/stamps.tsv`` and the seed cable) and degrades each page by a
named tier, from ``clean`` (plain Tesseract reads it nearly perfectly) to ``extreme`` (plain
Tesseract reads almost nothing; denoising plus adaptive binarisation recovers it).

Everything is a pure function of (text, style, tier, font, seed, dpi, spacing): randomness
comes only from ``numpy.random.default_rng`` seeded with that tuple's seed, so the same call
gives byte-identical images, and the writers below keep files byte-identical too.

Ground truth comes back with the images: per page the body lines and the furniture lines
(with their kind) exactly as drawn, plus the whole body text, so the benchmark can count
furniture left in and body lines lost.

Command line: ``python -m bench.synth sample --out scans/`` and
``python -m bench.synth render GOLD.txt --style S --tier T --out DIR``.
"""

from __future__ import annotations

import io
import json
import logging
import shutil
import textwrap
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from enum import Enum, StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

import cv2
import numpy as np
import typer
from PIL import Image, ImageDraw, ImageFont

log = logging.getLogger(__name__)

GOLD_DIR = Path(__file__).resolve().parent / "gold"
SEED_OCR = Path("/work/shared/seeds/000_e7f3cb81f3699479.txt")

PAGE_W_IN = 8.5  # US letter
PAGE_H_IN = 11.0
BODY_LEFT_IN = 1.0
BODY_WIDTH_IN = 6.5  # 65 columns of 10-pitch (pica) type, the width of a typed cable
BODY_PT = 12.0  # pica typewriter: 10 characters and 6 lines per inch
LINE_PITCH_IN = 1 / 6


class Style(StrEnum):
    """Named sets of page furniture, each modelled on real release forms."""

    STATE_FOIA = "state-foia"  # State reading room: banners, page no., case footer, release stamp
    TELETYPE = "teletype"  # 1970s telegram printout: caps, PAGE nn header per page
    CIA_CREST = "cia-crest"  # CREST: "Approved For Release ... : CIA-RDP..." top and bottom
    JFK_NARA = "jfk-nara"  # NARA JFK records: "NW nnnnn DocId:nnnnnnnn Page n" footer
    FL_BATES = "fl-bates"  # newer State production: FL- case and Bates number per page (seed)
    NONE = "none"  # body only: a control with nothing to strip


class Tier(StrEnum):
    """How badly the page was copied and scanned."""

    CLEAN = "clean"
    MEDIUM = "medium"
    HARD = "hard"
    EXTREME = "extreme"


class Font(StrEnum):
    FREEMONO = "freemono"
    LIBERATION_MONO = "liberation-mono"
    NIMBUS_MONO = "nimbus-mono"
    DEJAVU_MONO = "dejavu-mono"


class Spacing(StrEnum):
    SINGLE = "single"
    DOUBLE = "double"


class FurnitureKind(StrEnum):
    BANNER = "banner"  # classification marking: CONFIDENTIAL, SECRET/NOFORN
    PAGE_NUMBER = "page-number"  # 2, - 2 -, Page 2 of 4
    RELEASE_STAMP = "release-stamp"  # RELEASE IN PART / B6, CREST and JFK release lines
    CASE_STAMP = "case-stamp"  # case and document ids: State footer, FL Bates, NW DocId
    TELETYPE_HEADER = "teletype-header"  # CONFIDENTIAL  PAGE 02  STATE 214587 141230Z


# --------------------------------------------------------------------------------------------
# Fonts, found by known paths (Debian/Ubuntu packages first, then Fedora/Arch/macOS spellings).


class FontNotFoundError(FileNotFoundError):
    """No file for a requested face; the message says which package provides it."""


_FONT_FILES: dict[Font, tuple[str, ...]] = {
    Font.FREEMONO: (
        "/usr/share/fonts/truetype/freefont/FreeMono.ttf",
        "/usr/share/fonts/gnu-free/FreeMono.otf",
        "/usr/share/fonts/TTF/FreeMono.ttf",
    ),
    Font.LIBERATION_MONO: (
        "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
        "/usr/share/fonts/liberation-mono/LiberationMono-Regular.ttf",
        "/usr/share/fonts/TTF/LiberationMono-Regular.ttf",
    ),
    Font.NIMBUS_MONO: (
        "/usr/share/fonts/opentype/urw-base35/NimbusMonoPS-Regular.otf",
        "/usr/share/fonts/urw-base35/NimbusMonoPS-Regular.otf",
    ),
    Font.DEJAVU_MONO: (
        "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
        "/usr/share/fonts/dejavu-sans-mono-fonts/DejaVuSansMono.ttf",
        "/usr/share/fonts/TTF/DejaVuSansMono.ttf",
        "/Library/Fonts/DejaVuSansMono.ttf",
    ),
}
_FONT_PACKAGES = {
    Font.FREEMONO: "fonts-freefont-ttf",
    Font.LIBERATION_MONO: "fonts-liberation",
    Font.NIMBUS_MONO: "fonts-urw-base35",
    Font.DEJAVU_MONO: "fonts-dejavu-core",
}
# Bold faces for banners; the regular face drawn with a stroke stands in when one is missing.
_BOLD_NAMES = {
    "FreeMono.ttf": "FreeMonoBold.ttf",
    "FreeMono.otf": "FreeMonoBold.otf",
    "LiberationMono-Regular.ttf": "LiberationMono-Bold.ttf",
    "NimbusMonoPS-Regular.otf": "NimbusMonoPS-Bold.otf",
    "DejaVuSansMono.ttf": "DejaVuSansMono-Bold.ttf",
}
# Stamps and digital overlays are set in a sans face, as the real ones are.
_SANS_FILES = (
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/opentype/urw-base35/NimbusSans-Regular.otf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
_SANS_BOLD_FILES = (
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/opentype/urw-base35/NimbusSans-Bold.otf",
    "/usr/share/fonts/truetype/freefont/FreeSansBold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
)
FONT_PREFERENCE = (Font.FREEMONO, Font.LIBERATION_MONO, Font.NIMBUS_MONO, Font.DEJAVU_MONO)


def font_path(font: Font | str) -> Path:
    """The file of a monospace face; FontNotFoundError names the package to install."""
    font = Font(font)
    for candidate in _FONT_FILES[font]:
        if Path(candidate).is_file():
            return Path(candidate)
    raise FontNotFoundError(
        f"font {font.value!r} not found (looked in {', '.join(_FONT_FILES[font])}); "
        f"install it with: sudo apt-get install {_FONT_PACKAGES[font]}"
    )


def available_fonts() -> tuple[Font, ...]:
    """The faces that can be used here, in order of preference."""
    return tuple(f for f in FONT_PREFERENCE if any(Path(p).is_file() for p in _FONT_FILES[f]))


def default_font() -> Font:
    """FreeMono, else Liberation Mono, Nimbus Mono PS, and DejaVu Sans Mono as the fallback."""
    found = available_fonts()
    if not found:
        packages = " ".join(_FONT_PACKAGES[f] for f in FONT_PREFERENCE)
        raise FontNotFoundError(
            f"no monospace font found; install one with: sudo apt-get install {packages}"
        )
    return found[0]


def _first_file(paths: Iterable[str]) -> Path | None:
    return next((Path(p) for p in paths if Path(p).is_file()), None)


@lru_cache(maxsize=64)
def _load_font(path: str, size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size_px)


@dataclass(frozen=True)
class _Faces:
    """Resolved font files for one rendering: body, bold body, sans and bold sans."""

    body: Path
    body_bold: Path | None
    sans: Path
    sans_bold: Path

    @classmethod
    def resolve(cls, font: Font) -> _Faces:
        body = font_path(font)
        bold = body.with_name(_BOLD_NAMES.get(body.name, body.name))
        return cls(
            body=body,
            body_bold=bold if bold.is_file() and bold != body else None,
            sans=_first_file(_SANS_FILES) or body,
            sans_bold=_first_file(_SANS_BOLD_FILES) or body,
        )


# --------------------------------------------------------------------------------------------
# Ground truth


Box = tuple[int, int, int, int]  # left, top, width, height in page pixels (as BBox.to_list)


@dataclass(frozen=True)
class BodyLine:
    """One line of body text as drawn; ``paragraph`` indexes the logical line it came from."""

    text: str
    box: Box
    paragraph: int


@dataclass(frozen=True)
class FurnitureLine:
    """One line of page furniture as drawn. ``digital`` overlays were stamped onto the scan
    after copying (State footer, Bates and NW numbers), so they are crisp and not skewed."""

    kind: FurnitureKind
    text: str
    box: Box
    digital: bool = False


@dataclass(frozen=True)
class Degradation:
    """What a tier did to one page; sizes are pixels at the page's DPI."""

    skew_deg: float = 0.0
    blur_sigma: float = 0.0
    ink_spread: int = 0  # strokes thickened by this many pixels (photocopy toner spread)
    paper: int = 255  # background grey level before shading and noise
    ink: int = 0  # darkest ink grey level
    typing_jitter: float = 0.0  # per-character offset of a worn typewriter, pixels
    ink_fade: int = 0  # per-character ink variation, grey levels
    shading: float = 0.0  # depth of uneven background, fraction of paper brightness
    edge_shadow: float = 0.0  # dark copier-lid band along one edge, fraction
    noise_sigma: float = 0.0  # gaussian noise, grey levels
    speckle: float = 0.0  # fraction of pixels turned to salt-and-pepper
    jpeg_quality: int = 0  # 0: no JPEG round trip


@dataclass(frozen=True)
class PageTruth:
    """What is on one page. Body and non-digital furniture boxes are before skew, which
    rotates the page by ``degradation.skew_deg`` degrees about its centre."""

    number: int
    width: int
    height: int
    body: tuple[BodyLine, ...]
    furniture: tuple[FurnitureLine, ...]
    degradation: Degradation

    @property
    def body_text(self) -> str:
        return "\n".join(line.text for line in self.body)

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "width": self.width,
            "height": self.height,
            "body": [asdict(b) | {"box": list(b.box)} for b in self.body],
            "furniture": [
                {"kind": f.kind.value, "text": f.text, "box": list(f.box), "digital": f.digital}
                for f in self.furniture
            ],
            "degradation": asdict(self.degradation),
        }


@dataclass(frozen=True, eq=False)
class Page:
    image: Image.Image  # mode "L", dpi in image.info["dpi"]
    truth: PageTruth


@dataclass(frozen=True)
class RenderOptions:
    """Everything that determines the images; strings are accepted for the enums."""

    style: Style = Style.STATE_FOIA
    tier: Tier = Tier.CLEAN
    font: Font = Font.FREEMONO
    seed: int = 0
    dpi: int = 300
    spacing: Spacing = Spacing.SINGLE

    def __post_init__(self) -> None:
        # Coerce strings so callers and the CLI can pass plain values; frozen needs setattr.
        object.__setattr__(self, "style", Style(self.style))
        object.__setattr__(self, "tier", Tier(self.tier))
        object.__setattr__(self, "font", Font(self.font))
        object.__setattr__(self, "spacing", Spacing(self.spacing))
        if not 72 <= self.dpi <= 1200:
            raise ValueError(f"dpi must be between 72 and 1200, got {self.dpi}")
        if self.seed < 0:
            raise ValueError(f"seed must be >= 0, got {self.seed}")

    def to_dict(self) -> dict[str, Any]:
        return {k: (v.value if isinstance(v, Enum) else v) for k, v in asdict(self).items()}


@dataclass(frozen=True, eq=False)
class Rendering:
    """A rendered document: page images with their truth, and the body text as one string
    (the logical lines after typewriter normalisation, paragraphs unwrapped)."""

    options: RenderOptions
    pages: tuple[Page, ...]
    body_text: str
    identity: dict[str, str] = field(default_factory=dict)  # the document's invented ids

    @property
    def images(self) -> list[Image.Image]:
        return [p.image for p in self.pages]

    def to_dict(self) -> dict[str, Any]:
        return {
            "options": self.options.to_dict(),
            "identity": dict(self.identity),
            "body_text": self.body_text,
            "pages": [p.truth.to_dict() for p in self.pages],
        }


# --------------------------------------------------------------------------------------------
# Text


_TYPEWRITER = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u2013": "-",
        "\u2014": "--",
        "\u2026": "...",
        "\u00a0": " ",
        "\t": "    ",
    }
)


def typewriter_text(text: str) -> str:
    """Fold text to what a 1960s-90s typewriter or teleprinter could print.

    Curly quotes and dashes become ASCII, accents are dropped (typewriters had none), other
    non-ASCII becomes ``?``; trailing spaces go, runs of blank lines become one.

    >>> typewriter_text("communiqu\\u00e9 \\u201cclear\\u201d \\u2014 ok\\n\\n\\n\\nend")
    'communique "clear" -- ok\\n\\nend'
    """
    text = unicodedata.normalize("NFC", text).translate(_TYPEWRITER)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = "".join(c if c.isascii() and (c.isprintable() or c == "\n") else "?" for c in text)
    out: list[str] = []
    for line in text.splitlines():
        line = line.rstrip()
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def wrap_lines(text: str, columns: int) -> list[tuple[str, int] | None]:
    """Word-wrap each logical line to ``columns``; short lines (headers) stay as they are.

    Returns drawn lines as ``(text, logical line index)`` with ``None`` for a blank line.
    Typists did not hyphenate, so words are never split unless longer than a line.
    """
    out: list[tuple[str, int] | None] = []
    for index, logical in enumerate(text.split("\n")):
        if not logical.strip():
            out.append(None)
            continue
        indent = len(logical) - len(logical.lstrip(" "))
        wrapper = textwrap.TextWrapper(
            width=columns,
            initial_indent=" " * min(indent, columns // 2),
            break_long_words=True,
            break_on_hyphens=False,
        )
        out.extend((piece, index) for piece in wrapper.wrap(logical.strip()))
    return out


# --------------------------------------------------------------------------------------------
# Furniture: each style turns a document identity into marks for each page.


@dataclass(frozen=True)
class _Mark:
    """A line of furniture to draw. ``y_in`` is the top of the text; ``x_in`` is the left
    edge, the centre or the right edge by ``align``."""

    kind: FurnitureKind
    text: str
    y_in: float
    align: str = "center"  # left | center | right
    x_in: float | None = None
    face: str = "body-bold"  # body | body-bold | sans | sans-bold
    size_pt: float = BODY_PT
    digital: bool = False


@dataclass(frozen=True)
class _Stamp:
    """A rubber stamp: lines in a ruled box, slightly rotated, in lighter ink."""

    kind: FurnitureKind
    lines: tuple[str, ...]
    right_in: float
    top_in: float
    angle: float
    size_pt: float = 13.0


@dataclass(frozen=True)
class _Frame:
    """Where the body goes on page 1 and later pages, in inches from the top."""

    first_top: float = 1.15
    top: float = 1.15
    bottom: float = 9.75


def _classification(rng: np.random.Generator, choices: Sequence[tuple[str, float]]) -> str:
    names = [c[0] for c in choices]
    weights = np.array([c[1] for c in choices], dtype=float)
    return names[int(rng.choice(len(names), p=weights / weights.sum()))]


def _date(rng: np.random.Generator, first_year: int, last_year: int) -> tuple[int, int, int]:
    return (
        int(rng.integers(first_year, last_year + 1)),
        int(rng.integers(1, 13)),
        int(rng.integers(1, 29)),
    )


@dataclass(frozen=True)
class _StyleSpec:
    """A style: its frame, a function inventing the document's ids from the seed, and one
    giving the marks of page ``n`` of ``total``."""

    frame: _Frame
    identity: Callable[[np.random.Generator], dict[str, str]]
    marks: Callable[[dict[str, str], int, int], list[_Mark | _Stamp]]
    upper: bool = False


def _state_identity(rng: np.random.Generator) -> dict[str, str]:
    case_year = int(rng.integers(1998, 2020))
    ry, rm, rd = _date(rng, case_year + 1, 2023)
    if rng.random() < 0.5:
        release = "RELEASE IN FULL"
        exemptions = ""
    else:
        release = "RELEASE IN PART"
        pool = ["B1", "B5", "B6", "1.4(B)", "1.4(D)"]
        picked = sorted(rng.choice(len(pool), size=int(rng.integers(1, 4)), replace=False))
        exemptions = ", ".join(pool[i] for i in picked)
    return {
        "classification": _classification(
            rng, [("CONFIDENTIAL", 0.6), ("SECRET", 0.3), ("LIMITED OFFICIAL USE", 0.1)]
        ),
        "case": f"F-{case_year}-{int(rng.integers(1, 20000)):05d}",
        "doc": f"C{int(rng.integers(5_000_000, 7_000_000)):08d}",
        "date": f"{rm:02d}/{rd:02d}/{ry}",
        "release": release,
        "exemptions": exemptions,
        "page_format": str(rng.choice(["{n}", "- {n} -"])),
        "page_at": str(rng.choice(["top", "bottom"])),
        "stamp_angle": f"{rng.uniform(-3, 3):.2f}",
    }


def _state_marks(ids: dict[str, str], page: int, total: int) -> list[_Mark | _Stamp]:
    cls = ids["classification"]
    marks: list[_Mark | _Stamp] = [
        _Mark(FurnitureKind.BANNER, cls, 0.45),
        _Mark(FurnitureKind.BANNER, cls, 10.1),
        _Mark(
            FurnitureKind.CASE_STAMP,
            f"UNCLASSIFIED U.S. Department of State Case No. {ids['case']} "
            f"Doc No. {ids['doc']} Date: {ids['date']}",
            10.5,
            face="sans",
            size_pt=9.0,
            digital=True,
        ),
    ]
    if page > 1:  # the first page of a telegram carries no number
        y = 0.78 if ids["page_at"] == "top" else 9.82
        marks.append(
            _Mark(
                FurnitureKind.PAGE_NUMBER,
                ids["page_format"].format(n=page),
                y,
                "center",
                face="body",
            )
        )
    if page == 1:
        lines = (ids["release"], ids["exemptions"]) if ids["exemptions"] else (ids["release"],)
        marks.append(
            _Stamp(FurnitureKind.RELEASE_STAMP, lines, 7.6, 0.15, float(ids["stamp_angle"]))
        )
    return marks


_POSTS = ("STATE", "TEHRAN", "MOSCOW", "BEIRUT", "GENEVA", "LONDON", "PARIS", "KUWAIT", "BAKU")


def _teletype_identity(rng: np.random.Generator) -> dict[str, str]:
    post = str(rng.choice(_POSTS))
    number = int(rng.integers(1000, 300000)) if post == "STATE" else int(rng.integers(100, 9999))
    return {
        "classification": _classification(
            rng, [("CONFIDENTIAL", 0.5), ("SECRET", 0.3), ("LIMITED OFFICIAL USE", 0.2)]
        ),
        # Department telegrams carry six digits, posts' five with leading zeros.
        "reference": f"{post} {number:06d}" if post == "STATE" else f"{post} {number:05d}",
        "dtg": f"{int(rng.integers(1, 29)):02d}{int(rng.integers(0, 24)):02d}"
        f"{int(rng.integers(0, 60)):02d}Z",
    }


def _teletype_marks(ids: dict[str, str], page: int, total: int) -> list[_Mark | _Stamp]:
    cls = ids["classification"]
    # Fixed columns, as the teleprinter put them: classification, PAGE nn, reference + DTG.
    header = f"{cls:<24}PAGE {page:02d}{'':<8}{ids['reference']} {ids['dtg']}"
    return [
        _Mark(FurnitureKind.BANNER, cls, 0.4),
        _Mark(FurnitureKind.TELETYPE_HEADER, header, 0.75, "left", BODY_LEFT_IN, face="body"),
        _Mark(FurnitureKind.BANNER, cls, 10.15),
    ]


def _crest_identity(rng: np.random.Generator) -> dict[str, str]:
    ry, rm, rd = _date(rng, 1999, 2017)
    series = int(rng.integers(75, 100))
    sep = str(rng.choice(["-", "-", "T", "B", "X"]))
    rdp = (
        f"CIA-RDP{series:02d}{sep}{int(rng.integers(1, 1500)):05d}"
        f"{rng.choice(['R', 'A'])}{int(rng.integers(1, 40)):04d}{int(rng.integers(1, 400)):04d}"
        f"{int(rng.integers(1, 60)):04d}-{int(rng.integers(0, 10))}"
    )
    prefix = (
        "Approved For Release"
        if rng.random() < 0.7
        else "Declassified in Part - Sanitized Copy Approved for Release"
    )
    return {
        "release_line": f"{prefix} {ry}/{rm:02d}/{rd:02d} : {rdp}",
        "classification": _classification(
            rng, [("SECRET", 0.6), ("SECRET/NOFORN", 0.2), ("CONFIDENTIAL", 0.2)]
        ),
    }


def _crest_marks(ids: dict[str, str], page: int, total: int) -> list[_Mark | _Stamp]:
    cls = ids["classification"]
    line = ids["release_line"]
    return [
        _Mark(FurnitureKind.RELEASE_STAMP, line, 0.3, face="body", size_pt=10.0),
        _Mark(FurnitureKind.BANNER, cls, 0.62),
        _Mark(
            FurnitureKind.PAGE_NUMBER, f"Page {page} of {total}", 9.85, face="body", size_pt=11.0
        ),
        _Mark(FurnitureKind.BANNER, cls, 10.15),
        _Mark(FurnitureKind.RELEASE_STAMP, line, 10.5, face="body", size_pt=10.0),
    ]


# NARA's JFK release tranches.
_JFK_RELEASES = ("10-26-2017", "04-26-2018", "12-15-2021", "12-15-2022", "06-30-2023", "03-18-2025")


def _jfk_identity(rng: np.random.Generator) -> dict[str, str]:
    return {
        "nw": f"{int(rng.integers(10000, 99999))}",
        "docid": f"{int(rng.integers(32100000, 32500000))}",
        "date": str(rng.choice(_JFK_RELEASES)),
        # An excerpt of a longer record starts at a later page of it.
        "first_page": str(1 if rng.random() < 0.7 else int(rng.integers(2, 30))),
        "classification": _classification(rng, [("SECRET", 0.7), ("SECRET/NOFORN", 0.3)]),
        "wrap": str(rng.choice(["2", "4"])),
    }


def _jfk_marks(ids: dict[str, str], page: int, total: int) -> list[_Mark | _Stamp]:
    cls = ids["classification"]
    footer = f"NW {ids['nw']} DocId:{ids['docid']} Page {page + int(ids['first_page']) - 1}"
    marks: list[_Mark | _Stamp] = [
        _Mark(FurnitureKind.BANNER, cls, 0.6),
        _Mark(FurnitureKind.BANNER, cls, 10.1),
        _Mark(FurnitureKind.CASE_STAMP, footer, 10.55, "left", 0.6, "sans", 9.0, digital=True),
    ]
    if page == 1:
        act = "Released under the John F. Kennedy Assassination Records Collection Act"
        case = f"Case#:NW {ids['nw']} Date: {ids['date']}"
        if ids["wrap"] == "2":
            lines = [act, f"of 1992 (44 USC 2107 Note). {case}"]
        else:
            lines = [
                "Released under the John F. Kennedy",
                "Assassination Records Collection Act of",
                "1992 (44 USC 2107 Note).",
                case,
            ]
        y = 0.3 if len(lines) == 2 else 0.12
        for i, text in enumerate(lines):
            marks.append(
                _Mark(
                    FurnitureKind.RELEASE_STAMP, text, y + 0.14 * i, "left", 0.6, "sans", 8.0, True
                )
            )
    return marks


def _bates_identity(rng: np.random.Generator) -> dict[str, str]:
    case_year = int(rng.integers(2014, 2021))
    ry, rm, rd = _date(rng, 2021, 2024)
    return {
        "case": f"FL-{case_year}-{int(rng.integers(1, 20000)):05d}",
        "prefix": str(rng.choice(["A", "B"])),
        "first_bates": str(int(rng.integers(100_000, 3_000_000_000))),
        "date": f"{rm}/{rd}/{ry}",
        "classification": _classification(rng, [("CONFIDENTIAL", 0.7), ("SECRET", 0.3)]),
    }


def _bates_marks(ids: dict[str, str], page: int, total: int) -> list[_Mark | _Stamp]:
    cls = ids["classification"]
    bates = f"{ids['prefix']}-{int(ids['first_bates']) + page - 1:011d}"  # one number a page
    marks: list[_Mark | _Stamp] = [
        _Mark(
            FurnitureKind.CASE_STAMP,
            f'{ids["case"]} {bates} "UNCLASSIFIED" {ids["date"]}',
            0.3,
            "left",
            0.6,
            "sans",
            9.0,
            digital=True,
        ),
        _Mark(FurnitureKind.BANNER, cls, 0.6),
        _Mark(FurnitureKind.BANNER, cls, 10.15),
    ]
    if page > 1:
        marks.append(_Mark(FurnitureKind.PAGE_NUMBER, str(page), 0.9, face="body"))
    return marks


_STYLES: dict[Style, _StyleSpec] = {
    Style.STATE_FOIA: _StyleSpec(_Frame(first_top=1.25, top=1.15), _state_identity, _state_marks),
    Style.TELETYPE: _StyleSpec(_Frame(top=1.15), _teletype_identity, _teletype_marks, upper=True),
    Style.CIA_CREST: _StyleSpec(_Frame(top=1.0, bottom=9.6), _crest_identity, _crest_marks),
    Style.JFK_NARA: _StyleSpec(_Frame(first_top=1.25, top=1.0), _jfk_identity, _jfk_marks),
    Style.FL_BATES: _StyleSpec(_Frame(top=1.25), _bates_identity, _bates_marks),
    Style.NONE: _StyleSpec(
        _Frame(first_top=1.0, top=1.0, bottom=10.0), lambda rng: {}, lambda i, p, t: []
    ),
}


# --------------------------------------------------------------------------------------------
# Degradation tiers

# Independent random streams per purpose, so e.g. the tier never changes the invented ids.
_RNG_IDENTITY, _RNG_DOC, _RNG_PAGE, _RNG_TYPING = 1, 2, 3, 4


def _tier_params(tier: Tier, doc: np.random.Generator, page: np.random.Generator) -> Degradation:
    """Draw one page's degradation. ``doc`` draws what one copier does to every page
    (contrast, blur, JPEG), ``page`` what differs per sheet (skew, shading, noise)."""
    u = doc.uniform
    skew_sign = 1.0 if page.random() < 0.5 else -1.0
    if tier is Tier.CLEAN:
        return Degradation()
    if tier is Tier.MEDIUM:
        return Degradation(
            skew_deg=round(skew_sign * page.uniform(0.15, 1.0), 3),
            blur_sigma=round(u(0.5, 0.8), 3),
            paper=int(u(232, 246)),
            ink=int(u(20, 40)),
            typing_jitter=0.6,
            ink_fade=25,
            shading=round(page.uniform(0.0, 0.06), 3),
            noise_sigma=round(u(4, 8), 2),
            jpeg_quality=int(u(60, 80)),
        )
    if tier is Tier.HARD:
        return Degradation(
            skew_deg=round(skew_sign * page.uniform(1.2, 2.8), 3),
            blur_sigma=round(u(0.9, 1.2), 3),
            ink_spread=1,
            paper=int(u(195, 220)),
            ink=int(u(25, 50)),
            typing_jitter=1.0,
            ink_fade=30,
            shading=round(page.uniform(0.15, 0.3), 3),
            edge_shadow=round(page.uniform(0.3, 0.6), 3),
            noise_sigma=round(u(12, 18), 2),
            speckle=round(u(0.002, 0.006), 4),
            jpeg_quality=int(u(35, 55)),
        )
    # EXTREME: salt-and-pepper and heavy noise over deep shading. Plain Tesseract reads next
    # to nothing; a median filter plus adaptive thresholding gets most of the text back.
    return Degradation(
        skew_deg=round(skew_sign * page.uniform(1.0, 2.5), 3),
        blur_sigma=round(u(0.9, 1.1), 3),
        ink_spread=1,
        paper=int(u(200, 215)),
        ink=int(u(15, 35)),
        typing_jitter=1.0,
        ink_fade=25,
        shading=round(page.uniform(0.35, 0.5), 3),
        edge_shadow=round(page.uniform(0.3, 0.5), 3),
        noise_sigma=round(u(25, 32), 2),
        speckle=round(u(0.10, 0.16), 4),
        jpeg_quality=int(u(30, 45)),
    )


def degradation_for(tier: Tier | str, *, seed: int, page: int = 1, dpi: int = 300) -> Degradation:
    """The degradation ``render`` gives page ``page`` of a document rendered with ``seed``."""
    return _scaled(
        _tier_params(
            Tier(tier),
            np.random.default_rng([seed, _RNG_DOC]),
            np.random.default_rng([seed, _RNG_PAGE, page]),
        ),
        dpi,
    )


def _scaled(params: Degradation, dpi: int) -> Degradation:
    """Tier sizes are set for 300 DPI; scale the ones measured in pixels."""
    k = dpi / 300.0
    return Degradation(
        **(
            asdict(params)
            | {
                "blur_sigma": round(params.blur_sigma * k, 3),
                "typing_jitter": round(params.typing_jitter * k, 3),
                "ink_spread": round(params.ink_spread * k),
            }
        )
    )


def degrade(image: Image.Image, params: Degradation, rng: np.random.Generator | int) -> Image.Image:
    """Apply a degradation to a clean mode-"L" page (black ink on white); ``rng`` draws the
    shading, noise and speckle."""
    rng = np.random.default_rng(rng)
    if params == Degradation():
        return image.copy()
    img = image
    if params.ink_spread > 0:
        img = Image.fromarray(
            cv2.erode(np.asarray(img), np.ones((2, 2), np.uint8), iterations=params.ink_spread)
        )
    if params.skew_deg:
        img = img.rotate(params.skew_deg, resample=Image.Resampling.BICUBIC, fillcolor=255)
    a = np.asarray(img, dtype=np.float32)
    if params.blur_sigma > 0:
        a = cv2.GaussianBlur(a, (0, 0), params.blur_sigma)
    h, w = a.shape
    # Contrast loss: white paper -> grey paper, black ink -> dark grey.
    ink_share = 1.0 - a / 255.0
    paper = np.full((h, w), float(params.paper), dtype=np.float32)
    if params.shading > 0:
        paper *= 1.0 - params.shading * _shading_field(rng, h, w)
    if params.edge_shadow > 0:
        paper *= 1.0 - params.edge_shadow * _edge_band(rng, h, w)
    a = paper - ink_share * np.maximum(paper - params.ink, 0.0)
    if params.noise_sigma > 0:
        a += rng.normal(0.0, params.noise_sigma, size=a.shape).astype(np.float32)
    if params.speckle > 0:
        hits = rng.random(a.shape, dtype=np.float32)
        a[hits < params.speckle / 2] = float(params.ink)
        a[(hits >= params.speckle / 2) & (hits < params.speckle)] = 255.0
        # Photocopier dust: a few larger toner specks besides the pixel noise.
        n = int(h * w * params.speckle / 4000)
        ys, xs = rng.integers(0, h, n), rng.integers(0, w, n)
        radii = rng.integers(1, 4, n)
        for y, x, r in zip(ys, xs, radii, strict=True):
            cv2.circle(a, (int(x), int(y)), int(r), float(params.ink), -1)
    out = Image.fromarray(np.clip(a + 0.5, 0, 255).astype(np.uint8), mode="L")
    if params.jpeg_quality:
        buf = io.BytesIO()
        out.save(buf, "JPEG", quality=params.jpeg_quality)
        out = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    return out


def _shading_field(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """Smooth 0..1 darkening: a few broad blotches plus a gradient from one side."""
    coarse = rng.random((4, 3)).astype(np.float32)
    blotches = cv2.resize(coarse, (w, h), interpolation=cv2.INTER_CUBIC)
    angle = rng.uniform(0, 2 * np.pi)
    xs = np.linspace(-0.5, 0.5, w, dtype=np.float32)[None, :]
    ys = np.linspace(-0.5, 0.5, h, dtype=np.float32)[:, None]
    ramp = np.float32(np.cos(angle)) * xs + np.float32(np.sin(angle)) * ys + 0.5
    field_ = 0.5 * np.clip(blotches, 0, 1) + 0.5 * np.clip(ramp, 0, 1)
    return (field_ - field_.min()) / max(float(field_.max() - field_.min()), 1e-6)


def _edge_band(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """A dark band fading in from one edge, as when the copier lid was left open."""
    side = int(rng.integers(0, 4))
    length = w if side < 2 else h
    width = max(int(length * rng.uniform(0.03, 0.08)), 1)
    profile = np.clip(1.0 - np.arange(length, dtype=np.float32) / width, 0, 1) ** 1.5
    if side % 2:
        profile = profile[::-1]
    return np.broadcast_to(profile[None, :] if side < 2 else profile[:, None], (h, w))


# --------------------------------------------------------------------------------------------
# Rendering


class _Canvas:
    """One page being drawn, recording the truth of every line it draws."""

    def __init__(self, dpi: int, faces: _Faces, width: int, height: int) -> None:
        self.dpi = dpi
        self.faces = faces
        self.image = Image.new("L", (width, height), 255)
        self.draw = ImageDraw.Draw(self.image)

    def px(self, inches: float) -> int:
        return round(inches * self.dpi)

    def font(self, face: str, size_pt: float) -> tuple[ImageFont.FreeTypeFont, int]:
        """The font and the stroke width that fakes bold when there is no bold file."""
        size = max(round(size_pt / 72 * self.dpi), 6)
        if face == "body-bold":
            if self.faces.body_bold is not None:
                return _load_font(str(self.faces.body_bold), size), 0
            return _load_font(str(self.faces.body), size), max(size // 40, 1)
        path = {
            "body": self.faces.body,
            "sans": self.faces.sans,
            "sans-bold": self.faces.sans_bold,
        }[face]
        return _load_font(str(path), size), 0

    def text_line(
        self,
        xy: tuple[int, int],
        text: str,
        font: ImageFont.FreeTypeFont,
        *,
        ink: int = 0,
        stroke: int = 0,
        rng: np.random.Generator | None = None,
        jitter: float = 0.0,
        fade: int = 0,
    ) -> Box:
        """Draw a line at top-left ``xy``; with ``rng``, strike character by character like
        a worn typewriter (baseline jitter, uneven ink). Returns the ink box."""
        x, y = xy
        if rng is None or (jitter == 0 and fade == 0):
            self.draw.text((x, y), text, font=font, fill=ink, stroke_width=stroke, stroke_fill=ink)
        else:
            advance = font.getlength("M")
            n = len(text)
            dx = rng.normal(0, jitter / 2, n)
            dy = rng.normal(0, jitter, n)
            fill = ink + rng.integers(0, fade + 1, n)
            for i, ch in enumerate(text):
                if ch != " ":
                    self.draw.text(
                        (x + i * advance + dx[i], y + dy[i]),
                        ch,
                        font=font,
                        fill=int(min(fill[i], 200)),
                    )
        left, top, right, bottom = self.draw.textbbox((x, y), text, font=font, stroke_width=stroke)
        return (int(left), int(top), int(right - left), int(bottom - top))


def _draw_mark(canvas: _Canvas, mark: _Mark) -> FurnitureLine:
    font, stroke = canvas.font(mark.face, mark.size_pt)
    width = canvas.draw.textlength(mark.text, font=font) + 2 * stroke
    if mark.align == "left":
        x = canvas.px(mark.x_in if mark.x_in is not None else BODY_LEFT_IN)
    elif mark.align == "right":
        x = round(canvas.px(mark.x_in if mark.x_in is not None else PAGE_W_IN - 1.0) - width)
    else:
        centre = canvas.px(mark.x_in) if mark.x_in is not None else canvas.image.width / 2
        x = round(centre - width / 2)
    box = canvas.text_line((x, canvas.px(mark.y_in)), mark.text, font, stroke=stroke)
    return FurnitureLine(mark.kind, mark.text, box, mark.digital)


def _draw_stamp(canvas: _Canvas, stamp: _Stamp) -> list[FurnitureLine]:
    """Draw a boxed rubber stamp on its own sheet, rotate it and darken the page with it."""
    font, _ = canvas.font("sans-bold", stamp.size_pt)
    pad = canvas.px(0.08)
    line_h = round(font.size * 1.25)
    width = max(round(font.getlength(t)) for t in stamp.lines) + 2 * pad
    height = line_h * len(stamp.lines) + 2 * pad
    # A white margin round the ruled box so rotating does not clip its corners.
    margin = pad
    sheet = Image.new("L", (width + 2 * margin, height + 2 * margin), 255)
    draw = ImageDraw.Draw(sheet)
    ink = 70  # stamp pads print lighter than typewriter ribbon
    border = max(canvas.px(0.012), 1)
    draw.rectangle(
        (margin, margin, margin + width - 1, margin + height - 1), outline=ink, width=border
    )
    boxes = []
    for i, text in enumerate(stamp.lines):
        tw = font.getlength(text)
        x, y = margin + round((width - tw) / 2), margin + pad + i * line_h
        draw.text((x, y), text, font=font, fill=ink)
        boxes.append(draw.textbbox((x, y), text, font=font))
    rotated = sheet.rotate(
        stamp.angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255
    )
    left = canvas.px(stamp.right_in) - rotated.width + margin
    top = canvas.px(stamp.top_in) - margin
    region = (left, top, left + rotated.width, top + rotated.height)
    under = canvas.image.crop(region)
    canvas.image.paste(Image.fromarray(np.minimum(np.asarray(under), np.asarray(rotated))), region)
    # Boxes of the unrotated lines, offset by the growth from rotating: close enough for a
    # stamp tilted by a few degrees.
    gx, gy = (rotated.width - sheet.width) // 2, (rotated.height - sheet.height) // 2
    return [
        FurnitureLine(
            stamp.kind, text, (left + gx + b[0], top + gy + b[1], b[2] - b[0], b[3] - b[1])
        )
        for text, b in zip(stamp.lines, boxes, strict=True)
    ]


def _paginate(
    lines: list[tuple[str, int] | None], frame: _Frame, pitch: float
) -> list[list[tuple[int, str, int]]]:
    """Split drawn lines into pages as ``(row, text, paragraph)``; no page starts blank."""
    pages: list[list[tuple[int, str, int]]] = []
    current: list[tuple[int, str, int]] = []
    row = 0

    def rows_on(page_index: int) -> int:
        top = frame.first_top if page_index == 0 else frame.top
        return max(int((frame.bottom - top) / pitch + 1e-6), 1)

    for item in lines:
        if row >= rows_on(len(pages)):
            pages.append(current)
            current, row = [], 0
        if item is None:
            if row:  # blank lines at the top of a page are swallowed by the page break
                row += 1
            continue
        current.append((row, item[0], item[1]))
        row += 1
    if current or not pages:
        pages.append(current)
    return pages


def render(
    text: str,
    *,
    style: Style | str = Style.STATE_FOIA,
    tier: Tier | str = Tier.CLEAN,
    font: Font | str = Font.FREEMONO,
    seed: int = 0,
    dpi: int = 300,
    spacing: Spacing | str = Spacing.SINGLE,
) -> Rendering:
    """Render ``text`` as a multi-page scan; see the module docstring.

    Each non-blank line of ``text`` is a logical line: long ones are paragraphs and are
    word-wrapped, short ones (``TAGS: PREL, RS``, addressees) keep their own lines; blank lines
    separate paragraphs.
    """
    options = RenderOptions(Style(style), Tier(tier), Font(font), seed, dpi, Spacing(spacing))
    spec = _STYLES[options.style]
    faces = _Faces.resolve(options.font)
    body = typewriter_text(text)
    if spec.upper:
        body = body.upper()

    body_font = _load_font(str(faces.body), round(BODY_PT / 72 * dpi))
    advance = body_font.getlength("M")
    columns = int(BODY_WIDTH_IN * dpi / advance + 1e-6)
    pitch = LINE_PITCH_IN * (2 if options.spacing is Spacing.DOUBLE else 1)
    layout = _paginate(wrap_lines(body, columns), spec.frame, pitch)
    identity = spec.identity(np.random.default_rng([seed, _RNG_IDENTITY]))
    width, height = round(PAGE_W_IN * dpi), round(PAGE_H_IN * dpi)

    pages = []
    for index, rows in enumerate(layout):
        number = index + 1
        canvas = _Canvas(dpi, faces, width, height)
        params = degradation_for(options.tier, seed=seed, page=number, dpi=dpi)
        typing = np.random.default_rng([seed, _RNG_TYPING, number])
        top_in = spec.frame.first_top if index == 0 else spec.frame.top
        body_lines = []
        for row, line_text, paragraph in rows:
            indent = len(line_text) - len(line_text.lstrip(" "))
            xy = (
                canvas.px(BODY_LEFT_IN) + round(indent * advance),
                canvas.px(top_in + row * pitch),
            )
            box = canvas.text_line(
                xy,
                line_text.strip(),
                body_font,
                rng=typing,
                jitter=params.typing_jitter,
                fade=params.ink_fade,
            )
            body_lines.append(BodyLine(line_text.strip(), box, paragraph))

        furniture: list[FurnitureLine] = []
        marks = spec.marks(identity, number, len(layout))
        for mark in marks:
            if isinstance(mark, _Stamp):
                furniture.extend(_draw_stamp(canvas, mark))
            elif not mark.digital:
                furniture.append(_draw_mark(canvas, mark))
        image = degrade(canvas.image, params, np.random.default_rng([seed, _RNG_PAGE, number, 1]))
        # Digital overlays go on after scanning: crisp, square to the page.
        canvas.image, canvas.draw = image, ImageDraw.Draw(image)
        furniture.extend(_draw_mark(canvas, m) for m in marks if isinstance(m, _Mark) and m.digital)
        image.info["dpi"] = (dpi, dpi)
        furniture.sort(key=lambda f: (f.box[1], f.box[0]))  # reading order, top to bottom
        truth = PageTruth(number, width, height, tuple(body_lines), tuple(furniture), params)
        pages.append(Page(image, truth))
    return Rendering(options, tuple(pages), body, identity)


def render_snippet(
    lines: Sequence[str],
    *,
    font: Font | str = Font.FREEMONO,
    tier: Tier | str = Tier.CLEAN,
    seed: int = 0,
    dpi: int = 150,
) -> Page:
    """A few body lines in a tight crop (no furniture, no wrapping): fast images for tests."""
    options = RenderOptions(Style.NONE, Tier(tier), Font(font), seed, dpi)
    faces = _Faces.resolve(options.font)
    body_font = _load_font(str(faces.body), round(BODY_PT / 72 * dpi))
    texts = [typewriter_text(t) for t in lines]
    margin = round(0.25 * dpi)
    pitch = round(LINE_PITCH_IN * dpi)
    width = round(max((body_font.getlength(t) for t in texts), default=0)) + 2 * margin
    height = pitch * len(texts) + 2 * margin
    canvas = _Canvas(dpi, faces, width, height)
    params = degradation_for(options.tier, seed=seed, page=1, dpi=dpi)
    typing = np.random.default_rng([seed, _RNG_TYPING, 1])
    body = []
    for i, text in enumerate(texts):
        if text:
            box = canvas.text_line(
                (margin, margin + i * pitch),
                text,
                body_font,
                rng=typing,
                jitter=params.typing_jitter,
                fade=params.ink_fade,
            )
            body.append(BodyLine(text, box, i))
    image = degrade(canvas.image, params, np.random.default_rng([seed, _RNG_PAGE, 1, 1]))
    image.info["dpi"] = (dpi, dpi)
    return Page(image, PageTruth(1, width, height, tuple(body), (), params))


# --------------------------------------------------------------------------------------------
# Writers: deterministic bytes (no timestamps), resolution set so page sizes come out right.

_PDF_DATE = time.struct_time((2000, 1, 1, 0, 0, 0, 5, 1, 0))  # fixed: PIL would stamp "now"


def _dpi_of(image: Image.Image, dpi: int | None) -> int:
    return int(dpi or round(image.info.get("dpi", (300, 300))[0]))


def bilevel(image: Image.Image, threshold: int = 128) -> Image.Image:
    """Black and white at a fixed threshold, as a bilevel office scanner stores a page."""
    return image.convert("L").point(lambda v: 255 if v >= threshold else 0).convert("1")


def write_pngs(
    images: Sequence[Image.Image],
    folder: Path | str,
    *,
    dpi: int | None = None,
    bilevel_pages: bool = False,
) -> list[Path]:
    """Write ``0001.png``, ``0002.png`` ... into ``folder`` (created; old pages removed):
    8-bit grey, or 1-bit with ``bilevel_pages`` (a twentieth of the size of a noisy grey page)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("[0-9][0-9][0-9][0-9].png"):
        old.unlink()
    paths = []
    for i, image in enumerate(images, start=1):
        path = folder / f"{i:04d}.png"
        d = _dpi_of(image, dpi)
        page = bilevel(image) if bilevel_pages else image.convert("L")
        page.save(path, "PNG", optimize=True, dpi=(d, d))
        paths.append(path)
    return paths


def write_tiff(
    images: Sequence[Image.Image],
    path: Path | str,
    *,
    dpi: int | None = None,
    bilevel_pages: bool = False,
) -> Path:
    """One multi-page TIFF: grey with deflate, or 1-bit CCITT G4 as bilevel archives store it."""
    if not images:
        raise ValueError("no pages to write")
    path = Path(path)
    d = _dpi_of(images[0], dpi)
    if bilevel_pages:
        frames = [bilevel(im) for im in images]
        compression = "group4"
    else:
        frames = [im.convert("L") for im in images]
        compression = "tiff_deflate"
    path.parent.mkdir(parents=True, exist_ok=True)
    frames[0].save(
        path, "TIFF", save_all=True, append_images=frames[1:], compression=compression, dpi=(d, d)
    )
    return path


def write_pdf(
    images: Sequence[Image.Image], path: Path | str, *, dpi: int | None = None, quality: int = 75
) -> Path:
    """An image-only PDF, one JPEG page each, sized from the DPI (letter at 300 DPI)."""
    if not images:
        raise ValueError("no pages to write")
    path = Path(path)
    d = _dpi_of(images[0], dpi)
    frames = [im.convert("L") for im in images]
    path.parent.mkdir(parents=True, exist_ok=True)
    frames[0].save(
        path,
        "PDF",
        save_all=True,
        append_images=frames[1:],
        resolution=float(d),
        quality=quality,
        title=path.stem,
        creationDate=_PDF_DATE,
        modDate=_PDF_DATE,
    )
    return path


def write_truth(rendering: Rendering, path: Path | str) -> Path:
    """The ground truth as JSON (``Rendering.to_dict``), stable key order."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(rendering.to_dict(), indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return path


# --------------------------------------------------------------------------------------------
# Gold texts


@dataclass(frozen=True)
class GoldDoc:
    """A row of ``bench/gold/index.tsv``."""

    file: str
    source: str
    style: Style
    case: str  # mixed | upper: the case the text is rendered in
    spacing: Spacing
    notes: str

    @property
    def path(self) -> Path:
        return GOLD_DIR / self.file

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def gold_documents(index: Path = GOLD_DIR / "index.tsv") -> list[GoldDoc]:
    rows = index.read_text(encoding="utf-8").splitlines()
    header = rows[0].split("\t")
    docs = []
    for row in rows[1:]:
        if row.strip():
            values = dict(zip(header, row.split("\t"), strict=True))
            docs.append(
                GoldDoc(
                    file=values["file"],
                    source=values["source"],
                    style=Style(values["style"]),
                    case=values["case"],
                    spacing=Spacing(values["spacing"]),
                    notes=values["notes"],
                )
            )
    return docs


# --------------------------------------------------------------------------------------------
# Command line

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__.split("\n\n")[0])

SAMPLE_NAME = "cable-1997-aliyev"


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@app.command()
def sample(
    out: Annotated[Path, typer.Option("--out", help="folder for the sample files")] = Path("scans"),
    seed: Annotated[int, typer.Option(min=0, help="seed of the rendering")] = 1997,
) -> None:
    """Build the project's bundled sample scan of the 1997 Aliyev cable."""
    gold = GOLD_DIR / f"{SAMPLE_NAME}.txt"
    try:
        rendering = render(
            gold.read_text(encoding="utf-8"),
            style=Style.STATE_FOIA,
            tier=Tier.MEDIUM,
            font=default_font(),
            seed=seed,
            dpi=300,
            # Single spacing gives 3 pages, near the 4 of the original (whose page 1 is half
            # taken by the telegram form).
            spacing=Spacing.SINGLE,
        )
    except FontNotFoundError as exc:
        raise _fail(str(exc), 3) from exc
    out.mkdir(parents=True, exist_ok=True)
    pages_dir = out / f"{SAMPLE_NAME}-pages"
    if pages_dir.exists():
        shutil.rmtree(pages_dir)
    # Grey pages are kept once, in the PDF (JPEG); noisy grey PNGs would be ~5 MB a page, so
    # the PNG and TIFF copies are 1-bit, as bilevel archive scans are.
    write_pngs(rendering.images, pages_dir, bilevel_pages=True)
    write_pdf(rendering.images, out / f"{SAMPLE_NAME}.pdf")
    # Each file is its own document in a batch, so each needs its own output name.
    write_tiff(rendering.images, out / f"{SAMPLE_NAME}-bilevel.tif", bilevel_pages=True)
    if SEED_OCR.is_file():
        shutil.copyfile(SEED_OCR, out / "seed-cable-1997.txt")
    else:
        log.warning("seed OCR %s not found; seed-cable-1997.txt not written", SEED_OCR)
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    typer.echo(f"wrote {len(rendering.pages)} pages to {out} ({total / 1e6:.1f} MB in all)")


@app.command("render")
def render_command(
    gold: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="UTF-8 text")],
    out: Annotated[Path, typer.Option("--out", help="folder for 0001.png ... and truth.json")],
    style: Annotated[Style, typer.Option(help="furniture style")] = Style.STATE_FOIA,
    tier: Annotated[Tier, typer.Option(help="degradation tier")] = Tier.MEDIUM,
    font: Annotated[Font, typer.Option(help="monospace face")] = Font.FREEMONO,
    seed: Annotated[int, typer.Option(min=0)] = 0,
    dpi: Annotated[int, typer.Option(min=72, max=1200)] = 300,
    spacing: Annotated[Spacing, typer.Option()] = Spacing.SINGLE,
    pdf: Annotated[bool, typer.Option("--pdf", help="also write DIR/<name>.pdf")] = False,
    tiff: Annotated[bool, typer.Option("--tiff", help="also write DIR/<name>.tif")] = False,
) -> None:
    """Render a text file as page images, with its ground truth in truth.json."""
    try:
        rendering = render(
            gold.read_text(encoding="utf-8"),
            style=style,
            tier=tier,
            font=font,
            seed=seed,
            dpi=dpi,
            spacing=spacing,
        )
    except FontNotFoundError as exc:
        raise _fail(str(exc), 3) from exc
    write_pngs(rendering.images, out)
    write_truth(rendering, out / "truth.json")
    if pdf:
        write_pdf(rendering.images, out / f"{gold.stem}.pdf")
    if tiff:
        write_tiff(rendering.images, out / f"{gold.stem}.tif")
    typer.echo(f"wrote {len(rendering.pages)} pages to {out}")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    app()
