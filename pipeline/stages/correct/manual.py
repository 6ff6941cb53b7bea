"""Pages that are not text at all: handwriting, photos and blanks, for a person to transcribe.

Correcting such a page would invent words, so it is judged first and, when flagged, skipped
whole: nothing on it is corrected or proposed, and the page is listed in the result (and in the
review sheet) for manual transcription instead.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from pipeline.core.results import PageCheck
from pipeline.core.text import split_edges
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
) -> PageCheck:
    """Is this page's OCR no text at all (handwriting, a photo, a blank)?

    ``words`` are the page's whitespace-separated tokens, ``confs`` their Tesseract confidences
    (0-100; None or negative for unknown; empty for a text input), ``page`` the page number
    reported. A page of real text has most of its alphabetic words in a dictionary (``lexicon``:
    English, the domain lexicon and the user lexicon) even with heavy OCR damage; handwriting
    OCRed as print gives short fragments that are mostly not words, and a blank gives none. The
    thresholds are ``config``'s ``manual_*`` fields.
    """
    config = config or CorrectConfig()
    alpha = [split_edges(w)[1] for w in words]
    alpha = [w for w in alpha if is_alpha_word(w)]
    real = [c for c in confs if c is not None and c >= 0]
    if len(alpha) < config.manual_min_words:
        manual = len(alpha) < 3 and sum(len(w) for w in words) < 40
        reason = "no text: a blank page or a picture" if manual else "too few words to judge"
        known = _known(alpha, lexicon) if alpha else 1.0
        return PageCheck(page, manual, reason, len(alpha), known)
    # Judge on words of 4+ letters: handwriting OCRed as print is mostly short fragments, and
    # the short ones (``an``, ``ee``, ``or``) are often words by chance.
    longer = [w for w in alpha if len(w) >= 4] or alpha
    known = _known(longer, lexicon)
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


def _known(alpha: list[str], lexicon: Lexicon) -> float:
    """The share of ``alpha`` that a dictionary knows (a possessive by its stem, a hyphenated
    word when every part is known)."""
    hits = 0
    for w in alpha:
        base = w[:-2] if w.endswith(("'s", "’s")) else w
        if lexicon.is_known(base) or all(lexicon.is_known(p) for p in base.split("-") if p):
            hits += 1
    return hits / len(alpha)


def manual_pages(doc: Doc) -> list[PageCheck]:
    """The pages of ``doc`` that need manual transcription, in page order."""
    by_page: dict[int, list[Token]] = {}
    for t in doc.tokens:
        by_page.setdefault(t.page, []).append(t)
    flagged = []
    for page, toks in sorted(by_page.items()):
        confs = [doc.locator.conf(t.start, t.end) for t in toks] if doc.locator.spans else []
        check = needs_manual_transcription(
            [t.lead + t.core + t.trail for t in toks], doc.lexicon, confs, doc.config, page
        )
        if check.manual:
            flagged.append(check)
    return flagged
