"""Evaluate a case against a pack: check the facts, walk the decision graph (only what
the asked decisions need, each decision once), pick each decision's version by its date,
run its table or expression, and record everything in the trace.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from regel.base.diagnostics import CaseError, EvaluationError, describe, did_you_mean
from regel.base.errors import RegelError
from regel.base.version import __version__
from regel.feel import from_python
from regel.feel.compiler import AS_OF, INPUT, Scope, bind_arguments
from regel.feel.temporal import parse_date, parse_date_and_time, parse_duration, parse_time
from regel.feel.values import (
    DaysTimeDuration,
    FeelFunction,
    FeelNull,
    YearsMonthsDuration,
    to_feel_literal,
)
from regel.feel.warnings import FeelWarning
from regel.model import (
    Decision,
    DecisionTable,
    InputData,
    LiteralExpression,
    Pack,
    Text,
    Version,
)
from regel.run.hitpolicy import resolve
from regel.run.trace import NULL_RECORDER, Recorder, Trace, TraceWarning

__all__ = ["Evaluation", "evaluate", "check_facts", "Case"]


@dataclass(slots=True)
class Case:
    """Case facts with an optional id and as-of date (the content of a case file)."""

    facts: dict[str, Any]
    as_of: _dt.date | None = None
    id: str | None = None
    #: the questions the case is about (decision ids); None means every decision
    decisions: list[str] | None = None

    @classmethod
    def from_data(cls, data: Any, source: str = "the case") -> Case:
        """From a case file's data: ``{facts: {...}, as_of?, id?, decisions?}``."""
        if not isinstance(data, Mapping) or "facts" not in data:
            raise CaseError([(source, "CASE-FORMAT", "a case file needs 'facts:' with the case "
                              "facts, and may give 'as_of:' and 'id:'")])
        fields = ["facts", "as_of", "id", "decisions"]
        extra = set(data) - set(fields)
        if extra:
            name = sorted(extra)[0]
            raise CaseError([(source, "CASE-FORMAT", f"unknown field '{name}' in the case file"
                              f"{did_you_mean(name, fields)}")])
        asked = data.get("decisions")
        if asked is not None and (not isinstance(asked, list)
                                  or not all(isinstance(a, str) for a in asked)):
            raise CaseError([(source, "CASE-FORMAT", "'decisions' must be a list of decision "
                              "ids, such as [reduction, recovery]")])
        facts = data["facts"] or {}
        if not isinstance(facts, Mapping):
            raise CaseError([(source, "CASE-FORMAT", "'facts' must be a mapping of fact names "
                              "to values")])
        as_of = data.get("as_of")
        if isinstance(as_of, str):
            as_of = _date_or_error(as_of, "as_of")
        if as_of is not None and not isinstance(as_of, _dt.date):
            raise CaseError([("as_of", "CASE-TYPE", "as_of must be a date such as 2024-07-01")])
        return cls(dict(facts), as_of, None if data.get("id") is None else str(data["id"]),
                   list(asked) if asked else None)


@dataclass(slots=True)
class Evaluation:
    """The result of evaluating a case: the asked decisions' values, and the trace."""

    values: dict[str, Any]
    trace: Trace | None
    as_of: _dt.date
    warnings: list[TraceWarning] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        if self.trace is None:
            raise RegelError("this evaluation ran without a trace; evaluate with trace=True",
                             code="NO-TRACE")
        return self.trace.to_json()


def _date_or_error(text: str, name: str) -> _dt.date:
    try:
        return parse_date(text)
    except FeelNull:
        raise CaseError([(name, "CASE-TYPE", f"'{text}' is not a date; write YYYY-MM-DD")]) \
            from None


# --------------------------------------------------------------------------- facts

_PARSERS = {
    "date": parse_date, "time": parse_time, "date and time": parse_date_and_time,
    "days and time duration": parse_duration, "years and months duration": parse_duration,
}


def _coerce(spec: InputData | None, type_: str, value: Any, where: str) -> Any:
    """A fact's value as a FEEL value of the declared type, or CaseError's (code, msg)."""
    if value is None:
        return None
    if type_ == "any":
        return from_python(value, where)
    if type_ == "number":
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            raise _Bad("CASE-TYPE", f"must be a number, not {describe(value, show=True)}")
        return from_python(value, where)
    if type_ == "string":
        if not isinstance(value, str):
            raise _Bad("CASE-TYPE", f"must be a text, not {describe(value, show=True)}")
        return value
    if type_ == "boolean":
        if not isinstance(value, bool):
            raise _Bad("CASE-TYPE", f"must be true or false, not {describe(value, show=True)}")
        return value
    if type_ in _PARSERS:
        if isinstance(value, str):
            try:
                value = _PARSERS[type_](value)
            except FeelNull:
                raise _Bad("CASE-TYPE", f"'{value}' is not a valid {type_}") from None
        ok = {
            "date": isinstance(value, _dt.date) and not isinstance(value, _dt.datetime),
            "date and time": isinstance(value, _dt.datetime),
            "time": isinstance(value, _dt.time),
            "days and time duration": isinstance(value, (DaysTimeDuration, _dt.timedelta)),
            "years and months duration": isinstance(value, YearsMonthsDuration),
        }[type_]
        if not ok:
            raise _Bad("CASE-TYPE", f"must be a {type_}, not {describe(value, show=True)}")
        return from_python(value, where)
    if type_ == "list":
        if not isinstance(value, (list, tuple)):
            raise _Bad("CASE-TYPE", f"must be a list, not {describe(value, show=True)}")
        item_type = spec.items if spec is not None else None
        if item_type:
            return [_coerce(None, item_type, v, f"{where}[{i + 1}]") for i, v in enumerate(value)]
        return from_python(list(value), where)
    if type_ == "context":
        if not isinstance(value, Mapping):
            raise _Bad("CASE-TYPE", f"must be a mapping, not {describe(value, show=True)}")
        return from_python(value, where)
    return from_python(value, where)


class _Bad(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _needed(pack: Pack, targets: list[str]) -> list[str]:
    """The asked decisions and everything they require, in dependency order."""
    want: set[str] = set()
    stack = list(targets)
    while stack:
        did = stack.pop()
        if did in want:
            continue
        want.add(did)
        stack.extend(pack.decisions[did].decisions)
    return [d for d in pack.decisions if d in want]


def check_facts(pack: Pack, facts: Mapping[str, Any], decisions: list[str]) -> dict[str, Any]:
    """The facts as typed FEEL values; CaseError lists every unknown, missing, mistyped or
    disallowed fact at once. Only inputs that ``decisions`` need must be present."""
    problems: list[tuple[str, str, str]] = []
    out: dict[str, Any] = {}
    for name, value in facts.items():
        spec = pack.inputs.get(str(name))
        if spec is None:
            problems.append((str(name), "CASE-UNKNOWN-FACT", f"the pack has no fact named "
                             f"'{name}'{did_you_mean(str(name), pack.inputs)}"))
            continue
        try:
            typed = _coerce(spec, spec.type, value, str(name))
        except _Bad as bad:
            problems.append((str(name), bad.code, f"{spec.label.en} {bad.message}"))
            continue
        except RegelError as err:
            problems.append((str(name), err.code, err.message))
            continue
        if typed is not None and spec.allowed_values is not None and \
                typed not in spec.allowed_values:
            shown = describe(value, show=True)
            problems.append((str(name), "CASE-NOT-ALLOWED", f"{spec.label.en} is {shown}, "
                             f"which is not one of: {', '.join(map(str, spec.allowed_values))}"
                             f"{did_you_mean(str(value), map(str, spec.allowed_values))}"))
            continue
        if typed is not None and spec.allowed is not None and \
                spec.allowed.test_in(typed, Scope({INPUT: typed})) is not True:
            shown = describe(value, show=True)
            problems.append((str(name), "CASE-NOT-ALLOWED", f"{spec.label.en} is {shown}, "
                             f"which is outside what the pack allows: {spec.allowed.text}"))
            continue
        out[str(name)] = typed
    for did in decisions:
        d = pack.decisions[did]
        for iid in d.inputs:
            if out.get(iid) is None and iid not in d.optional and iid not in \
                    {p[0] for p in problems}:
                spec = pack.inputs[iid]
                problems.append((iid, "CASE-MISSING-FACT", f"the case lacks '{iid}' "
                                 f"({spec.label.en}), which the decision '{did}' needs"))
    if problems:
        raise CaseError(problems)
    return out


# --------------------------------------------------------------------------- evaluation

def evaluate(pack: Pack, case: Case | Mapping[str, Any], decisions: list[str] | None = None,
             as_of: _dt.date | None = None, *, trace: bool = True) -> Evaluation:
    """Evaluate ``case`` (a ``Case`` or a mapping of facts) for ``decisions`` (default: the
    case's own questions, else every decision) at ``as_of`` (default: the case's as-of date,
    else today)."""
    if not isinstance(case, Case):
        case = Case(dict(case))
    day = as_of or case.as_of or _dt.date.today()
    targets = list(decisions or case.decisions or [  # a function is no answer by itself
        did for did, d in pack.decisions.items() if not d.parameters])
    for did in targets:
        if did not in pack.decisions:
            raise EvaluationError(f"the pack has no decision '{did}'"
                                  f"{did_you_mean(did, pack.decisions)}",
                                  code="UNKNOWN-DECISION", source=did)
    order = _needed(pack, targets)
    facts = check_facts(pack, case.facts, order)
    recorder = Recorder() if trace else NULL_RECORDER
    warnings: list[TraceWarning] = []
    values: dict[str, Any] = {}
    for did in order:
        try:
            values[did] = _decision(pack, pack.decisions[did], facts, values, day, recorder,
                                    warnings)
        except RecursionError:
            raise EvaluationError(f"the decision '{did}' recursed too deeply (a function that "
                                  "calls itself without end?)", code="FEEL-RECURSION",
                                  source=did) from None
        except EvaluationError as err:
            if pack.failed_decisions != "null":
                raise      # a pack stops at a rule that fails: a legal answer is not null
            # DMN: a decision that fails (two UNIQUE hits, say) is null, and the decisions
            # that use it go on; the failure is kept as a warning
            values[did] = None
            tw = TraceWarning("DECISION-FAILED", f"{err.code}: {err.message}; as in DMN, the "
                              "result is null", did, None,
                              message_da=f"{err.code}: {err.message}; som i DMN er resultatet "
                              "null")
            warnings.append(tw)
            if recorder.enabled and recorder.current is not None and \
                    recorder.current.id == did:   # the failure came after its record began
                recorder.warning(tw)
    result = {did: values[did] for did in targets}
    trace_obj = None
    if trace:
        used = [i for did in order for i in pack.decisions[did].inputs]
        shown = [f for f in pack.inputs if f in case.facts or f in used]
        info = {"title": pack.title, "default_language": pack.default_language,
                "facts": {f: {"label": pack.inputs[f].label, "type": pack.inputs[f].type,
                              "unit": pack.inputs[f].unit,
                              "values": pack.inputs[f].value_labels,
                              "fields": pack.inputs[f].field_labels,
                              "units": pack.inputs[f].field_units} for f in shown}}
        trace_obj = Trace(__version__, pack.id, pack.version, pack.fingerprint, day,
                          dict(case.facts), recorder.decisions, result, case.id, info)
    return Evaluation(result, trace_obj, day, warnings)


def _decision(pack: Pack, d: Decision, facts: dict[str, Any], values: dict[str, Any],
              as_of: _dt.date, rec: Recorder, warnings: list[TraceWarning]) -> Any:
    variables: dict[str, Any] = {}
    origins: list[tuple[str, Any, str]] = []
    for iid in d.inputs:
        value = facts.get(iid)
        variables[iid] = value
        origins.append((iid, value, "fact" if iid in facts else "missing"))
    for dep in d.decisions:
        variables[dep] = values[dep]
        origins.append((dep, values[dep], "decision"))
    variables[AS_OF] = as_of  # today() in the rules is the as-of date
    if d.parameters:
        return _function(pack, d, variables, origins, as_of, rec, warnings)
    scope = Scope(variables)
    version, day = _version(d, scope, as_of)
    rec.begin(d, version, d.version_by.text if d.version_by else None, day)
    for name, value, origin in origins:
        rec.input(name, value, origin)
        if origin == "missing":
            _warn(pack, rec, warnings, "INPUT-MISSING", f"the optional fact '{name}' is missing; "
                  "its value is null", d.id, None)

    interpretations: list[dict[str, Any]] = []
    if version.interpretation is not None:
        interpretations.append({"from": "version", "rule": None,
                                "text": version.interpretation.to_json()})
    logic = version.logic
    if scope.warnings:  # from the version_by expression
        _feel_warnings(pack, rec, warnings, scope.warnings, d.id, None, interpretations)
        scope = Scope(variables)
    if isinstance(logic, LiteralExpression):
        output = logic.expression.evaluate_in(scope)
        _feel_warnings(pack, rec, warnings, scope.warnings, d.id, None, interpretations)
        short = " ".join(logic.text.split())
        if len(short) <= 80:
            how = Text(f"afgørelsen er et udtryk: {short}",
                       f"the decision is a literal expression: {short}")
        else:  # long expressions are for `regel show`, not for the person reading the result
            how = Text("afgørelsen er et udtryk (se regel show)",
                       "the decision is a literal expression (see regel show)")
        rec.result(output, [], [], how, False, interpretations)
        return output
    return _table(pack, d, logic, scope, rec, warnings, interpretations)


def _version(d: Decision, scope: Scope, as_of: _dt.date) -> tuple[Version, _dt.date]:
    """The version of ``d`` in force on its version date (``version_by`` evaluated in
    ``scope``, else the as-of date), and that date; EvaluationError when there is none."""
    day = as_of
    if d.version_by is not None:
        chosen = d.version_by.evaluate_in(scope)
        if isinstance(chosen, _dt.datetime):
            chosen = chosen.date()
        if not isinstance(chosen, _dt.date):
            raise EvaluationError(
                f"the date that selects the version of '{d.id}' ({d.version_by.text}) is "
                f"{to_feel_literal(chosen)}, not a date", code="VERSION-DATE", source=d.id)
        day = chosen
    version = d.version_for(day)
    if version is None:
        raise EvaluationError(
            f"no version of '{d.id}' covers {day.isoformat()}"
            + (f" (the date of {d.version_by.text})" if d.version_by else " (the as-of date)")
            + f"; the versions cover {d.coverage()}", code="VERSION-NONE", source=d.id)
    return version, day


def _function(pack: Pack, d: Decision, variables: dict[str, Any],
              origins: list[tuple[str, Any, str]], as_of: _dt.date, rec: Recorder,
              warnings: list[TraceWarning]) -> FeelFunction:
    """The value of a decision with parameters (a DMN business knowledge model): a
    function that, when called, picks the version and runs its table or expression with
    the arguments in scope. A traced evaluation records each call as a decision of its
    own inside the function's record (``DecisionTrace.calls``)."""
    params = d.parameters
    rec.begin(d, d.version_for(as_of) or d.versions[-1], None, as_of)
    record = rec.current if rec.enabled else None

    def invoke(args: list[Any], named: dict[str, Any] | None) -> Any:
        scope = Scope({**variables, **bind_arguments(d.id, params, args, named)})
        try:
            version, day = _version(d, scope, as_of)
        except EvaluationError as err:   # in FEEL, a call that cannot be made is null
            raise FeelNull("FEEL-BAD-ARGUMENTS", function=d.id, reason=err.message) from None
        # each call is a decision record of its own, kept in the function's record (so
        # that tests and coverage see the rules a call matched)
        call = Recorder() if record is not None else NULL_RECORDER
        call.begin(d, version, d.version_by.text if d.version_by else None, day)
        for name in params:
            call.input(name, scope.lookup(name), "argument")
        interpretations: list[dict[str, Any]] = []
        if version.interpretation is not None:
            interpretations.append({"from": "version", "rule": None,
                                    "text": version.interpretation.to_json()})
        if isinstance(version.logic, LiteralExpression):
            value = version.logic.expression.evaluate_in(scope)
            _feel_warnings(pack, call, warnings, scope.warnings, d.id, None, interpretations)
            call.result(value, [], [], Text("funktionen er et udtryk", "the function is an "
                                            "expression"), False, interpretations)
        else:
            value = _table(pack, d, version.logic, scope, call, warnings, interpretations)
        if record is not None and call.current is not None:
            record.calls.append(call.current)
        return value

    fn = FeelFunction(d.id, params, invoke)
    for name, value, origin in origins:
        rec.input(name, value, origin)
    shown = ", ".join(params)
    rec.result(fn, [], [], Text(f"afgørelsen er en funktion af ({shown}), som andre "
                                "afgørelser kalder",
                                f"the decision is a function of ({shown}) that other "
                                "decisions call"), False, [])
    return fn


def _table(pack: Pack, d: Decision, table: DecisionTable, scope: Scope, rec: Recorder,
           warnings: list[TraceWarning], interpretations: list[dict[str, Any]]) -> Any:
    cells = scope.child(table.constants) if table.constants else scope
    inputs = [c.expression.evaluate_in(cells) for c in table.inputs]
    reported = len(cells.warnings)
    _feel_warnings(pack, rec, warnings, cells.warnings[:reported], d.id, None, interpretations)
    if rec.enabled:
        rec.columns([{"id": c.id, "label": c.label, "expression": c.text, "value": v}
                     for c, v in zip(table.inputs, inputs, strict=True)])
    matched_bits = _indexed(table, inputs)
    if matched_bits is not None:
        mark = [reported]

        def report(rule_id: str) -> None:  # warnings from a matched rule's outputs
            if len(cells.warnings) > mark[0]:
                _feel_warnings(pack, rec, warnings, cells.warnings[mark[0]:], d.id, rule_id,
                               interpretations)
                mark[0] = len(cells.warnings)

        return _finish(pack, d, table, cells, rec, warnings, interpretations,
                       _indexed_matches(table, inputs, matched_bits, cells, rec, report))
    columns = [cells.child({INPUT: v}) for v in inputs]
    matches = []
    for rule in table.rules:
        failed = -1
        for i, test in rule.checks:
            if test(inputs[i], columns[i]) is not True:
                failed = i
                break
        if failed < 0:
            rec.rule(rule, None, None, None)
            matches.append((rule, [o.evaluate_in(cells) for o in rule.outputs]))
        else:
            rec.rule(rule, table.inputs[failed].id, rule.tests[failed].text, inputs[failed])
        if len(cells.warnings) > reported:  # from this rule's cells or outputs
            _feel_warnings(pack, rec, warnings, cells.warnings[reported:], d.id, rule.id,
                           interpretations)
            reported = len(cells.warnings)
    return _finish(pack, d, table, cells, rec, warnings, interpretations, matches)


def _indexed(table: DecisionTable, inputs: list[Any]) -> int | None:
    """The bitset of matching rules from the table's index, or None when the table has no
    index or an input cannot be looked up (null, another type): then every cell runs."""
    if table.index is None:
        return None
    bits = (1 << len(table.rules)) - 1
    for idx in table.index:
        found = idx.lookup(inputs[idx.column])
        if found is None:
            return None
        bits &= found
    return bits


def _indexed_matches(table: DecisionTable, inputs: list[Any], bits: int, cells: Scope,
                     rec: Recorder, report: Any) -> list[Any]:
    """Matches from the index: every testing column is indexed, so a rule whose bit is set
    passes all its cells. The trace gets, for each other rule, the first column (in column
    order, as a scan would find it) whose index excludes it."""
    matches = []
    if rec.enabled:
        rec.index_lookups(table, list(inputs),
                          [(idx.column, idx.lookup(inputs[idx.column]) or 0)
                           for idx in table.index or ()], bits)
    while bits:
        low = bits & -bits
        rule = table.rules[low.bit_length() - 1]
        matches.append((rule, [o.evaluate_in(cells) for o in rule.outputs]))
        report(rule.id)
        bits ^= low
    return matches


def _finish(pack: Pack, d: Decision, table: DecisionTable, cells: Scope, rec: Recorder,
            warnings: list[TraceWarning], interpretations: list[dict[str, Any]],
            matches: list[Any]) -> Any:
    """The hit policy over the matches, and what the trace records of it."""
    try:
        hit = resolve(table, matches)
    except EvaluationError as err:
        err.source = d.id  # name the decision whose table failed
        raise
    decided = set(hit.decided_by)
    for rule, _ in matches:
        if rule.id in decided and rule.interpretation is not None:
            interpretations.append({"from": "rule", "rule": rule.id,
                                    "text": rule.interpretation.to_json()})
    _check_allowed(pack, rec, warnings, table, matches, d.id)
    if rec.enabled:
        resolution = Text(hit.resolution("da"), hit.resolution("en"))
        rec.result(hit.value, [r.id for r, _ in matches], list(hit.decided_by), resolution,
                   hit.used_default, interpretations)
    return hit.value


def _check_allowed(pack: Pack, rec: Recorder, warnings: list[TraceWarning],
                   table: DecisionTable, matches: list[Any], did: str) -> None:
    for rule, outs in matches:
        for o, v in zip(table.outputs, outs, strict=True):
            if o.allowed_values is not None and v is not None and v not in o.allowed_values:
                _warn(pack, rec, warnings, "OUTPUT-NOT-ALLOWED",
                      f"rule {rule.id} gives {to_feel_literal(v)} for '{o.name}', which is not "
                      f"one of its allowed values", did, rule.id)


def _feel_warnings(pack: Pack, rec: Recorder, warnings: list[TraceWarning],
                   found: list[FeelWarning], did: str, rule: str | None,
                   interpretations: list[dict[str, Any]]) -> None:
    for w in found:
        if w.code == "FEEL-DAY-CLAMPED" and pack.date_policy == "forbid":
            raise EvaluationError(
                f"{w.message('en')}; the pack forbids this (date_policy: forbid)",
                code="DATE-POLICY", source=did)
        if w.code == "FEEL-DAY-CLAMPED" and pack.date_policy == "clamp":
            interpretations.append({"from": "date_policy", "rule": rule, "text": {
                "en": w.message("en") + " (the pack's date policy accepts this)",
                "da": w.message("da") + " (pakkens datopolitik accepterer dette)"}})
        tw = TraceWarning(w.code, w.message("en"), did, rule,
                          w.span.line if w.span else None, w.span.column if w.span else None,
                          w.message("da"))
        warnings.append(tw)
        rec.warning(tw)


def _warn(pack: Pack, rec: Recorder, warnings: list[TraceWarning], code: str, message: str,
          did: str, rule: str | None) -> None:
    tw = TraceWarning(code, message, did, rule)
    warnings.append(tw)
    rec.warning(tw)
