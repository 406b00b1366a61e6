"""AST to Python closures. Runs once per expression; evaluation then only calls closures.

Every compiled node is a function ``fn(scope) -> value``. A ``Scope`` holds the
variables visible at that point (a chain of dicts) and the evaluation's list of
warnings. No Python ``eval``/``exec``; names are looked up in scopes, never as
attributes of host objects.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from regel.base.errors import (
    FeelEvaluationError,
    FeelSyntaxError,
    LimitError,
    RegelError,
    Span,
)
from regel.base.messages import Msg
from regel.feel import ast, wide
from regel.feel import builtins as _builtins  # noqa: F401  (registers the built-ins)
from regel.feel.budget import DEFAULT_LIMITS, active, budget
from regel.feel.java import call_java
from regel.feel.operators import arithmetic, between, compare, negate, test_value
from regel.feel.parser import parse_expression
from regel.feel.range_functions import RANGE_READER
from regel.feel.registry import BUILTINS, Builtin, call_builtin
from regel.feel.types import (
    FeelType,
    conform_arguments,
    context_of,
    function_of,
    is_instance,
    known_type_names,
    named_type,
)
from regel.feel.values import (
    DaysTimeDuration,
    FeelFunction,
    FeelNull,
    Range,
    YearsMonthsDuration,
    feel_compare,
    type_name,
)
from regel.feel.warnings import FeelWarning

__all__ = ["Scope", "compile_node", "compile_tests", "Compiled", "UnaryTest", "MISSING", "Handover",
           "call_function", "fold_call", "builtin_value", "path_value", "list_index",
           "as_boolean", "iteration_values", "type_of_ref", "call_failed", "literal_value",
           "never_a_number"]

Compiled = Callable[["Scope"], Any]
#: A compiled unary test: (tested value, scope) -> True / False / None
UnaryTest = Callable[[Any, "Scope"], "bool | None"]

MISSING = object()
INPUT = "?"
#: Where an evaluation puts its as-of date; the leading space keeps FEEL text from naming it.
AS_OF = " as-of date"
#: An integer range iterated by for/some/every may hold at most this many numbers;
#: a larger one is almost always a typing mistake and would exhaust memory.
MAX_ITERATION = 1_000_000


class Scope:
    """Variables in scope and the warnings of one evaluation."""

    __slots__ = ("vars", "parent", "warnings")

    def __init__(self, variables: dict[str, Any], parent: Scope | None = None,
                 warnings: list[FeelWarning] | None = None) -> None:
        self.vars = variables
        self.parent = parent
        self.warnings: list[FeelWarning] = warnings if warnings is not None else []

    def lookup(self, name: str) -> Any:
        s: Scope | None = self
        while s is not None:
            v = s.vars.get(name, MISSING)
            if v is not MISSING:
                return v
            s = s.parent
        return MISSING

    def child(self, variables: dict[str, Any]) -> Scope:
        return Scope(variables, self, self.warnings)

    def warn(self, code: str, span: Span | None, **values: Any) -> None:
        self.warnings.append(FeelWarning(code, values, span, "warning"))


def _guard(fn: Callable[[Scope], Any], span: Span) -> Compiled:
    """Turn FeelNull raised inside ``fn`` into null plus a warning at ``span``."""

    def run(s: Scope) -> Any:
        try:
            return fn(s)
        except FeelNull as exc:
            s.warn(exc.code, span, **exc.values)
            return None

    return run


def as_boolean(value: Any, s: Scope, span: Span, where: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    s.warn("FEEL-NOT-BOOLEAN", span, where=where, type=type_name(value))
    return None


# --------------------------------------------------------------------- compilers

def _literal(value: Any) -> Compiled:
    return lambda s: value


def _name(node: ast.Name) -> Compiled:
    name, span = node.name, node.span
    builtin = BUILTINS.get(name)

    def run(s: Scope) -> Any:
        v = s.lookup(name)
        if v is not MISSING:
            return v
        if builtin is not None:
            return builtin_value(builtin)
        s.warn("FEEL-UNKNOWN-NAME", span, name=name)
        return None

    return run


def builtin_value(b: Builtin) -> FeelFunction:
    return FeelFunction(b.name, b.params, lambda args, named: call_builtin(b, args, named))


def _input_value(node: ast.InputValue) -> Compiled:
    span = node.span

    def run(s: Scope) -> Any:
        v = s.lookup(INPUT)
        if v is MISSING:
            s.warn("FEEL-UNKNOWN-NAME", span, name="?")
            return None
        return v

    return run


def _arithmetic(node: ast.Arithmetic) -> Compiled:
    op_fn = arithmetic(node.op)
    left, right = compile_node(node.left), compile_node(node.right)
    span = node.span

    def run(s: Scope) -> Any:
        a = left(s)
        b = right(s)
        if a is None or b is None:
            return None
        try:
            value = op_fn(a, b, lambda code, **v: s.warn(code, span, **v))
        except FeelNull as exc:
            s.warn(exc.code, span, **exc.values)
            return None
        if isinstance(value, str) and len(value) > 4096:   # joined texts: within the budget
            active().sized(value, span)
        return value

    return run


def _negate(node: ast.Negate) -> Compiled:
    operand = compile_node(node.operand)

    def run(s: Scope) -> Any:
        v = operand(s)
        return None if v is None else negate(v)

    return _guard(run, node.span)


def _compare(node: ast.Compare) -> Compiled:
    op = node.op
    left, right = compile_node(node.left), compile_node(node.right)
    return _guard(lambda s: compare(op, left(s), right(s)), node.span)


def _and(node: ast.And) -> Compiled:
    left, right = compile_node(node.left), compile_node(node.right)
    lspan, rspan = node.left.span, node.right.span  # type: ignore[union-attr]

    def run(s: Scope) -> Any:
        a = as_boolean(left(s), s, lspan, "'and'")
        if a is False:
            return False
        b = as_boolean(right(s), s, rspan, "'and'")
        if b is False:
            return False
        return True if a is True and b is True else None

    return run


def _or(node: ast.Or) -> Compiled:
    left, right = compile_node(node.left), compile_node(node.right)
    lspan, rspan = node.left.span, node.right.span  # type: ignore[union-attr]

    def run(s: Scope) -> Any:
        a = as_boolean(left(s), s, lspan, "'or'")
        if a is True:
            return True
        b = as_boolean(right(s), s, rspan, "'or'")
        if b is True:
            return True
        return False if a is False and b is False else None

    return run


def _between(node: ast.Between) -> Compiled:
    value, low, high = compile_node(node.value), compile_node(node.low), compile_node(node.high)

    return _guard(lambda s: between(value(s), low(s), high(s)), node.span)


def literal_value(node: ast.Node | None) -> Any:
    """The value of a literal node (a number, text, boolean or temporal literal), or
    MISSING."""
    if isinstance(node, (ast.Number, ast.String, ast.Boolean, ast.Temporal)):
        return node.value
    return MISSING


def _constant_range_test(node: ast.RangeLit) -> UnaryTest | None:
    """``[1..5)`` with literal ends: the range is built once, at compile time."""
    start, end = literal_value(node.start), literal_value(node.end)
    if start is MISSING or end is MISSING:
        return None
    r = Range(start, end, node.start_included, node.end_included)
    return lambda value, s: r.contains(value)


_COMPARE_FAST = {
    "<": lambda c: c < 0, "<=": lambda c: c <= 0, ">": lambda c: c > 0, ">=": lambda c: c >= 0,
}


def _positive_test(node: ast.Node) -> UnaryTest:
    """One positive unary test as a function of the tested value."""
    if isinstance(node, ast.RangeLit):
        fast = _constant_range_test(node)
        if fast is not None:
            return fast
    if isinstance(node, ast.UnaryComparison) and node.op in _COMPARE_FAST and \
            literal_value(node.value) is not MISSING:
        bound, holds, cspan = literal_value(node.value), _COMPARE_FAST[node.op], node.span

        def literal_comparison(value: Any, s: Scope) -> bool | None:
            c = feel_compare(value, bound)  # same semantics as compare(op, ...)
            if c is None:
                if value is not None:
                    s.warn("FEEL-NOT-COMPARABLE", cspan, left=type_name(value),
                           right=type_name(bound))
                return None
            return holds(c)

        return literal_comparison
    if isinstance(node, ast.UnaryComparison):
        op = node.op
        rhs = compile_node(node.value)
        span = node.span

        def comparison(value: Any, s: Scope) -> bool | None:
            try:
                return compare(op, value, rhs(s))
            except FeelNull as exc:
                s.warn(exc.code, span, **exc.values)
                return None

        return comparison
    expr = compile_node(node)
    if ast.uses_input_value(node):
        span = node.span

        def with_input(value: Any, s: Scope) -> bool | None:
            result = expr(s.child({INPUT: value}))
            if isinstance(result, bool):
                return result
            if result is None:
                return None
            return test_value(value, result)

        return with_input
    span = node.span

    def by_value(value: Any, s: Scope) -> bool | None:
        try:
            return test_value(value, expr(s))
        except FeelNull as exc:
            s.warn(exc.code, span, **exc.values)
            return None

    return by_value


def _any_of(tests: list[UnaryTest]) -> UnaryTest:
    if len(tests) == 1:
        return tests[0]

    def run(value: Any, s: Scope) -> bool | None:
        result: bool | None = False
        for t in tests:
            r = t(value, s)
            if r is True:
                return True
            if r is None:
                result = None
        return result

    return run


def compile_tests(node: ast.UnaryTests) -> UnaryTest:
    """A whole input cell as one function ``(value, scope) -> True/False/None``."""
    if node.any:
        return lambda value, s: True
    positive = _any_of([_positive_test(t) for t in node.tests])
    if not node.negated:
        return positive

    def negated(value: Any, s: Scope) -> bool | None:
        r = positive(value, s)
        return None if r is None else not r

    return negated


def _in(node: ast.In) -> Compiled:
    value = compile_node(node.value)
    test = _any_of([_positive_test(t) for t in node.tests])
    return lambda s: test(value(s), s)


def type_of_ref(t: ast.TypeRef) -> FeelType:
    """The type an ``instance of`` names: a built-in type, ``list<T>``, ``range<T>``,
    ``context<a: T>``, ``function<T> -> U``, or an item definition of the model."""
    if t.name in ("list", "range") and t.params:
        return FeelType(t.name, item=type_of_ref(t.params[0]))
    if t.name == "context" and t.fields:
        return context_of((k, type_of_ref(ft)) for k, ft in t.fields)
    if t.name == "function" and t.result is not None:
        return function_of([type_of_ref(p) for p in t.params], type_of_ref(t.result))
    found = named_type(t.name)
    if found is None:
        raise FeelSyntaxError.of("FEEL-SYNTAX", at=t.span, key="FEEL-SYNTAX/unknown-type",
                                 name=t.name, known=known_type_names())
    return found


def _instance_of(node: ast.InstanceOf) -> Compiled:
    value = compile_node(node.value)
    wanted = type_of_ref(node.type)  # type: ignore[arg-type]
    return lambda s: is_instance(value(s), wanted)


def _if(node: ast.If) -> Compiled:
    cond, then, other = (compile_node(node.condition), compile_node(node.then),
                         compile_node(node.otherwise))
    span = node.condition.span  # type: ignore[union-attr]

    def run(s: Scope) -> Any:
        c = cond(s)
        if c is True:
            return then(s)
        if c is not False and c is not None:
            s.warn("FEEL-NOT-BOOLEAN", span, where="'if'", type=type_name(c))
        return other(s)

    return run


def _is_date(v: Any) -> bool:
    return isinstance(v, wide.DATES) and not isinstance(v, wide.DATETIMES)


def _domain(it: ast.Iteration) -> Callable[[Scope], Iterable[Any] | None]:
    start = compile_node(it.domain)
    end = compile_node(it.end) if it.end is not None else None
    name, span = it.name, it.span

    def run(s: Scope) -> Iterable[Any] | None:
        v = start(s)
        return iteration_values(v, end(s) if end is not None else MISSING, name, span, s)

    return run


def _integers(a: Any, b: Any, name: str, span: Span, s: Scope) -> Iterable[Any] | None:
    """Whole numbers one by one, or (DMN 1.5) dates day by day; up or down."""
    make: Callable[[int], Any]
    if (isinstance(a, Decimal) and isinstance(b, Decimal)
            and a == a.to_integral_value() and b == b.to_integral_value()):
        lo, hi, make = int(a), int(b), Decimal
    elif _is_date(a) and _is_date(b):
        lo, hi, make = wide.day_number(a), wide.day_number(b), wide.make_date
    else:
        s.warn("FEEL-NOT-ITERABLE", span, name=name, type=type_name(a))
        return None
    if abs(hi - lo) >= MAX_ITERATION:
        s.warn("FEEL-TOO-LARGE", span, name=name, size=abs(hi - lo) + 1,
               limit=MAX_ITERATION)
        return None
    step = 1 if hi >= lo else -1
    return map(make, range(lo, hi + step, step))   # lazily: nested loops stop early


def iteration_values(v: Any, end: Any, name: str, span: Span, s: Scope
                     ) -> Iterable[Any] | None:
    """The values an iteration ``name in v`` (``name in v..end`` when ``end`` is not
    MISSING) runs over; None, with a warning, when there are none to run over."""
    if end is not MISSING:
        return _integers(v, end, name, span, s)
    if isinstance(v, list):
        return v
    if isinstance(v, Range) and v.start is not None and v.end is not None:
        if _descending(v):   # no range: a descending iteration is written 2..1
            s.warnings.append(FeelWarning(
                "FEEL-NOT-ITERABLE", {"name": name, "start": v.start, "end": v.end},
                span, "warning", None, "FEEL-NOT-ITERABLE/descending"))
            return None
        values = _integers(v.start, v.end, name, span, s)
        if values is None:
            return None
        return (x for x in values if v.contains(x))
    if v is None:
        s.warn("FEEL-NOT-ITERABLE", span, name=name, type="Null")
        return None
    return [v]


def _descending(r: Range) -> bool:
    """Whether a range's start is after its end (then it holds no value: DMN 1.5,
    10.3.2.7, ranges are written from their lower end)."""
    try:
        return feel_compare(r.start, r.end) == 1
    except FeelNull:
        return False


def _for(node: ast.For) -> Compiled:
    body = compile_node(node.body)
    iterations = node.iterations
    domains = [_domain(it) for it in iterations]
    span = node.span
    # 'partial' (the results so far) is a copy per round: made only for a body that uses it,
    # so that a plain loop builds its result in linear time
    partial = node.body is not None and any(
        isinstance(n, ast.Name) and n.name == "partial" for n in ast.walk(node.body))

    def run(s: Scope) -> Any:
        results: list[Any] = []
        b = active()
        limit = b.limits.items

        def loop(level: int, sc: Scope) -> bool:
            if level == len(iterations):
                b.spend(len(results) + 1 if partial else 1, span)
                if partial:
                    sc.vars["partial"] = list(results)
                results.append(body(sc))
                if len(results) > limit:
                    b.sized(results, span)
                return True
            values = domains[level](sc)
            if values is None:
                return False
            for v in values:
                if not loop(level + 1, sc.child({iterations[level].name: v})):
                    return False
            return True

        return results if loop(0, s) else None

    return run


def _quantified(node: ast.Quantified) -> Compiled:
    cond = compile_node(node.condition)
    iterations = node.iterations
    domains = [_domain(it) for it in iterations]
    some = node.quantifier == "some"
    span = node.span

    def run(s: Scope) -> Any:
        found = False
        complete = True
        b = active()

        def loop(level: int, sc: Scope) -> bool:
            # returns True to stop early
            nonlocal found, complete
            if level == len(iterations):
                b.spend(1, span)
                r = cond(sc)
                if some and r is True:
                    found = True
                    return True
                if not some and r is not True:
                    found = True
                    return True
                return False
            values = domains[level](sc)
            if values is None:
                complete = False
                return True
            for v in values:
                if loop(level + 1, sc.child({iterations[level].name: v})):
                    return True
            return False

        loop(0, s)
        if not complete:
            return None
        return found if some else not found

    return run


def bind_arguments(function: str, params: tuple[str, ...], args: list[Any],
                   named: dict[str, Any] | None) -> dict[str, Any]:
    """The parameters of a user function (a FEEL ``function`` or a pack's function
    decision) bound to positional or named arguments; FeelNull when they do not fit."""
    if named is not None:
        unknown = set(named) - set(params)
        if unknown:
            raise FeelNull("FEEL-BAD-ARGUMENTS", function=function, reason=Msg(
                "feel.reason.unknown-parameters", {"names": ", ".join(sorted(unknown))}))
        return {p: named.get(p) for p in params}
    if len(args) != len(params):
        raise FeelNull("FEEL-BAD-ARGUMENTS", function=function, reason=Msg(
            "feel.reason.argument-count", {"count": len(args), "expected": len(params)}))
    return dict(zip(params, args, strict=True))


def _external(node: ast.FunctionDef) -> Compiled:
    """``function(a) external {java: {class: .., method signature: ..}}`` (or ``pmml``):
    the mapping is evaluated where the function is made; a call runs the Java stand-in
    (regel.feel.java) or, for PMML, is an error at the call."""
    mapping = compile_node(node.body)
    params = node.params

    def run(s: Scope) -> FeelFunction:
        kinds = mapping(s)

        def invoke(args: list[Any], named: dict[str, Any] | None) -> Any:
            bound = bind_arguments("function", params, args, named)
            values = [bound[p] for p in params]
            java, pmml = kinds.get("java"), kinds.get("pmml")
            if isinstance(java, dict):
                return call_java(str(java.get("class")), str(java.get("method signature")),
                                 values)
            if isinstance(pmml, dict):
                model = pmml.get("model")
                raise FeelEvaluationError.of(  # placed at the call by call_function
                    "FEEL-PMML", key=None if model is not None else "FEEL-PMML/document",
                    document=str(pmml.get("document")), model=str(model))
            raise FeelNull("FEEL-EXTERNAL-KIND", keys=", ".join(kinds) or "{}")

        return FeelFunction("function", params, invoke)

    return run


def _function_def(node: ast.FunctionDef) -> Compiled:
    if node.external:
        return _external(node)
    body = compile_node(node.body)
    params = node.params
    span = node.span
    # function(a: number): an argument is conformed to its declared type; one that does
    # not conform makes the call null (DMN 1.5, 10.3.2.9.4)
    types = [(p, type_of_ref(t) if t is not None else None)
             for p, t in zip(params, node.param_types, strict=True)] if node.param_types else []

    def run(s: Scope) -> FeelFunction:
        def invoke(args: list[Any], named: dict[str, Any] | None) -> Any:
            bound = bind_arguments("function", params, args, named)
            scope = s.child(conform_arguments("function", bound, types) if types else bound)
            b = active()
            b.enter(span)
            try:
                return body(scope)
            finally:
                b.leave()

        return FeelFunction("function", params, invoke)

    return run


def _call(node: ast.Call) -> Compiled:
    span = node.span
    args = [compile_node(a) for a in node.args]
    named = [(k, compile_node(v)) for k, v in node.named] if node.named is not None else None
    callee = node.callee
    if isinstance(callee, ast.Name) and callee.name == "is defined" and len(node.args) == 1:
        return _is_defined(node.args[0])
    if isinstance(callee, ast.Name) and callee.name == "today" and not node.args and \
            node.named is None:
        return _today(span)
    if isinstance(callee, ast.Name):
        fname = callee.name
        builtin = BUILTINS.get(fname)
        folded = fold_call(builtin, node) if builtin is not None and fname not in _CLOCKS \
            else MISSING
        if folded is not MISSING:
            general = _guard(lambda s: call_function(s.lookup(fname), [a(s) for a in args],
                                               {k: v(s) for k, v in named} if named else None,
                                               span), span)

            def constant(s: Scope) -> Any:
                # a function in scope with the built-in's name still wins
                return general(s) if isinstance(s.lookup(fname), FeelFunction) else folded

            return constant

        def resolve(s: Scope) -> Any:
            v = s.lookup(fname)
            if isinstance(v, FeelFunction):
                return v
            if builtin is not None:
                return builtin
            if v is MISSING:
                raise FeelNull("FEEL-UNKNOWN-FUNCTION", name=fname)
            raise FeelNull("FEEL-NOT-A-FUNCTION", name=fname, type=type_name(v))
    else:
        target = compile_node(callee)
        shown = type(callee).__name__

        def resolve(s: Scope) -> Any:
            v = target(s)
            if not isinstance(v, FeelFunction):
                raise FeelNull("FEEL-NOT-A-FUNCTION", name=shown, type=type_name(v))
            return v

    def run(s: Scope) -> Any:
        fn = resolve(s)
        if named is not None:
            return call_function(fn, [], {k: v(s) for k, v in named}, span)
        return call_function(fn, [a(s) for a in args], None, span)

    return _guard(run, span)


def call_function(fn: Any, values: list[Any], kwargs: dict[str, Any] | None,
            span: Span | None) -> Any:
    b = active()
    b.spend(1, span)
    try:
        if isinstance(fn, Builtin):
            return b.sized(call_builtin(fn, values, kwargs), span)
        return fn.invoke(values, kwargs)
    except Exception as exc:
        call_failed(fn, exc, span)
        raise   # (call_failed always raises)


class Handover(Exception):
    """Raised by an evaluating tier's own code, not by FEEL: the case goes to another way
    (regel.run.compiled's Slow). A call lets it through, as it is."""


def call_failed(fn: Any, exc: Exception, span: Span | None) -> None:
    """What a call of ``fn`` that raised ``exc`` raises: an engine error placed at the
    call, as it was; a Handover as it is; anything else a FeelNull (a built-in never
    crashes an evaluation)."""
    if isinstance(exc, (LimitError, FeelEvaluationError)):
        if exc.first.span is None:      # inside a built-in or external function: the call
            exc.diagnostics[0] = replace(exc.first, span=span)
        raise exc
    if isinstance(exc, (FeelNull, RecursionError, RegelError, Handover)):
        raise exc
    raise FeelNull("FEEL-INVALID-ARGUMENT", function=fn.name, reason=Msg(
        "feel.reason.python-error", {"detail": f"{type(exc).__name__}: {exc}"})) from None


#: built-ins whose value changes from call to call: never folded at compile time
_CLOCKS = frozenset({"now", "today"})
_CONSTANTS = (ast.Number, ast.String, ast.Boolean, ast.Null, ast.Temporal)


def fold_call(builtin: Builtin, node: ast.Call) -> Any:
    """The value of a built-in call whose arguments are all literals, computed once at
    compile time (``date("2012-07-01")`` in a cell); MISSING if it cannot be folded
    (non-literal arguments, or the call warns and must warn at every evaluation)."""
    arg_nodes = [v for _, v in node.named] if node.named is not None else list(node.args)
    if not all(isinstance(a, _CONSTANTS) for a in arg_nodes):
        return MISSING
    probe = Scope({})
    args = [compile_node(a)(probe) for a in node.args]
    named = ({k: compile_node(v)(probe) for k, v in node.named}
             if node.named is not None else None)
    try:
        with budget(DEFAULT_LIMITS):     # its own budget: folding never stops a load
            value = call_function(builtin, args, named, node.span)
    except (FeelNull, RecursionError, LimitError):
        return MISSING
    if probe.warnings or isinstance(value, (list, dict)):
        return MISSING  # mutable results are rebuilt each time: callers may keep them
    return value


def _today(span: Span) -> Compiled:
    """``today()`` is the evaluation's as-of date where the engine gives one, so that a
    decision gives the same answer when replayed; plain FEEL gets the calendar date."""

    def run(s: Scope) -> Any:
        own = s.lookup("today")
        if isinstance(own, FeelFunction):
            return own.invoke([], None)
        day = s.lookup(AS_OF)
        return _dt.date.today() if day is MISSING else day

    return _guard(run, span)


def _is_defined(arg: ast.Node) -> Compiled:
    inner = compile_node(arg)

    def run(s: Scope) -> Any:
        probe = Scope({}, s, [])
        inner(probe)
        return not any(w.code in ("FEEL-UNKNOWN-NAME", "FEEL-NO-SUCH-KEY")
                       for w in probe.warnings)

    return run


def _not_call(node: ast.NotCall) -> Compiled:
    operand = compile_node(node.operand)
    span = node.span

    def run(s: Scope) -> Any:
        v = operand(s)
        if isinstance(v, bool):
            return not v
        if v is not None:
            s.warn("FEEL-NOT-BOOLEAN", span, where="not()", type=type_name(v))
        return None

    return run


def _offset(v: Any) -> Any:
    off = wide.utc_offset(v) if v.tzinfo is not None else None
    return None if off is None else DaysTimeDuration.from_timedelta(off)


def _zone(v: Any) -> Any:
    return getattr(v.tzinfo, "key", None) if v.tzinfo is not None else None


def _property(value: Any, key: str) -> Any:
    if isinstance(value, wide.DATES + wide.TIMES):
        if isinstance(value, wide.DATES) and key in ("year", "month", "day"):
            return Decimal(getattr(value, key))
        if isinstance(value, wide.DATES) and key == "weekday":
            return Decimal(value.isoweekday())
        if isinstance(value, wide.DATETIMES + wide.TIMES):
            if key in ("hour", "minute", "second"):
                return Decimal(getattr(value, key))
            if key == "time offset":
                return _offset(value)
            if key == "timezone":
                return _zone(value)
    elif isinstance(value, YearsMonthsDuration):
        if key == "years":
            return Decimal(value.years)
        if key == "months":
            return Decimal(value.months_part)
    elif isinstance(value, DaysTimeDuration):
        if key in ("days", "hours", "minutes"):
            return Decimal(getattr(value, key))
        if key == "seconds":
            return value.secs
    elif isinstance(value, Range):
        attr = {"start": "start", "end": "end", "start included": "start_included",
                "end included": "end_included"}.get(key)
        if attr:
            return getattr(value, attr)
    raise FeelNull("FEEL-NO-SUCH-KEY", type=type_name(value), key=key)


def path_value(value: Any, key: str) -> Any:
    if value is None:
        return None
    if isinstance(value, dict):
        if key in value:
            return value[key]
        raise FeelNull("FEEL-NO-SUCH-KEY", type=Msg("feel.word.the-context"), key=key)
    if isinstance(value, list):
        return [_path_item(x, key) for x in value]
    return _property(value, key)


def _path_item(x: Any, key: str) -> Any:
    if isinstance(x, dict):
        return x.get(key)
    try:
        return path_value(x, key)
    except FeelNull:
        return None


def _path(node: ast.Path) -> Compiled:
    base = compile_node(node.base)
    key = node.key
    return _guard(lambda s: path_value(base(s), key), node.span)


def list_index(items: list[Any], idx: Decimal) -> Any:
    if idx != idx.to_integral_value():
        raise FeelNull("FEEL-INDEX-OUT-OF-RANGE", index=str(idx), size=len(items))
    i = int(idx)
    n = len(items)
    if 1 <= i <= n:
        return items[i - 1]
    if -n <= i <= -1:
        return items[n + i]
    raise FeelNull("FEEL-INDEX-OUT-OF-RANGE", index=i, size=n)


#: the expressions whose value is a truth value or null, never a number
_TRUTHS = (ast.Compare, ast.And, ast.Or, ast.Between, ast.In, ast.InstanceOf, ast.NotCall,
           ast.Boolean, ast.Quantified)


def never_a_number(node: ast.Node | None) -> bool:
    """Whether ``node``'s value is never a number (a comparison, a junction, ``not(...)``,
    ...): a filter with it as condition is no index, and of an empty list it is []
    without running the condition (both ways: the closures and generated code)."""
    return isinstance(node, _TRUTHS)


def _filter(node: ast.Filter) -> Compiled:
    base = compile_node(node.base)
    cond = compile_node(node.condition)
    cspan = node.condition.span  # type: ignore[union-attr]
    truth = never_a_number(node.condition)

    def item_scope(s: Scope, item: Any) -> Scope:
        if isinstance(item, dict):
            # an entry named 'item' wins over the item itself (DMN TCK 0069, 026)
            return s.child({"item": item, **item})
        return s.child({"item": item})

    def run(s: Scope) -> Any:
        b = base(s)
        if b is None:
            return None
        items = b if isinstance(b, list) else [b]
        if not items and truth:
            return []
        if not items:
            # only to tell an index ([][1]) from a filter; the condition's warnings about
            # item entries that an empty list cannot have are not the user's concern
            r = cond(Scope({"item": None}, s, []))
            if isinstance(r, Decimal):
                return list_index(items, r)
            return []
        out = []
        active().spend(len(items), cspan)
        for n, item in enumerate(items):
            r = cond(item_scope(s, item))
            if n == 0 and isinstance(r, Decimal):
                return list_index(items, r)
            if r is True:
                out.append(item)
            elif r is not False and r is not None:
                s.warn("FEEL-NOT-BOOLEAN", cspan, where=Msg("feel.word.the-filter"),
                       type=type_name(r))
        return out

    return _guard(run, node.span)


def _list(node: ast.ListLit) -> Compiled:
    items = [compile_node(i) for i in node.items]
    return lambda s: [i(s) for i in items]


def _context(node: ast.ContextLit) -> Compiled:
    entries = [(k, compile_node(v)) for k, v in node.entries]

    def run(s: Scope) -> Any:
        out: dict[str, Any] = {}
        inner = s.child(out)  # later entries see earlier ones
        for key, fn in entries:
            out[key] = fn(inner)
        return dict(out)

    return run


def _range(node: ast.RangeLit) -> Compiled:
    start, end = compile_node(node.start), compile_node(node.end)
    si, ei = node.start_included, node.end_included
    return lambda s: Range(start(s), end(s), si, ei)


def _unary_comparison(node: ast.UnaryComparison) -> Compiled:
    # ``< 5`` used as a value (FEEL 1.4+): the range it describes
    op = node.op
    value = compile_node(node.value)

    def run(s: Scope) -> Any:
        v = value(s)
        if op == "<":
            return Range(None, v, False, False, op)
        if op == "<=":
            return Range(None, v, False, True, op)
        if op == ">":
            return Range(v, None, False, False, op)
        if op == ">=":
            return Range(v, None, True, False, op)
        return Range(v, v, op == "=", op == "=", op)

    return run


_COMPILERS: dict[type, Callable[[Any], Compiled]] = {
    ast.Name: _name,
    ast.InputValue: _input_value,
    ast.Arithmetic: _arithmetic,
    ast.Negate: _negate,
    ast.Compare: _compare,
    ast.And: _and,
    ast.Or: _or,
    ast.Between: _between,
    ast.In: _in,
    ast.InstanceOf: _instance_of,
    ast.If: _if,
    ast.For: _for,
    ast.Quantified: _quantified,
    ast.FunctionDef: _function_def,
    ast.Call: _call,
    ast.NotCall: _not_call,
    ast.Path: _path,
    ast.Filter: _filter,
    ast.ListLit: _list,
    ast.ContextLit: _context,
    ast.RangeLit: _range,
    ast.UnaryComparison: _unary_comparison,
}


def compile_node(node: ast.Node | None) -> Compiled:
    """Compile one AST node (and everything below it) to a closure."""
    if isinstance(node, ast.Number):
        return _literal(node.value)
    if isinstance(node, (ast.String, ast.Boolean)):
        return _literal(node.value)
    if isinstance(node, ast.Null) or node is None:
        return _literal(None)
    if isinstance(node, ast.Temporal):
        return _literal(node.value)
    compiler = _COMPILERS.get(type(node))
    if compiler is None:
        raise FeelSyntaxError.of("FEEL-SYNTAX", at=node.span, key="FEEL-SYNTAX/construct",
                                 kind=type(node).__name__)
    return compiler(node)


#: the functions an endpoint of range(from)'s text may call, each with one string literal
_ENDPOINT_CALLS = frozenset({"date", "date and time", "time", "duration"})


def _literal_endpoint(node: ast.Node | None) -> bool:
    """Whether an endpoint of range(from)'s text is a literal: a number, a string, a
    temporal literal, or a date("..")-style call with one string literal."""
    if isinstance(node, (ast.Number, ast.String, ast.Temporal)):
        return True
    return (isinstance(node, ast.Call) and isinstance(node.callee, ast.Name)
            and node.callee.name in _ENDPOINT_CALLS and node.named is None
            and len(node.args) == 1 and isinstance(node.args[0], ast.String))


def _read_range(text: str) -> tuple[Any, Any, bool, bool] | None:
    """range(from)'s text as a range's parts, or None when it is not a range literal
    whose ends are literal values (DMN 1.5, 10.3.4.1)."""
    try:
        node = parse_expression(text)
    except RegelError:
        return None
    if not isinstance(node, ast.RangeLit) or not (
            _literal_endpoint(node.start) and _literal_endpoint(node.end)):
        return None
    probe = Scope({})
    return (compile_node(node.start)(probe), compile_node(node.end)(probe),
            node.start_included, node.end_included)


RANGE_READER[:] = [_read_range]
