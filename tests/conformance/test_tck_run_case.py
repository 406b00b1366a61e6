"""run_case judges one test case as the TCK's runners do (issue 14): each result node's
decision alone with the case's inputs; an errorResult node passes on null or a RegelError
(CaseError included), any other node only without an error and with the expected value."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import regel.tools.tck as tck
from regel import load_dmn
from regel.tools.tck_cases import ExactTemporal, TckCase, TckResultNode

FIXTURE = Path(__file__).resolve().parent / "tck_fixture"


@pytest.fixture(scope="module")
def double() -> Any:
    return load_dmn(FIXTURE / "0003-bad-value" / "0003-bad-value.dmn")


def _case(inputs: dict[str, Any], name: str, expected: Any = None, error_result: bool = False,
          type: str = "decision") -> TckCase:
    return TckCase("c", None, inputs, [TckResultNode(name, expected, error_result)], type=type)


CASES = [
    # (inputs, result node, expected, errorResult, type) -> result, words of the message
    ({"Amount": Decimal(2)}, "Double", Decimal(4), False, "decision", "SUCCESS", []),
    ({"Amount": Decimal(2)}, "Double", Decimal("4.000000009"), False, "decision", "SUCCESS",
     []),
    ({"Amount": Decimal(2)}, "Double", Decimal(5), False, "decision", "FAILURE",
     ["Double: expected 5, got 4"]),
    ({"Amount": Decimal(2)}, "Double", None, True, "decision", "FAILURE",
     ["Double: expected an error or null, got 4"]),
    ({"Amount": None}, "Double", None, True, "decision", "SUCCESS", []),
    # an input the model does not have: CaseError, an error of the node
    ({"Amunt": Decimal(2)}, "Double", Decimal(4), False, "decision", "FAILURE",
     ["Double: expected 4, got null (CASE-UNKNOWN-FACT: Amunt: "]),
    ({"Amunt": Decimal(2)}, "Double", None, True, "decision", "SUCCESS", []),
    # a decision the model does not have: EvaluationError; expecting null is not enough
    ({"Amount": Decimal(2)}, "Triple", None, False, "decision", "FAILURE",
     ["Triple: expected null, got null (UNKNOWN-DECISION: "]),
    ({"Amount": Decimal(2)}, "Triple", None, True, "decision", "SUCCESS", []),
    # what regel cannot run or hold never passes
    ({"Amount": ExactTemporal("date", "1000000000-01-01")}, "Double", None, True, "decision",
     "ERROR", ["input 'Amount': regel cannot hold the value date(\"1000000000-01-01\")",
               "a year beyond -999999999 to 999999999"]),
    ({"Amount": Decimal(2)}, "Double", Decimal(4), False, "bkm", "FAILURE",
     ["regel does not run test cases of type 'bkm' yet"]),
]


@pytest.mark.parametrize(("inputs", "name", "expected", "error_result", "type", "result",
                          "words"), CASES)
def test_run_case(double: Any, inputs: dict[str, Any], name: str, expected: Any,
                  error_result: bool, type: str, result: str, words: list[str]) -> None:
    outcome = tck.run_case(double, _case(inputs, name, expected, error_result, type))
    assert outcome.result == result, outcome.message
    for word in words:
        assert word in outcome.message
    assert bool(outcome.message) is (result != "SUCCESS")


def test_each_node_is_judged_alone(double: Any) -> None:
    case = TckCase("c", None, {"Amount": Decimal(3)}, [
        TckResultNode("Double", Decimal(6)), TckResultNode("Triple", Decimal(9)),
        TckResultNode("Double", Decimal(7))])
    outcome = tck.run_case(double, case)
    assert [n.passed for n in outcome.nodes] == [True, False, False]
    assert outcome.result == "FAILURE"
    assert outcome.message.startswith("Triple: expected 9, got null (UNKNOWN-DECISION: ")
    assert outcome.message.endswith("; Double: expected 7, got 6")


def test_a_crash_of_regel_is_an_error_never_a_pass(double: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: Any, **kwargs: Any) -> Any:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(tck, "evaluate", crash)
    outcome = tck.run_case(double, _case({"Amount": Decimal(2)}, "Double", None, True))
    assert (outcome.result, outcome.message) == (
        "ERROR", "Double: regel failed with an internal error (ZeroDivisionError: boom)")
