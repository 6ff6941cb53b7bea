"""Is a proposal worth a reviewer's screen? Correct-but-unusual words and noise are left.

Issue 15 asks for fewer, better proposals: "confident names, abbreviations and foreign words are
not proposed". On the labelled real FOIA OCR and the JFK development release, the proposals
whose top candidate was wrong fell into a few classes (hand-judged, bench/splits.json dev):
a capitalised word the document repeats unchanged while its candidate
never occurs (``Lebeder`` Institute → ``Leader``: a name), a cable code or military command
shaped from the cable's own morphemes (``CINCLANT`` → ``CINCCENT``), and a word of another
language in a proper-noun position (``Departamento`` Zelaya → ``Department``); on BLN600 dev,
a surname or place English text uses (wordfreq knows it), repeated or with an unlikely
candidate (``Beeston`` → ``Beeton``, ``Broughton`` → ``Brought``). Each is judged
here as a class, from the word, its neighbours and the document, never from a list of test
words. Last, what the evidence says: a proposal whose top candidate the calibrated model
(``calibrate.py``) gives less than ``CorrectConfig.propose_min_probability`` is left — on the
development rows (cross-validated by document) 6 in 30 such top candidates were right, though
most stood on real errors, mostly the ends of words broken across a line (``soner`` for
prisoner): those whose
join with the word before is a known word stay proposed, with the join named. Nor is a
proposal floored whose OCR form recurs in the document: a misreading a typewriter repeats
(``Subjeat``, JFK dev) looks to the model like a real word, because on newspaper text a form
that recurs usually is one; a fragment of three letters or fewer is not spared so, and is
held to a higher floor (``_SHORT_FLOOR``: on the judged JFK dev proposals, such fragments
the model rated under it were right 5 times in 23). A candidate that merely occurs elsewhere
in the document spares nothing: below the floor, on BLN600 dev, 7 of 30 such proposals of a
form read once were right (``ent`` → ``out`` for went, ``tle`` → ``tie`` for the), and on the
JFK dev files none of three (``inte`` → ``into`` in a noise line, ``Intos`` → ``Into`` for
States).
Short words among OCR noise are not judged here: ``lines`` turns a noise line with
proposals into one "transcribe by hand" item, which needs those proposals.
More classes are left: a small word whose candidate is a code written in capitals
(``code_in_lowercase``) or a name written with a capital (``name_for_lowercase``), and, in
``case``, a capitalised word mid-sentence that may be a title (``Unworthy.TITLE_CASE``) and a
mixed-case fragment amid damage (``case.fragment_left``).
``decide`` asks ``unworthy`` before proposing; a word it names is left alone, with the class
logged, and the apply decision is untouched (only proposals are dropped).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from enum import StrEnum
from functools import cache

from pipeline.core.enums import WordClass
from pipeline.stages.correct.candidates import Candidate
from pipeline.stages.correct.channel import CASE_TWINS, EDIT_COST
from pipeline.stages.correct.document import Doc
from pipeline.stages.correct.tokens import HYPHENS, Token

log = logging.getLogger(__name__)


class Unworthy(StrEnum):
    """Why a proposal is left: the class of word that is not worth a reviewer's screen."""

    NAME = "a capitalised word the document repeats, its candidate nowhere"
    KNOWN_NAME = "a capitalised word English text uses (a name), its candidate unlikely"
    CODE = "a cable code or command shaped from cable morphemes"
    FOREIGN = "a word of another language in a name's place"
    UNLIKELY = "its top candidate is almost never right"
    SHORT = "a fragment of three letters or fewer, its candidate under the short floor"
    TITLE_CASE = "a capitalised word mid-sentence: a title or a name as often as a misreading"
    CODE_LOWERCASE = "a lowercase word, its candidate a code written in capitals"
    PIECE = "a piece of a word broken at a hyphen: the join is the word, not a fix of the piece"
    PLURAL = "a name or a repeated word plus s: a plural or a cable's possessive"
    LOWER_NAME = "a word in small letters, its candidate a name written with a capital"
    REPEATED_CODE = "an all-caps word the document repeats, its candidate (a code) nowhere"
    CASE_FRAGMENT = (
        "a mixed-case fragment of three letters or fewer outside all-caps text: as often "
        "noise read as letters as a word in the wrong case"
    )


#: The ``Doc.left`` key of a proposal left because nothing around the word supports it
#: (``decide``).
LEFT_UNSUPPORTED = "unsupported"
#: The ``Doc.left`` key of a short fragment whose candidate is only somewhere in the document
#: (``CorrectConfig.short_needs_pair``): it would have been proposed before that rule, so, like
#: ``Unworthy.SHORT``, it takes the word's screen, not its noise line's (``lines``).
LEFT_UNPAIRED = "unpaired"
#: The ``Doc.left`` keys of words left for want of evidence for their candidate, not because the
#: word is right as it stands: an unknown word with a dictionary word within reach, damage all
#: the same (``lines`` counts them so when it judges a line too damaged to fix word by word).
LEFT_FOR_WANT_OF_EVIDENCE = frozenset(
    {LEFT_UNSUPPORTED, LEFT_UNPAIRED, Unworthy.UNLIKELY.name.lower(), Unworthy.SHORT.name.lower()}
)


#: Morphemes cable codes and military commands are built from (``CINC`` + ``LANT``,
#: ``US`` + ``CINC`` + ``EUR``, ``COM`` + ``SUB`` + ``PAC``, ``SEC`` + ``DEF``): the productive
#: parts of the State and Defense cable vocabulary, not whole codes.
_CODE_MORPHEMES = (
    "CINC", "COM", "US", "PAC", "LANT", "EUR", "NAV", "MIL", "SEC", "DEF", "STATE", "EMB",
    "AM", "CON", "GEN", "SUB", "AIR", "ARMY", "FOR", "PHIB", "MAR", "CENT", "SO", "SOUTH",
    "NORTH", "MED", "MAC", "MAAG", "JCS", "INT", "REP", "DEL", "DEP", "ADM", "OPS",
    "LOG", "PERS", "DISSEM", "TEL", "CIR", "AID", "INFO", "ACT", "POL", "ECON", "CSA",
)  # fmt: skip
#: A recurring OCR form is spared the probability floor when it has at least this many
#: letters (``Subjeat`` → Subject, 0.18-0.30, right at every place of a JFK dev document). A
#: shorter form, recurring or not, is held to ``_SHORT_FLOOR`` instead: every string of three
#: letters lies near several words (``lines.token_reading`` says the same of fragments), and on
#: damaged typescript the calibrated model, fitted on cleaner text, rates such fragments too
#: high. On the judged JFK dev proposals (``bench/labels/proposals-dev.tsv``: the 176- series
#: and a damaged 104- memo), the dictionary path's proposals for words of three letters or
#: fewer had their top candidate right 5 times in 23 under 0.75 (``ony`` → any where the page
#: has ``on``, five places; ``tae``, ``ene``, ``dle`` in noise; right: ``ean`` → can,
#: ``whe`` → who, the two recurring forms the old half floor spared), 3 in 6 from 0.75 to 0.9
#: and 13 in 23 above; earlier, on the same series' interview transcript, ``sof`` → set
#: 0.01-0.13, ``aoe`` → ace, ``het`` → hot, proposed at every place, none right. A common short
#: misreading the language model knows stays (``tbe`` → the).
_RECURRING_MIN_LETTERS = 4
_SHORT_FLOOR = 0.75
#: Under ``_SHORT_FLOOR``, a fragment is ``Unworthy.SHORT`` (left, but its noise line still an
#: item, ``lines``) where it used to be proposed: at the general floor, or at this share of it
#: for a form the document repeats; under that it is ``Unworthy.UNLIKELY``, as before.
_SHORT_RECURRING_SHARE = 0.5
#: Languages whose words FOIA cables quote (place names, titles, institutions).
_FOREIGN_LANGUAGES = ("es", "fr", "de", "it", "pt")
#: A word at least this frequent (wordfreq Zipf scale: 3 is once per million words) in one of
#: them, and absent from English's list of words that frequent, is that language's word. Only
#: wordfreq's "small" lists are read (words at Zipf 3 or more: 0.2 s for all six, where the
#: large lists take 5 s per process).
_FOREIGN_MIN_ZIPF = 3.0


def unworthy(
    doc: Doc,
    tok: Token,
    base: str,
    wclass: WordClass,
    cands: list[Candidate],
    probability: Callable[[], float],
    broken: bool,
) -> Unworthy | None:
    """The class that makes a proposal for ``tok`` (word ``base``, ranked ``cands``, best first)
    not worth a reviewer's screen, or None to propose it. ``probability`` gives the calibrated
    probability (0-1, ``calibrate.py``) that the top candidate is right, asked only when the
    floor applies; ``broken`` says the word and the one before make a word (``clear ance``):
    the reason sentence then names the join, which is worth a screen whatever the candidate.
    A near miss of a lexicon name (``Alayev`` → ``Aliyev``) is always proposed (issue 15)."""
    top = cands[0]
    if hyphen_piece(doc, tok) is not None:
        return Unworthy.PIECE
    if plural_of(base, top) and (base[:1].isupper() or doc.forms.get(base.lower(), 0) >= 2):
        return Unworthy.PLURAL
    english = top.written is None
    floor = doc.config.propose_min_probability
    if english and floor > 0 and not broken:
        recurring = doc.forms.get(base.lower(), 0) >= 2
        if len(base) < _RECURRING_MIN_LETTERS:  # a fragment's reading: held higher
            p = probability()
            if p < floor * (_SHORT_RECURRING_SHARE if recurring else 1.0):
                return Unworthy.UNLIKELY
            if p < max(floor, _SHORT_FLOOR):
                return Unworthy.SHORT
        elif not recurring and probability() < floor:  # a recurring form: spared
            return Unworthy.UNLIKELY
    names = (WordClass.NAME, WordClass.INITIAL, WordClass.CAPS)
    if english and wclass in names and recurring_name(doc, base, top):
        return Unworthy.NAME
    if english and wclass in names and known_name(doc, base, top, probability):
        return Unworthy.KNOWN_NAME
    if wclass in (WordClass.CAPS, WordClass.ACRONYM) and code_shaped(base, top):
        return Unworthy.CODE
    if wclass in (WordClass.CAPS, WordClass.ACRONYM) and repeated_code(doc, base, top):
        return Unworthy.REPEATED_CODE
    if code_in_lowercase(base, top):
        return Unworthy.CODE_LOWERCASE
    if wclass == WordClass.LOWER and name_for_lowercase(base, top):
        return Unworthy.LOWER_NAME
    if wclass in (WordClass.NAME, WordClass.INITIAL) and foreign(doc, tok, base, top):
        return Unworthy.FOREIGN
    return None


def name_for_lowercase(base: str, top: Candidate) -> bool:
    """Is ``top`` a lexicon name written with a capital (``Novo``, ``Erivan``) offered for
    ``base``, a word in small letters, whose first letter is no small twin of that capital?

    A name keeps its capital in print, and OCR loses a capital's size only where the small
    letter has the same shape (``CASE_TWINS``: ``cuba`` may be Cuba). Otherwise the small word
    is a common word misread, and the name one edit from it is a chance neighbour: on JFK dev
    (``bench/labels/proposals-dev.tsv`` and its batch) ``novor`` → Novo where the page has
    "never", ``nerioan`` → Erivan, each in a damaged line; none right. English candidates
    (``written`` None) are not asked.

    >>> from pipeline.stages.correct.channel import align
    >>> def name(w: str) -> Candidate:
    ...     return Candidate(w.lower(), w, "lexicon names.txt", align("x", w.lower()))
    >>> name_for_lowercase("novor", name("Novo")), name_for_lowercase("cubn", name("Cuba"))
    (True, False)
    >>> name_for_lowercase("dissem", name("DISSEM"))
    True
    """
    written = top.written
    if written is None or not written[:1].isupper() or not base[:1].islower():
        return False
    return not (base[0] in CASE_TWINS and base[0] == written[0].lower())


#: Between the pieces of a word broken at a line end, OCR often reads a stray mark or a letter
#: of the margin (``intelli-A : gence``): up to this many tokens of at most
#: ``_STRAY_LETTERS`` letters each are passed over.
_STRAY_TOKENS = 2
_STRAY_LETTERS = 2
#: Letters that open the next token of a first piece (``communi-`` before ``cations)and``: the
#: second piece is the run of small letters it starts with).
_LEADING_LETTERS = re.compile(r"[^\W\d_]+")


def hyphen_piece(doc: Doc, tok: Token) -> str | None:
    """The word ``tok`` is a piece of, when it is one side of a word broken at a hyphen that
    ``pieces`` left (its shape is not the plain ``in- terest``), else None: the token before
    ends in a hyphen (``intelli--``, ``intelli-A``) and, over at most ``_STRAY_TOKENS`` stray
    fragments, joins ``tok`` into an English word; or ``tok`` ends in a hyphen and the small
    letters the next token opens with join it into one (``communi-`` / ``cations)and``). The
    join must be common (``apply_min_count``) and ``tok`` alone no English word. On the judged
    JFK dev proposals (``bench/labels/proposals-dev.tsv``) every proposal of this class was for
    a piece the paper has right (``gence`` → gene twice, ``communi`` → commune): the fix, if
    any, is the join, which a proposal for the piece never offers.

    The join is never applied or proposed here: the piece is left, and the record says why."""
    lex = doc.lexicon
    low = tok.low
    if not tok.core.isalpha() or len(low) < 2 or lex.is_english(low):
        return None
    tokens = doc.tokens
    # the piece after a hyphen: walk back over stray fragments to a token ending in one
    j = tok.index - 1
    strays = 0
    while j >= 0 and strays <= _STRAY_TOKENS and not tok.lead:
        prev = tokens[j]
        head = prev.core.split("-")[0] if "-" in prev.core else prev.core
        ends_hyphen = (bool(prev.trail) and bool(HYPHENS.fullmatch(prev.trail))) or (
            "-" in prev.core and head.isalpha() and len(prev.core) - len(head) <= 2
        )
        if ends_hyphen and head.isalpha() and len(head) >= 2:
            joined = head.lower() + low
            if _common(doc, joined):
                return joined
            break
        letters = sum(ch.isalpha() for ch in prev.core)
        if letters > _STRAY_LETTERS:
            break
        strays += 1
        j -= 1
    # the piece before a hyphen: the next token's leading small letters complete it
    if tok.trail and HYPHENS.fullmatch(tok.trail) and tok.index + 1 < len(tokens):
        nxt = tokens[tok.index + 1]
        m = _LEADING_LETTERS.match(nxt.core)
        if m and not nxt.lead and m.group().islower() and len(m.group()) >= 2:
            joined = low + m.group()
            if _common(doc, joined):
                return joined
    return None


#: A word this frequent in English (wordfreq Zipf: 5 is ten times per million words) whose
#: form with a final s the dictionaries lack has no such form: ``that``, ``there``, ``them``,
#: ``anyone``, ``least``, ``about`` (all 5.4-7.0) are function words, and an s after them is
#: a mark the typewriter or the scan left (``thats`` for "that.", JFK dev). The stems of the
#: real plurals and cable possessives on dev run 1.6-4.6 (``surveillance`` 4.2, ``branch`` 4.6,
#: ``Guatemala`` 3.6, ``Montagnard`` 1.6): a frequent content word's plural is in the
#: dictionaries already and never reaches this test.
_PLURAL_MAX_STEM_ZIPF = 5.0
#: Stems that take no s: a verb's past (``DEPORTEDS``) or a word already ending in s
#: (``FOLLOWSS``): the s there is noise.
_NO_PLURAL_ENDINGS = ("s", "ed")


def plural_of(base: str, top: Candidate) -> bool:
    """Is ``base`` its top candidate plus a final s, a plural or a possessive (cables drop the
    apostrophe: ``OROZCOS BACKGROUND``) of a word that takes one? The dictionaries list few
    plurals of names, nationalities and rare nouns, and the dictionary path then proposes the
    stem (``surveillances`` → surveillance at 20 places of two 2018 FBI memos, ``Montagnards``,
    ``Palenques``, ``GUATEMALAS AMBASSADOR``: JFK dev, every one right as printed). A stem of
    four letters or more is asked, rarer than ``_PLURAL_MAX_STEM_ZIPF`` and not ending in
    ``_NO_PLURAL_ENDINGS``. ``unworthy`` asks it only of a capitalised word (a name's plural or
    possessive) or of a form the document repeats: a lowercase one read once is as often an
    adjective or a mass noun with an s the scan added (``uncomfortables``, ``agricultures``,
    JFK dev, both right fixes). The price on the judged dev proposals: ``Vietnameses`` (a
    nationality's plural is the word itself) → Vietnamese, right, is left too.

    >>> from pipeline.stages.correct.channel import align
    >>> def top(w: str) -> Candidate:
    ...     return Candidate(w, None, "English dictionary", align(w + "s", w))
    >>> plural_of("surveillances", top("surveillance")), plural_of("OROZCOS", top("orozco"))
    (True, True)
    >>> plural_of("thats", top("that")), plural_of("DEPORTEDS", top("deported"))
    (False, False)
    """
    low = base.lower()
    stem = top.text.lower()
    if not low.endswith("s") or low[:-1] != stem or len(stem) < 4:
        return False
    if stem.endswith(_NO_PLURAL_ENDINGS) or not stem.isalpha():
        return False
    return _zipf()(stem, "en", wordlist="large") < _PLURAL_MAX_STEM_ZIPF


def _common(doc: Doc, word: str) -> bool:
    """Is ``word`` an English word at least ``apply_min_count`` common?"""
    lex = doc.lexicon
    return lex.is_english(word) and lex.count(word) >= doc.config.apply_min_count


def recurring_name(doc: Doc, base: str, top: Candidate) -> bool:
    """A capitalised word written the same way at least twice in the document while its top
    candidate occurs nowhere in it, by more than an OCR confusion: a name the dictionaries lack
    (``Lebeder`` Institute), not a misreading OCR repeated (``Subjeat`` beside ``Subject``)."""
    return doc.forms.get(base.lower(), 0) >= 2 and not top.in_doc and not top.alignment.ocr_only


def repeated_code(doc: Doc, base: str, top: Candidate) -> bool:
    """An all-caps word the document writes the same way at least twice, whose top candidate
    is a code of the lexicon (written in capitals) that occurs nowhere in the document, by more
    than an OCR confusion: ``recurring_name``'s test for a word whose candidate is a code. A
    cable's cryptonym or office code the lexicon lacks (JFK dev, 2018__104-10227-10044: the
    cryptonym ``AMBUD``, ``AMBUD-1``, written five times, was proposed as the lexicon's ABUD at
    every place) is the document's own word; a misreading OCR repeats of a code the document
    also writes right, or by an OCR confusion (``DISSEH``), stays proposed."""
    written = top.written
    if written is None or not written.isupper():
        return False
    return recurring_name(doc, base, top)


def known_name(doc: Doc, base: str, top: Candidate, probability: Callable[[], float]) -> bool:
    """A capitalised word that English text uses (wordfreq's English list knows it, at any
    frequency: ``Beeston``, ``Broughton``, ``Breen``, ``Leete``), which the document repeats by
    more than an OCR confusion of its candidate, or whose top candidate the calibrated model
    gives less than ``propose_min_probability``: a surname or a place, not a misreading. On
    BLN600 dev every such proposal (25 of 2,720) was wrong; the typewriter's misreadings a
    FOIA release repeats (``Subjeot``, ``Mosoow``) are no word of English text, and a known
    form read once with a likely candidate (``Tbe``, ``Anerican``: OCR text is in wordfreq's
    sources too) stays proposed."""
    if _zipf()(base.lower(), "en", wordlist="large") <= 0:
        return False
    floor = doc.config.propose_min_probability
    recurs = doc.forms.get(base.lower(), 0) >= 2 and not top.alignment.ocr_only
    return recurs or (floor > 0 and probability() < floor)


def code_shaped(base: str, top: Candidate) -> bool:
    """An all-caps word made wholly of two or more cable morphemes (``CINCLANT``,
    ``USCINCEUR``, ``COMSUBPAC``) whose top candidate is more than an OCR confusion away."""
    word = base.upper()
    if top.alignment.ocr_only or not word.isalpha():
        return False
    return _morphemes(word) >= 2


def code_in_lowercase(base: str, top: Candidate) -> bool:
    """A word written small whose top candidate is a code the lexicon writes in capitals
    (``ofsce`` → OSCE, ``undas`` → UNCLAS): OCR misreads letters, not the case of a whole word,
    so a small word is a misread small word, not a code. On BLN600 dev (first 200 documents)
    none of 4 such proposals was right (``kirrf`` → KIRF for king, ``mardr`` → MARR for
    murder); no JFK dev file has one.

    >>> from pipeline.stages.correct.channel import align
    >>> top = Candidate("osce", "OSCE", "domain lexicon", align("ofsce", "osce"))
    >>> code_in_lowercase("ofsce", top), code_in_lowercase("OFSCE", top)
    (True, False)
    """
    written = top.written
    return written is not None and len(written) > 1 and written.isupper() and base.islower()


def _morphemes(word: str) -> int:
    """How many cable morphemes ``word`` splits into (fewest; 0 when it does not split)."""
    best = {0: 0}
    for i in range(len(word)):
        if i not in best:
            continue
        for m in _CODE_MORPHEMES:
            if word.startswith(m, i):
                j = i + len(m)
                best[j] = min(best.get(j, 99), best[i] + 1)
    return best.get(len(word), 0)


def foreign(doc: Doc, tok: Token, base: str, top: Candidate) -> bool:
    """A capitalised word (``unworthy`` asks only for ``NAME`` and ``INITIAL``: a name's place)
    common in Spanish, French, German, Italian or Portuguese and rare in English, whose top
    candidate is more than one edit away (``Departamento`` Zelaya, ``Avenida``
    Reforma). Lowercase words in English lines are never judged foreign: ``plage`` for
    ``place`` is an OCR error there."""
    if top.alignment.ocr_only or top.alignment.cost <= EDIT_COST:
        return False  # one edit from an English word (``Privare``): as likely a misreading
    low = base.lower()
    zipf = _zipf()
    if zipf(low, "en", wordlist="small") > 0:
        return False
    return any(
        zipf(low, lang, wordlist="small") >= _FOREIGN_MIN_ZIPF for lang in _FOREIGN_LANGUAGES
    )


@cache
def _zipf() -> Callable[..., float]:
    """``wordfreq.zipf_frequency``, imported on first use: wordfreq reads each language's list
    when first asked, so documents with no capitalised unknown word never load one."""
    from wordfreq import zipf_frequency

    return zipf_frequency


def preload() -> None:
    """Read now the wordfreq lists this module otherwise reads on first use: English (large,
    for a capitalised word; small) and the foreign languages (small). Values are unchanged;
    ``correct.dictionary.preload`` calls it so benchmarks time the stage without the loads."""
    zipf = _zipf()
    zipf("the", "en", wordlist="large")
    for lang in ("en", *_FOREIGN_LANGUAGES):
        zipf("the", lang, wordlist="small")
