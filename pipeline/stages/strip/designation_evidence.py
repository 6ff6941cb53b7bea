"""A form's designation and edition note that the text export cut into short lines.

A form prints its designation in a corner: "FORM 10-72 3205 USE PREVIOUS EDITIONS". Where the
corner is crowded, OCR and the text export read it as a column of short lines ("jORM" / "0.72
3205 USE PREVIOUS" / "EDITIONS", or "•ORM" / "5-60" / "530" / "1401" / "USE PREVIOUS
EDITION."; 2025 NARA JFK 104-10063-10160 lines 213-217, 2023 104-10102-10237 lines 339-347,
bench/furniture/jfk-recent, dev), none of which a one-line pattern may take alone. Read
together, the pieces are the designation line (``patterns.forms.printed_score``), and so the
form's (``designation_blocks``).

A bare designation ("FORM" / "10-72 3205" / "USE", the same form's foot on its last page, the
edition note cut off) is no evidence alone: a file's inventory lists forms by number one to a
line (``patterns.forms``). But the same form number printed with its edition note elsewhere in
the document is: the bare one is the same printed corner.
"""

from __future__ import annotations

import logging
import re

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import FORM_SHAPE, MEDIUM, WEAK
from pipeline.stages.strip.lines import WorkLine
from pipeline.stages.strip.patterns.base import DEBRIS, Prior
from pipeline.stages.strip.patterns.forms import FORM_TOKEN, FORM_WORD, form_number, printed_score

log = logging.getLogger(__name__)

# A piece of a cut designation: a short line, at most this many characters ...
PIECE_CHARS = 30
# ... and at most this many of them read together.
MAX_PIECES = 5
# The form number as a key: its last digits (OCR loses or adds a leading one: "ID-72 3205",
# "0.72 3205", "10-72 3205"); at least this many digits.
KEY_DIGITS = 6
_DIGIT = re.compile(r"\d")


def _piece(ln: WorkLine | None, first: WorkLine) -> bool:
    """A line that may be a piece: same page, short, unprotected, no spans, and nothing known
    of it but a weak guess (a lone number: "530") or a form's printed line (the edition note read
    whole at the column's end)."""
    if ln is None or ln.page != first.page or ln.protected or ln.spans or ln.repeat:
        return False
    if len(ln.text.strip()) > PIECE_CHARS:
        return False
    return ln.prior is None or ln.weight <= WEAK or ln.prior.name in ("form-print", "form-number")


def _key(text: str) -> str:
    """The form number's last ``KEY_DIGITS`` digits, or "" with fewer."""
    digits = "".join(_DIGIT.findall(text))
    return digits[-KEY_DIGITS:] if len(digits) >= KEY_DIGITS else ""


# The first piece starts the designation: the word FORM (its first letter lost or misread), a
# number, or the edition note itself.
_START = re.compile(rf"(?:{FORM_WORD}(?![A-Z])|{FORM_TOKEN}(?!\S)|USE\b)")
EDITION_NOTE = "USE PREVIOUS EDITIONS"


def _starts(ln: WorkLine) -> bool:
    return bool(_START.match(ln.text.strip(DEBRIS + " \t").upper()))


def _window(ln: WorkLine) -> list[WorkLine]:
    out = [ln]
    while len(out) < MAX_PIECES and _piece(out[-1].next, ln):
        nxt = out[-1].next
        assert nxt is not None
        out.append(nxt)
    return out


def _give(pieces: list[WorkLine], why: str) -> None:
    for p in pieces:
        if p.weight <= WEAK:
            p.prior = Prior("form-number", FurnitureKind.FORM, MEDIUM + FORM_SHAPE, why)
            log.debug("form designation piece: page %d line %d", p.page, p.idx)


def designation_blocks(lines: list[WorkLine]) -> None:
    """Give the pieces of a cut designation line the form's prior (``lines``: the document's,
    in order, with their priors).

    From each line with no prior that starts a run of pieces (``_piece``), the first two to
    ``MAX_PIECES`` lines are read joined; the run whose reading is the designation with its
    edition note best (``printed_score``) is taken, its lines with no prior get a
    ``form-number`` prior of ``MEDIUM + FORM_SHAPE`` (the printed line's own weight). Then a
    bare designation read from one to ``MAX_PIECES`` lines ("FORM" / "10-72 3205" / "USE") is
    taken when its number's key (``_key``) is that of a designation found with its edition
    note in the document (on one line or in pieces).
    """
    keys: set[str] = set()
    for ln in lines:
        if ln.prior is not None and ln.prior.name in ("form-print", "form-number"):
            keys.add(_key(ln.text))
    skip: set[int] = set()
    for ln in lines:
        if id(ln) in skip or ln.weight > WEAK or not _piece(ln, ln) or not _starts(ln):
            continue
        window = _window(ln)
        best: tuple[float, int, str] | None = None
        for k in range(2, len(window) + 1):
            hit = printed_score(" ".join(w.text.strip() for w in window[:k]))
            if hit is not None and hit[0] == EDITION_NOTE and (best is None or hit[1] >= best[0]):
                best = (hit[1], k, hit[0])
        if best is None or all(w.weight > WEAK for w in window[: best[1]]):
            continue
        pieces = window[: best[1]]
        joined = " ".join(w.text.strip() for w in pieces)
        keys.add(_key(joined))
        where = ", ".join(str(w.idx) for w in pieces)
        _give(pieces, f"{best[2]!r} read over lines {where} (rapidfuzz {best[0]:.0f})")
        skip.update(id(w) for w in pieces)
    keys.discard("")
    if not keys:
        return
    for ln in lines:
        if id(ln) in skip or ln.weight > WEAK or not _piece(ln, ln):
            continue
        window = _window(ln)
        for k in range(len(window), 0, -1):
            joined = " ".join(w.text.strip() for w in window[:k])
            if form_number(joined) == "bare" and _key(joined) in keys:
                pieces = window[:k]
                where = ", ".join(str(w.idx) for w in pieces)
                why = (
                    f"bare designation over lines {where}, its number printed with its"
                    " edition note elsewhere in the document"
                )
                _give(pieces, why)
                skip.update(id(w) for w in pieces)
                break


# A form printed again in the document: its bare designation over the same printed title. The
# title lines must be alike at this rapidfuzz ratio (0-100, capitals; OCR reads each copy's
# title differently: "EXPLANATION OF CHARGE FOR INFORMATION", "@ crranation OF CHARGE FOR 1 @as
# ion" at 71), and the designations at this one ("FD-87", "¥FD-37": 75).
TITLE_LIKE = 65.0
NUMBER_LIKE = 75.0
# The title: a line of at least this many words, right under the designation.
TITLE_WORDS = 3
_ALNUM = re.compile(r"[A-Z0-9]")


def _title_under(ln: WorkLine) -> str | None:
    """The line right under a bare designation (next non-blank line, same page) when it can be
    a form's printed title: ``TITLE_WORDS`` words or more, no designation itself; in capitals."""
    nxt = ln.next
    if nxt is None or nxt.page != ln.page or nxt.idx - ln.idx > 2:
        return None
    text = nxt.text.strip()
    if len(text.split()) < TITLE_WORDS or form_number(text) is not None:
        return None
    return text.upper()


def repeated_designations(lines: list[WorkLine]) -> None:
    """Give a bare form designation alone on its line ("FD-87": the form's number in its
    corner) the form's prior when the document prints the same form again: another bare
    designation like it (``NUMBER_LIKE``) over a title line like its own (``TITLE_LIKE``).
    A file's inventory that lists forms by number one to a line ("FD-302" / "FD-302", 2021
    docid-32177405, dev) has a different entry under each. Written from 2018 docid-32989712
    lines 8809, 10043, 11868 (``bench/furniture/jfk-more``, dev): an FBI informant file's
    copies of Form FD-87 ("EXPLANATION OF CHARGE FOR INFORMATION"). ``lines``: the document's,
    in order, with their priors; run after ``designation_blocks``."""
    from rapidfuzz import fuzz

    bare: list[tuple[WorkLine, str, str]] = []
    for ln in lines:
        if ln.weight > WEAK or not _piece(ln, ln) or form_number(ln.text.strip()) != "bare":
            continue
        title = _title_under(ln)
        if title is not None:
            bare.append((ln, "".join(_ALNUM.findall(ln.text.upper())), title))
    for ln, number, title in bare:
        for other, other_number, other_title in bare:
            if other is ln or fuzz.ratio(number, other_number) < NUMBER_LIKE:
                continue
            if fuzz.ratio(title, other_title) < TITLE_LIKE:
                continue
            why = f"bare designation over its form's title, printed so again at line {other.idx}"
            ln.prior = Prior("form-number", FurnitureKind.FORM, MEDIUM + FORM_SHAPE, why)
            log.debug("repeated form designation: page %d line %d", ln.page, ln.idx)
            break


# A form's revision note printed under its designation, the month spelled: "Revised Feb. 1963",
# with the level the form prints beside it ("Form 60-1 (IN)" / "Revised Feb. 1963 SECRET": a CIA
# field form's corner, 2022 104-10183-10196 lines 43-44, bench/furniture/jfk-2022, dev).
_REVISED = re.compile(
    r"""(?:Revised|REVISED|Rev\.|REV\.)\s*
        (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG
           |SEP|SEPT|OCT|NOV|DEC)[a-zA-Z]{0,6}\.?,?\s*(?:\d{1,2},?\s+)?(?:19|20)\d\d\.?
        (?:\s+(?:TOP\s+SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED))?""",
    re.X,
)


# The regulation note an optional or standard form prints under its designation: "GSA GEN. REG.
# NO. 27", "GSA FPMR (41 CFR) 101-11.6", with the edition "MAY 1962 EDITION" (the FBI's
# memorandum form, Optional Form No. 10; OCR "ESA GEN. REG. NO. 27" two lines under "OP FIONAL
# FORM NO. 10", its stock number "5010-104" read "1iU00-9s" between: 2025 124-10180-10295 lines
# 95-99, bench/furniture/jfk-series, dev).
_REGULATION = re.compile(
    r"""\w?SA\s+(?:GEN\W{0,2}\s*REG\W{0,2}\s*NO\W{0,2}\s*\d{1,3}|FPMR\b.*)
        |(?:JAN|FEB|MAR|APR|MAY|JUNE?|JULY?|AUG|SEPT?|OCT|NOV|DEC)\w{0,6}\.?\s+(?:19|20)\d\d\s+EDITION""",
    re.X | re.I,
)
# A stock number between the designation and its note: a short line.
STOCK_CHARS = 12


def _note_under(ln: WorkLine) -> list[WorkLine]:
    """The revision or regulation note under a bare designation ``ln``, with a short line (the
    form's stock number) between them at most; [] for none."""
    between: list[WorkLine] = []
    nxt = ln.next
    for _ in range(2):
        if nxt is None or not _piece(nxt, ln):
            return []
        text = nxt.text.strip(DEBRIS + " \t")
        if _REVISED.fullmatch(text) or _REGULATION.fullmatch(text):
            return [*between, nxt]
        if len(text) > STOCK_CHARS:
            return []
        between.append(nxt)
        nxt = nxt.next
    return []


def revised_designations(lines: list[WorkLine]) -> None:
    """Give a bare form designation and the revision note printed right under it ("Form 60-1
    (IN)" / "Revised Feb. 1963 SECRET", the level the form prints beside the note with it) the
    form's prior, ``MEDIUM + FORM_SHAPE``: together they are the designation with its revision
    date, which ``patterns.forms.form_number`` reads on one line ("FD-36 (Rev. 12-13-56)").
    Either alone is left (a bare number may be an inventory's entry; a date line a memo's).
    ``lines``: the document's, in order, with their priors."""
    for ln in lines:
        if not _piece(ln, ln) or ln.weight > WEAK or form_number(ln.text.strip()) != "bare":
            continue
        note = _note_under(ln)
        if not note:
            continue
        where = ", ".join(str(p.idx) for p in (ln, *note))
        why = f"form designation over its revision or regulation note, lines {where}"
        for p in (ln, *note):
            p.prior = Prior("form-number", FurnitureKind.FORM, MEDIUM + FORM_SHAPE, why)
        log.debug("designation with revision note: page %d line %d", ln.page, ln.idx)
