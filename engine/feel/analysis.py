"""Static questions about a FEEL AST, asked at load time without evaluating anything.

``free_names`` lists the names an expression reads from its surroundings (so the loader
can report a misspelt input with "did you mean"); names bound inside the expression (for
and quantifier variables, function parameters, earlier context entries) are not free.
Inside a filter condition any name may be an entry of the list's items, so names there
are not reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from regel.base.errors import Span
from regel.feel import ast
from regel.feel.registry import BUILTINS

__all__ = ["free_names", "literal_values"]


def free_names(node: ast.Node) -> list[tuple[str, Span]]:
    """(name, span) for every name read from outside ``node``, in source order (found
    once per node: the compiled cells of a table share their nodes)."""
    found = _FREE.get(id(node))
    if found is not None and found[0] is node:
        return list(found[1])
    out: list[tuple[str, Span]] = []
    _visit(node, frozenset(), out)
    if len(_FREE) > 65_536:
        _FREE.clear()
    _FREE[id(node)] = (node, tuple(out))
    return out


#: id(node) -> (node, its free names): the node is kept, so its id is not reused
_FREE: dict[int, tuple[ast.Node, tuple[tuple[str, Span], ...]]] = {}


def _visit(node: ast.Node | None, bound: frozenset[str], out: list[tuple[str, Span]]) -> None:
    if node is None:
        return
    if isinstance(node, ast.Name):
        if node.name not in bound and node.name not in BUILTINS:
            out.append((node.name, node.span))
        return
    if isinstance(node, ast.Call):
        if isinstance(node.callee, ast.Name):
            if node.callee.name not in BUILTINS and node.callee.name not in bound:
                out.append((node.callee.name, node.callee.span))
        else:
            _visit(node.callee, bound, out)
        for a in node.args:
            _visit(a, bound, out)
        for _, v in node.named or ():
            _visit(v, bound, out)
        return
    if isinstance(node, ast.Filter):
        _visit(node.base, bound, out)
        return  # the condition reads the items' entries, which cannot be known here
    if isinstance(node, (ast.For, ast.Quantified)):
        inner = bound
        for it in node.iterations:
            _visit(it.domain, inner, out)
            _visit(it.end, inner, out)
            inner = inner | {it.name}
        if isinstance(node, ast.For):
            _visit(node.body, inner | {"partial"}, out)
        else:
            _visit(node.condition, inner, out)
        return
    if isinstance(node, ast.FunctionDef):
        _visit(node.body, bound | set(node.params), out)
        return
    if isinstance(node, ast.ContextLit):
        inner = bound
        for key, value in node.entries:
            _visit(value, inner, out)
            inner = inner | {key}
        return
    if isinstance(node, ast.Path):
        _visit(node.base, bound, out)  # the key is an entry name, not a variable
        return
    for child in ast.children(node):
        _visit(child, bound, out)


def literal_values(node: ast.Node) -> Iterator[ast.Node]:
    """The literal operands a unary test compares with (``< 18`` gives 18, ``[a..b]`` its
    literal ends, ``"x", "y"`` both strings); expressions are skipped."""
    if isinstance(node, ast.UnaryTests):
        for t in node.tests:
            yield from literal_values(t)
    elif isinstance(node, ast.UnaryComparison):
        if node.value is not None:
            yield from literal_values(node.value)
    elif isinstance(node, ast.RangeLit):
        for end in (node.start, node.end):
            if end is not None:
                yield from literal_values(end)
    elif isinstance(node, (ast.Number, ast.String, ast.Boolean, ast.Temporal)):
        yield node
