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

The cache key hashes every source file (about 5 MB: 16 of a warm load's 18 ms CPU), so the
folder also keeps ``digests.json`` (:func:`file_digests`): each source's sha256 beside the
``stat`` it was taken at, reused while the file's device, inode, size, mtime and ctime are
unchanged, as git's index does. A wrong memo can only pick a wrong (data-only) cache file.
"""

from __future__ import annotations

import json
import logging
import mmap
import os
import struct
import sys
import time
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.core.fileio import sha256_bytes, write_bytes_atomic

log = logging.getLogger(__name__)

FORMAT = 1
MAGIC = b"FOIALEX" + str(FORMAT).encode()
_TYPES = {"Q": 8, "I": 4, "q": 8, "B": 1}
_LEN = struct.Struct("<Q")
DIGESTS_NAME = "digests.json"
_DIGESTS_FORMAT = 1
#: A file changed this little before it was hashed is not memoised: a second change within the
#: file system's timestamp granularity could leave its ``stat`` as recorded (git's "racy" case).
RACY_S = 2.0
#: Entries kept in ``digests.json`` (the newest): enough for many dictionary folders.
_DIGESTS_KEPT = 512


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


def _signature(st: os.stat_result) -> list[int]:
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def _read_digests(path: Path) -> dict[str, list[Any]]:
    """The memo of ``digests.json``: ``resolved path -> [dev, ino, size, mtime_ns, ctime_ns,
    sha256]``; empty when missing, unreadable or not of this format (then simply rebuilt)."""
    try:
        memo = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(memo, dict) or memo.get("format") != _DIGESTS_FORMAT:
        return {}
    entries = memo.get("files")
    if not isinstance(entries, dict):
        return {}
    return {
        name: entry
        for name, entry in entries.items()
        if isinstance(entry, list)
        and len(entry) == 6
        and all(type(v) is int for v in entry[:5])
        and isinstance(entry[5], str)
        and len(entry[5]) == 64
    }


def file_digests(paths: Sequence[Path], cache_dir: Path | None) -> list[str]:
    """The sha256 (hex) of each file of ``paths``, in order.

    With a ``cache_dir``, a digest memoised in its ``digests.json`` is reused while the file's
    ``stat`` (device, inode, size, mtime and ctime in ns) is the one it was recorded with;
    other files are read and hashed, and recorded unless changed within ``RACY_S`` seconds of
    being read. A memo that cannot be read or written only costs time. Without a
    ``cache_dir`` every file is read and hashed. ``OSError`` for a file that cannot be read."""
    if cache_dir is None:
        return [sha256_bytes(path.read_bytes()) for path in paths]
    memo_path = cache_dir / DIGESTS_NAME
    memo = _read_digests(memo_path)
    digests: list[str] = []
    fresh: dict[str, list[Any]] = {}
    for path in paths:
        name = str(path.resolve())
        before = os.stat(path)
        entry = memo.get(name)
        if entry is not None and entry[:5] == _signature(before):
            digests.append(entry[5])
            continue
        digest = sha256_bytes(path.read_bytes())
        digests.append(digest)
        after = os.stat(path)
        # ctime cannot be set back by hand, unlike mtime: it dates the last change for sure.
        settled = time.time_ns() - max(after.st_mtime_ns, after.st_ctime_ns) > RACY_S * 1e9
        if settled and _signature(after) == _signature(before):
            fresh[name] = [*_signature(after), digest]
    if fresh:
        kept = {k: v for k, v in memo.items() if k not in fresh}
        kept.update(fresh)
        entries = dict(list(kept.items())[-_DIGESTS_KEPT:])  # insertion order: oldest first
        memo_json = json.dumps({"format": _DIGESTS_FORMAT, "files": entries}, ensure_ascii=False)
        try:
            write_bytes_atomic(memo_path, memo_json.encode("utf-8"))
        except OSError as exc:
            log.debug("cannot write dictionary digests %s: %s", memo_path, exc)
    return digests
