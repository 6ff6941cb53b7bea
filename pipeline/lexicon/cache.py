"""The index cache: one data-only file per dictionary key, mapped into memory on load.

Why a module of its own: building the index takes seconds, loading it must take milliseconds,
and a file someone else wrote into the cache folder must never run code. The file is

* 8 bytes of magic (``FOIALEX`` + format digit), a little-endian ``uint64`` header length;
* a JSON header: ``format``, ``data_version``, ``key`` (the sha256 the index was built for),
  ``byteorder``, ``meta`` (the small tables: sources, corrections, settings) and ``sections``
  (name -> ``[typecode, offset, count]``);
* the sections: raw arrays (``uint64``/``uint32``/``int64``/bytes), each 8-byte aligned.

:func:`read_image` checks the magic, format, version, key, byte order and that every section
lies inside the file with a known type; the caller then checks the shapes agree. Anything wrong
means "rebuild", never a crash and never code: the header is parsed by ``json`` and the arrays
are ``memoryview`` casts of an ``mmap`` (nothing is copied on load).
"""

from __future__ import annotations

import json
import logging
import mmap
import os
import struct
import sys
from array import array
from pathlib import Path
from typing import Any

from pipeline.core.fileio import write_bytes_atomic

log = logging.getLogger(__name__)

FORMAT = 1
MAGIC = b"FOIALEX" + str(FORMAT).encode()
_TYPES = {"Q": 8, "I": 4, "q": 8, "B": 1}
_LEN = struct.Struct("<Q")


class CacheError(ValueError):
    """A cache file that is not ours, not this version, or damaged: rebuild it."""


def default_cache_dir() -> Path:
    """Where built indexes are kept: ``$FOIA_CLEAN_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/foia-clean``, else ``~/.cache/foia-clean`` (never beside the
    dictionaries: installed, they live in a site-packages folder that may be read-only)."""
    if env := os.environ.get("FOIA_CLEAN_CACHE_DIR"):
        return Path(env)
    if xdg := os.environ.get("XDG_CACHE_HOME"):
        return Path(xdg) / "foia-clean"
    return Path.home() / ".cache" / "foia-clean"


def _align(n: int) -> int:
    return (n + 7) & ~7


def pack_image(
    key: str, data_version: int, meta: dict[str, Any], sections: dict[str, array | bytes]
) -> bytes:
    """The cache file for ``sections`` (``array.array`` or bytes) and ``meta`` (JSON-able)."""
    layout: dict[str, list[Any]] = {}
    offset = 0
    for name, data in sections.items():
        code = data.typecode if isinstance(data, array) else "B"
        if code not in _TYPES or (isinstance(data, array) and data.itemsize != _TYPES[code]):
            raise ValueError(f"section {name}: unsupported array type {code!r}")
        layout[name] = [code, offset, len(data)]
        offset = _align(offset + len(data) * _TYPES[code])
    header = {
        "format": FORMAT,
        "data_version": data_version,
        "key": key,
        "byteorder": sys.byteorder,
        "meta": meta,
        "sections": layout,
    }
    head = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8")
    head += b" " * (_align(len(head)) - len(head))
    parts = [MAGIC, _LEN.pack(len(head)), head]
    for name, data in sections.items():
        raw = data.tobytes() if isinstance(data, array) else bytes(data)
        parts.append(raw + b"\0" * (_align(len(raw)) - len(raw)))
        assert layout[name][2] * _TYPES[layout[name][0]] == len(raw)
    return b"".join(parts)


def read_image(
    buffer: bytes | mmap.mmap, key: str, data_version: int
) -> tuple[dict[str, Any], dict[str, memoryview]]:
    """``(meta, sections)`` of a cache file image; ``CacheError`` saying what is wrong."""
    view = memoryview(buffer)
    if len(view) < 16 or bytes(view[:8]) != MAGIC:
        raise CacheError("not a foia-clean index file of this format")
    (head_len,) = _LEN.unpack(view[8:16])
    if head_len > len(view) - 16:
        raise CacheError("header overruns the file")
    try:
        header = json.loads(bytes(view[16 : 16 + head_len]))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CacheError(f"unreadable header: {exc}") from exc
    if not isinstance(header, dict):
        raise CacheError("header is not an object")
    for field, want in (
        ("format", FORMAT),
        ("data_version", data_version),
        ("key", key),
        ("byteorder", sys.byteorder),
    ):
        if header.get(field) != want:
            raise CacheError(f"{field} is {header.get(field)!r}, not {want!r}")
    meta, layout = header.get("meta"), header.get("sections")
    if not isinstance(meta, dict) or not isinstance(layout, dict):
        raise CacheError("header lacks meta or sections")
    body = view[16 + head_len :]
    sections: dict[str, memoryview] = {}
    for name, spec in layout.items():
        try:
            code, offset, count = spec
            size = _TYPES[code]
        except (TypeError, ValueError, KeyError) as exc:
            raise CacheError(f"section {name}: bad layout {spec!r}") from exc
        if not (isinstance(offset, int) and isinstance(count, int)) or offset % 8:
            raise CacheError(f"section {name}: bad layout {spec!r}")
        if offset < 0 or count < 0 or offset + count * size > len(body):
            raise CacheError(f"section {name} lies outside the file")
        sections[name] = body[offset : offset + count * size].cast(code)
    return meta, sections


def read_cache(
    path: Path, key: str, data_version: int
) -> tuple[dict[str, Any], dict[str, memoryview]] | None:
    """Map the cache file at ``path``; None (with a warning unless it is simply missing) when
    it is absent, foreign, stale or damaged. The mapping lives as long as the views."""
    try:
        with path.open("rb") as fh:
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError) as exc:  # ValueError: an empty file cannot be mapped
        if not isinstance(exc, FileNotFoundError):
            log.warning("ignoring unreadable dictionary cache %s: %s", path, exc)
        return None
    try:
        return read_image(mapped, key, data_version)
    except CacheError as exc:
        log.warning("ignoring dictionary cache %s: %s", path, exc)
        return None


def write_cache(path: Path, image: bytes) -> None:
    """Write a cache file atomically; a read-only cache folder only costs time (a warning)."""
    try:
        write_bytes_atomic(path, image)
    except OSError as exc:
        log.warning("cannot write dictionary cache %s: %s", path, exc)
