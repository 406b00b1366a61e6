"""Dates, times and dates and times beyond Python's datetime (regel.feel.wide): years from
-999,999,999 to 999,999,999 in the proleptic Gregorian calendar (year 0 is 1 BC, as XML
Schema 1.1 and the DMN TCK count) and nanoseconds, with FEEL's arithmetic, comparison,
properties and built-ins. Expected values come from calendar facts, not from regel: a
Gregorian leap year is one divisible by 4 but not by 100 unless by 400, and 400 Gregorian
years are exactly 146,097 days (20,871 weeks), so a date 400·k years away falls on the same
weekday and in the same ISO week, which Python's datetime can then tell.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from regel.feel import evaluate
from regel.feel.jsonio import dumps, plain
from regel.feel.values import DaysTimeDuration, to_feel_literal, to_string, type_name
from regel.feel.wide import WideDate, WideDateTime, WideTime

CYCLE_DAYS = 146_097      # days in 400 Gregorian years


def value(expression: str) -> Any:
    result = evaluate(expression)
    return result.value


def codes(expression: str) -> list[str]:
    return evaluate(expression).warning_codes


# -- arithmetic across year 0 and beyond 9999: (expression, FEEL text of the result) -----

ARITHMETIC = [
    ('date("-0001-12-31") + duration("P1D")', "0000-01-01"),     # 2 BC is followed by 1 BC
    ('date("0000-12-31") + duration("P1D")', "0001-01-01"),      # 1 BC by AD 1
    ('date("0001-01-01") - duration("P1D")', "0000-12-31"),
    ('date("0000-02-28") + duration("P1D")', "0000-02-29"),      # year 0: divisible by 400
    ('date("-0004-02-28") + duration("P1D")', "-0004-02-29"),    # divisible by 4
    ('date("-0100-02-28") + duration("P1D")', "-0100-03-01"),    # by 100, not by 400
    ('date("-0400-02-28") + duration("P1D")', "-0400-02-29"),    # by 400
    ('date("-2021-02-28") + duration("P1D")', "-2021-03-01"),    # -2021: not by 4
    ('date("9999-12-31") + duration("P1D")', "10000-01-01"),
    ('date("10000-01-01") - duration("P1D")', "9999-12-31"),
    ('date("-2021-01-31") + duration("P1M")', "-2021-02-28"),    # the day is clamped
    ('date("-2020-01-31") + duration("P1M")', "-2020-02-29"),
    ('date("-2021-02-01") + duration("P1Y")', "-2020-02-01"),
    ('date("-0001-06-15") + duration("P2Y")', "0001-06-15"),
    ('date("999999999-12-31") - duration("P999999999Y")', "0000-12-31"),
    ('date and time("-2021-01-01T10:10:10+11:00") + duration("PT1H")',
     "-2021-01-01T11:10:10+11:00"),
    ('date and time("-2021-01-01T10:10:10@Australia/Melbourne") - duration("P1D")',
     "-2022-12-31T10:10:10@Australia/Melbourne"),
    ('date and time("-2021-02-01T10:10:10+11:00") - duration("P1Y2M")',
     "-2023-12-01T10:10:10+11:00"),                               # 14 months back
    ('date and time("9999-12-31T23:59:59.999999999") + duration("PT0.000000001S")',
     "10000-01-01T00:00:00"),
    ('date and time("2017-12-31T11:22:33.123456789") + duration("PT0.000000001S")',
     "2017-12-31T11:22:33.12345679"),
    ('time("23:59:59.999999999") + duration("PT0.000000001S")', "00:00:00"),
    ('time("00:00:00") - duration("PT0.000000001S")', "23:59:59.999999999"),
    ('time("10:00:00.000000001") - time("10:00:00")', "PT0.000000001S"),
    ('date and time("-2021-01-01T10:10:10+11:00") - date and time("-2021-01-01T10:10:10Z")',
     "-PT11H"),
    ('date("-2017-12-31") - date("-2018-12-31")', "P365D"),      # -2017 is no leap year
    ('date("-2016-12-31") - date("-2017-12-31")', "P366D"),      # -2016 is one
    # a date against a zoned date and time is UTC midnight; 10:10:10+11:00 is 23:10:10Z
    ('date and time("-2021-01-02T10:10:10+11:00") - date("-2021-01-01")', "PT23H10M10S"),
    ('string(date(-999999999, 12, 31))', "-999999999-12-31"),
    ('string(date and time("99999-12-31T11:22:33"))', "99999-12-31T11:22:33"),
    ('string(time("11:22:33.123456789@Europe/Paris"))', "11:22:33.123456789@Europe/Paris"),
    ('string(date and time(date("-0001-12-31"), time("23:59:59.5+01:00")))',
     "-0001-12-31T23:59:59.5+01:00"),
]


@pytest.mark.parametrize(("expression", "text"), ARITHMETIC)
def test_arithmetic(expression: str, text: str) -> None:
    result = value(expression)
    assert result is not None, codes(expression)
    assert to_string(result) == text


def test_the_days_between_years_of_opposite_signs() -> None:
    # -2021-01-01 is 4000 years (ten cycles) before 1979-01-01
    days = 10 * CYCLE_DAYS + (dt.date(2021, 1, 1) - dt.date(1979, 1, 1)).days
    assert value('date("2021-01-01") - date("-2021-01-01")') == DaysTimeDuration(
        Decimal(days * 86400))


@pytest.mark.parametrize("expression", [
    'date("999999999-12-31") + duration("P1D")',
    'date("-999999999-01-01") - duration("P1D")',
    'date("999999999-12-31") + duration("P1M")',
    'date and time("999999999-12-31T23:59:59") + duration("PT1S")',
    'date("2000-01-01") + duration("P999999999D") * 1000',
    'date("2020-01-01") + duration("PT1000000000000000000000000000000S")',
    'time("10:00:00") + duration("PT1000000000000000000000000000000.5S")',
])
def test_beyond_feels_years_is_null(expression: str) -> None:
    assert value(expression) is None
    assert "FEEL-OVERFLOW" in codes(expression)


@pytest.mark.parametrize("expression", [
    'date(1000000000, 1, 1)', 'date(-1000000000, 12, 31)', 'date("1000000000-01-01")',
    'date("-0000-01-01")', 'date("-2017-02-29")', 'date(-2017, 2, 29)',
    'date and time("9999999999-12-27T11:22:33")', 'date and time("+99999-12-01T11:22:33")',
    # a date against a date and time without a zone: both must have one (DMN TCK)
    '@"2021-01-02" - @"2021-01-01T10:10:10"', '@"2021-01-01T00:00:00" - @"2021-01-02"',
])
def test_no_such_value_is_null(expression: str) -> None:
    assert value(expression) is None


# -- the standard types stay where they can hold the value --------------------------------

@pytest.mark.parametrize(("expression", "expected"), [
    ('date("-0001-12-31") + duration("P367D")', dt.date(1, 1, 1)),   # year 0 has 366 days
    ('date("10000-01-01") - duration("P1D")', dt.date(9999, 12, 31)),
    ('date and time("2017-12-31T11:22:33.123456789") - duration("PT0.000000789S")',
     dt.datetime(2017, 12, 31, 11, 22, 33, 123456)),
    ('time("11:22:33.123456789") + duration("PT0.000000211S")', dt.time(11, 22, 33, 123457)),
    ('date(date and time("-2017-12-31T11:22:33"))', WideDate(-2017, 12, 31)),
    ('time(date and time("-2017-12-31T11:22:33.5Z"))', dt.time(11, 22, 33, 500000, dt.UTC)),
    ('time(11, 22, 33.123456789)', WideTime(11, 22, 33, 123456789)),
    ('date and time(date("2017-01-01"), time("23:59:01.123456789"))',
     WideDateTime(2017, 1, 1, 23, 59, 1, 123456789)),
])
def test_results_are_the_standard_types_where_they_fit(expression: str, expected: Any) -> None:
    result = value(expression)
    assert type(result) is type(expected)
    assert result == expected


# -- comparison and equality ---------------------------------------------------------------

@pytest.mark.parametrize(("expression", "expected"), [
    ('date("-2017-12-31") < date("2017-12-31")', True),
    ('date("-2017-12-31") > date("-2018-01-01")', True),
    ('date("10000-01-01") > date("9999-12-31")', True),
    ('date("0000-12-31") < date("0001-01-01")', True),
    ('date("-2017-12-31") = date("-2017-12-31")', True),
    ('date("-2017-12-31") = date("2017-12-31")', False),
    ('date("-2017-12-31") in [date("-2018-01-01")..date("-2017-01-01")]', False),
    ('date("-2017-12-31") in [date("-2018-01-01")..date("2017-01-01")]', True),
    # the same instant: 10:10:10 at +11:00 is 23:10:10 UTC the day before
    ('date and time("-2021-01-01T10:10:10+11:00") = date and time("-2022-12-31T23:10:10Z")',
     True),
    ('date and time("-2021-01-01T10:10:10+11:00") < date and time("-2021-01-01T10:10:10Z")',
     True),
    ('date and time("-2021-01-01T10:10:10") < date and time("-2021-01-01T10:10:10Z")', None),
    ('date and time("-2021-01-01T10:10:10@Australia/Melbourne") = '
     'date and time("-2021-01-01T10:10:10@Australia/Melbourne")', True),
    ('time("10:00:00.000000001") > time("10:00:00")', True),
    ('date and time("2018-12-08T00:00:00.000000001") > date and time("2018-12-08T00:00:00")',
     True),
    # FEEL's = on times counts whole seconds (the DMN TCK: "value resolution is seconds")
    ('time("10:30:00.0001") = time("10:30:00.0002")', True),
    ('time("10:30:00.000000001") = time("10:30:00")', True),
    ('time("10:30:00.9") = time("10:30:01")', False),
    ('date and time("2018-12-08T00:00:00.0001") = date and time("2018-12-08T00:00:00.0000")',
     True),
    ('date and time("-2018-12-08T00:00:00.000000001") = date and time("-2018-12-08T00:00:00")',
     True),
    ('date and time("2018-12-08T00:00:00@Europe/Paris") = '
     'date and time("2018-12-08T00:00:00@Europe/Paris")', True),
])
def test_comparison(expression: str, expected: bool | None) -> None:
    assert value(expression) is expected


# -- properties and built-ins ---------------------------------------------------------------

def _weekday(year: int, month: int, day: int) -> str:
    """The weekday of a date of any year, through a year 400·k later (the same weekday)."""
    shift = 400 * ((1 - year) // 400 + 1) if year < 1 else 0
    shift = -400 * ((year - 9999) // 400 + 1) if year > 9999 else shift
    return dt.date(year + shift, month, day).strftime("%A")


def _iso_week(year: int, month: int, day: int) -> int:
    shift = 400 * ((1 - year) // 400 + 1) if year < 1 else 0
    return dt.date(year + shift, month, day).isocalendar()[1]


@pytest.mark.parametrize(("expression", "expected"), [
    ('date("-2017-12-31").year', Decimal(-2017)),
    ('date("-2017-12-31").month', Decimal(12)),
    ('date("-2017-12-31").day', Decimal(31)),
    ('date and time("99999-02-03T04:05:06.5+01:30").year', Decimal(99999)),
    ('date and time("99999-02-03T04:05:06.5+01:30").second', Decimal(6)),
    ('date and time("99999-02-03T04:05:06.5+01:30").time offset',
     DaysTimeDuration(Decimal(5400))),
    ('date and time("-2017-02-03T04:05:06@Europe/Paris").timezone', "Europe/Paris"),
    ('time("04:05:06.123456789+02:00").hour', Decimal(4)),
    ('time("04:05:06.123456789+02:00").time offset', DaysTimeDuration(Decimal(7200))),
    ('date("0000-01-01").weekday', Decimal(dt.date(2000, 1, 1).isoweekday())),
    ('day of week(date("0000-01-01"))', _weekday(0, 1, 1)),            # as 2000-01-01
    ('day of week(date("-2017-12-31"))', _weekday(-2017, 12, 31)),
    ('day of week(date and time("10000-03-01T10:00:00"))', _weekday(10000, 3, 1)),
    ('week of year(date("-2017-12-31"))', Decimal(_iso_week(-2017, 12, 31))),
    ('week of year(date("-2016-01-01"))', Decimal(_iso_week(-2016, 1, 1))),
    ('day of year(date("-2016-12-31"))', Decimal(366)),                 # -2016 is leap
    ('day of year(date("-2017-12-31"))', Decimal(365)),
    ('day of year(date("0000-03-01"))', Decimal(61)),                   # 31 + 29 + 1
    ('month of year(date("-2017-02-01"))', "February"),
    ('years and months duration(date("-2016-01-30"), date("-2017-02-28"))',
     value('duration("-P11M")')),
    ('years and months duration(date("2014-12-31"), date("-2019-10-01"))',
     value('duration("-P4033Y2M")')),
    ('years and months duration(date("-0001-03-15"), date("0001-03-15"))',
     value('duration("P2Y")')),                                          # 2 BC to AD 1
    ('date("-2017-12-31") instance of date', True),
    ('date("-2017-12-31") instance of date and time', False),
    ('date and time("-2017-12-31T00:00:00") instance of date and time', True),
    ('time("10:00:00.000000001") instance of time', True),
    ('for d in @"-0001-12-30"..@"0000-01-01" return string(d)',
     ["-0001-12-30", "-0001-12-31", "0000-01-01"]),
    ('for d in @"1980-01-03"..@"1980-01-01" return d',
     [dt.date(1980, 1, 3), dt.date(1980, 1, 2), dt.date(1980, 1, 1)]),
    ('for d in @"1980-01-01"..@"1980-01-03" return d',
     [dt.date(1980, 1, 1), dt.date(1980, 1, 2), dt.date(1980, 1, 3)]),
])
def test_properties_and_builtins(expression: str, expected: Any) -> None:
    assert value(expression) == expected


# -- printing and writing --------------------------------------------------------------------

@pytest.mark.parametrize(("expression", "literal"), [
    ('date("-2017-12-31")', 'date("-2017-12-31")'),
    ('date("0000-01-01")', 'date("0000-01-01")'),
    ('date("999999999-12-31")', 'date("999999999-12-31")'),
    ('time("11:22:33.123456789Z")', 'time("11:22:33.123456789Z")'),
    ('date and time("-2021-01-01T10:10:10@Australia/Melbourne")',
     'date and time("-2021-01-01T10:10:10@Australia/Melbourne")'),
    ('date and time("2017-12-31T11:22:33.000000001-05:30")',
     'date and time("2017-12-31T11:22:33.000000001-05:30")'),
])
def test_feel_literals_read_back(expression: str, literal: str) -> None:
    v = value(expression)
    assert to_feel_literal(v) == literal
    assert value(literal) == v
    assert str(v) == to_string(v)
    assert dumps(v) == '"' + to_string(v) + '"'
    assert plain({"x": [v]}) == {"x": [to_string(v)]}


@pytest.mark.parametrize(("expression", "kind"), [
    ('date("-2017-12-31")', "date"),
    ('date and time("-2017-12-31T00:00:00")', "date and time"),
    ('time("00:00:00.000000001")', "time"),
])
def test_type_names(expression: str, kind: str) -> None:
    assert type_name(value(expression)) == kind
