"""The structure the README promises, kept honest: no import cycles, small modules, each with a
docstring that says why it exists, and the stages and engines found where the layout says."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pipeline

PKG = Path(pipeline.__file__).parent
MAX_LINES = 600


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PKG.rglob("*.py")):
        parts = ["pipeline", *path.relative_to(PKG).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(path: Path, name: str, modules: dict[str, Path]) -> set[str]:
    """Every pipeline module ``name`` imports, at module level or inside a function (a lazy
    import is still a dependency); ``if TYPE_CHECKING:`` blocks are annotations only."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for child in node.body for n in ast.walk(child))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for t in targets:
            while t and t not in modules:
                t = t.rpartition(".")[0]
            if t and t != name and not name.startswith(t + "."):
                found.add(t)
    return found


def test_no_import_cycles() -> None:
    modules = _modules()
    graph = {name: _imports(path, name, modules) for name, path in modules.items()}
    # A package's __init__ importing its own submodules is how a package exports; count the
    # edges between different packages and modules only.
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(n: str) -> None:
        state[n] = 1
        stack.append(n)
        for m in sorted(graph[n]):
            if m.startswith(n + "."):
                continue
            if state.get(m) == 1:
                cycles.append([*stack[stack.index(m) :], m])
            elif m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_modules_fit_in_your_head_and_say_why_they_exist() -> None:
    for name, path in _modules().items():
        source = path.read_text(encoding="utf-8")
        lines = len(source.splitlines())
        assert lines <= MAX_LINES, f"{name}: {lines} lines; split it by job"
        if source.strip():
            assert ast.get_docstring(ast.parse(source)), f"{name}: say why the module exists"


#: Bench modules over ``MAX_LINES`` still to split by job (the scan generator); none other.
BENCH_OVER = frozenset({"bench/synth.py"})


def test_bench_modules_fit_in_your_head_too() -> None:
    root = PKG.parent
    for path in sorted((root / "bench").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if name in BENCH_OVER:
            assert lines > MAX_LINES, f"{name}: {lines} lines; take it off BENCH_OVER"
        else:
            assert lines <= MAX_LINES, f"{name}: {lines} lines; split it by job"


def test_the_core_imports_no_stage_engine_or_tool() -> None:
    modules = _modules()
    for name, path in modules.items():
        if name.startswith("pipeline.core"):
            bad = {m for m in _imports(path, name, modules) if not m.startswith("pipeline.core")}
            assert not bad, f"{name} imports {sorted(bad)}: the core stands alone"


def test_every_stage_of_the_runner_is_a_stage() -> None:
    from pipeline.core.stage import Stage
    from pipeline.runner import STAGES

    names = [s.name for s in STAGES]
    assert names == ["ingest", "ocr", "strip", "correct", "review"]
    assert all(isinstance(s, Stage) for s in STAGES)
    assert len(set(names)) == len(names)


def test_start_up_imports_no_array_image_or_cluster_library() -> None:
    """Every command pays for what ``pipeline.cli`` and the runner import: the heavy libraries
    are imported where pages are read, not at start-up (issue 10's 0.3 CPU-s budget; a module
    importing numpy at its top, reached from the OCR stage's imports, cost 0.13 CPU-s)."""
    import subprocess
    import sys

    heavy = ("numpy", "cv2", "PIL", "pypdfium2", "distributed", "dask", "tesserocr", "pikepdf")
    code = (
        "import sys, pipeline.cli, pipeline.runner; "
        f"print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert not found, f"imported at start-up: {found}"


def test_split_packages_name_every_module() -> None:
    """docs/architecture.md: strip/ and correct/ (and strip's patterns) are split by job and
    each package docstring lists its modules: a module added without a line there is a map
    with a hole (session 32 found ``worth``, ``corroborate`` and six pattern modules unnamed)."""
    for package in ("stages/strip", "stages/correct", "stages/strip/patterns"):
        folder = PKG / package
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
        assert doc, package
        named = set(re.findall(r"``(\w+)``", doc))
        missing = sorted({p.stem for p in folder.glob("*.py")} - named - {"__init__"})
        assert not missing, f"{package}/__init__.py does not name {missing}"
