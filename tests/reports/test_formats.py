"""Values written for a person: Danish after Dansk Sprognævn (decimal comma, thousands
separated by a full stop, "1. juli 2024", "kl. 14.30"), English after British usage
("1 July 2024", "14:30", "DKK 1,234.00"). The expected texts are written from those
conventions, not copied from the code's output."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal as D

import pytest

from regel.feel.values import DaysTimeDuration as DTD
from regel.feel.values import Range
from regel.feel.values import YearsMonthsDuration as YMD
from regel.report.formats import MONTHS, format_date, format_number, format_value

UTC2 = dt.timezone(dt.timedelta(hours=2))
CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")

CASES = [
    # money, Danish
    (D("113823.30"), "da", "kr.", None, "113.823,30 kr."),
    (D("113823.3"), "da", "kr.", None, "113.823,30 kr."),
    (D("113823"), "da", "DKK", None, "113.823,00 kr."),
    (D("0"), "da", "kr.", None, "0,00 kr."),
    (D("-0.00"), "da", "kr.", None, "0,00 kr."),
    (D("0.30"), "da", "kr.", None, "0,30 kr."),
    (D("1E+3"), "da", "kr.", None, "1.000,00 kr."),
    (D("-1234"), "da", "kr.", None, "-1.234,00 kr."),
    (D("1234.567"), "da", "kr.", None, "1.234,567 kr."),
    (D("1.2300"), "da", "kr.", None, "1,23 kr."),
    (D("999.995"), "da", "kr.", None, "999,995 kr."),
    (D("100000000000000000000"), "da", "kr.", None, "100.000.000.000.000.000.000,00 kr."),
    (D("1000000"), "da", "kr.", None, "1.000.000,00 kr."),
    (D("1234567890123456789012345678.12345"), "da", "kr.", None,
     "1.234.567.890.123.456.789.012.345.678,12345 kr."),
    (D("999"), "da", "kr.", None, "999,00 kr."),
    # money, English
    (D("113823.30"), "en", "kr.", None, "DKK 113,823.30"),
    (D("113823.3"), "en", "DKK", None, "DKK 113,823.30"),
    (D("0"), "en", "DKK", None, "DKK 0.00"),
    (D("0.30"), "en", "DKK", None, "DKK 0.30"),
    (D("1E+3"), "en", "DKK", None, "DKK 1,000.00"),
    (D("-1234"), "en", "DKK", None, "-DKK 1,234.00"),
    (D("1234.567"), "en", "DKK", None, "DKK 1,234.567"),
    (D("1E+20"), "en", "DKK", None, "DKK 100,000,000,000,000,000,000.00"),
    # percent and other units
    (D("1.6"), "da", "%", None, "1,6 %"),
    (D("1.6"), "en", "%", None, "1.6%"),
    (D("-0.5"), "da", "%", None, "-0,5 %"),
    (D("-0.5"), "en", "%", None, "-0.5%"),
    (D("100"), "da", "%", None, "100 %"),
    (D("12500"), "da", "m", None, "12.500 m"),
    (D("12500.5"), "en", "m", None, "12,500.5 m"),
    (D("3"), "da", "uger", None, "3 uger"),
    # numbers without a unit
    (D("2024"), "da", None, None, "2024"),
    (D("2024"), "en", None, None, "2024"),
    (D("1.6"), "da", None, None, "1,6"),
    (D("1.6"), "en", None, None, "1.6"),
    (D("2.0"), "da", None, None, "2,0"),
    (D("2.0"), "en", None, None, "2.0"),
    (D("0"), "da", None, None, "0"),
    (D("-0"), "en", None, None, "0"),
    (D("-12345.678"), "da", None, None, "-12345,678"),
    (D("-12345.678"), "en", None, None, "-12345.678"),
    (D("1E+20"), "da", None, None, "100000000000000000000"),
    (D("1E-7"), "da", None, None, "0,0000001"),
    (D("1E-7"), "en", None, None, "0.0000001"),
    (D("0.1234567890123456789012345678901234"), "da", None, None,
     "0,1234567890123456789012345678901234"),
    (7, "en", None, None, "7"),
    # dates
    (dt.date(2024, 7, 1), "da", None, None, "1. juli 2024"),
    (dt.date(2024, 7, 1), "en", None, None, "1 July 2024"),
    (dt.date(2024, 2, 29), "da", None, None, "29. februar 2024"),
    (dt.date(2024, 2, 29), "en", None, None, "29 February 2024"),
    (dt.date(2023, 12, 31), "da", None, None, "31. december 2023"),
    (dt.date(2023, 12, 31), "en", None, None, "31 December 2023"),
    (dt.date(2025, 3, 9), "da", None, None, "9. marts 2025"),
    (dt.date(2025, 5, 17), "da", None, None, "17. maj 2025"),
    (dt.date(2025, 10, 5), "da", None, None, "5. oktober 2025"),
    # date and time
    (dt.datetime(2024, 7, 1, 14, 30), "da", None, None, "1. juli 2024 kl. 14.30"),
    (dt.datetime(2024, 7, 1, 14, 30), "en", None, None, "1 July 2024, 14:30"),
    (dt.datetime(2024, 7, 1, 14, 30, 15), "da", None, None, "1. juli 2024 kl. 14.30.15"),
    (dt.datetime(2024, 7, 1, 14, 30, 15), "en", None, None, "1 July 2024, 14:30:15"),
    (dt.datetime(2024, 12, 31, 9, 5), "da", None, None, "31. december 2024 kl. 9.05"),
    (dt.datetime(2024, 12, 31, 9, 5), "en", None, None, "31 December 2024, 09:05"),
    (dt.datetime(2024, 7, 1, 0, 0), "da", None, None, "1. juli 2024 kl. 0.00"),
    (dt.datetime(2024, 7, 1, 14, 30, tzinfo=UTC2), "en", None, None,
     "1 July 2024, 14:30 (UTC+02:00)"),
    (dt.datetime(2024, 7, 1, 14, 30, tzinfo=CPH), "da", None, None,
     "1. juli 2024 kl. 14.30 (Europe/Copenhagen)"),
    (dt.datetime(2024, 7, 1, 14, 30, tzinfo=dt.UTC), "en", None, None,
     "1 July 2024, 14:30 (UTC)"),
    # time of day
    (dt.time(14, 30), "da", None, None, "kl. 14.30"),
    (dt.time(14, 30), "en", None, None, "14:30"),
    (dt.time(8, 0, 5), "da", None, None, "kl. 8.00.05"),
    (dt.time(8, 0, 5), "en", None, None, "08:00:05"),
    (dt.time(8, 0, 5, 250000), "da", None, None, "kl. 8.00.05,25"),
    (dt.time(8, 0, 5, 250000), "en", None, None, "08:00:05.25"),
    # years and months durations
    (YMD(60), "da", None, None, "5 år"),
    (YMD(60), "en", None, None, "5 years"),
    (YMD(12), "da", None, None, "1 år"),
    (YMD(12), "en", None, None, "1 year"),
    (YMD(18), "da", None, None, "1 år og 6 måneder"),
    (YMD(18), "en", None, None, "1 year and 6 months"),
    (YMD(3), "da", None, None, "3 måneder"),
    (YMD(1), "da", None, None, "1 måned"),
    (YMD(1), "en", None, None, "1 month"),
    (YMD(25), "en", None, None, "2 years and 1 month"),
    (YMD(0), "da", None, None, "0 måneder"),
    (YMD(0), "en", None, None, "0 months"),
    (YMD(-18), "da", None, None, "-1 år og 6 måneder"),
    (YMD(-3), "en", None, None, "-3 months"),
    # days and time durations
    (DTD.of(days=10), "da", None, None, "10 dage"),
    (DTD.of(days=10), "en", None, None, "10 days"),
    (DTD.of(days=1), "da", None, None, "1 dag"),
    (DTD.of(days=1, hours=2), "da", None, None, "1 dag og 2 timer"),
    (DTD.of(days=1, hours=2), "en", None, None, "1 day and 2 hours"),
    (DTD.of(hours=1), "da", None, None, "1 time"),
    (DTD.of(days=2, hours=1, minutes=30), "da", None, None, "2 dage, 1 time og 30 minutter"),
    (DTD.of(days=2, hours=1, minutes=30), "en", None, None, "2 days, 1 hour and 30 minutes"),
    (DTD.of(minutes=1, seconds=1), "da", None, None, "1 minut og 1 sekund"),
    (DTD.of(minutes=1, seconds=1), "en", None, None, "1 minute and 1 second"),
    (DTD.of(seconds=D("1.5")), "da", None, None, "1,5 sekunder"),
    (DTD.of(seconds=D("1.5")), "en", None, None, "1.5 seconds"),
    (DTD.of(days=10000), "da", None, None, "10.000 dage"),
    (DTD(D("90061.000000000000000000000000001")), "en", None, None,
     "1 day, 1 hour, 1 minute and 1.000000000000000000000000001 seconds"),
    (DTD(D(0)), "da", None, None, "0 dage"),
    (DTD(D(0)), "en", None, None, "0 days"),
    (-DTD.of(days=3), "da", None, None, "-3 dage"),
    (-DTD.of(days=1, hours=12), "en", None, None, "-1 day and 12 hours"),
    # booleans, null, strings
    (True, "da", None, None, "ja"),
    (False, "da", None, None, "nej"),
    (True, "en", None, None, "yes"),
    (False, "en", None, None, "no"),
    (None, "da", None, None, "(ingen værdi)"),
    (None, "en", None, None, "(no value)"),
    ("gift", "da", None, None, "gift"),
    ("", "en", None, None, ""),
    ("2024-07-01", "da", None, None, "2024-07-01"),
    # lists
    ([D("1.5"), D("2"), D("3")], "da", None, None, "1,5, 2, 3"),
    ([D("1.5"), D("2"), D("3")], "en", None, None, "1.5, 2, 3"),
    ([], "da", None, None, "(ingen)"),
    ([], "en", None, None, "(none)"),
    ([D("1000"), D("-2.5")], "da", "kr.", None, "1.000,00 kr., -2,50 kr."),
    ([D("1000"), D("-2.5")], "en", "DKK", None, "DKK 1,000.00, -DKK 2.50"),
    ([dt.date(2024, 7, 1), None, True], "da", None, None, "1. juli 2024, (ingen værdi), ja"),
    ([[D(1), D(2)], [D(3)]], "en", None, None, "(1, 2), (3)"),
    # contexts
    ({"age": D(30), "married": True}, "da", None, None, "age: 30; married: ja"),
    ({"age": D(30), "married": True}, "en", None, None, "age: 30; married: yes"),
    ({"new_amount": D("113823.3"), "year": D(2024)}, "da", None, {"new_amount": "kr."},
     "new_amount: 113.823,30 kr.; year: 2024"),
    ({"new_amount": D("113823.3"), "year": D(2024)}, "en", None, {"new_amount": "kr."},
     "new_amount: DKK 113,823.30; year: 2024"),
    ([{"new_amount": D(100)}, {"new_amount": D("0.3")}], "da", None, {"new_amount": "kr."},
     "(new_amount: 100,00 kr.), (new_amount: 0,30 kr.)"),
    ({"rate": D("1.6"), "inner": {"rate": D("2")}}, "en", None, {"rate": "%"},
     "rate: 1.6%; inner: (rate: 2%)"),
    ({"amounts": [D(1), D(2)]}, "da", None, {"amounts": "kr."},
     "amounts: 1,00 kr., 2,00 kr."),
    ({}, "da", None, None, "(ingen)"),
    ({"from": dt.date(2024, 2, 29), "period": YMD(60)}, "en", None, None,
     "from: 29 February 2024; period: 5 years"),
    # ranges
    (Range(D(1), D(5), True, False), "da", None, None, "[1..5)"),
    (Range(D("1.5"), D("5"), False, True), "da", None, None, "(1,5..5]"),
    (Range(D("1.5"), D("5"), False, True), "en", None, None, "(1.5..5]"),
    (Range(dt.date(2024, 1, 1), dt.date(2024, 12, 31)), "da", None, None,
     "[1. januar 2024..31. december 2024]"),
    (Range(dt.date(2024, 1, 1), dt.date(2024, 12, 31)), "en", None, None,
     "[1 January 2024..31 December 2024]"),
    (Range(D(1000), D(2000), True, False), "en", "DKK", None, "[DKK 1,000.00..DKK 2,000.00)"),
    (Range(None, D(25), False, False), "da", None, None, "< 25"),
    (Range(None, D(25), False, True), "en", None, None, "≤ 25"),
    (Range(D(18), None, True, False), "da", None, None, "≥ 18"),
    (Range(D(18), None, False, False), "en", None, None, "> 18"),
]


@pytest.mark.parametrize(("value", "lang", "unit", "units", "expected"), CASES)
def test_format_value(value, lang, unit, units, expected):
    assert format_value(value, lang, unit, units=units) == expected


def test_default_language_is_danish():
    assert format_value(D("1234.5"), unit="kr.") == "1.234,50 kr."


@pytest.mark.parametrize(("d", "lang", "expected"), [
    (dt.date(2024, 1, 1), "da", "1. januar 2024"),
    (dt.date(2024, 8, 15), "en", "15 August 2024"),
    (dt.date(2024, 2, 29), "da", "29. februar 2024"),
    (dt.datetime(2024, 2, 29, 23, 59), "da", "29. februar 2024 kl. 23.59"),
])
def test_format_date(d, lang, expected):
    assert format_date(d, lang) == expected


@pytest.mark.parametrize(("n", "lang", "unit", "expected"), [
    (D("113823.30"), "da", "kr.", "113.823,30 kr."),
    (D("113823.30"), "en", "kr.", "DKK 113,823.30"),
    (D("2024"), "da", None, "2024"),
    (D("0.05"), "en", "%", "0.05%"),
])
def test_format_number(n, lang, unit, expected):
    assert format_number(n, lang, unit) == expected


def test_months():
    assert MONTHS["da"][6] == "juli" and MONTHS["en"][6] == "July"
    assert len(MONTHS["da"]) == len(MONTHS["en"]) == 12
    assert all(m == m.lower() for m in MONTHS["da"])


@pytest.mark.parametrize("bad", [D("NaN"), D("Infinity")])
def test_not_finite_is_refused(bad):
    with pytest.raises(ValueError):
        format_value(bad, "da")


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        format_value(D(1), "de")
