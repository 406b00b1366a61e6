"""The registry of built-in functions and how arguments bind to them: a built-in is a Python
function registered under its FEEL name with a signature string (``@builtin("substring",
"string, start position, length?")``). The signature syntax: docs/feel.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from regel.base.messages import Msg
from regel.base.words import either
from regel.feel.values import FeelNull, type_name

__all__ = ["Param", "Signature", "Builtin", "BUILTINS", "builtin", "call_builtin",
           "invalid", "builtin_names"]


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    optional: bool = False
    rest: bool = False        # ...name
    list_or_rest: bool = False  # *name


@dataclass(frozen=True, slots=True)
class Signature:
    params: tuple[Param, ...]
    fn: Callable[..., Any]
    #: for overloads of one count told apart by a value (``context put(context, key|keys,
    #: value)``): whether positional arguments fit this one
    when: Callable[[list[Any]], bool] | None = None

    @property
    def required(self) -> int:
        return sum(1 for p in self.params if not (p.optional or p.rest or p.list_or_rest)) + \
            sum(1 for p in self.params if p.list_or_rest)

    @property
    def variadic(self) -> bool:
        return any(p.rest or p.list_or_rest for p in self.params)

    def accepts_count(self, n: int) -> bool:
        if self.variadic:
            fixed = sum(1 for p in self.params if not (p.rest or p.list_or_rest))
            return n >= fixed + (1 if any(p.list_or_rest for p in self.params) else 0)
        return self.required <= n <= len(self.params)


@dataclass(slots=True)
class Builtin:
    name: str
    signatures: list[Signature]

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.signatures[0].params)


#: FEEL name -> Builtin
BUILTINS: dict[str, Builtin] = {}


def _parse_signature(text: str) -> tuple[Param, ...]:
    params = []
    for raw in (part.strip() for part in text.split(",")):
        if not raw:
            continue
        if raw.startswith("..."):
            params.append(Param(raw[3:], rest=True))
        elif raw.startswith("*"):
            params.append(Param(raw[1:], list_or_rest=True))
        elif raw.endswith("?"):
            params.append(Param(raw[:-1], optional=True))
        else:
            params.append(Param(raw))
    return tuple(params)


def builtin(name: str, signature: str = "",
            when: Callable[[list[Any]], bool] | None = None
            ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``fn`` as (one overload of) the FEEL built-in ``name``; ``when`` tells
    overloads with the same number of parameters apart by the positional arguments."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        sig = Signature(_parse_signature(signature), fn, when)
        BUILTINS.setdefault(name, Builtin(name, [])).signatures.append(sig)
        return fn

    return register


def invalid(function: str, why: str, /, **values: Any) -> FeelNull:
    """The exception a built-in raises for a bad argument: ``raise invalid("abs",
    "feel.reason.not-a-number", param="n", type="string")``; ``why`` is the catalogue key
    of the reason, ``values`` fill it. Made only when an argument is bad."""
    return FeelNull("FEEL-INVALID-ARGUMENT", function=function, reason=Msg(why, values))


def _bind_positional(sig: Signature, args: list[Any]) -> list[Any]:
    out: list[Any] = []
    i = 0
    for p in sig.params:
        if p.rest:
            out.append(list(args[i:]))
            i = len(args)
        elif p.list_or_rest:
            rest = args[i:]
            if len(rest) == 1:
                out.append(rest[0] if isinstance(rest[0], list) else [rest[0]])
            else:
                out.append(list(rest))
            i = len(args)
        elif i < len(args):
            out.append(args[i])
            i += 1
        # a missing optional parameter is simply not passed
    return out


def _bind_named(sig: Signature, named: dict[str, Any]) -> list[Any] | None:
    names = {p.name for p in sig.params}
    if not set(named) <= names:
        return None
    out: list[Any] = []
    for idx, p in enumerate(sig.params):
        if p.name in named:
            value = named[p.name]
            if p.rest:
                value = value if isinstance(value, list) else [value]
            elif p.list_or_rest:
                value = value if isinstance(value, list) else [value]
            out.append(value)
        elif p.optional:
            # later named optionals cannot be passed positionally past a gap
            if any(q.name in named for q in sig.params[idx + 1:]):
                out.append(None)
            else:
                break
        elif p.rest:
            out.append([])
        else:
            out.append(None)  # a required parameter not named is null (as in user functions)
    return out


def call_builtin(b: Builtin, args: list[Any], named: dict[str, Any] | None) -> Any:
    """Bind the arguments to the first fitting overload of ``b`` and call it."""
    if named:
        for sig in b.signatures:
            bound = _bind_named(sig, named)
            if bound is not None:
                return sig.fn(*bound)
        raise FeelNull("FEEL-BAD-ARGUMENTS", function=b.name, reason=Msg(
            "feel.reason.parameter-names", {"names": ", ".join(sorted(named))}))
    for sig in b.signatures:
        if sig.accepts_count(len(args)) and (sig.when is None or sig.when(args)):
            return sig.fn(*_bind_positional(sig, args))
    expected = either([f"({', '.join(p.name for p in s.params)})" for s in b.signatures])
    raise FeelNull("FEEL-BAD-ARGUMENTS", function=b.name, reason=Msg(
        "feel.reason.argument-count", {"count": len(args), "expected": expected}))


def direct(b: Builtin, count: int) -> tuple[Callable[..., Any], str] | None:
    """The implementation a call of ``b`` with ``count`` positional arguments always
    reaches (the choice call_builtin makes, made once) and how it takes them: ``each`` as
    they are, ``gathered`` in one list (``min(a, b)`` is ``min([a, b])``), ``one-list``
    the one argument as a list (``sum(xs)``; ``sum(5)`` is ``sum([5])``); None when the
    choice depends on the values, or on how many arguments there are."""
    for sig in b.signatures:
        if sig.accepts_count(count):
            if sig.when is not None:
                return None
            if not sig.variadic:
                return sig.fn, "each"
            if len(sig.params) == 1 and sig.params[0].list_or_rest:
                return sig.fn, "gathered" if count >= 2 else "one-list"
            return None
    return None


def builtin_names() -> set[str]:
    """Every built-in function name and parameter name (multi-word names matter to the lexer)."""
    out = set(BUILTINS)
    for b in BUILTINS.values():
        for s in b.signatures:
            out.update(p.name for p in s.params)
    return out


def describe(value: Any) -> str:
    """A short description of a value for messages: its FEEL type."""
    return type_name(value)
