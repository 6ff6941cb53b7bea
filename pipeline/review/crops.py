"""Crops of a word from its page scan, so a reviewer sees what the paper says.

Found from ``metadata.json`` and ``pages/NNNN.json`` of the output folder: the source file (by
its recorded path, checked against its sha256), the page's size, resolution and the angle it was
deskewed by before OCR (``Page.deskew``), so the word's OCR box fits the turned scan.

For the web review: the whole page as a PNG in the output folder (``page_png``), a strip of the
word's line at reading size with the word's box marked (``line_png``), and the page's size in
the pixels the boxes are in (``page_size``). A text input has no scan, but a PDF of the same name
beside it is shown as its page (without boxes: the text never came from it).
"""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.core.errors import DocumentError
from pipeline.core.fileio import sha256_bytes, sha256_file
from pipeline.core.records import BBox, Page
from pipeline.core.results import Correction
from pipeline.review.outputs import DocOutput

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)


class ScanCropper:
    """Crops of a word from the page image, for a reviewer to see what the paper says.

    The source is found from ``metadata.json`` (``source.path`` is relative to the folder the
    run's argument was in): relative to the current folder, then beside the output folder's
    parent. A file whose sha256 differs from the run's is not used. ``why_not`` says why there
    is no page image at all.
    """

    #: Padding around a word's box, in word heights: a word or two each side, half a line
    #: above and below.
    pad_x = 5.0
    pad_y = 0.6
    #: Widest page image written for the web review, in pixels (a 300 dpi page is 2,550 wide).
    page_max_width = 1400
    #: Line strips: padding above and below the word's box, and beside its column, in word
    #: heights.
    strip_pad_y = 0.8
    strip_pad_x = 1.0

    def __init__(self, out: DocOutput, cwd: Path | None = None) -> None:
        self.out = out
        self.cwd = cwd or Path.cwd()
        self._files: list[Path] = []
        self._kind = ""
        self._refs: dict[int, Any] | None = None
        self._cache: dict[int, Image.Image] = {}
        #: Do OCR word boxes fit the image? False for a text input shown by a PDF beside it.
        self.boxes = True
        self.why_not: str | None = self._find()
        #: Why ``crops/`` cannot be written (a symbolic link there), once found; said once.
        self._refused: str | None = None

    @property
    def available(self) -> bool:
        return self.why_not is None

    def _find(self) -> str | None:
        source = self.out.metadata.get("source", {})
        self._kind = source.get("kind") or ""
        files = source.get("files") or []
        if self._kind == "text" and len(files) == 1:
            return self._beside(Path(files[0].get("path", "")))
        if self._kind not in ("pdf", "tiff", "image", "folder"):
            return "none: the input was a text file"
        if not files:
            return "none: metadata.json names no source file"
        for f in files:
            rel = Path(f.get("path", ""))
            places = [self.cwd / rel, self.out.batch_dir.parent / rel]
            found = [p for i, p in enumerate(places) if p.is_file() and p not in places[:i]]
            if not found:
                return f"scan not found: {rel} (not in {self.cwd} nor {self.out.batch_dir.parent})"
            # The run's file, not just one of the same name: the current folder may hold
            # another release's scans/ (the review started from somewhere else).
            want = f.get("sha256")
            hit = next((p for p in found if not want or sha256_file(p) == want), None)
            if hit is None:
                return f"{found[0]} has changed since the run"
            self._files.append(hit)
        return None

    def _beside(self, rel: Path) -> str | None:
        """A text input: the PDF of the same name in the same folder, when there is one."""
        pdf = rel.with_suffix(".pdf")
        for place in (self.cwd / pdf, self.out.batch_dir.parent / pdf):
            if place.is_file():
                self._kind, self._files, self.boxes = "pdf", [place], False
                return None
        return "none: the input was a text file (no PDF of the same name beside it)"

    def _write(self, name: str, data: bytes) -> tuple[Path | None, str | None]:
        """Write ``crops/<name>`` through the output folder's one writer, which refuses a
        linked ``crops/`` (or document folder): then (None, why) and one warning per cropper."""
        from pipeline import outputs

        rel = f"crops/{name}"
        if self._refused is None:
            try:
                outputs.write_files(self.out.folder, {rel: data})
                return self.out.folder / rel, None
            except DocumentError as err:
                self._refused = f"crops not written: {err}"
                log.warning("%s: no word crops are written for %s", err, self.out.name)
        return None, self._refused

    def _crops_refused(self) -> str | None:
        """Why nothing can be read or written in ``crops/`` (a link), None when it can."""
        from pipeline import outputs

        if self._refused is None:
            link = outputs.linked_part(self.out.folder, "crops/page.png")
            if link is not None:
                self._refused = f"crops not written: {link} is a symbolic link"
                log.warning("%s is a symbolic link: no word crops are written", link)
        return self._refused

    def _ref(self, page: int) -> Any:
        from pipeline.stages import ingest

        if self._refs is None:
            kind = ingest.DocKind(self._kind)
            folder = kind is ingest.DocKind.FOLDER
            path = self._files[0].parent if folder else self._files[0]
            doc = ingest.DocumentSource(
                self.out.name, path, kind, files=tuple(self._files) if folder else ()
            )
            self._refs = {r.number: r for r in ingest.page_refs(doc)}
        return self._refs.get(page)

    def _page_image(self, page: int) -> Image.Image | None:
        from PIL import Image

        from pipeline.stages.pageimage import load_page_image, turn

        if page in self._cache:
            return self._cache[page]
        ref = self._ref(page)
        if ref is None:
            return None
        page_info = self._page_info(page)
        settings = self.out.metadata.get("settings", {}).get("ocr") or {}
        dpi = (page_info.dpi if page_info else None) or settings.get("pdf_dpi", 300)
        image = load_page_image(ref, dpi=dpi).image
        # OCR saw the page turned upright and deskewed: turn the scan the same way so the word
        # boxes fit it.
        if page_info is not None and page_info.rotation:
            image = turn(image, page_info.rotation)
        if page_info is not None and page_info.deskew:
            image = image.rotate(page_info.deskew, resample=Image.Resampling.BICUBIC, fillcolor=255)
        width, height = (page_info.width, page_info.height) if page_info else (None, None)
        if width and height and (width, height) != image.size:
            image = image.resize((width, height))
        self._cache = {page: image}  # one page at a time: a page is megapixels
        return image

    def _page_info(self, page: int) -> Page | None:
        """``pages/NNNN.json`` of the output folder (None when it is missing)."""
        path = self.out.folder / "pages" / f"{page:04d}.json"
        if not path.is_file():
            return None
        return Page.from_dict(json.loads(path.read_text(encoding="utf-8")))

    def _word_page(self, c: Correction) -> tuple[Image.Image | None, str | None]:
        """The page image the word ``c`` is on, turned as OCR saw it: (image, None) or (None,
        why it cannot be shown)."""
        if self.why_not is not None:
            return None, self.why_not
        if c.bbox is None or not self.boxes:
            return None, "none: OCR gave this word no box"
        try:
            image = self._page_image(c.page)
        except (DocumentError, OSError, ValueError, KeyError, TypeError) as exc:
            return None, f"cannot read the page image: {exc}"
        if image is None:
            return None, f"the scan has no page {c.page}"
        return image, None

    def crop(self, c: Correction) -> tuple[Path | None, str | None]:
        """Write ``OUT/<name>/crops/<id>.png`` for ``c``: (its path, None) or (None, why not)."""
        image, why = self._word_page(c)
        if image is None:
            return None, why
        b = c.bbox
        px, py = round(self.pad_x * b.height), round(self.pad_y * b.height)
        box = (
            max(0, b.left - px),
            max(0, b.top - py),
            min(image.width, b.right + px),
            min(image.height, b.bottom + py),
        )
        buf = io.BytesIO()
        image.crop(box).save(buf, format="PNG")
        return self._write(f"{c.id}.png", buf.getvalue())

    def page_size(self, page: int) -> tuple[int, int] | None:
        """(width, height) in the pixels OCR boxes are in: ``pages/NNNN.json``, else the image."""
        info = self._page_info(page)
        if info is not None and info.width and info.height:
            return info.width, info.height
        try:
            image = self._page_image(page) if self.why_not is None else None
        except (DocumentError, OSError, ValueError, KeyError, TypeError):
            return None
        return image.size if image is not None else None

    def page_png(self, page: int) -> tuple[Path | None, str | None]:
        """Write ``OUT/<name>/crops/page-NNNN-<hash>.png`` (at most ``page_max_width`` wide;
        boxes scale with it): (its path, None) or (None, why not). Written once per page and
        source (``<hash>`` is of the source's sha256 and ``pages/NNNN.json``)."""
        if self.why_not is not None:
            return None, self.why_not
        if (refused := self._crops_refused()) is not None:
            return None, refused
        # Named by what it is made from (the source, the page's record): a re-run that changes
        # the scan or its deskew gets a new image, never a stale one.
        info = self.out.folder / "pages" / f"{page:04d}.json"
        made_from = (self.out.source_sha256 or "").encode()
        if info.is_file():
            made_from += info.read_bytes()
        name = f"page-{page:04d}-{sha256_bytes(made_from)[:10]}.png"
        path = self.out.folder / "crops" / name
        if path.is_file() and not path.is_symlink():
            return path, None
        try:
            image = self._page_image(page)
        except (DocumentError, OSError, ValueError, KeyError, TypeError) as exc:
            return None, f"cannot read the page image: {exc}"
        if image is None:
            return None, f"the scan has no page {page}"
        if image.width > self.page_max_width:
            height = round(image.height * self.page_max_width / image.width)
            image = image.resize((self.page_max_width, height))
        buf = io.BytesIO()
        image.convert("L").save(buf, format="PNG", optimize=True)
        return self._write(name, buf.getvalue())

    def line_png(self, c: Correction) -> tuple[Path | None, str | None]:
        """Write ``OUT/<name>/crops/<id>-line.png``: the word's line across its column (the
        OCR block its line is in, ``column_span``; the page's full width when the word is in
        no line of ``pages/NNNN.json``), the word's box outlined: (its path, None) or (None,
        why not)."""
        image, why = self._word_page(c)
        if image is None:
            return None, why
        from PIL import ImageDraw

        b = c.bbox
        py = round(self.strip_pad_y * b.height)
        top, bottom = max(0, b.top - py), min(image.height, b.bottom + py)
        info = self._page_info(c.page)
        span = column_span(info, b) if info is not None else None
        left, right = (0, image.width) if span is None else span
        px = round(self.strip_pad_x * b.height)
        left, right = max(0, left - px), min(image.width, right + px)
        strip = image.crop((left, top, right, bottom)).convert("RGB")
        width = max(2, round(b.height / 12))
        ImageDraw.Draw(strip).rectangle(
            (
                b.left - left - width,
                b.top - top - width,
                b.right - left + width,
                b.bottom - top + width,
            ),
            outline=(230, 120, 0),
            width=width,
        )
        buf = io.BytesIO()
        strip.save(buf, format="PNG")
        return self._write(f"{c.id}-line.png", buf.getvalue())


def column_span(page: Page, word: BBox) -> tuple[int, int] | None:
    """``(left, right)`` in page pixels of the column the word box ``word`` is in: the OCR
    block (``Line.block``) of the line holding the word's centre, from its lines' boxes, so a
    line strip of a two-column page stays in the word's column. None when no line of ``page``
    holds it."""
    cx, cy = word.left + word.width / 2, word.top + word.height / 2
    for line in page.lines:
        box = line.bbox
        if box is not None and box.left <= cx <= box.right and box.top <= cy <= box.bottom:
            same = [ln.bbox for ln in page.lines if ln.block == line.block and ln.bbox]
            return min(x.left for x in same), max(x.right for x in same)
    return None
