"""The FBI file stamps and memorandum form print (``patterns.fbi_stamps``): taken as lines of
their own, as the dev releases read them; the same words inside a sentence stay. The mail
stamp's date read as two lines (``stamp_evidence``) and the "REC-" serial read onto a line's end
(``glued_serial_evidence``), on an airtel's head from a dev release."""

from __future__ import annotations

import pytest

from pipeline.core.records import Page
from pipeline.stages.strip import strip
from pipeline.stages.strip.patterns.fbi_stamps import savings_footer
from pipeline.stages.strip.patterns.junk import is_junk
from pipeline.stages.strip.patterns.match import match_line


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("MAILED 19", "fbi-mailed-stamp"),
        ("ST-101", "fbi-st-stamp"),
        ("Buy U.S. Savings Bonds Regularly on the Payroll Savings Plan", "fbi-form-footer"),
        ("Bay US. Savings Bonds Regularly on the Payroll Savings", "fbi-form-footer"),
        # 2022 docid-32305309 line 94 (bench/furniture/jfk-prose, dev): a date stamp in front.
        (
            "IS 4 3 42 2 WB avings Bonds Regularly on. on the Payroll Savings Plan",
            "fbi-form-footer",
        ),
    ],
)
def test_a_stamp_on_its_own_line_is_taken(line: str, name: str) -> None:
    prior = match_line(line)
    assert prior is not None and prior.name == name
    assert prior.weight >= 1.0  # enough alone (config.threshold)


@pytest.mark.parametrize(
    "line",
    [
        "The letter was mailed 19 May 1964 to the field office.",
        "MAILED 19 copies of the report to New York",
        "ST-1",  # "ST-" stamps are numbered from 100
        "He told them to buy U.S. Savings Bonds Regularly on the Payroll Savings Plan",
        "Savings Bonds were bought regularly by the subject.",
    ],
)
def test_the_words_in_a_sentence_stay(line: str) -> None:
    prior = match_line(line)
    assert prior is None or not prior.name.startswith("fbi-")
    assert not savings_footer(line)


# An FBI airtel's head as the 2025 release's text gives it (124-10204-10101 lines 89-117,
# bench/furniture/jfk-prose, dev; NARA's page marker left out): the mail room's stamp with its
# date read as two lines, the file room's "REC- 48" read onto the addressee line, "ST-101".
AIRTEL_HEAD = """--00

11-8-65

Airtel

MAILED 19

NOV8

1965

To:

SAC, Chicago (92-373) REC- 48

From: Direcor, FBI

(92-3182) - 1117

GUS ALEX, aka

ST-101

AR

Re Bureau airtel 10-26-65 and your airtel 11-4-65.

It is not felt that the letterhead memorandum"""


def _strip(text: str) -> tuple[str, dict[int, tuple[str, str]]]:
    """The stripped text and the removals, by line index: (kind, text)."""
    result = strip([Page.from_text(1, text)])
    return result.text, {r.line: (r.kind, r.text) for r in result.removals}


def test_the_mail_stamps_date_read_as_two_lines_goes_with_it() -> None:
    """Before: "NOV8" and "1965" were kept (a month and day, a year: no whole date)."""
    text, removed = _strip(AIRTEL_HEAD)
    assert removed[8] == ("release-stamp", "NOV8") and removed[10] == ("release-stamp", "1965")
    assert "11-8-65" in text  # the airtel's own date stays
    lines = text.split("\n")
    assert "To:" in lines  # the field caption beside the stamp is no speckle


def test_the_rec_serial_at_a_lines_end_is_cut_off() -> None:
    """Before: "REC- 48" stayed on the addressee line."""
    text, removed = _strip(AIRTEL_HEAD)
    assert removed[14] == ("release-stamp", "REC- 48")
    assert "SAC, Chicago (92-373)\n" in text + "\n"


@pytest.mark.parametrize(
    "text",
    [
        # A month and day and a year with no stamp caption beside them.
        "The committee met in Chicago.\n\nNOV8\n\n1965\n\nThe talks went on.",
        # A serial named inside a sentence, a word after it.
        "The copies were sent to the REC- 12 files in Chicago.",
    ],
)
def test_a_date_or_serial_with_no_stamp_evidence_stays(text: str) -> None:
    stripped, removed = _strip(text)
    assert removed == {}
    assert stripped.split() == text.split()


def test_a_caption_is_no_junk() -> None:
    assert not is_junk("To:") and not is_junk("cc:") and is_junk("t:")
