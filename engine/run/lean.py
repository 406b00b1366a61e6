"""The lean tier: a question of plain tables over typed facts as one generated function.

Where every decision a question needs is a small UNIQUE or FIRST table whose columns read
facts of a plain declared type (number, string, boolean, date) or such tables' values,
whose cells test literals of the column's type and whose rules give literals, the question
is one Python function: no scope, no budget (the work is bounded: no loops, calls or
lists, and the other tiers spend no step on it either), no result objects. A case it
cannot answer plainly (a fact missing, odd or not allowed, a null to test, two UNIQUE
hits, no version in force) goes to the general way, which answers, warns and fails as
the reference does. A number fact given as an ``int`` of fewer than 112 bits stays an
int: it is only compared with number literals, which Python does exactly.
docs/architecture.md has the whole list.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

from regel.feel import ast
from regel.feel.budget import DEFAULT_LIMITS, budget
from regel.feel.codegen import Unsupported, Writer, build
from regel.feel.compiler import MISSING, Scope, fold_call, literal_value
from regel.feel.registry import BUILTINS
from regel.model import Decision, DecisionTable, Pack, Version
from regel.run.compiled import PLAIN_VALUES, fact_kinds, plain_facts, plain_number
from regel.run.hitpolicy import resolve

__all__ = ["lean_function", "lean_question"]

#: the Python class of a fact of each declared type, as the lean function checks it
_CLASSES = {"number": Decimal, "string": str, "boolean": bool, "date": _dt.date}
_COMPARISONS = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "=": "==", "!=": "!="}
#: an int of fewer bits than this has at most 34 digits: FEEL's number of it is itself
_INT_BITS = 112
#: a table with more rules than this is matched through its index (regel.run.compiled)
_RULES = 64


def lean_function(pack: Pack, did: str, order: list[str], day: _dt.date | None,
                  fallback: Any) -> Any:
    """``pack.function(did, day)`` as one generated function ``fn(facts, as_of=None)``
    (``order``: the decisions it needs, in order) that hands every case it cannot answer
    plainly to ``fallback(facts, as_of)``; None when a decision is not of the lean kind.
    With ``day`` the versions are chosen now; a call with its own as-of date goes to
    ``fallback``."""
    miss = "return FALLBACK(raw, as_of_day)"
    try:
        w, locals_ = _prologue(pack, order, miss)
        for x in order:
            _decision(w, pack.decisions[x], locals_, day, miss)
    except Unsupported:
        return None
    w.emit(f"return {locals_[did][0]}")
    head = "def generated(raw, as_of_day=None):"
    if day is None:
        w.lines[:0] = ["    day = as_of_day if as_of_day is not None else TODAY()",
                       "    if day.__class__ is not DATE:",
                       f"        {miss}"]
    else:
        w.lines[:0] = ["    if as_of_day is not None:", f"        {miss}"]
    return _built(w, head, f"lean decision {did}", FALLBACK=fallback)


def lean_question(pack: Pack, targets: list[str], order: list[str]) -> Any:
    """An untraced question as one generated function ``fn(facts, day)`` giving the
    asked decisions' values by id, or None where the general way must answer; None
    (no function) when a decision it needs is not of the lean kind."""
    try:
        w, locals_ = _prologue(pack, order, "return None")
        for did in order:
            _decision(w, pack.decisions[did], locals_, None, "return None")
    except Unsupported:
        return None
    w.emit("return {" + ", ".join(f"{w.lit(did)}: {locals_[did][0]}" for did in targets) + "}")
    return _built(w, "def generated(raw, day):", "lean question")


def _built(w: Writer, header: str, label: str, **names: Any) -> Any:
    return build(w, header, label, DATE=_dt.date, NUM=plain_number, TODAY=_dt.date.today,
                 PLAIN=plain_facts, **names)


#: a local of the lean function: its name, the class of its values (None: of several)
#: and whether it may be null (a decision no rule of which matched)
_Local = tuple[str, Any, bool]


def _prologue(pack: Pack, order: list[str], miss: str) -> tuple[Writer, dict[str, _Local]]:
    """The facts the decisions read, each in a local and checked: the writer, and each
    input's local (a number's local may hold an int: see the docstring)."""
    if pack.broken:
        raise Unsupported("broken pack")
    kinds = fact_kinds(pack)
    reads = list(dict.fromkeys(iid for did in order for iid in pack.decisions[did].inputs))
    w = Writer()
    w.emit(f"if raw.__class__ is not dict or len(raw) != {len(reads)} and "
           f"PLAIN({w.const(kinds)}, raw) is None:")   # facts it does not read: checked
    w.emit(f"    {miss}")
    locals_: dict[str, _Local] = {}
    for iid in reads:
        spec = pack.inputs.get(iid)
        if spec is None or iid not in kinds or spec.type not in _CLASSES:
            raise Unsupported("input")
        cls = _CLASSES[spec.type]
        v = w.tmp("f")
        w.emit(f"{v} = raw.get({w.lit(iid)})")
        if cls is Decimal:
            _number_check(w, v, miss)
        else:
            with w.block(f"if {v}.__class__ is not {w.const(cls)}:"):
                w.emit(miss)
        if spec.allowed is not None:
            with w.block(f"if not ({_cell(w, spec.allowed.ast, v, cls, {})}):"):
                w.emit(miss)
        elif spec.allowed_values is not None:
            with w.block(f"if {v} not in {w.const(frozenset(spec.allowed_values))}:"):
                w.emit(miss)
        locals_[iid] = (v, cls, False)
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


def _decision(w: Writer, d: Decision, locals_: dict[str, _Local], day: _dt.date | None,
              miss: str) -> None:
    """A lean decision's code: its version by date (chosen now when ``day`` is given),
    then its table, into a local kept in ``locals_`` under the decision's id."""
    if d.service is not None or d.is_function or d.result_types or d.output_reads or \
            d.version_by is not None or any(dep not in locals_ for dep in d.decisions):
        raise Unsupported("decision")
    names = dict.fromkeys((*d.inputs, *d.decisions), MISSING)   # its variables
    out = w.tmp("d")
    versions = d.versions
    if day is not None:
        versions = tuple(v for v in d.versions if _in_force(v, day))[:1]
        if not versions:
            raise Unsupported("no version")
    values: list[Any] = []
    for i, version in enumerate(versions):
        test = f"{w.lit(version.valid_from)} <= day"
        if version.valid_to is not None:
            test += f" < {w.lit(version.valid_to)}"
        with w.block("if True:" if day is not None else
                     f"{'if' if i == 0 else 'elif'} {test}:"):
            values += _table(w, _lean_table(version), locals_, names, out, miss)
    if day is None:
        with w.block("else:"):
            w.emit(miss)
    classes = {v.__class__ for v in values if v is not None}
    locals_[d.id] = (out, classes.pop() if len(classes) == 1 else None, None in values)


def _in_force(v: Version, day: _dt.date) -> bool:
    return v.valid_from <= day and (v.valid_to is None or day < v.valid_to)


def _lean_table(version: Version) -> DecisionTable:
    logic = version.logic
    if not isinstance(logic, DecisionTable) or version.tables or len(logic.rules) > _RULES or \
            logic.hit_policy not in ("UNIQUE", "FIRST") or \
            any(o.allowed is not None for o in logic.outputs):
        raise Unsupported("table")
    if any(c.expression.types is not None for c in logic.inputs) or any(
            t.types is not None for r in logic.rules for t in (*r.tests, *r.outputs)):
        raise Unsupported("typed")
    return logic


def _columns(w: Writer, table: DecisionTable, locals_: dict[str, _Local], names: dict[str, Any],
             miss: str) -> list[tuple[str, Any]]:
    """Each input column's local and class: a fact, or a decision's value of one plain
    class (null goes to the general way)."""
    columns = []
    for c in table.inputs:
        node = c.expression.ast
        if not isinstance(node, ast.Name) or names.get(node.name) is not MISSING or \
                node.name not in locals_:
            raise Unsupported("input column")
        v, cls, nullable = locals_[node.name]
        if cls not in _CLASSES.values():
            raise Unsupported("input column")
        if nullable:
            with w.block(f"if {v} is None:"):
                w.emit(miss)
        columns.append((v, cls))
    return columns


def _table(w: Writer, table: DecisionTable, locals_: dict[str, _Local], names: dict[str, Any],
           out: str, miss: str) -> list[Any]:
    """The rules in order into ``out``: FIRST stops at the first hit; UNIQUE looks at
    every rule and hands a second hit to the general way (which names both rules). The
    values the table may give."""
    if names.keys() & table.constants.keys():
        raise Unsupported("a constant named as a variable")
    columns = _columns(w, table, locals_, names, miss)
    names = {**table.constants, **names}   # a bare allowed value is a constant in the cells
    none = resolve(table, []).value
    unique = table.hit_policy == "UNIQUE"
    if unique:
        w.emit(f"{out} = MISSING")
    values = [none]
    for i, rule in enumerate(table.rules):
        tests = [_cell(w, test.ast, *columns[j], names)
                 for j, test in enumerate(rule.tests) if not test.is_any]
        outs = [_output(o, names) for o in rule.outputs]
        test = " and ".join(f"({t})" for t in tests) or "True"
        head = "if" if unique or i == 0 else "elif"
        with w.block(f"{head} {test}:"):
            if unique and i:
                with w.block(f"if {out} is not MISSING:"):
                    w.emit(miss)
            if any(o.allowed_values is not None and v is not None and v not in o.allowed_values
                   for o, v in zip(table.outputs, outs, strict=True)):
                w.emit(miss)
            else:
                value = outs[0] if len(outs) == 1 else \
                    {o.name: v for o, v in zip(table.outputs, outs, strict=True)}
                w.emit(f"{out} = {_value(w, value)}")
                values.append(value)
    with w.block(f"if {out} is MISSING:" if unique else "else:" if table.rules else "if True:"):
        w.emit(f"{out} = {_value(w, none)}")
    return values


def _value(w: Writer, value: Any) -> str:
    """A table's value as Python source: a literal, or a new dict of literals (a caller
    may change the context it is given)."""
    if value.__class__ is dict and all(v.__class__ in PLAIN_VALUES for v in value.values()):
        return "{" + ", ".join(f"{w.lit(k)}: {w.lit(v)}" for k, v in value.items()) + "}"
    if value.__class__ not in PLAIN_VALUES:
        raise Unsupported("value")
    return w.lit(value)


def _output(compiled: Any, names: dict[str, Any]) -> Any:
    """A rule's output when it is a literal (``date("...")`` too): its value as the
    reference computes it."""
    node = compiled.ast
    if isinstance(node, ast.Name) and names.get(node.name, MISSING) is not MISSING:
        return _plain(names[node.name])    # a table's constant
    if not isinstance(node, (ast.Number, ast.String, ast.Boolean, ast.Null, ast.Temporal)) \
            and not _date_call(node, names):
        raise Unsupported("output")
    probe = Scope({})
    with budget(DEFAULT_LIMITS):
        value = compiled.evaluate_in(probe)
    if probe.warnings or value.__class__ not in PLAIN_VALUES:
        raise Unsupported("output")
    return value


def _cell(w: Writer, node: ast.UnaryTests, v: str, cls: Any, names: dict[str, Any]) -> str:
    """A cell's tests of the fact in local ``v`` (of class ``cls``) as a Python condition
    that is exactly FEEL's (True or False, never null)."""
    if node.any:
        return "True"
    parts = [_positive(w, t, v, cls, names) for t in node.tests]
    test = " or ".join(parts) if len(parts) > 1 else parts[0]
    return f"not ({test})" if node.negated else test


def _positive(w: Writer, node: ast.Node, v: str, cls: Any, names: dict[str, Any]) -> str:
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


def _literal(w: Writer, node: ast.Node | None, cls: Any, names: dict[str, Any]) -> str:
    """A literal of the fact's own type as Python source; Unsupported for anything else
    (where FEEL may give null, warn, or compare otherwise than Python)."""
    value = literal_value(node)
    if isinstance(node, ast.Name):
        value = names.get(node.name, MISSING)     # a table's constant (a variable: MISSING)
    elif _date_call(node, names):
        assert isinstance(node, ast.Call)
        value = fold_call(BUILTINS["date"], node)
    if value.__class__ is not cls:
        raise Unsupported("literal")
    if cls is Decimal and value == value.to_integral_value() and \
            abs(value) < 10 ** 33:
        return repr(int(value))   # Python compares an int with either class exactly
    return w.lit(value)


def _date_call(node: ast.Node | None, names: dict[str, Any]) -> bool:
    """Whether ``node`` is the built-in ``date(...)`` (no variable of that name in scope)."""
    return isinstance(node, ast.Call) and isinstance(node.callee, ast.Name) and \
        node.callee.name == "date" and "date" not in names


def _plain(value: Any) -> Any:
    if value.__class__ not in PLAIN_VALUES:
        raise Unsupported("value")
    return value
