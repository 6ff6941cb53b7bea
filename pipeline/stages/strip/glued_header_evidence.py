"""A teleprinter page header read into one line with body words or specks: the header goes.

A telegram's every page opens with the teleprinter's header (classification, PAGE nn, post,
message number, date-time group: "SECRET PAGE 04 PARIS 03302 261201Z"). On a faint photocopy
OCR reads the header with a body line beside it as one line ("EMBASSY OFFICER WHO WAS ALLEGED
TO BE SECRET PAGE 04 PARIS 03302 2612012"), or with specks between its fields ("SECRET ce -
PAGE 02. ~~: ~PARES 03302 2612012", "SECRET PAGE 04 _ PARIS 03302 2612012"): the header patterns
want the header whole on its own line, and ``teletype_evidence.worn_headers`` wants PAGE first.
Seen on the generator's extreme dev tier (frus1964-68v22_d52, ``bench.extreme_dev``, dev).

The evidence is the telegram's own headers, not a string: where ``MIN_KNOWN`` lines of the
document were read whole as the header, a run of tokens near the top of another page (its first
``TOP`` lines) that reads as PAGE, a page number, one of their posts and their message number
(optionally with the date-time group and the level word before PAGE) is that page's header,
when its page number follows theirs in sequence (page index + the known headers' offset) or,
worn past reading, the message number is theirs exactly. The run is removed as a recorded span
of its line and the line's other words stay; a line that is nothing but the header and specks
takes the worn header's prior instead (its whole line is the header).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import MEDIUM, POSITION
from pipeline.stages.strip.lines import Span, Tok, WorkLine
from pipeline.stages.strip.patterns.banners import banner_tokens
from pipeline.stages.strip.patterns.base import DEBRIS, Prior

log = logging.getLogger(__name__)

_HEADER = "teletype-page-header"
# Headers read whole in the document needed before a glued one is taken.
MIN_KNOWN = 2
# The header is among a page's first non-blank lines.
TOP = 3
# rapidfuzz ratio (0-100): a token read as PAGE ("PACE"), a post read as the known one
# ("PARES" for PARIS), a message number read with a slip ("62571" for 02571).
PAGE_SCORE = 75.0
POST_SCORE = 75.0
MSG_SCORE = 80.0
# Speck tokens (no letter or digit, or one or two characters) passed over between fields.
SPECK = 2
# OCR's digit slips in a teleprinter's numbers ("@1", "O2", "G1").
_DIGITS = str.maketrans("OoQD@©Il|BGSZ", "000000111065" + "2")
_ALNUM = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True, slots=True)
class Known:
    """A header read whole: its line, page number (None when unread), post and message number."""

    line: WorkLine
    number: int | None
    post: str
    msg: str


def _clean(word: str) -> str:
    return word.upper().strip(DEBRIS + " ")


def _number(word: str) -> int | None:
    """A page number as digits after OCR's slips are undone ("@2" → 2); None when unread."""
    digits = _clean(word).translate(_DIGITS)
    return int(digits) if digits.isdigit() and len(digits) <= 3 else None


def _speck(word: str) -> bool:
    """A token of debris, or of one or two characters and no digit: a speck read between
    fields ("ce", "_", "~~:")."""
    core = _clean(word)
    return not core or (len(core) <= SPECK and not any(c.isdigit() for c in core))


def _fields(ln: WorkLine, at: int) -> list[int]:
    """Indices of ``ln``'s tokens from ``at`` on that are not specks (the header's fields)."""
    return [k for k in range(at, len(ln.toks)) if not _speck(_word(ln, ln.toks[k]))]


def _word(ln: WorkLine, t: Tok) -> str:
    return ln.text[t.start : t.end]


def _known(lines: list[WorkLine]) -> list[Known]:
    """The document's headers read whole (a ``teletype-page-header`` prior at ``MEDIUM`` or more)
    with their fields."""
    out: list[Known] = []
    for ln in lines:
        if ln.prior is None or ln.prior.name != _HEADER or ln.weight < MEDIUM:
            continue
        words = [_clean(_word(ln, t)) for t in ln.toks]
        at = next((k for k, w in enumerate(words) if fuzz.ratio(w, "PAGE") >= PAGE_SCORE), None)
        if at is None:
            continue
        fields = [w for w in words[at + 1 :] if w]
        if len(fields) >= 3 and fields[1].isalpha():
            out.append(Known(ln, _number(fields[0]), fields[1], fields[2].translate(_DIGITS)))
    return out


@dataclass(frozen=True, slots=True)
class Found:
    """A header's run of tokens in a line: token indices ``first``..``last`` (inclusive), and
    the evidence."""

    first: int
    last: int
    why: list[str]


def _match(ln: WorkLine, known: list[Known], offset: int | None) -> Found | None:
    """The header's run in ``ln``: PAGE, page number, a known post, the known message number,
    then an optional date-time group; the level word right before PAGE joins the run. None
    without one, or when its page number breaks the sequence (``offset``: page number minus
    page index of the known headers, None when they disagree)."""
    for at, t in enumerate(ln.toks):
        if fuzz.ratio(_clean(_word(ln, t)), "PAGE") < PAGE_SCORE:
            continue
        fields = _fields(ln, at + 1)
        if len(fields) < 3:
            continue
        no, post, msg = (_clean(_word(ln, ln.toks[k])) for k in fields[:3])
        best = max(known, key=lambda h: fuzz.ratio(post, h.post) + fuzz.ratio(msg, h.msg))
        if fuzz.ratio(post, best.post) < POST_SCORE:
            continue
        exact = msg.translate(_DIGITS) == best.msg
        if not exact and fuzz.ratio(msg.translate(_DIGITS), best.msg) < MSG_SCORE:
            continue
        number = _number(no)
        expected = None if offset is None else ln.page + offset
        if number is not None and number != expected:
            continue  # a number read that breaks the sequence: not this telegram's page
        if number is None and not exact:
            continue
        last = fields[2]
        dtg = fields[3] if len(fields) > 3 else None
        if dtg is not None and sum(c.isdigit() for c in _clean(_word(ln, ln.toks[dtg]))) >= 4:
            last = dtg
        first = at
        before = [k for k in range(at) if not _speck(_word(ln, ln.toks[k]))]
        if before and banner_tokens([_word(ln, ln.toks[before[-1]])])[0] is not None:
            first = before[-1]
        seq = f"page {number} in sequence" if number is not None else "page number unread"
        why = [
            f"teletype page header of this telegram: post {best.post} and message "
            f"{best.msg} as the header on page {best.line.page + 1} line {best.line.idx}",
            f"{seq}; among the page's first {TOP} lines",
        ]
        return Found(first, last, why)
    return None


def _offset(known: list[Known]) -> int | None:
    """Page number minus page index, when every known header read agrees; else None."""
    offsets = {h.number - h.line.page for h in known if h.number is not None}
    return offsets.pop() if len(offsets) == 1 else None


def glued_headers(lines: list[WorkLine]) -> None:
    """Find the telegram's page header glued into a line at a page's top (module docstring):
    a removed span of ``TELETYPE_HEADER`` at ``MEDIUM + POSITION`` over the header's run (with
    specks inside it and at the line's end beside it), or, when no letter or digit stays
    outside the run, the worn header's prior for the whole line. ``lines``: the document's,
    in order, after the header patterns and ``teletype_evidence.worn_headers``."""
    known = _known(lines)
    if len(known) < MIN_KNOWN:
        return
    offset = _offset(known)
    have = {h.line.page for h in known}
    seen: dict[int, int] = {}
    for ln in lines:
        seen[ln.page] = seen.get(ln.page, 0) + 1
        if seen[ln.page] > TOP or ln.page in have:
            continue
        if ln.protected or ln.spans or ln.furniture or ln.weight >= MEDIUM or not ln.toks:
            continue
        found = _match(ln, known, offset)
        if found is None:
            continue
        have.add(ln.page)
        first, last = found.first, found.last
        # Marks beside the run go with it ("... 261201Z |"); a short word stays ("TO BE").
        while first > 0 and not _ALNUM.search(_word(ln, ln.toks[first - 1])):
            first -= 1
        while last + 1 < len(ln.toks) and not _ALNUM.search(_word(ln, ln.toks[last + 1])):
            last += 1
        rest = [_word(ln, t) for k, t in enumerate(ln.toks) if not first <= k <= last]
        if all(_speck(w) for w in rest):  # the header and specks: the whole line
            why = "; ".join(found.why)
            ln.prior = Prior(
                _HEADER + "-glued", FurnitureKind.TELETYPE_HEADER, MEDIUM + POSITION, why
            )
        else:
            start, end = ln.toks[first].start, ln.toks[last].end
            place = "end" if _ALNUM.search(ln.text, 0, start) else "start"
            why = [*found.why, f"glued to the line's {place}"]
            ln.spans.append(Span(start, end, FurnitureKind.TELETYPE_HEADER, why, MEDIUM + POSITION))
        log.debug("glued teletype header: page %d line %d", ln.page, ln.idx)
