"""The built-ins are registered under their FEEL 1.5 names and bind arguments correctly.

Expression-level behaviour is tested elsewhere; these tests call the registry directly.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest

import regel.feel.builtins  # noqa: F401  (registers the functions)
from regel.feel.registry import BUILTINS, call_builtin
from regel.feel.values import (
    DaysTimeDuration,
    FeelFunction,
    FeelNull,
    YearsMonthsDuration,
)
from regel.feel.warnings import MESSAGES

D = Decimal

NAMES = [
    "date", "date and time", "time", "duration", "years and months duration", "number",
    "string", "decimal", "floor", "ceiling", "round up", "round down", "round half up",
    "round half down", "abs", "modulo", "sqrt", "log", "exp", "odd", "even",
    "string length", "upper case", "lower case", "substring", "substring before",
    "substring after", "replace", "contains", "starts with", "ends with", "matches", "split",
    "string join", "list contains", "count", "min", "max", "sum", "mean", "median", "stddev",
    "mode", "all", "any", "product", "sublist", "append", "concatenate", "insert before",
    "remove", "reverse", "index of", "union", "distinct values", "flatten", "sort", "not",
    "is defined", "get value", "get entries", "day of week", "day of year", "month of year",
    "week of year",
]


def call(name: str, *args: Any, **named: Any) -> Any:
    return call_builtin(BUILTINS[name], list(args), named or None)


def call_named(name: str, named: dict[str, Any]) -> Any:
    return call_builtin(BUILTINS[name], [], named)


@pytest.mark.parametrize("name", NAMES)
def test_registered(name: str) -> None:
    assert name in BUILTINS
    assert BUILTINS[name].signatures


@pytest.mark.parametrize(("name", "params"), [
    ("substring", "string, start position, length?"),
    ("round half up", "n, scale"),
    ("string join", "list, delimiter?"),
    ("number", "from, grouping separator?, decimal separator?"),
    ("replace", "input, pattern, replacement, flags?"),
    ("insert before", "list, position, newItem"),
    ("years and months duration", "from, to"),
    ("modulo", "dividend, divisor"),
    ("sort", "list, precedes?"),
    ("get value", "m, key"),
    ("min", "*list"),
    ("append", "list, ...item"),
    ("concatenate", "...lists"),
])
def test_parameter_names(name: str, params: str) -> None:
    def spell(p: Any) -> str:
        prefix = "..." if p.rest else "*" if p.list_or_rest else ""
        return prefix + p.name + ("?" if p.optional else "")

    signatures = [", ".join(spell(p) for p in s.params) for s in BUILTINS[name].signatures]
    assert params in signatures


def test_overloads_by_count_and_by_name() -> None:
    assert call("date", "2012-12-25") == dt.date(2012, 12, 25)
    assert call("date", D(2012), D(12), D(25)) == dt.date(2012, 12, 25)
    assert call_named("date", {"from": "2012-12-25"}) == dt.date(2012, 12, 25)
    assert call_named("date", {"year": D(2012), "month": D(12), "day": D(25)}) == \
        dt.date(2012, 12, 25)
    assert call("time", D(11), D(59), D(45)) == dt.time(11, 59, 45)
    assert call_named("time", {"hour": D(11), "minute": D(59), "second": D(0),
                               "offset": DaysTimeDuration(D(-7200))}) == \
        dt.time(11, 59, 0, tzinfo=dt.timezone(dt.timedelta(hours=-2)))
    assert call("date and time", dt.date(2017, 8, 10), dt.time(23, 59, 1)) == \
        dt.datetime(2017, 8, 10, 23, 59, 1)


def test_named_arguments() -> None:
    assert call_named("substring", {"string": "foobar", "start position": D(3)}) == "obar"
    assert call_named("substring", {"start position": D(3), "length": D(2),
                                    "string": "foobar"}) == "ob"
    assert call_named("floor", {"n": D("-1.5")}) == D(-2)
    assert call_named("round half up", {"n": D("5.5"), "scale": D(0)}) == D(6)
    assert call_named("number", {"from": "1 000,5", "grouping separator": " ",
                                 "decimal separator": ","}) == D("1000.5")
    assert call_named("insert before", {"list": [D(1), D(3)], "position": D(2),
                                        "newItem": D(2)}) == [D(1), D(2), D(3)]
    with pytest.raises(FeelNull) as info:
        call_named("substring", {"text": "foobar", "start position": D(3)})
    assert info.value.code == "FEEL-BAD-ARGUMENTS"


def test_list_or_varargs_marker() -> None:
    assert call("min", [D(3), D(1), D(2)]) == D(1)
    assert call("min", D(3), D(1), D(2)) == D(1)
    assert call("max", D(7)) == D(7)
    assert call("sum", [D(1), D(2), D(3)]) == call("sum", D(1), D(2), D(3)) == D(6)
    assert call_named("mean", {"list": [D(1), D(2), D(3)]}) == D(2)
    assert call("all", True) is True
    assert call("any", False, None, True) is True
    assert call("mode", D(6), D(3), D(9), D(6), D(6)) == [D(6)]
    with pytest.raises(FeelNull):
        call("min")


def test_rest_marker() -> None:
    assert call("append", [D(1)], D(2), D(3)) == [D(1), D(2), D(3)]
    assert call("append", [D(1)]) == [D(1)]
    assert call("concatenate", [D(1), D(2)], [D(3)]) == [D(1), D(2), D(3)]
    assert call("union", [D(1), D(2)], [D(2), D(3)]) == [D(1), D(2), D(3)]


@pytest.mark.parametrize(("name", "args", "expected"), [
    ("substring", ["foobar", D(-2), D(1)], "a"),
    ("substring", ["\U0001F40Eab", D(2)], "ab"),
    ("string length", ["\U0001F40Eab"], D(3)),
    ("modulo", [D(-12), D(5)], D(3)),
    ("modulo", [D(12), D(-5)], D(-3)),
    ("modulo", [D("-10.1"), D("4.5")], D("3.4")),
    ("decimal", [D("2.5"), D(0)], D(2)),
    ("decimal", [D("1.035"), D(2)], D("1.04")),
    # a scale that is not whole is truncated (DMN TCK 1100-feel-decimal-function, 002)
    ("decimal", [D(1) / D(3), D("2.5")], D("0.33")),
    ("round up", [D("-5.5"), D(0)], D(-6)),
    ("round half down", [D("-5.5"), D(0)], D(-5)),
    ("ceiling", [D("-1.56"), D(1)], D("-1.5")),
    ("sqrt", [D(16)], D(4)),
    ("stddev", [[D(2), D(4), D(7), D(5)]], D("2.081665999466132735282297706979931")),
    ("median", [[D(6), D(1), D(2), D(3)]], D("2.5")),
    ("mode", [[D(6), D(1), D(9), D(6), D(1)]], [D(1), D(6)]),
    ("mean", [[]], None),
    ("sum", [[]], None),
    ("all", [[]], True),
    ("any", [[]], False),
    ("all", [[False, None, True]], False),
    ("all", [[True, None]], None),
    ("number", ["1.000,5", ".", ","], D("1000.5")),
    ("string", [D("1.10")], "1.1"),
    ("replace", ["abcd", "(ab)|(a)", "[1=$1][2=$2]"], "[1=ab][2=]cd"),
    ("replace", ["0123456789", r"(\d{3})(\d{3})(\d{4})", "($1) $2-$3"], "(012) 345-6789"),
    ("matches", ["foobar", "^fo*b"], True),
    ("matches", ["FOOBAR", "fo+", "i"], True),
    ("split", ["John Doe", r"\s"], ["John", "Doe"]),
    ("split", ["a;b;c;;", ";"], ["a", "b", "c", "", ""]),
    ("string join", [["a", None, "c"], "-"], "a-c"),
    ("sublist", [[D(4), D(5), D(6)], D(1), D(2)], [D(4), D(5)]),
    ("insert before", [[D(1), D(3)], D(1), D(2)], [D(2), D(1), D(3)]),
    ("remove", [[D(1), D(2), D(3)], D(-1)], [D(1), D(2)]),
    ("index of", [[D(1), D(2), D(3), D(2)], D(2)], [D(2), D(4)]),
    ("distinct values", [[D(1), D(2), D(3), D(2), D(1)]], [D(1), D(2), D(3)]),
    ("flatten", [[[D(1), D(2)], [[D(3)]], D(4)]], [D(1), D(2), D(3), D(4)]),
    ("list contains", [[D(1), None], None], True),
    ("get value", [{"a": D(1)}, "a"], D(1)),
    ("get entries", [{"a": D(1)}], [{"key": "a", "value": D(1)}]),
    ("not", [None], None),
    ("is defined", [None], False),
    ("duration", ["P26M"], YearsMonthsDuration(26)),
    ("years and months duration", [dt.date(2011, 12, 22), dt.date(2013, 8, 24)],
     YearsMonthsDuration(20)),
    ("time", [dt.date(2017, 8, 10)], dt.time(0, 0, tzinfo=dt.UTC)),
    ("day of week", [dt.date(2019, 9, 17)], "Tuesday"),
    ("day of year", [dt.date(2019, 9, 17)], D(260)),
    ("month of year", [dt.date(2019, 9, 17)], "September"),
    ("week of year", [dt.date(2005, 1, 1)], D(53)),
])
def test_direct_calls(name: str, args: list[Any], expected: Any) -> None:
    assert call(name, *args) == expected


def test_sort_with_and_without_precedes() -> None:
    descending = FeelFunction("anonymous", ("x", "y"), lambda args, named: args[0] > args[1])
    assert call("sort", [D(3), D(1), D(2)]) == [D(1), D(2), D(3)]
    assert call("sort", [D(3), D(1), D(2)], descending) == [D(3), D(2), D(1)]
    assert call_named("sort", {"list": ["b", "a"]}) == ["a", "b"]
    with pytest.raises(FeelNull) as info:
        call("sort", [D(1), "a"])
    assert info.value.code == "FEEL-NOT-COMPARABLE"


@pytest.mark.parametrize(("name", "args", "code"), [
    ("substring", ["foobar", "3"], "FEEL-INVALID-ARGUMENT"),
    ("substring", ["foobar", D(0)], "FEEL-INVALID-ARGUMENT"),
    ("sqrt", [D(-1)], "FEEL-INVALID-ARGUMENT"),
    ("modulo", [D(1), D(0)], "FEEL-DIVISION-BY-ZERO"),
    ("exp", [D(100000)], "FEEL-OVERFLOW"),
    ("decimal", [D(1), "2"], "FEEL-INVALID-ARGUMENT"),
    ("matches", ["a", "(?=a)"], "FEEL-INVALID-REGEX"),
    ("matches", ["a", "a", "z"], "FEEL-INVALID-REGEX"),
    ("replace", ["abc", "x*", "-"], "FEEL-INVALID-REGEX"),
    ("date", ["2021-02-29"], "FEEL-INVALID-TEMPORAL"),
    ("duration", ["P1Y2D"], "FEEL-INVALID-TEMPORAL"),
    ("min", [[D(1), "a"]], "FEEL-INVALID-ARGUMENT"),
    ("date", [D(1), D(2)], "FEEL-BAD-ARGUMENTS"),
])
def test_invalid_arguments(name: str, args: list[Any], code: str) -> None:
    with pytest.raises(FeelNull) as info:
        call(name, *args)
    assert info.value.code == code
    assert code in MESSAGES


_SAMPLES: list[Any] = [
    None, True, D(0), D(-1), D("2.5"), D("1E+40"), D("-1E-6100"), "", "a(", "2012-12-25",
    [], [D(1), "a"], [[D(1)]], {"a": D(1)}, dt.date(2020, 2, 29), dt.time(10, 0),
    dt.datetime(2020, 1, 1), DaysTimeDuration(D(-3600)), YearsMonthsDuration(14),
    FeelFunction("f", ("a", "b"), lambda args, named: D(1)),
]


@pytest.mark.parametrize("name", NAMES)
def test_no_python_exception_escapes(name: str) -> None:
    for arity in range(3):
        for args in itertools.product(_SAMPLES, repeat=arity):
            try:
                call(name, *args)
            except FeelNull:
                pass
