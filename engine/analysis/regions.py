"""Region arithmetic of decision table cells: the values a constant cell accepts as a
union of intervals over one ordered domain, and the elementary regions that the
endpoints of a column cut that domain into. The table index, ``regel check`` and
``regel diff`` all reason with these.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

from regel.feel import ast
from regel.feel.temporal import parse_date, parse_duration
from regel.feel.values import DaysTimeDuration, YearsMonthsDuration

__all__ = ["Interval", "Region", "NotConstant", "INDEXABLE", "constant_value",
           "constant_intervals", "cell_intervals", "accepts", "elementary_regions"]

#: the types whose values have one total order, so that a column of them can be cut
INDEXABLE = (Decimal, str, _dt.date, bool)

# an interval: (low, low_included, high, high_included); None ends are unbounded
Interval = tuple[Any, bool, Any, bool]
# a region: (low, high, is_point); a point region is the single value low == high
Region = tuple[Any, Any, bool]


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


def accepts(interval: Interval, region: tuple[Any, Any, bool]) -> bool:
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


def elementary_regions(points: list[Any]) -> list[Region]:
    """The regions that sorted distinct ``points`` cut their domain into, in order: the
    open region below the first point, the point, the open region up to the next, ..."""
    bounds = [None, *points, None]
    out: list[Region] = []
    for i in range(len(points) + 1):
        out.append((bounds[i], bounds[i + 1], False))   # open region before point i
        if i < len(points):
            out.append((points[i], points[i], True))    # the point itself
    return out
