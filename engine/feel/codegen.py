"""The checked FEEL AST as Python source, compiled once with ``compile()``: the fast path.

The generator writes code from AST node types only: identifiers are generated (``v3``,
``t7``, ``k2``), never taken from rule text; every literal is ``repr()`` of its Python value
(a text, a number, a date) or a constant handed to the code by a generated name; rule text
never reaches ``eval``/``exec``. Names are looked up once per evaluation and kept in local
variables; names bound inside the expression (context entries, parameters, loop variables,
a filter's item) are locals from the start. The closure compiler (``regel.feel.compiler``)
is the reference: a construct the generator does not write itself runs its closure, and
tests/feel/test_codegen.py holds both equal, values and warnings, on generated expressions,
the DMN TCK and every pack test.
"""

from __future__ import annotations

import datetime
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from regel.base.messages import Msg
from regel.feel import ast
from regel.feel.analysis import NUMBER_BUILTINS
from regel.feel.budget import active
from regel.feel.builtins import rounding_parts
from regel.feel.compiler import (
    INPUT,
    MISSING,
    Scope,
    as_boolean,
    builtin_value,
    call_failed,
    call_function,
    compile_node,
    fold_call,
    iteration_values,
    list_index,
    literal_value,
    never_a_number,
    path_value,
)
from regel.feel.compiler import bind_arguments as _bind
from regel.feel.operators import arithmetic, between, compare, negate, test_value
from regel.feel.peephole import tightened
from regel.feel.registry import BUILTINS, direct
from regel.feel.values import (
    FEEL_CONTEXT,
    FeelFunction,
    FeelNull,
    Range,
    YearsMonthsDuration,
    feel_compare,
    type_name,
)
from regel.feel.wide import days_in_month

__all__ = ["generate", "generate_tests", "source_of", "Writer", "Static", "Unsupported",
           "write_expression", "write_tests", "build", "scope_source", "kind_or_null",
           "weight_of"]

#: the types whose values FEEL orders and compares as Python does (regel.feel.values)
_PLAIN = (Decimal, str, datetime.date)
#: those and booleans: the plain classes of values, whose equality is Python's
_PLAIN_EQ = (*_PLAIN, bool)
_CLOCKS = frozenset({"now", "today"})
_DECIMAL_OPS = {"+": FEEL_CONTEXT.add, "-": FEEL_CONTEXT.subtract,
                "*": FEEL_CONTEXT.multiply, "/": FEEL_CONTEXT.divide}


def _item_vars(item: Any) -> dict[str, Any]:
    """The names a filter's condition sees for one item (as regel.feel.compiler)."""
    return {"item": item, **item} if isinstance(item, dict) else {"item": item}


#: what generated code may name besides its own constants
_RUNTIME: dict[str, Any] = {
    "Decimal": Decimal, "datetime": datetime, "MISSING": MISSING, "Scope": Scope,
    "FeelNull": FeelNull, "FeelFunction": FeelFunction, "ACTIVE": active,
    "CALL": call_function, "FAILED": call_failed, "BIND": _bind, "PATH": path_value,
    "INDEX": list_index, "FEEL_PLUS": FEEL_CONTEXT.plus,
    "COMPARE": compare, "FCMP": feel_compare, "TEST": test_value, "TYPE": type_name,
    "NEGATE": negate, "BOOL": as_boolean, "ITER": iteration_values, "ITEM": _item_vars,
    "isinstance": isinstance, "len": len, "enumerate": enumerate, "dict": dict,
}


def _literal(w: Writer, x: str) -> bool:
    """Whether the Python expression ``x`` is a literal (never null, its type known)."""
    return x in w.literals or x in ("True", "False") or x[:1] in ("'", '"')


def _kind(w: Writer, x: str) -> type | None:
    """The class of the value of ``x`` when the code knows it (never null): a literal's,
    or a local's in ``w.kinds``."""
    if x in w.truths:
        return bool
    return _literal_type(w, x) or w.kinds.get(x)


#: Python's tokenizer stops at 100 levels of indentation; and a source past this many
#: lines costs more memory and time to compile than it saves
_MAX_INDENT = 90
_MAX_LINES = 20_000


class Unsupported(Exception):
    """The generator cannot write this expression (too deep for Python's compiler)."""


class Static:
    """Names bound to generated locals (parameters, context entries, loop variables)."""

    __slots__ = ("names",)

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names


class _Item:
    """A filter's item: its entries (when it is a context) and ``item``, looked up when
    the condition runs."""

    __slots__ = ("local",)

    def __init__(self, local: str) -> None:
        self.local = local


class _Late:
    """A context's entries, for a context that defines functions: an entry's local is
    MISSING until it is made, so that a function sees the entries made before it is
    called (as the reference's context, a dict that grows)."""

    __slots__ = ("names",)

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names


class Writer:
    """Source lines, generated names and the constants the code uses."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.depth = 1
        self.count = 0
        self.consts: dict[str, Any] = {}
        self.const_ids: dict[int, str] = {}
        self.frames: list[Static | _Item | _Late] = []
        self.free: dict[str, str] = {}     # a name looked up in the evaluation's scope
        #: every name in scope is bound by a frame (a decision's variables): a name no
        #: frame binds is not in scope, known when the code is written
        self.closed = False
        self.prelude: list[str] = []       # literals made once, when the code is loaded
        self.literals: dict[str, type] = {}  # such a literal's local -> its type
        self.valued: dict[str, Any] = {}     # a literal's source or local -> its value
        self.made: dict[tuple[type, str], str] = {}
        #: an entry's local that holds a plain Python function (_direct) -> its params
        self.direct: dict[str, tuple[str, ...]] = {}
        #: such a local whose calls may be written in place (_Inline)
        self.inline: dict[str, _Inline] = {}
        #: the locals known to hold True or False (never null, never another value)
        self.truths: set[str] = set()
        #: locals known to hold a value of exactly this class, never null (a decision's
        #: facts its function checked when it began: regel.run.compiled), and those
        #: known to hold one of this class or null
        self.kinds: dict[str, type] = {}
        self.nullable: dict[str, type] = {}
        #: the locals of _Late entries that code reads while they may not be made yet
        self.late_read: set[str] = set()
        #: locals known to hold a context with these entries, or null: each entry's
        #: possible classes (NoneType among them where it may be null)
        self.contexts: dict[str, dict[str, frozenset[type]]] = {}
        #: locals known to hold a function (or no function: a call of it is then null)
        #: whose calls give a value of one of these classes
        self.returns: dict[str, frozenset[type]] = {}
        #: locals known to hold a list (never null) each of whose items is of this plain
        #: class (never null, never a list or context); ``object`` for an empty list
        self.items: dict[str, type] = {}
        #: locals known to hold a context (never null) whose weighing (Budget.weigh)
        #: costs this many steps: it and each list and context inside it
        self.weights: dict[str, int] = {}
        #: locals known to hold null (a context's entry written null)
        self.nulls: set[str] = set()

    def tmp(self, prefix: str = "t") -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def const(self, value: Any) -> str:
        found = self.const_ids.get(id(value))
        if found is not None:
            return found
        name = self.tmp("k")
        self.consts[name] = value
        self.const_ids[id(value)] = name
        return name

    def lit(self, value: Any) -> str:
        """A literal as Python source: repr() of its value, or a named constant."""
        kind = type(value)
        if value is None or kind in (bool, str, int):
            if kind is str:
                self.valued[repr(value)] = value
            return repr(value)
        if (kind is Decimal and value.is_finite()) or kind is datetime.date:
            key = (kind, repr(value))
            if key not in self.made:
                name = self.tmp("k")
                self.prelude.append(f"{name} = {repr(value)}")
                self.made[key] = name
                self.literals[name] = kind
                self.valued[name] = value
            return self.made[key]
        name = self.const(value)
        if kind is YearsMonthsDuration:    # immutable: a literal of a known type
            self.literals[name] = kind
        return name

    def emit(self, line: str) -> None:
        if self.depth > _MAX_INDENT or len(self.lines) > _MAX_LINES:
            raise Unsupported("too deep or too long")   # the closures run it
        self.lines.append("    " * self.depth + line)

    @contextmanager
    def block(self, header: str) -> Iterator[None]:
        self.emit(header)
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1

    @contextmanager
    def frame(self, f: Static | _Item | _Late) -> Iterator[None]:
        self.frames.append(f)
        try:
            yield
        finally:
            self.frames.pop()

    def warn(self, code: str, span: Any, **values: str) -> None:
        args = "".join(f", {k}={v}" for k, v in values.items())
        self.emit(f"s.warn({code!r}, {self.const(span)}{args})")

    def spend(self, count: str, span: str) -> None:
        """``count`` budget steps on the function's budget (``B_``, found once when the
        function starts: _function); past the limit, its ``spend`` says where."""
        self.emit(f"B_.steps += {count}")
        with self.block("if B_.steps > LS_:"):
            self.emit(f"B_.spend(0, {span})")


# --------------------------------------------------------------------- names

def _resolve(w: Writer, name: str, out: str, level: int, on_root: Callable[[], None]
             ) -> None:
    """Code that sets ``out`` to the value ``name`` has from frame ``level`` outwards;
    ``on_root`` writes what happens when no frame binds it."""
    while level >= 0:
        f = w.frames[level]
        if isinstance(f, Static):
            if name in f.names:
                w.emit(f"{out} = {f.names[name]}")
                return
        elif isinstance(f, _Late):
            if name in f.names:
                local = f.names[name]
                w.late_read.add(local)
                with w.block(f"if {local} is not MISSING:"):
                    w.emit(f"{out} = {local}")
                with w.block("else:"):
                    _resolve(w, name, out, level - 1, on_root)
                return
        else:
            key = w.lit(name)
            with w.block(f"if isinstance({f.local}, dict) and {key} in {f.local}:"):
                w.emit(f"{out} = {f.local}[{key}]")
            with w.block("else:"):
                if name == "item":
                    w.emit(f"{out} = {f.local}")
                else:
                    _resolve(w, name, out, level - 1, on_root)
            return
        level -= 1
    on_root()


def _static_local(w: Writer, name: str) -> str | None:
    """The local that binds ``name`` when no filter item can hide it, else None."""
    for f in reversed(w.frames):
        if isinstance(f, _Item) or (isinstance(f, _Late) and name in f.names):
            return None
        if name in f.names:
            return f.names[name]
    return None


def binds(w: Writer, name: str) -> bool:
    """Whether a frame of the code being written binds ``name`` or may (a filter's item),
    then it is no built-in's."""
    return any(isinstance(f, _Item) or name in f.names for f in w.frames)


def _free(w: Writer, name: str) -> str:
    """The local holding ``name`` looked up in the evaluation's scope (MISSING if none)."""
    if name not in w.free:
        w.free[name] = w.tmp("v")
    return w.free[name]


def _name(w: Writer, name: str, span: Any) -> str:
    """The value of a name: bound inside, in scope, a built-in, or null with a warning."""
    local = _static_local(w, name)
    if local is not None:
        return local
    out = w.tmp()

    def root() -> None:
        if w.closed:
            _unknown(w, name, out, span)
            return
        w.emit(f"{out} = {_free(w, name)}")
        with w.block(f"if {out} is MISSING:"):
            _unknown(w, name, out, span)

    _resolve(w, name, out, len(w.frames) - 1, root)
    return out


def _unknown(w: Writer, name: str, out: str, span: Any) -> None:
    """A name not in scope: the built-in of that name, or null with a warning."""
    builtin = BUILTINS.get(name)
    if builtin is not None:
        w.emit(f"{out} = {w.const(builtin_value(builtin))}")
    else:
        w.warn("FEEL-UNKNOWN-NAME", span, name=w.lit(name))
        w.emit(f"{out} = None")


def _raw_name(w: Writer, name: str) -> str:
    """The value of a name or MISSING (a function's name before the built-ins)."""
    local = _static_local(w, name)
    if local is not None:
        return local
    if w.closed and not any(isinstance(f, _Item) or name in f.names for f in w.frames):
        return "MISSING"    # no frame binds it, and there is no scope to look in
    out = w.tmp()
    _resolve(w, name, out, len(w.frames) - 1, lambda: w.emit(
        f"{out} = {'MISSING' if w.closed else _free(w, name)}"))
    return out


def _scope(w: Writer) -> str:
    """Source of the Scope the reference closure sees at this point."""
    expr = "s"
    for f in w.frames:
        if isinstance(f, Static):
            entries = ", ".join(f"{w.lit(k)}: {_valued(w, v)}" for k, v in f.names.items())
            expr = f"Scope({{{entries}}}, {expr}, s.warnings)"
        elif isinstance(f, _Late):
            w.late_read.update(f.names.values())
            pairs = ", ".join(f"({w.lit(k)}, {_valued(w, v)})" for k, v in f.names.items())
            expr = (f"Scope({{k: v for k, v in ({pairs},) if v is not MISSING}}, {expr}, "
                    "s.warnings)")
        else:
            expr = f"Scope(ITEM({f.local}), {expr}, s.warnings)"
    return expr


def _valued(w: Writer, local: str) -> str:
    """A local as the FEEL value a Scope holds: a plain Python function (_direct) as a
    FEEL function (made only where the closures take over)."""
    if local not in w.direct:
        return local
    return f"ADAPTED({local}, {w.lit(w.direct[local])})"


def scope_source(w: Writer) -> str:
    """Source of the Scope the reference sees at this point of the generated code."""
    return _scope(w)


def _fallback(w: Writer, node: ast.Node) -> str:
    out = w.tmp()
    w.emit(f"{out} = {w.const(compile_node(node))}({_scope(w)})")
    return out


# --------------------------------------------------------------------- nodes

def _node(w: Writer, node: ast.Node | None) -> str:
    """Code for ``node``; the Python expression (a local or a literal) of its value."""
    if node is None or isinstance(node, ast.Null):
        return "None"
    if isinstance(node, (ast.Number, ast.String, ast.Boolean, ast.Temporal)):
        return w.lit(node.value)
    writer = _WRITERS.get(type(node))
    if writer is None:
        return _fallback(w, node)
    return writer(w, node)


def _guarded(w: Writer, out: str, call: str, span: Any) -> None:
    """``out = call``; a FeelNull it raises is null with a warning at ``span``."""
    with w.block("try:"):
        w.emit(f"{out} = {call}")
    with w.block("except FeelNull as e:"):
        w.emit(f"s.warn(e.code, {w.const(span)}, **e.values)")
        w.emit(f"{out} = None")


def _w_name(w: Writer, node: ast.Name) -> str:
    return _name(w, node.name, node.span)


def _w_input(w: Writer, node: ast.InputValue) -> str:
    local = _static_local(w, INPUT)
    if local is not None:
        return local
    out = w.tmp()

    def root() -> None:
        if not w.closed:
            w.emit(f"{out} = {_free(w, INPUT)}")
        with w.block("if True:" if w.closed else f"if {out} is MISSING:"):
            w.warn("FEEL-UNKNOWN-NAME", node.span, name=w.lit("?"))
            w.emit(f"{out} = None")

    _resolve(w, INPUT, out, len(w.frames) - 1, root)
    return out


def _w_arithmetic(w: Writer, node: ast.Arithmetic) -> str:
    a, b = _node(w, node.left), _node(w, node.right)
    out, span = w.tmp(), w.const(node.span)
    general = (f"{w.const(arithmetic(node.op))}({a}, {b}, "
               f"lambda code, **v: s.warn(code, {span}, **v))")
    nulls = [f"{x} is not None" for x in (a, b) if _kind(w, x) is None]
    ways = _arithmetic_ways(w, node.op, a, b, out, general, node.span)
    if node.op in _DECIMAL_OPS and all(kind_or_null(w, x) is Decimal for x in (a, b)):
        w.nullable[out] = Decimal   # numbers give a number, or null (with a warning)
    if not nulls and ways and ways[0][0] == "True":
        ways[0][1]()     # the operands' classes are known: this way it is
        return out
    w.emit(f"{out} = None")
    with w.block(f"if {' and '.join(nulls) or 'True'}:"):
        for k, (test, write) in enumerate(ways):
            with w.block(f"{'elif' if k else 'if'} {test}:"):
                write()
        if ways:
            w.emit("else:")
            w.depth += 1
        _guarded(w, out, general, node.span)
        with w.block(f"if {out}.__class__ is str and len({out}) > 4096:"):
            w.emit(f"B_.sized({out}, {span})")
        if ways:
            w.depth -= 1
    return out


#: how generated code names the classes of the fast ways' operands
_CLASS_SOURCE = {Decimal: "Decimal", datetime.date: "datetime.date",
                 YearsMonthsDuration: "MONTHS"}


def _arithmetic_ways(w: Writer, op: str, a: str, b: str, out: str, general: str,
                     span: Any) -> list[tuple[str, Callable[[], None]]]:
    """The fast ways of ``a op b``, each a test and what it writes: two numbers in
    FEEL's context, a date moved by years and months (no day clamped), years and months
    times a whole number; a way a literal's known type rules out is not written."""
    kinds = (w.literals.get(a) or w.kinds.get(a), w.literals.get(b) or w.kinds.get(b))
    ways: list[tuple[str, Callable[[], None]]] = []

    def test(*wanted: tuple[str, type]) -> str | None:
        parts = []
        for x, kind in wanted:
            known = kinds[0] if x == a else kinds[1]
            if known is not None and known is not kind:
                return None    # a literal of another type: never this way
            if known is None:
                parts.append(f"{x}.__class__ is {_CLASS_SOURCE[kind]}")
        return " and ".join(parts) or "True"

    def fallback_if_none() -> None:
        with w.block(f"if {out} is None:"):
            _guarded(w, out, general, span)

    fast = _DECIMAL_OPS.get(op)
    if fast is None:
        return ways
    t = test((a, Decimal), (b, Decimal))
    if t is not None:
        def decimal_way() -> None:
            with w.block("try:"):
                w.emit(f"{out} = {w.const(fast)}({a}, {b})")
            with w.block("except ArithmeticError:"):
                _guarded(w, out, general, span)
        ways.append((t, decimal_way))
    if op in ("+", "-") and (t := test((a, datetime.date), (b, YearsMonthsDuration))):
        sign = "" if op == "+" else "-"

        def shift_way() -> None:
            years = _whole_years(w, b)
            if years is None:
                w.emit(f"{out} = SHIFT({a}, {sign}{b}.months)")
            else:   # whole years: the day and month kept, unless there is no such day
                with w.block("try:"):
                    w.emit(f"{out} = {w.const(datetime.date)}({a}.year {sign or '+'} {years}, "
                           f"{a}.month, {a}.day)")
                with w.block("except (ValueError, OverflowError):"):
                    w.emit(f"{out} = None")   # 29 February, or past Python's years
            fallback_if_none()
        ways.append((t, shift_way))
    if op == "*":
        for d, n in ((a, b), (b, a)):
            if (t := test((d, YearsMonthsDuration), (n, Decimal))) is not None:
                def scale_way(d: str = d, n: str = n) -> None:
                    w.emit(f"{out} = SCALED({d}, {n})")
                    fallback_if_none()
                ways.append((t, scale_way))
    return ways


def _whole_years(w: Writer, x: str) -> int | None:
    """The number of years of the years-months literal ``x`` when it is whole years."""
    value = w.consts.get(x)
    if w.literals.get(x) is YearsMonthsDuration and value.__class__ is YearsMonthsDuration \
            and value.months % 12 == 0:
        return value.months // 12    # type: ignore[no-any-return]
    return None


def _shift(day: datetime.date, months: int) -> Any:
    """A date moved by ``months``, as FEEL's ``date + duration`` gives it; None when the
    day is clamped (31 January + 1 month) or the result is out of range: then the general
    operator computes it and warns."""
    if not months % 12:    # whole years: the month and day kept, if there is such a day
        try:
            return datetime.date(day.year + months // 12, day.month, day.day)
        except (ValueError, OverflowError):
            return None
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        return None     # a year past Python's: the general way
    if day.day > 28 and day.day > days_in_month(year, month0 + 1):
        return None     # clamped: the general way, which warns
    return datetime.date(year, month0 + 1, day.day)


def _scaled(duration: YearsMonthsDuration, n: Decimal) -> Any:
    """A years-months duration times a whole number (below ten million), as FEEL's
    ``duration * number`` gives it; None for any other number: the general operator."""
    if n.is_finite() and n.adjusted() < 7:     # at most seven digits before the point
        whole = int(n)
        if whole == n:
            return YearsMonthsDuration(duration.months * whole)
    return None


_RUNTIME.update(SHIFT=_shift, MONTHS=YearsMonthsDuration, SCALED=_scaled)


def _w_negate(w: Writer, node: ast.Negate) -> str:
    v = _node(w, node.operand)
    out = w.tmp()
    _guarded(w, out, f"None if {v} is None else NEGATE({v})", node.span)
    return out


_ORDER = {"<", "<=", ">", ">="}


def _w_compare(w: Writer, node: ast.Compare) -> str:
    a, b = _node(w, node.left), _node(w, node.right)
    out, op = w.tmp(), node.op
    py = {"=": "==", "!=": "!="}.get(op, op)
    if op in ("=", "!=") and "None" in (a, b):   # null equals only null, never null
        other = a if b == "None" else b
        w.emit(f"{out} = {other} is {'not ' if op == '!=' else ''}None")
        w.truths.add(out)
        return out
    ka, kb = _kind(w, a), _kind(w, b)
    # both of one plain class: Python's own comparison
    if ka is kb and ka in (_PLAIN if op not in ("=", "!=") else _PLAIN_EQ):
        w.emit(f"{out} = {a} {py} {b}")
        w.truths.add(out)
        return out
    if _nullable_compare(w, op, a, b, out):
        return out
    known = kb or ka
    if op not in ("=", "!=") and known is bool:
        known = None      # booleans are not ordered: the reference says why
    if known is not None:
        other = a if kb is not None else b
        test = f"if {other}.__class__ is {w.const(known)}:"
    else:
        cls = w.tmp("c")
        w.emit(f"{cls} = {a}.__class__")
        classes = "_PLAIN_EQ" if op in ("=", "!=") else "_PLAIN"
        test = f"if {cls} is {b}.__class__ and {cls} in {classes}:"
    with w.block(test):
        w.emit(f"{out} = {a} {py} {b}")
    with w.block("else:"):
        _guarded(w, out, f"COMPARE({op!r}, {a}, {b})", node.span)
    return out


def _nullable_compare(w: Writer, op: str, a: str, b: str, out: str) -> bool:
    """``out = a op b`` where each side is of one plain class, one side or both perhaps
    null (``w.nullable``), as the reference compares: null equals only null, and an
    order with null is null (no warning); False (nothing written) for other sides."""
    ka, kb = kind_or_null(w, a), kind_or_null(w, b)
    equality = op in ("=", "!=")
    if ka is not kb or ka not in (_PLAIN_EQ if equality else _PLAIN):
        return False
    py = {"=": "==", "!=": "!="}.get(op, op)
    if equality:       # (Python's too, None among them)
        w.emit(f"{out} = {a} {py} {b}")
        w.truths.add(out)
        return True
    tests = [f"{x} is None" for x in (a, b) if x in w.nullable]
    w.emit(f"{out} = None if {' or '.join(tests)} else {a} {py} {b}")
    w.nullable[out] = bool
    return True


def _boolean(w: Writer, v: str, span: Any, where: str) -> None:
    if v in w.truths:
        return      # True or False: nothing to say
    with w.block(f"if {v} is not None and {v}.__class__ is not bool:"):
        w.warn("FEEL-NOT-BOOLEAN", span, where=repr(where), type=f"TYPE({v})")
        w.emit(f"{v} = None")


def _w_junction(w: Writer, node: ast.And | ast.Or) -> str:
    stop = "False" if isinstance(node, ast.And) else "True"
    where = "'and'" if isinstance(node, ast.And) else "'or'"
    out = w.tmp()
    a = _node(w, node.left)
    if a not in w.truths:
        a, left = w.tmp(), a     # a local of its own: _boolean may make it null
        w.emit(f"{a} = {left}")
    _boolean(w, a, node.left.span, where)  # type: ignore[union-attr]
    with w.block(f"if {a} is {stop}:"):
        w.emit(f"{out} = {stop}")
    with w.block("else:"):
        b = _node(w, node.right)
        if b not in w.truths:
            b, right = w.tmp(), b
            w.emit(f"{b} = {right}")
        _boolean(w, b, node.right.span, where)  # type: ignore[union-attr]
        with w.block(f"if {b} is {stop}:"):
            w.emit(f"{out} = {stop}")
        with w.block("else:"):
            other = "True" if stop == "False" else "False"
            if a in w.truths and b in w.truths:
                w.emit(f"{out} = {other}")   # neither is {stop}: both are {other}
            else:
                w.emit(f"{out} = {other} if {a} is {other} and {b} is {other} else None")
    if a in w.truths and b in w.truths:
        w.truths.add(out)
    else:
        w.nullable[out] = bool      # true, false or null
    return out


def _w_between(w: Writer, node: ast.Between) -> str:
    v, lo, hi = _node(w, node.value), _node(w, node.low), _node(w, node.high)
    out = w.tmp()
    _guarded(w, out, f"{w.const(between)}({v}, {lo}, {hi})", node.span)
    return out


def _w_if(w: Writer, node: ast.If) -> str:
    direct = _null_test(w, node.condition)    # (a test that is never null)
    c = _node(w, node.condition) if direct is None else ""
    out = w.tmp()
    narrowed = _not_null(w, node.condition)
    with w.block(f"if {c} is True:" if direct is None else f"if {direct}:"):
        if narrowed is not None:   # `x != null`: x is of its class in the then branch
            w.kinds[narrowed] = w.nullable[narrowed]
        try:
            then = _node(w, node.then)
        finally:
            w.kinds.pop(narrowed or "", None)
        w.emit(f"{out} = {then}")
    with w.block("else:"):
        if direct is None and c not in w.truths:
            with w.block(f"if {c} is not False and {c} is not None:"):
                w.warn("FEEL-NOT-BOOLEAN", node.condition.span,  # type: ignore[union-attr]
                       where=repr("'if'"), type=f"TYPE({c})")
        # `x = null or ...`: x is of its class in the else branch
        others = [x for x in dict.fromkeys(_null_tests(w, node.condition))]
        for x in others:
            w.kinds[x] = w.nullable[x]
        try:
            otherwise = _node(w, node.otherwise)
        finally:
            for x in others:
                del w.kinds[x]
        w.emit(f"{out} = {otherwise}")
    kind = _kind(w, otherwise)
    if kind is not None and kind is (w.nullable.get(then) if then == narrowed
                                     else _kind(w, then)):
        w.kinds[out] = kind      # of one class in either branch
        if kind is bool:
            w.truths.add(out)
    items = _items_of(w, then, otherwise)
    if items is not None:       # a list of items of one class in either branch
        w.items[out] = items
    either = _of_class_or_null(w, [then, otherwise])
    if either is not None and out not in w.kinds:
        w.nullable[out] = either     # of one class or null in either branch
    return out


def _of_class_or_null(w: Writer, locals_: list[str]) -> type | None:
    """The plain class each of ``locals_`` is known to be of, or null (``None`` itself
    among them), where it is one; else None."""
    found = {None if x == "None" else kind_or_null(w, x) or object for x in locals_}
    found.discard(None)
    return found.pop() if len(found) == 1 and next(iter(found)) in _PLAIN_EQ else None


def _null_compared(w: Writer, node: ast.Node | None, ops: tuple[str, ...]) -> str | None:
    """The local of ``x`` when ``node`` is ``x op null`` (or ``null op x``), ``op`` one of
    ``ops``, and ``x`` a name bound to a local no filter item can hide; else None."""
    if not isinstance(node, ast.Compare) or node.op not in ops:
        return None
    if isinstance(node.left, ast.Name) and isinstance(node.right, ast.Null):
        return _static_local(w, node.left.name)
    if isinstance(node.right, ast.Name) and isinstance(node.left, ast.Null):
        return _static_local(w, node.right.name)
    return None


def _of_one_class(w: Writer, local: str | None) -> str | None:
    """``local`` where it is known to be of one class or null (``w.nullable``)."""
    return local if local in w.nullable and local not in w.kinds else None


def _not_null(w: Writer, node: ast.Node | None) -> str | None:
    """The local of ``x`` when ``node`` is ``x != null`` and ``x`` is a local known to be
    of one class or null (``w.nullable``), else None."""
    return _of_one_class(w, _null_compared(w, node, ("!=",)))


def _null_test(w: Writer, node: ast.Node | None) -> str | None:
    """A Python test for ``node`` where it is ``x = null`` or ``x != null`` of a name
    bound to a local (no filter item can hide it), or such tests joined by ``and`` and
    ``or`` (each true or false, never null: nothing to warn of); else None."""
    if isinstance(node, (ast.And, ast.Or)):
        a, b = _null_test(w, node.left), _null_test(w, node.right)
        if a is None or b is None:
            return None
        return f"({a} {'and' if isinstance(node, ast.And) else 'or'} {b})"
    local = _null_compared(w, node, ("=", "!="))
    if local is None:
        return None
    assert isinstance(node, ast.Compare)
    return f"{local} is {'not ' if node.op == '!=' else ''}None"


def _null_tests(w: Writer, node: ast.Node | None) -> list[str]:
    """The locals ``x`` of the tests ``x = null`` that ``node`` is, or is joined of by
    ``or``, each ``x`` known to be of one class or null (``w.nullable``): where ``node``
    is not true, none of them is null (a test of null is never null itself)."""
    if isinstance(node, ast.Or):
        return _null_tests(w, node.left) + _null_tests(w, node.right)
    local = _of_one_class(w, _null_compared(w, node, ("=",)))
    return [] if local is None else [local]


def _w_not(w: Writer, node: ast.NotCall) -> str:
    v = _node(w, node.operand)
    out = w.tmp()
    with w.block(f"if {v}.__class__ is bool:"):
        w.emit(f"{out} = not {v}")
    with w.block("else:"):
        with w.block(f"if {v} is not None:"):
            w.warn("FEEL-NOT-BOOLEAN", node.span, where=repr("not()"), type=f"TYPE({v})")
        w.emit(f"{out} = None")
    return out


def _w_list(w: Writer, node: ast.ListLit) -> str:
    items = [_node(w, i) for i in node.items]
    out = w.tmp()
    w.emit(f"{out} = [{', '.join(items)}]")
    kinds = {_kind(w, i) for i in items}
    if not items:
        w.items[out] = object
    elif len(kinds) == 1 and (kind := kinds.pop()) in _PLAIN_EQ:
        w.items[out] = kind      # (a list literal's items, each of one plain class)
    return out


def _items_of(w: Writer, a: str, b: str) -> type | None:
    """The class of the items of either of two lists the code knows of (``w.items``), when
    it is the same (an empty list's items are of any)."""
    x, y = w.items.get(a), w.items.get(b)
    if x is None or y is None:
        return None
    return x if y is object or x is y else y if x is object else None


def _w_context(w: Writer, node: ast.ContextLit) -> str:
    names = _entries(w, node)
    if names is None:
        return _fallback(w, node)    # the reference's closure sees the entries it needs
    out = w.tmp()
    entries = ", ".join(f"{w.lit(k)}: {v}" for k, v in names.items())
    w.emit(f"{out} = {{{entries}}}")
    inside = [weight_of(w, v) for v in names.values()]
    if None not in inside:
        w.weights[out] = 1 + sum(inside)   # type: ignore[arg-type]
    return out


def weight_of(w: Writer, x: str) -> int | None:
    """What weighing the value of ``x`` costs (Budget.weigh), where the code knows: 0
    for null or a value of a plain class, 1 for a list of such items (w.items), a
    context's own (w.weights); else None."""
    if x == "None" or x in w.nulls or kind_or_null(w, x) in _PLAIN_EQ:
        return 0
    if x in w.items:
        return 1
    return w.weights.get(x)


def _entries(w: Writer, node: ast.ContextLit, projected: str | None = None
             ) -> dict[str, str] | None:
    """Code for a context's entries; the local of each (None: the closures make it).
    ``projected``: the one entry the code reads (no context is made)."""
    functions = [n for _, v in node.entries for n in ast.walk(v)
                 if isinstance(n, ast.FunctionDef)]
    if any(f.external or f.param_types for f in functions):
        return None
    if functions:
        return _late_entries(w, node, _direct(node, projected))
    names: dict[str, str] = {}
    with w.frame(Static(names)):
        for key, value in node.entries:
            local = w.tmp("e")
            found = _node(w, value)
            w.emit(f"{local} = {found}")
            _same_as(w, local, found)
            names[key] = local
    return names


def _late_entries(w: Writer, node: ast.ContextLit, direct: set[str]) -> dict[str, str]:
    """A context whose functions may call entries made after them (or themselves);
    the ``direct`` ones are plain Python functions (_direct)."""
    names: dict[str, str] = {}
    starts: dict[str, int] = {}    # the line that starts each as MISSING
    for key, _ in node.entries:
        if key not in names:
            names[key] = w.tmp("e")
            starts[names[key]] = len(w.lines)
            w.emit(f"{names[key]} = MISSING")
    # the entries made before an entry are known to be made, in it and in the functions
    # it defines (a Python closure sees each entry's one value); later ones may not be
    made: dict[str, str] = {}
    with w.frame(_Late(names)):
        for key, value in node.entries:
            with w.frame(Static(dict(made))):
                if key in direct and isinstance(value, ast.FunctionDef):
                    w.direct[names[key]] = value.params
                    inline = _Inline.of(value, len(w.frames), w.frames[-2])
                    if inline is not None:
                        w.inline[names[key]] = inline
                    w.emit(f"{names[key]} = {_plain_function(w, value)}")
                else:
                    found = _node(w, value)
                    w.emit(f"{names[key]} = {found}")
                    if len(names) == len(node.entries):
                        _same_as(w, names[key], found)   # (read once made: _Late)
            if len(names) == len(node.entries):    # no entry written twice
                made[key] = names[key]
    # an entry no code reads before it may be made needs no start (the lines after
    # these starts are this context's: their places stay as they are)
    for local in sorted((x for x in starts if x not in w.late_read), key=starts.__getitem__,
                        reverse=True):
        del w.lines[starts[local]]
    return names


def _direct(node: ast.ContextLit, projected: str | None) -> set[str]:
    """The entries of a context ``{...}.key`` (``projected``: the key) that are functions
    only ever called by their name, with their number of arguments and no names, after
    they are made (or in their own body), never in a filter's condition (an item may
    hide the name) and never hidden by another binding of the name: each is a plain
    Python function, called at once (no FEEL function is made, and no context holds it)."""
    if projected is None or len({k for k, _ in node.entries}) != len(node.entries):
        return set()
    found = set()
    for at, (key, value) in enumerate(node.entries):
        if key != projected and isinstance(value, ast.FunctionDef) and \
                not value.external and not value.param_types and \
                len(set(value.params)) == len(value.params) and \
                _only_called(node, at, key, len(value.params)):
            found.add(key)
    return found


def _only_called(node: ast.ContextLit, at: int, key: str, arity: int) -> bool:
    """Whether the name ``key`` (entry ``at`` of ``node``) is only called as _direct
    needs it to be."""
    callees: set[int] = set()
    for j, (_, value) in enumerate(node.entries):
        for n in ast.walk(value):
            if isinstance(n, ast.Call) and isinstance(n.callee, ast.Name) and \
                    n.callee.name == key:
                if j < at or n.named is not None or len(n.args) != arity:
                    return False
                callees.add(id(n.callee))
            elif (isinstance(n, ast.Filter) and any(
                    isinstance(m, ast.Name) and m.name == key for m in ast.walk(n))) or \
                    (isinstance(n, (ast.For, ast.Quantified)) and
                     any(it.name == key for it in n.iterations)) or \
                    (isinstance(n, ast.FunctionDef) and key in n.params) or \
                    (isinstance(n, ast.ContextLit) and any(k == key for k, _ in n.entries)):
                return False
    return all(id(n) in callees for _, value in node.entries for n in ast.walk(value)
               if isinstance(n, ast.Name) and n.name == key)


def _w_path(w: Writer, node: ast.Path) -> str:
    if isinstance(node.base, ast.ContextLit) and \
            node.key in (keys := [k for k, _ in node.base.entries]) and \
            len(set(keys)) == len(keys):
        names = _entries(w, node.base, node.key)  # {..., result: ...}.result: no context
        if names is not None:                     # made, the entry is the value
            return names[node.key]
    base = _node(w, node.base)
    out, key = w.tmp(), w.lit(node.key)
    entries = w.contexts.get(base)
    if entries is not None and node.key in entries:    # a context (or null) known
        with w.block(f"if {base} is not None:"):
            w.emit(f"{out} = {base}[{key}]")
        with w.block("else:"):
            _guarded(w, out, f"PATH({base}, {key})", node.span)
        known(w, out, entries[node.key] | {type(None)})
        return out
    if w.kinds.get(base) is datetime.date and node.key in ("year", "month", "day"):
        w.emit(f"{out} = Decimal({base}.{node.key})")    # a date's part, as a number
        w.kinds[out] = Decimal
        return out
    if base == "None" or _literal(w, base):
        _guarded(w, out, f"PATH({base}, {key})", node.span)
        return out
    with w.block(f"if {base}.__class__ is dict and {key} in {base}:"):
        w.emit(f"{out} = {base}[{key}]")
    if node.key in ("year", "month", "day"):    # a date's part, as a number
        with w.block(f"elif {base}.__class__ is {w.const(datetime.date)}:"):
            w.emit(f"{out} = Decimal({base}.{node.key})")
    with w.block("else:"):
        _guarded(w, out, f"PATH({base}, {key})", node.span)
    return out


def _w_filter(w: Writer, node: ast.Filter) -> str:
    base = _node(w, node.base)
    if base in w.items and never_a_number(node.condition):
        return _items_filter(w, node, base)
    out, items, item, r = w.tmp(), w.tmp("l"), w.tmp("i"), w.tmp()
    span, cspan = node.span, node.condition.span  # type: ignore[union-attr]
    with w.block(f"if {base} is None:"):
        w.emit(f"{out} = None")
    w.emit("else:")
    w.depth += 1
    w.emit(f"{items} = {base} if {base}.__class__ is list else "
           f"({base} if isinstance({base}, list) else [{base}])")
    with w.block(f"if not {items}:"):
        if never_a_number(node.condition):
            w.emit(f"{out} = []")     # a filter, of nothing
        else:   # only to tell an index ([][1]) from a filter: the reference's own way
            w.emit(f"{out} = EMPTY({w.const(compile_node(node.condition))}, "
                   f"{_scope(w)}, {w.const(span)})")
    w.emit("else:")
    w.depth += 1
    found, n = w.tmp("l"), w.tmp("n")
    w.spend(f"len({items})", w.const(cspan))
    w.emit(f"{found} = []")
    w.emit(f"{out} = {found}")
    with w.block(f"for {n}, {item} in enumerate({items}):"):
        with w.frame(_Item(item)):
            w.emit(f"{r} = {_node(w, node.condition)}")
        with w.block(f"if {n} == 0 and {r}.__class__ is Decimal:"):
            _guarded(w, out, f"INDEX({items}, {r})", span)
            w.emit("break")
        with w.block(f"if {r} is True:"):
            w.emit(f"{found}.append({item})")
        with w.block(f"elif {r} is not False and {r} is not None:"):
            w.warn("FEEL-NOT-BOOLEAN", cspan, where=w.const(Msg("feel.word.the-filter")),
                   type=f"TYPE({r})")
    w.depth -= 2
    return out


def _items_filter(w: Writer, node: ast.Filter, base: str) -> str:
    """A filter of a list whose items are of one plain class (``w.items``) by a condition
    that is never a number (so never an index): no item is a context, so the condition
    sees ``item`` and the names around it (as the reference's item scope); the items it
    holds are of that class too."""
    cls = w.items[base]
    cspan = node.condition.span  # type: ignore[union-attr]
    found, item, r = w.tmp("l"), w.tmp("i"), w.tmp()
    w.spend(f"len({base})", w.const(cspan))
    w.emit(f"{found} = []")
    with w.block(f"for {item} in {base}:"):
        if cls is not object:
            w.kinds[item] = cls
        with w.frame(Static({"item": item})):
            w.emit(f"{r} = {_node(w, node.condition)}")
        with w.block(f"if {r} is True:"):
            w.emit(f"{found}.append({item})")
        with w.block(f"elif {r} is not False and {r} is not None:"):
            w.warn("FEEL-NOT-BOOLEAN", cspan, where=w.const(Msg("feel.word.the-filter")),
                   type=f"TYPE({r})")
    w.items[found] = cls
    return found


def _empty_filter(cond: Any, scope: Scope, span: Any) -> Any:
    r = cond(Scope({"item": None}, scope, []))
    if isinstance(r, Decimal):
        try:
            return list_index([], r)
        except FeelNull as exc:
            scope.warn(exc.code, span, **exc.values)
            return None
    return []


_RUNTIME["EMPTY"] = _empty_filter


def _w_for(w: Writer, node: ast.For) -> str:
    if len(node.iterations) != 1 or (node.body is not None and any(
            isinstance(n, ast.Name) and n.name == "partial" for n in ast.walk(node.body))):
        return _fallback(w, node)
    it = node.iterations[0]
    start = _node(w, it.domain)
    end = _node(w, it.end) if it.end is not None else "MISSING"
    values, out, x, found = w.tmp("d"), w.tmp(), w.tmp("x"), w.tmp("l")
    span = w.const(node.span)
    cls = w.items.get(start) if end == "MISSING" else None
    if cls is not None:     # a list the code knows of: its items, as ITER gives them
        w.emit(f"{values} = {start}")
        if cls is not object:
            w.kinds[x] = cls
    else:
        w.emit(f"{values} = ITER({start}, {end}, {w.lit(it.name)}, {w.const(it.span)}, s)")
        with w.block(f"if {values} is None:"):
            w.emit(f"{out} = None")
        w.emit("else:")
        w.depth += 1
    w.emit(f"{found} = []")
    with w.block(f"for {x} in {values}:"):
        w.spend("1", span)
        with w.frame(Static({it.name: x})):
            w.emit(f"{found}.append({_node(w, node.body)})")
        with w.block(f"if len({found}) > B_.limits.items:"):
            w.emit(f"B_.sized({found}, {span})")
    w.emit(f"{out} = {found}")
    if cls is None:
        w.depth -= 1    # (the else of ITER's null)
    return out


def _w_function(w: Writer, node: ast.FunctionDef) -> str:
    if node.external or node.param_types:
        return _fallback(w, node)
    fn, out, bound = w.tmp("f"), w.tmp(), w.tmp("a")
    params = w.lit(tuple(node.params)) if all(type(p) is str for p in node.params) else "()"
    names = {p: w.tmp("p") for p in node.params}
    with w.block(f"def {fn}(args, named):"):
        w.emit("B_ = ACTIVE()")     # the budget of the evaluation that calls it
        w.emit("LS_ = B_.limits.steps")
        if len(set(node.params)) == len(node.params):
            with w.block(f"if named is None and len(args) == {len(node.params)}:"):
                w.emit(f"{', '.join([*names.values(), ''])} = args" if names else "pass")
            w.emit("else:")
            w.depth += 1
        w.emit(f"{bound} = BIND('function', {params}, args, named)")
        for p, local in names.items():
            w.emit(f"{local} = {bound}[{w.lit(p)}]")
        if len(set(node.params)) == len(node.params):
            w.depth -= 1
        w.emit(f"B_.enter({w.const(node.span)})")
        with w.block("try:"), w.frame(Static(names)):
            w.emit(f"return {_node(w, node.body)}")
        with w.block("finally:"):
            w.emit("B_.leave()")
    w.emit(f"{out} = FeelFunction('function', {params}, {fn})")
    return out


def _plain_function(w: Writer, node: ast.FunctionDef) -> str:
    """A _direct function: ``fn(B_, LS_, *params)`` with the caller's budget."""
    fn = w.tmp("f")
    names = {p: w.tmp("p") for p in node.params}
    with w.block(f"def {fn}(B_, LS_{''.join(', ' + n for n in names.values())}):"):
        span = w.const(node.span)     # B_.enter(span), written out
        w.spend("1", span)
        w.emit("B_.depth += 1")
        with w.block("if B_.depth > B_.peak:"):     # (up to the peak, within the limit)
            with w.block("if B_.depth > B_.limits.depth:"):   # enter() again says where
                w.emit("B_.steps -= 1")
                w.emit("B_.depth -= 1")
                w.emit(f"B_.enter({span})")
            w.emit("B_.peak = B_.depth")
        with w.block("try:"), w.frame(Static(names)):
            w.emit(f"return {_node(w, node.body)}")
        with w.block("finally:"):
            with w.block("if B_.depth > 0:"):   # B_.leave()
                w.emit("B_.depth -= 1")
    return fn


def _direct_local(w: Writer, name: str) -> str | None:
    """The local of the _direct function a call of ``name`` calls, or None."""
    for f in reversed(w.frames):
        if isinstance(f, _Item):
            return None
        if name in f.names:
            local = f.names[name]
            return local if local in w.direct else None
    return None


def _w_direct_call(w: Writer, node: ast.Call, local: str) -> str:
    """A call of a _direct function: a step, then the call (as a FEEL function's)."""
    args = [_node(w, a) for a in node.args]
    out = w.tmp()
    inline = w.inline.get(local)
    if inline is not None and inline.fits(w):
        _inlined(w, node, local, inline.fn, args, out)
        return out
    as_feel = f"ADAPTED({local}, {w.lit(w.direct[local])})"   # made only if it fails
    _invoked(w, out, f"{local}(B_, LS_{''.join(', ' + a for a in args)})", as_feel, node)
    return out


def _invoked(w: Writer, out: str, call: str, fn: str, node: ast.Call) -> None:
    """``out = call`` for a user function ``fn`` (as call_function invokes one): a step,
    a FeelNull it raises null with a warning, any other failure what call_failed says."""
    span = w.const(node.span)
    w.spend("1", span)
    with w.block("try:"):
        w.emit(f"{out} = {call}")
    with w.block("except FeelNull as e:"):
        w.emit(f"s.warn(e.code, {span}, **e.values)")
        w.emit(f"{out} = None")
    with w.block("except Exception as err:"):
        _guarded(w, out, f"FAILED({fn}, err, {span})", node.span)


class _Inline:
    """A _direct function whose calls can be written in place: its body calls only
    built-ins (so no function deeper: the call's depth matters only to the budget), and it
    is small. ``frames``: how many frames were open where it was written, the context's
    _Late among them (``late``); ``free``: every name its body reads; ``callees``: the
    names it calls."""

    __slots__ = ("fn", "frames", "late", "free", "callees")

    def __init__(self, fn: ast.FunctionDef, frames: int, late: Any,
                 nodes: list[ast.Node]) -> None:
        self.fn = fn
        self.frames = frames
        self.late = late
        self.free = {n.name for n in nodes if isinstance(n, ast.Name)}
        self.callees = {n.callee.name for n in nodes
                        if isinstance(n, ast.Call) and isinstance(n.callee, ast.Name)}

    @classmethod
    def of(cls, fn: ast.FunctionDef, frames: int, late: Any) -> _Inline | None:
        """``fn`` to be written in place at its calls, or None: its body defines a
        function, reads ``?``, calls what is no built-in (or ``sort``, which calls what it
        is given), or has more than _INLINE_NODES nodes."""
        nodes = list(ast.walk(fn.body)) if fn.body is not None else []
        if not 0 < len(nodes) <= _INLINE_NODES or any(
                isinstance(n, (ast.FunctionDef, ast.InputValue)) or (
                    isinstance(n, ast.Call) and not (isinstance(n.callee, ast.Name) and
                                                     n.callee.name in BUILTINS and
                                                     n.callee.name != "sort"))
                for n in nodes):
            return None
        return cls(fn, frames, late, nodes)

    def fits(self, w: Writer) -> bool:
        """Whether, at this call, the body's names mean what they mean in the function:
        in the same context, after the function's entry, and no frame opened since (a
        loop's variable, another function's parameter) binds one of them; and whether
        what it calls is the built-in of that name (no frame binds the name, and there is
        no scope to find another in): a function it called would run one level too high."""
        frames = w.frames
        if self.callees and (not w.closed or any(
                isinstance(f, _Item) or not self.callees.isdisjoint(f.names) for f in frames)):
            return False
        return len(frames) >= self.frames and frames[self.frames - 2] is self.late and \
            isinstance(frames[self.frames - 1], Static) and not any(
                isinstance(f, _Item) or not self.free.isdisjoint(f.names)
                for f in frames[self.frames:])


#: a function body larger than this (in nodes) is called, not written in place
_INLINE_NODES = 80


def _inlined(w: Writer, node: ast.Call, local: str, fn: ast.FunctionDef, args: list[str],
             out: str) -> None:
    """``out = local(args)`` written in place: the steps of the call and of entering the
    function (and LIMIT-DEPTH where entering would pass the limit: B_.enter says so),
    the deepest depth noted, then the body with the parameters bound to the arguments;
    what it raises is what the call would raise (_invoked)."""
    call, entry = w.const(node.span), w.const(fn.span)
    w.emit("B_.steps += 2")     # the call's step and the entry's, counted together:
    with w.block("if B_.steps > LS_:"):     # past the limit, the one that passed it says so
        w.emit("B_.steps -= 1")
        w.emit(f"B_.spend(0, {call})")
        w.emit(f"B_.spend(1, {entry})")
    with w.block("if B_.depth >= B_.peak:"):     # (up to the peak, within the limit)
        with w.block("if B_.depth >= B_.limits.depth:"):
            w.emit("B_.steps -= 1")
            w.emit(f"B_.enter({entry})")
        w.emit("B_.peak = B_.depth + 1")
    bound = {}
    for param, arg in zip(fn.params, args, strict=True):
        if not arg.isidentifier() or arg in ("True", "False", "None"):
            bound[param] = w.tmp("p")
            w.emit(f"{bound[param]} = {arg}")
            kind = _kind(w, arg)
            if kind is not None:
                w.kinds[bound[param]] = kind
        else:
            bound[param] = arg
    with w.block("try:"), w.frame(Static(bound)):
        body = _node(w, fn.body)
        w.emit(f"{out} = {body}")
    with w.block("except FeelNull as e:"):
        w.emit(f"s.warn(e.code, {call}, **e.values)")
        w.emit(f"{out} = None")
    with w.block("except Exception as err:"):   # (FAILED raises: null, or the error)
        _guarded(w, out, f"FAILED(ADAPTED({local}, {w.lit(fn.params)}), err, {call})",
                 node.span)
    either = _of_class_or_null(w, [body])
    if either is not None:
        w.nullable[out] = either


def _adapted(fn: Callable[..., Any], params: tuple[str, ...]) -> FeelFunction:
    """A _direct function as the FEEL function a Scope holds for the closures."""
    def invoke(args: list[Any], named: dict[str, Any] | None) -> Any:
        bound = _bind("function", params, args, named)
        b = active()
        return fn(b, b.limits.steps, *(bound[p] for p in params))

    return FeelFunction("function", params, invoke)


_RUNTIME["ADAPTED"] = _adapted


def _w_call(w: Writer, node: ast.Call) -> str:
    callee = node.callee
    if isinstance(callee, ast.Name) and node.named is None:
        local = _direct_local(w, callee.name)
        if local is not None:
            return _w_direct_call(w, node, local)
    if isinstance(callee, ast.Name) and (
            (callee.name == "is defined" and len(node.args) == 1) or
            (callee.name == "today" and not node.args and node.named is None)):
        return _fallback(w, node)
    out, fn = w.tmp(), w.tmp("f")
    if not isinstance(callee, ast.Name):
        target = _node(w, callee)
        with w.block(f"if isinstance({target}, FeelFunction):"):
            w.emit(f"{fn} = {target}")
        with w.block("else:"):
            w.warn("FEEL-NOT-A-FUNCTION", node.span, name=w.lit(type(callee).__name__),
                   type=f"TYPE({target})")
            w.emit(f"{fn} = None")
            w.emit(f"{out} = None")
        _arguments_and_call(w, node, fn, out)
        return out
    name = callee.name
    builtin = BUILTINS.get(name)
    folded = fold_call(builtin, node) if builtin is not None and name not in _CLOCKS \
        else MISSING
    found = _raw_name(w, name)
    if found == "MISSING":   # no function of that name in scope: known when written
        return _builtin_call(w, node, name, builtin, folded, out, fn)
    with w.block(f"if isinstance({found}, FeelFunction):"):
        w.emit(f"{fn} = {found}")
    with w.block("else:"):
        if folded is not MISSING:
            w.emit(f"{fn} = None")
            w.emit(f"{out} = {w.lit(folded)}")
        elif builtin is not None and node.named is None and \
                direct(builtin, len(node.args)) is not None:
            w.emit(f"{fn} = None")
            _direct_call(w, node, builtin, out)
        elif builtin is not None:
            w.emit(f"{fn} = {w.const(builtin)}")
        else:
            w.emit(f"{fn} = None")
            with w.block(f"if {found} is MISSING:"):
                w.warn("FEEL-UNKNOWN-FUNCTION", node.span, name=w.lit(name))
            with w.block("else:"):
                w.warn("FEEL-NOT-A-FUNCTION", node.span, name=w.lit(name),
                       type=f"TYPE({found})")
            w.emit(f"{out} = None")
    _arguments_and_call(w, node, fn, out)
    if builtin is None and found in w.returns:   # (no built-in of the name: null else)
        known(w, out, w.returns[found] | {type(None)})
    return out


def _builtin_call(w: Writer, node: ast.Call, name: str, builtin: Any, folded: Any, out: str,
                  fn: str) -> str:
    """A call of a name that no function in scope has: the built-in's value when its
    arguments are literals (found once), else the built-in called at once or through
    call_function; an unknown name, null with a warning (its arguments not evaluated, as
    call_function does not)."""
    if folded is not MISSING:
        return w.lit(folded)
    if builtin is not None and node.named is None and \
            direct(builtin, len(node.args)) is not None:
        _direct_call(w, node, builtin, out)
        return out
    if builtin is not None:
        w.emit(f"{fn} = {w.const(builtin)}")
        _arguments_and_call(w, node, fn, out)
        return out
    w.warn("FEEL-UNKNOWN-FUNCTION", node.span, name=w.lit(name))
    w.emit(f"{out} = None")
    return out


def _direct_call(w: Writer, node: ast.Call, builtin: Any, out: str) -> None:
    """A built-in's implementation called at once (as call_function would: a step, the
    size of the result; anything but a FeelNull is left to call_function itself)."""
    values = [_node(w, a) for a in node.args]
    args = ", ".join(values)
    span = w.const(node.span)
    if _known_count(w, builtin, values, span, out):
        return
    impl, how = direct(builtin, len(node.args)) or (None, "each")
    # the implementation itself, without the guard that turns a stray Python exception
    # into a FeelNull: any exception but a FeelNull goes to call_function (below), which
    # calls the guarded one again and says what the guard says
    impl = getattr(impl, "__wrapped__", impl)
    passed = {"each": args, "gathered": f"[{args}]",
              "one-list": f"{args} if isinstance({args}, list) else [{args}]"}[how]
    before = w.tmp("n")
    w.emit(f"{before} = B_.steps")     # what the call spends (inside too) is undone there
    w.spend("1", span)
    scale = node.args[1].value if len(node.args) == 2 and isinstance(
        node.args[1], ast.Number) else None
    parts = rounding_parts(builtin.name, int(scale)) if scale is not None and \
        scale == scale.to_integral_value() and abs(scale) <= 30 else None
    extreme = builtin.name in ("min", "max") and how == "gathered" and len(values) == 2
    if parts is not None:   # round(n, 2): one quantize, as the built-in's own steps give
        n, unit, context = values[0], w.const(parts[0]), w.const(parts[1])
        # (a number the code knows of is finite, as every FEEL number)
        number = f"{n}.__class__ is Decimal and {n}.is_finite() and "
        if _kind(w, n) is Decimal:
            number = ""
        elif _kind(w, n) is None and w.nullable.get(n) is Decimal:
            number = f"{n} is not None and "
        with w.block(f"if {number}{n}.adjusted() <= {31 - int(scale)}:"):  # type: ignore[arg-type]
            # plus() in FEEL's context (which rounds half even) makes -0 (from a small
            # negative number) 0, as the built-in gives it
            w.emit(f"{out} = FEEL_PLUS({n}.quantize({unit}, None, {context}))")
        w.emit("else:")
        w.depth += 1
    elif extreme:   # min(a, b) of two numbers or two dates: the second only if it is less
        a, b = values
        same = _kind(w, a) is _kind(w, b) and _kind(w, a) in (Decimal, datetime.date)
        with w.block("if True:" if same else
                     f"if {a}.__class__ is {b}.__class__ and ({a}.__class__ is Decimal "
                     f"or {a}.__class__ is {w.const(datetime.date)}):"):
            w.emit(f"{out} = {b} if {b} {'<' if builtin.name == 'min' else '>'} {a} else {a}")
        w.emit("else:")
        w.depth += 1
    with w.block("try:"):
        w.emit(f"{out} = {w.const(impl)}({passed})")
    with w.block("except FeelNull as e:"):
        w.emit(f"s.warn(e.code, {span}, **e.values)")
        w.emit(f"{out} = None")
    with w.block("except Exception:"):
        w.emit(f"B_.steps = {before}")
        _guarded(w, out, f"CALL({w.const(builtin)}, [{args}], None, {span})", node.span)
    with w.block("else:"):
        with w.block(f"if {out}.__class__ is list or {out}.__class__ is str:"):
            w.emit(f"B_.sized({out}, {span})")
    if parts is not None or extreme:
        w.depth -= 1
    _called_classes(w, builtin.name, out, values, parts is not None, extreme)


def _called_classes(w: Writer, name: str, out: str, values: list[str], rounded: bool,
                    extreme: bool) -> None:
    """What the code knows of the value ``out`` of the built-in ``name`` called at once:
    a rounding's (``rounded``), a sum's, product's or count's is a number or null; min's
    or max's of two numbers (``extreme``), or two dates, each perhaps null, is one of
    them or null."""
    if rounded or name in NUMBER_BUILTINS:
        w.nullable[out] = Decimal
    elif extreme and (either := _of_class_or_null(w, values)) in (Decimal, datetime.date):
        w.nullable[out] = either


def _known_count(w: Writer, builtin: Any, values: list[str], span: str, out: str) -> bool:
    """``count`` of a list the code knows of (``w.items``): its length, as the built-in
    gives it, for the step a call spends; False for any other call."""
    if builtin.name != "count" or len(values) != 1 or values[0] not in w.items:
        return False
    w.spend("1", span)
    w.emit(f"{out} = Decimal(len({values[0]}))")
    w.kinds[out] = Decimal
    return True


def _arguments_and_call(w: Writer, node: ast.Call, fn: str, out: str) -> None:
    """The arguments and the call of a function ``fn`` found (not None): a user
    function's invoke at once (as call_function would), a built-in through call_function."""
    with w.block(f"if {fn} is not None:"):
        span = w.const(node.span)
        if node.named is not None:
            values = [(k, _node(w, v)) for k, v in node.named]
            named = ", ".join(f"{w.lit(k)}: {v}" for k, v in values)
            args, kwargs = "[]", f"{{{named}}}"
        else:
            args = f"[{', '.join(_node(w, a) for a in node.args)}]"
            kwargs = "None"
        with w.block(f"if {fn}.__class__ is FeelFunction:"):
            _invoked(w, out, f"{fn}.invoke({args}, {kwargs})", fn, node)
        with w.block("else:"):
            _guarded(w, out, f"CALL({fn}, {args}, {kwargs}, {span})", node.span)


def _w_in(w: Writer, node: ast.In) -> str:
    v = _node(w, node.value)
    return _any_of(w, list(node.tests), v)


_WRITERS: dict[type, Callable[[Writer, Any], str]] = {
    ast.Name: _w_name,
    ast.InputValue: _w_input,
    ast.Arithmetic: _w_arithmetic,
    ast.Negate: _w_negate,
    ast.Compare: _w_compare,
    ast.And: _w_junction,
    ast.Or: _w_junction,
    ast.Between: _w_between,
    ast.In: _w_in,
    ast.If: _w_if,
    ast.For: _w_for,
    ast.FunctionDef: _w_function,
    ast.Call: _w_call,
    ast.NotCall: _w_not,
    ast.Path: _w_path,
    ast.Filter: _w_filter,
    ast.ListLit: _w_list,
    ast.ContextLit: _w_context,
}


# --------------------------------------------------------------------- unary tests

_OPS = {"<": "<", "<=": "<=", ">": ">", ">=": ">="}


def _positive(w: Writer, node: ast.Node, v: str) -> str:
    """One positive unary test of the value in local ``v``: True, False or None."""
    out = w.tmp()
    if isinstance(node, ast.RangeLit) and literal_value(node.start) is not MISSING and \
            literal_value(node.end) is not MISSING:
        _range_test(w, node, v, out)
        return out
    if isinstance(node, ast.UnaryComparison) and node.op in _OPS and \
            literal_value(node.value) is not MISSING:
        _literal_comparison(w, node, v, out)
        return out
    if isinstance(node, ast.UnaryComparison):
        rhs = _node(w, node.value)
        _guarded(w, out, f"COMPARE({node.op!r}, {v}, {rhs})", node.span)
        return out
    if ast.uses_input_value(node):
        with w.frame(Static({INPUT: v})):
            result = _node(w, node)
        with w.block(f"if {result}.__class__ is bool or {result} is None:"):
            w.emit(f"{out} = {result}")
        with w.block("else:"):
            w.emit(f"{out} = TEST({v}, {result})")
        return out
    value = _node(w, node)
    kind = _literal_type(w, value)
    if kind is not None and kind_or_null(w, v) is kind:
        w.emit(f"{out} = {v} == {value}")    # of the literal's class (or null: false)
        w.truths.add(out)
        return out
    if kind is not None:     # a literal (or a table's constant): equality, fast
        with w.block(f"if {v}.__class__ is {w.const(kind)}:"):
            w.emit(f"{out} = {v} == {value}")
        with w.block(f"elif {v} is None:"):    # null is no value of a type: no match
            w.emit(f"{out} = False")
        with w.block("else:"):
            _guarded(w, out, f"TEST({v}, {value})", node.span)
        return out
    _guarded(w, out, f"TEST({v}, {value})", node.span)
    return out


def _literal_type(w: Writer, x: str) -> type | None:
    """The type of the literal ``x`` when FEEL's equality on it is Python's."""
    if x in w.literals:
        return w.literals[x]
    if x in ("True", "False"):
        return bool
    if x[:1] in ("'", '"'):
        return str
    return None


def _range_test(w: Writer, node: ast.RangeLit, v: str, out: str) -> None:
    """``[a..b)`` with literal ends: Python's comparisons where the value is of the
    ends' type, else the range's own test."""
    start, end = literal_value(node.start), literal_value(node.end)
    r = Range(start, end, node.start_included, node.end_included)
    if type(start) is type(end) and type(start) in _PLAIN:
        lo = "<=" if node.start_included else "<"
        hi = "<=" if node.end_included else "<"
        if _kind(w, v) is type(start):
            w.emit(f"{out} = {w.lit(start)} {lo} {v} {hi} {w.lit(end)}")
            w.truths.add(out)
            return
        if w.nullable.get(v) is type(start):     # of the ends' class, or null
            w.emit(f"{out} = None if {v} is None else "
                   f"{w.lit(start)} {lo} {v} {hi} {w.lit(end)}")
            return
        with w.block(f"if {v}.__class__ is {w.const(type(start))}:"):
            w.emit(f"{out} = {w.lit(start)} {lo} {v} {hi} {w.lit(end)}")
        with w.block("else:"):
            w.emit(f"{out} = {w.const(r)}.contains({v})")
    else:
        w.emit(f"{out} = {w.const(r)}.contains({v})")


def _literal_comparison(w: Writer, node: ast.UnaryComparison, v: str, out: str) -> None:
    """``< 5``: Python's comparison where the value is of the literal's type."""
    bound = literal_value(node.value)
    k = w.lit(bound)
    if type(bound) in _PLAIN and _kind(w, v) is type(bound):
        w.emit(f"{out} = {v} {_OPS[node.op]} {k}")
        w.truths.add(out)
        return
    if type(bound) in _PLAIN and w.nullable.get(v) is type(bound):   # or null
        w.emit(f"{out} = None if {v} is None else {v} {_OPS[node.op]} {k}")
        return
    if type(bound) in _PLAIN:
        with w.block(f"if {v}.__class__ is {w.const(type(bound))}:"):
            w.emit(f"{out} = {v} {_OPS[node.op]} {k}")
        w.emit("else:")
        w.depth += 1
    c = w.tmp("c")
    w.emit(f"{c} = FCMP({v}, {k})")
    with w.block(f"if {c} is None:"):
        with w.block(f"if {v} is not None:"):
            w.warn("FEEL-NOT-COMPARABLE", node.span, left=f"TYPE({v})",
                   right=repr(type_name(bound)))
        w.emit(f"{out} = None")
    with w.block("else:"):
        w.emit(f"{out} = {c} {_OPS[node.op]} 0")
    if type(bound) in _PLAIN:
        w.depth -= 1


def _any_of(w: Writer, tests: list[ast.Node], v: str) -> str:
    """Whether any of the positive tests holds (None when none does and one was null)."""
    if len(tests) == 1:
        return _positive(w, tests[0], v)
    out = w.tmp()
    members = _members(w, tests, v)
    if members is not None:     # "a", "b", "c" of a text: one set lookup
        w.emit(f"{out} = {v} in {w.const(members)}")
        w.truths.add(out)
        return out
    w.emit(f"{out} = False")
    every = True
    for i, test in enumerate(tests):
        if i:
            w.emit(f"if {out} is not True:")
            w.depth += 1
        r = _positive(w, test, v)
        with w.block(f"if {r} is True:"):
            w.emit(f"{out} = True")
        if r not in w.truths:     # (a test known True or False is never null)
            every = False
            with w.block(f"elif {r} is None:"):
                w.emit(f"{out} = None")
        if i:
            w.depth -= 1
    if every:
        w.truths.add(out)
    return out


#: classes whose FEEL equality is Python's, with hashes that agree with it
_HASHED = (str, Decimal, datetime.date)


def _members(w: Writer, tests: list[ast.Node], v: str) -> frozenset[Any] | None:
    """The values of ``tests`` when each is a literal of the class the value in ``v``
    is known to be of (or null): then a test of one of them is a set's membership
    (null is none of them: False, as each ``v == literal``); else None."""
    kind = kind_or_null(w, v)
    if kind not in _HASHED:
        return None
    values = []
    for t in tests:
        value = _constant(w, t)
        if value.__class__ is not kind:
            return None
        values.append(value)
    return frozenset(values)


_CONSTANT_PARTS = (ast.Call, ast.Name, ast.String, ast.Number, ast.Boolean, ast.Temporal)


def _constant(w: Writer, node: ast.Node) -> Any:
    """The value of a literal, of a name bound to one (a table's allowed word), or of a
    call of literals the writer folds (``date("2020-01-01")``); else MISSING, and
    nothing written."""
    if isinstance(node, ast.Name):
        return w.valued.get(_static_local(w, node.name) or "", MISSING)
    if not isinstance(node, ast.Call) or \
            not all(isinstance(x, _CONSTANT_PARTS) for x in ast.walk(node)):
        return literal_value(node)
    lines, free = len(w.lines), set(w.free)
    src = _node(w, node)
    if len(w.lines) != lines or len(w.free) != len(free):   # not folded: undone
        del w.lines[lines:]
        for name in set(w.free) - free:
            del w.free[name]
        return MISSING
    return w.valued.get(src, MISSING)


def write_tests(w: Writer, node: ast.UnaryTests, v: str) -> str:
    """Code for an input cell testing the value in local ``v``; the local of the
    result (True, False or None)."""
    return _tests(w, node, v)


def known(w: Writer, local: str, classes: frozenset[type]) -> None:
    """What the writer may know of ``local``, whose value is of one of ``classes``: of
    one plain class (or that or null); nothing where that is not so."""
    plain = classes - {type(None)}
    if len(plain) != 1:
        return
    cls = next(iter(plain))
    if cls not in _PLAIN_EQ:
        return
    if type(None) in classes:
        w.nullable[local] = cls
    else:
        w.kinds[local] = cls
        if cls is bool:
            w.truths.add(local)


def _same_as(w: Writer, local: str, found: str) -> None:
    """``local`` holds what ``found`` holds: what the writer knows of one, of the other."""
    if found == "None":
        w.nulls.add(local)
    elif (literal := _literal_type(w, found)) is not None:
        w.kinds.setdefault(local, literal)
        if literal is bool:
            w.truths.add(local)
    if found in w.truths:
        w.truths.add(local)
    if found in w.kinds:
        w.kinds[local] = w.kinds[found]
    if found in w.nullable:
        w.nullable[local] = w.nullable[found]
    if found in w.contexts:
        w.contexts[local] = w.contexts[found]
    if found in w.items:
        w.items[local] = w.items[found]
    if found in w.weights:
        w.weights[local] = w.weights[found]


def kind_or_null(w: Writer, x: str) -> type | None:
    """The class of the value of the Python expression ``x`` when the code knows it to be
    of that class (a literal's, a checked fact's, a comparison's bool) or of it or null
    (``w.nullable``); else None."""
    return _kind(w, x) or w.nullable.get(x)


def write_expression(w: Writer, node: ast.Node | None) -> str:
    """Code for an expression; the Python expression (a local or literal) of its value."""
    return _node(w, node)


def _tests(w: Writer, node: ast.UnaryTests, v: str) -> str:
    if node.any:
        return "True"
    r = _any_of(w, list(node.tests), v)
    if not node.negated:
        return r
    out = w.tmp()
    if r in w.truths:
        w.emit(f"{out} = not {r}")
        w.truths.add(out)
    else:
        w.emit(f"{out} = None if {r} is None else not {r}")
    return out


# --------------------------------------------------------------------- entry points

def build(w: Writer, header: str, label: str, **names: Any) -> Any:
    """Compile the function ``header`` with the lines ``w`` wrote as its body (and the
    constants ``names``) and return it."""
    w.consts.update(names)
    return _function(w, header, w.lines, label)


def _function(w: Writer, header: str, body: list[str], label: str) -> Any:
    """Compile the generated function ``header`` + ``body`` and return it."""
    body = tightened(body, w.truths)
    hoisted = [f"    {local} = s.lookup({w.lit(name)})" for name, local in w.free.items()]
    if any("B_" in line for line in body):    # the evaluation's budget, found once
        found = "    if B_ is None:\n        B_ = ACTIVE()" if "B_=None" in header else \
            "    B_ = ACTIVE()"     # (a question lends its decisions its own)
        hoisted[:0] = [found, "    LS_ = B_.limits.steps"]
    source = "\n".join([*w.prelude, header, *hoisted, *body]) + "\n"
    namespace = dict(_RUNTIME)
    namespace.update(_PLAIN=_PLAIN, _PLAIN_EQ=_PLAIN_EQ)
    namespace.update(w.consts)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            code = compile(source, f"<regel {label}>", "exec")
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        raise Unsupported(label) from None
    exec(code, namespace)   # generated source only: see the module's docstring
    fn = namespace["generated"]
    fn.source = source
    return fn


def generate(node: ast.Node) -> Callable[[Scope], Any]:
    """The expression as a generated function ``fn(scope) -> value``; Unsupported when
    Python cannot compile what the generator wrote (the caller keeps the closure)."""
    w = Writer()
    try:
        result = _node(w, node)
    except RecursionError:
        raise Unsupported("expression") from None
    w.emit(f"return {result}")
    return _function(w, "def generated(s):", w.lines, "expression")  # type: ignore[no-any-return]


def generate_tests(node: ast.UnaryTests) -> Callable[[Any, Scope], bool | None]:
    """An input cell as a generated function ``fn(value, scope) -> True/False/None``."""
    w = Writer()
    try:
        result = _tests(w, node, "value")
    except RecursionError:
        raise Unsupported("unary tests") from None
    w.emit(f"return {result}")
    return _function(w, "def generated(value, s):", w.lines, "unary tests")  # type: ignore[no-any-return]


def source_of(fn: Any) -> str:
    """The Python source the generator wrote for ``fn`` (for `regel` developers)."""
    return str(getattr(fn, "source", ""))
