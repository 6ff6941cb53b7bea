"""Where the benchmark's material lives and which part of it is held out.

``bench/splits.json`` fixes, by document, the dev part (read it, tune on it, make tests from it)
and the test part (only ever run through ``make bench`` and reported) of every corpus: the gold
texts of ``bench/gold/``, BLN600, the JFK releases and the Talbott OCR files. Every benchmark
module asks this one for the split, so no figure can be computed on a split by accident.
``shared/`` (the real corpora, not part of this repository) is found beside the checkout or one
level up (a git worktree), or where ``FOIA_SHARED`` says.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Literal

REPO = Path(__file__).resolve().parent.parent
SPLITS = REPO / "bench" / "splits.json"

Split = Literal["dev", "test"]
SPLIT_NAMES: tuple[Split, ...] = ("dev", "test")


def shared_dir() -> Path | None:
    """The ``shared/`` folder with the real corpora, or None when there is none.

    ``$FOIA_SHARED`` first, then ``../shared`` of the checkout, then ``../../shared`` (a
    worktree in ``wt/<name>``)."""
    env = os.environ.get("FOIA_SHARED")
    candidates = [Path(env)] if env else []
    candidates += [REPO.parent / "shared", REPO.parent.parent / "shared"]
    return next((c for c in candidates if (c / "corpus").is_dir()), None)


@cache
def splits() -> dict[str, dict[str, list[str]]]:
    """``bench/splits.json`` as ``{corpus: {"dev": [...], "test": [...]}}`` (document names as the
    corpus names them; the ``talbott_manifest`` entry lists test ids only)."""
    data = json.loads(SPLITS.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if isinstance(v, dict)}


def split_of(corpus: str, document: str) -> Split | None:
    """``dev`` or ``test`` for ``document`` of ``corpus`` (e.g. ``("jfk", "2022__104-...md")``),
    None when splits.json does not list it (then it belongs to neither and is not scored)."""
    parts = splits().get(corpus, {})
    for name in SPLIT_NAMES:
        if document in parts.get(name, ()):
            return name
    return None


def documents(corpus: str, split: Split) -> list[str]:
    """The documents of ``corpus`` in ``split``, in splits.json order."""
    return list(splits().get(corpus, {}).get(split, ()))
