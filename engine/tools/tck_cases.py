"""Reader for the DMN TCK's test case files (``testCases.xsd``), not for the DMN models.

``read_test_file`` turns one ``*-test-01.xml`` into a ``TckFile`` whose values are the
engine's FEEL values (Decimal, str, bool, date, time, datetime, durations, lists, dicts,
None; a year such as -2017 or nanoseconds give regel's wide temporal values). A date, time
or date and time that FEEL cannot hold exactly (a year of ten digits, a fraction finer
than nanoseconds) is an ``ExactTemporal``: its kind and canonical text, never a
truncated value. ``compare`` checks an actual result against an expected one as the TCK
does. A bad file raises ``RegelError`` (TCK-CASE) whose message comes from the catalogue;
with ``each_case=True`` a bad value only marks its test case (``TckCase.problem``).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import MAX_EMAX, MIN_EMIN, Decimal, InvalidOperation, localcontext
from pathlib import Path
from typing import Any

from regel.base.errors import RegelError
from regel.base.messages import Msg
from regel.feel.temporal import (
    MAX_OFFSET,
    parse_date,
    parse_date_and_time,
    parse_duration,
    parse_time,
    zone,
)
from regel.feel.values import FeelNull, to_string, type_name
from regel.tools.lang import os_reason

__all__ = ["TckResultNode", "TckCase", "TckFile", "ExactTemporal", "read_test_file",
           "compare"]

_XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
_CODE = "TCK-CASE"
# Two numbers agree when they differ by less than this: the rule of the TCK's reference
# runners (Drools, QuantumDMN), whose expected values of non-terminating results such as
# 2778.69354943277 are themselves rounded.
_TOLERANCE = Decimal("0.00000001")


@dataclass(frozen=True)
class ExactTemporal:
    """A date, time or date and time beyond FEEL's (a year beyond -999999999..999999999,
    a fraction of a second finer than nanoseconds), kept exactly: its ``kind``
    (``date``, ``time``, ``date and time``) and its canonical text (``-2017-12-31``,
    ``11:22:33.123456789``, ``Z`` for a zero offset, no trailing zeros in the fraction).

    It matches only an engine value of the same kind whose text is the same; no value
    of regel's can be one today, so a case expecting it fails, honestly.
    """

    kind: str
    text: str

    def matches(self, actual: Any) -> bool:
        return type_name(actual) == self.kind and to_string(actual) == self.text

    def __str__(self) -> str:
        """The value as FEEL writes it: ``date("-2017-12-31")``."""
        return f'{self.kind}("{self.text}")'


@dataclass
class TckResultNode:
    """One expected result: the decision (or other node) ``name`` and its value."""

    name: str
    expected: Any
    error_result: bool = False
    type: str | None = None


@dataclass
class TckCase:
    """One ``testCase``: input values by name and the expected results."""

    id: str
    description: str | None
    inputs: dict[str, Any] = field(default_factory=dict)
    results: list[TckResultNode] = field(default_factory=list)
    invocable_name: str | None = None
    type: str = "decision"
    problem: Msg | None = None  # a value that could not be read (``each_case=True``)
    #: an input given with a namespace (an input of an imported model), by its name
    namespaces: dict[str, str] = field(default_factory=dict)


@dataclass
class TckFile:
    """One test case file and the model file it names."""

    path: Path
    model_name: str | None
    cases: list[TckCase] = field(default_factory=list)


class _Bad(Exception):
    """A problem in a value, as a catalogue message; the caller adds where it is."""

    def __init__(self, key: str, /, **values: Any) -> None:
        super().__init__(key)
        self.said = Msg(key, values)

    def within(self, key: str, **values: Any) -> _Bad:
        """This problem, said as being inside something (``key`` has a ``{problem}``)."""
        return _Bad(key, **values, problem=self.said)


def _local(tag: object) -> str:
    """An element's name without its namespace (``{ns}value`` -> ``value``)."""
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    return tag.rpartition("}")[2]


def _children(elem: ET.Element) -> list[ET.Element]:
    return [child for child in elem if isinstance(child.tag, str)]


def _is_nil(elem: ET.Element) -> bool:
    return (elem.get(f"{_XSI}nil") or "").strip() in ("true", "1")


def _decimal(text: str) -> Decimal:
    try:
        result = Decimal(text.strip())
    except InvalidOperation:
        raise _Bad("tck.value.not-a-number", text=repr(text)) from None
    if not result.is_finite():
        raise _Bad("tck.value.not-finite", text=repr(text))
    return result


def _boolean(text: str) -> bool:
    word = text.strip()
    if word in ("true", "1"):
        return True
    if word in ("false", "0"):
        return False
    raise _Bad("tck.value.not-a-boolean", text=repr(text))


# a year of up to 100 digits: more than FEEL's nine, and far from Python's limit for int()
_EXACT_DATE = re.compile(r"(-?)([0-9]{4,100})-([0-9]{2})-([0-9]{2})")
_EXACT_TIME = re.compile(r"([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
                         r"(Z|[+-][0-9]{2}:[0-9]{2}|@[A-Za-z0-9_+\-/]+)?")
_FRACTION = re.compile(r":[0-9]{2}\.([0-9]+)")


def _exact_date(text: str) -> tuple[int, int, int] | None:
    """Year, month and day of an XML Schema date of any year, or None if it is none
    (year 0 is 1 BC, as in XML Schema 1.1 and ISO 8601)."""
    m = _EXACT_DATE.fullmatch(text)
    if m is None:
        return None
    sign, year_text, month_text, day_text = m.groups()
    if (len(year_text) > 4 and year_text.startswith("0")) or (sign and not int(year_text)):
        return None
    year, month, day = int(sign + year_text), int(month_text), int(day_text)
    if not 1 <= month <= 12:
        return None
    return (year, month, day) if 1 <= day <= _days_in(year, month) else None


def _days_in(year: int, month: int) -> int:
    """The days of a month of the proleptic Gregorian calendar, in any year."""
    return (31, 29 if calendar.isleap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
            31)[month - 1]


def _date_text(year: int, month: int, day: int) -> str:
    return f"{'-' if year < 0 else ''}{abs(year):04d}-{month:02d}-{day:02d}"


def _exact_time(text: str) -> tuple[str, bool] | None:
    """The canonical text of an XML Schema time with any fraction of a second, and
    whether it was 24:00:00 (the end of the day); None if it is no time."""
    m = _EXACT_TIME.fullmatch(text)
    if m is None:
        return None
    hh, mm, ss, fraction, where = m.groups()
    fraction = (fraction or "").rstrip("0")
    end_of_day = (hh, mm, ss, fraction) == ("24", "00", "00", "")
    if not (int(hh) <= 23 or end_of_day) or int(mm) > 59 or int(ss) > 59:
        return None
    if where and where[0] in "+-":
        hours, minutes = int(where[1:3]), int(where[4:6])
        offset = _dt.timedelta(hours=hours, minutes=minutes)
        if minutes > 59 or offset > MAX_OFFSET:
            return None
        where = "Z" if not offset else where
    elif where and where.startswith("@") and zone(where[1:]) is None:
        return None
    clock = "00:00:00" if end_of_day else f"{hh}:{mm}:{ss}"
    return clock + (f".{fraction}" if fraction else "") + (where or ""), end_of_day


def _exact(kind: str, text: str) -> ExactTemporal | None:
    """``text`` as an exact value of ``kind``, or None if it is not one."""
    if kind == "time":
        time = _exact_time(text)
        return None if time is None else ExactTemporal(kind, time[0])
    date_part, sep, time_part = text.partition("T")
    ymd = _exact_date(date_part)
    if ymd is None or (kind == "date" and sep):
        return None
    if kind == "date":
        return ExactTemporal(kind, _date_text(*ymd))
    time = _exact_time(time_part) if sep else ("00:00:00", False)
    if time is None:
        return None
    if time[1]:  # 24:00:00 is the next day's midnight
        year, month, day = ymd
        ymd = ((year, month, day + 1) if day < _days_in(year, month)
               else (year, month + 1, 1) if month < 12 else (year + 1, 1, 1))
    return ExactTemporal(kind, f"{_date_text(*ymd)}T{time[0]}")


def _temporal(parse: Callable[[str], Any], kind: str, word: str) -> Callable[[str], Any]:
    """A converter of text by ``parse``, or exactly when FEEL cannot hold the value;
    ``kind`` is FEEL's name of the type, ``word`` the catalogue's word for it."""
    def convert(text: str) -> Any:
        stripped = text.strip()
        fraction = _FRACTION.search(stripped) if kind != "date" else None
        if fraction is None or not fraction.group(1)[9:].strip("0"):
            try:
                return parse(stripped)
            except FeelNull:
                pass
        exact = _exact(kind, stripped)
        if exact is None:
            raise _Bad("tck.value.not-valid", text=repr(text), kind=Msg(word))
        return exact

    return convert


def _duration(text: str) -> Any:
    """A duration: its seconds are a Decimal, so nanoseconds are kept as they are."""
    try:
        return parse_duration(text.strip())
    except FeelNull:
        raise _Bad("tck.value.not-valid", text=repr(text),
                   kind=Msg("tck.kind.duration")) from None


_NUMBER_TYPES = ("decimal", "integer", "int", "long", "short", "double", "float")
_CONVERTERS: dict[str, Callable[[str], Any]] = {
    **{name: _decimal for name in _NUMBER_TYPES},
    "string": lambda text: text,
    "boolean": _boolean,
    "date": _temporal(parse_date, "date", "tck.kind.date"),
    "time": _temporal(parse_time, "time", "tck.kind.time"),
    "dateTime": _temporal(parse_date_and_time, "date and time", "tck.kind.date-and-time"),
    "duration": _duration,
    "dayTimeDuration": _duration,
    "yearMonthDuration": _duration,
}


def _simple_value(elem: ET.Element) -> Any:
    """A ``<value>`` element: nil -> None, else its text converted by its ``xsi:type``."""
    if _is_nil(elem):
        return None
    if _children(elem):
        raise _Bad("tck.value.holds-elements")
    text = elem.text or ""
    xsi_type = elem.get(f"{_XSI}type")
    if xsi_type is None:
        return text
    # The attribute is a QName whose prefix may be anything bound to XML Schema
    # ("xsd:", "xs:"); ElementTree does not resolve it, so only the local part counts.
    converter = _CONVERTERS.get(xsi_type.rpartition(":")[2])
    if converter is None:
        raise _Bad("tck.value.unknown-type", type=repr(xsi_type))
    return converter(text)


def _value_of(elem: ET.Element) -> Any:
    """A ``valueType`` element: one ``<value>``, one ``<list>`` or ``<component>``s.

    A nil element, or one holding none of these, is None.
    """
    if _is_nil(elem):
        return None
    parts = [c for c in _children(elem) if _local(c.tag) != "extensionElements"]
    kinds = {_local(c.tag) for c in parts}
    if not parts:
        return None
    if kinds == {"component"}:
        context: dict[str, Any] = {}
        for comp in parts:
            name = comp.get("name")
            if name is None:
                raise _Bad("tck.value.component-no-name")
            if name in context:
                raise _Bad("tck.value.component-twice", name=repr(name))
            try:
                context[name] = _value_of(comp)
            except _Bad as exc:
                raise exc.within("tck.value.in-component", name=repr(name)) from None
        return context
    if len(parts) > 1:
        raise _Bad("tck.value.mixed", found=str(sorted(kinds)))
    (only,) = parts
    kind = _local(only.tag)
    if kind == "value":
        return _simple_value(only)
    if kind == "list":
        if _is_nil(only):
            return None
        items = []
        for index, item in enumerate(_children(only), start=1):
            if _local(item.tag) != "item":
                raise _Bad("tck.value.list-holds", tag=_local(item.tag))
            try:
                items.append(_value_of(item))
            except _Bad as exc:
                raise exc.within("tck.value.in-list-item", index=index) from None
        return items
    raise _Bad("tck.unexpected-element", tag=kind)


def _text(elem: ET.Element | None) -> str | None:
    if elem is None or elem.text is None:
        return None
    return elem.text.strip()


def _boolean_attr(elem: ET.Element, name: str) -> bool:
    value = elem.get(name)
    return False if value is None else _boolean(value)


def _read_case(elem: ET.Element, position: int) -> TckCase:
    """One ``testCase``; ``_Bad`` (said as being in the case) if a part of it is bad."""
    case_id = elem.get("id") or str(position)
    where = Msg("tck.where.case", {"id": case_id})
    case = TckCase(id=case_id, description=None, invocable_name=elem.get("invocableName"),
                   type=elem.get("type") or "decision")
    for child in _children(elem):
        kind = _local(child.tag)
        name = child.get("name")
        try:
            if kind == "description":
                case.description = _text(child)
            elif kind == "inputNode":
                if name is None:
                    raise _Bad("tck.input-no-name")
                where = Msg("tck.where.input", {"id": case_id, "name": repr(name)})
                if name in case.inputs:
                    raise _Bad("tck.input-twice")
                case.inputs[name] = _value_of(child)
                if child.get("namespace"):
                    case.namespaces[name] = child.get("namespace", "")
            elif kind == "resultNode":
                if name is None:
                    raise _Bad("tck.result-no-name")
                where = Msg("tck.where.result", {"id": case_id, "name": repr(name)})
                expected = next(
                    (c for c in _children(child) if _local(c.tag) == "expected"), None)
                case.results.append(TckResultNode(
                    name=name,
                    expected=None if expected is None else _value_of(expected),
                    error_result=_boolean_attr(child, "errorResult"),
                    type=child.get("type"),
                ))
            elif kind != "extensionElements":
                raise _Bad("tck.unexpected-element", tag=kind)
        except _Bad as exc:
            raise exc.within("tck.in", where=where) from None
        where = Msg("tck.where.case", {"id": case_id})
    return case


def read_test_file(path: str | Path, *, each_case: bool = False) -> TckFile:
    """Read one TCK test case file; raise ``RegelError`` (code TCK-CASE) if it is bad.

    With ``each_case``, a bad part of one test case (a value that is no number, say) only
    marks that case: it is kept with its id and ``problem``, and the others are read. A
    file that is not a test case file at all still raises.
    """
    path = Path(path)
    source = str(path)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        line, column = exc.position
        raise RegelError.of(_CODE, key="TCK-CASE/malformed", at=source, file=path.name,
                            line=line, column=column + 1) from None
    except OSError as exc:
        raise RegelError.of(_CODE, key="TCK-CASE/unreadable", at=source, file=path.name,
                            reason=os_reason(exc)) from None
    if _local(root.tag) != "testCases":
        raise RegelError.of(_CODE, key="TCK-CASE/root", at=source, file=path.name,
                            root=_local(root.tag))
    result = TckFile(path=path, model_name=None)
    position = 0
    for child in _children(root):
        kind = _local(child.tag)
        if kind == "modelName":
            result.model_name = _text(child)
        elif kind == "testCase":
            position += 1
            try:
                result.cases.append(_read_case(child, position))
            except _Bad as exc:
                if not each_case:
                    raise RegelError.of(_CODE, key="TCK-CASE/case", at=source, file=path.name,
                                        problem=exc.said) from None
                case_id = child.get("id") or str(position)
                result.cases.append(TckCase(id=case_id, description=None, problem=exc.said,
                                            invocable_name=child.get("invocableName"),
                                            type=child.get("type") or "decision"))
    return result


def _numbers_agree(expected: Decimal, actual: Decimal) -> bool:
    if expected == actual:
        return True
    if not (expected.is_finite() and actual.is_finite()):
        return False
    exponents = [int(expected.as_tuple().exponent), int(actual.as_tuple().exponent)]
    with localcontext() as ctx:  # the difference exactly (within reason: 10,000 digits)
        ctx.prec = min(10_000, max(expected.adjusted(), actual.adjusted(), -9)
                       - min(*exponents, -9) + 2)
        ctx.Emax, ctx.Emin = MAX_EMAX, MIN_EMIN
        try:
            return abs(expected - actual) < _TOLERANCE
        except InvalidOperation:
            return False


def _zone(value: _dt.time | _dt.datetime) -> Any:
    """A time's zone as Java's equals sees it: a zone id is not its offset."""
    key = getattr(value.tzinfo, "key", None)
    return ("id", key) if key else value.utcoffset()


def _same_clock(expected: _dt.time | _dt.datetime, actual: Any) -> bool:
    """The same fields and the same zone (two times, or two dates and times)."""
    return (expected.replace(tzinfo=None) == actual.replace(tzinfo=None)
            and _zone(expected) == _zone(actual))


def compare(expected: Any, actual: Any) -> bool:
    """Whether ``actual`` matches ``expected`` as the TCK counts it.

    Numbers: when they differ by less than 10^-8, as the TCK's reference runners count
    (its expected values of non-terminating results such as ``2778.69354943277`` are
    themselves rounded). Lists element-wise, dicts with the same keys value-wise, None only
    with None. A time or date and time: the same fields and the same zone, as Java's equals
    (10:00+01:00 is not 09:00Z, and an offset is not a zone id). An
    ``ExactTemporal`` by its exact text. Everything else by ``==`` within one type.
    """
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(expected, ExactTemporal):
        return expected.matches(actual)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return isinstance(expected, bool) and isinstance(actual, bool) and expected == actual
    if isinstance(expected, Decimal):
        if isinstance(actual, int):
            actual = Decimal(actual)
        return isinstance(actual, Decimal) and _numbers_agree(expected, actual)
    if isinstance(expected, list):
        return (isinstance(actual, list | tuple) and len(expected) == len(actual)
                and all(compare(e, a) for e, a in zip(expected, actual, strict=True)))
    if isinstance(expected, Mapping):
        return (isinstance(actual, Mapping) and set(expected) == set(actual)
                and all(compare(expected[key], actual[key]) for key in expected))
    if isinstance(expected, _dt.date | _dt.time):
        # datetime is a date: a date never matches a date and time, nor the reverse
        if type(expected) is not type(actual):
            return False
        if isinstance(expected, _dt.datetime | _dt.time):
            return _same_clock(expected, actual)
    elif type(expected) is not type(actual) and not isinstance(actual, type(expected)):
        return False
    return bool(expected == actual)
