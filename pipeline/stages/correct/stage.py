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
from pipeline.core.enums import ApplyPolicy, PageStatus
from pipeline.core.fileio import sha256_bytes
from pipeline.core.records import WordSpan
from pipeline.core.results import Correction, CorrectResult, LeftWord, PageCheck, StripResult
from pipeline.core.stage import DocState, RunContext, Stage
from pipeline.stages.dictionaries import run_lexicon

if TYPE_CHECKING:
    from pipeline.stages.correct.config import CorrectConfig
    from pipeline.stages.correct.vocabulary import BatchVocabulary

log = logging.getLogger(__name__)


def _input_hash(stripped: StripResult) -> str:
    return data_hash({"text": stripped.text, "spans": [s.to_dict() for s in stripped.spans]})


class Correct(Stage):
    """Spell-correct the stripped text against English and the lexicon."""

    name = "correct"
    # both packages, whole; and the review's key, by which page_items counts screens
    code = ("pipeline.stages.correct", "pipeline.lexicon", "pipeline.review.keys")

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

        # An explicit map-reduce: each document's part (as tasks on a cluster), folded in name
        # order, so a local run and a cluster run build the same vocabulary.
        items = [(stripped[n].text, stripped[n].spans) for n in names]
        ex = ctx.executor
        if ex is not None and ex.remote and items:
            parts: list[Any] = [None] * len(items)
            for i, part in ex.map(document_vocabulary, items):
                # A part whose worker kept dying is counted here instead.
                ok = isinstance(part, BatchVocabulary)
                parts[i] = part if ok else BatchVocabulary.of_document(*items[i])
        else:
            parts = [BatchVocabulary.of_document(text, spans) for text, spans in items]
        ctx.shared["correct.vocabulary"] = BatchVocabulary.merged(parts)
        inputs = sorted(_input_hash(stripped[n]) for n in names)
        ctx.shared["correct.vocabulary_key"] = sha256_bytes("\n".join(inputs).encode())

    def _config(self, config: RunConfig) -> CorrectConfig:
        from pipeline.stages.correct.config import CorrectConfig

        return CorrectConfig(
            calibrated=config.apply is ApplyPolicy.CALIBRATED,
            confirm=config.apply is ApplyPolicy.CONFIRMED,
        )

    def basis(self, state: DocState, ctx: RunContext) -> dict[str, Any]:
        return {
            "input": _input_hash(state.output("strip")),
            "manual": [p.to_dict() for p in ocr_flagged(state)],
            "lexicon": run_lexicon(ctx).hash,
            "vocabulary": ctx.shared["correct.vocabulary_key"],
            "settings": settings_dict(self._config(ctx.config)),
        }

    def run(self, state: DocState, ctx: RunContext) -> CorrectResult:
        stripped: StripResult = state.output("strip")
        vocabulary = ctx.shared["correct.vocabulary"]
        from pipeline.stages.correct.records import apply_corrections
        from pipeline.stages.correct.token_pass import correct

        lexicon = run_lexicon(ctx)
        out = correct(
            stripped.text,
            stripped.spans,
            lexicon,
            self._config(ctx.config),
            vocabulary,
            flagged=ocr_flagged(state),
        )
        # The records must replay to the text; checked before the result is cached.
        if apply_corrections(stripped.text, out.applied) != out.text:
            raise RuntimeError("corrections do not replay to the corrected text")
        manual = tuple(p for p in out.manual_pages if p.manual)
        return CorrectResult(
            out.text, out.corrections, manual, out.tokens, out.left, out.left_words
        )

    def encode(self, output: CorrectResult) -> dict[str, Any]:
        return {
            "text": output.text,
            "corrections": [c.to_dict() for c in output.corrections],
            "manual_pages": [p.to_dict() for p in output.manual_pages],
            "tokens": output.tokens,
            "left": output.left,
            "left_words": [w.to_dict() for w in output.left_words],
        }

    def decode(self, data: dict[str, Any]) -> CorrectResult:
        return CorrectResult(
            text=data["text"],
            corrections=tuple(Correction.from_dict(c) for c in data["corrections"]),
            manual_pages=tuple(PageCheck.from_dict(p) for p in data["manual_pages"]),
            tokens=int(data["tokens"]),
            left={str(k): int(v) for k, v in data.get("left", {}).items()},
            left_words=tuple(LeftWord.from_dict(w) for w in data.get("left_words", ())),
        )


def ocr_flagged(state: DocState) -> list[PageCheck]:
    """The pages OCR flagged for manual transcription (``PageStatus.MANUAL``), as the checks
    the correct stage honours: skipped whole and listed with OCR's reason."""
    return [
        PageCheck(
            p.number,
            True,
            f"flagged by OCR: {p.reason or 'not text'}",
            sum(len(line.words) for line in p.reading or p.lines),  # what OCR read there
            0.0,  # not judged against the dictionaries: OCR's own judgement stands
        )
        for p in state.pages
        if p.status is PageStatus.MANUAL
    ]


def document_vocabulary(text: str, spans: Sequence[WordSpan]) -> BatchVocabulary:
    """One document's part of the batch vocabulary: the map step, run as a task."""
    from pipeline.stages.correct.vocabulary import BatchVocabulary

    return BatchVocabulary.of_document(text, spans)
