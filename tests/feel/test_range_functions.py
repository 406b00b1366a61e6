"""FEEL's range built-ins, one case per line. Expected values follow the formulas of the
DMN 1.5 table of range functions (10.3.4.9) and the examples given with it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from regel.feel import Range, evaluate

CASES = [
    ("before(1, 10)", True), ("before(10, 1)", False),
    ("before(1, [2..5])", True), ("before(1, ]1..5])", True), ("before(1, [1..5])", False),
    ("before([1..5], 10)", True), ("before([1..5), 5)", True), ("before([1..5], 5)", False),
    ("before([1..5], [6..8])", True), ("before([1..5], [5..8])", False),
    ("before([1..5), [5..8])", True), ("before([1..5], (5..8])", True),
    ("after(10, 1)", True), ("after(1, 10)", False),
    ("after(12, [2..5])", True), ("after(5, [2..5))", True), ("after(5, [2..5])", False),
    ("after([11..20], 10)", True), ("after((10..20], 10)", True), ("after([10..20], 10)", False),
    ("after([6..8], [1..5])", True), ("after([5..8], [1..5])", False),
    ("after((5..8], [1..5])", True), ("after([5..8], [1..5))", True),
    ("meets([1..5], [5..10])", True), ("meets([1..3], [4..6])", False),
    ("meets([1..3], [3..5])", True), ("meets([1..5], (5..8])", False),
    ("meets([1..5), [5..8])", False),
    ("met by([5..10], [1..5])", True), ("met by([3..4], [1..2])", False),
    ("met by([3..5], [1..3])", True), ("met by((5..8], [1..5))", False),
    ("met by([5..10], [1..5))", False),
    ("overlaps([1..5], [3..8])", True), ("overlaps([3..8], [1..5])", True),
    ("overlaps([1..8], [3..5])", True), ("overlaps([3..5], [1..8])", True),
    ("overlaps([1..5], [6..8])", False), ("overlaps([6..8], [1..5])", False),
    ("overlaps([1..5], [5..8])", True), ("overlaps([1..5], (5..8])", False),
    ("overlaps([1..5), [5..8])", False), ("overlaps([5..8], [1..5])", True),
    ("overlaps((5..8], [1..5])", False),
    ("overlaps before([1..5], [3..8])", True), ("overlaps before([1..5], [6..8])", False),
    ("overlaps before([1..5], [5..8])", True), ("overlaps before([1..5], (5..8])", False),
    ("overlaps before([1..5), [5..8])", False), ("overlaps before([1..5), (1..5])", True),
    ("overlaps before([1..5], (1..5])", True), ("overlaps before([1..5), [1..5])", False),
    ("overlaps before([1..5], [1..5])", False),
    ("overlaps after([3..8], [1..5])", True), ("overlaps after([6..8], [1..5])", False),
    ("overlaps after([5..8], [1..5])", True), ("overlaps after((5..8], [1..5])", False),
    ("overlaps after([5..8], [1..5))", False), ("overlaps after((1..5], [1..5))", True),
    ("overlaps after((1..5], [1..5])", True), ("overlaps after([1..5], [1..5))", False),
    ("overlaps after([1..5], [1..5])", False),
    ("finishes(10, [1..10])", True), ("finishes(10, [1..10))", False),
    ("finishes([5..10], [1..10])", True), ("finishes([5..10), [1..10))", True),
    ("finishes([1..10], [1..10])", True), ("finishes((1..10], [1..10])", True),
    ("finishes([5..10], [1..10))", False),
    ("finished by([1..10], 10)", True), ("finished by([1..10), 10)", False),
    ("finished by([1..10], [5..10])", True), ("finished by([1..10), [5..10))", True),
    ("finished by([1..10], [1..10])", True), ("finished by([1..10], (1..10])", True),
    ("finished by([1..10], [5..10))", False),
    ("includes([1..10], 5)", True), ("includes([1..10], 12)", False),
    ("includes([1..10], 1)", True), ("includes([1..10], 10)", True),
    ("includes((1..10], 1)", False), ("includes([1..10), 10)", False),
    ("includes([1..10], [4..6])", True), ("includes([1..10], [1..5])", True),
    ("includes((1..10], (1..5])", True), ("includes([1..10], (1..10))", True),
    ("includes([1..10), [5..10))", True), ("includes([1..10], [1..10))", True),
    ("includes([1..10], [1..10])", True), ("includes((1..10], [1..5])", False),
    ("during(5, [1..10])", True), ("during(12, [1..10])", False),
    ("during(1, [1..10])", True), ("during(10, [1..10])", True),
    ("during(1, (1..10])", False), ("during(10, [1..10))", False),
    ("during([4..6], [1..10])", True), ("during([1..5], [1..10])", True),
    ("during((1..5], (1..10])", True), ("during((1..10), [1..10])", True),
    ("during([5..10), [1..10))", True), ("during([1..10), [1..10])", True),
    ("during([1..10], [1..10])", True), ("during([1..5], (1..10])", False),
    ("starts(1, [1..5])", True), ("starts(1, (1..8])", False),
    ("starts((1..5], [1..5])", False), ("starts([1..10], [1..10])", True),
    ("starts((1..10), (1..10))", True), ("starts([1..5], [1..10])", True),
    ("started by([1..10], 1)", True), ("started by((1..10], 1)", False),
    ("started by([1..10], [1..5])", True), ("started by((1..10], (1..5])", True),
    ("started by([1..10], (1..5])", False), ("started by([1..10], [1..10])", True),
    ("started by((1..10), (1..10))", True),
    ("coincides(5, 5)", True), ("coincides(3, 4)", False),
    ("coincides([1..5], [1..5])", True), ("coincides((1..5], [1..5))", False),
    ("coincides([1..5], [2..6])", False),
    ('before(date("2024-06-30"), [date("2024-07-01")..date("2025-07-01")))', True),
    ('includes([date("2012-07-01")..date("2017-07-01")), date("2017-07-01"))', False),
    ("before(point1: 1, point2: 10)", True),
    ("includes(range: [1..10], point: 5)", True),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_range_function(text: str, expected: bool) -> None:
    result = evaluate(text)
    assert result.value is expected, [str(w) for w in result.warnings]


UNBOUNDED_BELOW_5 = Range(None, Decimal(5), False, False)  # the range < 5
FROM_10 = Range(Decimal(10), None, True, False)            # the range >= 10


@pytest.mark.parametrize(("text", "expected"), [
    ("before(r, 10)", True), ("before(r, 5)", True), ("before(r, 4)", False),
    ("includes(r, -1000000)", True), ("includes(r, 5)", False),
    ("after(s, 9)", True), ("includes(s, 1000000)", True), ("before(r, s)", True),
    ("overlaps(r, s)", False), ("includes(r, [1..4])", True),
])
def test_unbounded_ranges(text: str, expected: bool) -> None:
    result = evaluate(text, {"r": UNBOUNDED_BELOW_5, "s": FROM_10})
    assert result.value is expected, [str(w) for w in result.warnings]


@pytest.mark.parametrize("text", [
    'before(1, "a")', "meets(1, 2)", 'includes([1..5], "x")', "during([1..5], 3)",
])
def test_wrong_kinds_give_null_with_warning(text: str) -> None:
    result = evaluate(text)
    assert result.value is None
    assert [w.code for w in result.warnings] == ["FEEL-INVALID-ARGUMENT"]


def test_null_argument_gives_null() -> None:
    assert evaluate("before(null, 1)").value is None
