"""Static questions about a FEEL AST, asked at load time without evaluating anything.

``free_names`` lists the names an expression reads from its surroundings (so the loader
can report a misspelt input with "did you mean"); names bound inside the expression (for
and quantifier variables, function parameters, earlier context entries) are not free.
Inside a filter condition any name may be an entry of the list's items, so names there
are not reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from regel.base.errors import Span
from regel.feel import ast
from regel.feel.registry import BUILTINS

__all__ = ["free_names", "literal_values", "result_classes", "NUMBER_BUILTINS"]


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


_NONE: type = type(None)
_NUMBER: frozenset[type] = frozenset({Decimal, _NONE})
#: built-ins that give a number or null whatever they are given (null with a warning
#: for what is not a number)
NUMBER_BUILTINS = frozenset({"product", "sum", "count"})


def result_classes(node: ast.Node | None, bound: frozenset[str],
                   entries: dict[str, frozenset[type]] | None = None
                   ) -> frozenset[type] | None:
    """The classes the value of ``node`` may be of (NoneType for null), where its form
    tells: a literal, an ``if`` of such branches, the entry of a context literal, a
    number built-in's call, arithmetic of numbers; None where it does not tell. ``bound``:
    the names the surroundings bind (a name bound there may hide a built-in);
    ``entries``: the classes of a context's earlier entries, by name."""
    known = entries or {}
    if isinstance(node, ast.Number):
        return frozenset({Decimal})
    if isinstance(node, ast.String):
        return frozenset({str})
    if isinstance(node, ast.Boolean):
        return frozenset({bool})
    if isinstance(node, ast.Null):
        return frozenset({_NONE})
    if isinstance(node, ast.Name):     # (a context's entry hides what is around it)
        return known.get(node.name)
    if isinstance(node, ast.If):
        a = result_classes(node.then, bound, known)
        b = result_classes(node.otherwise, bound, known)
        return None if a is None or b is None else a | b
    if isinstance(node, ast.Path) and isinstance(node.base, ast.ContextLit):
        keys = [k for k, _ in node.base.entries]
        if node.key not in keys or len(set(keys)) != len(keys):
            return None
        inner: dict[str, frozenset[type]] = dict(known)
        for key, value in node.base.entries:
            found = result_classes(value, bound, inner)
            if key == node.key:
                return found
            bound = bound | {key}       # (a built-in's name it takes is not the built-in)
            if found is None:
                inner.pop(key, None)
            else:
                inner[key] = found
        return None
    if isinstance(node, ast.Call) and isinstance(node.callee, ast.Name):
        name = node.callee.name
        if name in NUMBER_BUILTINS and name not in bound and name not in known and \
                name in BUILTINS:
            return _NUMBER
        return None
    if isinstance(node, ast.Arithmetic) and node.op in ("+", "-", "*", "/"):
        a = result_classes(node.left, bound, known)
        b = result_classes(node.right, bound, known)
        return _NUMBER if a is not None and b is not None and a | b <= _NUMBER else None
    return None
