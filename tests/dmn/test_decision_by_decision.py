"""A DMN model loads decision by decision (issue 14, part 2): one unsupported element or
static error breaks *that* decision and the decisions that need it; every other decision
runs. ``strict=True`` (regel check, regel import) still lists every problem."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from regel import EvaluationError, PackError, load_dmn
from regel.cli import main

MODEL = """\
<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="m" name="Partial"
             namespace="https://example.org/partial">
  <inputData id="i_x" name="x"><variable name="x" typeRef="number"/></inputData>
  <inputData id="i_y" name="y"><variable name="y" typeRef="tNowhere"/></inputData>
  <decision id="d_ok" name="Ok">
    <informationRequirement><requiredInput href="#i_x"/></informationRequirement>
    <literalExpression><text>x * 2</text></literalExpression>
  </decision>
  <decision id="d_boxed" name="Boxed">
    <literalExpression expressionLanguage="javascript"><text>1</text></literalExpression>
  </decision>
  <decision id="d_needs" name="Needs boxed">
    <informationRequirement><requiredDecision href="#d_boxed"/></informationRequirement>
    <literalExpression><text>Boxed + 1</text></literalExpression>
  </decision>
  <decision id="d_year" name="Negative year">
    <literalExpression><text>@"-2021-02-29"</text></literalExpression>
  </decision>
  <decision id="d_uses_y" name="Uses y">
    <informationRequirement><requiredInput href="#i_y"/></informationRequirement>
    <literalExpression><text>y</text></literalExpression>
  </decision>
  <decision id="d_after_ok" name="After ok">
    <informationRequirement><requiredDecision href="#d_ok"/></informationRequirement>
    <literalExpression><text>Ok + 1</text></literalExpression>
  </decision>
</definitions>
"""


@pytest.fixture
def model(tmp_path: Path) -> Path:
    path = tmp_path / "partial.dmn"
    path.write_text(MODEL, encoding="utf-8")
    return path


def test_the_rest_of_the_model_runs(model: Path) -> None:
    pack = load_dmn(model)
    assert set(pack.decisions) == {"Ok", "After ok"}
    assert set(pack.broken) == {"Boxed", "Needs boxed", "Negative year", "Uses y"}
    result = pack.evaluate({"x": 4, "y": 1}, decisions=["Ok", "After ok"], trace=False)
    assert result.values == {"Ok": Decimal(8), "After ok": Decimal(9)}
    assert result.warnings == []


@pytest.mark.parametrize(("decision", "needs", "code", "line", "column"), [
    ("Boxed", None, "DMN-UNSUPPORTED", 11, 5),
    ("Needs boxed", "Boxed", "DMN-UNSUPPORTED", 11, 5),
    ("Negative year", None, "FEEL-SYNTAX", 18, 30),
    ("Uses y", "y", "DMN-UNKNOWN-TYPE", 5, 32),
])
def test_a_broken_decision_fails_alone_with_its_place(
        model: Path, decision: str, needs: str | None, code: str, line: int,
        column: int) -> None:
    broken = load_dmn(model).broken[decision]
    assert broken.needs == needs
    assert (broken.problem.code, broken.problem.line, broken.problem.column) == (
        code, line, column)


def test_asking_for_a_broken_decision_gives_null_with_a_located_warning(model: Path) -> None:
    pack = load_dmn(model)
    result = pack.evaluate({"x": 1, "y": 1}, decisions=["Needs boxed", "Ok"], trace=False)
    assert result.values == {"Needs boxed": None, "Ok": Decimal(2)}
    (warning,) = result.warnings
    assert warning.decision == "Needs boxed"
    assert warning.diagnostic.message == (
        "DECISION-BROKEN: the decision 'Needs boxed' needs 'Boxed', which cannot be "
        "evaluated: the DMN element <literalExpression> (a literal expression in the language "
        "'javascript') is not supported by regel "
        f"({model}:11:5); as in DMN, the result is null")


def test_in_stop_mode_a_broken_decision_is_an_error(model: Path) -> None:
    pack = load_dmn(model)
    pack.failed_decisions = "stop"
    with pytest.raises(EvaluationError) as caught:
        pack.evaluate({}, decisions=["Boxed"], trace=False)
    assert caught.value.first.code == "DECISION-BROKEN"
    assert (caught.value.first.line, caught.value.first.column) == (11, 5)


def test_without_asked_decisions_the_broken_ones_are_reported_too(model: Path) -> None:
    values = load_dmn(model).evaluate({"x": 1}, trace=False).values
    assert values == {"Ok": Decimal(2), "After ok": Decimal(3), "Boxed": None,
                      "Needs boxed": None, "Negative year": None, "Uses y": None}


def test_strict_lists_every_problem_and_nothing_twice(model: Path) -> None:
    with pytest.raises(PackError) as caught:
        load_dmn(model, strict=True)
    seen = [(d.code, d.line, d.column) for d in caught.value.diagnostics]
    assert seen == [("DMN-UNKNOWN-TYPE", 5, 32), ("DMN-UNSUPPORTED", 11, 5),
                    ("FEEL-SYNTAX", 18, 30)]


def test_check_lists_the_problems_and_eval_runs_the_rest(
        model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(model)]) == 1
    printed = capsys.readouterr().out
    for where in (":5:32: DMN-UNKNOWN-TYPE", ":11:5: DMN-UNSUPPORTED", ":18:30: FEEL-SYNTAX"):
        assert where in printed
    case = model.with_name("case.json")
    case.write_text('{"facts": {"x": 5}}', encoding="utf-8")
    assert main(["eval", str(model), "--case", str(case), "--decision", "After ok",
                 "--decision", "Boxed", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["outputs"] == {"After ok": 11, "Boxed": None}
    assert [w["code"] for w in out["warnings"]] == ["DECISION-FAILED"]


def test_a_model_that_is_not_dmn_still_does_not_load(tmp_path: Path) -> None:
    path = tmp_path / "half.dmn"
    path.write_text(MODEL[:300], encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_dmn(path)
    assert [d.code for d in caught.value.diagnostics] == ["DMN-XML"]


def test_the_report_shows_a_broken_decision_and_replay_holds(
        model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An explanation does not leave a broken decision out: it is there, without a value,
    with the warning that says why and where; and the trace replays as identical."""
    case = tmp_path / "case.json"
    case.write_text('{"facts": {"x": 5}}', encoding="utf-8")
    assert main(["explain", str(model), "--case", str(case), "--format", "md"]) == 0
    report = capsys.readouterr().out
    section = report[report.index("### Boxed"):]
    section = section[:section.index("### ", 4)]
    assert "the DMN element &lt;literalExpression&gt; (a literal expression in the " \
           "language 'javascript') is not supported by regel " \
           f"({model}:11:5)" in section
    trace = tmp_path / "trace.json"
    assert main(["explain", str(model), "--case", str(case), "--format", "json",
                 "-o", str(trace)]) == 0
    capsys.readouterr()
    assert main(["replay", str(trace), "--pack", str(model)]) == 0
    assert "identical" in capsys.readouterr().out


def test_the_api_a_tck_harness_needs(model: Path) -> None:
    """load_dmn and regel.evaluate: a decision by name, inputs and results as FEEL values;
    the function and the method give the same."""
    import regel
    pack = regel.load_dmn(model)
    by_function = regel.evaluate(pack, {"x": Decimal("2.5")}, decisions=["After ok"],
                                 trace=False)
    by_method = pack.evaluate({"x": Decimal("2.5")}, decisions=["After ok"], trace=False)
    assert by_function.values == by_method.values == {"After ok": Decimal("6.0")}
    assert regel.evaluate(pack, {}, decisions=["Boxed"]).values == {"Boxed": None}
