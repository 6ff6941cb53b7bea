"""The tiers' scans: which gold texts are rendered how (``Profile``, ``DocPlan``), rendered on
demand into ``bench/scans/<profile>/`` and reused while the generator and the settings are the
same (``ensure_scans``), with each page's gold lines (``ScanDoc``). Moved out of ``bench.run``
(which re-exports these names), so that other parts of the bench (``bench.cpu_pages``) can
render scans without importing the whole run."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import synth
from bench.metrics import page_truth_text

log = logging.getLogger("bench")

BENCH = Path(__file__).resolve().parent
SCANS = BENCH / "scans"
DPI = 300
# Bump when the way scans are laid out or rasterised for plain Tesseract changes. 2: a scanned
# PDF page is drawn at its scan's own resolution, pixel for pixel (``pdfscan``), where PDFium's
# render at --dpi had given a Letter page 3301 smoothed rows for its 3300.
SCAN_LAYOUT_VERSION = 2


# ---------------------------------------------------------------------------------------------
# What to run


@dataclass(frozen=True)
class Profile:
    name: str
    tiers: tuple[str, ...]
    docs: tuple[str, ...] | None  # gold file names; None: all of index.tsv
    fonts: tuple[str, ...] | None  # None: rotate through every font installed here
    talbott: int  # real documents from corpus/talbott
    jfk: tuple[str, ...]  # real documents from corpus/jfk


FULL = Profile(
    "full",
    ("clean", "medium", "hard", "extreme"),
    None,
    None,
    talbott=5,
    jfk=(
        "2018__124-10157-10022.md",
        "2018__104-10133-10041.md",
        "2022__104-10103-10365.md",
        "2018__180-10146-10007.md",
        "2022__176-10036-10025.md",
        "2018__104-10012-10117.md",  # handwriting turned to noise: should be flagged, not fixed
    ),
)
# The three shortest documents of the test split (bench/splits.json), in their index styles.
QUICK = Profile(
    "quick",
    ("clean", "medium", "hard"),
    ("frus1969-76ve04_d288.txt", "frus1969-76ve04_d314.txt", "frus1969-76ve04_d317.txt"),
    ("freemono",),
    talbott=2,
    jfk=FULL.jfk[:1] + FULL.jfk[-1:],
)


@dataclass(frozen=True)
class DocPlan:
    """How one gold text is rendered: fixed per document, the same in every tier."""

    name: str
    file: str
    style: str
    case: str
    spacing: str
    font: str
    seed: int
    fmt: str  # pdf | png (a folder of page images)
    kept: tuple[str, ...] = ()  # the original's own typos the gold keeps (index.tsv notes)


_NOT_TYPOS = {"original", "typo", "typos", "kept", "as", "printed", "and", "the", "trailing"}


def kept_typos(notes: str) -> tuple[str, ...]:
    """Words of the index.tsv notes that say what was kept as printed (``typo magniture kept``,
    ``original typos kept: UBCSTATE, ...``): a correction of one of them changes the document.
    Quoted phrases of several words (``'BARZANI THE TELEGRAPHED'``) are kept for their spacing or
    wording, not their spelling, so their words do not count.

    >>> kept_typos("Moscow 5798; AMEMPASSY, MOSOW'S, 'BARZANI THE TELEGRAPHED' kept")
    ('amempassy', 'mosow', "mosow's")
    """
    words: set[str] = set()
    for part in notes.split(";"):
        if "kept" in part:
            part = re.sub(r"(?<!\w)'[^']*\s[^']*'(?!\w)", " ", part)
            words.update(w.strip(".,:'\"()").lower() for w in part.split())
    # A possessive kept ("PRSIDENT'S") keeps the word too: the judge compares the word's core.
    words |= {w.removesuffix("'s") for w in words if w.endswith("'s")}
    return tuple(sorted(w for w in words - _NOT_TYPOS if w))


def doc_plans(profile: Profile) -> list[DocPlan]:
    """Styles come from index.tsv (spread over the documents, all-caps styles for all-caps
    texts); fonts and PDF/PNG alternate down the index; the seed is a checksum of the name, so a
    document keeps its scans when others are added."""
    # Nimbus Mono PS (the Courier clone) is held out for the test grid of the sweep (bench.sweep).
    fonts = profile.fonts or tuple(
        f.value for f in synth.available_fonts() if f is not synth.Font.NIMBUS_MONO
    )
    plans = []
    for i, doc in enumerate(synth.gold_documents()):
        if profile.docs is not None and doc.file not in profile.docs:
            continue
        plans.append(
            DocPlan(
                name=Path(doc.file).stem,
                file=doc.file,
                style=doc.style.value,
                case=doc.case,
                spacing=doc.spacing.value,
                font=fonts[i % len(fonts)],
                seed=zlib.crc32(doc.file.encode()) & 0x7FFFFFFF,
                fmt="pdf" if i % 2 == 0 else "png",
                kept=kept_typos(doc.notes),
            )
        )
    return plans


# ---------------------------------------------------------------------------------------------
# Scans: rendered on demand, reused while the generator and the settings are the same


@dataclass(frozen=True)
class TruthLine:
    text: str
    box: tuple[int, int, int, int]
    kind: str = "body"


@dataclass(frozen=True)
class PageGold:
    body: tuple[TruthLine, ...]
    furniture: tuple[TruthLine, ...]


@dataclass(frozen=True)
class ScanDoc:
    plan: DocPlan
    tier: str
    root: Path  # bench/scans/<profile>
    input: Path  # what our pipeline reads: a PDF, or a folder of PNG pages
    plain_images: tuple[Path, ...]  # the same pixels as PNG files, for plain Tesseract
    pages: tuple[PageGold, ...]

    @property
    def body_lines(self) -> list[str]:
        return [line.text for page in self.pages for line in page.body]

    @property
    def body_text(self) -> str:
        # The renderer never splits a word across lines, so the drawn lines joined are the
        # body text (whitespace aside) - also for a document cut short.
        return "\n".join(self.body_lines)

    @property
    def page_text(self) -> str:
        return "\n".join(page_truth_text(p) for p in self.pages)

    @property
    def furniture(self) -> list[TruthLine]:
        return [line for page in self.pages for line in page.furniture]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _scan_settings(plan: DocPlan, tier: str) -> dict[str, Any]:
    import pypdfium2

    from pipeline.core.config import OcrSettings

    settings = {
        "layout": SCAN_LAYOUT_VERSION,
        "generator": _sha((BENCH / "synth.py").read_bytes())[:16],
        "gold": _sha((synth.GOLD_DIR / plan.file).read_bytes())[:16],
        "plan": {k: v for k, v in plan.__dict__.items() if k != "kept"},  # kept: scoring only
        "tier": tier,
        "dpi": DPI,
        "pdf_dpi": OcrSettings().pdf_dpi,
        "pdfium": pypdfium2.PDFIUM_INFO.version,
    }
    return json.loads(json.dumps(settings))  # as it reads back from the truth file


def _render_scan(plan: DocPlan, tier: str, target: str, plain_dir: str) -> list[dict[str, Any]]:
    """Worker: render one document, write its input and plain-Tesseract images, return truth."""
    from pipeline.core.config import OcrSettings
    from pipeline.core.enums import DocKind
    from pipeline.core.records import PageRef
    from pipeline.stages.pageimage import load_page_image

    text = (synth.GOLD_DIR / plan.file).read_text(encoding="utf-8")
    r = synth.render(
        text,
        style=plan.style,
        tier=tier,
        font=plan.font,
        seed=plan.seed,
        dpi=DPI,
        spacing=plan.spacing,
    )
    if plan.fmt == "pdf":
        pdf = synth.write_pdf(r.images, target)
        # Plain Tesseract gets exactly the pixels our pipeline gets: the PDF page rasterised.
        pages = []
        for i in range(len(r.pages)):
            ref = PageRef(plan.name, i + 1, pdf, DocKind.PDF, i)
            pages.append(load_page_image(ref, dpi=OcrSettings().pdf_dpi).image)
        synth.write_pngs(pages, plain_dir, dpi=OcrSettings().pdf_dpi)
    else:
        synth.write_pngs(r.images, target)
    return [
        {
            "body": [[b.text, list(b.box)] for b in p.truth.body],
            "furniture": [[f.kind.value, f.text, list(f.box)] for f in p.truth.furniture],
        }
        for p in r.pages
    ]


def _load_scan(plan: DocPlan, tier: str, root: Path, truth: dict[str, Any]) -> ScanDoc:
    target = root / "input" / tier / (plan.name + (".pdf" if plan.fmt == "pdf" else ""))
    images_dir = root / "plain" / tier / plan.name if plan.fmt == "pdf" else target
    pages = tuple(
        PageGold(
            body=tuple(TruthLine(t, tuple(b)) for t, b in p["body"]),  # type: ignore[arg-type]
            furniture=tuple(
                TruthLine(t, tuple(b), kind)  # type: ignore[arg-type]
                for kind, t, b in p["furniture"]
            ),
        )
        for p in truth["pages"]
    )
    images = tuple(sorted(images_dir.glob("[0-9][0-9][0-9][0-9].png")))
    return ScanDoc(plan, tier, root, target, images, pages)


def ensure_scans(
    profile: Profile, tier: str, plans: list[DocPlan], jobs: int, scans: Path | None = None
) -> list[ScanDoc]:
    """The tier's scans, rendered where missing or made with other settings, under ``scans``
    (default ``bench/scans``) / the profile's name."""
    root = (scans or SCANS) / profile.name
    in_dir = root / "input" / tier
    in_dir.mkdir(parents=True, exist_ok=True)
    wanted = {p.name + (".pdf" if p.fmt == "pdf" else "") for p in plans}
    for stale in in_dir.iterdir():  # the batch reads the whole folder: nothing else in it
        if stale.name not in wanted:
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    todo: list[tuple[DocPlan, dict[str, Any], Path]] = []
    truths: dict[str, dict[str, Any]] = {}
    for plan in plans:
        settings = _scan_settings(plan, tier)
        truth_path = root / "truth" / tier / f"{plan.name}.json"
        try:
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
            scan = _load_scan(plan, tier, root, truth)
            # Both files must be there: the input our batch reads and plain Tesseract's pages.
            if truth["settings"] == settings and scan.plain_images and scan.input.exists():
                truths[plan.name] = truth
                continue
        except (OSError, ValueError, KeyError):
            pass
        todo.append((plan, settings, truth_path))
    if todo:
        log.info("rendering %d %s scans into %s", len(todo), tier, root)
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = []
            for plan, _, truth_path in todo:
                truth_path.unlink(missing_ok=True)  # a scan counts only once its truth is written
                target = in_dir / (plan.name + (".pdf" if plan.fmt == "pdf" else ""))
                plain_dir = root / "plain" / tier / plan.name
                for old in (target, plain_dir, root / "peers" / tier / f"{plan.name}.pdf"):
                    shutil.rmtree(old) if old.is_dir() else old.unlink(missing_ok=True)
                futures.append(pool.submit(_render_scan, plan, tier, str(target), str(plain_dir)))
            for (plan, settings, truth_path), fut in zip(todo, futures, strict=True):
                truth = {"settings": settings, "pages": fut.result()}
                truth_path.parent.mkdir(parents=True, exist_ok=True)
                truth_path.write_text(json.dumps(truth, sort_keys=True) + "\n", encoding="utf-8")
                truths[plan.name] = truth
    return [_load_scan(p, tier, root, truths[p.name]) for p in plans]
