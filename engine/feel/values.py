"""FEEL values as Python objects, and the semantics every stage shares. Operations FEEL
defines as null raise ``FeelNull``; the compiler turns it into null plus a warning.
The FEEL types and their Python forms: docs/feel.md.
"""

from __future__ import annotations

import datetime as _dt
import decimal
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from regel.feel import wide
from regel.feel.budget import active
from regel.feel.wide import WideDate, WideDateTime, WideTime

__all__ = [
    "FEEL_CONTEXT",
    "DaysTimeDuration",
    "YearsMonthsDuration",
    "Range",
    "FeelFunction",
    "FeelNull",
    "number",
    "type_name",
    "is_number",
    "feel_equal",
    "feel_compare",
    "to_string",
    "to_feel_literal",
    "zone_of",
    "offset_text",
]

#: FEEL numbers: IEEE 754-2008 Decimal128, i.e. 34 significant digits, round half even.
FEEL_CONTEXT = decimal.Context(prec=34, rounding=decimal.ROUND_HALF_EVEN,
                               Emin=-6143, Emax=6144,
                               traps=[decimal.InvalidOperation, decimal.DivisionByZero,
                                      decimal.Overflow])


class FeelNull(Exception):
    """Raised inside an operation whose FEEL result is null, with the reason as data.

    ``code`` is a stable warning code (see ``regel.feel.warnings``) and ``values`` fill
    its message template. Never escapes compiled code: it becomes a warning.
    """

    def __init__(self, code: str, **values: Any) -> None:
        super().__init__(code)
        self.code = code
        self.values = values


@dataclass(frozen=True, slots=True, order=True)
class DaysTimeDuration:
    """A days-and-time duration, held exactly as a number of seconds."""

    seconds: Decimal

    @classmethod
    def of(cls, days: int = 0, hours: int = 0, minutes: int = 0,
           seconds: Decimal | int = 0) -> DaysTimeDuration:
        c = FEEL_CONTEXT
        total = c.add(c.add(c.multiply(Decimal(days), Decimal(86400)),
                            c.multiply(Decimal(hours), Decimal(3600))),
                      c.add(c.multiply(Decimal(minutes), Decimal(60)), Decimal(seconds)))
        return cls(total)

    @classmethod
    def from_timedelta(cls, td: _dt.timedelta) -> DaysTimeDuration:
        # exact: a timedelta holds whole microseconds
        micro = (td.days * 86400 + td.seconds) * 1_000_000 + td.microseconds
        return cls(Decimal(micro).scaleb(-6).normalize(FEEL_CONTEXT)
                   if micro % 1_000_000 else Decimal(micro // 1_000_000))

    def to_timedelta(self) -> _dt.timedelta:
        """The duration as a timedelta (to the microsecond); FeelNull if too large."""
        whole = int(self.seconds.to_integral_value(rounding=decimal.ROUND_FLOOR))
        micro = int(((self.seconds - whole) * 1_000_000).to_integral_value(
            rounding=decimal.ROUND_HALF_EVEN))
        try:
            return _dt.timedelta(seconds=whole, microseconds=micro)
        except OverflowError:
            raise FeelNull("FEEL-OVERFLOW") from None

    def __neg__(self) -> DaysTimeDuration:
        return DaysTimeDuration(-self.seconds)

    # Components as FEEL's properties define them (the sign applies to each).
    def _parts(self) -> tuple[int, int, int, int, Decimal]:
        sign = -1 if self.seconds < 0 else 1
        total = abs(self.seconds)
        whole = int(total)
        frac = total - whole
        days, rest = divmod(whole, 86400)
        hours, rest = divmod(rest, 3600)
        minutes, secs = divmod(rest, 60)
        return sign, days, hours, minutes, Decimal(secs) + frac

    @property
    def days(self) -> int:
        sign, d, _, _, _ = self._parts()
        return sign * d

    @property
    def hours(self) -> int:
        sign, _, h, _, _ = self._parts()
        return sign * h

    @property
    def minutes(self) -> int:
        sign, _, _, m, _ = self._parts()
        return sign * m

    @property
    def secs(self) -> Decimal:
        sign, _, _, _, s = self._parts()
        return sign * s

    def __str__(self) -> str:
        sign, d, h, m, s = self._parts()
        if self.seconds == 0:
            return "PT0S"
        out = "-P" if sign < 0 else "P"
        if d:
            out += f"{d}D"
        if h or m or s:
            out += "T"
            if h:
                out += f"{h}H"
            if m:
                out += f"{m}M"
            if s:
                out += f"{_plain(s)}S"
        return out


@dataclass(frozen=True, slots=True, order=True)
class YearsMonthsDuration:
    """A years-and-months duration, held as a whole number of months."""

    months: int

    def __neg__(self) -> YearsMonthsDuration:
        return YearsMonthsDuration(-self.months)

    @property
    def years(self) -> int:
        sign = -1 if self.months < 0 else 1
        return sign * (abs(self.months) // 12)

    @property
    def months_part(self) -> int:
        sign = -1 if self.months < 0 else 1
        return sign * (abs(self.months) % 12)

    def __str__(self) -> str:
        if self.months == 0:
            return "P0M"
        y, m = divmod(abs(self.months), 12)
        out = "-P" if self.months < 0 else "P"
        if y:
            out += f"{y}Y"
        if m:
            out += f"{m}M"
        return out


@dataclass(frozen=True, slots=True)
class Range:
    """A FEEL range (interval). ``test`` is "" for a range literal (``[1..10]``, whose null
    end is unknown: what it contains is null) and the operator of a unary test used as a
    value (``(< 10)``: no start, an excluded end at 10; ``(= 10)``, ``(!= 10)``), which
    equals only a range written the same way (DMN 1.5, 10.3.2.7)."""

    start: Any
    end: Any
    start_included: bool = True
    end_included: bool = True
    test: str = ""

    def contains(self, value: Any) -> bool | None:
        """True/False, or None when the value cannot be compared with the endpoints."""
        if value is None:
            return None
        if self.test:
            if self.test in ("=", "!="):
                eq = feel_equal(value, self.start)
                return eq if eq is None or self.test == "=" else not eq
        elif self.start is None or self.end is None:
            return None
        if self.start is not None:
            c = feel_compare(self.start, value)
            if c is None:
                return None
            if c > 0 or (c == 0 and not self.start_included):
                return False
        if self.end is not None:
            c = feel_compare(value, self.end)
            if c is None:
                return None
            if c > 0 or (c == 0 and not self.end_included):
                return False
        return True

    def __str__(self) -> str:
        if self.test in ("=", "!="):
            return f"{self.test} {to_feel_literal(self.start)}"
        if self.test and self.start is None:
            return ("<= " if self.end_included else "< ") + to_feel_literal(self.end)
        if self.test:
            return (">= " if self.start_included else "> ") + to_feel_literal(self.start)
        return (("[" if self.start_included else "(") + to_feel_literal(self.start) + ".."
                + to_feel_literal(self.end) + ("]" if self.end_included else ")"))


class FeelFunction:
    """A callable FEEL value: a built-in or a user-defined ``function(a, b) ...``.

    ``invoke(args, named)`` receives positional values and named values; built-ins and
    user functions bind them to ``params`` in the same way. Equal to another by its name
    and parameters. (A plain class, not a frozen dataclass: a traced evaluation makes
    several, and a frozen dataclass's fields are set one call each; nothing changes one
    once made.)
    """

    __slots__ = ("name", "params", "invoke")

    def __init__(self, name: str, params: tuple[str, ...],
                 invoke: Callable[[list[Any], dict[str, Any] | None], Any]) -> None:
        self.name = name
        self.params = params
        self.invoke = invoke

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FeelFunction):
            return NotImplemented
        return self.name == other.name and self.params == other.params

    def __hash__(self) -> int:
        return hash((self.name, self.params))

    def __repr__(self) -> str:
        return f"FeelFunction(name={self.name!r}, params={self.params!r}, invoke={self.invoke!r})"

    def __str__(self) -> str:
        name = "" if self.name == "function" else f" {self.name}"
        return f"function{name}({', '.join(self.params)})"


def number(value: int | str | Decimal) -> Decimal:
    """A FEEL number from an int, a numeric string or a Decimal (rounded to 34 digits)."""
    return FEEL_CONTEXT.plus(Decimal(value))


def is_number(value: Any) -> bool:
    return isinstance(value, Decimal)


def type_name(value: Any) -> str:
    """The FEEL type name of a value, as ``instance of`` and messages spell it."""
    if value is None:
        return "Null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, Decimal):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, wide.DATETIMES):     # before DATES: a datetime is a date too
        return "date and time"
    if isinstance(value, wide.DATES):
        return "date"
    if isinstance(value, wide.TIMES):
        return "time"
    if isinstance(value, DaysTimeDuration):
        return "days and time duration"
    if isinstance(value, YearsMonthsDuration):
        return "years and months duration"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "context"
    if isinstance(value, Range):
        return "range"
    if isinstance(value, FeelFunction):
        return "function"
    return type(value).__name__


def _time_key(t: Any) -> tuple[int, ...]:
    """Times with an offset compare on the UTC instant; naive ones as wall clock."""
    off = wide.utc_offset(t)
    if off is None:
        return (wide.clock_nanos(t),)
    return ((wide.clock_nanos(t) - (off // _dt.timedelta(microseconds=1)) * 1000) % wide.DAY,)


def _point_key(v: Any) -> int:
    """A date or date and time as nanoseconds: from the UTC instant when it has an offset,
    else from its wall clock."""
    off = wide.utc_offset(v) if isinstance(v, wide.DATETIMES) else None
    local = wide.local_nanos(v)
    return local if off is None else local - (off // _dt.timedelta(microseconds=1)) * 1000


def _aware(v: Any) -> bool:
    return v.tzinfo is not None and wide.utc_offset(v) is not None


_PLAIN_ORDERED = (Decimal, str, _dt.date)


def feel_compare(a: Any, b: Any) -> int | None:
    """-1/0/1 for ordered values of the same kind; None where FEEL's ``<`` is null."""
    ta = type(a)
    if ta is type(b) and ta in _PLAIN_ORDERED:  # the common case, decided at once
        return (a > b) - (a < b)
    if a is None or b is None:
        return None
    ka, kb = type_name(a), type_name(b)
    if ka != kb:
        return None
    if ka in ("number", "string", "days and time duration", "years and months duration"):
        return (a > b) - (a < b)
    x: Any
    y: Any
    if ka == "date":
        x, y = wide.day_number(a), wide.day_number(b)
    elif ka == "date and time":
        if (a.tzinfo is not None) != (b.tzinfo is not None):
            return None
        if ta is type(b) is _dt.datetime:
            return (a > b) - (a < b)
        x, y = _point_key(a), _point_key(b)
    elif ka == "time":
        if _aware(a) != _aware(b):
            return None
        x, y = _time_key(a), _time_key(b)
    else:
        return None
    return (x > y) - (x < y)


def _whole_seconds(v: Any) -> Any:
    """A time or date and time without its fraction of a second: FEEL's ``=`` on them
    counts whole seconds (the DMN TCK: "value resolution is seconds")."""
    if type(v) in (_dt.time, _dt.datetime):
        return v.replace(microsecond=0) if v.microsecond else v
    if isinstance(v, WideTime):
        return _dt.time(v.hour, v.minute, v.second, tzinfo=v.tzinfo)
    return wide.make_datetime(wide.local_nanos(v) // wide.SECOND * wide.SECOND, v.tzinfo)


def feel_equal(a: Any, b: Any) -> bool | None:
    """FEEL ``=``: null equals only null; values of different kinds give null."""
    ta = type(a)
    if ta is type(b) and (ta in _PLAIN_ORDERED or ta is bool):
        return bool(a == b)
    if a is None or b is None:
        return a is None and b is None
    ka, kb = type_name(a), type_name(b)
    if ka != kb:
        return None
    if ka == "list":
        if len(a) != len(b):
            return False
        active().spend(1, None)     # nested lists may share items: each visit counts
        for x, y in zip(a, b, strict=True):
            eq = feel_equal(x, y)
            if eq is not True:
                return eq
        return True
    if ka == "context":
        if a.keys() != b.keys():
            return False
        active().spend(1, None)
        for k in a:
            eq = feel_equal(a[k], b[k])
            if eq is not True:
                return eq
        return True
    if ka == "time":
        c = feel_compare(_whole_seconds(a), _whole_seconds(b))
        return None if c is None else c == 0 and (a.tzinfo is None) == (b.tzinfo is None)
    if ka == "date and time":
        if (a.tzinfo is None) != (b.tzinfo is None):
            return False
        if ta is type(b) is _dt.datetime and not (a.microsecond or b.microsecond):
            return bool(a == b)
        return feel_compare(_whole_seconds(a), _whole_seconds(b)) == 0
    if ka == "date":
        return wide.day_number(a) == wide.day_number(b)
    if ka == "range":
        return (a.test == b.test and a.start_included == b.start_included
                and a.end_included == b.end_included
                and feel_equal(a.start, b.start) is True and feel_equal(a.end, b.end) is True)
    return bool(a == b)


def _plain(d: Decimal) -> str:
    """A number as FEEL prints it: no exponent, no trailing zeros, all 34 digits."""
    if d == 0:
        return "0"
    if d == d.to_integral_value():
        return format(d, "f").split(".")[0]
    return format(d.normalize(FEEL_CONTEXT), "f")


zone_of = wide.zone_of
offset_text = wide.offset_text
_offset_text = wide.zone_text
_time_text = wide.clock_text


def to_string(value: Any) -> str:
    """FEEL ``string(value)``: the value's text without quotes ('null' for null)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return _plain(value)
    if isinstance(value, str):
        return value
    if isinstance(value, _dt.datetime):
        return f"{_date_text(value)}T{_time_text(value)}{_offset_text(value)}"
    if isinstance(value, _dt.date):
        return _date_text(value)
    if isinstance(value, (_dt.time, WideTime)):
        return _time_text(value) + _offset_text(value)
    if isinstance(value, WideDateTime):
        return f"{_date_text(value)}T{_time_text(value)}{_offset_text(value)}"
    if isinstance(value, WideDate):
        return _date_text(value)
    if isinstance(value, (list, dict)):
        return to_feel_literal(value)
    return str(value)


_date_text = wide.date_text


def to_feel_literal(value: Any) -> str:
    """The value written as FEEL source that evaluates back to it where FEEL can say it."""
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    if isinstance(value, list):
        active().spend(1, None)     # nested lists may share items: each visit counts
        return "[" + ", ".join(to_feel_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        active().spend(1, None)
        return "{" + ", ".join(f"{_key_text(k)}: {to_feel_literal(v)}"
                               for k, v in value.items()) + "}"
    if isinstance(value, wide.DATETIMES):
        return f'date and time("{to_string(value)}")'
    if isinstance(value, wide.DATES):
        return f'date("{to_string(value)}")'
    if isinstance(value, wide.TIMES):
        return f'time("{to_string(value)}")'
    if isinstance(value, (DaysTimeDuration, YearsMonthsDuration)):
        return f'duration("{value}")'
    if isinstance(value, Range):
        return str(value)
    return to_string(value)


def _key_text(key: str) -> str:
    if key and all(ch.isalnum() or ch in "_ " for ch in key) and not key[0].isdigit():
        return key
    return to_feel_literal(key)
