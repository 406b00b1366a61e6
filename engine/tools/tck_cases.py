"""Reader for the DMN TCK's test case files (``testCases.xsd``), not for the DMN models.

``read_test_file`` turns one ``*-test-01.xml`` into a ``TckFile`` whose values are the
engine's FEEL values (Decimal, str, bool, date, time, datetime, durations, lists, dicts,
None). ``compare`` checks an actual result against an expected one as the TCK does. A bad
file raises ``RegelError`` (TCK-CASE) whose message comes from the catalogue.
"""

from __future__ import annotations

import datetime as _dt
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation, localcontext
from pathlib import Path
from typing import Any

from regel.base.errors import RegelError
from regel.base.messages import Msg
from regel.feel.temporal import parse_date, parse_date_and_time, parse_duration, parse_time
from regel.feel.values import FeelNull
from regel.tools.lang import os_reason

__all__ = ["TckResultNode", "TckCase", "TckFile", "read_test_file", "compare"]

_XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
_CODE = "TCK-CASE"
# Two non-integer numbers agree when they are equal after rounding both to this many places.
_PLACES = 8


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


def _temporal(parse: Callable[[str], Any], kind: str) -> Callable[[str], Any]:
    """A converter of text by ``parse``; ``kind`` is the catalogue's word for its values."""
    def convert(text: str) -> Any:
        try:
            return parse(text.strip())
        except FeelNull:
            raise _Bad("tck.value.not-valid", text=repr(text), kind=Msg(kind)) from None

    return convert


_NUMBER_TYPES = ("decimal", "integer", "int", "long", "short", "double", "float")
_CONVERTERS: dict[str, Callable[[str], Any]] = {
    **{name: _decimal for name in _NUMBER_TYPES},
    "string": lambda text: text,
    "boolean": _boolean,
    "date": _temporal(parse_date, "tck.kind.date"),
    "time": _temporal(parse_time, "tck.kind.time"),
    "dateTime": _temporal(parse_date_and_time, "tck.kind.date-and-time"),
    "duration": _temporal(parse_duration, "tck.kind.duration"),
    "dayTimeDuration": _temporal(parse_duration, "tck.kind.duration"),
    "yearMonthDuration": _temporal(parse_duration, "tck.kind.duration"),
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


def read_test_file(path: str | Path) -> TckFile:
    """Read one TCK test case file; raise ``RegelError`` (code TCK-CASE) if it is bad."""
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
                raise RegelError.of(_CODE, key="TCK-CASE/case", at=source, file=path.name,
                                    problem=exc.said) from None
    return result


def _numbers_agree(expected: Decimal, actual: Decimal) -> bool:
    if expected == actual:
        return True
    if not (expected.is_finite() and actual.is_finite()):
        return False
    if expected == expected.to_integral_value() or actual == actual.to_integral_value():
        return False  # an integer must match exactly
    step = Decimal(1).scaleb(-_PLACES)
    with localcontext() as ctx:
        ctx.prec = max(len(expected.as_tuple().digits), len(actual.as_tuple().digits)) + 40
        try:
            return expected.quantize(step) == actual.quantize(step)
        except InvalidOperation:
            return False


def compare(expected: Any, actual: Any) -> bool:
    """Whether ``actual`` matches ``expected`` as the TCK counts it.

    Numbers: equal by value, or, when neither is an integer, equal after rounding both
    to 8 decimal places (the TCK's expected values of non-terminating results such as
    ``2778.69354943277`` are themselves rounded). Lists element-wise, dicts with the same
    keys value-wise, None only with None, everything else by ``==`` within one type.
    """
    if expected is None or actual is None:
        return expected is None and actual is None
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
    elif type(expected) is not type(actual) and not isinstance(actual, type(expected)):
        return False
    return bool(expected == actual)
