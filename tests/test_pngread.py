"""A PNG page decoded by libpng (``stages.pngread``) is the page Pillow decodes, or goes to it.

Fixtures are synthetic: small grey and colour pages made here with NumPy and saved by Pillow
in each PNG form a scanner or a program writes (plain, interlaced, with a resolution, text,
a colour profile; and palette, alpha, transparency, 1- and 16-bit, EXIF and XMP orientation,
animation, truncated, a broken chunk). Each is loaded both ways (``load_page_image``, and
Pillow alone through ``normalise``) and must give the same page: pixels, DPI, steps, frame.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, PngImagePlugin

from pipeline.core.enums import DocKind
from pipeline.core.errors import DocumentError
from pipeline.core.records import PageRef
from pipeline.stages import pageimage, pngread


def _grey(seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    page = np.full((90, 70), 235, np.uint8)
    page[20:26, 8:60] = rng.integers(0, 90, (6, 52))  # a line of "type"
    page[40:44, 10:50] = 30
    return np.clip(page.astype(int) + rng.integers(-12, 12, page.shape), 0, 255).astype(np.uint8)


def _colour(seed: int = 2) -> np.ndarray:
    rgb = np.repeat(_grey(seed)[:, :, None], 3, axis=2)
    rgb[60:66, 8:40] = (230, 200, 20)  # a yellow stamp line: darkest channel kept
    return rgb


def _by_pillow(path: Path) -> pageimage.LoadedPage:
    with Image.open(path) as img:
        img.load()
        return pageimage.normalise(img, default_dpi=300)


def _load(path: Path) -> pageimage.LoadedPage:
    return pageimage.load_page_image(PageRef(path.stem, 1, path, DocKind.IMAGE, 0), dpi=300)


def _same(a: pageimage.LoadedPage, b: pageimage.LoadedPage) -> None:
    assert np.array_equal(np.asarray(a.image), np.asarray(b.image))
    assert (a.image.mode, a.dpi, a.steps, a.warnings, a.frame) == (
        b.image.mode,
        b.dpi,
        b.steps,
        b.warnings,
        b.frame,
    )


def _text(key: str, value: str) -> PngImagePlugin.PngInfo:
    info = PngImagePlugin.PngInfo()
    info.add_text(key, value)
    return info


# (name, image, save options): PNGs libpng decodes for us.
TAKEN = [
    ("grey", lambda: Image.fromarray(_grey()), {}),
    ("grey-dpi", lambda: Image.fromarray(_grey()), {"dpi": (200, 200)}),
    ("grey-fax-dpi", lambda: Image.fromarray(_grey()), {"dpi": (204, 98)}),
    ("grey-interlaced", lambda: Image.fromarray(_grey()), {"interlace": 1}),
    ("grey-text", lambda: Image.fromarray(_grey()), {"pnginfo": _text("Software", "scan")}),
    ("grey-icc", lambda: Image.fromarray(_grey()), {"icc_profile": b"not really a profile"}),
    ("rgb", lambda: Image.fromarray(_colour()), {"dpi": (300, 300)}),
    ("rgb-plain-grey", lambda: Image.fromarray(_grey()).convert("RGB"), {}),
    ("negative", lambda: Image.fromarray(255 - _grey()), {"dpi": (300, 300)}),
]


@pytest.mark.parametrize(("name", "make", "options"), TAKEN, ids=[t[0] for t in TAKEN])
def test_plain_png_decoded_by_libpng_is_pillows_page(tmp_path, name, make, options):
    path = tmp_path / f"{name}.png"
    make().save(path, **options)
    with Image.open(path) as img:
        assert pngread.decode(path, img.size) is not None, "libpng was meant to decode this"
    _same(_load(path), _by_pillow(path))


def _exif_rotated() -> Image.Image:
    return Image.fromarray(_grey())


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _with_chunk(path: Path, kind: bytes, body: bytes) -> None:
    """``path`` with a chunk put right after its header (IHDR is 8 + 25 bytes)."""
    data = path.read_bytes()
    path.write_bytes(data[:33] + _chunk(kind, body) + data[33:])


def _exif_orientation(value: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = value
    return exif.tobytes()


XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    '22-rdf-syntax-ns#"><rdf:Description xmlns:tiff="http://ns.adobe.com/tiff/1.0/" '
    'tiff:Orientation="6"/></rdf:RDF></x:xmpmeta>'
)

# (name, writer): PNGs left to Pillow, every one still loaded as Pillow loads it.
LEFT = [
    ("palette", lambda p: Image.fromarray(_grey()).convert("P").save(p)),
    ("rgba", lambda p: Image.fromarray(_colour()).convert("RGBA").save(p)),
    ("grey-alpha", lambda p: Image.fromarray(_grey()).convert("LA").save(p)),
    ("grey-transparency", lambda p: Image.fromarray(_grey()).save(p, transparency=235)),
    ("bilevel", lambda p: Image.fromarray(_grey()).convert("1").save(p)),
    ("grey16", lambda p: Image.fromarray(_grey().astype(np.uint16) * 257).save(p)),
    ("exif-orientation", lambda p: _exif_rotated().save(p, exif=_exif_orientation(6))),
    (
        "xmp-orientation",
        lambda p: Image.fromarray(_grey()).save(p, pnginfo=_text("XML:com.adobe.xmp", XMP)),
    ),
    (
        "animated",
        lambda p: Image.fromarray(_grey()).save(
            p, save_all=True, append_images=[Image.fromarray(_grey(3))]
        ),
    ),
]


@pytest.mark.parametrize(("name", "write"), LEFT, ids=[t[0] for t in LEFT])
def test_other_png_left_to_pillow(tmp_path, name, write):
    path = tmp_path / f"{name}.png"
    write(path)
    with Image.open(path) as img:
        assert pngread.decode(path, img.size) is None
    _same(_load(path), _by_pillow(path))


def test_orientation_of_a_png_is_still_honoured(tmp_path):
    path = tmp_path / "turned.png"
    _exif_rotated().save(path, exif=_exif_orientation(6))
    page = _load(path)
    assert "exif-orientation(6)" in page.steps
    assert page.image.size == (90, 70)  # turned: the stored 70x90 is 90 wide now


def test_unknown_or_broken_chunk_left_to_pillow(tmp_path):
    path = tmp_path / "page.png"
    Image.fromarray(_grey()).save(path)
    plain = path.read_bytes()
    _with_chunk(path, b"prVt", b"private data")  # unknown to us: Pillow decides
    with Image.open(path) as img:
        assert pngread.decode(path, img.size) is None
    path.write_bytes(plain)
    _with_chunk(path, b"tIME", b"\x07\xea\x0b\x1e\x0c\x00\x00")
    with Image.open(path) as img:
        assert pngread.decode(path, img.size) is not None  # a known, harmless chunk
    # A broken chunk after the image data (Pillow's header read does not reach it).
    data = path.read_bytes()
    end = data.rindex(b"IEND") - 4
    broken = bytearray(_chunk(b"tEXt", b"Comment\0scanned"))
    broken[-1] ^= 0xFF
    path.write_bytes(data[:end] + bytes(broken) + data[end:])
    with Image.open(path) as img:
        assert pngread.decode(path, img.size) is None
    _same(_load(path), _by_pillow(path))


def test_truncated_png_fails_with_its_reason(tmp_path):
    path = tmp_path / "cut.png"
    Image.fromarray(_grey()).save(path)
    path.write_bytes(path.read_bytes()[:-200])
    with Image.open(path) as img:
        assert pngread.decode(path, img.size) is None
    with pytest.raises(DocumentError, match="corrupt or truncated"):
        _load(path)
