"""FEEL's operators on values: typed arithmetic, comparison and the test semantics of
unary tests and ``in``.

Each function either returns a value or raises ``FeelNull`` with the reason; a
non-null result that FEEL nevertheless flags (a day pinned to the end of the month)
is reported through the ``note`` callback.
"""

from __future__ import annotations

import datetime as _dt
import decimal
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from regel.base.messages import Msg
from regel.feel import wide
from regel.feel.temporal import add_months
from regel.feel.values import (
    FEEL_CONTEXT,
    DaysTimeDuration,
    FeelNull,
    Range,
    YearsMonthsDuration,
    feel_compare,
    feel_equal,
    to_string,
    type_name,
)

__all__ = ["arithmetic", "negate", "compare", "between", "test_value"]

Note = Callable[..., None]

def _mismatch(op: str, a: Any, b: Any) -> FeelNull:
    return FeelNull("FEEL-TYPE-MISMATCH", op=op, left=type_name(a), right=type_name(b))


def _decimal_op(fn: Callable[[Decimal, Decimal], Decimal], a: Decimal, b: Decimal) -> Decimal:
    try:
        return fn(a, b)
    except decimal.DivisionByZero:
        raise FeelNull("FEEL-DIVISION-BY-ZERO") from None
    except (decimal.Overflow, decimal.InvalidOperation):
        if b == 0:
            raise FeelNull("FEEL-DIVISION-BY-ZERO") from None
        raise FeelNull("FEEL-OVERFLOW") from None


def _is_temporal_point(v: Any) -> bool:
    return isinstance(v, wide.DATES)


def _is_time(v: Any) -> bool:
    return isinstance(v, wide.TIMES)


def _add_months(value: Any, dur: YearsMonthsDuration, sign: int, note: Note) -> Any:
    result, clamped = add_months(value, sign * dur.months)
    if clamped:
        shown = dur if sign > 0 else -dur
        note("FEEL-DAY-CLAMPED", date=to_string(value), duration=str(shown),
             result=to_string(result))
    return result


#: no FEEL date is this many seconds from another (2e9 years are about 6.3e16 s)
_MAX_SECONDS = Decimal("1E+18")


def _nanos(dur: DaysTimeDuration) -> int:
    """A duration in nanoseconds (a finer fraction rounds half to even)."""
    if abs(dur.seconds) > _MAX_SECONDS:
        raise FeelNull("FEEL-OVERFLOW")
    return int(dur.seconds.scaleb(9).to_integral_value(rounding=decimal.ROUND_HALF_EVEN))


def _duration(nanos: int) -> DaysTimeDuration:
    whole, frac = divmod(nanos, wide.SECOND)
    if not frac:
        return DaysTimeDuration(Decimal(whole))
    return DaysTimeDuration(Decimal(nanos).scaleb(-9).normalize(FEEL_CONTEXT))


def _add_seconds(value: Any, dur: DaysTimeDuration, sign: int) -> Any:
    if abs(dur.seconds) > _MAX_SECONDS:
        raise FeelNull("FEEL-OVERFLOW")
    if type(value) in (_dt.date, _dt.datetime, _dt.time) and not dur.seconds % _MICRO:
        try:                                          # what the standard types can do
            return _add_std(value, dur.to_timedelta() if sign > 0 else -dur.to_timedelta())
        except (OverflowError, FeelNull):
            pass
    delta = sign * _nanos(dur)
    try:
        if isinstance(value, wide.DATETIMES):
            return wide.make_datetime(wide.local_nanos(value) + delta, value.tzinfo)
        if isinstance(value, wide.DATES):
            # FEEL: the date is taken at midnight, the result's date part is kept
            return wide.make_date((wide.local_nanos(value) + delta) // wide.DAY)
        if isinstance(value, wide.TIMES):
            return wide.make_time(wide.clock_nanos(value) + delta, value.tzinfo)
    except OverflowError:
        raise FeelNull("FEEL-OVERFLOW") from None
    raise _mismatch("+", value, dur)


_MICRO = Decimal("0.000001")


def _add_std(value: Any, delta: _dt.timedelta) -> Any:
    if isinstance(value, _dt.datetime):
        return value + delta
    if isinstance(value, _dt.date):
        return (_dt.datetime(value.year, value.month, value.day) + delta).date()
    base = _dt.datetime(2000, 1, 1, value.hour, value.minute, value.second,
                        value.microsecond)
    return (base + delta).time().replace(tzinfo=value.tzinfo)


def _offset_nanos(v: Any) -> int:
    off = wide.utc_offset(v)
    return 0 if off is None else off // _dt.timedelta(microseconds=1) * 1000


def _time_instant(t: Any) -> int:
    """A time's nanoseconds since midnight UTC, a zone id taken on 2000-01-01 (as a
    time has no date); a local time's own clock."""
    off = _dt.datetime(2000, 1, 1, t.hour, t.minute, t.second, tzinfo=t.tzinfo).utcoffset()
    nanos = wide.clock_nanos(t)
    return nanos if off is None else nanos - off // _dt.timedelta(microseconds=1) * 1000


def _subtract_points(a: Any, b: Any) -> DaysTimeDuration:
    """``a - b`` for two times, or two dates or dates and times. A date has no zone: it
    is taken as UTC midnight against a date and time with a zone, and a date against a
    local date and time gives null (the DMN TCK: both must have zone information)."""
    if _is_time(a) and _is_time(b):
        if (wide.utc_offset(a) is None) != (wide.utc_offset(b) is None):
            raise _mismatch("-", a, b)
        return _duration(_time_instant(a) - _time_instant(b))
    dt_a, dt_b = isinstance(a, wide.DATETIMES), isinstance(b, wide.DATETIMES)
    zoned_a = dt_a and a.tzinfo is not None
    zoned_b = dt_b and b.tzinfo is not None
    if dt_a == dt_b and zoned_a != zoned_b:
        raise _mismatch("-", a, b)     # a local and a zoned date and time
    if dt_a != dt_b and not (zoned_a or zoned_b):
        raise _mismatch("-", a, b)     # a date and a local date and time
    if type(a) is type(b) and type(a) in (_dt.date, _dt.datetime):
        return DaysTimeDuration.from_timedelta(a - b)
    x = wide.local_nanos(a) - _offset_nanos(a)
    y = wide.local_nanos(b) - _offset_nanos(b)
    return _duration(x - y)


def _add(a: Any, b: Any, note: Note) -> Any:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return _decimal_op(FEEL_CONTEXT.add, a, b)
    if isinstance(a, str) and isinstance(b, str):
        return a + b
    if isinstance(a, YearsMonthsDuration) and isinstance(b, YearsMonthsDuration):
        return YearsMonthsDuration(a.months + b.months)
    if isinstance(a, DaysTimeDuration) and isinstance(b, DaysTimeDuration):
        return DaysTimeDuration(a.seconds + b.seconds)
    if isinstance(a, (YearsMonthsDuration, DaysTimeDuration)) and not isinstance(
            b, (YearsMonthsDuration, DaysTimeDuration)):
        a, b = b, a  # duration + point is point + duration
    if _is_temporal_point(a) and isinstance(b, YearsMonthsDuration):
        return _add_months(a, b, 1, note)
    if (_is_temporal_point(a) or _is_time(a)) and isinstance(b, DaysTimeDuration):
        return _add_seconds(a, b, 1)
    raise _mismatch("+", a, b)


def _subtract(a: Any, b: Any, note: Note) -> Any:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return _decimal_op(FEEL_CONTEXT.subtract, a, b)
    if isinstance(a, YearsMonthsDuration) and isinstance(b, YearsMonthsDuration):
        return YearsMonthsDuration(a.months - b.months)
    if isinstance(a, DaysTimeDuration) and isinstance(b, DaysTimeDuration):
        return DaysTimeDuration(a.seconds - b.seconds)
    if _is_temporal_point(a) and isinstance(b, YearsMonthsDuration):
        return _add_months(a, b, -1, note)
    if (_is_temporal_point(a) or _is_time(a)) and isinstance(b, DaysTimeDuration):
        return _add_seconds(a, b, -1)
    if _is_temporal_point(a) and _is_temporal_point(b):
        return _subtract_points(a, b)
    if _is_time(a) and _is_time(b):
        return _subtract_points(a, b)
    raise _mismatch("-", a, b)


def _months(value: Decimal) -> int:
    """A whole number of months (FEEL truncates a scaled years-months duration)."""
    return int(value.to_integral_value(rounding=decimal.ROUND_DOWN))


def _multiply(a: Any, b: Any, note: Note) -> Any:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return _decimal_op(FEEL_CONTEXT.multiply, a, b)
    if isinstance(a, Decimal) and isinstance(b, (YearsMonthsDuration, DaysTimeDuration)):
        a, b = b, a
    if isinstance(a, YearsMonthsDuration) and isinstance(b, Decimal):
        return YearsMonthsDuration(_months(_decimal_op(FEEL_CONTEXT.multiply,
                                                        Decimal(a.months), b)))
    if isinstance(a, DaysTimeDuration) and isinstance(b, Decimal):
        return DaysTimeDuration(_decimal_op(FEEL_CONTEXT.multiply, a.seconds, b))
    raise _mismatch("*", a, b)


def _divide(a: Any, b: Any, note: Note) -> Any:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return _decimal_op(FEEL_CONTEXT.divide, a, b)
    if isinstance(a, YearsMonthsDuration) and isinstance(b, Decimal):
        return YearsMonthsDuration(_months(_decimal_op(FEEL_CONTEXT.divide,
                                                        Decimal(a.months), b)))
    if isinstance(a, DaysTimeDuration) and isinstance(b, Decimal):
        return DaysTimeDuration(_decimal_op(FEEL_CONTEXT.divide, a.seconds, b))
    if isinstance(a, YearsMonthsDuration) and isinstance(b, YearsMonthsDuration):
        return _decimal_op(FEEL_CONTEXT.divide, Decimal(a.months), Decimal(b.months))
    if isinstance(a, DaysTimeDuration) and isinstance(b, DaysTimeDuration):
        return _decimal_op(FEEL_CONTEXT.divide, a.seconds, b.seconds)
    raise _mismatch("/", a, b)


def _power(a: Any, b: Any, note: Note) -> Any:
    if not (isinstance(a, Decimal) and isinstance(b, Decimal)):
        raise _mismatch("**", a, b)
    if a == 0 and b < 0:        # Decimal answers Infinity without a signal
        raise FeelNull("FEEL-DIVISION-BY-ZERO")
    try:
        if b == b.to_integral_value() and abs(b) <= 999_999_999:
            return FEEL_CONTEXT.power(a, int(b))
        return FEEL_CONTEXT.power(a, b)
    except decimal.DivisionByZero:
        raise FeelNull("FEEL-DIVISION-BY-ZERO") from None
    except (decimal.Overflow, decimal.InvalidOperation):
        raise FeelNull("FEEL-OVERFLOW") from None


_ARITHMETIC: dict[str, Callable[[Any, Any, Note], Any]] = {
    "+": _add, "-": _subtract, "*": _multiply, "/": _divide, "**": _power,
}


def arithmetic(op: str) -> Callable[[Any, Any, Note], Any]:
    """The function for the binary operator ``op``; null operands give null."""
    return _ARITHMETIC[op]


def negate(a: Any) -> Any:
    if isinstance(a, Decimal):
        return FEEL_CONTEXT.minus(a)
    if isinstance(a, (DaysTimeDuration, YearsMonthsDuration)):
        return -a
    raise FeelNull("FEEL-TYPE-MISMATCH", op="-", left=Msg("feel.word.nothing"),
                   right=type_name(a))


def compare(op: str, a: Any, b: Any) -> bool | None:
    """``a op b`` for = != < <= > >=; raises FeelNull where FEEL says null."""
    if op == "=" or op == "!=":
        eq = feel_equal(a, b)
        if eq is None:
            raise FeelNull("FEEL-NOT-COMPARABLE", left=type_name(a), right=type_name(b))
        return eq if op == "=" else not eq
    if a is None or b is None:
        return None
    c = feel_compare(a, b)
    if c is None:
        raise FeelNull("FEEL-NOT-COMPARABLE", left=type_name(a), right=type_name(b))
    if op == "<":
        return c < 0
    if op == "<=":
        return c <= 0
    if op == ">":
        return c > 0
    return c >= 0


def between(v: Any, lo: Any, hi: Any) -> bool | None:
    """``v between lo and hi``: both ends included; null where a comparison is."""
    a = compare(">=", v, lo)
    if a is False:
        return False
    b = compare("<=", v, hi)
    if b is False:
        return False
    return True if a and b else None


def test_value(value: Any, expected: Any) -> bool | None:
    """Whether ``value`` satisfies a unary test whose expression gave ``expected``:
    membership for a list, containment for a range, equality otherwise."""
    if isinstance(expected, Range):
        return expected.contains(value)
    if isinstance(expected, list) and (not isinstance(value, list)
                                       or any(isinstance(x, list) for x in expected)):
        # membership, as list contains(): an item of another type is simply not the value
        found: bool | None = False
        for item in expected:
            r = test_value(value, item)
            if r is True:
                return True
            if r is None and isinstance(item, Range):
                found = None
        return found
    if isinstance(expected, bool) and not isinstance(value, bool) and value is not None:
        # an expression that is itself a test (``x > 5`` over other inputs)
        return expected
    return feel_equal(value, expected)
