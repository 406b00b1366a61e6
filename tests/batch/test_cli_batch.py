"""regel batch: JSONL and CSV caseloads, error records, order, workers, atomic output."""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from batch_helpers import LIB_CASES, LIBRARY, SIK_CASES, case_data, jsonl, read_results

import regel.tools.batch as batch
from regel.cli import main
from regel.feel.jsonio import dumps
from regel.run.evaluate import Case

DECISIONS = ["--decision", "indexed_amounts", "--decision", "validity_end_date"]
NEEDED = ["application_date", "original_start_date", "permit_basis"]


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    """A case file as a flat JSONL object: id, as_of and the facts side by side."""
    return {"id": data["id"], "as_of": data["as_of"], **data["facts"]}


def _sik_lines() -> tuple[list[Any], list[dict[str, Any]]]:
    """Every example case twice (as a case object and flat) plus broken ones; and the
    expected (id, ok, error code, field) of each record."""
    items: list[Any] = []
    for path in SIK_CASES:
        data = case_data(path)
        if not all(f in data["facts"] for f in NEEDED):
            continue
        items.append({k: v for k, v in data.items() if k != "decisions"})
        items.append(_flat(data))
    good = len(items)
    base = _flat(case_data(SIK_CASES[0]))
    items += [
        {**base, "id": "bad-date", "original_start_date": "2024-02-30"},
        {**{k: v for k, v in base.items() if k != "application_date"}, "id": "missing"},
        {**base, "id": "unknown", "permit_datoe": "2024-06-14"},
        {**base, "id": "wrong-type", "permit_basis": 9},
        '{"id": "broken", "permit_basis": "ss9_1_1", ',
        {**base, "id": "bad-as-of", "as_of": "2024-13-01"},
        "[1, 2, 3]",
    ]
    expected = [{"ok": True} for _ in range(good)] + [
        {"ok": False, "id": "bad-date", "code": "CASE-TYPE", "field": "original_start_date"},
        {"ok": False, "id": "missing", "code": "CASE-MISSING-FACT", "field": "application_date"},
        {"ok": False, "id": "unknown", "code": "CASE-UNKNOWN-FACT", "field": "permit_datoe"},
        {"ok": False, "id": "wrong-type", "code": "CASE-TYPE", "field": "permit_basis"},
        {"ok": False, "id": None, "code": "CASE-FORMAT", "field": "case"},
        {"ok": False, "id": "bad-as-of", "code": "CASE-TYPE", "field": "as_of"},
        {"ok": False, "id": None, "code": "CASE-FORMAT", "field": "case"},
    ]
    return items, expected


def test_jsonl_results_in_order_with_ids_and_error_records(tmp_path: Path, sik: Any,
                                                           capsys: Any) -> None:
    items, expected = _sik_lines()
    cases = tmp_path / "caseload.jsonl"
    cases.write_text(jsonl(items[:3]) + "   \n" + jsonl(items[3:]), encoding="utf-8")
    out = tmp_path / "results.jsonl"
    code = main(["batch", "sikkerhedsstillelse", "--cases", str(cases), "-o", str(out),
                 *DECISIONS, "--workers", "1", "--lang", "en"])
    assert code == 1  # some cases failed
    results = read_results(out)
    # one record per physical line: the blank line after the third record is one too
    assert [r["line"] for r in results] == list(range(1, len(items) + 2))
    blank = results.pop(3)
    assert (blank["ok"], blank["id"], blank["error"]["code"], blank["error"]["field"]) == \
        (False, None, "CASE-FORMAT", "case")
    assert len(results) == len(items)
    for item, want, got in zip(items, expected, results, strict=True):
        assert got["ok"] is want["ok"], got
        if want["ok"]:
            assert got["id"] == item["id"]
            case = Case.from_data({k: v for k, v in item.items() if k == "facts"} or
                                  {"facts": {k: v for k, v in item.items()
                                             if k not in ("id", "as_of")}})
            one = sik.evaluate(case, ["indexed_amounts", "validity_end_date"],
                               Case.from_data({"facts": {}, "as_of": item["as_of"]}).as_of,
                               trace=False)
            assert got["outputs"] == json.loads(dumps(one.values, indent=None), parse_float=Decimal)
            assert list(got["outputs"]) == ["indexed_amounts", "validity_end_date"]
        else:
            assert got["id"] == want["id"]
            assert got["error"]["code"] == want["code"]
            assert got["error"]["field"] == want["field"]
            assert got["error"]["message"]
    err = capsys.readouterr().err
    failed = sum(not w["ok"] for w in expected) + 1   # and the blank line
    assert re.search(rf"^{len(items) + 1} cases: {len(items) + 1 - failed} ok, {failed} failed "
                     r"\(\d+\.\d s, \d+ cases/s\)$", err, re.M), err


def test_exact_money_and_no_floats(tmp_path: Path) -> None:
    data = case_data(SIK_CASES[0])
    cases = tmp_path / "one.jsonl"
    cases.write_text(jsonl([data]), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["batch", "sikkerhedsstillelse", "--cases", str(cases), "-o", str(out),
                 "--decision", "indexed_amounts", "--workers", "1"]) == 0
    text = out.read_text(encoding="utf-8")
    assert '"base": 113823.3' in text and '"floor": 68293.98' in text


def _library_csv(extra_rows: list[str]) -> str:
    header = ["id", "as_of", "borrower_age", "student_card", "item_type", "loan_date",
              "due_date", "return_date", "damaged", "replacement_price", "unpaid_debt"]
    rows = [",".join(header)]
    for path in LIB_CASES:
        data = case_data(path)
        facts = data["facts"]
        cells = [data["id"], str(data["as_of"])]
        for name in header[2:]:
            value = facts.get(name)
            cells.append("" if value is None else
                         ("ja" if value is True else "nej") if isinstance(value, bool)
                         else f'"{value}"' if isinstance(value, str) and " " in value
                         else str(value))
        rows.append(",".join(cells))
    return "\n".join(rows + extra_rows) + "\n"


def test_csv_library_pack(tmp_path: Path, library: Any) -> None:
    bad = [
        "n1,2024-03-20,ten,nej,book,2024-03-01,2024-03-29,2024-03-20,ja,250,0",
        "n2,2024-03-20,10,nej,book,2024-03-01,2024-02-30,2024-03-20,ja,250,0",
        "n3,2024-03-20,10,nej,book,2024-03-01,2024-03-29,2024-03-20,,250,0",
        "n4,2024-03-20,10,maybe,book,2024-03-01,2024-03-29,2024-03-20,ja,250,0",
        "n5,2024-03-20,10,nej",
    ]
    cases = tmp_path / "loans.csv"
    cases.write_text(_library_csv(bad), encoding="utf-8")
    out = tmp_path / "fees.jsonl"
    assert main(["batch", str(LIBRARY), "--cases", str(cases), "-o", str(out),
                 "--decision", "amount_due", "--decision", "late_fee", "--workers", "1"]) == 1
    results = read_results(out)
    assert len(results) == len(LIB_CASES) + len(bad)
    assert [r["line"] for r in results] == list(range(2, 2 + len(results)))
    for path, got in zip(LIB_CASES, results, strict=False):
        data = case_data(path)
        want = library.evaluate(Case.from_data(data), ["amount_due", "late_fee"],
                                trace=False).values
        assert got["id"] == data["id"] and got["ok"] is True
        assert got["outputs"] == json.loads(dumps(want, indent=None), parse_float=Decimal)
    errors = {r["id"]: r["error"] for r in results if not r["ok"]}
    assert errors["n1"]["code"] == "CASE-TYPE" and errors["n1"]["field"] == "borrower_age"
    assert "must be a number, not the text 'ten'" in errors["n1"]["message"]
    assert errors["n2"]["code"] == "CASE-TYPE" and errors["n2"]["field"] == "due_date"
    assert errors["n3"]["code"] == "CASE-MISSING-FACT" and errors["n3"]["field"] == "damaged"
    assert errors["n4"]["code"] == "CASE-TYPE" and errors["n4"]["field"] == "student_card"
    assert errors["n5"]["code"] == "CASE-FORMAT" and errors["n5"]["field"] == "row"


def test_csv_semicolons_bom_quotes_and_json_cells(tmp_path: Path) -> None:
    text = ("\ufeffid;as_of;permit_basis;application_date;original_start_date;"
            "current_amount;reductions_granted;reduction_request_date;test_a1_passed_date\n"
            'k1;2022-08-15;ss9_1_1;2019-03-11;2019-10-01;81192.00;"[""a1""]";2021-02-08;'
            "2020-03-20\n"
            'k2;2022-08-15;ss9_1_1;2019-03-11;2019-10-01;81192.00;[a1];2021-02-08;2020-03-20\n')
    cases = tmp_path / "k.csv"
    cases.write_text(text, encoding="utf-8")
    out = tmp_path / "k.jsonl"
    assert main(["batch", "sikkerhedsstillelse", "--cases", str(cases), "-o", str(out),
                 "--decision", "reduction", "--workers", "1"]) == 1
    first, second = read_results(out)
    assert first["ok"] and first["id"] == "k1"
    assert second["error"]["code"] == "CASE-TYPE"
    assert second["error"]["field"] == "reductions_granted"
    assert "JSON" in second["error"]["message"]


N = len(_sik_lines()[0])


def _big_jsonl(tmp_path: Path, copies: int) -> Path:
    items, _ = _sik_lines()
    cases = tmp_path / "big.jsonl"
    cases.write_text(jsonl(items * copies), encoding="utf-8")
    return cases


def test_workers_1_and_2_give_identical_bytes(tmp_path: Path, capsys: Any) -> None:
    cases = _big_jsonl(tmp_path, 40)   # 1,320 records: two chunks and a part
    outs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}.jsonl"
        assert main(["batch", "sikkerhedsstillelse", "--cases", str(cases), "-o", str(out),
                     *DECISIONS, "--workers", workers, "--format", "json"]) == 1
        summary = json.loads(capsys.readouterr().out)
        assert summary["workers"] == int(workers)
        assert summary["cases"] == summary["ok"] + summary["failed"] == 40 * N
        assert summary["failed"] == 40 * 7
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_small_chunks_keep_order_across_processes(tmp_path: Path, sik: Any) -> None:
    cases = _big_jsonl(tmp_path, 6)
    out1, out2 = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    asked = ["reduction", "validity_end_date"]
    s1 = batch.run_batch(sik, "sikkerhedsstillelse", cases, out1, decisions=asked, workers=1,
                         chunk_size=7)
    s2 = batch.run_batch(sik, "sikkerhedsstillelse", cases, out2, decisions=asked, workers=2,
                         chunk_size=7)
    assert out1.read_bytes() == out2.read_bytes()
    assert (s1.cases, s1.ok, s1.errors) == (s2.cases, s2.ok, s2.errors)
    assert [r["line"] for r in read_results(out2)] == list(range(1, 6 * N + 1))


def test_trace_option_adds_each_trace(tmp_path: Path) -> None:
    items, _ = _sik_lines()
    cases = tmp_path / "c.jsonl"
    cases.write_text(jsonl(items[:2] + items[-1:]), encoding="utf-8")
    out = tmp_path / "t.jsonl"
    main(["batch", "sikkerhedsstillelse", "--cases", str(cases), "-o", str(out), "--trace",
          "--decision", "validity_end_date", "--workers", "1"])
    ok, ok2, bad = read_results(out)
    assert ok["trace"]["pack"]["id"] == "sikkerhedsstillelse"
    assert ok["trace"]["case_id"] == ok["id"]
    assert ok["trace"]["outputs"] == ok["outputs"]
    assert "trace" in ok2 and "trace" not in bad and not bad["ok"]


# --------------------------------------------------------------------------- atomic output

def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def _explode(*args: Any) -> Any:
    raise OSError(28, "No space left on device")


def test_failure_midway_leaves_no_output(tmp_path: Path, monkeypatch: Any,
                                         capsys: Any) -> None:
    cases = _big_jsonl(tmp_path, 40)
    out = tmp_path / "results.jsonl"
    calls = {"n": 0}
    real = batch._work

    def work(chunk: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:   # the first chunk was written; the disk fills up
            _explode()
        return real(chunk)

    monkeypatch.setattr(batch, "_work", work)
    code = main(["batch", "sikkerhedsstillelse", "--cases", str(cases), "-o", str(out),
                 "--workers", "1"])
    assert code == 1 and calls["n"] == 2
    assert not out.exists() and _leftovers(tmp_path) == []
    assert "Traceback" not in capsys.readouterr().err


def test_failed_rename_keeps_the_old_output(tmp_path: Path, monkeypatch: Any) -> None:
    cases = _big_jsonl(tmp_path, 1)
    out = tmp_path / "results.jsonl"
    out.write_text("yesterday\n", encoding="utf-8")
    monkeypatch.setattr(batch.os, "replace", _explode)
    assert main(["batch", "sikkerhedsstillelse", "--cases", str(cases), "-o", str(out),
                 "--workers", "1"]) == 1
    assert out.read_text(encoding="utf-8") == "yesterday\n"
    assert _leftovers(tmp_path) == []


def _die_on_line_30(pack: Any, line: int, payload: Any, settings: Any, columns: Any) -> Any:
    if line == 30:
        os._exit(3)   # a worker killed (out of memory, say)
    return _REAL_RECORD_RESULT(pack, line, payload, settings, columns)


_REAL_RECORD_RESULT = batch._record_result


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="the dying worker is injected through fork")
def test_worker_that_dies_fails_the_batch_without_output(tmp_path: Path, monkeypatch: Any,
                                                         capsys: Any) -> None:
    cases = _big_jsonl(tmp_path, 4)
    out = tmp_path / "results.jsonl"
    monkeypatch.setattr(batch, "_record_result", _die_on_line_30)
    monkeypatch.setattr(batch, "CHUNK", 10)
    code = main(["batch", "sikkerhedsstillelse", "--cases", str(cases), "-o", str(out),
                 "--workers", "2"])
    assert code == 1
    assert not out.exists() and _leftovers(tmp_path) == []
    assert "BATCH-WORKER" in capsys.readouterr().err


def test_output_is_written_under_a_temporary_name_then_renamed(tmp_path: Path,
                                                               monkeypatch: Any) -> None:
    cases = _big_jsonl(tmp_path, 1)
    out = tmp_path / "results.jsonl"
    seen: list[tuple[str, bool]] = []
    real = os.replace

    def replace(src: Any, dst: Any) -> None:
        if Path(dst) == out:   # (regel's cache, filled meanwhile, is written the same way)
            seen.append((Path(src).name, Path(dst).exists()))
        real(src, dst)

    monkeypatch.setattr(batch.os, "replace", replace)
    assert main(["batch", "sikkerhedsstillelse", "--cases", str(cases), "-o", str(out),
                 "--workers", "1"]) == 1
    [(name, existed)] = seen
    assert name.startswith(".results.jsonl.") and name.endswith(".part") and not existed
    assert out.exists() and _leftovers(tmp_path) == []


# --------------------------------------------------------------------------- usage and files

def test_help_has_examples_and_exit_codes(capsys: Any) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["batch", "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    assert "regel batch sikkerhedsstillelse --cases" in text
    assert "0 every case ok, 1 at least one case failed" in text


@pytest.mark.parametrize(("argv", "code", "message"), [
    (["--cases", "cases.txt"], 2, "must be a .jsonl or a .csv file"),
    (["--cases", "x.csv", "--workers", "0"], 2, "--workers must be 1 or more"),
    (["--cases", "x.csv", "--as-of", "2024-13-01"], 2, "is not a date"),
    (["--cases", "missing.jsonl"], 1, "FILE-NOT-FOUND: the file does not exist"),
    (["--cases", "empty.csv"], 1, "CSV-HEADER: the CSV file is empty"),
    (["--cases", "binary.csv"], 1,
     "FILE-UNREADABLE at line 1, column 1: the header row is not UTF-8"),
    (["--cases", "dup.csv"], 1, "CSV-HEADER: the header names the column 'id' twice"),
    (["--cases", "ok.jsonl", "--decision", "nope"], 1, "UNKNOWN-DECISION"),
    (["--cases", "ok.jsonl", "-o", "nofolder/out.jsonl"], 1, "FILE-UNWRITABLE"),
    (["--cases", "ok.jsonl", "-o", "."], 1, "FILE-UNWRITABLE: this is a folder"),
])
def test_bad_inputs_give_plain_errors(tmp_path: Path, monkeypatch: Any, capsys: Any,
                                      argv: list[str], code: int, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    (tmp_path / "binary.csv").write_bytes(b"\xff\xfe\x00id,\x80\n1,2\n")
    (tmp_path / "dup.csv").write_text("id,permit_basis,id\n", encoding="utf-8")
    (tmp_path / "ok.jsonl").write_text("{}\n", encoding="utf-8")
    if "-o" not in argv:
        argv = [*argv, "-o", "out.jsonl"]
    assert main(["batch", "sikkerhedsstillelse", *argv, "--lang", "en"]) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "out.jsonl").exists()


def test_not_utf8_line_is_one_error_record(tmp_path: Path) -> None:
    cases = tmp_path / "c.jsonl"
    cases.write_bytes(b'{"id": "a", "permit_basis": "ss9_1_1"}\n{"id": "\xff"}\n')
    out = tmp_path / "o.jsonl"
    assert main(["batch", "sikkerhedsstillelse", "--cases", str(cases), "-o", str(out),
                 "--decision", "validity_years", "--as-of", "2020-01-01",
                 "--workers", "1"]) == 1
    first, second = read_results(out)
    assert first["error"]["code"] == "CASE-MISSING-FACT"
    assert second["error"]["code"] == "CASE-FORMAT" and "UTF-8" in second["error"]["message"]


def test_all_ok_exits_0_and_json_summary(tmp_path: Path, capsys: Any) -> None:
    cases = tmp_path / "c.jsonl"
    cases.write_text(jsonl([case_data(SIK_CASES[0])]), encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert main(["batch", "sikkerhedsstillelse", "--cases", str(cases), "-o", str(out),
                 "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["cases"] == summary["ok"] == 1 and summary["failed"] == 0
    assert summary["errors"] == {} and summary["output"] == str(out)
    assert isinstance(summary["seconds"], (int, float))


def test_empty_caseload(tmp_path: Path, capsys: Any) -> None:
    cases = tmp_path / "c.jsonl"
    cases.write_text("", encoding="utf-8")   # no line (a file of one blank line has one)
    out = tmp_path / "o.jsonl"
    assert main(["batch", "sikkerhedsstillelse", "--cases", str(cases), "-o", str(out),
                 "--lang", "en"]) == 0
    which, summary = capsys.readouterr().err.splitlines()   # which copy, then the count
    assert out.read_text() == "" and summary.startswith("0 cases: 0 ok")
    assert which == "pack: rules/sikkerhedsstillelse"


def test_progress_on_a_terminal(tmp_path: Path, monkeypatch: Any, capsys: Any) -> None:
    cases = _big_jsonl(tmp_path, 2)
    out = tmp_path / "o.jsonl"
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    calls: list[tuple[int, int, int]] = []
    real = batch.run_batch

    def spy(*args: Any, **kwargs: Any) -> Any:
        assert kwargs["progress"] is not None
        inner = kwargs["progress"]
        kwargs["progress"] = lambda *a: (calls.append(a), inner(*a))
        return real(*args, **kwargs)

    monkeypatch.setattr(batch, "run_batch", spy)
    main(["batch", "sikkerhedsstillelse", "--cases", str(cases), "-o", str(out),
          "--workers", "1"])
    assert calls and calls[-1][0] == 2 * N and calls[-1][1] == calls[-1][2] == cases.stat().st_size
