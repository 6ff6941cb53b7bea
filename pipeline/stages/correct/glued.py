"""A speck glued to a word and read as a mark: ``‘expressed``, ``.SOUGHT``, ``-radio``,
``“BILL``, ``of:``, ``AND.``, ``on’``, ``missiles..``.

Why a module: on faint photocopies (issue 13's extreme tier) grain touching a word is read as
a mark at its edge, 1.5 % of the dev gold words, and ``structure``'s speck paths only take a
stop or a comma between two small words that make a known pair. The word boxes do not tell
these marks apart (dev extreme: a spurious trailing stop's word box is as tall as a real one's:
5 of 30 against 26 of 270 at 1.3 times the line's median height), so each rule stands on a mark
that cannot be what the text means there:

* **A mark before a word** (lead ``.``, ``,``, a single ``-``, or a quote): a known word
  (English, or the lexicon's as written) with one mark before it, the mark set off from the
  word before by a space. A stop or comma never opens a word; a single hyphen does not either
  unless a line starts with it (a list's dash) or it joins the word before into a compound
  (``pro -Western``); a quote does when a quotation opens there, so an opening quote goes only
  when nothing closes it (no closing quote of its kind ends a token before the next opening one
  or the paragraph's end, within ``QUOTE_REACH`` tokens) and no quotation of its kind is open
  on the paragraph before it (a closing quote misread as an opening one).
* **A mark after a word that never ends a phrase** (``the``, ``of``, ``and``, …, any case):
  a stop, colon, comma or quote after it, a word following on the same line. ``to``, ``by``,
  ``for`` and ``from`` are not in the set: a cable's header writes ``TO:``, ``FROM:``.
* **A closing single quote no quotation opened**: ``on’``, ``I’`` after a word not ending in
  ``s`` (a plural's possessive, ``workers’``), with no opening single quote on its paragraph
  before it.
* **A doubled stop**: ``missiles..`` is ``missiles.`` (three stops are an ellipsis: left).

Every change is a ``Correction`` record (``corrections.jsonl``) saying which mark went and why.
The marks after a word go through the calibrated model as ``structure``'s specks do
(``ApplyPath.SPECK``); a mark before a word and a doubled stop stand on their own evidence (the
model has no rows of them).
"""

from __future__ import annotations

from collections import Counter

from pipeline.core.results import Correction
from pipeline.stages.correct.document import Doc
from pipeline.stages.correct.structure import _fix
from pipeline.stages.correct.tokens import WORDISH, Token

#: Marks a speck before a word is read as.
LEAD_MARKS = frozenset(".,-‘'“\"")
#: Quote families: each mark's opening and closing forms.
SINGLE_OPEN, SINGLE_CLOSE = frozenset("‘'"), frozenset("’'")
DOUBLE_OPEN, DOUBLE_CLOSE = frozenset('“"'), frozenset('”"')
#: How far (tokens) an opening quote's closing one is looked for, and a quotation's opening
#: looked back for.
QUOTE_REACH = 60
#: Words that never end a phrase: a mark after one is a speck. Not ``to``/``by``/``for``/
#: ``from`` (cable headers: ``TO:``), nor ``a`` (an initial or a list label: ``A.``).
NEVER_ENDS = frozenset(
    ("the", "an", "of", "and", "or", "nor", "their", "its", "my", "your", "our", "than", "into")
)
#: Marks after such a word that are taken out.
AFTER_MARKS = frozenset(".:,’'‘")
#: Hyphens and dashes: a token ending in one joins the next (``word- -word``).
_DASHES = "-‐‑–—"


def glued_mark(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """The record taking out a speck read as a mark glued to ``tok`` (see the module
    docstring), or None. ``tok`` is a word token of ``doc``; ``occurrences`` counts records
    per original form (``records.record``)."""
    if len(tok.lead) == 1 and tok.lead in LEAD_MARKS and WORDISH.match(tok.core):
        why = _lead_speck(doc, tok)
        if why is not None:
            start = tok.start - 1
            return _fix(doc, tok, start, tok.end, tok.core, "speck", why, occurrences)
        return None
    if tok.lead or not tok.trail or not WORDISH.match(tok.core):
        return None
    trail = tok.trail
    if trail == "..":
        why = "a speck read as a second full stop"
        return _fix(doc, tok, tok.start, tok.end + 2, tok.core + ".", "speck", why, occurrences)
    if trail in AFTER_MARKS and tok.low in NEVER_ENDS and _word_follows(doc, tok):
        why = f"a speck read as {trail!r} after '{tok.core}', a word that never ends a phrase"
        return _fix(doc, tok, tok.start, tok.end + 1, tok.core, "speck", why, occurrences)
    if trail in SINGLE_CLOSE and trail != "'" and _stray_closing(doc, tok):
        why = f"a speck read as {trail!r}: no quotation opened before '{tok.core}'"
        return _fix(doc, tok, tok.start, tok.end + 1, tok.core, "speck", why, occurrences)
    return None


def own_evidence(record: Correction) -> bool:
    """Does ``glued_mark``'s ``record`` stand on its own evidence (a mark before the word, a
    doubled stop), not the calibrated model's (a mark after the word, as ``structure``'s
    specks)? The model has no rows of the first two: its word features read ``missiles.`` as
    a rare word.

    >>> from pipeline.core.results import APPLIED, Correction as C
    >>> fields = dict(id="", page=1, line=0, start=0, bbox=None, candidates=(), reason="",
    ...               conf=None, context="", decision=APPLIED)
    >>> [own_evidence(C(end=5, original=o, replacement=r, **fields))
    ...  for o, r in (("‘part", "part"), ("war..", "war."), ("of:", "of"))]
    [True, True, False]
    """
    return record.original[:1] in LEAD_MARKS or record.original.endswith("..")


def _lead_speck(doc: Doc, tok: Token) -> str | None:
    """Why the one mark before ``tok`` is a speck, or None when it may be meant."""
    mark = tok.lead
    if tok.index == 0 or any(q in tok.trail for q in "’'”\""):
        return None  # ``‘the’``, ``"word"``: a quoted word
    start = tok.start - 1
    if start > 0 and not doc.text[start - 1].isspace():
        return None  # glued to the word before too (``word.-word``): not this rule's
    lex = doc.lexicon
    if not (lex.is_english(tok.low) or lex.is_known(tok.core)):
        return None
    prev = doc.tokens[tok.index - 1]
    if mark in ".,":
        if doc.text[:start].rstrip().endswith((".", ",")):
            return None  # ``. . .and``: a spaced ellipsis
        return f"a speck read as {mark!r} before '{tok.core}': no word opens with it"
    if mark == "-":
        if prev.line != tok.line or prev.trail.endswith(tuple(_DASHES)):
            return None  # a list's dash at a line's start, or ``word- -word``
        if lex.is_known(f"{prev.low}-{tok.low}") or lex.is_english(prev.low + tok.low):
            return None  # ``pro -Western``: a compound's hyphen set off
        return f"a speck read as '-' before '{tok.core}': no compound, no dash"
    family = (SINGLE_OPEN, SINGLE_CLOSE) if mark in SINGLE_OPEN else (DOUBLE_OPEN, DOUBLE_CLOSE)
    if _quotation_open(doc, tok, *family) or _closed_later(doc, tok, *family):
        return None
    return f"a speck read as {mark!r} before '{tok.core}': no quotation closes after it"


def _paragraph(doc: Doc, tok: Token, step: int) -> list[Token]:
    """The tokens of ``tok``'s paragraph after it (``step`` 1) or before it (-1), nearest
    first, at most ``QUOTE_REACH``."""
    out = []
    j = tok.index + step
    while 0 <= j < len(doc.tokens) and len(out) < QUOTE_REACH:
        t = doc.tokens[j]
        if step > 0 and t.para_start:
            break
        out.append(t)
        if step < 0 and t.para_start:
            break
        j += step
    return out


def _closed_later(doc: Doc, tok: Token, opens: frozenset[str], closes: frozenset[str]) -> bool:
    """Does a quote of the family end a token after ``tok`` (its own paragraph, before another
    one opens a token)?"""
    family = opens | closes
    for t in _paragraph(doc, tok, 1):
        if t.trail and any(c in family for c in t.trail):
            return True  # either form closes: typewriting has one quote (``order“,``)
        if t.lead and any(c in opens for c in t.lead):
            return False
    return False


def _quotation_open(doc: Doc, tok: Token, opens: frozenset[str], closes: frozenset[str]) -> bool:
    """Is a quotation of the family open before ``tok`` on its paragraph (a quote opening a
    token nearer than any ending one)?"""
    family = opens | closes
    for t in _paragraph(doc, tok, -1):
        if t.trail and any(c in family for c in t.trail):
            return False
        if t.lead and any(c in opens for c in t.lead):
            return True
    return False


def _word_follows(doc: Doc, tok: Token) -> bool:
    """Does a word (letters, no mark before it) follow ``tok`` on its line, one space on?"""
    j = tok.index + 1
    if j >= len(doc.tokens):
        return False
    nxt = doc.tokens[j]
    gap = doc.text[tok.end + len(tok.trail) : nxt.start - len(nxt.lead)]
    return nxt.line == tok.line and gap == " " and not nxt.lead and nxt.core.isalpha()


def _stray_closing(doc: Doc, tok: Token) -> bool:
    """Is ``tok``'s closing single quote one no quotation opened: after a word not ending in
    ``s`` (``workers’`` is a possessive), with no opening single quote on its paragraph
    before it?"""
    if tok.low.endswith("s") or len(tok.core) < 1:
        return False
    return not _quotation_open(doc, tok, SINGLE_OPEN, SINGLE_CLOSE)
