"""The oracles of the fuzz suite (issue 19): whatever a family's input, regel gives a value or
a ``RegelError`` whose problems are catalogue messages (Danish and English), within a time
bound. Anything else is a finding: another exception (``crash``), no answer within the bound
(``hang``), running out of memory (``memory``), an INTERNAL-ERROR, or an answer of the wrong
shape (``wrong``: a FEEL number that is not a FEEL number, a batch that loses a line).

``FAMILIES`` names, for each family, its strategy, its oracle, and how an input is saved
to a folder and read back for reproduction (``long_run.py --replay``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

import regel
from regel.base.errors import PackError, RegelError
from regel.base.messages import CATALOGUE
from regel.base.words import visible
from regel.cli.common import display
from regel.feel import compile_unary_tests, evaluate
from regel.feel.jsonio import dumps
from regel.feel.values import type_name
from regel.feel.warnings import warning_json
from regel.report import render
from regel.run.evaluate import Case, Evaluation
from regel.run.evaluate import evaluate as evaluate_case
from regel.source.yamltree import load_yaml_file
from regel.tools.batch import evaluate_many, run_batch
from tests.fuzz import strategies as S
from tests.fuzz.feel_text import CONTEXT, NAMES

__all__ = ["Outcome", "Family", "FAMILIES", "LIMIT_SECONDS", "observe", "time_limit", "standing",
           "known_issue", "check_feel", "check_pack", "check_dmn", "check_case", "check_batch"]

#: the time one input may take (seconds) before it counts as a hang
LIMIT_SECONDS = 5.0
#: the day cases without an as-of date are evaluated at (the runs stay reproducible)
DAY = dt.date(2024, 3, 20)
_FEEL_TYPES = {"Null", "boolean", "number", "string", "date and time", "date", "time",
               "days and time duration", "years and months duration", "list", "context",
               "range", "function"}


@dataclass(frozen=True)
class Outcome:
    """What one input gave: ``value`` or ``error`` (an engine error, ``code``) are fine;
    ``crash``, ``hang``, ``memory`` and ``wrong`` are findings, with a ``detail``."""

    kind: str
    code: str = ""
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.kind in ("value", "error")

    @property
    def signature(self) -> str:
        """What tells one finding from another: its kind, code and innermost frame."""
        frames = [line.strip() for line in self.detail.splitlines()
                  if line.strip().startswith('File "')]
        return f"{self.kind} {self.code} {frames[-1] if frames else ''}".strip()


class Hang(BaseException):
    """Raised by the alarm in the code that ran too long (not an ``Exception``, so that no
    ``except Exception`` in the engine turns it into an answer)."""


class Wrong(Exception):
    """An answer of the wrong shape."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``Hang`` in the code under the block after ``seconds`` (POSIX, main thread;
    elsewhere no bound)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not \
            threading.main_thread():
        yield
        return

    def alarm(signum: int, frame: Any) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _judge(err: RegelError) -> Outcome:
    """An engine error is fine when it is no INTERNAL-ERROR and every problem is a
    catalogue message that renders in both languages."""
    if err.code == "INTERNAL-ERROR":
        return Outcome("crash", "INTERNAL-ERROR", err.render("en"))
    for d in err.diagnostics:
        key = d.key or d.code
        if key not in CATALOGUE:
            raise Wrong(f"{key} is not in the message catalogue")
        d.text("en")
        d.text("da")
    if isinstance(err, PackError) and not all(d.file for d in err.diagnostics):
        raise Wrong(f"a pack problem without a place: {err.render('en')}")
    return Outcome("error", err.code)


def _frames() -> str:
    """The traceback being handled, and the qualified names of its frames (innermost last),
    which ``known_issue`` reads."""
    tb = traceback.format_exc()
    names = []
    at = sys.exc_info()[2]
    while at is not None:
        names.append(at.tb_frame.f_code.co_qualname)
        at = at.tb_next
    return tb + "\nframes: " + " > ".join(names[-40:])


def observe(action: Callable[[], Any], seconds: float | None = None) -> Outcome:
    """Run ``action`` under the time bound (default LIMIT_SECONDS) and say what it gave."""
    seconds = LIMIT_SECONDS if seconds is None else seconds
    try:
        with time_limit(seconds):
            try:
                action()
            except RegelError as err:
                return _judge(err)
    except Hang:
        return Outcome("hang", f">{seconds:g}s", _frames())
    except Wrong as exc:
        return Outcome("wrong", str(exc).split(" ")[0], str(exc))
    except MemoryError:
        return Outcome("memory", "MemoryError", _frames())
    except Exception as exc:
        return Outcome("crash", type(exc).__name__, _frames())
    return Outcome("value")


def _worst(*outcomes: Outcome) -> Outcome:
    """The first finding, else the first outcome."""
    return next((o for o in outcomes if not o.ok), outcomes[0])


_ITERATION = ("_for.", "_quantified.", "_domain.")
_REGEX = ("_matches", "_replace", "_split", "_Translator", "_pattern", "_regex", "_compile")


def known_issue(outcome: Outcome) -> str | None:
    """The known issue a hang or memory exhaustion belongs to (being fixed elsewhere), read
    from the frames where it was stopped: FEEL iteration or recursion without an evaluation
    budget, or a regular expression that backtracks without end."""
    if outcome.kind not in ("hang", "memory") and outcome.code != "RecursionError":
        return None
    frames = outcome.detail.rpartition("frames: ")[2].split(" > ")
    if any(f.startswith(_REGEX) for f in frames) and "builtins.py" in outcome.detail:
        return "regex backtracking (moving to RE2 in engine/feel/builtins.py)"
    if any(f.startswith(_ITERATION) for f in frames):
        return "FEEL iteration without a budget (engine/feel/compiler.py, api.py)"
    if sum(f.startswith(("_invoke", "_call.")) for f in frames) >= 3:
        return "FEEL recursion without a budget (engine/feel/compiler.py, api.py)"
    return None


# ----------------------------------------------------------------------------- FEEL

def _feel_value(value: Any, budget: list[int]) -> None:
    """``value`` is a FEEL value: a known type, a finite number of at most 34 digits."""
    budget[0] -= 1
    if budget[0] < 0:
        return
    name = type_name(value)
    if name not in _FEEL_TYPES:
        raise Wrong(f"a result of Python type {name} is no FEEL value")
    if isinstance(value, Decimal) and (not value.is_finite() or len(value.as_tuple().digits) > 34):
        raise Wrong(f"the number {value} is not a FEEL number (finite, 34 digits)")
    if isinstance(value, str):
        _utf8(value, "a FEEL string")
    if isinstance(value, list):
        for item in value:
            _feel_value(item, budget)
    elif isinstance(value, dict):
        for item in value.values():
            _feel_value(item, budget)


def _utf8(text: str, what: str) -> None:
    """``text`` can be written as UTF-8 (half a surrogate pair cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise Wrong(f"{what} that cannot be written as UTF-8: {text[:80]!r}") from exc


def _printed(text: str, value: Any, warnings: Any) -> None:
    """What ``regel feel`` prints, as text and as JSON, can be written to the terminal."""
    out = {"expression": text, "value": value, "type": type_name(value),
           "warnings": [warning_json(w, "da") for w in warnings]}
    for shown in (display(value), dumps(out)):
        visible(shown).encode("utf-8")


def check_feel(text: str) -> Outcome:
    """The text as an expression (with CONTEXT's names) and as the unary tests of a cell."""
    def expression() -> None:
        try:
            result = evaluate(text, CONTEXT)
        except RegelError as err:
            if err.span is None:
                raise Wrong(f"{err.code} has no position: {err.render('en')}") from None
            raise
        _feel_value(result.value, [10_000])
        for w in result.warnings:
            w.text("en"), w.text("da")
        _printed(text, result.value, result.warnings)

    def unary() -> None:
        compile_unary_tests(text, NAMES).matches(Decimal(1), CONTEXT)

    return _worst(observe(expression), observe(unary))


# ----------------------------------------------------------------------------- packs, DMN

_SCRATCH = Path("/dev/shm") if Path("/dev/shm").is_dir() and os.access("/dev/shm", os.W_OK) \
    else None


@contextmanager
def _folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="regel-fuzz-", dir=_SCRATCH) as tmp:
        yield Path(tmp)


def _facts_for(pack: regel.Pack) -> dict[str, Any]:
    """A value for every input of a pack loaded from a mutant, by its declared type."""
    sample = {"number": Decimal(1), "string": "x", "boolean": True, "date": dt.date(2024, 1, 1),
              "list": [], "context": {}}
    return {name: sample.get(spec.type, "x") for name, spec in pack.inputs.items()}


def _accept(err: RegelError) -> None:
    outcome = _judge(err)
    if not outcome.ok:
        raise Wrong(outcome.detail)


def _reports(result: Evaluation) -> None:
    """The reports ``regel explain`` makes of an evaluation, which can be written as UTF-8."""
    trace = json.loads(dumps(result.to_json()), parse_float=Decimal)
    for fmt, lang in (("md", "da"), ("html", "en"), ("text", "da")):
        _utf8(render(trace, fmt, lang), f"a {fmt} report")     # as explain -o writes it


def _use(pack: regel.Pack) -> None:
    """What the commands do with a pack that loaded: run its tests (and explain the first
    that runs), check its tables, evaluate every decision, export it to DMN."""
    from regel.analysis.tables import analyse  # lazy: as regel check imports it
    from regel.dmn import write_dmn  # lazy: only for packs that load

    explained = False
    for test in pack.tests[:8]:
        try:
            result = evaluate_case(pack, test.facts, decisions=list(test.expect) or None,
                                   as_of=test.as_of or DAY)
        except RegelError as err:
            _accept(err)
            continue
        if not explained:
            _reports(result)
            explained = True
    analyse(pack)
    try:
        pack.evaluate(_facts_for(pack), as_of=DAY)
    except RegelError as err:
        _accept(err)
    write_dmn(pack)


def _check_loaded(load: Callable[[Path], regel.Pack], files: S.FileSet, target: str) -> Outcome:
    with _folder() as folder:
        files.write(folder)
        loaded: list[regel.Pack] = []
        outcome = observe(lambda: loaded.append(load(folder / target)))
        if outcome.kind == "value":
            return _worst(outcome, observe(lambda: _use(loaded[0])))
        return outcome


def check_pack(files: S.FileSet) -> Outcome:
    """A pack folder loads (then runs, checks, evaluates and exports) or gives PackError."""
    return _check_loaded(regel.load_pack, files, ".")


def check_dmn(files: S.FileSet) -> Outcome:
    """A DMN model loads (then runs, checks, evaluates and exports) or gives PackError."""
    return _check_loaded(regel.load_dmn, files, files.files[0][0])


# ----------------------------------------------------------------------------- cases

@cache
def example_pack() -> regel.Pack:
    return regel.load_pack(S.EXAMPLE)


def _explain(pack: regel.Pack, path: Path) -> None:
    """What ``regel explain --case`` does: read the file, evaluate, render the report."""
    case = Case.from_data(load_yaml_file(path), str(path))
    _reports(evaluate_case(pack, case, as_of=case.as_of or DAY))


def check_case(case: S.CaseInput) -> Outcome:
    """A case file gives an evaluation (and a report) or an engine error; so do its facts
    given to ``Pack.evaluate`` as Python values."""
    pack = example_pack()
    with _folder() as folder:
        path = folder / case.name
        path.write_bytes(case.data)
        from_file = observe(lambda: _explain(pack, path))
    if not isinstance(case.facts, dict):
        return from_file
    return _worst(from_file, observe(lambda: pack.evaluate(case.facts, as_of=DAY)))


# ----------------------------------------------------------------------------- batch

def _record(line: bytes) -> dict[str, Any]:
    try:
        record = json.loads(line.decode("utf-8"), parse_float=Decimal)
    except ValueError as exc:
        raise Wrong(f"a result line that is not UTF-8 JSON: {line[:80]!r}") from exc
    if not isinstance(record, dict) or not isinstance(record.get("ok"), bool) or \
            not isinstance(record.get("line"), int):
        raise Wrong(f"a result line without line and ok: {line[:80]!r}")
    if record["ok"]:
        if not isinstance(record.get("outputs"), dict):
            raise Wrong(f"an ok record without outputs: {line[:80]!r}")
    else:
        error = record.get("error") or {}
        if not error.get("code") or not error.get("message"):
            raise Wrong(f"a failed record without code and message: {line[:80]!r}")
        if error["code"] == "INTERNAL-ERROR":
            raise Wrong(f"INTERNAL-ERROR {error.get('message')}")
    return record


def _lines(data: bytes) -> list[bytes]:
    """The records of a JSONL file (docs/batch.md): one per line, the newline at the end of
    the last line starting no other."""
    if not data:
        return []
    lines = data.split(b"\n")
    return lines[:-1] if data.endswith(b"\n") else lines


def _check_numbers(kind: str, data: bytes, numbers: list[int]) -> None:
    """JSONL: N lines in, N records out, numbered 1..N. CSV: records in order of their first
    line after the header; without quotes in the file, one record per line after it."""
    if kind == "jsonl":
        if numbers != list(range(1, len(_lines(data)) + 1)):
            raise Wrong(f"{len(_lines(data))} lines in, records for lines {numbers[:20]}")
        return
    lines = data.split(b"\n")
    header = next(i for i, line in enumerate(lines, 1) if line.strip())
    total = len(lines) - (1 if data.endswith(b"\n") else 0)
    if numbers != sorted(set(numbers)) or any(not header < n <= total for n in numbers):
        raise Wrong(f"CSV records out of order or place (header {header}, {total} lines): "
                    f"{numbers[:20]}")
    if b'"' not in data and numbers != list(range(header + 1, total + 1)):
        raise Wrong(f"a CSV file without quotes, lines {header + 1}..{total}: {numbers[:20]}")


def _check_many(data: bytes) -> None:
    """``Pack.evaluate_many`` on the lines as text: one result per line, in order."""
    texts = [line.decode("utf-8", "replace") for line in _lines(data)]
    results = list(evaluate_many(example_pack(), texts, as_of=DAY))
    if [r.index for r in results] != list(range(len(texts))):
        raise Wrong(f"evaluate_many: {len(texts)} in, indexes {[r.index for r in results]}")
    for r in results:
        if r.error is not None:
            outcome = _judge(r.error)
            if not outcome.ok:
                raise Wrong(f"evaluate_many: {outcome.detail}")


def check_batch(files: S.FileSet) -> Outcome:
    """``regel batch`` on a JSONL or CSV file: one record per line (or row), in order, each
    ok or with a code; only a bad CSV header stops the run."""
    name, data = files.files[0]
    assert data is not None
    kind = "csv" if name.endswith(".csv") else "jsonl"
    with _folder() as folder:
        (folder / name).write_bytes(data)
        out = folder / "out.jsonl"
        lang = "da" if len(data) % 2 else "en"
        run = observe(lambda: run_batch(example_pack(), str(S.EXAMPLE), folder / name, out,
                                        workers=1, trace=len(data) % 3 == 0, lang=lang))
        if run.kind == "error" and (kind == "jsonl" or run.code not in
                                    ("CSV-HEADER", "FILE-UNREADABLE")):
            return Outcome("wrong", run.code, f"the {kind} run stopped: {run.code}")
        if run.kind != "value":
            return run

        def records() -> None:
            numbers = [_record(line)["line"] for line in out.read_bytes().splitlines()]
            _check_numbers(kind, data, numbers)
            if kind == "jsonl":
                _check_many(data)

        return observe(records)


# ----------------------------------------------------------------------------- families

@dataclass(frozen=True)
class Family:
    """One family of hostile input: how it is drawn, judged, saved and read back."""

    name: str
    strategy: Callable[[], st.SearchStrategy[Any]]
    check: Callable[[Any], Outcome]

    def save(self, value: Any, folder: Path) -> None:
        """The input as files a person can read, and as ``input.pickle`` for --replay."""
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "input.pickle").write_bytes(pickle.dumps(value))
        if isinstance(value, str):
            (folder / "input.json").write_text(json.dumps(value) + "\n", encoding="utf-8")
        elif isinstance(value, S.FileSet):
            value.write(folder / "files")
            (folder / "notes.txt").write_text("\n".join(value.notes) + "\n", encoding="utf-8")
        elif isinstance(value, S.CaseInput):
            (folder / value.name).write_bytes(value.data)
            (folder / "facts.txt").write_text(repr(value.facts)[:100_000] + "\n",
                                              encoding="utf-8", errors="backslashreplace")

    @staticmethod
    def load(folder: Path) -> Any:
        return pickle.loads((folder / "input.pickle").read_bytes())  # noqa: S301 - our own


FAMILIES = {f.name: f for f in [
    Family("feel", S.feel_inputs, check_feel),
    Family("packs", S.pack_inputs, check_pack),
    Family("dmn", S.dmn_inputs, check_dmn),
    Family("cases", S.case_inputs, check_case),
    Family("batch", S.batch_inputs, check_batch),
]}


def standing(examples: int) -> settings:
    """The settings of a standing fuzz test: few examples, the same ones on every run
    (``derandomize``: CI stays deterministic), no deadline (the oracle has its own bound),
    no shrinking (a failure is reported as found: shrinking inputs of hundreds of KB took
    gigabytes)."""
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    phases=[Phase.explicit, Phase.generate],   # shrinking huge inputs costs GBs
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much,
                                           HealthCheck.large_base_example])
