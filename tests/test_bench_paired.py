"""``bench.paired``: ours and plain Tesseract timed side by side page by page. The arithmetic
of the ratios on hand-made records (no timing is asserted), and the switch on real batches:
our pages through the fake engine (``tests/fake_engine.py``), plain ``tesseract page.png -``
for real on small synthetic pages (``tests.conftest.render_lines``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.paired import (
    PairedPage,
    cpu_line,
    paired_page,
    pairing,
    quartiles,
    read_records,
    summarise,
)
from pipeline.core.config import OcrSettings, RunConfig
from pipeline.core.enums import DocKind
from pipeline.core.records import PageRef
from pipeline.stages import ocr

FAKE = OcrSettings(engine="fake")


def _page(doc: str, page: int, ours: float, plain: float, error: str | None = None) -> PairedPage:
    return PairedPage(doc, page, "plain", ours, plain, ours, plain, "text", error)


def test_quartiles_interpolate_between_the_ordered_values() -> None:
    assert quartiles([4.0, 1.0, 3.0, 2.0]) == (1.75, 2.5, 3.25)
    assert quartiles([1.0, 9.0]) == (3.0, 5.0, 7.0)
    assert quartiles([0.8]) == (0.8, 0.8, 0.8)


def test_the_median_ratio_is_page_by_page_and_the_ratio_of_totals_is_of_sums() -> None:
    # One slow page of ours (10 s against 2) moves the ratio of totals, not the median.
    pages = [_page("a", 1, 1.0, 2.0), _page("a", 2, 2.0, 2.0), _page("b", 1, 10.0, 2.0)]
    got = summarise(pages, start_up=0.0, all_pages=3)
    assert got["cpu_pages"] == 3
    assert got["cpu_ratio_median"] == 1.0
    assert (got["cpu_ratio_q1"], got["cpu_ratio_q3"]) == (0.75, 3.0)
    assert got["cpu_ratio_of_totals"] == 13.0 / 6.0
    assert got["cpu_ours_s_per_page"] == 13.0 / 3
    assert got["cpu_plain_s_per_page"] == 2.0


def test_the_start_up_is_shared_out_by_pages_and_counted_only_with_start_up() -> None:
    pages = [_page("a", 1, 1.0, 1.0), _page("a", 2, 1.0, 1.0)]
    # A batch of 4 pages whose start-up took 2 s: these 2 pages carry 1 s of it.
    got = summarise(pages, start_up=2.0, all_pages=4)
    assert got["cpu_start_up_s_per_page"] == 0.5
    assert got["cpu_ratio_of_totals"] == 1.0
    assert got["cpu_ratio_median"] == 1.0
    assert got["cpu_ratio_with_start_up"] == 1.5


def test_the_median_ratio_is_also_given_by_which_system_went_first() -> None:
    pages = [_page("a", 1, 1.0, 2.0), _page("a", 2, 3.0, 2.0), _page("a", 3, 4.0, 2.0)]
    pages[2] = PairedPage("a", 3, "ours", 4.0, 2.0, 4.0, 2.0, "text")
    got = summarise(pages, 0.0, 3)
    assert got["cpu_ratio_median_plain_first"] == 1.0
    assert got["cpu_ratio_median_ours_first"] == 2.0
    assert "cpu_ratio_median_ours_first" not in summarise(pages[:2], 0.0, 2)


def test_a_page_plain_failed_on_is_left_out_and_none_left_gives_nothing() -> None:
    pages = [_page("a", 1, 1.0, 1.0), _page("a", 2, 5.0, 0.0, error="tesseract failed")]
    assert summarise(pages, 0.0, 2)["cpu_pages"] == 1
    assert summarise(pages[1:], 0.0, 1) == {}
    assert cpu_line({}, "this table's") == ""


def test_the_table_line_names_pages_ratios_and_spread() -> None:
    pages = [_page("a", 1, 1.0, 2.0), _page("a", 2, 3.0, 2.0)]
    line = cpu_line(summarise(pages, 0.4, 2), "this table's")
    assert line == (
        "cpu:     this table's 2 pages, each read by both side by side: ours 2.000 CPU-s/page "
        "(+ start-up 0.200), plain 2.000; ours/plain per page median x1.00 (95 % interval "
        "x0.50-x1.50: x1.0 not decided; quartiles x0.75-x1.25), of totals x1.00, with start-up "
        "x1.10"
    )


def test_a_paired_page_gives_run_pages_outcome_and_records_both_readings(
    tmp_path: Path, make_image, fake_ocr: dict[str, str]
) -> None:
    images = [make_image(f"memo/{i:04d}.png", [f"LINE {i} OF THE MEMO"]) for i in (1, 2)]
    for image in images:
        fake_ocr[image.name] = "ours read this"
    refs = [PageRef("memo", i + 1, p, DocKind.IMAGE, 0) for i, p in enumerate(images)]
    plain = {("memo", i + 1): str(p) for i, p in enumerate(images)}
    with pairing(plain, tmp_path / "records"):
        got = [paired_page(ref, FAKE) for ref in refs]
    assert ocr.run_page is not paired_page  # switched back after the block
    want = [ocr.run_page(ref, FAKE) for ref in refs]
    assert [g.page.text for g in got] == [w.page.text for w in want]
    records = read_records(tmp_path / "records")
    assert [(r.doc, r.page, r.first) for r in records] == [
        ("memo", 1, "plain"),
        ("memo", 2, "ours"),
    ]
    for i, r in enumerate(records, 1):
        assert f"LINE {i}" in r.plain_text and r.plain_error is None
        assert r.plain_cpu > 0 and r.ours_cpu > 0


def test_the_batchs_forked_workers_read_every_page_side_by_side(
    tmp_path: Path, make_image, fake_ocr: dict[str, str]
) -> None:
    from pipeline.runner import run_batch

    scans = tmp_path / "in"
    plain = {}
    for name in ("a", "b", "c"):
        image = make_image(f"in/{name}.png", [f"PAGE {name.upper()} TEXT"])
        fake_ocr[image.name] = f"page {name}"
        plain[(name, 1)] = str(image)
    with pairing(plain, tmp_path / "records"):
        report = run_batch([scans], RunConfig(out_dir=tmp_path / "out", ocr=FAKE, jobs=2))
    assert [d.status for d in report.documents] == ["done"] * 3
    records = read_records(tmp_path / "records")
    assert [(r.doc, r.page) for r in records] == [("a", 1), ("b", 1), ("c", 1)]
    assert all(r.plain_error is None and r.plain_text.strip() for r in records)


def test_a_page_without_a_plain_image_is_recorded_as_plain_failed(
    tmp_path: Path, make_image, fake_ocr: dict[str, str]
) -> None:
    image = make_image("x/0001.png", ["A LINE"])
    fake_ocr[image.name] = "a line"
    with pairing({}, tmp_path / "records"):
        got = paired_page(PageRef("x", 1, image, DocKind.IMAGE, 0), FAKE)
    assert got.page is not None
    (record,) = read_records(tmp_path / "records")
    assert record.plain_error and record.plain_text == ""
    assert summarise([record], 0.0, 1) == {}


if __name__ == "__main__":
    pytest.main([__file__])
