"""foia-clean: turn scanned FOIA releases into clean, searchable, explainable text."""

from __future__ import annotations

__version__ = "0.1.0"
