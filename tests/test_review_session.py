"""The review session as a state machine: keys fed in, decisions logged, no terminal.

``pipeline.review.session.Session`` is what ``foia-clean review`` draws; here it is driven
directly, as the terminal would, and the reviews logs and the queue are checked after each key.
Also: the typed contracts review relies on (``Correction.learned``) survive a write and a read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_review import FOLLOW_UP, MEMO, ROOT, Batch

from pipeline.core.enums import CorrectionDecision
from pipeline.lexicon import Lexicon, add_user_correction
from pipeline.review import (
    Learned,
    ReviewStore,
    load_output,
    pristine,
    resolve,
)
from pipeline.review.session import NoteKind, ReplyKind, Session
from pipeline.stages.correct import correct


@pytest.fixture
def batch(tmp_path: Path) -> Batch:
    return Batch.memo_run(tmp_path)


def _session(b: Batch, name: str = "memo") -> Session:
    return Session(load_output(b.doc(name)), ReviewStore(b.reviews))


def test_keys_pick_undo_reject_skip_edit(batch: Batch) -> None:
    s = _session(batch)
    assert s.current is not None and s.current.original == "Alayev"
    assert s.position == (1, 3)

    # Keys that do nothing ask again, and say why.
    assert "Unknown key 'x'" in s.feed("x").message
    assert "There is no candidate 9" in s.feed("9").message
    assert s.feed("?").kind is ReplyKind.HELP
    assert s.feed("").kind is ReplyKind.AGAIN
    assert batch.log("memo") == []

    reply = s.feed("2")  # candidate 2 of Alayev: Aliyev
    assert reply.kind is ReplyKind.NEXT and reply.note is not None
    assert reply.note.text == "Chose Alayev → Aliyev (candidate 2)" and reply.note.learned
    assert s.current.original == "tbc" and s.position == (2, 3)

    reply = s.feed("u")  # undo: Alayev is asked again, first
    assert reply.note is not None and reply.note.kind is NoteKind.UNDONE
    assert s.current.original == "Alayev" and s.position == (1, 3)
    assert batch.lexicon() == []

    assert s.feed("r").note.text == "Kept Alayev"
    assert s.feed("s").note.kind is NoteKind.SKIPPED
    assert s.current.original == "Akiyev" and s.position == (3, 3)

    assert s.feed("e").kind is ReplyKind.TEXT and s.wants_text
    assert s.feed("  ").message == "Cancelled."  # an empty replacement cancels the edit
    assert not s.wants_text and s.current.original == "Akiyev"
    assert s.feed("e").message.startswith("Replacement for Akiyev")
    assert s.feed("Akhiyev").note.text == "Edited Akiyev → Akhiyev"

    assert s.current is None  # nothing left but the skipped tbc
    assert s.feed("a").kind is ReplyKind.QUIT
    assert [d["action"] for d in batch.log("memo")] == ["candidate", "undo", "reject", "edit"]
    assert batch.lexicon() == ["Alayev", "Akiyev -> Akhiyev"]
    assert (s.decided, s.skipped) == (2, {s.reviewed.pending[0].id})
    assert [c.original for c in s.reviewed.pending] == ["tbc"]
    assert "Mr. Akhiyev agreed" in batch.clean("memo")  # the output is written at once


def test_batch_wide_accept_then_quit(batch: Batch) -> None:
    batch.write("follow_up", FOLLOW_UP)
    batch.run()
    s = _session(batch)
    assert [s.base[i].original for i in s.todo()] == ["Alayev", "tbc", "Akiyev"]
    s.feed("s")
    reply = s.feed("A")  # accept tbc -> the in every document
    assert reply.note is not None
    assert reply.note.text == (
        "Accepted tbc → the in every document: 1 place here, 1 place in other documents"
    )
    batch_log = (batch.reviews / "_batch.jsonl").read_text().splitlines()
    assert [json.loads(x)["scope"] for x in batch_log] == ["batch"]
    assert "Later, the group met" in batch.clean("follow_up")
    assert [f.name for f in s.pending_elsewhere()] == ["follow_up"]

    assert s.feed("q").kind is ReplyKind.QUIT
    assert s.current is None and s.finished
    assert s.feed("a").kind is ReplyKind.QUIT  # a finished session takes no more answers
    assert batch.log("memo") == []


def test_end_of_input_quits_and_stale_decisions_are_listed(batch: Batch) -> None:
    s = _session(batch)
    s.feed("s")
    s.feed("r")  # reject tbc: the lexicon now protects it
    assert s.feed(None).kind is ReplyKind.QUIT
    batch.write("memo", MEMO.replace("said tbc meeting", "said the meeting"))
    batch.run()
    s = _session(batch)
    assert [st.decision.original for st in s.stale] == ["tbc"]
    assert s.current is not None and s.current.original == "Alayev"


# -- Correction.learned: the typed contract between the correct stage and review ----------


@pytest.fixture(scope="module")
def lexicon_with_tbe(tmp_path_factory: pytest.TempPathFactory) -> Lexicon:
    user = tmp_path_factory.mktemp("reviews") / "lexicon.txt"
    add_user_correction(user, "tbc", "the")
    return Lexicon.load(ROOT / "dictionaries", user_lexicon=user)


def test_a_learned_correction_is_reopened_when_its_lesson_is_undone(lexicon_with_tbe) -> None:
    text = "Both sides said tbc meeting was short.\n"
    result = correct(text, None, lexicon_with_tbe)
    tbc = next(c for c in result.corrections if c.original == "tbc")
    assert tbc.decision == CorrectionDecision.APPLIED and tbc.learned
    # The user lexicon no longer says so (its decision was undone): a person decides again.
    out = resolve("doc", text, result.corrections, [])
    again = next(c for c in out.corrections if c.id == tbc.id)
    assert again.decision == CorrectionDecision.PROPOSED and not again.learned
    assert "said tbc meeting" in out.text
    # And the record written for it gives back the correct stage's record.
    line = next(r for r in out.records() if r["id"] == tbc.id)
    assert pristine(json.loads(json.dumps(line))) == tbc


def test_review_applies_what_the_user_lexicon_learned_as_learned() -> None:
    lexicon = Lexicon.load(ROOT / "dictionaries")
    text = "Both sides said tbc meeting was short.\n"
    result = correct(text, None, lexicon)
    tbc = next(c for c in result.corrections if c.original == "tbc")
    assert tbc.decision == CorrectionDecision.PROPOSED and not tbc.learned
    out = resolve("doc", text, result.corrections, [], [], Learned(corrections={"tbc": "the"}))
    now = next(c for c in out.corrections if c.id == tbc.id)
    assert now.decision == CorrectionDecision.APPLIED and now.learned
    assert "said the meeting" in out.text
    line = next(r for r in out.records() if r["id"] == tbc.id)
    assert line["learned"] is True and line["review"]["action"] == "lexicon"
    assert pristine(json.loads(json.dumps(line))) == tbc


# -- Page.deskew: the crop tool turns the scan as OCR saw it ------------------------------


def test_the_scan_is_turned_by_the_pages_deskew_angle(tmp_path: Path, make_image) -> None:
    from PIL import ImageChops

    from pipeline.core.fileio import sha256_file
    from pipeline.core.records import Page
    from pipeline.review import DocOutput, ScanCropper

    scan = make_image("scans/page.png", ["The visit of Ambassador Alayev was a success."])
    folder = tmp_path / "out" / "page"
    (folder / "pages").mkdir(parents=True)
    source = {"kind": "image", "files": [{"path": "scans/page.png", "sha256": sha256_file(scan)}]}
    out = DocOutput(folder, "", (), {"source": source})

    def image(deskew: float):
        page = Page(number=1, lines=(), deskew=deskew)
        (folder / "pages" / "0001.json").write_text(json.dumps(page.to_dict()))
        return ScanCropper(out, cwd=tmp_path)._page_image(1)

    straight, turned = image(0.0), image(3.0)
    assert straight is not None and turned is not None and straight.size == turned.size
    assert ImageChops.difference(straight.convert("L"), turned.convert("L")).getbbox()
    assert image(3.0).tobytes() == turned.tobytes()
