"""Text that is not FEEL raises FeelSyntaxError with a line and a column, never a traceback.

Three mistakes people make often get a friendly message, tested by substring and by the
position of the offending token; every other bad text only has to be rejected with a
position.
"""

from __future__ import annotations

import pytest

from regel.base.errors import FeelSyntaxError, RegelError
from regel.feel import compile_expression, compile_unary_tests, evaluate, evaluate_unary_tests

# text, substring of the message, line, acceptable columns
FRIENDLY_EXPRESSIONS = [
    ("[1 5]", "..", 1, {4}),
    ("x in [1 5]", "..", 1, {9}),
    ('"abc', "string", 1, {1}),
    ('x = "abc', "string", 1, {5}),
    ("x == 1", "=", 1, {3, 4}),
    ('Status == "ok"', "=", 1, {8, 9}),
]


@pytest.mark.parametrize("text, fragment, line, columns", FRIENDLY_EXPRESSIONS,
                         ids=[t for t, *_ in FRIENDLY_EXPRESSIONS])
def test_friendly_expression_error(text: str, fragment: str, line: int,
                                   columns: set[int]) -> None:
    with pytest.raises(FeelSyntaxError) as info:
        evaluate(text)
    error = info.value
    assert fragment in error.message, error.message
    assert error.line == line
    assert error.column in columns, f"column {error.column}, expected one of {columns}"


FRIENDLY_UNARY_TESTS = [
    ("[1 5]", "..", 1, {4}),
    ('"a", "b', "string", 1, {6}),
]


@pytest.mark.parametrize("text, fragment, line, columns", FRIENDLY_UNARY_TESTS,
                         ids=[t for t, *_ in FRIENDLY_UNARY_TESTS])
def test_friendly_unary_tests_error(text: str, fragment: str, line: int,
                                    columns: set[int]) -> None:
    with pytest.raises(FeelSyntaxError) as info:
        evaluate_unary_tests(text, 1)
    error = info.value
    assert fragment in error.message, error.message
    assert error.line == line
    assert error.column in columns, f"column {error.column}, expected one of {columns}"


BAD_EXPRESSIONS = [
    "1 +",
    "(1 + 2",
    "1 + (2 * 3))",
    "[1, 2",
    "{a: 1",
    "{a 1}",
    "{a: }",
    "{a: 1,, b: 2}",
    "{: 1}",
    "if x > 1 then 2",
    "if then else",
    "for x in [1, 2]",
    "for in [1] return 1",
    "some x in [1] satisfies",
    "every x in [1]",
    "function(a)",
    "f(,)",
    "* 2",
    ")",
    "1 2",
    '"a" "b"',
    "x instance of",
    "1 < < 2",
    "[1..]",
    "not(",
    "1 + * 2",
    "1 between 2",
    "[1, 2][",
    "@",
    "1 +\n  * 2",
]


@pytest.mark.parametrize("text", BAD_EXPRESSIONS)
def test_bad_expression(text: str) -> None:
    with pytest.raises(FeelSyntaxError) as info:
        compile_expression(text)
    error = info.value
    assert isinstance(error.line, int) and error.line >= 1
    assert isinstance(error.column, int) and error.column >= 1
    assert isinstance(error.message, str) and error.message


BAD_UNARY_TESTS = [
    "<",
    "< ",
    ">=",
    "[1..5",
    "(1..5",
    "1,, 2",
    "not(1",
    "not 1",
    "[1..]",
    "1 2",
]


@pytest.mark.parametrize("text", BAD_UNARY_TESTS)
def test_bad_unary_tests(text: str) -> None:
    with pytest.raises(FeelSyntaxError) as info:
        compile_unary_tests(text)
    error = info.value
    assert isinstance(error.line, int) and error.line >= 1
    assert isinstance(error.column, int) and error.column >= 1


# the offending token's position, where it is unambiguous
POSITIONS = [
    ("1 + 2 )", 1, 7),
    ("[1, 2,, 3]", 1, 7),
    ("1 +\n  * 2", 2, 3),
    ("{a: 1\n b: 2}", 2, 2),
    ("if x\nthen 1\nels 2", 3, 1),
]


@pytest.mark.parametrize("text, line, column", POSITIONS, ids=[t for t, *_ in POSITIONS])
def test_error_position(text: str, line: int, column: int) -> None:
    with pytest.raises(FeelSyntaxError) as info:
        evaluate(text)
    assert (info.value.line, info.value.column) == (line, column)


def test_syntax_error_is_a_value_error_and_a_regel_error() -> None:
    with pytest.raises(ValueError) as info:
        evaluate("1 +")
    assert isinstance(info.value, FeelSyntaxError)
    assert isinstance(info.value, RegelError)


def test_evaluate_raises_instead_of_returning_null() -> None:
    with pytest.raises(FeelSyntaxError):
        evaluate("(1 + 2")
    with pytest.raises(FeelSyntaxError):
        evaluate_unary_tests("[1..5", 3)
