"""Whether a page's final reading is text a reader can cite, judged from Tesseract's own doubt.

A faint page can end its hard search with a reading that looks like text but is not: FreeMono
at paper 155 / ink 145 under grain 8 (dev), its best reading smoothed along the strokes
(``LINES``), read 116 words at mean confidence 50, 73 % of them word-like (``ocr``'s older test
lets that pass: it asks for 45 and 45 %) and 77 of them below ``reading.UNSURE_CONF``: 81 % of
the words of the page wrong. Its words are shaped like words because the treatment drew strokes,
not because it read them; what gives it away is that Tesseract doubts most of them.

``unsure_page`` flags such a reading: the share of its words Tesseract is unsure of, taken at
the lower end of its Wilson interval (``reading.unsure_bound``: a short page's few doubted words
prove little), above ``MANUAL_UNSURE``. The page is then flagged for manual transcription
whole (``Page.flagged``): its reading is kept in its record, and its reason gives what was
measured (the unsure words, the bound, the mean confidence, the word-like share, and how many
of its lines are mostly unsure words, ``unsure_lines``).

A page with long stretches of good text and a few bad lines is not flagged here: its unsure
words are a minority of the page, and a historian citing it wants the good lines. Its bad
lines are judged line by line later, by the correction stage (``stages.correct.lines``: a line
of damaged words becomes one "transcribe by hand" item, the OCR line kept beside it), which
reads the dictionary this stage has no access to.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.core.records import Attempt, Line
from pipeline.stages.reading import UNSURE_CONF, unsure_bound

log = logging.getLogger(__name__)

#: A final reading is flagged when more than this share of its words are ones Tesseract is
#: unsure of (below ``reading.UNSURE_CONF``), by the lower end of the Wilson interval
#: (``reading.unsure_bound``, one-sided 95 %). Dev material only, final readings: the 12
#: FreeMono paper 155 / ink 145 pages (13 dev texts) that ended "ok" read at 81-96 % WER with
#: bounds of 0.54-0.64 (mean confidence 47-57, 73-85 % word-like: neither older test sees
#: them); the dev sweep's hairline, thinned, faint, grain 70, blur 3.25 and speckle 18 % cells
#: that read (2 texts each, 0-8 % WER) at most 0.04; the dev tiers' pages (clean, and a sample
#: of hard and extreme) at most 0.08, a last page of 41 words; ``bench.classes`` dev pages
#: (turned, EXIF, fax, alpha, 16-bit, negative, colour, oversize, photo; 2 texts) at most
#: 0.12, a 204x98 fax; the real scans (dev redaction
#: pages of the CIA CREST and the FBI's Carter Page release, heavy redaction and a 28-word
#: page among them; OCRmyPDF's test files: typewriter, brochure, skewed, CCITT, JBIG2) at most
#: 0.09, the 28-word FBI page. Word-like shares do not separate (that FBI page 61 %), mean
#: confidence does (80 and up against 57 and down) but says nothing of how many words bear it.
MANUAL_UNSURE = 0.4
#: A line of at least this many words is "mostly unsure" (``unsure_lines``) when more than
#: half of its words are unsure: the count the reason gives, so a person sees whether the
#: doubt is spread over the page or in a few lines.
LINE_MIN_WORDS = 2


@dataclass(frozen=True)
class Doubt:
    """What a final reading's words say about it: ``words`` in all, ``unsure`` of them read
    below ``reading.UNSURE_CONF``, ``bound`` the share of unsure words they bear out (0-1,
    ``reading.unsure_bound``), and ``lines`` of ``bad_lines`` mostly unsure words."""

    words: int
    unsure: int
    bound: float
    lines: int
    bad_lines: int


def doubt(lines: Sequence[Line]) -> Doubt:
    """How much of a reading (``lines`` of words with confidences 0-100) Tesseract doubts.

    >>> from pipeline.core.records import Word
    >>> sure, unsure = Word("cable", 91.0), Word("cahle", 40.0)
    >>> d = doubt([Line("", (sure, sure, sure)), Line("", (unsure, unsure, sure))])
    >>> d.words, d.unsure, d.lines, d.bad_lines
    (6, 2, 2, 1)
    """
    words = unsure = bad = counted = 0
    for line in lines:
        confs = [w.conf for w in line.words]
        if not confs:
            continue
        counted += 1
        doubted = sum(1 for c in confs if c is not None and c < UNSURE_CONF)
        words += len(confs)
        unsure += doubted
        bad += len(confs) >= LINE_MIN_WORDS and 2 * doubted > len(confs)
    return Doubt(words, unsure, unsure_bound(unsure, words), counted, bad)


def unsure_page(lines: Sequence[Line], chosen: Attempt, readings: int) -> str | None:
    """Why the page whose final reading is ``lines`` (its record ``chosen``, the best of
    ``readings`` readings) must be transcribed by hand, or None when its words are text a
    reader can cite: more than ``MANUAL_UNSURE`` of its words unsure by the Wilson bound. The
    reason says what was measured.

    >>> from pipeline.core.enums import Treatment
    >>> from pipeline.core.records import Word
    >>> read = [Line("", (Word("tbe", 40.0), Word("cahle", 50.0), Word("was", 80.0)))] * 20
    >>> a = Attempt(Treatment.LINES, words=60, conf=56.7, wordlike=0.9)
    >>> unsure_page(read, a, 5)[:94]
    'Tesseract is unsure of 40 of the 60 words it read (best of 5 readings; below confidence 70): a'
    >>> unsure_page(read[:1], a, 5) is None  # 2 of 3 words prove nothing
    True
    """
    d = doubt(lines)
    if d.bound <= MANUAL_UNSURE:
        return None
    best = f"best of {readings} readings; " if readings > 1 else ""
    conf = "-" if chosen.conf is None else f"{chosen.conf:.0f}"
    return (
        f"Tesseract is unsure of {d.unsure} of the {d.words} words it read ({best}below "
        f"confidence {UNSURE_CONF:.0f}): at least {d.bound:.0%} by the Wilson bound, over "
        f"{MANUAL_UNSURE:.0%}; {d.bad_lines} of {d.lines} lines mostly such words; mean "
        f"confidence {conf}, {chosen.wordlike or 0:.0%} word-like: "
        "text a reader cannot cite"
    )
