"""Safe YAML: duplicate keys rejected with their position, exact decimals, plain data only."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from regel.base.errors import RegelError
from regel.source.yamltree import YamlError, load_yaml


@pytest.mark.parametrize(("text", "expected"), [
    ("a: 0.1", {"a": Decimal("0.1")}),
    ("a: 68293.98", {"a": Decimal("68293.98")}),
    ("a: 1_000.5", {"a": Decimal("1000.5")}),
    ("a: 2024-07-01", {"a": datetime.date(2024, 7, 1)}),
    ("a: [1, 2.50]", {"a": [1, Decimal("2.50")]}),
    ('{"a": {"b": 1.25}}', {"a": {"b": Decimal("1.25")}}),
    ("beløb: 57000", {"beløb": 57000}),
])
def test_values(text: str, expected: object) -> None:
    assert load_yaml(text) == expected


@pytest.mark.parametrize(("text", "code", "line", "column"), [
    ("a: 1\nb: 2\na: 3\n", "YAML-DUPLICATE-KEY", 3, 1),
    ("x:\n  y: 1\n  y: 2\n", "YAML-DUPLICATE-KEY", 3, 3),
    ("a: .inf\n", "YAML-BAD-NUMBER", 1, 4),
    ("a: [1, 2\n", "YAML-SYNTAX", 2, 1),
    ("a: !!python/object:os.system {}\n", "YAML-SYNTAX", 1, 4),
    ("? [1, 2]\n: x\n", "YAML-BAD-KEY", 1, 3),
])
def test_errors_have_code_and_position(text: str, code: str, line: int, column: int) -> None:
    with pytest.raises(YamlError) as exc:
        load_yaml(text, "case.yaml")
    err = exc.value
    assert isinstance(err, RegelError)
    assert (err.code, err.line, err.column) == (code, line, column)
    assert str(err).startswith(f"case.yaml:{line}:{column}: {code}: ")
