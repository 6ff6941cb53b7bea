"""OCR case confusions: a word whose letters are right but whose case OCR got wrong.

Tesseract on a degraded scan reads a small letter whose capital has the same shape bigger
(c o s u v w x z) in the wrong case: ``succeSs``, ``WaShington``, ``tO``; in all-caps cables
``TwO``, ``couLD``. And a common word can come out capitalised mid-sentence (``Cannot``,
``political Situation in``). Lower-cased, these are English words, which the dictionary path
skips, so they are caught here by shape first, before it.
"""

from __future__ import annotations

import logging
from collections import Counter
from functools import lru_cache

from pipeline.core.results import APPLIED, PROPOSED, Correction
from pipeline.stages.correct.candidates import Candidate
from pipeline.stages.correct.channel import (
    CASE_TWINS,
    OCR_COST,
    Alignment,
    case_edits,
    case_reading,
)
from pipeline.stages.correct.decide import damaged_neighbours
from pipeline.stages.correct.document import Doc, caps_context, sentence_start
from pipeline.stages.correct.rank import context_prob, neighbour
from pipeline.stages.correct.records import leave, record
from pipeline.stages.correct.tokens import Token
from pipeline.stages.correct.worth import Unworthy

log = logging.getLogger(__name__)

# Closed-class words with a shape-twin initial: capitalised mid-sentence, between small words,
# and nowhere else capitalised in the batch, such a word is an OCR case confusion (``Cannot``,
# ``Over``, ``Such``), applied; content words (``Situation``, ``Statement``) may be a title or a
# name and are proposed. Words that are also given names (``Will``) or all-caps words when every
# letter is a twin (``Us``/``US``, ``So``/``SO``) are left out.
_CASE_FUNCTION_WORDS = frozenset(
    [
        "can",
        "cannot",
        "could",
        "of",
        "off",
        "on",
        "once",
        "only",
        "onto",
        "or",
        "other",
        "others",
        "otherwise",
        "ought",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "several",
        "shall",
        "she",
        "should",
        "since",
        "some",
        "somewhat",
        "such",
        "under",
        "unless",
        "until",
        "upon",
        "very",
        "via",
        "was",
        "we",
        "were",
        "what",
        "whatever",
        "when",
        "whenever",
        "where",
        "whereas",
        "whether",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "with",
        "within",
        "without",
        "would",
    ]
)


# Closed-class words that open sentences and clauses (``She said``, ``When the``, ``On the
# evening``): written capitalised mid-sentence, a lost full stop is as likely as a misread
# capital (BLN600 dev: most such changes were wrong), so they are left as written.
_SENTENCE_OPENERS = frozenset(
    [
        "on",
        "once",
        "only",
        "other",
        "others",
        "otherwise",
        "our",
        "several",
        "she",
        "since",
        "so",
        "some",
        "such",
        "under",
        "unless",
        "until",
        "upon",
        "we",
        "what",
        "whatever",
        "when",
        "whenever",
        "where",
        "whereas",
        "whether",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "with",
        "within",
        "without",
    ]
)


def case_confusion(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """``succeSs`` → ``success``, ``WaShington`` → ``Washington``; ``TwO`` → ``TWO`` in caps."""
    core = tok.core
    if len(core) < 2 or core.isupper():
        return None
    if core.islower() or core[1:].islower():
        # a small or capitalised word: a confusion only in all-caps text, all its small letters
        # twins (``us``, ``Two``)
        small = core if core.islower() else core[1:]
        if not CASE_TWINS.issuperset(small) or not caps_context(doc, tok):
            return None
        caps_text = True
    else:
        small = "".join(ch for ch in core if ch.islower())
        if not small or not core.replace("'", "").replace("’", "").isalpha():
            return None
        caps_text = caps_context(doc, tok)
    reading = case_reading(core, caps_text)
    if reading is None:
        return None
    lex = doc.lexicon
    cfg = doc.config
    possessive = len(reading) > 3 and reading[-2] in "'’" and reading[-1] in "sS"
    base = reading[:-2] if possessive else reading
    seen = core[: len(base)]
    low = base.lower()
    alt = None
    if caps_text:
        english = lex.is_english(low)
        if not (english or lex.protects(base) is not None):
            return None
        # ``Ro``, ``Jo`` in a caps line are more often OCR debris than RO and JO: a short word
        # with one capital is upper-cased only into a very common word (``To``, ``oF``)
        if (
            len(base) < cfg.apply_min_length_ocr
            and sum(ch.isupper() for ch in seen) < 2
            and (not english or lex.count(low) < cfg.short_min_count)
        ):
            return None
    elif base != seen:
        if lex.protects(seen) == "user lexicon":
            return None  # a reviewer confirmed this word in some case: not for us to recase
        entry = lex.entry(seen)
        if entry is not None and entry.written == seen:
            return None  # the lexicon's own spelling (``McCain``, ``LaSalle``)
        code = entry is not None and any(ch.isupper() for ch in entry.written[1:])
        if base[0].isupper():
            # ``PolOff`` is POLOFF, not "Poloff"; ``WaShington`` is the lexicon's Washington
            known = lex.is_english(low) and not code
            known = known or (entry is not None and entry.written == base)
        else:
            known = lex.is_english(low) and not lex.is_proper_noun(low)
        if not known:
            return None
        if all(ch in CASE_TWINS for ch in small):
            # every small letter a twin: an all-caps word misread letter by letter is as likely
            upper = seen.upper()
            if lex.is_english(upper.lower()) or lex.protects(upper) is not None:
                alt = upper + core[len(seen) :]
    if not caps_text and _twin_initial_mid_sentence(doc, tok, base):
        # ``to, SayS that`` → says: the initial is the same shape-twin the inner capitals are,
        # and the word stands where the batch writes it small
        reading = low + reading[len(base) :]
        base = low
    conf = doc.locator.conf(tok.start, tok.end)
    short = len(base) < cfg.apply_min_length_ocr
    english = lex.is_english(low)
    vocab = doc.vocabulary
    why = ""
    if conf is not None and conf < cfg.case_min_conf:
        if short:
            return None  # OCR noise (``eS``, ``oF`` read at 0-35), not a word to fix
        why = f"OCR was unsure of the word (confidence {conf:.0f}): more than its case may be wrong"
    elif alt is not None:
        why = f"{alt!r} is as likely"
    elif short and base[0].isupper() and not caps_text:
        why = "a short capitalised word may be an abbreviation (DoS, CoS)"
    elif caps_text and seen[0].isupper() and seen[1:].islower():
        # Never seen misread in the benchmark, and caps lines hold mixed-case labels (``Copy No``)
        why = "a capitalised word in all-caps text may be a label or an abbreviation (Copy No)"
    elif english and lex.count(low) < cfg.apply_min_count:
        why = "rare word"
    elif short and english and not caps_text and lex.count(low) < cfg.short_min_count:
        why = "short word"
    elif vocab is not None and vocab.mixed_docs[core] >= cfg.established_min_docs:
        why = f"'{core}' recurs in {vocab.mixed_docs[core]} documents of the batch"
    elif caps_text and not (
        _common_long_word(doc, low)
        or _pairs_in_place(doc, tok, low)
        or (not english and _code_written(doc, tok, base))
    ):
        why = CAPS_UNCORROBORATED
    ranked = [(reading, 1.0)] if alt is None else [(reading, 0.5), (alt, 0.5)]
    notes = ["in all-caps text"] if caps_text else []
    return _case_record(doc, tok, reading, ranked, why, notes, occurrences)


def fragment_left(doc: Doc, tok: Token, corr: Correction) -> bool:
    """Is ``corr``, ``case_confusion``'s record for ``tok`` (after ``decide.confirm_path``), a
    proposal for a mixed-case fragment of fewer than ``apply_min_length_ocr`` letters outside
    all-caps text (``aS``, ``iS``, ``HiS``, ``StS``, ``sO``), with an unknown word among its
    neighbours (``decide.damaged_neighbours``: the OCR around it is damaged too) or a rare word
    for its reading (``eS`` → es, ``tS`` → ts: no likelier a word than the fragment)? Then it is
    left, in ``left.jsonl`` (``Unworthy.CASE_FRAGMENT``), not proposed, and True comes back.

    Why: on the judged JFK dev proposals (``bench/labels/proposals-dev.tsv``) every one of the
    seven such proposals stood where the paper cannot be read from the OCR (``Abe i in aS
    peperyou``, ``Nutieta 1 Sedeps StS o Sas``, ``the HiS or the On``); the right case
    confusions of short words were all in all-caps text (``To``, ``oF``, ``FoR``). With OCR
    confidences, such fragments read under ``case_min_conf`` are not even proposed
    (``case_confusion``); a text input has no confidence to tell them by. An application
    stands: only a proposal, which a person would have to read, is left. With
    ``CorrectConfig.propose_worth`` off, nothing is left."""
    core = tok.core
    cfg = doc.config
    if not cfg.propose_worth or corr.decision != PROPOSED or len(core) >= cfg.apply_min_length_ocr:
        return False
    if core.islower() or core[1:].islower() or core.isupper() or caps_context(doc, tok):
        return False
    rare = doc.lexicon.count(corr.replacement.lower()) < cfg.apply_min_count
    if not rare and not damaged_neighbours(doc, tok):
        return False  # among words (``He saw uS and MrS. Smith``) the word may well be one
    why = Unworthy.CASE_FRAGMENT
    leave(doc, tok, core, corr.replacement, 0.0, why.name.lower(), str(why))
    return True


#: Why a case confusion in all-caps text is proposed when its neighbours do not support it.
CAPS_UNCORROBORATED = (
    "small letters amid all-caps text are a sign of damaged letters, and neither the "
    "neighbouring words nor the document's own usage support the word at this place"
)


#: The fewest letters of an English word whose case-folded reading in all-caps text stands on
#: its letters alone: a damaged token that folds into a common word this long is no chance
#: match (JFK dev: ``CONSULATEs``, ``scHooLs``, ``soURCE`` right; the wrong ones were shorter:
#: ``cONF`` of CONFIDENTIAL, ``MANs`` of CHAIRMAN'S, a name ``DoW``).
CAPS_CLEAN_MIN_LENGTH = 5


def _common_long_word(doc: Doc, low: str) -> bool:
    """Is ``low`` an English word (not a name) of ``CAPS_CLEAN_MIN_LENGTH`` letters or more?"""
    lex = doc.lexicon
    return len(low) >= CAPS_CLEAN_MIN_LENGTH and lex.is_english(low) and not lex.is_proper_noun(low)


def _pairs_in_place(doc: Doc, tok: Token, low: str) -> bool:
    """Do the neighbour models support ``low`` (the case-folded reading of ``tok``) where it
    stands: a known pair (the shipped bigrams, or the State and batch context:
    ``rank.context_prob``) with the word before or the word after?

    Why: in all-caps text a case change rests on nothing but the word's shape, and small
    letters inside a caps word are themselves a sign that OCR damaged the letters; where OCR
    lost or merged a word there (``LoNDoN`` where the page has another word), the case-folded
    token is a known word that no neighbour writes beside it. One side is enough: at a line's
    or a page's end the other neighbour is often OCR debris or missing (``EXCHANGE oF`` before
    a blank line, JFK dev); both sides held back right changes there."""
    lex = doc.lexicon
    prev_low = neighbour(doc, tok.index, -1)
    if prev_low is not None and (
        lex.bigram(prev_low, low) > 0 or context_prob(doc, prev_low, low) is not None
    ):
        return True
    next_low = neighbour(doc, tok.index, +1)
    return next_low is not None and (
        lex.bigram(low, next_low) > 0 or context_prob(doc, low, next_low) is not None
    )


def _code_written(doc: Doc, tok: Token, base: str) -> bool:
    """Is ``base`` (a code or name the lexicon protects, no English word, all caps) written so
    elsewhere in the document, and is ``tok`` one letter's case from it (``uSG`` where the cable
    writes USG)? The neighbour models know no codes: the document's own usage stands for them,
    for a single case confusion, not a scatter of them."""
    if sum(ch.islower() for ch in tok.core[: len(base)]) != 1:
        return False
    return any(t.core == base for t in doc.tokens if t.index != tok.index)


def initial_capital(doc: Doc, tok: Token, occurrences: Counter[str]) -> Correction | None:
    """``political Situation in`` → ``situation``: a common word capitalised mid-sentence, with a
    shape-twin initial, between small words, written small elsewhere in the batch and nowhere
    else capitalised mid-sentence. Closed-class words are applied, the rest proposed (a title
    or a name may stand there: ``the Court``)."""
    core = tok.core
    if (
        len(core) < 2
        or not core[0].isupper()
        or core[0].lower() not in CASE_TWINS
        or not core[1:].islower()
        or not core.isalpha()
    ):
        return None
    low = tok.low
    lex = doc.lexicon
    if not lex.is_english(low) or lex.is_proper_noun(low):
        return None
    if sentence_start(doc, tok) or caps_context(doc, tok):
        return None
    if lex.is_person_name(core):
        return None  # ``Will``, ``Strobe``: a name the lexicon knows
    prev = doc.tokens[tok.index - 1]
    if not prev.core[:1].islower():
        return None  # after ``U.S.``, a number or a capitalised word: a title may run on
    if prev.trail or tok.lead:
        # ``the negative, She asked``: a full stop OCR read as a comma (or a speck) is as
        # likely as a capital misread; after punctuation a capital may start a sentence.
        return None
    if after_paragraph_end(doc, tok):
        return None  # ``who did it⏎Was the prisoner there?``: the full stop lost at a line's end
    following = doc.tokens[tok.index + 1] if tok.index + 1 < len(doc.tokens) else None
    if not tok.trail and following is not None and following.core[:1].isupper():
        return None  # ``Security Council``, ``Status Bill``
    if _piece_of_split_word(doc, tok):
        return None  # ``Memo of Under standing``: the capital belongs to the whole word
    if _in_title_phrase(doc, tok):
        return None  # ``Chief of Customs``, ``the Voice of Cuba``
    vocab = doc.vocabulary
    title = (vocab.title_mid if vocab is not None else doc.title_mid)[core]
    lower = (vocab.lower_forms if vocab is not None else doc.lower_forms)[low]
    function_word = low in _CASE_FUNCTION_WORDS
    # The same misreading can happen twice in a batch (``Cannot``): a closed-class word may be
    # capitalised a second time when it is written small at least twice as often.
    if lower == 0 or (title > 1 and not (function_word and 2 * title <= lower)):
        return None
    cfg = doc.config
    conf = doc.locator.conf(tok.start, tok.end)
    alt = None
    if all(ch in CASE_TWINS for ch in low) and lex.protects(core.upper()) is not None:
        alt = core.upper()  # ``So`` may be SO, ``Us`` US
    if alt is not None:
        why = f"{alt!r} is as likely"
    elif not function_word:
        # Not proposed: on BLN600 dev (first 200 documents) 7 of 15 such proposals were right,
        # two screens per fix, and on the JFK dev files none of 3 (``Chief of Customs``,
        # ``Column at right``); a capital costs neither search nor reading. Left, in left.jsonl.
        why = str(Unworthy.TITLE_CASE)
        leave(doc, tok, core, low, 0.0, Unworthy.TITLE_CASE.name.lower(), why)
        return None
    elif low in _SENTENCE_OPENERS:
        # Not even proposed: on BLN600 dev 4 of 16 such proposals were right (issue 15:
        # "sentence-initial capitals kept"; a proposal wrong three times in four is no key's worth).
        return None
    elif conf is not None and conf < cfg.case_min_conf:
        why = f"OCR was unsure of the word (confidence {conf:.0f})"
    else:
        why = ""
    where = "the batch" if vocab is not None else "this document"
    elsewhere = "nowhere else" if title <= 1 else f"{title} times against {lower} written small"
    notes = [
        f"capitalised mid-sentence between small words; '{low}' is written small elsewhere in "
        f"{where}, '{core}' {elsewhere} mid-sentence"
    ]
    ranked = [(low, 1.0)] if alt is None else [(low, 0.5), (alt, 0.5)]
    return _case_record(doc, tok, low, ranked, why, notes, occurrences)


_TITLE_LINKS = frozenset(["of", "for", "and", "on", "de"])


#: A line shorter than this share of its document's long lines (``_long_line``) ends a
#: paragraph: a line wrapped in the middle of a sentence runs (nearly) to the column's edge.
PARAGRAPH_END_SHARE = 0.6
#: Documents with fewer lines than this have no measure of a long line.
PARAGRAPH_MIN_LINES = 4


@lru_cache(maxsize=8)
def _long_line(text: str) -> int | None:
    r"""The length in characters of ``text``'s long lines (the 90th percentile of its non-blank
    lines, form feeds counted as line breaks), or None with fewer than
    ``PARAGRAPH_MIN_LINES`` of them.

    >>> _long_line("a b c\nabcdefghij\nabc\nabcdefghi"), _long_line("one\ntwo")
    (10, None)
    """
    lengths = sorted(len(ln.strip()) for ln in text.replace("\f", "\n").split("\n"))
    lengths = [n for n in lengths if n]
    if len(lengths) < PARAGRAPH_MIN_LINES:
        return None
    return lengths[min(len(lengths) - 1, int(0.9 * len(lengths)))]


def after_paragraph_end(doc: Doc, tok: Token) -> bool:
    """Is ``tok`` the first word of a line whose line before is short (under
    ``PARAGRAPH_END_SHARE`` of the document's long lines): a paragraph's end, so ``tok`` begins
    a sentence whose full stop OCR lost (``who did it⏎Was the prisoner there?``)? A line
    wrapped mid-sentence runs to the column's edge; False where the document has no measure
    (``_long_line``) or ``tok`` is not first on its line."""
    if tok.index == 0:
        return False
    prev = doc.tokens[tok.index - 1]
    if prev.line == tok.line:
        return False
    long_line = _long_line(doc.text)
    if long_line is None:
        return False
    text = doc.text
    begin = max(text.rfind("\n", 0, prev.start), text.rfind("\f", 0, prev.start)) + 1
    end = prev.end + len(prev.trail)
    return end - begin < PARAGRAPH_END_SHARE * long_line


def _twin_initial_mid_sentence(doc: Doc, tok: Token, base: str) -> bool:
    """Is ``base`` (``tok``'s reading with its inner case confusions undone, ``Says`` for
    ``SayS``) capitalised only by a shape-twin initial (``CASE_TWINS``) where a small word
    stands: a common English word, no name, mid-sentence between small words (as
    ``initial_capital`` reads it, not after a paragraph's end, but a comma may stand between),
    written small elsewhere in the batch and nowhere else capitalised mid-sentence?"""
    if len(base) < 2 or not base[0].isupper() or base[0].lower() not in CASE_TWINS:
        return False
    if not base[1:].islower() or not base.isalpha() or tok.index == 0:
        return False
    low = base.lower()
    lex = doc.lexicon
    if not lex.is_english(low) or lex.is_proper_noun(low) or lex.is_person_name(base):
        return False
    if sentence_start(doc, tok) or caps_context(doc, tok) or _in_title_phrase(doc, tok):
        return False
    prev = doc.tokens[tok.index - 1]
    # After a comma too (unlike ``initial_capital``): the word is changed either way, and a
    # comma is far more often a comma than a full stop misread (``referred to, SayS that``)
    if prev.trail not in ("", ",") or not prev.core[:1].islower() or tok.lead:
        return False
    if after_paragraph_end(doc, tok):
        return False
    vocab = doc.vocabulary
    title = (vocab.title_mid if vocab is not None else doc.title_mid)[base]
    lower = (vocab.lower_forms if vocab is not None else doc.lower_forms)[low]
    return lower > 0 and title == 0


def _in_title_phrase(doc: Doc, tok: Token) -> bool:
    """Is ``tok`` joined to a capitalised word by ``of``/``for``/``and`` (``Chief of Customs``,
    ``Voice of Cuba``, ``Director for Support``)?"""
    i = tok.index
    tokens = doc.tokens
    if i >= 2 and tokens[i - 1].low in _TITLE_LINKS and not tokens[i - 1].lead:
        before = tokens[i - 2]
        if not before.trail and before.core[:1].isupper():
            return True
    if i + 2 < len(tokens) and not tok.trail and tokens[i + 1].low in _TITLE_LINKS:
        after = tokens[i + 2]
        if not tokens[i + 1].trail and after.core[:1].isupper():
            return True
    return False


def _piece_of_split_word(doc: Doc, tok: Token) -> bool:
    """Does ``tok`` make a known word with the word before or after it (OCR split it)?"""
    lex = doc.lexicon
    i = tok.index
    if i + 1 < len(doc.tokens) and not tok.trail:
        following = doc.tokens[i + 1]
        if not following.lead and following.core and lex.is_known(tok.low + following.low):
            return True
    if i > 0 and not tok.lead:
        before = doc.tokens[i - 1]
        if not before.trail and before.core and lex.is_known(before.low + tok.low):
            return True
    return False


def _case_record(
    doc: Doc,
    tok: Token,
    reading: str,
    ranked: list[tuple[str, float]],
    why: str,
    notes: list[str],
    occurrences: Counter[str],
) -> Correction:
    core = tok.core
    edits = case_edits(core, reading)
    cost = round(OCR_COST * len(edits), 4)
    cand = Candidate(reading.lower(), None, "OCR case confusion", Alignment(cost, edits))
    parts = ["OCR case confusion " + ", ".join(f"{e.seen}→{e.meant}" for e in edits), *notes]
    conf = doc.locator.conf(tok.start, tok.end)
    if conf is not None:
        parts.append(f"OCR confidence {conf:.0f}")
    decision = PROPOSED if why else APPLIED
    reason = f"{core} → {reading}: " + ", ".join(parts)
    if why:
        reason += f"; proposed, not applied: {why}"
    return record(doc, tok, tok.end, core, reading, ranked, decision, reason, cand, occurrences)
