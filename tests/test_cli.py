"""The regel command: outputs, exit codes, and the installed console script."""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from regel.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("argv", "stdout", "code"), [
    (["feel", 'date("2012-07-01") + duration("P5Y")'], "2017-07-01\n", 0),
    (["feel", "0.1 + 0.2"], "0.3\n", 0),
    (["feel", '"tekst"'], "tekst\n", 0),
    (["feel", '[1, "a", date("2024-07-01")]'], '[1, "a", 2024-07-01]\n', 0),
    (["feel", "{a: 1, b: [true, null]}"], "{a: 1, b: [true, null]}\n", 0),
    (["feel", "Applicant Age >= 24", "--context", '{"Applicant Age": 23}'], "false\n", 0),
    (["feel", "sum(payments)", "--context", str(ROOT / "examples/feel/payments.yaml")],
     "1250.75\n", 0),
    (["feel", "--tests", "[18..65)", "--input", "30"], "true\n", 0),
    (["feel", "--tests", "[18..65)", "--input", "65"], "false\n", 0),
    (["feel", "--tests", "-"], "true\n", 0),
    (["feel", "--tests", '"a", "b"', "--input", '"b"'], "true\n", 0),
    (["feel", "1 / 0"], "null\n", 0),
])
def test_feel_text_output(capsys: pytest.CaptureFixture[str], argv: list[str], stdout: str,
                          code: int) -> None:
    assert main(argv) == code
    assert capsys.readouterr().out == stdout


def test_feel_json_output_is_exact(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feel", "--format", "json", "0.1 + 0.2"]) == 0
    data = json.loads(capsys.readouterr().out, parse_float=Decimal)
    assert data["value"] == Decimal("0.3") and data["type"] == "number"
    assert data["warnings"] == []


def test_feel_json_carries_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feel", "--format", "json", 'date("2020-02-29") + duration("P1Y")']) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["value"] == "2021-02-28" and data["type"] == "date"
    assert [w["code"] for w in data["warnings"]] == ["FEEL-DAY-CLAMPED"]
    assert data["warnings"][0]["line"] == 1 and data["warnings"][0]["column"] == 1


def test_warning_text_goes_to_stderr_in_danish(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feel", "--lang", "da", 'date("2020-02-29") + duration("P1Y")']) == 0
    out = capsys.readouterr()
    assert out.out == "2021-02-28\n"
    assert "advarsel: FEEL-DAY-CLAMPED" in out.err and "månedens sidste dag" in out.err


def test_syntax_error_shows_caret_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feel", "[1 5]"]) == 1
    err = capsys.readouterr().err
    assert "FEEL-SYNTAX at line 1, column 4" in err
    assert "  [1 5]\n     ^" in err


def test_syntax_error_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feel", "--format", "json", 'a == b']) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    (error,) = data["errors"]
    assert error["code"] == "FEEL-SYNTAX"
    assert (error["line"], error["column"]) == (1, 4)
    assert "'='" in error["message"]


@pytest.mark.parametrize(("argv", "needle"), [
    (["feel", "x", "--context", "missing.yaml"], "FILE-NOT-FOUND"),
    (["feel", "x", "--context", "[1, 2]"], "CONTEXT-NOT-MAPPING"),
    (["feel", "x", "--context", "{a: 1, a: 2}"], "YAML-DUPLICATE-KEY"),
    (["feel", "--tests", "< 5", "--input", "1 +"], "--input"),
])
def test_case_errors_exit_1(capsys: pytest.CaptureFixture[str], argv: list[str],
                            needle: str) -> None:
    assert main(argv) == 1
    assert needle in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    [], ["bogus"], ["feel"], ["feel", "1", "--format", "xml"], ["feel", "1", "--input", "2"],
])
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    try:
        code = main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    assert code == 2


def test_help_teaches_with_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["feel", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "Examples:" in out and "--tests" in out and "duration(" in out


def test_installed_console_script_runs_outside_the_source_tree(
        tmp_path: Path, installed_regel: tuple[str, dict[str, str]]) -> None:
    """`pip install .` must ship the grammar file and the `regel` command."""
    exe, env = installed_regel
    done = subprocess.run([exe, "feel", 'date("2012-07-01") + duration("P5Y")'],
                          cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60)
    assert (done.returncode, done.stdout) == (0, "2017-07-01\n"), done.stderr
