"""regel batch loses nothing (issue 19): every input line gets exactly one result line, in
order, whatever its bytes (lone surrogates, bytes that are not UTF-8, blank lines, broken CSV
quoting), each bad one an ok:false record whose message locates the problem; a broken CSV
header is a located whole-run error; a killed run leaves no temporary file and no worker."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import regel.tools.batch as batch
from regel.cli import main

ROOT = Path(__file__).resolve().parents[2]
GOOD = '{"id": "g", "permit_basis": "ss9_1_1"}'


def _run(tmp_path: Path, name: str, data: bytes, workers: int = 1,
         extra: tuple[str, ...] = ()) -> tuple[int, list[dict[str, Any]], bytes]:
    """Run regel batch on ``data`` as the file ``name``: (exit code, the result records,
    the raw bytes of the output)."""
    cases = tmp_path / name
    cases.write_bytes(data)
    out = tmp_path / f"{name}.out.jsonl"
    code = main(["batch", "sikkerhedsstillelse", "--cases", str(cases), "-o", str(out),
                 "--decision", "satsregulering", "--as-of", "2024-01-01",
                 "--workers", str(workers), "--lang", "en", *extra])
    raw = out.read_bytes() if out.exists() else b""
    text = raw.decode("utf-8")  # the output is UTF-8, whatever the input was
    return code, [json.loads(line) for line in text.splitlines()], raw


def _error(record: dict[str, Any]) -> tuple[str, str, str]:
    assert record["ok"] is False, record
    return record["error"]["code"], record["error"]["field"], record["error"]["message"]


# --------------------------------------------------------------------------- JSONL

def test_lone_surrogate_escapes_are_error_records(tmp_path: Path) -> None:
    lines = [
        GOOD,
        '{"id": "a\\udc80", "permit_basis": "ss9_1_1"}',           # lone low half, in the id
        '{"id": "b", "permit_basis": "ss9\\ud800_1_1"}',           # lone high half, in a fact
        '{"id": "c", "permit_basis": "\\ud83d\\ude00"}',           # a whole pair: a character
        '{"id": "d\\\\udc80", "permit_basis": "ss9_1_1"}',         # an escaped backslash
        '{"id": "e", "n": "\\uDBFF\\uDBFF"}',                      # high then high: lone
    ]
    code, records, _ = _run(tmp_path, "s.jsonl", ("\n".join(lines) + "\n").encode())
    assert code == 1
    assert [r["line"] for r in records] == [1, 2, 3, 4, 5, 6]
    assert records[0]["ok"] and records[4]["ok"] and records[4]["id"] == "d\\udc80"
    assert _error(records[3])[0] == "CASE-NOT-ALLOWED"   # read, and only then refused
    for number, escape in ((2, "\\udc80"), (3, "\\ud800"), (6, "\\uDBFF")):
        got = records[number - 1]
        code_, field, message = _error(got)
        column = lines[number - 1].index(escape) + 1
        assert (code_, field, got["id"]) == ("CASE-FORMAT", "case", None), got
        assert f"{escape} at column {column}" in message, message
        assert "surrogate" in message


def test_bytes_that_are_not_utf8_are_located_and_not_echoed(tmp_path: Path) -> None:
    data = (GOOD.encode() + b"\n" + b'{"id": "a\x80\xff", "permit_basis": "ss9_1_1"}\n'
            + "{\"id\": \"\u00f8\xff\"}\n".encode("utf-8").replace(b"\xc3\xbf", b"\xff")
            + b'\xed\xb2\x80\n' + GOOD.encode() + b"\n")
    code, records, raw = _run(tmp_path, "b.jsonl", data)
    assert code == 1 and len(records) == 5
    assert [r["ok"] for r in records] == [True, False, False, False, True]
    assert [r["id"] for r in records] == ["g", None, None, None, "g"]
    _, field, message = _error(records[1])
    assert field == "case"
    assert "byte 0x80 at line 2, column 10" in message, message
    assert "byte 0xFF at line 3, column 10" in _error(records[2])[2]   # ø is one column
    assert "byte 0xED at line 4, column 1" in _error(records[3])[2]    # an encoded surrogate
    assert b"\x80" not in raw and b"\xff" not in raw


def test_blank_and_whitespace_lines_each_get_a_record(tmp_path: Path) -> None:
    lines = [GOOD, "", "   ", "\t", GOOD, "\r", " \u00a0 ", GOOD]
    code, records, _ = _run(tmp_path, "w.jsonl", ("\n".join(lines) + "\n").encode())
    assert code == 1
    assert [r["line"] for r in records] == list(range(1, len(lines) + 1))
    for line, record in zip(lines, records, strict=True):
        if line == GOOD:
            assert record["ok"], record
        else:
            assert _error(record)[:2] == ("CASE-FORMAT", "case")
            assert "empty" in _error(record)[2]


def test_a_file_holding_one_newline_is_one_empty_line(tmp_path: Path) -> None:
    code, records, _ = _run(tmp_path, "nl.jsonl", b"\n")
    assert code == 1 and len(records) == 1 and records[0]["line"] == 1
    assert _error(records[0])[0] == "CASE-FORMAT"


def test_any_bytes_n_lines_in_n_lines_out(tmp_path: Path) -> None:
    """Random lines of bytes (quotes, braces, backslashes, \\u escapes, high bytes): one
    valid UTF-8 JSON record per line, numbered in order, in one process and in two."""
    rng = random.Random(19)
    pieces = [b'{"id": "', b'"', b"\\", b"\\udc", b"\\ud83d\\ude00", b"}", b"{", b"\xff",
              b"\xc3", b"\xa9", b"\xed\xa0\x80", b" ", b"\t", b"\r", b"\x00", b"1e999",
              b"NaN", b"[", b"]", GOOD.encode(), "ø".encode(), b"a", b":", b","]
    lines = [b"".join(rng.choice(pieces) for _ in range(rng.randrange(0, 8)))
             for _ in range(300)]
    data = b"\n".join(lines) + b"\n"
    code, one, raw1 = _run(tmp_path, "r.jsonl", data, workers=1)
    assert [r["line"] for r in one] == list(range(1, len(lines) + 1))
    saved = batch.CHUNK
    batch.CHUNK = 7
    try:
        _, two, raw2 = _run(tmp_path, "r2.jsonl", data, workers=2)
    finally:
        batch.CHUNK = saved
    assert raw1 == raw2


# --------------------------------------------------------------------------- CSV

HEADER = b"id,permit_basis\n"


def test_latin1_cell_is_a_located_error_record(tmp_path: Path) -> None:
    rows = [b"A,ss9_1_1", "S\u00f8ren,ss9_1_1".encode("latin-1"),
            "B,ss9_\u00f8".encode("latin-1"), b"C,ss9_1_1"]
    code, records, raw = _run(tmp_path, "l.csv", HEADER + b"\n".join(rows) + b"\n")
    assert code == 1
    assert [r["line"] for r in records] == [2, 3, 4, 5]
    assert records[0]["ok"] and records[3]["ok"]
    code_, field, message = _error(records[1])
    assert (code_, field, records[1]["id"]) == ("CASE-FORMAT", "row", None)
    assert "byte 0xF8 at line 3, column 2" in message, message
    assert records[2]["id"] == "B"    # its id is readable; the bad byte is in another cell
    assert "byte 0xF8 at line 4, column 7" in _error(records[2])[2]
    assert b"\xf8" not in raw


def _rows(*rows: str) -> bytes:
    return HEADER + "".join(row + "\n" for row in rows).encode()


def test_unclosed_quote_swallows_nothing(tmp_path: Path, capsys: Any) -> None:
    rows = [f"{c},ss9_1_1" for c in "ABCDEFGHIJ"]
    rows[1] = 'B,"oops'
    code, records, _ = _run(tmp_path, "q.csv", _rows(*rows), extra=("--format", "json"))
    assert code == 1
    assert [r["line"] for r in records] == list(range(2, 12))
    assert [r["id"] for r in records] == [None if c == "B" else c for c in "ABCDEFGHIJ"]
    assert [r["ok"] for r in records] == [c != "B" for c in "ABCDEFGHIJ"]
    code_, field, message = _error(records[1])
    assert (code_, field) == ("CASE-FORMAT", "row")
    assert "quote" in message and "line 3, column 3" in message, message
    summary = json.loads(capsys.readouterr().out)
    assert (summary["cases"], summary["ok"], summary["failed"]) == (10, 9, 1)


@pytest.mark.parametrize(("rows", "want"), [
    # a later quoted cell closes the quote badly: the row is unclosed at its start
    (['A,ss9_1_1', 'B,"oops', 'C,ss9_1_1', 'D,"ss9_1_1"', 'E,ss9_1_1'],
     [(2, "A"), (3, "line 3, column 3"), (4, "C"), (5, "D"), (6, "E")]),
    # the lines after it make a row with too many cells: the same
    (['A,"oops', 'B,x",y', 'C,ss9_1_1'],
     [(2, "line 2, column 3"), (3, "3 cells"), (4, "C")]),
    # a quote opened at the start of a cell, after a delimiter inside the row
    (['"A,ss9_1_1', 'B,ss9_1_1'], [(2, "line 2, column 1"), (3, "B")]),
    # a cell in quotes holding a line break is one row, as CSV allows
    (['A,"ss9_1_1', 'more"', 'B,ss9_1_1'], [(2, "not one of"), (4, "B")]),
    # text after a closing quote, on one line: the column of that text
    (['A,"ss9"_1_1', 'B,ss9_1_1'], [(2, "line 2, column 8"), (3, "B")]),
    # a row of separators only and a blank line are rows too: empty ones
    (['A,ss9_1_1', ',', '', 'B,ss9_1_1'], [(2, "A"), (3, "empty"), (4, "empty"), (5, "B")]),
])
def test_broken_quoting_resynchronises(tmp_path: Path, rows: list[str],
                                       want: list[tuple[int, str]]) -> None:
    _, records, _ = _run(tmp_path, "r.csv", _rows(*rows))
    assert [r["line"] for r in records] == [line for line, _ in want]
    for record, (_, seen) in zip(records, want, strict=True):
        if record["ok"]:
            assert record["id"] == seen
        else:
            assert seen in record["error"]["message"], record


def test_a_quoted_cell_may_not_span_too_many_lines(tmp_path: Path,
                                                   monkeypatch: Any) -> None:
    monkeypatch.setattr(batch, "CSV_CELL_LINES", 3)
    rows = ['A,"one', "two", 'three"', 'B,"one', "two", "three", "four", 'five"', "C,ss9_1_1"]
    _, records, _ = _run(tmp_path, "long.csv", _rows(*rows))
    assert [r["line"] for r in records] == [2, 5, 6, 7, 8, 9, 10]
    assert "not one of" in records[0]["error"]["message"]     # three lines: a cell
    assert "line 5, column 3" in records[1]["error"]["message"]


@pytest.mark.parametrize(("header", "message"), [
    (b'id,"permit_basis\n', "r.csv: CSV-HEADER at line 1, column 4: the quote here opens"),
    (b'id,"permit"_basis\n', "r.csv: CSV-HEADER at line 1, column 12: text follows"),
    (b"id,perm\xefit_basis\n", "r.csv: FILE-UNREADABLE at line 1, column 8: the header row "
                               "is not UTF-8 text: the byte 0xEF"),
])
def test_a_broken_header_is_a_located_whole_run_error(tmp_path: Path, capsys: Any,
                                                      monkeypatch: Any, header: bytes,
                                                      message: str) -> None:
    monkeypatch.chdir(tmp_path)
    code, records, _ = _run(tmp_path, "r.csv", header + b"A,ss9_1_1\n")
    err = capsys.readouterr().err
    assert code == 1 and records == [] and "Traceback" not in err
    assert message in err, err
    assert list(tmp_path.iterdir()) == [tmp_path / "r.csv"]


# --------------------------------------------------------------------------- a killed run

def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_killed_run_leaves_no_file_and_no_worker(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text((GOOD + "\n") * 60000, encoding="utf-8")   # some seconds of work
    folder = tmp_path / "out"
    folder.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "regel", "batch", "sikkerhedsstillelse",
                             "--cases", str(cases), "-o", str(folder / "results.jsonl"),
                             "--workers", "2"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while len(workers := _children(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)   # results on their way
        assert proc.poll() is None, "the caseload ran out before the kill: make it bigger"
        assert len(workers) >= 2
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 5
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if _alive(w)], "workers outlived their parent"
    assert list(folder.iterdir()) == []
