"""The public face of the FEEL package: compile once, evaluate many times."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from regel.base.errors import FeelEvaluationError, FeelSyntaxError
from regel.feel import ast
from regel.feel.compiler import INPUT, Scope, compile_node, compile_tests
from regel.feel.parser import parse_expression, parse_unary_tests
from regel.feel.values import (
    DaysTimeDuration,
    FeelFunction,
    Range,
    YearsMonthsDuration,
    number,
)
from regel.feel.warnings import FeelWarning

__all__ = ["Result", "CompiledExpression", "CompiledUnaryTests", "compile_expression",
           "compile_unary_tests", "evaluate", "evaluate_unary_tests", "from_python",
           "new_scope", "names_in"]


@dataclass(frozen=True, slots=True)
class Result:
    """A value and the warnings met while computing it."""

    value: Any
    warnings: tuple[FeelWarning, ...] = ()

    @property
    def warning_codes(self) -> list[str]:
        return [w.code for w in self.warnings]


def from_python(value: Any, where: str = "value") -> Any:
    """A Python value as a FEEL value: ints become Decimal, tuples lists, timedelta a
    days-time duration. Floats are refused: money and legal amounts are never binary
    floating point (pass a ``Decimal`` or a string)."""
    if value is None or isinstance(value, (bool, str, Decimal, DaysTimeDuration,
                                           YearsMonthsDuration, Range, FeelFunction)):
        return number(value) if isinstance(value, Decimal) else value
    if isinstance(value, int):
        return number(value)
    if isinstance(value, float):
        raise FeelEvaluationError(
            f"{where} is a binary floating-point number ({value!r}); pass a Decimal or a "
            "string so that no precision is lost", code="FEEL-FLOAT-INPUT")
    if isinstance(value, (_dt.date, _dt.time)):
        return value
    if isinstance(value, _dt.timedelta):
        return DaysTimeDuration.from_timedelta(value)
    if isinstance(value, (list, tuple)):
        return [from_python(v, f"{where}[{i + 1}]") for i, v in enumerate(value)]
    if isinstance(value, Mapping):
        return {str(k): from_python(v, f"{where}.{k}") for k, v in value.items()}
    raise FeelEvaluationError(f"{where} has a type FEEL does not know: {type(value).__name__}",
                              code="FEEL-UNSUPPORTED-INPUT")


def new_scope(context: Mapping[str, Any] | None) -> Scope:
    """A fresh evaluation scope holding the context's values as FEEL values."""
    if not context:
        return Scope({})
    return Scope({str(k): from_python(v, str(k)) for k, v in context.items()})


def _compiled(text: str, node: Any, compiler: Any) -> Any:
    try:
        return compiler(node)
    except FeelSyntaxError as err:  # e.g. an unknown type after 'instance of'
        err.text = text
        raise
    except RecursionError:
        raise FeelSyntaxError("the expression is nested too deeply", span=node.span,
                              text=text) from None


def _too_deep(text: str, node: ast.Node) -> FeelEvaluationError:
    return FeelEvaluationError(
        "the evaluation recursed too deeply (a function that calls itself without end?)",
        code="FEEL-RECURSION", span=node.span, text=text)


class CompiledExpression:
    """A FEEL expression parsed and compiled once.

    >>> compile_expression("a + 1", ["a"]).evaluate({"a": 41}).value
    Decimal('42')
    """

    __slots__ = ("text", "ast", "_fn")

    def __init__(self, text: str, node: ast.Node) -> None:
        self.text = text
        self.ast = node
        self._fn = _compiled(text, node, compile_node)

    def evaluate(self, context: Mapping[str, Any] | None = None) -> Result:
        scope = new_scope(context)
        value = self.evaluate_in(scope)
        return Result(value, tuple(scope.warnings))

    def evaluate_in(self, scope: Scope) -> Any:
        """Evaluate in an existing scope (the engine's fast path; warnings go to it)."""
        try:
            return self._fn(scope)
        except RecursionError:
            raise _too_deep(self.text, self.ast) from None

    def __repr__(self) -> str:
        return f"CompiledExpression({self.text!r})"


class CompiledUnaryTests:
    """The content of an input cell, parsed and compiled once.

    >>> compile_unary_tests("[18..65)").matches(30).value
    True
    """

    __slots__ = ("text", "ast", "_fn")

    def __init__(self, text: str, node: ast.UnaryTests) -> None:
        self.text = text
        self.ast = node
        self._fn = _compiled(text, node, compile_tests)

    def matches(self, value: Any, context: Mapping[str, Any] | None = None) -> Result:
        scope = new_scope(context)
        v = from_python(value, "the input value")
        result = self.test_in(v, scope.child({INPUT: v}))
        return Result(result, tuple(scope.warnings))

    @property
    def function(self) -> Any:
        """The compiled test itself, ``(value, scope) -> True/False/None``, for callers
        that run it many times and handle RecursionError themselves."""
        return self._fn

    def test_in(self, value: Any, scope: Scope) -> bool | None:
        """Test ``value`` in an existing scope (the engine's fast path)."""
        try:
            return self._fn(value, scope)
        except RecursionError:
            raise _too_deep(self.text, self.ast) from None

    @property
    def is_any(self) -> bool:
        return self.ast.any

    def __repr__(self) -> str:
        return f"CompiledUnaryTests({self.text!r})"


def compile_expression(text: str, names: Iterable[str] = (), *,
                       iso_dates: bool = False) -> CompiledExpression:
    """Parse and compile a FEEL expression; ``names`` are the names in scope.
    ``iso_dates=True`` is the rule-pack dialect: ``2011-01-01`` is a date."""
    return _compile_expression(text, frozenset(names), iso_dates)


def compile_unary_tests(text: str, names: Iterable[str] = (), *,
                        iso_dates: bool = False) -> CompiledUnaryTests:
    """Parse and compile the unary tests of an input cell."""
    return _compile_unary_tests(text, frozenset(names), iso_dates)


@lru_cache(maxsize=4096)
def _compile_expression(text: str, names: frozenset[str], iso_dates: bool) -> CompiledExpression:
    return CompiledExpression(text, parse_expression(text, names, iso_dates=iso_dates))


@lru_cache(maxsize=4096)
def _compile_unary_tests(text: str, names: frozenset[str],
                         iso_dates: bool) -> CompiledUnaryTests:
    return CompiledUnaryTests(text, parse_unary_tests(text, names, iso_dates=iso_dates))


def names_in(context: Mapping[str, Any] | None) -> frozenset[str]:
    """Every name a context makes reachable: its keys and, recursively, the keys of
    contexts inside it (``Applicant.Monthly Income`` needs ``Monthly Income`` known)."""
    out: set[str] = set()

    def visit(value: Any, depth: int) -> None:
        if depth > 32:
            return
        if isinstance(value, Mapping):
            for k, v in value.items():
                out.add(str(k))
                visit(v, depth + 1)
        elif isinstance(value, (list, tuple)):
            for v in value:
                visit(v, depth + 1)

    visit(context or {}, 0)
    return frozenset(out)


def evaluate(text: str, context: Mapping[str, Any] | None = None) -> Result:
    """Compile ``text`` with the context's names in scope and evaluate it once.

    >>> evaluate('date("2012-07-01") + duration("P5Y")').value
    datetime.date(2017, 7, 1)
    """
    return compile_expression(text, names_in(context)).evaluate(context)


def evaluate_unary_tests(text: str, value: Any,
                         context: Mapping[str, Any] | None = None) -> Result:
    """Whether ``value`` satisfies the unary tests ``text`` (e.g. ``< 18``)."""
    return compile_unary_tests(text, names_in(context)).matches(value, context)
