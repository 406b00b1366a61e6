"""An independent count of the DMN TCK, kept apart from `regel tck` on purpose (issue 14).

It reads the test files with ElementTree itself, converts their values itself, compares by
the rules of the TCK's reference runners, and uses only regel's public API (``load_dmn``,
``Pack.evaluate``, ``Pack.evaluate_service``, the error classes and the FEEL duration
types). For every test case:
each result node's decision is evaluated alone with the case's inputs; a node expecting an
error (``errorResult="true"``) passes when the value is null or regel raised a RegelError;
any other node passes when nothing was raised and the value is the expected one. A model
that does not load fails all its cases; so does a case with a value this file cannot read
or FEEL cannot hold, and a case of a type other than ``decision`` or ``decisionService``
(whose result nodes are the output decisions of the service it invokes, with its inputs).
A date, time or date and time Python's datetime cannot hold (year -2017, nanoseconds) is
read here as a ``Far`` value of its own, compared with regel's by the fields regel documents
for every temporal value (``year`` .. ``second``, ``microsecond`` or ``nanosecond``,
``tzinfo``, ``utcoffset()``). An input given with a namespace is found by
``InputData.origin``.

``count(folder)`` -> {(test folder, test file without .xml, case id): passed}.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation, localcontext
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from regel import PackError, RegelError, load_dmn
from regel.feel import DaysTimeDuration, YearsMonthsDuration

TC = "{http://www.omg.org/spec/DMN/20160719/testcase}"
XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
#: the reference runners' tolerance for numbers (Drools, QuantumDMN: |e - a| < 1e-8)
TOLERANCE = Decimal("0.00000001")

Key = tuple[str, str, str]


class Unreadable(Exception):
    """A value of a test file that this harness cannot read."""


class Unheld:
    """A value FEEL cannot hold (a year of ten digits, a fraction finer than nanoseconds):
    equal to nothing."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Unheld({self.text!r})"


class Far:
    """A date, time or date and time beyond Python's datetime, as this file reads it: its
    kind and its fields (year, month, day; hour, minute, second, nanosecond, zone)."""

    def __init__(self, kind: str, fields: tuple[Any, ...]) -> None:
        self.kind, self.fields = kind, fields

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Far) and (self.kind, self.fields) == (other.kind, other.fields)

    def __hash__(self) -> int:
        return hash((self.kind, self.fields))

    def __repr__(self) -> str:
        return f"Far({self.kind!r}, {self.fields!r})"


# ----------------------------------------------------------------------------- values

_DATE = re.compile(r"(-?)(\d{4,})-(\d\d)-(\d\d)", re.ASCII)
_TIME = re.compile(r"(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d|@[^\s@]+)?", re.ASCII)
_DURATION = re.compile(r"(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?"
                       r"(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d*)?)S)?)?", re.ASCII)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _month_days(year: int, month: int) -> int:
    return [31, 29 if _leap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]


def _ymd(text: str) -> tuple[int, int, int] | Unheld:
    """Year, month, day of any year (year 0 is 1 BC: XML Schema 1.1)."""
    m = _DATE.fullmatch(text)
    if not m:
        raise Unreadable(text)
    sign, year_text, month_text, day_text = m.groups()
    if len(year_text) > 9:
        return Unheld(text)
    year, month, day = int(sign + year_text), int(month_text), int(day_text)
    if (sign and not year) or not 1 <= month <= 12 or not 1 <= day <= _month_days(year, month):
        raise Unreadable(text)
    return year, month, day


def _date(text: str) -> dt.date | Far | Unheld:
    ymd = _ymd(text)
    if isinstance(ymd, Unheld):
        return ymd
    return dt.date(*ymd) if 1 <= ymd[0] <= 9999 else Far("date", ymd)


def _tz(text: str | None) -> dt.tzinfo | None:
    if not text:
        return None
    if text.startswith("@"):
        try:
            return ZoneInfo(text[1:])
        except Exception:
            raise Unreadable(text) from None
    if text == "Z":
        return dt.UTC
    offset = dt.timedelta(hours=int(text[1:3]), minutes=int(text[4:6]))
    return dt.timezone(-offset if text[0] == "-" else offset) if offset else dt.UTC


def _zone_of(tz: dt.tzinfo | None, offset: dt.timedelta | None) -> Any:
    if tz is None:
        return None
    key = getattr(tz, "key", None)
    return ("id", key) if key else ("offset", offset)


def _clock(text: str) -> tuple[int, int, int, int, dt.tzinfo | None] | Unheld:
    """Hour, minute, second, nanoseconds and zone of a time (24:00:00 is hour 24)."""
    m = _TIME.fullmatch(text)
    if not m:
        raise Unreadable(text)
    hh, mm, ss, fraction, zone = m.groups()
    fraction = fraction or ""
    if fraction[9:].strip("0"):
        return Unheld(text)
    if hh == "24" and ((mm, ss) != ("00", "00") or fraction.strip("0")):
        raise Unreadable(text)
    if int(hh) > 24 or int(mm) > 59 or int(ss) > 59:
        raise Unreadable(text)
    return int(hh), int(mm), int(ss), int(fraction[:9].ljust(9, "0")), _tz(zone)


def _time(text: str) -> dt.time | Far | Unheld:
    clock = _clock(text)
    if isinstance(clock, Unheld):
        return clock
    hh, mm, ss, nanos, tz = clock
    hh = 0 if hh == 24 else hh
    if nanos % 1000:
        return Far("time", (hh, mm, ss, nanos, _zone_of(tz, _offset(tz))))
    return dt.time(hh, mm, ss, nanos // 1000, tz)


def _next_day(year: int, month: int, day: int) -> tuple[int, int, int]:
    if day < _month_days(year, month):
        return year, month, day + 1
    return (year, month + 1, 1) if month < 12 else (year + 1, 1, 1)


def _offset(tz: dt.tzinfo | None) -> dt.timedelta | None:
    """A fixed offset's own offset; a zone id's matters not (its id is compared)."""
    return None if tz is None or getattr(tz, "key", None) else tz.utcoffset(None)


def _date_time(text: str) -> dt.datetime | Far | Unheld:
    date_text, sep, time_text = text.partition("T")
    if not sep:
        raise Unreadable(text)
    ymd, clock = _ymd(date_text), _clock(time_text)
    if isinstance(ymd, Unheld) or isinstance(clock, Unheld):
        return Unheld(text)
    hh, mm, ss, nanos, tz = clock
    if hh == 24:
        ymd, hh = _next_day(*ymd), 0
    if 1 <= ymd[0] <= 9999 and not nanos % 1000:
        return dt.datetime(*ymd, hh, mm, ss, nanos // 1000, tz)
    return Far("date and time", (*ymd, hh, mm, ss, nanos, _zone_of(tz, _offset(tz))))


def _duration(text: str) -> Any:
    m = _DURATION.fullmatch(text)
    if not m or text.endswith(("P", "T")):
        raise Unreadable(text)
    minus, years, months, days, hours, minutes, seconds = m.groups()
    sign = -1 if minus else 1
    if (years or months) and (days or hours or minutes or seconds):
        raise Unreadable(text)  # FEEL has no duration of both kinds
    if years or months:
        return YearsMonthsDuration(sign * (int(years or 0) * 12 + int(months or 0)))
    total = (int(days or 0) * 86400 + int(hours or 0) * 3600 + int(minutes or 0) * 60
             + Decimal(seconds or 0))
    return DaysTimeDuration(sign * total)


def _number(text: str) -> Decimal:
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        raise Unreadable(text) from None
    if not number.is_finite():
        raise Unreadable(text)
    return number


def _boolean(text: str) -> bool:
    word = text.strip()
    if word not in ("true", "false", "1", "0"):
        raise Unreadable(text)
    return word in ("true", "1")


_SCALARS: dict[str, Any] = {
    **dict.fromkeys(["decimal", "integer", "int", "long", "short", "double", "float"], _number),
    "string": lambda text: text,
    "boolean": _boolean,
    "date": lambda text: _date(text.strip()),
    "time": lambda text: _time(text.strip()),
    "dateTime": lambda text: _date_time(text.strip()),
    **dict.fromkeys(["duration", "dayTimeDuration", "yearMonthDuration"],
                    lambda text: _duration(text.strip())),
}


def _nil(elem: ET.Element) -> bool:
    return elem.get(XSI + "nil") in ("true", "1")


def value(elem: ET.Element | None) -> Any:
    """The value of a TCK ``valueType`` element (``inputNode``, ``expected``, ``item``,
    ``component``)."""
    if elem is None or _nil(elem):
        return None
    parts = [c for c in elem if isinstance(c.tag, str) and c.tag != TC + "extensionElements"]
    if not parts:
        return None
    if all(p.tag == TC + "component" for p in parts):
        return {p.get("name"): value(p) for p in parts}
    if len(parts) > 1:
        raise Unreadable("several values")
    (part,) = parts
    if part.tag == TC + "list":
        return None if _nil(part) else [value(item) for item in part]
    if part.tag != TC + "value":
        raise Unreadable(part.tag)
    if _nil(part):
        return None
    kind = (part.get(XSI + "type") or "string").rpartition(":")[2]
    if kind not in _SCALARS:
        raise Unreadable(kind)
    return _SCALARS[kind](part.text or "")


# ----------------------------------------------------------------------------- comparing

def _zone(t: Any) -> Any:
    if t.tzinfo is None:
        return None
    key = getattr(t.tzinfo, "key", None)
    return ("id", key) if key else ("offset", t.utcoffset())


def _fields_of(actual: Any) -> Far | None:
    """regel's temporal value by its documented fields (its standard ``date``, ``time``
    and ``datetime`` and its own wider ones alike), or None if it is none."""
    has_day, has_clock = hasattr(actual, "year"), hasattr(actual, "hour")
    if not (has_day or has_clock) or isinstance(actual, (Decimal, str, bool)):
        return None
    day = (actual.year, actual.month, actual.day) if has_day else ()
    if not has_clock:
        return Far("date", day)
    nanos = getattr(actual, "nanosecond", None)
    nanos = actual.microsecond * 1000 if nanos is None else nanos
    clock = (actual.hour, actual.minute, actual.second, nanos, _zone(actual))
    return Far("date and time" if has_day else "time", day + clock)


def same(expected: Any, actual: Any) -> bool:
    """Whether regel's ``actual`` is the TCK's ``expected``: numbers within 1e-8, lists
    item by item, contexts key by key, temporals by their fields and their zone (an
    offset is not a zone id: Java's equals), everything else equal within one type."""
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(expected, Unheld):
        return False
    if isinstance(expected, Far):
        return _fields_of(actual) == expected
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, Decimal):
        if not isinstance(actual, Decimal):
            return False
        with localcontext() as ctx:
            ctx.prec = 200
            return abs(expected - actual) < TOLERANCE
    if isinstance(expected, list):
        return (isinstance(actual, list) and len(actual) == len(expected)
                and all(same(e, a) for e, a in zip(expected, actual, strict=True)))
    if isinstance(expected, dict):
        return (isinstance(actual, Mapping) and set(actual) == set(expected)
                and all(same(expected[k], actual[k]) for k in expected))
    if type(expected) is not type(actual):
        return False
    if isinstance(expected, dt.datetime | dt.time):
        return (expected.replace(tzinfo=None) == actual.replace(tzinfo=None)
                and _zone(expected) == _zone(actual))
    return bool(expected == actual)


# ----------------------------------------------------------------------------- running

def _holds_unheld(v: Any) -> bool:
    if isinstance(v, Unheld):
        return True
    if isinstance(v, list):
        return any(_holds_unheld(x) for x in v)
    return isinstance(v, dict) and any(_holds_unheld(x) for x in v.values())


def _node_passes(pack: Any, inputs: dict[str, Any], node: ET.Element,
                 service: str | None = None) -> bool:
    """A result node: its decision evaluated alone, or (``service``) the output decision
    of that name from invoking the decision service with the case's inputs."""
    name = node.get("name") or ""
    error_result = node.get("errorResult") in ("true", "1")
    expected = value(node.find(TC + "expected"))  # read even when unused, as Drools does
    try:
        if service is None:
            actual = pack.evaluate(inputs, decisions=[name], trace=False).values[name]
        else:
            actual = pack.evaluate_service(service, inputs).values.get(name)
    except RegelError:
        return error_result
    except Exception:  # a crash inside regel passes nothing
        return False
    return actual is None if error_result else same(expected, actual)


def _input_ids(pack: Any, node: ET.Element) -> list[str]:
    """The pack's inputs an ``inputNode`` gives: with a namespace, every input regel read
    from the imported model of that namespace under that name (``InputData.origin``; a
    model imported along two paths is read twice), else the input of that name."""
    name = node.get("name") or ""
    origin = (node.get("namespace"), name)
    return [i for i, data in pack.inputs.items() if data.origin == origin] or [name]


def case_passes(pack: Any, case: ET.Element) -> bool:
    """Whether one ``testCase`` passes on a loaded model (see the module's rules)."""
    kind = case.get("type") or "decision"
    service = case.get("invocableName") if kind == "decisionService" else None
    if kind != "decision" and service is None:
        return False
    try:
        inputs: dict[str, Any] = {}
        for node in case.findall(TC + "inputNode"):
            inputs.update(dict.fromkeys(_input_ids(pack, node), value(node)))
        if any(_holds_unheld(v) for v in inputs.values()):
            return False
        return all(_node_passes(pack, inputs, node, service)
                   for node in case.findall(TC + "resultNode"))
    except Unreadable:
        return False


def count(folder: Path) -> dict[Key, bool]:
    """Every test case under ``folder`` (a compliance level): passed or not."""
    models: dict[Path, Any] = {}
    out: dict[Key, bool] = {}
    for test_file in sorted(folder.glob("*/*-test-*.xml")):
        try:
            root = ET.parse(test_file).getroot()
        except ET.ParseError:
            continue  # no XML: no test case to count
        named = root.findtext(TC + "modelName")
        model = test_file.parent / named if named else None
        if model is None or not model.is_file():
            (model,) = test_file.parent.glob("*.dmn")
        if model not in models:
            try:
                models[model] = load_dmn(model)
            except PackError:
                models[model] = None
        pack = models[model]
        for position, case in enumerate(root.findall(TC + "testCase"), 1):
            key = (test_file.parent.name, test_file.stem, case.get("id") or str(position))
            out[key] = pack is not None and case_passes(pack, case)
    return out
