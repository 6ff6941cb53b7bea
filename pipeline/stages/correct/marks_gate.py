"""What the release put on the page is proposed, never changed on its own: stamp and marking
wording the strip stage left, NARA's identification form, and words split that are words whole.

Why a module of its own: like ``gate.garbage_gate`` it is policy applied after every path has
decided (``token_pass`` calls it last), reading a change's place rather than the word's own
evidence. Three classes, found by judging every applied change on the dev real OCR texts
(``bench.applied_audit``, ``bench/labels/applied-dev.tsv``) and the jfk-prose labels:

* **Stamp and marking wording** (``stamp_wording``): a capitals word that, with its neighbours,
  reads as a release stamp, a declassification stamp or a classification marking ("RELSASED
  WITH DELETIONS" on NARA's form, "HEREIN |S UNCLASSIFIEG" of the FBI's stamp beside an
  airtel's caption, "RELEASK IN FULL"). The strip stage removes such lines when it knows them;
  a piece it left is still not the record's text, and its wording is judged by whoever reads
  the page (the labelled set keeps it as OCR gave it). Repairing it is at best no gain.
* **NARA's identification form** (``in_id_form``): the cover form the release put before the
  record (the labelled set's ``M`` lines) is kept as OCR read it; its values are codes, names
  and dates a dictionary does not know, and no change there is needed to read the record.
* **A word split that is a word whole** (``whole_word``): ``plaintext`` → "plain text" (an FBI
  form prints "Type in plaintext or code"). Two content words run together may be a closed
  compound; when English text writes the pair as one word (wordfreq) or the batch writes it
  elsewhere, the split is a claim the context cannot settle. A run-together with a function
  word (``ofthe``, ``thathe``) is an OCR slip however often the web writes it (wordfreq has
  ``ofthe`` at Zipf 3.3), so those stay.

Each turns an automatic change into a proposal that says why (``gate.held_back``).
"""

from __future__ import annotations

import re
from functools import cache

from rapidfuzz import fuzz

from pipeline.core.results import APPLIED, Correction
from pipeline.stages.correct.decide import _FUNCTION_WORDS
from pipeline.stages.correct.document import Doc
from pipeline.stages.correct.gate import held_back
from pipeline.stages.correct.lines import line_run
from pipeline.stages.correct.worth import _zipf
from pipeline.stages.strip.patterns.markings import MARKINGS
from pipeline.stages.strip.patterns.stamps import FUZZY_LINES

#: The wording of the release process's stamps and of NARA's identification form values, beside
#: the strip stage's stamp lines (``FUZZY_LINES``) and markings (``MARKINGS``): the form's
#: "CURRENT STATUS" and review values as NARA prints them (2022 docid-34530609, jfk-prose dev;
#: the jfk-176 dev forms), and the State and CIA stamps' other lines.
RELEASE_WORDING: tuple[str, ...] = (
    "RELEASED WITH DELETIONS",
    "RELEASED IN FULL",
    "RELEASED IN PART",
    "POSTPONED IN FULL",
    "POSTPONED IN PART",
    "REGRADED UNCLASSIFIED",
    "ALL INFORMATION CONTAINED HEREIN IS UNCLASSIFIED",
    "CHANGE TO DECLASSIFIED",
    "DECLASSIFIED BY",
)
#: A window of a line's words reads as a phrase of the wording at this rapidfuzz ratio or more
#: (0-100, letters and spaces, capitals); one OCR slip in a three-word phrase is about 90.
MATCH = 85.0
#: A split is held when the whole word is at least this frequent in English (wordfreq Zipf: 1.5
#: is about 30 times per billion words; ``plaintext`` is 2.3) ...
WHOLE_MIN_ZIPF = 1.5
#: ... or when the batch writes it whole at least this many times (this place included).
WHOLE_IN_BATCH = 2

#: English's closed word classes (``decide``'s function words, auxiliaries, pronouns,
#: determiners, prepositions): a split with one of them among its parts is an OCR slip
#: (``beenmade``, ``whohad``: BLN600 dev, both right splits), not a compound.
CLOSED_CLASS = _FUNCTION_WORDS | frozenset((
    "been", "had", "has", "have", "do", "does", "did", "will", "would", "shall", "should",
    "can", "could", "may", "might", "must", "who", "whom", "whose", "which", "what", "when",
    "where", "why", "how", "his", "her", "him", "them", "their", "our", "my", "your", "me",
    "us", "i", "these", "those", "there", "here", "than", "then", "so", "if", "no", "all",
    "any", "some", "such", "into", "upon", "up", "out", "off", "over", "after", "before",
    "about", "under", "very", "more", "most", "much", "many", "nor", "yet",
))  # fmt: skip

_ID_FORM = re.compile(r"IDENTIFICATION\s+FORM\b", re.I)
_LAST_FIELD = re.compile(r"\W{0,3}COMMENTS\s?[:;]")
_LETTERS = re.compile(r"[^A-Z ]+")


@cache
def _phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Every phrase of the wording (``FUZZY_LINES``, ``MARKINGS``, ``RELEASE_WORDING``) as
    words, indexed by each of its words of four letters or more."""
    out: dict[str, set[tuple[str, ...]]] = {}
    for text in (*FUZZY_LINES, *MARKINGS, *RELEASE_WORDING):
        words = tuple(_LETTERS.sub(" ", text.upper()).split())
        for w in words:
            if len(w) >= 4:
                out.setdefault(w, set()).add(words)
    return {w: tuple(sorted(p)) for w, p in out.items()}


def marks_gate(doc: Doc, corrections: list[Correction]) -> list[Correction]:
    """``corrections`` with every automatic change of one of the module's classes made a
    proposal that names its class; a person's confirmed corrections and line items pass."""
    if not doc.tokens or not any(_judged(c) for c in corrections):
        return corrections  # most documents: no token map, no form scan
    starts = {t.start: t.index for t in doc.tokens}
    form = id_form_spans(doc.text)
    out: list[Correction] = []
    for c in corrections:
        if _judged(c):
            why = _why(doc, c, starts.get(c.start), form)
            if why is not None:
                c = held_back(c, why)
        out.append(c)
    return out


def _judged(c: Correction) -> bool:
    """Is ``c`` an automatic change of the stage's own (not a person's, not a line item)?"""
    return c.decision == APPLIED and not c.learned and not c.is_line


def _why(doc: Doc, c: Correction, i: int | None, form: list[tuple[int, int]]) -> str | None:
    if any(a <= c.start < b for a, b in form):
        return "it is on NARA's identification form, the release's cover sheet, kept as read"
    if whole_word(doc, c.original, c.replacement):
        return f"'{c.original}' is a word as written; two words run together is not sure"
    if i is not None:
        phrase = stamp_wording(doc, i, c.replacement)
        if phrase is not None:
            return f"its words read as the release's marking or stamp '{phrase}', not the record"
    return None


def stamp_wording(doc: Doc, i: int, replacement: str) -> str | None:
    """The stamp or marking phrase that token ``i`` read as ``replacement`` makes with its
    neighbours on the page (a window of the phrase's length, one word more or fewer, at
    ``MATCH`` or more), or None. Only for a capitals word of four letters or more that is a
    word of a phrase; a one-word marking (``SECRET``) only when it stands alone on its line."""
    tok = doc.tokens[i]
    word = replacement.upper()
    if not tok.core.isupper() or not replacement.isupper() or len(word) < 4:
        return None
    phrases = _phrases().get(word)
    if not phrases:
        return None
    lo, hi = line_run(doc, i)
    tokens = doc.tokens
    for phrase in phrases:
        n = len(phrase)
        if n == 1:
            if lo == hi:
                return phrase[0]
            continue
        target = " ".join(phrase)
        for size in (n - 1, n, n + 1):
            for a in range(max(0, i - size + 1), i + 1):
                b = a + size
                if b > len(tokens) or size < 2 or tokens[b - 1].page != tok.page:
                    continue
                words = [word if j == i else tokens[j].core.upper() for j in range(a, b)]
                window = " ".join(_LETTERS.sub(" ", " ".join(words)).split())
                if fuzz.ratio(window, target) >= MATCH:
                    return target
    return None


def id_form_spans(text: str) -> list[tuple[int, int]]:
    """The character spans of ``text`` that are NARA's identification form: from a line naming
    the form to the end of its "COMMENTS :" field's line (within 40 lines; the field's value
    may wrap onto the next line, which is taken when no blank line comes between), or, with no
    such field read, nothing (a form cut short is left to the other checks)."""
    out: list[tuple[int, int]] = []
    for m in _ID_FORM.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        pos = text.find("\n", m.end())
        for _ in range(40):
            if pos < 0:
                break
            nxt = text.find("\n", pos + 1)
            line = text[pos + 1 : nxt if nxt >= 0 else len(text)]
            if _ID_FORM.search(line):
                break
            if _LAST_FIELD.match(line):
                end = nxt if nxt >= 0 else len(text)
                after = text.find("\n", end + 1)
                if end < len(text) and text[end + 1 : after if after >= 0 else len(text)].strip():
                    end = after if after >= 0 else len(text)
                out.append((start, end))
                break
            pos = nxt
    return out


def whole_word(doc: Doc, original: str, replacement: str) -> bool:
    """Is the change a split of ``original`` (its letters with spaces put in) into content
    words only (none in ``CLOSED_CLASS``), where ``original`` is a word whole: in English at
    ``WHOLE_MIN_ZIPF`` or more (wordfreq's large list) or written so in the batch
    ``WHOLE_IN_BATCH`` times or more?"""
    if " " not in replacement or not original.isalpha():
        return False
    parts = replacement.lower().split()
    low = original.lower()
    if "".join(parts) != low or any(p in CLOSED_CLASS for p in parts):
        return False
    vocab = doc.vocabulary
    if vocab is not None and vocab.counts.get(low, 0) >= WHOLE_IN_BATCH:
        return True
    return _zipf()(low, "en", wordlist="large") >= WHOLE_MIN_ZIPF
