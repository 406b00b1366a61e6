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

from regel.feel import DaysTimeDuration, YearsMonthsDuration
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
    '<value xsi:type="xsd:date">-2017-12-31</value>',
    '<value xsi:type="xsd:time">11:22:33.123456789</value>',
    '<value xsi:type="xsd:dateTime">99999-12-31T11:22:33</value>',
])
def test_what_python_cannot_hold_equals_nothing(xml: str) -> None:
    value = _value(xml)
    assert isinstance(value, harness.Unheld)
    assert not harness.same(value, value)


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
