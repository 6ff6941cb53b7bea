"""One Tesseract API a language in a process, its page segmentation mode set per call
(``engines.tesseract._api``): a crop read in mode 6 or 7 (the codes beside a redaction box
read again, ``stages.redaction_rereads``) after a page in mode 3 reads word for word as an API
made for that mode alone reads it, and no second model is loaded (issue 13: ~0.09 CPU-s and
~15 MB a worker each). Real Tesseract on a small synthetic image (``render_lines``)."""

from __future__ import annotations

import pytest
from PIL import Image

from pipeline.core.records import Line
from pipeline.engines import tesseract
from pipeline.engines.tesseract_rows import api_rows, lines_from_rows
from tests.conftest import render_lines

pytestmark = pytest.mark.skipif(
    tesseract.interface() == "cli", reason="tesserocr (Tesseract's API) is not available here"
)


def _fresh(image: Image.Image, psm: int) -> tuple[Line, ...]:
    """The lines an API made for ``psm`` alone reads in ``image`` (200 DPI)."""
    import tesserocr

    with tesserocr.PyTessBaseAPI(lang="eng", psm=psm, oem=tesserocr.OEM.LSTM_ONLY) as api:
        api.SetImageBytes(image.tobytes(), image.width, image.height, 1, image.width)
        api.SetSourceResolution(200)
        api.Recognize(0)
        return lines_from_rows(api_rows(api))


def test_modes_share_one_api_and_read_as_their_own() -> None:
    page = render_lines(["REF: STATE 123456", "SUBJECT: MEETING WITH THE MINISTER"], dpi=200)
    line = render_lines(["(b)(1) (b)(6)"], dpi=200, width_in=2.0)
    got = {
        (psm, name): tesseract.ocr_words(image, psm=psm, dpi=200)
        for psm, name, image in ((3, "page", page), (6, "page", page), (7, "line", line))
    }
    again = tesseract.ocr_words(page, psm=3, dpi=200)
    assert [k for k in tesseract._API_STATE if k.startswith("api:eng")] == ["api:eng"]
    assert again == got[3, "page"]  # mode 3 again after 6 and 7: as before
    assert got[6, "page"] == _fresh(page, 6)
    assert got[7, "line"] == _fresh(line, 7)
    assert "MINISTER" in " ".join(ln.text for ln in got[6, "page"])
