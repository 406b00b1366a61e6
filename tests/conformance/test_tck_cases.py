"""Tests for the reader of the DMN TCK's test case files (regel.tools.tck_cases)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from regel.base.errors import RegelError
from regel.feel.values import DaysTimeDuration, YearsMonthsDuration
from regel.feel.wide import WideDate, WideDateTime, WideTime
from regel.tools.tck_cases import ExactTemporal, TckFile, compare, read_test_file

TCK = Path(__file__).resolve().parents[2].parent / "shared" / "dmn-tck"

_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<testCases xmlns="http://www.omg.org/spec/DMN/20160719/testcase"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xmlns:xsd="http://www.w3.org/2001/XMLSchema">\n'
    "<modelName>m.dmn</modelName>\n"
)


def _read(tmp_path: Path, body: str, name: str = "m-test-01.xml") -> TckFile:
    path = tmp_path / name
    path.write_text(_HEAD + body + "\n</testCases>\n", encoding="utf-8")
    return read_test_file(path)


def _input(tmp_path: Path, value_xml: str) -> Any:
    body = f'<testCase id="1"><inputNode name="x">{value_xml}</inputNode></testCase>'
    return _read(tmp_path, body).cases[0].inputs["x"]


VALUES = [
    ('<value xsi:type="xsd:decimal">2778.69354943277</value>', Decimal("2778.69354943277")),
    ('<value xsi:type="xsd:integer">42</value>', Decimal(42)),
    ('<value xsi:type="xsd:int">-7</value>', Decimal(-7)),
    ('<value xsi:type="xsd:long">12345678901234567890</value>',
     Decimal("12345678901234567890")),
    ('<value xsi:type="xsd:double">0.1</value>', Decimal("0.1")),
    ('<value xsi:type="xsd:decimal"> 10.50 </value>', Decimal("10.50")),
    ('<value xsi:type="xsd:string">Approved</value>', "Approved"),
    ('<value xsi:type="xsd:string"> two  spaces </value>', " two  spaces "),
    ('<value xsi:type="xsd:string"></value>', ""),
    ('<value xsi:type="xsd:boolean">true</value>', True),
    ('<value xsi:type="xsd:boolean">false</value>', False),
    ('<value xsi:type="xsd:boolean">1</value>', True),
    ('<value xsi:type="xsd:date">2016-12-24</value>', dt.date(2016, 12, 24)),
    ('<value xsi:type="xsd:time">13:20:00</value>', dt.time(13, 20)),
    ('<value xsi:type="xsd:time">13:20:00Z</value>', dt.time(13, 20, tzinfo=dt.UTC)),
    ('<value xsi:type="xsd:dateTime">2016-12-24T23:59:00</value>',
     dt.datetime(2016, 12, 24, 23, 59)),
    ('<value xsi:type="xsd:dateTime">2016-12-24T23:59:00-08:00</value>',
     dt.datetime(2016, 12, 24, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=-8)))),
    ('<value xsi:type="xsd:duration">P1Y2M</value>', YearsMonthsDuration(14)),
    ('<value xsi:type="xsd:duration">P1DT2H</value>', DaysTimeDuration(Decimal(93600))),
    ('<value xsi:type="xs:string" xmlns:xs="http://www.w3.org/2001/XMLSchema">a</value>', "a"),
    ("<value>untyped</value>", "untyped"),
    ("<value/>", ""),
    ('<value xsi:nil="true"/>', None),
    ('<value xsi:type="xsd:decimal" xsi:nil="true"/>', None),
    ("", None),
    ('<list><item><value xsi:type="xsd:string">a</value></item>'
     '<item><value xsi:type="xsd:decimal">1</value></item>'
     '<item><value xsi:nil="true"/></item></list>', ["a", Decimal(1), None]),
    ("<list/>", []),
    ('<list xsi:nil="true"/>', None),
    ('<list><item><list><item><value xsi:type="xsd:boolean">true</value></item></list></item>'
     "</list>", [[True]]),
    ('<component name="principal"><value xsi:type="xsd:decimal">600000</value></component>'
     '<component name="rate"><value xsi:type="xsd:decimal">0.0375</value></component>',
     {"principal": Decimal(600000), "rate": Decimal("0.0375")}),
    ('<component name="a"><component name="b"><value xsi:type="xsd:string">deep</value>'
     '</component><component name="c"><list><item><component name="d">'
     '<value xsi:nil="true"/></component></item></list></component></component>'
     '<component name="e" xsi:nil="true"/>',
     {"a": {"b": "deep", "c": [{"d": None}]}, "e": None}),
]


@pytest.mark.parametrize(("value_xml", "expected"), VALUES)
def test_values(tmp_path: Path, value_xml: str, expected: Any) -> None:
    value = _input(tmp_path, value_xml)
    assert type(value) is type(expected)
    assert value == expected
    if isinstance(expected, Decimal):
        assert str(value) == str(expected)  # parsed from the text, never through float


def test_file_structure(tmp_path: Path) -> None:
    body = """
    <labels><label>Compliance Level 2</label></labels>
    <testCase id="001" type="decisionService" invocableName="svc">
      <description> Tests a service </description>
      <inputNode name="A"><value xsi:type="xsd:boolean">true</value></inputNode>
      <inputNode name="B"><value xsi:nil="true"/></inputNode>
      <resultNode name="Out" type="decisionService">
        <expected><value xsi:type="xsd:string">ok</value></expected>
      </resultNode>
      <resultNode name="Err" errorResult="true"/>
      <extensionElements><x xmlns="urn:other"/></extensionElements>
    </testCase>
    <testCase>
      <resultNode name="R"><expected><value xsi:type="xsd:decimal">1</value></expected>
      </resultNode>
    </testCase>
    """
    tck = _read(tmp_path, body)
    assert tck.model_name == "m.dmn"
    assert tck.path == tmp_path / "m-test-01.xml"
    first, second = tck.cases
    assert first.id == "001"
    assert first.type == "decisionService"
    assert first.invocable_name == "svc"
    assert first.description == "Tests a service"
    assert first.inputs == {"A": True, "B": None}
    assert [(r.name, r.expected, r.error_result, r.type) for r in first.results] == [
        ("Out", "ok", False, "decisionService"),
        ("Err", None, True, None),
    ]
    assert second.id == "2"  # no id: its position in the file
    assert second.type == "decision"
    assert second.invocable_name is None
    assert second.description is None
    assert second.inputs == {}
    assert second.results[0].expected == Decimal(1)


ERRORS = [
    ('<testCase id="7"><inputNode name="x"><value xsi:type="xsd:foo">1</value></inputNode>'
     "</testCase>", ["test case 7", "input 'x'", "xsd:foo"]),
    ('<testCase id="8"><resultNode name="r"><expected>'
     '<value xsi:type="xsd:gYear">2020</value></expected></resultNode></testCase>',
     ["test case 8", "result 'r'", "xsd:gYear"]),
    ('<testCase id="9"><inputNode name="x"><value xsi:type="xsd:decimal">abc</value>'
     "</inputNode></testCase>", ["test case 9", "'abc' is not a number"]),
    ('<testCase id="9"><inputNode name="x"><value xsi:type="xsd:double">INF</value>'
     "</inputNode></testCase>", ["not a finite number"]),
    ('<testCase id="10"><inputNode name="x"><value xsi:type="xsd:boolean">yes</value>'
     "</inputNode></testCase>", ["not a boolean"]),
    ('<testCase id="11"><inputNode name="x"><value xsi:type="xsd:date">2016-13-01</value>'
     "</inputNode></testCase>", ["not a valid date"]),
    ('<testCase id="12"><inputNode name="x"><value xsi:type="xsd:duration">P1Y2D</value>'
     "</inputNode></testCase>", ["not a valid duration"]),
    ('<testCase id="13"><inputNode name="x"><list><item><component name="a">'
     '<value xsi:type="xsd:bad">1</value></component></item></list></inputNode></testCase>',
     ["input 'x'", "list item 1", "component 'a'", "xsd:bad"]),
    ('<testCase id="14"><inputNode name="x"><component><value>1</value></component>'
     "</inputNode></testCase>", ["has no name"]),
    ('<testCase id="15"><inputNode name="x"><value>1</value><value>2</value></inputNode>'
     "</testCase>", ["found ['value']"]),
    ('<testCase id="16"><inputNode name="x"><value>1</value></inputNode>'
     '<inputNode name="x"><value>2</value></inputNode></testCase>', ["appears twice"]),
]


@pytest.mark.parametrize(("body", "fragments"), ERRORS)
def test_errors(tmp_path: Path, body: str, fragments: list[str]) -> None:
    with pytest.raises(RegelError) as info:
        _read(tmp_path, body, name="bad-test-01.xml")
    err = info.value
    assert err.code == "TCK-CASE"
    assert "bad-test-01.xml" in err.message
    assert err.source == str(tmp_path / "bad-test-01.xml")
    for fragment in fragments:
        assert fragment in err.message


def test_malformed_xml(tmp_path: Path) -> None:
    path = tmp_path / "broken-test-01.xml"
    path.write_text(_HEAD + '<testCase id="1">\n<inputNode name="x">\n</testCase>\n',
                    encoding="utf-8")
    with pytest.raises(RegelError) as info:
        read_test_file(path)
    assert info.value.code == "TCK-CASE"
    assert "broken-test-01.xml" in info.value.message
    assert "line 6, column 3" in info.value.message  # the stray </testCase>


def test_wrong_root_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<definitions/>", encoding="utf-8")
    with pytest.raises(RegelError, match="not <testCases>"):
        read_test_file(path)
    with pytest.raises(RegelError, match="cannot read"):
        read_test_file(tmp_path / "absent.xml")


COMPARISONS = [
    (Decimal("1"), Decimal("1.00"), True),
    (Decimal("1"), 1, True),
    # the reference runners' rule (Drools, QuantumDMN): |expected - actual| < 10^-8,
    # for integers too
    (Decimal("1"), Decimal("1.000000009"), True),
    (Decimal("1"), Decimal("1.00000001"), False),
    (Decimal("-1"), Decimal("-0.99999999"), False),
    (Decimal("1E+50"), Decimal("100000000000000000000000000000000000000000000000000.00000002"),
     False),
    (Decimal("1E-50"), Decimal("1E-30"), True),
    (Decimal("1E+999999999"), Decimal("1"), False),
    (Decimal("2778.69354943277"), Decimal("2778.693549432773925"), True),
    (Decimal("2778.69354943277"), Decimal("2778.6935494"), False),
    (Decimal("0.1"), Decimal("0.100000004"), True),
    (Decimal("0.1"), Decimal("0.10000001"), False),
    (Decimal("1"), "1", False),
    (Decimal("1"), True, False),
    (True, True, True),
    (True, Decimal(1), False),
    ("a", "a", True),
    ("a", "A", False),
    (None, None, True),
    (None, "", False),
    ("", None, False),
    ([Decimal(1), "a"], [Decimal("1.0"), "a"], True),
    ([Decimal(1)], [Decimal(1), Decimal(2)], False),
    ([], None, False),
    ({"a": Decimal(1), "b": [None]}, {"a": Decimal(1), "b": [None]}, True),
    ({"a": Decimal(1)}, {"a": Decimal(1), "b": None}, False),
    ({"a": Decimal(1)}, {"a": Decimal(2)}, False),
    (dt.date(2016, 12, 24), dt.date(2016, 12, 24), True),
    (dt.date(2016, 12, 24), dt.datetime(2016, 12, 24), False),
    (dt.time(13, 20), dt.time(13, 20), True),
    (dt.time(13, 20, tzinfo=dt.UTC), dt.time(13, 20), False),
    (dt.time(13, 20, tzinfo=dt.UTC), dt.time(13, 20, tzinfo=dt.timezone(dt.timedelta(0))),
     True),
    # Java's equals, not the same instant: an offset is not another offset, nor a zone id
    (dt.datetime(2018, 12, 10, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
     dt.datetime(2018, 12, 10, 9, 30, tzinfo=dt.UTC), False),
    (dt.datetime(2018, 12, 10, 10, 30, tzinfo=ZoneInfo("Europe/Paris")),
     dt.datetime(2018, 12, 10, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))), False),
    (dt.datetime(2018, 12, 10, 10, 30, tzinfo=ZoneInfo("Europe/Paris")),
     dt.datetime(2018, 12, 10, 10, 30, tzinfo=ZoneInfo("Europe/Paris")), True),
    (dt.time(10, 30, tzinfo=ZoneInfo("Etc/UTC")), dt.time(10, 30, tzinfo=dt.UTC), False),
    (dt.datetime(2018, 12, 10, 10, 30), dt.datetime(2018, 12, 10, 10, 30, tzinfo=dt.UTC),
     False),
    (YearsMonthsDuration(14), YearsMonthsDuration(14), True),
    (DaysTimeDuration(Decimal(60)), DaysTimeDuration(Decimal(61)), False),
]


@pytest.mark.parametrize(("expected", "actual", "equal"), COMPARISONS)
def test_compare(expected: Any, actual: Any, equal: bool) -> None:
    assert compare(expected, actual) is equal


def test_compliance_level_2_totals() -> None:
    level2 = TCK / "compliance-level-2"
    if not level2.is_dir():
        pytest.fail(f"the DMN TCK is missing: expected it at {level2} (CI always has it)")
    files = sorted(level2.glob("*/*test*.xml"))
    tcks = [read_test_file(path) for path in files]
    models = {path.parent.name for path in files}
    cases = [case for tck in tcks for case in tck.cases]
    results = [result for case in cases for result in case.results]
    assert len(models) == 28
    assert len(cases) == 116
    assert len(results) == 126
    for tck in tcks:
        assert tck.model_name is not None
        assert (tck.path.parent / tck.model_name).is_file()


# A date, time or date and time beyond Python's datetime is read as regel's own value of it
# (regel.feel.wide); one beyond FEEL's (a year of ten digits, a fraction finer than
# nanoseconds) is read exactly (issue 14): its kind and canonical text (XML Schema's: no
# trailing zeros in the fraction, Z for a zero offset, year 0 being 1 BC as in XML Schema
# 1.1), never truncated.
PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC


def _tz(hours: int, minutes: int = 0) -> dt.timezone:
    return dt.timezone(dt.timedelta(hours=hours, minutes=minutes))


EXACT = [
    ("date", "-2017-12-31", WideDate(-2017, 12, 31)),
    ("date", " 999999999-12-31 ", WideDate(999_999_999, 12, 31)),
    ("date", "0000-01-01", WideDate(0, 1, 1)),
    ("date", "-2016-02-29", WideDate(-2016, 2, 29)),   # a leap year
    ("time", "11:22:33.123456789", WideTime(11, 22, 33, 123456789)),
    ("time", "11:22:33.1234567890Z", WideTime(11, 22, 33, 123456789, UTC)),
    ("time", "11:22:33.1234567+00:00", WideTime(11, 22, 33, 123456700, UTC)),
    ("time", "11:22:33.1234567-05:30", WideTime(11, 22, 33, 123456700, _tz(-5, -30))),
    ("time", "23:59:01.987654321@Europe/Paris", WideTime(23, 59, 1, 987654321, PARIS)),
    ("dateTime", "-2017-12-31T11:22:33.456+01:35",
     WideDateTime(-2017, 12, 31, 11, 22, 33, 456_000_000, _tz(1, 35))),
    ("dateTime", "2017-12-31T11:22:33.123456789",
     WideDateTime(2017, 12, 31, 11, 22, 33, 123456789)),
    ("dateTime", "-2017-12-31T24:00:00", WideDateTime(-2016, 1, 1)),
    ("dateTime", "-0001-12-31T24:00:00", WideDateTime(0, 1, 1)),
    ("dateTime", "10000-02-28T24:00:00", WideDateTime(10000, 2, 29)),  # 10000: leap year
    # beyond FEEL: exactly
    ("date", "1000000000-01-01", ExactTemporal("date", "1000000000-01-01")),
    ("time", "11:22:33.1234567891", ExactTemporal("time", "11:22:33.1234567891")),
    ("dateTime", "-1000000000-12-31T24:00:00",
     ExactTemporal("date and time", "-999999999-01-01T00:00:00")),
    # what Python holds exactly stays an engine value
    ("time", "11:22:33.123456000", dt.time(11, 22, 33, 123456)),
    ("dateTime", "2017-12-31T11:22:33.5000000000Z",
     dt.datetime(2017, 12, 31, 11, 22, 33, 500000, tzinfo=dt.UTC)),
    ("duration", "P1DT2H3M4.123456789S", DaysTimeDuration(Decimal("93784.123456789"))),
]


@pytest.mark.parametrize(("xsi_type", "text", "expected"), EXACT)
def test_temporals_are_read_exactly(tmp_path: Path, xsi_type: str, text: str,
                                    expected: Any) -> None:
    value = _input(tmp_path, f'<value xsi:type="xsd:{xsi_type}">{text}</value>')
    assert type(value) is type(expected)
    assert value == expected
    if isinstance(expected, dt.time | dt.datetime | WideTime | WideDateTime):
        assert value.tzinfo == expected.tzinfo


@pytest.mark.parametrize(("xsi_type", "text"), [
    ("date", "-0000-01-01"),          # no minus zero
    ("date", "010000-01-01"),         # a year of more than four digits has no leading zero
    ("date", "-2017-02-29"),          # not a leap year
    ("date", "-2017-13-01"),
    ("date", "-2017-12-31T00:00:00"),
    ("date", "1" * 5000 + "-01-01"),  # no crash on a year Python will not turn into an int
    ("time", "11:22:60.1234567"),
    ("time", "24:00:00.0000001"),
    ("time", "11:22:33.1234567@No/Such_Zone"),
    ("time", "11:22:33.1234567+14:01"),
    ("dateTime", "-2017-12-31T11:22:33+01:60"),
    ("dateTime", "-2017-12-31 11:22:33"),
])
def test_exact_temporals_are_still_checked(tmp_path: Path, xsi_type: str, text: str) -> None:
    with pytest.raises(RegelError, match="is not a valid"):
        _input(tmp_path, f'<value xsi:type="xsd:{xsi_type}">{text}</value>')


@pytest.mark.parametrize(("expected", "actual", "equal"), [
    (ExactTemporal("time", "11:22:33.123456789"), dt.time(11, 22, 33, 123456), False),
    (ExactTemporal("date", "-2017-12-31"), None, False),
    (ExactTemporal("date", "-2017-12-31"), "-2017-12-31", False),
    (ExactTemporal("date", "-2017-12-31"), ExactTemporal("date", "-2017-12-31"), False),
    # it matches an engine value of its kind by its text (none can be one of these today)
    (ExactTemporal("date", "2017-12-31"), dt.date(2017, 12, 31), True),
    (ExactTemporal("date", "2017-12-31"), dt.datetime(2017, 12, 31), False),
    (ExactTemporal("date and time", "2017-12-31T00:00:00Z"),
     dt.datetime(2017, 12, 31, tzinfo=dt.UTC), True),
    ([ExactTemporal("date", "-1-01-01")], [dt.date(1, 1, 1)], False),
    (ExactTemporal("date", "-2017-12-31"), WideDate(-2017, 12, 31), True),
    (ExactTemporal("date", "-2017-12-31"), WideDateTime(-2017, 12, 31), False),
    # regel's own values beyond Python's: the same fields and the same zone, as Java's equals
    (WideDate(-2017, 12, 31), WideDate(-2017, 12, 31), True),
    (WideDate(-2017, 12, 31), WideDateTime(-2017, 12, 31), False),
    (WideDateTime(-2021, 1, 1, 10, 10, 10, 0, PARIS), WideDateTime(-2021, 1, 1, 10, 10, 10, 0,
                                                                   PARIS), True),
    (WideDateTime(-2021, 1, 1, 10, 10, 10, 0, _tz(1)), WideDateTime(-2021, 1, 1, 9, 10, 10, 0,
                                                                    UTC), False),
    (WideTime(1, 2, 3, 123456789), WideTime(1, 2, 3, 123456789), True),
    (WideTime(1, 2, 3, 123456789), WideTime(1, 2, 3, 123456780), False),
])
def test_compare_exact(expected: Any, actual: Any, equal: bool) -> None:
    assert compare(expected, actual) is equal


def test_an_exact_value_is_written_as_feel_writes_it() -> None:
    assert str(ExactTemporal("date and time", "-2017-12-31T11:22:33Z")) == \
        'date and time("-2017-12-31T11:22:33Z")'


def test_each_case_keeps_a_bad_case_and_reads_the_others(tmp_path: Path) -> None:
    body = """
    <testCase id="a"><resultNode name="r"><expected>
      <value xsi:type="xsd:decimal">1</value></expected></resultNode></testCase>
    <testCase id="b" type="decisionService" invocableName="svc"><inputNode name="x">
      <list><item><value xsi:type="xsd:decimal">one</value></item></list>
    </inputNode></testCase>
    <testCase id="c"><resultNode name="r"><expected>
      <value xsi:type="xsd:date">-2017-12-31</value></expected></resultNode></testCase>
    """
    with pytest.raises(RegelError, match="test case b, input 'x': list item 1: 'one' is not"):
        _read(tmp_path, body)
    a, b, c = read_test_file(tmp_path / "m-test-01.xml", each_case=True).cases
    assert (a.id, a.problem, a.results[0].expected) == ("a", None, Decimal(1))
    assert (b.id, b.type, b.invocable_name, b.inputs, b.results) == (
        "b", "decisionService", "svc", {}, [])
    assert b.problem is not None
    assert b.problem.render("en") == "test case b, input 'x': list item 1: 'one' is not a number"
    assert b.problem.render("da") == "testcase b, input 'x': element 1 i listen: 'one' er ikke " \
                                     "et tal"
    assert (c.problem, c.results[0].expected) == (None, WideDate(-2017, 12, 31))
