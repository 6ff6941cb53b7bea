"""A line's last word that the same misreading continues elsewhere is proposed, not changed;
so is a word with a symbol glued before it that may be its first letter, and what follows the
first piece of a word broken at a line end that no path joined.

Like ``marks_gate`` it is policy applied after every path has decided (``token_pass`` calls it
after ``marks_gate``), reading a change's place rather than the word's own evidence. The class
was found by judging samples of every applied change on the dev real OCR texts
(``bench.applied_audit``, ``bench/labels/applied-dev.tsv``): the last word of a line whose exact
letters begin a longer word written elsewhere in the document ("ks hendling your corfident"
where the page's other lines read ``corfidentiel``; "this informat te be used" where the letter
writes ``informat(ion)``): the margin or damage cut the word, and the nearest whole English word
(``confident``, ``informant``) is another word. A change that only adds letters at the end
(``authorit`` → authority) completes the cut word and stays.

A symbol glued before a word's letters (``@dcess``, ``¢hief``, ``#isit``, ``=eeting``,
``«hich``, ``~bout``: dev real JFK OCR) is most often a letter misread, the word's first. A
change of the letters after it that does not put that letter back (``@dcess`` → dress, where
the page has *access*) leaves the symbol and guesses the word without its first letter: it is
proposed (``symbol_letter``). One that adds exactly one letter in front (``~bout`` → about)
has put the letter back and stays.

A change of what follows a word's first piece broken by a hyphen at a line end (``corro-``,
``for-``, ``News_``: an underscore is a hyphen OCR read low), across no more than stray marks
or a lone letter between (``corro- ,?d' buration``, ``wit- .] " ness``), or where the second
piece carries a speck (``for- get.them``), is proposed (``broken_piece_before``): what follows
is most likely the rest of that word, which the paths for broken words (``pieces``) could not
join, and the nearest whole word for it alone (``duration``, ``into``, ``get them``) is another
word than the one printed (*corroboration*, *Newington*, *forget them*). BLN600 dev: 4 such
applications, all 4 wrong.

A guard on runs of another language's words (``SATURNO, PUENTO HIERRO``, a Caracas address) was
tried in session 31 and left out: on all dev real text it held 3 wrong changes and about 12
right ones (Spanish names and places beside English words in CIA cables).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable

from pipeline.core.results import Correction
from pipeline.stages.correct.document import Doc
from pipeline.stages.correct.gate import held_back
from pipeline.stages.correct.lines import line_run
from pipeline.stages.correct.marks_gate import _judged
from pipeline.stages.correct.tokens import Token

#: A longer form continues the line-final word when it has at least this many letters more ...
CUT_MIN_MORE = 2
#: ... and the word has this many letters or more (``ef``, ``tte``, ``ho`` at a line's end begin
#: many words of a document: no sign of a cut; all dev real text, session 31).
CUT_MIN_LETTERS = 4


#: Symbols OCR reads for a letter at a word's start (dev real JFK OCR: ``@peration``,
#: ``$irector``, ``§eina``, ``£gent``, ``¢hief``, ``#isit``, ``*ord``, ``=eeting``, ``«hich``,
#: ``€onfidence``, ``~ith``, ``|etter``); not the marks a word may carry (quotes, brackets,
#: dashes, stops), which ``glued`` and ``structure`` judge.
LETTER_SYMBOLS = frozenset("@$§£¢#*=«»€~|&")


def place_gate(doc: Doc, corrections: list[Correction]) -> list[Correction]:
    """``corrections`` with every automatic change of a cut word (``cut_word``) or of a word
    whose glued symbol may be its first letter (``symbol_letter``) made a proposal that says
    so; a person's confirmed corrections and line items pass."""
    if not doc.tokens or not any(_judged(c) for c in corrections):
        return corrections
    starts = {t.start: t.index for t in doc.tokens}
    sorted_forms: list[list[str]] = []

    def forms() -> list[str]:
        if not sorted_forms:  # sorted once, and only when a line's last word is changed
            sorted_forms.append(sorted(doc.forms))
        return sorted_forms[0]

    out: list[Correction] = []
    for c in corrections:
        i = starts.get(c.start)
        if _judged(c) and (piece := broken_piece_before(doc, c.start)) is not None:
            why = (f"it follows '{piece}', a word broken at a line end: it may be the rest of "
                   "that word, not a word of its own")  # fmt: skip
            c = held_back(c, why)
        elif _judged(c) and i is not None and (whole := split_piece(doc, i, c)) is not None:
            why = (f"with the piece beside it it makes '{whole}': a piece of that word, not a "
                   "word of its own")  # fmt: skip
            c = held_back(c, why)
        elif _judged(c) and i is not None:
            longer = cut_word(doc, i, c, forms)
            if longer is not None:
                why = f"it ends its line and the document reads '{longer}': a word cut short"
                c = held_back(c, why)
            elif (mark := symbol_letter(doc, i, c)) is not None:
                why = f"the '{mark}' glued before it may be its first letter, not put back"
                c = held_back(c, why)
        out.append(c)
    return out


def cut_word(doc: Doc, i: int, c: Correction, forms: Callable[[], list[str]]) -> str | None:
    """A form of the document (``forms()``: ``doc.forms`` sorted) that begins with the letters
    of token ``i`` (``CUT_MIN_LETTERS`` or more) and has ``CUT_MIN_MORE`` letters more, when
    ``i`` ends its line unhyphenated, the change ``c`` is of that token alone (not a join with
    the next line), does not only add letters at its end, and the form does not begin with
    ``c``'s replacement (``INCLUDIN`` → INCLUDING where the document writes ``including`` is a
    right change); else None."""
    tok = doc.tokens[i]
    low, rep = tok.low, c.replacement.lower()
    if (
        c.end != tok.end  # a join with the next line's piece: the word is whole already
        or len(low) < CUT_MIN_LETTERS
        or rep.startswith(low)  # letters added at the end: the cut word completed
        or not low.isalpha()
        or tok.trail.endswith(("-", "¬"))
        or line_run(doc, i)[1] != i
    ):
        return None
    words = forms()
    k = bisect_left(words, low)
    while k < len(words) and words[k].startswith(low):
        form = words[k]
        if len(form) >= len(low) + CUT_MIN_MORE and form.isalpha() and not form.startswith(rep):
            return form
        k += 1
    return None


#: The tail of the text before a change that says it follows a broken word's first piece: a
#: token ending in two letters and a hyphen (or ``_``, ``¬``), then at most two tokens of stray
#: marks with at most one letter each, each gap a few spaces or a line break.
_PIECE_BEFORE = re.compile(
    r"(?:^|\s)(\S*[^\W\d_]{2}[-‐‑_¬])"
    r"(?:[ \t]{0,4}\n?[ \t]{0,4}(?<=\s)[^\w\s]*[^\W\d_]?[^\w\s]*(?<=\S)(?=\s)){0,2}"
    r"[ \t]{0,4}\n?[ \t]{0,4}(?<=\s)$"
)
#: A change that starts with a broken word's first piece (a join).
_PIECE_START = re.compile(r"\S*[^\W\d_][-‐‑_¬]\s")
#: How far back (characters) ``broken_piece_before`` reads.
_PIECE_REACH = 48


def broken_piece_before(doc: Doc, start: int) -> str | None:
    """The first piece of a word broken by a hyphen (``corro-``) that the text right before
    offset ``start`` ends with, across at most two tokens of stray marks (at most one letter
    each), when what starts there is in small letters (a quote or marks before it skipped:
    ``" ness``); else None. A join of the pieces starts at the first piece, so never matches.

    >>> from pipeline.stages.correct.document import make_doc
    >>> from pipeline.stages.correct.config import CorrectConfig
    >>> from pipeline.lexicon import Lexicon
    >>> text = "the corro- ,?d' buration of it; for- get.them; a well-known man-'s son"
    >>> doc = make_doc(text, None, Lexicon.load(), CorrectConfig(), None)
    >>> words = ("buration", "get.them", "known", "son")
    >>> [broken_piece_before(doc, text.index(w)) for w in words]
    ['corro-', 'for-', None, None]
    """
    after = doc.text[start : start + 12].lstrip("\"'“‘([ ")
    if not after[:1].islower():
        return None
    if start == 0 or not doc.text[start - 1].isspace():
        return None
    if _PIECE_START.match(doc.text, start):
        return None  # a join of pieces itself (``any- os- one``): the pieces' paths judged it
    m = _PIECE_BEFORE.search(doc.text[max(0, start - _PIECE_REACH) : start])
    return None if m is None else m.group(1)


#: Marks OCR reads in the gap of a word split in two (a speck, a faint hyphen): ``nelghbour,
#: hood``, ``lighter. man``, ``corpany' s``.
SPLIT_JUNK = frozenset(".,'\"’‘`")
#: A word joined from two pieces must have this many letters: short joins are too easy to make.
SPLIT_MIN_JOIN = 7
#: Each piece must have this many letters (a lone letter is a speck or another column's).
SPLIT_MIN_PIECE = 2


def split_piece(doc: Doc, i: int, c: Correction) -> str | None:
    """The word token ``i`` makes with the token after it or before it (``nelghbour, hood`` →
    neighbourhood) when the change ``c`` is of token ``i`` alone and does not make that join;
    else None.

    The pieces are letters (the one after in small letters), ``SPLIT_MIN_PIECE`` letters or
    more each, one line or a line's end apart with at most ``SPLIT_JUNK`` marks between them
    (a speck, a faint hyphen); their join (``SPLIT_MIN_JOIN`` letters or more, the change's
    letters in place of token ``i``'s too) is a common English word (``apply_min_count``) or
    one edit from one that is longer than either piece. Such a token is most likely a piece
    of that word, and the nearest word for it alone (``neighbour``, ``lighter``, ``going``) is
    another word than the one printed; it is proposed (BLN600 dev)."""
    tok = doc.tokens[i]
    if c.start != tok.start or c.end > tok.end or " " in c.replacement:
        return None  # a change of more than the token (a join itself) or a split
    if not tok.core.isalpha():
        return None
    rep = c.replacement.lower()
    if not rep.isalpha():
        return None
    found = None
    if i + 1 < len(doc.tokens):
        found = _joined(doc, tok, doc.tokens[i + 1], (tok.low, rep), None)
    if found is None and i > 0:
        found = _joined(doc, doc.tokens[i - 1], tok, None, (tok.low, rep))
    return found


def _joined(
    doc: Doc,
    first: Token,
    second: Token,
    firsts: tuple[str, ...] | None,
    seconds: tuple[str, ...] | None,
) -> str | None:
    """The English word ``first`` and ``second`` (adjacent tokens) join into, when only
    whitespace and ``SPLIT_JUNK`` marks part them; ``firsts`` / ``seconds`` are the letters
    to try for a piece (its own and the change's), None for a piece read as written."""
    if len(first.core) < SPLIT_MIN_PIECE or len(second.core) < SPLIT_MIN_PIECE:
        return None
    if not first.core.isalpha() or not second.core.isalpha() or not second.core.islower():
        return None
    gap = doc.text[first.end : second.start]
    marks = gap.replace(" ", "").replace("\n", "")
    if len(marks) > 2 or not SPLIT_JUNK.issuperset(marks) or gap.count("\n") > 1:
        return None
    if len(gap) - len(marks) > 2:
        return None
    lex = doc.lexicon
    floor = doc.config.apply_min_count
    # Between two words with nothing but a space, a join is a compound read apart (``some
    # time``, ``walked eut with``), not a split: only a mark in the gap (a speck where the
    # word went on) or a neighbour that is no word on its own says the word was broken.
    other = second if firsts is not None else first
    if not marks and lex.is_english(other.low):
        return None
    for a in firsts or (first.low,):
        for b in seconds or (second.low,):
            joined = a + b
            if len(joined) < SPLIT_MIN_JOIN or lex.bigram(a, b):
                continue  # short, or two words English writes side by side (``some one``)
            if lex.is_english(joined) and lex.count(joined) >= floor:
                return joined
    return None


def symbol_letter(doc: Doc, i: int, c: Correction) -> str | None:
    """The symbol of ``LETTER_SYMBOLS`` glued right before token ``i``'s letters, when the
    change ``c`` is of those letters alone (the symbol outside it) and does not put one letter
    back in front of them (``~bout`` → about does); else None."""
    tok = doc.tokens[i]
    mark = tok.lead[-1:]
    if not mark or mark not in LETTER_SYMBOLS or c.start != tok.start:
        return None
    if c.replacement[1:].lower() == tok.core.lower():
        return None  # the letter put back
    return mark
