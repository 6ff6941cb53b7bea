"""Proposals not worth a reviewer's screen (``pipeline.stages.correct.worth``) are left.

Lines in the wild from the JFK releases of the dev split (``bench/splits.json``: 2018 and 2021),
named with their file under ``shared/corpus/jfk``, and one BLN600 dev sample; the cable-code
memo is synthetic (the dev
material has no military command in all-caps text). Each class is checked both ways: with
``CorrectConfig.propose_worth`` off the word is proposed, so the test can fail; and a right
proposal beside it (a misreading OCR repeated, a one-edit misread of an English word) stays.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.core.enums import CorrectionDecision
from pipeline.lexicon import Lexicon
from pipeline.stages.correct import CorrectConfig, correct
from pipeline.stages.correct.worth import _morphemes

ON = CorrectConfig()
OFF = replace(ON, propose_worth=False)
NO_FLOOR = replace(ON, propose_min_probability=0.0)

# 2021__docid-32379830.md: an institute's name the dictionaries lack, three times, and a
# misreading of "Subject" OCR repeated beside the right word.
NAME = (
    "the Lebeder Physios Institute in Moscow and the major portion of his life.\n"
    "She had been dismissed from the Lebeder Institute and was then working there.\n"
    "He never worked anywhere prior to joining the Lebeder Institute.\n"
)
# 2021__docid-32403819.md: a Spanish administrative word before a place name (the last line,
# synthetic, puts its English neighbour in the document, as the rest of that file does).
FOREIGN = (
    "Nicaraguan citizen born January 31, 1940, in Ciudad Rama,\n"
    "Departamento Zelaya, Nicaragua, made contact with the United\n"
    "States Embassy at Mexico, D. F., and advised the following:\n"
    "The Department of State was informed.\n"
)
# BLN600 dev, sample 3200808401 (real newspaper OCR; the gold reads "all prepared"): the top
# candidate ``pared`` of ``epzared`` is almost never right, and the form occurs once.
UNLIKELY = (
    "Spicer was in bed, and hii according to his evidence Agate rang the bell pr violently, "
    "kicked at the door, and made such a hub- bub that he (Spicer) thought, there must be a "
    "fire, and he according!' awakened bit wife and daughters, As who all pi epzared to leave "
    "thc house in their night Yo gear."
)
# BLN600 dev, sample 3206199899 (real newspaper OCR, five of its lines in order): the magistrate
# Mr. Broughton, a surname English text uses, read right four times; ``Brought`` is in the
# text too. The last line (synthetic) adds a misreading of "The" that wordfreq also knows.
KNOWN_NAME = (
    "At three o'clock the prisoner was brought out from the lock-.up room by Mitchell the "
    "gaoler, and placed at the bar.\n"
    "Mr. Broughton: Have you still charge of the clothes which the prisoner wore when taken "
    "into custody for the murder?\n"
    "- Mr. Broughton: Are they complete as they were then, or has anything since been done to "
    "them ?\n"
    "Mr..Broughton: Dr. Hassell is not here, is he ?\n"
    "Mr. Broughton gave directions that a summons should be issued against the doctor to attend "
    "on Monday next, to which day the prisoner, who declined saying anything, was remanded.\n"
    "Tbe prisoner was then removed.\n"
)
# Synthetic: an all-caps cable to a military command.
CODE = (
    "SUBJECT: CINCLANT VISIT TO THE REGION NEXT WEEK\n"
    "1. CINCLANT WILL ARRIVE ON TUESDAY AND MEET THE MINISTER OF DEFENSE.\n"
)


def _proposed(text: str, lexicon: Lexicon, config: CorrectConfig) -> set[str]:
    result = correct(text, None, lexicon, config)
    return {c.original for c in result.corrections if c.decision == CorrectionDecision.PROPOSED}


@pytest.mark.parametrize(
    ("text", "word"),
    [(NAME, "Lebeder"), (FOREIGN, "Departamento"), (CODE, "CINCLANT")],
)
def test_unworthy_classes_are_left(lexicon: Lexicon, text: str, word: str) -> None:
    assert word in _proposed(text, lexicon, OFF)
    assert word not in _proposed(text, lexicon, ON)


def test_worth_leaves_applied_changes_alone(lexicon: Lexicon) -> None:
    """Only proposals are dropped: what is applied is the same with the judgement on or off."""
    text = NAME + FOREIGN + CODE + "The goverment has recieved the informatlon.\n"
    on, off = correct(text, None, lexicon, ON), correct(text, None, lexicon, OFF)
    assert on.text == off.text
    assert on.applied == off.applied


def test_right_proposals_stay(lexicon: Lexicon) -> None:
    """A misreading OCR repeats beside the right word (``Subjeat``, 2021__docid-32379830.md) is
    no name; a capitalised word one edit from English (``Privare``, 2018 release) is no foreign
    word."""
    text = (
        "MARTIN later told Subjeat that Alla had called him. The Subject was not sure.\n"
        "At no point did MARTIN really push Subjeat on continuing the relationship.\n"
        "Do Personal and Privare Data.\n"
    )
    assert {"Subjeat", "Privare"} <= _proposed(text, lexicon, ON)


def test_code_morphemes() -> None:
    assert _morphemes("CINCLANT") == 2
    assert _morphemes("USCINCEUR") == 3
    assert _morphemes("COMSUBPAC") == 3
    assert _morphemes("HOODLUM") == 0
    assert _morphemes("CINCLANTX") == 0


def test_a_name_english_text_uses_is_left_when_repeated(lexicon: Lexicon) -> None:
    """``Broughton`` (wordfreq knows it) repeated, its candidate ``Brought`` more than an OCR
    confusion away: a surname, not proposed; ``Tbe``, known too but read once with a likely
    candidate, is still corrected."""
    assert "Broughton" in _proposed(KNOWN_NAME, lexicon, OFF)
    result = correct(KNOWN_NAME, None, lexicon, ON)
    assert "Broughton" not in {c.original for c in result.corrections}
    assert result.left.get("known_name") == 3
    assert "Tbe" in {c.original for c in result.corrections}


def test_unlikely_proposals_are_left(lexicon: Lexicon) -> None:
    """Below the calibrated floor, a candidate absent from the document is not proposed."""
    assert "epzared" in _proposed(UNLIKELY, lexicon, NO_FLOOR)
    assert "epzared" in _proposed(UNLIKELY, lexicon, OFF)
    assert "epzared" not in _proposed(UNLIKELY, lexicon, ON)


def test_floor_spares_a_misreading_the_document_repeats(lexicon: Lexicon) -> None:
    """``Subjeat`` recurs beside ``Subject``: the model, fitted where a recurring form is
    usually a real word, gives it little chance (2021__docid-32379830.md: 0.01), yet it is a
    misreading the typewriter repeated; a form that recurs is never floored."""
    text = "".join(
        f"{line}\n"
        for line in [
            "MANTIN later told Subjeat that Alla had called him.",
            "At no point did MARTIN really push Subjeat on continuing the relationship.",
            "Pinancial: According to Subjeat, she seemed to spend",
            "that Subjeat would have wanted to avoid them. They told MARTIN that it",
            "The Subject was not sure.",
        ]
    )
    high_floor = replace(ON, propose_min_probability=0.99)
    assert "Subjeat" in _proposed(text, lexicon, high_floor)


def test_a_candidate_in_the_document_does_not_spare_a_one_off(lexicon: Lexicon) -> None:
    """2021__docid-32379830.md, line 387 (real JFK OCR, after a synthetic line): ``Intos``
    read once for "States"; ``Into`` stands elsewhere in the text, which says nothing about
    this place. (A strict xfail while the model gave 'Into' 0.64; the refit with the batch
    path's rows and the overrun feature puts it under the floor.)"""
    text = (
        "Into the night they talked of home.\n"
        "were really going to return to the United Intos. Inis couid, of course, be\n"
    )
    # The word's own record: ``Intos. Inis couid,`` side by side would be one line item.
    off, on = replace(OFF, group_min_damaged=0), replace(ON, group_min_damaged=0)
    assert "Intos" in _proposed(text, lexicon, off)
    assert "Intos" not in _proposed(text, lexicon, on)


def test_floor_must_be_a_probability() -> None:
    with pytest.raises(ValueError, match="propose_min_probability"):
        CorrectConfig(propose_min_probability=1.5)


def test_every_left_proposal_is_counted_by_class(lexicon: Lexicon) -> None:
    """Nothing is dropped silently: the result counts the words left, by class, and a run's
    ``metadata.json`` carries the counts (``corrections_left``)."""
    result = correct(UNLIKELY, None, lexicon, ON)
    assert result.left.get("unlikely", 0) >= 1
    assert result.left == dict(sorted(result.left.items()))
    assert correct(UNLIKELY, None, lexicon, OFF).left.get("unlikely", 0) == 0
    code = correct(CODE, None, lexicon, ON)
    assert code.left.get("code", 0) >= 1


def test_metadata_counts_the_left_proposals(tmp_path) -> None:
    import json

    from typer.testing import CliRunner

    from pipeline.cli import app

    batch = tmp_path / "in"
    batch.mkdir()
    (batch / "memo.txt").write_text(UNLIKELY + "\n\n" + CODE, encoding="utf-8")
    out = tmp_path / "out"
    args = ["run", str(batch), "--out", str(out), "--reviews", str(tmp_path / "rev"), "--quiet"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    metadata = json.loads((out / "memo" / "metadata.json").read_text(encoding="utf-8"))
    left = metadata["corrections_left"]
    assert left.get("unlikely", 0) >= 1 and left.get("code", 0) >= 1


def test_a_small_word_is_not_proposed_as_a_code_written_in_capitals(lexicon: Lexicon) -> None:
    """Synthetic sentences around BLN600 dev's misreadings (``ofsce`` for office, ``undas``):
    OCR misreads letters, not a whole word's case, so the lexicon's OSCE and UNCLAS are no
    candidates for a small word; it is left and reported, and a code in capitals still is one."""
    text = (
        "He went to the ofsce of the clerk at noon and sat down.\n"
        "The report was sent undas cover to the embassy in town.\n"
    )
    assert {"ofsce", "undas"} <= _proposed(text, lexicon, OFF)
    result = correct(text, None, lexicon, ON)
    assert not [c for c in result.corrections if c.original in ("ofsce", "undas")]
    left = {(w.original, w.candidate, w.reason) for w in result.left_words}
    assert left == {("ofsce", "OSCE", "code_lowercase"), ("undas", "UNCLAS", "code_lowercase")}


def test_a_short_fragment_ocr_repeats_is_not_spared_the_floor(lexicon: Lexicon) -> None:
    """In the wild, dev split (bench/furniture/jfk-176/2022__176-10030-10085.md, an interview
    transcript): ``sof`` (for "so,") read five times. A recurring form is spared the floor
    from four letters (``Subjeat`` keeps its proposals, above); a shorter one is held to a
    higher floor (``worth._SHORT_FLOOR``): the calibrated model gives ``set`` 0.01 here, and
    the word is left and reported, not proposed at every place."""
    text = (
        "action. sof the: thought was to back a number\n"
        "sof i aotuetty, wasn't a military ambition\n"
        "there,and so they should do that. sof he\n"
        "this existéd between the two. sof they\n"
        "F sof what is written by.them, I read mindful\n"
    )
    assert "sof" in _proposed(text, lexicon, NO_FLOOR)
    result = correct(text, None, lexicon, ON)
    assert "sof" not in {c.original for c in result.corrections}
    assert ("sof", "unlikely") in {(w.original, w.reason) for w in result.left_words}


def test_a_short_fragment_is_held_to_the_higher_floor(lexicon: Lexicon) -> None:
    """``worth.unworthy`` by the calibrated probability it is given, on an in-the-wild line
    (dev split, bench/furniture/jfk-176/2022__176-10030-10085.md line 3308: ``ony`` where the
    page has "so on", judged wrong at every such place in bench/labels/proposals-dev.tsv, where
    the model gave ``any`` 0.56-0.71). A fragment of three letters is proposed from
    ``_SHORT_FLOOR`` (0.75) up; under it, down to where it used to be proposed (the general
    floor, half of it for a form the document repeats), it is ``SHORT``; under that
    ``UNLIKELY``. A longer word keeps the general floor."""
    from types import SimpleNamespace

    from pipeline.core.enums import WordClass
    from pipeline.stages.correct.document import make_doc
    from pipeline.stages.correct.worth import Unworthy, unworthy

    top = SimpleNamespace(written=None, text="any")

    def verdict(text: str, word: str, p: float) -> Unworthy | None:
        doc = make_doc(text, None, lexicon, ON, None)
        tok = next(t for t in doc.tokens if t.core == word)
        return unworthy(doc, tok, word, WordClass.LOWER, [top], lambda: p, False)  # type: ignore[list-item]

    once = "griping that something was wrong and so ony\n"
    assert [verdict(once, "ony", p) for p in (0.5, 0.65, 0.8)] == [
        Unworthy.UNLIKELY,
        Unworthy.SHORT,
        None,
    ]
    twice = once + "meetings and 80 ony aah 1 gtmonty then just\n"
    assert [verdict(twice, "ony", p) for p in (0.2, 0.4, 0.8)] == [
        Unworthy.UNLIKELY,
        Unworthy.SHORT,
        None,
    ]
    longer = "griping that something was wrong and so tbese\n"
    assert [verdict(longer, "tbese", p) for p in (0.5, 0.65)] == [Unworthy.UNLIKELY, None]


# bench/furniture/jfk-176/2022__176-10030-10085.md (dev, bench/splits.json "jfk-176"), lines
# 1882-1883 and 2310-2312 as the strip stage gives them: words broken at a hyphen in shapes the
# pieces path leaves (a stray ``A :`` between the pieces, a doubled hyphen, a blank line and a
# bracket run into the second piece).
PIECES = (
    "isolate him more, Since his main intelli-A :\n"
    "gence officer was his brother, [Ngo Dinh) Nhu, aie ar, Z-who was an ambitious person.\n"
    "this tended to isolate him more) Since his main intelli-- gence officer —e his brother.\n"
    "won't really have the manpower, the communi-\n\n"
    "cations)and so forth)that the military forces do.\n"
    "The gene was found.\n"  # synthetic: the source has ``gene`` elsewhere too
)


def test_a_piece_of_a_word_broken_at_a_hyphen_is_not_proposed(lexicon: Lexicon) -> None:
    """``gence`` → gene, ``communi`` → commune: the piece is right, the word is the join; left
    as ``piece`` (counted), proposed with the judgement off."""
    off = _proposed(PIECES, lexicon, OFF)
    assert {"gence", "communi"} <= off
    result = correct(PIECES, None, lexicon, ON)
    originals = {c.original for c in result.corrections}
    assert not {"gence", "communi"} & originals
    assert result.left.get("piece") == 3


def test_hyphen_piece_needs_a_common_join(lexicon: Lexicon) -> None:
    """A hyphen before an unknown word whose join is no word is no broken word: ``Mosoow`` after
    ``pro-`` (synthetic) is still proposed."""
    text = "The delegation flew to the pro- Mosoow rally and then back to Mosoow.\n"
    assert "Mosoow" in _proposed(text, lexicon, ON)


# bench/furniture/jfk-more/2018__docid-32989641.md lines 6353-6356 (dev, 2018 release): a plural
# the dictionaries lack, twice; jfk-176/2022__176-10036-10179.md line 208: a people's name in the
# plural; jfk-176/2022__176-10030-10085.md line 1103: an s the scan added to an adjective, read
# once (a right fix, which must stay).
PLURALS = (
    "that an extension of electronic surveillances into the domestic\n"
    "intelligence field would be of assistance. Bates informed\n"
    "him that the FBI was operating according to current court\n"
    "decisions as involve electronic surveillances and that the\n"
    "courts had recently precluded this action.\n\n"
    "Montagnards. Latest information developed as a result of joint\n"
    "surveys shows the Montagnard situation is more a long term problem.\n\n"
    "over into their own subject matter, this made\n"
    "them very uncomfortables and I can understand it.\n"
)


def test_a_plural_of_a_name_or_a_repeated_plural_is_not_proposed(lexicon: Lexicon) -> None:
    """``surveillances`` (repeated) and ``Montagnards`` (a name) are right as printed: left as
    ``plural``; ``uncomfortables``, lowercase and read once, is still corrected."""
    off = correct(PLURALS, None, lexicon, OFF)
    assert {"surveillances", "Montagnards"} <= {c.original for c in off.corrections}
    on = correct(PLURALS, None, lexicon, ON)
    changed = {c.original for c in on.corrections}
    assert not {"surveillances", "Montagnards"} & changed
    assert on.left.get("plural") == 3
    assert "uncomfortables" in changed


def test_a_word_in_small_letters_is_not_proposed_as_a_name(lexicon: Lexicon) -> None:
    """In the wild, dev split: ``novor`` (for "never") beside ``fallon`` (bench/furniture/
    jfk-2022/2022__104-10229-10423.md line 43) and ``nerioan`` (for "American", jfk-more/
    2018__104-10167-10036.md line 217) were proposed as the lexicon's names Novo and Erivan.
    A name keeps its capital in print; left and reported. A small first letter that is the
    twin of the name's capital (``cuba``) may be that capital shrunk, and is not judged here
    (``worth.name_for_lowercase``). Since the candidate search has no cap on OCR confusions
    (``variants.indexed_variants``), ``novor`` reads as "never" (``o``→``e`` twice), its right
    word, which outranks Novo: it is applied, and ``nerioan`` alone still tests the guard."""
    text = (
        "of course, to bo drowcy. Novover, he states that he has novor fallon |\n"
        "Sanches should never ettend a meeting of Uubane snd their nerioan advisors, |\n"
    )
    off = correct(text, None, lexicon, OFF)
    offered = {(s.original, s.replacement) for c in off.corrections for s in (c.subsumed or [c])}
    assert ("nerioan", "Erivan") in offered
    result = correct(text, None, lexicon, ON)
    assert not any(c.original == "nerioan" for c in result.corrections)
    assert ("novor", "never", CorrectionDecision.APPLIED) in {
        (c.original, c.replacement, c.decision) for c in result.corrections
    }
    left = {(w.original, w.candidate, w.reason) for w in result.left_words}
    assert ("nerioan", "Erivan", "lower_name") in left
    # nor does a line item suggest the name; its right word stays suggested
    suggested = " ".join(c.replacement for c in result.corrections)
    assert "Erivan" not in suggested and "Novo " not in suggested and "never attend" in suggested


def test_a_short_mixed_case_fragment_outside_caps_text_is_not_proposed(lexicon: Lexicon) -> None:
    """In the wild, dev split: ``aS``, ``eS`` (bench/furniture/jfk-176/2022__176-10030-10085.md
    lines 4814 and 250) and ``HiS`` (jfk-recent/2025__0318__104-10301-10010.md line 403) were
    proposed as ``as``, ``es``, ``His`` where the paper cannot be read from the OCR; left and
    reported (``case.fragment_left``). A longer word (``poOr``) and a short one in all-caps
    text (``To``) are still proposed."""
    text = (
        "i in aS peperyou x xnow®y And they were\n"
        "LANSDALE: Tracy eS an assistant re him “ye, ating 1° ®\n"
        "three have been 1dentltlos as minEa of asther the HiS or the On.\n"
    )
    fragments = {"aS", "eS", "HiS"}
    assert fragments <= {c.original for c in correct(text, None, lexicon, OFF).corrections}
    result = correct(text, None, lexicon, ON)
    assert not fragments & {c.original for c in result.corrections}
    left = {(w.original, w.reason) for w in result.left_words}
    assert {(f, "case_fragment") for f in fragments} <= left
    kept = "He was in poOr health that year.\nI WOULD SAY To DO THIS WOULD PROBABLY HELP.\n"
    assert {"poOr", "To"} <= {c.original for c in correct(kept, None, lexicon, ON).corrections}


def test_a_code_the_document_repeats_is_not_proposed_as_another_code(lexicon: Lexicon) -> None:
    """In the wild, dev split (bench/furniture/jfk-more/2018__104-10227-10044.md lines 28-37):
    the cryptonym ``AMBUD``, which the cable writes again and again, was proposed as the
    lexicon's code ABUD at every place. Repeated, its candidate nowhere in the document: the
    document's own word, left and reported (``worth.repeated_code``). Read once (a synthetic
    line), it is still proposed."""
    text = (
        "BY OYSRSEAS DELEGATToNS WICH SHOULD SUBMIT PROPOSALS 10 AMBUD FOR SUBILSSIOH\n"
        "YUSDING BY AMBUD AND PROVISIGH GF TERMINAL PAY FOR THOSE DROPPED, :\n"
        "USE OF PERSONS DROPPED BY AMBUD,\n"
    )
    # Three damaged lines alone are a page too damaged to review word by word
    # (``page_items``); the excerpt stands for a longer cable, so that item is off here.
    on, off = (replace(c, page_item_min_unknown=2.0) for c in (ON, OFF))
    assert _proposed(text, lexicon, off) >= {"AMBUD"}
    result = correct(text, None, lexicon, on)
    assert "AMBUD" not in {c.original for c in result.corrections}
    assert {(w.original, w.candidate, w.reason) for w in result.left_words} >= {
        ("AMBUD", "ABUD", "repeated_code")
    }
    once = "THE CHIEF WILL MEET AMBUD AT THE STATION TODAY.\n"  # synthetic
    assert "AMBUD" in _proposed(once, lexicon, ON)
