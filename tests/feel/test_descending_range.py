"""Iterating over a range value whose start is after its end: no values, so the result
is null with a warning (the TCK's 0084-feel-for-loops decision_025: "invalid range gives
null"); a descending iteration is written without brackets, ``2..1``."""

from __future__ import annotations

from decimal import Decimal

import pytest

from regel.feel import evaluate

N = Decimal


@pytest.mark.parametrize(("text", "expected", "keys"), [
    ("for i in [2..1] return i", None, ["FEEL-NOT-ITERABLE/descending"]),
    ("for i in (3..1) return i", None, ["FEEL-NOT-ITERABLE/descending"]),
    ("some i in [2..1] satisfies i > 0", None, ["FEEL-NOT-ITERABLE/descending"]),
    ("for i in 2..1 return i", [N(2), N(1)], []),
    ("for i in [1..3] return i", [N(1), N(2), N(3)], []),
    ("for i in [1..1] return i", [N(1)], []),
    ("for i in (1..3] return i", [N(2), N(3)], []),
])
def test_iterating_over_a_range(text: str, expected: object, keys: list[str]) -> None:
    result = evaluate(text)
    assert result.value == expected
    assert [w.key for w in result.warnings] == keys


def test_the_warning_says_how_to_write_a_descending_iteration() -> None:
    (w,) = evaluate("for i in [2..1] return i").warnings
    assert w.text("en") == ("'i' must be a range from its lower end, but starts at 2 and ends "
                            "at 1; a descending iteration is written 2..1; the result is null")
    assert w.text("da") == ("'i' skal være et interval, der starter ved den laveste værdi, men "
                            "starter ved 2 og slutter ved 1; en nedadgående gennemløbning "
                            "skrives 2..1; resultatet er null")
