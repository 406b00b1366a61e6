"""The generated code's peephole (regel.feel.peephole): which line pairs become one.

Each row is generated lines, the generator's True/False temporaries, and the lines
expected. The rows that must stay as they are matter as much as the joined ones: a
temporary read twice, read in another block, a test of a value that may be neither True
nor False, an expression that goes on past its line. That the joined code computes what
the generator's did is the differential tests' part (tests/feel/test_codegen.py and the
TCK through both tiers); the last test here runs a few joined functions too.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from regel.feel.api import new_scope
from regel.feel.codegen import generate
from regel.feel.parser import parse_expression
from regel.feel.peephole import tightened

ROWS: list[tuple[str, list[str], set[str], list[str]]] = [
    ("a copy", ["t1 = a + b", "e2 = t1"], set(), ["e2 = a + b"]),
    ("a chain of copies", ["t1 = f(x)", "t2 = t1", "e3 = t2"], set(), ["e3 = f(x)"]),
    ("a return", ["  t1 = x[0]", "  return t1"], set(), ["  return x[0]"]),
    ("an is-test: if", ["t1 = p is None", "if t1 is True:", "    y = 1"], set(),
     ["if p is None:", "    y = 1"]),
    ("a truth: is False", ["t1 = a == b", "if t1 is False:"], {"t1"},
     ["if not (a == b):"]),
    ("a truth: is not True", ["t1 = a < b", "if t1 is not True:"], {"t1"},
     ["if not (a < b):"]),
    ("a truth: is not False", ["t1 = a <= b", "if t1 is not False:"], {"t1"},
     ["if a <= b:"]),
    ("a value that may be neither: kept", ["t1 = f(x)", "if t1 is True:"], set(),
     ["t1 = f(x)", "if t1 is True:"]),
    ("read twice: kept", ["t1 = f(x)", "e2 = t1", "e3 = t1"], set(),
     ["t1 = f(x)", "e2 = t1", "e3 = t1"]),
    ("read later, not next: kept", ["t1 = f(x)", "y = 2", "e2 = t1"], set(),
     ["t1 = f(x)", "y = 2", "e2 = t1"]),
    ("read in a deeper block: kept", ["t1 = f(x)", "if c:", "    e2 = t1"], set(),
     ["t1 = f(x)", "if c:", "    e2 = t1"]),
    ("read in an outer block: kept", ["if c:", "    t1 = f(x)", "e2 = t1"], set(),
     ["if c:", "    t1 = f(x)", "e2 = t1"]),
    ("set twice: kept", ["t1 = None", "if c:", "    t1 = 2", "e2 = t1"], set(),
     ["t1 = None", "if c:", "    t1 = 2", "e2 = t1"]),
    ("a line that goes on: kept", ["t1 = f(x,", "      y)", "e2 = t1"], set(),
     ["t1 = f(x,", "      y)", "e2 = t1"]),
    ("a bracket in a text is no bracket", ["t1 = g('(', x)", "e2 = t1"], set(),
     ["e2 = g('(', x)"]),
    ("an escaped quote", ["t1 = g('it\\'s)', x)", "e2 = t1"], set(),
     ["e2 = g('it\\'s)', x)"]),
    ("a use inside an expression: kept", ["t1 = f(x)", "e2 = t1 + 1"], set(),
     ["t1 = f(x)", "e2 = t1 + 1"]),
    ("a local that is no temporary: kept", ["e1 = f(x)", "e2 = e1"], set(),
     ["e1 = f(x)", "e2 = e1"]),
    ("t10 is not t1", ["t1 = f(x)", "e2 = t1", "t10 = 3"], set(), ["e2 = f(x)", "t10 = 3"]),
]


@pytest.mark.parametrize(("lines", "truths", "expected"),
                         [row[1:] for row in ROWS], ids=[row[0] for row in ROWS])
def test_tightened(lines: list[str], truths: set[str], expected: list[str]) -> None:
    assert tightened(lines, truths) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("if x = null then 1 else 2", Decimal(1)),
    ("if 1 < 2 and 3 > 4 then 1 else 2", Decimal(2)),
    ("{a: 5, b: if a > 3 then a * 2 else a}.b", Decimal(10)),
    ('{f: function(v) if v = null then "none" else v, r: f(null)}.r', "none"),
])
def test_joined_code_runs(text: str, expected: object) -> None:
    fn = generate(parse_expression(text))
    assert fn(new_scope({"x": None})) == expected
