"""The FEEL abstract syntax tree: frozen dataclasses, each with its source span.

The parser module converts Lark's tree into these nodes; nothing outside the parser
ever sees a Lark object. Nodes are plain data, hashable and comparable, so analysis
tools (table checks, DMN export) can walk them without running anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from regel.base.errors import Span

__all__ = [
    "Node", "Number", "String", "Boolean", "Null", "Temporal", "Name", "InputValue",
    "Arithmetic", "Negate", "Compare", "And", "Or", "Between", "In", "InstanceOf",
    "If", "Iteration", "For", "Quantified", "FunctionDef", "Call", "NotCall", "Path",
    "Filter", "ListLit", "ContextLit", "RangeLit", "UnaryComparison", "TypeRef",
    "UnaryTests", "walk", "uses_input_value",
]


@dataclass(frozen=True, slots=True)
class Node:
    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Number(Node):
    value: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class String(Node):
    value: str = ""


@dataclass(frozen=True, slots=True)
class Boolean(Node):
    value: bool = False


@dataclass(frozen=True, slots=True)
class Null(Node):
    pass


@dataclass(frozen=True, slots=True)
class Temporal(Node):
    """``@"..."``: the value is parsed when the literal is compiled."""

    text: str = ""
    value: Any = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Name(Node):
    name: str = ""


@dataclass(frozen=True, slots=True)
class InputValue(Node):
    """``?``: the value under test in a unary test."""


@dataclass(frozen=True, slots=True)
class Arithmetic(Node):
    op: str = "+"  # + - * / **
    left: Node | None = None
    right: Node | None = None


@dataclass(frozen=True, slots=True)
class Negate(Node):
    operand: Node | None = None


@dataclass(frozen=True, slots=True)
class Compare(Node):
    op: str = "="  # = != < <= > >=
    left: Node | None = None
    right: Node | None = None


@dataclass(frozen=True, slots=True)
class And(Node):
    left: Node | None = None
    right: Node | None = None


@dataclass(frozen=True, slots=True)
class Or(Node):
    left: Node | None = None
    right: Node | None = None


@dataclass(frozen=True, slots=True)
class Between(Node):
    value: Node | None = None
    low: Node | None = None
    high: Node | None = None


@dataclass(frozen=True, slots=True)
class UnaryComparison(Node):
    """``< 18`` in a unary test or after ``in``: compares the tested value with ``value``."""

    op: str = "="
    value: Node | None = None


@dataclass(frozen=True, slots=True)
class In(Node):
    """``value in test`` or ``value in (test, test, ...)``."""

    value: Node | None = None
    tests: tuple[Node, ...] = ()


@dataclass(frozen=True, slots=True)
class TypeRef(Node):
    """A type after ``instance of``: ``number``, ``list<string>``, ``context<a: number>``."""

    name: str = "Any"
    params: tuple[TypeRef, ...] = ()
    fields: tuple[tuple[str, TypeRef], ...] = ()
    result: TypeRef | None = None


@dataclass(frozen=True, slots=True)
class InstanceOf(Node):
    value: Node | None = None
    type: TypeRef | None = None


@dataclass(frozen=True, slots=True)
class If(Node):
    condition: Node | None = None
    then: Node | None = None
    otherwise: Node | None = None


@dataclass(frozen=True, slots=True)
class Iteration(Node):
    """``name in domain`` or ``name in start..end``."""

    name: str = ""
    domain: Node | None = None
    end: Node | None = None


@dataclass(frozen=True, slots=True)
class For(Node):
    iterations: tuple[Iteration, ...] = ()
    body: Node | None = None


@dataclass(frozen=True, slots=True)
class Quantified(Node):
    quantifier: str = "some"  # some | every
    iterations: tuple[Iteration, ...] = ()
    condition: Node | None = None


@dataclass(frozen=True, slots=True)
class FunctionDef(Node):
    params: tuple[str, ...] = ()
    body: Node | None = None
    #: ``function(a) external {java: {...}}``: the body is the mapping, a ContextLit
    external: bool = False
    #: the declared type of each parameter (``function(a: number)``; None: undeclared), or
    #: () when none is declared
    param_types: tuple[TypeRef | None, ...] = ()


@dataclass(frozen=True, slots=True)
class Call(Node):
    callee: Node | None = None
    args: tuple[Node, ...] = ()
    named: tuple[tuple[str, Node], ...] | None = None


@dataclass(frozen=True, slots=True)
class NotCall(Node):
    """``not(e)``: boolean negation in an expression; negated tests in a cell."""

    operand: Node | None = None


@dataclass(frozen=True, slots=True)
class Path(Node):
    base: Node | None = None
    key: str = ""


@dataclass(frozen=True, slots=True)
class Filter(Node):
    base: Node | None = None
    condition: Node | None = None


@dataclass(frozen=True, slots=True)
class ListLit(Node):
    items: tuple[Node, ...] = ()


@dataclass(frozen=True, slots=True)
class ContextLit(Node):
    entries: tuple[tuple[str, Node], ...] = ()


@dataclass(frozen=True, slots=True)
class RangeLit(Node):
    start: Node | None = None
    end: Node | None = None
    start_included: bool = True
    end_included: bool = True


@dataclass(frozen=True, slots=True)
class UnaryTests(Node):
    """A whole input cell: ``-`` (any), or tests joined by commas, possibly negated."""

    tests: tuple[Node, ...] = ()
    negated: bool = False
    any: bool = False



def children(node: Node) -> Iterator[Node]:
    """The direct sub-nodes of ``node``, in source order."""
    for name in node.__dataclass_fields__:
        if name == "span":
            continue
        value = getattr(node, name)
        if isinstance(value, Node):
            yield value
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, Node):
                    yield item
                elif isinstance(item, tuple):
                    yield from (x for x in item if isinstance(x, Node))


def walk(node: Node) -> Iterator[Node]:
    """``node`` and every node below it, depth first."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(list(children(current))))


def uses_input_value(node: Node) -> bool:
    """Whether ``?`` occurs in ``node`` (then a unary test uses its boolean result)."""
    return any(isinstance(n, InputValue) for n in walk(node))
