"""``OUT/index.sqlite``: the batch's final text, page by page, searchable with its release metadata.

An embedded SQLite database with an FTS5 table (``pages``: one row per page of clean body text)
and a ``documents`` table (one row per document: source, FOIA case and document numbers, release
date and decision, classification, TAGS, SUBJECT, exemptions, page count). Anyone can read it with
the ``sqlite3`` shell::

    SELECT name, page, snippet(pages, 0, '**', '**', '…', 12) FROM pages WHERE pages MATCH 'lachin';

``update`` is incremental: a document whose rows are unchanged (same digest) is not touched, and
when nothing changed nothing is written, so a re-run leaves the same bytes. ``search`` runs one
FTS5 query (phrases ``"..."`` and prefixes ``word*`` work; a query that is not valid FTS5 syntax
is retried with each word quoted) filtered by TAGS and case number.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pipeline.core.fileio import sha256_bytes

log = logging.getLogger(__name__)

INDEX_NAME = "index.sqlite"
#: Bumped when the tables change: an index of another version is rebuilt from scratch.
SCHEMA_VERSION = 2  # 2: released_as
#: ``documents`` columns read from ``metadata.json`` ``release`` (field name -> column).
RELEASE_COLUMNS = (
    "case_number",
    "doc_number",
    "release_date",
    "release_decision",
    "classification",
    "released_as",
    "tags",
    "subject",
    "exemptions",
)
#: The ``documents`` columns this version writes, in order.
COLUMNS = ("name", "source", *RELEASE_COLUMNS, "page_count", "digest")
MARK = "**"

_SCHEMA = f"""
CREATE TABLE documents (
    name TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    {", ".join(f"{c} TEXT" for c in RELEASE_COLUMNS)},
    page_count INTEGER NOT NULL,
    digest TEXT NOT NULL
);
CREATE VIRTUAL TABLE pages USING fts5(text, name UNINDEXED, page UNINDEXED, prefix='2 3');
PRAGMA user_version = {SCHEMA_VERSION};
"""


@dataclass(frozen=True)
class IndexedDocument:
    """What the index holds of one document: its release fields (absent: None) and the final
    body text of each page (``texts[0]`` is page 1)."""

    name: str
    source: str
    release: Mapping[str, str | None]
    texts: tuple[str, ...]

    @property
    def digest(self) -> str:
        data = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)
        return sha256_bytes(data.encode())


def release_values(release: Mapping[str, Any]) -> dict[str, str | None]:
    """The release fields of ``metadata.json`` as column values: lists joined by ", ", TAGS
    as upper-case words joined by one space (so a tag is found as a word), absent ones None.

    >>> v = release_values({"tags": {"value": "PREL, PGOV, AM"}, "exemptions": {"value": ["B1"]}})
    >>> v["tags"], v["exemptions"], v["subject"]
    ('PREL PGOV AM', 'B1', None)
    """
    out: dict[str, str | None] = {}
    for column in RELEASE_COLUMNS:
        field = release.get(column)
        value = field.get("value") if isinstance(field, Mapping) else field
        if isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        if column == "tags" and value:
            value = " ".join(re.findall(r"[A-Za-z0-9]+", str(value))).upper()
        out[column] = None if value in (None, "") else str(value)
    return out


def _connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = DELETE")
    return con


def update(path: Path, documents: Iterable[IndexedDocument], keep: Iterable[str]) -> bool:
    """Bring the index at ``path`` up to date: the rows of ``documents`` (replaced when their
    digest changed), and no document whose name is not in ``keep`` or ``documents``.

    Returns whether anything was written. One transaction: a killed run leaves the old index
    (SQLite's journal). An index of another schema version, or not a database, is rebuilt.
    """
    docs = sorted(documents, key=lambda d: d.name)
    wanted = set(keep) | {d.name for d in docs}
    if path.exists() and path.stat().st_size and not _usable(path):
        log.warning("%s: not an index of this version; rebuilding it", path)
        path.unlink()
    con = _connect(path)
    try:
        if con.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            con.executescript(f"BEGIN; {_SCHEMA} COMMIT;")
        have = dict(con.execute("SELECT name, digest FROM documents").fetchall())
        stale = sorted(n for n in have if n not in wanted)
        changed = [d for d in docs if have.get(d.name) != d.digest]
        if not stale and not changed:
            return False
        con.execute("BEGIN")
        for name in stale + [d.name for d in changed if d.name in have]:
            con.execute("DELETE FROM pages WHERE name = ?", (name,))
            con.execute("DELETE FROM documents WHERE name = ?", (name,))
        for d in changed:
            cols = list(COLUMNS)
            values = [d.name, d.source, *(d.release.get(c) for c in RELEASE_COLUMNS)]
            con.execute(
                f"INSERT INTO documents ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [*values, len(d.texts), d.digest],
            )
            con.executemany(
                "INSERT INTO pages (text, name, page) VALUES (?, ?, ?)",
                [(text, d.name, n) for n, text in enumerate(d.texts, start=1)],
            )
        con.execute("COMMIT")
        return True
    finally:
        con.close()


def _usable(path: Path) -> bool:
    """An index this version wrote: its version number and its columns."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            columns = tuple(r[1] for r in con.execute("PRAGMA table_info(documents)"))
            return version == SCHEMA_VERSION and columns == COLUMNS
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return False


@dataclass(frozen=True)
class Hit:
    """One page that matches: document name, page number (1-based), a snippet with each hit
    between ``MARK``s, and the document's release fields."""

    name: str
    page: int
    snippet: str
    release: Mapping[str, str | None]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "page": self.page, "snippet": self.snippet, **self.release}


def _quoted(query: str) -> str:
    """Each word of ``query`` as an FTS5 string (a trailing ``*`` kept as a prefix query).

    >>> _quoted('F-2017-13804 negot*')
    '"F-2017-13804" "negot"*'
    """
    parts = []
    for word in query.split():
        star = word.endswith("*") and len(word) > 1
        core = word.rstrip("*") if star else word
        parts.append('"' + core.replace('"', '""') + '"' + ("*" if star else ""))
    return " ".join(parts)


def search(
    path: Path,
    query: str,
    *,
    tags: Sequence[str] = (),
    case: str | None = None,
    limit: int | None = None,
) -> list[Hit]:
    """Pages of the index at ``path`` matching the FTS5 ``query``, best first (bm25), then by
    name and page; only documents carrying every tag of ``tags`` and, if given, FOIA case
    ``case``. Raises ``FileNotFoundError`` when there is no index, ``ValueError`` for a query
    FTS5 cannot read even with its words quoted."""
    if not path.is_file():
        raise FileNotFoundError(path)
    where = ["pages MATCH ?"]
    args: list[Any] = []
    for tag in tags:
        where.append("instr(' ' || ifnull(d.tags, '') || ' ', ?) > 0")
        args.append(f" {tag.strip().upper()} ")
    if case:
        where.append("d.case_number = ?")
        args.append(case.strip())
    cols = ", ".join(f"d.{c}" for c in RELEASE_COLUMNS)
    sql = (
        f"SELECT pages.name, pages.page, snippet(pages, 0, '{MARK}', '{MARK}', '…', 12), {cols} "
        f"FROM pages JOIN documents AS d ON d.name = pages.name WHERE {' AND '.join(where)} "
        "ORDER BY rank, pages.name, pages.page"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        try:
            rows = con.execute(sql, [query, *args]).fetchall()
        except sqlite3.OperationalError:
            try:
                rows = con.execute(sql, [_quoted(query), *args]).fetchall()
            except sqlite3.OperationalError as exc:
                raise ValueError(f"cannot search for {query!r}: {exc}") from exc
    finally:
        con.close()
    return [
        Hit(
            name=r[0],
            page=int(r[1]),
            snippet=" ".join(r[2].split()),
            release=dict(zip(RELEASE_COLUMNS, r[3:], strict=True)),
        )
        for r in rows
    ]
