"""Every closed set of values the stages pass to each other, as ``StrEnum``s.

A ``StrEnum`` member *is* its string value (``CorrectionDecision.APPLIED == "applied"``), so it
is written to JSON as that value and read back with ``CorrectionDecision(value)``; a value that is
not in the set raises ``ValueError`` instead of drifting through the pipeline as a typo.
"""

from __future__ import annotations

from enum import StrEnum


class DocKind(StrEnum):
    """What an input document is made of."""

    PDF = "pdf"
    TIFF = "tiff"
    IMAGE = "image"
    TEXT = "text"  # existing OCR text: no page images, no OCR
    FOLDER = "folder"  # a folder of page images, one document


class PageSource(StrEnum):
    """Where a page's text came from."""

    OCR = "ocr"  # re-OCRed here from a page image
    TEXT = "text"  # an existing OCR text file (no boxes, no confidences)


class PageStatus(StrEnum):
    """Whether a page's text can be trusted (``pages/NNNN.json`` ``status``)."""

    OK = "ok"  # read; its text is what OCR found
    MANUAL = "manual"  # read, but the evidence says it is not text: for manual transcription
    FAILED = "failed"  # could not be read at all: an empty placeholder with the reason


class Treatment(StrEnum):
    """One way of cleaning a page image before OCR (``Attempt.treatment``)."""

    AUTO = "auto"  # the cheap first pass: only the steps the page's measurements ask for
    AS_IS = "as-is"  # the normalised grey page, untouched (Tesseract binarises it itself)
    SMOOTH = "smooth"  # median 5 on the grey page: grain and thin faint strokes
    BLUR = "blur"  # a Gaussian over the grain on the grey page: faint strokes under heavy grain
    CLEAN = "clean"  # every step: denoise, background normalisation, Otsu, despeckle
    #: faint strokes under grain: smoothed, then thresholded against the local paper level by
    #: the page's measured grain (not Otsu, which splits the grain of a nearly blank histogram)
    FAINT = "faint"
    #: hairline strokes (measured thinner than ``imaging.THIN_STROKE``): a light Gaussian and a
    #: grey minimum filter widen every dark stroke by a pixel before Tesseract thresholds it
    THICKEN = "thicken"
    #: thin strokes broken and faint under grain: smoothed along each stroke's direction
    #: (``stages.strokes``), then thresholded against the paper by the grain like ``FAINT``
    LINES = "lines"


class PreprocessMode(StrEnum):
    """How much image clean-up a page gets before OCR (``--preprocess``)."""

    AUTO = "auto"  # measure, then apply what the page needs
    NONE = "none"  # hand the image to Tesseract as it is (grayscale only)
    FULL = "full"  # every step regardless of measurement (for comparison)


class ApplyPolicy(StrEnum):
    """How the correct stage decides that a change is applied rather than proposed (``--apply``).

    Either way a change needs a clear winner and is never applied to a protected word; confirmed
    corrections from review always apply.
    """

    CONFIRMED = "confirmed"  # the hand-set doubts, each application confirmed by the model
    RULES = "rules"  # hand-set doubts (correct/decide.py) alone: more applied, more wrong
    CALIBRATED = "calibrated"  # the dev-fitted model (correct/calibrate.py): far fewer, safer


class FurnitureKind(StrEnum):
    """What a removed line or span of page furniture was (``removed.jsonl`` ``kind``)."""

    BANNER = "banner"  # classification banner: SECRET, UNCLASSIFIED ...
    PAGE_NUMBER = "page-number"
    RELEASE_STAMP = "release-stamp"  # RELEASED IN FULL, case and document numbers, reviewer
    TELETYPE_HEADER = "teletype-header"  # PAGE 01 STATE 123456 ...
    JUNK = "junk"  # specks and scanner noise read as characters
    REPEATED = "repeated"  # a running header or footer, found by repetition across pages
    FORM = "form"  # a form's printed parts: its check-box classification row ("[] SECRET [] ...")
    HYPHEN = "line-end-hyphen"  # a line-end hyphen undone: the joined word is a known word
    # A page's line breaks taken out when its lines were rejoined (one record a page, listing
    # the lines): not furniture, and never counted as a removal.
    LINE_JOIN = "line-join"
    REDACTION = "redaction"  # OCR noise inside a redaction box, replaced by a [REDACTED] mark
    # An exemption code printed beside a redaction box, apart from it: it is in the box's mark.
    EXEMPTION_CODE = "exemption-code"


class RedactionStyle(StrEnum):
    """How a release marks withheld text (``metadata.json`` ``redactions``)."""

    BLACK_BAR = "black-bar"  # a solid black box over the text
    GREY_BAR = "grey-bar"  # a solid, even grey box over the text (CIA CREST releases)
    WHITE_BOX = "white-box"  # an outlined empty box, the exemption code beside or inside it
    LABEL = "label"  # text input: an exemption label where the text was, "(b)(6)"


class CodeSource(StrEnum):
    """Where an exemption code beside a redaction box was read (``metadata.json``
    ``redactions`` ``code_reads`` ``read``)."""

    DIRECT = "direct"  # in the page's own OCR
    ENLARGED = "enlarged"  # its rows, margin column or white box's inside read again, enlarged


class CorrectionDecision(StrEnum):
    """The state of one correction record (``corrections.jsonl`` ``decision``)."""

    APPLIED = "applied"  # the correct stage changed the word on its own
    PROPOSED = "proposed"  # waiting for a person
    ACCEPTED = "accepted"  # a person took the proposal (or one of its candidates)
    EDITED = "edited"  # a person typed the replacement
    REJECTED = "rejected"  # a person kept the original

    @property
    def changes_text(self) -> bool:
        """Whether ``clean.txt`` carries the replacement rather than the original."""
        return self in (CorrectionDecision.APPLIED, self.ACCEPTED, self.EDITED)


class CorrectionKind(StrEnum):
    """What a correction record is about (``corrections.jsonl`` ``kind``)."""

    WORD = "word"  # one word (or a pair split or merged): its candidates replace it
    #: A whole line with no recoverable word (OCR noise): a person types the line, or keeps it.
    #: Nothing is proposed for its words; the record lists what it subsumed.
    LINE = "line"
    #: Several nearby lines of one page, each a ``LINE`` item, taken as one "transcribe by hand"
    #: item (``correct.regions``): a line item whose text spans those lines.
    REGION = "region"
    #: A page flagged for manual transcription, typed by a person (``pipeline.review.transcribe``):
    #: the record replaces what stood for the page (its placeholder line) with the typed text.
    PAGE = "page"


#: The ``kind`` values of "transcribe by hand" items in ``corrections.jsonl`` (a line, a region).
TRANSCRIBE_KINDS = frozenset({CorrectionKind.LINE.value, CorrectionKind.REGION.value})


class TranscriptionState(StrEnum):
    """Where a page flagged for manual transcription stands in review
    (``pipeline.review.transcribe``)."""

    OPEN = "open"  # nobody has typed it
    TRANSCRIBED = "transcribed"  # a reviewer's text stands for it in clean.txt
    #: Typed from other pixels (the scan changed): shown again, its text not applied.
    STALE = "stale"


class ApplyPath(StrEnum):
    """Which path of the correct stage proposes to apply a change (``stages.correct``): the
    calibrated model confirms each with its path as a feature (``calibrate.features``)."""

    DICTIONARY = "dictionary"  # a word no dictionary knows, ranked candidates (``decide``)
    SPECK = "speck"  # a speck read as punctuation (``the, prisoner``, ``who. will``)
    JOIN = "join"  # a word broken by a hyphen at a line end or before a space (``in- terest``)
    THIN = "thin"  # a word split where OCR lost a thin letter (``keep ng``)
    FRAGMENT = "fragment"  # a broken word joined over a stray fragment (``pri- e- soners``)
    MISREAD = "misread"  # a broken word whose hyphen OCR read as a mark (``pri. soner``)
    REALWORD = "realword"  # a real word its neighbours say is a misread (``lie said``)
    SHORT = "short"  # a short non-word its neighbours decide (``tb``, ``ot``)
    CASE = "case"  # an OCR case confusion in mixed-case text (``succeSs``)
    SPLIT = "split"  # words run together, split where the neighbours agree (``hehad``)
    BATCH = "batch"  # a short non-word read as the batch's other places read it (``wvas``)


class TokenReading(StrEnum):
    """How a person would read one token of a line, judging whether the line is OCR noise
    (``stages.correct.lines``); each counts towards the line's word share by its ``weight``."""

    WORD = "word"  # a known word, a number, a date, a code, an initial
    LIKELY = "likely"  # shaped like a name or an abbreviation, a short known word
    DAMAGED = "damaged"  # unknown, with a dictionary word within reach: damaged, or by chance
    LOST = "lost"  # no recoverable word: letters mixed with digits or symbols, out of reach

    @property
    def weight(self) -> float:
        """How much the token counts as a word (0-1)."""
        return _READING_WEIGHT[self]


_READING_WEIGHT = {
    TokenReading.WORD: 1.0,
    TokenReading.LIKELY: 0.5,
    TokenReading.DAMAGED: 0.25,
    TokenReading.LOST: 0.0,
}


class WordClass(StrEnum):
    """How a token is written where it stands; decides how boldly it may be corrected."""

    LOWER = "lower"  # all lowercase
    INITIAL = "initial"  # capitalised at a sentence start
    NAME = "name"  # capitalised mid-sentence (or a Title-Case hyphenated compound)
    CAPS = "caps"  # all caps, in all-caps text (a cable)
    ACRONYM = "acronym"  # all caps in mixed-case text
    MIXED = "mixed"  # anything else (digits, internal capitals)


class DocStatus(StrEnum):
    """Where a document of the batch stands (``manifest.json`` ``status``)."""

    PENDING = "pending"
    DONE = "done"
    #: Written, but some pages failed: each has an error record and an empty placeholder.
    PARTIAL = "partial"
    FAILED = "failed"


class LexiconRole(StrEnum):
    """What a dictionary file's entries do (its ``# role:`` header)."""

    TARGET = "target"  # protected, and offered as corrections
    PROTECT = "protect"  # protected only (large gazetteers)
    ENGLISH = "english"  # more English words: known in any case, never offered


class LexiconKind(StrEnum):
    """What a dictionary file's entries are (its ``# kind:`` header)."""

    WORDS = "words"  # vocabulary: English, cable terms, places
    PEOPLE = "people"  # people's names: never recased or "fixed" towards English
