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


def _constant(node: ast.Node | None, constants: dict[str, str]) -> Any:
    if isinstance(node, (ast.Number, ast.String, ast.Boolean)):
        return node.value
    if isinstance(node, ast.Temporal) and type(node.value) is _dt.date:
        return node.value
    if isinstance(node, ast.Name) and node.name in constants:
        return constants[node.name]
    raise _NotIndexable


class _NotIndexable(Exception):
    pass


def _intervals(tests: ast.UnaryTests, constants: dict[str, str]) -> list[Interval] | None:
    """The intervals a cell accepts; None for '-' (everything)."""
    if tests.any:
        return None
    if tests.negated:
        raise _NotIndexable
    out: list[Interval] = []
    for t in tests.tests:
        if isinstance(t, ast.RangeLit):
            out.append((_constant(t.start, constants), t.start_included,
                        _constant(t.end, constants), t.end_included))
        elif isinstance(t, ast.UnaryComparison):
            v = _constant(t.value, constants)
            out.append({"<": (None, False, v, False), "<=": (None, False, v, True),
                        ">": (v, False, None, False), ">=": (v, True, None, False),
                        "=": (v, True, v, True)}.get(t.op) or _refuse())
        else:
            v = _constant(t, constants)
            out.append((v, True, v, True))
    return out


def _refuse() -> Interval:
    raise _NotIndexable


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
        per_rule = [_intervals(c, constants) for c in cells]
    except _NotIndexable:
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
