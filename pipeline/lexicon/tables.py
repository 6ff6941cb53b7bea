"""String tables: strings by id and the id of a string, over flat arrays that map from disk.

Why a module of its own: the lexicon keeps several such tables (the vocabulary, the written
forms, the bigrams, the n-grams) and the candidate index (:mod:`.index`) reads its words from
one; how a table is stored and when it is read into memory is one job, apart from searching.

A :class:`StringTable` is strings in a UTF-8 blob with ``uint32`` offsets, in id order, plus
their sorted ``uint64`` hashes (:func:`key_hash`) and the id of each; a lookup is a binary
search and one comparison of bytes. Arrays are ``array.array`` when built and ``memoryview``
casts of the cache file when loaded; both index and ``bisect`` alike.
"""

from __future__ import annotations

import bisect
import hashlib
from array import array
from collections.abc import Iterator, Sequence
from typing import Protocol

#: Array type codes (``array``/``memoryview`` formats) of the stored sections.
U64, U32, I64, BYTE = "Q", "I", "q", "B"


class IntArray(Protocol):
    """An indexable array of ints: ``array.array`` or a ``memoryview`` cast."""

    def __getitem__(self, index: int, /) -> int: ...
    def __len__(self) -> int: ...


def key_hash(text: str) -> int:
    """A stable 64-bit hash of ``text`` (blake2b of its UTF-8): the same in every process,
    unlike ``hash()``.

    >>> key_hash("the") == key_hash("the") != key_hash("The")
    True
    """
    data = text.encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


def pack_strings(strings: Sequence[str], prefix: str) -> dict[str, array | bytes]:
    """The sections of a :class:`StringTable` holding ``strings`` (id = position), named
    ``{prefix}_blob``, ``_off``, ``_hash``, ``_slot``."""
    encoded = [s.encode("utf-8", "surrogatepass") for s in strings]
    offsets = array(U32, [0])
    total = 0
    for data in encoded:
        total += len(data)
        offsets.append(total)
    hashes = [int.from_bytes(hashlib.blake2b(d, digest_size=8).digest(), "little") for d in encoded]
    order = sorted(range(len(strings)), key=hashes.__getitem__)
    return {
        f"{prefix}_blob": b"".join(encoded),
        f"{prefix}_off": offsets,
        f"{prefix}_hash": array(U64, [hashes[i] for i in order]),
        f"{prefix}_slot": array(U32, order),
    }


class StringTable:
    """Strings by id, and the id of a string, over the sections of :func:`pack_strings`.

    A table asked often is read into a ``dict`` (string -> id) and a list (id -> string) once
    its queries outnumber half its strings: reading costs about 0.7 µs a string, a binary
    search over the mapped hashes about 2 µs a query, so a short run (one small document, a
    review) never pays for it and a batch pays once. Either way the answers are the same.
    """

    __slots__ = ("_blob", "_by_text", "_hash", "_off", "_queries", "_slot", "_strings", "size")

    def __init__(self, blob: bytes | memoryview, off: IntArray, hashes: IntArray, slot: IntArray):
        self._blob = memoryview(blob)
        self._off = off
        self._hash = hashes
        self._slot = slot
        self.size = len(slot)
        self._queries = 0
        self._by_text: dict[str, int] | None = None
        self._strings: list[str] | None = None

    @classmethod
    def from_sections(cls, sections: dict[str, object], prefix: str) -> StringTable:
        s = sections
        return cls(
            s[f"{prefix}_blob"], s[f"{prefix}_off"], s[f"{prefix}_hash"], s[f"{prefix}_slot"]
        )  # type: ignore[arg-type]

    def check(self) -> str | None:
        """What is inconsistent in the sections' shapes, or None (cheap: no full scan)."""
        if len(self._off) != self.size + 1 or len(self._hash) != self.size:
            return "string table lengths disagree"
        if self.size and self._off[self.size] != len(self._blob):
            return "string table offsets overrun"
        return None

    def _asked(self) -> bool:
        """Count one query; read the table into memory when queries outnumber half of it.
        True when the in-memory forms are there."""
        self._queries += 1
        if self._queries * 2 <= self.size:
            return False
        self.load()
        return True

    def load(self) -> None:
        """Read the table into memory now (a ``dict`` and a list; about 0.8 µs a string), as
        its queries would after half its size: for a caller that knows a batch is coming, or
        one that times the queries apart from the load. Does nothing the second time."""
        if self._by_text is not None:
            return
        blob = bytes(self._blob)
        off = list(self._off)
        strings = [
            blob[off[i] : off[i + 1]].decode("utf-8", "surrogatepass") for i in range(self.size)
        ]
        # In reverse so that of two equal strings the lower id wins, as in the hash search.
        self._by_text = {strings[i]: i for i in range(self.size - 1, -1, -1)}
        self._strings = strings

    def find(self, text: str) -> int:
        """The id of ``text``, or -1."""
        by_text = self._by_text
        if by_text is not None or self._asked():
            return self._by_text.get(text, -1)  # type: ignore[union-attr]
        data = text.encode("utf-8", "surrogatepass")
        h = int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")
        hashes = self._hash
        i = bisect.bisect_left(hashes, h)
        while i < self.size and hashes[i] == h:
            sid = self._slot[i]
            if self._blob[self._off[sid] : self._off[sid + 1]] == data:
                return sid
            i += 1
        return -1

    def string(self, sid: int) -> str:
        """The string with id ``sid`` (``IndexError`` past the end)."""
        strings = self._strings
        if strings is not None or self._asked():
            return self._strings[sid]  # type: ignore[index]
        return str(self._blob[self._off[sid] : self._off[sid + 1]], "utf-8", "surrogatepass")

    def loaded_ids(self) -> dict[str, int] | None:
        """string -> id once the table has been read into memory (what ``find`` answers from
        then on, for callers that ask many times), else None."""
        return self._by_text

    def loaded_values(self, values: IntArray) -> dict[str, int] | None:
        """``{string: values[id]}`` (``values``: an array by id, such as counts) once the table
        is in memory, else None: a value in one dict probe."""
        by_text = self._by_text
        if by_text is None:
            return None
        read = list(values)
        return {text: read[sid] for text, sid in by_text.items()}

    def loaded_strings(self) -> list[str] | None:
        """The strings by id once the table has been read into memory (the same strings as
        ``string`` gives, for loops over many ids), else None."""
        return self._strings

    def __iter__(self) -> Iterator[str]:
        for sid in range(self.size):
            yield self.string(sid)

    def __len__(self) -> int:
        return self.size
