"""`regel test` (regel.tools.testing): results, failure messages, explanations, coverage, the
command line's exit codes and JSON, and -k filtering."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from regel import load_pack
from regel.cli import test as test_verb
from regel.tools.testing import check_untraced, format_run, run_tests


def case(name: str, x: Any, expect: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    return {"name": name, "as_of": "2024-01-01", "facts": {"x": x},
            "expect": expect if expect is not None else {"grade": "low"}, **kw}


# (tests in the file, passed, failed, texts the failure message shows)
CASES = [
    pytest.param([case("small is low", 5)], 1, 0, [], id="passing"),
    pytest.param([case("small is mid", 5, {"grade": "mid"})], 0, 1,
                 ['grade: expected "mid", got "low"'], id="failing-output"),
    pytest.param([case("small matches MID", 5, matched={"grade": ["MID"]})], 0, 1,
                 ["grade: expected rule MID to match; matched: LOW"], id="failing-matched"),
    pytest.param([case("small does not match LOW", 5, not_matched={"grade": ["LOW", "HIGH"]})],
                 0, 1, ["grade: expected rule LOW not to match, but it matched"],
                 id="failing-not-matched"),
    pytest.param([case("matched and not matched", 15, {"grade": "mid"},
                       matched={"grade": ["MID"]}, not_matched={"grade": ["LOW"]})], 1, 0, [],
                 id="passing-matched"),
    pytest.param([case("a text for a number", "ten")], 0, 1,
                 ["evaluation failed", "CASE-TYPE"], id="engine-error"),
    pytest.param([case("small is low", 5), case("big is mid", 25, {"grade": "mid"})], 1, 1,
                 ['grade: expected "mid", got "high"'], id="one-of-two"),
]


@pytest.mark.parametrize(("tests", "passed", "failed", "shown"), CASES)
def test_run_and_format(pack_dir: Callable[..., Path], tests: list[dict[str, Any]],
                        passed: int, failed: int, shown: list[str]) -> None:
    run = run_tests(load_pack(pack_dir(tests)))
    assert (run.passed, run.failed) == (passed, failed)
    text = format_run(run)
    assert text.splitlines()[-1] == f"{passed} passed, {failed} failed"
    for s in shown:
        assert s in text
    for r in run.results:
        if not r.passed:
            assert r.failures
            assert r.location and "basic.yaml:" in r.location
            assert f"FAILED {r.location}: {r.name}" in text


def test_failing_output_shows_the_explanation(pack_dir: Callable[..., Path]) -> None:
    run = run_tests(load_pack(pack_dir([case("small is mid", 5, {"grade": "mid"})])))
    [result] = run.results
    assert result.failures == ['grade: expected "mid", got "low"']
    assert result.failed_decisions == ["grade"]
    text = format_run(run, "en")
    assert "Testloven § 1" in text          # the explanation: the legal basis of the result
    assert format_run(run, "da") != text    # and it is written in the asked language


def test_coverage_lists_rules_never_matched_and_decisions_not_reached(
        pack_dir: Callable[..., Path]) -> None:
    run = run_tests(load_pack(pack_dir([case("small is low", 5)])))
    cov = run.coverage
    assert [(v.decision, v.never_matched) for v in cov.tables] == [("grade", ["MID", "HIGH"])]
    assert cov.not_reached == ["double"]
    assert (cov.matched_rules, cov.total_rules) == (1, 3)
    text = format_run(run)
    assert "grade: rules never matched: MID, HIGH" in text
    assert "decisions no test reached: double" in text
    assert "1 of 3 rules" in text and "(33.3%)" in text


def test_a_failed_evaluation_does_not_count_for_coverage(pack_dir: Callable[..., Path]) -> None:
    run = run_tests(load_pack(pack_dir([case("a text for a number", "ten")])))
    assert sorted(run.coverage.not_reached) == ["double", "grade"]
    assert run.coverage.matched_rules == 0


def _cli(pack: Path, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    test_verb.add_parser(parser.add_subparsers())
    args = parser.parse_args(["test", str(pack), *argv])
    return int(args.run(args))


@pytest.mark.parametrize(("argv", "code", "stderr"), [
    ([], 0, ""),
    (["--min-coverage", "30"], 0, ""),
    (["--min-coverage", "33.3"], 0, ""),
    (["--min-coverage", "50"], 1, "rule coverage 33.3% is below the minimum 50%"),
    (["--min-coverage", "100"], 1, "below the minimum 100%"),
])
def test_min_coverage(pack_dir: Callable[..., Path], capsys: pytest.CaptureFixture[str],
                      argv: list[str], code: int, stderr: str) -> None:
    assert _cli(pack_dir([case("small is low", 5)]), *argv) == code
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "1 passed, 0 failed"
    assert stderr in err


def test_cli_exit_code_on_failure(pack_dir: Callable[..., Path],
                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(pack_dir([case("small is mid", 5, {"grade": "mid"})]), "--lang", "en") == 1
    assert capsys.readouterr().out.splitlines()[-1] == "0 passed, 1 failed"


def test_min_coverage_must_be_a_percentage(pack_dir: Callable[..., Path]) -> None:
    with pytest.raises(SystemExit):
        _cli(pack_dir([case("small is low", 5)]), "--min-coverage", "120")


def test_json_output(pack_dir: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    pack = pack_dir([case("small is low", 5), case("big is mid", 25, {"grade": "mid"})])
    assert _cli(pack, "--format", "json", "--min-coverage", "50") == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["passed"], data["failed"]) == (1, 1)
    assert [r["name"] for r in data["results"]] == ["small is low", "big is mid"]
    assert data["results"][1]["failures"] == ['grade: expected "mid", got "high"']
    assert data["coverage"]["rules"] == 3 and data["coverage"]["rules_matched"] == 2
    assert data["coverage"]["never_matched"] == [
        {"decision": "grade", "valid_from": "2000-01-01", "period": "[2000-01-01, …)",
         "rules": 3, "reached": True, "never_matched": ["MID"]}]
    assert data["coverage"]["decisions_not_reached"] == ["double"]
    assert data["min_coverage"] == 50 and data["coverage_ok"] is True


@pytest.mark.parametrize(("names", "ran"), [
    (None, ["small is low", "big is mid", "big is high"]),
    (["big"], ["big is mid", "big is high"]),
    (["high", "small"], ["small is low", "big is high"]),
    (["nothing like this"], []),
])
def test_name_filter(pack_dir: Callable[..., Path], names: list[str] | None,
                     ran: list[str]) -> None:
    pack = load_pack(pack_dir([case("small is low", 5), case("big is mid", 25, {"grade": "mid"}),
                               case("big is high", 25, {"grade": "high"})]))
    assert [r.name for r in run_tests(pack, names).results] == ran


def test_cli_name_filter(pack_dir: Callable[..., Path],
                         capsys: pytest.CaptureFixture[str]) -> None:
    pack = pack_dir([case("small is low", 5), case("big is mid", 25, {"grade": "mid"})])
    assert _cli(pack, "-k", "small") == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 passed, 0 failed"
    assert _cli(pack, "-k", "nothing like this") == 1
    assert "no test name contains 'nothing like this'" in capsys.readouterr().err


@pytest.mark.parametrize(("test", "danish"), [
    (case("small is mid", 5, {"grade": "mid"}), 'grade: forventede "mid", fik "low"'),
    (case("small matches MID", 5, matched={"grade": ["MID"]}),
     "grade: forventede, at regel MID gjaldt; gjaldt: LOW"),
    (case("small does not match LOW", 5, not_matched={"grade": ["LOW"]}),
     "grade: forventede, at regel LOW ikke gjaldt, men den gjaldt"),
])
def test_failures_and_coverage_in_danish(pack_dir: Callable[..., Path], test: dict[str, Any],
                                         danish: str) -> None:
    run = run_tests(load_pack(pack_dir([test])), lang="da")
    assert run.results[0].failures == [danish]
    text = format_run(run, "da")
    assert "regeldækning: 1 af 3 regler gjaldt i mindst én test (33,3 %)" in text
    assert text.endswith("0 passed, 1 failed")      # the last line is the same in both


def test_an_engine_error_and_the_untraced_check_in_danish(
        pack_dir: Callable[..., Path]) -> None:
    pack = load_pack(pack_dir([case("a text for a number", "ten"),
                               case("small is mid", 5, {"grade": "mid"})]))
    run = run_tests(pack, lang="da")
    assert run.results[0].failures == [
        "evalueringen mislykkedes: x: CASE-TYPE: x skal være et tal, ikke teksten 'ten'"]
    assert check_untraced(pack, pack.tests[1], "da") == [
        '(uden sporing) grade: forventede "mid", fik "low"']
    assert check_untraced(pack, pack.tests[0], "da") == [
        "(uden sporing) evalueringen mislykkedes: x: CASE-TYPE: x skal være et tal, ikke "
        "teksten 'ten'"]


def test_every_text_is_in_both_languages() -> None:
    from regel.base.messages import CATALOGUE
    texts_of_test = {k: v for k, v in CATALOGUE.items() if k.startswith("testing.")}
    assert texts_of_test
    for key, texts in texts_of_test.items():
        assert set(texts) == {"da", "en"}, key
        assert all(t.strip() for t in texts.values()), key
