"""Progress reporting as a small protocol, so the core never draws anything itself."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def start(self, total: int, description: str, unit: str = "pages") -> None:
        """A bar of ``total`` items named ``description``; ``unit`` names what is counted
        (``"pages"`` for OCR, ``"documents"`` for a stage run one task per document)."""
        ...

    def advance(self, n: int = 1) -> None: ...

    def finish(self) -> None: ...


class NullProgress:
    """Used by the library API, tests and ``--quiet``."""

    def start(self, total: int, description: str, unit: str = "pages") -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass
