"""Parsing FEEL's temporal strings (XML Schema's lexical forms) and the calendar arithmetic
they need. Every parser raises ``FeelNull("FEEL-INVALID-TEMPORAL", ...)`` for bad input
and never another exception. The accepted forms: docs/feel.md.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal, DecimalException
from typing import Any
from zoneinfo import ZoneInfo

from regel.feel import wide
from regel.feel.values import (
    FEEL_CONTEXT,
    DaysTimeDuration,
    FeelNull,
    YearsMonthsDuration,
)
from regel.feel.wide import WideDate, WideDateTime, WideTime

__all__ = [
    "MAX_OFFSET",
    "add_months",
    "parse_date",
    "parse_date_and_time",
    "parse_duration",
    "parse_temporal",
    "parse_time",
    "zone",
]

#: The largest offset from UTC that XML Schema allows (and we accept).
MAX_OFFSET = _dt.timedelta(hours=14)

# [0-9] rather than \d: Python's \d also matches other scripts' digits.
_DATE_RE = re.compile(r"(-?)([0-9]{4,10})-([0-9]{2})-([0-9]{2})")
_TIME_RE = re.compile(
    r"([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
    r"(?:(Z)|([+-])([0-9]{2}):([0-9]{2})|@([A-Za-z0-9_+\-/]+))?"
)
_DURATION_RE = re.compile(
    r"(-)?P(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)D)?"
    r"(T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+(?:\.[0-9]*)?|\.[0-9]+)S)?)?"
)

def _invalid(text: object, kind: str) -> FeelNull:
    return FeelNull("FEEL-INVALID-TEMPORAL", text=text, type=kind)


def zone(key: str) -> ZoneInfo | None:
    """The IANA time zone ``key``, or None when there is no such zone."""
    if not key or key.startswith("/") or ".." in key:
        return None
    try:
        return ZoneInfo(key)
    except (LookupError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return None


def _date_parts(text: str) -> _dt.date | WideDate | None:
    m = _DATE_RE.fullmatch(text)
    if m is None:
        return None
    sign, year_text, month_text, day_text = m.groups()
    if len(year_text) > 4 and year_text.startswith("0"):
        return None
    if len(year_text) > 9 or (sign and not int(year_text)):
        return None  # beyond FEEL's years, or "-0000"
    year = int(sign + year_text)
    try:
        if 1 <= year <= 9999:
            return _dt.date(year, int(month_text), int(day_text))
        return wide.date_of(year, int(month_text), int(day_text))
    except ValueError:  # month 13, 29 February of a common year, ...
        return None


def _zone_info(utc: str | None, sign: str | None, off_h: str | None, off_m: str | None,
               zone_id: str | None) -> _dt.tzinfo | None | bool:
    """The zone of a time's text: a tzinfo, None (local) or False (no valid zone)."""
    if utc:
        return _dt.UTC
    if sign:
        hours, minutes = int(off_h or 0), int(off_m or 0)
        offset = _dt.timedelta(hours=hours, minutes=minutes)
        if minutes > 59 or offset > MAX_OFFSET:
            return False
        return _dt.UTC if not offset else _dt.timezone(-offset if sign == "-" else offset)
    if zone_id:
        return zone(zone_id) or False
    return None


def _time_parts(text: str) -> tuple[_dt.time | WideTime, bool] | None:
    """The time and whether it was ``24:00:00`` (the end of the day)."""
    m = _TIME_RE.fullmatch(text)
    if m is None:
        return None
    hh, mm, ss, frac, utc, sign, off_h, off_m, zone_id = m.groups()
    hour, minute, second = int(hh), int(mm), int(ss)
    nanos = int((frac or "")[:9].ljust(9, "0"))     # finer than nanoseconds: cut off
    end_of_day = False
    if hour == 24:
        if minute or second or (frac and frac.strip("0")):
            return None
        hour, nanos, end_of_day = 0, 0, True
    if hour > 23 or minute > 59 or second > 59:
        return None
    tz = _zone_info(utc, sign, off_h, off_m, zone_id)
    if isinstance(tz, bool):
        return None
    return wide.time_of(hour, minute, second, nanos, tz), end_of_day


def parse_date(text: str) -> _dt.date | WideDate:
    """``"2012-12-25"`` -> ``date(2012, 12, 25)``; ``"-2017-12-31"`` -> a ``WideDate``."""
    result = _date_parts(text) if isinstance(text, str) else None
    if result is None:
        raise _invalid(text, "date")
    return result


def parse_time(text: str) -> _dt.time | WideTime:
    """``"13:20:00+02:00"``, ``"00:01:00@Etc/UTC"``, ``"11:22:33.444"`` -> ``time``;
    ``"11:22:33.123456789"`` -> a ``WideTime``."""
    parts = _time_parts(text) if isinstance(text, str) else None
    if parts is None:
        raise _invalid(text, "time")
    return parts[0]


def parse_date_and_time(text: str) -> _dt.datetime | WideDateTime:
    """``"2012-12-25T11:00:00Z"`` -> ``datetime``; ``"2012-12-24"`` is that day's midnight;
    a year outside 1..9999 or nanoseconds give a ``WideDateTime``."""
    if not isinstance(text, str):
        raise _invalid(text, "date and time")
    date_text, sep, time_text = text.partition("T")
    d = _date_parts(date_text)
    if d is None:
        raise _invalid(text, "date and time")
    parts = _time_parts(time_text) if sep else (_dt.time(0), False)
    if parts is None:
        raise _invalid(text, "date and time")
    t, end_of_day = parts
    try:
        if end_of_day:
            return wide.make_datetime((wide.day_number(d) + 1) * wide.DAY, t.tzinfo)
        return wide.combine(d, t)
    except OverflowError:
        raise _invalid(text, "date and time") from None


def parse_duration(text: str) -> DaysTimeDuration | YearsMonthsDuration:
    """``"P1Y2M"`` -> ``YearsMonthsDuration(14)``; ``"P1DT2H"`` -> ``DaysTimeDuration``."""
    m = _DURATION_RE.fullmatch(text) if isinstance(text, str) else None
    if m is None:
        raise _invalid(text, "duration")
    neg, years, months, days, t_part, hours, minutes, seconds = m.groups()
    has_ym = years is not None or months is not None
    has_dt = days is not None or hours is not None or minutes is not None or seconds is not None
    if t_part is not None and hours is None and minutes is None and seconds is None:
        raise _invalid(text, "duration")  # "PT", "P1DT"
    if not has_ym and not has_dt:
        raise _invalid(text, "duration")  # "P"
    if has_ym and has_dt:
        raise _invalid(text, "duration")  # FEEL has no mixed durations
    sign = -1 if neg else 1
    if has_ym:
        return YearsMonthsDuration(sign * (int(years or 0) * 12 + int(months or 0)))
    try:
        total = Decimal(0)
        for amount, unit in ((days, 86400), (hours, 3600), (minutes, 60)):
            if amount is not None:
                total = FEEL_CONTEXT.add(total, FEEL_CONTEXT.multiply(Decimal(amount), unit))
        if seconds is not None:
            total = FEEL_CONTEXT.add(total, Decimal(seconds))
    except DecimalException:
        raise _invalid(text, "duration") from None
    if total == 0:
        return DaysTimeDuration(Decimal(0))
    return DaysTimeDuration(-total if neg else total)


def parse_temporal(text: str) -> Any:
    """A FEEL ``@"..."`` literal, whose type is decided by its shape."""
    if not isinstance(text, str):
        raise _invalid(text, "date")
    if text.startswith(("P", "-P")):
        return parse_duration(text)
    local = text.partition("@")[0]  # a zone id may contain 'T' (America/Thule)
    if "T" in local:
        return parse_date_and_time(text)
    if ":" in local:
        return parse_time(text)
    return parse_date(text)


def add_months(d: Any, months: int) -> tuple[Any, bool]:
    """``d`` (a date or date and time) moved by ``months`` calendar months, as XPath adds
    a yearMonthDuration.

    The day of the month is kept when the target month has it, else it becomes that
    month's last day; the flag says whether that happened (31 Jan + P1M -> 28/29 Feb).
    Times and time zones of a date and time are kept. Years beyond FEEL's raise
    ``FeelNull("FEEL-OVERFLOW")``.
    """
    total = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(total, 12)
    if not wide.MIN_YEAR <= year <= wide.MAX_YEAR:
        raise FeelNull("FEEL-OVERFLOW")
    last = wide.days_in_month(year, month0 + 1)
    day = min(d.day, last)
    if isinstance(d, _dt.date) and 1 <= year <= 9999:
        return d.replace(year=year, month=month0 + 1, day=day), d.day > last
    moved = wide.date_of(year, month0 + 1, day)
    if isinstance(d, wide.DATETIMES):
        moved = wide.combine(moved, d)
    return moved, d.day > last
