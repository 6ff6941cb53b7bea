"""Everything that runs the ``tesseract`` program lives here, and nowhere else.

``check()`` probes the binary, its version and the requested language data once at start and
says how to fix what is missing; ``recognize()`` reads one page image into ``Line``/``Word``
records and the page's warnings; ``orientation()`` asks Tesseract's orientation detection (OSD)
how a page is turned. ``TesseractEngine`` is the ``OcrEngine`` the OCR stage uses (registered in
``pipeline.engines``).

Two ways in, one result. Where the ``tesserocr`` package (Tesseract's C API) is installed and
built against the same libtesseract version as the program, each worker process keeps one
initialised API and hands it pages in memory: no process start, no model load, no image
encoding per page (``recognize_api``). Otherwise, or with ``FOIA_CLEAN_TESSERACT=cli``, each
page is piped to ``tesseract stdin stdout tsv`` (``recognize_cli``). Either way what Tesseract
and Leptonica say about a page becomes the page's warnings (``page_warnings``), not stray lines
on the terminal: the program's stderr, or, in process, whatever the libraries write to fd 2
while the page is read (``captured_stderr``: tesserocr's default sends Tesseract's own
messages to /dev/null and lets Leptonica's through unfiltered).
"""

from __future__ import annotations

import functools
import io
import logging
import os
import platform
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from pipeline.core.config import OcrSettings
from pipeline.core.errors import MissingDependencyError, OcrError, UsageError
from pipeline.core.fileio import sha256_file
from pipeline.core.records import Line, PageRef
from pipeline.core.stderr import captured_stderr
from pipeline.engines import EngineInfo, Recognized
from pipeline.engines.tesseract_rows import api_rows, lines_from_rows, lines_from_tsv
from pipeline.engines.time_limit import TimedOut, children_cpu, process_cpu, within_limit

log = logging.getLogger(__name__)

MIN_VERSION = (5, 0)


@dataclass(frozen=True)
class TesseractInfo(EngineInfo):
    """What ``check`` found: the program (its path stays out of outputs: it is machine-specific),
    its version, the requested languages and the sha256 of each ``.traineddata`` file, and the
    way pages reach it (``interface``: ``cli`` or ``tesserocr X.Y``)."""

    path: str = ""
    tessdata: str = ""
    interface: str = "cli"

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "interface": self.interface}


@dataclass(frozen=True)
class Orientation:
    """What OSD says about a page: turn it ``rotate`` degrees clockwise (0/90/180/270) to
    make it upright; ``confidence`` is Tesseract's (above ~2 is usually right)."""

    rotate: int
    confidence: float


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


#: The environment variable that chooses how pages reach Tesseract, and its values: ``auto``
#: (or unset: tesserocr where it can be used, else the program) and ``cli`` (the program).
INTERFACE_ENV = "FOIA_CLEAN_TESSERACT"
INTERFACE_CHOICES = ("auto", "cli")


def interface_choice() -> str:
    """``FOIA_CLEAN_TESSERACT`` checked: ``auto`` (unset or empty) or ``cli``, any case.
    Raises ``UsageError`` naming the variable and its values for anything else."""
    value = os.environ.get(INTERFACE_ENV, "").strip().lower() or "auto"
    if value not in INTERFACE_CHOICES:
        shown = os.environ.get(INTERFACE_ENV, "").encode("unicode_escape").decode("ascii")
        raise UsageError(
            f"{INTERFACE_ENV}={shown}: expected cli (always the tesseract program) or auto "
            "(tesserocr where it can be used; the same as leaving it unset)"
        )
    return value


def check(languages: str = "eng") -> TesseractInfo:
    """Probe tesseract once; raise MissingDependencyError with install advice when unusable,
    ``UsageError`` for a bad ``FOIA_CLEAN_TESSERACT`` (``interface_choice``)."""
    interface_choice()
    exe = shutil.which("tesseract")
    if exe is None:
        raise MissingDependencyError(
            f"Tesseract is not installed or not on PATH; {install_advice()}"
        )
    try:
        first = _version_line(exe)
    except (OSError, subprocess.SubprocessError) as exc:
        raise MissingDependencyError(f"cannot run {exe} --version: {exc}") from exc
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
    if "osd" not in available:
        log.warning(
            "Tesseract has no orientation data (osd): pages scanned sideways or upside down "
            "will not be turned upright; install it with: sudo apt-get install tesseract-ocr-osd"
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
        interface=interface(),
    )


def interface() -> str:
    """How pages reach Tesseract in this environment: ``"tesserocr X.Y"`` or ``"cli"``."""
    api = _tesserocr()
    return f"tesserocr {api.__version__}" if api is not None else "cli"


def interface_note() -> str:
    """One sentence for ``foia-clean check``: which way pages reach Tesseract, and why."""
    if interface_choice() == "cli":
        return f"pages go to the tesseract program ({INTERFACE_ENV}=cli)"
    api = _tesserocr()
    if api is not None:
        return f"pages go to tesserocr {api.__version__} (Tesseract's C API, in process)"
    why = _API_STATE.get("why", "tesserocr is not installed")
    return f"pages go to the tesseract program, one process per page ({why})"


_API_STATE: dict[str, object] = {}


def _tesserocr():  # -> the tesserocr module, or None
    """The ``tesserocr`` module when it may be used: installed, not turned off with
    ``FOIA_CLEAN_TESSERACT=cli``, and on the program's own libtesseract version (so the two
    paths read a page alike)."""
    if os.environ.get("FOIA_CLEAN_TESSERACT", "").lower() == "cli":
        return None
    if "module" in _API_STATE:
        return _API_STATE["module"]
    module = None
    try:
        os.environ["OMP_THREAD_LIMIT"] = "1"  # before libtesseract starts OpenMP
        import tesserocr

        lib = _parse_version(tesserocr.tesseract_version())
        prog = _program_version()
        if lib and lib == prog:
            module = tesserocr
        else:
            _API_STATE["why"] = (
                f"tesserocr is built on libtesseract {'.'.join(map(str, lib)) or '?'}, the "
                f"program is {'.'.join(map(str, prog)) or '?'}"
            )
            log.info("%s: using the program", _API_STATE["why"])
    except ImportError:
        _API_STATE["why"] = "tesserocr is not installed"
    _API_STATE["module"] = module
    return module


@functools.cache
def _version_line(exe: str) -> str:
    """The first line ``exe --version`` prints (asked once per process: workers forked after
    the start-up check inherit the answer). Raises ``OSError``/``SubprocessError``."""
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30, check=True)
    lines = (out.stdout or out.stderr).splitlines()
    return lines[0] if lines else ""


def _program_version() -> tuple[int, ...]:
    try:
        return _parse_version(_version_line(_executable()))
    except (OSError, subprocess.SubprocessError):
        return ()


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
    """Read one page image: its lines and its warnings, through the API where it may be used
    (``recognize_api``), else the program (``recognize_cli``). Raises ``OcrError``."""
    if _tesserocr() is not None:
        return recognize_api(image, lang=lang, psm=psm, dpi=dpi, timeout=timeout)
    return recognize_cli(image, lang=lang, psm=psm, dpi=dpi, timeout=timeout)


def _api(lang: str, psm: int):  # -> tesserocr.PyTessBaseAPI
    """This process's initialised API for ``lang``, made once and kept, set to page
    segmentation mode ``psm``. One API a language, not one a mode: the codes beside a redaction
    box are read again in modes 6 and 7 (``stages.redaction_rereads``), and an API of their
    own loaded the model again in each worker that read one (~0.09 CPU-s and ~15 MB each);
    the mode is all that differs (tesserocr's ``psm=`` is ``SetPageSegMode`` after ``Init``)."""
    key = f"api:{lang}"
    api = _API_STATE.get(key)
    if api is None:
        tesserocr = _tesserocr()
        try:
            api = tesserocr.PyTessBaseAPI(lang=lang, psm=psm, oem=tesserocr.OEM.LSTM_ONLY)
        except RuntimeError as exc:
            raise OcrError(f"cannot start Tesseract's API for {lang!r}: {exc}") from exc
        _API_STATE[key] = api
    elif api.GetPageSegMode() != psm:
        api.SetPageSegMode(psm)
    return api


def warm_up(lang: str = "eng", psm: int = 3) -> bool:
    """Load the model for ``lang`` into this process's API (set to mode ``psm``) now, where
    tesserocr is used (False where it is not: the program loads its model per page anyway).
    Called in the main process before the OCR workers are forked, so they inherit the loaded
    model (copy on write) instead of each loading it again (~0.1 s of CPU and ~15 MB each), in
    every mode they read in (``_api``). What Tesseract says
    while loading is logged at debug level. Raises ``OcrError`` when the API cannot start."""
    if _tesserocr() is None:
        return False
    with captured_stderr() as said:
        _api(lang, psm)
    if said.text.strip():
        log.debug("loading Tesseract's model: %s", " / ".join(page_warnings(said.text)))
    return True


def recognize_api(
    image: Image.Image,
    *,
    lang: str = "eng",
    psm: int = 3,
    dpi: int | None = None,
    timeout: float = 180,
) -> Recognized:
    """``recognize`` through tesserocr: the same settings, words (the TSV table's rows, read
    from the result iterator: ``tesseract_rows.api_rows``) and warnings (what the libraries
    print while reading the page: ``captured_stderr``) as ``recognize_cli``, with the model
    loaded once per process. Raises ``OcrError`` on a timeout (``timeout`` seconds of CPU for
    the page, read once more when a loaded machine starved it: ``time_limit.within_limit``)."""
    if image.mode not in ("L", "RGB"):
        image = image.convert("L")
    depth = 1 if image.mode == "L" else 3
    pixels = _raw_pixels(image)  # kept alive until the text is read
    with captured_stderr() as said:
        api = _api(lang, psm)
        # Tesseract's own messages to stderr (tesserocr sends them to /dev/null), as the
        # program prints them; the setting is process-wide, so it is set for every page.
        api.SetVariable("debug_file", "")
        api.SetImageBytes(pixels, image.width, image.height, depth, image.width * depth)
        if dpi:
            api.SetSourceResolution(int(dpi))

        def read(limit: float) -> None:
            if not api.Recognize(timeout=max(1, int(limit * 1000))):
                raise TimedOut(f"tesseract timed out after {limit:g} s")

        try:
            # The limit is the CPU the page gets, not the machine's wall clock (``time_limit``).
            within_limit(read, timeout, process_cpu, "tesseract")
            lines = lines_from_rows(api_rows(api))
        except RuntimeError as exc:
            raise OcrError(f"tesseract failed: {exc}") from exc
        finally:
            api.Clear()
    return Recognized(lines, page_warnings(said.text))


def _raw_pixels(image: Image.Image) -> bytes:
    """A grey (``L``) or ``RGB`` image's pixels as bytes, row after row with no padding (what
    ``SetImageBytes`` takes). A grey page made from an array (``pageimage.as_image``: every
    page the OCR stage reads) is copied from that array in one ``memcpy``, ~2 ms less than
    Pillow's ``tobytes`` on a 300-DPI page (which encodes it in 64 kB blocks and joins them)."""
    from pipeline.stages.pageimage import pixels_behind

    known = pixels_behind(image)
    return image.tobytes() if known is None else known.tobytes()


def orientation(image: Image.Image, *, timeout: float = 60) -> Orientation | None:
    """How the page is turned, by Tesseract's OSD (``osd.traineddata``, Debian's
    ``tesseract-ocr-osd``); None when OSD finds too little text to say, or is not installed.

    Give it the grey page at a resolution near 300 DPI (a crop is enough: OSD stops after
    enough characters). Raises ``OcrError`` on a timeout or crash of the program.
    """
    tesserocr = _tesserocr()
    if tesserocr is not None:
        with captured_stderr() as said:
            found = _osd_api(tesserocr, image)
        if said.text.strip():  # no page to keep them on: OSD's messages are about its guess
            log.debug("orientation detection: %s", " / ".join(page_warnings(said.text)))
        if not found:
            return None
        return Orientation((360 - int(found["orient_deg"])) % 360, float(found["orient_conf"]))
    args = [_executable(), "stdin", "stdout", "--psm", "0", "-l", "osd"]
    proc = _run_on_stdin(args, image, timeout, "tesseract (orientation)")
    return parse_osd(proc.stdout.decode("utf-8", "replace"))


def _osd_api(tesserocr: Any, image: Image.Image) -> dict[str, Any] | None:
    """OSD's answer through this process's OSD API (made once; None when it cannot start or
    says nothing). Call it inside ``captured_stderr`` (which also keeps threads apart)."""
    api = _API_STATE.get("osd")
    if api is None:
        try:
            api = tesserocr.PyTessBaseAPI(lang="osd", psm=tesserocr.PSM.OSD_ONLY)
        except RuntimeError:
            return None
        _API_STATE["osd"] = api
    api.SetImage(image)
    try:
        return api.DetectOrientationScript()
    except RuntimeError:
        return None
    finally:
        api.Clear()


def _run_on_stdin(
    args: list[str], image: Image.Image, timeout: float, what: str
) -> subprocess.CompletedProcess[bytes]:
    """Run the program with the page on stdin as uncompressed PNM, one Tesseract thread
    (``OMP_THREAD_LIMIT=1``: pages run in parallel processes). ``OcrError`` on a timeout (the
    process is killed; ``timeout`` counts the CPU it got: ``time_limit.within_limit``) or when
    the program cannot be started; the exit status is the caller's."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    data = _pnm(image)

    def run(limit: float) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(
                args, input=data, capture_output=True, timeout=limit, env=env, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise TimedOut(f"{what} timed out after {limit:g} s") from exc
        except OSError as exc:
            raise OcrError(f"cannot run tesseract: {exc}") from exc

    return within_limit(run, timeout, children_cpu, what)


def parse_osd(text: str) -> Orientation | None:
    r"""The rotation and confidence from ``tesseract --psm 0`` output.

    >>> parse_osd("Page number: 0\nOrientation in degrees: 270\nRotate: 90\n"
    ...           "Orientation confidence: 13.09\nScript: Latin\n")
    Orientation(rotate=90, confidence=13.09)
    >>> parse_osd("") is None
    True
    """
    rot = re.search(r"^Rotate:\s*(\d+)", text, re.M)
    conf = re.search(r"^Orientation confidence:\s*([\d.]+)", text, re.M)
    if not rot or not conf:
        return None
    return Orientation(int(rot.group(1)) % 360, float(conf.group(1)))


def recognize_cli(
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
    proc = _run_on_stdin(args, image, timeout, "tesseract")
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        detail = stderr.strip().splitlines()[-1] if stderr.strip() else "no message"
        raise OcrError(f"tesseract failed (status {proc.returncode}): {detail}")
    tsv = proc.stdout.decode("utf-8", "replace")
    return Recognized(lines_from_tsv(tsv), page_warnings(stderr))


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


def plain_text(image_path: Path, *, lang: str = "eng", timeout: float = 180) -> str:
    """Plain ``tesseract IMAGE -`` with default settings: the benchmark's baseline (its time
    limit counted as ours is: ``time_limit.within_limit``)."""

    def run(limit: float) -> str:
        try:
            out = subprocess.run(
                [_executable(), str(image_path), "-", "-l", lang],
                env={**os.environ, "OMP_THREAD_LIMIT": "1"},
                capture_output=True,
                text=True,
                timeout=limit,
                check=True,
            )
        except subprocess.TimeoutExpired as exc:
            raise TimedOut(f"tesseract timed out after {limit:g} s on {image_path}") from exc
        except subprocess.CalledProcessError as exc:
            raise OcrError(f"tesseract failed on {image_path}: {exc.stderr.strip()}") from exc
        return out.stdout

    return within_limit(run, timeout, children_cpu, f"tesseract on {image_path}")


class TesseractEngine:
    """The ``OcrEngine`` backed by the ``tesseract`` program (LSTM, ``--oem 1``)."""

    name = "tesseract"

    def check(self, lang: str) -> EngineInfo:
        return check(lang)

    def interface_note(self) -> str:
        """Which way pages reach Tesseract, and why (``foia-clean check``)."""
        return interface_note()

    def recognize(
        self, image: Image.Image, *, dpi: int, settings: OcrSettings, page: PageRef
    ) -> Recognized:
        return recognize(
            image, lang=settings.lang, psm=settings.psm, dpi=dpi, timeout=settings.timeout
        )

    def orientation(self, image: Image.Image) -> Orientation | None:
        """How the page is turned (Tesseract's OSD); None when it cannot say."""
        return orientation(image)

    def warm_up(self, settings: OcrSettings) -> None:
        """Load the model before workers are forked (``warm_up``); see ``OcrEngine``."""
        warm_up(settings.lang, settings.psm)
