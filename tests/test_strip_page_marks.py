"""A page number with a mark in front as OCR reads a worn foot (issue 14, session 27).

In the wild unless a test says synthetic: OCR lines of NARA JFK releases (noops888/jfk-files-text
@55840853; dev: the ``jfk-state`` documents held in ``bench/furniture/``), each named with its
file and line. Documents are built in the releases' markdown export form ("## Page N", "---").
"""

from __future__ import annotations

from pathlib import Path

from test_strip_markings_evidence import strip_export

SENTENCE = "The station reported that the meeting was held in the capital on Tuesday."
OTHER = "The ambassador asked for a copy of the minister's statement that evening."


def _strip(tmp_path: Path, pages: list[list[str]]) -> tuple[str, list[str]]:
    return strip_export(tmp_path, pages)


def test_a_marked_page_number_between_the_foot_banner_and_the_footer_goes(tmp_path):
    # 2021 docid-32340308 lines 3153-3159 (jfk-state dev): "SECRET" / "∞. 18."" / "NW 66000" /
    # "Docld:32340308 Page 25".
    pages = [
        [SENTENCE, OTHER, "SECRET", '∞. 18."', "NW 66000", "DocId:32340308 Page 1"],
        [SENTENCE, OTHER, "SECRET", "NW 66000", "DocId:32340308 Page 2"],
    ]
    text, removed = _strip(tmp_path, pages)
    assert '∞. 18."' in removed
    assert SENTENCE in text


def test_a_paragraph_number_stays(tmp_path):
    # Synthetic: "18." with no mark in front numbers a paragraph, wherever it is.
    pages = [
        [SENTENCE, OTHER, "SECRET", "18.", "NW 66000", "DocId:32340308 Page 1"],
        [SENTENCE, OTHER, "SECRET", "NW 66000", "DocId:32340308 Page 2"],
    ]
    text, _ = _strip(tmp_path, pages)
    assert "18." in text
