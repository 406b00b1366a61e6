"""Replay an archived trace: do the same rules still give the same answer?

``replay(trace)`` evaluates the recorded facts again, at the recorded as-of date, for the
recorded asked decisions, and lists every ``Difference`` (of the ``KINDS``); a report is
put into Danish or English words by ``render_report``. Before that, a trace that holds a
JSON key twice, breaks the schema where replay reads, or contradicts itself is refused
(``load_trace``, ``check_trace``). What is compared, how dates inside list facts are read
back and what of a trace is checked: docs/replay.md.
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

from regel.base.errors import CaseError, Diagnostic, EvaluationError, RegelError, Span
from regel.base.messages import Msg, language, render
from regel.base.version import __version__
from regel.base.words import did_you_mean, either, said
from regel.feel.jsonio import dumps, plain
from regel.load import bundled_packs, load_pack
from regel.model import Pack
from regel.run.evaluate import evaluate
from regel.run.trace import TRACE_FORMAT_VERSION
from regel.source.files import TRACE_FILE, read_text

__all__ = ["ReplayError", "Difference", "ReplayReport", "replay", "load_trace", "read_trace",
           "check_trace", "replay_facts", "describe_difference", "render_report",
           "KINDS"]

#: the kinds of difference, in the order a report lists them
KINDS = ("case", "fingerprint", "missing_decision", "unrecorded_decision", "output",
         "version", "selected_by", "decided_by", "engine_version")
#: kinds that are reported but do not make the replay fail
INFORMATIONAL = frozenset({"engine_version"})

#: how many leaf differences of one structured output a listing shows
_MAX_DETAILS = 8

#: what a missing decision's ``now`` says (JSON data, not words)
_NOT_IN_PACK = "not in the pack"
_NOT_EVALUATED = "not evaluated"
#: what an unrecorded decision's ``recorded`` says
_NOT_RECORDED = "not in the trace"


class ReplayError(RegelError, ValueError):
    """A trace that cannot be replayed: not JSON, not a regel trace, an unknown pack."""

    code = "REPLAY"


# --------------------------------------------------------------------------- report

@dataclass(slots=True)
class Difference:
    """One way in which the replay differs from the recorded trace.

    ``kind`` is stable (see ``KINDS``); ``what`` is the message that says it (``text(lang)``
    in words, ``message`` in English); ``decision`` names the decision where there is one;
    ``fact`` names the case fact for some ``case`` differences, and ``problem`` is the
    pack's diagnostic for a ``case`` difference; ``recorded`` and ``now`` are JSON values.
    """

    kind: str
    what: Msg
    decision: str | None = None
    recorded: Any = None
    now: Any = None
    fact: str | None = None
    problem: Diagnostic | None = None

    @property
    def informational(self) -> bool:
        return self.kind in INFORMATIONAL

    @property
    def message(self) -> str:
        """The difference as an English sentence."""
        return self.text("en")

    def text(self, lang: str = "en") -> str:
        """The difference as a sentence in ``lang`` (da or en)."""
        return self.what.render(lang)

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        return {"kind": self.kind, "decision": self.decision, "fact": self.fact,
                "recorded": plain(self.recorded), "now": plain(self.now),
                "informational": self.informational, "message": self.text(lang)}


@dataclass(slots=True)
class ReplayReport:
    """The outcome of a replay. ``ok``: the same outputs, versions, deciding rules and
    fingerprint (a different engine version alone keeps ``ok`` true)."""

    ok: bool
    differences: list[Difference] = field(default_factory=list)
    pack_id: str = ""
    pack_version: str | None = None        # the recorded pack version
    pack_version_now: str | None = None
    fingerprint: str = ""                  # the recorded fingerprint
    fingerprint_now: str = ""
    engine_version: str | None = None      # the recorded engine version
    engine_version_now: str = __version__
    as_of: _dt.date | None = None
    case_id: str | None = None
    asked: list[str] = field(default_factory=list)
    decisions: int = 0                     # decisions in the recorded trace

    @property
    def failures(self) -> list[Difference]:
        """The differences that make the replay fail (all but the informational ones)."""
        return [d for d in self.differences if not d.informational]

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """The report as JSON data; each difference's ``message`` in ``lang``."""
        return {
            "format": "regel-replay",
            "ok": self.ok,
            "pack": {"id": self.pack_id,
                     "version": {"recorded": self.pack_version, "now": self.pack_version_now},
                     "fingerprint": {"recorded": self.fingerprint,
                                     "now": self.fingerprint_now}},
            "engine_version": {"recorded": self.engine_version, "now": self.engine_version_now},
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "case_id": self.case_id,
            "asked": list(self.asked),
            "decisions": self.decisions,
            "differences": [d.to_json(lang) for d in self.differences],
        }


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
        data = json.loads(text, parse_float=Decimal, parse_constant=_no_constant,
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
        raise ReplayError.of("TRACE-NOT-JSON", at=source, key="TRACE-NOT-JSON/unusable",
                             reason=str(exc)) from None
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
        return _Problem((), "TRACE-FORMAT", _MISSING_FIELD["pack"], path=("pack", "id"))
    if not data["outputs"]:
        return _Problem((), "TRACE-FORMAT", _MISSING_FIELD["outputs"], path=("outputs",))
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
_MISSING_FIELD = {
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
    if error.validator in ("required", "type") and where in _MISSING_FIELD:
        return _Problem(rank, "TRACE-FORMAT", _MISSING_FIELD[where])
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
        if "output" in rec and not _same(value, rec["output"]):
            return _inconsistent("output", ("decisions", i, "output"), decision=did,
                                 output=_shown(_exact(value)),
                                 record=_shown(_exact(rec["output"])))
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
    as_of = _iso_date(trace["as_of"])
    chosen = [(path, rec, _iso_date(rec["selected_by"]["date"]))
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
        day = _iso_date(rec["selected_by"]["date"])
        start = _iso_date(rec["version"]["valid_from"])
        end = rec["version"].get("valid_to")
        end = _iso_date(end) if isinstance(end, str) else None
        if day is None or start is None:
            continue
        if day < start or (end is not None and day >= end):
            return _inconsistent("version-date", (*path, "version"), decision=rec["id"],
                                 period=_period(_version(rec)),
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
            if read is not None and "output" in read and not _same(value, read["output"]):
                return _inconsistent("input", ("decisions", i, "inputs", k, "value"),
                                     decision=rec["id"], name=name,
                                     value=_shown(_exact(value)),
                                     output=_shown(_exact(read["output"])))
    return None


# --------------------------------------------------------------------------- facts

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(text: str) -> _dt.date | None:
    """The date if ``text`` is exactly a valid YYYY-MM-DD, else None."""
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        return None


def _dates_inside(value: Any) -> Any:
    """``value`` with every string that is exactly an ISO date turned into a date."""
    if isinstance(value, str):
        day = _iso_date(value)
        return value if day is None else day
    if isinstance(value, Mapping):
        return {k: _dates_inside(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_inside(v) for v in value]
    return value


def _holds_mappings(spec: Any) -> bool:
    if spec.type == "context":
        return True
    return spec.type == "list" and getattr(spec, "items", None) in (None, "context", "list",
                                                                     "any")


def _exact(value: Any) -> Any:
    """JSON data with binary floats replaced by Decimals (their shortest text)."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Mapping):
        return {k: _exact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_exact(v) for v in value]
    return value


def replay_facts(pack: Pack, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The recorded facts ready for ``pack.evaluate``: exact numbers, and ISO-date strings
    inside list and context facts as dates (see docs/replay.md)."""
    facts: dict[str, Any] = {}
    for name, value in inputs.items():
        value = _exact(value)
        spec = pack.inputs.get(str(name))
        if spec is not None and _holds_mappings(spec):
            value = _dates_inside(value)
        facts[str(name)] = value
    return facts


# --------------------------------------------------------------------------- comparing

def _same(a: Any, b: Any) -> bool:
    """JSON equality with numbers compared as Decimal and booleans only equal booleans."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, Decimal, float)) and isinstance(b, (int, Decimal, float)):
        return _num(a) == _num(b)
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if type(a) is not type(b):
        return False
    return bool(a == b)


def _num(x: int | Decimal | float) -> Decimal:
    return Decimal(repr(x)) if isinstance(x, float) else Decimal(x)


_MISSING = object()


def _leaves(a: Any, b: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """The places where two JSON values differ: (path, recorded, now)."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        for k in list(a) + [k for k in b if k not in a]:
            sub = f"{path}.{k}" if path else str(k)
            yield from _leaves(a.get(k, _MISSING), b.get(k, _MISSING), sub)
        return
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True), 1):
            yield from _leaves(x, y, f"{path}[{i}]")
        return
    if a is _MISSING or b is _MISSING or not _same(a, b):
        yield path, a, b


def _shown(value: Any) -> str:
    """A JSON value on one line: numbers bare, strings quoted, absent as —."""
    if value is _MISSING:
        return "—"
    if isinstance(value, Decimal):
        return dumps(value)
    return dumps(value, indent=None)


def _period(version: Mapping[str, Any] | None) -> str:
    if not version:
        return "—"
    end = version.get("valid_to") or "…"
    return f"[{version.get('valid_from')}, {end})"


def _rules(ids: Any) -> list[str] | Msg:
    """Rule ids as a message value: joined with commas, or 'none'."""
    return [str(i) for i in ids] if ids else Msg("tools.none")


def describe_difference(diff: Difference, lang: str = "en") -> list[str]:
    """The lines that describe one difference, in Danish or English (the catalogue's
    ``replay.*`` messages)."""
    kind = diff.kind
    if kind == "fingerprint":
        return [render("replay.fingerprint", lang, {"recorded": _short(diff.recorded),
                                                    "now": _short(diff.now)})]
    if kind == "engine_version":
        return [render("replay.engine_version", lang, {"recorded": diff.recorded,
                                                       "now": diff.now})]
    if kind == "case":
        return [render("replay.case", lang, {"message": diff.what})]
    if kind == "missing_decision":
        why = Msg("replay.missing_from_pack" if diff.now == _NOT_IN_PACK
                  else "replay.not_evaluated")
        return [render("replay.missing_decision", lang, {"decision": diff.decision,
                                                         "now": why})]
    if kind == "version":
        return [render("replay.version", lang, {"decision": diff.decision,
                                                "recorded": _period(diff.recorded),
                                                "now": _period(diff.now)})]
    if kind == "decided_by":
        return [render("replay.decided_by", lang, {"decision": diff.decision,
                                                   "recorded": _rules(diff.recorded),
                                                   "now": _rules(diff.now)})]
    if kind == "output":
        return _output_lines(diff, lang)
    return [diff.text(lang)]


def _output_lines(diff: Difference, lang: str) -> list[str]:
    """An output that differs: one line, or one line per differing part of a structure."""
    parts = list(_leaves(diff.recorded, diff.now))
    if len(parts) == 1 and parts[0][0] == "":
        return [render("replay.output", lang, {"decision": diff.decision,
                                               "recorded": _shown(diff.recorded),
                                               "now": _shown(diff.now)})]
    lines = [render("replay.output_parts", lang, {"decision": diff.decision})]
    for path, a, b in parts[:_MAX_DETAILS]:
        lines.append("  " + render("replay.output_part", lang, {
            "path": path or Msg("replay.whole_value"), "recorded": _shown(a), "now": _shown(b)}))
    if len(parts) > _MAX_DETAILS:
        lines.append("  " + render("replay.more_parts", lang,
                                   {"count": len(parts) - _MAX_DETAILS}))
    return lines


def _short(fingerprint: Any) -> str:
    text = str(fingerprint or "—")
    return text[:12] + "…" if len(text) > 12 else text


def render_report(report: ReplayReport, lang: str = "en") -> str:
    """A short listing for people: a header line, the case, then one line per difference
    (structured outputs: one indented line per differing part)."""
    lang = language(lang)
    failures = report.failures
    if not failures:
        head = render("replay.identical", lang, {"fingerprint": _short(report.fingerprint_now),
                                                 "count": report.decisions})
    elif len(failures) == 1:
        head = render("replay.one_difference", lang)
    else:
        head = render("replay.differences", lang, {"count": len(failures)})
    lines = [head, "  " + render("replay.context", lang, {
        "case": report.case_id or Msg("replay.no_case_id"),
        "as_of": report.as_of.isoformat() if report.as_of else "—",
        "pack": report.pack_id, "version": report.pack_version or ""})]
    for diff in failures:
        described = describe_difference(diff, lang)
        lines.append("  - " + described[0])
        lines.extend("    " + extra for extra in described[1:])
    for diff in report.differences:
        if diff.informational:
            lines.append(f"  {render('replay.note', lang)}: "
                         + describe_difference(diff, lang)[0])
    return "\n".join(lines)


# --------------------------------------------------------------------------- replay

def replay(trace: Mapping[str, Any], pack: Pack | None = None) -> ReplayReport:
    """Evaluate the trace's facts again at its as-of date for its asked decisions, on
    ``pack`` (default: the bundled pack named in the trace), and compare.

    Raises ``ReplayError`` for data that is not a regel trace, an unknown pack, or a pack
    with another id than the trace's. A pack that rejects the recorded facts, or fails on
    them, gives differences of kind ``case``.
    """
    check_trace(trace)
    pack = _pack_for(trace["pack"]["id"], pack)
    report = _empty_report(trace, pack)
    present = [did for did in report.asked if did in pack.decisions]
    gone = [did for did in report.asked if did not in pack.decisions]
    again = _evaluate_again(trace, pack, present, report.as_of) if present else None
    diffs = report.differences
    diffs += _fingerprint_differences(trace["pack"]["fingerprint"], pack.fingerprint)
    if isinstance(again, list):     # the pack rejects the case, or fails on it
        diffs += again
    diffs += [_asked_decision_gone(did, trace["outputs"][did]) for did in gone]
    if isinstance(again, _Again):
        diffs += _output_differences(trace["outputs"], again.values, present)
        recorded = _recorded_decisions(trace)
        diffs += _unrecorded_differences(recorded, again.decisions)
        diffs += _decision_differences(recorded, again.decisions, pack, set(gone),
                                       set(report.asked))
    diffs += _engine_differences(report.engine_version)
    diffs.sort(key=lambda d: KINDS.index(d.kind) if d.kind in KINDS else len(KINDS))
    report.ok = not report.failures
    return report


def _pack_for(pack_id: str, pack: Pack | None) -> Pack:
    """``pack``, checked to be the trace's; by default the bundled pack the trace names."""
    if pack is None:
        return _bundled(pack_id)
    if pack.id != pack_id:
        raise ReplayError.of("PACK-MISMATCH", at=str(pack.path), recorded=pack_id,
                             given=pack.id)
    return pack


def _bundled(pack_id: str) -> Pack:
    bundled = bundled_packs()
    if pack_id not in bundled:
        known: list[str] | Msg = sorted(bundled) or Msg("tools.none")
        raise ReplayError.of("PACK-NOT-FOUND", at=pack_id, key="PACK-NOT-FOUND/not-bundled",
                             name=pack_id, hint=did_you_mean(pack_id, bundled), known=known)
    return load_pack(bundled[pack_id])


def _recorded_decisions(trace: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [d for d in trace["decisions"] if isinstance(d, Mapping)]


def _empty_report(trace: Mapping[str, Any], pack: Pack) -> ReplayReport:
    """The report before comparing: what was recorded and what the pack is now."""
    recorded_pack = trace["pack"]
    as_of = _iso_date(trace["as_of"])
    assert as_of is not None  # check_trace
    case_id = trace.get("case_id")
    return ReplayReport(
        ok=False, pack_id=recorded_pack["id"],
        pack_version=_str_or_none(recorded_pack.get("version")),
        pack_version_now=pack.version, fingerprint=recorded_pack["fingerprint"],
        fingerprint_now=pack.fingerprint,
        engine_version=_str_or_none(trace.get("engine_version")),
        as_of=as_of, case_id=None if case_id is None else str(case_id),
        asked=[str(d) for d in trace["outputs"]],
        decisions=len(_recorded_decisions(trace)))


def _fingerprint_differences(recorded: str, now: str) -> list[Difference]:
    if recorded == now:
        return []
    return [Difference("fingerprint", Msg("replay.other_rules", {"recorded": recorded,
                                                                 "now": now}),
                       None, recorded, now)]


def _engine_differences(recorded: str | None) -> list[Difference]:
    if recorded == __version__:
        return []
    return [Difference("engine_version", Msg("replay.other_engine", {
        "recorded": recorded, "now": __version__}), None, recorded, __version__)]


def _asked_decision_gone(did: str, recorded: Any) -> Difference:
    return Difference("missing_decision", Msg("replay.asked_decision_gone", {"decision": did}),
                      did, plain(recorded), _NOT_IN_PACK)


@dataclass(slots=True)
class _Again:
    """The asked decisions evaluated again: their values (as JSON) and each evaluated
    decision's trace (as JSON), by id."""

    values: dict[str, Any]
    decisions: dict[str, Mapping[str, Any]]


def _evaluate_again(trace: Mapping[str, Any], pack: Pack, asked: list[str],
                    as_of: _dt.date | None) -> _Again | list[Difference]:
    """The recorded facts evaluated again; or, when the pack rejects them or fails on
    them, the differences of kind ``case`` that say why."""
    facts = replay_facts(pack, trace["inputs"])
    try:
        result = evaluate(pack, facts, decisions=asked, as_of=as_of, trace=True)
    except CaseError as err:
        inputs = trace["inputs"]
        return [Difference("case", Msg("replay.rejected_fact", {"fact": d.field or "",
                                                                "problem": said(d)}),
                           None, plain(inputs.get(d.field or "")), d.code, d.field or "", d)
                for d in err.diagnostics]
    except EvaluationError as err:
        source = err.source
        decision = source if isinstance(source, str) and source in pack.decisions else None
        return [Difference("case", Msg("replay.pack_fails", {"code": err.code,
                                                             "problem": said(err.first)}),
                           decision, None, err.code, problem=err.first)]
    return _Again({did: plain(v) for did, v in result.values.items()},
                  {d["id"]: d for d in result.to_json().get("decisions", [])})


def _output_differences(recorded: Mapping[str, Any], now: Mapping[str, Any],
                        asked: list[str]) -> list[Difference]:
    """The asked decisions whose result is not the recorded one."""
    return [Difference("output", Msg("replay.output", {
                "decision": did, "recorded": _shown(plain(recorded[did])),
                "now": _shown(now[did])}), did, plain(recorded[did]), now[did])
            for did in asked if not _same(recorded[did], now[did])]


def _decision_differences(recorded: list[Mapping[str, Any]],
                          now: Mapping[str, Mapping[str, Any]], pack: Pack,
                          gone: set[str], asked: set[str]) -> list[Difference]:
    """Each recorded decision compared with its new trace: still evaluated, the same
    version chosen on the same date, the same deciding rules, and (for the decisions not
    asked, whose outputs are compared above) the same output."""
    diffs: list[Difference] = []
    for rec in recorded:
        did = rec["id"]
        if did in gone:
            continue
        new = now.get(did)
        if new is None:
            diffs.append(_not_evaluated(rec, did in pack.decisions))
            continue
        if did not in asked and "output" in rec and not _same(rec["output"], new["output"]):
            diffs.append(Difference("output", Msg("replay.output", {
                "decision": did, "recorded": _shown(_exact(rec["output"])),
                "now": _shown(new["output"])}), did, _exact(rec["output"]), new["output"]))
        diffs += _record_differences(rec, new)
    return diffs


def _record_differences(rec: Mapping[str, Any], new: Mapping[str, Any]) -> list[Difference]:
    """The version, what chose it, and the deciding rules of one decision, then and now."""
    did = rec["id"]
    diffs: list[Difference] = []
    old_v, new_v = _version(rec), _version(new)
    if not _same(old_v, new_v):
        diffs.append(Difference("version", Msg("replay.version", {
            "decision": did, "recorded": _period(old_v), "now": _period(new_v)}),
            did, old_v, new_v))
    old_sel, new_sel = _selection(rec), _selection(new)
    if old_sel is not None and not _same(old_sel, new_sel):
        diffs.append(Difference("selected_by", Msg("replay.selected_by", {
            "decision": did, "recorded": _chosen(old_sel), "now": _chosen(new_sel)}),
            did, old_sel, new_sel))
    old_by = [str(r) for r in rec.get("decided_by") or []]
    new_by = [str(r) for r in new.get("decided_by") or []]
    if old_by != new_by:
        diffs.append(Difference("decided_by", Msg("replay.decided_by", {
            "decision": did, "recorded": _rules(old_by), "now": _rules(new_by)}),
            did, old_by, new_by))
    return diffs


def _selection(d: Mapping[str, Any]) -> dict[str, Any] | None:
    """What chose the version: the version_by expression (None: the as-of date), and the
    date it gave."""
    chosen = d.get("selected_by")
    if not isinstance(chosen, Mapping):
        return None
    return {"expression": chosen.get("expression"), "date": chosen.get("date")}


def _chosen(selection: Mapping[str, Any] | None) -> Msg | str:
    """What chose a version, as a message value."""
    if not selection:
        return "—"
    if selection["expression"] is None:
        return Msg("replay.chosen_by_as_of", {"date": selection["date"]})
    return Msg("replay.chosen_by", {"date": selection["date"],
                                    "expression": selection["expression"]})


def _unrecorded_differences(recorded: list[Mapping[str, Any]],
                            now: Mapping[str, Mapping[str, Any]]) -> list[Difference]:
    """The decisions evaluated this time that the trace has no record of."""
    ids = {rec["id"] for rec in recorded}
    return [Difference("unrecorded_decision", Msg("replay.unrecorded_decision",
                                                  {"decision": did}),
                       did, _NOT_RECORDED, new.get("output"))
            for did, new in now.items() if did not in ids]


def _not_evaluated(rec: Mapping[str, Any], in_pack: bool) -> Difference:
    """A recorded decision that was not evaluated this time."""
    did = rec["id"]
    key = "replay.decision_not_needed" if in_pack else "replay.decision_gone"
    return Difference("missing_decision", Msg(key, {"decision": did}), did,
                      rec.get("output"), _NOT_EVALUATED if in_pack else _NOT_IN_PACK)


def _version(d: Mapping[str, Any]) -> dict[str, Any]:
    v = d.get("version") or {}
    return {"valid_from": v.get("valid_from"), "valid_to": v.get("valid_to")}


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)
