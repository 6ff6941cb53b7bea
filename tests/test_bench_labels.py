"""The labelled real OCR set (bench/labels) and the benchmark's held-out split: the files parse,
say where they come from, agree with bench/splits.json and give back their sources exactly; the
scores of a labelled document come out right on a hand-made case (synthetic, below)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.label_files import LabelError, load_labels, parse_line, read_label_file
from bench.labelled import (
    FIRST_JFK,
    SPLIT_ERRORS,
    _add,
    jfk_candidates,
    score_document,
    source_lines,
    split_json,
)
from bench.labelled_prose import CORPUS, prose_candidates, rank
from bench.material import REPO, documents, shared_dir, split_of, splits


def test_every_corpus_split_is_disjoint_and_named() -> None:
    for corpus, parts in splits().items():
        dev, test = set(parts.get("dev", ())), set(parts.get("test", ()))
        assert not dev & test, corpus
    assert split_of("gold", "frus1969-76ve04_d288") == "test"
    assert split_of("gold", "cable-1997-aliyev") == "dev"
    assert split_of("jfk", "no-such-file.md") is None
    assert documents("talbott", "test")


def test_marks_come_off_to_give_the_ocr_and_on_to_give_the_gold() -> None:
    ocr, gold, errors, unusual, spans = parse_line(
        "9:15 ⟦M|⟧ MEETING ⟦W⟧/CHIP ⟦US IA|USIA⟧ ⟪RELEASE IN FULL⟫ ⟦9p|?⟧", "x"
    )
    assert ocr == "9:15 M MEETING W/CHIP US IA RELEASE IN FULL 9p"
    assert gold == "9:15  MEETING W/CHIP USIA  9p"  # unreadable: gold keeps the OCR
    assert errors == [("M", ""), ("US IA", "USIA"), ("9p", "?")]
    assert unusual == ["W"] and spans == ["RELEASE IN FULL"]
    with pytest.raises(LabelError):
        parse_line("an ⟦open mark", "x")


def test_label_files_parse_and_name_their_source_and_split() -> None:
    docs = load_labels()
    assert {d.split for d in docs} == {"dev", "test"}
    for d in docs:
        assert d.header["provenance"] == "in-the-wild"
        assert d.header["source"] and d.header["origin"]
        assert d.body_lines() and d.furniture_lines()


@pytest.mark.skipif(shared_dir() is None, reason="shared/ corpora not on this machine")
def test_label_files_give_back_their_sources_exactly() -> None:
    root = shared_dir()
    assert root is not None
    for d in load_labels():
        path, first, last = source_lines(d)
        # jfk-prose excerpts name their copy in the repository (bench/furniture/jfk-prose/)
        base = REPO if path.startswith("bench/") else root
        want = (base / path).read_text(encoding="utf-8").split("\n")
        got = d.ocr_text().split("\n")
        if last is None:
            assert got[: len(want) - 1] == want[: len(want) - 1], d.path
        else:
            excerpt = want[first - 1 : last]
            while excerpt and not excerpt[-1]:
                excerpt.pop()  # the reader drops blank lines at the end, as for a whole file
            assert got[:-1] == excerpt, d.path


@pytest.mark.skipif(shared_dir() is None, reason="shared/ corpora not on this machine")
def test_jfk_documents_are_the_ones_the_fixed_rule_gives() -> None:
    # Later JFK label files are, per split, the first documents of jfk_candidates (sorted names,
    # prose documents, fixed excerpts), and a split stops growing once it holds SPLIT_ERRORS.
    root = shared_dir()
    assert root is not None
    docs = load_labels()
    for split in ("dev", "test"):
        taken = sorted(
            (Path(source_lines(d)[0]).name, *source_lines(d)[1:])
            for d in docs
            if d.split == split and d.header["corpus"] == "jfk"
            and Path(source_lines(d)[0]).name not in FIRST_JFK
        )  # fmt: skip
        rule = jfk_candidates(root / "corpus" / "jfk", split)
        assert taken and taken == rule[: len(taken)], split
        errors = sum(
            len(d.errors) for d in docs if d.split == split and d.header["corpus"] != CORPUS
        )
        last = next(d for d in docs if Path(source_lines(d)[0]).name == taken[-1][0])
        assert errors >= SPLIT_ERRORS > errors - len(last.errors), split


def test_jfk_prose_excerpts_are_the_ones_their_rule_gives() -> None:
    # Dev's excerpts of the 2022-2025 releases (bench/labels/jfk-prose) are the first documents
    # of the jfk-prose slice in its own order, each its fixed excerpt, and they stop once they
    # hold SPLIT_ERRORS OCR errors.
    docs = [d for d in load_labels() if d.header["corpus"] == CORPUS]
    assert docs and {d.split for d in docs} == {"dev"}
    taken = {(Path(source_lines(d)[0]).name, *source_lines(d)[1:]): d for d in docs}
    rule = prose_candidates()
    assert len(rule) == len(documents(CORPUS, "dev"))  # every document of the slice is prose
    order = [c for c in rule if c in taken]
    assert order == rule[: len(taken)]
    errors = sum(len(d.errors) for d in docs)
    last = taken[order[-1]]
    assert errors >= SPLIT_ERRORS > errors - len(last.errors)


def test_prose_rule_takes_the_slice_in_its_hash_order(tmp_path: Path) -> None:
    # Synthetic: the excerpt starts at the first prose line and the order is the slice's hash
    # order, whatever the names' sorted order.
    prose = "The following report is one of a series on the station"
    names = documents(CORPUS, "dev")
    for name in names:
        (tmp_path / name).write_text("FORM 1\n" + f"{prose}\n" * 130, encoding="utf-8")
    got = prose_candidates(tmp_path)
    assert [g[0] for g in got] == sorted(names, key=rank) != sorted(names)
    assert {g[1:] for g in got} == {(2, 121)}
    (tmp_path / names[0]).write_text("a form\n" * 30, encoding="utf-8")  # no prose line
    assert names[0] not in [g[0] for g in prose_candidates(tmp_path)]


def _write(tmp_path: Path, body: str, split: str = "test") -> Path:
    folder = tmp_path / "talbott"
    folder.mkdir(exist_ok=True)
    path = folder / "C06685763.txt"  # a test-split name in bench/splits.json
    path.write_text(
        "# source: shared/corpus/talbott/C06685763.txt\n# corpus: talbott\n"
        f"# split: {split}\n# provenance: in-the-wild\n# origin: made up for this test\n" + body,
        encoding="utf-8",
    )
    return path


def test_a_split_that_disagrees_with_splits_json_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LabelError, match=r"splits\.json"):
        read_label_file(_write(tmp_path, "B\tbody\n", split="dev"))
    with pytest.raises(LabelError, match="TAG"):
        read_label_file(_write(tmp_path, "X\tbody\n"))


def test_scores_of_a_labelled_document(tmp_path: Path) -> None:
    # Synthetic: a made-up page in the label format, with made-up batch outputs.
    doc = read_label_file(
        _write(
            tmp_path,
            "F\tUNCLASSIFIED Case No. F-2017-13804\n"
            "B\tMEETING W/ ⟦KORNBLUM⟧ ON ⟦BOSNLA|BOSNIA⟧\n"
            "B\tLUNCH ⟦WTTH|WITH⟧ ⟦TARNOFF⟧ ⟪RELEASE IN FULL⟫\n",
        )
    )
    assert doc.gold_body() == "MEETING W/ KORNBLUM ON BOSNIA\nLUNCH WITH TARNOFF \n"
    stripped = "MEETING W/ KORNBLUM ON BOSNLA\nLUNCH WTTH TARNOFF RELEASE IN FULL\n"
    clean = stripped.replace("BOSNLA", "BOSNIA")
    corrections = [
        {"start": 23, "end": 29, "original": "BOSNLA", "replacement": "BOSNIA",
         "decision": "applied", "candidates": [["BOSNIA", 1.0]]},
        {"start": 11, "end": 19, "original": "KORNBLUM", "replacement": "KORNBLUT",
         "decision": "proposed", "candidates": [["KORNBLUT", 1.0]]},
    ]  # fmt: skip
    s = score_document(doc, stripped, clean, corrections)
    assert (s.furniture.total, s.furniture.found) == (2, 1)  # the stamp span was left
    assert (s.body.total, s.body.found) == (2, 2)
    assert (s.correction.applied_right, s.correction.applied_wrong) == (1, 0)
    assert (s.correction.proposed_right, s.correction.proposed_on_correct) == (0, 1)
    assert (s.correction.errors_before, s.correction.errors_untouched) == (2, 1)  # WTTH
    assert (s.unusual, s.unusual_applied, s.unusual_proposed) == (2, 0, 1)


def test_reviewer_items_group_one_change_across_documents(tmp_path: Path) -> None:
    # Synthetic: two made-up documents with the same misreading, and a "transcribe by hand"
    # line. A reviewer settles "Subjeot -> Subject" with one key wherever it stands: three
    # records, one item; "tne -> tee" is a second item, wrong; the line is a third item.
    one = read_label_file(
        _write(tmp_path, "B\t⟦Subjeot|Subject⟧ said ⟦tne|the⟧ plan\nN\tsoe dheonremt9 ake\n")
    )
    two_path = tmp_path / "two"
    two_path.mkdir()
    two = read_label_file(_write(two_path, "B\t⟦Subjeot|Subject⟧ met ⟦Subjeot|Subject⟧ again\n"))
    s1 = "Subjeot said tne plan\nsoe dheonremt9 ake\n"
    s2 = "Subjeot met Subjeot again\n"

    def proposal(start: int, original: str, top: str) -> dict:
        return {"start": start, "end": start + len(original), "original": original,
                "replacement": top, "decision": "proposed", "candidates": [[top, 0.5]]}  # fmt: skip

    line = {"start": 22, "end": 40, "original": "soe dheonremt9 ake", "replacement": "",
            "decision": "proposed", "candidates": [], "kind": "line"}  # fmt: skip
    a = score_document(
        one, s1, s1, [proposal(0, "Subjeot", "Subject"), proposal(13, "tne", "tee"), line]
    )
    b = score_document(
        two, s2, s2, [proposal(0, "Subjeot", "Subject"), proposal(12, "Subjeot", "Subject")]
    )
    figures = split_json(_add(a, b))
    assert figures["reviewer"]["proposals"] == 4  # records: one per place, lines apart
    items = figures["items"]
    assert (items["items"], items["change_items"], items["line_items"]) == (3, 2, 1)
    assert (items["top_right"], items["among_right"]) == (0.5, 0.5)
    assert items["items_per_1000_words"] == round(1000 * 3 / (a.words + b.words), 2)


def test_bln600_passages_join_per_sample_in_file_order(tmp_path: Path) -> None:
    from bench.bln600 import read_bln600

    # Synthetic rows in BLN600's columns.
    csv = tmp_path / "train.csv"
    csv.write_text(
        "Sample ID,Date,Publication,OCR Text,Ground Truth,CER\n"
        '1,1880,X,"tbe first","the first",0.1\n'
        "2,1881,Y,other,other,0\n"
        '1,1880,X,"seeond, line","second, line",0.1\n',
        encoding="utf-8",
    )
    docs = read_bln600(csv)
    assert list(docs) == ["1", "2"]
    assert docs["1"].ocr == "tbe first\nseeond, line"
    assert docs["1"].gold == "the first\nsecond, line"


def test_a_change_where_the_labeller_could_not_read_the_word_is_neutral(tmp_path: Path) -> None:
    # Synthetic label file: "usedr" is an error whose right word cannot be read.
    doc = read_label_file(
        _write(tmp_path, "B\tto be ⟦usedr|?⟧ a diversionary ⟦operatlon|operation⟧\n")
    )
    gold, unreadable = doc.gold_body_unreadable()
    assert [gold[a:b] for a, b in unreadable] == ["usedr"]
    stripped = "to be usedr a diversionary operatlon\n"
    corrections = [
        {"start": 6, "end": 11, "original": "usedr", "replacement": "used",
         "decision": "applied", "candidates": [["used", 1.0]]},
        # Stays wrong: a wrong fix of a word that can be read.
        {"start": 27, "end": 36, "original": "operatlon", "replacement": "operator",
         "decision": "applied", "candidates": [["operator", 1.0]]},
    ]  # fmt: skip
    s = score_document(doc, stripped, stripped, corrections)
    assert (s.correction.applied_neutral, s.correction.applied_wrong) == (1, 1)
    assert s.correction.applied_right == 0
    assert s.correction.applied_damaging == 0  # "usedr" was no right word


LONG = (
    "The visit confirmed -- and may even have advanced -- the progress we have made in the last "
    "few months, and the President placed a resolution of the conflict at the top of his agenda."
)


def test_a_body_line_is_found_without_the_furniture_strip_took_out_of_it(tmp_path: Path) -> None:
    # Synthetic, the shape of the seed cable's lines 43-45: a short body line, then a long one
    # ending in banners marked as furniture. With the banners gone, the long line must not slide
    # onto the short one and count it lost.
    doc = read_label_file(
        _write(
            tmp_path,
            "B\tDear (Boris Nikolayevich, Valentin Vadimovich, Jacques):\n\n"
            "B\tI wanted to give you a report on President Aliyev's visit to Washington last "
            "week, particularly as it related to our common effort. ⟪CONFIDENTIAL CONFIDENTIAL⟫\n"
            f"\nB\t{LONG}\n",
        )
    )
    stripped = (
        "Dear (Boris Nikolayevich, Valentin Vadimovich, Jacques):\n\nI wanted to give you a "
        "report on President Aliyev's visit to Washington last week, particularly as it related "
        f"to our common effort.\n\n{LONG}\n"
    )
    # The body line is what is left of it without its furniture.
    assert doc.body_lines()[1].endswith("our common effort.")
    s = score_document(doc, stripped, stripped, [])
    assert (s.body.total, s.body.found) == (3, 3)
    assert (s.furniture.total, s.furniture.found) == (1, 0)
    # The same line with the banners left in is found too; only the banners count as left.
    left = stripped.replace("effort.", "effort. CONFIDENTIAL CONFIDENTIAL")
    s = score_document(doc, left, left, [])
    assert (s.body.found, s.furniture.found) == (3, 1)


def test_judged_proposals_file_reads_and_agrees_with_its_judgements() -> None:
    """bench/labels/proposals-dev.tsv (in-the-wild, dev): every row parses, names a dev
    JFK document (the 176- series, a file of jfk-recent or jfk-2022, or a 2018 file of
    jfk-more), and its
    judgement is what ``verdict`` gives for its right text and candidates."""
    from bench.material import REPO, split_of
    from bench.proposals_dev import read_judgements, verdict

    rows = read_judgements()
    assert len(rows) >= 200
    lines = (REPO / "bench/labels/proposals-dev.tsv").read_text(encoding="utf-8").splitlines()
    for j, line in zip(rows, lines[1:], strict=True):
        assert (REPO / j.source).is_file(), j.source
        name = Path(j.source).name
        if j.source.startswith("bench/furniture/jfk-176/"):
            assert split_of("jfk-176", name) == "dev", j.source
        elif j.source.startswith("bench/furniture/jfk-recent/"):
            assert split_of("jfk-recent", name) == "dev", j.source
        elif j.source.startswith("bench/furniture/jfk-2022/"):
            assert split_of("jfk-2022", name) == "dev", j.source
        else:  # jfk-more: whole 2018 files, dev by release year (bench/splits.json "about")
            assert j.source.startswith("bench/furniture/jfk-more/2018__"), j.source
        cands = line.split("\t")[6].split(" | ")
        assert verdict(j.right, j.original, cands) == j.judgement, line


def test_furniture_left_is_judged_at_its_place(tmp_path: Path) -> None:
    """Synthetic: a banner line and a banner inside a body line; removals (as removed.jsonl
    gives them) take the line and half of the inline one. The words of a left banner found
    elsewhere in the text (OCR noise) would not count: only its own place does."""
    from bench.labelled import furniture_left_in_place
    from pipeline.stages.ingest import read_text_document

    doc = read_label_file(
        _write(
            tmp_path,
            "F\tSECRET\nB\tThe talks resumed in Geneva on Monday. ⟪NOFORN CONTROL⟫\n"
            "B\tSECRET meetings were not held.\n",
        )
    )
    source = tmp_path / "doc.txt"
    source.write_text(doc.ocr_text(), encoding="utf-8")
    pages = read_text_document(source)
    inline = doc.lines[1].ocr.index("NOFORN")
    taken = [
        {"page": 1, "line": 0, "start": 0, "end": 6, "kind": "banner"},
        {"page": 1, "line": 1, "start": inline, "end": inline + 6, "kind": "banner"},
    ]
    count, left = furniture_left_in_place(doc, pages, taken)
    assert (count.total, count.found) == (2, 1) and left == ["NOFORN CONTROL"]
    everything = [
        *taken,
        {"page": 1, "line": 1, "start": inline + 6, "end": inline + 14, "kind": "banner"},
    ]
    count, left = furniture_left_in_place(doc, pages, everything)
    assert (count.total, count.found) == (2, 0) and left == []


def test_breakdown_judges_each_record_of_a_labelled_document(tmp_path: Path) -> None:
    # Synthetic: one applied fix, one right proposal, one on a right word; the breakdown names
    # each outcome and classes the error no record touched.
    from bench.labelled_breakdown import judged_records, report

    doc = read_label_file(_write(tmp_path, "B\t⟦tbe|the⟧ ⟦cablo|cable⟧ from ⟦Tshombe⟧ ⟦tH|WH⟧\n"))
    out = tmp_path / "batch" / doc.name
    out.mkdir(parents=True)
    (out / "stripped.txt").write_text("tbe cablo from Tshombe tH\n", encoding="utf-8")
    (out / "clean.txt").write_text("the cablo from Tshombe tH\n", encoding="utf-8")

    def rec(start: int, original: str, new: str, decision: str) -> str:
        return json.dumps({"page": 1, "line": 0, "start": start, "end": start + len(original),
                           "original": original, "replacement": new, "decision": decision,
                           "candidates": [[new, 0.9]], "reason": f"{original} → {new}: "
                           "English dictionary; proposed, not applied: short word"})  # fmt: skip

    (out / "corrections.jsonl").write_text(
        "\n".join([rec(0, "tbe", "the", "applied"), rec(4, "cablo", "cable", "proposed"),
                   rec(15, "Tshombe", "Tshombo", "proposed")]) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    _, records, untouched = judged_records(doc, out)
    from bench.labelled_breakdown import outcome

    assert [outcome(j) for _, j in records] == ["right", "right", "word-right"]
    assert untouched == [("tH", "WH")]
    text = report([doc], tmp_path / "batch")
    assert "one letter: tH->WH" in text and "applied records not right: 0" in text


def test_correct_eval_finds_the_corpus_where_foia_shared_names_it(tmp_path: Path) -> None:
    # bench.correct_eval looked only beside the checkout, ignoring $FOIA_SHARED (a helper had
    # to symlink the corpus beside its copy): it asks shared_dir, as every bench module does
    (tmp_path / "corpus").mkdir()
    code = "import bench.correct_eval as c; print(c.CORPUS)"
    env = {**os.environ, "FOIA_SHARED": str(tmp_path), "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, check=True, cwd=REPO)  # fmt: skip
    assert done.stdout.strip() == str(tmp_path / "corpus")
