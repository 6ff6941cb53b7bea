"""Load one page image and normalise its pixels, before any clean-up or OCR sees them.

Scans arrive in every form an archive produces: JPEGs that carry their rotation in an EXIF tag,
faxes at 204x98 DPI, PNGs with an alpha channel, 16-bit grey TIFFs, palette and CMYK images,
coloured stamps, white-on-black microfilm prints, JPEG 2000 from digital archives, PDF pages
drawn with ``/UserUnit`` or too large to rasterise at the requested DPI. ``load_page_image``
turns each into one 8-bit grey page at a square resolution with dark text on light paper, and
says in ``LoadedPage.steps`` what it did, so no later stage has to know where a page came from.
An image that states no resolution (screenshots, web images, phone photos: none, or a program's
default) gets one estimated here, once, from its paper shape and type size (``estimate_dpi``):
``LoadedPage.dpi`` is the page's DPI for every later stage and export.

This runs in the OCR worker (full-resolution images never cross a process boundary);
``open_pdf`` (from ``pdfopen``), ``open_image`` and ``frame_count`` are also what discovery
uses to count pages.
The page's pixels are made once, as an array, and the page image is a view of them
(``as_image``): picture search and clean-up take them back with ``grey_pixels`` instead of
copying them out of Pillow again (~1.7 ms a 300-DPI page each time).
"""

from __future__ import annotations

import logging
import math
import warnings
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.core.enums import DocKind
from pipeline.core.errors import DocumentError
from pipeline.core.records import ImageFrame, PageRef
from pipeline.stages.pdfopen import grey_content, open_pdf
from pipeline.stages.pdfscan import render_scan, scan_dpi, scan_image, scan_step, square, user_unit
from pipeline.stages.typesize import READ_DPI, REDUCE_SLACK, estimate_dpi, reading_dpi, type_height

if TYPE_CHECKING:  # imported where used: a text-only run never loads them
    import numpy as np
    from PIL import Image

log = logging.getLogger(__name__)

# Pillow's own limit is ~89 Mpx (warn) / ~179 Mpx (error). A 300-DPI page is ~8 Mpx and a
# 600-DPI tabloid scan ~40 Mpx, so anything past this is a decompression bomb, not a page.
MAX_PAGE_PIXELS = 60_000_000
#: A PDF page too large for the requested DPI is rasterised at the largest DPI that fits
#: ``MAX_PAGE_PIXELS``, but never below this: text under ~100 DPI is not worth OCRing.
MIN_FIT_DPI = 100
#: Resolutions an image file can claim that we believe; outside them the DPI is unknown.
DPI_RANGE = (50, 2400)
#: Square resolutions that are a program's default, not a scanner's setting, so they say
#: nothing about the page: 72 is the EXIF default every camera and phone writes and what
#: macOS and Photoshop give an image without one; 96 is Windows' logical screen resolution,
#: written by screenshots, browsers and GDI+; 1 is a JFIF header's 1:1 "aspect ratio only"
#: written with the unit set to inches. No scanner offers 72 or 96 (their settings are 75,
#: 100, 150, 200, 300...), and a real 72- or 96-dpi page is found again by the estimate.
PLACEHOLDER_DPI = frozenset({1, 72, 96})
#: A stretched 1-bit page (a fax) is smoothed by a Gaussian of this many times its stretch,
#: in pixels: half a stair step (``_smooth_stairs``).
FAX_SMOOTH = 0.5
#: Negatives, inverted: pages whose paper (median grey of the page and of its margins) is darker.
DARK_PAPER = 110
#: Coloured pixels (channels differ by more than this) that are bright in grey: coloured ink
#: that a plain grey conversion would wash out (a yellow or red stamp line).
COLOUR_SPREAD = 60
#: A page whose source says it is grey (``pdfopen.grey_content``) is checked for equal
#: channels on every this-many-th row of its pixels (~1/8 of the colour search's cost).
GREY_CHECK_STEP = 8


@dataclass(frozen=True)
class LoadedPage:
    """One page as 8-bit grey ``image`` (mode ``L``) at square ``dpi``, dark text on light
    paper; ``steps`` says what normalisation did; ``warnings`` what the page should carry;
    ``frame`` the stored image's own frame when normalisation changed it (EXIF orientation,
    non-square DPI), so exports can map word boxes back onto the stored image."""

    image: Image.Image
    dpi: int
    steps: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    frame: ImageFrame | None = None


def open_image(path: Path) -> Image.Image:
    """Open an image file lazily with Pillow. Raises ``DocumentError`` (empty, unreadable, or
    so large it is a decompression bomb rather than a page)."""
    from PIL import Image, UnidentifiedImageError

    if path.stat().st_size == 0:
        raise DocumentError(path, "empty file (0 bytes)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise DocumentError(path, f"image too large to be a page ({exc})") from exc
    except UnidentifiedImageError as exc:
        raise DocumentError(path, "not a readable image (unknown or corrupt format)") from exc
    except OSError as exc:
        raise DocumentError(path, f"cannot open image: {exc.strerror or exc}") from exc
    w, h = img.size
    if w * h > MAX_PAGE_PIXELS:
        img.close()
        raise DocumentError(
            path,
            f"image is {w}x{h} pixels, more than {MAX_PAGE_PIXELS:,}: refusing a possible "
            "decompression bomb",
        )
    return img


def frame_count(path: Path) -> int:
    """How many pages (frames) an image file holds: a multi-page TIFF has several."""
    with open_image(path) as img:
        return getattr(img, "n_frames", 1)


def load_page_image(ref: PageRef, *, dpi: int, image_dpi: int | None = None) -> LoadedPage:
    """Load one page and normalise its pixels (see the module docstring).

    ``dpi`` is the rasterisation DPI for PDF pages and the fallback DPI of images that do not
    say theirs; ``image_dpi`` (``--image-dpi``), when given, is the DPI of such images instead
    of an estimate. Raises ``DocumentError`` naming the file on a corrupt, truncated or unusable
    page.
    """
    if ref.kind is DocKind.PDF:
        return _load_pdf_page(ref, dpi)
    from pipeline.stages import pngread

    img = open_image(ref.path)
    try:
        # A plain PNG's pixels from libpng, as Pillow would decode them (``stages.pngread``).
        plain = (
            pngread.decode(ref.path, img.size) if img.format == "PNG" and not ref.index else None
        )
        if plain is None:
            img.seek(ref.index)
            img.load()
        return normalise(img, default_dpi=dpi, given_dpi=image_dpi, decoded=plain)
    except DocumentError:
        raise
    except (OSError, EOFError, SyntaxError, ValueError) as exc:
        raise DocumentError(ref.path, f"corrupt or truncated image ({exc})") from exc
    finally:
        img.close()


def fit_dpi(width_in: float, height_in: float, dpi: int) -> int:
    """The largest DPI <= ``dpi`` at which a page of the given inches stays within
    ``MAX_PAGE_PIXELS``.

    >>> fit_dpi(8.5, 11, 300)
    300
    >>> fit_dpi(30, 30, 300)
    258
    """
    if width_in * height_in * dpi * dpi <= MAX_PAGE_PIXELS:
        return dpi
    return math.floor(math.sqrt(MAX_PAGE_PIXELS / (width_in * height_in)))


def _load_pdf_page(ref: PageRef, dpi: int) -> LoadedPage:
    """One PDF page as a normalised grey page (``load_page_image``'s PDF half).

    A scan (``scan_image``) is drawn at its own resolution, pixel for pixel across and down
    where it is aligned (a fax's 204x98 stays so until ``normalise`` squares it, as it squares
    a fax TIFF), and ``normalise`` then treats it as an image file of that resolution (a scan
    finer than OCR needs brought down: ``reading_dpi``). Any other page is drawn at
    ``dpi`` (``--dpi``). Either is drawn at less where the page would be more than
    ``MAX_PAGE_PIXELS``; ``fit-dpi`` and a warning when that is less than ``dpi``
    too. ``/UserUnit`` is honoured. Raises ``DocumentError`` naming the file and page
    (unreadable, or too large even at ``MIN_FIT_DPI``)."""
    import pypdfium2 as pdfium

    steps: list[str] = []
    notes: list[str] = []
    unit = user_unit(ref.path, ref.index)
    pdf = open_pdf(ref.path)
    try:
        page = pdf[ref.index]
        w_in, h_in = (v * unit / 72 for v in page.get_size())
        if unit != 1.0:
            steps.append(f"user-unit({unit:g})")
        scan = scan_image(page, unit)
        xdpi, ydpi = (float(dpi),) * 2 if scan is None else scan_dpi(scan)
        top = max(xdpi, ydpi)
        use = fit_dpi(w_in, h_in, math.ceil(top))
        fitted = use < top
        if fitted and use < MIN_FIT_DPI:  # a page's own 96 DPI or --dpi 72 is kept
            raise DocumentError(
                ref.path,
                f"page {ref.number} is {w_in:.1f}x{h_in:.1f} inches: even at "
                f"{MIN_FIT_DPI} DPI that is more than "
                f"{MAX_PAGE_PIXELS:,} pixels",
            )
        if fitted:
            xdpi, ydpi = xdpi * use / top, ydpi * use / top
        if scan is not None:
            steps.append(scan_step(scan, xdpi, ydpi, MAX_PAGE_PIXELS if fitted else None))
        if fitted and use < dpi:
            notes.append(
                f"page is {w_in:.1f}x{h_in:.1f} inches: rasterised at {use} DPI, the most that "
                f"fits {MAX_PAGE_PIXELS:,} pixels, instead of {dpi} (--dpi)"
            )
            steps.append(f"fit-dpi({use})")
        if scan is None:
            bitmap = page.render(scale=use * unit / 72)
        else:
            bitmap = render_scan(page, xdpi, ydpi, unit, exact=scan.aligned and not fitted)
        if bitmap.mode == "BGR":  # PDFium's own pixels to grey: no RGB copy made first
            image = to_grey(bitmap.to_numpy(), steps, bgr=True, grey=grey_content(page))
        else:
            image = bitmap.to_pil()
    except pdfium.PdfiumError as exc:
        raise DocumentError(ref.path, f"cannot render page {ref.number}: {exc}") from exc
    finally:
        pdf.close()
    if scan is None:
        loaded = normalise(image, default_dpi=use, assume_dpi=True)
    else:
        if scan.bilevel and scan.aligned and not square(xdpi, ydpi):
            # A fax's own 1-bit pixels: squared and smoothed as a fax image file's are.
            image = image.convert("1")
        loaded = normalise(image, default_dpi=use, page_dpi=(xdpi, ydpi))
    return LoadedPage(loaded.image, loaded.dpi, (*steps, *loaded.steps), tuple(notes))


def turn(image: Image.Image, clockwise: int) -> Image.Image:
    """``image`` turned ``clockwise`` degrees (0, 90, 180 or 270; anything else: unchanged)."""
    from PIL import Image

    ops = {
        90: Image.Transpose.ROTATE_270,
        180: Image.Transpose.ROTATE_180,
        270: Image.Transpose.ROTATE_90,
    }
    return image.transpose(ops[clockwise]) if clockwise in ops else image


def _image_dpi(img: Image.Image) -> tuple[int, int] | None:
    """The (x, y) resolution an image file states, or None when it states none we believe:
    none, one outside ``DPI_RANGE``, or a square ``PLACEHOLDER_DPI`` (a program's default).
    A non-square resolution is always meant (a fax: 204x98 or 204x196).
    """
    info = img.info.get("dpi")
    if not info:
        return None
    try:
        # PNG stores pixels per metre: 100 DPI comes back as 99.9998.
        x, y = round(float(info[0])), round(float(info[1] if len(info) > 1 else info[0]))
    except (TypeError, ValueError, IndexError):
        return None
    lo, hi = DPI_RANGE
    if not (lo <= x <= hi and lo <= y <= hi):
        return None
    if x == y and x in PLACEHOLDER_DPI:
        return None
    return x, y


def normalise(
    img: Image.Image,
    *,
    default_dpi: int,
    assume_dpi: bool = False,
    given_dpi: int | None = None,
    decoded: tuple[np.ndarray, bool] | None = None,
    page_dpi: tuple[float, float] | None = None,
) -> LoadedPage:
    """One image of any mode as an 8-bit grey page at a square DPI, dark text on light paper.

    In order: EXIF orientation applied; the resolution made square (a fax's 204x98 becomes
    204x204, the short side stretched, never shrunk; a stretched 1-bit page smoothed); alpha
    composited on white; 16- and 32-bit grey scaled to 8 bits by the depth it uses; palette,
    CMYK and other modes to RGB; colour reduced to grey keeping coloured ink (``to_grey``); a
    negative page inverted; an image that states no resolution, or a placeholder
    (``PLACEHOLDER_DPI``), gets one estimated from the page (``estimate_dpi``; ``default_dpi``
    when there is no evidence), the step recorded. ``assume_dpi`` means ``default_dpi`` is the
    page's known resolution (a rendered PDF page); ``given_dpi`` is what the user says such an
    image's resolution is (``--image-dpi``), taken instead of the estimate and recorded as
    given. ``decoded``: ``img``'s pixels when they were decoded without Pillow (``pngread``:
    ``img`` is then only its header, with no orientation), as ``(array, bgr)``. ``page_dpi``:
    the known resolution across and down of a page drawn from a PDF's scan (``pdfscan``).
    """
    import numpy as np
    from PIL import Image, ImageOps

    steps: list[str] = []
    stored = img.size
    stated = page_dpi if page_dpi or assume_dpi else _image_dpi(img)
    unknown = None if assume_dpi or stated is not None else _unknown_dpi(img)
    orientation = 1 if decoded or not hasattr(img, "getexif") else img.getexif().get(0x0112, 1)
    if orientation not in (1, None):
        img = ImageOps.exif_transpose(img)
        steps.append(f"exif-orientation({orientation})")
        if stated is not None and orientation in (5, 6, 7, 8):  # the stored x is now y
            stated = (stated[1], stated[0])
    if stated is None:
        xdpi = ydpi = float(default_dpi)
    else:
        xdpi, ydpi = stated
    bilevel = img.mode == "1"
    if decoded is None:
        pixels = _to_grey(img, steps)
    else:
        pixels = _grey(decoded[0], steps, bgr=True) if decoded[1] else decoded[0]
    if abs(xdpi - ydpi) > 0.01 * max(xdpi, ydpi):
        dpi = max(xdpi, ydpi)
        h, w = pixels.shape
        size = (round(w * dpi / xdpi), round(h * dpi / ydpi))
        grey = as_image(pixels).resize(size, Image.Resampling.LANCZOS)
        steps.append(f"square-dpi({xdpi:g}x{ydpi:g} -> {dpi:g})")
        if bilevel:
            grey = _smooth_stairs(grey, dpi / min(xdpi, ydpi), steps)
        pixels = np.asarray(grey)
    dpi_out = round(max(xdpi, ydpi))
    pixels = _uninvert(pixels, steps)
    if unknown is not None and given_dpi is not None:
        dpi_out = given_dpi
        steps.append(f"dpi-given({dpi_out}: {unknown}; --image-dpi)")
    elif unknown is not None:
        dpi_out, why = estimate_dpi(pixels, default_dpi)
        steps.append(f"dpi-estimated({dpi_out}: {unknown}; {why})")
    if not assume_dpi:  # a page rendered at --dpi is read at what was asked
        pixels, dpi_out = _reduce(pixels, dpi_out, steps)
    reframed = pixels.shape[::-1] != stored or orientation not in (1, None)
    frame = ImageFrame(*stored, orientation or 1) if reframed else None
    return LoadedPage(as_image(pixels), dpi_out, tuple(steps), frame=frame)


def _reduce(pixels: np.ndarray, dpi: int, steps: list[str]) -> tuple[np.ndarray, int]:
    """A page scanned finer than OCR needs brought down to ``reading_dpi`` (area averaging),
    with its step; unchanged when that is within ``REDUCE_SLACK`` of ``dpi``."""
    import cv2

    if dpi <= READ_DPI:
        return pixels, dpi
    glyphs = type_height(pixels)
    read = round(reading_dpi(dpi, glyphs))
    if read >= dpi * (1 - REDUCE_SLACK):
        return pixels, dpi
    f = read / dpi
    small = cv2.resize(pixels, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    why = "no type to measure" if glyphs is None else f"type {glyphs:.0f} px"
    steps.append(f"reduce-dpi({dpi} -> {read}: {why})")
    return small, read


#: The arrays behind the page images ``as_image`` made (by ``id`` of the image: a Pillow image
#: is unhashable), each with a weak reference to its image (the entry goes when the image
#: does) and the Pillow core it had then (an image changed in place since has another).
_PIXELS: dict[int, tuple[weakref.ref, object, np.ndarray]] = {}


def as_image(pixels: np.ndarray) -> Image.Image:
    """A grey page's pixels (8-bit, 2-D) as a Pillow image of mode ``L`` sharing their memory
    (no copy); ``grey_pixels`` gives them back as they are."""
    from PIL import Image

    image = Image.fromarray(pixels)
    key = id(image)
    gone = weakref.ref(image, lambda _, key=key: _PIXELS.pop(key, None))
    _PIXELS[key] = (gone, image.im, pixels)
    return image


def grey_pixels(image: Image.Image) -> np.ndarray:
    """The 8-bit grey pixels of a page image as a 2-D array (read only): for an image made by
    ``as_image`` and unchanged since, the array it was made from (no copy); for any other, a
    copy (converted to grey unless it is grey, mode ``L``)."""
    import numpy as np

    known = pixels_behind(image)
    if known is not None:
        return known
    return np.asarray(image if image.mode == "L" else image.convert("L"))


def pixels_behind(image: Image.Image) -> np.ndarray | None:
    """The array an image made by ``as_image`` (and unchanged since) shares its memory with;
    None for any other image."""
    known = _PIXELS.get(id(image))
    if known is not None and known[0]() is image and known[1] is image.im:
        return known[2]
    return None


def _smooth_stairs(grey: Image.Image, stretch: float, steps: list[str]) -> Image.Image:
    """A 1-bit page stretched ``stretch`` times along one side (a fax's 98 lines an inch made
    204) has every stroke edge in steps that many pixels high, which Tesseract reads as
    broken letters; a Gaussian of half a step (``FAX_SMOOTH``) rounds them off. Measured on
    the dev split's faxes (``bench.classes``' ``fax-98``, 13 gold openings at 204x98), CER
    against the gold: plain Tesseract on the page resampled as it was 7.9 %, smoothed 2.1 %;
    our OCR stage 8.0 % before (2 texts), 1.9 % after (``python -m bench.classes --split dev``).
    """
    from PIL import ImageFilter

    sigma = round(FAX_SMOOTH * stretch, 2)
    steps.append(f"smooth-stretched-bilevel(gaussian {sigma:g}px)")
    return grey.filter(ImageFilter.GaussianBlur(sigma))


def _unknown_dpi(img: Image.Image) -> str:
    """Why the resolution ``img`` states is not believed (for the record)."""
    info = img.info.get("dpi")
    if not info:
        return "no DPI tag"
    try:
        x, y = (float(v) for v in (info if len(info) > 1 else (info[0], info[0])))
    except (TypeError, ValueError, IndexError):
        return "unreadable DPI tag"
    if round(x) == round(y) and round(x) in PLACEHOLDER_DPI:
        return f"{round(x)} dpi tag is a software default"
    return f"{x:g}x{y:g} dpi tag out of range"


def _to_grey(img: Image.Image, steps: list[str]) -> np.ndarray:
    """Any Pillow mode to 8-bit grey pixels (a 2-D array of its own: ``img`` may be closed)."""
    import numpy as np
    from PIL import Image

    mode = img.mode
    if mode == "L":
        return grey_pixels(img)
    if mode == "1":
        steps.append("bilevel-to-grey")
        return np.asarray(img.convert("L"))
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        arr = np.asarray(img, dtype=np.float64)
        top = float(arr.max()) if arr.size else 0.0
        depth = max(8, math.ceil(math.log2(top + 1))) if top > 0 else 8
        scale = 255.0 / (2**depth - 1)
        steps.append(f"scale-{depth}-bit")
        return np.clip(arr * scale + 0.5, 0, 255).astype(np.uint8)
    has_alpha = mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in img.info
    if has_alpha:
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, rgba).convert("RGB")
        steps.append("alpha-on-white")
    elif mode != "RGB":
        steps.append(f"{mode.lower()}-to-rgb")
        img = img.convert("RGB")
    return _grey(np.asarray(img), steps)


def to_grey(
    rgb: np.ndarray, steps: list[str], *, bgr: bool = False, grey: bool = False
) -> Image.Image:
    """An RGB page (``bgr``: its channels in B, G, R order, as PDFium renders) to grey so that
    coloured ink survives (``_grey``), as an image (``as_image``). ``grey``: the page's source
    says it holds no colour (``pdfopen.grey_content``)."""
    return as_image(_grey(rgb, steps, bgr=bgr, grey=grey))


def _grey(
    rgb: np.ndarray, steps: list[str], *, bgr: bool = False, grey: bool = False
) -> np.ndarray:
    """``to_grey``'s pixels.

    Luminance turns a yellow stamp (255, 255, 0) into near-white (226), lost to OCR. Where the
    page holds bright coloured marks covering little of it (ink, not a highlighter or tinted
    paper), each pixel takes its darkest channel instead, which keeps coloured strokes dark and
    leaves grey ink and white paper as luminance had them. Channel by channel (a NumPy
    reduction over the last axis of a 300-DPI page costs a third of a second, NumPy on the
    channels' strided views ~75 ms, OpenCV on the split channels ~45 ms).
    """
    import cv2

    luma = cv2.cvtColor(rgb, cv2.COLOR_BGR2GRAY if bgr else cv2.COLOR_RGB2GRAY)
    if grey and _equal_channels(rgb[::GREY_CHECK_STEP]):
        # A grey source (a PDF page of grey scans only) renders with equal channels: no pixel
        # is coloured, the search below would find none. Checked on every GREY_CHECK_STEP-th
        # row, not trusted: a page that shows colour there takes the search.
        steps.append("grey")
        return luma
    a, b, c = cv2.split(rgb)
    darkest = cv2.min(cv2.min(a, b), c)
    spread = cv2.subtract(cv2.max(cv2.max(a, b), c), darkest)  # never negative anyway
    coloured = cv2.bitwise_and(
        cv2.compare(spread, COLOUR_SPREAD, cv2.CMP_GT), cv2.compare(luma, 100, cv2.CMP_GT)
    )
    share = cv2.countNonZero(coloured) / max(1, luma.size)
    if share == 0.0:
        steps.append("grey")
        return luma
    if share > 0.15:  # tinted paper or a highlighter: luminance keeps text over it readable
        steps.append(f"grey(luminance: {share:.0%} coloured)")
        return luma
    steps.append(f"grey(darkest channel: {share:.1%} coloured ink)")
    return darkest


def _equal_channels(rgb: np.ndarray) -> bool:
    """Whether every pixel of ``rgb`` (rows, columns, 3) has its three channels equal."""
    import numpy as np

    flat = rgb.reshape(rgb.shape[0], -1)
    return bool(
        np.array_equal(flat[:, 0::3], flat[:, 1::3])
        and np.array_equal(flat[:, 1::3], flat[:, 2::3])
    )


def _uninvert(grey: np.ndarray, steps: list[str]) -> np.ndarray:
    """A negative page (light text on dark paper, margins too) made positive (grey pixels)."""
    import numpy as np

    sample = grey[:: max(1, grey.shape[0] // 200), :: max(1, grey.shape[1] // 200)]
    k = max(1, min(sample.shape) // 10)  # margins: a page under a big block has white ones
    rim = [sample[:k], sample[-k:], sample[:, :k], sample[:, -k:]]
    paper = float(max(np.median(sample), np.median(np.concatenate([r.ravel() for r in rim]))))
    if paper < DARK_PAPER:
        steps.append(f"invert(paper {paper:.0f})")
        return 255 - grey
    return grey
