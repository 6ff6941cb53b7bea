"""The dictionary path for one unknown word: candidates, ranking, decision, record.

What is left after confirmed corrections and case confusions: a word no dictionary knows. It is
skipped when it is protected (a name, a code, an acronym) or an accented spelling of a known
name; a diacritic on a common English word is folded (OCR noise); a digit word goes to
``digits``; a possessive is corrected on its stem and keeps its ``'s``; a
hyphenated word is matched against the lexicon's compounds (``Nagorno-Karabkah``) or corrected
part by part (``well-knwon``).
"""

from __future__ import annotations

import logging
import re
from collections import Counter

from pipeline.core.enums import WordClass
from pipeline.core.results import APPLIED, PROPOSED, Correction
from pipeline.lexicon import Lexicon, ascii_fold
from pipeline.stages.correct import calibrate, worth
from pipeline.stages.correct.candidates import (
    Candidate,
    candidates,
    compound_candidate,
    merge_candidate,
    segment,
)
from pipeline.stages.correct.channel import OCR_COST, Alignment, Edit
from pipeline.stages.correct.compounds import (
    BOUND_PREFIXES,
    TRANSPARENT_PREFIXES,
    compound_readings,
    known_compound,
    prefix_candidates,
    prefixed_word,
    whole_compound,
)
from pipeline.stages.correct.decide import chance, decide, protected
from pipeline.stages.correct.digits import digits
from pipeline.stages.correct.document import Doc, word_class
from pipeline.stages.correct.rank import neighbour, rank, rank_single, with_chance
from pipeline.stages.correct.records import cased, leave, reason, record
from pipeline.stages.correct.tokens import HYPHENS, WORDISH, Token
from pipeline.stages.correct.variants import word_prefixes
from pipeline.stages.correct.window import lift

log = logging.getLogger(__name__)


def preload(lexicon: Lexicon) -> None:
    """Load now what the correct stage otherwise loads on first use: the lexicon's tables
    read into memory (``Lexicon.preload``), wordninja's model (``segment``), wordfreq's lists
    (``worth``: English, large and small, and the foreign languages), the calibration model
    and the words' prefixes (``variants.word_prefixes``). About 1 CPU-s; corrections are the
    same with or without it. ``bench`` calls it so that the stage's tokens per second do not
    include these loads (it reports them apart)."""
    lexicon.preload()
    segment("preload")
    worth.preload()
    calibrate.load()
    word_prefixes(lexicon)


#: ``candidates`` answers remembered across a batch, at most this many (then forgotten at once).
CANDIDATES_MEMO = 1 << 14
#: [lexicon, configuration, batch vocabulary, the vocabulary's size, answers]: the answers are
#: for those objects only (held and compared by identity: never read for another lexicon that
#: happens to get the same id), keyed by (word, class) and kept as ``_plain`` tuples.
_remembered: list[object] = [None, None, None, 0, {}]


def remembered_candidates(doc: Doc, tok: Token, low: str, wclass: WordClass) -> list[Candidate]:
    """``candidates(doc, tok, low, wclass)``, remembered across the batch: an unknown word
    recurs from document to document (BLN600 dev: one ask in eight) and the search is most of
    the dictionary path's cost. The answer depends on the word, its class, the lexicon, the
    configuration and the batch vocabulary's pairs (never on the token's place), so it is kept
    per those; each call gets candidates of its own, which the ranking may score.

    Kept as tuples of strings and numbers (``_plain``), which the collector stops tracking once
    it has seen them: kept as ``Candidate``s, the answers were a quarter of the objects every
    full collection walked on BLN600 dev (57k of 235k)."""
    vocab = doc.vocabulary
    size = vocab.documents if vocab is not None else 0
    held = _remembered
    if held[0] is not doc.lexicon or held[1] is not doc.config or held[2] is not vocab:
        held[:] = [doc.lexicon, doc.config, vocab, size, {}]
    elif held[3] != size:
        held[3], held[4] = size, {}
    answers: dict[tuple[str, str], tuple[tuple[object, ...], ...]] = held[4]  # type: ignore[assignment]
    key = (low, wclass.value)
    found = answers.get(key)
    if found is not None:
        return [_candidate(c) for c in found]
    if len(answers) >= CANDIDATES_MEMO:
        answers.clear()
    made = candidates(doc, tok, low, wclass)
    answers[key] = tuple(_plain(c) for c in made)
    return made


def _plain(c: Candidate) -> tuple[object, ...]:
    """``c`` as a tuple of strings and numbers (its alignment's edits as (kind, seen, meant))."""
    steps = tuple((e.kind, e.seen, e.meant) for e in c.alignment.edits)
    return (c.text, c.written, c.source, c.alignment.cost, steps, c.score, c.in_doc,
            c.bigram_support, c.count, c.tokens)  # fmt: skip


def _candidate(plain: tuple[object, ...]) -> Candidate:
    """The ``Candidate`` that ``_plain`` made ``plain`` of (equal to it, fields and all)."""
    text, written, source, cost, steps, score, in_doc, support, count, tokens = plain
    alignment = Alignment(cost, tuple(Edit(*e) for e in steps))  # type: ignore[arg-type, misc, union-attr]
    return Candidate(text, written, source, alignment, score, in_doc, support, count, tokens)  # type: ignore[arg-type]


def correct_token(
    doc: Doc, i: int, occurrences: Counter[str]
) -> tuple[list[Correction] | None, int]:
    """The records for token ``i`` (None: left alone) and how many tokens they cover (2 when a
    proposed merge takes the next token too)."""
    tok = doc.tokens[i]
    core = tok.core
    if any(ch.isdigit() for ch in core):
        if doc.lexicon.protects(core) is not None:
            return None, 1  # a word a person confirmed (or a lexicon entry) with a digit in it
        return digits(doc, tok, occurrences), 1
    wclass = word_class(doc, tok)
    if wclass == WordClass.MIXED and prefixed_name(core):
        wclass = WordClass.NAME  # ``pro-Gernan``: its pieces are judged one by one
    if protected(doc, tok, wclass) is not None:
        return None, 1
    # possessive: correct the base, keep 's outside the span
    base_end = tok.end
    base = core
    if core.lower().endswith(("'s", "’s")) and len(core) > 4:
        base = core[:-2]
        base_end = tok.end - 2
    if HYPHENS.search(base):
        return _compound(doc, tok, base, base_end, wclass, occurrences), 1
    if not WORDISH.match(base):
        return None, 1
    low = base.lower()
    if doc.lexicon.is_english(low):
        return None, 1
    folded = ascii_fold(base)
    if folded != base:
        noise = _diacritic_noise(doc, tok, base, base_end, folded, occurrences)
        if noise is not None:
            return [noise], 1
        if doc.lexicon.is_known(folded):
            return None, 1  # ``Füzuli``: the accented spelling of a known name
    # merged with the next token? (``negoti ations``)
    merged = merge_candidate(doc, i, low)
    cands = remembered_candidates(doc, tok, low, wclass)
    if merged is not None:
        # ``examina tion``: the next token completes the word; reading this one as words run
        # together (``exam in a``) would leave ``tion`` stranded.
        cands = [c for c in cands if " " not in c.text]
        cands.append(merged)
    if not cands:
        return None, 1
    best = rank(doc, tok, cands)
    stripped = _stripped_prefix(doc, low, cands[0])
    if stripped:
        # ``Reinterviews`` → Interviews: OCR does not add a prefix to a word; the word is one
        # the dictionaries lack. Kept, with its best candidate, for ``left.jsonl``.
        top = cands[0]
        leave(doc, tok, base, cased(top.text, base, top.written), top.score, PREFIXED, stripped)
        return None, 1
    decision, why = decide(doc, tok, base, wclass, cands)
    if decision is None:
        return None, 1
    if decision == PROPOSED and (lifted := lift(doc, tok, base, wclass, cands)):
        decision, why = APPLIED, lifted
    if decision == PROPOSED and cands[0].written is None:
        first = s_read_first(base, cands)
        if first:
            # ``agente`` → agents: the plural's ``s`` first (the ranking kept the word
            # without the letter on top); the reason says why
            cands.insert(0, cands.pop(first))
            best.insert(0, best.pop(first))
            why = f"its last letter may be an 's' read as '{base[-1]}' ('{cands[1].text}' second)"
        # ordered in review by its chance of being fixed in one key (a lexicon name's: the
        # ranking's, the model having too few rows of names to judge one)
        best = with_chance(best, chance(doc, tok, base, wclass, cands))
    top = cands[0]
    end = base_end
    used = 1
    original = base
    if top.tokens == 2:
        nxt = doc.tokens[i + 1]
        end = nxt.end
        original = doc.text[tok.start : end]
        used = 2  # a proposed merge covers the next word too
    ranked = [
        (_written(doc, tok, wclass, original, c), p) for c, p in zip(cands, best, strict=True)
    ]
    if decision == PROPOSED and top.tokens == 1:
        ranked = split_first(original, ranked, doc.lexicon)
    repl = ranked[0][0]
    text = reason(doc, tok, original, repl, top, decision, why)
    return [record(doc, tok, end, original, repl, ranked, decision, text, top, occurrences)], used


def _written(doc: Doc, tok: Token, wclass: WordClass, original: str, cand: Candidate) -> str:
    """``cand`` as the record writes it for ``original``: small when ``original``'s capital is
    a misread letter (``capital_misread``), else in ``original``'s case (``cased``)."""
    if capital_misread(doc, tok, wclass, original, cand):
        return cand.text
    return cased(cand.text, original, cand.written)


def capital_misread(
    doc: Doc, tok: Token, wclass: WordClass, original: str, cand: Candidate
) -> bool:
    """Is the capital of ``original`` (token ``tok``'s word, capitalised mid-sentence:
    ``wclass`` ``NAME``) a misread letter the English word ``cand`` replaces or drops
    (``Gtatement`` → statement, ``Ifemale`` → female, ``Drisoner`` → prisoner), so that ``cand``
    is written small? Only for a word English writes small (not a proper noun) that the batch
    (this document, without one) writes small mid-sentence at least as often as capitalised,
    and not after a capitalised word (``the Central Priminal``, ``United Eingdom``: a title's
    run of capitals, where the gold kept 4 such capitals of 4).

    Why: the OCR's capital is the case of the letter it misread, not of the word printed; copied
    onto the replacement, it made the top candidate wrong but for its case (a second key for the
    reviewer) in 27 proposals on BLN600 dev where the gold writes the word small; written small,
    none that was right went wrong (2 became neutral). A name's first letter misread
    (``Hichard``, ``Vhursday``) keeps its capital: a proper noun. The decision is unchanged.
    """
    if wclass != WordClass.NAME or cand.written is not None or " " in original + cand.text:
        return False
    if not (original[:1].isupper() and original[1:].islower()):
        return False
    target = cand.text
    if target[:1] == original[:1].lower() or doc.lexicon.is_proper_noun(target):
        return False  # the capital stands on a letter read right, or the word is a name
    if tok.index > 0 and doc.tokens[tok.index - 1].core[:1].isupper():
        return False
    vocab = doc.vocabulary
    title = (vocab.title_mid if vocab is not None else doc.title_mid)[target.title()]
    lower = (vocab.lower_forms if vocab is not None else doc.lower_forms)[target]
    return title <= lower


def _stripped_prefix(doc: Doc, low: str, top: Candidate) -> str:
    """Why the top candidate ``top`` for the word ``low`` is no reading of it, or "": it is
    the word without a bound prefix (``reinterviews`` → interviews, ``prefixed_word``). Only
    that reading: a prefix before a known word is as often damage on BLN600 dev (``reaided``
    for resided, ``deeased`` for deceased) as a word the dictionaries lack."""
    if len(top.text) >= len(low) or not low.endswith(top.text):
        return ""  # cheap: the stem ``prefixed_word`` would give is a tail of ``low``
    split = prefixed_word(doc.lexicon, low)
    if split is None or top.text != split[1]:
        return ""
    prefix, stem = split
    return f"a prefix before a known word ('{prefix}' + '{stem}'): a word, not damage"


def prefixed_name(core: str) -> bool:
    """Is ``core`` a prefix in small letters hyphenated to a capitalised word (``pro-German``,
    ``anti-Soviet``, ``non-NATO``: every piece before the last one of ``TRANSPARENT_PREFIXES``,
    the last capitalised)? Such a word is no mixed-case code (``McDonald``, ``iPhone``) to be
    left unread: each piece is judged as it is written (``_compound``).

    >>> prefixed_name("pro-Gernan"), prefixed_name("anti-NATO"), prefixed_name("eBay-Inc")
    (True, True, False)
    >>> prefixed_name("self-MurSleI")
    False
    """
    parts = [p for p in HYPHENS.split(core) if p]
    if len(parts) < 2 or not parts[-1].isalpha():
        return False
    last = parts[-1]
    # Title-case or all capitals: ``self-MurSleI`` (JFK 2025 dev) is mixed-case noise still
    if not (last.isupper() or (last[0].isupper() and last[1:].islower())):
        return False
    return all(p in TRANSPARENT_PREFIXES for p in parts[:-1])


#: One-letter words OCR runs into the next word (``aconstable``, ``Ihave``).
_ONE_LETTER_WORDS = ("a", "A", "I")
#: The least share of a word's count that the bigram list gives the pair "<letter> <word>"
#: for the split to be offered: ``i have`` 0.43, ``a chief`` 0.51, ``i should`` 0.14, where
#: ``a that`` is 0.004 and ``a trying`` 0 (JFK dev: there the ``a`` was a speck, the page has
#: "that", "trying"). A judgement from these few pairs, not a fit.
SPLIT_PAIR_MIN_SHARE = 0.05


def split_first(
    original: str, ranked: list[tuple[str, float]], lexicon: Lexicon
) -> list[tuple[str, float]]:
    """``ranked`` (a proposal's candidates as written, with their probabilities, best first)
    with the split of ``original`` into a one-letter word and the rest first, when the top
    candidate is ``original`` without that first letter (``calibrate.word_dropped``: the
    letter is a word run together with this one) and English makes that pair
    (``SPLIT_PAIR_MIN_SHARE``). The split takes the top's probability: it is the same reading
    of the letters, with the dropped word kept. Else ``ranked`` unchanged.

    Why: the dictionary path proposed ``Ihave`` → Have and ``achief`` → chief (JFK dev,
    ``bench/labels/proposals-dev.tsv``; the page has "I have", "a chief"), the doubt naming
    the dropped word while the candidate dropped it.

    >>> lex = Lexicon.load()
    >>> split_first("Ihave", [("Have", 0.9), ("Shave", 0.1)], lex)
    [('I have', 0.9), ('Have', 0.9), ('Shave', 0.1)]
    >>> split_first("achief", [("chief", 0.8), ("a chief", 0.2)], lex)
    [('a chief', 0.8), ('chief', 0.8)]
    >>> split_first("athat", [("that", 0.9)], lex), split_first("tbe", [("the", 1.0)], lex)
    ([('that', 0.9)], [('the', 1.0)])
    """
    if not ranked or len(original) < 3 or original[0] not in _ONE_LETTER_WORDS:
        return ranked
    top, chance = ranked[0]
    rest = original[1:]
    if not calibrate.word_dropped(original.lower(), top.lower()) or rest.lower() != top.lower():
        return ranked
    low = rest.lower()
    pair = lexicon.bigram(original[0].lower(), low) / max(lexicon.count(low), 1)
    if pair < SPLIT_PAIR_MIN_SHARE:
        return ranked
    split = f"{original[0]} {rest}"
    return [(split, chance), *((c, p) for c, p in ranked if c != split)]


#: Letters a typewriter's ``s`` is read as at a word's end (a closed or broken bowl).
S_READS = frozenset("ea")


def s_read_first(original: str, cands: list[Candidate]) -> int | None:
    """The place in ``cands`` (ranked, best first) of the reading that takes ``original``'s last
    letter for an ``s`` (``agente`` → agents, ``worka`` → works), when the top candidate
    is ``original`` without that letter (an ``e`` or ``a``: ``S_READS``) and that reading is
    among the candidates further down; else None. Proposals only: nothing applied changes.

    Why: the ranking prices dropping a letter below a substitution the channel does not list,
    so ``agente`` was proposed as agent. On the judged JFK dev proposals
    (``bench/labels/proposals-dev.tsv``), of the twelve words of this shape whose right word
    is either reading, ten are the plural or verb in ``s`` (``agente``, ``requeste``,
    ``projecta``, ``requirementa``, ``worka``, ``pointe``, ``resulte``); the other two
    (``thea``, ``woulda``) have no such reading to offer. Tried and not kept: a top that drops
    the letter among other edits (``Govermente`` → Governments): one more right on JFK dev,
    two fewer among BLN600 dev's proposals (``python -m bench.bln600 --split dev --runs 0``).

    >>> from pipeline.stages.correct.channel import align
    >>> def cand(text: str) -> Candidate:
    ...     return Candidate(text, None, "English dictionary", align("x", text))
    >>> s_read_first("agente", [cand("agent"), cand("agents")])
    1
    >>> s_read_first("thea", [cand("the"), cand("thee")]) is None
    True
    >>> s_read_first("tracess", [cand("traces"), cand("tracers")]) is None
    True
    """
    low = original.lower()
    if len(low) < 4 or low[-1] not in S_READS or not cands or cands[0].text != low[:-1]:
        return None
    plural = low[:-1] + "s"
    return next((k for k, c in enumerate(cands) if k and c.text == plural), None)


def _diacritic_noise(
    doc: Doc, tok: Token, base: str, base_end: int, folded: str, occurrences: Counter[str]
) -> Correction | None:
    """``Présidential`` → ``Presidential``: a diacritic on a common English word that English
    does not write with one (the words it does, ``communiqué``, are English in
    ``english_accented.txt`` and never reach here) is OCR noise: applied. Names (a proper noun
    without its accent, ``Müller``) are left."""
    lex = doc.lexicon
    low = folded.lower()
    if not lex.is_english(low) or lex.is_proper_noun(low):
        return None
    if lex.count(low) < doc.config.apply_min_count:
        return None
    edit = Edit("diacritic", base, folded)
    cand = Candidate(
        low, None, "English dictionary", Alignment(OCR_COST, (edit,)), count=lex.count(low)
    )
    why = f"{base} → {folded}: English dictionary, a diacritic English does not write (OCR noise)"
    return record(
        doc, tok, base_end, base, folded, [(folded, 1.0)], APPLIED, why, cand, occurrences
    )


#: The ``left.jsonl`` reason of a word judged a word: a bound prefix before a known word.
PREFIXED = "prefixed"
#: The ``left.jsonl`` reason of a piece of a hyphenated word (``pro-Gernan``) with a candidate
#: that ``decide`` neither proposed nor left under a reason of its own.
LEFT_PIECE = "compound_piece"
_PIECE_WHY = "a piece of a hyphenated word with a candidate, neither proposed nor applied"


def _part_class(part: str) -> WordClass:
    """The class of one part of a hyphenated word, from its letters alone.

    >>> _part_class("knwon"), _part_class("KNWON"), _part_class("Knwon")
    (<WordClass.LOWER: 'lower'>, <WordClass.CAPS: 'caps'>, <WordClass.NAME: 'name'>)
    """
    if part.islower():
        return WordClass.LOWER
    return WordClass.CAPS if part.isupper() else WordClass.NAME


def _compound(
    doc: Doc,
    tok: Token,
    base: str,
    base_end: int,
    wclass: WordClass,
    occurrences: Counter[str],
) -> list[Correction] | None:
    """Hyphenated words: a lexicon compound (``Nagorno-Karabakh``) or part by part."""
    lex = doc.lexicon
    cfg = doc.config
    low = base.lower()
    parts = [p for p in HYPHENS.split(low) if p]
    if all(lex.is_known(p) or len(p) < cfg.min_length for p in HYPHENS.split(base) if p):
        return None
    if any(not p.isalpha() for p in parts):
        return None
    cand = None
    if wclass in (WordClass.NAME, WordClass.CAPS):
        cand = compound_candidate(doc, low)
    if cand is not None:
        cands = [cand]
        probs = rank_single(cands)
        as_class = WordClass.CAPS if wclass == WordClass.CAPS else WordClass.NAME
        decision, why = decide(doc, tok, base, as_class, cands)
        if decision is None:
            return None
        repl = cased(cand.text, base, cand.written)
        text = reason(doc, tok, base, repl, cand, decision, why)
        return [
            record(
                doc,
                tok,
                base_end,
                base,
                repl,
                [(repl, probs[0])],
                decision,
                text,
                cand,
                occurrences,
            )
        ]
    if known_compound(doc, base) is not None:
        # ``pre-selected``, ``infor-mation``: a piece is judged as the compound, not as a free
        # word (after the lexicon's compounds: ``Nagorno-Karabkah`` is one's misreading)
        return None
    # Part by part: ``well-knwon`` → ``well-known``; each part is corrected as a lowercase word,
    # beside the pieces next to it. A piece with which the compound becomes a known form
    # (``prc-selected``) is proposed as the compound.
    records: list[Correction] = []
    pieces = [(m.start(), m.group()) for m in re.finditer(r"[^-‐‑–—]+", base)]
    lows = [p.lower() for _, p in pieces]
    last = len(pieces) - 1
    for i, (at, part) in enumerate(pieces):
        if len(part) < cfg.min_length or lex.is_known(part) or not part.isalpha():
            continue
        if i < last and lows[i] in BOUND_PREFIXES:
            continue  # ``pre-`` of ``pre-selectcd``: a prefix where it stands, not a word
        sub = tok.part(tok.start + at, part)
        pclass = _part_class(part)
        if pclass == WordClass.CAPS and wclass != WordClass.CAPS:
            continue
        cands = remembered_candidates(doc, sub, sub.low, pclass)
        around = _around(doc, tok, lows, i)
        heads = prefix_candidates(doc, lows[i]) if i < last else []
        readings = compound_readings(doc, lows, i, [c.copy() for c in cands] + heads)
        decision, why, probs = None, "", []
        already = len(doc.left_words)
        if cands:
            probs = rank(doc, sub, cands, around)
            decision, why = decide(doc, sub, part, pclass, cands)
        if readings and decision != APPLIED:
            # not applied as a word (``prc``): the compound is the evidence, and what is proposed
            piece = (at, part, pclass)
            return [whole_compound(doc, tok, base, base_end, piece, readings, around, occurrences)]
        if decision is None:
            if cands and len(doc.left_words) == already:
                # Doubted but neither proposed nor left by ``decide`` (too costly an edit, too
                # rare a candidate): nothing lost, the piece is kept for ``left.jsonl``.
                top = cands[0]
                repl = cased(top.text, part, top.written)
                leave(doc, sub, part, repl, top.score, LEFT_PIECE, _PIECE_WHY)
            continue
        if decision == PROPOSED and cands[0].written is None:
            # the calibrated chance, as for a whole word: the ranking's softmax over one
            # candidate is 1.0 whatever the evidence
            probs = with_chance(probs, chance(doc, sub, part, pclass, cands))
        top = cands[0]
        ranked = [(cased(c.text, part, c.written), p) for c, p in zip(cands, probs, strict=True)]
        text = reason(doc, sub, part, ranked[0][0], top, decision, why)
        records.append(
            record(doc, sub, sub.end, part, ranked[0][0], ranked, decision, text, top, occurrences)
        )
    return records or None


def _around(doc: Doc, tok: Token, lows: list[str], i: int) -> tuple[str | None, str | None]:
    """The neighbours (lowercase, or None) of piece ``i`` of the hyphenated word ``tok``
    (pieces ``lows``): the pieces beside it (``well`` before ``knwon``), the compound's own
    neighbours at its ends. A prefix (``TRANSPARENT_PREFIXES``) is no neighbour: the word after
    it stands where the compound stands (``a pre-selectiom note``: ``a`` … ``note``).

    >>> from pipeline.stages.correct.config import CorrectConfig
    >>> from pipeline.stages.correct.document import make_doc
    >>> text = "a pre-selectiom note; the well-knwon man"
    >>> doc = make_doc(text, None, Lexicon.load(), CorrectConfig(), None)
    >>> _around(doc, doc.tokens[1], ["pre", "selectiom"], 1)
    ('a', 'note')
    >>> _around(doc, doc.tokens[4], ["well", "knwon"], 1)
    ('well', 'man')
    """
    j = i - 1
    while j >= 0 and lows[j] in TRANSPARENT_PREFIXES:
        j -= 1
    before = lows[j] if j >= 0 else neighbour(doc, tok.index, -1)
    after = lows[i + 1] if i + 1 < len(lows) else neighbour(doc, tok.index, +1)
    return before, after
