"""Everything that runs the ``tesseract`` program lives here, and nowhere else.

``check()`` probes the binary, its version and the requested language data once at start and
says how to fix what is missing; ``recognize()`` runs ``tesseract stdin stdout tsv`` on one page
image and turns its table into ``Line``/``Word`` records and its stderr into the page's warnings.
``TesseractEngine`` is the ``OcrEngine`` the OCR stage uses (registered in ``pipeline.engines``).
"""

from __future__ import annotations

import io
import logging
import os
import platform
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from pipeline.core.config import OcrSettings
from pipeline.core.errors import MissingDependencyError, OcrError
from pipeline.core.fileio import sha256_file
from pipeline.core.records import BBox, Line, PageRef, Word
from pipeline.engines import EngineInfo, Recognized

log = logging.getLogger(__name__)

MIN_VERSION = (5, 0)


@dataclass(frozen=True)
class TesseractInfo(EngineInfo):
    """What ``check`` found: the program (its path stays out of outputs: it is machine-specific),
    its version, the requested languages and the sha256 of each ``.traineddata`` file."""

    path: str = ""
    tessdata: str = ""


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
    exe = shutil.which("tesseract")
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
        name="tesseract",
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

    Words keep Tesseract's confidence (0-100, whole numbers) and their box in the image's
    pixels. An empty page is an empty tuple, not an error; a timeout or a crash is an
    ``OcrError``. See ``recognize`` for the page's warnings too.
    """
    return recognize(image, lang=lang, psm=psm, dpi=dpi, timeout=timeout).lines


def recognize(
    image: Image.Image,
    *,
    lang: str = "eng",
    psm: int = 3,
    dpi: int | None = None,
    timeout: float = 180,
) -> Recognized:
    """Run ``tesseract stdin stdout tsv`` on one page image: its lines and its warnings.

    The image goes to Tesseract's stdin as uncompressed PNM (no temporary file, no PNG
    compression); one Tesseract thread (``OMP_THREAD_LIMIT=1``), because pages run in parallel
    processes. What Tesseract says on stderr becomes the page's warnings. Raises ``OcrError`` on
    a timeout (the process is killed) or a non-zero exit.
    """
    exe = _executable()
    args = [exe, "stdin", "stdout", "-l", lang, "--oem", "1", "--psm", str(psm)]
    if dpi:
        args += ["--dpi", str(dpi)]
    args.append("tsv")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        proc = subprocess.run(
            args, input=_pnm(image), capture_output=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrError(f"tesseract timed out after {timeout:g} s") from exc
    except OSError as exc:
        raise OcrError(f"cannot run tesseract: {exc}") from exc
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        detail = stderr.strip().splitlines()[-1] if stderr.strip() else "no message"
        raise OcrError(f"tesseract failed (status {proc.returncode}): {detail}")
    tsv = proc.stdout.decode("utf-8", "replace")
    return Recognized(_lines_from_data(_tsv_table(tsv)), page_warnings(stderr))


def _executable() -> str:
    return shutil.which("tesseract") or "tesseract"


def _pnm(image: Image.Image) -> bytes:
    """The image as PBM/PGM/PPM bytes (Leptonica reads them from stdin without decoding cost)."""
    if image.mode not in ("1", "L", "RGB"):
        image = image.convert("RGB" if image.mode in ("RGBA", "P", "CMYK") else "L")
    buf = io.BytesIO()
    image.save(buf, format="PPM")
    return buf.getvalue()


# Lines of Tesseract's stderr that carry no news about the page.
_QUIET = re.compile(r"^(Tesseract Open Source OCR Engine|Estimating resolution as \d+)", re.I)


def page_warnings(stderr: str) -> tuple[str, ...]:
    r"""Tesseract's stderr as a page's warnings, without the banner and the chatter.

    >>> page_warnings("Estimating resolution as 301\nEmpty page!!\n\nEmpty page!!\n")
    ('tesseract: Empty page!!',)
    """
    seen: list[str] = []
    for raw in stderr.splitlines():
        line = raw.strip()
        if line and not _QUIET.match(line) and f"tesseract: {line}" not in seen:
            seen.append(f"tesseract: {line}")
    return tuple(seen)


def _tsv_table(tsv: str) -> dict[str, list[str | int]]:
    """Tesseract's TSV as columns; numbers become ints (confidences are truncated to whole
    numbers, as pytesseract did, so pages OCRed before and after read the same)."""
    rows = [row.split("\t") for row in tsv.strip().split("\n")]
    if len(rows) < 2:
        return {}
    header = rows.pop(0)
    if len(rows[-1]) < len(header):
        rows[-1].append("")  # the last word's text is empty and its cell missing
    text_col = len(header) - 1
    table: dict[str, list[str | int]] = {}
    for i, head in enumerate(header):
        column: list[str | int] = []
        for row in rows:
            if len(row) <= i:
                continue
            if i == text_col:
                column.append(row[i])
                continue
            try:
                column.append(int(float(row[i])))
            except ValueError:
                column.append(row[i])
        table[head] = column
    return table


def _lines_from_data(data: dict[str, list[str | int]]) -> tuple[Line, ...]:
    """Group image_to_data rows (level 5 = word) into lines, paragraphs separated by blanks."""
    groups: dict[tuple[int, int, int], list[Word]] = {}
    order: list[tuple[int, int, int]] = []
    for i, level in enumerate(data.get("level", ())):
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
            [_executable(), str(image_path), "-", "-l", lang],
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
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


class TesseractEngine:
    """The ``OcrEngine`` backed by the ``tesseract`` program (LSTM, ``--oem 1``)."""

    name = "tesseract"

    def check(self, lang: str) -> EngineInfo:
        return check(lang)

    def recognize(
        self, image: Image.Image, *, dpi: int, settings: OcrSettings, page: PageRef
    ) -> Recognized:
        return recognize(
            image, lang=settings.lang, psm=settings.psm, dpi=dpi, timeout=settings.timeout
        )
