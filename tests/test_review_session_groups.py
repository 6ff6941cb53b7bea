"""The terminal review offers a word group as the web queue does (``Session.group``).

Synthetic text, made here: misreadings of the kind a damaged typescript gives (``Reglatry``,
``Reglotry``, ``Regiatry`` for Registry, as the JFK 176- series reads it; ``Bresident``,
``Rresident`` for President), not taken from any document. The real pipeline proposes them;
the session is fed keys as the terminal feeds them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_review import Batch
from test_review_groups import DAMAGED

from pipeline.review import ReviewStore, load_output
from pipeline.review.session import NoteKind, ReplyKind, Session

#: A second document of the batch, with readings of Registry the first one lacks.
OTHER = """SUBJECT: FILES
1. The Regiatry index was sent to the embassy in the morning.
2. The Registty office and the Rogistry clerk kept the Ministry files.
"""


@pytest.fixture
def batch(tmp_path: Path) -> Batch:
    b = Batch(tmp_path)
    b.write("cable", DAMAGED)
    b.write("files", OTHER)
    b.run()
    return b


def _session(b: Batch, name: str) -> Session:
    return Session(load_output(b.doc(name)), ReviewStore(b.reviews))


def _to_registry(s: Session) -> None:
    """Skip to the first reading of Registry that is asked with others."""
    while s.current is not None and not (s.current.replacement == "Registry" and s.group):
        s.feed("s")
    assert s.current is not None


def test_one_key_accepts_every_reading_here_and_elsewhere_each_recorded_and_learned(
    batch: Batch,
) -> None:
    s = _session(batch, "cable")
    _to_registry(s)
    group = s.group
    readings = [i.correction.original for i in group]
    # the place asked, then this document's other places, then the other documents'
    assert readings == ["Reglatry", "Reglotry", "Regiatry", "Registty"]
    assert [i.document for i in group] == ["cable", "cable", "files", "files"]
    assert "decide them all" in s.feed("A").message  # no batch scope on a group screen
    reply = s.feed("a")
    assert reply.kind is ReplyKind.NEXT and reply.note.learned
    assert reply.note.text.startswith(
        "Accepted 4 readings of Registry: 4 places (2 in 1 other document); each reading learned"
    )
    assert len(batch.log("cable")) == 2 and len(batch.log("files")) == 2  # one per place
    learned = {line.split(" -> ")[0] for line in batch.lexicon()}
    assert set(readings) <= learned
    assert "Registry index" in batch.clean("files") and "Registry office" in batch.clean("files")
    assert all(c.replacement != "Registry" for c in s.reviewed.pending)


def test_undo_after_a_group_undoes_every_place_of_it(batch: Batch) -> None:
    s = _session(batch, "cable")
    _to_registry(s)
    assert s.feed("a").note.text.startswith("Accepted 4 readings of Registry")
    s.skipped.clear()  # something left to ask: the skipped words come back
    reply = s.feed("u")
    assert reply.note.kind is NoteKind.UNDONE and "4 places" in reply.note.text
    assert s.current.original == "Reglatry" and len(s.group) == 4
    assert batch.lexicon() == [] and "Regiatry index" in batch.clean("files")
    assert [d["action"] for d in batch.log("files")[2:]] == ["undo", "undo"]


def test_places_left_out_are_asked_on_their_own(batch: Batch) -> None:
    s = _session(batch, "files")
    assert [i.correction.original for i in s.group] == [
        "Regiatry",
        "Registty",
        "Reglatry",
        "Reglotry",
    ]
    assert s.feed("x").kind is ReplyKind.TEXT and s.wants_text
    assert "No place 1" in s.feed("1").message  # the place asked stays: leave the others out
    s.feed("x")
    reply = s.feed("2")
    assert reply.kind is ReplyKind.NEXT and reply.note.kind is NoteKind.LEFT_OUT
    assert [i.correction.original for i in s.group] == ["Regiatry", "Reglatry", "Reglotry"]
    s.feed("a")
    assert sorted(d["original"] for d in batch.log("cable")) == ["Reglatry", "Reglotry"]
    assert s.current.original == "Registty" and s.group == ()  # asked alone
    assert s.feed("r").note.text.startswith("Kept Registty")


def test_a_pick_decides_the_place_asked_only(batch: Batch) -> None:
    s = _session(batch, "files")
    s.feed("e")
    s.feed("Registry")
    assert [d["original"] for d in batch.log("files")] == ["Regiatry"]
    assert batch.log("cable") == []
    assert [i.correction.original for i in s.group] == ["Registty", "Reglatry", "Reglotry"]


def test_the_terminal_lists_every_place_of_the_group_and_takes_x(batch: Batch) -> None:
    """``foia-clean review`` through its real prompts (piped answers): the group's places are
    listed, numbered, with their documents; ``x`` then numbers leaves one out; ``a`` decides
    the rest."""
    result = batch.review("cable", "s\ns\nx\n3\na\nq\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "4 readings of Registry at 4 places in 2 documents" in out
    assert "files p1 l2" in out and "[Regiatry]" in out and "x leave places out" in out
    assert "Left out 1 place: asked on their own." in out
    assert "3 readings of Registry at 3 places in 2 documents" in out
    assert (
        "Accepted 3 readings of Registry: 3 places (1 in 1 other document); each reading "
        "learned for places with like neighbouring words"
    ) in " ".join(out.split())
    assert [d["original"] for d in batch.log("files")] == ["Registty"]
    assert sorted(d["original"] for d in batch.log("cable")) == ["Reglatry", "Reglotry"]
