"""Replay an archived trace: do the same rules still give the same answer?

``replay(trace)`` evaluates the recorded facts again, at the recorded as-of date, for the
recorded asked decisions, and lists every ``Difference`` (of the ``KINDS``); a report is
put into Danish or English words by ``render_report``. What is compared, how dates inside
list facts are read back and what of a trace is checked: docs/replay.md.
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

from regel.base.errors import CaseError, Diagnostic, EvaluationError, RegelError
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
KINDS = ("case", "fingerprint", "missing_decision", "output", "version", "decided_by",
         "engine_version")
#: kinds that are reported but do not make the replay fail
INFORMATIONAL = frozenset({"engine_version"})

#: how many leaf differences of one structured output a listing shows
_MAX_DETAILS = 8

#: what a missing decision's ``now`` says (JSON data, not words)
_NOT_IN_PACK = "not in the pack"
_NOT_EVALUATED = "not evaluated"


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


def load_trace(text: str, source: str | None = None) -> dict[str, Any]:
    """Parse trace JSON text exactly (numbers as Decimal) and check that it is a regel
    trace this engine can read; ``ReplayError`` otherwise. ``source`` names the file."""
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ReplayError.of("TRACE-NOT-JSON", at=source, key="TRACE-NOT-JSON/syntax",
                             line=exc.lineno, column=exc.colno, reason=exc.msg) from None
    except ReplayError as err:   # NaN or Infinity
        err.source = source
        raise err from None
    except (ValueError, RecursionError) as exc:
        raise ReplayError.of("TRACE-NOT-JSON", at=source, key="TRACE-NOT-JSON/unusable",
                             reason=str(exc)) from None
    check_trace(data, source)
    return data


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


def check_trace(data: Any, source: str | None = None) -> None:
    """Raise ``ReplayError`` unless ``data`` is a regel trace this engine can replay: the
    fields replay reads (``_READS``) as ``schemas/trace.schema.json`` defines them, a
    format version this regel reads, and outputs to replay. ``source`` names the file.

    Codes: TRACE-NOT-TRACE (not a JSON object with ``"format": "regel-trace"``),
    TRACE-VERSION (a format version this regel cannot read), TRACE-FORMAT (a field replay
    reads is missing or broken; the message names it)."""
    problems = [_problem(data, e) for e in _trace_validator().iter_errors(data)]
    if problems:
        first = min(problems, key=_Problem.order)
        raise ReplayError.of(first.code, at=source, key=first.key, **first.values)
    # what the schema allows but replay cannot use
    if not data["pack"]["id"]:
        raise ReplayError.of("TRACE-FORMAT", at=source, key=_MISSING_FIELD["pack"])
    if not data["outputs"]:
        raise ReplayError.of("TRACE-FORMAT", at=source, key=_MISSING_FIELD["outputs"])


@dataclass(frozen=True, slots=True)
class _Problem:
    """A schema error as a message: ``rank`` orders the errors so that the one reported is
    about the most basic problem (not a trace, its version, ...)."""

    rank: tuple[Any, ...]
    code: str
    key: str
    values: dict[str, Any] = field(default_factory=dict)

    def order(self) -> tuple[tuple[Any, ...], str, str]:
        return self.rank, self.code, render(self.key, "en", self.values)


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
    """A schema error as the message that names the field."""
    path = list(error.absolute_path)
    if error.validator == "required":   # point at the first missing field (by rank)
        path.append(next(f for f in error.validator_value if f not in error.instance))
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
        diffs += _decision_differences(_recorded_decisions(trace), again.decisions, pack,
                                       set(gone))
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
                          gone: set[str]) -> list[Difference]:
    """Each recorded decision compared with its new trace: still evaluated, the same
    version, decided by the same rules."""
    diffs: list[Difference] = []
    for rec in recorded:
        did = rec["id"]
        if did in gone:
            continue
        new = now.get(did)
        if new is None:
            diffs.append(_not_evaluated(rec, did in pack.decisions))
            continue
        old_v, new_v = _version(rec), _version(new)
        if not _same(old_v, new_v):
            diffs.append(Difference("version", Msg("replay.version", {
                "decision": did, "recorded": _period(old_v), "now": _period(new_v)}),
                did, old_v, new_v))
        old_by = [str(r) for r in rec.get("decided_by") or []]
        new_by = [str(r) for r in new.get("decided_by") or []]
        if old_by != new_by:
            diffs.append(Difference("decided_by", Msg("replay.decided_by", {
                "decision": did, "recorded": _rules(old_by), "now": _rules(new_by)}),
                did, old_by, new_by))
    return diffs


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
