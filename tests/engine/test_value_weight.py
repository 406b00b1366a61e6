"""What a decision's tables tell of its value, where every output is a plain literal:
what weighing it costs (value_weight: the question's code then spends that step itself
instead of weighing the value; a plain value costs nothing, a context of them one step),
and the classes it may hold (value_shapes: the code of a decision that reads it is
written for them). The budget must run out at the same step as in the reference, and
the values and warnings must be the reference's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from regel import LimitError, Limits, load_pack
from regel.run.compiled import compile_decision, fact_kinds, value_shapes, value_weight
from tests.feel.test_codegen import mode
from tests.packbuilder import table_decision, write_pack

AS_OF = dt.date(2024, 1, 1)
TWO = [{"name": "kind"}, {"name": "amount"}]


def _rules(*thens: dict[str, str]) -> list[dict[str, Any]]:
    return [{"id": f"R{i}", "when": {"x": "< 10" if i == 0 else ">= 10"}, "then": then}
            for i, then in enumerate(thens)]


def _table(did: str, policy: str, outputs: list[dict[str, Any]] | None,
           *thens: dict[str, str]) -> dict[str, Any]:
    return table_decision(did, _rules(*thens), hit_policy=policy, outputs=outputs)


def _literal(did: str, expression: str) -> dict[str, Any]:
    return {"id": did, "label": {"da": did, "en": did}, "requires": {"inputs": ["x"]},
            "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                          "expression": expression}]}


def _two_versions(did: str) -> dict[str, Any]:
    one = _table(did, "FIRST", None, {"out": '"a"'}, {"out": '"b"'})
    two = _table(did, "FIRST", TWO, {"kind": '"a"', "amount": "1"},
                 {"kind": '"b"', "amount": "null"})
    first, second = one["versions"][0], two["versions"][0]
    first["valid_to"] = second["valid_from"] = "2010-01-01"
    one["versions"] = [first, second]
    return one


#: a table that gives null where no rule matches (x of 10 or more)
SPARSE = table_decision("sparse", [{"id": "S1", "when": {"x": "< 10"},
                                    "then": {"kind": '"a"', "amount": "2"}}],
                        hit_policy="FIRST", outputs=TWO)
#: a decision reading the values of literal tables: entries, texts, numbers, and an
#: entry no output gives
READS = {"id": "reads", "label": {"da": "reads", "en": "reads"},
         "requires": {"inputs": ["x"],
                      "decisions": ["pairs", "sparse", "texts", "numbers", "defaults"]},
         "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 2",
                       "expression": "[pairs.kind, pairs.amount + 1, sparse.kind, "
                                     "sparse.amount * 2, sparse.other, texts = \"a\", "
                                     "texts < \"b\", numbers > 0, numbers = null, "
                                     "defaults.kind, pairs.amount < x, sparse.amount = x]"}]}

#: decision -> the weight value_weight must find (None: only weighing the value tells)
CASES: list[tuple[dict[str, Any], int | None]] = [
    (_table("texts", "FIRST", None, {"out": '"a"'}, {"out": '"b"'}), 0),
    (_table("numbers", "UNIQUE", None, {"out": "1"}, {"out": "null"}), 0),
    (_table("dates", "FIRST", None, {"out": "date(\"2020-01-01\")"}, {"out": "true"}), None),
    (_table("pairs", "FIRST", TWO, {"kind": '"a"', "amount": "1"},
            {"kind": '"b"', "amount": "null"}), 1),
    (_table("defaults", "UNIQUE", [{"name": "kind", "default": "none"}, {"name": "amount"}],
            {"kind": '"a"', "amount": "2"}), 1),
    (_table("sums", "FIRST", None, {"out": "x + 1"}, {"out": "2"}), None),
    (_table("lists", "FIRST", None, {"out": '["a"]'}, {"out": '"b"'}), None),
    (_table("contexts", "FIRST", None, {"out": '{a: 1}'}, {"out": '"b"'}), None),
    (_table("collected", "COLLECT", None, {"out": '"a"'}, {"out": '"b"'}), None),
    (_literal("literal", '"a"'), None),
    (_two_versions("versions"), 1),
]


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inputs = {"x": {"type": "number", "label": {"da": "x", "en": "x"}}}
    burn = _literal("burn", "count(for i in 1..3 return i)")   # a few steps besides
    return write_pack(tmp_path_factory.mktemp("weights"),
                      [d for d, _ in CASES] + [burn, SPARSE, READS], inputs=inputs)


@pytest.mark.parametrize(("did", "weight"), [(d["id"], w) for d, w in CASES])
def test_the_weight_is_what_the_tables_tell(pack_dir: Path, did: str,
                                            weight: int | None) -> None:
    pack = load_pack(pack_dir)
    assert value_weight(pack.decisions[did]) == weight


def _least(pack: Any, did: str, x: Decimal, day: dt.date, trace: bool,
           alone: bool = False) -> int:
    """The fewest steps under which the decision is answered (with one that costs a few
    steps, so that one step less is seen; ``alone``: without it, so that its own weight
    is the last step spent), the pack's own limits (as pack.yaml's ``limits:`` sets them:
    the route a question asked before takes)."""
    for steps in range(1, 50):
        pack.limits = Limits(steps=steps)
        try:
            pack.evaluate({"x": x}, decisions=[did] if alone else [did, "burn"], as_of=day,
                          trace=trace)
        except LimitError:
            continue
        return steps
    raise AssertionError("never answered")


@pytest.mark.parametrize("trace", [False, True])
@pytest.mark.parametrize("did", [d["id"] for d, w in CASES if w is not None])
def test_the_budget_runs_out_where_the_reference_s_does(pack_dir: Path, did: str,
                                                        trace: bool) -> None:
    """Each rule's value (and where the versions differ, each version's) costs as many
    steps as in the reference: a context one more than a plain value."""
    cases = [(x, day, alone) for x in (Decimal(1), Decimal(15), Decimal(99))
             for day in (AS_OF, dt.date(2005, 1, 1)) for alone in (False, True)]
    with mode("reference"):
        reference = load_pack(pack_dir)
        want = [_least(reference, did, x, day, trace, alone) for x, day, alone in cases]
    with mode("generated"):
        pack = load_pack(pack_dir)
        for _ in range(3):
            assert [_least(pack, did, x, day, trace, alone) for x, day, alone in cases] == want


NONE = type(None)
#: decision -> what value_shapes must find (absent: nothing)
SHAPES: dict[str, Any] = {
    "texts": frozenset({str, NONE}),
    "numbers": frozenset({Decimal, NONE}),
    "pairs": {"kind": frozenset({str, NONE}), "amount": frozenset({Decimal, NONE})},
    "defaults": {"kind": frozenset({str, NONE}), "amount": frozenset({Decimal, NONE})},
    "sparse": {"kind": frozenset({str, NONE}), "amount": frozenset({Decimal, NONE})},
}


def test_the_shapes_are_what_the_tables_tell(pack_dir: Path) -> None:
    """Only decisions whose every version is a literal table; the versions of one
    decision with other outputs (``versions``) tell nothing; null is always possible."""
    assert value_shapes(load_pack(pack_dir)) == SHAPES


@pytest.mark.parametrize("trace", [False, True])
def test_code_written_for_the_shapes_answers_as_the_reference(pack_dir: Path,
                                                             trace: bool) -> None:
    """Each entry read of a context known from its table, null where no rule matched,
    an entry it does not have, and comparisons of values known from their tables."""
    def answer(pack: Any, x: Decimal) -> Any:
        ev = pack.evaluate({"x": x}, decisions=["reads"], as_of=AS_OF, trace=trace)
        return ev.values, [(w.code, w.decision) for w in ev.warnings]

    xs = [Decimal(1), Decimal(15), Decimal(2), Decimal(99)]
    with mode("reference"):
        want = [answer(load_pack(pack_dir), x) for x in xs]
    assert want[1][0]["reads"][2] is None and want[0][0]["reads"][2] == "a"   # sparse
    with mode("generated"):
        pack = load_pack(pack_dir)
        for _ in range(2):
            assert [answer(pack, x) for x in xs] == want


#: function decisions whose bodies tell what their calls give, and a decision calling
#: them (a wrong number of arguments gives null, with a warning)
CALLED = {
    "half": "function(a) if a > 0 then product([a, 0.5]) else null",
    "one": "function(a) if a > 0 then 1 else 2",
    "mixed": 'function(a) if a > 0 then 1 else "x"',
    "caller": "[round half up(half(x) * 3, 2), half(x) + 1, round half up(half(x), 1), "
              "half(x) = null, one(x) * 2, round half up(one(x, x), 2), mixed(x), "
              "max(half(x), 1)]",
}


def test_calls_of_function_decisions_answer_as_the_reference(tmp_path: Path) -> None:
    """value_shapes tells what a function decision's calls give (its body's form), and
    the calling decision's code is written for it: the values and warnings must be the
    reference's, a call that gives null among them."""
    decisions = [{"id": did, "label": {"da": did, "en": did},
                  "requires": {"inputs": ["x"] if did == "caller" else [],
                               "decisions": ["half", "one", "mixed"] if did == "caller"
                               else []},
                  "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 3",
                                "expression": text}]}
                 for did, text in CALLED.items()]
    pack_dir = write_pack(tmp_path, decisions)
    assert value_shapes(load_pack(pack_dir)) == {
        "half": ("function", frozenset({Decimal, NONE})),
        "one": ("function", frozenset({Decimal, NONE})),
        "mixed": ("function", frozenset({Decimal, str, NONE}))}
    xs = [Decimal(4), Decimal(-1), Decimal(0), Decimal("7.5")]

    def answers(pack: Any, trace: bool) -> list[Any]:
        out = []
        for x in xs:
            ev = pack.evaluate({"x": x}, decisions=["caller"], as_of=AS_OF, trace=trace)
            out.append((ev.values, [(w.code, w.decision) for w in ev.warnings]))
        return out

    for trace in (False, True):
        with mode("reference"):
            want = answers(load_pack(pack_dir), trace)
        assert want[1][0]["caller"][0] is None and want[0][1]   # null; a warning
        with mode("generated"):
            pack = load_pack(pack_dir)
            assert [answers(pack, trace) for _ in range(2)] == [want, want]


#: tables whose output is a part of a date fact (``d.year``: a number, or null where the
#: fact is), as ``level_year`` gives ``application_date.year``, and one that takes a part
#: of a number (null, with a warning: not known), and a decision reading them in a context
DATE_PARTS = [
    table_decision("year_of", [
        {"id": "Y1", "when": {"x": "< 10"}, "then": {"out": "d.year"}},
        {"id": "Y2", "when": {"x": "< 20"}, "then": {"out": "d.month"}},
        {"id": "Y3", "when": {}, "then": {"out": "2024"}}], hit_policy="FIRST",
        requires={"inputs": ["x", "d"]}, optional=["d"]),
    table_decision("part_of_a_number", [
        {"id": "N1", "when": {}, "then": {"out": "x.year"}}], hit_policy="FIRST"),
    {"id": "reads_parts", "label": {"da": "reads_parts", "en": "reads_parts"},
     "requires": {"inputs": ["x"], "decisions": ["year_of", "part_of_a_number"]},
     "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 4",
                   "expression": "{y: year_of, later: year_of + 1, same: year_of = x, "
                                 "burn: count(for i in 1..3 return i), "
                                 "n: if part_of_a_number = null then 0 else 1}"}]}]


@pytest.mark.parametrize("trace", [False, True])
def test_a_part_of_a_date_fact_is_a_number(tmp_path: Path, trace: bool) -> None:
    """value_shapes knows a table whose outputs are literals or a part of a date fact (a
    number or null), not one that takes a part of a number; the code of a decision that
    reads it (and weighs its context by what it knows) must give the reference's values
    and warnings, and run out of steps where the reference does, with the date fact
    given or not."""
    inputs = {"x": {"type": "number", "label": {"da": "x", "en": "x"}},
              "d": {"type": "date", "label": {"da": "d", "en": "d"}}}
    pack_dir = write_pack(tmp_path, DATE_PARTS, inputs=inputs)
    shapes = value_shapes(load_pack(pack_dir))
    assert shapes["year_of"] == frozenset({Decimal, NONE})
    assert "part_of_a_number" not in shapes
    cases = [{"x": Decimal(x), **({"d": dt.date(2023, 5, 17)} if d else {})}
             for x in (1, 15, 30) for d in (True, False)]

    def outcomes(pack: Any) -> list[Any]:
        out = []
        for steps in (*range(1, 8), 10_000):
            pack.limits = Limits(steps=steps)
            for _ in range(2):
                for facts in cases:
                    try:
                        ev = pack.evaluate(facts, decisions=["reads_parts"], as_of=AS_OF,
                                           trace=trace)
                        out.append((ev.values, [(w.code, w.decision) for w in ev.warnings]))
                    except LimitError as err:
                        out.append(str(err))
        return out

    with mode("reference"):
        want = outcomes(load_pack(pack_dir))
    assert want[-6][0]["reads_parts"]["y"] == 2023 and any(isinstance(o, str) for o in want)
    with mode("generated"):
        pack = load_pack(pack_dir)
        assert outcomes(pack) == want
    # its context's weight is known (one step), not weighed
    made = compile_decision(pack.decisions["reads_parts"], trace, fact_kinds(pack), shapes)
    assert made.weight == 1
