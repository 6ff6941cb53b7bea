"""Words broken by a hyphen at a line end or before a space: ``in- terest``, ``communi-\\ncations``.

Why a module: the pieces of a broken word are not words, and correcting one alone makes a wrong
word (``terest`` → ``forest``, ``cations`` → ``cautions``): the fix is the join. So the pieces
are handled as a class before any word-level path: the first piece is never corrected on its
own, and the second is joined to it when the join is a common English word (applied when one
of the pieces is no word on its own, proposed when both are, since ``re- sign`` may be
``re-sign``), and otherwise left alone. Two words are joined all the same when the first is a
prefix's length (``PREFIX_LETTERS``: ``de- ceased``, ``re- turned``, ``how- ever``) and the
batch writes the join whole and never hyphenated (``_written_whole``); a longer first piece
is a compound's (``break- fast``, ``work- house``, ``fire- place``: the print and the gold keep
those apart). BLN600 dev: 165 more joins right, 7 wrong, most of those where the gold itself
kept the break (``re turned``, ``at tended``).

A line-end break is where a neighbouring column's edge or a speck lands, so OCR often reads a
stray fragment between the pieces (``pri- e- soners``, ``dis- Le orderly``, ``con- ut victed``):
``join_across_fragment`` joins the pieces over a fragment of at most two letters when the join
is a common English word, one piece is no word on its own (or the first is a prefix's length),
and the fragment makes no word with either piece; the fragment's removal is said in the
record. A hyphen OCR read as a full stop or a comma (``pri. soner``, ``morn. ing``) is the same
break: ``join_misread_hyphen`` joins it when the second piece is no word on its own (BLN600
dev: 86 right, 3 wrong), or the first is not (``en. gaged``, ``Isling. ton``: no sentence ends
on ``en``; 14 more right, 0 wrong), and, when neither piece is a word, across one misread
letter too (``atrug. gled`` → struggled, ``en. ployment``: 7 more right, 0 wrong).

Words broken where OCR lost a thin letter as a gap (``keep ng``, ``regu ating``) are the same
class without the hyphen: two pieces of two letters or more, one of them no word, that make
one common word with an ``i``, ``l``, ``t``, ``f`` or ``j`` in the gap (and with no other), or
with nothing in it when the first piece is a word (``ins pired``, which the dictionary path
never sees). The join is applied when the joined word fits a neighbour (a known pair) or
occurs elsewhere in the document, and left otherwise (BLN600 dev: right 1 time in 3). Two
pieces that are both no words and make a common word with nothing in the gap (``subse
quently``, ``Wor khouse``) are joined on that alone (``plain_join``; BLN600 dev: 18 more
right, 0 wrong), where the dictionary path weighed the join as one reading of the first piece
among others and left most of them; with a letter misread too (``witr ess``, ``eni dence``)
only when the word fits a neighbour or the document writes it elsewhere (6 more right, 0
wrong).
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter

from pipeline.core.results import APPLIED, PROPOSED, Correction
from pipeline.stages.correct.candidates import Candidate
from pipeline.stages.correct.channel import EDIT_COST, Alignment, Edit
from pipeline.stages.correct.document import Doc, caps_context, sentence_start
from pipeline.stages.correct.rank import context_prob, neighbour
from pipeline.stages.correct.records import cased, record
from pipeline.stages.correct.tokens import HYPHENS, WORDISH, Token

log = logging.getLogger(__name__)


def _broken_after(doc: Doc, tok: Token) -> bool:
    """Does ``tok`` end in a hyphen followed by whitespace and a word piece (``in-`` of
    ``in- terest``)?"""
    if not tok.trail or not HYPHENS.fullmatch(tok.trail[-1]) or len(tok.trail) != 1:
        return False
    if tok.index + 1 >= len(doc.tokens):
        return False
    nxt = doc.tokens[tok.index + 1]
    gap = doc.text[tok.end + 1 : nxt.start]
    return (
        0 < len(gap) <= 4
        and gap.isspace()
        and gap.count("\n") <= 2  # a blank line between lines (markdown OCR)
        and not nxt.lead
        and nxt.core[:1].islower()
        and bool(WORDISH.match(nxt.core))
    )


def first_piece(doc: Doc, tok: Token) -> bool:
    """Is ``tok`` the first piece of a broken word (never to be corrected on its own)?"""
    return bool(WORDISH.match(tok.core)) and _broken_after(doc, tok)


def second_piece(doc: Doc, tok: Token) -> bool:
    """Is ``tok`` the second piece of a broken word?"""
    if tok.index == 0:
        return False
    prev = doc.tokens[tok.index - 1]
    # no mark after the piece before (most tokens): no break, without the pattern's match
    return bool(prev.trail) and bool(WORDISH.match(prev.core)) and _broken_after(doc, prev)


def join_pieces(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """The record joining ``tok`` (a second piece) to the piece before it, or None (leave both):
    applied when the join is a common English word and one piece is no word on its own,
    proposed when both pieces are words."""
    lex = doc.lexicon
    cfg = doc.config
    prev = doc.tokens[tok.index - 1]
    if len(prev.core) < 2 or len(tok.core) < 2:
        # Printers never leave one letter on either side of a line-end break: ``em- f``,
        # ``com- b`` are a line whose rest OCR lost, not ``emf``, ``comb`` (BLN600 dev: 9 of 9
        # such joins wrong).
        return None
    joined = prev.low + tok.low
    if not lex.is_english(joined) or lex.count(joined) < cfg.apply_min_count:
        return None
    if prev.core[1:] != prev.core[1:].lower():
        return None  # ``McCain-`` pieces of names are not this class
    both_words = lex.is_english(prev.low) and lex.is_english(tok.low)
    whole = (
        both_words
        and len(prev.core) <= PREFIX_LETTERS
        and _written_whole(doc, joined, f"{prev.low}-{tok.low}")
    )
    decision = PROPOSED if both_words and not whole else APPLIED
    original = doc.text[prev.start : tok.end]
    repl, small = _join_case(doc, prev, tok, joined, cased(joined, prev.core + tok.core, None))
    edit = Edit("space-extra", f"{prev.core}- {tok.core}", joined)
    cand = Candidate(joined, None, "English dictionary", Alignment(EDIT_COST, (edit,)))
    cand.tokens = 2
    why = "a word broken by a hyphen at a line end or before a space"
    text = f"{original!r} → {repl}: English dictionary, {why}{small}"
    if decision == PROPOSED:
        text += "; proposed, not applied: both pieces are words on their own"
    elif whole:
        text += (
            f"; applied though both pieces are words: the first is a prefix's length and the "
            f"batch writes '{joined}' whole, never '{prev.low}-{tok.low}'"
        )
    span = dataclasses.replace(prev, end=tok.end, core=original, low=original.lower())
    ranked = [(repl, 1.0)]
    return record(doc, span, tok.end, original, repl, ranked, decision, text, cand, occurrences)


#: The longest first piece still read as a prefix (``dis-``, ``sub-``) when both pieces are words.
PREFIX_LETTERS = 3
#: The most letters a stray fragment between the pieces of a broken word may have.
FRAGMENT_LETTERS = 2


def _fragment(raw: str) -> bool:
    """Is ``raw`` (a whitespace-separated token) a stray fragment: at most ``FRAGMENT_LETTERS``
    letters and no digit, with at most two marks around them (``e-``, ``Le``, ``,i.``)?

    >>> [_fragment(t) for t in ("e-", "Le", "ut", "of", "and", "1", "'-", "...,")]
    [True, True, True, True, False, False, True, False]
    """
    letters = sum(ch.isalpha() for ch in raw)
    marks = len(raw) - letters
    return letters <= FRAGMENT_LETTERS and marks <= 2 and not any(ch.isdigit() for ch in raw)


def join_across_fragment(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """The record joining ``tok`` (a first piece, ``pri-``) to the piece two tokens on over a
    stray fragment (``pri- e- soners`` → ``prisoners``), or None. Applied when the join is a
    common English word and one piece is no word on its own or the first piece is at most
    ``PREFIX_LETTERS`` long (``dis- Le orderly``); the fragment must make no English
    word with either piece (``de- of clared`` qualifies; ``con- ut victed`` too, ``con- sta
    ble`` would not)."""
    tokens = doc.tokens
    if tok.index + 2 >= len(tokens) or len(tok.core) < 2 or tok.lead:
        return None
    if len(tok.trail) != 1 or not HYPHENS.fullmatch(tok.trail) or not WORDISH.match(tok.core):
        return None
    if tok.core[1:] != tok.core[1:].lower():
        return None  # pieces of names (``McCain-``) are not this class
    frag, nxt = tokens[tok.index + 1], tokens[tok.index + 2]
    first_gap = doc.text[tok.end + 1 : frag.start - len(frag.lead)]
    second_gap = doc.text[frag.end + len(frag.trail) : nxt.start]
    raw = doc.text[frag.start - len(frag.lead) : frag.end + len(frag.trail)]
    if not (0 < len(first_gap) <= 4 and first_gap.isspace() and first_gap.count("\n") <= 2):
        return None
    if not (0 < len(second_gap) <= 4 and second_gap.isspace() and second_gap.count("\n") <= 2):
        return None
    if not _fragment(raw) or nxt.lead or len(nxt.core) < 2 or not nxt.core.islower():
        return None
    if not WORDISH.match(nxt.core):
        return None
    lex = doc.lexicon
    joined = tok.low + nxt.low
    if not lex.is_english(joined) or lex.count(joined) < doc.config.apply_min_count:
        return None
    if len(tok.core) > PREFIX_LETTERS and lex.is_english(tok.low) and lex.is_english(nxt.low):
        # Two words of a compound (``house- X keeper``, ``after- me wards``) the gold and the
        # print often keep apart (BLN600 dev: 5 such joins of 6 wrong); a first piece of a
        # prefix's length (``dis- Le orderly``, ``re- I covered``) is a break (15 of 16 right).
        return None
    f = frag.low
    if f and any(lex.is_english(w) for w in (tok.low + f, f + nxt.low, tok.low + f + nxt.low)):
        return None  # the fragment may be a piece of the word (``con- sta ble``)
    why = (
        "a word broken by a hyphen at a line end with a stray fragment "
        f"{raw!r} between its pieces (a neighbouring column's edge or a speck), the fragment "
        "removed"
    )
    return _applied_join(doc, tok, nxt, joined, 3, why, occurrences)


def _applied_join(
    doc: Doc, tok: Token, nxt: Token, joined: str, tokens: int, why: str, occ: Counter[str]
) -> Correction:
    """The applied record replacing ``tok`` through ``nxt`` (``tokens`` tokens of
    ``doc.tokens``) by the English word ``joined``, cased like the pieces, its reason
    ``why``."""
    original = doc.text[tok.start : nxt.end]
    repl, small = _join_case(doc, tok, nxt, joined, cased(joined, tok.core + nxt.core, None))
    edit = Edit("space-extra", original, joined)
    cand = Candidate(joined, None, "English dictionary", Alignment(EDIT_COST, (edit,)))
    cand.tokens = tokens
    text = f"{original!r} → {repl}: English dictionary, {why}{small}"
    span = dataclasses.replace(tok, end=nxt.end, core=original, low=original.lower())
    return record(doc, span, nxt.end, original, repl, [(repl, 1.0)], APPLIED, text, cand, occ)


def _join_case(doc: Doc, first: Token, last: Token, joined: str, repl: str) -> tuple[str, str]:
    """``repl`` (the join of ``first`` through ``last``, ``joined`` lowercase, cased like the
    pieces) written small when its capital is an OCR case misreading, with the note the record's
    reason adds (``""`` when ``repl`` is kept): the first piece is capitalised mid-sentence
    between small words (``the Wit- ness``, ``thirteen Sove- reigns``), the word is no name,
    and the batch (this document, without one) writes it small mid-sentence at least
    ``SMALL_OVER_TITLE`` times as often as capitalised.

    Why: the join decides where the word ends, not its case, and a capital mid-sentence on a
    common word is OCR's (as ``case.initial_capital`` finds for a whole word); BLN600 dev: 4 of
    the 18 wrong joins were right but for such a capital."""
    if not (repl[:1].isupper() and repl[1:].islower()) or not first.core[1:].islower():
        return repl, ""
    lex = doc.lexicon
    if lex.is_proper_noun(joined) or lex.is_person_name(repl):
        return repl, ""
    if first.index == 0 or first.lead or sentence_start(doc, first) or caps_context(doc, first):
        return repl, ""
    prev = doc.tokens[first.index - 1]
    if prev.trail or not prev.core[:1].islower():
        return repl, ""  # after a mark or a capitalised word a title may run on
    after = doc.tokens[last.index + 1] if last.index + 1 < len(doc.tokens) else None
    if after is not None and not last.trail and after.core[:1].isupper():
        return repl, ""  # ``the Con- solidation Act``
    vocab = doc.vocabulary
    title = (vocab.title_mid if vocab is not None else doc.title_mid)[repl]
    lower = (vocab.lower_forms if vocab is not None else doc.lower_forms)[joined]
    log.debug("join case %r: title %d lower %d", repl, title, lower)
    if lower == 0 or lower < SMALL_OVER_TITLE * max(title, 1):
        return repl, ""
    where = "the batch" if vocab is not None else "this document"
    return joined, (
        f"; written small: capitalised mid-sentence between small words, and {where} writes "
        f"'{joined}' small {lower} times against {title} capitalised mid-sentence"
    )


#: How many times more often the batch must write a joined word small than capitalised
#: mid-sentence for ``_join_case`` to write it small.
SMALL_OVER_TITLE = 2


def _written_whole(doc: Doc, joined: str, hyphenated: str) -> bool:
    """Does the batch (this document, without one) write ``joined`` whole at least
    ``WHOLE_MIN`` times and never as ``hyphenated``? Then a break of it into two words at a
    line end (``de- ceased``, ``re- turned``) is the printer's, not a compound's (``re-sign``,
    ``to-day``, which the batch would write so)."""
    vocab = doc.vocabulary
    counts = vocab.counts if vocab is not None else doc.forms
    return counts.get(joined, 0) >= WHOLE_MIN and not counts.get(hyphenated, 0)


#: How often the batch must write a word whole for ``_written_whole``.
WHOLE_MIN = 2


#: Marks OCR reads for a line-end hyphen (a speck of ink broken off it, or the hyphen itself
#: faint): ``pri. soner``, ``morn, ing``.
MISREAD_HYPHENS = frozenset(".,")


def join_misread_hyphen(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """The record joining ``tok`` (``pri.``) and the next token (``soner``) when the mark after
    ``tok`` is a line-end hyphen OCR read as a full stop or a comma, or None.

    Applied only when the join is a common English word, the second piece is lowercase and no
    English word on its own (after a real full stop a sentence goes on with a word: ``ness``
    or ``ing`` do not), and the first piece is two letters or more in lowercase after its
    first letter. Offsets are into ``doc.text``."""
    if tok.index + 1 >= len(doc.tokens) or tok.lead or len(tok.trail) != 1:
        return None
    if tok.trail not in MISREAD_HYPHENS or len(tok.core) < 2 or not WORDISH.match(tok.core):
        return None
    if tok.core[1:] != tok.core[1:].lower():
        return None
    nxt = doc.tokens[tok.index + 1]
    gap = doc.text[tok.end + 1 : nxt.start]
    if nxt.lead or not gap or gap.strip(" \n") or gap.count("\n") > 1:
        return None
    if len(nxt.core) < 2 or not nxt.core.islower() or not WORDISH.match(nxt.core):
        return None
    lex = doc.lexicon
    joined = tok.low + nxt.low
    if not lex.is_english(joined) or lex.count(joined) < doc.config.apply_min_count:
        near = _one_edit_join(doc, tok, nxt, joined)
        if near is None:
            return None
        why = (
            f"a word broken at a line end whose hyphen OCR read as {tok.trail!r}, one letter "
            f"misread: neither '{tok.core}' nor '{nxt.core}' is a word on its own, and "
            f"'{near}' is the one common word one edit from their join"
        )
        return _applied_join(doc, tok, nxt, near, 2, why, occurrences)
    if not lex.is_english(nxt.low):
        alone = nxt.core
    elif not lex.is_english(tok.low):
        # ``en. gaged``, ``Isling. ton``: the second piece is a word by chance, but no word
        # ends a sentence on the first piece (BLN600 dev: 15 such places, the gold joins all)
        alone = tok.core
    else:
        return None
    why = (
        f"a word broken at a line end whose hyphen OCR read as {tok.trail!r}; '{alone}' is no "
        "word on its own"
    )
    return _applied_join(doc, tok, nxt, joined, 2, why, occurrences)


#: A join read one edit from a word (``cor. roberated``) must have this many letters.
NEAR_JOIN_MIN = 8


def _one_edit_join(doc: Doc, tok: Token, nxt: Token, joined: str) -> str | None:
    """The one common English word (``apply_min_count``) one edit from ``joined`` (the
    pieces ``tok`` and ``nxt`` run together, ``NEAR_JOIN_MIN`` letters or more) and longer
    than either piece, when neither piece is an English word (``dls. charged`` has a word:
    not this); else None. Both pieces no words and a mark between them where a hyphen goes:
    a broken word with a letter misread (BLN600 dev: 10 such places, the gold has the word
    at all 10; with one piece a word, 16 of 22)."""
    lex = doc.lexicon
    if not (tok.core.isalpha() and nxt.core.isalpha()):
        return None  # ``pri. soner's``: an apostrophe is one edit from the plural
    if len(joined) < NEAR_JOIN_MIN or lex.is_english(tok.low) or lex.is_english(nxt.low):
        return None
    floor = doc.config.apply_min_count
    longest = max(len(tok.core), len(nxt.core))
    found = [
        s.term
        for s in lex.lookup(joined, 1)
        if s.distance == 1 and s.count >= floor and len(s.term) > longest and lex.is_english(s.term)
    ]
    return found[0] if len(found) == 1 else None


#: Letters thin enough for OCR to lose as a gap between two pieces of a word (``keep ng``).
THIN_LETTERS = "iltfj"
#: A word joined across a lost thin letter must be this long: short joins are too easy to make.
THIN_MIN_LENGTH = 7


def thin_join(doc: Doc, tok: Token) -> str | None:
    """The one common English word ``tok`` + a thin letter + the next token make (``keep ng``
    → ``keeping``), when they are lowercase letters on one line one space apart and one of them
    is no English word; else None."""
    if tok.index + 1 >= len(doc.tokens) or tok.trail:
        return None
    nxt = doc.tokens[tok.index + 1]
    # one space between (``nxt.start - tok.end == 1`` first: no slice made for each pair)
    if nxt.lead or nxt.line != tok.line or nxt.start - tok.end != 1 or doc.text[tok.end] != " ":
        return None
    first, second = tok.core, nxt.core
    if len(first) < 2 or len(second) < 2:
        return None  # a lone letter is a speck or another column's (``purpose s``)
    if len(first) + len(second) + 1 < THIN_MIN_LENGTH:
        return None
    if not (first.isalpha() and second.isalpha() and first.islower() and second.islower()):
        return None
    lex = doc.lexicon
    if lex.is_english(first) and lex.is_english(second):
        return None
    floor = doc.config.apply_min_count
    # A first piece that is a word on its own (``ins pired``) never reaches the dictionary
    # path's own merge: the plain join is tried here too.
    gaps = ("", *THIN_LETTERS) if lex.is_english(first) else THIN_LETTERS
    found = [
        first + c + second
        for c in gaps
        if lex.is_english(first + c + second) and lex.count(first + c + second) >= floor
    ]
    return found[0] if len(found) == 1 else None


def _fits(doc: Doc, tok: Token, word: str) -> bool:
    """Does ``word``, standing for ``tok`` and the token after it, make a known pair with a
    neighbour, or occur elsewhere in the document?"""
    if doc.forms.get(word, 0) > 0:
        return True
    lex = doc.lexicon
    prev = neighbour(doc, tok.index, -1)
    nxt = neighbour(doc, tok.index + 1, +1)
    if prev is not None and (lex.bigram(prev, word) or context_prob(doc, prev, word)):
        return True
    return nxt is not None and bool(lex.bigram(word, nxt) or context_prob(doc, word, nxt))


def plain_join(doc: Doc, tok: Token) -> str | None:
    """The common English word ``tok`` and the next token make run together (``subse
    quently``, ``Wor khouse``), when they are letters on one line one space apart, the second
    in small letters and the first too but for its initial, neither is an English word and
    the join has ``THIN_MIN_LENGTH`` letters or more; else None. A join one letter from the
    word (``eni dence``, ``_one_edit_join``) is that word when it ``_fits`` its place.

    Two pieces that are no words and make one common word whole are its pieces, split where
    OCR read a gap: nothing else reads them (BLN600 dev: 15 such places the other paths left,
    the gold has the word at all 15). The dictionary path weighs the join as one candidate
    among the readings of the first piece alone (``instant`` for ``instanta neous``) and
    leaves most of them."""
    if tok.index + 1 >= len(doc.tokens) or tok.trail or tok.lead:
        return None
    nxt = doc.tokens[tok.index + 1]
    if nxt.lead or nxt.trail[:1].isalpha() or nxt.line != tok.line:
        return None
    if nxt.start - tok.end != 1 or doc.text[tok.end] != " ":
        return None
    first, second = tok.core, nxt.core
    if len(first) < 2 or len(second) < 2 or len(first) + len(second) < THIN_MIN_LENGTH:
        return None
    if not (first.isalpha() and second.isalpha() and first[1:].islower() and second.islower()):
        return None
    lex = doc.lexicon
    joined = tok.low + nxt.low
    if lex.is_english(tok.low) or lex.is_english(nxt.low):
        return None
    if lex.is_english(joined) and lex.count(joined) >= doc.config.apply_min_count:
        return joined
    # A letter misread too (``witr ess``, ``investiga tlon``): the one word one edit away,
    # when the document writes it elsewhere or it makes a known pair with a neighbour.
    near = _one_edit_join(doc, tok, nxt, joined)
    return near if near is not None and _fits(doc, tok, near) else None


def join_plain_split(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """The record joining ``tok`` and the next token into the word they make run together
    (``plain_join``: ``subse quently`` → subsequently), or None."""
    joined = plain_join(doc, tok)
    if joined is None:
        return None
    why = "a word split in two where OCR read a gap; neither piece is a word on its own"
    return _applied_join(doc, tok, doc.tokens[tok.index + 1], joined, 2, why, occurrences)


def join_lost_letter(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """The record joining ``tok`` and the next token across a lost thin letter (``keep ng`` →
    ``keeping``), or None."""
    joined = thin_join(doc, tok)
    if joined is None:
        return None
    nxt = doc.tokens[tok.index + 1]
    original = doc.text[tok.start : nxt.end]
    lost = joined[len(tok.core) : len(joined) - len(nxt.core)]
    edit = Edit("missing", "", lost) if lost else Edit("space-extra", original, joined)
    cand = Candidate(joined, None, "English dictionary", Alignment(EDIT_COST, (edit,)))
    cand.tokens = 2
    if not _fits(doc, tok, joined):
        return None  # BLN600 dev: such joins right 1 time in 3, not worth a reviewer's time
    why = f"a word split where OCR lost a thin letter ({lost!r})" if lost else "a word split"
    text = f"{original!r} → {joined}: English dictionary, {why}, fits the neighbouring words"
    span = dataclasses.replace(tok, end=nxt.end, core=original, low=original.lower())
    ranked = [(joined, 1.0)]
    return record(doc, span, nxt.end, original, joined, ranked, APPLIED, text, cand, occurrences)
