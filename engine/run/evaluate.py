"""Evaluate a case against a pack: check the facts, walk the decision graph (only what
the asked decisions need, each decision once), pick each decision's version by its date,
run its table or expression, and record everything in the trace.

Every problem is a coded diagnostic (``regel.base.messages.run`` has its words); warnings
keep their code and values, and the trace says in a message how each result came about.
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache, lru_cache, partial
from operator import itemgetter
from typing import Any

from regel.base.errors import (
    CaseError,
    Diagnostic,
    EvaluationError,
    FeelEvaluationError,
    LimitError,
    RegelError,
    hint,
)
from regel.base.messages import Msg
from regel.base.slips import danish_date, is_money, thousands_slip
from regel.base.version import __version__
from regel.base.words import InWords, a_type, label, said, shown, valid_type
from regel.feel import Limits, compile_expression, from_python
from regel.feel.api import TIERS
from regel.feel.budget import DEFAULT_LIMITS, Budget, active, begin, budget, end, in_decision
from regel.feel.compiler import AS_OF, INPUT, MISSING, Scope, bind_arguments
from regel.feel.temporal import parse_date, parse_date_and_time, parse_duration, parse_time
from regel.feel.types import conform, conform_arguments
from regel.feel.values import (
    DaysTimeDuration,
    FeelFunction,
    FeelNull,
    YearsMonthsDuration,
    to_feel_literal,
    type_name,
)
from regel.feel.warnings import FeelWarning
from regel.model import (
    BrokenDecision,
    Decision,
    DecisionTable,
    InputData,
    LiteralExpression,
    OutputRead,
    Pack,
    Service,
    Text,
    Version,
)
from regel.run.compiled import (
    MEMO_SIZE,
    PLAIN_VALUES,
    RuleWarning,
    Slow,
    args_key,
    compile_decision,
    compile_facts,
    compile_question,
    compile_traced_question,
    copied,
    fact_kinds,
    indexed_bits,
    is_pure,
    memoized,
    plain_facts,
    rule_outputs,
    value_shapes,
    why_not,
)
from regel.run.hitpolicy import compose, resolve
from regel.run.lean import lean_function, lean_question
from regel.run.trace import (
    NULL_RECORDER,
    DecisionTrace,
    Recorder,
    Shared,
    Trace,
    TraceWarning,
)

__all__ = ["Evaluation", "evaluate", "check_facts", "Case", "evaluate_service", "decision_function",
           "service_outputs", "quick_evaluation", "traced_evaluation"]


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
            raise _case_error("CASE-FORMAT", source, key="CASE-FORMAT/no-facts")
        fields = ["facts", "as_of", "id", "decisions"]
        extra = sorted(_key_text(k) for k in data if k not in fields)
        if extra:
            name = extra[0]
            raise _case_error("CASE-FORMAT", source, key="CASE-FORMAT/unknown-field", name=name,
                              hint=hint(name, fields))
        asked = data.get("decisions")
        if asked is not None and (not isinstance(asked, list)
                                  or not all(isinstance(a, str) for a in asked)):
            raise _case_error("CASE-FORMAT", source, key="CASE-FORMAT/decisions")
        facts = data["facts"] or {}
        if not isinstance(facts, Mapping):
            raise _case_error("CASE-FORMAT", source, key="CASE-FORMAT/facts")
        as_of = data.get("as_of")
        if isinstance(as_of, str):
            as_of = _date_or_error(as_of, "as_of")
        if as_of is not None and (not isinstance(as_of, _dt.date) or
                                  isinstance(as_of, _dt.datetime)):  # YAML's 2024-07-01 10:00
            raise _case_error("CASE-TYPE", "as_of", key="CASE-TYPE/as-of")
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
            raise RegelError.of("NO-TRACE")
        return self.trace.to_json()


def _key_text(key: Any) -> str:
    """A key of a case file as it was written: YAML's ``null:``, ``1:`` or ``true:`` are
    keys too, which are no texts."""
    if key is None or isinstance(key, bool):
        return {None: "null", True: "true", False: "false"}[key]
    return str(key)


def _case_error(code: str, field: str, *, key: str, **values: Any) -> CaseError:
    """A CaseError with one problem, about ``field`` (a fact, or the case file)."""
    return CaseError([Diagnostic.of(code, field=field, key=key, **values)])


def _date_or_error(text: str, name: str) -> _dt.date:
    try:
        day = parse_date(text)
    except FeelNull:
        day = None
    iso = danish_date(text)
    if iso is not None:
        raise _case_error("CASE-TYPE", name, key="CASE-TYPE/not-iso-date", text=text, iso=iso)
    if not isinstance(day, _dt.date):   # a pack's versions are dates of years 1..9999
        raise _case_error("CASE-TYPE", name, key="CASE-TYPE/not-a-date", text=text)
    return day


# --------------------------------------------------------------------------- facts

_PARSERS = {
    "date": parse_date, "time": parse_time, "date and time": parse_date_and_time,
    "days and time duration": parse_duration, "years and months duration": parse_duration,
}


def _coerce(spec: InputData | None, type_: str, value: Any, where: str) -> Any:
    """A fact's value as a FEEL value of the declared type; ``_Bad`` when it is not one."""
    if value is None:
        return None
    _slips(spec, type_, value)
    if type_ == "any":
        return from_python(value, where)
    if type_ == "number":
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            raise _Bad.expected(type_, value)
        try:
            return from_python(value, where)
        except FeelEvaluationError as err:   # Infinity, NaN, 1E+6145 and beyond
            raise _Bad("CASE-TYPE/not-finite", value=err.first.values["value"]) from None
    if type_ == "string":
        if not isinstance(value, str):
            raise _Bad.expected(type_, value)
        return value
    if type_ == "boolean":
        if not isinstance(value, bool):
            raise _Bad.expected(type_, value)
        return value
    if type_ in _PARSERS:
        if isinstance(value, str):
            text = value
            try:
                value = _PARSERS[type_](text)
            except FeelNull:
                value = None
            if not isinstance(value, (_dt.date, _dt.time, DaysTimeDuration,
                                      YearsMonthsDuration)):   # a pack's facts: years 1..9999
                raise _Bad("CASE-TYPE/invalid", text=text, type=valid_type(type_))
        ok = {
            "date": isinstance(value, _dt.date) and not isinstance(value, _dt.datetime),
            "date and time": isinstance(value, _dt.datetime),
            "time": isinstance(value, _dt.time),
            "days and time duration": isinstance(value, (DaysTimeDuration, _dt.timedelta)),
            "years and months duration": isinstance(value, YearsMonthsDuration),
        }[type_]
        if not ok:
            raise _Bad.expected(type_, value)
        return from_python(value, where)
    if type_ == "list":
        if not isinstance(value, (list, tuple)):
            raise _Bad.expected(type_, value)
        item_type = spec.items if spec is not None else None
        if item_type:
            return [_coerce(None, item_type, v, f"{where}[{i + 1}]") for i, v in enumerate(value)]
        return from_python(list(value), where)
    if type_ == "context":
        if not isinstance(value, Mapping):
            raise _Bad.expected(type_, value)
        return from_python(value, where)
    return from_python(value, where)


def _slips(spec: InputData | None, type_: str, value: Any) -> None:
    """``_Bad`` for a slip of the pen: an amount in kroner with three decimals (a Danish
    thousands separator, ``105.000``), a date written day first (``1.7.2024``)."""
    unit = spec.unit if spec is not None else None
    whole = thousands_slip(value) if type_ == "number" and is_money(unit) else None
    if whole is not None:
        raise _Bad("CASE-TYPE/thousands", value=str(value), whole=str(whole), unit=unit)
    iso = danish_date(value) if type_ == "date" else None
    if iso is not None:
        raise _Bad("CASE-TYPE/danish-date", text=value, iso=iso)


class _Bad(Exception):
    """A fact's value that is not of its type: the CASE-TYPE message and its values (the
    fact's label is added by the caller)."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    @classmethod
    def expected(cls, type_: str, value: Any) -> _Bad:
        """'must be a number, not the text 'x''."""
        return cls("CASE-TYPE/expected", expected=a_type(type_), value=shown(value))


def _needed(pack: Pack, targets: list[str]) -> list[str]:
    """The asked decisions and everything they require, in dependency order (worked
    out once per pack and question)."""
    key = tuple(targets)
    found = pack.plans.get(key)
    if found is None:
        found = pack.plans[key] = _requirements(pack, targets)
        if len(pack.plans) > 256:   # questions asked in many combinations
            pack.plans.clear()
    return list(found)


def _requirements(pack: Pack, targets: list[str]) -> list[str]:
    want: set[str] = set()
    stack = list(targets)
    while stack:
        did = stack.pop()
        if did in want:
            continue
        want.add(did)
        stack.extend(pack.decisions[did].decisions)
    return [d for d in pack.decisions if d in want]


def check_facts(pack: Pack, facts: Mapping[str, Any], decisions: list[str],
                nulled: list[Diagnostic] | None = None) -> dict[str, Any]:
    """The facts as typed FEEL values; CaseError lists every unknown, missing, mistyped or
    disallowed fact at once. Only inputs that ``decisions`` need must be present. In a
    pack that runs as DMN does (``failed_decisions: null``), a list with an item that
    does not conform to the input's allowed values is null, as DMN says, and the warning
    goes to ``nulled``."""
    problems: list[Diagnostic] = []
    out: dict[str, Any] = {}
    for name, value in facts.items():
        problem, typed = _check_fact(pack, str(name), value)
        if problem is not None and problem.severity == "warning" and nulled is not None:
            nulled.append(problem)
            out[str(name)] = None
        elif problem is not None:
            problems.append(problem)
        else:
            out[str(name)] = typed
    for did in decisions:
        d = pack.decisions[did]
        for iid in d.inputs:
            if out.get(iid) is None and iid not in d.optional and iid not in \
                    {p.field for p in problems}:
                problems.append(Diagnostic.of("CASE-MISSING-FACT", field=iid, name=iid,
                                              label=label(pack.inputs[iid].label),
                                              decision=did))
    if problems:
        raise CaseError(problems)
    return out


def _check_fact(pack: Pack, name: str, value: Any) -> tuple[Diagnostic | None, Any]:
    """The problem with one fact of the case, or None and its typed value."""
    spec = pack.inputs.get(name)
    if spec is None:
        return Diagnostic.of("CASE-UNKNOWN-FACT", field=name, name=name,
                             hint=hint(name, pack.inputs)), None
    try:
        if spec.feel_type is None:    # a YAML pack's input: its type says all
            typed = _coerce(spec, spec.type, value, name)
        else:
            typed = _coerce(spec, spec.type, _converted(spec, value), name)
        if spec.feel_type is not None and typed is not None:
            conformed, ok = conform(typed, spec.feel_type)
            if not ok:
                return _not_conforming(pack, spec, typed), None
            typed = conformed
    except _Bad as bad:
        return Diagnostic.of("CASE-TYPE", field=name, key=bad.key, label=label(spec.label),
                             **bad.values), None
    except RegelError as err:
        return replace(err.first, field=name, span=None), None
    if spec.type == "list" and typed is not None:
        return _check_items(pack, spec, typed, value), typed
    if typed is not None and spec.allowed_values is not None and \
            typed not in spec.allowed_values:
        allowed = [str(v) for v in spec.allowed_values]
        return Diagnostic.of("CASE-NOT-ALLOWED", field=name, key="CASE-NOT-ALLOWED/values",
                             label=label(spec.label), value=shown(value), allowed=allowed,
                             hint=hint(str(typed), allowed)), None
    if typed is not None and spec.allowed is not None and \
            spec.allowed.test_in(typed, Scope({INPUT: typed})) is not True:
        return Diagnostic.of("CASE-NOT-ALLOWED", field=name, key="CASE-NOT-ALLOWED/range",
                             label=label(spec.label), value=shown(value),
                             allowed=spec.allowed.text), None
    return None, typed


def _converted(spec: InputData, value: Any) -> Any:
    """A fact of a type a DMN model declares, given as the item of its list type or as a
    singleton list of its type: converted as DMN converts it (DMN 1.5, 10.3.2.9.4)."""
    if spec.feel_type is None or value is None:
        return value
    if spec.feel_type.is_list and not isinstance(value, (list, tuple)):
        return [value]
    if spec.type not in ("list", "any") and isinstance(value, (list, tuple)) and \
            len(value) == 1:
        return value[0]
    return value


def _not_conforming(pack: Pack, spec: InputData, typed: Any) -> Diagnostic:
    """A fact (``typed``: its FEEL value) that is not of the type its DMN model declares: a
    warning (the fact is null) where the pack runs as DMN does, else CASE-TYPE."""
    value = to_feel_literal(typed)
    if pack.failed_decisions == "null":
        return Diagnostic.of("INPUT-NOT-CONFORMING", field=spec.id, severity="warning",
                             key="INPUT-NOT-CONFORMING/type", name=spec.id,
                             value=value, type=str(spec.feel_type))
    return Diagnostic.of("CASE-TYPE", field=spec.id, key="CASE-TYPE/not-conforming",
                         label=label(spec.label), value=value,
                         type=str(spec.feel_type))


def _check_items(pack: Pack, spec: InputData, typed: list[Any], value: Any
                 ) -> Diagnostic | None:
    """The first item of a list fact outside the input's allowed values (DMN: the items'
    type constraint): a warning (the fact is null) where the pack runs as DMN does, else
    CASE-NOT-ALLOWED."""
    for i, item in enumerate(typed):
        if item is None:
            continue
        allowed: Any
        if spec.allowed_values is not None and item not in spec.allowed_values:
            ranged, allowed = False, [str(v) for v in spec.allowed_values]
        elif spec.allowed is not None and \
                spec.allowed.test_in(item, Scope({INPUT: item})) is not True:
            ranged, allowed = True, spec.allowed.text
        else:
            continue
        shown_item = shown(value[i]) if isinstance(value, (list, tuple)) else str(item)
        if pack.failed_decisions == "null":
            return Diagnostic.of("INPUT-NOT-CONFORMING", field=spec.id, severity="warning",
                                 key="INPUT-NOT-CONFORMING/range" if ranged
                                 else "INPUT-NOT-CONFORMING/values", name=spec.id,
                                 index=i + 1, value=shown_item, allowed=allowed)
        return Diagnostic.of("CASE-NOT-ALLOWED", field=spec.id,
                             key="CASE-NOT-ALLOWED/item-range" if ranged
                             else "CASE-NOT-ALLOWED/item-values", label=label(spec.label),
                             index=i + 1, value=shown_item, allowed=allowed)
    return None


# --------------------------------------------------------------------------- evaluation

def evaluate(pack: Pack, case: Case | Mapping[str, Any], decisions: list[str] | None = None,
             as_of: _dt.date | None = None, *, trace: bool = True,
             limits: Limits | None = None) -> Evaluation:
    """Evaluate ``case`` (a ``Case`` or a mapping of facts) for ``decisions`` (default: the
    case's own questions, else every decision) at ``as_of`` (default: the case's as-of date,
    else today), the whole case under one budget: ``limits``, else the pack's, else the
    defaults."""
    with budget(limits or pack.limits or DEFAULT_LIMITS):
        return _evaluate(pack, case, decisions, as_of, trace)


def quick_evaluation(pack: Pack, facts: dict[str, Any], decisions: Any,
                     as_of: _dt.date | None) -> Evaluation | None:
    """An untraced evaluation under the pack's limits by the question's generated function:
    the lean one (regel.run.lean) where the question is of that kind, else the general one
    (_question); None when the general way must answer (the question is new or odd, or
    the case is not plain)."""
    if decisions is None:
        key: tuple[Any, ...] = ("quick",)
    elif decisions.__class__ is list or decisions.__class__ is tuple:
        key = ("quick", *decisions)
    else:
        return None     # the general way says what is wrong with them
    try:
        route = pack.compiled.get(key, MISSING)
    except TypeError:   # an id that is no text (a list): the general way says so
        return None
    if route is MISSING:
        if not all(d.__class__ is str for d in decisions or ()):
            return None
        route = _route(pack, key, decisions)
    day = as_of or _dt.date.today()
    if route is None or TIERS.mode == "reference" or day.__class__ is not _dt.date:
        return None
    if route.__class__ is tuple:    # (targets, order, key, runner): the general question
        return route[3](facts, day)  # type: ignore[no-any-return]
    values = route(facts, day)
    return None if values is None else Evaluation(values, None, day, [])


def traced_evaluation(pack: Pack, facts: dict[str, Any], decisions: Any,
                      as_of: _dt.date | None) -> Evaluation | None:
    """A traced evaluation under the pack's limits of a question asked before: what
    ``evaluate(..., trace=True)`` gives, without finding the question's decisions and
    their order again (kept in ``pack.compiled``); None when the general way must answer
    (a new or odd question, facts that are not plain, a DMN model regel could not
    build)."""
    if decisions is not None and decisions.__class__ is not list and \
            decisions.__class__ is not tuple:
        return None
    day = as_of or _dt.date.today()
    if TIERS.mode == "reference" or day.__class__ is not _dt.date:
        return None
    plan = _kept_plan(pack, decisions)
    if plan is None:
        return None
    targets, order, held, shown_for = plan
    written = held[0] if held else _traced_question(pack, plan)
    b, token = begin(pack.limits or DEFAULT_LIMITS)
    try:
        recorder = Recorder()
        warnings: list[TraceWarning] = []
        values: dict[str, Any] = {}
        if written is not None:     # (the Evaluation, with its trace)
            return written(facts, values, day, b, recorder, warnings, pack,  # type: ignore[no-any-return]
                           pack.compiled[("traced",)])
        checked = _plain_checked(pack, facts, order)
        if checked is None:
            return None     # the general way checks them, and says what is wrong
        _decide(pack, order, checked, values, day, recorder, warnings, None)
        result = _answers(targets, values, [])
        return Evaluation(result, _trace(pack, facts, None, order, recorder, result, day,
                                         shown_for),
                          day, warnings)
    finally:
        end(token)


def _traced_question(pack: Pack, plan: tuple[list[str], list[str], list[Any], Any]
                     ) -> Any:
    """The traced question's written-out function (compile_traced_question), kept in
    its plan (``plan[2]``) once every decision of its order has its traced entry (or has
    none); None before that (then _decide takes the decisions in turn)."""
    targets, order, held, shown_for = plan
    traced = pack.compiled.get(("traced",), {})
    entries = [traced.get(did, _WARMING) for did in order]
    if any(e is not None and e.__class__ is not tuple for e in entries):
        return None

    head, read = (__version__, pack.id, pack.version, pack.fingerprint), shown_for[_READ]

    def trace(given: dict[str, Any], recorder: Recorder, result: dict[str, Any],
              day: _dt.date) -> Trace:
        # (_trace, written out for a case that gives no fact its decisions do not read)
        info = shown_for.get(_ONLY_READ) if given.keys() <= read else None
        if info is None:
            return _trace(pack, given, None, order, recorder, result, day, shown_for)
        return Trace(*head, day, dict(given), recorder.decisions, result, None, info)

    held.append(compile_traced_question(pack, order, traced, targets, {
        "STEP": _step, "NOT_RUN": _NOT_RUN, "IN_DECISION": in_decision,
        "remembering": partial(_rememberer, pack), "EVAL": Evaluation, "TRACE": trace,
        "made": lambda entry: partial(_made_from, _made, pack, traced, entry),
        "made_plain": lambda entry: partial(_made_from, _made_plain, pack, traced, entry),
        "function_maker": _function_maker, "again": _pure_again,
        "lazy": partial(_lazy_function, pack)}))
    return held[0]


def _route(pack: Pack, key: tuple[Any, ...], decisions: Any) -> Any:
    """How quick_evaluation answers a question, kept in ``pack.compiled``: its lean
    function, else its targets and their order for _question; None: the general way."""
    if len(pack.compiled) > 8192 or pack.broken:
        return None     # questions asked in very many combinations: not kept
    try:
        targets = _targets(pack, list(decisions) if decisions is not None else None)
    except EvaluationError:
        pack.compiled[key] = None   # the general way says what is wrong
        return None
    order = _needed(pack, targets)
    fn = None
    if pack.limits in (None, DEFAULT_LIMITS) and targets:
        fn = lean_question(pack, targets, order)
    asked = ("?", *targets)
    route = pack.compiled[key] = fn if fn is not None else \
        (targets, order, asked, _runner(pack, targets, order, asked))
    return route


def _runner(pack: Pack, targets: list[str], order: list[str], key: tuple[str, ...]) -> Any:
    """quick_evaluation's way to a general question's answer under the pack's limits:
    ``run(facts, day)``, its generated function called directly once _question has made
    it (under ``key``), _question before that; the general way where they cannot
    answer."""
    made: list[Any] = []

    def run(facts: dict[str, Any], day: _dt.date) -> Evaluation:
        b, token = begin(pack.limits or DEFAULT_LIMITS)
        try:
            if made:
                answer = made[0](facts, day, b)
                if answer.__class__ is Evaluation:
                    return answer
                found = _answered(pack, answer, targets, order, day, b, 0)
            else:
                found = _question(pack, facts, targets, order, day, key)
                fn = pack.compiled.get(key)
                if callable(fn):
                    made.append(fn)
            return found or _evaluate(pack, facts, targets, day, False, questioned=True)
        finally:
            end(token)

    return run


def _evaluate(pack: Pack, case: Case | Mapping[str, Any], decisions: list[str] | None,
              as_of: _dt.date | None, trace: bool, questioned: bool = False) -> Evaluation:
    """The evaluation under way (``questioned``: its question's function was asked, and
    could not answer)."""
    if not trace and not questioned and not isinstance(case, Case) and \
            TIERS.mode != "reference":
        answered = _planned(pack, case, decisions, as_of)   # a question asked before
        if answered is not None:
            return answered
    if not isinstance(case, Case):
        if not isinstance(case, Mapping):   # facts are named: a list or text is none
            raise _case_error("CASE-FORMAT", "the case", key="CASE-FORMAT/facts")
        case = Case(dict(case))
    day = as_of or case.as_of or _dt.date.today()
    targets = _targets(pack, decisions or case.decisions)
    order = _needed(pack, [did for did in targets if did not in pack.broken])
    answered = None if trace or questioned or TIERS.mode == "reference" or pack.broken \
        else _question(pack, case.facts, targets, order, day)
    if answered is not None:
        return answered
    nulled: list[Diagnostic] = []
    facts = _plain_checked(pack, case.facts, order) if TIERS.mode != "reference" else None
    if facts is None:
        facts = check_facts(pack, case.facts, order, nulled)
    recorder = Recorder() if trace else NULL_RECORDER
    warnings = [TraceWarning(w) for w in nulled]    # inputs DMN reads as null
    values: dict[str, Any] = {}
    for did in targets:
        if did in pack.broken:   # a decision of a DMN model regel could not build
            values[did] = None
            warnings.append(_fail_broken(pack, pack.broken[did], recorder, day))
    fast = None if trace or TIERS.mode == "reference" else pack.compiled
    _decide(pack, order, facts, values, day, recorder, warnings, fast)
    result = _answers(targets, values, _copied_ones(fast, targets) if fast else [])
    trace_obj = _trace(pack, case.facts, case.id, order, recorder, result, day) \
        if trace else None
    return Evaluation(result, trace_obj, day, warnings)


def _decide(pack: Pack, order: list[str], facts: dict[str, Any], values: dict[str, Any],
            day: _dt.date, recorder: Recorder, warnings: list[TraceWarning],
            fast: dict[Any, Any] | None) -> None:
    """Each decision of ``order`` in turn into ``values``: by its generated function
    where there is one (``fast``: untraced), else as the reference evaluates it."""
    traced = pack.compiled.setdefault(("traced",), {}) \
        if recorder.enabled and TIERS.mode != "reference" else None
    spent = active()
    for did in order:
        if fast is not None and _fast(pack, fast, did, facts, values, day, warnings):
            continue
        _step(pack, traced, did, facts, values, day, recorder, warnings, spent, _NOT_RUN)


#: _step's ``found`` when no traced generated function has run for the decision yet
_NOT_RUN: Any = object()


def _step(pack: Pack, traced: dict[Any, Any] | None, did: str, facts: dict[str, Any],
          values: dict[str, Any], day: _dt.date, recorder: Recorder,
          warnings: list[TraceWarning], spent: Budget, found: Any, before: int = 0) -> None:
    """One decision of _decide into ``values`` (traced: by _traced_fast; ``found``: what
    its traced generated function gave, where a traced question's function ran it and
    found the outcome not plain to see, the budget ``before`` it ran; None: it could not
    answer, the budget as before), else as the reference evaluates it; what fails, as
    _decide says."""
    try:
        if traced is None or found is None:
            value = MISSING
        elif found is _NOT_RUN:
            value = _traced_fast(pack, traced, did, facts, values, day, recorder, warnings,
                                 spent)
        else:
            value = _traced_found(pack, traced, traced[did], facts, values, day, recorder,
                                  warnings, spent, before, found)
        if value is MISSING:
            value = _decision(pack, pack.decisions[did], facts, values, day, recorder,
                              warnings)
        if value.__class__ is dict or value.__class__ is list:
            _weighed(spent, traced, did, value)
        values[did] = value
    except RecursionError:
        raise EvaluationError.of("FEEL-RECURSION", at=did, key="FEEL-RECURSION/decision",
                                 decision=did) from None
    except LimitError as err:  # out of budget: no answer at all, in either mode
        raise in_decision(err, did) from None
    except (EvaluationError, FeelEvaluationError) as err:
        if pack.failed_decisions != "null":
            raise      # a pack stops at a rule that fails: a legal answer is not null
        # DMN: a decision that fails (two UNIQUE hits, say) is null, and the decisions
        # that use it go on; the failure is kept as a warning
        values[did] = None
        tw = TraceWarning(_warning("DECISION-FAILED", error_code=err.code,
                                   error=said(err.first)), did)
        warnings.append(tw)
        if recorder.enabled and recorder.current is not None and \
                recorder.current.id == did:   # the failure came after its record began
            recorder.warning(tw)


def _weighed(b: Budget, traced: dict[Any, Any] | None, did: str, value: Any) -> None:
    """``value`` weighed (Budget.weigh); a pure decision's value that a traced case kept
    from an earlier one (the same object) spends again what it weighed then."""
    entry = traced.get(did) if traced is not None else None
    if entry.__class__ is not tuple or not entry[1]:   # (not a pure decision's)
        b.weigh(value, None)
        return
    assert traced is not None
    found = traced.get(("weight", did))
    if found is not None and found[0] is value and b.steps + found[1] <= b.limits.steps:
        b.steps += found[1]
        return
    before = b.steps
    b.weigh(value, None)
    traced["weight", did] = (value, b.steps - before)


def _plain_checked(pack: Pack, raw: Mapping[str, Any], order: list[str]
                   ) -> dict[str, Any] | None:
    """The facts when each is plain and every fact the decisions need is there (what
    check_facts gives them, found faster: from the second time on by the order's own
    generated check, regel.run.compiled.compile_facts); None when check_facts must look
    (and say)."""
    key = ("facts", *order)
    check = pack.compiled.get(key)
    if check is None and len(pack.compiled) < 8192:
        pack.compiled[key] = _WARMING
    elif check is _WARMING:
        check = pack.compiled[key] = compile_facts(pack, order)
    if check is not None and check is not _WARMING:
        return check(raw)    # type: ignore[no-any-return]
    facts = plain_facts(_fact_kinds(pack), raw)
    if facts is None:
        return None
    for did in order:
        d = pack.decisions[did]
        for iid in d.inputs:
            if facts.get(iid) is None and iid not in d.optional:
                return None
    return facts


def _fact_kinds(pack: Pack) -> dict[str, tuple[Any, Any]]:
    """The pack's fact_kinds (regel.run.compiled), found once."""
    kinds = pack.compiled.get(("kinds",))
    if kinds is None:
        kinds = pack.compiled[("kinds",)] = fact_kinds(pack)
    return kinds


def _compiled(pack: Pack, did: str, traced: bool) -> Any:
    """compile_decision of ``did`` with what the pack tells of its facts and of the
    values of the decisions it reads (value_shapes, found once)."""
    shapes = pack.compiled.get(("shapes",))
    if shapes is None:
        shapes = pack.compiled[("shapes",)] = value_shapes(pack)
    return compile_decision(pack.decisions[did], traced, _fact_kinds(pack), shapes)


def _planned(pack: Pack, facts: Mapping[str, Any], decisions: list[str] | None,
             as_of: _dt.date | None) -> Evaluation | None:
    """An untraced question (these facts, these decisions) that was asked before, by its
    generated function; None when the general way must answer (it is new, or odd)."""
    plan = _kept_plan(pack, decisions)
    if plan is None:
        return None
    return _question(pack, facts, plan[0], plan[1], as_of or _dt.date.today())


def _kept_plan(pack: Pack, decisions: Sequence[str] | None
               ) -> tuple[list[str], list[str], list[Any], dict[Any, Any]] | None:
    """A question asked before: its decisions, their order (traced or not), a place for
    its traced function (_traced_question) and what its traces show of the facts
    (_trace), kept in ``pack.compiled`` the first time it is asked; None then (the
    general way answers, and says what is wrong with an odd question) and wherever the
    general way must. (Only ids that are text are kept: one that is not finds nothing,
    or cannot be looked up.)"""
    if pack.broken:
        return None
    key = ("plan", *(decisions or ()))
    try:
        plan: tuple[list[str], list[str], list[Any], dict[Any, Any]] | None = \
            pack.compiled.get(key)
    except TypeError:   # an id that cannot be hashed (a list): the general way says so
        return None
    if plan is None and all(isinstance(d, str) for d in decisions or ()):
        targets = _targets(pack, list(decisions) if decisions is not None else None)
        if len(pack.compiled) < 4096:
            order = _needed(pack, targets)
            pack.compiled[key] = (targets, order, [], {_READ: frozenset(
                i for did in order for i in pack.decisions[did].inputs)})
    return plan


def _targets(pack: Pack, asked: list[str] | None) -> list[str]:
    """The decisions asked for (default: every decision that is not a function), each
    one the pack has; UNKNOWN-DECISION, with a hint, for one it has not."""
    targets = list(asked or [  # a function is no answer by itself
        did for did, d in pack.decisions.items()
        if not d.is_function and d.service is None] + list(pack.broken))
    for did in targets:
        if not isinstance(did, str) or (did not in pack.decisions and did not in pack.broken):
            raise EvaluationError.of("UNKNOWN-DECISION", at=str(did), name=str(did),
                                     hint=hint(did, pack.decisions))
    return targets


def _trace(pack: Pack, given: Mapping[str, Any], case_id: str | None, order: list[str],
           recorder: Recorder, result: dict[str, Any], day: _dt.date,
           shown_for: dict[Any, Any] | None = None) -> Trace:
    """The trace of an evaluation: the records, and what reports need of the pack and of
    the facts ``given`` (kept in ``shown_for``, the question's own, by the facts' names;
    else in ``pack.compiled``, by the decisions' order and the facts' names: the same for
    each such question, so one read-only copy is shared by their traces)."""
    kept = pack.compiled if shown_for is None else shown_for
    if shown_for is None:
        key: Any = ("info", *order, "", *given)
    else:   # facts that the decisions all read show the same (most often: every case's)
        key = _ONLY_READ if given.keys() <= shown_for[_READ] else tuple(given)
    info = kept.get(key)
    if info is None:
        info = _pack_info(pack, order, given)
        if len(kept) < 4096:
            kept[key] = info
    return Trace(__version__, pack.id, pack.version, pack.fingerprint, day,
                 dict(given), recorder.decisions, result, case_id, info)


#: in a question's kept pack_info (_trace; the plan's, _kept_plan): the facts its
#: decisions read, and the info of a case that gives no other
_READ, _ONLY_READ = object(), object()


def _pack_info(pack: Pack, order: list[str], given: Mapping[str, Any]
               ) -> Mapping[str, Any]:
    """What a report needs of the pack, and of the facts given or read by the decisions
    ``order``, read-only (Trace.pack_info)."""
    used = {i for did in order for i in pack.decisions[did].inputs}
    shown = [f for f in pack.inputs if f in given or f in used]
    facts = {f: Shared({
        "label": pack.inputs[f].label, "type": pack.inputs[f].type,
        "unit": pack.inputs[f].unit, "values": pack.inputs[f].value_labels,
        "fields": pack.inputs[f].field_labels, "units": pack.inputs[f].field_units})
        for f in shown}
    sources = pack.compiled.get(("sources",))
    if sources is None:   # the registry as JSON: the same for every trace of the pack
        sources = pack.compiled[("sources",)] = Shared(
            {k: s.to_json() for k, s in pack.sources.items()})
    return Shared({"title": pack.title, "default_language": pack.default_language,
                   "facts": Shared(facts), "sources": sources})


def _fast(pack: Pack, fast: dict[Any, Any], did: str, facts: dict[str, Any],
          values: dict[str, Any], day: _dt.date, warnings: list[TraceWarning]) -> bool:
    """Evaluate ``did`` by its generated function (regel.run.compiled), made at its second
    untraced evaluation: True when it answered; False when the reference must (the
    function could not be made, or the case is not plain: then the budget is as before)."""
    entry = fast.get(did)
    if entry.__class__ is not tuple:
        entry = _ready(pack, fast, did, entry)
        if entry is None:
            return False
    fn, pure, inputs = entry
    b = active()
    steps = b.steps
    own = Scope({})
    try:
        if pure:
            value = _kept(pack, fast, did, fn, values, day)   # weighed
        else:
            value = fn(facts, values, day, own)
            if value.__class__ is dict or value.__class__ is list:
                b.weigh(value, None)
    except (Slow, RegelError, FeelNull, RecursionError):
        b.steps = steps
        return False
    mark = len(warnings)
    for iid in inputs:
        if iid not in facts:
            warnings.append(_missing_input(did, iid))
    if own.warnings and not _reported(pack, pack.decisions[did], None, own.warnings,
                                      warnings):   # (a function another decision made
        # here warns into that decision's own scope, as in the reference)
        del warnings[mark:]
        b.steps = steps
        return False
    values[did] = value
    return True


def _traced_fast(pack: Pack, fast: dict[Any, Any], did: str, facts: dict[str, Any],
                 values: dict[str, Any], day: _dt.date, rec: Recorder,
                 warnings: list[TraceWarning], b: Budget) -> Any:
    """A traced decision by its traced generated function (made at its second traced
    evaluation): the code finds what happened, and the trace is recorded from it with
    the reference's own calls; MISSING (nothing recorded, the budget as before) when the
    reference must evaluate it. A plain decision's (not pure, no function) record is
    left for later (Recorder.later) when its function did not warn and its value is
    plain to see (_plain_outcome)."""
    entry = fast.get(did)
    if entry.__class__ is not tuple:
        entry = _traced_ready(pack, fast, did, entry)
        if entry is None:
            return MISSING
    if not entry[6]:
        return _traced_other(pack, fast, entry, facts, values, day, rec, warnings, b)
    steps = b.steps
    try:
        found = entry[0](facts, values, day)
    except (Slow, RegelError, FeelNull, RecursionError):
        b.steps = steps
        return MISSING
    return _traced_found(pack, fast, entry, facts, values, day, rec, warnings, b, steps,
                         found)


def _traced_found(pack: Pack, fast: dict[Any, Any], entry: tuple[Any, ...],
                  facts: dict[str, Any], values: dict[str, Any], day: _dt.date,
                  rec: Recorder, warnings: list[TraceWarning], b: Budget, steps: int,
                  found: tuple[Any, ...]) -> Any:
    """_traced_fast once the decision's traced generated function has given ``found``
    (the budget was ``steps`` before it ran)."""
    index, chosen, output, table, said = found
    try:
        if output.__class__ is FeelFunction:
            output = _remembering(pack, entry[2], output, rec, warnings, day)
    except (Slow, RegelError, FeelNull, RecursionError):
        b.steps = steps
        return MISSING
    if said:   # of version_by, a literal expression, a table's inputs or deciding rule
        if pack.date_policy == "forbid":   # the reference stops where it stops
            b.steps = steps
            return MISSING
        return _recorded(pack, fast, entry, facts, values, rec, warnings, index, chosen,
                         output, table, said)
    # a table's generated code gives the value _plain_outcome would, where it can see it
    value = output if table is not None and output is not MISSING else \
        _plain_outcome(entry[4][index], output, table)
    if value is MISSING:
        return _later(pack, fast, entry, facts, values, rec, warnings, index, chosen, output,
                      table)
    for iid, tw in entry[5]:   # (as _begin warns)
        if iid not in facts:
            warnings.append(tw)
    if table is None:   # (as rec.later would)
        rec.decisions.append((_made, pack, fast, entry, facts, values, index, chosen, output,
                              None))
    else:
        rec.decisions.append((_made_plain, pack, fast, entry, facts, values, index, chosen,
                              value, table))
    return value


def _traced_other(pack: Pack, fast: dict[Any, Any], entry: tuple[Any, ...],
                  facts: dict[str, Any], values: dict[str, Any], day: _dt.date,
                  rec: Recorder, warnings: list[TraceWarning], b: Budget) -> Any:
    """_traced_fast of a pure decision (what it gives and records is the same in every
    case of a version: its record is kept, and dated for each case) or a function."""
    fn, pure, d = entry[:3]
    steps = b.steps
    made: Any = None
    try:
        if pure:
            made = _kept(pack, pack.compiled, ("T", d.id), fn, values, day)
            again = fast.get(("again", d.id))
            if again is not None and again[0] is made:
                rec.later(again[1].dated, (day,))
                return again[1].output
            index, chosen, output, table, said = made
            chosen = day     # no version_by: the version of the as-of date
        else:
            index, chosen, output, table, said = fn(facts, values, day)
            if said and pack.date_policy == "forbid":
                raise Slow   # the reference stops where it stops
            if output.__class__ is FeelFunction:
                output = _remembering(pack, d, output, rec, warnings, day)
    except (Slow, RegelError, FeelNull, RecursionError):
        b.steps = steps
        return MISSING
    before = len(warnings)
    value = _recorded(pack, fast, entry, facts, values, rec, warnings, index, chosen, output,
                      table, said)
    if pure and len(warnings) == before and rec.current is not None:
        fast[("again", d.id)] = (made, rec.current)   # the record, for the next case
    return value


def _function_maker(pack: Pack, d: Decision) -> Any:
    """A traced question's way to the value of a decision with parameters: what
    _decision makes of it, ``make(facts, values, day, recorder, warnings)``, its call
    memo found once; for one that reads no fact and no decision (nothing but its
    arguments), its variables and origins known too."""
    memo = _call_memo(pack, d, True)
    if d.inputs or d.decisions or d.output_reads or d.service is not None:
        def made(facts: dict[str, Any], values: dict[str, Any], day: _dt.date,
                 rec: Recorder, warnings: list[TraceWarning]) -> Any:
            return _decision(pack, d, facts, values, day, rec, warnings)
        return made

    did, params = d.id, d.parameters

    def own(facts: dict[str, Any], values: dict[str, Any], day: _dt.date, rec: Recorder,
            warnings: list[TraceWarning]) -> Any:
        # _function and _function_recorded of a traced question, written out in one
        # frame (made for every traced case; the question runs in no reference mode)
        calls: list[DecisionTrace] = []
        fn = FeelFunction(did, params, partial(_invoked, pack, d, memo, {AS_OF: day}, day,
                                               calls, warnings))
        rec.function_records[did] = calls
        rec.decisions.append((_function_record, d, day, _NO_ORIGINS, fn, calls))
        return fn
    return own


#: the facts of a decision that reads none (read-only)
_NO_FACTS: dict[str, Any] = {}
#: the origins of a function decision that reads nothing (what its record shows it read)
_NO_ORIGINS: list[tuple[str, Any, str]] = []


def _pure_again(pack: Pack, fast: dict[Any, Any], entry: tuple[Any, ...]) -> Any:
    """A traced question's way to a pure decision's value where its value and record are
    kept for the versions in force (what _traced_other and _weighed give then):
    ``again(day, recorder, budget)`` dates the record and spends again the steps
    computing and weighing the value cost; MISSING, nothing done, where they are not
    kept or the steps left do not reach (the general way says what then). What it finds
    for a period between two dates on which a version begins or ends is its own."""
    did = entry[2].id
    found: dict[int, tuple[Any, int, DecisionTrace]] = {}
    edges: list[Any] = []   # the dates on which a version begins or ends (_period's)

    def again(day: _dt.date, rec: Recorder, b: Budget) -> Any:
        hit = found.get(bisect_right(edges[0], day)) if edges else None
        if hit is None:
            hit = _kept_again(pack, fast, did, day)
            if hit is None:
                return MISSING
            if not edges:   # (_kept_again found the chain: made once, never replaced)
                edges.append(pack.compiled[("chain", did)][1])
            if len(found) < 256:
                found[bisect_right(edges[0], day)] = hit
        value, steps, record = hit
        if b.steps + steps > b.limits.steps:
            return MISSING
        b.steps += steps
        rec.decisions.append((record.dated, day))   # (rec.later, written out)
        return value

    return again


def _kept_again(pack: Pack, fast: dict[Any, Any], did: str, day: _dt.date
                ) -> tuple[Any, int, DecisionTrace] | None:
    """A pure decision's value, the steps computing and weighing it cost and its record,
    where all are kept for the versions in force on ``day`` (_pure_again); else None."""
    ids = _period(pack, pack.compiled, did, day)
    kept = pack.compiled.get(("=", ("T", did), ids)) if ids is not None else None
    again = fast.get(("again", did))
    if kept is None or again is None or again[0] is not kept[0]:
        return None
    value, steps = again[1].output, kept[1]
    if value.__class__ is dict or value.__class__ is list:
        weight = fast.get(("weight", did))
        if weight is None or weight[0] is not value:
            return None
        steps += weight[1]
    return value, steps, again[1]


def _later(pack: Pack, fast: dict[Any, Any], entry: tuple[Any, ...], facts: dict[str, Any],
           values: dict[str, Any], rec: Recorder, warnings: list[TraceWarning], index: int,
           chosen: _dt.date, output: Any, table: Any) -> Any:
    """What _recorded gives and warns of a decision whose traced function did not warn;
    its record is made as _recorded makes it, when the trace is read (rec.later): most
    traces are kept or sent, not read record by record."""
    mark = len(warnings)
    try:   # (NULL_RECORDER: no record is made)
        output = _recorded(pack, fast, entry, facts, values, NULL_RECORDER, warnings, index,
                           chosen, output, table, ())
    except (EvaluationError, FeelEvaluationError):   # two UNIQUE hits, say: begun, as before
        del warnings[mark:]
        return _recorded(pack, fast, entry, facts, values, rec, warnings, index, chosen,
                         output, table, ())
    rec.later(_made, (pack, fast, entry, facts, values, index, chosen, output, table))
    return output


def _made(pack: Pack, fast: dict[Any, Any], entry: tuple[Any, ...], facts: dict[str, Any],
          values: dict[str, Any], index: int, chosen: _dt.date, output: Any, table: Any
          ) -> DecisionTrace:
    """The record _traced_fast or _later left to be made: what _recorded records (as
    _begin begins it, with the warnings of missing facts made once: entry[5])."""
    rec = Recorder()
    record = rec.current = _begun(entry, facts, values, index, chosen)
    _found(pack, fast, entry[2], index, rec, [], _version_notes(record.version), output,
           table)
    return record


def _made_from(make: Any, pack: Pack, fast: dict[Any, Any], entry: tuple[Any, ...],
               facts: dict[str, Any], values: dict[str, Any], found: tuple[Any, ...]
               ) -> DecisionTrace:
    """``make`` (_made, or _made_plain: the output is the value) of what a traced
    question's function kept: its traced function's ``found`` (index, chosen, output,
    table, said)."""
    return make(pack, fast, entry, facts, values, *found[:4])   # type: ignore[no-any-return]


def _begun(entry: tuple[Any, ...], facts: dict[str, Any], values: dict[str, Any],
           index: int, chosen: _dt.date) -> DecisionTrace:
    """A record left for later, begun as _begin begins it (the warnings of missing facts
    made once: entry[5])."""
    d = entry[2]
    record = DecisionTrace(d, d.versions[index], entry[3], chosen)
    record.input_source = (d, facts, values)
    record.warnings = [tw for iid, tw in entry[5] if iid not in facts]
    return record


def _made_plain(pack: Pack, fast: dict[Any, Any], entry: tuple[Any, ...],
                facts: dict[str, Any], values: dict[str, Any], index: int, chosen: _dt.date,
                value: Any, table: Any) -> DecisionTrace:
    """_made of a FIRST or UNIQUE table whose value _plain_outcome gave: every output
    allowed, nothing to warn of, so what its hit policy made of the matched rules (ids,
    message, notes: _outcome) is kept by their positions alone."""
    record = _begun(entry, facts, values, index, chosen)
    d, logic = entry[2], record.version.logic
    assert isinstance(logic, DecisionTable)
    matches = _seen(record, logic, table, fast)
    memo = _memo(fast, "plain", d.id, index)
    key = tuple([rule.index for rule, _ in matches])
    found = memo.get(key)
    if found is None:
        found = _outcome(pack, d, logic, matches)
        if len(memo) < MEMO_SIZE and len(matches) <= _KEPT_MATCHES:
            memo[key] = found
    notes = _version_notes(record.version)
    notes.extend(found[5])
    record.output, record.matched, record.decided_by = value, found[1], found[2]
    record.how, record.used_default, record.interpretations = found[3], found[4], notes
    return record


def _recorded(pack: Pack, fast: dict[Any, Any], entry: tuple[Any, ...], facts: dict[str, Any],
              values: dict[str, Any], rec: Recorder, warnings: list[TraceWarning], index: int,
              chosen: _dt.date, output: Any, table: Any, said: Any) -> Any:
    """A traced decision's value from what its traced generated function found (the
    version, the literal expression's value or the table's inputs and matches, its FEEL
    warnings), recorded as the reference records it."""
    d, selected_by = entry[2], entry[3]
    version = d.versions[index]
    interpretations = _begin(rec, warnings, d, version, selected_by, chosen, facts, values)
    if said:   # of version_by, a literal expression, a table's inputs or deciding rule
        _feel_warnings(pack, rec, warnings, said, d.id, None, interpretations)
    return _found(pack, fast, d, index, rec, warnings, interpretations, output, table)


def _found(pack: Pack, fast: dict[Any, Any], d: Decision, index: int, rec: Recorder,
           warnings: list[TraceWarning], interpretations: list[dict[str, Any]], output: Any,
           table: Any) -> Any:
    """_recorded's value of the version's logic, recorded in the record begun."""
    logic = d.versions[index].logic
    if not isinstance(logic, DecisionTable):
        return _literal_result(rec, logic, output, interpretations)
    matches = _seen(rec.current, logic, table, fast) if rec.current is not None else \
        _all_matches(fast, logic, table)
    return _finish(pack, d, logic, rec, warnings, interpretations, matches,
                   _memo(fast, "outcomes", d.id, index))


def _seen(record: DecisionTrace, logic: DecisionTable, table: Any, fast: dict[Any, Any]
          ) -> list[Any]:
    """What a traced table's generated function found, put in its record (as
    rec.columns and rec.index_lookups or rec.scanned would): its inputs, and the index's
    bits or the scan's rules that missed, each with the column that failed (the rules
    that matched are those of the matches), or, where it left them to be found now,
    why_not's; its matches."""
    inputs, failed, matches = table[:3]
    record.column_source = (logic.inputs, inputs)
    if failed.__class__ is int:   # the index answered: its bits
        record.indexed = (logic, inputs, failed)
        return matches  # type: ignore[no-any-return]
    hits, later_missed, later_at = _after_first(fast, logic, table)
    record.hits = [rule for rule, _ in matches] + hits
    record.missed = [rule for rule, _ in failed] + later_missed
    record.missed_at = [at for _, at in failed] + later_at
    return _later_matches(matches, hits)


def _all_matches(fast: dict[Any, Any], logic: DecisionTable, table: Any) -> list[Any]:
    """The matches of what a traced table's generated function found (_seen's), with
    no record to fill."""
    return _later_matches(table[2], _after_first(fast, logic, table)[0])


def _after_first(fast: dict[Any, Any], logic: DecisionTable, table: Any
                 ) -> tuple[list[Any], list[Any], list[int]]:
    """Where a traced table's generated function stopped at its first match (a fourth
    item: compile_decision): why_not's rules after it that match, those that do not and
    where; else nothing more."""
    matches = table[2]
    if len(table) > 3 and matches:
        return why_not(fast, logic, table[0], matches[0][0].index - 1)
    return [], [], []


def _later_matches(matches: list[Any], later: list[Any]) -> list[Any]:
    """A FIRST table's first match, then the ``later`` rules that match too, with null
    outputs (as rule_outputs gives them)."""
    if not later:
        return matches
    return [*matches, *((rule, [None] * len(rule.outputs)) for rule in later)]


def _memo(fast: dict[Any, Any], kind: str, did: str, index: int) -> dict[Any, Any]:
    """A traced table's memo of outcomes (_finish's or _made_plain's) for one version."""
    memo = fast.get((kind, did, index))
    if memo is None:
        memo = fast[kind, did, index] = {}
    return memo


def _traced_ready(pack: Pack, fast: dict[Any, Any], did: str, entry: Any) -> Any:
    """A decision's traced generated function with what _traced_fast needs of it, once
    made (its second traced evaluation; at once in the ``generated`` mode); None before,
    or when only the reference evaluates it. The entry (read by position on every traced
    decision's path): 0 the function, 1 pure, 2 the decision, 3 its version_by text, 4
    each version's _shape, 5 each input with its missing-fact warning, 6 plain (neither
    pure nor a function: _traced_fast's own path)."""
    if entry is None and (did in fast or TIERS.mode != "generated"):
        fast.setdefault(did, _WARMING)
        return None
    fn = _compiled(pack, did, True)
    if fn is None:
        fast[did] = None
        return None
    d = pack.decisions[did]
    pure = _pure(pack, pack.compiled, did)
    ready = fast[did] = (fn, pure, d, d.version_by.text if d.version_by else None,
                         [_shape(d, v) for v in d.versions],
                         [(iid, _missing_input(did, iid)) for iid in d.inputs],
                         not d.is_function and not pure)
    return ready


def _shape(d: Decision, version: Version) -> Any:
    """What _plain_outcome needs to know of a version: True for a literal expression; for
    a FIRST or UNIQUE table its hit policy, its outputs' names (None for one output), the
    position and allowed values of each output that allows only some, and the outputs'
    defaults (None when it has none); None when _finish must find the value (another hit
    policy, an output allowing a range, a DMN model's declared result type)."""
    logic = version.logic
    if d.result_types:
        return None
    if not isinstance(logic, DecisionTable):
        return True
    outs = logic.outputs
    if logic.hit_policy not in _SINGLE or any(o.allowed is not None for o in outs):
        return None
    return (logic.hit_policy, tuple(o.name for o in outs) if len(outs) > 1 else None,
            tuple((i, o.allowed_values) for i, o in enumerate(outs)
                  if o.allowed_values is not None),
            [o.default if o.has_default else None for o in outs]
            if any(o.has_default for o in outs) else None)


def _plain_outcome(shape: Any, output: Any, table: Any) -> Any:
    """A traced decision's value, when it is plain to see (what _finish would find, as
    hitpolicy.compose makes it): a literal expression's; of a FIRST table the first
    match's outputs, of a UNIQUE table its one match's, where no output is one its output
    does not allow; with no match, the outputs' defaults or null. MISSING when _finish
    must find it (two UNIQUE matches, an output not allowed)."""
    if shape is True:
        return output
    if shape is None:
        return MISSING
    matches = table[2]
    policy, names, allowed, defaults = shape
    if not matches:   # (as hitpolicy's _no_match gives)
        outs = defaults
        if outs is None:
            return None
    else:
        if len(matches) > 1 and policy == "UNIQUE":
            return MISSING
        for _, found in matches:   # (as _check_allowed warns)
            for i, values in allowed:
                v = found[i]
                if v is not None and v not in values:
                    return MISSING
        outs = matches[0][1]
    return outs[0] if names is None else dict(zip(names, outs, strict=True))


def _ready(pack: Pack, fast: dict[Any, Any], did: str, entry: Any) -> Any:
    """The generated function of ``did`` with what _fast needs of it, once it is made
    (the second time it is asked for, or at once in the ``generated`` mode); None before
    that, or when only the reference evaluates it."""
    if entry is None and did in fast:
        return None     # the reference only
    if entry is None and TIERS.mode != "generated":
        fast[did] = _WARMING
        return None
    fn = _compiled(pack, did, False)
    if fn is None:
        fast[did] = None
        return None
    ready = fast[did] = (fn, _pure(pack, fast, did), pack.decisions[did].inputs)
    return ready


_WARMING = "warming"


def _question(pack: Pack, raw: Mapping[str, Any], targets: list[str], order: list[str],
              day: _dt.date, key: tuple[str, ...] | None = None) -> Evaluation | None:
    """An untraced question answered by its generated function (regel.run.compiled),
    made the second time the question is asked (at once in the ``generated`` mode); None
    when the reference must answer (then nothing counts against the budget)."""
    fast = pack.compiled
    key = key or ("?", *targets)
    fn: Any = fast.get(key)
    if fn is None and len(fast) > 8192:
        return None     # questions asked in very many combinations: not kept
    if fn is None:
        fast[key] = _WARMING
        if TIERS.mode != "generated":
            return None
        fn = _WARMING
    if fn is _WARMING:
        fn = fast[key] = _made_question(pack, order, targets)
    if fn is False:
        return None
    b = active()
    steps = b.steps
    answer = fn(raw, day, b)
    if answer.__class__ is Evaluation:
        return answer     # (the common case: nothing warned, every decision answered)
    return _answered(pack, answer, targets, order, day, b, steps)


def _answered(pack: Pack, answer: Any, targets: list[str], order: list[str], day: _dt.date,
              b: Budget, steps: int) -> Evaluation | None:
    """The Evaluation of what a question's function gave where it is no Evaluation (see
    compile_question): its warnings found, or the decisions from the one it could not
    answer on evaluated as the general way does; None (the budget as it was, ``steps``)
    where the reference must answer."""
    if answer is None:
        b.steps = steps
        return None
    facts, values, heard = answer[:3]
    if len(answer) > 4:    # a decision its function could not answer: from there on
        at, spent = answer[4:]   # as the general way goes, with the values before it
        warnings = _heard(pack, order[:at], facts, values, heard)
        # what the decisions still to come read, at any depth: a function made anew
        # (f) calls the functions it reads (g) as they are in ``values``, so they too
        read = set(_requirements(pack, order[at:]))
        if warnings is None or not _own_functions(
                pack, [did for did in order[:at] if did in read], facts, values, day,
                warnings):
            b.steps = steps
            return None
        b.steps = spent
        return _resumed(pack, targets, order, at, facts, values, warnings, day)
    warnings = _heard(pack, order, facts, values, heard)   # in the reference's order
    if warnings is None:
        b.steps = steps
        return None
    return Evaluation(_answers(targets, values, _copied_ones(pack.compiled, targets)), None,
                      day, warnings)


class _Lacking:
    """A question's warnings of the facts its decisions read that a case lacks, in the
    question's order, kept for each set of them: ``lacking(facts, mask)``, the mask's
    bit i set where the i-th of ``optional`` is not given (-1: found from ``facts``)."""

    __slots__ = ("missing", "optional", "memo")

    def __init__(self, missing: list[tuple[str, TraceWarning]], optional: list[str]) -> None:
        self.missing = missing      # each input read, with its warning (frozen: made once)
        self.optional = optional
        self.memo: dict[Any, list[TraceWarning]] = {}

    def __call__(self, facts: dict[str, Any], mask: int) -> list[TraceWarning]:
        # kept by the mask, or (where QUICK did not decide) by the inputs lacking
        key: Any = mask if mask >= 0 else \
            frozenset(iid for iid, _ in self.missing if iid not in facts)
        found = self.memo.get(key)
        if found is None:
            lacking = key if mask < 0 else \
                {iid for i, iid in enumerate(self.optional) if mask >> i & 1}
            found = [tw for iid, tw in self.missing if iid in lacking]
            if len(self.memo) < 256:
                self.memo[key] = found
        return list(found)


def _own_functions(pack: Pack, done: list[str], facts: dict[str, Any],
                   values: dict[str, Any], day: _dt.date, warnings: list[TraceWarning]
                   ) -> bool:
    """Before the reference goes on with a question's values: each kept decision among
    ``done`` (the ones the decisions still to come read) whose value holds a function
    made anew as the reference makes it (a kept function that warns hands its case over,
    which the reference cannot; the new one's calls warn into the case's ``warnings``),
    under a budget of its own (what it cost is spent already); False when a decision
    that is not kept holds a function (its calls would warn into the question's scope),
    or making one warns."""
    for did in done:
        if not _holds_function(values[did]):
            continue
        if not _pure(pack, pack.compiled, did, True):
            return False
        before = len(warnings)
        with budget(active().limits):
            _decide(pack, [did], facts, values, day, NULL_RECORDER, warnings, None)
        if len(warnings) > before:
            return False
    return True


def _resumed(pack: Pack, targets: list[str], order: list[str], at: int,
             facts: dict[str, Any], values: dict[str, Any], warnings: list[TraceWarning],
             day: _dt.date) -> Evaluation:
    """An untraced question whose generated function answered the decisions before
    ``order[at]``: that one as the reference evaluates it, the rest as _decide does."""
    _decide(pack, order[at:at + 1], facts, values, day, NULL_RECORDER, warnings, None)
    _decide(pack, order[at + 1:], facts, values, day, NULL_RECORDER, warnings,
            pack.compiled)
    return Evaluation(_answers(targets, values, _copied_ones(pack.compiled, targets)),
                      None, day, warnings)


def _heard(pack: Pack, order: list[str], facts: dict[str, Any], values: dict[str, Any],
           heard: list[tuple[str, list[FeelWarning]]]) -> list[TraceWarning] | None:
    """A question's warnings when literal expressions warned in its generated code: per
    decision in order, the facts it lacks, then its FEEL warnings, as the reference
    reports them; None when the reference must answer (see _reported)."""
    said_by = dict(heard)
    warnings: list[TraceWarning] = []
    for did in order:
        d = pack.decisions[did]
        for iid in d.inputs:
            if iid not in facts:
                warnings.append(_missing_input(did, iid))
        found = said_by.get(did)
        if found is not None and not _reported(pack, d, values, found, warnings):
            return None
    return warnings


def _reported(pack: Pack, d: Decision, values: dict[str, Any] | None,
              found: list[FeelWarning], warnings: list[TraceWarning]) -> bool:
    """Put the FEEL warnings of a literal expression's generated code into ``warnings``
    as the reference does; False (nothing put) when the reference must evaluate it: a
    clamped day where the pack forbids one (an error), or, in a question's function
    (``values`` given), a decision that read a value holding a function another decision
    of the question made there: its calls warn into the question's one scope, where the
    reference keeps their warnings in that decision's scope (a kept decision's function
    keeps its own)."""
    if pack.date_policy == "forbid" and any(w.code == "FEEL-DAY-CLAMPED" for w in found):
        return False
    if values is not None and any(not _pure(pack, pack.compiled, dep, True) and
                                  _holds_function(values[dep]) for dep in d.decisions):
        return False
    _feel_warnings(pack, NULL_RECORDER, warnings, found, d.id, None, [])
    return True


def _holds_function(value: Any) -> bool:
    """Whether ``value`` is a FEEL function or a list or context holding one (FEEL's
    lists and contexts are plain lists and dicts: their class tells)."""
    if value.__class__ is dict:
        items: Any = value.values()
    elif value.__class__ is list:
        items = value
    else:
        return value.__class__ is FeelFunction
    for v in items:
        c = v.__class__
        if c is FeelFunction or ((c is dict or c is list) and _holds_function(v)):
            return True
    return False


def _made_question(pack: Pack, order: list[str], targets: list[str]) -> Any:
    """The question's function (with its pure decisions kept per version), or False
    when a decision it needs has no generated function."""
    fast = pack.compiled
    fns: dict[str, tuple[Any, bool]] = {}
    for did in order:
        entry = fast.get(did)
        fn = entry[0] if entry.__class__ is tuple else _generated(pack, did)
        if fn is None:
            return False
        fns[did] = (fn, _pure(pack, fast, did, True))
    missing = [(iid, _missing_input(did, iid))
               for did in order for iid in pack.decisions[did].inputs]
    return compile_question(pack, order, targets, fns, {
        "kept": lambda did: _keeper(pack, fast, did, fns[did][0]), "EVAL": Evaluation,
        "kept_together": lambda dids: _block_keeper(pack, fast, dids),
        "copies": _copied_ones(fast, targets),
        "LACKING": lambda optional: _Lacking(missing, optional)})


def _keeper(pack: Pack, fast: dict[Any, Any], did: str, fn: Any) -> Any:
    """A question's way to a pure decision's kept value (_kept): ``keep(values, day,
    budget)``, which knows the value kept for each period between the dates on which a
    version it rests on begins or ends, once _kept has found it."""
    found: dict[int, tuple[Any, int]] = {}
    edges: list[Any] = []

    def keep(values: dict[str, Any], day: _dt.date, b: Any) -> Any:
        kept = found.get(bisect_right(edges, day)) if edges else None
        if kept is None:
            made = _kept(pack, fast, did, fn, values, day)
            edges[:] = fast[("chain", did)][1] or [_dt.date.min]
            kept = fast.get(("=", did, _period(pack, fast, did, day)))
            if kept is not None and kept[0] is made and len(found) < 256:
                found[bisect_right(edges, day)] = kept
            return made
        if b.steps + kept[1] > b.limits.steps:     # (_spent_again, written out)
            raise Slow
        b.steps += kept[1]
        return kept[0]

    return keep


def _block_keeper(pack: Pack, fast: dict[Any, Any], dids: tuple[str, ...]) -> Any:
    """A question's way to the kept values of pure decisions that follow each other in
    its order (``satsregulering``, ``index_basis``, ``index_factor``) at once:
    ``(keep_all, fill)``. ``keep_all(values, day, budget)`` puts them all in ``values``
    and spends the steps their keepers (_keeper) would spend, once ``fill(values, day)``
    has seen each keeper give its value kept for the versions in force on a day of the
    same period (between two dates on which a version any of them rests on begins or
    ends); False, nothing done, before that or where the steps left do not reach (then
    each keeper goes its own way, and says Slow where it must)."""
    found: dict[int, tuple[int, dict[str, Any]]] = {}
    edges: list[Any] = []

    def keep_all(values: dict[str, Any], day: _dt.date, b: Budget) -> bool:
        hit = found.get(bisect_right(edges, day)) if edges else None
        if hit is None or b.steps + hit[0] > b.limits.steps:
            return False
        b.steps += hit[0]
        values.update(hit[1])
        return True

    def fill(values: dict[str, Any], day: _dt.date) -> None:
        steps = 0
        for did in dids:
            kept = fast.get(("=", did, _period(pack, fast, did, day)))
            if kept is None or kept[0] is not values[did]:
                return
            steps += kept[1]
        if not edges:
            edges[:] = sorted({e for did in dids for e in fast[("chain", did)][1]})
        if len(found) < 256:
            found[bisect_right(edges, day)] = (steps, {did: values[did] for did in dids})

    return keep_all, fill


class _Capped(list):  # type: ignore[type-arg]
    """The warnings of a kept value's scope: at most a few are kept (see _kept)."""

    def append(self, item: Any) -> None:
        if len(self) < 16:
            super().append(item)


def _answers(targets: list[str], values: dict[str, Any], copies: list[str]
             ) -> dict[str, Any]:
    """The asked decisions' values; a value kept from case to case (a pure decision's,
    ``copies``) leaves the engine as a copy of its own."""
    result = {did: values[did] for did in targets}
    for did in copies:
        result[did] = copied(result[did])
    return result


def _copied_ones(fast: dict[Any, Any], targets: list[str]) -> list[str]:
    """The asked decisions whose values are kept from case to case (see _answers)."""
    seen = fast.get(("pure", True), {})
    return [did for did in targets if seen.get(did)]


def _pure(pack: Pack, fast: dict[Any, Any], did: str, functions: bool = False) -> bool:
    """Whether ``did`` is the same in every case of a version (regel.run.compiled). A
    function counts (``functions``) only in a question's function, which answers the
    whole question or nothing: where one decision is left to the reference, a function's
    calls warn into that case's own warnings (and, traced, are recorded in its trace)."""
    seen = fast.setdefault(("pure", functions), {})
    return is_pure(pack, did, seen, functions)


def _generated(pack: Pack, did: str) -> Any:
    """The generated function of ``did`` for the untraced path; for a pure function (a
    decision with parameters that reads no fact) one that makes the reference's function,
    kept per version by _kept; None when only the reference evaluates it."""
    d = pack.decisions[did]
    if not d.is_function or not _pure(pack, pack.compiled, did, True):
        return _compiled(pack, did, False)

    def made(facts: dict[str, Any], values: dict[str, Any], day: _dt.date,
             s: Scope | None = None) -> FeelFunction:
        variables: dict[str, Any] = {dep: values[dep] for dep in d.decisions}
        variables[AS_OF] = day
        heard: list[TraceWarning] = []
        reference = _function(pack, d, variables, [], day, NULL_RECORDER, heard)

        def call(args: list[Any], named: dict[str, Any] | None) -> Any:
            value = reference.invoke(args, named)
            if heard:   # a call that warns: the reference answers the case and says so
                heard.clear()
                raise Slow
            return value

        return FeelFunction(d.id, d.parameters, call)

    return made


def _kept(pack: Pack, fast: dict[Any, Any], did: str | tuple[str, str], fn: Any,
          values: dict[str, Any], day: _dt.date) -> Any:
    """A pure decision's value in the version in force: computed once per version (a
    function it gives remembers its answers); each use spends the steps computing it
    cost."""
    name = did[1] if isinstance(did, tuple) else did    # ("T", did): its traced record
    ids = _period(pack, fast, name, day)
    if ids is None:
        raise Slow   # the reference says which versions there are
    key = ("=", did, ids)
    b = active()
    kept = fast.get(key, MISSING)
    if kept is MISSING:
        before = b.steps
        # a function it gives keeps this scope from case to case: warnings of its later
        # calls (which no one reads, as in the reference) must not pile up in it
        own = Scope({}, None, _Capped())
        made = fn({}, values, day, own)
        if own.warnings:
            raise Slow   # the reference says what it warns of
        if isinstance(did, tuple):
            made = (*made[:2], memoized(made[2]), *made[3:])
        else:   # weighed once: its weight is part of what each use spends
            made = memoized(made)
            if made.__class__ is dict or made.__class__ is list:
                b.weigh(made, None)
        kept = fast[key] = (made, b.steps - before)
        return made
    return _spent_again(b, kept)


def _spent_again(b: Budget, kept: tuple[Any, int]) -> Any:
    """A kept value (``kept``: it and the steps computing it cost), those steps spent
    again; Slow where they would run the budget out (the reference computes it and
    stops where it stops)."""
    if b.steps + kept[1] > b.limits.steps:
        raise Slow
    b.steps += kept[1]
    return kept[0]


def _period(pack: Pack, fast: dict[Any, Any], did: str, day: _dt.date
            ) -> tuple[int, ...] | None:
    """Which versions of ``did`` and of every decision it needs, at any depth, are in
    force on ``day`` (found by bisecting the dates on which one begins or ends); None
    when one of them has no version then."""
    chain = fast.get(("chain", did))
    if chain is None:
        ds = [pack.decisions[x] for x in _requirements(pack, [did])]
        found: dict[int, tuple[int, ...] | None] = {}
        chain = fast[("chain", did)] = (ds, sorted({
            edge for d in ds for v in d.versions for edge in (v.valid_from, v.valid_to)
            if edge is not None}), found)
    ds, edges, periods = chain
    period = bisect_right(edges, day)    # between two edges, the same versions
    if period in periods:
        return periods[period]
    versions = [d.version_for(day) for d in ds]
    ids = periods[period] = None if None in versions else tuple(map(id, versions))
    return ids


def decision_function(pack: Pack, decision: str, as_of: _dt.date | None = None, *,
                      limits: Limits | None = None) -> Any:
    """One decision as a plain callable for hot loops: ``fn(facts, as_of=None)`` gives
    its value, with the checks and errors of an untraced ``evaluate`` (each call under
    its own budget); warnings are not kept. Its generated function is made at once."""
    if decision.__class__ is not str or decision not in pack.decisions:
        raise EvaluationError.of("UNKNOWN-DECISION", at=str(decision), name=str(decision),
                                 hint=hint(str(decision), pack.decisions))
    targets = [decision]
    order = _needed(pack, targets)
    lims = limits or pack.limits or DEFAULT_LIMITS
    runner = None if pack.broken else _made_question(pack, order, targets)
    pure = _pure(pack, pack.compiled, decision, True)

    def call(facts: Mapping[str, Any], as_of_day: _dt.date | None = None) -> Any:
        day = as_of_day or as_of or _dt.date.today()
        with budget(lims) as b:
            answer = runner(facts, day, b) if runner and TIERS.mode != "reference" else None
            if answer.__class__ is Evaluation:
                return answer.values[decision]     # (a kept value already copied)
            if answer is None or len(answer) > 4:
                b.steps = 0     # nothing spent that counts: the general way answers
                return _evaluate(pack, facts, targets, day, False).values[decision]
        value = answer[1][decision]   # (its warnings are not kept)
        return copied(value) if pure else value

    if limits is None and pack.limits in (None, DEFAULT_LIMITS) and \
            TIERS.mode != "reference":   # a table of the lean kind: one function for all
        return lean_function(pack, decision, order, as_of, call) or call
    return call


def broken_error(broken: BrokenDecision) -> EvaluationError:
    """Why a decision of a DMN model cannot be evaluated: its own first problem (or that of
    the broken decision or input it needs), with the problem's place in the model."""
    problem = broken.problem
    values: dict[str, Any] = {"decision": broken.id, "problem": said(problem),
                              "where": problem.location()}
    if broken.needs is not None:
        return EvaluationError.of("DECISION-BROKEN", at=problem.span,
                                  key="DECISION-BROKEN/needs", needs=broken.needs, **values)
    return EvaluationError.of("DECISION-BROKEN", at=problem.span, **values)


def _fail_broken(pack: Pack, broken: BrokenDecision, rec: Recorder, day: _dt.date
                 ) -> TraceWarning:
    """The warning of a broken decision asked for (its result is null); in a pack that
    stops at a failing decision, the error."""
    err = broken_error(broken)
    if pack.failed_decisions != "null":
        raise err
    warning = TraceWarning(_warning("DECISION-FAILED", error_code=err.code,
                                    error=said(err.first)), broken.id)
    if rec.enabled:
        _record_broken(rec, broken, day, warning)
    return warning


@cache
def _null_expression() -> LiteralExpression:
    """The literal ``null``, compiled once (the logic of a broken decision's trace record)."""
    return LiteralExpression("null", compile_expression("null", set()))


def _record_broken(rec: Recorder, broken: BrokenDecision, day: _dt.date,
                   warning: TraceWarning) -> None:
    """A broken decision in the trace, so that reports show it with its problem: a
    null result with the warning that says why."""
    null = _null_expression()
    # in force as an imported DMN decision is (DMN models have no validity dates); its
    # source is where the problem is written
    version = Version(_dt.date(1900, 1, 1), None, broken.problem.location(), null)
    stand_in = Decision(broken.id, Text(broken.id, broken.id), None, (), (), frozenset(),
                        (version,), location=broken.problem.span)
    rec.begin(stand_in, stand_in.versions[0], None, day)
    rec.result(None, [], [], Msg("run.how.broken"), False, [])
    rec.warning(warning)


def _decision(pack: Pack, d: Decision, facts: dict[str, Any], values: dict[str, Any],
              as_of: _dt.date, rec: Recorder, warnings: list[TraceWarning]) -> Any:
    variables: dict[str, Any] = {iid: facts.get(iid) for iid in d.inputs} if d.inputs else {}
    for dep in d.decisions:
        variables[dep] = values[dep]
    for name, read in d.output_reads.items():   # the trace shows the decision read
        variables[name] = _output_read(values[read.decision], read)
    variables[AS_OF] = as_of  # today() in the rules is the as-of date
    if d.service is not None:
        return _service_function(pack, d, d.service, as_of, rec, warnings)
    if d.is_function:
        return _function(pack, d, variables, _origins(d, facts, values), as_of, rec,
                         warnings)
    scope = Scope(variables)
    version, day = _version(d, scope, as_of)
    interpretations = _begin(rec, warnings, d, version,
                             d.version_by.text if d.version_by else None, day, facts, values)
    logic = version.logic
    if scope.warnings:  # from the version_by expression
        _feel_warnings(pack, rec, warnings, scope.warnings, d.id, None, interpretations)
        scope = Scope(variables)
    if isinstance(logic, LiteralExpression):
        return _literal(pack, d, version, logic, scope, rec, warnings, interpretations)
    return _table(pack, d, logic, scope, rec, warnings, interpretations)


def _begin(rec: Recorder, warnings: list[TraceWarning], d: Decision, version: Version,
           selected_by: str | None, day: _dt.date, facts: dict[str, Any],
           values: dict[str, Any]) -> list[dict[str, Any]]:
    """A decision's record begun: its version, what it read, a warning for each fact it
    needs that the case lacks; the interpretations so far (the version's)."""
    record = rec.begin(d, version, selected_by, day)
    if record is not None:    # (as rec.inputs_of and rec.warning would, without the calls)
        record.input_source = (d, facts, values)
    for iid in d.inputs:
        if iid not in facts:
            tw = _missing_input(d.id, iid)
            warnings.append(tw)
            if record is not None:
                record.warnings.append(tw)
    return _version_notes(version)


def _version_notes(version: Version) -> list[dict[str, Any]]:
    """A decision's interpretation notes to begin with: its version's."""
    if version.interpretation is None:
        return []
    return [{"from": "version", "rule": None, "text": version.interpretation.to_json()}]


def _origins(d: Decision, facts: dict[str, Any], values: dict[str, Any]
             ) -> list[tuple[str, Any, str]]:
    """What the trace shows of each value a decision reads: a fact (or a missing one) or
    another decision's result."""
    if not d.inputs and not d.decisions:
        return []   # (a function that reads only its arguments: made in every traced case)
    out = [(iid, facts.get(iid), "fact" if iid in facts else "missing") for iid in d.inputs]
    out.extend((dep, values[dep], "decision") for dep in d.decisions)
    return out


def _literal(pack: Pack, d: Decision, version: Version, logic: LiteralExpression,
             scope: Scope, rec: Recorder, warnings: list[TraceWarning],
             interpretations: list[dict[str, Any]]) -> Any:
    """A decision's literal expression: its value, and its record in the trace."""
    if version.tables:
        scope = scope.child(_inner_tables(pack, d, version, scope, warnings))
    output = logic.expression.evaluate_in(scope)
    if d.result_types:
        output = _conformed(d, output, scope.warnings)
    if scope.warnings:
        _feel_warnings(pack, rec, warnings, scope.warnings, d.id, None, interpretations)
    return _literal_result(rec, logic, output, interpretations)


def _literal_result(rec: Recorder, logic: LiteralExpression, output: Any,
                    interpretations: list[dict[str, Any]]) -> Any:
    """A literal expression's value, recorded with how it came about."""
    if not rec.enabled:
        return output
    found = _HOW.get(id(logic))
    if found is None or found[0] is not logic:
        short = " ".join(logic.text.split())
        if len(short) <= 80:
            how = Msg("run.how.expression", {"expression": short})
        else:  # long expressions are for `regel show`, not for the person reading it
            how = Msg("run.how.long-expression")
        if len(_HOW) > 4096:
            _HOW.clear()
        found = _HOW[id(logic)] = (logic, how)
    rec.result(output, [], [], found[1], False, interpretations)
    return output


#: id(expression) -> (expression, how the trace says its value came about)
_HOW: dict[int, tuple[LiteralExpression, Msg]] = {}


def _service_function(pack: Pack, d: Decision, service: Service, as_of: _dt.date,
                      rec: Recorder, warnings: list[TraceWarning]) -> FeelFunction:
    """The value of a DMN decision service: a function of its input decisions and input
    data that evaluates its output decisions with them: the single output's value, or
    a context of the outputs."""
    rec.begin(d, d.versions[0], None, as_of)

    def invoke(args: list[Any], named: dict[str, Any] | None) -> Any:
        given = _service_arguments(pack, d.id, bind_arguments(d.id, d.parameters, args,
                                                              named))
        values = service_outputs(pack, service, given, as_of, warnings)
        return _service_value(d.id, service, values)

    fn = FeelFunction(d.id, d.parameters, invoke)
    rec.result(fn, [], [], Msg("run.how.service", {"parameters": list(d.parameters),
                                                   "outputs": list(service.outputs)}),
               False, [])
    return fn


def _service_value(name: str, service: Service, values: dict[str, Any]) -> Any:
    """The value of a decision service from its outputs' values: the single output's,
    else a context of them; FeelNull when it is not of the type the service declares."""
    value = values[service.outputs[0]] if len(service.outputs) == 1 else values
    if value is not None and service.type not in (None, "any") and \
            type_name(value) != service.type:
        raise FeelNull("FEEL-BAD-ARGUMENTS", function=name, reason=Msg(
            "run.reason.service-result", {"type": service.type, "actual": type_name(value)}))
    return value


def _declared_type(pack: Pack, name: str) -> str | None:
    """The type an input or a decision declares (a decision's expression or single
    output), or None when it declares none."""
    if name in pack.inputs:
        return pack.inputs[name].type
    d = pack.decisions.get(name)
    if d is None or not d.versions:
        return None
    logic = d.versions[0].logic
    if isinstance(logic, LiteralExpression):
        return logic.type
    if len(logic.outputs) == 1 and logic.aggregation is None and logic.hit_policy in (
            "UNIQUE", "ANY", "PRIORITY", "FIRST"):
        return logic.outputs[0].type
    return None


def _service_arguments(pack: Pack, service: str, given: Mapping[str, Any]
                       ) -> dict[str, Any]:
    """A decision service's arguments as the types its inputs declare (a list of one
    item where the type is no list is that item); FeelNull (the call is null, as DMN
    says) when one is not of its type."""
    out = dict(given)
    for name, value in given.items():
        declared = _declared_type(pack, name)
        if isinstance(value, list) and len(value) == 1 and declared not in (
                None, "any", "list"):
            value = out[name] = value[0]
        if value is None or declared in (None, "any") or type_name(value) == declared:
            continue
        raise FeelNull("FEEL-BAD-ARGUMENTS", function=service, reason=Msg(
            "run.reason.service-argument", {"name": name, "type": declared,
                                            "actual": type_name(value)}))
    return out


def evaluate_service(pack: Pack, name: str, inputs: Mapping[str, Any],
                     as_of: _dt.date | None = None, *, limits: Limits | None = None
                     ) -> Evaluation:
    """Invoke the decision service ``name`` with ``inputs`` (its input data and input
    decisions by name; one not given is null): the values of its output decisions, by
    name, without a trace. Arguments not of their declared type make every output null
    with a warning, as a FEEL call that cannot be made."""
    d = pack.decisions.get(name)
    if d is None or d.service is None:
        services = [k for k, v in pack.decisions.items() if v.service is not None]
        raise EvaluationError.of("UNKNOWN-DECISION", at=name, key="UNKNOWN-DECISION/service",
                                 name=name, hint=hint(name, services))
    day = as_of or _dt.date.today()
    warnings: list[TraceWarning] = []
    given = {p: from_python(inputs[p], p) for p in d.parameters if p in inputs}
    with budget(limits or pack.limits or DEFAULT_LIMITS):
        try:
            given = _service_arguments(pack, name, given)
            values = service_outputs(pack, d.service, given, day, warnings)
            _service_value(name, d.service, values)
        except FeelNull as bad:
            warnings.append(TraceWarning(_warning(bad.code, **bad.values), name))
            return Evaluation({o: None for o in d.service.outputs}, None, day, warnings)
    return Evaluation(values, None, day, warnings)


def service_outputs(pack: Pack, service: Service, given: Mapping[str, Any],
                    as_of: _dt.date, warnings: list[TraceWarning]) -> dict[str, Any]:
    """The values of a decision service's output decisions, with the values ``given``
    for its input decisions and input data (FEEL values; a missing one is null). A
    decision of the service that could not be built is null, with its warning."""
    values: dict[str, Any] = {n: given.get(n) for n in service.input_decisions}
    facts = {n: given.get(n) for n in service.input_data}
    want: set[str] = set()
    stack = list(service.outputs)
    while stack:
        did = stack.pop()
        if did in want or did in service.input_decisions:
            continue
        want.add(did)
        stack.extend(pack.decisions[did].decisions if did in pack.decisions else ())
    for did in [x for x in (*pack.broken, *pack.decisions) if x in want]:
        if did in pack.broken:
            values[did] = None
            warnings.append(_fail_broken(pack, pack.broken[did], NULL_RECORDER, as_of))
            continue
        values[did] = _decision(pack, pack.decisions[did], facts, values, as_of,
                                NULL_RECORDER, warnings)
    return {o: values.get(o) for o in service.outputs}


def _output_read(value: Any, read: OutputRead) -> Any:
    """An output of a required decision's result, read by its name as Camunda reads it:
    the result of a table with one output, else that output of it (of each result, for
    a table that collects); a collecting table that matched no rule gives null."""
    if read.collects and value == []:
        return None
    if read.output is None:
        return value
    if isinstance(value, list):
        return [v.get(read.output) if isinstance(v, dict) else None for v in value]
    return value.get(read.output) if isinstance(value, dict) else None


def _version(d: Decision, scope: Scope, as_of: _dt.date) -> tuple[Version, _dt.date]:
    """The version of ``d`` in force on its version date (``version_by`` evaluated in
    ``scope``, else the as-of date), and that date; EvaluationError when there is none."""
    day = as_of
    if d.version_by is not None:
        chosen = d.version_by.evaluate_in(scope)
        if isinstance(chosen, _dt.datetime):
            chosen = chosen.date()
        if not isinstance(chosen, _dt.date):
            raise EvaluationError.of("VERSION-DATE", at=d.id, decision=d.id,
                                     expression=d.version_by.text,
                                     value=to_feel_literal(chosen))
        day = chosen
    version = d.version_for(day)
    if version is None:
        if d.version_by is not None:
            raise EvaluationError.of("VERSION-NONE", at=d.id, key="VERSION-NONE/by",
                                     decision=d.id, date=day.isoformat(),
                                     expression=d.version_by.text, coverage=d.coverage())
        raise EvaluationError.of("VERSION-NONE", at=d.id, key="VERSION-NONE/as-of",
                                 decision=d.id, date=day.isoformat(), coverage=d.coverage())
    return version, day


def _function(pack: Pack, d: Decision, variables: dict[str, Any],
              origins: list[tuple[str, Any, str]], as_of: _dt.date, rec: Recorder,
              warnings: list[TraceWarning], memo: Any = MISSING) -> FeelFunction:
    """The value of a decision with parameters (a DMN business knowledge model): a
    function that, when called, picks the version and runs its table or expression with
    the arguments in scope (_called). A traced evaluation records each call as a decision
    of its own inside the function's record (``DecisionTrace.calls``). (``memo``:
    _call_memo's, where the caller has found it.)"""
    # the record of each call: the function's record's calls (made now or when read)
    calls: list[DecisionTrace] | None = [] if rec.enabled else None
    if memo is MISSING:
        memo = _call_memo(pack, d, calls is not None)
    # (a partial, not a closure: made for every traced case of a function decision)
    fn = FeelFunction(d.id, d.parameters, partial(_invoked, pack, d, memo, variables, as_of,
                                                  calls, warnings))
    if calls is not None:
        _function_recorded(rec, d, as_of, origins, fn, calls)
    return fn


def _invoked(pack: Pack, d: Decision, memo: Any, variables: dict[str, Any],
             as_of: _dt.date, calls: list[DecisionTrace] | None,
             warnings: list[TraceWarning], args: list[Any],
             named: dict[str, Any] | None) -> Any:
    """A call of _function's function value."""
    b = active()
    b.enter(None)
    try:
        if memo is not None and named is None:
            return _remembered_call(pack, d, memo, variables, args, as_of, calls, warnings)
        return _called(pack, d, variables, as_of, calls, warnings, args, named)
    except LimitError as err:
        raise in_decision(err, d.id) from None
    finally:
        b.leave()


def _called(pack: Pack, d: Decision, variables: dict[str, Any], as_of: _dt.date,
            calls: list[DecisionTrace] | None, warnings: list[TraceWarning],
            args: list[Any], named: dict[str, Any] | None) -> Any:
    """One call of a decision with parameters (_function): its version chosen and its
    logic run with the arguments in scope; its record put in ``calls`` (traced)."""
    scope = Scope({**variables, **_arguments(d, args, named)})
    try:
        version, day = _version(d, scope, as_of)
    except EvaluationError as err:   # in FEEL, a call that cannot be made is null
        raise FeelNull("FEEL-BAD-ARGUMENTS", function=d.id,
                       reason=said(err.first)) from None
    # each call is a decision record of its own, kept in the function's record (so that
    # tests and coverage see the rules a call matched)
    call = Recorder() if calls is not None else NULL_RECORDER
    call.begin(d, version, d.version_by.text if d.version_by else None, day)
    for name in d.parameters:
        call.input(name, scope.lookup(name), "argument")
    interpretations: list[dict[str, Any]] = []
    if version.interpretation is not None:
        interpretations.append({"from": "version", "rule": None,
                                "text": version.interpretation.to_json()})
    if isinstance(version.logic, LiteralExpression):
        if version.tables:
            scope = scope.child(_inner_tables(pack, d, version, scope, warnings))
        value = _conformed(d, version.logic.expression.evaluate_in(scope), scope.warnings)
        _feel_warnings(pack, call, warnings, scope.warnings, d.id, None, interpretations)
        call.result(value, [], [], Msg("run.how.function-expression"), False,
                    interpretations)
    else:
        value = _table(pack, d, version.logic, scope, call, warnings, interpretations)
    if calls is not None and call.current is not None:
        calls.append(call.current)
    return value


def _function_recorded(rec: Recorder, d: Decision, as_of: _dt.date,
                       origins: list[tuple[str, Any, str]], fn: FeelFunction,
                       calls: list[DecisionTrace]) -> None:
    """A function decision's record in ``rec``: made at once in the reference mode (the
    reference records as it goes; the differential tests compare the two), else when
    the trace is read; its calls, in ``rec.function_records``, are filled meanwhile."""
    rec.function_records[d.id] = calls
    made = (d, as_of, origins, fn, calls)
    if TIERS.mode == "reference":
        rec.current = _function_record(*made)
        rec.decisions.append(rec.current)
    else:
        rec.later(_function_record, made)


def _function_record(d: Decision, as_of: _dt.date, origins: list[tuple[str, Any, str]],
                     fn: FeelFunction, calls: list[DecisionTrace]) -> DecisionTrace:
    """The record of a decision with parameters: what it read, its value (the function),
    and the record of each call made of it (``calls``, filled as the calls are made)."""
    rec = Recorder()
    record = rec.begin(d, d.version_for(as_of) or d.versions[-1], None, as_of)
    assert record is not None
    for name, value, origin in origins:
        rec.input(name, value, origin)
    rec.result(fn, [], [], Msg("run.how.function", {"parameters": list(d.parameters)}),
               False, [])
    record.calls = calls
    return record


def _call_memo(pack: Pack, d: Decision, traced: bool) -> dict[Any, Any] | None:
    """Where a function's calls are remembered from case to case (traced and untraced
    apart), when its calls give and record the same in every case of a version: it reads
    no fact (regel.run.compiled.is_pure) and calls no other function (whose calls would be
    recorded in that function's own record). None in the reference mode."""
    if TIERS.mode == "reference":
        return None
    fast = pack.compiled
    key = ("calls", d.id, traced)
    memo = fast.get(key)
    if memo is None:
        own = _pure(pack, fast, d.id, True) and not any(
            pack.decisions[x].is_function for x in _requirements(pack, [d.id]) if x != d.id)
        memo = fast[key] = {} if own else False
    return memo if isinstance(memo, dict) else None


def _remembered_call(pack: Pack, d: Decision, memo: dict[Any, Any],
                     variables: dict[str, Any], args: list[Any], as_of: _dt.date,
                     calls: list[Any] | None, warnings: list[TraceWarning]) -> Any:
    """A call of a function that reads no fact (see _call_memo): remembered by its plain
    arguments and the versions in force, with its record and the steps it cost, which a
    remembered call spends again (short of the limit: else it runs, to stop where the
    reference stops); its record goes into ``calls`` as ``(record, day)``, dated when the
    trace is read (dated_calls). A call that warns is not remembered."""
    key = _call_key(pack, d.id, args, as_of)
    if key is None:
        return _called(pack, d, variables, as_of, calls, warnings, args, None)
    b = active()
    found = memo.get(key)
    if found is not None and b.steps + found[2] <= b.limits.steps:
        b.steps += found[2]
        if calls is not None:
            calls.append((found[1], as_of))   # dated when read (dated_calls)
        return found[0]
    steps, said_before, made = b.steps, len(warnings), len(calls) if calls is not None else 0
    value = _called(pack, d, variables, as_of, calls, warnings, args, None)
    if len(warnings) == said_before and value.__class__ in PLAIN_VALUES \
            and len(memo) < MEMO_SIZE and (calls is None or len(calls) > made):
        memo[key] = (value, calls[-1] if calls is not None else None, b.steps - steps)
    return value


def _call_key(pack: Pack, did: str, args: list[Any], day: _dt.date) -> tuple[Any, ...] | None:
    """What a remembered call of ``did`` is found by: the versions in force and the plain
    arguments, with a number's written form too (2.0 and 2 are equal, but a record shows
    what it got: regel.run.compiled.args_key); None for a call that is not remembered."""
    ids = _period(pack, pack.compiled, did, day)
    return None if ids is None else args_key(args, ids)


def _remembering(pack: Pack, d: Decision, fn: FeelFunction, rec: Recorder,
                 warnings: list[TraceWarning], day: _dt.date) -> FeelFunction:
    """A traced case's function value of a decision that reads no fact (``index_factor``),
    remembering its calls from case to case as _remembered_call does, when what it calls
    are functions too (``index_basis``): a remembered call appends again, dated for this
    case, the records its calls made in those functions' records of this case. It is run
    again when replaying could not give what running gives: past the steps or depth left,
    or when the call warned."""
    plan = _remembering_plan(pack, d)
    if TIERS.mode == "reference" or not plan[0]:
        return fn
    return _remembered_in(pack, d, plan, fn, rec, warnings, day)


#: _remembering's plan: the functions a decision's function calls, the memo of its calls
#: and the versions in force on each day (_period's, by day)
_Plan = tuple[list[str], dict[Any, Any], dict[_dt.date, Any]]


def _remembering_plan(pack: Pack, d: Decision) -> _Plan:
    """The functions ``d``'s function calls (none where it is not pure), the memo of its
    calls and a place for the versions in force by day: found once, kept in
    ``pack.compiled``."""
    plan: _Plan | None = pack.compiled.get(("nested calls", d.id))
    if plan is None:
        plan = pack.compiled["nested calls", d.id] = ([
            x for x in _needed(pack, [d.id]) if x != d.id and pack.decisions[x].is_function
        ] if _pure(pack, pack.compiled, d.id, True) else [], {}, {})
    return plan


def _remembered_in(pack: Pack, d: Decision, plan: _Plan, fn: FeelFunction, rec: Recorder,
                   warnings: list[TraceWarning], day: _dt.date) -> FeelFunction:
    """_remembering's function for this case (``plan``: _remembering_plan's): a partial
    of _remembered_traced, not a closure (made for every traced case), with the versions
    in force on ``day`` found now; ``fn`` itself where they are not known (then a call
    is not remembered)."""
    callees, memo, days = plan
    records: list[Any] = list(map(rec.function_records.get, callees))
    if None in records:
        return fn
    ids = days.get(day, MISSING)
    if ids is MISSING:
        ids = _period(pack, pack.compiled, d.id, day)
        if len(days) < MEMO_SIZE:
            days[day] = ids
    if ids is None:
        return fn
    return FeelFunction(fn.name, fn.params, partial(
        _remembered_traced, memo, ids, fn.invoke, records, warnings, day))


def _remembered_traced(memo: dict[Any, Any], ids: tuple[int, ...], invoke: Any,
                       records: list[list[Any]], warnings: list[TraceWarning],
                       day: _dt.date, args: list[Any], named: dict[str, Any] | None) -> Any:
    """A call of _remembered_in's function (``ids``: the versions in force on ``day``)."""
    key = args_key(args, ids) if named is None else None
    if key is None:
        return invoke(args, named)
    b = active()
    found = memo.get(key)
    if found is not None:
        value, spent, deeper, calls = found
        if b.steps + spent <= b.limits.steps and b.depth + deeper <= b.limits.depth:
            b.steps += spent
            for k, call in calls:
                records[k].append((call, day))   # dated when read (dated_calls)
            return value
    steps, depth, peak, said = b.steps, b.depth, b.peak, len(warnings)
    lengths = [len(r) for r in records]
    b.peak = depth
    try:
        value = invoke(args, named)
    finally:
        deepest, b.peak = b.peak, max(peak, b.peak)
    if len(warnings) == said and value.__class__ in PLAIN_VALUES and len(memo) < MEMO_SIZE:
        memo[key] = (value, b.steps - steps, deepest - depth, [
            (k, call[0] if call.__class__ is tuple else call)
            for k, r in enumerate(records)
            for call in r[lengths[k]:]])
    return value


def _lazy_function(pack: Pack, d: Decision, entry: tuple[Any, ...]) -> Any:
    """A traced question's way to the value of a decision that reads no fact and gives a
    function calling functions (``index_factor``), where its traced function (``entry``)
    defined it without a step or a warning: ``(lazy, fill)``, or None where it cannot
    be (a table, a version chosen by a date of its own, nothing it calls). Once ``fill``
    has seen a case of a period define it so, ``lazy(facts, values, day, recorder,
    warnings)`` gives what that function would give (index, day, the function, None,
    its scope's warnings) without running it: the function that _remembered_in makes,
    its calls remembered, which defines the case's own function (_lazy_invoke) only for
    a call it does not remember. None: the function runs as before."""
    if d.version_by is not None or d.inputs or \
            any(isinstance(v.logic, DecisionTable) for v in d.versions):
        return None
    callees, memo, _days = _remembering_plan(pack, d)
    if not callees:
        return None
    maker, deps = entry[0], tuple(d.decisions)
    # the values its definition reads, picked out of the case's (a function that held
    # the case's values, which come to hold it, would be a cycle the collector frees)
    pick = itemgetter(*deps) if len(deps) > 1 else lambda v: (v[deps[0]],)
    kept: dict[int, Any] = {}   # by period: (version index, name, parameters, ids) or None
    edges: list[Any] = []       # the chain's dates on which a version begins or ends

    def lazy(facts: dict[str, Any], values: dict[str, Any], day: _dt.date, rec: Recorder,
             warnings: list[TraceWarning]) -> Any:
        hit = kept.get(bisect_right(edges, day)) if edges else None
        if hit is None:
            return None
        records: list[Any] = list(map(rec.function_records.get, callees))
        if None in records:
            return None
        said: list[FeelWarning] = []
        return (hit[0], day, FeelFunction(hit[1], hit[2], partial(
            _remembered_traced, memo, hit[3],
            partial(_lazy_invoke, maker, deps, pick(values), day, said), records, warnings,
            day)), None, said)

    def fill(day: _dt.date, r: tuple[Any, ...], steps: int) -> None:
        ids = _period(pack, pack.compiled, d.id, day)   # (the chain found: its edges)
        edges[:] = pack.compiled[("chain", d.id)][1]
        period = bisect_right(edges, day)
        if period in kept or len(kept) >= 256:
            return
        fn = r[2]
        kept[period] = (r[0], fn.name, fn.params, ids) if ids is not None and not steps \
            and r[1] == day and r[3] is None and not r[4] and \
            fn.__class__ is FeelFunction else None

    return lazy, fill


def _lazy_invoke(maker: Any, deps: tuple[str, ...], got: tuple[Any, ...], day: _dt.date,
                 said: list[FeelWarning], args: list[Any], named: dict[str, Any] | None
                 ) -> Any:
    """A call _lazy_function's function does not remember: the case's own function,
    defined now as its traced function defines it, of the values ``got`` of the
    decisions ``deps`` it reads (no fact; no step, no warning: _lazy_function's ``fill``
    saw to that; its calls warn into ``said``, the scope its record keeps), called."""
    read = dict(zip(deps, got, strict=True))
    found = maker(_NO_FACTS, read, day, Scope({}, None, said), active(), True)
    return found[2].invoke(args, named)


def _rememberer(pack: Pack, d: Decision) -> Any:
    """A traced question's way to _remembering's function for ``d`` (its plan found at
    the first case, not at every one): ``remembering(fn, recorder, warnings, day)``, or
    MISSING where making it failed (as _traced_found gives up then)."""
    plan: list[_Plan] = []

    def remembering(fn: FeelFunction, rec: Recorder, warnings: list[TraceWarning],
                    day: _dt.date) -> Any:
        try:
            if not plan:
                plan.append(_remembering_plan(pack, d))
            if not plan[0][0]:
                return fn
            return _remembered_in(pack, d, plan[0], fn, rec, warnings, day)
        except (Slow, RegelError, FeelNull, RecursionError):
            return MISSING

    return remembering


def _inner_tables(pack: Pack, d: Decision, version: Version, scope: Scope,
                  warnings: list[TraceWarning]) -> dict[str, FeelFunction]:
    """The tables inside a DMN boxed expression as the functions its text calls: each
    runs with the decision's scope and its arguments (the names in scope where it is
    written)."""
    out: dict[str, FeelFunction] = {}
    for name, (params, table) in version.tables.items():
        def invoke(args: list[Any], named: dict[str, Any] | None, name: str = name,
                   params: tuple[str, ...] = params, table: DecisionTable = table) -> Any:
            cells = scope.child(bind_arguments(name, params, args, named))
            return _table(pack, d, table, cells, NULL_RECORDER, warnings, [])
        out[name] = FeelFunction(name, params, invoke)
    return out


def _table(pack: Pack, d: Decision, table: DecisionTable, scope: Scope, rec: Recorder,
           warnings: list[TraceWarning], interpretations: list[dict[str, Any]]) -> Any:
    cells = scope.child(table.constants) if table.constants else scope
    inputs = [c.expression.evaluate_in(cells) for c in table.inputs]
    reported = len(cells.warnings)
    if reported:
        _feel_warnings(pack, rec, warnings, cells.warnings[:reported], d.id, None,
                       interpretations)
    if rec.enabled:
        rec.columns(table.inputs, inputs)
    matched_bits = indexed_bits(table, inputs)
    if matched_bits is not None:
        mark = [reported]

        def report(rule_id: str) -> None:  # warnings from a matched rule's outputs
            if len(cells.warnings) > mark[0]:
                _feel_warnings(pack, rec, warnings, cells.warnings[mark[0]:], d.id, rule_id,
                               interpretations)
                mark[0] = len(cells.warnings)

        return _finish(pack, d, table, rec, warnings, interpretations,
                       _indexed_matches(table, inputs, matched_bits, cells, rec, report))
    columns = [cells.child({INPUT: v}) for v in inputs]
    matches: list[Any] = []
    traced = rec.enabled
    for rule in table.rules:
        failed = -1
        for i, test in rule.checks:
            if test(inputs[i], columns[i]) is not True:
                failed = i
                break
        if failed < 0:
            if traced:
                rec.rule(rule, -1)
            matches.append((rule, rule_outputs(table, rule, cells, matches)))
        elif traced:
            rec.rule(rule, failed)
        if len(cells.warnings) > reported:  # from this rule's cells or outputs
            _feel_warnings(pack, rec, warnings, cells.warnings[reported:], d.id, rule.id,
                           interpretations)
            reported = len(cells.warnings)
    return _finish(pack, d, table, rec, warnings, interpretations, matches)


def _indexed_matches(table: DecisionTable, inputs: list[Any], bits: int, cells: Scope,
                     rec: Recorder, report: Any) -> list[Any]:
    """Matches from the index: every testing column is indexed, so a rule whose bit is set
    passes all its cells. The trace gets the inputs and the bits; for each other rule, the
    first column (in column order, as a scan would find it) whose index excludes it is
    looked up when someone reads it."""
    matches: list[Any] = []
    if rec.enabled:
        rec.index_lookups(table, inputs, bits)
    while bits:
        low = bits & -bits
        rule = table.rules[low.bit_length() - 1]
        matches.append((rule, rule_outputs(table, rule, cells, matches)))
        report(rule.id)
        bits ^= low
    return matches


def _finish(pack: Pack, d: Decision, table: DecisionTable, rec: Recorder,
            warnings: list[TraceWarning], interpretations: list[dict[str, Any]],
            matches: list[Any], memo: dict[Any, Any] | None = None) -> Any:
    """The hit policy over the matches, and what the trace records of it. ``memo`` (a
    traced table's generated path): what that comes to, kept by the matches (see
    _outcome), when their outputs are plain and they are few."""
    if memo is None or d.result_types or len(matches) > _KEPT_MATCHES:
        memo = None
    single = matches and table.hit_policy in _SINGLE
    key = None if memo is None else _single_key(table, matches) if single \
        else _outcome_key(matches)
    found = None if memo is None or key is None else memo.get(key)
    if found is None:
        found = _outcome(pack, d, table, matches)
        if memo is not None and key is not None and len(memo) < MEMO_SIZE:
            memo[key] = found
    value, matched, decided_by, how, used_default, notes, said = found
    if single and key is not None:   # kept by its rules alone: the value is this case's
        value = compose(table, matches[0][1])
    if notes:
        interpretations.extend(notes)
    for tw in said:
        warnings.append(tw)
        rec.warning(tw)
    if d.result_types:   # a DMN model's declared type
        conformed: list[FeelWarning] = []
        value = _conformed(d, value, conformed)
        for w in conformed:
            _warn(rec, warnings, w, d.id, None)
    elif key is not None and not single and (value.__class__ is dict or
                                             value.__class__ is list):
        value = copied(value)   # the one kept is shared by the cases it came out of
    if rec.enabled:   # (as rec.result would, without the call: every traced table's path)
        c = rec.current
        assert c is not None
        c.output, c.matched, c.decided_by = value, matched, decided_by
        c.how, c.used_default, c.interpretations = how, used_default, interpretations
    return value


#: the most matches whose outcome a traced table keeps (many overlapping rules: each
#: outcome kept would hold a list of them all, up to MEMO_SIZE outcomes per table)
_KEPT_MATCHES = 32


def _outcome(pack: Pack, d: Decision, table: DecisionTable, matches: list[Any]
             ) -> tuple[Any, ...]:
    """What the hit policy makes of the matches: the value, the ids of the rules that
    matched and of those that decided, how (a message), whether the default was used,
    the interpretation notes of the rules that decided, and the warnings of outputs
    that are not allowed (an error, such as two UNIQUE hits, names ``d``)."""
    try:
        hit = resolve(table, matches)
    except EvaluationError as err:
        err.source = d.id  # name the decision whose table failed
        raise
    interpreted, constrained = _table_facts(table)
    notes: list[dict[str, Any]] = []
    if interpreted:
        decided = set(hit.decided_by)
        for rule, _ in matches:
            if rule.id in decided and rule.interpretation is not None:
                notes.append({"from": "rule", "rule": rule.id,
                              "text": rule.interpretation.to_json()})
    said: list[TraceWarning] = []
    if constrained:
        _check_allowed(pack, NULL_RECORDER, said, table, matches, d.id)
    return (hit.value, [r.id for r, _ in matches], list(hit.decided_by), hit.message,
            hit.used_default, notes, said)


#: the hit policies whose outcome, given matches, is the first match's outputs composed
#: (the value) and what the rules alone say (UNIQUE: two matches are an error)
_SINGLE = frozenset({"FIRST", "UNIQUE"})


def _single_key(table: DecisionTable, matches: list[Any]) -> tuple[Any, ...] | None:
    """What a FIRST or UNIQUE table's outcome (_outcome) is kept by: the matches' rules,
    and the outputs of the first match that only some values are allowed for (whether
    one is not allowed, and how the warning shows it, depends on it); None when such an
    output is not a plain value. The value itself is composed for each case (_finish)."""
    key: list[Any] = [rule.index for rule, _ in matches]
    constrained = _table_facts(table)[1]
    if constrained and not _written(key, matches[0][1], constrained):
        return None
    return tuple(key)


def _outcome_key(matches: list[Any]) -> tuple[Any, ...] | None:
    """What a table's outcome (_outcome) is kept by, among its decision's version's: each
    match's rule and its outputs (_written); None when an output is not a plain value."""
    key: list[Any] = []
    for rule, outs in matches:
        key.append(rule.index)
        if not _written(key, outs, range(len(outs))):
            return None
    return tuple(key)


def _written(key: list[Any], values: list[Any], positions: Iterable[int]) -> bool:
    """The values at ``positions`` put on ``key``, each with its class and a number in its
    written form (2.0 is not shown as 2, nor True as 1); False when one is not a plain
    value."""
    for i in positions:
        v = values[i]
        c = v.__class__
        if c not in PLAIN_VALUES:
            return False
        key.append(c)
        key.append(str(v) if c is Decimal else v)
    return True


def _conformed(d: Decision, value: Any, found: list[FeelWarning]) -> Any:
    """A decision's result conformed to the types its DMN model declares for it (DMN
    1.5, 10.3.2.9.4): a result that does not conform is null, with a warning in
    ``found``."""
    for t in d.result_types:
        conformed, ok = conform(value, t)
        if not ok:
            found.append(_warning("RESULT-NOT-CONFORMING", decision=d.id,
                                  value=to_feel_literal(value), type=str(t)))
            return None
        value = conformed
    return value


def _arguments(d: Decision, args: list[Any], named: dict[str, Any] | None
               ) -> dict[str, Any]:
    """A function decision's arguments bound to its parameters and conformed to their
    declared types: FeelNull (the call is null) for one that does not conform."""
    bound = bind_arguments(d.id, d.parameters, args, named)
    return conform_arguments(d.id, bound, zip(d.parameters, d.parameter_types, strict=False))


def _table_facts(table: DecisionTable) -> tuple[bool, tuple[int, ...]]:
    """Whether any rule of the table carries an interpretation, and the positions of the
    outputs that allow only some values (found once per table)."""
    found = _TABLE_FACTS.get(id(table))
    if found is None or found[0] is not table:
        found = (table, any(r.interpretation is not None for r in table.rules),
                 tuple(i for i, o in enumerate(table.outputs)
                       if o.allowed_values is not None or o.allowed is not None))
        if len(_TABLE_FACTS) > 4096:
            _TABLE_FACTS.clear()
        _TABLE_FACTS[id(table)] = found
    return found[1], found[2]


#: id(table) -> (table, has interpretations, the positions of outputs allowing only some)
_TABLE_FACTS: dict[int, tuple[DecisionTable, bool, tuple[int, ...]]] = {}


def _check_allowed(pack: Pack, rec: Recorder, warnings: list[TraceWarning],
                   table: DecisionTable, matches: list[Any], did: str) -> None:
    for rule, outs in matches:
        for o, v in zip(table.outputs, outs, strict=True):
            if o.allowed_values is not None and v is not None and v not in o.allowed_values:
                _warn(rec, warnings, _warning("OUTPUT-NOT-ALLOWED", rule=rule.id,
                                              value=to_feel_literal(v), output=o.name),
                      did, rule.id)
            elif o.allowed is not None and v is not None and \
                    o.allowed.test_in(v, Scope({INPUT: v})) is not True:
                _warn(rec, warnings, _warning("OUTPUT-NOT-ALLOWED", key="OUTPUT-NOT-ALLOWED/range",
                                              rule=rule.id, value=to_feel_literal(v),
                                              output=o.name, allowed=o.allowed.text),
                      did, rule.id)


def _feel_warnings(pack: Pack, rec: Recorder, warnings: list[TraceWarning],
                   found: Sequence[FeelWarning | RuleWarning], did: str, rule: str | None,
                   interpretations: list[dict[str, Any]]) -> None:
    """The FEEL warnings ``found`` reported as ``did``'s, each of ``rule`` (a RuleWarning:
    of its own rule), with the date policy's interpretation note (or its error)."""
    for x in found:
        w, of = (x.warning, x.rule) if isinstance(x, RuleWarning) else (x, rule)
        if w.code == "FEEL-DAY-CLAMPED" and pack.date_policy == "forbid":
            raise EvaluationError.of("DATE-POLICY", at=did, warning=said(w))
        if w.code == "FEEL-DAY-CLAMPED" and pack.date_policy == "clamp":
            interpretations.append({"from": "date_policy", "rule": of, "text": InWords(Msg(
                "run.date-policy-accepted", {"warning": said(w)}))})
        _warn(rec, warnings, w, did, of)


def _warning(code: str, key: str | None = None, **values: Any) -> Diagnostic:
    """A warning of the run stage (its text is in regel.base.messages.run)."""
    return Diagnostic.of(code, severity="warning", key=key, **values)


@lru_cache(maxsize=4096)
def _missing_input(did: str, iid: str) -> TraceWarning:
    """The warning of decision ``did`` that the case lacks ``iid`` (frozen: made once)."""
    return TraceWarning(_input_missing(iid), did, None)


@lru_cache(maxsize=4096)
def _input_missing(iid: str) -> Diagnostic:
    """The warning that the case lacks the fact ``iid`` (made once: it is frozen)."""
    return _warning("INPUT-MISSING", name=iid)


def _warn(rec: Recorder, warnings: list[TraceWarning], warning: Diagnostic, did: str,
          rule: str | None) -> None:
    tw = TraceWarning(warning, did, rule)
    warnings.append(tw)
    rec.warning(tw)
