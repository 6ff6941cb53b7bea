"""Apply, propose or leave: the policy that turns a ranked list into a decision.

The goal is precision (at most one wrong automatic change in a hundred). First the gates that
are policy, not evidence: words not worth a reviewer's time are left (too costly an edit, a rare
candidate, a short word that is no obvious misread, an unsupported proposal); short words, words
OCR was sure of, acronyms and near misses of lexicon names are only ever proposed. What is left
is weighed by the hand-set doubts (``_rules``: each known reason for doubt turns an application
into a proposal and names itself), whose applications the calibrated model must confirm (the
default, ``CorrectConfig.confirm``: below the model's fitted ``confirm`` probability the change
is proposed with the model's doubt named; on the development rows, cross-validated by document,
that raised the rules' precision from 0.967 to 0.980), or, with ``CorrectConfig.calibrated``,
by the calibrated model (``calibrate.py``): the margin, the edit, the context, the
frequencies, the signs of a broken word become one probability that the top candidate is right,
applied at the fitted threshold, else proposed with the weakest evidence named in the reason
sentence. The word's class (capitals mark names, which the development material has too few of
to calibrate) can still turn an application into a proposal, and so can a lost first letter
of a word usually capitalised (``_capital_unknown``: its case is unknown). The paths that apply
on their own evidence before the dictionary path (specks, joins, real-word and short-word
changes, case confusions in mixed-case text) are confirmed by the same model
(``confirm_path``), and no automatic change stands on a line that is mostly no words, nor on a
non-word in small letters amid all-caps text (``gate.garbage_gate``).
"""

from __future__ import annotations

import dataclasses
import logging
import math
import re
from collections.abc import Callable

from pipeline.core.enums import ApplyPath, CorrectionDecision, WordClass
from pipeline.core.results import APPLIED, PROPOSED, Correction
from pipeline.core.text import recase
from pipeline.stages.correct import calibrate, corroborate
from pipeline.stages.correct.batchread import batch_readings
from pipeline.stages.correct.candidates import Candidate
from pipeline.stages.correct.channel import EDIT_COST, OCR_COST, Alignment, Edit
from pipeline.stages.correct.document import Doc, word_class
from pipeline.stages.correct.rank import rank, with_chance
from pipeline.stages.correct.records import leave
from pipeline.stages.correct.tokens import HYPHENS, WORDISH, Token
from pipeline.stages.correct.worth import LEFT_UNPAIRED, LEFT_UNSUPPORTED, unworthy

log = logging.getLogger(__name__)

# Roman numerals (``XIV``), and characters that make a token a code, an address or a path.
_ROMAN = re.compile(r"^(?=[MDCLXVI])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$", re.I)
_PROTECTED_CHARS = re.compile(r"[/\\:@_=+&%$#<>\[\]{}]|\.\w|www|https?")
# Productive affixes: an unknown word that is a known word plus one of these is probably a real
# word the dictionary lacks (``re-negotiated``, ``Azerbaijanis``), not an OCR error.
_SUFFIXES = (
    "s", "es", "ed", "d", "ing", "ly", "er", "ers", "est", "ism", "isms", "ist", "ists", "ian",
    "ians", "ize", "ized", "izes", "ization", "ise", "ised", "ment", "ments", "ness", "able",
    "ability", "al", "ally", "ity", "ive", "ship", "hood", "wise", "ward", "i", "is",
)  # fmt: skip
_PREFIXES = (
    "un", "non", "re", "pre", "anti", "pro", "counter", "inter", "intra", "over", "under", "sub",
    "super", "co", "de", "dis", "mis", "ex", "post", "semi", "multi", "bi", "tri", "trans",
    "neo", "pseudo", "ultra", "mid", "pan", "quasi", "self", "vice",
)  # fmt: skip
# A word run together with one of these (``ofthe``, ``tobe``) is an OCR slip; two content
# words run together may be a closed compound (``drawnout``, ``stopgap``): proposed only.
_FUNCTION_WORDS = frozenset((
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or",
    "but", "as", "is", "be", "are", "was", "were", "it", "its", "that", "this", "he", "she",
    "they", "we", "you", "not",
))  # fmt: skip


def protected(doc: Doc, tok: Token, wclass: WordClass) -> str | None:
    """Why ``tok`` must not be changed by the dictionary path, or None: its class (an acronym,
    a mixed-case word), a code (a path, an address, a Roman numeral), or the dictionary that
    protects it (``Lexicon.protects``, also for a possessive's stem)."""
    core = tok.core
    if wclass in (WordClass.ACRONYM, WordClass.MIXED):
        return wclass
    if _PROTECTED_CHARS.search(core) or (_ROMAN.match(core) and wclass != WordClass.LOWER):
        return "code"
    why = doc.lexicon.protects(core)
    if why is None and core.lower().endswith(("'s", "’s")):
        why = doc.lexicon.protects(core[:-2])
    return why


def joins_previous(doc: Doc, tok: Token) -> str | None:
    """``clear ance``: the previous word and this one make a common word."""
    if tok.index == 0 or tok.lead:
        return None
    prev = doc.tokens[tok.index - 1]
    if prev.trail or doc.text[prev.end : tok.start] != " " or not WORDISH.match(prev.core):
        return None
    joined = prev.low + tok.low
    if doc.lexicon.is_english(joined) and doc.lexicon.count(joined) >= doc.config.apply_min_count:
        return joined
    return None


def damaged_neighbours(doc: Doc, tok: Token) -> int:
    """Unknown words among the two before and the two after: where OCR garbled the words
    around, a word one edit from a dictionary word is as likely a worse misreading of another."""
    lex = doc.lexicon
    n = 0
    for j in (tok.index - 2, tok.index - 1, tok.index + 1, tok.index + 2):
        if 0 <= j < len(doc.tokens):
            core = doc.tokens[j].core
            if len(core) >= 3 and WORDISH.match(core) and not lex.is_known(core):
                n += 1
    return n


def _derived(doc: Doc, low: str) -> bool:
    """Is ``low`` a known word plus a productive affix (a real word the dictionary lacks)?"""
    lex = doc.lexicon
    for suf in _SUFFIXES:
        if low.endswith(suf) and len(low) - len(suf) >= 4:
            stem = low[: -len(suf)]
            if lex.is_english(stem) or lex.is_english(stem + "e") or lex.protects(stem.title()):
                return True
    for pre in _PREFIXES:
        if low.startswith(pre) and len(low) - len(pre) >= 4:
            stem = low[len(pre) :].lstrip("-")
            if lex.is_english(stem):
                return True
    return False


def _leave(doc: Doc, tok: Token, base: str, top: Candidate, reason: str, why: str) -> None:
    """Count a word left alone under ``reason`` (``metadata.json`` ``corrections_left``) and
    keep it, with its place and best candidate, for ``left.jsonl``."""
    leave(doc, tok, base, top.written or recase(top.text, base), top.score, reason, why)


def batch_reads(doc: Doc, low: str, cand: str) -> bool:
    """Does the batch read the short form ``low`` as ``cand`` (lowercase) at a place whose two
    neighbours decide it, and as no other word more often (``batchread.batch_readings``)?
    False without a batch vocabulary."""
    vocab = doc.vocabulary
    if vocab is None:
        return False
    readings = batch_readings(vocab, doc.lexicon, doc.config.edit_weight, low)
    n = readings.get(cand, 0)
    return n > 0 and n == max(readings.values())


def decide(
    doc: Doc, tok: Token, base: str, wclass: WordClass, cands: list[Candidate]
) -> tuple[CorrectionDecision | None, str]:
    """``APPLIED``, ``PROPOSED`` or None (leave the word) for ``base`` (``tok``'s word without a
    possessive's ``'s``) given its ranked ``cands`` (best first, at least one), with the doubt
    that made it a proposal, for the reason sentence ("" when applied or left)."""
    cfg = doc.config
    top = cands[0]
    cost = top.alignment.cost
    english = top.written is None
    if cost > cfg.propose_max_cost:
        return None, ""
    if english and top.count < cfg.propose_min_count:
        return None, ""
    if (
        wclass == WordClass.NAME
        and english
        and top.count < cfg.name_propose_min_count
        and not top.in_doc
    ):
        return None, ""  # a name with a rare English neighbour: not worth a reviewer's time
    if wclass == WordClass.NAME and not english and cost > EDIT_COST:
        return None, ""
    low = base.lower()
    margin = top.score - cands[1].score if len(cands) > 1 else math.inf
    ocr_only = top.alignment.ocr_only
    letters = len(low)
    conf = doc.locator.conf(tok.start, tok.end)

    support = top.in_doc or top.bigram_support

    def propose(why: str) -> tuple[CorrectionDecision | None, str]:
        # A proposal nothing around the word supports has its top candidate right about one
        # time in four (BLN600 dev): not worth a reviewer's time.
        # A near miss of a lexicon name (``Ghukasyen``) is worth a look without it.
        if cfg.propose_needs_context and not support and english:
            _leave(doc, tok, base, top, LEFT_UNSUPPORTED, "nothing around the word supports it")
            return None, ""

        # Correct-but-unusual words and unlikely fixes (``worth``): left, the class logged.
        def probability() -> float:
            return _calibrated(doc, tok, base, wclass, cands, margin)[2]

        left = cfg.propose_worth and unworthy(
            doc, tok, base, wclass, cands, probability, joins_previous(doc, tok) is not None
        )
        if left:
            log.debug("left %r (%s): %s", base, top.text, left)
            _leave(doc, tok, base, top, left.name.lower(), str(left))
            return None, str(left)
        return PROPOSED, why

    short = letters < (cfg.apply_min_length_ocr if ocr_only else cfg.apply_min_length)
    if short or (wclass == WordClass.CAPS and letters < cfg.apply_min_length):
        # Short words: initials, codes and abbreviations abound; only an obvious misread of a
        # very common lowercase word is worth a reviewer's look (``tbe`` → ``the``).
        if (
            wclass not in (WordClass.LOWER, WordClass.INITIAL)
            or not ocr_only
            or top.count < cfg.short_min_count
        ):
            return None, ""
        in_doc_only = top.in_doc and not top.bigram_support
        if cfg.short_needs_pair and in_doc_only and not batch_reads(doc, low, top.text):
            # ``see``, ``who``, ``one`` occur in nearly every document: ``in_doc`` says nothing
            # for a fragment (``sce``, ``soe`` amid noise); a pair with a neighbour does, and so
            # does the batch reading the form as the candidate elsewhere (``ond``: and). With
            # no support at all, ``propose`` leaves it as before.
            why = "no neighbour makes a known pair with its candidate"
            _leave(doc, tok, base, top, LEFT_UNPAIRED, why)
            return None, ""
        return propose("short word")
    capital = _capital_unknown(doc, tok, base, top)
    if not cfg.calibrated:
        decision, why = _rules(doc, tok, base, wclass, cands, margin, support, propose)
        if decision == PROPOSED and why in corroborate.LIFTABLE and cfg.confirm:
            sure = _lift(doc, tok, base, wclass, cands, margin, support, why)
            if sure and not capital:
                return APPLIED, sure
        if decision != APPLIED or not cfg.confirm:
            return decision, why
        if capital:
            return propose(capital)
        if not english:
            # A lexicon name (``Nagorno-Karabkah``): the development rows hold two, too few for
            # the model to judge one; the rules' own name doubts stand.
            return APPLIED, "a lexicon name, which the calibrated model has too few rows to judge"
        if not support:
            # The rules apply a long word on the edit alone; on real FOIA OCR such changes were
            # right 3 times in 7 (issue 15) and the one wrong application on the labelled FOIA
            # dev set is one (a typist's own ``specificially``); the model's rows hold none.
            # Proposed, not left: on BLN600 dev the top candidate of such a change is right 57
            # times in 59, one key for a reviewer.
            return PROPOSED, "nothing around the word supports the change"
        # The hand-set doubts found none; the calibrated model must agree (``confirm``).
        model, x, p = _calibrated(doc, tok, base, wclass, cands, margin)
        if p < (needed := model.confirm_for(x)):
            return propose(f"{model.weakest(x)} (calibrated {p:.3f}, confirmed from "
                           f"{needed:.3f})")  # fmt: skip
        broken = corroborate.broken_word(x)
        if broken and p < corroborate.BROKEN_CONFIRM:
            return propose(f"{broken} (calibrated {p:.3f}, confirmed from "
                           f"{corroborate.BROKEN_CONFIRM:.3f} for such a word)")  # fmt: skip
        return APPLIED, f"no hand-set doubt, and the calibrated model agrees ({p:.3f})"
    # Policy, not evidence: these stay proposals whatever the calibrated model says. The model's
    # development material has no OCR confidences (text input), and a name one edit from a
    # lexicon name is as likely another name: the issue asks for those to be proposed.
    if conf is not None and conf >= cfg.high_conf and not ocr_only:
        return propose(f"OCR was sure of this reading (confidence {conf:.0f})")
    if not english and top.written and top.written.isupper() and letters < cfg.caps_min_length:
        return propose("acronyms one letter apart are often both real (OPEC, OAPEC)")
    if not english and not HYPHENS.search(top.text) and " " not in top.text:
        # ``Ghukasyen`` one letter from ``Ghukasyan``: only a compound name is specific enough.
        return propose("a name near a lexicon name may be another name")
    model, x, p = _calibrated(doc, tok, base, wclass, cands, margin)
    needed = model.threshold if cfg.apply_min_probability is None else cfg.apply_min_probability
    if p < needed:
        return propose(f"{model.weakest(x)} (calibrated {p:.3f}, applied from {needed:.3f})")
    agreed = f"context and edit agree (calibrated {p:.3f})"
    if capital:
        return propose(capital)
    # What the class of the word says on top of the evidence: capitals mark names, which the
    # development material has too few of to calibrate.
    if wclass == WordClass.LOWER:
        return APPLIED, agreed
    if wclass == WordClass.INITIAL:
        if letters >= cfg.caps_min_length or ocr_only or support:
            return APPLIED, agreed
        return propose("capitalised word at a sentence start, may be a name")
    if wclass == WordClass.CAPS:
        if top.in_doc or (support and (ocr_only or letters >= cfg.caps_min_length)):
            return APPLIED, agreed
        return propose("all-caps word, may be a name")
    if wclass == WordClass.NAME:
        if not english and (top.in_doc or letters >= cfg.long_name_length):
            return APPLIED, agreed
        if english and ocr_only and support and letters >= 6:
            return APPLIED, agreed
        return propose("capitalised word, may be a name")
    return None, ""


def _capital_unknown(doc: Doc, tok: Token, base: str, top: Candidate) -> str:
    """Why the case of ``top`` (the candidate for ``tok``, word ``base``) cannot be told, or "":
    the edit adds or replaces the first letter of a word read in small letters (``artin``,
    ``yrince``), so the replacement is written small, while the lost letter was as likely a
    capital: for a word English writes capitalised, or one the batch (this document, without
    one) writes capitalised mid-sentence more often than small (``artin`` for Martin,
    ``yrince`` for Prince). BLN600 dev: 3 such applications wrong but for their case, 1 right.
    Not at a sentence start: there 25 of 29 such changes were right (BLN600's passages open
    many a line with a word the tokenizer takes for a sentence start)."""
    target = top.text
    if not base[:1].islower() or " " in target or target[:1] == base[:1].lower():
        return ""
    vocab = doc.vocabulary
    title = (vocab.title_mid if vocab is not None else doc.title_mid)[target.title()]
    lower = (vocab.lower_forms if vocab is not None else doc.lower_forms)[target]
    if doc.lexicon.is_proper_noun(target) or title > lower:
        return (
            "the first letter was lost or misread, and the word is often capitalised "
            f"('{target.title()}'): a capital is as likely"
        )
    return ""


def chance(doc: Doc, tok: Token, base: str, wclass: WordClass, cands: list[Candidate]) -> float:
    """The calibrated probability (0-1, ``calibrate.py``) that the top of ranked ``cands`` is
    the right word for ``tok`` (word ``base``): a proposal's chance of being fixed in one key,
    by which the review queue orders proposals (``rank.with_chance``)."""
    margin = cands[0].score - cands[1].score if len(cands) > 1 else math.inf
    return _calibrated(doc, tok, base, wclass, cands, margin)[2]


def _calibrated(
    doc: Doc, tok: Token, base: str, wclass: WordClass, cands: list[Candidate], margin: float
) -> tuple[calibrate.Model, dict[str, float], float]:
    """The calibrated model, its features for the top of ``cands`` and the probability (0-1)
    that the top candidate is the right word (``calibrate.py``)."""
    low = base.lower()
    split = cands[0].text.split(" ")
    flags = {
        "margin": margin,
        # ``whereis`` is ``where`` + ``-is`` to the affix test, but a split that ends in a
        # function word explains it better than a derived word would.
        "derived": _derived(doc, low) and not (len(split) > 1 and split[-1] in _FUNCTION_WORDS),
        "joins_prev": joins_previous(doc, tok) is not None,
        "damaged": damaged_neighbours(doc, tok),
        "function_part": len(split) > 1 and any(w in _FUNCTION_WORDS for w in split),
        "by_rules": _by_rules(doc, tok, base, wclass, cands, margin),
    }
    model = calibrate.load()
    x = calibrate.features(doc, tok, base, wclass, cands, flags)
    return model, x, model.probability(x)


def confirm_path(doc: Doc, tok: Token, corr: Correction, path: ApplyPath) -> Correction:
    """``corr``, an application by a path other than the dictionary path (``path``: a speck
    removed, a join of two pieces, a real-word or short-word fix, a case confusion), kept when
    the calibrated model confirms it
    and otherwise made a proposal that names the model's doubt. ``tok`` is the token the record
    starts at, or the second piece of a join that starts one token earlier. The threshold is the
    model's ``confirm`` (the default policy) or its apply threshold (``--apply calibrated``);
    with ``--apply rules``, and for a proposal, ``corr`` comes back unchanged.

    Why: these paths decide on their own evidence (a shape, a known pair), and on BLN600 dev
    about 32 of the wrong applications came from them; the model sees each with its path as a
    feature, fitted on the same judged rows as the dictionary path (``bench/calibrate.py``)."""
    cfg = doc.config
    if corr.decision != APPLIED or not (cfg.calibrated or cfg.confirm):
        return corr
    model, x, p = path_probability(doc, tok, corr, path)
    if cfg.calibrated:
        needed = model.threshold if cfg.apply_min_probability is None else cfg.apply_min_probability
    else:
        needed = model.confirm_for(x)
    if p >= needed:
        return dataclasses.replace(corr, reason=f"{corr.reason}; the calibrated model agrees "
                                   f"({p:.3f})")  # fmt: skip
    probs = with_chance([pr for _, pr in corr.candidates], p)
    return dataclasses.replace(
        corr,
        decision=PROPOSED,
        candidates=tuple((c, pr) for (c, _), pr in zip(corr.candidates, probs, strict=True)),
        reason=f"{corr.reason}; proposed, not applied: {model.weakest(x)} (calibrated {p:.3f}, "
        f"confirmed from {needed:.3f})",
    )


#: A possessive ending, left out when a path's replacement is looked up (``Secretary's``).
_POSSESSIVE = re.compile(r"['’]s$")

#: How many of ``doc.tokens`` a path's record covers (1 when not named): the ranking reads the
#: word after the last of them as the right neighbour.
_PATH_TOKENS = {
    ApplyPath.JOIN: 2,
    ApplyPath.THIN: 2,
    ApplyPath.MISREAD: 2,
    ApplyPath.FRAGMENT: 3,
}


def path_probability(
    doc: Doc, tok: Token, corr: Correction, path: ApplyPath
) -> tuple[calibrate.Model, dict[str, float], float]:
    """The calibrated model, its features and the probability (0-1) that ``corr``, made by
    ``path`` (see ``confirm_path``), is right: the change is the one candidate, its edit one
    of the path's kind, its context read as the dictionary path's would be."""
    # The token the record's word starts at: a join's record starts at the piece before
    # ``tok``; a quote's at the quote itself, one character before its token's (empty) core.
    first = doc.tokens[tok.index - 1] if path == ApplyPath.JOIN else tok
    pieces = _PATH_TOKENS.get(path, 1)
    if pieces > 1:
        base = re.sub(r"[\s\-‐‑–—.,]", "", corr.original)
        span = dataclasses.replace(
            first, start=corr.start, end=corr.end, core=corr.original, low=base.lower()
        )
    else:
        base = first.core
        span = dataclasses.replace(first, start=corr.start)
    text = corr.replacement.lower()
    words = text.split(" ")
    lex = doc.lexicon
    edit = Edit(path.value, corr.original, corr.replacement)
    cand = Candidate(
        text,
        None,
        path.value,
        Alignment(EDIT_COST if pieces > 1 else OCR_COST, (edit,)),
        count=min(lex.count(_POSSESSIVE.sub("", w)) for w in words),
        tokens=pieces,
    )
    rank(doc, span, [cand])
    # The speck's own mark hides the next word from the ranking; the path asked for a known
    # pair with it (``structure``), which ``calibrate.features`` reads past the mark.
    cand.bigram_support = cand.bigram_support or path == ApplyPath.SPECK
    flags = {
        "margin": math.inf,
        "derived": False,
        "joins_prev": joins_previous(doc, first) is not None,
        "damaged": damaged_neighbours(doc, first),
        "function_part": len(words) > 1 and any(w in _FUNCTION_WORDS for w in words),
        "by_rules": True,
        "path": path,
    }
    model = calibrate.load()
    x = calibrate.features(doc, span, base, word_class(doc, first), [cand], flags)
    return model, x, model.probability(x)


def _by_rules(
    doc: Doc, tok: Token, base: str, wclass: WordClass, cands: list[Candidate], margin: float
) -> bool:
    """Would the hand-set doubts (``_rules``) apply the top candidate? One feature of the
    calibrated model: each doubt names a class of wrong change seen on development material."""
    top = cands[0]
    support = top.in_doc or top.bigram_support
    return _rules(doc, tok, base, wclass, cands, margin, support, _held)[0] == APPLIED


def _rules(
    doc: Doc,
    tok: Token,
    base: str,
    wclass: WordClass,
    cands: list[Candidate],
    margin: float,
    support: bool,
    propose: Callable[[str], tuple[CorrectionDecision | None, str]],
    waived: frozenset[str] = frozenset(),
) -> tuple[CorrectionDecision | None, str]:
    """The hand-set doubts (``config.calibrated`` off): every known reason for doubt turns an
    application into a proposal and names itself; those in ``waived`` (``corroborate``'s
    doubts the evidence lifted) are passed over."""
    cfg = doc.config
    top = cands[0]
    cost = top.alignment.cost
    english = top.written is None
    low = base.lower()
    ocr_only = top.alignment.ocr_only
    letters = len(low)
    conf = doc.locator.conf(tok.start, tok.end)
    if cost > cfg.apply_max_cost and corroborate.COST_DOUBT not in waived:
        return propose(corroborate.COST_DOUBT)
    if margin < cfg.apply_min_margin:
        return propose(f"{cands[1].text!r} is nearly as likely")
    if english and top.count < cfg.apply_min_count:
        return propose("rare word")
    if conf is not None and conf >= cfg.high_conf and not ocr_only:
        return propose(f"OCR was sure of this reading (confidence {conf:.0f})")
    vocab = doc.vocabulary
    split = top.text.split(" ")
    slip = len(split) > 1 and any(w in _FUNCTION_WORDS for w in split)
    if vocab is not None and vocab.established(low, cfg, rival=top.text) and not slip:
        # A function word run on into the next (``ofthe``, ``hehad``) is OCR's slip however
        # often it recurs (BLN600 dev: 18 such proposals, every one right).
        return propose(f"'{base}' recurs in {vocab.docs[low]} documents of the batch")
    if not english and top.written and top.written.isupper() and letters < cfg.caps_min_length:
        return propose("acronyms one letter apart are often both real (OPEC, OAPEC)")
    derived = _derived(doc, low) and not (len(split) > 1 and split[-1] in _FUNCTION_WORDS)
    if derived and corroborate.DERIVED_DOUBT not in waived:
        # ``whereis`` is ``where`` + ``-is`` to the affix test, but a split that ends in a
        # function word explains it better than a derived word would.
        return propose(corroborate.DERIVED_DOUBT)
    if top.tokens == 2 and doc.lexicon.is_english(doc.tokens[tok.index + 1].low):
        return propose("the second part is a word on its own")
    if top.text.count(" ") and (
        wclass != WordClass.LOWER or not any(w in _FUNCTION_WORDS for w in top.text.split(" "))
    ):
        return propose("may be a closed compound (drawnout)")
    if calibrate.word_dropped(low, top.text):
        # ``aconstable`` → ``constable`` loses the article: the words were run together
        # (BLN600 dev: 6 such changes applied by these rules, every one wrong).
        return propose(f"the dropped '{low[0] if top.text == low[1:] else low[-1]}' may be a "
                       "word run together with this one")  # fmt: skip
    joined = joins_previous(doc, tok)
    if joined is not None:
        return propose(f"may be the end of a split word ({joined!r})")
    damaged = damaged_neighbours(doc, tok)
    if damaged >= cfg.max_damaged_neighbours and not cfg.confirm:
        # Confirmed by the model (the default), which weighs the damage as one feature among
        # the rest: BLN600 dev, 151 of the 152 supported changes this doubt held back were right.
        return propose(f"{damaged} of the neighbouring words are damaged too")
    if not english and not HYPHENS.search(top.text) and " " not in top.text:
        # ``Ghukasyen`` one letter from ``Ghukasyan``: a name one edit from a lexicon name is
        # as likely another person's or place's; only a compound name is specific enough.
        return propose("a name near a lexicon name may be another name")
    if cfg.apply_needs_context and not support and letters < cfg.apply_alone_min_length:
        # On real OCR, changes backed only by the edit were right 3 times in 7, those the
        # neighbouring words back 14 in 14 (issue 15): the edit alone is not enough, but for a
        # long word, which has few neighbours one edit away.
        return propose("nothing around the word supports the change")
    if wclass == WordClass.LOWER:
        return APPLIED, ""
    if wclass == WordClass.INITIAL:
        if letters >= cfg.caps_min_length or ocr_only or support:
            return APPLIED, ""
        return propose("capitalised word at a sentence start, may be a name")
    if wclass == WordClass.CAPS:
        if top.in_doc or (support and (ocr_only or letters >= cfg.caps_min_length)):
            return APPLIED, ""
        return propose("all-caps word, may be a name")
    if wclass == WordClass.NAME:
        if not english and (top.in_doc or letters >= cfg.long_name_length):
            return APPLIED, ""
        if (english and ocr_only and support and letters >= 6) or (
            corroborate.NAME_DOUBT in waived
        ):
            return APPLIED, ""
        return propose(corroborate.NAME_DOUBT)
    return None, ""


def _lift(
    doc: Doc,
    tok: Token,
    base: str,
    wclass: WordClass,
    cands: list[Candidate],
    margin: float,
    support: bool,
    doubt: str,
) -> str:
    """Why the hand-set ``doubt`` about the top of ``cands`` is lifted and the change applied
    (``corroborate.lifted``), or "": the doubt's own evidence holds and the rules, run again
    without it (and without a name's doubt the document's own writing lifts), find no other."""
    waived = {doubt}
    reasons = []
    while True:
        sure = corroborate.lifted(
            doc, tok, base, wclass, cands, doubt,
            lambda: _calibrated(doc, tok, base, wclass, cands, margin)[2],
        )  # fmt: skip
        if not sure:
            return ""
        reasons.append(sure)
        decision, doubt = _rules(
            doc, tok, base, wclass, cands, margin, support, _held, frozenset(waived)
        )
        if decision == APPLIED:
            return "; ".join(reasons)
        if decision != PROPOSED or doubt in waived or doubt not in corroborate.LIFTABLE:
            return ""
        waived.add(doubt)


def _held(why: str) -> tuple[CorrectionDecision | None, str]:
    """``_rules``' ``propose`` with no side effect: a proposal, with its doubt."""
    return PROPOSED, why
