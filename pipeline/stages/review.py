"""The review stage: every standing review decision re-applied to every corrected document.

Decisions live in the reviews folder (``--reviews``), never in the output folder, and are read
afresh on every run (never cached: a decision made a second ago counts). The work is
``pipeline.review``'s ``resolve``; this module only feeds it each document's correction records
and the pages flagged for manual transcription, with the digest of each one's pixels (a page
typed by hand is re-applied only while they are the same: ``pipeline.review.transcribe``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pipeline.core.config import RunConfig
from pipeline.core.enums import PageStatus
from pipeline.core.errors import OutputBusyError
from pipeline.core.stage import DocState, RunContext, Stage

if TYPE_CHECKING:
    from pipeline.review.transcribe import FlaggedPage

log = logging.getLogger(__name__)


class Review(Stage):
    """Apply accepted, edited and rejected decisions; report stale ones."""

    name = "review"

    def enabled(self, config: RunConfig) -> bool:
        return config.correct

    def prepare(self, states: Sequence[DocState], ctx: RunContext) -> None:
        from pipeline.review import ReviewStore, rederive

        store = ReviewStore(ctx.config.reviews)
        try:
            rederive(store)  # lexicon lines of decisions a killed review never wrote
        except OutputBusyError as exc:  # a review holds the folder: the next run does it
            log.warning("learned lines not restored now: %s", exc)
        ctx.shared["review.store"] = store
        ctx.shared["review.batch"] = store.standing_batch()
        ctx.shared["review.batch_log"] = store.read_batch()
        ctx.shared["review.learned"] = store.learned()

    def run(self, state: DocState, ctx: RunContext) -> Any:
        from pipeline.review import resolve

        store = ctx.shared["review.store"]
        stripped = state.output("strip")
        corrected = state.output("correct")
        reviewed = resolve(
            state.name,
            stripped.text,
            corrected.corrections,
            store.standing(state.name, ctx.shared["review.batch_log"]),
            ctx.shared["review.batch"],
            ctx.shared["review.learned"],
            flagged_pages(state),
        )
        for s in reviewed.stale:
            log.warning("%s: review decision %s is stale: %s", state.name, s.decision.id, s.why)
        return reviewed

    def encode(self, output: Any) -> dict[str, Any]:
        data = {"text": output.text, "corrections": output.records()}
        if output.flagged:  # only then: the review's output hash of other batches is unchanged
            data["flagged"] = [p.to_dict() for p in output.flagged]
        return data


def flagged_pages(state: DocState) -> list[FlaggedPage]:
    """The pages of ``state`` OCR flagged for manual transcription (their text a placeholder
    line), by page, each with the sha256 of its pixels (None, with a warning, when the page
    image cannot be read now)."""
    from pipeline.review.transcribe import FlaggedPage, page_digest

    refs = {r.number: r for r in state.refs}
    out = []
    for page in state.pages:
        if page.status is not PageStatus.MANUAL:
            continue
        ref = refs.get(page.number)
        digest = None
        try:
            digest = page_digest(ref) if ref is not None else None
        except Exception as exc:  # an odd image must not fail the document
            log.warning("%s: page %d: no digest of its pixels: %s", state.name, page.number, exc)
        out.append(FlaggedPage(page.number, page.reason or "flagged", digest))
    return out
