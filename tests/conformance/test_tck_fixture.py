"""`regel tck` on a small TCK of our own (tests/conformance/tck_fixture/, written for this
test, not copied from the TCK): one folder per shape the runner must count right.

- 0001: ``errorResult`` passes when the decision is null or its evaluation fails (two rules
  of a UNIQUE table match, which DMN makes null), and fails when it gives a value.
- 0002: an expected date of year -2017 passes (regel holds it); a time with a tenth digit
  of the second is read exactly and fails honestly (regel's nanosecond time is not it),
  while trailing zeros beyond microseconds are no finer a value.
- 0003: one case's input is no number: that case is an ERROR row, the others run.
- 0004: a decisionService case invokes the service with its inputs and judges its output
  decisions; one naming a service the model lacks is a FAILURE row saying so.
- 0005: a test file that is not XML at all is one ERROR row.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from regel.cli import main
from tests.conformance import harness

FIXTURE = Path(__file__).resolve().parent / "tck_fixture"

ROWS = [
    ["0001-error-result", "0001-error-result-test-01", "null", "SUCCESS", ""],
    ["0001-error-result", "0001-error-result-test-01", "value", "FAILURE",
     "Answer: expected an error or null, got 42"],
    ["0001-error-result", "0001-error-result-test-01", "fails", "SUCCESS", ""],
    ["0001-error-result", "0001-error-result-test-01", "no-error", "SUCCESS", ""],
    ["0002-exact-temporals", "0002-exact-temporals-test-01", "negative-year", "SUCCESS", ""],
    ["0002-exact-temporals", "0002-exact-temporals-test-01", "nanoseconds", "FAILURE",
     'Nanoseconds: expected time("11:22:33.1234567891"), got time("11:22:33.123456789")'],
    ["0002-exact-temporals", "0002-exact-temporals-test-01", "microseconds", "SUCCESS", ""],
    ["0003-bad-value", "0003-bad-value-test-01", "001", "SUCCESS", ""],
    ["0003-bad-value", "0003-bad-value-test-01", "002", "ERROR",
     "test case 002, input 'Amount': 'two' is not a number"],
    ["0003-bad-value", "0003-bad-value-test-01", "003", "SUCCESS", ""],
    ["0004-decision-service", "0004-decision-service-test-01", "001", "SUCCESS", ""],
    ["0004-decision-service", "0004-decision-service-test-01", "002", "SUCCESS", ""],
    ["0004-decision-service", "0004-decision-service-test-01", "003", "FAILURE",
     "Double: expected 9, got null (UNKNOWN-DECISION: the pack has no decision service "
     "'Tripling Service' (did you mean 'Doubling Service'?))"],
    ["0005-not-xml", "0005-not-xml-test-01", "-", "ERROR",
     "0005-not-xml-test-01.xml: malformed XML at line 1, column 1"],
]


def test_regel_tck_counts_each_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "tck_results.csv"
    code = main(["tck", str(FIXTURE), "--csv", str(out)])
    printed = capsys.readouterr().out.splitlines()
    assert code == 1
    assert printed[-1] == ("9 of 14 test cases passed (64.2 %); 5 models, 12 result nodes; "
                           f"3 failed, 2 errors; results in {out}")
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    assert rows == ROWS
    # every row that did not pass is printed, with its reason
    assert [line.split(":")[0] for line in printed[:-1]] == [
        r[3] for r in ROWS if r[3] != "SUCCESS"]


def test_the_reasons_in_danish(capsys: pytest.CaptureFixture[str]) -> None:
    main(["tck", str(FIXTURE), "--lang", "da"])
    printed = capsys.readouterr().out
    assert ("FORKERT: 0001-error-result 0001-error-result-test-01 value: Answer: forventede "
            "en fejl eller null, fik 42") in printed
    assert ("FORKERT: 0004-decision-service 0004-decision-service-test-01 003: Double: "
            "forventede 9, fik null (UNKNOWN-DECISION: regelsættet har ingen "
            "beslutningstjeneste 'Tripling Service' (mente du 'Doubling Service'?))"
            ) in printed
    assert "9 af 14 testcases bestået (64,2 %)" in printed


def test_the_independent_harness_counts_the_same() -> None:
    counted = harness.count(FIXTURE)
    assert sorted(k for k, passed in counted.items() if passed) == sorted(
        (r[0], r[1], r[2]) for r in ROWS if r[3] == "SUCCESS")
    assert len(counted) == len(ROWS) - 1   # the file that is no XML holds no case
