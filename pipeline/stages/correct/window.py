"""Word triples: context that decides between near rivals where one pair each side cannot.

Why: the ranking (``rank.context_score``) reads one word pair each side of a candidate, and a
pair often cannot tell near rivals apart (``natise`` → native or notice: ``a native`` and ``a
notice`` are both common pairs, and so are ``native of`` and ``notice of``); the triple around
the word (``a native of``) can. Triples come from the domain n-gram files (``Lexicon.ngram``:
``state.ngrams.tsv``, State Department prose; ``english19.ngrams.tsv``, ten Victorian novels;
``dictionaries/README.md``) and from the batch (``BatchVocabulary.trigrams``, seen at least
``rank.BATCH_MIN`` times: a release is its own best context).

``decisive`` is the evidence an application asks for beyond the edit: the candidate makes a
seen triple with *both* its neighbours (``l x r``), and no other reading within reach (the
other candidates, every common English word within two edits: ``evidence.near_words``) makes
any seen triple in the window (``ll l y``, ``l y r``, ``y r rr``). ``lift`` applies a
lowercase word's proposal on it; the near-rival gate lets such a change stand.

Measured on BLN600 dev, each half (``bench.dev_halves``) its own batch, chosen on half A and
judged on half B. Over the dictionary path's lowercase one-word proposals, a triple on
*either* side was right 56 times and wrong twice on A (the files' triples alone), the triple
around the word 24 of 24: that one is used. Adding the batch's triples (chosen on A: 35
lifted, all right) lifted 38 on B, all right; applied precision A 0.9880 → 0.9882, B 0.9897
→ 0.9900. A scored window (stupid backoff over the files' counts, a margin over every rival)
did not separate right from wrong: at any margin about one change in ten was wrong.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from pipeline.core.enums import WordClass
from pipeline.stages.correct import evidence
from pipeline.stages.correct.calibrate import word_dropped
from pipeline.stages.correct.candidates import Candidate
from pipeline.stages.correct.channel import align
from pipeline.stages.correct.corroborate import boundary
from pipeline.stages.correct.decide import joins_previous
from pipeline.stages.correct.document import Doc
from pipeline.stages.correct.rank import BATCH_MIN, neighbour
from pipeline.stages.correct.tokens import Token


@dataclass(frozen=True)
class Window:
    """The two words before and after a token in its sentence (lowercase, None past a
    boundary: ``rank.neighbour``), nearest first on each side: ``before = (l, ll)``,
    ``after = (r, rr)``."""

    before: tuple[str | None, str | None]
    after: tuple[str | None, str | None]

    def triples(self, word: str) -> list[str]:
        """The word triples of the window that hold ``word`` in the token's place, as
        ``Lexicon.ngram`` keys: ``ll l word``, ``l word r``, ``word r rr`` (those whose
        words are all there).

        >>> Window(("a", None), ("of", "ireland")).triples("native")
        ['a native of', 'native of ireland']
        """
        (l1, l2), (r1, r2) = self.before, self.after
        out = []
        for a, b, c in ((l2, l1, word), (l1, word, r1), (word, r1, r2)):
            if a is not None and b is not None and c is not None:
                out.append(f"{a} {b} {c}")
        return out


def window(doc: Doc, tok: Token) -> Window:
    """The ``Window`` of ``tok`` in ``doc``."""
    left = neighbour(doc, tok.index, -1)
    left2 = neighbour(doc, tok.index - 1, -1) if left is not None else None
    right = neighbour(doc, tok.index, +1)
    right2 = neighbour(doc, tok.index + 1, +1) if right is not None else None
    return Window((left, left2), (right, right2))


def decisive(doc: Doc, tok: Token, low: str, target: str, rivals: Iterable[str]) -> str:
    """The triple (``l target r``, lowercase words) that decides for ``target`` (a lowercase
    English word) as the reading of token ``tok`` (``low``: what OCR read, lowercase), or "":
    ``target`` makes that seen triple (``seen``) with both its neighbours, and no word of
    ``rivals`` (other readings, lowercase) that aligns with ``low`` (``channel.align``) makes
    any seen triple in the token's ``Window``. The rivals are read only when the triple is
    there (most proposals have none), and aligned only when they make a triple."""
    win = window(doc, tok)
    l1, r1 = win.before[0], win.after[0]
    if l1 is None or r1 is None:
        return ""
    middle = f"{l1} {target} {r1}"
    if not seen(doc, middle):
        return ""
    for word in rivals:
        if (
            word != target
            and any(seen(doc, t) for t in win.triples(word))
            and align(low, word) is not None
        ):
            return ""
    return middle


def seen(doc: Doc, triple: str) -> bool:
    """Is ``triple`` (three lowercase words) in the domain n-gram files, or written at least
    ``rank.BATCH_MIN`` times in the batch (``BatchVocabulary.trigrams``: a release is its own
    best context)?"""
    if doc.lexicon.ngram(triple) > 0:
        return True
    vocab = doc.vocabulary
    return vocab is not None and vocab.trigrams.get(triple, 0) >= BATCH_MIN


def lift(doc: Doc, tok: Token, base: str, wclass: WordClass, cands: list[Candidate]) -> str:
    """Why the proposal of ``cands[0]`` (ranked candidates) for ``tok`` (word ``base``, of
    class ``wclass``) is applied after all, or "": a lowercase word read as one English word
    whose triple with both neighbours ``decisive`` finds, against the other candidates and
    the common words within two edits of ``base`` (``evidence.near_words``). Not where the
    change may be one of word boundaries, which the triples of one token's place cannot
    weigh: a letter dropped that is a word of its own (``calibrate.word_dropped``), a
    fragment, a run-on or an ending (``corroborate.boundary``), or a word that joins the one
    before into a common word (``decide.joins_previous``)."""
    top = cands[0]
    low = base.lower()
    if (
        not doc.config.triple_lift
        or doc.config.calibrated  # ``--apply calibrated``: the fitted model alone decides
        or wclass != WordClass.LOWER
        or top.written is not None
        or top.tokens != 1
        or " " in top.text
        or word_dropped(low, top.text)
        or boundary(low, top.text)
        or joins_previous(doc, tok) is not None
    ):
        return ""
    others = (c.text for c in cands[1:] if " " not in c.text)
    rivals = itertools.chain(others, _lazy(lambda: evidence.near_words(doc, low)))
    triple = decisive(doc, tok, low, top.text, rivals)
    if not triple:
        return ""
    return (
        f"the words either side decide it: '{triple}' is a phrase of the n-gram corpora, and "
        "no other reading within two edits makes a word triple here"
    )


def _lazy(make: Callable[[], Iterable[str]]) -> Iterator[str]:
    """The words ``make()`` returns, asked for only when the first is read (the near words'
    search is the costly part, and most proposals never get that far)."""
    yield from make()
