"""The house rules, read from the code itself: every import runs one way, no module imports itself
back through others, Prefect stays in flows/, and the database libraries (SQLAlchemy, Alembic,
psycopg) stay in storage/.

    casefolio/ -> flows/ -> pipelines/ -> extractors/, storage/ -> base/

Every `import` statement of every module is read with `ast` (imports inside functions too), so a
new module or a lazy import cannot slip past.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Each package and the project packages it may import (besides itself).
MAY_IMPORT: dict[str, set[str]] = {
    "base": set(),
    "extractors": {"base"},
    "storage": {"base"},
    "pipelines": {"base", "extractors", "storage"},
    "flows": {"base", "extractors", "storage", "pipelines"},
    "casefolio": {"base", "extractors", "storage", "pipelines", "flows"},
}
#: Packages the application never imports (tools and test code sit beside it).
OUTSIDE = {"bench", "synth", "tests"}
PREFECT_ONLY_IN = {"flows"}
DATABASE_LIBRARIES = ("sqlalchemy", "alembic", "psycopg", "psycopg2")
DATABASE_ONLY_IN = {"storage"}


def _modules() -> dict[str, Path]:
    found = {}
    for package in MAY_IMPORT:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            rel = path.relative_to(ROOT).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(module: str, path: Path) -> list[tuple[str, int]]:
    """(imported module, line) for every import in the file, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            out.append((base, node.lineno))
            out += [(f"{base}.{alias.name}", node.lineno) for alias in node.names
                    if f"{base}.{alias.name}" in MODULES]
    return out


def _top(name: str) -> str:
    return name.split(".")[0]


def test_imports_run_one_way() -> None:
    wrong = []
    for module, path in MODULES.items():
        own = _top(module)
        for imported, line in _imports(module, path):
            top = _top(imported)
            if top == own:
                continue
            if top in OUTSIDE or (top in MAY_IMPORT and top not in MAY_IMPORT[own]):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    assert not wrong, "imports against casefolio -> flows -> pipelines -> extractors, storage -> base:\n" + \
        "\n".join(wrong)


def test_prefect_is_imported_only_in_flows() -> None:
    wrong = [f"{path.relative_to(ROOT)}:{line}"
             for module, path in MODULES.items() if _top(module) not in PREFECT_ONLY_IN
             for imported, line in _imports(module, path) if _top(imported) in ("prefect", "prefect_dask")]
    assert not wrong, "Prefect imported outside flows/: " + ", ".join(wrong)


def test_database_libraries_are_imported_only_in_storage() -> None:
    wrong = [f"{path.relative_to(ROOT)}:{line} imports {imported}"
             for module, path in MODULES.items() if _top(module) not in DATABASE_ONLY_IN
             for imported, line in _imports(module, path) if _top(imported) in DATABASE_LIBRARIES]
    assert not wrong, "database libraries imported outside storage/:\n" + "\n".join(wrong)


def _session_calls(path: Path) -> list[int]:
    """Lines calling `<something>.session()`: the SQLAlchemy session of storage.index.Index."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "session"]


def test_only_storage_opens_database_sessions() -> None:
    """Outside storage/ the database is reached through `Index.transaction()` (the repositories)
    and the Index's own methods, never through a SQLAlchemy session."""
    wrong = [f"{path.relative_to(ROOT)}:{line}" for module, path in MODULES.items()
             if _top(module) not in DATABASE_ONLY_IN for line in _session_calls(path)]
    assert not wrong, "SQLAlchemy sessions opened outside storage/: " + ", ".join(wrong)


def test_the_session_reader_sees_session_calls(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text("def f(index):\n    with index.session() as s:\n        pass\n")
    assert _session_calls(source) == [2]


#: The tool packages beside the application and what they must not import.
TOOLS_MAY_NOT_IMPORT = {"bench": {"tests"}, "synth": {"tests", "bench"}}


def test_benchmarks_and_generators_never_import_tests() -> None:
    """bench/ and synth/ run without the test suite (what both need lives in synth/)."""
    wrong = []
    for tool, banned in TOOLS_MAY_NOT_IMPORT.items():
        for path in sorted((ROOT / tool).rglob("*.py")):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            wrong += [f"{path.relative_to(ROOT)}:{line} imports {imported}"
                      for imported, line in _imports(module, path) if _top(imported) in banned]
    assert not wrong, "\n".join(wrong)


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        for imported, _ in _imports(module, path):
            while imported and imported not in MODULES:
                imported = imported.rpartition(".")[0]
            if imported and imported != module and not module.startswith(imported + "."):
                graph[module].add(imported)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_module_imports_itself_back() -> None:
    assert _cycles(_graph()) == []


@pytest.mark.parametrize("graph, cycles", [
    ({"a": {"b"}, "b": {"a"}, "c": set()}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
])
def test_the_cycle_finder_finds_cycles(graph: dict[str, set[str]], cycles: list[list[str]]) -> None:
    assert _cycles(graph) == cycles


def test_the_import_reader_sees_imports_inside_functions(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from storage.index import Index\n    import prefect\n")
    assert {name for name, _ in _imports("extractors.m", source)} >= {"storage.index", "prefect"}
