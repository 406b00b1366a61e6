"""FEEL types as values (regel.feel.types): ``instance of`` with item definitions, and DMN's
conforming of a value to a declared type.

Expected values from DMN 1.5: § 10.3.2.9.1 (type conformance: null's type Null conforms to
every type, Any is the top type, a context type is satisfied by a context with at least
its entries, list and range types are covariant), § 10.3.2.9.4 (type conversions: to and
from a singleton list; a value that does not conform is null), and the TCK's
0070-feel-instance-of (``null instance of Any`` is false; ``{a: null} instance of
context<a: string>`` is true; constraints of an item definition do not take part).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from regel.base.errors import FeelSyntaxError
from regel.feel import compile_expression
from regel.feel.types import (
    ANY,
    BUILTIN_TYPES,
    FeelType,
    TypeTable,
    conform,
    context_of,
    function_of,
    is_instance,
    list_of,
)
from regel.feel.values import FeelFunction

N = Decimal
NUMBER, STRING = BUILTIN_TYPES["number"], BUILTIN_TYPES["string"]
NUMBERS = list_of(NUMBER).named("tNumberList")
NAME_AGE = context_of([("name", STRING), ("age", NUMBER)]).named("tNameAndAge")
FN = FeelFunction("f", ("a", "b"), lambda args, named: None)

# value, type, is_instance
INSTANCE = [
    (N(1), NUMBER, True),
    ("1", NUMBER, False),
    (None, NUMBER, False),
    (None, ANY, False),
    (None, BUILTIN_TYPES["Null"], True),
    ([N(1), N(2)], NUMBERS, True),
    ([], NUMBERS, True),
    ([N(1), "2"], NUMBERS, False),
    (N(1), NUMBERS, False),                    # instance of does not convert
    ([N(1), None], NUMBERS, True),             # an item null is of type Null
    ({"name": "a", "age": N(3)}, NAME_AGE, True),
    ({"name": "a", "age": N(3), "more": True}, NAME_AGE, True),
    ({"name": "a"}, NAME_AGE, False),
    ({"name": "a", "age": None}, NAME_AGE, True),
    ({"name": "a", "age": "3"}, NAME_AGE, False),
    ([{"name": "a", "age": N(3)}], list_of(NAME_AGE), True),
    ([N(1), "a", True], list_of(ANY), True),
    (FN, function_of([STRING, NUMBER], STRING), True),
    (FN, function_of([STRING], STRING), False),  # another number of parameters
    (FN, BUILTIN_TYPES["function"], True),
    ("f", function_of([], ANY), False),
]


@pytest.mark.parametrize(("value", "t", "expected"), INSTANCE,
                         ids=[f"{i}-{t}" for i, (_, t, _) in enumerate(INSTANCE)])
def test_is_instance(value: Any, t: FeelType, expected: bool) -> None:
    assert is_instance(value, t) is expected


# value, declared type, (conformed value, whether it conformed)
CONFORM = [
    (N(2), STRING, (None, False)),                          # 0082 decision_001
    ([N(1), N(2), "foo"], NUMBERS, (None, False)),          # decision_003
    ({"name": "foo", "surname": "bar", "age": N(10)}, NAME_AGE,
     ({"name": "foo", "surname": "bar", "age": N(10)}, True)),   # decision_004: kept whole
    ({"name": "foo"}, NAME_AGE, (None, False)),             # decision_005
    ("foo", list_of(STRING), (["foo"], True)),              # decision_006: to a singleton
    ("foo", NUMBERS, (None, False)),                        # decision_006_a
    (["foo"], STRING, ("foo", True)),                       # decision_007: from a singleton
    ([N(1)], STRING, (None, False)),                        # decision_007_a
    (None, NUMBERS, (None, True)),                          # decision_008: null conforms
    (N(10), NUMBERS, ([N(10)], True)),                      # literal_003
    ([N(10)], NUMBER, (N(10), True)),                       # literal_005
    (["a", "b"], STRING, (None, False)),                    # two items are no singleton
    ([None], NUMBER, (None, False)),                        # nor is [null] a number
    ([[N(10)]], NUMBER, (None, False)),                     # invoke_005: one level only
    ("x", ANY, ("x", True)),
    ([N(1)], list_of(ANY), ([N(1)], True)),
    ("x", BUILTIN_TYPES["list"], (["x"], True)),            # list is list<Any>
    ("x", None, ("x", True)),                               # nothing declared
]


@pytest.mark.parametrize(("value", "t", "expected"), CONFORM,
                         ids=[str(i) for i in range(len(CONFORM))])
def test_conform(value: Any, t: FeelType | None, expected: tuple[Any, bool]) -> None:
    assert conform(value, t) == expected


def test_types_are_spelled_in_feel() -> None:
    assert str(list_of(NUMBER)) == "list<number>"
    assert str(NUMBERS) == "tNumberList"
    assert NAME_AGE.spelled() == "context<name: string, age: number>"
    assert str(function_of([STRING, NUMBER], STRING)) == "function<string, number>->string"


TABLE = TypeTable({"tNumberList": NUMBERS, "tNameAndAge": NAME_AGE,
                   "t255": NUMBER.named("t255")})

# expression, value with the item definitions in TABLE
NAMED = [
    ("[1, 2, 3] instance of tNumberList", True),
    ('[1, "2"] instance of tNumberList', False),
    ("1 instance of tNumberList", False),
    ('{name: "a", age: 1} instance of tNameAndAge', True),
    ('[{name: "a", age: 1}] instance of list<tNameAndAge>', True),
    ('{name: "a"} instance of tNameAndAge', False),
    ("256 instance of t255", True),              # a constraint is no part of the type
    ("{a: null} instance of context<a: string>", True),
    ("[null] instance of list<number>", True),
    ("null instance of tNumberList", False),
]


@pytest.mark.parametrize(("text", "expected"), NAMED, ids=[t for t, _ in NAMED])
def test_instance_of_names_item_definitions(text: str, expected: bool) -> None:
    assert compile_expression(text, types=TABLE).evaluate().value is expected


def test_an_item_definition_is_known_only_where_its_table_is_given() -> None:
    with pytest.raises(FeelSyntaxError) as err:
        compile_expression("[1] instance of tNumberList")
    assert err.value.first.key == "FEEL-SYNTAX/unknown-type"
    assert "tNumberList" not in err.value.first.values["known"]
    with pytest.raises(FeelSyntaxError) as err:
        compile_expression("[1] instance of tOther", types=TABLE)
    assert "tNumberList" in err.value.first.values["known"]


def test_the_same_text_compiles_anew_for_another_table() -> None:
    other = TypeTable({"tNumberList": list_of(STRING).named("tNumberList")})
    text = "[1] instance of tNumberList"
    assert compile_expression(text, types=TABLE).evaluate().value is True
    assert compile_expression(text, types=other).evaluate().value is False


def test_equal_tables_share_their_compiled_expressions() -> None:
    again = TypeTable(dict(TABLE.types))
    text = "[1] instance of tNumberList"
    assert again == TABLE and hash(again) == hash(TABLE)
    assert compile_expression(text, types=again) is compile_expression(text, types=TABLE)
