"""A speck glued to a word and read as a mark (``pipeline.stages.correct.glued``, issue 13).

Positives are synthetic, in the shapes dev extreme-tier OCR gave (``bench.extreme_dev``:
``‘expressed``, ``“LEADERSHIP``, ``-radio``, ``.SOUGHT``, ``AND.``, ``of:``, ``on’``,
``missiles..``). Negatives are real: lines of the dev FRUS telegrams' text
(``/work/shared/corpus/frus/frus1964-68v22_d*.txt``, HistoryAtState/frus, public domain) with
their quotes, possessives and abbreviations, and cable and FOIA forms the module must keep.
"""

from __future__ import annotations

import pytest

from pipeline.core.records import BBox, WordSpan
from pipeline.core.results import APPLIED
from pipeline.lexicon import Lexicon
from pipeline.stages.correct import correct
from pipeline.stages.correct.glued import own_evidence


def _fixed(text: str, lexicon: Lexicon) -> str:
    return correct(text, None, lexicon).text


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # A quote that opens and nothing closes (single and double, any case).
        (
            "Hawk would play an important ‘part in any credible Iranian defense.",
            "Hawk would play an important part in any credible Iranian defense.",
        ),
        (
            "VOTE TUESDAY. THE “LEADERSHIP OF THE PARTY WAS OUT OF TOUCH.",
            "VOTE TUESDAY. THE LEADERSHIP OF THE PARTY WAS OUT OF TOUCH.",
        ),
        # An apostrophe inside a word after it closes nothing.
        (
            "He said the ‘plan was Iran’s own and left.",
            "He said the plan was Iran’s own and left.",
        ),
        # Two such quotes further apart than a quoted term runs are two specks.
        (
            "He made it clear that ‘they would not sell arms to the regime while the dispute "
            "over the islands went on, and he said ‘the Shah knew it.",
            "He made it clear that they would not sell arms to the regime while the dispute "
            "over the islands went on, and he said the Shah knew it.",
        ),
        # A stop never opens a word.
        (
            "COVERED, BUT REALIZED HIS .ERROR WHEN I POINTED IT OUT.",
            "COVERED, BUT REALIZED HIS ERROR WHEN I POINTED IT OUT.",
        ),
        # A single hyphen that is no compound's and no list's dash.
        (
            "The claims by Arab -radio stations were false.",
            "The claims by Arab radio stations were false.",
        ),
        # A mark after a word that never ends a phrase, in caps text too.
        (
            "OIL TO ROMANIA AND. OTHER EAST BLOC COUNTRIES",
            "OIL TO ROMANIA AND OTHER EAST BLOC COUNTRIES",
        ),
        ("INCLUSION OF: RAS AL KHAIMAH AND SHARJAH", "INCLUSION OF RAS AL KHAIMAH AND SHARJAH"),
        # A closing single quote no quotation opened, after a word not ending in s.
        ("he did not comment on’ the matter.", "he did not comment on the matter."),
        # A stop before a small word in mixed-case text: no sentence opens small.
        (
            "It was done on basis falsified. documents since no check was made.",
            "It was done on basis falsified documents since no check was made.",
        ),
        # A doubled stop.
        ("the missiles.. were delivered", "the missiles. were delivered"),
    ],
)
def test_a_glued_speck_is_taken_out(lexicon: Lexicon, text: str, want: str) -> None:
    assert _fixed(text, lexicon) == want


def test_each_change_is_recorded_with_its_mark(lexicon: Lexicon) -> None:
    result = correct("They reached the ‘agreement in March.", None, lexicon)
    [rec] = result.corrections
    assert (rec.original, rec.replacement, rec.decision) == ("‘agreement", "agreement", APPLIED)
    assert "a speck read as '‘' before 'agreement'" in rec.reason
    assert own_evidence(rec)
    # The record spans the mark: replaying it gives the text.
    assert result.text == "They reached the agreement in March."


# Real lines (dev FRUS telegrams, frus1964-68v22 d49/d55/d57/d59/d268/d269) and cable forms.
KEPT = [
    # A quotation closed by the same typewriter quote (d50: ``“pecking order“``).
    "Some minor changes have occurred in the “pecking order“, but the Shah of course still "
    "determines everyone's status. The slow trend “normalization” of relations continues.",
    # A closing quote further on (d55).
    "He repeated what we had heard from consortium reps, that previously internal regulations "
    "“absolutely impossible” but now they merely “impossible.”",
    # A quotation over several words, and one closing with a stop inside (d59).
    "it is stated that “In future requirements of the Imperial Iranian Armed Forces will be "
    "communicated by General Hedjazi, in accordance with para IV of the memo”.",
    # Possessives and an apostrophe inside a word (d49, d269).
    "sale of 2 F4 squadrons for delivery commencing in FY'69, sale to be within credit",
    "citing Roberts' telling Shah that UK favored federation of some of Sheikhdoms.",
    "It was the workers’ union that struck.",
    # A quoted word and a quote inside a quotation.
    "He called it ‘cooperation’ and left.",
    "He said “the ‘special relationship’ is over” and left.",
    # Abbreviations, initials, codes, numbers, list labels.
    "E.O. 12958: DECL: 1/1/07 TAGS: PREL, IR",
    "Relations with the U.S. are excellent, i.e., drive Bahrein more solidly into FAA.",
    "Meeting with J.F.K. on 1,200 tons at 3.5 percent. (b)(1) (b)(3)",
    "TO: SECSTATE WASHDC\nFROM: AMEMBASSY TEHRAN\nBY: JOHN SMITH",
    "1. The talks went on. 2. They ended.",
    # A list's dash at a line's start, a dash set off, a compound's hyphen set off.
    "Items:\n-Hawk missiles\n-radar sets",
    "the talks -- which went on -- ended",
    "he was anti -communist all his life",
    "the pro- -Western line held",
    # A comma or a straight single quote before a word stands for a letter on old print
    # (BLN600 dev's shapes: ``,aid`` for *said*, ``'vas`` for *was*), or an elision.
    "Mr. Besley ,aid that the prisoner 'vas in custody and 'em all knew it.",
    # A stop in the place of a letter leaves a word its neighbours do not know (``.as``).
    "he was concerned in the assault, but he .as discharged.",
    # A mark before a word of one or two letters (BLN600 dev: ``-he`` for *she*).
    "but subsequently -he saw him at the door",
    # A word broken at a line's end, a mark before its second piece.
    "On his re- .turn home he found his wife asleep.",
    # A word broken at a mark: ``your. self``, ``enter. tamed``, ``pro.. ceeding``.
    "You must consider your. self in custody.",
    "fears are enter. tamed that the house will fall",
    "he was pro.. ceeding home with his wife",
    # A lone hyphen paired with a dash further on: a parenthesis (the seed cable,
    # /work/shared/seeds/000_e7f3cb81f3699479.txt line 63, the State Department's OCR).
    "While other venues are acceptable -for example, Vienna, Copenhagen, or our three "
    "capitals in rotation -- we will want to keep negotiators on a short leash",
    # A quoted word whose neighbours would make a phrase without the quotes.
    "They spoke of the ‘special’ relationship at length.",
    # A mark before a word's second piece, the first ending its line.
    "He awaited the re- .turn of the envoy.",
    # A hyphen opening a line (a list's dash), the word before it on the line above.
    "The items sent\n-the missiles and radar sets",
    # A closing quote set against the next word, which would fit its neighbours.
    "He annoyed by overtones of “sphere of influence “within the communiqué.",
    # A code no dictionary knows keeps its mark.
    "ROUTING -SJB AND THE DESK",
    # A closing quote misread as an opening one, set against the next word (d55's shape).
    "He annoyed by overtones of “sphere of influence “in communiqué.",
    # A closing single quote of a quotation opened words before.
    "He called it ‘close cooperation’ and left.",
    # ``of`` ending the text: no word follows its stop.
    "He asked what it was made of.",
    # A comma after a conjunction opens a parenthesis (dev extreme: ``and, as``).
    "The talks went on, and, as he said, they ended.",
    # A headline quote OCR lost the end of, another quotation after it (dev extreme d54).
    'Tehran journal headlined "Nasser Forces Military and made reference to UAR "Russian '
    'soldiers." The talks went on.',
    # A quotation across a page break, and one closed inside a token (dev extreme d52, d57).
    'IN SIMILAR CASES IT HOLDS SECRET SESSION TO "BLOW\n\nOFF STEAM" BEFORE DEBATE.',
    'report Khomeini recently "highly critical".Status Bill Some closure',
    # An ellipsis, spaced or not; a sentence ending in ``of`` is no concern of a stop before.
    "He paused . . .and went on. Then he left...",
]


@pytest.mark.parametrize(
    "text",
    [
        # A small word whose capital OCR may have read small (``so`` for ``So``).
        "The talks on the proposal failed. surely nothing came of them.",
        # An initial, a short form, an abbreviation, caps text.
        "He met with I. understood men on the matter.",
        "It was signed on the fourth of Sept. the year before.",
        "He went on at approx. two in the morning.",
        "THE TALKS ON THE PROPOSAL FAILED. documents were lost.",
        "THE MEETING WITH THE Minister. documents WERE LOST IN THE FIRE AND NOT FOUND",
        "He met them on Sun. the fourth and left.",
        # A state's short form that is an English word too (one list: ``abbreviations``).
        "He was born in Jackson, Miss. the son of a farmer.",
    ],
)
def test_a_stop_before_a_small_word_is_kept_where_it_may_be_meant(
    lexicon: Lexicon, text: str
) -> None:
    result = correct(text, None, lexicon)
    assert not [c for c in result.corrections if "a small word follows" in c.reason], text


@pytest.mark.parametrize("text", KEPT)
def test_real_marks_are_kept(lexicon: Lexicon, text: str) -> None:
    result = correct(text, None, lexicon)
    assert not [c for c in result.corrections if "a speck read as" in c.reason], text


# -- the word box: a typed mark takes a character cell, a speck touching the word does not --

PITCH = 30  # pixels per character cell of the synthetic typewriter line


def _typed(text: str, marks: dict[str, float], *, mono: bool = True) -> list[WordSpan]:
    """OCR spans of ``text`` on one line of a synthetic typewriter page: each word's box is
    its letters' cells (a proportional line when not ``mono``), plus ``marks[word]`` of a cell
    for a word's mark (a full cell less the ink's margin, 0.8, for any other mark)."""
    spans, pos, left = [], 0, 100
    for i, word in enumerate(text.split(" ")):
        letters = sum(ch.isalnum() for ch in word)
        cells = letters + marks.get(word, 0.8 * (len(word) - letters))
        pitch = PITCH if mono else PITCH * (0.6 + 0.35 * (i % 3))
        width = round(cells * pitch)
        spans.append(WordSpan(pos, pos + len(word), 1, 0, BBox(left, 200, width, 40), 90.0))
        pos, left = pos + len(word) + 1, left + width + PITCH
    return spans


def test_a_mark_narrower_than_a_cell_is_a_speck_on_a_short_word(lexicon: Lexicon) -> None:
    text = "We are pleased ‘to report that the talks went on well."
    result = correct(text, _typed(text, {"‘to": 0.3}), lexicon)
    assert result.text == "We are pleased to report that the talks went on well."
    [rec] = result.corrections
    assert "adds 0.30 of a character cell" in rec.reason
    # A quote typed in a cell of its own is left to the text's evidence (a word of two
    # letters: none), and so is a line whose letters are not all one width.
    assert correct(text, _typed(text, {"‘to": 0.9}), lexicon).corrections == ()
    assert correct(text, _typed(text, {"‘to": 0.3}, mono=False), lexicon).corrections == ()


def test_a_narrow_stop_inside_a_phrase_is_a_speck(lexicon: Lexicon) -> None:
    text = "THE MINISTER ASKED. HIM HOW WE ARE TO REPORT THE VOTE"
    result = correct(text, _typed(text, {"ASKED.": 0.3}), lexicon)
    assert result.text == "THE MINISTER ASKED HIM HOW WE ARE TO REPORT THE VOTE"
    assert "adds 0.30 of a character cell" in result.corrections[0].reason
    # A typed stop (past its cell's middle) is a sentence's end in caps text.
    assert correct(text, _typed(text, {"ASKED.": 0.7}), lexicon).corrections == ()


@pytest.mark.parametrize(
    "text",
    [
        # Synthetic, in the shapes of labelled dev (jfk-prose): a speck before or after a
        # Title-case word that follows a small-letter word with no stop between.
        "The meeting was put off but ‘Soon after the talks resumed in the capital.",
        "The visits were Infrequent’ and short during the winter of that year.",
    ],
)
def test_a_mark_beside_an_unexplained_capital_is_proposed_not_applied(
    text: str, lexicon: Lexicon
) -> None:
    result = correct(text, None, lexicon)
    assert result.text == text
    marks = [c for c in result.corrections if c.original in ("‘Soon", "Infrequent’")]
    assert marks and all(c.decision != APPLIED for c in marks)
    assert "second doubt" in marks[0].reason


def test_a_mark_before_a_capital_after_a_stop_is_still_taken(lexicon: Lexicon) -> None:
    text = "The talks ended. ‘Soon after the meeting the delegates left the capital."
    assert (
        _fixed(text, lexicon)
        == "The talks ended. Soon after the meeting the delegates left the capital."
    )


def test_a_closing_quote_after_a_damaged_word_is_not_proposed_away(lexicon: Lexicon) -> None:
    # In the wild: scans/jfk-2018-docid-32326189.md (JFK 2018 release, dev), "should insort’ the"
    # for *insert*: taking the mark leaves a non-word, a proposal no reviewer would take.
    result = correct("Los Angeles should insort’ the concerning their copies.", None, lexicon)
    assert not [c for c in result.corrections if c.original == "insort’"]


# -- a stop joining two words: the speck stands in the space's cell --


@pytest.mark.parametrize(
    ("text", "word", "marks", "want"),
    [
        # Synthetic, in the shapes of dev extreme OCR (d268 ``STUDENT.UNREST,``, d52
        # ``MAKE.UP``); ``marks``: the cells the word's marks add (the stop one, a typed
        # comma's ink 0.8).
        (
            "THEY SPOKE OF STUDENT.UNREST, OF THE VOTE AND OF THE MAJLIS",
            "STUDENT.UNREST,",
            1.8,
            "THEY SPOKE OF STUDENT UNREST, OF THE VOTE AND OF THE MAJLIS",
        ),
        (
            "THEY WILL MAKE.UP THEIR MINDS ABOUT THE VOTE IN THE MAJLIS",
            "MAKE.UP",
            1.0,
            "THEY WILL MAKE UP THEIR MINDS ABOUT THE VOTE IN THE MAJLIS",
        ),
    ],
)
def test_a_stop_in_the_space_between_two_words_is_a_speck(
    lexicon: Lexicon, text: str, word: str, marks: float, want: str
) -> None:
    result = correct(text, _typed(text, {word: marks}), lexicon)
    assert result.text == want
    [rec] = [c for c in result.corrections if c.original == word.rstrip(",")]
    assert rec.decision == APPLIED and "stands in the space's cell" in rec.reason
    # A stop with a cell of its own beside the space's (a sentence's end whose space OCR lost)
    # stays, and so does any such token without a box to measure.
    assert correct(text, _typed(text, {word: marks + 1}), lexicon).text == text
    assert correct(text, None, lexicon).text == text


@pytest.mark.parametrize(
    "text",
    [
        "the report was sent to Gen.Smith at the embassy in the capital",  # a short form
        "the text was posted on press.net for the public to read",  # a web address
        "the file was named report.pdf and sent to the embassy by hand",  # a file name
        "the minister met Amir.Xqzvb at the palace on the same day",  # an unknown word
    ],
)
def test_a_stop_that_may_be_meant_between_words_stays(lexicon: Lexicon, text: str) -> None:
    word = next(w for w in text.split() if "." in w)
    spans = _typed(text, {word: float(word.count("."))})
    assert not [c for c in correct(text, spans, lexicon).corrections if "space's cell" in c.reason]


def test_a_short_line_takes_its_page_s_pitch(lexicon: Lexicon) -> None:
    """A line with too few long words to show its own pitch (dev extreme d268: ``E.G.
    STUDENT.UNREST, AMINI'S INCREASED``) is measured by the page's monospaced lines."""
    first = "THE MINISTER SAID THAT THE VOTE WOULD COME BEFORE THE MAJLIS"
    second = "OF STUDENT.UNREST, TO IT"
    text = f"{first}\n{second}"
    spans = _typed(first, {})
    for s in _typed(second, {"STUDENT.UNREST,": 1.8}):
        at = len(first) + 1
        box = BBox(s.bbox.left, 260, s.bbox.width, 40)  # type: ignore[union-attr]
        spans.append(WordSpan(s.start + at, s.end + at, 1, 1, box, 90.0))
    result = correct(text, spans, lexicon)
    assert "OF STUDENT UNREST, TO IT" in result.text
    # Without the page's other line there is no pitch to measure by: the stop stays.
    assert (
        "STUDENT.UNREST," in correct(second, _typed(second, {"STUDENT.UNREST,": 1.8}), lexicon).text
    )


def test_a_states_short_form_is_a_proper_nouns_and_the_small_word_is_the_word(
    lexicon: Lexicon,
) -> None:
    # Synthetic. ``Miss.`` the state keeps its stop for both rules (``structure``'s known pair
    # ``miss the`` too); written small it is the verb, and the speck after it still goes.
    text = "He was born in Jackson, Miss. the son of a farmer."
    assert not correct(text, None, lexicon).corrections
    assert _fixed("She will miss. the train.", lexicon) == "She will miss the train."


# -- plain Tesseract's text (no word boxes): dev hard-tier cables' shapes, synthetic lines --


def test_a_closing_quote_after_a_capitals_word_may_be_a_possessive(lexicon: Lexicon) -> None:
    # Plain Tesseract on a dev hard-tier cable read GOVERNMENT'S as ``GOVERNMENT’ S``: the
    # quote is a possessive's apostrophe, its S set apart. The quote is kept.
    text = "INEPTITUDE OF GOVERNMENT’ S HANDLING BOTH IN UPPER AND LOWER"
    result = correct(text, None, lexicon)
    assert not [c for c in result.corrections if c.original == "GOVERNMENT’"]
    # With no S after it the S may have been lost, or the quote be a speck (labelled dev:
    # ``NOTIFICATION OF ACTION’ FROM``): without a box the removal is proposed.
    text = "THE GOVERNMENT’ POSITION ON THE TALKS WAS MADE CLEAR TO US."
    result = correct(text, None, lexicon)
    assert result.text == text
    [rec] = [c for c in result.corrections if c.original == "GOVERNMENT’"]
    assert rec.decision != APPLIED and "possessive's whose S was lost" in rec.reason
    # A box narrower than a typed quote's cell says speck.
    result = correct(text, _typed(text, {"GOVERNMENT’": 0.3}), lexicon)
    assert result.text == "THE GOVERNMENT POSITION ON THE TALKS WAS MADE CLEAR TO US."
    assert "adds 0.30 of a character cell" in result.corrections[0].reason
    # A function word takes no possessive: its stray quote goes on the text's evidence.
    assert _fixed("HE DID NOT COMMENT ON’ THE MATTER AT ALL.", lexicon) == (
        "HE DID NOT COMMENT ON THE MATTER AT ALL."
    )


def test_a_stop_beside_an_unexplained_capital_is_proposed_not_applied(lexicon: Lexicon) -> None:
    # Plain Tesseract on a dev hard-tier cable: ``Of.`` where the page has ``of`` (the
    # capital a second misreading): the stop's removal would leave ``Of``.
    text = "They raised the question Of. the islands with the minister."
    result = correct(text, None, lexicon)
    assert result.text == text
    [rec] = [c for c in result.corrections if c.original == "Of."]
    assert rec.decision != APPLIED and "second doubt" in rec.reason
