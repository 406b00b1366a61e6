"""What the form of a FEEL expression tells of its value's classes
(regel.feel.analysis.result_classes): code that calls a function decision whose body
tells (a number or null, say) is written for those classes. A form that does not tell
gives None; a name bound around it (a parameter, an input, a context's entry) that
hides a built-in's name is not that built-in."""

from __future__ import annotations

from decimal import Decimal

import pytest

from regel.feel import compile_expression
from regel.feel.analysis import result_classes

NUMBER = frozenset({Decimal, type(None)})

#: (text, names bound around it, the classes it must give; None: it does not tell)
CASES = [
    ("1", (), frozenset({Decimal})),
    ('"a"', (), frozenset({str})),
    ("true", (), frozenset({bool})),
    ("null", (), frozenset({type(None)})),
    ("if a > 1 then 1 else null", ("a",), NUMBER),
    ('if a > 1 then 1 else "x"', ("a",), frozenset({Decimal, str})),
    ("if a > 1 then a else 1", ("a",), None),           # a parameter: not known
    ("product(a)", ("a",), NUMBER),
    ("sum([1, 2]) * 2", (), NUMBER),
    ("count(a) + 1", ("a",), NUMBER),
    ("a + 1", ("a",), None),
    ("product(a)", ("product",), None),                  # a bound name hides the built-in
    ("{x: 1, y: x * 2}.y", (), NUMBER),
    ("{x: 1, y: if x > 0 then x else null}.y", (), NUMBER),
    ("{sum: function(v) v, y: sum(3)}.y", (), None),    # an entry hides the built-in
    ("{x: a, y: x + 1}.y", ("a",), None),
    ("[1, 2]", (), None),
    ("string(1)", (), None),
]


@pytest.mark.parametrize(("text", "bound", "classes"), CASES, ids=[c[0] for c in CASES])
def test_the_form_tells_the_classes(text: str, bound: tuple[str, ...],
                                    classes: frozenset[type] | None) -> None:
    assert result_classes(compile_expression(text).ast, frozenset(bound)) == classes
