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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from regel.base.errors import CaseError, Diagnostic, EvaluationError
from regel.base.messages import Msg, language, render
from regel.base.version import __version__
from regel.base.words import did_you_mean, said
from regel.feel.jsonio import plain
from regel.load import bundled_packs, load_pack
from regel.model import Pack
from regel.run.evaluate import evaluate
from regel.tools.tracecheck import (
    MISSING,
    ReplayError,
    check_trace,
    exact,
    iso_date,
    load_trace,
    period,
    read_trace,
    same,
    shown,
    version_of,
)

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


# --------------------------------------------------------------------------- facts



def _dates_inside(value: Any) -> Any:
    """``value`` with every string that is exactly an ISO date turned into a date."""
    if isinstance(value, str):
        day = iso_date(value)
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


def replay_facts(pack: Pack, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The recorded facts ready for ``pack.evaluate``: exact numbers, and ISO-date strings
    inside list and context facts as dates (see docs/replay.md)."""
    facts: dict[str, Any] = {}
    for name, value in inputs.items():
        value = exact(value)
        spec = pack.inputs.get(str(name))
        if spec is not None and _holds_mappings(spec):
            value = _dates_inside(value)
        facts[str(name)] = value
    return facts


# --------------------------------------------------------------------------- comparing




def _leaves(a: Any, b: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """The places where two JSON values differ: (path, recorded, now)."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        for k in list(a) + [k for k in b if k not in a]:
            sub = f"{path}.{k}" if path else str(k)
            yield from _leaves(a.get(k, MISSING), b.get(k, MISSING), sub)
        return
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True), 1):
            yield from _leaves(x, y, f"{path}[{i}]")
        return
    if a is MISSING or b is MISSING or not same(a, b):
        yield path, a, b


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
                                                "recorded": period(diff.recorded),
                                                "now": period(diff.now)})]
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
                                               "recorded": shown(diff.recorded),
                                               "now": shown(diff.now)})]
    lines = [render("replay.output_parts", lang, {"decision": diff.decision})]
    for path, a, b in parts[:_MAX_DETAILS]:
        lines.append("  " + render("replay.output_part", lang, {
            "path": path or Msg("replay.whole_value"), "recorded": shown(a), "now": shown(b)}))
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
    known = set(pack.decisions) | set(pack.broken)   # broken: a DMN decision that fails
    present = [did for did in report.asked if did in known]
    gone = [did for did in report.asked if did not in known]
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
    as_of = iso_date(trace["as_of"])
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
                "decision": did, "recorded": shown(plain(recorded[did])),
                "now": shown(now[did])}), did, plain(recorded[did]), now[did])
            for did in asked if not same(recorded[did], now[did])]


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
        if did not in asked and "output" in rec and not same(rec["output"], new["output"]):
            diffs.append(Difference("output", Msg("replay.output", {
                "decision": did, "recorded": shown(exact(rec["output"])),
                "now": shown(new["output"])}), did, exact(rec["output"]), new["output"]))
        diffs += _record_differences(rec, new)
    return diffs


def _record_differences(rec: Mapping[str, Any], new: Mapping[str, Any]) -> list[Difference]:
    """The version, what chose it, and the deciding rules of one decision, then and now."""
    did = rec["id"]
    diffs: list[Difference] = []
    old_v, new_v = version_of(rec), version_of(new)
    if not same(old_v, new_v):
        diffs.append(Difference("version", Msg("replay.version", {
            "decision": did, "recorded": period(old_v), "now": period(new_v)}),
            did, old_v, new_v))
    old_sel, new_sel = _selection(rec), _selection(new)
    if old_sel is not None and not same(old_sel, new_sel):
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


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)
