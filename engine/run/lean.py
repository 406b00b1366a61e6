"""The lean tier: a question of plain tables over typed facts as one generated function.

Where every decision a question needs is a small UNIQUE or FIRST table whose columns read
facts of a plain declared type (number, string, boolean, date), whose cells test literals
of that type and whose rules give one literal each, the question is one Python function:
no scope, no budget (the work is bounded: no loops, calls or lists, and the other tiers
spend no step on it either), no result objects. A case it cannot answer plainly (a fact
missing, odd or not allowed, facts it does not read, two UNIQUE hits, no version in force)
goes to the general way, which answers, warns and fails as the reference does. A number
fact given as an ``int`` of fewer than 112 bits stays an int: it is only compared with
number literals, which Python does exactly. docs/architecture.md has the whole list.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

from regel.feel import ast
from regel.feel.budget import DEFAULT_LIMITS, budget
from regel.feel.codegen import Unsupported, Writer, build
from regel.feel.compiler import MISSING, Scope, fold_call
from regel.feel.registry import BUILTINS
from regel.model import Decision, DecisionTable, Pack, Version
from regel.run.compiled import PLAIN_VALUES, fact_kinds, plain_number
from regel.run.hitpolicy import resolve

__all__ = ["lean_function", "lean_question"]

#: the Python class of a fact of each declared type, as the lean function checks it
_CLASSES = {"number": Decimal, "string": str, "boolean": bool, "date": _dt.date}
_COMPARISONS = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "=": "==", "!=": "!="}
#: an int of fewer bits than this has at most 34 digits: FEEL's number of it is itself
_INT_BITS = 112
#: a table with more rules than this is matched through its index (regel.run.compiled)
_RULES = 64


def lean_function(pack: Pack, did: str, day: _dt.date | None, fallback: Any) -> Any:
    """``pack.function(did, day)`` as one generated function ``fn(facts, as_of=None)``
    that hands every case it cannot answer plainly to ``fallback(facts, as_of)``; None
    when the decision is not of the lean kind. With ``day`` the version is chosen now;
    a call with its own as-of date goes to ``fallback``."""
    try:
        w, locals_ = _prologue(pack, [did], "return FALLBACK(raw, as_of_day)")
        out = _decision(w, pack.decisions[did], locals_, day, "return FALLBACK(raw, as_of_day)")
    except Unsupported:
        return None
    w.emit(f"return {out}")
    head = "def generated(raw, as_of_day=None):"
    if day is None:
        w.lines[:0] = ["    day = as_of_day if as_of_day is not None else TODAY()",
                       "    if day.__class__ is not DATE:",
                       "        return FALLBACK(raw, as_of_day)"]
    else:
        w.lines[:0] = ["    if as_of_day is not None:",
                       "        return FALLBACK(raw, as_of_day)"]
    return _built(w, head, f"lean decision {did}", FALLBACK=fallback)


def lean_question(pack: Pack, targets: list[str], order: list[str]) -> Any:
    """An untraced question as one generated function ``fn(facts, day)`` giving the
    asked decisions' values by id, or None where the general way must answer; None
    (no function) when a decision it needs is not of the lean kind."""
    if sorted(order) != sorted(targets):
        return None     # a decision read by another: the lean tier reads facts only
    try:
        w, locals_ = _prologue(pack, order, "return None")
        outs = {did: _decision(w, pack.decisions[did], locals_, None, "return None")
                for did in order}
    except Unsupported:
        return None
    w.emit("return {" + ", ".join(f"{w.lit(did)}: {outs[did]}" for did in targets) + "}")
    return _built(w, "def generated(raw, day):", "lean question")


def _built(w: Writer, header: str, label: str, **names: Any) -> Any:
    return build(w, header, label, DATE=_dt.date, NUM=plain_number, TODAY=_dt.date.today,
                 **names)


def _prologue(pack: Pack, order: list[str], miss: str) -> tuple[Writer, dict[str, tuple[str, Any]]]:
    """The facts the decisions read, each in a local and checked: the writer, and each
    input's local with its class (a number's local may hold an int: see the docstring)."""
    if pack.broken:
        raise Unsupported("broken pack")
    kinds = fact_kinds(pack)
    reads = list(dict.fromkeys(iid for did in order for iid in pack.decisions[did].inputs))
    w = Writer()
    w.emit(f"if raw.__class__ is not dict or len(raw) != {len(reads)}:")
    w.emit(f"    {miss}")
    locals_: dict[str, tuple[str, Any]] = {}
    for iid in reads:
        spec = pack.inputs.get(iid)
        kind = kinds.get(iid)
        if spec is None or kind is None or kind[0] is list or spec.type not in _CLASSES \
                or spec.allowed is not None:
            raise Unsupported("input")
        v = w.tmp("f")
        w.emit(f"{v} = raw.get({w.lit(iid)})")
        cls, allowed = kind
        if cls is Decimal:
            _number_check(w, v, miss)
        else:
            with w.block(f"if {v}.__class__ is not {w.const(cls)}:"):
                w.emit(miss)
        if allowed is not None:
            with w.block(f"if {v} not in {w.const(frozenset(allowed))}:"):
                w.emit(miss)
        locals_[iid] = (v, cls)
    return w, locals_


def _number_check(w: Writer, v: str, miss: str) -> None:
    """A number fact: an int of fewer than _INT_BITS bits as it is, a Decimal as FEEL's
    number of it (NUM: None when the general way must look at it)."""
    with w.block(f"if {v}.__class__ is int:"):
        with w.block(f"if {v}.bit_length() >= {_INT_BITS}:"):
            w.emit(miss)
    with w.block(f"elif {v}.__class__ is {w.const(Decimal)}:"):
        w.emit(f"{v} = NUM({v})")
        with w.block(f"if {v} is None:"):
            w.emit(miss)
    with w.block("else:"):
        w.emit(miss)


def _decision(w: Writer, d: Decision, locals_: dict[str, tuple[str, Any]],
              day: _dt.date | None, miss: str) -> str:
    """A lean decision's code: its version by date (chosen now when ``day`` is given),
    then its table; the local of its value."""
    if d.service is not None or d.is_function or d.result_types or d.output_reads or \
            d.decisions or d.version_by is not None:
        raise Unsupported("decision")
    names = set(d.inputs)
    out = w.tmp("d")
    if day is not None:
        version = next((v for v in d.versions if _in_force(v, day)), None)
        if version is None:
            raise Unsupported("no version")
        _table(w, _lean_table(version), locals_, names, out, miss)
        return out
    for i, version in enumerate(d.versions):
        test = f"{w.lit(version.valid_from)} <= day"
        if version.valid_to is not None:
            test += f" < {w.lit(version.valid_to)}"
        with w.block(f"{'if' if i == 0 else 'elif'} {test}:"):
            _table(w, _lean_table(version), locals_, names, out, miss)
    with w.block("else:"):
        w.emit(miss)
    return out


def _in_force(v: Version, day: _dt.date) -> bool:
    return v.valid_from <= day and (v.valid_to is None or day < v.valid_to)


def _lean_table(version: Version) -> DecisionTable:
    logic = version.logic
    if not isinstance(logic, DecisionTable) or version.tables or len(logic.rules) > _RULES or \
            logic.hit_policy not in ("UNIQUE", "FIRST") or len(logic.outputs) != 1 or \
            logic.outputs[0].allowed is not None:
        raise Unsupported("table")
    if any(c.expression.types is not None for c in logic.inputs) or any(
            t.types is not None for r in logic.rules for t in (*r.tests, *r.outputs)):
        raise Unsupported("typed")
    return logic


def _table(w: Writer, table: DecisionTable, locals_: dict[str, tuple[str, Any]],
           names: set[str], out: str, miss: str) -> None:
    """The rules in order into ``out``: FIRST stops at the first hit; UNIQUE looks at
    every rule and hands a second hit to the general way (which names both rules)."""
    columns = []
    for c in table.inputs:
        node = c.expression.ast
        if not isinstance(node, ast.Name) or node.name not in names or \
                node.name not in locals_:
            raise Unsupported("input column")
        columns.append(locals_[node.name])
    allowed = table.outputs[0].allowed_values
    none = resolve(table, []).value
    if none.__class__ not in PLAIN_VALUES:
        raise Unsupported("no-match value")
    unique = table.hit_policy == "UNIQUE"
    if unique:
        w.emit(f"{out} = MISSING")
    for i, rule in enumerate(table.rules):
        tests = [_cell(w, test.ast, *columns[j], names)
                 for j, test in enumerate(rule.tests) if not test.is_any]
        value = _output(rule.outputs[0], names)
        test = " and ".join(f"({t})" for t in tests) or "True"
        head = "if" if unique or i == 0 else "elif"
        with w.block(f"{head} {test}:"):
            if unique and i:
                with w.block(f"if {out} is not MISSING:"):
                    w.emit(miss)
            if allowed is not None and value is not None and value not in allowed:
                w.emit(miss)
            else:
                w.emit(f"{out} = {w.lit(value)}")
    if unique:
        with w.block(f"if {out} is MISSING:"):
            w.emit(f"{out} = {w.lit(none)}")
    else:
        with w.block("else:" if table.rules else "if True:"):
            w.emit(f"{out} = {w.lit(none)}")


def _output(compiled: Any, names: set[str]) -> Any:
    """A rule's output when it is a literal (``date("...")`` too): its value as the
    reference computes it."""
    node = compiled.ast
    if not isinstance(node, (ast.Number, ast.String, ast.Boolean, ast.Null, ast.Temporal)) \
            and not _date_call(node, names):
        raise Unsupported("output")
    probe = Scope({})
    with budget(DEFAULT_LIMITS):
        value = compiled.evaluate_in(probe)
    if probe.warnings or value.__class__ not in PLAIN_VALUES:
        raise Unsupported("output")
    return value


def _cell(w: Writer, node: ast.UnaryTests, v: str, cls: Any, names: set[str]) -> str:
    """A cell's tests of the fact in local ``v`` (of class ``cls``) as a Python condition
    that is exactly FEEL's (True or False, never null)."""
    parts = [_positive(w, t, v, cls, names) for t in node.tests]
    test = " or ".join(parts) if len(parts) > 1 else parts[0]
    return f"not ({test})" if node.negated else test


def _positive(w: Writer, node: ast.Node, v: str, cls: Any, names: set[str]) -> str:
    if isinstance(node, ast.UnaryComparison) and node.op in _COMPARISONS:
        if cls is bool and node.op not in ("=", "!="):
            raise Unsupported("boolean order")
        return f"{v} {_COMPARISONS[node.op]} {_literal(w, node.value, cls, names)}"
    if isinstance(node, ast.RangeLit) and cls is not bool:
        lo = _literal(w, node.start, cls, names)
        hi = _literal(w, node.end, cls, names)
        return (f"{lo} {'<=' if node.start_included else '<'} {v} "
                f"{'<=' if node.end_included else '<'} {hi}")
    if cls is bool and isinstance(node, ast.Boolean):
        return f"{v} is {node.value!r}"
    return f"{v} == {_literal(w, node, cls, names)}"


def _literal(w: Writer, node: ast.Node | None, cls: Any, names: set[str]) -> str:
    """A literal of the fact's own type as Python source; Unsupported for anything else
    (where FEEL may give null, warn, or compare otherwise than Python)."""
    value: Any = MISSING
    if isinstance(node, (ast.Number, ast.String, ast.Boolean, ast.Temporal)):
        value = node.value
    elif _date_call(node, names):
        assert isinstance(node, ast.Call)
        value = fold_call(BUILTINS["date"], node)
    if value.__class__ is not cls:
        raise Unsupported("literal")
    if cls is Decimal and value == value.to_integral_value() and \
            abs(value) < 10 ** 33:
        return repr(int(value))   # Python compares an int with either class exactly
    return w.lit(value)


def _date_call(node: ast.Node | None, names: set[str]) -> bool:
    """Whether ``node`` is the built-in ``date(...)`` (no variable of that name in scope)."""
    return isinstance(node, ast.Call) and isinstance(node.callee, ast.Name) and \
        node.callee.name == "date" and "date" not in names
