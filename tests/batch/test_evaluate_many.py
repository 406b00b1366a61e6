"""Pack.evaluate_many: lazy, in order, one result per input, never raising for a bad case;
and the reading of CSV cells by the pack's declared types."""

from __future__ import annotations

import datetime as dt
import gc
import tracemalloc
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from batch_helpers import SIK_CASES, case_data

import regel.tools.batch as batch
from regel import CaseError, EvaluationError
from regel.feel.jsonio import dumps, plain
from regel.run.evaluate import Case


def _cases() -> list[Any]:
    return [Case.from_data(case_data(p)) for p in SIK_CASES]


def test_equals_evaluating_one_by_one(sik: Any) -> None:
    cases = _cases()
    many = list(sik.evaluate_many(iter(cases)))
    assert len(many) == len(cases)
    for i, (case, result) in enumerate(zip(cases, many, strict=True)):
        one = sik.evaluate(case, trace=False)
        assert result.index == i and result.id == case.id and result.ok
        assert result.values == one.values
        assert result.evaluation.as_of == one.as_of
        assert [w.code for w in result.evaluation.warnings] == [w.code for w in one.warnings]


def test_trace_and_records_in_every_form(sik: Any) -> None:
    data = case_data(SIK_CASES[2])
    flat = {"id": data["id"], "as_of": data["as_of"], **data["facts"]}
    line = dumps({**flat, "as_of": str(data["as_of"])}, indent=None)
    forms = [Case.from_data(data), data, flat, line]
    results = list(sik.evaluate_many(forms, decisions=["reduction"], trace=True))
    want = sik.evaluate(Case.from_data(data), ["reduction"], trace=True)
    for r in results:
        assert r.ok and r.id == data["id"]
        assert r.values == want.values
        assert r.evaluation.to_json() == want.to_json()
        assert r.to_json()["trace"] == want.to_json()
    assert results[0].to_json(line=7) == {"line": 7, "id": data["id"], "ok": True,
                                          "outputs": want.values, "trace": want.to_json()}


def test_bad_cases_give_error_results_and_never_raise(sik: Any) -> None:
    good = case_data(SIK_CASES[0])
    inputs: list[Any] = [
        {"facts": {**good["facts"], "permit_date": "2024-02-30"}, "id": "a"},
        {"facts": {"permit_basis": "ss9_1_1"}, "id": "b"},
        {"facts": {**good["facts"], "nope": 1}, "id": "c"},
        '{"id": "d", ',
        42,
        {"facts": {**good["facts"], "original_amount": 1.5}, "id": "f"},
        good,
    ]
    results = list(sik.evaluate_many(inputs, decisions=["validity_end_date",
                                                        "indexed_amounts"]))
    assert [r.ok for r in results] == [False] * 6 + [True]
    assert [r.id for r in results] == ["a", "b", "c", None, None, "f", good["id"]]
    codes = [(r.error.code, r.error_json()["field"]) for r in results[:6]]
    assert codes == [("CASE-TYPE", "permit_date"), ("CASE-MISSING-FACT", "application_date"),
                     ("CASE-UNKNOWN-FACT", "nope"), ("CASE-FORMAT", "case"),
                     ("CASE-FORMAT", "case"), ("CASE-TYPE", "original_amount")]
    assert isinstance(results[0].error, CaseError)
    assert results[0].to_json() == {"id": "a", "ok": False, "error": results[0].error_json()}
    many = results[1].error_json()
    assert [p["field"] for p in many["problems"]] == ["application_date",
                                                      "original_start_date"]


def test_internal_engine_fault_is_one_error_result(sik: Any, monkeypatch: Any) -> None:
    import regel.tools.batch as batch_module
    real = batch_module.evaluate
    calls = iter([1, 2, 3])

    def flaky(*args: Any, **kwargs: Any) -> Any:
        if next(calls) == 2:
            raise ZeroDivisionError("boom")
        return real(*args, **kwargs)

    monkeypatch.setattr(batch_module, "evaluate", flaky)
    cases = _cases()[:3]
    results = list(sik.evaluate_many(cases))
    assert [r.ok for r in results] == [True, False, True]
    assert results[1].error.code == "INTERNAL-ERROR" and "boom" in results[1].error.message


def test_unknown_decision_raises_at_once(sik: Any) -> None:
    with pytest.raises(EvaluationError, match="no decision 'reductoin'.*reduction"):
        sik.evaluate_many(iter(()), decisions=["reductoin"])


def test_lazy_one_result_per_input_pulled(sik: Any) -> None:
    pulled = []

    def source() -> Iterator[Case]:
        for case in _cases():
            pulled.append(case.id)
            yield case

    results = sik.evaluate_many(source())
    assert pulled == []
    first = next(results)
    assert pulled == [first.id]
    next(results)
    assert len(pulled) == 2


def test_today_is_fixed_once_and_as_of_overrides(sik: Any, monkeypatch: Any) -> None:
    data = case_data(SIK_CASES[0])
    undated = {"facts": data["facts"]}
    [r] = sik.evaluate_many([undated], decisions=["validity_end_date"])
    assert r.evaluation.as_of == dt.date.today()
    [r] = sik.evaluate_many([data], decisions=["validity_end_date"],
                            as_of=dt.date(2030, 1, 1))
    assert r.evaluation.as_of == dt.date(2030, 1, 1)


def _generated(n: int) -> Iterator[dict[str, Any]]:
    for i in range(n):
        year = 2012 + i % 12
        yield {"id": f"c{i}", "as_of": "2024-07-01", "permit_basis": "ss9_1_1",
               "application_date": f"{year}-03-{1 + i % 28:02d}",
               "original_start_date": f"{year}-09-{1 + i % 28:02d}"}


def test_memory_stays_bounded_over_20000_cases(sik: Any) -> None:
    asked = ["validity_end_date"]
    list(sik.evaluate_many(_generated(50), decisions=asked))   # warm caches and imports
    gc.collect()
    tracemalloc.start()
    try:
        held = list(sik.evaluate_many(_generated(1000), decisions=asked))
        per_result = tracemalloc.get_traced_memory()[0] / len(held)
        del held
        gc.collect()
        tracemalloc.reset_peak()
        start = tracemalloc.get_traced_memory()[0]
        count = ok = 0
        for result in sik.evaluate_many(_generated(20_000), decisions=asked):
            count += 1
            ok += result.ok
        peak = tracemalloc.get_traced_memory()[1] - start
    finally:
        tracemalloc.stop()
    assert count == ok == 20_000
    holding_all = per_result * 20_000
    assert holding_all > 5_000_000           # what keeping every result would take
    assert peak < holding_all / 20, (peak, holding_all)


# --------------------------------------------------------------------------- CSV cells

@pytest.mark.parametrize(("type_", "text", "value"), [
    ("number", "81192.00", Decimal("81192.00")),
    ("number", " -5 ", Decimal("-5")),
    ("number", "1e3", Decimal("1e3")),
    ("boolean", "ja", True), ("boolean", "NEJ", False), ("boolean", "1", True),
    ("boolean", "0", False), ("boolean", "True", True), ("boolean", "false", False),
    ("date", "2024-02-30", "2024-02-30"),   # the case check reports it, naming the fact
    ("string", " a b ", " a b "),
    ("list", '["a1", 2.50]', ["a1", Decimal("2.50")]),
    ("context", '{"law": "aktivloven", "amount": 1000.5}',
     {"law": "aktivloven", "amount": Decimal("1000.5")}),
    ("any", "[1]", [1]), ("any", "text", "text"),
])
def test_cells_by_declared_type(type_: str, text: str, value: Any) -> None:
    got = batch._cell(type_, None, text)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize(("type_", "text", "message"), [
    ("number", "abc", "must be a number, not the text 'abc'"),
    ("number", "1.234,50", "write decimals with a point"),
    ("number", "NaN", "must be a number"),
    ("number", "Infinity", "must be a number"),
    ("boolean", "yes", "must be true or false (or ja/nej, 1/0)"),
    ("list", "a1", "must be written as JSON"),
    ("context", '{"a": NaN}', "must be written as JSON"),
])
def test_bad_cells(type_: str, text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        batch._cell(type_, None, text)


def test_csv_row_record(sik: Any) -> None:
    cols = batch.CsvColumns(sik, ["id", "as_of", "current_amount", "permit_basis", "bogus"])
    assert cols.record(["x", "2024-01-01", "10.50", "", "zz"]) == {
        "id": "x", "as_of": "2024-01-01", "current_amount": Decimal("10.50"), "bogus": "zz"}
    with pytest.raises(CaseError) as err:
        cols.record(["x", "", "ten", "", ""])
    assert err.value.problems[0][:2] == ("current_amount", "CASE-TYPE")
    assert cols.id_of(["x", "", "ten", "", ""]) == "x"


def test_line_writer_matches_jsonout(sik: Any) -> None:
    for case in _cases():
        result = next(sik.evaluate_many([case], trace=True))
        record = result.to_json(line=3)
        # the one-line writer's fast path (values by exact type) writes what the
        # general path (plain() data) writes
        assert dumps(record, indent=None) == dumps(plain(record), indent=None)
