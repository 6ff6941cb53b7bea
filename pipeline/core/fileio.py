"""Atomic, reproducible file output.

Every file the pipeline writes goes through here: written to a temporary file in the same
folder, flushed and fsynced, then renamed over the target, so a run killed at any moment
leaves either the old file or the new one, never half of either. Temporary files carry their own
suffix (``TMP_SUFFIX``), so the tidying after a killed run removes only files foia-clean made.
Inside ``output_errors`` a full disk or a read-only file system is ``OutputError`` (the run
stops: every later write would fail the same way); any other ``OSError`` is raised as it is,
for the caller to pin on one document.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

#: The ending of every temporary file this module makes: ``.<target name>.<8 random>`` + this.
TMP_SUFFIX = ".foia-clean.tmp"
_OWN_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}" + re.escape(TMP_SUFFIX))

#: Errors that no other document or file would escape: the run stops (``OutputError``).
FATAL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})


def is_own_temporary(name: str) -> bool:
    """Whether a file name is one of this module's temporary files (a user's ``.x.tmp`` is not).

    >>> is_own_temporary(".raw.txt.k2j4h5g6" + TMP_SUFFIX), is_own_temporary(".notes.tmp")
    (True, False)
    """
    return _OWN_TEMPORARY.fullmatch(name) is not None


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file, fsync, rename); ``OSError`` as it
    comes (``output_errors`` turns the fatal ones into ``OutputError`` for the output folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TMP_SUFFIX)
    try:
        # mkstemp makes 0600 files; outputs are for the whole team, as the umask says.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def output_errors(folder: Path) -> Iterator[None]:
    """Writes into the output folder: a full disk or a read-only file system (``FATAL_ERRNOS``)
    becomes ``OutputError`` naming ``folder``, and the run stops; other ``OSError``s pass."""
    from pipeline.core.errors import OutputError

    try:
        yield
    except OSError as exc:
        if exc.errno in FATAL_ERRNOS:
            raise OutputError(f"cannot write {folder}: {exc.strerror or exc}") from exc
        raise


@functools.cache
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def dumps_json(obj: Any) -> str:
    """Stable JSON: sorted keys, fixed indentation, UTF-8 kept readable, trailing newline."""
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_json_atomic(path: Path, obj: Any) -> None:
    write_text_atomic(path, dumps_json(obj))


def dumps_jsonl(records: Iterable[Any]) -> str:
    """One record per line, keys sorted: the form of every .jsonl output."""
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)


def write_jsonl_atomic(path: Path, records: Iterable[Any]) -> None:
    write_text_atomic(path, dumps_jsonl(records))


def read_jsonl_objects(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a .jsonl file, one per line, in order: a missing or unreadable file
    gives none, a line that is not a JSON object is skipped (a torn or hand-edited file)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    out = []
    for raw in lines:
        try:
            record = json.loads(raw)
        except ValueError:
            continue
        if isinstance(record, dict):
            out.append(record)
    return out


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.cache
def code_hash(*modules: str) -> str:
    """sha256 of the named modules' source: a cache key part that changes with the code itself,
    so a changed stage never reuses results made by the old one. A package counts with every
    ``.py`` file under it (subpackages included), so a module added to it is covered at once.
    Raises ``ValueError`` for a name with no source."""
    import importlib.util

    h = hashlib.sha256()
    for name in modules:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise ValueError(f"no source for module {name}")
        origin = Path(spec.origin)
        package = bool(spec.submodule_search_locations)  # then all of it
        files = sorted(origin.parent.rglob("*.py")) if package else [origin]
        for path in files:
            rel = path.relative_to(origin.parent).as_posix()
            h.update(f"{name}/{rel}".encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


#: One lock per output folder: a batch run and a review never write it at the same time.
LOCK_NAME = ".foia-clean.lock"


@contextlib.contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold the output folder's lock, without waiting: ``OutputBusyError`` if it is held,
    ``OutputError`` if the folder cannot be written (no lock file can be made there)."""
    from filelock import FileLock, Timeout

    from pipeline.core.errors import OutputBusyError, OutputError

    lock = FileLock(str(out_dir / LOCK_NAME))
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        raise OutputBusyError(
            f"{out_dir}: another foia-clean run is using this output folder; wait for it to "
            f"finish (lock file {out_dir / LOCK_NAME})"
        ) from exc
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write the output folder: {exc.strerror}") from exc
    try:
        yield
    finally:
        lock.release()


#: The reviews folder's lock: every write to a decision log or the user lexicon holds it.
REVIEWS_LOCK_NAME = ".foia-clean-reviews.lock"


@contextlib.contextmanager
def reviews_lock(reviews_dir: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold the reviews folder's lock for one write, waiting up to ``timeout`` seconds.

    Unlike the output lock this waits: a write is a few milliseconds, and two reviewers (or a
    review and a ``decide`` from a script) should take turns, not fail. Raises
    ``OutputBusyError`` if the lock is still held after ``timeout``.
    """
    from filelock import FileLock, Timeout

    from pipeline.core.errors import OutputBusyError

    reviews_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(reviews_dir / REVIEWS_LOCK_NAME))
    try:
        lock.acquire(timeout=timeout)
    except Timeout as exc:
        raise OutputBusyError(
            f"{reviews_dir}: another foia-clean process has held the reviews folder for "
            f"{timeout:.0f} s (lock file {reviews_dir / REVIEWS_LOCK_NAME})"
        ) from exc
    try:
        yield
    finally:
        lock.release()
