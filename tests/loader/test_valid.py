"""Small valid rule packs, written from Python data, that load without a diagnostic.

Each pack shows one part of the format (docs/pack-format.md) that the loader must accept;
a few evaluations check that what loaded means what the format says."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from regel import load_pack
from regel.base.errors import PackError
from regel.model import Pack

D = _dt.date


def text(en: str, da: str | None = None) -> dict[str, str]:
    return {"da": da or en, "en": en}


def write_pack(root: Path, inputs: dict[str, Any], decisions: list[dict[str, Any]],
               tests: list[dict[str, Any]] | None = None, **pack_fields: Any) -> Path:
    """Write a pack folder: pack.yaml, decisions/<id>.yaml, tests/tests.yaml (YAML from
    dicts; ``datetime.date`` values become bare YAML dates)."""
    def dump(data: Any) -> str:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)

    (root / "decisions").mkdir(parents=True)
    pack = {"id": "valid-pack", "title": text("Valid pack", "Gyldig pakke"), "version": "1.0.0",
            "jurisdiction": "example", **pack_fields, "inputs": inputs}
    (root / "pack.yaml").write_text(dump(pack), encoding="utf-8")
    for d in decisions:
        (root / "decisions" / f"{d['id']}.yaml").write_text(dump(d), encoding="utf-8")
    if tests is not None:
        (root / "tests").mkdir()
        (root / "tests" / "tests.yaml").write_text(dump({"tests": tests}), encoding="utf-8")
    return root


def load(root: Path) -> Pack:
    try:
        return load_pack(root)
    except PackError as err:  # show every diagnostic, not just the summary
        pytest.fail(f"the pack should load, but:\n{err}")


def decision(did: str, requires: dict[str, Any], *versions: dict[str, Any],
             **fields: Any) -> dict[str, Any]:
    return {"id": did, "label": text(did.replace("_", " ")), "requires": requires, **fields,
            "versions": list(versions)}


def version(start: D = D(2020, 1, 1), end: D | None = None, **logic: Any) -> dict[str, Any]:
    v: dict[str, Any] = {"valid_from": start}
    if end is not None:
        v["valid_to"] = end
    return {**v, "source": "Example Act, § 1", **logic}


def num(name: str) -> dict[str, Any]:
    return {"type": "number", "label": text(name)}


# --------------------------------------------------------------------------- the packs

def test_a_literal_expression(tmp_path: Path) -> None:
    pack = load(write_pack(tmp_path, {"age": num("Age")}, [
        decision("adult", {"inputs": ["age"]},
                 version(expression="age >= 18", type="boolean")),
    ]))
    assert pack.evaluate({"age": 18}, as_of=D(2024, 1, 1)).values == {"adult": True}


def test_bare_allowed_value_names(tmp_path: Path) -> None:
    inputs = {
        "employment": {"type": "string", "label": text("Employment"),
                       "allowed_values": ["employed", "self_employed", "unemployed"]},
        "item_type": {"type": "string", "label": text("Item type"),
                      "allowed_values": ["book", "board game"]},
    }
    table = {
        "hit_policy": "UNIQUE",
        "inputs": [{"expression": "employment"}, {"expression": "item_type"}],
        "outputs": [{"name": "risk", "type": "string",
                     "allowed_values": ["high", "medium", "low"]}],
        "rules": [
            {"id": "R1", "when": ["unemployed", "board game"], "then": "high"},
            {"id": "R2", "when": ["unemployed", "book"], "then": "medium"},
            {"id": "R3", "when": ["employed, self_employed", "-"], "then": "low"},
        ],
    }
    pack = load(write_pack(tmp_path, inputs, [
        decision("risk", {"inputs": ["employment", "item_type"]}, version(table=table)),
    ]))
    facts = {"employment": "unemployed", "item_type": "board game"}
    assert pack.evaluate(facts, as_of=D(2024, 1, 1)).values == {"risk": "high"}
    facts = {"employment": "self_employed", "item_type": "book"}
    assert pack.evaluate(facts, as_of=D(2024, 1, 1)).values == {"risk": "low"}


def test_iso_date_cells(tmp_path: Path) -> None:
    inputs = {"application_date": {"type": "date", "label": text("Application date")}}
    table = {
        "hit_policy": "FIRST",
        "inputs": [{"expression": "application_date", "type": "date"}],
        "outputs": [{"name": "regime", "type": "string"},
                    {"name": "changed_on", "type": "date"}],
        "rules": [
            {"id": "R1", "when": ["< 2011-01-01"], "then": ['"old"', D(2000, 1, 1)]},
            {"id": "R2", "when": ["[2011-01-01..2012-07-01)"],
             "then": ['"transition"', "2011-01-01"]},
            {"id": "R3", "when": [D(2012, 7, 1)], "then": ['"first day"', D(2012, 7, 1)]},
            {"id": "R4", "when": ["> 2012-07-01"], "then": ['"new"', D(2012, 7, 1)]},
        ],
    }
    pack = load(write_pack(tmp_path, inputs, [
        decision("regime", {"inputs": ["application_date"]}, version(table=table)),
    ]))
    result = pack.evaluate({"application_date": "2011-06-30"}, as_of=D(2024, 1, 1))
    assert result.values["regime"] == {"regime": "transition", "changed_on": D(2011, 1, 1)}
    result = pack.evaluate({"application_date": D(2012, 7, 1)}, as_of=D(2024, 1, 1))
    assert result.values["regime"]["regime"] == "first day"


def test_mapping_form_when_and_then(tmp_path: Path) -> None:
    inputs = {"age": num("Age"), "income": num("Income")}
    table = {
        "hit_policy": "UNIQUE",
        "inputs": [{"id": "age", "expression": "age"},
                   {"id": "yearly_income", "expression": "income * 12"}],
        "outputs": [{"name": "approved", "type": "boolean"},
                    {"name": "limit", "type": "number", "default": 0}],
        "rules": [
            {"id": "R1", "when": {"age": "< 18"}, "then": {"approved": False, "limit": 0}},
            {"id": "R2", "when": {"age": ">= 18", "yearly_income": ">= 300000"},
             "then": {"limit": "income * 12 / 10", "approved": True}},
            {"id": "R3", "when": {"yearly_income": "< 300000", "age": ">= 18"},
             "then": {"approved": True, "limit": 5000}},
        ],
    }
    pack = load(write_pack(tmp_path, inputs, [
        decision("loan", {"inputs": ["age", "income"]}, version(table=table)),
    ]))
    result = pack.evaluate({"age": 30, "income": 30000}, as_of=D(2024, 1, 1))
    assert result.values == {"loan": {"approved": True, "limit": Decimal(36000)}}


@pytest.mark.parametrize(("letter", "outputs", "expected"), [
    ("U", [{"name": "n", "type": "number"}], None),
    ("A", [{"name": "n", "type": "number"}], None),
    ("P", [{"name": "n", "type": "number", "allowed_values": [3, 2, 1]}], 3),
    ("F", [{"name": "n", "type": "number"}], 1),
    ("R", [{"name": "n", "type": "number"}], [1, 2, 3]),
    ("O", [{"name": "n", "type": "number", "allowed_values": [3, 2, 1]}], [3, 2, 1]),
    ("C", [{"name": "n", "type": "number"}], [1, 2, 3]),
    ("C+", [{"name": "n", "type": "number"}], 6),
    ("C<", [{"name": "n", "type": "number"}], 1),
    ("C>", [{"name": "n", "type": "number"}], 3),
    ("C#", [{"name": "n", "type": "number"}], 3),
])
def test_dmn_letters_for_hit_policies(tmp_path: Path, letter: str,
                                      outputs: list[dict[str, Any]], expected: Any) -> None:
    if letter in ("U", "A"):  # one rule matches 5 (UNIQUE); the ANY rules agree
        rules = [{"id": "R1", "when": ["< 5"], "then": 1},
                 {"id": "R2", "when": [">= 5"], "then": 2}]
        expected = 2
    else:
        rules = [{"id": f"R{n}", "when": ["> 0"], "then": n} for n in (1, 2, 3)]
    table = {"hit_policy": letter, "inputs": [{"expression": "x"}], "outputs": outputs,
             "rules": rules}
    pack = load(write_pack(tmp_path, {"x": num("x")}, [
        decision("d", {"inputs": ["x"]}, version(table=table)),
    ]))
    assert pack.evaluate({"x": 5}, as_of=D(2024, 1, 1)).values["d"] == expected


def test_versions_version_by_and_a_decision_graph(tmp_path: Path) -> None:
    inputs = {"application_date": {"type": "date", "label": text("Application date")},
              "age": num("Age"),
              "income": {**num("Income"), "allowed": ">= 0"}}
    threshold = decision(
        "age_threshold", {"inputs": ["application_date"]},
        version(D(2020, 1, 1), D(2024, 7, 1), expression="18", type="number"),
        version(D(2024, 7, 1), table={
            "hit_policy": "U", "inputs": [], "outputs": [{"name": "age", "type": "number"}],
            "rules": [{"id": "T1", "when": [], "then": 21}]}),
        version_by="application_date")
    eligible = decision(
        "eligible", {"inputs": ["age", "income"], "decisions": ["age_threshold"]},
        version(expression="age >= age_threshold and (income = null or income > 0)",
                type="boolean"),
        optional=["income"])
    pack = load(write_pack(tmp_path, inputs, [eligible, threshold]))
    assert list(pack.decisions) == ["age_threshold", "eligible"]
    early = {"application_date": "2024-06-30", "age": 19}
    assert pack.evaluate(early, as_of=D(2025, 1, 1)).values["eligible"] is True
    late = {"application_date": "2024-07-01", "age": 19}
    assert pack.evaluate(late, as_of=D(2025, 1, 1)).values["eligible"] is False


def test_every_optional_field_and_a_test_file(tmp_path: Path) -> None:
    inputs = {
        "student": {"type": "boolean", "label": text("Student", "Studerende"),
                    "description": text("Holds a student card", "Har studiekort")},
        "debts": {"type": "list", "items": "number", "label": text("Debts", "Gæld")},
    }
    table = {
        "hit_policy": "FIRST",
        "inputs": [{"id": "student", "expression": "student", "label": text("Student"),
                    "type": "boolean"},
                   {"id": "total", "expression": "sum(debts)", "type": "number"}],
        "outputs": [{"name": "blocked", "label": text("Blocked", "Spærret"),
                     "type": "boolean", "default": False}],
        "rules": [
            {"id": "B1", "when": [True, "> 500"], "then": True, "source": "§ 7, stk. 1",
             "note": text("Students get a higher limit"),
             "interpretation": "We read 'debt' as the sum of all unpaid fees"},
            {"id": "B2", "when": [False, "> 100"], "then": True, "source": "§ 7, stk. 2"},
        ],
    }
    blocked = decision(
        "blocked", {"inputs": ["student", "debts"]},
        version(D(2020, 1, 1), table=table, interpretation=text("Fees only"),
                note="The act was amended in 2019"),
        question=text("Is the borrower blocked?", "Er låneren spærret?"))
    tests = [
        {"name": "a student with 600 in debts is blocked", "as_of": D(2024, 8, 1),
         "facts": {"student": True, "debts": [100, 500]}, "expect": {"blocked": True},
         "matched": {"blocked": ["B1"]}, "not_matched": {"blocked": ["B2"]}},
        {"name": "no debts, not blocked", "as_of": D(2024, 8, 1),
         "facts": {"student": False, "debts": []}, "expect": {"blocked": False}},
    ]
    pack = load(write_pack(tmp_path, inputs, [blocked], tests, source="Example Act",
                           description=text("A pack with every optional field"),
                           date_policy="clamp"))
    assert [t.name for t in pack.tests] == [t["name"] for t in tests]
    for t in pack.tests:
        assert pack.evaluate(t.facts, as_of=t.as_of).values == t.expect


def test_single_cells_numbers_booleans_and_defaults(tmp_path: Path) -> None:
    inputs = {"days_late": num("Days late"), "damaged": {"type": "boolean",
                                                         "label": text("Damaged")}}
    table = {
        "hit_policy": "COLLECT SUM",
        "inputs": [{"expression": "days_late", "type": "number"},
                   {"expression": "damaged", "type": "boolean"}],
        "outputs": [{"name": "fee", "type": "number", "default": 0}],
        "rules": [
            {"id": "F1", "when": ["> 0", "-"], "then": "days_late * 2.5"},
            {"id": "F2", "when": ["-", True], "then": 150},
            {"id": "F3", "when": [0, False], "then": 0},
        ],
    }
    pack = load(write_pack(tmp_path, inputs, [
        decision("fee", {"inputs": ["days_late", "damaged"]}, version(table=table)),
    ]))
    result = pack.evaluate({"days_late": 4, "damaged": True}, as_of=D(2024, 1, 1))
    assert result.values == {"fee": Decimal(160)}


def test_a_name_word_may_be_a_decimal_number(tmp_path: Path) -> None:
    # DMN names such as 'decision A 2.1' (the TCK's 0034): a word of digits with a point
    # between digits; FEEL reads the whole name, since it is known
    inputs = {"age": {"type": "number", "label": text("Age")}}
    pack = load(write_pack(tmp_path, inputs, [
        decision("rule 2.1", {"inputs": ["age"]}, version(expression="age + 1")),
        decision("after", {"decisions": ["rule 2.1"]}, version(expression="rule 2.1 * 2")),
    ]))
    values = pack.evaluate({"age": 20}, as_of=D(2024, 1, 1)).values
    assert values == {"rule 2.1": Decimal(21), "after": Decimal(42)}


@pytest.mark.parametrize("did", ["a.b", "rule 2.", "rule .1"])
def test_a_point_between_letters_is_no_name(tmp_path: Path, did: str) -> None:
    # a.b is a path in FEEL, so a name cannot hold it
    inputs = {"age": {"type": "number", "label": text("Age")}}
    write_pack(tmp_path, inputs, [decision(did, {"inputs": ["age"]}, version(expression="age"))])
    with pytest.raises(PackError) as caught:
        load_pack(tmp_path)
    assert "SCHEMA" in {d.code for d in caught.value.diagnostics}
