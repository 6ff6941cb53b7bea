"""Run settings: frozen, validated, every default documented.

Settings that change what is written are recorded in each document's ``metadata.json`` and key
the stage caches; ``jobs``, ``timeout`` or ``quiet`` never change an output.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.core.enums import ApplyPolicy, FurnitureKind, PreprocessMode
from pipeline.core.fileio import code_hash

# The code that loads a page image and turns it into words; its hash is part of the OCR cache
# key, so pages made by older code are never reused.
OCR_CODE = (
    "pipeline.stages.ingest",
    "pipeline.stages.pageimage",
    "pipeline.stages.pdfopen",
    "pipeline.stages.pdfscan",
    "pipeline.stages.pngread",
    "pipeline.stages.typesize",
    "pipeline.stages.ocr",
    "pipeline.stages.reading",
    "pipeline.stages.legible",
    "pipeline.stages.imaging",
    "pipeline.stages.skew",
    "pipeline.stages.pictures",
    "pipeline.stages.redaction",
    "pipeline.stages.redaction_codes",
    "pipeline.stages.redaction_paragraphs",
    "pipeline.stages.redaction_blots",
    "pipeline.stages.redaction_rereads",
    "pipeline.stages.redaction_outlines",
    "pipeline.stages.exemptions",
    "pipeline.stages.strokes",
    "pipeline.stages.pagememo",
    "pipeline.stages.textrows",
    "pipeline.stages.glyphlines",
    "pipeline.stages.paper",
    "pipeline.engines",
    "pipeline.engines.tesseract",
    "pipeline.engines.tesseract_rows",
    "pipeline.engines.time_limit",
)


@dataclass(frozen=True)
class OcrSettings:
    """How page images become words."""

    engine: str = "tesseract"  # the OCR engine, by its name in pipeline.engines
    lang: str = "eng"  # Tesseract language(s), e.g. "eng" or "eng+rus"
    psm: int = 3  # page segmentation mode; 3 = fully automatic, Tesseract's default
    pdf_dpi: int = 300  # rasterisation DPI for PDF pages (and images without a DPI tag)
    #: The DPI of page images that state none or a software default (--image-dpi); None:
    #: estimated from each page (pageimage.estimate_dpi).
    image_dpi: int | None = None
    preprocess: PreprocessMode = PreprocessMode.AUTO
    timeout: float = 300.0  # CPU seconds a reading may take (engines.time_limit) before it stops

    def __post_init__(self) -> None:
        if not (72 <= self.pdf_dpi <= 1200):
            raise ValueError(f"--dpi must be between 72 and 1200, got {self.pdf_dpi}")
        if self.image_dpi is not None and not (50 <= self.image_dpi <= 2400):
            raise ValueError(f"--image-dpi must be between 50 and 2400, got {self.image_dpi}")
        if not (0 <= self.psm <= 13):
            raise ValueError(f"the page segmentation mode (psm) must be 0-13, got {self.psm}")
        if self.timeout <= 0:
            raise ValueError(f"--timeout must be more than 0 seconds, got {self.timeout:g}")
        if not self.lang or any(not part.isidentifier() for part in self.lang.split("+")):
            raise ValueError(f"--lang: invalid OCR language {self.lang!r} (e.g. eng or eng+rus)")

    def to_dict(self) -> dict[str, object]:
        """What decides a page's words: recorded in metadata.json and the OCR cache key."""
        import cv2
        import PIL

        d = asdict(self)
        del d["timeout"]  # how long we wait never changes what Tesseract reads
        del d["engine"]  # recorded with the engine's own version and data (metadata, cache key)
        d["preprocess"] = self.preprocess.value
        d["code"] = code_hash(*OCR_CODE)
        d["libraries"] = {"opencv": cv2.__version__, "pillow": PIL.__version__}
        return d


@dataclass(frozen=True)
class RunConfig:
    """One batch run."""

    out_dir: Path = Path("out")
    ocr: OcrSettings = field(default_factory=OcrSettings)
    strip: bool = True  # --no-strip turns the furniture stage off
    keep_furniture: frozenset[str] = frozenset()  # furniture kinds to keep (--keep-furniture)
    correct: bool = True  # --no-correct turns spell correction off
    apply: ApplyPolicy = ApplyPolicy.CONFIRMED  # --apply: how a change is applied, not proposed
    dictionaries: Path | None = None  # an extra folder layered on the shipped dictionaries
    reviews: Path = Path("reviews")  # review decisions and the user lexicon; never deleted
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    keep_text_layer: bool = True  # save a PDF's existing text layer as textlayer.txt
    follow_links: bool = False  # read links leading out of an input folder (--follow-links)
    max_text_mb: float | None = 5.0  # largest .txt document, MB (--max-text-mb); None: no limit
    pdf: bool = True  # --no-pdf: no searchable OUT/<name>/<name>.pdf
    #: Where tasks run: None for a process pool of ``jobs`` here; "local" for a Dask
    #: LocalCluster of ``jobs`` workers; "tcp://HOST:PORT" for a running Dask scheduler.
    scheduler: str | None = None
    #: The stage cache: a folder or an fsspec URL every worker sees (default OUT/.cache).
    cache: str | Path | None = None

    def __post_init__(self) -> None:
        if self.jobs < 1:
            raise ValueError(f"--jobs must be at least 1, got {self.jobs}")
        if self.max_text_mb is not None and self.max_text_mb <= 0:
            raise ValueError(
                f"--max-text-mb must be 0 (no limit) or more, got {self.max_text_mb:g}"
            )
        if self.scheduler is not None and self.scheduler != "local":
            scheme, sep, rest = self.scheduler.partition("://")
            if not (sep and scheme.isalnum() and rest):
                raise ValueError(
                    f"--scheduler is 'local' or a Dask scheduler address such as "
                    f"tcp://HOST:8786, got {self.scheduler!r}"
                )
        # A misspelt kind is a usage error now, not a failure of every document after OCR.
        kinds = [k.value for k in FurnitureKind]
        unknown = sorted(set(self.keep_furniture) - set(kinds))
        if unknown:
            raise ValueError(
                f"unknown furniture kind {', '.join(unknown)} for --keep-furniture; "
                f"expected one of {', '.join(kinds)}"
            )
