"""Decisions as generated Python: the untraced fast path of regel.run.evaluate.

A decision's versions, their tables and expressions become one generated function
``fn(facts, values, as_of) -> value`` (regel.feel.codegen writes the FEEL; this module the
version choice and the table): the decision's variables are locals, a small table's rules
are nested tests in rule order, a FIRST table stops at its first hit, a UNIQUE table looks
for a second hit without its outputs, a large indexed table reads its index. The function
answers only the plain case: wherever the reference would fail (no version, two UNIQUE
hits, an output not allowed, ...) or warn where the code cannot say of which rule, it
raises ``Slow`` and the evaluator runs the decision as the reference does, so every error
is the reference's own; the warnings it can place it leaves in its scope, and the
evaluator reports them as the reference would (a rule's as a RuleWarning).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, TypeGuard

from regel.analysis.regions import Interval, NotConstant, cell_intervals
from regel.base.errors import LimitError, RegelError
from regel.feel import ast
from regel.feel.analysis import result_classes
from regel.feel.api import CompiledUnaryTests
from regel.feel.budget import DEFAULT_LIMITS, active, budget
from regel.feel.codegen import (
    Static,
    Unsupported,
    Writer,
    binds,
    build,
    kind_or_null,
    known,
    scope_source,
    source_of,
    weight_of,
    write_expression,
    write_tests,
)
from regel.feel.compiler import AS_OF, INPUT, MISSING, Handover, Scope, literal_value
from regel.feel.registry import BUILTINS
from regel.feel.values import FEEL_CONTEXT, FeelFunction, number
from regel.model import Decision, DecisionTable, LiteralExpression, Pack, Version
from regel.run.hitpolicy import resolve

__all__ = ["Slow", "RuleWarning", "compile_decision", "rule_outputs", "indexed_bits",
           "is_pure", "memoized", "args_key", "copied", "compile_question", "compile_facts",
           "compile_traced_question",
           "plain_facts", "plain_number", "fact_kinds", "Bounds", "PLAIN_VALUES", "MEMO_SIZE"]

#: tables with more rules than this are matched through their index (or not compiled)
_INLINE_RULES = 64
#: built-ins whose value is not the same when called again later
_CLOCK_CALLS = frozenset({"now", "today"})


class Slow(Handover):
    """The generated decision cannot answer alone: evaluate it as the reference does (a
    FEEL call lets it through: a kept function that warns raises it inside a call)."""


def _raise_slow() -> None:
    raise Slow


def indexed_bits(table: DecisionTable, inputs: list[Any]) -> int | None:
    """The bitset of matching rules from the table's index, or None when the table has no
    index or an input cannot be looked up (null, another type): then every cell runs."""
    if table.index is None:
        return None
    bits = (1 << len(table.rules)) - 1
    for idx in table.index:
        found = idx.lookup(inputs[idx.column])
        if found is None:
            return None
        bits &= found
    return bits


def _allowed(table: DecisionTable, outs: list[Any]) -> bool:
    """Whether every output value is one its output allows (else the reference warns)."""
    for o, v in zip(table.outputs, outs, strict=True):
        if v is None:
            continue
        if o.allowed_values is not None and v not in o.allowed_values:
            return False
        if o.allowed is not None:
            return False   # a range of allowed values: the reference tests it
    return True


def compile_decision(d: Decision, traced: bool = False,
                     kinds: dict[str, tuple[Any, Any]] | None = None,
                     shapes: dict[str, Any] | None = None) -> Any:
    """The generated function of ``d``, or None where only the reference evaluates it
    (functions, services, declared result types, inner tables, DMN item types).
    ``traced``: the function for a traced evaluation, which gives what the trace records
    instead of the value: ``(version index, version date, value, table, warnings)``, the
    table None or ``(inputs, missed rules with their column, matches[, True: stopped])``.
    ``kinds``: the pack's fact_kinds; the function then begins by checking that each
    fact it reads is of its input's class (or null, where the decision lets it be
    missing; Slow if not: the reference says what is wrong), and its code is written
    for those classes (regel.feel.codegen's ``kinds``). A question's function, whose
    facts check made sure of them all, calls it with ``checked=True``: no check again.
    ``shapes``: the pack's value_shapes, what the code may know of the values of the
    decisions it reads."""
    if d.service is not None or d.is_function or d.result_types or d.output_reads:
        return None
    for v in d.versions:
        if v.tables or _typed(v):
            return None
    w = Writer()
    w.closed = True
    root: dict[str, str] = {}
    for iid in d.inputs:
        root[iid] = w.tmp("v")
    checked = [iid for iid in d.inputs if ((kinds or {}).get(iid) or (None,))[0]
               in _FACT_CLASSES]
    if checked:     # (a question's function checked them all before: ``checked``,
        # every fact there that a decision requires)
        with w.block("if checked:"):
            for iid in d.inputs:
                w.emit(f"{root[iid]} = facts{_read(w, iid, iid in d.optional)}")
        with w.block("else:"):
            for iid in d.inputs:
                w.emit(f"{root[iid]} = facts.get({w.lit(iid)})")
            for iid in checked:
                _fact_kind(w, root[iid], (kinds or {})[iid], iid in d.optional)
    else:
        for iid in d.inputs:
            w.emit(f"{root[iid]} = facts.get({w.lit(iid)})")
    for dep in d.decisions:
        root[dep] = w.tmp("v")
        w.emit(f"{root[dep]} = values[{w.lit(dep)}]")
        if shapes and dep in shapes:
            _shaped(w, root[dep], shapes[dep])
    root[AS_OF] = "as_of"
    with w.block("if s is None:"):   # a question's function lends its own
        w.emit("s = Scope({})")
    try:
        with w.frame(Static(root)):
            weight = _versions(w, d, traced)
        fn = build(w, "def generated(facts, values, as_of, s=None, B_=None, checked=False):",
                   f"{'traced ' if traced else ''}decision {d.id}", SLOW=_raise_slow,
                   DATE=_dt.date, INDEXED=indexed_bits, ALLOWED=_allowed, RESOLVE=resolve,
                   INDEXED_MATCHES=_indexed_matches, FIXED_MATCHES=_fixed_matches,
                   COPIED=copied, RuleWarning=RuleWarning)
    except (Unsupported, RecursionError):
        return None
    fn.weight = weight      # (what a question's code weighs its value at: _decision_weight)
    return fn


def _read(w: Writer, iid: str, optional: bool) -> str:
    """How a decision's function reads the fact ``iid`` from facts checked before it is
    called: one it requires is there (a subscript), an optional one may not be."""
    return f".get({w.lit(iid)})" if optional else f"[{w.lit(iid)}]"


def _fact_kind(w: Writer, local: str, kind: tuple[Any, Any] | None, optional: bool) -> None:
    """Code that checks the class of the fact in ``local`` (Slow when it is another, or
    null where the decision needs it), and what the writer may then know of it."""
    if kind is None or kind[0] not in _FACT_CLASSES:
        return
    cls = kind[0]
    if optional:
        with w.block(f"if {local} is not None and {local}.__class__ is not {w.const(cls)}:"):
            w.emit("SLOW()")
        w.nullable[local] = cls
    else:
        with w.block(f"if {local}.__class__ is not {w.const(cls)}:"):
            w.emit("SLOW()")
        w.kinds[local] = cls
        if cls is bool:
            w.truths.add(local)


#: the classes of facts whose operations the generated code writes as Python's own
_FACT_CLASSES = (Decimal, str, _dt.date, bool)


def _typed(v: Version) -> bool:
    """Whether a version's FEEL was compiled with a DMN model's item definitions."""
    logic = v.logic
    if isinstance(logic, LiteralExpression):
        return logic.expression.types is not None
    return any(c.expression.types is not None for c in logic.inputs) or any(
        t.types is not None for r in logic.rules for t in (*r.tests, *r.outputs))


def _versions(w: Writer, d: Decision, traced: bool) -> int | None:
    """The choice of version by its date, then the chosen version's logic. The warnings
    of the version_by expression, of a literal expression and of a table's input
    expressions are left in ``s`` for the caller (regel.run.evaluate reports them as the
    reference does: of no rule); so are those of a single-hit table's deciding rule's
    outputs, each as a RuleWarning naming that rule (_rule_warnings). Where else a
    table's rules warn, the reference evaluates the table. What weighing the value
    costs where the code of each version knows it (literal expressions whose value is
    plain or a context it knows: codegen's weight_of), the same for each; else None."""
    weights: set[int | None] = set()
    day = "as_of"
    if d.version_by is not None:
        day = write_expression(w, d.version_by.ast)
        with w.block(f"if {day}.__class__ is not DATE:"):
            w.emit("SLOW()")
    for i, version in enumerate(d.versions):
        test = f"{w.lit(version.valid_from)} <= {day}"
        if version.valid_to is not None:
            test += f" < {w.lit(version.valid_to)}"
        with w.block(f"{'if' if i == 0 else 'elif'} {test}:"):
            logic = version.logic
            record = "None"
            if isinstance(logic, LiteralExpression):
                out = write_expression(w, logic.expression.ast)
                weights.add(weight_of(w, out))
            elif traced:
                out, record = _traced_table(w, logic)
            else:
                out = _table(w, logic)
            w.emit(f"return ({i}, {day}, {out}, {record}, s.warnings)" if traced
                   else f"return {out}")
    w.emit("SLOW()")
    return weights.pop() if len(weights) == 1 and len(d.versions) == sum(
        isinstance(v.logic, LiteralExpression) for v in d.versions) else None


def _rule_warnings(w: Writer, table: DecisionTable, inputs: list[str], heard: str,
                   decider: str | None) -> None:
    """Code for warnings a table's rules gave (past ``heard``, the count its input
    expressions left): when the only rule whose outputs were evaluated is known
    (``decider``: the id of its rule, else MISSING; None: never known) and no cell can
    have warned (each tested column's value is of the type its cells test: _quiet_type),
    they are that rule's, as the reference says; else Slow. Where the table's code
    cannot have warned (no use of the scope ``s`` since ``heard`` was counted: it warns
    only there), neither the count nor the test is written."""
    start = _counted_at(w, heard)
    if not any(_SCOPE_USE.search(line) for line in w.lines[start + 1:]):
        del w.lines[start]
        return
    quiet = []
    for i in range(len(table.inputs)):
        kinds = _cell_kinds(table, i)
        if len(kinds) > 1 or None in kinds:
            decider = None     # a cell of this column may warn
        elif kinds and kind_or_null(w, inputs[i]) is not (kind := kinds.pop()):
            quiet.append(f"{inputs[i]}.__class__ is {w.const(kind)}")
    with w.block(f"if len(s.warnings) > {heard}:"):
        if decider is None:
            w.emit("SLOW()")
            return
        rule = w.tmp("r")
        w.emit(f"{rule} = {decider}")
        with w.block(f"if {rule} is MISSING or not ({' and '.join(quiet) or 'True'}):"):
            w.emit("SLOW()")
        w.emit(f"s.warnings[{heard}:] = [RuleWarning(x, {rule}) for x in s.warnings[{heard}:]]")


#: a use of a generated function's scope ``s`` (warning into it, passing it on)
_SCOPE_USE = re.compile(r"\bs\b")


def _counted_at(w: Writer, heard: str) -> int:
    """The position of the line that counted the warnings before a table (``heard``)."""
    line = f"{heard} = len(s.warnings)"
    for i in range(len(w.lines) - 1, -1, -1):
        if w.lines[i].endswith(line) and w.lines[i].strip() == line:
            return i
    raise AssertionError(heard)


class RuleWarning:
    """A FEEL warning of a table rule's outputs, left in a generated decision's scope
    with the id of that rule (regel.run.evaluate reports it as that rule's)."""

    __slots__ = ("warning", "rule", "code")

    def __init__(self, warning: Any, rule: str) -> None:
        self.warning, self.rule, self.code = warning, rule, warning.code


def _table(w: Writer, table: DecisionTable) -> str:
    """Code for a decision table; the local of its value."""
    policy = table.hit_policy
    inline = len(table.rules) <= _INLINE_RULES
    if not inline and (table.index is None or policy not in ("UNIQUE", "FIRST")):
        raise Unsupported("table")
    names: dict[str, str] = {}
    for name, value in table.constants.items():
        names[name] = w.lit(value)
    with w.frame(Static(names)):
        inputs = [write_expression(w, c.expression.ast) for c in table.inputs]
        heard = w.tmp("n")
        w.emit(f"{heard} = len(s.warnings)")
        k = w.const(table)
        if not inline:
            out = _indexed_table(w, table, inputs, k)
            _rule_warnings(w, table, inputs, heard, None)
            return out
        with _narrowed(w, table, inputs):
            out = _inline_table(w, table, inputs, heard, k)
    return out


def _inline_table(w: Writer, table: DecisionTable, inputs: list[str], heard: str, k: str
                  ) -> str:
    """A small table's rules as nested tests in rule order (_table); its value's local."""
    policy = _first_like(w, table, inputs)
    out, hit = w.tmp(), w.tmp("h")
    single = policy in ("UNIQUE", "FIRST")
    decider = w.tmp("r") if single else None
    w.emit(f"{hit} = MISSING" if single else f"{hit} = []")
    if decider is not None:
        w.emit(f"{decider} = MISSING")
    quiet = _quiet_columns(w, table, inputs) if policy == "FIRST" else {}
    # a FIRST table none of whose later cells can warn stops at its first match: its
    # rules in a loop that the match leaves (break)
    stops = policy == "FIRST" and all(_later_test(r, quiet) is None for r in table.rules[1:])
    if stops:
        w.emit("while True:")
        w.depth += 1
    for n, rule in enumerate(table.rules):
        # a FIRST table's rule runs while no rule has matched (the first: none has); a
        # UNIQUE table's second match goes to the reference (the first's cannot be one)
        waits = policy == "FIRST" and n > 0 and not stops
        if waits:
            w.emit(f"if {hit} is MISSING:")
            w.depth += 1
        _rule(w, table, rule, inputs, hit, decider, policy == "UNIQUE" and n > 0, stops)
        if waits:
            w.depth -= 1
        if waits:   # (no rule comes after a hit before the first rule's)
            _later_cells(w, rule, inputs, quiet)
    if stops:
        w.emit("break")
        w.depth -= 1
    if single:
        with w.block(f"if {hit} is MISSING:"):
            w.emit(f"{out} = {_no_match(w, table)}")
        with w.block("else:"):
            w.emit(f"{out} = {hit}")
    else:
        w.emit(f"{out} = RESOLVE({k}, {hit}).value")
    _rule_warnings(w, table, inputs, heard, decider)
    return out


@contextmanager
def _narrowed(w: Writer, table: DecisionTable, inputs: list[str]) -> Iterator[None]:
    """Code that hands the table to the reference (Slow) where a column whose cells all
    test literals of one type has a value of another type (not null); inside the block
    the writer knows each such column's value to be of that type or null (its cells test
    it as Python's own comparisons), and only there."""
    added: list[str] = []
    for i, local in enumerate(inputs):
        kind = _column_kind(table, i)
        if kind is None or local in added or local == "None" or \
                kind_or_null(w, local) is not None:
            continue
        with w.block(f"if {local} is not None and {local}.__class__ is not {w.const(kind)}:"):
            w.emit("SLOW()")
        w.nullable[local] = kind
        added.append(local)
    try:
        yield
    finally:
        for local in added:
            del w.nullable[local]


def _first_like(w: Writer, table: DecisionTable, inputs: list[str]) -> str:
    """The table's hit policy as its code may treat it: FIRST for a UNIQUE table no two of
    whose rules can both match (_apart), which then stops at its first match as a FIRST
    table does (what it gives, warns of and traces is the same: one match at most)."""
    policy = table.hit_policy
    if policy != "UNIQUE" or len(table.rules) > _INLINE_RULES:
        return policy
    columns: list[list[list[Interval] | None]] = []
    for i, local in enumerate(inputs):
        kind = _column_kind(table, i)
        if kind is not None and kind_or_null(w, local) is kind:
            columns.append([_cell_intervals(rule.tests[i].ast, table.constants)
                            for rule in table.rules])
    rules = range(len(table.rules))
    return "FIRST" if all(any(_apart(cells[a], cells[b]) for cells in columns)
                          for a in rules for b in rules if a < b) else policy


def _cell_intervals(node: ast.UnaryTests, constants: dict[str, Any]) -> list[Interval] | None:
    """The intervals a cell accepts (regel.analysis.regions), None where it accepts every
    value or they are not known (a negated cell, a null test, a name of the scope)."""
    try:
        return cell_intervals(node, constants)
    except NotConstant:
        return None


def _apart(a: list[Interval] | None, b: list[Interval] | None) -> bool:
    """Whether no value (of a column whose value is of the one type its cells test, or
    null, which neither accepts) lies in both cells' intervals."""
    if a is None or b is None:
        return False
    try:
        return all(_before(x, y) or _before(y, x) for x in a for y in b)
    except TypeError:   # endpoints of two types: no order to reason with
        return False


def _before(x: Interval, y: Interval) -> bool:
    """Whether interval ``x`` ends before ``y`` begins (they share no value)."""
    hi, hi_in, lo, lo_in = x[2], x[3], y[0], y[1]
    return hi is not None and lo is not None and (hi < lo or hi == lo and not (hi_in and lo_in))


def _no_match(w: Writer, table: DecisionTable) -> str:
    """The value of a table no rule matches (its default outputs, else null), made once
    (the hit policy's resolution also words its explanation); lists and contexts fresh."""
    value = resolve(table, []).value
    if value.__class__ is dict or value.__class__ is list:
        return f"COPIED({w.const(value)})"
    return w.lit(value)


def _quiet_columns(w: Writer, table: DecisionTable, inputs: list[str]) -> dict[int, str]:
    """For each column whose cells all test literals of one type: a local that is True
    when the column's value is of that type, so that none of its cells can warn. A FIRST
    table stops at its first hit, but the reference tests the later rules' cells too, and
    a warning of theirs is the case's (_later_cells)."""
    quiet: dict[int, str] = {}
    for i in range(len(table.inputs)):
        kind = _column_kind(table, i)
        if kind is not None:
            if kind_or_null(w, inputs[i]) is kind:
                quiet[i] = "True"    # known to be of that type (or null: no cell warns)
                continue
            quiet[i] = w.tmp("q")
            w.emit(f"{quiet[i]} = {inputs[i]}.__class__ is {w.const(kind)}")
    return quiet


def _cell_kinds(table: DecisionTable, i: int) -> set[type | None]:
    """The _quiet_type of each cell of column ``i`` that tests something."""
    return {_quiet_type(r.tests[i].ast, table.constants) for r in table.rules
            if not r.tests[i].is_any}


def _column_kind(table: DecisionTable, i: int) -> type | None:
    """The one type every cell of column ``i`` that tests something tests literals of
    (none of them can warn of a value of it, or of null); None where there is no such
    type."""
    kinds = _cell_kinds(table, i)
    return kinds.pop() if len(kinds) == 1 else None


def _quiet_type(node: ast.UnaryTests, constants: dict[str, Any]) -> type | None:
    """The type of value for which a cell cannot warn (its tests compare with literals of
    that type, or are one of the table's ``constants``, a value the cell's name stands
    for), or None."""
    kinds: set[Any] = set()
    for t in node.tests:
        if isinstance(t, ast.UnaryComparison) and t.op in ("<", "<=", ">", ">=", "=", "!="):
            kinds.add(type(literal_value(t.value)))
        elif isinstance(t, ast.RangeLit):
            kinds |= {type(literal_value(t.start)), type(literal_value(t.end))}
        elif isinstance(t, ast.Name) and t.name in constants:
            kinds.add(type(constants[t.name]))
        else:
            kinds.add(type(literal_value(t)))
    found = kinds.pop() if len(kinds) == 1 else None
    return found if found in (Decimal, str, _dt.date, bool) else None


def _later_cells(w: Writer, rule: Any, inputs: list[str], quiet: dict[int, str]) -> None:
    """After a FIRST table's hit: a later rule's cells, for their warnings only, unless
    none of them can warn (each tests a quiet column whose value is of its type)."""
    loud = _later_test(rule, quiet)
    if loud is None:
        return
    with w.block(f"elif {loud}:"):
        opened = len(_open_cells(w, rule, inputs))
        w.emit("pass")
        w.depth -= opened


def _later_test(rule: Any, quiet: dict[int, str]) -> str | None:
    """When a FIRST table's ``rule`` comes after its hit, the test under which its cells
    may warn (_later_cells); None where none can (or it tests nothing)."""
    tested = [i for i, t in enumerate(rule.tests) if not t.is_any]
    if not tested:
        return None
    loud = " or ".join(f"not {quiet[i]}" for i in tested if quiet[i] != "True") \
        if all(i in quiet for i in tested) else "True"
    return loud or None    # "": every cell it tests is of a column of its cells' type


def _traced_table(w: Writer, table: DecisionTable) -> tuple[str, str]:
    """A table as the trace sees it: every rule tested (a FIRST table too), the failed
    column of each, the matches with their outputs as the reference evaluates them (a
    FIRST or UNIQUE table: the first match's only); its value is left to the reference's
    hit policy, so the code gives MISSING for it, or, where it is plain to see (a FIRST or
    UNIQUE table's one deciding match, each output allowed as written: _plain_value), the
    value _plain_outcome would give. A table of up to _INLINE_RULES rules is
    tested rule by rule even where the reference asks its index: a handful of rules cost
    less than a lookup per column, and the trace reads the same (the rules that matched,
    and for each other the first column, in order, that excluded it; where the index can
    answer, no cell can warn). A larger table asks the index, as the reference does."""
    inline = len(table.rules) <= _INLINE_RULES
    if not inline and table.index is None:
        raise Unsupported("table")
    names = {name: w.lit(value) for name, value in table.constants.items()}
    with w.frame(Static(names)):
        inputs = [write_expression(w, c.expression.ast) for c in table.inputs]
        heard = w.tmp("n")
        w.emit(f"{heard} = len(s.warnings)")
        matches, record, value = w.tmp("m"), w.tmp(), w.tmp("o")
        listed = f"[{', '.join(inputs)}]"
        first_only = table.hit_policy in ("FIRST", "UNIQUE")
        plain = value if inline and first_only and all(
            o.allowed is None for o in table.outputs) else None
        w.emit(f"{value} = {_no_match(w, table) if plain else 'MISSING'}")
        if not inline:   # as the reference: the index
            bits = w.tmp("b")
            w.emit(f"{bits} = INDEXED({w.const(table)}, {listed})")
            # the rules' outputs in the scope they see; where each is a literal or one of
            # the table's constants, their values (found once)
            fixed = _constant_outputs(table)
            made = f"INDEXED_MATCHES({w.const(table)}, {bits}, {scope_source(w)})" \
                if fixed is None else f"FIXED_MATCHES({w.const(table)}, {bits}, " \
                f"{w.const(fixed)})"
            with w.block(f"if {bits} is not None:"):
                w.emit(f"{record} = ({listed}, {bits}, {made})")
            w.emit("else:")
            w.depth += 1
        if not inline:   # a large table the index cannot answer for: the reference scans
            w.emit("SLOW()")
            w.depth -= 1
            _rule_warnings(w, table, inputs, heard, None)
            return value, record
        missed = w.tmp("l")
        w.emit(f"{missed}, {matches} = [], []")
        with _narrowed(w, table, inputs):
            stops = _traced_rules(w, table, inputs, missed, matches, plain)
            w.emit(f"{record} = ({listed}, {missed}, {matches}{', True' if stops else ''})")
            # a FIRST or UNIQUE table made the outputs of its first match only
            first = f"{record}[2][0][0].id if {record}[2] else MISSING"
            _rule_warnings(w, table, inputs, heard, first if first_only else None)
    return value, record


def _traced_rules(w: Writer, table: DecisionTable, inputs: list[str], missed: str,
                  matches: str, plain: str | None) -> bool:
    """_traced_table's rules, each as _traced_rule tests it; True where they stop at the
    first match: a FIRST table whose cells read nothing of the scope stops there, as
    untraced, and which later rules match, and why each other does not, is found when
    the trace is read (why_not, of the rules after it)."""
    stops = _first_like(w, table, inputs) == "FIRST" and _closed_cells(w, table) and \
        _later_quiet(w, table, inputs)
    if stops:
        w.emit("while True:")
        w.depth += 1
    for rule in table.rules:
        _traced_rule(w, table, rule, inputs, missed, matches, plain, stops)
    if stops:
        w.emit("break")
        w.depth -= 1
    return stops


def _written_value(table: DecisionTable, node: Any) -> Any:
    """The value of an output cell that is a literal or one of the table's constants (the
    innermost names its outputs see); else MISSING."""
    value = literal_value(node)
    if value is MISSING and isinstance(node, ast.Name):
        value = table.constants.get(node.name, MISSING)
    return value


def _constant_outputs(table: DecisionTable) -> list[tuple[Any, ...]] | None:
    """The outputs of each rule, when each is a literal of a plain value (a number, text,
    truth value, date) or one of the table's constants (the innermost names its outputs
    see); else None."""
    found = []
    for rule in table.rules:
        outs = []
        for o in rule.outputs:
            value = _written_value(table, o.ast)
            if value.__class__ not in PLAIN_VALUES:
                return None
            outs.append(value)
        found.append(tuple(outs))
    return found


def _fixed_matches(table: DecisionTable, bits: int, outputs: list[tuple[Any, ...]]
                   ) -> list[Any]:
    """_indexed_matches of a table whose outputs are constants (_constant_outputs):
    ``outputs`` of each rule, in rule order."""
    matches: list[Any] = []
    later = table.hit_policy in ("FIRST", "UNIQUE")   # (as rule_outputs gives them)
    while bits:
        low = bits & -bits
        at = low.bit_length() - 1
        matches.append((table.rules[at], [None] * len(table.outputs) if later and matches
                        else list(outputs[at])))
        bits ^= low
    return matches


def rule_outputs(table: DecisionTable, rule: Any, cells: Scope, matches: list[Any]
                 ) -> list[Any]:
    """A matched rule's output values; for a FIRST or UNIQUE table only the first match
    can decide (a second UNIQUE match is an error that names the rules), so a later
    match's outputs are not evaluated (null)."""
    if matches and table.hit_policy in ("FIRST", "UNIQUE"):
        return [None] * len(rule.outputs)
    return [o.evaluate_in(cells) for o in rule.outputs]


def _indexed_matches(table: DecisionTable, bits: int, cells: Scope) -> list[Any]:
    """The matches of the rules whose bits are set, in rule order, with their outputs."""
    matches: list[Any] = []
    while bits:
        low = bits & -bits
        rule = table.rules[low.bit_length() - 1]
        matches.append((rule, rule_outputs(table, rule, cells, matches)))
        bits ^= low
    return matches


def _open_cells(w: Writer, rule: Any, inputs: list[str]) -> list[int]:
    """Each cell of a rule that is not '-', in column order, as an ``if`` that holds
    when it matches, each inside the one before; the columns opened (the caller closes
    them, one indent each)."""
    opened: list[int] = []
    for i, test in enumerate(rule.tests):
        if test.is_any:
            continue
        with w.frame(Static({INPUT: inputs[i]})):
            r = write_tests(w, test.ast, inputs[i])
        w.emit(f"if {r} is True:")
        w.depth += 1
        opened.append(i)
    return opened


def _traced_rule(w: Writer, table: DecisionTable, rule: Any, inputs: list[str],
                 missed: str, matches: str, plain: str | None, stops: bool = False) -> None:
    """One rule's cells in column order: on a match, the rule and its outputs among the
    matches (null for a FIRST or UNIQUE table's later matches); else the rule and the
    position of the first column that failed among the ``missed`` (one constant pair:
    the trace makes its lists of them when read, _seen). ``plain``: the local of the
    table's plain value (_traced_table), set by the first match; ``stops``: that match
    leaves the loop of the rules."""
    opened = _open_cells(w, rule, inputs)
    k = w.const(rule)
    first_only = table.hit_policy in ("FIRST", "UNIQUE") and not stops
    if first_only:
        with w.block(f"if {matches}:"):
            w.emit(f"{matches}.append({w.const((rule, [None] * len(rule.outputs)))})")
            if plain and table.hit_policy == "UNIQUE":
                w.emit(f"{plain} = MISSING")   # two matches: the hit policy says what
        w.emit("else:")
        w.depth += 1
    outs = [write_expression(w, o.ast) for o in rule.outputs]
    written = [None if isinstance(o.ast, ast.Null) else _written_value(table, o.ast)
               for o in rule.outputs]
    if all(x.__class__ in PLAIN_VALUES for x in written):   # (made once: no one changes
        w.emit(f"{matches}.append({w.const((rule, written))})")  # a match's outputs)
    else:
        w.emit(f"{matches}.append(({k}, [{', '.join(outs)}]))")
    if plain:
        w.emit(f"{plain} = {_plain_value(w, table, rule, outs)}")
    if stops:
        w.emit("break")
    if first_only:
        w.depth -= 1
    for i in reversed(opened):
        w.depth -= 1
        with w.block("else:"):
            w.emit(f"{missed}.append({w.const((rule, i))})")


def _later_quiet(w: Writer, table: DecisionTable, inputs: list[str]) -> bool:
    """Whether no cell of a rule after the first can warn: each column such a cell tests
    is known to be of the one type its cells test, or null (the reference tests them
    all, and what they warn of is the case's)."""
    later = {i for rule in table.rules[1:] for i, t in enumerate(rule.tests) if not t.is_any}
    return all((kind := _column_kind(table, i)) is not None and
               kind_or_null(w, inputs[i]) is kind for i in later)


def _closed_cells(w: Writer, table: DecisionTable) -> bool:
    """Whether every cell of ``table`` tests its column's value against what it says
    alone: each name in it one of the table's constants or a built-in it calls (no name
    of the scope, no clock), so that testing it again later gives what it gave."""
    if not w.closed:
        return False     # names may come from the scope: they are looked up at run time
    for rule in table.rules:
        for test in rule.tests:
            if test.is_any:
                continue
            called = {id(n.callee) for n in ast.walk(test.ast) if isinstance(n, ast.Call)}
            for n in ast.walk(test.ast):
                if isinstance(n, ast.Name) and n.name not in table.constants and (
                        id(n) not in called or n.name in _CLOCK_CALLS or
                        n.name not in BUILTINS or binds(w, n.name)):
                    return False
    return True


def why_not(kept: dict[Any, Any], table: DecisionTable, inputs: list[Any], after: int
            ) -> tuple[list[Any], list[Any], list[int]]:
    """For a traced FIRST table whose cells are closed (_closed_cells) and that stopped
    at its first match, rule ``after``: its later rules tested with its ``inputs``, the
    ones that match, the others and, for each, the position of the first column whose
    cell does not (as the reference's scan finds them). By a generated function made
    once per table (kept in ``kept``); by the cells' own tests where it cannot tell (a
    value of a type the cells do not test) or uses a budget (then one of its own: what
    the cells warn of was said when the table ran)."""
    fn = kept.get(("why not", id(table)), MISSING)
    if fn is MISSING:
        fn = kept[("why not", id(table))] = _why_not_function(table)
    if fn is not None:
        try:
            return fn(inputs, after)  # type: ignore[no-any-return]
        except Slow:
            pass
    hits: list[Any] = []
    missed: list[Any] = []
    at: list[int] = []
    with budget(DEFAULT_LIMITS):
        cells = Scope(dict(table.constants))
        columns = [cells.child({INPUT: v}) for v in inputs]
        for rule in table.rules[after + 1:]:
            failed = next((i for i, test in rule.checks
                           if test(inputs[i], columns[i]) is not True), -1)
            if failed < 0:
                hits.append(rule)
            else:
                missed.append(rule)
                at.append(failed)
    return hits, missed, at


def _why_not_function(table: DecisionTable) -> Any:
    """why_not's generated function ``fn(inputs, after) -> (hits, missed, at)``: each
    rule's cells after rule ``after`` in column order, as _traced_rule tests them; None
    where it cannot be written, or would spend the budget (a call in a cell: why_not's
    own way then)."""
    w = Writer()
    w.closed = True
    local = [w.tmp("i") for _ in table.inputs]
    w.emit(f"{''.join(x + ', ' for x in local)}= inputs")
    w.emit("s = Scope({})")
    w.emit("hits, missed, at = [], [], []")
    try:
        with w.frame(Static({n: w.lit(v) for n, v in table.constants.items()})), \
                _narrowed(w, table, local):
            for n, rule in enumerate(table.rules[1:], 1):
                with w.block(f"if after < {n}:"):
                    opened = _open_cells(w, rule, local)
                    w.emit(f"hits.append({w.const(rule)})")
                    for i in reversed(opened):
                        w.depth -= 1
                        with w.block("else:"):
                            w.emit(f"missed.append({w.const(rule)})")
                            w.emit(f"at.append({i})")
        w.emit("return hits, missed, at")
        fn = build(w, "def generated(inputs, after):", "why not", SLOW=_raise_slow)
    except (Unsupported, RecursionError):
        return None
    return None if "B_" in fn.source else fn


def _plain_value(w: Writer, table: DecisionTable, rule: Any, outs: list[str]) -> str:
    """Source of a FIRST or UNIQUE table's value when ``rule`` decides it (its outputs in
    ``outs``: the one, or a context of them), as _plain_outcome gives it; MISSING where an
    output allows only some values and the rule's is not a literal (or constant) it allows
    (then _plain_outcome looks)."""
    for o, cell in zip(table.outputs, rule.outputs, strict=True):
        if o.allowed_values is None or isinstance(cell.ast, ast.Null):
            continue
        if _written_value(table, cell.ast) not in o.allowed_values:   # (MISSING: in none)
            return "MISSING"
    if len(outs) == 1:
        return outs[0]
    return "{" + ", ".join(f"{w.lit(o.name)}: {v}" for o, v in zip(table.outputs, outs,
                                                                  strict=True)) + "}"


def _rule(w: Writer, table: DecisionTable, rule: Any, inputs: list[str], hit: str,
          decider: str | None, second: bool = False, stops: bool = False) -> None:
    """One rule's cells, nested in column order; on a match its outputs (``second``: a
    match may be a UNIQUE table's second, which goes to the reference, which names both
    rules). A single-hit table (``decider``: the local its deciding rule's id is kept
    in) keeps one match; ``stops``: the match leaves the loop of the rules."""
    single = decider is not None
    opened = len(_open_cells(w, rule, inputs))
    if second:
        with w.block(f"if {hit} is not MISSING:"):
            w.emit("SLOW()")
    outs = [write_expression(w, o.ast) for o in rule.outputs]
    listed = f"[{', '.join(outs)}]"
    for o, v in zip(table.outputs, outs, strict=True):   # else the reference warns
        if o.allowed is not None:
            w.emit("SLOW()")
        elif o.allowed_values is not None and not _allowed_text(v, o.allowed_values):
            with w.block(f"if {v} is not None and {v} not in {w.const(o.allowed_values)}:"):
                w.emit("SLOW()")
    if single:
        w.emit(f"{decider} = {w.lit(rule.id)}")
        if len(table.outputs) == 1:
            w.emit(f"{hit} = {outs[0]}")
        else:
            pairs = ", ".join(f"{w.lit(o.name)}: {v}"
                              for o, v in zip(table.outputs, outs, strict=True))
            w.emit(f"{hit} = {{{pairs}}}")
        if stops:
            w.emit("break")
    else:
        w.emit(f"{hit}.append(({w.const(rule)}, {listed}))")
    w.depth -= opened


def _allowed_text(v: str, allowed: Any) -> bool:
    """Whether the output written ``v`` is the literal of a text its output allows (as
    Writer.lit writes a text: its repr())."""
    return any(v == repr(a) for a in allowed if isinstance(a, str))


def _indexed_table(w: Writer, table: DecisionTable, inputs: list[str], k: str) -> str:
    """A large UNIQUE or FIRST table: the index gives the matching rules; only the
    deciding rule's outputs are evaluated (by the rule's own compiled expressions), or,
    where every rule's outputs are literals or the table's constants, found (each rule's
    once, with whether its outputs are allowed)."""
    out, bits = w.tmp(), w.tmp("b")
    w.emit(f"{bits} = INDEXED({k}, [{', '.join(inputs)}])")
    with w.block(f"if {bits} is None:"):
        w.emit("SLOW()")
    if table.hit_policy == "UNIQUE":
        with w.block(f"if {bits} & ({bits} - 1):"):
            w.emit("SLOW()")
    with w.block(f"if not {bits}:"):
        w.emit(f"{out} = {_no_match(w, table)}")
    fixed = _constant_outputs(table)
    with w.block("else:"):
        outs, at = w.tmp("o"), f"({bits} & -{bits}).bit_length() - 1"
        if fixed is not None:   # each rule's outputs known: MISSING where not allowed
            known = [o if _allowed(table, list(o)) else MISSING for o in fixed]
            w.emit(f"{outs} = {w.const(known)}[{at}]")
            with w.block(f"if {outs} is MISSING:"):
                w.emit("SLOW()")
        else:
            rule, scope = w.tmp("r"), w.tmp("c")
            w.emit(f"{rule} = {k}.rules[{at}]")
            w.emit(f"{scope} = {_scope_of(w)}")
            w.emit(f"{outs} = [x.evaluate_in({scope}) for x in {rule}.outputs]")
            with w.block(f"if not ALLOWED({k}, {outs}):"):
                w.emit("SLOW()")
        if len(table.outputs) == 1:
            w.emit(f"{out} = {outs}[0]")
        else:
            names = w.lit(tuple(o.name for o in table.outputs))
            w.emit(f"{out} = dict(zip({names}, {outs}))")
    return out


def _scope_of(w: Writer) -> str:
    """Source of the reference's scope at this point (for a rule's compiled outputs)."""
    return scope_source(w)


#: values a memoized function may return (and be given): immutable, hashable
PLAIN_VALUES = frozenset({Decimal, str, bool, _dt.date, type(None)})
#: how many answers a remembered function keeps
MEMO_SIZE = 4096


def is_pure(pack: Pack, did: str, seen: dict[str, bool], functions: bool = False) -> bool:
    """Whether a decision's value is the same in every case of one version: it reads no
    fact, no clock and no as-of date, and only decisions that are pure too. A function
    (a decision with parameters) counts only with ``functions`` (untraced: a traced
    function records its calls in the case's own trace)."""
    if did in seen:
        return seen[did]
    seen[did] = False   # a cycle is not pure
    d = pack.decisions[did]
    ok = not d.inputs and d.version_by is None and d.service is None \
        and (functions or not d.is_function) and not d.output_reads \
        and not d.result_types \
        and all(is_pure(pack, dep, seen, functions) for dep in d.decisions) \
        and not any(_clocked(v) for v in d.versions)
    seen[did] = ok
    return ok


def _clocked(v: Version) -> bool:
    """Whether a version's FEEL reads the clock or the as-of date (today(), now())."""
    logic = v.logic
    nodes = [logic.expression.ast] if isinstance(logic, LiteralExpression) else [
        *(c.expression.ast for c in logic.inputs),
        *(t.ast for r in logic.rules for t in (*r.tests, *r.outputs))]
    return any(isinstance(n, ast.Name) and n.name in ("today", "now")
               for node in nodes for n in ast.walk(node))


def memoized(value: Any) -> Any:
    """A pure decision's value for keeping: a function that remembers its answers to
    plain arguments (a number, a text, a date) when the answer is plain too, the budget
    steps each cost, which a remembered answer spends again, and how deep its calls went,
    which a remembered answer must have room for (so that a budget runs out where the
    reference's does: else the call runs, and stops where the reference stops)."""
    if not isinstance(value, FeelFunction):
        return value
    memo: dict[tuple[Any, ...], tuple[Any, int, int]] = {}
    invoke = value.invoke

    def remembered(args: list[Any], named: dict[str, Any] | None) -> Any:
        if named is None and _KEYED.issuperset(map(type, args)):   # (args_key's common
            key: Any = tuple(args)                                  # case, written out)
        else:
            key = args_key(args) if named is None else None
            if key is None:
                return invoke(args, named)
        b = active()
        found = memo.get(key)
        if found is not None and b.steps + found[1] <= b.limits.steps and \
                b.depth + found[2] <= b.limits.depth:
            b.steps += found[1]   # the steps it cost, spent again
            return found[0]
        before, depth, peak = b.steps, b.depth, b.peak
        b.peak = depth
        try:
            answer = invoke(args, named)
        finally:
            deepest, b.peak = b.peak, max(peak, b.peak)
        if type(answer) in PLAIN_VALUES and len(memo) < MEMO_SIZE:
            memo[key] = (answer, b.steps - before, deepest - depth)
        return answer

    return FeelFunction(value.name, value.params, remembered)


#: in a remembered call's key, before which arguments are booleans
_BOOLEANS = object()
#: the plain values a key holds as they are (a truth value is marked: args_key)
_KEYED = PLAIN_VALUES - {bool}


def args_key(args: list[Any], ids: tuple[int, ...] | None = None
             ) -> tuple[Any, ...] | None:
    """What a remembered call is found by: its plain arguments, and where one is a boolean,
    which ones are (true and 1 are equal in Python, not in FEEL); with ``ids`` (a traced
    call's: the versions in force) those first and each number's written form after (2
    and 2.0 are equal, but a call's record shows what it got). None when an argument is
    not plain. One pass over the arguments: it is on every remembered call's path."""
    if _KEYED.issuperset(map(type, args)):     # (the common case: found at C speed)
        return tuple(args) if ids is None else (ids, *args, *map(str, args))
    written: list[str] | None = [] if ids is not None else None
    booleans = False
    for a in args:
        cls = a.__class__
        if cls is bool:
            booleans = True
        elif cls not in PLAIN_VALUES:
            return None
        elif written is not None and cls is Decimal:
            written.append(str(a))
    key = tuple(args) if written is None else (ids, *args, *written)
    if booleans:
        key += (_BOOLEANS, *[a.__class__ is bool for a in args])
    return key


def copied(value: Any) -> Any:
    """A kept value as a caller receives it: lists and contexts are fresh (a caller may
    change what it is given)."""
    if isinstance(value, list):
        return [copied(v) for v in value]
    if isinstance(value, dict):
        return {k: copied(v) for k, v in value.items()}
    return value


# --------------------------------------------------------------------------- questions

class Bounds:
    """A number input's ``allowed`` tests when each compares with number literals
    (``>= 0``, ``[0..130]``, ``not(0)``): FEEL's test of a finite number is then Python's
    comparisons, without a scope (plain_facts)."""

    __slots__ = ("tests", "negated")

    _OPS: dict[str, Any] = {"<": Decimal.__lt__, "<=": Decimal.__le__, ">": Decimal.__gt__,
                            ">=": Decimal.__ge__, "=": Decimal.__eq__, "!=": Decimal.__ne__}

    def __init__(self, tests: list[tuple[Any, ...]], negated: bool) -> None:
        self.tests = tests
        self.negated = negated

    @classmethod
    def of(cls, allowed: CompiledUnaryTests) -> Bounds | None:
        node = allowed.ast
        if not isinstance(node, ast.UnaryTests) or node.any:
            return None
        tests: list[tuple[Any, ...]] = []
        for t in node.tests:
            if isinstance(t, ast.UnaryComparison) and t.op in cls._OPS and \
                    isinstance(t.value, ast.Number):
                tests.append((cls._OPS[t.op], t.value.value))
            elif isinstance(t, ast.RangeLit) and isinstance(t.start, ast.Number) and \
                    isinstance(t.end, ast.Number):
                tests.append((t.start.value, t.start_included, t.end.value, t.end_included))
            elif isinstance(t, ast.Number):
                tests.append((Decimal.__eq__, t.value))
            else:
                return None
        return cls(tests, node.negated)

    def source(self, w: Writer, local: str) -> str:
        """The test as a Python expression of the number in ``local`` (what calling it
        gives), for a generated function: the comparisons written out, no call."""
        ops = {f: op for op, f in self._OPS.items()}
        parts = []
        for t in self.tests:
            if len(t) == 2:
                parts.append(f"{local} {'==' if ops[t[0]] == '=' else ops[t[0]]} "
                             f"{w.lit(t[1])}")
            else:
                lo, lo_in, hi, hi_in = t
                parts.append(f"{w.lit(lo)} {'<=' if lo_in else '<'} {local} "
                             f"{'<=' if hi_in else '<'} {w.lit(hi)}")
        found = " or ".join(f"({p})" for p in parts) or "False"
        return f"not ({found})" if self.negated else f"({found})"

    def __call__(self, value: Decimal) -> bool:
        found = False
        for t in self.tests:
            if len(t) == 2:
                found = t[0](value, t[1])
            else:
                lo, lo_in, hi, hi_in = t
                found = (lo <= value if lo_in else lo < value) and \
                    (value <= hi if hi_in else value < hi)
            if found:
                break
        return found is not self.negated


def fact_kinds(pack: Pack) -> dict[str, tuple[Any, Any]]:
    """For each input whose facts a question's function checks itself: the Python type
    of its plain values (Decimal for a number) and its allowed values (or None): a
    tuple of values, a number's Bounds, or the ``allowed`` unary tests."""
    kinds = {"date": _dt.date, "string": str, "boolean": bool, "number": Decimal}
    out: dict[str, tuple[Any, Any]] = {}
    for iid, spec in pack.inputs.items():
        if spec.feel_type is None and spec.type in kinds:
            allowed: Any = spec.allowed
            if allowed is not None and spec.type == "number":
                allowed = Bounds.of(allowed) or allowed
            values: Any = spec.allowed_values
            if values is not None and all(v.__class__ is kinds[spec.type] for v in values):
                values = frozenset(values)    # found by hashing (each of the input's type)
            out[iid] = (kinds[spec.type], values if allowed is None else allowed)
        elif spec.feel_type is None and spec.allowed is None and spec.type == "list" \
                and spec.items in ("date", "string", "boolean"):
            out[iid] = (list, (kinds[spec.items], spec.allowed_values))
    return out


def plain_facts(kinds: dict[str, tuple[Any, Any]], raw: Any) -> dict[str, Any] | None:
    """The case's facts as FEEL values when each is plain (a known input, a value of its
    type, allowed); None when one is not: then the reference checks them and says why."""
    if not isinstance(raw, dict):
        return None     # the reference reads other mappings (and says what is wrong)
    facts: dict[str, Any] = {}
    for name, value in raw.items():
        kind = kinds.get(name)
        if kind is None:
            return None
        cls, allowed = kind
        if value.__class__ is cls and (allowed is None or (
                allowed.__class__ is frozenset and value in allowed)) and cls is not Decimal:
            facts[name] = value     # the common case: a date, a text, a truth value
            continue
        if cls is list:
            if value is not None and not _plain_items(value, *allowed):
                return None
            facts[name] = value if value is None else list(value)
            continue
        if value.__class__ is not cls and value is not None:
            if cls is not Decimal or value.__class__ is not int:
                return None
        if cls is Decimal and value is not None:
            value = plain_number(value)
            if value is None:
                return None
        if allowed is not None and value is not None and not (
                allowed(value) if allowed.__class__ is Bounds else
                allowed.test_in(value, Scope({INPUT: value})) is True
                if isinstance(allowed, CompiledUnaryTests) else value in allowed):
            return None
        facts[name] = value
    return facts


def plain_number(value: int | Decimal) -> Decimal | None:
    """A number fact as FEEL's number (rounded to 34 digits) when it is plain; None when
    the reference must look at it: not finite, or written with three decimals (105.000 in
    kroner may be a slip, which the reference says)."""
    try:
        if value.__class__ is Decimal:
            if value.same_quantum(_MILLI):   # its exponent is -3
                return None
            made = FEEL_CONTEXT.plus(value)
        else:
            made = number(value)
    except ArithmeticError:
        return None
    return made if made.is_finite() else None


_MILLI = Decimal("0.001")


def _plain_items(value: Any, cls: type, allowed: Any) -> bool:
    """Whether a list fact's items are each a value of its item type (or null), allowed."""
    if value.__class__ is not list and value.__class__ is not tuple:
        return False
    for item in value:
        if item is None:
            continue
        if item.__class__ is not cls or (allowed is not None and item not in allowed):
            return False
    return True


def _quick_facts(w: Writer, kinds: dict[str, tuple[Any, Any]], reads: list[str],
                 required: set[str], lacking: list[str] | None = None) -> bool:
    """Write, before the question's function, ``QUICK(raw)``: plain_facts for a case that
    gives only facts the question reads, each plain and not null, and every ``required``
    one, checked one by one without a loop; None wherever it is not sure (plain_facts
    decides then). False when some input it reads is not of a kind it checks. The facts
    are ``raw`` copied at once, with the numbers and lists it made its own. With
    ``lacking`` (a list it fills with the optional facts, in order), ``(facts, mask)``:
    bit i of the mask set where the i-th optional fact is not given."""
    lines = ["def QUICK(raw):",
             "    if raw.__class__ is not dict:",
             "        return None",
             # each key of raw must be a fact it reads, given (not null)
             f"    n = len(raw) - {len(required & set(reads))}"]
    if lacking is not None:
        lines.append("    m = 0")
    made: list[tuple[str, str, bool]] = []      # (key, local, optional)
    for iid in reads:
        kind = kinds.get(iid)
        if kind is None:
            return False
        key, optional = w.lit(iid), iid not in required
        local = w.tmp("f") if kind[0] is list or kind[0] is Decimal else ""   # made its own
        if optional and local:
            lines.append(f"    {local} = None")     # (an optional one not given)
        lines.append(f"    f = raw.get({key})")
        if optional:
            lines += ["    if f is not None:", "        n -= 1"]
        if not _quick_fact(w, lines, kind, local, "        " if optional else "    "):
            return False
        if local:
            made.append((key, local, optional))
        if optional and lacking is not None:
            lines += ["    else:", f"        m |= {1 << len(lacking)}"]
            lacking.append(iid)
    lines += ["    if n:", "        return None", "    facts = raw.copy()"]
    for key, local, optional in made:
        if optional:
            lines += [f"    if {local} is not None:", f"        facts[{key}] = {local}"]
        else:
            lines.append(f"    facts[{key}] = {local}")
    lines += ["    return facts, m" if lacking is not None else "    return facts", ""]
    w.prelude += lines
    return True


def _quick_fact(w: Writer, lines: list[str], kind: tuple[Any, Any], local: str, pad: str
                ) -> bool:
    """QUICK's check of one given fact ``f`` of ``kind`` (a number or list made its own
    in ``local``); False when it is not of a kind QUICK checks."""
    cls, allowed = kind
    if cls is list:
        lines += [f"{pad}if f is None or not ITEMS(f, {w.const(allowed[0])}, "
                  f"{w.const(allowed[1])}):", f"{pad}    return None",
                  f"{pad}{local} = list(f)"]
        return True
    if cls is Decimal:   # plain_number, written out
        lines += [f"{pad}try:",
                  f"{pad}    {local} = f = None if f.__class__ is not Decimal or "
                  f"f.same_quantum({w.lit(_MILLI)}) else FEEL_PLUS(f)",
                  f"{pad}except ArithmeticError:", f"{pad}    return None",
                  f"{pad}if f is None or not f.is_finite():", f"{pad}    return None"]
    else:     # (null is not of the class either: a required fact must be there)
        lines += [f"{pad}if f.__class__ is not {w.const(cls)}:", f"{pad}    return None"]
    if allowed.__class__ is Bounds or allowed.__class__ is frozenset:
        test = allowed.source(w, "f") if allowed.__class__ is Bounds \
            else f"f in {w.const(allowed)}"
        lines += [f"{pad}if not {test}:", f"{pad}    return None"]
    elif allowed is not None:
        return False
    return True


def compile_facts(pack: Pack, order: list[str]) -> Any:
    """The facts check of the decisions ``order`` (what a question's function begins
    with), alone: ``fn(raw facts) -> facts or None``, None wherever plain_facts gives None
    or a fact a decision requires is missing."""
    w = Writer()
    _checked_facts(w, pack, order)
    w.emit("return facts")
    return build(w, "def generated(raw):", "facts", PLAIN=plain_facts, NUM=plain_number,
                 ITEMS=_plain_items)


def _checked_facts(w: Writer, pack: Pack, order: list[str],
                   lacking: list[str] | None = None) -> None:
    """Code that makes ``facts`` of ``raw`` (QUICK, else plain_facts) or returns None, as
    _plain_checked does: every fact plain, and every fact a decision requires there.
    With ``lacking`` (filled with the optional facts in order, as _quick_facts does),
    also ``lack``: the mask of those not given, -1 where QUICK did not decide."""
    required = [iid for did in order for iid in pack.decisions[did].inputs
                if iid not in pack.decisions[did].optional]
    kinds = fact_kinds(pack)
    reads = list(dict.fromkeys(iid for did in order for iid in pack.decisions[did].inputs))
    quick = _quick_facts(w, kinds, reads, set(required), lacking)
    if quick and lacking is not None:
        w.emit("got = QUICK(raw)")
        with w.block("if got is not None:"):
            w.emit("facts, lack = got")
        w.emit("else:")
        w.depth += 1
    elif quick:     # (it gives facts only with every required one there)
        w.emit("facts = QUICK(raw)")
        w.emit("if facts is None:")
        w.depth += 1
    if lacking is not None:
        w.emit("lack = -1")
    w.emit(f"facts = PLAIN({w.const(kinds)}, raw)")
    with w.block("if facts is None:"):
        w.emit("return None")
    for iid in dict.fromkeys(required):
        with w.block(f"if facts.get({w.lit(iid)}) is None:"):
            w.emit("return None")
    if quick:
        w.depth -= 1


def compile_question(pack: Pack, order: list[str], targets: list[str], fns: dict[str, Any],
                     hooks: dict[str, Any]) -> Any:
    """A question's function ``fn(raw facts, as_of, budget)``: the facts checked
    (plain_facts), every needed decision's generated function in order, then the
    Evaluation (``EVAL``) of ``targets``, with the warnings of the facts a decision reads
    and the case lacks (``LACKING(facts, lack)``: see _checked_facts). Where a literal
    expression warned, ``(facts, values, heard, lack)``, ``heard`` its FEEL warnings by
    decision id; where a decision's function cannot answer, ``(facts, values, heard,
    lack, at, spent)``: the values before it, its position in the order and the steps
    spent before it. None (nothing spent that counts) wherever the reference must
    answer. ``fns``: each decision's generated function and whether it is pure;
    ``hooks["kept"](did)`` gives the function ``keep(values, as_of, budget)`` of a pure
    decision's value, kept per version; the asked decisions ``hooks["copies"]`` leave as
    copies (COPIED)."""
    w = Writer()
    lacking: list[str] = []
    _checked_facts(w, pack, order, lacking)
    w.emit("values = {}")
    w.emit("heard = []")
    w.emit("s = Scope({})")
    w.emit("LS = b.limits.steps")
    # a decision's value goes into ``values`` once its function and its weight are done:
    # where one fails, the values before it are those in ``values``, and so is its place
    with w.block("try:"):
        at = 0
        while at < len(order):
            pure = 0    # pure decisions that follow each other: their kept values at once
            while at + pure < len(order) and fns[order[at + pure]][1]:
                pure += 1
            if pure > 1:
                _kept_together(w, pack, order[at:at + pure], fns, hooks)
                at += pure
                continue
            _question_step(w, pack.decisions[order[at]], fns[order[at]], hooks["kept"])
            at += 1
    with w.block("except (Slow, RegelError, FeelNull, RecursionError):"):
        w.emit("return facts, values, heard, lack, len(values), spent")
    with w.block("if heard:"):
        w.emit("return facts, values, heard, lack")
    answer = ", ".join(f"{w.lit(did)}: " + (f"COPIED(values[{w.lit(did)}])"
                                           if did in hooks["copies"] else
                                           f"values[{w.lit(did)}]") for did in targets)
    w.emit(f"return EVAL({{{answer}}}, None, as_of, LACKING(facts, lack) if lack else [])")
    return build(w, "def generated(raw, as_of, b):", "question", PLAIN=plain_facts,
                 NUM=plain_number, ITEMS=_plain_items, Slow=Slow, RegelError=RegelError,
                 COPIED=copied, EVAL=hooks["EVAL"], LACKING=hooks["LACKING"](lacking))


def _kept_together(w: Writer, pack: Pack, dids: list[str], fns: dict[str, Any],
                   hooks: dict[str, Any]) -> None:
    """Pure decisions that follow each other in a question: their kept values at once
    (``hooks["kept_together"]``: regel.run.evaluate's _block_keeper), else each its own
    way, and then what they gave shown to the keeper of them all."""
    keep_all, fill = hooks["kept_together"](tuple(dids))
    w.emit("spent = b.steps")
    with w.block(f"if not {w.const(keep_all)}(values, as_of, b):"):
        for did in dids:
            _question_step(w, pack.decisions[did], fns[did], hooks["kept"])
        w.emit(f"{w.const(fill)}(values, as_of)")


def _question_step(w: Writer, d: Decision, fn: tuple[Any, bool], kept: Any) -> None:
    """One decision of a question's function: its value into ``values``, weighed."""
    fn, pure = fn
    did = d.id
    w.emit("spent = b.steps")
    if pure:    # a kept value's weight is part of what its use spends
        w.emit(f"values[{w.lit(did)}] = {w.const(kept(did))}(values, as_of, b)")
        return
    w.emit(f"v = {w.const(fn)}(facts, values, as_of, s, b, True)")
    _weighed(w, *_decision_weight(d, fn))
    w.emit(f"values[{w.lit(did)}] = v")
    with w.block("if s.warnings:"):   # a literal expression's, for the caller
        w.emit(f"heard.append(({w.lit(did)}, s.warnings[:]))")
        w.emit("s.warnings.clear()")


def value_weight(d: Decision) -> int | None:
    """What weighing the value of ``d`` (Budget.weigh) costs, where its tables tell: 0
    where it is never a list or context (each version a FIRST or UNIQUE table of one
    output, each rule's a plain literal or null, and so is its default), 1 where it is
    such a table's context of plain values (one step, where it is a context); None
    where only weighing the value tells."""
    weight = None
    for v in d.versions:
        table = v.logic
        if not _literal_table(table):
            return None
        weight = max(weight or 0, 0 if len(table.outputs) == 1 else 1)
    return weight


def value_shapes(pack: Pack) -> dict[str, Any]:
    """What the tables of each decision tell of its value (_table_shape: each cell a
    plain literal, null, or a part of a date fact), or what the calls of the function it
    gives give (_function_gives), for the code of the decisions that read it: a
    frozenset of the classes its one output may be (NoneType among them: a decision's
    value may be null, by no match or where it failed), or, for several outputs, a dict
    of each output's classes (the value a context of them, or null)."""
    shapes: dict[str, Any] = {}
    kinds = fact_kinds(pack)
    for did, d in pack.decisions.items():
        if d.service is not None or d.is_function or d.result_types or d.output_reads or \
                not d.versions or any(v.tables or _typed(v) for v in d.versions):
            continue
        shape = _table_shape(d, kinds)
        if shape is not None:
            shapes[did] = shape
        elif (gives := _function_gives(d)) is not None:
            shapes[did] = ("function", gives)
    return shapes


def _table_shape(d: Decision, kinds: dict[str, tuple[Any, Any]]) -> Any:
    """value_shapes' of ``d`` where each version is a FIRST or UNIQUE table with the same
    outputs, each cell of which _cell_classes knows, and so is each default; else None."""
    names = {tuple(o.name for o in v.logic.outputs) if isinstance(v.logic, DecisionTable)
             else None for v in d.versions}
    if len(names) != 1 or None in names:
        return None
    found: dict[str, set[type]] = {name: {type(None)} for name in next(iter(names))}  # type: ignore[union-attr]
    for v in d.versions:
        table = v.logic
        assert isinstance(table, DecisionTable)
        if table.hit_policy not in ("FIRST", "UNIQUE"):
            return None
        default = resolve(table, []).value
        for i, o in enumerate(table.outputs):
            for rule in table.rules:
                classes = _cell_classes(d, table, rule.outputs[i].ast, kinds)
                if classes is None:
                    return None
                found[o.name] |= classes
            value = default.get(o.name) if default.__class__ is dict else default
            if value.__class__ not in PLAIN_VALUES:
                return None
            found[o.name].add(value.__class__)
    return {k: frozenset(v) for k, v in found.items()} if len(found) > 1 else \
        frozenset(next(iter(found.values())))


#: the parts of a date that a path gives as a number (FEEL: ``date.year``)
_DATE_PARTS = frozenset({"year", "month", "day"})


def _cell_classes(d: Decision, table: DecisionTable, node: Any,
                  kinds: dict[str, tuple[Any, Any]]) -> set[type] | None:
    """The classes an output cell of ``d``'s ``table`` gives: null's, a plain literal's
    (or one of the table's constants), a number or null for a part of a date fact
    (``application_date.year``, as ``level_year`` gives it); else None."""
    if isinstance(node, ast.Null):
        return {type(None)}
    value = _written_value(table, node)
    if value.__class__ in PLAIN_VALUES:
        return {value.__class__}
    if isinstance(node, ast.Path) and node.key in _DATE_PARTS and \
            isinstance(node.base, ast.Name) and node.base.name in d.inputs and \
            node.base.name not in table.constants and \
            kinds.get(node.base.name, (None,))[0] is _dt.date:
        return {Decimal, type(None)}
    return None


def _function_gives(d: Decision) -> frozenset[type] | None:
    """The classes a call of the function that ``d``'s value is may give (NoneType among
    them), where each version is a function literal whose body tells (result_classes);
    else None."""
    found: set[type] = {type(None)}    # (a value that is no function: the call is null)
    for v in d.versions:
        logic = v.logic
        node = logic.expression.ast if isinstance(logic, LiteralExpression) and \
            logic.type is None else None
        if not isinstance(node, ast.FunctionDef) or node.external or node.param_types:
            return None
        gives = result_classes(node.body, frozenset((*node.params, *d.inputs,
                                                     *d.decisions)))
        if gives is None:
            return None
        found |= gives
    return frozenset(found)


def _shaped(w: Writer, local: str, shape: Any) -> None:
    """What the writer may know of a decision's value in ``local`` (value_shapes)."""
    if isinstance(shape, dict):
        w.contexts[local] = shape
    elif isinstance(shape, tuple):      # ("function", the classes its calls give)
        w.returns[local] = shape[1]
    else:
        known(w, local, shape)


def _literal_table(table: Any) -> TypeGuard[DecisionTable]:
    """Whether ``table`` is a FIRST or UNIQUE table whose every output, in every rule and
    by default, is a plain literal (or one of the table's constants) or null."""
    if not isinstance(table, DecisionTable) or table.hit_policy not in ("FIRST", "UNIQUE"):
        return False
    for rule in table.rules:
        for cell in rule.outputs:
            if not isinstance(cell.ast, ast.Null) and \
                    _written_value(table, cell.ast).__class__ not in PLAIN_VALUES:
                return False
    default = resolve(table, []).value
    return all(x.__class__ in PLAIN_VALUES for x in (
        default.values() if default.__class__ is dict else [default]))


def _outcome_test(w: Writer, d: Decision, shapes: list[Any]) -> str:
    """compile_traced_question's test of a plain decision's outcome ``r`` for one _step
    must take: it warned, its value is not plain to see (MISSING: _traced_table) or a
    function (which remembers its calls: _traced_found). Where the decision's tables
    tell, less: a small FIRST table of literals each its output allows (_plain_value)
    always gives one of them, and a UNIQUE one does too, but for two matches (MISSING);
    a literal expression's outcome is always plain to see."""
    tables = [v.logic for v in d.versions]
    plain = [t for t in tables if _literal_table(t) and len(t.rules) <= _INLINE_RULES and all(
        o.allowed is None for o in t.outputs) and all(
        o.allowed_values is None or isinstance(c.ast, ast.Null) or
        _written_value(t, c.ast) in o.allowed_values
        for r in t.rules for o, c in zip(t.outputs, r.outputs, strict=True))]
    if len(plain) == len(tables):
        return "said" if all(t.hit_policy == "FIRST" for t in plain) else \
            "said or v is MISSING"
    test = "said or v is MISSING"
    if all(isinstance(t, DecisionTable) for t in tables):
        return test + " or v.__class__ is FeelFunction"
    literal = frozenset(i for i, shape in enumerate(shapes) if shape is True)
    if len(literal) == len(shapes):
        return test
    return test + f" or (table is None and index not in {w.const(literal)})"


def _decision_weight(d: Decision, fn: Any) -> tuple[int | None, bool]:
    """What weighing the value of ``d`` that its generated function ``fn`` gives costs:
    what its code knows (``fn.weight``: a context it made, always; exact), else what its
    tables tell (value_weight)."""
    known = getattr(fn, "weight", None)
    return (value_weight(d), False) if known is None else (known, True)


def _weighed(w: Writer, weight: int | None, exact: bool = False) -> None:
    """The question's code weighing ``v``, a decision's value of the ``weight``
    value_weight found (``exact``: _decision_weight's, the value always that context)."""
    if exact:
        if weight:
            _spent(w, weight)
    elif weight == 1:
        with w.block("if v.__class__ is dict:"):
            _spent(w, 1)
    elif weight is None:
        with w.block("if v.__class__ is dict or v.__class__ is list:"):
            w.emit("b.weigh(v, None)")


def _spent(w: Writer, steps: int) -> None:
    """A question's code spending ``steps`` of the budget ``b`` (Budget.spend, written
    out: ``LS``, the steps it allows, is read where the question begins)."""
    w.emit(f"b.steps += {steps}")
    with w.block("if b.steps > LS:"):
        w.emit("b.spend(0, None)")


#: the header of a plain function a generated function makes (codegen's _plain_function)
_PLAIN_DEF = re.compile(r"\bdef f\d+\(B_, LS_[,)]")
#: a loop's values found with the scope to warn into (codegen's _w_for)
_ITER_SCOPE = re.compile(r"(\bITER\([^\n]*), s\)")
#: a use of a generated function's scope ``s`` other than warning into it
_SCOPE_KEPT = re.compile(r"\bs\b(?!\.warn\(|\.warnings\b)")


def _warns_only(fn: Any) -> bool:
    """Whether a decision's traced generated function uses its scope only to warn into
    it (nothing it makes, a function, a nested scope, can keep the scope after it
    returns): then a traced question lends it its own scope, while it holds no warning,
    instead of the function making one."""
    body = source_of(fn).split("def generated(", 1)[1].split("\n", 1)[1]
    body = body.replace("    if s is None:\n        s = Scope({})\n", "", 1)
    # a plain function of its own (codegen's _plain_function) is only ever called in
    # it, by its name: it cannot keep the scope after it returns; a FEEL function can.
    # A loop's values (ITER) warn into it as they are found, in the loop.
    body = _ITER_SCOPE.sub(r"\1)", _PLAIN_DEF.sub("", body))
    return "def " not in body and _SCOPE_KEPT.search(body) is None


def _traced_not_plain(w: Writer, d: Decision, entry: tuple[Any, ...] | None, key: str,
                      kept: Any, made: Any) -> None:
    """compile_traced_question's code for a decision that is not plain: a function (its
    calls are the reference's) made as _decision makes it (by ``made``, what the
    question's ``function_maker`` made for it); a pure decision's value and record kept
    for its version, where they are (``kept``: what its ``again`` made); else _step's
    way."""
    if made is not None:
        w.emit(f"values[{key}] = {w.const(made)}(facts, values, as_of, recorder, warnings)")
        return
    pure = entry is not None and entry[1]
    if pure:
        w.emit(f"v = {w.const(kept)}(as_of, recorder, b)")
        with w.block("if v is not MISSING:"):
            w.emit(f"values[{key}] = v")
        w.emit("else:")
        w.depth += 1
    w.emit(f"STEP(PACK, TRACED, {key}, facts, values, as_of, recorder, warnings, b, "
           "NOT_RUN)")
    if pure:
        w.depth -= 1


def _traced_call(w: Writer, entry: tuple[Any, ...], key: str) -> bool:
    """compile_traced_question's call of a plain decision's traced function, ``r`` what
    it found; where it failed, _step's way (the budget as before); then an ``else:``
    opened for _traced_outcome. A function that only warns into its scope is lent the
    question's one (True), and a new one follows a decision that warned or failed."""
    shared = _warns_only(entry[0])
    w.emit("spent = b.steps")
    with w.block("try:"):
        w.emit(f"r = {w.const(entry[0])}(facts, values, as_of, {'s' if shared else 'None'}, "
               "b, True)")
    with w.block("except (Slow, RegelError, FeelNull, RecursionError):"):
        w.emit("b.steps = spent")
        if shared:      # (what it warned of before it failed is not the next one's)
            w.emit("s = Scope({})")
        w.emit(f"STEP(PACK, TRACED, {key}, facts, values, as_of, recorder, warnings, b, "
               "None, spent)")
    w.emit("else:")    # (try's: what the outcome's code raises is its own)
    w.depth += 1
    return shared


def _traced_outcome(w: Writer, d: Decision, entry: tuple[Any, ...], key: str,
                    given: set[str], shared: bool, makers: dict[str, Any],
                    fill: Any = None) -> None:
    """compile_traced_question's code for one plain decision whose traced function gave
    ``r``: where the outcome is plain to see, its warnings for the facts it lacks (of
    those the facts check has not made sure of), its record left for later (by the
    maker ``makers[...](entry)`` gives, of the facts, the values and ``r``), its
    weight, its value; else _step takes ``r``."""
    w.emit("index, chosen, v, table, said = r")
    tables = {isinstance(v.logic, DecisionTable) for v in d.versions}
    with w.block(f"if {_outcome_test(w, d, entry[4])}:"):
        if shared:     # its warnings stay in its outcome: the next one starts anew
            with w.block("if said:"):
                w.emit("s = Scope({})")
        w.emit(f"STEP(PACK, TRACED, {key}, facts, values, as_of, recorder, warnings, b, r, "
               "spent)")
    if tables != {True}:    # a function it gives remembers its calls (_traced_found)
        with w.block("elif v.__class__ is FeelFunction and (v := "
                     f"{w.const(makers['remembering'](d))}(v, recorder, warnings, as_of)) "
                     "is MISSING:"):
            w.emit("b.steps = spent")
            w.emit(f"STEP(PACK, TRACED, {key}, facts, values, as_of, recorder, warnings, b, "
                   "None, spent)")
    with w.block("else:"):
        if tables != {True}:
            with w.block("if v is not r[2]:"):
                w.emit("r = (index, chosen, v, table, said)")
        for iid, tw in entry[5]:    # (as _begin warns)
            if iid not in given:
                with w.block(f"if {w.lit(iid)} not in facts:"):
                    w.emit(f"warnings.append({w.const(tw)})")
        def left(kind: str) -> str:    # the record left for later, by its maker
            return f"append(({w.const(makers[kind](entry))}, facts, values, r))"
        if len(tables) == 2:
            with w.block("if table is None:"):
                w.emit(left("made"))
            with w.block("else:"):
                w.emit(left("made_plain"))
        else:
            w.emit(left("made_plain" if tables == {True} else "made"))
        weight, exact = _decision_weight(d, entry[0])
        if weight != 0:
            with w.block("try:"):
                _weighed(w, weight, exact)
            with w.block("except LimitError as err:"):
                w.emit(f"raise IN_DECISION(err, {key}) from None")
        if fill is not None:   # what the function's definition cost, and how it went
            w.emit(f"{w.const(fill)}(as_of, r, b.steps - spent)")
        w.emit(f"values[{key}] = v")


def compile_traced_question(pack: Pack, order: list[str], entries: dict[str, Any],
                            targets: list[str], hooks: dict[str, Any]) -> Any:
    """A traced question's facts checked (as compile_facts checks them) and its decisions
    in order, as regel.run.evaluate's _decide takes them with a Recorder, written out:
    ``fn(raw facts, values, as_of, budget, recorder, warnings, pack, traced)``, the
    Evaluation (EVAL) of ``targets`` with its trace (TRACE), or None (nothing done) where
    the facts are not plain; None where it cannot be written.

    Each plain decision (``entries[did]``: its traced function's entry, neither pure nor
    a function) runs its traced generated function here; where the outcome is plain to
    see (no warning, a value found) its warnings for missing facts, its record left for
    later, its weight and its value are written here too, a function it gives made to
    remember its calls. A decision with parameters is made at once, as _decision makes
    it; a pure decision's value and record, kept for its version, are found directly.
    Anything else goes to _step, with what the function gave.

    ``hooks``, regel.run.evaluate's: STEP (_step), NOT_RUN, IN_DECISION, EVAL, TRACE
    (``trace(raw, recorder, result, as_of)``), ``made(entry)`` and ``made_plain(entry)``
    (the maker of a record made later, of what a decision's function found),
    ``remembering(decision)`` (the maker of a function value that remembers its calls:
    MISSING where it cannot), and the makers ``function_maker(pack, decision)`` and
    ``again(pack, entries, entry)``."""
    w = Writer()
    _checked_facts(w, pack, order)
    w.emit("append = recorder.decisions.append")
    w.emit("s = Scope({})")
    w.emit("LS = b.limits.steps")
    given = {iid for did in order for iid in pack.decisions[did].inputs    # (checked there)
             if iid not in pack.decisions[did].optional}
    for did in order:
        entry, key, d = entries.get(did), w.lit(did), pack.decisions[did]
        if entry is None or not entry[6]:
            function = entry is None and d.is_function and d.service is None and \
                not d.output_reads
            _traced_not_plain(w, d, entry, key, hooks["again"](pack, entries, entry)
                              if entry is not None and entry[1] else None,
                              hooks["function_maker"](pack, d) if function else None)
            continue
        lazy = hooks["lazy"](d, entry)
        if lazy is not None:    # a function defined once a period has shown how
            w.emit(f"r = {w.const(lazy[0])}(facts, values, as_of, recorder, warnings)")
            with w.block("if r is not None:"):
                w.emit(f"append(({w.const(hooks['made'](entry))}, facts, values, r))")
                w.emit(f"values[{key}] = r[2]")
            w.emit("else:")
            w.depth += 1
        _traced_outcome(w, d, entry, key, given, _traced_call(w, entry, key), hooks,
                        lazy[1] if lazy is not None else None)
        w.depth -= 1 if lazy is None else 2
    w.emit("result = {" + ", ".join(f"{w.lit(did)}: values[{w.lit(did)}]" for did in targets)
           + "}")
    w.emit("return EVAL(result, TRACE(raw, recorder, result, as_of), as_of, warnings)")
    try:
        names = {k: v for k, v in hooks.items() if k.isupper()}
        return build(w, "def generated(raw, values, as_of, b, recorder, warnings, PACK, "
                     "TRACED):", "traced question", Slow=Slow, RegelError=RegelError,
                     LimitError=LimitError, PLAIN=plain_facts, NUM=plain_number,
                     ITEMS=_plain_items, **names)
    except (Unsupported, RecursionError):   # (very many decisions): _decide takes them
        return None
