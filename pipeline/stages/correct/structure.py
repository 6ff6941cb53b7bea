"""Punctuation OCR invents and the cable's own structure tokens, handled as classes.

Why a module: these errors are not misspelt words, so the dictionary path never sees them, and
each has a shape of its own that context confirms.

* **Specks read as punctuation.** A speck of dirt becomes a full stop: ``who. will.`` inside a
  sentence, ``Foreign.Minister`` inside a name. The stop goes when the words on both sides are
  English and the language model knows them as a pair (symspellpy's bigrams, the State
  Department n-grams or the batch): a full stop before a small word is otherwise an
  abbreviation's (``approx. two``), and a capital after a stop a new sentence.
* **Cable structure tokens.** ``E.0.``/``B.O.`` before an executive order's number is ``E.O.``
  (the number confirms it), and so is ``E.0.12958`` written close; a portion mark with one
  bracket misread (``{C)``, ``(S}``) is the mark itself, ``(C)``; on a ``TAGS:`` line, a
  four-character code no dictionary knows that is one OCR confusion from exactly one TAGS
  subject code of the cable vocabulary (``PG0V``, ``PRFL``: ``dictionaries/cable.txt``) is
  that code.
"""

from __future__ import annotations

import logging
import re
from collections import Counter

from pipeline.core.enums import CorrectionDecision
from pipeline.core.results import APPLIED, PROPOSED, Correction
from pipeline.stages.correct.abbreviations import is_abbreviation
from pipeline.stages.correct.candidates import Candidate
from pipeline.stages.correct.channel import OCR_COST, Alignment, Edit, ocr_variants
from pipeline.stages.correct.document import Doc
from pipeline.stages.correct.rank import context_prob, neighbour
from pipeline.stages.correct.realword import RealWordEvidence, best_reading
from pipeline.stages.correct.records import cased, record
from pipeline.stages.correct.tokens import Token

log = logging.getLogger(__name__)

# ``E.0``, ``B.O``, ``E.Q``, ``F.0`` …: the core of an OCR-damaged ``E.O.`` (its final stop is
# the token's trail).
_EO = re.compile(r"^[EBF]\.?[0OQD]$")
# Executive orders that classify State Department records (11652, 12065, 12356, 12958, 13526).
_EO_NUMBER = re.compile(r"^1[1-3]\d{3}$")
# ``E.0.12958``: the order and its number with no space between.
_EO_CLOSE = re.compile(r"^[EBF][.,]?[0OQD][.,](1[1-3]\d{3})$")
# A TAGS subject code as OCR may have read it: four capitals or digits.
_TAGS_CODE = re.compile(r"^[A-Z0-9]{4}$")
_TAGS_LINE = re.compile(r"^\W{0,3}TAGS\s*:")
_CABLE_VOCABULARY = "cable.txt"
_PORTION_MARKS = frozenset(["C", "S", "U", "TS", "SBU", "LOU", "NF", "REL"])
_OPEN, _CLOSE = "({[", ")}]"
_INNER_STOP = re.compile(r"^([A-Za-z]{2,})\.([A-Za-z]{2,})$")
# A small word that OCR may have read for a sum in shillings or pence (``is.`` for ``1s.``,
# ``id.`` for ``1d.``): its stop may be the abbreviation's.
_MONEY_LOOKALIKE = re.compile(r"^[il]+[sd]$")
# Words that never end a phrase: a comma or a quote after one is a speck, not punctuation
# (``the, prisoner``, ``a' man``: BLN600 dev, 60 word errors). ``and``, ``to``, ``his`` and
# ``her`` can end a clause (``and, as he said``), and are not here.
_NEVER_BEFORE_A_BREAK = frozenset(("the", "a", "an", "of", "their", "its", "my", "your", "our"))
_SPECK_MARKS = frozenset((",", "'", "’", "`", "‘"))
# A pair of words is "known" from symspellpy's bigrams at this count, or from the State
# Department n-grams or the batch (``rank.context_prob``).
_PAIR_MIN_BIGRAM = 10_000


def structure_fix(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """The record for a speck read as punctuation or a damaged cable structure token at
    ``tok``, or None."""
    core = tok.core
    if _EO.match(core) and core != "E.O" and tok.trail.startswith("."):
        return _executive_order(doc, tok, occurrences)
    close = _EO_CLOSE.match(core)
    if close and not core.startswith("E.O."):
        why = "cable vocabulary, an executive order's number follows"
        repl = f"E.O.{close.group(1)}"
        return _fix(doc, tok, tok.start, tok.end, repl, "ocr", why, occurrences)
    if _TAGS_CODE.match(core) and _on_tags_line(doc, tok):
        return _tags_code(doc, tok, occurrences)
    if (
        core in _PORTION_MARKS
        and tok.lead
        and tok.trail
        and tok.lead[-1] in _OPEN
        and tok.trail[0] in _CLOSE
    ):
        return _portion_mark(doc, tok, occurrences)
    if tok.trail == "." and core.isalpha() and core.islower():
        return _stop_between_words(doc, tok, occurrences)
    if tok.trail in _SPECK_MARKS and tok.low in _NEVER_BEFORE_A_BREAK and core.islower():
        return _mark_after_determiner(doc, tok, occurrences)
    if "." in core:
        return _stop_inside(doc, tok, occurrences)
    return None


def _fix(
    doc: Doc,
    tok: Token,
    start: int,
    end: int,
    repl: str,
    kind: str,
    why: str,
    occurrences: Counter[str],
    decision: CorrectionDecision = APPLIED,
) -> Correction:
    original = doc.text[start:end]
    cand = Candidate(repl.lower(), None, why, Alignment(OCR_COST, (Edit(kind, original, repl),)))
    span = tok if start == tok.start else tok.part(start, original)
    text = f"{original} → {repl}: {why}"
    return record(doc, span, end, original, repl, [(repl, 1.0)], decision, text, cand, occurrences)


def _next_token(doc: Doc, tok: Token) -> Token | None:
    j = tok.index + 1
    return doc.tokens[j] if j < len(doc.tokens) else None


def _executive_order(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    nxt = _next_token(doc, tok)
    if nxt is None or nxt.lead or not _EO_NUMBER.match(nxt.core):
        return None
    why = "cable vocabulary, an executive order's number follows"
    return _fix(doc, tok, tok.start, tok.end + 1, "E.O.", "ocr", why, occurrences)


def _portion_mark(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    lead, trail = tok.lead[-1], tok.trail[0]
    if lead == "(" and trail == ")":
        return None
    if "(" not in lead + trail and ")" not in lead + trail:
        return None  # ``{C}`` or ``[S]``: both brackets differ, maybe meant
    start, end = tok.start - 1, tok.end + 1
    why = "cable vocabulary, a portion mark with a bracket misread"
    return _fix(doc, tok, start, end, f"({tok.core})", "ocr", why, occurrences)


def _on_tags_line(doc: Doc, tok: Token) -> bool:
    """Is ``tok`` on a line that starts ``TAGS:``?"""
    start = doc.text.rfind("\n", 0, tok.start) + 1
    return bool(_TAGS_LINE.match(doc.text[start : tok.start]))


def _tags_code(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """``PG0V`` → ``PGOV`` on a TAGS line: the one TAGS subject code one OCR confusion away
    (applied), or one other character away (``PRFL``: proposed, since our list of TAGS codes is
    not every code there is)."""
    lex = doc.lexicon
    if lex.protects(tok.core) is not None or lex.is_english(tok.low):
        return None
    for variants, decision in ((ocr_variants(tok.low), APPLIED), (_one_letter(tok.low), PROPOSED)):
        codes = set()
        for variant in variants:
            entry = lex.entry(variant)
            if entry is not None and entry.source == _CABLE_VOCABULARY and len(entry.written) == 4:
                codes.add(entry.written)
        if len(codes) > 1:
            return None  # two codes equally near: not for us to choose
        if codes:
            (code,) = codes
            why = "cable vocabulary, a TAGS subject code with a character misread"
            if decision == PROPOSED:
                why += "; proposed, not applied: not a known OCR confusion"
            return _fix(doc, tok, tok.start, tok.end, code, "ocr", why, occurrences, decision)
    return None


def _one_letter(low: str) -> list[str]:
    """Every string one letter substitution from ``low`` (lowercase letters only)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [low[:i] + c + low[i + 1 :] for i in range(len(low)) for c in letters if c != low[i]]


def _known_pair(doc: Doc, first: str, second: str) -> bool:
    if doc.lexicon.bigram(first, second) >= _PAIR_MIN_BIGRAM:
        return True
    return context_prob(doc, first, second) is not None


def _one_word(doc: Doc, first: str, second: str) -> bool:
    """Do ``first`` and ``second`` make one word, closed (``yourself``, ``nearby``) or
    hyphenated (``lieutenant-colonel``)? Then the mark between them is a broken word's, and
    dropping it would leave two words where the page has one (BLN600 dev: 6 of the 15 wrong
    speck removals)."""
    lex = doc.lexicon
    return lex.is_english(first + second) or lex.is_known(f"{first}-{second}")


def _hyphenated_in_batch(doc: Doc, first: str, second: str) -> bool:
    """Does the batch write ``first-second`` more often than ``first second`` (as
    ``runtogether._written_whole`` reads it: the paper's own compound)? Asked of a mark with no
    space beside it (``Lieutenant.Colonel`` where the paper prints ``Lieutenant-Colonel``):
    there the mark stands where the hyphen was. Not of a stop before a space (``public.
    house``): the space is the page's, and dropping the stop leaves the words as printed
    (BLN600 dev: 5 such right removals lost when it was asked there too)."""
    vocab = doc.vocabulary
    if vocab is None:
        return False
    return vocab.counts.get(f"{first}-{second}", 0) > vocab.bigrams.get(f"{first} {second}", 0)


def _stop_between_words(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """``who. will.``: a stop between two small English words that make a known pair."""
    nxt = _next_token(doc, tok)
    if nxt is None or nxt.lead or not nxt.core.isalpha() or not nxt.core.islower():
        return None
    if doc.text[tok.end + 1 : nxt.start] != " ":
        return None
    lex = doc.lexicon
    if is_abbreviation(tok.core) or len(tok.low) < 2:
        return None
    if not (lex.is_english(tok.low) and lex.is_english(nxt.low)):
        return None
    if _one_word(doc, tok.low, nxt.low):
        return None  # ``your. self``, ``near. by``: a word broken at a mark, not two words
    if not _known_pair(doc, tok.low, nxt.low):
        return None
    why = f"a speck read as a full stop: '{tok.core} {nxt.core}' is one phrase"
    misread = _misread_word(doc, tok, nxt)
    if misread is not None:
        return _speck_and_word(doc, tok, misread, why, occurrences)
    if _MONEY_LOOKALIKE.match(tok.low):
        # ``or is. each``, ``is. a stone``: a sum (``1s.``) read as a word, its stop real
        # (BLN600 dev: 3 of 5 such removals wrong, the gold ``1s``, ``5s``, ``in``).
        why += (
            f"; proposed, not applied: '{tok.core}.' may be a sum misread "
            f"('{tok.low.replace('i', '1').replace('l', '1')}.'), its stop an abbreviation's"
        )
        decision = PROPOSED
    else:
        decision = APPLIED
    return _fix(doc, tok, tok.start, tok.end + 1, tok.core, "speck", why, occurrences, decision)


def _mark_after_determiner(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """``the, prisoner``: a comma or a quote after a word that never ends a phrase, before a
    small English word the two make a known pair with."""
    nxt = _next_token(doc, tok)
    if nxt is None or nxt.lead or not nxt.core.isalpha() or not nxt.core.islower():
        return None
    if doc.text[tok.end + 1 : nxt.start] != " " or nxt.line != tok.line:
        return None
    if not doc.lexicon.is_english(nxt.low) or not _known_pair(doc, tok.low, nxt.low):
        return None
    after = doc.tokens[nxt.index : nxt.index + 2]
    if tok.trail == "," and any(t.trail.startswith(",") for t in after):
        return None  # ``of, say, ten``, ``the, he said, best``: a parenthesis, not a speck
    why = f"a speck read as {tok.trail!r}: '{tok.core} {nxt.core}' is one phrase"
    misread = _misread_word(doc, tok, nxt)
    if misread is not None:
        return _speck_and_word(doc, tok, misread, why, occurrences)
    return _fix(doc, tok, tok.start, tok.end + 1, tok.core, "speck", why, occurrences)


def _misread_word(doc: Doc, tok: Token, nxt: Token) -> RealWordEvidence | None:
    """The real-word reading of ``tok`` (a small word a speck follows) that its neighbours
    decide, read past the speck to ``nxt`` (``bad. made`` → ``had made``), or None: the word
    before and ``nxt`` known to the unigram list, and the evidence ``decisive`` (both of the
    reading's pairs known, neither of the word's, the log-odds at the real-word path's
    threshold: ``realword.RealWordEvidence``).

    Why: a speck lands where the print is worn, and the word beside it is as worn; dropping the
    mark alone keeps a misread word (BLN600 dev: ``bad.`` for ``had`` twice, ``be.`` for
    ``he``), which the real-word path never sees, the speck path having taken the token."""
    lex = doc.lexicon
    prev = neighbour(doc, tok.index, -1)
    if prev is None or not lex.count(prev) or not lex.count(nxt.low):
        return None
    ev = best_reading(lex, prev, tok.low, nxt.low)
    return ev if ev is not None and ev.decisive else None


def _speck_and_word(
    doc: Doc, tok: Token, ev: RealWordEvidence, why: str, occurrences: Counter[str]
) -> Correction:
    """The applied record dropping the speck after ``tok`` and reading its word as ``ev``'s
    candidate (``bad.`` → ``had``), its reason both."""
    repl = cased(ev.candidate, tok.core, None)
    fits = f"'{ev.prev} {ev.candidate} {ev.next}' fits, '{ev.prev} {ev.word} {ev.next}' does not"
    why = (
        f"{why}, and the word is a real-word error, {ev.edit.describe()}: {fits} (context "
        f"log-odds {ev.log_odds:.1f}, pairs known {ev.cand_known} vs {ev.word_known})"
    )
    return _fix(doc, tok, tok.start, tok.end + 1, repl, "speck", why, occurrences)


def _stop_inside(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """``Foreign.Minister``: a stop between two words of the same case that make a known pair
    (a capital after a stop in a small word, ``ended.The``, starts a sentence: left)."""
    m = _INNER_STOP.match(tok.core)
    if m is None:
        return None
    first, second = m.group(1), m.group(2)
    same_case = (first.islower() and second.islower()) or (
        first[0].isupper() and second[0].isupper() and first[1:].islower() == second[1:].islower()
    )
    if not same_case:
        return None
    lex = doc.lexicon
    if not (lex.is_english(first.lower()) and lex.is_english(second.lower())):
        return None
    if _one_word(doc, first.lower(), second.lower()) or _hyphenated_in_batch(
        doc, first.lower(), second.lower()
    ):
        return None  # ``Lieutenant.Colonel``: a compound's hyphen misread, not a gap
    if not _known_pair(doc, first.lower(), second.lower()):
        return None
    why = f"a speck read as a full stop inside '{first} {second}'"
    return _fix(doc, tok, tok.start, tok.end, f"{first} {second}", "speck", why, occurrences)
