"""Table-driven tests for regel.feel.temporal: the XML Schema lexical forms FEEL uses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from regel.feel.temporal import (
    add_months,
    parse_date,
    parse_date_and_time,
    parse_duration,
    parse_temporal,
    parse_time,
)
from regel.feel.values import DaysTimeDuration, FeelNull, YearsMonthsDuration
from regel.feel.wide import WideDate, WideDateTime, WideTime

UTC = dt.UTC
PARIS = ZoneInfo("Europe/Paris")


def tz(hours: int, minutes: int = 0) -> dt.timezone:
    return dt.timezone(dt.timedelta(hours=hours, minutes=minutes))


def dtd(seconds: str | int) -> DaysTimeDuration:
    return DaysTimeDuration(Decimal(seconds))


# -- dates -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("2012-12-25", dt.date(2012, 12, 25)),
    ("2017-01-01", dt.date(2017, 1, 1)),
    ("2020-02-29", dt.date(2020, 2, 29)),          # leap year
    ("2000-02-29", dt.date(2000, 2, 29)),          # divisible by 400: leap year
    ("0001-01-01", dt.date(1, 1, 1)),
    ("9999-12-31", dt.date(9999, 12, 31)),
    # beyond Python's years (XML Schema 1.1: year 0 is 1 BC, -0001 is 2 BC)
    ("-2017-12-31", WideDate(-2017, 12, 31)),
    ("0000-02-29", WideDate(0, 2, 29)),              # year 0 is divisible by 400: leap
    ("-0004-02-29", WideDate(-4, 2, 29)),            # 5 BC, divisible by 4: leap
    ("10000-01-01", WideDate(10000, 1, 1)),
    ("999999999-12-31", WideDate(999_999_999, 12, 31)),
    ("-999999999-01-01", WideDate(-999_999_999, 1, 1)),
])
def test_parse_date(text: str, expected: dt.date) -> None:
    result = parse_date(text)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize("text", [
    "",
    "2021-02-29",        # not a leap year
    "1900-02-29",        # divisible by 100, not by 400
    "2017-13-10",        # month 13
    "2017-12-32",        # day 32
    "2017-00-10",        # month 0
    "2012/12/25",
    "998-12-31",         # fewer than four year digits
    "01211-12-31",       # more than four digits with a leading zero
    "+2012-12-02",       # no '+' in XML Schema
    "-0000-12-25",       # no negative zero year in XML Schema
    "-0001-02-29",       # 2 BC is no leap year
    "-1900-02-29",       # divisible by 100, not by 400
    "1000000000-01-01",  # more than FEEL's nine year digits
    "-1000000000-01-01",
    "2012-12-25T",
    "2012-12-25Z",       # FEEL dates have no time zone
    "2012-1-05",
    " 2012-12-25",
    "2012-12-25\n",
    "２０１２-１２-２５",  # full-width digits are not [0-9]
])
def test_parse_date_invalid(text: str) -> None:
    with pytest.raises(FeelNull) as info:
        parse_date(text)
    assert info.value.code == "FEEL-INVALID-TEMPORAL"
    assert info.value.values == {"text": text, "type": "date"}


# -- times -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("01:02:03", dt.time(1, 2, 3)),
    ("00:00:00", dt.time(0, 0, 0)),
    ("23:59:59", dt.time(23, 59, 59)),
    ("11:22:33.444", dt.time(11, 22, 33, 444000)),
    ("11:22:33.123456789", WideTime(11, 22, 33, 123456789)),   # nanoseconds are kept
    ("11:22:33.1234567891", WideTime(11, 22, 33, 123456789)),  # finer: cut off
    ("11:22:33.123456000", dt.time(11, 22, 33, 123456)),      # whole microseconds
    ("23:59:00Z", dt.time(23, 59, 0, tzinfo=UTC)),
    ("13:20:00+02:00", dt.time(13, 20, 0, tzinfo=tz(2))),
    ("13:20:00-05:00", dt.time(13, 20, 0, tzinfo=tz(-5))),
    ("13:20:00+05:30", dt.time(13, 20, 0, tzinfo=tz(5, 30))),
    ("11:22:33-00:00", dt.time(11, 22, 33, tzinfo=UTC)),
    ("11:22:33+14:00", dt.time(11, 22, 33, tzinfo=tz(14))),
    ("00:01:00@Etc/UTC", dt.time(0, 1, 0, tzinfo=ZoneInfo("Etc/UTC"))),
    ("10:20:00@Europe/Paris", dt.time(10, 20, 0, tzinfo=PARIS)),
    ("24:00:00", dt.time(0, 0, 0)),                        # XSD 1.1: end of day
])
def test_parse_time(text: str, expected: dt.time) -> None:
    result = parse_time(text)
    assert result == expected
    assert result.tzinfo == expected.tzinfo


@pytest.mark.parametrize("text", [
    "",
    "7:00:00",
    "07:1:00",
    "07:01:2",
    "7:20",
    "07:20",              # seconds are required
    "23:59:60",           # no leap seconds
    "24:00:01",
    "24:01:00",
    "25:00:00",
    "00:60:00",
    "00:00:61",
    "11:22:33.",          # a fraction needs a digit
    "13:20:00+19:00",     # offsets are at most 14:00
    "13:20:00-14:01",
    "13:20:00+5:00",
    "13:20:00+5",
    "13:20:00+02:60",
    "13:20:00@xyz/abc",   # unknown zone
    "13:20:00@",
    "13:20:00@../../etc/passwd",
    "13:20:00+02:00@Europe/Paris",
    "11:30:00T",
    "2012T-12-2511:00:00Z",
])
def test_parse_time_invalid(text: str) -> None:
    with pytest.raises(FeelNull) as info:
        parse_time(text)
    assert info.value.code == "FEEL-INVALID-TEMPORAL"
    assert info.value.values == {"text": text, "type": "time"}


# -- dates and times -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("2012-12-25T11:00:00", dt.datetime(2012, 12, 25, 11, 0, 0)),
    ("2012-12-25T11:00:00Z", dt.datetime(2012, 12, 25, 11, 0, 0, tzinfo=UTC)),
    ("2017-08-10T10:20:00+01:00", dt.datetime(2017, 8, 10, 10, 20, tzinfo=tz(1))),
    ("2017-08-10T10:20:00-00:00", dt.datetime(2017, 8, 10, 10, 20, tzinfo=UTC)),
    ("2017-09-03T09:45:30@Europe/Paris", dt.datetime(2017, 9, 3, 9, 45, 30, tzinfo=PARIS)),
    ("2018-12-10T10:30:00@America/Thule",
     dt.datetime(2018, 12, 10, 10, 30, tzinfo=ZoneInfo("America/Thule"))),
    ("2017-08-14T14:25:00.123456789", WideDateTime(2017, 8, 14, 14, 25, 0, 123456789)),
    ("-2017-12-31T11:22:33.456+01:35",
     WideDateTime(-2017, 12, 31, 11, 22, 33, 456_000_000, tz(1, 35))),
    ("9999-12-31T24:00:00", WideDateTime(10000, 1, 1)),          # the next day: year 10000
    ("-0001-12-31T24:00:00", WideDateTime(0, 1, 1)),
    ("2012-12-24", dt.datetime(2012, 12, 24, 0, 0, 0)),            # a date alone: midnight
    ("2012-12-31T24:00:00", dt.datetime(2013, 1, 1, 0, 0, 0)),     # XSD 1.1: next day
])
def test_parse_date_and_time(text: str, expected: dt.datetime) -> None:
    result = parse_date_and_time(text)
    assert result == expected
    assert type(result) is type(expected)
    assert result.tzinfo == expected.tzinfo


@pytest.mark.parametrize("text", [
    "",
    "2012-12-25T",
    "2012-12-25T11:00",
    "2012-12-25 11:00:00",
    "2012-12-25t11:00:00",
    "2021-02-29T10:00:00",
    "2012T-12-2511:00:00Z",
    "2012-12-25T25:00:00",
    "2012-12-25T11:00:00+15:00",
    "999999999-12-31T24:00:00",   # the next day is past FEEL's last year
    "2012-12-25T11:00:00@Mars/Olympus",
])
def test_parse_date_and_time_invalid(text: str) -> None:
    with pytest.raises(FeelNull) as info:
        parse_date_and_time(text)
    assert info.value.code == "FEEL-INVALID-TEMPORAL"
    assert info.value.values == {"text": text, "type": "date and time"}


# -- durations -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("P1Y2M", YearsMonthsDuration(14)),
    ("P1Y", YearsMonthsDuration(12)),
    ("P26M", YearsMonthsDuration(26)),
    ("P0Y", YearsMonthsDuration(0)),
    ("-P1Y", YearsMonthsDuration(-12)),
    ("-P100M", YearsMonthsDuration(-100)),
    ("P999999999M", YearsMonthsDuration(999999999)),
    ("P1D", dtd(86400)),
    ("PT2H", dtd(7200)),
    ("PT36H", dtd(129600)),
    ("P1DT2H3M4.5S", dtd("93784.5")),
    ("-P2D", dtd(-172800)),
    ("-PT1H2M", dtd(-3720)),
    ("PT0.999S", dtd("0.999")),
    ("PT0S", dtd(0)),
    ("PT0.S", dtd(0)),
    ("PT.5S", dtd("0.5")),
    ("P0D", dtd(0)),
    ("-PT0S", dtd(0)),
    ("PT1000M0.999999999S", dtd("60000.999999999")),
])
def test_parse_duration(text: str, expected: Any) -> None:
    result = parse_duration(text)
    assert type(result) is type(expected)
    assert result == expected


@pytest.mark.parametrize("text", [
    "",
    "P",
    "PT",
    "-P",
    "P0",
    "1Y",
    "1D",
    "P1H",            # hours need the T
    "P1S",
    "P1DT",           # a T needs a time component
    "PT1D",
    "P1M2Y",          # components out of order
    "P1.5Y",          # only seconds may have a fraction
    "PT1.5M",
    "P1W",            # no weeks in XML Schema
    "P1Y2D",          # FEEL has no mixed durations
    "P1Y2M3DT4H5M6S",
    "-P1MT1H",
    "+P1D",
    "P-1D",
    "p1d",
    "2012T-12-2511:00:00Z",
])
def test_parse_duration_invalid(text: str) -> None:
    with pytest.raises(FeelNull) as info:
        parse_duration(text)
    assert info.value.code == "FEEL-INVALID-TEMPORAL"
    assert info.value.values == {"text": text, "type": "duration"}


# -- @"..." literals -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("2019-03-31", dt.date(2019, 3, 31)),
    ("10:30:00", dt.time(10, 30)),
    ("10:30:00@America/Thule", dt.time(10, 30, tzinfo=ZoneInfo("America/Thule"))),
    ("2019-03-31T10:30:00Z", dt.datetime(2019, 3, 31, 10, 30, tzinfo=UTC)),
    ("P1Y", YearsMonthsDuration(12)),
    ("-PT2H", dtd(-7200)),
])
def test_parse_temporal(text: str, expected: Any) -> None:
    result = parse_temporal(text)
    assert type(result) is type(expected)
    assert result == expected


@pytest.mark.parametrize(("text", "kind"), [
    ("2019-02-30", "date"),
    ("25:00:00", "time"),
    ("2019-03-31T25:00:00", "date and time"),
    ("P1H", "duration"),
    ("tomorrow", "date"),
])
def test_parse_temporal_invalid(text: str, kind: str) -> None:
    with pytest.raises(FeelNull) as info:
        parse_temporal(text)
    assert info.value.values == {"text": text, "type": kind}


@pytest.mark.parametrize("value", [None, 20190331, Decimal(1), ["2019-03-31"]])
def test_parsers_reject_non_strings(value: Any) -> None:
    for parse in (parse_date, parse_time, parse_date_and_time, parse_duration, parse_temporal):
        with pytest.raises(FeelNull):
            parse(value)


# -- add_months (XPath op:add-yearMonthDuration-to-date) -------------------------------

@pytest.mark.parametrize(("start", "months", "expected", "clamped"), [
    (dt.date(2012, 7, 1), 60, dt.date(2017, 7, 1), False),
    (dt.date(2020, 2, 29), 12, dt.date(2021, 2, 28), True),
    (dt.date(2020, 2, 29), 48, dt.date(2024, 2, 29), False),
    (dt.date(2021, 1, 31), 1, dt.date(2021, 2, 28), True),
    (dt.date(2020, 1, 31), 1, dt.date(2020, 2, 29), True),
    (dt.date(2021, 3, 31), -1, dt.date(2021, 2, 28), True),
    (dt.date(2021, 5, 31), 1, dt.date(2021, 6, 30), True),
    (dt.date(2021, 1, 15), -13, dt.date(2019, 12, 15), False),
    (dt.date(2021, 12, 31), 1, dt.date(2022, 1, 31), False),
    (dt.date(2021, 1, 1), 0, dt.date(2021, 1, 1), False),
    (dt.date(2016, 12, 25), 38, dt.date(2020, 2, 25), False),
    (dt.datetime(2020, 1, 31, 10, 30, tzinfo=PARIS), 1,
     dt.datetime(2020, 2, 29, 10, 30, tzinfo=PARIS), True),
    (dt.datetime(2021, 8, 31, 23, 59, 59, 5), -6, dt.datetime(2021, 2, 28, 23, 59, 59, 5), True),
    # beyond Python's years: the proleptic Gregorian calendar
    (dt.date(9999, 12, 1), 1, WideDate(10000, 1, 1), False),
    (dt.date(1, 1, 31), -1, WideDate(0, 12, 31), False),
    (WideDate(0, 3, 31), -1, WideDate(0, 2, 29), True),             # year 0 is a leap year
    (WideDate(-1, 3, 31), -1, WideDate(-1, 2, 28), True),           # 2 BC is not
    (WideDate(-2021, 2, 1), 12, WideDate(-2020, 2, 1), False),
    (WideDate(-1, 6, 15), 24, dt.date(1, 6, 15), False),            # back into Python's years
    (WideDateTime(-2021, 1, 31, 10, 10, 10, 5, PARIS), 1,
     WideDateTime(-2021, 2, 28, 10, 10, 10, 5, PARIS), True),
])
def test_add_months(start: dt.date, months: int, expected: dt.date, clamped: bool) -> None:
    result, was_clamped = add_months(start, months)
    assert result == expected
    assert type(result) is type(expected)
    assert was_clamped is clamped
    if isinstance(result, dt.datetime) and isinstance(start, dt.datetime):
        assert result.tzinfo is start.tzinfo


@pytest.mark.parametrize(("start", "months"), [
    (WideDate(999_999_999, 12, 1), 1),
    (WideDate(-999_999_999, 1, 31), -1),
    (dt.date(2000, 1, 1), 12 * 999_999_999),
])
def test_add_months_overflow(start: dt.date, months: int) -> None:
    with pytest.raises(FeelNull) as info:
        add_months(start, months)
    assert info.value.code == "FEEL-OVERFLOW"
