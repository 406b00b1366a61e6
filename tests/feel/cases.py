"""Shared helpers for the FEEL conformance tables.

Expected values in the tables are written with the small constructors below so that a
row stays on one line: ``n("0.3")`` is a FEEL number, ``dtd(days=1)`` a days-and-time
duration, ``ymd(1, 2)`` a years-and-months duration, ``rng(1, 5)`` a range.

``same(actual, expected)`` compares a FEEL result with an expected value *strictly*:
Python's ``True == 1`` and ``date == datetime`` coincidences do not count, the kind of
value must match as well as its content.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from regel.feel.values import DaysTimeDuration, Range, YearsMonthsDuration

__all__ = ["n", "dtd", "ymd", "rng", "utc", "tz", "Approx", "NOT_TRUE", "same", "show",
           "D", "T", "DT"]


def n(value: int | str) -> Decimal:
    """A FEEL number; write fractions as strings (``n("0.1")``) to stay exact."""
    return Decimal(str(value))


def dtd(days: int = 0, hours: int = 0, minutes: int = 0, seconds: int | str = 0,
        negative: bool = False) -> DaysTimeDuration:
    total = (Decimal(days) * 86400 + Decimal(hours) * 3600 + Decimal(minutes) * 60
             + Decimal(str(seconds)))
    return DaysTimeDuration(-total if negative else total)


def ymd(years: int = 0, months: int = 0, negative: bool = False) -> YearsMonthsDuration:
    total = years * 12 + months
    return YearsMonthsDuration(-total if negative else total)


def rng(start: Any, end: Any, start_included: bool = True,
        end_included: bool = True) -> Range:
    """A range; plain ints are turned into FEEL numbers."""
    def conv(v: Any) -> Any:
        return Decimal(v) if isinstance(v, int) and not isinstance(v, bool) else v

    return Range(conv(start), conv(end), start_included, end_included)


utc = dt.UTC


def tz(hours: int, minutes: int = 0) -> dt.timezone:
    return dt.timezone(dt.timedelta(hours=hours, minutes=minutes))


D = dt.date
T = dt.time
DT = dt.datetime


class Approx:
    """A number known only to some precision (logarithms, square roots, ...)."""

    def __init__(self, value: str, tolerance: str = "1e-20") -> None:
        self.value = Decimal(value)
        self.tolerance = Decimal(tolerance)

    def __repr__(self) -> str:
        return f"Approx({self.value} ± {self.tolerance})"


class _NotTrue:
    """The result must not be ``True`` (a unary test that does not match: false or null)."""

    def __repr__(self) -> str:
        return "NOT_TRUE"


NOT_TRUE = _NotTrue()


def same(actual: Any, expected: Any) -> bool:
    """Strict structural equality of a FEEL result and an expected value."""
    if expected is NOT_TRUE:
        return actual is not True
    if isinstance(expected, Approx):
        return (isinstance(actual, Decimal)
                and abs(actual - expected.value) <= expected.tolerance)
    if expected is None:
        return actual is None
    if isinstance(expected, bool):
        return isinstance(actual, bool) and actual is expected
    if isinstance(expected, Decimal):
        return isinstance(actual, Decimal) and not isinstance(actual, bool) and \
            actual == expected
    if isinstance(expected, str):
        return isinstance(actual, str) and actual == expected
    if isinstance(expected, dt.datetime):
        if type(actual) is not dt.datetime:
            return False
        if (expected.tzinfo is None) != (actual.tzinfo is None):
            return False
        if expected.tzinfo is not None and actual.utcoffset() != expected.utcoffset():
            return False
        return actual.replace(tzinfo=None) == expected.replace(tzinfo=None)
    if isinstance(expected, dt.date):
        return type(actual) is dt.date and actual == expected
    if isinstance(expected, dt.time):
        if type(actual) is not dt.time:
            return False
        exp_aware = expected.tzinfo is not None and expected.utcoffset() is not None
        act_aware = actual.tzinfo is not None and actual.utcoffset() is not None
        if exp_aware != act_aware:
            return False
        if exp_aware and actual.utcoffset() != expected.utcoffset():
            return False
        return actual.replace(tzinfo=None) == expected.replace(tzinfo=None)
    if isinstance(expected, DaysTimeDuration):
        return isinstance(actual, DaysTimeDuration) and actual.seconds == expected.seconds
    if isinstance(expected, YearsMonthsDuration):
        return isinstance(actual, YearsMonthsDuration) and actual.months == expected.months
    if isinstance(expected, Range):
        return (isinstance(actual, Range)
                and actual.start_included == expected.start_included
                and actual.end_included == expected.end_included
                and same(actual.start, expected.start) and same(actual.end, expected.end))
    if isinstance(expected, list):
        return (isinstance(actual, list) and len(actual) == len(expected)
                and all(same(a, e) for a, e in zip(actual, expected, strict=True)))
    if isinstance(expected, dict):
        return (isinstance(actual, dict) and set(actual) == set(expected)
                and all(same(actual[k], expected[k]) for k in expected))
    raise TypeError(f"no comparison for expected value {expected!r}")


def show(value: Any) -> str:
    """A short description of a value for assertion messages."""
    return f"{value!r} ({type(value).__name__})"
