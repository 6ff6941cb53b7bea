"""The Tesseract module and the OCR stage, on real (small) images with the real program."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image
from rapidfuzz import fuzz

from pipeline.core.config import OcrSettings
from pipeline.core.errors import DocumentError, MissingDependencyError, OcrError
from pipeline.engines import tesseract, tesseract_rows
from pipeline.stages import ingest
from pipeline.stages.ocr import ocr_page
from tests.conftest import SAMPLE_LINES, render_lines


def test_check_finds_tesseract_5_with_english() -> None:
    info = tesseract.check("eng")
    assert int(info.version.split(".")[0]) >= 5
    assert info.languages == ("eng",)
    assert len(info.language_hashes["eng"]) == 64
    assert "/" not in str(info.to_dict())  # no machine paths in outputs


def test_check_names_missing_language_and_how_to_install() -> None:
    with pytest.raises(MissingDependencyError, match=r"zzz.*tesseract-ocr-zzz"):
        tesseract.check("eng+zzz")


def test_check_without_tesseract_gives_install_advice(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(MissingDependencyError, match="apt-get install tesseract-ocr"):
        tesseract.check("eng")


def test_words_have_text_confidence_and_boxes() -> None:
    img = render_lines(SAMPLE_LINES, dpi=200)
    lines = tesseract.ocr_words(img, dpi=200)
    text_lines = [ln for ln in lines if not ln.is_blank]
    assert len(text_lines) == 3
    for got, want in zip(text_lines, SAMPLE_LINES, strict=True):
        assert fuzz.ratio(got.text, want) > 90
    for word in text_lines[0].words:
        assert word.conf is not None and 0 <= word.conf <= 100
        assert word.bbox is not None and word.bbox.right <= img.width
    # Lines run down the page.
    tops = [ln.bbox.top for ln in text_lines]
    assert tops == sorted(tops)


def test_blank_page_is_empty_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "blank.png"
    Image.new("L", (600, 400), 255).save(path, dpi=(200, 200))
    ref = ingest.page_refs(ingest.discover([path])[0][0])[0]
    page = ocr_page(ref, OcrSettings())
    assert page.lines == ()
    assert page.warnings == ("no text found on this page",)


def _drawing(path: Path, mode: str) -> Path:
    """Synthetic: a drawing (a ring and a triangle, no letters) on a small page."""
    from PIL import ImageDraw

    img = Image.new("L", (600, 600), 255)
    d = ImageDraw.Draw(img)
    d.ellipse((150, 120, 450, 420), fill=0)
    d.ellipse((220, 190, 380, 350), fill=255)
    d.polygon([(100, 560), (300, 440), (500, 560)], fill=0)
    img.convert(mode).save(path, dpi=(100, 100))
    return path


@pytest.mark.parametrize("mode", ["1", "L"])
def test_a_drawing_read_as_no_text_is_flagged_at_any_depth(tmp_path: Path, mode: str) -> None:
    # In the wild (session 30): OCRmyPDF's lichtenstein.pdf p1 was flagged for manual
    # transcription (read as six garbage words), the same picture as a 1-bit TIFF read as
    # nothing and counted done, no text and no flag. One rule: ink over the page's inner part
    # and no text read is a picture for a person; a blank page stays blank (the test above).
    ref = ingest.page_refs(ingest.discover([_drawing(tmp_path / "d.tif", mode)])[0][0])[0]
    page = ocr_page(ref, OcrSettings())
    assert page.status.value == "manual"
    assert "dark ink: a photo or drawing" in page.warnings[0]


def test_timeout_is_a_typed_error() -> None:
    img = render_lines(SAMPLE_LINES * 4, dpi=300)
    with pytest.raises(OcrError, match="timed out"):
        tesseract.ocr_words(img, timeout=0.01)


def test_crashing_tesseract_is_a_typed_error(monkeypatch, tmp_path: Path) -> None:
    fake = tmp_path / "tesseract"
    fake.write_text("#!/bin/sh\nkill -SEGV $$\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(OcrError, match="tesseract failed"):
        tesseract.recognize_cli(render_lines(["x"], dpi=100))


def test_ocr_page_records_page_geometry_and_steps(tmp_path: Path) -> None:
    path = tmp_path / "p.png"
    render_lines(SAMPLE_LINES, dpi=200).save(path, dpi=(200, 200))
    ref = ingest.page_refs(ingest.discover([path])[0][0])[0]
    page = ocr_page(ref, OcrSettings())
    assert page.dpi == 200 and page.width and page.height
    assert page.preprocessing[0] == "grayscale"
    assert any(s.startswith("measured(") for s in page.preprocessing)
    assert fuzz.ratio(page.text.replace("\n\n", "\n").strip(), "\n".join(SAMPLE_LINES)) > 90


def test_ocr_page_names_file_on_corrupt_page(tmp_path: Path) -> None:
    path = tmp_path / "p.png"
    render_lines(SAMPLE_LINES, dpi=100).save(path)
    ref = ingest.page_refs(ingest.discover([path])[0][0])[0]
    path.write_bytes(path.read_bytes()[:200])  # truncated after discovery
    with pytest.raises(DocumentError, match=r"p\.png"):
        ocr_page(ref, OcrSettings())


def test_tesseract_runs_one_thread_and_its_stderr_becomes_page_warnings(
    monkeypatch, tmp_path: Path
) -> None:
    # Pages run in parallel processes: each Tesseract must use one thread (OMP_THREAD_LIMIT=1),
    # whatever the parent's environment says; what it prints on stderr is kept per page.
    seen = tmp_path / "omp"
    fake = tmp_path / "tesseract"
    fake.write_text(
        f'#!/bin/sh\ncat >/dev/null\necho "$OMP_THREAD_LIMIT" > {seen}\n'
        'printf "level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\t'
        'top\\twidth\\theight\\tconf\\ttext\\n"\n'
        'echo "Warning: Invalid resolution 0 dpi. Using 70 instead." >&2\n'
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("OMP_THREAD_LIMIT", "8")
    found = tesseract.recognize_cli(render_lines(["x"], dpi=100))
    assert seen.read_text().strip() == "1"
    assert found.lines == ()
    assert found.warnings == ("tesseract: Warning: Invalid resolution 0 dpi. Using 70 instead.",)


def test_the_api_and_the_program_read_a_page_alike() -> None:
    # tesserocr (one Tesseract per worker) is only used on the program's own libtesseract, so
    # the two ways in must give the same words, boxes and confidences.
    pytest.importorskip("tesserocr")
    if tesseract.interface() == "cli":
        pytest.skip("tesserocr is on another libtesseract version than the program")
    img = render_lines(SAMPLE_LINES, dpi=200)
    assert (
        tesseract.recognize_api(img, dpi=200).lines == tesseract.recognize_cli(img, dpi=200).lines
    )


def test_the_api_iterator_gives_the_tsv_tables_words_blocks_paragraphs_and_lines() -> None:
    # Synthetic: an indented second paragraph and a note beside it (a second block). The API
    # path reads words from the result iterator (cheaper than GetTSVText); on one recognised
    # page both must give the same words, boxes, confidences and numbering.
    _needs_api()
    text = render_lines(
        [
            "     The visit confirmed the progress we have",
            "made in the last few months on the talks and",
            "the ministers agreed to meet again soon.",
            "     The second paragraph starts here with an",
            "indent and runs on for a second line of text",
        ],
        dpi=150,
        width_in=5.5,
    )
    note = render_lines(["MARGIN", "NOTE"], dpi=150, width_in=1.5)
    page = Image.new("L", (text.width + note.width + 150, text.height), 255)
    page.paste(text, (0, 0))
    page.paste(note, (text.width + 150, 0))
    api = tesseract._api("eng", 3)
    api.SetImageBytes(page.tobytes(), page.width, page.height, 1, page.width)
    api.SetSourceResolution(150)
    try:
        assert api.Recognize(0)
        from_iterator = tesseract_rows.lines_from_rows(tesseract_rows.api_rows(api))
        from_table = tesseract_rows.lines_from_tsv(api.GetTSVText(0))
    finally:
        api.Clear()
    assert from_iterator == from_table
    read = [ln for ln in from_iterator if ln.words]
    assert len({ln.block for ln in read}) >= 2
    assert len({(ln.block, ln.par) for ln in read}) >= 3  # two paragraphs in one block
    assert any(ln.line >= 2 for ln in read)
    assert all(w.conf is not None and w.bbox is not None for ln in read for w in ln.words)


# Synthetic, from tests/data: a 40x10 grey crop of large type cut off at the image's edges
# (found among random crops of rendered words): reading it makes Leptonica complain.
EDGE_CROP = Path(__file__).parent / "data" / "tesseract_box_outside.png"


def _run_script(script: str, tmp_path: Path, *, timeout: float) -> subprocess.CompletedProcess:
    """Run ``script`` in a fresh Python from the repository (``tmp_path`` its one argument);
    fail the test with its stderr's tail unless it exits 0."""
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def _needs_api() -> None:
    pytest.importorskip("tesserocr")
    if tesseract.interface() == "cli":
        pytest.skip("tesserocr is on another libtesseract version than the program")


def test_leptonica_messages_on_the_api_path_are_page_warnings_not_stderr(capfd) -> None:
    _needs_api()
    with Image.open(EDGE_CROP) as img:
        img.load()
    found = tesseract.recognize_api(img, dpi=300)
    assert "tesseract: Error in boxClipToRectangle: box outside rectangle" in found.warnings
    assert found.warnings == tesseract.recognize_cli(img, dpi=300).warnings  # as the program
    tesseract.orientation(img)  # OSD's own messages go to the log, not the terminal
    assert capfd.readouterr().err == ""


def test_threads_reading_pages_through_the_api_each_keep_their_own_warnings(capfd) -> None:
    from concurrent.futures import ThreadPoolExecutor

    _needs_api()
    with Image.open(EDGE_CROP) as img:
        img.load()
    clean = render_lines(["The talks resumed in Geneva."], dpi=200)
    pages = [img, clean] * 3
    with ThreadPoolExecutor(3) as pool:
        found = list(pool.map(lambda im: tesseract.recognize_api(im, dpi=300), pages))
    for page, result in zip(pages, found, strict=True):
        has = any("boxClipToRectangle" in w for w in result.warnings)
        assert has == (page is img), result.warnings
    assert capfd.readouterr().err == ""


def test_stderr_is_given_back_when_a_captured_block_fails(capfd) -> None:
    with pytest.raises(RuntimeError), tesseract.captured_stderr() as said:
        os.write(2, b"Error in pixFoo: bad\n")
        raise RuntimeError("boom")
    assert said.text == "Error in pixFoo: bad\n"
    os.write(2, b"after\n")
    assert capfd.readouterr().err == "after\n"


@pytest.mark.parametrize("way", ["api", "cli"])
def test_orientation_detection_says_how_to_turn_the_page(monkeypatch, way: str) -> None:
    if way == "api":
        pytest.importorskip("tesserocr")
    else:
        monkeypatch.setenv("FOIA_CLEAN_TESSERACT", "cli")
    upside_down = render_lines(SAMPLE_LINES * 2, dpi=200).rotate(180)
    found = tesseract.orientation(upside_down)
    assert found is not None and found.rotate == 180 and found.confidence > 1
    assert tesseract.orientation(Image.new("L", (400, 300), 255)) is None  # nothing to read


def test_a_pool_forked_after_opencv_threads_ran_does_not_hang(tmp_path: Path) -> None:
    # Synthetic. A process that has run OpenCV's thread pool (a library user, the benchmark)
    # forks the OCR workers: a worker that reconfigured OpenCV's threads itself hung for ever.
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        import cv2, numpy as np
        from PIL import Image
        img = np.random.default_rng(0).integers(0, 255, (1500, 1500), dtype=np.uint8)
        for _ in range(3):
            cv2.GaussianBlur(img, (0, 0), 5)
        from pipeline.core.config import RunConfig
        from pipeline.runner import run_batch
        d = Path(sys.argv[1]); (d / "scans").mkdir()
        for i in range(3):
            Image.new("L", (300, 200), 255 - i).save(d / "scans" / f"p{i}.png")
        report = run_batch([d / "scans"], RunConfig(out_dir=d / "out", jobs=2))
        print(len(report.failed))
        """
    )
    done = _run_script(script, tmp_path, timeout=120)
    assert done.stdout.strip() == "0"


def test_workers_forked_after_the_model_was_loaded_read_as_one_process_does(
    tmp_path: Path,
) -> None:
    # Synthetic pages of typed lines. The main process loads Tesseract's model before the
    # workers are forked (they share it): a fork after the load must neither hang (the
    # timeout) nor read differently from a run without workers.
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from pipeline.core.config import RunConfig
        from pipeline.engines import tesseract
        from pipeline.runner import run_batch
        from tests.conftest import SAMPLE_LINES, render_lines
        d = Path(sys.argv[1]); (d / "scans").mkdir()
        for i in range(3):
            render_lines(SAMPLE_LINES[i:] + SAMPLE_LINES[:i], dpi=200).save(
                d / "scans" / f"p{i}.png", dpi=(200, 200))
        pool = run_batch([d / "scans"], RunConfig(out_dir=d / "pool", jobs=2))
        loaded = any(k.startswith("api:") for k in tesseract._API_STATE)
        one = run_batch([d / "scans"], RunConfig(out_dir=d / "one", jobs=1))
        texts = [sorted(p.read_text() for p in (d / o).glob("*/raw.txt")) for o in ("pool", "one")]
        print(len(pool.failed), len(one.failed), loaded, texts[0] == texts[1], len(texts[0]))
        """
    )
    done = _run_script(script, tmp_path, timeout=180)
    api = tesseract.interface() != "cli"
    assert done.stdout.split() == ["0", "0", str(api), "True", "3"]


def test_warming_up_without_the_api_loads_nothing(monkeypatch) -> None:
    monkeypatch.setenv("FOIA_CLEAN_TESSERACT", "cli")
    assert tesseract.warm_up("eng", 3) is False
