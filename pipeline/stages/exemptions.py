"""FOIA exemption codes in text, as releases print them and as OCR reads them.

One reader for every place a code is read: beside a redaction box on a page image
(``stages.redaction``) and as an exemption label in text input (``strip.redactions``). Codes
come out normalised ("(b)(6)", "(b)(7)(C)", "B1", "1.4(D)", "25X1", "3.5(c)", "(S)") whatever
form OCR gave them.

Two grammars. The strict one (``exemption_codes``) reads the forms releases print and the OCR
forms seen often enough to be sure of; it runs anywhere, running text included. The tolerant
one (``read_codes(..., tolerant=True)``) also undoes OCR confusions within the grammar of a
code — a stray mark inside "(fb)(1)", a lost parenthesis "(b(3)", a letter for a digit "Bt",
"(b)(S)", a diacritic run on "B6é" — and says how sure it is: ``TOLERANT_CONF`` for each
character changed (Levenshtein distance to the normalised code), at most ``TOLERANT_EDITS``.
It is only for words printed right beside or inside a redaction box, where a code is expected;
in running text "Bt" or "(h)(1)" are no codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# FOIA exemption codes as releases print them, as OCR reads them. Sources: "(b)(6)" and its
# OCR forms "l(b)(6)", "!rb)(6)" (Talbott release manifest, dev rows: C09000012 and others);
# "B1,1.4(B),1.4(D)" (the State stamp, stamps.tsv); "(S)" beside CIA redactions (NARA JFK);
# "25X1" (CIA CREST releases, E.O. 12958 section 3.3(b)(1): 25X1 to 25X9); the sections of
# E.O. 13526 the CIA prints beside its boxes, "3.3(h)(2)", "3.5(c)" (CIA Current Intelligence
# Bulletins, tests/data/redactions/, dev);
# the FBI's margin codes "b6", "b7C", "b7E-1, 2, 3" with their category numbers, and their OCR
# forms "bl-1", "bi-1", "bl-l" (the FBI's Carter Page FISA release, tests/data/redactions/).
# A small "(b)" beside a box is read "(ib)", "(1b)", "(6b)" or "(6)" (b and 6 are a classic
# confusion) and "B1" "Bl" (rendered pages, bench/redaction_render.py, dev).
_CODE = re.compile(
    r"""(?P<b>(?<![\w])[l|!I]?(?:[(\[{r]?b|[(\[{][il1|6]b|[(\[{]6)[)\]}]\s?[(\[{]\s?(?P<bn>[1-9])\s?[)\]}]
            (?P<sub>\s?[(\[{]\s?(?P<bx>[A-Fa-f])\s?[)\]}](?!\s?[(\[{]\s?[1-9]))?)
      |(?<![\w.(\[{])b(?:(?P<fb>[1-9])|(?P<fl>[lIi])(?=[A-F]?\s?-\s?(?:\d|[lI](?!\w))))
            (?P<fbx>[A-F])?(?:\s?-\s?(?:\d+|[lI](?!\w))(?:\s?,\s?\d+)*)?(?![\w(])
      |(?<![\w.])B\s?(?P<B>[1-9]|l)(?![\w])
      |(?<![\w.])1\.4\s?\(\s?(?P<four>[A-Ha-h])\s?\)
      |(?<![\w.])3\.(?P<eo>[35])\s?\(\s?(?P<eol>[a-h])\s?\)(?:\s?\(\s?(?P<eon>[1-9])\s?\))?
      |(?<![\w.])25X(?P<x25>[1-9])(?![\w])
      |(?P<level>\((?:S|TS|C)\))(?![\w])""",
    re.X,
)

#: OCR's readings of a digit in a code's place (small type beside a box: rendered pages, dev;
#: "Bt" for "B1", "(b)(S)" for "(b)(5)", "(b)(?)" for "(b)(7)").
DIGIT_CONFUSIONS = {
    **dict.fromkeys("lI|!itj", "1"),
    **dict.fromkeys("Zz", "2"),
    **dict.fromkeys("Ss", "5"),
    "G": "6",
    **dict.fromkeys("T?", "7"),
    **dict.fromkeys("gq", "9"),
}
_D = r"[1-9lI|!itjZzSsGT?gq]"
_OPEN, _CLOSE = r"[(\[{]", r"[)\]}]"
_JUNK = r"[^\s()\[\]{}]"
# The tolerant grammar: each part of a code may be missing a bracket, carry one stray mark,
# or have a look-alike for its digit; the "b" of "(b)" may be read as a non-ASCII mark
# ("(»)"). Which of these a reading needed is its distance.
_LOOSE = re.compile(
    rf"""(?<![\w])[l|!I]?(?:(?:{_OPEN}{_JUNK}?|{_JUNK}?)[b6h]{_JUNK}?|{_OPEN}[^\x00-\x7f])(?:[)\]}}]?\s?{_OPEN}|(?P<lost>))\s?(?P<bn>{_D})\s?{_CLOSE}?
            (?P<sub>\s?{_OPEN}\s?(?P<bx>[A-Fa-f])\s?{_CLOSE}?)?(?=[\s,;.]|$)
      |(?<![\w.])B\s?(?P<B>{_D}|[1-9][^\x00-\x7f\s]?)(?=[\s,;.]|$)
      |(?<![\w.])[1lI|]\s?[.,]\s?4\s?(?:{_OPEN}\s?(?P<four>[A-Ha-h])\s?{_CLOSE}?|(?P<four2>[A-Ha-h])\s?{_CLOSE})
      |(?<![\w.])2\s?[5S]\s?[Xx×]\s?(?P<x25>{_D}|[1-9])(?![\w])
      |(?<![\w.(\[{{])b(?P<fd>{_D})(?P<fdx>[A-F])?\s?-\s?(?P<fcat>[^\s,;.]{{1,2}})(?:\s?,\s?\d+)*(?=[\s,;.]|$)""",
    re.X,
)
#: How sure a tolerant reading is, for each character OCR got wrong; at most this many.
TOLERANT_CONF = 0.8
TOLERANT_EDITS = 2


@dataclass(frozen=True, slots=True)
class CodeRead:
    """One exemption code read in a text: the normalised code, its character offsets
    (``start``, ``end``), and how sure the reading is (1.0 for the strict grammar;
    ``TOLERANT_CONF`` to the power of the OCR confusions undone otherwise)."""

    code: str
    start: int
    end: int
    conf: float = 1.0


def _digit(c: str) -> str:
    return DIGIT_CONFUSIONS.get(c, c)


def exemption_codes(text: str, *, classification: bool = True) -> list[tuple[str, int, int]]:
    """The exemption codes in ``text`` (strict grammar), normalised, with their character
    offsets.

    ``classification``: also read "(S)", "(TS)", "(C)" (beside a redaction box they name the
    level withheld; in running text they are portion markings, so text input leaves them out).

    >>> [c for c, _, _ in exemption_codes("l(b)(6) and (b)(7)(C), B1,1.4(d) (S) 25X1")]
    ['(b)(6)', '(b)(7)(C)', 'B1', '1.4(D)', '(S)', '25X1']
    >>> [c for c, _, _ in exemption_codes("(ib)(1) (6)(6) (1b) (3) Bl (b)(1) (b)(3)")]
    ['(b)(1)', '(b)(6)', '(b)(3)', 'B1', '(b)(1)', '(b)(3)']
    >>> exemption_codes("(C) The talks", classification=False), exemption_codes("B12 vitamin")
    ([], [])
    >>> exemption_codes("Bt (fb)(1) B6é")
    []

    Only (b)(7) has lettered parts: "(b)(1)(B)" is "(b)(1)" run into a code stacked under it.

    >>> [c for c, _, _ in exemption_codes("(b)(1)(B) (b)(7)(D) 3.3(h)(2) 3.5(c)")]
    ['(b)(1)', '(b)(7)(D)', '3.3(h)(2)', '3.5(c)']
    """
    return [(r.code, r.start, r.end) for r in read_codes(text, classification=classification)]


def read_codes(text: str, *, classification: bool = True, tolerant: bool = False) -> list[CodeRead]:
    """The exemption codes in ``text`` with their offsets and confidence, in order.

    The strict grammar first (``exemption_codes``, confidence 1.0); with ``tolerant``, also the
    readings that need OCR confusions undone, where the strict grammar read nothing: each with
    confidence ``TOLERANT_CONF`` per character changed (Levenshtein distance between the
    reading, spaces, bracket shapes and case aside, and the code), none with more than
    ``TOLERANT_EDITS``. Only for the words beside a redaction box (see the module docstring).

    >>> [(r.code, r.conf) for r in read_codes("Bt (fb)(1) B6é (b(3) 1.4(d", tolerant=True)]
    [('B1', 0.8), ('(b)(1)', 0.8), ('B6', 0.8), ('(b)(3)', 0.8), ('1.4(D)', 0.8)]
    >>> read_codes("Bt (fb)(1)"), read_codes("Bravo B12 1.45 25 X-ray Bb (b)(bb)", tolerant=True)
    ([], [])
    """
    out: list[CodeRead] = []
    for m in _CODE.finditer(text):
        end = m.end()
        if m.group("b"):
            code = f"(b)({m.group('bn')})"
            if m.group("bx") and m.group("bn") == "7":
                code += f"({m.group('bx').upper()})"
            elif m.group("bx"):
                end = m.start("sub")  # only (b)(7) has parts: "(b)(1)(B)" is two lines
        elif m.group("fb") or m.group("fl"):
            if m.group("fbx") and m.group("fb") != "7":
                continue  # only (b)(7) has parts: "bIA-1" is "b7A-1" misread (tolerant)
            sub = f"({m.group('fbx')})" if m.group("fbx") else ""
            code = f"(b)({m.group('fb') or '1'})" + sub
        elif m.group("B"):
            code = f"B{m.group('B').replace('l', '1')}"
        elif m.group("four"):
            code = f"1.4({m.group('four').upper()})"
        elif m.group("eo"):
            code = f"3.{m.group('eo')}({m.group('eol')})"
            code += f"({m.group('eon')})" if m.group("eon") else ""
        elif m.group("x25"):
            code = f"25X{m.group('x25')}"
        else:
            if not classification:
                continue
            code = m.group("level")
        out.append(CodeRead(code, m.start(), end))
    if tolerant:
        for r in _loose(text):
            over = [s for s in out if r.start < s.end and s.start < r.end]
            # "(b)(S)": a level marking read inside a longer code is that code's digit.
            if all(s.code.startswith("(") and not s.code.startswith("(b)") for s in over) and all(
                r.start <= s.start and s.end <= r.end and (s.start, s.end) != (r.start, r.end)
                for s in over
            ):
                out = [s for s in out if s not in over] + [r]
        out.sort(key=lambda r: r.start)
    return out


def _loose(text: str) -> list[CodeRead]:
    """The tolerant grammar's readings of ``text`` (``read_codes``)."""
    from rapidfuzz.distance import Levenshtein

    out: list[CodeRead] = []
    for m in _LOOSE.finditer(text):
        end = m.end()
        if m.group("bn"):
            code = f"(b)({_digit(m.group('bn'))})"
            if m.group("bx") and code == "(b)(7)":
                code += f"({m.group('bx').upper()})"
            elif m.group("bx"):
                end = m.start("sub")  # only (b)(7) has parts
        elif m.group("B"):
            code = f"B{_digit(m.group('B')[0])}"
        elif m.group("four") or m.group("four2"):
            code = f"1.4({(m.group('four') or m.group('four2')).upper()})"
        elif m.group("x25"):
            code = f"25X{_digit(m.group('x25'))}"
        else:
            # The FBI's margin form "b7A-1": its digit and its category read through
            # confusions ("bl-]"); each part not read as digits is one edit.
            # Only (b)(7) has parts, so a part's letter makes its digit a 7 ("bIA-1").
            fd, cat, part = m.group("fd"), m.group("fcat"), m.group("fdx")
            code = f"(b)(7)({part})" if part else f"(b)({_digit(fd)})"
            edits = (fd != "7" if part else not fd.isdigit()) + (not cat.isdigit())
            if 0 < edits <= TOLERANT_EDITS:
                out.append(CodeRead(code, m.start(), end, round(TOLERANT_CONF**edits, 3)))
            continue
        raw = re.sub(r"\s", "", text[m.start() : end]).translate(str.maketrans("[{]}", "(())"))
        edits = Levenshtein.distance(raw.upper(), code.upper())
        if m.group("lost") is not None:
            edits -= 1  # ")(" between "(b" and its digit lost as one ("(b7(C)")
        if 0 < edits <= TOLERANT_EDITS:
            out.append(CodeRead(code, m.start(), end, round(TOLERANT_CONF**edits, 3)))
    return out
