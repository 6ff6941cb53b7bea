"""``bench.ocr_tiers readings``' CPU line: easy pages and the hard search's apart, with plain
Tesseract's ratio per group only where every page of the group was timed plain (synthetic
page results)."""

from __future__ import annotations

from bench.ocr_tiers import _cpu_line


def test_cpu_line_splits_easy_and_hard_pages() -> None:
    got = [
        {"page": "a", "readings": 1, "cpu": 2.0, "plain_cpu": 2.0},
        {"page": "b", "readings": 1, "cpu": 1.0, "plain_cpu": 2.0},
        {"page": "c", "readings": 6, "cpu": 9.0, "plain_cpu": 1.0},
    ]
    assert _cpu_line(got) == (
        "CPU: all (3): 4.00 CPU-s/page, plain 1.67: x2.40; "
        "easy (2): 1.50 CPU-s/page, plain 2.00: x0.75; "
        "hard search (1): 9.00 CPU-s/page, plain 1.00: x9.00"
    )


def test_cpu_line_without_plain_gives_no_ratio() -> None:
    got = [{"page": "a", "readings": 1, "cpu": 2.0, "plain_cpu": None}]
    got.append({"page": "x", "readings": 0, "error": "unreadable", "cer": 1.0})
    assert _cpu_line(got) == "CPU: all (1): 2.00 CPU-s/page; easy (1): 2.00 CPU-s/page"
