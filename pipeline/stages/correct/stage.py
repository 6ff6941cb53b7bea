"""The correct stage as the runner sees it: the stripped text in, ``CorrectResult`` out, cached.

Correction leans on the whole batch (a form that recurs across documents with good OCR
confidence is probably right), so ``prepare`` builds the batch vocabulary first; its cache key is
the set of the documents' inputs, not their names. The dictionaries are loaded in ``check``,
before any OCR, so a malformed dictionary line stops the run at once (``stages.dictionaries``:
loaded once, by whichever of strip and correct checks first).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pipeline.core.cache import data_hash, settings_dict
from pipeline.core.config import RunConfig
from pipeline.core.fileio import sha256_bytes
from pipeline.core.results import Correction, CorrectResult, PageCheck, StripResult
from pipeline.core.stage import DocState, RunContext, Stage
from pipeline.stages.dictionaries import run_lexicon

if TYPE_CHECKING:
    from pipeline.stages.correct.config import CorrectConfig

log = logging.getLogger(__name__)


def _input_hash(stripped: StripResult) -> str:
    return data_hash({"text": stripped.text, "spans": [s.to_dict() for s in stripped.spans]})


class Correct(Stage):
    """Spell-correct the stripped text against English and the lexicon."""

    name = "correct"
    code = ("pipeline.stages.correct", "pipeline.lexicon")  # both packages, whole

    def enabled(self, config: RunConfig) -> bool:
        return config.correct

    def check(self, states: Sequence[DocState], ctx: RunContext) -> None:
        if states:
            run_lexicon(ctx)  # shared with the strip stage: whichever checks first loads it

    def prepare(self, states: Sequence[DocState], ctx: RunContext) -> None:
        stripped = {s.name: s.output("strip") for s in states}
        names = sorted(stripped)
        # The stage's modules load when the first document reaches it, not before the first page.
        from pipeline.stages.correct.vocabulary import BatchVocabulary

        ctx.shared["correct.vocabulary"] = BatchVocabulary.from_documents(
            (stripped[n].text, stripped[n].spans) for n in names
        )
        inputs = sorted(_input_hash(stripped[n]) for n in names)
        ctx.shared["correct.vocabulary_key"] = sha256_bytes("\n".join(inputs).encode())

    def _config(self) -> CorrectConfig:
        from pipeline.stages.correct.config import CorrectConfig

        return CorrectConfig()

    def basis(self, state: DocState, ctx: RunContext) -> dict[str, Any]:
        assert ctx.lexicon is not None
        return {
            "input": _input_hash(state.output("strip")),
            "lexicon": ctx.lexicon.hash,
            "vocabulary": ctx.shared["correct.vocabulary_key"],
            "settings": settings_dict(self._config()),
        }

    def run(self, state: DocState, ctx: RunContext) -> CorrectResult:
        stripped: StripResult = state.output("strip")
        vocabulary = ctx.shared["correct.vocabulary"]
        from pipeline.stages.correct.records import apply_corrections
        from pipeline.stages.correct.token_pass import correct

        out = correct(stripped.text, stripped.spans, ctx.lexicon, self._config(), vocabulary)
        # The records must replay to the text; checked before the result is cached.
        if apply_corrections(stripped.text, out.applied) != out.text:
            raise RuntimeError("corrections do not replay to the corrected text")
        manual = tuple(p for p in out.manual_pages if p.manual)
        return CorrectResult(out.text, out.corrections, manual, out.tokens)

    def encode(self, output: CorrectResult) -> dict[str, Any]:
        return {
            "text": output.text,
            "corrections": [c.to_dict() for c in output.corrections],
            "manual_pages": [p.to_dict() for p in output.manual_pages],
            "tokens": output.tokens,
        }

    def decode(self, data: dict[str, Any]) -> CorrectResult:
        return CorrectResult(
            text=data["text"],
            corrections=tuple(Correction.from_dict(c) for c in data["corrections"]),
            manual_pages=tuple(PageCheck.from_dict(p) for p in data["manual_pages"]),
            tokens=int(data["tokens"]),
        )
