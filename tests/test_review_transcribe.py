"""A page flagged for manual transcription, typed by a reviewer: kept as a decision, applied on
every run while the page's pixels are the same, stale when the scan changes, undone by
``forget``. Synthetic pages (``test_manual_pages._run``: drawn words the fake engine reads);
the browser test is ``test_review_web_transcribe.py``.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from PIL import ImageDraw
from test_manual_pages import GARBAGE, GOOD_1, GOOD_3, _run
from test_review import ROOT

from pipeline.core.config import OcrSettings, RunConfig
from pipeline.core.records import manual_mark
from pipeline.review import Action, Decision, ReviewStore
from pipeline.review.decisions import effective
from pipeline.review.outputs import load_output, refresh
from pipeline.review.transcribe import (
    FlaggedPage,
    apply_transcriptions,
    clean_transcription,
    record_transcription,
    withdraw_transcription,
)
from pipeline.runner import BatchReport, run_batch

TYPED = "The Embassy reports that the talks\nwill resume on Monday."


def _transcribe(doc: Path, reviews: Path, page: int = 2, text: str = TYPED) -> Decision:
    out = load_output(doc)
    (flagged,) = [p for p in out.flagged if p.number == page]
    original = manual_mark(page, flagged.reason)
    return record_transcription(ReviewStore(reviews), out.name, flagged, original, text)


def _rerun(tmp_path: Path) -> BatchReport:
    config = RunConfig(
        out_dir=tmp_path / "out",
        reviews=tmp_path / "reviews",
        ocr=OcrSettings(engine="fake"),
        jobs=1,
        dictionaries=ROOT / "dictionaries",
    )
    report = run_batch([tmp_path / "scans"], config)
    assert [d.status for d in report.documents] == ["done"]
    return report


def _records(doc: Path) -> list[dict]:
    return [json.loads(x) for x in (doc / "corrections.jsonl").read_text().splitlines()]


def test_a_transcription_is_applied_on_every_run_and_undone(
    tmp_path: Path, fake_ocr: dict[str, str]
) -> None:
    doc = _run(tmp_path, fake_ocr, [GOOD_1, GARBAGE, GOOD_3])
    meta = json.loads((doc / "metadata.json").read_text())
    (flagged,) = meta["review"]["flagged_pages"]
    assert flagged["page"] == 2 and len(flagged["sha256"]) == 64 and flagged["transcribed"] is None
    mark = manual_mark(2, flagged["reason"])

    d = _transcribe(doc, tmp_path / "reviews")
    refresh(doc, ReviewStore(tmp_path / "reviews"))  # what a review does at once
    at_once = (doc / "clean.txt").read_text()
    report = _rerun(tmp_path)  # and every run after
    # The run's summary no longer names the typed page as needing transcription.
    assert report.documents[0].manual == () and report.manual_summary() is None
    clean = (doc / "clean.txt").read_text()
    assert clean == at_once
    day = d.time[:10]
    assert f"\n\n[TRANSCRIBED BY HAND: page 2, {day}]\n{TYPED}\n\n" in clean
    assert mark not in clean and "Foreign Minister" in clean and "Geneva" in clean
    # Nothing lost: raw.txt and stripped.txt keep the placeholder, the record says what
    # replaced it and which decision did.
    assert mark in (doc / "raw.txt").read_text() and mark in (doc / "stripped.txt").read_text()
    (rec,) = _records(doc)
    assert rec["kind"] == "page" and rec["id"] == "page-2" and rec["decision"] == "edited"
    assert rec["original"] == mark and rec["replacement"].endswith(TYPED)
    assert rec["review"]["decision"] == d.id and rec["review"]["transcription"] is True
    meta = json.loads((doc / "metadata.json").read_text())
    assert meta["review"]["transcribed_pages"] == 1 and meta["review"]["edited"] == 0
    assert meta["review"]["flagged_pages"][0]["transcribed"] == d.id
    # The search index holds the typed text, not the placeholder.
    with sqlite3.connect(doc.parent / "index.sqlite") as db:
        hit = db.execute("SELECT page FROM pages WHERE pages MATCH 'Embassy'").fetchall()
        gone = db.execute("SELECT count(*) FROM pages WHERE pages MATCH 'NEEDED'").fetchone()
    assert hit and gone == (0,)

    # Undone (``forget`` on a transcription): the placeholder is back, the log keeps both.
    assert withdraw_transcription(ReviewStore(tmp_path / "reviews"), d.id) == d
    refresh(doc, ReviewStore(tmp_path / "reviews"))
    assert mark in (doc / "clean.txt").read_text() and TYPED not in (doc / "clean.txt").read_text()
    assert _records(doc) == []
    log = ReviewStore(tmp_path / "reviews").read("cable")
    assert [x.action for x in log] == [Action.EDIT, Action.UNDO] and effective(log) == []


def test_a_changed_scan_makes_the_transcription_stale_not_applied(
    tmp_path: Path, fake_ocr: dict[str, str]
) -> None:
    doc = _run(tmp_path, fake_ocr, [GOOD_1, GARBAGE, GOOD_3])
    d = _transcribe(doc, tmp_path / "reviews")
    _rerun(tmp_path)
    assert TYPED in (doc / "clean.txt").read_text()
    # A new scan of page 2: other pixels, still unreadable.
    page = tmp_path / "scans" / "cable" / "p-2.png"
    from PIL import Image

    with Image.open(page) as img:
        img = img.copy()
    ImageDraw.Draw(img).rectangle((5, 5, 12, 12), fill=0)
    img.save(page, dpi=(100, 100))
    _rerun(tmp_path)
    clean = (doc / "clean.txt").read_text()
    assert TYPED not in clean and "[MANUAL TRANSCRIPTION NEEDED: page 2:" in clean
    meta = json.loads((doc / "metadata.json").read_text())
    (stale,) = meta["review"]["stale"]
    assert stale["decision"] == d.id and "scan has changed" in stale["why"]
    assert meta["review"]["flagged_pages"][0]["transcribed"] is None
    assert _records(doc) == []
    # A review shows the page again, stale, with the earlier text to check against the scan.
    from pipeline.core.enums import TranscriptionState
    from pipeline.review.queue import ReviewQueue

    (p,) = ReviewQueue(tmp_path / "out", ReviewStore(tmp_path / "reviews")).pages()
    assert p.state is TranscriptionState.STALE and p.decision == d and "scan" in (p.why or "")
    # --decided lists it stale, not standing.
    from typer.testing import CliRunner

    from pipeline.cli import app

    r = CliRunner().invoke(
        app, ["review", str(doc), "--decided", "--reviews", str(tmp_path / "reviews")]
    )
    (row,) = [x.split("\t") for x in r.stdout.splitlines() if x.startswith(d.id)]
    assert row[3].startswith("stale, not applied (") and "scan has changed" in row[3]


def _decision(page: int = 2, sha: str = "a" * 64, text: str = "Typed text") -> Decision:
    return Decision(
        "d1",
        "memo",
        f"page-{page}",
        manual_mark(page, "too faint"),
        f"page {page}",
        Action.EDIT,
        text,
        page=page,
        time="2026-11-30T10:00:00.000+00:00",
        transcription=True,
        page_sha256=sha,
    )


STRIPPED = f"First page.\n\n{manual_mark(2, 'too faint')}\n\nThird page.\n"


def test_apply_transcriptions_only_on_the_same_pixels_of_a_flagged_page() -> None:
    flagged = [FlaggedPage(2, "too faint", "a" * 64)]
    done = apply_transcriptions(STRIPPED, [_decision()], flagged)
    (rec,) = done.records
    assert STRIPPED[rec.start : rec.end] == manual_mark(2, "too faint")
    assert rec.replacement == "[TRANSCRIBED BY HAND: page 2, 2026-11-30]\nTyped text"
    assert done.stale == ()
    changed = apply_transcriptions(STRIPPED, [_decision(sha="b" * 64)], flagged)
    assert changed.records == () and "scan has changed" in changed.stale[0][1]
    gone = apply_transcriptions(STRIPPED, [_decision()], [])
    assert gone.records == () and "no longer flagged" in gone.stale[0][1]
    # A later transcription of the page stands; the earlier one is superseded, not stale.
    later = _decision(text="Second try")
    later = Decision(**{**later.__dict__, "id": "d2"})
    both = apply_transcriptions(STRIPPED, [_decision(), later], flagged)
    assert [r.replacement.split("\n")[1] for r in both.records] == ["Second try"]
    assert both.stale == ()


def test_a_transcription_record_round_trips_and_is_checked() -> None:
    d = _decision()
    assert Decision.from_dict(json.loads(json.dumps(d.to_dict()))) == d
    with pytest.raises(ValueError):
        Decision("x", "memo", "page-2", "m", "", Action.ACCEPT, "t", page=2, transcription=True)
    with pytest.raises(ValueError):
        Decision("x", "memo", "page-2", "m", "", Action.EDIT, "t", transcription=True)  # no page
    assert clean_transcription("\n  a \r\nb\fc\n\n") == "  a\nb c"
    with pytest.raises(ValueError):
        clean_transcription(" \n\t\n")


def test_no_transcription_without_the_pixels_digest(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="run 'foia-clean run' again"):
        record_transcription(
            ReviewStore(tmp_path), "memo", FlaggedPage(2, "too faint", None), "m", "text"
        )
    assert not (tmp_path / "memo.jsonl").exists()


def test_the_terminal_types_a_page_from_stdin_or_editor_and_forget_undoes_it(
    tmp_path: Path, fake_ocr: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    doc = _run(tmp_path, fake_ocr, [GOOD_1, GARBAGE, GOOD_3])
    reviews = ["--reviews", str(tmp_path / "reviews")]
    cli = CliRunner()
    listed = cli.invoke(app, ["review", str(doc), "--list", *reviews])
    assert listed.exit_code == 0 and "cable p2" in listed.stderr and "page-N edit" in listed.stderr
    # Not a flagged page, an empty text, --batch: refused, nothing recorded.
    for args, said in (
        (["page-1", "--text", "x"], "not flagged"),
        (["page-2", "--text", " "], "empty"),
        (["page-2", "--text", "x", "--batch"], "that page only"),
        (["page-2"], "give --text TEXT"),  # a page's own advice, not a proposal's
    ):
        r = cli.invoke(app, ["decide", str(doc), *args, *reviews])
        assert r.exit_code != 0 and said in r.stderr, r.stderr
    assert not (tmp_path / "reviews" / "cable.jsonl").exists()

    r = cli.invoke(app, ["decide", str(doc), "page-2", "--text", "-", *reviews], input=TYPED)
    assert r.exit_code == 0 and r.stdout.startswith("page-2\tTranscribed page 2 by hand")
    first = r.stdout.strip().split("\t")[-1]
    assert TYPED in (doc / "clean.txt").read_text()
    listed = cli.invoke(app, ["review", str(doc), "--list", *reviews])
    assert "Transcribed by hand" in listed.stderr and "needs manual" not in listed.stderr

    # edit: in $EDITOR, starting from the transcription that stands; what is saved replaces it.
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nsed -i "s/Monday/Tuesday/" "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.setenv("VISUAL", str(editor))
    r = cli.invoke(app, ["decide", str(doc), "page-2", "edit", *reviews])
    assert r.exit_code == 0, r.stderr
    clean = (doc / "clean.txt").read_text()
    assert "will resume on Tuesday." in clean and "Monday" not in clean
    decision = r.stdout.strip().split("\t")[-1]

    decided = cli.invoke(app, ["review", str(doc), "--decided", *reviews])
    assert "Transcribed page 2 by hand" in decided.stdout
    # forget on a transcription undoes it: the placeholder is back in clean.txt.
    r = cli.invoke(app, ["forget", decision, "--out", str(doc.parent), *reviews])
    assert r.exit_code == 0 and "undone" in r.stdout, r.stderr
    # As with a word, undoing the latest decision on the page lets the one it superseded
    # stand again; forgetting that one too brings the placeholder back.
    assert "will resume on Monday." in (doc / "clean.txt").read_text()
    r = cli.invoke(app, ["forget", first, "--out", str(doc.parent), *reviews])
    assert r.exit_code == 0, r.stderr
    clean = (doc / "clean.txt").read_text()
    assert "MANUAL TRANSCRIPTION NEEDED: page 2" in clean and "will resume" not in clean


def test_the_sheet_has_a_row_per_page_to_type_and_imports_its_text(
    tmp_path: Path, fake_ocr: dict[str, str]
) -> None:
    import csv

    from typer.testing import CliRunner

    from pipeline.cli import app

    doc = _run(tmp_path, fake_ocr, [GOOD_1, GARBAGE, GOOD_3])
    reviews = ["--reviews", str(tmp_path / "reviews")]
    sheet = tmp_path / "sheet.csv"
    cli = CliRunner()
    assert cli.invoke(app, ["review", str(doc), "--export", str(sheet), *reviews]).exit_code == 0
    rows = list(csv.DictReader(sheet.open(encoding="utf-8-sig")))
    (row,) = [r for r in rows if r["id"] == "page-2"]
    assert row["decision"] == "" and row["replacement"] == "" and "flagged" in row["reason"]
    row["replacement"] = TYPED  # two lines in one cell
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    r = cli.invoke(app, ["review", str(doc), "--import", str(sheet), *reviews])
    assert r.exit_code == 0, r.stderr
    assert (
        f"page 2, {ReviewStore(tmp_path / 'reviews').read('cable')[0].time[:10]}]\n{TYPED}"
        in (doc / "clean.txt").read_text()
    )
    # Imported twice: nothing new is recorded; exported again, the row holds the text.
    assert cli.invoke(app, ["review", str(doc), "--import", str(sheet), *reviews]).exit_code == 0
    assert len(ReviewStore(tmp_path / "reviews").read("cable")) == 1
    r = cli.invoke(app, ["review", str(doc), "--export", str(sheet), *reviews])
    assert r.exit_code == 0, r.stderr
    rows = list(csv.DictReader(sheet.open(encoding="utf-8-sig")))
    # The message counts rows, not lines: the typed page's two lines are one cell.
    said = " ".join(r.stderr.split())
    assert f"Wrote {len(rows)} row" in said and "1 of them page-N rows" in said
    (row,) = [r for r in rows if r["id"] == "page-2"]
    assert row["decision"] == "edit" and row["replacement"] == TYPED
    # A page that is not flagged: the whole sheet is refused.
    row["id"] = "page-1"
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    bad = cli.invoke(app, ["review", str(doc), "--import", str(sheet), *reviews])
    assert bad.exit_code != 0 and "not flagged" in bad.stderr


def test_a_pages_digest_is_of_its_own_pixels_in_a_tiff_and_a_pdf(tmp_path: Path) -> None:
    from PIL import Image

    from pipeline.core.enums import DocKind
    from pipeline.core.records import PageRef
    from pipeline.review.transcribe import page_digest

    a, b = Image.new("L", (120, 90), 255), Image.new("L", (120, 90), 255)
    ImageDraw.Draw(b).rectangle((10, 10, 30, 30), fill=0)
    tif, pdf = tmp_path / "two.tif", tmp_path / "two.pdf"
    a.save(tif, save_all=True, append_images=[b])
    a.save(pdf, save_all=True, append_images=[b], resolution=72)
    for path, kind in ((tif, DocKind.TIFF), (pdf, DocKind.PDF)):
        first, second = (page_digest(PageRef("d", i + 1, path, kind, i)) for i in (0, 1))
        assert first != second and first == page_digest(PageRef("d", 1, path, kind, 0))
    # The same pixels in another file format: the same digest (pixels, not bytes).
    png = tmp_path / "one.png"
    a.save(png, dpi=(300, 300))
    assert page_digest(PageRef("d", 1, png, DocKind.IMAGE)) == page_digest(
        PageRef("d", 1, tif, DocKind.TIFF, 0)
    )


def test_the_interactive_review_offers_the_page_to_type_and_piped_lines_type_it(
    tmp_path: Path, fake_ocr: dict[str, str]
) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    doc = _run(tmp_path, fake_ocr, [GOOD_1, GARBAGE, GOOD_3])
    reviews = ["--reviews", str(tmp_path / "reviews")]
    r = CliRunner().invoke(app, ["review", str(doc), *reviews], input=f"t\n{TYPED}\n.\n")
    assert r.exit_code == 0, r.stderr
    assert "Page 2 of cable needs manual transcription" in r.stderr
    assert f"\n{TYPED}\n" in (doc / "clean.txt").read_text()
    (d,) = ReviewStore(tmp_path / "reviews").read("cable")
    assert d.transcription and d.replacement == TYPED
    # Typed: not offered again; s skips, nothing recorded.
    r = CliRunner().invoke(app, ["review", str(doc), *reviews], input="s\n")
    assert "needs manual transcription" not in r.stderr
    assert len(ReviewStore(tmp_path / "reviews").read("cable")) == 1
