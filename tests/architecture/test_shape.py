"""The shape of the code (docs/architecture.md): functions are short enough to read as named
steps, and a module's docstring says what the module is for in a few lines."""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "engine"
MAX_FUNCTION_LINES = 60
MAX_DOCSTRING_LINES = 15


def _trees() -> list[tuple[str, ast.Module]]:
    return [(str(p.relative_to(ENGINE)), ast.parse(p.read_text(encoding="utf-8")))
            for p in sorted(ENGINE.rglob("*.py"))]


TREES = _trees()


def test_functions_are_short() -> None:
    long = [f"{name}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for name, tree in TREES for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno is not None
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert not long, "split into named steps:\n" + "\n".join(long)


def test_module_docstrings_are_short() -> None:
    long = [f"{name} ({doc.count(chr(10)) + 1} lines)" for name, tree in TREES
            if (doc := ast.get_docstring(tree)) and doc.count("\n") + 1 > MAX_DOCSTRING_LINES]
    assert not long, "say what the module is for in a few lines; detail goes to docs/:\n" + \
        "\n".join(long)
