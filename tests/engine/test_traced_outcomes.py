"""A traced table keeps what its hit policy made of its matches (regel.run.evaluate
._outcome), from case to case, by the matches and their outputs (issue 16). Each case here
is evaluated traced after others that matched the same rules with outputs that are equal
in FEEL but written or typed differently (2 and 2.0, true and 1, "1" and 1), or whose
value the caller changed; its trace's JSON must be what the reference mode gives for that
case alone. Expected values come from the tables below (a FIRST table's first match
decides; an output that is not allowed warns), not from the engine."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from regel import load_pack
from tests.feel.test_codegen import mode
from tests.packbuilder import table_decision, write_pack

AS_OF = dt.date(2024, 1, 1)

#: x decides which rules match; every rule's output is given by the fact "out" where it
#: reads it, so that equal matches can give outputs written differently
RULES = [
    {"id": "R-SMALL", "when": {"x": "< 10"}, "then": {"amount": "out", "kind": '"small"'},
     "interpretation": {"da": "Små beløb.", "en": "Small amounts."}},
    {"id": "R-ODD", "when": {"x": "99"},     # (written so that loading does not refuse it)
     "then": {"amount": "0", "kind": 'if x = 99 then "odd" else "any"'}},
    {"id": "R-ANY", "when": {"x": "-"}, "then": {"amount": "out", "kind": '"any"'}},
]
OUTPUTS = [{"name": "amount"},
           {"name": "kind", "allowed_values": ["small", "any"]}]


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inputs = {"x": {"type": "number", "label": {"da": "x", "en": "x"}},
              "out": {"type": "any", "label": {"da": "out", "en": "out"}}}
    decision = table_decision("pick", RULES, hit_policy="FIRST", outputs=OUTPUTS,
                              requires={"inputs": ["x", "out"]}, optional=["out"])
    return write_pack(tmp_path_factory.mktemp("outcomes"), [decision], inputs=inputs)


def _traced(pack: Any, facts: dict[str, Any]) -> dict[str, Any]:
    ev = pack.evaluate(facts, decisions=["pick"], as_of=AS_OF, trace=True)
    return {"values": ev.values, "warnings": [w.to_json() for w in ev.warnings],
            "trace": ev.trace.to_json(why_not="all")["decisions"]}


def _alone(pack_dir: Path, facts: dict[str, Any]) -> dict[str, Any]:
    with mode("reference"):
        return _traced(load_pack(pack_dir), facts)


#: cases matching the same rules, each with outputs equal in FEEL to the one before
SAME_MATCHES = [
    {"x": Decimal(1), "out": Decimal("2")},
    {"x": Decimal(2), "out": Decimal("2.0")},
    {"x": Decimal(3), "out": True},
    {"x": Decimal(4), "out": Decimal(1)},
    {"x": Decimal(5), "out": "1"},
    {"x": Decimal(6), "out": None},
    {"x": Decimal(7), "out": dt.date(2020, 1, 1)},
    {"x": Decimal(50), "out": Decimal("2")},      # one match: another rule decides
    {"x": Decimal(99), "out": Decimal("2")},      # "odd" is not allowed: a warning
    {"x": Decimal(99), "out": Decimal("2")},      # the same again: the kept warning
    {"x": Decimal(8), "out": [Decimal(1)]},       # a list is no plain value: not kept
]


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_each_case_is_traced_as_the_reference_traces_it_alone(pack_dir: Path,
                                                              order: str) -> None:
    cases = SAME_MATCHES if order == "forward" else SAME_MATCHES[::-1]
    with mode("generated"):
        pack = load_pack(pack_dir)
        for facts in cases * 2:   # (as written: 2.0 == 2 and True == 1 in Python)
            assert repr(_traced(pack, facts)) == repr(_alone(pack_dir, facts)), facts


#: a UNIQUE table whose allowed output "kind" is a fact's value in one rule: the outcome
#: kept for that rule must still warn for a value that is not allowed, each time
UNIQUE_RULES = [
    {"id": "R-SMALL", "when": {"x": "< 10"}, "then": {"amount": "out", "kind": '"small"'}},
    {"id": "R-ODD", "when": {"x": "99"},
     "then": {"amount": "0", "kind": 'if x = 99 then "odd" else "any"'}},
    {"id": "R-KIND", "when": {"x": "[10..98]"}, "then": {"amount": "x", "kind": "out"}},
]
UNIQUE_CASES = [
    {"x": Decimal(50), "out": "small"},
    {"x": Decimal(51), "out": "any"},
    {"x": Decimal(52), "out": "odd"},           # not allowed: a warning
    {"x": Decimal(53), "out": "small"},
    {"x": Decimal(54), "out": Decimal("2.0")},  # not allowed, and not a text
    {"x": Decimal(55), "out": Decimal("2")},
    {"x": Decimal(56), "out": None},
    {"x": Decimal(57), "out": [Decimal(1)]},    # not a plain value: not kept
    {"x": Decimal(1), "out": {"a": Decimal(1)}},
    {"x": Decimal(2), "out": Decimal(1)},
    {"x": Decimal(99), "out": None},
]


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_a_unique_table_is_traced_as_the_reference_traces_it_alone(
        tmp_path: Path, order: str) -> None:
    inputs = {"x": {"type": "number", "label": {"da": "x", "en": "x"}},
              "out": {"type": "any", "label": {"da": "out", "en": "out"}}}
    decision = table_decision("pick", UNIQUE_RULES, hit_policy="UNIQUE", outputs=OUTPUTS,
                              requires={"inputs": ["x", "out"]}, optional=["out"])
    pack_dir = write_pack(tmp_path, [decision], inputs=inputs)
    cases = UNIQUE_CASES if order == "forward" else UNIQUE_CASES[::-1]
    with mode("generated"):
        pack = load_pack(pack_dir)
        for facts in cases * 2:
            assert repr(_traced(pack, facts)) == repr(_alone(pack_dir, facts)), facts
    with mode("generated"):
        got = _traced(load_pack(pack_dir), UNIQUE_CASES[2])
        assert [(w["code"], w["rule"]) for w in got["warnings"]] == [
            ("OUTPUT-NOT-ALLOWED", "R-KIND")]


def test_the_first_match_decides_and_the_rule_note_is_kept(pack_dir: Path) -> None:
    with mode("generated"):
        pack = load_pack(pack_dir)
        for _ in range(3):
            got = _traced(pack, {"x": Decimal(1), "out": Decimal("2.50")})
            assert got["values"] == {"pick": {"amount": Decimal("2.50"), "kind": "small"}}
            record = got["trace"][0]
            assert record["matched"] == ["R-SMALL", "R-ANY"]
            assert record["decided_by"] == ["R-SMALL"]
            assert [i["rule"] for i in record["interpretations"]] == ["R-SMALL"]
            assert got["warnings"] == []


def test_the_not_allowed_output_warns_every_time(pack_dir: Path) -> None:
    with mode("generated"):
        pack = load_pack(pack_dir)
        for _ in range(3):
            got = _traced(pack, {"x": Decimal(99), "out": Decimal(2)})
            assert [(w["code"], w["rule"]) for w in got["warnings"]] == [
                ("OUTPUT-NOT-ALLOWED", "R-ODD")]
            assert got["trace"][0]["warnings"] == got["warnings"]


def test_a_value_the_caller_changes_is_not_the_next_case_s(pack_dir: Path) -> None:
    with mode("generated"):
        pack = load_pack(pack_dir)
        facts = {"x": Decimal(1), "out": Decimal(3)}
        for _ in range(3):
            ev = pack.evaluate(facts, decisions=["pick"], as_of=AS_OF, trace=True)
            assert ev.values["pick"] == {"amount": Decimal(3), "kind": "small"}
            assert ev.trace.decisions[0].output == ev.values["pick"]
            ev.values["pick"]["kind"] = "changed"
            ev.values["pick"]["amount"] = Decimal(0)


def test_many_matches_are_not_kept(tmp_path: Path) -> None:
    """A table whose cases match many rules keeps no outcome for them (each would hold
    every matched rule's id): traced again, it gives the same."""
    from regel.run.evaluate import _KEPT_MATCHES

    rules = [{"id": f"R{i}", "when": {"x": f"<= {i}"}, "then": {"out": str(i)}}
             for i in range(_KEPT_MATCHES * 2)]
    pack_dir = write_pack(tmp_path, [table_decision("many", rules, hit_policy="FIRST")])
    with mode("generated"):
        pack = load_pack(pack_dir)
        for x in (0, _KEPT_MATCHES * 2 - 1, 0):
            ev = pack.evaluate({"x": Decimal(x)}, decisions=["many"], as_of=AS_OF)
            assert ev.values == {"many": Decimal(x)}
            assert len(ev.trace.decisions[0].matched) == _KEPT_MATCHES * 2 - x
        kept = [v for k, v in pack.compiled[("traced",)].items()   # (_finish's, _made_plain's)
                if k[0] in ("outcomes", "plain") and k[1] == "many"]
        assert kept and all(len(key) < _KEPT_MATCHES * 3 for memo in kept for key in memo)


def test_a_kept_value_spends_its_weight_in_every_case(tmp_path: Path) -> None:
    """A decision that reads no fact keeps its value from case to case; a traced case
    spends again what weighing that value cost (a step for each list inside it), so the
    budget runs out at the same step as in the reference, case after case."""
    from regel import LimitError, Limits  # lazy: only this test sets limits

    rows = {"id": "rows", "label": {"da": "rows", "en": "rows"},
            "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                          "expression": "for i in 1..20 return [i, [i, [i]]]"}]}
    pick = {"id": "pick", "label": {"da": "pick", "en": "pick"},
            "requires": {"inputs": ["x"], "decisions": ["rows"]},
            "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 2",
                          "expression": "rows[x]"}]}
    pack_dir = write_pack(tmp_path, [rows, pick])

    def outcome(pack: Any, steps: int) -> str:
        try:
            pack.evaluate({"x": Decimal(3)}, decisions=["pick", "rows"], as_of=AS_OF,
                          limits=Limits(steps=steps))
        except LimitError as err:
            return err.code
        return "ok"

    with mode("reference"):
        reference = load_pack(pack_dir)
        least = next(n for n in range(1, 1000) if outcome(reference, n) == "ok")
    assert least > 60     # the 60 lists inside rows weigh a step each
    with mode("generated"):
        pack = load_pack(pack_dir)
        for _ in range(4):
            assert (outcome(pack, least - 1), outcome(pack, least)) == ("LIMIT-STEPS", "ok")
