"""A hyphenated compound judged whole: is ``pre-selected`` a known form, so no piece of it is an
error? And when a piece is damaged, which reading makes the compound one?

The dictionary path corrects a hyphenated word part by part (``well-knwon`` → ``well-known``).
Judged as a free word, a piece that is a bound prefix is no word at all: on OCRmyPDF's test
files ``skew.pdf`` / ``ccitt.pdf`` ("... repeats any held notes at a pre-selected rhythmic
value") ``pre`` → pro was proposed, shown as 100 % likely. A piece of a compound is judged as
the compound: when the compound is a known form, written joined (``preselected``) or hyphenated
(the lexicon), or it is bound prefixes before a known word
(``pre-war``, ``un-American``), no piece is a correction's business; when a piece is damaged and
a reading of it makes the compound known (``prc-selected``), the proposal is for the compound.
"""

from __future__ import annotations

from collections import Counter

from pipeline.core.enums import WordClass
from pipeline.core.results import PROPOSED, Correction
from pipeline.lexicon import Lexicon
from pipeline.stages.correct.candidates import Candidate
from pipeline.stages.correct.channel import align
from pipeline.stages.correct.decide import chance
from pipeline.stages.correct.document import Doc
from pipeline.stages.correct.rank import rank, with_chance
from pipeline.stages.correct.records import cased, reason, record
from pipeline.stages.correct.tokens import HYPHENS, Token

#: English's bound prefixes, written before a hyphen (``pre-war``, ``non-aligned``), which a
#: dictionary may not have as a word of their own: a closed class of the language (the
#: productive prefixes of English grammars), not taken from any document. Some are words too
#: (``co``, ``re``, ``self``); they are listed so the class does not hang on a dictionary.
BOUND_PREFIXES = frozenset(
    ("pre", "un", "mis", "dis", "de", "bi", "tri", "uni", "mono", "poly", "pseudo", "quasi",
     "neo", "proto", "intra", "extra", "ultra", "hyper", "hypo", "micro", "macro", "mini",
     "multi", "semi", "over", "under", "out", "trans", "inter", "counter", "mid", "post", "non",
     "anti", "co", "re", "sub", "vice", "ex", "self")
)  # fmt: skip
#: Bound prefixes and the prefix that is a word too and one OCR confusion from another
#: (``pro``, ``pre``): none is a neighbour of the word after it (``the pro-govermment press``
#: ranks ``govermment`` beside ``the`` … ``press``, as ``anti-`` does), but ``pro`` is no evidence
#: that a compound is known (``pro-selected`` may be a damaged ``pre-selected``).
TRANSPARENT_PREFIXES = BOUND_PREFIXES | {"pro"}
#: The word after a prefix is this long at least for the pair to be a compound: a short one
#: is as often a fragment (BLN600 dev ``Vict-ria`` read as ``vice-ria``, ``ini-the``).
PREFIXED_MIN = 4
#: A damaged prefix is offered as a prefix at most this far from what OCR read (one OCR
#: confusion or one edit: ``channel.align``'s cost).
PREFIX_COST_MAX = 1.0


def known_compound(doc: Doc, base: str) -> str | None:
    """Why the hyphenated word ``base`` (``pre-selected``, any case, any of ``HYPHENS``) is a
    known form as it stands, or None when a piece may be an error.

    Known: the pieces written joined are an English word or a lexicon entry (``preselected``);
    the hyphenated form is a lexicon entry;
    or every piece but the last is a bound prefix (``BOUND_PREFIXES``) and the last is a known
    word of ``PREFIXED_MIN`` letters or more (``pre-briefing``). A one-letter piece makes no
    compound. Two known words hyphenated are not enough (``pro-selected``): that is
    what a damaged piece looks like too. A single piece (no hyphen inside) is never a compound.
    """
    parts = [p for p in HYPHENS.split(base) if p]
    if len(parts) < 2 or min(len(p) for p in parts) < 2:
        return None  # a one-letter piece is a fragment as often (BLN600 dev ``dama-e``, ``feo-m``)
    lex = doc.lexicon
    joined = "".join(parts)
    if lex.is_known(joined):
        return f"'{joined}' written joined is a known word"
    hyphenated = "-".join(parts)
    if lex.is_known(hyphenated):
        return f"'{hyphenated}' is a known compound"
    *heads, last = parts
    if (
        len(last) >= PREFIXED_MIN
        and lex.is_known(last)
        and all(h.lower() in BOUND_PREFIXES for h in heads)
    ):
        return f"a prefix before a known word ('{hyphenated}')"
    return None


def prefixed_word(lex: Lexicon, low: str) -> tuple[str, str] | None:
    """``(prefix, stem)`` when ``low`` (a lowercase word written closed, no hyphen) is a bound
    prefix (``BOUND_PREFIXES``) before an English word of ``PREFIXED_MIN`` letters or more
    (``reinterviews``: ``re`` + ``interviews``), the rule ``known_compound`` holds a hyphenated
    word to; else None. The longest such prefix. Not proof of a word: damage makes such shapes
    too (BLN600 dev ``reaided`` for resided, ``Bichard`` for Richard), so the dictionary path
    only declines a reading that is the stem itself (``dictionary.correct_token``).

    >>> lex = Lexicon.load()
    >>> prefixed_word(lex, "reinterviews")
    ('re', 'interviews')
    >>> prefixed_word(lex, "rerport") is None  # 'rport' is no word: damage
    True
    """
    for p in sorted(BOUND_PREFIXES, key=lambda q: (-len(q), q)):  # longest first: ``counter``
        stem = low[len(p) :]
        if low.startswith(p) and len(stem) >= PREFIXED_MIN and lex.is_english(stem):
            return p, stem
    return None


def prefix_candidates(doc: Doc, low: str) -> list[Candidate]:
    """Bound prefixes (``BOUND_PREFIXES``) one edit from ``low`` (a lowercase head piece of a
    hyphenated word, ``prc`` of ``prc-selected``), as candidates from ``English prefix``; the
    dictionary's search never offers them (no dictionary has ``pre``)."""
    found = []
    for p in sorted(BOUND_PREFIXES):
        if p == low or abs(len(p) - len(low)) > 1:
            continue
        alignment = align(low, p)
        if alignment is not None and alignment.cost <= PREFIX_COST_MAX:
            found.append(
                Candidate(p, None, "English prefix", alignment, count=doc.lexicon.count(p))
            )
    return found


def compound_readings(
    doc: Doc, parts: list[str], i: int, cands: list[Candidate]
) -> list[Candidate]:
    """The candidates of ``cands`` for piece ``i`` of ``parts`` (a hyphenated word's pieces,
    lowercase) with which the compound is a known form (``known_compound``), in their order:
    the compound is the evidence for such a reading (``prc-selected`` → ``pre-selected``).
    Splits (a space inside) are never a piece's reading."""
    out = []
    for c in cands:
        if " " in c.text:
            continue
        rebuilt = [*parts[:i], c.text, *parts[i + 1 :]]
        if known_compound(doc, "-".join(rebuilt)) is not None:
            out.append(c)
    return out


def whole_compound(
    doc: Doc,
    tok: Token,
    base: str,
    base_end: int,
    piece: tuple[int, str, WordClass],
    readings: list[Candidate],
    around: tuple[str | None, str | None],
    occurrences: Counter[str],
) -> Correction:
    """The proposal for a damaged compound: ``base`` (the hyphenated word of ``tok``, ending at
    ``base_end``) with its piece (``piece``: offset in ``base``, text, class) read as each of
    ``readings`` (``compound_readings``), ranked among themselves beside the piece's neighbours
    ``around``, the top's probability the calibrated chance. The record covers the whole
    compound (``prc-selected`` → ``pre-selected``): the compound is the evidence, so it is what
    a reviewer confirms. Proposed, never applied: the compound's being known says which word,
    not that the piece is damaged rather than rare."""
    at, part, pclass = piece
    sub = tok.part(tok.start + at, part)
    probs = rank(doc, sub, readings, around)
    if readings[0].written is None:
        probs = with_chance(probs, chance(doc, sub, part, pclass, readings))
    ranked = [
        (base[:at] + cased(c.text, part, c.written) + base[at + len(part) :], p)
        for c, p in zip(readings, probs, strict=True)
    ]
    repl = ranked[0][0]
    why = f"a damaged piece of a compound; {known_compound(doc, repl)}"
    text = reason(doc, tok, base, repl, readings[0], PROPOSED, why)
    return record(doc, tok, base_end, base, repl, ranked, PROPOSED, text, readings[0], occurrences)
