"""DMN files in the shape real editors write them (issue 14, part 3): Trisotech (DMN 1.3,
``triso:`` attributes, input and output values as ranges), KIE/Kogito (DMN 1.2 and 1.4,
prefixed elements, ``kie:`` extensions, DMNDI, a requirement listed twice) and Signavio
(DMN 1.1, ``signavio:`` extension elements, its own FEEL functions and multi-instance
decisions). The models are small ones written here; each expected value is worked out
by hand from DMN's semantics."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from regel import CaseError, PackError, load_dmn, load_pack
from regel.cli import main
from tests.packbuilder import write_pack

# --------------------------------------------------------------------------- Trisotech

TRISOTECH = """\
<?xml version="1.0" encoding="UTF-8"?>
<semantic:definitions xmlns:semantic="https://www.omg.org/spec/DMN/20191111/MODEL/"
    xmlns:triso="http://www.trisotech.com/2015/triso/modeling"
    xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/"
    xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/"
    xmlns:feel="https://www.omg.org/spec/DMN/20191111/FEEL/"
    xmlns:trisodmn="http://www.trisotech.com/2016/triso/dmn"
    id="_tri" name="Risk" namespace="http://www.trisotech.com/definitions/_tri"
    exporter="DMN Modeler" exporterVersion="6.2.4" triso:logoChoice="Default">
  <semantic:itemDefinition name="tAge" label="tAge">
    <semantic:typeRef>number</semantic:typeRef>
    <semantic:allowedValues triso:constraintsType="simple">
      <semantic:text>[18..120]</semantic:text>
    </semantic:allowedValues>
  </semantic:itemDefinition>
  <semantic:itemDefinition name="tFlags" label="tFlags" isCollection="true">
    <semantic:typeRef>string</semantic:typeRef>
    <semantic:allowedValues triso:constraintsType="simple">
      <semantic:text>"smoker","diabetic"</semantic:text>
    </semantic:allowedValues>
  </semantic:itemDefinition>
  <semantic:inputData id="_age" name="Age" triso:displayName="Age">
    <semantic:variable id="_age_v" name="Age" typeRef="number"/>
  </semantic:inputData>
  <semantic:inputData id="_flags" name="Flags">
    <semantic:variable id="_flags_v" name="Flags" typeRef="tFlags"/>
  </semantic:inputData>
  <semantic:decision id="_score" name="Risk score" triso:displayName="Risk score">
    <semantic:variable id="_score_v" name="Risk score" typeRef="number"/>
    <semantic:informationRequirement id="_r1">
      <semantic:requiredInput href="#_age"/>
    </semantic:informationRequirement>
    <semantic:decisionTable id="_dt" hitPolicy="UNIQUE" outputLabel="Risk score"
        typeRef="number" triso:descriptionVisibilityType="Hidden">
      <semantic:input id="_in" label="Age">
        <semantic:inputExpression typeRef="number"><semantic:text>Age</semantic:text>
        </semantic:inputExpression>
        <semantic:inputValues triso:constraintsType="simple">
          <semantic:text>[18..120]</semantic:text>
        </semantic:inputValues>
      </semantic:input>
      <semantic:output id="_out" typeRef="number">
        <semantic:outputValues triso:constraintsType="simple">
          <semantic:text>[0..100]</semantic:text>
        </semantic:outputValues>
      </semantic:output>
      <semantic:rule id="_rule1">
        <semantic:inputEntry><semantic:text>[18..25)</semantic:text></semantic:inputEntry>
        <semantic:outputEntry><semantic:text>80</semantic:text></semantic:outputEntry>
      </semantic:rule>
      <semantic:rule id="_rule2">
        <semantic:inputEntry><semantic:text>[25..65)</semantic:text></semantic:inputEntry>
        <semantic:outputEntry><semantic:text>40</semantic:text></semantic:outputEntry>
      </semantic:rule>
      <semantic:rule id="_rule3">
        <semantic:inputEntry><semantic:text>[65..100)</semantic:text></semantic:inputEntry>
        <semantic:outputEntry><semantic:text>60</semantic:text></semantic:outputEntry>
      </semantic:rule>
      <semantic:rule id="_rule4">
        <semantic:inputEntry><semantic:text>[100..120]</semantic:text></semantic:inputEntry>
        <semantic:outputEntry><semantic:text>Age</semantic:text></semantic:outputEntry>
      </semantic:rule>
    </semantic:decisionTable>
  </semantic:decision>
  <semantic:decision id="_nflags" name="Flag count">
    <semantic:variable id="_nflags_v" name="Flag count" typeRef="number"/>
    <semantic:informationRequirement id="_r2">
      <semantic:requiredInput href="#_flags"/>
    </semantic:informationRequirement>
    <semantic:literalExpression><semantic:text>count(Flags)</semantic:text>
    </semantic:literalExpression>
  </semantic:decision>
  <dmndi:DMNDI>
    <dmndi:DMNDiagram id="_d1" triso:modelElementRef="_tri">
      <dmndi:DMNShape id="_s1" dmnElementRef="_score">
        <dc:Bounds x="100" y="100" width="150" height="60"/>
      </dmndi:DMNShape>
    </dmndi:DMNDiagram>
  </dmndi:DMNDI>
</semantic:definitions>
"""


@pytest.fixture()
def trisotech(tmp_path: Path) -> Path:
    path = tmp_path / "risk.dmn"
    path.write_text(TRISOTECH, encoding="utf-8")
    return path


def test_trisotech_ranges_as_input_and_output_values_load(trisotech: Path) -> None:
    pack = load_dmn(trisotech, strict=True)
    table = pack.decisions["Risk score"].versions[0].logic
    [column] = table.inputs                                  # type: ignore[union-attr]
    [output] = table.outputs                                 # type: ignore[union-attr]
    assert (column.allowed_values, column.allowed.text) == (None, "[18..120]")  # type: ignore[union-attr]
    assert (output.allowed_values, output.allowed.text) == (None, "[0..100]")   # type: ignore[union-attr]


@pytest.mark.parametrize(("age", "score"), [
    (18, 80), (24, 80), (25, 40), (64, 40), (65, 60), (99, 60), (100, 100)])
def test_trisotech_model_evaluates(trisotech: Path, age: int, score: int) -> None:
    pack = load_dmn(trisotech)
    result = pack.evaluate({"Age": Decimal(age), "Flags": []}, trace=False)
    assert result.values == {"Risk score": Decimal(score), "Flag count": 0}
    assert result.warnings == []


def test_an_output_outside_its_output_range_is_kept_with_a_warning(trisotech: Path) -> None:
    """As for a value outside a list of output values: the rule's value, and a warning."""
    pack = load_dmn(trisotech)
    result = pack.evaluate({"Age": Decimal(110), "Flags": []}, ["Risk score"], trace=False)
    assert result.values == {"Risk score": Decimal(110)}
    [w] = result.warnings
    assert (w.code, w.decision, w.rule) == ("OUTPUT-NOT-ALLOWED", "Risk score", "R4")
    assert w.text("en") == ("rule R4 gives 110 for 'Risk score', which is outside its "
                            "allowed values [0..100]")


@pytest.mark.parametrize(("flags", "count", "warning"), [
    (["smoker", "diabetic"], 2, None),
    ([], 0, None),
    (["smoker", "vegan"], None,
     "item 2 of 'Flags' is the text 'vegan', which is not one of its allowed values "
     "(smoker, diabetic); as in DMN, 'Flags' is null"),
])
def test_a_collection_item_outside_its_item_type_makes_the_input_null(
        trisotech: Path, flags: list[str], count: int | None, warning: str | None) -> None:
    pack = load_dmn(trisotech)
    result = pack.evaluate({"Age": Decimal(30), "Flags": flags}, ["Flag count"], trace=False)
    assert result.values == {"Flag count": count}
    assert [w.text("en") for w in result.warnings] == ([warning] if warning else [])


# --------------------------------------------------------------------------- KIE / Kogito

KIE = """\
<?xml version="1.0" encoding="UTF-8"?>
<dmn:definitions xmlns:dmn="{ns}"
    xmlns="https://kiegroup.org/dmn/_5E1C"
    xmlns:feel="{feel}" xmlns:kie="{kie}"
    xmlns:dmndi="{di}" xmlns:di="http://www.omg.org/spec/DMN/20180521/DI/"
    xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/"
    id="_5E1C" name="Loan" typeLanguage="{feel}" namespace="https://kiegroup.org/dmn/_5E1C">
  <dmn:extensionElements/>
  <dmn:inputData id="_I1" name="Monthly income">
    <dmn:extensionElements/>
    <dmn:variable id="_I1V" name="Monthly income" typeRef="number"/>
  </dmn:inputData>
  <dmn:inputData id="_I2" name="Monthly rent">
    <dmn:extensionElements/>
    <dmn:variable id="_I2V" name="Monthly rent" typeRef="number"/>
  </dmn:inputData>
  <dmn:decision id="_D1" name="Disposable">
    <dmn:extensionElements/>
    <dmn:variable id="_D1V" name="Disposable" typeRef="number"/>
    <dmn:informationRequirement id="_IR1"><dmn:requiredInput href="#_I1"/>
    </dmn:informationRequirement>
    <dmn:informationRequirement id="_IR2"><dmn:requiredInput href="#_I2"/>
    </dmn:informationRequirement>
    <dmn:literalExpression id="_LE1">
      <dmn:text>Monthly income - Monthly rent</dmn:text>
    </dmn:literalExpression>
  </dmn:decision>
  <dmn:decision id="_D2" name="Approved">
    <dmn:extensionElements/>
    <dmn:variable id="_D2V" name="Approved" typeRef="boolean"/>
    <dmn:informationRequirement id="_IR3"><dmn:requiredDecision href="#_D1"/>
    </dmn:informationRequirement>
    <dmn:informationRequirement id="_IR4"><dmn:requiredDecision href="#_D1"/>
    </dmn:informationRequirement>
    <dmn:decisionTable id="_DT1" hitPolicy="FIRST" preferredOrientation="Rule-as-Row">
      <dmn:input id="_IN1">
        <dmn:inputExpression id="_IE1" typeRef="number"><dmn:text>Disposable</dmn:text>
        </dmn:inputExpression>
      </dmn:input>
      <dmn:output id="_OUT1"/>
      <dmn:annotation name="annotation-1"/>
      <dmn:rule id="_R1">
        <dmn:inputEntry id="_E1"><dmn:text>&gt;= 1000</dmn:text></dmn:inputEntry>
        <dmn:outputEntry id="_O1"><dmn:text>true</dmn:text></dmn:outputEntry>
        <dmn:annotationEntry><dmn:text/></dmn:annotationEntry>
      </dmn:rule>
      <dmn:rule id="_R2">
        <dmn:inputEntry id="_E2"><dmn:text>-</dmn:text></dmn:inputEntry>
        <dmn:outputEntry id="_O2"><dmn:text>false</dmn:text></dmn:outputEntry>
        <dmn:annotationEntry><dmn:text/></dmn:annotationEntry>
      </dmn:rule>
    </dmn:decisionTable>
  </dmn:decision>
  <dmndi:DMNDI>
    <dmndi:DMNDiagram id="_DG" name="DRG">
      <di:extension>
        <kie:ComponentsWidthsExtension>
          <kie:ComponentWidths dmnElementRef="_DT1"><kie:width>50</kie:width>
          </kie:ComponentWidths>
        </kie:ComponentsWidthsExtension>
      </di:extension>
      <dmndi:DMNShape id="dmnshape-_D2" dmnElementRef="_D2" isCollapsed="false">
        <dc:Bounds x="300" y="100" width="100" height="50"/>
      </dmndi:DMNShape>
    </dmndi:DMNDiagram>
  </dmndi:DMNDI>
</dmn:definitions>
"""

_KIE_VERSIONS = {
    "1.2": ("http://www.omg.org/spec/DMN/20180521/MODEL/",
            "http://www.omg.org/spec/DMN/20180521/FEEL/", "http://www.drools.org/kie/dmn/1.2",
            "http://www.omg.org/spec/DMN/20180521/DMNDI/"),
    "1.4": ("https://www.omg.org/spec/DMN/20211108/MODEL/",
            "https://www.omg.org/spec/DMN/20211108/FEEL/", "http://www.drools.org/kie/dmn/1.4",
            "https://www.omg.org/spec/DMN/20211108/DMNDI/"),
}


def _kie(tmp_path: Path, version: str) -> Path:
    ns, feel, kie, di = _KIE_VERSIONS[version]
    path = tmp_path / "loan.dmn"
    path.write_text(KIE.format(ns=ns, feel=feel, kie=kie, di=di), encoding="utf-8")
    return path


@pytest.mark.parametrize("version", sorted(_KIE_VERSIONS))
@pytest.mark.parametrize(("income", "rent", "disposable", "approved"), [
    (3000, 1500, 1500, True), (3000, 2000, 1000, True), (3000, 2500, 500, False)])
def test_kie_model_evaluates(tmp_path: Path, version: str, income: int, rent: int,
                             disposable: int, approved: bool) -> None:
    pack = load_dmn(_kie(tmp_path, version), strict=True)
    assert pack.decisions["Approved"].decisions == ("Disposable",)   # read once
    result = pack.evaluate({"Monthly income": Decimal(income), "Monthly rent": Decimal(rent)},
                           trace=False)
    assert result.values == {"Disposable": Decimal(disposable), "Approved": approved}


@pytest.mark.parametrize("version", sorted(_KIE_VERSIONS))
def test_a_requirement_listed_twice_is_a_located_warning(tmp_path: Path,
                                                         version: str) -> None:
    pack = load_dmn(_kie(tmp_path, version), strict=True)
    [w] = pack.warnings
    assert (w.code, w.severity, w.line, w.column) == ("DMN-DUPLICATE-REQUIREMENT", "warning",
                                                      33, 43)
    assert w.message == ("'Approved' lists the requirement <requiredDecision> of "
                         "'Disposable' twice; regel reads it once")


def test_regel_check_shows_the_warning_and_passes(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = _kie(tmp_path, "1.2")
    assert main(["check", str(path), "--no-analysis"]) == 0
    out = capsys.readouterr().out
    assert ":33:43: DMN-DUPLICATE-REQUIREMENT (warning): 'Approved' lists the requirement " \
           "<requiredDecision> of 'Disposable' twice" in out
    assert main(["check", str(path), "--no-analysis", "--strict"]) == 1  # warnings fail


@pytest.mark.parametrize("tag", ["requiredInput", "requiredKnowledge"])
def test_other_requirements_listed_twice_are_read_once(tmp_path: Path, tag: str) -> None:
    body = {
        "requiredInput": """
  <inputData id="i" name="x"><variable name="x" typeRef="number"/></inputData>
  <decision id="d" name="Twice">
    <informationRequirement><requiredInput href="#i"/></informationRequirement>
    <informationRequirement><requiredInput href="#i"/></informationRequirement>
    <literalExpression><text>x + 1</text></literalExpression>
  </decision>""",
        "requiredKnowledge": """
  <businessKnowledgeModel id="b" name="plus one">
    <encapsulatedLogic><formalParameter name="n" typeRef="number"/>
      <literalExpression><text>n + 1</text></literalExpression></encapsulatedLogic>
  </businessKnowledgeModel>
  <decision id="d" name="Twice">
    <knowledgeRequirement><requiredKnowledge href="#b"/></knowledgeRequirement>
    <knowledgeRequirement><requiredKnowledge href="#b"/></knowledgeRequirement>
    <literalExpression><text>plus one(1)</text></literalExpression>
  </decision>"""}[tag]
    path = tmp_path / "twice.dmn"
    path.write_text('<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" '
                    f'id="m" name="Twice" namespace="https://example.org/t">{body}\n'
                    '</definitions>\n', encoding="utf-8")
    pack = load_dmn(path, strict=True)
    assert [(w.code, w.values["tag"], w.line) for w in pack.warnings] == [
        ("DMN-DUPLICATE-REQUIREMENT", tag, 5 if tag == "requiredInput" else 8)]
    facts = {"x": Decimal(1)} if tag == "requiredInput" else {}
    assert pack.evaluate(facts, ["Twice"], trace=False).values == {"Twice": Decimal(2)}


# --------------------------------------------------------------------------- Signavio

SIGNAVIO = """\
<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/DMN/20151101/dmn.xsd"
    xmlns:feel="http://www.omg.org/spec/FEEL/20140401"
    xmlns:signavio="http://www.signavio.com/schema/dmn/1.1/"
    id="sid-defs" name="Membership" namespace="http://www.signavio.com/dmn/1.1/diagram/ab12.xml">
  <itemDefinition id="sid-tLevel" name="tLevel" isCollection="false">
    <typeRef>feel:string</typeRef>
    <allowedValues><text>"Gold","Silver"</text></allowedValues>
  </itemDefinition>
  <inputData id="sid-level" name="Level">
    <extensionElements><signavio:inputAttribute name="Level" type="tLevel"/>
    </extensionElements>
    <variable id="sid-level-v" name="Level" typeRef="tLevel"/>
  </inputData>
  <inputData id="sid-name" name="Name">
    <variable id="sid-name-v" name="Name" typeRef="feel:string"/>
  </inputData>
  <decision id="sid-discount" name="Discount">
    <extensionElements><signavio:diagramId>ab12</signavio:diagramId></extensionElements>
    <variable id="sid-discount-v" name="Discount" typeRef="feel:number"/>
    <informationRequirement><requiredInput href="#sid-level"/></informationRequirement>
    <decisionTable id="sid-dt" hitPolicy="UNIQUE">
      <input id="sid-in" label="Level">
        <inputExpression id="sid-ie" typeRef="feel:string"><text>Level</text></inputExpression>
        <inputValues><text>"Gold","Silver"</text></inputValues>
      </input>
      <output id="sid-out" name="Discount" typeRef="feel:number"/>
      <rule id="sid-r1">
        <inputEntry><text>"Gold"</text></inputEntry>
        <outputEntry><text>0.2</text></outputEntry>
      </rule>
      <rule id="sid-r2">
        <inputEntry><text>"Silver"</text></inputEntry>
        <outputEntry><text>0.1</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
  <decision id="sid-vip" name="VIP">
    <variable id="sid-vip-v" name="VIP" typeRef="feel:boolean"/>
    <informationRequirement><requiredInput href="#sid-name"/></informationRequirement>
    <literalExpression><text>startsWith(Name, "Dr")</text></literalExpression>
  </decision>
  <decision id="sid-each" name="Discounts">
    <extensionElements>
      <signavio:MultiInstanceDecisionLogic>
        <signavio:iterationExpression>Levels</signavio:iterationExpression>
        <signavio:iteratorShapeId>sid-level</signavio:iteratorShapeId>
        <signavio:aggregationFunction>COLLECT</signavio:aggregationFunction>
        <signavio:topLevelDecisionId>sid-discount</signavio:topLevelDecisionId>
      </signavio:MultiInstanceDecisionLogic>
    </extensionElements>
    <variable id="sid-each-v" name="Discounts" typeRef="feel:number"/>
    <informationRequirement><requiredDecision href="#sid-discount"/></informationRequirement>
    <literalExpression><text>Discount</text></literalExpression>
  </decision>
</definitions>
"""


@pytest.fixture()
def signavio(tmp_path: Path) -> Path:
    path = tmp_path / "membership.dmn"
    path.write_text(SIGNAVIO, encoding="utf-8")
    return path


@pytest.mark.parametrize(("level", "discount"), [("Gold", "0.2"), ("Silver", "0.1")])
def test_signavio_model_evaluates_what_is_dmn(signavio: Path, level: str,
                                              discount: str) -> None:
    pack = load_dmn(signavio)
    result = pack.evaluate({"Level": level, "Name": "Dr No"}, ["Discount"], trace=False)
    assert result.values == {"Discount": Decimal(discount)}


def test_signavio_extensions_are_named_in_a_strict_load(signavio: Path) -> None:
    with pytest.raises(PackError) as caught:
        load_dmn(signavio, strict=True)
    found = [(d.code, d.line, d.column, d.message) for d in caught.value.diagnostics]
    assert found == [
        ("UNKNOWN-NAME", 41, 30, "the expression uses 'startsWith', a Signavio extension, "
         "not DMN; the DMN function is starts with(text, prefix)"),
        ("DMN-UNSUPPORTED", 45, 7, "<MultiInstanceDecisionLogic> is a Signavio "
         "multi-instance decision, a Signavio extension, not DMN; regel runs what DMN "
         "defines"),
    ]


def test_signavio_extensions_break_only_their_decisions(signavio: Path) -> None:
    pack = load_dmn(signavio)
    assert set(pack.broken) == {"VIP", "Discounts"}
    result = pack.evaluate({"Level": "Gold", "Name": "Dr No"}, trace=False)
    assert result.values == {"Discount": Decimal("0.2"), "VIP": None, "Discounts": None}
    said = {w.decision: w.text("en") for w in result.warnings}
    assert "'startsWith', a Signavio extension, not DMN" in said["VIP"]
    assert "a Signavio multi-instance decision, a Signavio extension, not DMN" in \
        said["Discounts"]
    assert "membership.dmn:45:7" in said["Discounts"]


def test_a_signavio_function_without_a_dmn_equivalent(tmp_path: Path) -> None:
    path = tmp_path / "alpha.dmn"
    path.write_text(SIGNAVIO.replace('startsWith(Name, "Dr")', "isAlpha(Name)"),
                    encoding="utf-8")
    [problem] = load_dmn(path).broken["VIP"].problems
    assert problem.message == ("the expression uses 'isAlpha', a Signavio extension, not "
                               "DMN; DMN has no such function, so write it with DMN's own "
                               "functions")


# --------------------------------------------------------------------------- YAML packs

@pytest.mark.parametrize(("spec", "message"), [
    ({"allowed_values": ["a", "b"]},
     "Codes: item 2 is the text 'c', which is not one of: a, b"),
    ({"allowed": '"a", "b"'},
     "Codes: item 2 is the text 'c', which is outside what the pack allows: \"a\", \"b\""),
])
def test_a_yaml_pack_refuses_a_list_item_outside_its_allowed_values(
        tmp_path: Path, spec: dict[str, object], message: str) -> None:
    """A rule pack stays strict: the case is refused (CASE-NOT-ALLOWED), not made null."""
    codes = {"type": "list", "items": "string", "label": {"da": "Koder", "en": "Codes"},
             **spec}
    decision = {"id": "n", "label": {"da": "n", "en": "n"}, "requires": {"inputs": ["codes"]},
                "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                              "expression": "count(codes)"}]}
    pack = load_pack(write_pack(tmp_path / "p", [decision], {"codes": codes}))
    assert pack.evaluate({"codes": ["b", "a"]}, trace=False).values == {"n": 2}
    with pytest.raises(CaseError) as caught:
        pack.evaluate({"codes": ["a", "c"]}, trace=False)
    [d] = caught.value.diagnostics
    assert (d.code, d.field, d.message) == ("CASE-NOT-ALLOWED", "codes", message)
