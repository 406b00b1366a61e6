"""Region arithmetic of decision table cells: the values a constant cell accepts as a
union of intervals over one domain, and the elementary regions that a column's
endpoints (or its finite list of values) cut that domain into, each with a value
inside it to show as a witness. The table index, ``regel check`` and ``regel diff``
all reason with these.
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_left
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from regel.feel import ast
from regel.feel.temporal import parse_date, parse_duration
from regel.feel.values import DaysTimeDuration, YearsMonthsDuration

__all__ = ["Interval", "Stretch", "NotConstant", "INDEXABLE", "NO_VALUE", "ANY_VALUE",
           "constant_value", "constant_intervals", "cell_intervals", "contains", "Column",
           "stretches", "region_bits", "bitset"]

#: the types whose values have one total order, so that a column of them can be cut
INDEXABLE = (Decimal, str, _dt.date, bool)

# an interval: (low, low_included, high, high_included); None ends are unbounded
Interval = tuple[Any, bool, Any, bool]
# a stretch of elementary regions: (first, last), both included
Stretch = tuple[int, int]


class NotConstant(Exception):
    """A cell test that is not a constant, so neither indexable nor analysable."""


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: what ``Column.representative`` gives for a region that holds no value (the open
#: region between two consecutive days, say)
NO_VALUE: Any = _Marker("NO_VALUE")
#: what it gives for a column of unknown kind, where any value will do
ANY_VALUE: Any = _Marker("ANY_VALUE")

_ORDERED_TEMPORAL = (_dt.date, DaysTimeDuration, YearsMonthsDuration)
# date("...") and duration("...") with one text argument are constants too
_TEMPORAL_CALLS = {"date": parse_date, "duration": parse_duration}
_COMPARISONS = {"<": lambda v: (None, False, v, False), "<=": lambda v: (None, False, v, True),
                ">": lambda v: (v, False, None, False), ">=": lambda v: (v, True, None, False),
                "=": lambda v: (v, True, v, True)}


# --------------------------------------------------------------------------- cells

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


def contains(interval: Interval, value: Any) -> bool:
    """Whether ``value`` lies inside ``interval``."""
    lo, lo_in, hi, hi_in = interval
    return ((lo is None or lo < value or (lo == value and lo_in))
            and (hi is None or value < hi or (value == hi and hi_in)))


# --------------------------------------------------------------------------- columns

class Column:
    """One column's domain cut into elementary regions, numbered from 0.

    For an ordered domain with sorted distinct endpoints ``points`` p0 < p1 < ... the
    regions are (-inf, p0), p0, (p0, p1), p1, ..., (pn, +inf): region 2k is the open
    stretch just below pk, region 2k + 1 the point pk. For a finite domain (``finite``:
    allowed values, booleans) region k is the k-th value. A column of unknown ``kind``
    (None) is one region that any value falls in.
    """

    def __init__(self, kind: type | None, points: list[Any],
                 finite: list[Any] | None = None) -> None:
        self.kind = kind
        self.points = points
        self.finite = finite
        self.size = len(finite) if finite is not None else (
            2 * len(points) + 1 if kind is not None else 1)
        self._reps: dict[int, Any] = {}

    # -- what cells accept

    def spans(self, intervals: list[Interval] | None) -> list[Stretch]:
        """The regions ``intervals`` accept (None: '-', every region), as sorted merged
        spans. Interval ends must be among the column's points (ordered domains)."""
        if intervals is None:
            return [(0, self.size - 1)]
        if self.finite is not None:
            return _merged((i, i) for i, v in enumerate(self.finite)
                           if any(contains(iv, v) for iv in intervals))
        return _merged(span for iv in intervals if (span := self._span(iv)) is not None)

    def spans_outside(self, intervals: list[Interval]) -> list[Stretch]:
        """The regions ``intervals`` do not accept (what ``not(...)`` of them accepts)."""
        out: list[Stretch] = []
        start = 0
        for a, b in self.spans(intervals):
            if start < a:
                out.append((start, a - 1))
            start = b + 1
        if start < self.size:
            out.append((start, self.size - 1))
        return out

    def _span(self, interval: Interval) -> Stretch | None:
        lo, lo_in, hi, hi_in = interval
        a = 0 if lo is None else 2 * bisect_left(self.points, lo) + (1 if lo_in else 2)
        b = self.size - 1 if hi is None else 2 * bisect_left(self.points, hi) + (
            1 if hi_in else 0)
        return (a, b) if a <= b else None

    def rule_bits(self, cells: list[list[Interval] | None]) -> list[int]:
        """For every region, the bitset of the cells (bit i: ``cells[i]``) accepting it."""
        return region_bits(self.size, [self.spans(ivs) for ivs in cells])

    def interval(self, first: int, last: int) -> Interval:
        """The interval that regions ``first`` to ``last`` of an ordered domain make up."""
        pts = self.points
        lo = None if first == 0 else pts[(first - 1) // 2]
        hi = None if last == self.size - 1 else pts[last // 2]
        return lo, first % 2 == 1, hi, last % 2 == 1

    # -- witnesses

    def representative(self, r: int) -> Any:
        """A value inside region ``r``: the point or allowed value itself, else a value a
        person would write (a whole number, the next day, ...); NO_VALUE when the region
        holds none, ANY_VALUE for a column of unknown kind."""
        if r not in self._reps:
            self._reps[r] = self._representative(r)
        return self._reps[r]

    def _representative(self, r: int) -> Any:
        if self.finite is not None:
            return self.finite[r]
        if self.kind is None:
            return ANY_VALUE
        if r % 2 == 1:
            return self.points[r // 2]
        k = r // 2
        lo = self.points[k - 1] if k > 0 else None
        hi = self.points[k] if k < len(self.points) else None
        between = _BETWEEN.get(self.kind)
        return between(lo, hi) if between is not None else NO_VALUE

    def first_value(self, first: int, last: int) -> tuple[int, Any] | None:
        """A region in ``first..last`` holding a value, points first: (region, value)."""
        for r in range(first, last + 1):
            if self.finite is not None or r % 2 == 1 or self.kind is None:
                return r, self.representative(r)
        for r in range(first, last + 1):
            v = self.representative(r)
            if v is not NO_VALUE:
                return r, v
        return None

    def default_value(self) -> Any:
        """Some value of the domain, for columns that do not matter to a finding."""
        found = self.first_value(0, self.size - 1)
        return found[1] if found else ANY_VALUE


def _merged(spans: Iterable[Stretch]) -> list[Stretch]:
    out: list[Stretch] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def stretches(size: int, spans: Iterable[tuple[int, list[Stretch]]], full: bool = False
              ) -> list[tuple[int, int, int]]:
    """Regions ``0..size-1`` cut by the spans of some rules (``(rule position, spans)``): a
    ``(first, last, bits)`` for each stretch where the same rules accept (bit i: the rule
    at position i), in order. With ``full``, stretches that no rule accepts are included
    (bits 0). The sorted ends are swept once; the rules starting or ending at one end are
    put into bits as runs of neighbours, not one by one."""
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for i, rule_spans in spans:
        for lo, hi in rule_spans:
            starts.setdefault(lo, []).append(i)
            if hi + 1 < size:
                ends.setdefault(hi + 1, []).append(i)
    positions = sorted(starts.keys() | ends.keys())
    if full and (not positions or positions[0] != 0):
        positions.insert(0, 0)
    out: list[tuple[int, int, int]] = []
    current = 0
    for k, p in enumerate(positions):
        if p in ends:
            current &= ~bitset(ends[p])
        if p in starts:
            current |= bitset(starts[p])
        end = positions[k + 1] - 1 if k + 1 < len(positions) else size - 1
        if current or full:
            out.append((p, end, current))
    return out


def bitset(positions: list[int]) -> int:
    """The bitset of rule ``positions`` (ascending, at least one), each run of neighbours
    put in at once."""
    out = 0
    start = prev = positions[0]
    for i in positions[1:]:
        if i != prev + 1:
            out |= ((1 << (prev - start + 1)) - 1) << start
            start = i
        prev = i
    return out | ((1 << (prev - start + 1)) - 1) << start


def region_bits(size: int, spans_by_rule: list[list[Stretch]]) -> list[int]:
    """For every region ``0..size-1``, the bitset of the rules (bit i: rule i) whose
    spans contain it."""
    out = [0] * size
    for first, last, bits in stretches(size, enumerate(spans_by_rule)):
        out[first:last + 1] = [bits] * (last - first + 1)
    return out


# --------------------------------------------------------------------------- values between

def _number_between(lo: Decimal | None, hi: Decimal | None) -> Decimal:
    if lo is None:
        return Decimal(0) if hi is None else hi - 1
    if hi is None:
        return lo + 1
    if hi - lo > 1:
        # a whole number inside when there is one: easier to read
        whole = lo.to_integral_value(rounding="ROUND_FLOOR") + 1
        if whole < hi:
            return whole
    return (lo + hi) / 2


def _date_between(lo: _dt.date | None, hi: _dt.date | None) -> Any:
    day = _dt.timedelta(days=1)
    if lo is None:
        return _dt.date(2000, 1, 1) if hi is None else hi - day
    if hi is None:
        return lo + day
    return lo + day if lo + day < hi else NO_VALUE


def _days_between(lo: DaysTimeDuration | None, hi: DaysTimeDuration | None) -> Any:
    # whole days: the smallest step a person writes; else halfway
    day = 86400
    if lo is None:
        return DaysTimeDuration(Decimal(0) if hi is None else hi.seconds - day)
    if hi is None:
        return DaysTimeDuration(lo.seconds + day)
    if hi.seconds - lo.seconds > day:
        return DaysTimeDuration(lo.seconds + day)
    return DaysTimeDuration((lo.seconds + hi.seconds) / 2)


def _months_between(lo: YearsMonthsDuration | None, hi: YearsMonthsDuration | None) -> Any:
    if lo is None:
        return YearsMonthsDuration(0 if hi is None else hi.months - 1)
    if hi is None or hi.months - lo.months > 1:
        return YearsMonthsDuration(lo.months + 1)
    return NO_VALUE     # consecutive months: nothing between


def _text_between(lo: str | None, hi: str | None) -> Any:
    if lo is None:
        if hi is None:
            return "other"
        return "" if hi != "" else NO_VALUE
    for cand in (lo + "~", lo + "a", lo + "0", lo + " ", lo + "\x00"):
        if hi is None or cand < hi:
            return cand
    return NO_VALUE


_BETWEEN: dict[type, Any] = {Decimal: _number_between, _dt.date: _date_between,
                             DaysTimeDuration: _days_between,
                             YearsMonthsDuration: _months_between, str: _text_between}
