"""A business knowledge model without formal parameters is still a function (DMN 1.5
§ 6.3.10: its value is the function its encapsulated logic defines); calling it with no
arguments runs its body. The TCK's 0092-feel-lambda 003 calls one whose body returns a
lambda: ``bkm_003_1()(4)``."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from regel import load_dmn, load_pack
from tests.packbuilder import write_pack

MODEL = '''<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="none" id="none"
             namespace="https://example.org/none">
  <businessKnowledgeModel id="adder" name="adder">
    <variable name="adder"/>
    <encapsulatedLogic>
      <literalExpression><text>function(a: number) 1 + a</text></literalExpression>
    </encapsulatedLogic>
  </businessKnowledgeModel>
  <businessKnowledgeModel id="ten" name="ten">
    <variable name="ten"/>
    <encapsulatedLogic><literalExpression><text>10</text></literalExpression></encapsulatedLogic>
  </businessKnowledgeModel>
  <decision id="d" name="d">
    <variable name="d"/>
    <knowledgeRequirement><requiredKnowledge href="#adder"/></knowledgeRequirement>
    <knowledgeRequirement><requiredKnowledge href="#ten"/></knowledgeRequirement>
    <literalExpression><text>adder()(4) + ten()</text></literalExpression>
  </decision>
</definitions>
'''


def test_a_knowledge_model_without_parameters_is_called_with_none(tmp_path: Path) -> None:
    path = tmp_path / "none.dmn"
    path.write_text(MODEL, encoding="utf-8")
    pack = load_dmn(path, strict=True)
    assert pack.decisions["ten"].is_function and pack.decisions["ten"].parameters == ()
    result = pack.evaluate({}, trace=False)
    assert result.values == {"d": Decimal(15)}      # a function is no answer by itself
    assert result.warnings == []


def _literal(did: str, text: str, **fields: object) -> dict[str, object]:
    d: dict[str, object] = {"id": did, "label": {"da": did, "en": did}, "versions": [
        {"valid_from": "2000-01-01", "source": "Testloven § 1", "expression": text}]}
    d.update(fields)
    return d


def test_a_yaml_decision_with_an_empty_parameter_list_is_a_function(tmp_path: Path) -> None:
    """The schema: ``parameters`` makes the decision a function of them, of none too."""
    root = write_pack(tmp_path, [
        _literal("seven", "7", parameters=[]),
        _literal("plain", "seven() + 1", requires={"decisions": ["seven"]})])
    pack = load_pack(root)
    assert pack.decisions["seven"].is_function and not pack.decisions["plain"].is_function
    assert pack.evaluate({}, trace=False).values == {"plain": Decimal(8)}
