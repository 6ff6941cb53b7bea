"""A closing mark set off from the word before it (``pipeline.stages.correct.setoff``).

Positives and the speck negatives are in the wild: BLN600 dev OCR lines
(``/work/shared/corpus/bln600/train.csv``, Booth, Thomas and Gaizauskas 2024, MIT; the
Sample ID of each in its comment, all in ``bench/splits.json``'s dev part). The capitals
negatives are synthetic, in the shape of the JFK dev releases' form labels (2018, ``SUBJECT :``).
The damage negatives are plain Tesseract's text of the benchmark's hard-tier scans of FRUS
dev cables (``bench.plain_text --split dev --tiers hard``: the gold text of
``shared/corpus/frus/<name>.txt`` rendered by ``bench.scans``, read by ``tesseract page.png -``),
the document named in each comment; the gold has a word, or nothing, where the mark is. The
typescript colons are JFK dev OCR lines held in ``bench/furniture/<folder>/`` (the file in each
comment).
"""

from __future__ import annotations

import pytest

from pipeline.core.results import APPLIED
from pipeline.lexicon import Lexicon
from pipeline.stages.correct import correct


def _fixed(text: str, lexicon: Lexicon) -> str:
    return correct(text, None, lexicon).text


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # 3200801613
        (
            "For the defence James Mathews, a boy ; after that he was drunk ; 20s. and costs.",
            "For the defence James Mathews, a boy; after that he was drunk; 20s. and costs.",
        ),
        # 3200807899
        (
            "a building should consist of bricks and mortar ; it might be constructed of wood.",
            "a building should consist of bricks and mortar; it might be constructed of wood.",
        ),
        # 3200807901: a question mark
        (
            "Mr. Plowden: They were local celebrities ? (Laughter.)",
            "Mr. Plowden: They were local celebrities? (Laughter.)",
        ),
        # 3200808398: a colon before speech
        (
            "a deacon at Rectory-road, said : When the child was taken into the vestry",
            "a deacon at Rectory-road, said: When the child was taken into the vestry",
        ),
        # 3200801613: a closing quote after the mark goes with it
        (
            'said to her brother, " No, Peter, don\'t go with them !"',
            'said to her brother, "No, Peter, don\'t go with them!"',
        ),
    ],
)
def test_a_closing_mark_set_off_is_joined_to_its_word(
    lexicon: Lexicon, text: str, want: str
) -> None:
    assert _fixed(text, lexicon) == want


def test_the_record_spans_the_space_and_the_mark(lexicon: Lexicon) -> None:
    result = correct("He was charged with being drunk ; 20s. and costs.", None, lexicon)
    [rec] = result.corrections
    assert (rec.original, rec.replacement, rec.decision) == (" ;", ";", APPLIED)
    assert "'drunk' may end a phrase" in rec.reason
    assert result.text == "He was charged with being drunk; 20s. and costs."


@pytest.mark.parametrize(
    "text",
    [
        # 3200810322: a speck after a word that cannot end a phrase
        "was charged with being drunk whilst in charge of : his horse and hansom",
        # 3200812527
        "The jury returned a : verdict of suicide whilst of unsound mind.",
        # 3200812741: a broken word's piece, the colon a misread hyphen
        "An invectigar : tion showed that the cheque was forged.",
        # 3200808393: a piece of a word and a speck
        "The parties lhen lef ; the court.",
        # synthetic, the JFK dev forms' labels: a typist's spacing in capitals
        "The file was sent on. SUBJECT : Travel of the agent to Mexico.",
        "RECORD NUMBER : 104-10012-10117\nAGENCY : CIA",
        # 3200807901: a speaker's name before a colon is left as a label is
        "Mr. Plowden : Did the effigies resemble any of them?",
        # synthetic, in the shape of labelled JFK dev lines: a memo's label typed with a space
        # before its colon, and a speck read as a colon inside a phrase
        "The cable was sent to the station. Dated : 10 July 1972",
        "There is a good chance : that such documents exist.",
        # a lone comma or stop between words is mostly a speck
        "The prisoner , who was sober . said nothing.",
        # plain-text hard tier, frus1964-68v22_d49 (gold ``will request by cable instructions``):
        # a dot mark before another lone mark and a non-word is noise
        "ARMISH/MAAG will request ; : oe quest by cable instruct; te ie .",
        # frus1964-68v22_d269 (gold ``will prevail. Will not take Bahrein by force``)
        "and wants resolve roblems so that true . friendship will prevail ; penros) py force",
        # frus1964-68v22_d59 (gold ``as note two covers everybody not covered``)
        'come under heading or. "advisory" as Fe two : oe covered voges note one.',
        # jfk-more/2018__104-10106-10300.md: a speck inside a typed sentence, before a small letter
        "we would seeon feel coupelled to begin hostile :\ninterrogation of Nosenko in order",
        # jfk-prose/2022__104-10110-10306.md
        "aandling all the projects for CP and leftist :\npenetration operations for tie Station",
        # plain-text hard tier, frus1964-68v22_d49 (gold ``increased revenues over and above``)
        "which he considers desirable, if increased revenues : over and above those now",
    ],
)
def test_a_mark_that_may_be_a_speck_or_meant_stays(lexicon: Lexicon, text: str) -> None:
    result = correct(text, None, lexicon)
    assert not [c for c in result.corrections if "closing mark" in c.reason]


@pytest.mark.parametrize(
    "text",
    [
        # 3200813268: a question mark is taken even with noise after it (old print's dialogue)
        "ought she to be found guilty of murder ?\ni- The answer to that was",
    ],
)
def test_a_question_or_exclamation_mark_is_joined_before_noise(lexicon: Lexicon, text: str) -> None:
    result = correct(text, None, lexicon)
    assert [c.replacement for c in result.corrections if "closing mark" in c.reason] == ["?"]


@pytest.mark.xfail(
    strict=True,
    reason="a set-off ; before a misread word is left: a dot mark beside a non-word is as "
    "likely a lost word's remnant (the cost of the damage rule: 4 BLN600 dev joins)",
)
def test_a_semicolon_before_a_misread_word_known_miss(lexicon: Lexicon) -> None:
    # 3206252931
    text = "was sentenced to 20 years'oellial servitude ; anda man named JCiags was rventsncsdto"
    assert "servitude;" in _fixed(text, lexicon)
