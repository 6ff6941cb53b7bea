"""Release metadata from NARA's JFK stamp and page footer read through OCR damage (eyes36).

Excerpts of real OCR text from the 2021 JFK release (``2021__docid-32403819.md`` in
shared/corpus/jfk, dev split, page 1's stamp and footer, kept as OCR gave them): the stamp wraps
over four lines ("… Note]. Case#:Nw" / "65990 Date: 11-01-2021") and the footer reads
"Docld" for DocId (in the dev JFK furniture files "Docld" is commoner than "DocId"). The run
gave metadata.json no case number, document number or release date for the document, so
``search --case`` could not find it. Synthetic variants (marked) try the other damage seen in
dev files: the label as "DoclId"/"Docla", the case's digits unreadable in the stamp.
"""

from __future__ import annotations

import pytest
from test_strip import run

from pipeline.core.records import Page

STAMP = [
    "Released under the John F. Kennedy",
    "Assassination Records Collection Act of",
    "1992 |44 USC 2107 Note]. Case#:Nw",
    "65990 Date: 11-01-2021",
]
BODY = "The Director was informed of the meeting in Mexico City on the following day."
FOOTER = "NW 65990 Docld:32403819 Page 1"


def _page(stamp: list[str], footer: str) -> Page:
    return Page.from_text(1, "\n\n".join([*stamp, BODY, footer]) + "\n")


def _values(page: Page) -> dict[str, str]:
    result = run([page])
    assert result.text == BODY
    names = ("case_number", "doc_number", "release_date")
    return {k: f.value for k, f in result.fields.items() if k in names}


def test_a_wrapped_jfk_stamp_and_a_damaged_footer_give_the_release_fields() -> None:
    page = _page(STAMP, FOOTER)
    assert _values(page) == {
        "case_number": "NW 65990",
        "doc_number": "32403819",
        "release_date": "11-01-2021",
    }
    result = run([page])
    date = result.fields["release_date"]  # placed where it was read: the stamp's fourth line
    assert page.lines[date.line].text[date.start : date.end] == "11-01-2021"
    doc = result.fields["doc_number"]
    assert page.lines[doc.line].text[doc.start : doc.end] == "32403819"


@pytest.mark.parametrize("label", ["Docla:", "DocId: ", "DocId:"])
def test_the_document_id_label_through_ocr_damage(label: str) -> None:
    # Synthetic: each label form occurs in dev JFK furniture files.
    footer = FOOTER.replace("Docld:", label)
    assert _values(_page(STAMP, footer))["doc_number"] == "32403819"


def test_unreadable_case_digits_in_the_stamp_still_give_the_date() -> None:
    # Synthetic, after the 2021 stamp "1 992 (44 USC 2107 Note]. Case#:NW" / "Б6OO0 Date: …"
    # (jfk-heads dev): the case comes from the footer.
    stamp = [*STAMP[:3], "Б6OO0 Date: 11-04-2021"]
    assert _values(_page(stamp, FOOTER)) == {
        "case_number": "NW 65990",
        "doc_number": "32403819",
        "release_date": "11-04-2021",
    }


@pytest.mark.parametrize("prefix", ["HW", "NH"])
def test_the_footers_case_prefix_through_ocr_damage(prefix: str) -> None:
    # Synthetic, after dev footers "HW 50955 DocId:32264764" (jfk-prose) and "NH 50953" /
    # "DocId:32174879" (2025 124-10180-10295): NARA's prefix is NW.
    stamp = [*STAMP[:3], "Б6OO0 Date: 11-04-2021"]
    footer = FOOTER.replace("NW", prefix)
    assert _values(_page(stamp, footer))["case_number"] == "NW 65990"
