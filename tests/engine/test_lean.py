"""The lean tier (regel.run.lean) gives what the reference gives, or hands the case over.

Random tables of the lean kind (and a third of them outside it, with cells that read other
facts and may warn, and more hit policies: the general way's generated code) over a
number, a text with allowed values, a boolean, a date and a bounded number, alone or read
by a second table, are evaluated with random facts (plain ones and odd ones: huge ints,
three decimals, floats, texts for dates, missing and unknown facts) through
``pack.function`` and untraced ``pack.evaluate`` in the default mode and in the
``reference`` mode; value, warnings and error must be the same.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from regel import load_pack
from regel.base.errors import PackError, RegelError
from regel.feel import compile_unary_tests
from regel.feel.codegen import Writer, build
from regel.feel.compiler import INPUT, Scope
from regel.feel.values import number
from regel.run.compiled import Bounds, plain_number
from tests.feel.test_codegen import mode
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
#: cells outside the lean kind: the table goes the general way (some warn: a number
#: compared with a text)
ODD_CELLS = {"n": ["null", "> n", "> s", "s", "< m", "> s", "< d"],
             "s": ["null", "> n", "< s", "n"], "f": ["s", "n", "null"],
             "d": ['date("2020-13-45")', "> n", "< d", "s"], "m": ["> s", "n", "< s"]}
OUTPUTS = ['"x1"', '"x2"', "5", "2.50", "null", "true", 'date("2020-01-01")', '"q\'uote"']


def _cell(rng: random.Random, name: str, odd: float) -> str:
    if rng.random() < odd:
        return rng.choice(ODD_CELLS[name])
    return rng.choice(CELLS[name])


#: cells on a column that reads the decision ``base``, whose outputs are x1, x2 or null
#: (texts) or 1, 2 or null (numbers)
BASE_CELLS = {"text": ["-", '"x1"', '"x2"', "x1", 'not("x1")', '"x1", "x2"', '!= "x2"'],
              "number": ["-", "1", "> 1", "[1..2]", "< 2", "not(2)"]}


def _table(rng: random.Random, columns: list[str], outputs: int = 1,
           allowed: bool = False, kind: str = "text", odd: float = 0.005) -> dict[str, Any]:
    policy = rng.choice(["UNIQUE", "FIRST"] + ["ANY", "COLLECT", "RULE ORDER"] * (odd > 0.01))
    rules = [{"id": f"R{i}",
              "when": [rng.choice(BASE_CELLS[kind]) if c == "base" else _cell(rng, c, odd)
                       for c in columns],
              "then": [rng.choice(OUTPUTS) for _ in range(outputs)]}
             for i in range(rng.randint(1, 7))]
    names = ["out"] if outputs == 1 else ["a", "b"]
    outs: list[dict[str, Any]] = [{"name": n} for n in names]
    if allowed and kind == "number":
        for r in rules:
            r["then"][0] = rng.choice(["1", "2", "null"])
    elif allowed or rng.random() < 0.2:
        outs[0]["allowed_values"] = ["x1", "x2"]
        for r in rules:     # a bare allowed value is the text itself
            r["then"][0] = rng.choice(['"x1"', '"x2"', "x1", "x2"] + ["null"] * allowed)
    for r in rules:
        if outputs == 1:
            r["then"] = r["then"][0]
    return {"hit_policy": policy, "inputs": [{"expression": c} for c in columns],
            "outputs": outs, "rules": rules}


def _decision(rng: random.Random, did: str, base: bool = False, kind: str = "text",
              odd: float = 0.005) -> dict[str, Any]:
    """A table decision of facts (and of the decision ``base`` when ``base``); the
    decision ``base`` itself gives values of ``kind`` or null."""
    facts = rng.sample(["n", "s", "f", "d"], rng.randint(1, 4))
    if rng.random() < 0.2:
        facts.append("m")    # an input with allowed unary tests
    columns = [*facts, "base"] if base else facts
    outputs = 2 if did != "base" and rng.random() < 0.25 else 1
    versions = [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                 "table": _table(rng, columns, outputs, did == "base", kind, odd)}]
    if rng.random() < 0.3:
        versions[0]["valid_to"] = "2020-01-01"
        versions.append({"valid_from": "2020-01-01", "source": "Testloven § 2",
                         "table": _table(rng, columns, outputs, did == "base", kind, odd)})
    # an odd cell may read any fact: then the decision requires them all
    requires: dict[str, Any] = {"inputs": list(INPUTS) if odd > 0.01 else facts}
    if base:
        requires["decisions"] = ["base"]
    return {"id": did, "label": {"da": did, "en": did}, "requires": requires,
            "versions": versions}


def _decisions(rng: random.Random) -> list[dict[str, Any]]:
    """One decision ``top``, reading facts; or two: ``base`` and ``top`` reading it. A
    third of the packs have cells outside the lean kind and more hit policies: the
    general way's generated code is held to the reference there."""
    odd = 0.3 if rng.random() < 0.35 else 0.005
    if rng.random() < 0.5:
        return [_decision(rng, "top", odd=odd)]
    kind = rng.choice(["text", "number"])
    return [_decision(rng, "base", kind=kind, odd=odd),
            _decision(rng, "top", base=True, kind=kind, odd=odd)]


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
ROOT = Path(__file__).resolve().parents[2]
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
    for p in range(10):
        ds = _decisions(rng)
        try:
            pack = load_pack(write_pack(tmp_path / f"p{p}", ds, INPUTS))
        except PackError:
            continue     # a cell the loader refuses (a text compared with a number)
        fn = pack.function("top", DAYS[0])
        lean += "def generated(raw, as_of_day" in getattr(fn, "source", "")
        reads = list(dict.fromkeys(i for d in ds for i in d["requires"]["inputs"]))
        for _ in range(25):
            facts, day, ask = _facts(rng, reads), rng.choice(DAYS), rng.random() < 0.5
            got = [_both(pack, "top", facts, day, ask) for _ in range(2)]  # made, then used
            with mode("reference"):
                want = _both(pack, "top", facts, day, ask)
            assert got[0] == want and got[1] == want, (ds, facts, day)
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


@pytest.mark.parametrize("text", ALLOWED)
def test_bounds_written_out_answer_as_the_bounds(text: str) -> None:
    """QUICK writes a number input's Bounds out as comparisons (Bounds.source): the same
    answer as calling it, for every value."""
    bounds = Bounds.of(compile_unary_tests(text))
    assert bounds is not None
    w = Writer()
    w.emit(f"return {bounds.source(w, 'f')}")
    written = build(w, "def generated(f):", "bounds")
    for v in NUMBERS:
        assert written(v) is bounds(v), (text, v)


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


def test_a_table_of_several_outputs_gives_a_new_context_each_time(tmp_path: Path) -> None:
    d = {"id": "out", "label": {"da": "out", "en": "out"}, "requires": {"inputs": ["n"]},
         "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                       "table": {"hit_policy": "FIRST", "inputs": [{"expression": "n"}],
                                 "outputs": [{"name": "fee", "allowed_values": ["low", "high"]},
                                             {"name": "days"}],
                                 "rules": [{"id": "R1", "when": ["< 10"], "then": ["low", 5]},
                                           {"id": "R2", "when": ["-"], "then": ["high", 2.5]}]}}]}
    pack = load_pack(write_pack(tmp_path, [d], INPUTS))
    fn = pack.function("out", DAYS[0])
    assert "def generated(raw, as_of_day" in fn.source
    first = fn({"n": 3})
    assert first == {"fee": "low", "days": Decimal(5)}
    first["fee"] = "changed"
    assert fn({"n": 3}) == {"fee": "low", "days": Decimal(5)}
    assert fn({"n": 30}) == {"fee": "high", "days": Decimal("2.5")}
    with mode("reference"):
        want = pack.evaluate({"n": 30}, as_of=DAYS[0], trace=False).values
    assert pack.evaluate({"n": 30}, as_of=DAYS[0], trace=False).values == want


def _lean_outcome(pack: Any, did: str, facts: dict[str, Any], day: dt.date
                  ) -> tuple[Any, bool]:
    """What ``pack.function(did, day)`` gives, and whether the lean tier answered it
    itself (without handing the case to the general way)."""
    fn = pack.function(did, day)
    handed: list[int] = []
    lean = "def generated(raw, as_of_day" in getattr(fn, "source", "")
    if lean:
        general = fn.__globals__["FALLBACK"]
        fn.__globals__["FALLBACK"] = lambda *a: handed.append(1) or general(*a)
    return _outcome(lambda: fn(dict(facts))), lean and not handed


@pytest.mark.parametrize("pack_id", ["sikkerhedsstillelse", "familiesammenfoering",
                                     "examples/packs/library-fees"])
def test_every_pack_test_gives_the_references_answer_through_the_lean_tier(pack_id: str
                                                                            ) -> None:
    """The bundled packs' and the example pack's tables that are of the lean kind answer
    their YAML tests as the reference does (facts the question does not read included)."""
    pack = load_pack(ROOT / pack_id if "/" in pack_id else pack_id)
    answered = 0
    for test in pack.tests:
        for did in test.expect:
            if did in pack.decisions:
                got, lean = _lean_outcome(pack, did, test.facts, test.as_of)
                with mode("reference"):
                    want = _outcome(lambda d=did, t=test: pack.function(d, t.as_of)(
                        dict(t.facts)))
                assert got == want, (test.name, did)
                answered += lean
    # the lean tier answered these itself, without handing the case over
    assert answered >= {"sikkerhedsstillelse": 0, "familiesammenfoering": 10,
                        "examples/packs/library-fees": 10}[pack_id]


@pytest.mark.parametrize("lean", [True, False])
@pytest.mark.parametrize("asked", [[["out"]], [{"a": 1}], [None], ("nope",), ["out", 5], 5,
                                   "nope"])
def test_odd_decisions_asked_are_the_general_ways_error(tmp_path: Path, asked: Any,
                                                        lean: bool) -> None:
    """A question the lean tier would answer (or, with an output that is no literal, the
    question's generated function), asked with decisions that are no decision ids (a list
    in the list, a mapping, null, a number): UNKNOWN-DECISION, never a Python error. One
    id alone is a question of that decision."""
    then, want = ('"one"', "one") if lean else ("n", Decimal(1))
    pack = _lean_pack(tmp_path, [{"id": "R1", "when": [">= 1", "-"], "then": then}])
    facts = {"n": 1, "s": "a"}
    for _ in range(3):      # the generated function is made the second time
        assert pack.evaluate(facts, ["out"], as_of=DAYS[0], trace=False).values == \
            {"out": want}
    assert pack.evaluate(facts, "out", as_of=DAYS[0]).values == {"out": want}   # one id
    with pytest.raises(RegelError) as err:
        pack.evaluate(facts, asked, as_of=DAYS[0], trace=False)
    assert err.value.code == "UNKNOWN-DECISION"


@pytest.mark.parametrize("policy", ["UNIQUE", "FIRST"])
def test_a_table_no_rule_matches_gives_its_defaults_anew_each_time(tmp_path: Path,
                                                                    policy: str) -> None:
    """The default outputs of a table no rule matches, by its generated function: the
    reference's value, and a context the caller changes is not the next case's."""
    d = {"id": "out", "label": {"da": "out", "en": "out"}, "requires": {"inputs": ["n"]},
         "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                       "table": {"hit_policy": policy, "inputs": [{"expression": "n"}],
                                 "outputs": [{"name": "level", "default": 0},
                                             {"name": "code", "default": "none"}],
                                 "rules": [{"id": "R1", "when": ["> 10"],
                                            "then": ["n", '"high"']}]}}]}
    pack = load_pack(write_pack(tmp_path, [d], INPUTS))
    with mode("reference"):
        want = pack.evaluate({"n": 1}, as_of=DAYS[0], trace=False).values
    assert want == {"out": {"level": Decimal(0), "code": "none"}}
    for _ in range(4):
        got = pack.evaluate({"n": 1}, as_of=DAYS[0], trace=False).values
        assert got == want
        got["out"]["code"] = "changed"
    assert pack.function("out", DAYS[0])({"n": 1}) == want["out"]
