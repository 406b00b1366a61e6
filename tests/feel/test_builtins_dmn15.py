"""Every built-in function of DMN 1.5 (chapter 10.3.4, its tables of built-in functions) is
registered, with its parameters named exactly as the specification names them, so that
each can be called with named arguments (``substring(string: "abc", start position: 2)``).

The list below is written from the specification's tables, one line per signature as the
spec gives it; ``?`` marks a parameter the spec lets out in another signature of the same
function (``floor(n)`` and ``floor(n, scale)``), ``...`` a variable number of arguments.
"""

from __future__ import annotations

import pytest

import regel.feel.compiler  # noqa: F401  (registers every built-in, range(from) included)
from regel.feel.registry import BUILTINS, Param, Signature

SPEC = {
    # 10.3.4.1 Conversion functions
    "date": ["from", "year, month, day"],
    "date and time": ["from", "date, time"],
    "time": ["from", "hour, minute, second, offset?"],
    "number": ["from, grouping separator, decimal separator"],
    "string": ["from"],
    "duration": ["from"],
    "years and months duration": ["from, to"],
    "range": ["from"],
    # 10.3.4.2 Boolean function
    "not": ["negand"],
    # 10.3.4.3 String functions
    "substring": ["string, start position, length?"],
    "string length": ["string"],
    "upper case": ["string"],
    "lower case": ["string"],
    "substring before": ["string, match"],
    "substring after": ["string, match"],
    "replace": ["input, pattern, replacement, flags?"],
    "contains": ["string, match"],
    "starts with": ["string, match"],
    "ends with": ["string, match"],
    "matches": ["input, pattern, flags?"],
    "split": ["string, delimiter"],
    "string join": ["list, delimiter?"],
    # 10.3.4.4 List functions
    "list contains": ["list, element"],
    "count": ["list"],
    "min": ["list", "..."],
    "max": ["list", "..."],
    "sum": ["list", "..."],
    "mean": ["list", "..."],
    "all": ["list", "..."],
    "any": ["list", "..."],
    "sublist": ["list, start position, length?"],
    "append": ["list, ..."],
    "concatenate": ["..."],
    "insert before": ["list, position, newItem"],
    "remove": ["list, position"],
    "reverse": ["list"],
    "index of": ["list, match"],
    "union": ["..."],
    "distinct values": ["list"],
    "flatten": ["list"],
    "product": ["list", "..."],
    "median": ["list", "..."],
    "stddev": ["list", "..."],
    "mode": ["list", "..."],
    "list replace": ["list, position, newItem", "list, match, newItem"],
    # 10.3.4.5 Numeric functions
    "decimal": ["n, scale"],
    "floor": ["n, scale?"],
    "ceiling": ["n, scale?"],
    "round up": ["n, scale"],
    "round down": ["n, scale"],
    "round half up": ["n, scale"],
    "round half down": ["n, scale"],
    "abs": ["n"],
    "modulo": ["dividend, divisor"],
    "sqrt": ["number"],
    "log": ["number"],
    "exp": ["number"],
    "odd": ["number"],
    "even": ["number"],
    # 10.3.4.6 Date and time functions
    "is": ["value1, value2"],
    # 10.3.4.7 Range functions
    "before": ["point1, point2", "point, range", "range, point", "range1, range2"],
    "after": ["point1, point2", "point, range", "range, point", "range1, range2"],
    "meets": ["range1, range2"],
    "met by": ["range1, range2"],
    "overlaps": ["range1, range2"],
    "overlaps before": ["range1, range2"],
    "overlaps after": ["range1, range2"],
    "finishes": ["point, range", "range1, range2"],
    "finished by": ["range, point", "range1, range2"],
    "includes": ["range, point", "range1, range2"],
    "during": ["point, range", "range1, range2"],
    "starts": ["point, range", "range1, range2"],
    "started by": ["range, point", "range1, range2"],
    "coincides": ["point1, point2", "range1, range2"],
    # 10.3.4.8 Temporal built-in functions
    "day of year": ["date"],
    "day of week": ["date"],
    "month of year": ["date"],
    "week of year": ["date"],
    # 10.3.4.9 Sort
    "sort": ["list, precedes"],
    # 10.3.4.10 Context functions
    "get value": ["m, key"],
    "get entries": ["m"],
    "context": ["entries"],
    "context put": ["context, key, value", "context, keys, value"],
    "context merge": ["contexts"],
    # 10.3.4.11 Miscellaneous functions
    "now": [""],
    "today": [""],
}

SIGNATURES = [(name, spec) for name, specs in SPEC.items() for spec in specs]


def _fits(spec: str, sig: Signature) -> bool:
    """Whether the registered signature takes the spec's one, its parameters by the spec's
    names: the same names in order (regel may let more of them out, as number(from) and
    sort(list); it may add optional ones), or a variable number for ``...``."""
    names = [p.strip() for p in spec.split(",") if p.strip()]
    params: list[Param] = list(sig.params)
    for i, name in enumerate(names):
        if name == "...":
            return i < len(params) and (params[i].rest or params[i].list_or_rest)
        if i >= len(params):
            return False
        p = params[i]
        if p.name != name.rstrip("?"):
            return False
    return all(p.optional for p in params[len(names):])


@pytest.mark.parametrize(("name", "spec"), SIGNATURES,
                         ids=[f"{n}({s})" for n, s in SIGNATURES])
def test_the_spec_signature_is_registered_with_its_parameter_names(name: str,
                                                                   spec: str) -> None:
    assert name in BUILTINS, f"{name} is not a built-in"
    shown = [", ".join(p.name for p in s.params) for s in BUILTINS[name].signatures]
    assert any(_fits(spec, s) for s in BUILTINS[name].signatures), (name, spec, shown)


def test_the_list_is_the_spec_s_whole_list() -> None:
    assert len(SPEC) == 86
    extra = set(BUILTINS) - set(SPEC)
    assert extra == {"is defined"}, extra   # regel's one addition (docs/feel.md)


@pytest.mark.parametrize(("text", "value"), [
    ('substring(string: "abcdef", start position: 2, length: 3)', "bcd"),
    ('number(from: "1 000,5", grouping separator: " ", decimal separator: ",")', "1000.5"),
    ('string join(list: ["a", "b"], delimiter: "-")', "a-b"),
    ('list replace(list: [1, 2], position: 1, newItem: 0)', "[0, 2]"),
    ('context put(context: {}, keys: ["a"], value: 1)', "{a: 1}"),
    ('context merge(contexts: [{a: 1}])', "{a: 1}"),
    ('is(value1: 1, value2: 1)', "true"),
    ('range(from: "[1..2]")', "[1..2]"),
    ('get value(m: {a: 1}, key: "a")', "1"),
    ('overlaps before(range1: [1..5], range2: [3..8])', "true"),
])
def test_named_arguments_by_the_spec_s_names(text: str, value: str) -> None:
    from regel.feel import evaluate
    from regel.feel.values import to_string
    result = evaluate(text)
    assert not result.warnings, result.warnings
    assert to_string(result.value) == value
