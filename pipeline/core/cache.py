"""The one stage cache: JSON results keyed by everything that decides them.

``OUT/.cache/<stage>/<key>.json`` where ``key`` is the sha256 of the stage's *basis* (its input
hashes, settings, code version, engine and data versions; see each stage's ``basis``). Entries are
data only (JSON), written atomically, and a corrupt or unreadable entry is ignored and recomputed,
never trusted; so is valid JSON of the wrong shape: a decoded entry must match its records' type
annotations (``check_types``) before it is used. Two runs that agree on the basis share the
entry, whatever the documents are called (the same image as page 3 of one document and page 1
of another is OCRed once).
"""

from __future__ import annotations

import collections.abc
import dataclasses
import functools
import json
import logging
import types
import typing
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pipeline.core.fileio import (
    dumps_json,
    output_errors,
    sha256_bytes,
    write_bytes_atomic,
    write_text_atomic,
)

log = logging.getLogger(__name__)

#: The cache folder inside an output folder.
CACHE_DIR = ".cache"


def cache_key(basis: dict[str, Any]) -> str:
    """sha256 (hex) of the basis as stable JSON: the same basis always gives the same key.

    >>> cache_key({"b": 1, "a": [2]}) == cache_key({"a": [2], "b": 1})
    True
    """
    return sha256_bytes(dumps_json(basis).encode())


def data_hash(data: Any) -> str:
    """sha256 (hex) of a JSON-able value as stable compact JSON: the ``output_sha256`` of a
    stage run, and the input part of the strip and correct stages' keys.

    Compact (no indentation), because only then does ``json`` encode in C: the indented form
    goes through the pure-Python encoder, which cost more than correcting the text itself on a
    1 MB text input (a text's word spans hashed twice per stage, the stage output once).

    >>> data_hash({"b": 1, "a": [2]}) == data_hash({"a": [2], "b": 1})
    True
    """
    return sha256_bytes(dumps_compact(data).encode())


def dumps_compact(data: Any) -> str:
    """Stable compact JSON (sorted keys, no spaces, UTF-8 kept): for hashing and cache entries,
    which no person reads."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def settings_dict(config: Any) -> dict[str, Any]:
    """A frozen settings dataclass as JSON-able cache-key material (sets become sorted lists).

    >>> from pipeline.core.config import OcrSettings
    >>> settings_dict(OcrSettings())["psm"]
    3
    """
    d = asdict(config)
    return {k: sorted(v) if isinstance(v, (set, frozenset)) else v for k, v in d.items()}


class StageCache:
    """Read and write stage results under ``root``: normally ``OUT/.cache``; on a cluster a
    folder every worker sees (a shared filesystem), or an fsspec URL (``s3://bucket/cache``,
    with the filesystem's package installed) — the entries are content-addressed, so any number
    of machines can share one."""

    def __init__(self, root: Path | str) -> None:
        self.url: str | None = None
        if isinstance(root, str) and "://" in root:
            self.url = root.rstrip("/")
            self.root = Path(self.url.partition("://")[2])
        else:
            self.root = Path(root).absolute()  # the same entries whatever a worker's folder

    def path(self, stage: str, key: str) -> Path:
        return self.root / stage / f"{key}.json"

    def get(self, stage: str, key: str) -> Any | None:
        """The cached result, or None when absent or unreadable (logged, then recomputed)."""
        if self.url is not None:
            return self._get_url(f"{self.url}/{stage}/{key}.json")
        path = self.path(stage, key)
        if not path.is_file():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable cache entry %s: %s", path, exc)
            return None

    def put(self, stage: str, key: str, data: Any) -> None:
        """Store a result atomically (a killed run leaves the old entry or none). Raises
        ``OutputError`` on a full disk or read-only file system."""
        if self.url is not None:
            self._put_url(f"{self.url}/{stage}/{key}.json", dumps_compact(data).encode())
            return
        path = self.path(stage, key)
        with output_errors(path.parent):
            write_text_atomic(path, dumps_compact(data))

    @staticmethod
    def _get_url(url: str) -> Any | None:
        import fsspec

        fs, path = fsspec.core.url_to_fs(url)
        try:
            return json.loads(fs.cat_file(path))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable cache entry %s: %s", url, exc)
            return None

    @staticmethod
    def _put_url(url: str, data: bytes) -> None:
        """Object stores replace an object whole; a local ``file://`` path is written to a
        temporary name and renamed, like every other output."""
        import fsspec

        fs, path = fsspec.core.url_to_fs(url)
        protocols = fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,)
        if "file" in protocols:
            write_bytes_atomic(Path(path), data)
            return
        fs.makedirs(path.rpartition("/")[0], exist_ok=True)
        fs.pipe_file(path, data)


def check_types(value: Any) -> None:
    """Raise ``TypeError`` unless ``value`` (a record decoded from a cache entry) matches its
    dataclass fields' type annotations all the way down: ``str``, ``int``, ``float``, ``bool``,
    enums, ``X | None``, ``tuple[X, ...]``, ``list``, ``dict``, nested dataclasses. An
    annotation it cannot read (``Any``) passes. Validators are built once per type.

    >>> from pipeline.core.records import Word
    >>> check_types(Word("Geneva", 91.0))
    >>> check_types(Word(5, 91.0))
    Traceback (most recent call last):
    TypeError: Word.text: expected str, got int
    """
    _validator(type(value))(value, type(value).__name__)


Validator = Callable[[Any, str], None]


def _fail(where: str, expected: str, value: Any) -> None:
    raise TypeError(f"{where}: expected {expected}, got {type(value).__name__}")


def _passes(value: Any, where: str) -> None:
    return None


@functools.cache
def _validator(hint: Any) -> Validator:
    """A function checking a value against ``hint`` (see ``check_types``)."""
    origin = typing.get_origin(hint)
    if hint is Any or isinstance(hint, (str, typing.TypeVar)):
        return _passes
    if origin in (typing.Union, types.UnionType):
        options = [_validator(a) for a in typing.get_args(hint)]

        def union(value: Any, where: str) -> None:
            first: TypeError | None = None
            for option in options:
                try:
                    option(value, where)
                    return
                except TypeError as exc:
                    first = first or exc
            assert first is not None
            raise first

        return union
    if origin in (tuple, list):
        args = typing.get_args(hint)
        container = origin
        if origin is tuple and args and args[-1] is not Ellipsis:
            fixed = [_validator(a) for a in args]

            def fixed_tuple(value: Any, where: str) -> None:
                if not isinstance(value, tuple) or len(value) != len(fixed):
                    _fail(where, f"a tuple of {len(fixed)}", value)
                for item, check in zip(value, fixed, strict=True):
                    check(item, where)

            return fixed_tuple
        item_check = _validator(args[0]) if args else _passes

        def sequence(value: Any, where: str) -> None:
            if not isinstance(value, container):
                _fail(where, container.__name__, value)
            for item in value:
                item_check(item, where)

        return sequence
    if origin in (dict, collections.abc.Mapping):
        key_check, value_check = (_validator(a) for a in typing.get_args(hint) or (Any, Any))

        def mapping(value: Any, where: str) -> None:
            if not isinstance(value, collections.abc.Mapping):
                _fail(where, "a mapping", value)
            for k, v in value.items():
                key_check(k, where)
                value_check(v, where)

        return mapping
    if hint is None or hint is type(None):
        return lambda value, where: None if value is None else _fail(where, "None", value)
    if not isinstance(hint, type):
        return _passes
    if dataclasses.is_dataclass(hint):
        fields = [(name, f"{hint.__name__}.{name}", _validator(h)) for name, h in _hints(hint)]

        def record(value: Any, where: str) -> None:
            if not isinstance(value, hint):
                _fail(where, hint.__name__, value)
            for name, at, check in fields:
                check(getattr(value, name), at)

        return record
    if hint is float:
        accepted: tuple[type, ...] = (int, float)
    else:
        accepted = (hint,)
    exact = hint in (int, float)

    def scalar(value: Any, where: str) -> None:
        if not isinstance(value, accepted) or (exact and isinstance(value, bool)):
            _fail(where, hint.__name__, value)

    return scalar


def _hints(cls: type) -> list[tuple[str, Any]]:
    """A dataclass's field annotations, resolved (those that cannot be resolved pass)."""
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):
        hints = {}
    return [(f.name, hints.get(f.name, Any)) for f in dataclasses.fields(cls)]
