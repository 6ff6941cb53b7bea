"""Find the documents in the inputs and load their pages.

A file argument is one document. A folder argument is a collection: each PDF, TIFF, PNG/JPEG and
``.txt`` file in it is one document, and each subfolder is one document made of the page images
inside it, in natural order (``page-2`` before ``page-10``).

Loading is split in two so the batch can farm pages out to worker processes: ``discover`` and
``page_refs`` are cheap and run in the parent; ``pipeline.stages.pageimage.load_page_image`` runs
in the worker that OCRs the page, so full-resolution images never cross a process boundary.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from natsort import natsorted, ns

from pipeline.core.enums import DocKind
from pipeline.core.errors import DocumentError, UsageError
from pipeline.core.fileio import sha256_file
from pipeline.core.names import name_problem, printable
from pipeline.core.records import DocumentSource, Page, PageRef, display_path
from pipeline.core.stage import DocState, RunContext, Stage
from pipeline.stages.pageimage import frame_count, open_pdf

log = logging.getLogger(__name__)

PDF_EXTS = {".pdf"}
TIFF_EXTS = {".tif", ".tiff"}
IMAGE_EXTS = {".png", ".jpg", ".jpeg", ".jp2", ".j2k", ".jpx"}
TEXT_EXTS = {".txt", ".md"}
PAGE_IMAGE_EXTS = IMAGE_EXTS | TIFF_EXTS


def kind_of(path: Path) -> DocKind | None:
    ext = path.suffix.lower()
    if ext in PDF_EXTS:
        return DocKind.PDF
    if ext in TIFF_EXTS:
        return DocKind.TIFF
    if ext in IMAGE_EXTS:
        return DocKind.IMAGE
    if ext in TEXT_EXTS:
        return DocKind.TEXT
    return None


def _hidden(path: Path) -> bool:
    return path.name.startswith(".")


class InputError(DocumentError):
    """An input that cannot be a document, found while discovering: its output ``name`` (None
    when the name itself is the problem: then it has no output folder) and its ``source`` as
    outputs show it (relative to the input's folder)."""

    def __init__(self, path: Path | str, reason: str, *, name: str | None, source: str) -> None:
        super().__init__(path, reason)
        self.name = name
        self.source = source


@dataclass(frozen=True)
class _Scope:
    """What one input argument may bring in: files under its real folder ``base`` (unless links
    may be followed anywhere), never the folders foia-clean writes (``skip``)."""

    base: Path
    root: Path
    follow_links: bool
    skip: frozenset[Path]

    def link_problem(self, path: Path) -> str | None:
        """Why a folder entry is refused: a broken link, or a link leaving the input folder."""
        real = Path(os.path.realpath(path))
        if path.is_symlink() and not real.exists():
            return "is a broken symbolic link"
        if not self.follow_links and not real.is_relative_to(self.base):
            return (
                "is a symbolic link to a file outside the input folder; refused (run with "
                "--follow-links to read it)"
            )
        return None

    def skipped(self, path: Path) -> bool:
        return Path(os.path.realpath(path)) in self.skip


def discover(
    inputs: Sequence[Path],
    *,
    out_dir: Path | None = None,
    skip: Iterable[Path] = (),
    follow_links: bool = False,
) -> tuple[list[DocumentSource], list[InputError]]:
    """Expand the inputs into documents; problems with single inputs come back as errors.

    A folder's entries that are symbolic links leading outside it are refused (an error each)
    unless ``follow_links``; the output folder ``out_dir`` and the folders in ``skip`` (the
    reviews folder) are never read as inputs. A document whose name cannot be an output folder
    (``pipeline.core.names.name_problem``) comes back as an error with ``name`` None.

    Raises UsageError when an input does not exist, is or is inside ``out_dir``, or two
    documents would share an output name (checked before any work starts, so no output is
    overwritten by another document).
    """
    out_real = Path(os.path.realpath(out_dir)) if out_dir is not None else None
    never = frozenset(Path(os.path.realpath(p)) for p in skip) | (
        {out_real} if out_real is not None else frozenset()
    )
    if out_dir is not None:
        check_output_folder(inputs, out_dir)
    docs: list[DocumentSource] = []
    errors: list[InputError] = []
    for raw in inputs:
        path = Path(raw)
        shown = printable(str(path))
        if not path.exists():
            raise UsageError(f"{shown}: no such file or folder")
        real = Path(os.path.realpath(path))
        root = path.absolute().parent
        if path.is_dir():
            scope = _Scope(real, root, follow_links, never)
            try:
                children = natsorted(path.iterdir(), alg=ns.PATH | ns.IGNORECASE)
            except OSError as exc:
                raise UsageError(f"{shown}: cannot read folder: {exc.strerror or exc}") from exc
            for child in children:
                if _hidden(child):
                    continue
                if scope.skipped(child):
                    log.info("%s: not an input: foia-clean writes there", child)
                    continue
                problem = scope.link_problem(child)
                if problem is not None:
                    errors.append(
                        _input_error(child.absolute(), root, problem, folder=child.is_dir())
                    )
                elif child.is_dir():
                    _add_folder_doc(child.absolute(), scope, docs, errors)
                else:
                    _add_file_doc(child.absolute(), root, docs, errors)
        else:
            _add_file_doc(path.absolute(), root, docs, errors)
    _check_unique_names(docs, errors)
    return docs, errors


def check_output_folder(inputs: Sequence[Path], out_dir: Path) -> None:
    """Raise ``UsageError`` when an input is the output folder or inside it (outputs would be
    read as scans, and scans overwritten). Run before the output folder is made or locked, so
    a refused run leaves nothing behind. An output folder *inside* an input folder is fine: it
    is skipped as input."""
    out_real = Path(os.path.realpath(out_dir))
    for raw in inputs:
        if Path(raw).exists() and Path(os.path.realpath(raw)).is_relative_to(out_real):
            raise UsageError(
                f"{printable(str(raw))}: is the output folder or inside it "
                f"(--out {printable(str(out_dir))}); choose an --out outside the inputs"
            )


def _input_error(path: Path, root: Path, reason: str, *, folder: bool) -> InputError:
    """The error for an input, under the output name it would have (None if that name is
    itself unusable: its own problem is then the reason)."""
    name = path.name if folder else path.stem
    problem = name_problem(name)
    if problem is not None:
        return InputError(path, problem, name=None, source=display_path(path, root))
    return InputError(path, reason, name=name, source=display_path(path, root))


def _add_file_doc(
    path: Path, root: Path, docs: list[DocumentSource], errors: list[InputError]
) -> None:
    kind = kind_of(path)
    problem = name_problem(path.stem)
    if problem is not None:
        errors.append(InputError(path, problem, name=None, source=display_path(path, root)))
    elif kind is None:
        errors.append(
            _input_error(
                path,
                root,
                f"unknown file type {printable(path.suffix) or '(no extension)'!r}; expected PDF, "
                "TIFF, PNG, JPEG, JPEG 2000, .txt or .md",
                folder=False,
            )
        )
    elif not path.is_file():
        errors.append(
            _input_error(
                path, root, "is not a regular file (a pipe, socket or device)", folder=False
            )
        )
    else:
        docs.append(DocumentSource(name=path.stem, path=path, kind=kind, root=root))


def _add_folder_doc(
    path: Path, scope: _Scope, docs: list[DocumentSource], errors: list[InputError]
) -> None:
    root = scope.root
    if name_problem(path.name) is not None:
        errors.append(_input_error(path, root, "", folder=True))
        return
    try:
        entries = [p for p in path.iterdir() if not _hidden(p) and not scope.skipped(p)]
    except OSError as exc:
        reason = f"cannot read folder: {exc.strerror or exc}"
        errors.append(_input_error(path, root, reason, folder=True))
        return
    for entry in entries:
        problem = scope.link_problem(entry)
        if problem is not None:
            reason = f"page {printable(entry.name)} {problem}"
            errors.append(_input_error(path, root, reason, folder=True))
            return
    pages = [p for p in entries if p.is_file() and p.suffix.lower() in PAGE_IMAGE_EXTS]
    others = sorted(printable(p.name) for p in entries if p not in pages)
    if not pages:
        reason = "folder holds no page images (PNG, JPEG, JPEG 2000 or TIFF)"
        errors.append(_input_error(path, root, reason, folder=True))
        return
    if others:
        log.warning("%s: ignoring %d non-image entries: %s", path, len(others), ", ".join(others))
    files = tuple(natsorted(pages, alg=ns.PATH | ns.IGNORECASE))
    docs.append(
        DocumentSource(name=path.name, path=path, kind=DocKind.FOLDER, files=files, root=root)
    )


def _check_unique_names(docs: Iterable[DocumentSource], errors: list[InputError]) -> None:
    """Raise ``UsageError`` when two inputs would write one output folder ``OUT/<name>``.

    Two different files are told to rename one; one file reached twice (named twice, or named
    and also inside a folder named: ``run scans/ scans/memo.pdf``) is told to be named once,
    as renaming it would not help."""
    by_name: dict[str, list[Path]] = {}
    for d in docs:
        by_name.setdefault(d.name, []).append(d.path)
    for e in errors:
        if e.name is not None:
            by_name.setdefault(e.name, []).append(Path(e.path))
    clashes = {n: ps for n, ps in by_name.items() if len(ps) > 1}
    if not clashes:
        return
    lines = []
    for n, ps in sorted(clashes.items()):
        shown = ", ".join(printable(str(p)) for p in ps)
        if len({os.path.realpath(p) for p in ps}) == 1:
            shown += " (the same file, named more than once: name it once)"
        lines.append(f"{n}: {shown}")
    raise UsageError(
        "two or more documents would write the same output folder (rename one, or name a "
        "file only once):\n  " + "\n  ".join(lines)
    )


# ---------------------------------------------------------------------------------------------
# Pages


def page_refs(doc: DocumentSource) -> list[PageRef]:
    """List the page images of an image/PDF document (cheap: no rasterising)."""
    if doc.kind is DocKind.PDF:
        n = _pdf_page_count(doc.path)
        return [PageRef(doc.name, i + 1, doc.path, DocKind.PDF, i) for i in range(n)]
    if doc.kind in (DocKind.TIFF, DocKind.IMAGE):
        n = frame_count(doc.path)
        return [PageRef(doc.name, i + 1, doc.path, doc.kind, i) for i in range(n)]
    if doc.kind is DocKind.FOLDER:
        refs: list[PageRef] = []
        for f in doc.files:
            kind = DocKind.TIFF if f.suffix.lower() in TIFF_EXTS else DocKind.IMAGE
            for i in range(frame_count(f)):
                refs.append(PageRef(doc.name, len(refs) + 1, f, kind, i))
        return refs
    raise ValueError(f"{doc.path}: a text document has no page images")


def _pdf_page_count(path: Path) -> int:
    pdf = open_pdf(path)
    try:
        n = len(pdf)
    finally:
        pdf.close()
    if n == 0:
        raise DocumentError(path, "PDF has no pages")
    return n


def pdf_text_layer(path: Path) -> list[str]:
    """The text a PDF already carries, page by page (often the bad OCR being replaced)."""
    import pypdfium2 as pdfium

    pdf = open_pdf(path)
    try:
        texts = []
        for i in range(len(pdf)):
            textpage = pdf[i].get_textpage()
            texts.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
        return texts
    except pdfium.PdfiumError as exc:
        raise DocumentError(path, f"cannot read the PDF's text layer: {exc}") from exc
    finally:
        pdf.close()


# ---------------------------------------------------------------------------------------------
# Text documents


_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+(?=\n|\f|$)")


def normalise_text(text: str) -> str:
    """Unicode NFC, Unix newlines, no trailing spaces: the form every later stage sees."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return _TRAILING_SPACE.sub("", text)


def read_text_document(path: Path, *, max_mb: float | None = None) -> list[Page]:
    """An existing OCR text file: one page per form-feed-separated chunk (or one page). UTF-8,
    or the UTF-16 or UTF-32 its byte-order mark names.

    Raises ``DocumentError`` for an unreadable, empty or binary file, one in another encoding,
    and one larger than ``max_mb`` megabytes (None: no limit), checked before it is read.
    """
    try:
        size = path.stat().st_size
        if max_mb is not None and size > max_mb * 1_000_000:
            raise DocumentError(
                path,
                f"text file is {size / 1_000_000:.1f} MB, more than the limit of {max_mb:g} MB "
                "(raise it with --max-text-mb)",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(path, f"cannot read file: {exc.strerror or exc}") from exc
    if not data:
        raise DocumentError(path, "empty file (0 bytes)")
    text = _decoded(path, data)
    text = normalise_text(text)
    chunks = split_pages(text)
    return [Page.from_text(i + 1, chunk) for i, chunk in enumerate(chunks)]


# A byte-order mark names its encoding beyond doubt (Windows' Notepad saves "Unicode" text as
# UTF-16 with one): such a file is read in it. UTF-32's marks begin with UTF-16's, so first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
# UTF-16 without a mark: a NUL beside most characters of plain text, on the odd bytes (little
# endian) or the even ones (big endian). Not guessed at: the reason says how to convert it.
_UTF16_NULS = 0.4


def _decoded(path: Path, data: bytes) -> str:
    """``data`` as text: UTF-8, or the encoding its byte-order mark names (UTF-16, UTF-32).

    Raises ``DocumentError`` saying which encoding it is not, with a conversion to try (UTF-16
    with no mark, every other byte NUL, told apart from a legacy 8-bit encoding), and for
    NUL bytes in the text (a binary file)."""
    marked = next(((enc, name) for bom, enc, name in _BOMS if data.startswith(bom)), None)
    encoding, name = marked or ("utf-8", "UTF-8")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        where = f"invalid byte 0x{data[exc.start]:02x} at offset {exc.start}"
        if marked:
            reason = f"not {name} text, though it begins with {name}'s byte-order mark ({where})"
        else:
            reason = _utf16_reason(data) or (
                f"not UTF-8 text ({where}); convert it first, e.g. iconv -f cp1252 -t utf-8"
            )
        raise DocumentError(path, reason) from exc
    if "\x00" in text:
        reason = None if marked else _utf16_reason(data)
        raise DocumentError(path, reason or "contains NUL bytes: a binary file, not OCR text")
    return text


def _utf16_reason(data: bytes) -> str | None:
    """Why ``data`` is refused when it looks like UTF-16 with no byte-order mark, else None."""
    for half, order in ((data[1::2], "le"), (data[0::2], "be")):
        if half and half.count(0) >= _UTF16_NULS * len(half):
            return (
                "UTF-16 text without a byte-order mark, not UTF-8; convert it first, "
                f"e.g. iconv -f utf-16{order} -t utf-8"
            )
    return None


# Published OCR texts often mark pages in the text rather than with form feeds: "[Page 3]" in the
# State reading room's files, "## Page 3" in the JFK releases' markdown.
_PAGE_MARKER = re.compile(r"^[ \t]*(?:\[Page\s+\d+\]|#{1,3}[ \t]*Page\s+\d+)[ \t]*$", re.I | re.M)


def split_pages(text: str) -> list[str]:
    """Pages of an OCR text: at form feeds; failing those, at page-marker lines.

    A marker line stays at the top of the page it starts (it is page furniture, and the strip
    stage records its removal like any other).

    >>> split_pages("one\\fTwo\\f")
    ['one', 'Two']
    >>> split_pages("[Page 1]\\nfirst\\n[Page 2]\\nsecond")
    ['[Page 1]\\nfirst\\n', '[Page 2]\\nsecond']
    >>> split_pages("first, unmarked\\n[Page 2]\\nsecond")
    ['first, unmarked\\n', '[Page 2]\\nsecond']

    Text before the first marker is a page of its own only when the markers start after page
    1; before a "Page 1" marker it is that page's heading (the JFK releases' ``# DOCID-…``
    title line), so the page numbers stay those the markers print:

    >>> split_pages("# Memo\\n## Page 1\\none\\n## Page 2\\ntwo")
    ['# Memo\\n## Page 1\\none\\n', '## Page 2\\ntwo']
    """
    if "\f" in text:
        chunks = text.split("\f")
        # A trailing form feed ends the last page; it does not start an empty one.
        if len(chunks) > 1 and not chunks[-1].strip():
            chunks.pop()
        return chunks
    found = list(_PAGE_MARKER.finditer(text))
    starts = [m.start() for m in found]
    # One marker is pagination only when it is "Page 2" after an unmarked first page; a lone
    # "Page 1" or "Page 7" line is more likely a heading or a quotation than a page break.
    lone = len(found) == 1 and not (_marker_number(found[0]) == 2 and text[: starts[0]].strip())
    if not found or lone:
        return [text]
    if text[: starts[0]].strip() and _marker_number(found[0]) != 1:
        starts.insert(0, 0)
    else:
        starts[0] = 0
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def _marker_number(marker: re.Match[str]) -> int:
    """The page number a page-marker line prints (``## Page 12`` -> 12)."""
    return int(re.search(r"\d+", marker.group()).group())


# ---------------------------------------------------------------------------------------------
# The stage


class Ingest(Stage):
    """Hash every input file and list each document's pages: the page images to OCR, or the
    pages of an existing OCR text. Cheap, in the parent process; an unreadable document fails
    here, before any OCR."""

    name = "ingest"

    def run_batch(self, states: Sequence[DocState], ctx: RunContext) -> list[DocState]:
        limit = ctx.config.max_text_mb
        return [self._ingest(s, limit) if s.alive else s for s in states]

    def _ingest(self, state: DocState, max_mb: float | None) -> DocState:
        doc = state.source
        try:
            inputs = {doc.display(f): sha256_file(f) for f in doc.input_files}
            if doc.kind is DocKind.TEXT:
                pages = read_text_document(doc.path, max_mb=max_mb)
                return state.replace(inputs=inputs, pages=tuple(pages))
            return state.replace(inputs=inputs, refs=tuple(page_refs(doc)))
        except DocumentError as err:
            return state.failed(err.reason, err.path)
        except OSError as err:
            return state.failed(f"cannot read: {err.strerror or err}")
