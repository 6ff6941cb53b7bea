"""Results worked out from a page's pixels, kept for as long as the pixels are: once a page.

A page that reads hard is prepared and read several ways (``stages.reading``), and each way
starts from the same pixels: the clean-up measures them (``imaging.measure``), picture search
and the measurements both look at the page at 50 DPI and at its darkest ink, and a reading
whose preparation left the pixels as they were searches the same redaction boxes. Each of
these is worked out once per array (``per_pixels``), keyed by the array's identity, and goes
when the array does; the array is made read-only so that no result outlives the pixels it was
worked out from.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

T = TypeVar("T")

#: What was worked out from a page's pixels, by ``id`` of the array (``per_pixels``): a weak
#: reference to the array (the entry goes when the array does) and the results by key.
_DERIVED: dict[int, tuple[weakref.ref, dict[tuple[object, ...], object]]] = {}


def per_pixels(pixels: np.ndarray, key: tuple[object, ...], make: Callable[[], T]) -> T:
    """``make()``, worked out once for one array of a page's pixels and ``key`` (what else the
    result depends on, the function's name first): a page read several ways is measured, and
    its boxes searched, once for every reading made from the same pixels. The array is made
    read-only on the first call, so that nothing can change it in place and leave a result
    that no longer fits it (no stage does: every step makes a new array). Results must not be
    changed by the caller (return tuples or copies)."""
    entry = _DERIVED.get(id(pixels))
    if entry is None or entry[0]() is not pixels:
        key_id = id(pixels)
        gone = weakref.ref(pixels, lambda _, k=key_id: _DERIVED.pop(k, None))
        entry = _DERIVED[key_id] = (gone, {})
        pixels.flags.writeable = False
    results = entry[1]
    if key not in results:
        results[key] = make()
    return results[key]  # type: ignore[return-value]


def area_copy(gray: np.ndarray, factor: float) -> np.ndarray:
    """``gray`` scaled by ``factor`` (<= 1) with pixel-area averaging (``INTER_AREA``), made
    once per page (``per_pixels``): picture search and the clean-up's measurements both look
    at the page at 50 DPI. Read only."""
    import cv2

    def make() -> np.ndarray:
        small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        small.flags.writeable = False
        return small

    return per_pixels(gray, ("area_copy", factor), make)


def ink_level(gray: np.ndarray) -> float:
    """The darkest ink's grey level: the 1st percentile of a sample of the page (every
    ``rows // 400``-th row, every 4th column), once per page (``per_pixels``)."""
    import numpy as np

    def make() -> float:
        return float(np.percentile(gray[:: max(1, gray.shape[0] // 400), ::4], 1))

    return per_pixels(gray, ("ink_level",), make)
