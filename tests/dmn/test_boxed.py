"""DMN boxed expressions and decision services (issue 15): each boxed expression is read
as the FEEL it means (DMN 1.5, chapter 7 and 10.3.2), a table inside one is called with
the names in scope, and a decision service is a function of its input data and input
decisions that evaluates its output decisions (DMN 1.5, 6.3.x; the TCK's 0085)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from regel import EvaluationError, PackError, load_dmn
from regel.dmn.writer import write_dmn

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="m" '
        'name="Boxed" namespace="https://example.org/boxed">\n')


def _lit(text: str) -> str:
    return f"<literalExpression><text>{text}</text></literalExpression>"


def _entry(name: str | None, body: str) -> str:
    var = f'<variable name="{name}"/>' if name is not None else ""
    return f"<contextEntry>{var}{body}</contextEntry>"


def _model(tmp_path: Path, body: str, name: str = "model.dmn") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + body + "\n</definitions>\n", encoding="utf-8")
    return path


def _decision(logic: str, name: str = "D", extra: str = "") -> str:
    return f'<decision id="d_{len(logic)}" name="{name}">{extra}{logic}</decision>'


TABLE = ('<decisionTable hitPolicy="UNIQUE">'
         '<input><inputExpression><text>x</text></inputExpression></input>'
         '<output name="size"/>'
         '<rule><inputEntry><text>&lt; 10</text></inputEntry>'
         '<outputEntry><text>"small " + label</text></outputEntry></rule>'
         '<rule><inputEntry><text>&gt;= 10</text></inputEntry>'
         '<outputEntry><text>"large " + label</text></outputEntry></rule>'
         '</decisionTable>')

CASES: list[tuple[str, str, Any]] = [
    ("context with a result: later entries see earlier ones",
     "<context>" + _entry("a", _lit("2")) + _entry("b", _lit("a * 3")) +
     _entry(None, _lit("a + b")) + "</context>", Decimal(8)),
    ("context without a result is the context",
     "<context>" + _entry("a", _lit("1")) + _entry("a b", _lit("a + 1")) + "</context>",
     {"a": Decimal(1), "a b": Decimal(2)}),
    ("nested context",
     "<context>" + _entry("outer", "<context>" + _entry("inner", _lit("5")) +
                          "</context>") + _entry(None, _lit("outer.inner")) + "</context>",
     Decimal(5)),
    ("relation: a list of contexts, one per row",
     '<relation><column name="name"/><column name="rate"/>'
     "<row>" + _lit('"low"') + _lit("0.1") + "</row>"
     "<row>" + _lit('"high"') + _lit("0.2") + "</row></relation>",
     [{"name": "low", "rate": Decimal("0.1")}, {"name": "high", "rate": Decimal("0.2")}]),
    ("boxed list", "<list>" + _lit("1") + _lit('"a"') + _lit("null") + "</list>",
     [Decimal(1), "a", None]),
    ("function definition in a context, called by a later entry",
     "<context>" + _entry("twice", '<functionDefinition><formalParameter name="n"/>' +
                          _lit("n * 2") + "</functionDefinition>") +
     _entry(None, _lit("twice(21)")) + "</context>", Decimal(42)),
    ("invocation with a boxed binding",
     "<context>" + _entry("add", '<functionDefinition><formalParameter name="a"/>'
                                 '<formalParameter name="b"/>' +
                          _lit("count(a) * 10 + count(b)") + "</functionDefinition>") +
     _entry(None, "<invocation>" + _lit("add") +
            '<binding><parameter name="b"/><list>' + _lit("1") + "</list></binding>"
            '<binding><parameter name="a"/><list>' + _lit("2") + _lit("3") + "</list>"
            "</binding></invocation>") + "</context>", Decimal(21)),
    ("conditional", "<conditional><if>" + _lit("1 &lt; 2") + "</if><then>" + _lit('"yes"') +
     "</then><else>" + _lit('"no"') + "</else></conditional>", "yes"),
    ("conditional on null takes else", "<conditional><if>" + _lit("null") + "</if><then>" +
     _lit('"yes"') + "</then><else>" + _lit('"no"') + "</else></conditional>", "no"),
    ("conditional on a non-boolean is null",
     "<conditional><if>" + _lit('"true"') + "</if><then>" + _lit('"yes"') +
     "</then><else>" + _lit('"no"') + "</else></conditional>", None),
    ("filter", "<filter><in>" + _lit("[1, 5, 10]") + "</in><match>" + _lit("item &gt; 2") +
     "</match></filter>", [Decimal(5), Decimal(10)]),
    ("filter on a context's field", "<filter><in>" + _lit("[{a: 1}, {a: 3}]") +
     "</in><match>" + _lit("a &gt; 2") + "</match></filter>", [{"a": Decimal(3)}]),
    ("filter with a non-boolean match is null", "<filter><in>" + _lit("[1, 2]") +
     "</in><match>" + _lit("if item = 1 then true else 7") + "</match></filter>", None),
    ("for", '<for iteratorVariable="n"><in>' + _lit("[1, 2]") + "</in><return>" +
     _lit("n * 10") + "</return></for>", [Decimal(10), Decimal(20)]),
    ("some", '<some iteratorVariable="n"><in>' + _lit("[1, 2]") + "</in><satisfies>" +
     _lit("n = 2") + "</satisfies></some>", True),
    ("every", '<every iteratorVariable="n"><in>' + _lit("[1, 2]") + "</in><satisfies>" +
     _lit("n = 2") + "</satisfies></every>", False),
    ("every over nothing is true", '<every iteratorVariable="n"><in>' + _lit("[]") +
     "</in><satisfies>" + _lit("n = 2") + "</satisfies></every>", True),
    ("some with a non-boolean is null", '<some iteratorVariable="n"><in>' + _lit("[1]") +
     "</in><satisfies>" + _lit('"x"') + "</satisfies></some>", None),
    ("a table inside a context sees the entries before it",
     "<context>" + _entry("x", _lit("12")) + _entry("label", _lit('"box"')) +
     _entry("size", TABLE) + _entry(None, _lit("size")) + "</context>", "large box"),
]


@pytest.mark.parametrize(("why", "logic", "expected"), CASES, ids=[c[0] for c in CASES])
def test_boxed_expression(tmp_path: Path, why: str, logic: str, expected: Any) -> None:
    pack = load_dmn(_model(tmp_path, _decision(logic)), strict=True)
    assert pack.evaluate({}, trace=False).values["D"] == expected, why


def test_a_table_inside_a_function_reads_its_parameters(tmp_path: Path) -> None:
    fn = ('<functionDefinition><formalParameter name="x"/><formalParameter name="label"/>'
          + TABLE + "</functionDefinition>")
    logic = "<context>" + _entry("f", fn) + _entry(None, _lit('f(3, "cup")')) + "</context>"
    pack = load_dmn(_model(tmp_path, _decision(logic)), strict=True)
    assert pack.evaluate({}, trace=False).values["D"] == "small cup"


def test_a_table_inside_a_context_reads_what_the_decision_requires(tmp_path: Path) -> None:
    body = ('<inputData id="i_x" name="x"><variable name="x" typeRef="number"/></inputData>'
            + _decision("<context>" + _entry("label", _lit('"crate"')) +
                        _entry(None, TABLE) + "</context>",
                        extra='<informationRequirement><requiredInput href="#i_x"/>'
                              "</informationRequirement>"))
    pack = load_dmn(_model(tmp_path, body), strict=True)
    assert pack.evaluate({"x": 40}, trace=False).values["D"] == "large crate"


SERVICE = """
  <inputData id="i_a" name="a"><variable name="a" typeRef="string"/></inputData>
  <decision id="d_in" name="given"><variable name="given" typeRef="string"/>
    <literalExpression><text>"from the model"</text></literalExpression></decision>
  <decision id="d_out" name="joined">
    <informationRequirement><requiredInput href="#i_a"/></informationRequirement>
    <informationRequirement><requiredDecision href="#d_in"/></informationRequirement>
    <literalExpression><text>a + " " + given</text></literalExpression></decision>
  <decision id="d_len" name="length">
    <informationRequirement><requiredDecision href="#d_out"/></informationRequirement>
    <literalExpression><text>string length(joined)</text></literalExpression></decision>
  <decisionService id="s_one" name="join">
    <variable name="join"/>
    <outputDecision href="#d_out"/>
    <inputDecision href="#d_in"/>
    <inputData href="#i_a"/>
  </decisionService>
  <decisionService id="s_two" name="both">
    <variable name="both"/>
    <outputDecision href="#d_out"/>
    <outputDecision href="#d_len"/>
    <inputDecision href="#d_in"/>
    <inputData href="#i_a"/>
  </decisionService>
  <decision id="d_call" name="call">
    <knowledgeRequirement><requiredKnowledge href="#s_one"/></knowledgeRequirement>
    <knowledgeRequirement><requiredKnowledge href="#s_two"/></knowledgeRequirement>
    <literalExpression><text>[join("x", "y"), join(given: "q", a: "p"), both("ab", "c"),
      join(1, "y"), join("x")]</text></literalExpression></decision>
"""


def test_a_service_is_a_function_of_its_input_data_then_its_input_decisions(
        tmp_path: Path) -> None:
    pack = load_dmn(_model(tmp_path, SERVICE), strict=True)
    value = pack.evaluate({}, decisions=["call"], trace=False).values["call"]
    assert value == ["x y", "p q",
                     {"joined": "ab c", "length": Decimal(4)},   # several outputs: a context
                     None,                                       # 1 is no string
                     None]                                       # one argument of two


def test_evaluate_service_by_name(tmp_path: Path) -> None:
    pack = load_dmn(_model(tmp_path, SERVICE), strict=True)
    assert pack.evaluate_service("both", {"a": "1", "given": "2"}).values == {
        "joined": "1 2", "length": Decimal(3)}
    # an input decision given as a list of one item is that item (DMN's coercion)
    assert pack.evaluate_service("join", {"a": "1", "given": ["2"]}).values == {
        "joined": "1 2"}
    wrong = pack.evaluate_service("join", {"a": 1, "given": "2"})
    assert wrong.values == {"joined": None}
    assert [w.diagnostic.code for w in wrong.warnings] == ["FEEL-BAD-ARGUMENTS"]
    with pytest.raises(EvaluationError) as caught:
        pack.evaluate_service("joined", {})
    assert caught.value.first.code == "UNKNOWN-DECISION"


def test_a_service_is_no_answer_by_itself(tmp_path: Path) -> None:
    pack = load_dmn(_model(tmp_path, SERVICE), strict=True)
    assert set(pack.evaluate({"a": "z"}, trace=False).values) == {
        "given", "joined", "length", "call"}


def test_a_decision_without_logic_that_a_service_takes_loads_with_a_warning(
        tmp_path: Path) -> None:
    body = SERVICE.replace('<literalExpression><text>"from the model"</text>'
                           "</literalExpression>", "")
    pack = load_dmn(_model(tmp_path, body), strict=True)
    assert [w.code for w in pack.warnings] == ["DMN-NO-LOGIC"]
    assert pack.evaluate_service("join", {"a": "1", "given": "2"}).values == {
        "joined": "1 2"}
    body = body.replace('<inputDecision href="#d_in"/>', "")
    with pytest.raises(PackError) as caught:
        load_dmn(_model(tmp_path, body), strict=True)
    assert caught.value.first.code == "DMN-NO-LOGIC"


def test_export_writes_a_boxed_context_as_the_feel_it_became(tmp_path: Path) -> None:
    logic = ("<context>" + _entry("a", _lit("2")) + _entry(None, _lit("a * 3")) +
             "</context>")
    pack = load_dmn(_model(tmp_path, _decision(logic)), strict=True)
    again = tmp_path / "again.dmn"
    again.write_bytes(write_dmn(pack))
    assert load_dmn(again, strict=True).evaluate({}, trace=False).values["D"] == Decimal(6)


def test_export_refuses_a_table_inside_a_boxed_expression_with_its_place(
        tmp_path: Path) -> None:
    logic = ("<context>" + _entry("x", _lit("1")) + _entry("label", _lit('"a"')) +
             _entry(None, TABLE) + "</context>")
    path = _model(tmp_path, _decision(logic))
    with pytest.raises(PackError) as caught:
        write_dmn(load_dmn(path, strict=True))
    first = caught.value.first
    assert (first.code, first.file, first.line) == ("EXPORT-INNER-TABLE", str(path), 3)
    assert "'D' was read from a DMN boxed expression with a decision table" in first.message


IMPORTED = """\
<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="lib" name="Library"
             namespace="https://example.org/library">
  <itemDefinition name="tPerson">
    <itemComponent name="name"><typeRef>string</typeRef></itemComponent>
  </itemDefinition>
  <businessKnowledgeModel id="b_hello" name="Say Hello">
    <encapsulatedLogic><formalParameter name="Person" typeRef="tPerson"/>
      <literalExpression><text>"Hello " + Person.name</text></literalExpression>
    </encapsulatedLogic>
  </businessKnowledgeModel>
  <decision id="d_shout" name="Shout">
    <knowledgeRequirement><requiredKnowledge href="#b_hello"/></knowledgeRequirement>
    <literalExpression><text>upper case(Say Hello({name: "x"}))</text></literalExpression>
  </decision>
</definitions>
"""

IMPORTING = """
  <import namespace="https://example.org/library" name="lib"
          importType="https://www.omg.org/spec/DMN/20230324/MODEL/"/>
  <inputData id="i_p" name="A Person"><variable name="A Person" typeRef="lib.tPerson"/>
  </inputData>
  <decision id="d" name="Greeting">
    <informationRequirement><requiredInput href="#i_p"/></informationRequirement>
    <knowledgeRequirement>
      <requiredKnowledge href="https://example.org/library#b_hello"/></knowledgeRequirement>
    <informationRequirement>
      <requiredDecision href="https://example.org/library#d_shout"/></informationRequirement>
    <literalExpression><text>lib.Say Hello(A Person) + ", " + lib.Shout</text>
    </literalExpression>
  </decision>
"""


def test_an_imported_model_is_read_through_the_import_name(tmp_path: Path) -> None:
    """DMN 1.5, 6.3.3: the imported elements are named by the import's name; the model
    is found beside the importing one by its namespace (no locationURI here)."""
    (tmp_path / "library.dmn").write_text(IMPORTED, encoding="utf-8")
    pack = load_dmn(_model(tmp_path, IMPORTING), strict=True)
    assert pack.inputs["A Person"].type == "context"      # lib.tPerson
    value = pack.evaluate({"A Person": {"name": "Ann"}}, decisions=["Greeting"],
                          trace=False).values["Greeting"]
    assert value == "Hello Ann, HELLO X"


def test_an_import_that_is_missing_breaks_what_needs_it(tmp_path: Path) -> None:
    path = _model(tmp_path, IMPORTING + _decision(_lit("1"), name="Other"))
    pack = load_dmn(path)
    assert pack.evaluate({}, decisions=["Other"], trace=False).values == {"Other": Decimal(1)}
    assert "Greeting" in pack.broken
    with pytest.raises(PackError) as caught:
        load_dmn(path, strict=True)
    first = caught.value.first
    assert (first.code, first.line, first.column) == ("DMN-IMPORT", 4, 3)
    assert "'lib' (namespace https://example.org/library) is not in this model's folder" \
        in first.message


def _external(kind: str, mapping: str) -> str:
    fn = (f'<functionDefinition kind="{kind}"><formalParameter name="a"/>'
          f'<formalParameter name="b"/><context>{mapping}</context></functionDefinition>')
    return "<context>" + _entry("f", fn) + _entry(None, _lit("f(2, 3)")) + "</context>"


def test_a_java_function_definition_runs_the_java_lang_stand_in(tmp_path: Path) -> None:
    logic = _external("Java", _entry("class", _lit('"java.lang.Math"')) +
                      _entry("method signature", _lit('"max(int, int)"')))
    pack = load_dmn(_model(tmp_path, _decision(logic)), strict=True)
    assert pack.evaluate({}, trace=False).values["D"] == Decimal(3)


def test_a_pmml_function_definition_loads_and_is_an_error_where_it_is_called(
        tmp_path: Path) -> None:
    logic = _external("PMML", _entry("document", _lit('"risk.pmml"')) +
                      _entry("model", _lit('"score"')))
    pack = load_dmn(_model(tmp_path, _decision(logic)), strict=True)   # loads: no error yet
    result = pack.evaluate({}, trace=False)        # as in DMN: the decision is null ...
    assert result.values["D"] is None
    (failed,) = result.warnings                     # ... with the error, named by decision
    assert (failed.diagnostic.code, failed.decision) == ("DECISION-FAILED", "D")
    assert failed.diagnostic.values["error_code"] == "FEEL-PMML"
    assert "risk.pmml" in str(failed.diagnostic.values["error"])


def _definitions(name: str, space: str, body: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<definitions xmlns="https://www.omg.org/'
            f'spec/DMN/20230324/MODEL/" id="{name}" name="{name}" namespace="{space}">\n'
            f"{body}</definitions>\n")


def test_a_model_imported_along_two_paths_keeps_where_its_inputs_come_from(
        tmp_path: Path) -> None:
    """C imports B and B2, each imports A (the TCK's 0089): A's input is read once along
    each path, and each copy knows its namespace and name in A (InputData.origin), so a
    case that gives A's input by A's namespace gives both."""
    a, b, b2 = "https://example.org/a", "https://example.org/b", "https://example.org/b2"
    (tmp_path / "a.dmn").write_text(_definitions("A", a, (
        '<inputData id="i" name="Person name"><variable name="Person name"/></inputData>'
        '<decision id="g" name="Greet"><informationRequirement><requiredInput href="#i"/>'
        '</informationRequirement>' + _lit('"Hello, " + Person name') + "</decision>")),
        encoding="utf-8")
    for path, space, dname in (("b.dmn", b, "Say"), ("b2.dmn", b2, "Say2")):
        (tmp_path / path).write_text(_definitions(dname, space, (
            f'<import namespace="{a}" name="modelA" locationURI="a.dmn" '
            'importType="https://www.omg.org/spec/DMN/20230324/MODEL/"/>'
            f'<decision id="s" name="{dname}"><informationRequirement><requiredDecision '
            f'href="{a}#g"/></informationRequirement>' + _lit('"B: " + modelA.Greet') +
            "</decision>")), encoding="utf-8")
    c = _definitions("C", "https://example.org/c", (
        f'<import namespace="{b}" name="Model B" locationURI="b.dmn" '
        'importType="https://www.omg.org/spec/DMN/20230324/MODEL/"/>'
        f'<import namespace="{b2}" name="Model B2" locationURI="b2.dmn" '
        'importType="https://www.omg.org/spec/DMN/20230324/MODEL/"/>'
        '<decision id="c" name="Both"><informationRequirement><requiredDecision '
        f'href="{b}#s"/></informationRequirement><informationRequirement><requiredDecision '
        f'href="{b2}#s"/></informationRequirement>'
        + _lit('Model B.Say + "; " + Model B2.Say2') + "</decision>"))
    (tmp_path / "c.dmn").write_text(c, encoding="utf-8")
    pack = load_dmn(tmp_path / "c.dmn", strict=True)
    copies = sorted(i for i, data in pack.inputs.items() if data.origin == (a, "Person name"))
    assert len(copies) == 2
    value = pack.evaluate(dict.fromkeys(copies, "Ann"), decisions=["Both"],
                          trace=False).values["Both"]
    assert value == "B: Hello, Ann; B: Hello, Ann"
