"""One JSON error shape: every verb that fails under --format json prints
{"ok": false, "errors": [...]} on stdout, one object per problem with the same keys."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from regel.cli import main

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "examples" / "packs" / "library-fees"
CASE = PACK / "cases" / "child-damaged-book.yaml"
BROKEN = ROOT / "tests" / "loader" / "invalid" / "cycle"
BAD_DMN = ROOT / "tests" / "dmn" / "invalid" / "feel-syntax-input-entry.dmn"
KEYS = ["code", "severity", "message", "file", "line", "column", "field", "decision"]


def _bad_case(tmp: Path) -> Path:
    path = tmp / "bad-case.yaml"
    path.write_text("as_of: 2024-03-20\nfacts: {borrower_age: ten, student_card: maybe}\n",
                    encoding="utf-8")
    return path


def _cases(tmp: Path) -> Path:
    path = tmp / "cases.jsonl"
    path.write_text('{"borrower_age": 10}\n', encoding="utf-8")
    return path


def _trace(tmp: Path) -> Path:
    path = tmp / "trace.json"
    path.write_text('{"not": "a trace"}\n', encoding="utf-8")
    return path


# (verb, arguments given the temporary folder, the codes the errors must have)
FAILURES: list[tuple[str, Callable[[Path], list[str]], list[str]]] = [
    ("check", lambda t: [str(BROKEN)], ["CYCLE"]),
    ("eval", lambda t: [str(BROKEN), "--case", str(CASE)], ["CYCLE"]),
    ("eval", lambda t: [str(PACK), "--case", str(_bad_case(t)), "--decision", "borrower_category"],
     ["CASE-TYPE", "CASE-TYPE"]),
    ("eval", lambda t: [str(PACK), "--case", str(CASE), "--decision", "nope"],
     ["UNKNOWN-DECISION"]),
    ("explain", lambda t: [str(PACK), "--case", str(CASE), "-o", str(t / "no" / "x.json")],
     ["FILE-UNWRITABLE"]),
    ("show", lambda t: [str(PACK), "nope"], ["UNKNOWN-DECISION"]),
    ("feel", lambda t: ["a == b"], ["FEEL-SYNTAX"]),
    ("test", lambda t: [str(BROKEN)], ["CYCLE"]),
    ("diff", lambda t: [str(t / "no-such-pack"), str(PACK)], ["PACK-NOT-FOUND"]),
    ("batch", lambda t: [str(BROKEN), "--cases", str(_cases(t)), "-o", str(t / "out.jsonl")],
     ["CYCLE"]),
    ("replay", lambda t: [str(_trace(t))], ["TRACE-NOT-TRACE"]),
    ("import", lambda t: [str(BAD_DMN), "-o", str(t / "pack")], ["FEEL-SYNTAX"]),
    ("export", lambda t: [str(BROKEN), "-o", str(t / "model.dmn")], ["CYCLE"]),
    ("tck", lambda t: [str(t / "nowhere")], ["TCK-NOT-FOUND"]),
]


@pytest.mark.parametrize(("verb", "args", "codes"), FAILURES,
                         ids=[f"{v}-{c[0]}" for v, _, c in FAILURES])
def test_every_verb_prints_the_one_json_error_shape(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], verb: str,
        args: Callable[[Path], list[str]], codes: list[str]) -> None:
    assert main([verb, *args(tmp_path), "--format", "json"]) == 1
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert list(data) == ["ok", "errors"] and data["ok"] is False
    assert [e["code"] for e in data["errors"]] == codes
    for error in data["errors"]:
        assert list(error) == KEYS
        assert error["severity"] == "error" and error["message"]
    assert err == ""


def _error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    assert main([*argv, "--format", "json"]) == 1
    errors: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["errors"]
    return errors


def test_a_broken_pack_gives_every_diagnostic_with_its_place(
        capsys: pytest.CaptureFixture[str]) -> None:
    (error,) = _error(["eval", str(BROKEN), "--case", str(CASE)], capsys)
    assert error["file"].endswith("adult.yaml")
    assert (error["line"], error["column"], error["field"]) == (5, 15, None)


def test_a_bad_case_gives_each_problem_with_its_field(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    errors = _error(["eval", str(PACK), "--case", str(_bad_case(tmp_path)), "--decision",
                     "borrower_category"], capsys)
    assert [e["field"] for e in errors] == ["borrower_age", "student_card"]
    assert all(e["file"] is None and e["line"] is None for e in errors)


def test_an_evaluation_error_names_the_decision(capsys: pytest.CaptureFixture[str]) -> None:
    (error,) = _error(["eval", str(PACK), "--case", str(CASE), "--decision", "nope"], capsys)
    assert error["decision"] == "nope" and error["file"] is None


def test_a_plain_error_gives_its_file_line_and_column(
        capsys: pytest.CaptureFixture[str]) -> None:
    (error,) = _error(["feel", "--tests", "< 5", "--input", "1 +"], capsys)
    assert (error["code"], error["file"], error["line"], error["column"]) == (
        "FEEL-SYNTAX", "--input", 1, 4)


def test_text_errors_stay_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(BROKEN), "--case", str(CASE)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("error: ") and "CYCLE" in err


def test_import_and_export_report_success_as_json(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = tmp_path / "fees.dmn"
    assert main(["export", str(PACK), "-o", str(model), "--format", "json"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["ok"] is True and exported["pack"] == "library-fees"
    assert exported["dmn_version"] == "1.3" and exported["bytes"] == model.stat().st_size
    assert main(["import", str(model), "-o", str(tmp_path / "back"), "--format", "json"]) == 0
    imported = json.loads(capsys.readouterr().out)
    assert imported["ok"] is True and imported["decisions"] == exported["decisions"]
    assert imported["files"][0].endswith("pack.yaml")
