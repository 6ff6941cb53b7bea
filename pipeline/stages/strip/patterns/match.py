"""The patterns applied to a line: which whole-line pattern it is, which stamps sit inside it.

The one place that knows the order the families are tried in: whole-line patterns strongest and
most specific first (teletype header, page numbers, stamp pieces), then a form's check-box row,
a banner line, a handling marking ("NO FOREIGN DISSEM"), a fuzzy stamp line, and junk.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import FORM_SHAPE, MEDIUM, STRONG, WEAK
from pipeline.stages.strip.patterns.banners import (
    banner_line_level,
    damaged_caps,
    handling_line,
    header_level,
    unspaced,
)
from pipeline.stages.strip.patterns.base import DEBRIS as _DEBRIS
from pipeline.stages.strip.patterns.base import LinePattern, Prior, SpanHit
from pipeline.stages.strip.patterns.body import LOWER_RUN, has_prose, prose_words
from pipeline.stages.strip.patterns.fbi_stamps import FBI_STAMP_LINES, savings_footer
from pipeline.stages.strip.patterns.forms import (
    checkbox_row,
    form_number,
    printed_line,
    proponent_note,
)
from pipeline.stages.strip.patterns.jfk_band import find_band
from pipeline.stages.strip.patterns.junk import is_junk, is_speck, speck_run
from pipeline.stages.strip.patterns.message_forms import (
    COUNTER_LINES,
    RELEASE_2022_SPANS,
    codeword_banner,
)
from pipeline.stages.strip.patterns.notices import notice_line, notice_piece
from pipeline.stages.strip.patterns.office_stamps import office_stamp
from pipeline.stages.strip.patterns.page_numbers import PAGE_NUMBER_LINES
from pipeline.stages.strip.patterns.releases import RELEASE_LINES, RELEASE_SPANS, damaged_level
from pipeline.stages.strip.patterns.report_form import (
    classification_caption,
    report_caption,
    when_filled_in,
)
from pipeline.stages.strip.patterns.stamps import SPAN_PATTERNS, STAMP_LINES, fuzzy_line
from pipeline.stages.strip.patterns.teletype import TELETYPE_LINES

log = logging.getLogger(__name__)

# Tried in this order; the first whole-line match wins.
LINE_PATTERNS: tuple[LinePattern, ...] = (
    *TELETYPE_LINES,
    *PAGE_NUMBER_LINES,
    *STAMP_LINES,
    *FBI_STAMP_LINES,
    *RELEASE_LINES,
    *COUNTER_LINES,
)
# Lone page numbers: the pattern's first group is the number (``evidence.sequence``).
_NUMBERED = frozenset({"lone-number", "marked-page-number"})


def find_spans(text: str) -> list[SpanHit]:
    """Strong stamps anywhere in the line, left to right, not overlapping (the regex families
    and the JFK release band, ``jfk_band``); then the pieces of the stamps found, where they do
    not overlap a stamp. Offsets are characters of ``text``.

    >>> line = "the talks. RELEASE IN PART B6 Approved for Release 2003/09/10 : CIA-RDP96-0078"
    >>> for h in find_spans(line):
    ...     print(h.name, repr(line[h.start : h.end]))
    state-release-stamp 'RELEASE IN PART B6'
    cia-crest-stamp 'Approved for Release 2003/09/10'
    """
    folded = text.casefold()
    hits: list[SpanHit] = []
    pieces: list[SpanHit] = []
    for pat in (*SPAN_PATTERNS, *RELEASE_SPANS, *RELEASE_2022_SPANS):
        if pat.keys and not any(k in folded for k in pat.keys):
            continue
        if pat.probe is not None and not pat.probe.search(text):
            continue
        found = False
        for m in pat.regex.finditer(text):
            start, end = m.span()
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                bare = pat.phrase is not None and bool(pat.phrase.fullmatch(text, start, end))
                hits.append(SpanHit(start, end, pat.name, pat.kind, pat.absorb, bare))
                found = True
        if found and pat.pieces is not None:
            pieces.extend(
                SpanHit(m.start(), m.end(), f"{pat.name} piece", pat.kind, pat.absorb)
                for m in pat.pieces.finditer(text)
            )
    hits.extend(find_band(text))
    merged = _merge(hits)
    if pieces:
        free = [p for p in pieces if not any(p.start < h.end and h.start < p.end for h in merged)]
        merged = _merge(merged + free)
    return merged


def _merge(hits: list[SpanHit]) -> list[SpanHit]:
    """The hits in order of start, a hit overlapping an earlier (or longer, same start) one left
    out."""
    hits = sorted(hits, key=lambda h: (h.start, -h.end))
    merged: list[SpanHit] = []
    for h in hits:
        if merged and h.start < merged[-1].end:
            continue  # overlaps an earlier, longer stamp
        merged.append(h)
    return merged


def match_line(text: str) -> Prior | None:
    """The furniture pattern a whole line matches, strongest first; None for an ordinary line.

    Scanner specks read as tokens at either end ("SECRET ae", "Page 1 of 2 ; ‘ i a") do not
    hide a pattern: the line is tried again without them.

    >>> p = match_line("Page 1 of 2 ; ‘i a")
    >>> p.name, p.kind, p.weight, p.detail
    ('page-label', <FurnitureKind.PAGE_NUMBER: 'page-number'>, 1.5, 'with specks')
    >>> match_line("CONFIDENTIAL PAGE 02 STATE 214587 141230Z").detail
    'CONFIDENTIAL'
    >>> match_line("4").number, match_line("The talks went on.")
    (4, None)
    """
    # A form's printed notice is worded as a sentence, and may be long (``notices``: most of the
    # line is a run of the notice's words): tried first, on the whole line only, never with
    # words cut off (cut, a sentence's words could leave a run that covers the rest).
    notice = notice_line(text.strip())
    if notice is not None:
        return Prior("printed-notice", FurnitureKind.FORM, MEDIUM + FORM_SHAPE, notice)
    prior = _match_line(text)
    if prior is not None:
        return prior
    toks = text.split()
    # Fewest specks first: "Page 1 of 3 . 7 oe" is "Page 1 of 3", not "Page 1 of".
    for prior in _trimmed(toks, speck_run(toks), speck_run(toks[::-1])):
        # A damaged stamp (fuzzy, medium) is already a guess: no second guess about its ends.
        fuzzy = prior is not None and prior.detail.startswith("rapidfuzz") and prior.weight < STRONG
        if prior is not None and prior.kind != FurnitureKind.JUNK and not fuzzy:
            detail = f"{prior.detail}, " if prior.detail else ""
            return Prior(prior.name, prior.kind, prior.weight, f"{detail}with specks", prior.number)
    # Stamp debris read as a short lower-case word beside a banner or a scan mark ("iui SECRET",
    # "ies, SECRET", "poe“. CONFIDENTIAL", "13-00000 sn we me eee"): tried last, and taken only
    # for those, which need their place on the page too.
    for prior in _trimmed(toks, _debris_run(toks), _debris_run(toks[::-1])):
        if prior is not None and (prior.kind == FurnitureKind.BANNER or prior.name in MARKS):
            detail = f"{prior.detail}, " if prior.detail else ""
            return Prior(prior.name, prior.kind, prior.weight, f"{detail}with debris")
    # A page counter behind a short lower-case word ("sort Page 1 of 3": 2022 104-10110-10306
    # line 61, bench/furniture/jfk-prose, dev): the word may be stamp debris or a sentence's
    # last, so only medium; another counter of the same total says it is one
    # (``page_breaks.counter_mates``).
    counter = COUNTER_AFTER_WORD.fullmatch(text.strip())
    if counter is not None:
        number = int(counter.group(1))
        return Prior(COUNTER_NAME, FurnitureKind.PAGE_NUMBER, MEDIUM, "a word in front", number)
    # A level word OCR damaged past the banner's reading ("BBCRET", "SECRE": ``releases``),
    # tried after the specks, so that "I SECRET" stays a banner with a speck.
    damaged = damaged_level(text.strip().strip(_DEBRIS + " \t"))
    if damaged:
        return Prior("damaged-level", FurnitureKind.BANNER, MEDIUM, damaged)
    # A codeword banner whose level OCR wore ("—SEGREF MORAY": ``message_forms``).
    codeword = codeword_banner(text.strip())
    if codeword:
        return Prior("codeword-banner", FurnitureKind.BANNER, MEDIUM, codeword)
    # One level with a check box beside it ("LJ SECRET", "L2] UNCLASSIFIED"): a box of a form's
    # column, when no banner, stamp or page pattern read the line (a banner in its stamp's frame,
    # "[ SECRET", is read as a banner above).
    row = checkbox_row(text.strip()) if prose_words(text) < 2 else None
    if row is not None and len(row.options) == 1:
        return Prior("checkbox-row", FurnitureKind.FORM, MEDIUM, row.detail)
    return None


def _trimmed(toks: list[str], lead: int, trail: int) -> Iterator[Prior | None]:
    """What the line matches with up to ``lead`` tokens cut from its start and ``trail`` from its
    end, fewest cut first (the uncut line is not tried again)."""
    cuts = sorted(((i, j) for i in range(lead + 1) for j in range(trail + 1) if i + j), key=sum)
    for i, j in cuts:
        core = toks[i : len(toks) - j]
        yield _match_line(" ".join(core)) if core else None


# Whole-line patterns a short lower-case debris word beside them does not hide: their fields are
# fixed, so a stamp's ink read as a word beside them ("PAGE 01 STATE 207764 ee aes", 1968 State
# telegrams, bench/furniture/jfk-state 2018__104-10433-10178, dev) is no sentence.
MARKS = frozenset({"jfk-rif-number", "teletype-page-header"})
# "Page n of m" behind one short lower-case word (``match_line``), and its prior's name.
COUNTER_AFTER_WORD = re.compile(
    r"[a-z]{1,5}\W?\s+(?:Page|PAGE)\s*(\d{1,3})\s*(?:of|OF)\s*(\d{1,3})\W?"
)
COUNTER_NAME = "page-counter-after-word"
# A stamp's debris: a short lower-case word, or a capital and up to three small letters beside a
# banner in capitals (its stamp's ink read as a word: "1 SECRET Hee", "TOP SECRET Neil", 2022
# 176-10036-10179 line 429, 176-10033-10152 line 81, jfk-176 dev), but never a month's name
# ("SECRET 21 Mar": a stamp's date, 2018 104-10178-10001 line 9921, dev).
# Also the message number a communications center stamped beside the banner of each telegram
# page, letters and then two or three digits ("LIMITED OFFICIAL USE HCG869", "CONFIDENTIAL
# HeIWa29": 1968 State telegrams, bench/furniture/jfk-state 2018__104-10433-10178, dev).
_DEBRIS_WORD = re.compile(
    r"[a-z]{1,3}|(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]?\b)[A-Z][a-z]{1,3}"
    r"|(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\d)[A-Z][A-Za-z]{1,4}\d{2,3}"
)


def _debris_run(toks: list[str]) -> int:
    """How many of the first tokens (at most four, never all) are specks or a lower-case word
    of at most three letters ("iui", "ies,", "poe“.", "eee")."""
    n = 0
    while n < min(4, len(toks) - 1) and (
        is_speck(toks[n]) or _DEBRIS_WORD.fullmatch(toks[n].strip(_DEBRIS))
    ):
        n += 1
    return n


def _joined_markings(text: str) -> str | None:
    """The markings of a line that is two or more of them joined by "/", in capitals: a level,
    a handling marking, caveats, or a printed warning notice's wrapped rest ("SECRET/NO FOREIGN
    DISSEM", "NO FOREIGN DISSEM/CONTROLLED DISSEM/NO DISSEM ABROAD/BACKGROUND USE ONLY", "T/ AND
    METHODS INVOLVED/NO FOREIGN DISSEM": 2018 NARA JFK releases, dev); a speck at either end
    ("T/", the rest of a word cut at the line's start) is debris. None when a part is anything
    else. The marks joined by "/", for the evidence.

    >>> _joined_markings("SECKET/NO FOREIGN DISSEM"), _joined_markings("SECRET/Moscow")
    ('SECRET/NO FOREIGN DISSEM', None)
    >>> _joined_markings("T/ AND METHODS INVOLVED/NO FOREIGN DISSEM")
    'sensitive-sources-warning/NO FOREIGN DISSEM'
    """
    if LOWER_RUN.search(text) or prose_words(text) >= 3:
        return None
    parts = [p.strip(_DEBRIS + " \t") for p in text.split("/")]
    while parts and (not parts[0] or is_speck(parts[0])):
        parts = parts[1:]
    while parts and (not parts[-1] or is_speck(parts[-1])):
        parts = parts[:-1]
    if len(parts) < 2:
        return None
    marks = []
    for part in parts:
        caps = damaged_caps(part)
        mark = banner_line_level(unspaced(caps)) or handling_line(part) or notice_piece(part)
        stamp = fuzzy_line(caps.upper()) if not mark else None
        if stamp is not None and stamp[2] >= STRONG:
            mark = stamp[0]  # a handling stamp's line ("BACKGROUND USE ONLY")
        if not mark:
            return None
        marks.append(mark)
    return "/".join(marks)


def _match_line(text: str) -> Prior | None:
    """``match_line`` without the second try around specks."""
    stripped = text.strip()
    # An Army form's printed note is a long sentence of its own (``forms.proponent_note``).
    if proponent_note(stripped):
        return Prior("form-print", FurnitureKind.FORM, MEDIUM + FORM_SHAPE, "proponent note")
    # The FBI memorandum form's savings-bond footer, worded as a sentence (``fbi_stamps``).
    if savings_footer(stripped):
        return Prior("fbi-form-footer", FurnitureKind.FORM, MEDIUM + FORM_SHAPE, "savings bonds")
    # Whole-line furniture is short and not a sentence: this spares the patterns on body lines.
    # Stamps have a lower-case word or two ("Assassination Records Collection Act of", OCR's
    # "sclassified in Part", "State case No.").
    if len(stripped) > 120 or len(stripped.split()) > 13 or prose_words(stripped) >= 3:
        return None
    core = stripped.strip(_DEBRIS + " \t")
    for pat in LINE_PATTERNS:
        m = pat.regex.fullmatch(stripped if pat.raw else core)
        if m is None:
            continue
        detail = ""
        if pat.level and (m.group("level") or "").strip():
            detail = header_level(m.group("level"), pat.caption) or ""
            if not detail:
                continue
        number = int(m.group(1)) if pat.name in _NUMBERED else None
        return Prior(pat.name, pat.kind, pat.weight, detail, number)
    # A form's printed check boxes ("[] SECRET [] CONFIDENTIAL"); a line of one level with a
    # box beside it is tried last (``match_line``).
    row = checkbox_row(stripped)
    if row is not None and len(row.options) >= 2:
        shape = row.boxes or len(row.options) >= 3
        weight = MEDIUM + FORM_SHAPE if shape else MEDIUM
        return Prior("checkbox-row", FurnitureKind.FORM, weight, row.detail)
    printed = printed_line(stripped)
    if printed is not None:
        return Prior("form-print", FurnitureKind.FORM, MEDIUM + FORM_SHAPE, printed)
    # The CIA information report's printed caption at a page's head and foot, and the
    # "(When Filled In)" beside its level box (which needs the caption beside it:
    # ``form_evidence.report_heads``).
    if report_caption(stripped):
        return Prior("report-caption", FurnitureKind.FORM, MEDIUM + FORM_SHAPE, "printed caption")
    if when_filled_in(stripped):
        return Prior("report-print", FurnitureKind.FORM, MEDIUM, "(When Filled In)")
    if classification_caption(stripped):
        return Prior("form-caption", FurnitureKind.FORM, MEDIUM, "(classification)")
    # A form's designation in its corner with its revision date or edition note ("FD-302 (Rev.
    # 1-25-60)"), and the note's wrapped rest (which needs the designation beside it). A bare
    # number ("FD-302") is left: a file's inventory lists its serials by form, one to a line
    # (2021 NARA JFK docid-32177405 pages 5-7), and a page's place says too little for it.
    designation = form_number(stripped)
    if designation in ("revision", "edition"):
        return Prior("form-number", FurnitureKind.FORM, MEDIUM + FORM_SHAPE, designation)
    if designation == "edition-tail":
        return Prior("form-number", FurnitureKind.FORM, MEDIUM, designation)
    # A mail or file room's stamp: its word and fields alone on a short line (``notices``).
    stamp = office_stamp(stripped)
    if stamp is not None:
        return Prior("office-stamp", FurnitureKind.RELEASE_STAMP, MEDIUM + FORM_SHAPE, stamp)
    # Banners are capitals: a line with a lower-case word is not one (cheap test first).
    caps = damaged_caps(stripped)
    level = None if LOWER_RUN.search(caps) else banner_line_level(caps)
    if level is None and not LOWER_RUN.search(caps):
        # A banner word OCR broke with spaces ("S ECRET", "CONFIDENT IAL"): joined first.
        joined = unspaced(caps)
        level = banner_line_level(joined) if joined != caps else None
    if level:
        return Prior("banner-line", FurnitureKind.BANNER, MEDIUM, level)
    marking = None if LOWER_RUN.search(stripped) else handling_line(stripped)
    if marking:
        return Prior("handling-line", FurnitureKind.BANNER, MEDIUM, marking)
    joined = _joined_markings(stripped) if "/" in stripped else None
    if joined:
        return Prior("handling-line", FurnitureKind.BANNER, MEDIUM, joined)
    # Two words of a printed notice wrapped onto a line of their own ("SENSITIVE SOURCES"):
    # furniture only beside furniture.
    piece = notice_piece(stripped) if not LOWER_RUN.search(stripped) else None
    if piece is not None:
        return Prior("printed-notice-piece", FurnitureKind.FORM, MEDIUM, piece)
    fuzzy = fuzzy_line(core.upper()) if core and not has_prose(core) else None
    if fuzzy:
        name, kind, weight, score = fuzzy
        return Prior(name, kind, weight, f"rapidfuzz {score:.0f}")
    if is_junk(stripped):
        return Prior("junk", FurnitureKind.JUNK, WEAK)
    return None
