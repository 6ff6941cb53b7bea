"""A change whose place says the word is not English prose's, or not the word whole, is proposed.

Like ``marks_gate`` it is policy applied after every path has decided (``token_pass`` calls it
after ``marks_gate``), reading the words around a change rather than the word's own evidence.
Two classes, found by judging samples of every applied change on the dev real OCR texts
(``bench.applied_audit``, ``bench/labels/applied-dev.tsv``):

* **A run of another language** (``foreign_run``): a Caracas address in a CIA cable ("SATURNO
  PUENTO HIERRO AVDA", read ``PUENTO`` → PUERTO for *Puente*), a Spanish organisation's name.
  One foreign-looking word is no evidence (OCR garbage often reads as a French or Spanish word,
  and a guard on one word held five right changes for two wrong ones in session 30); two or more
  neighbours on the line that are common in one other language and rare in English are.
* **A word the same misreading continues** (``cut_word``): the last word of a line whose exact
  letters begin a longer word written elsewhere in the document ("ks hendling your corfident"
  where the page's other lines read ``corfidential``): the margin or damage cut the word, and
  the nearest whole English word (``confident``) is another word.

Each turns an automatic change into a proposal that says why (``gate.held_back``).
"""

from __future__ import annotations

from bisect import bisect_left

from pipeline.core.results import Correction
from pipeline.stages.correct.document import Doc
from pipeline.stages.correct.gate import held_back
from pipeline.stages.correct.lines import line_run
from pipeline.stages.correct.marks_gate import _judged
from pipeline.stages.correct.worth import _FOREIGN_LANGUAGES, _FOREIGN_MIN_ZIPF, _zipf

#: A neighbour is a word of another language when it has this many letters or more (short
#: words — ``de``, ``la``, ``con`` — are OCR fragments as often as words) ...
FOREIGN_MIN_LETTERS = 4
#: ... is at least ``worth``'s foreign frequency in that language and below this in English
#: (wordfreq Zipf, small lists: ``hierro`` is 1.9 in English, 4.5 in Spanish) ...
FOREIGN_MAX_EN_ZIPF = 2.5
#: ... and the line has at least this many such neighbours of one language within
#: ``FOREIGN_WINDOW`` tokens either side of the change (the change's own word not counted).
FOREIGN_RUN = 2
FOREIGN_WINDOW = 3
#: A longer form continues the line-final word when it has at least this many letters more.
CUT_MIN_MORE = 2


def place_gate(doc: Doc, corrections: list[Correction]) -> list[Correction]:
    """``corrections`` with every automatic change of one of the module's classes made a
    proposal that names its class; a person's confirmed corrections and line items pass."""
    if not doc.tokens or not any(_judged(c) for c in corrections):
        return corrections
    starts = {t.start: t.index for t in doc.tokens}
    forms: list[str] | None = None
    out: list[Correction] = []
    for c in corrections:
        i = starts.get(c.start)
        if _judged(c) and i is not None:
            why = None
            language = foreign_run(doc, i)
            if language is not None:
                why = f"its neighbours on the line are words of another language ({language})"
            else:
                if forms is None:
                    forms = sorted(doc.forms)
                longer = cut_word(doc, i, c, forms)
                if longer is not None:
                    why = f"it ends its line and the document reads '{longer}': a word cut short"
            if why is not None:
                c = held_back(c, why)
        out.append(c)
    return out


def foreign_run(doc: Doc, i: int) -> str | None:
    """The language code (``worth``'s foreign languages) of which token ``i``'s line has
    ``FOREIGN_RUN`` or more words within ``FOREIGN_WINDOW`` tokens of it, or None."""
    lo, hi = line_run(doc, i)
    zipf = _zipf()
    counts: dict[str, int] = {}
    for j in range(max(lo, i - FOREIGN_WINDOW), min(hi, i + FOREIGN_WINDOW) + 1):
        low = doc.tokens[j].low
        if j == i or len(low) < FOREIGN_MIN_LETTERS or not low.isalpha():
            continue
        if zipf(low, "en", wordlist="small") >= FOREIGN_MAX_EN_ZIPF:
            continue
        for lang in _FOREIGN_LANGUAGES:
            if zipf(low, lang, wordlist="small") >= _FOREIGN_MIN_ZIPF:
                counts[lang] = counts.get(lang, 0) + 1
                if counts[lang] >= FOREIGN_RUN:
                    return lang
    return None


def cut_word(doc: Doc, i: int, c: Correction, forms: list[str]) -> str | None:
    """A form of the document (``forms``: ``doc.forms`` sorted) that begins with the letters of
    token ``i`` and has ``CUT_MIN_MORE`` letters more, when ``i`` ends its line unhyphenated and
    the form does not begin with the change's replacement (``INCLUDIN`` → INCLUDING where the
    document writes ``including`` is a right change); else None."""
    tok = doc.tokens[i]
    if line_run(doc, i)[1] != i or tok.trail.endswith(("-", "¬")) or not tok.low.isalpha():
        return None
    low, rep = tok.low, c.replacement.lower()
    k = bisect_left(forms, low)
    while k < len(forms) and forms[k].startswith(low):
        form = forms[k]
        if len(form) >= len(low) + CUT_MIN_MORE and form.isalpha() and not form.startswith(rep):
            return form
        k += 1
    return None
