"""Lines with no recoverable word: one "transcribe by hand" item, typed in review, re-applied.

The noise-line judgement (``pipeline.stages.correct.lines``) is checked on lines from dev
material, in the wild: noise from the JFK releases of the dev split (``bench/splits.json``:
2018 and 2021 releases; ``bench/labels/jfk/2018__docid-32296167.txt`` marks its noise lines
``N``), and real lines that must stay text from the seed cable's header (``bench/labels/seed``),
the Talbott schedules of the dev split (``C06685800``, ``C06685901``) and damaged JFK prose.
Synthetic lines say so. The run → decide → re-run, terminal and OCR-flag tests use synthetic
memos (the noise line in them is a JFK dev line with one fragment made ``tbc``, which the
stage proposes where a neighbour pairs with ``the`` and leaves, for want of a pair, on the noise
line: that line is an item all the same).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_review import Batch

from pipeline.core.enums import CorrectionDecision, CorrectionKind, TokenReading
from pipeline.core.records import BBox, WordSpan
from pipeline.core.results import Correction, PageCheck
from pipeline.core.text import split_edges
from pipeline.lexicon import Lexicon
from pipeline.review import ReviewStore, load_output
from pipeline.review.answers import parse_answer
from pipeline.review.session import LINE_ONLY, ReplyKind, Session
from pipeline.stages.correct import CorrectConfig, apply_corrections, correct
from pipeline.stages.correct.document import make_doc
from pipeline.stages.correct.lines import (
    garbage_evidence,
    is_noise,
    line_evidence,
    line_run,
    mostly_words,
    token_reading,
)

CONFIG = CorrectConfig()

#: In the wild, dev split: JFK OCR lines with no recoverable word.
NOISE = [
    "soe, dheonremt9, ake",  # bench/labels/jfk/2018__docid-32296167.txt (N)
    "we f2-2-9/ £-",  # same file (N)
    "eh yay (emaipin ld] pcp",  # shared/corpus/jfk/2018__104-10414-10150.md
    "4apnof, LEAT CA CALE. fle. gp he.",  # same file
    "ewier. sce ts0/ctAa",  # shared/corpus/jfk/2018__104-10119-10056.md
    "hee tne",  # shared/corpus/jfk/2018__docid-32556633.md
]
#: In the wild, dev split: real lines of names, codes and numbers, and damaged prose.
TEXT = [
    "TAGS: PREL, RS, AZ, AM, GG",  # the seed cable (bench/labels/seed)
    "E.O. 12958: DECL: 08/04/02",
    "DRAFT:\tpnr\tMCK FOR PNR",
    "S/NIS/RA:BLPAS\tCOE",
    "08/04/97, 7-87 D:STALBOTT\t41",
    "IMMEDIATE BAKU, YEREVAN IMMEDIATE",
    "14TH & F STR., NW -- BALLROOM/13TH FLR",  # Talbott C06685800 (dev)
    "12:10 - 12:20 DEPART DOS W/VN, JL",
    "(W/TARNOFF & KORNBLUM)",  # Talbott C06685901 (dev)
    "2:15 - 2:30 DEPART FOR WH",
    "uf Soiunces and tre Sovlot Acadeny of Scienoes.",  # jfk/2021__docid-32379830.md
    "liad not beon an inplads agorit.",  # same file
    "RECORD NUMBER: = 124-10216-10443",  # bench/labels/jfk/2018__docid-32296167.txt
]
#: Synthetic: a table row, a distribution list, an exemption line, a list of names.
SYNTHETIC_TEXT = [
    "1995   12.5   34,200   -3.1 %",
    "cc: S/S, P, EUR/RUS, NEA/ELA",
    "Ser. No. 4-B/1  (b)(1) (b)(3)",
    "ROBERT GELBARD, JAMES COLLINS, STROBE TALBOTT",
    "FL-2017-13804 B-00002120060 UNCLASSIFIED 3/16/2023",
]
#: Synthetic memo with an in-the-wild noise line (``sce`` made ``tbc``: see the docstring).
NOISY_LINE = "ewier. tbc ts0/ctAa"
MEMO = f"""SUBJECT: TALKS ON THE CONFLICT

1. Ambassador Alayev met the delegation in Geneva on Tuesday.

2. Both sides said tbc meeting was short and friendly.
{NOISY_LINE}
3. Mr. Akiyev agreed to continue the talks next month.
"""
TYPED = "Ewer Street, the station"


@pytest.mark.parametrize("line", NOISE)
def test_a_line_of_fragments_is_noise(line: str, lexicon: Lexicon) -> None:
    ev = line_evidence(line.split(), lexicon)
    assert is_noise(ev, CONFIG), ev


@pytest.mark.parametrize("line", TEXT + SYNTHETIC_TEXT)
def test_names_codes_numbers_and_damaged_prose_are_text(line: str, lexicon: Lexicon) -> None:
    ev = line_evidence(line.split(), lexicon)
    assert not is_noise(ev, CONFIG), ev


def test_ocr_confidence_decides_where_there_is_ocr(lexicon: Lexicon) -> None:
    # Synthetic: the same fragments, read with print's confidence, are what the page says.
    raws = NOISE[2].split(" ")
    assert is_noise(line_evidence(raws, lexicon, [30.0] * len(raws)), CONFIG)
    assert not is_noise(line_evidence(raws, lexicon, [92.0] * len(raws)), CONFIG)


@pytest.mark.parametrize("share", [0.0, 0.25, 0.5, 0.6, 1.0])
def test_mostly_words_reads_only_until_settled_and_answers_as_the_whole_line(
    share: float, lexicon: Lexicon
) -> None:
    for line in [*NOISE, *TEXT, *SYNTHETIC_TEXT, ""]:
        raws = [r for r in line.split() if split_edges(r)[1]]
        ev = line_evidence(raws, lexicon)
        assert mostly_words(raws, lexicon, share) == (ev.word_share >= share), line
        garbage = garbage_evidence(raws, lexicon, CONFIG)
        gated = (
            ev.tokens >= CONFIG.garbage_min_tokens and ev.word_share < CONFIG.garbage_max_word_share
        )
        assert garbage == (ev if gated else None), line
    # the early answer: a line of words is settled by its first half, the rest never read
    readings: dict[str, TokenReading] = {}
    assert mostly_words(["the", "talks", "xq7z", "ewier."], lexicon, 0.5, readings)
    assert set(readings) == {"the", "talks"}


def test_line_run_is_the_line_of_a_token(lexicon: Lexicon) -> None:
    doc = make_doc("The talks\nwent on , and on\n\nend", None, lexicon, CONFIG, None)
    runs = [line_run(doc, i) for i in range(len(doc.tokens))]
    assert runs == [(0, 1), (0, 1), (2, 6), (2, 6), (2, 6), (2, 6), (2, 6), (7, 7)]


def test_token_readings(lexicon: Lexicon) -> None:
    read = {t: token_reading(t, lexicon) for t in ("meeting,", "B.", "NW", "dheonremt9", "pcp")}
    assert read == {
        "meeting,": TokenReading.WORD,
        "B.": TokenReading.WORD,
        "NW": TokenReading.LIKELY,
        "dheonremt9": TokenReading.LOST,
        "pcp": TokenReading.LOST,
    }
    assert token_reading("Acadeny", lexicon) is TokenReading.LIKELY  # shaped like a name
    assert token_reading("inplads", lexicon) is TokenReading.DAMAGED


def _spans(text: str, conf: float) -> list[WordSpan]:
    """One span per token, each line of the text an OCR line of page 1, boxes on a grid; the
    noise line read with confidence ``conf``, the others with print's 93."""
    spans = []
    offset = 0
    for n, line in enumerate(text.split("\n")):
        pos = 0
        for word in line.split():
            i = line.index(word, pos)
            pos = i + len(word)
            box = BBox(10 + 9 * i, 20 * n, 9 * len(word), 12)
            read = conf if line == NOISY_LINE else 93.0
            spans.append(WordSpan(offset + i, offset + pos, 1, n, box, read))
        offset += len(line) + 1
    return spans


def test_a_noise_line_becomes_one_item_with_its_box(lexicon: Lexicon) -> None:
    word_only = correct(MEMO.replace(NOISY_LINE, "tbc"), None, lexicon)
    assert not any(c.is_line for c in word_only.corrections)

    result = correct(MEMO, _spans(MEMO, 30.0), lexicon)
    items = [c for c in result.corrections if c.is_line]
    assert len(items) == 1
    item = items[0]
    assert item.kind is CorrectionKind.LINE and item.decision is CorrectionDecision.PROPOSED
    assert item.original == NOISY_LINE and MEMO[item.start : item.end] == NOISY_LINE
    assert item.candidates == () and item.replacement == NOISY_LINE
    # Its box is the union of its words' boxes; page and line are the OCR line's.
    n = MEMO.split("\n").index(NOISY_LINE)
    assert (item.page, item.line) == (1, n)
    assert item.bbox == BBox(10, 20 * n, 9 * len(NOISY_LINE), 12)
    # Its fragment is left for want of a pair (``CorrectConfig.short_needs_pair``: ``the`` is
    # only somewhere in the document): no word record to subsume, the reason names it.
    assert item.subsumed == ()
    assert "left under want of a pair: tbc → the" in item.reason
    assert "transcribe the line by hand" in item.reason
    inside = [c for c in result.corrections if not c.is_line and item.start <= c.start < item.end]
    assert inside == []
    # The other tbc is still proposed; nothing changed the line; the records replay.
    assert [c.original for c in result.corrections if not c.is_line].count("tbc") == 1
    assert NOISY_LINE in result.text
    assert apply_corrections(MEMO, result.applied) == result.text
    # The record survives a write and a read.
    assert Correction.from_dict(json.loads(json.dumps(item.to_dict()))) == item
    assert "kind" not in result.corrections[0].to_dict()  # word records are written as before

    # Read with print's confidence, the same line is what the page says: no item.
    assert not any(c.is_line for c in correct(MEMO, _spans(MEMO, 93.0), lexicon).corrections)


def test_a_noise_line_whose_fragment_is_left_under_the_short_floor_is_still_one_item(
    lexicon: Lexicon,
) -> None:
    """The memo above with its noise line's fragment left under the short floor
    (``worth.Unworthy.SHORT``: it would have been proposed before that floor) instead of
    proposed: the line is one item all the same, naming the word, with no word record in it;
    left for want of any likely candidate (``UNLIKELY``), it would have made no item before,
    and makes none now."""
    from pipeline.core.results import LeftWord
    from pipeline.stages.correct.document import make_doc
    from pipeline.stages.correct.lines import line_items

    at = MEMO.index(NOISY_LINE) + NOISY_LINE.index("tbc")
    for reason, items in (("short", 1), ("unlikely", 0)):
        doc = make_doc(MEMO, None, lexicon, CONFIG, None)
        doc.left_words.append(LeftWord(1, 5, at, at + 3, "tbc", "the", -5.0, reason, "test"))
        kept, made = line_items(doc, [], set())
        assert kept == [] and len(made) == items, reason
        if items:
            (item,) = made
            assert item.original == NOISY_LINE and item.subsumed == ()
            assert "left under the short floor: tbc → the" in item.reason


def test_pages_ocr_flagged_are_skipped_and_listed(lexicon: Lexicon) -> None:
    text = MEMO + "\f" + MEMO
    flagged = PageCheck(2, True, "flagged by OCR: a photo", 30, 0.0)
    result = correct(text, None, lexicon, flagged=[flagged])
    page_two = text.index("\f")
    assert result.corrections and all(c.start < page_two for c in result.corrections)
    assert flagged in result.manual_pages
    both = correct(text, None, lexicon)
    assert any(c.start > page_two for c in both.corrections)


# -- run, decide, re-run ---------------------------------------------------------------------


@pytest.fixture
def noisy(tmp_path: Path) -> Batch:
    b = Batch(tmp_path)
    b.write("memo", MEMO)
    b.run()
    return b


def _line_id(b: Batch, name: str = "memo") -> str:
    (item,) = [r for r in b.records(name) if r.get("kind") == "line"]
    return item["id"]


def test_run_decide_rerun_puts_the_typed_line_in_clean_txt(noisy: Batch) -> None:
    cid = _line_id(noisy)
    # accept and a candidate number make no sense for a line: a usage error, nothing logged.
    refused = noisy.decide("memo", cid, "accept")
    assert refused.exit_code == 2 and "transcribe by hand" in refused.output
    assert noisy.log("memo") == []

    done = noisy.decide("memo", cid, "--text", TYPED)
    assert done.exit_code == 0, done.output
    assert "Transcribed the line" in done.stdout
    (logged,) = noisy.log("memo")
    assert logged["action"] == "edit" and logged["line"] is True
    assert logged["replacement"] == TYPED and noisy.lexicon() == []  # teaches nothing
    assert TYPED in noisy.clean("memo") and NOISY_LINE not in noisy.clean("memo")

    noisy.run()  # every re-run applies it exactly
    clean = noisy.clean("memo")
    # The strip stage joined the noise line to the sentence before; the item is still the
    # source line (its word spans), and the typed text takes exactly its place.
    assert f"said tbc meeting was short and friendly. {TYPED}\n3. Mr." in clean
    (record,) = [r for r in noisy.records("memo") if r.get("kind") == "line"]
    assert record["decision"] == "edited" and record["replacement"] == TYPED
    assert record["review"]["action"] == "edit"
    noisy.check_invariant("memo")
    out = load_output(noisy.doc("memo"))
    assert json.loads((out.folder / "metadata.json").read_text())["review"]["edited"] == 1


def test_reject_keeps_the_ocr_line_and_skip_leaves_it_open(noisy: Batch) -> None:
    cid = _line_id(noisy)
    assert noisy.decide("memo", cid, "reject").exit_code == 0
    assert noisy.log("memo")[-1]["line"] is True and noisy.lexicon() == []
    noisy.run()
    assert NOISY_LINE in noisy.clean("memo")
    (record,) = [r for r in noisy.records("memo") if r.get("kind") == "line"]
    assert record["decision"] == "rejected"
    # The line's words were never learned as words: nothing protects ``ts0/ctAa``.
    assert "ewier." not in " ".join(noisy.lexicon())


def test_the_api_form_of_a_typed_line(noisy: Batch) -> None:
    out = load_output(noisy.doc("memo"))
    (c,) = [c for c in out.corrections if c.is_line]
    assert parse_answer(TYPED, c).text == TYPED  # {"decision": "<typed text>"}
    assert parse_answer("text", c, TYPED).text == TYPED
    with pytest.raises(ValueError, match="transcribe by hand"):
        parse_answer("1", c)
    assert parse_answer("", c) is None  # skip: still open


# -- the terminal ----------------------------------------------------------------------------


def test_the_terminal_types_a_line(noisy: Batch) -> None:
    s = Session(load_output(noisy.doc("memo")), ReviewStore(noisy.reviews))
    while s.current is not None and not s.current.is_line:
        assert s.feed("s").kind is ReplyKind.NEXT  # word proposals first; lines come last
    assert s.current is not None and s.current.original == NOISY_LINE
    for key in ("a", "1", "A"):
        reply = s.feed(key)
        assert reply.kind is ReplyKind.AGAIN and reply.message == LINE_ONLY
    assert noisy.log("memo") == []
    reply = s.feed("e")
    assert reply.kind is ReplyKind.TEXT and "as the scan reads it" in reply.message
    reply = s.feed(TYPED)
    assert reply.kind is ReplyKind.NEXT and reply.note is not None
    assert reply.note.text == f"Transcribed the line {NOISY_LINE!r} as {TYPED!r}"
    assert TYPED in noisy.clean("memo")


def test_the_terminal_screen_of_a_line(noisy: Batch) -> None:
    words = [r for r in noisy.records("memo") if r["decision"] == "proposed" and "kind" not in r]
    # Skip every word proposal (they come first), then type the line.
    result = noisy.review("memo", "s\n" * len(words) + f"e\n{TYPED}\n")
    assert result.exit_code == 0, result.output
    assert "transcribe by hand" in result.output and "e type the line" in result.output
    assert "Fix" not in result.output.split("transcribe by hand", 1)[1]  # no candidates shown
    assert f"Transcribed the line {NOISY_LINE!r}" in result.output
    assert TYPED in noisy.clean("memo")


def test_a_page_ocr_flagged_manual_is_skipped_by_the_correct_stage(
    tmp_path: Path, fake_ocr: dict[str, str]
) -> None:
    """Synthetic: a page read at confidence 42 is flagged by OCR (below 45) but not by the
    correct stage's own judgement (below 40): the stage honours OCR's flag."""
    from test_review_web import draw_page

    text = "Both sides said tbc meeting was short and friendly today"
    lines = [f"{w}~42" for w in text.split(" ")]
    b = Batch(tmp_path)
    draw_page([" ".join(lines)]).save(b.scans / "dim.png", dpi=(100, 100))
    fake_ocr["dim.png"] = " ".join(lines)
    b.run()
    page = json.loads((b.doc("dim") / "pages" / "0001.json").read_text())
    assert page["status"] == "manual"
    assert b.records("dim") == []  # tbc is not proposed on a page for a person
    meta = json.loads((b.doc("dim") / "metadata.json").read_text())
    (listed,) = meta["manual_transcription"]
    assert listed["page"] == 1 and listed["reason"].startswith("flagged by OCR: ")


def _write_rows(sheet: Path, rows: list[dict[str, str]]) -> None:
    import csv

    with sheet.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_a_spreadsheet_row_types_a_line(noisy: Batch, tmp_path: Path) -> None:
    import csv

    sheet = tmp_path / "memo.csv"
    assert noisy.review("memo", "", "--export", str(sheet)).exit_code == 0
    rows = list(csv.DictReader(sheet.read_text(encoding="utf-8-sig").splitlines()))
    (row,) = [r for r in rows if r["original"] == NOISY_LINE]
    assert row["candidates"] == ""
    _write_rows(sheet, [{**row, "decision": "accept"}])
    refused = noisy.review("memo", "", "--import", str(sheet))
    assert refused.exit_code == 2 and "transcribe by hand" in refused.output
    assert noisy.log("memo") == []
    _write_rows(sheet, [{**row, "decision": "edit", "replacement": TYPED}])
    assert noisy.review("memo", "", "--import", str(sheet)).exit_code == 0
    assert TYPED in noisy.clean("memo") and noisy.log("memo")[-1]["line"] is True


#: In the wild, dev split: a line of typescript damaged past word-by-word repair
#: (shared/corpus/jfk/2021__docid-32379830.md), in a synthetic memo of clean lines.
DAMAGED_LINE = "uf Soiunces and tre Sovlot Acadeny of Scienoes."
DAMAGED_MEMO = f"""SUBJECT: VISIT OF A PHYSICIST

1. Subject visited Moscow in the summer and met members of the
{DAMAGED_LINE}
2. He returned to Trieste in the autumn and reported on his visit.
"""


def test_a_line_too_damaged_to_fix_word_by_word_is_one_item(lexicon: Lexicon) -> None:
    result = correct(DAMAGED_MEMO, None, lexicon)
    assert [c.kind for c in result.corrections] == [CorrectionKind.LINE]
    item = result.corrections[0]
    assert item.original == DAMAGED_LINE and item.decision is CorrectionDecision.PROPOSED
    assert DAMAGED_MEMO[item.start : item.end] == DAMAGED_LINE
    # Its proposals are kept in the item, and the reason says why it is a job for a person.
    # Its damage is read from its tokens: the words left under worth's floor or for want of
    # context (Soiunces, Sovlot, Scienoes: left.jsonl) count as the proposal (Acadeny) does, so
    # the line is a job whatever one candidate's calibrated score; the reason names them all.
    assert {s.original for s in item.subsumed} == {"Acadeny"}
    assert "too damaged to fix a word at a time: 6 of 8 tokens damaged" in item.reason
    assert "Soiunces → Sciences" in item.reason and "Acadeny → Academy" in item.reason
    assert result.text == DAMAGED_MEMO


def test_a_long_line_with_some_damage_stays_word_proposals(lexicon: Lexicon) -> None:
    # Synthetic: the same damage in a paragraph held on one line (text input) is not one line to
    # retype: its words are proposed one by one.
    para = (
        "Subject visited Moscow in the summer and met members of the "
        + DAMAGED_LINE
        + " He returned to Trieste in the autumn and reported on his visit."
    )
    records = correct(f"SUBJECT: VISIT\n\n{para}\n", None, lexicon).corrections
    assert not any(c.is_line for c in records)
    assert {c.original for c in records} >= {"Acadeny"}


@pytest.mark.parametrize(
    ("readings", "found", "once", "proposals", "applied", "job"),
    [
        ("LDWLDDWD", "01001001", 3, 3, 0, True),  # the JFK line above, as the stage reads it
        ("LDWLDDWD", "01001001", 3, 1, 0, True),  # two of its words left under the floor
        ("LDWLDDWD", "01001001", 3, 0, 0, False),  # nothing proposed: an item adds a screen
        # a word applied on it: still a job, the item's suggested text carries the change
        ("LDWLDDWD", "01001001", 3, 3, 1, True),
        ("LDWLDDWD", "01001001", 1, 1, 0, False),  # its words recur elsewhere
        ("WDWWWWWD", "01000001", 2, 2, 0, False),  # 2 of 8 damaged: a line with two typos
        ("DLD", "101", 2, 1, 0, True),
        ("DDWWWWWWWWWWWWWWWWWD", "11000000000000000001", 3, 3, 0, False),  # a paragraph
    ],
)
def test_transcription_job_thresholds(
    readings: str, found: str, once: int, proposals: int, applied: int, job: bool
) -> None:
    # Synthetic readings (W word, D damaged, L lost) against the default thresholds.
    from pipeline.stages.correct.manual import transcription_job

    read = {"W": TokenReading.WORD, "D": TokenReading.DAMAGED, "L": TokenReading.LOST}
    flags = [ch == "1" for ch in found]
    got = transcription_job([read[r] for r in readings], flags, once, proposals, applied, CONFIG)
    assert (got is not None) is job, got
