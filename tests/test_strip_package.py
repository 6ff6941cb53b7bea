"""The strip stage's package layout: every module in the cache key, imports in one direction.

The behaviour is tested in test_strip.py; this keeps the structure that file relies on honest.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pipeline.stages.strip as strip_pkg

PKG_DIR = Path(strip_pkg.__file__).parent
PKG = strip_pkg.__name__

# The import direction inside the package: a module imports only from lower layers.
LAYERS = {
    "config": 0,
    "patterns": 1,
    "patterns.base": 1,
    "patterns.junk": 2,
    "patterns.body": 1,
    "patterns.banners": 2,
    "patterns.page_numbers": 2,
    "patterns.teletype": 2,
    "patterns.stamps": 2,
    "patterns.jfk_band": 2,
    "patterns.forms": 2,
    "patterns.notice_texts": 1,
    "patterns.form_wording": 1,  # generated data: bench/furniture/form_wording.py
    "patterns.office_stamps": 2,
    "patterns.fbi_stamps": 2,
    "patterns.notices": 2,
    "patterns.message_forms": 2,
    "patterns.report_form": 2,
    "patterns.releases": 2,
    "patterns.markings": 1,
    "patterns.capco": 1,  # the register's grammar: read by ``banners`` and ``lines``
    "patterns.match": 3,
    "lines": 4,
    "noise_place": 4,  # where a line sits: word boxes only
    "evidence": 5,
    "banner_evidence": 5,
    "form_evidence": 5,
    "stamp_evidence": 5,
    "stamp_piece_evidence": 5,
    "marking_evidence": 5,
    "level_evidence": 5,
    "counter_evidence": 5,
    "designation_evidence": 5,
    "teletype_evidence": 5,
    "glued_header_evidence": 5,  # a telegram's header glued into a line, by its whole headers
    "nara_evidence": 5,
    "noise_evidence": 5,
    "noise_strip": 6,  # grows the strips ``noise_evidence`` removed
    "speck_tokens": 5,  # lone marks in a line, by their boxes: ``lines`` only
    "recurring_block": 5,
    "block_evidence": 6,  # reads repeated lines the way ``evidence`` keys them
    "edge_banners": 6,  # a boxed page's first or last line: reads ``evidence``'s speck test
    "report_head_evidence": 6,  # reads a line's letters the way ``marking_evidence`` does
    "glued_stamp_evidence": 7,  # reads pieces of lines as ``block_evidence``'s stamp lines
    "glued_serial_evidence": 5,  # a one-line stamp at a line's end
    "page_breaks": 5,
    "page_marks": 5,
    "redactions": 5,
    "decide": 6,
    "list_items": 6,
    "line_joins": 4,  # records only: core types
    "fields": 7,
    "kept_lines": 6,  # a line's kept part and words, for ``reflow``
    "reflow": 7,
    "": 8,
    "stage": 9,
}


def module_files() -> dict[str, Path]:
    """Module name relative to the package ("" for the package itself) -> source file."""
    out = {}
    for path in sorted(PKG_DIR.rglob("*.py")):
        parts = list(path.relative_to(PKG_DIR).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def test_the_cache_key_hashes_the_whole_package(tmp_path, monkeypatch) -> None:
    # The stage names the package; code_hash covers every module in it, new ones included.
    from pipeline.stages.strip.stage import Strip

    # Line-end hyphens ask the lexicon; exemption labels are read with the exemptions module.
    assert Strip.code == (PKG, "pipeline.lexicon", "pipeline.stages.exemptions")
    import sys

    pkg = tmp_path / "fakepkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "rules.py").write_text("A = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    from pipeline.core.fileio import code_hash

    before = code_hash.__wrapped__("fakepkg")
    (pkg / "sub" / "rules.py").write_text("A = 2\n")
    assert code_hash.__wrapped__("fakepkg") != before
    sys.modules.pop("fakepkg", None)


def test_imports_go_one_way_and_modules_stay_small() -> None:
    files = module_files()
    assert set(files) == set(LAYERS), "a new module needs its layer here"
    for rel, path in files.items():
        source = path.read_text(encoding="utf-8")
        assert len(source.splitlines()) <= 450, f"{path.name}: split it by job"
        tree = ast.parse(source)
        assert ast.get_docstring(tree), f"{rel or '__init__'}: say why the module exists"
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            assert not node.level, "absolute imports only"
            if node.module and node.module.startswith(f"{PKG}."):
                target = node.module.removeprefix(f"{PKG}.")
                assert LAYERS[target] < LAYERS[rel], f"{rel or '__init__'} imports {target}"


def test_public_api() -> None:
    assert set(strip_pkg.__all__) == {
        "FURNITURE_KINDS",
        "Removal",
        "StripConfig",
        "StripResult",
        "strip",
    }
