"""A form's check boxes back each other up: the lines of one printed menu a few lines apart.

OCR often reads a form's classification menu as a column, one box and option to a line
("L2] UNCLASSIFIED" / "UC Sout:" / "LJ SECRET", the top of a CIA routing sheet), with debris in
between. One such line alone is only a prior (``patterns.forms``); another line of the menu
within ``COLUMN_REACH`` lines is the evidence that it is the form's (``WorkLine.form``, weighed
in ``decide`` like position). A bare level line ("SECRET") in the same column is one of the
menu's options too, and becomes a ``form`` line instead of a banner; so is a bare level a few
lines from the form's printed instruction (a routing slip's boxes beside "FOLD HERE TO RETURN TO
SENDER").
"""

from __future__ import annotations

import logging

from pipeline.core.enums import FurnitureKind
from pipeline.stages.strip.lines import WorkLine
from pipeline.stages.strip.patterns.base import Prior

log = logging.getLogger(__name__)

# How many lines either side another line of the menu may be.
COLUMN_REACH = 3


def form_columns(lines: list[WorkLine]) -> None:
    """Mark the lines of a form's check-box menu that have another of its lines nearby
    (``form``: "check-box column with line 12"); a banner line among them becomes one of the
    menu's options (its prior a ``checkbox-column`` of kind ``form``). ``lines``: the
    document's, in order, with their priors."""
    for ln in lines:
        if not _row(ln) and not _bare_level(ln):
            continue
        other = _neighbour(ln)
        printed = _printed_instruction(ln) if _bare_level(ln) else None
        if printed is not None and (other is None or not _printed_row(other)):
            # The routing slip's classification boxes, read as one bare level under its
            # printed "FOLD HERE TO RETURN TO SENDER" (2018 104-10165-10017 line 22,
            # 104-10308-10153 line 100, dev).
            ln.form = f"beside the form's printed line {printed.idx}"
        elif other is None or (not _printed_row(ln) and not _printed_row(other)):
            continue  # two bare levels side by side: banners, or a field's values; left alone
        else:
            ln.form = f"check-box column with line {other.idx}"
        if _bare_level(ln):
            assert ln.prior is not None
            ln.prior = Prior(
                "checkbox-column", FurnitureKind.FORM, ln.prior.weight, ln.prior.detail
            )


def _row(ln: WorkLine) -> bool:
    return ln.prior is not None and ln.prior.name in ("checkbox-row", "checkbox-column")


def _printed_row(ln: WorkLine) -> bool:
    """A line the form pattern itself took (not a level taken for an option by its column)."""
    return ln.prior is not None and ln.prior.name == "checkbox-row"


def _bare_level(ln: WorkLine) -> bool:
    return ln.prior is not None and ln.prior.name == "banner-line"


def _printed_instruction(ln: WorkLine) -> WorkLine | None:
    """A form's printed instruction line (``patterns.forms.printed_line``: "SENDER WILL CHECK
    CLASSIFICATION TOP AND BOTTOM", "FOLD HERE TO RETURN TO SENDER") within ``COLUMN_REACH``
    lines on the same page."""
    for step in (lambda x: x.prev, lambda x: x.next):
        other = step(ln)
        for _ in range(COLUMN_REACH):
            if other is None or other.page != ln.page:
                break
            if other.prior is not None and other.prior.name == "form-print":
                return other
            other = step(other)
    return None


def _neighbour(ln: WorkLine) -> WorkLine | None:
    """The nearest line of a check-box menu within ``COLUMN_REACH`` lines on the same page."""
    for step in (lambda x: x.prev, lambda x: x.next):
        other = step(ln)
        for _ in range(COLUMN_REACH):
            if other is None:
                break
            if _printed_row(other) or _bare_level(other):
                return other
            other = step(other)
    return None
