"""DMN type constraints: what regel checks, what it refuses, and what it states instead of
checking. Small models inline; expected behaviour from DMN 1.5 § 7.3.2 (item definitions:
allowedValues and typeConstraint restrict the values; on a collection they restrict the
items)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from regel import load_dmn
from regel.base.errors import CaseError
from regel.dmn.writer import write_dmn
from tests.packbuilder import write_pack

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="types" '
        'id="types" namespace="https://example.org/types">\n')


def _model(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "types.dmn"
    path.write_text(HEAD + body + "</definitions>\n", encoding="utf-8")
    return path


SCORE = '''
  <itemDefinition name="tScore">
    <typeRef>number</typeRef>
    <allowedValues><text>1, 2, 3</text></allowedValues>
    <typeConstraint><text>[0..10]</text></typeConstraint>
  </itemDefinition>
  <inputData id="i_score" name="Score"><variable name="Score" typeRef="tScore"/></inputData>
  <decision id="d_double" name="Double">
    <variable name="Double" typeRef="number"/>
    <informationRequirement><requiredInput href="#i_score"/></informationRequirement>
    <literalExpression><text>Score * 2</text></literalExpression>
  </decision>
'''


def test_allowed_values_and_type_constraint_both_apply(tmp_path: Path) -> None:
    pack = load_dmn(_model(tmp_path, SCORE))
    spec = pack.inputs["Score"]
    assert spec.allowed_values == (Decimal(1), Decimal(2), Decimal(3))
    assert spec.allowed is not None and spec.allowed.text == "[0..10]"
    assert pack.evaluate({"Score": Decimal(3)}, trace=False).values["Double"] == 6
    with pytest.raises(CaseError) as err:
        pack.evaluate({"Score": Decimal(4)}, trace=False)
    assert [code for _, code, _ in err.value.problems] == ["CASE-NOT-ALLOWED"]


def test_both_constraints_survive_export(tmp_path: Path) -> None:
    pack = load_dmn(_model(tmp_path, SCORE))
    again_path = tmp_path / "again.dmn"
    again_path.write_bytes(write_dmn(pack))
    again = load_dmn(again_path).inputs["Score"]
    assert again.allowed_values == pack.inputs["Score"].allowed_values
    assert again.allowed is not None and again.allowed.text == "[0..10]"


def test_item_constraints_of_a_collection_rank_a_multi_hit_table(tmp_path: Path) -> None:
    """A decision typed as a collection of "high", "low": OUTPUT ORDER sorts by it."""
    body = '''
  <itemDefinition name="tLevels" isCollection="true">
    <typeRef>string</typeRef>
    <allowedValues><text>"high", "low"</text></allowedValues>
  </itemDefinition>
  <inputData id="i_x" name="x"><variable name="x" typeRef="number"/></inputData>
  <decision id="d_levels" name="Levels">
    <variable name="Levels" typeRef="tLevels"/>
    <informationRequirement><requiredInput href="#i_x"/></informationRequirement>
    <decisionTable hitPolicy="OUTPUT ORDER">
      <input><inputExpression typeRef="number"><text>x</text></inputExpression></input>
      <output/>
      <rule><inputEntry><text>&gt; 0</text></inputEntry>
        <outputEntry><text>"low"</text></outputEntry></rule>
      <rule><inputEntry><text>&gt; 5</text></inputEntry>
        <outputEntry><text>"high"</text></outputEntry></rule>
    </decisionTable>
  </decision>
'''
    pack = load_dmn(_model(tmp_path, body))
    out = pack.decisions["Levels"].versions[0].logic.outputs[0]   # type: ignore[union-attr]
    assert (out.type, out.allowed_values) == ("string", ("high", "low"))
    assert pack.evaluate({"x": Decimal(7)}, trace=False).values["Levels"] == ["high", "low"]


def test_a_list_input_with_item_constraints_loads_and_checks_each_item(tmp_path: Path
                                                                        ) -> None:
    """DMN: a collection of a constrained item type; an item outside the allowed values
    does not conform, so the input is null (with a warning naming the item), as DMN
    treats a non-conforming value."""
    body = '''
  <itemDefinition name="tCodes" isCollection="true">
    <typeRef>string</typeRef>
    <allowedValues><text>"a", "b"</text></allowedValues>
  </itemDefinition>
  <inputData id="i_codes" name="Codes"><variable name="Codes" typeRef="tCodes"/></inputData>
  <decision id="d_n" name="N">
    <informationRequirement><requiredInput href="#i_codes"/></informationRequirement>
    <literalExpression><text>count(Codes)</text></literalExpression>
  </decision>
'''
    pack = load_dmn(_model(tmp_path, body), strict=True)
    spec = pack.inputs["Codes"]
    assert (spec.type, spec.items, spec.allowed_values) == ("list", "string", ("a", "b"))
    ok = pack.evaluate({"Codes": ["a", "b", "a"]}, trace=False)
    assert (ok.values["N"], ok.warnings) == (3, [])
    bad = pack.evaluate({"Codes": ["a", "c"]}, trace=False)
    assert bad.values["N"] is None         # count(null) is null
    [w] = bad.warnings
    assert (w.code, w.diagnostic.severity) == ("INPUT-NOT-CONFORMING", "warning")
    assert w.text("en") == ("item 2 of 'Codes' is the text 'c', which is not one of its "
                            "allowed values (a, b); as in DMN, 'Codes' is null")


def test_an_unchecked_result_constraint_is_stated_in_the_trace(tmp_path: Path) -> None:
    """regel does not check a range on a decision's result; it says so in every
    explanation instead of dropping it."""
    body = '''
  <itemDefinition name="tPercent"><typeRef>number</typeRef>
    <allowedValues><text>[0..100]</text></allowedValues></itemDefinition>
  <inputData id="i_x" name="x"><variable name="x" typeRef="number"/></inputData>
  <decision id="d_p" name="Percent">
    <variable name="Percent" typeRef="tPercent"/>
    <informationRequirement><requiredInput href="#i_x"/></informationRequirement>
    <literalExpression><text>x * 100</text></literalExpression>
  </decision>
'''
    pack = load_dmn(_model(tmp_path, body))
    note = pack.decisions["Percent"].versions[0].interpretation
    assert note is not None
    assert note.en == ("regel does not check the DMN type constraint on the result: "
                       "Percent: [0..100]")
    assert note.da.startswith("regel kontrollerer ikke DMN-typebegrænsningen")
    [decision] = pack.evaluate({"x": Decimal(2)}).trace.to_json()["decisions"]
    assert [i["text"]["en"] for i in decision["interpretations"]] == [note.en]


def test_yaml_pack_ids_may_be_feel_names_with_spaces(tmp_path: Path) -> None:
    """The pack schema takes names as FEEL writes them, as DMN models use them."""
    from regel import load_pack
    d = {"id": "Monthly Fee", "label": {"da": "Gebyr", "en": "Fee"},
         "requires": {"inputs": ["Loan Amount"]},
         "versions": [{"valid_from": "2020-01-01", "source": "Testloven § 1",
                       "expression": "Loan Amount * 0.01", "type": "number"}]}
    inputs = {"Loan Amount": {"type": "number", "label": {"da": "Lån", "en": "Loan"}}}
    pack = load_pack(write_pack(tmp_path / "pack", [d], inputs))
    assert pack.evaluate({"Loan Amount": Decimal(1000)}, trace=False).values["Monthly Fee"] \
        == 10
