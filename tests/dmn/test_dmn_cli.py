"""The DMN verbs: regel tck, regel import, regel export, and regel eval on a .dmn file."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from regel import load_dmn, load_pack
from regel.cli import main
from regel.tools.tck import run_case
from regel.tools.tck_cases import compare, read_test_file

REPO = Path(__file__).resolve().parents[2]
LEVEL2 = REPO.parent / "shared" / "dmn-tck" / "compliance-level-2"
PMT = LEVEL2 / "0009-invocation-arithmetic"


# --------------------------------------------------------------------------- tck

def test_tck_runs_level_2_and_writes_the_csv(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "tck_results.csv"
    assert main(["tck", str(LEVEL2), "--csv", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("116 of 116 test cases passed (100.0 %); 28 models, "
                              "126 result nodes; 0 failed, 0 errors")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 116
    assert lines[-1].startswith('"compliance-level-2/0119-multi-collect-hitpolicy",')


def test_tck_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tck", str(PMT), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["cases"] == data["summary"]["SUCCESS"] == 3
    assert {c["result"] for c in data["cases"]} == {"SUCCESS"}


def test_tck_failure_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "0009"
    folder.mkdir()
    (folder / "0009-invocation-arithmetic.dmn").write_bytes(
        (PMT / "0009-invocation-arithmetic.dmn").read_bytes())
    test = (PMT / "0009-invocation-arithmetic-test-01.xml").read_text(encoding="utf-8")
    (folder / "0009-invocation-arithmetic-test-01.xml").write_text(
        test.replace("<value xsi:type=\"xsd:decimal\">2878", "<value xsi:type=\"xsd:decimal\">1878",
                     1), encoding="utf-8")
    assert main(["tck", str(folder)]) == 1
    printed = capsys.readouterr().out
    assert "FAILURE: 0009 0009-invocation-arithmetic-test-01 001: MonthlyPayment: expected 1878" \
        in printed
    assert "2 of 3 test cases passed" in printed


@pytest.mark.parametrize(("make", "code"), [
    (lambda p: p / "nowhere", "TCK-NOT-FOUND"),
    (lambda p: p, "TCK-EMPTY"),
])
def test_tck_bad_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str], make, code) -> None:  # type: ignore[no-untyped-def]
    assert main(["tck", str(make(tmp_path))]) == 1
    assert code in capsys.readouterr().err


# --------------------------------------------------------------------------- eval

def test_eval_runs_a_dmn_model_directly(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    tck = read_test_file(PMT / "0009-invocation-arithmetic-test-01.xml")
    case = tck.cases[0]
    loan = case.inputs["Loan"]
    case_file = tmp_path / "case.yaml"      # YAML numbers are read exactly, as Decimal
    case_file.write_text(f"facts:\n  Loan: {{amount: {loan['amount']}, rate: {loan['rate']}, "
                         f"term: {loan['term']}}}\n  fee: {case.inputs['fee']}\n",
                         encoding="utf-8")
    model = str(PMT / "0009-invocation-arithmetic.dmn")
    assert main(["eval", model, "--case", str(case_file), "--decision", "MonthlyPayment",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out, parse_float=Decimal)
    actual = data["outputs"]["MonthlyPayment"]
    assert compare(case.results[0].expected, Decimal(str(actual)))


# --------------------------------------------------------------------------- import

def test_import_writes_a_pack_that_passes_the_tck_cases(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    """Every level-2 model as a YAML pack: the written YAML loads, and gives the TCK's
    expected results (numbers, quoting and names with spaces survive YAML)."""
    cases = 0
    for model in sorted(LEVEL2.glob("*/*.dmn")):
        out = tmp_path / model.stem
        assert main(["import", str(model), "-o", str(out)]) == 0
        pack = load_pack(out)
        assert pack.feel_dialect == "dmn"
        for test_file in sorted(model.parent.glob("*-test-*.xml")):
            for case in read_test_file(test_file).cases:
                outcome = run_case(pack, case)
                assert outcome.result == "SUCCESS", (model.name, case.id, outcome.message)
                cases += 1
    assert cases == 116
    printed = capsys.readouterr().out
    assert "wrote " in printed and "next: regel check" in printed


def test_import_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pmt"
    assert main(["import", str(PMT / "0009-invocation-arithmetic.dmn"), "-o", str(out)]) == 0
    assert sorted(p.name for p in (out / "decisions").iterdir()) == [
        "monthlypayment.yaml", "pmt.yaml"]
    text = (out / "decisions" / "pmt.yaml").read_text(encoding="utf-8")
    assert "parameters: [p, r, n]\n" in text        # a function: the DMN knowledge model
    assert "expression: (p*r/12)/(1-(1+r/12)**-n)" in text
    capsys.readouterr()
    assert main(["check", str(out)]) == 0


def test_import_refuses_a_folder_in_use(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    out = tmp_path / "pack"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    model = str(PMT / "0009-invocation-arithmetic.dmn")
    assert main(["import", model, "-o", str(out)]) == 1
    assert "IMPORT-EXISTS" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    assert main(["import", model, "-o", str(out), "--force"]) == 0
    assert (out / "pack.yaml").is_file() and not (out / "notes.txt").exists()


def test_import_of_a_broken_model_writes_nothing(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    model = tmp_path / "broken.dmn"
    model.write_text(
        '<?xml version="1.0"?>\n'
        '<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="m" '
        'namespace="x" id="m">\n'
        '  <decision name="d" id="d">\n'
        '    <literalExpression expressionLanguage="javascript"><text>1</text>'
        '</literalExpression>\n'
        '  </decision>\n'
        '</definitions>\n', encoding="utf-8")
    out = tmp_path / "pack"
    assert main(["import", str(model), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "broken.dmn:4:5: DMN-UNSUPPORTED: the DMN element <literalExpression> (a literal " \
        "expression in the language 'javascript') is not supported by regel" in err
    assert not out.exists()


# --------------------------------------------------------------------------- export

def test_export_writes_a_model_that_loads(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "library-fees.dmn"
    assert main(["export", str(REPO / "examples" / "packs" / "library-fees"),
                 "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"wrote {out}: DMN 1.3, ")     # the default: what dmn-js opens
    from regel.dmn.reader import read_dmn
    assert read_dmn(out).version == "1.3"
    pack = load_dmn(out)
    original = load_pack(REPO / "examples" / "packs" / "library-fees", tests=False)
    assert list(pack.decisions) == list(original.decisions)
    assert not (tmp_path / "library-fees.dmn.part").exists()


def test_export_of_a_pack_that_does_not_load(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(tmp_path / "missing"), "-o", str(tmp_path / "x.dmn")]) == 1
    assert "PACK-NOT-FOUND" in capsys.readouterr().err
    assert not (tmp_path / "x.dmn").exists()


@pytest.mark.parametrize("verb", ["import", "export", "tck"])
def test_help_teaches_with_examples(verb: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([verb, "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    assert "Examples:" in text and f"regel {verb} " in text


def test_export_help_examples_run(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Each example of `regel export --help`, run from the repository (its file written to
    a temporary folder), writes the DMN version it says."""
    from regel.cli.export import HELP
    from regel.dmn.reader import read_dmn
    examples = [line.split()[1:] for line in HELP.splitlines()
                if line.startswith("  regel export ")]
    assert len(examples) == 2
    monkeypatch.chdir(REPO)
    for argv in examples:
        out = tmp_path / argv[argv.index("-o") + 1]
        argv[argv.index("-o") + 1] = str(out)
        assert main(argv) == 0, argv
        version = argv[argv.index("--dmn-version") + 1] if "--dmn-version" in argv else "1.3"
        assert read_dmn(out).version == version
    capsys.readouterr()


def test_explain_a_dmn_model_writes_a_trace_that_matches_its_schema(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Names with spaces ('Employment Status Statement') and a function (PMT) in a trace."""
    from tests.schemacheck import trace_errors
    cases = [("0003-input-data-string-allowed-values", 'facts: {"Employment Status": EMPLOYED}'),
             ("0009-invocation-arithmetic",
              "facts: {Loan: {amount: 600000, rate: 0.0375, term: 360}, fee: 100}")]
    for folder, facts in cases:
        case = tmp_path / f"{folder}.yaml"
        case.write_text(facts + "\n", encoding="utf-8")
        model = LEVEL2 / folder / f"{folder}.dmn"
        assert main(["explain", str(model), "--case", str(case), "--format", "json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert trace_errors(data) == [], folder
    assert [c["inputs"][0]["from"] for c in next(
        d for d in data["decisions"] if d["id"] == "PMT")["calls"]] == ["argument"]


@pytest.mark.parametrize("name", ["sikkerhedsstillelse", "familiesammenfoering",
                                  str(REPO / "examples" / "packs" / "library-fees")])
def test_a_pack_through_dmn_and_back_to_yaml_passes_its_tests(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """regel export (DMN 1.3 by default), then regel import: the YAML written (flow-style
    rules, dates as date(...), numbers exact) loads and passes the original pack's YAML
    tests."""
    from regel.tools.testing import run_tests
    model, out = tmp_path / "pack.dmn", tmp_path / Path(name).name
    assert main(["export", name, "-o", str(model)]) == 0
    assert main(["import", str(model), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["check", str(out), "--no-analysis"]) == 0
    original = load_pack(name)
    again = load_pack(out)
    assert again.feel_dialect == "dmn" and list(again.decisions) == list(original.decisions)
    again.tests = original.tests
    run = run_tests(again)
    assert [r.test.name for r in run.results if not r.passed] == []
    text = (out / "decisions" / "validity_regime.yaml").read_text(encoding="utf-8") \
        if name == "sikkerhedsstillelse" else ""
    if text:
        assert text.startswith("# yaml-language-server: $schema=")
        # a rule's cells on one line each way (its citations, a list, below them)
        assert "- id: R2011\n      when: ['[date(\"2011-01-01\")..date(\"2012-07-01\"))', " \
            "<= date(\"2017-11-15\")]\n      then: ['\"R2011\"']" in text


def test_tck_reports_a_model_that_does_not_load_as_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that is not XML at all: every case of it is an ERROR."""
    folder = tmp_path / "0009"
    folder.mkdir()
    model = (PMT / "0009-invocation-arithmetic.dmn").read_text(encoding="utf-8")
    (folder / "0009-invocation-arithmetic.dmn").write_text(model[:len(model) // 2],
                                                           encoding="utf-8")
    (folder / "0009-invocation-arithmetic-test-01.xml").write_bytes(
        (PMT / "0009-invocation-arithmetic-test-01.xml").read_bytes())
    out = tmp_path / "results.csv"
    assert main(["tck", str(folder), "--csv", str(out)]) == 1
    printed = capsys.readouterr().out
    assert printed.count("ERROR: 0009 0009-invocation-arithmetic-test-01 ") == 3
    assert "the model does not load: " in printed and ": DMN-XML: " in printed
    assert "0 of 3 test cases passed (0.0 %)" in printed
    assert all(line.split('","')[3] == "ERROR"
               for line in out.read_text(encoding="utf-8").splitlines())


def test_tck_runs_the_rest_of_a_model_with_a_broken_decision(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One syntax error breaks its decision alone: the cases asking for it fail with the
    problem and its place in the model; the decisions that do not need it still run."""
    folder = tmp_path / "0009"
    folder.mkdir()
    model = (PMT / "0009-invocation-arithmetic.dmn").read_text(encoding="utf-8")
    (folder / "0009-invocation-arithmetic.dmn").write_text(
        model.replace("PMT(Loan.amount, Loan.rate, Loan.term)+fee",
                      "PMT(Loan.amount, Loan.rate, Loan.term)+", 1), encoding="utf-8")
    (folder / "0009-invocation-arithmetic-test-01.xml").write_bytes(
        (PMT / "0009-invocation-arithmetic-test-01.xml").read_bytes())
    out = tmp_path / "results.csv"
    assert main(["tck", str(folder), "--csv", str(out)]) == 1
    printed = capsys.readouterr().out
    assert printed.count("FAILURE: 0009 0009-invocation-arithmetic-test-01 ") == 3
    assert "MonthlyPayment: expected 2878.69354943277, got null" in printed
    assert "cannot be evaluated: " in printed and "0009-invocation-arithmetic.dmn:" in printed
    assert "0 of 3 test cases passed (0.0 %)" in printed


@pytest.mark.parametrize("version", ["1.3", "1.5"])
def test_export_dmn_version(version: str, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "fees.dmn"
    assert main(["export", str(REPO / "examples" / "packs" / "library-fees"), "-o", str(out),
                 "--dmn-version", version, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["dmn_version"] == version
    from regel.dmn.reader import read_dmn
    assert read_dmn(out).version == version


@pytest.mark.parametrize(("argv", "said"), [
    (["export", str(REPO / "examples" / "packs" / "library-fees"), "-o", "{missing}/x.dmn"],
     "FILE-UNWRITABLE: cannot write the file"),
    (["tck", str(PMT), "--csv", "{missing}/results.csv"],
     "FILE-UNWRITABLE: cannot write the file"),
    (["import", str(PMT / "0009-invocation-arithmetic.dmn"), "-o", "{file}/pack"],
     "FILE-UNWRITABLE: cannot write the pack folder (Not a directory); nothing was written"),
])
def test_an_output_that_cannot_be_written_is_an_error_not_a_traceback(
        argv: list[str], said: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder", encoding="utf-8")
    argv = [a.format(missing=tmp_path / "missing", file=a_file) for a in argv]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err


def test_import_force_puts_the_old_pack_back_when_the_new_one_cannot_take_its_place(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    model = PMT / "0009-invocation-arithmetic.dmn"
    out = tmp_path / "pack"
    assert main(["import", str(model), "-o", str(out)]) == 0
    (out / "mine.txt").write_text("a note of mine\n", encoding="utf-8")
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    real = os.rename

    def rename(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == out and Path(src).name.endswith(".tmp"):
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    capsys.readouterr()
    assert main(["import", str(model), "-o", str(out), "--force"]) == 1
    err = capsys.readouterr().err
    assert f"{out}: FILE-UNWRITABLE: cannot write the pack folder" in err, err
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack"]
