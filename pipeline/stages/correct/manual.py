"""What a person transcribes instead of reviewing proposals: pages that are no text, and lines
of text too damaged to fix a word at a time.

A page of handwriting, a photo or a blank would have words invented for it, so it is judged
first and, when flagged, skipped whole: nothing on it is corrected or proposed, and the page is
listed in the result (and in the review sheet) for manual transcription instead.

A line of real text can be damaged past word-by-word repair: on the badly typed JFK dev pages
(``2021__docid-32379830``: ``uf Soiunces and tre Sovlot Acadeny of Scienoes.``) half the
tokens of a line are unknown, the stage proposes two or three of them and leaves the rest
(short fragments, ``tre``, have no word within reach), and a reviewer pays a screen per proposal
and still has to retype the line. ``transcription_job`` names such a line, and ``lines``
turns it into one "transcribe by hand" item, as it does a line of noise. It is judged from the
line's own tokens (``TokenReading``, as ``lines.token_reading`` reads them) and the stage's
records on it, never from the words themselves; the thresholds are ``CorrectConfig``'s
``job_*`` fields, set on dev material (bench/splits.json).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from pipeline.core.enums import TokenReading
from pipeline.core.results import PageCheck
from pipeline.core.text import EDGE
from pipeline.lexicon import Lexicon
from pipeline.stages.correct.config import CorrectConfig
from pipeline.stages.correct.document import Doc
from pipeline.stages.correct.tokens import Token, is_alpha_word

log = logging.getLogger(__name__)


def needs_manual_transcription(
    words: Sequence[str],
    lexicon: Lexicon,
    confs: Sequence[float | None] = (),
    config: CorrectConfig | None = None,
    page: int = 1,
    known_memo: dict[str, bool] | None = None,
) -> PageCheck:
    """Is this page's OCR no text at all (handwriting, a photo, a blank)?

    ``words`` are the page's whitespace-separated tokens, ``confs`` their Tesseract confidences
    (0-100; None or negative for unknown; empty for a text input), ``page`` the page number
    reported. A page of real text has most of its alphabetic words in a dictionary (``lexicon``:
    English, the domain lexicon and the user lexicon) even with heavy OCR damage; handwriting
    OCRed as print gives short fragments that are mostly not words, and a blank gives none. The
    thresholds are ``config``'s ``manual_*`` fields. ``known_memo``: as ``known_share`` takes it.
    """
    config = config or CorrectConfig()
    alpha = [w.strip(EDGE) for w in words]  # each word's core (``split_edges``' middle)
    alpha = [w for w in alpha if is_alpha_word(w)]
    real = [c for c in confs if c is not None and c >= 0]
    if len(alpha) < config.manual_min_words:
        known = known_share(alpha, lexicon, known_memo) if alpha else 1.0
        # A word of three letters or more that a dictionary knows is text, however short the
        # page ("intro line", "End of cable."); a blank's specks read as letters are not.
        worded = any(len(w) >= 3 and _known(w, lexicon) for w in alpha)
        manual = len(alpha) < 3 and sum(len(w) for w in words) < 40 and not worded
        reason = "no text: a blank page or a picture" if manual else "too few words to judge"
        return PageCheck(page, manual, reason, len(alpha), known)
    # Judge on words of 4+ letters: handwriting OCRed as print is mostly short fragments, and
    # the short ones (``an``, ``ee``, ``or``) are often words by chance.
    longer = [w for w in alpha if len(w) >= 4] or alpha
    known = known_share(longer, lexicon, known_memo)
    fragments = 1 - len(longer) / max(1, len(words))
    if known < config.manual_min_known or (
        known < config.manual_min_known + 0.1 and fragments > config.manual_max_fragments
    ):
        return PageCheck(
            page,
            True,
            f"only {known:.0%} of {len(longer)} longer words are in a dictionary: "
            "handwriting, an image or not English",
            len(alpha),
            known,
        )
    if real and sum(real) / len(real) < config.manual_max_conf:
        mean = sum(real) / len(real)
        return PageCheck(page, True, f"mean OCR confidence {mean:.0f}", len(alpha), known)
    return PageCheck(page, False, "text", len(alpha), known)


def known_share(alpha: list[str], lexicon: Lexicon, memo: dict[str, bool] | None = None) -> float:
    """The share (0-1) of the words ``alpha`` (cores, not empty) that a dictionary knows (a
    possessive by its stem, a hyphenated word when every part is known). ``memo``: a caller's
    memo of each word's answer for this ``lexicon`` (``document.word_memos``), filled here."""
    hits = 0
    for w in alpha:
        known = memo.get(w) if memo is not None else None
        if known is None:
            known = _known(w, lexicon)
            if memo is not None:
                memo[w] = known
        hits += known
    return hits / len(alpha)


def _known(w: str, lexicon: Lexicon) -> bool:
    """Does a dictionary know the word core ``w`` (``known_share``'s test of one word)?"""
    base = w[:-2] if w.endswith(("'s", "’s")) else w
    return lexicon.is_known(base) or all(lexicon.is_known(p) for p in base.split("-") if p)


def manual_pages(doc: Doc) -> list[PageCheck]:
    """The pages of ``doc`` that need manual transcription, in page order."""
    by_page: dict[int, list[Token]] = {}
    for t in doc.tokens:
        by_page.setdefault(t.page, []).append(t)
    flagged = []
    for page, toks in sorted(by_page.items()):
        confs = [doc.locator.conf(t.start, t.end) for t in toks] if doc.locator.spans else []
        check = needs_manual_transcription(
            [t.lead + t.core + t.trail for t in toks],
            doc.lexicon,
            confs,
            doc.config,
            page,
            doc.known,
        )
        if check.manual:
            flagged.append(check)
    return flagged


#: Readings of a token that is no word as it stands (``lines.token_reading``).
_DAMAGED_READINGS = (TokenReading.DAMAGED, TokenReading.LOST)


def transcription_job(
    readings: Sequence[TokenReading],
    found: Sequence[bool],
    once: int,
    proposals: int,
    applied: int,
    config: CorrectConfig,
    fixed: Sequence[bool] = (),
) -> str | None:
    """Why one line of text is a job for a person (retype it from the scan) rather than a row of
    proposals, or None when it is not.

    ``readings`` are the line's tokens as a person reads them (bare symbols left out); ``found``
    says for each whether the stage found a dictionary word within reach there: it applied or
    proposed a change, or left the word for want of evidence for its candidate (``worth``
    floor, no support: the word is damaged all the same, whatever that candidate's score);
    ``once`` counts those tokens whose word the document has only there, ``proposals`` the
    proposals among them, ``applied`` the stage's applied changes on the line. A token is
    damaged when it is no word as it stands (``DAMAGED`` or ``LOST``) or a word was found for
    it. The line is a job when it is a typed line (``job_max_tokens`` tokens at most), at
    least ``job_min_proposals`` of the words found are read once (a word the document repeats,
    ``Subjeot``, is one screen for all its places in review: taking one place into a line item
    saves no screen), at least one of those is proposed (the item takes the place of a
    screen, never adds one), and its damage is either spread over the line (at least
    ``job_min_damaged`` and ``job_min_damaged_share`` of its tokens) or bunched: a run of at
    least ``group_min_damaged`` damaged tokens with no more than ``group_max_gap`` sound ones
    between two of them (``damaged_run``), at least ``group_min_unfixed`` of them with no
    change applied or proposed there (``fixed``, per token: damage the proposals cannot mend,
    so a person types that line anyway; two typos side by side, each with its proposal, stay
    two one-key screens). A change applied on the line does not stop it: the
    change stays applied until a person types the line, and the item's suggested text
    carries it.

    The line's damage is measured by its tokens, not by how many proposals passed the floor:
    a word left under it counts as damage as a proposal does.

    >>> from pipeline.stages.correct.config import CorrectConfig
    >>> W, D, L = TokenReading.WORD, TokenReading.DAMAGED, TokenReading.LOST
    >>> line = [L, D, W, L, D, D, W, D]  # uf Soiunces and tre Sovlot Acadeny of Scienoes.
    >>> transcription_job(line, [0, 1, 0, 0, 1, 0, 0, 1], 3, 3, 0, CorrectConfig())
    '6 of 8 tokens damaged, 3 with a word within reach (3 proposed)'
    >>> transcription_job(line, [0, 1, 0, 0, 1, 0, 0, 1], 3, 1, 0, CorrectConfig())
    '6 of 8 tokens damaged, 3 with a word within reach (1 proposed)'
    >>> transcription_job(line, [0, 1, 0, 0, 1, 0, 0, 1], 3, 0, 0, CorrectConfig()) is None
    True
    >>> transcription_job(line, [0, 1, 0, 0, 1, 0, 0, 1], 3, 2, 1, CorrectConfig())
    '6 of 8 tokens damaged, 3 with a word within reach (2 proposed, 1 applied)'
    >>> transcription_job(line, [0, 1, 0, 0, 1, 0, 0, 1], 1, 1, 0, CorrectConfig()) is None
    True
    >>> prose = [W, W, W, D, D, W, L, W, W, W, W, W]
    >>> found = [0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    >>> transcription_job(prose, found, 2, 2, 0, CorrectConfig(group_min_damaged=0)) is None
    True
    >>> transcription_job(prose, found, 2, 2, 0, CorrectConfig())
    '3 adjacent tokens damaged of 12, 2 with a word within reach (2 proposed)'
    >>> transcription_job(prose, found, 2, 2, 0, CorrectConfig(group_max_gap=0))
    '2 adjacent tokens damaged of 12, 2 with a word within reach (2 proposed)'
    >>> transcription_job(prose, found, 2, 2, 0, CorrectConfig(group_min_damaged=4)) is None
    True
    """
    if not readings or len(readings) > config.job_max_tokens:
        return None
    if len(found) != len(readings):
        raise ValueError("one found flag per reading")
    if proposals > once:
        raise ValueError("proposals are counted among the words read once")
    if proposals < 1 or once < config.job_min_proposals:
        return None
    flags = [r in _DAMAGED_READINGS or bool(f) for r, f in zip(readings, found, strict=True)]
    damaged = sum(flags)
    within = sum(bool(f) for f in found)
    done = f"{proposals} proposed" + (f", {applied} applied" if applied else "")
    if (
        damaged >= config.job_min_damaged
        and damaged / len(readings) >= config.job_min_damaged_share
    ):
        return (
            f"{damaged} of {len(readings)} tokens damaged, "
            f"{within} with a word within reach ({done})"
        )
    grouped = flags if config.group_unknown else [bool(f) for f in found]
    fixed = list(fixed) or [False] * len(readings)
    unfixed = [g and not x for g, x in zip(grouped, fixed, strict=True)]
    run = damaged_run(grouped, config.group_max_gap, unfixed, config.group_min_unfixed)
    if (
        config.group_min_damaged
        and run >= config.group_min_damaged
        and proposals >= config.group_min_proposals
    ):
        return (
            f"{run} adjacent tokens damaged of {len(readings)}, "
            f"{within} with a word within reach ({done})"
        )
    return None


def damaged_run(
    flags: Sequence[bool], max_gap: int, need: Sequence[bool] = (), min_need: int = 0
) -> int:
    """The most damaged tokens (``flags`` true, in line order) in one run where no more than
    ``max_gap`` sound tokens stand between two damaged ones, among the runs holding at least
    ``min_need`` tokens flagged in ``need`` (same length as ``flags``; empty: none flagged).

    >>> damaged_run([1, 0, 1, 0, 0, 1, 1], 1), damaged_run([1, 0, 1, 0, 0, 1, 1], 2)
    (2, 4)
    >>> damaged_run([], 1), damaged_run([0, 0], 0), damaged_run([1, 1, 0, 1], 0)
    (0, 0, 2)
    >>> damaged_run([1, 0, 1, 0, 0, 1, 1, 1], 1, [0, 0, 0, 0, 0, 0, 0, 0], 1)
    0
    >>> damaged_run([1, 0, 1, 0, 0, 1, 1, 1], 1, [1, 0, 0, 0, 0, 0, 0, 0], 1)
    2
    """
    need = list(need) or [False] * len(flags)
    best = count = needed = 0
    gap = max_gap + 1  # no damaged token seen yet: the next one starts a run
    for flag, wanted in zip(flags, need, strict=True):
        if flag:
            if gap > max_gap:
                count = needed = 0
            count += 1
            needed += bool(wanted)
            gap = 0
            if needed >= min_need:
                best = max(best, count)
        else:
            gap += 1
    return best
