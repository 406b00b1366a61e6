"""Issue 20, the editing loop without traps (part 2): one error gives one message, witnesses
paste into a test, `regel test` shows what matters, and a gap is an error in a decision
that must always answer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from regel.base.errors import PackError
from regel.cli import main
from regel.load.build import load_pack
from regel.tools.testing import run_test, run_tests
from tests.packbuilder import table_decision, write_pack

ROOT = Path(__file__).resolve().parents[2]
SIKKERHED = ROOT / "rules" / "sikkerhedsstillelse"


def _copy(tmp_path: Path, pack: Path = SIKKERHED) -> Path:
    folder = tmp_path / pack.name
    shutil.copytree(pack, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --------------------------------------------------------------------------- 1. one error

CELL = 'posted: "[2011-01-01..2012-07-01)"'


@pytest.mark.parametrize(("cell", "broken"), [
    (CELL, 'posted: "[2011-01-01..2012-07-01"'),          # a missing ')'
    (CELL, 'posted: "[2011-01-01..2012-07-01)))"'),       # one too many
    ("then: R2011", 'then: "R2011 +"'),                  # an output cell
    ("expression: application_date", "expression: application_date)"),   # a column
])
def test_a_syntax_error_in_a_decision_is_the_only_error(tmp_path: Path, cell: str,
                                                        broken: str) -> None:
    pack = _copy(tmp_path)
    _edit(pack / "decisions" / "validity_regime.yaml", cell, broken)
    with pytest.raises(PackError) as caught:
        load_pack(pack)
    found = [(d.code, Path(d.span.file).name if d.span else None)
             for d in caught.value.diagnostics]
    assert found == [("FEEL-SYNTAX", "validity_regime.yaml")]


def test_a_real_unknown_name_below_a_broken_decision_is_still_reported(tmp_path: Path) -> None:
    pack = _copy(tmp_path)
    _edit(pack / "decisions" / "validity_regime.yaml", CELL, 'posted: "[2011-01-01..2012-07-01"')
    _edit(pack / "decisions" / "validity_years.yaml", "when: [R2011, ", "when: [R2O11, ")
    with pytest.raises(PackError) as caught:
        load_pack(pack)
    found = [(d.code, Path(d.span.file).name if d.span else None, d.values.get("name"))
             for d in caught.value.diagnostics]
    assert found == [("FEEL-SYNTAX", "validity_regime.yaml", None),
                     ("UNKNOWN-NAME", "validity_years.yaml", "R2O11")]


# --------------------------------------------------------------------------- 2. witnesses

def _findings(pack: Path, capsys: pytest.CaptureFixture[str], code: str) -> list[dict[str, Any]]:
    main(["check", str(pack), "--format", "json", "--lang", "en"])
    data = json.loads(capsys.readouterr().out)
    return [d for d in data["diagnostics"] if d["code"] == code]


def _paste(pack: Path, finding: dict[str, Any]) -> None:
    """The finding's test case pasted, as printed, into a new file under tests/."""
    block = "\n".join("  " + line for line in finding["case_yaml"].splitlines())
    (pack / "tests").mkdir(exist_ok=True)
    (pack / "tests" / "pasted.yaml").write_text("tests:\n" + block + "\n", encoding="utf-8")


def test_a_gap_witness_pastes_into_a_test_that_runs(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    pack = _copy(tmp_path)
    # the rule for securities posted in 2011 to mid-2012 loses its last month: a gap
    _edit(pack / "decisions" / "validity_regime.yaml", CELL,
          'posted: "[2011-01-01..2012-06-01)"')
    (gap,) = _findings(pack, capsys, "GAP")
    assert "posted" not in gap["case"]["facts"]          # the column id is not a fact
    assert gap["case"]["facts"]["application_date"] == "2017-11-15"
    _paste(pack, gap)
    main(["check", str(pack), "--lang", "en"])
    text = capsys.readouterr().out
    assert "as a test case (paste into tests/*.yaml):" in text
    assert "application_date: 2017-11-15" in text
    loaded = load_pack(pack)
    (pasted,) = [t for t in loaded.tests if t.location and "pasted" in t.location.file]
    result = run_test(loaded, pasted)
    # it evaluates the witness: no rule answers, so the decision is null
    assert result.passed, result.failures
    assert result.trace is not None and result.trace.decision("validity_regime").matched == []


OVERLAPPING = [{"id": "R1", "when": ["[0..10]", "-"], "then": '"a"'},
               {"id": "R2", "when": ["[5..20]", "true"], "then": '"b"'},
               {"id": "R3", "when": ["< 0", "-"], "then": '"c"'},
               {"id": "R4", "when": ["> 20", "-"], "then": '"c"'}]


def test_an_overlap_witness_pastes_with_the_fact_names(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    inputs = {"monthly income": {"type": "number", "label": {"da": "Indkomst", "en": "Income"}},
              "student": {"type": "boolean", "label": {"da": "Studerende", "en": "Student"}}}
    d = table_decision("fee", OVERLAPPING, requires={"inputs": list(inputs)},
                       inputs=[{"id": "income", "expression": "monthly income"},
                               {"id": "is_student", "expression": "student"}])
    pack = write_pack(tmp_path / "pack", [d], inputs)
    (overlap,) = _findings(pack, capsys, "OVERLAP")
    assert set(overlap["case"]["facts"]) == {"monthly income", "student"}
    _paste(pack, overlap)
    loaded = load_pack(pack)
    (result,) = run_tests(loaded).results
    # the pasted case reaches the table and shows the overlap, not an unknown fact
    assert not result.passed
    assert "CASE-UNKNOWN-FACT" not in "\n".join(result.failures)
    assert "R1" in "\n".join(result.failures) and "R2" in "\n".join(result.failures)


def test_a_computed_column_that_no_fact_gives_is_named_in_the_case(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = table_decision("band", [{"id": "LOW", "when": ["< 10"], "then": '"low"'},
                                {"id": "HIGH", "when": ["> 10"], "then": '"high"'}],
                       inputs=[{"id": "double", "expression": "x * 2"}])
    pack = write_pack(tmp_path / "pack", [d])
    (gap,) = _findings(pack, capsys, "GAP")
    assert gap["case"]["facts"] == {}
    assert gap["case"]["computed"] == [{"column": "double", "expression": "x * 2", "value": 10}]
    assert "# the column 'double' must be 10; it is computed (x * 2)" in gap["case_yaml"]


# --------------------------------------------------------------------------- 4. always answers

GAPPED = [{"id": "LOW", "when": ["< 10"], "then": '"low"'},
          {"id": "HIGH", "when": ["> 10"], "then": '"high"'}]


@pytest.mark.parametrize(("always", "severity", "exit_code"), [
    ({"always_answers": True}, "error", 1),
    ({"always_answers": False}, "warning", 0),
    ({}, "warning", 0),
])
def test_a_gap_is_an_error_where_the_decision_must_always_answer(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], always: dict[str, bool],
        severity: str, exit_code: int) -> None:
    pack = write_pack(tmp_path / "pack", [table_decision("band", GAPPED, **always)])
    assert main(["check", str(pack), "--lang", "en"]) == exit_code
    capsys.readouterr()
    (gap,) = _findings(pack, capsys, "GAP")
    assert gap["severity"] == severity
    assert gap["case"]["facts"] == {"x": 10}
    if always.get("always_answers"):
        assert "must always answer" in gap["message"]


def test_removing_a_rule_of_a_bundled_decision_that_must_answer_is_an_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = _copy(tmp_path)
    path = pack / "decisions" / "validity_regime.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("        - id: R2011\n")
    end = text.index("        - id: ", start + 1)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert main(["check", str(pack), "--lang", "en"]) == 1
    capsys.readouterr()
    (gap,) = _findings(pack, capsys, "GAP")
    assert gap["severity"] == "error" and gap["decision"] == "validity_regime"
    assert gap["case"]["facts"]["security_posted_date"][:4] in ("2011", "2012")


@pytest.mark.parametrize("name", ["validity_regime", "validity_years"])
def test_bundled_decisions_that_must_answer_say_so(name: str) -> None:
    pack = load_pack(SIKKERHED)
    assert pack.decisions[name].always_answers


# --------------------------------------------------------------------------- 3. regel test

AMOUNTS = "tests/amounts_and_index.yaml"
P2011 = ("amount_series: {series: P2011, base_amount: 100000, base_year: 2011, a1_step: null,\n"
         "                      a2_step: null, final_step: null, floor: null}")
P2012_2013 = ("indexed_amounts: {level_year: 2013, base: 50800.00, a1_step: 20320.00, "
              "a2_step: 10160.00,\n                        final_step: 10160.00, floor: 10160.00}")


def test_an_expected_context_may_list_only_the_fields_that_matter(tmp_path: Path) -> None:
    pack = _copy(tmp_path)
    _edit(pack / AMOUNTS, P2011, "amount_series: {series: P2011, base_amount: 100000}")
    loaded = load_pack(pack)
    run = run_tests(loaded, ["application 2011-07-01 is the P-2011 series"])
    (result,) = run.results
    assert result.passed, result.failures


def test_a_field_that_differs_is_named_with_its_values_as_people_write_them(
        tmp_path: Path) -> None:
    pack = _copy(tmp_path)
    _edit(pack / AMOUNTS, P2012_2013, "indexed_amounts: {level_year: 2013, base: 50800.10}")
    loaded = load_pack(pack)
    (da,) = run_tests(loaded, ["P-2012 at 2013 level"], "da").results
    assert da.failures == ["indexed_amounts.base: forventede 50.800,10 kr., fik 50.800,00 kr."]
    (en,) = run_tests(loaded, ["P-2012 at 2013 level"], "en").results
    assert en.failures == ["indexed_amounts.base: expected DKK 50,800.10, got DKK 50,800.00"]


def test_a_field_the_result_lacks_is_named(tmp_path: Path) -> None:
    pack = _copy(tmp_path)
    _edit(pack / AMOUNTS, P2011, "amount_series: {series: P2011, base_sum: 100000}")
    (result,) = run_tests(load_pack(pack), ["application 2011-07-01 is the P-2011 series"],
                          "en").results
    assert result.failures == ["amount_series.base_sum: expected 100000, got no such field"]


def test_failures_are_short_by_default_and_explained_with_v(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = _copy(tmp_path)
    path = pack / "tests" / "regime_and_validity.yaml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("validity_regime: R2012", "validity_regime: R2011")
    failures = text.count("validity_regime: R2012")
    assert failures >= 3
    path.write_text(broken, encoding="utf-8")
    assert main(["test", str(pack), "--lang", "da"]) == 1
    short = capsys.readouterr().out
    assert short.count("FAILED ") == failures
    assert "Forklaring af afgørelse" not in short
    assert 'validity_regime: forventede "R2011", fik "R2012"' in short
    assert "validity_regime: regler, der gjaldt: R2012" in short
    assert "regel test -v" in short
    # a failure is its name, its difference and the rules that matched: three lines
    assert len(short.splitlines()) <= 3 * failures + 10
    assert main(["test", str(pack), "--lang", "da", "-v"]) == 1
    full = capsys.readouterr().out
    assert full.count("Forklaring af afgørelse") == failures
