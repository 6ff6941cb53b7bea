"""``correct``: one pass over a document's tokens, choosing for each word the path it takes.

The order is the order of certainty: a token with no letters is looked at only as an opening
quote OCR set off from its word (``quotes``); for a word, a correction a person confirmed first,
then the pieces of a word broken by a hyphen (with a stray fragment between them, or not) or
where OCR lost a thin letter or read a gap (``pieces``: joined or left alone), then specks read as
punctuation and damaged cable structure tokens (``structure``) and specks glued to a word's
edge (``glued``), then OCR case confusions (whose
lower-cased word is English, so the dictionary would skip it), then, for an English word, a
real-word error its neighbours decide (``realword``: ``lie said`` is ``he said``) and, for a
short word no dictionary knows, the reading its neighbours decide (``tbe minister``) or, where
they leave it open, the reading the batch's other places of the form decide (``batchread``),
then,
for a word no dictionary knows, words run together that its neighbours split (``runtogether``:
``the man hehad seen``), then the dictionary path. Pages that need manual transcription
(judged here, or flagged by OCR) are skipped whole; a line with no recoverable
word becomes one "transcribe by hand" item instead of its word records (``lines``).

The paths before the dictionary path decide on their own evidence (a shape, a known pair), so
each of their applications (a join, with or without a fragment or a misread hyphen, a speck
taken out, a real-word or short-word change, a run-together word split) is confirmed by the
calibrated model like the dictionary path's, its path a feature of its own
(``decide.confirm_path``); a path the shipped model has no rows for yet does not run
(``runtogether.path_fitted``: short words of three and four letters and run-together words are
then the dictionary path's); then no application stands on a line that is mostly no words
(``gate.garbage_gate``). An OCR case confusion in
mixed-case text (``succeSs``) is confirmed too, with its own path feature (on BLN600 dev 8 of
58 applied were wrong: mixed-case noise read as a word, ``IliC`` → Ilic). Three kinds stand on
their own evidence: a quote closed up onto its word (``quotes``), on the quotes' parity, since
the judge cannot place a quote among the gold's words (BLN600 dev: 4 of about 265 such records
judged, too few rows for the model); a cable structure fix, on its shape; and a case
confusion in all-caps text, which the model has no rows for (confirming them demoted ``uSG``
→ ``USG`` in a cable), only where its letters are corroborated beyond their shape: a
neighbour writes the case-folded word beside its word, or the document writes the code so
(``case._pairs_in_place``, ``case._code_written``); small letters inside a caps word are
themselves a sign of damaged letters (``LoNDoN`` where OCR lost the word printed there), so
the rest are proposed.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence

from pipeline.core.enums import ApplyPath
from pipeline.core.records import WordSpan
from pipeline.core.results import APPLIED, Correction, CorrectResult, PageCheck
from pipeline.lexicon import Lexicon
from pipeline.stages.correct.apostrophes import quote_own_evidence, straight_quote_speck
from pipeline.stages.correct.batchread import batch_realword, batch_short_fix
from pipeline.stages.correct.case import case_confusion, fragment_left, initial_capital
from pipeline.stages.correct.channel import CASE_TWINS
from pipeline.stages.correct.config import CorrectConfig
from pipeline.stages.correct.damage_regions import damage_regions
from pipeline.stages.correct.decide import confirm_path
from pipeline.stages.correct.dictionary import correct_token
from pipeline.stages.correct.document import Doc, caps_context, make_doc
from pipeline.stages.correct.gap_mark import gap_mark
from pipeline.stages.correct.gate import garbage_gate
from pipeline.stages.correct.glued import glued_mark, own_evidence
from pipeline.stages.correct.learned import confirmed, learned_hits
from pipeline.stages.correct.lines import line_items
from pipeline.stages.correct.manual import manual_pages
from pipeline.stages.correct.marks_gate import marks_gate
from pipeline.stages.correct.page_items import page_items
from pipeline.stages.correct.pieces import (
    first_piece,
    join_across_fragment,
    join_lost_letter,
    join_misread_hyphen,
    join_pieces,
    join_plain_split,
    second_piece,
)
from pipeline.stages.correct.place_gate import place_gate
from pipeline.stages.correct.quotes import detached_quote
from pipeline.stages.correct.realword import has_readings, realword_fix, short_word_fix
from pipeline.stages.correct.records import apply_corrections
from pipeline.stages.correct.regions import region_items
from pipeline.stages.correct.runtogether import path_fitted, run_together_fix
from pipeline.stages.correct.setoff import setoff_mark
from pipeline.stages.correct.structure import structure_fix
from pipeline.stages.correct.tokens import Token
from pipeline.stages.correct.vocabulary import BatchVocabulary

log = logging.getLogger(__name__)

#: The configuration ``correct`` uses when given none (every default of ``CorrectConfig``).
DEFAULT_CONFIG = CorrectConfig()


def speck(record: Correction) -> bool:
    """Does ``record`` (from ``structure_fix``) only take out a speck read as punctuation? It
    drops the one mark after the word (``the,`` → ``the``) or blanks a stop between two words
    (``Foreign.Minister`` → ``Foreign Minister``); a cable structure fix changes a letter or a
    bracket (``E.0.`` → ``E.O.``, ``{C)`` → ``(C)``).

    >>> from pipeline.core.results import Correction as C
    >>> fields = dict(id="", page=1, line=0, start=0, bbox=None, candidates=(), reason="",
    ...               conf=None, context="", decision=APPLIED)
    >>> speck(C(end=4, original="the,", replacement="the", **fields))
    True
    >>> speck(C(end=4, original="bad.", replacement="had", **fields))
    True
    >>> speck(C(end=4, original="{C)", replacement="(C)", **fields))
    False
    """
    o, r = record.original, record.replacement
    if not o[-1].isalnum() and (o[:-1] == r or (len(o) == len(r) + 1 and r.isalpha())):
        return True  # the mark dropped, the word perhaps read as its look-alike (``bad.``)
    return len(o) == len(r) and o.replace(".", " ") == r


def plain_word(tok: Token) -> bool:
    """Is ``tok`` a plain word: small letters only, with no mark before or after it?

    Such a token is none of the business of ``join_across_fragment``, ``join_misread_hyphen``
    and ``first_piece`` (each needs a mark after the word), ``structure_fix`` (a dot, a mark,
    a capital or a digit), ``initial_capital`` (a capital) or, unless every letter is a
    ``CASE_TWINS`` letter, ``case_confusion``: ``correct`` does not ask them
    (``tests/test_correct_plain.py`` holds them to it). A speed path: two tokens in three
    are plain.

    >>> from pipeline.stages.correct.tokens import tokenize
    >>> [plain_word(t) for t in tokenize("the talks, (were) Held pri- soners naïve")]
    [True, False, False, False, False, True, True]
    """
    core = tok.core
    return not tok.lead and not tok.trail and core.isalpha() and core.islower()


#: ``plain_facts`` flags: an English word (``Lexicon.is_english``)
ENGLISH = 1
#: a correction a person confirmed for the word (``Lexicon.correction_for``: ``learned_hits``)
LEARNED = 2
#: a real word with readings to weigh (``realword.has_readings``)
READINGS = 4


def plain_facts(doc: Doc, core: str) -> int:
    """What the token pass needs to know of the plain word ``core`` (``plain_word``: small
    letters only) that depends on the word and the lexicon alone: ``ENGLISH``, ``LEARNED`` and
    ``READINGS`` flags. Asked once a batch per distinct word (``Doc.plain``, the lexicon's memo
    shared by the batch's documents, ``document.word_memos``): a batch's words are mostly its
    few thousand commonest (BLN600 dev: five in six of the tokens that reach the split test
    repeat a word an earlier document wrote), and for most of them these answers are all that
    ``correct`` needs to leave the word (``tests/test_correct_plain.py`` holds the paths it then
    skips to having nothing for it)."""
    facts = doc.plain.get(core)
    if facts is None:
        lex = doc.lexicon
        facts = LEARNED if lex.correction_for(core) is not None else 0
        if lex.is_english(core):
            facts |= ENGLISH | (READINGS if has_readings(lex, core) else 0)
        doc.plain[core] = facts
    return facts


def correct(
    text: str,
    spans: Sequence[WordSpan] | None,
    lexicon: Lexicon,
    config: CorrectConfig = DEFAULT_CONFIG,
    vocabulary: BatchVocabulary | None = None,
    flagged: Sequence[PageCheck] = (),
) -> CorrectResult:
    """Correct ``text``, the stripped document (see the package docstring).

    ``spans`` are the strip stage's OCR word spans (character offsets into ``text``, with page,
    line, box and Tesseract confidence 0-100), or None for a text input; ``lexicon`` is English,
    the domain dictionaries and the user lexicon; ``vocabulary`` the batch's (None: this document
    alone); ``flagged`` the pages OCR already flagged for manual transcription
    (``PageStatus.MANUAL``, with its reason), skipped whole like the ones judged here. Returns
    the corrected text (``text`` with the applied records replayed), every applied and proposed
    ``Correction`` in text order (``LINE`` items for noise lines among them), the pages for
    manual transcription in page order and the number of tokens. Raises nothing of its own.
    """
    doc = make_doc(text, spans, lexicon, config, vocabulary)
    tokens = doc.tokens
    by_ocr = {p.page: p for p in flagged if p.manual}
    manual = sorted(
        [*by_ocr.values(), *(p for p in manual_pages(doc) if p.page not in by_ocr)],
        key=lambda p: p.page,
    )
    skip_pages = {p.page for p in manual}
    corrections: list[Correction] = []
    # the starts of the batch-reading path's changes: no near rival is asked for them (``gate``)
    batch_read: set[int] = set()
    occurrences: Counter[str] = Counter()
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if not tok.core and tok.page not in skip_pages:
            quote = detached_quote(doc, tok, occurrences)  # ``" I``: a quote set off
            if quote is None:
                quote = setoff_mark(doc, tok, occurrences)  # ``drunk ;``: a mark set off
            if quote is not None:
                corrections.append(quote)
            i += 1
            continue
        if tok.page in skip_pages or not tok.core:
            i += 1
            continue
        # A plain word (``plain_word``: two tokens in three) has no mark that the paths for a
        # broken hyphen, a speck or a structure token start from, nor a capital: only the pieces'
        # tests that look at its neighbours, and a case confusion of twin letters, apply to it;
        # what it asks of the lexicon is asked once a batch (``plain_facts``).
        plain = plain_word(tok)
        facts = plain_facts(doc, tok.core) if plain else 0
        # A confirmed correction applies to a word of any length, English or not.
        hits = learned_hits(doc, tok) if not plain or facts & LEARNED else None
        if hits:
            corrections.extend(confirmed(doc, tok, *hit, occurrences) for hit in hits)
            i += 1
            continue
        if not plain:
            # Pieces of a word broken by a hyphen (``in- terest``): joined or left, never
            # corrected one by one; a stray fragment between them (``pri- e- soners``) removed.
            across = join_across_fragment(doc, tok, occurrences)
            if across is not None:
                corrections.append(confirm_path(doc, tok, across, ApplyPath.FRAGMENT))
                i += 3  # the record covers the fragment and the second piece
                continue
            misread = join_misread_hyphen(doc, tok, occurrences)  # ``pri. soner``
            if misread is not None:
                corrections.append(confirm_path(doc, tok, misread, ApplyPath.MISREAD))
                i += 2
                continue
            if first_piece(doc, tok):
                i += 1
                continue
        if second_piece(doc, tok):
            joined = join_pieces(doc, tok, occurrences)
            if joined is not None:
                corrections.append(confirm_path(doc, tok, joined, ApplyPath.JOIN))
            i += 1
            continue
        # ``subse quently``: no piece of such a split is an English word (``pieces.plain_join``)
        split_word = None if facts & ENGLISH else join_plain_split(doc, tok, occurrences)
        if split_word is not None:
            corrections.append(confirm_path(doc, tok, split_word, ApplyPath.JOIN))
            i += 2  # the record covers the next token too
            continue
        lost = join_lost_letter(doc, tok, occurrences)
        if lost is not None:
            corrections.append(confirm_path(doc, tok, lost, ApplyPath.THIN))
            i += 2  # the record covers the next token too
            continue
        gap = None if plain else gap_mark(doc, tok, occurrences)  # ``part'of``
        if gap is not None:
            corrections.append(gap)
            i += 1
            continue
        fixed = None if plain else structure_fix(doc, tok, occurrences)
        if fixed is not None:
            corrections.append(
                confirm_path(doc, tok, fixed, ApplyPath.SPECK) if speck(fixed) else fixed
            )
            i += 1
            continue
        # A speck read as a mark glued to a word's edge (``‘expressed``, ``of:``): a mark after
        # the word confirmed as a speck, one before it or a doubled stop on its own evidence.
        glued = None if plain else glued_mark(doc, tok, occurrences)
        if glued is not None:
            own = own_evidence(glued)
            corrections.append(glued if own else confirm_path(doc, tok, glued, ApplyPath.SPECK))
            i += 1
            continue
        quote = None if plain else straight_quote_speck(doc, tok, occurrences)  # ``'the``
        if quote is not None:
            own = quote_own_evidence(quote)
            corrections.append(quote if own else confirm_path(doc, tok, quote, ApplyPath.SPECK))
            i += 1
            continue
        confusion = None
        if not plain or CASE_TWINS.issuperset(tok.core):
            confusion = case_confusion(doc, tok, occurrences)
        case = confusion or (None if plain else initial_capital(doc, tok, occurrences))
        if case is not None:
            if confusion is not None and not caps_context(doc, tok):
                case = confirm_path(doc, tok, case, ApplyPath.CASE)
                if fragment_left(doc, tok, case):
                    i += 1
                    continue
            corrections.append(case)
            i += 1
            continue
        if (facts & ENGLISH) if plain else lexicon.is_english(tok.low):
            # A real word may still be a misread of another (``lie said``): context decides.
            # Not decisive here, the batch's other places of the form may be (``batchread``).
            real = None
            if not plain or facts & READINGS:
                real = realword_fix(doc, tok, occurrences, batch_realword)
            if real is not None:
                corrections.append(confirm_path(doc, tok, real, ApplyPath.REALWORD))
            i += 1
            continue
        # A short non-word its neighbours decide (``ot``; ``tbe``, ``wvas`` at the dictionary
        # path's length only once the model has the path's rows), confirmed by the model.
        short = None
        long_short = len(tok.low) >= config.min_length
        if not long_short or path_fitted(doc, ApplyPath.SHORT):
            short = short_word_fix(doc, tok, occurrences)
        batch = None
        if (short is None or short.decision != APPLIED) and path_fitted(doc, ApplyPath.SHORT):
            # What its neighbours leave undecided (``statement, anid he``), the batch's other
            # places of the form may decide (``batchread``), confirmed likewise: as a change of
            # its own path once the model has the path's rows, as a short word's until then.
            batch = batch_short_fix(doc, tok, occurrences)
        if batch is not None:
            own = path_fitted(doc, ApplyPath.BATCH)
            path = ApplyPath.BATCH if own else ApplyPath.SHORT
            corrections.append(confirm_path(doc, tok, batch, path))
            batch_read.add(batch.start)
            i += 1
            continue
        if short is not None:
            corrections.append(confirm_path(doc, tok, short, ApplyPath.SHORT))
            i += 1
            continue
        if len(tok.core) < config.min_length:
            i += 1
            continue
        # Words run together (``hehad``) where the neighbours agree, confirmed likewise.
        split = None
        if path_fitted(doc, ApplyPath.SPLIT):
            split = run_together_fix(doc, tok, occurrences)
        if split is not None:
            corrections.append(confirm_path(doc, tok, split, ApplyPath.SPLIT))
            i += 1
            continue
        record, used = correct_token(doc, i, occurrences)
        if record is not None:
            corrections.extend(record)
        i += used
    corrections = place_gate(doc, marks_gate(doc, garbage_gate(doc, corrections, batch_read)))
    kept, items = region_items(doc, *line_items(doc, corrections, skip_pages), skip_pages)
    kept, items = page_items(doc, kept, items, skip_pages)
    kept, items = damage_regions(doc, kept, items, skip_pages)
    corrections = sorted([*kept, *items], key=lambda c: c.start)
    applied = [c for c in corrections if c.decision == APPLIED]
    out = apply_corrections(text, applied)
    log.debug(
        "corrected %d tokens: %d applied, %d proposed, %d line items, %d manual pages",
        n,
        len(applied),
        len(corrections) - len(applied) - len(items),
        len(items),
        len(manual),
    )
    left_words = tuple(sorted(doc.left_words, key=lambda w: (w.start, w.end)))
    return CorrectResult(
        out, tuple(corrections), tuple(manual), n, dict(sorted(doc.left.items())), left_words
    )
