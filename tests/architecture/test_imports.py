"""The package's import rules (docs/architecture.md): arrows between rooms point one way, no
module imports another's private names, no import cycle, and an import inside a function
says why it is there. Read from the source with ``ast``, so a wrong import fails here even
when nothing happens to execute it."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[2] / "engine"

#: room -> the rooms it may import (its own room is always allowed)
ALLOWED: dict[str, set[str]] = {
    "base": set(),
    "feel": {"base"},
    "source": {"base"},
    "model": {"base", "feel"},
    "analysis": {"base", "feel", "model"},
    "dmn": {"base", "feel", "source", "model"},
    "load": {"base", "feel", "source", "model", "analysis", "dmn"},
    "run": {"base", "feel", "model", "analysis"},
    "report": {"base", "feel", "model"},
    "tools": {"base", "feel", "source", "model", "analysis", "dmn", "load", "run", "report"},
    "api": {"base", "feel", "source", "model", "analysis", "dmn", "load", "run", "report",
            "tools"},
    "serve": {"base", "feel", "source", "model", "analysis", "dmn", "load", "run", "report",
              "tools", "api"},
    "cli": {"base", "feel", "source", "model", "analysis", "dmn", "load", "run", "report",
            "tools", "api", "serve"},
}
#: modules at the top of the package and the room they belong to
TOP_LEVEL = {"regel": "api", "regel.api": "api", "regel.batch": "api", "regel.model": "model",
             "regel.__main__": "cli"}


@dataclass(frozen=True)
class Import:
    module: str          # the importing module
    target: str          # the imported module
    names: tuple[str, ...]
    line: int
    local: bool          # inside a function
    text: str            # the source line


def _module_name(path: Path) -> str:
    parts = ("regel", *path.relative_to(ENGINE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(ENGINE.rglob("*.py"))}


MODULES = _modules()


def room(module: str) -> str:
    if module in TOP_LEVEL:
        return TOP_LEVEL[module]
    return module.split(".")[1]


def _resolve(target: str, name: str) -> str:
    """``from regel.x import y``: the module regel.x.y when it is one, else regel.x."""
    sub = f"{target}.{name}"
    return sub if sub in MODULES else target


def _imports(module: str, path: Path) -> list[Import]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    local_nodes = {id(n) for f in ast.walk(tree)
                   if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                   for n in ast.walk(f)}
    out = []
    for node in ast.walk(tree):
        text = lines[node.lineno - 1] if hasattr(node, "lineno") else ""
        local = id(node) in local_nodes
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "regel":
                    out.append(Import(module, alias.name, (), node.lineno, local, text))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and \
                node.module.split(".")[0] == "regel":
            for alias in node.names:
                out.append(Import(module, _resolve(node.module, alias.name), (alias.name,),
                                  node.lineno, local, text))
    return out


IMPORTS = [imp for module, path in MODULES.items() for imp in _imports(module, path)]


def _where(imp: Import) -> str:
    return f"{imp.module} (line {imp.line}) imports {imp.target}"


def test_rooms_are_known() -> None:
    unknown = {room(m) for m in MODULES} - set(ALLOWED)
    assert not unknown, f"modules in rooms docs/architecture.md does not list: {unknown}"


def test_arrows_point_one_way() -> None:
    wrong = [f"{_where(i)}: room {room(i.module)} may not import room {room(i.target)}"
             for i in IMPORTS
             if room(i.target) != room(i.module) and room(i.target) not in ALLOWED[room(i.module)]]
    assert not wrong, "\n".join(wrong)


def test_no_private_names_across_modules() -> None:
    wrong = [f"{_where(i)}: private name {n}" for i in IMPORTS for n in i.names
             if n.startswith("_") and not n.startswith("__") and i.target != i.module]
    assert not wrong, "\n".join(wrong)


def test_function_local_imports_say_why() -> None:
    wrong = [_where(i) for i in IMPORTS if i.local and "# lazy:" not in i.text]
    assert not wrong, ("an import inside a function needs '# lazy: <why>' (it saves start-up "
                       "time), else it belongs at the top:\n" + "\n".join(wrong))


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
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
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def _parents(module: str) -> list[str]:
    """Importing regel.a.b runs regel/__init__ and regel/a/__init__ first."""
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(2, len(parts))]


def test_no_import_cycle() -> None:
    edges: dict[str, set[str]] = {}
    for i in IMPORTS:
        if i.target in MODULES and i.target != i.module:
            targets = {i.target, *_parents(i.target)} - {i.module, *_parents(i.module)}
            edges.setdefault(i.module, set()).update(targets)
    cycles = _cycles(edges)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


@pytest.mark.parametrize("source, target, ok", [
    ("regel.feel.compiler", "regel.run.evaluate", False),
    ("regel.model", "regel.tools.batch", False),
    ("regel.run.evaluate", "regel.cli", False),
    ("regel.report.html", "regel.run.trace", False),
    ("regel.tools.diff", "regel.load", True),
    ("regel.cli.main", "regel.tools.batch", True),
])
def test_the_rule_itself(source: str, target: str, ok: bool) -> None:
    """The check can fail: an import the wrong way is refused, one the right way allowed."""
    allowed = room(target) == room(source) or room(target) in ALLOWED[room(source)]
    assert allowed is ok
