"""Every DMN hit policy, one table-driven case per line. Expected values follow the
DMN definitions (8.2.11 of the spec): which rules match is worked out by hand from the
cells below, not taken from the engine."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from regel.base.errors import EvaluationError
from tests.packbuilder import table_decision

# x matches: 3 -> R1 R2; 7 -> R1 R2 R3; 15 -> R2 R3; 25 -> R3; 100 -> none
OVERLAPPING = [
    {"id": "R1", "when": ["< 10"], "then": "a"},
    {"id": "R2", "when": ["< 20"], "then": "b"},
    {"id": "R3", "when": ["[5..50]"], "then": "c"},
]
LETTERS = [{"name": "out", "type": "string", "allowed_values": ["c", "b", "a"]}]
NUMBERS = [{**r, "then": {"a": 1, "b": 2, "c": 3}[r["then"]]} for r in OVERLAPPING]

CASES = [
    # policy, rules, x, expected
    ("PRIORITY", OVERLAPPING, 3, "b"), ("PRIORITY", OVERLAPPING, 7, "c"),
    ("PRIORITY", OVERLAPPING, 15, "c"), ("PRIORITY", OVERLAPPING, 100, None),
    ("P", OVERLAPPING, 3, "b"),
    ("FIRST", OVERLAPPING, 3, "a"), ("FIRST", OVERLAPPING, 7, "a"),
    ("FIRST", OVERLAPPING, 15, "b"), ("FIRST", OVERLAPPING, 25, "c"),
    ("FIRST", OVERLAPPING, 100, None), ("F", OVERLAPPING, 15, "b"),
    ("RULE ORDER", OVERLAPPING, 3, ["a", "b"]), ("RULE ORDER", OVERLAPPING, 7, ["a", "b", "c"]),
    ("RULE ORDER", OVERLAPPING, 25, ["c"]), ("RULE ORDER", OVERLAPPING, 100, None),
    ("R", OVERLAPPING, 15, ["b", "c"]),
    ("OUTPUT ORDER", OVERLAPPING, 3, ["b", "a"]), ("OUTPUT ORDER", OVERLAPPING, 7, ["c", "b", "a"]),
    ("OUTPUT ORDER", OVERLAPPING, 15, ["c", "b"]), ("O", OVERLAPPING, 25, ["c"]),
    ("COLLECT", OVERLAPPING, 7, ["a", "b", "c"]), ("COLLECT", OVERLAPPING, 15, ["b", "c"]),
    ("C", OVERLAPPING, 100, None),
    ("COLLECT SUM", NUMBERS, 3, Decimal(3)), ("COLLECT SUM", NUMBERS, 7, Decimal(6)),
    ("COLLECT SUM", NUMBERS, 15, Decimal(5)), ("C+", NUMBERS, 25, Decimal(3)),
    ("COLLECT SUM", NUMBERS, 100, None),
    ("COLLECT MIN", NUMBERS, 3, Decimal(1)), ("COLLECT MIN", NUMBERS, 15, Decimal(2)),
    ("C<", NUMBERS, 100, None),
    ("COLLECT MAX", NUMBERS, 3, Decimal(2)), ("COLLECT MAX", NUMBERS, 7, Decimal(3)),
    ("C>", NUMBERS, 25, Decimal(3)),
    ("COLLECT COUNT", NUMBERS, 3, Decimal(2)), ("COLLECT COUNT", NUMBERS, 7, Decimal(3)),
    ("C#", NUMBERS, 25, Decimal(1)), ("COLLECT COUNT", NUMBERS, 100, Decimal(0)),
]


@pytest.mark.parametrize(("policy", "rules", "x", "expected"), CASES)
def test_policy(make_pack: Any, evaluate: Any, policy: str, rules: list[dict[str, Any]],
                x: int, expected: Any) -> None:
    outputs = LETTERS if rules is OVERLAPPING else [{"name": "out", "type": "number"}]
    pack = make_pack([table_decision("d", rules, policy, outputs)])
    assert evaluate(pack, {"x": x}).values["d"] == expected


UNIQUE_RULES = [
    {"id": "LOW", "when": ["< 10"], "then": "low"},
    {"id": "MID", "when": ["[10..20)"], "then": "mid"},
    {"id": "HIGH", "when": [">= 20"], "then": "high"},
]


@pytest.mark.parametrize(("x", "expected"), [
    (9, "low"), (10, "mid"), (19, "mid"), (20, "high"),
])
def test_unique(make_pack: Any, evaluate: Any, x: int, expected: str) -> None:
    outputs = [{"name": "out", "allowed_values": ["low", "mid", "high"]}]
    pack = make_pack([table_decision("d", UNIQUE_RULES, outputs=outputs)])
    assert evaluate(pack, {"x": x}).values["d"] == expected


def test_unique_with_two_hits_names_both_rules(make_pack: Any, evaluate: Any) -> None:
    pack = make_pack([table_decision("d", OVERLAPPING, "UNIQUE", LETTERS)])
    with pytest.raises(EvaluationError) as exc:
        evaluate(pack, {"x": 3})
    assert exc.value.code == "HIT-POLICY-VIOLATED"
    assert "R1" in exc.value.message and "R2" in exc.value.message


ANY_RULES = [
    {"id": "A1", "when": ["< 10"], "then": "same"},
    {"id": "A2", "when": ["< 20"], "then": "same"},
    {"id": "A3", "when": [">= 15"], "then": "other"},
]
ANY_OUT = [{"name": "out", "allowed_values": ["same", "other"]}]


@pytest.mark.parametrize(("x", "expected"), [(5, "same"), (12, "same"), (30, "other")])
def test_any_agreeing(make_pack: Any, evaluate: Any, x: int, expected: str) -> None:
    pack = make_pack([table_decision("d", ANY_RULES, "ANY", ANY_OUT)])
    assert evaluate(pack, {"x": x}).values["d"] == expected


def test_any_disagreeing_names_both_rules(make_pack: Any, evaluate: Any) -> None:
    pack = make_pack([table_decision("d", ANY_RULES, "ANY", ANY_OUT)])
    with pytest.raises(EvaluationError) as exc:
        evaluate(pack, {"x": 17})
    assert exc.value.code == "HIT-POLICY-VIOLATED"
    assert "A2" in exc.value.message and "A3" in exc.value.message


def test_multiple_outputs_give_a_context(make_pack: Any, evaluate: Any) -> None:
    rules = [{"id": "R1", "when": ["< 10"], "then": {"level": "low", "fee": 5}},
             {"id": "R2", "when": [">= 10"], "then": ['"high"', 50]}]  # quoted: a FEEL string
    outputs = [{"name": "level", "type": "string", "allowed_values": ["low", "high"]},
               {"name": "fee", "type": "number"}]
    pack = make_pack([table_decision("d", rules, "UNIQUE", outputs)])
    assert evaluate(pack, {"x": 3}).values["d"] == {"level": "low", "fee": Decimal(5)}
    assert evaluate(pack, {"x": 30}).values["d"] == {"level": "high", "fee": Decimal(50)}


def test_collect_with_multiple_outputs_gives_a_list_of_contexts(make_pack: Any,
                                                                 evaluate: Any) -> None:
    rules = [{"id": "R1", "when": ["< 10"], "then": ["a", 1]},
             {"id": "R2", "when": ["< 20"], "then": ["b", 2]}]
    outputs = [{"name": "k", "allowed_values": ["a", "b"]}, {"name": "n"}]
    pack = make_pack([table_decision("d", rules, "COLLECT", outputs)])
    assert evaluate(pack, {"x": 5}).values["d"] == [{"k": "a", "n": Decimal(1)},
                                                    {"k": "b", "n": Decimal(2)}]


@pytest.mark.parametrize(("policy", "expected"), [
    ("UNIQUE", "none"), ("FIRST", "none"), ("PRIORITY", "none"),
])
def test_defaults_when_nothing_matches(make_pack: Any, evaluate: Any, policy: str,
                                       expected: str) -> None:
    outputs = [{"name": "out", "type": "string", "allowed_values": ["low", "none"],
                "default": "none"}]
    pack = make_pack([table_decision("d", [{"id": "R1", "when": ["< 0"], "then": "low"}],
                                     policy, outputs)])
    result = evaluate(pack, {"x": 5})
    assert result.values["d"] == expected
    if result.trace is not None:
        assert result.trace.decision("d").used_default is True
        assert "default" in result.trace.decision("d").resolution.en


def test_defaults_per_output(make_pack: Any, evaluate: Any) -> None:
    outputs = [{"name": "k", "default": "fallback", "allowed_values": ["a", "fallback"]},
               {"name": "n"}]
    pack = make_pack([table_decision("d", [{"id": "R1", "when": ["< 0"], "then": ["a", 1]}],
                                     "UNIQUE", outputs)])
    assert evaluate(pack, {"x": 5}).values["d"] == {"k": "fallback", "n": None}
