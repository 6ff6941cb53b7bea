"""A speck glued to a word and read as a mark: ``‘expressed``, ``.SOUGHT``, ``-radio``,
``“BILL``, ``of:``, ``AND.``, ``on’``, ``missiles..``.

Why a module: on faint photocopies (issue 13's extreme tier) grain touching a word is read as
a mark at its edge, 1.5 % of the dev gold words, and ``structure``'s speck paths only take a
stop or a comma between two small words that make a known pair. Two kinds of evidence decide,
each rule needing one:

* **The word box** (OCR spans): on a typewriter's monospaced line every typed character,
  a quote or a stop too, takes a cell of its own, its ink past the cell's middle; a speck
  touching the word widens the word's box by less (``_mark_cells``). Box height does not tell
  (dev extreme: a spurious trailing stop's box is as tall as a real one's).
* **The text**: a mark that cannot be what the text means there, and the word without it
  fitting its neighbours (a known pair: on old print a mark often stands for a lost letter,
  BLN600 dev ``.as`` for *was*, and leaves a word they do not know).

The rules:

* **A mark before a word** (a stop, a single hyphen, a curly single or any double quote)
  that adds under ``SPECK_CELL`` of a cell to the box, or else on a word of
  ``MIN_LEAD_WORD`` letters or more that makes a known pair with a neighbour. A stop never
  opens a word; a single hyphen does not either unless a line starts with it (a list's
  dash) or it joins the word before into a compound (``pro -Western``); a quote does when a
  quotation opens there, so an opening quote goes only when nothing may close it (no quote of
  its kind in a token after it, within its family's ``QUOTE_REACH``) and no quotation of its
  kind is open before it (a closing quote misread as an opening one).
* **A narrow stop or colon** after a word, under ``TRAIL_SPECK_CELL`` of a cell, inside a
  phrase (``_stop_in_phrase``: a known pair across it, in mixed case a small word after it).
* **A mark after a word that never ends a phrase** (``the``, ``of``, ``and``, …, any case):
  a stop or a colon after it, a word following on the same line. ``to``, ``by``,
  ``for`` and ``from`` are not in the set: a cable's header writes ``TO:``, ``FROM:``.
* **A stop before a small word** in mixed-case text: ``falsified. documents``
  (``_stop_before_small_word``).
* **A closing single quote no quotation opened**: ``on’``, ``I’`` after a word not ending in
  ``s`` (a plural's possessive, ``workers’``). After a capitals word in capitals text it may
  be a possessive's apostrophe: a lone S after it keeps it, else the word box decides, and
  with no box the removal is proposed (``_possessive_word``).

Any mark after a word beside an unexplained capital (``_capital_unexplained``) is proposed, as
one before it is.
* **A doubled stop**: ``missiles..`` is ``missiles.`` (three stops are an ellipsis: left).
* **A stop joining two words** (``interfere.with``, ``MAKE.UP``, ``General.Hedjazi``): a
  speck in the space between two words read as a stop with no space. On a monospaced line
  the token's box is as wide as its characters (the speck takes the space's cell), under
  ``JOIN_CELL`` of a cell more; a real stop whose space OCR lost would add a whole cell
  (dev extreme: 13 such tokens at -0.12 to +0.39). Both parts must be known words of two
  letters or more, the first no short form (``Gen.Smith``), the second no file or web
  suffix (``state.gov``); the stop becomes a space.

Every change is a ``Correction`` record (``corrections.jsonl``) saying which mark went and
why, with its evidence. The marks after a word go through the calibrated model as
``structure``'s specks do (``ApplyPath.SPECK``); a mark before a word, a doubled stop and a
stop joining two words stand on their own evidence (the model has no rows of them).
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections import Counter

from pipeline.core.enums import CorrectionDecision
from pipeline.core.records import WordSpan
from pipeline.core.results import APPLIED, PROPOSED, Correction
from pipeline.core.text import FUNCTION_WORDS
from pipeline.stages.correct.abbreviations import is_abbreviation
from pipeline.stages.correct.channel import CASE_TWINS
from pipeline.stages.correct.document import Doc, caps_context
from pipeline.stages.correct.structure import _fix, _known_pair, _one_word
from pipeline.stages.correct.tokens import WORDISH, Token

#: Marks a speck before a word is read as. Not a comma nor a straight single quote: on old
#: print they stand for a letter (BLN600 dev: ``,aid`` for *said*, ``'vas`` for *was*) or an
#: elision (``'em``).
LEAD_MARKS = frozenset('.-‘“"')
#: The shortest word a mark before it is taken from on its neighbours' word alone (the word
#: box may say more: ``SPECK_CELL``): on a short word the mark more often stands for a lost
#: letter (BLN600 dev: ``-he`` for *she*, ``.ad`` for *and*, ``"in`` for
#: *gin*).
MIN_LEAD_WORD = 3
#: A lead mark adding less than this share of a character cell to its word's box is a
#: speck (``_mark_cells``), whatever the word's length or neighbours.
SPECK_CELL = 0.65
#: A stop or colon after a word adding less than this share of a cell is a speck where the
#: words around it make a phrase (``_stop_in_phrase``).
TRAIL_SPECK_CELL = 0.45
#: A line is monospaced when its words' widths per letter have quartiles within this share
#: of their median; the pitch is taken from words of ``PITCH_WORD`` letters or more, at least
#: ``PITCH_WORDS`` of them.
MONO_SPREAD = 0.15
PITCH_WORD, PITCH_WORDS = 3, 3
#: Quote families: each mark's opening and closing forms.
SINGLE_OPEN, SINGLE_CLOSE = frozenset("‘'"), frozenset("’'")
DOUBLE_OPEN, DOUBLE_CLOSE = frozenset('“"'), frozenset('”"')
SINGLE, DOUBLE = SINGLE_OPEN | SINGLE_CLOSE, DOUBLE_OPEN | DOUBLE_CLOSE
OPENING = SINGLE_OPEN | DOUBLE_OPEN
#: How far (tokens) an opening quote's closing one is looked for, and a quotation's opening
#: looked back for: a double-quoted passage in a cable runs up to ~40 words (dev extreme), a
#: single-quoted one is a term of a few words; beyond that reach another single quote is
#: another speck (dev extreme: ``‘take`` and ``‘He`` 38 tokens apart).
QUOTE_REACH = {"double": 120, "single": 15}
#: Words that never end a phrase: a mark after one is a speck. Not ``to``/``by``/``for``/
#: ``from`` (cable headers: ``TO:``), nor ``a`` (an initial or a list label: ``A.``).
NEVER_ENDS = frozenset(
    ("the", "an", "of", "and", "or", "nor", "their", "its", "my", "your", "our", "than", "into")
)
#: Marks after such a word that are taken out: a stop or a colon. A comma may open a
#: parenthesis (``and, as he said``, ``of, say, ten``); ``structure`` takes a comma or a quote
#: after a determiner where its guards allow.
STOPS = frozenset(".:")
#: The shortest word a stop before a small word is taken from (``I. understood`` may be an
#: initial's, ``Co. and`` a company's).
MIN_STOP_WORD = 4
#: A stop inside a token between two words adding less than this share of a cell beyond
#: the token's characters stands in the space's cell: a speck (``_joining_stop``).
JOIN_CELL = 0.5
_JOINED = re.compile(r"^([^\W\d_]{2,})\.([^\W\d_]{2,})$")
#: Endings after a stop that make a web address or a file name, not a second word.
_FILE_ENDS = frozenset(
    ("com", "org", "net", "gov", "edu", "mil", "int", "htm", "html", "pdf", "txt", "doc", "tif")
)
#: How far (tokens) a lone hyphen's partner dash is looked for.
DASH_REACH = 20
#: Hyphens and dashes: a token ending in one joins the next (``word- -word``).
_DASHES = "-‐‑–—"
#: Marks that end a sentence, and with it a parenthesis (``_dash_near``).
_STOPS = (".", "!", "?")


def glued_mark(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """The record taking out a speck read as a mark glued to ``tok`` (see the module
    docstring), or None. ``tok`` is a word token of ``doc``; ``occurrences`` counts records
    per original form (``records.record``)."""
    if len(tok.lead) == 1 and tok.lead in LEAD_MARKS:
        why = _lead_speck(doc, tok)
        if why is None:
            return None
        why, decision = _decision(doc, tok, why)
        start = tok.start - 1
        return _fix(doc, tok, start, tok.end, tok.core, "speck", why, occurrences, decision)
    joined = _joining_stop(doc, tok)
    if joined is not None:
        why, repl = joined
        return _fix(doc, tok, tok.start, tok.end, repl, "speck", why, occurrences)
    if tok.lead or not tok.trail or not WORDISH.match(tok.core):
        return None
    trail = tok.trail
    if trail == ".." and _doubled_stop(doc, tok):
        why = "a speck read as a second full stop"
        return _fix(doc, tok, tok.start, tok.end + 2, tok.core + ".", "speck", why, occurrences)
    why = _trail_speck(doc, tok)
    if why is None:
        return None
    why, decision = _decision(doc, tok, why)
    return _fix(doc, tok, tok.start, tok.end + 1, tok.core, "speck", why, occurrences, decision)


def _decision(doc: Doc, tok: Token, why: str) -> tuple[str, CorrectionDecision]:
    """The reason and decision of a mark's removal from ``tok`` that ``why`` explains: proposed
    beside an unexplained capital (``_capital_unexplained``) or where ``why`` ends in a doubt
    of its own (``_POSSESSIVE_DOUBT``), else applied."""
    if _capital_unexplained(doc, tok):
        return why + "; the word's capital mid-sentence is a second doubt: proposed", PROPOSED
    return why, PROPOSED if why.endswith(_POSSESSIVE_DOUBT) else APPLIED


def _trail_speck(doc: Doc, tok: Token) -> str | None:
    """Why the one mark after ``tok`` (no mark before it) is a speck, or None when it may be
    meant (see the module docstring's rules for a mark after a word)."""
    trail = tok.trail
    if trail in STOPS and tok.low in NEVER_ENDS and _phrase_goes_on(doc, tok):
        return f"a speck read as {trail!r} after '{tok.core}', a word that never ends a phrase"
    cells = _trail_cells(doc, tok) if trail in STOPS else None
    if cells is not None and cells < TRAIL_SPECK_CELL and _stop_in_phrase(doc, tok):
        return (
            f"a speck read as {trail!r} after '{tok.core}': it adds {cells:.2f} of a character "
            "cell to the word's box, and the words on both sides make a known pair"
        )
    if trail == "." and _stop_before_small_word(doc, tok):
        return f"a speck read as a full stop after '{tok.core}': a small word follows"
    if trail in SINGLE_CLOSE and trail != "'" and _stray_closing(doc, tok):
        why = f"a speck read as {trail!r}: no quotation opened before '{tok.core}'"
        if not _possessive_word(doc, tok):
            return why
        if _s_set_apart(doc, tok):
            return None  # ``GOVERNMENT’ S``: the possessive's S read as a word of its own
        cells = _trail_cells(doc, tok)
        if cells is not None and cells < SPECK_CELL:
            return f"{why}; it adds {cells:.2f} of a character cell to the word's box"
        return why + _POSSESSIVE_DOUBT
    return None


#: The end of the reason of a stray closing quote's removal proposed for want of a box.
_POSSESSIVE_DOUBT = (
    "; after a capitals word the quote may be a possessive's whose S was lost, and no word "
    "box says speck: proposed"
)


def _s_set_apart(doc: Doc, tok: Token) -> bool:
    """Is the token after ``tok`` a lone ``S`` (or ``s``) on its line, no mark before it: a
    possessive's S that OCR set apart from its apostrophe?"""
    j = tok.index + 1
    if j >= len(doc.tokens):
        return False
    nxt = doc.tokens[j]
    return nxt.line == tok.line and not nxt.lead and nxt.core in ("S", "s")


def _possessive_word(doc: Doc, tok: Token) -> bool:
    """May ``tok``'s closing quote be a possessive's apostrophe, its S set apart or lost: a
    capitals word in capitals text (plain Tesseract on a dev hard cable: ``GOVERNMENT’ S`` for
    *GOVERNMENT'S*), no function word (``ON’``: those take no possessive)? Then a lone S after
    it keeps the quote (``_s_set_apart``), a word box narrower than a typed quote's cell takes
    it (``_mark_cells``), and with neither the removal is proposed (labelled dev:
    ``NOTIFICATION OF ACTION’ FROM``, a speck)."""
    core = tok.core
    if not core.isupper() or len(core) < 2 or tok.low in FUNCTION_WORDS:
        return False
    return caps_context(doc, tok)


def _capital_unexplained(doc: Doc, tok: Token) -> bool:
    """Is ``tok`` a Title-case word in mixed-case text right after a small-letter word with no
    stop between (``of ‘Soon``)? Then the mark's removal leaves a word with a second doubt, a
    capital nothing explains (the mark may have been a real opening quote, the capital a second
    OCR error): the change is proposed, not applied (labelled dev: ``‘Soon``, ``Infrequent’``
    where the page has small letters)."""
    core = tok.core
    if doc.caps_text or len(core) < 2 or not (core[0].isupper() and core[1:].islower()):
        return False
    if tok.index == 0:
        return False
    prev = doc.tokens[tok.index - 1]
    return prev.core.isalpha() and prev.core.islower() and not any(c in prev.trail for c in ".!?:;")


def own_evidence(record: Correction) -> bool:
    """Does ``glued_mark``'s ``record`` stand on its own evidence (a mark before the word, a
    doubled stop), not the calibrated model's (a mark after the word, as ``structure``'s
    specks)? The model has no rows of the first two: its word features read ``missiles.`` as
    a rare word.

    >>> from pipeline.core.results import APPLIED, Correction as C
    >>> fields = dict(id="", page=1, line=0, start=0, bbox=None, candidates=(), reason="",
    ...               conf=None, context="", decision=APPLIED)
    >>> [own_evidence(C(end=5, original=o, replacement=r, **fields))
    ...  for o, r in (("‘part", "part"), ("war..", "war."), ("of:", "of"), ("war.is", "war is"))]
    [True, True, False, True]
    """
    original = record.original
    return original[:1] in LEAD_MARKS or original.endswith("..") or bool(_JOINED.match(original))


def _joining_stop(doc: Doc, tok: Token) -> tuple[str, str] | None:
    """Why the stop inside ``tok`` (``interfere.with``) is a speck in the space between two
    words, and the two words with a space between; None when it may be meant (module
    docstring). Needs the token's own OCR box on a monospaced line."""
    m = _JOINED.match(tok.core)
    if m is None or tok.lead or len(tok.trail) > 1:
        return None
    first, second = m.groups()
    if is_abbreviation(first):
        return None
    if second.lower() in _FILE_ENDS:
        return None
    lex = doc.lexicon
    if not all(lex.is_english(p.lower()) or lex.is_known(p) for p in (first, second)):
        return None
    end = tok.end + len(tok.trail)
    spans = doc.locator.covering(tok.start, end)
    if (
        len(spans) != 1
        or spans[0].bbox is None
        or (spans[0].start, spans[0].end) != (tok.start, end)
    ):
        return None
    pitch = _line_pitch(doc, spans[0]) or _page_pitch(doc, spans[0])
    if pitch is None:
        return None
    # A trailing mark is counted a whole cell: a typed one's ink ends inside its cell.
    extra = spans[0].bbox.width / pitch - len(tok.core) - len(tok.trail)
    if extra >= JOIN_CELL:
        return None
    why = (
        f"a speck read as a stop between '{first}' and '{second}': the token's box is "
        f"{extra:+.2f} of a character cell beyond its characters, so the stop stands in the "
        "space's cell"
    )
    return why, f"{first} {second}"


def _lead_speck(doc: Doc, tok: Token) -> str | None:
    """Why the one mark before ``tok`` is a speck, or None when it may be meant."""
    mark = tok.lead
    if not WORDISH.match(tok.core) or tok.index == 0 or any(q in tok.trail for q in "’'”\""):
        return None  # ``‘the’``, ``"word"``: a quoted word
    lex = doc.lexicon
    if not (lex.is_english(tok.low) or lex.is_known(tok.core)):
        return None
    prev = doc.tokens[tok.index - 1]
    if prev.trail.endswith(tuple(_DASHES)):
        return None  # ``what- ,ever``, ``re- .turn``: a word broken at a line's end
    cells = _mark_cells(doc, tok)
    if cells is not None and cells < SPECK_CELL:
        evidence = f"; the mark adds {cells:.2f} of a character cell to the word's box"
    elif len(tok.core) >= MIN_LEAD_WORD and _fits_context(doc, tok):
        evidence = "; the word makes a known pair with its neighbour"
    else:
        return None
    if mark in ".,":
        if not prev.core:
            return None  # ``. . .and``: a spaced ellipsis
        return f"a speck read as {mark!r} before '{tok.core}': no word opens with it{evidence}"
    if mark == "-":
        if prev.line != tok.line or prev.trail.endswith(tuple(_DASHES)):
            return None  # a list's dash at a line's start, or ``word- -word``
        if lex.is_known(f"{prev.low}-{tok.low}") or lex.is_english(prev.low + tok.low):
            return None  # ``pro -Western``: a compound's hyphen set off
        if _dash_near(doc, tok):
            return None  # ``acceptable -for example, Vienna ... -- we``: a dash's pair
        return f"a speck read as '-' before '{tok.core}': no compound, no dash{evidence}"
    family = SINGLE if mark in SINGLE else DOUBLE
    if _quotation_open(doc, tok, family) or _closed_later(doc, tok, family):
        return None
    return f"a speck read as {mark!r} before '{tok.core}': no quotation closes after it{evidence}"


def _dash_near(doc: Doc, tok: Token) -> bool:
    """Is there a dash within ``DASH_REACH`` tokens of ``tok`` on either side, in its sentence
    (a token of dashes, or one with dashes at an edge)? Then ``tok``'s lone hyphen may be one
    of a parenthesis's two dashes (the seed cable: ``acceptable -for example, Vienna,
    Copenhagen, or our three capitals in rotation -- we``). A parenthesis closes in its
    sentence: a dash past a sentence's end (``.``, ``!``, ``?``) pairs with nothing here (old
    print's ``-Mr. Abrahams then said``; BLN600 dev, with the sentence bound the hyphens taken
    before a word went from 12 to 24 on half A, where it was chosen, and from 24 to 31 on half
    B, every one right by the gold)."""
    tokens = doc.tokens
    for step in (-1, 1):
        j = tok.index + step
        while 0 <= j < len(tokens) and abs(j - tok.index) <= DASH_REACH:
            t = tokens[j]
            if step < 0 and t.trail.endswith(_STOPS):
                break  # the sentence before
            edges = t.lead[-1:] + t.trail[:1] if t.core else doc.text[t.start : t.end + 1]
            if any(c in _DASHES for c in edges + (t.lead if not t.core else "")):
                return True
            if step > 0 and t.trail.endswith(_STOPS):
                break  # this sentence's end
            j += step
    return False


def _mark_cells(doc: Doc, tok: Token) -> float | None:
    """How much of a character cell ``tok``'s one mark (its lead, or its trail) adds to its
    OCR word box: the box's width in the line's character pitch (``_line_pitch``) less the
    word's letters; None when unknown (no OCR span that is exactly the token, marks at both
    ends, or a line not monospaced). A typed mark takes a cell of its own on a typewriter's
    line, its ink past the cell's middle; a speck touching the word does not (dev extreme:
    lead specks 0.2-0.6 of a cell, typed quotes 0.8-1.1; trailing specks' median 0.46, typed
    stops' 0.76, 4 of 275 under 0.45)."""
    if tok.trail and tok.lead:
        return None
    start, end = tok.start - len(tok.lead), tok.end + len(tok.trail)
    spans = doc.locator.covering(start, end)
    if len(spans) != 1 or spans[0].bbox is None:
        return None
    span = spans[0]
    if (span.start, span.end) != (start, end):
        return None
    pitch = _line_pitch(doc, span)
    return None if pitch is None else span.bbox.width / pitch - len(tok.core)


def _trail_cells(doc: Doc, tok: Token) -> float | None:
    """``_mark_cells`` for a token with one trailing mark and no lead."""
    return None if tok.lead or len(tok.trail) != 1 else _mark_cells(doc, tok)


def _stop_in_phrase(doc: Doc, tok: Token) -> bool:
    """Is ``tok``'s narrow stop or colon inside a phrase: a word follows on its line, the two
    make a known pair, they are no pieces of one word, and in mixed-case text the next word
    is small (a capital there starts a sentence)?"""
    if not _word_follows(doc, tok) or not WORDISH.match(tok.core):
        return False
    nxt = doc.tokens[tok.index + 1]
    if not caps_context(doc, tok) and not nxt.core.islower():
        return False
    return _known_pair(doc, tok.low, nxt.low) and not _broken_word(doc, tok.low, nxt.low)


def _line_pitch(doc: Doc, span: WordSpan) -> float | None:
    """The character pitch (pixels) of ``span``'s OCR line: the median box width per letter
    of its words of ``PITCH_WORD`` letters or more, when there are ``PITCH_WORDS`` of them
    and their quartiles lie within ``MONO_SPREAD`` of it (a monospaced line); else None."""
    key = (span.page, span.line)
    if key in doc.pitches:
        return doc.pitches[key]
    spans = doc.locator.spans
    i = bisect.bisect_left(doc.locator.starts, span.start)
    lo = hi = i
    while lo > 0 and (spans[lo - 1].page, spans[lo - 1].line) == key:
        lo -= 1
    while hi < len(spans) and (spans[hi].page, spans[hi].line) == key:
        hi += 1
    widths = []
    for s in spans[lo:hi]:
        word = doc.text[s.start : s.end]
        if s.bbox is not None and len(word) >= PITCH_WORD and word.isalpha():
            widths.append(s.bbox.width / len(word))
    pitch = None
    if len(widths) >= PITCH_WORDS:
        q1, mid, q3 = statistics.quantiles(widths, n=4)
        if q3 - q1 <= MONO_SPREAD * mid:
            pitch = mid
    doc.pitches[key] = pitch
    return pitch


def _page_pitch(doc: Doc, span: WordSpan) -> float | None:
    """The median character pitch (pixels) of the monospaced lines (``_line_pitch``) on
    ``span``'s page: a typewritten page's pitch, for a line with too few long words to show
    its own (``E.G. STUDENT.UNREST, AMINI'S INCREASED``); None when no line shows one."""
    key = (span.page, -1)  # no line has index -1: the page's own entry
    if key not in doc.pitches:
        firsts: dict[int, WordSpan] = {}
        for s in doc.locator.spans:
            if s.page == span.page:
                firsts.setdefault(s.line, s)
        known = [p for s in firsts.values() if (p := _line_pitch(doc, s)) is not None]
        doc.pitches[key] = statistics.median(known) if known else None
    return doc.pitches[key]


def _near(doc: Doc, tok: Token, step: int, family: frozenset[str]) -> list[Token]:
    """The tokens after ``tok`` (``step`` 1) or before it (-1), nearest first, at most
    ``family``'s ``QUOTE_REACH``. Paragraphs are not a bound: the strip stage's blank lines
    include page breaks inside a quotation (dev extreme: ``"BLOW`` at a page's foot, ``OFF
    STEAM"`` on the next)."""
    reach = QUOTE_REACH["single" if family is SINGLE else "double"]
    j = tok.index + step
    lo, hi = max(0, j - reach + 1), min(len(doc.tokens), j + reach)
    return doc.tokens[j:hi] if step > 0 else doc.tokens[lo : j + 1][::-1]


def _quotes_of(doc: Doc, t: Token, family: frozenset[str]) -> bool:
    """Does token ``t`` hold a quote of ``family``: a double quote anywhere in it
    (``critical".Status``), a single one at its edges (inside a word it is an apostrophe:
    ``Iran’s``)?"""
    if family is SINGLE:
        return any(c in family for c in t.lead + t.trail)
    return any(c in family for c in doc.text[t.start - len(t.lead) : t.end + len(t.trail)])


def _closed_later(doc: Doc, tok: Token, family: frozenset[str]) -> bool:
    """Does any quote of ``family`` (``SINGLE`` or ``DOUBLE``) stand in a token after ``tok``?
    Either form may close (typewriting has one quote: ``order“,``), one set against the next
    word may be a closing quote misread (``influence “in``), and one inside a token may close
    (``critical".Status``)."""
    return any(_quotes_of(doc, t, family) for t in _near(doc, tok, 1, family))


def _quotation_open(doc: Doc, tok: Token, family: frozenset[str]) -> bool:
    """Is a quotation of ``family`` open before ``tok`` (a quote opening a token nearer than
    any other quote of the family)?"""
    opens = family & OPENING
    for t in _near(doc, tok, -1, family):
        if t.lead and any(c in opens for c in t.lead) and not any(c in family for c in t.trail):
            return True
        if _quotes_of(doc, t, family):
            return False
    return False


def _word_follows(doc: Doc, tok: Token) -> bool:
    """Does a word (letters, no mark before it) follow ``tok`` on its line, one space on?"""
    j = tok.index + 1
    if j >= len(doc.tokens):
        return False
    nxt = doc.tokens[j]
    gap = doc.text[tok.end + len(tok.trail) : nxt.start - len(nxt.lead)]
    return nxt.line == tok.line and gap == " " and not nxt.lead and nxt.core.isalpha()


def _fits_context(doc: Doc, tok: Token) -> bool:
    """Does ``tok``'s word without its mark make a known pair (``structure._known_pair``) with
    the word before or after it? A mark in the place of a letter leaves a word its
    neighbours do not know (BLN600 dev: ``he .as discharged`` for *was*)."""
    lex = doc.lexicon
    if not (lex.is_english(tok.low) or lex.is_known(tok.core)):
        return False
    i = tok.index
    prev = doc.tokens[i - 1] if i > 0 else None
    if (
        prev is not None
        and not prev.trail
        and WORDISH.match(prev.core)
        and _known_pair(doc, prev.low, tok.low)
    ):
        return True
    nxt = doc.tokens[i + 1] if i + 1 < len(doc.tokens) else None
    if nxt is not None and not tok.trail and not nxt.lead and WORDISH.match(nxt.core):
        return _known_pair(doc, tok.low, nxt.low)
    return False


def _broken_word(doc: Doc, first: str, second: str) -> bool:
    """Are ``first`` and ``second`` one word broken at a mark, maybe a letter misread too
    (``enter. tamed``, ``great. eat``): joined, a word or within two edits of an indexed one,
    and no known pair as two words (``and. other`` is two)?"""
    if _one_word(doc, first, second):
        return True
    return not _known_pair(doc, first, second) and doc.lexicon.near(first + second, 2)


def _phrase_goes_on(doc: Doc, tok: Token) -> bool:
    """Does a word follow ``tok`` (one that never ends a phrase) as the phrase's next word:
    small in mixed-case text (``Or. Karie`` is *Dr.*), and no piece of one word with it
    (``your. self``)?"""
    if not _word_follows(doc, tok):
        return False
    nxt = doc.tokens[tok.index + 1]
    if not caps_context(doc, tok) and not nxt.core.islower():
        return False
    return not _one_word(doc, tok.low, nxt.low)


def _doubled_stop(doc: Doc, tok: Token) -> bool:
    """``missiles..``: a known word of two letters or more, no piece of a word broken at the
    stops (``pro.. ceeding``), that makes a known pair with the word before it (a word
    misread beside the stops is another error: ``throat cat..``)."""
    lex = doc.lexicon
    if len(tok.core) < 2 or not lex.is_known(tok.core) or tok.index == 0:
        return False
    j = tok.index + 1
    if j < len(doc.tokens) and _broken_word(doc, tok.low, doc.tokens[j].low):
        return False
    prev = doc.tokens[tok.index - 1]
    return not prev.trail and _known_pair(doc, prev.low, tok.low)


def _stop_before_small_word(doc: Doc, tok: Token) -> bool:
    """``falsified. documents``, ``Iranians. feel``: in mixed-case text a stop after a word of
    ``MIN_STOP_WORD`` letters or more that is no abbreviation (``abbreviations``: ``Miss.``
    the state too), before a small English word on the same line. A sentence never opens
    small, so the stop ends none; the small word's first letter must not be one whose capital
    OCR reads small (``channel.CASE_TWINS``: ``so`` may be ``So``). ``structure`` takes such a
    stop only where the two words make a known pair; the pair is no evidence here, the case
    is."""
    core = tok.core
    if len(core) < MIN_STOP_WORD or not core.isalpha() or not (core.islower() or core.istitle()):
        return False
    if is_abbreviation(core) or caps_context(doc, tok):
        return False
    lex = doc.lexicon
    if not (lex.is_english(tok.low) or lex.is_known(core)):
        return False
    if not _word_follows(doc, tok):
        return False
    nxt = doc.tokens[tok.index + 1]
    if not nxt.core.islower() or nxt.low[0] in CASE_TWINS or not lex.is_english(nxt.low):
        return False
    return not _broken_word(doc, tok.low, nxt.low)


def _stray_closing(doc: Doc, tok: Token) -> bool:
    """Is ``tok``'s closing single quote one no quotation opened: after a word not ending in
    ``s`` (``workers’`` is a possessive), with no opening single quote before it? The word
    without the mark must be a word: a damaged word (the sample's ``insort’`` for *insert*)
    is the word's own correction to make, not a mark's removal to propose."""
    if tok.low.endswith("s") or len(tok.core) < 1:
        return False
    if not (doc.lexicon.is_english(tok.low) or doc.lexicon.is_known(tok.core)):
        return False
    return not _quotation_open(doc, tok, SINGLE)
