"""What an agency prints or stamps on every copy of a record: printed notices and office stamps.

**Printed notices.** Agency forms and cover sheets print the same notice on every copy: the
Espionage Laws notice of an information report, the CIA cable form's "REPRODUCTION BY OTHER THAN
THE ISSUING OFFICE IS PROHIBITED", the unevaluated-information caveat, the sensitive-sources
warning. They say nothing of the record (``FurnitureKind.FORM``, like a form's check boxes).
OCR damages them ("PROMIBITED", "THEISSUING", "Naticnal"), glues debris or the classification
caption to them ("cusseenarion REPRODUCTION ...") and wraps them over two or three lines; so a
line is a notice's when a run of its words matches a run of the notice's words in order (each
word through OCR slips), the run holds three of the notice's words that are not function words,
and it covers most of the line, the rest being no sentence. A sentence that quotes a few of the
words ("the provisions of the espionage laws of our country") covers too little of its line.

**Office stamps.** Mail rooms and file rooms stamp a record when it comes in (and CIA's
records office when it files, films or clears it: "RECORD COPY", "CS COPY", "MICROFILMED",
"DESENSITIZED", ``HANDLING_STAMPS``): the FBI's "REC-37"
(recorded, with the serial), "SEARCHED", "INDEXED", "SERIALIZED", "FILED", "RECEIVED 6 OCT 30
1962". A stamp is its word and its fields (numbers, a date, OCR's reading of the ink) alone on a
short line; the same word in a sentence or a form's field caption ("RECEIVED: 8:40 PM RADIO",
"RECEIVED FROM") is not one.

Every wording is copied from real releases, each with where it was read (``notice_texts``, the
notices' wording as data; ``form_wording``, what two copies of a form print alike, by a script;
the office stamps in ``office_stamps``).
"""

from __future__ import annotations

import logging
from difflib import SequenceMatcher
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from pipeline.core.text import FUNCTION_WORDS
from pipeline.stages.strip.patterns.base import DEBRIS
from pipeline.stages.strip.patterns.body import prose_words
from pipeline.stages.strip.patterns.form_wording import FORMS
from pipeline.stages.strip.patterns.form_wording import KEYS as _FORM_KEYS
from pipeline.stages.strip.patterns.notice_texts import KEYS as _NOTICE_KEYS
from pipeline.stages.strip.patterns.notice_texts import NOTICES

log = logging.getLogger(__name__)

# What a form prints on every copy: the notices read by hand (``notice_texts``) and the
# passages two copies of one form print alike, found in the corpus by a script
# (``form_wording``, named "form-wording <records>#<passage>"). Both are read the same way.
FORM_WORDING = "form-wording "
PRINTED: dict[str, str] = {**NOTICES, **{f"{FORM_WORDING}{k}": v for k, v in FORMS.items()}}
_KEYS = _NOTICE_KEYS | _FORM_KEYS

_WORD_SCORE = 75  # rapidfuzz ratio of a line word to a notice word of four letters or more
MIN_CONTENT = 3  # notice words in the run that are not function words
MIN_COVER = 0.6  # share of the line's letters and digits inside the run ...
SURE_COVER = 0.85  # ... at or above which the rest of the line may be anything


_KEY_SCORE = 80  # rapidfuzz ratio of a damaged word to a key word ("spionage", "transminion")
# Only long words stand for a damaged key: "offices" is a body word, not OFFICER (2018
# 104-10176-10015 line 504, "United States iro, with offices", dev).
_KEY_LEN = 8
_KEY_LIST = sorted(k for k in _KEYS if len(k) >= _KEY_LEN)


@lru_cache(maxsize=1 << 16)
def _key(word: str) -> bool:
    """Is the (upper-cased) line word one of the notices' key words, or one OCR damaged (a word
    of ``_KEY_LEN`` letters or more against the keys as long, ``_KEY_SCORE``)? The cheap test
    that spares the notices' matching on body lines."""
    if word in _KEYS:
        return True
    if len(word) < _KEY_LEN or not word.isalpha():
        return False
    hit = process.extractOne(word, _KEY_LIST, scorer=fuzz.ratio, score_cutoff=_KEY_SCORE)
    return hit is not None


def keyed(text: str) -> bool:
    """Does the line hold one of the notices' key words (``_key``, OCR slips allowed)?"""
    return any(_key(w) for w in _words(text))


@cache
def _notice_words() -> dict[str, list[str]]:
    return {name: _words(text) for name, text in PRINTED.items()}


def _words(text: str, upper: bool = True) -> list[str]:
    """Words with OCR's debris stripped ("PROHIBITED," -> "PROHIBITED"), "-" and "/" splitting
    them; upper-cased unless ``upper`` is False."""
    out = []
    for w in text.replace("-", " ").replace("/", " ").split():
        core = w.strip(DEBRIS + "{}$§")
        if core:
            out.append(core.upper() if upper else core)
    return out


def _same(a: str, b: str) -> bool:
    """Is line word ``a`` notice word ``b`` through an OCR slip ("1S" for "IS", "PROMIBITED")?"""
    if a == b:
        return True
    if len(b) <= 3:
        return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    return fuzz.ratio(a, b) >= _WORD_SCORE


def _best_run(line: list[str], notice: list[str]) -> tuple[int, int, int]:
    """(start, end, content words) of the longest run of line words matching notice words in
    order, one word of either side skipped at most once in a row (OCR splits and merges)."""
    best = (0, 0, 0)
    for i in range(len(line)):
        for j in range(len(notice)):
            if not _same(line[i], notice[j]):
                continue
            a, b, content, end = i, j, 0, i
            while a < len(line) and b < len(notice):
                if _same(line[a], notice[b]):
                    content += _content(notice[b])
                    end = a + 1
                    a, b = a + 1, b + 1
                elif a + 1 < len(line) and _same(line[a + 1], notice[b]):
                    a += 1  # a word of debris in the line
                elif b + 1 < len(notice) and _same(line[a], notice[b + 1]):
                    b += 1  # a notice word OCR lost or merged ("THEISSUING")
                elif _split(line, a, notice[b]):
                    # A word cut in two ("CHI: CTERS", 2025 104-10063-10160 line 7, dev).
                    content += _content(notice[b])
                    end = a + 2
                    a, b = a + 2, b + 1
                elif _split(notice, b, line[a]):
                    # Two notice words OCR ran together ("NOT'EXCEEÓ", the same line).
                    content += _content(notice[b]) + _content(notice[b + 1])
                    end = a + 1
                    a, b = a + 1, b + 2
                elif _same_next(line, a, notice, b):
                    a, b = a + 1, b + 1  # a word read beyond recognition ("sttnia": WITHIN)
                else:
                    break
            if content > best[2]:
                best = (i, end, content)
    return best


def _split(words: list[str], k: int, whole: str) -> bool:
    """Are ``words[k]`` and ``words[k + 1]`` together the word ``whole`` (a word of four letters
    or more on each side, OCR slips allowed)? The halves are joined without their debris."""
    if k + 1 >= len(words) or len(whole) < 6:
        return False
    joined = "".join(c for c in words[k] + words[k + 1] if c.isalnum())
    return len(joined) >= 6 and _same(joined, "".join(c for c in whole if c.isalnum()))


def _same_next(line: list[str], a: int, notice: list[str], b: int) -> bool:
    """Do the words after ``line[a]`` and ``notice[b]`` match (both exist)?"""
    return a + 1 < len(line) and b + 1 < len(notice) and _same(line[a + 1], notice[b + 1])


# A form's title, which its notice names ("This Routing and Record Sheet should be returned"):
# the title alone on its line names the record (``bench/furniture/README.md``, forms), and stays.
TITLE_WORDS = ("ROUTING", "RECORD", "SHEET")


def _content(word: str) -> bool:
    """Does a notice word count towards a match: no function word, no word of a form's title
    ("(6) Routing slips, routing and record sheets (Form 610)" is a sentence about the form)?"""
    return word.lower() not in FUNCTION_WORDS and len(word) > 2 and word not in TITLE_WORDS


def _title(run: list[str]) -> bool:
    """Are the run's words only a form title's words (and function words, or OCR's reading of
    one: "ANO")?"""
    return all(
        len(w) <= 3 or w.lower() in FUNCTION_WORDS or any(_same(w, t) for t in TITLE_WORDS)
        for w in run
    )


def filled_in(text: str, name: str) -> bool:
    """Is the line, read against a form's printed wording (``FORM_WORDING`` names), what was
    written into the form rather than its print: a caption (its letters all capitals: "OTHER
    PERSONS", a field's name, the record's own text by the forms decision), or a printed line
    with a word typed into it ("Yes or No yes . If you were never personally": a line word
    between two stretches of the wording, or after the last, that stands for none of the
    wording's words there)?
    Always False for the hand-read notices, which no one fills in.

    >>> name = next(n for n in PRINTED if n.startswith(FORM_WORDING))
    >>> filled_in("OTHER PERSONS", name)
    True
    """
    if not name.startswith(FORM_WORDING):
        return False
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return True
    line, printed = _words(text), _notice_words()[name]
    ops = SequenceMatcher(None, line, printed, autojunk=False).get_opcodes()
    equal = [k for k, op in enumerate(ops) if op[0] == "equal"]
    # The gaps between stretches of the wording, and the line's end past the last stretch:
    # "a. Rental costs for plant premises: $2,407.86" (FD-143) has its answer after the print;
    # an end of OCR specks ("... with any-stories a A") is no answer.
    end = ops[equal[-1] + 1 : equal[-1] + 2] if equal else []
    if end and not any(_answer_word(w) for w in line[end[0][1] : end[0][2]]):
        end = []
    for tag, i1, i2, j1, j2 in [*ops[equal[0] + 1 : equal[-1]], *end] if equal else ():
        if tag == "delete" and all(w.lower() in _LOST_WORDS for w in line[i1:i2]):
            continue  # a small word the wording's own OCR reading lost ("provide all data")
        if tag == "delete" or (tag == "replace" and i2 - i1 > j2 - j1):
            return True  # line words the print has nothing for at that place
        if tag == "replace" and not all(
            _same(line[i], printed[j]) for i, j in zip(range(i1, i2), range(j1, j2), strict=False)
        ):
            return True
    return False


# Words OCR drops from a printed line that no one writes into a form as an answer: function
# words, less the ones that answer ("Yes or No no", "not").
_LOST_WORDS = FUNCTION_WORDS - {"no", "not"}


def _answer_word(word: str) -> bool:
    """Could a line word past a printed line's end be a typed answer: a digit in it, or three
    letters or more ("$2,407.86", "None"), not an OCR speck ("a", "A", "©")?"""
    return any(c.isdigit() for c in word) or sum(c.isalpha() for c in word) >= 3


def notice_piece(text: str) -> str | None:
    """The printed notice a short line is a two-word piece of ("SENSITIVE SOURCES" / "METHODS:
    INVOLVED", the wrapped rest of a warning notice), or None: two of the notice's words that
    are not function words, in order, and nothing else on the line but debris. Too little to
    go by alone (a heading could read so); ``decide`` wants furniture beside it.

    >>> notice_piece("SENSITIVE SOURCES"), notice_piece("Sensitive sources and methods were")
    ('sensitive-sources-warning', None)
    """
    raw = _words(text, upper=False)
    line = [w.upper() for w in raw]
    if not 2 <= len(line) <= 3 or not any(w in _KEYS for w in line):
        return None
    letters = sum(c.isalnum() for w in raw for c in w)
    for name, notice in _notice_words().items():
        start, end, content = _best_run(line, notice)
        inside = sum(c.isalnum() for w in line[start:end] for c in w)
        if content >= 2 and letters and inside / letters >= SURE_COVER:
            return None if filled_in(text, name) else name
    return None


def notice_line(text: str) -> str | None:
    """The printed notice (a ``PRINTED`` name) a whole line is a piece of, or None.

    >>> notice_line("cusseenarion REPRODUCTION BY OTHER THAN THE ISSUING OFFICE IS PROMIBITED")
    'reproduction-prohibited'
    >>> notice_line("2, I have read and understand the provisions of the espionage laws of our")
    """
    raw = _words(text, upper=False)
    line = [w.upper() for w in raw]
    if not line or not any(_key(w) for w in line):
        return None
    letters = sum(c.isalnum() for w in raw for c in w)
    for name, notice in _notice_words().items():
        start, end, content = _best_run(line, notice)
        if content < MIN_CONTENT or _title(line[start:end]):
            continue
        inside = sum(c.isalnum() for w in line[start:end] for c in w)
        rest = " ".join(raw[:start] + raw[end:])
        cover = inside / letters if letters else 0.0
        if cover >= SURE_COVER or (cover >= MIN_COVER and not _sentence(rest)):
            return None if filled_in(text, name) else name
    return None


def notice_run(text: str, name: str) -> tuple[int, float]:
    """(content words, share of the line's letters and digits) of the longest run of the line's
    words that matches notice ``name`` (a ``PRINTED`` key) in order: how much of a wrapped
    notice a line beside it holds ("hin any manner to an unautnorited werion is": 2, 0.92).
    Evidence only beside the notice itself (``form_evidence.notice_blocks``). A word the line's
    start cut is read as the notice's word (``_uncut``).

    >>> notice_run('"AMATION SUBJECT TO', "dissemination-controls")
    (2, 1.0)
    """
    raw = _words(text, upper=False)
    line = [w.upper() for w in raw]
    letters = sum(c.isalnum() for w in raw for c in w)
    if not letters or filled_in(text, name):
        return 0, 0.0
    notice = _notice_words()[name]
    start, end, content = _best_run(_uncut(line, notice), notice)
    # The share of the line's letters as OCR read them (a cut word counts its own letters).
    inside = sum(c.isalnum() for w in line[start:end] for c in w)
    return content, inside / letters


# A word OCR cut at the line's start keeps at least this many of its last letters.
_CUT_TAIL = 4


def _uncut(line: list[str], notice: list[str]) -> list[str]:
    """The line's words with a first word that is the tail of a notice word the line's start
    cut, OCR slips allowed ('"AMATION SUBJECT TO', the rest of "INFORMATION" wrapped: 2022
    124-10207-10417 line 71, jfk-2022 dev) read as that word; otherwise as they are.

    >>> _uncut(["AMATION", "SUBJECT", "TO"], ["USE", "OF", "INFORMATION", "SUBJECT"])[0]
    'INFORMATION'
    """
    if not line or len(line[0]) < _CUT_TAIL or any(_same(line[0], w) for w in notice):
        return line
    for w in notice:
        # The tail through OCR slips too ("AMATION" for "RMATION").
        if len(w) > len(line[0]) and _same(line[0], w[-len(line[0]) :]):
            return [w, *line[1:]]
    return line


# A word-by-word alignment of a line with a notice (``notice_align``): what a matched word, a
# word OCR read beyond recognition, and a word on one side only count.
_HIT, _HIT_FUNCTION, _SLIP, _GAP = 2, 1, -1, -1


@cache
def _content_index() -> dict[str, frozenset[str]]:
    """Each notice's content words (``_content``, four letters or more) -> the notices."""
    index: dict[str, set[str]] = {}
    for name, words in _notice_words().items():
        for w in words:
            if _content(w) and len(w) >= 4:
                index.setdefault(w, set()).add(name)
    return {w: frozenset(names) for w, names in index.items()}


def notice_candidates(text: str) -> frozenset[str]:
    """The notices that share a content word of four letters or more with the line, as printed:
    the cheap test before ``notice_align``."""
    index = _content_index()
    found: set[str] = set()
    for w in _words(text):
        found |= index.get(w, frozenset())
    return frozenset(found)


def notice_align(text: str, name: str) -> tuple[int, float]:
    """(content words, share of the line's letters and digits in its matched words) of the best
    local alignment of the line's words with notice ``name``'s, word by word: a word matched
    through OCR slips (``_same``) counts, a word read beyond recognition or lost on either side
    costs, so that a line of a damaged block still aligns along its stretch of the notice
    ("lation or revelation of which in any .manner to Perron Is prohibited by, law. tie .
    Mi.": 5, 0.83). Looser than ``notice_run``: evidence only together with other lines of the
    notice beside it (``form_evidence.notice_block_lines``)."""
    raw = _words(text, upper=False)
    line = [w.upper() for w in raw]
    notice = _notice_words()[name]
    letters = sum(c.isalnum() for w in raw for c in w)
    if not line or not letters or filled_in(text, name):
        return 0, 0.0
    # A Smith-Waterman table over (line word, notice word): (score, content words, letters).
    prev = [(0, 0, 0)] * (len(notice) + 1)
    best = (0, 0, 0)
    for word in line:
        size = sum(c.isalnum() for c in word)
        row = [(0, 0, 0)]
        for j, printed in enumerate(notice):
            up, left, diag = prev[j + 1], row[j], prev[j]
            same = _same(word, printed)
            if same:
                hit = _HIT if _content(printed) else _HIT_FUNCTION
                cell = (diag[0] + hit, diag[1] + _content(printed), diag[2] + size)
            else:
                cell = (diag[0] + _SLIP, diag[1], diag[2])
            for other in ((up[0] + _GAP, up[1], up[2]), (left[0] + _GAP, left[1], left[2])):
                if other[0] > cell[0]:
                    cell = other
            if cell[0] <= 0:
                cell = (0, 0, 0)
            row.append(cell)
            if same and cell[0] > best[0]:
                best = cell
        prev = row
    return best[1], best[2] / letters


def _sentence(text: str) -> bool:
    """Does the rest of a line read as words of a sentence: two lower-case words or more, a
    function word among them ("cesoer tan", OCR of a caption, does not)?"""
    n = prose_words(text)
    words = {w.strip(DEBRIS).lower() for w in text.split()}
    return n >= 2 and bool(words & FUNCTION_WORDS)
