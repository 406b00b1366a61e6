"""FEEL's built-in functions (DMN 1.5, chapter 10.3.4), registered in ``registry.BUILTINS``
with the specification's parameter names. A null argument gives null; a wrong one raises
``invalid(name, key, **values)`` (why, as a catalogue key) so that the null comes with a
warning; numbers are ``Decimal`` in ``FEEL_CONTEXT``; ``_guard`` keeps any Python exception
from escaping. Regular expressions (XML Schema syntax, matched in linear time) are in
``regex``. More in docs/feel.md.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import functools
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from regel.base.errors import RegelError
from regel.feel import temporal, wide
from regel.feel.budget import active
from regel.feel.registry import builtin, invalid
from regel.feel.values import (
    FEEL_CONTEXT,
    DaysTimeDuration,
    FeelFunction,
    FeelNull,
    YearsMonthsDuration,
    feel_compare,
    feel_equal,
    to_string,
    type_name,
    zone_of,
)

Fn = Callable[..., Any]

# --------------------------------------------------------------------------------------
# Registration and argument helpers
# --------------------------------------------------------------------------------------

_PYTHON_ERRORS = (ArithmeticError, ValueError, TypeError, LookupError, RecursionError)


def _guard(name: str, fn: Fn) -> Fn:
    """``fn`` with every stray Python exception turned into a FeelNull."""

    @functools.wraps(fn)
    def guarded(*args: Any) -> Any:
        try:
            return fn(*args)
        except (FeelNull, RegelError):
            raise
        except decimal.Overflow:
            raise FeelNull("FEEL-OVERFLOW") from None
        except decimal.DivisionByZero:
            raise FeelNull("FEEL-DIVISION-BY-ZERO") from None
        except decimal.DecimalException as exc:
            raise invalid(name, "feel.reason.not-computable", kind=type(exc).__name__) from None
        except _PYTHON_ERRORS as exc:
            raise invalid(name, "feel.reason.python-error", detail=_python_words(exc)) from None

    return guarded


def _feel(name: str, signature: str,
          when: Callable[[list[Any]], bool] | None = None) -> Callable[[Fn], Fn]:
    """Register the decorated function as FEEL's ``name`` (through ``_guard``)."""

    def register(fn: Fn) -> Fn:
        builtin(name, signature, when)(_guard(name, fn))
        return fn

    return register


def _python_words(exc: BaseException) -> str:
    """What Python said about a failure it has no FEEL words for (its own words)."""
    return str(exc) or type(exc).__name__


def _show(value: Any) -> str:
    """A value for a message (values.to_string, falling back to repr-like text)."""
    try:
        return to_string(value)
    except ArithmeticError:  # very large numbers: to_string cannot print them plainly
        return str(value)


def _singleton(value: Any, kind: type) -> Any:
    """DMN's conversion from a singleton list (DMN 1.5, 10.3.2.9.4): ``[x]`` given for a
    parameter of x's type is x."""
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], kind) and \
            not isinstance(value[0], bool):
        return value[0]
    return value


def _number(fn: str, param: str, value: Any) -> Decimal:
    value = _singleton(value, Decimal)
    if not isinstance(value, Decimal):
        raise invalid(fn, "feel.reason.not-a-number", param=param, type=type_name(value))
    if not value.is_finite():
        raise invalid(fn, "feel.reason.not-finite", param=param)
    return value


def _integer(fn: str, param: str, value: Any, low: int | None = None,
             high: int | None = None) -> int:
    """A whole number argument as an int, optionally within [low, high]."""
    n = _number(fn, param, value)
    if n != n.to_integral_value():
        raise invalid(fn, "feel.reason.not-whole", param=param, value=_show(n))
    if n.adjusted() > 30:
        raise invalid(fn, "feel.reason.too-large", param=param, value=_show(n))
    i = int(n)
    if (low is not None and i < low) or (high is not None and i > high):
        raise invalid(fn, "feel.reason.not-between", param=param, low=low, high=high, value=i)
    return i


def _string(fn: str, param: str, value: Any) -> str:
    value = _singleton(value, str)
    if not isinstance(value, str):
        raise invalid(fn, "feel.reason.not-a-string", param=param, type=type_name(value))
    return value


def _as_list(value: Any) -> list[Any]:
    """FEEL's implicit conversion of a single value to a singleton list."""
    return value if isinstance(value, list) else [value]


def _context(fn: str, param: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise invalid(fn, "feel.reason.not-a-context", param=param, type=type_name(value))
    return value


def _date_like(fn: str, param: str, value: Any) -> Any:
    """A date or date and time (also one beyond Python's datetime: ``wide``)."""
    if not isinstance(value, wide.DATES):
        raise invalid(fn, "feel.reason.not-a-date", param=param, type=type_name(value))
    return value


def _whole(value: Any) -> Any:
    """A number argument that FEEL truncates to a whole number (substring's length 3.8 is
    3, decimal's scale 2.5 is 2: DMN TCK 1103, 1100); anything else as it is."""
    if isinstance(value, Decimal) and value.is_finite():
        return value.to_integral_value(rounding=decimal.ROUND_DOWN)
    return value


def _plain_zero(d: Decimal) -> Decimal:
    """-0 (from rounding a small negative number) is printed and compared as 0."""
    return d.copy_abs() if d.is_zero() else d


def _position(fn: str, param: str, value: Any, size: int) -> int:
    """A 1-based FEEL position (negative counts from the end) as a 0-based index."""
    p = _integer(fn, param, value)
    if p == 0 or abs(p) > size:
        raise invalid(fn, "feel.reason.position-outside", param=param, position=p, size=size)
    return p - 1 if p > 0 else size + p


# --------------------------------------------------------------------------------------
# Conversion functions
# --------------------------------------------------------------------------------------

@_feel("date", "from")
def _date_from(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return temporal.parse_date(value)
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, wide.DATES):
        return wide.date_part(value)
    raise invalid("date", "feel.reason.not-a-string-or-date", param="from", type=type_name(value))


@_feel("date", "year, month, day")
def _date_ymd(year: Any, month: Any, day: Any) -> Any:
    if year is None or month is None or day is None:
        return None
    y = _integer("date", "year", year)
    m = _integer("date", "month", month, 1, 12)
    d = _integer("date", "day", day, 1, 31)
    if not wide.MIN_YEAR <= y <= wide.MAX_YEAR:
        raise invalid("date", "feel.reason.year-outside", year=y)
    try:
        return wide.date_of(y, m, d)
    except ValueError:
        raise invalid("date", "feel.reason.no-such-date",
                      date=wide.date_text(wide.WideDate(y, m, d))) from None


@_feel("date and time", "from")
def _date_and_time_from(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return temporal.parse_date_and_time(value)
    if isinstance(value, wide.DATETIMES):
        return value
    if isinstance(value, wide.DATES):
        return wide.make_datetime(wide.local_nanos(value), None)
    raise invalid("date and time", "feel.reason.not-a-string", param="from", type=type_name(value))


@_feel("date and time", "date, time")
def _date_and_time_combine(date: Any, time: Any) -> Any:
    if date is None or time is None:
        return None
    d = _date_like("date and time", "date", date)
    if not isinstance(time, wide.TIMES):
        raise invalid("date and time", "feel.reason.not-a-time", param="time", type=type_name(time))
    return wide.combine(wide.date_part(d), time)


@_feel("time", "from")
def _time_from(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return temporal.parse_time(value)
    if isinstance(value, _dt.datetime):
        return value.timetz()
    if isinstance(value, wide.DATETIMES):
        return wide.make_time(wide.clock_nanos(value), value.tzinfo)
    if isinstance(value, wide.DATES):
        return _dt.time(0, 0, 0, tzinfo=_dt.UTC)  # as the DMN TCK expects
    if isinstance(value, wide.TIMES):
        return value
    raise invalid("time", "feel.reason.not-a-string-or-date", param="from", type=type_name(value))


@_feel("time", "hour, minute, second, offset?")
def _time_hms(hour: Any, minute: Any, second: Any, offset: Any = None) -> Any:
    if hour is None or minute is None or second is None:
        return None
    h = _integer("time", "hour", hour, 0, 23)
    m = _integer("time", "minute", minute, 0, 59)
    s = _number("time", "second", second)
    if not 0 <= s < 60:
        raise invalid("time", "feel.reason.second-outside", value=_show(s))
    whole = int(s)
    nanos = int(FEEL_CONTEXT.subtract(s, Decimal(whole)).scaleb(9))   # finer: cut off
    tz: _dt.tzinfo | None = None
    if offset is not None:
        if not isinstance(offset, DaysTimeDuration):
            raise invalid("time", "feel.reason.not-a-days-duration", param="offset",
                          type=type_name(offset))
        delta = offset.to_timedelta()
        if abs(delta) > temporal.MAX_OFFSET:
            raise invalid("time", "feel.reason.offset-too-large", offset=offset)
        tz = _dt.UTC if not delta else _dt.timezone(delta)
    return wide.time_of(h, m, whole, nanos, tz)


@_feel("duration", "from")
def _duration(value: Any) -> DaysTimeDuration | YearsMonthsDuration | None:
    if value is None:
        return None
    if isinstance(value, (DaysTimeDuration, YearsMonthsDuration)):
        return value
    if not isinstance(value, str):
        raise invalid("duration", "feel.reason.not-a-string", param="from", type=type_name(value))
    return temporal.parse_duration(value)


@_feel("years and months duration", "from, to")
def _years_and_months_duration(start: Any, end: Any) -> YearsMonthsDuration | None:
    if start is None or end is None:
        return None
    # Whole months from the day of ``from`` to the day of ``to`` (negative when ``to``
    # is earlier), as the DMN TCK and Java's Period.between count: the times of dates
    # and times do not count (2011-08-25T15:59 to 2015-08-25T15:20 is P4Y).
    a = _date_like("years and months duration", "from", start)
    b = _date_like("years and months duration", "to", end)
    months = (b.year - a.year) * 12 + (b.month - a.month)
    if months > 0 and b.day < a.day:
        months -= 1
    elif months < 0 and b.day > a.day:
        months += 1
    return YearsMonthsDuration(months)


_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


@_feel("number", "from, grouping separator?, decimal separator?")
def _number_from(text: Any, grouping: Any = None, decimal_sep: Any = None) -> Decimal | None:
    if text is None:
        return None
    s = _string("number", "from", text)
    if grouping is not None and grouping not in (" ", ",", "."):
        raise invalid("number", "feel.reason.bad-grouping-separator")
    if decimal_sep is not None and decimal_sep not in (",", "."):
        raise invalid("number", "feel.reason.bad-decimal-separator")
    if grouping is not None and grouping == decimal_sep:
        raise invalid("number", "feel.reason.same-separators")
    if grouping is not None:
        s = s.replace(grouping, "")
    if decimal_sep == ",":
        if "." in s:
            raise invalid("number", "feel.reason.not-numeric", text=text)
        s = s.replace(",", ".")
    if not _NUMBER_RE.fullmatch(s):
        raise invalid("number", "feel.reason.not-numeric", text=text)
    return FEEL_CONTEXT.plus(Decimal(s))


@_feel("string", "from")
def _string_from(value: Any) -> str | None:
    if value is None:
        return None
    return to_string(value)


# --------------------------------------------------------------------------------------
# Boolean functions
# --------------------------------------------------------------------------------------

@_feel("not", "negand")
def _not(negand: Any) -> bool | None:
    if negand is None:
        return None
    if not isinstance(negand, bool):
        raise invalid("not", "feel.reason.not-a-boolean", param="negand", type=type_name(negand))
    return not negand


@_feel("is defined", "value")
def _is_defined(value: Any) -> bool:
    return value is not None


# --------------------------------------------------------------------------------------
# Numeric functions
# --------------------------------------------------------------------------------------

_SCALE_MIN, _SCALE_MAX = -6111, 6176


def _quantize(n: Decimal, scale: int, rounding: str) -> Decimal:
    """``n`` rounded to ``scale`` decimal places with ``rounding``, then to 34 digits."""
    digits = max(34, n.adjusted() + scale + 3)
    wide = _wide_context(digits, rounding)
    result = n.quantize(_unit(scale, digits, rounding), context=wide)
    return _plain_zero(FEEL_CONTEXT.plus(result))


#: the rounding built-ins whose scale, when written as a whole number, rounds as one
#: ``quantize`` (regel.feel.codegen writes it so); ``decimal`` rounds half to even
ROUNDINGS = {"round half up": decimal.ROUND_HALF_UP, "round half down": decimal.ROUND_HALF_DOWN,
             "round up": decimal.ROUND_UP, "round down": decimal.ROUND_DOWN,
             "floor": decimal.ROUND_FLOOR, "ceiling": decimal.ROUND_CEILING,
             "decimal": decimal.ROUND_HALF_EVEN}


def rounding_parts(name: str, scale: int) -> tuple[Decimal, decimal.Context] | None:
    """For ``name(n, scale)`` with a whole ``scale`` from 0 to 30: the unit and the
    context that round a number of at most ``31 - scale`` digits before the point as the
    built-in does (``_quantize`` with 34 digits); None for another function or scale."""
    if name not in ROUNDINGS or not 0 <= scale <= 30:
        return None
    return _unit(scale, 34, ROUNDINGS[name]), _wide_context(34, ROUNDINGS[name])


@functools.lru_cache(maxsize=256)
def _wide_context(digits: int, rounding: str) -> decimal.Context:
    """A context of ``digits`` digits that rounds with ``rounding`` (made once: money is
    rounded to øre in every case)."""
    return decimal.Context(prec=digits, rounding=rounding, Emin=-999_999, Emax=999_999,
                           traps=[decimal.InvalidOperation])


@functools.lru_cache(maxsize=256)
def _unit(scale: int, digits: int, rounding: str) -> Decimal:
    """1 at the ``scale``-th decimal place (0.01 for 2)."""
    return Decimal(1).scaleb(-scale, _wide_context(digits, rounding))


def _rounded(fn: str, n: Any, scale: Any, rounding: str) -> Decimal | None:
    if n is None or scale is None:
        return None
    value = _number(fn, "n", n)
    places = _integer(fn, "scale", scale, _SCALE_MIN, _SCALE_MAX)
    return _quantize(value, places, rounding)


@_feel("decimal", "n, scale")
def _decimal(n: Any, scale: Any) -> Decimal | None:
    return _rounded("decimal", n, _whole(scale), decimal.ROUND_HALF_EVEN)


@_feel("floor", "n, scale?")
def _floor(n: Any, scale: Any = Decimal(0)) -> Decimal | None:
    return _rounded("floor", n, scale, decimal.ROUND_FLOOR)


@_feel("ceiling", "n, scale?")
def _ceiling(n: Any, scale: Any = Decimal(0)) -> Decimal | None:
    return _rounded("ceiling", n, scale, decimal.ROUND_CEILING)


@_feel("round up", "n, scale")
def _round_up(n: Any, scale: Any) -> Decimal | None:
    return _rounded("round up", n, scale, decimal.ROUND_UP)


@_feel("round down", "n, scale")
def _round_down(n: Any, scale: Any) -> Decimal | None:
    return _rounded("round down", n, scale, decimal.ROUND_DOWN)


@_feel("round half up", "n, scale")
def _round_half_up(n: Any, scale: Any) -> Decimal | None:
    return _rounded("round half up", n, scale, decimal.ROUND_HALF_UP)


@_feel("round half down", "n, scale")
def _round_half_down(n: Any, scale: Any) -> Decimal | None:
    return _rounded("round half down", n, scale, decimal.ROUND_HALF_DOWN)


@_feel("abs", "n")
def _abs(n: Any) -> Decimal | DaysTimeDuration | YearsMonthsDuration | None:
    if n is None:
        return None
    if isinstance(n, DaysTimeDuration):
        return DaysTimeDuration(n.seconds.copy_abs())
    if isinstance(n, YearsMonthsDuration):
        return YearsMonthsDuration(abs(n.months))
    return _number("abs", "n", n).copy_abs()


@_feel("modulo", "dividend, divisor")
def _modulo(dividend: Any, divisor: Any) -> Decimal | None:
    if dividend is None or divisor is None:
        return None
    a = _number("modulo", "dividend", dividend)
    b = _number("modulo", "divisor", divisor)
    if b.is_zero():
        raise FeelNull("FEEL-DIVISION-BY-ZERO")
    if a.is_zero():
        return Decimal(0)
    # Exact: wide enough for the whole quotient, then rounded back to 34 digits.
    wide = decimal.Context(prec=max(34, a.adjusted() - b.adjusted() + 40),
                           Emin=-999_999, Emax=999_999, traps=[decimal.InvalidOperation])
    r = wide.remainder(a, b)  # has the sign of the dividend
    if not r.is_zero() and (r < 0) != (b < 0):
        r = wide.add(r, b)  # FEEL: the result has the sign of the divisor
    return _plain_zero(FEEL_CONTEXT.plus(r))


@_feel("sqrt", "number")
def _sqrt(number: Any) -> Decimal | None:
    if number is None:
        return None
    n = _number("sqrt", "number", number)
    if n < 0:
        raise invalid("sqrt", "feel.reason.negative", param="number", value=_show(n))
    return FEEL_CONTEXT.sqrt(n)


@_feel("log", "number")
def _log(number: Any) -> Decimal | None:
    if number is None:
        return None
    n = _number("log", "number", number)
    if n <= 0:
        raise invalid("log", "feel.reason.not-positive", param="number", value=_show(n))
    return FEEL_CONTEXT.ln(n)


@_feel("exp", "number")
def _exp(number: Any) -> Decimal | None:
    if number is None:
        return None
    return FEEL_CONTEXT.exp(_number("exp", "number", number))


@_feel("odd", "number")
def _odd(number: Any) -> bool | None:
    if number is None:
        return None
    return _integer("odd", "number", number) % 2 == 1


@_feel("even", "number")
def _even(number: Any) -> bool | None:
    if number is None:
        return None
    return _integer("even", "number", number) % 2 == 0


# --------------------------------------------------------------------------------------
# String functions
# --------------------------------------------------------------------------------------

@_feel("substring", "string, start position, length?")
def _substring(string: Any, start: Any, length: Any = None) -> str | None:
    if string is None or start is None:
        return None
    s = _string("substring", "string", string)
    index = _position("substring", "start position", start, len(s))
    if length is None:
        return s[index:]
    count = _integer("substring", "length", _whole(length))
    if count < 0:
        raise invalid("substring", "feel.reason.negative", param="length", value=count)
    return s[index:index + count]


@_feel("string length", "string")
def _string_length(string: Any) -> Decimal | None:
    if string is None:
        return None
    return Decimal(len(_string("string length", "string", string)))


@_feel("upper case", "string")
def _upper_case(string: Any) -> str | None:
    if string is None:
        return None
    return _string("upper case", "string", string).upper()


@_feel("lower case", "string")
def _lower_case(string: Any) -> str | None:
    if string is None:
        return None
    return _string("lower case", "string", string).lower()


@_feel("substring before", "string, match")
def _substring_before(string: Any, match: Any) -> str | None:
    if string is None or match is None:
        return None
    s = _string("substring before", "string", string)
    m = _string("substring before", "match", match)
    if not m:
        return ""
    before, found, _ = s.partition(m)
    return before if found else ""


@_feel("substring after", "string, match")
def _substring_after(string: Any, match: Any) -> str | None:
    if string is None or match is None:
        return None
    s = _string("substring after", "string", string)
    m = _string("substring after", "match", match)
    if not m:
        return s
    _, found, after = s.partition(m)
    return after if found else ""


@_feel("contains", "string, match")
def _contains(string: Any, match: Any) -> bool | None:
    if string is None or match is None:
        return None
    return _string("contains", "match", match) in _string("contains", "string", string)


@_feel("starts with", "string, match")
def _starts_with(string: Any, match: Any) -> bool | None:
    if string is None or match is None:
        return None
    s = _string("starts with", "string", string)
    return s.startswith(_string("starts with", "match", match))


@_feel("ends with", "string, match")
def _ends_with(string: Any, match: Any) -> bool | None:
    if string is None or match is None:
        return None
    s = _string("ends with", "string", string)
    return s.endswith(_string("ends with", "match", match))


@_feel("matches", "input, pattern, flags?")
def _matches(text: Any, pattern: Any, flags: Any = None) -> bool | None:
    if text is None or pattern is None:
        return None
    s = _string("matches", "input", text)
    from regel.feel import regex  # lazy: RE2 and the translator, for the packs that match
    return regex.matches(s, _string("matches", "pattern", pattern), _flags("matches", flags))


@_feel("replace", "input, pattern, replacement, flags?")
def _replace(text: Any, pattern: Any, replacement: Any, flags: Any = None) -> str | None:
    if text is None or pattern is None or replacement is None:
        return None
    s = _string("replace", "input", text)
    rep = _string("replace", "replacement", replacement)
    from regel.feel import regex  # lazy: as in _matches
    return regex.replace(s, _string("replace", "pattern", pattern), rep,
                         _flags("replace", flags))


@_feel("split", "string, delimiter")
def _split(string: Any, delimiter: Any) -> list[str] | None:
    if string is None or delimiter is None:
        return None
    s = _string("split", "string", string)
    from regel.feel import regex  # lazy: as in _matches
    return regex.split(s, _string("split", "delimiter", delimiter))


def _flags(fn: str, flags: Any) -> str:
    return "" if flags is None else _string(fn, "flags", flags)


@_feel("string join", "list, delimiter?")
def _string_join(items: Any, delimiter: Any = None) -> str | None:
    if items is None:
        return None
    sep = "" if delimiter is None else _string("string join", "delimiter", delimiter)
    parts = []
    for i, item in enumerate(_as_list(items), 1):
        if item is None:
            continue
        if not isinstance(item, str):
            raise invalid("string join", "feel.reason.item-not-a-string", index=i,
                          type=type_name(item))
        parts.append(item)
    return sep.join(parts)


# --------------------------------------------------------------------------------------
# List functions
# --------------------------------------------------------------------------------------

@_feel("list contains", "list, element")
def _list_contains(items: Any, element: Any) -> bool | None:
    if items is None:
        return None
    return any(feel_equal(x, element) is True for x in _as_list(items))


@_feel("count", "list")
def _count(items: Any) -> Decimal | None:
    if items is None:
        return None
    return Decimal(len(_as_list(items)))


def _extreme(fn: str, items: list[Any], want: int) -> Any:
    if not items:
        return None
    best = items[0]
    for item in items[1:]:
        c = feel_compare(item, best)
        if c is None:
            raise invalid(fn, "feel.reason.not-comparable", left=type_name(item),
                          right=type_name(best))
        if c == want:
            best = item
    if len(items) == 1 and feel_compare(best, best) is None:
        raise invalid(fn, "feel.reason.values-not-comparable", type=type_name(best))
    return best


@_feel("min", "*list")
def _min(items: list[Any]) -> Any:
    return _extreme("min", items, -1)


@_feel("max", "*list")
def _max(items: list[Any]) -> Any:
    return _extreme("max", items, 1)


def _numbers(fn: str, items: list[Any]) -> list[Decimal]:
    out = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, Decimal):
            raise invalid(fn, "feel.reason.item-not-a-number", index=i, type=type_name(item))
        out.append(item)
    return out


def _total(values: Iterable[Decimal]) -> Decimal:
    total = Decimal(0)
    for v in values:
        total = FEEL_CONTEXT.add(total, v)
    return total


@_feel("sum", "*list")
def _sum(items: list[Any]) -> Decimal | None:
    numbers = _numbers("sum", items)
    return _total(numbers) if numbers else None


@_feel("product", "*list")
def _product(items: list[Any]) -> Decimal | None:
    numbers = _numbers("product", items)
    if not numbers:
        return None
    result = Decimal(1)
    for n in numbers:
        result = FEEL_CONTEXT.multiply(result, n)
    return result


def _mean_of(numbers: list[Decimal]) -> Decimal:
    return FEEL_CONTEXT.divide(_total(numbers), Decimal(len(numbers)))


@_feel("mean", "*list")
def _mean(items: list[Any]) -> Decimal | None:
    numbers = _numbers("mean", items)
    return _mean_of(numbers) if numbers else None


@_feel("median", "*list")
def _median(items: list[Any]) -> Decimal | None:
    numbers = sorted(_numbers("median", items))
    if not numbers:
        return None
    mid = len(numbers) // 2
    if len(numbers) % 2:
        return numbers[mid]
    return FEEL_CONTEXT.divide(FEEL_CONTEXT.add(numbers[mid - 1], numbers[mid]), Decimal(2))


@_feel("stddev", "*list")
def _stddev(items: list[Any]) -> Decimal | None:
    numbers = _numbers("stddev", items)
    if len(numbers) < 2:
        return None  # the sample standard deviation needs two values
    mean = _mean_of(numbers)
    squares = _total(FEEL_CONTEXT.power(FEEL_CONTEXT.subtract(n, mean), 2) for n in numbers)
    return FEEL_CONTEXT.sqrt(FEEL_CONTEXT.divide(squares, Decimal(len(numbers) - 1)))


@_feel("mode", "*list")
def _mode(items: list[Any]) -> list[Decimal]:
    numbers = _numbers("mode", items)
    counts: dict[Decimal, int] = {}
    for n in numbers:
        counts[n] = counts.get(n, 0) + 1  # Decimal("1.0") and Decimal("1") are one key
    if not counts:
        return []
    most = max(counts.values())
    return sorted(n for n, c in counts.items() if c == most)


def _booleans(fn: str, items: list[Any]) -> None:
    for i, item in enumerate(items, 1):
        if item is not None and not isinstance(item, bool):
            raise invalid(fn, "feel.reason.item-not-a-boolean", index=i, type=type_name(item))


@_feel("all", "*list")
def _all(items: list[Any]) -> bool | None:
    if any(item is False for item in items):
        return False
    _booleans("all", items)
    return None if any(item is None for item in items) else True


@_feel("any", "*list")
def _any(items: list[Any]) -> bool | None:
    if any(item is True for item in items):
        return True
    _booleans("any", items)
    return None if any(item is None for item in items) else False


@_feel("sublist", "list, start position, length?")
def _sublist(items: Any, start: Any, length: Any = None) -> list[Any] | None:
    if items is None or start is None:
        return None
    seq = _as_list(items)
    index = _position("sublist", "start position", start, len(seq))
    if length is None:
        return seq[index:]
    count = _integer("sublist", "length", length)
    if count < 0:
        raise invalid("sublist", "feel.reason.negative", param="length", value=count)
    return seq[index:index + count]


@_feel("append", "list, ...item")
def _append(items: Any, new: list[Any]) -> list[Any] | None:
    if items is None:
        return None
    return [*_as_list(items), *new]


@_feel("concatenate", "...lists")
def _concatenate(lists: list[Any]) -> list[Any] | None:
    out: list[Any] = []
    for item in lists:
        if item is None:
            return None
        out.extend(_as_list(item))
    return out


@_feel("insert before", "list, position, newItem")
def _insert_before(items: Any, position: Any, new_item: Any) -> list[Any] | None:
    if items is None or position is None:
        return None
    seq = list(_as_list(items))
    seq.insert(_position("insert before", "position", position, len(seq)), new_item)
    return seq


@_feel("remove", "list, position")
def _remove(items: Any, position: Any) -> list[Any] | None:
    if items is None or position is None:
        return None
    seq = list(_as_list(items))
    del seq[_position("remove", "position", position, len(seq))]
    return seq


@_feel("reverse", "list")
def _reverse(items: Any) -> list[Any] | None:
    if items is None:
        return None
    return list(reversed(_as_list(items)))


@_feel("index of", "list, match")
def _index_of(items: Any, match: Any) -> list[Decimal] | None:
    if items is None:
        return None
    return [Decimal(i) for i, x in enumerate(_as_list(items), 1) if feel_equal(x, match) is True]


def _distinct(values: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        if not any(feel_equal(v, seen) is True for seen in out):
            out.append(v)
    return out


@_feel("union", "...lists")
def _union(lists: list[Any]) -> list[Any] | None:
    merged = _concatenate(lists)
    return None if merged is None else _distinct(merged)


@_feel("distinct values", "list")
def _distinct_values(items: Any) -> list[Any] | None:
    if items is None:
        return None
    return _distinct(_as_list(items))


@_feel("flatten", "list")
def _flatten(items: Any) -> list[Any] | None:
    if items is None:
        return None
    out: list[Any] = []
    stack: list[Iterable[Any]] = [iter(_as_list(items))]
    work = active()
    while stack:  # iterative: deep nesting cannot exhaust Python's stack
        for item in stack[-1]:
            if isinstance(item, list):
                work.spend(1, None)     # nested lists may share items: each visit counts
                stack.append(iter(item))
                break
            out.append(item)
        else:
            stack.pop()
    return out


@_feel("sort", "list, precedes?")
def _sort(items: Any, precedes: Any = None) -> list[Any] | None:
    if items is None:
        return None
    seq = list(_as_list(items))
    if precedes is None:
        def natural(a: Any, b: Any) -> int:
            c = feel_compare(a, b)
            if c is None:
                raise FeelNull("FEEL-NOT-COMPARABLE", left=type_name(a), right=type_name(b))
            return c
        return sorted(seq, key=functools.cmp_to_key(natural))
    if not isinstance(precedes, FeelFunction):
        raise invalid("sort", "feel.reason.not-a-function", param="precedes",
                      type=type_name(precedes))

    def ordered(a: Any, b: Any) -> int:
        result = precedes.invoke([a, b], None)
        if result is not None and not isinstance(result, bool):
            raise invalid("sort", "feel.reason.returned-not-a-boolean", param="precedes",
                          type=type_name(result))

        # sorted() only asks "a < b?", so -1/1 is a consistent order and stays stable.
        return -1 if result is True else 1

    return sorted(seq, key=functools.cmp_to_key(ordered))


def _replace_at(items: Any, position: Any, new_item: Any) -> list[Any] | None:
    if items is None or position is None:
        return None
    seq = list(_as_list(items))
    n = _number("list replace", "position", position)
    whole = n.to_integral_value(rounding=decimal.ROUND_DOWN)  # 2.5 is position 2
    seq[_position("list replace", "position", whole, len(seq))] = new_item
    return seq


@_feel("list replace", "list, position, newItem",
       lambda args: not isinstance(args[1], FeelFunction))
def _list_replace(items: Any, position: Any, new_item: Any) -> list[Any] | None:
    return _replace_at(items, position, new_item)


@_feel("list replace", "list, match, newItem")
def _list_replace_match(items: Any, match: Any, new_item: Any) -> list[Any] | None:
    if items is None or match is None:
        return None
    if not isinstance(match, FeelFunction):
        return _replace_at(items, match, new_item)
    out = []
    for item in _as_list(items):
        hit = match.invoke([item, new_item], None)
        if not isinstance(hit, bool):
            raise invalid("list replace", "feel.reason.returned-not-a-boolean", param="match",
                          type=type_name(hit))
        out.append(new_item if hit else item)
    return out


# --------------------------------------------------------------------------------------
# Context functions
# --------------------------------------------------------------------------------------

@_feel("get value", "m, key")
def _get_value(m: Any, key: Any) -> Any:
    if m is None or key is None:
        return None
    context = _context("get value", "m", m)
    return context.get(_string("get value", "key", key))


@_feel("get entries", "m")
def _get_entries(m: Any) -> list[dict[str, Any]] | None:
    if m is None:
        return None
    return [{"key": k, "value": v} for k, v in _context("get entries", "m", m).items()]


def _entry(index: int, item: Any) -> tuple[str, Any]:
    """One ``{key: .., value: ..}`` of context(entries) as a key and its value."""
    if not isinstance(item, dict):
        raise invalid("context", "feel.reason.item-not-a-context", index=index,
                      type=type_name(item))
    key = item.get("key")
    if not isinstance(key, str):
        raise invalid("context", "feel.reason.entry-key", index=index, type=type_name(key))
    if "value" not in item:
        raise invalid("context", "feel.reason.entry-value", index=index)
    return key, item["value"]


@_feel("context", "entries")
def _context_of(entries: Any) -> dict[str, Any] | None:
    if entries is None:
        return None
    out: dict[str, Any] = {}
    for i, item in enumerate(_as_list(entries), 1):
        key, value = _entry(i, item)
        if key in out:
            raise invalid("context", "feel.reason.key-twice", key=key)
        out[key] = value
    return out


def _put(fn: str, context: Any, keys: list[Any], value: Any) -> dict[str, Any]:
    """``context`` with ``value`` at the path ``keys`` (a new context; nested contexts on
    the path are copied, never changed)."""
    out = dict(_context(fn, "context", context))
    key = keys[0]
    if not isinstance(key, str):
        raise invalid(fn, "feel.reason.not-a-string", param="key", type=type_name(key))
    if len(keys) == 1:
        out[key] = value
        return out
    inner = out.get(key)
    if not isinstance(inner, dict):
        raise invalid(fn, "feel.reason.key-not-a-context", key=key, type=type_name(inner))
    out[key] = _put(fn, inner, keys[1:], value)
    return out


@_feel("context put", "context, key, value", lambda args: not isinstance(args[1], list))
def _context_put(context: Any, key: Any, value: Any) -> dict[str, Any] | None:
    if context is None or key is None:
        return None
    return _put("context put", context, [key], value)


@_feel("context put", "context, keys, value")
def _context_put_keys(context: Any, keys: Any, value: Any) -> dict[str, Any] | None:
    if context is None or keys is None:
        return None
    if not isinstance(keys, list):
        return _context_put(context, keys, value)
    if not keys:
        raise invalid("context put", "feel.reason.keys-empty")
    return _put("context put", context, keys, value)


@_feel("context merge", "contexts")
def _context_merge(contexts: Any) -> dict[str, Any] | None:
    if contexts is None:
        return None
    out: dict[str, Any] = {}
    for i, item in enumerate(_as_list(contexts), 1):
        if not isinstance(item, dict):
            raise invalid("context merge", "feel.reason.item-not-a-context", index=i,
                          type=type_name(item))
        out.update(item)
    return out


# --------------------------------------------------------------------------------------
# is(value1, value2): the same value, and for times the same zone
# --------------------------------------------------------------------------------------

@_feel("is", "value1, value2")
def _is(value1: Any, value2: Any) -> bool:
    if type_name(value1) != type_name(value2):
        return False
    if isinstance(value1, (_dt.time, _dt.datetime)):
        if zone_of(value1) != zone_of(value2):
            return False
        return value1.replace(tzinfo=None) == value2.replace(tzinfo=None)
    return feel_equal(value1, value2) is True


# --------------------------------------------------------------------------------------
# Temporal functions
# --------------------------------------------------------------------------------------

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")


@_feel("day of year", "date")
def _day_of_year(date: Any) -> Decimal | None:
    if date is None:
        return None
    d = _date_like("day of year", "date", date)
    return Decimal(wide.day_number(d) - wide.day_number(wide.WideDate(d.year, 1, 1)) + 1)


@_feel("day of week", "date")
def _day_of_week(date: Any) -> str | None:
    if date is None:
        return None
    return _DAY_NAMES[_date_like("day of week", "date", date).weekday()]


@_feel("month of year", "date")
def _month_of_year(date: Any) -> str | None:
    if date is None:
        return None
    return _MONTH_NAMES[_date_like("month of year", "date", date).month - 1]


@_feel("week of year", "date")
def _week_of_year(date: Any) -> Decimal | None:
    if date is None:
        return None
    return Decimal(wide.iso_week(_date_like("week of year", "date", date)))


@builtin("now", "")
def _now() -> Any:
    """The current date and time, in UTC (FEEL 1.5)."""
    return _dt.datetime.now(_dt.UTC)


@builtin("today", "")
def _today() -> Any:
    """The current date (FEEL 1.5). Inside a rule pack's evaluation the compiler binds
    today() to the evaluation's as-of date instead, so results can be replayed."""
    import datetime as _datetime
    return _datetime.date.today()


# The range functions live in their own module; importing it registers them.
from regel.feel import range_functions as _range_functions  # noqa: E402,F401
