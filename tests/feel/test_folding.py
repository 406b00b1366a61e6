"""Built-in calls with literal arguments are computed once at compile time; that must
never change a result: a function in scope with the same name still wins, and a call
that warns keeps warning at every evaluation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from regel.feel import compile_expression, evaluate


@pytest.mark.parametrize(("text", "context", "expected"), [
    ('date("2012-07-01")', None, dt.date(2012, 7, 1)),
    ('{date: function(x) "mine", r: date("2012-07-01")}.r', None, "mine"),
    ('string length("abc")', None, Decimal(3)),
    ('upper case("abc")', {"upper case": None}, "ABC"),
])
def test_folded_values(text: str, context: dict | None, expected: object) -> None:
    assert evaluate(text, context).value == expected


def test_a_warning_call_is_not_folded() -> None:
    compiled = compile_expression('date("2021-02-30")')
    for _ in range(3):
        result = compiled.evaluate()
        assert result.value is None
        assert [w.code for w in result.warnings] == ["FEEL-INVALID-TEMPORAL"]


def test_list_results_are_fresh_each_time() -> None:
    compiled = compile_expression('append([1], 2)')
    first = compiled.evaluate().value
    first.append(Decimal(99))
    assert compiled.evaluate().value == [Decimal(1), Decimal(2)]
