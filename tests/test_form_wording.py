"""The lexicon of forms' printed wording: how the script finds it, and the strip stage using it.

The miner's copies below are synthetic (a made-up form with made-up answers), to show each of
its guards; the strip cases are in the wild: the printed questions of a CIA questionnaire as OCR
read them in the 2022 release of record 104-10110-10306 (noops888/jfk-files-text @55840853,
``bench/furniture/jfk-prose``, dev), whose wording the generated lexicon holds from the two
copies of that form in the dev years' releases.
"""

from __future__ import annotations

from test_strip import strip_lines

from bench.furniture.form_wording import Copy, form_pairs, passages, printed_words
from pipeline.stages.strip.patterns.form_wording import FORMS
from pipeline.stages.strip.patterns.notices import FORM_WORDING, PRINTED, filled_in, notice_line

# A made-up form of four printed questions, each of two lines.
QUESTIONS = (
    (
        "State the full name and every other name the person has used",
        "at any time since the age of eighteen years",
    ),
    (
        "Describe the nature and extent of your own contact with the",
        "person during the period covered by this report",
    ),
    (
        "List every address where the person lived during the period",
        "with the dates of residence as far as you know",
    ),
    (
        "Give the names of the persons who were close to him at that",
        "time and the nature of their relationship with him",
    ),
)
# The words the miner's "known English" test knows here: those of the questions.
ENGLISH = frozenset(w.lower() for q in QUESTIONS for line in q for w in line.split())


def _copy(record: str, answers: list[str]) -> Copy:
    """A filled copy of the made-up form: each question's two printed lines, then an answer."""
    lines = []
    for (first, second), answer in zip(QUESTIONS, answers, strict=True):
        lines += [first, second, answer, ""]
    return Copy(record, f"{record}.md", tuple(lines))


A = [
    "He was known to me only as Robert Allen Smith of Dallas",
    "We met twice at the office in Mexico City in March",
    "He lived on Insurgentes Sur in a large apartment",
    "Only the people of his own section at the station",
]
B = [
    "I never knew of any other name he used in those years",
    "I have had no contact of any kind with him at all",
    "I do not know of any address of his in that time",
    "None that I know of, since we never met in person",
]


def test_two_filled_copies_of_a_form_give_its_printed_passages():
    a, b = _copy("104-1", A), _copy("104-2", B)
    assert form_pairs([a, b]) == [(a, b)]
    assert passages(a, b, ENGLISH) == [list(q) for q in QUESTIONS]


def test_a_forms_caption_in_capitals_is_no_printed_wording():
    # The labels keep a form's captions as the record's text; a caption splits the passage.
    cap = "OTHER U. S. GOVERNMENT PERSONNEL AT THE STATION"
    a, b = _copy("104-1", A), _copy("104-2", B)
    a = Copy(a.record, a.path, (cap, *a.lines))
    b = Copy(b.record, b.path, (cap, *b.lines))
    assert all(cap not in line for p in passages(a, b, ENGLISH) for line in p)


def test_a_word_typed_into_a_printed_line_is_no_printed_word():
    # 2018 104-10110-10306 and 104-10128-10251 (dev), one printed line in each copy: the typed
    # answers differ and go; a word OCR read with one letter changed ("vou") stays.
    assert printed_words(
        "Yes or No yes . If vou were never", "Yes or No No; . I£ you were never"
    ) == ("Yes or No . vou were never")


def test_a_second_copy_of_one_document_is_no_form():
    # The same answers read with OCR slips: the gaps hold one line read twice, no answers.
    slipped = [line.replace("e", "c").replace("o", "0") for line in A]
    assert form_pairs([_copy("104-1", A), _copy("104-2", slipped)]) == []


def test_a_passage_quoted_once_is_no_form():
    # One shared run (a quoted paragraph), however long: no gap of answers.
    quoted = [line for q in QUESTIONS for line in q]
    a = Copy("104-1", "a.md", tuple([*A, *quoted, *A]))
    b = Copy("104-2", "b.md", tuple([*B, *quoted, *B]))
    assert form_pairs([a, b]) == []


def test_shared_lines_out_of_order_are_no_form():
    a = _copy("104-1", A)
    lines = list(a.lines)
    shuffled = lines[12:16] + lines[8:12] + lines[4:8] + lines[0:4]  # the questions reversed
    b = Copy("104-2", "b.md", tuple(line if line not in A else "x y z w v u" for line in shuffled))
    assert form_pairs([a, b]) == []


def test_the_generated_lexicon_holds_the_questionnaire_from_two_records():
    assert any("104-10110-10306" in name and "104-10128-10251" in name for name in FORMS)


# 2022 104-10110-10306 (jfk-prose, dev), lines 21-34 and 40: the first printed question, the
# typed answer under it.
QUESTION = [
    "_Were you ever personally acquainted with him?",
    "acquainted with him have you acquired any information of",
    "a personal nature concerning him through other persons?",
    "by months and years as. best you can recall, ‘circumstances,",
    "purpose and nature of any relationship vou may have had ©",
    "with him and provide all data relating to his character",
    "or personality, illustrating briefly with any-stories a A",
    "other information acquired as a result of your. own",
    "relationship with him or which might have been acquired",
]
ANSWER = "See attached memo"


# The same file, lines 22 and 96: a printed line with the typed answer "yes" in it, and a
# section caption (both the record's text, labelled B).
TYPED = "Yes or No yes . I£ you were never personally"
CAPTION = "OTHER PERSONS"


def test_a_questionnaires_printed_question_goes_and_its_answer_stays():
    lines = ["SUBJECT: the subject", "", CAPTION, "", QUESTION[0], TYPED, *QUESTION[1:]]
    removed, kept = strip_lines([*lines, "", ANSWER])
    assert set(removed) <= set(QUESTION) and len(removed) >= len(QUESTION) // 2
    assert ANSWER in kept and "SUBJECT" in kept


def test_what_was_filled_into_a_printed_line_stays():
    removed, _ = strip_lines(
        ["SUBJECT: the subject", "", CAPTION, "", QUESTION[0], TYPED, *QUESTION[1:]]
    )
    assert TYPED not in removed and CAPTION not in removed
    name = next(n for n in PRINTED if n.startswith(FORM_WORDING))
    assert filled_in(TYPED, name) and filled_in(CAPTION, name)
    assert not filled_in(QUESTION[3], name)
    # An OCR speck past the print's end ("... may have had ©") is no answer typed in.
    assert not filled_in(QUESTION[4], name)


def test_a_small_word_the_wordings_reading_lost_is_no_answer():
    # The lexicon's wording of this question was read from the 2018 copy, whose OCR lost "all"
    # ("provide data relating to his character"): the 2022 copy's line (QUESTION[5]) holds a
    # function word the wording lacks, which no one types into a form as an answer.
    name = notice_line(QUESTION[5])
    assert name is not None and name.startswith(FORM_WORDING)
    assert not filled_in(QUESTION[5], name)
    # An answer word at the same place still is one; so is a typed "no".
    assert filled_in(QUESTION[5].replace(" all ", " Cuban "), name)
    assert filled_in(QUESTION[5].replace(" all ", " no "), name)


def test_a_sentence_in_a_memo_with_the_forms_words_stays():
    # 2022 104-10110-10306 line 163 (dev), the answering memo's own sentence, and a synthetic
    # one that quotes a few of the form's words.
    for line in (
        "1 knew Phil during the entire time he was in",
        "I was never personally acquainted with him, and I have no information of a personal",
    ):
        assert notice_line(line) is None


# 2018 docid-32576029 (noops888/jfk-files-text @55840853, dev), lines 167-179: a third filed
# copy of FBI form FD-143 (Philadelphia), none of the two the lexicon was mined from.
FD143 = [
    "If a microphone surveillance involved, state number of microphones actually",
    "used and location of each:",
    "Is the installation part of a tel-mike? If so, give symbol of other side",
    "Specific examples of valuable information obtained since previous report",
    "with indication of specific value of each item and the date information",
    "received. State what use was made of each item involved: (Add insert pages)",
]
FD143_ANSWERS = [
    "One microphone, living room, first floor apartment,",
    "1531 South Broad Street, Philadelphia, Pa.",
    "a. Rental costs for plant premises: $2,407.86",
]


def test_a_third_copy_of_the_fbi_form_loses_its_questions_and_keeps_its_answers():
    assert any("docid-32556684" in name and "docid-32576576" in name for name in FORMS)
    lines = ["SUBJECT: the subject", "", *FD143[:2], "", *FD143_ANSWERS[:2], ""]
    lines += [*FD143[2:], "", FD143_ANSWERS[2]]
    removed, kept = strip_lines(lines)
    assert set(removed) <= set(FD143) and len(removed) >= len(FD143) // 2
    assert all(a in kept for a in FD143_ANSWERS)
