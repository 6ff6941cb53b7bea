"""The strip stage as the runner sees it: pages in, ``StripResult`` out, cached.

Line-end hyphens ask the run's lexicon (``stages.dictionaries``), so its hash is part of the
cache key. ``--no-strip`` gives the identity: the document's text with nothing removed, and the
same word map, so the later stages work the same way on either.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pipeline.core.cache import data_hash, settings_dict
from pipeline.core.config import RunConfig
from pipeline.core.records import Page, Redaction, WordSpan
from pipeline.core.results import Field, Removal, StripResult
from pipeline.core.stage import DocState, RunContext, Stage
from pipeline.core.text import TOKEN
from pipeline.stages.dictionaries import run_lexicon

if TYPE_CHECKING:
    from pipeline.stages.strip import StripConfig

log = logging.getLogger(__name__)


def unstripped(pages: Sequence[Page]) -> StripResult:
    """The document's text with nothing removed (``--no-strip``) and its word map: pages
    joined by a blank line, each token mapped to its OCR word's box and confidence."""
    parts: list[str] = []
    spans: list[WordSpan] = []
    pos = 0
    for p_i, page in enumerate(pages):
        if p_i:
            parts.append("\n\n")
            pos += 2
        for l_i, line in enumerate(page.lines):
            if l_i:
                parts.append("\n")
                pos += 1
            words = list(line.words)
            for w_i, m in enumerate(TOKEN.finditer(line.text)):
                word = words[w_i] if w_i < len(words) else None
                spans.append(
                    WordSpan(
                        start=pos + m.start(),
                        end=pos + m.end(),
                        page=page.number,
                        line=l_i,
                        bbox=word.bbox if word else None,
                        conf=word.conf if word else None,
                    )
                )
            parts.append(line.text)
            pos += len(line.text)
    # The boxes found on the page images are still where text was withheld.
    boxes = tuple(r for page in pages for r in page.redactions)
    return StripResult("".join(parts), tuple(spans), removals=(), fields={}, redactions=boxes)


class Strip(Stage):
    """Remove page furniture and rejoin paragraphs (``pipeline.stages.strip``)."""

    name = "strip"
    # The whole package, the lexicon's queries (line-end hyphens ask it) and the exemption
    # codes (labels in text input are read with them).
    code = ("pipeline.stages.strip", "pipeline.lexicon", "pipeline.stages.exemptions")

    def check(self, states: Sequence[DocState], ctx: RunContext) -> None:
        if states and ctx.config.strip:
            run_lexicon(ctx)  # shared with the correct stage: whichever checks first loads it

    def _config(self, config: RunConfig) -> StripConfig:
        # The stage's modules (rapidfuzz, numpy) load when the first document reaches it, not
        # before the first page is OCRed.
        from pipeline.stages.strip import StripConfig

        return StripConfig(keep_kinds=frozenset(config.keep_furniture))

    def basis(self, state: DocState, ctx: RunContext) -> dict[str, Any] | None:
        if not ctx.config.strip:
            return None
        return {
            "input": data_hash([p.to_dict() for p in state.pages]),
            "settings": settings_dict(self._config(ctx.config)),
            "lexicon": run_lexicon(ctx).hash,
        }

    def run(self, state: DocState, ctx: RunContext) -> StripResult:
        if not ctx.config.strip:
            return unstripped(state.pages)
        from pipeline.stages.strip import strip

        return strip(state.pages, self._config(ctx.config), run_lexicon(ctx))

    def encode(self, output: StripResult) -> dict[str, Any]:
        return {
            "text": output.text,
            "spans": [s.to_dict() for s in output.spans],
            "removals": [r.to_dict() for r in output.removals],
            "fields": output.metadata(),
            "redactions": [r.to_dict() for r in output.redactions],
            "joins": [r.to_dict() for r in output.joins],
        }

    def decode(self, data: dict[str, Any]) -> StripResult:
        return StripResult(
            text=data["text"],
            spans=tuple(WordSpan.from_dict(s) for s in data["spans"]),
            removals=tuple(Removal.from_dict(r) for r in data["removals"]),
            fields={k: Field.from_dict(v) for k, v in data["fields"].items()},
            redactions=tuple(Redaction.from_dict(r) for r in data.get("redactions", ())),
            joins=tuple(Removal.from_dict(r) for r in data.get("joins", ())),
        )
