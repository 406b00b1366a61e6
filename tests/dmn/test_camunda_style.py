"""A DMN model as Camunda Modeler writes it evaluates as Camunda evaluates it.

``models/camunda-dinner.dmn`` has no ``<inputData>``: its input expressions read process
variables (``season``, ``guestCount``, ``input.category``, ``amount``), and a decision
reads a required decision's result under the table's output names (``desiredDish``;
``beverages`` and ``alcoholic`` of a COLLECT table with two outputs; ``shipping`` and
``fee`` of a UNIQUE table with two). The expected results are worked out by hand from
Camunda's rules (docs/dmn.md, "Process variables"): a FIRST table gives the first
matching rule's output; a required COLLECT table gives, for each output name, the list
of that output over the matched rules, and no variable at all (null) when no rule
matched; a required table with one match and several outputs gives each output's value.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from regel import load_dmn, load_pack
from regel.base.errors import PackError
from regel.cli import main
from regel.dmn.variables import near
from regel.model import OutputRead

MODELS = Path(__file__).resolve().parent / "models"
DINNER = MODELS / "camunda-dinner.dmn"
TINY = MODELS / "tiny-1.3.dmn"

IMPLICIT = ["season", "guestCount", "guestsWithChildren", "input", "amount"]

# facts, then Dish, Beverages, Order and Summary, derived by hand (see the docstring)
CASES: list[tuple[dict[str, Any], dict[str, Any]]] = [
    # Fall and 6 guests: R1 (R7 matches too; FIRST takes R1). Spareribs: beverage R1
    # only (no children). food, 120 >= 100: express, 0.
    ({"season": "Fall", "guestCount": 6, "guestsWithChildren": False,
      "input": {"category": "food"}, "amount": 120},
     {"Dish": "Spareribs",
      "Beverages": [{"beverages": "Aecht Schlenkerla Rauchbier", "alcoholic": True}],
      "Order": {"shipping": "express", "fee": Decimal(0)},
      "Summary": "express shipping, fee 0; Aecht Schlenkerla Rauchbier (ask for ID)"}),
    # Spring and 3 guests: R3. Beverage rules R4 (the steak) and R5 (children), in rule
    # order; 'alcoholic' reads [true, false]. drinks: freight, 12.
    ({"season": "Spring", "guestCount": 3, "guestsWithChildren": True,
      "input": {"category": "drinks"}, "amount": 10},
     {"Dish": "Dry Aged Gourmet Steak",
      "Beverages": [{"beverages": "Pinot Noir", "alcoholic": True},
                    {"beverages": "Apple Juice", "alcoholic": False}],
      "Order": {"shipping": "freight", "fee": Decimal(12)},
      "Summary": "freight shipping, fee 12; Pinot Noir, Apple Juice (ask for ID)"}),
    # Winter and 12 guests: R2 needs <= 8; R5 (> 8) gives Stew. Beverages R2 and R5.
    # food, 99.5 < 100: standard, 5.
    ({"season": "Winter", "guestCount": 12, "guestsWithChildren": True,
      "input": {"category": "food"}, "amount": Decimal("99.5")},
     {"Dish": "Stew",
      "Beverages": [{"beverages": "Guiness", "alcoholic": True},
                    {"beverages": "Apple Juice", "alcoholic": False}],
      "Order": {"shipping": "standard", "fee": Decimal(5)},
      "Summary": "standard shipping, fee 5; Guiness, Apple Juice (ask for ID)"}),
    # A season no rule names: only R7, Pasta. No beverage rule matches and there are no
    # children: Camunda sets no 'beverages' nor 'alcoholic' (null): "no beverages", and
    # list contains(null, true) is null, so no "(ask for ID)". toys: R4, none, 0.
    ({"season": "Monsoon", "guestCount": 20, "guestsWithChildren": False,
      "input": {"category": "toys"}, "amount": 5},
     {"Dish": "Pasta", "Beverages": None,
      "Order": {"shipping": "none", "fee": Decimal(0)},
      "Summary": "none shipping, fee 0; no beverages"}),
]


@pytest.mark.parametrize(("facts", "expected"), CASES)
def test_the_model_evaluates_as_camunda_does(facts: dict[str, Any],
                                            expected: dict[str, Any]) -> None:
    pack = load_dmn(DINNER, strict=True)
    result = pack.evaluate(facts)
    assert result.values == expected
    assert not pack.broken


def test_undeclared_names_are_implicit_inputs_of_any_type() -> None:
    pack = load_dmn(DINNER, strict=True)
    assert list(pack.inputs) == IMPLICIT          # in the order they are first used
    for name in IMPLICIT:
        spec = pack.inputs[name]
        assert (spec.type, spec.implicit, spec.label.en, spec.label.da) == (
            "any", True, name, name)
    assert pack.decisions["Dish"].inputs == ("season", "guestCount")
    assert pack.decisions["Order"].inputs == ("input", "amount")   # input.category: input
    assert pack.decisions["Summary"].inputs == ()
    # a missing variable is null, as in Camunda: every implicit input is optional
    assert all(pack.decisions[d].optional == frozenset(pack.decisions[d].inputs)
               for d in pack.decisions)


def test_output_names_read_the_required_decisions_results() -> None:
    pack = load_dmn(DINNER, strict=True)
    assert pack.decisions["Beverages"].output_reads == {
        "desiredDish": OutputRead("Dish", None, False)}
    assert pack.decisions["Summary"].output_reads == {
        "beverages": OutputRead("Beverages", "beverages", True),
        "alcoholic": OutputRead("Beverages", "alcoholic", True),
        "shipping": OutputRead("Order", "shipping", False),
        "fee": OutputRead("Order", "fee", False)}
    assert pack.decisions["Dish"].output_reads == {}


def test_the_trace_shows_the_required_decision_read() -> None:
    pack = load_dmn(DINNER, strict=True)
    trace = pack.evaluate(CASES[1][0]).to_json()
    record = next(r for r in trace["decisions"] if r["id"] == "Beverages")
    assert {"name": "Dish", "value": "Dry Aged Gourmet Steak", "from": "decision"} in \
        record["inputs"]
    assert {"name": "guestsWithChildren", "value": True, "from": "fact"} in record["inputs"]


def test_regel_eval_with_a_case_file(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"facts": {**CASES[1][0], "amount": 10}}), encoding="utf-8")
    assert main(["eval", str(DINNER), "--case", str(case), "--format", "json"]) == 0
    values = json.loads(capsys.readouterr().out)["outputs"]
    assert values["Summary"] == CASES[1][1]["Summary"]
    assert values["Dish"] == "Dry Aged Gourmet Steak"


@pytest.mark.parametrize(("lang", "first"), [
    ("en", "camunda-dinner.dmn:7:17: IMPLICIT-INPUT (info): 'season' is not declared in "
           "the model: it is read from the case, as Camunda reads a process variable "
           "(used by Dish)"),
    ("da", "camunda-dinner.dmn:7:17: IMPLICIT-INPUT (orientering): 'season' er ikke erklæret i "
           "modellen: oplysningen læses fra sagen, sådan som Camunda læser en "
           "procesvariabel (bruges af Dish)"),
])
def test_regel_check_notes_each_implicit_input(lang: str, first: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(DINNER), "--lang", lang]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "IMPLICIT-INPUT" in line]
    assert len(lines) == len(IMPLICIT)
    assert lines[0].endswith(first)
    # where each is first used, counted in the file: <text>season</text> on line 7,
    # <text>guestCount</text> on 12, guestsWithChildren on 107, input.category on 188,
    # amount on 193, each text at column 17
    assert [line.split(": IMPLICIT-INPUT")[0].rsplit("dmn:", 1)[1] for line in lines] == [
        "7:17", "12:17", "107:17", "188:17", "193:17"]
    assert "(used by Beverages)" in lines[2] or "(bruges af Beverages)" in lines[2]


def test_regel_check_json_lists_the_notes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(DINNER), "--format", "json", "--no-analysis"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True
    notes = [d for d in data["diagnostics"] if d["code"] == "IMPLICIT-INPUT"]
    assert [(n["severity"], n["line"], n["column"]) for n in notes][:2] == [
        ("info", 7, 17), ("info", 12, 17)]


def test_regel_schema_lists_them_as_facts_of_any_type(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", str(DINNER)]) == 0
    facts = json.loads(capsys.readouterr().out)["properties"]["facts"]["properties"]
    assert list(facts) == IMPLICIT
    assert all("type" not in spec for spec in facts.values())   # any JSON value


def _variant(tmp_path: Path, text: str, name: str = "model.dmn") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_typo_in_a_model_with_input_data_is_still_an_error(tmp_path: Path) -> None:
    text = TINY.read_text(encoding="utf-8").replace("Monthly Income * 12",
                                                    "Monthly Income * twelve")
    with pytest.raises(PackError) as err:
        load_dmn(_variant(tmp_path, text), strict=True)
    assert [(d.code, d.values["name"]) for d in err.value.diagnostics] == [
        ("UNKNOWN-NAME", "twelve")]
    assert "twelve" not in load_dmn(_variant(tmp_path, text)).inputs


def test_a_misspelt_output_name_is_an_error_not_a_variable(tmp_path: Path) -> None:
    text = DINNER.read_text(encoding="utf-8").replace("<text>desiredDish</text>",
                                                      "<text>desiredDsh</text>")
    path = _variant(tmp_path, text)
    with pytest.raises(PackError) as err:
        load_dmn(path, strict=True)
    assert [(d.code, d.values["name"], d.line, d.column) for d in err.value.diagnostics] == [
        ("UNKNOWN-NAME", "desiredDsh", 102, 17)]
    pack = load_dmn(path)   # decision by decision: Beverages (and Summary) fail alone
    assert set(pack.broken) == {"Beverages", "Summary"}
    assert pack.evaluate(CASES[0][0]).values["Dish"] == "Spareribs"


def test_camunda_input_data_only_documents(tmp_path: Path) -> None:
    """Camunda Modeler draws input data ("Season") that Camunda does not evaluate: the
    input expression's variable ``season`` is still read from the case."""
    text = DINNER.read_text(encoding="utf-8").replace(
        '  <decision id="dish" name="Dish">',
        '  <inputData id="InputData_season" name="Season" />\n'
        '  <decision id="dish" name="Dish">\n'
        '    <informationRequirement id="InformationRequirement_season">\n'
        '      <requiredInput href="#InputData_season" />\n'
        '    </informationRequirement>')
    pack = load_dmn(_variant(tmp_path, text), strict=True)
    assert "Season" in pack.inputs and pack.inputs["season"].implicit
    assert pack.evaluate(CASES[2][0]).values == CASES[2][1]


def test_a_model_without_input_data_or_camunda_marks(tmp_path: Path) -> None:
    text = DINNER.read_text(encoding="utf-8")
    for mark in (' xmlns:camunda="http://camunda.org/schema/1.0/dmn"',
                 ' camunda:inputVariable="currentDish"', ' exporter="Camunda Modeler"',
                 ' exporterVersion="5.20.0"'):
        text = text.replace(mark, "")
    text = text.replace('namespace="http://camunda.org/schema/1.0/dmn"',
                        'namespace="https://example.org/dinner"')
    assert "camunda" not in text.replace("Camunda", "")
    pack = load_dmn(_variant(tmp_path, text), strict=True)
    assert pack.evaluate(CASES[0][0]).values == CASES[0][1]


def test_with_input_data_and_no_camunda_marks_names_must_be_declared(tmp_path: Path) -> None:
    text = DINNER.read_text(encoding="utf-8")
    for mark in (' xmlns:camunda="http://camunda.org/schema/1.0/dmn"',
                 ' camunda:inputVariable="currentDish"', ' exporter="Camunda Modeler"'):
        text = text.replace(mark, "")
    text = text.replace('namespace="http://camunda.org/schema/1.0/dmn"',
                        'namespace="https://example.org/dinner"').replace(
        '  <decision id="dish"', '  <inputData id="i" name="Season" />\n  <decision id="dish"')
    with pytest.raises(PackError) as err:
        load_dmn(_variant(tmp_path, text), strict=True)
    names = [d.values.get("name") for d in err.value.diagnostics if d.code == "UNKNOWN-NAME"]
    assert names[:2] == ["season", "guestCount"] and "desiredDish" in names


@pytest.mark.parametrize(("expression", "unknown"), [
    ("frobnicate(amount)", "frobnicate"),          # a function is no process variable
    ("Total Amount * 2", None),                    # two words FEEL cannot tell apart
])
def test_what_never_becomes_a_variable(tmp_path: Path, expression: str,
                                       unknown: str | None) -> None:
    text = DINNER.read_text(encoding="utf-8").replace(
        '<text>shipping + " shipping, fee "', f'<text>{expression} + shipping + " shipping, fee "')
    with pytest.raises(PackError) as err:
        load_dmn(_variant(tmp_path, text), strict=True)
    codes = {d.code for d in err.value.diagnostics}
    assert codes <= {"UNKNOWN-NAME", "FEEL-SYNTAX"} and codes
    if unknown is not None:
        assert [d.values["name"] for d in err.value.diagnostics] == [unknown]
    pack = load_dmn(_variant(tmp_path, text))
    assert "Summary" in pack.broken and "frobnicate" not in pack.inputs
    assert "Total" not in pack.inputs


def test_import_writes_the_reading_and_the_yaml_pack_evaluates_alike(tmp_path: Path) -> None:
    out = tmp_path / "pack"
    assert main(["import", str(DINNER), "-o", str(out)]) == 0
    written = (out / "decisions" / "summary.yaml").read_text(encoding="utf-8")
    assert "reads_outputs:\n  shipping: Order\n  fee: Order\n  beverages: Beverages\n" \
        "  alcoholic: Beverages\n" in written
    assert "implicit: true" in (out / "pack.yaml").read_text(encoding="utf-8")
    pack = load_pack(out)
    for facts, expected in CASES:
        assert pack.evaluate(facts).values == expected


def test_export_and_read_back_evaluates_alike(tmp_path: Path) -> None:
    out = tmp_path / "again.dmn"
    assert main(["export", str(DINNER), "-o", str(out)]) == 0
    pack = load_dmn(out, strict=True)
    assert not any(i.implicit for i in pack.inputs.values())   # declared as input data now
    for facts, expected in CASES:
        assert pack.evaluate(facts).values == expected


@pytest.mark.parametrize(("name", "other", "expected"), [
    ("season", "Season", True),            # but for case
    ("desiredDsh", "desiredDish", True),   # a letter left out
    ("desiredDishh", "desiredDish", True), # a letter added
    ("desiredDosh", "desiredDish", True),  # a letter changed
    ("desriedDish", "desiredDish", True),  # two neighbours swapped
    ("amount", "count", False),            # difflib finds these close; one edit is not
    ("fee", "fen", False),                 # too short to tell a typo from a name
    ("guestCount", "guestsCount", True),
    ("shipping", "shopping", True),
    ("beverages", "alcoholic", False),
])
def test_near(name: str, other: str, expected: bool) -> None:
    assert near(name, other) is expected
    assert near(other, name) is expected


@pytest.mark.parametrize("cell", ['cellInput = "Stew"', 'currentDish = "Stew"'])
def test_camunda_input_variable_in_an_entry_is_no_fact(tmp_path: Path, cell: str) -> None:
    """``cellInput`` (and a column's ``camunda:inputVariable``, here ``currentDish``) is the
    input value in Camunda; regel does not support it, and says so, rather than read it
    from the case."""
    head, tail = DINNER.read_text(encoding="utf-8").split("<output id=\"OutputClause_beverages")
    text = head + "<output id=\"OutputClause_beverages" + tail.replace(   # Beverages' R2
        '<text>"Stew"</text>', f"<text>{cell}</text>", 1)
    with pytest.raises(PackError) as err:
        load_dmn(_variant(tmp_path, text), strict=True)
    assert [d.code for d in err.value.diagnostics] == ["UNKNOWN-NAME"]
