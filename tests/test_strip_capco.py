"""Banners and portion marks in the register's format ("SECRET//NOFORN", "(U//FOUO)") as page
furniture and as the document's classification (issue 14, session 36: ``patterns.capco``).

No corpus document of the project prints this format (the dev and test material is 1960s-1990s),
so every fixture here is synthetic: the register's own examples, and lines rendered with
``bench.synth.render_snippet`` (FreeMono, Liberation Mono, DejaVu Sans Mono; tiers clean, medium
and hard; 150 and 300 dpi) and read by Tesseract 5 in session 36, copied as Tesseract gave them
(``OCR_READINGS``); the pages stripped end to end are text pages made here, and one page image
rendered with PIL and read by the real Tesseract.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from pipeline.core.config import OcrSettings
from pipeline.core.records import BBox, Line, Page, PageSource, Word
from pipeline.stages import ingest
from pipeline.stages.ocr import ocr_page
from pipeline.stages.strip import StripConfig, strip
from pipeline.stages.strip.lines import protected
from pipeline.stages.strip.patterns.banners import banner_line_level
from pipeline.stages.strip.patterns.capco import Marking, capco_line, portion_mark
from pipeline.stages.strip.patterns.match import match_line
from tests.conftest import _font
from tests.test_strip_edge_banners import HEIGHT, WIDTH, row

# The register's banner lines and what they say (level, controls in banner form).
REGISTER = [
    ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", "UNCLASSIFIED", ("FOUO",)),
    ("UNCLASSIFIED//FOUO", "UNCLASSIFIED", ("FOUO",)),
    ("SECRET//NOFORN", "SECRET", ("NOFORN",)),
    ("SECRET//SI//NOFORN", "SECRET", ("SI", "NOFORN")),
    ("TOP SECRET//SI//TK//NOFORN", "TOP SECRET", ("SI", "TK", "NOFORN")),
    ("UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE", "UNCLASSIFIED", ("LES",)),
    ("CONFIDENTIAL//REL TO USA, GBR", "CONFIDENTIAL", ("REL TO USA, GBR",)),
    ("TOP SECRET//HCS/SI-G//ORCON/NOFORN", "TOP SECRET", ("HCS", "SI-G", "ORCON", "NOFORN")),
    ("SECRET//RD-SIGMA 14//NOFORN", "SECRET", ("RD-SIGMA 14", "NOFORN")),
    ("TOP SECRET//SAR-BP//NOFORN", "TOP SECRET", ("SAR-BP", "NOFORN")),
    ("SECRET//FGI DEU//REL TO USA, DEU", "SECRET", ("FGI DEU", "REL TO USA, DEU")),
    ("UNCLASSIFIED//SBU NOFORN", "UNCLASSIFIED", ("SBU NOFORN",)),
    ("SECRET//NOT RELEASABLE TO FOREIGN NATIONALS", "SECRET", ("NOFORN",)),
    ("SECRET//ORCON/RELIDO", "SECRET", ("ORCON", "RELIDO")),
]


@pytest.mark.parametrize(("line", "level", "controls"), REGISTER)
def test_the_registers_banner_lines_are_read(line: str, level: str, controls: tuple[str, ...]):
    assert capco_line(line) == Marking(level, controls)
    prior = match_line(line)
    assert prior is not None and (prior.name, prior.detail) == ("banner-line", level)


# Tesseract's readings of rendered banner lines (module docstring), and what each says.
OCR_READINGS = [
    ("SECRET / /ORCON/NOFORN", "SECRET"),
    ("SECRET //S1//NOFORN", "SECRET"),
    ("SECRET//ST//NOFORN", "SECRET"),
    ("TOP SECRET//S1//TK//NOEORE a", "TOP SECRET"),
    ("_ FOP SECRET//SI//TK//NOFORE 4", "TOP SECRET"),
    ("TOP SECRET//HCS/SI -G//ORCON/NOFORN", "TOP SECRET"),
    ("UNCLASSIF IED//FQUO ; 2", "UNCLASSIFIED"),
    ("| UNCLASSIEIED/ /FOR OFFICIAL USE ONLY 3", "UNCLASSIFIED"),
    ('" ONCLAS SIF IED//LAW ENFORCEMENT SENSETIVE', "UNCLASSIFIED"),
    ("_ UNCLASSIFIED//LAW ENFORCEMERT SENSITIVE |", "UNCLASSIFIED"),
    ("CONF IDENTIAL//REL TO USA, GBR - :", "CONFIDENTIAL"),
    ("~ SECRET//REL 10 USA, FVEY a", "SECRET"),
    ("© QNCLASSIFIED/ {LAW ENFORCEMENT: SENSITIVE", "UNCLASSIFIED"),
    ("“ SECRET//NOPORN 95 2a s :", "SECRET"),
]


@pytest.mark.parametrize(("line", "level"), OCR_READINGS)
def test_ocr_readings_of_rendered_banners_are_banner_lines(line: str, level: str):
    prior = match_line(line)
    assert prior is not None and prior.name == "banner-line"
    assert prior.detail.split(",")[0] == level


@pytest.mark.parametrize(
    "line", ["SECRET\\\\NOFORN", "SECRETIINOFORN", "SECRETllNOFORN", "TOP SECRET II SI II TK"]
)
def test_other_readings_of_the_double_slash(line: str):
    assert banner_line_level(line) in ("SECRET", "TOP SECRET")


@pytest.mark.parametrize(
    "line",
    [
        "SECRET//MOSCOW",  # not a control
        "SECRET//FOUR",  # four letters: a look-alike slip only
        "CONFIDENTIAL//REL TO GBR, USA",  # the register puts USA first
        "The cable was classified SECRET//NOFORN by the station.",
        "Secret//Noforn talks",
    ],
)
def test_what_is_not_a_banner_line(line: str):
    # (The older patterns' own readings are theirs: "UNCLASSIFIED//" is a level with debris.)
    assert capco_line(line) is None
    prior = match_line(line)
    assert prior is None or prior.name != "banner-line"


PORTIONS = [
    ("(U//FOUO) The meeting was held.", "UNCLASSIFIED", ("FOUO",)),
    ("(S//NF) The source reported.", "SECRET", ("NOFORN",)),
    ("(TS//SI//REL TO USA, FVEY) Collection.", "TOP SECRET", ("SI", "REL TO USA, FVEY")),
    ("(C//REL) Text.", "CONFIDENTIAL", ("REL",)),
    # Tesseract's readings (module docstring)
    ("(T8//S1//REL TO USA, FVEY) Collection.", "TOP SECRET", ("SI", "REL TO USA, FVEY")),
    ("(u/ /EOUO) The meeting was held.", "UNCLASSIFIED", ("FOUO",)),
    ("(U/7FOUO) The meeting was held.", "UNCLASSIFIED", ("FOUO",)),
    ("(S//NE) The source reported.", "SECRET", ("NOFORN",)),
]


@pytest.mark.parametrize(("line", "level", "controls"), PORTIONS)
def test_portion_marks_are_read(line: str, level: str, controls: tuple[str, ...]):
    marking, end = portion_mark(line)
    assert marking == Marking(level, controls, True)
    assert line[end - 1] == ")"


def test_a_portion_mark_opens_a_protected_paragraph():
    assert protected("(U//FOUO) The meeting was held on Tuesday.")
    assert protected("2. (S//NF) The source reported that the ministry")
    assert not protected("The report (S//NF) said")
    assert not protected("(see the report) for the details")


# -- text pages end to end --------------------------------------------------------------------

BODY = [
    "(U//FOUO) The delegation met the minister on Tuesday and went over",
    "the draft once more before the talks resumed in the afternoon.",
    "(S//NF) The source said the ministry had not yet decided whether",
    "the text would be released; the analysts doubt it will be.",
]


def text_page(n: int, head: str, foot: str, body: list[str] = BODY) -> Page:
    lines = [head, "", *body, "", foot]
    return Page(n, tuple(Line(t, ()) for t in lines), PageSource.TEXT)


def test_banners_on_every_page_of_a_text_go_and_the_portion_marks_stay():
    banner = "SECRET//NOFORN"
    pages = [text_page(n, banner, banner) for n in (1, 2, 3)]
    result = strip(pages, StripConfig())
    assert [r.text for r in result.removals if r.kind == "banner"] == [banner] * 6
    assert "(U//FOUO) The delegation met" in result.text
    assert "(S//NF) The source said" in result.text
    assert banner not in result.text
    assert result.fields["classification"].value == "SECRET"
    assert result.fields["controls"].value == ("NOFORN",)


def test_banners_recurring_in_a_text_without_page_breaks_go():
    # One "page" of a text file, as an OCR export without form feeds gives it: the banners of
    # the printed pages sit between paragraphs, found by their recurrence.
    banner = "TOP SECRET//SI//TK//NOFORN"
    lines = ["MEMORANDUM FOR THE RECORD", ""]
    for _ in range(3):
        lines += [*BODY, "", banner, "", banner, ""]
    result = strip([Page(1, tuple(Line(t, ()) for t in lines), PageSource.TEXT)], StripConfig())
    banners = [r for r in result.removals if r.kind == "banner"]
    assert [r.text for r in banners] == [banner] * 6
    assert any("alone on its line at" in e for e in banners[1].evidence)
    assert result.text.count("(S//NF) The source said") == 3


def test_the_controls_are_the_top_levels():
    pages = [
        text_page(1, "UNCLASSIFIED//FOUO", "UNCLASSIFIED//FOUO"),
        text_page(2, "TOP SECRET//SI//TK//NOFORN", "TOP SECRET//SI//TK//NOFORN"),
    ]
    fields = strip(pages, StripConfig()).fields
    assert fields["classification"].value == "TOP SECRET"
    assert fields["controls"].value == ("SI", "TK", "NOFORN")
    assert (fields["controls"].page, fields["controls"].line) == (2, 0)


def test_an_older_banner_gives_no_controls():
    pages = [text_page(n, "CONFIDENTIAL", "CONFIDENTIAL") for n in (1, 2)]
    fields = strip(pages, StripConfig()).fields
    assert fields["classification"].value == "CONFIDENTIAL"
    assert "controls" not in fields


def test_a_sentence_naming_the_marking_stays():
    body = [*BODY[:2], "The cable was classified SECRET//NOFORN by the", "station chief."]
    pages = [text_page(n, "SECRET//NOFORN", "SECRET//NOFORN", body) for n in (1, 2)]
    result = strip(pages, StripConfig())
    assert "The cable was classified SECRET//NOFORN by the" in result.text
    assert all("classified" not in r.text for r in result.removals)


def test_a_foot_banner_run_into_the_last_paragraph_goes_as_a_span():
    banner = "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    body = [*BODY[:3], f"the text would be released. {banner}"]
    pages = [
        Page(n, tuple(Line(t, ()) for t in [banner, "", *body]), PageSource.TEXT) for n in (1, 2)
    ]
    result = strip(pages, StripConfig())
    spans = [r for r in result.removals if r.kind == "banner" and r.start > 0]
    assert [r.text for r in spans] == [banner] * 2
    assert "at end of paragraph" in spans[0].evidence[0]
    assert "the text would be released." in result.text and banner not in result.text


# -- a page with word boxes: the band's row, and a rendered page read by Tesseract -------------


def test_a_banner_of_four_words_sharing_its_row_with_a_number_goes():
    body = [
        Line(t, (Word(t.split()[0], 91.0, BBox(300, 600 + 70 * i, 1600, 40)),))
        for i, t in enumerate(BODY)
    ]
    head = row("CONFIDENTIAL//REL TO USA, GBR", "8820372", 150, right=2100)
    p = Page(1, (head, *body), PageSource.OCR, width=WIDTH, height=HEIGHT, dpi=300)
    result = strip([p], StripConfig())
    (r,) = [r for r in result.removals if r.kind == "banner"]
    assert r.text == "CONFIDENTIAL//REL TO USA, GBR"
    assert result.text.startswith("8820372\n")
    assert result.fields["controls"].value == ("REL TO USA, GBR",)


def render(path: Path, banner: str) -> None:
    """A 100-dpi letter page: ``banner`` centred at 12 % and 88 % of the height (below and above
    the bands), a memo between 18 % and 40 %."""
    font = _font(17)
    sheet = Image.new("L", (850, 1100), 245)
    draw = ImageDraw.Draw(sheet)
    for y in (132, 968):
        w = draw.textlength(banner, font=font)
        draw.text(((850 - w) / 2, y), banner, font=font, fill=0)
    body = [
        "MEMORANDUM FOR THE RECORD",
        "",
        "The Deputy Foreign Minister received the delegation on Tuesday",
        "and went over the draft communique line by line. He said his",
        "government could accept the second paragraph if the reference",
        "to the border commission were dropped.",
    ]
    for i, text in enumerate(body):
        draw.text((100, 200 + 30 * i), text, font=font, fill=0)
    sheet.save(path, dpi=(100, 100))


def test_a_rendered_one_page_memo_loses_its_register_banners(tmp_path: Path):
    path = tmp_path / "memo.png"
    render(path, "SECRET//NOFORN")
    read = ocr_page(ingest.page_refs(ingest.discover([path])[0][0])[0], OcrSettings())
    result = strip([read], StripConfig())
    assert len([r for r in result.removals if r.kind == "banner"]) == 2
    assert result.text.startswith("MEMORANDUM FOR THE RECORD")
    assert "commission were dropped." in result.text
    assert result.fields["controls"].value == ("NOFORN",)
