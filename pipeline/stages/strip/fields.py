"""Release metadata read from the furniture and the cable's own header: ``StripResult.fields``.

Release fields (FOIA case, document number, release date and decision, exemptions, the level
the release stamp prints) come from the release stamps removed; the classification is the
document's own marking, the highest level on a banner or teletype header (and the controls
of a banner in the register's format: "SECRET//NOFORN" gives NOFORN); cable fields
(declassification line, TAGS, SUBJECT, REF) come from the kept header lines. Each field keeps
where it was read (page, line, offsets, box).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from pipeline.core.enums import FurnitureKind
from pipeline.core.records import Page
from pipeline.core.results import Field
from pipeline.stages.strip.lines import WorkLine, box
from pipeline.stages.strip.patterns.banners import LEVELS, banner_line_level, level_rank
from pipeline.stages.strip.patterns.capco import capco_line
from pipeline.stages.strip.patterns.stamps import UNCLAS_WORN

log = logging.getLogger(__name__)

_SPACES = re.compile(r"\s+")


# Release fields are read from the furniture itself, cable fields from the kept header lines. Each
# regex has one non-empty group: the value. Tried in order; the first hit in the document wins.
# NARA's JFK stamp and page footer ("… Note). Case#:NW 65990 Date: 11-01-2021", "NW 65990
# DocId:32403819 Page 1") are read through OCR's damage to their words: the label DocId as
# "Docld", "DoclId", "DociId", "Docla" (in the dev JFK furniture files "Docld" outnumbers
# "DocId"), NW as "Nw" (and in the footer, before the label, "HW" or "NH"), the case's digits in
# the stamp ("Б6OO0": its date is still read; the footer on every page gives the case).
_DOC_ID = r"Doc[A-Za-z|]{1,3}\s*:"
RELEASE_FIELDS: dict[str, tuple[re.Pattern[str], ...]] = {
    "case_number": (
        re.compile(r"\bCase\s+No\.?\s*(F-\d{4}-\d{5})\b"),
        re.compile(r"(?<![\w-])(FL-\d{4}-\d{5})\b"),
        re.compile(r"Case\s*#\s*:?\s*(N[Ww]\s*\d{5})\b"),
        re.compile(rf"(?<![\w-])([NH][WwH]\s*\d{{5}})\.?\s+{_DOC_ID}"),
    ),
    "doc_number": (
        re.compile(r"\bDoc\s+No\.?\s*(C\d{8})\b"),
        re.compile(r"(?<![\w-])([AB]-\d{11})\b"),
        re.compile(rf"\b{_DOC_ID}\s*(\d{{8}})\b"),
        re.compile(r"\b([A-Z]{3}-RDP\d{2}[A-Z\d-]\d{5}[A-Z]\d{12}-\d)\b"),
    ),
    "release_date": (
        re.compile(r"Doc\s+No\.?\s*\S+\s+Date:\s*(\d\d/\d\d/\d{4})\b"),
        re.compile(r"\"UNCLASSIFIED\"\s+\[?(\d{1,2}/\d{1,2}/\d{4})\b"),
        re.compile(r"Case\s*#\s*:?\s*N\S{0,2}\s*\S{3,6}\s+Date:\s*(\d\d-\d\d-\d{4})\b"),
        re.compile(r"Approved\s+for\s+Release\s+(\d{4}/\d\d/\d\d)\b", re.I),
    ),
    # Read through OCR damage ("RELEASE !IN PART"); the value is given in the stamp's words.
    "release_decision": (re.compile(r"\b(R[EF]LEASE\s+[!|]?[I1l|!]N\s+(?:FULL|PART))\b"),),
}
CABLE_FIELDS: dict[str, tuple[re.Pattern[str], ...]] = {
    # A speck read as a letter may stick to the front ("BE.O. 12958: ...").
    "declassification": (
        re.compile(r"^\W{0,3}[A-Z]?(E\.\s?O\.\s?\d{5}\s*:.*?)(?=\s+TAGS\s*:|\s*$)"),
    ),
    "tags": (re.compile(r"(?:^|\s)TAGS\s*:\s*(.+?)(?=\s+SUBJECT\s*:|\s*$)"),),
    "subject": (re.compile(r"(?:^|\s)SUBJECT\s*:\s*(.+?)\s*$"),),
    "ref": (re.compile(r"^\W{0,3}REFS?\s*:\s*(.+?)\s*$"),),
}
# A form's printed prompt where its value goes ("SUBJECT: (Optional)" on a routing slip, "REF:
# (if any)"), or a portion marking alone ("(U)"): bracketed, nothing outside. No value; the
# document's next such line may hold one.
PROMPT = re.compile(r"[(\[][^()\[\]]*[)\]]")
# The level a State release stamp prints before its row ("UNCLASSIFIED U.S. Department of State
# Case No. ..."; the FL- stamp's '"UNCLASSIFIED" 3/16/2023'): the released copy's status, not the
# document's own classification (issue 14, the lead's decision). A level is read as printed; the
# stamp's UNCLASSIFIED cut or worn by OCR ("FIED", "SSIFIED", "1ED" before "U.S. Department",
# ``stamps._UNCLAS``) only when no stamp of the document prints it whole.
_STAMP_LEVEL = re.compile(
    r"""(?<![\w-])["“]?(UNCLASSIFIED|CONFIDENTIAL|SECRET|TOP\s+SECRET|LIMITED\s+OFFICIAL\s+USE)["”]?
        (?=\s+(?:U\.?\s?S\.?\s+De|\[?\d{1,2}/\d{1,2}/\d{4}|FL-))""",
    re.X,
)
_STAMP_LEVEL_WORN = re.compile(rf"(?<![\w-]){UNCLAS_WORN}(?=\s+U\.?\s?S\.?\s+De)")
EXEMPTION = re.compile(r"(?<![\w.])(B\s?[1-9])\b|(1\.4\s?\(\s?[A-Ha-h]\s?\))")


def exemptions(text: str) -> list[tuple[str, int, int]]:
    """The FOIA exemption codes in a release stamp, normalised ("B6", "1.4(D)"), with offsets.

    >>> exemptions("RELEASE IN PART B6, 1.4 (d)")
    [('B6', 16, 18), ('1.4(D)', 20, 27)]
    """
    out = []
    for m in EXEMPTION.finditer(text):
        code = re.sub(r"\s", "", m.group()).upper()
        out.append((code, m.start(), m.end()))
    return out


def _field(
    pages: Sequence[Page], ln: WorkLine, value: str | tuple[str, ...], start: int, end: int
) -> Field:
    return Field(value, pages[ln.page].number, ln.idx, start, end, box(ln, start, end))


def _furniture_texts(ln: WorkLine) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the furniture found in a line, kept or not."""
    if ln.furniture:
        return [(0, len(ln.text), ln.kind)]
    return [(s.start, s.end, s.kind) for s in ln.spans if s.decided]


def read_fields(pages: Sequence[Page], lines: list[WorkLine]) -> dict[str, Field]:
    """The document's metadata by name, sorted: ``case_number``, ``doc_number``,
    ``release_date``, ``release_decision``, ``exemptions`` (a tuple of codes) and
    ``released_as`` (the level the State release stamp prints: the released copy's status) from
    the release stamps, ``classification`` (the document's own marking: the highest level of
    the banners and teletype headers), ``controls`` (a tuple: the control markings of the first
    banner at that level printed in the register's format, ``patterns.capco``: ("SI", "TK",
    "NOFORN") for "TOP SECRET//SI//TK//NOFORN"; absent when no such banner), and
    ``declassification``, ``tags``, ``subject``, ``ref`` from the kept header lines. The first
    hit in the document wins; a field not found is absent. Each ``Field`` says where it was
    read: page number, line index, character offsets into the line, box.
    """
    fields: dict[str, Field] = {}
    codes: list[str] = []
    codes_at: Field | None = None
    top: tuple[int, Field] | None = None
    controls: tuple[int, Field] | None = None  # the controls of a banner at the top level
    worn_level: Field | None = None  # the stamp's UNCLASSIFIED as OCR cut it, if none is whole
    for ln in lines:
        pieces = _furniture_texts(ln)
        for start, end, kind in pieces:
            part = ln.text[start:end]
            if kind in (FurnitureKind.BANNER, FurnitureKind.TELETYPE_HEADER):
                level = _level_in(part)
                if level is None and ln.furniture and ln.prior and ln.prior.detail in LEVELS:
                    level = ln.prior.detail  # read by the pattern through OCR damage
                if level and (top is None or level_rank(level) > top[0]):
                    top = (level_rank(level), _field(pages, ln, level, start, end))
                marking = capco_line(part) if level and kind == FurnitureKind.BANNER else None
                if marking and (controls is None or level_rank(level) > controls[0]):
                    field = _field(pages, ln, marking.controls, start, end)
                    controls = (level_rank(level), field)
            if kind != FurnitureKind.RELEASE_STAMP:
                continue
            if "released_as" not in fields:
                m = _STAMP_LEVEL.search(part)
                if m:
                    level = _SPACES.sub(" ", m.group(1))
                    fields["released_as"] = _field(
                        pages, ln, level, start + m.start(1), start + m.end(1)
                    )
                elif worn_level is None and (m := _STAMP_LEVEL_WORN.search(part)):
                    worn_level = _field(
                        pages, ln, "UNCLASSIFIED", start + m.start(), start + m.end()
                    )
            _release_fields(fields, pages, [(ln, start, part)])
            # Exemptions are read from a RELEASE IN PART stamp or the stamp's own second line.
            second_line = ln.prior is not None and ln.prior.name == "state-release-exemptions"
            if second_line or re.search(r"[I1l|!]N\s+PART\b", part):
                for code, s, e in exemptions(part):
                    if code not in codes:
                        codes.append(code)
                        if codes_at is None:
                            codes_at = _field(pages, ln, (), start + s, start + e)
        if ln.furniture:
            continue
        kept = _kept_text(ln)
        if ":" not in kept:
            continue  # every cable field is "KEY: value"
        for name, regexes in CABLE_FIELDS.items():
            if name in fields:
                continue
            for rx in regexes:
                m = rx.search(kept)
                if m and not PROMPT.fullmatch(m.group(1).strip()):
                    fields[name] = _field(pages, ln, m.group(1).strip(), m.start(1), m.end(1))
                    break
    # A stamp wrapped over lines ("… Case#:NW" / "65990 Date: 11-01-2021"): what no line gave,
    # read from each run of whole stamp lines on a page, joined by spaces.
    for run in _stamp_runs(lines):
        _release_fields(fields, pages, [(ln, 0, ln.text) for ln in run])
    if top is not None:
        fields["classification"] = top[1]
        if controls is not None and controls[0] == top[0]:
            fields["controls"] = controls[1]
    if worn_level is not None and "released_as" not in fields:
        fields["released_as"] = worn_level
    if codes and codes_at is not None:
        fields["exemptions"] = Field(
            tuple(codes), codes_at.page, codes_at.line, codes_at.start, codes_at.end, codes_at.bbox
        )
    return dict(sorted(fields.items()))


def _release_fields(
    fields: dict[str, Field], pages: Sequence[Page], parts: Sequence[tuple[WorkLine, int, str]]
) -> None:
    """Adds to ``fields`` each release field not yet in it that ``RELEASE_FIELDS`` finds in the
    text of ``parts`` ((line, offset of the text in it, text), joined by spaces: one stamp).
    The field is placed where its value starts: that line, to the value's end or the line's."""
    text = " ".join(t for _, _, t in parts)
    for name, regexes in RELEASE_FIELDS.items():
        if name in fields:
            continue
        for rx in regexes:
            m = rx.search(text)
            if not m:
                continue
            gi = next(g for g in range(1, (m.lastindex or 0) + 1) if m.group(g))
            value = _SPACES.sub(" ", m.group(gi))
            if name == "release_decision":
                value = "RELEASE IN " + value.rsplit(None, 1)[-1]
            elif name == "case_number" and re.match(r"[NH][WwH]\s*\d", value):
                value = "NW " + value[2:].strip()  # NARA's one form, "NW 65990", as stamped
            at = m.start(gi)
            for ln, offset, part in parts:
                if at <= len(part):
                    end = offset + min(len(part), at + len(m.group(gi)))
                    fields[name] = _field(pages, ln, value, offset + at, end)
                    break
                at -= len(part) + 1
            break


def _stamp_runs(lines: Sequence[WorkLine]) -> list[list[WorkLine]]:
    """Runs of two or more whole release-stamp lines, one after another on a page."""
    runs: list[list[WorkLine]] = []
    run: list[WorkLine] = []
    for ln in lines:
        stamp = ln.furniture and ln.kind == FurnitureKind.RELEASE_STAMP
        if stamp and run and run[-1].page == ln.page:
            run.append(ln)
            continue
        if len(run) > 1:
            runs.append(run)
        run = [ln] if stamp else []
    if len(run) > 1:
        runs.append(run)
    return runs


def _level_in(text: str) -> str | None:
    """The classification a banner or teletype header starts with, or None.

    >>> _level_in("CONFIDENTIAL PAGE 02 STATE 214587"), _level_in("UNCLAS STATE 1234")
    ('CONFIDENTIAL', 'UNCLASSIFIED')
    """
    level = banner_line_level(text)
    if level:
        return level
    m = re.match(r"\W*(TOP\s+SECRET|SECRET|CONFIDENTIAL|LIMITED\s+OFFICIAL\s+USE|UNCLAS)", text)
    if not m:
        return None
    word = _SPACES.sub(" ", m.group(1))
    return "UNCLASSIFIED" if word == "UNCLAS" else word


def _kept_text(ln: WorkLine) -> str:
    """The line with its removed spans blanked out (offsets unchanged)."""
    chars = list(ln.text)
    for s in ln.spans:
        if s.decided:
            chars[s.start : s.end] = " " * (s.end - s.start)
    return "".join(chars)
