"""The run's entry point into review, until the runner replaces ``pipeline.textstages``.

``apply_to_batch`` re-applies the standing decisions to every corrected document of a run by
mutating the run's per-document text results. It is a bridge: the runner calls the pure API
instead (``resolve`` with ``effective(store.read(name))``, ``effective(store.read_batch())`` and
``store.learned()`` read once per batch), and this module goes away with ``textstages``.
It must not import ``pipeline.textstages`` (that would be a cycle): the results are typed by the
small protocol below.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Protocol

from pipeline.core.config import RunConfig
from pipeline.core.results import Correction
from pipeline.review.decisions import effective
from pipeline.review.resolve import resolve
from pipeline.review.store import ReviewStore

log = logging.getLogger(__name__)


class TextResultLike(Protocol):
    """What ``apply_to_batch`` reads and sets on one document's text result."""

    error: str | None
    stripped: str
    corrections: list[dict[str, Any]]
    clean: str
    review: dict[str, Any]


def apply_to_batch(results: Mapping[str, TextResultLike], config: RunConfig) -> None:
    """Re-apply the decisions in ``config.reviews`` to every corrected document of a run.

    Sets each result's ``clean``, ``corrections`` (dicts, with ``review`` fields) and ``review``
    (the metadata summary, with stale decisions); logs a warning for each stale decision. Does
    nothing when the run does not correct. Raises ``ReviewLogError``/``DictionaryError`` for an
    unreadable reviews log or user lexicon.
    """
    if not config.correct:
        return
    store = ReviewStore(config.reviews)
    batch = effective(store.read_batch())
    learned = store.learned()
    for name in sorted(results):
        r = results[name]
        if r.error:
            continue
        records = tuple(Correction.from_dict(c) for c in r.corrections)
        reviewed = resolve(name, r.stripped, records, effective(store.read(name)), batch, learned)
        r.clean = reviewed.text
        r.corrections = reviewed.records()
        r.review = reviewed.summary(name)
        for s in reviewed.stale:
            log.warning("%s: review decision %s is stale: %s", name, s.decision.id, s.why)
