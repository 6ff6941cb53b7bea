"""A closing mark OCR set off from the word before it: ``drunk ; 20s.``, ``Plowden : Did``,
``here ?``, ``"Murder !"``.

Why a module: old print set a thin space before ``;``, ``:``, ``?`` and ``!``, and OCR reads
it as a word space, so the mark stands alone as a token. No word path sees such a token (it has
no letters), and the space costs a word error: the word before it and the lone mark against the
one word with its mark. These four marks close what comes before them and never open a word, so
a lone one belongs to the word before (a quote after it, ``!"``, closes with it).

The doubt is a speck read as such a mark: it falls anywhere, so the mark is taken only

* after a word that may end a phrase (not in ``FUNCTION_WORDS``: ``charge of : his``,
  ``returned a : verdict``), of two letters or more, ending in a letter, with nothing but
  spaces between them on one line;
* after a known word when the word is in small letters (``invectigar : tion``, ``lef ; the``:
  a piece of a broken word, the mark a misread hyphen or a speck);
* in mixed-case text, after a word not in capitals (a cable's ``SUBJECT :``, a form's
  ``NAME :``: a typist's own spacing), and a colon not after a capitalised word (a memo's
  ``Dated : 10 July 1972``, labelled JFK dev);
* not where the words either side make a known pair and the next is in small letters (a
  speck inside a phrase: ``a good chance : that``, ``a diversionary : operation``, labelled
  JFK dev);
* a ``;`` or ``:`` (``DOT_MARKS``) not before a token read as no word or a damaged one
  (``lines.token_reading``: ``LOST``, ``DAMAGED``; another lone mark is ``LOST``). Dots are
  what a speck, or what is left of a word the scan lost, reads as, and a lost word leaves its
  neighbours damaged too: on plain Tesseract's text of hard cable scans (``bench.plain_text``
  hard tier, dev) ``request ; : oe quest``, ``prevail ; penros) py force``, ``two : oe
  covered``, ``further :`` then ``iy 6`` (the gold has a word where the mark is). A ``?`` or
  ``!`` is a shape of its own, and old print's dialogue puts noise after it (``murder ?``
  then ``i- The answer``), so it is taken before anything;
* a colon not before a word in small letters: the set-off colons BLN600 dev joins stand before
  speech or a capital (``said : When``, ``game : Yes.``; the fifth before a misread word,
  left by the rule above), while on typescript a lone colon inside a sentence is a speck
  (``hostile : interrogation``, ``propaganda : writing``, ``one : secretary``: 26 of the 27
  such joins on the dev real OCR of ``bench.applied_audit`` by reading, the other a list's
  ``the following : men``).

``quotes`` is the opening quote's twin. A lone comma or stop is not taken (BLN600 dev: mostly
specks between two words, the gold writing neither).

BLN600 dev (the rule drawn from dev's rows, no threshold fitted; session 35, helper wer): 90
such marks joined (half A 49, half B 41 of ``bench.dev_halves``), word errors 90 fewer on half A
and 72 on half B, no document with more; the records have no letters, so the gold judges them
neutral. Labelled JFK dev: none (its five colons were labels or specks: the rules above).

The last two rules (session 36, helper setoff; issue 15: on plain Tesseract's text of the hard
tier the joins went wrong): the variant chosen on half A (a dot mark before ``LOST`` or
``DAMAGED``; before anything but a word, or with a ``?`` or ``!`` too, cost more) leaves 86
joins, word errors 1 more on half A and 3 on half B than with every join (4 documents one error
each, the mark before a misread word: ``servitude ; anda man``); the colon rule leaves none
more. Plain-text hard tier dev: applied 26 right / 4 wrong → 26 / 1 (of its seven joins six
left, the three wrong ones among them; ``credit : 09/23/2005`` on a stamp is still joined).
Applied joins on the dev real OCR of ``bench.applied_audit`` (JFK, Talbott, the seed,
``bench/furniture``): 184 → 102 (damage rule) → 77 (colon rule), nearly all specks on damaged
typescript; what is left is mostly such specks before a capital or a word (``Cuba !``,
``other ; unusual``): no rule read from the text alone told them from old print's.

The record spans the spaces and the mark (`` ;`` → ``;``), so the word before is still
corrected on its own; it is applied, with the word before it as its evidence.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from pipeline.core.enums import TokenReading
from pipeline.core.results import APPLIED, Correction
from pipeline.core.text import FUNCTION_WORDS
from pipeline.stages.correct.candidates import Candidate
from pipeline.stages.correct.channel import EDIT_COST, Alignment, Edit
from pipeline.stages.correct.document import Doc, caps_context
from pipeline.stages.correct.lines import raw_token, token_reading
from pipeline.stages.correct.records import record
from pipeline.stages.correct.structure import _known_pair
from pipeline.stages.correct.tokens import Token

#: A lone closing mark: one or more of ``; : ? !``, a closing quote after them allowed.
CLOSING_MARK = re.compile(r"[;:?!]+[\"”'’]?")
#: The marks a speck or a lost word's remnant reads as: taken only before a word (``setoff_mark``).
DOT_MARKS = frozenset(";:")
#: How the token after a dot mark may read for the mark to be taken as set off.
_NO_WORD = frozenset({TokenReading.LOST, TokenReading.DAMAGED})


def setoff_mark(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """The record removing the spaces before ``tok`` when it is a lone closing mark
    (``CLOSING_MARK``) after a word on the same line (``drunk ;`` → ``drunk;``), or None.
    Offsets are into ``doc.text``; the record's ``original`` is the spaces and the mark."""
    if tok.core or tok.trail or not CLOSING_MARK.fullmatch(tok.lead) or tok.index == 0:
        return None
    prev = doc.tokens[tok.index - 1]
    gap = doc.text[prev.end : tok.start - len(tok.lead)]
    if prev.trail or not gap or gap.strip(" "):
        return None  # a mark of its own before, another line, or no space
    if not prev.core[-1:].isalpha() or prev.low in FUNCTION_WORDS or len(prev.core) < 2:
        return None  # ``of :``: a speck after a word that cannot end a phrase
    if prev.core[0].islower() and not doc.lexicon.is_known(prev.core):
        return None  # ``invectigar : tion``: a broken word's piece, the mark a misread hyphen
    if caps_context(doc, prev) or (prev.core.isupper() and len(prev.core) > 1):
        return None  # ``SUBJECT :``: a label in capitals keeps its typist's spacing
    mark = tok.lead
    if mark[0] == ":" and prev.core[0].isupper():
        return None  # ``Dated : 10 July``: a label; a typist may space its colon
    nxt = doc.tokens[tok.index + 1] if tok.index + 1 < len(doc.tokens) else None
    if nxt is not None and nxt.core[:1].islower() and _known_pair(doc, prev.low, nxt.low):
        return None  # ``a good chance : that``: a speck inside a phrase
    if mark[0] in DOT_MARKS and nxt is not None and _no_word(doc, nxt):
        return None  # ``request ; : oe quest``: a lost word's remnant amid damage
    if mark[0] == ":" and nxt is not None and nxt.core[:1].islower():
        return None  # ``hostile : interrogation``: a speck inside a typed sentence
    original = doc.text[prev.end : tok.start]
    cand = Candidate(mark, None, "print", Alignment(EDIT_COST, (Edit("space-extra", gap, ""),)))
    text = (
        f"{original!r} → {mark!r}: a closing mark set off from the word before it "
        f"('{mark[0]}' never opens a word; '{prev.core}' may end a phrase)"
    )
    span = dataclasses.replace(tok, start=prev.end, end=tok.start, core=original, low=original)
    ranked = [(mark, 1.0)]
    return record(doc, span, tok.start, original, mark, ranked, APPLIED, text, cand, occurrences)


def _no_word(doc: Doc, tok: Token) -> bool:
    """Does ``tok`` read as no word or a damaged one (``lines.token_reading``, the garbage
    gate's reading, through the document's memo ``doc.readings``)?"""
    raw = raw_token(doc, tok)
    reading = doc.readings.get(raw)
    if reading is None:
        reading = doc.readings[raw] = token_reading(raw, doc.lexicon)
    return reading in _NO_WORD
