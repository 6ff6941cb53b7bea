"""A plain 8-bit grey or RGB PNG page decoded by OpenCV (libpng) instead of Pillow.

The OCR stage pays for decoding every page image before Tesseract sees it, and PNG is what most
page images are: Pillow's decoder takes ~32 ms of CPU on a clean 300-DPI page and ~100 ms on a
grainy one, libpng through OpenCV ~20 and ~86 (the dev split's ``bench.ocr_tiers speed`` pages).
Both inflate the same data and undo the same row filters, so on a PNG that holds nothing else
that Pillow would act on their pixels are the same bytes; ``decode`` takes this way only for
such a file and says None for every other, which ``pageimage.load_page_image`` then loads with
Pillow as before:

* its header (``IHDR``) says 8 bits a sample, grey or RGB (no palette, no alpha, no 1-, 2-, 4-
  or 16-bit samples, where the two libraries' expansions would have to agree);
* it has no chunk but those that change no pixel here (``SAFE_CHUNKS``): no transparency
  (``tRNS``), no animation (``acTL``), no EXIF (``eXIf``), and no text chunk that Pillow reads
  an orientation from (its keyword names EXIF or XMP); an unknown chunk sends it to Pillow;
* OpenCV decodes it whole to the size Pillow read from the header (a truncated or corrupt
  file fails there and goes to Pillow, which names the fault).

OpenCV's PNG reader applies no gamma and no colour profile, as Pillow does not; an RGB page
comes back in B, G, R order, which ``pageimage.to_grey`` reads as such (the same grey: every
step of it treats the three channels alike but luminance, which is told the order). What
libpng prints about a file (its warnings go to the process's stderr) is logged at debug level.
``tests/test_pageimage.py`` checks the pixels against Pillow's on pages of every kind.
"""

from __future__ import annotations

import logging
import struct
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.core.stderr import captured_stderr

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: Chunks that change no pixel of an 8-bit grey or RGB page as Pillow loads it (resolution,
#: colour space notes Pillow keeps aside, the time, the background colour, significant bits).
SAFE_CHUNKS = frozenset(
    {b"IHDR", b"IDAT", b"IEND", b"pHYs", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"bKGD"}
    | {b"tIME", b"tEXt", b"zTXt", b"iTXt"}
)
TEXT_CHUNKS = frozenset({b"tEXt", b"zTXt", b"iTXt"})
#: PNG colour types taken: 0 grey, 2 RGB (8 bits a sample).
GREY, RGB = 0, 2


def decode(path: Path, size: tuple[int, int]) -> tuple[np.ndarray, bool] | None:
    """The pixels of the PNG file at ``path`` (``size``: (width, height) as Pillow read it from
    the header) as ``(array, bgr)``: an 8-bit array of shape (height, width) for a grey page,
    (height, width, 3) in B, G, R order for an RGB one (``bgr`` True); None when the file is
    not a PNG this may decode (see the module docstring) or OpenCV cannot decode it. Raises
    ``OSError`` only when the file cannot be read."""
    data = path.read_bytes()
    colour = _plain_colour_type(data)
    if colour is None:
        return None
    import cv2
    import numpy as np

    flags = cv2.IMREAD_UNCHANGED | cv2.IMREAD_IGNORE_ORIENTATION
    # libpng prints its warnings (an RGB colour profile in a grey page, say) to fd 2 itself.
    with captured_stderr() as said:
        try:
            pixels = cv2.imdecode(np.frombuffer(data, np.uint8), flags)
        except cv2.error as exc:
            log.debug("%s: OpenCV did not decode it (%s); Pillow will", path, exc)
            pixels = None
    if said.text.strip():
        log.debug("%s: libpng said: %s", path, said.text.strip())
    want = (size[1], size[0]) if colour == GREY else (size[1], size[0], 3)
    if pixels is None or pixels.dtype != np.uint8 or pixels.shape != want:
        return None
    pixels.setflags(write=False)  # as Pillow's pixels are, read through ``np.asarray``
    return pixels, colour == RGB


def _plain_colour_type(data: bytes) -> int | None:
    """The colour type (``GREY`` or ``RGB``) of a PNG file's bytes when it is 8 bits a sample
    and holds only ``SAFE_CHUNKS`` (text chunks naming no EXIF or XMP), each whole with its
    CRC right; None otherwise."""
    if not data.startswith(SIGNATURE):
        return None
    pos, colour, ended = len(SIGNATURE), None, False
    while pos + 12 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, pos)
        body = data[pos + 8 : pos + 8 + length]
        if len(body) != length or kind not in SAFE_CHUNKS:
            return None
        if kind == b"IHDR":
            if length != 13 or colour is not None:
                return None
            depth, colour = body[8], body[9]
            if depth != 8 or colour not in (GREY, RGB):
                return None
        elif kind in TEXT_CHUNKS:
            keyword = body.split(b"\0", 1)[0].lower()
            if b"exif" in keyword or b"xmp" in keyword or b"app1" in keyword:
                return None
        if kind != b"IDAT":  # libpng checks the image data's own CRCs
            (crc,) = struct.unpack_from(">I", data, pos + 8 + length)
            if zlib.crc32(body, zlib.crc32(kind)) != crc:
                return None
        pos += 12 + length
        if kind == b"IEND":
            ended = True
            break
    return colour if ended else None
