"""The reviews folder on disk: append-only decision logs, and what the user lexicon says.

A reviews folder holds a person's work, which no run can regenerate, so it has its own rules:

* ``<reviews>/<document>.jsonl``: decisions about one place in one document;
* ``<reviews>/_batch.jsonl``: batch-wide decisions (``A``/``R``: this change everywhere);
* ``<reviews>/lexicon.txt``: the user lexicon the correct stage reads (``pipeline.lexicon``).

Every write, to a log or to the user lexicon, holds the folder's lock
(``pipeline.core.fileio.reviews_lock``; ``ReviewStore.locked`` is re-entrant so one decision
can hold it across its log line and its lexicon lines). A log line is appended and fsynced
before ``append`` returns; a line a crash cut short is skipped on reading and never glued to.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core.errors import UsageError
from pipeline.core.fileio import reviews_lock
from pipeline.core.text import EDGE, FUNCTION_WORDS
from pipeline.lexicon.format import read_user_lexicon
from pipeline.review.decisions import (
    FORMAT_VERSION,
    Action,
    Decision,
    Scope,
    effective,
    forgotten,
    overridden,
)

log = logging.getLogger(__name__)

BATCH_LOG = "_batch.jsonl"
USER_LEXICON = "lexicon.txt"


class ReviewLogError(UsageError):
    """A reviews log line that is not a decision record: ``file:line: what is wrong``."""

    def __init__(self, path: Path, line: int, what: str) -> None:
        super().__init__(f"{path}:{line}: {what}")
        self.path = path
        self.line = line


@dataclass(frozen=True)
class Learned:
    """What the user lexicon says: confirmed words and confirmed corrections (casefolded keys),
    and where each correction was taught (``taught``: the contexts of the standing decisions on
    one place that imply it).

    A confirmed word holds everywhere. A confirmed correction taught by decisions on single
    places holds where the word's neighbours are like those places (``applies``); one that no
    such decision taught (written by hand, or by a batch-wide decision) holds everywhere.
    ``reverted``: casefolded word -> (context, decision id) of each standing revert of an
    automatic change (``Decision.reverts``); the word is kept as read where its neighbours are
    like one of those (``keeper``), by the same likeness as ``applies``.

    >>> learned = Learned(frozenset({"raphel"}), {"tbe": "the"})
    >>> learned.protects("RAPHEL"), learned.correction_for("Tbe"), learned.correction_for("x")
    (True, 'the', None)
    >>> alber = Learned(corrections={"alber": "Albert"},
    ...                 taught={"alber": ("Secretary Alber said that",)})
    >>> alber.applies("Alber", "the Secretary Alber told")
    True
    >>> alber.applies("Alber", "M Alber of Lyon")
    False
    >>> alber.applies("Alber", "Minister Alber said that")  # a shared content word
    True
    >>> talks = Learned(corrections={"pregreas": "progress"},
    ...                 taught={"pregreas": ("talks will pregreas slowly",)})
    >>> talks.applies("pregreas", "prices will pregreas sharply")  # only 'will' is shared
    False
    >>> kept = Learned(reverted={"froma": (("report FROMA the embassy", "d1"),)})
    >>> kept.keeper("FROMA", "cable FROMA the embassy"), kept.keeper("FROMA", "a FROMA test")
    ('d1', None)
    """

    words: frozenset[str] = frozenset()
    corrections: Mapping[str, str] = field(default_factory=dict)
    taught: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    reverted: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    def correction_for(self, word: str) -> str | None:
        """The confirmed replacement for ``word`` (as written in the lexicon), or None."""
        return self.corrections.get(word.casefold())

    def protects(self, word: str) -> bool:
        """Is ``word`` a confirmed word (any case)?"""
        return word.casefold() in self.words

    def applies(self, word: str, context: str) -> bool:
        """Does the confirmed correction of ``word`` hold at a place with ``context`` (the word
        with its neighbours)? Yes when no decision on one place taught it, or when the place
        shares a neighbouring word (4+ letters, any case) with a place that taught it."""
        contexts = self.taught.get(word.casefold())
        if not contexts:
            return True
        here = neighbours(context, word)
        return any(here & neighbours(taught, word) for taught in contexts)

    def keeper(self, word: str, context: str) -> str | None:
        """The id of a standing revert of an automatic change of ``word`` made at a place like
        this one (``context``: the word with its neighbours; like: a shared neighbouring word
        of 4+ letters, not a function word), or None: then nothing keeps the word here."""
        places = self.reverted.get(word.casefold())
        if not places:
            return None
        here = neighbours(context, word)
        return next((d for ctx, d in places if here & neighbours(ctx, word)), None)


def neighbours(context: str, word: str) -> set[str]:
    """The words of ``context`` other than ``word`` that say something, casefolded: 4+ letters
    and not a function word (``core.text.FUNCTION_WORDS``: "will" or "that" beside two places
    does not make them the same context).

    >>> sorted(neighbours("the Secretary Alber said that it would", "Alber"))
    ['said', 'secretary']
    """
    form = word.casefold()
    return {
        w
        for w in (t.casefold().strip(EDGE) for t in context.split())
        if len(w) >= 4 and w != form and w not in FUNCTION_WORDS
    }


#: An empty user lexicon.
NOTHING_LEARNED = Learned()


class ReviewStore:
    """The reviews folder ``root``: append-only decision logs and the user lexicon.

    Reading never locks (a log is only ever appended to, the lexicon is replaced atomically);
    writing holds ``locked()``.
    """

    def __init__(self, root: Path) -> None:
        """Raises ``UsageError`` when ``root`` exists and is not a folder (``--reviews`` naming
        a file): a run would otherwise read no decision there without a word, and a review
        fail on it with a traceback. A missing ``root`` is fine: the first decision makes it."""
        self.root = Path(root)
        self._held = False
        if self.root.exists() and not self.root.is_dir():
            raise UsageError(
                f"{self.root}: --reviews exists and is not a folder (the reviews folder holds "
                "review decisions and the user lexicon)"
            )

    @property
    def lexicon_path(self) -> Path:
        """``<root>/lexicon.txt``: the user lexicon."""
        return self.root / USER_LEXICON

    def log_path(self, document: str, scope: Scope = Scope.THIS) -> Path:
        """The log a decision of ``scope`` on ``document`` goes to.

        Raises ``UsageError`` for a name that cannot be a log's (empty, a path, hidden,
        ``_batch``).
        """
        if scope is Scope.BATCH:
            return self.root / BATCH_LOG
        if not document or "/" in document or document.startswith(".") or document == "_batch":
            raise UsageError(f"{document!r} cannot be a document name in a reviews folder")
        return self.root / f"{document}.jsonl"

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the reviews folder's lock (waits; ``OutputBusyError`` after its timeout).
        Re-entrant within this store: an inner ``locked()`` is a no-op."""
        if self._held:
            yield
            return
        with reviews_lock(self.root):
            self._held = True
            try:
                yield
            finally:
                self._held = False

    def append(self, decision: Decision) -> None:
        """Write one record: append, fsync. Once this returns the decision survives a crash."""
        path = self.log_path(decision.document, decision.scope)
        with self.locked():
            self.root.mkdir(parents=True, exist_ok=True)
            line = json.dumps(decision.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"
            created = not path.exists()
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                size = os.fstat(fd).st_size
                if size and _last_byte(path, size) != b"\n":
                    line = "\n" + line  # a record torn by a crash: never glue ours onto it
                data = line.encode("utf-8")
                while data:
                    data = data[os.write(fd, data) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            if created:
                _fsync_dir(self.root)

    def read(self, document: str) -> list[Decision]:
        """Every record of one document's log, in the order written (``read_log``)."""
        return read_log(self.log_path(document))

    def read_batch(self) -> list[Decision]:
        """Every record of the batch-wide log, in the order written."""
        return read_log(self.root / BATCH_LOG)

    def all_records(self) -> list[Decision]:
        """Every record of every log in the folder (batch log first, then by file name)."""
        out = self.read_batch()
        if self.root.is_dir():
            for path in sorted(self.root.glob("*.jsonl")):
                if path.name != BATCH_LOG:
                    out.extend(read_log(path))
        return out

    def all_standing(self) -> list[Decision]:
        """The standing decisions of every log in the folder (batch log first): in each log
        ``effective``, less those a decision in another log superseded (``overridden``)."""
        batch = self.read_batch()
        logs = [batch]
        if self.root.is_dir():
            logs += [read_log(p) for p in sorted(self.root.glob("*.jsonl")) if p.name != BATCH_LOG]
        gone = overridden(d for records in logs for d in records)
        return [d for records in logs for d in effective(records) if d.id not in gone]

    def standing(self, document: str, batch: list[Decision] | None = None) -> list[Decision]:
        """The standing decisions of ``document``'s own log: ``effective``, less those a later
        batch-wide decision superseded (``batch``: the batch log's records, read when None)."""
        gone = overridden(self.read_batch() if batch is None else batch)
        return [d for d in effective(self.read(document)) if d.id not in gone]

    def standing_batch(self) -> list[Decision]:
        """The standing batch-wide decisions: ``effective``, less those a later decision on the
        place one was made on superseded (read from the logs of the documents they were made
        on)."""
        batch = self.read_batch()
        records = list(batch)
        for name in sorted({d.document for d in batch}):
            with contextlib.suppress(UsageError):  # a hand-edited name: no log to read
                records += self.read(name)
        gone = overridden(records)
        return [d for d in effective(batch) if d.id not in gone]

    def teaching(self) -> list[Decision]:
        """The standing decisions whose lexicon lines still count: not forgotten."""
        gone = forgotten(self.all_records())
        return [d for d in self.all_standing() if d.id not in gone]

    def learned(self) -> Learned:
        """What ``lexicon.txt`` confirms, and where the decisions that taught its corrections
        were made. A bad line raises ``DictionaryError`` (file:line)."""
        user = read_user_lexicon(self.lexicon_path)  # the lexicon's own reader
        teaching = self.teaching() if self.root.is_dir() else []
        taught: dict[str, list[str]] = {}
        reverted: dict[str, list[tuple[str, str]]] = {}
        for d in teaching:
            if d.scope is not Scope.THIS or " " in d.original.strip():
                continue
            if d.reverts:
                reverted.setdefault(d.original.casefold(), []).append((d.context, d.id))
            elif user.corrections and d.changes and d.action is not Action.CONFIRM:
                taught.setdefault(d.original.casefold(), []).append(d.context)
        if not user.words and not user.corrections and not reverted:
            return NOTHING_LEARNED
        return Learned(
            user.words,
            user.corrections,
            {k: tuple(v) for k, v in taught.items()},
            {k: tuple(v) for k, v in reverted.items()},
        )


def read_log(path: Path) -> list[Decision]:
    """The records of one log file (none when it does not exist), in the order written.

    A line that is not a decision record (cut short by a crash, torn inside a UTF-8 character,
    JSON that is not an object, an object that is not a decision, a merge-conflict marker) is
    logged as a warning naming ``file:line`` and skipped: one odd line never hides the others.
    Raises ``ReviewLogError`` only for a record made by a newer foia-clean (its meaning is
    unknown here, and guessing could undo a person's work).
    """
    if not path.is_file():
        return []
    out: list[Decision] = []
    for lineno, raw in enumerate(path.read_bytes().splitlines(), start=1):
        try:
            line = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            _warn_once(path, lineno, raw, "skipping a line that is not UTF-8 (torn by a crash?)")
            continue
        if not line:
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            what = (
                "a record cut short by a crash"
                if line.startswith("{") and not line.endswith("}")
                else f"a line that is not a JSON record ({exc})"
            )
            _warn_once(path, lineno, raw, f"skipping {what}")
            continue
        if not isinstance(data, dict):
            _warn_once(path, lineno, raw, "skipping a JSON line that is not an object")
            continue
        if isinstance(data.get("v"), int) and data["v"] > FORMAT_VERSION:
            raise ReviewLogError(
                path, lineno, f"made by a newer foia-clean (record version {data['v']})"
            )
        try:
            out.append(Decision.from_dict(data))
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            _warn_once(path, lineno, raw, f"skipping a line that is not a decision record ({exc})")
    return out


#: The odd log lines warned about in this command: (file, line number, the line's bytes).
_WARNED: set[tuple[str, int, bytes]] = set()


def _warn_once(path: Path, lineno: int, raw: bytes, what: str) -> None:
    # A command reads a log several times (the review, the rules, every refresh): one warning
    # per odd line is enough. The line's bytes are in the key, so a line that changes warns.
    key = (str(path), lineno, raw)
    if key not in _WARNED:
        _WARNED.add(key)
        log.warning("%s:%d: %s", path, lineno, what)


def new_command() -> None:
    """Start a command's warnings afresh: each command that reads the reviews logs (``review``,
    ``decide``, ``forget``; the web review once) calls it first, so that an odd log line is
    warned about once per command, however often the command reads the log."""
    _WARNED.clear()


def _last_byte(path: Path, size: int) -> bytes:
    with path.open("rb") as fh:
        fh.seek(size - 1)
        return fh.read(1)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # not every file system syncs folders
    finally:
        os.close(fd)
