"""A form's printed wording read elsewhere in the document (``form_evidence.form_wording_lines``)
and its list items in brackets (``lines._printed_item``): the CIA outline questionnaire of
``patterns.form_wording`` as the 2022 release prints it (2022 104-10110-10306, held in
bench/furniture/jfk-prose/, dev; lines named by number). The body lines between are the same
document's typed answers."""

from __future__ import annotations

from test_strip import run

from pipeline.core.records import Page

# Lines 123-126: the question, read whole (its rare word COOPERATING is a key of the lexicon).
QUESTION = [
    "Can you provide any information of any kind",
    "tending to establish that Subject may have been",
    "sympathetic to hostile ideologies or had contact",
    "with and was cooperating with a hostile intelligence",
]
# Lines 130-132: what was written in.
ANSWERS = ["See attached memo for the details of my association.", "Dated : 10 July 1972"]
# Lines 134-137: the form's footnote, under the answers: no rare word on any of its lines.
FOOTNOTE = [
    "*This is an Outline only of information desired. If you",
    "either knew the Subject or have any information from other",
    "sources on any of the points contained in the outline, a",
    "separate memorandum is needed with each paragraph thereof",
]
# Lines 45-51: a question with its items in brackets.
ITEMS = [
    "On the basis of your personal association with",
    "Subject, either official or social, or, on the basis of",
    "what you know or believe him to be knowledgeable of,",
    "outline the nature and extent of information you believe",
    "he could provide an opposition intelligence service as to",
    "(a) your identity as an intelligence officer or employee,",
    "(b) your personal background and experience including",
]


def _removed(lines: list[str]) -> set[str]:
    result = run([Page.from_text(1, "\n\n".join(lines))])
    return {r.text for r in result.removals}


def test_the_footnote_goes_when_the_form_is_read_in_the_document() -> None:
    gone = _removed([*QUESTION, *ANSWERS, *FOOTNOTE])
    assert set(FOOTNOTE) <= gone
    assert not set(ANSWERS) & gone


def test_the_footnote_alone_stays() -> None:
    # No line of the form read whole in the document: its footnote's words are common ones.
    assert not set(FOOTNOTE) & _removed([*ANSWERS, *FOOTNOTE])


def test_a_printed_item_in_brackets_goes_a_body_item_stays() -> None:
    body_item = "(a) the identity of the officer was known to the Soviet service by 1965,"
    gone = _removed([*ITEMS, body_item])
    assert set(ITEMS[-2:]) <= gone
    assert body_item not in gone
