"""Whole caseloads: ``evaluate_many`` evaluates cases lazily in input order, one result per
case, never raising for a bad one; ``run_batch`` (``regel batch``) streams a JSONL or CSV
file through worker processes into an output that appears only when the run is complete.
Case records and CSV rows: docs/pack-format.md and docs/batch.md.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import secrets
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from regel.base.errors import CaseError, Diagnostic, EvaluationError, RegelError, hint
from regel.base.messages import Msg, render
from regel.feel.jsonio import dumps
from regel.load import load_pack
from regel.model import Pack
from regel.run.evaluate import Case, Evaluation, evaluate
from regel.source.files import open_binary
from regel.tools.lang import PackText, decimal_text, os_reason

__all__ = ["BatchResult", "BatchSummary", "evaluate_many", "case_from_record", "CsvColumns",
           "input_kind", "default_workers", "run_batch"]

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
    """JSON with exact numbers: a fraction is a Decimal, NaN/Infinity and repeated keys are
    refused (ValueError)."""
    return json.loads(text, parse_float=Decimal, parse_constant=_no_constant,
                      object_pairs_hook=_unique_keys)


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
    return exc.said if isinstance(exc, BadValue) else str(exc)


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
                                                         trace=s.trace))
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
                  trace: bool = False) -> Iterator[BatchResult]:
    """Evaluate ``cases`` lazily, one ``BatchResult`` per input, in input order.

    Each input is a ``Case``, a case record (a mapping: a case object with ``facts``, or
    flat facts with optional ``id`` and ``as_of``), or one JSON line holding a record. A
    bad case gives a result with ``ok`` false and its ``error``; nothing is raised for it.
    ``decisions`` and ``as_of`` override the cases' own; a case without an as-of date is
    evaluated at the date the iteration started (one "today" for the whole caseload).
    An unknown decision id in ``decisions`` raises ``EvaluationError`` at once.
    """
    settings = _Settings(_check_decisions(pack, decisions), as_of, _dt.date.today(), trace)

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
        self.labels: list[Msg | str] = [PackText.of(pack.inputs[n].label)
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


class _Reader:
    """Reads the input file as records (line number, payload) and counts the bytes read."""

    def __init__(self, path: Path, kind: str, pack: Pack) -> None:
        self.path, self.kind = path, kind
        self.size = path.stat().st_size if path.is_file() else 0
        self.position = 0
        self.file = open_binary(path, what="a file of cases")
        self.columns: CsvColumns | None = None
        if kind == "csv":
            import csv
            first = self._header_line()
            if first is None:
                self.close()
                raise RegelError.of("CSV-HEADER", key="CSV-HEADER/empty", at=str(path))
            delimiter = _delimiter(first)
            self._csv = csv.reader(self._lines(), delimiter=delimiter, strict=False)
            self._header_row = next(csv.reader([first], delimiter=delimiter))
            self.columns = CsvColumns(pack, self._header_row, str(path))

    def _header_line(self) -> str | None:
        raw = self.file.readline()
        self.position += len(raw)
        self._line = 1
        while raw and not raw.strip():
            raw = self.file.readline()
            self.position += len(raw)
            self._line += 1
        if not raw:
            return None
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.close()
            raise RegelError.of("FILE-UNREADABLE", key="FILE-UNREADABLE/csv-header",
                                at=str(self.path)) from None

    def _lines(self) -> Iterator[str]:
        for raw in self.file:
            self.position += len(raw)
            yield raw.decode("utf-8", "surrogateescape")

    def close(self) -> None:
        self.file.close()

    def records(self) -> Iterator[tuple[int, Any]]:
        if self.kind == "jsonl":
            number = 0
            for raw in self.file:
                number += 1
                self.position += len(raw)
                if raw.strip():
                    yield number, raw
            return
        import csv
        reader = self._csv
        while True:
            before = reader.line_num
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if reader.line_num == before:  # pragma: no cover - csv always moves on
                    raise RegelError.of("FILE-UNREADABLE", key="FILE-UNREADABLE/csv-stuck",
                                        at=str(self.path), line=self._line + before + 1,
                                        problem=str(exc)) from None
                bad = _BadRow(str(exc))
                yield self._line + before + 1, bad
                continue
            if any(cell != "" for cell in row):
                yield self._line + before + 1, row


@dataclass(slots=True)
class _BadRow:
    problem: str                        # what the csv module says is wrong


def _delimiter(header: str) -> str:
    """',' unless the header row is separated by ';' (Danish spreadsheets) or tabs."""
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


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


def _init_worker(pack_ref: str, settings: _Settings, kind: str,
                 header: list[str] | None) -> None:
    """Set up a worker: under 'fork' it inherits the loaded pack; otherwise it loads it."""
    global _STATE
    if _STATE is not None and _STATE.pack_ref == pack_ref:
        return
    pack = load_pack(pack_ref)
    _STATE = _WorkerState(pack_ref, pack, settings, kind, header,
                          CsvColumns(pack, header) if header is not None else None)


def _work(chunk: list[tuple[int, Any]]) -> tuple[str, int, dict[str, int]]:
    """Evaluate a chunk of records; returns their result lines, the number ok, and the
    error codes counted."""
    state = _STATE
    assert state is not None
    pack, settings, columns = state.pack, state.settings, state.columns
    lines: list[str] = []
    ok = 0
    codes: Counter[str] = Counter()
    for line, payload in chunk:
        result = _record_result(pack, line, payload, settings, columns)
        if result.ok:
            ok += 1
        else:
            codes[result.error.code] += 1  # type: ignore[union-attr]
        try:
            lines.append(dumps(result.to_json(line, settings.lang), indent=None))
        except Exception as exc:  # a value that cannot be written: report, never stop
            bad = BatchResult(result.index, result.id, error=_internal(exc))
            if result.ok:
                ok -= 1
                codes[bad.error.code] += 1  # type: ignore[union-attr]
            lines.append(dumps(bad.to_json(line, settings.lang), indent=None))
    return "".join(text + "\n" for text in lines), ok, dict(codes)


def _record_result(pack: Pack, line: int, payload: Any, settings: _Settings,
                   columns: CsvColumns | None) -> BatchResult:
    index = line - 1
    if isinstance(payload, bytes):
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError:
            return BatchResult(index, None, error=_format_error("line-not-utf8"))
        return _evaluate_one(pack, index, text.lstrip("\ufeff"), settings)
    if isinstance(payload, _BadRow):
        return BatchResult(index, None, error=_format_error("row-unreadable", "row",
                                                            problem=payload.problem))
    assert columns is not None
    try:
        try:
            "".join(payload).encode("utf-8")
        except UnicodeEncodeError:  # undecodable bytes, kept as surrogates by the reader
            raise _format_error("row-not-utf8", "row") from None
        record = columns.record(payload)
    except RegelError as err:
        return BatchResult(index, columns.id_of(payload), error=err)
    return _evaluate_one(pack, index, record, settings)


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


def _temp_output(out: Path) -> tuple[Path, Any]:
    """A new file beside ``out`` (same folder, so that the rename is atomic)."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.{secrets.token_hex(4)}.part")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise RegelError.of("FILE-UNWRITABLE", key="FILE-UNWRITABLE/results-there",
                            at=str(out), reason=os_reason(exc)) from None
    return tmp, open(fd, "w", encoding="utf-8", newline="\n")


def run_batch(pack: Pack, pack_ref: str, cases: str | Path, output: str | Path, *,
              decisions: Iterable[str] | None = None, as_of: _dt.date | None = None,
              workers: int | None = None, trace: bool = False,
              progress: Callable[[int, int, int], None] | None = None,
              chunk_size: int = CHUNK, lang: str = "en") -> BatchSummary:
    """Evaluate every record of ``cases`` (.jsonl or .csv) and write one result line per
    record to ``output``, in input order, the messages of bad cases in ``lang``.
    ``pack_ref`` is how a worker that does not fork loads ``pack``.
    ``progress(cases_done, bytes_read, bytes_total)`` is called after each chunk. The output
    appears only when the run completes; on any failure it is not written (the temporary
    file is removed) and the error is raised."""
    started = time.perf_counter()
    cases, output = Path(cases), Path(output)
    kind = _check_files(cases, output)
    settings = _Settings(_check_decisions(pack, decisions), as_of, _dt.date.today(), trace,
                         lang)
    workers = max(1, workers or default_workers())
    reader = _Reader(cases, kind, pack)
    summary = BatchSummary(workers=workers, output=str(output))
    errors: Counter[str] = Counter()
    tmp: Path | None = None
    global _STATE
    saved = _STATE
    try:
        tmp, sink = _temp_output(output)
        with sink:
            def take(result: tuple[str, int, dict[str, int]], done: int, at: int) -> None:
                text, ok, codes = result
                _write(lambda: sink.write(text), output)
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
                _run_pool(chunks, workers, (pack_ref, settings, kind, header), take, reader)
            _sync(sink, output)
        done = tmp
        _write(lambda: os.replace(done, output), output)
        tmp = None
    except OSError as exc:  # reading the cases
        raise RegelError.of("FILE-UNREADABLE", key="FILE-UNREADABLE/cases", at=str(cases),
                            reason=os_reason(exc)) from None
    finally:
        _STATE = saved
        reader.close()
        _discard(tmp)
    summary.failed = summary.cases - summary.ok
    summary.errors = dict(errors)
    summary.seconds = time.perf_counter() - started
    return summary


def _sync(sink: Any, output: Path) -> None:
    """Everything written so far on the disk."""
    _write(sink.flush, output)
    _write(lambda: os.fsync(sink.fileno()), output)


def _discard(tmp: Path | None) -> None:
    """Remove the temporary output of a run that did not complete, if there is one."""
    if tmp is not None:
        try:
            tmp.unlink()
        except OSError:
            pass


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
