"""regel eval / explain / show / check on the example pack: outputs, formats, exit codes."""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from regel.cli import main
from regel.load import schema_dir

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "examples" / "packs" / "library-fees"
CASE = PACK / "cases" / "child-damaged-book.yaml"
DA_LABEL = "Skyldigt beløb"  # amount_due's Danish label in the example pack


def test_eval_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(PACK), "--case", str(CASE), "--decision", "amount_due"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Amount due (amount_due): ")


def test_eval_json_is_exact_and_lists_only_the_asked_decisions(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(PACK), "--case", str(CASE), "--decision", "fee_cap",
                 "--decision", "amount_due", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out, parse_float=Decimal)
    assert set(data["outputs"]) == {"fee_cap", "amount_due"}
    assert len(data["pack"]["fingerprint"]) == 64


def test_eval_in_danish(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(PACK), "--case", str(CASE), "--decision", "amount_due",
                 "--lang", "da"]) == 0
    assert capsys.readouterr().out.startswith(f"{DA_LABEL} (amount_due): ")


def test_explain_json_is_a_valid_trace(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(PACK), "--case", str(CASE), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    schema = json.loads((schema_dir() / "trace.schema.json").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(data)) == []
    assert data["case_id"] == "case-0002" and data["as_of"] == "2024-03-20"


def test_explain_text_shows_rules_and_law(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(PACK), "--case", str(CASE), "--decision", "late_fee"]) == 0
    out = capsys.readouterr().out
    assert "Legal basis" in out and "Rules in force" in out and "Result" in out


def test_show_grid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(PACK), "daily_fee"]) == 0
    out = capsys.readouterr().out
    # the law by its short name in the pack's registry, and the version's pinpoint
    assert "2024-01-01" in out and "The Fees Act" in out and "§ 3, stk. 1-3" in out


def test_show_unknown_decision_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(PACK), "daily_fe"]) == 1
    assert "did you mean 'daily_fee'" in capsys.readouterr().err


def test_check_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(PACK)]) == 0
    assert capsys.readouterr().out.startswith("ok: library-fees")


def test_check_reports_every_problem_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    bad = ROOT / "tests" / "loader" / "invalid" / "cycle"
    assert main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "CYCLE" in out and out.rstrip().endswith("1 error(s)")


def test_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    bad = ROOT / "tests" / "loader" / "invalid" / "cycle"
    assert main(["check", str(bad), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["errors"][0]["code"] == "CYCLE"
    assert data["errors"][0]["line"] == 5


@pytest.mark.parametrize(("argv", "needle"), [
    (["eval", "no-such-pack", "--case", str(CASE)], "PACK-NOT-FOUND"),
    (["eval", str(PACK), "--case", "missing.yaml"], "FILE-NOT-FOUND"),
    (["eval", str(PACK), "--case", str(CASE), "--decision", "nope"], "UNKNOWN-DECISION"),
    (["test", "no-such-pack"], "PACK-NOT-FOUND"),
    (["diff", "no-such-pack", str(PACK)], "PACK-NOT-FOUND"),
    (["diff", str(PACK), str(PACK), "--cases", "no-such-folder"], "CASES-NOT-FOUND"),
])
def test_errors_exit_1(capsys: pytest.CaptureFixture[str], argv: list[str], needle: str) -> None:
    assert main(argv) == 1
    assert needle in capsys.readouterr().err


def test_case_error_names_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("facts:\n  borower_age: 12\n", encoding="utf-8")
    assert main(["eval", str(PACK), "--case", str(case)]) == 1
    err = capsys.readouterr().err
    assert "borower_age: CASE-UNKNOWN-FACT" in err


@pytest.mark.parametrize("argv", [["eval", str(PACK)], ["show", str(PACK)],
                                  ["eval", str(PACK), "--case", str(CASE), "--as-of", "1/1"],
                                  ["eval", str(PACK), "--case", str(CASE), "--as-of",
                                   "-2017-12-31"]])
def test_usage_errors_exit_2(argv: list[str]) -> None:
    try:
        code = main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    assert code == 2


@pytest.mark.parametrize("verb", ["eval", "explain", "show", "check", "feel"])
def test_every_verb_has_help(verb: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([verb, "--help"])
    assert exc.value.code == 0
    assert len(capsys.readouterr().out) > 200


def test_installed_regel_evaluates_the_example_pack(
        tmp_path: Path, installed_regel: tuple[str, dict[str, str]]) -> None:
    """After `pip install .` (CI installs non-editable) the command works anywhere."""
    exe, env = installed_regel
    done = subprocess.run([exe, "eval", str(PACK), "--case", str(CASE), "--format", "json"],
                          cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "amount_due" in json.loads(done.stdout)["outputs"]
