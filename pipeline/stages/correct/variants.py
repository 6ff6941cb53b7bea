"""The dictionary words one or two OCR confusions from a word, without building the rest.

``channel.ocr_variants`` lists strings one or two confusions away, capped at 64: on BLN600 dev
it built 663k strings to find 4,387 indexed words, and 8,861 of 12,107 words hit the cap
before their second step was done. ``indexed_variants`` walks the word left to right instead,
keeping each letter or replacing what starts there by a confusion (``channel._PAIR_LIST``, at
most two in a word; the second may act on the first's letters, ``e``→``o``→``a``, ``canje``:
``j``→``i``, ``ni``→``m``), and goes on only while what it has built starts some indexed word
(``WordPrefixes``). It finds every indexed word two successive confusions make (as
``ocr_variants`` does, without its cap) and builds little else.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.lexicon import Lexicon
from pipeline.stages.correct.channel import _PAIR_LIST

#: Most confusions in one variant (the walk below takes one-confusion steps only after one).
MAX_CONFUSIONS = 2


def _chained(x: str, y: str, x2: str, y2: str) -> list[tuple[str, str]]:
    """(seen, meant) of confusion ``x``→``y`` followed by ``x2``→``y2`` on letters that overlap
    ``y``: inside it (``c``→``o``→``a``), or running past its end or start onto the letters
    OCR read beside it (``canje``: ``j``→``i``, then ``ni``→``m`` over ``n`` and that ``i``:
    seen ``nj``, meant ``m``; ``uvad``: ``u``→``v``, then ``vv``→``w``). The seen side is
    ``x`` with those letters; each overlap once.

    >>> _chained("j", "i", "ni", "m")
    [('nj', 'm')]
    """
    out = []
    for s in range(len(y)):
        for e in range(s + 1, len(y) + 1):
            part = y[s:e]
            at = x2.find(part)
            while at != -1:
                before, after = x2[:at], x2[at + len(part) :]
                # letters beside the overlap come from the word only where ``y`` ends
                if (not before or s == 0) and (not after or e == len(y)):
                    out.append((before + x + after, y[:s] + y2 + y[e:]))
                at = x2.find(part, at + 1)
    return out


def _steps() -> dict[str, tuple[tuple[int, str, str, int], ...]]:
    """First letter of a seen side -> (key, seen, meant, confusions) in key order: each pair of
    ``_PAIR_LIST`` (key = its place; one confusion), then each pair chained with a second one
    on letters of its meant side (``_chained``: ``hcnd``: ``c``→``o``→``a``, ``td``:
    ``d``→``cl``→``el``, ``canje``: ``j``→``i``, ``ni``→``m``; two confusions), keys after the
    pairs'. A chain back to the seen side, or to a pair of its own, is left out."""
    steps = [(k, x, y, 1) for k, (x, y) in enumerate(_PAIR_LIST)]
    chained: dict[tuple[str, str], None] = {}
    for x, y in _PAIR_LIST:
        for x2, y2 in _PAIR_LIST:
            for seen, meant in _chained(x, y, x2, y2):
                if meant != seen and (seen, meant) not in _PAIR_LIST:
                    chained[(seen, meant)] = None
    steps += [(len(steps) + k, x, y, 2) for k, (x, y) in enumerate(chained)]
    by_first: dict[str, tuple[tuple[int, str, str, int], ...]] = {}
    for step in steps:
        by_first[step[1][0]] = (*by_first.get(step[1][0], ()), step)
    return by_first


_STEPS_BY_FIRST = _steps()
#: ``_STEPS_BY_FIRST`` with the one-confusion steps only (for a walk with one confusion made)
_ONE_BY_FIRST = {ch: tuple(s for s in steps if s[3] == 1) for ch, steps in _STEPS_BY_FIRST.items()}


class WordPrefixes:
    """Every non-empty prefix of some word (the words themselves among them). From
    ``Lexicon.words``: 84k words give 208k prefixes, about 0.3 CPU-s and 20 MB, once per
    lexicon (``word_prefixes``; ``dictionary.preload`` builds it ahead)."""

    __slots__ = ("prefixes",)

    def __init__(self, words: Iterable[str]) -> None:
        self.prefixes = frozenset(w[:i] for w in words for i in range(1, len(w) + 1))


#: lexicon id -> (the lexicon, its prefixes): the lexicon is held and compared, so an id reused
#: by another lexicon is never read as this one.
_prefixes: dict[int, tuple[Lexicon, WordPrefixes]] = {}


def word_prefixes(lex: Lexicon) -> WordPrefixes:
    """``WordPrefixes`` of ``lex``'s indexed words, built on first use and kept."""
    held = _prefixes.get(id(lex))
    if held is None or held[0] is not lex:
        held = _prefixes[id(lex)] = (lex, WordPrefixes(lex.words))
    return held[1]


def indexed_variants(lex: Lexicon, word: str) -> list[str]:
    """The indexed words (``Lexicon.indexed``: English or a lexicon target) that one or two OCR
    confusions (``channel.OCR_CONFUSIONS``, both ways, at places that do not overlap, or two
    chained on the first's letters: ``_steps``) make of ``word`` (lowercase), ``word`` itself
    not among them; each once. Order: one confusion before two; then by each step's key
    (``_steps``) and place in the word, left to right (the one-confusion words in the order
    ``ocr_variants`` lists them).

    >>> "modern" in indexed_variants(Lexicon.load(), "rnodern")
    True
    """
    prefixes = word_prefixes(lex).prefixes
    n = len(word)
    found: dict[str, tuple[int, ...]] = {}
    # (built so far, place in word, confusions made, (step key, place) of each step), depth first
    stack: list[tuple[str, int, int, tuple[int, ...]]] = [("", 0, 0, ())]
    while stack:
        built, i, used, made = stack.pop()
        if used == MAX_CONFUSIONS or i == n:
            # no confusion left to make, or no letter to make it on: the rest is as OCR read it
            w = built + word[i:]
            if used and w != word and w in prefixes:
                key = (used, *made)
                found[w] = min(found.get(w, key), key)
            continue
        ch = word[i]
        for k, x, y, cost in (_ONE_BY_FIRST if used else _STEPS_BY_FIRST).get(ch, ()):
            if (len(x) == 1 or word.startswith(x, i)) and (nxt := built + y) in prefixes:
                stack.append((nxt, i + len(x), used + cost, (*made, k, i)))
        if (nxt := built + ch) in prefixes:
            stack.append((nxt, i + 1, used, made))
    return lex.indexed(sorted(found, key=found.__getitem__))
