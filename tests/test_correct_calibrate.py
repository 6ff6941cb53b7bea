"""The calibrated apply decision (``pipeline/stages/correct/calibrate.py``): the shipped model,
its provenance, and what a calibrated run records. Synthetic sentences."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.core.results import APPLIED, PROPOSED
from pipeline.lexicon import Lexicon
from pipeline.stages.correct import CorrectConfig, correct
from pipeline.stages.correct import calibrate as cal
from pipeline.stages.correct.document import make_doc

ROOT = Path(__file__).parent.parent
CALIBRATED = CorrectConfig(calibrated=True)
real = cal.load()


def test_the_shipped_model_names_its_material_and_meets_its_target() -> None:
    model = cal.load()
    # Every feature the model names is one the code computes; a path added since the fit has
    # no rows in it, and runs not at all until a refit (``runtogether.path_fitted``).
    assert set(model.features) <= set(cal.FEATURES)
    assert all(f.startswith("path_") for f in set(cal.FEATURES) - set(model.features))
    cv = model.provenance["cross_validation"]
    assert cv["grouped_by"] == "document" and cv["precision"] >= cv["target_precision"] >= 0.99
    assert model.provenance["material"]["bln600_dev"]["documents"] > 0
    assert 0.5 < model.threshold < 1
    confirm = cv["confirm"]
    assert confirm["precision"] >= confirm["target_precision"] >= 0.98
    assert 0.5 < model.confirm < model.threshold


def test_the_readme_quotes_the_shipped_model() -> None:
    """The README's figures of the model (the thresholds in its example reasons, the
    cross-validated counts) are the shipped ``calibration.json``'s: a refit that changes them
    must change the README too."""
    import re

    model = cal.load()
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    cv = model.provenance["cross_validation"]
    confirm = cv["confirm"]
    assert set(re.findall(r"confirmed from (\d\.\d+)", readme)) == {f"{model.confirm:.3f}"}
    assert set(re.findall(r"applied from (\d\.\d+)", readme)) == {f"{model.threshold:.3f}"}
    kept = f"{confirm['precision']:.3f}, {confirm['right']:,} of {confirm['applied']:,})"
    assert f"on the development rows: {kept}" in readme
    rows = sum(m["rows"] for m in model.provenance["material"].values())
    assert (
        f"applies {cv['applied']:,} of the {rows:,} development rows, {cv['right']:,} of them "
        f"right ({cv['precision']:.3f}, cross-validated)"
    ) in readme


def test_an_unknown_feature_is_refused() -> None:
    data = cal.load().to_json()
    data["features"][0]["name"] = "no such feature"
    with pytest.raises(ValueError, match="unknown features"):
        cal.Model.from_json(data)


def test_the_weakest_evidence_is_a_doubt_in_its_own_direction() -> None:
    model = cal.Model(("margin", "cost"), (5.0, 0.5), (1.0, 1.0), (1.0, -1.0), 0.0, 0.9, {})
    assert model.weakest({"margin": 1.0, "cost": 0.5}) == cal.FEATURES["margin"][1]
    assert model.weakest({"margin": 5.0, "cost": 2.0}) == cal.FEATURES["cost"][1]
    # a large margin and a cheap edit: nothing to name
    assert "no single" in model.weakest({"margin": 9.0, "cost": 0.0})
    assert model.probability({"margin": 9.0, "cost": 0.0}) > model.probability(
        {"margin": 1.0, "cost": 2.0}
    )


def test_a_calibrated_run_says_why_it_applied_or_proposed(lexicon: Lexicon) -> None:
    text = "The negotiations went on. The negotations were long and the negotiations ended."
    result = correct(text, None, lexicon, CALIBRATED)
    [rec] = result.corrections
    assert (rec.original, rec.replacement, rec.decision) == ("negotations", "negotiations", APPLIED)
    assert "applied: context and edit agree (calibrated" in rec.reason


def test_below_the_threshold_a_change_is_proposed_naming_the_weak_evidence(lexicon) -> None:
    text = "The negotiations went on. The negotations were long and the negotiations ended."
    strict = CorrectConfig(calibrated=True, apply_min_probability=1.0)
    [rec] = correct(text, None, lexicon, strict).corrections
    assert rec.decision == PROPOSED
    assert "proposed, not applied:" in rec.reason and "calibrated" in rec.reason


def test_on_the_seed_cable_a_calibrated_run_applies_only_right_fixes(lexicon: Lexicon) -> None:
    # In the wild: the seed cable (tests/data); its seven errors are listed in test_correct.py.
    from tests.test_correct import SEED, SEED_FIXES

    result = correct(SEED.read_text(encoding="utf-8"), None, lexicon, CALIBRATED)
    applied = [(c.original, c.replacement) for c in result.applied]
    assert applied and set(applied) <= set(SEED_FIXES)
    proposed = {(c.original, c.replacement) for c in result.corrections if c.decision == PROPOSED}
    assert set(SEED_FIXES) <= set(applied) | proposed  # the others wait for the reviewer


def test_a_near_miss_of_a_lexicon_name_stays_a_proposal_when_calibrated(lexicon) -> None:
    text = "Mr Ghukasyan spoke to the press and then Ghukasyen met the minister."
    bold = CorrectConfig(calibrated=True, apply_min_probability=0.0)
    [rec] = correct(text, None, lexicon, bold).corrections
    assert (rec.replacement, rec.decision) == ("Ghukasyan", PROPOSED)


def test_run_apply_calibrated_chooses_the_model_for_the_batch(tmp_path) -> None:
    """``foia-clean run --apply calibrated``: the seed cable (in-the-wild, see tests/data) run
    both ways; the calibrated run applies fewer changes, each saying it was calibrated, and
    proposes the rest."""
    import json

    from typer.testing import CliRunner

    from pipeline.cli import app
    from tests.test_correct import SEED_HELD

    batch = tmp_path / "in"
    batch.mkdir()
    (batch / "seed.txt").write_bytes(
        (ROOT / "tests/data/correct_seed_000_e7f3cb81f3699479.txt").read_bytes()
    )
    records = {}
    for policy in ("rules", "confirmed", "calibrated"):
        out = tmp_path / policy
        args = ["run", str(batch), "--out", str(out), "--reviews", str(tmp_path / f"{policy}.rev")]
        result = CliRunner().invoke(app, [*args, "--quiet", "--apply", policy])
        assert result.exit_code == 0, result.output
        lines = (out / "seed" / "corrections.jsonl").read_text().splitlines()
        records[policy] = [json.loads(line) for line in lines]
    applied = {p: [r for r in records[p] if r["decision"] == APPLIED] for p in records}
    assert 0 < len(applied["calibrated"]) < len(applied["rules"])
    assert all("calibrated" in r["reason"] for r in applied["calibrated"])
    assert not any("calibrated" in r["reason"] for r in records["rules"])
    # the default confirms the rules' applications: on the seed cable all but those
    # ``tests/test_correct.py`` ``SEED_HELD`` names (none), proposed naming the model's figures
    confirmed = [(r["original"], r["replacement"]) for r in applied["confirmed"]]
    ruled = [(r["original"], r["replacement"]) for r in applied["rules"]]
    assert confirmed == [f for f in ruled if f not in SEED_HELD]
    for r in records["confirmed"]:
        if (r["original"], r["replacement"]) in SEED_HELD:
            assert r["decision"] == PROPOSED and "confirmed from" in r["reason"]
    for r in applied["confirmed"]:  # each says why: the model agreed, or cannot judge a name
        assert "the calibrated model agrees" in r["reason"] or "a lexicon name" in r["reason"]
    proposed = {r["original"] for r in records["calibrated"] if r["decision"] == PROPOSED}
    assert {r["original"] for r in applied["rules"]} - {
        r["original"] for r in applied["calibrated"]
    } <= proposed


def test_the_default_holds_back_a_rules_change_the_model_doubts(lexicon, monkeypatch) -> None:
    """Synthetic: a change the rules apply is proposed when the model gives it less than its
    ``confirm`` probability, with the model's doubt and both numbers in the reason; and
    ``aconstable`` (run together with its article) is a doubt the rules name."""
    text = "The negotations were long and the negotiations ended in the spring."
    [rec] = correct(text, None, lexicon).corrections
    assert rec.decision == APPLIED and "the calibrated model agrees" in rec.reason
    monkeypatch.setattr(cal, "load", lambda path=cal.CALIBRATION: replace(real, confirm=1.0))
    [rec] = correct(text, None, lexicon).corrections
    assert rec.decision == PROPOSED
    assert "confirmed from 1.000" in rec.reason and "calibrated" in rec.reason
    [rec] = correct(text, None, lexicon, CorrectConfig(confirm=False)).corrections
    assert rec.decision == APPLIED  # --apply rules: the rules alone
    text = "Then aconstable came to the house and the constable spoke to the man."
    [rec] = correct(text, None, lexicon).corrections
    assert rec.decision == PROPOSED and "may be a word run together" in rec.reason


def test_features_of_the_wrong_classes() -> None:
    assert cal.word_dropped("averdict", "verdict") and cal.word_dropped("ishould", "should")
    assert not cal.word_dropped("negotations", "negotiations")


# Synthetic sentences, one per path that applies on its own evidence and is confirmed (issue 15:
# the speck and join paths bypassed the model; on BLN600 dev 26 wrong applications came from
# them).
PATH_CASES = [
    ("speck", "The men said that the, prisoner was taken to the station by the police.",
     "the, ", "the "),
    ("join", "The officer said that the in- terest of the town was served by the council.",
     "in- terest", "interest"),
    ("fragment", "The pri- e- soners were then taken down to the cells below.",
     "pri- e- soners", "prisoners"),
    ("misread", "The pri. soners were taken down in the evening by the constable.",
     "pri. soners", "prisoners"),
    ("realword", "The prisoner said that lie had been at home all night.", "lie ", "he "),
    ("short", "He went tc the station at noon.", "tc ", "to "),
    ("case", "We wish the talks every succeSs and see a real possibility of a meeting soon.",
     "succeSs", "success"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "text", "before", "after"), PATH_CASES)
def test_each_apply_path_is_confirmed_by_the_model(
    lexicon: Lexicon, monkeypatch, path: str, text: str, before: str, after: str
) -> None:
    """A speck, a join (also over a fragment or a misread hyphen), a real-word and a short-word
    change and a case confusion in mixed-case text are applied only when the model confirms
    them: the
    reason names the model's figure; with a model that confirms nothing they are proposed with
    its doubt named; ``--apply rules`` keeps the path's own decision."""
    [rec] = [c for c in correct(text, None, lexicon).corrections if before.strip() in c.original]
    assert rec.decision == APPLIED and "the calibrated model agrees" in rec.reason
    monkeypatch.setattr(cal, "load", lambda path=cal.CALIBRATION: replace(real, confirm=1.0))
    result = correct(text, None, lexicon)
    [rec] = [c for c in result.corrections if before.strip() in c.original]
    assert rec.decision == PROPOSED and "confirmed from 1.000" in rec.reason
    assert before in result.text  # nothing applied
    [rec] = [
        c
        for c in correct(text, None, lexicon, CorrectConfig(confirm=False)).corrections
        if before.strip() in c.original
    ]
    assert rec.decision == APPLIED and "calibrated" not in rec.reason


def test_a_path_is_a_feature_and_its_own_word_is_no_evidence(lexicon, monkeypatch) -> None:
    """Synthetic: the model sees which path made a change; for a speck the OCR form is the word
    itself, so that ``the`` recurs in the document is not counted against the change."""
    seen: list[dict[str, float]] = []
    features = cal.features

    def record(*args, **kwargs) -> dict[str, float]:
        seen.append(features(*args, **kwargs))
        return seen[-1]

    monkeypatch.setattr(cal, "features", record)
    correct(PATH_CASES[0][1], None, lexicon)
    [x] = [x for x in seen if x["path_speck"]]
    assert x["path_join"] == x["path_thin"] == 0.0
    assert x["form_in_doc"] == x["in_doc"] == x["doc_count"] == 0.0
    assert x["right_pair"] == 1.0  # ``the prisoner``


def test_a_strong_partner_is_stronger_evidence_than_a_mere_pair(lexicon: Lexicon) -> None:
    """``peace process`` is a collocation, ``the peace`` a mere pair: the context feature that
    applies the seed cable's ``preace`` tells them apart; no neighbour, no known pair: 0."""
    doc = make_doc("the peace process", None, lexicon, CorrectConfig(), None)
    strong = cal._pair_strength(doc, "peace", "process", True, False)
    weak = cal._pair_strength(doc, "the", "peace", True, False)
    assert strong > weak + 1.0 and weak > 0.0
    assert cal._pair_strength(doc, "peace", None, True, False) == 0.0
    assert cal._pair_strength(doc, "preface", "process", False, False) == 0.0


def test_no_automatic_change_on_a_line_of_garbage(lexicon: Lexicon) -> None:
    """Synthetic, the plain-text suite's hard-tier class: a misread one edit from a word on a line
    plain Tesseract turned to garbage is proposed, saying why; the same misread on a line of
    words is applied."""
    clean = "The negotations were long and the negotiations ended in the spring."
    [rec] = correct(clean, None, lexicon).corrections
    assert rec.decision == APPLIED
    garbage = "Sx ee negotations ~ qzv xkcd jj wrrt\nthe negotiations ended in the spring."
    result = correct(garbage, None, lexicon)
    [rec] = [c for c in result.corrections if c.original == "negotations"]
    assert rec.decision == PROPOSED and "the rest of its line is mostly no words" in rec.reason
    assert "negotations" in result.text


def test_a_change_held_back_does_not_say_it_was_applied(lexicon: Lexicon) -> None:
    """JFK dev (``reuson`` in 2022 104-10229-10423): a change the word's own evidence applies,
    held back by the garbage gate, said "…; applied: … agrees (0.988); proposed, not applied:
    the rest of its line is mostly no words". The path's verdict stays readable, reworded as
    what its own evidence would do; the record says once what was done."""
    clean = "The negotations were long and the negotiations ended in the spring."
    [rec] = correct(clean, None, lexicon).corrections
    assert "; applied: " in rec.reason  # the path names its verdict
    garbage = "Sx ee negotations ~ qzv xkcd jj wrrt\nthe negotiations ended in the spring."
    [rec] = [c for c in correct(garbage, None, lexicon).corrections if c.original == "negotations"]
    assert rec.decision == PROPOSED
    assert "; applied: " not in rec.reason
    assert "; on its own evidence it would be applied: " in rec.reason
    assert rec.reason.count("proposed, not applied") == 1


def test_a_non_word_in_small_letters_amid_capitals_is_proposed(lexicon: Lexicon) -> None:
    """From the plain-text suite's hard tier (dev, ``frus1964-68v22_d268``): plain Tesseract read
    ``OF COPPER DEVELOPMENT`` as ``OF tre DEVELOPMENT``; the short-word path's ``the`` fits its
    neighbours, but small letters that make no word amid capitals were noise. Proposed, saying
    why; the same words in small-letter prose are applied. A real word so written (``if`` for
    IT) is the real-word path's, and stays applied
    (``test_a_real_word_fix_in_all_caps_text_is_written_in_capitals``)."""
    caps = (
        "PITCH WE HAD MADE (WITH WHICH BOTH PRIMIN AND SHAH AGREE) FOR ENCOURAGEMENT OF tre "
        "DEVELOPMENT AND OTHER PRIVATE ENTERPRISE JOINT VENTURES."
    )
    [rec] = correct(caps, None, lexicon).corrections
    assert (rec.original, rec.decision) == ("tre", PROPOSED)
    assert "small letters amid all-caps text" in rec.reason
    assert "OF tre DEVELOPMENT" in correct(caps, None, lexicon).text
    prose = (
        "Pitch we had made (with which both the minister and the shah agree) for encouragement "
        "of tre development and other private enterprise."
    )
    [rec] = correct(prose, None, lexicon).corrections
    assert (rec.original, rec.replacement, rec.decision) == ("tre", "the", APPLIED)


def test_a_lost_first_letter_of_a_word_written_capitalised_is_proposed(lexicon: Lexicon) -> None:
    """Synthetic, BLN600 dev's class (``yrince`` for Prince, ``artin`` for Martin): the edit
    replaces the first letter of a small word the document writes capitalised, so the lost
    letter may have been a capital; the same edit of a word the document writes small is
    applied."""
    text = "He saw the yrince of Wales at the palace, and the Prince spoke to the Prince of Orange."
    [rec] = correct(text, None, lexicon).corrections
    assert (rec.original, rec.replacement, rec.decision) == ("yrince", "prince", PROPOSED)
    assert "a capital is as likely" in rec.reason and "'Prince'" in rec.reason
    text = "The colonel rode. The men said that the eolonel had come to the house at dawn."
    [rec] = correct(text, None, lexicon).corrections
    assert (rec.original, rec.replacement, rec.decision) == ("eolonel", "colonel", APPLIED)


def test_a_real_word_fix_in_all_caps_text_is_written_in_capitals(lexicon: Lexicon) -> None:
    """From the plain-text suite's hard tier (dev, ``frus1964-68v22_d52``): ``WHETHER if WILL``
    is ``IT``; written ``it`` the fix left the case wrong."""
    text = "AS NOW SEEMS LIKELY, OR WHETHER if WILL HAVE SOME LASTING EFFECTS ON OUR RELATIONS."
    [rec] = correct(text, None, lexicon).corrections
    assert (rec.original, rec.replacement, rec.decision) == ("if", "IT", APPLIED)
