"""Values conformed to the types a DMN model declares: a decision's result to its variable's
typeRef (and its literal expression's or invocation's own), a business knowledge model's
arguments to its parameters' and its result to its logic's typeRef, and item definitions
named after ``instance of``. Expected behaviour from DMN 1.5 § 10.3.2.9.4 (a singleton list
and its item convert into each other; any other value that does not conform is null) and
§ 7.3.2/7.3.4 (item definitions: components, collections, function items); the cases
mirror the TCK's 0082-feel-coercion and 0070-feel-instance-of in small models.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from regel import load_dmn, load_pack
from regel.api import Pack
from regel.base.errors import CaseError

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="conform" '
        'id="conform" namespace="https://example.org/conform">\n')

TYPES = '''
  <itemDefinition name="tNumberList" isCollection="true"><typeRef>number</typeRef></itemDefinition>
  <itemDefinition name="tLabels" isCollection="true"><typeRef>string</typeRef></itemDefinition>
  <itemDefinition name="tPerson">
    <itemComponent name="name"><typeRef>string</typeRef></itemComponent>
    <itemComponent name="age"><typeRef>number</typeRef></itemComponent>
  </itemDefinition>
  <itemDefinition name="tRule">
    <functionItem outputTypeRef="number"><parameters name="n" typeRef="number"/></functionItem>
  </itemDefinition>
'''


def _literal(name: str, type_ref: str, text: str, own: str | None = None) -> str:
    own_ref = f' typeRef="{own}"' if own else ""
    return (f'  <decision id="{name}" name="{name}">\n'
            f'    <variable name="{name}" typeRef="{type_ref}"/>\n'
            f'    <literalExpression{own_ref}><text>{text}</text></literalExpression>\n'
            '  </decision>\n')


def _model(tmp_path: Path, body: str) -> Pack:
    path = tmp_path / "conform.dmn"
    path.write_text(HEAD + TYPES + body + "</definitions>\n", encoding="utf-8")
    return load_dmn(path)


def _codes(pack: Pack, decision: str, facts: dict[str, Any] | None = None) -> list[str]:
    result = pack.evaluate(facts or {}, decisions=[decision], trace=False)
    return [w.diagnostic.code for w in result.warnings]


# typeRef, expression, result
RESULTS = [
    ("string", "1 + 1", None),
    ("number", "1 + 1", Decimal(2)),
    ("tNumberList", '[1, 2, "foo"]', None),
    ("tNumberList", "[1, 2]", [Decimal(1), Decimal(2)]),
    ("tNumberList", "10", [Decimal(10)]),            # to a singleton list
    ("tNumberList", '"foo"', None),
    ("string", '["foo"]', "foo"),                    # from a singleton list
    ("string", "[1]", None),
    ("string", '["a", "b"]', None),
    ("tLabels", "null", None),
    ("tPerson", '{name: "Ann", age: 40, extra: true}',
     {"name": "Ann", "age": Decimal(40), "extra": True}),
    ("tPerson", '{name: "Ann"}', None),
    ("Any", '{name: "Ann"}', {"name": "Ann"}),
]


@pytest.mark.parametrize(("type_ref", "text", "expected"), RESULTS,
                         ids=[f"{t}:{x}" for t, x, _ in RESULTS])
def test_a_decision_result_is_conformed_to_its_type(tmp_path: Path, type_ref: str, text: str,
                                                    expected: Any) -> None:
    pack = _model(tmp_path, _literal("d", type_ref, text.replace('"', "&quot;")))
    assert pack.evaluate({}, trace=False).values["d"] == expected


def test_a_result_that_does_not_conform_is_null_with_a_warning(tmp_path: Path) -> None:
    pack = _model(tmp_path, _literal("d", "string", "1 + 1"))
    result = pack.evaluate({}, trace=True)
    (warning,) = result.warnings
    d = warning.diagnostic
    assert (d.code, warning.decision) == ("RESULT-NOT-CONFORMING", "d")
    assert d.text("en") == ("the result of 'd' is 2, which is not of its declared type "
                            "string; as in DMN, the result is null")
    assert d.text("da") == ("resultatet af 'd' er 2, som ikke er af den angivne type string; "
                            "som i DMN er resultatet null")
    record = result.to_json()["decisions"][0]
    assert record["output"] is None
    assert [w["code"] for w in record["warnings"]] == ["RESULT-NOT-CONFORMING"]


def test_the_expression_type_is_conformed_to_first(tmp_path: Path) -> None:
    """literal_005/006: the literal expression's own typeRef, then the variable's."""
    pack = _model(tmp_path, _literal("a", "number", "[10]", own="number")
                  + _literal("b", "number", "[&quot;foo&quot;]", own="number")
                  + _literal("c", "tNumberList", "10", own="number"))
    assert pack.evaluate({}, trace=False).values == {"a": Decimal(10), "b": None,
                                                     "c": [Decimal(10)]}


BKM = '''
  <businessKnowledgeModel id="older" name="older">
    <variable name="older"/>
    <encapsulatedLogic>
      <formalParameter name="person" typeRef="tPerson"/>
      <literalExpression typeRef="tPerson">
        <text>{name: person.name, age: person.age + 1}</text>
      </literalExpression>
    </encapsulatedLogic>
  </businessKnowledgeModel>
  <businessKnowledgeModel id="wrap" name="wrap">
    <variable name="wrap"/>
    <encapsulatedLogic>
      <formalParameter name="x"/>
      <literalExpression typeRef="number"><text>[x]</text></literalExpression>
    </encapsulatedLogic>
  </businessKnowledgeModel>
'''


def _calls(name: str, bkm: str, text: str) -> str:
    return (f'  <decision id="{name}" name="{name}">\n    <variable name="{name}"/>\n'
            f'    <knowledgeRequirement><requiredKnowledge href="#{bkm}"/></knowledgeRequirement>\n'
            f'    <literalExpression><text>{text}</text></literalExpression>\n  </decision>\n')


def test_arguments_and_results_of_a_knowledge_model_are_conformed(tmp_path: Path) -> None:
    pack = _model(tmp_path, BKM
                  + _calls("ok", "older", "older({name: &quot;Ann&quot;, age: 40}).age")
                  + _calls("bad_argument", "older", "older({name: &quot;Ann&quot;})")
                  + _calls("unwrapped", "wrap", "wrap(10)")
                  + _calls("not_a_number", "wrap", "wrap(&quot;foo&quot;)"))
    values = pack.evaluate({}, trace=False).values
    assert values == {"ok": Decimal(41), "bad_argument": None, "unwrapped": Decimal(10),
                      "not_a_number": None}
    assert _codes(pack, "bad_argument") == ["FEEL-BAD-ARGUMENTS"]
    warning = pack.evaluate({}, decisions=["bad_argument"], trace=False).warnings[0]
    assert "the argument 'person' is {name: \"Ann\"}, which is not of its type tPerson" \
        in warning.diagnostic.text("en")
    assert "argumentet 'person' er {name: \"Ann\"}, som ikke er af typen tPerson" \
        in warning.diagnostic.text("da")


def test_an_invocation_binding_is_conformed_to_the_parameter(tmp_path: Path) -> None:
    """invoke_001: an invocation that binds a context without 'age' to a tPerson."""
    invocation = '''
  <decision id="invoked" name="invoked">
    <variable name="invoked"/>
    <knowledgeRequirement><requiredKnowledge href="#older"/></knowledgeRequirement>
    <invocation>
      <literalExpression><text>older</text></literalExpression>
      <binding><parameter name="person"/>
        <literalExpression><text>{name: "Ann"}</text></literalExpression></binding>
    </invocation>
  </decision>
'''
    pack = _model(tmp_path, BKM + invocation)
    assert pack.evaluate({}, trace=False).values == {"invoked": None}


# expression, result: the model's item definitions after instance of
INSTANCE = [
    ("[1, 2] instance of tNumberList", True),
    ('[1, "2"] instance of tNumberList', False),
    ('{name: "Ann", age: 3} instance of tPerson', True),
    ('{name: "Ann"} instance of tPerson', False),
    ("(function(n) n) instance of tRule", True),
    ("(function(a, b) a) instance of tRule", False),
    ("[{name: &quot;A&quot;, age: 1}] instance of list&lt;tPerson&gt;", True),
]


@pytest.mark.parametrize(("text", "expected"), INSTANCE, ids=[t for t, _ in INSTANCE])
def test_instance_of_an_item_definition(tmp_path: Path, text: str, expected: bool) -> None:
    pack = _model(tmp_path, _literal("d", "boolean", text.replace('"', "&quot;")))
    assert pack.evaluate({}, trace=False).values["d"] is expected


def test_an_item_definition_may_be_used_before_it_is_defined(tmp_path: Path) -> None:
    body = '''
  <itemDefinition name="tRules" isCollection="true"><typeRef>tLater</typeRef></itemDefinition>
  <itemDefinition name="tLater"><typeRef>string</typeRef></itemDefinition>
''' + _literal("d", "boolean", '["a"] instance of tRules') \
        + _literal("e", "tRules", "&quot;b&quot;")
    pack = _model(tmp_path, body.replace('["a"]', "[&quot;a&quot;]"))
    assert pack.evaluate({}, trace=False).values == {"d": True, "e": ["b"]}


COLLECT = '''
  <inputData id="i_score" name="Score"><variable name="Score" typeRef="number"/></inputData>
  <decision id="levels" name="levels">
    <variable name="levels" typeRef="string"/>
    <informationRequirement><requiredInput href="#i_score"/></informationRequirement>
    <decisionTable hitPolicy="{policy}"{aggregation}>
      <input><inputExpression typeRef="number"><text>Score</text></inputExpression></input>
      <output typeRef="string"/>
      <rule><inputEntry><text>&gt; 0</text></inputEntry>
        <outputEntry><text>"low"</text></outputEntry></rule>
      <rule><inputEntry><text>&gt; 50</text></inputEntry>
        <outputEntry><text>"high"</text></outputEntry></rule>
    </decisionTable>
  </decision>
'''


@pytest.mark.parametrize(("policy", "aggregation", "expected"), [
    ("RULE ORDER", "", ["low", "high"]),
    ("COLLECT", ' aggregation="COUNT"', Decimal(2)),
    ("FIRST", "", "low"),
])
def test_a_table_declared_with_its_outputs_type(tmp_path: Path, policy: str, aggregation: str,
                                                expected: Any) -> None:
    """Editors (and regel's own export) declare a collecting table's decision with the
    type of one output: its result is the list of them, and a count is a number."""
    pack = _model(tmp_path, COLLECT.replace("{policy}", policy)
                  .replace("{aggregation}", aggregation))
    result = pack.evaluate({"Score": Decimal(60)}, trace=False)
    assert result.values["levels"] == expected
    assert result.warnings == []


def test_a_yaml_pack_declares_no_feel_types() -> None:
    pack = load_pack("examples/packs/library-fees")
    assert all(d.result_types == () and d.parameter_types == ()
               for d in pack.decisions.values())
    assert all(i.feel_type is None for i in pack.inputs.values())


INPUTS = '''
  <inputData id="i_person" name="Person"><variable name="Person" typeRef="tPerson"/></inputData>
  <inputData id="i_labels" name="Labels"><variable name="Labels" typeRef="tLabels"/></inputData>
  <inputData id="i_name" name="Name"><variable name="Name" typeRef="string"/></inputData>
  <decision id="echo" name="echo">
    <variable name="echo"/>
    <informationRequirement><requiredInput href="#i_person"/></informationRequirement>
    <informationRequirement><requiredInput href="#i_labels"/></informationRequirement>
    <informationRequirement><requiredInput href="#i_name"/></informationRequirement>
    <literalExpression><text>[Person, Labels, Name]</text></literalExpression>
  </decision>
'''


# facts, echo's value (Person, Labels, Name), the warnings' keys
FACTS = [
    ({"Person": {"name": "Ann", "age": 3}, "Labels": ["a"], "Name": "x"},
     [{"name": "Ann", "age": Decimal(3)}, ["a"], "x"], []),
    ({"Labels": "a", "Name": ["x"]}, [None, ["a"], "x"], []),       # singleton conversions
    ({"Person": {"name": "Ann"}}, [None, None, None], ["INPUT-NOT-CONFORMING/type"]),
    ({"Person": {"name": "Ann", "age": "3"}}, [None, None, None],
     ["INPUT-NOT-CONFORMING/type"]),
]


@pytest.mark.parametrize(("facts", "expected", "keys"), FACTS,
                         ids=[str(i) for i in range(len(FACTS))])
def test_an_input_is_conformed_to_its_type(tmp_path: Path, facts: dict[str, Any],
                                           expected: list[Any], keys: list[str]) -> None:
    pack = _model(tmp_path, INPUTS)
    result = pack.evaluate(facts, trace=False)
    assert result.values["echo"] == expected
    assert [w.diagnostic.key for w in result.warnings
            if w.diagnostic.code != "INPUT-MISSING"] == keys


def test_an_input_that_does_not_conform_in_words(tmp_path: Path) -> None:
    pack = _model(tmp_path, INPUTS)
    facts = {"Person": {"name": "Ann"}, "Labels": [], "Name": "x"}
    (warning,) = pack.evaluate(facts, trace=False).warnings
    assert warning.diagnostic.text("en") == (
        "'Person' is {name: \"Ann\"}, which is not of its type tPerson; as in DMN, 'Person' "
        "is null")
    assert warning.diagnostic.text("da") == (
        "'Person' er {name: \"Ann\"}, som ikke er af typen tPerson; som i DMN er 'Person' "
        "null")


def test_a_pack_that_stops_refuses_an_input_that_does_not_conform(tmp_path: Path) -> None:
    meta = ('  <extensionElements><regel:meta xmlns:regel="https://regel.dev/dmn/extension/1">'
            '{"failed_decisions": "stop"}</regel:meta></extensionElements>\n')
    pack = _model(tmp_path, meta + INPUTS)
    assert pack.failed_decisions == "stop"
    with pytest.raises(CaseError) as err:
        pack.evaluate({"Person": {"name": "Ann"}}, trace=False)
    (problem,) = err.value.diagnostics
    assert (problem.code, problem.key) == ("CASE-TYPE", "CASE-TYPE/not-conforming")
    assert problem.text("en") == 'Person must be of the type tPerson, not {name: "Ann"}'
    assert problem.text("da") == 'Person skal være af typen tPerson, ikke {name: "Ann"}'
