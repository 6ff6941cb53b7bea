"""Review keys: which pending proposals a reviewer decides with one key. ``change_key`` (one
change: the same word to the same replacement), ``review_key`` (that, or every misreading of
one long word to that word: ``shares_word``, or every case confusion in all-caps text:
``in_capitals``), and ``confusion`` (the OCR confusion a change
undoes, for the queue's confusion groups). Split from ``pipeline.review.queue`` by job: the
queue, the terminal session, the correct stage's page items and the benchmark's item counts
all ask these, and a key has one definition.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

#: Longest side of an edit that still counts as an OCR confusion pattern (``rn``→``m``).
PATTERN_MAX = 2
#: Fewest letters of a replacement whose different misreadings share one review key (one
#: group, one screen: ``review_key``). A damaged typescript misreads one word many ways
#: (``Regiatry``, ``Reglatry``, ``Regiatty``, ``Reglotry`` → Registry); a long word's near
#: misreadings cannot plausibly be other words, a short one's can (``thene``, ``thems``,
#: ``arent``: on the judged dev proposals, ``bench.proposals_dev``, every wrong or doubtful
#: top candidate of a replacement shared by different misreadings was a word of at most five
#: letters; every one of six or more was right at every place).
WORD_GROUP_MIN_LETTERS = 6
#: Most edits (Levenshtein, case aside) from a misreading to the replacement it shares: the
#: proposal machinery's usual reach (two OCR confusions, ``Cembodien`` → Cambodian).
WORD_GROUP_MAX_EDITS = 2
#: Doubts the correct stage writes into a proposal's reason (``correct.decide``,
#: ``correct.calibrate``) that say the replacement may not be the only word OCR's reading is
#: near: a name the lexicon knows beside another name, an acronym beside another, a rare word.
#: Such a proposal keeps its own change key: each misreading is asked on its own.
WORD_GROUP_DOUBTS = (
    "may be another name",
    "acronyms one letter apart",
    "rare word",
)
#: How a proposal's reason names a replacement from a lexicon (``correct.candidates``: ``Alayev
#: → Akayev: lexicon people.txt, l→k; …``), not the English dictionary: a person's, a place's or
#: an office's name, or a code. Different readings of a name may be different names (``Alayev``
#: and ``Akiyev``, both → Akayev at a tie with Aliyev, are two people), and the stage names only
#: its first doubt, so "may be another name" is not always said: such a proposal keeps its own
#: change key. Every word group of the judged dev proposals (``bench.proposals_dev``) and of the
#: labelled dev set is an English word, so none is lost.
WORD_GROUP_LEXICON_SOURCE = ": lexicon "
#: The review key every OCR case confusion in all-caps text shares (``in_capitals``): a
#: telegram or a typed heading in capitals read with a small letter or two (``FoR``, ``oF``,
#: ``ouT``, ``AuG``), each its own change and so its own screen before (session 36: 7 screens
#: on one all-caps cable of the dev slice ``bench/damaged/jfk-damaged``; every such proposal
#: of the judged dev proposals, ``bench/labels/proposals-dev.tsv``, is right: ``To``, ``oF``,
#: ``Do``, ``FoR``). Each place is still shown with its own reading and context and may be left
#: out; a wrong accept changes no letter, only its case.
CAPITALS_KEY = "… → capitals"


def change_key(original: str, replacement: str) -> str:
    """The key of a recurring change: every pending place with the same key (the same word,
    case aside, to the same replacement) is one group, decided with one key in the web queue
    and settled by one decision's learned correction in the terminal. ``bench/labelled.py``
    counts reviewer items by this key.

    >>> change_key("Subjeot", "Subject") == change_key("SUBJEOT", "SUBJECT")
    True
    """
    return f"{original.casefold()} → {replacement.casefold()}"


def review_key(
    original: str, replacement: str, candidates: Sequence[str] = (), reason: str = ""
) -> str:
    """The reviewer item a proposal belongs to: one screen, decided with one key. Its
    ``change_key``, unless the proposal is a misreading of a long word (``shares_word``): then
    ``… → <replacement>``, the key every such misreading of that word shares, so that
    ``Regiatry``, ``Reglatry`` and ``Regiatty`` → Registry are one group. The web queue groups
    pending places by this key (``group_items``) and ``bench/review_items.py`` counts reviewer
    items by it: one source of truth. ``candidates`` are the proposal's candidates' texts, best
    first; ``reason`` its reason as the correct stage wrote it.

    >>> review_key("Regiatry", "Registry", ["Registry"]) == review_key("Reglotry", "Registry")
    True
    >>> review_key("tie", "the", ["the", "tie"])
    'tie → the'
    """
    if in_capitals(original, replacement, reason):
        return CAPITALS_KEY
    if shares_word(original, replacement, candidates, reason):
        return f"… → {replacement.casefold()}"
    return change_key(original, replacement)


def in_capitals(original: str, replacement: str, reason: str = "") -> bool:
    """Is this proposal an OCR case confusion in all-caps text (``CAPITALS_KEY``): the
    replacement is the original in capitals, no letter changed, and the correct stage's reason
    (``correct.case``: ``oF → OF: OCR case confusion o→O, in all-caps text; …``) says so in its
    first clause?

    >>> in_capitals("oF", "OF", "oF → OF: OCR case confusion o→O, in all-caps text; proposed")
    True
    >>> in_capitals("oF", "OF", "oF → OF: OCR case confusion o→O; proposed")
    False
    >>> in_capitals("ouR", "OUT", "ouR → OUT: OCR case confusion, in all-caps text")
    False
    """
    first = reason.split(";")[0]
    return (
        replacement != original
        and replacement == original.upper()
        and "OCR case confusion" in first
        and "in all-caps text" in first
    )


def shares_word(
    original: str, replacement: str, candidates: Sequence[str] = (), reason: str = ""
) -> bool:
    """May this proposal be decided together with the other misreadings of its replacement?
    Only when a wrong grouped accept is implausible: the replacement has at least
    ``WORD_GROUP_MIN_LETTERS`` letters and nothing but letters (no code, no number, no phrase:
    apostrophes and hyphens aside); the original is no word (the correct stage lists a real
    word it proposes to change among its own candidates, ``tie`` → the, and those stay one
    change each) and is misread in its letters (a stop or quote on a right word, ``Vietnam.``,
    is a question of its place, not of the word); the two are at most
    ``WORD_GROUP_MAX_EDITS`` edits apart, case aside; and the proposal's reason names no doubt
    that the replacement is the only word near (``WORD_GROUP_DOUBTS``), nor a lexicon as the
    replacement's source (a name, ``WORD_GROUP_LEXICON_SOURCE``).

    >>> shares_word("Hresident", "President"), shares_word("fhe", "the")
    (True, False)
    >>> shares_word("Rresident", "President", ["President", "Resident"])
    True
    >>> shares_word("Presidents", "President", ["President", "Presidents"])
    False
    >>> shares_word("Sibanouk", "Sihanouk", reason="...; proposed, not applied: rare word")
    False
    >>> shares_word("Akiyev", "Akayev", reason="Akiyev → Akayev: lexicon people.txt, i→a")
    False
    """
    a, b = original.casefold(), replacement.casefold()
    letters = sum(ch.isalpha() for ch in b)
    if letters < WORD_GROUP_MIN_LETTERS or not all(ch.isalpha() or ch in "'’-" for ch in b):
        return False
    if a == b or a in {c.casefold() for c in candidates}:
        return False
    if [ch for ch in a if ch.isalnum()] == [ch for ch in b if ch.isalnum()]:
        return False  # a mark on the word (``Vietnam.``, ``‘Cambodian``): decided by its place
    if Levenshtein.distance(a, b) > WORD_GROUP_MAX_EDITS:
        return False
    if WORD_GROUP_LEXICON_SOURCE in reason.split(";")[0]:  # the first clause names the source
        return False
    return not any(doubt in reason for doubt in WORD_GROUP_DOUBTS)


def confusion(original: str, replacement: str) -> str | None:
    """The OCR confusion a one-place change undoes, as ``read → meant`` (``∅`` for nothing),
    or None when the change is not one small substitution, insertion or deletion.

    >>> confusion("tbe", "the"), confusion("Mallott", "Malott"), confusion("cat", "dog")
    ('b → h', 'l → ∅', None)
    """
    a, b = original.casefold(), replacement.casefold()
    ops = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]
    edits = [op for op in ops if op[0] != "equal"]
    if len(edits) != 1:
        return None
    _, i1, i2, j1, j2 = edits[0]
    if max(i2 - i1, j2 - j1) > PATTERN_MAX:
        return None
    return f"{a[i1:i2] or '∅'} → {b[j1:j2] or '∅'}"
