"""Heavy speckle is removed after thresholding; a clean or lightly speckled page pays nothing.

Fixtures are synthetic: three typewriter lines (``render_lines``) on greyish paper with
salt-and-pepper noise at a share of the pixels, the way ``bench.synth`` speckles a copy. The
checks are on the prepared image and the steps it records (no OCR: which specks Tesseract takes
for full stops is measured by the dev sweep, ``python -m bench.sweep --split dev``).
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image

from pipeline.core.enums import Treatment
from pipeline.stages.imaging import SPECKS_HEAVY, _speck_area, preprocess
from tests.conftest import render_lines

LINES = [
    "who will attend the meeting with the Minister of Court and",
    "the Shah transmitted a letter which appointed the Iranian rep",
    "provided for in para IV of the Memo of Understanding signed.",
]


def _speckled(share: float, seed: int = 5) -> Image.Image:
    """The lines, ink 30 on paper 235, with ``share`` of the pixels turned black or white."""
    a = np.asarray(render_lines(LINES, dpi=300)).astype(np.float32)
    a = 235 - (255 - a) * (205 / 255)
    hits = np.random.default_rng(seed).random(a.shape)
    a[hits < share / 2] = 30
    a[(hits >= share / 2) & (hits < share)] = 255
    return Image.fromarray(a.clip(0, 255).astype(np.uint8))


def _specks(binary: np.ndarray) -> int:
    """Dark components no larger than a speck (``_speck_area``) in a 0/255 page."""
    _, _, stats, _ = cv2.connectedComponentsWithStats(255 - binary, connectivity=8)
    return int((stats[1:, cv2.CC_STAT_AREA] <= _speck_area(300)).sum())


@pytest.mark.parametrize("share", [0.12, 0.18])
def test_a_heavily_speckled_page_loses_its_specks(share: float) -> None:
    done = preprocess(_speckled(share), dpi=300, treatment=Treatment.AUTO)
    assert done.stats.speckle > SPECKS_HEAVY
    assert "binarise(otsu)" in done.steps
    assert done.steps[-1] == f"despeckle(<= {_speck_area(300)}px)"  # recorded, with its size
    out = np.asarray(done.image)
    assert _specks(out) == 0
    # The full stop ending the last line is larger than a speck and stays.
    ink = np.asarray(render_lines(LINES, dpi=300)) < 128
    assert (out[ink] == 0).mean() > 0.8


@pytest.mark.parametrize("share", [0.0, 0.02])
def test_a_clean_or_lightly_speckled_page_is_not_despeckled(share: float) -> None:
    done = preprocess(_speckled(share), dpi=300, treatment=Treatment.AUTO)
    assert done.stats.speckle <= SPECKS_HEAVY
    assert not any(s.startswith("despeckle") for s in done.steps)
