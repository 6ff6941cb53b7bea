"""The text stages of one batch: strip, correct, re-apply review decisions.

Each stage's result is cached under ``OUT/.cache/<stage>/`` by a key made of everything it depends
on (its input, its settings, its code version, and for correction the dictionaries and the batch
vocabulary), so a re-run with nothing changed recomputes nothing and a changed lexicon re-runs
correction but not stripping. Results are cached as the JSON that is written to the outputs.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.core.config import RunConfig
from pipeline.core.fileio import code_hash, dumps_json, sha256_bytes, write_json_atomic
from pipeline.core.records import Page, WordSpan
from pipeline.lexicon import Lexicon
from pipeline.stages.correct import (
    CODE_MODULES as CORRECT_MODULES,
)
from pipeline.stages.correct import (
    BatchVocabulary,
    CorrectConfig,
    apply_corrections,
    correct,
)
from pipeline.stages.strip import StripConfig, strip

log = logging.getLogger(__name__)

# The code behind each stage is part of its cache key (see fileio.code_hash).
STRIP_CODE = ("pipeline.stages.strip", "pipeline.stages.strip_patterns", "pipeline.textstages")
CORRECT_CODE = (
    *CORRECT_MODULES,
    "pipeline.lexicon",
    "pipeline.textstages",
)

_TOKEN = re.compile(r"\S+")


@dataclass
class StageRun:
    """What one stage did for one document: its cache key, output hash and whether reused."""

    key: str
    output_sha256: str
    reused: bool
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "output_sha256": self.output_sha256, "reused": self.reused}


@dataclass
class TextResult:
    """Everything the text stages produced for one document, ready to be written."""

    stripped: str
    spans: list[WordSpan]
    removals: list[dict[str, Any]] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    clean: str = ""
    corrections: list[dict[str, Any]] = field(default_factory=list)
    manual_pages: list[dict[str, Any]] = field(default_factory=list)
    tokens: int = 0
    review: dict[str, Any] = field(default_factory=dict)
    stages: dict[str, StageRun] = field(default_factory=dict)
    error: str | None = None  # a stage failed on this document (the batch goes on)


def _key(basis: dict[str, Any]) -> str:
    return sha256_bytes(dumps_json(basis).encode())


def _cached(
    cache: Path, stage: str, basis: dict[str, Any], compute: Callable[[], dict[str, Any]]
) -> tuple[dict[str, Any], StageRun]:
    key = _key({"stage": stage, **basis})
    path = cache / stage / f"{key}.json"
    t0 = time.perf_counter()
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            out_hash = sha256_bytes(dumps_json(data).encode())
            return data, StageRun(key, out_hash, True, time.perf_counter() - t0)
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable cache entry %s: %s", path, exc)
    data = compute()
    write_json_atomic(path, data)
    out_hash = sha256_bytes(dumps_json(data).encode())
    return data, StageRun(key, out_hash, False, time.perf_counter() - t0)


def pages_hash(pages: Sequence[Page]) -> str:
    return sha256_bytes(dumps_json([p.to_dict() for p in pages]).encode())


def unstripped(pages: Sequence[Page]) -> tuple[str, list[WordSpan]]:
    """The document's text with nothing removed (``--no-strip``), and its word map."""
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
            for w_i, m in enumerate(_TOKEN.finditer(line.text)):
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
    return "".join(parts), spans


def run_strip(pages: Sequence[Page], config: RunConfig, cache: Path) -> TextResult:
    if not config.strip:
        text, spans = unstripped(pages)
        return TextResult(stripped=text, spans=spans)
    strip_config = StripConfig(keep_kinds=frozenset(config.keep_furniture))

    def compute() -> dict[str, Any]:
        result = strip(pages, strip_config)
        return {
            "text": result.text,
            "spans": [s.to_dict() for s in result.spans],
            "removals": [r.to_dict() for r in result.removals],
            "fields": result.metadata(),
        }

    basis = {
        "input": pages_hash(pages),
        "settings": _settings(strip_config),
        "code": code_hash(*STRIP_CODE),
    }
    data, run = _cached(cache, "strip", basis, compute)
    return TextResult(
        stripped=data["text"],
        spans=[WordSpan.from_dict(s) for s in data["spans"]],
        removals=data["removals"],
        fields=data["fields"],
        stages={"strip": run},
    )


def _settings(config: object) -> dict[str, Any]:
    d = asdict(config)  # type: ignore[call-overload]
    return {k: sorted(v) if isinstance(v, (set, frozenset)) else v for k, v in d.items()}


def load_lexicon(config: RunConfig) -> Lexicon | None:
    """The dictionaries and the user lexicon, loaded at the start of a run (before any OCR), so
    a malformed line stops the batch at once with ``file:line: what is wrong``."""
    if not config.correct:
        return None
    t0 = time.perf_counter()
    lexicon = Lexicon.load(config.dictionaries, user_lexicon=config.reviews / "lexicon.txt")
    log.debug("dictionaries loaded in %.2f s", time.perf_counter() - t0)
    return lexicon


def run_correct(
    results: dict[str, TextResult], lexicon: Lexicon | None, cache: Path
) -> dict[str, Any] | None:
    """Correct every document; returns the dictionaries' description for metadata."""
    if lexicon is None or not results:
        for r in results.values():
            r.clean = r.stripped
        return None
    correct_config = CorrectConfig()
    names = sorted(results)
    inputs = {n: _correct_input_hash(results[n]) for n in names}
    # The batch vocabulary (counts and OCR confidences of every document's words) makes each
    # document's correction depend on the whole batch; its key is the set of inputs, not names.
    vocabulary = BatchVocabulary.from_documents(
        (results[n].stripped, results[n].spans) for n in names
    )
    vocab_key = sha256_bytes("\n".join(sorted(inputs.values())).encode())
    for name in names:
        r = results[name]
        try:
            _correct_one(
                name, r, inputs[name], cache, lexicon, correct_config, vocabulary, vocab_key
            )
        except Exception as exc:  # a bug on one document must not stop the batch
            log.exception("correction failed on %s", name)
            r.error = f"correct stage failed: {exc}"
    return lexicon.describe()


def _correct_input_hash(r: TextResult) -> str:
    return sha256_bytes(
        dumps_json({"text": r.stripped, "spans": [s.to_dict() for s in r.spans]}).encode()
    )


def _correct_one(
    name: str,
    r: TextResult,
    input_hash: str,
    cache: Path,
    lexicon: Lexicon,
    correct_config: CorrectConfig,
    vocabulary: BatchVocabulary,
    vocab_key: str,
) -> None:
    def compute() -> dict[str, Any]:
        out = correct(r.stripped, r.spans, lexicon, correct_config, vocabulary)
        # The records must replay to the text; checked before the result is cached.
        if apply_corrections(r.stripped, out.applied) != out.text:
            raise RuntimeError(f"{name}: corrections do not replay to the corrected text")
        return {
            "text": out.text,
            "corrections": [c.to_dict() for c in out.corrections],
            "manual_pages": [p.to_dict() for p in out.manual_pages if p.manual],
            "tokens": out.tokens,
        }

    basis = {
        "input": input_hash,
        "lexicon": lexicon.hash,
        "vocabulary": vocab_key,
        "settings": _settings(correct_config),
        "code": code_hash(*CORRECT_CODE),
    }
    data, run = _cached(cache, "correct", basis, compute)
    r.stages["correct"] = run
    r.clean = data["text"]
    r.corrections = data["corrections"]
    r.manual_pages = data["manual_pages"]
    r.tokens = data["tokens"]


def apply_reviews(results: dict[str, TextResult], config: RunConfig) -> None:
    """Re-apply the review decisions kept in ``config.reviews`` (see pipeline.review)."""
    # Imported here: pipeline.review imports this module for TextResult.
    from pipeline import review

    review.apply_to_batch(results, config)
