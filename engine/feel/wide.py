"""Dates, times and dates and times Python's datetime cannot hold: years -999,999,999 to
999,999,999 (proleptic Gregorian calendar, year 0 is 1 BC as in XML Schema 1.1) and
fractions of a second finer than microseconds. A value the standard types can hold is
always one of them: the ``make_*`` functions narrow to ``date``, ``time`` or ``datetime``
and give a ``WideDate``, ``WideTime`` or ``WideDateTime`` only for the rest. The other
helpers accept both kinds, so that FEEL's arithmetic has one meaning for both.
Public view of a wide value: its fields (``year`` ... ``nanosecond``, ``tzinfo``) and
``regel.feel.values.to_string``, which prints it as the standard types are printed.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

__all__ = [
    "MIN_YEAR", "MAX_YEAR", "SECOND", "DAY", "WideDate", "WideDateTime", "WideTime",
    "DATES", "DATETIMES", "TIMES", "days_in_month", "day_number", "clock_nanos",
    "local_nanos", "nanosecond", "utc_offset", "make_date", "make_datetime", "make_time",
    "date_of", "time_of", "combine", "date_text", "date_part", "iso_week", "zone_of",
    "offset_text", "zone_text", "clock_text",
]

MIN_YEAR, MAX_YEAR = -999_999_999, 999_999_999
#: nanoseconds in a second and in a day
SECOND = 1_000_000_000
DAY = 86_400 * SECOND


@dataclass(frozen=True, slots=True)
class WideDate:
    """A date outside years 1..9999."""

    year: int
    month: int
    day: int

    def weekday(self) -> int:
        """Monday is 0, as ``date.weekday``."""
        return (day_number(self) + 3) % 7       # 1970-01-01 was a Thursday

    def isoweekday(self) -> int:
        return self.weekday() + 1

    def __str__(self) -> str:
        return date_text(self)


@dataclass(frozen=True, slots=True)
class WideDateTime(WideDate):
    """A date and time outside years 1..9999 or with nanoseconds; a ``WideDate`` as a
    ``datetime`` is a ``date``."""

    hour: int = 0
    minute: int = 0
    second: int = 0
    nanosecond: int = 0
    tzinfo: _dt.tzinfo | None = None

    def utcoffset(self) -> _dt.timedelta | None:
        return utc_offset(self)

    def __str__(self) -> str:
        return f"{date_text(self)}T{clock_text(self)}{zone_text(self)}"


@dataclass(frozen=True, slots=True)
class WideTime:
    """A time of day with nanoseconds that are not whole microseconds."""

    hour: int
    minute: int
    second: int
    nanosecond: int
    tzinfo: _dt.tzinfo | None = None

    def utcoffset(self) -> _dt.timedelta | None:
        return None if self.tzinfo is None else self.tzinfo.utcoffset(None)

    def __str__(self) -> str:
        return clock_text(self) + zone_text(self)


#: dates (dates and times are dates too, as in Python), dates and times, times
DATES = (_dt.date, WideDate)
DATETIMES = (_dt.datetime, WideDateTime)
TIMES = (_dt.time, WideTime)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    """The days of a month of the proleptic Gregorian calendar, in any year."""
    if month == 2:
        return 29 if _is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days from 1970-01-01 (H. Hinnant's algorithm; floor division serves any year)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def _civil_from_days(days: int) -> tuple[int, int, int]:
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


def day_number(value: Any) -> int:
    """Days from 1970-01-01 to a date's (or a date and time's) day."""
    if isinstance(value, _dt.date):
        return value.toordinal() - 719163
    return _days_from_civil(value.year, value.month, value.day)


def nanosecond(value: Any) -> int:
    """The fraction of the second of a time or date and time, in nanoseconds."""
    if isinstance(value, (_dt.time, _dt.datetime)):
        return value.microsecond * 1000
    return int(value.nanosecond)


def clock_nanos(value: Any) -> int:
    """Nanoseconds since midnight of a time or a date and time (0 for a date)."""
    if isinstance(value, DATES) and not isinstance(value, DATETIMES):
        return 0
    return (value.hour * 3600 + value.minute * 60 + value.second) * SECOND + nanosecond(value)


def local_nanos(value: Any) -> int:
    """Nanoseconds from 1970-01-01T00:00 to a date or date and time's wall clock."""
    return day_number(value) * DAY + clock_nanos(value)


def _proxy_year(year: int) -> int:
    """A year of Python's range with the same calendar (the Gregorian calendar repeats
    every 400 years), to ask a time zone for its rules far outside that range."""
    if year < 1:
        return 400 + year % 400       # before any zone's history: local mean time
    return 9600 + year % 400 if year > 9999 else year


def utc_offset(value: Any) -> _dt.timedelta | None:
    """The offset from UTC of a time or date and time, or None (a local value, or a
    time with a zone id, which has no offset without a date)."""
    if not isinstance(value, WideDateTime):
        return value.utcoffset() if isinstance(value, DATETIMES + TIMES) else None
    tz = value.tzinfo
    if tz is None:
        return None
    if not isinstance(tz, ZoneInfo):
        return tz.utcoffset(None)
    year = _proxy_year(value.year)
    day = min(value.day, days_in_month(year, value.month))
    return _dt.datetime(year, value.month, day, value.hour, value.minute, value.second,
                        tzinfo=tz).utcoffset()


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise OverflowError(year)


def make_date(days: int) -> _dt.date | WideDate:
    """The date ``days`` after 1970-01-01; OverflowError beyond FEEL's years."""
    if -719162 <= days <= 2932896:                 # 0001-01-01 .. 9999-12-31
        return _dt.date.fromordinal(days + 719163)
    year, month, day = _civil_from_days(days)
    _check_year(year)
    return WideDate(year, month, day)


def make_time(nanos: int, tz: _dt.tzinfo | None) -> _dt.time | WideTime:
    """The time ``nanos`` after midnight (taken modulo a day), in zone ``tz``."""
    nanos %= DAY
    secs, frac = divmod(nanos, SECOND)
    minutes, s = divmod(secs, 60)
    h, m = divmod(minutes, 60)
    if frac % 1000:
        return WideTime(h, m, s, frac, tz)
    return _dt.time(h, m, s, frac // 1000, tzinfo=tz)


def make_datetime(nanos: int, tz: _dt.tzinfo | None) -> _dt.datetime | WideDateTime:
    """The date and time ``nanos`` after 1970-01-01T00:00 (wall clock), in zone ``tz``."""
    days, clock = divmod(nanos, DAY)
    d = make_date(days)
    t = make_time(clock, tz)
    if isinstance(d, _dt.date) and isinstance(t, _dt.time):
        return _dt.datetime.combine(d, t)
    return WideDateTime(d.year, d.month, d.day, t.hour, t.minute, t.second, nanosecond(t),
                        tz)


def date_of(year: int, month: int, day: int) -> _dt.date | WideDate:
    """The date of these fields; ValueError if there is no such day or year."""
    if not (1 <= month <= 12 and 1 <= day <= days_in_month(year, month)):
        raise ValueError((year, month, day))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(year)
    return _dt.date(year, month, day) if 1 <= year <= 9999 else WideDate(year, month, day)


def time_of(hour: int, minute: int, second: int, nanos: int,
            tz: _dt.tzinfo | None) -> _dt.time | WideTime:
    return make_time((hour * 3600 + minute * 60 + second) * SECOND + nanos, tz)


def combine(day: Any, time: Any) -> _dt.datetime | WideDateTime:
    """A date (or a date and time's day) at a time, in the time's zone."""
    if type(day) is _dt.date and type(time) is _dt.time:
        return _dt.datetime.combine(day, time)
    return make_datetime(day_number(day) * DAY + clock_nanos(time), time.tzinfo)


def date_part(value: Any) -> _dt.date | WideDate:
    """The day of a date and time (a date is its own day)."""
    return make_date(day_number(value))


def date_text(value: Any) -> str:
    """``2017-12-31``, ``-2017-12-31``, ``999999999-12-31``: at least four digits."""
    year = value.year
    return f"{'-' if year < 0 else ''}{abs(year):04d}-{value.month:02d}-{value.day:02d}"


def _iso_weeks(year: int) -> int:
    """52 or 53: a year has 53 ISO weeks when it starts on a Thursday, or on a
    Wednesday in a leap year."""
    jan1 = (_days_from_civil(year, 1, 1) + 3) % 7
    return 53 if jan1 == 3 or (jan1 == 2 and _is_leap(year)) else 52


def iso_week(value: Any) -> int:
    """The ISO 8601 week of the year of a date, in any year (as ``isocalendar()[1]``)."""
    if isinstance(value, _dt.date):
        return value.isocalendar()[1]
    days = _days_from_civil(value.year, value.month, value.day)
    day_of_year = days - _days_from_civil(value.year, 1, 1) + 1
    week = (day_of_year - ((days + 3) % 7 + 1) + 10) // 7
    if week < 1:
        return _iso_weeks(value.year - 1)
    return 1 if week > _iso_weeks(value.year) else week


def zone_of(value: Any) -> str | _dt.timedelta | None:
    """The time zone of a time or date and time: its IANA name (``Europe/Copenhagen``),
    else its offset from UTC, else None (a local time)."""
    tz = value.tzinfo
    if tz is None:
        return None
    key = getattr(tz, "key", None)
    if key:
        return str(key)
    return utc_offset(value)


def offset_text(offset: _dt.timedelta) -> str:
    """An offset from UTC as ``+01:00`` or ``-05:30`` (``+05:30:15`` with seconds)."""
    total = int(offset.total_seconds())
    sign = "-" if total < 0 else "+"
    minutes, secs = divmod(abs(total), 60)
    h, m = divmod(minutes, 60)
    return f"{sign}{h:02d}:{m:02d}" + (f":{secs:02d}" if secs else "")


def zone_text(value: Any) -> str:
    """``@Europe/Paris``, ``Z``, ``+01:00``, or nothing for a local value."""
    zone = zone_of(value)
    if zone is None:
        return ""
    if isinstance(zone, str):
        return "@" + zone
    return "Z" if zone == _dt.timedelta(0) else offset_text(zone)


def clock_text(t: Any) -> str:
    """``11:22:33``, ``11:22:33.5``, ``11:22:33.123456789``: no trailing zeros."""
    out = f"{t.hour:02d}:{t.minute:02d}:{t.second:02d}"
    nanos = nanosecond(t)
    if nanos:
        out += ("." + f"{nanos:09d}").rstrip("0")
    return out
