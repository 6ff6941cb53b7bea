"""Which words an unknown word might have been: the candidates the ranking chooses among.

Four sources, each cheap to ask: the dictionary index (``Lexicon.lookup``, SymSpell behind it)
for words one or two edits away; the OCR channel's own confusions (``rnodern`` → ``modern``),
which an edit-distance index ranks too far; words run together (``ofthe``, ``inthecity``: two
common words, or the segmentation ``wordninja``'s English unigram model finds, kept when every
part is a word and every adjacent pair a known pair); and the next token, when OCR split a word
in two (``negoti ations``). A split competes with the one-word readings in the ranking, which
scores its inner pairs with the bigram model. A candidate carries its alignment
to what OCR read, so the ranking and the reason sentence know what kind of edit it is.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import logging
import operator
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from pipeline.core.enums import WordClass
from pipeline.stages.correct.channel import EDIT_COST, Alignment, Edit, align
from pipeline.stages.correct.document import Doc
from pipeline.stages.correct.tokens import WORDISH, Token
from pipeline.stages.correct.variants import indexed_variants

log = logging.getLogger(__name__)

#: SymSpell suggestions aligned per word.
MAX_LOOKUP = 8
#: Both words of a split (``of the``) must be at least this common.
SPLIT_MIN_COUNT = 1_000_000
#: A lost space costs less than a wrong letter: OCR drops the narrow gap between words far more
#: often than it invents a letter (``whereis`` is ``where is``, not ``whereas``; BLN600 dev).
SPLIT_COST = 0.5


@dataclass(slots=True)
class Candidate:
    """One possible reading of a word.

    ``text`` is lowercase (with a space for a split); ``written`` the lexicon's spelling, for
    names (None for English words); ``source`` names the dictionary for the reason sentence;
    ``alignment`` is the edit script from what OCR read. ``score`` (log-probability),
    ``in_doc`` and ``bigram_support`` are filled in by the ranking; ``count`` is the corpus
    frequency; ``tokens`` is how many tokens the original spans (2 for a merge).
    """

    text: str
    written: str | None
    source: str
    alignment: Alignment
    score: float = 0.0
    in_doc: bool = False
    bigram_support: bool = False
    count: int = 0
    tokens: int = 1

    def copy(self) -> Candidate:
        """A new candidate with every field the same (``dataclasses.replace(self)``, a sixth
        of its cost: a compound's piece readings are scored on copies)."""
        return Candidate(*_FIELDS(self))


#: Every field of ``Candidate`` in ``__init__``'s order, read in one call.
_FIELDS = operator.attrgetter(*(f.name for f in dataclasses.fields(Candidate)))


def candidates(doc: Doc, tok: Token, low: str, wclass: WordClass) -> list[Candidate]:
    """Candidates for ``low`` (the lowercase word of ``tok``, without a possessive's ``'s``):
    dictionary neighbours, OCR-confusion variants and, for lowercase words, splits."""
    lex = doc.lexicon
    cfg = doc.config
    found: dict[str, Candidate] = {}
    if wclass in (WordClass.CAPS, WordClass.ACRONYM) and len(low) < cfg.apply_min_length:
        return []  # short all-caps tokens are initials and codes: never changed or proposed
    if len(low) >= cfg.apply_min_length_ocr:
        # Two edits only for longer words: a short word two edits from a dictionary word is as
        # likely noise as an error, and the distance-2 search is the slow part of a lookup.
        distance = cfg.max_edit_distance if len(low) >= cfg.two_edit_min_length else 1
        items = lex.lookup(low, distance)
        # Align only the likeliest few: the rest cannot win and alignment is the costly step.
        items.sort(key=lambda it: (it.distance, -it.count))
        for item in items[:MAX_LOOKUP]:
            _add(doc, found, low, item.term, wclass)
    for variant in indexed_variants(lex, low):  # indexed: English or a lexicon target
        _add(doc, found, low, variant, wclass)
    if wclass == WordClass.LOWER and len(low) >= 5:
        for split in _splits(doc, low):
            found.setdefault(split.text, split)
    return list(found.values())


def _add(doc: Doc, found: dict[str, Candidate], low: str, term: str, wclass: WordClass) -> None:
    """Add ``term`` to ``found`` if it is a plausible reading of ``low`` at all."""
    if term in found or term == low:
        return
    lex = doc.lexicon
    if wclass == WordClass.LOWER and lex.is_proper_noun(term):
        return  # a lowercase word is not a misread name (``nurin`` is not ``Turin``)
    english = lex.is_english(term)
    if english and lex.count(term) < doc.config.propose_min_count:
        return  # too rare to propose, let alone apply
    alignment = align(low, term)
    if alignment is None or alignment.cost > doc.config.propose_max_cost:
        return
    entry = None if english else lex.entry(term)
    if not english and (entry is None or not entry.target):
        return
    source = "English dictionary" if english else f"lexicon {entry.source}"  # type: ignore[union-attr]
    written = None if english else entry.written  # type: ignore[union-attr]
    found[term] = Candidate(term, written, source, alignment, count=lex.count(term))


def _splits(doc: Doc, low: str) -> list[Candidate]:
    """``ofthe`` → ``of the``: two common words with a known bigram; and the segmentation of
    ``segment`` (``inthecity`` → ``in the city``) when every part is a word common enough to
    propose and every adjacent pair is a known pair."""
    lex = doc.lexicon
    out = []
    parts = segment(low) if _may_segment(doc, low) else (low,)
    if (
        len(parts) >= 2
        and "".join(parts) == low
        and all(_split_part(doc, p) for p in parts)
        and all(_known_pair(doc, a, b) for a, b in itertools.pairwise(parts))
    ):
        text = " ".join(parts)
        edit = Edit("space-missing", low, text)
        cost = SPLIT_COST * (len(parts) - 1)
        count = min(lex.count(p) for p in parts)
        alignment = Alignment(cost, (edit,))
        out.append(Candidate(text, None, "English dictionary", alignment, count=count))
    for k in range(1, len(low)):
        left, right = low[:k], low[k:]
        if (len(left) == 1 and left not in ("a", "i")) or (len(right) == 1 and right != "a"):
            continue
        if lex.count(left) < SPLIT_MIN_COUNT or lex.count(right) < SPLIT_MIN_COUNT:
            continue
        if not lex.is_english(left) or not lex.is_english(right) or not lex.bigram(left, right):
            continue
        if out and out[0].text == f"{left} {right}":
            continue
        edit = Edit("space-missing", low, f"{left} {right}")
        out.append(
            Candidate(
                f"{left} {right}",
                None,
                "English dictionary",
                Alignment(SPLIT_COST, (edit,)),
                count=min(lex.count(left), lex.count(right)),
            )
        )
    return out


def _may_segment(doc: Doc, low: str) -> bool:
    """Can a segmentation of ``low`` pass ``_splits``' test at all: is some prefix of it a
    plausible first part and some suffix after that prefix a plausible last part? A cheap
    necessary condition (a few dictionary look-ups) that spares the segmenter (about 0.7 ms a
    word, and its model's load) most unknown words."""
    n = len(low)
    first = next((k for k in range(1, n) if _split_part(doc, low[:k])), 0)
    return bool(first) and any(_split_part(doc, low[j:]) for j in range(n - 1, first - 1, -1))


def _split_part(doc: Doc, part: str) -> bool:
    """Is ``part`` a plausible word of a split: English, common enough to propose, and not a
    lone letter other than ``a``?"""
    if len(part) == 1 and part != "a":
        return False  # a lowercase ``i`` is a speck or a broken letter (``asiis``), not ``I``
    lex = doc.lexicon
    return lex.is_english(part) and lex.count(part) >= doc.config.propose_min_count


def _known_pair(doc: Doc, first: str, second: str) -> bool:
    """Do ``first second`` make a pair the language model knows (symspellpy's bigrams, the
    State Department n-grams, or the batch's own pairs)?"""
    lex = doc.lexicon
    if lex.bigram(first, second) or lex.ngram(f"{first} {second}") >= 2:
        return True
    vocab = doc.vocabulary
    return vocab is not None and vocab.bigrams.get(f"{first} {second}", 0) >= 2


@lru_cache(maxsize=4096)
def segment(low: str) -> tuple[str, ...]:
    """``wordninja``'s most likely split of ``low`` into English words (its unigram model of
    English Wikipedia; ``(low,)`` when it finds none). The package and its model (~0.5 s) load
    on the first call.

    >>> segment("inthecity")
    ('in', 'the', 'city')
    """
    import wordninja  # loads its model: only when a word needs it

    return tuple(wordninja.split(low)) or (low,)


def merge_candidate(doc: Doc, i: int, low: str) -> Candidate | None:
    """``negoti ations`` → ``negotiations``: token ``i`` (``low``) and the next one make a
    common word, joined by one space on the same line."""
    if i + 1 >= len(doc.tokens):
        return None
    tok, nxt = doc.tokens[i], doc.tokens[i + 1]
    if tok.trail or nxt.lead or nxt.line != tok.line or doc.text[tok.end : nxt.start] != " ":
        return None
    if not WORDISH.match(nxt.core) or nxt.low.endswith(("'s", "’s")):
        return None
    joined = low + nxt.low
    lex = doc.lexicon
    if not lex.is_english(joined) or lex.count(joined) < doc.config.apply_min_count:
        return None
    edit = Edit("space-extra", f"{low} {nxt.low}", joined)
    cand = Candidate(
        joined, None, "English dictionary", Alignment(EDIT_COST, (edit,)), count=lex.count(joined)
    )
    cand.tokens = 2
    return cand


def compound_candidate(doc: Doc, low: str) -> Candidate | None:
    """The lexicon compound (``nagorno-karabakh``) at most ``max_edit_distance`` edits from the
    hyphenated ``low``, starting with the same letter, if there is one (not ``low`` itself)."""
    lex = doc.lexicon
    cutoff = doc.config.max_edit_distance
    hit = _closest_same_initial(low, _near_length(lex.compounds, len(low), cutoff), cutoff)
    if hit is None:
        return None
    target = hit[0]
    entry = lex.entry(target)
    if entry is None:
        return None
    alignment = align(low, target) or Alignment(float(hit[1]), ())
    cand = Candidate(
        target, entry.written, f"lexicon {entry.source}", alignment, count=lex.count(target)
    )
    cand.in_doc = doc.forms.get(target, 0) > 0
    return cand


def _closest_same_initial(low: str, choices: list[str], cutoff: int) -> tuple[str, int] | None:
    """The first of ``choices`` (sorted) at the smallest OSA distance from ``low``, at most
    ``cutoff``, with that distance, if it starts with ``low``'s letter and is not ``low``
    itself; else None.

    The same answer as ``rapidfuzz.process.extractOne(low, choices, scorer=OSA.distance,
    score_cutoff=cutoff)`` followed by those two tests, in a fraction of its time: the
    strings with ``low``'s initial are one stretch of the sorted list, searched first; only
    when one of them is within reach (at distance ``d``) are the others asked whether one
    comes first at ``d`` (those before the stretch) or is closer (those after)."""
    initial = low[:1]
    start = bisect.bisect_left(choices, initial)
    end = bisect.bisect_left(choices, chr(ord(initial) + 1)) if initial else start
    hit = process.extractOne(low, choices[start:end], scorer=OSA.distance, score_cutoff=cutoff)
    if hit is None or hit[1] == 0:
        return None  # nothing near with its initial, or ``low`` itself is the closest
    distance = hit[1]
    before = process.extractOne(low, choices[:start], scorer=OSA.distance, score_cutoff=distance)
    if before is not None:
        return None  # as near, and first
    closer = process.extractOne(low, choices[end:], scorer=OSA.distance, score_cutoff=distance - 1)
    return None if closer is not None else (hit[0], distance)


#: ``compounds`` list -> (the list, its strings near each length asked); one per lexicon.
_BY_LENGTH: dict[int, tuple[list[str], dict[tuple[int, int], list[str]]]] = {}


def _near_length(compounds: list[str], length: int, distance: int) -> list[str]:
    """The strings of ``compounds`` at most ``distance`` characters longer or shorter than
    ``length``, in their order: the only ones an edit distance of ``distance`` can reach, so
    the best match among them is the best match among all, ties included."""
    held = _BY_LENGTH.get(id(compounds))
    if held is None or held[0] is not compounds:
        if len(_BY_LENGTH) >= 4:
            _BY_LENGTH.clear()
        held = _BY_LENGTH[id(compounds)] = (compounds, {})
    near = held[1].get((length, distance))
    if near is None:
        lo, hi = length - distance, length + distance
        near = held[1][length, distance] = [c for c in compounds if lo <= len(c) <= hi]
    return near
