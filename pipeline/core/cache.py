"""The one stage cache: JSON results keyed by everything that decides them.

``OUT/.cache/<stage>/<key>.json`` where ``key`` is the sha256 of the stage's *basis* (its input
hashes, settings, code version, engine and data versions; see each stage's ``basis``). Entries are
data only (JSON), written atomically, and a corrupt or unreadable entry is ignored and recomputed,
never trusted. Two runs that agree on the basis share the entry, whatever the documents are
called (the same image as page 3 of one document and page 1 of another is OCRed once).
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pipeline.core.fileio import dumps_json, sha256_bytes, write_json_atomic

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
    """sha256 (hex) of a JSON-able value as stable JSON: the ``output_sha256`` of a stage run."""
    return sha256_bytes(dumps_json(data).encode())


def settings_dict(config: Any) -> dict[str, Any]:
    """A frozen settings dataclass as JSON-able cache-key material (sets become sorted lists).

    >>> from pipeline.core.config import OcrSettings
    >>> settings_dict(OcrSettings())["psm"]
    3
    """
    d = asdict(config)
    return {k: sorted(v) if isinstance(v, (set, frozenset)) else v for k, v in d.items()}


class StageCache:
    """Read and write stage results under ``root`` (normally ``OUT/.cache``)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, stage: str, key: str) -> Path:
        return self.root / stage / f"{key}.json"

    def get(self, stage: str, key: str) -> Any | None:
        """The cached result, or None when absent or unreadable (logged, then recomputed)."""
        path = self.path(stage, key)
        if not path.is_file():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable cache entry %s: %s", path, exc)
            return None

    def put(self, stage: str, key: str, data: Any) -> None:
        """Store a result atomically (a killed run leaves the old entry or none)."""
        write_json_atomic(self.path(stage, key), data)
