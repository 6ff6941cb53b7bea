"""A page number (or page label) at a page's edge with one short unrecognised line between it
and the page's band of furniture is the page's number (``decide.NUMBER_SLIGHT``).

In the wild (dev): excerpts of two 2023/2025 NARA JFK releases held in bench/furniture/jfk-recent
(noops888/jfk-files-text @55840853), each cut as named. Synthetic: the guards (two unrecognised
lines, a number read among specks, a numbered paragraph).
"""

from __future__ import annotations

from pathlib import Path

from pipeline.stages.ingest import read_text_document
from pipeline.stages.strip import strip

# 2023 104-10102-10237 lines 929-947: the page number under a handwritten mark at a page's top.
MARK_OVER_NUMBER = """He owns a jeep.

SECRET

14 - '

---

## Page 7

S RICAR. E

= 5.

Another contact of A/3 is

grade education.
"""

# 2025/0318 124-10332-10047 lines 223-243: an FBI report's cover-page label over a speck line
# above the foot banners and NARA's footer.
LABEL_OVER_SPECKS = """Contacted September 5, 1962

Not classarable

Lotter

9145 e110r5

• COVER PAGE

CHEN

CONFIDEATIALI

SECRET

50953 DocId: 32313773 Page 3

---

## Page 4

The informant was contacted again in October.
"""


def removed(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "doc.md"
    path.write_text(text, encoding="utf-8")
    return [r.text for r in strip(read_text_document(path)).removals if r.kind != "line-join"]


def test_a_page_number_under_a_handwritten_mark_goes(tmp_path: Path):
    assert "= 5." in removed(tmp_path, MARK_OVER_NUMBER)


def test_a_cover_page_label_over_a_speck_line_goes(tmp_path: Path):
    assert "• COVER PAGE" in removed(tmp_path, LABEL_OVER_SPECKS)


def test_two_unrecognised_lines_are_too_many(tmp_path: Path):
    text = MARK_OVER_NUMBER.replace("S RICAR. E\n", "S RICAR. E\n\nwx 7b\n")
    assert "= 5." not in removed(tmp_path, text)


def test_a_number_read_among_specks_needs_the_edge_itself(tmp_path: Path):
    # Synthetic, in the form of a CIA cable's authority block (2023 104-10418-10103 lines
    # 123-129, jfk-recent dev): "E 2" / "IMPDET" / "CL BY: 034537" at the message's end.
    text = "The station will report.\n\nAUTHENTICATING OFFICER\n\nE 2\n\nIMPDET\n\nCL BY: 034537\n"
    assert "E 2" not in removed(tmp_path, text)


def test_a_numbered_paragraph_at_a_page_top_stays(tmp_path: Path):
    # Synthetic: "2." numbers a paragraph, and no pattern takes it for a page number.
    text = "## Page 2\n\nS RICAR. E\n\n2.\n\nThe second point was the border commission.\n"
    assert "2." not in removed(tmp_path, text)
