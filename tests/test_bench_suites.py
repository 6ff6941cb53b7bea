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


def test_class_settings_keep_dev_and_test_apart() -> None:
    from bench import classes

    assert not set(classes.DEV.faces) & set(classes.TEST.faces)
    assert classes.DEV.stamp_face != classes.TEST.stamp_face
    assert {s for s, _ in classes.DEV.stamps}.isdisjoint(s for s, _ in classes.TEST.stamps)


def test_every_class_is_made_the_way_such_a_file_arrives(tmp_path, face: str) -> None:
    # One short line, each class written and loaded as the pipeline loads it (no OCR).
    import pikepdf

    from bench import classes
    from pipeline.core.enums import DocKind
    from pipeline.core.records import PageRef
    from pipeline.stages.pageimage import load_page_image

    settings = classes.TEST
    plain = sweep.render_cell("ONE LINE", sweep.Cell(face, degradation=settings.degradation), 1)
    plain = plain.crop((0, 0, 900, plain.height))  # small: the classes work on any page
    for cls in ("plain", *(c for c in classes.VARIANTS if c not in ("oversize", "photo"))):
        variant = classes.VARIANTS[cls]
        variant.make(plain, settings, 1, tmp_path / f"{cls}__t{variant.suffix}")
    expect = {
        "rot90": None,
        "exif": "exif-orientation(8)",
        "fax-98": "square-dpi(204x98 -> 204)",
        "fax-196": "square-dpi(204x196 -> 204)",
        "alpha": "alpha-on-white",
        "grey16": "scale-12-bit",
        "inverted": "invert(",
        "colour": "grey(darkest channel",
        "userunit": "user-unit(3)",
    }
    plain = load_page_image(PageRef("p", 1, tmp_path / "plain__t.png", DocKind.IMAGE), dpi=300)
    for cls, step in expect.items():
        path = next(tmp_path.glob(f"{cls}__t.*"))
        kind = {".pdf": DocKind.PDF, ".tif": DocKind.TIFF}.get(path.suffix, DocKind.IMAGE)
        loaded = load_page_image(PageRef(cls, 1, path, kind), dpi=300)
        if step is not None:
            assert any(s.startswith(step) for s in loaded.steps), (cls, loaded.steps)
        if cls not in ("colour", "fax-98", "fax-196"):  # colour has stamp lines; faxes 204 DPI
            turned = loaded.image.size[::-1] if cls == "rot90" else loaded.image.size
            assert turned == plain.image.size, cls
    with pikepdf.open(tmp_path / "userunit__t.pdf") as pdf:
        assert float(pdf.pages[0].obj.UserUnit) == 3.0


def test_an_unknown_sweep_level_is_refused_before_any_page_is_rendered(
    tmp_path: sweep.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        sweep.main(
            ["--split", "dev", "--levels", "FreeMono -1.5,no such cell", "--out", str(tmp_path)]
        )
    assert exit_.value.code == 2
    assert "no such cell" in capsys.readouterr().err
    assert not (tmp_path / "sweep-dev").exists()
