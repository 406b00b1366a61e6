"""The rule-pack dialect reads ``2011-01-01`` as a date; plain FEEL keeps arithmetic."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from regel.base.errors import FeelSyntaxError
from regel.feel import compile_expression, compile_unary_tests


@pytest.mark.parametrize(("text", "plain", "dialect"), [
    ("2011-01-01", Decimal(2009), dt.date(2011, 1, 1)),
    ("2011-1-1", Decimal(2009), Decimal(2009)),            # not ISO-shaped: arithmetic
    ("2011 - 01 - 01", Decimal(2009), Decimal(2009)),      # spaces: arithmetic
    ("2024-02-29 + duration(\"P1D\")", None, dt.date(2024, 3, 1)),
])
def test_expression(text: str, plain: object, dialect: object) -> None:
    if plain is not None:
        assert compile_expression(text).evaluate().value == plain
    assert compile_expression(text, iso_dates=True).evaluate().value == dialect


@pytest.mark.parametrize(("cell", "value", "expected"), [
    ("< 2011-01-01", dt.date(2010, 12, 31), True),
    ("< 2011-01-01", dt.date(2011, 1, 1), False),
    ("[2011-01-01..2012-07-01)", dt.date(2012, 6, 30), True),
    ("[2011-01-01..2012-07-01)", dt.date(2012, 7, 1), False),
    (">= 2012-07-01", dt.date(2012, 7, 1), True),
    ("2017-11-15", dt.date(2017, 11, 15), True),
])
def test_cells(cell: str, value: dt.date, expected: bool) -> None:
    assert compile_unary_tests(cell, iso_dates=True).matches(value).value is expected


def test_invalid_iso_date_is_a_syntax_error_with_its_column() -> None:
    with pytest.raises(FeelSyntaxError) as exc:
        compile_unary_tests(">= 2021-02-29", iso_dates=True)
    assert exc.value.column == 4 and "not a valid date" in exc.value.message
