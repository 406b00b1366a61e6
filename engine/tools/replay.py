"""Replay an archived trace: do the same rules still give the same answer?

A trace (``regel explain PACK --case FILE --format json``, or ``Evaluation.to_json()``
written with ``regel.feel.jsonio.dumps``) records the engine version, the pack's id, version
and fingerprint, the as-of date, the case facts (``inputs``), the decisions that were
evaluated (the version each used and the rules that decided) and ``outputs``, the results
of the decisions that were asked for. ``replay`` evaluates the recorded facts again, at the
recorded as-of date, for the recorded asked decisions (the keys of ``outputs``), and lists
every difference:

``fingerprint``       the pack's rules are not the same data as when the trace was made
``output``            an asked decision gives another result
``version``           a decision used another version (its ``valid_from``/``valid_to``)
``decided_by``        other rules decided a decision
``missing_decision``  a decision in the trace no longer exists in the pack, or was not
                      evaluated this time
``case``              the pack no longer accepts the recorded facts (a fact is unknown,
                      missing, of another type or not allowed), or fails on them (for
                      example no version covers the date)
``engine_version``    another version of regel: informational, never a failure

``ok`` is true when there is no difference other than ``engine_version``.

>>> import json, regel.tools.replay
>>> from decimal import Decimal
>>> trace = json.loads(open("trace.json").read(), parse_float=Decimal)   # doctest: +SKIP
>>> report = regel.tools.replay.replay(trace)                                   # doctest: +SKIP
>>> report.ok, [d.kind for d in report.differences]                       # doctest: +SKIP

**Values are compared as JSON.** The recorded value is JSON; the new value is turned into
JSON with ``regel.feel.jsonio.plain``. Numbers are compared as ``Decimal``, so 113823.30 equals
113823.3, but ``true`` never equals ``1``. Load trace files with
``json.loads(text, parse_float=Decimal)`` (``load_trace`` does); a trace read with binary
floats is accepted, each float taken at its shortest decimal text.

**Dates inside list and context facts.** JSON has no dates, so a trace holds dates as ISO
strings. For facts declared ``date`` (and the other temporal types) the case check turns
the string back into a date. A fact declared ``list`` (with ``items: context``, ``list``,
``any`` or no item type) or ``context`` holds mappings whose dates come back as strings
(the sikkerhedsstillelse pack's ``aid_payments`` and ``transfers``); the rules would then
compare a text with a date and give null. So before evaluating, inside such facts, every
string that is exactly a valid ISO date (``YYYY-MM-DD``) becomes a ``datetime.date``. The
declared types are read from ``pack.inputs[fact].type`` and ``.items``; lists whose items
are declared ``string`` are left alone. A text inside such a fact that merely looks like a
date (written quoted in the case) is therefore replayed as a date: the trace does not keep
the difference. Times, date-times and durations inside list and context facts are not
converted and stay strings.

**What is checked.** The fields replay reads (the format and its version, ``pack.id`` and
``pack.fingerprint``, ``as_of``, ``inputs``, ``outputs``, and each decision's ``id``,
``version.valid_from`` and ``decided_by``) are validated against their definitions in
``schemas/trace.schema.json``; a broken one is a ``ReplayError`` (TRACE-NOT-TRACE,
TRACE-VERSION or TRACE-FORMAT) that names it. Nothing else is checked and unknown keys are
ignored, so traces with more fields (labels, units, column values) replay the same way.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from regel.base.diagnostics import CaseError, EvaluationError, did_you_mean
from regel.base.errors import RegelError
from regel.base.messages import language, render
from regel.base.version import __version__
from regel.feel.jsonio import dumps, plain
from regel.model import Pack
from regel.run.evaluate import evaluate
from regel.run.trace import TRACE_FORMAT_VERSION
from regel.source.files import read_text

__all__ = ["ReplayError", "Difference", "ReplayReport", "replay", "load_trace", "read_trace",
           "check_trace", "replay_facts", "describe_difference", "render_report",
           "KINDS"]

#: the kinds of difference, in the order a report lists them
KINDS = ("case", "fingerprint", "missing_decision", "output", "version", "decided_by",
         "engine_version")
#: kinds that are reported but do not make the replay fail
INFORMATIONAL = frozenset({"engine_version"})

#: how many leaf differences of one structured output a listing shows
_MAX_DETAILS = 8

class ReplayError(RegelError, ValueError):
    """A trace that cannot be replayed: not JSON, not a regel trace, an unknown pack."""

    code = "REPLAY"


# --------------------------------------------------------------------------- report

@dataclass(slots=True)
class Difference:
    """One way in which the replay differs from the recorded trace.

    ``kind`` is stable (see ``KINDS``); ``decision`` names the decision where there is
    one; ``fact`` names the case fact for some ``case`` differences; ``recorded`` and
    ``now`` are JSON values; ``message`` is a plain English sentence.
    """

    kind: str
    message: str
    decision: str | None = None
    recorded: Any = None
    now: Any = None
    fact: str | None = None

    @property
    def informational(self) -> bool:
        return self.kind in INFORMATIONAL

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "decision": self.decision, "fact": self.fact,
                "recorded": plain(self.recorded), "now": plain(self.now),
                "informational": self.informational, "message": self.message}


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

    def to_json(self) -> dict[str, Any]:
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
            "differences": [d.to_json() for d in self.differences],
        }


# --------------------------------------------------------------------------- reading

def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def load_trace(text: str, source: str = "the trace") -> dict[str, Any]:
    """Parse trace JSON text exactly (numbers as Decimal) and check that it is a regel
    trace this engine can read; ``ReplayError`` otherwise."""
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ReplayError(f"the file is not JSON (line {exc.lineno}, column {exc.colno}: "
                          f"{exc.msg}); a trace is the JSON from 'regel explain PACK --case "
                          "FILE --format json'", code="TRACE-NOT-JSON", source=source) from None
    except (ValueError, RecursionError) as exc:
        raise ReplayError(f"the file is not usable JSON ({exc})", code="TRACE-NOT-JSON",
                          source=source) from None
    check_trace(data, source)
    return data


def read_trace(path: str | Path) -> dict[str, Any]:
    """``load_trace`` of a file."""
    text = read_text(path, what="a trace's JSON file", encoding="utf-8-sig", error=ReplayError)
    return load_trace(text, str(Path(path)))


#: what replay reads of a trace: these fields are checked against their definitions in
#: ``schemas/trace.schema.json``, and nothing else is (a trace may carry more fields, or
#: other forms of the fields replay does not read). None: the field's whole definition;
#: a mapping: only these fields of it; a name ending in "?": the field may be left out.
_READS: dict[str, Any] = {
    "format": None, "format_version": None, "pack": {"id": None, "fingerprint": None},
    "as_of": None, "inputs": None, "outputs": None,
    "decisions": {"id": None, "version": {"valid_from": None}, "decided_by?": None},
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


def check_trace(data: Any, source: str = "the trace") -> None:
    """Raise ``ReplayError`` unless ``data`` is a regel trace this engine can replay: the
    fields replay reads (``_READS``) as ``schemas/trace.schema.json`` defines them, a
    format version this regel reads, and outputs to replay.

    Codes: TRACE-NOT-TRACE (not a JSON object with ``"format": "regel-trace"``),
    TRACE-VERSION (a format version this regel cannot read), TRACE-FORMAT (a field replay
    reads is missing or broken; the message names it)."""
    problems = [_problem(data, e) for e in _trace_validator().iter_errors(data)]
    if problems:
        _, code, message = min(problems)
        raise ReplayError(message, code=code, source=source)
    # what the schema allows but replay cannot use
    if not data["pack"]["id"]:
        raise ReplayError(_MISSING_FIELD["pack"], code="TRACE-FORMAT", source=source)
    if not data["outputs"]:
        raise ReplayError(_MISSING_FIELD["outputs"], code="TRACE-FORMAT", source=source)


#: a message for a field that is missing or not of its type
_MISSING_FIELD = {
    "pack": "the trace does not name its rule pack (pack.id)",
    "pack.id": "the trace does not name its rule pack (pack.id)",
    "pack.fingerprint": "the trace has no pack fingerprint (pack.fingerprint)",
    "inputs": "the trace has no case facts (inputs must be a JSON object)",
    "outputs": "the trace records no outputs (the results of the asked decisions)",
    "decisions": "the trace has no list of decisions",
}


def _problem(data: Any, error: ValidationError) -> tuple[tuple[Any, ...], str, str]:
    """A schema error as (rank, code, plain message); the first by rank is reported, so
    that the message is about the most basic problem (not a trace, its version, ...)."""
    path = list(error.absolute_path)
    if error.validator == "required":   # point at the first missing field (by rank)
        path.append(next(f for f in error.validator_value if f not in error.instance))
    if not path or path[0] == "format":
        return (0,), "TRACE-NOT-TRACE", (
            "this is not a regel trace (a trace is a JSON object with \"format\": "
            "\"regel-trace\"; make one with 'regel explain PACK --case FILE --format json')")
    rank = (list(_READS).index(str(path[0])),
            *((isinstance(p, str), p if isinstance(p, int) else 0, str(p)) for p in path[1:]))
    if path[0] == "format_version":
        return (rank, *_version_problem(data.get("format_version")))
    if path[0] == "as_of":
        return rank, "TRACE-FORMAT", ("the trace's as_of must be a date written YYYY-MM-DD, "
                                      f"not {dumps(data.get('as_of'), indent=None)}")
    if path[0] == "decisions" and len(path) > 1:
        return rank, "TRACE-FORMAT", _decision_problem(data["decisions"], path[1:], error)
    key = ".".join(map(str, path))
    if error.validator in ("required", "type") and key in _MISSING_FIELD:
        return rank, "TRACE-FORMAT", _MISSING_FIELD[key]
    return rank, "TRACE-FORMAT", (f"in the trace, {_where(path)} does not fit the trace "
                                  f"schema: {_reason(error)}")


def _version_problem(version: Any) -> tuple[str, str]:
    if isinstance(version, bool) or not isinstance(version, int):
        return "TRACE-FORMAT", "the trace has no valid format_version (a whole number)"
    if version > TRACE_FORMAT_VERSION:
        return "TRACE-VERSION", (
            f"the trace has format version {version}, made by a newer regel; this regel "
            f"({__version__}) reads format versions up to {TRACE_FORMAT_VERSION}")
    return "TRACE-VERSION", (f"the trace has format version {version}, which this regel "
                             "cannot read")


def _decision_problem(decisions: list[Any], path: list[Any], error: ValidationError) -> str:
    """The message for an error inside decision ``path[0]`` of the trace."""
    position = int(path[0])
    decision = decisions[position]
    part = [str(p) for p in path[1:]]
    if not part or part == ["id"] or not isinstance(decision.get("id"), str):
        return f"decision {position + 1} of the trace has no id"
    name = decision["id"]
    missing = error.validator in ("required", "type")
    if part in (["version"], ["version", "valid_from"]) and missing:
        return f"the decision '{name}' in the trace has no version.valid_from"
    if part == ["decided_by"] and missing:
        return f"the decision '{name}' in the trace has a decided_by that is not a list"
    return (f"the decision '{name}' in the trace has a {_where(path[1:])} that does "
            f"not fit the trace schema: {_reason(error)}")


def _where(path: list[Any]) -> str:
    """The place of an error as a dotted path, counting list items from 1."""
    text = "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in path)
    return text.lstrip(".")


_JSON_TYPES = {"object": "a JSON object", "array": "a list", "string": "a text",
               "number": "a number", "integer": "a whole number", "boolean": "true or false",
               "null": "null"}


def _reason(error: ValidationError) -> str:
    """What is wrong, in a plain sentence."""
    rule, wanted = error.validator, error.validator_value
    if rule == "required":
        return "it is missing"
    if rule == "type":
        kinds = wanted if isinstance(wanted, list) else [wanted]
        return "this should be " + " or ".join(_JSON_TYPES.get(str(k), str(k)) for k in kinds)
    if rule == "format":
        return f"this should be a {wanted}" + (" written YYYY-MM-DD" if wanted == "date" else "")
    if rule == "pattern":
        return (f"{dumps(error.instance, indent=None)} does not have the form it must have "
                f"(the pattern {wanted})")
    return " ".join(str(error.message).split())


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
    inside list and context facts as dates (see the module docstring)."""
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


def _rules(ids: Any, lang: str) -> str:
    if not ids:
        return render("tools.none", lang)
    return ", ".join(str(i) for i in ids)


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
    if kind == "case":  # the engine's case messages are English
        return [render("replay.case", lang, {"message": diff.message})]
    if kind == "missing_decision":
        why = render("replay.missing_from_pack" if diff.now == "not in the pack"
                     else "replay.not_evaluated", lang)
        return [render("replay.missing_decision", lang, {"decision": diff.decision,
                                                         "now": why})]
    if kind == "version":
        return [render("replay.version", lang, {"decision": diff.decision,
                                                "recorded": _period(diff.recorded),
                                                "now": _period(diff.now)})]
    if kind == "decided_by":
        return [render("replay.decided_by", lang, {"decision": diff.decision,
                                                   "recorded": _rules(diff.recorded, lang),
                                                   "now": _rules(diff.now, lang)})]
    if kind == "output":
        return _output_lines(diff, lang)
    return [diff.message]


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
            "path": path or "(value)", "recorded": _shown(a), "now": _shown(b)}))
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
        "case": report.case_id or render("replay.no_case_id", lang),
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

def _bundled(pack_id: str) -> Pack:
    from regel.load import bundled_packs, load_pack
    bundled = bundled_packs()
    if pack_id not in bundled:
        known = ", ".join(sorted(bundled)) or "none"
        raise ReplayError(f"the trace was made with the rule pack '{pack_id}', which is not "
                          f"bundled with this regel{did_you_mean(pack_id, bundled)} (bundled "
                          f"packs: {known}); give the pack's folder instead",
                          code="PACK-NOT-FOUND", source=pack_id)
    return load_pack(bundled[pack_id])


def replay(trace: Mapping[str, Any], pack: Pack | None = None) -> ReplayReport:
    """Evaluate the trace's facts again at its as-of date for its asked decisions, on
    ``pack`` (default: the bundled pack named in the trace), and compare.

    Raises ``ReplayError`` for data that is not a regel trace, an unknown pack, or a pack
    with another id than the trace's. A pack that rejects the recorded facts, or fails on
    them, gives differences of kind ``case``.
    """
    check_trace(trace)
    recorded_pack = trace["pack"]
    pack_id = recorded_pack["id"]
    if pack is None:
        pack = _bundled(pack_id)
    elif pack.id != pack_id:
        raise ReplayError(f"the trace was made with the rule pack '{pack_id}', but the pack "
                          f"given is '{pack.id}'", code="PACK-MISMATCH", source=str(pack.path))
    as_of = _iso_date(trace["as_of"])
    assert as_of is not None  # check_trace
    outputs: Mapping[str, Any] = trace["outputs"]
    asked = [str(d) for d in outputs]
    recorded_decisions = [d for d in trace["decisions"] if isinstance(d, Mapping)]
    case_id = trace.get("case_id")
    report = ReplayReport(
        ok=False, pack_id=pack_id, pack_version=_str_or_none(recorded_pack.get("version")),
        pack_version_now=pack.version, fingerprint=recorded_pack["fingerprint"],
        fingerprint_now=pack.fingerprint,
        engine_version=_str_or_none(trace.get("engine_version")),
        as_of=as_of, case_id=None if case_id is None else str(case_id), asked=asked,
        decisions=len(recorded_decisions))
    diffs = report.differences

    if recorded_pack["fingerprint"] != pack.fingerprint:
        diffs.append(Difference(
            "fingerprint", f"the pack's fingerprint was {recorded_pack['fingerprint']} and is "
            f"now {pack.fingerprint}: the rules are not the same", None,
            recorded_pack["fingerprint"], pack.fingerprint))

    gone = [did for did in asked if did not in pack.decisions]
    present = [did for did in asked if did in pack.decisions]
    new_json: dict[str, Mapping[str, Any]] = {}
    values: dict[str, Any] = {}
    evaluated = False
    if present:
        facts = replay_facts(pack, trace["inputs"])
        try:
            result = evaluate(pack, facts, decisions=present, as_of=as_of, trace=True)
        except CaseError as err:
            recorded_inputs = trace["inputs"]
            for fact, code, message in err.problems:
                diffs.append(Difference(
                    "case", f"{fact}: {message}", None, plain(recorded_inputs.get(fact)),
                    code, fact))
        except EvaluationError as err:
            diffs.append(Difference(
                "case", f"the pack fails on the recorded case: {err.code}: {err.message}",
                err.source if isinstance(err.source, str) and err.source in pack.decisions
                else None, None, err.code))
        else:
            evaluated = True
            values = {did: plain(v) for did, v in result.values.items()}
            for d in result.to_json().get("decisions", []):
                new_json[d["id"]] = d

    for did in gone:
        diffs.append(Difference("missing_decision", f"the asked decision '{did}' is in the "
                                "trace, but the pack no longer has it", did,
                                plain(outputs[did]), "not in the pack"))
    if evaluated:
        for did in present:
            if not _same(outputs[did], values[did]):
                diffs.append(Difference(
                    "output", f"output of {did}: recorded {_shown(plain(outputs[did]))}, now "
                    f"{_shown(values[did])}", did, plain(outputs[did]), values[did]))
        for rec in recorded_decisions:
            did = rec["id"]
            if did in gone:
                continue
            new = new_json.get(did)
            if new is None:
                in_pack = did in pack.decisions
                diffs.append(Difference(
                    "missing_decision", f"the decision '{did}' is in the trace, but "
                    + ("it was not evaluated this time (the asked decisions no longer need it)"
                       if in_pack else "the pack no longer has it"), did, rec.get("output"),
                    "not evaluated" if in_pack else "not in the pack"))
                continue
            old_v, new_v = _version(rec), _version(new)
            if not _same(old_v, new_v):
                diffs.append(Difference(
                    "version", f"version of {did}: recorded {_period(old_v)}, now "
                    f"{_period(new_v)}", did, old_v, new_v))
            old_by = [str(r) for r in rec.get("decided_by") or []]
            new_by = [str(r) for r in new.get("decided_by") or []]
            if old_by != new_by:
                diffs.append(Difference(
                    "decided_by", f"rules that decided {did}: recorded "
                    f"{_rules(old_by, 'en')}, now {_rules(new_by, 'en')}", did, old_by, new_by))

    if report.engine_version != __version__:
        diffs.append(Difference(
            "engine_version", f"the trace was made by regel {report.engine_version}; this is "
            f"regel {__version__} (for information)", None, report.engine_version,
            __version__))
    diffs.sort(key=lambda d: KINDS.index(d.kind) if d.kind in KINDS else len(KINDS))
    report.ok = not report.failures
    return report


def _version(d: Mapping[str, Any]) -> dict[str, Any]:
    v = d.get("version") or {}
    return {"valid_from": v.get("valid_from"), "valid_to": v.get("valid_to")}


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)
