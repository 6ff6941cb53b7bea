"""A line of a rubber stamp run into a line of text beside it: the stamp's words go, the text stays.

A stamp of several short lines (``block_evidence.BLOCKS``: the FBI's declassification stamp "ALL
INFORMATION CONTAINED / HEREIN IS UNCLASSIFIED / DATE 5-3-94 BY SP2 ALM", CIA's handling stamp
"RETURN TO CIA / Background Use Only / Do Not Reproduce") is put down wherever the page has room,
often level with an address block or a memo's heading; OCR then reads the stamp's line and the
text beside it as one line ("Washington, D. C. 20530 ALL INFORMATION CONTAINED", "yroM : Alien
Affairs Officer Do Not Reproduce", "FALL INFORMATION CONTAINED 3/14/63, at Chicago."). The
whole-line patterns and ``block_evidence.stamp_blocks`` see neither: the line is not the stamp.

What tells the stamp's piece from a sentence that happens to end in the same words ("... the
information contained", "FYI: INFORMATION CONTAINED IN REFERENCE ...") is the block: the piece
reads nearly whole as one of the stamp's lines, at the line's start or end, and another of the
stamp's lines stands within ``NEAR`` lines on the same page, as a line of its own already known
to be the stamp, or glued into another line the same way, reading as a different line of it
(``glued_stamps``). The piece is then removed as a span of its line, its evidence naming that
other line; the rest of the line is kept.

Found on dev material only (NARA JFK releases, noops888/jfk-files-text @55840853): 2018
docid-32989641 (bench/furniture/jfk-more: the FBI stamp beside letters' address blocks, lines
545, 795-798, 7812-7815, 8566-8567, 10656-10658, 10710-10713), 2021 docid-32340308 line 139
(jfk-state), 2022 docid-32305309 lines 132-133 (jfk-prose), 2022 104-10112-10142 line 17
(jfk-series: CIA's stamp on a memo's FROM line), 2018 104-10133-10041 line 7 (jfk).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from pipeline.stages.strip.block_evidence import BLOCK, BLOCKS, DATE_LINE, Block
from pipeline.stages.strip.config import MEDIUM
from pipeline.stages.strip.lines import Span, Tok, WorkLine
from pipeline.stages.strip.patterns.base import DEBRIS
from pipeline.stages.strip.patterns.match import match_line
from pipeline.stages.strip.patterns.stamps import FBI_DECLASS_DATE

if TYPE_CHECKING:
    from pipeline.lexicon import Lexicon

log = logging.getLogger(__name__)

# The piece must read as the stamp's line at this rapidfuzz ratio (0-100), upper-cased, debris
# at its ends off; a piece at the line's end may be cut there ("HEREIN IS UNCLASSIFI"): then it
# is read against as much of the stamp's line as it is long, when it holds at least ``CUT`` of
# it and two tokens or more (a single cut word, "declassification", is any text's). Beside such
# a piece, a piece of another of the stamp's lines needs only ``MATE`` (a stamp's two lines
# found together, as ``block_evidence`` takes a line beside an anchor).
GLUED = 85.0
MATE = 72.0
CUT = 0.6
# ... and its first token must read as the stamp line's first word (``_opens``).
FIRST = 60.0
# A piece read against the whole stamp line holds at least this share of its letters and
# digits: a word of the line missing is another text ("FYI AND BACKGROUND ONLY :", a cable's own
# first line under the whole stamp, 2025 104-10063-10160 line 72, jfk-recent dev).
WHOLE = 0.85
# A word left beside a stamp line read whole is the document's only when it is this common in
# English (the lexicon's corpus count: "END" 2e8, "RET" 4e6).
COMMON = 10_000_000
# At most this many tokens in the piece, and at least this many characters: a single short word
# ("OTHERWISE") is too often a sentence's own.
TOKENS = 6
CHARS = 12
# The stamp's other line lies at most this many non-blank lines away, on the same page.
NEAR = 3
_ALNUM = re.compile(r"[A-Za-z0-9]")
# An FBI agent's code and initials on the stamp's date line: "ALM", "SD/SADN", "BJD/jy", "SP-2".
_INITIALS = re.compile(r"[A-Z0-9]{1,6}(?:[/-][A-Za-z0-9]{1,6})*")


@dataclass(frozen=True, slots=True)
class Piece:
    """A stamp line's words at one end of a line: character offsets in the line, the block's
    line it reads as (index into ``Block.lines``) and the reading (rapidfuzz ratio)."""

    line: WorkLine
    start: int
    end: int
    place: int
    score: float


def _reading(text: str, block: Block, at_end: bool) -> tuple[float, int]:
    """(ratio, block line) of the best reading of ``text`` as one of ``block``'s lines; (0, -1)
    for a piece too short. A date line is read by its shape alone."""
    core = " ".join(text.upper().split()).strip(DEBRIS + " ")
    dated = " ".join(text.split()).strip(DEBRIS + " ")
    if DATE_LINE in block.lines and FBI_DECLASS_DATE.fullmatch(dated):
        return 100.0, block.lines.index(DATE_LINE)
    if len(core) < CHARS:
        return 0.0, -1
    printed = [line for line in block.lines if line != DATE_LINE]
    hit = process.extractOne(core, printed, scorer=fuzz.ratio)
    best, place = (hit[1], block.lines.index(hit[0])) if hit else (0.0, -1)
    if hit and _letters(core) < WHOLE * _letters(hit[0]):
        best, place = 0.0, -1  # a word of the line missing: "FYI AND BACKGROUND ONLY :"
    if at_end and len(core.split()) >= 2:
        for line in printed:
            if CUT * len(line) <= len(core) < len(line):
                score = fuzz.ratio(core, line[: len(core)])
                if score > best:
                    best, place = score, block.lines.index(line)
    return best, place


def _letters(text: str) -> int:
    return sum(c.isalnum() for c in text)


def _free(ln: WorkLine, block: Block) -> bool:
    """A line the stamp may be glued into: not the cable's own header, no span, not decided,
    and no pattern of weight, unless the pattern is this stamp's own line read whole (a damaged
    reading the words glued to it spoil: "File No. ALL INFORMATION CONTAINED")."""
    if ln.protected or ln.spans or ln.furniture:
        return False
    return ln.weight < MEDIUM or _anchor(ln, block)


def _piece(ln: WorkLine, block: Block, lexicon: Lexicon | None) -> Piece | None:
    """The best reading of the line's first or last tokens (up to ``TOKENS``; tokens of debris
    alone at the line's ends are passed over and stay; some token with a letter or digit left
    out of the piece) as a line of ``block``, at ``MATE`` or better; None without one. A line
    already read whole as the stamp's line gives a piece only where the piece reads better than
    the whole line and the rest holds a word the lexicon knows (``lexicon``; none: no piece):
    "END ALL INFORMATION CONTAINED", the teletype's END glued to the stamp."""
    toks = [t for t in ln.toks if _ALNUM.search(ln.text, t.start, t.end)]
    whole = _reading(ln.text, block, False)[0] if _anchor(ln, block) else None
    best: Piece | None = None
    for k in range(1, min(TOKENS, len(toks) - 1) + 1):
        for start, end, at_end, rest in (
            (toks[-k].start, toks[-1].end, True, toks[:-k]),
            (toks[0].start, toks[k - 1].end, False, toks[k:]),
        ):
            score, place = _reading(ln.text[start:end], block, at_end)
            if score < MATE or (best is not None and score <= best.score):
                continue
            if not _opens(ln.text[start:end], block.lines[place]):
                continue
            if whole is not None and not (score > whole and _known(ln, rest, block, lexicon)):
                continue
            if _stampish(ln.text[rest[0].start : rest[-1].end], block):
                continue
            best = Piece(ln, start, end, place, score)
    if best is not None and best.start == toks[0].start and block.lines[best.place] == DATE_LINE:
        best = _with_initials(best, toks, lexicon)
    return best


def _with_initials(p: Piece, toks: list[Tok], lexicon: Lexicon | None) -> Piece:
    """A date line ``p`` at its line's start taken on over the agent's code and initials after
    it: the shortest piece the date line's shape reads ("DATE 1-18-95 BY 5668") left the
    initials ("SD/SADN", "ALM") in the text. A token after it is the stamp's while the piece
    still reads as the date line with it, it is shaped as initials (``_INITIALS``: capitals and
    digits, "/" or "-" between parts) and is no common word ("TO"; ``COMMON``, with the
    ``lexicon``), and some token with a letter or digit stays on the line."""
    ln = p.line
    end = p.end
    for t in toks[:-1]:  # the last stays: the line is no stamp line whole
        if t.start < end:
            continue
        word = ln.text[t.start : t.end]
        if not _INITIALS.fullmatch(word) or not FBI_DECLASS_DATE.fullmatch(
            " ".join(ln.text[p.start : t.end].split())
        ):
            break
        if lexicon is not None and lexicon.count(word.lower()) >= COMMON:
            break
        end = t.end
    return p if end == p.end else Piece(ln, p.start, end, p.place, p.score)


def _opens(piece: str, printed: str) -> bool:
    """Does the piece start as the stamp's line does: its first token (upper-cased, debris off)
    reads as the line's first word (rapidfuzz ``FIRST``) or begins with it ("HEREINIS")? A
    sentence's "FYI: INFORMATION CONTAINED IN REFERENCE", "THE INFORMATION CONTAINED" read
    near the whole stamp line but do not open as it. A date line opens with DATE by its shape."""
    if printed == DATE_LINE:
        return True
    first = piece.split()[0].upper().strip(DEBRIS + " ")
    word = printed.split()[0]
    return first.startswith(word) or fuzz.ratio(first, word) >= FIRST


def _known(ln: WorkLine, rest: list[Tok], block: Block, lexicon: Lexicon | None) -> bool:
    """Is ``rest`` (tokens of ``ln`` outside a piece) words of the document's own: each of its
    words of letters (debris off, two letters or more; one of three or more) a common English
    word (``COMMON``) and cased as a word is (all capitals, all small, or a capital first)? A
    stamp's ink read beside the piece ("JuD RE us Background Use Only", "RET RETURN TO CIA",
    "Sete ea Background Use Only") and an agency's name in the stamp ("CIA HAS NO OBJECTION
    TO") are not."""
    if lexicon is None or not rest:
        return False
    words = [ln.text[t.start : t.end].strip(DEBRIS + ".,;: ") for t in rest]
    words = [w for w in words if w.isalpha() and len(w) >= 2]
    if match_line(ln.text[rest[0].start : rest[-1].end]) is not None:
        return False  # furniture too: "Background Use Only SECRET", the page's banner beside
    cased = all(w.isupper() or w.islower() or w.istitle() for w in words)
    long = any(len(w) >= 3 for w in words)
    lows = [w.lower() for w in words]
    common = all(lexicon.is_english(w) and lexicon.count(w) >= COMMON for w in lows)
    return cased and long and common


def _stampish(text: str, block: Block) -> bool:
    """Does ``text``, the rest of a line beside a piece, read as another of the stamp's lines
    (``MATE``), or as its head or tail cut off (``GLUED``, holding ``CUT`` of it)? Then the
    line is the stamp's two lines read as one ("IN THIS DOCUMENTS SANITIZED.": "IN THIS
    DOCUMENT" / "AS SANITIZED"), for the whole-line patterns, not a line of text."""
    core = " ".join(text.upper().split()).strip(DEBRIS + " ")
    if len(core) < 4:
        return False
    for line in block.lines:
        if line == DATE_LINE:
            continue
        if fuzz.ratio(core, line) >= MATE:
            return True
        if (
            CUT * len(line) <= len(core) < len(line)
            and max(fuzz.ratio(core, line[: len(core)]), fuzz.ratio(core, line[-len(core) :]))
            >= GLUED
        ):
            return True
    return False


def _anchor(ln: WorkLine, block: Block) -> bool:
    """A line already known as a line of this stamp (a one-line pattern or a block of them)."""
    return ln.prior is not None and ln.weight >= MEDIUM and ln.prior.name in block.anchors


def _near(ln: WorkLine) -> list[WorkLine]:
    """The non-blank lines at most ``NEAR`` lines up or down from ``ln`` on its page."""
    out: list[WorkLine] = []
    for step in ("prev", "next"):
        other = getattr(ln, step)
        for _ in range(NEAR):
            if other is None or other.page != ln.page:
                break
            out.append(other)
            other = getattr(other, step)
    return out


def _beside(p: Piece, pieces: dict[int, Piece], block: Block) -> str:
    """What stands for the stamp beside piece ``p``: a line of it read whole (``_anchor``) when
    ``p`` reads at ``GLUED``, or a piece of another of its lines with one of the two at
    ``GLUED``; "" for nothing."""
    for other in _near(p.line):
        mate = pieces.get(id(other))
        if mate is None:
            if p.score >= GLUED and _anchor(other, block):
                return f"the stamp's line {other.idx}"
        elif mate.place != p.place and max(mate.score, p.score) >= GLUED:
            return f"the stamp's line {block.lines[mate.place]!r} glued into line {other.idx}"
    return ""


def glued_stamps(lines: list[WorkLine], lexicon: Lexicon | None = None) -> None:
    """Cut a stamp's line out of a line of text it was read into (see the module docstring):
    a removed span (``WorkLine.spans``) of the block's kind at weight ``BLOCK``, its evidence
    naming the stamp's line it reads as and the stamp's other line beside it; a line that was
    read whole as the stamp loses that prior (its stamp words are the span). ``lines``: the
    document's, in order, after ``block_evidence.stamp_blocks``; ``lexicon``: the run's (for
    ``_piece``)."""
    for block in BLOCKS:
        if len(block.lines) < 2:
            continue
        pieces = {
            id(ln): p
            for ln in lines
            if _free(ln, block)
            for p in [_piece(ln, block, lexicon)]
            if p is not None
        }
        found = [(p, why) for p in pieces.values() for why in [_beside(p, pieces, block)] if why]
        for p, beside in found:
            ln = p.line
            # At the start when nothing with a letter or digit comes before it (``_piece``
            # passes over debris at the line's ends: "| ALL INFORMATION CONTAINED ...").
            why = [
                f"{block.name}: {block.lines[p.place]!r} (rapidfuzz {p.score:.0f}) glued to the "
                f"line's {'end' if _ALNUM.search(ln.text, 0, p.start) else 'start'}",
                f"beside {beside}",
            ]
            ln.spans.append(Span(p.start, p.end, block.kind, why, BLOCK))
            ln.prior = None
            log.debug("glued stamp %s: page %d line %d", block.name, ln.page, ln.idx)
