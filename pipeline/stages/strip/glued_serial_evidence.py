"""The FBI's "REC-" serial stamp read onto the end of a line of text.

The file room stamps a recorded serial "REC- 48" beside the addressee block of the Bureau's
communications; OCR often reads it onto the end of the typed line level with it ("SAC, Chicago
(92-373) REC- 48": 2025 124-10204-10101 line 103, bench/furniture/jfk-prose, dev). A line that is
only the stamp (with its ink) is ``patterns.office_stamps``' whole-line "rec-serial". Here the
stamp is cut from a line's end as a span, the rest of the line kept: the stamp's word in
capitals, its hyphen (or the stop OCR reads for it), a serial of one to three digits, and
nothing after but OCR debris (left to ``speck_tokens``). In the dev release years of
noops888/jfk-files-text @55840853 (2018 and 2021, one file per record number, less the test
list's and ``shared/corpus/jfk``'s records: 18,364 files) 112 lines end so after other text;
the 80 of them read (a random sample) were every one the stamp ("Department of Agriculture
REC. 58", "cc: Paul Daly REC-108", "EX-116 REC-33"). A sentence names a serial in other ways
("to REC-12 files"): a word after the serial keeps the line whole.
"""

from __future__ import annotations

import logging
import re

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.config import FORM_SHAPE, MEDIUM
from pipeline.stages.strip.lines import Span, WorkLine

log = logging.getLogger(__name__)

# The serial at the line's end: "REC- 48", "REC-108", "REC. 86" (OCR's stop for the hyphen),
# "REG-10." (C read as G), digits as OCR misreads them ("REC. Il"); debris after it.
GLUED_REC = re.compile(r"(?<=\s)(RE[CG]\s?[-.]\s?[\dOoIl|]{1,3})[\W_]{0,3}$")
# What stands in front must hold a word of two letters or more: else the line is the stamp.
_WORD = re.compile(r"[A-Za-z]{2,}")
# The serial's weight: the whole-line "rec-serial"'s (``patterns.match``).
SERIAL = MEDIUM + FORM_SHAPE


def glued_serials(lines: list[WorkLine]) -> None:
    """Cut an FBI "REC-" serial off the end of each line of text (see the module docstring): a
    removed span (``WorkLine.spans``) of kind release stamp. Lines that are a cable's header
    (protected), already hold a span, or carry a whole-line prior are left. ``lines``: the
    document's, in order, with their priors."""
    for ln in lines:
        if ln.protected or ln.spans or ln.prior is not None:
            continue
        m = GLUED_REC.search(ln.text)
        if m is None or not _WORD.search(ln.text[: m.start()]):
            continue
        why = [f"the FBI's recorded-serial stamp {m.group(1)!r} at the line's end"]
        ln.spans.append(Span(m.start(1), m.end(1), FurnitureKind.RELEASE_STAMP, why, SERIAL))
        log.debug("glued REC serial: page %d line %d", ln.page, ln.idx)
