"""FEEL types as values: the built-in types, ``list<T>``, ``range<T>``, ``context<a: T>``,
``function<T> -> U``, ``Any`` and ``Null``, and a DMN model's item definitions made of them.

``is_instance`` is FEEL's ``instance of``; ``conform`` is DMN's conforming of a value to a
declared type (a decision's result, a parameter, an input): a value of a subtype is kept, a
singleton list and its item convert into each other (DMN 1.5, 10.3.2.9.4), anything else is
null. ``TypeTable`` holds the item definitions that ``instance of`` may name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from regel.base.messages import Msg
from regel.feel.values import FeelFunction, FeelNull, Range, to_feel_literal, type_name

__all__ = ["FeelType", "TypeTable", "BUILTIN_TYPES", "ANY", "is_instance", "conforms",
           "conform", "list_of", "context_of", "function_of", "builtin_type", "item_types",
           "named_type", "known_type_names", "conform_arguments"]

#: The names of FEEL's built-in types, as ``type_name`` spells a value's type.
_SIMPLE = ("number", "string", "boolean", "date", "time", "date and time",
           "days and time duration", "years and months duration", "list", "context", "range",
           "function", "Any", "Null")


@dataclass(frozen=True, slots=True)
class FeelType:
    """One FEEL type. ``kind`` is a built-in name; ``item`` the type of a list's items or a
    range's ends; ``fields`` a context's entries (None: any context); ``params`` and
    ``result`` a function's (None: any function); ``name`` the item definition's name."""

    kind: str
    item: FeelType | None = None
    fields: tuple[tuple[str, FeelType], ...] | None = None
    params: tuple[FeelType, ...] | None = None
    result: FeelType | None = None
    name: str | None = None

    def __str__(self) -> str:
        if self.name is not None:
            return self.name
        return self.spelled()

    def spelled(self) -> str:
        """The type in FEEL's syntax: ``list<number>``, ``context<a: string>``."""
        if self.kind in ("list", "range") and self.item is not None:
            return f"{self.kind}<{self.item}>"
        if self.kind == "context" and self.fields is not None:
            return "context<" + ", ".join(f"{k}: {t}" for k, t in self.fields) + ">"
        if self.kind == "function" and self.params is not None:
            result = self.result if self.result is not None else ANY
            return f"function<{', '.join(str(p) for p in self.params)}>->{result}"
        return self.kind

    def named(self, name: str) -> FeelType:
        """The same type under an item definition's name."""
        return FeelType(self.kind, self.item, self.fields, self.params, self.result, name)

    @property
    def is_list(self) -> bool:
        return self.kind == "list"


#: FEEL's built-in types by name.
BUILTIN_TYPES: dict[str, FeelType] = {name: FeelType(name) for name in _SIMPLE}
ANY = BUILTIN_TYPES["Any"]


def builtin_type(name: str) -> FeelType | None:
    """The built-in type ``name`` (``number``, ``Any``), or None."""
    return BUILTIN_TYPES.get(name)


def list_of(item: FeelType) -> FeelType:
    return FeelType("list", item=item)


def context_of(fields: Iterable[tuple[str, FeelType]]) -> FeelType:
    return FeelType("context", fields=tuple(fields))


def function_of(params: Iterable[FeelType] | None, result: FeelType | None) -> FeelType:
    return FeelType("function", params=None if params is None else tuple(params),
                    result=result)


class TypeTable:
    """The item definitions of a model by name, for ``instance of`` to name them. Compiled
    expressions are cached by the table they were compiled with: equal tables (the same
    model loaded again) share them."""

    __slots__ = ("types", "_key")

    def __init__(self, types: Mapping[str, FeelType]) -> None:
        self.types = dict(types)
        self._key = frozenset(self.types.items())

    def __hash__(self) -> int:
        return hash(self._key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TypeTable) and self._key == other._key

    def get(self, name: str) -> FeelType | None:
        return self.types.get(name)

    def __bool__(self) -> bool:
        return bool(self.types)

    def __repr__(self) -> str:
        return f"TypeTable({sorted(self.types)})"


#: The item definitions the expression being compiled may name (see ``item_types``).
_COMPILING: ContextVar[TypeTable | None] = ContextVar("regel_item_types", default=None)


@contextmanager
def item_types(table: TypeTable | None) -> Iterator[None]:
    """Compile with ``table``'s item definitions nameable after ``instance of``."""
    token = _COMPILING.set(table)
    try:
        yield
    finally:
        _COMPILING.reset(token)


def named_type(name: str) -> FeelType | None:
    """The type a name stands for while compiling: a built-in type or an item definition
    of the table in use; None when there is none."""
    table = _COMPILING.get()
    found = table.get(name) if table is not None else None
    return found if found is not None else BUILTIN_TYPES.get(name)


def known_type_names() -> list[str]:
    """Every type name ``named_type`` knows now, sorted (for the unknown-type message)."""
    table = _COMPILING.get()
    return sorted(set(BUILTIN_TYPES) | (set(table.types) if table is not None else set()))


def is_instance(value: Any, t: FeelType) -> bool:
    """FEEL's ``value instance of t``: the value's type conforms to ``t``. null is an
    instance of Null alone; inside a list or a context, null (of type Null) conforms to
    every type."""
    if value is None:
        return t.kind == "Null"
    return conforms(value, t)


def conforms(value: Any, t: FeelType) -> bool:
    """Whether the type of ``value`` conforms to ``t`` (null conforms to every type)."""
    if value is None or t.kind == "Any":
        return True
    kind = type_name(value)
    if kind != t.kind:
        return False
    if kind == "list" and t.item is not None:
        return all(conforms(v, t.item) for v in value)
    if kind == "range" and t.item is not None:
        return all(conforms(v, t.item) for v in _ends(value))
    if kind == "context" and t.fields is not None:
        return all(k in value and conforms(value[k], ft) for k, ft in t.fields)
    if kind == "function" and t.params is not None:
        return _function_conforms(value, t)
    return True


def _ends(r: Range) -> list[Any]:
    return [v for v in (r.start, r.end) if v is not None]


def _function_conforms(fn: FeelFunction, t: FeelType) -> bool:
    """A function conforms to ``function<T1..Tn> -> U`` when it takes n arguments: regel's
    functions do not carry the types of their parameters and result, so these are not
    compared (their values are, where a parameter or result is declared)."""
    return t.params is None or len(fn.params) == len(t.params)


def conform(value: Any, t: FeelType | None) -> tuple[Any, bool]:
    """``value`` conformed to the declared type ``t`` as DMN does, and whether it conformed:
    a value of the type is kept; a value of the item type of a list type becomes a
    singleton list; a singleton list whose item is of a non-list type becomes that item;
    any other value becomes null (False)."""
    if t is None or value is None or conforms(value, t):
        return value, True
    if t.kind == "list" and not isinstance(value, list) and conforms(value, t.item or ANY):
        return [value], True
    if t.kind != "list" and isinstance(value, list) and len(value) == 1 and \
            value[0] is not None and conforms(value[0], t):
        return value[0], True
    return None, False


def conform_arguments(function: str, bound: dict[str, Any],
                      types: Iterable[tuple[str, FeelType | None]]) -> dict[str, Any]:
    """Arguments bound to a function's parameters, each conformed to its declared type
    (None: undeclared); FeelNull (the call is null) for one that does not conform."""
    for name, t in types:
        value, ok = conform(bound.get(name), t)
        if not ok:
            raise FeelNull("FEEL-BAD-ARGUMENTS", function=function, reason=Msg(
                "feel.reason.not-conforming", {"param": name, "type": str(t),
                                               "value": to_feel_literal(bound.get(name))}))
        bound[name] = value
    return bound
