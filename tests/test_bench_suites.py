"""The benchmark's sweep and robustness suites without OCR: the grid keeps dev and test apart,
cells render what they say (synthetic images), and the committed real scans name their source."""

from __future__ import annotations

import numpy as np
import pytest

from bench import robustness, sweep
from bench.synth import Degradation


def test_dev_and_test_grids_share_no_face_and_no_setting() -> None:
    def settings(grid: sweep.Grid) -> set[tuple[str, str]]:
        return {(factor, label) for factor, cells in grid.items() for label, _ in cells}

    def faces(grid: sweep.Grid) -> set[str]:
        return {c.face for cells in grid.values() for _, c in cells}

    assert not settings(sweep.TEST_GRID) & settings(sweep.DEV_GRID)
    assert not faces(sweep.TEST_GRID) & faces(sweep.DEV_GRID)
    for grid in (sweep.TEST_GRID, sweep.DEV_GRID):
        assert set(grid) == {
            "typeface", "contrast", "grain", "blur", "speckle", "skew", "resolution", "jpeg",
        }  # fmt: skip
    assert any(c.dpi == (204, 98) for _, c in sweep.TEST_GRID["resolution"])


def test_excerpt_keeps_lines_and_stops_at_the_word_count() -> None:
    text = "TO: Secretary\n\nFirst paragraph has five words.\nSecond one here."
    assert sweep.excerpt(text, 6) == "TO: Secretary\nFirst paragraph has five"


@pytest.fixture
def face() -> str:
    cell = sweep.TEST_GRID["typeface"][2][1]
    if not (sweep.Path(sweep._FONTS) / cell.face).is_file():
        pytest.skip("Nimbus Mono PS not installed (make font-deps)")
    return cell.face


def test_a_fax_cell_has_half_the_lines_and_says_so(face: str) -> None:
    square = sweep.render_cell("ONE LINE", sweep.Cell(face, dpi=(204, 204)), seed=1)
    fax = sweep.render_cell("ONE LINE", sweep.Cell(face, dpi=(204, 98)), seed=1)
    assert fax.info["dpi"] == (204, 98)
    assert fax.width == square.width
    assert abs(fax.height - square.height * 98 / 204) <= 1


def test_thin_and_bold_cells_have_less_and_more_ink(face: str) -> None:
    def ink(weight: int) -> int:
        image = sweep.render_cell("WEIGHT", sweep.Cell(face, weight=weight), seed=1)
        return int((np.asarray(image) < 128).sum())

    assert ink(-2) < ink(-1) < ink(0) < ink(1)
    noisy = sweep.render_cell(
        "WEIGHT", sweep.Cell(face, degradation=Degradation(noise_sigma=30)), 1
    )
    assert np.asarray(noisy).std() > 0


def test_every_robustness_file_is_in_its_readme_with_a_licence() -> None:
    readme = (robustness.SUITE / "README.md").read_text(encoding="utf-8")
    files = robustness.suite_files()
    assert {"invalid.pdf", "typewriter.png", "ccitt.pdf"} <= {f.name for f in files}
    for f in [*files, robustness.SUITE / "linn.txt"]:
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{f.name}`"))
        assert "CC-BY-SA" in row or "public domain" in row
    for name in robustness.LINN:
        assert (robustness.SUITE / f"{name}.pdf").is_file()


def test_the_tiers_never_render_in_the_sweeps_held_out_courier() -> None:
    from bench.run import FULL, doc_plans

    assert "nimbus-mono" not in {p.font for p in doc_plans(FULL)}
    assert all("Nimbus" in c.face or "LiberationMono-Bold" in c.face
               for _, c in sweep.TEST_GRID["typeface"])  # fmt: skip
