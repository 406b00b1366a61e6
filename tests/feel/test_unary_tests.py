"""Unary tests (decision-table input cells), one case per line: cell, input value, match.

DMN 1.5 (7.3.2 / 10.3.2.9): the input satisfies the cell if one of its tests equals the
input, is a list containing it, is a unary comparison/interval true for it, or is an
expression in ``?`` that is true; ``-`` matches anything; ``not(...)`` negates.

``NOT_TRUE`` marks rows where the spec says only "does not match" (null input compared
with ``<``, mixed kinds): the result may be false or null but never true.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from cases import NOT_TRUE, D, dtd, same, show, ymd

from regel.feel import compile_unary_tests, evaluate_unary_tests

UNARY = [
    # comparisons
    ("< 18", 17, True),
    ("< 18", 18, False),
    ("<= 18", 18, True),
    ("<= 18", 19, False),
    ("> 18", 19, True),
    ("> 18", 18, False),
    (">= 18", 18, True),
    (">= 18", 17, False),
    ("< 0.5", Decimal("0.49"), True),
    ("< -1", -2, True),
    ('>= date("2011-01-01")', D(2011, 1, 1), True),
    ('>= date("2011-01-01")', D(2010, 12, 31), False),
    ('< date("2011-01-01")', D(2010, 12, 31), True),
    ('> duration("P1D")', dtd(2), True),
    ('<= duration("P1Y")', ymd(0, 6), True),
    ('< "m"', "abc", True),
    ('< "m"', "xyz", False),
    # plain values: equality
    ("18", 18, True),
    ("18", 19, False),
    ("1.50", Decimal("1.5"), True),
    ('"a"', "a", True),
    ('"a"', "b", False),
    ('date("2020-01-01")', D(2020, 1, 1), True),
    ("true", True, True),
    ("false", False, True),
    ("false", True, False),
    # intervals, all four bracket kinds
    ("[1..5]", 1, True),
    ("[1..5]", 5, True),
    ("[1..5]", 0, False),
    ("[1..5]", 6, False),
    ("(1..5]", 1, False),
    ("(1..5]", 5, True),
    ("]1..5]", 1, False),
    ("]1..5]", 2, True),
    ("[1..5)", 5, False),
    ("[1..5)", 1, True),
    ("[1..5[", 5, False),
    ("[1..5[", Decimal("4.99"), True),
    ("(1..5)", 1, False),
    ("(1..5)", 5, False),
    ("(1..5)", 3, True),
    ("]1..5[", 1, False),
    ("]1..5[", 3, True),
    ('[date("2020-01-01")..date("2020-12-31")]', D(2020, 6, 1), True),
    ('[date("2020-01-01")..date("2020-12-31")]', D(2021, 1, 1), False),
    ('["a".."c"]', "b", True),
    # comma lists (disjunction)
    ('"a", "b"', "b", True),
    ('"a", "b"', "c", False),
    ("1, 2, 3", 2, True),
    ("1, 2, 3", 4, False),
    ("< 5, > 10", 3, True),
    ("< 5, > 10", 7, False),
    ("< 5, > 10", 11, True),
    ("[1..5], [10..20]", 15, True),
    ("[1..5], [10..20]", 7, False),
    # negation
    ('not("a")', "b", True),
    ('not("a")', "a", False),
    ('not("a", "b")', "c", True),
    ('not("a", "b")', "b", False),
    ("not(< 5)", 7, True),
    ("not(< 5)", 3, False),
    ("not([1..5])", 3, False),
    ("not([1..5])", 6, True),
    ("not(1, 2)", 3, True),
    ("not(1, 2)", 1, False),
    # any
    ("-", 5, True),
    ("-", "x", True),
    ("-", None, True),
    ("-", D(2020, 1, 1), True),
    # null
    ("null", None, True),
    ("null", 5, False),
    ("not(null)", 5, True),
    ("not(null)", None, False),
    ('"a", null', None, True),
    # expressions in ?
    ("? > 5", 7, True),
    ("? > 5", 3, False),
    ('contains(?, "x")', "xyz", True),
    ('contains(?, "x")', "abc", False),
    ("? >= 18 and ? < 65", 30, True),
    ("? >= 18 and ? < 65", 70, False),
    ("count(?) > 2", [1, 2, 3], True),
    ('starts with(?, "DK")', "DK-1234", True),
    ("? = 5", 5, True),
    ("odd(?)", 3, True),
    ("odd(?)", 4, False),
    ('? < date("2020-01-01")', D(2019, 1, 1), True),
    # null input and mixed kinds never match a comparison
    ("< 5", None, NOT_TRUE),
    (">= 5", None, NOT_TRUE),
    ("[1..5]", None, NOT_TRUE),
    ("? > 5", None, NOT_TRUE),
    ('"a"', None, False),
    ("5", None, False),
    ("1, 2", None, False),
    ("< 5", "a", NOT_TRUE),
    ('"a"', 1, NOT_TRUE),
    ('[1..5]', "3", NOT_TRUE),
]


@pytest.mark.parametrize("text, value, expected", UNARY,
                         ids=[f"{t} | {v!r}" for t, v, _ in UNARY])
def test_unary_tests(text: str, value: object, expected: object) -> None:
    result = evaluate_unary_tests(text, value)
    assert same(result.value, expected), (
        f"{text!r} with input {value!r} gave {show(result.value)}, expected {expected!r}")


WITH_CONTEXT = [
    ("< limit", 5, {"limit": 10}, True),
    ("< limit", 10, {"limit": 10}, False),
    ("limit", 10, {"limit": 10}, True),
    ("[low..high]", 5, {"low": 1, "high": 10}, True),
    ("[low..high]", 11, {"low": 1, "high": 10}, False),
    ("allowed", "b", {"allowed": ["a", "b"]}, True),
    ("allowed", "c", {"allowed": ["a", "b"]}, NOT_TRUE),
    ("not(allowed)", "c", {"allowed": ["a", "b"]}, True),
    ("< Max Age", 17, {"Max Age": 18}, True),
    ("> Max Age", 17, {"Max Age": 18}, False),
    ("? > Max Age", 19, {"Max Age": 18}, True),
    ('>= ansøgningsdato', D(2021, 6, 1), {"ansøgningsdato": D(2021, 1, 1)}, True),
    ("threshold, > 100", 7, {"threshold": 7}, True),
]


@pytest.mark.parametrize("text, value, context, expected", WITH_CONTEXT,
                         ids=[f"{t} | {v!r} | {c}" for t, v, c, _ in WITH_CONTEXT])
def test_unary_tests_with_context(text: str, value: object, context: dict,
                                  expected: object) -> None:
    result = evaluate_unary_tests(text, value, context)
    assert same(result.value, expected), (
        f"{text!r} with input {value!r} and {context} gave {show(result.value)}, "
        f"expected {expected!r}")


def test_compiled_unary_tests_are_reusable() -> None:
    compiled = compile_unary_tests("[18..65)")
    assert compiled.matches(18, {}).value is True
    assert compiled.matches(65, {}).value is False
    assert compiled.matches(40, {}).value is True
