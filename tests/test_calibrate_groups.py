"""Confirm points that hold on documents the fit never saw (``bench.calibrate.held_threshold``,
``group_confirm``) and the model's own confirm point per group of changes
(``calibrate.Model.confirm_for``). Synthetic rows and sentences."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from bench import calibrate as fitting
from pipeline.core.results import APPLIED, PROPOSED
from pipeline.lexicon import Lexicon
from pipeline.stages.correct import calibrate as cal
from pipeline.stages.correct import correct

real = cal.load()


def _rows_with_one_bad_document() -> tuple[np.ndarray, np.ndarray, list[str]]:
    """800 rows at p 0.99 from 80 documents, all right; then 100 rows at p 0.9 from ten more
    documents, of which one holds 8 wrong: 8 wrong of 900 in all (0.991)."""
    p = np.array([0.99] * 800 + [0.9] * 100)
    y = np.ones(900)
    y[800:808] = 0
    groups = [f"d{i // 10}" for i in range(900)]
    return p, y, groups


def test_the_held_threshold_asks_the_precision_to_hold_over_document_resamples() -> None:
    p, y, groups = _rows_with_one_bad_document()
    # The point estimate takes the band: 892 of 900 right is 0.991.
    assert fitting.threshold(p, y, 0.99)[0] == 0.9
    # Drawn twice in a resample (one resample in four), the bad document alone pulls the band
    # under 0.99: the held threshold leaves the band out.
    t, prec, applied, right = fitting.held_threshold(p, y, groups, 0.99)
    assert (t, prec, applied, right) == (0.99, 1.0, 800, 800)


def test_the_same_wrong_rows_spread_over_many_documents_hold() -> None:
    p, y, _ = _rows_with_one_bad_document()
    spread = [f"d{i}" for i in range(900)]  # every row its own document
    assert fitting.held_threshold(p, y, spread, 0.985)[0] == 0.9


def test_a_group_gets_its_own_confirm_point_only_when_surely_worse() -> None:
    """Synthetic: specks 800 right at p 0.99, then 100 at 0.9 from ten documents with two wrong
    each (0.978 at the common point 0.9, whatever documents are drawn): their own point is
    0.99. Joins with the same wrong rows in one document (0.991, but 1.0 whenever it is not
    drawn) are not surely worse; nor are rows of a group too small to judge."""
    p = np.array([0.99] * 800 + [0.9] * 100)
    y = np.ones(900)
    y[800::5] = 0  # two of each band document's ten
    docs = [f"d{i // 10}" for i in range(900)]
    rows = [(g, {"path_speck": 1.0}, int(v)) for g, v in zip(docs, y, strict=True)]
    jp, jy, jdocs = _rows_with_one_bad_document()
    rows += [(f"j{g}", {"path_join": 1.0}, int(v)) for g, v in zip(jdocs, jy, strict=True)]
    few = fitting.MIN_GROUP_ROWS - 1
    rows += [(f"e{i}", {"path_case": 1.0}, i % 2) for i in range(few)]
    probs = np.concatenate([p, jp, np.full(few, 0.95)])
    ruled = np.ones(len(rows), dtype=bool)
    assert fitting.group_confirm(rows, probs, ruled, 0.9, 0.99) == {"speck": 0.99}
    assert fitting.group_confirm(rows, probs, ruled, 0.995, 0.99) == {}  # not higher


def test_an_old_calibration_reads_as_one_confirm_point() -> None:
    data = real.to_json()
    data.pop("confirm_by_group", None)
    model = cal.Model.from_json(data)
    assert model.confirm_by_group == {}
    assert model.confirm_for({"path_speck": 1.0}) == model.confirm
    grouped = replace(model, confirm_by_group={"speck": 0.99})
    again = cal.Model.from_json(grouped.to_json())
    assert again.confirm_for({"path_speck": 1.0}) == 0.99
    assert again.confirm_for({"split": 1.0}) == again.confirm


def test_a_groups_own_confirm_point_holds_back_its_changes_alone(lexicon: Lexicon, monkeypatch):
    """Synthetic: with a confirm point of 1 for specks only, the speck is proposed with that
    point in its reason and the dictionary path's change beside it still applied."""
    text = "The men said that the, prisoner was taken to the station. The negotations were long."
    before = {c.original: c.decision for c in correct(text, None, lexicon).corrections}
    assert before == {"the,": APPLIED, "negotations": APPLIED}
    model = replace(real, confirm_by_group={"speck": 1.0})
    monkeypatch.setattr(cal, "load", lambda path=cal.CALIBRATION: model)
    after = {c.original: c for c in correct(text, None, lexicon).corrections}
    assert after["the,"].decision == PROPOSED and "confirmed from 1.000" in after["the,"].reason
    assert after["negotations"].decision == APPLIED
    model = replace(real, confirm_by_group={"dictionary": 1.0})
    monkeypatch.setattr(cal, "load", lambda path=cal.CALIBRATION: model)
    after = {c.original: c for c in correct(text, None, lexicon).corrections}
    assert after["negotations"].decision == PROPOSED and after["the,"].decision == APPLIED
