"""The independent harness (tests/conformance/harness.py) reads and compares by the TCK's
rules on its own: a few values of each kind, so that its agreement with `regel tck` means
something."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from regel.feel import DaysTimeDuration, YearsMonthsDuration, evaluate
from tests.conformance import harness

_NS = ('xmlns="http://www.omg.org/spec/DMN/20160719/testcase" '
       'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
       'xmlns:xsd="http://www.w3.org/2001/XMLSchema"')


def _value(xml: str) -> Any:
    return harness.value(ET.fromstring(f"<inputNode {_NS}>{xml}</inputNode>"))


@pytest.mark.parametrize(("xml", "expected"), [
    ('<value xsi:type="xsd:decimal">1.50</value>', Decimal("1.50")),
    ('<value xsi:type="xsd:string"> a </value>', " a "),
    ('<value xsi:type="xsd:boolean">0</value>', False),
    ('<value xsi:type="xsd:date">2016-12-24</value>', dt.date(2016, 12, 24)),
    ('<value xsi:type="xsd:time">13:20:00+01:00</value>',
     dt.time(13, 20, tzinfo=dt.timezone(dt.timedelta(hours=1)))),
    ('<value xsi:type="xsd:dateTime">2016-12-24T23:59:00@Europe/Paris</value>',
     dt.datetime(2016, 12, 24, 23, 59, tzinfo=ZoneInfo("Europe/Paris"))),
    ('<value xsi:type="xsd:duration">-P1Y2M</value>', YearsMonthsDuration(-14)),
    ('<value xsi:type="xsd:duration">PT1.5S</value>', DaysTimeDuration(Decimal("1.5"))),
    ('<list><item><value xsi:nil="true"/></item></list>', [None]),
    ('<component name="a"><value xsi:type="xsd:decimal">1</value></component>',
     {"a": Decimal(1)}),
])
def test_values(xml: str, expected: Any) -> None:
    value = _value(xml)
    assert type(value) is type(expected) and value == expected


@pytest.mark.parametrize("xml", [
    '<value xsi:type="xsd:date">1000000000-12-31</value>',
    '<value xsi:type="xsd:time">11:22:33.1234567891</value>',
    '<value xsi:type="xsd:dateTime">-1000000000-12-31T11:22:33</value>',
])
def test_what_feel_cannot_hold_equals_nothing(xml: str) -> None:
    value = _value(xml)
    assert isinstance(value, harness.Unheld)
    assert not harness.same(value, value)


PARIS = ZoneInfo("Europe/Paris")
PLUS_11 = ("offset", dt.timedelta(hours=11))


@pytest.mark.parametrize(("xml", "kind", "fields"), [
    ('<value xsi:type="xsd:date">-2017-12-31</value>', "date", (-2017, 12, 31)),
    ('<value xsi:type="xsd:date">0000-02-29</value>', "date", (0, 2, 29)),   # 1 BC: leap
    ('<value xsi:type="xsd:time">11:22:33.123456789</value>', "time",
     (11, 22, 33, 123456789, None)),
    ('<value xsi:type="xsd:dateTime">99999-12-31T11:22:33</value>', "date and time",
     (99999, 12, 31, 11, 22, 33, 0, None)),
    ('<value xsi:type="xsd:dateTime">-2021-02-01T10:10:10+11:00</value>', "date and time",
     (-2021, 2, 1, 10, 10, 10, 0, PLUS_11)),
    ('<value xsi:type="xsd:dateTime">-0001-12-31T24:00:00@Europe/Paris</value>',
     "date and time", (0, 1, 1, 0, 0, 0, 0, ("id", "Europe/Paris"))),
])
def test_values_beyond_python(xml: str, kind: str, fields: tuple[Any, ...]) -> None:
    assert _value(xml) == harness.Far(kind, fields)


@pytest.mark.parametrize("xml", [
    '<value xsi:type="xsd:date">-2017-02-29</value>',     # -2017 is no leap year
    '<value xsi:type="xsd:date">-0000-01-01</value>',
    '<value xsi:type="xsd:time">24:30:00.0000001</value>',
])
def test_bad_values_beyond_python(xml: str) -> None:
    with pytest.raises(harness.Unreadable):
        _value(xml)


@pytest.mark.parametrize(("xml", "feel", "equal"), [
    ('<value xsi:type="xsd:date">-2017-12-31</value>', 'date("-2017-12-31")', True),
    ('<value xsi:type="xsd:date">-2017-12-31</value>', 'date("-2017-12-30")', False),
    ('<value xsi:type="xsd:date">-2017-12-31</value>', 'date and time("-2017-12-31")', False),
    ('<value xsi:type="xsd:time">11:22:33.123456789</value>', 'time("11:22:33.123456789")',
     True),
    ('<value xsi:type="xsd:time">11:22:33.123456789</value>', 'time("11:22:33.12345678")',
     False),
    ('<value xsi:type="xsd:dateTime">-2021-02-01T10:10:10+11:00</value>',
     'date and time("-2021-02-01T10:10:10+11:00")', True),
    ('<value xsi:type="xsd:dateTime">-2021-02-01T10:10:10+11:00</value>',
     'date and time("-2021-02-01T10:10:10@Australia/Melbourne")', False),
    ('<value xsi:type="xsd:dateTime">-2021-02-01T10:10:10@Australia/Melbourne</value>',
     'date and time("-2021-02-01T10:10:10@Australia/Melbourne")', True),
    ('<value xsi:type="xsd:dateTime">-2021-02-01T10:10:10</value>',
     '"-2021-02-01T10:10:10"', False),
])
def test_regel_values_beyond_python_by_their_fields(xml: str, feel: str, equal: bool) -> None:
    assert harness.same(_value(xml), evaluate(feel).value) is equal


@pytest.mark.parametrize(("expected", "actual", "equal"), [
    (Decimal(1), Decimal("1.000000009"), True),
    (Decimal(1), Decimal("1.00000001"), False),
    (Decimal(1), True, False),
    (None, None, True),
    ([Decimal(1)], [Decimal(1), None], False),
    ({"a": None}, {"b": None}, False),
    (dt.date(2016, 1, 1), dt.datetime(2016, 1, 1), False),
    (dt.datetime(2016, 1, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=1))),
     dt.datetime(2016, 1, 1, 9, tzinfo=dt.UTC), False),
    (dt.time(10, tzinfo=ZoneInfo("Etc/UTC")), dt.time(10, tzinfo=dt.UTC), False),
    (DaysTimeDuration(Decimal(60)), DaysTimeDuration(Decimal("60.0")), True),
])
def test_same(expected: Any, actual: Any, equal: bool) -> None:
    assert harness.same(expected, actual) is equal
