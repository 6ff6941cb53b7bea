"""Engine-independent records that flow between the stages.

Every stage takes and returns these plain, immutable values; they serialise to JSON with
``to_dict`` / ``from_dict`` so a later stage (or a person) can pick up from files on disk.

A page is a sequence of ``Line`` records *including blank separator lines*, so that
``"\\n".join(line.text for line in page.lines)`` is exactly the page's raw text. Lines from
OCR carry ``Word`` records with boxes and confidences; lines from an existing OCR text file
carry words without boxes (``bbox is None``) and without confidence (``conf is None``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.core.enums import (
    CodeSource,
    DocKind,
    PageSource,
    PageStatus,
    RedactionStyle,
    Treatment,
)


@dataclass(frozen=True, slots=True)
class BBox:
    """An axis-aligned box in page pixels (origin top-left)."""

    left: int
    top: int
    width: int
    height: int

    def __post_init__(self) -> None:
        if min(self.left, self.top, self.width, self.height) < 0:
            raise ValueError(f"negative bounding box: {self}")

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    @staticmethod
    def union(boxes: Iterable[BBox | None]) -> BBox | None:
        real = [b for b in boxes if b is not None]
        if not real:
            return None
        left = min(b.left for b in real)
        top = min(b.top for b in real)
        right = max(b.right for b in real)
        bottom = max(b.bottom for b in real)
        return BBox(left, top, right - left, bottom - top)

    def to_list(self) -> list[int]:
        return [self.left, self.top, self.width, self.height]

    @classmethod
    def from_list(cls, values: Sequence[int] | None) -> BBox | None:
        return None if values is None else cls(*(int(v) for v in values))


@dataclass(frozen=True, slots=True)
class Word:
    """One recognised word. ``conf`` is Tesseract's 0-100 confidence, None when unknown."""

    text: str
    conf: float | None = None
    bbox: BBox | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "conf": None if self.conf is None else round(float(self.conf), 2),
            "bbox": None if self.bbox is None else self.bbox.to_list(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Word:
        return cls(text=d["text"], conf=d.get("conf"), bbox=BBox.from_list(d.get("bbox")))


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a page.

    ``text`` is authoritative (for text input it keeps the original spacing and tabs); ``words``
    are the whitespace-separated tokens of ``text`` with whatever evidence the source had.
    ``block``/``par``/``line`` are Tesseract's layout numbers (0 for text input).
    A blank line (``text == ""``, no words) separates paragraphs.
    """

    text: str
    words: tuple[Word, ...] = ()
    block: int = 0
    par: int = 0
    line: int = 0

    @property
    def bbox(self) -> BBox | None:
        return BBox.union(w.bbox for w in self.words)

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()

    @classmethod
    def from_text(cls, text: str) -> Line:
        return cls(text=text, words=tuple(Word(t) for t in text.split()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "block": self.block,
            "par": self.par,
            "line": self.line,
            "bbox": None if self.bbox is None else self.bbox.to_list(),
            "words": [w.to_dict() for w in self.words],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Line:
        return cls(
            text=d["text"],
            words=tuple(Word.from_dict(w) for w in d.get("words", ())),
            block=d.get("block", 0),
            par=d.get("par", 0),
            line=d.get("line", 0),
        )


#: What the stripped text says where a redaction box withheld text.
REDACTED_MARK = "[REDACTED]"


def redacted_mark(codes: Sequence[str] = ()) -> str:
    """The text put where a redaction box withheld text: ``[REDACTED]``, with the exemption
    codes printed beside the box when there are any, so a reader of the text sees under which
    exemption ("[REDACTED:(b)(6)]", "[REDACTED:(b)(1),1.4(D)]"). One word, no space in it: the
    text's words are what its word spans (and every export) hold.

    >>> redacted_mark(), redacted_mark(("(b)(1)", "1.4(D)"))
    ('[REDACTED]', '[REDACTED:(b)(1),1.4(D)]')
    """
    return f"[REDACTED:{','.join(codes)}]" if codes else REDACTED_MARK


#: What stands in a document's text for a page flagged for manual transcription
#: (``Page.flagged``): the page's number and the reason, never the garbage OCR read there.
MANUAL_MARK = "[MANUAL TRANSCRIPTION NEEDED: page {page}: {reason}]"


def manual_mark(page: int, reason: str) -> str:
    """The one line that is the text of page ``page`` (from 1) flagged for manual
    transcription because of ``reason`` (one line: its whitespace runs become one space).

    >>> manual_mark(3, "no reading looks like text")
    '[MANUAL TRANSCRIPTION NEEDED: page 3: no reading looks like text]'
    """
    return MANUAL_MARK.format(page=page, reason=" ".join(reason.split()))


def is_manual_mark(text: str) -> bool:
    """Whether ``text`` (a line) is a ``manual_mark``: a page's text that is not its own but
    says why it is missing (the strip stage keeps it whole, a paragraph of its own).

    >>> is_manual_mark(manual_mark(2, "too faint")), is_manual_mark("[MANUAL] note")
    (True, False)
    """
    head, _, _ = MANUAL_MARK.partition("{page}")
    return text.startswith(head) and text.endswith("]") and "\n" not in text


def is_redacted_mark(text: str) -> bool:
    """Whether ``text`` is a mark ``redacted_mark`` makes.

    >>> is_redacted_mark("[REDACTED:(b)(6)]"), is_redacted_mark("[REDACTED"), is_redacted_mark("x")
    (True, False, False)
    """
    return text == REDACTED_MARK or (text.startswith("[REDACTED:") and text.endswith("]"))


@dataclass(frozen=True, slots=True)
class CodeReading:
    """How one exemption code of a redaction box was read: the normalised ``code``; ``conf``,
    how sure the reading is (0-1: 1.0 when OCR's text is the code's form as printed, 0.8 for
    each OCR confusion the codes' grammar undid, ``exemptions.read_codes``); ``source``, the
    page's OCR or a reading of its place again, enlarged; ``read_as``, the text OCR gave
    ("Bt" for "B1"); ``ocr_conf``, Tesseract's confidence (0-100) in the least sure word of
    it, None when unknown."""

    code: str
    conf: float = 1.0
    source: CodeSource = CodeSource.DIRECT
    read_as: str = ""
    ocr_conf: float | None = None

    @property
    def corrected(self) -> bool:
        """Did the codes' grammar undo an OCR confusion to read it?"""
        return self.conf < 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "conf": round(self.conf, 3),
            "read": self.source.value,
            "corrected": self.corrected,
            "read_as": self.read_as,
            "ocr_conf": None if self.ocr_conf is None else round(float(self.ocr_conf), 2),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CodeReading:
        return cls(
            code=d["code"],
            conf=float(d.get("conf", 1.0)),
            source=CodeSource(d.get("read", CodeSource.DIRECT.value)),
            read_as=d.get("read_as", ""),
            ocr_conf=d.get("ocr_conf"),
        )


@dataclass(frozen=True, slots=True)
class Redaction:
    """Where a release withheld text, and under which exemption.

    On a page image: the box (page pixels, as word boxes), its ``style`` and the exemption
    ``codes`` printed beside or inside it, normalised ("(b)(6)", "B1", "1.4(D)", "(S)"), with
    their box and how each was read (``readings``, one a code, in the order of ``codes``). In
    text input (``style`` LABEL): the label's line index and character offsets in that line,
    no boxes, no readings (the label is the text).
    """

    page: int
    style: RedactionStyle
    bbox: BBox | None = None
    codes: tuple[str, ...] = ()
    code_bbox: BBox | None = None
    line: int | None = None
    start: int | None = None
    end: int | None = None
    readings: tuple[CodeReading, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "page": self.page,
            "style": self.style.value,
            "bbox": None if self.bbox is None else self.bbox.to_list(),
            "codes": list(self.codes),
            "code_bbox": None if self.code_bbox is None else self.code_bbox.to_list(),
        }
        if self.readings:
            d["code_reads"] = [r.to_dict() for r in self.readings]
        if self.line is not None:
            d.update(line=self.line, start=self.start, end=self.end)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Redaction:
        return cls(
            page=int(d["page"]),
            style=RedactionStyle(d["style"]),
            bbox=BBox.from_list(d.get("bbox")),
            codes=tuple(d.get("codes", ())),
            code_bbox=BBox.from_list(d.get("code_bbox")),
            line=d.get("line"),
            start=d.get("start"),
            end=d.get("end"),
            readings=tuple(CodeReading.from_dict(r) for r in d.get("code_reads", ())),
        )


@dataclass(frozen=True, slots=True)
class Attempt:
    """One reading of a page image: how it was turned and cleaned, and what the reading showed.

    ``conf`` is the mean Tesseract confidence (0-100) of its words, ``wordlike`` the share of
    its words that look like words (letters in one case pattern, a vowel: no dictionary is
    loaded in an OCR worker), ``score`` the number of confident word-like letters (how much
    believable text the reading holds; the highest score wins), ``unsure`` the share of its
    letters in words Tesseract is unsure of (confidence below ``reading.UNSURE_CONF``) and
    ``unsure_words`` how many such words it holds: a page read with broken letters. ``reason``
    says why this attempt was made, or why it was chosen.
    """

    treatment: Treatment
    rotation: int = 0  # degrees the page was turned clockwise before this reading
    steps: tuple[str, ...] = ()
    words: int = 0
    conf: float | None = None
    wordlike: float | None = None
    score: float = 0.0
    chosen: bool = False
    reason: str = ""
    unsure: float | None = None
    unsure_words: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "treatment": self.treatment.value,
            "rotation": self.rotation,
            "steps": list(self.steps),
            "words": self.words,
            "conf": None if self.conf is None else round(self.conf, 1),
            "wordlike": None if self.wordlike is None else round(self.wordlike, 3),
            "score": round(self.score, 1),
            "chosen": self.chosen,
            "reason": self.reason,
            "unsure": None if self.unsure is None else round(self.unsure, 3),
            "unsure_words": self.unsure_words,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Attempt:
        return cls(
            treatment=Treatment(d["treatment"]),
            rotation=int(d.get("rotation", 0)),
            steps=tuple(d.get("steps", ())),
            words=int(d.get("words", 0)),
            conf=d.get("conf"),
            wordlike=d.get("wordlike"),
            score=float(d.get("score", 0.0)),
            chosen=bool(d.get("chosen", False)),
            reason=str(d.get("reason", "")),
            unsure=d.get("unsure"),
            unsure_words=d.get("unsure_words"),
        )


@dataclass(frozen=True, slots=True)
class ImageFrame:
    """The stored page image's own pixel frame, when normalising it changed the frame.

    ``width`` x ``height`` are the image's pixels as stored in its file (before its EXIF
    ``orientation``, 1-8, was applied and before a non-square resolution was resampled to
    square): what a viewer of the file and the searchable PDF show. The normalised image OCR
    started from is this one transposed by ``orientation`` and then resized to the page's
    ``width``/``height`` (before any ``Page.rotation``).
    """

    width: int
    height: int
    orientation: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {"width": self.width, "height": self.height, "orientation": self.orientation}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ImageFrame:
        return cls(int(d["width"]), int(d["height"]), int(d.get("orientation", 1)))


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a document, numbered from 1.

    ``status`` says whether its text can be trusted: a ``MANUAL`` page keeps what OCR read but
    is flagged for a person (``reason`` says why); a ``FAILED`` page is an empty placeholder
    for a page that could not be read (``reason``: the error), so the rest of its document is
    kept. ``rotation`` is the clockwise turn (0/90/180/270) applied before OCR, ``deskew`` the
    small turn after it; word boxes are in the turned image. ``frame`` is the stored image's
    own frame when normalising changed it (``pipeline.exports.layout`` maps boxes back to it).
    ``attempts`` are the readings made, the chosen one marked.

    A ``MANUAL`` page made by ``flagged`` has one line, ``manual_mark``'s, and keeps its best
    reading apart in ``reading``: what is searched (raw, stripped and clean text, the index,
    the PDF's text layer) never holds the garbage, and nothing OCR read is lost.
    """

    number: int
    lines: tuple[Line, ...]
    source: PageSource = PageSource.TEXT
    width: int | None = None
    height: int | None = None
    dpi: int | None = None
    preprocessing: tuple[str, ...] = ()
    #: Degrees the page image was turned by before OCR (boxes are in the turned image).
    deskew: float = 0.0
    # What OCR or ingest noticed about this page (e.g. "no text found").
    warnings: tuple[str, ...] = ()
    #: Redaction boxes found on the page image (``pipeline.stages.redaction``); the OCR words
    #: inside them are still in ``lines``, as the engine read them: the strip stage drops them.
    redactions: tuple[Redaction, ...] = ()
    status: PageStatus = PageStatus.OK
    reason: str | None = None
    rotation: int = 0
    attempts: tuple[Attempt, ...] = ()
    #: The stored image's frame when normalisation changed it (EXIF orientation, non-square
    #: DPI); None: the stored image is the normalised one.
    frame: ImageFrame | None = None
    #: A page flagged for manual transcription (``flagged``): the lines OCR read at best, kept
    #: out of ``lines`` (empty on every other page).
    reading: tuple[Line, ...] = ()
    #: The paper's box in the word boxes' pixels when the image shows a frame around it (a
    #: photo's background, a scan's dark border: ``pipeline.stages.paper``); None: the paper
    #: fills the image. Position tests are shares of this box.
    paper: BBox | None = None

    @classmethod
    def placeholder(cls, number: int, reason: str) -> Page:
        """The empty page that stands in for one that failed (its text is empty)."""
        return cls(
            number=number, lines=(), source=PageSource.OCR, status=PageStatus.FAILED, reason=reason
        )

    def flagged(self, reason: str) -> Page:
        """This page flagged ``MANUAL`` for ``reason``: its text the one line of ``manual_mark``
        (a line with no word boxes), what it read kept in ``reading``."""
        mark = Line.from_text(manual_mark(self.number, reason))
        return replace(
            self, lines=(mark,), reading=self.lines, status=PageStatus.MANUAL, reason=reason
        )

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line.words]

    @classmethod
    def from_text(cls, number: int, text: str) -> Page:
        return cls(number=number, lines=tuple(Line.from_text(t) for t in text.split("\n")))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "page": self.number,
            "source": self.source.value,
            "width": self.width,
            "height": self.height,
            "dpi": self.dpi,
            "preprocessing": list(self.preprocessing),
            "warnings": list(self.warnings),
            "lines": [line.to_dict() for line in self.lines],
        }
        if self.deskew:
            d["deskew"] = round(self.deskew, 2)
        if self.redactions:
            d["redactions"] = [r.to_dict() for r in self.redactions]
        if self.status is not PageStatus.OK or self.reason:
            d["status"] = self.status.value
            d["reason"] = self.reason
        if self.rotation:
            d["rotation"] = self.rotation
        if self.attempts:
            d["attempts"] = [a.to_dict() for a in self.attempts]
        if self.frame is not None:
            d["frame"] = self.frame.to_dict()
        if self.reading:
            d["reading"] = [line.to_dict() for line in self.reading]
        if self.paper is not None:
            d["paper"] = self.paper.to_list()
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Page:
        return cls(
            number=d["page"],
            lines=tuple(Line.from_dict(x) for x in d["lines"]),
            source=PageSource(d.get("source", "text")),
            width=d.get("width"),
            height=d.get("height"),
            dpi=d.get("dpi"),
            preprocessing=tuple(d.get("preprocessing", ())),
            warnings=tuple(d.get("warnings", ())),
            deskew=float(d.get("deskew", 0.0)),
            redactions=tuple(Redaction.from_dict(r) for r in d.get("redactions", ())),
            status=PageStatus(d.get("status", "ok")),
            reason=d.get("reason"),
            rotation=int(d.get("rotation", 0)),
            attempts=tuple(Attempt.from_dict(a) for a in d.get("attempts", ())),
            frame=ImageFrame.from_dict(d["frame"]) if d.get("frame") else None,
            reading=tuple(Line.from_dict(x) for x in d.get("reading", ())),
            paper=BBox.from_list(d.get("paper")),
        )


def pages_text(pages: Sequence[Page]) -> str:
    """The raw text of a document: pages joined by form feeds."""
    return "\f".join(p.text for p in pages)


# ---------------------------------------------------------------------------------------------
# Records written by the later stages. They live here so every stage agrees on one shape.


@dataclass(frozen=True, slots=True)
class WordSpan:
    """Where a stretch of the stripped text came from on the page.

    ``start``/``end`` are character offsets in the stripped text; ``page`` and ``line`` (index into
    ``Page.lines``) locate it in the OCR output; ``bbox``/``conf`` carry the OCR evidence.
    """

    start: int
    end: int
    page: int
    line: int
    bbox: BBox | None = None
    conf: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "page": self.page,
            "line": self.line,
            "bbox": None if self.bbox is None else self.bbox.to_list(),
            "conf": self.conf,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> WordSpan:
        return cls(
            start=d["start"],
            end=d["end"],
            page=d["page"],
            line=d["line"],
            bbox=BBox.from_list(d.get("bbox")),
            conf=d.get("conf"),
        )


# ---------------------------------------------------------------------------------------------
# What a batch is made of: documents and the page images inside them.


@dataclass(frozen=True)
class DocumentSource:
    """One document to process: its output name, where it comes from and what kind it is."""

    name: str
    path: Path
    kind: DocKind
    # For a folder document: its page image files in natural order.
    files: tuple[Path, ...] = ()
    # The folder the user's argument was in: outputs name inputs relative to it, so they hold
    # no absolute or machine-specific paths ("scans/memo.png", whatever the working folder).
    root: Path | None = None

    def display(self, path: Path | None = None) -> str:
        return display_path(path or self.path, self.root)

    @property
    def input_files(self) -> tuple[Path, ...]:
        return self.files if self.kind is DocKind.FOLDER else (self.path,)


@dataclass(frozen=True)
class PageRef:
    """How a worker finds one page image: a file, and a frame/page index inside it."""

    doc: str
    number: int  # 1-based page number in the document
    path: Path
    kind: DocKind  # PDF, TIFF or IMAGE (folder pages resolve to one of these)
    index: int = 0  # page index inside a PDF / frame inside a TIFF


def display_path(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.name
