"""The candidate index: SymSpell's symmetric-delete search over flat arrays we own.

Why a module of its own: the correct stage asks "which indexed words are closest to this
token?" thousands of times a run, and the answer must not change when the storage does. This is
the SymSpell algorithm (Wolf Garbe; symspellpy's ``lookup`` with ``Verbosity.CLOSEST``, ported
line for line and checked against symspellpy in ``tests/test_lexicon_index.py``): every
indexed word's prefix (``prefix_length`` characters) is stored under each string made by
deleting up to ``max_distance`` characters from it; a query generates its own deletes, reads the
words stored under them and verifies each with the optimal-string-alignment distance.

The storage is data only, so it can be written to disk and mapped back without running code:

* the words are a :class:`~.tables.StringTable` (:mod:`.tables`), their counts an array by id;
* the delete index is the sorted unique ``uint64`` hashes of the delete strings, a ``uint32``
  start per hash into a flat ``uint32`` array of word ids, each bucket in id order (the order
  words were added, which decides the order of equal suggestions, as in symspellpy);
* beside it, for a batch (``CandidateIndex.load``): the delete strings themselves in hash order
  (``del_text``, newline-joined), read into a ``dict`` string -> bucket instead of hashing each
  query's deletes, and each entry's word length and last letter as a byte each (``del_len``,
  ``del_last``), which sift long buckets in C before the look-up's loop reads them
  (``CandidateIndex._sift``).

Arrays are ``array.array`` when built and ``memoryview`` casts of the cache file when loaded;
both index and ``bisect`` alike. A table asked more often than half its size is read into a
``dict`` and a list (a batch pays that once, a short run never), and the index remembers recent
buckets and answers: the answers are the same either way (``tests/test_correct_caches.py``).
numpy is not used: importing it costs 0.1 CPU-s, two thirds of
the start-up budget.
"""

from __future__ import annotations

import bisect
import logging
from array import array
from collections.abc import Callable, Iterable, Sequence
from itertools import compress
from typing import Any, NamedTuple

from editdistpy import damerau_osa

from pipeline.lexicon.tables import U32, U64, IntArray, StringTable, key_hash

log = logging.getLogger(__name__)


class Suggestion(NamedTuple):
    """One suggestion of :meth:`CandidateIndex.lookup` (the shape of symspellpy's
    ``SuggestItem``): an indexed word, its OSA distance from the query, its count."""

    term: str
    distance: int
    count: int


# -- the symmetric-delete index --------------------------------------------------------------


def prefix_deletes(word: str, max_distance: int, prefix_length: int) -> set[str]:
    """The delete strings ``word`` is stored under (symspellpy's ``_edits_prefix``): its
    prefix and every string made by deleting 1 to ``max_distance`` characters from the prefix,
    plus ``""`` for a word no longer than ``max_distance``.

    >>> sorted(prefix_deletes("abc", 1, 6))
    ['ab', 'abc', 'ac', 'bc']
    """
    key = word[:prefix_length]
    deletes = {key}
    if len(word) <= max_distance:
        deletes.add("")
    level = deletes.copy()
    for _ in range(max_distance):
        level = {w[:i] + w[i + 1 :] for w in level for i in range(len(w))}
        deletes |= level
    return deletes


def _first(item: tuple[int, list[int]]) -> int:
    return item[0]


def length_code(word: str) -> int:
    """``word``'s length as a byte (255 for 255 letters or more: "long, ask the word")."""
    return min(len(word), 255)


def ending_code(word: str) -> int:
    """``word``'s last letter as a byte: its code point below 255, else 255 ("ask the word");
    a space's for the empty word (as ``CandidateIndex._shapes`` reads it)."""
    return min(ord(word[-1:] or " "), 255)


def pack_deletes(
    words: Sequence[str], max_distance: int, prefix_length: int
) -> dict[str, array | bytes]:
    """The delete-index sections for ``words`` (id = position): ``del_hash`` (sorted unique
    uint64), ``del_start`` (uint32, one more than hashes), ``del_ids`` (uint32 word ids), and
    per entry of ``del_ids`` its word's :func:`length_code` and :func:`ending_code`
    (``del_len``, ``del_last``, bytes); ``del_text``, the delete strings in hash order joined
    by newlines (UTF-8), unless two share a hash or one holds a newline (then the index hashes
    each query's deletes, as a short run does)."""
    buckets: dict[str, list[int]] = {}
    for wid, word in enumerate(words):
        for delete in prefix_deletes(word, max_distance, prefix_length):
            buckets.setdefault(delete, []).append(wid)
    keyed = sorted(zip(map(key_hash, buckets), buckets.values(), buckets, strict=True), key=_first)
    hashes, starts, flat = array(U64), array(U32, [0]), array(U32)
    texts: list[str] | None = []
    for h, ids, delete in keyed:
        if hashes and hashes[-1] == h:  # two delete strings with one hash: merge the buckets
            log.warning("delete-index hash collision; the buckets are merged")
            texts = None
            merged = sorted({*flat[starts[-2] :], *ids})
            del flat[starts[-2] :]
            flat.extend(merged)
            starts[-1] = len(flat)
            continue
        hashes.append(h)
        flat.extend(ids)
        starts.append(len(flat))
        if texts is not None:
            texts.append(delete)
    lengths = bytes(map(length_code, words))
    endings = bytes(map(ending_code, words))
    sections: dict[str, array | bytes] = {
        "del_hash": hashes,
        "del_start": starts,
        "del_ids": flat,
        "del_len": bytes(map(lengths.__getitem__, flat)),
        "del_last": bytes(map(endings.__getitem__, flat)),
    }
    if texts is not None and not any("\n" in t for t in texts):
        sections["del_text"] = "\n".join(texts).encode("utf-8", "surrogatepass")
    return sections


def _same(text: str) -> str:
    return text


def _last(text: str) -> str:
    return text[-1:] or " "


class _Read:
    """``view[wid]``: ``shape(read(wid))``, for ``CandidateIndex._shapes`` before the word
    table is in memory."""

    __slots__ = ("_read", "_shape")

    def __init__(self, read: Callable[[int], str], shape: Callable[[str], object]) -> None:
        self._read = read
        self._shape = shape

    def __getitem__(self, wid: int) -> Any:
        return self._shape(self._read(wid))


#: Delete strings whose buckets :meth:`CandidateIndex._bucket` remembers at most.
_BUCKET_MEMO = 1 << 16
#: Queries whose answers :meth:`CandidateIndex.lookup` remembers at most.
_LOOKUP_MEMO = 1 << 14
#: Buckets this long or longer are sifted in C (:meth:`CandidateIndex._sift`) before the
#: look-up's loop reads them; a shorter one is read whole (the sift's dozen calls cost about
#: what reading a dozen entries does).
_SIFT_MIN = 16
#: ``bytes.translate`` table of the sum of a length mark and an ending mark (``_sift``): 1 at 2
#: or more.
_KEEP = bytes(1 if v >= 2 else 0 for v in range(256))


class CandidateIndex:
    """Indexed words at the smallest edit distance from a query (SymSpell, CLOSEST)."""

    def __init__(
        self,
        words: StringTable,
        counts: IntArray,
        n_words: int,
        sections: dict[str, object],
        *,
        max_length: int,
        max_distance: int,
        prefix_length: int,
    ) -> None:
        self._words = words
        self._counts = counts
        self._n = n_words  # ids below this are indexed words; the table may hold more strings
        self._hash: IntArray = sections["del_hash"]  # type: ignore[assignment]
        self._start: IntArray = sections["del_start"]  # type: ignore[assignment]
        self._ids: IntArray = sections["del_ids"]  # type: ignore[assignment]
        self._texts: bytes | memoryview | None = sections.get("del_text")  # type: ignore[assignment]
        self._entry_codes = (sections.get("del_len"), sections.get("del_last"))
        self.max_length = max_length
        self.max_distance = max_distance
        self.prefix_length = prefix_length
        self._memo: dict[str, Sequence[int]] = {}
        # delete hash -> its place in ``_hash``, once asked often (``load``): a dict probe
        # instead of a binary search over the mapped hashes; or, where the delete strings are
        # stored, delete string -> place (no hash to compute), with the entries' codes as bytes
        self._place: dict[int, int] | None = None
        self._by_delete: dict[str, int] | None = None
        self._codes: tuple[bytes, bytes] | None = None
        self._tables: dict[tuple[int, int, int], bytes] = {}
        self._searches = 0
        # answers kept as plain tuples (term, distance, count): the collector stops tracking a
        # tuple of strings and ints, never a ``Suggestion`` (a subclass), and a batch keeps
        # thousands of answers that every full collection would otherwise walk
        self._answers: dict[tuple[str, int], tuple[tuple[str, int, int], ...]] = {}
        self._near: dict[tuple[str, int], bool] = {}
        self._shapes_held: tuple[list[str], list[int], str] | None = None

    def check(self) -> str | None:
        """What is inconsistent in the sections' shapes, or None."""
        if len(self._start) != len(self._hash) + 1:
            return "delete index lengths disagree"
        if len(self._hash) and self._start[len(self._hash)] != len(self._ids):
            return "delete index starts overrun"
        if any(c is not None and len(c) != len(self._ids) for c in self._entry_codes):
            return "delete index codes disagree"
        return None

    def _bucket(self, delete: str) -> Sequence[int]:
        """The ids of the words stored under ``delete``, in the order they were indexed.

        Once loaded, found by string in one dict probe; before, by hash, and remembered (up to
        ``_BUCKET_MEMO`` delete strings, then forgotten all at once): queries with a common
        prefix share most of their deletes (four in ten repeat on BLN600)."""
        by_delete = self._by_delete
        if by_delete is not None:
            i = by_delete.get(delete, -1)
            start = self._start
            return () if i < 0 else self._ids[start[i] : start[i + 1]]  # type: ignore[index]
        memo = self._memo
        found = memo.get(delete)
        if found is not None:
            return found
        h = key_hash(delete)
        place = self._place
        if place is None:
            self._searches += 1
            if self._searches * 10 > len(self._hash):
                self.load()
                if self._by_delete is not None:
                    return self._bucket(delete)
            place = self._place
        if place is not None:
            i = place.get(h, -1)
        else:
            i = bisect.bisect_left(self._hash, h)
            if i == len(self._hash) or self._hash[i] != h:
                i = -1
        start = self._start
        found = () if i < 0 else self._ids[start[i] : start[i + 1]]  # type: ignore[index]
        if len(memo) >= _BUCKET_MEMO:
            memo.clear()
        memo[delete] = found
        return found

    def load(self) -> None:
        """Read the delete strings into a dict (string -> bucket) and the entries' codes into
        bytes now (about 0.15 CPU-s, the hashes' dict 0.1), as the index does itself once its
        searches outnumber a tenth of its deletes (a binary search costs about ten times a dict
        probe, and hashing a delete string as much again); without stored delete strings, the
        hashes into a dict (hash -> bucket). The answers are the same. Does nothing the second
        time."""
        if self._by_delete is not None or self._place is not None:
            return
        texts = self._texts
        if texts is not None:
            strings = str(texts, "utf-8", "surrogatepass").split("\n")
            if len(strings) == len(self._hash):  # else not the index's: hash as before
                self._by_delete = dict(zip(strings, range(len(strings)), strict=True))
                self._memo.clear()
                lens, lasts = self._entry_codes
                if lens is not None and lasts is not None:
                    self._codes = (bytes(lens), bytes(lasts))
                return
        self._place = {h: i for i, h in enumerate(self._hash)}

    def count(self, word: str) -> int:
        """The count of an indexed word, 0 for any other string."""
        wid = self._words.find(word)
        return self._counts[wid] if 0 <= wid < self._n else 0

    def lookup(self, phrase: str, max_edit_distance: int | None = None) -> list[Suggestion]:
        """Indexed words at the smallest OSA distance (at most ``max_edit_distance``, default
        and limit the index's ``max_distance``) from ``phrase``: sorted by distance, then count
        descending, then the order the search meets them (delete string by delete string,
        each bucket in the order the words were indexed: symspellpy's order, which decides the
        ranking's ties). ``ValueError`` above the limit.

        symspellpy's ``SymSpell.lookup(phrase, Verbosity.CLOSEST, max_edit_distance)``. The
        last ``_LOOKUP_MEMO`` answers are remembered (a batch repeats about one query in ten);
        each call returns a new list of new ``Suggestion``s."""
        if max_edit_distance is None:
            max_edit_distance = self.max_distance
        if max_edit_distance > self.max_distance:
            raise ValueError("distance too large")
        key = (phrase, max_edit_distance)
        answers = self._answers
        found = answers.get(key)
        if found is None:
            found = tuple(map(tuple, self._lookup(phrase, max_edit_distance)))
            if len(answers) >= _LOOKUP_MEMO:
                answers.clear()
            answers[key] = found
        return list(map(Suggestion._make, found))

    def near(self, phrase: str, max_edit_distance: int) -> bool:
        """Is ``lookup(phrase, max_edit_distance)`` non-empty? Answered from a remembered
        ``lookup`` answer, else by the same search stopped at the first word it keeps: once one
        is kept, a closer one can only replace it, never leave the answer empty. For callers
        that need to know only whether some word is within reach (about a third of the cost of
        a full look-up)."""
        if max_edit_distance > self.max_distance:
            raise ValueError("distance too large")
        key = (phrase, max_edit_distance)
        found = self._answers.get(key)
        if found is not None:
            return bool(found)
        near = self._near.get(key)
        if near is None:
            near = bool(self._lookup(phrase, max_edit_distance, first=True))
            if len(self._near) >= _LOOKUP_MEMO:
                self._near.clear()
            self._near[key] = near
        return near

    def within(self, phrase: str, max_edit_distance: int, min_count: int) -> list[str]:
        """Every indexed word of count ``min_count`` or more at OSA distance 1 to
        ``max_edit_distance`` (at most the index's) from ``phrase``, in the order met: not the
        closest only, as ``lookup`` (symspellpy's ``Verbosity.ALL``: every delete bucket of the
        phrase's prefix read, each word verified). About 0.2 ms a word with a floor of a
        million (six times ``lookup``): for the few words a caller must see every neighbour of
        (the context-rival gate's near rivals, ``stages/correct/evidence.py``)."""
        strings, lens, _ = self._shapes()
        counts = self._counts
        prefix = phrase[: self.prefix_length]
        queue, deletes, seen, out = [prefix], {prefix}, set(), []
        lo, hi = len(phrase) - max_edit_distance, len(phrase) + max_edit_distance
        for head in queue:  # grows while read: the prefix's deletes, breadth first
            for wid in self._bucket(head):
                if counts[wid] < min_count or not lo <= lens[wid] <= hi or wid in seen:
                    continue
                seen.add(wid)
                if damerau_osa.distance(phrase, strings[wid], max_edit_distance) > 0:
                    out.append(strings[wid])
            if len(prefix) - len(head) < max_edit_distance:
                for k in range(len(head)):
                    delete = head[:k] + head[k + 1 :]
                    if delete not in deletes:
                        deletes.add(delete)
                        queue.append(delete)
        return out

    def _shapes(self) -> tuple[Sequence[str], Sequence[int], Sequence[str]]:
        """The indexed words by id, their lengths and their last letters: lists and a string
        once the word table is in memory (made once, about 15 ms), else views that read each
        from the table as asked (a short run never reads the table whole)."""
        shapes = self._shapes_held
        if shapes is not None:
            return shapes
        strings = self._words.loaded_strings()
        if strings is None:
            return (
                _Read(self._words.string, _same),
                _Read(self._words.string, len),
                _Read(self._words.string, _last),
            )
        words = strings[: self._n]
        lens = [len(w) for w in words]
        lasts = "".join([w[-1:] or " " for w in words])
        shapes = self._shapes_held = (strings, lens, lasts)
        return shapes

    def _sift(
        self, first: int, end: int, shortest: int, longest: int, tails: bytes | None
    ) -> Iterable[int]:
        """The word ids of the delete-index entries ``first`` to ``end`` (one bucket) whose word
        is ``shortest`` to ``longest`` letters long and, with ``tails`` (a ``bytes.translate``
        table: 1 at the ending codes kept), no longer than the prefix or ending as ``tails``
        keeps; in bucket order. In C: the entries' codes (``load``) translated to a mask for
        ``itertools.compress``. Conservative: a code of 255 (a length or letter a byte cannot
        hold) is kept, for the caller's own tests to decide."""
        lens, lasts = self._codes  # type: ignore[misc]
        limit = self.prefix_length if tails is not None and longest > self.prefix_length else 0
        key = (shortest, longest, limit)
        table = self._tables.get(key)
        if table is None:
            # in range: 1, or with an ending to test, 3 up to the prefix's length and 1 beyond
            # (3 + an ending mark of 0 or 1 >= 2; 1 + 1 for an ending kept = 2; else below 2)
            table = self._tables[key] = bytes(
                (3 if limit and n <= limit else 1) if shortest <= n <= longest or n == 255 else 0
                for n in range(256)
            )
        ids = self._ids[first:end]  # type: ignore[index]
        if not limit:
            return compress(ids, lens[first:end].translate(table))
        total = int.from_bytes(lens[first:end].translate(table)) + int.from_bytes(
            lasts[first:end].translate(tails)  # type: ignore[arg-type]
        )
        return compress(ids, total.to_bytes(end - first).translate(_KEEP))

    def _lookup(self, phrase: str, max_edit_distance: int, first: bool = False) -> list[Suggestion]:
        """``lookup`` itself, for a distance already checked; with ``first``, only as far as
        the first word kept (``near``: whether the answer is empty, not the answer).

        symspellpy's loop with every test of it kept. The tests that skip a word before its
        distance is computed remember nothing of it, so their order is free: the cheapest are
        asked first, a word's length (from ``_shapes``, before its string is read), then
        whether it was considered. At the prefix's deletion limit symspellpy skips a word
        longer than the prefix whose ending differs from the phrase's (its "too far" shortcut);
        such a word passes only if it ends in the phrase's last or last-but-one letter, which
        is asked first from its last letter alone. Once loaded, a long bucket's entries that
        fail these first tests are left out in C before the loop (``_sift``). Same words, same
        order, ties included (``tests/test_lexicon_index.py``)."""
        suggestions: list[Suggestion] = []
        phrase_len = len(phrase)
        if phrase_len - max_edit_distance > self.max_length:
            return suggestions
        found = self._words.find(phrase)
        if 0 <= found < self._n:
            return [Suggestion(phrase, 0, self._counts[found])]
        if max_edit_distance == 0:
            return suggestions
        strings, lens, lasts = self._shapes()
        counts = self._counts
        bucket = self._bucket
        # once loaded: the buckets found by string, the long ones sifted in C (``_sift``)
        by_delete = self._by_delete if self._codes is not None else None
        start, sift = self._start, self._sift
        prefix_length = self.prefix_length
        considered_deletes: set[str] = set()
        considered_suggestions = {phrase}
        max_edit_distance_2 = max_edit_distance
        phrase_prefix_len = min(phrase_len, prefix_length)
        limit_len = prefix_length - max_edit_distance
        # the letters a word longer than the prefix may end in and pass the shortcut at the limit
        endings = (phrase[-1], phrase[-2]) if phrase_len > prefix_length else None
        kept_endings = None
        if endings is not None and by_delete is not None:
            # ``_sift``'s table of the ending codes kept: the endings', and 255 (ask the word)
            marks = bytearray(256)
            marks[255] = 1
            for letter in endings:
                marks[ending_code(letter)] = 1
            kept_endings = bytes(marks)
        candidates = [phrase[:phrase_prefix_len]]
        pointer = 0
        while pointer < len(candidates):
            candidate = candidates[pointer]
            pointer += 1
            candidate_len = len(candidate)
            len_diff = phrase_prefix_len - candidate_len
            if len_diff > max_edit_distance_2:
                break  # candidates come in delete-distance order: none is closer
            at_limit = candidate_len == limit_len
            tails = endings if at_limit else None
            # the lengths symspellpy keeps: within the distance of the phrase's, and not
            # shorter than the delete (a word as long as it must be it)
            shortest = max(phrase_len - max_edit_distance_2, candidate_len)
            longest = phrase_len + max_edit_distance_2
            if by_delete is None:
                ids: Iterable[int] = bucket(candidate)
            elif (i := by_delete.get(candidate, -1)) < 0:
                ids = ()
            elif (end := start[i + 1]) - (begin := start[i]) < _SIFT_MIN:
                ids = self._ids[begin:end]  # type: ignore[index]
            else:
                # Left out: only entries the loop below would skip before any test that
                # remembers something, whatever the distance becomes while the bucket is read
                # (it only shrinks): out of the length range; longer than the prefix test
                # below allows (on lengths alone: it skips a word when the shorter of it and
                # the prefix length exceeds both the phrase's prefix and this delete plus the
                # distance); and at the limit, a long word with another ending.
                reach = max(phrase_prefix_len, candidate_len + max_edit_distance_2)
                ids = sift(
                    begin,
                    end,
                    shortest,
                    longest if reach >= prefix_length else min(longest, reach),
                    kept_endings if at_limit else None,
                )
            for wid in ids:
                suggestion_len = lens[wid]
                if suggestion_len < shortest or suggestion_len > longest:
                    continue
                if tails is not None and suggestion_len > prefix_length and lasts[wid] not in tails:
                    continue
                suggestion = strings[wid]
                if suggestion in considered_suggestions:
                    continue
                if suggestion_len == candidate_len and suggestion != candidate:
                    continue
                suggestion_prefix_len = (
                    suggestion_len if suggestion_len < prefix_length else prefix_length
                )
                if (
                    suggestion_prefix_len > phrase_prefix_len
                    and suggestion_prefix_len - candidate_len > max_edit_distance_2
                ):
                    continue
                if candidate_len == 0:
                    distance = max(phrase_len, suggestion_len)
                    if distance > max_edit_distance_2:
                        continue
                elif suggestion_len == 1:
                    distance = phrase_len - 1 if suggestion[0] in phrase else phrase_len
                    if distance > max_edit_distance_2:
                        continue
                else:
                    # Edits in the prefix use up the distance and the suffixes differ: too far
                    # without computing the distance (symspellpy's shortcut; away from the
                    # limit its ``min_distance`` is 0 and it skips nothing).
                    if at_limit:
                        min_distance = (
                            phrase_len if phrase_len < suggestion_len else suggestion_len
                        ) - prefix_length
                        if min_distance > 0 and (
                            (
                                min_distance > 1
                                and phrase[phrase_len + 1 - min_distance :]
                                != suggestion[suggestion_len + 1 - min_distance :]
                            )
                            or (
                                phrase[phrase_len - min_distance]
                                != suggestion[suggestion_len - min_distance]
                                and (
                                    phrase[phrase_len - min_distance - 1]
                                    != suggestion[suggestion_len - min_distance]
                                    or phrase[phrase_len - min_distance]
                                    != suggestion[suggestion_len - min_distance - 1]
                                )
                            )
                        ):
                            continue
                    considered_suggestions.add(suggestion)
                    distance = damerau_osa.distance(phrase, suggestion, max_edit_distance_2)
                    if distance < 0:
                        continue
                # here ``distance <= max_edit_distance_2``
                item = Suggestion(suggestion, distance, counts[wid])
                if distance < max_edit_distance_2:
                    suggestions = []
                    max_edit_distance_2 = distance
                    shortest = max(phrase_len - distance, candidate_len)
                    longest = phrase_len + distance
                suggestions.append(item)
                if first:
                    return suggestions
            if len_diff < max_edit_distance and candidate_len <= prefix_length:
                if len_diff >= max_edit_distance_2:
                    continue
                for i in range(candidate_len):
                    delete = candidate[:i] + candidate[i + 1 :]
                    if delete not in considered_deletes:
                        considered_deletes.add(delete)
                        candidates.append(delete)
        if len(suggestions) > 1:
            suggestions.sort(key=lambda s: (s.distance, -s.count))
        return suggestions
