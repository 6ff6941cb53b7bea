"""OCR engines: one protocol, a registry, and one module per engine.

An engine turns one prepared page image into ``Line``/``Word`` records. The OCR stage never
knows which engine it runs: it asks the registry for ``OcrSettings.engine`` by name. Adding an
engine is one module with a class that satisfies ``OcrEngine`` plus one line in ``_BUILTIN``
(or, from outside the package — a plugin, a test — one ``register()`` call).

Engines are looked up lazily, so choosing one never imports the others (nor their libraries).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from pipeline.core.errors import UsageError

if TYPE_CHECKING:
    from PIL import Image

    from pipeline.core.config import OcrSettings
    from pipeline.core.records import Line, PageRef


@dataclass(frozen=True)
class EngineInfo:
    """What the start-up check found: recorded in every OCRed document's metadata and part of
    the OCR cache key, so a new engine version or new language data re-OCRs every page."""

    name: str
    version: str
    languages: tuple[str, ...]
    #: sha256 of each language's model file (or another digest of what decides the output).
    language_hashes: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        # Machine-specific paths stay out: outputs are byte-identical across machines.
        return {
            "version": self.version,
            "languages": list(self.languages),
            "language_data_sha256": dict(sorted(self.language_hashes.items())),
        }


@dataclass(frozen=True)
class Recognized:
    """One page's OCR: its lines (blank lines between paragraphs) and what the engine warned
    about on that page (e.g. Tesseract's "Empty page!!" or a resolution warning)."""

    lines: tuple[Line, ...]
    warnings: tuple[str, ...] = ()


class OcrEngine(Protocol):
    """What the OCR stage needs from an engine.

    ``check`` runs once per batch in the parent process and raises ``MissingDependencyError``
    (with install advice) when the engine or a requested language is missing. ``recognize``
    runs in worker processes, one page at a time, on the cleaned-up page image (``dpi`` is its
    resolution; ``page`` says which file and frame it came from, for engines that read
    something beside the image); it raises ``OcrError`` for a failure of that page (timeout,
    crash) and returns an empty ``Recognized`` for a page with no text. Word boxes are in the
    given image's pixels.

    An engine may also have ``warm_up(settings)``: load what every page needs (a model) in
    the main process before the local workers are forked, so that they share it instead of
    each loading it (``stages.ocr``); and ``orientation(image)`` (``stages.reading``).
    """

    name: str

    def check(self, lang: str) -> EngineInfo: ...

    def recognize(
        self, image: Image.Image, *, dpi: int, settings: OcrSettings, page: PageRef
    ) -> Recognized: ...


#: Built-in engines: name -> "module:attribute" of a zero-argument factory (usually the class).
_BUILTIN: dict[str, str] = {
    "tesseract": "pipeline.engines.tesseract:TesseractEngine",
}
_registered: dict[str, Callable[[], OcrEngine] | str] = {}


def register(name: str, factory: Callable[[], OcrEngine] | str) -> None:
    """Make an engine available under ``name`` (``--engine NAME``, ``OcrSettings.engine``).

    ``factory`` is a zero-argument callable, or the ``"module:attr"`` name of one (imported
    when the engine is first asked for: what a plugin or a remote worker can name without
    importing it here). Registered engines are inherited by forked OCR worker processes, and
    the Dask executor registers them on its workers (``pipeline.executors``).
    """
    if not name or not name.replace("-", "").isalnum():
        raise ValueError(f"engine names are letters, digits and '-', got {name!r}")
    if isinstance(factory, str):
        module, colon, attr = factory.partition(":")
        if not (module and colon and attr):
            raise ValueError(f"an engine factory name is 'module:attr', got {factory!r}")
    _registered[name] = factory


def registered() -> dict[str, Callable[[], OcrEngine] | str]:
    """The engines added with ``register`` (name -> factory), e.g. to register on workers."""
    return dict(_registered)


def unregister(name: str) -> None:
    """Forget an engine added with ``register`` (built-in engines stay)."""
    _registered.pop(name, None)


def names() -> list[str]:
    """Every engine name that ``get`` accepts, sorted."""
    return sorted({*_BUILTIN, *_registered})


def get(name: str) -> OcrEngine:
    """A new instance of the engine called ``name``; ``UsageError`` if there is none."""
    target = _registered.get(name) or _BUILTIN.get(name)
    if target is None:
        raise UsageError(f"unknown OCR engine {name!r}; available: {', '.join(names())}")
    if not isinstance(target, str):
        return target()
    module, _, attr = target.partition(":")
    try:
        factory: Any = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise UsageError(f"OCR engine {name!r}: cannot load {target}: {exc}") from exc
    return factory()
