"""Reading an archived trace and deciding whether it can be trusted: JSON with no key given
twice (located by line and column), the fields replay reads as ``schemas/trace.schema.json``
defines them, and a trace that agrees with itself (docs/replay.md says what is checked).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from regel.base.errors import RegelError, Span
from regel.base.messages import Msg, render
from regel.base.version import __version__
from regel.base.words import either
from regel.feel.jsonio import BeyondDecimal, dumps, exact_number
from regel.run.trace import TRACE_FORMAT_VERSION
from regel.source.files import TRACE_FILE, read_text

__all__ = ["ReplayError", "load_trace", "read_trace", "check_trace", "iso_date", "exact",
           "same", "shown", "period", "version_of", "MISSING"]


class ReplayError(RegelError, ValueError):
    """A trace that cannot be replayed: not JSON, not a regel trace, an unknown pack."""

    code = "REPLAY"


# --------------------------------------------------------------------------- reading

def _no_constant(name: str) -> Any:
    raise ReplayError.of("TRACE-NOT-JSON", key="TRACE-NOT-JSON/constant", name=name)


class _DuplicateKey(Exception):
    """A JSON object that holds a key twice (raised while parsing, located afterwards)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict, refusing a key given twice (``json`` would keep the last)."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


def load_trace(text: str, source: str | None = None) -> dict[str, Any]:
    """Parse trace JSON text exactly (numbers as Decimal, no key twice in an object) and
    check that it is a regel trace this engine can read and that it agrees with itself
    (``check_trace``); ``ReplayError`` otherwise, located in the text where it can be.
    ``source`` names the file."""
    try:
        data = json.loads(text, parse_float=exact_number, parse_constant=_no_constant,
                          object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise ReplayError.of("TRACE-NOT-JSON", at=source, key="TRACE-NOT-JSON/syntax",
                             line=exc.lineno, column=exc.colno, reason=exc.msg) from None
    except _DuplicateKey as dup:
        raise _duplicate_key_error(text, dup.key, source) from None
    except ReplayError as err:   # NaN or Infinity
        err.source = source
        raise err from None
    except (ValueError, RecursionError) as exc:
        reason = exc.said if isinstance(exc, BeyondDecimal) else str(exc)
        raise ReplayError.of("TRACE-NOT-JSON", at=source, key="TRACE-NOT-JSON/unusable",
                             reason=reason) from None
    problem = _trace_problem(data)
    if problem is not None:
        raise problem.error(source, text)
    return data


def _duplicate_key_error(text: str, key: str, source: str | None) -> ReplayError:
    """TRACE-DUPLICATE-KEY at the first key in ``text`` that its object already holds."""
    seen: set[tuple[str | int, ...]] = set()
    try:
        for path, start, end in _places(text):
            if path in seen:   # the first repeated path is a key repeated in one object
                where = _where(list(path))
                return ReplayError.of("TRACE-DUPLICATE-KEY", at=_span(text, start, end, source),
                                      field=where, text=text, name=path[-1], path=where)
            seen.add(path)
    except ValueError:   # a broken string after the object that holds the key twice
        pass
    return ReplayError.of("TRACE-DUPLICATE-KEY", at=source, name=key, path=key)


# --------------------------------------------------------------------------- places in the text

#: JSON white space, and a reader of single JSON values
_SPACE = re.compile(r"[ \t\n\r]*")
_JSON = json.JSONDecoder()


@dataclass(slots=True)
class _Open:
    """An object or list being read: its path, and its current key or item number."""

    path: tuple[str | int, ...]
    is_object: bool
    key: str = ""
    index: int = 0
    expect_key: bool = True

    def child(self) -> tuple[str | int, ...]:
        return (*self.path, self.key if self.is_object else self.index)


def _places(text: str) -> Iterator[tuple[tuple[str | int, ...], int, int]]:
    """(path, start, end) of every key and every list item in JSON ``text``, in the order
    of the text: a key's path ends with the key (from its opening quote to past its closing
    one), an item's with its number from 0 (its first character). Where the text is not
    JSON it stops, or raises ValueError."""
    stack: list[_Open] = []
    pos, size = _skip_space(text, 0), len(text)
    while pos < size:
        char, top = text[pos], (stack[-1] if stack else None)
        if char in "]}:," and top is not None:
            if char in "]}":
                stack.pop()
            elif char == ",":
                top.expect_key, top.index = top.is_object, top.index + (not top.is_object)
            pos += 1
        elif top is not None and top.is_object and top.expect_key:
            if char != '"':
                return
            key, end = _JSON.raw_decode(text, pos)
            top.key, top.expect_key = str(key), False
            yield top.child(), pos, end
            pos = end
        else:
            if top is not None and not top.is_object:
                yield top.child(), pos, pos + 1
            pos = _value_start(text, pos, stack)
        pos = _skip_space(text, pos)


def _skip_space(text: str, pos: int) -> int:
    space = _SPACE.match(text, pos)
    return space.end() if space else pos


def _value_start(text: str, pos: int, stack: list[_Open]) -> int:
    """Read the value that begins at ``pos``: open an object or list on ``stack``, or
    skip a string, number or literal (ValueError if there is none). The position after
    what was read."""
    char = text[pos]
    if char in "{[":
        stack.append(_Open(stack[-1].child() if stack else (), char == "{"))
        return pos + 1
    return int(_JSON.raw_decode(text, pos)[1])   # a string, number or literal


def _located(text: str, path: tuple[str | int, ...]) -> tuple[int, int] | None:
    """Where in ``text`` the deepest part of ``path`` that is there begins and ends."""
    best: tuple[int, int] | None = None
    depth = 0
    try:
        for place, start, end in _places(text):
            if len(place) > depth and place == path[:len(place)]:
                best, depth = (start, end), len(place)
                if depth == len(path):
                    break
    except ValueError:   # text that is not JSON: keep what was found
        pass
    return best


def _span(text: str, start: int, end: int, source: str | None) -> Span:
    """The place from ``start`` to ``end`` in ``text`` (on one line) as a span."""
    line = text.count("\n", 0, start) + 1
    column = start - text.rfind("\n", 0, start)
    return Span(line, column, line, column + max(1, end - start), start, end, source)


def read_trace(path: str | Path) -> dict[str, Any]:
    """``load_trace`` of a file."""
    text = read_text(path, what=TRACE_FILE, encoding="utf-8-sig", error=ReplayError)
    return load_trace(text, str(Path(path)))


#: what replay reads of a trace: these fields are checked against their definitions in
#: ``schemas/trace.schema.json``, and nothing else is (a trace may carry more fields, or
#: other forms of the fields replay does not read). None: the field's whole definition;
#: a mapping: only these fields of it; a name ending in "?": the field may be left out.
_READS: dict[str, Any] = {
    "format": None, "format_version": None, "pack": {"id": None, "fingerprint": None},
    "as_of": None, "inputs": None, "outputs": None,
    "decisions": {"id": None, "version": {"valid_from": None, "valid_to?": None},
                  "selected_by": {"expression": None, "date": None}, "decided_by?": None,
                  "output?": None, "inputs?": None,
                  "calls?": {"id": None, "version": {"valid_from": None, "valid_to?": None},
                             "selected_by": {"expression": None, "date": None}}},
}


@lru_cache(maxsize=1)
def _trace_validator() -> Draft202012Validator:
    schema = json.loads(files("regel.schemas").joinpath("trace.schema.json")
                        .read_text(encoding="utf-8"))
    defs = schema["$defs"]
    narrowed = {"$schema": schema["$schema"], "$defs": defs,
                **_narrowed(schema, _READS, defs)}
    # the schema describes the newest format; replay also reads the earlier ones
    narrowed["properties"]["format_version"] = {"type": "integer", "minimum": 1,
                                                "maximum": TRACE_FORMAT_VERSION}
    return Draft202012Validator(narrowed, format_checker=FormatChecker())


def _narrowed(schema: dict[str, Any], reads: dict[str, Any], defs: dict[str, Any]
              ) -> dict[str, Any]:
    """The object schema (or list of objects) ``schema`` checking only ``reads``."""
    ref = schema.get("$ref", "")
    if ref.startswith("#/$defs/"):
        schema = defs[ref.removeprefix("#/$defs/")]
    if schema.get("type") == "array":
        return {"type": "array", "items": _narrowed(schema["items"], reads, defs)}
    properties = {}
    for key, inner in reads.items():
        name = key.removesuffix("?")
        whole = schema["properties"][name]
        properties[name] = whole if inner is None else _narrowed(whole, inner, defs)
    return {"type": "object", "properties": properties,
            "required": [key for key in reads if not key.endswith("?")]}


def check_trace(data: Any, source: str | None = None) -> None:
    """Raise ``ReplayError`` unless ``data`` is a regel trace this engine can replay: the
    fields replay reads (``_READS``) as ``schemas/trace.schema.json`` defines them, a
    format version this regel reads, outputs to replay, and a trace that agrees with
    itself (docs/replay.md lists what is compared). ``source`` names the file.

    Codes: TRACE-NOT-TRACE (not a JSON object with ``"format": "regel-trace"``),
    TRACE-VERSION (a format version this regel cannot read), TRACE-FORMAT (a field replay
    reads is missing or broken; the message names it), TRACE-INCONSISTENT (two parts of
    the trace say different things; the message names both)."""
    problem = _trace_problem(data)
    if problem is not None:
        raise problem.error(source)


def _trace_problem(data: Any) -> _Problem | None:
    """The first thing that keeps ``data`` from being replayed, or None."""
    problems = [_problem(data, e) for e in _trace_validator().iter_errors(data)]
    if problems:
        return min(problems, key=_Problem.order)
    # what the schema allows but replay cannot use
    if not data["pack"]["id"]:
        return _Problem((), "TRACE-FORMAT", MISSING_FIELD["pack"], path=("pack", "id"))
    if not data["outputs"]:
        return _Problem((), "TRACE-FORMAT", MISSING_FIELD["outputs"], path=("outputs",))
    return _disagreement(data)


@dataclass(frozen=True, slots=True)
class _Problem:
    """A problem of a trace as a message: ``rank`` orders schema errors so that the one
    reported is about the most basic problem (not a trace, its version, ...); ``path`` is
    where in the trace it is (keys, and list positions from 0)."""

    rank: tuple[Any, ...]
    code: str
    key: str
    values: dict[str, Any] = field(default_factory=dict)
    path: tuple[str | int, ...] = ()

    def order(self) -> tuple[tuple[Any, ...], str, str]:
        return self.rank, self.code, render(self.key, "en", self.values)

    def error(self, source: str | None, text: str | None = None) -> ReplayError:
        """The problem as an error in ``source``; located in ``text`` when it is given."""
        where = _where(list(self.path)) if self.path else None
        found = _located(text, self.path) if text is not None and self.path else None
        at: Span | str | None = source
        if text is not None and found is not None:
            at = _span(text, *found, source)
        return ReplayError.of(self.code, at=at, field=where, key=self.key,
                              text=text if found is not None else None, **self.values)


#: the message for a field that is missing or not of its type
MISSING_FIELD = {
    "pack": "TRACE-FORMAT/no-pack-id",
    "pack.id": "TRACE-FORMAT/no-pack-id",
    "pack.fingerprint": "TRACE-FORMAT/no-fingerprint",
    "inputs": "TRACE-FORMAT/no-inputs",
    "outputs": "TRACE-FORMAT/no-outputs",
    "decisions": "TRACE-FORMAT/no-decisions",
}


def _problem(data: Any, error: ValidationError) -> _Problem:
    """A schema error as the message that names the field, and where it is."""
    path = list(error.absolute_path)
    if error.validator == "required":   # point at the first missing field (by rank)
        path.append(next(f for f in error.validator_value if f not in error.instance))
    return replace(_schema_message(data, path, error), path=tuple(path))


def _schema_message(data: Any, path: list[Any], error: ValidationError) -> _Problem:
    """The message for a schema ``error`` at ``path``."""
    if not path or path[0] == "format":
        return _Problem((0,), "TRACE-NOT-TRACE", "TRACE-NOT-TRACE")
    rank = (list(_READS).index(str(path[0])),
            *((isinstance(p, str), p if isinstance(p, int) else 0, str(p)) for p in path[1:]))
    if path[0] == "format_version":
        return _version_problem(rank, data.get("format_version"))
    if path[0] == "as_of":
        return _Problem(rank, "TRACE-FORMAT", "TRACE-FORMAT/as-of",
                        {"value": dumps(data.get("as_of"), indent=None)})
    if path[0] == "decisions" and len(path) > 1:
        key, values = _decision_problem(data["decisions"], path[1:], error)
        return _Problem(rank, "TRACE-FORMAT", key, values)
    where = ".".join(map(str, path))
    if error.validator in ("required", "type") and where in MISSING_FIELD:
        return _Problem(rank, "TRACE-FORMAT", MISSING_FIELD[where])
    return _Problem(rank, "TRACE-FORMAT", "TRACE-FORMAT/schema",
                    {"where": _where(path), "reason": _reason(error)})


def _version_problem(rank: tuple[Any, ...], version: Any) -> _Problem:
    if isinstance(version, bool) or not isinstance(version, int):
        return _Problem(rank, "TRACE-FORMAT", "TRACE-FORMAT/format-version")
    if version > TRACE_FORMAT_VERSION:
        return _Problem(rank, "TRACE-VERSION", "TRACE-VERSION/newer",
                        {"version": version, "regel": __version__,
                         "newest": TRACE_FORMAT_VERSION})
    return _Problem(rank, "TRACE-VERSION", "TRACE-VERSION/unreadable", {"version": version})


def _decision_problem(decisions: list[Any], path: list[Any], error: ValidationError
                      ) -> tuple[str, dict[str, Any]]:
    """The message (key and values) for an error inside decision ``path[0]`` of the trace."""
    position = int(path[0])
    decision = decisions[position]
    part = [str(p) for p in path[1:]]
    if not part or part == ["id"] or not isinstance(decision.get("id"), str):
        return "TRACE-FORMAT/decision-no-id", {"position": position + 1}
    name = decision["id"]
    missing = error.validator in ("required", "type")
    if part in (["version"], ["version", "valid_from"]) and missing:
        return "TRACE-FORMAT/decision-no-version", {"decision": name}
    if part == ["decided_by"] and missing:
        return "TRACE-FORMAT/decided-by", {"decision": name}
    if part == ["selected_by"] and missing:
        return "TRACE-FORMAT/decision-no-selected-by", {"decision": name}
    return "TRACE-FORMAT/decision-schema", {"decision": name, "where": _where(path[1:]),
                                            "reason": _reason(error)}


def _where(path: list[Any]) -> str:
    """The place of an error as a dotted path, counting list items from 1."""
    text = "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in path)
    return text.lstrip(".")


#: the JSON types the schema names, in words
_JSON_TYPES = ("object", "array", "string", "number", "integer", "boolean", "null")


def _json_type(name: str) -> Msg | str:
    return Msg(f"replay.json.{name}") if name in _JSON_TYPES else name


def _reason(error: ValidationError) -> Msg:
    """What is wrong, in a plain sentence."""
    rule, wanted = error.validator, error.validator_value
    if rule == "required":
        return Msg("replay.reason.missing")
    if rule == "type":
        kinds = wanted if isinstance(wanted, list) else [wanted]
        return Msg("replay.reason.type", {"kinds": either([_json_type(str(k))
                                                            for k in kinds])})
    if rule == "format" and wanted == "date":
        return Msg("replay.reason.date")
    if rule == "format":
        return Msg("replay.reason.format", {"format": wanted})
    if rule == "pattern":
        return Msg("replay.reason.pattern", {"value": dumps(error.instance, indent=None),
                                             "pattern": wanted})
    # a rule the trace schema does not use where replay reads: the validator's own words
    return Msg("replay.reason.other", {"text": " ".join(str(error.message).split())})


# --------------------------------------------------------------------------- agreement

def _disagreement(trace: Mapping[str, Any]) -> _Problem | None:
    """The first place where the trace contradicts itself, or None (docs/replay.md)."""
    records: list[Mapping[str, Any]] = trace["decisions"]
    for check in (_twice_recorded, _outputs_disagree, _as_of_disagrees, _version_not_in_force,
                  _inputs_disagree):
        problem = check(trace, records)
        if problem is not None:
            return problem
    return None


def _inconsistent(key: str, path: tuple[str | int, ...], **values: Any) -> _Problem:
    return _Problem((), "TRACE-INCONSISTENT", f"TRACE-INCONSISTENT/{key}", values, path)


def _twice_recorded(trace: Mapping[str, Any], records: list[Mapping[str, Any]]
                    ) -> _Problem | None:
    """A decision recorded twice (each decision is evaluated once)."""
    first: dict[str, int] = {}
    for i, rec in enumerate(records):
        if rec["id"] in first:
            return _inconsistent("twice", ("decisions", i, "id"), decision=rec["id"],
                                 first=first[rec["id"]] + 1, second=i + 1)
        first[rec["id"]] = i
    return None


def _outputs_disagree(trace: Mapping[str, Any], records: list[Mapping[str, Any]]
                      ) -> _Problem | None:
    """An asked decision without its record, or whose record gives another output. Only a
    null output may lack its record: a decision that failed before its record began, in
    a pack whose failed decisions are null."""
    by_id = {rec["id"]: (i, rec) for i, rec in enumerate(records)}
    for did, value in trace["outputs"].items():
        if did not in by_id:
            if value is None:
                continue
            if not records:
                return _inconsistent("no-decisions", ("decisions",), decision=did)
            return _inconsistent("no-record", ("outputs", did), decision=did)
        i, rec = by_id[did]
        if "output" in rec and not same(value, rec["output"]):
            return _inconsistent("output", ("decisions", i, "output"), decision=did,
                                 output=shown(exact(value)),
                                 record=shown(exact(rec["output"])))
    return None


def _every_record(records: list[Mapping[str, Any]]
                  ) -> Iterator[tuple[tuple[str | int, ...], Mapping[str, Any]]]:
    """Each decision record and each record of a call of a function decision, with its
    path in the trace."""
    for i, rec in enumerate(records):
        yield ("decisions", i), rec
        for j, call in enumerate(rec.get("calls") or []):
            yield ("decisions", i, "calls", j), call


def _by_as_of(rec: Mapping[str, Any]) -> bool:
    """Whether the as-of date chose the record's version (no version_by expression)."""
    return rec["selected_by"]["expression"] is None


def _as_of_disagrees(trace: Mapping[str, Any], records: list[Mapping[str, Any]]
                     ) -> _Problem | None:
    """A version chosen by the as-of date, on another date than the trace's as_of. When all
    such records agree on that other date, the trace's as_of is the odd one out."""
    as_of = iso_date(trace["as_of"])
    chosen = [(path, rec, iso_date(rec["selected_by"]["date"]))
              for path, rec in _every_record(records) if _by_as_of(rec)]
    wrong = [(path, rec, day) for path, rec, day in chosen if day != as_of]
    if not wrong:
        return None
    path, rec, day = wrong[0]
    date = rec["selected_by"]["date"]
    if len({day for _, _, day in chosen}) == 1:
        return _inconsistent("as-of", ("as_of",), as_of=trace["as_of"], date=date,
                             decision=rec["id"])
    return _inconsistent("selected-date", (*path, "selected_by", "date"), decision=rec["id"],
                         date=date, as_of=trace["as_of"])


def _version_not_in_force(trace: Mapping[str, Any], records: list[Mapping[str, Any]]
                          ) -> _Problem | None:
    """A recorded version that is not in force on the date recorded as choosing it. A
    function decision's own record is left out: it holds the version of the as-of date,
    or the last one when none covers it (each call records the version it used)."""
    for path, rec in _every_record(records):
        if len(path) == 2 and _is_function(rec):
            continue
        day = iso_date(rec["selected_by"]["date"])
        start = iso_date(rec["version"]["valid_from"])
        end = rec["version"].get("valid_to")
        end = iso_date(end) if isinstance(end, str) else None
        if day is None or start is None:
            continue
        if day < start or (end is not None and day >= end):
            return _inconsistent("version-date", (*path, "version"), decision=rec["id"],
                                 period=period(version_of(rec)),
                                 date=rec["selected_by"]["date"])
    return None


def _is_function(rec: Mapping[str, Any]) -> bool:
    """Whether the record is a function decision's own: its output is the function."""
    output = rec.get("output")
    return isinstance(output, str) and output.startswith(f"function {rec['id']}(")


def _inputs_disagree(trace: Mapping[str, Any], records: list[Mapping[str, Any]]
                     ) -> _Problem | None:
    """A decision that read another decision's result as something else than that
    decision's record gives, or read a decision the trace does not record (only a null
    may come from a decision without its record, as for outputs)."""
    by_id = {rec["id"]: rec for rec in records}
    for i, rec in enumerate(records):
        for k, item in enumerate(rec.get("inputs") or []):
            if item["from"] != "decision":
                continue
            name, value = item["name"], item["value"]
            read = by_id.get(name)
            if read is None and value is not None:
                return _inconsistent("input-unrecorded", ("decisions", i, "inputs", k, "name"),
                                     decision=rec["id"], name=name)
            if read is not None and "output" in read and not same(value, read["output"]):
                return _inconsistent("input", ("decisions", i, "inputs", k, "value"),
                                     decision=rec["id"], name=name,
                                     value=shown(exact(value)),
                                     output=shown(exact(read["output"])))
    return None


# --------------------------------------------------------------------------- values in a trace

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: a value the other side of a comparison does not have
MISSING = object()


def iso_date(text: str) -> _dt.date | None:
    """The date if ``text`` is exactly a valid YYYY-MM-DD, else None."""
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        return None


def exact(value: Any) -> Any:
    """JSON data with binary floats replaced by Decimals (their shortest text)."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Mapping):
        return {k: exact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [exact(v) for v in value]
    return value


def same(a: Any, b: Any) -> bool:
    """JSON equality with numbers compared as Decimal and booleans only equal booleans."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, Decimal, float)) and isinstance(b, (int, Decimal, float)):
        return _num(a) == _num(b)
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if type(a) is not type(b):
        return False
    return bool(a == b)


def _num(x: int | Decimal | float) -> Decimal:
    return Decimal(repr(x)) if isinstance(x, float) else Decimal(x)


def shown(value: Any) -> str:
    """A JSON value on one line: numbers bare, strings quoted, absent as —."""
    if value is MISSING:
        return "—"
    if isinstance(value, Decimal):
        return dumps(value)
    return dumps(value, indent=None)


def period(version: Mapping[str, Any] | None) -> str:
    if not version:
        return "—"
    end = version.get("valid_to") or "…"
    return f"[{version.get('valid_from')}, {end})"


def version_of(d: Mapping[str, Any]) -> dict[str, Any]:
    v = d.get("version") or {}
    return {"valid_from": v.get("valid_from"), "valid_to": v.get("valid_to")}
