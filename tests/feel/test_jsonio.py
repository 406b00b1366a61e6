"""regel's JSON writer (regel.feel.jsonio): every number exactly as FEEL holds it.

The expected texts follow from the rules, not from running the writer: FEEL numbers have
34 significant digits (DMN 1.5 §10.3.2.3.1, IEEE 754 decimal128), JSON numbers are
``-? int frac? exp?`` (RFC 8259 §6), and regel writes a number without an exponent from
1E-34 up to (not including) 1E+34 and with one (``1E+40``) beyond; trailing zeros after
the point say nothing about the value and are dropped. Dates, times and durations are
their ISO 8601 texts, as FEEL's ``string()`` gives them.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regel.feel import evaluate
from regel.feel.jsonio import dumps, number_text, plain
from regel.feel.values import DaysTimeDuration, Range, YearsMonthsDuration

THIRTY_FOUR_THREES = "0." + "3" * 34

# FEEL expressions and the JSON text of their values
FEEL_NUMBERS = [
    ("1 / 3", THIRTY_FOUR_THREES),
    ("2 / 3", "0." + "6" * 33 + "7"),                 # the 34th digit rounded half even
    ("10 ** 30", "1" + "0" * 30),
    ("12345678901234567890123456789 + 1", "12345678901234567890123456790"),
    ("10 ** 33 * 3", "3" + "0" * 33),                 # 34 digits: still positional
    ("10 ** 40", "1E+40"),
    ("10 ** -40", "1E-40"),
    ("1 / 3 * 10 ** 40", "3." + "3" * 33 + "E+39"),
    ("-0.5", "-0.5"),
    ("0.1 + 0.2", "0.3"),
    ("2.50 * 1", "2.5"),
    ("1.5 - 1.5", "0"),
]


@pytest.mark.parametrize(("expression", "text"), FEEL_NUMBERS)
def test_feel_numbers(expression: str, text: str) -> None:
    value = evaluate(expression).value
    assert dumps(value) == text
    assert dumps(value, indent=None) == text
    assert json.loads(text, parse_float=Decimal) == value


# Decimals, as they may come from FEEL or from the case data, and their JSON text
DECIMALS = [
    ("0.3333333333333333333333333333333333", THIRTY_FOUR_THREES),
    (str(10 ** 30), "1" + "0" * 30),
    ("1E+30", "1" + "0" * 30),
    ("12345678901234567890123456789", "12345678901234567890123456789"),
    ("9" * 34, "9" * 34),
    ("-0.5", "-0.5"),
    ("2.50", "2.5"),
    ("100.00", "100"),
    ("1E+2", "100"),
    ("123.456E+3", "123456"),
    ("0", "0"),
    ("-0", "0"),
    ("0.000", "0"),
    ("0E-7", "0"),
    ("0.000001", "0.000001"),
    ("1E-7", "0.0000001"),
    ("1E-34", "0." + "0" * 33 + "1"),                # the smallest without an exponent
    ("-1.000E-34", "-0." + "0" * 33 + "1"),
    ("1.5E-34", "0." + "0" * 33 + "15"),
    ("1E-35", "1E-35"),
    ("1.23E-40", "1.23E-40"),
    ("1E+34", "1E+34"),                               # the smallest with one
    ("1E+40", "1E+40"),
    ("-1.5E+40", "-1.5E+40"),
    ("1.000000000000000000000000000000000E+40", "1E+40"),
    ("113823.30", "113823.3"),
]


@pytest.mark.parametrize(("number", "text"), DECIMALS)
def test_number_text(number: str, text: str) -> None:
    assert number_text(Decimal(number)) == text
    assert dumps(Decimal(number)) == text
    assert json.loads(text, parse_float=Decimal) == Decimal(number)


@pytest.mark.parametrize("number", ["NaN", "-Infinity", "Infinity", "sNaN"])
def test_no_json_for_nan_or_infinity(number: str) -> None:
    with pytest.raises(ValueError, match="JSON has no number"):
        dumps({"x": Decimal(number)}, indent=None)


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_every_number_reads_back_exactly(number: Decimal) -> None:
    text = number_text(number)
    assert json.loads(text, parse_float=Decimal, parse_int=Decimal) == number
    if Decimal("1E-34") <= abs(number) < Decimal("1E+34"):
        assert "E" not in text
    assert not text.endswith(".") and "e" not in text


# FEEL values other than numbers, written as JSON values
VALUES: list[tuple[Any, str]] = [
    (None, "null"),
    (True, "true"),
    ("tekst med \"citat\" og æøå\n", '"tekst med \\"citat\\" og æøå\\n"'),
    (dt.date(2024, 1, 31), '"2024-01-31"'),
    (dt.datetime(2024, 1, 31, 10, 20, 30, 500000,
                 tzinfo=dt.timezone(dt.timedelta(hours=1))), '"2024-01-31T10:20:30.5+01:00"'),
    (dt.datetime(2024, 1, 31, 10, 20, tzinfo=dt.UTC), '"2024-01-31T10:20:00Z"'),
    (dt.time(10, 20), '"10:20:00"'),
    (DaysTimeDuration(Decimal(95400)), '"P1DT2H30M"'),
    (DaysTimeDuration(Decimal("-0.25")), '"-PT0.25S"'),
    (DaysTimeDuration(Decimal(0)), '"PT0S"'),
    (YearsMonthsDuration(14), '"P1Y2M"'),
    (YearsMonthsDuration(-12), '"-P1Y"'),
]


@pytest.mark.parametrize(("value", "text"), VALUES)
def test_values(value: Any, text: str) -> None:
    assert dumps(value) == text
    assert dumps(value, indent=None) == text


NESTED = {
    "amounts": [Decimal("113823.30"), Decimal("1E+40"), Decimal(10 ** 30), None],
    "when": {"from": dt.date(2024, 1, 1), "wait": YearsMonthsDuration(6)},
    "range": Range(Decimal(1), Decimal("5.0"), True, False),
    "empty": {"list": [], "context": {}},
    "pair": (Decimal("-0.5"), True),
}
NESTED_LINE = (
    '{"amounts": [113823.3, 1E+40, 1' + "0" * 30 + ', null], '
    '"when": {"from": "2024-01-01", "wait": "P6M"}, '
    '"range": {"start": 1, "end": 5, "start_included": true, "end_included": false}, '
    '"empty": {"list": [], "context": {}}, '
    '"pair": [-0.5, true]}')
NESTED_INDENTED = """{
  "amounts": [
    113823.3,
    1E+40,
    1""" + "0" * 30 + """,
    null
  ],
  "when": {
    "from": "2024-01-01",
    "wait": "P6M"
  },
  "range": {
    "start": 1,
    "end": 5,
    "start_included": true,
    "end_included": false
  },
  "empty": {
    "list": [],
    "context": {}
  },
  "pair": [
    -0.5,
    true
  ]
}"""


def test_nested_lists_and_contexts() -> None:
    assert dumps(NESTED, indent=None) == NESTED_LINE
    assert dumps(NESTED) == NESTED_INDENTED
    assert dumps(plain(NESTED), indent=None) == NESTED_LINE
    assert json.loads(NESTED_LINE, parse_float=Decimal) == json.loads(
        NESTED_INDENTED, parse_float=Decimal)


def test_regel_feel_json_prints_34_digits(capsys: Any) -> None:
    from regel.cli import main
    assert main(["feel", "1 / 3", "--format", "json"]) == 0
    assert f'"value": {THIRTY_FOUR_THREES},' in capsys.readouterr().out
    assert main(["feel", "12345678901234567890123456789", "--format", "json"]) == 0
    assert '"value": 12345678901234567890123456789,' in capsys.readouterr().out
