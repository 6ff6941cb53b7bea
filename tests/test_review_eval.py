"""``bench.review_eval``: the perfect reviewer's answers follow the labels, and the terminal and
web reviews it drives (the real ``Session`` and ``ReviewQueue``) fix what they say they fix.

The label files are synthetic, written here in the format of ``bench/labels/README.md`` (corpus
``seed``, so their split is the seed's: dev); the words are typewriter OCR errors of the kind
the labelled set has (``pregreas``, ``visite``), two correct-but-unusual names the correct stage
proposes to change, and a noise line whose words nobody can judge.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_review import ROOT

from bench.label_files import LabelledDoc, read_label_file
from bench.labelled import run_pipeline
from bench.review_eval import (
    Oracle,
    fixed_and_wrong,
    gold_tokens,
    settle,
    terminal_review,
    web_review,
)
from pipeline.review.outputs import load_output

HEADER = "# source: synthetic\n# corpus: seed\n# split: dev\n# provenance: synthetic\n\n"
MEMO = """F\tUNCLASSIFIED
B\tThe delegation will ⟦visite|visits⟧ the capital in three ⟦montha|months⟧ to
B\treview the talks and their ⟦pregreas|progress⟧; ⟦thrae|three⟧ officers will go.
B\tAmbassador ⟦Alayev⟧ met the minister on Monday; Mr. ⟦Akiyev⟧ agreed.
N\tle Qn AY1/8) 96% MINSGAT LAR RAY, who 2ives across the ond
B\tThe minister said the ⟦Sngpect|inspect⟧ team will ⟦consiste|consist⟧ of five people.
"""
FOLLOW = """B\tLater, on ⟦pregreas|progress⟧, a report was sent to Ambassador ⟦Alayev⟧ in ⟦Baku⟧.
B\tHe will go again and the ⟦pregreas|progress⟧ will be slow.
B\tThe weather in ⟦Baku⟧ was cold on Friday and Saturday, as usual in March.
B\tThey feared a ⟦pregreas|regress⟧ to older habits.
"""


@pytest.fixture
def labelled(tmp_path: Path) -> tuple[list[LabelledDoc], Path]:
    docs = []
    for name, body in (("memo", MEMO), ("follow", FOLLOW)):
        path = tmp_path / "labels" / f"{name}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(HEADER + body, encoding="utf-8")
        docs.append(read_label_file(path))
    batch, status = run_pipeline(docs, tmp_path / "run", 1, ROOT / "dictionaries")
    assert all(status[d.name].status == "done" for d in docs)
    return docs, batch


def test_gold_tokens_say_what_the_labels_say(labelled: tuple[list[LabelledDoc], Path]) -> None:
    memo = labelled[0][0]
    kinds = {g.text: g.kind for g in gold_tokens(memo)}
    assert kinds["visits"] == "error" and kinds["Alayev"] == "unusual"
    assert kinds["ond"] == "noise" and kinds["minister"] == "body"
    assert "UNCLASSIFIED" not in kinds  # furniture is not in the gold body


def test_the_answers_follow_the_labels(labelled: tuple[list[LabelledDoc], Path]) -> None:
    docs, batch = labelled
    rights = {
        "visite": {"visits", "visit"},
        "pregreas": {"progress", "regress"},
        "Sngpect": {"inspect"},
    }
    seen = set()
    for doc in docs:
        out = load_output(batch / doc.name)
        oracle = Oracle(doc, out.stripped)
        for c in out.corrections:
            a = oracle.answer(c)
            seen.add(c.original)
            names = [t for t, _ in c.candidates]
            if c.original in ("Alayev", "Akiyev"):  # right as printed: labelled unusual
                assert (a.kind, a.why) == ("reject", "unusual")
            elif c.original == "ond":  # a noise line: nobody can say
                assert a.kind == "skip"
            elif c.original in rights:
                chosen = {"accept": names[0], "candidate": names[a.k - 1], "text": a.text}
                assert chosen[a.kind] in rights[c.original], (c.original, a)
                assert a.kind != "text" or a.text not in names
    # ``Sngpect`` (two edits from ``inspect``) is checked when proposed: the calibrated model
    # refitted for issue 15's precision (pair_strength, the paths' rows) gives it under worth's
    # floor, and it is left. So is ``ond`` on its noise line: a fragment of three letters whose
    # candidate the model rates under ``worth._SHORT_FLOOR``.
    assert {"Alayev", "pregreas"} <= seen
    assert "ond" not in seen


def test_both_reviews_fix_the_proposed_errors_and_the_web_groups_them(
    labelled: tuple[list[LabelledDoc], Path], tmp_path: Path
) -> None:
    import shutil

    docs, batch = labelled
    oracles = {d.name: Oracle(d, load_output(batch / d.name).stripped) for d in docs}
    results = {}
    for mode, review in (("terminal", terminal_review), ("web", web_review)):
        copy = tmp_path / mode / "batch"
        shutil.copytree(batch, copy)
        screens = review(copy, tmp_path / mode / "reviews", oracles)
        settle(copy, tmp_path / mode / "reviews")
        results[mode] = (screens, *fixed_and_wrong(copy, docs, batch))
    term, web = results["terminal"], results["web"]
    # Every proposed error whose right word is known is fixed, and nothing wrong is made.
    assert term[1:] == web[1:] and term[2] == 0
    assert term[1] >= 5  # four pregreas, Sngpect (typed), visite
    # Three of the four pregreas → progress are right: on the web one screen accepts them with
    # the fourth left out (asked on its own later: it shares no neighbour with the others, so
    # what they teach does not reach it, ``Learned.applies``); the terminal cannot use A (one
    # place wants another word), so it asks each place.
    assert web[0]["group accept, some places left out"] == 1
    assert "accept (all documents)" not in term[0]
    assert sum(web[0].values()) < sum(term[0].values())
    # ``ond``, on the noise line, is no proposal (under ``worth._SHORT_FLOOR``): nothing to skip
    assert term[0]["skip"] == web[0]["skip"] == 0


#: A line of typescript damaged past word-by-word repair, in the wild (dev split:
#: shared/corpus/jfk/2021__docid-32379830.md), labelled here by reading; its first word marked
#: unreadable (synthetic label) to check that a line is still typed as far as it can be read.
DAMAGED = """B\tSubject visited Moscow in the summer and met members of the
B\t⟦uf|?⟧ ⟦Soiunces|Sciences⟧ and ⟦tre|the⟧ ⟦Sovlot|Soviet⟧ ⟦Acadeny|Academy⟧ of \
⟦Scienoes|Sciences⟧.
B\tHe returned to Trieste in the autumn and reported on his visit.
"""


def test_a_line_typed_by_hand_counts_every_word_it_fixed(tmp_path: Path) -> None:
    path = tmp_path / "labels" / "damaged.txt"
    path.parent.mkdir()
    path.write_text(HEADER + DAMAGED, encoding="utf-8")
    doc = read_label_file(path)
    batch, status = run_pipeline([doc], tmp_path / "run", 1, ROOT / "dictionaries")
    assert status[doc.name].status == "done"
    out = load_output(batch / doc.name)
    [line] = [c for c in out.corrections if c.is_line]
    answer = Oracle(doc, out.stripped).answer(line)
    assert (answer.kind, answer.text) == ("text", "uf Sciences and the Soviet Academy of Sciences.")
    import shutil

    work = tmp_path / "reviewed"
    shutil.copytree(batch, work)
    oracles = {doc.name: Oracle(doc, out.stripped)}
    screens = terminal_review(work, tmp_path / "reviews", oracles)
    settle(work, tmp_path / "reviews")
    assert screens == {"text": 1}
    # One screen, the five readable errors of the line fixed; the unreadable word left as read.
    assert fixed_and_wrong(work, [doc], batch) == (5, 0)
