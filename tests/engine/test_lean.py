"""The lean tier (regel.run.lean) gives what the reference gives, or hands the case over.

Random tables of the lean kind (and some just outside it) over a number, a text with
allowed values, a boolean and a date are evaluated, with random facts (plain ones and odd
ones: huge ints, three decimals, floats, texts for dates, missing and unknown facts),
through ``pack.function`` and untraced ``pack.evaluate`` in the default mode and in the
``reference`` mode; value, warnings and error must be the same.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from regel import load_pack
from regel.base.errors import PackError, RegelError
from regel.feel import compile_unary_tests
from regel.feel.api import TIERS
from regel.feel.compiler import INPUT, Scope
from regel.feel.values import number
from regel.run.compiled import Bounds, plain_number
from tests.packbuilder import write_pack

INPUTS = {
    "n": {"type": "number", "label": {"da": "n", "en": "n"}},
    "s": {"type": "string", "label": {"da": "s", "en": "s"},
          "allowed_values": ["a", "b", "it's", "c\\d"]},
    "f": {"type": "boolean", "label": {"da": "f", "en": "f"}},
    "d": {"type": "date", "label": {"da": "d", "en": "d"}},
    "m": {"type": "number", "label": {"da": "m", "en": "m"}, "allowed": "[0..100]"},
}
CELLS = {
    "n": ["-", ">= 18", "< 18", "> 2.5", "<= -3", "!= 7", "7", "7, 8", "[1..10)", "(0..5]",
          "not(3)", "= 4", "18.000", ">= 100000000000000000000000000000000000"],
    "s": ["-", '"a"', '"a", "b"', 'not("a")', '!= "b"', '"it\'s"', '"c\\\\d"'],
    "f": ["-", "true", "false", "not(true)"],
    "d": ["-", '>= date("2020-01-01")', '< date("2021-06-01")',
          '[date("2019-01-01")..date("2022-12-31")]', 'date("2020-02-29")'],
    "m": ["-", "> 50", "<= 0"],
}
#: cells outside the lean kind: the table goes the general way
ODD_CELLS = {"n": ['"a"', "null", "> n"], "s": ["> 1", "null"], "f": ["1"],
             "d": ['date("2020-13-45")', "> 5"], "m": ['"a"']}
OUTPUTS = ['"x1"', '"x2"', "5", "2.50", "null", "true", 'date("2020-01-01")', '"q\'uote"']


def _cell(rng: random.Random, name: str) -> str:
    if rng.random() < 0.03:
        return rng.choice(ODD_CELLS[name])
    return rng.choice(CELLS[name])


def _table(rng: random.Random, columns: list[str]) -> dict[str, Any]:
    policy = rng.choice(["UNIQUE", "FIRST"])
    rules = [{"id": f"R{i}", "when": [_cell(rng, c) for c in columns],
              "then": rng.choice(OUTPUTS)} for i in range(rng.randint(1, 7))]
    output: dict[str, Any] = {"name": "out"}
    if rng.random() < 0.2:
        output["allowed_values"] = ["x1", "x2"]
        for r in rules:
            r["then"] = rng.choice(['"x1"', '"x2"'])
    return {"hit_policy": policy, "inputs": [{"expression": c} for c in columns],
            "outputs": [output], "rules": rules}


def _decision(rng: random.Random, did: str) -> dict[str, Any]:
    columns = rng.sample(["n", "s", "f", "d"], rng.randint(1, 4))
    if rng.random() < 0.2:
        columns.append("m")    # an input with allowed unary tests: not of the lean kind
    versions = [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                 "table": _table(rng, columns)}]
    if rng.random() < 0.3:
        versions[0]["valid_to"] = "2020-01-01"
        versions.append({"valid_from": "2020-01-01", "source": "Testloven § 2",
                         "table": _table(rng, columns)})
    return {"id": did, "label": {"da": did, "en": did}, "requires": {"inputs": columns},
            "versions": versions}


VALUES: dict[str, list[Any]] = {
    "n": [0, 1, 3, 4, 5, 7, 8, 10, 17, 18, 19, -3, Decimal("2.5"), Decimal("7"), 10**35 - 1,
          2**120, 2**111, -(2**111),
          Decimal("105.000"), Decimal("1E+40"), Decimal("NaN"), 2.5, True, "5", None,
          Decimal("18.0000000000000000000000000000000001")],
    "s": ["a", "b", "it's", "c\\d", "zzz", 5, None],
    "f": [True, False, None, 1],
    "d": [dt.date(2020, 1, 1), dt.date(2021, 6, 1), dt.date(2019, 5, 5), dt.date(2020, 2, 29),
          dt.datetime(2020, 1, 1, 12), "2020-01-01", None],
    "m": [0, 50, 51, 100, 101, -1, None],
}
DAYS = [dt.date(2010, 1, 1), dt.date(2019, 12, 31), dt.date(2020, 1, 1), dt.date(1999, 1, 1)]


def _facts(rng: random.Random, reads: list[str]) -> dict[str, Any]:
    facts = {}
    for name in reads:
        if rng.random() < 0.03:
            continue            # missing
        plain = [v for v in VALUES[name][:14] if v is not None]
        facts[name] = rng.choice(plain if rng.random() < 0.8 else VALUES[name])
    if rng.random() < 0.05:
        facts["unknown"] = 1
    if rng.random() < 0.05:
        facts[rng.choice(list(INPUTS))] = VALUES[rng.choice(list(INPUTS))][0]
    return facts


@contextmanager
def mode(name: str) -> Iterator[None]:
    before = TIERS.mode
    TIERS.mode = name
    try:
        yield
    finally:
        TIERS.mode = before


def _outcome(run: Any) -> tuple[Any, ...]:
    try:
        result = run()
    except RegelError as err:
        return ("error", err.code, [(d.code, d.values.get("field")) for d in err.diagnostics])
    if hasattr(result, "warnings"):
        return ("values", repr(result.values),
                [(w.code, w.decision, w.rule, repr(w.values)) for w in result.warnings])
    return ("value", repr(result))


def _both(pack: Any, did: str, facts: dict[str, Any], day: dt.date, ask: bool) -> Any:
    """The function's and the evaluation's outcomes (``ask``: with decisions=[did])."""
    fixed = _outcome(lambda: pack.function(did, day)(dict(facts)))
    called = _outcome(lambda: pack.function(did)(dict(facts), day))
    evaluated = _outcome(lambda: pack.evaluate(dict(facts), [did] if ask else None,
                                               as_of=day, trace=False))
    return fixed, called, evaluated


@pytest.mark.parametrize("seed", range(12))
def test_lean_functions_give_what_the_reference_gives(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    lean = 0
    for p in range(6):
        did = f"dec{p}"
        d = _decision(rng, did)
        try:
            pack = load_pack(write_pack(tmp_path / f"p{p}", [d], INPUTS))
        except PackError:
            continue     # a cell the loader refuses (a text compared with a number)
        fn = pack.function(did, DAYS[0])
        lean += "def generated(raw, as_of_day" in getattr(fn, "source", "")
        reads = d["requires"]["inputs"]
        for _ in range(25):
            facts, day, ask = _facts(rng, reads), rng.choice(DAYS), rng.random() < 0.5
            got = [_both(pack, did, facts, day, ask) for _ in range(2)]   # made, then used
            with mode("reference"):
                want = _both(pack, did, facts, day, ask)
            assert got[0] == want and got[1] == want, (d, facts, day)
    assert lean >= 2, "too few tables of the lean kind: the test would test nothing"


def _lean_pack(tmp_path: Path, rules: list[dict[str, Any]], policy: str = "UNIQUE") -> Any:
    d = {"id": "out", "label": {"da": "out", "en": "out"}, "requires": {"inputs": ["n", "s"]},
         "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                       "table": {"hit_policy": policy,
                                 "inputs": [{"expression": "n"}, {"expression": "s"}],
                                 "outputs": [{"name": "out"}], "rules": rules}}]}
    return load_pack(write_pack(tmp_path, [d], INPUTS))


def test_rule_text_reaches_the_source_only_through_repr(tmp_path: Path) -> None:
    hostile = "'); import os; os.system('x') #\n\"\\"
    text = '"' + hostile.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    pack = _lean_pack(tmp_path, [{"id": "R1", "when": [">= 1", '"a"'], "then": text}])
    fn = pack.function("out", DAYS[0])
    assert "def generated(raw, as_of_day" in fn.source
    assert repr(hostile) in fn.source and "import os" not in fn.source.replace(repr(hostile), "")
    assert fn({"n": 1, "s": "a"}) == hostile
    assert pack.evaluate({"n": 1, "s": "a"}, as_of=DAYS[0], trace=False).values == {
        "out": hostile}


def test_a_second_unique_hit_is_the_references_error(tmp_path: Path) -> None:
    pack = _lean_pack(tmp_path, [{"id": "R1", "when": [">= 1", "-"], "then": '"one"'},
                                 {"id": "R2", "when": ["<= 5", '"a"'], "then": '"two"'}])
    fn = pack.function("out", DAYS[0])
    assert "def generated(raw, as_of_day" in fn.source
    assert fn({"n": 9, "s": "a"}) == "one"
    with pytest.raises(RegelError) as err:
        fn({"n": 3, "s": "a"})
    assert err.value.code == "HIT-POLICY-VIOLATED"
    assert "R1" in str(err.value) and "R2" in str(err.value)


def test_a_table_that_reads_a_decision_is_not_lean(tmp_path: Path) -> None:
    first = {"id": "first", "label": {"da": "f", "en": "f"}, "requires": {"inputs": ["n"]},
             "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                           "expression": "n + 1"}]}
    second = {"id": "second", "label": {"da": "s", "en": "s"},
              "requires": {"decisions": ["first"]},
              "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                            "table": {"hit_policy": "FIRST", "inputs": [{"expression": "first"}],
                                      "outputs": [{"name": "out"}],
                                      "rules": [{"id": "R1", "when": [">= 2"], "then": '"y"'}]}}]}
    pack = load_pack(write_pack(tmp_path, [first, second], INPUTS))
    fn = pack.function("second", DAYS[0])
    assert not hasattr(fn, "source")
    assert fn({"n": 1}) == "y"


@pytest.mark.parametrize("n", [10**35 - 1, 2**111 - 1, -(2**112), Decimal(10**35 - 1),
                               Decimal("99999999999999999999999999999999999.4"), 17, 18])
def test_a_number_fact_is_feels_number_of_it(tmp_path: Path, n: Any) -> None:
    """A fact of 35 digits is rounded to FEEL's 34 first: 10**35 - 1 is then 10**35."""
    pack = _lean_pack(tmp_path, [{"id": "R1", "when": [">= 100000000000000000000000000000000000",
                                                      "-"], "then": '"big"'},
                                 {"id": "R2", "when": [">= 18", "-"], "then": '"adult"'}],
                      policy="FIRST")
    fn = pack.function("out", DAYS[0])
    assert "def generated(raw, as_of_day" in fn.source
    facts = {"n": n, "s": "a"}
    got = (fn(facts), pack.evaluate(facts, as_of=DAYS[0], trace=False).values["out"])
    with mode("reference"):
        want = pack.evaluate(facts, as_of=DAYS[0], trace=False).values["out"]
    assert got == (want, want)
    assert want == ("big" if abs(n) > 10**34 and n > 0 else "adult" if n >= 18 else None)


ALLOWED = [">= 0", "[0..130]", "(0..1)", "not(0)", "< 5, > 10", "-5", "!= 3", "= 4",
           "not([1..2], 7)", "> -1.5", "[0..130)"]
NUMBERS = [Decimal(n) for n in ("-5", "-1.5", "-1", "0", "0.5", "1", "2", "3", "4", "5", "7",
                                "10", "11", "130", "131", "-1.50", "1E+2")]


@pytest.mark.parametrize("text", ALLOWED)
def test_a_number_inputs_bounds_are_its_allowed_tests(text: str) -> None:
    """plain_facts tests ``allowed: ">= 0"`` by Python's comparisons (Bounds): the same
    answer as FEEL's unary tests, for every value."""
    tests = compile_unary_tests(text)
    bounds = Bounds.of(tests)
    assert bounds is not None
    for v in NUMBERS:
        assert bounds(v) == (tests.test_in(v, Scope({INPUT: v})) is True), (text, v)


def test_allowed_tests_that_are_not_number_comparisons_stay_feels() -> None:
    for text in ['"a"', "-", "> x", "null", '< date("2020-01-01")', "[1..x]"]:
        assert Bounds.of(compile_unary_tests(text)) is None, text


@pytest.mark.parametrize("text", ["105.000", "0.001", "0E-3", "-2.000", "1.5", "105", "1.0000",
                                  "NaN", "Infinity", "-0", "1E+3",
                                  "12345678901234567890123456789012345678"])
def test_a_plain_number_is_feels_number_unless_written_with_three_decimals(text: str) -> None:
    value = Decimal(text)
    slip = value.is_finite() and value.as_tuple().exponent == -3
    want = None if slip or not value.is_finite() else number(value)
    got = plain_number(value)
    assert got == want and str(got) == str(want)
