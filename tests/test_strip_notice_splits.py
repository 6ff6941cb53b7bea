"""A printed notice's words that OCR cut in two or ran together, and a records stamp read
in part in small letters (issue 14, session 27).

In the wild unless a test says synthetic: OCR lines of NARA JFK releases (noops888/jfk-files-text
@55840853; dev: the ``jfk-recent`` documents held in ``bench/furniture/``), each named with its
file and line.
"""

from __future__ import annotations

import pytest

from pipeline.stages.strip.patterns.notices import notice_line
from pipeline.stages.strip.patterns.office_stamps import office_stamp


@pytest.mark.parametrize(
    ("line", "name"),
    [
        # 2025 104-10063-10160 line 7 (jfk-recent dev): the restricted handling message form's
        # printed line-length instruction, "CHARACTERS" cut in two ("CHI: CTERS") and "NOT
        # EXCEED" run together ("NOT'EXCEEÓ").
        (
            "DO, NOT'EXCEEÓ, 69 TYPEMPITTEN CHI: CTERS PER LINE, INCLUDING SPACES.",
            "message-form-line-length",
        ),
    ],
)
def test_a_notice_with_words_cut_or_run_together_is_read(line, name):
    assert notice_line(line) == name


@pytest.mark.parametrize(
    "line",
    [
        # Synthetic: a sentence naming the form's limit is the record's own.
        "The cable was cut because it exceeded sixty nine characters per line of the form.",
        # Synthetic: two words of a sentence that join to a notice word are no notice.
        "He said the trans mission of the Espionage report was late and no one knew why.",
    ],
)
def test_what_stays_a_sentence(line):
    assert notice_line(line) is None


@pytest.mark.parametrize(
    ("line", "stamp"),
    [
        # 2018 104-10433-10178 line 355 (jfk-state dev): CIA's "RECORD COPY" stamp, its first
        # word read in small letters.
        ("Record COPY_|", "handling-stamp"),
        # Synthetic: in small letters throughout, a list's item or a sentence's words.
        ("Record copy", None),
        ("record copy of the cable", None),
    ],
)
def test_a_records_stamp_with_one_word_in_capitals(line, stamp):
    assert office_stamp(line) == stamp
