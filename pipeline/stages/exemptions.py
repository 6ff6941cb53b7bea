"""FOIA exemption codes in text, as releases print them and as OCR reads them.

One reader for every place a code is read: beside a redaction box on a page image
(``stages.redaction``) and as an exemption label in text input (``strip.redactions``). Codes
come out normalised ("(b)(6)", "(b)(7)(C)", "B1", "1.4(D)", "(S)") whatever form OCR gave them.
"""

from __future__ import annotations

import re

# FOIA exemption codes as releases print them, as OCR reads them. Sources: "(b)(6)" and its
# OCR forms "l(b)(6)", "!rb)(6)" (Talbott release manifest, dev rows: C09000012 and others);
# "B1,1.4(B),1.4(D)" (the State stamp, stamps.tsv); "(S)" beside CIA redactions (NARA JFK);
# the FBI's margin codes "b6", "b7C", "b7E-1, 2, 3" with their category numbers, and their OCR
# forms "bl-1", "bi-1", "bl-l" (the FBI's Carter Page FISA release, tests/data/redactions/).
# A small "(b)" beside a box is read "(ib)", "(1b)", "(6b)" or "(6)" (b and 6 are a classic
# confusion) and "B1" "Bl" (rendered pages, bench/redaction_render.py, dev).
_CODE = re.compile(
    r"""(?P<b>(?<![\w])[l|!I]?(?:[(\[{r]?b|[(\[{][il1|6]b|[(\[{]6)[)\]}]\s?[(\[{]\s?(?P<bn>[1-9])\s?[)\]}]
            (?:\s?[(\[{]\s?(?P<bx>[A-Fa-f])\s?[)\]}](?!\s?[(\[{]\s?[1-9]))?)
      |(?<![\w.(\[{])b(?:(?P<fb>[1-9])|(?P<fl>[lIi])(?=[A-F]?\s?-\s?(?:\d|[lI](?!\w))))
            (?P<fbx>[A-F])?(?:\s?-\s?(?:\d+|[lI](?!\w))(?:\s?,\s?\d+)*)?(?![\w(])
      |(?<![\w.])B\s?(?P<B>[1-9]|l)(?![\w])
      |(?<![\w.])1\.4\s?\(\s?(?P<four>[A-Ha-h])\s?\)
      |(?P<level>\((?:S|TS|C)\))(?![\w])""",
    re.X,
)


def exemption_codes(text: str, *, classification: bool = True) -> list[tuple[str, int, int]]:
    """The exemption codes in ``text``, normalised, with their character offsets.

    ``classification``: also read "(S)", "(TS)", "(C)" (beside a redaction box they name the
    level withheld; in running text they are portion markings, so text input leaves them out).

    >>> [c for c, _, _ in exemption_codes("l(b)(6) and (b)(7)(C), B1,1.4(d) (S)")]
    ['(b)(6)', '(b)(7)(C)', 'B1', '1.4(D)', '(S)']
    >>> [c for c, _, _ in exemption_codes("(ib)(1) (6)(6) (1b) (3) Bl (b)(1) (b)(3)")]
    ['(b)(1)', '(b)(6)', '(b)(3)', 'B1', '(b)(1)', '(b)(3)']
    >>> exemption_codes("(C) The talks", classification=False), exemption_codes("B12 vitamin")
    ([], [])
    """
    out: list[tuple[str, int, int]] = []
    for m in _CODE.finditer(text):
        if m.group("b"):
            code = f"(b)({m.group('bn')})" + (f"({m.group('bx').upper()})" if m.group("bx") else "")
        elif m.group("fb") or m.group("fl"):
            sub = f"({m.group('fbx')})" if m.group("fbx") else ""
            code = f"(b)({m.group('fb') or '1'})" + sub
        elif m.group("B"):
            code = f"B{m.group('B').replace('l', '1')}"
        elif m.group("four"):
            code = f"1.4({m.group('four').upper()})"
        else:
            if not classification:
                continue
            code = m.group("level")
        out.append((code, m.start(), m.end()))
    return out
