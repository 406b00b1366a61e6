"""Issue 19: numbers stay exact. FEEL's numbers are IEEE 754 decimal128: 34 significant
digits, rounded half to even, exponents up to 6144. Every output keeps those 34 digits
(JSON, batch records, replay), and what FEEL cannot hold (an infinity, NaN, a number past
1E+6144) is refused with an error that names the fact, never written as non-JSON and never
an INTERNAL-ERROR."""

from __future__ import annotations

import decimal
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from regel import load_pack
from regel.base.errors import CaseError, FeelEvaluationError
from regel.cli import main
from regel.feel import evaluate as feel_evaluate
from regel.feel import from_python
from regel.feel.jsonio import dumps
from regel.tools.replay import load_trace, replay
from tests.packbuilder import write_pack

#: decimal128, as the DMN spec defines FEEL's number
DEC128 = decimal.Context(prec=34, rounding=decimal.ROUND_HALF_EVEN, Emax=6144, Emin=-6143)


def exact(text: str) -> Any:
    return json.loads(text, parse_float=Decimal)


def feel_number(value: int | Decimal) -> Decimal:
    """``value`` as decimal128 holds it."""
    return DEC128.plus(Decimal(value))


# --------------------------------------------------------------------------- regel feel

def test_one_third_as_json_has_34_digits(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feel", "1 / 3", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"value": 0.' + "3" * 34 + "," in out
    assert exact(out)["value"] == DEC128.divide(Decimal(1), Decimal(3))


@pytest.mark.parametrize("power", [28, 29, 30, 33])
def test_a_power_of_ten_with_29_or_more_digits(capsys: pytest.CaptureFixture[str],
                                               power: int) -> None:
    assert main(["feel", f"10 ** {power}", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert f'"value": 1{"0" * power},' in out
    assert exact(out)["value"] == 10 ** power


# --------------------------------------------------------------------------- a pack

#: numbers of 29 to 40 significant digits, whole and with fractions, as JSON numbers
BIG = [int("1" * 29), int("9" * 30), int("1234567890" * 3 + "1234"), int("7" * 35),
       -int("3" * 40), Decimal("0." + "1234567890" * 3), Decimal("9" * 20 + "." + "9" * 15),
       Decimal("-1234567890123456789.01234567890123456789"), Decimal("1E+40"),
       Decimal("1.5E-40")]


def doubled(value: int | Decimal) -> Decimal:
    return DEC128.multiply(feel_number(value), Decimal(2))


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = {"id": "d", "label": {"da": "d", "en": "d"}, "requires": {"inputs": ["x"]},
         "versions": [{"valid_from": "2000-01-01", "source": "§ 1", "expression": "x * 2"}]}
    return write_pack(tmp_path_factory.mktemp("exact") / "pack", [d])


@pytest.mark.parametrize("value", BIG, ids=str)
def test_evaluate_keeps_34_digits_in_values_and_json(pack_dir: Path,
                                                     value: int | Decimal) -> None:
    result = load_pack(pack_dir).evaluate({"x": value}, as_of=None)
    assert result.values["d"] == doubled(value)
    assert exact(dumps(result.to_json()))["outputs"]["d"] == doubled(value)


def test_evaluate_many_keeps_34_digits(pack_dir: Path) -> None:
    rows: list[Any] = [{"id": str(i), "x": v} for i, v in enumerate(BIG)]
    rows += [dumps({"id": f"line-{i}", "x": v}, indent=None) for i, v in enumerate(BIG)]
    results = list(load_pack(pack_dir).evaluate_many(rows))
    assert [r.error for r in results] == [None] * len(rows)
    assert [r.values["d"] for r in results] == [doubled(v) for v in BIG] * 2


def test_regel_batch_keeps_34_digits(pack_dir: Path, tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text("".join(dumps({"id": str(i), "x": v}, indent=None) + "\n"
                             for i, v in enumerate(BIG * 20)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(pack_dir), "--cases", str(cases), "-o", str(out),
                 "--as-of", "2024-01-01", "--workers", "1"]) == 0
    records = [exact(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["ok"] for r in records] == [True] * len(BIG) * 20
    assert [r["outputs"]["d"] for r in records] == [doubled(v) for v in BIG] * 20


@pytest.mark.parametrize("value", [int("123456789" * 3 + "123"), int("7" * 35),
                                   Decimal("0." + "3" * 40)], ids=str)
def test_replay_of_an_unchanged_pack_with_a_long_fact_is_identical(pack_dir: Path,
                                                                   value: Any) -> None:
    pack = load_pack(pack_dir)
    archived = load_trace(dumps(pack.evaluate({"x": value}).to_json()))
    report = replay(archived, pack)
    assert report.ok and report.differences == []


# --------------------------------------------------------------------------- refused

NOT_FEEL = [Decimal("Infinity"), Decimal("-Infinity"), Decimal("NaN"), Decimal("-NaN"),
            Decimal("sNaN"), Decimal("1E+6145"), Decimal("-9.9E+99999"), 10 ** 6145]


def named(value: Any) -> str:
    """A test id: an int past Python's str() limit as its power of ten."""
    if isinstance(value, int) and value.bit_length() > 10_000:
        return "int-10**6145"
    return repr(value)[:20]


@pytest.mark.parametrize("value", NOT_FEEL, ids=named)
def test_from_python_refuses_what_feel_cannot_hold(value: Any) -> None:
    with pytest.raises(FeelEvaluationError) as caught:
        from_python({"a": [1, value]}, "facts")
    assert caught.value.code == "FEEL-NOT-FINITE-INPUT"
    assert "facts.a[2]" in caught.value.message


def test_feel_evaluate_refuses_an_infinite_context_value() -> None:
    with pytest.raises(FeelEvaluationError) as caught:
        feel_evaluate("x + 1", {"x": Decimal("Infinity")})
    assert caught.value.code == "FEEL-NOT-FINITE-INPUT"


@pytest.mark.parametrize("value", NOT_FEEL + [float("inf"), float("nan")],
                         ids=named)
def test_a_number_fact_feel_cannot_hold_is_a_case_error_naming_it(pack_dir: Path,
                                                                  value: Any) -> None:
    with pytest.raises(CaseError) as caught:
        load_pack(pack_dir).evaluate({"x": value})
    assert [(field, code) for field, code, _ in caught.value.problems] == [("x", "CASE-TYPE")]


@pytest.mark.parametrize("value", [Decimal("Infinity"), Decimal("NaN"), Decimal("1E+6145")],
                         ids=str)
def test_inside_a_list_or_context_it_is_named_too(tmp_path: Path, value: Any) -> None:
    inputs = {"xs": {"type": "list", "items": "number", "label": {"da": "xs", "en": "xs"}},
              "c": {"type": "context", "label": {"da": "c", "en": "c"}},
              "a": {"type": "any", "label": {"da": "a", "en": "a"}}}
    d = {"id": "d", "label": {"da": "d", "en": "d"}, "requires": {"inputs": list(inputs)},
         "versions": [{"valid_from": "2000-01-01", "source": "§ 1", "expression": "xs"}]}
    pack = load_pack(write_pack(tmp_path / "p", [d], inputs))
    with pytest.raises(CaseError) as caught:
        pack.evaluate({"xs": [1, value], "c": {"k": [value]}, "a": value})
    problems = {field: message for field, _, message in caught.value.problems}
    assert sorted(problems) == ["a", "c", "xs"]
    assert all(str(value) in message for message in problems.values())


def test_batch_rows_beyond_feel_are_case_errors_not_internal_errors(pack_dir: Path) -> None:
    rows = ['{"id": "a", "x": 1e99999}', '{"id": "b", "x": -1E+6145}',
            '{"id": "c", "x": Infinity}', '{"id": "d", "x": NaN}',
            {"id": "e", "x": Decimal("Infinity")}, {"id": "f", "x": Decimal("NaN")}]
    results = list(load_pack(pack_dir).evaluate_many(rows, as_of=None))
    codes = [(r.error.code, r.error.first.field) if r.error else None for r in results]
    assert codes == [("CASE-TYPE", "x"), ("CASE-TYPE", "x"), ("CASE-FORMAT", "case"),
                     ("CASE-FORMAT", "case"), ("CASE-TYPE", "x"), ("CASE-TYPE", "x")]


def test_regel_batch_writes_only_json(pack_dir: Path, tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"id": "a", "x": 1e99999}\n{"id": "b", "x": 2}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    main(["batch", str(pack_dir), "--cases", str(cases), "-o", str(out),
          "--as-of", "2024-01-01", "--workers", "1"])
    records = [json.loads(line, parse_constant=pytest.fail)
               for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["ok"], r.get("error", {}).get("code")) for r in records] == \
        [(False, "CASE-TYPE"), (True, None)]
