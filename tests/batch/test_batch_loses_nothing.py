"""regel batch loses nothing (issue 19): every input line gets exactly one result line, in
order, whatever its bytes (lone surrogates, bytes that are not UTF-8, blank lines, broken CSV
quoting), each bad one an ok:false record whose message locates the problem; a broken CSV
header is a located whole-run error; a killed run leaves no temporary file and no worker."""

from __future__ import annotations

import datetime as dt
import functools
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
from regel import load_pack
from regel.base.errors import RegelError
from regel.cli import main
from regel.model import Pack

ROOT = Path(__file__).resolve().parents[2]
GOOD = '{"id": "g", "permit_basis": "ss9_1_1"}'


@functools.cache
def _sik() -> Pack:
    return load_pack("sikkerhedsstillelse")


def _run(tmp_path: Path, name: str, data: bytes, workers: int = 1,
         chunk_size: int = batch.CHUNK) -> tuple[int, list[dict[str, Any]], bytes]:
    """Run the batch on ``data`` as the file ``name``: (the exit code regel batch gives, the
    result records, the raw bytes of the output)."""
    cases = tmp_path / name
    cases.write_bytes(data)
    out = tmp_path / f"{name}.out.jsonl"
    summary = batch.run_batch(_sik(), "sikkerhedsstillelse", cases, out,
                              decisions=["satsregulering"], as_of=dt.date(2024, 1, 1),
                              workers=workers, chunk_size=chunk_size)
    raw = out.read_bytes()
    text = raw.decode("utf-8")  # the output is UTF-8, whatever the input was
    records = [json.loads(line) for line in text.splitlines()]
    assert summary.cases == len(records) and summary.ok == sum(r["ok"] for r in records)
    return (1 if summary.failed else 0), records, raw


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
    _, one, raw1 = _run(tmp_path, "r.jsonl", data, workers=1)
    assert [r["line"] for r in one] == list(range(1, len(lines) + 1))
    _, _, raw2 = _run(tmp_path, "r2.jsonl", data, workers=2, chunk_size=7)
    assert raw1 == raw2


@pytest.mark.parametrize("number", ["1e400223372036854775809", "-91e400223372036854775809"])
def test_a_number_beyond_any_decimal_is_a_located_record(tmp_path: Path, number: str) -> None:
    """Decimal refuses such an exponent with an ArithmeticError, which was INTERNAL-ERROR
    (found by the long fuzz run); now it is the line's CASE-FORMAT, in the user's words."""
    data = (GOOD + "\n" + f'{{"id": "x", "n": {number}}}' + "\n" + GOOD + "\n").encode()
    _, records, _ = _run(tmp_path, "big.jsonl", data)
    assert [r["ok"] for r in records] == [True, False, True]
    code, _, message = _error(records[1])
    assert code == "CASE-FORMAT" and f"the number {number} is beyond" in message


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


def test_a_bad_byte_on_a_later_line_of_a_row_is_located_there(tmp_path: Path) -> None:
    data = HEADER + b'A,"ss9\n_1_1 \xf8"\nB,ss9_1_1\n'
    _, records, _ = _run(tmp_path, "m.csv", data)
    assert [r["line"] for r in records] == [2, 4]
    assert records[0]["id"] == "A"
    assert "byte 0xF8 at line 3, column 6" in _error(records[0])[2]


def test_a_json_cell_with_half_a_surrogate_pair_is_refused() -> None:
    with pytest.raises(batch.BadValue, match=r"\\udc80 at column 3 is half of a surrogate"):
        batch._cell("list", None, '["\\udc80"]')


def _rows(*rows: str) -> bytes:
    return HEADER + "".join(row + "\n" for row in rows).encode()


def test_unclosed_quote_swallows_nothing(tmp_path: Path, capsys: Any) -> None:
    rows = [f"{c},ss9_1_1" for c in "ABCDEFGHIJ"]
    rows[1] = 'B,"oops'
    cases, out = tmp_path / "q.csv", tmp_path / "q.jsonl"
    cases.write_bytes(_rows(*rows))
    code = main(["batch", "sikkerhedsstillelse", "--cases", str(cases), "-o", str(out),
                 "--decision", "satsregulering", "--format", "json", "--lang", "en"])
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
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


def test_any_csv_bytes_keep_order_and_lose_no_line(tmp_path: Path) -> None:
    """Random CSV lines: records in order, one per line where no quote can join lines, the
    same bytes in one process and in two."""
    rng = random.Random(19)
    pieces = [b'"', b'""', b",", b"A", b"ss9_1_1", b" ", b"\xf8", "ø".encode(), b"\r",
              b"\x00", b";"]
    lines = [b"".join(rng.choice(pieces) for _ in range(rng.randrange(0, 7)))
             for _ in range(300)]
    data = HEADER + b"\n".join(lines) + b"\n"
    _, records, raw1 = _run(tmp_path, "f.csv", data)
    numbers = [r["line"] for r in records]
    assert numbers == sorted(set(numbers)) and numbers[0] == 2 and numbers[-1] <= 301
    assert _run(tmp_path, "f2.csv", data, workers=2, chunk_size=7)[2] == raw1
    unquoted = [line.replace(b'"', b"") for line in lines]
    _, records, _ = _run(tmp_path, "g.csv", HEADER + b"\n".join(unquoted) + b"\n")
    assert [r["line"] for r in records] == list(range(2, 302))


def test_a_quoted_cell_may_not_span_too_many_lines(tmp_path: Path,
                                                   monkeypatch: Any) -> None:
    monkeypatch.setattr(batch, "CSV_CELL_LINES", 3)
    rows = ['A,"one', "two", 'three"', 'B,"one', "two", "three", "four", 'five"', "C,ss9_1_1"]
    _, records, _ = _run(tmp_path, "long.csv", _rows(*rows))
    assert [r["line"] for r in records] == [2, 5, 6, 7, 8, 9, 10]
    assert "not one of" in records[0]["error"]["message"]     # three lines: a cell
    assert "line 5, column 3" in records[1]["error"]["message"]


@pytest.mark.parametrize(("header", "code", "column", "message"), [
    (b'id,"permit_basis\n', "CSV-HEADER", 4, "the quote here opens a cell of the header row"),
    (b'id,"permit"_basis\n', "CSV-HEADER", 12, "text follows the closing quote"),
    (b"\n\nid,perm\xefit_basis\n", "FILE-UNREADABLE", 8,
     "the header row is not UTF-8 text: the byte 0xEF"),
])
def test_a_broken_header_is_a_located_whole_run_error(tmp_path: Path, header: bytes, code: str,
                                                      column: int, message: str) -> None:
    with pytest.raises(RegelError) as caught:
        _run(tmp_path, "r.csv", header + b"A,ss9_1_1\n")
    span = caught.value.span
    assert caught.value.code == code and message in caught.value.message
    assert span is not None and span.file == str(tmp_path / "r.csv")
    assert (span.line, span.column) == (header.count(b"\n"), column)
    assert list(tmp_path.iterdir()) == [tmp_path / "r.csv"]


def test_the_command_line_shows_where_the_header_breaks(tmp_path: Path, capsys: Any,
                                                         monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    Path("r.csv").write_bytes(b'id,"permit_basis\nA,ss9_1_1\n')
    assert main(["batch", "sikkerhedsstillelse", "--cases", "r.csv", "-o", "o.jsonl",
                 "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "r.csv: CSV-HEADER at line 1, column 4: the quote here opens" in err, err
    assert "Traceback" not in err and not Path("o.jsonl").exists()


# --------------------------------------------------------------------------- long lines

def _too_long(record: dict[str, Any], size: int, field: str) -> None:
    code, field_, message = _error(record)
    assert (code, field_) == ("CASE-FORMAT", field)
    assert message.startswith(f"the line is {size} bytes long, and a line of cases may hold "
                              "at most "), message


def test_a_line_over_the_limit_is_one_record_and_the_next_lines_are_read(
        tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(batch, "MAX_LINE_BYTES", 64)
    good = GOOD.encode()
    lines = [good, b"x" * 200, good, b"y" * 65, b'{"id": "' + b"z" * 54 + b'"}', b"w" * 300]
    assert len(lines[4]) == 64
    code, records, _ = _run(tmp_path, "long.jsonl", b"\n".join(lines))  # no final line end
    assert code == 1
    assert [r["line"] for r in records] == [1, 2, 3, 4, 5, 6]
    assert [r["ok"] for r in records] == [True, False, True, False, True, False]
    for number in (2, 4, 6):
        _too_long(records[number - 1], len(lines[number - 1]), "case")
    assert records[4]["id"] == "z" * 54               # 64 bytes: read as a case


def test_a_line_end_does_not_count(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(batch, "MAX_LINE_BYTES", len(GOOD))
    code, records, _ = _run(tmp_path, "crlf.jsonl", (GOOD + "\r\n" + GOOD + "\r").encode())
    assert code == 0 and [r["line"] for r in records] == [1, 2]


def test_a_csv_line_over_the_limit_is_one_row_and_ends_an_open_cell(
        tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(batch, "MAX_LINE_BYTES", 64)
    long_line = "B," + "q" * 100
    rows = ["A,ss9_1_1", long_line, "C,ss9_1_1", 'D,"open', "k" * 80, "E,ss9_1_1"]
    _, records, _ = _run(tmp_path, "long.csv", _rows(*rows))
    assert [r["line"] for r in records] == [2, 3, 4, 5, 6, 7]
    assert [r["ok"] for r in records] == [True, False, True, False, False, True]
    _too_long(records[1], len(long_line), "row")
    assert "the quote at line 5, column 3" in _error(records[3])[2]
    _too_long(records[4], 80, "row")


def test_a_csv_header_over_the_limit_is_a_located_error(tmp_path: Path,
                                                        monkeypatch: Any) -> None:
    monkeypatch.setattr(batch, "MAX_LINE_BYTES", 64)
    with pytest.raises(RegelError) as caught:
        _run(tmp_path, "h.csv", b"\n" + b"id," * 40 + b"\nA\n")
    assert (caught.value.code, caught.value.first.key) == ("CSV-HEADER", "CSV-HEADER/too-long")
    span = caught.value.span
    assert span is not None and (span.file, span.line) == (str(tmp_path / "h.csv"), 2)
    assert list(tmp_path.iterdir()) == [tmp_path / "h.csv"]


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
    _assert_they_end(workers)
    assert list(folder.iterdir()) == []


def _assert_they_end(pids: set[int]) -> None:
    """The processes end within 5 s (and are killed if they do not, not to outlive the
    test)."""
    deadline = time.monotonic() + 5
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [p for p in pids if _alive(p)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "workers outlived their parent"


WATCHED = """
import os, sys, threading, time
import regel.tools.batch as batch
batch.WATCH_SECONDS = 0.05
parent = os.getpid()
child = os.fork()
if child == 0:
    threading.Thread(target=batch._watch_parent, args=(parent,), daemon=True).start()
    time.sleep(30)
    os._exit(0)
print(child, flush=True)
time.sleep(30)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or not hasattr(os, "fork"),
                    reason="reads /proc and forks")
def test_without_the_parent_death_signal_a_watchdog_ends_the_worker() -> None:
    """Where Linux's PR_SET_PDEATHSIG is not to be had, each worker's watchdog thread ends
    it when its parent is gone."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", WATCHED], env=env, text=True,
                            stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None
        child = int(proc.stdout.readline())
        assert _alive(child)
    finally:
        proc.kill()
        proc.wait()
    _assert_they_end({child})


def test_results_are_whole_without_an_unnamed_file_or_a_link(tmp_path: Path,
                                                             monkeypatch: Any) -> None:
    """Where there is no O_TMPFILE the results go to a hidden .part file from the start;
    where the unnamed file cannot be linked it is copied: the same bytes either way, and
    nothing left beside them."""
    data = ("\n".join([GOOD, "", GOOD, "[1]"]) + "\n").encode()
    code, records, want = _run(tmp_path, "a.jsonl", data)
    assert code == 1 and len(records) == 4
    monkeypatch.setattr(batch, "_unnamed_file", lambda folder: None)
    assert _run(tmp_path, "b.jsonl", data)[2] == want
    monkeypatch.undo()

    def no_link(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(batch.os, "link", no_link)
    assert _run(tmp_path, "c.jsonl", data)[2] == want
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
