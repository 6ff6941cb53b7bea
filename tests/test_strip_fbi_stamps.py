"""The FBI file stamps and memorandum form print (``patterns.fbi_stamps``): taken as lines of
their own, as the dev releases read them; the same words inside a sentence stay."""

from __future__ import annotations

import pytest

from pipeline.stages.strip.patterns.fbi_stamps import savings_footer
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
