"""The public face of the FEEL package: compile once, evaluate many times."""

from __future__ import annotations

import datetime as _dt
import decimal
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from regel.base.errors import FeelEvaluationError, FeelSyntaxError, LimitError
from regel.base.messages import Msg
from regel.feel import ast, wide
from regel.feel.budget import Limits, active, budget, located, under_way
from regel.feel.codegen import Unsupported, generate, generate_tests
from regel.feel.compiler import INPUT, Scope, compile_node, compile_tests
from regel.feel.parser import parse_expression, parse_unary_tests
from regel.feel.types import TypeTable, item_types
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


#: what a value given to FEEL is called in an error when the caller names it no better
_VALUE = Msg("feel.where.value")
_INPUT_VALUE = Msg("feel.where.input-value")


def from_python(value: Any, where: str | Msg = _VALUE) -> Any:
    """A Python value as a FEEL value: ints become Decimal, tuples lists, timedelta a
    days-time duration. Floats are refused: money and legal amounts are never binary
    floating point (pass a ``Decimal`` or a string). ``where`` names the value in an
    error: a name, or a ``Msg`` that says what it is."""
    if value is None or isinstance(value, (bool, str, DaysTimeDuration, YearsMonthsDuration,
                                           Range, FeelFunction)):
        return value
    if isinstance(value, (Decimal, int)):
        return _number(value, where)
    if isinstance(value, float):
        raise FeelEvaluationError.of("FEEL-FLOAT-INPUT", where=where, value=repr(value))
    if isinstance(value, wide.DATES + wide.TIMES):
        return value
    if isinstance(value, _dt.timedelta):
        return DaysTimeDuration.from_timedelta(value)
    if isinstance(value, (list, tuple)):
        return [from_python(v, _item(where, i + 1)) for i, v in enumerate(value)]
    if isinstance(value, Mapping):
        return {str(k): from_python(v, _entry(where, str(k))) for k, v in value.items()}
    raise FeelEvaluationError.of("FEEL-UNSUPPORTED-INPUT", where=where,
                                 type=type(value).__name__)


#: how a number FEEL cannot hold is shown: its first digits and its power of ten
_SHOWN = decimal.Context(prec=6, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def _number(value: Decimal | int, where: str | Msg) -> Decimal:
    """``value`` as a FEEL number (34 digits); FEEL-NOT-FINITE-INPUT for what decimal128
    cannot hold: an infinity, NaN, or a number of 1E+6145 or more in size, which JSON
    could not carry either (as Infinity) or FEEL would have to round to infinity."""
    try:
        feel = number(value)
    except ArithmeticError:     # Overflow past FEEL's exponent; InvalidOperation: sNaN
        feel = Decimal("NaN")
    if feel.is_finite():
        return feel
    exact = Decimal(value)
    shown = str(exact) if not exact.is_finite() else str(_SHOWN.normalize(exact))
    raise FeelEvaluationError.of("FEEL-NOT-FINITE-INPUT", where=where, value=shown)


def _item(where: str | Msg, index: int) -> str | Msg:
    """Item ``index`` (1-based) of the list ``where``: ``x[2]``."""
    if isinstance(where, str):
        return f"{where}[{index}]"
    return Msg("feel.where.item", {"where": where, "index": index})


def _entry(where: str | Msg, key: str) -> str | Msg:
    """Entry ``key`` of the context ``where``: ``x.key``."""
    if isinstance(where, str):
        return f"{where}.{key}"
    return Msg("feel.where.key", {"where": where, "key": key})


def new_scope(context: Mapping[str, Any] | None) -> Scope:
    """A fresh evaluation scope holding the context's values as FEEL values."""
    if not context:
        return Scope({})
    return Scope({str(k): from_python(v, str(k)) for k, v in context.items()})


def _compiled(text: str, node: Any, compiler: Any, types: TypeTable | None = None) -> Any:
    try:
        with item_types(types):
            return compiler(node)
    except FeelSyntaxError as err:  # e.g. an unknown type after 'instance of'
        err.text = text
        raise
    except RecursionError:
        raise FeelSyntaxError.of("FEEL-SYNTAX", at=node.span, key="FEEL-SYNTAX/too-deep",
                                 text=text) from None


def _too_deep(text: str, node: ast.Node) -> FeelEvaluationError:
    return FeelEvaluationError.of("FEEL-RECURSION", at=node.span, text=text)


class _Tiers:
    """How compiled FEEL runs: ``tiered`` (the closures first; Python source generated
    for an expression from its second evaluation on), ``generated`` (from the first) or
    ``reference`` (the closures only: what the generated code is held equal to)."""

    mode = os.environ.get("REGEL_FEEL", "tiered")


TIERS = _Tiers()
#: evaluations of an expression by its closure before its Python source is generated
_WARM = 2


def _generated(node: Any, writer: Any, types: TypeTable | None, ref: Any) -> Any:
    """The generated function for ``node``, or the closure ``ref`` where the generator
    cannot write it."""
    try:
        with item_types(types):
            return writer(node)
    except (Unsupported, FeelSyntaxError, RecursionError):
        return ref


class _Tiered:
    """The part of a compiled expression or cell that picks the closure or the generated
    function (see _Tiers)."""

    __slots__ = ("text", "ast", "_fn", "_ref", "_gen", "_calls", "_types")
    text: str
    ast: Any
    _fn: Any
    _ref: Any
    _gen: Any
    _calls: int
    _types: TypeTable | None
    _writer: Any

    def _start(self, text: str, node: Any, ref: Any, types: TypeTable | None) -> None:
        self.text = text
        self.ast = node
        self._ref = ref
        self._types = types
        self._gen = None
        self._calls = 0
        self._fn = self._warm

    def _warm(self, *args: Any) -> Any:
        if TIERS.mode == "reference":
            return self._ref(*args)
        self._calls += 1
        if self._calls >= _WARM or TIERS.mode == "generated":
            self._fn = self.generated()
            return self._fn(*args)
        return self._ref(*args)

    @property
    def types(self) -> TypeTable | None:
        """The item definitions the expression was compiled with (a DMN model's)."""
        return self._types

    def generated(self) -> Any:
        """The generated function (made now if not yet)."""
        if self._gen is None:
            self._gen = _generated(self.ast, self._writer, self._types, self._ref)
        return self._gen

    def _run(self, *args: Any) -> Any:
        if TIERS.mode == "reference":
            return self._ref(*args)
        return self._fn(*args)


class CompiledExpression(_Tiered):
    """A FEEL expression parsed and compiled once.

    >>> compile_expression("a + 1", ["a"]).evaluate({"a": 41}).value
    Decimal('42')
    """

    __slots__ = ()
    _writer = staticmethod(generate)

    def __init__(self, text: str, node: ast.Node, types: TypeTable | None = None) -> None:
        self._start(text, node, _compiled(text, node, compile_node, types), types)

    def evaluate(self, context: Mapping[str, Any] | None = None, *,
                 limits: Limits | None = None) -> Result:
        """The value in ``context``, under a budget of ``limits`` (default: the defaults,
        or the budget of an evaluation under way)."""
        scope = new_scope(context)
        with budget(limits):
            value = self.result_in(scope)
        return Result(value, tuple(scope.warnings))

    def result_in(self, scope: Scope) -> Any:
        """``evaluate_in``, for a value that leaves the engine (to be written, shown or
        compared): a nested value whose writing would exceed the budget is refused."""
        value = self.evaluate_in(scope)
        try:
            if under_way():
                return active().weigh(value, self.ast.span)
            with budget() as spent:
                return spent.weigh(value, self.ast.span)
        except LimitError as err:
            raise located(err, self.text) from None

    def evaluate_in(self, scope: Scope) -> Any:
        """Evaluate in an existing scope (the engine's fast path; warnings go to it), under
        the budget of the evaluation under way, or a fresh default one."""
        try:
            fn = self._ref if TIERS.mode == "reference" else self._fn
            if under_way():
                return fn(scope)
            with budget():
                return fn(scope)
        except RecursionError:
            raise _too_deep(self.text, self.ast) from None
        except LimitError as err:
            raise located(err, self.text) from None

    def __repr__(self) -> str:
        return f"CompiledExpression({self.text!r})"


class CompiledUnaryTests(_Tiered):
    """The content of an input cell, parsed and compiled once.

    >>> compile_unary_tests("[18..65)").matches(30).value
    True
    """

    __slots__ = ()
    _writer = staticmethod(generate_tests)

    def __init__(self, text: str, node: ast.UnaryTests, types: TypeTable | None = None
                 ) -> None:
        self._start(text, node, _compiled(text, node, compile_tests, types), types)

    def matches(self, value: Any, context: Mapping[str, Any] | None = None, *,
                limits: Limits | None = None) -> Result:
        scope = new_scope(context)
        v = from_python(value, _INPUT_VALUE)
        with budget(limits):
            result = self.test_in(v, scope.child({INPUT: v}))
        return Result(result, tuple(scope.warnings))

    @property
    def function(self) -> Any:
        """The compiled test itself, ``(value, scope) -> True/False/None``, for callers
        that run it many times and handle RecursionError themselves."""
        return self._run

    def test_in(self, value: Any, scope: Scope) -> bool | None:
        """Test ``value`` in an existing scope (the engine's fast path)."""
        try:
            if under_way():
                result: bool | None = self._run(value, scope)
                return result
            with budget():
                result = self._run(value, scope)
            return result
        except RecursionError:
            raise _too_deep(self.text, self.ast) from None
        except LimitError as err:
            raise located(err, self.text) from None

    @property
    def is_any(self) -> bool:
        return bool(self.ast.any)

    def __repr__(self) -> str:
        return f"CompiledUnaryTests({self.text!r})"


def compile_expression(text: str, names: Iterable[str] = (), *, iso_dates: bool = False,
                       types: TypeTable | None = None) -> CompiledExpression:
    """Parse and compile a FEEL expression; ``names`` are the names in scope.
    ``iso_dates=True`` is the rule-pack dialect: ``2011-01-01`` is a date. ``types``: the
    item definitions ``instance of`` may name (a DMN model's)."""
    return _compile_expression(text, frozenset(names), iso_dates, types or None)


def compile_unary_tests(text: str, names: Iterable[str] = (), *, iso_dates: bool = False,
                        types: TypeTable | None = None) -> CompiledUnaryTests:
    """Parse and compile the unary tests of an input cell."""
    return _compile_unary_tests(text, frozenset(names), iso_dates, types or None)


@lru_cache(maxsize=4096)
def _compile_expression(text: str, names: frozenset[str], iso_dates: bool,
                        types: TypeTable | None) -> CompiledExpression:
    return CompiledExpression(text, parse_expression(text, names, iso_dates=iso_dates), types)


@lru_cache(maxsize=4096)
def _compile_unary_tests(text: str, names: frozenset[str], iso_dates: bool,
                         types: TypeTable | None) -> CompiledUnaryTests:
    return CompiledUnaryTests(text, parse_unary_tests(text, names, iso_dates=iso_dates), types)


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


def evaluate(text: str, context: Mapping[str, Any] | None = None, *,
             limits: Limits | None = None) -> Result:
    """Compile ``text`` with the context's names in scope and evaluate it once.

    >>> evaluate('date("2012-07-01") + duration("P5Y")').value
    datetime.date(2017, 7, 1)
    """
    return compile_expression(text, names_in(context)).evaluate(context, limits=limits)


def evaluate_unary_tests(text: str, value: Any, context: Mapping[str, Any] | None = None,
                         *, limits: Limits | None = None) -> Result:
    """Whether ``value`` satisfies the unary tests ``text`` (e.g. ``< 18``)."""
    return compile_unary_tests(text, names_in(context)).matches(value, context,
                                                                limits=limits)
