"""The review stage: every standing review decision re-applied to every corrected document.

Decisions live in the reviews folder (``--reviews``), never in the output folder, and are read
afresh on every run (never cached: a decision made a second ago counts). The work is
``pipeline.review``'s ``resolve``; this module only feeds it each document's correction records.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from pipeline.core.config import RunConfig
from pipeline.core.errors import OutputBusyError
from pipeline.core.stage import DocState, RunContext, Stage

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
        )
        for s in reviewed.stale:
            log.warning("%s: review decision %s is stale: %s", state.name, s.decision.id, s.why)
        return reviewed

    def encode(self, output: Any) -> dict[str, Any]:
        return {"text": output.text, "corrections": output.records()}
