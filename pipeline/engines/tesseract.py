"""Everything that runs the ``tesseract`` program lives here, and nowhere else.

``check()`` probes the binary, its version and the requested language data once at start and
says how to fix what is missing; ``ocr_words()`` runs ``image_to_data`` on one page image and
turns its table into ``Line``/``Word`` records.
"""

from __future__ import annotations

import logging
import platform
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytesseract
from PIL import Image

from pipeline.core.errors import MissingDependencyError, OcrError
from pipeline.core.fileio import sha256_file
from pipeline.core.records import BBox, Line, Word

log = logging.getLogger(__name__)

MIN_VERSION = (5, 0)


@dataclass(frozen=True)
class TesseractInfo:
    """What was found at start; recorded in every document's metadata."""

    path: str
    version: str
    languages: tuple[str, ...]
    tessdata: str
    # sha256 of each requested language's .traineddata, so a changed model invalidates caches.
    language_hashes: dict[str, str]

    def to_dict(self) -> dict[str, object]:
        # The binary's absolute path is machine-specific: keep it out of outputs.
        return {
            "version": self.version,
            "languages": list(self.languages),
            "language_data_sha256": dict(sorted(self.language_hashes.items())),
        }


def install_advice() -> str:
    system = platform.system()
    if system == "Darwin":
        return "install it with: brew install tesseract"
    if system == "Windows":
        return "install it from https://github.com/UB-Mannheim/tesseract/wiki and add it to PATH"
    return (
        "install it with: sudo apt-get install tesseract-ocr tesseract-ocr-eng "
        "(Debian/Ubuntu) or sudo dnf install tesseract tesseract-langpack-eng (Fedora)"
    )


def _parse_version(text: str) -> tuple[int, ...]:
    m = re.search(r"(\d+)\.(\d+)(?:\.(\d+))?", text)
    if not m:
        return ()
    return tuple(int(g) for g in m.groups() if g is not None)


def check(languages: str = "eng") -> TesseractInfo:
    """Probe tesseract once; raise MissingDependencyError with install advice when unusable."""
    exe = shutil.which(pytesseract.pytesseract.tesseract_cmd) or shutil.which("tesseract")
    if exe is None:
        raise MissingDependencyError(
            f"Tesseract is not installed or not on PATH; {install_advice()}"
        )
    try:
        out = subprocess.run(
            [exe, "--version"], capture_output=True, text=True, timeout=30, check=True
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise MissingDependencyError(f"cannot run {exe} --version: {exc}") from exc
    first = (out.stdout or out.stderr).splitlines()[0] if (out.stdout or out.stderr) else ""
    version = _parse_version(first)
    if not version or version[:2] < MIN_VERSION:
        raise MissingDependencyError(
            f"Tesseract {'.'.join(map(str, MIN_VERSION))} or newer is required, found "
            f"{first.strip() or 'an unknown version'}; {install_advice()}"
        )
    try:
        listed = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise MissingDependencyError(f"cannot run {exe} --list-langs: {exc}") from exc
    text = listed.stdout + listed.stderr
    m = re.search(r'"([^"]+)"', text)
    tessdata = m.group(1) if m else ""
    available = {ln.strip() for ln in listed.stdout.splitlines()[1:] if ln.strip()}
    wanted = tuple(lang for lang in languages.split("+") if lang)
    missing = [lang for lang in wanted if lang not in available]
    if missing:
        pkgs = " ".join(f"tesseract-ocr-{lang}" for lang in missing)
        raise MissingDependencyError(
            f"Tesseract has no language data for {', '.join(missing)} "
            f"(found: {', '.join(sorted(available)) or 'none'}); "
            f"install it with: sudo apt-get install {pkgs}"
        )
    hashes = {}
    for lang in wanted:
        data = Path(tessdata) / f"{lang}.traineddata"
        hashes[lang] = sha256_file(data) if data.is_file() else "unknown"
    return TesseractInfo(
        path=exe,
        version=".".join(map(str, version)),
        languages=wanted,
        tessdata=tessdata,
        language_hashes=hashes,
    )


def ocr_words(
    image: Image.Image,
    *,
    lang: str = "eng",
    psm: int = 3,
    dpi: int | None = None,
    timeout: float = 180,
) -> tuple[Line, ...]:
    """OCR one page image; return its lines (with blank lines between paragraphs).

    Words keep Tesseract's confidence and their box in the image's pixels. An empty page is
    an empty tuple, not an error; a timeout or a crash is an ``OcrError``.
    """
    config = f"--oem 1 --psm {psm}"
    if dpi:
        config += f" --dpi {dpi}"
    try:
        data = pytesseract.image_to_data(
            image, lang=lang, config=config, output_type=pytesseract.Output.DICT, timeout=timeout
        )
    except RuntimeError as exc:  # pytesseract raises RuntimeError on timeout
        if "timeout" in str(exc).lower():
            raise OcrError(f"tesseract timed out after {timeout:g} s") from exc
        raise OcrError(f"tesseract failed: {exc}") from exc
    except pytesseract.TesseractError as exc:
        raise OcrError(f"tesseract failed (status {exc.status}): {exc.message}") from exc
    except OSError as exc:
        raise OcrError(f"cannot run tesseract: {exc}") from exc
    return _lines_from_data(data)


def _lines_from_data(data: dict[str, list]) -> tuple[Line, ...]:
    """Group image_to_data rows (level 5 = word) into lines, paragraphs separated by blanks."""
    groups: dict[tuple[int, int, int], list[Word]] = {}
    order: list[tuple[int, int, int]] = []
    for i, level in enumerate(data["level"]):
        if int(level) != 5:
            continue
        text = str(data["text"][i]).strip()
        if not text:
            continue
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        if key not in groups:
            groups[key] = []
            order.append(key)
        conf = float(data["conf"][i])
        box = BBox(
            max(0, int(data["left"][i])),
            max(0, int(data["top"][i])),
            max(0, int(data["width"][i])),
            max(0, int(data["height"][i])),
        )
        groups[key].append(Word(text=text, conf=conf if conf >= 0 else None, bbox=box))
    lines: list[Line] = []
    prev_par: tuple[int, int] | None = None
    for key in order:
        block, par, line_no = key
        if prev_par is not None and (block, par) != prev_par:
            lines.append(Line(text="", block=block, par=par, line=0))
        prev_par = (block, par)
        words = tuple(groups[key])
        lines.append(
            Line(
                text=" ".join(w.text for w in words),
                words=words,
                block=block,
                par=par,
                line=line_no,
            )
        )
    return tuple(lines)


def plain_text(image_path: Path, *, lang: str = "eng", timeout: float = 180) -> str:
    """Plain ``tesseract IMAGE -`` with default settings: the benchmark's baseline."""
    try:
        out = subprocess.run(
            ["tesseract", str(image_path), "-", "-l", lang],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrError(f"tesseract timed out after {timeout:g} s on {image_path}") from exc
    except subprocess.CalledProcessError as exc:
        raise OcrError(f"tesseract failed on {image_path}: {exc.stderr.strip()}") from exc
    return out.stdout
