"""DMN models read as packs give the values DMN and FEEL say they give.

Every model is a small hand-written file in ``tests/dmn/models/``; every expected value
is worked out by hand from the model's rules (the working is in the comments).
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal as D
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from regel import load_dmn, load_pack
from regel.base.errors import CaseError
from regel.dmn.reader import read_dmn
from regel.model import DecisionTable, LiteralExpression, Pack

MODELS = Path(__file__).resolve().parent / "models"


@cache
def model(name: str) -> Pack:
    return load_dmn(MODELS / name)


def value(name: str, facts: dict[str, Any], decision: str) -> Any:
    return model(name).evaluate(facts, decisions=[decision], trace=False).values[decision]


def values(name: str, facts: dict[str, Any]) -> dict[str, Any]:
    return model(name).evaluate(facts, trace=False).values


# --------------------------------------------------------------------------- DMN versions

VERSIONS = ["1.1", "1.2", "1.3", "1.4", "1.5"]


@pytest.mark.parametrize("version", VERSIONS)
def test_each_namespace_is_read_as_its_dmn_version(version: str) -> None:
    assert read_dmn(MODELS / f"tiny-{version}.dmn").version == version


# Age Band: < 18 minor, [18..65) adult, >= 65 senior. Yearly Income: Monthly Income * 12.
# Eligible: Yearly Income >= 120000 and Applicant Age >= 18.
TINY = [
    ({"Applicant Age": D(17), "Monthly Income": D(10000)},
     {"Age Band": "minor", "Yearly Income": D(120000), "Eligible": False}),
    ({"Applicant Age": D(18), "Monthly Income": D(10000)},
     {"Age Band": "adult", "Yearly Income": D(120000), "Eligible": True}),
    ({"Applicant Age": D(64), "Monthly Income": D("9999.99")},    # 9999.99 * 12
     {"Age Band": "adult", "Yearly Income": D("119999.88"), "Eligible": False}),
    ({"Applicant Age": D(65), "Monthly Income": D(20000)},
     {"Age Band": "senior", "Yearly Income": D(240000), "Eligible": True}),
    ({"Applicant Age": D("17.5"), "Monthly Income": D(0)},
     {"Age Band": "minor", "Yearly Income": D(0), "Eligible": False}),
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("facts", "expected"), TINY)
def test_the_same_model_in_every_dmn_version(version: str, facts: dict[str, Any],
                                             expected: dict[str, Any]) -> None:
    assert values(f"tiny-{version}.dmn", facts) == expected


@pytest.mark.parametrize("version", VERSIONS)
def test_the_same_pack_in_every_dmn_version(version: str) -> None:
    """Types from QNames (DMN 1.1's feel:number) and from plain names come out the same."""
    pack = model(f"tiny-{version}.dmn")
    assert {k: v.type for k, v in pack.inputs.items()} == {
        "Applicant Age": "number", "Monthly Income": "number"}
    table = pack.decisions["Age Band"].versions[0].logic
    assert isinstance(table, DecisionTable)
    assert table.inputs[0].type == "number"
    assert table.outputs[0].allowed_values == ("minor", "adult", "senior")  # from tAgeBand


# --------------------------------------------------------------------------- names with spaces

def test_names_with_spaces() -> None:
    pack = model("tiny-1.5.dmn")
    assert list(pack.inputs) == ["Applicant Age", "Monthly Income"]
    assert set(pack.decisions) == {"Age Band", "Yearly Income", "Eligible"}
    eligible = pack.decisions["Eligible"]
    assert (eligible.inputs, eligible.decisions) == (("Applicant Age",), ("Yearly Income",))
    table = pack.decisions["Age Band"].versions[0].logic
    assert isinstance(table, DecisionTable)
    assert table.inputs[0].text == "Applicant Age"
    literal = pack.decisions["Yearly Income"].versions[0].logic
    assert isinstance(literal, LiteralExpression)
    assert literal.text == "Monthly Income * 12"


def test_load_pack_takes_a_dmn_file() -> None:
    pack = load_pack(MODELS / "tiny-1.5.dmn")
    facts = {"Applicant Age": D(30), "Monthly Income": D(1)}
    assert pack.evaluate(facts, decisions=["Age Band"], trace=False).values == {
        "Age Band": "adult"}


def test_a_decision_has_one_version_from_1900() -> None:
    versions = model("tiny-1.5.dmn").decisions["Age Band"].versions
    assert [(v.valid_from, v.valid_to) for v in versions] == [(_dt.date(1900, 1, 1), None)]


# --------------------------------------------------------------------------- missing inputs

# A missing input is null. A comparison with null is null, so no rule of Age Band matches
# (UNIQUE without a hit: null) and Monthly Income * 12 is null; in Eligible, 'null and x'
# is false when x is false and null otherwise (FEEL's three-valued logic).
MISSING = [
    ({}, {"Age Band": None, "Yearly Income": None, "Eligible": None}),
    ({"Applicant Age": None, "Monthly Income": None},
     {"Age Band": None, "Yearly Income": None, "Eligible": None}),
    ({"Applicant Age": D(10)}, {"Age Band": "minor", "Yearly Income": None, "Eligible": False}),
    ({"Applicant Age": D(30)}, {"Age Band": "adult", "Yearly Income": None, "Eligible": None}),
    ({"Monthly Income": D(20000)},
     {"Age Band": None, "Yearly Income": D(240000), "Eligible": None}),
    ({"Monthly Income": D(1)}, {"Age Band": None, "Yearly Income": D(12), "Eligible": False}),
]


@pytest.mark.parametrize(("facts", "expected"), MISSING)
def test_a_missing_input_is_null(facts: dict[str, Any], expected: dict[str, Any]) -> None:
    assert values("tiny-1.5.dmn", facts) == expected


def test_every_input_is_optional() -> None:
    decisions = model("tiny-1.5.dmn").decisions
    assert decisions["Age Band"].optional == {"Applicant Age"}
    assert decisions["Eligible"].optional == {"Applicant Age"}


def test_a_missing_input_takes_the_default_output() -> None:
    # null is in no rule's [50..80), so the table gives its defaultOutputEntry
    assert value("hit-policies.dmn", {}, "Unique With Default") == "outside"


# --------------------------------------------------------------------------- item definitions

@pytest.mark.parametrize(("name", "type_", "allowed_values", "items"), [
    ("Grade", "string", ("A", "B", "C"), None),       # tGrade: allowedValues
    ("Level", "number", (D(1), D(2), D(3)), None),    # tLevel: allowedValues of numbers
    ("Amounts", "list", None, "number"),              # tAmounts: isCollection of tMoney
    ("Applicant", "context", None, None),             # tApplicant: itemComponents
])
def test_item_definitions_become_input_types(name: str, type_: str, allowed_values: Any,
                                             items: Any) -> None:
    spec = model("types.dmn").inputs[name]
    assert (spec.type, spec.allowed_values, spec.items) == (type_, allowed_values, items)


@pytest.mark.parametrize(("facts", "decision", "expected"), [
    ({"Grade": "A"}, "Grade Points", D(3)),
    ({"Grade": "C"}, "Grade Points", D(1)),
    ({"Level": D(3)}, "Double Level", D(6)),
    ({"Amounts": [D("10.5"), D(20), D("0.25")]}, "Total", D("30.75")),
    ({"Amounts": [D("10.5"), D(20), D("0.25")]}, "Largest Amount", D(20)),
    ({"Amounts": [D(-4)]}, "Total", D(-4)),
    ({"Applicant": {"Name": "Ann", "Income": D(2500)}}, "Applicant Yearly Income", D(30000)),
    ({"Applicant": {"Name": "Ann", "Income": D(2500)}}, "Greeting", "Dear Ann"),
])
def test_item_definition_values(facts: dict[str, Any], decision: str, expected: Any) -> None:
    assert value("types.dmn", facts, decision) == expected


@pytest.mark.parametrize(("facts", "field"), [
    ({"Grade": "D"}, "Grade"),
    ({"Grade": "a"}, "Grade"),          # allowed values are compared exactly
    ({"Level": D(4)}, "Level"),
    ({"Level": D("1.5")}, "Level"),
])
def test_a_value_outside_allowed_values_is_refused(facts: dict[str, Any], field: str) -> None:
    with pytest.raises(CaseError) as caught:
        model("types.dmn").evaluate(facts, trace=False)
    assert [(f, code) for f, code, _ in caught.value.problems] == [(field, "CASE-NOT-ALLOWED")]


def test_a_component_name_with_spaces() -> None:
    facts = {"Applicant": {"Monthly Income": D(2500)}}
    assert value("component-with-spaces.dmn", facts, "Yearly Income") == D(30000)


# --------------------------------------------------------------------------- BKMs

# Amount Earned(rate, months) = (rate - 100) * months
# Yearly Via Literal:    Amount Earned(Monthly Income, 12)
# Earned Via Invocation: bindings months = Months Worked, rate = Monthly Income + 50 (given
#                        in the other order than the parameters: they bind by name)
@pytest.mark.parametrize(("income", "months", "decision", "expected"), [
    (D(1000), D(3), "Yearly Via Literal", D(10800)),          # 900 * 12
    (D(1000), D(3), "Earned Via Invocation", D(2850)),        # (1050 - 100) * 3
    (D(0), D(0), "Yearly Via Literal", D(-1200)),             # -100 * 12
    (D(0), D(0), "Earned Via Invocation", D(0)),              # -50 * 0
    (D("2000.5"), D(2), "Yearly Via Literal", D(22806)),      # 1900.5 * 12
    (D("2000.5"), D(2), "Earned Via Invocation", D(3901)),    # 1950.5 * 2
])
def test_a_bkm_invoked(income: D, months: D, decision: str, expected: D) -> None:
    facts = {"Monthly Income": income, "Months Worked": months}
    assert value("bkm.dmn", facts, decision) == expected


def test_a_bkm_is_a_decision_with_parameters() -> None:
    pack = model("bkm.dmn")
    bkm = pack.decisions["Amount Earned"]
    assert bkm.parameters == ("rate", "months")
    body = bkm.versions[0].logic
    assert isinstance(body, LiteralExpression)
    assert body.text == "(rate - 100) * months"
    assert pack.decisions["Yearly Via Literal"].decisions == ("Amount Earned",)
    assert pack.decisions["Earned Via Invocation"].decisions == ("Amount Earned",)


def test_a_bkm_with_parameter_names_with_spaces() -> None:
    assert value("bkm-spaced-parameters.dmn", {"Monthly Income": D(10)},
                 "Yearly Income") == D(120)


# Age Band(age) is a UNIQUE table: < 18 minor, [18..67) adult, >= 67 pensioner.
# Band Via Literal = Age Band(Applicant Age); Band Of Parent = Age Band(age: Applicant Age + 30)
@pytest.mark.parametrize(("age", "decision", "expected"), [
    (D(17), "Band Via Literal", "minor"), (D(18), "Band Via Literal", "adult"),
    (D(66), "Band Via Literal", "adult"), (D(67), "Band Via Literal", "pensioner"),
    (D(36), "Band Of Parent", "adult"), (D(37), "Band Of Parent", "pensioner"),
])
def test_a_bkm_whose_body_is_a_decision_table(age: D, decision: str, expected: str) -> None:
    assert value("bkm-table.dmn", {"Applicant Age": age}, decision) == expected


def test_a_bkm_table_is_a_function_not_an_answer() -> None:
    pack = model("bkm-table.dmn")
    assert pack.decisions["Age Band"].parameters == ("age",)
    assert isinstance(pack.decisions["Age Band"].versions[0].logic, DecisionTable)
    # evaluating "everything" answers the decisions; the function is no answer by itself
    assert set(values("bkm-table.dmn", {"Applicant Age": D(20)})) == {
        "Band Via Literal", "Band Of Parent"}


# --------------------------------------------------------------------------- hit policies

@pytest.mark.parametrize(("decision", "hit_policy"), [
    ("Unique Band", "UNIQUE"), ("Any Pass", "ANY"), ("First Grade", "FIRST"),
    ("Priority Level", "PRIORITY"), ("Rule Order Levels", "RULE ORDER"),
    ("Output Order Levels", "OUTPUT ORDER"), ("Collected Points", "COLLECT"),
    ("Point Sum", "COLLECT SUM"), ("Point Count", "COLLECT COUNT"),
    ("Point Min", "COLLECT MIN"), ("Point Max", "COLLECT MAX"),
])
def test_hit_policy_and_aggregation_are_read(decision: str, hit_policy: str) -> None:
    table = model("hit-policies.dmn").decisions[decision].versions[0].logic
    assert isinstance(table, DecisionTable)
    assert table.hit_policy == hit_policy


# Levels: rules >= 0 "low", >= 50 "medium", >= 80 "high" (in that order); outputValues rank
# "high", "medium", "low". Points: the same rules give 1, 10 and 100.
HIT = [
    # UNIQUE: < 50 low, [50..80) medium, >= 80 high
    ("Unique Band", D(49), "low"), ("Unique Band", D(50), "medium"),
    ("Unique Band", D("79.9"), "medium"), ("Unique Band", D(80), "high"),
    # UNIQUE, one rule [50..80), defaultOutputEntry "outside"
    ("Unique With Default", D(60), "medium"), ("Unique With Default", D(80), "outside"),
    ("Unique With Default", D(10), "outside"),
    # ANY: >= 50 pass, >= 80 pass, < 50 fail
    ("Any Pass", D(90), "pass"), ("Any Pass", D(10), "fail"),
    # FIRST: >= 80 A, >= 50 B, - C
    ("First Grade", D(90), "A"), ("First Grade", D(60), "B"), ("First Grade", D(-5), "C"),
    # PRIORITY: the matching output that comes first in the outputValues
    ("Priority Level", D(90), "high"), ("Priority Level", D(60), "medium"),
    ("Priority Level", D(10), "low"), ("Priority Level", D(-5), None),
    # RULE ORDER: every hit in rule order
    ("Rule Order Levels", D(90), ["low", "medium", "high"]),
    ("Rule Order Levels", D(60), ["low", "medium"]),
    # OUTPUT ORDER: every hit in the order of the outputValues
    ("Output Order Levels", D(90), ["high", "medium", "low"]),
    ("Output Order Levels", D(60), ["medium", "low"]),
    # COLLECT (any order; compared sorted) and its aggregations
    ("Collected Points", D(90), [D(1), D(10), D(100)]),
    ("Collected Points", D(60), [D(1), D(10)]),
    ("Point Sum", D(90), D(111)), ("Point Sum", D(60), D(11)), ("Point Sum", D(0), D(1)),
    ("Point Count", D(90), D(3)), ("Point Count", D(50), D(2)),
    ("Point Min", D(90), D(1)), ("Point Min", D(60), D(1)),
    ("Point Max", D(90), D(100)), ("Point Max", D(60), D(10)), ("Point Max", D(10), D(1)),
    # two outputs: a context of the output names; points = Score - 50
    ("Grade And Points", D(90), {"grade": "pass", "points": D(40)}),
    ("Grade And Points", D(20), {"grade": "fail", "points": D(0)}),
]


@pytest.mark.parametrize(("decision", "score", "expected"), HIT,
                         ids=[f"{d}-{s}" for d, s, _ in HIT])
def test_hit_policies(decision: str, score: D, expected: Any) -> None:
    result = value("hit-policies.dmn", {"Score": score}, decision)
    if decision == "Collected Points":   # COLLECT without aggregation: the order is open
        result = sorted(result)
    assert result == expected


# --------------------------------------------------------------------------- annotations

# The table's annotation columns are source, note, reviewer and interpretation.
@pytest.mark.parametrize(("rule", "source", "note", "interpretation"), [
    ("R1", "§ 7, stk. 1", "Returned in time\nreviewer: Ann", None),
    ("R2", "§ 7, stk. 2", None, "A part of a day counts as a whole day"),
])
def test_rule_annotations(rule: str, source: str, note: str | None,
                          interpretation: str | None) -> None:
    table = model("annotations.dmn").decisions["Late Fee"].versions[0].logic
    assert isinstance(table, DecisionTable)
    r = next(r for r in table.rules if r.id == rule)
    assert r.source == source
    assert (r.note.en if r.note else None) == note
    assert (r.interpretation.en if r.interpretation else None) == interpretation


@pytest.mark.parametrize(("decision", "source"), [
    ("Late Fee", "Library Act § 7 (https://example.org/library-act#7)"),   # authority
    ("Fee Waived", "DMN model annotations.dmn, decision 'Fee Waived'"),    # none
])
def test_a_knowledge_source_is_the_versions_source(decision: str, source: str) -> None:
    assert model("annotations.dmn").decisions[decision].versions[0].source == source


def test_a_description_inside_a_requirement_is_documentation() -> None:
    late_fee = model("annotations.dmn").decisions["Late Fee"]
    assert (late_fee.inputs, late_fee.decisions) == (("Days Late",), ())


@pytest.mark.parametrize(("days", "fee", "waived"), [
    (D(0), D(0), True), (D(-2), D(0), True), (D(3), D(6), False), (D("0.5"), D(1), False),
])
def test_the_annotated_table_evaluates(days: D, fee: D, waived: bool) -> None:
    # <= 0 gives 0; > 0 gives Days Late * 2; Fee Waived is Late Fee = 0
    assert values("annotations.dmn", {"Days Late": days}) == {"Late Fee": fee,
                                                             "Fee Waived": waived}
