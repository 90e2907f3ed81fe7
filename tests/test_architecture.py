"""The house stays easy to see (docs/architecture.md): cli → commands → the two flows (filing/, cycle/)
→ plan/ and output/ → core/, importing in one direction only; no module imports another that imports
it back (not even from inside a function); SQL lives with the ledger; a worker's state has one owner;
no function grows past a page and every public name says why it exists."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from helpers import ROOT

PACKAGE = ROOT / "pipeline"  # installed as skillplan
MAX_FUNCTION_LINES = 50


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(["skillplan", *parts])] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every skillplan module this one imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                target = f"{base}.{alias.name}"
                out.add(target if target in modules else base)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
    return {m for m in out if m in modules and m != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_module_imports_one_that_imports_it_back():
    cycle = _cycle(_graph())
    assert cycle is None, "import loop: " + " → ".join(cycle)


def test_the_cycle_detector_finds_a_loop():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


# what each layer may import besides itself and the layers it stands on
ALLOWED = {
    "skillplan.core": ("skillplan.core",),
    "skillplan.plan": ("skillplan.core", "skillplan.plan"),
    "skillplan.output": ("skillplan.core", "skillplan.output"),
    "skillplan.filing": ("skillplan.core", "skillplan.plan", "skillplan.output", "skillplan.filing"),
    "skillplan.cycle": ("skillplan.core", "skillplan.plan", "skillplan.output", "skillplan.cycle"),
}


def test_each_layer_imports_only_the_layers_below_it():
    wrong = []
    for name, imported in _graph().items():
        for layer, allowed in ALLOWED.items():
            if name == layer or name.startswith(layer + "."):
                wrong += [f"{name} → {m}" for m in imported
                          if m != "skillplan" and not m.startswith(allowed)]  # the package itself: __version__
    assert not wrong, "imports against the layers:\n" + "\n".join(sorted(wrong))


def test_the_cycle_never_imports_the_filing():
    assert not [(n, m) for n, imported in _graph().items() if n.startswith("skillplan.cycle")
                for m in imported if m.startswith("skillplan.filing")]


def test_cli_imports_only_the_commands_the_console_and_the_errors():
    imported = _graph()["skillplan.cli"]
    assert imported and all(m.startswith(("skillplan.commands", "skillplan.console")) or m == "skillplan.core.errors"
                            for m in imported), sorted(imported)


def test_api_only_re_exports_the_commands():
    tree = ast.parse((PACKAGE / "api.py").read_text(encoding="utf-8"))
    defined = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    assert not defined, f"api.py implements {defined}: it re-exports what commands/ defines"
    assert all(m.startswith("skillplan.commands") for m in _graph()["skillplan.api"])


SQL = re.compile(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE (TEMP )?(TABLE|INDEX)|DROP (TABLE|INDEX)|"
                 r"ALTER TABLE|PRAGMA)\b")
LEDGER_MODULES = {"cycle/ledger.py", "cycle/stock.py"}  # the ledger's tables, and the stock's through its connection


def test_no_sql_outside_the_ledgers_modules():
    found = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in LEDGER_MODULES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
                found.append(f"{rel}:{node.lineno} {node.value[:60]!r}")
            if isinstance(node, ast.Attribute) and node.attr == "db":
                found.append(f"{rel}:{node.lineno} reaches into the ledger's connection")
    assert not found, "SQL outside the ledger:\n" + "\n".join(found)


def test_a_workers_state_is_set_and_read_by_one_module():
    users: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "STATE" \
                    and isinstance(node.slice, ast.Constant):
                users.setdefault(node.slice.value, set()).add(path.relative_to(PACKAGE).as_posix())
    assert users and all(len(modules) == 1 for modules in users.values()), users


def test_no_function_is_longer_than_a_page():
    long = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} ({length} lines)")
    assert not long, "functions over a page:\n" + "\n".join(long)


def test_every_public_function_class_and_method_says_why_it_exists():
    missing = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_") \
                    and path.name != "cli.py" and ast.get_docstring(node) is None:
                missing.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}")
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                missing += [f"{path.relative_to(PACKAGE)}:{item.lineno} {node.name}.{item.name}" for item in node.body
                            if isinstance(item, ast.FunctionDef) and not item.name.startswith("_")
                            and ast.get_docstring(item) is None]
    assert not missing, "public functions, classes and methods without a docstring:\n" + "\n".join(missing)


def test_docstrings_cite_only_documents_the_repository_has():
    cited = set()
    for path in PACKAGE.rglob("*.py"):
        cited |= set(re.findall(r"\b(DESIGN|docs/[\w/.-]+\.md)", path.read_text(encoding="utf-8")))
    assert "DESIGN" not in cited, "a docstring cites DESIGN, which the repository does not have"
    assert all((ROOT / doc).is_file() for doc in cited), cited
