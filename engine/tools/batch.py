"""Whole caseloads: ``evaluate_many`` evaluates cases lazily in input order, one result per
case, never raising for a bad one; ``run_batch`` (``regel batch``) streams a JSONL or CSV
file through worker processes into an output that appears only when the run is complete.
Case records and CSV rows: docs/pack-format.md and docs/batch.md.
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
import os
import re
import secrets
import shutil
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from regel.base.errors import CaseError, Diagnostic, EvaluationError, RegelError, Span, hint
from regel.base.messages import Msg, render
from regel.base.words import label as pack_label
from regel.feel import Limits
from regel.feel.jsonio import BeyondDecimal, dumps, exact_number
from regel.load import load_pack
from regel.model import Pack
from regel.run.evaluate import Case, Evaluation, evaluate
from regel.source.files import CASES_FILE, MAX_FILE_BYTES, open_binary
from regel.tools.lang import decimal_text, os_reason

__all__ = ["BatchResult", "BatchSummary", "evaluate_many", "case_from_record", "CsvColumns",
           "input_kind", "default_workers", "run_batch", "result_lines"]

#: records per task sent to a worker process
CHUNK = 500
#: tasks in flight per worker: bounds the reordering buffer (CHUNK * this * workers records)
IN_FLIGHT = 4
#: the meta columns / keys of a flat record (unless the pack has facts with these names)
META = ("id", "as_of")


# --------------------------------------------------------------------------- results

@dataclass(slots=True)
class BatchResult:
    """The result for one input: ``ok`` with ``values`` (and the ``evaluation`` with its
    trace and warnings), or ``error``, the ``RegelError`` that stopped this case."""

    index: int                          # 0-based position in the input
    id: str | None
    evaluation: Evaluation | None = None
    error: RegelError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def values(self) -> dict[str, Any] | None:
        return self.evaluation.values if self.evaluation is not None else None

    def error_json(self, lang: str = "en") -> dict[str, Any] | None:
        """``{code, message, field}`` (and ``problems`` when a case has several), the
        messages in ``lang``."""
        err = self.error
        if err is None:
            return None
        if isinstance(err, CaseError):
            problems = err.diagnostics
            out: dict[str, Any] = {"code": err.code, "message": problems[0].text(lang),
                                   "field": problems[0].field or ""}
            if len(problems) > 1:
                out["problems"] = [{"field": d.field or "", "code": d.code,
                                    "message": d.text(lang)} for d in problems]
            return out
        return {"code": err.code, "message": err.first.text(lang), "field": err.source}

    def to_json(self, line: int | None = None, lang: str = "en") -> dict[str, Any]:
        """The result record: ``{line?, id, ok, outputs, trace?}`` or ``{line?, id, ok:
        false, error}`` (its messages in ``lang``); write it with
        ``regel.feel.jsonio.dumps`` to keep numbers exact."""
        out: dict[str, Any] = {} if line is None else {"line": line}
        out["id"] = self.id
        out["ok"] = self.ok
        if self.evaluation is None:
            out["error"] = self.error_json(lang)
            return out
        out["outputs"] = self.evaluation.values
        if self.evaluation.trace is not None:
            out["trace"] = self.evaluation.to_json()
        return out


# --------------------------------------------------------------------------- records

class BadValue(ValueError):
    """A value that cannot be read, said as a catalogue message; ``str()`` is the English."""

    def __init__(self, key: str, /, **values: Any) -> None:
        self.said = Msg(key, values)
        super().__init__(self.said.render("en"))


def _no_constant(name: str) -> Any:
    raise BadValue("batch.json.constant", name=name)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise BadValue("batch.json.key-twice", key=key)
            seen.add(key)
    return out


def _loads(text: str) -> Any:
    """JSON with exact numbers: a fraction is a Decimal, NaN/Infinity, repeated keys and
    half a surrogate pair (``"\\udc80"``, which is no character and cannot be written as
    UTF-8) are refused (ValueError)."""
    value = json.loads(text, parse_float=exact_number, parse_constant=_no_constant,
                       object_pairs_hook=_unique_keys)
    if _SURROGATE.search(text):
        lone = _lone_surrogate(text)
        if lone is not None:
            raise BadValue("batch.json.lone-surrogate", escape=lone[0], column=lone[1])
    return value


#: a \u escape of half a surrogate pair (a whole pair is a high half and a low half)
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_ESCAPES = re.compile(r"(\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2})"
                      r"|(\\u[dD][89a-fA-F][0-9a-fA-F]{2})")


def _lone_surrogate(text: str) -> tuple[str, int] | None:
    """The first escape in JSON ``text`` of half a surrogate pair without its other half,
    and its column; None when every one is part of a pair."""
    at = 0
    while (found := _ESCAPES.search(text, at)) is not None:
        start = found.start()
        slashes = 0
        while start - slashes > 0 and text[start - slashes - 1] == "\\":
            slashes += 1
        if slashes % 2:                 # an escaped backslash followed by the letter u
            at = start + 1
        elif found.group(1):            # a whole pair: one character
            at = found.end()
        else:
            return found.group(2), start + 1
    return None


def _format_error(variant: str, field_: str = "case", **values: Any) -> CaseError:
    """A record that is not a case: CASE-FORMAT, its message the catalogue's
    ``CASE-FORMAT/<variant>``."""
    return CaseError([Diagnostic.of("CASE-FORMAT", field=field_, key=f"CASE-FORMAT/{variant}",
                                    **values)])


def _parse_line(text: str) -> Any:
    if not text.strip():
        raise _format_error("empty-line")
    try:
        return _loads(text)
    except ValueError as exc:
        raise _format_error("not-json", problem=_json_problem(exc)) from None
    except RecursionError:
        raise _format_error("not-json", problem=Msg("batch.json.nested")) from None


def _json_problem(exc: ValueError) -> Msg | str:
    """What is wrong with a JSON text (the parser's own words, with the column)."""
    if isinstance(exc, json.JSONDecodeError):
        return Msg("batch.json.at-column", {"problem": exc.msg, "column": exc.colno})
    return exc.said if isinstance(exc, (BadValue, BeyondDecimal)) else str(exc)


def _kind(value: Any) -> Msg:
    """Words for a JSON value that is not a case: 'a number', 'a list', ..."""
    if value is None:
        return Msg("batch.kind.empty")
    if isinstance(value, bool):
        return Msg("batch.kind.boolean")
    if isinstance(value, (int, Decimal)):
        return Msg("batch.kind.number")
    if isinstance(value, str):
        return Msg("batch.kind.text")
    if isinstance(value, list):
        return Msg("batch.kind.list")
    return Msg("batch.kind.other", {"type": type(value).__name__})


def case_from_record(pack: Pack, record: Case | Mapping[str, Any] | str) -> Case:
    """A ``Case`` from a record: a ``Case``; a case object ``{"facts": {...}, "id"?,
    "as_of"?, "decisions"?}``; a flat mapping of facts in which ``id`` and ``as_of`` (unless
    the pack has facts by those names) are the case's id and date; or one line of JSON
    text holding either. Raises ``CaseError`` (CASE-FORMAT, CASE-TYPE) for a bad record."""
    if isinstance(record, Case):
        return record
    if isinstance(record, str):
        record = _parse_line(record)
    if not isinstance(record, Mapping):
        raise _format_error("not-an-object", what=_kind(record))
    if "facts" in record and "facts" not in pack.inputs:
        return Case.from_data(record, "case")
    facts = dict(record)
    meta = {key: facts.pop(key) for key in META if key in facts and key not in pack.inputs}
    meta["facts"] = facts
    return Case.from_data(meta, "case")


def _id_of(pack: Pack, record: Any) -> str | None:
    """The id of a record that could not be read as a case, if it has one."""
    if isinstance(record, str):
        try:
            record = _loads(record)
        except (ValueError, RecursionError):
            return None
    if isinstance(record, Mapping) and ("facts" in record or "id" not in pack.inputs):
        found = record.get("id")
        return None if found is None else str(found)
    return None


@dataclass(slots=True)
class _Settings:
    decisions: list[str] | None
    as_of: _dt.date | None
    today: _dt.date
    trace: bool
    lang: str = "en"                    # the language of the result records' messages
    limits: Limits | None = None        # each case's evaluation budget (None: the pack's)


def _internal(exc: BaseException) -> RegelError:
    return RegelError.of("INTERNAL-ERROR", key="INTERNAL-ERROR/batch",
                         error=f"{type(exc).__name__}: {exc}")


def _evaluate_one(pack: Pack, index: int, record: Any, s: _Settings) -> BatchResult:
    case_id = None
    try:
        case = case_from_record(pack, record)
        case_id = case.id
        day = s.as_of or case.as_of or s.today
        return BatchResult(index, case_id, evaluate(pack, case, s.decisions, day,
                                                         trace=s.trace, limits=s.limits))
    except RegelError as err:
        return BatchResult(index, case_id if case_id is not None else _id_of(pack, record),
                           error=err)
    except Exception as exc:  # an engine fault on one case must not end a night's batch
        return BatchResult(index, case_id, error=_internal(exc))


def _check_decisions(pack: Pack, decisions: Iterable[str] | None) -> list[str] | None:
    if decisions is None:
        return None
    asked = list(decisions)
    for did in asked:
        if did not in pack.decisions:
            raise EvaluationError.of("UNKNOWN-DECISION", key="UNKNOWN-DECISION/batch", at=did,
                                     name=did, hint=hint(did, pack.decisions))
    return asked or None


def evaluate_many(pack: Pack, cases: Iterable[Case | Mapping[str, Any] | str],
                  decisions: Iterable[str] | None = None, as_of: _dt.date | None = None,
                  trace: bool = False, limits: Limits | None = None
                  ) -> Iterator[BatchResult]:
    """Evaluate ``cases`` lazily, one ``BatchResult`` per input, in input order.

    Each input is a ``Case``, a case record (a mapping: a case object with ``facts``, or
    flat facts with optional ``id`` and ``as_of``), or one JSON line holding a record. A
    bad case gives a result with ``ok`` false and its ``error``; nothing is raised for it.
    ``decisions`` and ``as_of`` override the cases' own; a case without an as-of date is
    evaluated at the date the iteration started (one "today" for the whole caseload).
    An unknown decision id in ``decisions`` raises ``EvaluationError`` at once. Each case
    is evaluated under its own budget of ``limits`` (default: the pack's).
    """
    settings = _Settings(_check_decisions(pack, decisions), as_of, _dt.date.today(), trace,
                         limits=limits)

    def results() -> Iterator[BatchResult]:
        for index, record in enumerate(cases):
            yield _evaluate_one(pack, index, record, settings)

    return results()


# --------------------------------------------------------------------------- CSV cells

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_TRUE = frozenset({"true", "ja", "1"})
_FALSE = frozenset({"false", "nej", "0"})


class CsvColumns:
    """How to read the cells of a CSV file with this header for this pack: a column named
    like a fact is read by the fact's declared type, ``id`` and ``as_of`` are the case's id
    and date, and an empty cell is a missing fact. Other columns are passed on as facts
    (so that a case that fills one fails with CASE-UNKNOWN-FACT, "did you mean")."""

    def __init__(self, pack: Pack, header: list[str], source: str = "the CSV file") -> None:
        names = [h.strip() for h in header]
        for i, name in enumerate(names):
            if not name:
                raise RegelError.of("CSV-HEADER", key="CSV-HEADER/no-name", at=source,
                                    column=i + 1)
            if name in names[:i]:
                raise RegelError.of("CSV-HEADER", key="CSV-HEADER/twice", at=source, name=name)
        self.names = names
        self.types = [pack.inputs[n].type if n in pack.inputs else None for n in names]
        self.items = [pack.inputs[n].items if n in pack.inputs else None for n in names]
        self.labels: list[Msg | str] = [pack_label(pack.inputs[n].label)
                                        if n in pack.inputs else n for n in names]
        self.id_column = names.index("id") if "id" in names and "id" not in pack.inputs \
            else None

    def id_of(self, row: list[str]) -> str | None:
        i = self.id_column
        return row[i] if i is not None and i < len(row) and row[i] != "" else None

    def record(self, row: list[str]) -> dict[str, Any]:
        """The row as a flat record of typed facts; CaseError names every bad cell."""
        if len(row) != len(self.names):
            raise _format_error("row-cells", "row", cells=len(row), columns=len(self.names))
        out: dict[str, Any] = {}
        problems: list[Diagnostic] = []
        for name, type_, items, label, cell in zip(self.names, self.types, self.items,
                                                   self.labels, row, strict=True):
            if cell == "":
                continue
            try:
                out[name] = _cell(type_, items, cell)
            except ValueError as exc:
                said = exc.said if isinstance(exc, BadValue) else str(exc)
                problems.append(Diagnostic.of("CASE-TYPE", field=name, key="CASE-TYPE/csv-cell",
                                              label=label, problem=said))
        if problems:
            raise CaseError(problems)
        return out


def _cell(type_: str | None, items: str | None, text: str) -> Any:
    """A CSV cell's text as the value of a fact of ``type_`` (ValueError when it is not)."""
    shown = Msg("batch.the-text", {"text": text})
    if type_ == "number":
        value = text.strip()
        if not _NUMBER.fullmatch(value):
            point = Msg("batch.cell.decimal-point") if "," in value else ""
            raise BadValue("batch.cell.number", value=shown, hint=point)
        try:
            return Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            raise BadValue("batch.cell.number", value=shown, hint="") from None
    if type_ == "boolean":
        word = text.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise BadValue("batch.cell.boolean", value=shown)
    if type_ in ("list", "context") or (type_ == "any" and text.lstrip()[:1] in ("[", "{")):
        try:
            return _loads(text)
        except (ValueError, RecursionError) as exc:
            example = '["a", "b"]' if type_ == "list" else '{"name": "value"}'
            detail = _json_problem(exc) if isinstance(exc, ValueError) else \
                Msg("batch.cell.nested")
            raise BadValue("batch.cell.json", example=example, detail=detail) from None
    return text  # texts, and dates, times and durations, which the case check reads


# --------------------------------------------------------------------------- input files

def input_kind(path: str | Path) -> str | None:
    """'jsonl' or 'csv' by the file's extension, or None."""
    suffix = Path(path).suffix.lower()
    return {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}.get(suffix)


#: the most lines one CSV row may span (a cell in quotes may hold line breaks): a quote still
#: open after them is reported as not closed, and the lines after its own are read again
CSV_CELL_LINES = 100

#: the longest line of a file of cases (a JSONL record, one line of a CSV row) and the most
#: bytes one CSV row may span: as much as a whole rule file may hold. A longer line is one
#: bad record, read through in pieces and never kept (the cases may come from a pipe).
MAX_LINE_BYTES = MAX_FILE_BYTES


def _read_line(file: Any) -> tuple[bytes | None, int, int]:
    """The next line of ``file`` (b"" at its end), the bytes it took, and its length without
    its line end; None in place of a line longer than MAX_LINE_BYTES, which is read to its
    end in pieces and dropped."""
    raw = file.readline(MAX_LINE_BYTES + 2)      # room for the line end \r\n
    length = len(raw.rstrip(b"\r\n"))
    if length <= MAX_LINE_BYTES and (len(raw) < MAX_LINE_BYTES + 2 or raw.endswith(b"\n")):
        return raw, len(raw), length
    taken = len(raw)
    while raw and not raw.endswith(b"\n"):
        raw = file.readline(1 << 20)
        taken += len(raw)
    return None, taken, taken - (len(raw) - len(raw.rstrip(b"\r\n")))


def _too_long(length: int, field_: str) -> _BadRow:
    """The record of a line of ``length`` bytes, too long to read."""
    return _BadRow("line-too-long", {"size": length, "limit": MAX_LINE_BYTES // (1024 * 1024)},
                   field=field_)


class _Reader:
    """The records of a file of cases, each numbered by its first line: every line of a
    JSONL file as its bytes; every row of a CSV file after the header as its cells, or as a
    ``_BadRow`` saying where it goes wrong. Nothing is skipped (docs/batch.md)."""

    def __init__(self, path: Path, kind: str, pack: Pack) -> None:
        self.path, self.kind = path, kind
        self.size = path.stat().st_size if path.is_file() else 0
        self.file = open_binary(path, what=CASES_FILE)
        self.lines = _Lines(self.file)
        self.columns: CsvColumns | None = None
        self.delimiter = ","
        if kind == "csv":
            try:
                self._read_header(pack)
            except BaseException:
                self.close()
                raise
            self._csv = csv.reader(self.lines, delimiter=self.delimiter, strict=True)

    @property
    def position(self) -> int:
        """The bytes read so far."""
        return self.lines.position

    def close(self) -> None:
        self.file.close()

    def _read_header(self, pack: Pack) -> None:
        """The first line that is not blank: the header row, strictly one line of CSV."""
        lines, where = self.lines, str(self.path)
        raw: bytes | None = b""
        while raw is not None and not raw.strip():
            raw, taken, size = _read_line(self.file)
            if not taken:
                raise RegelError.of("CSV-HEADER", key="CSV-HEADER/empty", at=where)
            lines.number += 1
            lines.position += taken
        if raw is None:
            raise RegelError.of("CSV-HEADER", key="CSV-HEADER/too-long",
                                at=Span.point(where, lines.number, 1), size=size,
                                limit=MAX_LINE_BYTES // (1024 * 1024))
        try:
            text = raw.decode("utf-8").lstrip("\ufeff")
        except UnicodeDecodeError as exc:
            spot = _bad_byte(raw, exc.start, lines.number)
            raise RegelError.of("FILE-UNREADABLE", key="FILE-UNREADABLE/csv-header-at",
                                at=Span.point(where, lines.number, spot["column"]),
                                byte=spot["byte"]) from None
        self.delimiter = _delimiter(text)
        try:
            header = next(csv.reader([text], delimiter=self.delimiter, strict=True))
        except csv.Error as exc:
            trouble = _quote_trouble(text, self.delimiter)
            at = Span.point(where, lines.number, trouble[1] if trouble else 0)
            if trouble is None:
                raise RegelError.of("CSV-HEADER", key="CSV-HEADER/unreadable", at=at,
                                    problem=str(exc)) from None
            raise RegelError.of("CSV-HEADER", key=f"CSV-HEADER/{trouble[0]}", at=at) from None
        self.columns = CsvColumns(pack, header, where)

    def records(self) -> Iterator[tuple[int, Any]]:
        if self.kind == "csv":
            yield from self._rows()
            return
        lines = self.lines
        while True:
            raw, taken, size = _read_line(self.file)
            if not taken:
                return
            lines.number += 1
            lines.position += taken
            yield lines.number, raw if raw is not None else _too_long(size, "case")

    def _rows(self) -> Iterator[tuple[int, Any]]:
        lines, reader = self.lines, self._csv
        while True:
            lines.taken = []
            try:
                row = next(reader)
            except StopIteration:
                return
            except _LineTooLong as exc:
                yield exc.number, _too_long(exc.size, "row")
                continue
            except (csv.Error, _RowTooLong) as exc:
                if not lines.taken:  # pragma: no cover - csv reads a line before it fails
                    raise RegelError.of("FILE-UNREADABLE", key="FILE-UNREADABLE/csv-stuck",
                                        at=str(self.path), line=lines.number + 1,
                                        problem=str(exc)) from None
                yield self._broken(str(exc))
                continue
            yield self._row(row)

    def _row(self, row: list[str]) -> tuple[int, Any]:
        """A row that csv read: its cells, or a ``_BadRow`` when it is empty, is not UTF-8,
        or spans lines without making a whole row."""
        assert self.columns is not None
        taken = self.lines.taken
        if len(taken) > 1 and len(row) != len(self.columns.names):
            return self._broken(Msg("CASE-FORMAT/row-cells", {
                "cells": len(row), "columns": len(self.columns.names)}))
        number = taken[0][0]
        if not any(cell.strip() for cell in row):
            return number, _BadRow("empty-row", {})
        for line, text in taken:
            spot = None if text.isascii() else _escaped_byte(text, line)
            if spot is not None:
                case_id = self.columns.id_of(row)
                return number, _BadRow("row-not-utf8-at", spot, _writable(case_id))
        return number, row

    def _broken(self, problem: Msg | str) -> tuple[int, _BadRow]:
        """The record of a row that cannot be read, at its first line, where its quoting goes
        wrong; the other lines the row took are read again, as rows of their own."""
        lines = self.lines
        (number, text), rest = lines.taken[0], lines.taken[1:]
        lines.pending.extendleft(reversed(rest))
        trouble = _quote_trouble(text, self.delimiter)
        if trouble is None:
            return number, _BadRow("row-unreadable", {"problem": problem})
        return number, _BadRow(trouble[0], {"line": number, "column": trouble[1]})


class _RowTooLong(Exception):
    """A CSV row runs on over more than CSV_CELL_LINES lines or MAX_LINE_BYTES bytes."""


class _LineTooLong(Exception):
    """The line that starts a CSV row is longer than MAX_LINE_BYTES: its number and size."""

    def __init__(self, number: int, size: int) -> None:
        super().__init__(number, size)
        self.number, self.size = number, size


class _Lines:
    """The lines of a CSV file for ``csv.reader``, decoded (a byte that is not UTF-8 kept as
    a surrogate, found again by ``_escaped_byte``); ``taken`` holds the numbered lines the
    current row took, and the ``pending`` lines are read again before the file goes on.
    A line longer than MAX_LINE_BYTES is kept as its number and size in ``too_long``: it
    ends the row it would continue and is a bad row of its own."""

    def __init__(self, file: Any) -> None:
        self.file = file
        self.number = 0                 # the number of the last line read from the file
        self.position = 0               # the bytes read from the file
        self.taken: list[tuple[int, str]] = []
        self.pending: deque[tuple[int, str]] = deque()
        self.too_long: dict[int, int] = {}

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if len(self.taken) >= CSV_CELL_LINES or \
                sum(len(text) for _, text in self.taken) > MAX_LINE_BYTES:
            raise _RowTooLong
        if self.pending:
            item = self.pending.popleft()
        else:
            raw, taken, size = _read_line(self.file)
            if not taken:
                raise StopIteration
            self.number += 1
            self.position += taken
            if raw is None:
                self.too_long[self.number] = size
            item = (self.number, raw.decode("utf-8", "surrogateescape") if raw else "")
        if item[0] in self.too_long:
            if self.taken:              # it ends the row before it, and is read again
                self.pending.appendleft(item)
                raise _RowTooLong
            raise _LineTooLong(item[0], self.too_long.pop(item[0]))
        self.taken.append(item)
        return item[1]


@dataclass(slots=True)
class _BadRow:
    """A CSV row that is no record: its CASE-FORMAT variant and values, and its id if that
    can be read."""

    variant: str
    values: dict[str, Any]
    id: str | None = None
    field: str = "row"


def _delimiter(header: str) -> str:
    """',' unless the header row is separated by ';' (Danish spreadsheets) or tabs."""
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _quote_trouble(text: str, delimiter: str) -> tuple[str, int] | None:
    """Where the quoting of one line of CSV goes wrong, as csv's strict reading finds it:
    ('unclosed-quote', the column of a quote that opens a cell and is still open at the end
    of the line) or ('after-quote', the column of text after the quote that closes a cell);
    None when neither."""
    end = len(text.rstrip("\r\n"))
    at = 0                              # the start of a cell
    while at < end:
        if text[at] != '"':
            at = text.find(delimiter, at, end)
            if at < 0:
                return None
            at += 1
            continue
        close = at + 1
        while True:
            close = text.find('"', close, end)
            if close < 0:
                return "unclosed-quote", at + 1
            if text.startswith('""', close):
                close += 2
                continue
            break
        if close + 1 < end and text[close + 1] != delimiter:
            return "after-quote", close + 2
        at = close + 2
    return None


#: a byte that is not UTF-8, decoded with 'surrogateescape'
_ESCAPED = re.compile("[\udc80-\udcff]")


def _escaped_byte(text: str, line: int) -> dict[str, Any] | None:
    """Where the first byte that is not UTF-8 is in a line decoded with 'surrogateescape'."""
    found = _ESCAPED.search(text)
    if found is None:
        return None
    return {"line": line, "column": found.start() + 1,
            "byte": f"0x{ord(found.group()) - 0xDC00:02X}"}


def _bad_byte(raw: bytes, start: int, line: int) -> dict[str, Any]:
    """Where the byte at ``start`` of a line of bytes is: its line and column (characters,
    counted in the text before it, which is UTF-8) and its value."""
    column = len(raw[:start].decode("utf-8").lstrip("\ufeff")) + 1
    return {"line": line, "column": column, "byte": f"0x{raw[start]:02X}"}


def _writable(text: str | None) -> str | None:
    """``text`` if it can be written as UTF-8, else None."""
    if text is None or text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return text


# --------------------------------------------------------------------------- workers

@dataclass(slots=True)
class _WorkerState:
    pack_ref: str
    pack: Pack
    settings: _Settings
    kind: str
    header: list[str] | None
    columns: CsvColumns | None = None


_STATE: _WorkerState | None = None


def _init_worker(parent: int, pack_ref: str, settings: _Settings, kind: str,
                 header: list[str] | None) -> None:
    """Set up a worker: it ends when the batch's process ``parent`` does; under 'fork' it
    inherits the loaded pack, otherwise it loads it."""
    global _STATE
    _die_with_parent(parent)
    if _STATE is not None and _STATE.pack_ref == pack_ref:
        return
    pack = load_pack(pack_ref)
    _STATE = _WorkerState(pack_ref, pack, settings, kind, header,
                          CsvColumns(pack, header) if header is not None else None)


def _work(chunk: list[tuple[int, Any]]) -> tuple[bytes, int, dict[str, int]]:
    """Evaluate a chunk of records; returns their result lines (UTF-8), the number ok, and
    the error codes counted."""
    state = _STATE
    assert state is not None
    pack, settings, columns = state.pack, state.settings, state.columns
    lines: list[bytes] = []
    ok = 0
    codes: Counter[str] = Counter()
    for line, payload in chunk:
        result = _record_result(pack, line, payload, settings, columns)
        text, result = _result_line(result, line, settings.lang)
        lines.append(text)
        if result.ok:
            ok += 1
        else:
            codes[result.error.code] += 1  # type: ignore[union-attr]
    return b"".join(lines), ok, dict(codes)


def _result_line(result: BatchResult, line: int, lang: str) -> tuple[bytes, BatchResult]:
    """The result's line of JSON in UTF-8, and the result; a result that cannot be written
    (a value that is no JSON, text that is no UTF-8) becomes an INTERNAL-ERROR record: never
    a run that stops, never a line that is not UTF-8."""
    try:
        return (dumps(result.to_json(line, lang), indent=None) + "\n").encode("utf-8"), result
    except Exception as exc:  # a value that cannot be written: report, never stop
        bad = BatchResult(result.index, _writable(result.id), error=_internal(exc))
        text = dumps(bad.to_json(line, lang), indent=None) + "\n"
        return text.encode("utf-8", "backslashreplace"), bad


def _record_result(pack: Pack, line: int, payload: Any, settings: _Settings,
                   columns: CsvColumns | None) -> BatchResult:
    index = line - 1
    if isinstance(payload, bytes):
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError as exc:
            spot = _bad_byte(payload, exc.start, line)
            return BatchResult(index, None, error=_format_error("not-utf8-at", **spot))
        return _evaluate_one(pack, index, text.lstrip("\ufeff"), settings)
    if isinstance(payload, _BadRow):
        return BatchResult(index, payload.id, error=_format_error(
            payload.variant, payload.field, **payload.values))
    assert columns is not None
    try:
        record = columns.record(payload)
    except RegelError as err:
        return BatchResult(index, columns.id_of(payload), error=err)
    return _evaluate_one(pack, index, record, settings)


def result_lines(pack: Pack, records: Iterable[tuple[int, bytes | str]], *,
                 decisions: Iterable[str] | None = None, as_of: _dt.date | None = None,
                 trace: bool = False, lang: str = "en", limits: Limits | None = None
                 ) -> Iterator[str]:
    """The result line of each numbered JSONL record ``(line, text)``, exactly as
    ``run_batch`` writes it (without the line end), lazily and in order: a bad record gives
    its error line. Text with bytes kept as ``surrogateescape`` is read as those bytes. An
    unknown decision raises at once; a case without as_of is evaluated at today's date."""
    settings = _Settings(_check_decisions(pack, decisions), as_of, _dt.date.today(), trace,
                         lang, limits)

    def lines() -> Iterator[str]:
        for line, payload in records:
            raw = _jsonl_record(payload)
            result = _evaluate_one(pack, line - 1, raw.lstrip("\ufeff"), settings) \
                if isinstance(raw, str) else _record_result(pack, line, raw, settings, None)
            yield _result_line(result, line, lang)[0].decode("utf-8")[:-1]

    return lines()


def _jsonl_record(payload: bytes | str) -> bytes | str | _BadRow:
    """A JSONL line as ``run_batch`` reads it: the bytes of the file it came from where it
    can be (text decoded with 'surrogateescape' gives its bytes back), else the text; a
    line longer than MAX_LINE_BYTES is its CASE-FORMAT record."""
    raw = payload
    if isinstance(payload, str):
        try:
            raw = payload.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            raw = payload
    size = len(raw.rstrip(b"\r\n") if isinstance(raw, bytes) else raw.rstrip("\r\n"))
    return _too_long(size, "case") if size > MAX_LINE_BYTES else raw


#: how often (seconds) a worker without Linux's parent-death signal looks for its parent
WATCH_SECONDS = 0.5


def _die_with_parent(parent: int) -> None:
    """End this worker when the process ``parent`` ends, even by SIGKILL, which leaves it
    no time to stop its workers: on Linux the kernel sends it SIGKILL
    (``prctl(PR_SET_PDEATHSIG)``, sent when the thread that started the worker ends: the
    pool starts 'fork' workers in the thread that runs the batch, which outlives them);
    elsewhere a thread looks for the parent every WATCH_SECONDS. A parent that is gone
    already ends it at once."""
    if not _parent_death_signal():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True,
                         name="regel-batch-parent").start()
    if _parent_gone(parent):
        os._exit(1)


def _parent_death_signal() -> bool:
    """Ask Linux to SIGKILL this process when its parent ends; False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes  # lazy: only in a worker process, only on Linux

        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)) == 0  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    """Wait until the process ``parent`` is gone, then end this process at once."""
    while not _parent_gone(parent):
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def _parent_gone(parent: int) -> bool:
    """Whether the process that started this one has ended: on POSIX this one then has
    another parent; on Windows the process handle multiprocessing keeps tells."""
    if os.name != "nt":
        return os.getppid() != parent
    import multiprocessing  # lazy: Windows only

    process = multiprocessing.parent_process()
    return process is not None and not process.is_alive()


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


# --------------------------------------------------------------------------- the batch run

@dataclass(slots=True)
class BatchSummary:
    cases: int = 0
    ok: int = 0
    failed: int = 0
    seconds: float = 0.0
    workers: int = 1
    output: str = ""
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.cases / self.seconds if self.seconds > 0 else 0.0

    def line(self, lang: str = "en") -> str:
        """'120 cases: 118 ok, 2 failed (0.4 s, 300 cases/s)', in Danish or English."""
        return render("batch.summary", lang, {
            "cases": self.cases, "ok": self.ok, "failed": self.failed,
            "seconds": decimal_text(self.seconds, 1, lang),
            "rate": decimal_text(self.rate, 0, lang)})

    def to_json(self) -> dict[str, Any]:
        return {"cases": self.cases, "ok": self.ok, "failed": self.failed,
                "seconds": Decimal(f"{self.seconds:.3f}"),
                "cases_per_second": Decimal(f"{self.rate:.1f}"),
                "workers": self.workers, "output": self.output,
                "errors": dict(sorted(self.errors.items()))}


def _chunks(records: Iterator[tuple[int, Any]], size: int) -> Iterator[list[tuple[int, Any]]]:
    chunk: list[tuple[int, Any]] = []
    for item in records:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_batch(pack: Pack, pack_ref: str, cases: str | Path, output: str | Path, *,
              decisions: Iterable[str] | None = None, as_of: _dt.date | None = None,
              workers: int | None = None, trace: bool = False,
              progress: Callable[[int, int, int], None] | None = None,
              chunk_size: int = CHUNK, lang: str = "en",
              limits: Limits | None = None) -> BatchSummary:
    """Evaluate every record of ``cases`` (.jsonl or .csv) and write one result line per
    record to ``output``, in input order, the messages of bad cases in ``lang``.
    ``pack_ref`` is how a worker that does not fork loads ``pack``.
    ``progress(cases_done, bytes_read, bytes_total)`` is called after each chunk. The output
    appears only when the run completes; on any failure it is not written (the temporary
    file is removed, or never had a name) and the error is raised."""
    started = time.perf_counter()
    cases, output = Path(cases), Path(output)
    kind = _check_files(cases, output)
    settings = _Settings(_check_decisions(pack, decisions), as_of, _dt.date.today(), trace,
                         lang, limits)
    workers = max(1, workers or default_workers())
    reader = _Reader(cases, kind, pack)
    summary = BatchSummary(workers=workers, output=str(output))
    errors: Counter[str] = Counter()
    sink: _Output | None = None
    global _STATE
    saved = _STATE
    try:
        sink = results = _Output(output)

        def take(result: tuple[bytes, int, dict[str, int]], done: int, at: int) -> None:
            data, ok, codes = result
            results.write(data)
            summary.cases += done
            summary.ok += ok
            errors.update(codes)
            if progress is not None:
                progress(summary.cases, at, reader.size)

        header = reader.columns.names if reader.columns is not None else None
        _STATE = _WorkerState(pack_ref, pack, settings, kind, header, reader.columns)
        chunks = _chunks(reader.records(), chunk_size)
        if workers == 1:
            for chunk in chunks:
                take(_work(chunk), len(chunk), reader.position)
        else:
            _run_pool(chunks, workers, (os.getpid(), pack_ref, settings, kind, header), take,
                      reader)
        sink.publish()
    except OSError as exc:  # reading the cases
        raise RegelError.of("FILE-UNREADABLE", key="FILE-UNREADABLE/cases", at=str(cases),
                            reason=os_reason(exc)) from None
    finally:
        _STATE = saved
        reader.close()
        if sink is not None:
            sink.discard()
    summary.failed = summary.cases - summary.ok
    summary.errors = dict(errors)
    summary.seconds = time.perf_counter() - started
    return summary


class _Output:
    """The results while a run writes them, in the output's folder (so that the final
    rename is atomic). On Linux a file without a name (``O_TMPFILE``), which the system
    removes when the process ends, even by SIGKILL, and which is linked under a temporary
    name and renamed to the output only when the run is complete; elsewhere a new hidden
    file ``.OUT.<pid>.<random>.part`` from the start, removed when the run fails."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.name: Path | None = None   # the temporary name, while the file has one
        fd = _unnamed_file(out.parent)
        if fd is not None:
            self.file: Any = open(fd, "w+b")
            return
        self.name = _part_name(out)
        try:
            fd = os.open(self.name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except OSError as exc:
            self.name = None
            raise RegelError.of("FILE-UNWRITABLE", key="FILE-UNWRITABLE/results-there",
                                at=str(out), reason=os_reason(exc)) from None
        self.file = open(fd, "wb")

    def write(self, data: bytes) -> None:
        _write(lambda: self.file.write(data), self.out)

    def publish(self) -> None:
        """Everything on the disk, then the file under the output's name."""
        _write(self.file.flush, self.out)
        _write(lambda: os.fsync(self.file.fileno()), self.out)
        if self.name is None:
            _write(self._give_name, self.out)
        _write(self.file.close, self.out)   # closed before the rename, as Windows needs
        name = self.name
        assert name is not None
        _write(lambda: os.replace(name, self.out), self.out)
        self.name = None

    def _give_name(self) -> None:
        """Link the file without a name into its folder under a temporary name (a copy when
        the system will not link it)."""
        name = _part_name(self.out)
        try:
            os.link(f"/proc/self/fd/{self.file.fileno()}", name, follow_symlinks=True)
            self.name = name
            return
        except OSError:
            pass
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        self.name = name
        with open(fd, "wb") as copy:
            self.file.seek(0)
            shutil.copyfileobj(self.file, copy, 1 << 20)
            copy.flush()
            os.fsync(copy.fileno())

    def discard(self) -> None:
        """Close the file, and remove it if it has a name (a run that did not complete)."""
        try:
            self.file.close()
        except OSError:
            pass
        if self.name is not None:
            try:
                self.name.unlink()
            except OSError:
                pass
            self.name = None


def _unnamed_file(folder: Path) -> int | None:
    """A new file without a name in ``folder`` (Linux's O_TMPFILE), open for reading and
    writing; None where the system or the file system has none (or the folder cannot be
    written to, which the named way then says)."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(folder, flag | os.O_RDWR, 0o666)
    except OSError:
        return None


def _part_name(out: Path) -> Path:
    """A temporary name beside ``out`` that no other run uses."""
    return out.with_name(f".{out.name}.{os.getpid()}.{secrets.token_hex(4)}.part")


def _check_files(cases: Path, output: Path) -> str:
    """The kind of the cases' file ('jsonl' or 'csv'), once it is clear that the results
    can go to ``output``."""
    kind = input_kind(cases)
    if kind is None:
        raise RegelError.of("BATCH-INPUT", at=str(cases))
    if output.is_dir():
        raise RegelError.of("FILE-UNWRITABLE", key="FILE-UNWRITABLE/folder", at=str(output))
    if output.exists() and cases.exists() and output.resolve() == cases.resolve():
        raise RegelError.of("FILE-UNWRITABLE", key="FILE-UNWRITABLE/over-cases",
                            at=str(output))
    return kind


def _write(action: Callable[[], Any], output: Path) -> None:
    try:
        action()
    except OSError as exc:
        raise RegelError.of("FILE-UNWRITABLE", key="FILE-UNWRITABLE/results", at=str(output),
                            reason=os_reason(exc)) from None


def _run_pool(chunks: Iterator[list[tuple[int, Any]]], workers: int,
              initargs: tuple[Any, ...], take: Callable[..., None], reader: _Reader) -> None:
    """Evaluate the chunks in ``workers`` processes, at most IN_FLIGHT per worker at a time,
    and hand the results to ``take`` in input order."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pending: deque[tuple[Any, int, int]] = deque()
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                             initargs=initargs) as pool:
        try:
            for chunk in chunks:
                pending.append((pool.submit(_work, chunk), len(chunk), reader.position))
                if len(pending) >= workers * IN_FLIGHT:
                    future, done, at = pending.popleft()
                    take(future.result(), done, at)
            while pending:
                future, done, at = pending.popleft()
                take(future.result(), done, at)
        except BrokenProcessPool:
            raise RegelError.of("BATCH-WORKER") from None
        except BaseException:
            for future, _, _ in pending:
                future.cancel()
            raise
