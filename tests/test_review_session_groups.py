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

#: A second document of the batch, with a reading of Registry the first one lacks.
OTHER = """SUBJECT: FILES
1. The Regiatry index was sent to the embassy in the morning.
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
    """Skip to the first reading of Registry."""
    while s.current is not None and s.current.replacement != "Registry":
        s.feed("s")
    assert s.current is not None


def test_one_key_accepts_every_reading_here_and_elsewhere_each_recorded_and_learned(
    batch: Batch,
) -> None:
    s = _session(batch, "cable")
    _to_registry(s)
    group = s.group
    readings = [i.correction.original for i in group]
    assert group[0].correction.id == s.current.id  # the place asked is place 1
    assert {"Reglatry", "Reglotry", "Regiatry"} == set(readings)
    assert [i.document for i in group][-1] == "files"  # this document first, then the others
    assert "decide them all" in s.feed("A").message  # no batch scope on a group screen
    reply = s.feed("a")
    assert reply.kind is ReplyKind.NEXT and reply.note.learned
    assert reply.note.text == ("Accepted 3 readings of Registry: 3 places (1 in 1 other document)")
    assert len(batch.log("cable")) == 2 and len(batch.log("files")) == 1  # one per place
    learned = {line.split(" -> ")[0] for line in batch.lexicon()}
    assert set(readings) <= learned
    assert "Registry index" in batch.clean("files")
    assert all(c.replacement != "Registry" for c in s.reviewed.pending)


def test_undo_after_a_group_undoes_every_place_of_it(batch: Batch) -> None:
    s = _session(batch, "cable")
    _to_registry(s)
    assert s.feed("a").note.text.startswith("Accepted 3 readings of Registry")
    assert len(batch.log("cable")) == 2 and len(batch.log("files")) == 1
    s.skipped.clear()  # something left to ask: the skipped words come back
    reply = s.feed("u")
    assert reply.note.kind is NoteKind.UNDONE and "3 places" in reply.note.text
    assert s.current.replacement == "Registry" and len(s.group) == 3
    assert batch.lexicon() == [] and "Regiatry index" in batch.clean("files")
    assert all(d["action"] == "undo" for d in batch.log("files")[1:])


def test_places_left_out_are_asked_on_their_own(batch: Batch) -> None:
    s = _session(batch, "cable")
    _to_registry(s)
    out = next(n for n, i in enumerate(s.group, 1) if i.correction.original == "Reglotry")
    assert s.feed("x").kind is ReplyKind.TEXT and s.wants_text
    assert "No place 1" in s.feed("1").message  # the place asked stays: leave the others out
    s.feed("x")
    reply = s.feed(str(out))
    assert reply.kind is ReplyKind.NEXT and reply.note.kind is NoteKind.LEFT_OUT
    assert "Reglotry" not in {i.correction.original for i in s.group} and len(s.group) == 2
    s.feed("a")
    pending = [c.original for c in s.reviewed.pending if c.replacement == "Registry"]
    assert pending == ["Reglotry"]
    assert s.current.original == "Reglotry" and s.group == ()  # asked alone
    assert s.feed("r").note.text.startswith("Kept Reglotry")


def test_a_pick_decides_the_place_asked_only(batch: Batch) -> None:
    s = _session(batch, "cable")
    _to_registry(s)
    first = s.current.original
    s.feed("e")
    s.feed("Registry")
    assert [d["original"] for d in batch.log("cable")] == [first]
    assert s.current.replacement == "Registry" and len(s.group) == 2
