"""The OCR cache key covers every module the OCR path imports.

Why: ``OCR_CODE`` names the modules whose source is hashed into the OCR cache key; a module
the OCR path imports but the tuple forgets (``strokes``, ``redaction_outlines`` were, for a
session) lets pages made by older code be reused after that module changed.
"""

from __future__ import annotations

import ast
from pathlib import Path

from pipeline.core.config import OCR_CODE

ROOT = Path(__file__).resolve().parents[1]
# Packages whose modules decide what OCR reads; later stages (strip, correct, review) have
# their own cache keys.
OCR_PACKAGES = ("pipeline.stages.", "pipeline.engines")
LATER = ("pipeline.stages.strip", "pipeline.stages.correct", "pipeline.stages.review")


def _imports(module: str) -> set[str]:
    path = ROOT / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = ROOT / module.replace(".", "/") / "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {
        m
        for m in found
        if m.startswith(OCR_PACKAGES)
        and not m.startswith(LATER)
        and (
            (ROOT / (m.replace(".", "/") + ".py")).exists()
            or (ROOT / m.replace(".", "/") / "__init__.py").exists()
        )
    }


def test_ocr_code_names_every_module_the_ocr_path_imports() -> None:
    seen: set[str] = set()
    todo = ["pipeline.stages.ocr"]
    while todo:
        mod = todo.pop()
        if mod in seen:
            continue
        seen.add(mod)
        todo.extend(_imports(mod) - seen)
    missing = sorted(seen - set(OCR_CODE))
    assert not missing, f"imported by the OCR path but not in OCR_CODE: {missing}"
