"""An index of a decision table's rules by input column, so that evaluation does not test
every cell of every rule.

For a column whose cells are all constant tests (``-``, ``< 18``, ``[1..5)``, ``"a", "b"``,
a bare allowed value, a date), the values a cell accepts form a union of intervals over one
ordered domain. The column's distinct endpoints cut that domain into elementary regions
(below the first endpoint, the endpoint itself, between two endpoints, ...); each region
holds a bitset (a Python int) of the rules whose cell accepts it. Looking up an input is a
binary search and an AND of integers.

A value of another type than the column's constants, or null, is not looked up: the
evaluator then runs that column's cells as usual, so results and warnings are exactly those
of the unindexed path. A column with any other kind of cell (a negation, an expression with
``?``, a name of another input) is simply not indexed.
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from engine.feel import ast
from engine.feel.temporal import parse_date, parse_duration
from engine.feel.values import DaysTimeDuration, YearsMonthsDuration

__all__ = ["ColumnIndex", "build_index"]

_INDEXABLE = (Decimal, str, _dt.date, bool)

# an interval: (low, low_included, high, high_included); None ends are unbounded
Interval = tuple[Any, bool, Any, bool]


@dataclass(slots=True)
class ColumnIndex:
    column: int                 # the input clause's position
    type: type                  # the exact type every constant has
    points: list[Any]           # sorted distinct endpoints
    regions: list[int]          # 2 * len(points) + 1 bitsets of rule positions

    def lookup(self, value: Any) -> int | None:
        """The rules whose cell in this column accepts ``value``; None: not indexable."""
        if type(value) is not self.type:
            return None
        i = bisect_left(self.points, value)
        if i < len(self.points) and self.points[i] == value:
            return self.regions[2 * i + 1]
        return self.regions[2 * i]


class NotConstant(Exception):
    """A cell test that is not a constant, so neither indexable nor analysable."""


_ORDERED_TEMPORAL = (_dt.date, DaysTimeDuration, YearsMonthsDuration)
# date("...") and duration("...") with one text argument are constants too
_TEMPORAL_CALLS = {"date": parse_date, "duration": parse_duration}
_COMPARISONS = {"<": lambda v: (None, False, v, False), "<=": lambda v: (None, False, v, True),
                ">": lambda v: (v, False, None, False), ">=": lambda v: (v, True, None, False),
                "=": lambda v: (v, True, v, True)}


def constant_value(node: ast.Node | None, constants: dict[str, str]) -> Any:
    """The value of a constant endpoint in a cell: a literal, a negative number, a date or
    duration literal or ``date("...")``/``duration("...")`` call, or a bare allowed value
    (``constants``); NotConstant otherwise."""
    if isinstance(node, (ast.Number, ast.String, ast.Boolean)):
        return node.value
    if isinstance(node, ast.Temporal) and type(node.value) in _ORDERED_TEMPORAL:
        return node.value
    if (isinstance(node, ast.Call) and isinstance(node.callee, ast.Name)
            and node.callee.name in _TEMPORAL_CALLS and not node.named
            and len(node.args) == 1 and isinstance(node.args[0], ast.String)):
        try:
            value = _TEMPORAL_CALLS[node.callee.name](node.args[0].value)
        except Exception:   # an invalid literal: the loader or the run reports it
            raise NotConstant from None
        if type(value) in _ORDERED_TEMPORAL:
            return value
    if isinstance(node, ast.Name) and node.name in constants:
        return constants[node.name]
    if isinstance(node, ast.Negate) and isinstance(node.operand, ast.Number):
        return -node.operand.value
    raise NotConstant


def constant_intervals(tests: ast.UnaryTests, constants: dict[str, str]) -> list[Interval]:
    """The intervals the cell's tests accept, leaving aside '-' and ``not(...)`` (the
    caller's concern) and ``null`` tests (null lies outside every ordered domain);
    NotConstant when a test is not a constant comparison, range or literal."""
    out: list[Interval] = []
    for t in tests.tests:
        if isinstance(t, ast.Null):
            continue
        if isinstance(t, ast.RangeLit):
            if t.start is None or t.end is None:
                raise NotConstant
            out.append((constant_value(t.start, constants), t.start_included,
                        constant_value(t.end, constants), t.end_included))
        elif isinstance(t, ast.UnaryComparison):
            if t.op not in _COMPARISONS:
                raise NotConstant
            out.append(_COMPARISONS[t.op](constant_value(t.value, constants)))
        else:
            v = constant_value(t, constants)
            out.append((v, True, v, True))
    return out


def cell_intervals(tests: ast.UnaryTests, constants: dict[str, str]) -> list[Interval] | None:
    """The intervals a cell accepts, exactly; None for '-' (everything). A negated cell or
    one that tests for null raises NotConstant: its matches are not a set of intervals."""
    if tests.any:
        return None
    if tests.negated or any(isinstance(t, ast.Null) for t in tests.tests):
        raise NotConstant
    return constant_intervals(tests, constants)


def _accepts(interval: Interval, region: tuple[Any, Any, bool]) -> bool:
    """Whether ``interval`` contains the region ``(low, high, is_point)``: a point region
    is the single value low == high; an open region lies strictly between low and high."""
    lo, lo_in, hi, hi_in = interval
    r_lo, r_hi, point = region
    if point:
        v = r_lo
        return ((lo is None or lo < v or (lo == v and lo_in))
                and (hi is None or v < hi or (v == hi and hi_in)))
    # an open region (r_lo, r_hi): inside the interval iff the interval covers it wholly,
    # which, as endpoints are region boundaries, means lo <= r_lo and r_hi <= hi
    return ((lo is None or (r_lo is not None and lo <= r_lo))
            and (hi is None or (r_hi is not None and r_hi <= hi)))


def _column(column: int, cells: list[ast.UnaryTests], constants: dict[str, str]
            ) -> ColumnIndex | None:
    try:
        per_rule = [cell_intervals(c, constants) for c in cells]
    except NotConstant:
        return None
    values = {v for ivs in per_rule if ivs for lo, _, hi, _ in ivs for v in (lo, hi)
              if v is not None}
    types = {type(v) for v in values}
    if len(types) != 1 or next(iter(types)) not in _INDEXABLE:
        return None  # nothing to index on, or constants of mixed kinds
    points = sorted(values)
    bounds = [None, *points, None]
    regions_spec = []
    for i in range(len(points) + 1):
        regions_spec.append((bounds[i], bounds[i + 1], False))   # open region before point i
        if i < len(points):
            regions_spec.append((points[i], points[i], True))    # the point itself
    regions = []
    for spec in regions_spec:
        bits = 0
        for rule_pos, ivs in enumerate(per_rule):
            if ivs is None or any(_accepts(iv, spec) for iv in ivs):
                bits |= 1 << rule_pos
        regions.append(bits)
    return ColumnIndex(column, next(iter(types)), points, regions)


def build_index(cells_by_rule: list[list[ast.UnaryTests]], constants: dict[str, str],
                columns: int, min_rules: int = 8) -> list[ColumnIndex] | None:
    """Indexes for every column of a table that tests anything, or None when a column
    cannot be indexed (or the table is small enough that a scan is as cheap). With every
    testing column indexed, the rules that match are exactly the AND of the lookups."""
    if len(cells_by_rule) < min_rules:
        return None
    out = []
    for c in range(columns):
        cells = [rule[c] for rule in cells_by_rule]
        if all(cell.any for cell in cells):
            continue  # a column of '-' only excludes nothing
        idx = _column(c, cells, constants)
        if idx is None:
            return None
        out.append(idx)
    return out
