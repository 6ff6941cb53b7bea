"""The outlined-box search looks for the long strokes' holes only where an ink shape is as
large as a box (``redaction_outlines._holes``); it must find what the search of the whole
page finds. The whole-page search (the branch's first version, kept here as the definition)
is checked against it on synthetic pages made to be hard for the shortcut: boxes in boxes
that share a side, boxes cut by the page's edge, boxes turned up to 3 degrees, codes and
letters touching the sides, at DPIs whose stroke kernel is odd (300) and even (150, 200:
the opening moves ink a pixel)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from pipeline.core.records import BBox
from pipeline.stages import redaction_outlines as ro


def _whole_page(
    ink: np.ndarray, dpi: int, *, min_size: tuple[int, int], side_inked: float, empty: float
) -> list[BBox]:
    """``ro.outlined`` as first written: the strokes and their holes over the whole page."""
    min_w, min_h = min_size
    out: list[BBox] = []
    contours, _ = cv2.findContours(ink, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        box = BBox(int(x), int(y), int(w), int(h))
        if w >= min_w and h >= min_h and ro._outline(ink, box, dpi, side_inked, empty):
            out.append(box)
    run = max(3, round(ro.STROKE_IN * dpi))
    flat = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (run, 1))
    )
    upright = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, run))
    )
    strokes = cv2.bitwise_or(flat, upright)
    contours, tree = cv2.findContours(strokes, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    t = max(2, round(0.02 * dpi))
    for c, (_, _, _, parent) in zip(contours, tree[0] if tree is not None else (), strict=False):
        if parent < 0:
            continue
        x, y, w, h = cv2.boundingRect(c)
        if w + 2 < min_w or h + 2 < min_h:
            continue
        (_, _), (rw, rh), angle = cv2.minAreaRect(c)
        turned = min(abs(angle) % 90, 90 - abs(angle) % 90)
        if turned > ro.MAX_TURN or cv2.contourArea(c) < ro.HOLE_FILL * rw * rh:
            continue
        inside = ink[y + t : y + h - t, x + t : x + w - t]
        if inside.size and float(inside.mean()) > empty:
            continue
        box = ro._sides_out(strokes, BBox(int(x), int(y), int(w), int(h)), t)
        if not any(ro._same(box, b) for b in out):
            out.append(box)
    return sorted(out, key=lambda b: (b.top, b.left))


def _page(seed: int) -> np.ndarray:
    """A synthetic page's ink: a few boxes (some turned, some past the edge, some inside
    others), some with text run into them."""
    rng = np.random.default_rng(seed)
    h, w = int(rng.integers(200, 600)), int(rng.integers(200, 600))
    img = np.full((h, w), 255, np.uint8)
    for _ in range(int(rng.integers(1, 8))):
        x, y = int(rng.integers(-20, w)), int(rng.integers(-20, h))
        bw, bh = int(rng.integers(10, 300)), int(rng.integers(8, 150))
        side = int(rng.integers(1, 4))
        if rng.random() < 0.3:
            rect = ((x + bw / 2, y + bh / 2), (bw, bh), float(rng.uniform(-3, 3)))
            cv2.polylines(img, [cv2.boxPoints(rect).astype(np.int32)], True, 0, side)
        else:
            cv2.rectangle(img, (x, y), (x + bw, y + bh), 0, side)
        if rng.random() < 0.5:
            size, weight = float(rng.uniform(0.3, 1.2)), int(rng.integers(1, 3))
            cv2.putText(img, "ab(b)(6)", (x + 5, y + bh // 2), 0, size, 0, weight)
    return (img < 170).astype(np.uint8)


@pytest.mark.parametrize("dpi", [150, 200, 300])
def test_the_search_in_places_finds_what_the_whole_page_search_finds(dpi):
    size = (max(4, round(0.15 * dpi)), max(3, round(0.08 * dpi)))
    found = 0
    for seed in range(40):
        ink = _page(seed)
        want = _whole_page(ink, dpi, min_size=size, side_inked=0.85, empty=0.3)
        assert ro.outlined(ink, dpi, min_size=size, side_inked=0.85, empty=0.3) == want, seed
        found += len(want)
    assert found > 20  # the pages have boxes to find


@pytest.mark.parametrize("dpi", [150, 300])
def test_a_box_in_a_box_sharing_its_side_is_found_as_by_the_whole_page_search(dpi):
    img = np.full((400, 500), 255, np.uint8)
    cv2.rectangle(img, (40, 60), (440, 300), 0, 2)  # the outer box
    cv2.rectangle(img, (300, 60), (380, 150), 0, 2)  # inside it, on its top side
    cv2.rectangle(img, (60, 200), (200, 280), 0, 2)  # inside it, apart
    ink = (img < 170).astype(np.uint8)
    size = (max(4, round(0.15 * dpi)), max(3, round(0.08 * dpi)))
    want = _whole_page(ink, dpi, min_size=size, side_inked=0.85, empty=0.3)
    assert want  # the case is one the search answers
    assert ro.outlined(ink, dpi, min_size=size, side_inked=0.85, empty=0.3) == want
