"""Where a correction lands in the gold, and whether the gold can judge it.

``bench.metrics.judge_corrections`` needs, for each correction record, the gold text at the
record's place. Word-by-word alignment gets that wrong whenever the OCR and the gold cut words
differently: a fix inside a hyphenated compound (``Shoulden etreet`` against ``Shoulden-street``)
or a merge next to a word the OCR lost (``thehouse`` against ``entered the house``). Here the
place comes from one character-level edit script of the whole text (rapidfuzz's
``Levenshtein.opcodes``), so word boundaries do not decide it, and is then widened to whole gold
words where the record starts or ends a word. ``verdict`` then says right, wrong or neutral;
neutral only where the gold cannot judge: it has no word there, or only case differs and the
gold writes that very word both ways in mid-sentence itself.
"""

from __future__ import annotations

import bisect
import re

from rapidfuzz.distance import Levenshtein

# Why a record is judged neither right nor wrong.
NO_GOLD = "no gold"  # the gold has no word at the record's place (it left the OCR text out)
GOLD_CASE = "gold case"  # only case differs, and the gold writes this word both ways mid-sentence
UNREADABLE = "unreadable"  # the gold's reader could not read the right word there


# Punctuation taken off a word's ends before comparing words (the correct stage never changes it;
# the character scores still count it).
EDGE_PUNCT = "\"'`‘’“”«»()[]{}<>.,;:!?*_-–—/\\|…·•§¶°~^=+@#$%&"


def core(token: str) -> str:
    """A word without the punctuation at its ends (``"(Tehran)."`` -> ``Tehran``)."""
    return token.strip(EDGE_PUNCT)


class CharMap:
    """Positions of ``before`` mapped to positions of ``gold`` through one character-level edit
    script (``Levenshtein.opcodes``), so a record's place in the gold does not depend on how
    either text cut its words (``Shoulden etreet`` / ``Shoulden-street``, ``thehouse`` /
    ``entered the house``)."""

    def __init__(self, before: str, gold: str) -> None:
        self.gold = gold
        # The script is made on both texts with every whitespace run read as one space (and
        # positions mapped back), so a blank line one text has and the other lacks cannot shift
        # a tied edit onto the next word (``\n\nB.O.`` against ``\nE.O.``: the ``B`` deleted and
        # the newline replaced by ``E`` costs the same as the ``B`` replaced).
        b, self._b_to, self._b_from = _collapse(before)
        g, self._g_to, _ = _collapse(gold)
        self.ops = [
            (op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
            for op in Levenshtein.opcodes(b, g)
        ]
        self.src_starts = [op[1] for op in self.ops]
        self._glen = len(g)

    def _block(self, p: int) -> tuple[str, int, int, int, int] | None:
        """The non-insert block holding collapsed ``before[p]``."""
        k = bisect.bisect_right(self.src_starts, p) - 1
        while k >= 0:
            op = self.ops[k]
            if op[0] != "insert" and op[1] <= p < op[2]:
                return op
            k -= 1
        return None

    def _gold_at(self, q: int) -> int:
        """Original gold position of collapsed gold position ``q`` (``q`` may be the end)."""
        return self._g_to[q] if q < self._glen else len(self.gold)

    def _first(self, p: int) -> int:
        """Where in the gold the text from ``before[p]`` on begins."""
        op = self._block(self._b_from[p]) if p < len(self._b_from) else None
        if op is None:
            return len(self.gold)
        tag, s1, _, d1, _ = op
        q = self._b_from[p]
        return self._gold_at(d1 + (q - s1) if tag in ("equal", "replace") else d1)

    def _last(self, p: int) -> int:
        """Where in the gold the text up to ``before[p - 1]`` ends."""
        if p <= 0:
            return 0
        q = self._b_from[p - 1]
        op = self._block(q)
        if op is None:
            return 0
        tag, s1, _, d1, _ = op
        if tag in ("equal", "replace"):
            return self._gold_at(d1 + (q - s1)) + 1
        return self._gold_at(d1)

    def span(self, start: int, end: int, before: str) -> tuple[int, int]:
        """The gold span ``(start, end)`` of ``before[start:end]``.

        First the gold text the edit script turns it into (gold text inserted at its ends left
        out). Where that cuts a gold word while the record starts or ends a word of ``before``,
        the cut moves to that gold word's start or end, whichever leaves the gold span nearest
        to the OCR text of the record (by edit distance; on a tie the wider span). So the
        edit script's choice among tied edits does not decide the place: ``'ehild`` ->
        ``child`` whether the quote or the ``e`` was the deleted character, ``thehouse`` ->
        ``the house`` not ``entered the house``; and letters the OCR lost at a word's end are in
        the span (``decid`` -> ``decided``), as is the whole word a fragment belongs to
        (``rable`` of ``conside- rable`` -> ``considerable``). The choice looks at the OCR text
        only, never at the correction being judged."""
        gold = self.gold
        g1 = self._first(start)
        g2 = max(g1, self._last(end))
        firsts, lasts = [g1], [g2]
        if not _inside_word(before, start) and self._cuts(g1):
            firsts = [self._word_start(g1), self._word_end(g1)]
        if not _inside_word(before, end) and self._cuts(g2):
            lasts = [self._word_end(g2), self._word_start(g2)]
        original = cores(before[start:end])
        # A span emptied by the move is no candidate: a word the record is part of is its place.
        spans = [(a, b) for a in firsts for b in lasts if a < b] or [(g1, g2)]
        return min(
            spans,
            key=lambda ab: (
                Levenshtein.distance(original, cores(gold[ab[0] : ab[1]])),
                ab[0] - ab[1],
            ),
        )

    def _cuts(self, q: int) -> bool:
        return 0 < q < len(self.gold) and _wordy(self.gold[q - 1]) and _wordy(self.gold[q])

    def _word_start(self, q: int) -> int:
        while q > 0 and _wordy(self.gold[q - 1]):
            q -= 1
        return q

    def _word_end(self, q: int) -> int:
        while q < len(self.gold) and _wordy(self.gold[q]):
            q += 1
        return q


def _collapse(text: str) -> tuple[str, list[int], list[int]]:
    """``text`` with every whitespace run as one space, the original position of each collapsed
    character, and the collapsed position of each original character (a run's spaces all map to
    its one space).

    >>> _collapse("a \\n\\nb")[0]
    'a b'
    """
    out: list[str] = []
    to: list[int] = []
    back: list[int] = []
    for i, c in enumerate(text):
        if c.isspace() and out and out[-1] == " " and text[i - 1].isspace():
            back.append(len(out) - 1)
            continue
        back.append(len(out))
        out.append(" " if c.isspace() else c)
        to.append(i)
    return "".join(out), to, back


# A word divided at a line's end: "state-" then, on a following line, "ments".
_LINE_END_HYPHEN = re.compile(r"(\w)-[ \t]*\n\s*(\w)")


def cores(text: str) -> str:
    r"""The words of ``text`` as cores joined by single spaces, with a word divided by a hyphen at
    a line's end joined first: how the page reads, whichever of the texts kept the line break.

    >>> cores("the (state-\n\nments), and")
    'the statements and'
    """
    text = _LINE_END_HYPHEN.sub(r"\1\2", text)
    return " ".join(c for c in (core(t) for t in text.split()) if c)


def _wordy(c: str) -> bool:
    """A character that belongs inside a word: a letter, a digit or an apostrophe."""
    return c.isalnum() or c in "'’"


def _inside_word(text: str, p: int) -> bool:
    """True when position ``p`` of ``text`` falls inside a word: between two letters or digits,
    or next to an apostrophe that has letters on both sides (``father|'s``, ``o'|clock``)."""

    def alnum(q: int) -> bool:
        return 0 <= q < len(text) and text[q].isalnum()

    if alnum(p - 1) and alnum(p):
        return True
    if 0 <= p < len(text) and text[p] in "'’":
        return alnum(p - 1) and alnum(p + 1)
    if p > 0 and text[p - 1] in "'’":
        return alnum(p - 2) and alnum(p)
    return False


_SENTENCE_END = ".!?:"
_CLOSERS = "\"'’”)]"


def _sentence_start(gold: str, pos: int) -> bool:
    """True when the gold word at ``pos`` opens the text or a line, or follows . ! ? or : (quotes
    aside): a place where a capital may be required, so a case difference there is not the
    gold's inconsistency."""
    line = gold[:pos].rpartition("\n")[2]
    before = line.rstrip().rstrip(_CLOSERS)
    return not before or before[-1] in _SENTENCE_END


def mid_sentence_forms(gold: str) -> set[str]:
    """The cores of the gold's words written away from a sentence start (as ``_sentence_start``
    has it), exactly as written: what the gold shows of its own use of case.

    >>> sorted(mid_sentence_forms("The Court rose. Then the court sat"))
    ['Court', 'court', 'rose', 'sat', 'the']
    """
    forms: set[str] = set()
    for line in gold.split("\n"):
        previous = ""
        for token in line.split():
            if previous and previous.rstrip(_CLOSERS)[-1:] not in _SENTENCE_END:
                forms.add(core(token))
            previous = token
    return forms


def verdict(new: str, want: str, gold: str, place: int, mid: set[str]) -> tuple[bool, str]:
    """Judge a replacement: ``new`` and ``want`` are the replacement's and the gold span's words
    as cores joined by spaces, ``place`` the gold span's first character in ``gold``, ``mid``
    the gold's ``mid_sentence_forms``. Returns ``(right, neutral)``: ``(True, "")`` right,
    ``(False, NO_GOLD)`` or ``(False, GOLD_CASE)`` neutral, ``(False, "")`` wrong.

    >>> verdict("court", "Court", "the Court and the court", 4, {"Court", "court"})
    (False, 'gold case')
    >>> verdict("justice", "Justice", "Mr. Justice Day", 4, {"Justice", "Day"})
    (False, '')
    """
    if not want:
        return False, NO_GOLD
    if new == want:
        return True, ""
    if new.casefold() == want.casefold() and not _sentence_start(gold, place):
        # Only case differs. Neutral when the gold itself writes this word both ways in the
        # middle of a sentence (``Court``/``court``): the gold cannot say which is right.
        diff = [(n, w) for n, w in zip(new.split(), want.split(), strict=True) if n != w]
        if all(n in mid for n, _ in diff):
            return False, GOLD_CASE
    return False, ""
